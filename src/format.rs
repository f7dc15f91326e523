//! Pure number, money, percent and date formatting for the UI, per [`Locale`] (tested
//! natively). English groups thousands with commas and writes dates "Mar 5, 2024";
//! Simplified Chinese groups the same way, shortens large sums with 万 / 亿 and writes dates
//! "2024年3月5日".

use crate::core::model::Day;
use crate::i18n::Locale;

/// What is shown for a missing or meaningless value.
pub const NONE: &str = "–";

/// Groups thousands: `1234567.891` with 2 decimals → `1,234,567.89` (both locales).
pub fn number(_locale: Locale, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return NONE.into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A whole count: `12345` → `12,345`.
pub fn count(locale: Locale, value: f64) -> String {
    number(locale, value, 0)
}

/// Money in currency units, compact from a million: `1234.5` → `1,234.50`;
/// `2_500_000` → `2.50M` (en) or `250.00万` (zh; `亿` from 10⁸).
pub fn money(locale: Locale, value: f64) -> String {
    let a = value.abs();
    match locale {
        Locale::En if a >= 1e6 => format!("{}M", number(locale, value / 1e6, 2)),
        Locale::Zh if a >= 1e8 => format!("{}亿", number(locale, value / 1e8, 2)),
        Locale::Zh if a >= 1e6 => format!("{}万", number(locale, value / 1e4, 2)),
        _ => number(locale, value, 2),
    }
}

/// A ratio as a percentage: `0.1234` → `12.3%`.
pub fn percent(locale: Locale, ratio: f64) -> String {
    if !ratio.is_finite() {
        return NONE.into();
    }
    format!("{}%", number(locale, ratio * 100.0, 1))
}

/// A change between two rates in percentage points: `+11.7 pts`, `−3.2 pts` (Chinese:
/// `+11.7 个百分点`); `diff` is the difference of the two rates (0.117).
pub fn points(locale: Locale, diff: f64) -> String {
    if !diff.is_finite() {
        return NONE.into();
    }
    let p = number(locale, diff.abs() * 100.0, 1);
    let unit = match locale {
        Locale::En => "pts",
        Locale::Zh => "个百分点",
    };
    let sign = if diff > 0.0 {
        "+"
    } else if diff < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{p} {unit}")
}

/// A relative change with its sign: `0.052` → `+5.2%`, `-0.1` → `−10.0%`.
pub fn change(locale: Locale, ratio: f64) -> String {
    if !ratio.is_finite() {
        return NONE.into();
    }
    let p = number(locale, ratio.abs() * 100.0, 1);
    if ratio > 0.0 {
        format!("+{p}%")
    } else if ratio < 0.0 {
        format!("−{p}%")
    } else {
        format!("{p}%")
    }
}

/// A number of days: `12.5` → `12.5 days` / `12.5 天`, `1` → `1 day` / `1 天`.
pub fn days(locale: Locale, value: f64) -> String {
    let n = number(locale, value, if value.fract() == 0.0 { 0 } else { 1 });
    match locale {
        Locale::En if n == "1" => "1 day".into(),
        Locale::En => format!("{n} days"),
        Locale::Zh => format!("{n} 天"),
    }
}

/// An hour count as hours or days: `5.25` → `5.3 h` / `5.3 小时`, `50` → `2.1 d` / `2.1 天`.
pub fn hours(locale: Locale, value: f64) -> String {
    let (n, unit) = if value >= 48.0 {
        (number(locale, value / 24.0, 1), ["d", "天"])
    } else {
        (number(locale, value, 1), ["h", "小时"])
    };
    match locale {
        Locale::En => format!("{n} {}", unit[0]),
        Locale::Zh => format!("{n} {}", unit[1]),
    }
}

/// A calendar date (through chrono's formatting): `Mar 5, 2024` / `2024年3月5日`.
pub fn date(locale: Locale, day: Day) -> String {
    let pattern = match locale {
        Locale::En => "%b %-d, %Y",
        Locale::Zh => "%Y年%-m月%-d日",
    };
    day.to_naive().format(pattern).to_string()
}

/// An ISO date (`2024-03-05`, as the core keeps some) for the locale; other text unchanged.
pub fn iso_date(locale: Locale, iso: &str) -> String {
    crate::filters::parse_day(iso).map_or_else(|| iso.to_string(), |d| date(locale, d))
}
