use leptos::prelude::*;

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
        <PageHeader title=t.settings.title/>
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
    }
}
