//! The records of the six kinds ([`Kind`]): small `Copy` structs whose text fields are
//! [`Sym`]s, and the [`Symbols`] of each (for checking and moving them between interners).

use super::{Day, Money, Sym, Timestamp};
use serde::{Deserialize, Serialize};

/// A customer.
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
    /// E-mail address.
    pub email: Sym,
    /// Phone number, as written.
    pub phone: Sym,
    /// Gender, as written.
    pub gender: Sym,
    /// Birth date.
    pub birth_date: Option<Day>,
    /// Age in years, when the file gives an age instead of a birth date.
    pub age: Option<u16>,
    /// Company / account.
    pub company: Sym,
    /// City.
    pub city: Sym,
    /// Region / state / province.
    pub region: Sym,
    /// Country.
    pub country: Sym,
    /// Segment (e.g. Consumer, Enterprise).
    pub segment: Sym,
    /// Tags, as written.
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

/// What a customer's status says about churn (see [`crate::import::value::standing`]).
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

/// An order (or one line of an order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Order id (text).
    pub id: Sym,
    /// The customer's id (text), matching `Customer::id`.
    pub customer: Sym,
    /// Order date.
    pub date: Day,
    /// Product name.
    pub product: Sym,
    /// Product category.
    pub category: Sym,
    /// Quantity (1 when absent).
    pub quantity: f64,
    /// Unit price, when given.
    pub unit_price: Option<Money>,
    /// Line total: given, or unit price × quantity.
    pub amount: Money,
    /// Discount, when given.
    pub discount: Option<Money>,
    /// Sales channel.
    pub channel: Sym,
    /// Normalised status.
    pub status: OrderStatus,
    /// The status as written.
    pub status_text: Sym,
}

/// Where a deal stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DealOutcome {
    /// Still in the pipeline.
    #[default]
    Open,
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
}

/// A deal / opportunity in the pipeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    /// Deal id.
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
    /// Amount / value.
    pub amount: Option<Money>,
    /// Stated probability in percent (0–100), when given.
    pub probability: Option<f32>,
    /// Created date.
    pub created: Option<Day>,
    /// Expected close date.
    pub expected_close: Option<Day>,
    /// Actual close date.
    pub closed: Option<Day>,
    /// Lost reason.
    pub lost_reason: Sym,
}

/// A support ticket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// Ticket id.
    pub id: Sym,
    /// The customer's id.
    pub customer: Sym,
    /// When it was opened.
    pub opened: Option<Timestamp>,
    /// First response.
    pub first_response: Option<Timestamp>,
    /// Resolution.
    pub resolved: Option<Timestamp>,
    /// Channel (email, chat, phone...).
    pub channel: Sym,
    /// Issue type.
    pub issue_type: Sym,
    /// Priority.
    pub priority: Sym,
    /// Status, as written.
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

/// A marketing campaign.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// Campaign id.
    pub id: Sym,
    /// Name.
    pub name: Sym,
    /// Channel.
    pub channel: Sym,
    /// First day.
    pub start: Option<Day>,
    /// Last day (inclusive).
    pub end: Option<Day>,
    /// Cost.
    pub cost: Money,
    /// Impressions.
    pub impressions: Option<u64>,
    /// Clicks.
    pub clicks: Option<u64>,
    /// Leads.
    pub leads: Option<u64>,
    /// Conversions (in the treated audience).
    pub conversions: Option<u64>,
    /// Revenue attributed by the marketing tool.
    pub revenue: Option<Money>,
    /// Size of the treated audience.
    pub audience: Option<u64>,
    /// Size of the holdout (control) group.
    pub holdout: Option<u64>,
    /// Conversions in the holdout group.
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
    /// Customers / contacts.
    #[default]
    Customers,
    /// Orders / sales lines.
    Orders,
    /// Deals / opportunities.
    Deals,
    /// Support tickets.
    Tickets,
    /// Marketing campaigns.
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
