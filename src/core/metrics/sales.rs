//! Sales: revenue (gross, refunds, net), orders, AOV, and revenue by month, week, category
//! and channel.

use super::calendar::month_label;
use super::customer_index::CustomerIndex;
use super::explain::Formula;
use super::numeric::ratio;
use super::scan::{scan, Scan};
use super::selection::Selection;
use super::{units, Explained, Explanation, Filter, Kpi, Params, Period};
use crate::model::{Dataset, Day, Sym};
use crate::series::Series;
use serde::Serialize;

/// Order lines of the period left out of revenue, by status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Excluded {
    /// Cancelled order rows (not revenue).
    pub cancelled_rows: u64,
    /// Pending order rows (not yet revenue).
    pub pending_rows: u64,
    /// Σ amount of pending rows.
    pub pending_amount: f64,
    /// How they are counted.
    pub explain: Explanation,
}

/// The sales figures of a period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sales {
    /// The current period.
    pub period: Period,
    /// The previous period of equal length.
    pub previous_period: Period,
    /// Net revenue S = Σ price × quantity of completed lines − refunds.
    pub revenue: Kpi,
    /// Gross sales (completed and later-refunded lines).
    pub gross: Kpi,
    /// Refunds (refunded lines and negative return lines).
    pub refunds: Kpi,
    /// Distinct orders with a purchase line.
    pub orders: Kpi,
    /// Average order value = net revenue / orders.
    pub aov: Kpi,
    /// Order lines in the period that are not revenue (cancelled, pending).
    pub excluded: Excluded,
    /// Net revenue per calendar month (`YYYY-MM`, every month of the period, 0 when none).
    pub by_month: Explained<Series>,
    /// Distinct orders per calendar month.
    pub orders_by_month: Explained<Series>,
    /// Net revenue per week, labelled by its Monday (`YYYY-MM-DD`).
    pub by_week: Explained<Series>,
    /// Net revenue per product category, largest first (`(none)` for a missing category).
    pub by_category: Explained<Series>,
    /// Net revenue per sales channel, largest first (`(none)` for a missing channel).
    pub by_channel: Explained<Series>,
}

/// The sales figures for a filter.
pub fn sales(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> Sales {
    sales_from(
        ds,
        idx,
        &scan(&Selection::new(ds, idx, filter), as_of, params),
    )
}

pub(crate) fn label(ds: &Dataset, s: Sym) -> String {
    if s.is_empty() {
        "(none)".to_string()
    } else {
        ds.str(s).to_string()
    }
}

fn ranked(ds: &Dataset, name: &str, keys: &[Sym], sums: &[i64]) -> Series {
    let mut pairs: Vec<(Sym, i64)> = keys
        .iter()
        .copied()
        .zip(sums.iter().copied())
        .filter(|(_, v)| *v != 0)
        .collect();
    crate::sort::sort_by(&mut pairs, |a, b| {
        b.1.cmp(&a.1).then_with(|| ds.str(a.0).cmp(ds.str(b.0)))
    });
    let mut series = Series::new(name);
    for (k, v) in pairs {
        series.push(label(ds, k), units(v));
    }
    series
}

pub(crate) fn sales_from(ds: &Dataset, idx: &CustomerIndex, s: &Scan) -> Sales {
    let (c, p) = (&s.cur_totals, &s.prev_totals);
    let rows = c.rows as usize;
    let money = |formula, cur: i64, prev: i64| {
        Kpi::new(
            Some(units(cur)),
            Some(units(prev)),
            Explanation::new(formula, rows).period(&s.cur),
        )
    };
    let mut by_month = Series::new("Revenue");
    let mut orders_by_month = Series::new("Orders");
    for (i, (v, o)) in s.by_month.iter().zip(&s.orders_by_month).enumerate() {
        let label = month_label(s.month0 + i as i32);
        by_month.push(label.clone(), units(*v));
        orders_by_month.push(label, *o as f64);
    }
    let mut by_week = Series::new("Revenue");
    for (i, v) in s.by_week.iter().enumerate() {
        by_week.push(Day(s.week0.0 + 7 * i as i32).iso(), units(*v));
    }
    let explained = |value, formula| Explained {
        value,
        explain: Explanation::new(formula, rows).period(&s.cur),
    };
    Sales {
        period: s.cur,
        previous_period: s.prev,
        revenue: money(Formula::NetRevenue, c.net, p.net),
        gross: money(Formula::GrossSales, c.gross, p.gross),
        refunds: money(Formula::Refunds, c.refunds, p.refunds),
        orders: Kpi::new(
            Some(c.orders as f64),
            Some(p.orders as f64),
            Explanation::new(Formula::Orders, rows).period(&s.cur),
        ),
        aov: Kpi::new(
            ratio(units(c.net), c.orders as f64),
            ratio(units(p.net), p.orders as f64),
            Explanation::new(Formula::Aov, c.orders as usize).period(&s.cur),
        ),
        excluded: Excluded {
            cancelled_rows: c.cancelled,
            pending_rows: c.pending,
            pending_amount: units(c.pending_amount),
            explain: Explanation::new(Formula::OrderStatus, (c.cancelled + c.pending) as usize)
                .period(&s.cur),
        },
        by_month: explained(by_month, Formula::RevenueByMonth),
        orders_by_month: explained(orders_by_month, Formula::OrdersByMonth),
        by_week: explained(by_week, Formula::RevenueByWeek),
        by_category: explained(
            ranked(ds, "Revenue", idx.categories(), &s.by_category),
            Formula::RevenueByCategory,
        ),
        by_channel: explained(
            ranked(ds, "Revenue", idx.channels(), &s.by_channel),
            Formula::RevenueByChannel,
        ),
    }
}
