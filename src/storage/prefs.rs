//! Small user preferences kept in localStorage through gloo-storage.
//!
//! Every value is stored as `{"v": VERSION, ...}` under its own key. A missing, malformed
//! or newer value falls back to the default (with a console warning in the browser), never
//! a crash.

use serde::{Deserialize, Serialize};

/// The colour theme the user picked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the operating system (`prefers-color-scheme`).
    #[default]
    System,
    /// Light, whatever the system says.
    Light,
    /// Dark, whatever the system says.
    Dark,
}

impl Theme {
    /// All choices, in the order Settings shows them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stable name used in storage and in the `data-theme` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Whether the page should be dark, given what the system prefers.
    pub fn is_dark(self, system_prefers_dark: bool) -> bool {
        match self {
            Theme::System => system_prefers_dark,
            Theme::Light => false,
            Theme::Dark => true,
        }
    }
}

/// localStorage key of the theme preference.
pub const THEME_KEY: &str = "rapport.theme";
/// Current version of the theme preference's encoding.
pub const THEME_VERSION: u32 = 1;

/// localStorage key of the interface language. Not stored until the user picks one in
/// Settings; until then the browser's languages decide.
pub const LOCALE_KEY: &str = "rapport.locale";
/// Current version of the language preference's encoding.
pub const LOCALE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Versioned<T> {
    v: u32,
    value: T,
}

/// Why a stored preference was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum PrefError {
    /// The stored text is not the expected JSON.
    Malformed(String),
    /// The stored value was written by a newer (or unknown) version of Rapport.
    UnknownVersion(u32),
}

impl std::fmt::Display for PrefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrefError::Malformed(e) => write!(f, "malformed value ({e})"),
            PrefError::UnknownVersion(v) => write!(f, "unknown version {v}"),
        }
    }
}

/// Encodes a preference value with its version.
pub fn encode<T: Serialize>(version: u32, value: &T) -> serde_json::Value {
    serde_json::to_value(Versioned { v: version, value }).expect("preferences serialise")
}

/// Decodes a preference value written by [`encode`] with the same version.
pub fn decode<T: for<'de> Deserialize<'de>>(
    version: u32,
    stored: serde_json::Value,
) -> Result<T, PrefError> {
    match stored.get("v").and_then(serde_json::Value::as_u64) {
        None => return Err(PrefError::Malformed("no version field".into())),
        Some(v) if v != u64::from(version) => {
            return Err(PrefError::UnknownVersion(v.try_into().unwrap_or(u32::MAX)))
        }
        Some(_) => {}
    }
    let full: Versioned<T> =
        serde_json::from_value(stored).map_err(|e| PrefError::Malformed(e.to_string()))?;
    Ok(full.value)
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use gloo_storage::{LocalStorage, Storage};
    use serde::{Deserialize, Serialize};

    /// gloo-storage panics when localStorage is missing (blocked, some private modes): ask first.
    fn available() -> bool {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some()
    }

    fn warn(message: String) {
        web_sys::console::warn_1(&message.into());
    }

    /// Reads a preference, falling back to the default with a console warning.
    pub fn load<T: for<'de> Deserialize<'de> + Default>(key: &str, version: u32) -> T {
        if !available() {
            return T::default();
        }
        match LocalStorage::get::<serde_json::Value>(key) {
            Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => T::default(),
            Err(e) => {
                warn(format!(
                    "Rapport: ignoring stored preference {key:?}: {e}; using the default"
                ));
                T::default()
            }
            Ok(stored) => super::decode(version, stored).unwrap_or_else(|e| {
                warn(format!(
                    "Rapport: ignoring stored preference {key:?}: {e}; using the default"
                ));
                T::default()
            }),
        }
    }

    /// Every Rapport preference as stored text (for the backup file).
    pub fn all() -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        if !available() {
            return out;
        }
        let storage = LocalStorage::raw();
        for i in 0..storage.length().unwrap_or(0) {
            if let Some(key) = storage
                .key(i)
                .ok()
                .flatten()
                .filter(|k| k.starts_with(super::PREFIX))
            {
                if let Some(value) = storage.get_item(&key).ok().flatten() {
                    out.insert(key, value);
                }
            }
        }
        out
    }

    /// Replaces every Rapport preference with `prefs` (restoring a backup); other sites'
    /// keys are left alone.
    pub fn replace_all(prefs: &std::collections::BTreeMap<String, String>) {
        if !available() {
            return;
        }
        let storage = LocalStorage::raw();
        for key in all().keys() {
            let _ = storage.remove_item(key);
        }
        for (key, value) in prefs.iter().filter(|(k, _)| k.starts_with(super::PREFIX)) {
            if storage.set_item(key, value).is_err() {
                warn(format!("Rapport: could not restore preference {key:?}"));
            }
        }
    }

    /// Forgets a preference.
    pub fn remove(key: &str) {
        if available() {
            LocalStorage::delete(key);
        }
    }

    /// Writes a preference; a failure (storage blocked or full) is logged, not fatal.
    pub fn save<T: Serialize>(key: &str, version: u32, value: &T) {
        if !available() {
            warn(format!(
                "Rapport: localStorage is unavailable; preference {key:?} not kept"
            ));
            return;
        }
        if let Err(e) = LocalStorage::set(key, super::encode(version, value)) {
            warn(format!("Rapport: could not save preference {key:?}: {e}"));
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{all, load, remove, replace_all, save};

/// Prefix of every localStorage key Rapport uses.
pub const PREFIX: &str = "rapport.";

/// localStorage key of the customer list's columns and saved views.
pub const CUSTOMER_VIEWS_KEY: &str = "rapport.customer-views";
/// Current version of the customer views' encoding.
pub const CUSTOMER_VIEWS_VERSION: u32 = 1;

/// A named customer list view: its search, filters, sort and hidden columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    /// The name the user gave it.
    pub name: String,
    /// Search, filters and sort.
    pub query: crate::customer_list::ListQuery,
    /// Columns not shown.
    pub hidden: Vec<crate::customer_list::Column>,
}

/// The customer list's columns (those hidden now) and its saved views, in the order saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerViews {
    /// Columns not shown now.
    pub hidden: Vec<crate::customer_list::Column>,
    /// Saved views, in the order saved; at most [`CustomerViews::LIMIT`] (the oldest goes).
    pub saved: Vec<SavedView>,
}

impl CustomerViews {
    /// Most views kept.
    pub const LIMIT: usize = 30;

    /// Shows or hides a column.
    pub fn set_hidden(&mut self, column: crate::customer_list::Column, hidden: bool) {
        self.hidden.retain(|c| *c != column);
        if hidden {
            self.hidden.push(column);
        }
    }

    /// Saves the current view under `name` (trimmed; replacing a view of the same name, in
    /// its place). A blank name saves nothing; beyond the limit the oldest view is dropped.
    /// Returns whether it was saved.
    pub fn save(&mut self, name: &str, query: crate::customer_list::ListQuery) -> bool {
        let name = name.trim();
        if name.is_empty() {
            return false;
        }
        let view = SavedView {
            name: name.to_string(),
            query,
            hidden: self.hidden.clone(),
        };
        match self.saved.iter_mut().find(|v| v.name == name) {
            Some(old) => *old = view,
            None => {
                self.saved.push(view);
                if self.saved.len() > Self::LIMIT {
                    self.saved.remove(0);
                }
            }
        }
        true
    }

    /// The saved view called `name`.
    pub fn find(&self, name: &str) -> Option<&SavedView> {
        self.saved.iter().find(|v| v.name == name)
    }

    /// Forgets the view called `name`.
    pub fn remove(&mut self, name: &str) {
        self.saved.retain(|v| v.name != name);
    }
}

/// localStorage key of the metrics' parameters the user set.
pub const PARAMS_KEY: &str = "rapport.params";
/// Version of the stored parameters: a stored value of another version is ignored (the
/// defaults apply).
pub const PARAMS_VERSION: u32 = 1;

/// localStorage key of the remembered column mappings.
pub const MAPPINGS_KEY: &str = "rapport.mappings";
/// Current version of the mapping profiles' encoding.
pub const MAPPINGS_VERSION: u32 = 1;

/// Column mappings the user confirmed, per header set, so a second import of the same export
/// is one click. Most recently used last; at most [`MappingProfiles::LIMIT`] kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MappingProfiles {
    entries: Vec<(String, crate::core::import::Mapping)>,
}

impl MappingProfiles {
    /// Most profiles kept.
    pub const LIMIT: usize = 50;

    fn key(headers: &[String]) -> String {
        headers.join("\u{1f}")
    }

    /// The mapping last confirmed for exactly these headers.
    pub fn find(&self, headers: &[String]) -> Option<&crate::core::import::Mapping> {
        let key = Self::key(headers);
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, m)| m)
    }

    /// Remembers `mapping` for `headers` (replacing an older one; dropping the least recently
    /// used beyond the limit).
    pub fn remember(&mut self, headers: &[String], mapping: crate::core::import::Mapping) {
        let key = Self::key(headers);
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, mapping));
        if self.entries.len() > Self::LIMIT {
            self.entries.remove(0);
        }
    }

    /// Number of profiles.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when none is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// localStorage key of the data the member last chose to see where the site publishes a
/// team workspace: the team's or their own. Never the passphrase.
pub const TEAM_VIEW_KEY: &str = "rapport.team-view";
/// Current version of the choice's encoding.
pub const TEAM_VIEW_VERSION: u32 = 1;

/// Which data is shown where the site publishes a team workspace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The team's published workspace (once its passphrase is entered); until a member
    /// chooses, the page offers to open it.
    #[default]
    Team,
    /// The member's own data, stored in this browser.
    Mine,
}
