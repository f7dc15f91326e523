use leptos::prelude::*;

use super::PageHeader;
use crate::components::EmptyState;
use crate::state::use_app_state;

/// `/sales`: Revenue, pipeline and forecast.
#[component]
pub fn SalesPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Sales" lead="Revenue, pipeline and forecast."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="an orders or deals CSV"/> }>
            <p>"Data loaded."</p>
        </Show>
    }
}
