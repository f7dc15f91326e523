use rapport::format::*;

#[test]
fn numbers_are_grouped_and_rounded() {
    for (value, decimals, expected) in [
        (0.0, 0, "0"),
        (999.0, 0, "999"),
        (1000.0, 0, "1,000"),
        (1234567.891, 2, "1,234,567.89"),
        (-1234.5, 2, "-1,234.50"),
        (-0.001, 2, "0.00"),
        (f64::NAN, 2, "–"),
    ] {
        assert_eq!(number(value, decimals), expected, "{value}");
    }
    assert_eq!(money(2_500_000.0), "2.50M");
    assert_eq!(money(1234.5), "1,234.50");
    assert_eq!(count(12345.0), "12,345");
}

#[test]
fn percents_and_changes_carry_their_sign() {
    assert_eq!(percent(0.1234), "12.3%");
    assert_eq!(percent(f64::INFINITY), "–");
    assert_eq!(change(0.052), "+5.2%");
    assert_eq!(change(-0.1), "−10.0%");
    assert_eq!(change(0.0), "0.0%");
    assert_eq!(days(1.0), "1 day");
    assert_eq!(days(12.5), "12.5 days");
    assert_eq!(hours(5.26), "5.3 h");
    assert_eq!(hours(50.0), "2.1 d");
}
