//! Customers per value of any of their columns (a segment, a city, an age band, an
//! account's sector): how many, how many bought in the period, their orders and revenue.

use super::customer_index::{CustomerIndex, RowKind};
use super::dimension::{dimensions, grouping};
use super::numeric::ratio;
use super::selection::Selection;
use super::{units, AsOf, Filter};
use crate::model::{Dataset, Kind};
use serde::Serialize;

/// The customers of one value of a dimension.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CustomerGroup {
    /// The value as written (empty: customers without one).
    pub value: String,
    /// Customers.
    pub customers: u64,
    /// Of them, customers with a purchase in the period.
    pub buyers: u64,
    /// Their orders in the period.
    pub orders: u64,
    /// Their net revenue in the period (purchases less return lines).
    pub revenue: f64,
    /// revenue / customers.
    pub revenue_per_customer: Option<f64>,
}

#[derive(Default)]
struct Acc {
    customers: u64,
    buyers: u64,
    orders: u64,
    net: i64,
}

/// The customer columns a breakdown offers ([`dimensions`] of the customers).
pub fn customer_dimensions(ds: &Dataset) -> Vec<String> {
    dimensions(ds, Kind::Customers)
}

/// The customers of the customers files (placeholders included: ids other files name) that
/// `filter`'s segments select, per value of column `name`, with their purchases in the
/// filter's period up to `as_of.orders` (through its channels); most customers first, bands
/// in order. `None` without customers, without orders or without such a column.
pub fn customers_by(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: &AsOf,
    name: &str,
) -> Option<Vec<CustomerGroup>> {
    // Without orders every figure but the count would be 0: the snapshot's breakdown (or
    // none) serves such data.
    if ds.customers.is_empty() || ds.orders.is_empty() {
        return None;
    }
    let g = grouping(ds, Kind::Customers, name)?;
    let (from, to) = filter.bounds(as_of.orders);
    let to = to.map_or(as_of.orders, |t| t.min(as_of.orders)).0;
    let from = from.map_or(i32::MIN, |f| f.0);
    let sel = Selection::new(ds, idx, filter);
    let rows = &ds.customers.rows;
    let chosen = (0..rows.len()).filter(|&i| sel.keeps(Kind::Customers, i));
    let groups = g.fold(chosen, |acc: &mut Acc, i| {
        acc.customers += 1;
        let Some(c) = idx.dense(rows[i].id) else {
            return;
        };
        let mut bought = false;
        let start = idx.start_of(c);
        for (k, r) in idx.rows_of(c).iter().enumerate() {
            let counted = from <= r.day && r.day <= to && sel.keeps_order_at(start + k, r);
            match r.kind() {
                RowKind::Purchase if counted => {
                    bought = true;
                    acc.orders += u64::from(r.head());
                    acc.net += r.amount;
                }
                RowKind::Return if counted => acc.net += r.amount,
                _ => {}
            }
        }
        acc.buyers += u64::from(bought);
    });
    let mut out: Vec<CustomerGroup> = groups
        .into_iter()
        .map(|(value, a)| CustomerGroup {
            value,
            customers: a.customers,
            buyers: a.buyers,
            orders: a.orders,
            revenue: units(a.net),
            revenue_per_customer: ratio(units(a.net), a.customers as f64),
        })
        .collect();
    super::deals_by::order_groups(&mut out, g.banded, |c| &c.value, |c| c.customers as f64);
    Some(out)
}
