//! A customer snapshot: churn from a status column, recurring revenue, lifetime charges,
//! tenure and the Kaplan–Meier retention curve. A snapshot export (one row per customer, as
//! of the day it was taken) has no orders to watch; what it states is used as stated.

use super::explain::{Formula, Term};
use super::numeric::ratio;
use super::selection::Selection;
use super::{units, CustomerIndex, Explanation, Filter, Kpi};
use crate::import::value::standing;
use crate::model::{Customer, Dataset, Day, Kind, Standing, Sym};
use serde::Serialize;

/// Durations past this many months (a century) are left out of the retention curve.
pub const MAX_TENURE_MONTHS: u32 = 1200;

/// The snapshot's figures for the customers of a filter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Customers the filter selects (prospects included).
    pub customers: u64,
    /// How the customers are counted by status.
    pub explain: Explanation,
    /// Of them, current customers (an active status; or no status when the file gives churn
    /// dates and this customer has none, or it lies after as_of).
    pub active: u64,
    /// Customers who left (a churned status, or a churn date on or before as_of).
    pub churned: u64,
    /// Leads and prospects: not customers yet, counted in no rate.
    pub prospects: u64,
    /// Customers whose status is empty or not a known word: left out of every rate.
    pub unknown_status: u64,
    /// Churned / (active + churned).
    pub churn_rate: Kpi,
    /// Monthly recurring revenue: Σ monthly charges of the customers who did not churn.
    pub mrr: Kpi,
    /// Customers with a monthly charge in the MRR.
    pub paying: u64,
    /// Average revenue per paying customer: MRR / paying.
    pub arpu: Kpi,
    /// Σ monthly charges of the churned customers: the recurring revenue that left.
    pub churned_mrr: Kpi,
    /// Revenue churn: churned MRR / (MRR + churned MRR).
    pub revenue_churn: Kpi,
    /// Σ lifetime (total) charges of the customers.
    pub lifetime_charges: Kpi,
    /// Mean lifetime charges per customer with a total.
    pub value_per_customer: Kpi,
    /// Mean tenure in months of the customers with one.
    pub mean_tenure_months: Kpi,
    /// The retention curve, when durations are known.
    pub retention: Option<Retention>,
}

/// Where the retention curve's durations come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionSource {
    /// The tenure column: months as a customer, up to churn or the snapshot.
    Tenure,
    /// Signup date to churn date (churned) or to as_of (still a customer).
    SignupAndChurnDates,
}

/// One month of the Kaplan–Meier table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RetentionPoint {
    /// Whole months as a customer.
    pub month: u32,
    /// Customers still observed at the start of the month (duration ≥ month).
    pub at_risk: u64,
    /// Customers who churned at this duration.
    pub churned: u64,
    /// Customers last seen, still customers, at this duration.
    pub censored: u64,
    /// S(month) = Π over months m ≤ month of (1 − churned(m) / at_risk(m)).
    pub survival: f64,
}

/// The Kaplan–Meier retention curve by tenure month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Retention {
    /// Where the durations come from.
    pub source: RetentionSource,
    /// Customers on the curve.
    pub customers: u64,
    /// Of them, churned (events).
    pub churned: u64,
    /// Customers the curve leaves out: no duration, a churn without a date, a churn date
    /// before the signup, or more than [`MAX_TENURE_MONTHS`].
    pub left_out: u64,
    /// One point per month from 0 to the longest duration.
    pub points: Vec<RetentionPoint>,
    /// The first month whose survival is at most 50 %; `None` when it never falls so low.
    pub median_months: Option<u32>,
    /// How it was computed.
    pub explain: Explanation,
}

/// A customer's place in the snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signal {
    Active,
    Churned,
    Prospect,
    Unknown,
}

/// Whether `ds` holds snapshot facts: a churned or active status, a tenure, a charge or a
/// churn date on any customer. Decided on the whole dataset, so a filter never changes
/// which cards a page shows.
pub fn has_snapshot(ds: &Dataset) -> bool {
    let mut known = Vec::new();
    ds.customers.rows.iter().any(|c| {
        c.tenure_months.is_some()
            || c.monthly_charges.is_some()
            || c.total_charges.is_some()
            || c.churn_date.is_some()
            || matches!(
                cached_standing(ds, &mut known, c.status),
                Some(Standing::Active | Standing::Churned)
            )
    })
}

/// [`standing`] of a status symbol, classified once per distinct symbol.
fn cached_standing(
    ds: &Dataset,
    known: &mut Vec<(Sym, Option<Standing>)>,
    status: Sym,
) -> Option<Standing> {
    if status.is_empty() {
        return None;
    }
    if let Some(&(_, s)) = known.iter().find(|(sym, _)| *sym == status) {
        return s;
    }
    let s = standing(ds.str(status));
    // A status column is a handful of words; a free-text one is not cached past 64.
    if known.len() < 64 {
        known.push((status, s));
    }
    s
}

/// The snapshot of the customers `filter` selects (by segment and customer picks; the
/// period and the order channels do not apply to a snapshot), as of `as_of`. `None` when
/// `ds` holds no snapshot facts ([`has_snapshot`]).
pub fn snapshot(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
) -> Option<Snapshot> {
    snapshot_in(&Selection::new(ds, idx, filter), as_of)
}

/// [`snapshot`] of the customers `sel` keeps.
pub(crate) fn snapshot_in(sel: &Selection<'_>, as_of: Day) -> Option<Snapshot> {
    if !has_snapshot(sel.dataset()) {
        return None;
    }
    let signals: Vec<_> = signals(sel, as_of).map(|(_, c, s)| (c, s)).collect();
    Some(summarise(&signals, as_of))
}

/// The rows of the customers the snapshot counts (not placeholders, kept by `sel`) with
/// their standing as of `as_of`, in file order.
pub(crate) fn snapshot_rows(sel: &Selection<'_>, as_of: Day) -> Vec<(usize, Signal)> {
    signals(sel, as_of).map(|(i, _, s)| (i, s)).collect()
}

/// Each customer the selection keeps, with its row and its standing as of `as_of`.
fn signals<'a>(
    sel: &'a Selection<'a>,
    as_of: Day,
) -> impl Iterator<Item = (usize, &'a Customer, Signal)> + 'a {
    let ds = sel.dataset();
    let dates_known = ds.customers.rows.iter().any(|c| c.churn_date.is_some());
    let mut known = Vec::new();
    let rows = ds.customers.rows.iter().enumerate();
    // Placeholders (ids other files name) state nothing about churn.
    rows.filter(|(_, c)| !c.placeholder)
        .filter(|&(i, _)| sel.keeps(Kind::Customers, i))
        .map(move |(i, c)| {
            let standing = cached_standing(ds, &mut known, c.status);
            (i, c, signal(c, standing, dates_known, as_of))
        })
}

fn signal(c: &Customer, standing: Option<Standing>, dates_known: bool, as_of: Day) -> Signal {
    if c.churn_date.is_some_and(|d| d <= as_of) {
        return Signal::Churned;
    }
    match standing {
        Some(Standing::Churned) if c.churn_date.is_none() => Signal::Churned,
        Some(Standing::Churned | Standing::Active) => Signal::Active,
        Some(Standing::Prospect) => Signal::Prospect,
        None if dates_known && c.status.is_empty() => Signal::Active,
        None => Signal::Unknown,
    }
}

/// Sums of money over a set of customers: total and how many had a value.
#[derive(Clone, Copy, Default)]
struct Sum {
    minor: i64,
    n: u64,
}

impl Sum {
    fn add(&mut self, value: Option<crate::model::Money>) {
        if let Some(m) = value {
            self.minor = self.minor.saturating_add(m.0);
            self.n += 1;
        }
    }

    fn total(self) -> Option<f64> {
        (self.n > 0).then(|| units(self.minor))
    }

    fn mean(self) -> Option<f64> {
        ratio(units(self.minor), self.n as f64)
    }
}

fn summarise(signals: &[(&Customer, Signal)], as_of: Day) -> Snapshot {
    let count = |s: Signal| signals.iter().filter(|(_, x)| *x == s).count() as u64;
    let (active, churned) = (count(Signal::Active), count(Signal::Churned));
    let (mut mrr, mut lost, mut lifetime) = (Sum::default(), Sum::default(), Sum::default());
    let (mut tenure, mut tenured) = (0u64, 0u64);
    for (c, s) in signals {
        match s {
            Signal::Active => mrr.add(c.monthly_charges),
            Signal::Churned => lost.add(c.monthly_charges),
            Signal::Prospect | Signal::Unknown => {}
        }
        if *s != Signal::Prospect {
            lifetime.add(c.total_charges);
            if let Some(t) = c.tenure_months {
                tenure += u64::from(t);
                tenured += 1;
            }
        }
    }
    let kpi = |value: Option<f64>, formula: Formula, rows: u64| {
        Kpi::new(
            value,
            None,
            Explanation::new(formula, rows as usize).param(Term::AsOf, as_of),
        )
    };
    let recurring = mrr.total().unwrap_or(0.0) + lost.total().unwrap_or(0.0);
    let any_charges = mrr.n + lost.n > 0;
    Snapshot {
        customers: signals.len() as u64,
        explain: Explanation::new(Formula::SnapshotCounts, signals.len()).param(Term::AsOf, as_of),
        active,
        churned,
        prospects: count(Signal::Prospect),
        unknown_status: count(Signal::Unknown),
        churn_rate: kpi(
            ratio(churned as f64, (active + churned) as f64),
            Formula::SnapshotChurn,
            active + churned,
        ),
        mrr: kpi(
            any_charges.then(|| mrr.total().unwrap_or(0.0)),
            Formula::Mrr,
            mrr.n,
        ),
        paying: mrr.n,
        arpu: kpi(mrr.mean(), Formula::Arpu, mrr.n),
        churned_mrr: kpi(
            any_charges.then(|| lost.total().unwrap_or(0.0)),
            Formula::ChurnedMrr,
            lost.n,
        ),
        revenue_churn: kpi(
            any_charges
                .then(|| ratio(lost.total().unwrap_or(0.0), recurring))
                .flatten(),
            Formula::RevenueChurn,
            mrr.n + lost.n,
        ),
        lifetime_charges: kpi(lifetime.total(), Formula::LifetimeCharges, lifetime.n),
        value_per_customer: kpi(lifetime.mean(), Formula::ValuePerCustomer, lifetime.n),
        mean_tenure_months: kpi(
            ratio(tenure as f64, tenured as f64),
            Formula::MeanTenure,
            tenured,
        ),
        retention: retention(signals, as_of),
    }
}

/// Completed calendar months from `from` to `to`; `None` when `to` is before `from`.
pub fn months_between(from: Day, to: Day) -> Option<u32> {
    if to < from {
        return None;
    }
    let ((y1, m1, d1), (y2, m2, d2)) = (from.ymd(), to.ymd());
    let months = (y2 - y1) * 12 + m2 as i32 - m1 as i32 - i32::from(d2 < d1);
    u32::try_from(months).ok()
}

/// Each customer's (months, churned) on the curve, or `None` when left out.
fn duration(c: &Customer, s: Signal, source: RetentionSource, as_of: Day) -> Option<(u32, bool)> {
    let event = match s {
        Signal::Active => false,
        Signal::Churned => true,
        Signal::Prospect | Signal::Unknown => return None,
    };
    let months = match source {
        RetentionSource::Tenure => c.tenure_months?,
        RetentionSource::SignupAndChurnDates => {
            let end = match (event, c.churn_date) {
                (true, Some(d)) => d,
                (true, None) => return None,
                (false, _) => as_of,
            };
            months_between(c.signup?, end)?
        }
    };
    (months <= MAX_TENURE_MONTHS).then_some((months, event))
}

fn retention(signals: &[(&Customer, Signal)], as_of: Day) -> Option<Retention> {
    let source = if signals.iter().any(|(c, _)| c.tenure_months.is_some()) {
        RetentionSource::Tenure
    } else if signals
        .iter()
        .any(|(c, _)| c.signup.is_some() && c.churn_date.is_some())
    {
        RetentionSource::SignupAndChurnDates
    } else {
        return None;
    };
    let durations: Vec<(u32, bool)> = signals
        .iter()
        .filter_map(|(c, s)| duration(c, *s, source, as_of))
        .collect();
    let counted = signals
        .iter()
        .filter(|(_, s)| matches!(s, Signal::Active | Signal::Churned))
        .count() as u64;
    let points = kaplan_meier(&durations);
    // A product of fractions that equals ½ exactly may come out a hair above it in floating
    // point (⅔ × ¾): the tolerance keeps such a month the median.
    let median_months = (points.iter())
        .find(|p| p.survival <= 0.5 + 1e-9)
        .map(|p| p.month);
    let events = durations.iter().filter(|(_, e)| *e).count() as u64;
    let formula = match source {
        RetentionSource::Tenure => Formula::RetentionTenure,
        RetentionSource::SignupAndChurnDates => Formula::RetentionDates,
    };
    Some(Retention {
        source,
        customers: durations.len() as u64,
        churned: events,
        left_out: counted - durations.len() as u64,
        points,
        median_months,
        explain: Explanation::new(formula, durations.len())
            .param(Term::AsOf, as_of)
            .param(Term::LeftOut, counted - durations.len() as u64),
    })
}

/// The Kaplan–Meier estimate at every month from 0 to the longest duration: at month t,
/// `at_risk` counts the durations ≥ t (censored ones included at their own month), and
/// the survival is multiplied by 1 − churned / at risk.
pub fn kaplan_meier(durations: &[(u32, bool)]) -> Vec<RetentionPoint> {
    let Some(last) = durations.iter().map(|d| d.0).max() else {
        return Vec::new();
    };
    let mut events = vec![0u64; last as usize + 1];
    let mut censored = vec![0u64; last as usize + 1];
    for &(m, event) in durations {
        if event {
            events[m as usize] += 1;
        } else {
            censored[m as usize] += 1;
        }
    }
    let mut at_risk = durations.len() as u64;
    let mut survival = 1.0;
    (0..=last)
        .map(|month| {
            let (d, c) = (events[month as usize], censored[month as usize]);
            if at_risk > 0 {
                survival *= 1.0 - d as f64 / at_risk as f64;
            }
            let point = RetentionPoint {
                month,
                at_risk,
                churned: d,
                censored: c,
                survival,
            };
            at_risk -= d + c;
            point
        })
        .collect()
}

/// The customer columns a snapshot of `ds` can be broken down by ([`super::dimensions`]):
/// the mapped fields (`tenure_months` and the charges in bands), the files' extra columns
/// and the attributes of lookup files for the customers.
pub fn snapshot_dimensions(ds: &Dataset) -> Vec<String> {
    super::dimensions(ds, Kind::Customers)
}

/// The snapshot's figures for the customers of one value of a dimension.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotGroup {
    /// The value as written (a tenure band reads `0–11`, `12–23`, …; no value: empty).
    pub value: String,
    /// Customers with this value (prospects included).
    pub customers: u64,
    /// Active customers.
    pub active: u64,
    /// Churned customers.
    pub churned: u64,
    /// churned / (active + churned).
    pub churn_rate: Option<f64>,
    /// Σ monthly charges of the active customers.
    pub mrr: Option<f64>,
    /// Σ monthly charges of the churned customers.
    pub churned_mrr: Option<f64>,
    /// Mean tenure in months of the customers who are not prospects.
    pub mean_tenure_months: Option<f64>,
}

#[derive(Clone, Copy, Default)]
struct GroupAcc {
    customers: u64,
    active: u64,
    churned: u64,
    mrr: Sum,
    lost: Sum,
    tenure: u64,
    tenured: u64,
}

/// The snapshot of the customers `filter` selects, per value of the customer column `name`
/// (a name of [`snapshot_dimensions`], or any column of the customers), most customers
/// first; bands in their order. `None` when `ds` holds no snapshot or has no such column.
pub fn snapshot_by(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: &super::AsOf,
    name: &str,
) -> Option<Vec<SnapshotGroup>> {
    if !has_snapshot(ds) {
        return None;
    }
    let g = super::grouping(ds, Kind::Customers, name)?;
    let mut signal: Vec<Option<Signal>> = vec![None; ds.customers.len()];
    let sel = Selection::new(ds, idx, filter);
    for (i, _, s) in signals(&sel, as_of.customers) {
        signal[i] = Some(s);
    }
    let chosen = (0..signal.len()).filter(|&i| signal[i].is_some());
    let groups = g.fold(chosen, |acc: &mut GroupAcc, i| {
        if let Some(s) = signal[i] {
            add(acc, &ds.customers.rows[i], s);
        }
    });
    let mut out: Vec<SnapshotGroup> = groups.into_iter().map(|(v, a)| group(v, a)).collect();
    super::deals_by::order_groups(&mut out, g.banded, |s| &s.value, |s| s.customers as f64);
    Some(out)
}

fn add(acc: &mut GroupAcc, c: &Customer, s: Signal) {
    acc.customers += 1;
    match s {
        Signal::Active => {
            acc.active += 1;
            acc.mrr.add(c.monthly_charges);
        }
        Signal::Churned => {
            acc.churned += 1;
            acc.lost.add(c.monthly_charges);
        }
        Signal::Prospect | Signal::Unknown => {}
    }
    if s != Signal::Prospect {
        if let Some(t) = c.tenure_months {
            acc.tenure += u64::from(t);
            acc.tenured += 1;
        }
    }
}

fn group(value: String, a: GroupAcc) -> SnapshotGroup {
    let charges = a.mrr.n + a.lost.n > 0;
    SnapshotGroup {
        value,
        customers: a.customers,
        active: a.active,
        churned: a.churned,
        churn_rate: ratio(a.churned as f64, (a.active + a.churned) as f64),
        mrr: charges.then(|| a.mrr.total().unwrap_or(0.0)),
        churned_mrr: charges.then(|| a.lost.total().unwrap_or(0.0)),
        mean_tenure_months: ratio(a.tenure as f64, a.tenured as f64),
    }
}
