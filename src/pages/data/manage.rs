//! What is stored in this browser and what the user can do with it: the records per kind
//! and the lookup files, demo data, backup and restore, deleting everything, and the space
//! used. While the team's data is shown, only what leaves one's own data as it is (the
//! backup) is offered.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::run::read_file;
use crate::components::Clip;
use crate::core::model::Kind;
use crate::format;
use crate::state::{lookup_matches, open_sealed_backup, use_app_state, use_locale, use_texts};
use crate::storage::backup::Backup;

/// How many records of each kind are stored, and the lookup files.
#[component]
pub(super) fn StoredData() -> impl IntoView {
    let state = use_app_state();
    let (td, loc) = (&use_texts().data, use_locale());
    let counts = move || state.own.with(|d| Kind::ALL.map(|k| (k, d.count(k))));
    view! {
        <section class="card" aria-labelledby="stored-title">
            <h2 id="stored-title" class="card__title">
                {td.stored_title}
            </h2>
            <table class="table" data-testid="stored-counts">
                <thead>
                    <tr>
                        <th scope="col">{td.kind}</th>
                        <th scope="col" class="num">
                            {td.records}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        counts()
                            .into_iter()
                            .map(|(k, n)| {
                                view! {
                                    <tr data-kind=k.as_str()>
                                        <th scope="row">{(td.kind_name)(k)}</th>
                                        <td class="num">{format::count(loc, n as f64)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            // The lookups are the data shown's: one's own unless the team's is shown.
            <Show when=move || !state.viewing_team.get()>
                <LookupList />
            </Show>
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
            let unmatched = format::count(loc, m.unmatched_keys.len() as f64);
            let problems = (!m.unmatched_keys.is_empty())
                .then(|| (td.keys_unmatched)(&unmatched, &m.key, &m.unmatched_keys.join(", ")));
            let records = format::count(loc, m.records_unmatched as f64);
            let missing = (m.records_unmatched > 0)
                .then(|| (td.values_missing)(&records, &m.missing_values.join(", ")));
            view! {
                <tr data-file=m.file.clone()>
                    <th scope="row">
                        <Clip text=m.file.clone() />
                    </th>
                    <td>{(td.lookup_for)((td.kind_name)(m.kind), &m.key)}</td>
                    <td>
                        <Clip text=m.attributes.join(", ") />
                    </td>
                    <td class="num">{format::count(loc, m.keys as f64)}</td>
                    <td data-testid="lookup-problems">
                        {[problems, missing].into_iter().flatten().collect::<Vec<_>>().join(" ")}
                    </td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <Show when=move || lookups.with(|l| !l.is_empty())>
            <h3 class="card__subtitle">{td.lookups_title}</h3>
            <div class="table-scroll">
                <table class="table table--compact" data-testid="stored-lookups">
                    <thead>
                        <tr>
                            <th scope="col">{td.file}</th>
                            <th scope="col">{td.lookup}</th>
                            <th scope="col">{td.attributes}</th>
                            <th scope="col" class="num">
                                {td.keys}
                            </th>
                            <th scope="col">{td.matching}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Show>
    }
}

/// Demo data, backup / restore, delete, and how much space is used.
#[component]
pub(super) fn ManageData() -> impl IntoView {
    let state = use_app_state();
    let (t, loc) = (use_texts(), use_locale());
    let td = &t.data;
    let confirm_delete = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    // The team's data is shown: it is read-only.
    let team = move || state.viewing_team.get();
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
                Err(e) => message.set(Some((td.not_backup)(&name, &t.not_backup_reason(&e)))),
                Ok(None) => match crate::storage::backup::decode(&bytes) {
                    Err(e) => {
                        let why = t.not_backup_reason(&e.into());
                        message.set(Some((td.not_backup)(&name, &why)))
                    }
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
            <h2 id="manage-title" class="card__title">
                {td.your_data}
            </h2>
            <div class="actions">
                <button
                    class="button"
                    data-testid="load-demo"
                    disabled=team
                    on:click=move |_| state.load_demo()
                >
                    {t.words.load_demo}
                </button>
                <button class="button" data-testid="backup" on:click=backup>
                    {td.backup}
                </button>
                <Show when=move || !team()>
                    <label class="button" for="restore-file">
                        {td.restore}
                    </label>
                </Show>
                <input
                    id="restore-file"
                    class="visually-hidden"
                    type="file"
                    accept=".rapport,application/octet-stream"
                    data-testid="restore-input"
                    disabled=team
                    on:change=restore
                />
                <button
                    class="button"
                    data-testid="delete-all"
                    disabled=team
                    on:click=move |_| confirm_delete.set(true)
                >
                    {td.delete_all}
                </button>
            </div>
            <Show when=move || state.protected.get()>
                <p class="muted" data-testid="backup-sealed-note">
                    {td.backup_sealed_note}
                </p>
            </Show>
            <Show when=move || sealed.with(Option::is_some)>
                <form class="actions" data-testid="sealed-backup" on:submit=open_sealed>
                    <label for="backup-passphrase">{td.backup_passphrase}</label>
                    <input
                        id="backup-passphrase"
                        type="password"
                        autocomplete="off"
                        node_ref=passphrase
                        data-testid="backup-passphrase"
                    />
                    <button type="submit" class="button" data-testid="open-backup">
                        {td.open_backup}
                    </button>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            sealed.set(None);
                            message.set(None);
                        }
                    >
                        {t.words.cancel}
                    </button>
                </form>
            </Show>
            <Show when=move || confirm_delete.get()>
                <div
                    class="alert alert--error"
                    role="alertdialog"
                    aria-labelledby="delete-question"
                >
                    <p id="delete-question">{td.delete_question}</p>
                    <div class="actions">
                        <button
                            class="button button--danger"
                            data-testid="confirm-delete"
                            on:click=move |_| {
                                state.delete_all();
                                confirm_delete.set(false);
                            }
                        >
                            {td.yes_delete}
                        </button>
                        <button class="button" on:click=move |_| confirm_delete.set(false)>
                            {t.words.cancel}
                        </button>
                    </div>
                </div>
            </Show>
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p role="status" data-testid="manage-message">
                                {m}
                            </p>
                        }
                    })
            }}
            <StorageUsage />
        </section>
    }
}

/// How much space this site uses of what the browser allows, measured again after every
/// change of the data; and a button asking the browser to keep the data.
#[component]
fn StorageUsage() -> impl IntoView {
    let state = use_app_state();
    let (td, loc) = (&use_texts().data, use_locale());
    let usage = RwSignal::new(None::<(f64, f64)>);
    let persisted = RwSignal::new(None::<bool>);
    // Measured now, and again after every change of the stored data.
    Effect::new(move |_| {
        state.own.track();
        spawn_local(async move {
            usage.set(crate::storage::idb::estimate().await);
        });
    });
    let keep = move |_| {
        spawn_local(async move {
            persisted.set(Some(crate::storage::idb::persist().await));
        })
    };
    view! {
        <p class="muted" data-testid="storage-usage">
            {move || match usage.get() {
                Some((used, quota)) => {
                    (td
                        .usage)(
                        &format::number(loc, used / 1e6, 1),
                        &format::number(loc, quota / 1e6, 0),
                    )
                }
                None => td.no_usage.into(),
            }}
            " "
            <button class="link-button" on:click=keep>
                {td.keep}
            </button>
            {move || persisted.get().map(|p| if p { td.granted } else { td.not_granted })}
        </p>
    }
}
