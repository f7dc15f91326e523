use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{EChart, EmptyState, Explain, KpiCard};
use crate::core::import::value::normalize_stage;
use crate::core::model::{DealOutcome, Money};
use crate::core::series::Series;
use crate::format;
use crate::state::{use_analytics, use_app_state};

/// `/sales`: revenue, pipeline and forecast.
#[component]
pub fn SalesPage() -> impl IntoView {
    let state = use_app_state();
    let has_sales = Signal::derive(move || {
        state
            .dataset
            .with(|d| !d.orders.is_empty() || !d.deals.is_empty())
    });
    view! {
        <PageHeader title="Sales" lead="Revenue, pipeline and forecast."/>
        <Show when=move || has_sales.get() fallback=|| view! { <EmptyState needs="an orders CSV (for revenue) or a deals CSV (for the pipeline)"/> }>
            <SalesBody/>
        </Show>
    }
}

#[component]
fn SalesBody() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let has_orders = Signal::derive(move || state.dataset.with(|d| !d.orders.is_empty()));
    let has_deals = Signal::derive(move || state.dataset.with(|d| !d.deals.is_empty()));
    let by_amount = RwSignal::new(false);
    let selected_stage = RwSignal::new(None::<String>);

    let revenue = Signal::derive(move || {
        let d = d.get();
        charts::sales_forecast(&d.sales.by_month.value, &d.forecast)
    });
    let by_category = Signal::derive(move || {
        charts::bars(&d.get().sales.by_category.value, true, "No categories")
    });
    let by_channel =
        Signal::derive(move || charts::bars(&d.get().sales.by_channel.value, true, "No channels"));
    let funnel = Signal::derive(move || {
        let d = d.get();
        let amount = by_amount.get();
        let mut s = Series::new(if amount { "Amount" } else { "Deals" });
        for st in d
            .funnel
            .stages
            .iter()
            .filter(|s| normalize_stage(&s.stage).1 != DealOutcome::Lost)
        {
            s.push(
                st.stage.clone(),
                if amount {
                    st.reached_amount
                } else {
                    st.reached as f64
                },
            );
        }
        charts::funnel(&s, "No deals in this period")
    });

    let stage_rows = move || {
        let d = d.get();
        let amount = by_amount.get();
        d.funnel
            .stages
            .iter()
            .map(|st| {
                let stage = st.stage.clone();
                let label = format!("Show deals at {}", st.stage);
                let (conv, drop) = if amount { (st.conversion_amount, st.drop_off_amount) } else { (st.conversion, st.drop_off) };
                view! {
                    <tr>
                        <th scope="row">
                            <button class="link-button" aria-label=label on:click=move |_| selected_stage.set(Some(stage.clone()))>{st.stage.clone()}</button>
                        </th>
                        <td class="num">{format::count(st.deals as f64)}</td>
                        <td class="num">{format::money(st.amount)}</td>
                        <td class="num">{if amount { format::money(st.reached_amount) } else { format::count(st.reached as f64) }}</td>
                        <td class="num">{conv.map(format::percent).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{drop.map(format::percent).unwrap_or_else(|| "–".into())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let deals_at_stage = move || {
        let stage = selected_stage.get()?;
        let filter = analytics.filter.get();
        let rows = state.dataset.with(|ds| {
            ds.deals
                .rows
                .iter()
                .filter(|deal| ds.str(deal.stage) == stage)
                .filter(|deal| filter.owners.is_empty() || filter.owners.contains(&deal.owner))
                .take(500)
                .map(|deal| {
                    (
                        ds.str(deal.title).to_string(),
                        ds.str(deal.customer).to_string(),
                        ds.str(deal.owner).to_string(),
                        deal.amount
                            .map(|m: Money| format::money(m.to_f64()))
                            .unwrap_or_default(),
                        deal.created.map(|c| c.iso()).unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        });
        Some(view! {
            <section class="card" aria-labelledby="stage-deals-title" data-testid="stage-deals">
                <h2 id="stage-deals-title" class="card__title">{format!("Deals at {stage} ({})", rows.len())}</h2>
                <div class="table-scroll"><table class="table table--compact">
                    <thead><tr><th scope="col">"Deal"</th><th scope="col">"Customer"</th><th scope="col">"Owner"</th><th scope="col" class="num">"Amount"</th><th scope="col">"Created"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|(t, c, o, a, cr)| view! { <tr><td>{t}</td><td>{c}</td><td>{o}</td><td class="num">{a}</td><td>{cr}</td></tr> }).collect_view()}</tbody>
                </table></div>
            </section>
        })
    };
    let probabilities = move || {
        let d = d.get();
        d.funnel
            .probabilities
            .iter()
            .map(|p| view! {
                <tr>
                    <th scope="row">{p.stage.clone()}</th>
                    <td class="num">{format::count(p.closed_reached as f64)}</td>
                    <td class="num">{format::count(p.won as f64)}</td>
                    <td class="num">{p.learned.map(format::percent).unwrap_or_else(|| "–".into())}</td>
                    <td class="num">{format::percent(p.default)}</td>
                    <td class="num"><strong>{format::percent(p.used)}</strong></td>
                </tr>
            })
            .collect_view()
    };

    view! {
        <Show when=move || has_orders.get()>
            {move || {
                let d = d.get();
                view! {
                    <div class="kpi-grid">
                        <KpiCard label="Revenue" kpi=d.sales.revenue.clone() format=format::money test_id="kpi-revenue"/>
                        <KpiCard label="Orders" kpi=d.sales.orders.clone() format=format::count test_id="kpi-orders"/>
                        <KpiCard label="Average order value" kpi=d.sales.aov.clone() format=format::money test_id="kpi-aov"/>
                        <KpiCard label="Refunds" kpi=d.sales.refunds.clone() format=format::money higher_is_better=false test_id="kpi-refunds"/>
                    </div>
                }
            }}
            <section class="card" aria-labelledby="sales-revenue-title">
                <h2 id="sales-revenue-title" class="card__title">"Revenue by month, with forecast"</h2>
                <EChart chart=revenue label="Revenue by month with forecast" test_id="sales-revenue-chart"/>
                {move || {
                    let f = d.get().forecast.clone();
                    let backtest = f.backtest.as_ref().map(|b| format!(
                        "Backtest on the last {} months: mean absolute error {}, MAPE {}.",
                        b.months,
                        b.mae.map(format::money).unwrap_or_else(|| "–".into()),
                        b.mape.map(format::percent).unwrap_or_else(|| "–".into())
                    ));
                    view! {
                        <p class="muted" data-testid="forecast-backtest">{backtest.unwrap_or_else(|| "Not enough history to measure the forecast's error yet.".into())}</p>
                        <Explain explanation=f.explain/>
                    }
                }}
            </section>
            <div class="grid-2">
                <section class="card" aria-labelledby="by-category-title">
                    <h2 id="by-category-title" class="card__title">"Revenue by category"</h2>
                    <EChart chart=by_category label="Revenue by category" test_id="sales-category-chart"/>
                </section>
                <section class="card" aria-labelledby="by-channel-title">
                    <h2 id="by-channel-title" class="card__title">"Revenue by channel"</h2>
                    <EChart chart=by_channel label="Revenue by channel" test_id="sales-channel-chart"/>
                </section>
            </div>
        </Show>
        <Show when=move || has_deals.get() fallback=|| view! { <p class="muted">"Import a deals CSV to see the pipeline, win rate and sales cycle."</p> }>
            {move || {
                let d = d.get();
                let cycle = |median: Option<f64>, mean: Option<f64>, deals: usize| format!(
                    "median {}, mean {} ({deals} deals)",
                    median.map(format::days).unwrap_or_else(|| "–".into()),
                    mean.map(format::days).unwrap_or_else(|| "–".into()),
                );
                let (w, c) = (&d.funnel.cycle_won, &d.funnel.cycle_closed);
                view! {
                    <div class="kpi-grid">
                        <KpiCard label="Win rate" kpi=d.funnel.win_rate.clone() format=format::percent test_id="kpi-win-rate"/>
                        <article class="kpi card" data-testid="kpi-pipeline">
                            <h2 class="kpi__label">"Weighted pipeline"</h2>
                            <p class="kpi__value" data-testid="kpi-value">{format::money(d.funnel.weighted_pipeline.value)}</p>
                            <p class="muted">{format!("{} open deals worth {}", format::count(d.funnel.open as f64), format::money(d.funnel.open_amount))}</p>
                            <Explain explanation=d.funnel.weighted_pipeline.explain.clone()/>
                        </article>
                        <article class="kpi card" data-testid="kpi-cycle">
                            <h2 class="kpi__label">"Sales cycle (won)"</h2>
                            <p class="kpi__value">{d.funnel.cycle_won.median.map(format::days).unwrap_or_else(|| "–".into())}</p>
                            <p class="muted">{format!("Won: {}. All closed: {}.", cycle(w.median, w.mean, w.deals), cycle(c.median, c.mean, c.deals))}</p>
                        </article>
                    </div>
                }
            }}
            <div class="grid-2">
                <section class="card" aria-labelledby="funnel-title">
                    <h2 id="funnel-title" class="card__title">"Funnel"</h2>
                    <div class="segmented" role="group" aria-label="Measure deals by">
                        <button class="button button--small" aria-pressed=move || (!by_amount.get()).to_string() on:click=move |_| by_amount.set(false)>"Count"</button>
                        <button class="button button--small" aria-pressed=move || by_amount.get().to_string() on:click=move |_| by_amount.set(true)>"Amount"</button>
                    </div>
                    <EChart chart=funnel label="Deals reaching each stage" test_id="sales-funnel-chart"/>
                </section>
                <section class="card" aria-labelledby="stages-title">
                    <h2 id="stages-title" class="card__title">"Stage conversion"</h2>
                    <div class="table-scroll"><table class="table table--compact" data-testid="stage-table">
                        <thead><tr><th scope="col">"Stage"</th><th scope="col" class="num">"At stage"</th><th scope="col" class="num">"Amount"</th>
                            <th scope="col" class="num">"Reached"</th><th scope="col" class="num">"Conversion"</th><th scope="col" class="num">"Drop-off"</th></tr></thead>
                        <tbody>{stage_rows}</tbody>
                    </table></div>
                    <p class="muted">"Select a stage to list its deals."</p>
                </section>
            </div>
            {deals_at_stage}
            <section class="card" aria-labelledby="probabilities-title">
                <h2 id="probabilities-title" class="card__title">"Stage probabilities used for the weighted pipeline"</h2>
                <p class="muted">{move || format!("Source: {}.", d.get().funnel.probability_source)}</p>
                <div class="table-scroll"><table class="table table--compact" data-testid="probability-table">
                    <thead><tr><th scope="col">"Stage"</th><th scope="col" class="num">"Closed deals that reached it"</th><th scope="col" class="num">"Won"</th>
                        <th scope="col" class="num">"Learned"</th><th scope="col" class="num">"Default"</th><th scope="col" class="num">"Used"</th></tr></thead>
                    <tbody>{probabilities}</tbody>
                </table></div>
            </section>
        </Show>
    }
}
