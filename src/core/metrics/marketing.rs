//! Marketing: cost, per-campaign ROI/ROAS/CPL/CAC/conversion, the before/after effect, and
//! holdout uplift with a confidence interval.

use super::customer_index::{CustomerIndex, RowKind};
use super::explain::{Formula, Shown, Term};
use super::funnel::deal_periods;
use super::numeric::ratio;
use super::scan::{scan, Scan};
use super::selection::Selection;
use super::{units, Explained, Explanation, Filter, Kpi, Params};
use crate::model::{Campaign, Dataset, Day, Kind};
use serde::Serialize;

/// Treatment-minus-holdout conversion uplift.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uplift {
    /// Conversion rate of the treated audience.
    pub treated_rate: f64,
    /// Conversion rate of the holdout group.
    pub holdout_rate: f64,
    /// treated_rate − holdout_rate (absolute, in rate units).
    pub uplift: f64,
    /// uplift / holdout_rate.
    pub relative: Option<f64>,
    /// Lower bound of the 95 % confidence interval of `uplift` (normal approximation).
    pub ci_low: f64,
    /// Upper bound of the 95 % confidence interval.
    pub ci_high: f64,
}

/// One campaign's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CampaignMetrics {
    /// Campaign id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Channel.
    pub channel: String,
    /// First day, `YYYY-MM-DD`.
    pub start: Option<String>,
    /// Last day.
    pub end: Option<String>,
    /// Cost.
    pub cost: f64,
    /// Revenue attributed by the marketing tool.
    pub revenue: Option<f64>,
    /// ROI = (attributed revenue − cost) / cost.
    pub roi: Option<f64>,
    /// ROAS = attributed revenue / cost.
    pub roas: Option<f64>,
    /// Leads.
    pub leads: Option<u64>,
    /// CPL = cost / leads.
    pub cpl: Option<f64>,
    /// Customers whose first purchase falls in [start, end].
    pub new_customers: u64,
    /// CAC = cost / new customers in the window.
    pub cac: Option<f64>,
    /// Conversions / audience, else conversions / clicks.
    pub conversion_rate: Option<f64>,
    /// S1: net revenue (all orders) during the campaign.
    pub revenue_during: f64,
    /// S0: net revenue in the equal window just before.
    pub revenue_before: f64,
    /// E = (S1 − S0) / S0.
    pub effect: Option<f64>,
    /// Holdout uplift, when the campaign has audience, holdout and both conversion counts.
    pub uplift: Option<Uplift>,
}

/// The revenue campaigns state, against their cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Returns {
    /// Σ attributed revenue.
    pub revenue: f64,
    /// (Σ attributed revenue − Σ cost of campaigns with revenue) / that cost.
    pub roi: Option<f64>,
    /// Σ attributed revenue / Σ cost of campaigns with revenue.
    pub roas: Option<f64>,
    /// How they are computed.
    pub explain: Explanation,
}

/// The leads campaigns state, and their cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leads {
    /// Σ leads.
    pub count: u64,
    /// Σ cost of campaigns with leads / Σ leads.
    pub cpl: Option<f64>,
    /// How they are computed.
    pub explain: Explanation,
}

/// Marketing figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Marketing {
    /// M = Σ campaign cost (campaigns overlapping the period).
    pub cost: Kpi,
    /// How each campaign's row is computed.
    pub campaigns_explain: Explanation,
    /// The revenue the campaigns state, and its return on their cost.
    pub attributed: Returns,
    /// The leads the campaigns state, and their cost.
    pub leads: Leads,
    /// Blended CAC = M / new customers in the period.
    pub cac: Kpi,
    /// Per campaign, by start date.
    pub campaigns: Vec<CampaignMetrics>,
    /// The seed's marketing effect over all campaigns: E = (Σ S1 − Σ S0) / Σ S0, over the
    /// dated campaigns (S1: revenue during each, S0: in the equal window before).
    pub effect: Explained<Option<f64>>,
}

fn overlaps(c: &Campaign, from: Option<Day>, to: Day, undated_ok: bool) -> bool {
    match (c.start, c.end) {
        (None, None) => undated_ok,
        (s, e) => {
            let (s, e) = (s.or(e).unwrap_or_default(), e.or(s).unwrap_or_default());
            s <= to && from.is_none_or(|f| e >= f)
        }
    }
}

/// The marketing figures for a filter.
pub fn marketing(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> Marketing {
    let sel = Selection::new(ds, idx, filter);
    marketing_from(&sel, &scan(&sel, as_of, params), as_of)
}

/// The dense customers `sel` keeps with the day of their first purchase (any channel) up
/// to `as_of`: a campaign's new customers are those whose day falls in its window.
pub(crate) fn first_purchases<'s>(
    sel: &'s Selection<'_>,
    as_of: Day,
) -> impl Iterator<Item = (usize, i32)> + 's {
    let idx = sel.index();
    (0..idx.len())
        .filter(move |&c| sel.keeps_customer(c))
        .filter_map(move |c| {
            let first = idx
                .rows_of(c)
                .iter()
                .find(|r| r.kind() == RowKind::Purchase);
            first.map(|r| (c, r.day))
        })
        .filter(move |&(_, d)| d <= as_of.0)
}

/// The campaigns `sel` keeps that overlap the filter's period (`as_of` its end).
pub(crate) fn chosen_campaigns(sel: &Selection<'_>, as_of: Day) -> Vec<usize> {
    let filter = sel.filter();
    let ((from, to), _) = deal_periods(filter, as_of);
    let undated_ok = super::counts_undated(filter);
    let rows = &sel.dataset().campaigns.rows;
    (0..rows.len())
        .filter(|&i| overlaps(&rows[i], from, to, undated_ok) && sel.keeps(Kind::Campaigns, i))
        .collect()
}

/// The day window of a campaign: its start to its end (one day when it has one of them).
pub(crate) fn campaign_window(c: &Campaign) -> Option<(Day, Day)> {
    match (c.start, c.end) {
        (Some(a), Some(b)) if b >= a => Some((a, b)),
        (Some(a), None) | (None, Some(a)) => Some((a, a)),
        _ => None,
    }
}

pub(crate) fn marketing_from(sel: &Selection<'_>, s: &Scan, as_of: Day) -> Marketing {
    let (ds, filter) = (sel.dataset(), sel.filter());
    let ((from, to), prev) = deal_periods(filter, as_of);
    let firsts = FirstPurchases::of(sel, as_of);
    let daily = DailyRevenue::of(s);
    let chosen: Vec<&Campaign> = (chosen_campaigns(sel, as_of).into_iter())
        .map(|i| &ds.campaigns.rows[i])
        .collect();
    let mut campaigns: Vec<CampaignMetrics> = (chosen.iter())
        .map(|c| campaign_metrics(ds, c, &firsts, &daily))
        .collect();
    crate::sort::sort_by(&mut campaigns, |a, b| {
        a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id))
    });

    let total_cost: i64 = chosen.iter().map(|c| c.cost.0).sum();
    let prev_cost: Option<i64> = prev.map(|p| {
        campaigns_kept(sel)
            .filter(|c| overlaps(c, Some(p.from), p.to, false))
            .map(|c| c.cost.0)
            .sum()
    });
    let with_rev: Vec<&&Campaign> = chosen.iter().filter(|c| c.revenue.is_some()).collect();
    let rev_total: i64 = with_rev.iter().filter_map(|c| c.revenue).map(|m| m.0).sum();
    let rev_cost: i64 = with_rev.iter().map(|c| c.cost.0).sum();
    let leads: u64 = chosen.iter().filter_map(|c| c.leads).sum();
    let lead_cost: i64 = chosen
        .iter()
        .filter(|c| c.leads.is_some())
        .map(|c| c.cost.0)
        .sum();
    let window = |formula, rows: usize| {
        let e = Explanation::new(formula, rows);
        match from {
            Some(f) => e.param(Term::From, f),
            None => e,
        }
        .param(Term::To, to)
    };
    let cost_explain = cost_explanation(sel, window(Formula::MarketingCost, chosen.len()));
    Marketing {
        campaigns_explain: window(Formula::Campaigns, campaigns.len()),
        effect: effect(&campaigns),
        cost: Kpi::new(Some(units(total_cost)), prev_cost.map(units), cost_explain),
        attributed: Returns {
            revenue: units(rev_total),
            roi: ratio(units(rev_total - rev_cost), units(rev_cost)),
            roas: ratio(units(rev_total), units(rev_cost)),
            explain: window(Formula::Returns, with_rev.len()),
        },
        leads: Leads {
            count: leads,
            cpl: ratio(units(lead_cost), leads as f64),
            explain: window(
                Formula::Leads,
                chosen.iter().filter(|c| c.leads.is_some()).count(),
            ),
        },
        cac: Kpi::new(
            ratio(units(total_cost), s.cur_totals.new as f64),
            prev_cost.and_then(|p| ratio(units(p), s.prev_totals.new as f64)),
            Explanation::new(Formula::Cac, s.cur_totals.new as usize).period(&s.cur),
        ),
        campaigns,
    }
}

/// The campaigns the filter keeps, whatever their dates.
fn campaigns_kept<'a>(sel: &'a Selection<'_>) -> impl Iterator<Item = &'a Campaign> + 'a {
    let rows = sel.dataset().campaigns.rows.iter().enumerate();
    rows.filter(|&(i, _)| sel.keeps(Kind::Campaigns, i))
        .map(|(_, c)| c)
}

/// The marketing cost's explanation: `base` (its formula, the campaigns counted, the
/// period) with a note when the filter names owners (campaigns have none), and the undated
/// campaigns left out when the period leaves them out.
fn cost_explanation(sel: &Selection<'_>, base: Explanation) -> Explanation {
    let filter = sel.filter();
    let mut explain = base;
    if !filter.owners.is_empty() {
        explain = explain.param(Term::OwnerFilter, Term::CampaignsHaveNoOwner);
    }
    if !super::counts_undated(filter) {
        let undated = campaigns_kept(sel)
            .filter(|c| c.start.is_none() && c.end.is_none())
            .count();
        explain = explain.left_out(undated, super::UNDATED_REASON);
    }
    explain
}

/// The marketing effect: revenue during the campaigns with a window against the same
/// number of days before each, summed over the campaigns that had any.
fn effect(campaigns: &[CampaignMetrics]) -> Explained<Option<f64>> {
    let dated: Vec<&CampaignMetrics> = (campaigns.iter())
        .filter(|c| c.revenue_during != 0.0 || c.revenue_before != 0.0)
        .collect();
    let (s1, s0) = dated.iter().fold((0.0, 0.0), |(a, b), c| {
        (a + c.revenue_during, b + c.revenue_before)
    });
    Explained {
        value: ratio(s1 - s0, s0),
        explain: Explanation::new(Formula::MarketingEffect, dated.len())
            .param(Term::RevenueDuring, Shown::Money(s1))
            .param(Term::RevenueBefore, Shown::Money(s0)),
    }
}

/// The first purchase day of every customer kept, sorted.
struct FirstPurchases(Vec<i32>);

impl FirstPurchases {
    fn of(sel: &Selection<'_>, as_of: Day) -> FirstPurchases {
        let mut firsts: Vec<i32> = first_purchases(sel, as_of).map(|f| f.1).collect();
        firsts.sort_unstable();
        FirstPurchases(firsts)
    }

    /// The customers whose first purchase is from `a` to `b` (inclusive).
    fn between(&self, a: Day, b: Day) -> u64 {
        let f = &self.0;
        (f.partition_point(|&d| d <= b.0) - f.partition_point(|&d| d < a.0)) as u64
    }
}

/// The scan's daily net revenue as prefix sums, for the revenue between two days.
struct DailyRevenue {
    day0: i32,
    prefix: Vec<i64>,
}

impl DailyRevenue {
    fn of(s: &Scan) -> DailyRevenue {
        let mut prefix = Vec::with_capacity(s.daily.len() + 1);
        prefix.push(0i64);
        for v in &s.daily {
            prefix.push(prefix.last().copied().unwrap_or(0) + v);
        }
        DailyRevenue {
            day0: s.day0.0,
            prefix,
        }
    }

    /// Net revenue from day `a` to day `b` (inclusive), in cents.
    fn between(&self, a: i32, b: i32) -> i64 {
        let days = (self.prefix.len() - 1) as i32;
        let lo = (a - self.day0).clamp(0, days) as usize;
        let hi = (b - self.day0 + 1).clamp(0, days) as usize;
        if hi > lo {
            self.prefix[hi] - self.prefix[lo]
        } else {
            0
        }
    }
}

/// One campaign's figures: its returns, leads, new customers and revenue during its window
/// against the same number of days before it, conversion and uplift over its holdout.
fn campaign_metrics(
    ds: &Dataset,
    c: &Campaign,
    firsts: &FirstPurchases,
    daily: &DailyRevenue,
) -> CampaignMetrics {
    let cost = units(c.cost.0);
    let revenue = c.revenue.map(|r| units(r.0));
    let window = campaign_window(c);
    let new_customers = window.map_or(0, |(a, b)| firsts.between(a, b));
    let (during, before) = window.map_or((0, 0), |(a, b)| {
        let len = b.0 - a.0 + 1;
        (daily.between(a.0, b.0), daily.between(a.0 - len, a.0 - 1))
    });
    let conversion_rate = match (c.conversions, c.audience, c.clicks) {
        (Some(k), Some(n), _) if n > 0 => ratio(k as f64, n as f64),
        (Some(k), _, Some(n)) => ratio(k as f64, n as f64),
        _ => None,
    };
    CampaignMetrics {
        id: ds.str(c.id).to_string(),
        name: ds.str(c.name).to_string(),
        channel: ds.str(c.channel).to_string(),
        start: c.start.map(|d| d.iso()),
        end: c.end.map(|d| d.iso()),
        cost,
        revenue,
        roi: revenue.and_then(|r| ratio(r - cost, cost)),
        roas: revenue.and_then(|r| ratio(r, cost)),
        leads: c.leads,
        cpl: c.leads.and_then(|l| ratio(cost, l as f64)),
        new_customers,
        cac: ratio(cost, new_customers as f64),
        conversion_rate,
        revenue_during: units(during),
        revenue_before: units(before),
        effect: ratio(units(during - before), units(before)),
        uplift: uplift(c),
    }
}

/// The campaign's conversion rate over its holdout's, with a 95 % confidence interval
/// (normal approximation), when it has both groups' sizes and conversions.
fn uplift(c: &Campaign) -> Option<Uplift> {
    match (c.audience, c.conversions, c.holdout, c.holdout_conversions) {
        (Some(n1), Some(k1), Some(n0), Some(k0)) if n1 > 0 && n0 > 0 => {
            let (p1, p0) = (k1 as f64 / n1 as f64, k0 as f64 / n0 as f64);
            let se = (p1 * (1.0 - p1) / n1 as f64 + p0 * (1.0 - p0) / n0 as f64).sqrt();
            let d = p1 - p0;
            Some(Uplift {
                treated_rate: p1,
                holdout_rate: p0,
                uplift: d,
                relative: ratio(d, p0),
                ci_low: d - 1.959_963_984_540_054 * se,
                ci_high: d + 1.959_963_984_540_054 * se,
            })
        }
        _ => None,
    }
}
