//! The team bar, above every page where the site publishes a team workspace: who published
//! it and when, the passphrase that opens it, then the switch between the team's data
//! (read-only, and a change any page asks for is refused here) and one's own; or why the
//! file does not open.

use leptos::prelude::*;

use crate::format;
use crate::state::{use_app_state, use_locale, use_texts, Team};
use crate::storage::prefs::{self, Source};
use crate::storage::workspace::Header;
use crate::storage::StorageError;

/// The team's workspace: nothing where the site has none.
#[component]
pub fn TeamBar() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    // The passphrase is asked for unless the member last chose their own data.
    let chosen = prefs::load::<Source>(prefs::TEAM_VIEW_KEY, prefs::TEAM_VIEW_VERSION);
    let asking = RwSignal::new(chosen == Source::Team);
    let dismissed = RwSignal::new(false);
    move || match state.team.get() {
        Team::Looking | Team::Absent => None,
        Team::Unreadable(e) => (!dismissed.get()).then(|| {
            view! {
                <section
                    class="team-bar alert alert--warning"
                    aria-label=t.team.bar_label
                    data-testid="team-unreadable"
                >
                    <p>{(t.team.error)(&e)}</p>
                    <button class="link-button" on:click=move |_| dismissed.set(true)>
                        {t.team.dismiss}
                    </button>
                </section>
            }
            .into_any()
        }),
        Team::Found { header, .. } => Some(view! { <TeamPrompt header asking /> }.into_any()),
        Team::Open { header, .. } => Some(view! { <TeamSwitch header /> }.into_any()),
    }
}

/// "Team data published on DATE by NAME", in the interface's language.
fn published(header: &Header) -> String {
    let date = format::date(use_locale(), header.published);
    (use_texts().team.published)(&date, &header.publisher)
}

/// The passphrase, or (after "Not now") the offer to ask for it again.
#[component]
fn TeamPrompt(
    /// What the workspace says in clear.
    header: Header,
    /// The passphrase is asked for (else only offered).
    asking: RwSignal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    let tt = &use_texts().team;
    let line = published(&header);
    let passphrase = RwSignal::new(String::new());
    // An attempt at a time: `pending` says it runs, `value` how the last one ended.
    let open = Action::new_local(move |typed: &String| {
        let typed = typed.clone();
        async move { state.open_team(&typed).await }
    });
    let busy = open.pending();
    let error = move || {
        let failed = open.value().get().and_then(Result::err);
        (!busy.get()).then_some(failed).flatten()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            open.dispatch_local(passphrase.get_untracked());
        }
    };
    let offer = {
        let line = line.clone();
        move || {
            view! {
                <p>
                    {line.clone()} ". "
                    <button
                        class="link-button"
                        data-testid="team-offer"
                        on:click=move |_| asking.set(true)
                    >
                        {tt.offer}
                    </button>
                </p>
            }
        }
    };
    view! {
        <section class="team-bar card" aria-label=tt.bar_label data-testid="team-bar">
            <Show when=move || asking.get() fallback=offer.clone()>
                <p id="team-prompt" data-testid="team-published">
                    {line.clone()}
                    {tt.enter_passphrase}
                </p>
                <form class="lock-form" aria-describedby="team-prompt" on:submit=on_submit>
                    <label for="team-passphrase">{tt.passphrase}</label>
                    <input
                        id="team-passphrase"
                        type="password"
                        autocomplete="current-password"
                        required
                        data-testid="team-passphrase"
                        prop:value=move || passphrase.get()
                        on:input=move |ev| passphrase.set(event_target_value(&ev))
                    />
                    <div class="actions">
                        <button
                            class="button button--primary"
                            type="submit"
                            data-testid="team-open"
                            disabled=move || busy.get()
                        >
                            {tt.open}
                        </button>
                        <button
                            class="button"
                            type="button"
                            data-testid="team-not-now"
                            on:click=move |_| {
                                asking.set(false);
                                state.show(Source::Mine);
                            }
                        >
                            {tt.not_now}
                        </button>
                    </div>
                </form>
                {move || {
                    busy.get()
                        .then(|| {
                            view! {
                                <p class="progress" role="status">
                                    {tt.opening}
                                </p>
                            }
                        })
                }}
                {move || {
                    error()
                        .map(|e| {
                            view! {
                                <p class="alert alert--error" role="alert" data-testid="team-error">
                                    {(tt.error)(&e)}
                                </p>
                            }
                        })
                }}
            </Show>
        </section>
    }
}

/// Team or Mine, once the team's data is open.
#[component]
fn TeamSwitch(
    /// What the workspace says in clear.
    header: Header,
) -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let tt = &t.team;
    let viewing = state.viewing_team;
    let redacted = header.redacted;
    let choice = move |source: Source, label: &'static str, id: &'static str| {
        let pressed = move || (viewing.get() == (source == Source::Team)).to_string();
        view! {
            <button
                class="button button--small"
                type="button"
                aria-pressed=pressed
                data-testid=id
                on:click=move |_| state.show(source)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="team-bar" aria-label=tt.bar_label data-testid="team-bar">
            <p data-testid="team-published">{published(&header)}</p>
            <div class="segmented" role="group" aria-label=tt.shown>
                {choice(Source::Team, tt.team, "show-team")}
                {choice(Source::Mine, tt.mine, "show-mine")}
            </div>
            <Show when=move || viewing.get()>
                <p class="muted" data-testid="team-read-only">
                    {tt.read_only}
                    {redacted.then_some(" ")}
                    {redacted.then_some(tt.redacted)}
                </p>
            </Show>
            // A change some page asked for, refused: the team's data is read-only.
            {move || {
                (state.storage_error.get() == Some(StorageError::ReadOnly))
                    .then(|| {
                        view! {
                            <p class="alert alert--error" role="alert" data-testid="team-refused">
                                {(t.parts.storage_error)(&StorageError::ReadOnly)}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
