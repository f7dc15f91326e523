//! What pages ask for beyond the analytics context, each a `Memo` over the core: the
//! breakdowns by any column, the customer list's rows, a customer's lifetime figures, the
//! contacts against a chosen control, the lookups' matches; and the URL's filter as links
//! and changes.

use std::sync::Arc;

use leptos::prelude::*;

use super::{use_analytics, use_app_state, Analytics, Shared};
use crate::core::export::{export_name, figures_document};
use crate::core::metrics::{
    breakdown_explanation, customer_dimensions, customers_by, deal_dimensions, deals_by,
    order_dimensions, orders_by, response_dimensions, responses, responses_by, rows_behind,
    snapshot_by, snapshot_dimensions, ticket_dimensions, tickets_by, AsOf, CustomerGroup,
    CustomerIndex, CustomerModel, Dashboard, DealGroup, Explanation, Figure, Filter, Group,
    LookupMatch, OrderGroup, ResponseGroup, Responses, RowSet, SnapshotGroup, TicketGroup,
};
use crate::core::model::{Dataset, Day, Sym};
use crate::core::series::Series;
use crate::filters::FilterQuery;
use crate::perf;

/// The campaign contacts of the current filter compared with `control` (empty: the arm
/// recognised by its name, as the dashboard has it); `None` without contacts.
pub fn responses_with_control(control: Signal<String>) -> Memo<Option<Responses>> {
    let (state, analytics) = (use_app_state(), use_analytics());
    Memo::new(move |_| {
        let control = control.get();
        if control.is_empty() {
            return analytics.dashboard.with(|d| d.responses.clone());
        }
        let (filter, as_of) = (analytics.filter.get(), analytics.as_of.get());
        let idx = analytics.index.get();
        state
            .dataset
            .with(|ds| responses(ds, &idx, &filter, as_of.responses, Some(&control)))
    })
}

/// Records broken down by one of their columns, for the current filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Breakdown<G> {
    /// The columns offered: the kind's mapped fields, extra columns and lookup attributes.
    pub columns: Vec<String>,
    /// The column shown: the one asked for when offered, else the first.
    pub column: String,
    /// Its groups, one per value of the column (numbers in round bands).
    pub groups: Vec<G>,
    /// How they are computed.
    pub explain: Explanation,
}

/// How a kind of records is broken down: the columns offered, and the groups of one.
type By<G> = fn(&Dataset, &CustomerIndex, &Filter, &AsOf, &str) -> Option<Vec<G>>;

/// The records of the current filter per value of the column the URL gives breakdown card
/// `card` (`by.CARD`; absent or not offered: the first column `dimensions` offers); `None`
/// without a column to break them down by.
fn breakdown<G: Group + Clone + PartialEq + Send + Sync + 'static>(
    card: &'static str,
    dimensions: fn(&Dataset) -> Vec<String>,
    by: By<G>,
) -> Memo<Option<Breakdown<G>>> {
    let (state, analytics) = (use_app_state(), use_analytics());
    let columns = Memo::new(move |_| state.dataset.with(|ds| dimensions(ds)));
    let asked = Memo::new(move |_| analytics.query.with(|q| q.by(card)));
    Memo::new(move |_| {
        let columns = columns.get();
        let asked = asked.get();
        let column = columns
            .iter()
            .find(|c| **c == asked)
            .or(columns.first())?
            .clone();
        let (filter, as_of, idx) = (
            analytics.filter.get(),
            analytics.as_of.get(),
            analytics.index.get(),
        );
        let groups = perf::timed("rapport:breakdown", || {
            state
                .dataset
                .with(|ds| by(ds, &idx, &filter, &as_of, &column))
        })?;
        let explain = breakdown_explanation(&groups, &column, &filter, &as_of);
        Some(Breakdown {
            columns,
            column,
            groups,
            explain,
        })
    })
}

/// Campaign contacts by one of their columns (`core::metrics::responses_by`).
pub fn responses_breakdown(card: &'static str) -> Memo<Option<Breakdown<ResponseGroup>>> {
    breakdown(card, response_dimensions, responses_by)
}

/// Deals by a column or lookup attribute (`core::metrics::deals_by`).
pub fn deals_breakdown(card: &'static str) -> Memo<Option<Breakdown<DealGroup>>> {
    breakdown(card, deal_dimensions, deals_by)
}

/// Completed order lines by a column or lookup attribute (`core::metrics::orders_by`).
pub fn orders_breakdown(card: &'static str) -> Memo<Option<Breakdown<OrderGroup>>> {
    breakdown(card, order_dimensions, orders_by)
}

/// A customer snapshot by a customer column (`core::metrics::snapshot_by`).
pub fn snapshot_breakdown(card: &'static str) -> Memo<Option<Breakdown<SnapshotGroup>>> {
    breakdown(card, snapshot_dimensions, snapshot_by)
}

/// Customers by one of their columns (`core::metrics::customers_by`).
pub fn customers_breakdown(card: &'static str) -> Memo<Option<Breakdown<CustomerGroup>>> {
    breakdown(card, customer_dimensions, customers_by)
}

/// Tickets by one of their columns (`core::metrics::tickets_by`).
pub fn tickets_breakdown(card: &'static str) -> Memo<Option<Breakdown<TicketGroup>>> {
    breakdown(card, ticket_dimensions, tickets_by)
}

/// A change to make to the URL's filter query.
pub type QueryChange = Box<dyn FnOnce(&mut FilterQuery)>;

/// A change of the URL's filter query: navigates to the same page with the new query
/// (replacing the history entry), so the view can be bookmarked and shared.
pub fn query_setter() -> impl Fn(QueryChange) + Copy {
    query_changer(true)
}

/// Picks a chart's value (`KIND.COLUMN`, value), or takes it back: a new history entry,
/// so Back undoes it.
pub fn pick_toggler() -> impl Fn(String, String) + Copy {
    let change = query_changer(false);
    move |pick, value| change(Box::new(move |q| q.toggle_pick(&pick, &value)))
}

/// Picks (or takes back) the value of bar `k` of a chart that draws `series`' points, as
/// column `pick` (`KIND.COLUMN`); the bar of records without a value, labelled `(none)`,
/// picks `""`.
pub fn bar_picker(pick: &'static str, series: fn(&Dashboard) -> &Series) -> impl Fn(usize) + Copy {
    let (toggle, d) = (pick_toggler(), use_analytics().dashboard);
    move |k| {
        let label = d.with_untracked(|d| series(d).points.get(k).map(|p| p.label.clone()));
        if let Some(label) = label {
            let value = if label == "(none)" {
                String::new()
            } else {
                label
            };
            toggle(pick.to_string(), value);
        }
    }
}

fn query_changer(replace: bool) -> impl Fn(QueryChange) + Copy {
    let analytics = use_analytics();
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    move |change| {
        let mut q = analytics.query.get_untracked();
        change(&mut q);
        let url = address(this_page(), &q);
        let options = leptos_router::NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        };
        navigate.with_value(|n| n(&url, options));
    }
}

/// An app route with the current filter query, so that following the link keeps the
/// filter (a customer opened from a list, and Back, show the same period).
pub fn filtered_href(route: &str) -> String {
    // The rows of a figure are the page's: another page opens without them.
    let q = use_context::<Analytics>()
        .map(|a| FilterQuery {
            rows: None,
            ..a.query.get_untracked()
        })
        .unwrap_or_default();
    address(crate::routes::href(route), &q)
}

/// `path` with the query of `q` (none when it is all defaults).
fn address(path: String, q: &FilterQuery) -> String {
    let query = crate::filters::query_string(q);
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The path of the page shown (with the app's base).
fn this_page() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The customer list's rows for the current filter (`customer_list::build`), each customer
/// with their P(alive) and CLV from the model whatever the period.
pub fn customer_list_rows() -> Memo<Shared<Vec<crate::customer_list::ListRow>>> {
    let (state, analytics) = (use_app_state(), use_analytics());
    Memo::new(move |_| {
        let (table, filter) = (analytics.customers.get(), analytics.filter.get());
        let (idx, model) = (analytics.index.get(), analytics.model.get());
        let lifetime = |id: Sym| lifetime_of(&idx, model.as_deref(), id);
        state.dataset.with(|ds| {
            Shared(Arc::new(crate::customer_list::build(
                ds, &idx, &table, &filter, &lifetime,
            )))
        })
    })
}

/// A customer's P(alive) and CLV from the model, whatever the period.
fn lifetime_of(
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    id: Sym,
) -> Option<(f64, Option<f64>)> {
    let p = model?.prediction(idx.dense(id)?)?;
    Some((p.p_alive, p.clv))
}

/// Customer `id`'s P(alive) and CLV from the model, whatever the period (a customer who
/// bought nothing in it keeps them); `None` before the model is fitted or without purchases.
pub fn customer_lifetime(id: String) -> Memo<Option<(f64, Option<f64>)>> {
    let (state, analytics) = (use_app_state(), use_analytics());
    Memo::new(move |_| {
        let (idx, model) = (analytics.index.get(), analytics.model.get());
        let sym = state.dataset.with(|ds| ds.strings.lookup(&id))?;
        lifetime_of(&idx, model.as_deref(), sym)
    })
}

/// How each stored lookup file matches the records it describes.
pub fn lookup_matches() -> Memo<Vec<LookupMatch>> {
    let state = use_app_state();
    Memo::new(move |_| {
        state
            .dataset
            .with(|ds| crate::core::metrics::lookup_matches(ds))
    })
}

/// The figures under the current filter as `rapport metrics --json` writes them, read when
/// called (a click): `(file name, JSON)`, the name saying the period (`rapport-figures-
/// 2024-01-01_2024-12-31.json`).
pub fn figures_json() -> impl Fn() -> (String, String) + Copy {
    let (state, a) = (use_app_state(), use_analytics());
    move || {
        let (d, filter, idx) = (
            a.dashboard.get_untracked(),
            a.filter.get_untracked(),
            a.index.get_untracked(),
        );
        let holdout = a.holdout.get_untracked();
        let doc = state
            .dataset
            .with_untracked(|ds| figures_document(ds, &idx, &d, &filter, holdout.as_deref()));
        let name = format!(
            "rapport-figures-{}_{}.json",
            d.period.from.iso(),
            d.period.to.iso()
        );
        (name, format!("{doc:#}"))
    }
}

/// The dates the filter's period covers: the preset's or the custom dates, the whole
/// history's first and last date where open; `None` for data without dates. From the
/// query and the data's span, not the dashboard (reading it would compute it on every
/// page, the Data page's import included).
pub fn period_covered() -> impl Fn() -> Option<(Day, Day)> + Copy {
    let a = use_analytics();
    move || {
        let (from, to) = a.query.with(|q| q.period(a.as_of.get().latest()));
        let span = a.span.get();
        Some((from.or(span.map(|s| s.0))?, to.or(span.map(|s| s.1))?))
    }
}

/// Names an export: `(base, more filters, sort)` to a file name.
pub trait ExportName: Fn(&str, &[(&str, &str)], Option<(&str, bool)>) -> String + Copy {}
impl<F: Fn(&str, &[(&str, &str)], Option<(&str, bool)>) -> String + Copy> ExportName for F {}

/// Names an export after what is on screen: `base`, the period, the filters of the URL,
/// `more` filters of the list exported (its search, its own choices) and the sort
/// (`core::export::export_name`); read when called (a click).
pub fn export_file_name() -> impl ExportName {
    let a = use_analytics();
    move |base, more, sort| {
        let period = a.dashboard.with_untracked(|d| d.period);
        let pairs = a.query.with_untracked(FilterQuery::to_pairs);
        // The period is named by its dates; the breakdowns chosen are not filters.
        let mut filters: Vec<(&str, &str)> = (pairs.iter())
            .filter(|(k, _)| {
                !matches!(k.as_str(), "range" | "from" | "to") && !k.starts_with("by.")
            })
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        filters.extend_from_slice(more);
        export_name(base, &period, &filters, sort, "csv")
    }
}

/// The rows of the figure the URL opens (`rows=`), under the filter: `None` when no figure
/// is open (or the URL names none Rapport knows).
pub fn open_rows() -> Memo<Option<Shared<RowSet>>> {
    let (state, a) = (use_app_state(), use_analytics());
    let figure = Memo::new(move |_| {
        a.query
            .with(|q| q.rows.as_deref().and_then(Figure::from_query))
    });
    Memo::new(move |_| {
        let figure = figure.get()?;
        let (idx, model, filter) = (a.index.get(), a.model.get(), a.filter.get());
        let (as_of, params) = (a.as_of.get(), state.params.get());
        let set = state.dataset.with(|ds| {
            perf::timed("rapport:rows", || {
                rows_behind(
                    ds,
                    &idx,
                    model.as_deref(),
                    &filter,
                    &as_of,
                    &params,
                    &figure,
                )
            })
        });
        Some(Shared(Arc::new(set)))
    })
}

/// The address of this page with `figure`'s rows open (following it is a new history
/// entry, so Back closes them); `None` closes them.
pub fn rows_href(figure: Option<&Figure>) -> String {
    match use_context::<Analytics>() {
        Some(a) => rows_url(a, figure),
        None => this_page(),
    }
}

/// Opens a figure's rows on this page from an event (a chart's click): a new history entry.
pub fn rows_opener() -> impl Fn(Figure) + Copy {
    let a = use_analytics();
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    move |figure| {
        let url = rows_url(a, Some(&figure));
        navigate.with_value(|n| n(&url, Default::default()));
    }
}

fn rows_url(a: Analytics, figure: Option<&Figure>) -> String {
    let rows = figure.map(Figure::to_query);
    address(
        this_page(),
        &FilterQuery {
            rows,
            ..a.query.get_untracked()
        },
    )
}
