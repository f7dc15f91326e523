//! `/report`: every page with figures for the data imported, one after the other, laid out
//! for paper (each page starts on a new sheet; the print style sheet drops the controls).

use leptos::prelude::*;

use super::{AnalysisPage, MarketingPage, OverviewPage, SalesPage, SupportPage};
use crate::core::metrics::Records;
use crate::routes::Page;
use crate::state::{use_app_state, use_texts};

/// The report of every page, for "Print all pages".
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let records = Memo::new(move |_| state.dataset.with(|ds| Records::of(ds)));
    // The pages that have figures for the kinds imported (the Overview always).
    let pages = move || {
        let r = records.get();
        let shown = [
            (Page::Overview, true),
            (Page::Sales, r.orders + r.deals > 0),
            (Page::Support, r.tickets > 0),
            (Page::Marketing, r.campaigns + r.responses > 0),
            (Page::Analysis, r.orders + r.customers > 0),
        ];
        (shown.into_iter().filter(|(_, on)| *on))
            .map(|(page, _)| {
                let body = match page {
                    Page::Sales => view! { <SalesPage /> }.into_any(),
                    Page::Support => view! { <SupportPage /> }.into_any(),
                    Page::Marketing => view! { <MarketingPage /> }.into_any(),
                    Page::Analysis => view! { <AnalysisPage /> }.into_any(),
                    _ => view! { <OverviewPage /> }.into_any(),
                };
                view! {
                    <section class="report__page" data-testid="report-page">
                        {body}
                    </section>
                }
            })
            .collect_view()
    };
    // Each page sets the document's title as it renders: the report's comes last.
    Effect::new(move |_| {
        document().set_title(&format!("{} · Rapport", (t.shell.page)(Page::Report)));
    });
    view! { <div class="report">{pages}</div> }
}
