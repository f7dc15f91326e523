use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{Bars, BreakdownCard, ChartClick, EChart, EmptyState, Explain, KpiCard};
use crate::core::metrics::{Chart, Durations, Figure, KpiId, TicketGroup};
use crate::core::model::Kind;
use crate::format;
use crate::i18n::{Locale, Texts};
use crate::routes::Page;
use crate::state::{
    bar_picker, rows_opener, tickets_breakdown, use_analytics, use_app_state, use_locale, use_texts,
};

fn hours(loc: Locale, v: Option<f64>) -> String {
    v.map(|v| format::hours(loc, v))
        .unwrap_or_else(|| format::NONE.into())
}

/// Why a duration leaves tickets out: no opening time, or not answered/resolved yet.
fn duration_notes(t: &'static Texts, loc: Locale, d: &Durations) -> impl IntoView {
    let count = |n: usize| format::count(loc, n as f64);
    let start = (d.without_start > 0).then(|| (t.support.no_opening)(&count(d.without_start)));
    let end = (d.without_end > 0).then(|| (t.support.not_yet)(&count(d.without_end)));
    let notes = start.into_iter().chain(end);
    notes
        .map(|n| {
            view! {
                <p class="left-out" data-testid="left-out">
                    {n}
                </p>
            }
        })
        .collect_view()
}

/// `/support`: ticket volume, response times and satisfaction.
#[component]
pub fn SupportPage() -> impl IntoView {
    let state = use_app_state();
    let has = Signal::derive(move || state.dataset.with(|d| !d.tickets.is_empty()));
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)(Page::Support) lead=t.support.lead figures=true />
        <Show
            when=move || has.get()
            fallback=move || view! { <EmptyState needs=t.support.needs /> }
        >
            <SupportBody />
        </Show>
    }
}

#[component]
fn SupportBody() -> impl IntoView {
    let d = use_analytics().dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ts) = (&t.words, &t.support);
    let volume = Signal::derive(move || {
        let mut s = d.get().support.by_month.clone();
        s.name = w.tickets.into();
        charts::trend(&s, ts.no_tickets)
    });
    let by_type = Signal::derive(move || charts::bars(&d.get().support.by_type, true, ts.no_types));
    let by_channel = Signal::derive(move || {
        charts::bars(&d.get().support.by_channel, true, t.sales.no_channels)
    });
    let by_priority =
        Signal::derive(move || charts::bars(&d.get().support.by_priority, true, ts.no_priorities));
    // A month opens its tickets; a bar narrows every page to its type, channel or priority.
    let open = rows_opener();
    let open_month = Callback::new(move |c: ChartClick| {
        let label = d.with_untracked(|d| {
            d.support
                .by_month
                .points
                .get(c.index)
                .map(|p| p.label.clone())
        });
        if let Some(label) = label {
            open(Figure::Element {
                chart: Chart::TicketsByMonth,
                label,
            });
        }
    });
    let pick = |column, series| {
        let toggle = bar_picker(column, series);
        Callback::new(move |c: ChartClick| toggle(c.index))
    };
    let pick_type = pick("tickets.issue_type", |d| &d.support.by_type);
    let pick_channel = pick("tickets.channel", |d| &d.support.by_channel);
    let pick_priority = pick("tickets.priority", |d| &d.support.by_priority);
    view! {
        {move || {
            let s = d.get().support.clone();
            let nps_text = s
                .nps
                .value
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| format::NONE.into());
            let undated = (s.undated > 0)
                .then(|| (ts.undated)(&format::count(loc, s.undated as f64)));
            view! {
                <div class="kpi-grid">
                    <KpiCard
                        label=w.tickets
                        kpi=s.tickets.clone()
                        format=format::count
                        higher_is_better=false
                        test_id="kpi-tickets"
                        rows=Some(Figure::Kpi(KpiId::Tickets))
                        note=undated
                    />
                    <article class="kpi card" data-testid="kpi-backlog">
                        <h2 class="kpi__label">{ts.backlog}</h2>
                        <p class="kpi__value" data-testid="kpi-value">
                            {format::count(loc, s.backlog.value as f64)}
                        </p>
                        <Explain explanation=s.backlog.explain.clone() />
                    </article>
                    <article class="kpi card" data-testid="kpi-first-response">
                        <h2 class="kpi__label">{ts.first_response}</h2>
                        <p class="kpi__value">{hours(loc, s.first_response.median_hours)}</p>
                        <p class="muted">
                            {(ts
                                .median_p90)(
                                &hours(loc, s.first_response.p90_hours),
                                &format::count(loc, s.first_response.tickets as f64),
                            )}
                        </p>
                        {duration_notes(t, loc, &s.first_response)}
                        <Explain explanation=s.first_response.explain.clone() />
                    </article>
                    <article class="kpi card" data-testid="kpi-resolution">
                        <h2 class="kpi__label">{ts.resolution}</h2>
                        <p class="kpi__value">{hours(loc, s.resolution.median_hours)}</p>
                        <p class="muted">
                            {(ts
                                .median_p90)(
                                &hours(loc, s.resolution.p90_hours),
                                &format::count(loc, s.resolution.tickets as f64),
                            )}
                        </p>
                        {duration_notes(t, loc, &s.resolution)}
                        <Explain explanation=s.resolution.explain.clone() />
                    </article>
                    {(s.csat_responses > 0)
                        .then(|| {
                            view! {
                                <KpiCard
                                    label=ts.csat_rated
                                    kpi=s.csat.clone()
                                    format=format::percent
                                    rate=true
                                    test_id="kpi-csat"
                                    rows=Some(Figure::Kpi(KpiId::CsatRated))
                                />
                            }
                        })}
                    // A score the export does not have is not shown as "–".
                    {(s.nps_responses > 0)
                        .then(|| {
                            view! {
                                <article class="kpi card" data-testid="kpi-nps">
                                    <h2 class="kpi__label">{ts.nps}</h2>
                                    <p class="kpi__value" data-testid="kpi-value">
                                        {nps_text}
                                    </p>
                                    <p class="muted">
                                        {(ts
                                            .responses)(&format::count(loc, s.nps_responses as f64))}
                                    </p>
                                    <Explain explanation=s.nps.explain.clone() />
                                </article>
                            }
                        })}
                </div>
            }
        }}
        <section class="card" aria-labelledby="volume-title">
            <h2 id="volume-title" class="card__title">
                {ts.volume_title}
            </h2>
            <EChart
                chart=volume
                label=ts.volume_label
                test_id="support-volume-chart"
                on_click=open_month
            />
            {move || view! { <Explain explanation=d.get().support.by_explain.clone() /> }}
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="type-title">
                <h2 id="type-title" class="card__title">
                    {ts.by_type}
                </h2>
                <EChart
                    chart=by_type
                    label=ts.by_type_label
                    test_id="support-type-chart"
                    on_click=pick_type
                />
                {move || view! { <Explain explanation=d.get().support.by_explain.clone() /> }}
            </section>
            <section class="card" aria-labelledby="channel-title">
                <h2 id="channel-title" class="card__title">
                    {ts.by_channel}
                </h2>
                <EChart
                    chart=by_channel
                    label=ts.by_channel_label
                    test_id="support-channel-chart"
                    on_click=pick_channel
                />
                {move || view! { <Explain explanation=d.get().support.by_explain.clone() /> }}
            </section>
            <section class="card" aria-labelledby="priority-title">
                <h2 id="priority-title" class="card__title">
                    {ts.by_priority}
                </h2>
                <EChart
                    chart=by_priority
                    label=ts.by_priority_label
                    test_id="support-priority-chart"
                    on_click=pick_priority
                />
                {move || view! { <Explain explanation=d.get().support.by_explain.clone() /> }}
            </section>
        </div>
        <TicketsBreakdown />
    }
}

/// Tickets, open tickets, CSAT and resolution per value of any column of the tickets.
#[component]
fn TicketsBreakdown() -> impl IntoView {
    let t = use_texts();
    let (w, ts) = (&t.words, &t.support);
    let breakdown = tickets_breakdown("tickets");
    let bars = Bars {
        series: w.tickets,
        value: |g: &TicketGroup| g.tickets as f64,
        label: ts.by_title,
        empty: ts.no_tickets,
    };
    let headers = vec![
        w.tickets,
        ts.open,
        ts.csat_rated,
        ts.rated,
        ts.median_resolution,
    ];
    let cells = |loc: Locale, g: &TicketGroup| {
        let count = |n: u64| (format::count(loc, n as f64), Some(n as f64));
        let csat = g.csat.map(|v| format::percent(loc, v));
        let res = g.median_resolution_hours;
        let figures = vec![
            count(g.tickets),
            count(g.open),
            (csat.unwrap_or_else(|| format::NONE.into()), g.csat),
            count(g.rated),
            (hours(loc, res), res),
        ];
        (g.value.clone(), figures)
    };
    view! {
        <BreakdownCard
            card="tickets"
            rows=|column, label| Figure::Breakdown {
                kind: Kind::Tickets,
                column,
                label,
            }
            title=ts.by_title
            picker=ts.by_label
            breakdown=breakdown
            headers=headers
            cells=cells
            no_value=ts.no_value
            bars=bars
        />
    }
}
