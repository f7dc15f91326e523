//! What an import found and did: the report of rows refused, and the summary once saved.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{download_text, Clip};
use crate::core::export::csv_table;
use crate::core::import::{MergeSummary, Parsed, Severity};
use crate::format;
use crate::state::{use_locale, use_texts};

/// The parse report when some rows have errors: nothing is imported until the user agrees.
#[component]
pub(super) fn Report(
    parsed: Arc<Vec<Parsed>>,
    on_confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let (td, loc) = (&use_texts().data, use_locale());
    let rejected: u64 = parsed.iter().map(|p| p.rows_rejected).sum();
    let importable: usize = parsed.iter().map(|p| p.rows_imported()).sum();
    let (rejected, importable) = (
        format::count(loc, rejected as f64),
        format::count(loc, importable as f64),
    );
    let all_issues: Vec<_> = parsed
        .iter()
        .flat_map(|p| p.issues.iter().cloned())
        .collect();
    let download = {
        let issues = all_issues.clone();
        move |_| {
            let rows = issues.iter().map(|i| {
                [
                    i.file.clone(),
                    i.line.map(|l| l.to_string()).unwrap_or_default(),
                    i.column.clone(),
                    i.value.clone(),
                    i.severity.as_str().to_string(),
                    i.reason.clone(),
                ]
            });
            download_text(
                "import-errors.csv",
                "text/csv",
                &csv_table(
                    &["file", "line", "column", "value", "severity", "reason"],
                    rows,
                ),
            );
        }
    };
    let shown = all_issues.iter().take(200).map(|i| view! {
        <tr class=if i.severity == Severity::Error { "issue issue--error" } else { "issue" }>
            <td>{i.file.clone()}</td>
            <td class="num">{i.line.map(|l| l.to_string()).unwrap_or_default()}</td>
            <td>
                <Clip text=i.column.clone() />
            </td>
            <td>
                <code>
                    <Clip text=i.value.clone() />
                </code>
            </td>
            <td>{(td.severity)(i.severity)}</td>
            <td>{(td.issue_kind)(i.kind)}</td>
            <td>{i.reason.clone()}</td>
        </tr>
    }).collect_view();
    view! {
        <section class="report" aria-labelledby="report-title" data-testid="import-report">
            <h3 id="report-title">{td.report_title}</h3>
            <p role="alert">{(td.report_text)(&rejected, &importable)}</p>
            <div class="table-scroll">
                <table class="table table--compact" data-testid="issues">
                    <thead>
                        <tr>
                            <th scope="col">{td.file}</th>
                            <th scope="col">{td.line}</th>
                            <th scope="col">{td.column}</th>
                            <th scope="col">{td.value}</th>
                            <th scope="col">{td.severity_col}</th>
                            <th scope="col">{td.problem}</th>
                            <th scope="col">{td.reason}</th>
                        </tr>
                    </thead>
                    <tbody>{shown}</tbody>
                </table>
            </div>
            <div class="actions">
                <button class="button" on:click=download data-testid="download-errors">
                    {td.download_errors}
                </button>
                <button
                    class="button button--primary"
                    on:click=on_confirm
                    data-testid="confirm-import"
                >
                    {(td.confirm)(&importable, &rejected)}
                </button>
            </div>
        </section>
    }
}

/// What the committed import did.
#[component]
pub(super) fn Summary(summary: MergeSummary, names: Vec<String>) -> impl IntoView {
    let (td, loc) = (&use_texts().data, use_locale());
    let n = move |v: u64| format::count(loc, v as f64);
    let rows = summary
        .kinds
        .iter()
        .filter(|(_, s)| s.created + s.updated + s.skipped + s.errors + s.placeholders > 0)
        .map(|(k, s)| {
            view! {
                <tr data-kind=k.as_str()>
                    <th scope="row">{(td.kind_name)(*k)}</th>
                    <td class="num" data-col="created">
                        {n(s.created)}
                    </td>
                    <td class="num" data-col="updated">
                        {n(s.updated)}
                    </td>
                    <td class="num" data-col="skipped">
                        {n(s.skipped)}
                    </td>
                    <td class="num" data-col="errors">
                        {n(s.errors)}
                    </td>
                    <td class="num" data-col="placeholders">
                        {n(s.placeholders)}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="summary" aria-labelledby="summary-title" data-testid="import-summary">
            <h3 id="summary-title">{(td.imported)(&names.join(", "))}</h3>
            <table class="table table--compact">
                <thead>
                    <tr>
                        <th scope="col">{td.kind}</th>
                        <th scope="col" class="num">
                            {td.created}
                        </th>
                        <th scope="col" class="num">
                            {td.updated}
                        </th>
                        <th scope="col" class="num">
                            {td.skipped}
                        </th>
                        <th scope="col" class="num">
                            {td.rows_with_errors}
                        </th>
                        <th scope="col" class="num">
                            {td.from_references}
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
