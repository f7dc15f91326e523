//! Saving a generated file (CSV export, backup, the figures as JSON) through the browser's
//! download.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `bytes` as a download named `file_name`.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = leptos::prelude::document();
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
    }
    // Revoking at once can cancel the download in some browsers: give it a moment.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
}

/// Offers a text (UTF-8) as a download.
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    download(file_name, mime, text.as_bytes());
}

/// "Download figures (JSON)": every figure under the current filter, as the command line's
/// `rapport metrics --json` writes it (offered once the customer model is fitted).
#[component]
pub fn DownloadFigures() -> impl IntoView {
    let (state, t) = (crate::state::use_app_state(), crate::state::use_texts());
    let figures = crate::state::figures_json();
    let has_data = move || state.dataset.with(|ds| !ds.is_empty());
    // The predictive figures are in the document once the model is fitted.
    let model = crate::state::use_analytics().model;
    let fitting = move || model.with(Option::is_none);
    let click = move |_| {
        let (name, json) = figures();
        download_text(&name, "application/json", &json);
    };
    view! {
        <Show when=has_data>
            <button
                type="button"
                class="button"
                data-testid="download-figures"
                on:click=click
                disabled=fitting
            >
                {t.shell.download_figures}
            </button>
        </Show>
    }
}

/// "Print report" (this page, through the browser's print dialog, also to PDF) and "Print
/// all pages" (the report of every page, with the same filter).
#[component]
pub fn PrintButtons() -> impl IntoView {
    let t = crate::state::use_texts();
    let all = crate::state::filtered_href(crate::routes::Page::Report.path());
    view! {
        <button
            type="button"
            class="button"
            data-testid="print-report"
            on:click=move |_| {
                let _ = window().print();
            }
        >
            {t.shell.print_report}
        </button>
        <a class="button" href=all data-testid="print-all">
            {t.shell.print_all}
        </a>
    }
}

/// What a printed report was computed under, printed above it (and shown on screen only on
/// the report page): the period, the filters and picks of the URL, and the as-of date.
#[component]
pub fn PrintSummary() -> impl IntoView {
    let (t, a) = (crate::state::use_texts(), crate::state::use_analytics());
    let state = crate::state::use_app_state();
    // The period from the query, not the dashboard: reading it here would compute it on
    // every page (the Data page's import included).
    let period = crate::state::period_covered();
    let lines = move || {
        let mut parts = Vec::new();
        if let Some((from, to)) = period() {
            parts.push(format!(
                "{}: {} – {}",
                t.filters.period,
                from.iso(),
                to.iso()
            ));
        }
        let pairs = a.query.with(crate::filters::FilterQuery::to_pairs);
        let shown = |k: &str| {
            !matches!(k, "range" | "from" | "to" | "as_of" | "rows") && !k.starts_with("by.")
        };
        parts.extend(
            pairs
                .iter()
                .filter(|(k, _)| shown(k))
                .map(|(k, v)| format!("{}: {v}", k.strip_prefix("pick.").unwrap_or(k))),
        );
        parts.push(format!(
            "{}: {}",
            t.filters.as_of,
            a.as_of.get().latest().iso()
        ));
        parts.join(" · ")
    };
    view! {
        <Show when=move || state.has_data().get()>
            <p class="print-summary" data-testid="print-summary">
                <strong>"Rapport"</strong>
                " · "
                {lines}
            </p>
        </Show>
    }
}
