//! The dataset's import history: one [`Import`] per batch of files merged in, with the
//! figures the data gave after it and what changed since the import before ([`ChangeLine`]s,
//! each with its rows). Kept inside the dataset, so it is saved, undone, backed up and
//! published with the records it describes.

use super::{Day, Kind, Timestamp};
use serde::{Deserialize, Serialize};

/// Rows of one table, as ascending runs `(first row, run length)`: the rows an import added
/// are one run, and so are the rows an export of a later month leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowList(pub Vec<(u32, u32)>);

impl RowList {
    /// The rows `rows` yields, which must ascend.
    pub fn from_ascending(rows: impl IntoIterator<Item = usize>) -> RowList {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for r in rows {
            let r = r as u32;
            match runs.last_mut() {
                Some((start, len)) if *start + *len == r => *len += 1,
                _ => runs.push((r, 1)),
            }
        }
        RowList(runs)
    }

    /// Every row in `range`.
    pub fn range(range: std::ops::Range<usize>) -> RowList {
        let len = range.len() as u32;
        RowList(
            (len > 0)
                .then_some((range.start as u32, len))
                .into_iter()
                .collect(),
        )
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.0.iter().map(|&(_, n)| n as usize).sum()
    }

    /// True when it holds no row.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&(_, n)| n == 0)
    }

    /// The rows, ascending.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (self.0.iter()).flat_map(|&(s, n)| (s as usize)..(s as usize + n as usize))
    }

    /// One past the last row (0 when empty).
    pub fn end(&self) -> usize {
        (self.0.iter())
            .map(|&(s, n)| s as usize + n as usize)
            .max()
            .unwrap_or(0)
    }

    /// The same rows once the rows `kept` says false of are removed from the table
    /// (`kept[i]`: row `i` stays): removed rows leave the list, the others move up.
    pub fn after_removal(&self, kept: &[bool]) -> RowList {
        let mut new_index = Vec::with_capacity(kept.len());
        let mut next = 0usize;
        for &k in kept {
            new_index.push(next);
            next += usize::from(k);
        }
        RowList::from_ascending(
            self.rows()
                .filter(|&r| kept.get(r).copied().unwrap_or(false))
                .map(|r| new_index[r]),
        )
    }
}

/// What a line of "What changed" counts. Customer lines follow the customers' standing
/// (their purchases, else the snapshot's status); deal and ticket lines compare each
/// record with itself in the previous data; the reconciliation lines compare the rows of a
/// kind before the import with the rows its files held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Customers the previous data did not have (or had no purchase of).
    NewCustomers,
    /// Customers active before and no longer (no purchase in the churn window; or a
    /// snapshot's status turned churned).
    LostCustomers,
    /// Customers inactive or churned before, active again.
    ReactivatedCustomers,
    /// Deals the previous data did not have.
    NewDeals,
    /// Open deals now at a later stage of the pipeline.
    DealsForward,
    /// Open deals now at an earlier stage.
    DealsBack,
    /// Deals won since.
    DealsWon,
    /// Deals lost since.
    DealsLost,
    /// Closed deals open again.
    DealsReopened,
    /// Deals whose amount changed.
    DealsAmount,
    /// Deals whose owner changed.
    DealsOwner,
    /// Deals whose expected or actual close date changed.
    DealsCloseDate,
    /// Tickets the previous data did not have.
    TicketsOpened,
    /// Tickets closed since: open before, or new and resolved after the previous data's date.
    TicketsClosed,
    /// Tickets closed before and open again.
    TicketsReopened,
    /// The rows of a kind before the import (customers: not placeholders).
    Previous(Kind),
    /// The rows of a kind its files held (each once, however often a file repeated it).
    InExport(Kind),
    /// Of them, rows that were not there before.
    Added(Kind),
    /// Of them, rows that were there before.
    Matched(Kind),
    /// Rows there before that the files did not hold.
    NotInExport(Kind),
    /// Of those, rows dated inside the files' own span of dates (for undated kinds: all of
    /// them, when the files held any earlier row): what an export cut short loses.
    MissingInSpan(Kind),
}

impl Change {
    /// The kind of the rows the line lists.
    pub fn kind(self) -> Kind {
        match self {
            Change::NewCustomers | Change::LostCustomers | Change::ReactivatedCustomers => {
                Kind::Customers
            }
            Change::NewDeals
            | Change::DealsForward
            | Change::DealsBack
            | Change::DealsWon
            | Change::DealsLost
            | Change::DealsReopened
            | Change::DealsAmount
            | Change::DealsOwner
            | Change::DealsCloseDate => Kind::Deals,
            Change::TicketsOpened | Change::TicketsClosed | Change::TicketsReopened => {
                Kind::Tickets
            }
            Change::Previous(k)
            | Change::InExport(k)
            | Change::Added(k)
            | Change::Matched(k)
            | Change::NotInExport(k)
            | Change::MissingInSpan(k) => k,
        }
    }

    /// What it counts, in English (an export's first line; the interface words it).
    pub fn describe(self) -> String {
        let k = self.kind().as_str();
        match self {
            Change::NewCustomers => "new customers".into(),
            Change::LostCustomers => "lost customers".into(),
            Change::ReactivatedCustomers => "reactivated customers".into(),
            Change::NewDeals => "new deals".into(),
            Change::DealsForward => "deals moved forward a stage".into(),
            Change::DealsBack => "deals moved back a stage".into(),
            Change::DealsWon => "deals won".into(),
            Change::DealsLost => "deals lost".into(),
            Change::DealsReopened => "deals reopened".into(),
            Change::DealsAmount => "deals whose amount changed".into(),
            Change::DealsOwner => "deals whose owner changed".into(),
            Change::DealsCloseDate => "deals whose close date changed".into(),
            Change::TicketsOpened => "tickets opened".into(),
            Change::TicketsClosed => "tickets closed".into(),
            Change::TicketsReopened => "tickets reopened".into(),
            Change::Previous(_) => format!("{k} before the import"),
            Change::InExport(_) => format!("{k} in the export"),
            Change::Added(_) => format!("{k} added"),
            Change::Matched(_) => format!("{k} already there"),
            Change::NotInExport(_) => format!("{k} not in the export"),
            Change::MissingInSpan(_) => format!("{k} missing inside the export's dates"),
        }
    }

    /// True for the row-count reconciliation's lines.
    pub fn reconciles(self) -> bool {
        matches!(
            self,
            Change::Previous(_)
                | Change::InExport(_)
                | Change::Added(_)
                | Change::Matched(_)
                | Change::NotInExport(_)
                | Change::MissingInSpan(_)
        )
    }
}

/// One line of "What changed": what it counts and the rows (of the data right after the
/// import, kept up to date as rows are deleted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    /// What it counts.
    pub change: Change,
    /// The rows, in the table of `change.kind()`.
    pub rows: RowList,
}

/// A figure recorded at each import, with the dashboard's default filter (the whole
/// history, each kind at its own latest date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Customers known.
    Customers,
    /// Customers with a purchase in the last churn window, or a snapshot's active ones.
    ActiveCustomers,
    /// The churn rate (0–1).
    ChurnRate,
    /// Net revenue.
    NetRevenue,
    /// Orders.
    Orders,
    /// Open deals.
    OpenDeals,
    /// The open deals' amount.
    Pipeline,
    /// The won deals' amount.
    WonAmount,
    /// Tickets open at the as-of date.
    OpenTickets,
    /// Monthly recurring revenue of a snapshot's active customers.
    Mrr,
}

impl Measure {
    /// Every measure, in the order the Overview lists them.
    pub const ALL: [Measure; 10] = [
        Measure::Customers,
        Measure::ActiveCustomers,
        Measure::ChurnRate,
        Measure::NetRevenue,
        Measure::Orders,
        Measure::OpenDeals,
        Measure::Pipeline,
        Measure::WonAmount,
        Measure::OpenTickets,
        Measure::Mrr,
    ];
}

/// One import: its files, when, the data's date after it, its figures and what changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Import {
    /// The files' names, as the import listed them.
    pub files: Vec<String>,
    /// When it was made, by the importing device's clock in its own time zone (`None`: not
    /// known).
    pub at: Option<Timestamp>,
    /// The latest date of the records its files held: the export's own date.
    pub dated: Option<Day>,
    /// Rows of each kind after it, in [`Kind::ALL`] order.
    pub counts: Vec<u64>,
    /// The figures after it (a measure without a value is left out).
    pub figures: Vec<(Measure, f64)>,
    /// True when there was no data before: nothing to compare with.
    pub first: bool,
    /// What changed since the data before it.
    pub lines: Vec<ChangeLine>,
}

impl Import {
    /// The line counting `change`, if the import has one.
    pub fn line(&self, change: Change) -> Option<&ChangeLine> {
        self.lines.iter().find(|l| l.change == change)
    }

    /// The value of a measure after it.
    pub fn figure(&self, m: Measure) -> Option<f64> {
        self.figures.iter().find(|(x, _)| *x == m).map(|&(_, v)| v)
    }
}
