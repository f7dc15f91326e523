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
//! `bench_parse_parallel(orders, customers, deals, threads)` is the same import with each
//! large file's rows parsed by `threads` threads: this one and `threads - 1` Web Workers
//! (`crate::workers`; `threads` = 0: one per core; 1: this thread alone, through the same
//! path),
//! returning a `Promise` of the `BenchData`: the harness must `await` it.
//!
//! The native twin is `rapport bench-metrics DIR`. Only compiled for `wasm32`.

use crate::core::import::chunk::{self, Begun};
use crate::core::import::{
    check_size, decode_utf8, merge, read_decoded, Analysis, Decoded, MergePolicy, ParseOptions,
    Parsed, Utf8,
};
use crate::core::metrics::bench_metrics;
use crate::core::model::Dataset;
use crate::workers::{self, Failure, Pool, Stats};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The three benchmark files, imported into one dataset (an opaque handle in JavaScript).
#[wasm_bindgen]
pub struct BenchData {
    dataset: Dataset,
    /// Milliseconds spent in `read` (analysis + parsing) and `merge`.
    phases: [f64; 2],
    /// For [`bench_parse_parallel`]: the threads used, and the milliseconds spent starting
    /// the workers and in each step of the page's thread (all within `read`).
    parallel: Option<(usize, f64, Stats)>,
}

#[wasm_bindgen]
impl BenchData {
    /// Where [`bench_parse`] spent its time, as JSON: `{"read": ms, "merge": ms}` (`read`:
    /// analysis and parsing in one reading of the rows; the copy of the bytes into wasm
    /// memory is in neither).
    pub fn phases_ms(&self) -> String {
        let [read, merge] = self.phases;
        match self.parallel {
            None => serde_json::json!({ "read": read, "merge": merge }).to_string(),
            Some((threads, start, s)) => serde_json::json!({
                "read": read, "merge": merge, "threads": threads, "workers_start": start,
                "ready": s.ready, "send": s.send, "parse_here": s.parse, "wait": s.wait, "combine": s.combine,
                "worker_parse": s.worker_parse, "worker_encode": s.worker_encode,
            })
            .to_string(),
        }
    }
}

/// Imports the benchmark's `orders.csv`, `customers.csv` and `deals.csv` (their bytes) with
/// the automatic analysis, as the command line does: `read` each file (analysis + parsing),
/// then `merge` them into one dataset. Throws when a file cannot be read as CSV at all, or
/// is not UTF-8.
#[wasm_bindgen]
pub fn bench_parse(
    orders: Vec<u8>,
    customers: Vec<u8>,
    deals: Vec<u8>,
) -> Result<BenchData, JsError> {
    let files = [
        ("orders.csv", orders),
        ("customers.csv", customers),
        ("deals.csv", deals),
    ];
    let mut phases = [0.0; 2];
    let mut parsed = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let t = js_sys::Date::now();
        let (_, file) =
            read_utf8(name, bytes).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        parsed.push(file);
        phases[0] += js_sys::Date::now() - t;
    }
    let t = js_sys::Date::now();
    let (dataset, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    phases[1] = js_sys::Date::now() - t;
    Ok(BenchData {
        dataset,
        phases,
        parallel: None,
    })
}

/// [`bench_parse`] with each large file's rows parsed by `workers` threads, this one and
/// `workers - 1` Web Workers (0: one per core, `navigator.hardwareConcurrency`, whatever
/// their number): the analysis of its first rows and the first part on this thread, the
/// other parts in the workers (each observing its rows for the whole-file analysis), their
/// combination here. The same dataset as `bench_parse`.
#[wasm_bindgen]
pub async fn bench_parse_parallel(
    orders: Vec<u8>,
    customers: Vec<u8>,
    deals: Vec<u8>,
    workers: usize,
) -> Result<BenchData, JsError> {
    let t = js_sys::Date::now();
    let cores = web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize);
    let n = if workers == 0 {
        cores.clamp(1, 16)
    } else {
        workers
    };
    // The workers load while this thread decodes and analyses the first file.
    let pool = Pool::spawn(n).ok_or_else(|| JsError::new("the workers did not start"))?;
    let start = js_sys::Date::now() - t;
    let files = [
        ("orders.csv", orders),
        ("customers.csv", customers),
        ("deals.csv", deals),
    ];
    let mut phases = [start, 0.0];
    let mut parsed = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let t = js_sys::Date::now();
        let file = read_parallel(&pool, name, bytes)
            .await
            .map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        parsed.push(file);
        phases[0] += js_sys::Date::now() - t;
    }
    let stats = *pool.stats.borrow();
    drop(pool);
    let t = js_sys::Date::now();
    let (dataset, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    phases[1] = js_sys::Date::now() - t;
    Ok(BenchData {
        dataset,
        phases,
        parallel: Some((n, start, stats)),
    })
}

/// `read` of one file, its rows parsed by this thread and the pool's workers when it is
/// large enough (the milliseconds of each step go to the pool's `stats`).
async fn read_parallel(pool: &Pool, name: &str, bytes: Vec<u8>) -> Result<Parsed, String> {
    let options = ParseOptions::default();
    let decoded = utf8(bytes)?;
    let text: &str = &decoded.text;
    let reading = match chunk::begin_read(name, &decoded, None).map_err(|e| e.to_string())? {
        Begun::Parts(r)
            if chunk::in_parts(&r.provisional) && text.len() >= workers::MIN_PARALLEL_BYTES =>
        {
            r
        }
        _ => {
            return read_decoded(name, &decoded, None, &options)
                .map(|r| r.1)
                .map_err(|e| e.to_string())
        }
    };
    let provisional = reading.provisional.clone();
    let go: Rc<dyn Fn(u64, u64) -> bool> = Rc::new(|_, _| true);
    let failed = |e: Failure| format!("{e:?}");
    let reads = (&provisional, &options);
    let parts = workers::parse_parts(pool, reads, text, Some(reading.observe()), go.clone());
    let parts = parts.await.map_err(failed)?;
    let analysis = reading.finish(parts.reports()).map_err(|e| e.to_string())?;
    if chunk::same_reading(&analysis, &provisional) {
        return Ok(parts.finish());
    }
    drop(parts);
    let parts = workers::parse_parts(pool, (&analysis, &options), text, None, go).await;
    Ok(parts.map_err(failed)?.finish())
}

/// `read` of a UTF-8 file (the page's module has no decoder for other encodings, see
/// `import::decode_utf8`; the benchmark's files are UTF-8).
fn read_utf8(name: &str, bytes: Vec<u8>) -> Result<(Analysis, Parsed), String> {
    read_decoded(name, &utf8(bytes)?, None, &ParseOptions::default()).map_err(|e| e.to_string())
}

/// A file's text when it is UTF-8.
fn utf8(bytes: Vec<u8>) -> Result<Decoded<'static>, String> {
    check_size(bytes.len() as u64).map_err(|e| e.to_string())?;
    match decode_utf8(bytes).map_err(|e| e.to_string())? {
        Utf8::Text(decoded) => Ok(decoded),
        Utf8::Other(_) => Err("the benchmark reads UTF-8 files only".into()),
    }
}

/// The benchmark metric set (`../shared/bench/METRICS.md`) of the imported data, as JSON.
#[wasm_bindgen]
pub fn bench_compute(data: &BenchData) -> String {
    bench_metrics(&data.dataset).to_string()
}
