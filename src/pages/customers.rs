use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::PageHeader;
use crate::components::{
    download_text, Bars, BreakdownCard, Clip, CustomerForm, EmptyState, Explain,
};
use crate::core::edit::{
    add_customer, delete_customer, update_customer, CustomerFields, ProfileField,
};
use crate::core::export::csv_table;
use crate::core::metrics::{
    customer_explanations, customer_list_explanation, customer_timeline, CustomerGroup,
    CustomerRow, Event, Timeline, RFM_SEGMENTS,
};
use crate::core::model::{Dataset, Kind};
use crate::customer_list::{self, Column, ListQuery, ListRow, ModelInputs};
use crate::format;
use crate::i18n::{Locale, Texts};
use crate::routes::{customer_path, href, Page};
use crate::state::{
    customer_lifetime, customer_list_rows, customers_breakdown, filtered_href, use_analytics,
    use_app_state, use_locale, use_texts, Shared,
};
use crate::storage::prefs::{self, CustomerViews};
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

const ROW_HEIGHT: f64 = 40.0;
const VIEWPORT: f64 = 560.0;

fn opt(loc: Locale, v: Option<f64>, f: fn(Locale, f64) -> String) -> String {
    v.map(|v| f(loc, v)).unwrap_or_else(|| format::NONE.into())
}

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

/// Customers, buyers and revenue per value of any customer column (segment, city, an age
/// band, an account's sector).
#[component]
fn CustomersBreakdown() -> impl IntoView {
    let t = use_texts();
    let (w, tc) = (&t.words, &t.customers);
    let breakdown = customers_breakdown("customers");
    let bars = Bars {
        series: w.revenue,
        value: |g: &CustomerGroup| g.revenue,
        label: tc.by_title,
        empty: t.sales.no_revenue,
    };
    let headers = vec![
        w.customers,
        tc.buyers,
        w.orders,
        w.revenue,
        tc.revenue_per_customer,
    ];
    let cells = |loc: Locale, g: &CustomerGroup| {
        let count = |n: u64| (format::count(loc, n as f64), Some(n as f64));
        let per = g.revenue_per_customer;
        let figures = vec![
            count(g.customers),
            count(g.buyers),
            count(g.orders),
            (format::money(loc, g.revenue), Some(g.revenue)),
            (opt(loc, per, format::money), per),
        ];
        (g.value.clone(), figures)
    };
    view! {
        <BreakdownCard
            card="customers"
            title=tc.by_title
            picker=tc.by_label
            breakdown=breakdown
            headers=headers
            cells=cells
            no_value=tc.no_value
            bars=bars
        />
    }
}

/// `/customers`: everyone you sell to.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)(Page::Customers) lead=t.customers.lead figures=true />
        <Show
            when=move || has_data.get()
            fallback=move || view! { <EmptyState needs=t.customers.needs /> }
        >
            <CustomerList />
            <CustomersBreakdown />
        </Show>
    }
}

#[component]
fn CustomerList() -> impl IntoView {
    let (state, analytics) = (use_app_state(), use_analytics());
    let (t, loc) = (use_texts(), use_locale());
    let rows = customer_list_rows();
    let query = RwSignal::new(ListQuery::default());
    // Hidden columns and saved views, kept in localStorage.
    let views = RwSignal::new(prefs::load::<CustomerViews>(
        prefs::CUSTOMER_VIEWS_KEY,
        prefs::CUSTOMER_VIEWS_VERSION,
    ));
    let store = move |change: Box<dyn FnOnce(&mut CustomerViews)>| {
        views.update(|v| change(v));
        views.with_untracked(|v| {
            prefs::save(prefs::CUSTOMER_VIEWS_KEY, prefs::CUSTOMER_VIEWS_VERSION, v)
        });
    };
    // Without orders the purchase columns (RFM, revenue, CLV, …) would be empty for everyone:
    // they are not shown (the column picker offers the rest).
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
    let current_view = RwSignal::new(String::new());
    let view_name = RwSignal::new(String::new());
    // The last selection, so that a letter typed into the search filters it instead of
    // selecting and sorting every row again.
    type Last = (Shared<Vec<ListRow>>, ListQuery, Shared<Vec<u32>>);
    let last = StoredValue::new(None::<Last>);
    let selected = Memo::new(move |_| {
        let (rows, q) = (rows.get(), query.get());
        let narrowed = last.with_value(|last| {
            let (_, prev_q, prev) = last.as_ref().filter(|(r, _, _)| *r == rows)?;
            customer_list::narrow(&rows, prev_q, prev, &q)
        });
        let sel = Shared(Arc::new(
            narrowed.unwrap_or_else(|| customer_list::select(&rows, &q)),
        ));
        last.set_value(Some((rows, q, sel.clone())));
        sel
    });
    let scroll_top = RwSignal::new(0.0);
    // The rows in view (plus some on each side): a scroll within one row renders nothing,
    // and rows that stay in view keep their elements (keyed by the row list, the shown
    // columns and the row), so a scroll step only builds the rows that come into view.
    let range = Memo::new(move |_| {
        let n = selected.with(|sel| sel.len());
        customer_list::window(scroll_top.get(), VIEWPORT, ROW_HEIGHT, n, 8)
    });
    let spacer = move |before: bool| {
        let (range, n) = (range.get(), selected.with(|sel| sel.len()));
        let rows = if before { range.start } else { n - range.end };
        format!("{}px", rows as f64 * ROW_HEIGHT)
    };
    let in_view = move || {
        let (list, sel, range) = (rows.get(), selected.get(), range.get());
        let generation = Arc::as_ptr(&list.0) as usize;
        let columns = shown.with(|cs| cs.iter().fold(0u32, |m, &c| m | 1 << c as u32));
        sel[range]
            .iter()
            .map(|&i| (generation, columns, i))
            .collect::<Vec<_>>()
    };
    let row_view = move |(_, _, i): (usize, u32, u32)| {
        let list = rows.get_untracked();
        let r = &list[i as usize];
        let link = filtered_href(&customer_path(&r.id));
        let cells = shown
            .get_untracked()
            .into_iter()
            .filter(|&c| c != Column::Id)
            .map(|c| {
                let class = if c.numeric() { "num" } else { "" };
                // Cut with an ellipsis by CSS: the whole text is the tooltip.
                let text = cell(t, loc, r, c);
                let title = text.clone();
                view! {
                    <td class=class title=title>
                        {text}
                    </td>
                }
            })
            .collect_view();
        let (id, title) = (r.id.clone(), r.id.clone());
        view! {
            <tr class="vrow">
                <th scope="row" title=title>
                    <A href=link>{id}</A>
                </th>
                {cells}
            </tr>
        }
    };
    let visible = move || {
        view! {
            <tr aria-hidden="true" style:height=move || spacer(true)></tr>
            <For each=in_view key=|k| *k children=row_view />
            <tr aria-hidden="true" style:height=move || spacer(false)></tr>
        }
    };
    let header = move || {
        shown
            .get()
            .into_iter()
            .map(|c| {
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
                view! {
                    <th scope="col" class=class aria-sort=sort>
                        <button
                            class="sort-button"
                            on:click=move |_| {
                                query
                                    .update(|q| {
                                        if q.sort == c {
                                            q.descending = !q.descending
                                        } else {
                                            q.sort = c;
                                            q.descending = c.numeric();
                                        }
                                    })
                            }
                        >
                            {(t.customers.column)(c)}
                        </button>
                    </th>
                }
            })
            .collect_view()
    };
    let export = move |_| {
        let (rows, sel) = (rows.get_untracked(), selected.get_untracked());
        // Who they are, then the columns shown.
        let columns: Vec<Column> = shown
            .get_untracked()
            .into_iter()
            .filter(|c| !matches!(c, Column::Id | Column::Name | Column::City))
            .collect();
        let headers: Vec<&str> = ["ID", "Name", "E-mail", "Phone", "City", "Segment"]
            .into_iter()
            .chain(columns.iter().map(|c| c.label()))
            .chain(ModelInputs::HEADERS)
            .collect();
        let data = sel.iter().map(|&i| {
            let r = &rows[i as usize];
            [
                r.id.clone(),
                r.name.clone(),
                r.email.clone(),
                r.phone.clone(),
                r.city.clone(),
                r.segment.clone(),
            ]
            .into_iter()
            .chain(columns.iter().map(|&c| cell(t, loc, r, c)))
            .chain(ModelInputs::cells(r.model_inputs))
            .collect::<Vec<_>>()
        });
        download_text("customers.csv", "text/csv", &csv_table(&headers, data));
    };
    let adding = RwSignal::new(false);
    let add_error = RwSignal::new(None::<String>);
    let navigate = StoredValue::new_local(use_navigate());
    let save_new = Callback::new(move |fields: CustomerFields| {
        let next = state.dataset.with_untracked(|ds| add_customer(ds, &fields));
        match next {
            Err(e) => add_error.set(Some((t.customers.not_saved)(&e))),
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
        <Show when=move || adding.get()>
            <section class="card" aria-labelledby="add-customer-title">
                <h2 id="add-customer-title" class="card__title">
                    {t.customers.add_title}
                </h2>
                <CustomerForm
                    initial=CustomerFields::default()
                    on_save=save_new
                    on_cancel=Callback::new(move |_| adding.set(false))
                    error=add_error
                />
            </section>
        </Show>
        <section class="card" aria-labelledby="customer-list-title">
            <h2 id="customer-list-title" class="visually-hidden">
                {t.customers.list_title}
            </h2>
            <div class="toolbar">
                <span class="filter">
                    <label class="filter__label" for="customer-search">
                        {t.customers.search}
                    </label>
                    <input
                        type="search"
                        id="customer-search"
                        data-testid="customer-search"
                        placeholder=t.customers.search_placeholder
                        prop:value=move || query.with(|q| q.search.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            query.update(|q| q.search = v);
                            scroll_top.set(0.0);
                        }
                    />
                </span>
                <span class="filter">
                    <label class="filter__label" for="rfm-filter">
                        {t.customers.rfm_segment}
                    </label>
                    <select
                        id="rfm-filter"
                        prop:value=move || query.with(|q| q.rfm_segment.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            query.update(|q| q.rfm_segment = (!v.is_empty()).then_some(v));
                        }
                    >
                        <option value="">{t.customers.all}</option>
                        {RFM_SEGMENTS
                            .into_iter()
                            .map(|s| view! { <option value=s>{t.words.rfm_segment(s)}</option> })
                            .collect_view()}
                    </select>
                </span>
                <span class="filter">
                    <label class="filter__label" for="abc-filter">
                        {t.customers.abc_class}
                    </label>
                    <select
                        id="abc-filter"
                        prop:value=move || {
                            query.with(|q| q.abc.map(String::from).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            query.update(|q| q.abc = v.chars().next());
                        }
                    >
                        <option value="">{t.customers.all}</option>
                        <option value="A">"A"</option>
                        <option value="B">"B"</option>
                        <option value="C">"C"</option>
                    </select>
                </span>
                <span class="filter">
                    <label class="filter__label" for="palive-filter">
                        {t.customers.p_alive_at_most}
                    </label>
                    <select
                        id="palive-filter"
                        prop:value=move || {
                            query.with(|q| q.max_p_alive.map(|p| p.to_string()).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            query.update(|q| q.max_p_alive = v.parse::<f64>().ok());
                        }
                    >
                        <option value="">{t.customers.any}</option>
                        <option value="0.25">"25%"</option>
                        <option value="0.5">"50%"</option>
                        <option value="0.75">"75%"</option>
                    </select>
                </span>
                <span class="muted" role="status" data-testid="customer-count">
                    {move || (t.customers.count)(&format::count(loc, selected.get().len() as f64))}
                </span>
                <button class="button" on:click=export data-testid="export-customers">
                    {t.words.export_csv}
                </button>
                <button
                    class="button"
                    on:click=move |_| adding.set(true)
                    data-testid="add-customer"
                >
                    {t.customers.add}
                </button>
            </div>
            <div class="toolbar" data-testid="customer-views">
                <details class="column-picker">
                    <summary>{t.customers.columns}</summary>
                    <fieldset class="choice-group">
                        <legend class="visually-hidden">{t.customers.columns_shown}</legend>
                        {Column::ALL
                            .into_iter()
                            .filter(|&c| c != Column::Id)
                            .map(|c| {
                                let id = format!("show-{}", c.key());
                                let label_for = id.clone();
                                view! {
                                    <label class="choice" for=label_for>
                                        <input
                                            type="checkbox"
                                            id=id
                                            prop:checked=move || views.with(|v| !v.hidden.contains(&c))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                store(Box::new(move |v| v.set_hidden(c, !on)));
                                            }
                                        />
                                        {(t.customers.column)(c)}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                </details>
                <span class="filter">
                    <label class="filter__label" for="saved-view">
                        {t.customers.saved_views}
                    </label>
                    <select
                        id="saved-view"
                        data-testid="saved-view"
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            if let Some(v) = views.with_untracked(|vs| vs.find(&name).cloned()) {
                                query.set(v.query);
                                scroll_top.set(0.0);
                                store(Box::new(move |vs| vs.hidden = v.hidden));
                            }
                            current_view.set(name);
                        }
                    >
                        <option value="" selected=move || current_view.with(String::is_empty)>
                            {t.customers.no_view}
                        </option>
                        {move || {
                            views
                                .with(|v| {
                                    v.saved
                                        .iter()
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
                        }}
                    </select>
                </span>
                <Show when=move || !current_view.get().is_empty()>
                    <button
                        class="button"
                        data-testid="delete-view"
                        on:click=move |_| {
                            let name = current_view.get_untracked();
                            store(Box::new(move |v| v.remove(&name)));
                            current_view.set(String::new());
                        }
                    >
                        {t.customers.delete_view}
                    </button>
                </Show>
                <form
                    class="filter"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let name = view_name.get_untracked().trim().to_string();
                        if name.is_empty() {
                            return;
                        }
                        let q = query.get_untracked();
                        let n = name.clone();
                        store(
                            Box::new(move |v| {
                                v.save(&n, q);
                            }),
                        );
                        current_view.set(name);
                        view_name.set(String::new());
                    }
                >
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
            </div>
            <div
                class="vscroll"
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
                    <tbody>{visible}</tbody>
                </table>
            </div>
            {move || {
                let (period, as_of) = (
                    analytics.dashboard.get().sales.period,
                    analytics.as_of.get().orders,
                );
                let e = customer_list_explanation(
                    &period,
                    as_of,
                    &state.params.get(),
                    rows.get().len(),
                );
                view! { <Explain explanation=e /> }
            }}
        </section>
    }
}

/// `/customers/:id`: one customer's profile and history.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let state = use_app_state();
    let has_data = state.has_data();
    let t = use_texts();
    view! {
        <PageHeader title=t.customers.customer />
        <p class="page-subtitle">
            {t.customers.customer_id} <bdi data-testid="customer-id">{id}</bdi>
        </p>
        <Show
            when=move || has_data.get()
            fallback=move || view! { <EmptyState needs=t.customers.needs /> }
        >
            {move || view! { <CustomerDetail id=id() /> }}
        </Show>
    }
}

#[component]
fn CustomerDetail(id: String) -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let (t, loc) = (use_texts(), use_locale());
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let remove_related = RwSignal::new(false);
    let edit_error = RwSignal::new(None::<String>);
    let navigate = StoredValue::new_local(use_navigate());
    let current_fields = {
        let id = id.clone();
        move || {
            state.dataset.with(|ds| {
                let sym = ds.strings.lookup(&id)?;
                ds.customers
                    .rows
                    .iter()
                    .find(|c| c.id == sym)
                    .map(|c| CustomerFields::of(ds, c))
            })
        }
    };
    let save = {
        let id = id.clone();
        Callback::new(move |fields: CustomerFields| {
            let next = state
                .dataset
                .with_untracked(|ds| update_customer(ds, &id, &fields));
            let id = id.clone();
            match next {
                Err(e) => edit_error.set(Some((t.customers.not_saved)(&e))),
                Ok(next) => spawn_local(async move {
                    let new_id = fields.id.trim().to_string();
                    if state
                        .commit(next, Some((t.customers.editing)(&id)))
                        .await
                        .is_ok()
                    {
                        editing.set(false);
                        if new_id != id {
                            let url = href(&customer_path(&new_id));
                            navigate.with_value(|n| n(&url, Default::default()));
                        }
                    }
                }),
            }
        })
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let Ok(next) = state
                .dataset
                .with_untracked(|ds| delete_customer(ds, &id, remove_related.get_untracked()))
            else {
                return;
            };
            let id = id.clone();
            spawn_local(async move {
                if state
                    .commit(next, Some((t.customers.deleting)(&id)))
                    .await
                    .is_ok()
                {
                    navigate.with_value(|n| n(&href(Page::Customers.path()), Default::default()));
                }
            });
        }
    };
    // Their records, newest first (the core's selection; the page only words them).
    let records = {
        let id = id.clone();
        Memo::new(move |_| {
            state.dataset.with(|ds| {
                (ds.strings.lookup(&id)).map(|sym| customer_timeline(ds, sym, TIMELINE_EVENTS))
            })
        })
    };
    let related = move || records.with(|r| r.as_ref().map_or(0, |r| r.related));
    let has_record = {
        let f = current_fields.clone();
        move || f().is_some()
    };
    let metrics = {
        let id = id.clone();
        Memo::new(move |_| {
            analytics
                .customers
                .get()
                .iter()
                .find(|r| r.id == id)
                .cloned()
        })
    };
    let profile = {
        let id = id.clone();
        move || state.dataset.with(|ds| profile_fields(ds, t, loc, &id))
    };
    view! {
        <Show when=move || {
            editing.get()
        }>
            {
                let current_fields = current_fields.clone();
                move || {
                    current_fields()
                        .map(|initial| {
                            view! {
                                <section class="card" aria-labelledby="edit-title">
                                    <h2 id="edit-title" class="card__title">
                                        {t.customers.edit_title}
                                    </h2>
                                    <CustomerForm
                                        initial
                                        on_save=save
                                        on_cancel=Callback::new(move |_| editing.set(false))
                                        error=edit_error
                                    />
                                </section>
                            }
                        })
                }
            }
        </Show>
        <Show when=move || deleting.get()>
            <div
                class="alert alert--error"
                role="alertdialog"
                aria-labelledby="delete-customer-question"
            >
                <p id="delete-customer-question">{t.customers.delete_question}</p>
                <label class="choice" for="delete-related">
                    <input
                        type="checkbox"
                        id="delete-related"
                        prop:checked=move || remove_related.get()
                        on:change=move |ev| remove_related.set(event_target_checked(&ev))
                    />
                    {move || (t.customers.delete_related)(&format::count(loc, related() as f64))}
                </label>
                <div class="actions">
                    <button
                        class="button button--danger"
                        data-testid="confirm-delete-customer"
                        on:click=delete.clone()
                    >
                        {t.customers.delete_customer}
                    </button>
                    <button class="button" on:click=move |_| deleting.set(false)>
                        {t.words.cancel}
                    </button>
                </div>
            </div>
        </Show>
        {move || match profile() {
            None if metrics.get().is_none() => {
                view! {
                    <p class="alert" role="alert">
                        {t.customers.not_found}
                    </p>
                }
                    .into_any()
            }
            p => {
                let (fields, placeholder) = p.unwrap_or_default();
                view! {
                    <section class="card" aria-labelledby="profile-title">
                        <h2 id="profile-title" class="card__title">
                            {t.customers.profile}
                        </h2>
                        <Show when=has_record.clone()>
                            <div class="actions">
                                <button
                                    class="button"
                                    data-testid="edit-customer"
                                    on:click=move |_| {
                                        edit_error.set(None);
                                        editing.set(true)
                                    }
                                >
                                    {t.customers.edit}
                                </button>
                                <button
                                    class="button"
                                    data-testid="delete-customer"
                                    on:click=move |_| deleting.set(true)
                                >
                                    {t.customers.delete}
                                </button>
                            </div>
                        </Show>
                        {placeholder
                            .then(|| view! { <p class="muted">{t.customers.placeholder_note}</p> })}
                        <dl class="profile" data-testid="profile">
                            {fields
                                .into_iter()
                                .map(|(k, v)| {
                                    view! {
                                        <div>
                                            <dt>{k}</dt>
                                            <dd>
                                                <Clip text=v />
                                            </dd>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    </section>
                }
                    .into_any()
            }
        }}
        <CustomerKpis id=id.clone() metrics />
        <CustomerTimeline records />
    }
}

/// A customer's figures: those of the period when they bought in it, else the model's.
#[component]
fn CustomerKpis(
    /// The customer's id.
    id: String,
    /// Their row of the period's customer table, if they bought in it.
    metrics: Memo<Option<CustomerRow>>,
) -> impl IntoView {
    let (state, analytics) = (use_app_state(), use_analytics());
    let (t, loc) = (use_texts(), use_locale());
    let lifetime = customer_lifetime(id.clone());
    view! {
        {move || {
            metrics
                .get()
                .map(|m| {
                    let period = analytics.dashboard.get().sales.period;
                    let e = customer_explanations(
                        &period,
                        analytics.as_of.get().orders,
                        &state.params.get(),
                        m.frequency as usize,
                    );
                    view! {
                        <div class="kpi-grid" data-testid="customer-kpis">
                            <article class="kpi card">
                                <h2 class="kpi__label">{t.words.revenue}</h2>
                                <p class="kpi__value">{format::money(loc, m.monetary)}</p>
                                <Explain explanation=e.revenue />
                            </article>
                            <article class="kpi card">
                                <h2 class="kpi__label">{t.words.orders}</h2>
                                <p class="kpi__value">{m.frequency}</p>
                                <Explain explanation=e.orders />
                            </article>
                            <article class="kpi card">
                                <h2 class="kpi__label">{t.words.aov}</h2>
                                <p class="kpi__value">{opt(loc, m.aov, format::money)}</p>
                                <Explain explanation=e.aov />
                            </article>
                            <article class="kpi card">
                                <h2 class="kpi__label">{t.customers.rfm}</h2>
                                <p class="kpi__value">{format!("{}{}{}", m.r, m.f, m.m)}</p>
                                <p class="muted">
                                    {(t
                                        .customers
                                        .segment_abc)(
                                        &t.words.rfm_segment(m.segment),
                                        &m.abc.to_string(),
                                    )}
                                </p>
                                <Explain explanation=e.rfm />
                            </article>
                            <article class="kpi card" data-testid="customer-value-v">
                                <h2 class="kpi__label">{t.customers.value_v}</h2>
                                <p class="kpi__value">{format::number(loc, m.value_v, 0)}</p>
                                <p class="muted">{t.customers.value_v_note}</p>
                                <Explain explanation=e.value_v />
                            </article>
                            <article class="kpi card">
                                <h2 class="kpi__label">{t.words.p_alive}</h2>
                                <p class="kpi__value">{opt(loc, m.p_alive, format::percent)}</p>
                                <p class="muted">{t.customers.loyalty_note}</p>
                                <Explain explanation=e.p_alive />
                            </article>
                            {m
                                .satisfaction
                                .map(|s| {
                                    let e = e.satisfaction.clone();
                                    view! {
                                        <article
                                            class="kpi card"
                                            data-testid="customer-satisfaction"
                                        >
                                            <h2 class="kpi__label">{t.customers.satisfaction}</h2>
                                            <p class="kpi__value">{format::number(loc, s, 1)}</p>
                                            <Explain explanation=e />
                                        </article>
                                    }
                                })}
                            <article class="kpi card">
                                <h2 class="kpi__label">{t.words.clv_12m}</h2>
                                <p class="kpi__value">{opt(loc, m.clv, format::money)}</p>
                                <Explain explanation=e.clv />
                            </article>
                        </div>
                    }
                })
        }}
        {move || match (metrics.get(), lifetime.get()) {
            (None, Some((p_alive, clv))) => {
                let period = analytics.dashboard.get().sales.period;
                let e = customer_explanations(
                    &period,
                    analytics.as_of.get().orders,
                    &state.params.get(),
                    0,
                );
                Some(
                    view! {
                        <p class="muted" data-testid="no-purchase-in-period">
                            {t.customers.no_purchase_in_period}
                        </p>
                        <div class="kpi-grid" data-testid="customer-kpis">
                            <article class="kpi card" data-testid="customer-p-alive">
                                <h2 class="kpi__label">{t.words.p_alive}</h2>
                                <p class="kpi__value">{format::percent(loc, p_alive)}</p>
                                <p class="muted">{t.customers.loyalty_note}</p>
                                <Explain explanation=e.p_alive />
                            </article>
                            <article class="kpi card" data-testid="customer-clv">
                                <h2 class="kpi__label">{t.words.clv_12m}</h2>
                                <p class="kpi__value">{opt(loc, clv, format::money)}</p>
                                <Explain explanation=e.clv />
                            </article>
                        </div>
                    },
                )
            }
            _ => None,
        }}
    }
}

/// A customer's records, newest first, worded.
#[component]
fn CustomerTimeline(
    /// Their records (`core::metrics::customer_timeline`).
    records: Memo<Option<Timeline>>,
) -> impl IntoView {
    let state = use_app_state();
    let (t, loc) = (use_texts(), use_locale());
    let timeline = move || {
        let events = records.with(|r| r.as_ref().map(|r| r.events.clone()).unwrap_or_default());
        state.dataset.with(|ds| {
            (events.iter())
                .map(|e| (e.day, event_kind(t, e.kind), event_text(ds, t, loc, e)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="card__title">
                {t.customers.timeline}
            </h2>
            <ol class="timeline" data-testid="timeline">
                {move || {
                    timeline()
                        .into_iter()
                        .map(|(when, kind, what)| {
                            view! {
                                <li title=what.clone()>
                                    <time datetime=when
                                        .map(|d| d.iso())
                                        .unwrap_or_default()>
                                        {when.map(|d| format::date(loc, d)).unwrap_or_default()}
                                    </time>
                                    " "
                                    <strong>{kind}</strong>
                                    " "
                                    <bdi>{what.clone()}</bdi>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}

/// A customer's profile as shown: each field the customers file gives, their signup date,
/// then its extra columns; and whether the customer is a placeholder. `None` when the
/// customers file does not have them.
fn profile_fields(
    ds: &Dataset,
    t: &'static Texts,
    loc: Locale,
    id: &str,
) -> Option<(Vec<(String, String)>, bool)> {
    let sym = ds.strings.lookup(id)?;
    let i = ds.customers.rows.iter().position(|c| c.id == sym)?;
    let c = &ds.customers.rows[i];
    let mut fields: Vec<(String, String)> = [
        (ProfileField::Name, c.name),
        (ProfileField::Email, c.email),
        (ProfileField::Phone, c.phone),
        (ProfileField::Company, c.company),
        (ProfileField::City, c.city),
        (ProfileField::Region, c.region),
        (ProfileField::Country, c.country),
        (ProfileField::Segment, c.segment),
        (ProfileField::Channel, c.channel),
        (ProfileField::Owner, c.owner),
        (ProfileField::Status, c.status),
        (ProfileField::Tags, c.tags),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| ((t.words.field)(k).to_string(), ds.str(v).to_string()))
    .collect();
    if let Some(d) = c.signup {
        fields.push((t.customers.since.into(), format::date(loc, d)));
    }
    fields.extend(
        ds.customers
            .extras(i)
            .map(|(k, v)| (ds.str(k).to_string(), ds.str(v).to_string())),
    );
    Some((fields, c.placeholder))
}

/// How many of a customer's records their page lists.
const TIMELINE_EVENTS: usize = 300;

/// What a timeline entry is, in words.
fn event_kind(t: &'static Texts, kind: Kind) -> &'static str {
    match kind {
        Kind::Orders => t.customers.order,
        Kind::Deals => t.customers.deal,
        Kind::Tickets => t.customers.ticket,
        _ => t.customers.contact,
    }
}

/// One timeline entry's line: what was bought, the deal's stage, the ticket, the contact.
fn event_text(ds: &Dataset, t: &'static Texts, loc: Locale, e: &Event) -> String {
    let money = |m: crate::core::model::Money| format::money(loc, m.to_f64());
    match e.kind {
        Kind::Orders => {
            let o = &ds.orders.rows[e.row];
            let what = [ds.str(o.product), ds.str(o.category)]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or(t.customers.order);
            format!(
                "{what}: {}{}",
                money(o.amount),
                (t.customers.order_status)(o.status)
            )
        }
        Kind::Deals => {
            let d = &ds.deals.rows[e.row];
            let amount = d.amount.map(money).unwrap_or_default();
            format!("{} — {} {amount}", ds.str(d.title), ds.str(d.stage))
        }
        Kind::Tickets => {
            let tk = &ds.tickets.rows[e.row];
            let csat = (tk.csat)
                .map(|c| format!(", {} {c}/5", t.words.csat))
                .unwrap_or_default();
            format!("{} ({}){csat}", ds.str(tk.issue_type), ds.str(tk.status))
        }
        _ => {
            let r = &ds.responses.rows[e.row];
            let revenue = (r.revenue)
                .map(|m| format!(", {}", money(m)))
                .unwrap_or_default();
            let outcome =
                (t.customers.contact_outcome)(ds.str(r.campaign), r.responded, r.converted);
            format!("{outcome}{revenue}")
        }
    }
}
