//! The dataset: a [`Table`] per record kind and the [`Lookup`]s over one [`Interner`], and
//! [`Dataset::check`], which stored data must pass before it is used.

use super::{
    Campaign, Customer, Day, Deal, Import, Interner, Kind, Order, Response, Sym, Symbols, Ticket,
    Timestamp,
};
use serde::{Deserialize, Serialize};

/// A lookup file: attributes of the values of one column of a record kind (an accounts
/// file for the deals' accounts: sector, office; a products file for the products: series,
/// list price; a sales-teams file for the owners: manager, regional office). It adds
/// dimensions to those records and is never records of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lookup {
    /// The records it describes.
    pub kind: Kind,
    /// The column of theirs it is keyed by: a field's name (`customer_name`, `owner`,
    /// `product`) or an extra column's header.
    pub key: Sym,
    /// The file it came from.
    pub file: Sym,
    /// One row per key value (`rows`), the attributes as the table's extra columns.
    pub table: Table<Sym>,
}

/// Records of one kind plus the extra columns their files carried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table<T> {
    /// The records; row `i`'s extra values are the `i`-th run of `extra_values`.
    pub rows: Vec<T>,
    /// Names of the extra (unmapped) columns, in first-seen order.
    pub extra_columns: Vec<Sym>,
    /// Extra values, row-major: row `i`'s value for column `j` is
    /// `extra_values[i * extra_columns.len() + j]` (`Sym::EMPTY` when absent).
    pub extra_values: Vec<Sym>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            rows: Vec::new(),
            extra_columns: Vec::new(),
            extra_values: Vec::new(),
        }
    }
}

impl<T> Table<T> {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The extra values of row `i`, paired with their column names; empty values skipped.
    pub fn extras(&self, i: usize) -> impl Iterator<Item = (Sym, Sym)> + '_ {
        let n = self.extra_columns.len();
        self.extra_columns
            .iter()
            .zip(&self.extra_values[i * n..(i + 1) * n])
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, *v))
    }
}

/// Everything the user has imported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Every text value of every record.
    pub strings: Interner,
    /// Customers (including placeholders for ids that only other files name).
    pub customers: Table<Customer>,
    /// Order lines: an order of several products is several rows with one id.
    pub orders: Table<Order>,
    /// Deals, open and closed.
    pub deals: Table<Deal>,
    /// Support tickets, open and resolved.
    pub tickets: Table<Ticket>,
    /// Marketing campaigns, one row each with its cost and counts.
    pub campaigns: Table<Campaign>,
    /// Campaign contacts and their outcomes.
    pub responses: Table<Response>,
    /// Lookup files: attributes of the values of a column of one kind.
    pub lookups: Vec<Lookup>,
    /// The imports that made it, oldest first, with what each changed.
    pub history: Vec<Import>,
}

impl Dataset {
    /// True when nothing has been imported yet.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
            && self.orders.is_empty()
            && self.deals.is_empty()
            && self.tickets.is_empty()
            && self.campaigns.is_empty()
            && self.responses.is_empty()
            && self.lookups.is_empty()
    }

    /// Number of records of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Customers => self.customers.len(),
            Kind::Orders => self.orders.len(),
            Kind::Deals => self.deals.len(),
            Kind::Tickets => self.tickets.len(),
            Kind::Campaigns => self.campaigns.len(),
            Kind::Responses => self.responses.len(),
        }
    }

    /// The earliest and the latest date the records of each kind mention, in the order
    /// orders (their dates), deals (created and closed), tickets (any of their times),
    /// campaigns (start), contacts (their date), customers (signup and churn); `None` for a
    /// kind without dates. One pass over each kind's records.
    pub fn spans_by_kind(&self) -> [Option<(Day, Day)>; 6] {
        let r = |t: &Option<Timestamp>| t.map(Timestamp::day);
        [
            span(self.orders.rows.iter().map(|o| o.date)),
            span(
                (self.deals.rows.iter())
                    .flat_map(|d| [d.created, d.closed])
                    .flatten(),
            ),
            span(
                (self.tickets.rows.iter())
                    .flat_map(|t| [r(&t.opened), r(&t.first_response), r(&t.resolved)])
                    .flatten(),
            ),
            span(self.campaigns.rows.iter().filter_map(|c| c.start)),
            span(self.responses.rows.iter().filter_map(|r| r.date)),
            span(
                (self.customers.rows.iter())
                    .flat_map(|c| [c.signup, c.churn_date])
                    .flatten(),
            ),
        ]
    }

    /// The latest date any record mentions (see [`Dataset::spans_by_kind`]; a campaign's
    /// planned end is not activity): the natural "as of" date of an export. `None` when
    /// nothing is dated.
    pub fn latest_day(&self) -> Option<Day> {
        self.date_span().map(|(_, last)| last)
    }

    /// The earliest and the latest date any record mentions.
    pub fn date_span(&self) -> Option<(Day, Day)> {
        spanning(self.spans_by_kind())
    }

    /// The text of a symbol.
    pub fn str(&self, sym: Sym) -> &str {
        self.strings.get(sym)
    }
}

/// Why a dataset fails [`Dataset::check`]: what is wrong, and in which kind's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckError {
    /// A record, extra column or extra value names a text the interner does not have.
    UnknownText {
        /// The table's kind (a lookup's: the kind it describes).
        kind: Kind,
        /// The missing text's symbol.
        sym: Sym,
    },
    /// The extra values are not one per record and extra column.
    ExtraValues {
        /// The table's kind (a lookup's: the kind it describes).
        kind: Kind,
    },
    /// A lookup's key or file name is a text the interner does not have.
    LookupName {
        /// The kind the lookup describes.
        kind: Kind,
    },
    /// A line of the import history lists a row the table does not have.
    HistoryRows {
        /// The kind of the rows.
        kind: Kind,
    },
    /// A date or time lies outside the years 0–9999 ([`Day::MIN`]–[`Day::MAX`]).
    DateOutOfRange {
        /// The kind of the record.
        kind: Kind,
    },
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            CheckError::UnknownText { kind, sym } => {
                write!(f, "{}: text #{} does not exist", kind.as_str(), sym.0)
            }
            CheckError::ExtraValues { kind } => {
                write!(f, "{}: extra values do not fit the table", kind.as_str())
            }
            CheckError::LookupName { kind } => {
                write!(f, "{}: a lookup's name does not exist", kind.as_str())
            }
            CheckError::HistoryRows { kind } => {
                write!(
                    f,
                    "{}: the import history lists a missing row",
                    kind.as_str()
                )
            }
            CheckError::DateOutOfRange { kind } => {
                write!(f, "{}: a date lies outside the years 0–9999", kind.as_str())
            }
        }
    }
}

impl std::error::Error for CheckError {}

impl<T: Symbols> Table<T> {
    fn check(&self, kind: Kind, strings: usize) -> Result<(), CheckError> {
        let mut bad = None;
        let mut visit = |s: Sym| {
            if s.0 as usize >= strings {
                bad = Some(s);
            }
        };
        for row in &self.rows {
            row.symbols(&mut visit);
        }
        self.extra_columns
            .iter()
            .chain(&self.extra_values)
            .for_each(|s| visit(*s));
        if let Some(s) = bad {
            return Err(CheckError::UnknownText { kind, sym: s });
        }
        if Some(self.extra_values.len()) != self.rows.len().checked_mul(self.extra_columns.len()) {
            return Err(CheckError::ExtraValues { kind });
        }
        Ok(())
    }
}

impl Dataset {
    /// Checks that every symbol exists, every date lies between [`Day::MIN`] and
    /// [`Day::MAX`] and every table is well-formed, so that nothing can panic later on data
    /// that came from storage.
    pub fn check(&self) -> Result<(), CheckError> {
        let n = self.strings.len();
        self.customers.check(Kind::Customers, n)?;
        self.orders.check(Kind::Orders, n)?;
        self.deals.check(Kind::Deals, n)?;
        self.tickets.check(Kind::Tickets, n)?;
        self.campaigns.check(Kind::Campaigns, n)?;
        self.responses.check(Kind::Responses, n)?;
        for l in &self.lookups {
            l.table.check(l.kind, n)?;
            if [l.key, l.file].iter().any(|s| s.0 as usize >= n) {
                return Err(CheckError::LookupName { kind: l.kind });
            }
        }
        for line in self.history.iter().flat_map(|i| &i.lines) {
            let kind = line.change.kind();
            if line.rows.end() > self.count(kind) {
                return Err(CheckError::HistoryRows { kind });
            }
        }
        self.check_dates()
    }

    /// Every date and time lies between [`Day::MIN`] and [`Day::MAX`].
    fn check_dates(&self) -> Result<(), CheckError> {
        let day_ok = |d: &Day| (Day::MIN..=Day::MAX).contains(d);
        let bad = |kind: Kind| Err(CheckError::DateOutOfRange { kind });
        let customers = self.customers.rows.iter();
        if !customers
            .flat_map(|c| [c.birth_date, c.signup, c.churn_date])
            .flatten()
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Customers);
        }
        if !self.orders.rows.iter().all(|o| day_ok(&o.date)) {
            return bad(Kind::Orders);
        }
        let deals = self.deals.rows.iter();
        if !deals
            .flat_map(|d| [d.created, d.expected_close, d.closed])
            .flatten()
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Deals);
        }
        let tickets = self.tickets.rows.iter();
        if !tickets
            .flat_map(|t| [t.opened, t.first_response, t.resolved])
            .flatten()
            .all(Timestamp::in_range)
        {
            return bad(Kind::Tickets);
        }
        let campaigns = self.campaigns.rows.iter();
        if !campaigns
            .flat_map(|c| [c.start, c.end])
            .flatten()
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Campaigns);
        }
        if !self
            .responses
            .rows
            .iter()
            .filter_map(|r| r.date)
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Responses);
        }
        Ok(())
    }
}

/// The earliest and the latest of `days`.
fn span(days: impl Iterator<Item = Day>) -> Option<(Day, Day)> {
    spanning(days.map(|d| Some((d, d))))
}

/// The span covering every one of `spans` (`None`: none has a date).
pub fn spanning(spans: impl IntoIterator<Item = Option<(Day, Day)>>) -> Option<(Day, Day)> {
    (spans.into_iter().flatten()).reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
}
