use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Page;

use super::PageHeader;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = crate::state::use_texts();
    view! {
        <PageHeader title=t.settings.not_found />
        <p>
            {t.settings.not_found_text}
            <A href=crate::routes::href(Page::Overview.path())>{t.settings.go_overview}</A>
        </p>
    }
}
