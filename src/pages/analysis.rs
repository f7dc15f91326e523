use leptos::prelude::*;

use super::PageHeader;
use crate::components::EmptyState;
use crate::state::use_app_state;

/// `/analysis`: RFM and ABC segments, cohorts and customer lifetime value.
#[component]
pub fn AnalysisPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Analysis" lead="RFM and ABC segments, cohorts and customer lifetime value."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="an orders CSV"/> }>
            <p>"Data loaded."</p>
        </Show>
    }
}
