use leptos::prelude::*;
use leptos_router::components::A;

use super::PageHeader;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = crate::state::use_texts();
    view! {
        <PageHeader title=t.settings.not_found/>
        <p>{t.settings.not_found_text} <A href=crate::app::href("/")>{t.settings.go_overview}</A></p>
    }
}
