//! Revenue forecast and its backtest.

use super::builder::close;
use rapport::core::metrics::{forecast, month_index, ForecastMethod};
use rapport::core::model::Day;

fn jan_2022() -> i32 {
    month_index(Day::from_ymd(2022, 1, 1).unwrap())
}

#[test]
fn no_or_little_history() {
    let f = forecast(&[], jan_2022(), 6, 6);
    assert_eq!(f.method, ForecastMethod::None);
    assert!(f.forecast.is_empty() && f.backtest.is_none());
    let f = forecast(&[10.0, 20.0], jan_2022(), 2, 6);
    assert_eq!(f.method, ForecastMethod::Mean);
    assert_eq!(f.forecast.values(), [15.0, 15.0]);
    assert_eq!(f.forecast.labels(), ["2022-03", "2022-04"]);
    assert!(f.backtest.is_none(), "too short to hold months out");
}

#[test]
fn damped_trend_follows_a_straight_line() {
    let y: Vec<f64> = (0..12).map(|t| 100.0 + 10.0 * t as f64).collect();
    let f = forecast(&y, jan_2022(), 3, 3);
    assert_eq!(f.method, ForecastMethod::DampedHolt);
    // Next value 220; damping (φ ≤ 0.98) bends it only slightly.
    close(f.forecast.values()[0], 220.0, 0.02);
    assert!(f.forecast.values()[2] > f.forecast.values()[0]);
    let b = f.backtest.unwrap();
    assert_eq!((b.months, b.method), (3, ForecastMethod::DampedHolt));
    assert!(b.mape.unwrap() < 0.03, "{:?}", b.mape);
    assert_eq!(b.actual.values(), [190.0, 200.0, 210.0]);
}

#[test]
fn holt_winters_keeps_the_season() {
    // Three years, flat 100 with a December peak of 200.
    let y: Vec<f64> = (0..36)
        .map(|t| if t % 12 == 11 { 200.0 } else { 100.0 })
        .collect();
    let f = forecast(&y, jan_2022(), 12, 6);
    assert_eq!(f.method, ForecastMethod::HoltWinters);
    let v = f.forecast.values();
    close(v[0], 100.0, 0.05);
    close(v[11], 200.0, 0.05);
    assert_eq!(f.forecast.labels()[11], "2025-12");
    let b = f.backtest.unwrap();
    assert_eq!(b.method, ForecastMethod::HoltWinters);
    assert!(b.mae.unwrap() < 5.0, "{:?}", b.mae);
    assert!(f.smoothing.iter().any(|(k, _)| k == "gamma"));
}

#[test]
fn zero_months_do_not_break_the_error_measures() {
    let y = [0.0, 0.0, 0.0, 0.0, 0.0];
    let f = forecast(&y, jan_2022(), 1, 2);
    let b = f.backtest.unwrap();
    assert_eq!(b.mape, None, "no non-zero month to divide by");
    assert_eq!(b.mae, Some(0.0));
    assert_eq!(f.forecast.values(), [0.0]);
}
