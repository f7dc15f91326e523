//! A card of figures per value of a column the user picks: the picker, a sortable table, a
//! chart and a CSV export. The column picked lives in the URL (`by.CARD`).

use leptos::prelude::*;

use super::{Clip, EChart, Explain};
use crate::charts;
use crate::core::export::csv_table;
use crate::core::series::Series;
use crate::i18n::Locale;
use crate::state::{query_setter, use_locale, use_texts, Breakdown};

/// One figure of a group: as shown, and as a number (for sorting and the CSV export; `None`
/// when undefined).
pub type Figure = (String, Option<f64>);

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
    cells: fn(Locale, &G) -> (String, Vec<Figure>),
    /// How a group without a value reads.
    no_value: &'static str,
    /// A bar chart of the groups.
    #[prop(optional)]
    bars: Option<Bars<G>>,
) -> impl IntoView
where
    G: Clone + PartialEq + Send + Sync + 'static,
{
    let (loc, t) = (use_locale(), use_texts());
    let id = format!("{card}-breakdown");
    let set_query = query_setter();
    // Each group's label (its value, or how a missing one reads), figures and bar, in the
    // core's order: what the table sorts and the chart draws.
    let bar = bars.as_ref().map(|b| b.value);
    let groups = Memo::new(move |_| {
        let groups = breakdown.get().map(|b| b.groups).unwrap_or_default();
        (groups.iter())
            .map(|g| {
                let (value, figures) = cells(loc, g);
                let value = if value.is_empty() {
                    no_value.to_string()
                } else {
                    value
                };
                (value, figures, bar.map_or(0.0, |f| f(g)))
            })
            .collect::<Vec<_>>()
    });
    let chart = bars.map(|b| {
        let chart = Signal::derive(move || {
            let mut s = Series::new(b.series);
            for (value, _, bar) in groups.get() {
                s.push(value, bar);
            }
            charts::bars(&s, true, b.empty)
        });
        (chart, b.label)
    });
    // (header, descending); none: the core's order (most first, bands in order).
    let sort = RwSignal::new(None::<(usize, bool)>);
    let rows = Memo::new(move |_| {
        let mut rows: Vec<(String, Vec<Figure>)> = (groups.get().into_iter())
            .map(|(value, figures, _)| (value, figures))
            .collect();
        if let Some((k, desc)) = sort.get() {
            crate::core::sort::sort_by(&mut rows, |a, b| {
                let directed = |o: std::cmp::Ordering| if desc { o.reverse() } else { o };
                if k == 0 {
                    return directed(a.0.cmp(&b.0));
                }
                let key = |r: &(String, Vec<Figure>)| r.1.get(k - 1).and_then(|f| f.1);
                // Undefined figures last either way.
                match (key(a), key(b)) {
                    (Some(x), Some(y)) => directed(x.total_cmp(&y)),
                    (x, y) => y.is_none().cmp(&x.is_none()).reverse(),
                }
            });
        }
        rows
    });
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
    let body = move || {
        let rows = rows.get().into_iter().map(|(value, figures)| {
            let figures = figures
                .into_iter()
                .map(|f| view! { <td class="num">{f.0}</td> });
            view! {
                <tr>
                    <th scope="row">
                        <Clip text=value />
                    </th>
                    {figures.collect_view()}
                </tr>
            }
        });
        rows.collect_view()
    };
    let stem = id.clone();
    let head = {
        let headers = headers.clone();
        move || {
            let column = breakdown.get().map(|b| b.column).unwrap_or_default();
            let all = std::iter::once(column).chain(headers.iter().map(|h| h.to_string()));
            all.enumerate()
                .map(|(k, label)| {
                    let state = move || match sort.get() {
                        Some((s, true)) if s == k => "descending",
                        Some((s, false)) if s == k => "ascending",
                        _ => "none",
                    };
                    let click = move |_| {
                        // A figure first sorts most first, the values A to Z; again: the
                        // other way.
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
                            <button
                                type="button"
                                class="sort-button"
                                data-testid=test_id
                                on:click=click
                            >
                                {label}
                            </button>
                        </th>
                    }
                })
                .collect_view()
        }
    };
    let export = {
        let headers = headers.clone();
        move |_| {
            let Some(b) = breakdown.get_untracked() else {
                return;
            };
            let mut all = vec![b.column.as_str()];
            all.extend(headers.iter().copied());
            let data = rows.get_untracked().into_iter().map(|(value, figures)| {
                let numbers = figures
                    .into_iter()
                    .map(|f| f.1.map(|v| v.to_string()).unwrap_or_default());
                std::iter::once(value).chain(numbers).collect::<Vec<_>>()
            });
            let file = format!("rapport-{card}-by-{}.csv", b.column);
            let text = csv_table(&all, data);
            crate::components::download::download_text(&file, "text/csv", &text);
        }
    };
    let picked = move |ev| {
        let v = event_target_value(&ev);
        sort.set(None);
        set_query(Box::new(move |q| q.set_by(card, &v)));
    };
    let (title_id, picker_id) = (format!("{id}-title"), format!("{id}-column"));
    let (table_id, csv_id) = (format!("{id}-table"), format!("{id}-csv"));
    view! {
        <Show when=move || breakdown.with(Option::is_some)>
            <section class="card" aria-labelledby=title_id.clone() data-testid=id.clone()>
                <h2 id=title_id.clone() class="card__title">
                    {title}
                </h2>
                <div class="card__tools">
                    <span class="filter">
                        <label class="filter__label" for=picker_id.clone()>
                            {picker}
                        </label>
                        <select id=picker_id.clone() data-testid=picker_id.clone() on:change=picked>
                            {options}
                        </select>
                    </span>
                    <button
                        type="button"
                        class="button"
                        data-testid=csv_id.clone()
                        on:click=export.clone()
                    >
                        {t.words.export_csv}
                    </button>
                </div>
                <div class="table-scroll">
                    <table class="table table--compact" data-testid=table_id.clone()>
                        <thead>
                            <tr>{head.clone()}</tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                {chart
                    .map(|(chart, label)| {
                        view! { <EChart chart=chart label=label test_id=format!("{id}-chart") /> }
                    })}
                {move || breakdown.get().map(|b| view! { <Explain explanation=b.explain /> })}
            </section>
        </Show>
    }
}
