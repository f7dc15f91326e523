//! Deals funnel, win rate, sales cycle and the weighted pipeline.

use super::builder::{close, day, setup, B};
use rapport::core::metrics::{funnel, stage_order, Funnel, Params};
use rapport::core::model::{Dataset, Deal, DealOutcome::*};

fn fixture() -> Dataset {
    let mut b = B::new();
    b.deal(
        "c1",
        "ann",
        "Proposal",
        Open,
        Some(300.0),
        Some("2024-01-01"),
        None,
    )
    .deal("c1", "ann", "Lead", Open, Some(100.0), None, None)
    .deal("c2", "bob", "Lead", Open, Some(100.0), None, None)
    .deal("c2", "bob", "Qualified", Open, Some(200.0), None, None)
    .deal(
        "c3",
        "ann",
        "Closed Won",
        Won,
        Some(400.0),
        Some("2024-01-01"),
        Some("2024-01-11"),
    )
    .deal(
        "c3",
        "bob",
        "Closed Won",
        Won,
        Some(600.0),
        Some("2024-01-01"),
        Some("2024-01-31"),
    )
    .deal(
        "c4",
        "ann",
        "Closed Lost",
        Lost,
        Some(500.0),
        Some("2024-01-01"),
        Some("2024-02-20"),
    )
    .deal("c4", "bob", "Lead", Open, None, None, None);
    b.build()
}

fn run(ds: &Dataset, params: &Params, owners: &[&str]) -> Funnel {
    let (idx, _, mut filter) = setup(ds);
    filter.owners = owners
        .iter()
        .map(|o| ds.strings.lookup(o).unwrap())
        .collect();
    funnel(ds, &idx, &filter, day("2024-03-01"), params)
}

#[test]
fn stages_follow_the_pipeline_not_the_file() {
    let ds = fixture();
    let names: Vec<&str> = stage_order(&ds, &ds.deals.rows)
        .into_iter()
        .map(|s| ds.str(s))
        .collect();
    assert_eq!(names, ["Lead", "Qualified", "Proposal"]);
    // Unknown names go by their stated probability.
    let mut b = B::new();
    b.deal("c", "o", "Alpha", Open, None, None, None)
        .deal("c", "o", "Proposal", Open, None, None, None)
        .deal("c", "o", "Beta", Open, None, None, None);
    let mut ds = b.build();
    ds.deals.rows[0].probability = Some(80.0);
    ds.deals.rows[2].probability = Some(10.0);
    let names: Vec<&str> = stage_order(&ds, &ds.deals.rows)
        .into_iter()
        .map(|s| ds.str(s))
        .collect();
    assert_eq!(names, ["Beta", "Proposal", "Alpha"]);
    assert!(stage_order(&ds, &Vec::<Deal>::new()).is_empty());
}

#[test]
fn funnel_conversion_by_count_and_amount() {
    let ds = fixture();
    let f = run(&ds, &Params::default(), &[]);
    assert_eq!((f.total, f.open, f.won, f.lost), (8, 5, 2, 1));
    let rows: Vec<(&str, u64, u64, f64)> = f
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.deals, s.reached, s.reached_amount))
        .collect();
    assert_eq!(
        rows,
        [
            ("Lead", 3, 7, 1700.0),
            ("Qualified", 1, 4, 1500.0),
            ("Proposal", 1, 3, 1300.0),
            ("Won", 2, 2, 1000.0),
            ("Lost", 1, 1, 500.0),
        ]
    );
    close(f.stages[0].conversion.unwrap(), 4.0 / 7.0, 1e-12);
    close(
        f.stages[0].conversion_amount.unwrap(),
        1500.0 / 1700.0,
        1e-12,
    );
    close(f.stages[2].drop_off.unwrap(), 1.0 / 3.0, 1e-12);
    assert_eq!(f.stages[3].conversion, None);
    close(f.win_rate.value.unwrap(), 2.0 / 3.0, 1e-12);
    assert_eq!(
        f.win_rate.previous, None,
        "no start date: no previous period"
    );
    // Cycle: won 10 and 30 days; closed adds the lost deal's 50.
    assert_eq!(
        (f.cycle_won.deals, f.cycle_won.median, f.cycle_won.mean),
        (2, Some(20.0), Some(20.0))
    );
    assert_eq!(
        (f.cycle_closed.median, f.cycle_closed.mean),
        (Some(30.0), Some(30.0))
    );
}

#[test]
fn weighted_pipeline_uses_defaults_until_enough_closed_deals() {
    let ds = fixture();
    let f = run(&ds, &Params::default(), &[]);
    assert_eq!(f.probability_source, "default");
    let used: Vec<f64> = f.probabilities.iter().map(|p| p.used).collect();
    assert_eq!(used, [0.25, 0.5, 0.75]);
    // Lead 200 × 0.25 + Qualified 200 × 0.5 + Proposal 300 × 0.75.
    close(f.weighted_pipeline.value, 375.0, 1e-12);
    assert_eq!(f.open_amount, 700.0);
    assert_eq!(f.open_without_amount, 1);

    let learned = Params {
        min_closed_deals: 3,
        ..Params::default()
    };
    let f = run(&ds, &learned, &[]);
    assert_eq!(f.probability_source, "learned");
    // A snapshot does not say how far the lost deal got: it counts at every stage.
    for p in &f.probabilities {
        assert_eq!((p.closed_reached, p.won), (3, 2));
        close(p.used, 2.0 / 3.0, 1e-12);
    }
    close(f.weighted_pipeline.value, 700.0 * 2.0 / 3.0, 1e-12);
}

#[test]
fn owner_filter_selects_deals() {
    let ds = fixture();
    let f = run(&ds, &Params::default(), &["ann"]);
    assert_eq!((f.total, f.open, f.won, f.lost), (4, 2, 1, 1));
    assert_eq!(f.win_rate.value, Some(0.5));
}

#[test]
fn no_deals_no_numbers() {
    let ds = Dataset::default();
    let f = run(&ds, &Params::default(), &[]);
    assert_eq!((f.total, f.stages.len()), (0, 2));
    assert_eq!(f.win_rate.value, None);
    assert_eq!(f.cycle_won.median, None);
    assert_eq!(f.weighted_pipeline.value, 0.0);
}
