//! The calibration/holdout backtest of the BG/NBD model on the dataset's own purchases: fit
//! on every purchase up to a calibration end some months before `as_of`, predict each
//! customer's purchases in the months after it, and compare with the purchases made
//! there, overall and by calibration frequency (lifetimes' `calibration_and_holdout_data`
//! and `plot_calibration_purchases_vs_holdout_purchases`).

use super::calendar::{civil, month_end, month_index, month_start};
use super::clv::{repeat_summaries, BgNbd, ModelFit, RepeatSummary, MIN_CUSTOMERS};
use super::customer_index::{CustomerIndex, RowKind};
use super::explain::{Explanation, Formula, Shown, Term};
use super::Period;
use crate::model::Day;
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};
use serde::Serialize;

/// Calibration frequencies with a bucket of their own: x = 0 … `FREQUENCY_CAP − 1`; the
/// last bucket holds every x ≥ `FREQUENCY_CAP` ("7+").
pub const FREQUENCY_CAP: u32 = 7;

/// One customer on either side of the calibration end, as a row of lifetimes'
/// `calibration_and_holdout_data(..., freq='D')`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// First purchase day (on or before the calibration end).
    pub first_purchase: Day,
    /// x, t_x and T (to the calibration end) from the purchase days up to the calibration
    /// end: `frequency_cal`, `recency_cal`, `T_cal`.
    pub calibration: RepeatSummary,
    /// Distinct purchase days after the calibration end, up to `as_of`:
    /// `frequency_holdout`.
    pub holdout_purchases: u32,
}

/// The customers of one calibration frequency (or of every frequency from the cap up).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct HoldoutBucket {
    /// Repeat purchases in the calibration period (x); the last bucket holds x ≥ this.
    pub frequency: u32,
    /// True for the bucket of x ≥ [`FREQUENCY_CAP`].
    pub or_more: bool,
    /// Customers in the bucket.
    pub customers: usize,
    /// Mean predicted purchases in the holdout period.
    pub predicted_mean: f64,
    /// Mean actual purchase days in the holdout period.
    pub actual_mean: f64,
}

/// The backtest: predicted against actual purchases in the held-out months.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Holdout {
    /// Calendar months held out.
    pub months: u32,
    /// The first purchase day to the calibration end (`as_of` minus `months` months).
    pub calibration: Period,
    /// The day after the calibration end to `as_of`.
    pub holdout: Period,
    /// Length of the holdout period in days: the horizon of the predictions.
    pub days: i32,
    /// Customers with a first purchase on or before the calibration end.
    pub customers: usize,
    /// The BG/NBD fit on the calibration period (time unit days).
    pub fit: ModelFit<BgNbd>,
    /// Σ predicted purchases in the holdout period.
    pub predicted: f64,
    /// Σ purchase days in the holdout period.
    pub actual: u64,
    /// Mean predicted purchases per customer.
    pub predicted_mean: f64,
    /// Mean purchase days per customer.
    pub actual_mean: f64,
    /// Mean over customers of |predicted − actual|.
    pub mean_absolute_error: f64,
    /// By calibration frequency x = 0, 1, …, 6 and x ≥ 7; buckets without customers left
    /// out.
    pub buckets: Vec<HoldoutBucket>,
    /// How it was computed.
    pub explain: Explanation,
}

/// `as_of` minus `months` calendar months: the same day of the earlier month, or its last
/// day when `as_of` is the last day of its month or the earlier month is shorter (31 March
/// and 30 April minus one month are both 29 February in a leap year). `None` for 0 months
/// or before year 0.
pub fn calibration_end(as_of: Day, months: u32) -> Option<Day> {
    let month = month_index(as_of);
    let earlier = month.checked_sub(i32::try_from(months).ok()?)?;
    if months == 0 || earlier < 0 {
        return None;
    }
    let end = month_end(earlier);
    if as_of == month_end(month) {
        return Some(end);
    }
    let (_, _, day) = civil(as_of);
    Some(Day((month_start(earlier).0 + day as i32 - 1).min(end.0)))
}

/// Every customer's [`CalibrationRow`] for a calibration end `cal_end` and observation end
/// `as_of`; `None` for customers without a purchase up to `cal_end`.
pub fn calibration_and_holdout(
    idx: &CustomerIndex,
    cal_end: Day,
    as_of: Day,
) -> Vec<Option<CalibrationRow>> {
    repeat_summaries(idx, cal_end)
        .into_iter()
        .enumerate()
        .map(|(c, s)| {
            s.map(|(first_purchase, calibration)| CalibrationRow {
                first_purchase,
                calibration,
                holdout_purchases: purchase_days(idx, c, cal_end, as_of),
            })
        })
        .collect()
}

/// Distinct days in (`after`, `to`] on which customer `c` made a purchase.
fn purchase_days(idx: &CustomerIndex, c: usize, after: Day, to: Day) -> u32 {
    let mut last = None;
    (idx.rows_of(c).iter())
        .filter(|r| r.day > after.0 && r.day <= to.0 && r.kind() == RowKind::Purchase)
        .filter(|r| last.replace(r.day) != Some(r.day))
        .count() as u32
}

/// The backtest of the BG/NBD model holding out the last `months` calendar months before
/// `as_of`. `None` with fewer than [`MIN_CUSTOMERS`] customers whose first purchase is on or
/// before the calibration end, or when the calibration fit fails.
pub fn holdout(idx: &CustomerIndex, as_of: Day, months: u32) -> Option<Holdout> {
    unpaced(holdout_paced(idx, as_of, months, &mut NoPause)).expect("NoPause never cancels")
}

/// [`holdout`], offering `pace` a pause between steps (of the minimiser, and every few
/// thousand customers).
pub async fn holdout_paced(
    idx: &CustomerIndex,
    as_of: Day,
    months: u32,
    pace: &mut dyn Pace,
) -> Result<Option<Holdout>, Cancelled> {
    let Some(cal_end) = calibration_end(as_of, months) else {
        return Ok(None);
    };
    let rows: Vec<CalibrationRow> = calibration_and_holdout(idx, cal_end, as_of)
        .into_iter()
        .flatten()
        .collect();
    pause(pace).await?;
    if rows.len() < MIN_CUSTOMERS {
        return Ok(None);
    }
    let data: Vec<RepeatSummary> = rows.iter().map(|r| r.calibration).collect();
    let Some(fit) = BgNbd::fit_paced(&data, pace).await? else {
        return Ok(None);
    };
    let (bg, days) = (fit.params, f64::from(as_of.0 - cal_end.0));
    let mut predicted = Vec::with_capacity(rows.len());
    for chunk in data.chunks(4096) {
        pause(pace).await?;
        predicted.extend(
            (chunk.iter()).map(|d| bg.expected_purchases(days, d.frequency, d.recency, d.t)),
        );
    }
    let calibration = Period {
        from: rows
            .iter()
            .map(|r| r.first_purchase)
            .min()
            .unwrap_or(cal_end),
        to: cal_end,
    };
    Ok(Some(compare(
        &rows,
        &predicted,
        fit,
        months,
        calibration,
        as_of,
    )))
}

/// The comparison of `predicted[i]` with `rows[i]`'s purchases in the holdout period (from
/// the end of `calibration` to `as_of`), overall and by bucket.
fn compare(
    rows: &[CalibrationRow],
    predicted: &[f64],
    fit: ModelFit<BgNbd>,
    months: u32,
    calibration: Period,
    as_of: Day,
) -> Holdout {
    let cal_end = calibration.to;
    let n = rows.len() as f64;
    let log_likelihood = fit.mean_log_likelihood * fit.customers as f64;
    let actual: u64 = rows.iter().map(|r| u64::from(r.holdout_purchases)).sum();
    let total: f64 = predicted.iter().sum();
    let abs_error: f64 = (rows.iter().zip(predicted))
        .map(|(r, p)| (p - f64::from(r.holdout_purchases)).abs())
        .sum();
    Holdout {
        months,
        calibration,
        holdout: Period {
            from: Day(cal_end.0 + 1),
            to: as_of,
        },
        days: as_of.0 - cal_end.0,
        customers: rows.len(),
        predicted: total,
        actual,
        predicted_mean: total / n,
        actual_mean: actual as f64 / n,
        mean_absolute_error: abs_error / n,
        buckets: buckets(rows, predicted),
        explain: Explanation::new(Formula::Holdout, rows.len())
            .param(Term::BacktestMonths, u64::from(months))
            .param(Term::From, Day(cal_end.0 + 1))
            .param(Term::To, as_of)
            .param_of(Term::BgNbd, Term::Converged, fit.converged)
            .param_of(
                Term::BgNbd,
                Term::LogLikelihood,
                Shown::Number(log_likelihood),
            ),
        fit,
    }
}

/// The customers grouped by calibration frequency, capped at [`FREQUENCY_CAP`]; only
/// buckets with customers.
fn buckets(rows: &[CalibrationRow], predicted: &[f64]) -> Vec<HoldoutBucket> {
    // Per bucket: customers, Σ predicted, Σ actual.
    let mut sums = [(0usize, 0.0, 0.0); FREQUENCY_CAP as usize + 1];
    for (r, p) in rows.iter().zip(predicted) {
        let b = (r.calibration.frequency as u32).min(FREQUENCY_CAP) as usize;
        sums[b].0 += 1;
        sums[b].1 += p;
        sums[b].2 += f64::from(r.holdout_purchases);
    }
    (0..=FREQUENCY_CAP)
        .zip(sums)
        .filter(|(_, (n, _, _))| *n > 0)
        .map(|(frequency, (n, p, a))| HoldoutBucket {
            frequency,
            or_more: frequency == FREQUENCY_CAP,
            customers: n,
            predicted_mean: p / n as f64,
            actual_mean: a / n as f64,
        })
        .collect()
}
