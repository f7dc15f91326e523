//! The app shell: router, header, sidebar and theme handling.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_location,
    path,
};
use wasm_bindgen::{closure::Closure, JsCast};

use crate::components::{load_echarts_for, CommandPalette, FilterBar, PrintSummary, RowsPanel};
use crate::pages::{
    AnalysisPage, CustomerPage, CustomersPage, DataPage, MarketingPage, NotFoundPage, OverviewPage,
    ReportPage, SalesPage, SettingsPage, SupportPage, TeamBar, UnlockPage,
};
use crate::routes::{href, router_base, Page};
use crate::state::{provide_analytics, AppState, LoadState};

/// Mounts the app on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

/// The shell around every page: the router, the header (filter bar, command palette) and the
/// sidebar; a progress bar until the stored data is in memory.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    apply_theme(state);
    apply_language(state);
    follow_system_theme(state);

    // A change of language re-renders the shell, so every component reads its texts once.
    view! {
        <Router base=router_base()>
            {move || {
                state.locale.track();
                view! { <Shell /> }
            }}
        </Router>
    }
}

/// Header, sidebar and the routed page; inside the router, so the analytics context can
/// read the URL's filter.
#[component]
fn Shell() -> impl IntoView {
    let state = crate::state::use_app_state();
    let analytics = provide_analytics();
    let t = state.texts();
    search_shortcut(analytics);
    load_echarts_for(Signal::derive(move || {
        state.dataset.with(|ds| !ds.is_empty())
    }));
    view! {
        <a class="skip-link" href="#main">
            {t.shell.skip_link}
        </a>
        <div class="shell">
            <header class="shell__header">
                <A href=href(Page::Overview.path()) {..} class="brand">
                    <span class="brand__mark" aria-hidden="true">
                        "◆"
                    </span>
                    " Rapport"
                </A>
                <div class="filter-bar" data-testid="filter-bar">
                    <FilterBar />
                </div>
                <CommandPalette />
            </header>
            <Sidebar />
            <main id="main" class="shell__main" tabindex="-1">
                <PrintSummary />
                {move || {
                    state
                        .unavailable
                        .get()
                        .map(|why| {
                            view! {
                                <p
                                    class="alert alert--warning"
                                    role="status"
                                    data-testid="storage-unavailable"
                                >
                                    {why}
                                </p>
                            }
                        })
                }}
                // The pages appear as soon as the data is in memory; until then, how far it is.
                <Show
                    when=move || state.load.get() != LoadState::Loading
                    fallback=move || {
                        view! {
                            <div class="loading" data-testid="loading">
                                <label for="load-progress">{t.shell.loading}</label>
                                <progress
                                    id="load-progress"
                                    max="1"
                                    value=move || state.load_progress.get()
                                ></progress>
                            </div>
                        }
                    }
                >
                    // The site's team workspace, where there is one.
                    <TeamBar />
                    // Locked data: the passphrase first, no page (unless the team's is shown).
                    <Show
                        when=move || {
                            state.load.get() != LoadState::Locked || state.viewing_team.get()
                        }
                        fallback=UnlockPage
                    >
                        <RowsPanel />
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=OverviewPage />
                            <Route path=path!("/customers") view=CustomersPage />
                            <Route path=path!("/customers/:id") view=CustomerPage />
                            <Route path=path!("/sales") view=SalesPage />
                            <Route path=path!("/support") view=SupportPage />
                            <Route path=path!("/marketing") view=MarketingPage />
                            <Route path=path!("/analysis") view=AnalysisPage />
                            <Route path=path!("/data") view=DataPage />
                            <Route path=path!("/settings") view=SettingsPage />
                            <Route path=path!("/report") view=ReportPage />
                        </Routes>
                    </Show>
                </Show>
            </main>
        </div>
    }
}

/// The navigation sidebar. Links keep the current filter (the filter keys of the URL
/// query), so it follows the user from page to page; the current page is marked with `aria-current="page"`.
#[component]
fn Sidebar() -> impl IntoView {
    let location = use_location();
    let analytics = crate::state::use_analytics();
    let t = crate::state::use_texts();
    let link = move |page: Page| {
        let label = (t.shell.page)(page);
        let target = href(page.path());
        let current = {
            let target = target.clone();
            move || {
                let path = location.pathname.get();
                let here = path.trim_end_matches('/');
                let active = if page == Page::Overview {
                    here == target.trim_end_matches('/')
                } else {
                    here == target || here.starts_with(&format!("{target}/"))
                };
                active.then_some("page")
            }
        };
        let with_query = move || {
            let query = crate::filters::query_string(&analytics.query.get());
            if query.is_empty() {
                target.clone()
            } else {
                format!("{target}?{query}")
            }
        };
        view! {
            <li>
                <a href=with_query aria-current=current>
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <nav class="sidebar" aria-label=t.shell.nav_label>
            <ul class="sidebar__list">{Page::AREAS.into_iter().map(link).collect_view()}</ul>
            <ul class="sidebar__list sidebar__list--admin">
                {Page::ADMIN.into_iter().map(link).collect_view()}
            </ul>
        </nav>
    }
}

/// Keeps `<html data-theme>` in step with the chosen theme (CSS reads it).
fn apply_theme(state: AppState) {
    let is_dark = state.is_dark();
    Effect::new(move |_| {
        let theme = state.theme.get();
        let dark = is_dark.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
            let _ = root.set_attribute("data-dark", if dark { "true" } else { "false" });
        }
    });
}

/// Keeps `<html lang>` in step with the interface language (screen readers, fonts).
fn apply_language(state: AppState) {
    Effect::new(move |_| {
        let locale = state.locale.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.html_lang());
        }
    });
}

/// Tracks the system colour scheme so "System" follows it live.
fn follow_system_theme(state: AppState) {
    let Some(query) = window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
    else {
        return;
    };
    let on_change = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
        move |e: web_sys::MediaQueryListEvent| state.system_dark.set(e.matches()),
    );
    let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // The shell lives as long as the page: the listener is never removed.
    on_change.forget();
}

/// `/` (outside a text field) jumps to the customer search, as in many web apps.
fn search_shortcut(analytics: crate::state::Analytics) {
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    let handle = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
            return;
        }
        let typing = document().active_element().is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        });
        if typing {
            return;
        }
        e.prevent_default();
        let focus = || {
            if let Some(el) = document().get_element_by_id("customer-search") {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                true
            } else {
                false
            }
        };
        if !focus() {
            let query = crate::filters::query_string(&analytics.query.get_untracked());
            let list = href(Page::Customers.path());
            let url = if query.is_empty() {
                list
            } else {
                format!("{list}?{query}")
            };
            navigate.with_value(|n| n(&url, Default::default()));
            // The list renders on the next frames.
            set_timeout(
                move || {
                    focus();
                },
                std::time::Duration::from_millis(100),
            );
        }
    });
    on_cleanup(move || handle.remove());
}
