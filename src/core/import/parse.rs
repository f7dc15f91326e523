//! Stage 4–5: rows into staged records, every problem reported. A plan is chosen once per
//! column (which field, which reader, which date order and decimal separator); the loop
//! reuses one `csv::StringRecord` and interns text into the staging dataset's interner.

use super::analyze::LineCounter;
use super::decode::decode_as;
use super::issue::{Issue, IssueKind, Severity};
use super::map::{Field, ValueType};
use super::sniff::reader;
use super::value::{
    normalize_stage, order_status, parse_bool, parse_date, parse_excel_serial, parse_number,
    satisfaction_word, standing, trim_cell, DateOrder, DateTime, DecimalSep, Number,
};
use super::written::QuoteTails;
use super::Analysis;
use crate::model::{
    plain_integer, Campaign, Customer, Dataset, Day, Deal, DealOutcome, Interner, Kind, Lookup,
    Money, Order, OrderStatus, Response, Slot, SlotKey, Sym, Ticket, Timestamp,
};
use hashbrown::HashTable;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Whether to go on (returned by [`Progress::progress`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Keep parsing.
    Continue,
    /// Stop now; the result is marked cancelled and must not be merged.
    Cancel,
}

/// Receives progress while a file is parsed, and can cancel it (the UI's progress bar and
/// Cancel button). Called every few thousand rows and once at the end.
pub trait Progress {
    /// `rows` data rows and `bytes` of `total_bytes` (decoded text) done so far.
    fn progress(&mut self, rows: u64, bytes: u64, total_bytes: u64) -> Flow;
}

/// Ignores progress.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn progress(&mut self, _: u64, _: u64, _: u64) -> Flow {
        Flow::Continue
    }
}

impl<F: FnMut(u64, u64, u64) -> Flow> Progress for F {
    fn progress(&mut self, rows: u64, bytes: u64, total_bytes: u64) -> Flow {
        self(rows, bytes, total_bytes)
    }
}

/// Choices the user made after the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Day/month order per column index, overriding the analysis (answers to
    /// [`Analysis::date_decisions`], or a correction).
    pub date_orders: Vec<(usize, DateOrder)>,
    /// Most issues kept in detail (all are counted in [`Parsed::issue_counts`]).
    pub max_issues: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            date_orders: Vec::new(),
            max_issues: 10_000,
        }
    }
}

/// A parsed file: staged records (not yet in the user's dataset) and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// File name.
    pub file_name: String,
    /// The kind of the records.
    pub kind: Kind,
    /// Staging dataset: only the table of `kind` is filled; strings are in its own interner.
    pub data: Dataset,
    /// The file notes, then row issues in file order (at most [`ParseOptions::max_issues`] row
    /// issues; every issue is counted in [`Parsed::issue_counts`]).
    pub issues: Vec<Issue>,
    /// Every issue counted by severity and kind (including those not kept in detail).
    pub issue_counts: BTreeMap<(Severity, IssueKind), u64>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows not imported because of an error.
    pub rows_rejected: u64,
    /// Rows skipped because every cell was empty.
    pub rows_empty: u64,
    /// True when the user cancelled: nothing of this file may be merged.
    pub cancelled: bool,
}

impl Parsed {
    /// Records produced.
    pub fn rows_imported(&self) -> usize {
        let lookups: usize = self.data.lookups.iter().map(|l| l.table.len()).sum();
        self.data.count(self.kind) + lookups
    }

    /// Issues of a severity counted (including those not kept in detail).
    pub fn count(&self, severity: Severity) -> u64 {
        self.issue_counts
            .iter()
            .filter(|((s, _), _)| *s == severity)
            .map(|(_, n)| n)
            .sum()
    }

    /// The kept issues of a severity.
    pub fn issues_of(&self, severity: Severity) -> impl Iterator<Item = &Issue> + '_ {
        self.issues.iter().filter(move |i| i.severity == severity)
    }
}

/// A date column's reader, with a one-value cache (sorted files repeat dates).
#[derive(Clone, Debug)]
struct DateReader {
    order: DateOrder,
    serial: bool,
    last: Vec<u8>,
    result: Option<DateTime>,
}

impl DateReader {
    fn read(&mut self, text: &str) -> Option<DateTime> {
        if !self.last.is_empty() && self.last == text.as_bytes() {
            return self.result;
        }
        let result = if self.serial {
            parse_excel_serial(text)
        } else {
            parse_date(text, self.order)
        };
        self.last.clear();
        self.last.extend_from_slice(text.as_bytes());
        self.result = result;
        result
    }
}

/// A text column's own dictionary in front of the dataset's interner: a column that
/// repeats its values (customer ids in an order file, products, cities) finds them in a
/// small table that stays in the CPU caches, instead of the big one (a cache miss or
/// two per cell at a million strings). A column that hardly repeats (order ids) switches
/// its dictionary off after [`TextCache::TRIAL`] cells.
///
/// A column of customer references in an orders, deals or tickets file instead keeps the
/// symbols of its integer ids (`12345`) in an array indexed by the id: an order file refers
/// to its customers at random, too many of them for the small table, and a read of the
/// array costs less than a lookup in the big one.
#[derive(Debug, Default)]
struct TextCache {
    table: HashTable<Slot>,
    seen: u32,
    misses: u32,
    off: bool,
    /// `by_id[n]`: the symbol of the integer id `n` (`Sym::EMPTY`: not seen yet).
    by_id: Option<Vec<Sym>>,
}

impl TextCache {
    /// Cells looked at before deciding whether the column repeats enough.
    const TRIAL: u32 = 4096;

    /// Ids below this are kept in [`TextCache::by_id`] (at most 8 MB); others are
    /// interned as any text.
    const MAX_ID: u64 = 1 << 21;

    /// The cache of a column of customer references.
    fn by_id() -> TextCache {
        TextCache {
            by_id: Some(Vec::new()),
            ..TextCache::default()
        }
    }

    fn intern(&mut self, text: &str, strings: &mut Interner) -> Sym {
        if let Some(by_id) = &mut self.by_id {
            let Some(id) = plain_integer(text).filter(|&n| n < Self::MAX_ID) else {
                return strings.intern(text);
            };
            let i = id as usize;
            if i >= by_id.len() {
                by_id.resize((i + 1).next_power_of_two(), Sym::EMPTY);
            }
            if by_id[i] == Sym::EMPTY {
                by_id[i] = strings.intern(text);
            }
            return by_id[i];
        }
        if self.off {
            return strings.intern(text);
        }
        let hash = strings.hash(text);
        let key = SlotKey::of(text);
        let found = self.table.find(hash, |slot| strings.holds(slot, key, text));
        let sym = match found {
            Some(slot) => Sym(slot.sym),
            None => {
                let sym = strings.intern_hashed(text, hash, key);
                self.misses += 1;
                let hasher = |slot: &Slot| strings.hash(strings.get(Sym(slot.sym)));
                self.table
                    .insert_unique(hash, Slot { sym: sym.0, key }, hasher);
                sym
            }
        };
        // Decided once, at the end of the trial: off when most of its cells were new.
        if self.seen < Self::TRIAL {
            self.seen += 1;
            if self.seen == Self::TRIAL && self.misses * 2 > Self::TRIAL {
                *self = TextCache {
                    off: true,
                    ..TextCache::default()
                };
            }
        }
        sym
    }
}

/// How one column is read.
#[derive(Debug)]
enum Plan {
    Extra(usize),
    /// `written`: the field is read as written ([`Field::as_written`]), else trimmed.
    Text(Field, TextCache, bool),
    Date(Field, DateReader),
    Money(Field, DecimalSep),
    /// `fraction`: the column holds fractions (0.25) of what a percent field means (25).
    Number(Field, DecimalSep, bool),
    Integer(Field, DecimalSep),
    Bool(Field),
}

/// A typed cell value.
#[derive(Clone, Copy, Debug)]
enum Val {
    Text(Sym),
    Date(DateTime),
    Num(Number),
    Int(i64),
    Bool(bool),
}

/// One row being built: the record of the file's kind plus values that are combined at the
/// end of the row. Only the file kind's record is ever written (see [`apply`]), so
/// [`Row::clear`] resets that one and `cells`: clearing the whole row (600 bytes) for each
/// of a million rows was a measurable part of the import.
#[derive(Clone, Copy, Debug, Default)]
struct Row {
    customer: Customer,
    order: Order,
    deal: Deal,
    ticket: Ticket,
    campaign: Campaign,
    response: Response,
    cells: RowCells,
}

/// The values of a [`Row`] that are combined at the end of the row.
#[derive(Clone, Copy, Debug, Default)]
struct RowCells {
    cust_id: Sym,
    cust_email: Sym,
    cust_name: Sym,
    churned: Option<bool>,
    won: Option<bool>,
    close_date: Option<Day>,
    has_date: bool,
    amount: Option<Money>,
    unit_price: Option<Money>,
    quantity: Option<Number>,
    discount: Option<Number>,
    first_response_min: Option<Number>,
    resolution_min: Option<Number>,
    stage_outcome: DealOutcome,
    status_stage: Sym,
    status_outcome: DealOutcome,
}

impl Row {
    /// Empty again, for the next row of a `kind` file.
    fn clear(&mut self, kind: Kind) {
        self.cells = RowCells::default();
        match kind {
            Kind::Customers => self.customer = Customer::default(),
            Kind::Orders => self.order = Order::default(),
            Kind::Deals => self.deal = Deal::default(),
            Kind::Tickets => self.ticket = Ticket::default(),
            Kind::Campaigns => self.campaign = Campaign::default(),
            Kind::Responses => self.response = Response::default(),
        }
    }
}

/// Collects issues with positions; counts them all, keeps the first `max`.
struct Reporter<'a> {
    file: &'a str,
    text: &'a [u8],
    lines: LineCounter,
    issues: Vec<Issue>,
    counts: BTreeMap<(Severity, IssueKind), u64>,
    max: usize,
}

impl Reporter<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        at: usize,
        column: &str,
        value: &str,
        severity: Severity,
        kind: IssueKind,
        reason: String,
    ) {
        *self.counts.entry((severity, kind)).or_default() += 1;
        if self.issues.len() < self.max {
            let line = self.lines.line_at(self.text, at);
            self.issues.push(Issue {
                file: self.file.to_string(),
                line: Some(line),
                column: column.to_string(),
                value: value.to_string(),
                severity,
                kind,
                reason,
            });
        }
    }
}

#[inline]
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.chars().all(|c| c.is_whitespace() || c == '\u{a0}'),
    }
}

/// Reads the rows of an analysed file into staged records (see [`Parsed`]), all at once,
/// telling `progress` every few thousand rows (see [`Parser`] to read in slices instead).
pub fn parse(
    analysis: &Analysis,
    bytes: &[u8],
    options: &ParseOptions,
    progress: &mut dyn Progress,
) -> Parsed {
    let text = text_of(analysis, bytes);
    let mut parser = Parser::new(analysis, &text, options);
    let mut cancelled = false;
    while parser.step(8192) {
        let (done, total) = parser.position();
        if progress.progress(parser.rows_read(), done, total) == Flow::Cancel {
            cancelled = true;
            break;
        }
    }
    if !cancelled {
        let (_, total) = parser.position();
        cancelled = progress.progress(parser.rows_read(), total, total) == Flow::Cancel;
    }
    parser.finish(cancelled)
}

/// The decoded text of an analysed file (borrowed when the file is UTF-8), for [`Parser`].
pub fn text_of<'b>(analysis: &Analysis, bytes: &'b [u8]) -> Cow<'b, str> {
    decode_as(bytes, analysis.encoding).text
}

/// Reads an analysed file in slices of rows, so a caller can show progress, stay responsive
/// between slices and stop early:
///
/// ```text
/// let text = text_of(&analysis, &bytes);
/// let mut parser = Parser::new(&analysis, &text, &options);
/// while parser.step(20_000) { /* report parser.position(), yield, maybe stop */ }
/// let parsed = parser.finish(cancelled);
/// ```
///
/// However the file is sliced, the result is the same as [`parse`]'s.
pub struct Parser<'a> {
    analysis: &'a Analysis,
    kind: Kind,
    ncols: usize,
    plans: Vec<Plan>,
    data: Dataset,
    report: Reporter<'a>,
    rdr: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    tails: QuoteTails<'a>,
    total: u64,
    position: u64,
    nothing_mapped: bool,
    stage_cache: HashMap<Sym, (Sym, DealOutcome)>,
    status_cache: HashMap<Sym, Option<OrderStatus>>,
    extras: Vec<Sym>,
    /// Fields of the current row whose value could not be read (not reported again as missing).
    failed: Vec<Field>,
    rows_read: u64,
    rows_rejected: u64,
    rows_empty: u64,
    done: bool,
}

impl<'a> Parser<'a> {
    /// Prepares to read `text` (from [`text_of`]) as `analysis` and `options` say.
    pub fn new(analysis: &'a Analysis, text: &'a str, options: &ParseOptions) -> Parser<'a> {
        let tails = QuoteTails::new(text, analysis.delimiter);
        let text = text.as_bytes();
        let kind = analysis.mapping.kind;
        let mut data = Dataset::default();
        let ncols = analysis.headers.len();
        // Room for a distinct id per row (orders, deals, tickets ids are), so the interner
        // and the table grow once instead of doubling all the way.
        let rows = usize::try_from(analysis.row_count).unwrap_or(0);
        data.strings.reserve(rows, rows * 8);
        match kind {
            Kind::Customers => data.customers.rows.reserve(rows),
            Kind::Orders => data.orders.rows.reserve(rows),
            Kind::Deals => data.deals.rows.reserve(rows),
            Kind::Tickets => data.tickets.rows.reserve(rows),
            Kind::Campaigns => data.campaigns.rows.reserve(rows),
            Kind::Responses => data.responses.rows.reserve(rows),
        }

        // One plan per column.
        let mut plans = Vec::with_capacity(ncols);
        let mut extra_columns = Vec::new();
        // A lookup file's columns are all kept as text: the key and the attributes.
        let lookup = analysis.lookup.as_ref();
        for (i, field) in analysis.mapping.columns.iter().enumerate() {
            let field = if lookup.is_some() { &None } else { field };
            let profile = &analysis.columns[i];
            let plan = match field {
                None => {
                    extra_columns.push(data.strings.intern(&analysis.headers[i]));
                    Plan::Extra(extra_columns.len() - 1)
                }
                Some(f) => match f.value_type() {
                    ValueType::Text if *f == Field::CustomerId && kind != Kind::Customers => {
                        Plan::Text(*f, TextCache::by_id(), false)
                    }
                    ValueType::Text => Plan::Text(*f, TextCache::default(), f.as_written()),
                    ValueType::Date | ValueType::DateTime => {
                        let order = options
                            .date_orders
                            .iter()
                            .find(|(c, _)| *c == i)
                            .map(|(_, o)| *o)
                            .or(profile.date_order)
                            .or_else(|| {
                                analysis
                                    .date_decisions
                                    .iter()
                                    .find(|d| d.column == i)
                                    .map(|d| d.default)
                            })
                            .unwrap_or(DateOrder::DayFirst);
                        Plan::Date(
                            *f,
                            DateReader {
                                order,
                                serial: profile.is_serial_dates(),
                                last: Vec::new(),
                                result: None,
                            },
                        )
                    }
                    ValueType::Money => Plan::Money(*f, profile.decimal),
                    ValueType::Number => Plan::Number(
                        *f,
                        profile.decimal,
                        *f == Field::Probability
                            && profile.fractions
                            && profile.max_abs <= Money::SCALE,
                    ),
                    ValueType::Integer => Plan::Integer(*f, profile.decimal),
                    ValueType::Bool => Plan::Bool(*f),
                },
            };
            plans.push(plan);
        }
        let n_extra = extra_columns.len();
        if let Some(t) = lookup {
            let mut attributes = extra_columns;
            attributes.remove(t.column);
            let (key, file) = (
                data.strings.intern(&t.key),
                data.strings.intern(&analysis.file_name),
            );
            let table = crate::model::Table {
                extra_columns: attributes,
                ..Default::default()
            };
            data.lookups = vec![Lookup {
                kind: t.kind,
                key,
                file,
                table,
            }];
        } else {
            match kind {
                Kind::Customers => data.customers.extra_columns = extra_columns,
                Kind::Orders => data.orders.extra_columns = extra_columns,
                Kind::Deals => data.deals.extra_columns = extra_columns,
                Kind::Tickets => data.tickets.extra_columns = extra_columns,
                Kind::Campaigns => data.campaigns.extra_columns = extra_columns,
                Kind::Responses => data.responses.extra_columns = extra_columns,
            }
        }

        let mut report = Reporter {
            file: &analysis.file_name,
            text,
            lines: LineCounter::default(),
            issues: analysis.notes.clone(),
            counts: BTreeMap::new(),
            max: options.max_issues.saturating_add(analysis.notes.len()),
        };
        for note in &analysis.notes {
            *report.counts.entry((note.severity, note.kind)).or_default() += 1;
        }
        if kind == Kind::Tickets && analysis.mapping.column_of(Field::Opened).is_none() {
            *report
                .counts
                .entry((Severity::Warning, IssueKind::Column))
                .or_default() += 1;
            report.issues.push(Issue {
                file: analysis.file_name.clone(),
                line: None,
                column: String::new(),
                value: String::new(),
                severity: Severity::Warning,
                kind: IssueKind::Column,
                reason: "no column says when tickets were opened: they are dated by their first \
                         response (else resolution) time, and response times cannot be measured"
                    .into(),
            });
        }

        let body = &text[analysis.start.min(text.len())..];
        let mut rdr = reader(body, analysis.delimiter);
        let mut record = csv::StringRecord::new();
        for _ in 0..=analysis.header_record {
            if !rdr.read_record(&mut record).unwrap_or(false) {
                break;
            }
        }
        let nothing_mapped =
            lookup.is_none() && analysis.mapping.columns.iter().all(Option::is_none);
        if nothing_mapped {
            *report
                .counts
                .entry((Severity::Error, IssueKind::Missing))
                .or_default() += 1;
            report.issues.push(Issue {
                file: analysis.file_name.clone(),
                line: None,
                column: String::new(),
                value: String::new(),
                severity: Severity::Error,
                kind: IssueKind::Missing,
                reason: "no column is mapped to a field: no row is imported".into(),
            });
        }
        Parser {
            analysis,
            kind,
            ncols,
            plans,
            data,
            report,
            rdr,
            record,
            tails,
            total: text.len() as u64,
            position: analysis.start as u64,
            nothing_mapped,
            stage_cache: HashMap::new(),
            status_cache: HashMap::new(),
            extras: vec![Sym::EMPTY; n_extra],
            failed: Vec::new(),
            rows_read: 0,
            rows_rejected: 0,
            rows_empty: 0,
            done: false,
        }
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows_read
    }

    /// Bytes of decoded text read so far, and in all.
    pub fn position(&self) -> (u64, u64) {
        (self.position, self.total)
    }

    /// Reads up to `max_rows` more rows; false once the file is done.
    pub fn step(&mut self, max_rows: u64) -> bool {
        self.step_with(max_rows, &mut |_| true)
    }

    /// [`Parser::step`], showing every record read to `observe` first; it stops the reading
    /// by returning false.
    pub(crate) fn step_with(
        &mut self,
        max_rows: u64,
        observe: &mut dyn FnMut(&csv::ByteRecord) -> bool,
    ) -> bool {
        let Parser {
            analysis,
            kind,
            ncols,
            plans,
            data,
            report,
            rdr,
            record,
            tails,
            position,
            nothing_mapped,
            stage_cache,
            status_cache,
            extras,
            failed,
            rows_read,
            rows_rejected,
            rows_empty,
            ..
        } = self;
        let (analysis, kind, ncols, nothing_mapped) = (*analysis, *kind, *ncols, *nothing_mapped);
        let headers = &analysis.headers;
        let mut n = 0u64;
        let mut row = Row::default();
        while n < max_rows {
            if !rdr.read_record(record).unwrap_or(false) || !observe(record.as_byte_record()) {
                self.done = true;
                *position = self.total;
                return false;
            }
            n += 1;
            *rows_read += 1;
            let at = analysis.start + record.position().map_or(0, |p| p.byte() as usize);
            *position = at as u64;
            if record.iter().all(is_blank) {
                *rows_empty += 1;
                report.push(
                    at,
                    "",
                    "",
                    Severity::Warning,
                    IssueKind::EmptyRow,
                    "every cell is empty: row skipped".into(),
                );
                continue;
            }
            if nothing_mapped {
                *rows_rejected += 1;
                continue;
            }
            row.clear(kind);
            let mut error = false;
            failed.clear();
            extras.iter_mut().for_each(|e| *e = Sym::EMPTY);
            for (i, cell) in record.iter().enumerate() {
                let Some(plan) = plans.get_mut(i) else {
                    if !is_blank(cell) {
                        error = true;
                        report.push(
                            at,
                            "",
                            cell,
                            Severity::Error,
                            IssueKind::TooManyCells,
                            format!(
                                "the row has {} cells but the header has {ncols}: extra cell {}",
                                record.len(),
                                i + 1
                            ),
                        );
                    }
                    continue;
                };
                if let Plan::Extra(j) = plan {
                    extras[*j] = data.strings.intern(tails.cut(cell, at, i));
                    continue;
                }
                let trimmed = trim_cell(cell);
                if trimmed.is_empty() {
                    if !cell.is_empty() && !matches!(plan, Plan::Text(..)) {
                        report.push(
                            at,
                            &headers[i],
                            cell,
                            Severity::Warning,
                            IssueKind::Blank,
                            "only spaces: read as missing".into(),
                        );
                    }
                    continue;
                }
                let bad = |kind: IssueKind, reason: String| (kind, reason);
                let result: Result<(Field, Val), (IssueKind, String)> = match plan {
                    Plan::Extra(_) => unreachable!("handled above"),
                    Plan::Text(f, cache, written) => {
                        let text = if *written {
                            tails.cut(cell, at, i)
                        } else {
                            trimmed
                        };
                        Ok((*f, Val::Text(cache.intern(text, &mut data.strings))))
                    }
                    Plan::Date(f, reader) => match reader.read(trimmed) {
                        Some(d) => Ok((*f, Val::Date(d))),
                        None => Err(bad(
                            IssueKind::BadDate,
                            if reader.serial {
                                "not an Excel date number".into()
                            } else {
                                format!("not a date (read as {})", reader.order.as_str())
                            },
                        )),
                    },
                    Plan::Money(f, dec) | Plan::Number(f, dec, _) => {
                        let (f, dec) = (*f, *dec);
                        let to_percent = matches!(plan, Plan::Number(_, _, true));
                        match parse_number(trimmed, dec) {
                            Ok(n) if n.percent && plan_is_money(f) && f != Field::Discount => {
                                Err(bad(
                                    IssueKind::BadNumber,
                                    "a percentage where an amount is expected".into(),
                                ))
                            }
                            Ok(n) => {
                                if n.rounded {
                                    report.push(
                                        at,
                                        &headers[i],
                                        cell,
                                        Severity::Warning,
                                        IssueKind::Rounded,
                                        "more than 4 decimals: rounded".into(),
                                    );
                                }
                                let n = if to_percent && !n.percent {
                                    Number {
                                        scaled: n.scaled * 100,
                                        percent: true,
                                        rounded: n.rounded,
                                    }
                                } else {
                                    n
                                };
                                Ok((f, Val::Num(n)))
                            }
                            Err(e) => Err(bad(IssueKind::BadNumber, e.reason().into())),
                        }
                    }
                    Plan::Integer(Field::Csat, _) if satisfaction_word(trimmed).is_some() => {
                        match satisfaction_word(trimmed).flatten() {
                            Some(v) => Ok((Field::Csat, Val::Int(i64::from(v)))),
                            // Offered / Unoffered: no rating, as an empty cell.
                            None => continue,
                        }
                    }
                    Plan::Integer(f, dec) => match parse_number(trimmed, *dec) {
                        Ok(n) => match n.integer() {
                            Some(v) if !n.percent => Ok((*f, Val::Int(v))),
                            _ => Err(bad(IssueKind::BadNumber, "not a whole number".into())),
                        },
                        Err(e) => Err(bad(IssueKind::BadNumber, e.reason().into())),
                    },
                    Plan::Bool(f) => match parse_bool(trimmed) {
                        Some(b) => Ok((*f, Val::Bool(b))),
                        None => Err(bad(IssueKind::BadBool, "not yes/no".into())),
                    },
                };
                let outcome = result.and_then(|(field, val)| {
                    apply(kind, field, val, &mut row, data, stage_cache, status_cache)
                });
                if let Err((issue, reason)) = outcome {
                    if let Some(f) = analysis.mapping.columns[i] {
                        failed.push(f);
                    }
                    if issue == IssueKind::UnknownStatus {
                        report.push(at, &headers[i], cell, Severity::Warning, issue, reason);
                    } else {
                        error = true;
                        report.push(at, &headers[i], cell, Severity::Error, issue, reason);
                    }
                }
            }
            if record.len() < ncols {
                report.push(
                    at,
                    "",
                    "",
                    Severity::Warning,
                    IssueKind::TooFewCells,
                    format!(
                        "the row has {} cells but the header has {ncols}: the missing ones are empty",
                        record.len()
                    ),
                );
            }
            if let Some(t) = &analysis.lookup {
                if !error && !push_lookup_row(data, t.column, extras) {
                    error = true;
                    let reason = "a lookup row needs a key: row skipped".to_string();
                    let (column, sev) = (&headers[t.column], Severity::Error);
                    report.push(at, column, "", sev, IssueKind::Missing, reason);
                }
                *rows_rejected += u64::from(error);
                continue;
            }
            if !finish(kind, &mut row, data, report, at, analysis, failed) {
                error = true;
            }
            if error {
                *rows_rejected += 1;
                continue;
            }
            match kind {
                Kind::Customers => push_row(&mut data.customers, row.customer, extras),
                Kind::Orders => push_row(&mut data.orders, row.order, extras),
                Kind::Deals => push_row(&mut data.deals, row.deal, extras),
                Kind::Tickets => push_row(&mut data.tickets, row.ticket, extras),
                Kind::Campaigns => push_row(&mut data.campaigns, row.campaign, extras),
                Kind::Responses => push_row(&mut data.responses, row.response, extras),
            }
        }
        !self.done
    }

    /// The result: what was read so far (`cancelled`: the caller stopped early, and
    /// [`merge`](super::merge) will leave the file out).
    pub fn finish(self, cancelled: bool) -> Parsed {
        let (mut issues, mut counts) = (self.report.issues, self.report.counts);
        if let Some(note) = one_arm(self.analysis, &self.data) {
            *counts.entry((note.severity, note.kind)).or_default() += 1;
            issues.push(note);
        }
        Parsed {
            file_name: self.analysis.file_name.clone(),
            kind: self.kind,
            data: self.data,
            issues,
            issue_counts: counts,
            rows_read: self.rows_read,
            rows_rejected: self.rows_rejected,
            rows_empty: self.rows_empty,
            cancelled,
        }
    }
}

/// A note when a campaign-contacts file's campaign (arm) column holds a single value: there
/// is no arm to compare with, and the file is one campaign.
fn one_arm(analysis: &Analysis, data: &Dataset) -> Option<Issue> {
    let column = analysis.mapping.column_of(Field::Campaign)?;
    let mut arms = data.responses.rows.iter().map(|r| r.campaign);
    let first = arms.find(|a| !a.is_empty())?;
    if arms.any(|a| !a.is_empty() && a != first) {
        return None;
    }
    Some(Issue {
        file: analysis.file_name.clone(),
        line: None,
        column: analysis.headers[column].clone(),
        value: data.str(first).to_string(),
        severity: Severity::Warning,
        kind: IssueKind::Column,
        reason: "every contact is in the same campaign or arm: no arm to compare, no uplift".into(),
    })
}

/// A lookup file's row: the key (the `key` column's value) and the other columns'.
/// The key is trimmed, as the records' keys are; false (nothing pushed) when it is empty.
fn push_lookup_row(data: &mut Dataset, key: usize, extras: &[Sym]) -> bool {
    let raw = data.strings.get(extras[key]);
    let trimmed = trim_cell(raw);
    if trimmed.is_empty() {
        return false;
    }
    let sym = if trimmed.len() == raw.len() {
        extras[key]
    } else {
        let owned = trimmed.to_string();
        data.strings.intern(&owned)
    };
    let table = &mut data.lookups[0].table;
    table.rows.push(sym);
    let values = extras.iter().enumerate().filter(|(i, _)| *i != key);
    table.extra_values.extend(values.map(|(_, v)| *v));
    true
}

fn plan_is_money(field: Field) -> bool {
    field.value_type() == ValueType::Money
}

fn push_row<T>(table: &mut crate::model::Table<T>, row: T, extras: &[Sym]) {
    table.rows.push(row);
    table.extra_values.extend_from_slice(extras);
}

fn timestamp(d: DateTime) -> Timestamp {
    Timestamp(i64::from(d.day) * Timestamp::DAY + i64::from(d.secs.unwrap_or(0)))
}

fn count(field: Field, v: i64) -> Result<u64, (IssueKind, String)> {
    u64::try_from(v).map_err(|_| {
        (
            IssueKind::OutOfRange,
            format!("{} cannot be negative", field.name()),
        )
    })
}

/// Puts one typed value into the row. Errors are (kind, reason); `UnknownStatus` is a
/// warning, the others reject the row.
fn apply(
    kind: Kind,
    field: Field,
    val: Val,
    row: &mut Row,
    data: &mut Dataset,
    stages: &mut HashMap<Sym, (Sym, DealOutcome)>,
    statuses: &mut HashMap<Sym, Option<OrderStatus>>,
) -> Result<(), (IssueKind, String)> {
    use Field as F;
    match (kind, val) {
        (Kind::Customers, Val::Text(s)) => {
            let c = &mut row.customer;
            match field {
                F::Id => c.id = s,
                F::Name => c.name = s,
                F::FirstName => c.first_name = s,
                F::LastName => c.last_name = s,
                F::Email => c.email = s,
                F::Phone => c.phone = s,
                F::Gender => c.gender = s,
                F::Company => c.company = s,
                F::City => c.city = s,
                F::Region => c.region = s,
                F::Country => c.country = s,
                F::Segment => c.segment = s,
                F::Tags => c.tags = s,
                F::Channel => c.channel = s,
                F::Owner => c.owner = s,
                F::Status => {
                    c.status = s;
                    if standing(data.strings.get(s)).is_none() {
                        return Err((
                            IssueKind::UnknownStatus,
                            "neither churned nor active (nor a lead or prospect): left out of the churn rate".into(),
                        ));
                    }
                }
                _ => {}
            }
        }
        (Kind::Customers, Val::Date(d)) => match field {
            F::BirthDate => row.customer.birth_date = Some(Day(d.day)),
            F::Signup => row.customer.signup = Some(Day(d.day)),
            F::ChurnDate => row.customer.churn_date = Some(Day(d.day)),
            _ => {}
        },
        (Kind::Customers, Val::Num(n)) => match field {
            F::Tenure | F::TenureDays => {
                // Whole months; days are 30.4375 to the month (365.25 / 12).
                let per_month = if field == F::Tenure {
                    Money::SCALE
                } else {
                    304_375
                };
                let months = u32::try_from(n.scaled.div_euclid(per_month))
                    .map_err(|_| (IssueKind::OutOfRange, "tenure must not be negative".into()))?;
                row.customer.tenure_months = Some(months);
            }
            F::MonthlyCharges => row.customer.monthly_charges = Some(n.money()),
            F::TotalCharges => row.customer.total_charges = Some(n.money()),
            _ => {}
        },
        (Kind::Customers, Val::Int(v)) if field == F::Age => {
            if !(0..=150).contains(&v) {
                return Err((IssueKind::OutOfRange, "age must be 0–150".into()));
            }
            row.customer.age = Some(v as u16);
        }
        (Kind::Customers, Val::Bool(b)) => row.cells.churned = Some(b),
        (Kind::Orders, Val::Text(s)) => {
            let o = &mut row.order;
            match field {
                F::Id => o.id = s,
                F::CustomerId => row.cells.cust_id = s,
                F::CustomerEmail => row.cells.cust_email = s,
                F::CustomerName => row.cells.cust_name = s,
                F::Product => o.product = s,
                F::Category => o.category = s,
                F::Channel => o.channel = s,
                F::Status => {
                    o.status_text = s;
                    let status = *statuses
                        .entry(s)
                        .or_insert_with(|| order_status(data.strings.get(s)));
                    match status {
                        Some(st) => o.status = st,
                        None => {
                            o.status = OrderStatus::Completed;
                            return Err((
                                IssueKind::UnknownStatus,
                                "unknown order status: counted as completed".into(),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        (Kind::Orders, Val::Date(d)) => {
            row.order.date = Day(d.day);
            row.cells.has_date = true;
        }
        (Kind::Orders, Val::Num(n)) => match field {
            F::UnitPrice => row.cells.unit_price = Some(n.money()),
            F::Amount => row.cells.amount = Some(n.money()),
            F::Quantity => row.cells.quantity = Some(n),
            F::Discount => row.cells.discount = Some(n),
            _ => {}
        },
        (Kind::Deals, Val::Text(s)) => {
            let d = &mut row.deal;
            match field {
                F::Id => d.id = s,
                F::CustomerId => row.cells.cust_id = s,
                F::CustomerEmail => row.cells.cust_email = s,
                F::CustomerName => row.cells.cust_name = s,
                F::Title => d.title = s,
                F::Owner => d.owner = s,
                F::LostReason => d.lost_reason = s,
                F::Stage => {
                    let (stage, outcome) = *stages.entry(s).or_insert_with(|| {
                        let (name, outcome) = normalize_stage(data.strings.get(s));
                        (data.strings.intern(&name), outcome)
                    });
                    d.stage = stage;
                    row.cells.stage_outcome = outcome;
                }
                F::DealStatus => {
                    let (stage, outcome) = *stages.entry(s).or_insert_with(|| {
                        let (name, outcome) = normalize_stage(data.strings.get(s));
                        (data.strings.intern(&name), outcome)
                    });
                    row.cells.status_stage = stage;
                    row.cells.status_outcome = outcome;
                }
                _ => {}
            }
        }
        (Kind::Deals, Val::Date(dt)) => {
            let day = Some(Day(dt.day));
            match field {
                F::Created => row.deal.created = day,
                F::ExpectedClose => row.deal.expected_close = day,
                F::Closed => row.deal.closed = day,
                F::CloseDate => row.cells.close_date = day,
                _ => {}
            }
        }
        (Kind::Deals, Val::Num(n)) => match field {
            F::Amount => row.deal.amount = Some(n.money()),
            F::Probability => {
                let p = n.to_f64();
                if !(0.0..=100.0).contains(&p) {
                    return Err((IssueKind::OutOfRange, "probability must be 0–100 %".into()));
                }
                row.deal.probability = Some(p as f32);
            }
            _ => {}
        },
        (Kind::Deals, Val::Bool(b)) => row.cells.won = Some(b),
        (Kind::Tickets, Val::Text(s)) => {
            let t = &mut row.ticket;
            match field {
                F::Id => t.id = s,
                F::CustomerId => row.cells.cust_id = s,
                F::CustomerEmail => row.cells.cust_email = s,
                F::CustomerName => row.cells.cust_name = s,
                F::Channel => t.channel = s,
                F::IssueType => t.issue_type = s,
                F::Priority => t.priority = s,
                F::Status => t.status = s,
                _ => {}
            }
        }
        (Kind::Tickets, Val::Date(d)) => {
            let ts = Some(timestamp(d));
            match field {
                F::Opened => row.ticket.opened = ts,
                F::FirstResponse => row.ticket.first_response = ts,
                F::Resolved => row.ticket.resolved = ts,
                _ => {}
            }
        }
        (Kind::Tickets, Val::Num(n)) => match field {
            F::FirstResponseMinutes => row.cells.first_response_min = Some(n),
            F::ResolutionMinutes => row.cells.resolution_min = Some(n),
            _ => {}
        },
        (Kind::Tickets, Val::Int(v)) => match field {
            F::Csat => {
                if !(1..=5).contains(&v) {
                    return Err((IssueKind::OutOfRange, "satisfaction must be 1–5".into()));
                }
                row.ticket.csat = Some(v as u8);
            }
            F::Nps => {
                if !(0..=10).contains(&v) {
                    return Err((IssueKind::OutOfRange, "NPS must be 0–10".into()));
                }
                row.ticket.nps = Some(v as u8);
            }
            _ => {}
        },
        (Kind::Responses, Val::Text(s)) => {
            let r = &mut row.response;
            match field {
                F::Id => r.id = s,
                F::CustomerId => row.cells.cust_id = s,
                F::CustomerEmail => row.cells.cust_email = s,
                F::CustomerName => row.cells.cust_name = s,
                F::Campaign => r.campaign = s,
                F::Channel => r.channel = s,
                _ => {}
            }
        }
        (Kind::Responses, Val::Date(d)) => row.response.date = Some(Day(d.day)),
        (Kind::Responses, Val::Num(n)) => row.response.revenue = Some(n.money()),
        (Kind::Responses, Val::Bool(b)) => match field {
            F::Responded => row.response.responded = Some(b),
            F::Converted => row.response.converted = Some(b),
            _ => {}
        },
        (Kind::Campaigns, Val::Text(s)) => {
            let c = &mut row.campaign;
            match field {
                F::Id => c.id = s,
                F::Name => c.name = s,
                F::Channel => c.channel = s,
                _ => {}
            }
        }
        (Kind::Campaigns, Val::Date(d)) => match field {
            F::Start => row.campaign.start = Some(Day(d.day)),
            F::End => row.campaign.end = Some(Day(d.day)),
            _ => {}
        },
        (Kind::Campaigns, Val::Num(n)) => match field {
            F::Cost => row.campaign.cost = n.money(),
            F::Revenue => row.campaign.revenue = Some(n.money()),
            _ => {}
        },
        (Kind::Campaigns, Val::Int(v)) => {
            let v = Some(count(field, v)?);
            let c = &mut row.campaign;
            match field {
                F::Impressions => c.impressions = v,
                F::Clicks => c.clicks = v,
                F::Leads => c.leads = v,
                F::Conversions => c.conversions = v,
                F::Audience => c.audience = v,
                F::Holdout => c.holdout = v,
                F::HoldoutConversions => c.holdout_conversions = v,
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

/// `a * b / d` rounded half away from zero ([`div_round`]). The product is taken in 64 bits
/// when both factors fit in 32 (every real price and quantity): a 128-bit multiplication is
/// a library call in wasm.
fn mul_div_round(a: i128, b: i128, d: i128) -> i128 {
    match (i32::try_from(a), i32::try_from(b)) {
        (Ok(a), Ok(b)) => div_round(i128::from(i64::from(a) * i64::from(b)), d),
        _ => div_round(a * b, d),
    }
}

/// `a / b` rounded half away from zero. In 64 bits when `a` fits (every real amount):
/// 128-bit division is a slow library call in wasm.
fn div_round(a: i128, b: i128) -> i128 {
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

/// Combines the row's values (names, customer reference, amounts, outcomes) and checks what
/// is required. Returns false when the row must be rejected.
fn finish(
    kind: Kind,
    row: &mut Row,
    data: &mut Dataset,
    report: &mut Reporter<'_>,
    at: usize,
    analysis: &Analysis,
    failed: &[Field],
) -> bool {
    let customer = if !row.cells.cust_id.is_empty() {
        row.cells.cust_id
    } else if !row.cells.cust_email.is_empty() {
        row.cells.cust_email
    } else {
        row.cells.cust_name
    };
    let header = |f: Field| {
        analysis
            .mapping
            .column_of(f)
            .map_or(String::new(), |c| analysis.headers[c].clone())
    };
    match kind {
        Kind::Customers => {
            let c = &mut row.customer;
            if c.name.is_empty() && !(c.first_name.is_empty() && c.last_name.is_empty()) {
                let first = data.strings.get(c.first_name);
                let last = data.strings.get(c.last_name);
                let full = format!("{first} {last}");
                c.name = data.strings.intern(full.trim());
            }

            if let Some(churned) = row.cells.churned {
                if c.status.is_empty() {
                    c.status = data
                        .strings
                        .intern(if churned { "churned" } else { "active" });
                }
            }
        }
        Kind::Orders => {
            let o = &mut row.order;
            o.customer = customer;
            if !row.cells.has_date {
                if failed.contains(&Field::Date) {
                    return false;
                }
                report.push(
                    at,
                    &header(Field::Date),
                    "",
                    Severity::Error,
                    IssueKind::Missing,
                    "an order needs a date".into(),
                );
                return false;
            }
            let qty = row.cells.quantity.map_or(Money::SCALE, |q| q.scaled);
            o.quantity = qty as f64 / Money::SCALE as f64;
            o.unit_price = row.cells.unit_price;
            let gross = row
                .cells
                .unit_price
                .map(|p| mul_div_round(i128::from(p.0), i128::from(qty), i128::from(Money::SCALE)));
            let discount = match (row.cells.discount, gross) {
                (Some(d), Some(g)) if d.percent => Some(mul_div_round(
                    g,
                    i128::from(d.scaled),
                    100 * i128::from(Money::SCALE),
                )),
                (Some(d), None) if d.percent => None,
                (Some(d), _) => Some(i128::from(d.scaled)),
                (None, _) => None,
            };
            o.discount = discount.map(|d| Money(d as i64));
            match (row.cells.amount, gross) {
                (Some(a), Some(g)) => {
                    let a128 = i128::from(a.0);
                    let tolerance = i128::from(Money::SCALE / 100);
                    let net = g - discount.unwrap_or(0);
                    if (a128 - g).abs() > tolerance && (a128 - net).abs() > tolerance {
                        report.push(
                            at,
                            &header(Field::Amount),
                            &format!("{}", a.to_f64()),
                            Severity::Warning,
                            IssueKind::AmountMismatch,
                            format!(
                                "amount differs from unit price × quantity{} = {}",
                                if discount.is_some() {
                                    " − discount"
                                } else {
                                    ""
                                },
                                Money(net as i64).to_f64()
                            ),
                        );
                    }
                    o.amount = a;
                }
                (Some(a), None) => o.amount = a,
                (None, Some(g)) => o.amount = Money((g - discount.unwrap_or(0)) as i64),
                (None, None) => {
                    if failed.contains(&Field::Amount) || failed.contains(&Field::UnitPrice) {
                        return false;
                    }
                    report.push(
                        at,
                        &header(Field::Amount),
                        "",
                        Severity::Error,
                        IssueKind::Missing,
                        "an order needs an amount, or a unit price to compute it".into(),
                    );
                    return false;
                }
            }
        }
        Kind::Deals => {
            let d = &mut row.deal;
            d.customer = customer;
            d.outcome = row.cells.stage_outcome;
            if d.stage.is_empty() {
                d.stage = row.cells.status_stage;
            }
            if row.cells.status_outcome != DealOutcome::Open {
                d.outcome = row.cells.status_outcome;
            }
            match row.cells.won {
                Some(true) => d.outcome = DealOutcome::Won,
                Some(false) if d.outcome == DealOutcome::Won => report.push(
                    at,
                    &header(Field::Won),
                    "",
                    Severity::Warning,
                    IssueKind::Column,
                    "the stage says won but the won column says no: the stage is kept".into(),
                ),
                _ => {}
            }
            if let Some(day) = row.cells.close_date {
                if d.outcome == DealOutcome::Open {
                    d.expected_close = d.expected_close.or(Some(day));
                } else {
                    d.closed = d.closed.or(Some(day));
                }
            }
            if let (Some(created), Some(closed)) = (d.created, d.closed) {
                if closed < created {
                    report.push(
                        at,
                        "",
                        "",
                        Severity::Warning,
                        IssueKind::TimeOrder,
                        format!("closed {} before created {}", closed.iso(), created.iso()),
                    );
                }
            }
        }
        Kind::Tickets => {
            let t = &mut row.ticket;
            t.customer = customer;
            for (minutes, slot, field) in [
                (
                    row.cells.first_response_min,
                    &mut t.first_response,
                    Field::FirstResponseMinutes,
                ),
                (
                    row.cells.resolution_min,
                    &mut t.resolved,
                    Field::ResolutionMinutes,
                ),
            ] {
                let Some(m) = minutes else { continue };
                match t.opened {
                    Some(opened) if slot.is_none() => {
                        let secs = div_round(i128::from(m.scaled) * 60, i128::from(Money::SCALE));
                        let time = Timestamp(opened.0 + secs as i64);
                        if !time.in_range() {
                            report.push(
                                at,
                                &header(field),
                                &m.to_f64().to_string(),
                                Severity::Error,
                                IssueKind::OutOfRange,
                                "so many minutes after the opening time is outside the years \
                                 0–9999"
                                    .into(),
                            );
                            return false;
                        }
                        *slot = Some(time);
                    }
                    Some(_) => {}
                    None => report.push(
                        at,
                        &header(field),
                        "",
                        Severity::Warning,
                        IssueKind::Missing,
                        "minutes without an opening time: ignored".into(),
                    ),
                }
            }
            let before = |a: Option<Timestamp>, b: Option<Timestamp>| matches!((a, b), (Some(a), Some(b)) if b < a);
            let problem = if before(t.opened, t.first_response) {
                Some("first response before the ticket was opened")
            } else if before(t.opened, t.resolved) {
                Some("resolved before the ticket was opened")
            } else if before(t.first_response, t.resolved) {
                Some("resolved before the first response")
            } else {
                None
            };
            if let Some(reason) = problem {
                report.push(
                    at,
                    "",
                    "",
                    Severity::Warning,
                    IssueKind::TimeOrder,
                    reason.into(),
                );
            }
        }
        Kind::Responses => {
            row.response.customer = if customer.is_empty() {
                let n = data.responses.len() + 1;
                record_id(&mut data.strings, &analysis.file_name, n)
            } else {
                customer
            }
        }
        Kind::Campaigns => {
            let c = &row.campaign;
            if let (Some(start), Some(end)) = (c.start, c.end) {
                if end < start {
                    report.push(
                        at,
                        &header(Field::End),
                        "",
                        Severity::Warning,
                        IssueKind::TimeOrder,
                        format!("ends {} before it starts {}", end.iso(), start.iso()),
                    );
                }
            }
        }
    }
    true
}

/// The id given to the `n`-th record (from 1) of a file when it has none: `file#n`, with the
/// file's name without its folders, stable as long as the file is the same.
pub(crate) fn record_id(strings: &mut crate::model::Interner, file: &str, n: usize) -> Sym {
    let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
    strings.intern(&format!("{file}#{n}"))
}
