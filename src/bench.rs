//! Entry points for the peer benchmark (`../shared/bench`, issue 7), exported from the app's
//! wasm so the benchmark's browser harness can time the real import pipeline and metrics
//! engine on its generated data (contract: `peers/browser/app_peer.js`):
//!
//! ```js
//! const data = bench_parse(orders, customers, deals); // Uint8Arrays of the three CSV files
//! const json = bench_compute(data);                   // the METRICS.md JSON
//! data.phases_ms();                                   // where bench_parse spent its time
//! data.free();
//! ```
//!
//! The native twin is `rapport bench-metrics DIR`. Only compiled for `wasm32`.

use crate::core::import::{analyze, merge, parse, MergePolicy, NoProgress, ParseOptions};
use crate::core::metrics::bench_metrics;
use crate::core::model::Dataset;
use wasm_bindgen::prelude::*;

/// The three benchmark files, imported into one dataset (an opaque handle in JavaScript).
#[wasm_bindgen]
pub struct BenchData {
    dataset: Dataset,
    /// Milliseconds spent in `analyze`, `parse` and `merge`.
    phases: [f64; 3],
}

#[wasm_bindgen]
impl BenchData {
    /// Where [`bench_parse`] spent its time, as JSON: `{"analyze": ms, "parse": ms,
    /// "merge": ms}` (the copy of the bytes into wasm memory is in none of them).
    pub fn phases_ms(&self) -> String {
        let [analyze, parse, merge] = self.phases;
        serde_json::json!({ "analyze": analyze, "parse": parse, "merge": merge }).to_string()
    }
}

/// Imports the benchmark's `orders.csv`, `customers.csv` and `deals.csv` (their bytes) as
/// the app's import does: `analyze` + `parse` each file, then `merge` them into one dataset.
/// Throws when a file cannot be read as CSV at all.
#[wasm_bindgen]
pub fn bench_parse(orders: &[u8], customers: &[u8], deals: &[u8]) -> Result<BenchData, JsError> {
    let files = [
        ("orders.csv", orders),
        ("customers.csv", customers),
        ("deals.csv", deals),
    ];
    let mut phases = [0.0; 3];
    let mut parsed = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let t = js_sys::Date::now();
        let analysis =
            analyze(name, bytes, None).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        let t1 = js_sys::Date::now();
        parsed.push(parse(
            &analysis,
            bytes,
            &ParseOptions::default(),
            &mut NoProgress,
        ));
        phases[0] += t1 - t;
        phases[1] += js_sys::Date::now() - t1;
    }
    let t = js_sys::Date::now();
    let (dataset, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    phases[2] = js_sys::Date::now() - t;
    Ok(BenchData { dataset, phases })
}

/// The benchmark metric set (`../shared/bench/METRICS.md`) of the imported data, as JSON.
#[wasm_bindgen]
pub fn bench_compute(data: &BenchData) -> String {
    bench_metrics(&data.dataset).to_string()
}
