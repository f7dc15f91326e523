//! The pipeline per value of any column of the deals, or of an attribute a lookup file adds
//! to them (an account's sector, an agent's manager, a product's series), and how well each
//! lookup file matches the records it describes.

use super::numeric::ratio;
use super::{units, Filter, MAX_DIMENSION_VALUES};
use crate::import::lookup::{column_value, extra_columns};
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

/// The fields of a deal a breakdown can use, by their names.
const DEAL_FIELDS: [&str; 3] = ["owner", "stage", "customer_name"];

/// The fields of an order line a breakdown can use, by their names.
const ORDER_FIELDS: [&str; 3] = ["product", "category", "channel"];

/// The dimensions the deals of `ds` can be broken down by: `owner`, `stage`,
/// `customer_name` (the account), the deals' extra columns and the attributes of lookup
/// files for deals, each with 2 to [`MAX_DIMENSION_VALUES`] distinct values among the deals.
pub fn deal_dimensions(ds: &Dataset) -> Vec<String> {
    dimensions(ds, Kind::Deals, &DEAL_FIELDS)
}

/// The dimensions the order lines of `ds` can be broken down by: `product`, `category`,
/// `channel`, the orders' extra columns and the attributes of lookup files for orders
/// (a products file's series), each with 2 to [`MAX_DIMENSION_VALUES`] distinct values.
pub fn order_dimensions(ds: &Dataset) -> Vec<String> {
    dimensions(ds, Kind::Orders, &ORDER_FIELDS)
}

fn dimensions(ds: &Dataset, kind: Kind, fields: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
    names.extend(
        extra_columns(ds, kind)
            .iter()
            .map(|c| ds.str(*c).to_string()),
    );
    for l in lookups_of(ds, kind) {
        names.extend(l.table.extra_columns.iter().map(|c| ds.str(*c).to_string()));
    }
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if out.contains(&name) {
            continue;
        }
        let Some(value) = dimension(ds, kind, fields, &name) else {
            continue;
        };
        let mut seen: Vec<Sym> = Vec::new();
        for i in 0..ds.count(kind) {
            let v = value(i);
            if !v.is_empty() && !seen.contains(&v) {
                seen.push(v);
                if seen.len() > MAX_DIMENSION_VALUES {
                    break;
                }
            }
        }
        if (2..=MAX_DIMENSION_VALUES).contains(&seen.len()) {
            out.push(name);
        }
    }
    out
}

fn lookups_of(ds: &Dataset, kind: Kind) -> impl Iterator<Item = &Lookup> {
    ds.lookups.iter().filter(move |l| l.kind == kind)
}

/// The value of dimension `name` for record `i` of `kind`: a field of `fields`, an extra
/// column, else a lookup attribute through the lookup's key.
pub(crate) fn dimension<'a>(
    ds: &'a Dataset,
    kind: Kind,
    fields: &[&str],
    name: &str,
) -> Option<Box<dyn Fn(usize) -> Sym + 'a>> {
    let is_extra = extra_columns(ds, kind).iter().any(|c| ds.str(*c) == name);
    if fields.contains(&name) || is_extra {
        let name = name.to_string();
        return Some(Box::new(move |i| column_value(ds, kind, &name, i)));
    }
    let has = |l: &&Lookup| l.table.extra_columns.iter().any(|c| ds.str(*c) == name);
    let l = lookups_of(ds, kind).find(has)?;
    let columns = &l.table.extra_columns;
    let j = columns.iter().position(|c| ds.str(*c) == name)?;
    let width = columns.len();
    let rows: HashMap<Sym, usize> = (l.table.rows.iter().enumerate())
        .map(|(r, k)| (*k, r))
        .collect();
    let key = ds.str(l.key).to_string();
    Some(Box::new(move |i| {
        let k = column_value(ds, kind, &key, i);
        rows.get(&k)
            .map_or(Sym::EMPTY, |r| l.table.extra_values[r * width + j])
    }))
}

/// Whether a deal counts for `filter`: its owner among the filter's owners (when it has
/// some), and its day (created, else closed, else expected close) in the filter's range up
/// to `as_of`; a deal without any date always counts.
fn counts(d: &Deal, filter: &Filter, as_of: Day) -> bool {
    if !filter.owners.is_empty() && !filter.owners.contains(&d.owner) {
        return false;
    }
    let to = filter.to.map_or(as_of, |t| t.min(as_of));
    let day = d.created.or(d.closed).or(d.expected_close);
    day.is_none_or(|day| filter.from.is_none_or(|f| day >= f) && day <= to)
}

/// The deals of `filter` per value of dimension `name` ([`deal_dimensions`]), most deals
/// first (ties by value); `None` when the deals have no such column.
pub fn deals_by(ds: &Dataset, filter: &Filter, as_of: Day, name: &str) -> Option<Vec<DealGroup>> {
    let value = dimension(ds, Kind::Deals, &DEAL_FIELDS, name)?;
    let mut groups: HashMap<Sym, Acc> = HashMap::new();
    for (i, d) in ds.deals.rows.iter().enumerate() {
        if counts(d, filter, as_of) {
            groups.entry(value(i)).or_default().add(d);
        }
    }
    let mut out: Vec<DealGroup> = groups
        .into_iter()
        .map(|(s, acc)| acc.group(ds.str(s).to_string()))
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        b.deals.cmp(&a.deals).then_with(|| a.value.cmp(&b.value))
    });
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

/// The completed order lines of `filter` (its period up to `as_of`, its channels) per value
/// of dimension `name` ([`order_dimensions`]), most revenue first (ties by value); `None`
/// when the orders have no such column.
pub fn orders_by(ds: &Dataset, filter: &Filter, as_of: Day, name: &str) -> Option<Vec<OrderGroup>> {
    let value = dimension(ds, Kind::Orders, &ORDER_FIELDS, name)?;
    let to = filter.to.map_or(as_of, |t| t.min(as_of));
    let mut groups: HashMap<Sym, (u64, i64, std::collections::HashSet<Sym>)> = HashMap::new();
    for (i, o) in ds.orders.rows.iter().enumerate() {
        let in_period = filter.from.is_none_or(|f| o.date >= f) && o.date <= to;
        let in_channel = filter.channels.is_empty() || filter.channels.contains(&o.channel);
        if !in_period || !in_channel || o.status != crate::model::OrderStatus::Completed {
            continue;
        }
        let g = groups.entry(value(i)).or_default();
        g.0 += 1;
        g.1 = g.1.saturating_add(o.amount.0);
        g.2.insert(o.customer);
    }
    let mut out: Vec<OrderGroup> = groups
        .into_iter()
        .map(|(s, (lines, minor, customers))| OrderGroup {
            value: ds.str(s).to_string(),
            lines,
            revenue: units(minor),
            customers: customers.len() as u64,
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then_with(|| a.value.cmp(&b.value))
    });
    Some(out)
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
        let v = column_value(ds, l.kind, key, i);
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
