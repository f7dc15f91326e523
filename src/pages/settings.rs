use leptos::prelude::*;

use super::PageHeader;
use crate::state::use_app_state;
use crate::storage::prefs::Theme;

fn theme_label(theme: Theme) -> &'static str {
    match theme {
        Theme::System => "Same as system",
        Theme::Light => "Light",
        Theme::Dark => "Dark",
    }
}

/// `/settings`: preferences.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app_state();
    view! {
        <PageHeader title="Settings"/>
        <section class="card">
            <fieldset class="choice-group">
                <legend class="card__title">"Theme"</legend>
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
                                {theme_label(theme)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </section>
    }
}
