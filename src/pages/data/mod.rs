//! `/data`: import CSV files, review what the importer decided, commit, undo; and what is
//! stored in this browser.

mod file_card;
mod manage;
mod report;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::PageHeader;
use crate::components::{download_text, Job, JobProgress, Slices};
use crate::core::import::lookup::{propose_each, LookupTarget, Present};
use crate::core::import::{
    self, decode, merge_paced, template_csv, Analysis, Analyzer, MergePolicy, MergeSummary,
    ParseOptions, Parsed, Parser,
};
use crate::core::model::{Dataset, Kind};
use crate::format;
use crate::state::{use_app_state, use_locale, use_texts, LoadState};
use crate::storage::prefs::{self, MappingProfiles};
use crate::tasks::next_task;
use file_card::FileCard;
use manage::{LookupList, ManageData};
use report::{Report, Summary};

/// A picked file and what the importer made of it.
#[derive(Clone)]
struct Pending {
    key: usize,
    name: String,
    bytes: Arc<Vec<u8>>,
    analysis: Result<Analysis, String>,
    options: ParseOptions,
    /// Bumped on every edit, so the card re-renders.
    revision: u32,
    /// The mapping came from an earlier import of the same header set.
    remembered: bool,
    /// The lookup this file looks like (proposed once, when the batch was read; the kind
    /// picker keeps offering it).
    lookup_offer: Option<LookupTarget>,
}

/// Proposes each new file of the batch as a lookup when it looks like one, against the
/// records of the dataset and of the batch's other files; a file proposed is read as one
/// until the user picks a kind.
fn offer_lookups(pending: &mut [Pending], dataset: &Dataset, first_new: usize) {
    let analyses: Vec<Option<&Analysis>> =
        pending.iter().map(|p| p.analysis.as_ref().ok()).collect();
    let proposals = propose_each(&analyses, &Present::of_dataset(dataset));
    for (p, proposal) in pending.iter_mut().zip(proposals).skip(first_new) {
        if let Ok(a) = p.analysis.as_mut() {
            p.lookup_offer = proposal;
            a.set_lookup(p.lookup_offer.clone());
            p.revision += 1;
        }
    }
}

fn load_profiles() -> MappingProfiles {
    prefs::load(prefs::MAPPINGS_KEY, prefs::MAPPINGS_VERSION)
}

/// Where the import stands.
#[derive(Clone)]
enum Step {
    /// Choosing files and checking the mapping.
    Review,
    /// Files parsed: the report is shown; some rows have errors and need confirmation.
    Checked(Arc<Vec<Parsed>>),
    /// Committed.
    Done(MergeSummary, Vec<String>),
}

const POLICIES: [MergePolicy; 3] = [
    MergePolicy::CreateAndUpdate,
    MergePolicy::CreateOnly,
    MergePolicy::UpdateOnly,
];

async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Analyzes a file in slices with progress; `None` when the user cancelled.
async fn analyze_sliced(
    name: &str,
    bytes: &[u8],
    job: Job,
    label: &str,
) -> Option<Result<Analysis, String>> {
    // A task each for the copy of the file into memory, its decoding (a UTF-8 check of the
    // whole file) and the analysis' slices: tens of milliseconds each at a million rows.
    next_task().await;
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(e) => return Some(Err(e.to_string())),
    };
    next_task().await;
    let mut analyzer = match Analyzer::new(name, &decoded, None) {
        Ok(a) => a,
        Err(e) => return Some(Err(e.to_string())),
    };
    let done = job
        .run(
            label,
            &mut analyzer,
            |a, rows| a.step(rows),
            |a| (a.rows_read(), a.position()),
        )
        .await;
    done.then(|| analyzer.finish().map_err(|e| e.to_string()))
}

/// `/data`: import and data management.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let td = &t.data;
    let pending = RwSignal::new(Vec::<Pending>::new());
    let step = RwSignal::new(Step::Review);
    let policy = RwSignal::new(MergePolicy::CreateAndUpdate);
    let placeholders = RwSignal::new(true);
    let busy = RwSignal::new(None::<String>);
    let job = Job::new();
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let next_key = StoredValue::new(0usize);

    let add_files = move |files: web_sys::FileList| {
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        if files.is_empty() {
            return;
        }
        step.set(Step::Review);
        notice.set(None);
        busy.set(Some((td.reading)(files.len())));
        let first_new = pending.with_untracked(Vec::len);
        spawn_local(async move {
            for file in files {
                let name = file.name();
                // The page may be gone (the user navigated away): then stop.
                let Some(key) = next_key.try_get_value() else {
                    return;
                };
                next_key.set_value(key + 1);
                // A file too large for the tab is refused from its size, before reading it.
                let too_large = import::check_size(file.size() as u64).err();
                let read = match too_large {
                    Some(e) => Err(e.to_string()),
                    None => read_file(file).await.map_err(|e| (td.unreadable)(&e)),
                };
                let (bytes, analysis) = match read {
                    Ok(bytes) => {
                        let analysis =
                            analyze_sliced(&name, &bytes, job, &(td.reading_file)(&name)).await;
                        // Shared as it is: `Arc<[u8]>` would copy the whole file.
                        (Arc::new(bytes), analysis)
                    }
                    Err(e) => (Arc::new(Vec::new()), Some(Err(e))),
                };
                let Some(mut analysis) = analysis else {
                    notice.set(Some((td.reading_cancelled)(&name)));
                    job.end();
                    busy.set(None);
                    return;
                };
                // The analysis' last slice, the mapping and the file's card below are each
                // tens of milliseconds at a million rows: a task each.
                next_task().await;
                let mut remembered = false;
                if let Ok(a) = analysis.as_mut() {
                    if let Some(m) = load_profiles().find(&a.headers) {
                        remembered = *m != a.mapping;
                        a.set_mapping(m.clone());
                    }
                }
                pending.update(|p| {
                    p.push(Pending {
                        key,
                        name,
                        bytes,
                        analysis,
                        options: ParseOptions::default(),
                        revision: 0,
                        remembered,
                        lookup_offer: None,
                    })
                });
                next_task().await;
            }
            let dataset = state.dataset.get_untracked();
            pending.update(|p| {
                let first_new = first_new.min(p.len());
                offer_lookups(p, &dataset, first_new);
            });
            job.end();
            busy.set(None);
        });
    };

    let on_input = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            add_files(files);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if job.status.with_untracked(Option::is_some) {
            return;
        }
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            add_files(files);
        }
    };

    let commit = move |parsed: Vec<Parsed>| {
        let base = state.dataset.get_untracked();
        let (policy, placeholders) = (policy.get_untracked(), placeholders.get_untracked());
        let names: Vec<String> = parsed.iter().map(|p| p.file_name.clone()).collect();
        let label = (td.import_of)(&names.join(", "));
        busy.set(Some(td.saving.into()));
        // Read now: after the save the page may be gone (its signals with it).
        let mappings: Vec<_> = pending.with_untracked(|files| {
            files
                .iter()
                .filter_map(|p| p.analysis.as_ref().ok())
                .map(|a| (a.headers.clone(), a.mapping.clone()))
                .collect()
        });
        spawn_local(async move {
            // In slices: a million orders take a few hundred milliseconds.
            let mut pace = Slices::new(|| true);
            let Ok((next, summary)) =
                merge_paced(&base, parsed, policy, placeholders, &mut pace).await
            else {
                return;
            };
            let result = state.commit(next, Some(label)).await;
            busy.set(None);
            match result {
                Ok(()) => {
                    // Remember the confirmed mappings for the next import of the same export.
                    let mut profiles = load_profiles();
                    for (headers, mapping) in mappings {
                        profiles.remember(&headers, mapping);
                    }
                    prefs::save(prefs::MAPPINGS_KEY, prefs::MAPPINGS_VERSION, &profiles);
                    pending.set(Vec::new());
                    step.set(Step::Done(summary, names));
                }
                Err(e) => error.set(Some((t.parts.storage_error)(&e))),
            }
        });
    };
    // Parse every file (in slices, with progress and Cancel); commit at once when nothing
    // was rejected, else show the report.
    let check = move |_| {
        error.set(None);
        notice.set(None);
        let files = pending.get_untracked();
        spawn_local(async move {
            let mut parsed = Vec::new();
            for p in &files {
                let Ok(a) = &p.analysis else { continue };
                let text = import::text_of(a, &p.bytes);
                next_task().await;
                let mut parser = Parser::new(a, &text, &p.options);
                let done = job
                    .run(
                        &(td.importing)(&p.name),
                        &mut parser,
                        |parser, rows| parser.step(rows),
                        |parser| (parser.rows_read(), parser.position()),
                    )
                    .await;
                if !done {
                    job.end();
                    notice.set(Some(td.import_cancelled.into()));
                    return;
                }
                parsed.push(parser.finish(false));
            }
            job.end();
            let rejected: u64 = parsed.iter().map(|p| p.rows_rejected).sum();
            if rejected == 0 {
                busy.set(Some(td.saving.into()));
                next_task().await;
                // The user may have left the page meanwhile: then nothing is imported.
                if busy.try_get_untracked().is_none() {
                    return;
                }
                commit(parsed);
            } else {
                step.set(Step::Checked(Arc::new(parsed)));
            }
        });
    };
    let commit_checked = move |_| {
        if let Step::Checked(parsed) = step.get_untracked() {
            commit(Arc::unwrap_or_clone(parsed));
        }
    };

    let counts = move || state.dataset.with(|d| Kind::ALL.map(|k| (k, d.count(k))));
    let loc = use_locale();

    view! {
        <PageHeader title=(t.shell.page)("/data") lead=td.lead/>
        {move || match state.load.get() {
            LoadState::Failed(why) => Some(view! { <p class="alert alert--error" role="alert">{(t.parts.storage_error)(&why)}</p> }),
            _ => None,
        }}
        {move || state.storage_error.get().map(|e| view! { <p class="alert alert--error" role="alert" data-testid="storage-error">{(t.parts.storage_error)(&e)}</p> })}
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title" class="card__title">{td.import_title}</h2>
            <p>{td.import_text}</p>
            <div
                class="dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <label class="button button--primary" for="import-files">{td.choose}</label>
                <input
                    id="import-files"
                    class="visually-hidden"
                    type="file"
                    multiple
                    accept=".csv,.tsv,.txt,text/csv"
                    data-testid="import-input"
                    // One job at a time: no new files while one is read or imported.
                    disabled=move || job.running()
                    on:change=on_input
                />
                <span class="dropzone__hint">{td.drop}</span>
            </div>
            <JobProgress job/>
            {move || busy.get().map(|b| view! { <p class="progress" role="status">{b}</p> })}
            {move || notice.get().map(|n| view! { <p class="progress" role="status" data-testid="import-notice">{n}</p> })}
            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert" data-testid="import-error">{e}</p> })}
            <For
                each=move || pending.get()
                key=|p| (p.key, p.revision)
                let:file
            >
                <FileCard file=file pending=pending/>
            </For>
            <Show when=move || !pending.with(Vec::is_empty)>
                <fieldset class="import-options">
                    <legend>{td.if_exists}</legend>
                    {POLICIES
                        .into_iter()
                        .map(|p| {
                            let id = format!("policy-{p:?}");
                            let label_for = id.clone();
                            view! {
                                <label class="choice" for=label_for>
                                    <input type="radio" id=id name="policy" prop:checked=move || policy.get() == p on:change=move |_| policy.set(p)/>
                                    {(td.policy)(p)}
                                </label>
                            }
                        })
                        .collect_view()}
                    <label class="choice" for="placeholders">
                        <input type="checkbox" id="placeholders" prop:checked=move || placeholders.get() on:change=move |ev| placeholders.set(event_target_checked(&ev))/>
                        {td.placeholders}
                    </label>
                </fieldset>
                <div class="actions">
                    <button class="button button--primary" on:click=check data-testid="import-button"
                        disabled=move || busy.get().is_some() || job.running() || pending.with(|p| p.iter().all(|f| f.analysis.is_err()))>
                        {td.import}
                    </button>
                    <button class="button" on:click=move |_| { pending.set(Vec::new()); step.set(Step::Review); }>{td.clear}</button>
                </div>
            </Show>
            {move || match step.get() {
                Step::Review => None,
                Step::Checked(parsed) => Some(view! { <Report parsed=parsed.clone() on_confirm=commit_checked/> }.into_any()),
                Step::Done(summary, names) => Some(view! { <Summary summary names/> }.into_any()),
            }}
            {move || state.undo_offer().map(|(label, more, session)| view! {
                <p class="undo" role="status">
                    {(td.was_saved)(&label)}
                    <button class="button" data-testid="undo-button" on:click=move |_| { state.undo_last(); step.set(Step::Review); }>{td.undo}</button>
                    <span class="muted" data-testid="undo-note">{if session { td.undo_session.to_string() } else { (td.undo_more)(more) }}</span>
                </p>
            })}
        </section>
        <section class="card" aria-labelledby="stored-title">
            <h2 id="stored-title" class="card__title">{td.stored_title}</h2>
            <table class="table" data-testid="stored-counts">
                <thead><tr><th scope="col">{td.kind}</th><th scope="col" class="num">{td.records}</th></tr></thead>
                <tbody>
                    {move || counts().into_iter().map(|(k, n)| view! {
                        <tr data-kind=k.as_str()><th scope="row">{(td.kind_name)(k)}</th><td class="num">{format::count(loc, n as f64)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <LookupList/>
        </section>
        <ManageData/>
        <section class="card" aria-labelledby="templates-title">
            <h2 id="templates-title" class="card__title">{td.samples_title}</h2>
            <p>{td.samples_text}</p>
            <div class="actions">
                {Kind::ALL.into_iter().map(|k| view! {
                    <button class="button" on:click=move |_| download_text(&format!("rapport-{}-template.csv", k.as_str()), "text/csv", &template_csv(k))>
                        {(td.template)((td.kind_name)(k))}
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}
