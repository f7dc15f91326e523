//! The benchmark metric set of `../shared/bench/METRICS.md`, exactly as specified there
//! (one order row = one purchase, every row counted whatever its status).

use super::calendar::month_label;
use super::customer_index::CustomerIndex;
use super::rfm::rfm_scores;
use super::units;
use crate::model::{Dataset, DealOutcome, Money, Sym};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The benchmark's six deal stages.
const STAGES: [&str; 6] = [
    "lead",
    "qualified",
    "proposal",
    "negotiation",
    "won",
    "lost",
];

/// A customer id as the benchmark's integer (its generator writes numeric ids); 0 when the
/// id is not a number.
fn int_id(ds: &Dataset, id: Sym) -> i64 {
    ds.str(id).trim().parse().unwrap_or(0)
}

/// The METRICS.md JSON object (`order_count`, `total_revenue`, …, `deals`) for `ds`.
pub fn bench_metrics(ds: &Dataset) -> Value {
    bench_metrics_with(ds, &CustomerIndex::build(ds))
}

/// [`bench_metrics`] with a prebuilt index.
pub fn bench_metrics_with(ds: &Dataset, idx: &CustomerIndex) -> Value {
    let n_orders = ds.orders.len();
    let d = ds.orders.rows.iter().map(|o| o.date.0).max().unwrap_or(0);
    let sums = order_sums(ds, idx, d);
    let custs = &sums.custs;
    let n = custs.len();
    let mean = |s: f64| if n > 0 { s / n as f64 } else { 0.0 };
    let (rfm, top10) = rfm_and_top(ds, idx, custs, d);
    json!({
        "order_count": n_orders,
        "total_revenue": units(sums.total),
        "distinct_customers": n,
        "max_order_date": if n_orders > 0 { crate::model::Day(d).iso() } else { String::new() },
        "revenue_by_month": sums.by_month.iter().map(|(m, v)| (month_label(*m), json!(units(*v)))).collect::<Map<_, _>>(),
        "top10_customers": top10,
        "revenue_by_segment": sums.by_segment.iter().map(|(k, v)| (k.to_string(), json!(units(*v)))).collect::<Map<_, _>>(),
        "repeat_customer_rate": mean(custs.iter().filter(|c| c.1 >= 2).count() as f64),
        "churn": {
            "prev_active": sums.prev_active,
            "churned": sums.churned,
            "rate": if sums.prev_active > 0 { sums.churned as f64 / sums.prev_active as f64 } else { 0.0 },
        },
        "rfm": rfm,
        "deals": deals(ds),
    })
}

/// What the benchmark sums over the orders.
struct OrderSums<'a> {
    /// Σ amount (minor units).
    total: i64,
    by_month: BTreeMap<i32, i64>,
    /// By segment name (`(unknown)`: none).
    by_segment: BTreeMap<&'a str, i64>,
    /// Per customer with orders: (dense number, frequency, cents, last day).
    custs: Vec<(usize, u32, i64, i32)>,
    /// Customers active in the 90 days before the last 90 (to `d`), and those of them not
    /// active in the last 90.
    prev_active: u64,
    churned: u64,
}

/// The sums over every order row of `idx`, the last order day being `d`.
fn order_sums<'a>(ds: &'a Dataset, idx: &CustomerIndex, d: i32) -> OrderSums<'a> {
    // Segment of each customer of the customers file (placeholders are "missing").
    let mut segment_of: Vec<Option<Sym>> = vec![None; idx.len()];
    for c in ds.customers.rows.iter().filter(|c| !c.placeholder) {
        if let Some(i) = idx.dense(c.id) {
            segment_of[i].get_or_insert(c.segment);
        }
    }
    let mut s = OrderSums {
        total: 0,
        by_month: BTreeMap::new(),
        by_segment: BTreeMap::new(),
        custs: Vec::new(),
        prev_active: 0,
        churned: 0,
    };
    // By segment symbol (`None`: unknown) while summing, by name at the end.
    let mut by_segment_sym: BTreeMap<Option<Sym>, i64> = BTreeMap::new();
    let add_month = |by_month: &mut BTreeMap<i32, i64>, month: i32, amount: i64| {
        *by_month.entry(month).or_insert(0) += amount;
    };
    for (c, segment) in segment_of.iter().enumerate() {
        let rows = idx.rows_of(c);
        if rows.is_empty() {
            continue;
        }
        let mut sum = 0i64;
        let (mut in_prev, mut in_last) = (false, false);
        let mut last = i32::MIN;
        let (mut run_month, mut run_sum) = (rows[0].month(), 0i64);
        for r in rows {
            sum += r.amount;
            last = last.max(r.day);
            in_prev |= d - 180 < r.day && r.day <= d - 90;
            in_last |= r.day > d - 90;
            if r.month() != run_month {
                add_month(&mut s.by_month, run_month, run_sum);
                run_month = r.month();
                run_sum = 0;
            }
            run_sum += r.amount;
        }
        add_month(&mut s.by_month, run_month, run_sum);
        s.total += sum;
        *by_segment_sym.entry(*segment).or_insert(0) += sum;
        s.prev_active += u64::from(in_prev);
        s.churned += u64::from(in_prev && !in_last);
        s.custs
            .push((c, rows.len() as u32, Money(sum).to_cents(), last));
    }
    for r in idx.orphan_rows() {
        s.total += r.amount;
        add_month(&mut s.by_month, r.month(), r.amount);
        *by_segment_sym.entry(None).or_insert(0) += r.amount;
    }
    for (segment, sum) in by_segment_sym {
        let name = segment.map_or("(unknown)", |s| ds.str(s));
        *s.by_segment.entry(name).or_insert(0) += sum;
    }
    s
}

/// The RFM object (quintile scores, their cells and checksum, the means) and the ten
/// customers with the most revenue, of `custs` (see [`OrderSums::custs`]).
fn rfm_and_top(
    ds: &Dataset,
    idx: &CustomerIndex,
    custs: &[(usize, u32, i64, i32)],
    d: i32,
) -> (Value, Vec<Value>) {
    let n = custs.len();
    let ids: Vec<i64> = custs.iter().map(|c| int_id(ds, idx.id(c.0))).collect();
    let tie: Vec<u32> = custs.iter().map(|c| idx.id_rank(c.0)).collect();
    let recency: Vec<i64> = custs.iter().map(|c| i64::from(d - c.3 + 1)).collect();
    let r_keys: Vec<std::cmp::Reverse<i64>> =
        recency.iter().map(|&r| std::cmp::Reverse(r)).collect();
    let f_keys: Vec<u32> = custs.iter().map(|c| c.1).collect();
    let m_keys: Vec<i64> = custs.iter().map(|c| c.2).collect();
    let (rs, fs, ms) = (
        rfm_scores(&r_keys, &tie, 5),
        rfm_scores(&f_keys, &tie, 5),
        rfm_scores(&m_keys, &tie, 5),
    );
    let mut cell_counts = [0u64; 1000];
    let mut checksum: i64 = 0;
    for i in 0..n {
        let code = 100 * i64::from(rs[i]) + 10 * i64::from(fs[i]) + i64::from(ms[i]);
        cell_counts[code as usize] += 1;
        checksum += ids[i] * code;
    }
    let cells: BTreeMap<String, u64> = (cell_counts.iter().enumerate())
        .filter(|(_, &c)| c > 0)
        .map(|(code, &c)| (code.to_string(), c))
        .collect();
    let mut top: Vec<usize> = (0..n).collect();
    top.sort_unstable_by(|&a, &b| custs[b].2.cmp(&custs[a].2).then(tie[a].cmp(&tie[b])));
    let top10 = (top.iter().take(10))
        .map(|&i| json!([ids[i], custs[i].2 as f64 / 100.0]))
        .collect();
    let mean = |s: f64| if n > 0 { s / n as f64 } else { 0.0 };
    let rfm = json!({
        "customers": n,
        "mean_recency": mean(recency.iter().sum::<i64>() as f64),
        "mean_frequency": mean(f_keys.iter().map(|&f| f64::from(f)).sum::<f64>()),
        "mean_monetary": mean(m_keys.iter().sum::<i64>() as f64 / 100.0),
        "cells": cells,
        "checksum": checksum,
    });
    (rfm, top10)
}

/// The deals object: the count and amount per stage (won and lost by outcome), the win rate.
fn deals(ds: &Dataset) -> Value {
    let mut amounts: BTreeMap<String, i64> = STAGES.iter().map(|s| (s.to_string(), 0)).collect();
    let mut counts: BTreeMap<String, u64> = STAGES.iter().map(|s| (s.to_string(), 0)).collect();
    for deal in &ds.deals.rows {
        let key = match deal.outcome {
            DealOutcome::Won => "won".to_string(),
            DealOutcome::Lost => "lost".to_string(),
            DealOutcome::Open => ds.str(deal.stage).to_lowercase(),
        };
        *counts.entry(key.clone()).or_insert(0) += 1;
        *amounts.entry(key).or_insert(0) += deal.amount.map_or(0, |m| m.0);
    }
    let (won, lost) = (counts["won"], counts["lost"]);
    let funnel: Map<String, Value> = counts.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let amount_by_stage: Map<String, Value> = (amounts.iter())
        .map(|(k, v)| (k.clone(), json!(units(*v))))
        .collect();
    json!({
        "total": ds.deals.len(),
        "funnel": funnel,
        "amount_by_stage": amount_by_stage,
        "win_rate": if won + lost > 0 { won as f64 / (won + lost) as f64 } else { 0.0 },
    })
}
