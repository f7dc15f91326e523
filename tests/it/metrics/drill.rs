//! The rows behind every figure: on the demo company and on a small fixture of each kind of
//! records, under several filters (picks included), the records `rows_behind` lists add up
//! to the number the dashboard (or the breakdown) shows: the list is the figure's proof.

use super::builder::{day, import_csv, B};
use super::picks::{demo, pick, some_label, Case, NOBODY_HAS};
use rapport::core::metrics::{
    customer_dimensions, customer_table, customers_by, deal_dimensions, deals_by, dimensions,
    order_dimensions, orders_by, response_dimensions, responses_by, rows_behind, snapshot_by,
    snapshot_dimensions, ticket_dimensions, tickets_by, Chart, ChurnSource, Figure, Filter,
    FilterOptions, FilterText, KpiId, Pick, RowSet,
};
use rapport::core::model::{Dataset, Day, Kind, Money, Order, OrderStatus};
use rapport::core::series::Series;

/// The rows behind a figure, as the dashboard of a [`Case`] computes it.
pub trait Drill {
    fn rows(&self, f: &Filter, figure: Figure) -> RowSet;
}

impl Drill for Case<'_> {
    fn rows(&self, f: &Filter, figure: Figure) -> RowSet {
        let m = Some(&self.model);
        rows_behind(self.ds, &self.idx, m, f, &self.as_of, &self.params, &figure)
    }
}

fn units(minor: i64) -> f64 {
    minor as f64 / Money::SCALE as f64
}

/// What an order line adds to net revenue, gross sales and refunds.
fn net(o: &Order) -> i64 {
    if o.status == OrderStatus::Completed {
        o.amount.0
    } else {
        0
    }
}

fn gross(o: &Order) -> i64 {
    match o.status {
        OrderStatus::Completed if o.amount.0 >= 0 => o.amount.0,
        OrderStatus::Refunded => o.amount.0,
        _ => 0,
    }
}

fn refund(o: &Order) -> i64 {
    match o.status {
        OrderStatus::Completed if o.amount.0 < 0 => -o.amount.0,
        OrderStatus::Refunded => o.amount.0,
        _ => 0,
    }
}

/// The first line of each order id in file order (a line without an id is an order).
fn heads(ds: &Dataset) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    (ds.orders.rows.iter())
        .map(|o| o.id.is_empty() || seen.insert(o.id))
        .collect()
}

/// Figures and what their rows add up to.
#[derive(Default)]
struct Proof {
    checks: Vec<(String, f64, f64)>,
}

impl Proof {
    fn eq(&mut self, what: impl Into<String>, rows: f64, figure: f64) {
        self.checks.push((what.into(), rows, figure));
    }

    fn assert(self, text: &FilterText) -> usize {
        for (what, rows, figure) in &self.checks {
            let ok = (rows - figure).abs() <= 1e-6 * figure.abs().max(1.0);
            assert!(
                ok,
                "{what}: the rows give {rows}, the figure is {figure} (filter {text:?})"
            );
        }
        self.checks.len()
    }
}

/// Checks every figure of the dashboard and of the breakdowns under `text` against its
/// rows; returns how many were checked.
fn prove(c: &Case, text: &FilterText) -> usize {
    let (ds, f) = (c.ds, c.filter(text));
    let d = c.dashboard(&f);
    let mut p = Proof::default();
    let rows = |fig: Figure| c.rows(&f, fig).rows;
    let count = |fig: Figure| rows(fig).len() as f64;
    let orders = |fig: Figure, measure: fn(&Order) -> i64| {
        units(
            rows(fig)
                .iter()
                .map(|&i| measure(&ds.orders.rows[i as usize]))
                .sum(),
        )
    };
    let element = |chart, label: &str| Figure::Element {
        chart,
        label: label.to_string(),
    };
    let heads = heads(ds);

    // Sales.
    let s = &d.sales;
    p.eq(
        "revenue",
        orders(Figure::Kpi(KpiId::NetRevenue), net),
        value(&s.revenue.value),
    );
    p.eq(
        "gross",
        orders(Figure::Kpi(KpiId::GrossSales), gross),
        value(&s.gross.value),
    );
    p.eq(
        "refunds",
        orders(Figure::Kpi(KpiId::Refunds), refund),
        value(&s.refunds.value),
    );
    p.eq(
        "orders",
        count(Figure::Kpi(KpiId::Orders)),
        value(&s.orders.value),
    );
    let aov_rows = rows(Figure::Kpi(KpiId::Aov));
    let aov_orders = aov_rows.iter().filter(|&&i| {
        let o = &ds.orders.rows[i as usize];
        heads[i as usize] && o.status == OrderStatus::Completed && o.amount.0 >= 0
    });
    let aov_orders = aov_orders.count() as f64;
    let aov_net = units(
        aov_rows
            .iter()
            .map(|&i| net(&ds.orders.rows[i as usize]))
            .sum(),
    );
    if let Some(aov) = s.aov.value {
        p.eq("AOV", aov_net / aov_orders, aov);
    }
    let excluded = (s.excluded.cancelled_rows + s.excluded.pending_rows) as f64;
    p.eq(
        "not revenue",
        count(Figure::Kpi(KpiId::NotRevenue)),
        excluded,
    );
    let series = |p: &mut Proof, chart, series: &Series, by: &dyn Fn(Figure) -> f64| {
        for point in &series.points {
            let got = by(element(chart, &point.label));
            p.eq(format!("{chart:?} {}", point.label), got, point.value);
        }
    };
    let net_of = |fig| orders(fig, net);
    series(&mut p, Chart::RevenueByMonth, &s.by_month.value, &net_of);
    series(
        &mut p,
        Chart::OrdersByMonth,
        &s.orders_by_month.value,
        &count,
    );
    series(&mut p, Chart::RevenueByWeek, &s.by_week.value, &net_of);
    series(
        &mut p,
        Chart::RevenueByCategory,
        &s.by_category.value,
        &net_of,
    );
    series(
        &mut p,
        Chart::RevenueByChannel,
        &s.by_channel.value,
        &net_of,
    );

    // Customers.
    let cm = &d.customers;
    let active = count(Figure::Kpi(KpiId::CustomersActive));
    p.eq(
        "customers",
        count(Figure::Kpi(KpiId::CustomersKnown)),
        value(&cm.total.value),
    );
    p.eq("active", active, value(&cm.active.value));
    p.eq("value customers", active, d.value.customers as f64);
    p.eq(
        "new",
        count(Figure::Kpi(KpiId::CustomersNew)),
        value(&cm.new.value),
    );
    if let Some(rate) = cm.repeat_rate.value {
        let repeat = count(Figure::Kpi(KpiId::RepeatCustomers));
        p.eq("repeat rate", repeat / active, rate);
    }
    if cm.churn.source == ChurnSource::OrderActivity {
        let churned = count(Figure::Kpi(KpiId::ChurnedCustomers));
        p.eq("churned", churned, cm.churn.churned as f64);
    }
    for seg in &d.rfm.segments {
        let got = count(Figure::RfmSegment(seg.name.clone()));
        p.eq(format!("RFM {}", seg.name), got, seg.customers as f64);
    }
    for class in &d.rfm.abc {
        let got = count(Figure::AbcClass(class.name.clone()));
        p.eq(format!("ABC {}", class.name), got, class.customers as f64);
    }
    for cohort in &d.cohorts.cohorts {
        let last = cohort.active.len().saturating_sub(1);
        for j in [0, 1, last]
            .into_iter()
            .filter(|&j| j < cohort.active.len())
        {
            let cell = Figure::Cohort {
                month: cohort.month.clone(),
                months_since: j as u32,
            };
            p.eq(
                format!("cohort {} +{j}", cohort.month),
                count(cell),
                cohort.active[j] as f64,
            );
        }
    }
    let top: Vec<String> = (rows(Figure::TopCustomers).iter())
        .map(|&i| ds.str(ds.customers.rows[i as usize].id).to_string())
        .collect();
    let want: Vec<&String> = d.top_customers.iter().map(|r| &r.id).collect();
    assert_eq!(top.iter().collect::<Vec<_>>(), want, "top customers");
    for row in &d.top_customers {
        let theirs = Figure::Customer {
            id: row.id.clone(),
            kind: Kind::Orders,
        };
        p.eq(
            format!("revenue of {}", row.id),
            orders(theirs, net),
            row.monetary,
        );
    }
    // The at-risk list: the table's customers below the threshold with revenue.
    let f_table = customer_table(ds, &c.idx, Some(&c.model), &f, c.as_of.orders, &c.params);
    let risky = (f_table.iter())
        .filter(|r| r.p_alive.is_some_and(|p| p < c.params.at_risk_p_alive) && r.monetary > 0.0);
    p.eq("at risk", count(Figure::AtRisk), risky.count() as f64);

    // Deals.
    let fu = &d.funnel;
    let amount = |fig: Figure| {
        let deals = rows(fig);
        let sum = deals.iter().map(|&i| {
            let deal = &ds.deals.rows[i as usize];
            deal.amount.map_or(0, |m| m.0)
        });
        units(sum.sum())
    };
    for stage in &fu.stages {
        let fig = || Figure::Stage(stage.stage.clone());
        p.eq(
            format!("stage {}", stage.stage),
            count(fig()),
            stage.deals as f64,
        );
        p.eq(
            format!("stage {} amount", stage.stage),
            amount(fig()),
            stage.amount,
        );
    }
    p.eq("deals", count(Figure::Kpi(KpiId::Deals)), fu.total as f64);
    p.eq("open", count(Figure::Kpi(KpiId::OpenDeals)), fu.open as f64);
    p.eq(
        "open amount",
        amount(Figure::Kpi(KpiId::OpenDeals)),
        fu.open_amount,
    );
    p.eq("won", count(Figure::Kpi(KpiId::WonDeals)), fu.won as f64);
    p.eq(
        "won amount",
        amount(Figure::Kpi(KpiId::WonDeals)),
        fu.won_amount,
    );
    p.eq("lost", count(Figure::Kpi(KpiId::LostDeals)), fu.lost as f64);
    let closed = (fu.won + fu.lost) as f64;
    p.eq("closed", count(Figure::Kpi(KpiId::ClosedDeals)), closed);
    p.eq(
        "cycle won",
        count(Figure::Kpi(KpiId::CycleWon)),
        fu.cycle_won.deals as f64,
    );
    let cycle_closed = fu.cycle_closed.deals as f64;
    p.eq(
        "cycle closed",
        count(Figure::Kpi(KpiId::CycleClosed)),
        cycle_closed,
    );
    series(&mut p, Chart::WonByMonth, &fu.won_by_month, &amount);

    // Support.
    let su = &d.support;
    p.eq(
        "tickets",
        count(Figure::Kpi(KpiId::Tickets)),
        value(&su.tickets.value),
    );
    let responded = su.first_response.tickets as f64;
    p.eq(
        "responded",
        count(Figure::Kpi(KpiId::FirstResponded)),
        responded,
    );
    p.eq(
        "resolved",
        count(Figure::Kpi(KpiId::Resolved)),
        su.resolution.tickets as f64,
    );
    p.eq(
        "csat",
        count(Figure::Kpi(KpiId::CsatRated)),
        su.csat_responses as f64,
    );
    p.eq(
        "nps",
        count(Figure::Kpi(KpiId::NpsRated)),
        su.nps_responses as f64,
    );
    p.eq(
        "backlog",
        count(Figure::Kpi(KpiId::Backlog)),
        su.backlog.value as f64,
    );
    series(&mut p, Chart::TicketsByMonth, &su.by_month, &count);
    series(&mut p, Chart::TicketsByType, &su.by_type, &count);
    series(&mut p, Chart::TicketsByChannel, &su.by_channel, &count);
    series(&mut p, Chart::TicketsByPriority, &su.by_priority, &count);

    // Marketing and contacts.
    let m = &d.marketing;
    let campaigns = rows(Figure::Kpi(KpiId::Campaigns));
    p.eq(
        "campaigns",
        campaigns.len() as f64,
        m.campaigns.len() as f64,
    );
    let cost = campaigns
        .iter()
        .map(|&i| ds.campaigns.rows[i as usize].cost.0);
    p.eq("marketing cost", units(cost.sum()), value(&m.cost.value));
    for campaign in &m.campaigns {
        let key = if campaign.id.is_empty() {
            &campaign.name
        } else {
            &campaign.id
        };
        let new = count(Figure::Campaign(key.clone()));
        p.eq(
            format!("new customers of {key}"),
            new,
            campaign.new_customers as f64,
        );
    }
    if let Some(r) = &d.responses {
        p.eq(
            "contacts",
            count(Figure::Kpi(KpiId::Contacts)),
            r.overall.contacts as f64,
        );
        for arm in &r.arms {
            let got = count(Figure::Arm(arm.name.clone()));
            p.eq(format!("arm {}", arm.name), got, arm.rates.contacts as f64);
        }
    }

    // A customer snapshot.
    if let Some(snap) = &d.snapshot {
        let snapshot = count(Figure::Kpi(KpiId::SnapshotCustomers));
        p.eq("snapshot", snapshot, snap.customers as f64);
        let active = count(Figure::Kpi(KpiId::SnapshotActive));
        p.eq("snapshot active", active, snap.active as f64);
        let churned = count(Figure::Kpi(KpiId::SnapshotChurned));
        p.eq("snapshot churned", churned, snap.churned as f64);
        p.eq(
            "paying",
            count(Figure::Kpi(KpiId::Paying)),
            snap.paying as f64,
        );
    }

    breakdowns(c, &f, &mut p);
    p.assert(text)
}

/// Every breakdown's rows (their first columns and groups): the breakdown's own count.
fn breakdowns(c: &Case, f: &Filter, p: &mut Proof) {
    let (ds, as_of) = (c.ds, &c.as_of);
    let count = |kind: Kind, column: &str, label: &str| {
        let fig = Figure::Breakdown {
            kind,
            column: column.to_string(),
            label: label.to_string(),
        };
        c.rows(f, fig).rows
    };
    let first = |columns: Vec<String>| columns.into_iter().take(4).collect::<Vec<_>>();
    let mut check = |kind: Kind, column: &str, label: &str, want: u64| {
        let got = count(kind, column, label).len() as f64;
        p.eq(format!("{kind:?} by {column} = {label}"), got, want as f64);
    };
    for column in first(customer_dimensions(ds)) {
        for g in customers_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            check(Kind::Customers, &column, &g.value, g.customers);
        }
    }
    for column in first(deal_dimensions(ds)) {
        for g in deals_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            check(Kind::Deals, &column, &g.value, g.deals);
        }
    }
    for column in first(order_dimensions(ds)) {
        for g in orders_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            check(Kind::Orders, &column, &g.value, g.lines);
        }
    }
    for column in first(ticket_dimensions(ds)) {
        for g in tickets_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            check(Kind::Tickets, &column, &g.value, g.tickets);
        }
    }
    for column in first(response_dimensions(ds)) {
        for g in responses_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            check(Kind::Responses, &column, &g.value, g.rates.contacts);
        }
    }
    for column in first(order_dimensions(ds)) {
        for g in orders_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            let rows = count(Kind::Orders, &column, &g.value);
            let sum = rows.iter().map(|&i| ds.orders.rows[i as usize].amount.0);
            p.eq(
                format!("orders by {column} = {} revenue", g.value),
                units(sum.sum()),
                g.revenue,
            );
        }
    }
    for column in first(snapshot_dimensions(ds)) {
        for g in snapshot_by(ds, &c.idx, f, as_of, &column).unwrap_or_default() {
            let fig = Figure::SnapshotGroup {
                column: column.clone(),
                label: g.value.clone(),
            };
            let got = c.rows(f, fig).rows.len() as f64;
            p.eq(
                format!("snapshot by {column} = {}", g.value),
                got,
                g.customers as f64,
            );
        }
    }
}

fn value(v: &Option<f64>) -> f64 {
    v.unwrap_or(0.0)
}

/// A pick on the first column a kind offers, of its first value.
fn first_pick(ds: &Dataset, kind: Kind) -> Option<FilterText> {
    let column = dimensions(ds, kind).into_iter().next()?;
    let label = some_label(ds, kind, &column);
    Some(pick(kind, &column, &label))
}

/// Filters for any dataset: everything, a pick on a column of each kind present, and a
/// value nobody has.
fn generic_filters(ds: &Dataset) -> Vec<FilterText> {
    let mut out = vec![FilterText::default()];
    out.extend(Kind::ALL.iter().filter_map(|&k| first_pick(ds, k)));
    out.push(pick(Kind::Orders, "category", "no such category"));
    out.push(pick(Kind::Customers, "no such column", "x"));
    out
}

#[test]
fn every_figure_of_the_demo_is_the_sum_of_its_rows() {
    let ds = demo();
    let c = Case::new(ds);
    let options = FilterOptions::of(ds);
    let months = |from: &str, to: &str| FilterText {
        from: Some(day(from)),
        to: Some(day(to)),
        ..FilterText::default()
    };
    let mut filters = vec![
        FilterText::default(),
        months("2025-07-01", "2026-06-30"),
        FilterText {
            segments: vec![options.segments[0].clone()],
            ..FilterText::default()
        },
        FilterText {
            channels: vec![options.channels[0].clone()],
            ..FilterText::default()
        },
        pick(Kind::Orders, "category", "Office Supplies"),
        pick(Kind::Customers, "rfm_segment", "Champions"),
        pick(Kind::Customers, "cohort", "2024-01"),
        pick(Kind::Customers, "abc", "A"),
        pick(
            Kind::Orders,
            "amount",
            &some_label(ds, Kind::Orders, "amount"),
        ),
        pick(
            Kind::Customers,
            "city",
            &some_label(ds, Kind::Customers, "city"),
        ),
        pick(Kind::Deals, "owner", &some_label(ds, Kind::Deals, "owner")),
        pick(
            Kind::Tickets,
            "priority",
            &some_label(ds, Kind::Tickets, "priority"),
        ),
        pick(Kind::Orders, "category", "no such category"),
    ];
    // Picks with a period and with each other.
    let mut both = months("2025-01-01", "2025-12-31");
    both.picks = vec![
        Pick::new(Kind::Orders, "category", ["Office Supplies", "Electronics"]),
        Pick::new(Kind::Customers, "rfm_segment", ["Champions", "Loyal"]),
    ];
    filters.push(both);
    let checks: usize = filters.iter().map(|t| prove(&c, t)).sum();
    assert!(checks > 1000, "only {checks} figures checked");
}

#[test]
fn every_figure_of_a_fixture_of_each_kind_is_the_sum_of_its_rows() {
    let fixtures: Vec<(&str, Dataset)> = vec![
        ("orders", orders_fixture()),
        ("snapshot", imported("telco_snapshot.csv")),
        ("deals with lookups", crate::lookups::pipeline()),
        ("tickets", imported("zendesk_tickets.csv")),
        ("contacts", imported("email_test.csv")),
        ("campaigns", campaigns_fixture()),
    ];
    for (name, ds) in &fixtures {
        let c = Case::new(ds);
        let checks: usize = generic_filters(ds).iter().map(|t| prove(&c, t)).sum();
        assert!(checks > 20, "{name}: only {checks} figures checked");
    }
}

fn imported(name: &str) -> Dataset {
    let bytes = std::fs::read(format!("tests/fixtures/import/{name}")).unwrap();
    import_csv(name, &bytes).0
}

/// Orders of every status (returns, refunds, cancelled, pending), orders of several lines,
/// an order without a customer, over three months.
fn orders_fixture() -> Dataset {
    use OrderStatus::*;
    let mut b = B::new();
    b.customer("a", "Consumer", Some("2023-12-01"))
        .customer("b", "Corporate", Some("2024-01-15"))
        .customer("c", "Corporate", None)
        .customer("d", "Consumer", None);
    b.order_full("o1", "a", "2024-01-10", 100.0, "Books", "web", Completed)
        .order_full("o1", "a", "2024-01-10", 50.0, "Toys", "web", Completed)
        .order_full("o2", "b", "2024-01-20", 200.0, "Books", "store", Completed)
        .order_full("o3", "a", "2024-01-25", 10.0, "Books", "web", Completed)
        .order_full("o4", "b", "2024-02-05", 80.0, "Toys", "web", Refunded)
        .order_full("o5", "c", "2024-02-10", 30.0, "Books", "web", Cancelled)
        .order_full("o6", "c", "2024-02-15", 40.0, "Books", "web", Completed)
        .order_full("o7", "a", "2024-02-20", -20.0, "Books", "web", Completed)
        .order_full("o8", "b", "2024-02-25", 15.0, "", "store", Completed)
        .order_full("o9", "", "2024-02-26", 25.0, "Toys", "web", Completed)
        .order_full("o10", "b", "2024-03-01", 60.0, "Toys", "store", Pending)
        .order_full("o11", "c", "2024-03-10", 70.0, "Toys", "", Completed)
        .order_full("o12", "a", "2024-03-20", 35.0, "Books", "store", Completed);
    b.build()
}

/// Campaigns over the orders of [`orders_fixture`].
fn campaigns_fixture() -> Dataset {
    let mut ds = orders_fixture();
    let mut add = |id: &str, channel: &str, start: &str, end: &str, cost: f64| {
        let c = rapport::core::model::Campaign {
            id: ds.strings.intern(id),
            name: ds.strings.intern(&format!("Campaign {id}")),
            channel: ds.strings.intern(channel),
            start: Some(day(start)),
            end: Some(day(end)),
            cost: Money((cost * Money::SCALE as f64) as i64),
            ..Default::default()
        };
        ds.campaigns.rows.push(c);
    };
    add("K1", "email", "2024-01-01", "2024-01-31", 100.0);
    add("K2", "social", "2024-02-01", "2024-02-20", 50.0);
    add("K3", "email", "2024-03-01", "2024-03-31", 75.0);
    ds
}

#[test]
fn the_rows_of_a_pick_of_a_value_nobody_has_are_none() {
    let ds = demo();
    let c = Case::new(ds);
    for (kind, column) in NOBODY_HAS {
        let f = c.filter(&pick(kind, column, "nobody has this"));
        for k in KpiId::ALL {
            let set = c.rows(&f, Figure::Kpi(k));
            let follows = kind == Kind::Customers || set.kind == kind;
            if follows && set.kind != Kind::Campaigns {
                assert!(set.rows.is_empty(), "{kind:?}.{column}: {k:?}");
            }
        }
    }
}

#[test]
fn the_rows_under_a_customer_pick_are_their_customers_records() {
    let ds = demo();
    let c = Case::new(ds);
    let segment = FilterOptions::of(ds).segments[0].clone();
    let picked = c.filter(&pick(Kind::Customers, "segment", &segment));
    // Every record listed belongs to a customer of the segment.
    let of_segment = |customer| {
        let i = c.idx.dense(customer).expect("a known customer");
        ds.str(c.idx.segment(i)) == segment
    };
    let listed = |k| c.rows(&picked, Figure::Kpi(k)).rows;
    for i in listed(KpiId::NetRevenue) {
        assert!(of_segment(ds.orders.rows[i as usize].customer));
    }
    for i in listed(KpiId::Deals) {
        assert!(of_segment(ds.deals.rows[i as usize].customer));
    }
    for i in listed(KpiId::Tickets) {
        assert!(of_segment(ds.tickets.rows[i as usize].customer));
    }
    let contacts = listed(KpiId::Contacts);
    assert!(!contacts.is_empty());
    for i in contacts {
        assert!(of_segment(ds.responses.rows[i as usize].customer));
    }
}

#[test]
fn rows_come_in_a_default_order_and_sort_by_any_column() {
    use rapport::core::metrics::{row_cell, row_columns, rows_csv, sort_rows, Cell};
    let ds = demo();
    let c = Case::new(ds);
    let f = c.filter(&FilterText::default());
    let set = c.rows(&f, Figure::Kpi(KpiId::NetRevenue));
    let dates: Vec<Day> = set
        .rows
        .iter()
        .map(|&i| ds.orders.rows[i as usize].date)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "latest first");
    assert_eq!(set.kind, Kind::Orders);
    // Sorted by amount, descending then ascending.
    let amount = row_columns(Kind::Orders)
        .iter()
        .find(|c| c.name == "amount")
        .unwrap();
    let mut rows = set.rows.clone();
    sort_rows(ds, Kind::Orders, &mut rows, amount, true);
    let money = |r: &u32| match row_cell(ds, Kind::Orders, *r, amount) {
        Cell::Money(m) => m,
        other => panic!("{other:?}"),
    };
    assert!(rows.windows(2).all(|w| money(&w[0]) >= money(&w[1])));
    sort_rows(ds, Kind::Orders, &mut rows, amount, false);
    assert!(rows.windows(2).all(|w| money(&w[0]) <= money(&w[1])));
    // Every column of every kind reads every row without a panic.
    for kind in Kind::ALL {
        for column in row_columns(kind) {
            for r in 0..ds.count(kind).min(50) as u32 {
                row_cell(ds, kind, r, column);
            }
            assert_eq!(row_cell(ds, kind, u32::MAX, column), Cell::Empty);
        }
    }
    // A deal is shown by its title.
    let deal = &row_columns(Kind::Deals)[0];
    let Cell::Text(title) = row_cell(ds, Kind::Deals, 0, deal) else {
        panic!("a title")
    };
    assert_eq!(title, ds.str(ds.deals.rows[0].title));
    // The CSV: what it is first, then a line per row.
    let csv = rows_csv(ds, &set);
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let note = lines.next().unwrap();
    assert!(
        note.starts_with("# net revenue; filter: none; period "),
        "{note}"
    );
    assert!(note.contains("as of 2026-06-30"), "{note}");
    assert_eq!(
        lines.next().unwrap(),
        "date,order_id,customer,product,category,channel,status,quantity,amount"
    );
    assert_eq!(lines.count(), set.rows.len());
}

#[test]
fn an_export_states_its_filter_and_neutralises_formulas() {
    use rapport::core::metrics::rows_csv;
    let mut b = B::new();
    b.customer("a", "=cmd()", None);
    b.order_full(
        "o1",
        "a",
        "2024-01-10",
        10.0,
        "=HYPERLINK(\"x\")",
        "web",
        OrderStatus::Completed,
    );
    let ds = b.build();
    let c = Case::new(&ds);
    let text = FilterText {
        segments: vec!["=cmd()".into()],
        picks: vec![Pick::new(Kind::Orders, "category", ["=HYPERLINK(\"x\")"])],
        ..FilterText::default()
    };
    let f = c.filter(&text);
    let set = c.rows(&f, Figure::Kpi(KpiId::NetRevenue));
    assert_eq!(set.rows, [0]);
    let csv = rows_csv(&ds, &set);
    let note = csv.lines().next().unwrap();
    assert!(note.contains("segment = =cmd()"), "{note}");
    assert!(note.contains("orders.category = =HYPERLINK"), "{note}");
    // The note is one quoted cell (its commas do not split it).
    assert!(
        note.trim_start_matches('\u{feff}')
            .starts_with("\"# net revenue"),
        "{note}"
    );
    let data = csv.lines().nth(2).unwrap();
    assert!(data.contains("'=HYPERLINK"), "{data}");
}

#[test]
fn the_explanation_names_the_figure_the_filter_the_period_and_as_of() {
    use rapport::core::metrics::{Formula, Shown, Term};
    let ds = demo();
    let c = Case::new(ds);
    let mut text = pick(Kind::Orders, "category", "Office Supplies");
    text.from = Some(day("2026-01-01"));
    let f = c.filter(&text);
    let set = c.rows(
        &f,
        Figure::Element {
            chart: Chart::RevenueByMonth,
            label: "2026-03".into(),
        },
    );
    let e = &set.explain;
    assert_eq!(e.formula, Formula::RevenueByMonth);
    assert_eq!(e.rows, set.rows.len());
    assert_eq!(e.value(Term::Group), Some(&Shown::Text("2026-03".into())));
    assert_eq!(e.value(Term::From), Some(&Shown::Day(day("2026-01-01"))));
    assert_eq!(e.value(Term::AsOf), Some(&Shown::Day(c.as_of.orders)));
    let picked = Shown::Text("orders.category = Office Supplies".into());
    assert_eq!(e.value(Term::Pick), Some(&picked));
    // Deals follow their own as-of.
    let set = c.rows(&f, Figure::Stage("Won".into()));
    assert_eq!(
        set.explain.value(Term::AsOf),
        Some(&Shown::Day(c.as_of.deals))
    );
    assert_eq!(set.explain.formula, Formula::FunnelStages);
}

#[test]
fn the_funnel_stage_drill_down_is_a_case_of_the_rows_behind() {
    use rapport::core::metrics::deals_at_stage;
    let ds = demo();
    let c = Case::new(ds);
    let f = c.filter(&FilterText::default());
    for stage in &c.dashboard(&f).funnel.stages {
        let mut old = deals_at_stage(ds, &c.idx, &f, c.as_of.deals, &stage.stage);
        let mut new = c.rows(&f, Figure::Stage(stage.stage.clone())).rows;
        old.sort_unstable();
        new.sort_unstable();
        let new: Vec<usize> = new.into_iter().map(|i| i as usize).collect();
        assert_eq!(old, new, "{}", stage.stage);
    }
    // "Closed Won" is the Won row.
    let won = c.rows(&f, Figure::Stage("Won".into())).rows;
    assert!(!won.is_empty());
    assert!(won
        .iter()
        .all(|&i| ds.str(ds.deals.rows[i as usize].stage) == "Closed Won"));
}

/// A figure survives its trip through the URL (`rows=...`), whatever its text holds.
#[test]
fn every_figure_reads_back_from_its_query_form() {
    let mut figures: Vec<Figure> = KpiId::ALL.into_iter().map(Figure::Kpi).collect();
    figures.extend(Chart::ALL.into_iter().map(|chart| Figure::Element {
        chart,
        label: "2024-01".into(),
    }));
    figures.extend([
        Figure::Stage("Closed Won".into()),
        Figure::RfmSegment("Champions".into()),
        Figure::AbcClass("A".into()),
        Figure::Cohort {
            month: "2024-03".into(),
            months_since: 2,
        },
        Figure::Breakdown {
            kind: Kind::Orders,
            column: "cat.egory=\"x\"&y".into(),
            label: String::new(),
        },
        Figure::SnapshotGroup {
            column: "tenure_months".into(),
            label: "12–23".into(),
        },
        Figure::Campaign("Spring \u{202e}sale".into()),
        Figure::Arm("Womens E-Mail".into()),
        Figure::AtRisk,
        Figure::TopCustomers,
        Figure::Customer {
            id: "C 7/8".into(),
            kind: Kind::Deals,
        },
    ]);
    for f in figures {
        assert_eq!(Figure::from_query(&f.to_query()), Some(f.clone()), "{f:?}");
    }
    assert_eq!(Figure::from_query("kpi.net_revenue"), None);
    assert_eq!(Figure::from_query(r#"{"kpi":"no_such"}"#), None);
}
