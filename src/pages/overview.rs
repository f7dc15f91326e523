use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{EChart, EmptyState};
use crate::core::series::Series;
use crate::state::use_app_state;

/// `/`: the morning view of the business.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_app_state();
    let has_data = state.has_data();
    // Until the metrics engine lands the revenue series is empty: the chart shows its frame.
    let revenue =
        Signal::derive(move || charts::trend(&Series::new("Revenue"), "No revenue to show yet"));
    view! {
        <PageHeader title="Overview" lead="Your customers, sales, support and marketing at a glance."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="your CRM's CSV exports (an orders file is enough to start)"/> }>
            <p>"Data loaded."</p>
        </Show>
        <section class="card" aria-labelledby="revenue-trend-title">
            <h2 id="revenue-trend-title" class="card__title">"Revenue by month"</h2>
            <EChart chart=revenue label="Revenue by month" test_id="overview-revenue-chart"/>
        </section>
    }
}
