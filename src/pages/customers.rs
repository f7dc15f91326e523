use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::PageHeader;
use crate::components::{Bars, BreakdownCard, Clip, CustomerForm, EmptyState, Explain};
use crate::core::edit::{delete_customer, update_customer, CustomerFields, ProfileField};
use crate::core::metrics::{
    customer_explanations, customer_timeline, CustomerGroup, CustomerRow, Event, Timeline,
};
use crate::core::metrics::{Figure, Records};
use crate::core::model::{Dataset, Kind};
use crate::format;
use crate::i18n::{Locale, Texts};
use crate::routes::{customer_path, href, Page};
use crate::state::{
    customer_lifetime, customers_breakdown, rows_href, use_analytics, use_app_state, use_locale,
    use_texts,
};

mod list;

use list::CustomerList;

/// A figure as shown, or [`format::NONE`] without one.
fn opt(loc: Locale, v: Option<f64>, f: fn(Locale, f64) -> String) -> String {
    v.map(|v| f(loc, v)).unwrap_or_else(|| format::NONE.into())
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
            rows=|column, label| Figure::Breakdown {
                kind: Kind::Customers,
                column,
                label,
            }
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
    // The team's data is read-only: no edit buttons while it is shown.
    let has_record = {
        let f = current_fields.clone();
        move || f().is_some() && !state.viewing_team.get()
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
        <CustomerTimeline id=id.clone() records />
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
    /// The customer's id.
    id: String,
    /// Their records (`core::metrics::customer_timeline`).
    records: Memo<Option<Timeline>>,
) -> impl IntoView {
    let state = use_app_state();
    let (t, loc) = (use_texts(), use_locale());
    // Every record of theirs of a kind, under the filter: the rows behind the timeline.
    let kinds = move || {
        let r = state.dataset.with(|ds| Records::of(ds));
        let w = &t.words;
        let all = [
            (Kind::Orders, r.orders, w.orders),
            (Kind::Deals, r.deals, w.deals),
            (Kind::Tickets, r.tickets, w.tickets),
            (Kind::Responses, r.responses, t.responses.contacts),
        ];
        (all.into_iter().filter(|k| k.1 > 0))
            .map(|(kind, _, name)| {
                let figure = Figure::Customer {
                    id: id.clone(),
                    kind,
                };
                view! {
                    <a class="button button--small" href=rows_href(Some(&figure))>
                        {name}
                    </a>
                }
            })
            .collect_view()
    };
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
            <p class="actions" data-testid="customer-rows">
                <span class="muted">{t.rows.show}</span>
                {kinds}
            </p>
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
