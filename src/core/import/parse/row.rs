//! The record a row is staged into: one kind's ([`Row`]), filled a typed value at a time and
//! completed at the end of the row, and what the kinds share: the customer reference
//! ([`CustomerRef`]), what applying a value may use ([`Context`]: the interner, the meanings of
//! status and stage words), the end-of-row context ([`RowEnd`]) and exact rounding.

use super::campaigns::CampaignRow;
use super::customers::CustomerRow;
use super::deals::DealRow;
use super::lookups;
use super::orders::OrderRow;
use super::plan::Val;
use super::report::Reporter;
use super::responses::ResponseRow;
use super::tickets::TicketRow;
use crate::import::issue::{IssueKind, Severity};
use crate::import::lookup::LookupTarget;
use crate::import::map::Field;
use crate::import::value::{normalize_stage, order_status};
use crate::import::Analysis;
use crate::model::{Dataset, DealOutcome, Interner, Kind, OrderStatus, Sym, Table};
use std::collections::HashMap;

/// Why a value cannot go into a record: the issue and its reason. `UnknownStatus` is a
/// warning (the value is kept), the others reject the row.
pub(super) type Bad = (IssueKind, String);

/// A record being staged from one row: its typed values go in one by one, then it is
/// completed and checked at the end of the row, and added to the staging dataset.
pub(super) trait Staged {
    /// Puts one typed value of `field` into the record.
    fn apply(&mut self, field: Field, val: Val, cx: &mut Context<'_>) -> Result<(), Bad>;

    /// Combines the row's values (names, customer reference, amounts, outcomes) and checks
    /// what is required, reporting through `end`; false when the row must be rejected.
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool;

    /// Adds the finished record, with its extra values, to the staging dataset.
    fn push(&self, data: &mut Dataset, extras: &[Sym]);
}

/// One row being built: the record of the file's kind, with the values that are combined
/// at the end of the row; a lookup file's row is only its extra values (key and
/// attributes).
#[derive(Clone, Copy, Debug)]
pub(super) enum Row {
    Customer(CustomerRow),
    Order(OrderRow),
    Deal(DealRow),
    Ticket(TicketRow),
    Campaign(CampaignRow),
    Response(ResponseRow),
    /// The index of the key among the extra values.
    Lookup(usize),
}

impl Row {
    /// An empty row of a `kind` file (or of a lookup file).
    #[inline]
    pub(super) fn new(kind: Kind, lookup: Option<&LookupTarget>) -> Row {
        if let Some(t) = lookup {
            return Row::Lookup(t.column);
        }
        match kind {
            Kind::Customers => Row::Customer(CustomerRow::default()),
            Kind::Orders => Row::Order(OrderRow::default()),
            Kind::Deals => Row::Deal(DealRow::default()),
            Kind::Tickets => Row::Ticket(TicketRow::default()),
            Kind::Campaigns => Row::Campaign(CampaignRow::default()),
            Kind::Responses => Row::Response(ResponseRow::default()),
        }
    }

    /// Puts one typed value into the row's record ([`Staged::apply`]).
    #[inline]
    pub(super) fn apply(
        &mut self,
        field: Field,
        val: Val,
        cx: &mut Context<'_>,
    ) -> Result<(), Bad> {
        match self {
            Row::Customer(r) => r.apply(field, val, cx),
            Row::Order(r) => r.apply(field, val, cx),
            Row::Deal(r) => r.apply(field, val, cx),
            Row::Ticket(r) => r.apply(field, val, cx),
            Row::Campaign(r) => r.apply(field, val, cx),
            Row::Response(r) => r.apply(field, val, cx),
            Row::Lookup(_) => Ok(()),
        }
    }

    /// Ends the row: completes it and stages it, unless `error` (a cell could not be read)
    /// or its completion rejects it. False when the row is rejected.
    #[inline]
    pub(super) fn end(&mut self, end: &mut RowEnd<'_, '_>, error: bool, extras: &[Sym]) -> bool {
        match self {
            Row::Customer(r) => stage(r, end, error, extras),
            Row::Order(r) => stage(r, end, error, extras),
            Row::Deal(r) => stage(r, end, error, extras),
            Row::Ticket(r) => stage(r, end, error, extras),
            Row::Campaign(r) => stage(r, end, error, extras),
            Row::Response(r) => stage(r, end, error, extras),
            Row::Lookup(key) => lookups::end(end, error, *key, extras),
        }
    }
}

/// [`Row::end`] of a record: finished whatever happened (so it still reports what is
/// missing), staged only when nothing rejects it.
#[inline]
fn stage<R: Staged>(record: &mut R, end: &mut RowEnd<'_, '_>, error: bool, extras: &[Sym]) -> bool {
    if !record.finish(end) || error {
        return false;
    }
    record.push(end.data, extras);
    true
}

/// Adds a record and its extra values to its table.
pub(super) fn push_row<T>(table: &mut Table<T>, row: T, extras: &[Sym]) {
    table.rows.push(row);
    table.extra_values.extend_from_slice(extras);
}

/// Makes room for `rows` records of `kind` in the staging dataset and names the extra
/// columns of their table (`None`: a lookup file's, which go to the lookup).
pub(super) fn prepare(
    data: &mut Dataset,
    kind: Kind,
    rows: usize,
    extra_columns: Option<Vec<Sym>>,
) {
    fn table<T>(table: &mut Table<T>, rows: usize, extra_columns: Option<Vec<Sym>>) {
        table.rows.reserve(rows);
        if let Some(columns) = extra_columns {
            table.extra_columns = columns;
        }
    }
    match kind {
        Kind::Customers => table(&mut data.customers, rows, extra_columns),
        Kind::Orders => table(&mut data.orders, rows, extra_columns),
        Kind::Deals => table(&mut data.deals, rows, extra_columns),
        Kind::Tickets => table(&mut data.tickets, rows, extra_columns),
        Kind::Campaigns => table(&mut data.campaigns, rows, extra_columns),
        Kind::Responses => table(&mut data.responses, rows, extra_columns),
    }
}

/// The customer a record refers to, as its file names them (orders, deals, tickets and
/// responses alike): by id, else by e-mail, else by name.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CustomerRef {
    id: Sym,
    email: Sym,
    name: Sym,
}

impl CustomerRef {
    /// Takes `s` when `field` is one of the reference fields; false when it is another.
    #[inline]
    pub(super) fn take(&mut self, field: Field, s: Sym) -> bool {
        match field {
            Field::CustomerId => self.id = s,
            Field::CustomerEmail => self.email = s,
            Field::CustomerName => self.name = s,
            _ => return false,
        }
        true
    }

    /// The reference: the id, else the e-mail, else the name (empty when none is given).
    pub(super) fn resolve(self) -> Sym {
        if !self.id.is_empty() {
            self.id
        } else if !self.email.is_empty() {
            self.email
        } else {
            self.name
        }
    }
}

/// What putting a value into a record may use besides the record: the staging interner
/// (to read a text, or add one) and the meanings of status and stage words.
pub(super) struct Context<'a> {
    pub(super) strings: &'a mut Interner,
    pub(super) meanings: &'a mut Meanings,
}

/// What each distinct status or stage text means, worked out once per text (a file
/// repeats a handful of them a million times).
#[derive(Debug, Default)]
pub(super) struct Meanings {
    stages: HashMap<Sym, (Sym, DealOutcome)>,
    statuses: HashMap<Sym, Option<OrderStatus>>,
}

impl Meanings {
    /// A deal stage's normalised name (interned) and the outcome it says.
    pub(super) fn stage(&mut self, s: Sym, strings: &mut Interner) -> (Sym, DealOutcome) {
        *self.stages.entry(s).or_insert_with(|| {
            let (name, outcome) = normalize_stage(strings.get(s));
            (strings.intern(&name), outcome)
        })
    }

    /// An order status text's meaning (`None`: not a known status).
    pub(super) fn order_status(&mut self, s: Sym, strings: &Interner) -> Option<OrderStatus> {
        *self
            .statuses
            .entry(s)
            .or_insert_with(|| order_status(strings.get(s)))
    }
}

/// What the end of a row needs: the staging dataset, where to report and which fields
/// could not be read (those are not reported again as missing).
pub(super) struct RowEnd<'a, 'r> {
    /// The staging dataset: this file's records so far.
    pub(super) data: &'a mut Dataset,
    pub(super) report: &'a mut Reporter<'r>,
    /// Byte offset of the row in the text.
    pub(super) at: usize,
    pub(super) analysis: &'a Analysis,
    /// Fields of the row whose value could not be read.
    pub(super) failed: &'a [Field],
}

impl RowEnd<'_, '_> {
    /// Reports an issue of the row, in the column feeding `field` (`None`, or a field no
    /// column feeds: no column).
    pub(super) fn report(
        &mut self,
        field: Option<Field>,
        value: &str,
        severity: Severity,
        kind: IssueKind,
        reason: String,
    ) {
        let analysis = self.analysis;
        let column = field.and_then(|f| analysis.mapping.column_of(f));
        let header = column.map_or("", |c| analysis.headers[c].as_str());
        self.report
            .push(self.at, header, value, severity, kind, reason);
    }

    /// Warns about the row, in the column feeding `field` (`None`: the row as a whole).
    pub(super) fn warn(
        &mut self,
        field: Option<Field>,
        kind: IssueKind,
        reason: impl Into<String>,
    ) {
        self.report(field, "", Severity::Warning, kind, reason.into());
    }

    /// Rejects the row for a value it needs and lacks, in the column of `field`.
    pub(super) fn missing(&mut self, field: Field, reason: &str) {
        self.report(
            Some(field),
            "",
            Severity::Error,
            IssueKind::Missing,
            reason.into(),
        );
    }

    /// True when the value of `field` was there but could not be read.
    pub(super) fn failed(&self, field: Field) -> bool {
        self.failed.contains(&field)
    }
}

/// `a * b / d` rounded half away from zero ([`div_round`]). The product is taken in 64 bits
/// when both factors fit in 32 (every real price and quantity): a 128-bit multiplication is
/// a library call in wasm.
pub(super) fn mul_div_round(a: i128, b: i128, d: i128) -> i128 {
    match (i32::try_from(a), i32::try_from(b)) {
        (Ok(a), Ok(b)) => div_round(i128::from(i64::from(a) * i64::from(b)), d),
        _ => div_round(a * b, d),
    }
}

/// `a / b` rounded half away from zero. In 64 bits when `a` fits (every real amount):
/// 128-bit division is a slow library call in wasm.
pub(super) fn div_round(a: i128, b: i128) -> i128 {
    if let (Ok(a), Ok(b)) = (i64::try_from(a), i64::try_from(b)) {
        if b != 0 && !(a == i64::MIN && b == -1) {
            let (q, r) = (a / b, a % b);
            return i128::from(if 2 * r.unsigned_abs() >= b.unsigned_abs() {
                q + a.signum() * b.signum()
            } else {
                q
            });
        }
    }
    let q = a / b;
    let r = a % b;
    if 2 * r.abs() >= b.abs() {
        q + a.signum() * b.signum()
    } else {
        q
    }
}
