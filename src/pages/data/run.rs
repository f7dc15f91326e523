//! The browser's part of the import: reading the picked files, analysing and parsing them in
//! slices with progress and Cancel, merging and saving. Each function takes the flow a
//! step, does the work, and reports the outcome to the flow; when the page is gone (the
//! user navigated away) the flow is too, and the work stops.

use std::rc::Rc;
use std::sync::Arc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::Import;
use crate::components::Job;
use crate::core::import::{
    self, chunk, merge_paced, Analysis, Analyzer, Decoded, ImportError, MergeSummary, Parser, Utf8,
};
use crate::core::metrics::{record_import_paced, AsOf, Batch, CustomerIndex, Dashboard, Params};
use crate::core::model::{Dataset, Timestamp};
use crate::core::pace::Pace;
use crate::i18n::Texts;
use crate::import_flow::{ImportFlow, ImportFlowError, PendingFile};
use crate::state::{AppState, Shared};
use crate::storage::prefs::{self, MappingProfiles};
use crate::tasks::Slices;
use crate::tasks::{next_task, now};
use crate::workers;
use leptos::prelude::*;

/// Reads a picked file whole. On failure, the browser's name for it (a `DOMException`'s
/// name such as `NotReadableError`, else what it threw).
pub(super) async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        (e.dyn_ref::<web_sys::DomException>()).map_or_else(|| format!("{e:?}"), |d| d.name())
    })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn load_profiles() -> MappingProfiles {
    prefs::load(prefs::MAPPINGS_KEY, prefs::MAPPINGS_VERSION)
}

/// Reads and analyses the picked `files` one after the other, each into the batch as soon
/// as it is read; then the batch is up for review.
pub(super) async fn read_files(
    import: Import,
    files: Vec<web_sys::File>,
    state: AppState,
    t: &'static Texts,
) {
    let names = files.iter().map(web_sys::File::name).collect();
    let picked = import.flow.try_update(|flow| {
        flow.advance(|flow| flow.pick(names));
        matches!(flow, ImportFlow::Reading { .. })
    });
    if picked != Some(true) {
        return;
    }
    for file in files {
        let Some(key) = import.next_key.try_get_value() else {
            return;
        };
        import.next_key.set_value(key + 1);
        let Some(read) = read_one(key, file, import.job, t).await else {
            import.job.end();
            import.step(ImportFlow::cancel);
            return;
        };
        if !import.step(|flow| flow.file_read(read)) {
            return;
        }
        // The file's card is tens of milliseconds at a million rows: a task of its own.
        next_task().await;
    }
    import.job.end();
    let stored = state.own.get_untracked();
    import.step(|flow| flow.read_all(&stored));
}

/// One picked file, read and analysed in slices (or refused); `None` when the user
/// cancelled.
async fn read_one(
    key: usize,
    file: web_sys::File,
    job: Job,
    t: &'static Texts,
) -> Option<PendingFile> {
    let name = file.name();
    // A file too large for the tab is refused from its size, before reading it.
    if let Err(e) = import::check_size(file.size() as u64) {
        return Some(PendingFile::refused(key, name, e.into()));
    }
    let bytes = match read_file(file).await {
        Ok(bytes) => bytes,
        Err(why) => {
            return Some(PendingFile::refused(
                key,
                name,
                ImportFlowError::Unreadable(why),
            ))
        }
    };
    // A task each for the copy of the file into memory, its decoding (a UTF-8 check of the
    // whole file, or a worker's decoding) and the analysis' slices: tens of milliseconds
    // each at a million rows.
    next_task().await;
    let decoded = match decode(bytes).await {
        Ok(decoded) => decoded,
        Err(e) => return Some(PendingFile::refused(key, name, e)),
    };
    next_task().await;
    let analysis = analyze_sliced(&name, &decoded, job, &(t.data.reading_file)(&name)).await?;
    // The analysis' last slice and the mapping are each tens of milliseconds at a million
    // rows: a task each.
    next_task().await;
    let remembered = analysis
        .as_ref()
        .ok()
        .and_then(|a| load_profiles().find(&a.headers).cloned());
    let analysis = analysis.map_err(ImportFlowError::from);
    Some(PendingFile::new(
        key,
        name,
        Arc::new(decoded.text.into_owned()),
        analysis,
        remembered.as_ref(),
    ))
}

/// A picked file's text: a UTF-8 file's own bytes, any other file decoded by a worker (the
/// page's module has no decoder for other encodings: `import::decode_utf8`). Refused as
/// `import::decode` refuses; `Unreadable` when the worker failed.
async fn decode(bytes: Vec<u8>) -> Result<Decoded<'static>, ImportFlowError> {
    let bytes = match import::decode_utf8(bytes)? {
        Utf8::Text(decoded) => return Ok(decoded),
        Utf8::Other(bytes) => bytes,
    };
    let decoded = (workers::transcode(bytes).await).map_err(ImportFlowError::Unreadable)?;
    import::check_text(&decoded.text)?;
    Ok(decoded)
}

/// Analyses a decoded file in slices with progress; `None` when the user cancelled.
async fn analyze_sliced(
    name: &str,
    decoded: &Decoded<'_>,
    job: Job,
    label: &str,
) -> Option<Result<Analysis, ImportError>> {
    let mut analyzer = match Analyzer::new(name, decoded, None) {
        Ok(a) => a,
        Err(e) => return Some(Err(e)),
    };
    let done = job
        .run(
            label,
            &mut analyzer,
            |a, rows| a.step(rows),
            |a| (a.rows_read(), a.position()),
        )
        .await;
    done.then(|| analyzer.finish())
}

/// Parses the batch's importable files in slices (with progress and Cancel); saves at once
/// when no row was refused, else the flow shows the report.
pub(super) async fn import_batch(import: Import, state: AppState, t: &'static Texts) {
    let Some(Some(files)) = import.flow.try_update(|flow| {
        flow.advance(ImportFlow::parse);
        matches!(flow, ImportFlow::Parsing { .. }).then(|| flow.files().to_vec())
    }) else {
        return;
    };
    let mut parsed = Vec::new();
    let mut pool = None;
    for file in &files {
        let Ok(a) = &file.analysis else { continue };
        let text: &str = &file.text;
        next_task().await;
        let label = (t.data.importing)(&file.name);
        let job = import.job;
        crate::perf::mark("rapport:parse-start");
        match in_workers(&mut pool, a, &file.options, text, job, &label).await {
            Some(Ok(file)) => {
                parsed.push(file);
                crate::perf::measure_since("rapport:parse", "rapport:parse-start");
                continue;
            }
            Some(Err(workers::Failure::Cancelled)) => {
                job.end();
                import.step(ImportFlow::cancel);
                return;
            }
            // On the main thread instead.
            Some(Err(workers::Failure::Failed(why))) => {
                web_sys::console::warn_1(&format!("import workers: {why}").into());
                pool = None;
            }
            None => {}
        }
        let mut parser = Parser::new(a, text, &file.options);
        let done = job
            .run(
                &label,
                &mut parser,
                |p, rows| p.step(rows),
                |p| (p.rows_read(), p.position()),
            )
            .await;
        if !done {
            job.end();
            import.step(ImportFlow::cancel);
            return;
        }
        parsed.push(parser.finish(false));
        crate::perf::measure_since("rapport:parse", "rapport:parse-start");
    }
    drop(pool);
    import.job.end();
    if !import.step(|flow| flow.parsed(parsed)) {
        return;
    }
    if import
        .flow
        .with_untracked(|flow| matches!(flow, ImportFlow::Saving { .. }))
    {
        next_task().await;
        save_batch(import, state, t).await;
    }
}

/// Parses a file's `text` in parts in Web Workers (`crate::workers`), starting the
/// batch's `pool` of them first if need be; `None` when the file is parsed on the main
/// thread instead: too small, read as a whole (a lookup, contacts), one worker wanted
/// (`?workers=1`), or the workers could not start (`pool` stays `None`, so a batch tries
/// once).
async fn in_workers(
    pool: &mut Option<Option<workers::Pool>>,
    analysis: &Analysis,
    options: &import::ParseOptions,
    text: &str,
    job: Job,
    label: &str,
) -> Option<Result<import::Parsed, workers::Failure>> {
    let n = workers::wanted();
    if n < 2 || text.len() < workers::MIN_PARALLEL_BYTES || !chunk::in_parts(analysis) {
        return None;
    }
    if pool.is_none() {
        *pool = Some(workers::Pool::start(n).await);
    }
    let pool = pool.as_ref()?.as_ref()?;
    let started = now();
    let total = text.len() as u64;
    let label = label.to_string();
    job.show(&label, 0, (0, total), started);
    let progress: Rc<dyn Fn(u64, u64) -> bool> = Rc::new(move |rows, bytes| {
        job.show(&label, rows, (bytes, total), started);
        !job.cancelled()
    });
    let parts = workers::parse_parts(pool, (analysis, options), text, None, progress.clone()).await;
    let parts = match parts {
        Ok(parts) => parts,
        Err(e) => return Some(Err(e)),
    };
    crate::perf::mark("rapport:combine-start");
    let combined = workers::combine(analysis, options, parts, move || !job.cancelled()).await;
    crate::perf::measure_since("rapport:combine", "rapport:combine-start");
    Some(combined)
}

/// Merges the parsed files into the dataset and saves it (in slices); then remembers the
/// batch's column mappings for the next import of the same exports.
pub(super) async fn save_batch(import: Import, state: AppState, t: &'static Texts) {
    // Taken now: after the save the page may be gone (its flow with it). The user may
    // also have left the page meanwhile: then nothing is imported.
    let Some(Some((names, mappings, records))) = import.flow.try_update_untracked(|flow| {
        let ImportFlow::Saving { names, .. } = flow else {
            return None;
        };
        Some((names.clone(), flow.mappings(), flow.take_records()))
    }) else {
        return;
    };
    let base = state.own.get_untracked();
    let (policy, placeholders) = (
        import.policy.get_untracked(),
        import.placeholders.get_untracked(),
    );
    // In slices: a million orders take a few hundred milliseconds. Its pace always goes
    // on, so the merge never stops half-way.
    let mut pace = Slices::new(|| true);
    crate::perf::mark("rapport:merge-start");
    let Ok((next, summary)) = merge_paced(&base, records, policy, placeholders, &mut pace).await
    else {
        return;
    };
    crate::perf::measure_since("rapport:merge", "rapport:merge-start");
    let label = (t.data.import_of)(&names.join(", "));
    crate::perf::mark("rapport:history-start");
    let params = state.params.get_untracked();
    let history = with_history(state, (&base, next), &summary, names, &params, &mut pace);
    let (next, idx, shown) = history.await;
    crate::perf::measure_since("rapport:history", "rapport:history-start");
    match state.commit(next, Some(label)).await {
        Ok(()) => {
            // The new data's index and dashboard, computed for its history: no need to
            // compute them again.
            let own = state.own.get_untracked();
            state.keep_index(&own, idx.clone());
            crate::perf::mark("rapport:index-kept");
            if let Some((dashboard, as_of)) = shown {
                state.keep_dashboard((&own, idx), as_of, params, dashboard);
            }
            let mut profiles = load_profiles();
            for (headers, mapping) in mappings {
                profiles.remember(&headers, mapping);
            }
            prefs::save(prefs::MAPPINGS_KEY, prefs::MAPPINGS_VERSION, &profiles);
            import.step(|flow| flow.saved(summary));
        }
        Err(e) => {
            import.step(|flow| flow.failed(e));
        }
    }
}

/// `next` with the entry of its import in its history (what changed since `base`, the
/// figures after it under `params`), its customer index, built for that, and the
/// dashboard the figures come from with its as-of dates.
async fn with_history(
    state: AppState,
    (base, mut next): (&Arc<Dataset>, Dataset),
    summary: &MergeSummary,
    files: Vec<String>,
    params: &Params,
    pace: &mut dyn Pace,
) -> (Dataset, Shared<CustomerIndex>, Option<(Dashboard, AsOf)>) {
    let before = match state.index_of(base) {
        Some(idx) => idx,
        None => Shared(Arc::new(build_index(base, pace).await)),
    };
    let after = build_index(&next, pace).await;
    let batch = Batch {
        files,
        at: Some(local_now()),
        in_files: &summary.in_files,
    };
    let entry = record_import_paced((base, &before.0), (&next, &after), batch, params, pace);
    // A pace that always goes on never stops it.
    let shown = entry.await.ok().map(|r| {
        next.history.push(r.entry);
        (r.dashboard, r.as_of)
    });
    (next, Shared(Arc::new(after)), shown)
}

/// This device's wall-clock time (its time zone's), as the import history keeps it.
fn local_now() -> Timestamp {
    let now = js_sys::Date::new_0();
    let minutes_ahead_of_utc = -now.get_timezone_offset();
    Timestamp((now.get_time() / 1000.0 + minutes_ahead_of_utc * 60.0) as i64)
}

/// The customer index of `ds`, in slices (a pace that always goes on never stops it).
async fn build_index(ds: &Dataset, pace: &mut dyn Pace) -> CustomerIndex {
    match CustomerIndex::build_paced(ds, pace).await {
        Ok(idx) => idx,
        Err(_) => CustomerIndex::build(ds),
    }
}
