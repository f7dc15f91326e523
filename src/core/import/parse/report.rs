//! Issues with their positions: every one counted by severity and kind, the first ones
//! kept in detail with their line; and the notes the parse adds about the whole file.

use super::ParseOptions;
use crate::import::analyze::LineCounter;
use crate::import::issue::{Issue, IssueKind, Severity};
use crate::import::map::Field;
use crate::import::Analysis;
use crate::model::Kind;
use std::collections::BTreeMap;

/// Issues counted by severity and kind.
pub(crate) type IssueCounts = BTreeMap<(Severity, IssueKind), u64>;

/// Collects issues with positions; counts them all, keeps the first `max`.
pub(super) struct Reporter<'a> {
    file: &'a str,
    text: &'a [u8],
    lines: LineCounter,
    pub(super) issues: Vec<Issue>,
    pub(super) counts: IssueCounts,
    max: usize,
    /// Issues at the front that are whole-file notes, not rows'.
    notes: usize,
}

impl<'a> Reporter<'a> {
    /// Counts an issue of the row at byte offset `at`; keeps it, with its line, while
    /// fewer than the most are kept.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
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

    /// Reports a warning about `cell`, in `column` of the row at byte offset `at`.
    pub(super) fn warn(
        &mut self,
        at: usize,
        column: &str,
        cell: &str,
        kind: IssueKind,
        reason: &str,
    ) {
        self.push(at, column, cell, Severity::Warning, kind, reason.into());
    }

    /// Reports a value of `cell` that cannot be read or taken: an unknown status is a
    /// warning (the value is kept), every other problem an error. True for an error (the
    /// row is rejected).
    pub(super) fn not_taken(
        &mut self,
        at: usize,
        column: &str,
        cell: &str,
        issue: IssueKind,
        reason: String,
    ) -> bool {
        let error = issue != IssueKind::UnknownStatus;
        let severity = if error {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.push(at, column, cell, severity, issue, reason);
        error
    }

    /// The reporter of a file's rows (`text`: the decoded file), holding the analysis's
    /// notes and those the parse adds about the whole file ([`file_notes`]); at most
    /// [`ParseOptions::max_issues`] row issues are kept besides.
    pub(super) fn new(analysis: &'a Analysis, text: &'a [u8], options: &ParseOptions) -> Self {
        let (issues, counts, max) = notes(analysis, options);
        Reporter {
            file: &analysis.file_name,
            text,
            lines: LineCounter::default(),
            notes: issues.len(),
            issues,
            counts,
            max,
        }
    }

    /// The row issues kept and the counts of every row issue (the notes left out).
    pub(super) fn rows_only(mut self) -> (Vec<Issue>, IssueCounts) {
        for note in self.issues.drain(..self.notes) {
            let n = self.counts.get_mut(&(note.severity, note.kind));
            if let Some(n) = n {
                *n -= 1;
                if *n == 0 {
                    self.counts.remove(&(note.severity, note.kind));
                }
            }
        }
        (self.issues, self.counts)
    }

    /// Adds a note about the whole file: counted, and always kept.
    pub(super) fn note(&mut self, note: Issue) {
        *self.counts.entry((note.severity, note.kind)).or_default() += 1;
        self.issues.push(note);
    }
}

/// The issues a file's report starts with (the analysis' notes, then the parse's about the
/// whole file), counted, and the most issues it keeps (the notes included).
pub(crate) fn notes(
    analysis: &Analysis,
    options: &ParseOptions,
) -> (Vec<Issue>, IssueCounts, usize) {
    let mut issues = analysis.notes.clone();
    issues.extend(file_notes(analysis));
    let mut counts = IssueCounts::new();
    for note in &issues {
        *counts.entry((note.severity, note.kind)).or_default() += 1;
    }
    let max = options.max_issues.saturating_add(analysis.notes.len());
    (issues, counts, max)
}

/// What the parse says about the whole file before reading a row: tickets that no column
/// dates by their opening, and a file of which no column is mapped.
fn file_notes(analysis: &Analysis) -> Vec<Issue> {
    let note = |severity: Severity, kind: IssueKind, reason: &str| Issue {
        file: analysis.file_name.clone(),
        line: None,
        column: String::new(),
        value: String::new(),
        severity,
        kind,
        reason: reason.into(),
    };
    let mapping = &analysis.mapping;
    let mut notes = Vec::new();
    if mapping.kind == Kind::Tickets && mapping.column_of(Field::Opened).is_none() {
        notes.push(note(
            Severity::Warning,
            IssueKind::Column,
            "no column says when tickets were opened: they are dated by their first response \
             (else resolution) time, and response times cannot be measured",
        ));
    }
    if analysis.lookup.is_none() && mapping.columns.iter().all(Option::is_none) {
        notes.push(note(
            Severity::Error,
            IssueKind::Missing,
            "no column is mapped to a field: no row is imported",
        ));
    }
    notes
}
