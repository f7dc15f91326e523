use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Page;

/// What a page shows when there is no data for it yet.
#[component]
pub fn EmptyState(
    /// The file(s) that would fill this page, e.g. "an orders CSV".
    #[prop(into)]
    needs: String,
) -> impl IntoView {
    let t = crate::state::use_texts();
    view! {
        <section class="empty-state" data-testid="empty-state" aria-labelledby="empty-state-title">
            <h2 id="empty-state-title" class="empty-state__title">
                {t.parts.no_data}
            </h2>
            <p class="empty-state__text">{(t.parts.fills_once)(&needs)}</p>
            <A href=crate::routes::href(Page::Data.path()) {..} class="button button--primary">
                {t.parts.import_data}
            </A>
        </section>
    }
}
