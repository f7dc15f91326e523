//! A picked file's card: what the importer detected, the mapping, date choices and a
//! preview.

use leptos::prelude::*;

use super::Pending;
use crate::components::Clip;
use crate::core::import::{Analysis, DateOrder, Field};
use crate::core::model::Kind;
use crate::state::use_texts;

/// One picked file: what was detected, the mapping, date choices and a preview.
#[component]
pub(super) fn FileCard(file: Pending, pending: RwSignal<Vec<Pending>>) -> impl IntoView {
    let key = file.key;
    let t = use_texts();
    let td = &t.data;
    let remove = move |_| pending.update(|p| p.retain(|f| f.key != key));
    let analysis = match file.analysis {
        Err(why) => {
            return view! {
                <article class="file-card file-card--error" data-testid="file-card">
                    <h3 class="file-card__name">{file.name.clone()}</h3>
                    <p class="alert alert--error" role="alert" data-testid="file-error">{(td.cannot_import)(&file.name, &why)}</p>
                    <button class="button" on:click=remove>{td.remove}</button>
                </article>
            }
            .into_any()
        }
        Ok(a) => a,
    };
    let edit = move |f: Box<dyn FnOnce(&mut Pending)>| {
        pending.update(|p| {
            if let Some(x) = p.iter_mut().find(|x| x.key == key) {
                f(x);
                x.revision += 1;
            }
        })
    };
    let headers = analysis.headers.clone();
    let samples = |col: usize, a: &Analysis| -> String {
        a.sample_rows
            .iter()
            .filter_map(|r| r.get(col))
            .filter(|v| !v.is_empty())
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let kind = analysis.kind;
    let lookup = analysis.lookup.clone();
    let mapping_rows = Field::of(kind)
        .iter()
        .map(|&field| {
            let current = analysis.mapping.column_of(field);
            let id = format!("map-{key}-{}", field.name());
            let sample = current.map(|c| samples(c, &analysis)).unwrap_or_default();
            view! {
                <tr>
                    <th scope="row"><label for=id.clone()>{field.name()}</label></th>
                    <td>
                        <select id=id on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let col = v.parse::<usize>().ok();
                            edit(Box::new(move |p| if let Ok(a) = p.analysis.as_mut() { a.assign(field, col) }));
                        }>
                            <option value="" selected=current.is_none()>{td.not_in_file}</option>
                            {headers.iter().enumerate().map(|(i, h)| view! {
                                <option value=i.to_string() selected=current == Some(i)>{h.clone()}</option>
                            }).collect_view()}
                        </select>
                    </td>
                    <td class="muted"><Clip text=sample/></td>
                </tr>
            }
        })
        .collect_view();
    let extras: Vec<String> = analysis
        .mapping
        .extra_columns()
        .iter()
        .map(|&i| analysis.headers[i].clone())
        .collect();
    let decisions = analysis
        .date_decisions
        .iter()
        .map(|d| {
            let column = d.column;
            let chosen = file.options.date_orders.iter().find(|(c, _)| *c == column).map(|(_, o)| *o).unwrap_or(d.default);
            let id = format!("dates-{key}-{column}");
            view! {
                <p class="decision" role="group">
                    <label for=id.clone()>{(td.dates_written)(&d.header, &d.examples.join(", "))}</label>
                    " "
                    <select id=id on:change=move |ev| {
                        let order = if event_target_value(&ev) == "md" { DateOrder::MonthFirst } else { DateOrder::DayFirst };
                        edit(Box::new(move |p| {
                            p.options.date_orders.retain(|(c, _)| *c != column);
                            p.options.date_orders.push((column, order));
                        }));
                    }>
                        <option value="dm" selected=chosen == DateOrder::DayFirst>{td.dmy}</option>
                        <option value="md" selected=chosen == DateOrder::MonthFirst>{td.mdy}</option>
                    </select>
                </p>
            }
        })
        .collect_view();
    let notes = analysis
        .notes
        .iter()
        .map(|n| view! { <li>{n.to_string()}</li> })
        .collect_view();
    let preview_head = analysis
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let preview_rows = analysis
        .sample_rows
        .iter()
        .take(5)
        .map(|r| view! { <tr>{r.iter().map(|c| view! { <td><Clip text=c.clone()/></td> }).collect_view()}</tr> })
        .collect_view();
    view! {
        <article class="file-card" data-testid="file-card" data-kind=if lookup.is_some() { "lookup" } else { kind.as_str() }>
            <header class="file-card__header">
                <h3 class="file-card__name">{file.name.clone()}</h3>
                <button class="button button--small" on:click=remove aria-label=(td.remove_named)(&file.name)>{td.remove}</button>
            </header>
            <dl class="facts">
                <div><dt><label for=format!("kind-{key}")>{td.kind}</label></dt><dd>
                    <select id=format!("kind-{key}") data-testid="kind-select" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if v == "lookup" {
                            edit(Box::new(move |p| if let Ok(a) = p.analysis.as_mut() { a.set_lookup(p.lookup_offer.clone()) }));
                        } else if v == "ignore" {
                            pending.update(|p| p.retain(|f| f.key != key));
                        } else if let Some(k) = Kind::ALL.into_iter().find(|k| k.as_str() == v) {
                            edit(Box::new(move |p| if let Ok(a) = p.analysis.as_mut() { a.set_kind(k) }));
                        }
                    }>
                        {Kind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=lookup.is_none() && k == kind>{(td.kind_name)(k)}</option> }).collect_view()}
                        {file.lookup_offer.clone().map(|o| view! {
                            <option value="lookup" selected=lookup.is_some()>{(td.lookup_for)((td.kind_name)(o.kind), &o.key)}</option>
                        })}
                        <option value="ignore">{td.ignore_file}</option>
                    </select>
                </dd></div>
                <div><dt>{td.encoding}</dt><dd data-testid="encoding">{analysis.encoding.label()}</dd></div>
                <div><dt>{td.separator}</dt><dd data-testid="delimiter">{analysis.delimiter_label()}</dd></div>
                <div><dt>{td.rows}</dt><dd data-testid="row-count">{analysis.row_count}</dd></div>
            </dl>
            {file.remembered.then(|| view! { <p class="muted" data-testid="remembered">{td.remembered}</p> })}
            {decisions}
            {(!analysis.notes.is_empty()).then(|| view! { <ul class="notes">{notes}</ul> })}
            {lookup.clone().map(|l| {
                let attributes: Vec<String> = (analysis.headers.iter().enumerate()).filter(|(i, _)| *i != l.column).map(|(_, h)| h.clone()).collect();
                view! { <p class="decision" data-testid="lookup-note">{(td.lookup_adds)(&attributes.join(", "), (td.kind_name)(l.kind), &l.key, &analysis.headers[l.column])}</p> }
            })}
            <details class="mapping" open=lookup.is_none() hidden=lookup.is_some()>
                <summary>{td.columns}</summary>
                <table class="table table--compact" data-testid="mapping">
                    <thead><tr><th scope="col">{td.field}</th><th scope="col">{td.column_in_file}</th><th scope="col">{td.sample_values}</th></tr></thead>
                    <tbody>{mapping_rows}</tbody>
                </table>
                {(!extras.is_empty()).then(|| view! {
                    <p class="muted">{td.extras} {extras.join(", ")}</p>
                })}
            </details>
            <details class="preview">
                <summary>{td.preview}</summary>
                <div class="table-scroll"><table class="table table--compact">
                    <thead><tr>{preview_head}</tr></thead>
                    <tbody>{preview_rows}</tbody>
                </table></div>
            </details>
        </article>
    }
    .into_any()
}
