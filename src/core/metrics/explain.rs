//! "How is this computed?" as data: which formula a figure follows, the parameters it used
//! with their values, how many records it rests on and which it leaves out. The words live
//! in the interface's catalogue (`crate::i18n`), keyed by [`Formula`] and [`Term`], so an
//! explanation reads in the interface's language and a missing text does not compile.

use serde::{Serialize, Serializer};

use super::Period;
use crate::model::Day;

/// An enum of unit variants with `ALL` (every variant, in order) and a snake_case id.
macro_rules! vocabulary {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident,)* }) => {
        $(#[$m])*
        // Each variant's words are its documentation, in the catalogue of each language.
        #[allow(missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v,)* }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v,)*];
        }
    };
}

vocabulary! {
    /// The formula a figure follows. Its words are in the i18n catalogue.
    pub enum Formula {
        CustomersTotal, CustomersActive, CustomersNew, RepeatRate, Churn,
        NetRevenue, GrossSales, Refunds, Orders, Aov, OrderStatus,
        RevenueByMonth, OrdersByMonth, RevenueByWeek, RevenueByCategory, RevenueByChannel,
        Cohorts, Responses,
        MarketingCost, MarketingEffect, Cac, Returns, Leads, Campaigns,
        SnapshotCounts, SnapshotChurn, Mrr, Arpu, ChurnedMrr, RevenueChurn, LifetimeCharges,
        ValuePerCustomer, MeanTenure, RetentionTenure, RetentionDates,
        TicketsOpened, Backlog, Csat, Nps, FirstResponse, Resolution, TicketsShare,
        ValueV, CustomerModel, Holdout, AtRisk,
        FunnelCounts, WeightedPipeline, WinRate, CycleWon, CycleClosed, FunnelStages,
        StageProbabilities, WonByMonth,
        ForecastHoltWinters, ForecastDampedHolt, ForecastMean, ForecastNone,
        Potential, Satisfaction, Loyalty,
        Rfm, TopCustomers, CustomerList,
        CustomersBy, DealsBy, OrdersBy, TicketsBy, SnapshotBy, ResponsesBy,
        CustomerRevenue, CustomerOrders, CustomerAov, CustomerRfm, CustomerValueV,
        CustomerPAlive, CustomerSatisfaction, CustomerClv, CustomerRecords, ImportChanges,
    }
}

vocabulary! {
    /// A parameter's name, or a word given as its value. Its words are in the catalogue.
    pub enum Term {
        AsOf, From, To, End, ChurnWindowDays, PredictionDays, ClvMonths, DiscountRate,
        Probabilities, ClosedDeals, MinClosedDeals, HorizonMonths, BacktestMonths, Scale,
        RevenueDuring, RevenueBefore, OutsidePeriod, LeftOut, DatedWithoutOpening,
        SegmentOwnerFilters, OwnerFilter, Model, BgNbd, GammaGamma, Converged, Customers,
        DistinctTriples, DistinctPairs, LogLikelihood, Column, RfmBins, AtRiskBelow,
        Learned, DefaultProbabilities, LogScale, Additive, NotAppliedToContacts,
        CampaignsHaveNoOwner, TicketsHaveNoOwner, NotFittedYet, TooFewRepeaters,
        Group, MonthsSince, Segment, Channel, Owner, Pick, CustomerId, Files,
    }
}

/// A parameter's value, formatted by the interface for its language.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// A date.
    Day(Day),
    /// A whole number of things.
    Count(u64),
    /// A plain number.
    Number(f64),
    /// A share (0.01 is 1 %).
    Rate(f64),
    /// A sum of money.
    Money(f64),
    /// Yes or no.
    Bool(bool),
    /// A word of the catalogue.
    Term(Term),
    /// Text from the data (a column's name).
    Text(String),
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Day(d) => s.serialize_str(&d.iso()),
            Shown::Count(n) => s.serialize_u64(*n),
            Shown::Number(v) | Shown::Rate(v) | Shown::Money(v) => s.serialize_f64(*v),
            Shown::Bool(b) => s.serialize_bool(*b),
            Shown::Term(t) => t.serialize(s),
            Shown::Text(t) => s.serialize_str(t),
        }
    }
}

impl From<Day> for Shown {
    fn from(d: Day) -> Shown {
        Shown::Day(d)
    }
}
impl From<u64> for Shown {
    fn from(n: u64) -> Shown {
        Shown::Count(n)
    }
}
impl From<usize> for Shown {
    fn from(n: usize) -> Shown {
        Shown::Count(n as u64)
    }
}
impl From<Term> for Shown {
    fn from(t: Term) -> Shown {
        Shown::Term(t)
    }
}
impl From<bool> for Shown {
    fn from(b: bool) -> Shown {
        Shown::Bool(b)
    }
}

/// One parameter of an explanation: its name, the model it belongs to (if any), its value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Param {
    /// What it is.
    pub name: Term,
    /// The model it describes (BG/NBD, Gamma-Gamma), when there are several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<Term>,
    /// Its value.
    pub value: Shown,
}

/// How a number was computed, for the UI's "how is this computed?".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The formula.
    pub formula: Formula,
    /// The parameters used, with their values (the period is `from` and `to`).
    pub params: Vec<Param>,
    /// How many records the number rests on.
    pub rows: usize,
    /// Records the number could have counted but leaves out, with why.
    pub left_out: Vec<LeftOut>,
}

/// Records a figure leaves out, and why (shown beside the figure).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeftOut {
    /// How many.
    pub records: usize,
    /// Why.
    pub reason: LeftOutReason,
}

/// Why a figure leaves records out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// Records without a date cannot be placed in a period with a start date (the whole
    /// history counts them).
    Undated,
}

/// Why undated records are left out of a period with a start date.
pub const UNDATED_REASON: LeftOutReason = LeftOutReason::Undated;

impl Explanation {
    /// An explanation with no parameters.
    pub fn new(formula: Formula, rows: usize) -> Explanation {
        Explanation {
            formula,
            params: Vec::new(),
            rows,
            left_out: Vec::new(),
        }
    }

    /// Notes `records` left out for `reason` (nothing when there are none).
    pub fn left_out(mut self, records: usize, reason: LeftOutReason) -> Explanation {
        if records > 0 {
            self.left_out.push(LeftOut { records, reason });
        }
        self
    }

    /// Adds a parameter.
    pub fn param(mut self, name: Term, value: impl Into<Shown>) -> Explanation {
        let value = value.into();
        self.params.push(Param {
            name,
            of: None,
            value,
        });
        self
    }

    /// Adds a parameter of one model among several.
    pub fn param_of(mut self, of: Term, name: Term, value: impl Into<Shown>) -> Explanation {
        let value = value.into();
        self.params.push(Param {
            name,
            of: Some(of),
            value,
        });
        self
    }

    /// Adds the period parameters.
    pub fn period(self, p: &Period) -> Explanation {
        self.param(Term::From, p.from).param(Term::To, p.to)
    }

    /// The value of parameter `name` (the first one so named).
    pub fn value(&self, name: Term) -> Option<&Shown> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.value)
    }
}

/// A value with its explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explained<T> {
    /// The value.
    pub value: T,
    /// How it was computed.
    pub explain: Explanation,
}
