use leptos::prelude::*;
use leptos_router::components::A;

use super::PageHeader;
use crate::app::href;
use crate::charts;
use crate::components::{EChart, EmptyState, Explain, KpiCard};
use crate::core::import::value::normalize_stage;
use crate::core::model::DealOutcome;
use crate::core::series::Series;
use crate::format;
use crate::state::{use_analytics, use_app_state};

/// `/`: the morning view of the business.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_app_state();
    let has_data = state.has_data();
    view! {
        <PageHeader title="Overview" lead="Your customers, sales, support and marketing at a glance."/>
        <Show when=move || has_data.get() fallback=move || view! {
            <EmptyState needs="your CRM's CSV exports (an orders file is enough to start)"/>
            <section class="card onboarding" aria-labelledby="demo-title">
                <h2 id="demo-title" class="card__title">"Just looking?"</h2>
                <p>"Load a realistic demo company (2,000 customers, three years of orders, deals, tickets and campaigns) to see every page filled in. You can delete it later on the Data page."</p>
                <div><button class="button button--primary" data-testid="onboarding-demo" on:click=move |_| state.load_demo()>"Load demo data"</button></div>
            </section>
        }>
            <OverviewBody/>
        </Show>
    }
}

#[component]
fn OverviewBody() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let kpis = move || {
        let d = d.get();
        view! {
            <div class="kpi-grid">
                <KpiCard label="Customers" kpi=d.customers.total.clone() format=format::count test_id="kpi-customers"/>
                <KpiCard label="Revenue" kpi=d.sales.revenue.clone() format=format::money test_id="kpi-revenue"/>
                <KpiCard label="Average order value" kpi=d.sales.aov.clone() format=format::money test_id="kpi-aov"/>
                <KpiCard label="Churn rate" kpi=d.customers.churn.rate.clone() format=format::percent higher_is_better=false test_id="kpi-churn"/>
                <KpiCard label="Win rate" kpi=d.funnel.win_rate.clone() format=format::percent test_id="kpi-win-rate"/>
                <article class="kpi card" data-testid="kpi-pipeline">
                    <h2 class="kpi__label">"Weighted pipeline"</h2>
                    <p class="kpi__value" data-testid="kpi-value">{format::money(d.funnel.weighted_pipeline.value)}</p>
                    <p class="muted">{format!("{} open deals", format::count(d.funnel.open as f64))}</p>
                    <Explain explanation=d.funnel.weighted_pipeline.explain.clone()/>
                </article>
                <KpiCard label="CSAT" kpi=d.support.csat.clone() format=format::percent test_id="kpi-csat"/>
                <KpiCard label="Marketing cost" kpi=d.marketing.cost.clone() format=format::money higher_is_better=false test_id="kpi-marketing-cost"/>
            </div>
        }
    };
    let revenue = Signal::derive(move || {
        let d = d.get();
        charts::sales_forecast(&d.sales.by_month.value, &d.forecast)
    });
    let funnel = Signal::derive(move || {
        let d = d.get();
        let mut s = Series::new("Deals");
        let lost = |stage: &str| normalize_stage(stage).1 == DealOutcome::Lost;
        for st in d.funnel.stages.iter().filter(|s| !lost(&s.stage)) {
            s.push(st.stage.clone(), st.reached as f64);
        }
        charts::funnel(&s, "No deals imported")
    });
    let segments = Signal::derive(move || {
        let d = d.get();
        let mut s = Series::new("Customers");
        for seg in d.rfm.segments.iter().filter(|s| s.customers > 0) {
            s.push(seg.name.clone(), seg.customers as f64);
        }
        charts::bars(&s, true, "No customers with purchases in this period")
    });
    let top = move || {
        let rows = analytics.customers.get();
        let mut top: Vec<_> = rows.iter().collect();
        top.sort_by(|a, b| {
            b.monetary
                .total_cmp(&a.monetary)
                .then_with(|| a.id.cmp(&b.id))
        });
        let view = top
            .into_iter()
            .take(10)
            .map(|c| {
                let link = href(&format!(
                    "/customers/{}",
                    js_sys::encode_uri_component(&c.id)
                ));
                // The name when the customers file gives one, else the id.
                let name = state.dataset.with(|ds| {
                    let sym = ds.strings.lookup(&c.id)?;
                    let record = ds.customers.rows.iter().find(|r| r.id == sym)?;
                    (!record.name.is_empty()).then(|| ds.str(record.name).to_string())
                });
                // The name is isolated (<bdi>): an RTL override in it cannot move the id.
                let (id, suffix) = match name {
                    Some(name) => (name, format!(" ({})", c.id)),
                    None => (c.id.clone(), String::new()),
                };
                let title = format!("{id}{suffix}");
                let segment = c.segment.to_string();
                let (orders, revenue) =
                    (format::count(c.frequency as f64), format::money(c.monetary));
                view! {
                    <tr>
                        <td><span class="clip" title=title><A href=link><bdi>{id}</bdi>{suffix}</A></span></td>
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
        {kpis}
        <div class="grid-2">
            <section class="card card--wide" aria-labelledby="revenue-trend-title">
                <h2 id="revenue-trend-title" class="card__title">"Revenue by month, with forecast"</h2>
                <EChart chart=revenue label="Revenue by month with forecast" test_id="overview-revenue-chart"/>
                {move || view! { <Explain explanation=d.get().forecast.explain.clone()/> }}
            </section>
            <section class="card" aria-labelledby="funnel-title">
                <h2 id="funnel-title" class="card__title">"Pipeline"</h2>
                <EChart chart=funnel label="Deals reaching each stage" test_id="overview-funnel-chart"/>
            </section>
            <section class="card" aria-labelledby="segments-title">
                <h2 id="segments-title" class="card__title">"Customer segments (RFM)"</h2>
                <EChart chart=segments label="Customers per RFM segment" test_id="overview-segments-chart"/>
                {move || view! { <Explain explanation=d.get().rfm.explain.clone()/> }}
            </section>
            <section class="card" aria-labelledby="top-title">
                <h2 id="top-title" class="card__title">"Top customers in the period"</h2>
                <table class="table table--compact" data-testid="top-customers">
                    <thead><tr><th scope="col">"Customer"</th><th scope="col">"Segment"</th><th scope="col" class="num">"Orders"</th><th scope="col" class="num">"Revenue"</th></tr></thead>
                    <tbody>{top}</tbody>
                </table>
            </section>
        </div>
    }
}
