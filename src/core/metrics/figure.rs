//! The figures a user can open to see the records that make them ([`Figure`]): the
//! headline figures ([`KpiId`]), the elements of charts ([`Chart`]), the funnel's stages,
//! the classes, cohorts and breakdown rows; [`super::rows_behind`] lists their records.

use super::explain::Formula;
use crate::model::{Change, Kind};
use serde::{Deserialize, Serialize};

/// A headline figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiId {
    /// Net revenue: its purchase and return lines in the period (Σ amount = the figure).
    NetRevenue,
    /// Gross sales: purchase and refunded lines.
    GrossSales,
    /// Refunds: refunded and return lines (Σ refunded amount − Σ return amount).
    Refunds,
    /// Orders: the purchase line that counts each order (its first line).
    Orders,
    /// Average order value: the revenue lines (Σ amount / their orders).
    Aov,
    /// Order lines that are not revenue: cancelled and pending.
    NotRevenue,
    /// Customers known at the period end.
    CustomersKnown,
    /// Customers with a purchase in the period.
    CustomersActive,
    /// Customers whose first purchase falls in the period.
    CustomersNew,
    /// Customers with two orders or more in the period (the repeat rate's numerator).
    RepeatCustomers,
    /// Customers who bought in the earlier churn window and not in the later one.
    ChurnedCustomers,
    /// The deals the funnel counts.
    Deals,
    /// Open deals (the pipeline).
    OpenDeals,
    /// Won deals.
    WonDeals,
    /// Lost deals.
    LostDeals,
    /// Won and lost deals (the win rate's denominator).
    ClosedDeals,
    /// Won deals with a sales cycle (created and closed dates).
    CycleWon,
    /// Closed deals with a sales cycle.
    CycleClosed,
    /// Tickets opened in the period.
    Tickets,
    /// Tickets with a first response time.
    FirstResponded,
    /// Tickets with a resolution time.
    Resolved,
    /// Tickets with a CSAT score.
    CsatRated,
    /// Tickets with an NPS score.
    NpsRated,
    /// Tickets open at as-of.
    Backlog,
    /// Campaigns of the period (the marketing cost).
    Campaigns,
    /// Campaign contacts of the period.
    Contacts,
    /// The customers a snapshot counts.
    SnapshotCustomers,
    /// Of them, active.
    SnapshotActive,
    /// Of them, churned.
    SnapshotChurned,
    /// Active customers with a monthly charge (the MRR).
    Paying,
}

impl KpiId {
    /// Every headline figure.
    pub const ALL: [KpiId; 30] = [
        KpiId::NetRevenue,
        KpiId::GrossSales,
        KpiId::Refunds,
        KpiId::Orders,
        KpiId::Aov,
        KpiId::NotRevenue,
        KpiId::CustomersKnown,
        KpiId::CustomersActive,
        KpiId::CustomersNew,
        KpiId::RepeatCustomers,
        KpiId::ChurnedCustomers,
        KpiId::Deals,
        KpiId::OpenDeals,
        KpiId::WonDeals,
        KpiId::LostDeals,
        KpiId::ClosedDeals,
        KpiId::CycleWon,
        KpiId::CycleClosed,
        KpiId::Tickets,
        KpiId::FirstResponded,
        KpiId::Resolved,
        KpiId::CsatRated,
        KpiId::NpsRated,
        KpiId::Backlog,
        KpiId::Campaigns,
        KpiId::Contacts,
        KpiId::SnapshotCustomers,
        KpiId::SnapshotActive,
        KpiId::SnapshotChurned,
        KpiId::Paying,
    ];

    /// Its formula (that of the figure it opens).
    pub fn formula(self) -> Formula {
        match self {
            KpiId::NetRevenue => Formula::NetRevenue,
            KpiId::GrossSales => Formula::GrossSales,
            KpiId::Refunds => Formula::Refunds,
            KpiId::Orders => Formula::Orders,
            KpiId::Aov => Formula::Aov,
            KpiId::NotRevenue => Formula::OrderStatus,
            KpiId::CustomersKnown => Formula::CustomersTotal,
            KpiId::CustomersActive => Formula::CustomersActive,
            KpiId::CustomersNew => Formula::CustomersNew,
            KpiId::RepeatCustomers => Formula::RepeatRate,
            KpiId::ChurnedCustomers => Formula::Churn,
            KpiId::Deals | KpiId::OpenDeals | KpiId::WonDeals | KpiId::LostDeals => {
                Formula::FunnelCounts
            }
            KpiId::ClosedDeals => Formula::WinRate,
            KpiId::CycleWon => Formula::CycleWon,
            KpiId::CycleClosed => Formula::CycleClosed,
            KpiId::Tickets => Formula::TicketsOpened,
            KpiId::FirstResponded => Formula::FirstResponse,
            KpiId::Resolved => Formula::Resolution,
            KpiId::CsatRated => Formula::Csat,
            KpiId::NpsRated => Formula::Nps,
            KpiId::Backlog => Formula::Backlog,
            KpiId::Campaigns => Formula::MarketingCost,
            KpiId::Contacts => Formula::Responses,
            KpiId::SnapshotCustomers | KpiId::SnapshotActive | KpiId::SnapshotChurned => {
                Formula::SnapshotCounts
            }
            KpiId::Paying => Formula::Mrr,
        }
    }

    /// Its name in English (an export's first line).
    pub fn name(self) -> &'static str {
        match self {
            KpiId::NetRevenue => "net revenue",
            KpiId::GrossSales => "gross sales",
            KpiId::Refunds => "refunds",
            KpiId::Orders => "orders",
            KpiId::Aov => "average order value",
            KpiId::NotRevenue => "cancelled and pending order lines",
            KpiId::CustomersKnown => "customers",
            KpiId::CustomersActive => "customers with a purchase",
            KpiId::CustomersNew => "new customers",
            KpiId::RepeatCustomers => "repeat customers",
            KpiId::ChurnedCustomers => "churned customers",
            KpiId::Deals => "deals",
            KpiId::OpenDeals => "open deals",
            KpiId::WonDeals => "won deals",
            KpiId::LostDeals => "lost deals",
            KpiId::ClosedDeals => "closed deals",
            KpiId::CycleWon => "sales cycle of won deals",
            KpiId::CycleClosed => "sales cycle of closed deals",
            KpiId::Tickets => "tickets opened",
            KpiId::FirstResponded => "tickets with a first response",
            KpiId::Resolved => "tickets resolved",
            KpiId::CsatRated => "tickets with a CSAT score",
            KpiId::NpsRated => "tickets with an NPS score",
            KpiId::Backlog => "backlog",
            KpiId::Campaigns => "campaigns",
            KpiId::Contacts => "campaign contacts",
            KpiId::SnapshotCustomers => "snapshot customers",
            KpiId::SnapshotActive => "active customers (snapshot)",
            KpiId::SnapshotChurned => "churned customers (snapshot)",
            KpiId::Paying => "paying customers (MRR)",
        }
    }
}

/// A chart whose elements open their records, each element by its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Chart {
    /// Net revenue per month (`YYYY-MM`).
    RevenueByMonth,
    /// Orders per month (`YYYY-MM`).
    OrdersByMonth,
    /// Net revenue per week (its Monday, `YYYY-MM-DD`).
    RevenueByWeek,
    /// Net revenue per category (`(none)` for lines without one).
    RevenueByCategory,
    /// Net revenue per sales channel (`(none)` for lines without one).
    RevenueByChannel,
    /// Won amount per month of the close date (else created).
    WonByMonth,
    /// Tickets per month opened.
    TicketsByMonth,
    /// Tickets per issue type (`(none)`: without one).
    TicketsByType,
    /// Tickets per channel.
    TicketsByChannel,
    /// Tickets per priority.
    TicketsByPriority,
}

impl Chart {
    /// Every chart.
    pub const ALL: [Chart; 10] = [
        Chart::RevenueByMonth,
        Chart::OrdersByMonth,
        Chart::RevenueByWeek,
        Chart::RevenueByCategory,
        Chart::RevenueByChannel,
        Chart::WonByMonth,
        Chart::TicketsByMonth,
        Chart::TicketsByType,
        Chart::TicketsByChannel,
        Chart::TicketsByPriority,
    ];

    pub(crate) fn formula(self) -> Formula {
        match self {
            Chart::RevenueByMonth => Formula::RevenueByMonth,
            Chart::OrdersByMonth => Formula::OrdersByMonth,
            Chart::RevenueByWeek => Formula::RevenueByWeek,
            Chart::RevenueByCategory => Formula::RevenueByCategory,
            Chart::RevenueByChannel => Formula::RevenueByChannel,
            Chart::WonByMonth => Formula::WonByMonth,
            Chart::TicketsByMonth
            | Chart::TicketsByType
            | Chart::TicketsByChannel
            | Chart::TicketsByPriority => Formula::TicketsShare,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Chart::RevenueByMonth => "revenue by month",
            Chart::OrdersByMonth => "orders by month",
            Chart::RevenueByWeek => "revenue by week",
            Chart::RevenueByCategory => "revenue by category",
            Chart::RevenueByChannel => "revenue by channel",
            Chart::WonByMonth => "won amount by month",
            Chart::TicketsByMonth => "tickets by month",
            Chart::TicketsByType => "tickets by issue type",
            Chart::TicketsByChannel => "tickets by channel",
            Chart::TicketsByPriority => "tickets by priority",
        }
    }
}

/// A figure the user can open to see the records that make it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// A headline figure.
    Kpi(KpiId),
    /// One element of a chart, by its label.
    Element {
        /// The chart.
        chart: Chart,
        /// The element's label, as the chart's series has it.
        label: String,
    },
    /// A funnel row: an open stage by its name; `Won` and `Lost` by the deals' outcome
    /// (a stage named "Closed Won" is won).
    Stage(String),
    /// The customers of an RFM segment, by its name (`Champions`).
    RfmSegment(String),
    /// The customers of an ABC class (`A`, `B`, `C`).
    AbcClass(String),
    /// A cohort cell: the customers acquired in `month` (`YYYY-MM`) with a purchase
    /// `months_since` months later (0: the whole cohort).
    Cohort {
        /// The acquisition month.
        month: String,
        /// Months since it.
        months_since: u32,
    },
    /// A breakdown row: the records of `kind` a breakdown counts (`customers_by`,
    /// `orders_by`, `deals_by`, `tickets_by`, `responses_by`; the campaigns of the period)
    /// whose `column` has the group label `label`.
    Breakdown {
        /// The records broken down.
        kind: Kind,
        /// The column.
        column: String,
        /// The group's label (`""`: no value).
        label: String,
    },
    /// A row of the snapshot's breakdown (`snapshot_by`).
    SnapshotGroup {
        /// The customer column.
        column: String,
        /// The group's label.
        label: String,
    },
    /// A campaign's row (by id, else name): the customers whose first purchase falls in
    /// its window (its new customers, the CAC's denominator).
    Campaign(String),
    /// The contacts of a campaign or test arm, by its name.
    Arm(String),
    /// The at-risk list: customers of the period whose P(alive) is below the threshold,
    /// by value at risk.
    AtRisk,
    /// The top customers by net revenue in the period.
    TopCustomers,
    /// A customer's records of one kind that the filter keeps in its period (their page).
    Customer {
        /// The customer's id.
        id: String,
        /// Which of their records.
        kind: Kind,
    },
    /// A line of "What changed" of an import of the dataset's history (by its place, the
    /// oldest 0): its rows, whatever the filter.
    Change {
        /// The import's place in the history.
        import: usize,
        /// The line.
        change: Change,
    },
}

impl Figure {
    /// The figure as a URL query value (its JSON, e.g. `{"kpi":"net_revenue"}` or
    /// `{"stage":"Closed Won"}`).
    pub fn to_query(&self) -> String {
        serde_json::to_string(self).expect("a figure serialises")
    }

    /// The figure a query value names; `None` for anything else.
    pub fn from_query(text: &str) -> Option<Figure> {
        serde_json::from_str(text).ok()
    }

    /// What it is, in English (an export's first line).
    pub fn describe(&self) -> String {
        match self {
            Figure::Kpi(k) => k.name().to_string(),
            Figure::Element { chart, label } => format!("{}: {label}", chart.name()),
            Figure::Stage(s) => format!("funnel stage: {s}"),
            Figure::RfmSegment(s) => format!("RFM segment: {s}"),
            Figure::AbcClass(c) => format!("ABC class: {c}"),
            Figure::Cohort {
                month,
                months_since,
            } => format!("cohort {month}, {months_since} months since"),
            Figure::Breakdown {
                kind,
                column,
                label,
            } => format!("{} by {column}: {label}", kind.as_str()),
            Figure::SnapshotGroup { column, label } => format!("snapshot by {column}: {label}"),
            Figure::Campaign(c) => format!("new customers of campaign {c}"),
            Figure::Arm(a) => format!("contacts of {a}"),
            Figure::AtRisk => "customers at risk".to_string(),
            Figure::TopCustomers => "top customers".to_string(),
            Figure::Customer { id, kind } => format!("{} of customer {id}", kind.as_str()),
            Figure::Change { import, change } => {
                format!("import {}: {}", import + 1, change.describe())
            }
        }
    }
}
