//! The global filter bar: period, segment, channel, owner and as-of, kept in the URL query.

use std::sync::Arc;

use crate::core::metrics::{FilterOptions, Records};
use crate::core::model::Dataset;
use crate::filters::{parse_day, FilterQuery, Range};
use crate::state::{
    period_covered, pick_toggler, query_setter, use_analytics, use_app_state, use_texts,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The options of the dataset's filters, computed in a task of their own after a change of
/// the dataset (a look at each of a million orders takes some 10 ms, which would lengthen
/// the task that shows an import's result); the lists follow a moment later.
fn filter_options(dataset: RwSignal<Arc<Dataset>>) -> ReadSignal<FilterOptions> {
    let (options, set_options) = signal(FilterOptions::default());
    Effect::new(move |_| {
        let ds = dataset.get();
        spawn_local(async move {
            crate::tasks::next_task().await;
            // Only for the dataset still shown (a later change has its own task), and the
            // bar still there (`try_`: after a language switch it is gone).
            if dataset.try_with_untracked(|now| Arc::ptr_eq(now, &ds)) == Some(true) {
                let _ = set_options.try_set(FilterOptions::of(&ds));
            }
        });
    });
    options
}

/// The filter bar in the header. Every change navigates to the same page with a new query
/// (replacing the history entry), so the view can be bookmarked and shared.
#[component]
pub fn FilterBar() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let t = use_texts();
    let options = filter_options(state.dataset);
    let q = analytics.query;
    let has_dates = move || analytics.span.with(Option::is_some);
    // The columns a select narrows: its id, label and "all" text, its values, and its
    // place in the query.
    type Column = (
        &'static str,
        &'static str,
        &'static str,
        fn(&FilterOptions) -> &Vec<String>,
        fn(&FilterQuery) -> &Option<String>,
        fn(&mut FilterQuery, Option<String>),
    );
    let (w, f) = (&t.words, &t.filters);
    #[rustfmt::skip]
    let columns: [Column; 3] = [
        ("filter-segment", w.segment, f.all_segments, |o| &o.segments, |q| &q.segment, |q, v| q.segment = v),
        ("filter-channel", w.channel, f.all_channels, |o| &o.channels, |q| &q.channel, |q, v| q.channel = v),
        ("filter-owner", w.owner, f.all_owners, |o| &o.owners, |q| &q.owner, |q, v| q.owner = v),
    ];
    let selects = move || {
        (columns.into_iter())
            .map(|(id, label, all, of, get, apply)| {
                let values = Signal::derive(move || options.with(|o| of(o).clone()));
                let current = Signal::derive(move || q.with(|q| get(q).clone()));
                view! { <ValueSelect id label all values current apply /> }
            })
            .collect_view()
    };
    view! {
        <Show when=move || state.has_data().get()>
            <form
                class="filter-bar__form"
                on:submit=|ev| ev.prevent_default()
                aria-label=t.filters.label
            >
                // Data without any date has no period to choose (and no as-of): say so once.
                <Show
                    when=has_dates
                    fallback=move || {
                        view! {
                            <span class="filter__note muted" data-testid="filter-covers">
                                {t.filters.no_dates}
                            </span>
                        }
                    }
                >
                    <PeriodFilter />
                </Show>
                <Show when=move || q.get().range == Range::Custom>
                    <CustomDates />
                </Show>
                {selects}
                <Show when=has_dates>
                    <AsOfFilter />
                </Show>
            </form>
            <PickChips />
        </Show>
    }
}

/// A select of one column's values (segment, channel, owner), "all" first; shown only when
/// the data has values for it.
#[component]
fn ValueSelect(
    /// The select's id (its label's `for`).
    id: &'static str,
    /// The label.
    label: &'static str,
    /// The first option's text: every value.
    all: &'static str,
    /// The values to choose from.
    values: Signal<Vec<String>>,
    /// The value chosen (`None`: all).
    current: Signal<Option<String>>,
    /// Sets the chosen value in the query.
    apply: fn(&mut FilterQuery, Option<String>),
) -> impl IntoView {
    let set = query_setter();
    let options = move || {
        let current = current.get();
        (values.get().into_iter())
            .map(|v| {
                let selected = current.as_deref() == Some(v.as_str());
                view! {
                    <option value=v.clone() prop:selected=selected>
                        {v.clone()}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !values.with(Vec::is_empty)>
            <span class="filter">
                <label class="filter__label" for=id>
                    {label}
                </label>
                <select
                    id=id
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(Box::new(move |q| apply(q, (!v.is_empty()).then_some(v))));
                    }
                >
                    <option value="" prop:selected=move || current.get().is_none()>
                        {all}
                    </option>
                    {options}
                </select>
            </span>
        </Show>
    }
}

/// The period's select, and the dates it covers: the whole history's first and last date,
/// or the preset's.
#[component]
fn PeriodFilter() -> impl IntoView {
    let (t, q, set) = (use_texts(), use_analytics().query, query_setter());
    let period = period_covered();
    let covers =
        move || period().map_or_else(String::new, |(f, to)| format!("{} – {}", f.iso(), to.iso()));
    let ranges = (Range::ALL.into_iter())
        .map(|r| {
            view! {
                <option value=r.as_str() prop:selected=move || q.get().range == r>
                    {(t.filters.range)(r)}
                </option>
            }
        })
        .collect_view();
    view! {
        <span class="filter">
            <label class="filter__label" for="filter-range">
                {t.filters.period}
            </label>
            <select
                id="filter-range"
                data-testid="filter-range"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |q| q.range = Range::parse(&v).unwrap_or_default()));
                }
            >
                {ranges}
            </select>
            <span class="filter__note muted" data-testid="filter-covers">
                {covers}
            </span>
        </span>
    }
}

/// A custom period's first and last day.
#[component]
fn CustomDates() -> impl IntoView {
    let (t, q, set) = (use_texts(), use_analytics().query, query_setter());
    view! {
        <span class="filter">
            <label class="filter__label" for="filter-from">
                {t.filters.from}
            </label>
            <input
                type="date"
                id="filter-from"
                prop:value=move || q.get().from.map(|d| d.iso()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |q| q.from = parse_day(&v)))
                }
            />
        </span>
        <span class="filter">
            <label class="filter__label" for="filter-to">
                {t.filters.to}
            </label>
            <input
                type="date"
                id="filter-to"
                prop:value=move || q.get().to.map(|d| d.iso()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |q| q.to = parse_day(&v)))
                }
            />
        </span>
    }
}

/// The as-of date, and each kind's own when the kinds imported end on different dates
/// (each is then computed at its own).
#[component]
fn AsOfFilter() -> impl IntoView {
    let (state, analytics, t, set) = (
        use_app_state(),
        use_analytics(),
        use_texts(),
        query_setter(),
    );
    // Record counts from the dataset: reading the dashboard here would compute it on every
    // page, the Data page's import included.
    let records = Memo::new(move |_| state.dataset.with(|ds| Records::of(ds)));
    let per_kind = move || {
        let as_of = analytics.as_of.get();
        let r = records.get();
        let w = &t.words;
        let kinds = [
            (r.orders, w.orders, as_of.orders),
            (r.deals, w.deals, as_of.deals),
            (r.tickets, w.tickets, as_of.tickets),
            (r.campaigns, t.filters.campaigns, as_of.campaigns),
            (r.responses, t.responses.contacts, as_of.responses),
        ];
        let present: Vec<_> = kinds.into_iter().filter(|k| k.0 > 0).collect();
        let distinct = present.iter().any(|k| k.2 != present[0].2);
        if !distinct {
            return String::new();
        }
        let parts: Vec<String> = (present.iter())
            .map(|(_, name, day)| format!("{name} {}", day.iso()))
            .collect();
        (t.filters.as_of_per_kind)(&parts.join(" · "))
    };
    view! {
        <span class="filter">
            <label class="filter__label" for="filter-as-of">
                {t.filters.as_of}
            </label>
            <input
                type="date"
                id="filter-as-of"
                data-testid="filter-as-of"
                prop:value=move || analytics.as_of.get().latest().iso()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |q| q.as_of = parse_day(&v)))
                }
            />
            <span class="filter__note muted" data-testid="filter-as-of-kinds">
                {per_kind}
            </span>
        </span>
    }
}

/// The values picked by clicking charts, each a chip whose button takes it back (Back
/// does too: each pick is a history entry).
#[component]
fn PickChips() -> impl IntoView {
    let (q, t) = (use_analytics().query, use_texts());
    let toggle = pick_toggler();
    let chips = move || {
        q.get()
            .picks
            .into_iter()
            .map(|(pick, value)| {
                let column = pick
                    .split_once('.')
                    .map_or(pick.as_str(), |(_, c)| c)
                    .to_string();
                let shown = if value.is_empty() {
                    crate::format::NONE.to_string()
                } else if column == "rfm_segment" {
                    t.words.rfm_segment(&value)
                } else {
                    value.clone()
                };
                let remove = (t.filters.remove_pick)(&column, &shown);
                view! {
                    <li class="chip" data-testid="pick-chip">
                        <span>{format!("{column}: {shown}")}</span>
                        <button
                            type="button"
                            class="chip__remove"
                            aria-label=remove.clone()
                            title=remove
                            on:click=move |_| toggle(pick.clone(), value.clone())
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || q.with(|q| !q.picks.is_empty())>
            <ul class="chips" aria-label=t.filters.picked data-testid="pick-chips">
                {chips}
            </ul>
        </Show>
    }
}
