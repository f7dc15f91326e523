//! Stages 4–5: rows into staged records, every problem reported as an [`Issue`]. Nothing
//! here touches the user's dataset: the records go into a staging [`Dataset`] of their own,
//! which [`merge`](super::merge) takes in.
//!
//! - `parser`: [`Parser`], the loop over the rows (resumable, in slices);
//! - `plan`: a plan per column, chosen once (which field, which reader, which date order
//!   and decimal separator, a dictionary in front of the interner), and the reading of a
//!   cell by it;
//! - `row`: the record a row is staged into, one kind's, and what the kinds share (the
//!   customer reference, the end-of-row context);
//! - one file per kind (`customers`, `orders`, `deals`, `tickets`, `campaigns`,
//!   `responses`, `lookups`): how a typed value goes into its record ([`apply`]) and how
//!   the record is completed and checked at the end of the row ([`finish`]);
//! - `report`: issues with their positions, counted, the first ones kept.
//!
//! [`apply`]: row::Staged::apply
//! [`finish`]: row::Staged::finish

mod campaigns;
mod customers;
mod deals;
mod lookups;
mod orders;
mod parser;
mod plan;
mod report;
mod responses;
mod row;
mod tickets;

pub use parser::Parser;
pub(crate) use report::{notes, IssueCounts};
pub(crate) use responses::one_arm;

use super::decode::decode_as;
use super::issue::{Issue, IssueKind, Severity};
use super::value::DateOrder;
use super::Analysis;
use crate::model::{Dataset, Interner, Kind, Sym};
use std::borrow::Cow;
use std::collections::BTreeMap;

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

/// A [`Progress`] that never cancels, for callers without a progress bar (CLI, tests).
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The file's name, from its [`Analysis`].
    pub file_name: String,
    /// The kind of the records, from its [`Analysis`] (one kind per file).
    pub kind: Kind,
    /// Staging dataset: only the table of `kind` is filled; strings are in its own interner.
    pub data: Dataset,
    /// The file notes, then row issues in file order (at most [`ParseOptions::max_issues`] row
    /// issues; every issue is counted in [`Parsed::issue_counts`]).
    pub issues: Vec<Issue>,
    /// Every issue counted by severity and kind (including those not kept in detail).
    pub issue_counts: BTreeMap<(Severity, IssueKind), u64>,
    /// Data rows read, the rejected and empty ones included.
    pub rows_read: u64,
    /// Rows not imported because of an error.
    pub rows_rejected: u64,
    /// Rows skipped because every cell was empty.
    pub rows_empty: u64,
    /// True when the user cancelled: nothing of this file may be merged.
    pub cancelled: bool,
}

impl Parsed {
    /// Records staged: the kind's rows, or a lookup file's keys.
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

/// The id given to the `n`-th record (from 1) of a file when it has none: `file#n`, with the
/// file's name without its folders, stable as long as the file is the same.
pub(crate) fn record_id(strings: &mut Interner, file: &str, n: usize) -> Sym {
    let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
    strings.intern(&format!("{file}#{n}"))
}
