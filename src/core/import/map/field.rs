//! The mapping's targets: every [`Field`] of the record kinds, its name and how its cells
//! are read, from one table ([`FIELDS`]), and the fields of each kind in display order.

use crate::model::Kind;

/// A field of one of the six record kinds, as a mapping target: its canonical name and how
/// its cells are read are in [`FIELDS`]. Most fields fill the record field of the same name
/// (documented in [`crate::model`]), so a variant has a doc only where it says more: the
/// kinds it belongs to, or a column that is read into another field.
#[allow(missing_docs)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The record's own id (text).
    Id,
    /// The customer's id (orders, deals, tickets).
    CustomerId,
    /// The customer's e-mail, used as the customer reference when there is no id.
    CustomerEmail,
    /// The customer's or account's name, used as the reference when there is no id or e-mail.
    CustomerName,
    /// Full name (customers) or campaign name.
    Name,
    FirstName,
    LastName,
    Email,
    Phone,
    Gender,
    BirthDate,
    Age,
    Company,
    City,
    Region,
    Country,
    Segment,
    Tags,
    /// Signup / created date (customers).
    Signup,
    Channel,
    Owner,
    Status,
    /// Churned yes/no (customers): sets the status to `churned` or `active`.
    Churned,
    /// Whole months as a customer (a snapshot's `tenure`).
    Tenure,
    /// Days as a customer (read as whole months: days / 30.4375, rounded down).
    TenureDays,
    /// Recurring charge per month (MRR of the customer).
    MonthlyCharges,
    /// Everything charged over the customer's lifetime.
    TotalCharges,
    /// The day the customer left (cancelled, churned).
    ChurnDate,
    /// An order's date.
    Date,
    Product,
    Category,
    Quantity,
    UnitPrice,
    /// Amount / total / value.
    Amount,
    /// Discount (money, or `%` of the line).
    Discount,
    /// A deal's title.
    Title,
    /// A deal's stage, normalised ([`normalize_stage`](crate::import::normalize_stage)).
    Stage,
    /// Deal won yes/no.
    Won,
    /// Deal status (`open`/`won`/`lost`, Pipedrive): decides the outcome.
    DealStatus,
    /// A deal's stated probability, in percent.
    Probability,
    /// Deal created date.
    Created,
    ExpectedClose,
    /// "Close date" as CRMs export it: the closed date of a won/lost deal, the expected
    /// close date of an open one.
    CloseDate,
    /// Actual close date.
    Closed,
    LostReason,
    /// Ticket opened at.
    Opened,
    /// A ticket's first response, a date and time.
    FirstResponse,
    /// A ticket's resolution, a date and time.
    Resolved,
    /// Minutes from opening to first response (Zendesk).
    FirstResponseMinutes,
    /// Minutes from opening to resolution (Zendesk).
    ResolutionMinutes,
    IssueType,
    Priority,
    /// CSAT 1–5.
    Csat,
    /// NPS 0–10.
    Nps,
    /// A campaign's first day.
    Start,
    /// A campaign's last day (inclusive).
    End,
    /// A campaign's cost.
    Cost,
    Impressions,
    Clicks,
    Leads,
    Conversions,
    /// Revenue: a campaign's attributed revenue, or a contact's (responses).
    Revenue,
    Audience,
    Holdout,
    HoldoutConversions,
    /// The campaign or test arm a contact belongs to (responses).
    Campaign,
    /// When the contact was made (responses).
    ContactDate,
    /// Responded, opened, clicked or visited yes/no (responses).
    Responded,
    /// Converted yes/no (responses; a `y` outcome).
    Converted,
}

/// How a field's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// Kept as written (ids, phones and postcodes keep their leading zeros).
    Text,
    /// A date, its day/month order decided once for the whole column.
    Date,
    /// A date with an optional time of day (midnight when it has none).
    DateTime,
    /// An exact amount, 4 decimals ([`Number`](crate::import::Number), read as money).
    Money,
    /// A decimal number (quantity, probability, minutes).
    Number,
    /// A whole number (counts, age, scores).
    Integer,
    /// Yes/no.
    Bool,
}

/// Every field's canonical name (also the template header) and how its cells are read, in
/// the order the enum declares them: `FIELDS[field as usize]` is the row of `field`
/// (checked when the crate compiles, below).
const FIELDS: [(Field, &str, ValueType); 69] = [
    (Field::Id, "id", ValueType::Text),
    (Field::CustomerId, "customer_id", ValueType::Text),
    (Field::CustomerEmail, "customer_email", ValueType::Text),
    (Field::CustomerName, "customer_name", ValueType::Text),
    (Field::Name, "name", ValueType::Text),
    (Field::FirstName, "first_name", ValueType::Text),
    (Field::LastName, "last_name", ValueType::Text),
    (Field::Email, "email", ValueType::Text),
    (Field::Phone, "phone", ValueType::Text),
    (Field::Gender, "gender", ValueType::Text),
    (Field::BirthDate, "birth_date", ValueType::Date),
    (Field::Age, "age", ValueType::Integer),
    (Field::Company, "company", ValueType::Text),
    (Field::City, "city", ValueType::Text),
    (Field::Region, "region", ValueType::Text),
    (Field::Country, "country", ValueType::Text),
    (Field::Segment, "segment", ValueType::Text),
    (Field::Tags, "tags", ValueType::Text),
    (Field::Signup, "signup_date", ValueType::Date),
    (Field::Channel, "channel", ValueType::Text),
    (Field::Owner, "owner", ValueType::Text),
    (Field::Status, "status", ValueType::Text),
    (Field::Churned, "churned", ValueType::Bool),
    (Field::Tenure, "tenure_months", ValueType::Number),
    (Field::TenureDays, "tenure_days", ValueType::Number),
    (Field::MonthlyCharges, "monthly_charges", ValueType::Money),
    (Field::TotalCharges, "total_charges", ValueType::Money),
    (Field::ChurnDate, "churn_date", ValueType::Date),
    (Field::Date, "order_date", ValueType::Date),
    (Field::Product, "product", ValueType::Text),
    (Field::Category, "category", ValueType::Text),
    (Field::Quantity, "quantity", ValueType::Number),
    (Field::UnitPrice, "unit_price", ValueType::Money),
    (Field::Amount, "amount", ValueType::Money),
    (Field::Discount, "discount", ValueType::Money),
    (Field::Title, "title", ValueType::Text),
    (Field::Stage, "stage", ValueType::Text),
    (Field::Won, "won", ValueType::Bool),
    (Field::DealStatus, "deal_status", ValueType::Text),
    (Field::Probability, "probability", ValueType::Number),
    (Field::Created, "created_date", ValueType::Date),
    (Field::ExpectedClose, "expected_close_date", ValueType::Date),
    (Field::CloseDate, "close_date", ValueType::Date),
    (Field::Closed, "closed_date", ValueType::Date),
    (Field::LostReason, "lost_reason", ValueType::Text),
    (Field::Opened, "opened_at", ValueType::DateTime),
    (
        Field::FirstResponse,
        "first_response_at",
        ValueType::DateTime,
    ),
    (Field::Resolved, "resolved_at", ValueType::DateTime),
    (
        Field::FirstResponseMinutes,
        "first_response_minutes",
        ValueType::Number,
    ),
    (
        Field::ResolutionMinutes,
        "resolution_minutes",
        ValueType::Number,
    ),
    (Field::IssueType, "issue_type", ValueType::Text),
    (Field::Priority, "priority", ValueType::Text),
    (Field::Csat, "satisfaction", ValueType::Integer),
    (Field::Nps, "nps", ValueType::Integer),
    (Field::Start, "start_date", ValueType::Date),
    (Field::End, "end_date", ValueType::Date),
    (Field::Cost, "cost", ValueType::Money),
    (Field::Impressions, "impressions", ValueType::Integer),
    (Field::Clicks, "clicks", ValueType::Integer),
    (Field::Leads, "leads", ValueType::Integer),
    (Field::Conversions, "conversions", ValueType::Integer),
    (Field::Revenue, "revenue", ValueType::Money),
    (Field::Audience, "audience", ValueType::Integer),
    (Field::Holdout, "holdout", ValueType::Integer),
    (
        Field::HoldoutConversions,
        "holdout_conversions",
        ValueType::Integer,
    ),
    (Field::Campaign, "campaign", ValueType::Text),
    (Field::ContactDate, "contact_date", ValueType::Date),
    (Field::Responded, "responded", ValueType::Bool),
    (Field::Converted, "converted", ValueType::Bool),
];

const _: () = {
    let mut i = 0;
    while i < FIELDS.len() {
        assert!(FIELDS[i].0 as usize == i, "FIELDS is in the enum's order");
        i += 1;
    }
    assert!(
        Field::Converted as usize + 1 == FIELDS.len(),
        "FIELDS has every field"
    );
};

const CUSTOMER_FIELDS: &[Field] = &[
    Field::Id,
    Field::Name,
    Field::FirstName,
    Field::LastName,
    Field::Email,
    Field::Phone,
    Field::Gender,
    Field::BirthDate,
    Field::Age,
    Field::Company,
    Field::City,
    Field::Region,
    Field::Country,
    Field::Segment,
    Field::Tags,
    Field::Signup,
    Field::Channel,
    Field::Owner,
    Field::Status,
    Field::Churned,
    Field::Tenure,
    Field::TenureDays,
    Field::MonthlyCharges,
    Field::TotalCharges,
    Field::ChurnDate,
];

const ORDER_FIELDS: &[Field] = &[
    Field::Id,
    Field::CustomerId,
    Field::CustomerEmail,
    Field::CustomerName,
    Field::Date,
    Field::Product,
    Field::Category,
    Field::Quantity,
    Field::UnitPrice,
    Field::Amount,
    Field::Discount,
    Field::Channel,
    Field::Status,
];

const DEAL_FIELDS: &[Field] = &[
    Field::Id,
    Field::CustomerId,
    Field::CustomerEmail,
    Field::CustomerName,
    Field::Title,
    Field::Owner,
    Field::Stage,
    Field::DealStatus,
    Field::Won,
    Field::Amount,
    Field::Probability,
    Field::Created,
    Field::ExpectedClose,
    Field::CloseDate,
    Field::Closed,
    Field::LostReason,
];

const TICKET_FIELDS: &[Field] = &[
    Field::Id,
    Field::CustomerId,
    Field::CustomerEmail,
    Field::CustomerName,
    Field::Opened,
    Field::FirstResponse,
    Field::Resolved,
    Field::FirstResponseMinutes,
    Field::ResolutionMinutes,
    Field::Channel,
    Field::IssueType,
    Field::Priority,
    Field::Status,
    Field::Csat,
    Field::Nps,
];

const CAMPAIGN_FIELDS: &[Field] = &[
    Field::Id,
    Field::Name,
    Field::Channel,
    Field::Start,
    Field::End,
    Field::Cost,
    Field::Impressions,
    Field::Clicks,
    Field::Leads,
    Field::Conversions,
    Field::Revenue,
    Field::Audience,
    Field::Holdout,
    Field::HoldoutConversions,
];

const RESPONSE_FIELDS: &[Field] = &[
    Field::Id,
    Field::CustomerId,
    Field::CustomerEmail,
    Field::CustomerName,
    Field::Campaign,
    Field::ContactDate,
    Field::Channel,
    Field::Responded,
    Field::Converted,
    Field::Revenue,
];

impl Field {
    /// The row of [`FIELDS`] describing this field.
    fn row(self) -> &'static (Field, &'static str, ValueType) {
        &FIELDS[self as usize]
    }

    /// The canonical column name (also the template header).
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// How its cells are read.
    pub fn value_type(self) -> ValueType {
        self.row().2
    }

    /// True for a text field read as the file writes it, edge spaces included: names, free
    /// text and categories, which a user reads and exports. Every other field is read
    /// without its edge spaces: typed values, the keys that join records (ids, e-mail
    /// addresses, a record's customer) and the words that are interpreted (statuses,
    /// stages).
    pub fn as_written(self) -> bool {
        use Field::*;
        let key = matches!(
            self,
            Id | CustomerId | CustomerEmail | CustomerName | Email | Status | Stage | DealStatus
        );
        self.value_type() == ValueType::Text && !key
    }

    /// The fields of a kind, in display order (the mapping screen's rows, the template's
    /// columns). The orders differ from kind to kind (an order's channel comes after its
    /// amount, a customer's before its owner, a deal's owner before its amount), so each
    /// kind lists its own fields rather than filtering [`FIELDS`].
    pub fn of(kind: Kind) -> &'static [Field] {
        match kind {
            Kind::Customers => CUSTOMER_FIELDS,
            Kind::Orders => ORDER_FIELDS,
            Kind::Deals => DEAL_FIELDS,
            Kind::Tickets => TICKET_FIELDS,
            Kind::Campaigns => CAMPAIGN_FIELDS,
            Kind::Responses => RESPONSE_FIELDS,
        }
    }

    /// The field of `kind` called `name` (see [`Field::name`]).
    pub fn from_name(kind: Kind, name: &str) -> Option<Field> {
        Field::of(kind).iter().copied().find(|f| f.name() == name)
    }

    /// How much a match on this field says about the kind (shared fields say little).
    pub(super) fn weight(self) -> u32 {
        use Field::*;
        match self {
            Id | CustomerId | CustomerEmail | CustomerName | Name | Channel | Status | Owner
            | Amount | Title => 1,
            _ => 2,
        }
    }
}
