//! "Publish for your team…": one's own data as a team workspace (`storage::workspace`),
//! sealed with a team passphrase typed twice, by a publisher's name, redacted or not; the
//! file downloads as `workspace.rapport`, for the site's `data/` folder.

use leptos::prelude::*;

use crate::state::{use_app_state, use_texts};

/// Where publishing stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// The form is closed.
    Closed,
    /// The form is open.
    Form,
    /// The file is being sealed.
    Sealing,
    /// The file was downloaded.
    Done,
    /// Refused or failed: why, in the interface's words.
    Refused(String),
}

/// The Data page's card that publishes one's own data for the team.
#[component]
pub(super) fn PublishCard() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let tt = &t.team;
    let step = RwSignal::new(Step::Closed);
    let (name, first, second, redacted) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if step.get_untracked() == Step::Sealing {
            return;
        }
        let passphrase = first.get_untracked();
        let refused = if state.own.with_untracked(|d| d.is_empty()) {
            Some(tt.nothing)
        } else if passphrase != second.get_untracked() {
            Some(t.lock.mismatch)
        } else if passphrase.chars().count() < 8 {
            Some(t.lock.too_short)
        } else {
            None
        };
        if let Some(why) = refused {
            return step.set(Step::Refused(why.into()));
        }
        step.set(Step::Sealing);
        let (publisher, redact) = (name.get_untracked(), redacted.get_untracked());
        leptos::task::spawn_local(async move {
            match state.publish_team(&publisher, redact, &passphrase).await {
                Ok(bytes) => {
                    crate::components::download(
                        "workspace.rapport",
                        "application/octet-stream",
                        &bytes,
                    );
                    first.set(String::new());
                    second.set(String::new());
                    step.set(Step::Done);
                }
                Err(e) => step.set(Step::Refused((tt.error)(&e))),
            }
        });
    };
    let text_field =
        |id: &'static str, label: &'static str, kind: &'static str, value: RwSignal<String>| {
            view! {
                <label for=id>{label}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=if kind == "password" { "new-password" } else { "name" }
                    data-testid=id
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            }
        };
    view! {
        <section class="card" aria-labelledby="publish-title" data-testid="publish-card">
            <h2 id="publish-title" class="card__title">
                {tt.publish_title}
            </h2>
            <p>{tt.publish_text}</p>
            <Show
                when=move || step.get() != Step::Closed
                fallback=move || {
                    view! {
                        <button
                            class="button"
                            data-testid="publish-open"
                            on:click=move |_| step.set(Step::Form)
                        >
                            {tt.publish_open}
                        </button>
                    }
                }
            >
                <form class="lock-form" on:submit=on_submit>
                    {text_field("publish-name", tt.publisher, "text", name)}
                    {text_field("publish-passphrase", tt.new_passphrase, "password", first)}
                    {text_field("publish-repeat", tt.repeat, "password", second)}
                    <label class="choice publish-redact" for="publish-redacted">
                        <input
                            type="checkbox"
                            id="publish-redacted"
                            data-testid="publish-redacted"
                            prop:checked=move || redacted.get()
                            on:change=move |ev| redacted.set(event_target_checked(&ev))
                        />
                        {tt.redact}
                    </label>
                    <button
                        class="button button--primary"
                        type="submit"
                        data-testid="publish-write"
                        disabled=move || step.get() == Step::Sealing
                    >
                        {tt.write}
                    </button>
                </form>
            </Show>
            {move || match step.get() {
                Step::Sealing => {
                    Some(
                        view! {
                            <p class="progress" role="status">
                                {tt.sealing}
                            </p>
                        }
                            .into_any(),
                    )
                }
                Step::Done => {
                    Some(
                        view! {
                            <p role="status" data-testid="publish-done">
                                {tt.written}
                            </p>
                        }
                            .into_any(),
                    )
                }
                Step::Refused(why) => {
                    Some(
                        view! {
                            <p class="alert alert--error" role="alert" data-testid="publish-error">
                                {why}
                            </p>
                        }
                            .into_any(),
                    )
                }
                Step::Closed | Step::Form => None,
            }}
        </section>
    }
}
