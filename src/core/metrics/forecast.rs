//! Monthly revenue forecast: Holt-Winters (additive trend and 12-month seasonality) with
//! two years of history or more, else Holt's damped trend, else the mean; smoothing
//! parameters fitted by least squares on one-step-ahead errors; backtest on the last months.

use super::calendar::month_label;
use super::explain::{Formula, Term};
use super::numeric::nelder_mead;
use super::Explanation;
use crate::series::Series;
use serde::Serialize;

/// Season length in months.
const SEASON: usize = 12;

/// The method used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastMethod {
    /// Additive Holt-Winters (level, trend, 12-month season); ≥ 24 months.
    HoltWinters,
    /// Holt's linear method with a damped trend; 3–23 months.
    DampedHolt,
    /// The mean of the history; 1–2 months.
    Mean,
    /// No history: no forecast.
    None,
}

impl ForecastMethod {
    /// The method for a history of `n` months.
    pub fn for_len(n: usize) -> ForecastMethod {
        match n {
            0 => ForecastMethod::None,
            1..=2 => ForecastMethod::Mean,
            3..=23 => ForecastMethod::DampedHolt,
            _ => ForecastMethod::HoltWinters,
        }
    }
}

/// Forecast accuracy on held-out months.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backtest {
    /// The method fitted on the shortened history.
    pub method: ForecastMethod,
    /// Months held out.
    pub months: usize,
    /// Mean absolute percentage error over held-out months with non-zero revenue.
    pub mape: Option<f64>,
    /// Mean absolute error (currency units).
    pub mae: Option<f64>,
    /// The held-out actual values.
    pub actual: Series,
    /// What the model fitted on the earlier months predicted for them.
    pub predicted: Series,
}

/// The forecast.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast {
    /// The method used.
    pub method: ForecastMethod,
    /// True when the model was fitted on log revenue (multiplicative trend and season),
    /// chosen because its backtest error was smaller than the additive model's.
    pub log_scale: bool,
    /// The complete months the model was fitted on.
    pub history: Series,
    /// Predicted net revenue for the following months (never below 0).
    pub forecast: Series,
    /// Fitted smoothing parameters (`alpha`, `beta`, `gamma`, `phi`), as applicable.
    pub smoothing: Vec<(String, f64)>,
    /// Backtest on the last months of the history, when it is long enough (≥ 2 months
    /// left for fitting).
    pub backtest: Option<Backtest>,
    /// How it was computed.
    pub explain: Explanation,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Fitted model state able to predict h steps ahead.
struct Fitted {
    method: ForecastMethod,
    smoothing: Vec<(String, f64)>,
    level: f64,
    trend: f64,
    phi: f64,
    season: Vec<f64>,
    /// Index in `season` of the month following the last observation.
    next: usize,
    /// Fitted on ln(revenue): predictions are exponentiated.
    log: bool,
}

impl Fitted {
    fn predict(&self, h: usize) -> f64 {
        let v = match self.method {
            ForecastMethod::HoltWinters => {
                self.level + h as f64 * self.trend + self.season[(self.next + h - 1) % SEASON]
            }
            ForecastMethod::DampedHolt => {
                let damp: f64 = (1..=h).map(|k| self.phi.powi(k as i32)).sum();
                self.level + damp * self.trend
            }
            ForecastMethod::Mean => self.level,
            ForecastMethod::None => 0.0,
        };
        if self.log {
            v.exp()
        } else {
            v.max(0.0)
        }
    }
}

/// Runs Holt-Winters over `y`; returns SSE of one-step errors and the final state.
fn holt_winters(y: &[f64], alpha: f64, beta: f64, gamma: f64) -> (f64, f64, f64, Vec<f64>) {
    let first: f64 = y[..SEASON].iter().sum::<f64>() / SEASON as f64;
    let second: f64 = y[SEASON..2 * SEASON].iter().sum::<f64>() / SEASON as f64;
    let mut level = first;
    let mut trend = (second - first) / SEASON as f64;
    let mut season: Vec<f64> = y[..SEASON].iter().map(|v| v - first).collect();
    // Start from the state "before" the first observation.
    level -= trend * (SEASON as f64 + 1.0) / 2.0;
    let mut sse = 0.0;
    for (t, &obs) in y.iter().enumerate() {
        let s = season[t % SEASON];
        let e = obs - (level + trend + s);
        sse += e * e;
        let new_level = alpha * (obs - s) + (1.0 - alpha) * (level + trend);
        trend = beta * (new_level - level) + (1.0 - beta) * trend;
        season[t % SEASON] = gamma * (obs - new_level) + (1.0 - gamma) * s;
        level = new_level;
    }
    (sse, level, trend, season)
}

/// Runs damped Holt over `y` (n ≥ 2); SSE of one-step errors from the second point.
fn damped_holt(y: &[f64], alpha: f64, beta: f64, phi: f64) -> (f64, f64, f64) {
    let mut level = y[0];
    let mut trend = y[1] - y[0];
    let mut sse = 0.0;
    for &obs in &y[1..] {
        let e = obs - (level + phi * trend);
        sse += e * e;
        let new_level = alpha * obs + (1.0 - alpha) * (level + phi * trend);
        trend = beta * (new_level - level) + (1.0 - beta) * phi * trend;
        level = new_level;
    }
    (sse, level, trend)
}

/// Fits the method for `y`'s length, on `y` or (when `log`) on ln `y` (every value > 0).
fn fit(y: &[f64], log: bool) -> Fitted {
    let logged: Vec<f64>;
    let y = if log {
        logged = y.iter().map(|v| v.ln()).collect();
        &logged[..]
    } else {
        y
    };
    let method = ForecastMethod::for_len(y.len());
    let mut fitted = Fitted {
        method,
        smoothing: Vec::new(),
        level: 0.0,
        trend: 0.0,
        phi: 1.0,
        season: Vec::new(),
        next: 0,
        log,
    };
    match method {
        ForecastMethod::None => {}
        ForecastMethod::Mean => fitted.level = y.iter().sum::<f64>() / y.len() as f64,
        ForecastMethod::DampedHolt => {
            let phi_of = |x: f64| 0.8 + 0.18 * sigmoid(x);
            let mut f = |p: &[f64]| damped_holt(y, sigmoid(p[0]), sigmoid(p[1]), phi_of(p[2])).0;
            let m = nelder_mead(&mut f, &[0.0, -2.0, 0.0], 1.0, 1e-10, 3_000);
            let (alpha, beta, phi) = (sigmoid(m.x[0]), sigmoid(m.x[1]), phi_of(m.x[2]));
            let (_, level, trend) = damped_holt(y, alpha, beta, phi);
            fitted.level = level;
            fitted.trend = trend;
            fitted.phi = phi;
            fitted.smoothing = vec![
                ("alpha".into(), alpha),
                ("beta".into(), beta),
                ("phi".into(), phi),
            ];
        }
        ForecastMethod::HoltWinters => {
            let mut f = |p: &[f64]| holt_winters(y, sigmoid(p[0]), sigmoid(p[1]), sigmoid(p[2])).0;
            let m = nelder_mead(&mut f, &[0.0, -2.0, -1.0], 1.0, 1e-10, 5_000);
            let (alpha, beta, gamma) = (sigmoid(m.x[0]), sigmoid(m.x[1]), sigmoid(m.x[2]));
            let (_, level, trend, season) = holt_winters(y, alpha, beta, gamma);
            fitted.level = level;
            fitted.trend = trend;
            fitted.season = season;
            fitted.next = y.len() % SEASON;
            fitted.smoothing = vec![
                ("alpha".into(), alpha),
                ("beta".into(), beta),
                ("gamma".into(), gamma),
            ];
        }
    }
    fitted
}

/// Forecasts `horizon` months after a monthly history (`history[i]` is the revenue of
/// month index `first_month + i`, every month complete), with a backtest holding out the
/// last `backtest_months` (fewer when the history is short).
pub fn forecast(
    history: &[f64],
    first_month: i32,
    horizon: usize,
    backtest_months: usize,
) -> Forecast {
    let n = history.len();
    let hold = backtest_months.min(n.saturating_sub(2));
    // Held-out accuracy of a variant: (MAE, MAPE, actual, predicted, method).
    let evaluate = |log: bool| {
        let m = fit(&history[..n - hold], log);
        let mut actual = Series::new("Actual");
        let mut predicted = Series::new("Predicted");
        let (mut abs, mut pct, mut pct_n) = (0.0, 0.0, 0usize);
        for h in 1..=hold {
            let i = n - hold + h - 1;
            let label = month_label(first_month + i as i32);
            let (a, p) = (history[i], m.predict(h));
            actual.push(label.clone(), a);
            predicted.push(label, p);
            abs += (a - p).abs();
            if a != 0.0 {
                pct += ((a - p) / a).abs();
                pct_n += 1;
            }
        }
        Backtest {
            method: m.method,
            months: hold,
            mape: (pct_n > 0).then(|| pct / pct_n as f64),
            mae: Some(abs / hold as f64),
            actual,
            predicted,
        }
    };
    // Two variants: additive on revenue, and additive on log revenue (multiplicative trend
    // and season, for revenue that grows in proportion), the latter only when every month
    // is > 0. The one with the smaller backtest MAE is used.
    let log_ok = n >= 3 && history.iter().all(|&v| v > 0.0);
    let (log, backtest) = if hold == 0 {
        (false, None)
    } else {
        let additive = evaluate(false);
        if log_ok {
            let logged = evaluate(true);
            if logged.mae < additive.mae {
                (true, Some(logged))
            } else {
                (false, Some(additive))
            }
        } else {
            (false, Some(additive))
        }
    };
    let model = fit(history, log);
    let mut hist = Series::new("Revenue");
    for (i, v) in history.iter().enumerate() {
        hist.push(month_label(first_month + i as i32), *v);
    }
    let mut fc = Series::new("Forecast");
    if model.method != ForecastMethod::None {
        for h in 1..=horizon {
            fc.push(
                month_label(first_month + (n + h - 1) as i32),
                model.predict(h),
            );
        }
    }
    let formula = match model.method {
        ForecastMethod::HoltWinters => Formula::ForecastHoltWinters,
        ForecastMethod::DampedHolt => Formula::ForecastDampedHolt,
        ForecastMethod::Mean => Formula::ForecastMean,
        ForecastMethod::None => Formula::ForecastNone,
    };
    Forecast {
        method: model.method,
        log_scale: log,
        history: hist,
        forecast: fc,
        smoothing: model.smoothing,
        backtest,
        explain: Explanation::new(formula, n)
            .param(Term::HorizonMonths, horizon)
            .param(Term::BacktestMonths, hold)
            .param(
                Term::Scale,
                if log { Term::LogScale } else { Term::Additive },
            ),
    }
}
