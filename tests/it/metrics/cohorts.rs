//! Acquisition cohorts.

use super::builder::{day, setup, B};
use rapport::core::metrics::cohorts;
use rapport::core::model::Dataset;

#[test]
fn retention_and_revenue_by_months_since_first_purchase() {
    let ds = B::new()
        .order("1", "x", "2024-01-02", 10.0)
        .order("2", "x", "2024-01-30", 5.0)
        .order("3", "x", "2024-03-03", 20.0)
        .order("4", "y", "2024-01-20", 30.0)
        .order("5", "y", "2024-02-01", 40.0)
        .order("6", "z", "2024-02-05", 50.0)
        .build();
    let (idx, params, filter) = setup(&ds);
    let c = cohorts(&ds, &idx, &filter, day("2024-03-31"), &params);
    assert_eq!(c.cohorts.len(), 2);
    let jan = &c.cohorts[0];
    assert_eq!((jan.month.as_str(), jan.customers), ("2024-01", 2));
    assert_eq!(jan.active, [2, 1, 1]);
    assert_eq!(jan.retention, [1.0, 0.5, 0.5]);
    assert_eq!(jan.revenue, [45.0, 40.0, 20.0]);
    assert_eq!(jan.total_revenue, 105.0);
    let feb = &c.cohorts[1];
    assert_eq!(
        (feb.month.as_str(), feb.active.as_slice()),
        ("2024-02", &[1, 0][..])
    );
    assert_eq!(c.explain.rows, 3);
    // A later period keeps only the cohorts acquired in it.
    let mut f = filter.clone();
    f.from = Some(day("2024-02-01"));
    let c = cohorts(&ds, &idx, &f, day("2024-03-31"), &params);
    assert_eq!(c.cohorts.len(), 1);
    let empty = Dataset::default();
    let (idx, params, filter) = setup(&empty);
    assert!(cohorts(&empty, &idx, &filter, day("2024-03-31"), &params)
        .cohorts
        .is_empty());
}
