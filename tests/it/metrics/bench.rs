//! `bench_metrics`: the benchmark's JSON on a hand-made dataset.

use super::builder::B;
use rapport::core::metrics::bench_metrics;
use rapport::core::model::DealOutcome::*;
use serde_json::json;

#[test]
fn bench_json_has_the_specified_shape_and_values() {
    let mut b = B::new();
    b.customer("1", "Consumer", None)
        .customer("2", "Enterprise", None)
        .customer("10", "Consumer", None);
    // D = 2024-06-30.
    b.order("1", "1", "2024-03-15", 10.0)
        .order("2", "1", "2024-04-15", 20.5)
        .order("3", "2", "2024-05-01", 100.0)
        .order("4", "10", "2024-06-30", 5.25)
        .order("5", "10", "2024-06-01", 100.0)
        .order("6", "3", "2024-06-30", 1.0);
    b.deal("1", "ann", "lead", Open, Some(10.0), None, None)
        .deal("1", "ann", "won", Won, Some(20.0), None, None)
        .deal("2", "bob", "lost", Lost, None, None, None)
        .deal("2", "bob", "won", Won, Some(5.5), None, None);
    let ds = b.build();
    let m = bench_metrics(&ds);
    assert_eq!(m["order_count"], json!(6));
    assert_eq!(m["total_revenue"], json!(236.75));
    assert_eq!(m["distinct_customers"], json!(4));
    assert_eq!(m["max_order_date"], json!("2024-06-30"));
    assert_eq!(
        m["revenue_by_month"],
        json!({"2024-03": 10.0, "2024-04": 20.5, "2024-05": 100.0, "2024-06": 106.25})
    );
    // Customer 3 is not in the customers file.
    assert_eq!(
        m["revenue_by_segment"],
        json!({"(unknown)": 1.0, "Consumer": 135.75, "Enterprise": 100.0})
    );
    // Monetary: 10 → 105.25, 2 → 100, 1 → 30.5, 3 → 1.
    assert_eq!(
        m["top10_customers"],
        json!([[10, 105.25], [2, 100.0], [1, 30.5], [3, 1.0]])
    );
    assert_eq!(m["repeat_customer_rate"], json!(0.5));
    // Previous window (D − 180, D − 90] = Jan 3 – Apr 1: customer 1 (Mar 15) only; its
    // Apr 15 order falls in the last window (Apr 1, Jun 30], so nobody churned.
    assert_eq!(
        m["churn"],
        json!({"prev_active": 1, "churned": 0, "rate": 0.0})
    );
    // Recency: 1 → 77 (Apr 15), 2 → 61, 10 → 1, 3 → 1. R ranks (desc, ties by id):
    // 1, 2, 3, 10 → scores 1, 2, 3, 4. F: 2 (1), 3 (1), 1 (2), 10 (2) → 1, 2, 3, 4.
    // M: 3, 1, 2, 10 → 1, 2, 3, 4.
    let rfm = &m["rfm"];
    assert_eq!(rfm["customers"], json!(4));
    assert_eq!(rfm["mean_recency"], json!(35.0));
    assert_eq!(rfm["mean_frequency"], json!(1.5));
    assert_eq!(
        rfm["cells"],
        json!({"132": 1, "213": 1, "321": 1, "444": 1})
    );
    assert_eq!(rfm["checksum"], json!(132 + 2 * 213 + 3 * 321 + 10 * 444));
    let deals = &m["deals"];
    assert_eq!(deals["total"], json!(4));
    assert_eq!(
        deals["funnel"],
        json!({"lead": 1, "qualified": 0, "proposal": 0, "negotiation": 0, "won": 2, "lost": 1})
    );
    assert_eq!(deals["amount_by_stage"]["won"], json!(25.5));
    assert_eq!(deals["win_rate"], json!(2.0 / 3.0));
}

#[test]
fn bench_json_of_nothing() {
    let m = bench_metrics(&Default::default());
    assert_eq!(m["order_count"], json!(0));
    assert_eq!(m["churn"]["rate"], json!(0.0));
    assert_eq!(m["rfm"]["mean_recency"], json!(0.0));
    assert_eq!(m["deals"]["win_rate"], json!(0.0));
}
