//! `/data`: import CSV files, review what the importer decided, commit, undo; what is
//! stored in this browser; publishing it for the team. While the team's data is shown,
//! which is read-only, the import gives way to a note.
//!
//! The import is one [`ImportFlow`] in one signal, and the import card renders where it
//! stands; `run` does the browser's part of each step and reports the outcome to it.

mod file_card;
mod manage;
mod publish;
mod report;
mod run;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PageHeader;
use crate::components::{download_text, Job, JobProgress, WhatChanged};
use crate::core::import::{template_csv, MergePolicy};
use crate::core::model::Kind;
use crate::import_flow::{FileEdit, ImportFlow, Note};
use crate::routes::Page;
use crate::state::{use_app_state, use_texts, LoadState};
use file_card::FileCard;
use manage::{ManageData, StoredData};
use publish::PublishCard;
use report::{Report, Summary};

/// The import card's state: where the import stands, the running job's progress, and the
/// merge choices.
#[derive(Clone, Copy)]
struct Import {
    /// Where the import stands.
    flow: RwSignal<ImportFlow>,
    /// The progress of the reading or parsing running now.
    job: Job,
    /// The key of the next file picked.
    next_key: StoredValue<usize>,
    /// What to do with records that exist already.
    policy: RwSignal<MergePolicy>,
    /// Create customers that are only referred to.
    placeholders: RwSignal<bool>,
}

impl Import {
    fn new() -> Import {
        Import {
            flow: RwSignal::new(ImportFlow::Idle),
            job: Job::new(),
            next_key: StoredValue::new(0),
            policy: RwSignal::new(MergePolicy::CreateAndUpdate),
            placeholders: RwSignal::new(true),
        }
    }

    /// Takes a step of the flow; false when the page is gone (and the flow with it).
    fn step(self, step: impl FnOnce(ImportFlow) -> ImportFlow) -> bool {
        self.flow.try_update(|flow| flow.advance(step)).is_some()
    }

    /// True while files are read, parsed or saved.
    fn busy(self) -> bool {
        self.flow.with(ImportFlow::busy)
    }
}

const POLICIES: [MergePolicy; 3] = [
    MergePolicy::CreateAndUpdate,
    MergePolicy::CreateOnly,
    MergePolicy::UpdateOnly,
];

/// `/data`: import and data management.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let td = &t.data;
    view! {
        <PageHeader title=(t.shell.page)(Page::Data) lead=td.lead />
        {move || match state.load.get() {
            LoadState::Failed(why) => {
                Some(
                    view! {
                        <p class="alert alert--error" role="alert">
                            {(t.parts.storage_error)(&why)}
                        </p>
                    },
                )
            }
            _ => None,
        }}
        {move || {
            state
                .storage_error
                .get()
                .filter(|e| *e != crate::storage::StorageError::ReadOnly)
                .map(|e| {
                    // A change refused while the team's data is shown: the team bar says so.
                    view! {
                        <p class="alert alert--error" role="alert" data-testid="storage-error">
                            {(t.parts.storage_error)(&e)}
                        </p>
                    }
                })
        }}
        <Show when=move || !state.viewing_team.get() fallback=TeamReadOnly>
            <ImportCard />
        </Show>
        <StoredData />
        <ManageData />
        <Show when=move || !state.viewing_team.get()>
            <PublishCard />
        </Show>
        <section class="card" aria-labelledby="templates-title">
            <h2 id="templates-title" class="card__title">
                {td.samples_title}
            </h2>
            <p>{td.samples_text}</p>
            <div class="actions">
                {Kind::ALL
                    .into_iter()
                    .map(|k| {
                        view! {
                            <button
                                class="button"
                                on:click=move |_| download_text(
                                    &format!("rapport-{}-template.csv", k.as_str()),
                                    "text/csv",
                                    &template_csv(k),
                                )
                            >
                                {(td.template)((td.kind_name)(k))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// In place of the import while the team's data is shown: it is read-only.
#[component]
fn TeamReadOnly() -> impl IntoView {
    let state = use_app_state();
    let tt = &use_texts().team;
    view! {
        <section class="card" data-testid="team-read-only-data">
            <p>{tt.import_read_only}</p>
            <button
                class="button"
                data-testid="data-show-mine"
                on:click=move |_| state.show(crate::storage::prefs::Source::Mine)
            >
                {tt.show_mine}
            </button>
        </section>
    }
}

/// Picking files, their cards, the merge choices, and what the import found or did.
#[component]
fn ImportCard() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let td = &t.data;
    let import = Import::new();
    let flow = import.flow;
    let add_files = move |files: web_sys::FileList| {
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        // One job at a time: no new files while a batch is read, parsed or saved.
        if !files.is_empty() && !import.flow.with_untracked(ImportFlow::busy) {
            spawn_local(run::read_files(import, files, state, t));
        }
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
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            add_files(files);
        }
    };
    let on_import = move |_| spawn_local(run::import_batch(import, state, t));
    let on_confirm = move |_| {
        if import.step(ImportFlow::confirm) {
            spawn_local(run::save_batch(import, state, t));
        }
    };
    let files = move || flow.with(|f| f.files().to_vec());
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title" class="card__title">
                {td.import_title}
            </h2>
            <p>{td.import_text}</p>
            <div
                class="dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <label class="button button--primary" for="import-files">
                    {td.choose}
                </label>
                <input
                    id="import-files"
                    class="visually-hidden"
                    type="file"
                    multiple
                    accept=".csv,.tsv,.txt,text/csv"
                    data-testid="import-input"
                    disabled=move || import.busy()
                    on:change=on_input
                />
                <span class="dropzone__hint">{td.drop}</span>
            </div>
            <JobProgress job=import.job />
            <FlowStatus flow />
            <For
                each=files
                key=|f| (f.key, f.revision)
                children=move |file| {
                    let key = file.key;
                    let on_edit = Callback::new(move |edit: FileEdit| {
                        import.step(|f| f.edit(key, edit));
                    });
                    view! { <FileCard file on_edit /> }
                }
            />
            <Show when=move || !flow.with(|f| f.files().is_empty())>
                <MergeChoices import />
                <div class="actions">
                    <button
                        class="button button--primary"
                        on:click=on_import
                        data-testid="import-button"
                        disabled=move || import.job.running() || !flow.with(ImportFlow::can_parse)
                    >
                        {td.import}
                    </button>
                    <button
                        class="button"
                        disabled=move || import.busy()
                        on:click=move |_| {
                            import.step(ImportFlow::clear);
                        }
                    >
                        {td.clear}
                    </button>
                </div>
            </Show>
            {move || {
                flow.with(|f| match f {
                    ImportFlow::Checked { parsed, .. } => {
                        Some(view! { <Report parsed=parsed.clone() on_confirm /> }.into_any())
                    }
                    ImportFlow::Done { summary, names } => {
                        let last = state
                            .own
                            .with(|ds| {
                                ds.history.len().checked_sub(1).map(|p| (p, ds.history[p].clone()))
                            });
                        let changes = last
                            .map(|(place, import)| {
                                view! { <WhatChanged place=place import=import /> }
                            });
                        Some(
                            view! {
                                <Summary summary=summary.clone() names=names.clone() />
                                {changes}
                            }
                                .into_any(),
                        )
                    }
                    _ => None,
                })
            }}
            {move || {
                state
                    .undo_offer()
                    .map(|(label, more, session)| {
                        view! {
                            <p class="undo" role="status">
                                {(td.was_saved)(&label)}
                                <button
                                    class="button"
                                    data-testid="undo-button"
                                    on:click=move |_| {
                                        state.undo_last();
                                        import.step(ImportFlow::dismiss);
                                    }
                                >
                                    {td.undo}
                                </button>
                                <span class="muted" data-testid="undo-note">
                                    {if session {
                                        td.undo_session.to_string()
                                    } else {
                                        (td.undo_more)(more)
                                    }}
                                </span>
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// What the flow is doing or why it stopped: reading or saving, a step the user cancelled,
/// a failed save.
#[component]
fn FlowStatus(
    /// Where the import stands.
    flow: RwSignal<ImportFlow>,
) -> impl IntoView {
    let t = use_texts();
    let td = &t.data;
    move || {
        flow.with(|f| match f {
            ImportFlow::Reading { picked, .. } => Some(
                view! {
                    <p class="progress" role="status">
                        {(td.reading)(*picked)}
                    </p>
                }
                .into_any(),
            ),
            ImportFlow::Saving { .. } => Some(
                view! {
                    <p class="progress" role="status">
                        {td.saving}
                    </p>
                }
                .into_any(),
            ),
            ImportFlow::Review {
                note: Some(note), ..
            } => {
                let text = match note {
                    Note::ReadingCancelled(name) => (td.reading_cancelled)(name),
                    Note::ImportCancelled => td.import_cancelled.to_string(),
                };
                Some(
                    view! {
                        <p class="progress" role="status" data-testid="import-notice">
                            {text}
                        </p>
                    }
                    .into_any(),
                )
            }
            ImportFlow::Failed { error, .. } => Some(
                view! {
                    <p class="alert alert--error" role="alert" data-testid="import-error">
                        {t.import_flow_error(error)}
                    </p>
                }
                .into_any(),
            ),
            _ => None,
        })
    }
}

/// What to do with records that exist already, and with customers only referred to.
#[component]
fn MergeChoices(
    /// The import whose choices these are.
    import: Import,
) -> impl IntoView {
    let td = &use_texts().data;
    let (policy, placeholders) = (import.policy, import.placeholders);
    view! {
        <fieldset class="import-options">
            <legend>{td.if_exists}</legend>
            {POLICIES
                .into_iter()
                .map(|p| {
                    let id = format!("policy-{p:?}");
                    let label_for = id.clone();
                    view! {
                        <label class="choice" for=label_for>
                            <input
                                type="radio"
                                id=id
                                name="policy"
                                prop:checked=move || policy.get() == p
                                on:change=move |_| policy.set(p)
                            />
                            {(td.policy)(p)}
                        </label>
                    }
                })
                .collect_view()}
            <label class="choice" for="placeholders">
                <input
                    type="checkbox"
                    id="placeholders"
                    prop:checked=move || placeholders.get()
                    on:change=move |ev| placeholders.set(event_target_checked(&ev))
                />
                {td.placeholders}
            </label>
        </fieldset>
    }
}
