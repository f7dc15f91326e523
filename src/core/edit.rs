//! Editing records by hand (the customer page's Add / Edit / Delete). Every function returns
//! a new dataset and leaves its input untouched, so the caller keeps the old one for Undo.

use crate::model::{Customer, Dataset, Kind, Sym};

/// A field of a customer's profile, as the interface names it (the words are in the
/// catalogue): each is the [`Customer`] field of the same name.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileField {
    Id,
    Name,
    Email,
    Phone,
    Company,
    City,
    Region,
    Country,
    Segment,
    Channel,
    Owner,
    Status,
    Tags,
}

impl ProfileField {
    /// Every field, in the profile's order.
    pub const ALL: [ProfileField; 13] = [
        ProfileField::Id,
        ProfileField::Name,
        ProfileField::Email,
        ProfileField::Phone,
        ProfileField::Company,
        ProfileField::City,
        ProfileField::Region,
        ProfileField::Country,
        ProfileField::Segment,
        ProfileField::Channel,
        ProfileField::Owner,
        ProfileField::Status,
        ProfileField::Tags,
    ];
}

/// The editable text fields of a customer, each the [`Customer`] field of the same name as
/// text: trimmed when applied, an empty one clears the field.
#[allow(missing_docs)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerFields {
    /// Customer id (required, unique).
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub city: String,
    pub country: String,
    pub segment: String,
    pub owner: String,
    pub status: String,
}

impl CustomerFields {
    /// The fields of an existing customer.
    pub fn of(ds: &Dataset, c: &Customer) -> CustomerFields {
        let s = |sym: Sym| ds.str(sym).to_string();
        CustomerFields {
            id: s(c.id),
            name: s(c.name),
            email: s(c.email),
            phone: s(c.phone),
            company: s(c.company),
            city: s(c.city),
            country: s(c.country),
            segment: s(c.segment),
            owner: s(c.owner),
            status: s(c.status),
        }
    }
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The id is empty (or only spaces).
    MissingId,
    /// Another customer has this id.
    DuplicateId(String),
    /// No customer has this id.
    NotFound(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::MissingId => write!(f, "a customer needs an ID"),
            EditError::DuplicateId(id) => write!(f, "another customer already has the ID {id:?}"),
            EditError::NotFound(id) => write!(f, "no customer has the ID {id:?}"),
        }
    }
}

impl std::error::Error for EditError {}

fn position(ds: &Dataset, id: &str) -> Option<usize> {
    let sym = ds.strings.lookup(id)?;
    ds.customers.rows.iter().position(|c| c.id == sym)
}

fn apply(ds: &mut Dataset, c: &mut Customer, f: &CustomerFields) {
    let s = &mut ds.strings;
    let t = |s: &mut crate::model::Interner, v: &str| s.intern(v.trim());
    c.id = t(s, &f.id);
    c.name = t(s, &f.name);
    c.email = t(s, &f.email);
    c.phone = t(s, &f.phone);
    c.company = t(s, &f.company);
    c.city = t(s, &f.city);
    c.country = t(s, &f.country);
    c.segment = t(s, &f.segment);
    c.owner = t(s, &f.owner);
    c.status = t(s, &f.status);
    c.placeholder = false;
}

/// A copy of `ds` with a new customer of `fields`, its extra columns empty; refused when the
/// id is empty or another customer has it.
pub fn add_customer(ds: &Dataset, fields: &CustomerFields) -> Result<Dataset, EditError> {
    let id = fields.id.trim();
    if id.is_empty() {
        return Err(EditError::MissingId);
    }
    if position(ds, id).is_some() {
        return Err(EditError::DuplicateId(id.to_string()));
    }
    let mut out = ds.clone();
    let mut c = Customer::default();
    apply(&mut out, &mut c, fields);
    out.customers.rows.push(c);
    let n = out.customers.extra_columns.len();
    out.customers
        .extra_values
        .extend(std::iter::repeat_n(Sym::EMPTY, n));
    Ok(out)
}

/// Changes the customer `id`. A changed id is carried over to the customer's orders, deals and
/// tickets, so nothing is orphaned.
pub fn update_customer(
    ds: &Dataset,
    id: &str,
    fields: &CustomerFields,
) -> Result<Dataset, EditError> {
    let i = position(ds, id).ok_or_else(|| EditError::NotFound(id.to_string()))?;
    let new_id = fields.id.trim();
    if new_id.is_empty() {
        return Err(EditError::MissingId);
    }
    if new_id != id && position(ds, new_id).is_some() {
        return Err(EditError::DuplicateId(new_id.to_string()));
    }
    let mut out = ds.clone();
    let old = out.customers.rows[i].id;
    let mut c = out.customers.rows[i];
    apply(&mut out, &mut c, fields);
    out.customers.rows[i] = c;
    if c.id != old {
        out.orders
            .rows
            .iter_mut()
            .filter(|o| o.customer == old)
            .for_each(|o| o.customer = c.id);
        out.deals
            .rows
            .iter_mut()
            .filter(|d| d.customer == old)
            .for_each(|d| d.customer = c.id);
        out.tickets
            .rows
            .iter_mut()
            .filter(|t| t.customer == old)
            .for_each(|t| t.customer = c.id);
    }
    Ok(out)
}

/// Deletes the customer `id`; with `remove_related`, also their orders, deals and tickets
/// (else those are kept and refer to a customer no longer listed).
pub fn delete_customer(ds: &Dataset, id: &str, remove_related: bool) -> Result<Dataset, EditError> {
    let i = position(ds, id).ok_or_else(|| EditError::NotFound(id.to_string()))?;
    let mut out = ds.clone();
    let sym = out.customers.rows[i].id;
    let kept = retain(&mut out.customers, |j, _| j != i);
    forget_rows(&mut out, Kind::Customers, &kept);
    if remove_related {
        let kept = retain(&mut out.orders, |_, o| o.customer != sym);
        forget_rows(&mut out, Kind::Orders, &kept);
        let kept = retain(&mut out.deals, |_, d| d.customer != sym);
        forget_rows(&mut out, Kind::Deals, &kept);
        let kept = retain(&mut out.tickets, |_, t| t.customer != sym);
        forget_rows(&mut out, Kind::Tickets, &kept);
    }
    Ok(out)
}

/// The import history's lines of `kind` once the rows `kept` says false of are gone.
fn forget_rows(ds: &mut Dataset, kind: Kind, kept: &[bool]) {
    if kept.iter().all(|&k| k) {
        return;
    }
    let lines = ds.history.iter_mut().flat_map(|i| &mut i.lines);
    for line in lines.filter(|l| l.change.kind() == kind) {
        line.rows = line.rows.after_removal(kept);
    }
}

/// Keeps the rows (and their extra values) for which `keep(row number, row)` is true;
/// returns which rows were kept.
fn retain<T>(table: &mut crate::model::Table<T>, keep: impl Fn(usize, &T) -> bool) -> Vec<bool> {
    let mut kept = Vec::with_capacity(table.rows.len());
    let n = table.extra_columns.len();
    let mut values = Vec::with_capacity(table.extra_values.len());
    let mut rows = Vec::with_capacity(table.rows.len());
    for (i, row) in std::mem::take(&mut table.rows).into_iter().enumerate() {
        let k = keep(i, &row);
        kept.push(k);
        if k {
            values.extend_from_slice(&table.extra_values[i * n..(i + 1) * n]);
            rows.push(row);
        }
    }
    table.rows = rows;
    table.extra_values = values;
    kept
}
