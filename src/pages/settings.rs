use leptos::prelude::*;

use crate::core::metrics::Param;

use super::PageHeader;
use crate::i18n::Locale;
use crate::state::{use_app_state, use_texts};
use crate::storage::prefs::Theme;

/// `/settings`: preferences.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let set_locale = move |locale: Locale| {
        state.set_locale(locale);
        // The page is rendered again in the new language: keep the focus on the choice.
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("lang-{}", locale.as_str())) {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
            }
        });
    };
    view! {
        <PageHeader title=t.settings.title />
        <section class="card">
            <fieldset class="choice-group" data-testid="language">
                <legend class="card__title">{t.settings.language}</legend>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        let id = format!("lang-{}", locale.as_str());
                        view! {
                            <label class="choice" for=id.clone() lang=locale.html_lang()>
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="language"
                                    value=locale.as_str()
                                    prop:checked=move || state.locale.get() == locale
                                    on:change=move |_| set_locale(locale)
                                />
                                {locale.native_name()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </section>
        <section class="card">
            <fieldset class="choice-group">
                <legend class="card__title">{t.settings.theme}</legend>
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        let id = format!("theme-{}", theme.as_str());
                        view! {
                            <label class="choice" for=id.clone()>
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="theme"
                                    value=theme.as_str()
                                    prop:checked=move || state.theme.get() == theme
                                    on:change=move |_| state.set_theme(theme)
                                />
                                {(t.settings.theme_name)(theme)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </section>
        <Parameters />
        <Protection />
    }
}

/// The metrics' parameters: each an input that takes effect on change; a refused value is
/// explained next to it and changes nothing.
#[component]
fn Parameters() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let ts = &t.settings;
    let inputs = Param::ALL.into_iter().map(|p| {
        let id = format!("param-{}", p.name());
        let error = RwSignal::new(None::<String>);
        let current = move || format!("{}", state.params.get().get(p));
        let change = move |ev| {
            let text = event_target_value(&ev);
            match state.set_param(p, &text) {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some((ts.param_error)(&e))),
            }
        };
        let error_id = format!("{id}-error");
        view! {
            <div class="form-field">
                <label for=id.clone()>{(ts.param_label)(p)}</label>
                <input
                    type="text"
                    inputmode="decimal"
                    id=id.clone()
                    data-testid=id.clone()
                    prop:value=current
                    on:change=change
                    aria-describedby=error_id.clone()
                />
                <span
                    class="form-field__error"
                    role="status"
                    id=error_id
                    data-testid=format!("{id}-error")
                >
                    {move || error.get()}
                </span>
            </div>
        }
    });
    view! {
        <section class="card" aria-labelledby="params-title" data-testid="params">
            <h2 id="params-title" class="card__title">
                {ts.params_title}
            </h2>
            <p class="muted">{ts.params_lead}</p>
            <div class="form-grid">{inputs.collect_view()}</div>
            <button
                type="button"
                class="button"
                data-testid="params-reset"
                on:click=move |_| state.reset_params()
            >
                {ts.params_reset}
            </button>
        </section>
    }
}

/// Passphrase protection of the stored data: turn it on with a passphrase (typed twice),
/// or off after a confirmation.
#[component]
fn Protection() -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let (first, second) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let confirm_off = RwSignal::new(false);
    // The passphrase typed (Some) or protection off (None); it ends with whether it is on.
    let set = Action::new_local(move |passphrase: &Option<String>| {
        let passphrase = passphrase.clone();
        async move {
            let result = state.set_passphrase(passphrase.as_deref()).await;
            result.map(|()| passphrase.is_some())
        }
    });
    let busy = set.pending();
    // A passphrase refused before anything is sent (too short, not repeated the same).
    let refused = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        let Some(done) = set.value().get() else {
            return;
        };
        confirm_off.set(false);
        if done.is_ok() {
            first.set(String::new());
            second.set(String::new());
        }
    });
    let message = move || {
        if let Some(why) = refused.get() {
            return Some((false, why.to_string()));
        }
        Some(match set.value().get()? {
            Ok(on) => (
                true,
                (if on { t.lock.now_on } else { t.lock.now_off }).to_string(),
            ),
            Err(e) => (false, (t.parts.storage_error)(&e)),
        })
    };
    let run = move |passphrase: Option<String>| {
        refused.set(None);
        set.dispatch_local(passphrase);
    };
    let turn_on = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, b) = (first.get_untracked(), second.get_untracked());
        if a.chars().count() < 8 {
            refused.set(Some(t.lock.too_short));
        } else if a != b {
            refused.set(Some(t.lock.mismatch));
        } else {
            run(Some(a));
        }
    };
    view! {
        <section class="card" aria-labelledby="protection-title" data-testid="protection">
            <h2 id="protection-title" class="card__title">
                {t.lock.title}
            </h2>
            <p>{t.lock.explain}</p>
            <Show
                when=move || state.protected.get()
                fallback=move || {
                    view! {
                        <form class="lock-form" on:submit=turn_on>
                            <label for="new-passphrase">{t.lock.new_passphrase}</label>
                            <input
                                id="new-passphrase"
                                type="password"
                                autocomplete="new-password"
                                required
                                prop:value=move || first.get()
                                on:input=move |ev| first.set(event_target_value(&ev))
                            />
                            <label for="repeat-passphrase">{t.lock.repeat}</label>
                            <input
                                id="repeat-passphrase"
                                type="password"
                                autocomplete="new-password"
                                required
                                prop:value=move || second.get()
                                on:input=move |ev| second.set(event_target_value(&ev))
                            />
                            <button
                                class="button button--primary"
                                type="submit"
                                data-testid="protect"
                                disabled=move || busy.get()
                            >
                                {t.lock.turn_on}
                            </button>
                        </form>
                    }
                }
            >
                <p data-testid="protected">{t.lock.is_on}</p>
                <button
                    class="button"
                    type="button"
                    data-testid="unprotect"
                    on:click=move |_| confirm_off.set(true)
                >
                    {t.lock.turn_off}
                </button>
                <Show when=move || confirm_off.get()>
                    <div class="alert" role="alertdialog" aria-labelledby="unprotect-question">
                        <p id="unprotect-question">{t.lock.confirm_off}</p>
                        <div class="actions">
                            <button
                                class="button button--danger"
                                type="button"
                                data-testid="confirm-unprotect"
                                disabled=move || busy.get()
                                on:click=move |_| run(None)
                            >
                                {t.lock.yes_off}
                            </button>
                            <button
                                class="button"
                                type="button"
                                on:click=move |_| confirm_off.set(false)
                            >
                                {t.words.cancel}
                            </button>
                        </div>
                    </div>
                </Show>
            </Show>
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
                (!busy.get())
                    .then(message)
                    .flatten()
                    .map(|(ok, m)| {
                        view! {
                            <p
                                class=if ok { "alert" } else { "alert alert--error" }
                                role=if ok { "status" } else { "alert" }
                                data-testid="protection-message"
                            >
                                {m}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
