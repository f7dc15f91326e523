use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::PageHeader;
use crate::app::href;
use crate::components::{download_text, Clip, CustomerForm, EmptyState};
use crate::core::edit::{add_customer, delete_customer, update_customer, CustomerFields};
use crate::core::export::csv_table;
use crate::core::metrics::RFM_SEGMENTS;
use crate::core::model::OrderStatus;
use crate::customer_list::{self, Column, ListQuery, ListRow};
use crate::format;
use crate::state::{use_analytics, use_app_state, Shared};
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

const ROW_HEIGHT: f64 = 40.0;
const VIEWPORT: f64 = 560.0;

fn opt(v: Option<f64>, f: fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "–".into())
}

fn cell(row: &ListRow, column: Column) -> String {
    match column {
        Column::Id => row.id.clone(),
        Column::Name => row.name.clone(),
        Column::City => row.city.clone(),
        Column::RfmSegment => row.rfm_segment.to_string(),
        Column::Abc => row.abc.map(String::from).unwrap_or_default(),
        Column::Orders => format::count(row.orders as f64),
        Column::Revenue => format::money(row.revenue),
        Column::LastPurchase => row.last_purchase.clone(),
        Column::PAlive => opt(row.p_alive, format::percent),
        Column::Clv => opt(row.clv, format::money),
    }
}

/// `/customers`: everyone you sell to.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let has_data = use_app_state().has_data();
    view! {
        <PageHeader title="Customers" lead="Everyone you sell to, with their value and segment."/>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="a customers or orders CSV"/> }>
            <CustomerList/>
        </Show>
    }
}

#[component]
fn CustomerList() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let rows = Memo::new(move |_| {
        let table = analytics.customers.get();
        state
            .dataset
            .with(|ds| Shared(Arc::new(customer_list::build(ds, &table))))
    });
    let query = RwSignal::new(ListQuery::default());
    let selected = Memo::new(move |_| {
        let rows = rows.get();
        query.with(|q| Shared(Arc::new(customer_list::select(&rows, q))))
    });
    let scroll_top = RwSignal::new(0.0);
    let visible = move || {
        let (rows, sel) = (rows.get(), selected.get());
        let range = customer_list::window(scroll_top.get(), VIEWPORT, ROW_HEIGHT, sel.len(), 8);
        let before = range.start as f64 * ROW_HEIGHT;
        let after = (sel.len() - range.end) as f64 * ROW_HEIGHT;
        let body = sel[range]
            .iter()
            .map(|&i| {
                let r = &rows[i as usize];
                let link = href(&format!("/customers/{}", js_sys::encode_uri_component(&r.id)));
                let cells = Column::ALL
                    .iter()
                    .skip(1)
                    .map(|&c| {
                        let class = if c.numeric() { "num" } else { "" };
                        // Cut with an ellipsis by CSS: the whole text is the tooltip.
                        let text = cell(r, c);
                        let title = text.clone();
                        view! { <td class=class title=title>{text}</td> }
                    })
                    .collect_view();
                let (id, title) = (r.id.clone(), r.id.clone());
                view! { <tr class="vrow"><th scope="row" title=title><A href=link>{id}</A></th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <tr aria-hidden="true" style:height=format!("{before}px")></tr>
            {body}
            <tr aria-hidden="true" style:height=format!("{after}px")></tr>
        }
    };
    let header = Column::ALL
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
                    <button class="sort-button" on:click=move |_| query.update(|q| {
                        if q.sort == c { q.descending = !q.descending } else { q.sort = c; q.descending = c.numeric() }
                    })>{c.label()}</button>
                </th>
            }
        })
        .collect_view();
    let export = move |_| {
        let (rows, sel) = (rows.get_untracked(), selected.get_untracked());
        let headers: Vec<&str> = ["ID", "Name", "E-mail", "Phone", "City", "Segment"]
            .into_iter()
            .chain(Column::ALL.iter().skip(2).map(|c| c.label()))
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
            .chain(Column::ALL.iter().skip(2).map(|&c| cell(r, c)))
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
            Err(e) => add_error.set(Some(format!("Not saved: {e}."))),
            Ok(next) => spawn_local(async move {
                let id = fields.id.trim().to_string();
                if state
                    .commit(next, Some(format!("Adding customer {id}")))
                    .await
                    .is_ok()
                {
                    adding.set(false);
                    let url = href(&format!("/customers/{}", js_sys::encode_uri_component(&id)));
                    navigate.with_value(|n| n(&url, Default::default()));
                }
            }),
        }
    });
    view! {
        <Show when=move || adding.get()>
            <section class="card" aria-labelledby="add-customer-title">
                <h2 id="add-customer-title" class="card__title">"Add a customer"</h2>
                <CustomerForm initial=CustomerFields::default() on_save=save_new on_cancel=Callback::new(move |_| adding.set(false)) error=add_error/>
            </section>
        </Show>
        <section class="card" aria-labelledby="customer-list-title">
            <h2 id="customer-list-title" class="visually-hidden">"Customer list"</h2>
            <div class="toolbar">
                <span class="filter">
                    <label class="filter__label" for="customer-search">"Search"</label>
                    <input type="search" id="customer-search" data-testid="customer-search" placeholder="Name, e-mail, phone or ID"
                        on:input=move |ev| { let v = event_target_value(&ev); query.update(|q| q.search = v); scroll_top.set(0.0); }/>
                </span>
                <span class="filter">
                    <label class="filter__label" for="rfm-filter">"RFM segment"</label>
                    <select id="rfm-filter" on:change=move |ev| { let v = event_target_value(&ev); query.update(|q| q.rfm_segment = (!v.is_empty()).then_some(v)); }>
                        <option value="">"All"</option>
                        {RFM_SEGMENTS.into_iter().map(|s| view! { <option value=s>{s}</option> }).collect_view()}
                    </select>
                </span>
                <span class="filter">
                    <label class="filter__label" for="abc-filter">"ABC class"</label>
                    <select id="abc-filter" on:change=move |ev| { let v = event_target_value(&ev); query.update(|q| q.abc = v.chars().next()); }>
                        <option value="">"All"</option>
                        <option value="A">"A"</option><option value="B">"B"</option><option value="C">"C"</option>
                    </select>
                </span>
                <span class="filter">
                    <label class="filter__label" for="palive-filter">"P(alive) at most"</label>
                    <select id="palive-filter" on:change=move |ev| { let v = event_target_value(&ev); query.update(|q| q.max_p_alive = v.parse::<f64>().ok()); }>
                        <option value="">"Any"</option>
                        <option value="0.25">"25%"</option><option value="0.5">"50%"</option><option value="0.75">"75%"</option>
                    </select>
                </span>
                <span class="muted" role="status" data-testid="customer-count">{move || format!("{} customers", format::count(selected.get().len() as f64))}</span>
                <button class="button" on:click=export data-testid="export-customers">"Export CSV"</button>
                <button class="button" on:click=move |_| adding.set(true) data-testid="add-customer">"Add customer"</button>
            </div>
            <div class="vscroll" style:height=format!("{VIEWPORT}px") on:scroll=move |ev| {
                let el: web_sys::Element = event_target(&ev);
                scroll_top.set(el.scroll_top() as f64);
            } tabindex="0" aria-label="Customer list, scrollable">
                <table class="table table--compact vtable" data-testid="customer-table">
                    <thead><tr>{header}</tr></thead>
                    <tbody>{visible}</tbody>
                </table>
            </div>
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
    view! {
        <PageHeader title="Customer"/>
        <p class="page-subtitle">"Customer ID: " <bdi data-testid="customer-id">{id}</bdi></p>
        <Show when=move || has_data.get() fallback=|| view! { <EmptyState needs="a customers or orders CSV"/> }>
            {move || view! { <CustomerDetail id=id()/> }}
        </Show>
    }
}

#[component]
fn CustomerDetail(id: String) -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
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
                Err(e) => edit_error.set(Some(format!("Not saved: {e}."))),
                Ok(next) => spawn_local(async move {
                    let new_id = fields.id.trim().to_string();
                    if state
                        .commit(next, Some(format!("Editing customer {id}")))
                        .await
                        .is_ok()
                    {
                        editing.set(false);
                        if new_id != id {
                            let url = href(&format!(
                                "/customers/{}",
                                js_sys::encode_uri_component(&new_id)
                            ));
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
                    .commit(next, Some(format!("Deleting customer {id}")))
                    .await
                    .is_ok()
                {
                    navigate.with_value(|n| n(&href("/customers"), Default::default()));
                }
            });
        }
    };
    let related = {
        let id = id.clone();
        move || {
            state.dataset.with(|ds| {
                ds.strings.lookup(&id).map_or(0, |sym| {
                    ds.orders.rows.iter().filter(|o| o.customer == sym).count()
                        + ds.deals.rows.iter().filter(|d| d.customer == sym).count()
                        + ds.tickets.rows.iter().filter(|t| t.customer == sym).count()
                })
            })
        }
    };
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
        move || {
            state.dataset.with(|ds| {
                let sym = ds.strings.lookup(&id)?;
                let i = ds.customers.rows.iter().position(|c| c.id == sym)?;
                let c = &ds.customers.rows[i];
                let mut fields: Vec<(String, String)> = [
                    ("Name", c.name),
                    ("E-mail", c.email),
                    ("Phone", c.phone),
                    ("Company", c.company),
                    ("City", c.city),
                    ("Region", c.region),
                    ("Country", c.country),
                    ("Segment", c.segment),
                    ("Channel", c.channel),
                    ("Owner", c.owner),
                    ("Status", c.status),
                    ("Tags", c.tags),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), ds.str(v).to_string()))
                .collect();
                if let Some(d) = c.signup {
                    fields.push(("Customer since".into(), d.iso()));
                }
                fields.extend(
                    ds.customers
                        .extras(i)
                        .map(|(k, v)| (ds.str(k).to_string(), ds.str(v).to_string())),
                );
                Some((fields, c.placeholder))
            })
        }
    };
    let timeline = {
        let id = id.clone();
        move || {
            state.dataset.with(|ds| {
                let Some(sym) = ds.strings.lookup(&id) else {
                    return Vec::new();
                };
                let mut events: Vec<(String, &'static str, String)> = Vec::new();
                for o in ds.orders.rows.iter().filter(|o| o.customer == sym) {
                    let status = match o.status {
                        OrderStatus::Refunded => " (refunded)",
                        OrderStatus::Cancelled => " (cancelled)",
                        OrderStatus::Pending => " (pending)",
                        OrderStatus::Completed => "",
                    };
                    let what = [ds.str(o.product), ds.str(o.category)]
                        .into_iter()
                        .find(|s| !s.is_empty())
                        .unwrap_or("Order");
                    events.push((
                        o.date.iso(),
                        "Order",
                        format!("{what}: {}{status}", format::money(o.amount.to_f64())),
                    ));
                }
                for d in ds.deals.rows.iter().filter(|d| d.customer == sym) {
                    let when = d.closed.or(d.created).map(|d| d.iso()).unwrap_or_default();
                    let amount = d
                        .amount
                        .map(|a| format::money(a.to_f64()))
                        .unwrap_or_default();
                    events.push((
                        when,
                        "Deal",
                        format!("{} — {} {amount}", ds.str(d.title), ds.str(d.stage)),
                    ));
                }
                for t in ds.tickets.rows.iter().filter(|t| t.customer == sym) {
                    let when = t.opened.map(|t| t.day().iso()).unwrap_or_default();
                    let csat = t.csat.map(|c| format!(", CSAT {c}/5")).unwrap_or_default();
                    events.push((
                        when,
                        "Ticket",
                        format!("{} ({}){csat}", ds.str(t.issue_type), ds.str(t.status)),
                    ));
                }
                events.sort_by(|a, b| b.0.cmp(&a.0));
                events.truncate(300);
                events
            })
        }
    };
    view! {
        <Show when=move || editing.get()>
            {
                let current_fields = current_fields.clone();
                move || current_fields().map(|initial| view! {
                    <section class="card" aria-labelledby="edit-title">
                        <h2 id="edit-title" class="card__title">"Edit customer"</h2>
                        <CustomerForm initial on_save=save on_cancel=Callback::new(move |_| editing.set(false)) error=edit_error/>
                    </section>
                })
            }
        </Show>
        <Show when=move || deleting.get()>
            <div class="alert alert--error" role="alertdialog" aria-labelledby="delete-customer-question">
                <p id="delete-customer-question">"Delete this customer? You can undo it on the Data page until you close Rapport."</p>
                <label class="choice" for="delete-related">
                    <input type="checkbox" id="delete-related" prop:checked=move || remove_related.get() on:change=move |ev| remove_related.set(event_target_checked(&ev))/>
                    {let related = related.clone(); move || format!("Also delete their {} orders, deals and tickets (otherwise they are kept)", related())}
                </label>
                <div class="actions">
                    <button class="button button--danger" data-testid="confirm-delete-customer" on:click=delete.clone()>"Delete customer"</button>
                    <button class="button" on:click=move |_| deleting.set(false)>"Cancel"</button>
                </div>
            </div>
        </Show>
        {move || match profile() {
            None if metrics.get().is_none() => view! { <p class="alert" role="alert">"No customer with this ID in your data."</p> }.into_any(),
            p => {
                let (fields, placeholder) = p.unwrap_or_default();
                view! {
                    <section class="card" aria-labelledby="profile-title">
                        <h2 id="profile-title" class="card__title">"Profile"</h2>
                        <Show when=has_record.clone()>
                            <div class="actions">
                                <button class="button" data-testid="edit-customer" on:click=move |_| { edit_error.set(None); editing.set(true) }>"Edit"</button>
                                <button class="button" data-testid="delete-customer" on:click=move |_| deleting.set(true)>"Delete…"</button>
                            </div>
                        </Show>
                        {placeholder.then(|| view! { <p class="muted">"Known only from orders, deals or tickets: no customers file described this customer."</p> })}
                        <dl class="profile" data-testid="profile">
                            {fields.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd><Clip text=v/></dd></div> }).collect_view()}
                        </dl>
                    </section>
                }.into_any()
            }
        }}
        {move || metrics.get().map(|m| {
            let aov = if m.frequency > 0 { Some(m.monetary / m.frequency as f64) } else { None };
            view! {
                <div class="kpi-grid" data-testid="customer-kpis">
                    <article class="kpi card"><h2 class="kpi__label">"Revenue"</h2><p class="kpi__value">{format::money(m.monetary)}</p></article>
                    <article class="kpi card"><h2 class="kpi__label">"Orders"</h2><p class="kpi__value">{m.frequency}</p></article>
                    <article class="kpi card"><h2 class="kpi__label">"Average order value"</h2><p class="kpi__value">{opt(aov, format::money)}</p></article>
                    <article class="kpi card"><h2 class="kpi__label">"RFM"</h2><p class="kpi__value">{format!("{}{}{}", m.r, m.f, m.m)}</p><p class="muted">{format!("{} · ABC class {}", m.segment, m.abc)}</p></article>
                    <article class="kpi card"><h2 class="kpi__label">"P(alive)"</h2><p class="kpi__value">{opt(m.p_alive, format::percent)}</p></article>
                    <article class="kpi card"><h2 class="kpi__label">"CLV (12 months)"</h2><p class="kpi__value">{opt(m.clv, format::money)}</p></article>
                </div>
            }
        })}
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="card__title">"Timeline"</h2>
            <ol class="timeline" data-testid="timeline">
                {move || timeline().into_iter().map(|(when, kind, what)| view! {
                    <li title=what.clone()><time>{when}</time> " " <strong>{kind}</strong> " " <bdi>{what.clone()}</bdi></li>
                }).collect_view()}
            </ol>
        </section>
    }
}
