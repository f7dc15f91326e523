//! RFM scores, segments, ABC classes and the per-customer table.

use super::builder::{day, setup, B};
use rapport::core::metrics::AsOf;
use rapport::core::metrics::{
    abc_class, customer_table, dashboard, on_five, rfm, rfm_scores, rfm_segment, segment_of,
    CustomerIndex, Filter, Params, Shown, Term,
};
use rapport::core::model::Dataset;

/// Ids sort naturally (9 < 10 < 100), which decides the ties.
fn fixture() -> Dataset {
    B::new()
        .order("1", "9", "2024-01-01", 50.0)
        .order("2", "10", "2024-01-20", 500.0)
        .order("3", "10", "2024-01-25", 500.0)
        .order("4", "100", "2024-01-01", 50.0)
        .build()
}

#[test]
fn quintile_rule_is_rank_based_and_tie_free() {
    // N = 3: ranks 1, 2, 3 score 1, 2, 4 (⌊(k − 1) × 5 / 3⌋ + 1).
    assert_eq!(rfm_scores(&[7, 7, 7], &[2, 0, 1], 5), [4, 1, 2]);
    // N = 7: 1, 1, 2, 3, 3, 4, 5.
    assert_eq!(
        rfm_scores(&[1, 2, 3, 4, 5, 6, 7], &[0, 1, 2, 3, 4, 5, 6], 5),
        [1, 1, 2, 3, 3, 4, 5]
    );
    assert!(rfm_scores::<i32>(&[], &[], 5).is_empty());
    // Three scores (terciles): N = 7 → ⌊(k − 1) × 3 / 7⌋ + 1.
    assert_eq!(
        rfm_scores(&[1, 2, 3, 4, 5, 6, 7], &[0, 1, 2, 3, 4, 5, 6], 3),
        [1, 1, 1, 2, 2, 3, 3]
    );
}

#[test]
fn other_score_counts_read_on_the_five_point_scale_for_segments() {
    // Each bin's centre: quintiles are themselves, terciles read 1, 3, 5, nine scores pair up.
    let read = |bins: u8| (1..=bins).map(|s| on_five(s, bins)).collect::<Vec<_>>();
    assert_eq!(read(5), [1, 2, 3, 4, 5]);
    assert_eq!(read(3), [1, 3, 5]);
    assert_eq!(read(2), [2, 4]);
    assert_eq!(read(9), [1, 1, 2, 2, 3, 4, 4, 5, 5]);
    assert_eq!(segment_of(3, 3, 3, 3), "Champions");
    assert_eq!(segment_of(3, 1, 3, 3), "Can't lose them");
    assert_eq!(segment_of(3, 2, 2, 2), "Loyal");
    assert_eq!(segment_of(5, 1, 5, 5), rfm_segment(1, 5, 5));
}

#[test]
fn the_rfm_score_count_is_a_parameter() {
    let ds = fixture();
    let idx = CustomerIndex::build(&ds);
    let as_of = day("2024-06-30");
    let params = |bins| Params {
        rfm_bins: bins,
        ..Params::default()
    };
    let five = rfm(&ds, &idx, &Filter::all(), as_of, &params(5));
    let three = rfm(&ds, &idx, &Filter::all(), as_of, &params(3));
    assert_eq!(five.customers, three.customers);
    // Cells are named by scores within the count: none above 3 with terciles.
    assert!(
        three
            .cells
            .keys()
            .all(|k| k.chars().all(|c| ('1'..='3').contains(&c))),
        "{:?}",
        three.cells
    );
    assert_eq!(three.cells.values().sum::<u64>() as usize, three.customers);
    assert_eq!(three.explain.value(Term::RfmBins), Some(&Shown::Count(3)));
    let rows = customer_table(&ds, &idx, None, &Filter::all(), as_of, &params(3));
    assert!(rows.iter().all(|r| r.r <= 3 && r.f <= 3 && r.m <= 3));
    let mut p = Params::default();
    assert!(p.set_pair("rfm_bins=10").is_err() && p.set_pair("rfm_bins=1").is_err());
    p.set_pair("rfm_bins=4").unwrap();
    assert_eq!(p.rfm_bins, 4);
}

#[test]
fn segments_cover_every_score_pair() {
    let cases = [
        ((5, 5, 5), "Champions"),
        ((4, 4, 5), "Champions"),
        ((3, 5, 5), "Loyal"),
        ((5, 3, 3), "Loyal"),
        ((5, 1, 2), "New"),
        ((5, 2, 3), "Potential loyalists"),
        ((3, 1, 1), "Potential loyalists"),
        ((1, 5, 5), "Can't lose them"),
        ((2, 4, 3), "At risk"),
        ((2, 1, 2), "Hibernating"),
        ((1, 2, 2), "Lost"),
    ];
    for ((r, f, m), want) in cases {
        assert_eq!(rfm_segment(r, f, m), want, "{r}{f}{m}");
    }
}

#[test]
fn abc_classes_by_cumulative_revenue_share() {
    // Total 100: the top customer alone (90) is A even though it passes 80 %.
    assert_eq!(abc_class(0, 90, 100), 'A');
    assert_eq!(abc_class(79, 5, 100), 'A');
    assert_eq!(abc_class(80, 5, 100), 'B');
    assert_eq!(abc_class(94, 5, 100), 'B');
    assert_eq!(abc_class(95, 5, 100), 'C');
    assert_eq!(abc_class(0, 0, 100), 'C');
    assert_eq!(abc_class(0, 10, 0), 'C');
}

#[test]
fn rfm_of_a_small_customer_base() {
    let ds = fixture();
    let (idx, params, filter) = setup(&ds);
    let as_of = day("2024-01-31");
    let r = rfm(&ds, &idx, &filter, as_of, &params);
    assert_eq!(r.customers, 3);
    // Recency: 9 and 100 → 31 days, 10 → 7 days.
    assert_eq!(r.mean_recency, Some(23.0));
    assert_eq!(r.mean_frequency, Some(4.0 / 3.0));
    assert_eq!(r.mean_monetary, Some(1100.0 / 3.0));
    let cells: Vec<(&str, u64)> = r.cells.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(cells, [("111", 1), ("222", 1), ("444", 1)]);
    let seg = |name: &str| {
        r.segments
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .customers
    };
    assert_eq!(
        (seg("Champions"), seg("Hibernating"), seg("Lost")),
        (1, 1, 1)
    );
    assert_eq!(r.segments.len(), 8);
    let abc: Vec<(String, u64, f64)> = r
        .abc
        .iter()
        .map(|c| (c.name.clone(), c.customers, c.revenue))
        .collect();
    assert_eq!(
        abc,
        [
            ("A".into(), 1, 1000.0),
            ("B".into(), 1, 50.0),
            ("C".into(), 1, 50.0)
        ]
    );

    let table = customer_table(&ds, &idx, None, &filter, as_of, &params);
    let ids: Vec<&str> = table.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["9", "10", "100"]);
    let ten = &table[1];
    assert_eq!(
        (ten.r, ten.f, ten.m, ten.segment, ten.abc),
        (4, 4, 4, "Champions", 'A')
    );
    assert_eq!((ten.frequency, ten.recency, ten.t), (2, 7, 11));
    assert_eq!((ten.monetary, ten.value_v), (1000.0, 2000.0));
    assert_eq!(ten.first_purchase, "2024-01-20");
    assert_eq!(ten.p_alive, None, "no model given");
    assert_eq!((table[0].abc, table[2].abc), ('B', 'C'));
}

#[test]
fn rfm_of_nobody_is_empty() {
    let ds = Dataset::default();
    let (idx, params, filter) = setup(&ds);
    let r = rfm(&ds, &idx, &filter, day("2024-01-31"), &params);
    assert_eq!(r.customers, 0);
    assert_eq!(r.mean_recency, None);
    assert!(r.cells.is_empty());
    assert!(r
        .segments
        .iter()
        .all(|s| s.customers == 0 && s.customer_share.is_none()));
}

#[test]
fn top_customers_are_the_tables_rows_by_revenue() {
    // Twelve customers: 10 and 100 tie at the top, 9 and 11 tie at the bottom; more than
    // the ten listed, so the cut matters.
    let mut b = B::new();
    let amounts = [
        ("9", 5.0),
        ("10", 700.0),
        ("11", 5.0),
        ("100", 700.0),
        ("2", 30.0),
        ("3", 40.0),
        ("4", 50.0),
        ("5", 60.0),
        ("6", 70.0),
        ("7", 80.0),
        ("8", 90.0),
        ("12", 6.0),
    ];
    for (i, (customer, amount)) in amounts.iter().enumerate() {
        b.order(&format!("o{i}"), customer, "2024-01-10", *amount);
    }
    let ds = b.build();
    let (idx, params, filter) = setup(&ds);
    let as_of = day("2024-01-31");
    let d = dashboard(&ds, &idx, None, &filter, &AsOf::same(as_of), &params);
    let ids: Vec<&str> = d.top_customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["10", "100", "8", "7", "6", "5", "4", "3", "2", "12"]);
    // The same rows as the per-customer table's.
    let table = customer_table(&ds, &idx, None, &filter, as_of, &params);
    for top in &d.top_customers {
        assert_eq!(Some(top), table.iter().find(|row| row.id == top.id));
    }
}

#[test]
fn rows_carry_the_name_the_customers_file_gives() {
    let mut b = B::new();
    b.customer("10", "", None).customer("10", "", None);
    b.order("o1", "10", "2024-01-10", 50.0)
        .order("o2", "9", "2024-01-11", 70.0);
    let mut ds = b.build();
    // The first record of an id names it (as the index reads the customers file).
    ds.customers.rows[0].name = ds.strings.intern("Ada Lovelace");
    ds.customers.rows[1].name = ds.strings.intern("Someone else");
    let (idx, params, filter) = setup(&ds);
    let as_of = day("2024-01-31");
    let d = dashboard(&ds, &idx, None, &filter, &AsOf::same(as_of), &params);
    let names: Vec<(&str, &str)> = d
        .top_customers
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    // "9" is known only from its order: no name.
    assert_eq!(names, [("9", ""), ("10", "Ada Lovelace")]);
    let table = customer_table(&ds, &idx, None, &filter, as_of, &params);
    assert_eq!(
        table.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["", "Ada Lovelace"]
    );
}
