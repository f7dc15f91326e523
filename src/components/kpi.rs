//! A headline number with its change and "how is this computed?".

use leptos::prelude::*;

use crate::core::metrics::{Explanation, Kpi};
use crate::format;

/// "How is this computed?": the formula in words, the parameters and the rows behind it.
#[component]
pub fn Explain(
    /// The explanation from the metric result.
    explanation: Explanation,
) -> impl IntoView {
    let params = explanation
        .params
        .iter()
        .map(|(k, v)| view! { <li><span class="muted">{k.clone()}</span> ": " {v.clone()}</li> })
        .collect_view();
    view! {
        <details class="explain">
            <summary>"How is this computed?"</summary>
            <p class="explain__formula">{explanation.formula}</p>
            <ul class="explain__params">
                {params}
                <li><span class="muted">"records"</span> ": " {format::count(explanation.rows as f64)}</li>
            </ul>
        </details>
    }
}

/// A KPI card: value, change against the previous equal period, explanation.
#[component]
pub fn KpiCard(
    /// What the number is.
    label: &'static str,
    /// The metric.
    kpi: Kpi,
    /// How to show the value.
    format: fn(f64) -> String,
    /// Whether a rise is good news (revenue) or bad (churn).
    #[prop(default = true)]
    higher_is_better: bool,
    /// Test id of the card.
    test_id: &'static str,
) -> impl IntoView {
    let value = kpi.value.map(format).unwrap_or_else(|| "–".into());
    let change = kpi.change.map(|c| {
        let good = (c > 0.0) == higher_is_better;
        let class = if c == 0.0 {
            "kpi__change"
        } else if good {
            "kpi__change kpi__change--good"
        } else {
            "kpi__change kpi__change--bad"
        };
        let arrow = if c > 0.0 {
            "▲ "
        } else if c < 0.0 {
            "▼ "
        } else {
            ""
        };
        let previous = kpi.previous.map(format).unwrap_or_default();
        view! {
            <p class=class>
                <span aria-hidden="true">{arrow}</span>
                {format::change(c)}
                <span class="muted">" vs previous period (" {previous} ")"</span>
            </p>
        }
    });
    view! {
        <article class="kpi card" data-testid=test_id>
            <h2 class="kpi__label">{label}</h2>
            <p class="kpi__value" data-testid="kpi-value">{value}</p>
            {change}
            <Explain explanation=kpi.explain/>
        </article>
    }
}
