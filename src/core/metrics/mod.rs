//! The metrics engine: every number of the dashboard, as pure functions of a [`Dataset`],
//! a [`Filter`], an explicit `as_of` date and [`Params`]. Nothing here reads the clock and
//! nothing fails: empty inputs give empty results or `None`, never a panic or a NaN.
//!
//! Every definition is written down in `docs/METRICS.md`; keep the two in step.
//!
//! Cost model: [`CustomerIndex::build`] runs once per dataset (a compact copy of the orders
//! sorted by customer and day, with dense customer/category/channel numbers);
//! [`CustomerModel::fit`] runs once per dataset and `as_of` (the BG/NBD and Gamma-Gamma
//! fits); [`dashboard`] runs after every filter change and makes a single pass over the
//! compact orders. [`holdout()`], the BG/NBD's calibration/holdout backtest, is a second
//! fit, run only when asked for (not part of the model's).
//!
//! [`Dataset`]: crate::model::Dataset

mod bench_set;
mod calendar;
mod changes;
mod clv;
mod cohorts;
mod customer_index;
mod customers;
mod customers_by;
mod dashboard;
mod deals_by;
mod dimension;
mod drill;
mod explain;
mod figure;
mod forecast;
mod funnel;
mod holdout;
mod marketing;
pub mod numeric;
mod responses;
mod rfm;
mod row_table;
mod sales;
mod scan;
mod seed_indices;
mod selection;
mod snapshot;
mod support;
mod timeline;

pub use bench_set::{bench_metrics, bench_metrics_with};
pub use calendar::{month_index, month_label, week_start};
pub use changes::{record_import, record_import_paced, Batch, Indexed, Recorded};
#[doc(hidden)]
pub use clv::{bgnbd_objective, gamma_gamma_objective};
pub use clv::{BgNbd, CustomerModel, CustomerPrediction, GammaGamma, ModelFit, RepeatSummary};
pub use cohorts::{cohorts, Cohort, Cohorts};
pub use customer_index::CustomerIndex;
pub use customers::{customer_metrics, Churn, ChurnSource, CustomerMetrics};
pub use customers_by::{customer_dimensions, customers_by, CustomerGroup};
pub use dashboard::{dashboard, dashboard_paced, Dashboard, Records, TOP_CUSTOMERS};
pub use deals_by::{
    deal_dimensions, deals_by, lookup_matches, order_dimensions, orders_by, DealGroup, LookupMatch,
    OrderGroup,
};
pub use dimension::{
    breakdown_explanation, dimensions, grouping, Group, Grouping, MAX_CATEGORIES_OF_NUMBERS,
    MAX_DIMENSION_VALUES,
};
pub use drill::{rows_behind, RowSet};
pub use explain::{
    Explained, Explanation, Formula, LeftOut, LeftOutReason, Param as ExplainParam, Shown, Term,
    UNDATED_REASON,
};
pub use figure::{Chart, Figure, KpiId};
pub use forecast::{forecast, Backtest, Forecast, ForecastMethod};
pub use funnel::{deals_at_stage, funnel, stage_order, Funnel, StageProbability, StageRow};
pub use holdout::{
    calibration_and_holdout, calibration_end, holdout, holdout_paced, CalibrationRow, Holdout,
    HoldoutBucket, FREQUENCY_CAP,
};
pub use marketing::{marketing, CampaignMetrics, Leads, Marketing, Returns, Uplift};
pub use responses::{
    is_control_name, rate_lift, response_dimensions, responses, responses_by, Arm, Lift, Rates,
    ResponseGroup, Responses,
};
pub use rfm::{
    abc_class, at_risk_explanation, customer_explanations, customer_list_explanation,
    customer_table, on_five, rfm, rfm_scores, rfm_segment, segment_of, CustomerExplanations,
    CustomerRow, Rfm, RfmSegment, SegmentCount, SEGMENTS as RFM_SEGMENTS,
};
pub use row_table::{row_cell, row_columns, rows_csv, sort_rows, Cell, CellKind, RowColumn};
pub use sales::{sales, Sales};
pub use seed_indices::{indices, Index, Indices};
pub use selection::{Pick, PickError, Picks, Selection, ABC, COHORT, DERIVED_COLUMNS, RFM_SEGMENT};
pub use snapshot::{
    has_snapshot, kaplan_meier, months_between, snapshot, snapshot_by, snapshot_dimensions,
    Retention, RetentionPoint, RetentionSource, Snapshot, SnapshotGroup, MAX_TENURE_MONTHS,
};
pub use support::{
    support, ticket_dimensions, tickets_by, Breakdown, Durations, Support, TicketGroup,
};
pub use timeline::{customer_timeline, Event, Timeline};

use crate::model::{spanning, Dataset, Day, Sym, SymSet};
use serde::Serialize;

/// Which records the metrics look at. Empty lists mean "all".
///
/// * `from`/`to` (inclusive) select orders by order date, deals by created date (else
///   closed, else expected close date), tickets by opened date and campaigns that overlap
///   the range. `to` is capped at `as_of`.
/// * `segments` select customers by their segment, and with them their orders, deals and
///   tickets.
/// * `channels` select orders by their sales channel (and so the customers who bought
///   through them).
/// * `owners` select deals by their owner.
/// * `recent` instead of `from`/`to`: a period counted back from each kind's own as-of date
///   (the last 30 days of the orders and the last 30 days of the tickets, when they end on
///   different dates).
/// * `picks` keep the records of a chart element ([`Pick`]); a pick on the customers keeps
///   the records of every kind that follow them.
///
/// Every metric asks a [`Selection`] of the filter which records it keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day (inclusive); `None`: from the first order.
    pub from: Option<Day>,
    /// Last day (inclusive); `None`: up to `as_of`.
    pub to: Option<Day>,
    /// A period up to each kind's as-of date (takes the place of `from` and `to`).
    pub recent: Option<Recent>,
    /// Customer segments to keep.
    pub segments: Vec<Sym>,
    /// Order sales channels to keep.
    pub channels: Vec<Sym>,
    /// Deal owners to keep.
    pub owners: Vec<Sym>,
    /// The chart elements picked, resolved over the dataset.
    pub picks: Picks,
}

/// A filter as the user writes it (the URL's query, the command line's options): values as
/// text, before they are looked up in a dataset ([`Filter::resolve`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterText {
    /// First day (inclusive).
    pub from: Option<Day>,
    /// Last day (inclusive).
    pub to: Option<Day>,
    /// A period up to each kind's as-of date (takes the place of `from` and `to`).
    pub recent: Option<Recent>,
    /// Customer segments to keep.
    pub segments: Vec<String>,
    /// Sales channels to keep.
    pub channels: Vec<String>,
    /// Deal owners to keep.
    pub owners: Vec<String>,
    /// Chart elements picked (values of one pick OR'ed, picks AND'ed).
    pub picks: Vec<Pick>,
}

impl Filter {
    /// The filter `text` asks for over `ds`. A value the data never mentions matches
    /// nothing (it is kept as a symbol no record has, rather than dropping the filter); so
    /// does a pick of a column the kind does not have. The picks of derived customer
    /// columns wait for [`Filter::with_index`].
    pub fn resolve(ds: &Dataset, text: &FilterText) -> Filter {
        let syms = |values: &[String]| {
            (values.iter())
                .map(|v| ds.strings.lookup(v).unwrap_or(Sym(u32::MAX)))
                .collect()
        };
        Filter {
            from: text.from,
            to: text.to,
            recent: text.recent,
            segments: syms(&text.segments),
            channels: syms(&text.channels),
            owners: syms(&text.owners),
            picks: Picks::resolve(ds, &text.picks),
        }
    }
}

/// A period that ends at a kind's as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recent {
    /// The last n days (as-of included).
    Days(i32),
    /// From 1 January of the as-of date's year.
    YearToDate,
}

impl Filter {
    /// Everything.
    pub fn all() -> Filter {
        Filter::default()
    }

    /// The period's first and last day for a kind whose as-of date is `as_of` (`None`:
    /// unbounded on that side).
    pub fn bounds(&self, as_of: Day) -> (Option<Day>, Option<Day>) {
        match self.recent {
            Some(Recent::Days(n)) => (Some(Day(as_of.0 - n.max(1) + 1)), Some(as_of)),
            Some(Recent::YearToDate) => (Day::from_ymd(as_of.ymd().0, 1, 1), Some(as_of)),
            None => (self.from, self.to),
        }
    }

    /// True when the period is the whole history (no start date).
    pub fn whole_history(&self) -> bool {
        self.from.is_none() && self.recent.is_none()
    }
}

/// The values a [`Filter`] can choose from: every distinct non-empty customer segment,
/// order channel and deal owner of a dataset, each list sorted (by its text).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterOptions {
    /// Customer segments.
    pub segments: Vec<String>,
    /// Channels of orders, tickets, campaigns and campaign contacts.
    pub channels: Vec<String>,
    /// Deal owners.
    pub owners: Vec<String>,
}

impl FilterOptions {
    /// The options of `ds`: one look at each record, and a string made only once per
    /// distinct value (a million orders have a handful of channels).
    pub fn of(ds: &Dataset) -> FilterOptions {
        let mut seen = SymSet::new(ds.strings.len());
        let channels = (ds.orders.rows.iter().map(|o| o.channel))
            .chain(ds.tickets.rows.iter().map(|t| t.channel))
            .chain(ds.campaigns.rows.iter().map(|c| c.channel))
            .chain(ds.responses.rows.iter().map(|r| r.channel));
        FilterOptions {
            segments: distinct(ds, &mut seen, ds.customers.rows.iter().map(|c| c.segment)),
            channels: distinct(ds, &mut seen, channels),
            owners: distinct(ds, &mut seen, ds.deals.rows.iter().map(|d| d.owner)),
        }
    }
}

/// The distinct non-empty texts of `values`, sorted; `seen` (of `ds`'s symbols) is left
/// empty for the next list. A value equal to the one before is skipped at once (a million
/// orders have a handful of channels, in runs).
fn distinct(ds: &Dataset, seen: &mut SymSet, values: impl Iterator<Item = Sym>) -> Vec<String> {
    let mut last = Sym::EMPTY;
    let mut syms = Vec::new();
    for sym in values {
        if sym != last && !sym.is_empty() && seen.insert(sym) == Some(true) {
            syms.push(sym);
        }
        last = sym;
    }
    let mut out: Vec<String> = syms.iter().map(|&s| ds.str(s).to_string()).collect();
    syms.iter().for_each(|&s| seen.remove(s));
    crate::sort::sort_by(&mut out, Ord::cmp);
    out
}

/// The as-of date of each kind of records: the day its figures are computed at. By default
/// each kind's own latest date ([`AsOf::of`]), so that combining exports of different
/// ranges (last year's orders, this month's tickets) leaves no kind's figures empty; a date
/// the user chooses applies to every kind ([`AsOf::same`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsOf {
    /// Orders and everything computed from them (customers, RFM, cohorts, the model).
    pub orders: Day,
    /// Deals.
    pub deals: Day,
    /// Tickets.
    pub tickets: Day,
    /// Campaigns.
    pub campaigns: Day,
    /// Campaign contacts.
    pub responses: Day,
    /// A customer snapshot (status, tenure, churn dates).
    pub customers: Day,
}

impl AsOf {
    /// One date for every kind.
    pub fn same(day: Day) -> AsOf {
        AsOf {
            orders: day,
            deals: day,
            tickets: day,
            campaigns: day,
            responses: day,
            customers: day,
        }
    }

    /// Each kind's latest date in `ds` (its dates as [`Dataset::spans_by_kind`] says); a
    /// kind without dates takes the latest date of the whole dataset, else `fallback`.
    pub fn of(ds: &Dataset, fallback: Day) -> AsOf {
        AsOf::with_span(ds, fallback).0
    }

    /// [`AsOf::of`], and the earliest and latest date of the whole dataset
    /// ([`Dataset::date_span`]), from one pass over the records.
    pub fn with_span(ds: &Dataset, fallback: Day) -> (AsOf, Option<(Day, Day)>) {
        let kinds = ds.spans_by_kind();
        let whole = spanning(kinds);
        let all = whole.map_or(fallback, |(_, last)| last);
        let [orders, deals, tickets, campaigns, responses, customers] =
            kinds.map(|d| d.map_or(all, |(_, last)| last));
        let as_of = AsOf {
            orders,
            deals,
            tickets,
            campaigns,
            responses,
            customers,
        };
        (as_of, whole)
    }

    /// The latest of the kinds' dates.
    pub fn latest(&self) -> Day {
        self.orders
            .max(self.deals)
            .max(self.tickets)
            .max(self.campaigns)
            .max(self.responses)
            .max(self.customers)
    }
}

impl Serialize for AsOf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("AsOf", 6)?;
        st.serialize_field("orders", &self.orders.iso())?;
        st.serialize_field("deals", &self.deals.iso())?;
        st.serialize_field("tickets", &self.tickets.iso())?;
        st.serialize_field("campaigns", &self.campaigns.iso())?;
        st.serialize_field("responses", &self.responses.iso())?;
        st.serialize_field("customers", &self.customers.iso())?;
        st.end()
    }
}

/// Whether a record without a date counts for `filter`: only when its period has no start
/// (the whole history), since it cannot be placed in a range. Records left out this way
/// are counted and reported with the figure (`undated_left_out`).
pub fn counts_undated(filter: &Filter) -> bool {
    filter.whole_history()
}

/// Tunable parameters; every result states the ones it used. The user sets those of
/// [`Param::ALL`] (Settings, `rapport metrics --param name=value`) through [`Params::set`].
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Params {
    /// Activity window of the churn rate, in days (default 90).
    pub churn_window_days: i32,
    /// Months forecast after the last complete month (default 6).
    pub forecast_months: usize,
    /// Months held out to backtest the revenue forecast and the customer model (default 6).
    pub backtest_months: usize,
    /// Horizon of "expected purchases" per customer, in days (default 90).
    pub prediction_days: i32,
    /// Horizon of the CLV, in months of 30 days (default 12).
    pub clv_months: u32,
    /// Monthly discount rate of the CLV (default 0.01).
    pub monthly_discount_rate: f64,
    /// Closed deals needed before stage probabilities are learned (default 20).
    pub min_closed_deals: usize,
    /// The at-risk list's customers have a P(alive) below this (default 0.5).
    pub at_risk_p_alive: f64,
    /// How many scores each of R, F and M has: 5 (quintiles) by default, 2–9.
    pub rfm_bins: u8,
}

/// A parameter the user can set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `churn_window_days`: 1–3,650 days.
    ChurnWindowDays,
    /// `prediction_days`: 1–3,650 days.
    PredictionDays,
    /// `clv_months`: 1–120 months.
    ClvMonths,
    /// `monthly_discount_rate`: 0 ≤ d < 1.
    MonthlyDiscountRate,
    /// `min_closed_deals`: 1–1,000,000.
    MinClosedDeals,
    /// `forecast_months`: 1–36 months.
    ForecastMonths,
    /// `at_risk_p_alive`: 0 ≤ p < 1.
    AtRiskPAlive,
    /// `rfm_bins`: 2–9 scores.
    RfmBins,
}

impl Param {
    /// Every settable parameter.
    pub const ALL: [Param; 8] = [
        Param::ChurnWindowDays,
        Param::PredictionDays,
        Param::ClvMonths,
        Param::MonthlyDiscountRate,
        Param::MinClosedDeals,
        Param::ForecastMonths,
        Param::AtRiskPAlive,
        Param::RfmBins,
    ];

    /// Its name (as in the JSON of `params` and on the command line).
    pub fn name(self) -> &'static str {
        match self {
            Param::ChurnWindowDays => "churn_window_days",
            Param::PredictionDays => "prediction_days",
            Param::ClvMonths => "clv_months",
            Param::MonthlyDiscountRate => "monthly_discount_rate",
            Param::MinClosedDeals => "min_closed_deals",
            Param::ForecastMonths => "forecast_months",
            Param::AtRiskPAlive => "at_risk_p_alive",
            Param::RfmBins => "rfm_bins",
        }
    }

    /// The values it accepts (inclusive bounds; the discount rate and the at-risk threshold
    /// exclude 1).
    pub fn range(self) -> (f64, f64) {
        match self {
            Param::ChurnWindowDays | Param::PredictionDays => (1.0, 3650.0),
            Param::ClvMonths => (1.0, 120.0),
            Param::MonthlyDiscountRate => (0.0, 1.0),
            Param::MinClosedDeals => (1.0, 1_000_000.0),
            Param::ForecastMonths => (1.0, 36.0),
            Param::AtRiskPAlive => (0.0, 1.0),
            Param::RfmBins => (2.0, 9.0),
        }
    }

    /// By name.
    pub fn parse(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Why a parameter value was refused (nothing changed).
#[derive(Clone, Debug, PartialEq)]
pub enum ParamError {
    /// No parameter of that name.
    Unknown(String),
    /// Not a number (a whole number where the parameter counts days, months or deals).
    NotANumber(Param, String),
    /// Outside the parameter's range ([`Param::range`]).
    OutOfRange(Param, f64),
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamError::Unknown(name) => write!(f, "no parameter {name:?}"),
            ParamError::NotANumber(p, v) => write!(f, "{}: not a number: {v:?}", p.name()),
            ParamError::OutOfRange(p, v) => {
                let (lo, hi) = p.range();
                write!(f, "{}: {v} is outside {lo}–{hi}", p.name())
            }
        }
    }
}

impl Params {
    /// The value of `p`.
    pub fn get(&self, p: Param) -> f64 {
        match p {
            Param::ChurnWindowDays => f64::from(self.churn_window_days),
            Param::PredictionDays => f64::from(self.prediction_days),
            Param::ClvMonths => f64::from(self.clv_months),
            Param::MonthlyDiscountRate => self.monthly_discount_rate,
            Param::MinClosedDeals => self.min_closed_deals as f64,
            Param::ForecastMonths => self.forecast_months as f64,
            Param::AtRiskPAlive => self.at_risk_p_alive,
            Param::RfmBins => f64::from(self.rfm_bins),
        }
    }

    /// Sets `p` from text; a value that is not a number, not whole where it counts, or out
    /// of range is refused and changes nothing.
    pub fn set(&mut self, p: Param, text: &str) -> Result<(), ParamError> {
        let v: f64 = (text.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| ParamError::NotANumber(p, text.to_string()))?;
        let whole = !matches!(p, Param::MonthlyDiscountRate | Param::AtRiskPAlive);
        if whole && v.fract() != 0.0 {
            return Err(ParamError::NotANumber(p, text.to_string()));
        }
        let (lo, hi) = p.range();
        let ok = if whole {
            lo <= v && v <= hi
        } else {
            lo <= v && v < hi
        };
        if !ok {
            return Err(ParamError::OutOfRange(p, v));
        }
        match p {
            Param::ChurnWindowDays => self.churn_window_days = v as i32,
            Param::PredictionDays => self.prediction_days = v as i32,
            Param::ClvMonths => self.clv_months = v as u32,
            Param::MonthlyDiscountRate => self.monthly_discount_rate = v,
            Param::MinClosedDeals => self.min_closed_deals = v as usize,
            Param::ForecastMonths => self.forecast_months = v as usize,
            Param::AtRiskPAlive => self.at_risk_p_alive = v,
            Param::RfmBins => self.rfm_bins = v as u8,
        }
        Ok(())
    }

    /// Sets `name=value` (the command line's form).
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ParamError> {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let p = Param::parse(name.trim()).ok_or_else(|| ParamError::Unknown(name.to_string()))?;
        self.set(p, value)
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            churn_window_days: 90,
            forecast_months: 6,
            backtest_months: 6,
            prediction_days: 90,
            clv_months: 12,
            monthly_discount_rate: 0.01,
            min_closed_deals: 20,
            at_risk_p_alive: 0.5,
            rfm_bins: 5,
        }
    }
}

/// A headline number for the current period, the previous equal period and the change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpi {
    /// Value in the current period (`None` when undefined, e.g. a ratio over nothing).
    pub value: Option<f64>,
    /// Value in the previous period of equal length.
    pub previous: Option<f64>,
    /// Relative change `(value − previous) / |previous|`; `None` when either is missing or
    /// `previous` is 0.
    pub change: Option<f64>,
    /// How it was computed.
    pub explain: Explanation,
}

impl Kpi {
    /// The KPI without a previous period (the whole history has none).
    pub fn without_previous(mut self) -> Kpi {
        self.previous = None;
        self.change = None;
        self
    }

    /// A KPI from its two values.
    pub fn new(value: Option<f64>, previous: Option<f64>, explain: Explanation) -> Kpi {
        let change = match (value, previous) {
            (Some(v), Some(p)) if p != 0.0 => Some((v - p) / p.abs()),
            _ => None,
        };
        Kpi {
            value,
            previous,
            change,
            explain,
        }
    }
}

/// A closed range of days (serialised as `{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
}

impl Period {
    /// Number of days (0 when `to < from`).
    pub fn days(&self) -> i32 {
        (self.to.0 - self.from.0 + 1).max(0)
    }

    /// True when `day` is inside.
    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }

    /// The period of equal length just before this one.
    pub fn previous(&self) -> Period {
        let n = self.days();
        Period {
            from: Day(self.from.0 - n),
            to: Day(self.from.0 - 1),
        }
    }

    /// The current period of a filter: `from` (else the first order day, else `as_of`) to
    /// `min(to, as_of)` (else `as_of`).
    pub fn resolve(filter: &Filter, as_of: Day, first_day: Option<Day>) -> Period {
        let (from, to) = filter.bounds(as_of);
        let to = to.map_or(as_of, |t| t.min(as_of));
        let from = from.or(first_day).unwrap_or(to).min(Day(to.0 + 1));
        Period { from, to }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("Period", 2)?;
        st.serialize_field("from", &self.from.iso())?;
        st.serialize_field("to", &self.to.iso())?;
        st.end()
    }
}

impl Default for Period {
    /// An empty period (`to` before `from`).
    fn default() -> Self {
        Period {
            from: Day(0),
            to: Day(-1),
        }
    }
}

/// Money (minor units at scale 10 000) as currency units.
pub(crate) fn units(minor: i64) -> f64 {
    minor as f64 / crate::model::Money::SCALE as f64
}
