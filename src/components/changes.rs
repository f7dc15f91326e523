//! What an import changed ([`WhatChanged`]: customers, deals and tickets that moved, and a
//! row-count reconciliation, each count a link to its rows) and the figures at each import
//! ([`ImportHistory`]).

use leptos::prelude::*;

use crate::core::metrics::Figure;
use crate::core::model::{Change, ChangeLine, Import, Kind, Measure, Timestamp};
use crate::format;
use crate::i18n::Locale;
use crate::state::{rows_href, use_locale, use_texts};

/// The reconciliation's columns, in order.
fn reconcile_columns(k: Kind) -> [Change; 6] {
    [
        Change::Previous(k),
        Change::InExport(k),
        Change::Added(k),
        Change::Matched(k),
        Change::NotInExport(k),
        Change::MissingInSpan(k),
    ]
}

/// A line's count, as a link that opens its rows.
fn count_link(place: usize, line: &ChangeLine, loc: Locale) -> impl IntoView {
    let t = use_texts();
    let figure = Figure::Change {
        import: place,
        change: line.change,
    };
    let n = format::count(loc, line.rows.len() as f64);
    let label = (t.rows.show_label)(&format!("{n} · {}", (t.rows.title)(&figure)));
    view! {
        <a href=rows_href(Some(&figure)) aria-label=label data-change=change_key(line.change)>
            {n}
        </a>
    }
}

/// A line's stable name for tests and styles (`new_customers`, `not_in_export.orders`).
fn change_key(c: Change) -> String {
    let kind = c.kind().as_str();
    match c {
        Change::Previous(_) => format!("previous.{kind}"),
        Change::InExport(_) => format!("in_export.{kind}"),
        Change::Added(_) => format!("added.{kind}"),
        Change::Matched(_) => format!("matched.{kind}"),
        Change::NotInExport(_) => format!("not_in_export.{kind}"),
        Change::MissingInSpan(_) => format!("missing.{kind}"),
        c => serde_json::to_string(&c)
            .unwrap_or_default()
            .trim_matches('"')
            .to_string(),
    }
}

/// What import `place` of the history changed since the data before it.
#[component]
pub fn WhatChanged(
    /// The import's place in the history (the oldest 0).
    place: usize,
    /// The import.
    import: Import,
) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let c = &t.changes;
    let at = import
        .at
        .map_or(c.unknown.to_string(), |ts| moment(loc, ts));
    let intro = (c.intro)(&import.files.join(", "), &at);
    let dated = import.dated.map(|d| (c.dated)(&format::date(loc, d)));
    let groups = [Kind::Customers, Kind::Deals, Kind::Tickets]
        .into_iter()
        .filter_map(|kind| {
            let lines: Vec<&ChangeLine> = (import.lines.iter())
                .filter(|l| !l.change.reconciles() && l.change.kind() == kind)
                .collect();
            (!lines.is_empty()).then(|| {
                let items = (lines.into_iter())
                    .map(
                        |l| view! { <li>{count_link(place, l, loc)} " " {(c.line)(l.change)}</li> },
                    )
                    .collect_view();
                view! {
                    <div class="changes__group" data-kind=kind.as_str()>
                        <h3>{(c.group)(kind)}</h3>
                        <ul class="changes__lines">{items}</ul>
                    </div>
                }
            })
        })
        .collect_view();
    view! {
        <section class="card card--wide" aria-labelledby="changes-title" data-testid="what-changed">
            <h2 id="changes-title" class="card__title">
                {c.title}
            </h2>
            <p>{intro} " " {dated}</p>
            {import.first.then(|| view! { <p class="muted">{c.first}</p> })}
            <div class="changes">{groups}</div>
            <Reconciliation place=place import=import.clone() />
        </section>
    }
}

/// The row-count reconciliation of the kinds the import's files held, with a warning for
/// each kind whose export looks cut short.
#[component]
fn Reconciliation(place: usize, import: Import) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let c = &t.changes;
    let kinds: Vec<Kind> = (Kind::ALL.into_iter())
        .filter(|&k| import.line(Change::InExport(k)).is_some())
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let warnings = (kinds.iter())
        .filter_map(|&k| {
            import
                .line(Change::MissingInSpan(k))
                .filter(|l| !l.rows.is_empty())
        })
        .map(|l| {
            let n = format::count(loc, l.rows.len() as f64);
            view! {
                <p class="warning" data-testid="missing-rows">
                    {(c.missing)(&(t.rows.count)(&n, l.change.kind()))}
                </p>
            }
        })
        .collect_view();
    let header = reconcile_columns(Kind::Orders).map(|col| {
        view! {
            <th scope="col" class="num">
                {(c.line)(col)}
            </th>
        }
    });
    let rows = (kinds.into_iter())
        .map(|k| {
            let cells = reconcile_columns(k).map(|col| {
                let link = import.line(col).map(|l| count_link(place, l, loc));
                view! { <td class="num">{link}</td> }
            });
            view! {
                <tr data-kind=k.as_str()>
                    <th scope="row">{(t.data.kind_name)(k)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <h3>{c.reconcile_title}</h3>
        {warnings}
        <div class="table-scroll">
            <table class="table table--compact" data-testid="reconciliation">
                <caption>{c.reconcile_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{c.kind}</th>
                        {header}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    })
}

/// An import's time: its date and its hour and minute (as the device's clock showed them);
/// the date alone for a publication, whose time is not known (kept as midnight).
fn moment(loc: Locale, ts: Timestamp) -> String {
    let seconds = ts.0.rem_euclid(Timestamp::DAY);
    let (date, minutes) = (format::date(loc, ts.day()), seconds / 60);
    if seconds == 0 {
        return date;
    }
    format!("{date} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// A measure's value, formatted as the Overview shows it.
fn measure_text(loc: Locale, m: Measure, v: f64) -> String {
    match m {
        Measure::ChurnRate => format::percent(loc, v),
        Measure::NetRevenue | Measure::Pipeline | Measure::WonAmount | Measure::Mrr => {
            format::money(loc, v)
        }
        _ => format::count(loc, v),
    }
}

/// The figures right after each import of `history`, oldest first: the measures any import
/// has, a dash where one had none.
#[component]
pub fn ImportHistory(history: Vec<Import>) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    let c = &t.changes;
    let measures: Vec<Measure> = (Measure::ALL.into_iter())
        .filter(|&m| history.iter().any(|i| i.figure(m).is_some()))
        .collect();
    let header = (measures.iter())
        .map(|&m| {
            view! {
                <th scope="col" class="num">
                    {(c.measure)(m)}
                </th>
            }
        })
        .collect_view();
    let rows = (history.iter())
        .map(|i| {
            let at = i.at.map_or(c.unknown.to_string(), |ts| moment(loc, ts));
            let dated = i.dated.map_or_else(String::new, |d| format::date(loc, d));
            let cells = (measures.iter())
                .map(|&m| {
                    let v = i
                        .figure(m)
                        .map_or("–".to_string(), |v| measure_text(loc, m, v));
                    view! {
                        <td class="num" data-measure=format!("{m:?}")>
                            {v}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{at}</th>
                    <td>{dated}</td>
                    <td>{i.files.join(", ")}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section
            class="card card--wide"
            aria-labelledby="history-title"
            data-testid="import-history"
        >
            <h2 id="history-title" class="card__title">
                {c.history_title}
            </h2>
            <div class="table-scroll">
                <table class="table table--compact">
                    <caption>{c.history_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{c.imported}</th>
                            <th scope="col">{c.data_to}</th>
                            <th scope="col">{c.files}</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
