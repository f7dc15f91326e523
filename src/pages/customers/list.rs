//! The customer list of `/customers`: its filters, columns and saved views, the table
//! (virtual: only the rows in view are rendered), its export, and the form that adds a
//! customer. The parts share one [`ListState`].

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::opt;
use crate::components::{download_text, CustomerForm, Explain};
use crate::core::edit::{add_customer, CustomerFields};
use crate::core::export::csv_table;
use crate::core::metrics::{customer_list_explanation, RFM_SEGMENTS};
use crate::customer_list::{self, Column, ListQuery, ListRow, ModelInputs};
use crate::format;
use crate::i18n::{Locale, Texts};
use crate::routes::{customer_path, href};
use crate::state::{
    customer_list_rows, export_file_name, filtered_href, use_analytics, use_app_state, use_locale,
    use_texts, ExportName, Shared,
};
use crate::storage::prefs::{self, CustomerViews};

const ROW_HEIGHT: f64 = 40.0;
const VIEWPORT: f64 = 560.0;
/// Rows rendered on each side of those in view: each is laid out again at every key typed
/// into the search, so a few, enough for a scroll step's frame.
const OVERSCAN: usize = 4;

/// A cell as shown (`t`, `loc`: the interface language).
fn cell(t: &Texts, loc: Locale, row: &ListRow, column: Column) -> String {
    match column {
        Column::Id => row.id.clone(),
        Column::Name => row.name.clone(),
        Column::City => row.city.clone(),
        Column::RfmSegment => t.words.rfm_segment(row.rfm_segment),
        Column::Abc => row.abc.map(String::from).unwrap_or_default(),
        Column::Orders => format::count(loc, row.orders as f64),
        Column::Revenue => format::money(loc, row.revenue),
        Column::ValueV => format::number(loc, row.value_v, 0),
        Column::LastPurchase => format::iso_date(loc, &row.last_purchase),
        Column::PAlive => opt(loc, row.p_alive, format::percent),
        Column::Clv => opt(loc, row.clv, format::money),
    }
}

/// The list's rows (the filter's customers) and what the user chose to see of them: the
/// query, the columns shown and the saved views, the scroll position.
#[derive(Clone, Copy)]
struct ListState {
    rows: Memo<Shared<Vec<ListRow>>>,
    query: RwSignal<ListQuery>,
    /// Hidden columns and saved views, kept in localStorage.
    views: RwSignal<CustomerViews>,
    /// The saved view chosen ("" for none).
    current_view: RwSignal<String>,
    /// The columns shown, in order.
    shown: Memo<Vec<Column>>,
    /// The rows the query selects, in its order (indices into `rows`).
    selected: Memo<Shared<Vec<u32>>>,
    /// What the selection keeps from one query to the next, for its rows.
    selector: Kept,
    scroll_top: RwSignal<f64>,
}

impl ListState {
    fn new() -> ListState {
        let state = use_app_state();
        let rows = customer_list_rows();
        let query = RwSignal::new(ListQuery::default());
        let views = RwSignal::new(prefs::load::<CustomerViews>(
            prefs::CUSTOMER_VIEWS_KEY,
            prefs::CUSTOMER_VIEWS_VERSION,
        ));
        // Without orders the purchase columns (RFM, revenue, CLV, …) would be empty for
        // everyone: they are not shown (the column picker offers the rest).
        let has_orders = Memo::new(move |_| state.dataset.with(|ds| !ds.orders.is_empty()));
        let shown = Memo::new(move |_| {
            let orders = has_orders.get();
            views.with(|v| {
                Column::ALL
                    .into_iter()
                    .filter(|c| !v.hidden.contains(c) && (orders || !c.needs_orders()))
                    .collect::<Vec<_>>()
            })
        });
        let selector = StoredValue::new(None);
        ListState {
            rows,
            query,
            views,
            current_view: RwSignal::new(String::new()),
            shown,
            selected: selection(rows, query, selector),
            selector,
            scroll_top: RwSignal::new(0.0),
        }
    }

    /// Changes the hidden columns or saved views, and stores them.
    fn store(self, change: impl FnOnce(&mut CustomerViews)) {
        self.views.update(change);
        (self.views).with_untracked(|v| {
            prefs::save(prefs::CUSTOMER_VIEWS_KEY, prefs::CUSTOMER_VIEWS_VERSION, v)
        });
    }

    /// A change of the query that starts the list from its top.
    fn requery(self, change: impl FnOnce(&mut ListQuery)) {
        self.query.update(change);
        self.scroll_top.set(0.0);
    }
}

/// A [`customer_list::Selector`] and the rows it was made for.
type Kept = StoredValue<Option<(Shared<Vec<ListRow>>, customer_list::Selector)>>;

/// The selector kept for `rows` (a new one for other rows).
fn selector_for<'a>(
    kept: &'a mut Option<(Shared<Vec<ListRow>>, customer_list::Selector)>,
    rows: &Shared<Vec<ListRow>>,
) -> &'a mut customer_list::Selector {
    if kept.as_ref().is_some_and(|(r, _)| r != rows) {
        *kept = None;
    }
    &mut kept
        .get_or_insert_with(|| (rows.clone(), customer_list::Selector::default()))
        .1
}

/// The rows `query` selects. The [`customer_list::Selector`] is kept for the rows, so that
/// a key typed into the search neither sorts again nor looks at rows that cannot match.
fn selection(
    rows: Memo<Shared<Vec<ListRow>>>,
    query: RwSignal<ListQuery>,
    kept: Kept,
) -> Memo<Shared<Vec<u32>>> {
    Memo::new(move |_| {
        let (rows, q) = (rows.get(), query.get());
        let sel = kept.try_update_value(|kept| {
            let selector = selector_for(kept, &rows);
            crate::perf::timed("rapport:customer-select", || selector.select(&rows, &q))
        });
        Shared(Arc::new(sel.unwrap_or_default()))
    })
}

/// The customer list: the add form when asked for, the filters, the columns and saved
/// views, the table and how its figures are computed.
#[component]
pub(super) fn CustomerList() -> impl IntoView {
    let (state, analytics) = (use_app_state(), use_analytics());
    let t = use_texts();
    let list = ListState::new();
    let (adding, add_error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    view! {
        <Show when=move || adding.get()>
            <AddCustomer adding error=add_error />
        </Show>
        <section class="card" aria-labelledby="customer-list-title">
            <h2 id="customer-list-title" class="visually-hidden">
                {t.customers.list_title}
            </h2>
            <ListFilters list adding />
            <div class="toolbar" data-testid="customer-views">
                <ColumnPicker list />
                <SavedViews list />
            </div>
            <ListTable list />
            {move || {
                let (period, as_of) = (
                    analytics.dashboard.get().sales.period,
                    analytics.as_of.get().orders,
                );
                let e = customer_list_explanation(
                    &period,
                    as_of,
                    &state.params.get(),
                    list.rows.get().len(),
                );
                view! { <Explain explanation=e /> }
            }}
        </section>
    }
}

/// The form that adds a customer; once it is saved, the new customer's page.
#[component]
fn AddCustomer(
    /// Set while the form is open; the form clears it.
    adding: RwSignal<bool>,
    /// Why the last customer was not added (kept while the form is closed).
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let t = use_texts();
    let navigate = StoredValue::new_local(use_navigate());
    let save_new = Callback::new(move |fields: CustomerFields| {
        let next = state.dataset.with_untracked(|ds| add_customer(ds, &fields));
        match next {
            Err(e) => error.set(Some((t.customers.not_saved)(&e))),
            Ok(next) => spawn_local(async move {
                let id = fields.id.trim().to_string();
                if state
                    .commit(next, Some((t.customers.adding)(&id)))
                    .await
                    .is_ok()
                {
                    adding.set(false);
                    let url = href(&customer_path(&id));
                    navigate.with_value(|n| n(&url, Default::default()));
                }
            }),
        }
    });
    view! {
        <section class="card" aria-labelledby="add-customer-title">
            <h2 id="add-customer-title" class="card__title">
                {t.customers.add_title}
            </h2>
            <CustomerForm
                initial=CustomerFields::default()
                on_save=save_new
                on_cancel=Callback::new(move |_| adding.set(false))
                error=error
            />
        </section>
    }
}

/// The list's search and filters, its count, the export and the button that adds a
/// customer.
#[component]
fn ListFilters(
    /// The list they filter.
    list: ListState,
    /// Set by the add button (the form opens).
    adding: RwSignal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    let (t, loc) = (use_texts(), use_locale());
    let (tc, query) = (&t.customers, list.query);
    let file_name = export_file_name();
    let choices = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|&(v, text)| (v.into(), text.into()))
            .collect()
    };
    let segments = (RFM_SEGMENTS.into_iter())
        .map(|s| (s.to_string(), t.words.rfm_segment(s)))
        .collect();
    view! {
        <div class="toolbar">
            <span class="filter">
                <label class="filter__label" for="customer-search">
                    {tc.search}
                </label>
                <input
                    type="search"
                    id="customer-search"
                    data-testid="customer-search"
                    placeholder=tc.search_placeholder
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        list.requery(|q| q.search = v);
                    }
                    on:focus=move |_| {
                        let rows = list.rows.get_untracked();
                        list.selector.update_value(|k| selector_for(k, &rows).prepare(&rows));
                    }
                />
            </span>
            <QueryFilter query facet=Facet::Rfm label=tc.rfm_segment any=tc.all choices=segments />
            <QueryFilter
                query
                facet=Facet::Abc
                label=tc.abc_class
                any=tc.all
                choices=choices(&[("A", "A"), ("B", "B"), ("C", "C")])
            />
            <QueryFilter
                query
                facet=Facet::PAlive
                label=tc.p_alive_at_most
                any=tc.any
                choices=choices(&[("0.25", "25%"), ("0.5", "50%"), ("0.75", "75%")])
            />
            <span class="muted" role="status" data-testid="customer-count">
                {move || (tc.count)(&format::count(loc, list.selected.get().len() as f64))}
            </span>
            <button
                class="button"
                on:click=move |_| export(list, (t, loc), file_name)
                data-testid="export-customers"
            >
                {t.words.export_csv}
            </button>
            <Show when=move || !state.viewing_team.get()>
                <button
                    class="button"
                    on:click=move |_| adding.set(true)
                    data-testid="add-customer"
                >
                    {tc.add}
                </button>
            </Show>
        </div>
    }
}

/// The list's filters that are a choice in a select.
#[derive(Clone, Copy)]
enum Facet {
    Rfm,
    Abc,
    PAlive,
}

impl Facet {
    /// The select's id.
    fn id(self) -> &'static str {
        match self {
            Facet::Rfm => "rfm-filter",
            Facet::Abc => "abc-filter",
            Facet::PAlive => "palive-filter",
        }
    }

    /// The value chosen in `q` ("" for any).
    fn value(self, q: &ListQuery) -> String {
        match self {
            Facet::Rfm => q.rfm_segment.clone().unwrap_or_default(),
            Facet::Abc => q.abc.map(String::from).unwrap_or_default(),
            Facet::PAlive => q.max_p_alive.map(|p| p.to_string()).unwrap_or_default(),
        }
    }

    /// Sets `q` to the value `v` chosen.
    fn set(self, q: &mut ListQuery, v: String) {
        match self {
            Facet::Rfm => q.rfm_segment = (!v.is_empty()).then_some(v),
            Facet::Abc => q.abc = v.chars().next(),
            Facet::PAlive => q.max_p_alive = v.parse::<f64>().ok(),
        }
    }
}

/// One of the list's filters, as a select: the choice that filters nothing, then the others.
#[component]
fn QueryFilter(
    /// The query it changes.
    query: RwSignal<ListQuery>,
    /// Which filter.
    facet: Facet,
    /// Its label.
    label: &'static str,
    /// The choice that filters nothing (its value is "").
    any: &'static str,
    /// The other choices: (value, text).
    choices: Vec<(String, String)>,
) -> impl IntoView {
    let choices = (choices.into_iter())
        .map(|(v, text)| view! { <option value=v>{text}</option> })
        .collect_view();
    view! {
        <span class="filter">
            <label class="filter__label" for=facet.id()>
                {label}
            </label>
            <select
                id=facet.id()
                prop:value=move || query.with(|q| facet.value(q))
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| facet.set(q, v));
                }
            >
                <option value="">{any}</option>
                {choices}
            </select>
        </span>
    }
}

/// Downloads the selected rows as CSV: who they are, then the columns shown (as shown),
/// then the customer model's inputs.
fn export(list: ListState, (t, loc): (&Texts, Locale), file_name: impl ExportName) {
    let (rows, sel) = (list.rows.get_untracked(), list.selected.get_untracked());
    // The columns on screen, in their order (the id first, always shown).
    let columns: Vec<Column> = std::iter::once(Column::Id)
        .chain(
            list.shown
                .get_untracked()
                .into_iter()
                .filter(|&c| c != Column::Id),
        )
        .collect();
    // The model's outputs on screen bring its inputs, for an analyst to check them.
    let inputs = columns
        .iter()
        .any(|c| matches!(c, Column::PAlive | Column::Clv));
    let headers: Vec<&str> = (columns.iter().map(|c| c.label()))
        .chain(ModelInputs::HEADERS.into_iter().filter(|_| inputs))
        .collect();
    let data = sel.iter().map(|&i| {
        let r = &rows[i as usize];
        (columns.iter().map(|&c| cell(t, loc, r, c)))
            .chain(
                ModelInputs::cells(r.model_inputs)
                    .into_iter()
                    .filter(|_| inputs),
            )
            .collect::<Vec<_>>()
    });
    // Named after the list's own choices and its sort, as well as the page's filter.
    let q = list.query.get_untracked();
    let abc = q.abc.map(String::from);
    let p_alive = |v: Option<f64>| v.map(|v| format!("{v}"));
    let (low, high) = (p_alive(q.min_p_alive), p_alive(q.max_p_alive));
    let more: Vec<(&str, &str)> = [
        (
            "search",
            (!q.search.is_empty()).then_some(q.search.as_str()),
        ),
        ("rfm_segment", q.rfm_segment.as_deref()),
        ("abc", abc.as_deref()),
        ("min_p_alive", low.as_deref()),
        ("max_p_alive", high.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v?)))
    .collect();
    let name = file_name("customers", &more, Some((q.sort.key(), q.descending)));
    download_text(&name, "text/csv", &csv_table(&headers, data));
}

/// Which columns the table shows (every one but the id, which it always shows).
#[component]
fn ColumnPicker(
    /// The list whose columns it picks.
    list: ListState,
) -> impl IntoView {
    let t = use_texts();
    let choice = move |c: Column| {
        let id = format!("show-{}", c.key());
        let label_for = id.clone();
        view! {
            <label class="choice" for=label_for>
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || list.views.with(|v| !v.hidden.contains(&c))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        list.store(move |v| v.set_hidden(c, !on));
                    }
                />
                {(t.customers.column)(c)}
            </label>
        }
    };
    view! {
        <details class="column-picker">
            <summary>{t.customers.columns}</summary>
            <fieldset class="choice-group">
                <legend class="visually-hidden">{t.customers.columns_shown}</legend>
                {Column::ALL.into_iter().filter(|&c| c != Column::Id).map(choice).collect_view()}
            </fieldset>
        </details>
    }
}

/// The saved views: choose one (its query and hidden columns), delete it, or save the
/// current one under a name.
#[component]
fn SavedViews(
    /// The list whose views they are.
    list: ListState,
) -> impl IntoView {
    let t = use_texts();
    let (views, current_view) = (list.views, list.current_view);
    let choose = move |ev| {
        let name = event_target_value(&ev);
        if let Some(v) = views.with_untracked(|vs| vs.find(&name).cloned()) {
            list.requery(|q| *q = v.query);
            list.store(move |vs| vs.hidden = v.hidden);
        }
        current_view.set(name);
    };
    let options = move || {
        views.with(|v| {
            (v.saved.iter())
                .map(|s| {
                    let name = s.name.clone();
                    let is_current = {
                        let name = name.clone();
                        move || current_view.with(|c| *c == name)
                    };
                    view! {
                        <option value=name.clone() selected=is_current>
                            {name.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let delete = move |_| {
        let name = current_view.get_untracked();
        list.store(move |v| v.remove(&name));
        current_view.set(String::new());
    };
    view! {
        <span class="filter">
            <label class="filter__label" for="saved-view">
                {t.customers.saved_views}
            </label>
            <select id="saved-view" data-testid="saved-view" on:change=choose>
                <option value="" selected=move || current_view.with(String::is_empty)>
                    {t.customers.no_view}
                </option>
                {options}
            </select>
        </span>
        <Show when=move || !current_view.get().is_empty()>
            <button class="button" data-testid="delete-view" on:click=delete>
                {t.customers.delete_view}
            </button>
        </Show>
        <SaveView list />
    }
}

/// Saves the current view (query and hidden columns) under the name typed, which becomes
/// the view chosen.
#[component]
fn SaveView(
    /// The list whose view it saves.
    list: ListState,
) -> impl IntoView {
    let t = use_texts();
    let view_name = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = view_name.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        let (q, n) = (list.query.get_untracked(), name.clone());
        list.store(move |v| {
            v.save(&n, q);
        });
        list.current_view.set(name);
        view_name.set(String::new());
    };
    view! {
        <form class="filter" on:submit=save>
            <label class="filter__label" for="view-name">
                {t.customers.view_name}
            </label>
            <input
                type="text"
                id="view-name"
                data-testid="view-name"
                prop:value=move || view_name.get()
                on:input=move |ev| view_name.set(event_target_value(&ev))
            />
            <button type="submit" class="button" data-testid="save-view">
                {t.customers.save_view}
            </button>
        </form>
    }
}

/// The table in its scrolling box: a header that sorts, and only the rows in view (plus
/// some on each side) between two spacers of the others' height. A scroll within one row
/// renders nothing. A row's elements are kept by its position in the list, not by the
/// customer in it: a scroll step builds only the positions that come into view, and a key
/// typed into the search builds nothing, it changes the text of the rows in view (the
/// browser has no new elements to style).
#[component]
fn ListTable(
    /// The rows, the columns shown and the scroll position.
    list: ListState,
) -> impl IntoView {
    let t = use_texts();
    let (selected, scroll_top) = (list.selected, list.scroll_top);
    let range = Memo::new(move |_| {
        let n = selected.with(|sel| sel.len());
        customer_list::window(scroll_top.get(), VIEWPORT, ROW_HEIGHT, n, OVERSCAN)
    });
    let spacer = move |before: bool| {
        let (range, n) = (range.get(), selected.with(|sel| sel.len()));
        let rows = if before { range.start } else { n - range.end };
        format!("{}px", rows as f64 * ROW_HEIGHT)
    };
    // One row element per position in the window, for the columns shown.
    let in_view = move || {
        let columns = list
            .shown
            .with(|cs| cs.iter().fold(0u32, |m, &c| m | 1 << c as u32));
        range.get().map(|p| (columns, p)).collect::<Vec<_>>()
    };
    let header = move || {
        let cells = list.shown.get().into_iter();
        cells.map(|c| header_cell(t, list.query, c)).collect_view()
    };
    view! {
        <div
            class="vscroll customer-scroll"
            style:height=format!("{VIEWPORT}px")
            on:scroll=move |ev| {
                let el: web_sys::Element = event_target(&ev);
                scroll_top.set(el.scroll_top() as f64);
            }
            tabindex="0"
            aria-label=t.customers.scroll_label
        >
            <table class="table table--compact vtable" data-testid="customer-table">
                <thead>
                    <tr>{header}</tr>
                </thead>
                <tbody>
                    <tr aria-hidden="true" style:height=move || spacer(true)></tr>
                    <For each=in_view key=|k| *k children=move |(_, p)| row(list, p) />
                    <tr aria-hidden="true" style:height=move || spacer(false)></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A column's header: a button that sorts by it (numbers largest first), then reverses.
fn header_cell(t: &'static Texts, query: RwSignal<ListQuery>, c: Column) -> impl IntoView {
    let sort = move || {
        query.with(|q| {
            if q.sort != c {
                "none"
            } else if q.descending {
                "descending"
            } else {
                "ascending"
            }
        })
    };
    let class = if c.numeric() { "num" } else { "" };
    let click = move |_| {
        query.update(|q| {
            if q.sort == c {
                q.descending = !q.descending
            } else {
                q.sort = c;
                q.descending = c.numeric();
            }
        })
    };
    view! {
        <th scope="col" class=class aria-sort=sort>
            <button class="sort-button" on:click=click>
                {(t.customers.column)(c)}
            </button>
        </th>
    }
}

/// The row at position `p` of the list: the id of the customer there, a link to them,
/// then the shown columns. Its text follows the customer at that position.
fn row(list: ListState, p: usize) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let columns: Vec<Column> = (list.shown.get_untracked().into_iter())
        .filter(|&c| c != Column::Id)
        .collect();
    // The row at this position (and the list it is in: new data, new text).
    let at = Memo::new(move |_| {
        let rows = list.rows.get();
        let i = list.selected.with(|sel| sel.get(p).copied());
        (Arc::as_ptr(&rows.0) as usize, i)
    });
    // Its id, its link, then its cells as shown.
    let texts = {
        let columns = columns.clone();
        Memo::new(move |_| {
            let Some(i) = at.get().1 else {
                return vec![String::new(); columns.len() + 2];
            };
            list.rows.with_untracked(|rows| {
                let r = &rows[i as usize];
                let cells = columns.iter().map(|&c| cell(t, loc, r, c));
                [r.id.clone(), filtered_href(&customer_path(&r.id))]
                    .into_iter()
                    .chain(cells)
                    .collect::<Vec<_>>()
            })
        })
    };
    let text = move |j: usize| move || texts.with(|v| v[j].clone());
    let cells = (columns.iter().enumerate())
        .map(|(j, c)| {
            // Text is cut with an ellipsis by CSS: the whole text is the tooltip. Numbers,
            // dates and classes are never cut: no tooltip to update at every key.
            let (class, title) = match c.numeric() {
                true => ("num", None),
                false if matches!(c, Column::Abc | Column::LastPurchase) => ("", None),
                false => ("", Some(text(j + 2))),
            };
            view! {
                <td class=class title=title>
                    {text(j + 2)}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr class="vrow">
            <th scope="row" title=text(0)>
                <a href=text(1)>{text(0)}</a>
            </th>
            {cells}
        </tr>
    }
}
