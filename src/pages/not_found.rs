use leptos::prelude::*;
use leptos_router::components::A;

use super::PageHeader;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PageHeader title="Page not found"/>
        <p>"There is no page at this address. " <A href=crate::app::href("/")>"Go to the overview"</A></p>
    }
}
