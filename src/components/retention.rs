//! The Kaplan–Meier retention curve of a customer snapshot, with its summary, explanation
//! and table.

use leptos::prelude::*;

use super::{EChart, Explain};
use crate::charts;
use crate::core::metrics::Retention;
use crate::format;
use crate::state::{use_locale, use_texts};

/// A card with the retention curve; `retention` is `None` when the data has no durations
/// (the chart then says what would fill it).
#[component]
pub fn RetentionCard(
    /// The curve, from the dashboard's snapshot.
    #[prop(into)]
    retention: Signal<Option<Retention>>,
    /// The card's `data-testid`, by which the end-to-end tests find it.
    test_id: &'static str,
) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let tr = &t.snapshot;
    let chart = Signal::derive(move || {
        retention.with(|r| charts::retention(r.as_ref(), [tr.series, tr.months], tr.empty))
    });
    let summary = move || {
        retention.get().map(|r| {
            let count = |n: u64| format::count(loc, n as f64);
            let median = r.median_months.map(|m| count(u64::from(m)));
            let text = (tr.summary)(&count(r.customers), &count(r.churned), median.as_deref());
            view! {
                <p class="muted" data-testid="retention-summary">
                    {text}
                </p>
                <Explain explanation=r.explain.clone() />
            }
        })
    };
    let rows = move || {
        let r = retention.get()?;
        let count = |n: u64| format::count(loc, n as f64);
        let rows = r
            .points
            .iter()
            .map(|p| {
                view! {
                    <tr>
                        <th scope="row">{count(u64::from(p.month))}</th>
                        <td class="num">{count(p.at_risk)}</td>
                        <td class="num">{count(p.churned)}</td>
                        <td class="num">{count(p.censored)}</td>
                        <td class="num">{format::percent(loc, p.survival)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <details class="chart__data">
                <summary>{tr.table}</summary>
                <div class="table-scroll">
                    <table class="table table--compact" data-testid="retention-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr.months}</th>
                                <th scope="col" class="num">
                                    {tr.at_risk}
                                </th>
                                <th scope="col" class="num">
                                    {tr.churned}
                                </th>
                                <th scope="col" class="num">
                                    {tr.censored}
                                </th>
                                <th scope="col" class="num">
                                    {tr.survival}
                                </th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        })
    };
    let title_id = format!("{test_id}-title");
    view! {
        <section class="card card--wide" aria-labelledby=title_id.clone() data-testid=test_id>
            <h2 id=title_id.clone() class="card__title">
                {tr.title}
            </h2>
            {summary}
            <EChart chart=chart label=tr.label test_id="retention-chart" />
            {rows}
        </section>
    }
}
