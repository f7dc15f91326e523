//! [`Parser`]: the loop over a file's rows. Each row's cells are read by their column's
//! plan into one record of the file's kind, which is completed, checked and staged at the
//! end of the row; every problem goes to the report with its position.

use super::plan::{self, Plan, Read, Val};
use super::report::IssueCounts;
use super::report::Reporter;
use super::row::{self, Context, Meanings, Row, RowEnd};
use super::{lookups, responses, ParseOptions, Parsed};
use crate::import::analyze::unclosed_quote;
use crate::import::issue::{Issue, IssueKind, Severity};
use crate::import::map::Field;
use crate::import::sniff::{reader, Rows};
use crate::import::written::QuoteTails;
use crate::import::Analysis;
use crate::model::{Dataset, Sym};

#[cfg(doc)]
use super::{parse, text_of};

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
    /// Byte offset in the text where the CSV starts: the analysis' for a whole file (or the
    /// first chunk of one), 0 for a later chunk.
    start: usize,
    plans: Vec<Plan>,
    data: Dataset,
    report: Reporter<'a>,
    rdr: Rows<'a>,
    record: csv::StringRecord,
    tails: QuoteTails<'a>,
    total: u64,
    position: u64,
    nothing_mapped: bool,
    meanings: Meanings,
    extras: Vec<Sym>,
    /// Fields of the current row whose value could not be read (not reported again as missing).
    failed: Vec<Field>,
    rows_read: u64,
    rows_rejected: u64,
    rows_empty: u64,
    /// Offset in the text of the last record read (for [`Parser::open_end`]).
    last_at: Option<usize>,
    done: bool,
}

impl<'a> Parser<'a> {
    /// Prepares to read `text` (from [`text_of`]) as `analysis` and `options` say.
    pub fn new(analysis: &'a Analysis, text: &'a str, options: &ParseOptions) -> Parser<'a> {
        let rows = usize::try_from(analysis.row_count).unwrap_or(0);
        Parser::of_part(analysis, text, options, true, rows)
    }

    /// A parser of one part of a file's text (see [`chunk`](crate::import::chunk)): the
    /// `first` part holds the preamble and the header, a later one only data rows, starting
    /// at a row. `rows`: room to reserve for the records.
    pub(crate) fn of_part(
        analysis: &'a Analysis,
        text: &'a str,
        options: &ParseOptions,
        first: bool,
        rows: usize,
    ) -> Parser<'a> {
        let tails = QuoteTails::new(text, analysis.delimiter);
        let text = text.as_bytes();
        let (data, plans, n_extra) = staging(analysis, options, rows);
        let report = Reporter::new(analysis, text, options);
        let start = if first {
            analysis.start.min(text.len())
        } else {
            0
        };
        let body = &text[start..];
        let mut rdr = reader(body, analysis.delimiter);
        let mut record = csv::StringRecord::new();
        for _ in 0..(analysis.header_record + 1) * usize::from(first) {
            if !rdr.read_record(&mut record).unwrap_or(false) {
                break;
            }
        }
        let mapping = &analysis.mapping;
        Parser {
            analysis,
            start,
            plans,
            data,
            report,
            rdr,
            record,
            tails,
            total: text.len() as u64,
            position: start as u64,
            nothing_mapped: analysis.lookup.is_none()
                && mapping.columns.iter().all(Option::is_none),
            meanings: Meanings::default(),
            extras: vec![Sym::EMPTY; n_extra],
            failed: Vec::new(),
            rows_read: 0,
            rows_rejected: 0,
            rows_empty: 0,
            last_at: None,
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
        let mut record = std::mem::take(&mut self.record);
        for _ in 0..max_rows {
            if !self.rdr.read_record(&mut record).unwrap_or(false) {
                self.done = true;
                self.position = self.total;
                break;
            }
            self.last_at = Some(self.start + record.position().map_or(0, |p| p.byte() as usize));
            if !observe(record.as_byte_record()) {
                self.done = true;
                self.position = self.total;
                break;
            }
            self.take_row(&record);
        }
        self.record = record;
        !self.done
    }

    /// Stages one data record, or counts why not.
    fn take_row(&mut self, record: &csv::StringRecord) {
        self.rows_read += 1;
        let at = self.start + record.position().map_or(0, |p| p.byte() as usize);
        self.position = at as u64;
        if record.iter().all(is_blank) {
            self.rows_empty += 1;
            let reason = "every cell is empty: row skipped".into();
            (self.report).push(at, "", "", Severity::Warning, IssueKind::EmptyRow, reason);
            return;
        }
        if self.nothing_mapped {
            self.rows_rejected += 1;
            return;
        }
        let mut row = Row::new(self.analysis.mapping.kind, self.analysis.lookup.as_ref());
        let error = self.read_cells(record, at, &mut row);
        let ncols = self.analysis.headers.len();
        if record.len() < ncols {
            let reason = format!(
                "the row has {} cells but the header has {ncols}: the missing ones are empty",
                record.len()
            );
            (self.report).push(
                at,
                "",
                "",
                Severity::Warning,
                IssueKind::TooFewCells,
                reason,
            );
        }
        let mut end = RowEnd {
            data: &mut self.data,
            report: &mut self.report,
            at,
            analysis: self.analysis,
            failed: &self.failed,
        };
        let staged = row.end(&mut end, error, &self.extras);
        self.rows_rejected += u64::from(!staged);
    }

    /// Reads the cells of `record` (at byte offset `at`) into `row` and the extra values,
    /// each by its column's plan, reporting those that cannot be read or taken; true when
    /// one of them is an error (the row is rejected).
    fn read_cells(&mut self, record: &csv::StringRecord, at: usize, row: &mut Row) -> bool {
        let Parser {
            analysis,
            plans,
            data,
            report,
            tails,
            meanings,
            extras,
            failed,
            ..
        } = self;
        let headers = &analysis.headers;
        failed.clear();
        extras.iter_mut().for_each(|e| *e = Sym::EMPTY);
        let mut error = false;
        for (i, cell) in record.iter().enumerate() {
            let Some(plan) = plans.get_mut(i) else {
                error |= extra_cell(report, record, (at, i), headers.len());
                continue;
            };
            let outcome = match plan.read(cell, (at, i), tails, &mut data.strings) {
                Read::Extra(j, text) => {
                    extras[j] = text;
                    continue;
                }
                Read::Nothing => continue,
                Read::Spaces => {
                    let reason = "only spaces: read as missing";
                    report.warn(at, &headers[i], cell, IssueKind::Blank, reason);
                    continue;
                }
                Read::Value(field, val) => {
                    if matches!(val, Val::Num(n) if n.rounded) {
                        let reason = "more than 4 decimals: rounded";
                        report.warn(at, &headers[i], cell, IssueKind::Rounded, reason);
                    }
                    let strings = &mut data.strings;
                    row.apply(field, val, &mut Context { strings, meanings })
                }
                Read::Bad(issue, reason) => Err((issue, reason)),
            };
            if let Err((issue, reason)) = outcome {
                failed.extend(analysis.mapping.columns[i]);
                error |= report.not_taken(at, &headers[i], cell, issue, reason);
            }
        }
        error
    }

    /// Byte offset in the text where the rows start (after the preamble and the header in
    /// the first part of a file).
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// True when the text ends inside a quoted cell of its last record: for a part of a
    /// file, its end was not the end of a row.
    pub(crate) fn open_end(&self, text: &str) -> bool {
        self.last_at.is_some_and(|at| {
            let rest = text.as_bytes().get(at..).unwrap_or_default();
            unclosed_quote(rest, self.analysis.delimiter, true).is_some()
        })
    }

    /// What a part of a file gave (see [`chunk`](crate::import::chunk)): its staged
    /// records, its row issues (lines counted from the part's start) and counts, and
    /// `(rows read, rejected, empty)`. The whole-file notes are left to the combination.
    pub(crate) fn finish_part(self) -> (Dataset, Vec<Issue>, IssueCounts, [u64; 3]) {
        let (issues, counts) = self.report.rows_only();
        let rows = [self.rows_read, self.rows_rejected, self.rows_empty];
        (self.data, issues, counts, rows)
    }

    /// The result: what was read so far (`cancelled`: the caller stopped early, and
    /// [`merge`](crate::import::merge) will leave the file out).
    pub fn finish(mut self, cancelled: bool) -> Parsed {
        if let Some(note) = responses::one_arm(self.analysis, &self.data) {
            self.report.note(note);
        }
        Parsed {
            file_name: self.analysis.file_name.clone(),
            kind: self.analysis.mapping.kind,
            data: self.data,
            issues: self.report.issues,
            issue_counts: self.report.counts,
            rows_read: self.rows_read,
            rows_rejected: self.rows_rejected,
            rows_empty: self.rows_empty,
            cancelled,
        }
    }
}

/// The staging dataset of a file, with room for its rows, and the plans of its columns:
/// the extra columns are named in the kind's table, or a lookup file's in its lookup.
/// Also the number of extra columns.
fn staging(
    analysis: &Analysis,
    options: &ParseOptions,
    rows: usize,
) -> (Dataset, Vec<Plan>, usize) {
    let mut data = Dataset::default();
    // Room for a distinct id per row (orders, deals, tickets ids are), so the interner
    // and the table grow once instead of doubling all the way.
    data.strings.reserve(rows, rows * 8);
    let (plans, extra_columns) = plan::plans(analysis, options, &mut data.strings);
    let n_extra = extra_columns.len();
    let kind = analysis.mapping.kind;
    match &analysis.lookup {
        Some(target) => {
            row::prepare(&mut data, kind, rows, None);
            lookups::stage(&mut data, analysis, target, extra_columns);
        }
        None => row::prepare(&mut data, kind, rows, Some(extra_columns)),
    }
    (data, plans, n_extra)
}

/// Reports cell `i` of `record` (at byte offset `at`) beyond the header's `columns`, unless
/// it is blank; true when it is reported (an error: the row is rejected).
fn extra_cell(
    report: &mut Reporter,
    record: &csv::StringRecord,
    (at, i): (usize, usize),
    columns: usize,
) -> bool {
    let cell = &record[i];
    if is_blank(cell) {
        return false;
    }
    let reason = format!(
        "the row has {} cells but the header has {columns}: extra cell {}",
        record.len(),
        i + 1
    );
    report.push(
        at,
        "",
        cell,
        Severity::Error,
        IssueKind::TooManyCells,
        reason,
    );
    true
}

/// True for a cell of spaces only (or empty).
#[inline]
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.chars().all(|c| c.is_whitespace() || c == '\u{a0}'),
    }
}
