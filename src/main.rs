//! Web entry point: installs the panic hook and mounts the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // Mount only into the app's own page (index.html marks its <body>): a page that imports
    // this module for its exports, such as the benchmark harness calling `rapport::peer_bench`,
    // is left alone.
    let app_page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|body| body.has_attribute("data-rapport"));
    if app_page {
        rapport::app::mount();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-web is the browser app: build it with `make serve`; the terminal tool is `rapport`.");
    std::process::exit(2);
}
