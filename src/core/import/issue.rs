//! What can go wrong: [`ImportError`] for a whole file, [`Issue`] for one cell or row.

use std::fmt;

/// Why a whole file cannot be imported at all. Per-row problems are [`Issue`]s instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file has no bytes, or only whitespace.
    Empty,
    /// The file is not text (NUL bytes, or a known binary format such as an Excel workbook).
    Binary {
        /// What it looks like ("an Excel workbook (.xlsx)", "binary data", ...).
        what: &'static str,
    },
    /// No row looks like a header row (the first rows are numbers or dates).
    NoHeader,
    /// The file is larger than [`super::MAX_FILE_BYTES`]; refused before it is read.
    TooLarge {
        /// The file's size in bytes.
        bytes: u64,
    },
    /// The header row has more than [`super::MAX_COLUMNS`] columns.
    TooManyColumns {
        /// How many columns the header row has.
        columns: usize,
        /// Physical line (1-based) of the header row.
        line: u64,
    },
    /// One row is longer than [`super::MAX_ROW_BYTES`] (a file without line breaks, or not
    /// a CSV at all).
    RowTooLong {
        /// Physical line (1-based) where the row starts.
        line: u64,
        /// Its length in bytes.
        bytes: usize,
    },
    /// A quoted cell is opened and never closed: everything after the quote would be one
    /// cell, so the file is refused rather than read as garbage.
    UnclosedQuote {
        /// Physical line (1-based) of the opening quote.
        line: u64,
        /// The header of the column where it opened ("" if past the last column).
        column: String,
    },
}

/// A byte count for messages: `812 bytes`, `3.4 MB`, `300 MB` (decimal units, as file
/// managers show them).
pub fn human_bytes(bytes: u64) -> String {
    const MB: f64 = 1_000_000.0;
    if bytes < 1_000 {
        format!("{bytes} bytes")
    } else if bytes < 1_000_000 {
        format!("{:.0} kB", bytes as f64 / 1_000.0)
    } else if bytes < 10_000_000 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{:.0} MB", bytes as f64 / MB)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "the file is empty"),
            ImportError::Binary { what } => {
                write!(f, "the file is not a CSV text file: it looks like {what}")
            }
            ImportError::NoHeader => write!(
                f,
                "no header row: the first row holds values, not column names (add a header row)"
            ),
            ImportError::TooLarge { bytes } => write!(
                f,
                "the file is {}; Rapport reads files up to {} (a browser tab cannot hold much more): split it, or export fewer columns or a shorter period",
                human_bytes(*bytes),
                human_bytes(super::MAX_FILE_BYTES)
            ),
            ImportError::TooManyColumns { columns, line } => write!(
                f,
                "the header row (line {line}) has {columns} columns; Rapport reads at most {}: export only the columns you need",
                super::MAX_COLUMNS
            ),
            ImportError::RowTooLong { line, bytes } => write!(
                f,
                "the row starting on line {line} is {} long; rows may be at most {} (is this a CSV file with line breaks?)",
                human_bytes(*bytes as u64),
                human_bytes(super::MAX_ROW_BYTES as u64)
            ),
            ImportError::UnclosedQuote { line, column } => {
                write!(f, "a quote opened on line {line}")?;
                if !column.is_empty() {
                    write!(f, " in column {column:?}")?;
                }
                write!(
                    f,
                    " is never closed, so the rest of the file would be one cell: close the quote (or double it as \"\" inside a quoted cell)"
                )
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// How bad an [`Issue`] is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The value was imported, but changed or interpreted: the user should know.
    Warning,
    /// The row was not imported.
    Error,
}

impl Severity {
    /// `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The category of an [`Issue`], for counting and filtering.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum IssueKind {
    /// A date or date-time that could not be read.
    BadDate,
    /// A number or amount that could not be read.
    BadNumber,
    /// A yes/no value that could not be read.
    BadBool,
    /// A number outside the range the field allows (CSAT 1–5, NPS 0–10, age, ...).
    OutOfRange,
    /// A required value is missing (e.g. an order without a date or amount).
    Missing,
    /// The row has more cells than the header.
    TooManyCells,
    /// The row has fewer cells than the header (the missing ones are read as empty).
    TooFewCells,
    /// An order's amount differs from unit price × quantity (− discount).
    AmountMismatch,
    /// A status the importer does not know; read as the default.
    UnknownStatus,
    /// A value with more decimals than money keeps (4): rounded.
    Rounded,
    /// A cell with only spaces in a typed column: read as missing.
    Blank,
    /// Invalid bytes for the detected encoding were replaced by U+FFFD.
    Encoding,
    /// Lines before the header row were skipped.
    Preamble,
    /// A row with only empty cells was skipped.
    EmptyRow,
    /// Dates out of order (resolved before opened or first response, closed before
    /// created, a campaign ending before it starts): kept as written.
    TimeOrder,
    /// A file-level note about how a column was read.
    Column,
}

impl IssueKind {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::BadDate => "bad_date",
            IssueKind::BadNumber => "bad_number",
            IssueKind::BadBool => "bad_bool",
            IssueKind::OutOfRange => "out_of_range",
            IssueKind::Missing => "missing",
            IssueKind::TooManyCells => "too_many_cells",
            IssueKind::TooFewCells => "too_few_cells",
            IssueKind::AmountMismatch => "amount_mismatch",
            IssueKind::UnknownStatus => "unknown_status",
            IssueKind::Rounded => "rounded",
            IssueKind::Blank => "blank",
            IssueKind::Encoding => "encoding",
            IssueKind::Preamble => "preamble",
            IssueKind::EmptyRow => "empty_row",
            IssueKind::TimeOrder => "time_order",
            IssueKind::Column => "column",
        }
    }
}

/// One problem, with its position: file, physical line (1-based, counting newlines inside
/// quoted fields; `None` for the whole file), column name and the value as written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    /// File name as given to `analyze`.
    pub file: String,
    /// Physical line number (1-based) where the row starts; `None` for file-level notes.
    pub line: Option<u64>,
    /// Column header ("" when the issue is about the whole row or file).
    pub column: String,
    /// The value as written ("" when none).
    pub value: String,
    /// Error (row not imported) or warning.
    pub severity: Severity,
    /// The kind of problem, which the report translates (the `reason` stays English).
    pub kind: IssueKind,
    /// The details in English, e.g. "amount differs from unit price × quantity = 12.00".
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.severity.as_str())?;
        if !self.column.is_empty() {
            write!(f, " in column {:?}", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, " (value {:?})", self.value)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The issues as a CSV file (`file,line,severity,kind,column,value,reason`), for the
/// "download errors as CSV" button. Values are neutralised like every export
/// ([`crate::export::neutralise`]): a bad cell may be a formula.
pub fn issues_csv(issues: &[Issue]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "file", "line", "severity", "kind", "column", "value", "reason",
    ];
    // Writing to a Vec cannot fail.
    let _ = out.write_record(header);
    for i in issues {
        let line = i.line.map(|l| l.to_string()).unwrap_or_default();
        let _ = out.write_record([
            i.file.as_str(),
            line.as_str(),
            i.severity.as_str(),
            i.kind.as_str(),
            &crate::export::neutralise(&i.column),
            &crate::export::neutralise(&i.value),
            i.reason.as_str(),
        ]);
    }
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
