//! Pure number, money, percent and date formatting for the UI (tested natively).

/// Groups thousands: `1234567.891` with 2 decimals → `1,234,567.89`.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".into();
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
pub fn count(value: f64) -> String {
    number(value, 0)
}

/// Money in currency units, compact above a million: `1234.5` → `1,234.50`,
/// `2_500_000` → `2.50M`.
pub fn money(value: f64) -> String {
    if value.abs() >= 1e6 {
        format!("{}M", number(value / 1e6, 2))
    } else {
        number(value, 2)
    }
}

/// A ratio as a percentage: `0.1234` → `12.3%`.
pub fn percent(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "–".into();
    }
    format!("{}%", number(ratio * 100.0, 1))
}

/// A relative change with its sign: `0.052` → `+5.2%`, `-0.1` → `−10.0%`.
pub fn change(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "–".into();
    }
    let p = number(ratio.abs() * 100.0, 1);
    if ratio > 0.0 {
        format!("+{p}%")
    } else if ratio < 0.0 {
        format!("−{p}%")
    } else {
        format!("{p}%")
    }
}

/// A number of days: `12.5` → `12.5 days`, `1` → `1 day`.
pub fn days(value: f64) -> String {
    if (value - 1.0).abs() < f64::EPSILON {
        "1 day".into()
    } else {
        format!(
            "{} days",
            number(value, if value.fract() == 0.0 { 0 } else { 1 })
        )
    }
}

/// An hour count as hours or days: `5.25` → `5.3 h`, `50` → `2.1 d`.
pub fn hours(value: f64) -> String {
    if value >= 48.0 {
        format!("{} d", number(value / 24.0, 1))
    } else {
        format!("{} h", number(value, 1))
    }
}
