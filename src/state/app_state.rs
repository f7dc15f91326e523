//! The app state: the dataset and how it is stored (load, commit, undo, passphrase,
//! backup), the user's preferences. What is on screen is what is stored: every change goes
//! through [`AppState::commit`], which saves first and only then shows the new data. The
//! team's published data, once opened, is shown instead (`team.rs`) and changes nothing.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast};

use super::background::{DashboardCache, IndexCache};
use super::team::Team;
use super::Shared;
use crate::core::metrics::{AsOf, CustomerIndex, Dashboard, Param, ParamError, Params};
use crate::core::model::{Dataset, Kind};
use crate::core::pace::NoPause;
use crate::i18n::{Locale, Texts};
use crate::perf;
use crate::storage::backup::{self, Backup};
use crate::storage::lock::{self, LockRecord, Locked};
use crate::storage::prefs::{self, Theme};
use crate::storage::webcrypto::{self, AesGcm};
use crate::storage::{
    Damaged, Generation, IndexedDb, KeyValue, LoadProgress, Records, StorageError, UndoStep,
};

/// Where loading the stored data stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// Reading from IndexedDB.
    Loading,
    /// The data is in memory.
    Ready,
    /// The stored data could not be read; it is left untouched and nothing will be saved
    /// over it until the user decides (restore a backup or delete all data).
    Failed(StorageError),
    /// The stored data is protected by a passphrase that has not been entered.
    Locked,
}

/// How a change can be undone.
pub enum Keep {
    /// Also after a reload: the version before it is stored with the records (named so).
    Stored(String),
    /// Until the page is closed: the version before it stays in memory only (deleting
    /// everything keeps nothing of it stored).
    Session(String),
    /// Not at all.
    Not,
}

/// A change undoable in this session only (deleting everything, or any change while the
/// browser gives no storage): what it was is kept in memory, not stored.
#[derive(Clone)]
pub struct Undo {
    /// What the change was, e.g. "Import of orders.csv".
    pub label: String,
    /// The dataset before the change.
    pub previous: Arc<Dataset>,
}

/// Shared application state, provided once by the app shell.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The theme the user picked (persisted in localStorage).
    pub theme: RwSignal<Theme>,
    /// The interface language (the stored choice, else the browser's languages).
    pub locale: RwSignal<Locale>,
    /// Whether the operating system currently prefers a dark colour scheme.
    pub system_dark: RwSignal<bool>,
    /// The data shown: one's own ([`AppState::own`]), or the team's while it is shown.
    pub dataset: RwSignal<Arc<Dataset>>,
    /// Everything imported so far: the data stored in this browser.
    pub own: RwSignal<Arc<Dataset>>,
    /// The site's team workspace (`team.rs`).
    pub team: RwSignal<Team>,
    /// True while the team's data is shown (read-only) instead of one's own.
    pub viewing_team: RwSignal<bool>,
    /// Loading the stored data.
    pub load: RwSignal<LoadState>,
    /// How much of the stored data has been read while [`LoadState::Loading`], 0–1 (`None`:
    /// not known yet, e.g. while IndexedDB reads).
    pub load_progress: RwSignal<Option<f64>>,
    /// Set when the browser gives no storage (private mode, blocked): the app works in memory
    /// and says so on every page.
    pub unavailable: RwSignal<Option<String>>,
    /// The last storage problem, shown until dismissed.
    pub storage_error: RwSignal<Option<StorageError>>,
    /// A save is under way.
    pub saving: RwSignal<bool>,
    /// The last change when it can be undone in this session only.
    pub undo: RwSignal<Option<Undo>>,
    /// The changes that can be undone, also after a reload (stored with the records),
    /// oldest first.
    pub undo_steps: RwSignal<Vec<UndoStep>>,
    /// True while the stored data is protected by a passphrase (and this tab has its key).
    pub protected: RwSignal<bool>,
    /// The metrics' parameters the user set (Settings), kept in the preferences.
    pub params: RwSignal<Params>,
    generation: StoredValue<Generation>,
    /// The customer index of a dataset, once built (by the load, in a task of its own
    /// before the dataset is shown; else by the analytics context). The dataset is held by a weak
    /// reference, so a replaced one is not kept alive by it.
    pub(super) index: IndexCache,
    /// The dashboard an import computed for its history (see [`AppState::keep_dashboard`]).
    pub(super) kept_dashboard: DashboardCache,
    /// The key of the passphrase protecting the stored data, in memory only.
    key: StoredValue<Option<(AesGcm, LockRecord)>, LocalStorage>,
}

/// The browser's records, sealed with `key` when there is one.
type Stored = Records<Locked<IndexedDb, AesGcm>>;

/// The browser's records through `key` (a passphrase's key and its lock record), or in clear.
fn stored_with(key: Option<(AesGcm, LockRecord)>) -> Stored {
    Records::new(match key {
        Some((cipher, record)) => Locked::with_key(IndexedDb, cipher, record),
        None => Locked::clear(IndexedDb),
    })
}

const CHANNEL: &str = "rapport";

impl AppState {
    /// Creates the state, reading preferences, and starts loading the stored data.
    pub fn new() -> Self {
        let state = Self {
            theme: RwSignal::new(prefs::load(prefs::THEME_KEY, prefs::THEME_VERSION)),
            locale: RwSignal::new(
                prefs::load::<Option<Locale>>(prefs::LOCALE_KEY, prefs::LOCALE_VERSION)
                    .unwrap_or_else(browser_locale),
            ),
            system_dark: RwSignal::new(system_prefers_dark()),
            dataset: RwSignal::new(Arc::new(Dataset::default())),
            own: RwSignal::new(Arc::new(Dataset::default())),
            team: RwSignal::new(Team::Looking),
            viewing_team: RwSignal::new(false),
            load: RwSignal::new(LoadState::Loading),
            load_progress: RwSignal::new(None),
            unavailable: RwSignal::new(None),
            storage_error: RwSignal::new(None),
            saving: RwSignal::new(false),
            undo: RwSignal::new(None),
            undo_steps: RwSignal::new(Vec::new()),
            protected: RwSignal::new(false),
            params: RwSignal::new(prefs::load(prefs::PARAMS_KEY, prefs::PARAMS_VERSION)),
            generation: StoredValue::new(Generation(0)),
            index: IndexCache::new(),
            kept_dashboard: DashboardCache::new(),
            key: StoredValue::new_local(None),
        };
        state.reload();
        state.listen_to_other_tabs();
        state.look_for_team();
        state
    }

    /// Sets parameter `p` from text and keeps it; a refused value changes nothing. While
    /// the team's data is shown, its parameters change for this visit only.
    pub fn set_param(&self, p: Param, text: &str) -> Result<(), ParamError> {
        let mut params = self.params.get_untracked();
        params.set(p, text)?;
        if !self.viewing_team.get_untracked() {
            prefs::save(prefs::PARAMS_KEY, prefs::PARAMS_VERSION, &params);
        }
        self.params.set(params);
        Ok(())
    }

    /// Back to the default parameters (while the team's data is shown, for this visit only).
    pub fn reset_params(&self) {
        if !self.viewing_team.get_untracked() {
            prefs::save(prefs::PARAMS_KEY, prefs::PARAMS_VERSION, &Params::default());
        }
        self.params.set(Params::default());
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

    /// Changes the interface language and keeps the choice.
    pub fn set_locale(&self, locale: Locale) {
        prefs::save(prefs::LOCALE_KEY, prefs::LOCALE_VERSION, &Some(locale));
        self.locale.set(locale);
    }

    /// The texts of the current language (untracked: the shell re-renders the whole page
    /// when the language changes).
    pub fn texts(&self) -> &'static Texts {
        self.locale.get_untracked().texts()
    }

    /// The stored records, through this tab's key if it has one.
    fn records(&self) -> Stored {
        stored_with(self.key.get_value())
    }

    /// Opens data protected by a passphrase: derives its key, checks it against the stored
    /// lock record, then loads. A wrong passphrase is [`StorageError::WrongPassphrase`] and
    /// changes nothing.
    pub async fn unlock(&self, passphrase: &str) -> Result<(), StorageError> {
        let Some(record) = lock::lock_record(&IndexedDb).await? else {
            // Unlocked meanwhile (another tab turned the protection off).
            self.load.set(LoadState::Loading);
            self.reload();
            return Ok(());
        };
        let cipher = AesGcm::derive(passphrase, &record.salt, record.iterations).await?;
        if !record.accepts(&cipher).await? {
            return Err(StorageError::WrongPassphrase);
        }
        self.key.set_value(Some((cipher, record)));
        self.protected.set(true);
        self.load.set(LoadState::Loading);
        self.reload();
        Ok(())
    }

    /// Protects the stored data with `passphrase` (a new random salt and key), or stores it
    /// in clear again (`None`): the whole dataset is written again in one transaction, so
    /// either the old or the new form is stored, never a mix.
    pub async fn set_passphrase(&self, passphrase: Option<&str>) -> Result<(), StorageError> {
        match self.load.get_untracked() {
            LoadState::Locked => return Err(StorageError::Locked),
            // Never rewrite stored data that could not be read (see `commit`).
            LoadState::Failed(e) => return Err(e),
            LoadState::Loading => {
                return Err(StorageError::Failed(
                    "the stored data is still loading".into(),
                ))
            }
            LoadState::Ready => {}
        }
        let key = match passphrase {
            Some(p) => {
                let salt = webcrypto::random::<16>()?;
                let cipher = AesGcm::derive(p, &salt, lock::ITERATIONS).await?;
                let record = LockRecord::new(&cipher, lock::ITERATIONS, salt).await?;
                Some((cipher, record))
            }
            None => None,
        };
        // The steps were sealed with the old key (or none): they are dropped.
        let steps = self.records().undo_steps().await.unwrap_or_default();
        let records = stored_with(key.clone());
        let dataset = self.own.get_untracked();
        let loaded = self.generation.get_value();
        let result = records
            .save_dropping(&dataset, loaded, &mut NoPause, &steps)
            .await;
        match result {
            Ok(generation) => {
                self.undo_steps.set(Vec::new());
                self.generation.set_value(generation);
                self.protected.set(key.is_some());
                self.key.set_value(key);
                announce(generation);
                Ok(())
            }
            Err(e) => {
                if e == StorageError::Conflict {
                    self.reload();
                }
                Err(e)
            }
        }
    }

    /// The backup file of everything stored: sealed with the passphrase's key while the
    /// data is protected, so it opens only with that passphrase.
    pub async fn backup_file(&self) -> Result<Vec<u8>, StorageError> {
        let plain = (self.own).with_untracked(|ds| backup::encode(ds, &prefs::all()));
        match self.key.get_value() {
            Some((cipher, record)) => backup::seal(&plain, &cipher, &record).await,
            None => Ok(plain),
        }
    }

    /// Restores a backup (named `label` for Undo): its records replace the stored ones and
    /// its preferences the current ones. Returns how many records it held.
    pub async fn restore(&self, backup: Backup, label: String) -> Result<usize, StorageError> {
        let records = Kind::ALL.map(|k| backup.dataset.count(k)).iter().sum();
        self.replace_all(backup.dataset, Keep::Stored(label))
            .await?;
        prefs::replace_all(&backup.prefs);
        self.theme
            .set(prefs::load(prefs::THEME_KEY, prefs::THEME_VERSION));
        if let Some(locale) = prefs::load(prefs::LOCALE_KEY, prefs::LOCALE_VERSION) {
            self.locale.set(locale);
        }
        Ok(records)
    }

    /// Deletes the locked data whose passphrase is lost, after the user confirmed.
    pub async fn delete_locked(&self) -> Result<(), StorageError> {
        IndexedDb.clear().await?;
        self.key.set_value(None);
        self.protected.set(false);
        self.generation.set_value(Generation(0));
        self.show_own(Arc::new(Dataset::default()));
        self.undo.set(None);
        self.undo_steps.set(Vec::new());
        self.load.set(LoadState::Ready);
        announce(Generation(0));
        Ok(())
    }

    /// (Re)loads the dataset from storage. While the first load runs, `load_progress` says
    /// how far it has come (and the browser gets to paint between steps).
    pub fn reload(&self) {
        let state = *self;
        spawn_local(async move {
            perf::mark("rapport:load-start");
            let records = state.records();
            let loaded = if state.load.get_untracked() == LoadState::Loading {
                records
                    .load_with(&mut ShowProgress(state.load_progress))
                    .await
            } else {
                records.load().await
            };
            match loaded {
                Ok((dataset, generation)) => {
                    perf::measure_since("rapport:load", "rapport:load-start");
                    // Another tab may have turned the protection off: then forget the key,
                    // or the next save here would lock the data again.
                    if state.key.with_value(Option::is_some)
                        && matches!(lock::lock_record(&IndexedDb).await, Ok(None))
                    {
                        state.key.set_value(None);
                        state.protected.set(false);
                    }
                    state.generation.set_value(generation);
                    let dataset = Arc::new(dataset);
                    perf::mark("rapport:data-in-memory");
                    // The first page needs the customer index at once: built here, in a
                    // task of its own between the decoding's last step and the first
                    // page's dashboard (in one task they froze the page for ~300 ms at a
                    // million orders). In slices it took 1.7 times as long.
                    crate::tasks::next_task().await;
                    let idx = Shared(Arc::new(CustomerIndex::build(&dataset)));
                    state.index.keep(&dataset, idx);
                    perf::mark("rapport:index-ready");
                    crate::tasks::next_task().await;
                    state.show_own(dataset);
                    state.load.set(LoadState::Ready);
                    state
                        .undo_steps
                        .set(records.undo_steps().await.unwrap_or_default());
                }
                Err(StorageError::Unavailable(why)) => {
                    // Work in memory only; say so on every page.
                    state
                        .unavailable
                        .set(Some(StorageError::Unavailable(why).to_string()));
                    state.load.set(LoadState::Ready);
                }
                Err(StorageError::Locked) => {
                    state.key.set_value(None);
                    state.protected.set(false);
                    state.show_own(Arc::new(Dataset::default()));
                    state.load.set(LoadState::Locked);
                }
                Err(e) => state.load.set(LoadState::Failed(e)),
            }
        });
    }

    /// Saves `next` and, once it is stored, shows it. On failure nothing changes (the stored
    /// data and the screen keep the previous state) and the error is shown. `label` names the
    /// change for Undo, which then works also after a reload; `None` for changes that are
    /// not undoable.
    pub fn commit(
        &self,
        next: Dataset,
        label: Option<String>,
    ) -> impl std::future::Future<Output = Result<(), StorageError>> {
        let state = *self;
        async move { (state.commit_keeping(next, label.map_or(Keep::Not, Keep::Stored))).await }
    }

    /// [`Self::commit`], saying how the change can be undone.
    async fn commit_keeping(&self, next: Dataset, keep: Keep) -> Result<(), StorageError> {
        let state = *self;
        if state.viewing_team.get_untracked() {
            // Said by the team bar, above whichever page asked.
            state.storage_error.set(Some(StorageError::ReadOnly));
            return Err(StorageError::ReadOnly);
        }
        if let LoadState::Locked = state.load.get_untracked() {
            return Err(StorageError::Locked);
        }
        if let LoadState::Failed(_) = state.load.get_untracked() {
            return Err(StorageError::Failed(
                "the stored data could not be read, so nothing is saved over it".into(),
            ));
        }
        state.saving.set(true);
        let loaded = state.generation.get_value();
        let previous = state.own.get_untracked();
        // The caller's task may have worked for a whole slice already (an import's
        // merge): the save's first slice gets a task of its own.
        crate::tasks::next_task().await;
        perf::mark("rapport:save-start");
        // Encoded in slices: a million orders take a few hundred milliseconds.
        let mut pace = crate::tasks::Slices::new(|| true);
        let records = state.records();
        let result = match &keep {
            Keep::Stored(label) => {
                let undo = (previous.as_ref(), label.as_str());
                records.save_undoable(&next, loaded, &mut pace, undo).await
            }
            _ => (records.save_paced(&next, loaded, &mut pace).await).map(|g| (g, Vec::new())),
        };
        perf::measure_since("rapport:save", "rapport:save-start");
        state.saving.set(false);
        state.settle(result, keep, previous, next)
    }

    /// Shows `next` once its save went through (or storage is unavailable), with what can
    /// undo it; else says why nothing changed.
    fn settle(
        &self,
        result: Result<(Generation, Vec<UndoStep>), StorageError>,
        keep: Keep,
        previous: Arc<Dataset>,
        next: Dataset,
    ) -> Result<(), StorageError> {
        let state = *self;
        let session = |label| Some(Undo { label, previous });
        match result {
            Ok((generation, steps)) => {
                state.generation.set_value(generation);
                state.undo_steps.set(steps);
                state.undo.set(match keep {
                    Keep::Session(label) => session(label),
                    _ => None,
                });
                state.show_own(Arc::new(next));
                state.storage_error.set(None);
                announce(generation);
                Ok(())
            }
            Err(e @ StorageError::Unavailable(_)) => {
                // No storage at all: keep working in memory (and say so); the change can
                // be undone until the page is closed.
                state.unavailable.set(Some(e.to_string()));
                state.undo.set(match keep {
                    Keep::Stored(label) | Keep::Session(label) => session(label),
                    Keep::Not => None,
                });
                state.show_own(Arc::new(next));
                Ok(())
            }
            Err(e) => {
                state.storage_error.set(Some(e.clone()));
                if e == StorageError::Conflict {
                    state.undo.set(None);
                    state.reload();
                }
                Err(e)
            }
        }
    }

    /// Replaces everything with the seeded demo data set (undoable), which a worker
    /// generates (`workers::demo`: the generator is not in the page's module).
    pub fn load_demo(&self) {
        let state = *self;
        spawn_local(async move {
            let demo = match crate::workers::demo().await {
                Ok(demo) => demo,
                Err(why) => {
                    web_sys::console::warn_1(&format!("demo data: {why}").into());
                    return;
                }
            };
            let _ = state
                .commit(demo, Some(state.texts().data.loading_demo.into()))
                .await;
        });
    }

    /// Deletes every stored record (undoable until the page is closed). Also the way out
    /// when the stored data cannot be read: the user chose to start again.
    pub fn delete_all(&self) {
        let state = *self;
        spawn_local(async move {
            // Undoable until the page is closed: nothing of it stays stored.
            let label = state.texts().data.deleting_all.into();
            let deleted = state
                .replace_all(Dataset::default(), Keep::Session(label))
                .await;
            // The preferences that hold data go with it: saved customer views (their search
            // text) and the remembered column mappings (their headers).
            if deleted.is_ok() {
                prefs::remove(prefs::CUSTOMER_VIEWS_KEY);
                prefs::remove(prefs::MAPPINGS_KEY);
            }
        });
    }

    /// Replaces everything with `next` (delete all, restore a backup): like [`Self::commit`],
    /// but when the stored data could not be read it is cleared first, because the user has
    /// decided to replace it.
    pub async fn replace_all(&self, next: Dataset, keep: Keep) -> Result<(), StorageError> {
        if let LoadState::Failed(_) = self.load.get_untracked() {
            self.records()
                .clear()
                .await
                .inspect_err(|e| self.storage_error.set(Some(e.clone())))?;
            self.generation.set_value(Generation(0));
            self.load.set(LoadState::Ready);
        }
        self.commit_keeping(next, keep).await
    }

    /// What Undo would undo: its label, how many earlier changes could be undone after it,
    /// and whether it lasts only for this session.
    pub fn undo_offer(&self) -> Option<(String, usize, bool)> {
        if let Some(u) = self.undo.get() {
            return Some((u.label, 0, true));
        }
        let steps = self.undo_steps.get();
        let last = steps.last()?;
        Some((last.label.clone(), steps.len() - 1, false))
    }

    /// Puts back the dataset from before the last change: the session's, else the newest
    /// stored step.
    pub fn undo_last(&self) {
        let state = *self;
        if state.viewing_team.get_untracked() {
            return state.storage_error.set(Some(StorageError::ReadOnly));
        }
        if let Some(undo) = state.undo.get_untracked() {
            spawn_local(async move {
                let previous = Arc::unwrap_or_clone(undo.previous);
                if state.commit_keeping(previous, Keep::Not).await.is_ok() {
                    state.undo.set(None);
                }
            });
            return;
        }
        if state.undo_steps.with_untracked(Vec::is_empty) {
            return;
        }
        spawn_local(async move {
            state.saving.set(true);
            let loaded = state.generation.get_value();
            let result = state.records().undo(loaded, &mut ()).await;
            state.saving.set(false);
            match result {
                Ok((dataset, generation, steps)) => {
                    state.generation.set_value(generation);
                    state.undo_steps.set(steps);
                    state.show_own(Arc::new(dataset));
                    state.storage_error.set(None);
                    announce(generation);
                }
                Err(e) => {
                    state.storage_error.set(Some(e.clone()));
                    if e == StorageError::Conflict {
                        state.reload();
                    }
                }
            }
        });
    }

    /// Puts one's own data in place (loaded, saved, undone): shown at once unless the
    /// team's data is.
    /// The customer index of `ds`, if it is built.
    pub fn index_of(&self, ds: &Arc<Dataset>) -> Option<Shared<CustomerIndex>> {
        self.index.get(ds)
    }

    /// Keeps `idx` as the customer index of `ds` (built by whoever had it at hand).
    pub fn keep_index(&self, ds: &Arc<Dataset>, idx: Shared<CustomerIndex>) {
        self.index.keep(ds, idx);
    }

    /// Keeps `d`, the dashboard of `ds` with no filter and no model as of `as_of` under
    /// `params` (computed by an import for its history): the dashboard memo takes it if these
    /// are its inputs.
    pub fn keep_dashboard(
        &self,
        data: (&Arc<Dataset>, Shared<CustomerIndex>),
        as_of: AsOf,
        params: Params,
        d: Dashboard,
    ) {
        self.kept_dashboard.keep(data, as_of, params, d);
    }

    fn show_own(&self, dataset: Arc<Dataset>) {
        self.own.set(dataset.clone());
        if !self.viewing_team.get_untracked() {
            self.dataset.set(dataset);
        }
    }

    fn listen_to_other_tabs(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let state = *self;
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let theirs = e.data().as_f64().unwrap_or(0.0) as u64;
                if theirs > state.generation.get_value().0 {
                    state.undo.set(None);
                    state.reload();
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // Both live as long as the page.
        on_message.forget();
        std::mem::forget(channel);
    }
}

/// Opens a sealed backup with `passphrase`: the key is derived from it and the file's salt;
/// another passphrase is [`StorageError::WrongPassphrase`].
pub async fn open_sealed_backup(bytes: &[u8], passphrase: &str) -> Result<Backup, StorageError> {
    let (record, _) = backup::sealed(bytes)?.ok_or(StorageError::Corrupt(Damaged::NotSealed))?;
    let cipher = AesGcm::derive(passphrase, &record.salt, record.iterations).await?;
    backup::open(bytes, &cipher).await
}

/// Shows load progress and lets the browser paint between steps.
struct ShowProgress(RwSignal<Option<f64>>);

impl LoadProgress for ShowProgress {
    async fn report(&mut self, done: u64, total: u64) {
        self.0.set(Some(done as f64 / total.max(1) as f64));
        perf::mark("rapport:load-step");
        crate::tasks::next_task().await;
    }
}

/// Tells other tabs that the stored data changed.
fn announce(generation: Generation) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&(generation.0 as f64).into());
        channel.close();
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// The best language for the browser's preferred languages (`navigator.languages`).
fn browser_locale() -> Locale {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Locale::default();
    };
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(navigator.language())
        .collect();
    Locale::negotiate(tags.iter().map(String::as_str))
}

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}
