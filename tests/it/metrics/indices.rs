//! Satisfaction and loyalty indices, and the whole dashboard on one small dataset.

use super::builder::{close, day, setup, B};
use rapport::core::metrics::AsOf;
use rapport::core::metrics::{dashboard, indices, CustomerModel};
use rapport::core::model::Ticket;

#[test]
fn satisfaction_weights_frequency_times_lifecycle() {
    let mut b = B::new();
    b.order("1", "a", "2024-01-01", 10.0)
        .order("2", "a", "2024-01-10", 10.0)
        .order("3", "b", "2024-01-05", 10.0)
        .order("4", "c", "2024-01-07", 10.0);
    let (a, bb) = (b.sym("a"), b.sym("b"));
    for (customer, csat, nps) in [(a, Some(5), None), (a, Some(3), None), (bb, None, Some(8))] {
        b.ticket(Ticket {
            customer,
            csat,
            nps,
            ..Ticket::default()
        });
    }
    let ds = b.build();
    let (idx, params, filter) = setup(&ds);
    let i = indices(&ds, &idx, None, &filter, day("2024-01-31"), &params);
    // a: W = mean(1, 0.5) = 0.75, R = 2, G = 10 days; b: W = 0.8 (NPS), R = 1, G = 1 day;
    // c has no score.
    let year = 365.25;
    assert_eq!(i.satisfaction.customers, 2);
    close(
        i.satisfaction.value.unwrap(),
        100.0 * (0.75 * 20.0 + 0.8) / 21.0,
        1e-12,
    );
    close(i.satisfaction.raw_sum, (0.75 * 20.0 + 0.8) / year, 1e-12);
    assert_eq!(
        (i.loyalty.value, i.loyalty.customers),
        (None, 0),
        "no model"
    );
    // Per customer, in the table: a's satisfaction 75 of 100, b's 80 (NPS), c none.
    let table = rapport::core::metrics::customer_table(
        &ds,
        &idx,
        None,
        &filter,
        day("2024-01-31"),
        &params,
    );
    let sat: Vec<Option<f64>> = table.iter().map(|r| r.satisfaction).collect();
    assert_eq!(sat, [Some(75.0), Some(80.0), None]);
    // Potential: W = purchasing power (revenue per order): a 10, b 10, c 10; R G as above
    // (c: one order, one day).
    assert_eq!(i.potential.customers, 3);
    close(i.potential.value.unwrap(), 10.0, 1e-12);
    close(i.potential.raw_sum, 10.0 * (20.0 + 1.0 + 1.0) / year, 1e-12);
}

#[test]
fn potential_weights_purchasing_power_by_frequency_and_lifecycle() {
    let mut b = B::new();
    // a: two orders of 30 and 10 over 31 days (W = 20, R G = 2 × 31); b: one of 100 (W = 100,
    // R G = 1 × 1).
    b.order("1", "a", "2024-01-01", 30.0)
        .order("2", "a", "2024-01-31", 10.0)
        .order("3", "b", "2024-01-05", 100.0);
    let ds = b.build();
    let (idx, params, filter) = setup(&ds);
    let i = indices(&ds, &idx, None, &filter, day("2024-01-31"), &params);
    close(
        i.potential.value.unwrap(),
        (20.0 * 62.0 + 100.0) / 63.0,
        1e-12,
    );
    close(i.potential.raw_sum, (20.0 * 62.0 + 100.0) / 365.25, 1e-12);
}

#[test]
fn the_dashboard_puts_every_area_in_one_document() {
    let mut b = B::new();
    for c in 0..30 {
        let id = format!("{c}");
        b.order(&format!("{c}-1"), &id, "2023-01-15", 20.0 + c as f64);
        if c % 2 == 0 {
            b.order(&format!("{c}-2"), &id, "2023-06-15", 30.0);
        }
        if c % 3 == 0 {
            b.order(&format!("{c}-3"), &id, "2023-11-20", 10.0 + c as f64);
        }
    }
    let ds = b.build();
    let (idx, params, filter) = setup(&ds);
    let as_of = day("2023-12-31");
    let model = CustomerModel::fit(&idx, as_of, &params);
    assert!(model.bgnbd.is_some());
    let d = dashboard(
        &ds,
        &idx,
        Some(&model),
        &filter,
        &AsOf::same(as_of),
        &params,
    );
    assert_eq!(d.as_of, AsOf::same(day("2023-12-31")));
    assert_eq!(d.rfm.customers, 30);
    assert_eq!(d.value.customers, 30);
    let p = d.value.mean_p_alive.unwrap();
    assert!((0.0..=1.0).contains(&p));
    assert!(d.value.clv_total.unwrap() > 0.0);
    assert_eq!(d.cohorts.cohorts.len(), 1);
    assert_eq!(d.cohorts.cohorts[0].active[5], 15);
    // Jan–Dec 2023 are complete months: 12 months of history, damped trend.
    assert_eq!(d.forecast.history.points.len(), 12);
    let json = serde_json::to_value(&d).unwrap();
    for key in [
        "as_of",
        "params",
        "period",
        "previous_period",
        "customers",
        "sales",
        "forecast",
        "funnel",
        "rfm",
        "value",
        "cohorts",
        "support",
        "marketing",
        "indices",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["period"]["from"], "2023-01-15");
    assert_eq!(json["sales"]["revenue"]["explain"]["rows"], 55);
}
