use leptos::prelude::*;

use super::PageHeader;
use crate::charts;
use crate::components::{download_text, Clip, EChart, EmptyState, KpiCard};
use crate::core::export::csv_table;
use crate::core::series::Series;
use crate::format;
use crate::state::{use_analytics, use_app_state};

fn opt(v: Option<f64>, f: fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "–".into())
}

/// `/marketing`: campaign cost, return and effect on sales.
#[component]
pub fn MarketingPage() -> impl IntoView {
    let state = use_app_state();
    let has = Signal::derive(move || state.dataset.with(|d| !d.campaigns.is_empty()));
    view! {
        <PageHeader title="Marketing" lead="Campaign cost, return and effect on sales."/>
        <Show when=move || has.get() fallback=|| view! { <EmptyState needs="a marketing campaigns CSV (and orders, to measure their effect)"/> }>
            <MarketingBody/>
        </Show>
    }
}

#[component]
fn MarketingBody() -> impl IntoView {
    let d = use_analytics().dashboard;
    let roi = Signal::derive(move || {
        let mut s = Series::new("ROI %");
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
        charts::bars(&s, true, "No campaign has both cost and attributed revenue")
    });
    let effect = Signal::derive(move || {
        let mut before = Series::new("Revenue in the window before");
        let mut during = Series::new("Revenue during the campaign");
        for c in d.get().marketing.campaigns.iter() {
            before.push(c.name.clone(), c.revenue_before);
            during.push(c.name.clone(), c.revenue_during);
        }
        charts::grouped_bars(&[before, during], "No campaigns in this period")
    });
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
        download_text("campaigns.csv", "text/csv", &csv_table(&headers, rows));
    };
    view! {
        {move || {
            let m = d.get().marketing.clone();
            view! {
                <div class="kpi-grid">
                    <KpiCard label="Marketing cost" kpi=m.cost.clone() format=format::money higher_is_better=false test_id="kpi-marketing-cost"/>
                    <article class="kpi card" data-testid="kpi-roi"><h2 class="kpi__label">"ROI"</h2><p class="kpi__value">{opt(m.roi, format::percent)}</p>
                        <p class="muted">{format!("attributed revenue {}", format::money(m.attributed_revenue))}</p></article>
                    <article class="kpi card"><h2 class="kpi__label">"ROAS"</h2><p class="kpi__value">{m.roas.map(|v| format!("{v:.2}×")).unwrap_or_else(|| "–".into())}</p></article>
                    <KpiCard label="CAC" kpi=m.cac.clone() format=format::money higher_is_better=false test_id="kpi-cac"/>
                    <article class="kpi card"><h2 class="kpi__label">"Leads"</h2><p class="kpi__value">{format::count(m.leads as f64)}</p>
                        <p class="muted">{format!("cost per lead {}", opt(m.cpl, format::money))}</p></article>
                </div>
            }
        }}
        <section class="card" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title" class="card__title">"Campaigns"</h2>
            <div class="table-scroll"><table class="table table--compact" data-testid="campaign-table">
                <thead><tr>
                    <th scope="col">"Campaign"</th><th scope="col">"Channel"</th><th scope="col">"Period"</th>
                    <th scope="col" class="num">"Cost"</th><th scope="col" class="num">"Leads"</th><th scope="col" class="num">"New customers"</th>
                    <th scope="col" class="num">"Revenue"</th><th scope="col" class="num">"ROI"</th><th scope="col" class="num">"ROAS"</th>
                    <th scope="col" class="num">"CAC"</th><th scope="col" class="num">"Effect"</th><th scope="col">"Holdout uplift (95% CI)"</th>
                </tr></thead>
                <tbody>
                    {move || d.get().marketing.campaigns.iter().map(|c| {
                        let uplift = c.uplift.as_ref().map(|u| format!("{} ({} to {})", format::change(u.uplift), format::change(u.ci_low), format::change(u.ci_high))).unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row"><Clip text=c.name.clone()/></th>
                                <td><Clip text=c.channel.clone()/></td>
                                <td>{format!("{} – {}", c.start.clone().unwrap_or_default(), c.end.clone().unwrap_or_default())}</td>
                                <td class="num">{format::money(c.cost)}</td>
                                <td class="num">{c.leads.map(|l| format::count(l as f64)).unwrap_or_else(|| "–".into())}</td>
                                <td class="num">{format::count(c.new_customers as f64)}</td>
                                <td class="num">{opt(c.revenue, format::money)}</td>
                                <td class="num">{opt(c.roi, format::percent)}</td>
                                <td class="num">{c.roas.map(|v| format!("{v:.2}×")).unwrap_or_else(|| "–".into())}</td>
                                <td class="num">{opt(c.cac, format::money)}</td>
                                <td class="num">{opt(c.effect, format::change)}</td>
                                <td>{uplift}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <div class="actions"><button class="button" on:click=export data-testid="export-campaigns">"Export CSV"</button></div>
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="roi-title">
                <h2 id="roi-title" class="card__title">"ROI by campaign (%)"</h2>
                <EChart chart=roi label="Return on investment per campaign" test_id="marketing-roi-chart"/>
            </section>
            <section class="card" aria-labelledby="effect-title">
                <h2 id="effect-title" class="card__title">"Revenue before and during each campaign"</h2>
                <EChart chart=effect label="Revenue in the window before and during each campaign" test_id="marketing-effect-chart"/>
            </section>
        </div>
    }
}
