//! Sales and customer counts on one hand-computed fixture (February 2024 vs the 29 days
//! before it).

use super::builder::{close, close_opt, day, B};
use rapport::core::metrics::{
    customer_metrics, sales, CustomerIndex, Filter, FilterOptions, Params, Sales, Shown, Term,
};
use rapport::core::model::{Dataset, OrderStatus::*};

/// a: Consumer, b: Corporate, c: implied by its orders; d and e never ordered.
fn fixture() -> Dataset {
    let mut b = B::new();
    b.customer("a", "Consumer", Some("2023-12-01"))
        .customer("b", "Corporate", Some("2024-03-15"))
        .customer("d", "Consumer", None)
        .customer("e", "Consumer", Some("2024-02-10"));
    b.order_full("o1", "a", "2024-01-10", 100.0, "Books", "web", Completed)
        .order_full("o1", "a", "2024-01-10", 50.0, "Toys", "web", Completed)
        .order_full("o2", "b", "2024-01-20", 200.0, "Books", "store", Completed)
        .order_full("o8", "a", "2024-01-25", 10.0, "Books", "web", Completed)
        .order_full("o3", "b", "2024-02-05", 80.0, "Toys", "web", Refunded)
        .order_full("o4", "c", "2024-02-10", 30.0, "Books", "web", Cancelled)
        .order_full("o5", "c", "2024-02-15", 40.0, "Books", "web", Completed)
        .order_full("o6", "a", "2024-02-20", -20.0, "Books", "web", Completed)
        .order_full("o9", "b", "2024-02-25", 15.0, "Books", "store", Completed)
        .order_full("o7", "b", "2024-03-01", 60.0, "Toys", "store", Pending);
    b.build()
}

fn february(ds: &Dataset) -> Filter {
    let _ = ds;
    Filter {
        from: Some(day("2024-02-01")),
        to: Some(day("2024-02-29")),
        ..Filter::default()
    }
}

fn run(ds: &Dataset, filter: &Filter) -> Sales {
    sales(
        ds,
        &CustomerIndex::build(ds),
        filter,
        day("2024-02-29"),
        &Params::default(),
    )
}

fn points(s: &rapport::core::series::Series) -> Vec<(String, f64)> {
    s.points
        .iter()
        .map(|p| (p.label.clone(), p.value))
        .collect()
}

#[test]
fn revenue_is_net_of_refunds_and_excludes_cancelled_and_pending() {
    let ds = fixture();
    let s = run(&ds, &february(&ds));
    assert_eq!(
        (s.period.from, s.period.to),
        (day("2024-02-01"), day("2024-02-29"))
    );
    assert_eq!(
        (s.previous_period.from, s.previous_period.to),
        (day("2024-01-03"), day("2024-01-31"))
    );
    // Feb: refunded 80 (gross, refunded), 40 + 15 completed, −20 return line.
    assert_eq!(s.gross.value, Some(135.0));
    assert_eq!(s.refunds.value, Some(100.0));
    assert_eq!(s.revenue.value, Some(35.0));
    assert_eq!(s.revenue.previous, Some(360.0));
    close(s.revenue.change.unwrap(), (35.0 - 360.0) / 360.0, 1e-12);
    assert_eq!((s.orders.value, s.orders.previous), (Some(2.0), Some(3.0)));
    assert_eq!((s.aov.value, s.aov.previous), (Some(17.5), Some(120.0)));
    assert_eq!((s.excluded.cancelled_rows, s.excluded.pending_rows), (1, 0));
    assert_eq!(points(&s.by_month.value), [("2024-02".to_string(), 35.0)]);
    assert_eq!(
        points(&s.by_week.value),
        [
            ("2024-01-29".to_string(), 0.0),
            ("2024-02-05".to_string(), 0.0),
            ("2024-02-12".to_string(), 40.0),
            ("2024-02-19".to_string(), -5.0),
            ("2024-02-26".to_string(), 0.0),
        ]
    );
    assert_eq!(points(&s.by_category.value), [("Books".to_string(), 35.0)]);
    assert_eq!(
        points(&s.by_channel.value),
        [("web".to_string(), 20.0), ("store".to_string(), 15.0)]
    );
    assert!(s.revenue.explain.rows > 0);
    let from = s.revenue.explain.value(Term::From);
    assert_eq!(from, Some(&Shown::Day(day("2024-02-01"))));
}

#[test]
fn segment_and_channel_filters_select_orders() {
    let ds = fixture();
    let mut f = february(&ds);
    f.segments = vec![ds.strings.lookup("Corporate").unwrap()];
    let s = run(&ds, &f);
    assert_eq!((s.revenue.value, s.orders.value), (Some(15.0), Some(1.0)));
    assert_eq!(s.gross.value, Some(95.0));
    let mut f = february(&ds);
    f.channels = vec![ds.strings.lookup("store").unwrap()];
    let s = run(&ds, &f);
    assert_eq!(
        (s.revenue.value, s.revenue.previous),
        (Some(15.0), Some(200.0))
    );
}

#[test]
fn customer_counts_churn_and_repeat_rate() {
    let ds = fixture();
    let params = Params {
        churn_window_days: 30,
        ..Params::default()
    };
    let idx = CustomerIndex::build(&ds);
    let c = customer_metrics(&ds, &idx, &february(&ds), day("2024-02-29"), &params);
    // Known at Feb 29: a, b (first purchase before its signup), c, d (no dates), e (signup).
    assert_eq!((c.total.value, c.total.previous), (Some(5.0), Some(3.0)));
    assert_eq!((c.active.value, c.active.previous), (Some(2.0), Some(2.0)));
    assert_eq!((c.new.value, c.new.previous), (Some(1.0), Some(2.0)));
    assert_eq!(c.repeat_rate.value, Some(0.0));
    assert_eq!(c.repeat_rate.previous, Some(0.5));
    // Window 30: N0 = {a, b} bought Jan 1–30; of them only b bought Jan 31–Feb 29 (a's
    // February line is a return, not a purchase).
    assert_eq!(
        (c.churn.prev_active, c.churn.retained, c.churn.churned),
        (2, 1, 1)
    );
    assert_eq!(c.churn.rate.value, Some(0.5));
    assert_eq!(c.churn.rate.previous, None, "nobody bought in December");
    assert_eq!(c.churn.window_days, 30);
    close_opt(c.churn.rate.value, 0.5);
}

#[test]
fn empty_dataset_gives_zeros_and_nones() {
    let ds = Dataset::default();
    let s = run(&ds, &Filter::all());
    assert_eq!(s.revenue.value, Some(0.0));
    assert_eq!(s.revenue.change, None);
    assert_eq!(s.aov.value, None);
    assert!(s.by_category.value.is_empty() && s.by_channel.value.is_empty());
    let idx = CustomerIndex::build(&ds);
    let c = customer_metrics(
        &ds,
        &idx,
        &Filter::all(),
        day("2024-01-01"),
        &Params::default(),
    );
    assert_eq!(c.active.value, Some(0.0));
    assert_eq!(c.repeat_rate.value, None);
    assert_eq!(c.churn.rate.value, None);
}

#[test]
fn a_period_ending_before_it_starts_is_empty() {
    let ds = fixture();
    let f = Filter {
        from: Some(day("2024-03-01")),
        to: Some(day("2024-02-01")),
        ..Filter::default()
    };
    let s = run(&ds, &f);
    assert_eq!(s.revenue.value, Some(0.0));
    assert!(s.by_month.value.is_empty() && s.by_week.value.is_empty());
    // `to` after as_of is capped.
    let f = Filter {
        to: Some(day("2030-01-01")),
        ..Filter::default()
    };
    assert_eq!(run(&ds, &f).period.to, day("2024-02-29"));
}

#[test]
fn filter_options_list_each_value_once_sorted() {
    let mut b = B::new();
    b.customer("1", "SMB", None)
        .customer("2", "Enterprise", None)
        .customer("3", "", None)
        .customer("4", "SMB", None);
    for (i, channel) in ["web", "store", "web", "", "partner", "partner", "store"]
        .iter()
        .enumerate()
    {
        b.order_full(
            &format!("o{i}"),
            "1",
            "2024-01-01",
            1.0,
            "",
            channel,
            Completed,
        );
    }
    // An owner named like a segment is listed among the owners too.
    b.deal(
        "1",
        "SMB",
        "Lead",
        rapport::core::model::DealOutcome::Open,
        None,
        None,
        None,
    )
    .deal(
        "1",
        "张伟",
        "Lead",
        rapport::core::model::DealOutcome::Open,
        None,
        None,
        None,
    );
    let o = FilterOptions::of(&b.build());
    assert_eq!(o.segments, ["Enterprise", "SMB"]);
    assert_eq!(o.channels, ["partner", "store", "web"]);
    assert_eq!(o.owners, ["SMB", "张伟"]);
    assert_eq!(
        FilterOptions::of(&Dataset::default()),
        FilterOptions::default()
    );
}
