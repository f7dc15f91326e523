//! `/data`: import CSV files, review what the importer decided, commit, undo; and what is
//! stored in this browser.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::PageHeader;
use crate::components::{download_text, Clip, Job, JobProgress, Slices};
use crate::core::export::csv_table;
use crate::core::import::lookup::{propose_each, LookupTarget, Present};
use crate::core::import::{
    self, decode, merge_paced, template_csv, Analysis, Analyzer, DateOrder, Field, MergePolicy,
    MergeSummary, ParseOptions, Parsed, Parser, Severity,
};
use crate::core::model::{Dataset, Kind};
use crate::format;
use crate::routes::Page;
use crate::state::{
    lookup_matches, open_sealed_backup, use_app_state, use_locale, use_texts, LoadState,
};
use crate::storage::backup::Backup;
use crate::storage::prefs::{self, MappingProfiles};
use crate::tasks::next_task;

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
        <PageHeader title=(t.shell.page)(Page::Data) lead=td.lead/>
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

/// The stored lookup files, and how well each matches the records it describes.
#[component]
fn LookupList() -> impl IntoView {
    let (td, loc) = (&use_texts().data, use_locale());
    let lookups = lookup_matches();
    let rows = move || {
        lookups.get().into_iter().map(|m| {
            let problems = (!m.unmatched_keys.is_empty()).then(|| (td.keys_unmatched)(&format::count(loc, m.unmatched_keys.len() as f64), &m.key, &m.unmatched_keys.join(", ")));
            let missing = (m.records_unmatched > 0).then(|| (td.values_missing)(&format::count(loc, m.records_unmatched as f64), &m.missing_values.join(", ")));
            view! {
                <tr data-file=m.file.clone()>
                    <th scope="row"><Clip text=m.file.clone()/></th>
                    <td>{(td.lookup_for)((td.kind_name)(m.kind), &m.key)}</td>
                    <td><Clip text=m.attributes.join(", ")/></td>
                    <td class="num">{format::count(loc, m.keys as f64)}</td>
                    <td data-testid="lookup-problems">{[problems, missing].into_iter().flatten().collect::<Vec<_>>().join(" ")}</td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <Show when=move || lookups.with(|l| !l.is_empty())>
            <h3 class="card__subtitle">{td.lookups_title}</h3>
            <div class="table-scroll"><table class="table table--compact" data-testid="stored-lookups">
                <thead><tr><th scope="col">{td.file}</th><th scope="col">{td.lookup}</th><th scope="col">{td.attributes}</th>
                    <th scope="col" class="num">{td.keys}</th><th scope="col">{td.matching}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </Show>
    }
}

/// One picked file: what was detected, the mapping, date choices and a preview.
#[component]
fn FileCard(file: Pending, pending: RwSignal<Vec<Pending>>) -> impl IntoView {
    let key = file.key;
    let t = use_texts();
    let td = &t.data;
    let remove = move |_| pending.update(|p| p.retain(|f| f.key != key));
    let analysis = match file.analysis {
        Err(why) => {
            return view! {
                <article class="file-card file-card--error" data-testid="file-card">
                    <h3 class="file-card__name">{file.name.clone()}</h3>
                    <p class="alert alert--error" role="alert" data-testid="file-error">{(td.cannot_import)(&file.name, &why)}</p>
                    <button class="button" on:click=remove>{td.remove}</button>
                </article>
            }
            .into_any()
        }
        Ok(a) => a,
    };
    let edit = move |f: Box<dyn FnOnce(&mut Pending)>| {
        pending.update(|p| {
            if let Some(x) = p.iter_mut().find(|x| x.key == key) {
                f(x);
                x.revision += 1;
            }
        })
    };
    let headers = analysis.headers.clone();
    let samples = |col: usize, a: &Analysis| -> String {
        a.sample_rows
            .iter()
            .filter_map(|r| r.get(col))
            .filter(|v| !v.is_empty())
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let kind = analysis.kind;
    let lookup = analysis.lookup.clone();
    let mapping_rows = Field::of(kind)
        .iter()
        .map(|&field| {
            let current = analysis.mapping.column_of(field);
            let id = format!("map-{key}-{}", field.name());
            let sample = current.map(|c| samples(c, &analysis)).unwrap_or_default();
            view! {
                <tr>
                    <th scope="row"><label for=id.clone()>{field.name()}</label></th>
                    <td>
                        <select id=id on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let col = v.parse::<usize>().ok();
                            edit(Box::new(move |p| if let Ok(a) = p.analysis.as_mut() { a.assign(field, col) }));
                        }>
                            <option value="" selected=current.is_none()>{td.not_in_file}</option>
                            {headers.iter().enumerate().map(|(i, h)| view! {
                                <option value=i.to_string() selected=current == Some(i)>{h.clone()}</option>
                            }).collect_view()}
                        </select>
                    </td>
                    <td class="muted"><Clip text=sample/></td>
                </tr>
            }
        })
        .collect_view();
    let extras: Vec<String> = analysis
        .mapping
        .extra_columns()
        .iter()
        .map(|&i| analysis.headers[i].clone())
        .collect();
    let decisions = analysis
        .date_decisions
        .iter()
        .map(|d| {
            let column = d.column;
            let chosen = file.options.date_orders.iter().find(|(c, _)| *c == column).map(|(_, o)| *o).unwrap_or(d.default);
            let id = format!("dates-{key}-{column}");
            view! {
                <p class="decision" role="group">
                    <label for=id.clone()>{(td.dates_written)(&d.header, &d.examples.join(", "))}</label>
                    " "
                    <select id=id on:change=move |ev| {
                        let order = if event_target_value(&ev) == "md" { DateOrder::MonthFirst } else { DateOrder::DayFirst };
                        edit(Box::new(move |p| {
                            p.options.date_orders.retain(|(c, _)| *c != column);
                            p.options.date_orders.push((column, order));
                        }));
                    }>
                        <option value="dm" selected=chosen == DateOrder::DayFirst>{td.dmy}</option>
                        <option value="md" selected=chosen == DateOrder::MonthFirst>{td.mdy}</option>
                    </select>
                </p>
            }
        })
        .collect_view();
    let notes = analysis
        .notes
        .iter()
        .map(|n| view! { <li>{n.to_string()}</li> })
        .collect_view();
    let preview_head = analysis
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let preview_rows = analysis
        .sample_rows
        .iter()
        .take(5)
        .map(|r| view! { <tr>{r.iter().map(|c| view! { <td><Clip text=c.clone()/></td> }).collect_view()}</tr> })
        .collect_view();
    view! {
        <article class="file-card" data-testid="file-card" data-kind=if lookup.is_some() { "lookup" } else { kind.as_str() }>
            <header class="file-card__header">
                <h3 class="file-card__name">{file.name.clone()}</h3>
                <button class="button button--small" on:click=remove aria-label=(td.remove_named)(&file.name)>{td.remove}</button>
            </header>
            <dl class="facts">
                <div><dt><label for=format!("kind-{key}")>{td.kind}</label></dt><dd>
                    <select id=format!("kind-{key}") data-testid="kind-select" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if v == "lookup" {
                            edit(Box::new(move |p| if let Ok(a) = p.analysis.as_mut() { a.set_lookup(p.lookup_offer.clone()) }));
                        } else if v == "ignore" {
                            pending.update(|p| p.retain(|f| f.key != key));
                        } else if let Some(k) = Kind::ALL.into_iter().find(|k| k.as_str() == v) {
                            edit(Box::new(move |p| if let Ok(a) = p.analysis.as_mut() { a.set_kind(k) }));
                        }
                    }>
                        {Kind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=lookup.is_none() && k == kind>{(td.kind_name)(k)}</option> }).collect_view()}
                        {file.lookup_offer.clone().map(|o| view! {
                            <option value="lookup" selected=lookup.is_some()>{(td.lookup_for)((td.kind_name)(o.kind), &o.key)}</option>
                        })}
                        <option value="ignore">{td.ignore_file}</option>
                    </select>
                </dd></div>
                <div><dt>{td.encoding}</dt><dd data-testid="encoding">{analysis.encoding.label()}</dd></div>
                <div><dt>{td.separator}</dt><dd data-testid="delimiter">{analysis.delimiter_label()}</dd></div>
                <div><dt>{td.rows}</dt><dd data-testid="row-count">{analysis.row_count}</dd></div>
            </dl>
            {file.remembered.then(|| view! { <p class="muted" data-testid="remembered">{td.remembered}</p> })}
            {decisions}
            {(!analysis.notes.is_empty()).then(|| view! { <ul class="notes">{notes}</ul> })}
            {lookup.clone().map(|l| {
                let attributes: Vec<String> = (analysis.headers.iter().enumerate()).filter(|(i, _)| *i != l.column).map(|(_, h)| h.clone()).collect();
                view! { <p class="decision" data-testid="lookup-note">{(td.lookup_adds)(&attributes.join(", "), (td.kind_name)(l.kind), &l.key, &analysis.headers[l.column])}</p> }
            })}
            <details class="mapping" open=lookup.is_none() hidden=lookup.is_some()>
                <summary>{td.columns}</summary>
                <table class="table table--compact" data-testid="mapping">
                    <thead><tr><th scope="col">{td.field}</th><th scope="col">{td.column_in_file}</th><th scope="col">{td.sample_values}</th></tr></thead>
                    <tbody>{mapping_rows}</tbody>
                </table>
                {(!extras.is_empty()).then(|| view! {
                    <p class="muted">{td.extras} {extras.join(", ")}</p>
                })}
            </details>
            <details class="preview">
                <summary>{td.preview}</summary>
                <div class="table-scroll"><table class="table table--compact">
                    <thead><tr>{preview_head}</tr></thead>
                    <tbody>{preview_rows}</tbody>
                </table></div>
            </details>
        </article>
    }
    .into_any()
}

/// The parse report when some rows have errors: nothing is imported until the user agrees.
#[component]
fn Report(
    parsed: Arc<Vec<Parsed>>,
    on_confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let (td, loc) = (&use_texts().data, use_locale());
    let rejected: u64 = parsed.iter().map(|p| p.rows_rejected).sum();
    let importable: usize = parsed.iter().map(|p| p.rows_imported()).sum();
    let (rejected, importable) = (
        format::count(loc, rejected as f64),
        format::count(loc, importable as f64),
    );
    let all_issues: Vec<_> = parsed
        .iter()
        .flat_map(|p| p.issues.iter().cloned())
        .collect();
    let download = {
        let issues = all_issues.clone();
        move |_| {
            let rows = issues.iter().map(|i| {
                [
                    i.file.clone(),
                    i.line.map(|l| l.to_string()).unwrap_or_default(),
                    i.column.clone(),
                    i.value.clone(),
                    i.severity.as_str().to_string(),
                    i.reason.clone(),
                ]
            });
            download_text(
                "import-errors.csv",
                "text/csv",
                &csv_table(
                    &["file", "line", "column", "value", "severity", "reason"],
                    rows,
                ),
            );
        }
    };
    let shown = all_issues.iter().take(200).map(|i| view! {
        <tr class=if i.severity == Severity::Error { "issue issue--error" } else { "issue" }>
            <td>{i.file.clone()}</td>
            <td class="num">{i.line.map(|l| l.to_string()).unwrap_or_default()}</td>
            <td><Clip text=i.column.clone()/></td>
            <td><code><Clip text=i.value.clone()/></code></td>
            <td>{(td.severity)(i.severity)}</td>
            <td>{(td.issue_kind)(i.kind)}</td>
            <td>{i.reason.clone()}</td>
        </tr>
    }).collect_view();
    view! {
        <section class="report" aria-labelledby="report-title" data-testid="import-report">
            <h3 id="report-title">{td.report_title}</h3>
            <p role="alert">{(td.report_text)(&rejected, &importable)}</p>
            <div class="table-scroll"><table class="table table--compact" data-testid="issues">
                <thead><tr><th scope="col">{td.file}</th><th scope="col">{td.line}</th><th scope="col">{td.column}</th><th scope="col">{td.value}</th><th scope="col">{td.severity_col}</th><th scope="col">{td.problem}</th><th scope="col">{td.reason}</th></tr></thead>
                <tbody>{shown}</tbody>
            </table></div>
            <div class="actions">
                <button class="button" on:click=download data-testid="download-errors">{td.download_errors}</button>
                <button class="button button--primary" on:click=on_confirm data-testid="confirm-import">
                    {(td.confirm)(&importable, &rejected)}
                </button>
            </div>
        </section>
    }
}

/// What the committed import did.
#[component]
fn Summary(summary: MergeSummary, names: Vec<String>) -> impl IntoView {
    let (td, loc) = (&use_texts().data, use_locale());
    let n = move |v: u64| format::count(loc, v as f64);
    let rows = summary
        .kinds
        .iter()
        .filter(|(_, s)| s.created + s.updated + s.skipped + s.errors + s.placeholders > 0)
        .map(|(k, s)| {
            view! {
                <tr data-kind=k.as_str()>
                    <th scope="row">{(td.kind_name)(*k)}</th>
                    <td class="num" data-col="created">{n(s.created)}</td>
                    <td class="num" data-col="updated">{n(s.updated)}</td>
                    <td class="num" data-col="skipped">{n(s.skipped)}</td>
                    <td class="num" data-col="errors">{n(s.errors)}</td>
                    <td class="num" data-col="placeholders">{n(s.placeholders)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="summary" aria-labelledby="summary-title" data-testid="import-summary">
            <h3 id="summary-title">{(td.imported)(&names.join(", "))}</h3>
            <table class="table table--compact">
                <thead><tr><th scope="col">{td.kind}</th><th scope="col" class="num">{td.created}</th><th scope="col" class="num">{td.updated}</th>
                    <th scope="col" class="num">{td.skipped}</th><th scope="col" class="num">{td.rows_with_errors}</th><th scope="col" class="num">{td.from_references}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// Demo data, backup / restore, delete, and how much space is used.
#[component]
fn ManageData() -> impl IntoView {
    let state = use_app_state();
    let (t, loc) = (use_texts(), use_locale());
    let td = &t.data;
    let confirm_delete = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let usage = RwSignal::new(None::<(f64, f64)>);
    let persisted = RwSignal::new(None::<bool>);
    let refresh_usage = move || {
        spawn_local(async move {
            usage.set(crate::storage::idb::estimate().await);
        })
    };
    refresh_usage();
    // Re-measure after every change of the stored data.
    Effect::new(move |_| {
        state.dataset.track();
        refresh_usage();
    });
    let keep = move |_| {
        spawn_local(async move {
            persisted.set(Some(crate::storage::idb::persist().await));
        })
    };
    let backup = move |_| {
        spawn_local(async move {
            match state.backup_file().await {
                Ok(bytes) => crate::components::download(
                    "rapport-backup.rapport",
                    "application/octet-stream",
                    &bytes,
                ),
                Err(e) => message.set(Some((t.parts.storage_error)(&e))),
            }
        })
    };
    // A sealed backup waiting for its passphrase: its name and bytes.
    let sealed = RwSignal::new(None::<(String, Vec<u8>)>);
    let apply = move |name: String, backup: Backup| async move {
        if let Ok(n) = state.restore(backup, (td.restoring)(&name)).await {
            message.set(Some((td.restored)(&format::count(loc, n as f64), &name)));
        }
    };
    let restore = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        spawn_local(async move {
            let bytes = match read_file(file).await {
                Ok(b) => b,
                Err(e) => return message.set(Some((td.file_unreadable)(&name, &e))),
            };
            match crate::storage::backup::sealed(&bytes) {
                Ok(Some(_)) => {
                    message.set(Some((td.backup_sealed)(&name)));
                    sealed.set(Some((name, bytes)));
                }
                Err(e) => message.set(Some((td.not_backup)(&name, &e.to_string()))),
                Ok(None) => match crate::storage::backup::decode(&bytes) {
                    Err(e) => message.set(Some((td.not_backup)(&name, &e.to_string()))),
                    Ok(backup) => apply(name, backup).await,
                },
            }
        });
    };
    let passphrase = NodeRef::<leptos::html::Input>::new();
    let open_sealed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some((name, bytes)), Some(input)) = (sealed.get_untracked(), passphrase.get()) else {
            return;
        };
        let pass = input.value();
        spawn_local(async move {
            match open_sealed_backup(&bytes, &pass).await {
                Ok(backup) => {
                    sealed.set(None);
                    apply(name, backup).await;
                }
                Err(e) => message.set(Some((t.parts.storage_error)(&e))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="manage-title">
            <h2 id="manage-title" class="card__title">{td.your_data}</h2>
            <div class="actions">
                <button class="button" data-testid="load-demo" on:click=move |_| state.load_demo()>{t.words.load_demo}</button>
                <button class="button" data-testid="backup" on:click=backup>{td.backup}</button>
                <label class="button" for="restore-file">{td.restore}</label>
                <input id="restore-file" class="visually-hidden" type="file" accept=".rapport,application/octet-stream" data-testid="restore-input" on:change=restore/>
                <button class="button" data-testid="delete-all" on:click=move |_| confirm_delete.set(true)>{td.delete_all}</button>
            </div>
            <Show when=move || state.protected.get()>
                <p class="muted" data-testid="backup-sealed-note">{td.backup_sealed_note}</p>
            </Show>
            <Show when=move || sealed.with(Option::is_some)>
                <form class="actions" data-testid="sealed-backup" on:submit=open_sealed>
                    <label for="backup-passphrase">{td.backup_passphrase}</label>
                    <input id="backup-passphrase" type="password" autocomplete="off" node_ref=passphrase data-testid="backup-passphrase"/>
                    <button type="submit" class="button" data-testid="open-backup">{td.open_backup}</button>
                    <button type="button" class="button" on:click=move |_| { sealed.set(None); message.set(None); }>{t.words.cancel}</button>
                </form>
            </Show>
            <Show when=move || confirm_delete.get()>
                <div class="alert alert--error" role="alertdialog" aria-labelledby="delete-question">
                    <p id="delete-question">{td.delete_question}</p>
                    <div class="actions">
                        <button class="button button--danger" data-testid="confirm-delete" on:click=move |_| { state.delete_all(); confirm_delete.set(false); }>{td.yes_delete}</button>
                        <button class="button" on:click=move |_| confirm_delete.set(false)>{t.words.cancel}</button>
                    </div>
                </div>
            </Show>
            {move || message.get().map(|m| view! { <p role="status" data-testid="manage-message">{m}</p> })}
            <p class="muted" data-testid="storage-usage">
                {move || match usage.get() {
                    Some((used, quota)) => (td.usage)(
                        &format::number(loc, used / 1e6, 1), &format::number(loc, quota / 1e6, 0)),
                    None => td.no_usage.into(),
                }}
                " "
                <button class="link-button" on:click=keep>{td.keep}</button>
                {move || persisted.get().map(|p| if p { td.granted } else { td.not_granted })}
            </p>
        </section>
    }
}
