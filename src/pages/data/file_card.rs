//! A picked file's card: what the importer detected, the kind, the column mapping, date
//! choices and a preview; or why the file cannot be imported. Every change is reported to
//! the page as a [`FileEdit`].

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::Clip;
use crate::core::import::{Analysis, DateOrder, Field, LookupTarget};
use crate::core::model::Kind;
use crate::import_flow::{FileEdit, ImportFlowError, PendingFile};
use crate::state::use_texts;

/// One picked file: what was detected, the mapping, date choices and a preview.
#[component]
pub(super) fn FileCard(
    /// The file as the batch holds it: its analysis, or why it cannot be imported.
    file: PendingFile,
    /// Called with each change the user makes.
    on_edit: Callback<FileEdit>,
) -> impl IntoView {
    let td = &use_texts().data;
    let analysis = match file.analysis {
        Err(why) => return view! { <RefusedCard name=file.name why on_edit /> }.into_any(),
        Ok(a) => Arc::new(a),
    };
    let (key, name) = (file.key, file.name);
    let lookup = analysis.lookup.clone();
    let data_kind = if lookup.is_some() {
        "lookup"
    } else {
        analysis.kind.as_str()
    };
    let notes = analysis
        .notes
        .iter()
        .map(|n| view! { <li>{n.to_string()}</li> })
        .collect_view();
    let lookup_note = lookup.clone().map(|l| {
        let attributes: Vec<String> = (analysis.headers.iter().enumerate())
            .filter(|(i, _)| *i != l.column)
            .map(|(_, h)| h.clone())
            .collect();
        view! {
            <p class="decision" data-testid="lookup-note">
                {(td
                    .lookup_adds)(
                    &attributes.join(", "),
                    (td.kind_name)(l.kind),
                    &l.key,
                    &analysis.headers[l.column],
                )}
            </p>
        }
    });
    view! {
        <article class="file-card" data-testid="file-card" data-kind=data_kind>
            <header class="file-card__header">
                <h3 class="file-card__name">{name.clone()}</h3>
                <button
                    class="button button--small"
                    on:click=move |_| on_edit.run(FileEdit::Remove)
                    aria-label=(td.remove_named)(&name)
                >
                    {td.remove}
                </button>
            </header>
            <dl class="facts">
                <div>
                    <dt>
                        <label for=format!("kind-{key}")>{td.kind}</label>
                    </dt>
                    <dd>
                        <KindPicker key analysis=analysis.clone() offer=file.lookup_offer on_edit />
                    </dd>
                </div>
                <div>
                    <dt>{td.encoding}</dt>
                    <dd data-testid="encoding">{analysis.encoding.label()}</dd>
                </div>
                <div>
                    <dt>{td.separator}</dt>
                    <dd data-testid="delimiter">{analysis.delimiter_label()}</dd>
                </div>
                <div>
                    <dt>{td.rows}</dt>
                    <dd data-testid="row-count">{analysis.row_count}</dd>
                </div>
            </dl>
            {file
                .remembered
                .then(|| {
                    view! {
                        <p class="muted" data-testid="remembered">
                            {td.remembered}
                        </p>
                    }
                })}
            <DateChoices key analysis=analysis.clone() chosen=file.options.date_orders on_edit />
            {(!analysis.notes.is_empty()).then(|| view! { <ul class="notes">{notes}</ul> })}
            {lookup_note}
            <details class="mapping" open=lookup.is_none() hidden=lookup.is_some()>
                <summary>{td.columns}</summary>
                <MappingTable key analysis=analysis.clone() on_edit />
            </details>
            <Preview analysis />
        </article>
    }
    .into_any()
}

/// A file that cannot be imported: why, and a button to remove it.
#[component]
fn RefusedCard(
    /// The file's name.
    name: String,
    /// Why it cannot be imported.
    why: ImportFlowError,
    /// Called with [`FileEdit::Remove`].
    on_edit: Callback<FileEdit>,
) -> impl IntoView {
    let t = use_texts();
    let td = &t.data;
    view! {
        <article class="file-card file-card--error" data-testid="file-card">
            <h3 class="file-card__name">{name.clone()}</h3>
            <p class="alert alert--error" role="alert" data-testid="file-error">
                {(td.cannot_import)(&name, &t.import_flow_error(&why))}
            </p>
            <button class="button" on:click=move |_| on_edit.run(FileEdit::Remove)>
                {td.remove}
            </button>
        </article>
    }
}

/// The kind of records the file is read as, the lookup proposed for it, or "ignore".
#[component]
fn KindPicker(
    /// The file's key (for the element id).
    key: usize,
    /// What the importer decided.
    analysis: Arc<Analysis>,
    /// The lookup proposed for the file, if any.
    offer: Option<LookupTarget>,
    /// Called with the choice.
    on_edit: Callback<FileEdit>,
) -> impl IntoView {
    let td = &use_texts().data;
    let (kind, as_lookup) = (analysis.kind, analysis.lookup.is_some());
    let on_change = move |ev| {
        let v = event_target_value(&ev);
        let edit = match v.as_str() {
            "lookup" => Some(FileEdit::AsLookup),
            "ignore" => Some(FileEdit::Remove),
            _ => Kind::ALL
                .into_iter()
                .find(|k| k.as_str() == v)
                .map(FileEdit::Kind),
        };
        if let Some(edit) = edit {
            on_edit.run(edit);
        }
    };
    view! {
        <select id=format!("kind-{key}") data-testid="kind-select" on:change=on_change>
            {Kind::ALL
                .into_iter()
                .map(|k| {
                    view! {
                        <option value=k.as_str() selected=!as_lookup && k == kind>
                            {(td.kind_name)(k)}
                        </option>
                    }
                })
                .collect_view()}
            {offer
                .map(|o| {
                    view! {
                        <option value="lookup" selected=as_lookup>
                            {(td.lookup_for)((td.kind_name)(o.kind), &o.key)}
                        </option>
                    }
                })}
            <option value="ignore">{td.ignore_file}</option>
        </select>
    }
}

/// One row per field of the kind: the column it is read from, and sample values.
#[component]
fn MappingTable(
    /// The file's key (for the element ids).
    key: usize,
    /// What the importer decided.
    analysis: Arc<Analysis>,
    /// Called with each new assignment.
    on_edit: Callback<FileEdit>,
) -> impl IntoView {
    let td = &use_texts().data;
    let samples = |col: usize| -> String {
        let values = analysis
            .sample_rows
            .iter()
            .filter_map(|r| r.get(col))
            .filter(|v| !v.is_empty());
        values.take(3).cloned().collect::<Vec<_>>().join(" · ")
    };
    let rows = Field::of(analysis.kind)
        .iter()
        .map(|&field| {
            let current = analysis.mapping.column_of(field);
            let id = format!("map-{key}-{}", field.name());
            let on_change = move |ev| {
                on_edit.run(FileEdit::Assign(
                    field,
                    event_target_value(&ev).parse::<usize>().ok(),
                ))
            };
            view! {
                <tr>
                    <th scope="row">
                        <label for=id.clone()>{field.name()}</label>
                    </th>
                    <td>
                        <select id=id on:change=on_change>
                            <option value="" selected=current.is_none()>
                                {td.not_in_file}
                            </option>
                            {analysis
                                .headers
                                .iter()
                                .enumerate()
                                .map(|(i, h)| {
                                    view! {
                                        <option value=i.to_string() selected=current == Some(i)>
                                            {h.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </td>
                    <td class="muted">
                        <Clip text=current.map(samples).unwrap_or_default() />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let extras: Vec<String> = (analysis.mapping.extra_columns().iter())
        .map(|&i| analysis.headers[i].clone())
        .collect();
    view! {
        <table class="table table--compact" data-testid="mapping">
            <thead>
                <tr>
                    <th scope="col">{td.field}</th>
                    <th scope="col">{td.column_in_file}</th>
                    <th scope="col">{td.sample_values}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(!extras.is_empty())
            .then(|| view! { <p class="muted">{td.extras} {extras.join(", ")}</p> })}
    }
}

/// The day/month order of each date column whose data cannot tell.
#[component]
fn DateChoices(
    /// The file's key (for the element ids).
    key: usize,
    /// What the importer decided.
    analysis: Arc<Analysis>,
    /// The orders the user chose so far, by column.
    chosen: Vec<(usize, DateOrder)>,
    /// Called with each choice.
    on_edit: Callback<FileEdit>,
) -> impl IntoView {
    let td = &use_texts().data;
    analysis
        .date_decisions
        .iter()
        .map(|d| {
            let column = d.column;
            let chosen = chosen
                .iter()
                .find(|(c, _)| *c == column)
                .map_or(d.default, |(_, o)| *o);
            let id = format!("dates-{key}-{column}");
            let on_change = move |ev| {
                let order = if event_target_value(&ev) == "md" {
                    DateOrder::MonthFirst
                } else {
                    DateOrder::DayFirst
                };
                on_edit.run(FileEdit::DateOrder(column, order));
            };
            view! {
                <p class="decision" role="group">
                    <label for=id
                        .clone()>{(td.dates_written)(&d.header, &d.examples.join(", "))}</label>
                    " "
                    <select id=id on:change=on_change>
                        <option value="dm" selected=chosen == DateOrder::DayFirst>
                            {td.dmy}
                        </option>
                        <option value="md" selected=chosen == DateOrder::MonthFirst>
                            {td.mdy}
                        </option>
                    </select>
                </p>
            }
        })
        .collect_view()
}

/// The file's first rows as written.
#[component]
fn Preview(
    /// What the importer read.
    analysis: Arc<Analysis>,
) -> impl IntoView {
    let td = &use_texts().data;
    let head = analysis
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let rows = (analysis.sample_rows.iter().take(5))
        .map(|r| {
            view! {
                <tr>
                    {r
                        .iter()
                        .map(|c| {
                            view! {
                                <td>
                                    <Clip text=c.clone() />
                                </td>
                            }
                        })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="preview">
            <summary>{td.preview}</summary>
            <div class="table-scroll">
                <table class="table table--compact">
                    <thead>
                        <tr>{head}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
