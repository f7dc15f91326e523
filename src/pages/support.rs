use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{EChart, EmptyState, Explain, KpiCard};
use crate::format;
use crate::i18n::Locale;
use crate::state::{use_analytics, use_app_state, use_locale, use_texts};

fn hours(loc: Locale, v: Option<f64>) -> String {
    v.map(|v| format::hours(loc, v))
        .unwrap_or_else(|| format::NONE.into())
}

/// `/support`: ticket volume, response times and satisfaction.
#[component]
pub fn SupportPage() -> impl IntoView {
    let state = use_app_state();
    let has = Signal::derive(move || state.dataset.with(|d| !d.tickets.is_empty()));
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)("/support") lead=t.support.lead/>
        <Show when=move || has.get() fallback=move || view! { <EmptyState needs=t.support.needs/> }>
            <SupportBody/>
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
    view! {
        {move || {
            let s = d.get().support.clone();
            let nps_text = s.nps.value.map(|v| format!("{v:.0}")).unwrap_or_else(|| format::NONE.into());
            view! {
                <div class="kpi-grid">
                    <KpiCard label=w.tickets kpi=s.tickets.clone() format=format::count higher_is_better=false test_id="kpi-tickets"/>
                    <article class="kpi card" data-testid="kpi-backlog">
                        <h2 class="kpi__label">{ts.backlog}</h2>
                        <p class="kpi__value" data-testid="kpi-value">{format::count(loc, s.backlog.value as f64)}</p>
                        <Explain explanation=s.backlog.explain.clone()/>
                    </article>
                    <article class="kpi card" data-testid="kpi-first-response">
                        <h2 class="kpi__label">{ts.first_response}</h2>
                        <p class="kpi__value">{hours(loc, s.first_response.median_hours)}</p>
                        <p class="muted">{(ts.median_p90)(&hours(loc, s.first_response.p90_hours), &format::count(loc, s.first_response.tickets as f64))}</p>
                    </article>
                    <article class="kpi card" data-testid="kpi-resolution">
                        <h2 class="kpi__label">{ts.resolution}</h2>
                        <p class="kpi__value">{hours(loc, s.resolution.median_hours)}</p>
                        <p class="muted">{(ts.median_p90)(&hours(loc, s.resolution.p90_hours), &format::count(loc, s.resolution.tickets as f64))}</p>
                    </article>
                    <KpiCard label=ts.csat_rated kpi=s.csat.clone() format=format::percent test_id="kpi-csat"/>
                    <article class="kpi card" data-testid="kpi-nps">
                        <h2 class="kpi__label">{ts.nps}</h2>
                        <p class="kpi__value" data-testid="kpi-value">{nps_text}</p>
                        <p class="muted">{(ts.responses)(&format::count(loc, s.nps_responses as f64))}</p>
                        <Explain explanation=s.nps.explain.clone()/>
                    </article>
                </div>
            }
        }}
        <section class="card" aria-labelledby="volume-title">
            <h2 id="volume-title" class="card__title">{ts.volume_title}</h2>
            <EChart chart=volume label=ts.volume_label test_id="support-volume-chart"/>
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="type-title">
                <h2 id="type-title" class="card__title">{ts.by_type}</h2>
                <EChart chart=by_type label=ts.by_type_label test_id="support-type-chart"/>
            </section>
            <section class="card" aria-labelledby="channel-title">
                <h2 id="channel-title" class="card__title">{ts.by_channel}</h2>
                <EChart chart=by_channel label=ts.by_channel_label test_id="support-channel-chart"/>
            </section>
            <section class="card" aria-labelledby="priority-title">
                <h2 id="priority-title" class="card__title">{ts.by_priority}</h2>
                <EChart chart=by_priority label=ts.by_priority_label test_id="support-priority-chart"/>
            </section>
        </div>
    }
}
