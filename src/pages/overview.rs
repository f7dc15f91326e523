use leptos::prelude::*;
use leptos_router::components::A;

use super::PageHeader;
use crate::charts;
use crate::components::{
    EChart, EmptyState, Explain, ImportHistory, KpiCard, RetentionCard, WhatChanged,
};
use crate::core::metrics::ChurnSource;
use crate::core::metrics::{Figure, KpiId};
use crate::core::series::Series;
use crate::format;
use crate::routes::{customer_path, Page};
use crate::state::{filtered_href, use_analytics, use_app_state, use_locale, use_texts};

/// `/`: the morning view of the business.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_app_state();
    let has_data = state.has_data();
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)(Page::Overview) lead=t.overview.lead figures=true />
        <Show
            when=move || has_data.get()
            fallback=move || {
                view! {
                    <EmptyState needs=t.overview.needs />
                    <section class="card onboarding" aria-labelledby="demo-title">
                        <h2 id="demo-title" class="card__title">
                            {t.overview.demo_title}
                        </h2>
                        <p>{t.overview.demo_text}</p>
                        <div>
                            <button
                                class="button button--primary"
                                data-testid="onboarding-demo"
                                on:click=move |_| state.load_demo()
                            >
                                {t.words.load_demo}
                            </button>
                        </div>
                    </section>
                }
            }
        >
            <OverviewBody />
        </Show>
    }
}

#[component]
fn OverviewBody() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let t = use_texts();
    let w = &t.words;
    let revenue = Signal::derive(move || {
        let d = d.get();
        charts::sales_forecast(
            &d.sales.by_month.value,
            &d.forecast,
            w.revenue,
            t.sales.forecast,
            t.sales.no_revenue,
        )
    });
    // A pipeline without orders: its won revenue is the revenue trend.
    let won = Signal::derive(move || {
        let mut s = d.get().funnel.won_by_month.clone();
        s.name = t.sales.won_revenue.into();
        charts::trend(&s, t.sales.no_revenue)
    });
    let funnel = Signal::derive(move || {
        charts::deal_funnel(&d.get().funnel, false, w.deals, t.overview.no_deals)
    });
    let segments = Signal::derive(move || {
        let d = d.get();
        let mut s = Series::new(w.customers);
        for seg in d.rfm.segments.iter().filter(|s| s.customers > 0) {
            s.push(w.rfm_segment(&seg.name), seg.customers as f64);
        }
        charts::bars(&s, true, t.overview.no_segments)
    });
    let records = Memo::new(move |_| d.with(|d| d.records));
    let retention =
        Signal::derive(move || d.with(|d| d.snapshot.as_ref().and_then(|s| s.retention.clone())));
    let has_orders = move || records.get().orders > 0;
    // The latest import's changes, and the figures at each import once there are two.
    let history = Memo::new(move |_| state.dataset.with(|ds| ds.history.clone()));
    let changes = move || {
        history.with(|h| {
            let place = h.len().checked_sub(1)?;
            let last = h[place].clone();
            (!last.first).then(|| view! { <WhatChanged place=place import=last /> })
        })
    };
    let at_each = move || {
        history.with(|h| (h.len() >= 2).then(|| view! { <ImportHistory history=h.clone() /> }))
    };
    view! {
        <OverviewKpis />
        {changes}
        {at_each}
        <div class="grid-2">
            <Show when=move || retention.with(Option::is_some)>
                <RetentionCard retention=retention test_id="overview-retention" />
            </Show>
            <Show when=has_orders>
                <section class="card card--wide" aria-labelledby="revenue-trend-title">
                    <h2 id="revenue-trend-title" class="card__title">
                        {t.overview.revenue_title}
                    </h2>
                    <EChart
                        chart=revenue
                        label=t.overview.revenue_label
                        test_id="overview-revenue-chart"
                    />
                    {move || view! { <Explain explanation=d.get().forecast.explain.clone() /> }}
                </section>
            </Show>
            <Show when=move || { records.get().deals > 0 && records.get().orders == 0 }>
                <section class="card card--wide" aria-labelledby="won-trend-title">
                    <h2 id="won-trend-title" class="card__title">
                        {t.sales.won_by_month_title}
                    </h2>
                    <EChart
                        chart=won
                        label=t.sales.won_by_month_label
                        test_id="overview-won-chart"
                    />
                    {move || {
                        view! {
                            <Explain explanation=d.get().funnel.won_by_month_explain.clone() />
                        }
                    }}
                </section>
            </Show>
            <Show when=move || { records.get().deals > 0 }>
                <section class="card" aria-labelledby="funnel-title">
                    <h2 id="funnel-title" class="card__title">
                        {t.overview.pipeline_title}
                    </h2>
                    <EChart
                        chart=funnel
                        label=t.overview.funnel_label
                        test_id="overview-funnel-chart"
                    />
                    {move || view! { <Explain explanation=d.get().funnel.explain.clone() /> }}
                </section>
            </Show>
            <Show when=has_orders>
                <section class="card" aria-labelledby="segments-title">
                    <h2 id="segments-title" class="card__title">
                        {t.overview.segments_title}
                    </h2>
                    <EChart
                        chart=segments
                        label=t.overview.segments_label
                        test_id="overview-segments-chart"
                    />
                    {move || view! { <Explain explanation=d.get().rfm.explain.clone() /> }}
                </section>
                <TopCustomers />
            </Show>
        </div>
    }
}

/// The headline figures of the kinds imported: a snapshot, a pipeline or a ticket export
/// each gets its own, and nothing shows 0.00 for a kind that is not there.
#[component]
fn OverviewKpis() -> impl IntoView {
    let d = use_analytics().dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let w = &t.words;
    // The cards of the kinds imported: a snapshot, a pipeline or a ticket export each gets
    // its own first screen, and nothing shows 0.00 for a kind that is not there.
    move || {
        let d = d.get();
        let r = d.records;
        let churn = r.orders > 0 || d.customers.churn.source == ChurnSource::StatusColumn;
        let snapshot = d
            .snapshot
            .clone()
            .filter(|s| s.mrr.value.is_some() || s.lifetime_charges.value.is_some());
        view! {
            <div class="kpi-grid">
                <KpiCard
                    label=w.customers
                    kpi=d.customers.total.clone()
                    format=format::count
                    test_id="kpi-customers"
                    rows=Some(Figure::Kpi(KpiId::CustomersKnown))
                />
                {(r.orders > 0)
                    .then(|| {
                        view! {
                            <KpiCard
                                label=w.revenue
                                kpi=d.sales.revenue.clone()
                                format=format::money
                                test_id="kpi-revenue"
                                rows=Some(Figure::Kpi(KpiId::NetRevenue))
                            />
                            <KpiCard
                                label=w.aov
                                kpi=d.sales.aov.clone()
                                format=format::money
                                test_id="kpi-aov"
                                rows=Some(Figure::Kpi(KpiId::Aov))
                            />
                            <KpiCard
                                label=t.overview.active
                                kpi=d.customers.active.clone()
                                format=format::count
                                test_id="kpi-active"
                                rows=Some(Figure::Kpi(KpiId::CustomersActive))
                            />
                            <KpiCard
                                label=t.overview.new_customers
                                kpi=d.customers.new.clone()
                                format=format::count
                                test_id="kpi-new"
                                rows=Some(Figure::Kpi(KpiId::CustomersNew))
                            />
                            <KpiCard
                                label=t.overview.repeat_rate
                                kpi=d.customers.repeat_rate.clone()
                                format=format::percent
                                rate=true
                                test_id="kpi-repeat-rate"
                                rows=Some(Figure::Kpi(KpiId::RepeatCustomers))
                            />
                        }
                    })}
                {churn
                    .then(|| {
                        view! {
                            <KpiCard
                                label=w.churn_rate
                                kpi=d.customers.churn.rate.clone()
                                format=format::percent
                                rate=true
                                higher_is_better=false
                                test_id="kpi-churn"
                                rows=Some(Figure::Kpi(KpiId::ChurnedCustomers))
                            />
                        }
                    })}
                {snapshot
                    .map(|s| {
                        view! {
                            {s
                                .mrr
                                .value
                                .is_some()
                                .then(|| {
                                    view! {
                                        <KpiCard
                                            label=w.mrr
                                            kpi=s.mrr.clone()
                                            format=format::money
                                            test_id="kpi-mrr"
                                            rows=Some(Figure::Kpi(KpiId::Paying))
                                        />
                                        <KpiCard
                                            label=w.arpu
                                            kpi=s.arpu.clone()
                                            format=format::money
                                            test_id="kpi-arpu"
                                            rows=Some(Figure::Kpi(KpiId::Paying))
                                        />
                                        <KpiCard
                                            label=w.revenue_churn
                                            kpi=s.revenue_churn.clone()
                                            format=format::percent
                                            rate=true
                                            higher_is_better=false
                                            test_id="kpi-revenue-churn"
                                            rows=Some(Figure::Kpi(KpiId::SnapshotChurned))
                                        />
                                    }
                                })}
                            {s
                                .lifetime_charges
                                .value
                                .is_some()
                                .then(|| {
                                    view! {
                                        <KpiCard
                                            label=w.value_per_customer
                                            kpi=s.value_per_customer.clone()
                                            format=format::money
                                            test_id="kpi-value-per-customer"
                                            rows=Some(Figure::Kpi(KpiId::SnapshotCustomers))
                                        />
                                    }
                                })}
                        }
                    })}
                {(r.deals > 0)
                    .then(|| {
                        view! {
                            <KpiCard
                                label=w.win_rate
                                kpi=d.funnel.win_rate.clone()
                                format=format::percent
                                rate=true
                                test_id="kpi-win-rate"
                                rows=Some(Figure::Kpi(KpiId::ClosedDeals))
                            />
                            <article class="kpi card" data-testid="kpi-won-revenue">
                                <h2 class="kpi__label">{t.sales.won_revenue}</h2>
                                <p class="kpi__value" data-testid="kpi-value">
                                    {format::money(loc, d.funnel.won_amount)}
                                </p>
                                <p class="muted">
                                    {(t.sales.won_deals)(&format::count(loc, d.funnel.won as f64))}
                                </p>
                                <Explain explanation=d.funnel.explain.clone() />
                            </article>
                            {(d.funnel.open_without_amount < d.funnel.open)
                                .then(|| {
                                    view! {
                                        <article class="kpi card" data-testid="kpi-pipeline">
                                            <h2 class="kpi__label">{w.weighted_pipeline}</h2>
                                            <p class="kpi__value" data-testid="kpi-value">
                                                {format::money(loc, d.funnel.weighted_pipeline.value)}
                                            </p>
                                            <p class="muted">
                                                {(w.open_deals)(&format::count(loc, d.funnel.open as f64))}
                                            </p>
                                            <Explain explanation=d
                                                .funnel
                                                .weighted_pipeline
                                                .explain
                                                .clone() />
                                        </article>
                                    }
                                })}
                        }
                    })}
                {(r.tickets > 0)
                    .then(|| {
                        view! {
                            <KpiCard
                                label=w.csat
                                kpi=d.support.csat.clone()
                                format=format::percent
                                rate=true
                                test_id="kpi-csat"
                                rows=Some(Figure::Kpi(KpiId::CsatRated))
                            />
                        }
                    })}
                {d
                    .responses
                    .clone()
                    .map(|c| {
                        let o = c.overall;
                        let card = |label: &'static str, value: String, id: &'static str| {
                            view! {
                                <article class="kpi card" data-testid=id>
                                    <h2 class="kpi__label">{label}</h2>
                                    <p class="kpi__value" data-testid="kpi-value">
                                        {value}
                                    </p>
                                    <Explain explanation=c.explain.clone() />
                                </article>
                            }
                        };
                        let pct = |v: Option<f64>| {
                            v.map_or_else(|| format::NONE.into(), |v| format::percent(loc, v))
                        };
                        let tr = &t.responses;
                        view! {
                            {card(
                                tr.contacts,
                                format::count(loc, o.contacts as f64),
                                "kpi-contacts",
                            )}
                            {o
                                .response_rate
                                .is_some()
                                .then(|| card(
                                    tr.response_rate,
                                    pct(o.response_rate),
                                    "kpi-response-rate",
                                ))}
                            {card(
                                tr.conversion_rate,
                                pct(o.conversion_rate),
                                "kpi-conversion-rate",
                            )}
                            {o
                                .revenue_per_contact
                                .map(|v| card(
                                    tr.revenue_per_contact,
                                    format::money(loc, v),
                                    "kpi-revenue-per-contact",
                                ))}
                        }
                    })}
                {(r.campaigns > 0)
                    .then(|| {
                        view! {
                            <KpiCard
                                label=w.marketing_cost
                                kpi=d.marketing.cost.clone()
                                format=format::money
                                higher_is_better=false
                                test_id="kpi-marketing-cost"
                                rows=Some(Figure::Kpi(KpiId::Campaigns))
                            />
                        }
                    })}
            </div>
        }
    }
}

/// The customers with the highest revenue in the period.
#[component]
fn TopCustomers() -> impl IntoView {
    let d = use_analytics().dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let w = &t.words;
    let top = move || {
        let d = d.get();
        let view = d
            .top_customers
            .iter()
            .map(|c| {
                let link = filtered_href(&customer_path(&c.id));
                // The name when the customers file gives one, else the id.
                let name = (!c.name.is_empty()).then(|| c.name.clone());
                // The name is isolated (<bdi>): an RTL override in it cannot move the id.
                let (id, suffix) = match name {
                    Some(name) => (name, format!(" ({})", c.id)),
                    None => (c.id.clone(), String::new()),
                };
                let title = format!("{id}{suffix}");
                let segment = w.rfm_segment(c.segment);
                let (orders, revenue) = (
                    format::count(loc, c.frequency as f64),
                    format::money(loc, c.monetary),
                );
                view! {
                    <tr>
                        <td>
                            <span class="clip" title=title>
                                <A href=link>
                                    <bdi>{id}</bdi>
                                    {suffix}
                                </A>
                            </span>
                        </td>
                        <td>{segment}</td>
                        <td class="num">{orders}</td>
                        <td class="num">{revenue}</td>
                    </tr>
                }
            })
            .collect_view();
        view
    };
    view! {
        <section class="card" aria-labelledby="top-title">
            <h2 id="top-title" class="card__title">
                {t.overview.top_title}
            </h2>
            <table class="table table--compact" data-testid="top-customers">
                <thead>
                    <tr>
                        <th scope="col">{w.customer}</th>
                        <th scope="col">{w.segment}</th>
                        <th scope="col" class="num">
                            {w.orders}
                        </th>
                        <th scope="col" class="num">
                            {w.revenue}
                        </th>
                    </tr>
                </thead>
                <tbody>{top}</tbody>
            </table>
            {move || view! { <Explain explanation=d.get().top_customers_explain.clone() /> }}
        </section>
    }
}
