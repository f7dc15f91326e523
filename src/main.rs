//! Web entry point: installs the panic hook and mounts the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    rapport::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-web is the browser app: build it with `make serve`; the terminal tool is `rapport`.");
    std::process::exit(2);
}
