//! Every page of the app, in one place: [`Page`] names them, and their paths, links, titles,
//! the sidebar's order and the static pages' route pattern derive from it. No other module
//! writes a path, except the router's table in `app.rs` (leptos's `path!` takes literals),
//! which `tests/it/architecture.rs` checks against [`Page::path`], as it checks
//! `index.html` and `public/404.html` against [`static_pattern`].
//!
//! Pure, tested natively; the `<base href>` resolution exists in the browser build only.

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/`: the first screen.
    Overview,
    /// `/customers`: the list.
    Customers,
    /// `/customers/:id`: one customer.
    Customer,
    /// `/sales`.
    Sales,
    /// `/support`.
    Support,
    /// `/marketing`.
    Marketing,
    /// `/analysis`.
    Analysis,
    /// `/data`: import, backup, delete.
    Data,
    /// `/settings`.
    Settings,
    /// `/report`: every page with figures, one after the other, for printing.
    Report,
}

impl Page {
    /// Every page, in declaration order (finding a page by its path walks it).
    pub const ALL: [Page; 10] = [
        Page::Overview,
        Page::Customers,
        Page::Customer,
        Page::Sales,
        Page::Support,
        Page::Marketing,
        Page::Analysis,
        Page::Data,
        Page::Settings,
        Page::Report,
    ];

    /// The analysis pages, in sidebar order.
    pub const AREAS: [Page; 6] = [
        Page::Overview,
        Page::Customers,
        Page::Sales,
        Page::Support,
        Page::Marketing,
        Page::Analysis,
    ];

    /// The admin pages, after them.
    pub const ADMIN: [Page; 2] = [Page::Data, Page::Settings];

    /// Its path within the app (`:id` stands for a customer's id).
    pub fn path(self) -> &'static str {
        match self {
            Page::Overview => "/",
            Page::Customers => "/customers",
            Page::Customer => "/customers/:id",
            Page::Sales => "/sales",
            Page::Support => "/support",
            Page::Marketing => "/marketing",
            Page::Analysis => "/analysis",
            Page::Data => "/data",
            Page::Settings => "/settings",
            Page::Report => "/report",
        }
    }

    /// The page a path shows (a customer's page for `/customers/ID`); `None` for no page.
    pub fn of_path(path: &str) -> Option<Page> {
        let path = path.trim_end_matches('/');
        if let Some(id) = path.strip_prefix("/customers/") {
            return (!id.is_empty() && !id.contains('/')).then_some(Page::Customer);
        }
        let path = if path.is_empty() { "/" } else { path };
        Page::ALL.into_iter().find(|p| p.path() == path)
    }
}

/// The path of customer `id`'s page (the id percent-encoded as one path segment).
pub fn customer_path(id: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(id, SEGMENT);
    format!("/customers/{encoded}")
}

/// What a path segment cannot hold as it is (RFC 3986's reserved and unsafe characters).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The pattern of the app's paths after its base, as `index.html` and `public/404.html`
/// hold it to find the app's root from a deep link: each first segment, a page with a
/// parameter allowing one more.
pub fn static_pattern() -> String {
    let mut parts: Vec<String> = Vec::new();
    for page in Page::ALL {
        let mut segments = page.path().trim_start_matches('/').split('/');
        let first = segments.next().unwrap_or_default();
        if first.is_empty() {
            continue;
        }
        let nested = format!("{first}(?:\\/[^\\/]+)?");
        match segments.next() {
            Some(_) => match parts.iter_mut().find(|p| p.as_str() == first) {
                Some(p) => *p = nested,
                None => parts.push(nested),
            },
            None if !parts.iter().any(|p| p.starts_with(first)) => parts.push(first.to_string()),
            None => {}
        }
    }
    parts.join("|")
}

#[cfg(target_arch = "wasm32")]
pub use web::{href, router_base};

#[cfg(target_arch = "wasm32")]
mod web {
    /// The router base: the path of the document's `<base href>` (set by index.html)
    /// without its trailing slash: `""` at the site root, `"/rapport"` under a GitHub Pages
    /// project path.
    pub fn router_base() -> &'static str {
        thread_local! {
            static BASE: &'static str = {
                let base_uri = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.base_uri().ok().flatten())
                    .unwrap_or_default();
                let path = web_sys::Url::new(&base_uri).map(|u| u.pathname()).unwrap_or_default();
                String::leak(path.trim_end_matches('/').to_string())
            };
        }
        BASE.with(|b| *b)
    }

    /// The full address of an app path (`"/sales"` → `"/rapport/sales"` under a sub-path).
    /// leptos_router resolves only relative links against its base, so every absolute link
    /// in the app goes through here.
    pub fn href(path: &str) -> String {
        format!("{}{path}", router_base())
    }
}
