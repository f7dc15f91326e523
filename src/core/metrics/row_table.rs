//! The records of a [`RowSet`] as a table: the columns of each kind ([`row_columns`]), a
//! record's cell in one ([`row_cell`]: text, number, money or date, enough to sort and to
//! render), a sort by any column ([`sort_rows`]) and the CSV export ([`rows_csv`]).

use super::drill::RowSet;
use super::explain::{Shown, Term};
use crate::export::csv_table_noted;
use crate::model::{Dataset, Day, DealOutcome, Kind, Money, OrderStatus, Sym};
use std::cmp::Ordering;

/// A record's value in one column.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No value.
    Empty,
    /// Text as written.
    Text(String),
    /// A plain number (a quantity, a score, a probability in percent).
    Number(f64),
    /// A sum of money, in currency units.
    Money(f64),
    /// A date.
    Date(Day),
}

impl Cell {
    /// As an export writes it: text as written, a date `YYYY-MM-DD`, money with two
    /// decimals, a number as it is; no value: empty.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Money(m) => format!("{m:.2}"),
            Cell::Date(d) => d.iso(),
        }
    }

    /// Orders two cells of one column (no value compares equal to no value).
    fn compare(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Text(a), Cell::Text(b)) => a.cmp(b),
            (Cell::Number(a), Cell::Number(b)) | (Cell::Money(a), Cell::Money(b)) => a.total_cmp(b),
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Cell::Text(_) => 0,
            Cell::Number(_) => 1,
            Cell::Money(_) => 2,
            Cell::Date(_) => 3,
            Cell::Empty => 4,
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// Text.
    Text,
    /// Numbers.
    Number,
    /// Money.
    Money,
    /// Dates.
    Date,
}

/// A column of a kind's records.
#[derive(Clone, Copy, Debug)]
pub struct RowColumn {
    /// The kind whose records it reads.
    pub kind: Kind,
    /// Its name (an export's header).
    pub name: &'static str,
    /// What it holds.
    pub cell: CellKind,
    read: fn(&Dataset, usize) -> Cell,
}

impl PartialEq for RowColumn {
    fn eq(&self, other: &RowColumn) -> bool {
        (self.kind, self.name) == (other.kind, other.name)
    }
}

impl Eq for RowColumn {}

fn text(ds: &Dataset, s: Sym) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(ds.str(s).to_string())
    }
}

fn money(m: Option<Money>) -> Cell {
    m.map_or(Cell::Empty, |m| Cell::Money(m.to_f64()))
}

fn date(d: Option<Day>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

fn number(n: Option<f64>) -> Cell {
    n.map_or(Cell::Empty, Cell::Number)
}

fn yes_no(b: Option<bool>) -> Cell {
    b.map_or(Cell::Empty, |b| {
        Cell::Text(if b { "yes" } else { "no" }.to_string())
    })
}

macro_rules! columns {
    ($kind:ident: $(($name:literal, $cell:ident, $read:expr)),* $(,)?) => {
        &[$(RowColumn {
            kind: Kind::$kind,
            name: $name,
            cell: CellKind::$cell,
            read: $read,
        }),*]
    };
}

const CUSTOMERS: &[RowColumn] = columns![Customers:
    ("id", Text, |ds, i| text(ds, ds.customers.rows[i].id)),
    ("name", Text, |ds, i| {
        let c = &ds.customers.rows[i];
        if !c.name.is_empty() {
            return text(ds, c.name);
        }
        let full = format!("{} {}", ds.str(c.first_name), ds.str(c.last_name));
        let full = full.trim();
        if full.is_empty() { Cell::Empty } else { Cell::Text(full.to_string()) }
    }),
    ("company", Text, |ds, i| text(ds, ds.customers.rows[i].company)),
    ("email", Text, |ds, i| text(ds, ds.customers.rows[i].email)),
    ("segment", Text, |ds, i| text(ds, ds.customers.rows[i].segment)),
    ("city", Text, |ds, i| text(ds, ds.customers.rows[i].city)),
    ("country", Text, |ds, i| text(ds, ds.customers.rows[i].country)),
    ("signup", Date, |ds, i| date(ds.customers.rows[i].signup)),
    ("status", Text, |ds, i| text(ds, ds.customers.rows[i].status)),
];

const ORDERS: &[RowColumn] = columns![Orders:
    ("date", Date, |ds, i| Cell::Date(ds.orders.rows[i].date)),
    ("order_id", Text, |ds, i| text(ds, ds.orders.rows[i].id)),
    ("customer", Text, |ds, i| text(ds, ds.orders.rows[i].customer)),
    ("product", Text, |ds, i| text(ds, ds.orders.rows[i].product)),
    ("category", Text, |ds, i| text(ds, ds.orders.rows[i].category)),
    ("channel", Text, |ds, i| text(ds, ds.orders.rows[i].channel)),
    ("status", Text, |ds, i| {
        let o = &ds.orders.rows[i];
        if !o.status_text.is_empty() {
            return text(ds, o.status_text);
        }
        let status = match o.status {
            OrderStatus::Completed => "completed",
            OrderStatus::Refunded => "refunded",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Pending => "pending",
        };
        Cell::Text(status.to_string())
    }),
    ("quantity", Number, |ds, i| Cell::Number(ds.orders.rows[i].quantity)),
    ("amount", Money, |ds, i| money(Some(ds.orders.rows[i].amount))),
];

const DEALS: &[RowColumn] = columns![Deals:
    ("deal", Text, |ds, i| {
        let d = &ds.deals.rows[i];
        text(ds, if d.title.is_empty() { d.id } else { d.title })
    }),
    ("customer", Text, |ds, i| text(ds, ds.deals.rows[i].customer)),
    ("owner", Text, |ds, i| text(ds, ds.deals.rows[i].owner)),
    ("stage", Text, |ds, i| text(ds, ds.deals.rows[i].stage)),
    ("outcome", Text, |ds, i| {
        let outcome = match ds.deals.rows[i].outcome {
            DealOutcome::Open => "open",
            DealOutcome::Won => "won",
            DealOutcome::Lost => "lost",
        };
        Cell::Text(outcome.to_string())
    }),
    ("amount", Money, |ds, i| money(ds.deals.rows[i].amount)),
    ("probability", Number, |ds, i| number(ds.deals.rows[i].probability.map(f64::from))),
    ("created", Date, |ds, i| date(ds.deals.rows[i].created)),
    ("closed", Date, |ds, i| date(ds.deals.rows[i].closed)),
    ("expected_close", Date, |ds, i| date(ds.deals.rows[i].expected_close)),
];

const TICKETS: &[RowColumn] = columns![Tickets:
    ("ticket_id", Text, |ds, i| text(ds, ds.tickets.rows[i].id)),
    ("customer", Text, |ds, i| text(ds, ds.tickets.rows[i].customer)),
    ("opened", Date, |ds, i| date(ds.tickets.rows[i].day())),
    ("channel", Text, |ds, i| text(ds, ds.tickets.rows[i].channel)),
    ("issue_type", Text, |ds, i| text(ds, ds.tickets.rows[i].issue_type)),
    ("priority", Text, |ds, i| text(ds, ds.tickets.rows[i].priority)),
    ("status", Text, |ds, i| text(ds, ds.tickets.rows[i].status)),
    ("csat", Number, |ds, i| number(ds.tickets.rows[i].csat.map(f64::from))),
    ("nps", Number, |ds, i| number(ds.tickets.rows[i].nps.map(f64::from))),
    ("resolved", Date, |ds, i| date(ds.tickets.rows[i].resolved.map(|t| t.day()))),
];

const CAMPAIGNS: &[RowColumn] = columns![Campaigns:
    ("campaign_id", Text, |ds, i| text(ds, ds.campaigns.rows[i].id)),
    ("name", Text, |ds, i| text(ds, ds.campaigns.rows[i].name)),
    ("channel", Text, |ds, i| text(ds, ds.campaigns.rows[i].channel)),
    ("start", Date, |ds, i| date(ds.campaigns.rows[i].start)),
    ("end", Date, |ds, i| date(ds.campaigns.rows[i].end)),
    ("cost", Money, |ds, i| money(Some(ds.campaigns.rows[i].cost))),
    ("revenue", Money, |ds, i| money(ds.campaigns.rows[i].revenue)),
    ("leads", Number, |ds, i| number(ds.campaigns.rows[i].leads.map(|n| n as f64))),
    ("conversions", Number, |ds, i| {
        number(ds.campaigns.rows[i].conversions.map(|n| n as f64))
    }),
];

const RESPONSES: &[RowColumn] = columns![Responses:
    ("contact_id", Text, |ds, i| text(ds, ds.responses.rows[i].id)),
    ("customer", Text, |ds, i| text(ds, ds.responses.rows[i].customer)),
    ("campaign", Text, |ds, i| text(ds, ds.responses.rows[i].campaign)),
    ("date", Date, |ds, i| date(ds.responses.rows[i].date)),
    ("channel", Text, |ds, i| text(ds, ds.responses.rows[i].channel)),
    ("responded", Text, |ds, i| yes_no(ds.responses.rows[i].responded)),
    ("converted", Text, |ds, i| yes_no(ds.responses.rows[i].converted)),
    ("revenue", Money, |ds, i| money(ds.responses.rows[i].revenue)),
];

/// The columns a table of `kind`'s records shows, in order (a deal by its title, else its
/// id).
pub fn row_columns(kind: Kind) -> &'static [RowColumn] {
    match kind {
        Kind::Customers => CUSTOMERS,
        Kind::Orders => ORDERS,
        Kind::Deals => DEALS,
        Kind::Tickets => TICKETS,
        Kind::Campaigns => CAMPAIGNS,
        Kind::Responses => RESPONSES,
    }
}

/// Record `row` of `kind` in `column`; [`Cell::Empty`] for a column of another kind or a
/// row out of range.
pub fn row_cell(ds: &Dataset, kind: Kind, row: u32, column: &RowColumn) -> Cell {
    let row = row as usize;
    if column.kind != kind || row >= ds.count(kind) {
        return Cell::Empty;
    }
    (column.read)(ds, row)
}

/// Sorts records of `kind` by `column`, ascending or descending; records without a value
/// last either way, ties by row.
pub fn sort_rows(ds: &Dataset, kind: Kind, rows: &mut [u32], column: &RowColumn, descending: bool) {
    let mut keyed: Vec<(Cell, u32)> = (rows.iter())
        .map(|&r| (row_cell(ds, kind, r, column), r))
        .collect();
    keyed.sort_by(|(a, ra), (b, rb)| {
        let by_value = match (a, b) {
            (Cell::Empty, Cell::Empty) => Ordering::Equal,
            (Cell::Empty, _) => Ordering::Greater,
            (_, Cell::Empty) => Ordering::Less,
            (a, b) if descending => b.compare(a),
            (a, b) => a.compare(b),
        };
        by_value.then(ra.cmp(rb))
    });
    for (slot, (_, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}

/// The records of `set` as CSV ([`crate::export`]: formula-like cells neutralised): a first
/// line (one cell beginning with `#`) says the figure, the filter, the period and as-of,
/// then the header and one line per record.
pub fn rows_csv(ds: &Dataset, set: &RowSet) -> String {
    let columns = row_columns(set.kind);
    let headers: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let rows = (set.rows.iter()).map(|&r| {
        (columns.iter())
            .map(|c| row_cell(ds, set.kind, r, c).to_text())
            .collect::<Vec<_>>()
    });
    csv_table_noted(&note(set), &headers, rows)
}

/// `# net revenue; filter: segment = Consumer, orders.category = Books; period 2024-01-01 to
/// 2024-03-31; as of 2024-03-31; 120 rows`.
fn note(set: &RowSet) -> String {
    let e = &set.explain;
    let day = |term: Term| match e.value(term) {
        Some(Shown::Day(d)) => Some(d.iso()),
        _ => None,
    };
    let mut filters: Vec<String> = Vec::new();
    for p in &e.params {
        let name = match p.name {
            Term::Segment => "segment",
            Term::Channel => "channel",
            Term::Owner => "owner",
            Term::Pick => "",
            _ => continue,
        };
        if let Shown::Text(v) = &p.value {
            filters.push(if name.is_empty() {
                v.clone()
            } else {
                format!("{name} = {v}")
            });
        }
    }
    let filter = if filters.is_empty() {
        "none".to_string()
    } else {
        filters.join(", ")
    };
    let period = match (day(Term::From), day(Term::To)) {
        (Some(f), Some(t)) => format!("; period {f} to {t}"),
        (None, Some(t)) => format!("; period up to {t}"),
        _ => String::new(),
    };
    let as_of = day(Term::AsOf).map_or(String::new(), |d| format!("; as of {d}"));
    let note = format!(
        "# {}; filter: {filter}{period}{as_of}; {} rows",
        set.figure.describe(),
        set.rows.len()
    );
    // One line, whatever the data's values hold.
    note.replace(['\r', '\n'], " ")
}
