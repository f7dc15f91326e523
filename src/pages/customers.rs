use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::PageHeader;
use crate::components::EmptyState;
use crate::state::use_app_state;

/// `/customers`: everyone you sell to.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Customers" lead="Everyone you sell to, with their value and segment."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="a customers or orders CSV"/> }>
            <p>"Data loaded."</p>
        </Show>
    }
}

/// `/customers/:id`: one customer's profile and history.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Customer"/>
        <p class="page-subtitle">"Customer ID: " <span data-testid="customer-id">{id}</span></p>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="a customers or orders CSV"/> }>
            <p>"Data loaded."</p>
        </Show>
    }
}
