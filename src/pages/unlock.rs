//! The screen shown instead of every page while the stored data is locked: the passphrase,
//! and the way out when it is lost (delete the data, after a confirmation).

use leptos::prelude::*;

use super::PageHeader;
use crate::state::{use_app_state, use_texts};

/// Unlock the stored data.
#[component]
pub fn UnlockPage() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let passphrase = RwSignal::new(String::new());
    let confirm_delete = RwSignal::new(false);
    // An attempt at a time: `pending` says it runs, `value` how the last one ended.
    let unlock = Action::new_local(move |typed: &String| {
        let typed = typed.clone();
        async move { state.unlock(&typed).await }
    });
    let delete = Action::new_local(move |_: &()| async move { state.delete_locked().await });
    let busy = unlock.pending();
    Effect::new(move |_| {
        if matches!(unlock.value().get(), Some(Ok(()))) {
            passphrase.set(String::new());
        }
    });
    // Shown until the next attempt starts.
    let error = move || {
        if busy.get() {
            return None;
        }
        let failed = unlock.value().get().and_then(Result::err);
        let failed = failed.or_else(|| delete.value().get().and_then(Result::err));
        failed.map(|e| (t.parts.storage_error)(&e))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            unlock.dispatch_local(passphrase.get_untracked());
        }
    };
    view! {
        <PageHeader title=t.lock.locked_title />
        <section class="card" data-testid="unlock">
            <p>{t.lock.locked_text}</p>
            <form class="lock-form" on:submit=on_submit>
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
                error()
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
                            on:click=move |_| {
                                delete.dispatch_local(());
                            }
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
