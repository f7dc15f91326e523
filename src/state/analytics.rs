//! The analytics context: everything derived from the dataset and the URL's filter, as
//! `Memo`s over core functions (pages read them and render). The work done ahead of a page
//! (the index in slices, the dashboard in an idle period, the model fit) is
//! [`super::background`]'s.

use std::sync::Arc;

use leptos::prelude::*;

use super::background::{DashboardAhead, DashboardInputs};
use super::{use_app_state, AppState, Shared};
use crate::core::metrics::{
    customer_table, AsOf, CustomerIndex, CustomerModel, CustomerRow, Dashboard, Filter, FilterText,
    Holdout, Pick,
};
use crate::core::model::{Day, Kind};
use crate::filters::FilterQuery;
use crate::perf;

/// Everything derived from the dataset and the URL's filter: Memos over core functions.
/// Provided inside the router (it reads the query); pages call [`use_analytics`].
#[derive(Clone, Copy)]
pub struct Analytics {
    /// The filter as in the URL.
    pub query: Memo<FilterQuery>,
    /// The as-of date of each kind in effect: the URL's for all, else each kind's latest.
    pub as_of: Memo<AsOf>,
    /// The first and last date of the data (any kind), for the period's label.
    pub span: Memo<Option<(Day, Day)>>,
    /// The core filter (symbols resolved against the dataset).
    pub filter: Memo<Filter>,
    /// Per-customer index of the dataset.
    pub index: Memo<Shared<CustomerIndex>>,
    /// BG/NBD + Gamma-Gamma fit (per dataset and as-of). `None` until fitted: the fit runs
    /// in a task of its own after the dashboard without it has been shown (it is the slowest
    /// step with a large data set), and the predictive numbers follow.
    pub model: ReadSignal<Option<Shared<CustomerModel>>>,
    /// The model's calibration/holdout backtest, made after the model in idle periods too;
    /// `None` until then, or without enough history.
    pub holdout: ReadSignal<Option<Shared<Holdout>>>,
    /// Every dashboard metric for the filter.
    pub dashboard: Memo<Shared<Dashboard>>,
    /// The per-customer table (RFM, CLV, ...) for the filter.
    pub customers: Memo<Shared<Vec<CustomerRow>>>,
}

/// Builds the [`Analytics`] context from the app state and the URL query.
pub fn provide_analytics() -> Analytics {
    let state = use_app_state();
    let query_map = leptos_router::hooks::use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| FilterQuery::from_pairs(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    let index = index_memo(state);
    // The data's latest day of each kind and its span, once per dataset (one scan of every
    // record: not at each change of the query, which only the as-of date below depends on).
    let dates = Memo::new(move |_| state.dataset.with(|ds| AsOf::with_span(ds, today())));
    let latest = Memo::new(move |_| dates.get().0);
    let span = Memo::new(move |_| dates.get().1);
    let as_of =
        Memo::new(move |_| query.with(|q| q.as_of.map_or_else(|| latest.get(), AsOf::same)));
    let filter = filter_memo(state, query, as_of, index);
    // The parameters the user set in Settings: a change recomputes every figure (and refits
    // the model, whose predictions depend on the horizons and the discount rate).
    let params = state.params;
    let (model, set_model) = signal(None::<Shared<CustomerModel>>);
    let (holdout, set_holdout) = signal(None::<Shared<Holdout>>);
    let ahead_of = DashboardInputs {
        dataset: state.dataset,
        index,
        model,
        filter,
        as_of,
        params,
    };
    let ahead = DashboardAhead::new(ahead_of, state.kept_dashboard);
    let dashboard = Memo::new(move |_| ahead.value());
    let customers = customers_memo(state, (index, model, filter, as_of));
    let dashboards = (dashboard, ahead);
    super::background::start(state, (index, as_of, dashboards), (set_model, set_holdout));
    let analytics = Analytics {
        query,
        as_of,
        span,
        filter,
        index,
        model,
        holdout,
        dashboard,
        customers,
    };
    provide_context(analytics);
    analytics
}

/// The index of the current dataset: the one the load or the background work built, or
/// built at once here when a page needs it first.
fn index_memo(state: AppState) -> Memo<Shared<CustomerIndex>> {
    let cache = state.index;
    Memo::new(move |_| {
        state.dataset.with(|ds| {
            cache.get(ds).unwrap_or_else(|| {
                let idx = perf::timed("rapport:index", || {
                    Shared(Arc::new(CustomerIndex::build(ds)))
                });
                cache.keep(ds, idx.clone());
                idx
            })
        })
    })
}

/// The URL's filter resolved over the dataset (with the index when it picks a class).
fn filter_memo(
    state: AppState,
    query: Memo<FilterQuery>,
    as_of: Memo<AsOf>,
    index: Memo<Shared<CustomerIndex>>,
) -> Memo<Filter> {
    Memo::new(move |_| {
        let q = query.get();
        // A preset counts back from each kind's own as-of date (`Filter::recent`); a custom
        // period is the same dates for all.
        let recent = q.recent();
        let (from, to) = match recent {
            Some(_) => (None, None),
            None => q.period(as_of.get().latest()),
        };
        let picks = picks(&q);
        let text = FilterText {
            from,
            to,
            recent,
            segments: q.segment.into_iter().collect(),
            channels: q.channel.into_iter().collect(),
            owners: q.owner.into_iter().collect(),
            picks,
        };
        let filter = state.dataset.with(|ds| Filter::resolve(ds, &text));
        if !filter.picks.pending() {
            return filter;
        }
        // An RFM segment or ABC class picked: the customers' classes under the rest of the
        // filter, from the index (every figure and list then reads the same customers).
        let (idx, as_of, params) = (index.get(), as_of.get(), state.params.get());
        state
            .dataset
            .with(|ds| filter.with_index(ds, &idx, &as_of, &params))
    })
}

/// What the per-filter figures are computed from, besides the dataset and parameters: its
/// index and model, the filter and the as-of dates.
type Inputs = (
    Memo<Shared<CustomerIndex>>,
    ReadSignal<Option<Shared<CustomerModel>>>,
    Memo<Filter>,
    Memo<AsOf>,
);

/// The per-customer table for the filter, from the dataset, its index and model.
fn customers_memo(
    state: AppState,
    (index, model, filter, as_of): Inputs,
) -> Memo<Shared<Vec<CustomerRow>>> {
    Memo::new(move |_| {
        let (idx, model, filter, as_of) = (index.get(), model.get(), filter.get(), as_of.get());
        let params = state.params.get();
        state.dataset.with(|ds| {
            perf::timed("rapport:customers", || {
                let (model, day) = (model.as_deref(), as_of.orders);
                Shared(Arc::new(customer_table(
                    ds, &idx, model, &filter, day, &params,
                )))
            })
        })
    })
}

/// The URL's picks as the core's: one per column, its values any of them. A kind the core
/// does not know picks nothing (a hand-edited URL).
fn picks(q: &FilterQuery) -> Vec<Pick> {
    (q.pick_groups().into_iter())
        .filter_map(|(kind, column, values)| {
            let kind = Kind::ALL.into_iter().find(|k| k.as_str() == kind)?;
            Some(Pick::new(kind, &column, values))
        })
        .collect()
}

/// Today's date from the browser clock, in its time zone (only as a last resort for an
/// empty dataset; the date a team workspace is published on).
pub(super) fn today() -> Day {
    let now = js_sys::Date::new_0();
    Day::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// The analytics context; panics outside the router (a programming error).
pub fn use_analytics() -> Analytics {
    expect_context::<Analytics>()
}
