//! A card of figures per value of a column the user picks: the picker, a table, a chart.

use charming::Chart;
use leptos::prelude::*;

use super::{Clip, EChart};
use crate::i18n::Locale;
use crate::state::{use_locale, Breakdown};

/// The card of one breakdown (`state::Breakdown`), shown once there is a column to break the
/// records down by. Test ids: `{id}`, and `{id}-column`, `{id}-table`, `{id}-chart`.
#[component]
pub fn BreakdownCard<G>(
    /// The card's id (also its test id, and the stem of its parts').
    id: &'static str,
    /// The card's title.
    title: &'static str,
    /// The column picker's label.
    picker: &'static str,
    /// The breakdown shown.
    breakdown: Memo<Option<Breakdown<G>>>,
    /// The column the user picked (written by the picker).
    column: RwSignal<String>,
    /// The headers of the figures, after the column's own.
    headers: Vec<&'static str>,
    /// A group's value and its figures, formatted.
    cells: fn(Locale, &G) -> (String, Vec<String>),
    /// How a group without a value reads.
    no_value: &'static str,
    /// A chart of the groups, and its label.
    #[prop(optional)]
    chart: Option<(Signal<Chart>, &'static str)>,
) -> impl IntoView
where
    G: Clone + PartialEq + Send + Sync + 'static,
{
    let loc = use_locale();
    let options = move || {
        let b = breakdown.get()?;
        let options = b.columns.iter().map(|c| {
            let selected = *c == b.column;
            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
        });
        Some(options.collect_view())
    };
    let rows = move || {
        let groups = breakdown.get().map(|b| b.groups).unwrap_or_default();
        let rows = groups.iter().map(|g| {
            let (value, figures) = cells(loc, g);
            let value = if value.is_empty() {
                no_value.to_string()
            } else {
                value
            };
            let figures = figures
                .into_iter()
                .map(|f| view! { <td class="num">{f}</td> });
            view! { <tr><th scope="row"><Clip text=value/></th>{figures.collect_view()}</tr> }
        });
        rows.collect_view()
    };
    let head = move || {
        (headers.iter())
            .map(|h| view! { <th scope="col" class="num">{*h}</th> })
            .collect_view()
    };
    let (title_id, picker_id) = (format!("{id}-title"), format!("{id}-column"));
    view! {
        <Show when=move || breakdown.with(Option::is_some)>
            <section class="card" aria-labelledby=title_id.clone() data-testid=id>
                <h2 id=title_id.clone() class="card__title">{title}</h2>
                <span class="filter">
                    <label class="filter__label" for=picker_id.clone()>{picker}</label>
                    <select id=picker_id.clone() data-testid=picker_id.clone() on:change=move |ev| column.set(event_target_value(&ev))>{options}</select>
                </span>
                <div class="table-scroll"><table class="table table--compact" data-testid=format!("{id}-table")>
                    <thead><tr><th scope="col">{move || breakdown.get().map(|b| b.column).unwrap_or_default()}</th>{head()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                {chart.map(|(chart, label)| view! { <EChart chart=chart label=label test_id=format!("{id}-chart")/> })}
            </section>
        </Show>
    }
}
