//! Monthly acquisition cohorts: retention and revenue by months since the first purchase.

use super::calendar::month_label;
use super::customer_index::CustomerIndex;
use super::explain::Formula;
use super::numeric::ratio;
use super::scan::{scan, Scan};
use super::selection::Selection;
use super::{units, Explanation, Filter, Params};
use crate::model::{Dataset, Day};
use serde::Serialize;

/// One acquisition cohort.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohort {
    /// Month of the first purchase, `YYYY-MM`.
    pub month: String,
    /// Customers acquired that month.
    pub customers: u64,
    /// `active[j]`: of them, customers with a purchase j months later (j = 0 is the
    /// acquisition month, so `active[0] = customers`), up to the period end.
    pub active: Vec<u64>,
    /// `retention[j] = active[j] / customers`.
    pub retention: Vec<f64>,
    /// `revenue[j]`: their net revenue j months after acquisition.
    pub revenue: Vec<f64>,
    /// Σ revenue.
    pub total_revenue: f64,
}

/// The cohort table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohorts {
    /// Cohorts acquired in the period, oldest first (months without new customers skipped).
    pub cohorts: Vec<Cohort>,
    /// How it was computed.
    pub explain: Explanation,
}

/// The cohorts for a filter.
pub fn cohorts(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> Cohorts {
    cohorts_from(&scan(&Selection::new(ds, idx, filter), as_of, params))
}

pub(crate) fn cohorts_from(s: &Scan) -> Cohorts {
    let mut out = Vec::new();
    let mut total = 0u64;
    for (k, &size) in s.cohort_size.iter().enumerate() {
        if size == 0 {
            continue;
        }
        total += size;
        let revenue: Vec<f64> = s.cohort_revenue[k].iter().map(|&v| units(v)).collect();
        out.push(Cohort {
            month: month_label(s.month0 + k as i32),
            customers: size,
            active: s.cohort_customers[k].clone(),
            retention: s.cohort_customers[k]
                .iter()
                .map(|&a| ratio(a as f64, size as f64).unwrap_or(0.0))
                .collect(),
            total_revenue: units(s.cohort_revenue[k].iter().sum()),
            revenue,
        });
    }
    Cohorts {
        cohorts: out,
        explain: Explanation::new(Formula::Cohorts, total as usize).period(&s.cur),
    }
}
