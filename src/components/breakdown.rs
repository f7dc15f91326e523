//! A card of figures per value of a column the user picks: the picker, a sortable table, a
//! chart and a CSV export. The column picked lives in the URL (`by.CARD`).

use leptos::prelude::*;

use super::{ChartClick, Clip, EChart, Explain};
use crate::charts;
use crate::core::export::csv_table;
use crate::core::metrics::Figure;
use crate::core::series::Series;
use crate::i18n::Locale;
use crate::state::{
    export_file_name, pick_toggler, query_setter, rows_href, use_locale, use_texts, Breakdown,
};

/// One figure of a group: as shown, and as a number (for sorting and the CSV export; `None`
/// when undefined).
pub type Cell = (String, Option<f64>);

/// A bar chart of one figure per group.
#[derive(Clone, Copy)]
pub struct Bars<G: 'static> {
    /// The series' name (the chart's legend and tooltip).
    pub series: &'static str,
    /// A group's bar.
    pub value: fn(&G) -> f64,
    /// The chart's accessible label.
    pub label: &'static str,
    /// What it says without any group.
    pub empty: &'static str,
}

/// A group as the card shows it: its label (its value, or how a missing one reads), its
/// figures and its bar.
type Labelled = (String, Vec<Cell>, f64);

/// A row of the table: a group's label and figures.
type Row = (String, Vec<Cell>);

/// The card of one breakdown (`state::Breakdown`), shown once there is a column to break the
/// records down by. Test ids: `{card}-breakdown`, and `…-column`, `…-table`, `…-chart`,
/// `…-csv`; a header's sort button `…-sort-{n}` (0: the column's values).
#[component]
pub fn BreakdownCard<G>(
    /// The card's key in the URL (`by.{card}`), and the stem of its test ids.
    card: &'static str,
    /// The card's title.
    title: &'static str,
    /// The column picker's label.
    picker: &'static str,
    /// The breakdown shown (`state::*_breakdown(card)`).
    breakdown: Memo<Option<Breakdown<G>>>,
    /// The headers of the figures, after the column's own.
    headers: Vec<&'static str>,
    /// A group's value and its figures.
    cells: fn(Locale, &G) -> (String, Vec<Cell>),
    /// How a group without a value reads.
    no_value: &'static str,
    /// A bar chart of the groups.
    #[prop(optional)]
    bars: Option<Bars<G>>,
    /// The records behind a group: the column and the group's value (`""`: no value).
    rows: fn(String, String) -> Figure,
) -> impl IntoView
where
    G: Clone + PartialEq + Send + Sync + 'static,
{
    let loc = use_locale();
    let id = format!("{card}-breakdown");
    // In the core's order: what the table sorts and the chart draws.
    let bar = bars.as_ref().map(|b| b.value);
    let groups = Memo::new(move |_| {
        let groups = breakdown.get().map(|b| b.groups).unwrap_or_default();
        (groups.iter())
            .map(|g| labelled(cells(loc, g), no_value, bar.map_or(0.0, |f| f(g))))
            .collect::<Vec<_>>()
    });
    let chart = bars.map(|b| (b.label, bar_chart(groups, b)));
    let column = Signal::derive(move || breakdown.get().map(|b| b.column).unwrap_or_default());
    // The group's value as the core has it ("" for the group without one).
    let raw = move |shown: String| {
        if shown == no_value {
            String::new()
        } else {
            shown
        }
    };
    // A bar narrows every page to its group.
    let toggle = pick_toggler();
    let pick = Callback::new(move |c: ChartClick| {
        let Some(shown) = groups.with_untracked(|g| g.get(c.index).map(|g| g.0.clone())) else {
            return;
        };
        if let Some((key, value)) = pick_of(&rows(column.get_untracked(), raw(shown))) {
            toggle(key, value);
        }
    });
    let open = Callback::new(move |shown: String| {
        rows_href(Some(&rows(column.get_untracked(), raw(shown))))
    });
    // (header, descending); none: the core's order (most first, bands in order).
    let sort = RwSignal::new(None::<(usize, bool)>);
    let rows = Memo::new(move |_| {
        let mut rows: Vec<Row> = (groups.get().into_iter())
            .map(|(value, figures, _)| (value, figures))
            .collect();
        sort_rows(&mut rows, sort.get());
        rows
    });
    let title_id = format!("{id}-title");
    view! {
        <Show when=move || breakdown.with(Option::is_some)>
            <section class="card" aria-labelledby=title_id.clone() data-testid=id.clone()>
                <h2 id=title_id.clone() class="card__title">
                    {title}
                </h2>
                <BreakdownTools
                    card
                    stem=id.clone()
                    picker
                    breakdown
                    headers=headers.clone()
                    rows
                    sort
                />
                <BreakdownTable stem=id.clone() column headers=headers.clone() rows sort open />
                {chart
                    .map(|(label, chart)| {
                        view! {
                            <EChart
                                chart=chart
                                label=label
                                test_id=format!("{id}-chart")
                                on_click=pick
                            />
                        }
                    })}
                {move || breakdown.get().map(|b| view! { <Explain explanation=b.explain /> })}
            </section>
        </Show>
    }
}

/// The pick a group's bar makes (`KIND.COLUMN`, value).
fn pick_of(figure: &Figure) -> Option<(String, String)> {
    match figure {
        Figure::Breakdown {
            kind,
            column,
            label,
        } => Some((format!("{}.{column}", kind.as_str()), label.clone())),
        Figure::SnapshotGroup { column, label } => {
            Some((format!("customers.{column}"), label.clone()))
        }
        _ => None,
    }
}

/// The card's tools: the column picker (a new column is sorted as the core orders it) and
/// the CSV export of the rows as sorted.
#[component]
fn BreakdownTools<G>(
    /// The card's key in the URL (`by.{card}`).
    card: &'static str,
    /// The stem of the test ids (`{stem}-column`, `{stem}-csv`).
    stem: String,
    /// The column picker's label.
    picker: &'static str,
    /// The breakdown shown: the columns offered, the one shown.
    breakdown: Memo<Option<Breakdown<G>>>,
    /// The headers of the figures, after the column's own.
    headers: Vec<&'static str>,
    /// The rows, as sorted.
    rows: Memo<Vec<Row>>,
    /// The table's sort, reset by a new column.
    sort: RwSignal<Option<(usize, bool)>>,
) -> impl IntoView
where
    G: Clone + PartialEq + Send + Sync + 'static,
{
    let t = use_texts();
    let set_query = query_setter();
    let options = move || {
        let b = breakdown.get()?;
        let options = b.columns.iter().map(|c| {
            let selected = *c == b.column;
            view! {
                <option value=c.clone() prop:selected=selected>
                    {c.clone()}
                </option>
            }
        });
        Some(options.collect_view())
    };
    let file_name = export_file_name();
    let export = move |_| {
        if let Some(b) = breakdown.get_untracked() {
            // Named after the screen: the period, the filters and the sort of the table.
            let header = |k: usize| {
                if k == 0 {
                    b.column.clone()
                } else {
                    headers[k - 1].to_string()
                }
            };
            let by = sort.get_untracked().map(|(k, desc)| (header(k), desc));
            let base = format!("{card}-by-{}", b.column);
            let name = file_name(&base, &[], by.as_ref().map(|(h, d)| (h.as_str(), *d)));
            download_csv(&name, &b.column, &headers, rows.get_untracked());
        }
    };
    let picked = move |ev| {
        let v = event_target_value(&ev);
        sort.set(None);
        set_query(Box::new(move |q| q.set_by(card, &v)));
    };
    let (picker_id, csv_id) = (format!("{stem}-column"), format!("{stem}-csv"));
    view! {
        <div class="card__tools">
            <span class="filter">
                <label class="filter__label" for=picker_id.clone()>
                    {picker}
                </label>
                <select id=picker_id.clone() data-testid=picker_id on:change=picked>
                    {options}
                </select>
            </span>
            <button type="button" class="button" data-testid=csv_id on:click=export>
                {t.words.export_csv}
            </button>
        </div>
    }
}

/// A group as shown, from its value and figures (`cells`) and its bar.
fn labelled((value, figures): (String, Vec<Cell>), no_value: &str, bar: f64) -> Labelled {
    let value = if value.is_empty() {
        no_value.to_string()
    } else {
        value
    };
    (value, figures, bar)
}

/// The bar chart of the groups, in their order.
fn bar_chart<G: 'static>(groups: Memo<Vec<Labelled>>, b: Bars<G>) -> Signal<charming::Chart> {
    Signal::derive(move || {
        let mut s = Series::new(b.series);
        for (value, _, bar) in groups.get() {
            s.push(value, bar);
        }
        charts::bars(&s, true, b.empty)
    })
}

/// Sorts the rows by header `k`, descending or not: 0 by the values (A to Z), another by its
/// figure, undefined figures last either way. `None` leaves them in the core's order.
fn sort_rows(rows: &mut Vec<Row>, sort: Option<(usize, bool)>) {
    let Some((k, desc)) = sort else {
        return;
    };
    crate::core::sort::sort_by(rows, |a, b| {
        let directed = |o: std::cmp::Ordering| if desc { o.reverse() } else { o };
        if k == 0 {
            return directed(a.0.cmp(&b.0));
        }
        let key = |r: &Row| r.1.get(k - 1).and_then(|f| f.1);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => directed(x.total_cmp(&y)),
            (x, y) => y.is_none().cmp(&x.is_none()).reverse(),
        }
    });
}

/// Downloads the rows, as sorted, as CSV: the column's name and the headers, then each
/// group's value and its figures as plain numbers.
fn download_csv(file: &str, column: &str, headers: &[&str], rows: Vec<Row>) {
    let all: Vec<&str> = std::iter::once(column)
        .chain(headers.iter().copied())
        .collect();
    let data = rows.into_iter().map(|(value, figures)| {
        let numbers = (figures.into_iter()).map(|f| f.1.map(|v| v.to_string()).unwrap_or_default());
        std::iter::once(value).chain(numbers).collect::<Vec<_>>()
    });
    let text = csv_table(&all, data);
    crate::components::download::download_text(file, "text/csv", &text);
}

/// The card's table: a header per column that sorts by it, and a row per group.
#[component]
fn BreakdownTable(
    /// The stem of the test ids (`{stem}-table`, `{stem}-sort-{n}`).
    stem: String,
    /// The name of the column broken down by: the first header.
    column: Signal<String>,
    /// The headers of the figures.
    headers: Vec<&'static str>,
    /// The rows, as sorted.
    rows: Memo<Vec<Row>>,
    /// The header sorted by, and whether descending (none: the core's order).
    sort: RwSignal<Option<(usize, bool)>>,
    /// The address of a group's rows, from its value as shown.
    open: Callback<String, String>,
) -> impl IntoView {
    let table_id = format!("{stem}-table");
    let head = move || {
        let all = std::iter::once(column.get()).chain(headers.iter().map(|h| h.to_string()));
        (all.enumerate())
            .map(|(k, label)| sort_header(&stem, k, label, sort))
            .collect_view()
    };
    let body = move || {
        let rows = rows.get().into_iter().map(|(value, figures)| {
            let figures = figures
                .into_iter()
                .map(|f| view! { <td class="num">{f.0}</td> });
            let href = open.run(value.clone());
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>
                            <Clip text=value />
                        </a>
                    </th>
                    {figures.collect_view()}
                </tr>
            }
        });
        rows.collect_view()
    };
    view! {
        <div class="table-scroll">
            <table class="table table--compact" data-testid=table_id>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Header `k` (0: the column's values): a button that sorts by it, a figure most first and
/// the values A to Z, then the other way.
fn sort_header(
    stem: &str,
    k: usize,
    label: String,
    sort: RwSignal<Option<(usize, bool)>>,
) -> impl IntoView {
    let state = move || match sort.get() {
        Some((s, true)) if s == k => "descending",
        Some((s, false)) if s == k => "ascending",
        _ => "none",
    };
    let click = move |_| {
        sort.update(|s| {
            *s = match *s {
                Some((c, desc)) if c == k => Some((k, !desc)),
                _ => Some((k, k != 0)),
            }
        })
    };
    let class = if k == 0 { "" } else { "num" };
    let test_id = format!("{stem}-sort-{k}");
    view! {
        <th scope="col" class=class aria-sort=state>
            <button type="button" class="sort-button" data-testid=test_id on:click=click>
                {label}
            </button>
        </th>
    }
}
