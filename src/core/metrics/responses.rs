//! Campaign contacts (responses): response, conversion and revenue per contact, overall and
//! per campaign or test arm, and each arm's uplift over the control arm with its 95 %
//! interval — the seed's marketing effect E = (S₁ − S₀) / S₀ measured on contacts.

use super::explain::{Formula, Term};
use super::numeric::ratio;
use super::selection::Selection;
use super::{units, CustomerIndex, Explanation, Filter};
use crate::import::value::squash;
use crate::model::{Dataset, Day, Kind, Response, Sym};
use serde::Serialize;
use std::collections::HashMap;

/// z of a two-sided 95 % normal interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The figures of a set of contacts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rates {
    /// Contacts.
    pub contacts: u64,
    /// Contacts with a yes/no response; of them, who responded.
    pub response_known: u64,
    /// Contacts who responded (opened, clicked, visited).
    pub responded: u64,
    /// responded / response_known; `None` without a response column.
    pub response_rate: Option<f64>,
    /// Contacts with a yes/no conversion; of them, who converted.
    pub conversion_known: u64,
    /// Contacts who converted.
    pub converted: u64,
    /// converted / conversion_known; `None` without a conversion column.
    pub conversion_rate: Option<f64>,
    /// Σ revenue (spend) of the contacts; `None` without a revenue column.
    pub revenue: Option<f64>,
    /// revenue / contacts (a contact without a value spent nothing).
    pub revenue_per_contact: Option<f64>,
}

/// An arm's difference from the control arm in one figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Lift {
    /// The arm's figure minus the control's.
    pub absolute: f64,
    /// 95 % interval of `absolute` (normal approximation: Wald for rates, Welch for means).
    pub absolute_low: f64,
    /// Upper end.
    pub absolute_high: f64,
    /// absolute / the control's figure: the seed's E = (S₁ − S₀) / S₀. `None` when the
    /// control's figure is 0.
    pub relative: Option<f64>,
    /// 95 % interval of `relative` (delta method on the log of the ratio for rates, on the
    /// ratio for means); `None` when either figure is 0.
    pub relative_low: Option<f64>,
    /// Upper end.
    pub relative_high: Option<f64>,
}

/// One campaign or test arm.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arm {
    /// Its name as written (empty: contacts without a campaign).
    pub name: String,
    /// True for the arm the others are compared with.
    pub control: bool,
    /// Its figures.
    #[serde(flatten)]
    pub rates: Rates,
    /// Uplift in response rate over the control.
    pub response_uplift: Option<Lift>,
    /// Uplift in conversion rate over the control.
    pub conversion_uplift: Option<Lift>,
    /// Uplift in revenue per contact over the control.
    pub revenue_uplift: Option<Lift>,
    /// The cost of the campaign of this name (campaigns file), when it has one.
    pub cost: Option<f64>,
    /// cost / conversions.
    pub cost_per_conversion: Option<f64>,
    /// (revenue − cost) / cost.
    pub roi: Option<f64>,
}

/// The contacts of the filter's period, overall and per arm.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Responses {
    /// All contacts counted.
    #[serde(flatten)]
    pub overall: Rates,
    /// Contacts left out by the period: dated outside it, or without a date when it has a
    /// start date (those also in `explain.left_out`).
    pub outside_period: u64,
    /// The control arm's name, when there is one.
    pub control: Option<String>,
    /// How the control was chosen: `"name"` (recognised by its name), `"user"` or `"none"`.
    pub control_from: &'static str,
    /// Arms by contacts, most first (the control first).
    pub arms: Vec<Arm>,
    /// How it was computed.
    pub explain: Explanation,
}

/// Names that mark a control arm (squashed): "control", "holdout", "No E-Mail", ….
pub fn is_control_name(name: &str) -> bool {
    let key = squash(name);
    const EXACT: &[&str] = &[
        "none",
        "baseline",
        "placebo",
        "untreated",
        "nomail",
        "noemail",
        "nocontact",
        "notreatment",
        "nooffer",
        "nocampaign",
        "对照",
        "对照组",
        "空白组",
        "未触达",
    ];
    EXACT.contains(&key.as_str()) || key.contains("control") || key.contains("holdout")
}

#[derive(Clone, Copy, Default)]
struct Acc {
    contacts: u64,
    response_known: u64,
    responded: u64,
    conversion_known: u64,
    converted: u64,
    revenue_known: u64,
    revenue: i64,
    /// Σ revenue² in currency units, for the variance of revenue per contact.
    revenue_sq: f64,
}

impl Acc {
    fn add(&mut self, r: &Response) {
        self.contacts += 1;
        if let Some(b) = r.responded {
            self.response_known += 1;
            self.responded += u64::from(b);
        }
        if let Some(b) = r.converted {
            self.conversion_known += 1;
            self.converted += u64::from(b);
        }
        if let Some(m) = r.revenue {
            self.revenue_known += 1;
            self.revenue = self.revenue.saturating_add(m.0);
            self.revenue_sq += units(m.0) * units(m.0);
        }
    }

    fn rates(&self, any_revenue: bool) -> Rates {
        let revenue = any_revenue.then(|| units(self.revenue));
        Rates {
            contacts: self.contacts,
            response_known: self.response_known,
            responded: self.responded,
            response_rate: ratio(self.responded as f64, self.response_known as f64),
            conversion_known: self.conversion_known,
            converted: self.converted,
            conversion_rate: ratio(self.converted as f64, self.conversion_known as f64),
            revenue,
            revenue_per_contact: revenue.and_then(|r| ratio(r, self.contacts as f64)),
        }
    }

    /// Sample variance of revenue per contact (contacts without a value spent 0).
    fn revenue_variance(&self) -> Option<f64> {
        let n = self.contacts as f64;
        if self.contacts < 2 {
            return None;
        }
        let mean = units(self.revenue) / n;
        Some(((self.revenue_sq - n * mean * mean) / (n - 1.0)).max(0.0))
    }
}

/// The contacts of `filter`'s period (undated contacts count over the whole history),
/// overall and per campaign or arm; `control`: the arm to compare with (else one recognised
/// by its name). `None` when `ds` has no contacts.
pub fn responses(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    control: Option<&str>,
) -> Option<Responses> {
    responses_in(&Selection::new(ds, idx, filter), as_of, control)
}

/// [`responses`] of the contacts `sel` keeps.
pub(crate) fn responses_in(
    sel: &Selection<'_>,
    as_of: Day,
    control: Option<&str>,
) -> Option<Responses> {
    let (ds, filter) = (sel.dataset(), sel.filter());
    if ds.responses.is_empty() {
        return None;
    }
    let mut arms: Vec<(Sym, Acc)> = Vec::new();
    let mut index: HashMap<Sym, usize> = HashMap::new();
    let (mut all, mut outside) = (Acc::default(), 0u64);
    let mut undated_left_out = 0usize;
    for (i, r) in ds.responses.rows.iter().enumerate() {
        if !sel.keeps(Kind::Responses, i) {
            continue;
        }
        if !in_period(filter, as_of, r) {
            outside += 1;
            undated_left_out += usize::from(r.date.is_none());
            continue;
        }
        all.add(r);
        // One lookup per contact, however many arms a column of many values makes.
        let at = *index.entry(r.campaign).or_insert_with(|| {
            arms.push((r.campaign, Acc::default()));
            arms.len() - 1
        });
        arms[at].1.add(r);
    }
    let any_revenue = all.revenue_known > 0;
    let (control, control_from) = pick_control(ds, &arms, control);
    // Most contacts first, the control before all; ties keep the file's order.
    crate::sort::sort_by(&mut arms, |a, b| {
        let key = |(s, acc): &(Sym, Acc)| (Some(*s) != control, std::cmp::Reverse(acc.contacts));
        key(a).cmp(&key(b))
    });
    let base = control.and_then(|c| arms.iter().find(|(s, _)| *s == c).map(|(_, a)| *a));
    let costs = campaign_costs(ds);
    let arms = arms
        .iter()
        .map(|(s, acc)| {
            let mut arm = arm(
                ds,
                *s,
                acc,
                base.filter(|_| Some(*s) != control),
                any_revenue,
            );
            arm.control = control == Some(*s);
            arm.with_cost(costs.get(ds.str(*s)).copied())
        })
        .collect();
    let mut explain = Explanation::new(Formula::Responses, all.contacts as usize)
        .param(Term::AsOf, as_of)
        .param(Term::OutsidePeriod, outside as usize - undated_left_out)
        .left_out(undated_left_out, super::UNDATED_REASON);
    if !filter.segments.is_empty() || !filter.owners.is_empty() {
        explain = explain.param(Term::SegmentOwnerFilters, Term::NotAppliedToContacts);
    }
    if let Some(from) = filter.bounds(as_of).0 {
        explain = explain.param(Term::From, from);
    }
    Some(Responses {
        overall: all.rates(any_revenue),
        outside_period: outside,
        control: control.map(|c| ds.str(c).to_string()),
        control_from,
        arms,
        explain,
    })
}

/// The contacts the selection keeps (their channel, the contact picks, the customer picks)
/// dated in the filter's period up to `as_of`, in file order; a contact without a date
/// counts over the whole history only.
pub(crate) fn counted_contacts(sel: &Selection<'_>, as_of: Day) -> Vec<usize> {
    let rows = &sel.dataset().responses.rows;
    (0..rows.len())
        .filter(|&i| sel.keeps(Kind::Responses, i) && in_period(sel.filter(), as_of, &rows[i]))
        .collect()
}

fn in_period(filter: &Filter, as_of: Day, r: &Response) -> bool {
    let (from, to) = filter.bounds(as_of);
    let to = to.map_or(as_of, |t| t.min(as_of));
    match r.date {
        Some(d) => from.is_none_or(|f| d >= f) && d <= to,
        None => super::counts_undated(filter),
    }
}

fn pick_control(
    ds: &Dataset,
    arms: &[(Sym, Acc)],
    chosen: Option<&str>,
) -> (Option<Sym>, &'static str) {
    if arms.len() < 2 {
        return (None, "none");
    }
    if let Some(name) = chosen {
        if let Some((s, _)) = arms.iter().find(|(s, _)| ds.str(*s) == name) {
            return (Some(*s), "user");
        }
    }
    match arms.iter().find(|(s, _)| is_control_name(ds.str(*s))) {
        Some((s, _)) => (Some(*s), "name"),
        None => (None, "none"),
    }
}

/// An arm's rates and its uplifts over `control` (none for the control itself).
fn arm(ds: &Dataset, name: Sym, acc: &Acc, control: Option<Acc>, any_revenue: bool) -> Arm {
    let rates = acc.rates(any_revenue);
    let lift = |f: fn(&Acc) -> (u64, u64)| control.and_then(|c| rate_lift(f(acc), f(&c)));
    Arm {
        name: ds.str(name).to_string(),
        control: false,
        response_uplift: lift(|a| (a.responded, a.response_known)),
        conversion_uplift: lift(|a| (a.converted, a.conversion_known)),
        revenue_uplift: control
            .filter(|_| any_revenue)
            .and_then(|c| mean_lift(acc, &c)),
        cost: None,
        cost_per_conversion: None,
        roi: None,
        rates,
    }
}

impl Arm {
    /// With the cost of its campaign: cost per conversion and ROI.
    fn with_cost(mut self, cost: Option<f64>) -> Arm {
        let revenue = self.rates.revenue.unwrap_or(0.0);
        self.cost = cost;
        self.cost_per_conversion = cost.and_then(|c| ratio(c, self.rates.converted as f64));
        self.roi = cost.and_then(|c| ratio(revenue - c, c));
        self
    }
}

/// The campaigns' costs (more than 0) by name and by id, for the arms of that name.
fn campaign_costs(ds: &Dataset) -> HashMap<&str, f64> {
    let mut costs = HashMap::new();
    for c in ds.campaigns.rows.iter().filter(|c| c.cost.0 > 0) {
        for key in [c.id, c.name].into_iter().filter(|s| !s.is_empty()) {
            costs.entry(ds.str(key)).or_insert(c.cost.to_f64());
        }
    }
    costs
}

/// The difference of two rates (successes, trials): Wald interval for the difference, and
/// the delta method on log(p₁ / p₀) for the relative uplift.
pub fn rate_lift((x1, n1): (u64, u64), (x0, n0): (u64, u64)) -> Option<Lift> {
    if n1 == 0 || n0 == 0 {
        return None;
    }
    let (n1, n0) = (n1 as f64, n0 as f64);
    let (p1, p0) = (x1 as f64 / n1, x0 as f64 / n0);
    let d = p1 - p0;
    let se = (p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0).sqrt();
    let rel = (p0 > 0.0).then(|| p1 / p0 - 1.0);
    let rel_ci = (p0 > 0.0 && p1 > 0.0).then(|| {
        let se = ((1.0 - p1) / (n1 * p1) + (1.0 - p0) / (n0 * p0)).sqrt();
        let log = (p1 / p0).ln();
        ((log - Z95 * se).exp() - 1.0, (log + Z95 * se).exp() - 1.0)
    });
    Some(Lift {
        absolute: d,
        absolute_low: d - Z95 * se,
        absolute_high: d + Z95 * se,
        relative: rel,
        relative_low: rel_ci.map(|c| c.0),
        relative_high: rel_ci.map(|c| c.1),
    })
}

/// The difference of revenue per contact: Welch's standard error for the difference; the
/// delta method on the ratio m₁ / m₀ for the relative uplift.
fn mean_lift(a: &Acc, c: &Acc) -> Option<Lift> {
    let (v1, v0) = (a.revenue_variance()?, c.revenue_variance()?);
    let (n1, n0) = (a.contacts as f64, c.contacts as f64);
    let (m1, m0) = (units(a.revenue) / n1, units(c.revenue) / n0);
    let d = m1 - m0;
    let se = (v1 / n1 + v0 / n0).sqrt();
    let rel_se =
        (m0 != 0.0).then(|| (v1 / (n1 * m0 * m0) + m1 * m1 * v0 / (n0 * m0.powi(4))).sqrt());
    let rel = (m0 != 0.0).then(|| m1 / m0 - 1.0);
    Some(Lift {
        absolute: d,
        absolute_low: d - Z95 * se,
        absolute_high: d + Z95 * se,
        relative: rel,
        relative_low: rel.zip(rel_se).map(|(r, s)| r - Z95 * s),
        relative_high: rel.zip(rel_se).map(|(r, s)| r + Z95 * s),
    })
}

/// The contacts' figures per value of one of their columns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseGroup {
    /// The value as written.
    pub value: String,
    /// Its figures.
    #[serde(flatten)]
    pub rates: Rates,
}

/// The columns of the contacts a breakdown can use ([`super::dimensions`]): `campaign`,
/// `channel`, `revenue` in bands, the files' extra columns (numbers in bands).
pub fn response_dimensions(ds: &Dataset) -> Vec<String> {
    super::dimensions(ds, crate::model::Kind::Responses)
}

/// The contacts of `filter`'s period per value of the column `name` (`campaign`, `channel`
/// or an extra column), most contacts first; `None` without such a column.
pub fn responses_by(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: &super::AsOf,
    name: &str,
) -> Option<Vec<ResponseGroup>> {
    let t = &ds.responses;
    if t.is_empty() {
        return None;
    }
    let g = super::grouping(ds, crate::model::Kind::Responses, name)?;
    let chosen = counted_contacts(&Selection::new(ds, idx, filter), as_of.responses);
    let groups = g.fold(chosen, |acc: &mut Acc, i| acc.add(&t.rows[i]));
    let any_revenue = t.rows.iter().any(|r| r.revenue.is_some());
    let mut out: Vec<ResponseGroup> = groups
        .into_iter()
        .map(|(value, acc)| ResponseGroup {
            value,
            rates: acc.rates(any_revenue),
        })
        .collect();
    let banded = g.banded;
    super::deals_by::order_groups(&mut out, banded, |r| &r.value, |r| r.rates.contacts as f64);
    Some(out)
}
