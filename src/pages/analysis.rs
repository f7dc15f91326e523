use leptos::prelude::*;
use leptos_router::components::A;

use super::PageHeader;
use crate::charts;
use crate::components::{
    download_text, Bars, BreakdownCard, ChartClick, EChart, EmptyState, Explain, RetentionCard,
};
use crate::core::export::csv_table;
use crate::core::metrics::{at_risk_explanation, has_snapshot, Explanation, Figure, SnapshotGroup};
use crate::core::series::Series;
use crate::customer_list::{at_risk, value_at_risk};
use crate::format;
use crate::i18n::Locale;
use crate::routes::{customer_path, Page};
use crate::state::{
    customer_list_rows, export_file_name, filtered_href, pick_toggler, rows_href, rows_opener,
    snapshot_breakdown, use_analytics, use_app_state, use_locale, use_texts,
};

/// `/analysis`: RFM and ABC segments, cohorts and customer lifetime value.
#[component]
pub fn AnalysisPage() -> impl IntoView {
    let state = use_app_state();
    let has_orders = Memo::new(move |_| state.dataset.with(|d| !d.orders.is_empty()));
    let has_snapshot = Memo::new(move |_| state.dataset.with(|d| has_snapshot(d)));
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)(Page::Analysis) lead=t.analysis.lead figures=true />
        <Show
            when=move || has_orders.get() || has_snapshot.get()
            fallback=move || view! { <EmptyState needs=t.analysis.needs /> }
        >
            <Show when=move || has_snapshot.get()>
                <SnapshotRetention />
            </Show>
            <Show when=move || has_orders.get()>
                <SeedFormulas />
                <AnalysisBody />
            </Show>
        </Show>
    }
}

/// The specification's nine formulas, each with its value for the filter and how Rapport
/// reads it.
#[component]
fn SeedFormulas() -> impl IntoView {
    let d = use_analytics().dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let ta = &t.analysis;
    let rows = move || {
        let d = d.get();
        let opt = |v: Option<f64>, f: fn(Locale, f64) -> String| {
            v.map_or_else(|| format::NONE.to_string(), |v| f(loc, v))
        };
        let index = |v: Option<f64>| opt(v, |l, v| format::number(l, v, 1));
        let clv = (ta.potential_model)(&opt(d.value.clv_total, format::money));
        let i = &d.indices;
        let m = &d.marketing;
        let figures: [(&str, String, Option<String>, Explanation); 9] = [
            (
                "N = Σ Cᵢ",
                opt(d.customers.total.value, format::count),
                None,
                d.customers.total.explain.clone(),
            ),
            (
                "R = (N₀ − N₁) / N₀",
                opt(d.customers.churn.rate.value, format::percent),
                None,
                d.customers.churn.rate.explain.clone(),
            ),
            (
                "S = Σ Pᵢ × Qᵢ",
                opt(d.sales.revenue.value, format::money),
                None,
                d.sales.revenue.explain.clone(),
            ),
            (
                "V = Σ Pᵢ × Qᵢ × Rᵢ",
                format::number(loc, d.value.value_v, 0),
                None,
                d.value.value_v_explain.clone(),
            ),
            (
                "P = Σ Wᵢ × Rᵢ × Gᵢ",
                opt(i.potential.value, format::money),
                Some(clv),
                i.potential.explain.clone(),
            ),
            (
                "M = Σ Cᵢ",
                opt(m.cost.value, format::money),
                None,
                m.cost.explain.clone(),
            ),
            (
                "E = (S₁ − S₀) / S₀",
                opt(m.effect.value, format::percent),
                None,
                m.effect.explain.clone(),
            ),
            (
                "S = Σ Wᵢ × Rᵢ × Gᵢ",
                index(i.satisfaction.value),
                None,
                i.satisfaction.explain.clone(),
            ),
            (
                "L = Σ Wᵢ × Rᵢ × Gᵢ",
                index(i.loyalty.value),
                None,
                i.loyalty.explain.clone(),
            ),
        ];
        figures
            .into_iter()
            .zip(ta.seed_names)
            .enumerate()
            .map(|(k, ((formula, value, note, explain), name))| {
                view! {
                    <tr data-testid=format!("seed-{k}")>
                        <th scope="row">{name}</th>
                        <td>
                            <code>{formula}</code>
                        </td>
                        <td class="num" data-testid="seed-value">
                            {value}
                            {note
                                .map(|n| {
                                    view! {
                                        <br />
                                        <span class="muted">{n}</span>
                                    }
                                })}
                        </td>
                        <td>
                            <Explain explanation=explain />
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="seed-title" data-testid="seed-formulas">
            <h2 id="seed-title" class="card__title">
                {ta.seed_title}
            </h2>
            <p class="muted">{ta.seed_lead}</p>
            <div class="table-scroll">
                <table class="table table--compact">
                    <thead>
                        <tr>
                            <th scope="col">{ta.seed_figure}</th>
                            <th scope="col">{ta.seed_formula}</th>
                            <th scope="col" class="num">
                                {ta.seed_value}
                            </th>
                            <th scope="col">{t.parts.how_computed}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A customer snapshot's retention curve (from a tenure, or signup and churn dates) and its
/// churn and recurring revenue by a customer column.
#[component]
fn SnapshotRetention() -> impl IntoView {
    let d = use_analytics().dashboard;
    let retention =
        Signal::derive(move || d.with(|d| d.snapshot.as_ref().and_then(|s| s.retention.clone())));
    view! {
        <Show when=move || retention.with(Option::is_some)>
            <RetentionCard retention=retention test_id="analysis-retention" />
        </Show>
        <SnapshotBreakdownCard />
    }
}

#[component]
fn SnapshotBreakdownCard() -> impl IntoView {
    let t = use_texts();
    let (w, ts) = (&t.words, &t.snapshot);
    let breakdown = snapshot_breakdown("snapshot");
    let bars = Bars {
        series: w.churn_rate,
        value: |g: &SnapshotGroup| g.churn_rate.map_or(0.0, |r| (r * 1000.0).round() / 10.0),
        label: ts.breakdown_label,
        empty: ts.empty,
    };
    let headers = vec![w.customers, ts.churned, w.churn_rate, w.mrr, w.mean_tenure];
    let cells = |loc: Locale, g: &SnapshotGroup| {
        let opt = |v: Option<f64>, f: fn(Locale, f64) -> String| {
            (v.map(|v| f(loc, v)).unwrap_or_default(), v)
        };
        let count = |n: u64| (format::count(loc, n as f64), Some(n as f64));
        let figures = vec![
            count(g.customers),
            count(g.churned),
            opt(g.churn_rate, format::percent),
            opt(g.mrr, format::money),
            opt(g.mean_tenure_months, |l, v| format::number(l, v, 1)),
        ];
        (g.value.clone(), figures)
    };
    view! {
        <BreakdownCard
            card="snapshot"
            rows=|column, label| Figure::SnapshotGroup {
                column,
                label,
            }
            title=ts.breakdown_title
            picker=ts.breakdown_by
            breakdown=breakdown
            headers=headers
            cells=cells
            no_value=ts.no_value
            bars=bars
        />
    }
}

#[component]
fn AnalysisBody() -> impl IntoView {
    view! {
        <div class="grid-2">
            <SegmentsCard />
            <AbcCard />
        </div>
        <CohortCard />
        <div class="grid-2">
            <ClvCard />
            <HoldoutCard />
            <AtRiskCard />
        </div>
    }
}

/// The RFM segments: customers, revenue and their shares, and a chart of the revenue.
#[component]
fn SegmentsCard() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ta) = (&t.words, &t.analysis);
    let segments_chart = Signal::derive(move || {
        let mut s = Series::new(w.revenue);
        for seg in &d.get().rfm.segments {
            s.push(w.rfm_segment(&seg.name), seg.revenue);
        }
        charts::bars(&s, true, ta.no_purchases)
    });
    // A segment's bar narrows every page to its customers.
    let toggle = pick_toggler();
    let pick_segment = Callback::new(move |c: ChartClick| {
        let name = d.with_untracked(|d| d.rfm.segments.get(c.index).map(|s| s.name.clone()));
        if let Some(name) = name {
            toggle("customers.rfm_segment".into(), name);
        }
    });
    view! {
        <section class="card" aria-labelledby="rfm-title">
            <h2 id="rfm-title" class="card__title">
                {ta.rfm_title}
            </h2>
            <table class="table table--compact" data-testid="segment-table">
                <thead>
                    <tr>
                        <th scope="col">{w.segment}</th>
                        <th scope="col" class="num">
                            {w.customers}
                        </th>
                        <th scope="col" class="num">
                            {w.share}
                        </th>
                        <th scope="col" class="num">
                            {w.revenue}
                        </th>
                        <th scope="col" class="num">
                            {w.revenue_share}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        d.get()
                            .rfm
                            .segments
                            .iter()
                            .map(|s| {
                                view! {
                                    <tr>
                                        <th scope="row">{w.rfm_segment(&s.name)}</th>
                                        <td class="num">
                                            <a href=rows_href(
                                                Some(&Figure::RfmSegment(s.name.clone())),
                                            )>{format::count(loc, s.customers as f64)}</a>
                                        </td>
                                        <td class="num">
                                            {s
                                                .customer_share
                                                .map(|v| format::percent(loc, v))
                                                .unwrap_or_default()}
                                        </td>
                                        <td class="num">{format::money(loc, s.revenue)}</td>
                                        <td class="num">
                                            {s
                                                .revenue_share
                                                .map(|v| format::percent(loc, v))
                                                .unwrap_or_default()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <EChart
                chart=segments_chart
                label=ta.segments_label
                test_id="analysis-segments-chart"
                on_click=pick_segment
            />
            {move || view! { <Explain explanation=d.get().rfm.explain.clone() /> }}
        </section>
    }
}

/// The ABC classes and the Pareto curve of revenue over customers.
#[component]
fn AbcCard() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ta) = (&t.words, &t.analysis);
    let pareto = Signal::derive(move || {
        let revenues: Vec<f64> = analytics
            .customers
            .get()
            .iter()
            .map(|r| r.monetary)
            .collect();
        charts::pareto(
            &revenues,
            [ta.pct_customers, ta.pct_revenue, ta.cumulative_share],
            ta.no_revenue,
        )
    });
    view! {
        <section class="card" aria-labelledby="abc-title">
            <h2 id="abc-title" class="card__title">
                {ta.abc_title}
            </h2>
            <table class="table table--compact" data-testid="abc-table">
                <thead>
                    <tr>
                        <th scope="col">{ta.class}</th>
                        <th scope="col" class="num">
                            {w.customers}
                        </th>
                        <th scope="col" class="num">
                            {w.revenue_share}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        d.get()
                            .rfm
                            .abc
                            .iter()
                            .map(|s| {
                                view! {
                                    <tr>
                                        <th scope="row">{s.name.clone()}</th>
                                        <td class="num">
                                            <a href=rows_href(
                                                Some(&Figure::AbcClass(s.name.clone())),
                                            )>{format::count(loc, s.customers as f64)}</a>
                                        </td>
                                        <td class="num">
                                            {s
                                                .revenue_share
                                                .map(|v| format::percent(loc, v))
                                                .unwrap_or_default()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <EChart chart=pareto label=ta.pareto_label test_id="analysis-pareto-chart" />
            {move || view! { <Explain explanation=d.get().rfm.explain.clone() /> }}
        </section>
    }
}

/// Retention of each month's new customers, as a heatmap.
#[component]
fn CohortCard() -> impl IntoView {
    let d = use_analytics().dashboard;
    let ta = &use_texts().analysis;
    let cohorts = Signal::derive(move || {
        let labels = (ta.months_since_first, ta.retention_pct, ta.no_cohorts);
        charts::cohort_heatmap(&d.get().cohorts, labels)
    });
    // A cell opens its customers: the cohort's, buying that many months after.
    let open = rows_opener();
    let open_cell = Callback::new(move |c: ChartClick| {
        if let Some((month, months_since)) =
            d.with_untracked(|d| charts::cohort_cell(&d.cohorts, c.index))
        {
            open(Figure::Cohort {
                month,
                months_since,
            });
        }
    });
    view! {
        <section class="card" aria-labelledby="cohort-title">
            <h2 id="cohort-title" class="card__title">
                {ta.cohort_title}
            </h2>
            <EChart
                chart=cohorts
                label=ta.cohort_label
                test_id="analysis-cohort-chart"
                on_click=open_cell
                grid=true
            />
            {move || view! { <Explain explanation=d.get().cohorts.explain.clone() /> }}
        </section>
    }
}

/// Predicted lifetime value: the totals and a histogram.
#[component]
fn ClvCard() -> impl IntoView {
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ta) = (&t.words, &t.analysis);
    let clv = Signal::derive(move || {
        let values: Vec<f64> = analytics
            .customers
            .get()
            .iter()
            .filter_map(|r| r.clv)
            .collect();
        charts::histogram(&values, 20, w.customers, ta.no_clv)
    });
    view! {
        <section class="card" aria-labelledby="clv-title">
            <h2 id="clv-title" class="card__title">
                {ta.clv_title}
            </h2>
            {move || {
                let v = d.get().value.clone();
                view! {
                    <p class="muted" data-testid="clv-summary">
                        {(ta
                            .clv_summary)(
                            &v
                                .clv_total
                                .map(|v| format::money(loc, v))
                                .unwrap_or_else(|| format::NONE.into()),
                            &v
                                .clv_mean
                                .map(|v| format::money(loc, v))
                                .unwrap_or_else(|| format::NONE.into()),
                            &v
                                .mean_p_alive
                                .map(|v| format::percent(loc, v))
                                .unwrap_or_else(|| format::NONE.into()),
                        )}
                    </p>
                    <Explain explanation=v.explain.clone() />
                }
            }}
            <EChart chart=clv label=ta.clv_label test_id="analysis-clv-chart" />
        </section>
    }
}

/// The customers most at risk, by value at risk, and their export.
#[component]
fn AtRiskCard() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let d = analytics.dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, ta) = (&t.words, &t.analysis);
    let rows = customer_list_rows();
    let threshold = Memo::new(move |_| state.params.get().at_risk_p_alive);
    let risky = Memo::new(move |_| at_risk(&rows.get(), threshold.get(), 50));
    let file_name = export_file_name();
    let export_risky = move |_| {
        let (rows, idx) = (rows.get_untracked(), risky.get_untracked());
        let data = idx.iter().map(|&i| {
            let r = &rows[i as usize];
            vec![
                r.id.clone(),
                r.name.clone(),
                r.email.clone(),
                r.phone.clone(),
                r.rfm_segment.to_string(),
                format!("{:.2}", r.revenue),
                r.p_alive.map(|p| format!("{p:.4}")).unwrap_or_default(),
                value_at_risk(r)
                    .map(|v| format!("{v:.2}"))
                    .unwrap_or_default(),
                r.last_purchase.clone(),
            ]
        });
        let headers = [
            "id",
            "name",
            "email",
            "phone",
            "rfm_segment",
            "revenue",
            "p_alive",
            "value_at_risk",
            "last_purchase",
        ];
        let name = file_name("customers-at-risk", &[], Some(("value_at_risk", true)));
        download_text(&name, "text/csv", &csv_table(&headers, data));
    };
    view! {
        <section class="card" aria-labelledby="risk-title">
            <h2 id="risk-title" class="card__title">
                {ta.risk_title}
            </h2>
            <p class="muted">{move || (ta.risk_text)(&format::percent(loc, threshold.get()))}</p>
            <div class="table-scroll">
                <table class="table table--compact" data-testid="at-risk-table">
                    <thead>
                        <tr>
                            <th scope="col">{w.customer}</th>
                            <th scope="col" class="num">
                                {w.revenue}
                            </th>
                            <th scope="col" class="num">
                                {w.p_alive}
                            </th>
                            <th scope="col" class="num">
                                {ta.value_at_risk}
                            </th>
                            <th scope="col">{w.last_purchase}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = rows.get();
                            let view = risky
                                .get()
                                .iter()
                                .take(10)
                                .map(|&i| {
                                    let r = &rows[i as usize];
                                    let link = filtered_href(&customer_path(&r.id));
                                    let (label, suffix) = if r.name.is_empty() {
                                        (r.id.clone(), String::new())
                                    } else {
                                        (r.name.clone(), format!(" ({})", r.id))
                                    };
                                    let title = format!("{label}{suffix}");
                                    let (revenue, p, var, last) = (
                                        format::money(loc, r.revenue),
                                        r
                                            .p_alive
                                            .map(|v| format::percent(loc, v))
                                            .unwrap_or_default(),
                                        value_at_risk(r)
                                            .map(|v| format::money(loc, v))
                                            .unwrap_or_default(),
                                        format::iso_date(loc, &r.last_purchase),
                                    );
                                    view! {
                                        <tr>
                                            <td>
                                                <span class="clip" title=title>
                                                    <A href=link>
                                                        <bdi>{label}</bdi>
                                                        {suffix}
                                                    </A>
                                                </span>
                                            </td>
                                            <td class="num">{revenue}</td>
                                            <td class="num">{p}</td>
                                            <td class="num">{var}</td>
                                            <td>{last}</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view
                        }}
                    </tbody>
                </table>
            </div>
            {move || {
                let period = d.get().sales.period;
                let e = at_risk_explanation(
                    &period,
                    analytics.as_of.get().orders,
                    &state.params.get(),
                    risky.get().len(),
                );
                view! { <Explain explanation=e /> }
            }}
            <div class="actions">
                <button
                    class="button button--primary"
                    on:click=export_risky
                    data-testid="export-at-risk"
                >
                    {ta.export_at_risk}
                </button>
            </div>
        </section>
    }
}

/// The customer model's backtest: predicted against actual purchases in the held-out
/// months, overall and by repeat purchases before them.
#[component]
fn HoldoutCard() -> impl IntoView {
    let (t, loc, analytics) = (use_texts(), use_locale(), use_analytics());
    let ta = &t.analysis;
    let holdout = analytics.holdout;
    let chart = Signal::derive(move || {
        let h = holdout.get();
        charts::holdout(
            h.as_deref(),
            [ta.predicted_mean, ta.actual_mean],
            ta.holdout_waiting,
        )
    });
    let summary = move || match holdout.get() {
        None => view! { <p class="muted">{ta.holdout_waiting}</p> }.into_any(),
        Some(h) => {
            let n = |v: f64| format::number(loc, v, 0);
            let text = (ta.holdout_summary)(
                &format::date(loc, h.holdout.from),
                &format::date(loc, h.holdout.to),
                &format::count(loc, h.customers as f64),
                &n(h.predicted),
                &format::count(loc, h.actual as f64),
                &format::number(loc, h.mean_absolute_error, 2),
            );
            let rows = h
                .buckets
                .iter()
                .map(|b| {
                    view! {
                        <tr>
                            <th scope="row">
                                {format!("{}{}", b.frequency, if b.or_more { "+" } else { "" })}
                            </th>
                            <td class="num">{format::count(loc, b.customers as f64)}</td>
                            <td class="num">{format::number(loc, b.predicted_mean, 2)}</td>
                            <td class="num">{format::number(loc, b.actual_mean, 2)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p data-testid="holdout-summary">{text}</p>
                <div class="table-scroll">
                    <table class="table table--compact" data-testid="holdout-table">
                        <thead>
                            <tr>
                                <th scope="col">{ta.holdout_bucket}</th>
                                <th scope="col" class="num">
                                    {t.words.customers}
                                </th>
                                <th scope="col" class="num">
                                    {ta.predicted_mean}
                                </th>
                                <th scope="col" class="num">
                                    {ta.actual_mean}
                                </th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Explain explanation=h.explain.clone() />
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="holdout-title" data-testid="holdout">
            <h2 id="holdout-title" class="card__title">
                {ta.holdout_title}
            </h2>
            {summary}
            <EChart chart=chart label=ta.holdout_label test_id="analysis-holdout-chart" />
        </section>
    }
}
