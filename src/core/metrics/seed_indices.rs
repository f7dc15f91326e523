//! The spec's satisfaction and loyalty indices, Σ weight × frequency × lifecycle, with each
//! factor defined from the data.

use super::clv::CustomerModel;
use super::customer_index::CustomerIndex;
use super::explain::Formula;
use super::numeric::ratio;
use super::rfm::{rfm_core, RfmCore};
use super::scan::{scan, Scan};
use super::selection::Selection;
use super::{Explanation, Filter, Params};
use crate::model::{Dataset, Day};
use serde::Serialize;

/// One index.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Index {
    /// 100 × Σ Wᵢ Rᵢ Gᵢ / Σ Rᵢ Gᵢ over the customers with a weight: the weight averaged with
    /// frequency × lifecycle as importance, on a 0–100 scale.
    pub value: Option<f64>,
    /// Σ Wᵢ Rᵢ Gᵢ as the spec writes it (orders × years × weight).
    pub raw_sum: f64,
    /// Customers with a weight.
    pub customers: usize,
    /// How it was computed.
    pub explain: Explanation,
}

/// Satisfaction and loyalty indices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indices {
    /// Wᵢ = mean (CSAT − 1) / 4 of the customer's rated tickets (else mean NPS / 10).
    pub satisfaction: Index,
    /// Wᵢ = the customer's BG/NBD P(alive).
    pub loyalty: Index,
    /// The seed's customer potential P = Σ Wᵢ Rᵢ Gᵢ with Wᵢ = the customer's purchasing
    /// power, their mean net revenue per order in the period; `value` = P / Σ Rᵢ Gᵢ in
    /// currency (not ×100).
    pub potential: Index,
}

/// The indices for a filter.
pub fn indices(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> Indices {
    let sel = Selection::new(ds, idx, filter);
    let s = scan(&sel, as_of, params);
    indices_from(ds, idx, model, &s, &rfm_core(&sel, &s, params.rfm_bins))
}

/// The index of (Wᵢ, Rᵢ Gᵢ) pairs: `value` = `scale` × Σ Wᵢ Rᵢ Gᵢ / Σ Rᵢ Gᵢ.
fn index(weights: &[(f64, f64)], formula: Formula, s: &Scan, scale: f64) -> Index {
    let (mut num, mut den) = (0.0, 0.0);
    for &(w, rg) in weights {
        num += w * rg;
        den += rg;
    }
    Index {
        value: ratio(scale * num, den),
        raw_sum: num,
        customers: weights.len(),
        explain: Explanation::new(formula, weights.len()).period(&s.cur),
    }
}

/// Each dense customer's satisfaction weight Wᵢ (0…1): the mean (CSAT − 1) / 4 of their
/// rated tickets opened up to `end`, else their mean NPS / 10; `None` without a score.
pub(crate) fn satisfaction_weights(
    ds: &Dataset,
    idx: &CustomerIndex,
    end: Day,
) -> Vec<Option<f64>> {
    let n = idx.len();
    let mut csat = vec![(0.0f64, 0u32); n];
    let mut nps = vec![(0.0f64, 0u32); n];
    for t in &ds.tickets.rows {
        if t.day().is_some_and(|d| d > end) {
            continue;
        }
        if let Some(c) = idx.dense(t.customer) {
            if let Some(v) = t.csat {
                csat[c].0 += (f64::from(v.clamp(1, 5)) - 1.0) / 4.0;
                csat[c].1 += 1;
            }
            if let Some(v) = t.nps {
                nps[c].0 += f64::from(v.min(10)) / 10.0;
                nps[c].1 += 1;
            }
        }
    }
    let mean = |(sum, n): (f64, u32)| (n > 0).then(|| sum / f64::from(n));
    (0..n)
        .map(|c| mean(csat[c]).or_else(|| mean(nps[c])))
        .collect()
}

pub(crate) fn indices_from(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    s: &Scan,
    core: &RfmCore,
) -> Indices {
    let weights = satisfaction_weights(ds, idx, s.cur.to);
    let mut sat = Vec::new();
    let mut loyal = Vec::new();
    let mut power = Vec::new();
    for &c in &core.members {
        let c = c as usize;
        let st = &s.cust[c];
        let (Some(first), Some(last)) = (st.first_ever, st.last) else {
            continue;
        };
        let g = f64::from(last.0 - first.0 + 1) / 365.25;
        let rg = f64::from(st.orders) * g;
        if let Some(w) = weights[c] {
            sat.push((w, rg));
        }
        if let Some(p) = model.and_then(|m| m.prediction(c)) {
            loyal.push((p.p_alive, rg));
        }
        if st.orders > 0 {
            power.push((super::units(st.revenue) / f64::from(st.orders), rg));
        }
    }
    Indices {
        satisfaction: index(&sat, Formula::Satisfaction, s, 100.0),
        loyalty: index(&loyal, Formula::Loyalty, s, 100.0),
        potential: index(&power, Formula::Potential, s, 1.0),
    }
}
