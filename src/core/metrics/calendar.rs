//! Fast calendar arithmetic on [`Day`] numbers (no allocation, no chrono in hot loops).

use crate::model::Day;

/// (year, month 1–12, day) of a day number (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil(day: Day) -> (i32, u32, u32) {
    let z = day.0 as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// Months since year 0: `year × 12 + month − 1`. Consecutive months differ by 1.
pub fn month_index(day: Day) -> i32 {
    let (y, m, _) = civil(day);
    y * 12 + m as i32 - 1
}

/// The first day of a month index.
pub(crate) fn month_start(month: i32) -> Day {
    let y = month.div_euclid(12);
    let m = month.rem_euclid(12) as u32 + 1;
    Day::from_ymd(y, m, 1).unwrap_or_default()
}

/// The last day of a month index.
pub(crate) fn month_end(month: i32) -> Day {
    Day(month_start(month + 1).0 - 1)
}

/// `YYYY-MM` of a month index.
pub fn month_label(month: i32) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

/// The Monday starting the week of `day` (weeks run Monday–Sunday; 1970-01-01 was a
/// Thursday).
pub fn week_start(day: Day) -> Day {
    Day(day.0 - (day.0 + 3).rem_euclid(7))
}
