//! Customer counts, churn and the repeat-purchase rate.

use super::customer_index::CustomerIndex;
use super::explain::{Formula, Shown, Term};
use super::numeric::ratio;
use super::scan::{scan, ChurnCounts, Scan};
use super::selection::Selection;
use super::{Explanation, Filter, Kpi, Params};
use crate::model::{Dataset, Day};
use serde::Serialize;

/// What the churn rate was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnSource {
    /// Order activity: customers who bought in one window and not in the next.
    OrderActivity,
    /// The customers' status column (or churn dates), as a snapshot states it.
    StatusColumn,
}

/// Churn R = (N0 − N1) / N0: from order activity for the current period end, or from the
/// status column of a customer snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Churn {
    /// Where N0 and N1 come from.
    pub source: ChurnSource,
    /// The activity window W in days.
    pub window_days: i32,
    /// N0: customers with a purchase in (end − 2W, end − W]; from a status column, the
    /// customers whose status is active or churned.
    pub prev_active: u64,
    /// N1: those of them with a purchase in (end − W, end]; from a status column, the
    /// active ones.
    pub retained: u64,
    /// N0 − N1.
    pub churned: u64,
    /// R = (N0 − N1) / N0, and the same at the previous period's end; `None` when N0 = 0.
    pub rate: Kpi,
}

/// Customer counts of a period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerMetrics {
    /// Customers known at the period end (first seen, by signup or first purchase, on or
    /// before it).
    pub total: Kpi,
    /// Customers with at least one purchase in the period.
    pub active: Kpi,
    /// Customers whose first purchase ever falls in the period.
    pub new: Kpi,
    /// Customers with ≥ 2 orders in the period / customers with ≥ 1.
    pub repeat_rate: Kpi,
    /// Churn.
    pub churn: Churn,
}

/// The customer figures for a filter.
pub fn customer_metrics(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> CustomerMetrics {
    let sel = Selection::new(ds, idx, filter);
    let mut m = customers_from(&scan(&sel, as_of, params), params);
    if let Some(s) = super::snapshot::snapshot_in(&sel, as_of) {
        m.churn = m.churn.from_snapshot(&s, ds.orders.len());
    }
    m
}

impl Churn {
    /// The churn a snapshot's status column states, when the dataset has no orders to
    /// watch (`orders` = 0) and the status states any (a customer who is active or
    /// churned); else `self`, from order activity, which follows the period.
    pub fn from_snapshot(self, s: &super::Snapshot, orders: usize) -> Churn {
        if orders > 0 || s.active + s.churned == 0 {
            return self;
        }
        Churn {
            source: ChurnSource::StatusColumn,
            window_days: self.window_days,
            prev_active: s.active + s.churned,
            retained: s.active,
            churned: s.churned,
            rate: s.churn_rate.clone(),
        }
    }
}

fn churn_rate(c: &ChurnCounts) -> Option<f64> {
    ratio((c.prev_active - c.retained) as f64, c.prev_active as f64)
}

pub(crate) fn customers_from(s: &Scan, params: &Params) -> CustomerMetrics {
    let (c, p) = (&s.cur_totals, &s.prev_totals);
    let count = |formula, cur: u64, prev: u64, rows: u64| {
        Kpi::new(
            Some(cur as f64),
            Some(prev as f64),
            Explanation::new(formula, rows as usize).period(&s.cur),
        )
    };
    let w = params.churn_window_days.max(1);
    CustomerMetrics {
        total: count(Formula::CustomersTotal, c.known, p.known, c.known),
        active: count(Formula::CustomersActive, c.active, p.active, c.rows),
        new: count(Formula::CustomersNew, c.new, p.new, c.rows),
        repeat_rate: Kpi::new(
            ratio(c.repeaters as f64, c.active as f64),
            ratio(p.repeaters as f64, p.active as f64),
            Explanation::new(Formula::RepeatRate, c.active as usize).period(&s.cur),
        ),
        churn: Churn {
            source: ChurnSource::OrderActivity,
            window_days: w,
            prev_active: s.churn_cur.prev_active,
            retained: s.churn_cur.retained,
            churned: s.churn_cur.prev_active - s.churn_cur.retained,
            rate: Kpi::new(
                churn_rate(&s.churn_cur),
                churn_rate(&s.churn_prev),
                Explanation::new(Formula::Churn, s.churn_cur.prev_active as usize)
                    .param(Term::End, s.cur.to)
                    .param(Term::ChurnWindowDays, Shown::Count(w as u64)),
            ),
        },
    }
}
