//! The records of the six kinds ([`Kind`]): small `Copy` structs whose text fields are
//! [`Sym`]s, and the [`Symbols`] of each (for checking and moving them between interners).
//!
//! A text field is [`Sym::EMPTY`] and an `Option` is `None` when the file has no such
//! column or the cell is empty: a cell that cannot be read refuses its row instead.

use super::{Day, Money, Sym, Timestamp};
use serde::{Deserialize, Serialize};

/// A customer: a row of a customers file, or a placeholder for an id that other records name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// The CRM's id (text: leading zeros kept).
    pub id: Sym,
    /// Full name (or first + last joined when only those are given).
    pub name: Sym,
    /// First name, when the file has it.
    pub first_name: Sym,
    /// Last name, when the file has it.
    pub last_name: Sym,
    /// E-mail address; records without a customer id find their customer by it.
    pub email: Sym,
    /// Phone number, as written.
    pub phone: Sym,
    /// Gender, as written (breakdowns group by the file's own words).
    pub gender: Sym,
    /// Birth date; a file that gives an age instead fills `age`.
    pub birth_date: Option<Day>,
    /// Age in years, when the file gives an age instead of a birth date.
    pub age: Option<u16>,
    /// Company or account; records that name a customer by it (an accounts file's deals) match it.
    pub company: Sym,
    /// City, as written (a column of the customer list).
    pub city: Sym,
    /// Region / state / province.
    pub region: Sym,
    /// Country, as written (not normalised: `US` and `United States` are two values).
    pub country: Sym,
    /// Segment (e.g. Consumer, Enterprise).
    pub segment: Sym,
    /// Tags, as written in one cell (not split).
    pub tags: Sym,
    /// Signup / created date.
    pub signup: Option<Day>,
    /// Acquisition channel / source.
    pub channel: Sym,
    /// Owner (account manager).
    pub owner: Sym,
    /// Status, as written (e.g. active, churned).
    pub status: Sym,
    /// True when this record was created because orders/deals/tickets name a customer that no
    /// customers file described.
    pub placeholder: bool,
    /// Whole months as a customer, as a snapshot export states it (`tenure`).
    pub tenure_months: Option<u32>,
    /// Recurring charge per month (a subscription's MRR).
    pub monthly_charges: Option<Money>,
    /// Everything charged over the customer's lifetime, as the export states it.
    pub total_charges: Option<Money>,
    /// The day the customer left (cancelled, churned).
    pub churn_date: Option<Day>,
}

/// What a customer's status says about churn (read by `import::value::standing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// A current customer (active, subscribed, retained, a Churn column's "No").
    Active,
    /// A customer who left (churned, cancelled, lost, a Churn column's "Yes").
    Churned,
    /// Not a customer yet (lead, prospect, trial): neither kept nor lost.
    Prospect,
}

/// What happened to an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Completed / paid / shipped / delivered, or no status given.
    #[default]
    Completed,
    /// Refunded or returned: its amount is subtracted from net revenue.
    Refunded,
    /// Cancelled: not revenue.
    Cancelled,
    /// Pending / open / processing: not yet revenue.
    Pending,
}

/// An order (or one line of an order): the unit of revenue, dated and never without an amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Order id (text).
    pub id: Sym,
    /// The customer's id (text), matching `Customer::id`.
    pub customer: Sym,
    /// The day of the order; a row without a date is refused.
    pub date: Day,
    /// Product name, as written.
    pub product: Sym,
    /// Product category, as written (the Sales page's revenue by category).
    pub category: Sym,
    /// Quantity (1 when absent).
    pub quantity: f64,
    /// Unit price, when given.
    pub unit_price: Option<Money>,
    /// Line total: given, or unit price × quantity.
    pub amount: Money,
    /// Discount, when given.
    pub discount: Option<Money>,
    /// Sales channel, as written (the filter bar's channel).
    pub channel: Sym,
    /// The status as one of four meanings: what counts as revenue (see [`OrderStatus`]).
    pub status: OrderStatus,
    /// The status as written, beside its meaning (`EMPTY` when the file has none).
    pub status_text: Sym,
}

/// Where a deal stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DealOutcome {
    /// Still in the pipeline.
    #[default]
    Open,
    /// Closed won: it counts in the win rate and the won revenue.
    Won,
    /// Closed lost: it counts in the win rate, against.
    Lost,
}

/// A deal / opportunity in the pipeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    /// The deal's own id, when the file has one (`EMPTY` otherwise).
    pub id: Sym,
    /// The customer's id, or the account name when the file has no id.
    pub customer: Sym,
    /// Title / opportunity name.
    pub title: Sym,
    /// Owner / sales agent.
    pub owner: Sym,
    /// Stage, normalised (e.g. "Closed Won" for closedwon).
    pub stage: Sym,
    /// Open, won or lost (from the stage or a won/lost column).
    pub outcome: DealOutcome,
    /// Amount; an open deal without one counts as 0 in the pipeline, and the page says so.
    pub amount: Option<Money>,
    /// Stated probability in percent (0–100), when given.
    pub probability: Option<f32>,
    /// The day it was created: an open deal's day in periods, and where its sales cycle starts.
    pub created: Option<Day>,
    /// Expected close date; a "close date" column of an open deal lands here.
    pub expected_close: Option<Day>,
    /// Actual close date.
    pub closed: Option<Day>,
    /// Why it was lost, as written (usually only on lost deals).
    pub lost_reason: Sym,
}

/// A support ticket: its times and what the customer said of it (CSAT, NPS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// The ticket's own id (`EMPTY` when the file has none).
    pub id: Sym,
    /// The customer's id.
    pub customer: Sym,
    /// When it was opened.
    pub opened: Option<Timestamp>,
    /// When the first answer was sent: given, or the opening plus a minutes column.
    pub first_response: Option<Timestamp>,
    /// When it was resolved: given, or the opening plus a minutes column.
    pub resolved: Option<Timestamp>,
    /// Channel (email, chat, phone...).
    pub channel: Sym,
    /// Issue type, as written (the Support page's tickets by type).
    pub issue_type: Sym,
    /// Priority, as written (the Support page's tickets by priority).
    pub priority: Sym,
    /// Status, as written (open, solved…: not normalised).
    pub status: Sym,
    /// CSAT 1–5.
    pub csat: Option<u8>,
    /// NPS 0–10.
    pub nps: Option<u8>,
}

impl Ticket {
    /// The day the ticket counts on in periods: when it was opened; for files without an
    /// opening time, its first response, else its resolution.
    pub fn day(&self) -> Option<Day> {
        self.opened
            .or(self.first_response)
            .or(self.resolved)
            .map(Timestamp::day)
    }
}

/// A marketing campaign: its cost and the counts the tool reports, never negative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// The campaign's id; contacts (responses) name their campaign by it or by `name`.
    pub id: Sym,
    /// Name, as the marketing tool shows it.
    pub name: Sym,
    /// Channel, as written (the filter bar's channels select campaigns by it too).
    pub channel: Sym,
    /// First day; a campaign counts in the periods it overlaps.
    pub start: Option<Day>,
    /// Last day (inclusive).
    pub end: Option<Day>,
    /// What it cost (zero when the file gives no cost).
    pub cost: Money,
    /// Times shown, as the tool counts them.
    pub impressions: Option<u64>,
    /// Clicks, as the tool counts them (the conversion rate's base without an audience).
    pub clicks: Option<u64>,
    /// Leads it brought (the cost per lead's denominator).
    pub leads: Option<u64>,
    /// Conversions (in the treated audience).
    pub conversions: Option<u64>,
    /// Revenue attributed by the marketing tool.
    pub revenue: Option<Money>,
    /// Size of the treated audience.
    pub audience: Option<u64>,
    /// Size of the holdout (control) group.
    pub holdout: Option<u64>,
    /// Conversions in the holdout group (the control of the uplift).
    pub holdout_conversions: Option<u64>,
}

/// One contact of a campaign and what came of it: a Salesforce CampaignMember, a row of an
/// e-mail tool's or a HubSpot list's export, one customer of a test arm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The contact's or member's own id, when the file has one.
    pub id: Sym,
    /// The customer's id (or e-mail, or name), when the file names one.
    pub customer: Sym,
    /// The campaign, or the test arm (`Womens E-Mail`, `control`).
    pub campaign: Sym,
    /// When the contact was made (sent, called).
    pub date: Option<Day>,
    /// How the contact was made (e-mail, telephone).
    pub channel: Sym,
    /// Responded: opened, clicked, visited, replied.
    pub responded: Option<bool>,
    /// Converted: bought, subscribed, signed (a `y` yes/no outcome).
    pub converted: Option<bool>,
    /// What the contact spent or brought in.
    pub revenue: Option<Money>,
}

/// The record kinds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Customers / contacts: people or accounts, the records others refer to.
    #[default]
    Customers,
    /// Orders / sales lines.
    Orders,
    /// Deals / opportunities of a sales pipeline.
    Deals,
    /// Support tickets (helpdesk exports: Zendesk, Freshdesk…).
    Tickets,
    /// Marketing campaigns: one row per campaign, with its cost.
    Campaigns,
    /// Campaign contacts and their outcomes.
    Responses,
}

impl Kind {
    /// All kinds, in display order.
    pub const ALL: [Kind; 6] = [
        Kind::Customers,
        Kind::Orders,
        Kind::Deals,
        Kind::Tickets,
        Kind::Campaigns,
        Kind::Responses,
    ];

    /// Stable lowercase name (`customers`, `orders`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Orders => "orders",
            Kind::Deals => "deals",
            Kind::Tickets => "tickets",
            Kind::Campaigns => "campaigns",
            Kind::Responses => "responses",
        }
    }
}

/// Records whose text fields are [`Sym`]s; lets a loaded dataset be checked for symbols its
/// interner does not have (corrupt or hand-edited stored data).
pub trait Symbols {
    /// Calls `f` with every symbol of the record.
    fn symbols(&self, f: &mut dyn FnMut(Sym));
    /// Replaces every symbol with `f(symbol)` (moving a record to another interner).
    fn remap_symbols(&mut self, f: &mut dyn FnMut(Sym) -> Sym);
}

macro_rules! symbols {
    ($t:ty: $($field:ident),* $(,)?) => {
        impl Symbols for $t {
            fn symbols(&self, f: &mut dyn FnMut(Sym)) {
                $(f(self.$field);)*
            }
            fn remap_symbols(&mut self, f: &mut dyn FnMut(Sym) -> Sym) {
                $(self.$field = f(self.$field);)*
            }
        }
    };
}

symbols!(Customer: id, name, first_name, last_name, email, phone, gender, company, city, region, country, segment, tags, channel, owner, status);
symbols!(Order: id, customer, product, category, channel, status_text);
symbols!(Deal: id, customer, title, owner, stage, lost_reason);
symbols!(Ticket: id, customer, channel, issue_type, priority, status);
symbols!(Campaign: id, name, channel);
symbols!(Response: id, customer, campaign, channel);

impl Symbols for Sym {
    fn symbols(&self, f: &mut dyn FnMut(Sym)) {
        f(*self);
    }
    fn remap_symbols(&mut self, f: &mut dyn FnMut(Sym) -> Sym) {
        *self = f(*self);
    }
}
