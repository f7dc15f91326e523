//! Small numerical tools the metrics need: `ln Γ`, the Gauss hypergeometric series, a
//! Nelder–Mead minimiser, order statistics. Plain `f64` code, no allocation in hot loops.

use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, 9 terms; relative error ≈ 1e-15).
/// Returns `+∞` for `x ≤ 0`.
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return f64::INFINITY;
    }
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut acc = COEF[0];
    let t = x + G + 0.5;
    for (i, c) in COEF.iter().enumerate().skip(1) {
        acc += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + acc.ln()
}

/// The Gauss hypergeometric function `₂F₁(a, b; c; z)` by its power series, for
/// `0 ≤ z < 1` and `c > 0`. Sums until the terms no longer change the result, or fall
/// below the normal range of `f64` (a term that small is stuck there, rounding to itself
/// at every step), at most 200 000 terms. Callers keep the series well conditioned (see
/// `clv.rs`, which applies Euler's transformation first).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if z == 0.0 {
        return 1.0;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 0.0;
    for _ in 0..200_000 {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        n += 1.0;
        if term.abs() < f64::MIN_POSITIVE
            || (term.abs() <= 1e-17 * sum.abs() && n > (a.abs() + b.abs()).min(1e6))
        {
            break;
        }
    }
    sum
}

/// [`hyp2f1`]`(a, b, c, z)` for each `z` of `zs` into `out`, the same values: the series
/// are summed together, each term's coefficient computed once for all of them, and each
/// stops where it would alone.
pub fn hyp2f1_at(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [f64]) {
    let mut terms = vec![1.0; zs.len()];
    let mut done: Vec<bool> = zs.iter().map(|z| *z == 0.0).collect();
    out.iter_mut().for_each(|s| *s = 1.0);
    let mut n = 0.0;
    for _ in 0..200_000 {
        if done.iter().all(|d| *d) {
            break;
        }
        let ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0));
        let after = n + 1.0;
        for (((term, sum), z), done) in terms.iter_mut().zip(out.iter_mut()).zip(zs).zip(&mut done)
        {
            if *done {
                continue;
            }
            *term *= ratio * z;
            *sum += *term;
            *done = term.abs() < f64::MIN_POSITIVE
                || (term.abs() <= 1e-17 * sum.abs() && after > (a.abs() + b.abs()).min(1e6));
        }
        n = after;
    }
}

/// Result of [`nelder_mead`].
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    /// The best point found.
    pub x: Vec<f64>,
    /// The objective at `x`.
    pub value: f64,
    /// Objective evaluations used.
    pub evaluations: usize,
    /// True when the simplex shrank below the tolerances (not stopped by the budget).
    pub converged: bool,
}

/// Minimises `f` by the Nelder–Mead simplex method (standard coefficients 1, 2, ½, ½),
/// restarting from the best point until a restart no longer improves it. Non-finite
/// objective values are treated as `+∞`, so `f` may return NaN outside its domain.
pub fn nelder_mead(
    f: &mut dyn FnMut(&[f64]) -> f64,
    x0: &[f64],
    step: f64,
    tol: f64,
    max_evals: usize,
) -> Minimum {
    unpaced(nelder_mead_paced(f, x0, step, tol, max_evals, &mut NoPause))
        .expect("NoPause never cancels")
}

/// [`nelder_mead`], offering `pace` a pause before every iteration (the same steps and
/// result however it pauses).
pub async fn nelder_mead_paced(
    f: &mut dyn FnMut(&[f64]) -> f64,
    x0: &[f64],
    step: f64,
    tol: f64,
    max_evals: usize,
    pace: &mut dyn Pace,
) -> Result<Minimum, Cancelled> {
    let mut eval = |x: &[f64], count: &mut usize| {
        *count += 1;
        let v = f(x);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let n = x0.len();
    let mut evaluations = 0;
    let mut best = x0.to_vec();
    let mut best_value = eval(&best, &mut evaluations);
    let mut converged = false;
    for restart in 0..10 {
        let start_value = best_value;
        // Initial simplex around the current best point.
        let mut simplex: Vec<Vec<f64>> = vec![best.clone()];
        for i in 0..n {
            let mut p = best.clone();
            p[i] += if restart == 0 { step } else { step * 0.5 };
            simplex.push(p);
        }
        let mut values: Vec<f64> = simplex.iter().map(|p| eval(p, &mut evaluations)).collect();
        converged = false;
        let mut order: Vec<usize> = (0..=n).collect();
        let mut centroid = vec![0.0; n];
        let mut trial = vec![0.0; n];
        let mut trial2 = vec![0.0; n];
        while evaluations < max_evals {
            pause(pace).await?;
            order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
            let (lo, hi, second) = (order[0], order[n], order[n - 1]);
            let spread = (values[hi] - values[lo]).abs();
            let size = simplex
                .iter()
                .map(|p| {
                    p.iter()
                        .zip(&simplex[lo])
                        .map(|(a, b)| (a - b).abs())
                        .fold(0.0, f64::max)
                })
                .fold(0.0, f64::max);
            if spread <= tol * (1.0 + values[lo].abs()) && size <= tol.sqrt() {
                converged = true;
                break;
            }
            centroid.iter_mut().for_each(|c| *c = 0.0);
            for &i in &order[..n] {
                for (c, v) in centroid.iter_mut().zip(&simplex[i]) {
                    *c += v / n as f64;
                }
            }
            let towards = |coef: f64, out: &mut [f64]| {
                for ((o, c), h) in out.iter_mut().zip(&centroid).zip(&simplex[hi]) {
                    *o = c + coef * (c - h);
                }
            };
            towards(1.0, &mut trial);
            let fr = eval(&trial, &mut evaluations);
            if fr < values[lo] {
                towards(2.0, &mut trial2);
                let fe = eval(&trial2, &mut evaluations);
                if fe < fr {
                    simplex[hi].copy_from_slice(&trial2);
                    values[hi] = fe;
                } else {
                    simplex[hi].copy_from_slice(&trial);
                    values[hi] = fr;
                }
            } else if fr < values[second] {
                simplex[hi].copy_from_slice(&trial);
                values[hi] = fr;
            } else {
                let (coef, reference) = if fr < values[hi] {
                    (0.5, fr)
                } else {
                    (-0.5, values[hi])
                };
                towards(coef, &mut trial2);
                let fc = eval(&trial2, &mut evaluations);
                if fc < reference {
                    simplex[hi].copy_from_slice(&trial2);
                    values[hi] = fc;
                } else {
                    // Shrink towards the best vertex.
                    let best_vertex = simplex[lo].clone();
                    for i in 0..=n {
                        if i == lo {
                            continue;
                        }
                        for (p, b) in simplex[i].iter_mut().zip(&best_vertex) {
                            *p = b + 0.5 * (*p - b);
                        }
                        values[i] = eval(&simplex[i], &mut evaluations);
                    }
                }
            }
        }
        let lo = (0..=n)
            .min_by(|&i, &j| values[i].total_cmp(&values[j]))
            .unwrap_or(0);
        if values[lo] <= best_value {
            best.clone_from(&simplex[lo]);
            best_value = values[lo];
        }
        let improved = start_value - best_value > tol * (1.0 + best_value.abs());
        if (restart > 0 && !improved) || evaluations >= max_evals {
            break;
        }
    }
    Ok(Minimum {
        x: best,
        value: best_value,
        evaluations,
        converged,
    })
}

/// ψ(x), the derivative of ln Γ, for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to
/// x ≥ 10, then the asymptotic series (terms to x⁻¹⁰: the next is below 3e-14 there). NaN
/// for x ≤ 0.
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let (mut x, mut shift) = (x, 0.0);
    while x < 10.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let inv2 = 1.0 / (x * x);
    let series = inv2
        * (1.0 / 12.0
            - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))));
    shift + x.ln() - 0.5 / x - series
}

/// A smooth function to minimise, with its gradient.
pub trait Smooth {
    /// The value at `x`, and with `grad` its gradient written there (the value is the same
    /// with or without).
    fn evaluate(&self, x: &[f64], grad: Option<&mut [f64]>) -> f64;

    /// The value at `x`.
    fn value(&self, x: &[f64]) -> f64 {
        self.evaluate(x, None)
    }

    /// The value at `x`, and its gradient written into `grad`.
    fn value_grad(&self, x: &[f64], grad: &mut [f64]) -> f64 {
        self.evaluate(x, Some(grad))
    }
}

/// Minimises `f` by BFGS from `x0`, with a backtracking line search (Armijo's condition),
/// offering `pace` a pause before each iteration. Converged when the gradient's largest
/// component is at most `gtol`, or when no step along the search direction lowers the
/// value any more while the gradient is within what rounding leaves of it; else it stops
/// unconverged after `max_iter` iterations. A non-finite value counts as infinitely high.
pub async fn bfgs_paced(
    f: &dyn Smooth,
    x0: &[f64],
    gtol: f64,
    max_iter: usize,
    pace: &mut dyn Pace,
) -> Result<Minimum, Cancelled> {
    let n = x0.len();
    let (mut x, mut g) = (x0.to_vec(), vec![0.0; n]);
    let mut value = finite(f.value_grad(&x, &mut g));
    let mut evaluations = 1;
    // The inverse Hessian's estimate, row by row.
    let mut h = identity(n);
    let (mut x_new, mut g_new) = (vec![0.0; n], vec![0.0; n]);
    let mut converged = false;
    for iteration in 0..max_iter {
        if !value.is_finite() || max_abs(&g) <= gtol {
            converged = value.is_finite();
            break;
        }
        pause(pace).await?;
        let mut d: Vec<f64> = h.iter().map(|row| -dot(row, &g)).collect();
        if dot(&d, &g) >= 0.0 {
            h = identity(n);
            d = g.iter().map(|v| -v).collect();
        }
        let (accepted, tried) = line_search(f, (&x, value, &g), &d, (&mut x_new, &mut g_new));
        evaluations += tried;
        let Some(v) = accepted else {
            // Nothing lower along the direction: the optimum, to rounding, once the gradient
            // is down to what rounding leaves of it.
            converged = max_abs(&g) <= ROUNDED_GRADIENT;
            break;
        };
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-300 {
            if iteration == 0 {
                // The first step's curvature scales the starting estimate.
                let scale = sy / dot(&y, &y);
                h.iter_mut().flatten().for_each(|v| *v *= scale);
            }
            bfgs_update(&mut h, &s, &y, sy);
        }
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        value = v;
    }
    converged |= value.is_finite() && max_abs(&g) <= gtol;
    Ok(Minimum {
        x,
        value,
        evaluations,
        converged,
    })
}

/// Halves the step along `d` from `x` (where `f` is `value` with gradient `g`) until the
/// value is lower by Armijo's condition: that value (its point and gradient in `x_new`,
/// `g_new`), or `None` after 50 halvings; and how many evaluations it took.
fn line_search(
    f: &dyn Smooth,
    (x, value, g): (&[f64], f64, &[f64]),
    d: &[f64],
    (x_new, g_new): (&mut [f64], &mut [f64]),
) -> (Option<f64>, usize) {
    let slope = dot(d, g);
    let mut step = 1.0;
    for tried in 1..=50 {
        for ((xn, xi), di) in x_new.iter_mut().zip(x).zip(d) {
            *xn = xi + step * di;
        }
        let v = finite(f.value_grad(x_new, g_new));
        if v < value && v <= value + 1e-4 * step * slope {
            return (Some(v), tried);
        }
        step *= 0.5;
    }
    (None, 50)
}

/// `v`, or +∞ for NaN or −∞ (a value a minimiser must not accept).
fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        f64::INFINITY
    }
}

/// What rounding can leave of the gradient of a mean over tens of thousands of terms at
/// its minimum (measured: about 1e-8 at a million orders), where no step lowers the value.
const ROUNDED_GRADIENT: f64 = 1e-6;

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (s · y).
fn bfgs_update(h: &mut [Vec<f64>], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = h.iter().map(|row| dot(row, y)).collect();
    let yhy = dot(y, &hy);
    for i in 0..n {
        for j in 0..n {
            h[i][j] += rho * ((1.0 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
        }
    }
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// The `q`-quantile (0 ≤ q ≤ 1) of `sorted` (ascending) by linear interpolation between
/// order statistics (NumPy's default, "type 7"); `None` when empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let i = h.floor() as usize;
    let frac = h - i as f64;
    let lo = sorted[i];
    let hi = sorted[(i + 1).min(sorted.len() - 1)];
    Some(lo + (hi - lo) * frac)
}

/// The `q`-quantile of `values` like [`quantile_sorted`], without sorting them all
/// (reorders `values`; O(n)).
pub fn quantile_select(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let h = (values.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let i = h.floor() as usize;
    let frac = h - i as f64;
    let (_, &mut lo, upper) = values.select_nth_unstable_by(i, f64::total_cmp);
    let hi = upper.iter().copied().fold(f64::INFINITY, f64::min);
    Some(if frac > 0.0 && hi.is_finite() {
        lo + (hi - lo) * frac
    } else {
        lo
    })
}

/// Median, mean and 90th percentile of `values` (reordered); `None`s when empty.
pub fn summary(values: &mut [f64]) -> (Option<f64>, Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None, None);
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let median = quantile_select(values, 0.5);
    let p90 = quantile_select(values, 0.9);
    (median, Some(mean), p90)
}

/// `num / den`, or `None` when `den` is zero (or either is not finite).
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    let r = num / den;
    (den != 0.0 && r.is_finite()).then_some(r)
}
