use leptos::prelude::*;
use leptos_router::components::A;

/// What a page shows when there is no data for it yet.
#[component]
pub fn EmptyState(
    /// The file(s) that would fill this page, e.g. "an orders CSV".
    #[prop(into)]
    needs: String,
) -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="empty-state" aria-labelledby="empty-state-title">
            <h2 id="empty-state-title" class="empty-state__title">"No data yet"</h2>
            <p class="empty-state__text">
                "This page fills in once you import " {needs} ". Your files never leave this browser."
            </p>
            <A href=crate::app::href("/data") {..} class="button button--primary">"Import data"</A>
        </section>
    }
}
