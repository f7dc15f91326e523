//! BG/NBD and Gamma-Gamma against Python `lifetimes` 0.11.3 on the CDNOW data it ships
//! (fixtures and provenance: `tests/fixtures/cdnow/`). Expected numbers from:
//!
//! ```python
//! s = load_cdnow_summary_data_with_monetary_value()
//! bgf = BetaGeoFitter().fit(s.frequency, s.recency, s["T"])
//! ggf = GammaGammaFitter().fit(s[s.frequency > 0].frequency, s[s.frequency > 0].monetary_value)
//! ggf.customer_lifetime_value(bgf, s.frequency, s.recency, s["T"], s.monetary_value,
//!                             time=12, discount_rate=0.01, freq="W")
//! tx = read CDNOW_sample.txt; sd = summary_data_from_transaction_data(tx, "cust", "date",
//!      monetary_value_col="value", observation_period_end="1998-06-30", freq="D")
//! (then the same fits and predictions on sd, with t = 90 days and freq="D")
//! ```

use super::builder::{close, day, EveryStep, B};
use rapport::core::metrics::{
    customer_table, BgNbd, CustomerIndex, CustomerModel, Filter, GammaGamma, Params, RepeatSummary,
};
use rapport::core::model::Dataset;
use rapport::core::pace::Cancelled;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow");

fn weekly_summary() -> Vec<(u32, RepeatSummary)> {
    let text = std::fs::read_to_string(format!(
        "{FIXTURES}/cdnow_customers_summary_with_transactions.csv"
    ))
    .unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|v| v.parse().unwrap()).collect();
            (
                f[0] as u32,
                RepeatSummary {
                    frequency: f[1],
                    recency: f[2],
                    t: f[3],
                    monetary: f[4],
                },
            )
        })
        .collect()
}

/// Three significant digits: relative difference below 5e-4.
const SIG3: f64 = 5e-4;

/// The fitted parameters against lifetimes': 1e-4 relative.
const PARAMS: f64 = 1e-4;

#[test]
fn bgnbd_reproduces_the_published_cdnow_parameters() {
    let data: Vec<RepeatSummary> = weekly_summary().into_iter().map(|r| r.1).collect();
    assert_eq!(data.len(), 2357);
    let fit = BgNbd::fit(&data).expect("fits");
    let p = fit.params;
    // lifetimes: r 0.242593, alpha 4.413532, a 0.792886, b 2.425752.
    close(p.r, 0.242_593, PARAMS);
    close(p.alpha, 4.413_532, PARAMS);
    close(p.a, 0.792_886, PARAMS);
    close(p.b, 2.425_752, PARAMS);
    assert!(fit.converged);
    // Hardie's reported log-likelihood for this fit: −9582.4 over 2357 customers.
    close(fit.mean_log_likelihood * 2357.0, -9582.43, 1e-4);
}

#[test]
fn gamma_gamma_reproduces_lifetimes_on_cdnow() {
    let data: Vec<RepeatSummary> = weekly_summary().into_iter().map(|r| r.1).collect();
    let fit = GammaGamma::fit(&data).expect("fits");
    assert_eq!(fit.customers, 946);
    // lifetimes: p 6.248802, q 3.744588, v 15.447748.
    close(fit.params.p, 6.248_802, PARAMS);
    close(fit.params.q, 3.744_588, PARAMS);
    close(fit.params.v, 15.447_748, PARAMS);
}

#[test]
fn cdnow_weekly_predictions_match_lifetimes() {
    let rows = weekly_summary();
    let data: Vec<RepeatSummary> = rows.iter().map(|r| r.1).collect();
    let bg = BgNbd::fit(&data).unwrap().params;
    let gg = GammaGamma::fit(&data).unwrap().params;
    // (id, P(alive), E[X(10 weeks)], E[M], CLV 12 months of 4.345 weeks at 1 %/month)
    let expected = [
        (
            1,
            0.726_609_136_8,
            0.356_931_008_6,
            Some(24.658_616_19),
            36.278_495_76,
        ),
        (
            2,
            0.212_227_388_1,
            0.058_202_681_2,
            Some(18.911_479_87),
            4.637_466_329,
        ),
        (3, 1.0, 0.054_210_097_3, None, 8.344_093_122),
        (
            18,
            0.310_915_281_0,
            0.085_267_519_6,
            Some(17.674_697_38),
            6.349_622_110,
        ),
        (
            1516,
            0.968_919_716_0,
            6.530_589_827,
            Some(39.890_277_23),
            972.125_563_4,
        ),
    ];
    for (id, p_alive, e10, em, clv) in expected {
        let d = rows.iter().find(|r| r.0 == id).unwrap().1;
        let (x, tx, t) = (d.frequency, d.recency, d.t);
        close(bg.p_alive(x, tx, t), p_alive, SIG3);
        close(bg.expected_purchases(10.0, x, tx, t), e10, SIG3);
        let value = gg.expected_value(x, d.monetary).unwrap();
        if let Some(em) = em {
            close(value, em, SIG3);
        }
        close(bg.clv(x, tx, t, value, 12, 0.01, 4.345), clv, SIG3);
    }
    let total: f64 = data
        .iter()
        .map(|d| {
            let v = gg.expected_value(d.frequency, d.monetary).unwrap();
            bg.clv(d.frequency, d.recency, d.t, v, 12, 0.01, 4.345)
        })
        .sum();
    close(total, 71_509.899_32, SIG3);
}

/// The CDNOW 1/10 sample's transactions as a dataset of orders.
pub(super) fn cdnow_transactions() -> Dataset {
    let text = std::fs::read_to_string(format!("{FIXTURES}/CDNOW_sample.txt")).unwrap();
    let mut b = B::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let date = format!("{}-{}-{}", &f[2][..4], &f[2][4..6], &f[2][6..]);
        b.order(&format!("T{i}"), f[0], &date, f[4].parse().unwrap());
    }
    b.build()
}

#[test]
fn daily_model_from_transactions_matches_lifetimes() {
    let ds = cdnow_transactions();
    assert_eq!(ds.orders.len(), 6919);
    let idx = CustomerIndex::build(&ds);
    let as_of = day("1998-06-30");
    let model = CustomerModel::fit(&idx, as_of, &Params::default());
    // lifetimes on summary_data_from_transaction_data(freq='D'):
    // r 0.253561, alpha 38.130763, a 0.607366, b 2.647235; GG p 4.683454, q 4.189783, v 24.390548.
    let bg = model.bgnbd.expect("BG/NBD fitted");
    assert_eq!(bg.customers, 2357);
    close(bg.params.r, 0.253_561, PARAMS);
    close(bg.params.alpha, 38.130_763, PARAMS);
    close(bg.params.a, 0.607_366, PARAMS);
    close(bg.params.b, 2.647_235, PARAMS);
    let gg = model.gamma_gamma.expect("Gamma-Gamma fitted");
    close(gg.params.p, 4.683_454, PARAMS);
    close(gg.params.q, 4.189_783, PARAMS);
    close(gg.params.v, 24.390_548, PARAMS);

    /// (id, x, t_x, T, m, P(alive), E[X(90 days)], CLV)
    type Row = (&'static str, f64, f64, f64, f64, f64, f64, f64);
    let expected: [Row; 4] = [
        (
            "00004",
            3.0,
            345.0,
            545.0,
            23.723_333,
            0.661_119_284_8,
            0.321_989_911_1,
            29.033_468_72,
        ),
        (
            "00018",
            0.0,
            0.0,
            542.0,
            0.0,
            1.0,
            0.038_652_595_5,
            4.962_006_880,
        ),
        (
            "00021",
            1.0,
            12.0,
            545.0,
            11.77,
            0.167_448_454_8,
            0.031_631_165_9,
            2.400_848_253,
        ),
        (
            "00060",
            0.0,
            0.0,
            514.0,
            0.0,
            1.0,
            0.040_577_869_4,
            5.198_820_067,
        ),
    ];
    for (id, x, tx, t, m, p_alive, e90, clv) in expected {
        let c = idx.dense(ds.strings.lookup(id).unwrap()).unwrap();
        let p = model.prediction(c).unwrap();
        assert_eq!(
            (p.summary.frequency, p.summary.recency, p.summary.t),
            (x, tx, t),
            "{id}"
        );
        close(p.summary.monetary.max(1e-12), m.max(1e-12), 1e-6);
        close(p.p_alive, p_alive, SIG3);
        close(p.expected_purchases, e90, SIG3);
        close(p.clv.unwrap(), clv, SIG3);
    }
    // The per-customer table (and so `rapport customers --csv` and the list's export)
    // carries the model's inputs under lifetimes' names, for an analyst to check.
    let params = Params::default();
    let table = customer_table(&ds, &idx, Some(&model), &Filter::all(), as_of, &params);
    let row = |id: &str| table.iter().find(|r| r.id == id).unwrap();
    let r = row("00004");
    assert_eq!((r.repeat_purchases, r.t_x, r.t), (Some(3), Some(345), 545));
    close(r.repeat_monetary.unwrap(), 23.723_333, 1e-6);
    let r = row("00021");
    assert_eq!((r.repeat_purchases, r.t_x, r.t), (Some(1), Some(12), 545));
    let preds: Vec<_> = (0..idx.len()).filter_map(|c| model.prediction(c)).collect();
    let sum_clv: f64 = preds.iter().map(|p| p.clv.unwrap()).sum();
    let mean_alive = preds.iter().map(|p| p.p_alive).sum::<f64>() / preds.len() as f64;
    let sum_e90: f64 = preds.iter().map(|p| p.expected_purchases).sum();
    close(sum_clv, 67_094.935_14, SIG3);
    close(mean_alive, 0.787_008_568_3, SIG3);
    close(sum_e90, 533.064_588_8, SIG3);
}

#[test]
fn models_refuse_to_fit_without_data() {
    assert!(BgNbd::fit(&[]).is_none());
    assert!(GammaGamma::fit(&[]).is_none());
    // Nobody repeated: the likelihood has no interior optimum.
    let one_timers = vec![
        RepeatSummary {
            frequency: 0.0,
            recency: 0.0,
            t: 30.0,
            monetary: 0.0,
        };
        20
    ];
    assert!(BgNbd::fit(&one_timers).is_none());
    assert!(GammaGamma::fit(&one_timers).is_none());
    // Too few customers for the dataset-level model: no fit, no predictions, no panic.
    let ds = B::new()
        .order("1", "a", "2024-01-01", 10.0)
        .order("2", "a", "2024-02-01", 10.0)
        .build();
    let idx = CustomerIndex::build(&ds);
    let m = CustomerModel::fit(&idx, day("2024-03-01"), &Params::default());
    assert!(m.bgnbd.is_none() && m.prediction(0).is_none());
}

#[test]
fn expected_purchases_grow_with_the_horizon_and_p_alive_falls_with_silence() {
    let bg = BgNbd {
        r: 0.25,
        alpha: 38.0,
        a: 0.6,
        b: 2.6,
    };
    let e = |h: f64| bg.expected_purchases(h, 3.0, 300.0, 500.0);
    assert_eq!(e(0.0), 0.0);
    assert!(e(30.0) < e(90.0) && e(90.0) < e(365.0));
    // Same history, longer silence since the last purchase: less likely alive.
    assert!(bg.p_alive(3.0, 400.0, 500.0) > bg.p_alive(3.0, 100.0, 500.0));
    // Heavy buyers: the series stays finite.
    let heavy = bg.expected_purchases(365.0, 300.0, 499.0, 500.0);
    assert!(heavy.is_finite() && heavy > 10.0, "{heavy}");
}

#[test]
fn expected_purchases_stay_finite_when_every_customer_drops_out_alike() {
    // A maximum-likelihood fit on a dozen customers: a and b run off towards infinity with
    // a / (a + b) ≈ 0.184 (one dropout probability for everyone).
    let bg = BgNbd {
        r: 0.512_248_512_536_036_5,
        alpha: 10.478_766_819_580_75,
        a: 20_769_290_200_454.4,
        b: 92_195_598_275_548.11,
    };
    // (x, t_x, T, E[X(184)]): the first from mpmath at 50 digits; the others from the limit
    // a, b → ∞, (1/p)(1 − ((1 − z)/(1 − (1 − p) z))^(r+x)) over the usual denominator,
    // p = a / (a + b), exact here to about 1e-14.
    for (x, t_x, t, want) in [
        (1.0, 55.0, 172.0, 0.598_391_841_633_820_9),
        (0.0, 0.0, 0.0, 2.840_283_687_812_083),
        (9.0, 126.0, 180.0, 0.673_625_171_532_199_8),
        (0.0, 0.0, 121.0, 0.601_942_876_874_753_1),
    ] {
        close(bg.expected_purchases(184.0, x, t_x, t), want, 1e-10);
    }
}

#[test]
fn every_customer_counts_in_the_fit_through_weighted_distinct_inputs() {
    let data: Vec<RepeatSummary> = weekly_summary().into_iter().map(|r| r.1).collect();
    let fit = BgNbd::fit(&data).unwrap();
    assert_eq!(fit.customers, 2357);
    assert!(
        fit.distinct < fit.customers,
        "{} distinct triples",
        fit.distinct
    );
    // 13 copies of CDNOW (30,641 customers), in another order: the same distinct inputs
    // with 13 times the weight, so the same parameters as the customers one by one.
    let mut big: Vec<RepeatSummary> = (0..13).flat_map(|_| data.iter().copied()).collect();
    big.reverse();
    let many = BgNbd::fit(&big).unwrap();
    assert_eq!((many.customers, many.distinct), (30_641, fit.distinct));
    for (got, want) in [
        (many.params.r, fit.params.r),
        (many.params.alpha, fit.params.alpha),
        (many.params.a, fit.params.a),
        (many.params.b, fit.params.b),
    ] {
        close(got, want, 1e-6);
    }
    close(many.mean_log_likelihood, fit.mean_log_likelihood, 1e-9);
    let gg = GammaGamma::fit(&data).unwrap();
    let gg_many = GammaGamma::fit(&big).unwrap();
    assert_eq!(gg_many.customers, 13 * gg.customers);
    close(gg_many.params.p, gg.params.p, 1e-6);
    close(gg_many.params.q, gg.params.q, 1e-6);
    close(gg_many.params.v, gg.params.v, 1e-6);
}

#[test]
fn a_paced_fit_is_the_fit_and_can_be_stopped() {
    let ds = cdnow_transactions();
    let idx = CustomerIndex::build(&ds);
    let as_of = day("1998-06-30");
    let params = Params::default();
    let whole = CustomerModel::fit(&idx, as_of, &params);
    let mut pace = EveryStep {
        pauses: 0,
        stop_after: None,
    };
    let paced = pollster::block_on(CustomerModel::fit_paced(&idx, as_of, &params, &mut pace))
        .expect("not stopped");
    assert_eq!(paced, whole, "pausing changes nothing");
    assert_eq!(paced.prediction(7), whole.prediction(7));
    assert!(whole.prediction(7).is_some());
    let evaluations = whole.bgnbd.unwrap().evaluations + whole.gamma_gamma.unwrap().evaluations;
    assert!(
        pace.pauses * 3 >= evaluations,
        "a pause at least every few evaluations: {} pauses, {evaluations} evaluations",
        pace.pauses
    );
    let mut stop = EveryStep {
        pauses: 0,
        stop_after: Some(pace.pauses / 2),
    };
    let stopped = pollster::block_on(CustomerModel::fit_paced(&idx, as_of, &params, &mut stop));
    assert_eq!(stopped, Err(Cancelled));
    assert_eq!(
        stop.pauses,
        pace.pauses / 2 + 1,
        "stops at the first refused pause"
    );
}

/// CDNOW 20 times over, each copy's times and amounts moved a little (47,140 customers,
/// nearly all with distinct (x, t_x, T) and (x, m)): past the size where the fit starts
/// from a fit of every k-th input.
fn many_distinct() -> Vec<RepeatSummary> {
    let data: Vec<RepeatSummary> = weekly_summary().into_iter().map(|r| r.1).collect();
    (0..20)
        .flat_map(|k| {
            let shift = f64::from(k) * 0.01;
            data.iter().map(move |d| RepeatSummary {
                frequency: d.frequency,
                recency: if d.frequency > 0.0 {
                    d.recency + shift
                } else {
                    0.0
                },
                t: d.t + shift,
                monetary: d.monetary * (1.0 + shift / 10.0),
            })
        })
        .collect()
}

#[test]
fn a_large_fit_reaches_the_maximum_of_the_likelihood_over_every_customer() {
    let data = many_distinct();
    let bg = BgNbd::fit(&data).unwrap();
    assert_eq!(bg.customers, 47_140);
    assert!(bg.distinct > 16_000, "{} distinct triples", bg.distinct);
    assert!(bg.converged);
    let ll = |p: &BgNbd| -> f64 {
        data.iter()
            .map(|d| p.log_likelihood(d.frequency, d.recency, d.t))
            .sum()
    };
    let best = ll(&bg.params);
    close(best / 47_140.0, bg.mean_log_likelihood, 1e-9);
    // No parameter moved by ±0.1 % does better: the optimum of the unweighted sum.
    for i in 0..4 {
        for f in [0.999, 1.001] {
            let mut p = bg.params;
            let v = [&mut p.r, &mut p.alpha, &mut p.a, &mut p.b];
            *v.into_iter().nth(i).unwrap() *= f;
            assert!(ll(&p) < best, "parameter {i} × {f} improves on the fit");
        }
    }
    let gg = GammaGamma::fit(&data).unwrap();
    let repeaters: Vec<_> = data.iter().filter(|d| d.frequency > 0.0).collect();
    assert_eq!(gg.customers, repeaters.len());
    let ll = |p: &GammaGamma| -> f64 {
        repeaters
            .iter()
            .map(|d| p.log_likelihood(d.frequency, d.monetary))
            .sum()
    };
    let best = ll(&gg.params);
    for i in 0..3 {
        for f in [0.999, 1.001] {
            let mut p = gg.params;
            let v = [&mut p.p, &mut p.q, &mut p.v];
            *v.into_iter().nth(i).unwrap() *= f;
            assert!(
                ll(&p) < best,
                "Gamma-Gamma parameter {i} × {f} improves on the fit"
            );
        }
    }
}

/// The analytic gradients the fits follow, against central differences of the objectives.
#[test]
fn the_fits_gradients_are_the_objectives_derivatives() {
    use rapport::core::metrics::{bgnbd_objective, gamma_gamma_objective};
    type Objective<'a> = &'a dyn Fn(&[f64]) -> (f64, Vec<f64>);
    let check = |f: Objective, at: &[f64]| {
        let (_, grad) = f(at);
        for i in 0..at.len() {
            let h = 1e-6;
            let (mut up, mut down) = (at.to_vec(), at.to_vec());
            up[i] += h;
            down[i] -= h;
            let numeric = (f(&up).0 - f(&down).0) / (2.0 * h);
            assert!(
                (grad[i] - numeric).abs() <= 1e-7 * (1.0 + numeric.abs()),
                "component {i} at {at:?}: {} analytic, {numeric} numeric",
                grad[i]
            );
        }
    };
    // Customers without repeats, with repeats, and one whose a3 and a4 are far apart.
    let bg_rows = [
        ([0.0, 0.0, 0.5], 3.0),
        ([0.0, 0.0, 1.0], 1.0),
        ([1.0, 0.2, 0.4], 2.0),
        ([2.0, 0.3, 0.9], 1.0),
        ([5.0, 0.7, 1.0], 1.0),
        ([40.0, 0.01, 1.0], 1.0),
    ];
    for at in [
        [0.3, -0.2, 0.1, 0.5],
        [-1.5, 2.0, -0.7, 1.6],
        [1.0, 0.0, 2.0, -1.0],
    ] {
        check(&|lp| bgnbd_objective(&bg_rows, lp), &at);
    }
    let gg_rows = [
        [1.0, 20.0, 1.0],
        [3.0, 35.0, 1.0],
        [3.0, 12.0, 2.0],
        [9.0, 140.0, 1.0],
    ];
    for at in [[0.3, 0.8, 1.2], [2.0, 1.5, 3.0], [-0.5, 0.2, 0.0]] {
        check(&|lp| gamma_gamma_objective(&gg_rows, lp), &at);
    }
}

#[test]
fn digamma_and_bfgs() {
    use rapport::core::metrics::numeric::{bfgs_paced, digamma, Smooth};
    use rapport::core::pace::{unpaced, NoPause};
    // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ; and ψ(x + 1) = ψ(x) + 1/x below 10.
    let gamma = 0.577_215_664_901_532_9;
    close(digamma(1.0), -gamma, 1e-13);
    close(digamma(0.5), -gamma - 2.0 * 2f64.ln(), 1e-13);
    let h9: f64 = (1..10).map(|k| 1.0 / f64::from(k)).sum();
    close(digamma(10.0), h9 - gamma, 1e-13);
    close(digamma(3.25) + 1.0 / 3.25, digamma(4.25), 1e-13);
    assert!(digamma(0.0).is_nan() && digamma(-1.0).is_nan());
    // Rosenbrock's valley, from the usual start: its minimum at (1, 1).
    struct Rosenbrock;
    impl Smooth for Rosenbrock {
        fn evaluate(&self, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
            if let Some(g) = grad {
                g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
                g[1] = 200.0 * (x[1] - x[0] * x[0]);
            }
            (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
        }
    }
    let m = unpaced(bfgs_paced(
        &Rosenbrock,
        &[-1.2, 1.0],
        1e-10,
        500,
        &mut NoPause,
    ))
    .unwrap();
    assert!(m.converged, "{m:?}");
    close(m.x[0], 1.0, 1e-8);
    close(m.x[1], 1.0, 1e-8);
    assert!(m.evaluations < 200, "{} evaluations", m.evaluations);
}

/// The gradient fit lands where the simplex on the same objective does: on CDNOW, no
/// Nelder–Mead from the optimum finds a lower value, and the parameters agree to 1e-6.
#[test]
fn the_gradient_fit_is_the_simplex_optimum() {
    use rapport::core::metrics::bgnbd_objective;
    use rapport::core::metrics::numeric::nelder_mead;
    let data: Vec<RepeatSummary> = weekly_summary().into_iter().map(|r| r.1).collect();
    let fit = BgNbd::fit(&data).unwrap();
    let max_t = data.iter().map(|d| d.t).fold(0.0, f64::max);
    let rows: Vec<([f64; 3], f64)> = data
        .iter()
        .map(|d| ([d.frequency, d.recency / max_t, d.t / max_t], 1.0))
        .collect();
    let p = fit.params;
    let lp = [p.r.ln(), (p.alpha / max_t).ln(), p.a.ln(), p.b.ln()];
    let at_fit = bgnbd_objective(&rows, &lp).0;
    let simplex = nelder_mead(
        &mut |x| bgnbd_objective(&rows, x).0,
        &lp,
        0.05,
        1e-14,
        20_000,
    );
    assert!(
        simplex.value >= at_fit - 1e-12 * at_fit.abs(),
        "{} < {at_fit}",
        simplex.value
    );
    for (a, b) in simplex.x.iter().zip(lp) {
        close(a.exp(), b.exp(), 1e-6);
    }
}

/// The series of several horizons summed together give each horizon's own series, bit for
/// bit, and the CLV's twelve expected counts are the one-by-one ones.
#[test]
fn series_summed_together_are_each_ones_own() {
    use rapport::core::metrics::numeric::{hyp2f1, hyp2f1_at};
    let zs = [0.0, 0.05, 0.26, 0.5, 0.77, 0.93, 0.999];
    for (a, b, c) in [
        (3.24, -0.76, 3.9),
        (0.5, 1.5, 2.5),
        (12.0, 7.0, 30.0),
        (-2.0, 1.0, 4.0),
    ] {
        let mut out = vec![0.0; zs.len()];
        hyp2f1_at(a, b, c, &zs, &mut out);
        for (z, got) in zs.iter().zip(&out) {
            assert_eq!(
                got.to_bits(),
                hyp2f1(a, b, c, *z).to_bits(),
                "{a} {b} {c} {z}"
            );
        }
    }
    let bg = BgNbd {
        r: 0.64,
        alpha: 27.3,
        a: 0.24,
        b: 4.6,
    };
    let horizons: Vec<f64> = (0..=12).map(|k| f64::from(k) * 30.0).collect();
    for (x, recency, t) in [(0.0, 0.0, 3.0), (2.0, 40.0, 200.0), (30.0, 900.0, 1000.0)] {
        let mut out = vec![0.0; horizons.len()];
        bg.expected_purchases_at(&horizons, (x, recency, t), &mut out);
        assert_eq!(out[0], 0.0);
        for (h, got) in horizons.iter().zip(&out).skip(1) {
            let alone = bg.expected_purchases(*h, x, recency, t);
            assert_eq!(got.to_bits(), alone.to_bits(), "{h} {x} {recency} {t}");
            assert!(*got > 0.0);
        }
    }
}
