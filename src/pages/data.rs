use leptos::prelude::*;

use super::PageHeader;

/// `/data`: import and data management.
#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <PageHeader
            title="Data"
            lead="Import your CRM's CSV exports. Everything stays in this browser: nothing is uploaded."
        />
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title" class="card__title">"Import"</h2>
            <p>"Customers, orders, deals, support tickets and marketing campaigns, in any combination."</p>
        </section>
    }
}
