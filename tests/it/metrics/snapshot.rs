//! Customer snapshots: churn from a status column, MRR, lifetime charges and the
//! Kaplan–Meier retention curve, on hand-computed fixtures.

use super::builder::{day, import_csv, near, B};
use rapport::core::metrics::AsOf;
use rapport::core::metrics::{
    dashboard, kaplan_meier, months_between, snapshot, ChurnSource, CustomerIndex, Filter, Params,
    RetentionSource, Snapshot,
};
use rapport::core::model::{Customer, Dataset, Money};

const TELCO: &[u8] = include_bytes!("../../fixtures/import/telco_snapshot.csv");

fn telco() -> (Dataset, Snapshot) {
    let (ds, _, _) = import_csv("telco_snapshot.csv", TELCO);
    let s = snapshot_of(&ds, &Filter::all(), "2024-12-31").expect("a snapshot");
    (ds, s)
}

/// The snapshot of `ds` under `filter` at `as_of`.
fn snapshot_of(ds: &Dataset, filter: &Filter, as_of: &str) -> Option<Snapshot> {
    snapshot(ds, &CustomerIndex::build(ds), filter, day(as_of))
}

#[test]
fn churn_mrr_and_lifetime_charges_of_a_telco_snapshot() {
    let (_, s) = telco();
    assert_eq!((s.customers, s.active, s.churned), (8, 5, 3));
    assert_eq!((s.prospects, s.unknown_status), (0, 0));
    assert_eq!(s.churn_rate.value, Some(3.0 / 8.0));
    // 29.85 + 56.95 + 42.30 + 20.25 + 89.10 over the five who stayed.
    assert!(near(s.mrr.value.unwrap(), 238.45));
    assert_eq!(s.paying, 5);
    assert!(near(s.arpu.value.unwrap(), 238.45 / 5.0));
    // 53.85 + 70.70 + 99.65 over the three who left.
    assert!(near(s.churned_mrr.value.unwrap(), 224.20));
    assert!(near(s.revenue_churn.value.unwrap(), 224.20 / 462.65));
    // Seven totals (one cell is a blank space).
    assert!(near(s.lifetime_charges.value.unwrap(), 6789.80));
    assert_eq!(s.lifetime_charges.explain.rows, 7);
    assert!(near(s.value_per_customer.value.unwrap(), 6789.80 / 7.0));
    assert!(near(s.mean_tenure_months.value.unwrap(), 114.0 / 8.0));
}

#[test]
fn retention_by_tenure_censors_the_customers_who_stayed() {
    let (_, s) = telco();
    let r = s.retention.expect("tenure gives a curve");
    assert_eq!(r.source, RetentionSource::Tenure);
    assert_eq!((r.customers, r.churned, r.left_out), (8, 3, 0));
    assert_eq!(r.points.len(), 46, "months 0 to 45");
    let at = |m: usize| &r.points[m];
    // Month 0: G (tenure 0, stayed) is censored, nobody churned.
    assert_eq!((at(0).at_risk, at(0).churned, at(0).censored), (8, 0, 1));
    assert_eq!(at(0).survival, 1.0);
    // Month 1: A censored. Month 2: C and E churn out of six at risk.
    assert_eq!((at(1).at_risk, at(1).censored, at(1).survival), (7, 1, 1.0));
    assert_eq!((at(2).at_risk, at(2).churned), (6, 2));
    assert!(near(at(2).survival, 4.0 / 6.0));
    // Month 8: F churns out of four (B, D, F, H) at risk.
    assert_eq!((at(8).at_risk, at(8).churned), (4, 1));
    assert!(near(at(8).survival, 4.0 / 6.0 * 3.0 / 4.0));
    assert_eq!(r.median_months, Some(8));
    // Nobody churns later: the last customer (D, 45 months) is censored.
    assert_eq!((at(45).at_risk, at(45).censored), (1, 1));
    assert!(near(at(45).survival, 0.5));
}

#[test]
fn kaplan_meier_at_a_tie_counts_the_censored_as_at_risk() {
    // Durations (months, churned): a censored customer at month 1 is at risk at month 1.
    let points = kaplan_meier(&[
        (1, true),
        (1, false),
        (2, true),
        (3, false),
        (3, true),
        (5, false),
    ]);
    let s: Vec<f64> = points.iter().map(|p| p.survival).collect();
    let at_risk: Vec<u64> = points.iter().map(|p| p.at_risk).collect();
    assert_eq!(at_risk, [6, 6, 4, 3, 1, 1]);
    let expected = [
        1.0,
        5.0 / 6.0,
        5.0 / 8.0,
        5.0 / 12.0,
        5.0 / 12.0,
        5.0 / 12.0,
    ];
    assert!(s.iter().zip(expected).all(|(a, b)| near(*a, b)), "{s:?}");
    assert!(kaplan_meier(&[]).is_empty());
}

#[test]
fn retention_from_signup_and_churn_dates_censors_at_as_of() {
    let mut b = B::new();
    let add = |b: &mut B, id: &str, signup: &str, churn: Option<&str>, status: &str| {
        let c = Customer {
            id: b.sym(id),
            signup: Some(day(signup)),
            churn_date: churn.map(day),
            status: b.sym(status),
            ..Customer::default()
        };
        b.ds.customers.rows.push(c);
    };
    add(&mut b, "a", "2024-01-15", Some("2024-03-10"), ""); // churned at 1 month
    add(&mut b, "b", "2024-01-01", None, ""); // stays: censored at 5 months
    add(&mut b, "c", "2024-02-01", Some("2024-02-20"), ""); // churned at 0 months
    add(&mut b, "d", "2024-03-01", None, "churned"); // churned, but when? left out
    add(&mut b, "e", "2024-05-01", Some("2024-12-01"), ""); // leaves after as_of: censored at 1
    add(&mut b, "f", "2024-05-01", None, "Lead"); // not a customer yet
    let s = snapshot_of(&b.ds, &Filter::all(), "2024-06-30").unwrap();
    assert_eq!((s.active, s.churned, s.prospects), (2, 3, 1));
    assert_eq!(s.churn_rate.value, Some(0.6));
    let r = s.retention.unwrap();
    assert_eq!(r.source, RetentionSource::SignupAndChurnDates);
    assert_eq!((r.customers, r.churned, r.left_out), (4, 2, 1));
    let surv: Vec<f64> = r.points.iter().map(|p| p.survival).collect();
    assert_eq!(surv.len(), 6);
    assert!(near(surv[0], 0.75) && near(surv[1], 0.5) && near(surv[5], 0.5));
    assert_eq!(r.median_months, Some(1));
}

#[test]
fn months_between_counts_completed_calendar_months() {
    assert_eq!(
        months_between(day("2024-01-15"), day("2024-03-10")),
        Some(1)
    );
    assert_eq!(
        months_between(day("2024-01-15"), day("2024-03-15")),
        Some(2)
    );
    assert_eq!(
        months_between(day("2024-01-31"), day("2024-02-29")),
        Some(0)
    );
    assert_eq!(
        months_between(day("2023-12-01"), day("2024-01-01")),
        Some(1)
    );
    assert_eq!(months_between(day("2024-02-01"), day("2024-01-31")), None);
}

#[test]
fn the_segment_filter_selects_the_snapshot_customers() {
    let mut b = B::new();
    for (id, seg, status, mrr) in [
        ("1", "Home", "Active", 10),
        ("2", "Home", "Churned", 20),
        ("3", "Business", "Active", 40),
        ("4", "Business", "Active", 80),
    ] {
        b.customer(id, seg, None);
        let status = b.sym(status);
        let c = b.ds.customers.rows.last_mut().unwrap();
        c.status = status;
        c.monthly_charges = Some(Money::from_units(mrr));
    }
    let business = Filter {
        segments: vec![b.sym("Business")],
        ..Filter::all()
    };
    let s = snapshot_of(&b.ds, &business, "2024-01-01").unwrap();
    assert_eq!(
        (s.customers, s.churned, s.churn_rate.value),
        (2, 0, Some(0.0))
    );
    assert_eq!(s.mrr.value, Some(120.0));
    let all = snapshot_of(&b.ds, &Filter::all(), "2024-01-01").unwrap();
    assert_eq!(all.churn_rate.value, Some(0.25));
    assert_eq!(
        (all.mrr.value, all.churned_mrr.value),
        (Some(130.0), Some(20.0))
    );
}

#[test]
fn without_orders_the_churn_kpi_is_the_status_column() {
    let (ds, _) = telco();
    let idx = CustomerIndex::build(&ds);
    let d = dashboard(
        &ds,
        &idx,
        None,
        &Filter::all(),
        &AsOf::same(day("2024-12-31")),
        &Params::default(),
    );
    assert_eq!(d.customers.churn.source, ChurnSource::StatusColumn);
    assert_eq!(d.customers.churn.rate.value, Some(3.0 / 8.0));
    assert_eq!(
        (d.customers.churn.prev_active, d.customers.churn.churned),
        (8, 3)
    );
    assert_eq!(d.records.customers, 8);
    assert_eq!(d.records.orders, 0);
    assert!(d.snapshot.is_some());
}

#[test]
fn with_orders_the_churn_kpi_stays_with_order_activity() {
    let mut b = B::new();
    b.customer("1", "", None).customer("2", "", None);
    let (active, churned) = (b.sym("active"), b.sym("churned"));
    b.ds.customers.rows[0].status = active;
    b.ds.customers.rows[1].status = churned;
    b.order("o1", "1", "2024-01-05", 10.0)
        .order("o2", "2", "2024-01-06", 10.0)
        .order("o3", "1", "2024-05-01", 10.0);
    let ds = &b.ds;
    let idx = CustomerIndex::build(ds);
    let d = dashboard(
        ds,
        &idx,
        None,
        &Filter::all(),
        &AsOf::same(day("2024-06-30")),
        &Params::default(),
    );
    assert_eq!(d.customers.churn.source, ChurnSource::OrderActivity);
    // The snapshot still states its own churn.
    assert_eq!(d.snapshot.unwrap().churn_rate.value, Some(0.5));
}

#[test]
fn no_snapshot_without_snapshot_facts() {
    let mut b = B::new();
    b.customer("1", "Home", Some("2024-01-01"));
    let lead = b.sym("lead");
    b.ds.customers.rows[0].status = lead;
    assert!(snapshot_of(&b.ds, &Filter::all(), "2024-06-30").is_none());
}

#[test]
fn the_snapshot_breaks_down_by_any_customer_column() {
    use rapport::core::metrics::{snapshot_by, snapshot_dimensions};
    let (ds, _) = telco();
    // SeniorCitizen has one value only: not offered.
    assert_eq!(
        snapshot_dimensions(&ds),
        [
            "gender",
            "status",
            "tenure_months",
            "monthly_charges",
            "total_charges",
            "Contract",
            "PaymentMethod"
        ]
    );
    let as_of = day("2024-12-31");
    let by = snapshot_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of),
        "Contract",
    )
    .unwrap();
    let rows: Vec<_> = by
        .iter()
        .map(|g| (g.value.as_str(), g.customers, g.churned, g.churn_rate))
        .collect();
    assert_eq!(
        rows,
        [
            ("Month-to-month", 5, 3, Some(0.6)),
            ("One year", 2, 0, Some(0.0)),
            ("Two year", 1, 0, Some(0.0)),
        ]
    );
    assert!(near(by[0].mrr.unwrap(), 29.85 + 89.10));
    assert!(near(by[0].churned_mrr.unwrap(), 224.20));
    assert_eq!(by[0].mean_tenure_months, Some(7.0));
    assert_eq!(by[1].mean_tenure_months, Some(39.5));
    let bands = snapshot_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of),
        "tenure_months",
    )
    .unwrap();
    let bands: Vec<_> = bands
        .iter()
        .map(|g| (g.value.as_str(), g.customers, g.churned))
        .collect();
    assert_eq!(
        bands,
        [
            ("0–11", 5, 3),
            ("12–23", 1, 0),
            ("24–35", 1, 0),
            ("36–47", 1, 0)
        ]
    );
    assert!(snapshot_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of),
        "no such column"
    )
    .is_none());
}

#[test]
fn placeholder_customers_state_nothing_about_churn() {
    let mut b = B::new();
    b.customer("1", "", Some("2024-01-01"))
        .customer("2", "", Some("2024-01-01"));
    b.ds.customers.rows[0].churn_date = Some(day("2024-03-01"));
    // Ids that only orders name: no status, no churn date.
    b.customer("P1", "", None).customer("P2", "", None);
    b.ds.customers.rows[2].placeholder = true;
    b.ds.customers.rows[3].placeholder = true;
    let s = snapshot_of(&b.ds, &Filter::all(), "2024-06-30").unwrap();
    assert_eq!((s.customers, s.active, s.churned), (2, 1, 1));
    assert_eq!(s.churn_rate.value, Some(0.5));
}
