//! RFM scores and segments, ABC (Pareto) classes, and the per-customer table.

use super::clv::CustomerModel;
use super::customer_index::CustomerIndex;
use super::explain::{Formula, Shown, Term};
use super::numeric::ratio;
use super::scan::{scan, Scan};
use super::selection::Selection;
use super::{units, Explanation, Filter, Params, Period};
use crate::model::{Dataset, Day, Money};
use serde::Serialize;
use std::collections::BTreeMap;

/// Scores 1–`bins` by the tie-free rank rule: sort the `n` items by `key` (ties by `tie`,
/// smaller first), and give the item at 1-based rank `k` the score
/// `floor((k − 1) × bins / n) + 1` (quintiles for 5). Returns the scores in input order.
pub fn rfm_scores<K: Ord + Copy>(keys: &[K], tie: &[u32], bins: u8) -> Vec<u8> {
    let n = keys.len();
    // Sorting (key, tie, position) tuples keeps the comparisons in cache.
    let mut order: Vec<(K, u32, u32)> = keys
        .iter()
        .zip(tie)
        .enumerate()
        .map(|(i, (&k, &t))| (k, t, i as u32))
        .collect();
    order.sort_unstable();
    let mut scores = vec![0u8; n];
    for (rank0, &(_, _, i)) in order.iter().enumerate() {
        scores[i as usize] = (rank0 * usize::from(bins) / n + 1) as u8;
    }
    scores
}

/// A score of 1–`bins` on the 1–5 scale the segments are defined on: where the centre of
/// its bin falls, `round((score − ½) × 5 / bins + ½)` (quintiles keep their score; terciles
/// read 1, 3, 5).
pub fn on_five(score: u8, bins: u8) -> u8 {
    let centre = (f64::from(score) - 0.5) * 5.0 / f64::from(bins.max(1)) + 0.5;
    centre.round().clamp(1.0, 5.0) as u8
}

/// The named segment of an (R, F, M) score triple. With FM = ⌊(F + M) / 2⌋, first match:
/// Champions R ≥ 4, FM ≥ 4; Loyal R ≥ 3, FM ≥ 3; New R ≥ 4, FM = 1; Potential loyalists
/// R ≥ 3, FM ≤ 2; Can't lose them R ≤ 2, FM = 5; At risk R ≤ 2, FM 3–4; Hibernating R = 2,
/// FM ≤ 2; Lost R = 1, FM ≤ 2.
pub fn rfm_segment(r: u8, f: u8, m: u8) -> &'static str {
    let fm = (f + m) / 2;
    match (r, fm) {
        (4.., 4..) => "Champions",
        (3.., 3..) => "Loyal",
        (4.., 1) => "New",
        (3.., _) => "Potential loyalists",
        (_, 5..) => "Can't lose them",
        (_, 3..) => "At risk",
        (2, _) => "Hibernating",
        _ => "Lost",
    }
}

/// The segment of scores of 1–`bins`, read on the 1–5 scale ([`on_five`]).
pub fn segment_of(bins: u8, r: u8, f: u8, m: u8) -> &'static str {
    rfm_segment(on_five(r, bins), on_five(f, bins), on_five(m, bins))
}

/// A named RFM segment: its name is the data's (JSON, CSV, saved views); its words in each
/// language are the catalogue's, keyed by this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RfmSegment {
    /// R ≥ 4, FM ≥ 4.
    Champions,
    /// R ≥ 3, FM ≥ 3.
    Loyal,
    /// R ≥ 3, FM ≤ 2 (not new).
    PotentialLoyalists,
    /// R ≥ 4, FM = 1.
    New,
    /// R ≤ 2, FM 3–4.
    AtRisk,
    /// R ≤ 2, FM = 5.
    CantLoseThem,
    /// R = 2, FM ≤ 2.
    Hibernating,
    /// R = 1, FM ≤ 2.
    Lost,
}

impl RfmSegment {
    /// Every segment, in display order (as [`SEGMENTS`]).
    pub const ALL: [RfmSegment; 8] = [
        RfmSegment::Champions,
        RfmSegment::Loyal,
        RfmSegment::PotentialLoyalists,
        RfmSegment::New,
        RfmSegment::AtRisk,
        RfmSegment::CantLoseThem,
        RfmSegment::Hibernating,
        RfmSegment::Lost,
    ];

    /// The segment a name of [`SEGMENTS`] names.
    pub fn of(name: &str) -> Option<RfmSegment> {
        let i = SEGMENTS.iter().position(|&s| s == name)?;
        Some(RfmSegment::ALL[i])
    }
}

/// The named segments in display order.
pub const SEGMENTS: [&str; 8] = [
    "Champions",
    "Loyal",
    "Potential loyalists",
    "New",
    "At risk",
    "Can't lose them",
    "Hibernating",
    "Lost",
];

/// ABC class (customers ranked by net revenue in cents, descending, ties by smaller id)
/// from the revenue of the customers ranked before this one (`before`), the
/// customer's own revenue and the total: A while the revenue before it is below 80 % of
/// the total (so A is the smallest top group reaching 80 %), B below 95 %, C otherwise;
/// customers with revenue ≤ 0, and everyone when the total is ≤ 0, are C.
pub fn abc_class(before: i64, own: i64, total: i64) -> char {
    if total <= 0 || own <= 0 {
        return 'C';
    }
    let (before, total) = (i128::from(before), i128::from(total));
    if before * 100 < total * 80 {
        'A'
    } else if before * 100 < total * 95 {
        'B'
    } else {
        'C'
    }
}

/// Customers and revenue of one RFM segment or ABC class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentCount {
    /// Segment name or class letter.
    pub name: String,
    /// Customers in it.
    pub customers: u64,
    /// Their net revenue.
    pub revenue: f64,
    /// Share of the customers.
    pub customer_share: Option<f64>,
    /// Share of the revenue.
    pub revenue_share: Option<f64>,
}

/// RFM and ABC over the customers with a purchase in the period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rfm {
    /// N: customers with at least one purchase in the period.
    pub customers: usize,
    /// Mean recency in days (end − last purchase + 1).
    pub mean_recency: Option<f64>,
    /// Mean frequency (orders).
    pub mean_frequency: Option<f64>,
    /// Mean monetary (net revenue).
    pub mean_monetary: Option<f64>,
    /// Customers per score triple `"RFM"` (only non-empty cells).
    pub cells: BTreeMap<String, u64>,
    /// Customers and revenue per named segment (all eight, in display order).
    pub segments: Vec<SegmentCount>,
    /// Customers and revenue per ABC class (A, B, C).
    pub abc: Vec<SegmentCount>,
    /// How it was computed.
    pub explain: Explanation,
}

/// Per-customer RFM/ABC results, in dense-customer terms (crate-internal).
#[derive(Clone, Debug, Default)]
pub(crate) struct RfmCore {
    pub members: Vec<u32>,
    pub recency: Vec<i32>,
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
    pub abc: Vec<char>,
    /// Scores per letter.
    pub bins: u8,
}

/// Scores for keys already in tie order (positions = ties): a counting sort when the keys
/// are small, else a sort of (key, position) pairs. Same result as [`rfm_scores`].
fn scores_in_tie_order(keys: &[u64], bins: u8) -> (Vec<u8>, Vec<u32>) {
    let n = keys.len();
    let max = keys.iter().copied().max().unwrap_or(0);
    let order: Vec<u32> = if max as usize <= 4 * n + 1024 {
        let mut counts = vec![0u32; max as usize + 2];
        for &k in keys {
            counts[k as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut order = vec![0u32; n];
        for (i, &k) in keys.iter().enumerate() {
            order[counts[k as usize] as usize] = i as u32;
            counts[k as usize] += 1;
        }
        order
    } else {
        let mut pairs: Vec<(u64, u32)> = keys.iter().copied().zip(0..n as u32).collect();
        pairs.sort_unstable();
        pairs.into_iter().map(|p| p.1).collect()
    };
    let mut scores = vec![0u8; n];
    for (rank0, &i) in order.iter().enumerate() {
        scores[i as usize] = (rank0 * usize::from(bins) / n + 1) as u8;
    }
    (scores, order)
}

/// The RFM scores and ABC classes of the customers with a purchase in the scan's period:
/// ranked among them, unless the filter picks a class (RFM segment or ABC), whose classes
/// are those it was resolved with (under the filter without its class picks).
pub(crate) fn rfm_core(sel: &Selection<'_>, s: &Scan, bins: u8) -> RfmCore {
    let idx = sel.index();
    let end = s.cur.to.0;
    // Members in natural id order, so a position is its tie-break rank.
    let members: Vec<u32> = idx
        .in_id_order()
        .iter()
        .copied()
        .filter(|&c| s.cust[c as usize].included && s.cust[c as usize].last.is_some())
        .collect();
    let stat = |c: u32| &s.cust[c as usize];
    let recency: Vec<i32> = members
        .iter()
        .map(|&c| end - stat(c).last.map_or(end, |d| d.0) + 1)
        .collect();
    if let Some(classes) = sel.filter().picks.classes() {
        let class = |c: &u32| classes[*c as usize];
        return RfmCore {
            bins,
            r: members.iter().map(|c| class(c).r).collect(),
            f: members.iter().map(|c| class(c).f).collect(),
            m: members.iter().map(|c| class(c).m).collect(),
            abc: members.iter().map(|c| class(c).abc).collect(),
            members,
            recency,
        };
    }
    // R: recency descending = (max − recency) ascending.
    let max_r = recency.iter().copied().max().unwrap_or(0);
    let r_keys: Vec<u64> = recency.iter().map(|&r| (max_r - r) as u64).collect();
    let f_keys: Vec<u64> = members.iter().map(|&c| u64::from(stat(c).orders)).collect();
    // M: cents ascending (offset so that negative amounts sort first).
    let m_keys: Vec<u64> = members
        .iter()
        .map(|&c| (Money(stat(c).revenue).to_cents() as u64) ^ (1 << 63))
        .collect();
    let (r, _) = scores_in_tie_order(&r_keys, bins);
    let (f, _) = scores_in_tie_order(&f_keys, bins);
    let (m, m_order) = scores_in_tie_order(&m_keys, bins);
    // ABC: cents descending, ties by smaller id = the M order read backwards by blocks of
    // equal cents, each block forwards.
    let total: i64 = members.iter().map(|&c| stat(c).revenue.max(0)).sum();
    let mut abc = vec!['C'; members.len()];
    let mut before = 0i64;
    let mut hi = m_order.len();
    while hi > 0 {
        let key = m_keys[m_order[hi - 1] as usize];
        let mut lo = hi - 1;
        while lo > 0 && m_keys[m_order[lo - 1] as usize] == key {
            lo -= 1;
        }
        for &i in &m_order[lo..hi] {
            let own = stat(members[i as usize]).revenue;
            abc[i as usize] = abc_class(before, own, total);
            before += own.max(0);
        }
        hi = lo;
    }
    RfmCore {
        bins,
        members,
        recency,
        r,
        f,
        m,
        abc,
    }
}

/// RFM and ABC for a filter.
pub fn rfm(ds: &Dataset, idx: &CustomerIndex, filter: &Filter, as_of: Day, params: &Params) -> Rfm {
    let sel = Selection::new(ds, idx, filter);
    let s = scan(&sel, as_of, params);
    rfm_from(&s, &rfm_core(&sel, &s, params.rfm_bins))
}

pub(crate) fn rfm_from(s: &Scan, core: &RfmCore) -> Rfm {
    let n = core.members.len();
    let stat = |i: usize| &s.cust[core.members[i] as usize];
    // Counts and revenue per score triple, segment and class, in flat arrays.
    let b = usize::from(core.bins);
    let mut cell_counts = vec![0u64; b * b * b];
    let mut seg = [(0u64, 0i64); SEGMENTS.len()];
    let mut abc = [(0u64, 0i64); 3];
    let (mut sum_r, mut sum_f, mut sum_m) = (0i64, 0u64, 0i64);
    for i in 0..n {
        let (r, f, m) = (core.r[i], core.f[i], core.m[i]);
        cell_counts[usize::from(r - 1) * b * b + usize::from(f - 1) * b + usize::from(m - 1)] += 1;
        let rev = stat(i).revenue;
        let name = segment_of(core.bins, r, f, m);
        let k = SEGMENTS.iter().position(|&s| s == name).unwrap_or(0);
        seg[k].0 += 1;
        seg[k].1 += rev;
        let k = (core.abc[i] as u8 - b'A') as usize;
        abc[k].0 += 1;
        abc[k].1 += rev;
        sum_r += i64::from(core.recency[i]);
        sum_f += u64::from(stat(i).orders);
        sum_m += rev;
    }
    let cells: BTreeMap<String, u64> = cell_counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| {
            (
                format!("{}{}{}", i / (b * b) + 1, i / b % b + 1, i % b + 1),
                c,
            )
        })
        .collect();
    let total_rev: i64 = sum_m;
    let count = |name: String, (customers, revenue): (u64, i64)| SegmentCount {
        name,
        customers,
        revenue: units(revenue),
        customer_share: ratio(customers as f64, n as f64),
        revenue_share: ratio(revenue as f64, total_rev as f64),
    };
    let nf = n as f64;
    Rfm {
        customers: n,
        mean_recency: ratio(sum_r as f64, nf),
        mean_frequency: ratio(sum_f as f64, nf),
        mean_monetary: ratio(units(sum_m), nf),
        cells,
        segments: SEGMENTS
            .iter()
            .zip(seg)
            .map(|(&name, v)| count(name.to_string(), v))
            .collect(),
        abc: ["A", "B", "C"]
            .iter()
            .zip(abc)
            .map(|(&k, v)| count(k.to_string(), v))
            .collect(),
        explain: Explanation::new(Formula::Rfm, n)
            .period(&s.cur)
            .param(Term::RfmBins, u64::from(core.bins)),
    }
}

/// One row of the per-customer table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerRow {
    /// Customer id.
    pub id: String,
    /// The customer's name in the customers file (empty when it gives none).
    pub name: String,
    /// First purchase (all history up to `as_of`), `YYYY-MM-DD`.
    pub first_purchase: String,
    /// Last purchase in the period.
    pub last_purchase: String,
    /// Orders in the period.
    pub frequency: u32,
    /// Days from the last purchase to the period end, plus 1.
    pub recency: i32,
    /// Days from the first purchase to `as_of` (the BG/NBD age T).
    pub t: i32,
    /// Net revenue in the period.
    pub monetary: f64,
    /// The spec's V = monetary × frequency (a ranking score, currency × orders).
    pub value_v: f64,
    /// Average order value: monetary / frequency (`None` without orders).
    pub aov: Option<f64>,
    /// R score.
    pub r: u8,
    /// F score.
    pub f: u8,
    /// M score.
    pub m: u8,
    /// Named RFM segment.
    pub segment: &'static str,
    /// ABC class.
    pub abc: char,
    /// BG/NBD probability of being alive, when the model could be fitted.
    pub p_alive: Option<f64>,
    /// Expected purchases in the next `prediction_days`.
    pub expected_purchases: Option<f64>,
    /// CLV over `clv_months`, discounted monthly.
    pub clv: Option<f64>,
    /// The customer model's inputs (as lifetimes' `summary_data_from_transaction_data`):
    /// x, distinct purchase days after the first, up to `as_of`.
    pub repeat_purchases: Option<u32>,
    /// t_x: days from the first to the last purchase day.
    pub t_x: Option<i32>,
    /// Mean net amount of the repeat purchase days (0 without repeats).
    pub repeat_monetary: Option<f64>,
    /// The customer's satisfaction Wᵢ of the satisfaction index, 0–100: the mean
    /// (CSAT − 1) / 4 of their rated tickets, else their mean NPS / 10; `None` without a
    /// score. (Their loyalty Wᵢ is `p_alive`.)
    pub satisfaction: Option<f64>,
}

/// The per-customer table (customers with a purchase in the period), in natural id order.
pub fn customer_table(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> Vec<CustomerRow> {
    let sel = Selection::new(ds, idx, filter);
    let s = scan(&sel, as_of, params);
    let core = rfm_core(&sel, &s, params.rfm_bins);
    table_from(ds, idx, model, &s, &core, as_of)
}

pub(crate) fn table_from(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    s: &Scan,
    core: &RfmCore,
    as_of: Day,
) -> Vec<CustomerRow> {
    // Members are in natural id order already.
    let rows = Rows::new(ds, idx, model, s, core, as_of);
    (0..core.members.len()).map(|i| rows.row(i)).collect()
}

/// The `k` rows of [`table_from`] with the most net revenue in the period (descending;
/// ties in natural id order), without building the others.
pub(crate) fn top_rows(
    (ds, idx, model): (&Dataset, &CustomerIndex, Option<&CustomerModel>),
    s: &Scan,
    core: &RfmCore,
    as_of: Day,
    k: usize,
) -> Vec<CustomerRow> {
    let revenue = |i: usize| s.cust[core.members[i] as usize].revenue;
    let by_revenue = |a: &usize, b: &usize| revenue(*b).cmp(&revenue(*a)).then(a.cmp(b));
    let mut order: Vec<usize> = (0..core.members.len()).collect();
    if order.len() > k {
        order.select_nth_unstable_by(k, by_revenue);
        order.truncate(k);
    }
    order.sort_unstable_by(by_revenue);
    let rows = Rows::new(ds, idx, model, s, core, as_of);
    order.into_iter().map(|i| rows.row(i)).collect()
}

/// What the per-customer table's rows are made of.
struct Rows<'a> {
    ds: &'a Dataset,
    idx: &'a CustomerIndex,
    model: Option<&'a CustomerModel>,
    s: &'a Scan,
    core: &'a RfmCore,
    as_of: Day,
    /// Each dense customer's satisfaction weight.
    satisfaction: Vec<Option<f64>>,
}

impl<'a> Rows<'a> {
    fn new(
        ds: &'a Dataset,
        idx: &'a CustomerIndex,
        model: Option<&'a CustomerModel>,
        s: &'a Scan,
        core: &'a RfmCore,
        as_of: Day,
    ) -> Rows<'a> {
        let satisfaction = super::seed_indices::satisfaction_weights(ds, idx, s.cur.to);
        Rows {
            ds,
            idx,
            model,
            s,
            core,
            as_of,
            satisfaction,
        }
    }

    fn row(&self, i: usize) -> CustomerRow {
        let c = self.core.members[i] as usize;
        let mut row = customer_row(self, i);
        row.satisfaction = self.satisfaction[c].map(|w| 100.0 * w);
        row
    }
}

/// Row `i` (of the members, in natural id order) of the per-customer table.
fn customer_row(rows: &Rows<'_>, i: usize) -> CustomerRow {
    let Rows {
        ds,
        idx,
        model,
        s,
        core,
        as_of,
        ..
    } = *rows;
    let c = core.members[i] as usize;
    let st = &s.cust[c];
    let pred = model.and_then(|m| m.prediction(c));
    let first = pred
        .map(|p| p.first_purchase)
        .or(st.first_ever)
        .unwrap_or(as_of);
    let monetary = units(st.revenue);
    CustomerRow {
        id: ds.str(idx.id(c)).to_string(),
        name: ds.str(idx.name(c)).to_string(),
        first_purchase: first.iso(),
        last_purchase: st.last.map(|d| d.iso()).unwrap_or_default(),
        frequency: st.orders,
        recency: core.recency[i],
        t: as_of.0 - first.0,
        monetary,
        value_v: monetary * f64::from(st.orders),
        aov: ratio(monetary, f64::from(st.orders)),
        r: core.r[i],
        f: core.f[i],
        m: core.m[i],
        segment: segment_of(core.bins, core.r[i], core.f[i], core.m[i]),
        abc: core.abc[i],
        p_alive: pred.map(|p| p.p_alive),
        expected_purchases: pred.map(|p| p.expected_purchases),
        clv: pred.and_then(|p| p.clv),
        repeat_purchases: pred.map(|p| p.summary.frequency as u32),
        t_x: pred.map(|p| p.summary.recency as i32),
        repeat_monetary: pred.map(|p| p.summary.monetary),
        satisfaction: None,
    }
}

/// How each figure on one customer's page is computed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerExplanations {
    /// Net revenue.
    pub revenue: Explanation,
    /// Orders.
    pub orders: Explanation,
    /// Average order value.
    pub aov: Explanation,
    /// The RFM scores, segment and ABC class.
    pub rfm: Explanation,
    /// Customer value V.
    pub value_v: Explanation,
    /// P(alive), the loyalty weight.
    pub p_alive: Explanation,
    /// The satisfaction weight.
    pub satisfaction: Explanation,
    /// CLV.
    pub clv: Explanation,
}

/// How the customer list's columns are computed, for `listed` customers.
pub fn customer_list_explanation(
    period: &Period,
    as_of: Day,
    params: &Params,
    listed: usize,
) -> Explanation {
    listing(Formula::CustomerList, period, as_of, listed)
        .param(Term::RfmBins, u64::from(params.rfm_bins))
        .param(Term::ClvMonths, Shown::Count(u64::from(params.clv_months)))
}

/// How the at-risk list is made: `listed` customers of the period whose P(alive) (from the
/// model as of `as_of`) is below the threshold, by value at risk.
pub fn at_risk_explanation(
    period: &Period,
    as_of: Day,
    params: &Params,
    listed: usize,
) -> Explanation {
    listing(Formula::AtRisk, period, as_of, listed)
        .param(Term::AtRiskBelow, Shown::Rate(params.at_risk_p_alive))
}

/// A list of `listed` customers of `period`, with the model as of `as_of`.
pub(crate) fn listing(formula: Formula, period: &Period, as_of: Day, listed: usize) -> Explanation {
    Explanation::new(formula, listed)
        .period(period)
        .param(Term::AsOf, as_of)
}

/// The explanations of a customer's figures: `orders` of theirs in `period`, the model as
/// of `as_of` with `params`.
pub fn customer_explanations(
    period: &Period,
    as_of: Day,
    params: &Params,
    orders: usize,
) -> CustomerExplanations {
    let of_period = |formula| Explanation::new(formula, orders).period(period);
    let of_model = |formula| {
        Explanation::new(formula, orders)
            .param(Term::AsOf, as_of)
            .param(
                Term::PredictionDays,
                Shown::Count(params.prediction_days as u64),
            )
    };
    CustomerExplanations {
        revenue: of_period(Formula::CustomerRevenue),
        orders: of_period(Formula::CustomerOrders),
        aov: of_period(Formula::CustomerAov),
        rfm: of_period(Formula::CustomerRfm),
        value_v: of_period(Formula::CustomerValueV),
        p_alive: of_model(Formula::CustomerPAlive),
        satisfaction: Explanation::new(Formula::CustomerSatisfaction, orders).period(period),
        clv: of_model(Formula::CustomerClv)
            .param(Term::ClvMonths, Shown::Count(params.clv_months as u64))
            .param(
                Term::DiscountRate,
                Shown::Rate(params.monthly_discount_rate),
            ),
    }
}
