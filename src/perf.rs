//! User Timing marks and measures (`performance.mark` / `performance.measure`) around the
//! slow steps: saving and loading the stored data. They cost nothing when nobody looks;
//! the storage benchmark (`bench/storage.mjs`) and the browser's performance panel read them.

/// Records a mark named `name` (e.g. `rapport:data-in-memory`).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Records `name` as a measure from the mark `start` until now.
pub fn measure_since(name: &str, start: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}
