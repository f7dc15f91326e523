//! Marketing: cost, ROI/ROAS/CPL/CAC, effect and uplift.

use super::builder::{close, day, setup, B};
use rapport::core::metrics::marketing;
use rapport::core::model::{Campaign, Dataset, Money};

fn fixture() -> Dataset {
    let mut b = B::new();
    b.order("1", "x", "2024-01-02", 50.0)
        .order("2", "w", "2024-01-06", 40.0)
        .order("3", "y", "2024-01-09", 30.0)
        .order("4", "x", "2024-01-10", 100.0)
        .order("5", "z", "2024-01-12", 70.0);
    let (id1, id2) = (b.sym("C1"), b.sym("C2"));
    b.campaign(Campaign {
        id: id1,
        start: Some(day("2024-01-09")),
        end: Some(day("2024-01-12")),
        cost: Money::from_units(100),
        revenue: Some(Money::from_units(250)),
        leads: Some(10),
        conversions: Some(50),
        audience: Some(1000),
        holdout: Some(1000),
        holdout_conversions: Some(30),
        ..Campaign::default()
    })
    .campaign(Campaign {
        id: id2,
        cost: Money::from_units(20),
        ..Campaign::default()
    });
    b.build()
}

#[test]
fn campaign_returns_costs_and_effect() {
    let ds = fixture();
    let (idx, params, filter) = setup(&ds);
    let m = marketing(&ds, &idx, &filter, day("2024-01-31"), &params);
    assert_eq!(m.cost.value, Some(120.0));
    assert_eq!(m.attributed.revenue, 250.0);
    assert_eq!(
        (
            m.attributed.roi,
            m.attributed.roas,
            m.leads.count,
            m.leads.cpl
        ),
        (Some(1.5), Some(2.5), 10, Some(10.0))
    );
    // Four customers bought for the first time in the period (Jan 2 – Jan 31).
    assert_eq!(m.cac.value, Some(30.0));
    let c = m.campaigns.iter().find(|c| c.id == "C1").unwrap();
    assert_eq!((c.roi, c.roas, c.cpl), (Some(1.5), Some(2.5), Some(10.0)));
    assert_eq!((c.new_customers, c.cac), (2, Some(50.0)));
    assert_eq!(c.conversion_rate, Some(0.05));
    // S1 = Jan 9–12 = 30 + 100 + 70; S0 = Jan 5–8 = 40.
    assert_eq!((c.revenue_during, c.revenue_before), (200.0, 40.0));
    assert_eq!(c.effect, Some(4.0));
    let u = c.uplift.as_ref().unwrap();
    close(u.uplift, 0.02, 1e-12);
    let se = (0.05f64 * 0.95 / 1000.0 + 0.03 * 0.97 / 1000.0).sqrt();
    close(u.ci_low, 0.02 - 1.959_964 * se, 1e-6);
    close(u.ci_high, 0.02 + 1.959_964 * se, 1e-6);
    close(u.relative.unwrap(), 0.02 / 0.03, 1e-12);
    let c2 = m.campaigns.iter().find(|c| c.id == "C2").unwrap();
    assert_eq!(
        (c2.roi, c2.cpl, c2.effect, c2.cac),
        (None, None, None, None)
    );
    assert!(c2.uplift.is_none());
    // Overall, over the one dated campaign: (200 − 40) / 40.
    assert_eq!(m.effect.value, Some(4.0));
    assert_eq!(m.effect.explain.rows, 1);
}

#[test]
fn a_date_range_keeps_overlapping_dated_campaigns() {
    let ds = fixture();
    let (idx, params, mut filter) = setup(&ds);
    filter.from = Some(day("2024-01-12"));
    filter.to = Some(day("2024-01-20"));
    let m = marketing(&ds, &idx, &filter, day("2024-01-31"), &params);
    assert_eq!(m.campaigns.len(), 1);
    assert_eq!(m.cost.value, Some(100.0));
    assert_eq!(m.cost.previous, Some(100.0), "Jan 3–11 overlaps C1 too");
    filter.from = Some(day("2024-01-13"));
    let m = marketing(&ds, &idx, &filter, day("2024-01-31"), &params);
    assert_eq!(
        (m.cost.value, m.attributed.roi, m.cac.value),
        (Some(0.0), None, None)
    );
}
