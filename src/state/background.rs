//! The work done ahead of the pages, one owner for it: for each dataset (and as-of and
//! parameters), in order, the customer index in ~30 ms slices, the dashboard computed
//! ahead in slices of idle periods, the customer model's fit, the dashboard with the model,
//! and then the model's backtest, in idle periods too. A run whose inputs changed meanwhile
//! stops and drops its results (their dense customer numbers would not match the new
//! index). The index goes into the one [`IndexCache`], a dashboard computed ahead into
//! [`DashboardAhead`], where the dashboard memo takes it; the one an import computed for its
//! history into [`DashboardCache`], where the memo takes it too.

use std::sync::{Arc, Weak};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{AppState, Shared};
use crate::core::metrics::{
    dashboard, dashboard_paced, holdout_paced, AsOf, CustomerIndex, CustomerModel, Dashboard,
    Filter, Holdout, Params,
};
use crate::core::model::Dataset;
use crate::core::pace::{pause, Cancelled, Pace};
use crate::perf;
use crate::tasks::Slices;

/// The customer index of one dataset once built (by the load, the background work or a
/// page's memo), found again only for that dataset: it is held by a weak reference, so a
/// replaced dataset is not kept alive by it.
#[derive(Clone, Copy)]
pub struct IndexCache(StoredValue<Option<(Weak<Dataset>, Shared<CustomerIndex>)>>);

impl IndexCache {
    /// An empty cache.
    pub fn new() -> Self {
        IndexCache(StoredValue::new(None))
    }

    /// The index of `ds`, if built.
    pub fn get(self, ds: &Arc<Dataset>) -> Option<Shared<CustomerIndex>> {
        self.of(Arc::as_ptr(ds))
    }

    fn of(self, ds: *const Dataset) -> Option<Shared<CustomerIndex>> {
        (self.0)
            .try_with_value(|b| {
                (b.as_ref())
                    .filter(|(of, _)| Weak::as_ptr(of) == ds)
                    .map(|(_, idx)| idx.clone())
            })
            .flatten()
    }

    /// Keeps `idx` as the index of `ds`.
    pub fn keep(self, ds: &Arc<Dataset>, idx: Shared<CustomerIndex>) {
        self.0.set_value(Some((Arc::downgrade(ds), idx)));
    }
}

/// The whole history's dashboard without a model, computed by the import for its history
/// ([`AppState::keep_dashboard`]), with its inputs: the dashboard memo takes it when they
/// are the memo's, instead of computing it again (~70 ms of wasm at a million orders).
#[derive(Clone, Copy)]
pub struct DashboardCache(StoredValue<Option<(Key, Shared<Dashboard>)>>);

impl DashboardCache {
    /// An empty cache.
    pub fn new() -> Self {
        DashboardCache(StoredValue::new(None))
    }

    /// Keeps `d`, the dashboard of `ds` (indexed by `idx`) with no filter and no model.
    pub fn keep(
        self,
        (ds, idx): (&Arc<Dataset>, Shared<CustomerIndex>),
        as_of: AsOf,
        params: Params,
        d: Dashboard,
    ) {
        let key = Key(
            Arc::downgrade(ds),
            (idx, None, Filter::all(), as_of, params),
        );
        self.0.set_value(Some((key, Shared(Arc::new(d)))));
    }

    /// Whether it holds the dashboard of `key`.
    fn holds(self, key: &Key) -> bool {
        (self.0).try_with_value(|kept| kept.as_ref().is_some_and(|(k, _)| k == key)) == Some(true)
    }

    /// The dashboard of `key`, if held (it is then no longer). One kept for another
    /// dataset is dropped: it can no longer be taken, and it holds its index.
    fn take(self, key: &Key) -> Option<Shared<Dashboard>> {
        let taken = self.0.try_update_value(|kept| {
            let (same, other) = kept.as_ref().map_or((false, false), |(k, _)| {
                (k == key, !Weak::ptr_eq(&k.0, &key.0))
            });
            if other {
                *kept = None;
            }
            if same {
                kept.take()
            } else {
                None
            }
        });
        taken.flatten().map(|(_, d)| d)
    }
}

impl Default for DashboardCache {
    fn default() -> Self {
        Self::new()
    }
}

impl Default for IndexCache {
    fn default() -> Self {
        Self::new()
    }
}

/// What the dashboard is computed from: the dataset, its index and model, the filter, the
/// as-of dates and the parameters.
#[derive(Clone, Copy)]
pub(super) struct DashboardInputs {
    pub dataset: RwSignal<Arc<Dataset>>,
    pub index: Memo<Shared<CustomerIndex>>,
    pub model: ReadSignal<Option<Shared<CustomerModel>>>,
    pub filter: Memo<Filter>,
    pub as_of: Memo<AsOf>,
    pub params: RwSignal<Params>,
}

/// The values of [`DashboardInputs`] at one time.
struct Inputs {
    ds: Arc<Dataset>,
    idx: Shared<CustomerIndex>,
    model: Option<Shared<CustomerModel>>,
    filter: Filter,
    as_of: AsOf,
    params: Params,
}

/// [`Inputs`] as compared: the dataset by identity, held by a weak reference (a kept key
/// does not keep a replaced dataset alive, nor lets its address be reused).
#[derive(Clone)]
struct Key(Weak<Dataset>, Rest);

/// The inputs of a [`Key`] other than the dataset.
type Rest = (
    Shared<CustomerIndex>,
    Option<Shared<CustomerModel>>,
    Filter,
    AsOf,
    Params,
);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        Weak::ptr_eq(&self.0, &other.0) && self.1 == other.1
    }
}

impl DashboardInputs {
    /// Their values now (tracked: a memo reading them depends on them).
    fn now(self) -> Inputs {
        Inputs {
            ds: self.dataset.get(),
            idx: self.index.get(),
            model: self.model.get(),
            filter: self.filter.get(),
            as_of: self.as_of.get(),
            params: self.params.get(),
        }
    }
}

impl Inputs {
    fn key(&self) -> Key {
        let (idx, model) = (self.idx.clone(), self.model.clone());
        let rest = (
            idx,
            model,
            self.filter.clone(),
            self.as_of,
            self.params.clone(),
        );
        Key(Arc::downgrade(&self.ds), rest)
    }

    async fn dashboard_paced(&self, pace: &mut dyn Pace) -> Result<Dashboard, Cancelled> {
        let data = (&*self.ds, &*self.idx, self.model.as_deref());
        dashboard_paced(data, &self.filter, &self.as_of, &self.params, pace).await
    }
}

/// The dashboard memo's values: the dashboard computed ahead in slices (after an import, at
/// a million orders it is some 70 ms of wasm, too long for one task), taken by the memo when
/// it is for the memo's inputs, else computed by the memo at once.
#[derive(Clone, Copy)]
pub(super) struct DashboardAhead {
    inputs: DashboardInputs,
    /// The import's dashboard (see [`DashboardCache`]).
    kept: DashboardCache,
    /// The inputs of the memo's last value.
    shown: StoredValue<Option<Key>>,
    /// A dashboard computed ahead, and its inputs.
    ready: StoredValue<Option<(Key, Shared<Dashboard>)>>,
}

impl DashboardAhead {
    pub(super) fn new(inputs: DashboardInputs, kept: DashboardCache) -> Self {
        DashboardAhead {
            inputs,
            kept,
            shown: StoredValue::new(None),
            ready: StoredValue::new(None),
        }
    }

    /// The memo's value for its inputs now (read tracked).
    pub(super) fn value(self) -> Shared<Dashboard> {
        let inputs = self.inputs.now();
        let key = inputs.key();
        let ready = self.ready.try_update_value(Option::take).flatten();
        let ready = ready.filter(|(k, _)| *k == key).map(|(_, d)| d);
        let value = match ready.or_else(|| self.kept.take(&key)) {
            Some(d) => d,
            None => perf::timed("rapport:dashboard", || {
                let (ds, idx, model) = (&*inputs.ds, &*inputs.idx, inputs.model.as_deref());
                let (filter, as_of, params) = (&inputs.filter, &inputs.as_of, &inputs.params);
                Shared(Arc::new(dashboard(ds, idx, model, filter, as_of, params)))
            }),
        };
        self.shown.set_value(Some(key));
        value
    }

    /// Computes the dashboard of the inputs now in slices of idle periods (with `model`
    /// instead of the input's when given: the model about to be set), unless the memo
    /// already has it, and leaves it for the memo; false when `go_on` stopped it.
    async fn compute(
        self,
        model: Option<Shared<CustomerModel>>,
        go_on: impl Fn() -> bool + 'static,
    ) -> bool {
        let mut pace = crate::tasks::Slices::background(go_on);
        if pause(&mut pace).await.is_err() {
            return false;
        }
        let Some(mut inputs) = untrack(|| self.inputs.dataset.try_get().map(|_| self.inputs.now()))
        else {
            return false;
        };
        if model.is_some() {
            inputs.model = model;
        }
        let key = inputs.key();
        if self.shown.try_with_value(|k| k.as_ref() == Some(&key)) != Some(false)
            || self.kept.holds(&key)
        {
            return true;
        }
        perf::mark("rapport:dashboard-ahead-start");
        let Ok(d) = inputs.dashboard_paced(&mut pace).await else {
            return false;
        };
        perf::measure_since("rapport:dashboard-ahead", "rapport:dashboard-ahead-start");
        self.ready.set_value(Some((key, Shared(Arc::new(d)))));
        true
    }
}

/// One run's context: which run it is, and where its results go.
#[derive(Clone, Copy)]
struct Run {
    state: AppState,
    runs: StoredValue<u64>,
    run: u64,
    index: Memo<Shared<CustomerIndex>>,
    dashboard: Dashboards,
    set_model: Setter<CustomerModel>,
    set_holdout: Setter<Holdout>,
}

/// The dashboard memo, and what computes its values ahead.
pub(super) type Dashboards = (Memo<Shared<Dashboard>>, DashboardAhead);

/// Where a run puts a result (`None` until it is there).
type Setter<T> = WriteSignal<Option<Shared<T>>>;

impl Run {
    /// Still the current run (`try_`: the shell may be gone, after a language switch).
    fn current(self) -> bool {
        self.runs.try_get_value() == Some(self.run)
    }
}

/// Starts a run whenever the dataset, the orders' as-of date or the parameters change.
pub(super) fn start(
    state: AppState,
    (index, as_of, dashboard): (Memo<Shared<CustomerIndex>>, Memo<AsOf>, Dashboards),
    (set_model, set_holdout): (Setter<CustomerModel>, Setter<Holdout>),
) {
    let runs = StoredValue::new(0u64);
    Effect::new(move |_| {
        // The index is built in slices after this, not here: showing a new dataset does not
        // wait for it (a page that needs it before builds it at once).
        let ds = state.dataset.get();
        let as_of = as_of.get().orders;
        let params = state.params.get();
        let run = runs.get_value() + 1;
        runs.set_value(run);
        set_model.set(None);
        set_holdout.set(None);
        let r = Run {
            state,
            runs,
            run,
            index,
            dashboard,
            set_model,
            set_holdout,
        };
        spawn_local(async move {
            if !build_index(r, ds).await {
                return;
            }
            ahead(r).await;
            fit(r, as_of, params).await;
        });
    });
}

/// The index of `ds`, in slices of ~30 ms between which the page paints and handles input
/// (nearly every page needs it, so it is built at once, not when the browser is idle),
/// starting in a task of its own; stopped early when a page's memo builds it meanwhile.
/// False when the run is stale.
async fn build_index(r: Run, ds: Arc<Dataset>) -> bool {
    crate::tasks::next_task().await;
    if !r.current() {
        return false;
    }
    let cache = r.state.index;
    let of = Arc::as_ptr(&ds);
    if cache.of(of).is_some() {
        return true;
    }
    let mut pace = Slices::new(move || r.current() && cache.of(of).is_none());
    perf::mark("rapport:index-background-start");
    let paced = CustomerIndex::build_paced(&ds, &mut pace).await;
    perf::measure_since("rapport:index-background", "rapport:index-background-start");
    match paced {
        Ok(idx) if cache.of(of).is_none() => cache.keep(&ds, Shared(Arc::new(idx))),
        Ok(_) => {}
        Err(_) => return r.current(),
    }
    true
}

/// The dashboard computed ahead, in slices of idle periods, when no page shows it (the Data
/// page after an import, or before the fit's numbers arrive): the first page that shows it
/// then renders without computing it (at a million orders ~70 ms of wasm, which made the
/// Overview's first render after an import one task of ~140 ms). Nothing is computed twice:
/// the memo keeps the value until its inputs change.
async fn ahead(r: Run) {
    // No data (a first visit, start-up): no page shows a dashboard to compute ahead.
    if r.state.dataset.try_with_untracked(|ds| ds.is_empty()) != Some(false) {
        return;
    }
    let (memo, ahead) = r.dashboard;
    if ahead.compute(None, move || r.current()).await && r.current() {
        let _ = memo.try_with_untracked(|_| ());
    }
}

/// The model's fit (most of a second at a million orders), then its backtest (a second
/// fit, on the history before the held-out months), in slices, each in an idle period
/// (the dashboard without the model comes first, and frames and clicks are never held up),
/// stopped as soon as the run is stale.
async fn fit(r: Run, as_of: crate::core::model::Day, params: crate::core::metrics::Params) {
    let mut pace = Slices::background(move || r.current());
    if pause(&mut pace).await.is_err() {
        return;
    }
    // This run is current, so the index is the one built above: no build here.
    let Some(idx) = r.index.try_get_untracked() else {
        return;
    };
    perf::mark("rapport:fit-start");
    let Ok(fitted) = CustomerModel::fit_paced(&idx, as_of, &params, &mut pace).await else {
        return;
    };
    perf::measure_since("rapport:fit", "rapport:fit-start");
    if !r.current() {
        return;
    }
    // The dashboard with the model first, in slices: a page that shows it then takes it
    // when the model is set, instead of computing it in one task.
    let model = Shared(Arc::new(fitted));
    let (_, dashboard) = r.dashboard;
    if !dashboard
        .compute(Some(model.clone()), move || r.current())
        .await
        || !r.current()
    {
        return;
    }
    let _ = r.set_model.try_set(Some(model));
    let months = params.backtest_months as u32;
    if let Ok(Some(h)) = holdout_paced(&idx, as_of, months, &mut pace).await {
        if r.current() {
            let _ = r.set_holdout.try_set(Some(Shared(Arc::new(h))));
        }
    }
}
