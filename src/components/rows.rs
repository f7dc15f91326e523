//! A table of any number of rows, virtualised: only the rows in view (and a few on each
//! side) are in the DOM, so a list of a million orders scrolls like one of ten. Headers
//! are sort buttons; the rows come sorted from the caller (the core sorts).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::customer_list::window;

/// Height of a row, in CSS pixels (`.vtable .vrow > *` in the style sheet).
const ROW_HEIGHT: f64 = 40.0;
/// Height of the scrolled area.
const VIEWPORT: f64 = 480.0;

/// One column of a [`RowsTable`].
#[derive(Clone, Debug, PartialEq)]
pub struct RowsColumn {
    /// The header, in the interface language.
    pub label: String,
    /// Numbers: right-aligned, and sorted largest first on the first click.
    pub numeric: bool,
}

/// Rows `0..count` in display order: `cell(k, j)` is row k's text in column j, and
/// `link(k)`, when given, the address row k's first cell leads to. Clicking a header sets
/// `sort` to that column (again: the other direction); the caller re-sorts and bumps
/// `generation`, which renews every row in view.
#[component]
pub fn RowsTable(
    /// The columns.
    columns: Vec<RowsColumn>,
    /// How many rows there are.
    #[prop(into)]
    count: Signal<usize>,
    /// A row's cell text.
    cell: Callback<(usize, usize), String>,
    /// Where a row's first cell links to.
    #[prop(default = None)]
    link: Option<Callback<usize, String>>,
    /// The column sorted by and whether descending.
    sort: RwSignal<Option<(usize, bool)>>,
    /// Changes whenever the rows do (a new set, a new order).
    #[prop(into)]
    generation: Signal<usize>,
    /// What the scrolled area is called (for a screen reader).
    label: String,
    /// The table's `data-testid`.
    test_id: &'static str,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0);
    let range = Memo::new(move |_| window(scroll_top.get(), VIEWPORT, ROW_HEIGHT, count.get(), 8));
    let spacer = move |before: bool| {
        let (range, n) = (range.get(), count.get());
        let rows = if before { range.start } else { n - range.end };
        format!("{}px", rows as f64 * ROW_HEIGHT)
    };
    let width = columns.len();
    let numeric: Vec<bool> = columns.iter().map(|c| c.numeric).collect();
    let in_view = move || {
        let generation = generation.get();
        range.get().map(|k| (generation, k)).collect::<Vec<_>>()
    };
    let row_view = move |(_, k): (usize, usize)| {
        let cells = (0..width)
            .map(|j| {
                let text = cell.run((k, j));
                let title = text.clone();
                match (j, link) {
                    (0, Some(link)) => view! {
                        <th scope="row" title=title>
                            <A href=link.run(k)>{text}</A>
                        </th>
                    }
                    .into_any(),
                    (0, None) => view! {
                        <th scope="row" title=title>
                            {text}
                        </th>
                    }
                    .into_any(),
                    _ => {
                        let class = if numeric[j] { "num" } else { "" };
                        view! {
                            <td class=class title=title>
                                {text}
                            </td>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view();
        view! { <tr class="vrow">{cells}</tr> }
    };
    view! {
        <div
            class="vscroll"
            style:max-height=format!("{VIEWPORT}px")
            on:scroll=move |ev| {
                let el: web_sys::Element = event_target(&ev);
                scroll_top.set(el.scroll_top() as f64);
            }
            tabindex="0"
            aria-label=label
        >
            <table class="table table--compact vtable" data-testid=test_id>
                <thead>
                    <tr>{header(columns, sort)}</tr>
                </thead>
                <tbody>
                    <tr aria-hidden="true" style:height=move || spacer(true)></tr>
                    <For each=in_view key=|k| *k children=row_view />
                    <tr aria-hidden="true" style:height=move || spacer(false)></tr>
                </tbody>
            </table>
        </div>
    }
}

/// The header row: a sort button per column, its `aria-sort` following `sort`.
fn header(columns: Vec<RowsColumn>, sort: RwSignal<Option<(usize, bool)>>) -> impl IntoView {
    (columns.into_iter().enumerate())
        .map(|(j, c)| {
            let state = move || match sort.get() {
                Some((s, true)) if s == j => "descending",
                Some((s, false)) if s == j => "ascending",
                _ => "none",
            };
            let click = move |_| {
                sort.update(|s| {
                    *s = match *s {
                        Some((current, descending)) if current == j => Some((j, !descending)),
                        _ => Some((j, c.numeric)),
                    }
                })
            };
            let class = if c.numeric { "num" } else { "" };
            view! {
                <th scope="col" class=class aria-sort=state>
                    <button type="button" class="sort-button" on:click=click>
                        {c.label}
                    </button>
                </th>
            }
        })
        .collect_view()
}
