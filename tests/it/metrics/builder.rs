//! A small builder of hand-made datasets.

use rapport::core::import::{analyze, merge, parse, Issue, MergePolicy, NoProgress, ParseOptions};
use rapport::core::metrics::{CustomerIndex, Filter, Params};
use rapport::core::model::{
    Campaign, Customer, Dataset, Day, Deal, DealOutcome, Kind, Money, Order, OrderStatus, Sym,
    Ticket, Timestamp,
};
use rapport::core::pace::{Pace, Pause};

/// `YYYY-MM-DD` to a day.
pub fn day(s: &str) -> Day {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date");
    Day::from_naive(d)
}

/// `YYYY-MM-DD HH:MM` to a timestamp.
pub fn ts(s: &str) -> Timestamp {
    let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time");
    Timestamp(t.and_utc().timestamp())
}

/// Builds a [`Dataset`] record by record.
#[derive(Default)]
pub struct B {
    pub ds: Dataset,
}

impl B {
    pub fn new() -> B {
        B::default()
    }

    pub fn sym(&mut self, s: &str) -> Sym {
        self.ds.strings.intern(s)
    }

    pub fn customer(&mut self, id: &str, segment: &str, signup: Option<&str>) -> &mut B {
        let c = Customer {
            id: self.sym(id),
            segment: self.sym(segment),
            signup: signup.map(day),
            ..Customer::default()
        };
        self.ds.customers.rows.push(c);
        self
    }

    /// A completed order line of `amount` currency units.
    pub fn order(&mut self, id: &str, customer: &str, date: &str, amount: f64) -> &mut B {
        self.order_full(id, customer, date, amount, "", "", OrderStatus::Completed)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn order_full(
        &mut self,
        id: &str,
        customer: &str,
        date: &str,
        amount: f64,
        category: &str,
        channel: &str,
        status: OrderStatus,
    ) -> &mut B {
        let o = Order {
            id: self.sym(id),
            customer: self.sym(customer),
            date: day(date),
            category: self.sym(category),
            channel: self.sym(channel),
            quantity: 1.0,
            amount: Money((amount * Money::SCALE as f64).round() as i64),
            status,
            ..Order::default()
        };
        self.ds.orders.rows.push(o);
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn deal(
        &mut self,
        customer: &str,
        owner: &str,
        stage: &str,
        outcome: DealOutcome,
        amount: Option<f64>,
        created: Option<&str>,
        closed: Option<&str>,
    ) -> &mut B {
        let id = format!("D{}", self.ds.deals.len() + 1);
        let d = Deal {
            id: self.sym(&id),
            customer: self.sym(customer),
            owner: self.sym(owner),
            stage: self.sym(stage),
            outcome,
            amount: amount.map(|a| Money((a * Money::SCALE as f64).round() as i64)),
            created: created.map(day),
            closed: closed.map(day),
            ..Deal::default()
        };
        self.ds.deals.rows.push(d);
        self
    }

    pub fn ticket(&mut self, t: Ticket) -> &mut B {
        self.ds.tickets.rows.push(t);
        self
    }

    pub fn campaign(&mut self, c: Campaign) -> &mut B {
        self.ds.campaigns.rows.push(c);
        self
    }

    pub fn build(&mut self) -> Dataset {
        std::mem::take(&mut self.ds)
    }
}

/// Index + default params + no filter, the usual test setup.
pub fn setup(ds: &Dataset) -> (CustomerIndex, Params, Filter) {
    (CustomerIndex::build(ds), Params::default(), Filter::all())
}

/// Asserts two floats agree to a relative tolerance.
#[track_caller]
pub fn close(got: f64, want: f64, rel: f64) {
    let ok = (got - want).abs() <= rel * want.abs().max(1e-12);
    assert!(ok, "got {got}, want {want} (rel {rel})");
}

/// Asserts an optional float.
#[track_caller]
pub fn close_opt(got: Option<f64>, want: f64) {
    close(got.expect("a value"), want, 1e-9);
}

/// A CSV file imported as the app does (automatic kind and mapping) into an empty dataset,
/// with the kind it was read as and its issues.
pub fn import_csv(name: &str, bytes: &[u8]) -> (Dataset, Kind, Vec<Issue>) {
    let analysis = analyze(name, bytes, None).unwrap();
    let parsed = parse(&analysis, bytes, &ParseOptions::default(), &mut NoProgress);
    let issues = parsed.issues.clone();
    let policy = MergePolicy::CreateOnly;
    let (ds, _) = merge(&Dataset::default(), vec![parsed], policy, false);
    (ds, analysis.kind, issues)
}

/// Equal within 10⁻⁹ absolute (for figures checked against hand-computed literals; `close`
/// asserts a relative tolerance).
pub fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// A pace that pauses at every offer (a future that resolves at once), and says stop after
/// `stop_after` pauses when set.
pub struct EveryStep {
    pub pauses: usize,
    pub stop_after: Option<usize>,
}

impl Pace for EveryStep {
    fn pause(&mut self) -> Option<Pause<'_>> {
        self.pauses += 1;
        let go_on = self.stop_after.is_none_or(|n| self.pauses <= n);
        Some(Box::pin(async move { go_on }))
    }
}
