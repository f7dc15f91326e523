//! The team workspace published with the site ([`super::workspace::FILE`], beside
//! `index.html`): fetched on every visit, so a newer one is picked up on the next, and
//! never stored. Same origin and relative to the app's root (the `<base>`), so the CSP's
//! `connect-src 'self'` allows it; the service worker answers it network first.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::workspace::FILE;

/// The published workspace's bytes; `None` when the site has none: any answer but a
/// success (GitHub Pages' 404), an HTML page (a server answering every unknown path with
/// the app), or no network and no copy of it.
pub async fn fetch() -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    // Asked again of the server each time (GitHub Pages lets browsers keep a file ten
    // minutes): a team lead who publishes again is seen at the next visit.
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window.fetch_with_str_and_init(FILE, &init))
        .await
        .ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    let content_type = response.headers().get("content-type").ok().flatten();
    if !response.ok() || content_type.is_some_and(|t| t.starts_with("text/html")) {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    // An HTML page served as something else.
    (!bytes.trim_ascii_start().starts_with(b"<")).then_some(bytes)
}
