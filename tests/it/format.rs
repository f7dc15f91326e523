use rapport::core::model::Day;
use rapport::format::*;
use rapport::i18n::Locale::{self, En, Zh};

#[test]
fn numbers_are_grouped_and_rounded() {
    for locale in Locale::ALL {
        for (value, decimals, expected) in [
            (0.0, 0, "0"),
            (999.0, 0, "999"),
            (1000.0, 0, "1,000"),
            (1234567.891, 2, "1,234,567.89"),
            (-1234.5, 2, "-1,234.50"),
            (-0.001, 2, "0.00"),
            (f64::NAN, 2, "–"),
        ] {
            assert_eq!(number(locale, value, decimals), expected, "{value}");
        }
        assert_eq!(count(locale, 12345.0), "12,345");
        assert_eq!(money(locale, 1234.5), "1,234.50");
        assert_eq!(money(locale, 999_999.0), "999,999.00");
    }
}

#[test]
fn large_sums_shorten_per_locale() {
    for (locale, value, expected) in [
        (En, 2_500_000.0, "2.50M"),
        (En, -3_000_000.0, "-3.00M"),
        (En, 320_000_000.0, "320.00M"),
        (Zh, 2_500_000.0, "250.00万"),
        (Zh, -3_000_000.0, "-300.00万"),
        (Zh, 320_000_000.0, "3.20亿"),
    ] {
        assert_eq!(money(locale, value), expected, "{locale:?} {value}");
    }
}

#[test]
fn percents_and_changes_carry_their_sign() {
    for locale in Locale::ALL {
        assert_eq!(percent(locale, 0.1234), "12.3%");
        assert_eq!(percent(locale, f64::INFINITY), "–");
        assert_eq!(change(locale, 0.052), "+5.2%");
        assert_eq!(change(locale, -0.1), "−10.0%");
        assert_eq!(change(locale, 0.0), "0.0%");
    }
    // A rate's change is in percentage points: 77.0 % against 65.3 %.
    assert_eq!(points(En, 0.770 - 0.653), "+11.7 pts");
    assert_eq!(points(En, -0.032), "−3.2 pts");
    assert_eq!(points(Zh, 0.117), "+11.7 个百分点");
}

#[test]
fn durations_have_their_units() {
    for (locale, f, value, expected) in [
        (En, days as fn(Locale, f64) -> String, 1.0, "1 day"),
        (En, days, 12.5, "12.5 days"),
        (En, days, 30.0, "30 days"),
        (Zh, days, 1.0, "1 天"),
        (Zh, days, 12.5, "12.5 天"),
        (En, hours, 5.26, "5.3 h"),
        (En, hours, 50.0, "2.1 d"),
        (Zh, hours, 5.26, "5.3 小时"),
        (Zh, hours, 50.0, "2.1 天"),
    ] {
        assert_eq!(f(locale, value), expected, "{locale:?} {value}");
    }
}

#[test]
fn dates_are_written_the_local_way() {
    for (locale, (y, m, d), expected) in [
        (En, (2024, 3, 5), "Mar 5, 2024"),
        (En, (1999, 12, 31), "Dec 31, 1999"),
        (Zh, (2024, 3, 5), "2024年3月5日"),
        (Zh, (2024, 11, 25), "2024年11月25日"),
    ] {
        assert_eq!(date(locale, Day::from_ymd(y, m, d).unwrap()), expected);
    }
    assert_eq!(iso_date(Zh, "2024-03-05"), "2024年3月5日");
    assert_eq!(iso_date(En, "2024-03-05"), "Mar 5, 2024");
    assert_eq!(iso_date(En, ""), "");
    assert_eq!(iso_date(Zh, "not a date"), "not a date");
}
