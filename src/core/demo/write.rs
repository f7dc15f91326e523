//! A dataset's table as CSV with the importer's canonical headers (those of
//! [`template_csv`](crate::import::template_csv)), so that the file imports back
//! automatically into the same records.

use crate::import::Field;
use crate::model::{
    Campaign, Customer, Dataset, Day, Deal, DealOutcome, Kind, Money, Order, OrderStatus, Response,
    Table, Ticket, Timestamp,
};
use std::fmt::Write as _;

/// Writes one cell of a record into the buffer.
type Getter<T> = fn(&Dataset, &T, &mut String);

/// Writes the table of `kind` as CSV (comma-separated, LF line ends, no BOM): a header row
/// of canonical names (`customer_id`, `order_date`, `amount`…, then the table's extra
/// columns) and one row per record. Dates are ISO (`2026-06-30`), times
/// `2026-06-30 14:05:00`, money exact with at least two decimals; missing values are empty.
/// Every field of the model is written, so importing the file gives the same records.
pub fn to_csv(ds: &Dataset, kind: Kind) -> String {
    match kind {
        Kind::Customers => write(ds, &ds.customers, "customer_id", CUSTOMERS),
        Kind::Orders => write(ds, &ds.orders, "order_id", ORDERS),
        Kind::Deals => write(ds, &ds.deals, "deal_id", DEALS),
        Kind::Tickets => write(ds, &ds.tickets, "ticket_id", TICKETS),
        Kind::Campaigns => write(ds, &ds.campaigns, "campaign_id", CAMPAIGNS),
        Kind::Responses => write(ds, &ds.responses, "contact_id", RESPONSES),
    }
}

fn write<T>(ds: &Dataset, table: &Table<T>, id: &str, columns: &[(Field, Getter<T>)]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::with_capacity(table.len() * 128));
    let n_extra = table.extra_columns.len();
    let headers = columns
        .iter()
        .map(|(f, _)| if *f == Field::Id { id } else { f.name() })
        .chain(table.extra_columns.iter().map(|c| ds.str(*c)));
    w.write_record(headers).expect("writing to memory");
    let mut cell = String::new();
    for (i, row) in table.rows.iter().enumerate() {
        for (_, get) in columns {
            cell.clear();
            get(ds, row, &mut cell);
            w.write_field(&cell).expect("writing to memory");
        }
        for v in &table.extra_values[i * n_extra..(i + 1) * n_extra] {
            w.write_field(ds.str(*v)).expect("writing to memory");
        }
        w.write_record(None::<&[u8]>).expect("writing to memory");
    }
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
}

fn day(d: Option<Day>, out: &mut String) {
    if let Some(d) = d {
        let (y, m, dd) = d.ymd();
        let _ = write!(out, "{y:04}-{m:02}-{dd:02}");
    }
}

fn time(t: Option<Timestamp>, out: &mut String) {
    if let Some(t) = t {
        day(Some(t.day()), out);
        let s = t.0.rem_euclid(Timestamp::DAY);
        let _ = write!(out, " {:02}:{:02}:{:02}", s / 3_600, s / 60 % 60, s % 60);
    }
}

/// Exact decimal: `12.50`, `0.0125`, `-3.00`.
fn money(m: Option<Money>, out: &mut String) {
    if let Some(Money(v)) = m {
        let sign = if v < 0 { "-" } else { "" };
        let (units, frac) = (v.unsigned_abs() / 10_000, v.unsigned_abs() % 10_000);
        if frac % 100 == 0 {
            let _ = write!(out, "{sign}{units}.{:02}", frac / 100);
        } else {
            let digits = format!("{frac:04}");
            let _ = write!(out, "{sign}{units}.{}", digits.trim_end_matches('0'));
        }
    }
}

fn number(v: Option<f64>, out: &mut String) {
    if let Some(v) = v {
        let _ = write!(out, "{v}");
    }
}

fn int<T: std::fmt::Display>(v: Option<T>, out: &mut String) {
    if let Some(v) = v {
        let _ = write!(out, "{v}");
    }
}

macro_rules! text {
    ($t:ty, $field:ident) => {
        (|ds: &Dataset, r: &$t, out: &mut String| out.push_str(ds.str(r.$field))) as Getter<$t>
    };
}

const CUSTOMERS: &[(Field, Getter<Customer>)] = &[
    (Field::Id, text!(Customer, id)),
    (Field::Name, text!(Customer, name)),
    (Field::FirstName, text!(Customer, first_name)),
    (Field::LastName, text!(Customer, last_name)),
    (Field::Email, text!(Customer, email)),
    (Field::Phone, text!(Customer, phone)),
    (Field::Gender, text!(Customer, gender)),
    (Field::BirthDate, |_, r, out| day(r.birth_date, out)),
    (Field::Age, |_, r, out| int(r.age, out)),
    (Field::Company, text!(Customer, company)),
    (Field::City, text!(Customer, city)),
    (Field::Region, text!(Customer, region)),
    (Field::Country, text!(Customer, country)),
    (Field::Segment, text!(Customer, segment)),
    (Field::Tags, text!(Customer, tags)),
    (Field::Signup, |_, r, out| day(r.signup, out)),
    (Field::Channel, text!(Customer, channel)),
    (Field::Owner, text!(Customer, owner)),
    (Field::Status, text!(Customer, status)),
    (Field::Tenure, |_, r, out| int(r.tenure_months, out)),
    (Field::MonthlyCharges, |_, r, out| {
        money(r.monthly_charges, out)
    }),
    (Field::TotalCharges, |_, r, out| money(r.total_charges, out)),
    (Field::ChurnDate, |_, r, out| day(r.churn_date, out)),
];

fn order_status(ds: &Dataset, r: &Order, out: &mut String) {
    if !r.status_text.is_empty() {
        out.push_str(ds.str(r.status_text));
    } else if r.status != OrderStatus::Completed {
        out.push_str(match r.status {
            OrderStatus::Refunded => "refunded",
            OrderStatus::Cancelled => "cancelled",
            _ => "pending",
        });
    }
}

const ORDERS: &[(Field, Getter<Order>)] = &[
    (Field::Id, text!(Order, id)),
    (Field::CustomerId, text!(Order, customer)),
    (Field::Date, |_, r, out| day(Some(r.date), out)),
    (Field::Product, text!(Order, product)),
    (Field::Category, text!(Order, category)),
    (Field::Quantity, |_, r, out| number(Some(r.quantity), out)),
    (Field::UnitPrice, |_, r, out| money(r.unit_price, out)),
    (Field::Amount, |_, r, out| money(Some(r.amount), out)),
    (Field::Discount, |_, r, out| money(r.discount, out)),
    (Field::Channel, text!(Order, channel)),
    (Field::Status, order_status),
];

const DEALS: &[(Field, Getter<Deal>)] = &[
    (Field::Id, text!(Deal, id)),
    (Field::CustomerId, text!(Deal, customer)),
    (Field::Title, text!(Deal, title)),
    (Field::Owner, text!(Deal, owner)),
    (Field::Stage, text!(Deal, stage)),
    (Field::DealStatus, |_, r, out| {
        out.push_str(match r.outcome {
            DealOutcome::Open => "open",
            DealOutcome::Won => "won",
            DealOutcome::Lost => "lost",
        })
    }),
    (Field::Amount, |_, r, out| money(r.amount, out)),
    (Field::Probability, |_, r, out| int(r.probability, out)),
    (Field::Created, |_, r, out| day(r.created, out)),
    (Field::ExpectedClose, |_, r, out| day(r.expected_close, out)),
    (Field::Closed, |_, r, out| day(r.closed, out)),
    (Field::LostReason, text!(Deal, lost_reason)),
];

const TICKETS: &[(Field, Getter<Ticket>)] = &[
    (Field::Id, text!(Ticket, id)),
    (Field::CustomerId, text!(Ticket, customer)),
    (Field::Opened, |_, r, out| time(r.opened, out)),
    (Field::FirstResponse, |_, r, out| {
        time(r.first_response, out)
    }),
    (Field::Resolved, |_, r, out| time(r.resolved, out)),
    (Field::Channel, text!(Ticket, channel)),
    (Field::IssueType, text!(Ticket, issue_type)),
    (Field::Priority, text!(Ticket, priority)),
    (Field::Status, text!(Ticket, status)),
    (Field::Csat, |_, r, out| int(r.csat, out)),
    (Field::Nps, |_, r, out| int(r.nps, out)),
];

fn yes_no(v: Option<bool>, out: &mut String) {
    if let Some(v) = v {
        out.push_str(if v { "yes" } else { "no" });
    }
}

const RESPONSES: &[(Field, Getter<Response>)] = &[
    (Field::Id, text!(Response, id)),
    (Field::CustomerId, text!(Response, customer)),
    (Field::Campaign, text!(Response, campaign)),
    (Field::ContactDate, |_, r, out| day(r.date, out)),
    (Field::Channel, text!(Response, channel)),
    (Field::Responded, |_, r, out| yes_no(r.responded, out)),
    (Field::Converted, |_, r, out| yes_no(r.converted, out)),
    (Field::Revenue, |_, r, out| money(r.revenue, out)),
];

const CAMPAIGNS: &[(Field, Getter<Campaign>)] = &[
    (Field::Id, text!(Campaign, id)),
    (Field::Name, text!(Campaign, name)),
    (Field::Channel, text!(Campaign, channel)),
    (Field::Start, |_, r, out| day(r.start, out)),
    (Field::End, |_, r, out| day(r.end, out)),
    (Field::Cost, |_, r, out| money(Some(r.cost), out)),
    (Field::Impressions, |_, r, out| int(r.impressions, out)),
    (Field::Clicks, |_, r, out| int(r.clicks, out)),
    (Field::Leads, |_, r, out| int(r.leads, out)),
    (Field::Conversions, |_, r, out| int(r.conversions, out)),
    (Field::Revenue, |_, r, out| money(r.revenue, out)),
    (Field::Audience, |_, r, out| int(r.audience, out)),
    (Field::Holdout, |_, r, out| int(r.holdout, out)),
    (Field::HoldoutConversions, |_, r, out| {
        int(r.holdout_conversions, out)
    }),
];
