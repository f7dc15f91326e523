//! Picks: a chart element the user clicked narrows every figure. A pick on the customers
//! narrows every kind to their records, a pick on another kind only that kind; derived
//! customer columns (RFM segment, ABC class, cohort) keep the customers their bar or row
//! counted; a value nobody has keeps nothing.

use rapport::core::demo::{generate, DemoOptions};
use rapport::core::metrics::{
    dashboard, deals_by, grouping, AsOf, CustomerIndex, CustomerModel, Dashboard, Filter,
    FilterOptions, FilterText, Params, Pick,
};
use rapport::core::model::{Dataset, Day, Kind};
use std::sync::OnceLock;

/// Everything one dataset's figures are computed with.
pub struct Case<'a> {
    pub ds: &'a Dataset,
    pub idx: CustomerIndex,
    pub model: CustomerModel,
    pub as_of: AsOf,
    pub params: Params,
}

impl<'a> Case<'a> {
    pub fn new(ds: &'a Dataset) -> Case<'a> {
        let idx = CustomerIndex::build(ds);
        let as_of = AsOf::of(ds, Day::default());
        let params = Params::default();
        let model = CustomerModel::fit(&idx, as_of.orders, &params);
        Case {
            ds,
            idx,
            model,
            as_of,
            params,
        }
    }

    /// The filter `text` asks for, its derived picks resolved (as the CLI does).
    pub fn filter(&self, text: &FilterText) -> Filter {
        Filter::resolve(self.ds, text).with_index(self.ds, &self.idx, &self.as_of, &self.params)
    }

    pub fn dashboard(&self, f: &Filter) -> Dashboard {
        let m = Some(&self.model);
        dashboard(self.ds, &self.idx, m, f, &self.as_of, &self.params)
    }
}

pub fn pick(kind: Kind, column: &str, value: &str) -> FilterText {
    FilterText {
        picks: vec![Pick::new(kind, column, [value])],
        ..FilterText::default()
    }
}

pub fn demo() -> &'static Dataset {
    static DEMO: OnceLock<Dataset> = OnceLock::new();
    DEMO.get_or_init(|| {
        generate(&DemoOptions {
            customers: 600,
            ..DemoOptions::default()
        })
    })
}

/// The label of the first group of `column` of `kind` (a value some record has).
pub fn some_label(ds: &Dataset, kind: Kind, column: &str) -> String {
    grouping(ds, kind, column).expect("a column").labels[0].clone()
}

/// The dashboard's figures of one kind, to compare filters by.
fn orders_figures(d: &Dashboard) -> (Option<f64>, Option<f64>, f64) {
    (
        d.sales.revenue.value,
        d.sales.orders.value,
        d.value.customers as f64,
    )
}

/// Columns of each kind (one the kind does not have) for a pick of a value nobody has.
pub const NOBODY_HAS: [(Kind, &str); 9] = [
    (Kind::Orders, "category"),
    (Kind::Customers, "city"),
    (Kind::Customers, "rfm_segment"),
    (Kind::Customers, "cohort"),
    (Kind::Customers, "abc"),
    (Kind::Deals, "owner"),
    (Kind::Tickets, "no such column"),
    (Kind::Responses, "campaign"),
    (Kind::Campaigns, "name"),
];

#[test]
fn a_filter_without_picks_is_filter_all_however_it_was_made() {
    // The page resolves its filter from the URL; what the core computed with `Filter::all`
    // (an import's dashboard for its history) is taken for it only when the two are equal.
    let ds = demo();
    assert_eq!(Filter::resolve(ds, &FilterText::default()), Filter::all());
    let empty_pick = FilterText {
        picks: vec![Pick::new(Kind::Customers, "segment", Vec::<String>::new())],
        ..FilterText::default()
    };
    assert_eq!(Filter::resolve(ds, &empty_pick), Filter::all());
    let picked = pick(Kind::Customers, "segment", "nobody has this");
    assert_ne!(Filter::resolve(ds, &picked), Filter::all());
}

#[test]
fn a_pick_of_a_value_nobody_has_keeps_nothing_and_never_panics() {
    let ds = demo();
    let c = Case::new(ds);
    for (kind, column) in NOBODY_HAS {
        let f = c.filter(&pick(kind, column, "nobody has this"));
        let d = c.dashboard(&f);
        let picked_kind_empty = match kind {
            Kind::Customers | Kind::Orders => d.sales.orders.value == Some(0.0),
            Kind::Deals => d.funnel.total == 0,
            Kind::Tickets => d.support.tickets.value == Some(0.0),
            Kind::Responses => d.responses.as_ref().is_none_or(|r| r.overall.contacts == 0),
            Kind::Campaigns => d.marketing.campaigns.is_empty(),
        };
        assert!(picked_kind_empty, "{kind:?}.{column}");
        let json = serde_json::to_string(&d).unwrap();
        assert!(!json.contains("NaN"), "{kind:?}.{column}");
    }
}

#[test]
fn a_pick_on_the_customers_narrows_every_kind_to_their_records() {
    let ds = demo();
    let c = Case::new(ds);
    let segment = FilterOptions::of(ds).segments[0].clone();
    // A pick on the customers' segment column and the segment filter keep the same
    // customers, and with them the same orders, deals and tickets.
    let picked = c.filter(&pick(Kind::Customers, "segment", &segment));
    let by_segment = c.filter(&FilterText {
        segments: vec![segment.clone()],
        ..FilterText::default()
    });
    let (p, s) = (c.dashboard(&picked), c.dashboard(&by_segment));
    assert_eq!(orders_figures(&p), orders_figures(&s));
    assert_eq!(p.funnel.total, s.funnel.total);
    assert_eq!(p.support.tickets.value, s.support.tickets.value);
    let all = c.dashboard(&c.filter(&FilterText::default()));
    assert!(p.sales.revenue.value < all.sales.revenue.value);
    assert!(p.funnel.total < all.funnel.total);
    assert!(p.support.tickets.value < all.support.tickets.value);
    // Contacts follow the customer pick (the segment filter does not apply to them).
    let contacts = |d: &Dashboard| d.responses.as_ref().map(|r| r.overall.contacts);
    assert!(contacts(&p) < contacts(&all));
    assert_eq!(contacts(&s), contacts(&all));
    // Campaigns have no customer: they stay.
    assert_eq!(p.marketing.campaigns.len(), all.marketing.campaigns.len());
}

#[test]
fn a_pick_on_the_orders_leaves_the_other_kinds_alone() {
    let ds = demo();
    let c = Case::new(ds);
    let all = c.dashboard(&c.filter(&FilterText::default()));
    let books = c.dashboard(&c.filter(&pick(Kind::Orders, "category", "Office Supplies")));
    assert_eq!(books.sales.by_category.value.labels(), ["Office Supplies"]);
    assert!(books.sales.revenue.value < all.sales.revenue.value);
    assert_eq!(books.support, all.support);
    assert_eq!(books.funnel, all.funnel);
    assert_eq!(books.responses, all.responses);
    assert_eq!(books.snapshot, all.snapshot);
    // The customers' count stays; those with a purchase are those who bought the category.
    assert_eq!(books.customers.total, all.customers.total);
    assert!(books.customers.active.value < all.customers.active.value);
    // A ticket pick leaves the orders alone.
    let high = pick(
        Kind::Tickets,
        "priority",
        &some_label(ds, Kind::Tickets, "priority"),
    );
    let high = c.dashboard(&c.filter(&high));
    assert_eq!(high.sales, all.sales);
    assert!(high.support.tickets.value < all.support.tickets.value);
}

#[test]
fn picking_an_rfm_segment_keeps_the_customers_its_bar_counted() {
    let ds = demo();
    let c = Case::new(ds);
    let all = c.dashboard(&c.filter(&FilterText::default()));
    let bar = |d: &Dashboard, name: &str| {
        let s = d.rfm.segments.iter().find(|s| s.name == name).unwrap();
        (s.customers, s.revenue)
    };
    for name in ["Champions", "At risk", "Lost"] {
        let picked = c.dashboard(&c.filter(&pick(Kind::Customers, "rfm_segment", name)));
        // The bar picked is the whole dashboard; the other bars are empty.
        assert_eq!(bar(&picked, name), bar(&all, name), "{name}");
        assert_eq!(picked.rfm.customers as u64, bar(&all, name).0);
        assert!(picked
            .rfm
            .segments
            .iter()
            .all(|s| s.name == name || s.customers == 0));
        close(picked.sales.revenue.value.unwrap(), bar(&all, name).1);
    }
    // A class: the ABC bar A.
    let a = c.dashboard(&c.filter(&pick(Kind::Customers, "abc", "A")));
    assert_eq!(a.rfm.abc[0].customers, all.rfm.abc[0].customers);
    assert_eq!((a.rfm.abc[1].customers, a.rfm.abc[2].customers), (0, 0));
}

#[test]
fn picking_a_cohort_keeps_its_row_of_the_cohort_table() {
    let ds = demo();
    let c = Case::new(ds);
    let all = c.dashboard(&c.filter(&FilterText::default()));
    let row = &all.cohorts.cohorts[6];
    let picked = c.dashboard(&c.filter(&pick(Kind::Customers, "cohort", &row.month)));
    let rows: Vec<_> = picked
        .cohorts
        .cohorts
        .iter()
        .filter(|r| r.customers > 0)
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0], row);
}

#[test]
fn picks_of_lookup_attributes_extra_columns_and_bands() {
    // Deals by their account's sector (a lookup file's attribute).
    let ds = crate::lookups::pipeline();
    let c = Case::new(&ds);
    let f = c.filter(&pick(Kind::Deals, "sector", "technology"));
    let by = deals_by(&ds, &c.idx, &Filter::default(), &c.as_of, "sector").unwrap();
    let technology = by.iter().find(|g| g.value == "technology").unwrap();
    assert_eq!(c.dashboard(&f).funnel.total, technology.deals);
    // The deals' extra column `product`, and its lookup attribute `series`.
    for (column, value) in [("product", "GTX Basic"), ("series", "GTX")] {
        let f = c.filter(&pick(Kind::Deals, column, value));
        let by = deals_by(&ds, &c.idx, &Filter::default(), &c.as_of, column).unwrap();
        let group = by.iter().find(|g| g.value == value).unwrap();
        assert_eq!(c.dashboard(&f).funnel.total, group.deals, "{column}");
    }
    // Bands of numbers, by their labels.
    let labels = grouping(&ds, Kind::Deals, "amount").unwrap().labels;
    let total: u64 = (labels.iter())
        .map(|l| {
            c.dashboard(&c.filter(&pick(Kind::Deals, "amount", l)))
                .funnel
                .total
        })
        .sum();
    assert_eq!(total, c.dashboard(&Filter::default()).funnel.total);
    // Values of one pick are OR'ed, picks AND'ed.
    let either = FilterText {
        picks: vec![Pick::new(Kind::Deals, "sector", ["technology", "medical"])],
        ..FilterText::default()
    };
    let count = |t: &FilterText| c.dashboard(&c.filter(t)).funnel.total;
    let one = |v: &str| count(&pick(Kind::Deals, "sector", v));
    assert_eq!(count(&either), one("technology") + one("medical"));
    let and = FilterText {
        picks: vec![
            Pick::new(Kind::Deals, "sector", ["technology"]),
            Pick::new(Kind::Deals, "manager", ["nobody"]),
        ],
        ..FilterText::default()
    };
    assert_eq!(count(&and), 0);
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-6 * b.abs().max(1.0), "{a} vs {b}");
}

#[test]
fn a_pick_reads_and_writes_kind_column_value() {
    use rapport::core::metrics::PickError;
    let books = Pick::new(Kind::Orders, "category", ["Books"]);
    assert_eq!(Pick::parse("orders.category=Books"), Ok(books));
    let none = Pick::new(Kind::Customers, "city", [""]);
    assert_eq!(Pick::parse("customers.city="), Ok(none));
    let band = Pick::parse("deals.amount=10–19=x").unwrap();
    assert_eq!(
        (band.column.as_str(), band.values),
        ("amount", vec!["10–19=x".to_string()])
    );
    assert!(matches!(
        Pick::parse("things.x=1"),
        Err(PickError::UnknownKind(_))
    ));
    assert!(matches!(
        Pick::parse("orders=1"),
        Err(PickError::Malformed(_))
    ));
    assert!(matches!(
        Pick::parse("orders.category"),
        Err(PickError::Malformed(_))
    ));
    let two = Pick::new(Kind::Orders, "category", ["Books", "Toys"]);
    assert_eq!(two.to_string(), "orders.category = Books | Toys");
    assert!(Pick::new(Kind::Customers, "rfm_segment", ["Lost"]).is_derived());
    assert!(!Pick::new(Kind::Orders, "rfm_segment", ["Lost"]).is_derived());
}

#[test]
fn the_dashboard_resolves_derived_picks_and_the_other_metrics_take_them_resolved() {
    use rapport::core::metrics::sales;
    let ds = demo();
    let c = Case::new(ds);
    let text = pick(Kind::Customers, "rfm_segment", "Champions");
    let waiting = Filter::resolve(ds, &text);
    let resolved = c.filter(&text);
    assert!(waiting.picks.pending() && !resolved.picks.pending());
    assert_eq!(c.dashboard(&waiting), c.dashboard(&resolved));
    let orders = |f: &Filter| sales(ds, &c.idx, f, c.as_of.orders, &c.params).orders.value;
    assert!(orders(&resolved) > Some(0.0));
    // A filter whose derived picks still wait keeps no customer (rather than all of them).
    assert_eq!(orders(&waiting), Some(0.0));
}

#[test]
fn a_customer_without_a_row_has_no_value_in_any_column() {
    use super::builder::B;
    use rapport::core::metrics::sales;
    let mut b = B::new();
    b.customer("a", "Consumer", None);
    b.order("o1", "a", "2024-01-10", 10.0)
        .order("o2", "z", "2024-01-11", 20.0)
        .order("o3", "", "2024-01-12", 40.0);
    let ds = b.build();
    let c = Case::new(&ds);
    let revenue = |segment: &str| {
        let f = c.filter(&pick(Kind::Customers, "segment", segment));
        sales(&ds, &c.idx, &f, c.as_of.orders, &c.params)
            .revenue
            .value
    };
    // `z` only orders name; the order without a customer is dropped under a customer pick.
    assert_eq!(revenue("Consumer"), Some(10.0));
    assert_eq!(revenue(""), Some(20.0));
    let all = sales(&ds, &c.idx, &Filter::all(), c.as_of.orders, &c.params);
    assert_eq!(all.revenue.value, Some(70.0));
}
