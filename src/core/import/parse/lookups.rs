//! A lookup file's rows: each one the key value and the attributes (every column kept as
//! text), into the staging dataset's single [`Lookup`].

use super::row::RowEnd;
use crate::import::issue::{IssueKind, Severity};
use crate::import::lookup::LookupTarget;
use crate::import::value::trim_cell;
use crate::import::Analysis;
use crate::model::{Dataset, Lookup, Sym, Table};

/// Puts the lookup of `target` into the staging dataset, its attributes named by the
/// file's columns (`columns`, interned) other than the key.
pub(super) fn stage(
    data: &mut Dataset,
    analysis: &Analysis,
    target: &LookupTarget,
    columns: Vec<Sym>,
) {
    let mut attributes = columns;
    attributes.remove(target.column);
    let (key, file) = (
        data.strings.intern(&target.key),
        data.strings.intern(&analysis.file_name),
    );
    let table = Table {
        extra_columns: attributes,
        ..Default::default()
    };
    data.lookups = vec![Lookup {
        kind: target.kind,
        key,
        file,
        table,
    }];
}

/// Ends a lookup row (`key`: the key's index among `extras`): staged unless `error`; a row
/// without a key is rejected with an error. False when the row is rejected.
pub(super) fn end(end: &mut RowEnd<'_, '_>, error: bool, key: usize, extras: &[Sym]) -> bool {
    if error {
        return false;
    }
    if !push_lookup_row(end.data, key, extras) {
        let reason = "a lookup row needs a key: row skipped".to_string();
        let column = &end.analysis.headers[key];
        end.report.push(
            end.at,
            column,
            "",
            Severity::Error,
            IssueKind::Missing,
            reason,
        );
        return false;
    }
    true
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
