use leptos::prelude::*;

use super::PageHeader;
use crate::components::EmptyState;
use crate::state::use_app_state;

/// `/support`: Ticket volume, response times and satisfaction.
#[component]
pub fn SupportPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Support" lead="Ticket volume, response times and satisfaction."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="a support tickets CSV"/> }>
            <p>"Data loaded."</p>
        </Show>
    }
}
