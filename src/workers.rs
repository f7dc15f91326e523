//! The parallel import's page side: a pool of Web Workers (`src/worker.rs`, each running
//! the same core) that parse the parts of a file's text (`core::import::chunk`), while the
//! main thread only hands the parts out, decodes what comes back one piece per task and
//! combines the parts in slices.
//!
//! No shared memory (GitHub Pages cannot send COOP/COEP): each part's text is copied into
//! an `ArrayBuffer` that is transferred to its worker, and the parsed part comes back as
//! transferred buffers (`Part::to_pieces`). The worker script is resolved relative to the
//! app's JavaScript module (the `import.meta.url` of a wasm-bindgen snippet, two folders
//! under it), so the app works under any sub-path, and the benchmark page that imports the
//! module from elsewhere finds it too. Where Workers are missing or fail, callers fall back
//! to the single-thread parse.

use crate::core::import::chunk::{self, Part, PartDecoder, PartJob, Parts};
use crate::core::import::{Analysis, ColumnProfile, ParseOptions, Parsed};
use crate::tasks::{next_task, now, Slices, SLICE_MS};
use js_sys::{Array, Promise, Uint8Array};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

#[wasm_bindgen(inline_js = "export function module_url() { return import.meta.url; }")]
extern "C" {
    /// The URL of this snippet: `snippets/<crate>-<hash>/inline0.js` beside the app's module.
    fn module_url() -> String;
}

/// A file whose text is smaller than this is parsed on the main thread: starting workers
/// and combining costs more than it saves.
pub const MIN_PARALLEL_BYTES: usize = 1 << 20;

/// The least text a part gets.
pub const MIN_PART_BYTES: usize = 256 * 1024;

/// Fewer cores than this, and the import stays on the main thread unless the address asks
/// for workers: on the 2-core development machine two workers parsed the benchmark's files
/// more slowly than one thread, the main thread's decoding and combination of the parts
/// costing more than the second core saved (docs/PERFORMANCE.md).
pub const MIN_CORES: usize = 4;

/// How many workers to use: `?workers=N` in the page's address (1: the single-thread
/// import, for comparing), else `navigator.hardwareConcurrency` (at most 16) when it is at
/// least [`MIN_CORES`], else 1.
pub fn wanted() -> usize {
    let Some(window) = web_sys::window() else {
        return 1;
    };
    let asked = (window.location().search().ok())
        .and_then(|q| {
            (q.trim_start_matches('?').split('&'))
                .find_map(|kv| kv.strip_prefix("workers=").map(str::to_string))
        })
        .and_then(|n| n.parse::<usize>().ok());
    let cores = window.navigator().hardware_concurrency() as usize;
    let cores = if cores >= MIN_CORES { cores } else { 1 };
    asked.unwrap_or(cores).clamp(1, 16)
}

/// Why parsing in workers did not give a result.
#[derive(Debug)]
pub enum Failure {
    /// The user cancelled (or left the page).
    Cancelled,
    /// A worker could not be started or failed: parse on the main thread instead.
    Failed(String),
}

/// Running workers; dropping the pool terminates them (Cancel, or the import is done).
pub struct Pool {
    workers: Vec<Worker>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        for w in &self.workers {
            w.terminate();
        }
    }
}

/// The closures a worker calls: its messages, its errors.
type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(JsValue)>,
);

/// A promise and the closures its worker calls, kept alive until it settles.
struct Pending {
    promise: Promise,
    _handlers: Handlers,
}

/// Waits for `worker`'s next `[1, pieces]` message (or "ready"), telling `progress` about
/// its `[0, rows, bytes]` messages; rejects on `[2, why]`, on an error in the worker, or
/// when `progress` says stop.
fn listen(worker: &Worker, progress: Rc<dyn Fn(u64, u64) -> bool>) -> Pending {
    let handlers: Rc<RefCell<Option<Handlers>>> = Rc::new(RefCell::new(None));
    let promise = Promise::new(&mut |resolve, reject| {
        let fail = reject.clone();
        let progress = progress.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if data.is_string() {
                let _ = resolve.call1(&JsValue::NULL, &data);
                return;
            }
            let message = Array::from(&data);
            match message.get(0).as_f64() {
                Some(0.0) => {
                    let rows = message.get(1).as_f64().unwrap_or(0.0) as u64;
                    let bytes = message.get(2).as_f64().unwrap_or(0.0) as u64;
                    if !progress(rows, bytes) {
                        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("cancelled"));
                    }
                }
                Some(1.0) => {
                    let _ = resolve.call1(&JsValue::NULL, &message.get(1));
                }
                _ => {
                    let _ = reject.call1(&JsValue::NULL, &message.get(1));
                }
            }
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let why = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map_or_else(|| "the worker failed".to_string(), |e| e.message());
            let _ = fail.call1(&JsValue::NULL, &JsValue::from_str(&why));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *handlers.borrow_mut() = Some((on_message, on_error));
    });
    let handlers = handlers.borrow_mut().take().expect("set by the executor");
    Pending {
        promise,
        _handlers: handlers,
    }
}

fn why(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

impl Pool {
    /// Starts `n` workers and waits until each has loaded its wasm; `None` when the
    /// browser has no Workers or one fails to start.
    pub async fn start(n: usize) -> Option<Pool> {
        let url = web_sys::Url::new_with_base("../../rapport-worker_loader.js", &module_url())
            .ok()?
            .href();
        let mut pool = Pool {
            workers: Vec::new(),
        };
        let mut ready = Vec::new();
        for _ in 0..n {
            let worker = Worker::new(&url).ok()?;
            ready.push(listen(&worker, Rc::new(|_, _| true)));
            pool.workers.push(worker);
        }
        for pending in ready {
            JsFuture::from(pending.promise).await.ok()?;
        }
        Some(pool)
    }

    /// Workers in the pool.
    pub fn len(&self) -> usize {
        self.workers.len()
    }

    /// True when the pool has no worker.
    pub fn is_empty(&self) -> bool {
        self.workers.is_empty()
    }

    /// Sends part `range` of `text` to worker `w`: its text copied into a buffer of its own,
    /// transferred.
    fn send(
        &self,
        w: usize,
        job: &PartJob,
        text: &[u8],
        progress: Rc<dyn Fn(u64, u64) -> bool>,
    ) -> Result<Pending, Failure> {
        let worker = &self.workers[w];
        let pending = listen(worker, progress);
        let job = Uint8Array::from(job.to_bytes().as_slice());
        let text = Uint8Array::from(text);
        let transfer = Array::of2(&job.buffer(), &text.buffer());
        (worker.post_message_with_transfer(&Array::of2(&job, &text), &transfer))
            .map_err(|e| Failure::Failed(why(e)))?;
        Ok(pending)
    }
}

/// Decodes a worker's pieces (`[head, block…]`), a task per few pieces.
async fn decode(pieces: JsValue, keep_going: &dyn Fn() -> bool) -> Result<Part, Failure> {
    let pieces = Array::from(&pieces);
    let piece = |i: u32| Uint8Array::new(&pieces.get(i)).to_vec();
    let mut decoder = PartDecoder::new(&piece(0)).map_err(Failure::Failed)?;
    let mut since = now();
    for i in 1..pieces.length() {
        if now() - since > SLICE_MS {
            next_task().await;
            if !keep_going() {
                return Err(Failure::Cancelled);
            }
            since = now();
        }
        decoder.take(&piece(i)).map_err(Failure::Failed)?;
    }
    decoder.finish().map_err(Failure::Failed)
}

/// Parses `text` (a file's, read by `analysis`) in parts on the pool's workers, repairing
/// cuts inside quoted cells, and returns the parts in order (see [`combine`] to make them
/// one file). `observe`: a one-pass read's rows to observe (`chunk::Reading::observe`).
/// `progress(rows, bytes)` hears about all the workers' rows so far, and stops them by
/// returning false.
pub async fn parse_parts(
    pool: &Pool,
    (analysis, options): (&Analysis, &ParseOptions),
    text: &str,
    observe: Option<(usize, &[ColumnProfile])>,
    progress: Rc<dyn Fn(u64, u64) -> bool>,
) -> Result<Vec<(Range<usize>, Part)>, Failure> {
    let from = chunk::data_start(analysis, text);
    let mut parts = Parts::new(chunk::split(text, from, pool.len(), MIN_PART_BYTES));
    let seen = Rc::new(RefCell::new(vec![(0u64, 0u64); parts.len()]));
    let keep_going = {
        let progress = progress.clone();
        let seen = seen.clone();
        move || {
            let seen = seen.borrow();
            progress(
                seen.iter().map(|s| s.0).sum(),
                seen.iter().map(|s| s.1).sum(),
            )
        }
    };
    let send = |parts: &Parts, i: usize, w: usize| {
        let range = parts.range(i);
        let job = PartJob::new(analysis, options, (&range, text.len()), observe);
        let (seen, progress) = (seen.clone(), progress.clone());
        let tell: Rc<dyn Fn(u64, u64) -> bool> = Rc::new(move |rows, bytes| {
            let mut all = seen.borrow_mut();
            if let Some(s) = all.get_mut(i) {
                *s = (rows, bytes);
            }
            let (rows, bytes) = all.iter().fold((0, 0), |(r, b), s| (r + s.0, b + s.1));
            drop(all);
            progress(rows, bytes)
        });
        pool.send(w, &job, &text.as_bytes()[range], tell)
    };
    let mut pending = Vec::new();
    for i in 0..parts.len() {
        pending.push(send(&parts, i, i % pool.len())?);
        // The copy of a part's text is a few milliseconds per megabyte: a task each.
        next_task().await;
    }
    for (i, p) in pending.into_iter().enumerate() {
        let pieces = JsFuture::from(p.promise.clone()).await;
        let pieces = pieces.map_err(|e| failure(e, &keep_going))?;
        parts.put(i, decode(pieces, &keep_going).await?);
    }
    while let Some(i) = parts.repair() {
        let p = send(&parts, i, 0)?;
        let pieces = JsFuture::from(p.promise.clone()).await;
        let pieces = pieces.map_err(|e| failure(e, &keep_going))?;
        parts.put(i, decode(pieces, &keep_going).await?);
    }
    Ok(parts.into_parts())
}

fn failure(e: JsValue, keep_going: &dyn Fn() -> bool) -> Failure {
    if keep_going() {
        Failure::Failed(why(e))
    } else {
        Failure::Cancelled
    }
}

/// The parts as one file, combined in slices (a task each ~30 ms).
pub async fn combine(
    analysis: &Analysis,
    options: &ParseOptions,
    parts: Vec<(Range<usize>, Part)>,
    keep_going: impl Fn() -> bool,
) -> Result<Parsed, Failure> {
    let mut pace = Slices::new(keep_going);
    chunk::combine_paced(analysis, options, parts, &mut pace)
        .await
        .map_err(|_| Failure::Cancelled)
}
