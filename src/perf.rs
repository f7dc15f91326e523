//! User Timing marks and measures (`performance.mark` / `performance.measure`) around the
//! slow steps: an import's (`rapport:parse` of each file, `rapport:combine` of its parts,
//! `rapport:merge`, `rapport:history`), saving and loading the stored data, and the
//! analytics computed from it (`rapport:index`, `rapport:index-background`,
//! `rapport:dashboard`, `rapport:dashboard-ahead`, `rapport:customers`, `rapport:fit`). They cost nothing when nobody looks; the benchmarks (`bench/*.mjs`) and
//! the browser's performance panel read them.

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

/// Runs `f`, recorded as the measure `name` (from a mark `name-start`).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = format!("{name}-start");
    mark(&start);
    let out = f();
    measure_since(name, &start);
    out
}
