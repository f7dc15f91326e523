use rapport::core::metrics::{CustomerIndex, FilterText, Pick};
use rapport::core::metrics::{CustomerRow, Filter};
use rapport::core::model::{Customer, Dataset, Kind};
use rapport::customer_list::{build, select, window, Column, ListQuery, Selector};

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
fn typing_gives_what_select_gives_at_every_key() {
    let rows = sample();
    let q = |s: &str, sort: Column| ListQuery {
        search: s.into(),
        sort,
        ..Default::default()
    };
    // Typing "example.com z", a word before it, deleting letters, another sort, a filter,
    // a final sigma that lower-cases differently once the word goes on (ς, then σα): at
    // every step the kept selection is the one `select` gives from scratch.
    let steps = [
        q("", Column::Revenue),
        q("e", Column::Revenue),
        q("ex", Column::Revenue),
        q("example.", Column::Revenue),
        q("example.com", Column::Revenue),
        q("example.com ", Column::Revenue),
        q("example.com z", Column::Revenue),
        q("o example.com z", Column::Revenue),
        q("o example.com ", Column::Revenue),
        q("o example.co", Column::Id),
        ListQuery {
            abc: Some('A'),
            ..q("o example.co", Column::Id)
        },
        q("an", Column::Id),
        q("ann", Column::Name),
        q("ΑΣ", Column::Revenue),
        q("ΑΣΑ", Column::Revenue),
        q("zoë", Column::Revenue),
        q("", Column::Revenue),
    ];
    let mut selector = Selector::default();
    for step in &steps {
        assert_eq!(
            selector.select(&rows, step),
            select(&rows, step),
            "{step:?}"
        );
    }
}

/// A query typed, deleted and filtered over random rows: the kept selection is always
/// the one `select` gives from scratch.
mod typing {
    use super::*;
    use proptest::prelude::*;
    use rapport::core::metrics::CustomerIndex;

    fn rows(names: &[(String, u8)]) -> Vec<rapport::customer_list::ListRow> {
        let mut ds = Dataset::default();
        let mut table = Vec::new();
        for (n, (name, orders)) in names.iter().enumerate() {
            let id = n.to_string();
            let c = Customer {
                id: ds.strings.intern(&id),
                name: ds.strings.intern(name),
                email: ds.strings.intern(&format!("{name}@x.org")),
                ..Default::default()
            };
            ds.customers.rows.push(c);
            if *orders > 0 {
                let (segment, abc) =
                    [("Champions", 'A'), ("Loyal", 'B'), ("At risk", 'C')][*orders as usize % 3];
                let p = Some(f64::from(*orders % 10) / 10.0);
                table.push(metrics(
                    &id,
                    u32::from(*orders % 9) + 1,
                    f64::from(*orders),
                    segment,
                    abc,
                    p,
                ));
            }
        }
        build(
            &ds,
            &CustomerIndex::build(&ds),
            &table,
            &Filter::all(),
            &|_| None,
        )
    }

    #[derive(Clone, Debug)]
    enum Step {
        Type(char),
        Delete,
        Clear,
        Sort(usize, bool),
        Abc(Option<char>),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => prop::sample::select(vec!['a', 'b', 'n', 'o', ' ', '@', 'Σ', 'ς', '1', '0', '.'])
                .prop_map(Step::Type),
            2 => Just(Step::Delete),
            1 => Just(Step::Clear),
            1 => (0..Column::ALL.len(), any::<bool>()).prop_map(|(c, d)| Step::Sort(c, d)),
            1 => prop::option::of(prop::sample::select(vec!['A', 'B', 'C'])).prop_map(Step::Abc),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn every_key_gives_what_select_gives(
            names in prop::collection::vec(("[abnoΣς1 .]{0,8}", any::<u8>()), 0..150),
            steps in prop::collection::vec(step(), 1..40),
        ) {
            let rows = rows(&names);
            let mut selector = Selector::default();
            let mut q = ListQuery::default();
            for step in steps {
                match step {
                    Step::Type(c) => q.search.push(c),
                    Step::Delete => { q.search.pop(); }
                    Step::Clear => q.search.clear(),
                    Step::Sort(c, d) => { q.sort = Column::ALL[c]; q.descending = d; }
                    Step::Abc(a) => q.abc = a,
                }
                prop_assert_eq!(selector.select(&rows, &q), select(&rows, &q), "{:?}", q);
            }
        }
    }
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
