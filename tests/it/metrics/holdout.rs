//! The BG/NBD calibration/holdout backtest: a hand-made fixture whose calibration summaries,
//! holdout counts and buckets are checked one by one, and CDNOW's 39-week calibration and
//! 39-week holdout against lifetimes 0.11.3's functions transcribed with pandas and scipy
//! (lifetimes itself was not at hand):
//!
//! ```python
//! # calibration_and_holdout_data(tx, "cust", "date", calibration_period_end="1997-09-30",
//! #                              observation_period_end="1998-06-30", freq="D"):
//! cal = tx[tx.date <= cal_end].groupby("cust").date.agg(["min", "max", "nunique"])
//! s = DataFrame({"frequency_cal": cal.nunique - 1, "recency_cal": (cal.max - cal.min).days,
//!                "T_cal": (cal_end - cal.min).days})
//! s = s.join(tx[tx.date > cal_end].groupby("cust").date.nunique(), how="left").fillna(0)
//! # BetaGeoFitter's negative log-likelihood (time scaled by 1 / max T), minimised by
//! # scipy's Nelder-Mead to 1e-14; then its
//! # conditional_expected_number_of_purchases_up_to_time(273, frequency_cal, recency_cal,
//! # T_cal) per customer, and the means grouped by frequency_cal clipped at 7.
//! ```

use super::builder::{close, day, B};
use super::clv::cdnow_transactions;
use rapport::core::metrics::{
    calibration_and_holdout, calibration_end, holdout, CustomerIndex, RepeatSummary,
};
use rapport::core::model::{Dataset, Day, OrderStatus};

/// Twelve customers with purchases up to 2024-06-30 (the calibration end six months
/// before 2024-12-31) and one whose first purchase is after it. Purchase days by customer:
///
/// | id | up to 2024-06-30 | x | t_x | T | after, up to 2024-12-31 |
/// | --- | --- | --- | --- | --- | --- |
/// | a | Jan 10 (two orders), Mar 5 | 1 | 55 | 172 | Aug 1 |
/// | b | Jun 30 | 0 | 0 | 0 | Jul 1 (two orders), Sep 15 |
/// | c | — | | | | Jul 5 (left out) |
/// | d | Feb 1, Feb 15, Apr 1, May 1 | 3 | 90 | 150 | (2025-01-02, after as-of) |
/// | e | May 20, Jun 10 | 1 | 21 | 41 | (a cancelled order and a return line) |
/// | f | 8 Mondays from Jan 1 | 7 | 49 | 181 | Jul 10, Jul 20, Aug 30 |
/// | g | 10 days a fortnight apart from Jan 2 | 9 | 126 | 180 | Jul 2, Dec 31 |
/// | h | Mar 1 | 0 | 0 | 121 | |
/// | i | Apr 15 | 0 | 0 | 76 | Nov 11 |
/// | j | Jan 20, Jun 20 | 1 | 152 | 162 | |
/// | k | Feb 10, 11, 12 | 2 | 2 | 141 | |
/// | l | May 5 | 0 | 0 | 56 | Dec 1 |
/// | m | Jun 1, Jun 29 | 1 | 28 | 29 | Jul 15 |
fn fixture() -> Dataset {
    let mut b = B::new();
    let mut n = 0;
    let mut buy = |b: &mut B, customer: &str, date: &str| {
        n += 1;
        b.order(&format!("O{n}"), customer, date, 20.0);
    };
    let days: [(&str, &[&str]); 12] = [
        (
            "a",
            &["2024-01-10", "2024-01-10", "2024-03-05", "2024-08-01"],
        ),
        (
            "b",
            &["2024-06-30", "2024-07-01", "2024-07-01", "2024-09-15"],
        ),
        ("c", &["2024-07-05"]),
        (
            "d",
            &[
                "2024-02-01",
                "2024-02-15",
                "2024-04-01",
                "2024-05-01",
                "2025-01-02",
            ],
        ),
        ("e", &["2024-05-20", "2024-06-10"]),
        ("h", &["2024-03-01"]),
        ("i", &["2024-04-15", "2024-11-11"]),
        ("j", &["2024-01-20", "2024-06-20"]),
        ("k", &["2024-02-10", "2024-02-11", "2024-02-12"]),
        ("l", &["2024-05-05", "2024-12-01"]),
        ("m", &["2024-06-01", "2024-06-29", "2024-07-15"]),
        ("f", &["2024-07-10", "2024-07-20", "2024-08-30"]),
    ];
    for (customer, dates) in days {
        for date in dates {
            buy(&mut b, customer, date);
        }
    }
    for week in 0..8 {
        let date = day("2024-01-01").0 + 7 * week;
        buy(&mut b, "f", &Day(date).iso());
    }
    for fortnight in 0..10 {
        let date = day("2024-01-02").0 + 14 * fortnight;
        buy(&mut b, "g", &Day(date).iso());
    }
    buy(&mut b, "g", "2024-07-02");
    buy(&mut b, "g", "2024-12-31");
    // Neither a cancelled order nor a return line is a purchase.
    b.order_full(
        "X1",
        "e",
        "2024-10-01",
        20.0,
        "",
        "",
        OrderStatus::Cancelled,
    )
    .order_full(
        "X2",
        "e",
        "2024-11-01",
        -5.0,
        "",
        "",
        OrderStatus::Completed,
    );
    b.build()
}

/// (id, first purchase, x, t_x, T, purchase days after the calibration end) of the
/// fixture's customers in the calibration, as in the table of [`fixture`].
const CALIBRATED: [(&str, &str, f64, f64, f64, u32); 12] = [
    ("a", "2024-01-10", 1.0, 55.0, 172.0, 1),
    ("b", "2024-06-30", 0.0, 0.0, 0.0, 2),
    ("d", "2024-02-01", 3.0, 90.0, 150.0, 0),
    ("e", "2024-05-20", 1.0, 21.0, 41.0, 0),
    ("f", "2024-01-01", 7.0, 49.0, 181.0, 3),
    ("g", "2024-01-02", 9.0, 126.0, 180.0, 2),
    ("h", "2024-03-01", 0.0, 0.0, 121.0, 0),
    ("i", "2024-04-15", 0.0, 0.0, 76.0, 1),
    ("j", "2024-01-20", 1.0, 152.0, 162.0, 0),
    ("k", "2024-02-10", 2.0, 2.0, 141.0, 0),
    ("l", "2024-05-05", 0.0, 0.0, 56.0, 1),
    ("m", "2024-06-01", 1.0, 28.0, 29.0, 1),
];

#[test]
fn the_calibration_end_is_whole_calendar_months_back() {
    // (as-of, months, calibration end): the same day of the earlier month; a month's last
    // day goes to the earlier month's last day, and a day the earlier month lacks to its
    // last day.
    for (as_of, months, end) in [
        ("2024-12-31", 6, "2024-06-30"),
        ("1998-06-30", 9, "1997-09-30"),
        ("2024-03-15", 1, "2024-02-15"),
        ("2025-01-15", 13, "2023-12-15"),
        ("2026-06-30", 6, "2025-12-31"),
        ("2024-02-29", 1, "2024-01-31"),
        ("2024-03-30", 1, "2024-02-29"),
        ("2024-03-31", 1, "2024-02-29"),
        ("2024-04-30", 2, "2024-02-29"),
    ] {
        let got = calibration_end(day(as_of), months);
        assert_eq!(got, Some(day(end)), "{as_of} − {months} months");
    }
    assert_eq!(calibration_end(day("2024-03-31"), 0), None);
    assert_eq!(calibration_end(day("0000-03-31"), 3), None);
}

#[test]
fn calibration_summaries_and_holdout_counts_read_each_side_of_the_end() {
    let ds = fixture();
    let idx = CustomerIndex::build(&ds);
    let rows = calibration_and_holdout(&idx, day("2024-06-30"), day("2024-12-31"));
    let row = |id: &str| rows[idx.dense(ds.strings.lookup(id).unwrap()).unwrap()];
    assert!(
        row("c").is_none(),
        "first purchase after the calibration end"
    );
    for (id, first, x, t_x, t, after) in CALIBRATED {
        let r = row(id).unwrap_or_else(|| panic!("{id} is in the calibration"));
        assert_eq!(r.first_purchase, day(first), "{id}");
        let RepeatSummary {
            frequency,
            recency,
            t: age,
            ..
        } = r.calibration;
        assert_eq!((frequency, recency, age), (x, t_x, t), "{id}");
        assert_eq!(r.holdout_purchases, after, "{id}");
    }
    assert_eq!(rows.iter().flatten().count(), 12);
}

#[test]
fn the_backtest_compares_predicted_and_actual_purchases_by_calibration_frequency() {
    let ds = fixture();
    let idx = CustomerIndex::build(&ds);
    let as_of = day("2024-12-31");
    let h = holdout(&idx, as_of, 6).expect("twelve customers, some repeating");
    assert_eq!(
        (h.calibration.from, h.calibration.to),
        (day("2024-01-01"), day("2024-06-30"))
    );
    assert_eq!((h.holdout.from, h.holdout.to), (day("2024-07-01"), as_of));
    assert_eq!((h.months, h.days, h.customers), (6, 184, 12));
    assert_eq!((h.fit.customers, h.actual), (12, 11));
    close(h.actual_mean, 11.0 / 12.0, 1e-12);
    let predict = |&(_, _, x, t_x, t, _): &(&str, &str, f64, f64, f64, u32)| {
        h.fit.params.expected_purchases(184.0, x, t_x, t)
    };
    let total: f64 = CALIBRATED.iter().map(predict).sum();
    close(h.predicted, total, 1e-12);
    close(h.predicted_mean, total / 12.0, 1e-12);
    let error: f64 = (CALIBRATED.iter())
        .map(|c| (predict(c) - f64::from(c.5)).abs())
        .sum();
    close(h.mean_absolute_error, error / 12.0, 1e-12);
    // Buckets x = 0 (b, h, i, l), 1 (a, e, j, m), 2 (k), 3 (d) and 7+ (f, g); none for 4–6.
    let buckets: Vec<_> = (h.buckets.iter())
        .map(|b| (b.frequency, b.or_more, b.customers, b.actual_mean))
        .collect();
    assert_eq!(
        buckets,
        [
            (0, false, 4, 1.0),
            (1, false, 4, 0.5),
            (2, false, 1, 0.0),
            (3, false, 1, 0.0),
            (7, true, 2, 2.5),
        ]
    );
    for b in &h.buckets {
        let members: Vec<_> = (CALIBRATED.iter())
            .filter(|c| (c.2 as u32).min(7) == b.frequency)
            .collect();
        let mean = members.iter().map(|c| predict(c)).sum::<f64>() / members.len() as f64;
        close(b.predicted_mean, mean, 1e-12);
    }
}

#[test]
fn no_backtest_without_enough_customers_before_the_calibration_end() {
    let ds = fixture();
    let idx = CustomerIndex::build(&ds);
    // A year back: nobody had bought yet.
    assert!(holdout(&idx, day("2024-12-31"), 12).is_none());
    // Three months back (2024-03-31): seven customers (a, d, f, g, h, j, k) are too few.
    assert!(holdout(&idx, day("2024-06-30"), 3).is_none());
    assert!(holdout(&idx, day("2024-12-31"), 0).is_none());
    assert!(holdout(&CustomerIndex::default(), day("2024-12-31"), 6).is_none());
}

#[test]
fn the_backtest_serialises_with_its_periods_as_dates() {
    let ds = fixture();
    let idx = CustomerIndex::build(&ds);
    let h = holdout(&idx, day("2024-12-31"), 6).unwrap();
    let json = serde_json::to_value(&h).unwrap();
    assert_eq!(json["calibration"]["to"], "2024-06-30");
    assert_eq!(json["holdout"]["from"], "2024-07-01");
    assert_eq!(
        (json["days"].as_i64(), json["actual"].as_u64()),
        (Some(184), Some(11))
    );
    assert_eq!(json["fit"]["params"]["r"], h.fit.params.r);
    let last = &json["buckets"][4];
    assert_eq!(
        (&last["frequency"], &last["or_more"]),
        (&7.into(), &true.into())
    );
}

#[test]
fn cdnow_39_weeks_held_out_after_39_weeks_of_calibration() {
    // lifetimes' calibration_and_holdout_data(tx, calibration_period_end="1997-09-30",
    // observation_period_end="1998-06-30", freq="D"), BetaGeoFitter on the calibration and
    // conditional_expected_number_of_purchases_up_to_time(273, ...), transcribed with
    // pandas and scipy (lifetimes 0.11.3's formulas; see the module comment).
    let ds = cdnow_transactions();
    let idx = CustomerIndex::build(&ds);
    let h = holdout(&idx, day("1998-06-30"), 9).expect("fits");
    assert_eq!(
        (h.calibration.from, h.calibration.to),
        (day("1997-01-01"), day("1997-09-30"))
    );
    assert_eq!((h.days, h.customers, h.actual), (273, 2357, 1882));
    // The calibration is the period of Hardie's weekly CDNOW summary: the published
    // parameters, α in days (4.413532 weeks × 7).
    let p = h.fit.params;
    close(p.r, 0.242_594_5, 1e-4);
    close(p.alpha, 30.895_215, 1e-4);
    close(p.a, 0.792_922_1, 1e-4);
    close(p.b, 2.425_907_1, 1e-4);
    close(h.predicted, 1_653.408_68, 1e-4);
    close(h.mean_absolute_error, 0.785_454_24, 1e-4);
    // (customers, mean predicted, mean actual) for x = 0 … 6 and 7+.
    let expected = [
        (1411, 0.225_087_33, 0.236_711_55),
        (439, 0.523_131_18, 0.697_038_72),
        (214, 1.044_134_12, 1.392_523_36),
        (100, 1.520_279_49, 1.56),
        (62, 2.163_865_75, 2.532_258_06),
        (38, 2.653_845_82, 2.947_368_42),
        (29, 3.504_042_20, 3.862_068_97),
        (64, 6.157_190_32, 6.359_375),
    ];
    assert_eq!(h.buckets.len(), expected.len());
    for (b, (n, predicted, actual)) in h.buckets.iter().zip(expected) {
        assert_eq!(b.customers, n, "x = {}", b.frequency);
        close(b.predicted_mean, predicted, 1e-4);
        close(b.actual_mean, actual, 1e-8);
    }
    // The model under-predicts the holdout by 12 %: within a quarter of the actual.
    assert!((h.predicted / h.actual as f64 - 1.0).abs() < 0.25);
}
