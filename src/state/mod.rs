//! The interface's state, as contexts every page reads:
//!
//! - [`AppState`] (`app_state.rs`): the dataset and how it is stored, the preferences;
//! - [`Analytics`] (`analytics.rs`): memos of the core's metrics for the URL's filter;
//! - `background.rs`: the one owner of the work done ahead of the pages (index, dashboard
//!   ahead, model fit, backtest) and of the index cache;
//! - `views.rs`: the memos single pages ask for (breakdowns, list rows, …) and the URL's
//!   filter as links;
//! - `team.rs`: the site's team workspace, opened with its passphrase and shown read-only.
//!
//! No page computes a metric: derived values are `Memo`s over core functions.

use std::sync::Arc;

use leptos::prelude::*;

mod analytics;
mod app_state;
mod background;
mod team;
mod views;

pub use analytics::{provide_analytics, use_analytics, Analytics};
pub use app_state::{open_sealed_backup, AppState, Keep, LoadState, Undo};
pub use team::Team;
pub use views::*;

use crate::i18n::{Locale, Texts};

/// The app state from context; panics outside the app shell (a programming error).
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

/// The texts of the current language. The shell re-renders the page when the language
/// changes, so components read it once. Outside the app (a component mounted on its own,
/// as in `tests/web.rs`) the default language's.
pub fn use_texts() -> &'static Texts {
    use_locale().texts()
}

/// The current language, for formatting numbers and dates (the default outside the app).
pub fn use_locale() -> Locale {
    use_context::<AppState>().map_or_else(Locale::default, |s| s.locale.get_untracked())
}

/// A shared, immutable value compared by identity (cheap `Memo` change detection for large
/// results).
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
