//! The pipeline per value of any column of the deals, or of an attribute a lookup file adds
//! to them (an account's sector, an agent's manager, a product's series), and how well each
//! lookup file matches the records it describes.

use super::customer_index::CustomerIndex;
use super::dimension::{dimensions, grouping};
use super::funnel::DealSelect;
use super::numeric::ratio;
use super::selection::Selection;
use super::{units, AsOf, Filter};
use crate::import::lookup::column_value;
use crate::model::{Dataset, Day, Deal, DealOutcome, Kind, Lookup, Sym};
use serde::Serialize;
use std::collections::HashMap;

/// The deals of one value of a dimension.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DealGroup {
    /// The value as written (empty: deals without one, or whose key the lookup lacks).
    pub value: String,
    /// Deals.
    pub deals: u64,
    /// Open deals.
    pub open: u64,
    /// Won deals.
    pub won: u64,
    /// Lost deals.
    pub lost: u64,
    /// won / (won + lost).
    pub win_rate: Option<f64>,
    /// Σ amount of the won deals.
    pub won_revenue: f64,
    /// won_revenue / won deals with an amount.
    pub average_won: Option<f64>,
    /// Σ amount of the open deals.
    pub open_amount: f64,
}

#[derive(Clone, Copy, Default)]
struct Acc {
    deals: u64,
    open: u64,
    won: u64,
    lost: u64,
    won_with_amount: u64,
    won_minor: i64,
    open_minor: i64,
}

impl Acc {
    fn add(&mut self, d: &Deal) {
        self.deals += 1;
        let amount = d.amount.map_or(0, |m| m.0);
        match d.outcome {
            DealOutcome::Open => {
                self.open += 1;
                self.open_minor = self.open_minor.saturating_add(amount);
            }
            DealOutcome::Won => {
                self.won += 1;
                self.won_minor = self.won_minor.saturating_add(amount);
                self.won_with_amount += u64::from(d.amount.is_some());
            }
            DealOutcome::Lost => self.lost += 1,
        }
    }

    fn group(self, value: String) -> DealGroup {
        DealGroup {
            value,
            deals: self.deals,
            open: self.open,
            won: self.won,
            lost: self.lost,
            win_rate: ratio(self.won as f64, (self.won + self.lost) as f64),
            won_revenue: units(self.won_minor),
            average_won: ratio(units(self.won_minor), self.won_with_amount as f64),
            open_amount: units(self.open_minor),
        }
    }
}

/// The dimensions the deals of `ds` can be broken down by ([`dimensions`]): `owner`,
/// `stage`, `customer_name` (the account), `amount` and `probability` in bands, the deals'
/// extra columns and the attributes of lookup files for deals.
pub fn deal_dimensions(ds: &Dataset) -> Vec<String> {
    dimensions(ds, Kind::Deals)
}

/// The dimensions the order lines of `ds` can be broken down by: `product`, `category`,
/// `channel`, `amount` in bands, the orders' extra columns and the attributes of lookup
/// files for orders (a products file's series).
pub fn order_dimensions(ds: &Dataset) -> Vec<String> {
    dimensions(ds, Kind::Orders)
}

/// The groups of a breakdown in display order: bands in ascending order, values by `key`
/// descending (ties by value); the group without a value last either way.
pub(crate) fn order_groups<G>(
    groups: &mut Vec<G>,
    banded: bool,
    value: impl Fn(&G) -> &str,
    key: impl Fn(&G) -> f64,
) {
    crate::sort::sort_by(groups, |a, b| {
        let (va, vb) = (value(a), value(b));
        let empty = va.is_empty().cmp(&vb.is_empty());
        if banded {
            return empty;
        }
        empty
            .then_with(|| key(b).total_cmp(&key(a)))
            .then_with(|| va.cmp(vb))
    });
}

/// The deals of `filter` (owner, segment, period; the same selection as the funnel, so
/// deals without a date count over the whole history) per value of dimension `name`
/// ([`deal_dimensions`]), most deals first; `None` when the deals have no such column.
pub fn deals_by(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: &AsOf,
    name: &str,
) -> Option<Vec<DealGroup>> {
    let g = grouping(ds, Kind::Deals, name)?;
    let sel = Selection::new(ds, idx, filter);
    let chosen = DealSelect::new(&sel, as_of.deals).current();
    let mut out: Vec<DealGroup> = g
        .fold(chosen, |acc: &mut Acc, i| acc.add(&ds.deals.rows[i]))
        .into_iter()
        .map(|(value, acc)| acc.group(value))
        .collect();
    order_groups(&mut out, g.banded, |d| &d.value, |d| d.deals as f64);
    Some(out)
}

/// The order lines of one value of a dimension.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OrderGroup {
    /// The value as written (empty: lines without one, or whose key the lookup lacks).
    pub value: String,
    /// Completed lines (returns included).
    pub lines: u64,
    /// Net revenue: Σ amount of the completed lines (a return line is negative; refunded,
    /// cancelled and pending lines are not revenue).
    pub revenue: f64,
    /// Distinct customers with a completed line.
    pub customers: u64,
}

/// The completed order lines of `filter` (its period up to `as_of`, its channels and
/// segments) per value of dimension `name` ([`order_dimensions`]), most revenue first;
/// `None` when the orders have no such column.
pub fn orders_by(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: &AsOf,
    name: &str,
) -> Option<Vec<OrderGroup>> {
    let g = grouping(ds, Kind::Orders, name)?;
    let sel = Selection::new(ds, idx, filter);
    let chosen = completed_lines(&sel, as_of.orders);
    // (lines, revenue, distinct customers); one set of (group, customer) pairs for all
    // groups (a set per group of a 1,000-value column cost twice as much).
    type Lines = (u64, i64, u64);
    let mut seen: hashbrown::HashSet<u64> = hashbrown::HashSet::new();
    let groups = g.fold(chosen, |acc: &mut Lines, i| {
        let o = &ds.orders.rows[i];
        acc.0 += 1;
        acc.1 = acc.1.saturating_add(o.amount.0);
        let pair = (g.of(i) as u64) << 32 | u64::from(o.customer.0);
        acc.2 += u64::from(seen.insert(pair));
    });
    let mut out: Vec<OrderGroup> = groups
        .into_iter()
        .map(|(value, (lines, minor, customers))| OrderGroup {
            value,
            lines,
            revenue: units(minor),
            customers,
        })
        .collect();
    order_groups(&mut out, g.banded, |o| &o.value, |o| o.revenue);
    Some(out)
}

/// The completed order lines (returns included) the selection keeps in the filter's period
/// up to `as_of`, in file order: what [`orders_by`] breaks down.
pub(crate) fn completed_lines(sel: &Selection<'_>, as_of: Day) -> Vec<usize> {
    let (from, to) = sel.filter().bounds(as_of);
    let to = to.map_or(as_of, |t| t.min(as_of));
    let rows = &sel.dataset().orders.rows;
    (0..rows.len())
        .filter(|&i| {
            let o = &rows[i];
            from.is_none_or(|f| o.date >= f)
                && o.date <= to
                && o.status == crate::model::OrderStatus::Completed
                && sel.keeps(Kind::Orders, i)
        })
        .collect()
}

/// How a lookup file matches the records it describes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LookupMatch {
    /// The file.
    pub file: String,
    /// The records it describes.
    pub kind: Kind,
    /// Their column it is keyed by.
    pub key: String,
    /// Its attributes.
    pub attributes: Vec<String>,
    /// Its keys (rows).
    pub keys: u64,
    /// Keys that no record has: a misspelling, or records not imported.
    pub unmatched_keys: Vec<String>,
    /// Records with a value in the key column.
    pub records: u64,
    /// Of them, records whose value is not a key of the file.
    pub records_unmatched: u64,
    /// Some values of those records (at most 10, most frequent first).
    pub missing_values: Vec<String>,
}

/// How every lookup of `ds` matches its records.
pub fn lookup_matches(ds: &Dataset) -> Vec<LookupMatch> {
    ds.lookups.iter().map(|l| lookup_match(ds, l)).collect()
}

fn lookup_match(ds: &Dataset, l: &Lookup) -> LookupMatch {
    let key = ds.str(l.key);
    let keys: std::collections::HashSet<Sym> = l.table.rows.iter().copied().collect();
    let mut seen: HashMap<Sym, u64> = HashMap::new();
    for i in 0..ds.count(l.kind) {
        let v = ds.strings.as_key(column_value(ds, l.kind, key, i));
        if !v.is_empty() {
            *seen.entry(v).or_default() += 1;
        }
    }
    let mut missing: Vec<(Sym, u64)> = seen
        .iter()
        .filter(|(v, _)| !keys.contains(v))
        .map(|(v, n)| (*v, *n))
        .collect();
    crate::sort::sort_by(&mut missing, |a, b| {
        b.1.cmp(&a.1).then_with(|| ds.str(a.0).cmp(ds.str(b.0)))
    });
    let mut unmatched: Vec<String> = (l.table.rows.iter())
        .filter(|k| !k.is_empty() && !seen.contains_key(k))
        .map(|k| ds.str(*k).to_string())
        .collect();
    crate::sort::sort_by(&mut unmatched, Ord::cmp);
    LookupMatch {
        file: ds.str(l.file).to_string(),
        kind: l.kind,
        key: key.to_string(),
        attributes: l
            .table
            .extra_columns
            .iter()
            .map(|c| ds.str(*c).to_string())
            .collect(),
        keys: l.table.rows.len() as u64,
        unmatched_keys: unmatched,
        records: seen.values().sum(),
        records_unmatched: missing.iter().map(|(_, n)| n).sum(),
        missing_values: missing
            .iter()
            .take(10)
            .map(|(v, _)| ds.str(*v).to_string())
            .collect(),
    }
}
