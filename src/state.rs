//! The one app-state context every page reads.
//!
//! Pages call [`use_app_state`]; derived values are `Memo`s over core functions, so no page
//! computes a metric inline.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::model::Dataset;
use crate::storage::prefs::{self, Theme};

/// Shared application state, provided once by the app shell.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The theme the user picked (persisted in localStorage).
    pub theme: RwSignal<Theme>,
    /// Whether the operating system currently prefers a dark colour scheme.
    pub system_dark: RwSignal<bool>,
    /// Everything imported so far.
    pub dataset: RwSignal<Arc<Dataset>>,
}

impl AppState {
    /// Creates the state, reading preferences from storage.
    pub fn new() -> Self {
        Self {
            theme: RwSignal::new(prefs::load(prefs::THEME_KEY, prefs::THEME_VERSION)),
            system_dark: RwSignal::new(system_prefers_dark()),
            dataset: RwSignal::new(Arc::new(Dataset::default())),
        }
    }

    /// Whether the page is currently shown dark.
    pub fn is_dark(&self) -> Signal<bool> {
        let (theme, system_dark) = (self.theme, self.system_dark);
        Signal::derive(move || theme.get().is_dark(system_dark.get()))
    }

    /// Whether there is any data to show.
    pub fn has_data(&self) -> Signal<bool> {
        let dataset = self.dataset;
        Signal::derive(move || dataset.with(|d| !d.is_empty()))
    }

    /// Changes the theme and keeps the choice.
    pub fn set_theme(&self, theme: Theme) {
        prefs::save(prefs::THEME_KEY, prefs::THEME_VERSION, &theme);
        self.theme.set(theme);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The app state from context; panics outside the app shell (a programming error).
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
