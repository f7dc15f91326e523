//! Support tickets: volume, response and resolution times, backlog, CSAT and NPS.

use super::calendar::{month_index, month_label};
use super::funnel::deal_periods;
use super::index::CustomerIndex;
use super::numeric::{ratio, summary};
use super::sales::label;
use super::{Explained, Explanation, Filter, Kpi};
use crate::model::{Dataset, Day, Sym, Ticket, Timestamp};
use crate::series::Series;
use serde::Serialize;

/// Counts per value of one ticket field, largest first.
pub type Breakdown = Series;

/// Durations in hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Durations {
    /// Tickets with both timestamps (later ≥ earlier).
    pub tickets: usize,
    /// Median hours.
    pub median_hours: Option<f64>,
    /// 90th percentile hours (linear interpolation).
    pub p90_hours: Option<f64>,
    /// Mean hours.
    pub mean_hours: Option<f64>,
}

/// Support figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Support {
    /// Tickets opened in the period (previous period when the filter has a start date).
    pub tickets: Kpi,
    /// Tickets per month opened.
    pub by_month: Series,
    /// Tickets per issue type.
    pub by_type: Breakdown,
    /// Tickets per channel.
    pub by_channel: Breakdown,
    /// Tickets per priority.
    pub by_priority: Breakdown,
    /// Opened → first response.
    pub first_response: Durations,
    /// Opened → resolved.
    pub resolution: Durations,
    /// Tickets open at `as_of`: opened on or before it and not resolved by it.
    pub backlog: Explained<u64>,
    /// CSAT: share of rated tickets scored 4 or 5.
    pub csat: Kpi,
    /// Mean CSAT score (1–5).
    pub csat_mean: Option<f64>,
    /// Rated tickets (CSAT).
    pub csat_responses: usize,
    /// NPS = % promoters (9–10) − % detractors (0–6), in points (−100…100).
    pub nps: Kpi,
    /// Tickets with an NPS score.
    pub nps_responses: usize,
}

fn breakdown(ds: &Dataset, name: &str, values: impl Iterator<Item = Sym>) -> Breakdown {
    let mut counts: Vec<(Sym, u64)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|c| c.0 == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    crate::sort::sort_by(&mut counts, |a, b| {
        b.1.cmp(&a.1).then_with(|| ds.str(a.0).cmp(ds.str(b.0)))
    });
    let mut s = Series::new(name);
    for (k, n) in counts {
        s.push(label(ds, k), n as f64);
    }
    s
}

fn hours(from: Option<Timestamp>, to: Option<Timestamp>) -> Option<f64> {
    match (from, to) {
        (Some(a), Some(b)) if b >= a => Some((b.0 - a.0) as f64 / 3600.0),
        _ => None,
    }
}

fn durations(mut v: Vec<f64>) -> Durations {
    let (median, mean, p90) = summary(&mut v);
    Durations {
        tickets: v.len(),
        median_hours: median,
        p90_hours: p90,
        mean_hours: mean,
    }
}

fn closed_status(s: &str) -> bool {
    let s = s.to_lowercase();
    ["closed", "resolved", "solved", "done", "complete"]
        .iter()
        .any(|k| s.contains(k))
}

/// The support figures for a filter (dates select tickets by [`Ticket::day`]; segments by
/// their customer; channels and owners do not apply).
pub fn support(ds: &Dataset, idx: &CustomerIndex, filter: &Filter, as_of: Day) -> Support {
    let seg_ok = |t: &Ticket| {
        filter.segments.is_empty()
            || idx
                .dense(t.customer)
                .is_some_and(|c| filter.segments.contains(&idx.segment(c)))
    };
    let ((from, to), prev) = deal_periods(filter, as_of);
    let in_range = |t: &Ticket, from: Option<Day>, to: Day| match t.day() {
        Some(d) => from.is_none_or(|f| f <= d) && d <= to,
        None => filter.from.is_none() && filter.to.is_none(),
    };
    let chosen: Vec<&Ticket> = ds
        .tickets
        .rows
        .iter()
        .filter(|t| seg_ok(t) && in_range(t, from, to))
        .collect();
    let prev_chosen: Option<Vec<&Ticket>> = prev.map(|p| {
        ds.tickets
            .rows
            .iter()
            .filter(|t| seg_ok(t) && t.day().is_some() && in_range(t, Some(p.from), p.to))
            .collect()
    });

    let mut by_month = Series::new("Tickets");
    let months: Vec<i32> = chosen
        .iter()
        .filter_map(|t| t.day().map(month_index))
        .collect();
    if let (Some(&lo), Some(&hi)) = (months.iter().min(), months.iter().max()) {
        let mut counts = vec![0u64; (hi - lo + 1) as usize];
        for m in &months {
            counts[(m - lo) as usize] += 1;
        }
        for (i, c) in counts.into_iter().enumerate() {
            by_month.push(month_label(lo + i as i32), c as f64);
        }
    }

    let csat_of = |ts: &[&Ticket]| {
        let rated: Vec<u8> = ts.iter().filter_map(|t| t.csat).collect();
        let good = rated.iter().filter(|&&s| s >= 4).count();
        let mean = ratio(
            rated.iter().map(|&s| f64::from(s)).sum::<f64>(),
            rated.len() as f64,
        );
        (ratio(good as f64, rated.len() as f64), mean, rated.len())
    };
    let nps_of = |ts: &[&Ticket]| {
        let scores: Vec<u8> = ts.iter().filter_map(|t| t.nps).collect();
        let promoters = scores.iter().filter(|&&s| s >= 9).count() as f64;
        let detractors = scores.iter().filter(|&&s| s <= 6).count() as f64;
        (
            ratio(100.0 * (promoters - detractors), scores.len() as f64),
            scores.len(),
        )
    };
    let (csat, csat_mean, csat_n) = csat_of(&chosen);
    let (nps, nps_n) = nps_of(&chosen);
    let prev_csat = prev_chosen.as_deref().and_then(|p| csat_of(p).0);
    let prev_nps = prev_chosen.as_deref().and_then(|p| nps_of(p).0);

    let as_of_end = Timestamp::at_midnight(Day(as_of.0 + 1));
    let backlog = ds
        .tickets
        .rows
        .iter()
        .filter(|t| seg_ok(t))
        .filter(|t| t.day().is_none_or(|d| d <= as_of))
        .filter(|t| match t.resolved {
            Some(r) => r >= as_of_end,
            None => !closed_status(ds.str(t.status)),
        })
        .count() as u64;

    let mut period_explain = Explanation::new(
        "tickets opened in the period (a ticket without an opening time is dated by its first response, else its resolution)",
        chosen.len(),
    );
    let undated_opening = chosen.iter().filter(|t| t.opened.is_none()).count();
    if undated_opening > 0 {
        period_explain =
            period_explain.param("dated without an opening time", undated_opening.to_string());
    }
    if let Some(f) = from {
        period_explain = period_explain.param("from", f.iso());
    }
    period_explain = period_explain.param("to", to.iso());
    Support {
        tickets: Kpi::new(
            Some(chosen.len() as f64),
            prev_chosen.as_ref().map(|p| p.len() as f64),
            period_explain,
        ),
        by_month,
        by_type: breakdown(ds, "Tickets", chosen.iter().map(|t| t.issue_type)),
        by_channel: breakdown(ds, "Tickets", chosen.iter().map(|t| t.channel)),
        by_priority: breakdown(ds, "Tickets", chosen.iter().map(|t| t.priority)),
        first_response: durations(
            chosen
                .iter()
                .filter_map(|t| hours(t.opened, t.first_response))
                .collect(),
        ),
        resolution: durations(
            chosen
                .iter()
                .filter_map(|t| hours(t.opened, t.resolved))
                .collect(),
        ),
        backlog: Explained {
            value: backlog,
            explain: Explanation::new(
                "tickets dated on or before as_of and not resolved by its end (no resolved time and a status that is not closed/resolved/solved/done)",
                ds.tickets.len(),
            )
            .param("as_of", as_of.iso()),
        },
        csat: Kpi::new(
            csat,
            prev_csat,
            Explanation::new(
                "CSAT = rated tickets scored 4 or 5 / rated tickets",
                csat_n,
            ),
        ),
        csat_mean,
        csat_responses: csat_n,
        nps: Kpi::new(
            nps,
            prev_nps,
            Explanation::new(
                "NPS = 100 × (scores 9–10 − scores 0–6) / scores",
                nps_n,
            ),
        ),
        nps_responses: nps_n,
    }
}
