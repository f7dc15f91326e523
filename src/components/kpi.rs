//! A headline number with its change and "how is this computed?".

use leptos::prelude::*;

use crate::core::metrics::{Explanation, Figure, Kpi};
use crate::format;
use crate::i18n::Locale;
use crate::state::{rows_href, use_locale, use_texts};

/// "How is this computed?": the formula in words, the parameters and the rows behind it.
#[component]
pub fn Explain(
    /// The explanation from the metric result.
    explanation: Explanation,
) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let params = (explanation.params.iter())
        .map(|p| t.parts.explain_param(loc, p))
        .map(|(k, v)| {
            view! {
                <li>
                    <span class="muted">{k}</span>
                    ": "
                    {v}
                </li>
            }
        })
        .collect_view();
    // Records the figure leaves out, said next to it (not only inside the details).
    let left_out = explanation
        .left_out
        .iter()
        .map(|l| {
            let text = (t.parts.left_out)(&format::count(loc, l.records as f64), l.reason);
            view! {
                <p class="left-out" data-testid="left-out">
                    {text}
                </p>
            }
        })
        .collect_view();
    view! {
        {left_out}
        <details class="explain">
            <summary>{t.parts.how_computed}</summary>
            <p class="explain__formula">{(t.parts.formula)(explanation.formula)}</p>
            <ul class="explain__params">
                {params} <li>
                    <span class="muted">{t.parts.records}</span>
                    ": "
                    {format::count(loc, explanation.rows as f64)}
                </li>
            </ul>
        </details>
    }
}

/// A KPI card: value, change against the previous equal period, explanation.
#[component]
pub fn KpiCard(
    /// What the number is.
    label: &'static str,
    /// The figure: its value, the previous period's, the change and how it is computed.
    kpi: Kpi,
    /// How to show the value (in the interface language).
    format: fn(Locale, f64) -> String,
    /// Whether a rise is good news (revenue) or bad (churn).
    #[prop(default = true)]
    higher_is_better: bool,
    /// The card's `data-testid`, by which the end-to-end tests find it.
    test_id: &'static str,
    /// A line under the value (what the number includes).
    #[prop(default = None)]
    note: Option<String>,
    /// The value is a rate: its change reads in percentage points (77.0 % against 65.3 %
    /// is +11.7 pts, not +18 %).
    #[prop(optional)]
    rate: bool,
    /// The figure whose records make the number: a link opens them.
    #[prop(default = None)]
    rows: Option<Figure>,
) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let value = kpi
        .value
        .map(|v| format(loc, v))
        .unwrap_or_else(|| format::NONE.into());
    // A rate's change in points (value − previous), else relative.
    let delta = if rate {
        kpi.value.zip(kpi.previous).map(|(v, p)| v - p)
    } else {
        kpi.change
    };
    let change = delta.map(|c| {
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
        let previous = kpi.previous.map(|v| format(loc, v)).unwrap_or_default();
        view! {
            <p class=class>
                <span aria-hidden="true">{arrow}</span>
                {if rate { format::points(loc, c) } else { format::change(loc, c) }}
                <span class="muted">{(t.parts.vs_previous)(&previous)}</span>
            </p>
        }
    });
    view! {
        <article class="kpi card" data-testid=test_id>
            <h2 class="kpi__label">{label}</h2>
            <p class="kpi__value" data-testid="kpi-value">
                {value}
            </p>
            {change}
            {note
                .map(|n| {
                    view! {
                        <p class="muted" data-testid="kpi-note">
                            {n}
                        </p>
                    }
                })}
            <Explain explanation=kpi.explain />
            {rows
                .map(|f| {
                    view! {
                        <a
                            class="kpi__rows"
                            href=rows_href(Some(&f))
                            aria-label=(t.rows.show_label)(label)
                            data-testid="kpi-rows"
                        >
                            {t.rows.show}
                        </a>
                    }
                })}
        </article>
    }
}
