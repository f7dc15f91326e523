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

use crate::core::import::{merge, read, MergePolicy, ParseOptions};
use crate::core::metrics::bench_metrics;
use crate::core::model::Dataset;
use wasm_bindgen::prelude::*;

/// The three benchmark files, imported into one dataset (an opaque handle in JavaScript).
#[wasm_bindgen]
pub struct BenchData {
    dataset: Dataset,
    /// Milliseconds spent in `read` (analysis + parsing) and `merge`.
    phases: [f64; 2],
}

#[wasm_bindgen]
impl BenchData {
    /// Where [`bench_parse`] spent its time, as JSON: `{"read": ms, "merge": ms}` (`read`:
    /// analysis and parsing in one reading of the rows; the copy of the bytes into wasm
    /// memory is in neither).
    pub fn phases_ms(&self) -> String {
        let [read, merge] = self.phases;
        serde_json::json!({ "read": read, "merge": merge }).to_string()
    }
}

/// Imports the benchmark's `orders.csv`, `customers.csv` and `deals.csv` (their bytes) with
/// the automatic analysis, as the command line does: `read` each file (analysis + parsing),
/// then `merge` them into one dataset. Throws when a file cannot be read as CSV at all.
#[wasm_bindgen]
pub fn bench_parse(orders: &[u8], customers: &[u8], deals: &[u8]) -> Result<BenchData, JsError> {
    let files = [
        ("orders.csv", orders),
        ("customers.csv", customers),
        ("deals.csv", deals),
    ];
    let mut phases = [0.0; 2];
    let mut parsed = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let t = js_sys::Date::now();
        let (_, file) = read(name, bytes, None, &ParseOptions::default())
            .map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        parsed.push(file);
        phases[0] += js_sys::Date::now() - t;
    }
    let t = js_sys::Date::now();
    let (dataset, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    phases[1] = js_sys::Date::now() - t;
    Ok(BenchData { dataset, phases })
}

/// The benchmark metric set (`../shared/bench/METRICS.md`) of the imported data, as JSON.
#[wasm_bindgen]
pub fn bench_compute(data: &BenchData) -> String {
    bench_metrics(&data.dataset).to_string()
}
