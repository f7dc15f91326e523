//! Breakdowns by any column (`core::metrics::dimension`), the records each figure leaves out
//! and why, every record counted over the whole history, and each kind at its own as-of.

use super::builder::{day, ts, B};
use rapport::core::import::{analyze, merge, parse, MergePolicy, NoProgress, ParseOptions};
use rapport::core::metrics::{
    customers_by, dashboard, deals_by, dimensions, funnel, grouping, support, tickets_by, AsOf,
    CustomerIndex, Filter, LeftOutReason, Params,
};
use rapport::core::model::{Dataset, DealOutcome, Kind, Ticket};

fn ticket(b: &mut B, channel: &str, priority: &str, opened: Option<&str>, status: &str) {
    let t = Ticket {
        id: b.sym(&format!("T{}", b.ds.tickets.len() + 1)),
        channel: b.sym(channel),
        priority: b.sym(priority),
        status: b.sym(status),
        opened: opened.map(ts),
        resolved: opened.filter(|_| status == "Closed").map(|o| {
            let mut t = ts(o);
            t.0 += 10 * 3600;
            t
        }),
        csat: (status == "Closed").then_some(5),
        ..Ticket::default()
    };
    b.ticket(t);
}

/// Five tickets: three dated (two closed), two open ones without any date.
fn tickets() -> Dataset {
    let mut b = B::new();
    ticket(&mut b, "Email", "High", Some("2024-01-05 09:00"), "Closed");
    ticket(&mut b, "Email", "Low", Some("2024-03-05 09:00"), "Closed");
    ticket(&mut b, "Chat", "High", Some("2024-03-10 09:00"), "Open");
    ticket(&mut b, "Chat", "Low", None, "Open");
    ticket(&mut b, "Email", "Low", None, "Open");
    b.build()
}

#[test]
fn every_ticket_counts_over_the_whole_history() {
    let ds = tickets();
    let idx = CustomerIndex::build(&ds);
    let as_of = day("2024-03-31");
    let all = support(&ds, &idx, &Filter::all(), as_of);
    assert_eq!(all.tickets.value, Some(5.0));
    assert_eq!((all.undated, all.undated_left_out), (2, 0));
    assert!(all.tickets.explain.left_out.is_empty());
    assert_eq!(all.by_channel.labels(), ["Email", "Chat"]);
    assert_eq!(all.by_channel.values(), [3.0, 2.0]);
    // Backlog: the open dated ticket and both undated ones.
    assert_eq!(all.backlog.value, 3);
    // A period with a start cannot place the undated tickets: left out, and said why.
    let march = Filter {
        from: Some(day("2024-03-01")),
        ..Filter::all()
    };
    let m = support(&ds, &idx, &march, as_of);
    assert_eq!(m.tickets.value, Some(2.0));
    assert_eq!(m.undated_left_out, 2);
    let left = &m.tickets.explain.left_out;
    assert_eq!(
        (left[0].records, left[0].reason),
        (2, LeftOutReason::Undated)
    );
    // Durations say what they leave out: no opening time, or not resolved yet.
    assert_eq!(all.resolution.tickets, 2);
    assert_eq!(
        (all.resolution.without_start, all.resolution.without_end),
        (2, 1)
    );
}

#[test]
fn tickets_break_down_by_any_column() {
    let ds = tickets();
    let idx = CustomerIndex::build(&ds);
    assert_eq!(
        dimensions(&ds, Kind::Tickets),
        ["channel", "priority", "status"],
        "csat has one value only; issue_type none"
    );
    let as_of = AsOf::same(day("2024-03-31"));
    let by = tickets_by(&ds, &idx, &Filter::all(), &as_of, "priority").unwrap();
    let rows: Vec<_> = by
        .iter()
        .map(|g| (g.value.as_str(), g.tickets, g.open, g.rated, g.csat))
        .collect();
    assert_eq!(
        rows,
        [("Low", 3, 2, 1, Some(1.0)), ("High", 2, 1, 1, Some(1.0))]
    );
    let high = &by[1];
    assert_eq!(high.median_resolution_hours, Some(10.0));
    assert!(tickets_by(&ds, &idx, &Filter::all(), &as_of, "nothing").is_none());
}

/// Deals of amounts 100, 250, 900, 1,500 and one without an amount.
fn deals() -> Dataset {
    let mut b = B::new();
    let (w, l, o) = (DealOutcome::Won, DealOutcome::Lost, DealOutcome::Open);
    b.deal(
        "A",
        "Ann",
        "Won",
        w,
        Some(100.0),
        Some("2024-01-01"),
        Some("2024-02-01"),
    )
    .deal(
        "B",
        "Ann",
        "Lost",
        l,
        Some(250.0),
        Some("2024-01-05"),
        Some("2024-02-05"),
    )
    .deal(
        "C",
        "Bob",
        "Won",
        w,
        Some(900.0),
        Some("2024-02-01"),
        Some("2024-03-10"),
    )
    .deal(
        "D",
        "Bob",
        "Proposal",
        o,
        Some(1500.0),
        Some("2024-03-01"),
        None,
    )
    .deal("", "Bob", "Prospecting", o, None, None, None);
    b.build()
}

#[test]
fn numbers_are_grouped_in_round_bands_in_order() {
    let ds = deals();
    let g = grouping(&ds, Kind::Deals, "amount").unwrap();
    assert!(g.banded);
    // Range 100–1,500 in about 8 bands: width 200, from 0.
    assert_eq!(&g.labels[..3], ["0–199", "200–399", "400–599"]);
    assert_eq!(g.labels.last().unwrap(), "", "the deal without an amount");
    let idx = CustomerIndex::build(&ds);
    let as_of = AsOf::same(day("2024-03-31"));
    let by = deals_by(&ds, &idx, &Filter::all(), &as_of, "amount").unwrap();
    let rows: Vec<_> = by
        .iter()
        .map(|g| (g.value.as_str(), g.deals, g.won, g.won_revenue))
        .collect();
    assert_eq!(
        rows,
        [
            ("0–199", 1, 1, 100.0),
            ("200–399", 1, 0, 0.0),
            ("800–999", 1, 1, 900.0),
            ("1400–1599", 1, 0, 0.0),
            ("", 1, 0, 0.0),
        ]
    );
}

#[test]
fn a_text_column_of_many_numbers_is_banded_and_of_few_is_not() {
    let mut csv = String::from("contact,arm,age,visits,converted\n");
    for i in 0..40 {
        let arm = if i % 2 == 0 { "mail" } else { "control" };
        csv.push_str(&format!("c{i},{arm},{},{},{}\n", 20 + i, i % 3, i % 4 == 0));
    }
    let a = analyze("ages.csv", csv.as_bytes(), None).unwrap();
    let p = parse(
        &a,
        csv.as_bytes(),
        &ParseOptions::default(),
        &mut NoProgress,
    );
    let (ds, _) = merge(&Dataset::default(), vec![p], MergePolicy::CreateOnly, true);
    let age = grouping(&ds, Kind::Responses, "age").unwrap();
    assert!(age.banded);
    assert_eq!(
        age.labels,
        ["20–24", "25–29", "30–34", "35–39", "40–44", "45–49", "50–54", "55–59"]
    );
    let visits = grouping(&ds, Kind::Responses, "visits").unwrap();
    assert!(!visits.banded, "three values: one group each");
    assert_eq!(visits.labels, ["0", "1", "2"]);
}

#[test]
fn undated_deals_count_in_the_funnel_and_the_owner_views() {
    let ds = deals();
    let idx = CustomerIndex::build(&ds);
    let (as_of, params) = (day("2024-03-31"), Params::default());
    let f = funnel(&ds, &idx, &Filter::all(), as_of, &params);
    assert_eq!(
        (f.total, f.open, f.undated, f.undated_left_out),
        (5, 2, 1, 0)
    );
    let reached: u64 = f
        .stages
        .iter()
        .find(|s| s.stage == "Prospecting")
        .unwrap()
        .reached;
    assert_eq!(reached, 4, "the prospect, the proposal and both won deals");
    let by = deals_by(&ds, &idx, &Filter::all(), &AsOf::same(as_of), "owner").unwrap();
    let bob = by.iter().find(|g| g.value == "Bob").unwrap();
    assert_eq!((bob.deals, bob.open), (3, 2));
    // From February on, the undated prospect cannot be placed: left out and said so. The
    // closed deals count by their close date (all in February or March), the open one by
    // its creation.
    let feb = Filter {
        from: Some(day("2024-02-01")),
        ..Filter::all()
    };
    let f = funnel(&ds, &idx, &feb, as_of, &params);
    assert_eq!((f.total, f.won, f.lost, f.undated_left_out), (4, 2, 1, 1));
    let march = Filter {
        from: Some(day("2024-03-01")),
        ..Filter::all()
    };
    let f = funnel(&ds, &idx, &march, as_of, &params);
    assert_eq!((f.total, f.won, f.won_amount), (2, 1, 900.0));
    assert_eq!(f.win_rate.explain.left_out[0].records, 1);
    // Won revenue by close month, every month from the first to the last.
    let all = funnel(&ds, &idx, &Filter::all(), as_of, &params);
    assert_eq!(all.won_by_month.labels(), ["2024-02", "2024-03"]);
    assert_eq!(all.won_by_month.values(), [100.0, 900.0]);
    assert_eq!(all.won_amount, 1000.0);
}

#[test]
fn each_kind_is_computed_at_its_own_latest_date() {
    let mut b = B::new();
    b.customer("1", "", None)
        .order("O1", "1", "2011-11-01", 40.0)
        .order("O2", "1", "2011-12-09", 60.0);
    ticket(&mut b, "Email", "High", Some("2023-06-01 09:00"), "Open");
    let ds = b.build();
    let as_of = AsOf::of(&ds, day("2000-01-01"));
    assert_eq!(as_of.orders, day("2011-12-09"));
    assert_eq!(as_of.tickets, day("2023-06-01"));
    assert_eq!(
        as_of.deals,
        day("2023-06-01"),
        "no deals: the data's latest date"
    );
    assert_eq!(as_of.latest(), day("2023-06-01"));
    let idx = CustomerIndex::build(&ds);
    let d = dashboard(&ds, &idx, None, &Filter::all(), &as_of, &Params::default());
    // The old orders keep their revenue; one date for both would leave the orders' period
    // ending 2023 with the same revenue, but its last-90-day churn window empty.
    assert_eq!(d.sales.revenue.value, Some(100.0));
    assert_eq!(d.support.tickets.value, Some(1.0));
    assert_eq!(d.customers.active.value, Some(1.0));
}

fn import_all(files: &[(&str, &str)]) -> Dataset {
    let parsed = files
        .iter()
        .map(|(name, text)| {
            let a = analyze(name, text.as_bytes(), None).unwrap();
            parse(
                &a,
                text.as_bytes(),
                &ParseOptions::default(),
                &mut NoProgress,
            )
        })
        .collect();
    merge(
        &Dataset::default(),
        parsed,
        MergePolicy::CreateAndUpdate,
        true,
    )
    .0
}

#[test]
fn customers_without_an_id_get_one_and_deals_reach_them_by_name() {
    let ds = import_all(&[
        (
            "exports/people.csv",
            "name,email,company,segment\nAnn,ann@x.example,,Retail\nBob,,Acme,Retail\n,,Globex,Enterprise\n",
        ),
        (
            "deals.csv",
            "deal_id,account,stage,amount,created_date\nD1,Globex,Won,500,2024-01-02\nD2,Bob,Open,100,2024-01-03\n",
        ),
    ]);
    let ids: Vec<&str> = ds.customers.rows.iter().map(|c| ds.str(c.id)).collect();
    // The e-mail; the file's second record (a person at a company); the company alone.
    assert_eq!(ids, ["ann@x.example", "people.csv#2", "Globex"]);
    let idx = CustomerIndex::build(&ds);
    for d in &ds.deals.rows {
        assert!(
            idx.dense(d.customer).is_some(),
            "{} reaches its customer",
            ds.str(d.customer)
        );
    }
    // So the segment filter reaches the deals.
    let enterprise = Filter {
        segments: vec![ds.strings.lookup("Enterprise").unwrap()],
        ..Filter::all()
    };
    let f = funnel(
        &ds,
        &idx,
        &enterprise,
        day("2024-12-31"),
        &Params::default(),
    );
    assert_eq!((f.total, f.won), (1, 1));
}

#[test]
fn a_name_written_with_spaces_still_reaches_its_deals() {
    let ds = import_all(&[
        ("accounts.csv", "id,name\nC1,\"Acme \"\nC2, Globex\n"),
        (
            "deals.csv",
            "deal_id,account,stage,amount,created_date\nD1,Acme,Won,500,2024-01-02\nD2,Globex ,Open,100,2024-01-03\n",
        ),
    ]);
    // The names are kept as written; the deals' references are keys, trimmed.
    let names: Vec<&str> = ds.customers.rows.iter().map(|c| ds.str(c.name)).collect();
    assert_eq!(names, ["Acme ", " Globex"]);
    let idx = CustomerIndex::build(&ds);
    let reached: Vec<Option<&str>> = (ds.deals.rows.iter())
        .map(|d| idx.dense(d.customer).map(|c| ds.str(idx.id(c))))
        .collect();
    assert_eq!(reached, [Some("C1"), Some("C2")]);
}

#[test]
fn contacts_without_an_id_count_as_customers() {
    let ds = import_all(&[(
        "hill.csv",
        "segment,visit,conversion,spend\nWomens E-Mail,1,0,0\nNo E-Mail,0,0,0\nWomens E-Mail,1,1,30\n",
    )]);
    let ids: Vec<&str> = ds
        .responses
        .rows
        .iter()
        .map(|r| ds.str(r.customer))
        .collect();
    assert_eq!(ids, ["hill.csv#1", "hill.csv#2", "hill.csv#3"]);
    assert_eq!(
        ds.customers.len(),
        3,
        "a placeholder each: they can be opened"
    );
    let idx = CustomerIndex::build(&ds);
    let as_of = AsOf::of(&ds, day("2024-12-31"));
    let d = dashboard(&ds, &idx, None, &Filter::all(), &as_of, &Params::default());
    assert_eq!(d.customers.total.value, Some(3.0));
}

#[test]
fn customers_break_down_with_their_purchases_in_the_period() {
    let mut b = B::new();
    b.customer("1", "Retail", None)
        .customer("2", "Retail", None)
        .customer("3", "Enterprise", None)
        .order("O1", "1", "2024-01-10", 100.0)
        .order("O2", "1", "2024-03-10", 50.0)
        .order("O3", "3", "2024-03-15", 400.0);
    let ds = b.build();
    let idx = CustomerIndex::build(&ds);
    let as_of = AsOf::same(day("2024-03-31"));
    let rows = |f: &Filter| {
        customers_by(&ds, &idx, f, &as_of, "segment")
            .unwrap()
            .into_iter()
            .map(|g| (g.value, g.customers, g.buyers, g.orders, g.revenue))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(&Filter::all()),
        [
            ("Retail".to_string(), 2, 1, 2, 150.0),
            ("Enterprise".to_string(), 1, 1, 1, 400.0)
        ]
    );
    let march = Filter {
        from: Some(day("2024-03-01")),
        ..Filter::all()
    };
    assert_eq!(
        rows(&march),
        [
            ("Retail".to_string(), 2, 1, 1, 50.0),
            ("Enterprise".to_string(), 1, 1, 1, 400.0)
        ]
    );
}

#[test]
fn a_recent_period_ends_at_each_kinds_own_as_of() {
    use rapport::core::metrics::Recent;
    let mut b = B::new();
    b.customer("1", "", None)
        .order("O1", "1", "2011-08-01", 40.0)
        .order("O2", "1", "2011-12-09", 60.0);
    ticket(&mut b, "Email", "High", Some("2023-06-01 09:00"), "Open");
    ticket(&mut b, "Email", "Low", Some("2023-01-10 09:00"), "Open");
    let ds = b.build();
    let idx = CustomerIndex::build(&ds);
    let as_of = AsOf::of(&ds, day("2000-01-01"));
    let last90 = Filter {
        recent: Some(Recent::Days(90)),
        ..Filter::all()
    };
    let d = dashboard(&ds, &idx, None, &last90, &as_of, &Params::default());
    // The orders' last 90 days end 2011-12-09, the tickets' 2023-06-01.
    assert_eq!(d.sales.revenue.value, Some(60.0));
    assert_eq!(d.period.from, day("2011-09-11"));
    assert_eq!(d.support.tickets.value, Some(1.0));
    let ytd = Filter {
        recent: Some(Recent::YearToDate),
        ..Filter::all()
    };
    let d = dashboard(&ds, &idx, None, &ytd, &as_of, &Params::default());
    assert_eq!(d.sales.revenue.value, Some(100.0));
    assert_eq!(d.support.tickets.value, Some(2.0));
}

#[test]
fn a_stage_lists_the_deals_the_funnel_counts_there() {
    use rapport::core::metrics::deals_at_stage;
    let mut ds = deals();
    // A won deal whose stage is written "Closed Won" is a won deal.
    let closed_won = ds.strings.intern("Closed Won");
    ds.deals.rows[2].stage = closed_won;
    let idx = CustomerIndex::build(&ds);
    let as_of = day("2024-03-31");
    let all = Filter::all();
    assert_eq!(deals_at_stage(&ds, &idx, &all, as_of, "Won"), [0, 2]);
    assert_eq!(deals_at_stage(&ds, &idx, &all, as_of, "Lost"), [1]);
    assert_eq!(deals_at_stage(&ds, &idx, &all, as_of, "Prospecting"), [4]);
    // The filter applies: in March, only the deal won then and the proposal made then.
    let march = Filter {
        from: Some(day("2024-03-01")),
        ..Filter::all()
    };
    assert_eq!(deals_at_stage(&ds, &idx, &march, as_of, "Won"), [2]);
    assert_eq!(
        deals_at_stage(&ds, &idx, &march, as_of, "Prospecting"),
        Vec::<usize>::new()
    );
    let f = funnel(&ds, &idx, &all, as_of, &Params::default());
    let won = f.stages.iter().find(|s| s.stage == "Won").unwrap();
    assert_eq!(won.deals, 2);
}

#[test]
fn a_column_of_one_number_is_one_band() {
    let mut b = B::new();
    let (w, o) = (DealOutcome::Won, DealOutcome::Open);
    b.deal(
        "A",
        "Ann",
        "Won",
        w,
        Some(250.5),
        Some("2024-01-01"),
        Some("2024-02-01"),
    )
    .deal(
        "B",
        "Ann",
        "Proposal",
        o,
        Some(250.5),
        Some("2024-01-05"),
        None,
    );
    let ds = b.build();
    let g = grouping(&ds, Kind::Deals, "amount").unwrap();
    assert_eq!(g.labels, ["250–251"]);
    assert_eq!((g.of(0), g.of(1)), (0, 0));
    assert!(
        !dimensions(&ds, Kind::Deals).contains(&"amount".to_string()),
        "one value: not offered"
    );
}
