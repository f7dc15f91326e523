//! The demo-data generator: deterministic, consistent, realistically shaped, and its CSV
//! imports back into the same records through the real importer.

use rapport::core::demo::{generate, to_csv, DemoOptions};
use rapport::core::import::{analyze, merge, parse, MergePolicy, NoProgress, ParseOptions};
use rapport::core::model::{
    Campaign, Customer, Dataset, Day, Deal, DealOutcome, Kind, Money, Order, OrderStatus, Sym,
    Table, Ticket, Timestamp,
};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The default dataset, generated once for the whole module.
fn demo() -> &'static Dataset {
    static DEMO: OnceLock<Dataset> = OnceLock::new();
    DEMO.get_or_init(|| generate(&DemoOptions::default()))
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

/// Net revenue of completed orders per customer id.
fn spend_by_customer(ds: &Dataset) -> HashMap<Sym, i64> {
    let mut spend = HashMap::new();
    for o in &ds.orders.rows {
        if o.status == OrderStatus::Completed {
            *spend.entry(o.customer).or_insert(0) += o.amount.0;
        }
    }
    spend
}

#[test]
fn defaults_are_fixed_and_the_history_ends_at_as_of() {
    let o = DemoOptions::default();
    assert_eq!((o.seed, o.customers, o.years), (42, 2_000, 3));
    assert_eq!(o.as_of, day(2026, 6, 30));
    assert_eq!(o.start(), day(2023, 7, 1));
    let leap = DemoOptions {
        as_of: day(2024, 2, 29),
        years: 1,
        ..o
    };
    assert_eq!(leap.start(), day(2023, 3, 1));
}

#[test]
fn the_same_seed_gives_the_same_dataset_and_another_seed_another() {
    let a = demo();
    let b = generate(&DemoOptions::default());
    assert_eq!(*a, b);
    for kind in Kind::ALL {
        assert_eq!(to_csv(a, kind), to_csv(&b, kind), "{kind:?}");
    }
    let c = generate(&DemoOptions {
        seed: 43,
        ..DemoOptions::default()
    });
    assert_ne!(*a, c);
    for kind in Kind::ALL {
        assert_ne!(to_csv(a, kind), to_csv(&c, kind), "{kind:?}");
    }
}

#[test]
fn sizes_follow_the_options() {
    let ds = demo();
    assert_eq!(ds.customers.len(), 2_000);
    // Realistic volumes for 2,000 customers over three years.
    assert!(
        (8_000..40_000).contains(&ds.orders.len()),
        "{}",
        ds.orders.len()
    );
    assert!((300..3_000).contains(&ds.deals.len()), "{}", ds.deals.len());
    assert!(
        (500..5_000).contains(&ds.tickets.len()),
        "{}",
        ds.tickets.len()
    );
    assert!(
        (8..=15).contains(&ds.campaigns.len()),
        "{}",
        ds.campaigns.len()
    );
    for n in [0, 1, 25] {
        let small = generate(&DemoOptions {
            customers: n,
            seed: 7,
            ..DemoOptions::default()
        });
        assert_eq!(small.customers.len(), n);
        assert!(small.check().is_ok());
        assert!(!small.campaigns.is_empty());
    }
    let short = generate(&DemoOptions {
        years: 1,
        customers: 200,
        as_of: day(2025, 3, 31),
        ..DemoOptions::default()
    });
    let first = short.orders.rows.iter().map(|o| o.date).min().unwrap();
    let last = short.orders.rows.iter().map(|o| o.date).max().unwrap();
    assert!(
        first >= day(2024, 4, 1) && last <= day(2025, 3, 31),
        "{first:?} {last:?}"
    );
}

/// Ids of a table are unique and every customer reference resolves.
fn check_refs<T>(ds: &Dataset, table: &Table<T>, id: fn(&T) -> Sym, customer: fn(&T) -> Sym) {
    let customers: HashSet<Sym> = ds.customers.rows.iter().map(|c| c.id).collect();
    let mut ids = HashSet::new();
    for r in &table.rows {
        assert!(ids.insert(id(r)), "duplicate id {}", ds.str(id(r)));
        let c = customer(r);
        assert!(
            c == Sym::EMPTY || customers.contains(&c),
            "{} names unknown customer {}",
            ds.str(id(r)),
            ds.str(c)
        );
    }
}

#[test]
fn every_table_is_filled_and_every_reference_resolves() {
    let ds = demo();
    assert!(ds.check().is_ok());
    for kind in Kind::ALL {
        assert!(ds.count(kind) > 0, "{kind:?}");
    }
    check_refs(ds, &ds.customers, |c: &Customer| c.id, |_| Sym::EMPTY);
    check_refs(ds, &ds.orders, |o: &Order| o.id, |o| o.customer);
    check_refs(ds, &ds.deals, |d: &Deal| d.id, |d| d.customer);
    check_refs(ds, &ds.tickets, |t: &Ticket| t.id, |t| t.customer);
    check_refs(ds, &ds.campaigns, |c: &Campaign| c.id, |_| Sym::EMPTY);
    assert!(ds.orders.rows.iter().all(|o| !o.customer.is_empty()));
    assert!(ds.deals.rows.iter().all(|d| !d.customer.is_empty()));
    assert!(ds.tickets.rows.iter().all(|t| !t.customer.is_empty()));
    // Ids keep their leading zeros; unique e-mails; some phones are written with a
    // leading zero, some with `+`.
    assert_eq!(ds.str(ds.customers.rows[0].id), "C00001");
    assert_eq!(ds.str(ds.orders.rows[0].id), "SO-000001");
    let emails: HashSet<&str> = ds.customers.rows.iter().map(|c| ds.str(c.email)).collect();
    assert_eq!(emails.len(), ds.customers.len());
    let phones: Vec<&str> = ds.customers.rows.iter().map(|c| ds.str(c.phone)).collect();
    assert!(phones.iter().any(|p| p.starts_with('0')));
    assert!(phones.iter().any(|p| p.starts_with('+')));
    // English and Chinese names.
    let chinese = ds
        .customers
        .rows
        .iter()
        .filter(|c| {
            ds.str(c.name)
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
        })
        .count();
    assert!((400..1_000).contains(&chinese), "{chinese}");
    // Each segment, several owners.
    let segments: HashSet<&str> = ds
        .customers
        .rows
        .iter()
        .map(|c| ds.str(c.segment))
        .collect();
    let expected: HashSet<&str> = ["Consumer", "Small Business", "Corporate", "Enterprise"].into();
    assert_eq!(segments, expected);
    let owners: HashSet<Sym> = ds.deals.rows.iter().map(|d| d.owner).collect();
    assert!(owners.len() >= 4);
}

#[test]
fn every_date_is_within_the_history() {
    let o = DemoOptions::default();
    let (start, as_of) = (o.start(), o.as_of);
    let within = |d: Day| d >= start && d <= as_of;
    let end = Timestamp((as_of.0 as i64 + 1) * Timestamp::DAY);
    let ds = demo();
    for c in &ds.customers.rows {
        assert!(within(c.signup.unwrap()));
        assert!(c.birth_date.unwrap() < Day(start.0 - 17 * 365));
    }
    let signups: HashMap<Sym, Day> = ds
        .customers
        .rows
        .iter()
        .map(|c| (c.id, c.signup.unwrap()))
        .collect();
    for r in &ds.orders.rows {
        assert!(within(r.date));
        assert!(
            r.date >= signups[&r.customer],
            "an order before its customer signed up"
        );
    }
    for d in &ds.deals.rows {
        let created = d.created.unwrap();
        assert!(within(created));
        assert!(d.expected_close.unwrap() > created);
        match d.closed {
            Some(closed) => assert!(closed > created && closed <= as_of),
            None => assert_eq!(d.outcome, DealOutcome::Open),
        }
    }
    for t in &ds.tickets.rows {
        let opened = t.opened.unwrap();
        assert!(within(opened.day()));
        if let Some(first) = t.first_response {
            assert!(first > opened && first < end);
        }
        if let Some(resolved) = t.resolved {
            assert!(resolved >= t.first_response.unwrap() && resolved < end);
        }
    }
    for c in &ds.campaigns.rows {
        let (s, e) = (c.start.unwrap(), c.end.unwrap());
        assert!(within(s) && within(e) && s <= e);
    }
}

#[test]
fn spend_is_pareto_shaped() {
    let mut spend: Vec<i64> = spend_by_customer(demo()).into_values().collect();
    spend.sort_unstable_by(|a, b| b.cmp(a));
    let total: i64 = spend.iter().sum();
    let top: i64 = spend[..spend.len() / 5].iter().sum();
    let share = top as f64 / total as f64;
    assert!(
        (0.55..0.85).contains(&share),
        "top 20 % of buyers: {share:.3}"
    );
}

#[test]
fn revenue_peaks_in_november_and_december_and_dips_at_weekends() {
    let ds = demo();
    let mut by_month = [0i64; 12];
    let mut by_weekday = [0i64; 7];
    for o in ds
        .orders
        .rows
        .iter()
        .filter(|o| o.status == OrderStatus::Completed)
    {
        let (_, m, _) = o.date.ymd();
        by_month[m as usize - 1] += o.amount.0;
        // 1970-01-01 was a Thursday (index 3 from Monday).
        by_weekday[(o.date.0 + 3).rem_euclid(7) as usize] += o.amount.0;
    }
    let total: i64 = by_month.iter().sum();
    let peak = (by_month[10] + by_month[11]) as f64 / 2.0;
    assert!(peak > 1.25 * total as f64 / 12.0, "{by_month:?}");
    assert!(by_month[11] > by_month[1], "{by_month:?}");
    assert!(by_weekday[6] < by_weekday[1], "{by_weekday:?}");
}

#[test]
fn some_orders_are_refunded_cancelled_or_pending() {
    let ds = demo();
    let n = ds.orders.len() as f64;
    let count = |s: OrderStatus| ds.orders.rows.iter().filter(|o| o.status == s).count() as f64;
    let refunded = count(OrderStatus::Refunded) / n;
    let cancelled = count(OrderStatus::Cancelled) / n;
    assert!((0.01..0.06).contains(&refunded), "{refunded}");
    assert!((0.005..0.03).contains(&cancelled), "{cancelled}");
    let as_of = DemoOptions::default().as_of;
    for o in ds
        .orders
        .rows
        .iter()
        .filter(|o| o.status == OrderStatus::Pending)
    {
        assert!(
            o.date.0 > as_of.0 - 4,
            "only the last days' orders are pending"
        );
    }
    // Amount = unit price × quantity − discount, exactly.
    for o in &ds.orders.rows {
        let gross = o.unit_price.unwrap().times(o.quantity);
        assert_eq!(o.amount, gross - o.discount.unwrap_or(Money::ZERO));
        assert!(o.amount.0 > 0 && o.amount.0 % 100 == 0, "whole cents");
    }
    assert!(ds.orders.rows.iter().any(|o| o.discount.is_some()));
}

#[test]
fn customers_churn_and_their_orders_stop() {
    let ds = demo();
    let as_of = DemoOptions::default().as_of;
    let mut last: HashMap<Sym, Day> = HashMap::new();
    for o in &ds.orders.rows {
        let e = last.entry(o.customer).or_insert(o.date);
        *e = (*e).max(o.date);
    }
    let buyers = last.len();
    assert!(buyers * 10 > ds.customers.len() * 8, "most customers buy");
    let lapsed = last.values().filter(|d| d.0 < as_of.0 - 180).count();
    let share = lapsed as f64 / buyers as f64;
    assert!(
        (0.25..0.75).contains(&share),
        "no order in 180 days: {share:.2}"
    );
    // Repeat buyers exist (for cohorts and BG/NBD), and so do one-time buyers.
    let mut orders_per = HashMap::new();
    for o in &ds.orders.rows {
        *orders_per.entry(o.customer).or_insert(0) += 1;
    }
    assert!(orders_per.values().filter(|n| **n == 1).count() > buyers / 10);
    assert!(orders_per.values().filter(|n| **n >= 5).count() > buyers / 5);
    // The status says who stopped.
    let status = |s: &str| {
        ds.customers
            .rows
            .iter()
            .filter(|c| ds.str(c.status) == s)
            .count()
    };
    assert!(status("churned") > 0 && status("active") > 0 && status("lead") > 0);
}

#[test]
fn deals_reach_every_stage_with_drop_off() {
    let ds = demo();
    let lost_at = ds
        .deals
        .extra_columns
        .iter()
        .position(|c| ds.str(*c) == "lost_at_stage");
    let lost_at = lost_at.expect("a lost_at_stage column");
    let mut by_stage: HashMap<&str, usize> = HashMap::new();
    let mut furthest: HashMap<&str, usize> = HashMap::new();
    for (i, d) in ds.deals.rows.iter().enumerate() {
        let stage = ds.str(d.stage);
        *by_stage.entry(stage).or_default() += 1;
        let extra = ds.str(ds.deals.extra_values[i * ds.deals.extra_columns.len() + lost_at]);
        match d.outcome {
            DealOutcome::Won => {
                assert_eq!((stage, d.probability), ("Closed Won", Some(100.0)));
                assert!(d.lost_reason.is_empty() && extra.is_empty());
            }
            DealOutcome::Lost => {
                assert_eq!((stage, d.probability), ("Closed Lost", Some(0.0)));
                assert!(!d.lost_reason.is_empty());
                *furthest.entry(extra).or_default() += 1;
            }
            DealOutcome::Open => assert!(extra.is_empty() && d.closed.is_none()),
        }
    }
    for stage in [
        "Lead",
        "Qualified",
        "Proposal",
        "Negotiation",
        "Closed Won",
        "Closed Lost",
    ] {
        assert!(
            by_stage.get(stage).copied().unwrap_or(0) > 0,
            "{stage}: {by_stage:?}"
        );
    }
    // Most lost deals drop out early.
    assert!(furthest["Lead"] > furthest["Negotiation"], "{furthest:?}");
    let won = by_stage["Closed Won"] as f64;
    let closed = won + by_stage["Closed Lost"] as f64;
    assert!(
        (0.12..0.35).contains(&(won / closed)),
        "win rate {}",
        won / closed
    );
}

#[test]
fn tickets_have_long_tails_scores_and_a_backlog() {
    let ds = demo();
    let n = ds.tickets.len() as f64;
    let csat: Vec<u8> = ds.tickets.rows.iter().filter_map(|t| t.csat).collect();
    let nps: Vec<u8> = ds.tickets.rows.iter().filter_map(|t| t.nps).collect();
    assert!(csat.iter().all(|c| (1..=5).contains(c)));
    assert!(nps.iter().all(|s| *s <= 10));
    assert!(
        (0.5..0.7).contains(&(csat.len() as f64 / n)),
        "{}",
        csat.len()
    );
    assert!(
        (0.2..0.4).contains(&(nps.len() as f64 / n)),
        "{}",
        nps.len()
    );
    for score in 1..=5 {
        assert!(csat.contains(&score), "CSAT {score} never given");
    }
    // Long-tailed resolution: the mean is well above the median.
    let mut hours: Vec<f64> = ds
        .tickets
        .rows
        .iter()
        .filter_map(|t| Some((t.resolved?.0 - t.opened?.0) as f64 / 3_600.0))
        .collect();
    hours.sort_by(f64::total_cmp);
    let median = hours[hours.len() / 2];
    let mean = hours.iter().sum::<f64>() / hours.len() as f64;
    assert!(
        mean > 1.5 * median,
        "mean {mean:.1} h, median {median:.1} h"
    );
    // A backlog of open tickets, most of them recent.
    let as_of = DemoOptions::default().as_of;
    let open: Vec<&Ticket> = ds
        .tickets
        .rows
        .iter()
        .filter(|t| t.resolved.is_none())
        .collect();
    assert!(open.len() >= 10, "{}", open.len());
    let recent = open
        .iter()
        .filter(|t| t.opened.unwrap().day().0 > as_of.0 - 30)
        .count();
    assert!(recent * 2 > open.len());
    assert!(open.iter().all(|t| ds.str(t.status) != "solved"));
}

#[test]
fn campaigns_lift_orders_and_some_have_a_holdout() {
    let ds = demo();
    let holdouts: Vec<&Campaign> = ds
        .campaigns
        .rows
        .iter()
        .filter(|c| c.holdout.is_some())
        .collect();
    assert!((1..=2).contains(&holdouts.len()));
    for c in holdouts {
        let treated = c.conversions.unwrap() as f64 / c.audience.unwrap() as f64;
        let control = c.holdout_conversions.unwrap() as f64 / c.holdout.unwrap() as f64;
        assert!(treated > control, "{treated} vs {control}");
    }
    assert!(ds
        .campaigns
        .rows
        .iter()
        .any(|c| ds.str(c.name).starts_with("Black Friday")));
    for c in &ds.campaigns.rows {
        assert!(c.cost.0 > 0 && c.revenue.unwrap().0 > 0 && c.conversions.unwrap() > 0);
        if let (Some(i), Some(k)) = (c.impressions, c.clicks) {
            assert!(i > k && k > c.leads.unwrap() && c.leads.unwrap() >= c.conversions.unwrap());
        }
    }
    // Orders per day: higher inside campaign windows than outside, month by month (so the
    // November/December peak does not decide it).
    let inside = |d: Day| {
        ds.campaigns
            .rows
            .iter()
            .any(|c| d >= c.start.unwrap() && d <= c.end.unwrap())
    };
    let o = DemoOptions::default();
    let mut per_day: HashMap<Day, u32> = HashMap::new();
    for r in &ds.orders.rows {
        *per_day.entry(r.date).or_default() += 1;
    }
    let (mut lift, mut months) = (0.0, 0);
    let mut month: HashMap<(i32, u32), [(u32, u32); 2]> = HashMap::new();
    for d in o.start().0..=o.as_of.0 {
        let (y, m, _) = Day(d).ymd();
        let slot = &mut month.entry((y, m)).or_default()[usize::from(inside(Day(d)))];
        slot.0 += per_day.get(&Day(d)).copied().unwrap_or(0);
        slot.1 += 1;
    }
    for [out, inn] in month.values() {
        if out.1 >= 7 && inn.1 >= 7 {
            lift += (inn.0 as f64 / inn.1 as f64) / (out.0 as f64 / out.1 as f64);
            months += 1;
        }
    }
    assert!(months >= 4);
    assert!(
        lift / months as f64 > 1.1,
        "mean lift {:.2}",
        lift / months as f64
    );
}

/// One record as text, the way `to_csv` writes it: the exact expected CSV of a hand-built
/// dataset (quotes, leading zeros, exact money, times, extra columns).
#[test]
fn to_csv_writes_canonical_headers_and_exact_values() {
    let mut ds = Dataset::default();
    let s = &mut ds.strings;
    ds.customers.rows.push(Customer {
        id: s.intern("007"),
        name: s.intern("李娜"),
        phone: s.intern("0138 0013 8000"),
        tags: s.intern("vip, newsletter"),
        signup: Some(day(2024, 3, 5)),
        tenure_months: Some(34),
        monthly_charges: Some(Money(569_500)),
        total_charges: Some(Money(18_895_000)),
        ..Customer::default()
    });
    ds.customers.extra_columns.push(s.intern("Loyalty"));
    ds.customers.extra_values.push(s.intern("gold"));
    ds.orders.rows.push(Order {
        id: s.intern("O-1"),
        customer: s.intern("007"),
        date: day(2024, 3, 6),
        product: s.intern("Paper, A4 \"premium\""),
        quantity: 1.5,
        unit_price: Some(Money(123_456)),
        amount: Money(185_184),
        discount: None,
        status: OrderStatus::Refunded,
        ..Order::default()
    });
    ds.deals.rows.push(Deal {
        id: s.intern("D1"),
        stage: s.intern("Closed Won"),
        outcome: DealOutcome::Won,
        amount: Some(Money::from_units(-3)),
        probability: Some(33.5),
        ..Deal::default()
    });
    ds.tickets.rows.push(Ticket {
        id: s.intern("T1"),
        opened: Some(Timestamp(
            day(2024, 3, 7).0 as i64 * Timestamp::DAY + 9 * 3600 + 5 * 60 + 7,
        )),
        csat: Some(4),
        ..Ticket::default()
    });
    ds.responses.rows.push(rapport::core::model::Response {
        customer: s.intern("007"),
        campaign: s.intern("Spring (control)"),
        date: Some(day(2024, 3, 1)),
        responded: Some(true),
        converted: Some(false),
        revenue: Some(Money(0)),
        ..Default::default()
    });
    ds.campaigns.rows.push(Campaign {
        id: s.intern("K1"),
        cost: Money(10_500),
        impressions: Some(1_000_000),
        ..Campaign::default()
    });
    let check = |kind: Kind, expected: &str| assert_eq!(to_csv(&ds, kind), expected, "{kind:?}");
    check(
        Kind::Customers,
        "customer_id,name,first_name,last_name,email,phone,gender,birth_date,age,company,city,\
region,country,segment,tags,signup_date,channel,owner,status,tenure_months,monthly_charges,\
total_charges,churn_date,Loyalty
007,李娜,,,,0138 0013 8000,,,,,,,,,\"vip, newsletter\",2024-03-05,,,,34,56.95,1889.50,,gold
",
    );
    check(
        Kind::Responses,
        "contact_id,customer_id,campaign,contact_date,channel,responded,converted,revenue
,007,Spring (control),2024-03-01,,yes,no,0.00
",
    );
    check(
        Kind::Orders,
        "order_id,customer_id,order_date,product,category,quantity,unit_price,amount,discount,\
channel,status
O-1,007,2024-03-06,\"Paper, A4 \"\"premium\"\"\",,1.5,12.3456,18.5184,,,refunded
",
    );
    check(
        Kind::Deals,
        "deal_id,customer_id,title,owner,stage,deal_status,amount,probability,created_date,\
expected_close_date,closed_date,lost_reason
D1,,,,Closed Won,won,-3.00,33.5,,,,
",
    );
    check(
        Kind::Tickets,
        "ticket_id,customer_id,opened_at,first_response_at,resolved_at,channel,issue_type,\
priority,status,satisfaction,nps
T1,,2024-03-07 09:05:07,,,,,,,4,
",
    );
    check(
        Kind::Campaigns,
        "campaign_id,name,channel,start_date,end_date,cost,impressions,clicks,leads,conversions,\
revenue,audience,holdout,holdout_conversions
K1,,,,,1.05,1000000,,,,,,,
",
    );
}

/// Every kind's CSV through the real importer (analyze → parse → merge): detected as its
/// kind, no error or warning, every row imported, and the merged dataset writes the same
/// CSV again (so every value survived).
#[test]
fn demo_csv_imports_back_into_the_same_records() {
    let ds = demo();
    let mut parsed = Vec::new();
    let mut files = Vec::new();
    for kind in Kind::ALL {
        let text = to_csv(ds, kind);
        // The kind is recognised from the headers alone, and from the file name too.
        let neutral = analyze("export.csv", text.as_bytes(), None).unwrap();
        assert_eq!(
            neutral.kind, kind,
            "kind from headers: {:?}",
            neutral.kind_scores
        );
        let name = format!("{}.csv", kind.as_str());
        let analysis = analyze(&name, text.as_bytes(), None).unwrap();
        assert_eq!(analysis.kind, kind);
        assert!(
            analysis.date_decisions.is_empty(),
            "{:?}",
            analysis.date_decisions
        );
        let unmapped: Vec<&str> = analysis
            .mapping
            .columns
            .iter()
            .zip(&analysis.headers)
            .filter(|(f, _)| f.is_none())
            .map(|(_, h)| h.as_str())
            .collect();
        let expected: &[&str] = if kind == Kind::Deals {
            &["lost_at_stage"]
        } else {
            &[]
        };
        assert_eq!(unmapped, expected, "{kind:?}");
        let p = parse(
            &analysis,
            text.as_bytes(),
            &ParseOptions::default(),
            &mut NoProgress,
        );
        assert!(
            p.issues.is_empty(),
            "{kind:?}: {:?}",
            &p.issues[..p.issues.len().min(5)]
        );
        assert_eq!(p.rows_read as usize, ds.count(kind));
        assert_eq!(p.rows_imported(), ds.count(kind));
        files.push((kind, text));
        parsed.push(p);
    }
    let (merged, summary) = merge(
        &Dataset::default(),
        parsed.clone(),
        MergePolicy::CreateOnly,
        false,
    );
    for kind in Kind::ALL {
        let s = summary.get(kind);
        assert_eq!(s.created as usize, ds.count(kind), "{kind:?}");
        assert_eq!(
            (s.updated, s.skipped, s.errors, s.unknown_customers),
            (0, 0, 0, 0)
        );
        assert_eq!(merged.count(kind), ds.count(kind));
    }
    let total = |d: &Dataset| d.orders.rows.iter().map(|o| o.amount).sum::<Money>();
    assert_eq!(total(&merged), total(ds));
    for (kind, text) in &files {
        assert!(
            to_csv(&merged, *kind) == *text,
            "{kind:?} differs after the round trip"
        );
    }
}
