//! Customer potential: the BG/NBD purchase model and the Gamma-Gamma spend model, fitted by
//! maximum likelihood (Fader, Hardie & Lee 2005; Fader & Hardie 2013), as the Python
//! `lifetimes` library does, and the discounted CLV built from them.

use super::customer_index::{CustomerIndex, RowKind};
use super::numeric::{
    bfgs_paced, digamma, hyp2f1, hyp2f1_at, ln_gamma, nelder_mead_paced, Minimum, Smooth,
};
use super::{units, Params};
use crate::model::Day;
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};
use serde::Serialize;

/// One customer's repeat-purchase history in days, as `lifetimes`'
/// `summary_data_from_transaction_data(..., freq='D')` computes it: purchase *days* are
/// counted (several orders on one day are one transaction, their amounts summed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RepeatSummary {
    /// x: purchase days after the first (repeat transactions).
    pub frequency: f64,
    /// t_x: days from the first to the last purchase day.
    pub recency: f64,
    /// T: days from the first purchase to the end of observation (`as_of`).
    pub t: f64,
    /// Mean amount of the repeat purchase days (the first day excluded); 0 when x = 0.
    pub monetary: f64,
}

/// BG/NBD parameters (`r`, `alpha` in the data's time unit, `a`, `b`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma (time units).
    pub alpha: f64,
    /// Beta parameter a of the dropout probability.
    pub a: f64,
    /// Beta parameter b of the dropout probability.
    pub b: f64,
}

/// Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GammaGamma {
    /// Shape of the per-transaction spend gamma.
    pub p: f64,
    /// Shape of the gamma over customers' spend scale.
    pub q: f64,
    /// Scale of the gamma over customers' spend scale.
    pub v: f64,
}

/// A fitted model with its diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ModelFit<M> {
    /// The maximum-likelihood parameters.
    pub params: M,
    /// Mean log-likelihood per customer at the optimum.
    pub mean_log_likelihood: f64,
    /// Customers the fit used (all of them: the likelihood is summed over their distinct
    /// inputs, each weighted by how many customers share it).
    pub customers: usize,
    /// Distinct inputs the likelihood was evaluated on: (x, t_x, T) triples for BG/NBD,
    /// (x, m) pairs for Gamma-Gamma.
    pub distinct: usize,
    /// Objective evaluations used by the optimiser.
    pub evaluations: usize,
    /// True when the optimiser converged within its budget.
    pub converged: bool,
}

/// `ln(e^a + e^b)` without overflow.
fn log_add_exp(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Distinct rows with their counts (the likelihood is a weighted sum).
fn compress(mut rows: Vec<[f64; 3]>) -> Vec<([f64; 3], f64)> {
    rows.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut out: Vec<([f64; 3], f64)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((last, w)) if *last == r => *w += 1.0,
            _ => out.push((r, 1.0)),
        }
    }
    out
}

/// The BG/NBD likelihood over distinct (x, t_x, T) rows, arranged so that an evaluation
/// takes one `exp` and one `ln` per row with repeat purchases and none per row without:
/// ln(α + t) is computed once per distinct time, ln(b + x − 1) once per distinct x, and the
/// customers without repeats are summed per distinct T.
struct BgNbdObjective {
    /// The distinct times (t_x and T values), ascending.
    times: Vec<f64>,
    /// Rows with x > 0: (x, index of t_x, index of T, weight).
    repeat: Vec<(usize, usize, usize, f64)>,
    /// Σ weight of the customers without repeats, per index of T.
    once: Vec<(usize, f64)>,
    /// Σ weight per x (0..=max x).
    per_x: Vec<f64>,
    total: f64,
}

impl BgNbdObjective {
    fn new(rows: &[([f64; 3], f64)]) -> BgNbdObjective {
        let mut times: Vec<f64> = rows.iter().flat_map(|(r, _)| [r[1], r[2]]).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let at = |v: f64| times.partition_point(|t| *t < v);
        let max_x = rows.iter().map(|r| r.0[0]).fold(0.0, f64::max) as usize;
        let mut per_x = vec![0.0; max_x + 1];
        let mut once = vec![0.0; times.len()];
        let mut repeat = Vec::new();
        for ([x, rec, t], w) in rows {
            let xi = *x as usize;
            per_x[xi] += w;
            if xi == 0 {
                once[at(*t)] += w;
            } else {
                repeat.push((xi, at(*rec), at(*t), *w));
            }
        }
        let once = once.into_iter().enumerate().filter(|o| o.1 > 0.0).collect();
        let total = rows.iter().map(|r| r.1).sum();
        BgNbdObjective {
            times,
            repeat,
            once,
            per_x,
            total,
        }
    }
}

impl Smooth for BgNbdObjective {
    /// −(mean log-likelihood) at log-parameters `lp` = ln (r, α, a, b), and with `grad` its
    /// gradient in those log-parameters (the value is the same with or without).
    fn evaluate(&self, lp: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let (r, alpha, a, b) = (lp[0].exp(), lp[1].exp(), lp[2].exp(), lp[3].exp());
        let want = grad.is_some();
        let ln_t: Vec<f64> = self.times.iter().map(|t| (alpha + t).ln()).collect();
        let inv_t: Vec<f64> = if want {
            self.times.iter().map(|t| 1.0 / (alpha + t)).collect()
        } else {
            Vec::new()
        };
        // Per x: ln Γ(r + x) − ln Γ(r) + ln B(a, b + x) − ln B(a, b) (by recurrence), and
        // ln(b + x − 1); with the gradient, the derivatives of the first in r, a and b.
        let mut ll = r * alpha.ln() * self.total;
        // ∂ll/∂(r, α, a, b).
        let mut d = [alpha.ln() * self.total, r * self.total / alpha, 0.0, 0.0];
        let (mut acc, mut acc_r, mut acc_a, mut acc_b) = (0.0, 0.0, 0.0, 0.0);
        let mut ln_bx = vec![0.0; self.per_x.len()];
        for (x, w) in self.per_x.iter().enumerate() {
            if x > 0 {
                let k = (x - 1) as f64;
                acc += (r + k).ln() + (b + k).ln() - (a + b + k).ln();
                ln_bx[x] = (b + k).ln();
                if want {
                    let inv_abk = 1.0 / (a + b + k);
                    acc_r += 1.0 / (r + k);
                    acc_a -= inv_abk;
                    acc_b += 1.0 / (b + k) - inv_abk;
                }
            }
            ll += w * acc;
            if want {
                d[0] += w * acc_r;
                d[2] += w * acc_a;
                d[3] += w * acc_b;
            }
        }
        for &(t, w) in &self.once {
            ll -= w * r * ln_t[t];
            if want {
                d[0] -= w * ln_t[t];
                d[1] -= w * r * inv_t[t];
            }
        }
        let ln_a = a.ln();
        for &(x, rec, t, w) in &self.repeat {
            let rx = r + x as f64;
            let a3 = -rx * ln_t[t];
            let a4 = ln_a - ln_bx[x] - rx * ln_t[rec];
            let (hi, lo) = if a3 > a4 { (a3, a4) } else { (a4, a3) };
            // ln(e^hi + e^lo); past a gap of 40, e^(lo − hi) < 5e-18 vanishes beside 1.
            let gap = lo - hi;
            let e = if gap > -40.0 { gap.exp() } else { 0.0 };
            ll += w * if gap > -40.0 { hi + e.ln_1p() } else { hi };
            if want {
                // The weights of a3 and a4 in the log-sum: e^a3 / (e^a3 + e^a4) and the rest.
                let p_hi = 1.0 / (1.0 + e);
                let p4 = if a4 >= a3 { p_hi } else { 1.0 - p_hi };
                let p3 = 1.0 - p4;
                d[0] -= w * (p3 * ln_t[t] + p4 * ln_t[rec]);
                d[1] -= w * rx * (p3 * inv_t[t] + p4 * inv_t[rec]);
                d[2] += w * p4 / a;
                d[3] -= w * p4 / (b + x as f64 - 1.0);
            }
        }
        if let Some(grad) = grad {
            for ((g, di), p) in grad.iter_mut().zip(d).zip([r, alpha, a, b]) {
                *g = -di * p / self.total;
            }
        }
        -ll / self.total
    }
}

/// −(mean Gamma-Gamma log-likelihood) over rows `[x, ln x, m, ln m, weight]` sorted by x, at
/// log-parameters `lp` = ln (p, q, v).
struct GammaGammaObjective {
    pre: Vec<[f64; 5]>,
    total_w: f64,
}

impl GammaGammaObjective {
    fn new(pre: &[[f64; 5]]) -> GammaGammaObjective {
        GammaGammaObjective {
            pre: pre.to_vec(),
            total_w: pre.iter().map(|r| r[4]).sum(),
        }
    }
}

impl Smooth for GammaGammaObjective {
    /// The value at `lp`, and with `grad` its gradient in the log-parameters (the value is
    /// the same with or without).
    fn evaluate(&self, lp: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let (p, q, v) = (lp[0].exp(), lp[1].exp(), lp[2].exp());
        let (lg_q, ln_v) = (ln_gamma(q), v.ln());
        let psi_q = if grad.is_some() { digamma(q) } else { 0.0 };
        let mut ll = 0.0;
        // ∂ll/∂(p, q, v).
        let mut d = [0.0; 3];
        let mut last_x = f64::NAN;
        let (mut lg, mut psi_pxq, mut psi_px) = (0.0, 0.0, 0.0);
        for [x, ln_x, m, ln_m, w] in &self.pre {
            if *x != last_x {
                last_x = *x;
                lg = ln_gamma(p * x + q) - ln_gamma(p * x);
                if grad.is_some() {
                    (psi_pxq, psi_px) = (digamma(p * x + q), digamma(p * x));
                }
            }
            let ln_xmv = (x * m + v).ln();
            ll += w
                * (lg - lg_q + q * ln_v + (p * x - 1.0) * ln_m + p * x * ln_x
                    - (p * x + q) * ln_xmv);
            if grad.is_some() {
                d[0] += w * x * (psi_pxq - psi_px + ln_m + ln_x - ln_xmv);
                d[1] += w * (psi_pxq - psi_q + ln_v - ln_xmv);
                d[2] += w * (q / v - (p * x + q) / (x * m + v));
            }
        }
        if let Some(grad) = grad {
            for ((g, di), par) in grad.iter_mut().zip(d).zip([p, q, v]) {
                *g = -di * par / self.total_w;
            }
        }
        -ll / self.total_w
    }
}

/// Distinct rows beyond which a fit first runs on every k-th of them (about this many).
const WARM_ROWS: usize = 8_000;

/// Minimises the objective `make(rows)` builds (a mean over weighted rows) from `x0`. With
/// many rows it first minimises the objective of every k-th row by Nelder–Mead, loosely.
/// From there (or from `x0`) BFGS on the objective of all rows, with its gradient, goes to
/// the optimum in a few dozen evaluations where the simplex took hundreds; should it not
/// converge, the simplex polishes from where it stopped.
async fn minimise_warm<R: Copy, O: Smooth>(
    rows: &[R],
    make: impl Fn(&[R]) -> O,
    x0: &[f64],
    pace: &mut dyn Pace,
) -> Result<Minimum, Cancelled> {
    let (mut start, mut warm_evaluations) = (x0.to_vec(), 0);
    if rows.len() > 2 * WARM_ROWS {
        let some: Vec<R> = rows
            .iter()
            .step_by(rows.len().div_ceil(WARM_ROWS))
            .copied()
            .collect();
        let sample = make(&some);
        let warm = bfgs_paced(&sample, x0, 1e-6, 200, pace).await?;
        if warm.value.is_finite() {
            start = warm.x;
        }
        warm_evaluations = warm.evaluations;
    }
    let objective = make(rows);
    let mut m = bfgs_paced(&objective, &start, GRADIENT_TOL, 200, pace).await?;
    if !m.converged {
        let from = if m.value.is_finite() {
            m.x.clone()
        } else {
            start
        };
        let before = m.evaluations;
        let f = &mut |x: &[f64]| objective.value(x);
        m = nelder_mead_paced(f, &from, 0.1, 1e-12, 20_000, pace).await?;
        m.evaluations += before;
    }
    m.evaluations += warm_evaluations;
    Ok(m)
}

/// The fits' convergence: no component of the gradient of the mean log-likelihood in the
/// log-parameters above this. Rounding leaves some 1e-13 at the optimum; here the value
/// is within about 1e-16 of it (the gradient squared over the curvature).
const GRADIENT_TOL: f64 = 1e-8;

impl BgNbd {
    /// Log-likelihood of one customer (x, t_x, T) (Fader, Hardie & Lee 2005, section 7).
    pub fn log_likelihood(&self, x: f64, recency: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let a3 = -(r + x) * (alpha + t).ln();
        if x > 0.0 {
            let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + recency).ln();
            a1 + a2 + log_add_exp(a3, a4)
        } else {
            a1 + a2 + a3
        }
    }

    /// Fits by maximum likelihood: Nelder–Mead on the log-parameters (so they stay
    /// positive), with time rescaled so that the largest T is 1 (as `lifetimes` does).
    /// `None` when there is nothing to fit (no customer, every T = 0, nobody repeated) or the
    /// optimum is not finite.
    pub fn fit(data: &[RepeatSummary]) -> Option<ModelFit<BgNbd>> {
        unpaced(Self::fit_paced(data, &mut NoPause)).expect("NoPause never cancels")
    }

    /// [`BgNbd::fit`], offering `pace` a pause between the minimiser's steps.
    pub async fn fit_paced(
        data: &[RepeatSummary],
        pace: &mut dyn Pace,
    ) -> Result<Option<ModelFit<BgNbd>>, Cancelled> {
        let max_t = data.iter().map(|d| d.t).fold(0.0, f64::max);
        if data.is_empty() || max_t <= 0.0 || !data.iter().any(|d| d.frequency > 0.0) {
            return Ok(None);
        }
        let scale = 1.0 / max_t;
        let rows = compress(
            data.iter()
                .map(|d| [d.frequency, d.recency * scale, d.t * scale])
                .collect(),
        );
        // The compression sorts the customers: a step of its own.
        pause(pace).await?;
        let make = BgNbdObjective::new;
        let m = minimise_warm(&rows, make, &[0.1; 4], pace).await?;
        let p = BgNbd {
            r: m.x[0].exp(),
            alpha: m.x[1].exp() / scale,
            a: m.x[2].exp(),
            b: m.x[3].exp(),
        };
        if !(m.value.is_finite() && [p.r, p.alpha, p.a, p.b].iter().all(|v| v.is_finite())) {
            return Ok(None);
        }
        // Reported in the data's own time unit (the fit ran on rescaled time); in steps (a
        // hundred thousand distinct customers take some 15 ms), summed in the same order.
        let mut sum = -0.0;
        for part in rows.chunks(16_384) {
            pause(pace).await?;
            for ([x, rec, t], w) in part {
                sum += w * p.log_likelihood(*x, rec / scale, t / scale);
            }
        }
        let mean_ll = sum / data.len() as f64;
        Ok(Some(ModelFit {
            params: p,
            mean_log_likelihood: mean_ll,
            customers: data.len(),
            distinct: rows.len(),
            evaluations: m.evaluations,
            converged: m.converged,
        }))
    }

    /// P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T)/(α + t_x))^(r + x)).
    /// 1 for customers without repeat purchases (the model lets customers drop out only
    /// right after a purchase).
    pub fn p_alive(&self, x: f64, recency: f64, t: f64) -> f64 {
        if x <= 0.0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let log_div = (r + x) * ((alpha + t) / (alpha + recency)).ln() + (a / (b + x - 1.0)).ln();
        1.0 / (1.0 + log_div.exp())
    }

    /// Expected purchases in the next `horizon` time units given (x, t_x, T) (equation 10 of
    /// Fader, Hardie & Lee 2005). The ₂F₁ term is evaluated after Euler's transformation,
    /// `(1 − z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) = (1 − z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z)`
    /// with `z = horizon / (α + T + horizon)`, which converges fast for every x, unless a is
    /// so large that it overflows: then untransformed.
    pub fn expected_purchases(&self, horizon: f64, x: f64, recency: f64, t: f64) -> f64 {
        let mut out = [0.0];
        self.expected_purchases_at(&[horizon], (x, recency, t), &mut out);
        out[0]
    }

    /// [`BgNbd::expected_purchases`] at each of `horizons` into `out`, the same values: the
    /// part that does not depend on the horizon is computed once, and the ₂F₁ series of all
    /// horizons are summed together (their coefficients are the same, only z differs).
    pub fn expected_purchases_at(
        &self,
        horizons: &[f64],
        (x, recency, t): (f64, f64, f64),
        out: &mut [f64],
    ) {
        let BgNbd { r, alpha, b, .. } = *self;
        // The formula has a removable singularity at a = 1.
        let a = if (self.a - 1.0).abs() < 1e-7 {
            1.0 + 1e-7
        } else {
            self.a
        };
        let c = a + b + x - 1.0;
        let z: Vec<f64> = (horizons.iter()).map(|h| h / (alpha + t + h)).collect();
        hyp2f1_at(a + b - 1.0 - r, a - 1.0, c, &z, out);
        let denominator = if x > 0.0 {
            1.0 + a / (b + x - 1.0) * ((alpha + t) / (alpha + recency)).powf(r + x)
        } else {
            1.0
        };
        for ((e, z), h) in out.iter_mut().zip(z).zip(horizons) {
            if *h <= 0.0 {
                *e = 0.0;
                continue;
            }
            let mut g = (1.0 - z).powf(a - 1.0) * *e;
            if !g.is_finite() {
                // A large a (a fit whose dropout probability is nearly the same for every
                // customer, a/(a + b)) overflows the transformed series; the series as
                // written then converges geometrically, with ratio about b z / (a + b).
                g = (1.0 - z).powf(r + x) * hyp2f1(r + x, b + x, c, z);
            }
            *e = c / (a - 1.0) * (1.0 - g) / denominator;
        }
    }

    /// Discounted value of the next `months` months: Σₖ (E[X(k·L)] − E[X((k−1)·L)]) × value
    /// / (1 + d)^k, with L = `month_length` time units (30 for days, 4.345 for weeks), as
    /// `lifetimes.utils._customer_lifetime_value`.
    #[allow(clippy::too_many_arguments)]
    pub fn clv(
        &self,
        x: f64,
        recency: f64,
        t: f64,
        value_per_purchase: f64,
        months: u32,
        monthly_discount: f64,
        month_length: f64,
    ) -> f64 {
        let horizons: Vec<f64> = (1..=months).map(|k| f64::from(k) * month_length).collect();
        let mut expected = vec![0.0; horizons.len()];
        self.expected_purchases_at(&horizons, (x, recency, t), &mut expected);
        let mut prev = 0.0;
        let mut total = 0.0;
        for (k, e) in (1..=months).zip(expected) {
            total += (e - prev) * value_per_purchase / (1.0 + monthly_discount).powi(k as i32);
            prev = e;
        }
        total
    }
}

impl GammaGamma {
    /// Log-likelihood of one customer with x repeat purchases of mean value m (x, m > 0).
    pub fn log_likelihood(&self, x: f64, m: f64) -> f64 {
        let GammaGamma { p, q, v } = *self;
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
            + q * v.ln()
            + (p * x - 1.0) * m.ln()
            + p * x * x.ln()
            - (p * x + q) * (x * m + v).ln()
    }

    /// Fits by maximum likelihood on the customers with x > 0 and m > 0 (Nelder–Mead on the
    /// log-parameters). `None` with fewer than 3 such customers or a non-finite optimum.
    pub fn fit(data: &[RepeatSummary]) -> Option<ModelFit<GammaGamma>> {
        unpaced(Self::fit_paced(data, &mut NoPause)).expect("NoPause never cancels")
    }

    /// [`GammaGamma::fit`], offering `pace` a pause between the minimiser's steps.
    pub async fn fit_paced(
        data: &[RepeatSummary],
        pace: &mut dyn Pace,
    ) -> Result<Option<ModelFit<GammaGamma>>, Cancelled> {
        let rows: Vec<[f64; 3]> = data
            .iter()
            .filter(|d| d.frequency > 0.0 && d.monetary > 0.0)
            .map(|d| [d.frequency, d.monetary, 0.0])
            .collect();
        let n = rows.len();
        if n < 3 {
            return Ok(None);
        }
        let rows = compress(rows);
        pause(pace).await?;
        // Per row: x, ln x, m, ln m, weight.
        let pre: Vec<[f64; 5]> = rows
            .iter()
            .map(|([x, m, _], w)| [*x, x.ln(), *m, m.ln(), *w])
            .collect();
        let make = GammaGammaObjective::new;
        let m = minimise_warm(&pre, make, &[0.1; 3], pace).await?;
        let params = GammaGamma {
            p: m.x[0].exp(),
            q: m.x[1].exp(),
            v: m.x[2].exp(),
        };
        if !(m.value.is_finite() && [params.p, params.q, params.v].iter().all(|v| v.is_finite())) {
            return Ok(None);
        }
        Ok(Some(ModelFit {
            params,
            mean_log_likelihood: -m.value,
            customers: n,
            distinct: pre.len(),
            evaluations: m.evaluations,
            converged: m.converged,
        }))
    }

    /// E[M | x, m] = p (v + x m) / (p x + q − 1): the expected mean value of a customer's
    /// future transactions (for x = 0 the population mean p v / (q − 1)). `None` when
    /// q ≤ 1 (the population mean does not exist).
    pub fn expected_value(&self, x: f64, m: f64) -> Option<f64> {
        let GammaGamma { p, q, v } = *self;
        (q > 1.0).then(|| p * (v + x * m) / (p * x + q - 1.0))
    }
}

/// One customer's predictions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CustomerPrediction {
    /// First purchase day.
    pub first_purchase: Day,
    /// The repeat-purchase summary the models read.
    pub summary: RepeatSummary,
    /// P(alive).
    pub p_alive: f64,
    /// Expected purchases in the next `prediction_days`.
    pub expected_purchases: f64,
    /// Gamma-Gamma expected value per future purchase (≥ 0), when that model fitted.
    pub expected_value: Option<f64>,
    /// CLV over `clv_months` at `monthly_discount_rate`, when both models fitted.
    pub clv: Option<f64>,
}

/// The fitted customer models and every customer's predictions, for one dataset and
/// `as_of` (filters do not refit it: they only choose which customers are summed).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CustomerModel {
    /// End of observation.
    pub as_of: Option<Day>,
    /// The BG/NBD fit, time unit days.
    pub bgnbd: Option<ModelFit<BgNbd>>,
    /// The Gamma-Gamma fit.
    pub gamma_gamma: Option<ModelFit<GammaGamma>>,
    /// Horizon of `expected_purchases`, days.
    pub prediction_days: i32,
    /// CLV horizon, months of 30 days.
    pub clv_months: u32,
    /// Monthly discount rate of the CLV.
    pub monthly_discount_rate: f64,
    #[serde(skip)]
    predictions: Vec<Option<CustomerPrediction>>,
}

/// Minimum customers with a purchase before the models are fitted.
pub const MIN_CUSTOMERS: usize = 10;

impl CustomerModel {
    /// Summarises every customer's purchases up to `as_of` (all channels, completed lines;
    /// a day's lines summed), fits both models and predicts for every customer.
    pub fn fit(idx: &CustomerIndex, as_of: Day, params: &Params) -> CustomerModel {
        unpaced(Self::fit_paced(idx, as_of, params, &mut NoPause)).expect("NoPause never cancels")
    }

    /// [`CustomerModel::fit`], offering `pace` a pause between steps (of the minimisers,
    /// and every few thousand customers): the same model however it pauses. On a million
    /// orders the fit takes most of a second, which the browser would otherwise spend
    /// frozen.
    pub async fn fit_paced(
        idx: &CustomerIndex,
        as_of: Day,
        params: &Params,
        pace: &mut dyn Pace,
    ) -> Result<CustomerModel, Cancelled> {
        let summaries = repeat_summaries(idx, as_of);
        pause(pace).await?;
        let data: Vec<RepeatSummary> = summaries.iter().flatten().map(|s| s.1).collect();
        let mut model = CustomerModel {
            as_of: Some(as_of),
            prediction_days: params.prediction_days,
            clv_months: params.clv_months,
            monthly_discount_rate: params.monthly_discount_rate,
            ..CustomerModel::default()
        };
        if data.len() < MIN_CUSTOMERS {
            return Ok(model);
        }
        // Every customer: the fits sum the likelihood over distinct inputs, weighted.
        model.bgnbd = BgNbd::fit_paced(&data, pace).await?;
        model.gamma_gamma = GammaGamma::fit_paced(&data, pace).await?;
        let Some(bg) = model.bgnbd.map(|f| f.params) else {
            return Ok(model);
        };
        let gg = model.gamma_gamma.map(|f| f.params);
        let mut predictions = Vec::with_capacity(summaries.len());
        for chunk in summaries.chunks(4096) {
            pause(pace).await?;
            predictions.extend(chunk.iter().map(|s| {
                s.map(|(first, d)| {
                    let (x, tx, t) = (d.frequency, d.recency, d.t);
                    let value = gg
                        .and_then(|g| g.expected_value(x, d.monetary))
                        .map(|v| v.max(0.0));
                    CustomerPrediction {
                        first_purchase: first,
                        summary: d,
                        p_alive: bg.p_alive(x, tx, t),
                        expected_purchases: bg.expected_purchases(
                            f64::from(params.prediction_days),
                            x,
                            tx,
                            t,
                        ),
                        expected_value: value,
                        clv: value.map(|v| {
                            bg.clv(
                                x,
                                tx,
                                t,
                                v,
                                params.clv_months,
                                params.monthly_discount_rate,
                                30.0,
                            )
                        }),
                    }
                })
            }));
        }
        model.predictions = predictions;
        Ok(model)
    }

    /// The predictions of dense customer `c` (`None` without purchases or without a fit).
    pub fn prediction(&self, c: usize) -> Option<&CustomerPrediction> {
        self.predictions.get(c).and_then(Option::as_ref)
    }
}

/// Every customer's (first purchase day, summary) up to `as_of`; `None` without purchases.
pub(crate) fn repeat_summaries(
    idx: &CustomerIndex,
    as_of: Day,
) -> Vec<Option<(Day, RepeatSummary)>> {
    (0..idx.len())
        .map(|c| {
            let mut first: Option<i32> = None;
            let (mut last, mut days, mut cur_day) = (0i32, 0u32, i32::MIN);
            let (mut day_sum, mut repeat_sum) = (0i64, 0i64);
            for r in idx.rows_of(c) {
                if r.day > as_of.0 {
                    break;
                }
                match r.kind() {
                    RowKind::Purchase => {
                        if r.day != cur_day {
                            if first.is_some() && days > 1 {
                                repeat_sum += day_sum;
                            }
                            cur_day = r.day;
                            day_sum = 0;
                            days += 1;
                            first.get_or_insert(r.day);
                            last = r.day;
                        }
                        day_sum += r.amount;
                    }
                    RowKind::Return if r.day == cur_day => day_sum += r.amount,
                    _ => {}
                }
            }
            if days > 1 {
                repeat_sum += day_sum;
            }
            first.map(|f| {
                let x = f64::from(days - 1);
                (
                    Day(f),
                    RepeatSummary {
                        frequency: x,
                        recency: f64::from(last - f),
                        t: f64::from(as_of.0 - f),
                        monetary: if days > 1 { units(repeat_sum) / x } else { 0.0 },
                    },
                )
            })
        })
        .collect()
}

/// The BG/NBD fit's objective over distinct `(x, t_x, T)` rows with their weights, at
/// log-parameters `lp` = ln (r, α, a, b): its value and gradient (for the tests, which
/// compare the gradient with finite differences).
#[doc(hidden)]
pub fn bgnbd_objective(rows: &[([f64; 3], f64)], lp: &[f64]) -> (f64, Vec<f64>) {
    let mut grad = vec![0.0; 4];
    let value = BgNbdObjective::new(rows).value_grad(lp, &mut grad);
    (value, grad)
}

/// The Gamma-Gamma fit's objective over `(x, m, weight)` rows sorted by x, at log-parameters
/// `lp` = ln (p, q, v): its value and gradient (for the tests).
#[doc(hidden)]
pub fn gamma_gamma_objective(rows: &[[f64; 3]], lp: &[f64]) -> (f64, Vec<f64>) {
    let pre: Vec<[f64; 5]> = (rows.iter())
        .map(|[x, m, w]| [*x, x.ln(), *m, m.ln(), *w])
        .collect();
    let mut grad = vec![0.0; 3];
    let value = GammaGammaObjective::new(&pre).value_grad(lp, &mut grad);
    (value, grad)
}
