//! Parameters the user sets (Settings, `--param name=value`): accepted values change the
//! figures that use them; nonsense is refused and changes nothing.

use super::builder::{day, setup, B};
use rapport::core::metrics::{customer_metrics, Param, ParamError, Params, Shown, Term};

#[test]
fn a_parameter_is_set_by_name_and_nonsense_changes_nothing() {
    let mut p = Params::default();
    p.set_pair("churn_window_days=30").unwrap();
    p.set_pair("monthly_discount_rate = 0.02").unwrap();
    p.set(Param::ClvMonths, "24").unwrap();
    assert_eq!((p.churn_window_days, p.clv_months), (30, 24));
    assert_eq!(p.get(Param::MonthlyDiscountRate), 0.02);
    p.set(Param::AtRiskPAlive, "0.3").unwrap();
    assert_eq!(p.at_risk_p_alive, 0.3);
    let before = p.clone();
    for (pair, error) in [
        (
            "churn_window_days=-5",
            ParamError::OutOfRange(Param::ChurnWindowDays, -5.0),
        ),
        (
            "churn_window_days=7.5",
            ParamError::NotANumber(Param::ChurnWindowDays, "7.5".into()),
        ),
        (
            "monthly_discount_rate=1",
            ParamError::OutOfRange(Param::MonthlyDiscountRate, 1.0),
        ),
        (
            "monthly_discount_rate=abc",
            ParamError::NotANumber(Param::MonthlyDiscountRate, "abc".into()),
        ),
        (
            "clv_months=0",
            ParamError::OutOfRange(Param::ClvMonths, 0.0),
        ),
        (
            "at_risk_p_alive=1.5",
            ParamError::OutOfRange(Param::AtRiskPAlive, 1.5),
        ),
        ("speed=3", ParamError::Unknown("speed".into())),
    ] {
        assert_eq!(p.set_pair(pair), Err(error), "{pair}");
    }
    assert_eq!(p, before, "a refused value changes nothing");
    // Every parameter round-trips through its name.
    for param in Param::ALL {
        assert_eq!(Param::parse(param.name()), Some(param));
    }
}

#[test]
fn the_churn_window_moves_the_churn_rate_and_says_so() {
    let mut b = B::new();
    // Bought in both halves of a 30-day window pair, or only in the earlier one.
    b.order("1", "a", "2024-02-10", 10.0)
        .order("2", "a", "2024-03-20", 10.0)
        .order("3", "b", "2024-02-12", 10.0)
        .order("4", "c", "2024-01-05", 10.0)
        .order("5", "c", "2024-03-25", 10.0);
    let ds = b.build();
    let (idx, _, filter) = setup(&ds);
    let as_of = day("2024-03-31");
    let default = customer_metrics(&ds, &idx, &filter, as_of, &Params::default());
    let mut p = Params::default();
    p.set_pair("churn_window_days=30").unwrap();
    let month = customer_metrics(&ds, &idx, &filter, as_of, &p);
    // 30 days: N0 = a, b (bought Feb 1 – Mar 1), N1 = a → 50 %. 90 days: nobody bought
    // between Oct 3 and Jan 1, so no rate.
    assert_eq!(month.churn.rate.value, Some(0.5));
    assert_eq!(default.churn.rate.value, None);
    assert!(month.churn.rate.explain.value(Term::ChurnWindowDays) == Some(&Shown::Count(30)));
}
