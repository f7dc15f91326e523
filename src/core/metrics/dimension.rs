//! Dimensions: the columns a kind of records can be broken down by, and the grouping of the
//! records by one of them. Every breakdown (`deals_by`, `orders_by`, `tickets_by`,
//! `snapshot_by`, `responses_by`) groups through [`grouping`], so a column is offered and
//! read the same way on every page.
//!
//! A column is a mapped text field, a mapped number field, an extra (unmapped) column of the
//! files, or an attribute a lookup file adds through its key. Text columns with 2 to
//! [`MAX_DIMENSION_VALUES`] distinct values are grouped by value. Numbers are grouped in
//! bands of equal, round width: number fields always, and text columns whose every value
//! reads as a number when they have more than [`MAX_CATEGORIES_OF_NUMBERS`] distinct values
//! (an age, a tenure, a count of calls), however many.

use super::explain::{Explanation, Formula, Shown, Term};
use super::{AsOf, Filter};
use crate::import::lookup::extra_columns;
use crate::import::value::{parse_number, DecimalSep};
use crate::model::{Dataset, Day, Kind, Lookup, Sym, SymSet, Table};
use std::collections::HashMap;

/// Text columns with more distinct values than this are not offered (ids, names, free
/// text), unless they are numbers, which are grouped in bands.
pub const MAX_DIMENSION_VALUES: usize = 1000;

/// A column of numbers with at most this many distinct values is grouped by value (a 0/1
/// flag, a rating); with more, in bands.
pub const MAX_CATEGORIES_OF_NUMBERS: usize = 12;

/// Bands aimed at for a column of numbers (the width is rounded: 6 to 12 bands).
const TARGET_BANDS: f64 = 8.0;

type TextField = fn(&Dataset, usize) -> Sym;
type NumberField = fn(&Dataset, usize) -> Option<f64>;

/// The mapped text fields of a kind that a breakdown offers, by their field names.
fn text_fields(kind: Kind) -> &'static [(&'static str, TextField)] {
    match kind {
        Kind::Customers => &[
            ("segment", |ds, i| ds.customers.rows[i].segment),
            ("gender", |ds, i| ds.customers.rows[i].gender),
            ("channel", |ds, i| ds.customers.rows[i].channel),
            ("owner", |ds, i| ds.customers.rows[i].owner),
            ("city", |ds, i| ds.customers.rows[i].city),
            ("region", |ds, i| ds.customers.rows[i].region),
            ("country", |ds, i| ds.customers.rows[i].country),
            ("status", |ds, i| ds.customers.rows[i].status),
            ("company", |ds, i| ds.customers.rows[i].company),
        ],
        Kind::Orders => &[
            ("product", |ds, i| ds.orders.rows[i].product),
            ("category", |ds, i| ds.orders.rows[i].category),
            ("channel", |ds, i| ds.orders.rows[i].channel),
        ],
        Kind::Deals => &[
            ("owner", |ds, i| ds.deals.rows[i].owner),
            ("stage", |ds, i| ds.deals.rows[i].stage),
            ("customer_name", |ds, i| ds.deals.rows[i].customer),
        ],
        Kind::Tickets => &[
            ("channel", |ds, i| ds.tickets.rows[i].channel),
            ("priority", |ds, i| ds.tickets.rows[i].priority),
            ("issue_type", |ds, i| ds.tickets.rows[i].issue_type),
            ("status", |ds, i| ds.tickets.rows[i].status),
        ],
        Kind::Campaigns => &[
            ("name", |ds, i| ds.campaigns.rows[i].name),
            ("channel", |ds, i| ds.campaigns.rows[i].channel),
        ],
        Kind::Responses => &[
            ("campaign", |ds, i| ds.responses.rows[i].campaign),
            ("channel", |ds, i| ds.responses.rows[i].channel),
        ],
    }
}

/// The mapped number fields of a kind that a breakdown offers (always in bands).
fn number_fields(kind: Kind) -> &'static [(&'static str, NumberField)] {
    match kind {
        Kind::Customers => &[
            ("age", |ds, i| ds.customers.rows[i].age.map(f64::from)),
            ("tenure_months", |ds, i| {
                ds.customers.rows[i].tenure_months.map(f64::from)
            }),
            ("monthly_charges", |ds, i| {
                ds.customers.rows[i].monthly_charges.map(|m| m.to_f64())
            }),
            ("total_charges", |ds, i| {
                ds.customers.rows[i].total_charges.map(|m| m.to_f64())
            }),
        ],
        Kind::Orders => &[("amount", |ds, i| Some(ds.orders.rows[i].amount.to_f64()))],
        Kind::Deals => &[
            ("amount", |ds, i| {
                ds.deals.rows[i].amount.map(|m| m.to_f64())
            }),
            ("probability", |ds, i| {
                ds.deals.rows[i].probability.map(f64::from)
            }),
        ],
        Kind::Tickets => &[
            ("csat", |ds, i| ds.tickets.rows[i].csat.map(f64::from)),
            ("nps", |ds, i| ds.tickets.rows[i].nps.map(f64::from)),
        ],
        Kind::Campaigns => &[],
        Kind::Responses => &[("revenue", |ds, i| {
            ds.responses.rows[i].revenue.map(|m| m.to_f64())
        })],
    }
}

/// The records of one kind grouped by a column: a group number per record, and each group's
/// label (a value as written, or a band such as `10–19`; the group of records without a
/// value has the label `""`).
#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    /// Each group's label, by group number.
    pub labels: Vec<String>,
    /// True when the groups are bands of numbers, in ascending order (the group without a
    /// value last): a breakdown keeps this order instead of sorting by its figures.
    pub banded: bool,
    keys: Vec<u32>,
}

impl Grouping {
    /// The group of record `i`.
    pub fn of(&self, i: usize) -> usize {
        self.keys[i] as usize
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no groups (no records).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Adds each chosen record to its group's accumulator (`add(acc, record)`); returns the
    /// groups that got a record, with their labels, in group order.
    pub fn fold<A: Default>(
        &self,
        chosen: impl IntoIterator<Item = usize>,
        mut add: impl FnMut(&mut A, usize),
    ) -> Vec<(String, A)> {
        let mut acc: Vec<(bool, A)> = (0..self.len()).map(|_| (false, A::default())).collect();
        for i in chosen {
            let a = &mut acc[self.of(i)];
            a.0 = true;
            add(&mut a.1, i);
        }
        (self.labels.iter().cloned().zip(acc))
            .filter(|(_, (used, _))| *used)
            .map(|(label, (_, a))| (label, a))
            .collect()
    }
}

/// How a column reads its records.
enum Column<'a> {
    Text(Box<dyn Fn(usize) -> Sym + 'a>),
    Number(Box<dyn Fn(usize) -> Option<f64> + 'a>),
}

fn table(ds: &Dataset, kind: Kind) -> (&[Sym], &[Sym]) {
    fn parts<T>(t: &Table<T>) -> (&[Sym], &[Sym]) {
        (&t.extra_columns, &t.extra_values)
    }
    match kind {
        Kind::Customers => parts(&ds.customers),
        Kind::Orders => parts(&ds.orders),
        Kind::Deals => parts(&ds.deals),
        Kind::Tickets => parts(&ds.tickets),
        Kind::Campaigns => parts(&ds.campaigns),
        Kind::Responses => parts(&ds.responses),
    }
}

fn lookups_of(ds: &Dataset, kind: Kind) -> impl Iterator<Item = &Lookup> {
    ds.lookups.iter().filter(move |l| l.kind == kind)
}

/// The column `name` of `kind`: an extra column first (a bank's `campaign` column of call
/// counts is not the campaign field), then a text field, a number field, a lookup attribute.
fn column<'a>(ds: &'a Dataset, kind: Kind, name: &str) -> Option<Column<'a>> {
    let (columns, values) = table(ds, kind);
    if let Some(j) = columns.iter().position(|c| ds.str(*c) == name) {
        let width = columns.len();
        return Some(Column::Text(Box::new(move |i| values[i * width + j])));
    }
    if let Some((_, f)) = text_fields(kind).iter().find(|(n, _)| *n == name) {
        return Some(Column::Text(Box::new(move |i| f(ds, i))));
    }
    if let Some((_, f)) = number_fields(kind).iter().find(|(n, _)| *n == name) {
        return Some(Column::Number(Box::new(move |i| f(ds, i))));
    }
    let l =
        lookups_of(ds, kind).find(|l| l.table.extra_columns.iter().any(|c| ds.str(*c) == name))?;
    let attributes = &l.table.extra_columns;
    let j = attributes.iter().position(|c| ds.str(*c) == name)?;
    let width = attributes.len();
    let key = match column(ds, kind, ds.str(l.key))? {
        Column::Text(key) => key,
        Column::Number(_) => return None,
    };
    let rows: HashMap<Sym, usize> = (l.table.rows.iter().enumerate())
        .map(|(r, k)| (*k, r))
        .collect();
    Some(Column::Text(Box::new(move |i| {
        rows.get(&ds.strings.as_key(key(i)))
            .map_or(Sym::EMPTY, |r| l.table.extra_values[r * width + j])
    })))
}

/// The names of every column of `kind` a breakdown could use, before looking at values:
/// extra columns, text fields, number fields, lookup attributes (each name once).
fn candidates(ds: &Dataset, kind: Kind) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    text_fields(kind).iter().for_each(|(n, _)| add(n));
    number_fields(kind).iter().for_each(|(n, _)| add(n));
    extra_columns(ds, kind).iter().for_each(|c| add(ds.str(*c)));
    for l in lookups_of(ds, kind) {
        l.table.extra_columns.iter().for_each(|c| add(ds.str(*c)));
    }
    names
}

/// The columns the records of `kind` in `ds` can be broken down by, in display order
/// (mapped fields, extra columns, lookup attributes): text columns with 2 to
/// [`MAX_DIMENSION_VALUES`] distinct values, and numbers with 2 distinct values or more.
pub fn dimensions(ds: &Dataset, kind: Kind) -> Vec<String> {
    let n = ds.count(kind);
    let mut seen = SymSet::new(ds.strings.len());
    let mut out = Vec::new();
    for name in candidates(ds, kind) {
        let offered = match column(ds, kind, &name) {
            Some(Column::Text(value)) => {
                let distinct = distinct_values(&value, n, &mut seen, MAX_DIMENSION_VALUES + 1);
                distinct.len() >= 2
                    && (distinct.len() <= MAX_DIMENSION_VALUES || numeric(ds, &distinct).is_some())
            }
            Some(Column::Number(value)) => {
                let mut values = (0..n).filter_map(&value);
                values
                    .next()
                    .is_some_and(|first| values.any(|v| v != first))
            }
            None => false,
        };
        if offered {
            out.push(name);
        }
    }
    out
}

/// The distinct non-empty values of a text column, in first-seen order, at most `limit`.
fn distinct_values(
    value: &dyn Fn(usize) -> Sym,
    n: usize,
    seen: &mut SymSet,
    limit: usize,
) -> Vec<Sym> {
    let mut out = Vec::new();
    for i in 0..n {
        let v = value(i);
        if !v.is_empty() && seen.insert(v) == Some(true) {
            out.push(v);
            if out.len() >= limit {
                break;
            }
        }
    }
    out.iter().for_each(|&s| seen.remove(s));
    out
}

/// The numbers of `values` when every one reads as a number (`1,234.5`, `12%`, `-3`).
fn numeric(ds: &Dataset, values: &[Sym]) -> Option<Vec<f64>> {
    values
        .iter()
        .map(|&s| {
            parse_number(ds.str(s), DecimalSep::Dot)
                .ok()
                .map(|n| n.to_f64())
        })
        .collect()
}

/// The records of `kind` grouped by column `name` ([`dimensions`] names them; any column
/// of the kind is accepted); `None` when the kind has no such column.
pub fn grouping(ds: &Dataset, kind: Kind, name: &str) -> Option<Grouping> {
    let n = ds.count(kind);
    match column(ds, kind, name)? {
        Column::Number(value) => {
            let values: Vec<Option<f64>> = (0..n).map(value).collect();
            // Months in whole years.
            let unit = if name.ends_with("months") { 12.0 } else { 1.0 };
            Some(banded(&values, unit))
        }
        Column::Text(value) => {
            let mut seen = SymSet::new(ds.strings.len());
            let distinct = distinct_values(&value, n, &mut seen, usize::MAX);
            if distinct.len() > MAX_CATEGORIES_OF_NUMBERS {
                if let Some(numbers) = numeric(ds, &distinct) {
                    let of: HashMap<Sym, f64> = distinct.iter().copied().zip(numbers).collect();
                    let values: Vec<Option<f64>> =
                        (0..n).map(|i| of.get(&value(i)).copied()).collect();
                    return Some(banded(&values, 1.0));
                }
            }
            Some(by_value(ds, &value, n, &distinct))
        }
    }
}

/// Groups by value: group `k` is the `k`-th distinct value, then the records without one.
fn by_value(ds: &Dataset, value: &dyn Fn(usize) -> Sym, n: usize, distinct: &[Sym]) -> Grouping {
    // A group number per symbol (one lookup per record, no hashing).
    let mut group = vec![u32::MAX; ds.strings.len()];
    for (k, s) in distinct.iter().enumerate() {
        group[s.0 as usize] = k as u32;
    }
    let mut labels: Vec<String> = distinct.iter().map(|&s| ds.str(s).to_string()).collect();
    let none = labels.len() as u32;
    let keys: Vec<u32> = (0..n)
        .map(|i| {
            let g = group.get(value(i).0 as usize).copied().unwrap_or(u32::MAX);
            if g == u32::MAX {
                none
            } else {
                g
            }
        })
        .collect();
    if keys.contains(&none) {
        labels.push(String::new());
    }
    Grouping {
        labels,
        banded: false,
        keys,
    }
}

/// Groups numbers in bands of a round width ([`band_width`], a multiple of `unit` when
/// that is more than 1), in ascending order; the records without a number last.
fn banded(values: &[Option<f64>], unit: f64) -> Grouping {
    let present = values.iter().flatten().filter(|v| v.is_finite());
    let (lo, hi) = present.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    if lo > hi {
        // No numbers at all: one group of records without a value.
        return Grouping {
            labels: vec![String::new()],
            banded: true,
            keys: vec![0; values.len()],
        };
    }
    let integers = values.iter().flatten().all(|v| v.fract() == 0.0);
    let width = if hi <= lo {
        // One value: one band of width 1 (or of the unit).
        unit
    } else if unit > 1.0 {
        unit * band_width((hi - lo) / unit, true)
    } else {
        band_width(hi - lo, integers)
    };
    let start = (lo / width).floor() * width;
    let bands = (((hi - start) / width).floor() as usize + 1).max(1);
    let mut labels: Vec<String> = (0..bands)
        .map(|b| band_label(start + b as f64 * width, width, integers))
        .collect();
    let none = bands as u32;
    let keys: Vec<u32> = values
        .iter()
        .map(|v| match v {
            Some(v) if v.is_finite() => (((v - start) / width).floor() as u32).min(none - 1),
            _ => none,
        })
        .collect();
    if keys.contains(&none) {
        labels.push(String::new());
    }
    Grouping {
        labels,
        banded: true,
        keys,
    }
}

/// The round band width (1, 2, 2.5 or 5 × a power of ten; whole for whole numbers)
/// nearest (by ratio) to `range` / [`TARGET_BANDS`]: 6 to 12 bands.
pub(crate) fn band_width(range: f64, integers: bool) -> f64 {
    let raw = (range / TARGET_BANDS).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let distance = |w: f64| (w / raw).ln().abs();
    let width = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .filter(|w| !integers || w.fract() == 0.0)
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
        .unwrap_or(10.0 * magnitude);
    if integers {
        width.max(1.0)
    } else {
        width
    }
}

/// `10–19` for whole numbers (both ends included), `2.5–5` otherwise (the upper end
/// excluded).
fn band_label(from: f64, width: f64, integers: bool) -> String {
    let text = |v: f64| {
        let s = format!("{:.4}", v);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    };
    if integers && width >= 1.0 {
        if width == 1.0 {
            text(from)
        } else {
            format!("{}–{}", text(from), text(from + width - 1.0))
        }
    } else {
        format!("{}–{}", text(from), text(from + width))
    }
}

/// A group of a breakdown: how many records it holds, and which formula and as-of date its
/// breakdown follows.
pub trait Group {
    /// The formula of a breakdown into such groups.
    const FORMULA: Formula;
    /// The as-of date of the records broken down.
    fn as_of(as_of: &AsOf) -> Day;
    /// The records in the group.
    fn records(&self) -> u64;
}

/// How a breakdown into `groups` by `column` is computed, under `filter` and `as_of`.
pub fn breakdown_explanation<G: Group>(
    groups: &[G],
    column: &str,
    filter: &Filter,
    as_of: &AsOf,
) -> Explanation {
    let day = G::as_of(as_of);
    let records: u64 = groups.iter().map(G::records).sum();
    let mut e = Explanation::new(G::FORMULA, records as usize)
        .param(Term::Column, Shown::Text(column.to_string()));
    let (from, to) = filter.bounds(day);
    if let Some(f) = from {
        e = e.param(Term::From, f);
    }
    e.param(Term::To, to.map_or(day, |t| t.min(day)))
}

macro_rules! group {
    ($t:ty, $formula:ident, $kind:ident, |$g:ident| $records:expr) => {
        impl Group for $t {
            const FORMULA: Formula = Formula::$formula;
            fn as_of(as_of: &AsOf) -> Day {
                as_of.$kind
            }
            fn records(&self) -> u64 {
                let $g = self;
                $records
            }
        }
    };
}

group!(super::CustomerGroup, CustomersBy, orders, |g| g.customers);
group!(super::DealGroup, DealsBy, deals, |g| g.deals);
group!(super::OrderGroup, OrdersBy, orders, |g| g.lines);
group!(super::TicketGroup, TicketsBy, tickets, |g| g.tickets);
group!(super::SnapshotGroup, SnapshotBy, customers, |g| g.customers);
group!(super::ResponseGroup, ResponsesBy, responses, |g| g
    .rates
    .contacts);
