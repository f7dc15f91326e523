//! The parallel import's page side: the page's own thread parses the first part of a file's
//! text (in slices, so the page stays responsive) while a pool of Web Workers
//! (`src/worker.rs`, each running the same core) parse the others
//! (`core::import::chunk`); the page then takes each worker's part in, a piece per task
//! (`chunk::Combiner`: its strings interned after the first part's, its records read with
//! their symbols remapped, straight into the first part's tables).
//!
//! The first part never leaves the page: no copy, no transfer format, no interner rebuilt,
//! and its tables make room for the whole file, so the later parts' records are appended
//! without moving it. That is what makes two threads pay on two cores (docs/PERFORMANCE.md).
//!
//! No shared memory (GitHub Pages cannot send COOP/COEP): each later part's text is copied
//! into an `ArrayBuffer` that is transferred to its worker, and the parsed part comes back
//! as transferred buffers (`Part::to_pieces`: fixed-width records, no varints). The worker
//! script is resolved relative to the app's JavaScript module (the `import.meta.url` of a
//! wasm-bindgen snippet, two folders under it), so the app works under any sub-path, and the
//! benchmark page that imports the module from elsewhere finds it too. Where Workers are
//! missing or fail, callers fall back to the single-thread parse.

use crate::core::codec;
use crate::core::import::chunk::{self, Combiner, PartHead, PartJob, PartParser};
use crate::core::import::{Analysis, ColumnProfile, Decoded, ParseOptions, Parsed, TextEncoding};
use crate::core::model::Dataset;
use crate::tasks::{next_task, now, SLICE_MS};
use js_sys::{Array, Promise, Uint8Array};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
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
/// for workers (`?workers=2`: the page's thread and one worker). On the 2-core development
/// machine two threads were level with one while nothing else ran, and lost under load:
/// there Chromium (as root) runs the page's thread at nice -8 and a worker at 0, so other
/// processes starve the worker and not the page (docs/PERFORMANCE.md).
pub const MIN_CORES: usize = 4;

/// The page's thread's share of the rows, against a worker's. More than a worker's although
/// the page also copies the other parts out and takes them in: a worker's part travels
/// (copied in, encoded, copied out) and its code ran some 10–20 % slower per row in the
/// benchmark (its wasm just compiled); with 1.0 the page waited for its worker, with 1.2
/// the two end together (docs/PERFORMANCE.md).
const PAGE_WEIGHT: f64 = 1.2;

/// A worker's first part's share of its rows (see [`cuts`]).
const FIRST_HALF: f64 = 0.6;

/// Rows the page's thread parses between two looks at the clock.
const ROWS_PER_CHECK: u64 = 2048;

/// How many threads parse a large file, the page's included (a pool of one worker fewer):
/// `?workers=N` in the page's address (1: the single-thread import, for comparing), else
/// `navigator.hardwareConcurrency` (at most 16) when it is at least [`MIN_CORES`], else 1.
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
    hands: Vec<Hand>,
    /// The workers' loading (see [`Pool::spawn`]).
    loading: RefCell<Vec<Promise>>,
    /// The number of the next job sent (a worker's messages name their job: those of a job
    /// given up, a part joined with the next, are ignored).
    jobs: Cell<u32>,
    /// Where the page's thread spent its time, for the benchmark.
    pub stats: RefCell<Stats>,
}

/// Milliseconds of the page's thread in [`parse_parts`], summed over the files.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Waiting for the workers to load (see [`Pool::spawn`]).
    pub ready: f64,
    /// Copying the later parts' text out to the workers.
    pub send: f64,
    /// Parsing the first part.
    pub parse: f64,
    /// Waiting for the workers.
    pub wait: f64,
    /// Taking the workers' parts in (copies from their buffers included).
    pub combine: f64,
    /// The workers' time parsing their parts (summed over the parts), and encoding them.
    pub worker_parse: f64,
    /// The workers' time encoding their parts (`Part::to_pieces`, copies out included).
    pub worker_encode: f64,
}

impl Drop for Pool {
    fn drop(&mut self) {
        for w in &self.workers {
            w.terminate();
            // A message already on its way finds no closure dropped with the pool.
            w.set_onmessage(None);
            w.set_onerror(None);
        }
    }
}

/// A job sent to a worker: its promise's functions, and who hears about its progress.
struct Waiting {
    job: u32,
    resolve: js_sys::Function,
    reject: js_sys::Function,
    progress: Rc<dyn Fn(u64, u64) -> bool>,
}

/// A worker's jobs waiting for their result, in the order sent (job 0: its loading).
type Jobs = Rc<RefCell<Vec<Waiting>>>;

/// One worker: its jobs, and the closures it calls (its messages, its errors), which route
/// every message to its job by the job's number. A worker takes several jobs in a row (a
/// worker's two parts are sent at once).
struct Hand {
    jobs: Jobs,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Hand {
    /// Listens to `worker`: `"ready"` settles job 0; `[0, rows, bytes, job]` tells the job's
    /// `progress` (which stops it by returning false: the job is rejected), `[1, pieces, ms,
    /// job]` resolves it, `[2, why, job]` rejects it; an error in the worker rejects every
    /// job. Messages of a job no longer waited for are ignored.
    fn new(worker: &Worker) -> Hand {
        let jobs: Jobs = Rc::new(RefCell::new(Vec::new()));
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let jobs = jobs.clone();
            move |e: MessageEvent| {
                let data = e.data();
                let message = Array::from(&data);
                let (job, kind) = if data.is_string() {
                    (0, 1.0)
                } else {
                    let job = message.get(message.length().saturating_sub(1)).as_f64();
                    (
                        job.unwrap_or(-1.0) as u32,
                        message.get(0).as_f64().unwrap_or(2.0),
                    )
                };
                let mut all = jobs.borrow_mut();
                let Some(at) = all.iter().position(|w| w.job == job) else {
                    return;
                };
                if kind == 0.0 {
                    let rows = message.get(1).as_f64().unwrap_or(0.0) as u64;
                    let bytes = message.get(2).as_f64().unwrap_or(0.0) as u64;
                    let progress = all[at].progress.clone();
                    drop(all);
                    if !progress(rows, bytes) {
                        let w = jobs.borrow_mut().remove(at);
                        let _ = w.reject.call1(&JsValue::NULL, &"cancelled".into());
                    }
                    return;
                }
                let w = all.remove(at);
                drop(all);
                let value = if data.is_string() {
                    data
                } else if kind == 1.0 {
                    Array::of2(&message.get(1), &message.get(2)).into()
                } else {
                    message.get(1)
                };
                let settle = if kind == 1.0 { &w.resolve } else { &w.reject };
                let _ = settle.call1(&JsValue::NULL, &value);
            }
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new({
            let jobs = jobs.clone();
            move |e: JsValue| {
                let why = e
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map_or_else(|| "the worker failed".to_string(), |e| e.message());
                let all = std::mem::take(&mut *jobs.borrow_mut());
                for w in all {
                    let _ = w.reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Hand {
            jobs,
            _on_message: on_message,
            _on_error: on_error,
        }
    }

    /// The promise of job `job`'s result.
    fn wait(&self, job: u32, progress: Rc<dyn Fn(u64, u64) -> bool>) -> Promise {
        Promise::new(&mut |resolve, reject| {
            self.jobs.borrow_mut().push(Waiting {
                job,
                resolve,
                reject,
                progress: progress.clone(),
            });
        })
    }
}

fn why(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

impl Pool {
    /// Starts the workers of `threads` parsing threads (the page's is one of them: one
    /// worker fewer) and waits until each has loaded its wasm; `None` when the browser has
    /// no Workers or one fails to start.
    pub async fn start(threads: usize) -> Option<Pool> {
        let pool = Pool::spawn(threads)?;
        pool.ready().await.then_some(pool)
    }

    /// Starts the workers of `threads` parsing threads without waiting for them to load
    /// (their wasm is fetched and compiled meanwhile: [`Pool::ready`] waits; [`parse_parts`]
    /// does); `None` when the browser has no Workers.
    pub fn spawn(threads: usize) -> Option<Pool> {
        Pool::spawn_of("rapport-worker", threads)
    }

    /// [`Pool::spawn`] of the worker `bin` (`rapport-worker`, the import's; `rapport-extras`,
    /// the page's helper).
    fn spawn_of(bin: &str, threads: usize) -> Option<Pool> {
        let loader = format!("../../{bin}_loader.js");
        let url = web_sys::Url::new_with_base(&loader, &module_url())
            .ok()?
            .href();
        let mut pool = Pool {
            workers: Vec::new(),
            hands: Vec::new(),
            loading: RefCell::new(Vec::new()),
            jobs: Cell::new(1),
            stats: RefCell::new(Stats::default()),
        };
        for _ in 1..threads.max(1) {
            let worker = Worker::new(&url).ok()?;
            let hand = Hand::new(&worker);
            pool.loading
                .borrow_mut()
                .push(hand.wait(0, Rc::new(|_, _| true)));
            pool.hands.push(hand);
            pool.workers.push(worker);
        }
        Some(pool)
    }

    /// Waits until every worker has loaded its wasm; false when one failed to.
    pub async fn ready(&self) -> bool {
        let loading = std::mem::take(&mut *self.loading.borrow_mut());
        for promise in loading {
            if JsFuture::from(promise).await.is_err() {
                return false;
            }
        }
        true
    }

    /// Workers in the pool.
    pub fn len(&self) -> usize {
        self.workers.len()
    }

    /// True when the pool has no worker.
    pub fn is_empty(&self) -> bool {
        self.workers.is_empty()
    }

    /// A new job's number.
    fn next_job(&self) -> u32 {
        let id = self.jobs.get();
        self.jobs.set(id.wrapping_add(1).max(1));
        id
    }

    /// Sends part `text` of a file to worker `w`: its text copied into a buffer of its own,
    /// transferred.
    fn send(
        &self,
        w: usize,
        job: &PartJob,
        text: &[u8],
        progress: Rc<dyn Fn(u64, u64) -> bool>,
    ) -> Result<Promise, Failure> {
        let worker = &self.workers[w];
        let id = self.next_job();
        let pending = self.hands[w].wait(id, progress);
        let job = Uint8Array::from(job.to_bytes().as_slice());
        let text = Uint8Array::from(text);
        let transfer = Array::of2(&job.buffer(), &text.buffer());
        let message = Array::of3(&job, &text, &id.into());
        (worker.post_message_with_transfer(&message, &transfer))
            .map_err(|e| Failure::Failed(why(e)))?;
        Ok(pending)
    }
}

/// Runs job `name` (`"transcode"`, `"demo"`) with `bytes` (transferred) in a helper worker
/// (`src/extras.rs`) started for it, and gives its answer: `[bytes, details]`.
async fn alone(name: &str, bytes: JsValue) -> Result<Array, String> {
    let pool = Pool::spawn_of("rapport-extras", 2).ok_or("the helper worker did not start")?;
    if !pool.ready().await {
        return Err("the helper worker did not start".into());
    }
    let id = pool.next_job();
    let pending = pool.hands[0].wait(id, Rc::new(|_, _| true));
    let message = Array::of3(&name.into(), &bytes, &id.into());
    let transfer = match bytes.dyn_ref::<Uint8Array>() {
        Some(array) => Array::of1(&array.buffer()),
        None => Array::new(),
    };
    (pool.workers[0].post_message_with_transfer(&message, &transfer)).map_err(why)?;
    Ok(Array::from(&JsFuture::from(pending).await.map_err(why)?))
}

/// Decodes a file that is not UTF-8 (`core::import::transcode`) in a worker started for
/// it: the page's module holds no decoder for other encodings (`import::decode_utf8` gave
/// the bytes back). The text is not checked yet (`import::check_text`). On failure, why.
pub async fn transcode(bytes: Vec<u8>) -> Result<Decoded<'static>, String> {
    let array = Uint8Array::from(bytes.as_slice());
    drop(bytes);
    let done = alone("transcode", array.into()).await?;
    let text =
        String::from_utf8(Uint8Array::new(&done.get(0)).to_vec()).map_err(|e| e.to_string())?;
    let how = Array::from(&done.get(1));
    let name = how.get(0).as_string().unwrap_or_default();
    let encoding = TextEncoding::named(&name, how.get(1).is_truthy())
        .ok_or_else(|| format!("unknown encoding {name:?}"))?;
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding,
        replaced: how.get(2).is_truthy(),
    })
}

/// The demo data set (`core::demo::generate` with its default options), generated by a
/// worker started for it: the generator is not in the page's module. On failure, why.
pub async fn demo() -> Result<Dataset, String> {
    let done = alone("demo", JsValue::NULL).await?;
    codec::decode(&Uint8Array::new(&done.get(0)).to_vec()).map_err(|e| e.to_string())
}

/// The cuts of `text`'s rows (from `from`) for the page's thread and `workers` workers:
/// the page's part first, [`PAGE_WEIGHT`] of a worker's share; then each worker's share in
/// two parts, the first of [`FIRST_HALF`] of it (parts `1..=workers`), then the rest
/// (parts `workers + 1..`), so the page takes a worker's first part in while the worker
/// parses its second. Each part at least [`MIN_PART_BYTES`].
fn cuts(text: &str, from: usize, workers: usize) -> Vec<Range<usize>> {
    let rows = text.len().saturating_sub(from);
    let workers = workers.min((rows / MIN_PART_BYTES / 3).saturating_sub(1));
    if workers == 0 {
        return chunk::whole(text);
    }
    let page = PAGE_WEIGHT / (PAGE_WEIGHT + workers as f64);
    let first = (rows as f64 * page) as usize;
    let share = (rows - first) / workers;
    let early = (share as f64 * FIRST_HALF) as usize;
    let mut targets: Vec<usize> = (0..workers).map(|i| from + first + early * i).collect();
    let late = from + first + early * workers;
    targets.extend((0..workers).map(|i| late + (share - early) * i));
    chunk::cut_at(text, from, &targets)
}

/// Parses `text` (a file's, read by `analysis`) in parts, the first on this thread and the
/// others on the pool's workers, repairing cuts inside quoted cells, and takes the parts
/// in as they come (see [`combine`] for the file). `observe`: a one-pass read's rows to
/// observe (`chunk::Reading::observe`). `progress(rows, bytes)` hears about all the rows
/// so far, and stops the parse by returning false.
pub async fn parse_parts<'a>(
    pool: &Pool,
    (analysis, options): (&'a Analysis, &ParseOptions),
    text: &str,
    observe: Option<(usize, &[ColumnProfile])>,
    progress: Rc<dyn Fn(u64, u64) -> bool>,
) -> Result<Combiner<'a>, Failure> {
    let t = now();
    if !pool.ready().await {
        return Err(Failure::Failed("a worker did not start".into()));
    }
    pool.stats.borrow_mut().ready += now() - t;
    let from = chunk::data_start(analysis, text);
    let mut ranges = cuts(text, from, pool.len());
    let seen = Rc::new(RefCell::new(vec![(0u64, 0u64); ranges.len()]));
    let tell = |i: usize| -> Rc<dyn Fn(u64, u64) -> bool> {
        let (seen, progress) = (seen.clone(), progress.clone());
        Rc::new(move |rows, bytes| {
            let mut all = seen.borrow_mut();
            if let Some(s) = all.get_mut(i) {
                *s = (rows, bytes);
            }
            let (rows, bytes) = all.iter().fold((0, 0), |(r, b), s| (r + s.0, b + s.1));
            drop(all);
            progress(rows, bytes)
        })
    };
    let keep_going = {
        let tell = tell(usize::MAX);
        move || tell(0, 0)
    };
    let job_of =
        |range: &Range<usize>| PartJob::new(analysis, options, (range, text.len()), observe);
    let send = |range: &Range<usize>, i: usize| {
        let w = (i - 1) % pool.len().max(1);
        pool.send(w, &job_of(range), &text.as_bytes()[range.clone()], tell(i))
    };
    let mut stats = Stats::default();
    // Each worker gets its first part at once, its second once it has parsed the first
    // (so the second is queued before the worker is idle): until then the page may take
    // the second itself, when it is done with its own part and the worker is behind.
    let workers = pool.len().max(1);
    let slots = RefCell::new(vec![Slot::Local(None)]);
    for (i, range) in ranges.iter().enumerate().skip(1) {
        if i > workers {
            slots.borrow_mut().push(Slot::Held);
            continue;
        }
        let t = now();
        slots.borrow_mut().push(Slot::Sent(send(range, i)?));
        stats.send += now() - t;
        // The copy of a part's text is a few milliseconds per megabyte: a task each.
        next_task().await;
    }
    let parsed = |i: usize, ranges: &[Range<usize>]| {
        let len = ranges.get(i).map_or(0, |r| r.len() as u64);
        seen.borrow().get(i).is_some_and(|s| s.1 >= len)
    };
    // Sends the held parts whose worker has parsed its previous one.
    let top_up = |ranges: &[Range<usize>]| -> Result<(), Failure> {
        for i in workers + 1..ranges.len() {
            let ready = matches!(slots.borrow()[i], Slot::Held)
                && (parsed(i - workers, ranges)
                    || !matches!(slots.borrow()[i - workers], Slot::Sent(_)));
            if ready {
                let promise = send(&ranges[i], i)?;
                slots.borrow_mut()[i] = Slot::Sent(promise);
            }
        }
        Ok(())
    };
    let mut combiner = Combiner::new(analysis, options);
    let mut i = 0;
    while i < ranges.len() {
        let last = i + 1 == ranges.len();
        let slot = std::mem::replace(&mut slots.borrow_mut()[i], Slot::Local(None));
        let part = match slot {
            Slot::Local(Some(part)) => Some(*part),
            // The page's part (the first), or one the page takes: parsed here.
            Slot::Local(None) | Slot::Held => {
                let t = now();
                let mut job = job_of(&ranges[i]);
                if i == 0 {
                    // Room for the whole file's records: the later parts' are appended in
                    // place.
                    job.rows = (job.rows).max(usize::try_from(analysis.row_count).unwrap_or(0));
                }
                let here = &text[ranges[i].clone()];
                let top = &mut || top_up(&ranges);
                let part = parse_here(&job, here, &tell(i), &keep_going, top).await?;
                stats.parse += now() - t;
                Some(part)
            }
            Slot::Sent(promise) => {
                // Behind: the page parses the last part not sent yet, if any, meanwhile.
                let stolen = (i + 1..ranges.len())
                    .rev()
                    .find(|&j| matches!(slots.borrow()[j], Slot::Held));
                if let (Some(j), false) = (stolen, parsed(i, &ranges)) {
                    slots.borrow_mut()[i] = Slot::Sent(promise);
                    let t = now();
                    let job = job_of(&ranges[j]);
                    let here = &text[ranges[j].clone()];
                    let top = &mut || top_up(&ranges);
                    let part = parse_here(&job, here, &tell(j), &keep_going, top).await?;
                    stats.parse += now() - t;
                    slots.borrow_mut()[j] = Slot::Local(Some(Box::new(part)));
                    continue;
                }
                let t = now();
                let pieces = JsFuture::from(promise).await;
                let done = Array::from(&pieces.map_err(|e| failure(e, &keep_going))?);
                stats.wait += now() - t;
                top_up(&ranges)?;
                let (pieces, ms) = (Array::from(&done.get(0)), Array::from(&done.get(1)));
                stats.worker_parse += ms.get(0).as_f64().unwrap_or(0.0);
                stats.worker_encode += ms.get(1).as_f64().unwrap_or(0.0);
                let mut since = now();
                let piece = |j: u32| Uint8Array::new(&pieces.get(j)).to_vec();
                let head = PartHead::from_bytes(&piece(0)).map_err(Failure::Failed)?;
                if head.open_end() && !last {
                    // The cut fell inside a quoted cell: the next part is joined to this
                    // one, parsed here.
                    join(&mut ranges, &mut slots.borrow_mut(), i);
                    stats.combine += now() - since;
                    continue;
                }
                combiner
                    .begin(ranges[i].start, head)
                    .map_err(Failure::Failed)?;
                for j in 1..pieces.length() {
                    if now() - since > SLICE_MS {
                        stats.combine += now() - since;
                        next_task().await;
                        if !keep_going() {
                            return Err(Failure::Cancelled);
                        }
                        top_up(&ranges)?;
                        since = now();
                    }
                    combiner.piece(&piece(j)).map_err(Failure::Failed)?;
                }
                combiner.end().map_err(Failure::Failed)?;
                stats.combine += now() - since;
                None
            }
        };
        if let Some(part) = part {
            if part.open_end && !last {
                // The cut fell inside a quoted cell: the next part is joined to this one.
                join(&mut ranges, &mut slots.borrow_mut(), i);
                continue;
            }
            let t = now();
            combiner
                .take(ranges[i].start, part)
                .map_err(Failure::Failed)?;
            stats.combine += now() - t;
        }
        i += 1;
    }
    let mut all = pool.stats.borrow_mut();
    all.send += stats.send;
    all.parse += stats.parse;
    all.wait += stats.wait;
    all.combine += stats.combine;
    all.worker_parse += stats.worker_parse;
    all.worker_encode += stats.worker_encode;
    Ok(combiner)
}

/// A part of [`parse_parts`]: held (not sent yet), sent to a worker, or parsed here (or
/// to be: `None`).
enum Slot {
    Held,
    Sent(Promise),
    Local(Option<Box<chunk::Part>>),
}

/// Part `i` joined with the next (its end was inside a quoted cell, so the next did not
/// start at a row), to be parsed here: the next's job is given up.
fn join(ranges: &mut Vec<Range<usize>>, slots: &mut Vec<Slot>, i: usize) {
    let next = ranges.remove(i + 1);
    slots.remove(i + 1);
    ranges[i].end = next.end;
    slots[i] = Slot::Local(None);
}

/// Parses a part on this thread, a slice of rows per task (under [`SLICE_MS`]).
/// `between` runs between two slices (it sends the workers their next parts).
async fn parse_here(
    job: &PartJob,
    text: &str,
    tell: &Rc<dyn Fn(u64, u64) -> bool>,
    keep_going: &dyn Fn() -> bool,
    between: &mut dyn FnMut() -> Result<(), Failure>,
) -> Result<chunk::Part, Failure> {
    let mut parser = PartParser::new(job, text);
    loop {
        let since = now();
        let mut more = true;
        while more && now() - since < SLICE_MS {
            more = parser.step(ROWS_PER_CHECK);
        }
        let (rows, bytes) = parser.progress();
        if !tell(rows, bytes) {
            return Err(Failure::Cancelled);
        }
        next_task().await;
        if !keep_going() {
            return Err(Failure::Cancelled);
        }
        between()?;
        if !more {
            // In a task of its own: it counts the part's line breaks (tens of milliseconds
            // at a million rows).
            return Ok(parser.finish());
        }
    }
}

fn failure(e: JsValue, keep_going: &dyn Fn() -> bool) -> Failure {
    if keep_going() {
        Failure::Failed(why(e))
    } else {
        Failure::Cancelled
    }
}

/// The file, once its parts are in ([`parse_parts`]).
pub async fn combine(
    _analysis: &Analysis,
    _options: &ParseOptions,
    parts: Combiner<'_>,
    keep_going: impl Fn() -> bool,
) -> Result<Parsed, Failure> {
    if !keep_going() {
        return Err(Failure::Cancelled);
    }
    Ok(parts.finish())
}
