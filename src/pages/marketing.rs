use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{
    download_text, Bars, BreakdownCard, Clip, EChart, EmptyState, Explain, KpiCard,
};
use crate::core::export::csv_table;
use crate::core::metrics::ResponseGroup;
use crate::core::metrics::{Figure, KpiId};
use crate::core::model::Kind;
use crate::core::series::Series;
use crate::format;
use crate::i18n::Locale;
use crate::routes::Page;
use crate::state::{
    export_file_name, responses_breakdown, responses_with_control, use_analytics, use_app_state,
    use_locale, use_texts,
};

fn opt(loc: Locale, v: Option<f64>, f: fn(Locale, f64) -> String) -> String {
    v.map(|v| f(loc, v)).unwrap_or_else(|| format::NONE.into())
}

/// `/marketing`: campaign cost, return and effect on sales.
#[component]
pub fn MarketingPage() -> impl IntoView {
    let state = use_app_state();
    let campaigns = Memo::new(move |_| state.dataset.with(|d| !d.campaigns.is_empty()));
    let contacts = Memo::new(move |_| state.dataset.with(|d| !d.responses.is_empty()));
    let t = use_texts();
    view! {
        <PageHeader title=(t.shell.page)(Page::Marketing) lead=t.marketing.lead figures=true />
        <Show
            when=move || campaigns.get() || contacts.get()
            fallback=move || view! { <EmptyState needs=t.marketing.needs /> }
        >
            <Show when=move || contacts.get()>
                <ResponsesCard />
            </Show>
            <Show when=move || campaigns.get()>
                <MarketingBody />
            </Show>
        </Show>
    }
}

/// How a figure and its interval read (`Marketing::uplift_range`).
type Range = fn(&str, &str, &str) -> String;

/// A figure with its interval: `value (low to high)` by `range`, each number by `f`.
fn with_interval(
    (loc, range): (Locale, Range),
    (value, low, high): (f64, Option<f64>, Option<f64>),
    f: impl Fn(Locale, f64) -> String,
) -> String {
    match (low, high) {
        (Some(lo), Some(hi)) => range(&f(loc, value), &f(loc, lo), &f(loc, hi)),
        _ => f(loc, value),
    }
}

/// Campaign contacts: the rates, the control arm (recognised or chosen), every arm with its
/// uplift over the control.
#[component]
fn ResponsesCard() -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let (tr, tm) = (&t.responses, &t.marketing);
    let control = RwSignal::new(String::new());
    let responses = responses_with_control(control.into());
    let chart = Signal::derive(move || {
        let mut s = Series::new(tr.conversion_rate);
        for a in responses.get().map(|r| r.arms).unwrap_or_default() {
            if let Some(rate) = a.rates.conversion_rate {
                s.push(a.name.clone(), (rate * 10_000.0).round() / 100.0);
            }
        }
        charts::bars(&s, true, tr.empty)
    });
    let signed_points = move |l: Locale, v: f64| {
        let sign = if v > 0.0 { "+" } else { "" };
        (tr.points)(&format!("{sign}{}", format::number(l, v * 100.0, 2)))
    };
    let kpis = move || {
        responses.get().map(|r| {
            let o = r.overall;
            let card = |label: &'static str, value: String, id: &'static str| {
                view! {
                    <article class="kpi card" data-testid=id>
                        <h2 class="kpi__label">{label}</h2>
                        <p class="kpi__value" data-testid="kpi-value">
                            {value}
                        </p>
                        <Explain explanation=r.explain.clone() />
                    </article>
                }
            };
            view! {
                <div class="kpi-grid">
                    {card(tr.contacts, format::count(loc, o.contacts as f64), "kpi-contacts")}
                    {card(
                        tr.response_rate,
                        opt(loc, o.response_rate, format::percent),
                        "kpi-response-rate",
                    )}
                    {card(
                        tr.conversion_rate,
                        opt(loc, o.conversion_rate, format::percent),
                        "kpi-conversion-rate",
                    )}
                    {card(
                        tr.revenue_per_contact,
                        opt(loc, o.revenue_per_contact, format::money),
                        "kpi-revenue-per-contact",
                    )}
                </div>
            }
        })
    };
    let options = move || {
        let r = responses.get()?;
        let chosen = control.get();
        Some(
            r.arms
                .iter()
                .map(|a| {
                    let selected = a.name == chosen;
                    view! {
                        <option value=a.name.clone() selected=selected>
                            {a.name.clone()}
                        </option>
                    }
                })
                .collect_view(),
        )
    };
    let rows = move || {
        let arms = responses.get().map(|r| r.arms).unwrap_or_default();
        arms.into_iter()
            .map(|a| {
                let name = if a.control {
                    format!("{} ({})", a.name, tr.control_mark)
                } else {
                    a.name.clone()
                };
                let conv = a
                    .conversion_uplift
                    .map(|u| {
                        with_interval(
                            (loc, tm.uplift_range),
                            (u.absolute, Some(u.absolute_low), Some(u.absolute_high)),
                            signed_points,
                        )
                    })
                    .unwrap_or_default();
                let rel = a
                    .conversion_uplift
                    .and_then(|u| {
                        u.relative.map(|r| {
                            with_interval(
                                (loc, tm.uplift_range),
                                (r, u.relative_low, u.relative_high),
                                format::change,
                            )
                        })
                    })
                    .unwrap_or_default();
                let rev = a
                    .revenue_uplift
                    .map(|u| {
                        with_interval(
                            (loc, tm.uplift_range),
                            (u.absolute, Some(u.absolute_low), Some(u.absolute_high)),
                            format::money,
                        )
                    })
                    .unwrap_or_default();
                view! {
                    <tr data-control=a.control.to_string()>
                        <th scope="row">
                            <Clip text=name />
                        </th>
                        <td class="num">{format::count(loc, a.rates.contacts as f64)}</td>
                        <td class="num">{opt(loc, a.rates.response_rate, format::percent)}</td>
                        <td class="num">{opt(loc, a.rates.conversion_rate, format::percent)}</td>
                        <td class="num">{opt(loc, a.rates.revenue_per_contact, format::money)}</td>
                        <td class="num" data-col="conversion-uplift">
                            {conv}
                        </td>
                        <td class="num" data-col="relative-uplift">
                            {rel}
                        </td>
                        <td class="num" data-col="revenue-uplift">
                            {rev}
                        </td>
                        <td class="num">{opt(loc, a.cost_per_conversion, format::money)}</td>
                        <td class="num">{opt(loc, a.roi, format::percent)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="responses-title" data-testid="responses">
            <h2 id="responses-title" class="card__title">
                {tr.title}
            </h2>
            {kpis}
            <span class="filter">
                <label class="filter__label" for="control-arm">
                    {tr.control}
                </label>
                <select
                    id="control-arm"
                    data-testid="control-arm"
                    on:change=move |ev| control.set(event_target_value(&ev))
                >
                    <option value="">{tr.control_auto}</option>
                    {options}
                </select>
            </span>
            {move || {
                responses
                    .get()
                    .filter(|r| r.control.is_none() && r.arms.len() > 1)
                    .map(|_| view! { <p class="muted">{tr.no_control}</p> })
            }}
            <div class="table-scroll">
                <table class="table table--compact" data-testid="arms-table">
                    <thead>
                        <tr>
                            <th scope="col">{tr.arm}</th>
                            <th scope="col" class="num">
                                {tr.contacts}
                            </th>
                            <th scope="col" class="num">
                                {tr.response_rate}
                            </th>
                            <th scope="col" class="num">
                                {tr.conversion_rate}
                            </th>
                            <th scope="col" class="num">
                                {tr.revenue_per_contact}
                            </th>
                            <th scope="col" class="num">
                                {tr.conversion_uplift}
                            </th>
                            <th scope="col" class="num">
                                {tr.relative_uplift}
                            </th>
                            <th scope="col" class="num">
                                {tr.revenue_uplift}
                            </th>
                            <th scope="col" class="num">
                                {tr.cost_per_conversion}
                            </th>
                            <th scope="col" class="num">
                                {tm.roi}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <EChart chart=chart label=tr.chart_label test_id="arms-chart" />
        </section>
        <ResponsesBreakdownCard />
    }
}

/// The contacts' rates per value of any of their columns (a segment, a channel, an arm).
#[component]
fn ResponsesBreakdownCard() -> impl IntoView {
    let t = use_texts();
    let (tr, ts) = (&t.responses, &t.snapshot);
    let breakdown = responses_breakdown("responses");
    // Conversion rate in percent.
    let bars = Bars {
        series: tr.conversion_rate,
        value: |g: &ResponseGroup| {
            g.rates
                .conversion_rate
                .map_or(0.0, |r| (r * 1000.0).round() / 10.0)
        },
        label: tr.by_title,
        empty: ts.empty,
    };
    let headers = vec![
        tr.contacts,
        tr.response_rate,
        tr.conversion_rate,
        tr.revenue_per_contact,
    ];
    let cells = |loc: Locale, g: &ResponseGroup| {
        let r = &g.rates;
        let figures = vec![
            (
                format::count(loc, r.contacts as f64),
                Some(r.contacts as f64),
            ),
            (opt(loc, r.response_rate, format::percent), r.response_rate),
            (
                opt(loc, r.conversion_rate, format::percent),
                r.conversion_rate,
            ),
            (
                opt(loc, r.revenue_per_contact, format::money),
                r.revenue_per_contact,
            ),
        ];
        (g.value.clone(), figures)
    };
    view! {
        <BreakdownCard
            card="responses"
            rows=|column, label| Figure::Breakdown {
                kind: Kind::Responses,
                column,
                label,
            }
            title=tr.by_title
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
fn MarketingBody() -> impl IntoView {
    let d = use_analytics().dashboard;
    let (t, loc) = (use_texts(), use_locale());
    let (w, tm) = (&t.words, &t.marketing);
    let roi = Signal::derive(move || {
        let mut s = Series::new(tm.roi_series);
        for c in d
            .get()
            .marketing
            .campaigns
            .iter()
            .filter(|c| c.roi.is_some())
        {
            s.push(
                c.name.clone(),
                (c.roi.unwrap_or(0.0) * 1000.0).round() / 10.0,
            );
        }
        charts::bars(&s, true, tm.no_roi)
    });
    let effect = Signal::derive(move || {
        let mut before = Series::new(tm.before);
        let mut during = Series::new(tm.during);
        for c in d.get().marketing.campaigns.iter() {
            before.push(c.name.clone(), c.revenue_before);
            during.push(c.name.clone(), c.revenue_during);
        }
        charts::grouped_bars(&[before, during], tm.no_campaigns)
    });
    let file_name = export_file_name();
    let export = move |_| {
        let m = d.get_untracked().marketing.clone();
        let rows = m.campaigns.iter().map(|c| {
            vec![
                c.id.clone(),
                c.name.clone(),
                c.channel.clone(),
                c.start.clone().unwrap_or_default(),
                c.end.clone().unwrap_or_default(),
                format!("{:.2}", c.cost),
                c.revenue.map(|v| format!("{v:.2}")).unwrap_or_default(),
                c.roi.map(|v| format!("{v:.4}")).unwrap_or_default(),
                c.roas.map(|v| format!("{v:.4}")).unwrap_or_default(),
                c.cac.map(|v| format!("{v:.2}")).unwrap_or_default(),
                c.effect.map(|v| format!("{v:.4}")).unwrap_or_default(),
            ]
        });
        let headers = [
            "id", "name", "channel", "start", "end", "cost", "revenue", "roi", "roas", "cac",
            "effect",
        ];
        download_text(
            &file_name("campaigns", &[], None),
            "text/csv",
            &csv_table(&headers, rows),
        );
    };
    view! {
        {move || {
            let m = d.get().marketing.clone();
            view! {
                <div class="kpi-grid">
                    <KpiCard
                        label=w.marketing_cost
                        kpi=m.cost.clone()
                        format=format::money
                        higher_is_better=false
                        test_id="kpi-marketing-cost"
                        rows=Some(Figure::Kpi(KpiId::Campaigns))
                    />
                    <article class="kpi card" data-testid="kpi-roi">
                        <h2 class="kpi__label">{tm.roi}</h2>
                        <p class="kpi__value">{opt(loc, m.attributed.roi, format::percent)}</p>
                        <p class="muted">
                            {(tm.attributed)(&format::money(loc, m.attributed.revenue))}
                        </p>
                        <Explain explanation=m.attributed.explain.clone() />
                    </article>
                    <article class="kpi card">
                        <h2 class="kpi__label">{tm.roas}</h2>
                        <p class="kpi__value">
                            {m
                                .attributed
                                .roas
                                .map(|v| format!("{v:.2}×"))
                                .unwrap_or_else(|| format::NONE.into())}
                        </p>
                        <Explain explanation=m.attributed.explain.clone() />
                    </article>
                    <KpiCard
                        label=tm.cac
                        kpi=m.cac.clone()
                        format=format::money
                        higher_is_better=false
                        test_id="kpi-cac"
                        rows=Some(Figure::Kpi(KpiId::CustomersNew))
                    />
                    <article class="kpi card">
                        <h2 class="kpi__label">{tm.leads}</h2>
                        <p class="kpi__value">{format::count(loc, m.leads.count as f64)}</p>
                        <p class="muted">{(tm.cpl)(&opt(loc, m.leads.cpl, format::money))}</p>
                        <Explain explanation=m.leads.explain.clone() />
                    </article>
                </div>
            }
        }}
        <section class="card" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title" class="card__title">
                {tm.campaigns}
            </h2>
            <div class="table-scroll">
                <table class="table table--compact" data-testid="campaign-table">
                    <thead>
                        <tr>
                            <th scope="col">{tm.campaign}</th>
                            <th scope="col">{w.channel}</th>
                            <th scope="col">{tm.period}</th>
                            <th scope="col" class="num">
                                {tm.cost}
                            </th>
                            <th scope="col" class="num">
                                {tm.leads}
                            </th>
                            <th scope="col" class="num">
                                {tm.new_customers}
                            </th>
                            <th scope="col" class="num">
                                {w.revenue}
                            </th>
                            <th scope="col" class="num">
                                {tm.roi}
                            </th>
                            <th scope="col" class="num">
                                {tm.roas}
                            </th>
                            <th scope="col" class="num">
                                {tm.cac}
                            </th>
                            <th scope="col" class="num">
                                {tm.effect}
                            </th>
                            <th scope="col">{tm.uplift}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            d.get()
                                .marketing
                                .campaigns
                                .iter()
                                .map(|c| {
                                    let uplift = c
                                        .uplift
                                        .as_ref()
                                        .map(|u| (tm
                                            .uplift_range)(
                                            &format::change(loc, u.uplift),
                                            &format::change(loc, u.ci_low),
                                            &format::change(loc, u.ci_high),
                                        ))
                                        .unwrap_or_default();
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                <Clip text=c.name.clone() />
                                            </th>
                                            <td>
                                                <Clip text=c.channel.clone() />
                                            </td>
                                            <td>
                                                {format!(
                                                    "{} – {}",
                                                    format::iso_date(
                                                        loc,
                                                        c.start.as_deref().unwrap_or_default(),
                                                    ),
                                                    format::iso_date(loc, c.end.as_deref().unwrap_or_default()),
                                                )}
                                            </td>
                                            <td class="num">{format::money(loc, c.cost)}</td>
                                            <td class="num">
                                                {c
                                                    .leads
                                                    .map(|l| format::count(loc, l as f64))
                                                    .unwrap_or_else(|| format::NONE.into())}
                                            </td>
                                            <td class="num">
                                                {format::count(loc, c.new_customers as f64)}
                                            </td>
                                            <td class="num">{opt(loc, c.revenue, format::money)}</td>
                                            <td class="num">{opt(loc, c.roi, format::percent)}</td>
                                            <td class="num">
                                                {c
                                                    .roas
                                                    .map(|v| format!("{v:.2}×"))
                                                    .unwrap_or_else(|| format::NONE.into())}
                                            </td>
                                            <td class="num">{opt(loc, c.cac, format::money)}</td>
                                            <td class="num">{opt(loc, c.effect, format::change)}</td>
                                            <td>{uplift}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            {move || view! { <Explain explanation=d.get().marketing.campaigns_explain.clone() /> }}
            <div class="actions">
                <button class="button" on:click=export data-testid="export-campaigns">
                    {w.export_csv}
                </button>
            </div>
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="roi-title">
                <h2 id="roi-title" class="card__title">
                    {tm.roi_title}
                </h2>
                <EChart chart=roi label=tm.roi_label test_id="marketing-roi-chart" />
                {move || {
                    view! { <Explain explanation=d.get().marketing.attributed.explain.clone() /> }
                }}
            </section>
            <section class="card" aria-labelledby="effect-title">
                <h2 id="effect-title" class="card__title">
                    {tm.effect_title}
                </h2>
                <EChart chart=effect label=tm.effect_label test_id="marketing-effect-chart" />
                {move || view! { <Explain explanation=d.get().marketing.effect.explain.clone() /> }}
            </section>
        </div>
    }
}
