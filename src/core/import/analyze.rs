//! Stages 1–3 at once: [`analyze`] (or the resumable [`Analyzer`]) decodes a file, finds
//! its delimiter and header, profiles every column over the rows ([`ColumnProfile`]) and
//! decides the kind and the mapping; the result is an [`Analysis`], which the review screen
//! edits before [`parse`](super::parse) reads the rows by it. Hostile files (too large,
//! too many columns, a row too long, a quote never closed) end here in an [`ImportError`].

use super::issue::{ImportError, Issue, IssueKind, Severity};
use super::map::{self, Field, Mapping, ValueType};
use super::profile::{self, ColumnProfile, Watch};
use super::value::{date_shape, DateOrder, DateShape, DecimalSep};
use super::{decode, lookup, sniff, written, TextEncoding};
#[cfg(doc)]
use super::{parse, read, ParseOptions, Parser};
use crate::model::Kind;

/// How many rows are profiled in full (every column, every check) during analysis; after
/// these, only columns whose reading still depends on the data (numeric dates, decimal
/// separators) are looked at.
pub(super) const PROFILE_ROWS: u64 = 1000;
/// Rows kept for the preview.
const SAMPLE_ROWS: usize = 20;

/// The largest file the importer reads (250 MB). A browser tab holds the file's bytes, the
/// staged records and the dataset at once in one wasm memory (at most 4 GiB, and tabs get
/// killed well before): 250 MB is about four million order lines, and the UI refuses a
/// bigger file from its size alone, before reading it ([`check_size`]).
pub const MAX_FILE_BYTES: u64 = 250_000_000;
/// The most columns a file may have. Real CRM exports have tens to a few hundred; a file
/// with thousands is a pivot table or not a CRM export, and its mapping screen and preview
/// would not be usable.
pub const MAX_COLUMNS: usize = 1000;
/// The longest row, in bytes (1 MB): long notes fit many times over; a longer row is a file
/// without line breaks or a quote that swallowed the rest of the file.
pub const MAX_ROW_BYTES: usize = 1_000_000;

/// Refuses a file by its size alone, so a caller can check before reading it.
pub fn check_size(bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_FILE_BYTES {
        Err(ImportError::TooLarge { bytes })
    } else {
        Ok(())
    }
}

/// Where a quoted cell opens and is not closed in `rest` (the text from the start of a
/// record): the byte offset of the quote and the column index. `None` when the record ends
/// outside quotes. With `to_end`, "not closed" means before the end of the text (the last
/// record); else before the end of the record's first line (a row too long to read).
pub(super) fn unclosed_quote(rest: &[u8], delimiter: u8, to_end: bool) -> Option<(usize, usize)> {
    let mut i = rest
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(rest.len());
    let (mut column, mut field_start, mut open) = (0usize, true, None::<usize>);
    while i < rest.len() {
        let b = rest[i];
        if open.is_some() {
            if !to_end && matches!(b, b'\r' | b'\n') {
                break;
            }
            if b == b'"' {
                if rest.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else if b == delimiter {
            column += 1;
            field_start = true;
            i += 1;
            continue;
        } else if matches!(b, b'\r' | b'\n') {
            return None;
        } else if b == b'"' && field_start {
            open = Some(i);
        }
        field_start = false;
        i += 1;
    }
    open.map(|at| (at, column))
}
/// A choice the user must make: the column's numeric dates read either way.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateDecision {
    /// The column's index in the file (0-based), as in [`Analysis::headers`].
    pub column: usize,
    /// Its name, as in [`Analysis::headers`].
    pub header: String,
    /// The order used unless the user picks the other one (in [`ParseOptions::date_orders`]).
    pub default: DateOrder,
    /// A few values whose meaning depends on the choice.
    pub examples: Vec<String>,
}

/// What the importer decided about a file, before reading its rows into records. Edit
/// `kind`/`mapping` through [`Analysis::set_kind`] and [`Analysis::assign`], and date orders
/// through [`ParseOptions`]; then call [`parse`].
///
/// Serialisable for the parallel import's workers ([`chunk`](super::chunk)), which parse
/// UTF-8 text: the encoding is not sent (it reads back as UTF-8).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    /// The file's name as the caller gave it: issues and the report name the file by it.
    pub file_name: String,
    /// The encoding the bytes were decoded with (a BOM's, else the detected one).
    #[serde(skip, default = "utf8")]
    pub encoding: TextEncoding,
    /// The delimiter [`sniff`](super::sniff) chose.
    pub delimiter: u8,
    /// Byte offset (in the decoded text) where the CSV starts (after a `sep=` line).
    pub start: usize,
    /// Index of the header record from `start` (records before it are a preamble).
    pub header_record: usize,
    /// Physical line (1-based) of the header row.
    pub header_line: u64,
    /// Column names: the header cells trimmed, an empty one named `Column N`.
    pub headers: Vec<String>,
    /// The header row's cells as written (see [`Analysis::headers`] for their names).
    pub header_cells: Vec<String>,
    /// The detected (or chosen) kind.
    pub kind: Kind,
    /// How well the headers fit each kind (higher is better), in [`Kind::ALL`] order.
    pub kind_scores: Vec<(Kind, u32)>,
    /// Which column feeds which field.
    pub mapping: Mapping,
    /// One profile per column, in the file's order: what its cells look like.
    pub columns: Vec<ColumnProfile>,
    /// Date columns (mapped to a date field) whose day/month order the data cannot tell.
    pub date_decisions: Vec<DateDecision>,
    /// Data rows (records after the header, including rows of empty cells).
    pub row_count: u64,
    /// The first rows' cells, as written (quotes removed, and the spaces after a closing
    /// quote).
    pub sample_rows: Vec<Vec<String>>,
    /// File-level notes (encoding replacements, skipped preamble, columns left unmapped
    /// because their values do not fit).
    pub notes: Vec<Issue>,
    /// Read as a lookup file instead of records ([`Analysis::set_lookup`]).
    pub lookup: Option<lookup::LookupTarget>,
}

/// What a deserialised [`Analysis`] says of its encoding.
fn utf8() -> TextEncoding {
    TextEncoding::UTF8
}

/// Counts line breaks (`\r\n`, `\n` and a lone `\r` are one each) up to increasing byte
/// offsets, so physical line numbers cost one pass however many are asked for.
#[derive(Clone, Debug, Default)]
pub(crate) struct LineCounter {
    pos: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line of byte offset `at` (offsets must not decrease between calls).
    /// A record's position may point at the line break(s) before it (the `csv` crate
    /// consumes a CRLF's `\n` and skipped blank lines with the next record): they are
    /// stepped over, as a record never starts with a raw line break.
    pub(crate) fn line_at(&mut self, text: &[u8], at: usize) -> u64 {
        let mut at = at.min(text.len());
        while at < text.len() && matches!(text[at], b'\r' | b'\n') {
            at += 1;
        }
        if at < self.pos {
            *self = LineCounter::default();
        }
        let mut i = self.pos;
        while i < at {
            match text[i] {
                b'\n' => self.line += 1,
                b'\r' if text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            i += 1;
        }
        self.pos = at;
        self.line + 1
    }
}

/// The display names of header cells: trimmed, an empty one named `Column N`.
fn header_names(cells: &[String]) -> Vec<String> {
    let name = |(i, h): (usize, &String)| {
        let h = h.trim_start_matches('\u{feff}').trim();
        if h.is_empty() {
            format!("Column {}", i + 1)
        } else {
            h.to_string()
        }
    };
    cells.iter().enumerate().map(name).collect()
}

/// Analyzes a file: encoding, delimiter, header, kind (from the headers and the file name,
/// or `hint`), the automatic mapping, per-column profiles (day/month order decided from the
/// whole column), the row count and a preview. All at once: see [`Analyzer`] to read the
/// rows in slices instead.
pub fn analyze(file_name: &str, bytes: &[u8], hint: Option<Kind>) -> Result<Analysis, ImportError> {
    check_size(bytes.len() as u64)?;
    let decoded = decode::decode(bytes)?;
    let mut analyzer = Analyzer::new(file_name, &decoded, hint)?;
    while analyzer.step(u64::MAX) {}
    analyzer.finish()
}

/// The note [`Analysis::refresh_kind_note`] writes.
fn is_kind_note(n: &Issue) -> bool {
    n.kind == IssueKind::Column && n.line.is_none() && n.reason.contains(" column recognised as ")
}

/// A warning about the whole file.
fn file_note(file_name: &str, kind: IssueKind, reason: String) -> Issue {
    Issue {
        file: file_name.to_string(),
        line: None,
        column: String::new(),
        value: String::new(),
        severity: Severity::Warning,
        kind,
        reason,
    }
}

/// Analyzes a decoded file in slices of rows, so a caller can show progress and stay
/// responsive between slices (the same result as [`analyze`], however it is sliced):
///
/// ```text
/// let decoded = decode::decode(&bytes)?;
/// let mut analyzer = Analyzer::new(name, &decoded, None)?;
/// while analyzer.step(50_000) { /* report analyzer.position(), yield */ }
/// let analysis = analyzer.finish()?;
/// ```
///
/// A hostile file stops the reading at the first row that says so (too long, a quote never
/// closed) and `finish` returns that [`ImportError`].
pub struct Analyzer<'a> {
    file_name: String,
    hint: Option<Kind>,
    encoding: TextEncoding,
    sniffed: sniff::Sniffed,
    header_line: u64,
    headers: Vec<String>,
    header_cells: Vec<String>,
    notes: Vec<Issue>,
    rdr: sniff::Rows<'a>,
    tails: written::QuoteTails<'a>,
    /// The profiled rows are read as text, the rest as bytes (not validated again: the
    /// decoded text is UTF-8 already).
    record: csv::StringRecord,
    bytes: csv::ByteRecord,
    columns: Vec<ColumnProfile>,
    /// Each column's [`ColumnProfile::watch`], once the profiled rows are read.
    watch: Vec<Watch>,
    row_count: u64,
    sample_rows: Vec<Vec<String>>,
    position: u64,
    total: u64,
    /// The decoded text (for line numbers) and the CSV body within it.
    text: &'a [u8],
    body: &'a [u8],
    lines: LineCounter,
    /// Byte offset (in `body`) of the last record read, for the unclosed-quote check.
    last_start: usize,
    error: Option<ImportError>,
}

/// Refuses a record longer than [`MAX_ROW_BYTES`] (most often a quote never closed: then
/// says where it opened, naming the column from `headers`); remembers where it started.
fn check_row(
    record: &csv::ByteRecord,
    (text, start, delimiter): (&[u8], usize, u8),
    headers: &[String],
    lines: &mut LineCounter,
    last_start: &mut usize,
) -> Result<(), ImportError> {
    let at = record.position().map_or(0, |p| p.byte() as usize);
    *last_start = at;
    let len = record.as_slice().len() + record.len();
    if len > MAX_ROW_BYTES {
        let rest = &text[start + at..];
        if let Some((quote, column)) = unclosed_quote(rest, delimiter, false) {
            let line = lines.line_at(text, start + at + quote);
            let column = headers.get(column).cloned().unwrap_or_default();
            return Err(ImportError::UnclosedQuote { line, column });
        }
        let line = lines.line_at(text, start + at);
        return Err(ImportError::RowTooLong { line, bytes: len });
    }
    Ok(())
}

/// Skips the preamble and reads the header row into `record`, checking each row read
/// ([`check_row`]) and the number of columns; returns the header's physical line.
fn read_header(
    (rdr, record): (&mut sniff::Rows<'_>, &mut csv::StringRecord),
    sniffed: &sniff::Sniffed,
    text: &[u8],
    lines: &mut LineCounter,
    last_start: &mut usize,
) -> Result<u64, ImportError> {
    let mut header_line = 1;
    for i in 0..=sniffed.header_record {
        if !rdr.read_record(record).unwrap_or(false) {
            return Err(ImportError::NoHeader);
        }
        if i == sniffed.header_record {
            let at = sniffed.start + record.position().map_or(0, |p| p.byte() as usize);
            header_line = lines.line_at(text, at);
        }
        let layout = (text, sniffed.start, sniffed.delimiter);
        check_row(record.as_byte_record(), layout, &[], lines, last_start)?;
    }
    if record.len() > MAX_COLUMNS {
        return Err(ImportError::TooManyColumns {
            columns: record.len(),
            line: header_line,
        });
    }
    Ok(header_line)
}

/// The notes on the whole file known once its header is read: bytes that were not valid
/// in its encoding, rows skipped before the header.
fn header_notes(
    file_name: &str,
    decoded: &decode::Decoded<'_>,
    sniffed: &sniff::Sniffed,
    header_line: u64,
) -> Vec<Issue> {
    let mut notes = Vec::new();
    let note = |kind: IssueKind, reason: String| file_note(file_name, kind, reason);
    if decoded.replaced {
        notes.push(note(
            IssueKind::Encoding,
            format!(
                "some bytes are not valid {}: they were replaced by \u{FFFD}",
                decoded.encoding.name()
            ),
        ));
    }
    if sniffed.header_record > 0 {
        notes.push(note(
            IssueKind::Preamble,
            format!(
                "{} row(s) before the header row (line {header_line}) were skipped",
                sniffed.header_record
            ),
        ));
    }
    notes
}

impl<'a> Analyzer<'a> {
    /// Reads the header of a decoded file (from [`decode::decode`]).
    pub fn new(
        file_name: &str,
        decoded: &'a decode::Decoded<'_>,
        hint: Option<Kind>,
    ) -> Result<Analyzer<'a>, ImportError> {
        let text: &str = &decoded.text;
        let sniffed = sniff::sniff(text)?;
        let body = &text.as_bytes()[sniffed.start..];
        let mut rdr = sniff::reader(body, sniffed.delimiter);
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter::default();
        let mut last_start = 0usize;
        let header_line = read_header(
            (&mut rdr, &mut record),
            &sniffed,
            text.as_bytes(),
            &mut lines,
            &mut last_start,
        )?;
        let notes = header_notes(file_name, decoded, &sniffed, header_line);
        let mut tails = written::QuoteTails::new(text, sniffed.delimiter);
        let header_cells = tails.cells(&record, sniffed.start);
        let headers = header_names(&header_cells);
        let columns = vec![ColumnProfile::default(); headers.len()];
        Ok(Analyzer {
            file_name: file_name.to_string(),
            hint,
            encoding: decoded.encoding,
            position: sniffed.start as u64,
            total: text.len() as u64,
            sniffed,
            header_line,
            headers,
            header_cells,
            notes,
            rdr,
            tails,
            record,
            bytes: csv::ByteRecord::new(),
            columns,
            watch: Vec::new(),
            row_count: 0,
            sample_rows: Vec::new(),
            text: text.as_bytes(),
            body,
            lines,
            last_start,
            error: None,
        })
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.row_count
    }

    /// Bytes of decoded text read so far, and in all.
    pub fn position(&self) -> (u64, u64) {
        (self.position, self.total)
    }

    /// Reads up to `max_rows` more rows; false once the file is done.
    pub fn step(&mut self, max_rows: u64) -> bool {
        let mut n = 0u64;
        let mut more = true;
        // The profiled rows are read as text, the rest as bytes.
        let mut record = std::mem::take(&mut self.record);
        while more && n < max_rows && self.row_count < PROFILE_ROWS {
            more = self.rdr.read_record(&mut record).unwrap_or(false)
                && self.check(record.as_byte_record());
            if more {
                for (profile, cell) in self.columns.iter_mut().zip(record.iter()) {
                    profile.observe(cell, true);
                }
                if self.sample_rows.len() < SAMPLE_ROWS {
                    let cells = self.tails.cells(&record, self.sniffed.start);
                    self.sample_rows.push(cells);
                }
                self.count(record.as_byte_record());
            }
            n += 1;
        }
        self.record = record;
        let mut bytes = std::mem::take(&mut self.bytes);
        while more && n < max_rows {
            more = self.rdr.read_byte_record(&mut bytes).unwrap_or(false) && self.observe(&bytes);
            n += 1;
        }
        self.bytes = bytes;
        if !more {
            self.position = self.total;
        }
        more
    }

    /// [`check_row`] of a data record; false (with the error kept for
    /// [`Analyzer::finish`]) when the file cannot be imported.
    fn check(&mut self, record: &csv::ByteRecord) -> bool {
        if self.error.is_some() {
            return false;
        }
        let text = (self.text, self.sniffed.start, self.sniffed.delimiter);
        let checked = check_row(
            record,
            text,
            &self.headers,
            &mut self.lines,
            &mut self.last_start,
        );
        self.error = checked.err();
        self.error.is_none()
    }

    /// Counts a data record read.
    fn count(&mut self, record: &csv::ByteRecord) {
        self.row_count += 1;
        self.position = self.sniffed.start as u64 + record.position().map_or(0, |p| p.byte());
    }

    /// The number of data rows, estimated from the rows read so far (for reserving room).
    pub(super) fn estimated_rows(&self) -> u64 {
        let start = self.sniffed.start as u64;
        let (read, all) = (
            self.position.saturating_sub(start),
            self.total.saturating_sub(start),
        );
        if read == 0 {
            return self.row_count;
        }
        let estimate = u128::from(self.row_count) * u128::from(all) / u128::from(read);
        u64::try_from(estimate).unwrap_or(u64::MAX).min(all)
    }

    /// Takes in a record after the profiled rows (read by [`Analyzer::step`], or by the
    /// parser of [`read`] going through the same text): its whole-file evidence. False once
    /// the file cannot be imported (see [`Analyzer::finish`]).
    pub(super) fn observe(&mut self, record: &csv::ByteRecord) -> bool {
        if !self.check(record) {
            return false;
        }
        if self.watch.len() != self.columns.len() {
            self.watch = self.columns.iter().map(ColumnProfile::watch).collect();
        }
        let columns = self.columns.iter_mut().zip(&self.watch);
        for ((profile, &watch), cell) in columns.zip(record.iter()) {
            profile.observe_bytes(cell, watch);
        }
        self.count(record);
        true
    }

    /// Where the rows not read yet start, as an offset in the text.
    pub(super) fn next_row(&self) -> usize {
        self.sniffed.start + self.rdr.position().byte() as usize
    }

    /// The column profiles of the rows read so far.
    pub(super) fn columns(&self) -> &[ColumnProfile] {
        &self.columns
    }

    /// Takes in a part's whole-file evidence (see [`PartObserver`]), `base` being the
    /// profiles it started from, `at` where the part starts in the text and `lines` the
    /// line breaks before it; parts must come in the file's order. False once the file
    /// cannot be imported (see [`Analyzer::finish`]).
    pub(super) fn absorb(
        &mut self,
        base: &[ColumnProfile],
        evidence: &Evidence,
        (at, lines): (usize, u64),
    ) -> bool {
        if self.error.is_some() {
            return false;
        }
        if let Some(last) = evidence.last_start {
            self.last_start = (at + last as usize).saturating_sub(self.sniffed.start);
        }
        if let Some(e) = &evidence.error {
            self.error = Some(e.clone().at_line(lines));
            return false;
        }
        for ((profile, base), part) in self.columns.iter_mut().zip(base).zip(&evidence.columns) {
            profile.absorb(base, part);
        }
        self.row_count += evidence.rows;
        true
    }

    /// The analysis of what was read (the whole file once [`Analyzer::step`] said so), or
    /// why the file cannot be imported.
    pub fn finish(self) -> Result<Analysis, ImportError> {
        self.decide()
    }

    /// The analysis of the rows read so far (as [`Analyzer::finish`] would give it now).
    pub(super) fn decide(&self) -> Result<Analysis, ImportError> {
        let Analyzer {
            ref file_name,
            hint,
            encoding,
            ref sniffed,
            header_line,
            ref headers,
            ref header_cells,
            ref notes,
            ref columns,
            row_count,
            ref sample_rows,
            text,
            body,
            last_start,
            ref error,
            ..
        } = *self;
        let (sniffed, headers, notes) = (sniffed.clone(), headers.clone(), notes.clone());
        let (mut columns, sample_rows) = (columns.clone(), sample_rows.clone());
        if let Some(e) = error {
            return Err(e.clone());
        }
        if let Some((at, column)) = unclosed_quote(&body[last_start..], sniffed.delimiter, true) {
            let line = LineCounter::default().line_at(text, sniffed.start + last_start + at);
            return Err(ImportError::UnclosedQuote {
                line,
                column: headers.get(column).cloned().unwrap_or_default(),
            });
        }
        profile::decide(&mut columns);
        let mut analysis = Analysis {
            file_name: file_name.to_string(),
            encoding,
            delimiter: sniffed.delimiter,
            start: sniffed.start,
            header_record: sniffed.header_record,
            header_line,
            headers,
            header_cells: header_cells.clone(),
            kind: Kind::Customers,
            kind_scores: Vec::new(),
            mapping: Mapping {
                kind: Kind::Customers,
                columns: Vec::new(),
            },
            columns,
            date_decisions: Vec::new(),
            row_count,
            sample_rows,
            notes,
            lookup: None,
        };
        analysis.choose_kind(hint);
        Ok(analysis)
    }
}

/// What a part of a file's rows says about the whole file (see [`PartObserver`]), for
/// [`Analyzer::absorb`].
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Evidence {
    /// The column profiles, having started from the profiled rows' (the base).
    columns: Vec<ColumnProfile>,
    /// Rows observed.
    rows: u64,
    /// Offset in the part of the last row observed.
    last_start: Option<u64>,
    /// Why the file cannot be imported (a row too long, a quote never closed), with the line
    /// counted from the part's start.
    error: Option<RowError>,
}

/// The errors a row can give ([`ImportError::RowTooLong`], [`ImportError::UnclosedQuote`]),
/// serialisable.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
enum RowError {
    TooLong { line: u64, bytes: usize },
    UnclosedQuote { line: u64, column: String },
}

impl RowError {
    fn of(e: ImportError) -> RowError {
        match e {
            ImportError::RowTooLong { line, bytes } => RowError::TooLong { line, bytes },
            ImportError::UnclosedQuote { line, column } => RowError::UnclosedQuote { line, column },
            other => unreachable!("a row gives no {other:?}"),
        }
    }

    /// The error, `lines` line breaks further down the file.
    fn at_line(self, lines: u64) -> ImportError {
        match self {
            RowError::TooLong { line, bytes } => ImportError::RowTooLong {
                line: line + lines,
                bytes,
            },
            RowError::UnclosedQuote { line, column } => ImportError::UnclosedQuote {
                line: line + lines,
                column,
            },
        }
    }
}

/// [`Analyzer::observe`] over a part of a file's text (a worker's, see
/// [`chunk`](super::chunk)): the rows at or after `from` are checked and their whole-file
/// evidence taken into profiles that start as the profiled rows' ones.
pub(super) struct PartObserver<'a> {
    text: &'a [u8],
    /// Where the rows start in `text`.
    start: usize,
    delimiter: u8,
    headers: &'a [String],
    from: usize,
    lines: LineCounter,
    /// Each column's [`ColumnProfile::watch`] (the part starts past the profiled rows).
    watch: Vec<Watch>,
    evidence: Evidence,
}

impl<'a> PartObserver<'a> {
    /// Observes the rows of `text` (a part of a file read by `analysis`, its rows starting at
    /// `start`) from offset `from` on, into `columns`.
    pub(super) fn new(
        analysis: &'a Analysis,
        text: &'a str,
        (start, from): (usize, usize),
        columns: Vec<ColumnProfile>,
    ) -> PartObserver<'a> {
        PartObserver {
            text: text.as_bytes(),
            start,
            delimiter: analysis.delimiter,
            headers: &analysis.headers,
            from,
            lines: LineCounter::default(),
            watch: columns.iter().map(ColumnProfile::watch).collect(),
            evidence: Evidence {
                columns,
                rows: 0,
                last_start: None,
                error: None,
            },
        }
    }

    /// Takes in a record of the part; false once the file cannot be imported.
    pub(super) fn observe(&mut self, record: &csv::ByteRecord) -> bool {
        let at = self.start + record.position().map_or(0, |p| p.byte() as usize);
        if at < self.from {
            return true;
        }
        if self.evidence.error.is_some() {
            return false;
        }
        let mut last = 0;
        let layout = (self.text, self.start, self.delimiter);
        let checked = check_row(record, layout, self.headers, &mut self.lines, &mut last);
        self.evidence.last_start = Some((self.start + last) as u64);
        if let Err(e) = checked {
            self.evidence.error = Some(RowError::of(e));
            return false;
        }
        let columns = self.evidence.columns.iter_mut().zip(&self.watch);
        for ((profile, &watch), cell) in columns.zip(record.iter()) {
            profile.observe_bytes(cell, watch);
        }
        self.evidence.rows += 1;
        true
    }

    pub(super) fn finish(self) -> Evidence {
        self.evidence
    }
}

impl Analysis {
    /// Scores every kind by its automatic mapping (nudged by the file name) and switches
    /// to the best, or to `hint`. A file whose headers name no field gets a note saying so.
    fn choose_kind(&mut self, hint: Option<Kind>) {
        let mut best = (Kind::Customers, 0u32);
        let keys = map::header_keys(&self.headers);
        // Every kind's mapping is made to score it: the chosen one is kept, not made again.
        let mut mappings = Vec::with_capacity(Kind::ALL.len());
        for kind in Kind::ALL {
            let (mapping, score) = self.mapping_of_keys(kind, &keys);
            let score = score + map::file_name_hint(&self.file_name, kind) * u32::from(score > 0);
            self.kind_scores.push((kind, score));
            mappings.push(mapping);
            if score > best.1 {
                best = (kind, score);
            }
        }
        if best.1 == 0 && hint.is_none() {
            self.notes.push(file_note(
                &self.file_name,
                IssueKind::Column,
                "no column name was recognised: choose the kind and the mapping by hand".into(),
            ));
        }
        let kind = hint.unwrap_or(best.0);
        let i = Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        self.set_kind_mapping(kind, mappings.swap_remove(i));
        if best.1 == 0 || hint.is_some() {
            self.notes.retain(|n| !is_kind_note(n));
        }
    }

    /// What [`Parser`] reads the rows by (all but the counts of the profiles): two analyses
    /// that agree on it parse every row alike (see [`read`]).
    pub(super) fn reading(&self) -> impl PartialEq + '_ {
        let columns: Vec<_> = self
            .columns
            .iter()
            .map(|p| {
                let serial = p.is_serial_dates();
                (p.date_order, serial, p.decimal, p.fractions, p.max_abs)
            })
            .collect();
        let file = (&self.file_name, self.encoding, self.delimiter, self.start);
        let layout = (self.header_record, &self.headers, &self.mapping);
        (file, layout, columns, &self.date_decisions, &self.notes)
    }

    /// The automatic mapping for `kind`, skipping columns whose values do not fit a field
    /// (e.g. a "Created" column of free text is not mapped to a date field).
    fn auto_mapping(&self, kind: Kind) -> (Mapping, u32) {
        self.mapping_of_keys(kind, &map::header_keys(&self.headers))
    }

    /// [`Analysis::auto_mapping`] with the headers' keys made once for every kind.
    fn mapping_of_keys(&self, kind: Kind, keys: &[map::HeaderKey]) -> (Mapping, u32) {
        let (mut mapping, mut score) = map::mapping_of_keys(kind, keys);
        for (column, slot) in mapping.columns.iter_mut().enumerate() {
            if let Some(field) = *slot {
                if !self.fits(field, column) {
                    *slot = None;
                    score = score.saturating_sub(1);
                }
            }
        }
        (mapping, score)
    }

    /// True when the profiled values of `column` can feed `field`.
    pub fn fits(&self, field: Field, column: usize) -> bool {
        let Some(p) = self.columns.get(column) else {
            return false;
        };
        if p.profiled == 0 {
            return true;
        }
        match field.value_type() {
            _ if field == Field::Csat => (p.numbers + p.ratings) * 2 > p.profiled,
            // A name is not a count: a bank's `campaign` column (calls made) names no
            // campaign.
            _ if matches!(field, Field::Name | Field::Campaign) => !p.is_numbers(),
            ValueType::Date | ValueType::DateTime => p.is_dates(),
            ValueType::Money | ValueType::Number | ValueType::Integer => p.is_numbers(),
            ValueType::Bool => p.bools * 2 > p.profiled,
            ValueType::Text => true,
        }
    }

    /// Reads the file as a lookup for `target` (`None`: as records of its kind again). The
    /// note on a weakly recognised kind goes with the kind.
    pub fn set_lookup(&mut self, target: Option<lookup::LookupTarget>) {
        self.lookup = target.filter(|t| t.column < self.headers.len());
        self.refresh_kind_note();
    }

    /// Switches to `kind` with its automatic mapping (records, not a lookup).
    pub fn set_kind(&mut self, kind: Kind) {
        let mapping = self.auto_mapping(kind).0;
        self.set_kind_mapping(kind, mapping);
    }

    /// [`Analysis::set_kind`] with the kind's automatic mapping made already.
    fn set_kind_mapping(&mut self, kind: Kind, mapping: Mapping) {
        self.lookup = None;
        self.kind = kind;
        self.mapping = mapping;
        self.refresh_decisions();
        self.refresh_kind_note();
    }

    /// The note that only one column (or none) is recognised as the kind, for the current
    /// kind; none for a lookup file.
    fn refresh_kind_note(&mut self) {
        self.notes.retain(|n| !is_kind_note(n));
        let mapped = self.mapping.pairs().len();
        if self.lookup.is_none() && mapped <= 1 && self.kind_scores.iter().any(|(_, s)| *s > 0) {
            self.notes.push(file_note(
                &self.file_name,
                IssueKind::Column,
                format!(
                    "only {mapped} column recognised as {}: check the kind and the mapping",
                    self.kind.as_str()
                ),
            ));
        }
    }

    /// Feeds `field` from `column` (or from nothing), as the mapping screen's dropdowns do.
    pub fn assign(&mut self, field: Field, column: Option<usize>) {
        self.mapping.assign(field, column);
        self.refresh_decisions();
    }

    /// Replaces the whole mapping (e.g. one remembered for this header set). Ignored when
    /// it is for another number of columns; switches the kind to the mapping's.
    pub fn set_mapping(&mut self, mapping: Mapping) {
        if mapping.columns.len() == self.headers.len() {
            self.kind = mapping.kind;
            self.mapping = mapping;
            self.refresh_decisions();
        }
    }

    /// Recomputes [`Analysis::date_decisions`] for the current mapping.
    fn refresh_decisions(&mut self) {
        let mut decisions = Vec::new();
        for (field, column) in self.mapping.pairs() {
            let p = &self.columns[column];
            if !matches!(field.value_type(), ValueType::Date | ValueType::DateTime)
                || p.date_order.is_some()
            {
                continue;
            }
            let examples = p.ambiguous_dates.clone();
            decisions.push(DateDecision {
                column,
                header: self.headers[column].clone(),
                default: self.default_order(),
                examples,
            });
        }
        self.date_decisions = decisions;
    }

    /// The default for an ambiguous numeric date column: month first in files that look
    /// American (comma-separated with decimal dots and `/` dates), day first otherwise.
    fn default_order(&self) -> DateOrder {
        let comma_decimals = self.columns.iter().any(|c| c.decimal == DecimalSep::Comma);
        let slash_dates = self
            .columns
            .iter()
            .flat_map(|c| &c.samples)
            .any(|s| s.contains('/') && date_shape(s) != DateShape::Invalid);
        if self.delimiter == b',' && !comma_decimals && slash_dates {
            DateOrder::MonthFirst
        } else {
            DateOrder::DayFirst
        }
    }

    /// The delimiter as a readable label (`,`, `;`, `tab`, `|`).
    pub fn delimiter_label(&self) -> String {
        match self.delimiter {
            b'\t' => "tab".into(),
            d => char::from(d).to_string(),
        }
    }
}

/// Every data row's cells, decoded, untyped and as written (see [`Analysis::sample_rows`]),
/// for `rapport inspect --json` and for comparing with other CSV parsers.
pub fn cells(analysis: &Analysis, bytes: &[u8]) -> Vec<Vec<String>> {
    let decoded = decode::decode_as(bytes, analysis.encoding);
    let start = analysis.start.min(decoded.text.len());
    let mut rdr = sniff::reader(&decoded.text.as_bytes()[start..], analysis.delimiter);
    let mut tails = written::QuoteTails::new(&decoded.text, analysis.delimiter);
    let mut record = csv::StringRecord::new();
    let mut out = Vec::new();
    let mut index = 0usize;
    while rdr.read_record(&mut record).unwrap_or(false) {
        if index > analysis.header_record {
            out.push(tails.cells(&record, start));
        }
        index += 1;
    }
    out
}
