use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{EChart, EmptyState, Explain, KpiCard};
use crate::format;
use crate::state::{use_analytics, use_app_state};

fn hours(v: Option<f64>) -> String {
    v.map(format::hours).unwrap_or_else(|| "–".into())
}

/// `/support`: ticket volume, response times and satisfaction.
#[component]
pub fn SupportPage() -> impl IntoView {
    let state = use_app_state();
    let has = Signal::derive(move || state.dataset.with(|d| !d.tickets.is_empty()));
    view! {
        <PageHeader title="Support" lead="Ticket volume, response times and satisfaction."/>
        <Show when=move || has.get() fallback=|| view! { <EmptyState needs="a support tickets CSV (e.g. a Zendesk export)"/> }>
            <SupportBody/>
        </Show>
    }
}

#[component]
fn SupportBody() -> impl IntoView {
    let d = use_analytics().dashboard;
    let volume = Signal::derive(move || {
        let mut s = d.get().support.by_month.clone();
        s.name = "Tickets".into();
        charts::trend(&s, "No tickets in this period")
    });
    let by_type =
        Signal::derive(move || charts::bars(&d.get().support.by_type, true, "No ticket types"));
    let by_channel =
        Signal::derive(move || charts::bars(&d.get().support.by_channel, true, "No channels"));
    let by_priority =
        Signal::derive(move || charts::bars(&d.get().support.by_priority, true, "No priorities"));
    view! {
        {move || {
            let s = d.get().support.clone();
            let nps_text = s.nps.value.map(|v| format!("{v:.0}")).unwrap_or_else(|| "–".into());
            view! {
                <div class="kpi-grid">
                    <KpiCard label="Tickets" kpi=s.tickets.clone() format=format::count higher_is_better=false test_id="kpi-tickets"/>
                    <article class="kpi card" data-testid="kpi-backlog">
                        <h2 class="kpi__label">"Backlog (open at as-of)"</h2>
                        <p class="kpi__value" data-testid="kpi-value">{format::count(s.backlog.value as f64)}</p>
                        <Explain explanation=s.backlog.explain.clone()/>
                    </article>
                    <article class="kpi card" data-testid="kpi-first-response">
                        <h2 class="kpi__label">"First response"</h2>
                        <p class="kpi__value">{hours(s.first_response.median_hours)}</p>
                        <p class="muted">{format!("median; p90 {} ({} tickets)", hours(s.first_response.p90_hours), s.first_response.tickets)}</p>
                    </article>
                    <article class="kpi card" data-testid="kpi-resolution">
                        <h2 class="kpi__label">"Resolution"</h2>
                        <p class="kpi__value">{hours(s.resolution.median_hours)}</p>
                        <p class="muted">{format!("median; p90 {} ({} tickets)", hours(s.resolution.p90_hours), s.resolution.tickets)}</p>
                    </article>
                    <KpiCard label="CSAT (rated 4–5)" kpi=s.csat.clone() format=format::percent test_id="kpi-csat"/>
                    <article class="kpi card" data-testid="kpi-nps">
                        <h2 class="kpi__label">"NPS"</h2>
                        <p class="kpi__value" data-testid="kpi-value">{nps_text}</p>
                        <p class="muted">{format!("{} responses", s.nps_responses)}</p>
                        <Explain explanation=s.nps.explain.clone()/>
                    </article>
                </div>
            }
        }}
        <section class="card" aria-labelledby="volume-title">
            <h2 id="volume-title" class="card__title">"Tickets per month"</h2>
            <EChart chart=volume label="Tickets opened per month" test_id="support-volume-chart"/>
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="type-title">
                <h2 id="type-title" class="card__title">"By issue type"</h2>
                <EChart chart=by_type label="Tickets by issue type" test_id="support-type-chart"/>
            </section>
            <section class="card" aria-labelledby="channel-title">
                <h2 id="channel-title" class="card__title">"By channel"</h2>
                <EChart chart=by_channel label="Tickets by channel" test_id="support-channel-chart"/>
            </section>
            <section class="card" aria-labelledby="priority-title">
                <h2 id="priority-title" class="card__title">"By priority"</h2>
                <EChart chart=by_priority label="Tickets by priority" test_id="support-priority-chart"/>
            </section>
        </div>
    }
}
