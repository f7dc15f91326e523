//! The rows behind the figure the URL opens (`rows=`): what they make, how many, how they
//! were chosen (the figure's explanation: filter, period, as-of), every one of them in a
//! sortable, virtualised table, and their CSV as sorted on screen.

use std::sync::Arc;

use leptos::prelude::*;

use super::{download_text, Explain, RowsColumn, RowsTable};
use crate::core::metrics::{
    row_cell, row_columns, rows_csv, sort_rows, Cell, CellKind, Figure, RowSet,
};
use crate::core::model::Kind;
use crate::format;
use crate::i18n::Locale;
use crate::routes::customer_path;
use crate::state::{
    export_file_name, filtered_href, open_rows, rows_href, use_app_state, use_locale, use_texts,
    Shared,
};

/// The open figure's rows, at the top of the page; nothing when no figure is open.
#[component]
pub fn RowsPanel() -> impl IntoView {
    let open = open_rows();
    // The figure last opened: a new one takes the focus, a filter change does not.
    let last = StoredValue::new(None::<Figure>);
    move || match open.get() {
        Some(set) => Some(view! { <RowsView set=set last=last /> }),
        None => {
            last.set_value(None);
            None
        }
    }
}

/// One figure's rows.
#[component]
fn RowsView(
    /// The rows.
    set: Shared<RowSet>,
    /// The figure whose rows had the focus last.
    last: StoredValue<Option<Figure>>,
) -> impl IntoView {
    let state = use_app_state();
    let (t, loc) = (use_texts(), use_locale());
    let kind = set.kind;
    let columns = row_columns(kind);
    let sort = RwSignal::new(None::<(usize, bool)>);
    // The rows in the order on screen: the figure's own, or sorted by a column.
    let rows = set.clone();
    let sorted = Memo::new(move |_| {
        let mut ordered = rows.rows.clone();
        if let Some((j, descending)) = sort.get() {
            state
                .dataset
                .with(|ds| sort_rows(ds, kind, &mut ordered, &columns[j], descending));
        }
        Shared(Arc::new(ordered))
    });
    let cell = Callback::new(move |(k, j): (usize, usize)| {
        let row = sorted.with_untracked(|s| s[k]);
        let value = state
            .dataset
            .with_untracked(|ds| row_cell(ds, kind, row, &columns[j]));
        shown(loc, value)
    });
    // A customer's row leads to their page.
    let link = (kind == Kind::Customers).then(|| {
        Callback::new(move |k: usize| {
            let row = sorted.with_untracked(|s| s[k]) as usize;
            let id = state
                .dataset
                .with_untracked(|ds| ds.str(ds.customers.rows[row].id).to_string());
            filtered_href(&customer_path(&id))
        })
    });
    let file_name = export_file_name();
    let title = (t.rows.title)(&set.figure);
    let export = {
        let set = set.clone();
        move |_| {
            let ordered = sorted.get_untracked().0.as_ref().clone();
            let on_screen = RowSet {
                rows: ordered,
                ..(*set).clone()
            };
            let csv = state.dataset.with_untracked(|ds| rows_csv(ds, &on_screen));
            let by = sort
                .get_untracked()
                .map(|(j, desc)| (columns[j].name, desc));
            download_text(&file_name("rows", &[], by), "text/csv", &csv);
        }
    };
    let count = (t.rows.count)(&format::count(loc, set.rows.len() as f64), kind);
    let headers: Vec<RowsColumn> = (columns.iter())
        .map(|c| RowsColumn {
            label: c.name.to_string(),
            numeric: matches!(c.cell, CellKind::Number | CellKind::Money),
        })
        .collect();
    let n = set.rows.len();
    // Opened from a figure further down: the reader is taken to what opened.
    let heading = NodeRef::<leptos::html::H2>::new();
    let figure = set.figure.clone();
    Effect::new(move |_| {
        let Some(h) = heading.get() else { return };
        if last.with_value(|l| l.as_ref() != Some(&figure)) {
            last.set_value(Some(figure.clone()));
            let _ = h.focus();
        }
    });
    let generation =
        Signal::derive(move || sorted.with(|s| Arc::as_ptr(&s.0) as *const () as usize));
    view! {
        <section class="card rows-panel" aria-labelledby="rows-title" data-testid="rows-panel">
            <div class="rows-panel__head">
                <h2 id="rows-title" class="card__title" tabindex="-1" node_ref=heading>
                    {title}
                </h2>
                <p class="muted" data-testid="rows-count">
                    {count}
                </p>
                <div class="actions">
                    <button type="button" class="button" data-testid="rows-export" on:click=export>
                        {t.rows.export}
                    </button>
                    <a class="button" href=rows_href(None) data-testid="rows-close">
                        {t.rows.close}
                    </a>
                </div>
            </div>
            <Explain explanation=set.explain.clone() />
            {if n == 0 {
                view! { <p class="muted">{t.rows.none}</p> }.into_any()
            } else {
                view! {
                    <RowsTable
                        columns=headers
                        count=Signal::stored(n)
                        cell=cell
                        link=link
                        sort=sort
                        generation=generation
                        label=t.rows.list_label.to_string()
                        test_id="rows-table"
                    />
                }
                    .into_any()
            }}
        </section>
    }
}

/// A cell as the interface shows it: money and numbers in the locale's format, dates as
/// written everywhere in Rapport (`YYYY-MM-DD`).
fn shown(loc: Locale, cell: Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t,
        Cell::Number(n) => format::number(loc, n, 2),
        Cell::Money(m) => format::money(loc, m),
        Cell::Date(d) => d.iso(),
    }
}
