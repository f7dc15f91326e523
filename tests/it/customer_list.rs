use rapport::core::metrics::{CustomerIndex, FilterText, Pick};
use rapport::core::metrics::{CustomerRow, Filter};
use rapport::core::model::{Customer, Dataset, Kind};
use rapport::customer_list::{build, narrow, select, window, Column, ListQuery};

fn metrics(
    id: &str,
    orders: u32,
    revenue: f64,
    segment: &'static str,
    abc: char,
    p_alive: Option<f64>,
) -> CustomerRow {
    CustomerRow {
        id: id.into(),
        name: String::new(),
        first_purchase: "2024-01-01".into(),
        last_purchase: format!("2024-0{orders}-01"),
        frequency: orders,
        recency: 1,
        t: 10,
        monetary: revenue,
        value_v: revenue * orders as f64,
        aov: None,
        r: 3,
        f: 3,
        m: 3,
        segment,
        abc,
        p_alive,
        expected_purchases: None,
        clv: None,
        repeat_purchases: None,
        t_x: None,
        repeat_monetary: None,
        satisfaction: None,
    }
}

fn sample() -> Vec<rapport::customer_list::ListRow> {
    let mut ds = Dataset::default();
    for (id, name, email, phone) in [
        ("2", "Zoë O'Brien", "zoe@example.com", "0123"),
        ("10", "张伟", "zhang@example.cn", "+86 10"),
        ("3", "Ann Lee", "ann@example.com", ""),
    ] {
        let s = &mut ds.strings;
        let c = Customer {
            id: s.intern(id),
            name: s.intern(name),
            email: s.intern(email),
            phone: s.intern(phone),
            ..Default::default()
        };
        ds.customers.rows.push(c);
    }
    let table = vec![
        metrics("2", 3, 300.0, "Champions", 'A', Some(0.9)),
        metrics("10", 1, 50.0, "At risk", 'C', Some(0.2)),
        metrics("77", 2, 120.0, "Loyal", 'B', None), // buyer not in the customers file
    ];
    build(
        &ds,
        &CustomerIndex::build(&ds),
        &table,
        &Filter::all(),
        &|_| None,
    )
}

fn ids(rows: &[rapport::customer_list::ListRow], q: &ListQuery) -> Vec<String> {
    select(rows, q)
        .into_iter()
        .map(|i| rows[i as usize].id.clone())
        .collect()
}

#[test]
fn every_customer_and_every_buyer_is_listed() {
    let rows = sample();
    assert_eq!(rows.len(), 4);
    let ann = rows.iter().find(|r| r.id == "3").unwrap();
    assert_eq!(
        (ann.orders, ann.rfm_segment, ann.abc),
        (0, "", None),
        "no purchases: no RFM"
    );
    assert_eq!(rows.iter().find(|r| r.id == "77").unwrap().revenue, 120.0);
}

#[test]
fn sorting_by_any_column_with_ties_by_id() {
    let rows = sample();
    let q = |sort, descending| ListQuery {
        sort,
        descending,
        ..Default::default()
    };
    assert_eq!(
        ids(&rows, &q(Column::Revenue, true)),
        ["2", "77", "10", "3"]
    );
    // V = revenue × orders: 900, 240, 50, and 0 without purchases.
    assert_eq!(ids(&rows, &q(Column::ValueV, true)), ["2", "77", "10", "3"]);
    assert_eq!(rows.iter().find(|r| r.id == "77").unwrap().value_v, 240.0);
    assert_eq!(
        ids(&rows, &q(Column::Id, false)),
        ["2", "3", "10", "77"],
        "numeric ids sort as numbers"
    );
    assert_eq!(ids(&rows, &q(Column::Name, false)), ["77", "3", "2", "10"]);
    assert_eq!(
        ids(&rows, &q(Column::PAlive, true)),
        ["2", "10", "3", "77"],
        "missing values last when descending"
    );
}

#[test]
fn search_matches_every_word_in_id_name_email_or_phone() {
    let rows = sample();
    let q = |s: &str| ListQuery {
        search: s.into(),
        sort: Column::Id,
        descending: false,
        ..Default::default()
    };
    assert_eq!(ids(&rows, &q("zoë")), ["2"]);
    assert_eq!(ids(&rows, &q("EXAMPLE.com")), ["2", "3"]);
    assert_eq!(ids(&rows, &q("张")), ["10"]);
    assert_eq!(ids(&rows, &q("+86")), ["10"]);
    assert_eq!(ids(&rows, &q("ann lee")), ["3"]);
    assert_eq!(ids(&rows, &q("ann zoë")), Vec::<String>::new());
    assert_eq!(ids(&rows, &q("  ")).len(), 4);
}

#[test]
fn filters_narrow_the_list() {
    let rows = sample();
    let base = ListQuery {
        sort: Column::Id,
        descending: false,
        ..Default::default()
    };
    assert_eq!(
        ids(
            &rows,
            &ListQuery {
                rfm_segment: Some("At risk".into()),
                ..base.clone()
            }
        ),
        ["10"]
    );
    assert_eq!(
        ids(
            &rows,
            &ListQuery {
                abc: Some('A'),
                ..base.clone()
            }
        ),
        ["2"]
    );
    assert_eq!(
        ids(
            &rows,
            &ListQuery {
                max_p_alive: Some(0.5),
                ..base.clone()
            }
        ),
        ["10"]
    );
    assert_eq!(
        ids(
            &rows,
            &ListQuery {
                min_p_alive: Some(0.5),
                ..base
            }
        ),
        ["2"]
    );
}

#[test]
fn the_window_covers_the_viewport_plus_overscan() {
    assert_eq!(window(0.0, 400.0, 40.0, 1000, 5), 0..16);
    assert_eq!(window(4000.0, 400.0, 40.0, 1000, 5), 95..116);
    assert_eq!(window(39_990.0, 400.0, 40.0, 1000, 5), 994..1000);
    assert_eq!(window(100.0, 400.0, 40.0, 0, 5), 0..0);
    assert_eq!(window(-50.0, 400.0, 40.0, 3, 5), 0..3);
}

#[test]
fn at_risk_ranks_by_value_at_risk() {
    use rapport::customer_list::{at_risk, value_at_risk};
    let rows = sample();
    // "2": 300 × 0.1 = 30; "10": 50 × 0.8 = 40; "77" has no P(alive); "3" no revenue.
    let ids: Vec<&str> = at_risk(&rows, 1.0, 10)
        .into_iter()
        .map(|i| rows[i as usize].id.as_str())
        .collect();
    assert_eq!(ids, ["10", "2"]);
    let ids: Vec<&str> = at_risk(&rows, 0.5, 10)
        .into_iter()
        .map(|i| rows[i as usize].id.as_str())
        .collect();
    assert_eq!(ids, ["10"]);
    assert_eq!(at_risk(&rows, 1.0, 1).len(), 1);
    let ten = rows.iter().find(|r| r.id == "10").unwrap();
    assert!((value_at_risk(ten).unwrap() - 40.0).abs() < 1e-9);
}

#[test]
fn typing_narrows_the_last_selection_to_what_select_gives() {
    let rows = sample();
    let q = |s: &str, sort: Column| ListQuery {
        search: s.into(),
        sort,
        ..Default::default()
    };
    // Each step of typing "example.com z", then a word before: the narrowed selection is
    // the one `select` gives, in the same order.
    let steps = [
        "",
        "e",
        "ex",
        "example.",
        "example.com",
        "example.com ",
        "example.com z",
        "o example.com z",
    ];
    for pair in steps.windows(2) {
        let (before, after) = (q(pair[0], Column::Revenue), q(pair[1], Column::Revenue));
        let prev = select(&rows, &before);
        let narrowed = narrow(&rows, &before, &prev, &after);
        assert_eq!(
            narrowed,
            Some(select(&rows, &after)),
            "{:?} → {:?}",
            pair[0],
            pair[1]
        );
    }
    // Not a narrowing: a letter deleted, another word, another sort or filter, a final
    // sigma that lower-cases differently once the word goes on (ς, then σα).
    let none = [
        (q("ann", Column::Revenue), q("an", Column::Revenue)),
        (q("ann", Column::Revenue), q("zoe", Column::Revenue)),
        (q("a", Column::Revenue), q("an", Column::Id)),
        (q("ΑΣ", Column::Revenue), q("ΑΣΑ", Column::Revenue)),
    ];
    for (before, after) in none {
        let prev = select(&rows, &before);
        assert_eq!(
            narrow(&rows, &before, &prev, &after),
            None,
            "{before:?} → {after:?}"
        );
    }
    let filtered = ListQuery {
        abc: Some('A'),
        ..q("a", Column::Revenue)
    };
    let prev = select(&rows, &q("a", Column::Revenue));
    assert_eq!(
        narrow(&rows, &q("a", Column::Revenue), &prev, &filtered),
        None
    );
}

#[test]
fn the_segment_and_channel_filters_reach_the_list() {
    let mut ds = Dataset::default();
    for (id, segment) in [
        ("1", "Womens E-Mail"),
        ("2", "Mens E-Mail"),
        ("3", "Womens E-Mail"),
    ] {
        let c = Customer {
            id: ds.strings.intern(id),
            segment: ds.strings.intern(segment),
            ..Default::default()
        };
        ds.customers.rows.push(c);
    }
    let table = vec![metrics("3", 1, 10.0, "New", 'C', None)];
    let ids = |f: &Filter| -> Vec<String> {
        build(&ds, &CustomerIndex::build(&ds), &table, f, &|_| None)
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(&Filter::all()), ["1", "2", "3"]);
    let womens = Filter {
        segments: vec![ds.strings.lookup("Womens E-Mail").unwrap()],
        ..Filter::all()
    };
    assert_eq!(ids(&womens), ["1", "3"]);
    // A channel filter keeps those who bought through it: the table's customers.
    let web = Filter {
        channels: vec![ds.strings.lookup("Mens E-Mail").unwrap()],
        ..Filter::all()
    };
    assert_eq!(ids(&web), ["3"]);
    // Picks: a customer column keeps its customers, as the segment filter does; an order
    // column keeps those who bought (the table, computed under it); a deal column leaves
    // the list as it is.
    let picked = |kind, column: &str, value: &str| {
        let text = FilterText {
            picks: vec![Pick::new(kind, column, [value])],
            ..FilterText::default()
        };
        Filter::resolve(&ds, &text)
    };
    assert_eq!(
        ids(&picked(Kind::Customers, "segment", "Womens E-Mail")),
        ["1", "3"]
    );
    assert_eq!(ids(&picked(Kind::Orders, "category", "Books")), ["3"]);
    assert_eq!(ids(&picked(Kind::Deals, "owner", "Ann")), ["1", "2", "3"]);
}

#[test]
fn generated_ids_sort_by_their_number() {
    let mut ds = Dataset::default();
    for id in [
        "bank.csv#10",
        "bank.csv#2",
        "bank.csv#100",
        "C2",
        "bank.csv#1",
    ] {
        let c = Customer {
            id: ds.strings.intern(id),
            ..Default::default()
        };
        ds.customers.rows.push(c);
    }
    let rows = build(
        &ds,
        &CustomerIndex::build(&ds),
        &[],
        &Filter::all(),
        &|_| None,
    );
    let q = ListQuery {
        sort: Column::Id,
        descending: false,
        ..Default::default()
    };
    assert_eq!(
        ids(&rows, &q),
        [
            "C2",
            "bank.csv#1",
            "bank.csv#2",
            "bank.csv#10",
            "bank.csv#100"
        ]
    );
}

#[test]
fn a_customer_without_purchases_in_the_period_keeps_their_p_alive_and_clv() {
    let mut ds = Dataset::default();
    for id in ["1", "2"] {
        let c = Customer {
            id: ds.strings.intern(id),
            ..Default::default()
        };
        ds.customers.rows.push(c);
    }
    let lapsed = ds.strings.lookup("2").unwrap();
    // Customer 1 bought in the period (its row has its own figures); 2 lapsed before it.
    let table = vec![metrics("1", 1, 10.0, "New", 'C', Some(0.9))];
    let lifetime = |id| (id == lapsed).then_some((0.2, Some(15.0)));
    let rows = build(
        &ds,
        &CustomerIndex::build(&ds),
        &table,
        &Filter::all(),
        &lifetime,
    );
    let two = rows.iter().find(|r| r.id == "2").unwrap();
    assert_eq!(
        (two.p_alive, two.clv, two.orders),
        (Some(0.2), Some(15.0), 0)
    );
    assert_eq!(
        rows.iter().find(|r| r.id == "1").unwrap().p_alive,
        Some(0.9)
    );
}
