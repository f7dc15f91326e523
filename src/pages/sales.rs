use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{Bars, BreakdownCard, ChartClick, EChart, EmptyState, Explain, KpiCard};
use crate::core::metrics::{Chart, DealGroup, Funnel, OrderGroup};
use crate::core::metrics::{Figure, KpiId};
use crate::core::model::DealOutcome;
use crate::core::model::Kind;
use crate::format;
use crate::i18n::Locale;
use crate::routes::Page;
use crate::state::{
    bar_picker, deals_breakdown, orders_breakdown, rows_href, rows_opener, use_analytics,
    use_app_state, use_locale, use_texts,
};

/// `/sales`: revenue, pipeline and forecast.
#[component]
pub fn SalesPage() -> impl IntoView {
    let state = use_app_state();
    let has_sales = Signal::derive(move || {
        state
            .dataset
            .with(|d| !d.orders.is_empty() || !d.deals.is_empty())
    });
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)(Page::Sales) lead=t.sales.lead figures=true />
        <Show
            when=move || has_sales.get()
            fallback=move || view! { <EmptyState needs=t.sales.needs /> }
        >
            <SalesBody />
            <OrdersBreakdown />
            <DealsBreakdown />
        </Show>
    }
}

/// Revenue per value of any column of the orders or lookup attribute (a product's series).
#[component]
fn OrdersBreakdown() -> impl IntoView {
    let t = use_texts();
    let (w, ts) = (&t.words, &t.sales);
    let breakdown = orders_breakdown("orders");
    let cells = |loc: Locale, g: &OrderGroup| {
        let count = |n: u64| (format::count(loc, n as f64), Some(n as f64));
        let figures = vec![
            (format::money(loc, g.revenue), Some(g.revenue)),
            count(g.lines),
            count(g.customers),
        ];
        (g.value.clone(), figures)
    };
    view! {
        <BreakdownCard
            card="orders"
            rows=|column, label| Figure::Breakdown {
                kind: Kind::Orders,
                column,
                label,
            }
            title=ts.orders_by_title
            picker=ts.by_label
            breakdown=breakdown
            headers=vec![w.revenue, ts.lines, w.customers]
            cells=cells
            no_value=ts.no_value
        />
    }
}

/// The deals per value of any of their columns or lookup attributes (sector, manager).
#[component]
fn DealsBreakdown() -> impl IntoView {
    let t = use_texts();
    let (w, ts) = (&t.words, &t.sales);
    let breakdown = deals_breakdown("deals");
    let bars = Bars {
        series: ts.won_revenue,
        value: |g: &DealGroup| g.won_revenue,
        label: ts.by_chart,
        empty: ts.no_revenue,
    };
    let headers = vec![
        w.deals,
        ts.open,
        ts.won,
        ts.lost,
        w.win_rate,
        ts.won_revenue,
        ts.average_won,
    ];
    let cells = |loc: Locale, g: &DealGroup| {
        let opt = |v: Option<f64>, f: fn(Locale, f64) -> String| {
            (
                v.map(|v| f(loc, v)).unwrap_or_else(|| format::NONE.into()),
                v,
            )
        };
        let count = |n: u64| (format::count(loc, n as f64), Some(n as f64));
        let figures = vec![
            count(g.deals),
            count(g.open),
            count(g.won),
            count(g.lost),
            opt(g.win_rate, format::percent),
            (format::money(loc, g.won_revenue), Some(g.won_revenue)),
            opt(g.average_won, format::money),
        ];
        (g.value.clone(), figures)
    };
    view! {
        <BreakdownCard
            card="deals"
            rows=|column, label| Figure::Breakdown {
                kind: Kind::Deals,
                column,
                label,
            }
            title=ts.by_title
            picker=ts.by_label
            breakdown=breakdown
            headers=headers
            cells=cells
            no_value=ts.no_value
            bars=bars
        />
    }
}

/// The weighted pipeline and what it is worth; "–" when no open deal has an amount (an
/// export of closed values only), rather than 0.00.
fn pipeline_value(f: &Funnel) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let open = format::count(loc, f.open as f64);
    let unvalued = f.open > 0 && f.open_without_amount == f.open;
    let (value, note) = if unvalued {
        (format::NONE.to_string(), (t.sales.open_no_amount)(&open))
    } else {
        (
            format::money(loc, f.weighted_pipeline.value),
            (t.sales.open_worth)(&open, &format::money(loc, f.open_amount)),
        )
    };
    view! {
        <p class="kpi__value" data-testid="kpi-value">
            {value}
        </p>
        <p class="muted">{note}</p>
    }
}

#[component]
fn SalesBody() -> impl IntoView {
    let state = use_app_state();
    let ts = &use_texts().sales;
    let has_orders = Signal::derive(move || state.dataset.with(|d| !d.orders.is_empty()));
    let has_deals = Signal::derive(move || state.dataset.with(|d| !d.deals.is_empty()));
    view! {
        <Show when=move || has_orders.get()>
            <OrdersSection />
        </Show>
        <Show
            when=move || has_deals.get()
            fallback=move || view! { <p class="muted">{ts.import_deals}</p> }
        >
            <PipelineKpis />
            <FunnelSection />
            <WonByMonthCard />
            <ProbabilitiesCard />
        </Show>
    }
}

/// Revenue, orders, AOV and refunds; revenue by month with its forecast; by category and
/// by channel.
#[component]
fn OrdersSection() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ts) = (&t.words, &t.sales);
    let revenue = Signal::derive(move || {
        let d = d.get();
        charts::sales_forecast(
            &d.sales.by_month.value,
            &d.forecast,
            w.revenue,
            ts.forecast,
            ts.no_revenue,
        )
    });
    let by_category = Signal::derive(move || {
        charts::bars(&d.get().sales.by_category.value, true, ts.no_categories)
    });
    let by_channel =
        Signal::derive(move || charts::bars(&d.get().sales.by_channel.value, true, ts.no_channels));
    // A month of revenue opens its order lines (the forecast's months have none).
    let open = rows_opener();
    let open_month = Callback::new(move |c: ChartClick| {
        let month = d.with_untracked(|d| {
            let history = charts::sales_history(&d.sales.by_month.value, &d.forecast);
            (c.series == 0).then(|| history.points.get(c.index).map(|p| p.label.clone()))?
        });
        if let Some(label) = month {
            open(Figure::Element {
                chart: Chart::RevenueByMonth,
                label,
            });
        }
    });
    // A bar narrows every page to its category or channel.
    let pick = |pick, series| {
        let toggle = bar_picker(pick, series);
        Callback::new(move |c: ChartClick| toggle(c.index))
    };
    let pick_category = pick("orders.category", |d| &d.sales.by_category.value);
    let pick_channel = pick("orders.channel", |d| &d.sales.by_channel.value);
    view! {
        {move || {
            let d = d.get();
            view! {
                <div class="kpi-grid">
                    <KpiCard
                        label=w.revenue
                        kpi=d.sales.revenue.clone()
                        format=format::money
                        test_id="kpi-revenue"
                        rows=Some(Figure::Kpi(KpiId::NetRevenue))
                    />
                    <KpiCard
                        label=w.orders
                        kpi=d.sales.orders.clone()
                        format=format::count
                        test_id="kpi-orders"
                        rows=Some(Figure::Kpi(KpiId::Orders))
                    />
                    <KpiCard
                        label=w.aov
                        kpi=d.sales.aov.clone()
                        format=format::money
                        test_id="kpi-aov"
                        rows=Some(Figure::Kpi(KpiId::Aov))
                    />
                    <KpiCard
                        label=ts.refunds
                        kpi=d.sales.refunds.clone()
                        format=format::money
                        higher_is_better=false
                        test_id="kpi-refunds"
                        rows=Some(Figure::Kpi(KpiId::Refunds))
                    />
                </div>
            }
        }}
        <section class="card" aria-labelledby="sales-revenue-title">
            <h2 id="sales-revenue-title" class="card__title">
                {t.overview.revenue_title}
            </h2>
            <EChart
                chart=revenue
                label=t.overview.revenue_label
                test_id="sales-revenue-chart"
                on_click=open_month
            />
            {move || view! { <Explain explanation=d.get().sales.by_month.explain.clone() /> }}
            {move || {
                let f = d.get().forecast.clone();
                let backtest = f
                    .backtest
                    .as_ref()
                    .map(|b| (ts
                        .backtest)(
                        b.months,
                        &b
                            .mae
                            .map(|v| format::money(loc, v))
                            .unwrap_or_else(|| format::NONE.into()),
                        &b
                            .mape
                            .map(|v| format::percent(loc, v))
                            .unwrap_or_else(|| format::NONE.into()),
                    ));
                view! {
                    <p class="muted" data-testid="forecast-backtest">
                        {backtest.unwrap_or_else(|| ts.no_backtest.into())}
                    </p>
                    <Explain explanation=f.explain />
                }
            }}
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="by-category-title">
                <h2 id="by-category-title" class="card__title">
                    {ts.by_category}
                </h2>
                <EChart
                    chart=by_category
                    label=ts.by_category
                    test_id="sales-category-chart"
                    on_click=pick_category
                />
                {move || {
                    view! { <Explain explanation=d.get().sales.by_category.explain.clone() /> }
                }}
            </section>
            <section class="card" aria-labelledby="by-channel-title">
                <h2 id="by-channel-title" class="card__title">
                    {ts.by_channel}
                </h2>
                <EChart
                    chart=by_channel
                    label=ts.by_channel
                    test_id="sales-channel-chart"
                    on_click=pick_channel
                />
                {move || view! { <Explain explanation=d.get().sales.by_channel.explain.clone() /> }}
            </section>
        </div>
    }
}

/// Win rate, won revenue, the weighted pipeline and the sales cycle.
#[component]
fn PipelineKpis() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ts) = (&t.words, &t.sales);
    view! {
        {move || {
            let d = d.get();
            let cycle = |median: Option<f64>, mean: Option<f64>, deals: usize| (ts
                .cycle)(
                &median.map(|v| format::days(loc, v)).unwrap_or_else(|| format::NONE.into()),
                &mean.map(|v| format::days(loc, v)).unwrap_or_else(|| format::NONE.into()),
                &format::count(loc, deals as f64),
            );
            let (won, c) = (&d.funnel.cycle_won, &d.funnel.cycle_closed);
            let undated = (d.funnel.undated > 0)
                .then(|| {
                    let text = (ts.undated_deals)(&format::count(loc, d.funnel.undated as f64));
                    view! {
                        <p class="muted" data-testid="deals-undated">
                            {text}
                        </p>
                    }
                });
            view! {
                <div class="kpi-grid">
                    <KpiCard
                        label=w.win_rate
                        kpi=d.funnel.win_rate.clone()
                        format=format::percent
                        rate=true
                        test_id="kpi-win-rate"
                        rows=Some(Figure::Kpi(KpiId::ClosedDeals))
                    />
                    <article class="kpi card" data-testid="kpi-won-revenue">
                        <h2 class="kpi__label">{ts.won_revenue}</h2>
                        <p class="kpi__value" data-testid="kpi-value">
                            {format::money(loc, d.funnel.won_amount)}
                        </p>
                        <p class="muted">
                            {(ts.won_deals)(&format::count(loc, d.funnel.won as f64))}
                        </p>
                        <Explain explanation=d.funnel.explain.clone() />
                    </article>
                    <article class="kpi card" data-testid="kpi-pipeline">
                        <h2 class="kpi__label">{w.weighted_pipeline}</h2>
                        {pipeline_value(&d.funnel)}
                        {undated}
                        <Explain explanation=d.funnel.weighted_pipeline.explain.clone() />
                    </article>
                    <article class="kpi card" data-testid="kpi-cycle">
                        <h2 class="kpi__label">{ts.cycle_won}</h2>
                        <p class="kpi__value">
                            {d
                                .funnel
                                .cycle_won
                                .median
                                .map(|v| format::days(loc, v))
                                .unwrap_or_else(|| format::NONE.into())}
                        </p>
                        <p class="muted">
                            {(ts
                                .cycle_summary)(
                                &cycle(won.median, won.mean, won.deals),
                                &cycle(c.median, c.mean, c.deals),
                            )}
                        </p>
                        <Explain explanation=won.explain.clone() />
                        <Explain explanation=c.explain.clone() />
                    </article>
                </div>
            }
        }}
    }
}

/// The funnel (by count or amount), the stage table, and the deals at a chosen stage.
#[component]
fn FunnelSection() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ts) = (&t.words, &t.sales);
    let by_amount = RwSignal::new(false);
    let funnel = Signal::derive(move || {
        let amount = by_amount.get();
        let name = if amount { w.amount } else { w.deals };
        charts::deal_funnel(&d.get().funnel, amount, name, ts.no_deals)
    });

    // A stage of the funnel (lost deals are not drawn) opens its deals.
    let open = rows_opener();
    let open_stage = Callback::new(move |c: ChartClick| {
        let stage = d.with_untracked(|d| {
            let mut drawn = d
                .funnel
                .stages
                .iter()
                .filter(|s| s.outcome != DealOutcome::Lost);
            drawn.nth(c.index).map(|s| s.stage.clone())
        });
        if let Some(stage) = stage {
            open(Figure::Stage(stage));
        }
    });
    let stage_rows = move || {
        let d = d.get();
        let amount = by_amount.get();
        d.funnel
            .stages
            .iter()
            .map(|st| {
                let stage = st.stage.clone();
                let label = (ts.show_deals_at)(&st.stage);
                let (conv, drop) = if amount {
                    (st.conversion_amount, st.drop_off_amount)
                } else {
                    (st.conversion, st.drop_off)
                };
                view! {
                    <tr>
                        <th scope="row">
                            <a href=rows_href(Some(&Figure::Stage(stage))) aria-label=label>
                                {st.stage.clone()}
                            </a>
                        </th>
                        <td class="num">{format::count(loc, st.deals as f64)}</td>
                        <td class="num">{format::money(loc, st.amount)}</td>
                        <td class="num">
                            {if amount {
                                format::money(loc, st.reached_amount)
                            } else {
                                format::count(loc, st.reached as f64)
                            }}
                        </td>
                        <td class="num">
                            {conv
                                .map(|v| format::percent(loc, v))
                                .unwrap_or_else(|| format::NONE.into())}
                        </td>
                        <td class="num">
                            {drop
                                .map(|v| format::percent(loc, v))
                                .unwrap_or_else(|| format::NONE.into())}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="grid-2">
            <section class="card" aria-labelledby="funnel-title">
                <h2 id="funnel-title" class="card__title">
                    {ts.funnel}
                </h2>
                <div class="segmented" role="group" aria-label=ts.measure_by>
                    <button
                        class="button button--small"
                        aria-pressed=move || (!by_amount.get()).to_string()
                        on:click=move |_| by_amount.set(false)
                    >
                        {ts.count}
                    </button>
                    <button
                        class="button button--small"
                        aria-pressed=move || by_amount.get().to_string()
                        on:click=move |_| by_amount.set(true)
                    >
                        {w.amount}
                    </button>
                </div>
                <EChart
                    chart=funnel
                    label=t.overview.funnel_label
                    test_id="sales-funnel-chart"
                    on_click=open_stage
                />
                {move || view! { <Explain explanation=d.get().funnel.explain.clone() /> }}
            </section>
            <section class="card" aria-labelledby="stages-title">
                <h2 id="stages-title" class="card__title">
                    {ts.stage_conversion}
                </h2>
                <div class="table-scroll">
                    <table class="table table--compact" data-testid="stage-table">
                        <thead>
                            <tr>
                                <th scope="col">{w.stage}</th>
                                <th scope="col" class="num">
                                    {ts.at_stage}
                                </th>
                                <th scope="col" class="num">
                                    {w.amount}
                                </th>
                                <th scope="col" class="num">
                                    {ts.reached}
                                </th>
                                <th scope="col" class="num">
                                    {ts.conversion}
                                </th>
                                <th scope="col" class="num">
                                    {ts.drop_off}
                                </th>
                            </tr>
                        </thead>
                        <tbody>{stage_rows}</tbody>
                    </table>
                </div>
                <p class="muted">{ts.select_stage}</p>
                {move || view! { <Explain explanation=d.get().funnel.stages_explain.clone() /> }}
            </section>
        </div>
    }
}

/// Won revenue per month by the won deals' close date: the revenue chart of a pipeline
/// without orders.
#[component]
fn WonByMonthCard() -> impl IntoView {
    let d = use_analytics().dashboard;
    let t = use_texts();
    let ts = &t.sales;
    let won_by_month = Signal::derive(move || {
        let mut s = d.get().funnel.won_by_month.clone();
        s.name = ts.won_revenue.into();
        charts::trend(&s, ts.no_revenue)
    });

    view! {
        <section class="card" aria-labelledby="won-month-title">
            <h2 id="won-month-title" class="card__title">
                {ts.won_by_month_title}
            </h2>
            <EChart
                chart=won_by_month
                label=ts.won_by_month_label
                test_id="sales-won-month-chart"
            />
            {move || view! { <Explain explanation=d.get().funnel.won_by_month_explain.clone() /> }}
        </section>
    }
}

/// The probability used for each open stage, and where it comes from.
#[component]
fn ProbabilitiesCard() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ts) = (&t.words, &t.sales);
    let probabilities = move || {
        let d = d.get();
        d.funnel
            .probabilities
            .iter()
            .map(|p| {
                view! {
                    <tr>
                        <th scope="row">{p.stage.clone()}</th>
                        <td class="num">{format::count(loc, p.closed_reached as f64)}</td>
                        <td class="num">{format::count(loc, p.won as f64)}</td>
                        <td class="num">
                            {p
                                .learned
                                .map(|v| format::percent(loc, v))
                                .unwrap_or_else(|| format::NONE.into())}
                        </td>
                        <td class="num">{format::percent(loc, p.default)}</td>
                        <td class="num">
                            <strong>{format::percent(loc, p.used)}</strong>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="card" aria-labelledby="probabilities-title">
            <h2 id="probabilities-title" class="card__title">
                {ts.probabilities}
            </h2>
            <p class="muted">{move || (ts.source)(d.get().funnel.probability_source)}</p>
            <div class="table-scroll">
                <table class="table table--compact" data-testid="probability-table">
                    <thead>
                        <tr>
                            <th scope="col">{w.stage}</th>
                            <th scope="col" class="num">
                                {ts.closed_reached}
                            </th>
                            <th scope="col" class="num">
                                {ts.won}
                            </th>
                            <th scope="col" class="num">
                                {ts.learned}
                            </th>
                            <th scope="col" class="num">
                                {ts.default}
                            </th>
                            <th scope="col" class="num">
                                {ts.used}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{probabilities}</tbody>
                </table>
            </div>
            {move || view! { <Explain explanation=d.get().funnel.probabilities_explain.clone() /> }}
        </section>
    }
}
