//! Support tickets: volume, response and resolution times, backlog, CSAT and NPS.

use super::calendar::{month_index, month_label};
use super::customer_index::CustomerIndex;
use super::explain::{Formula, Term};
use super::funnel::deal_periods;
use super::numeric::{ratio, summary};
use super::sales::label;
use super::selection::Selection;
use super::{Explained, Explanation, Filter, Kpi};
use crate::model::{Dataset, Day, Kind, Sym, Ticket, Timestamp};
use crate::series::Series;
use serde::Serialize;

/// Counts per value of one ticket field, largest first.
pub type Breakdown = Series;

/// Durations in hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Durations {
    /// Tickets with both timestamps (later ≥ earlier).
    pub tickets: usize,
    /// Tickets of the period left out: without an opening time.
    pub without_start: usize,
    /// Tickets of the period left out: opened, but without the later time (not answered or
    /// not resolved yet), or with it before the opening.
    pub without_end: usize,
    /// Median hours.
    pub median_hours: Option<f64>,
    /// 90th percentile hours (linear interpolation).
    pub p90_hours: Option<f64>,
    /// Mean hours.
    pub mean_hours: Option<f64>,
    /// How it was computed.
    pub explain: Explanation,
}

/// Support figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Support {
    /// Tickets opened in the period (previous period when the filter has a start date).
    pub tickets: Kpi,
    /// Tickets per month opened.
    pub by_month: Series,
    /// How the tickets per month, type, channel and priority are counted.
    pub by_explain: Explanation,
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
    /// Tickets of the period without any date (no opening, response or resolution time),
    /// counted over the whole history only.
    pub undated: usize,
    /// Tickets without a date left out because the period has a start date.
    pub undated_left_out: usize,
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

pub(crate) fn hours(from: Option<Timestamp>, to: Option<Timestamp>) -> Option<f64> {
    match (from, to) {
        (Some(a), Some(b)) if b >= a => Some((b.0 - a.0) as f64 / 3600.0),
        _ => None,
    }
}

/// The durations from `start` to `end` of the chosen tickets.
fn durations(
    chosen: &[&Ticket],
    formula: Formula,
    start: fn(&Ticket) -> Option<Timestamp>,
    end: fn(&Ticket) -> Option<Timestamp>,
) -> Durations {
    let without_start = chosen.iter().filter(|t| start(t).is_none()).count();
    let mut v: Vec<f64> = chosen
        .iter()
        .filter_map(|t| hours(start(t), end(t)))
        .collect();
    let (median, mean, p90) = summary(&mut v);
    Durations {
        tickets: v.len(),
        without_start,
        without_end: chosen.len() - without_start - v.len(),
        median_hours: median,
        p90_hours: p90,
        mean_hours: mean,
        explain: Explanation::new(formula, v.len()),
    }
}

fn closed_status(s: &str) -> bool {
    let s = s.to_lowercase();
    ["closed", "resolved", "solved", "done", "complete"]
        .iter()
        .any(|k| s.contains(k))
}

/// Whether ticket `t` falls in the period `from`–`to` ([`Ticket::day`]); a ticket without
/// a date only over the whole history.
fn in_range(filter: &Filter, t: &Ticket, from: Option<Day>, to: Day) -> bool {
    match t.day() {
        Some(d) => from.is_none_or(|f| f <= d) && d <= to,
        None => super::counts_undated(filter),
    }
}

/// The tickets the selection keeps (their customer's segment and picks, their channel,
/// the ticket picks; owners do not apply) whose day falls in the filter's period up to
/// `as_of`, in file order.
pub(crate) fn chosen_tickets<'s>(
    sel: &'s Selection<'_>,
    as_of: Day,
) -> impl Iterator<Item = usize> + 's {
    let ((from, to), _) = deal_periods(sel.filter(), as_of);
    let rows = &sel.dataset().tickets.rows;
    (0..rows.len())
        .filter(move |&i| sel.keeps(Kind::Tickets, i) && in_range(sel.filter(), &rows[i], from, to))
}

/// The tickets the selection keeps that are open at the end of `as_of` (the backlog), in
/// file order.
pub(crate) fn backlog_tickets<'s>(
    sel: &'s Selection<'_>,
    as_of: Day,
) -> impl Iterator<Item = usize> + 's {
    let ds = sel.dataset();
    let as_of_end = Timestamp::at_midnight(Day(as_of.0 + 1));
    let rows = &ds.tickets.rows;
    (0..rows.len())
        .filter(move |&i| sel.keeps(Kind::Tickets, i))
        .filter(move |&i| rows[i].day().is_none_or(|d| d <= as_of))
        .filter(move |&i| is_open(ds, &rows[i], as_of_end))
}

/// The support figures for a filter (dates select tickets by [`Ticket::day`]; segments by
/// their customer; channels by the ticket's channel; owners do not apply).
pub fn support(ds: &Dataset, idx: &CustomerIndex, filter: &Filter, as_of: Day) -> Support {
    support_in(&Selection::new(ds, idx, filter), as_of)
}

/// The support figures of the tickets `sel` keeps.
pub(crate) fn support_in(sel: &Selection<'_>, as_of: Day) -> Support {
    let (ds, filter) = (sel.dataset(), sel.filter());
    let rows = &ds.tickets.rows;
    let kept = |i: usize| sel.keeps(Kind::Tickets, i);
    let ((from, to), prev) = deal_periods(filter, as_of);
    let chosen: Vec<&Ticket> = chosen_tickets(sel, as_of).map(|i| &rows[i]).collect();
    let prev_chosen: Option<Vec<&Ticket>> = prev.map(|p| {
        (0..rows.len())
            .filter(|&i| {
                let t = &rows[i];
                kept(i) && t.day().is_some() && in_range(filter, t, Some(p.from), p.to)
            })
            .map(|i| &rows[i])
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

    let backlog = backlog_tickets(sel, as_of).count() as u64;

    let mut period_explain = Explanation::new(Formula::TicketsOpened, chosen.len());
    let undated_opening = chosen.iter().filter(|t| t.opened.is_none()).count();
    if undated_opening > 0 {
        period_explain = period_explain.param(Term::DatedWithoutOpening, undated_opening);
    }
    if let Some(f) = from {
        period_explain = period_explain.param(Term::From, f);
    }
    let undated = chosen.iter().filter(|t| t.day().is_none()).count();
    let undated_left_out = if super::counts_undated(filter) {
        0
    } else {
        (0..rows.len())
            .filter(|&i| rows[i].day().is_none() && kept(i))
            .count()
    };
    period_explain = period_explain
        .param(Term::To, to)
        .left_out(undated_left_out, super::UNDATED_REASON);
    if !filter.owners.is_empty() {
        period_explain = period_explain.param(Term::OwnerFilter, Term::TicketsHaveNoOwner);
    }
    Support {
        tickets: Kpi::new(
            Some(chosen.len() as f64),
            prev_chosen.as_ref().map(|p| p.len() as f64),
            period_explain,
        ),
        by_month,
        by_explain: Explanation::new(Formula::TicketsShare, chosen.len())
            .param(Term::To, to)
            .left_out(undated_left_out, super::UNDATED_REASON),
        by_type: breakdown(ds, "Tickets", chosen.iter().map(|t| t.issue_type)),
        by_channel: breakdown(ds, "Tickets", chosen.iter().map(|t| t.channel)),
        by_priority: breakdown(ds, "Tickets", chosen.iter().map(|t| t.priority)),
        first_response: durations(
            &chosen,
            Formula::FirstResponse,
            |t| t.opened,
            |t| t.first_response,
        ),
        resolution: durations(&chosen, Formula::Resolution, |t| t.opened, |t| t.resolved),
        backlog: Explained {
            value: backlog,
            explain: Explanation::new(Formula::Backlog, ds.tickets.len()).param(Term::AsOf, as_of),
        },
        csat: Kpi::new(csat, prev_csat, Explanation::new(Formula::Csat, csat_n)),
        csat_mean,
        csat_responses: csat_n,
        nps: Kpi::new(nps, prev_nps, Explanation::new(Formula::Nps, nps_n)),
        nps_responses: nps_n,
        undated,
        undated_left_out,
    }
}

/// The tickets of one value of a dimension.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TicketGroup {
    /// The value as written (empty: tickets without one).
    pub value: String,
    /// Tickets.
    pub tickets: u64,
    /// Of them, open at `as_of` (not resolved by it, status not closed).
    pub open: u64,
    /// CSAT: rated tickets scored 4 or 5 / rated tickets.
    pub csat: Option<f64>,
    /// Rated tickets.
    pub rated: u64,
    /// Median hours from opening to resolution (tickets with both times).
    pub median_resolution_hours: Option<f64>,
}

/// The dimensions tickets can be broken down by ([`super::dimensions`]): `channel`,
/// `priority`, `issue_type`, `status`, `csat` and `nps`, their extra columns and lookup
/// attributes.
pub fn ticket_dimensions(ds: &Dataset) -> Vec<String> {
    super::dimensions(ds, crate::model::Kind::Tickets)
}

/// The tickets of `filter` (as [`support`] selects them: every ticket over the whole
/// history, dated or not) per value of dimension `name`, most tickets first; `None` when
/// the tickets have no such column.
pub fn tickets_by(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: &super::AsOf,
    name: &str,
) -> Option<Vec<TicketGroup>> {
    let g = super::grouping(ds, crate::model::Kind::Tickets, name)?;
    let sel = Selection::new(ds, idx, filter);
    let chosen = chosen_tickets(&sel, as_of.tickets);
    let as_of_end = Timestamp::at_midnight(Day(as_of.tickets.0 + 1));
    let rows = &ds.tickets.rows;
    // (tickets, open, rated, good, resolution hours)
    type Acc = (u64, u64, u64, u64, Vec<f64>);
    let groups = g.fold(chosen, |a: &mut Acc, i| {
        let t = &rows[i];
        a.0 += 1;
        a.1 += u64::from(is_open(ds, t, as_of_end));
        if let Some(s) = t.csat {
            a.2 += 1;
            a.3 += u64::from(s >= 4);
        }
        a.4.extend(hours(t.opened, t.resolved));
    });
    let mut out: Vec<TicketGroup> = groups
        .into_iter()
        .map(
            |(value, (tickets, open, rated, good, mut res))| TicketGroup {
                value,
                tickets,
                open,
                csat: ratio(good as f64, rated as f64),
                rated,
                median_resolution_hours: summary(&mut res).0,
            },
        )
        .collect();
    super::deals_by::order_groups(&mut out, g.banded, |t| &t.value, |t| t.tickets as f64);
    Some(out)
}

/// Open at the end of as-of: not resolved by then, and (without a resolved time) a status
/// that is not closed.
pub(crate) fn is_open(ds: &Dataset, t: &Ticket, as_of_end: Timestamp) -> bool {
    match t.resolved {
        Some(r) => r >= as_of_end,
        None => !closed_status(ds.str(t.status)),
    }
}
