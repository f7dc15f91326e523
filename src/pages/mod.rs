//! One module per route. Pages read [`crate::state::AppState`] and render components; they
//! never compute metrics themselves.

mod analysis;
mod customers;
mod data;
mod marketing;
mod not_found;
mod overview;
mod report;
mod sales;
mod settings;
mod support;
mod team;
mod unlock;

pub use analysis::AnalysisPage;
pub use customers::{CustomerPage, CustomersPage};
pub use data::DataPage;
pub use marketing::MarketingPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use report::ReportPage;
pub use sales::SalesPage;
pub use settings::SettingsPage;
pub use support::SupportPage;
pub use team::TeamBar;
pub use unlock::UnlockPage;

use crate::components::{DownloadFigures, PrintButtons};
use leptos::prelude::*;

/// A page's title row: the `<h1>` and an optional lead sentence; also sets `document.title`.
/// A page of figures also offers them all as JSON.
#[component]
fn PageHeader(
    /// The page title (already in the interface language).
    title: &'static str,
    /// One sentence under the title.
    #[prop(optional)]
    lead: Option<&'static str>,
    /// Offer "Download figures (JSON)".
    #[prop(optional)]
    figures: bool,
) -> impl IntoView {
    document().set_title(&format!("{title} · Rapport"));
    view! {
        <header class="page-header">
            <h1 class="page-header__title">{title}</h1>
            {lead.map(|l| view! { <p class="page-header__lead">{l}</p> })}
            {figures
                .then(|| {
                    view! {
                        <div class="page-header__tools">
                            <DownloadFigures />
                            <PrintButtons />
                        </div>
                    }
                })}
        </header>
    }
}
