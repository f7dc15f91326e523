//! The screen shown instead of every page while the stored data is locked: the passphrase,
//! and the way out when it is lost (delete the data, after a confirmation).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PageHeader;
use crate::state::{use_app_state, use_texts};

/// Unlock the stored data.
#[component]
pub fn UnlockPage() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = state.unlock(&passphrase.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(()) => passphrase.set(String::new()),
                Err(e) => error.set(Some((t.parts.storage_error)(&e))),
            }
        });
    };
    let delete = move |_| {
        spawn_local(async move {
            if let Err(e) = state.delete_locked().await {
                error.set(Some((t.parts.storage_error)(&e)));
            }
        });
    };
    view! {
        <PageHeader title=t.lock.locked_title />
        <section class="card" data-testid="unlock">
            <p>{t.lock.locked_text}</p>
            <form class="lock-form" on:submit=unlock>
                <label for="unlock-passphrase">{t.lock.passphrase}</label>
                <input
                    id="unlock-passphrase"
                    type="password"
                    autocomplete="current-password"
                    required
                    prop:value=move || passphrase.get()
                    on:input=move |ev| passphrase.set(event_target_value(&ev))
                />
                <button class="button button--primary" type="submit" disabled=move || busy.get()>
                    {t.lock.unlock}
                </button>
            </form>
            {move || {
                busy.get()
                    .then(|| {
                        view! {
                            <p class="progress" role="status">
                                {t.lock.working}
                            </p>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="alert alert--error" role="alert" data-testid="unlock-error">
                                {e}
                            </p>
                        }
                    })
            }}
        </section>
        <section class="card">
            <p>{t.lock.forgot}</p>
            <button
                class="button"
                type="button"
                data-testid="delete-locked"
                on:click=move |_| confirm_delete.set(true)
            >
                {t.lock.delete_locked}
            </button>
            <Show when=move || confirm_delete.get()>
                <div
                    class="alert alert--error"
                    role="alertdialog"
                    aria-labelledby="delete-locked-question"
                >
                    <p id="delete-locked-question">{t.lock.confirm_delete}</p>
                    <div class="actions">
                        <button
                            class="button button--danger"
                            type="button"
                            data-testid="confirm-delete-locked"
                            on:click=delete
                        >
                            {t.lock.yes_delete}
                        </button>
                        <button
                            class="button"
                            type="button"
                            on:click=move |_| confirm_delete.set(false)
                        >
                            {t.words.cancel}
                        </button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
