//! The work done ahead of the pages, one owner for it: for each dataset (and as-of and
//! parameters), in order, the customer index in ~30 ms slices, the dashboard computed
//! ahead in an idle period, the customer model's fit and then its backtest in idle periods.
//! A run whose inputs changed meanwhile stops and drops its results (their dense customer
//! numbers would not match the new index). The index goes into the one [`IndexCache`].

use std::sync::{Arc, Weak};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{AppState, Shared};
use crate::core::metrics::{holdout_paced, AsOf, CustomerIndex, CustomerModel, Dashboard, Holdout};
use crate::core::model::Dataset;
use crate::core::pace::pause;
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

impl Default for IndexCache {
    fn default() -> Self {
        Self::new()
    }
}

/// One run's context: which run it is, and where its results go.
#[derive(Clone, Copy)]
struct Run {
    state: AppState,
    runs: StoredValue<u64>,
    run: u64,
    index: Memo<Shared<CustomerIndex>>,
    dashboard: Memo<Shared<Dashboard>>,
    set_model: Setter<CustomerModel>,
    set_holdout: Setter<Holdout>,
}

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
    (index, as_of, dashboard): (
        Memo<Shared<CustomerIndex>>,
        Memo<AsOf>,
        Memo<Shared<Dashboard>>,
    ),
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

/// The dashboard computed ahead, in an idle period, when no page shows it (the Data page
/// after an import, or before the fit's numbers arrive): the first page that shows it then
/// renders without computing it (at a million orders ~90 ms of wasm, which made the
/// Overview's first render after an import one task of ~140 ms). Nothing is computed twice:
/// the memo keeps the value until its inputs change.
async fn ahead(r: Run) {
    // No data (a first visit, start-up): no page shows a dashboard to compute ahead.
    if r.state.dataset.try_with_untracked(|ds| ds.is_empty()) != Some(false) {
        return;
    }
    crate::tasks::idle_task(1_000).await;
    if r.current() {
        let _ = r.dashboard.try_with_untracked(|_| ());
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
    let _ = r.set_model.try_set(Some(Shared(Arc::new(fitted))));
    ahead(r).await;
    let months = params.backtest_months as u32;
    if let Ok(Some(h)) = holdout_paced(&idx, as_of, months, &mut pace).await {
        if r.current() {
            let _ = r.set_holdout.try_set(Some(Shared(Arc::new(h))));
        }
    }
}
