use leptos::prelude::*;

use super::PageHeader;
use crate::components::EmptyState;
use crate::state::use_app_state;

/// `/marketing`: Campaign cost, return and effect on sales.
#[component]
pub fn MarketingPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Marketing" lead="Campaign cost, return and effect on sales."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="a campaigns CSV (and orders to measure their effect)"/> }>
            <p>"Data loaded."</p>
        </Show>
    }
}
