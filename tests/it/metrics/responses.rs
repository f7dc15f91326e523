//! Campaign contacts: rates overall and per arm, the control arm, uplifts with their 95 %
//! intervals (hand-computed from `tests/fixtures/import/email_test.csv`), breakdowns.

use super::builder::{day, import_csv, near};
use rapport::core::import::{analyze, parse, NoProgress, ParseOptions};
use rapport::core::metrics::{
    is_control_name, rate_lift, response_dimensions, responses, responses_by, Filter, Responses,
};
use rapport::core::metrics::{AsOf, CustomerIndex};
use rapport::core::model::{Campaign, Dataset, Kind, Money};

const TEST: &[u8] = include_bytes!("../../fixtures/import/email_test.csv");

/// A contacts file imported: read as contacts, without an issue.
fn import(name: &str, bytes: &[u8]) -> Dataset {
    let (ds, kind, issues) = import_csv(name, bytes);
    assert_eq!(kind, Kind::Responses);
    assert!(issues.is_empty(), "{issues:?}");
    ds
}

/// The contacts' figures of `ds` under `filter` at `as_of`, compared with `control` (else
/// the arm recognised by its name).
fn contacts(ds: &Dataset, filter: &Filter, as_of: &str, control: Option<&str>) -> Responses {
    responses(ds, &CustomerIndex::build(ds), filter, day(as_of), control).unwrap()
}

fn test() -> (Dataset, Responses) {
    let ds = import("email_test.csv", TEST);
    let r = contacts(&ds, &Filter::all(), "2024-12-31", None);
    (ds, r)
}

#[test]
fn rates_overall_and_per_arm() {
    let (_, r) = test();
    let o = &r.overall;
    assert_eq!((o.contacts, o.responded, o.converted), (10, 5, 3));
    assert_eq!((o.response_rate, o.conversion_rate), (Some(0.5), Some(0.3)));
    assert_eq!(
        (o.revenue, o.revenue_per_contact),
        (Some(100.0), Some(10.0))
    );
    // The control, recognised by its name, comes first; then by contacts.
    assert_eq!(
        (r.control.as_deref(), r.control_from),
        (Some("No E-Mail"), "name")
    );
    let arms: Vec<_> = r
        .arms
        .iter()
        .map(|a| (a.name.as_str(), a.control, a.rates.contacts))
        .collect();
    assert_eq!(
        arms,
        [
            ("No E-Mail", true, 4),
            ("Mens E-Mail", false, 4),
            ("Womens E-Mail", false, 2)
        ]
    );
    let mens = &r.arms[1].rates;
    assert_eq!(
        (mens.response_rate, mens.conversion_rate),
        (Some(0.75), Some(0.5))
    );
    assert_eq!(mens.revenue_per_contact, Some(20.0));
    assert!(
        r.arms[0].conversion_uplift.is_none(),
        "no uplift of the control over itself"
    );
}

#[test]
fn uplift_over_control_with_95_percent_intervals() {
    let (_, r) = test();
    // Mens: 2 of 4 converted, control 1 of 4. Wald: 0.25 ± 1.96 × √(0.5·0.5/4 + 0.25·0.75/4).
    let c = r.arms[1].conversion_uplift.unwrap();
    assert!(near(c.absolute, 0.25));
    assert!(near(c.absolute_low, -0.398_197_160_217_028_45));
    assert!(near(c.absolute_high, 0.898_197_160_217_028_4));
    // E = (0.5 − 0.25) / 0.25; log-ratio interval with se = √(0.5/2 + 0.75/1) = 1.
    assert_eq!(c.relative, Some(1.0));
    assert!(near(c.relative_low.unwrap(), -0.718_273_011_813_565));
    assert!(near(c.relative_high.unwrap(), 13.198_142_768_462_672));
    // Visits: 3 of 4 against 1 of 4.
    let v = r.arms[1].response_uplift.unwrap();
    assert!(near(v.absolute_low, -0.100_113_959_544_413_71));
    assert!(near(v.relative_high.unwrap(), 16.953_883_318_244_685));
    // Revenue per contact: 20 against 5, Welch (variances 600 and 100 over 4 each).
    let m = r.arms[1].revenue_uplift.unwrap();
    assert!(near(m.absolute, 15.0));
    assert!(near(m.absolute_low, -10.927_886_408_681_136));
    assert!(near(m.absolute_high, 40.927_886_408_681_13));
    assert_eq!(m.relative, Some(3.0));
    assert!(near(m.relative_low.unwrap(), -6.193_045_961_772_995));
    // Womens: none of 2 converted: a relative uplift of −100 %, no log interval.
    let w = r.arms[2].conversion_uplift.unwrap();
    assert_eq!((w.relative, w.relative_low), (Some(-1.0), None));
    assert!(near(w.absolute_low, -0.674_344_650_278_564_4));
}

#[test]
fn a_user_chosen_control_and_no_control_at_all() {
    let (ds, _) = test();
    let r = contacts(&ds, &Filter::all(), "2024-12-31", Some("Womens E-Mail"));
    assert_eq!(
        (r.control.as_deref(), r.control_from),
        (Some("Womens E-Mail"), "user")
    );
    assert_eq!(r.arms[0].name, "Womens E-Mail");
    // Mens against Womens: 0.5 − 0.
    assert_eq!(r.arms[1].conversion_uplift.unwrap().relative, None);
    assert!(near(r.arms[1].conversion_uplift.unwrap().absolute, 0.5));
    assert!(
        is_control_name("Control group") && is_control_name("HOLDOUT") && is_control_name("对照组")
    );
    assert!(!is_control_name("Mens E-Mail") && !is_control_name("Spring sale"));
    assert!(
        rate_lift((1, 0), (1, 4)).is_none(),
        "an empty arm has no uplift"
    );
}

#[test]
fn campaign_costs_give_cost_per_conversion_and_roi() {
    let (mut ds, _) = test();
    let name = ds.strings.intern("Mens E-Mail");
    ds.campaigns.rows.push(Campaign {
        name,
        cost: Money::from_units(40),
        ..Campaign::default()
    });
    let r = contacts(&ds, &Filter::all(), "2024-12-31", None);
    let mens = &r.arms[1];
    assert_eq!(mens.cost, Some(40.0));
    assert_eq!(mens.cost_per_conversion, Some(20.0));
    // (80 revenue − 40) / 40.
    assert_eq!(mens.roi, Some(1.0));
    assert_eq!(r.arms[0].cost, None);
}

#[test]
fn breakdown_by_any_column_of_the_contacts() {
    let (ds, _) = test();
    assert_eq!(
        response_dimensions(&ds),
        ["campaign", "channel", "revenue", "history_segment"]
    );
    let by = responses_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(day("2024-12-31")),
        "history_segment",
    )
    .unwrap();
    let rows: Vec<_> = by
        .iter()
        .map(|g| {
            (
                g.value.as_str(),
                g.rates.contacts,
                g.rates.converted,
                g.rates.revenue,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("1) $0 - $100", 6, 1, Some(50.0)),
            ("2) $100 - $200", 4, 2, Some(50.0))
        ]
    );
    assert!(responses_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(day("2024-12-31")),
        "nothing"
    )
    .is_none());
}

#[test]
fn a_single_arm_and_a_numeric_campaign_column_are_told_apart() {
    // A bank's call list: `campaign` counts the calls (numbers), `y` is the outcome.
    let csv = b"age;job;contact;campaign;y\n56;housemaid;telephone;1;no\n41;admin.;cellular;3;yes\n30;services;cellular;2;no\n";
    let ds = import("bank.csv", csv);
    let r = contacts(&ds, &Filter::all(), "2024-12-31", None);
    assert_eq!((r.overall.contacts, r.overall.converted), (3, 1));
    assert_eq!(r.arms.len(), 1, "one campaign: the file");
    assert_eq!(r.control, None);
    // The call counts stay a column of their own.
    assert!(response_dimensions(&ds).contains(&"campaign".to_string()));
    let calls = responses_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(day("2024-12-31")),
        "campaign",
    )
    .unwrap();
    assert_eq!(calls.len(), 3);
    // An arm column with one value is reported (file-level note, column named).
    let csv = b"email,campaign,converted\na@x.io,Spring,yes\nb@x.io,Spring,no\n";
    let a = analyze("one.csv", csv, None).unwrap();
    let p = parse(&a, csv, &ParseOptions::default(), &mut NoProgress);
    let note: Vec<_> = p
        .issues
        .iter()
        .map(|i| (i.line, i.column.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(note, [(None, "campaign", "Spring")]);
}

#[test]
fn dated_contacts_follow_the_period() {
    let csv = b"contact_id,campaign,sent_date,converted\n1,A,2024-01-10,yes\n2,A,2024-03-10,no\n3,control,2024-03-11,no\n4,control,,yes\n";
    let ds = import("dated.csv", csv);
    let march = Filter {
        from: Some(day("2024-03-01")),
        ..Filter::all()
    };
    let r = contacts(&ds, &march, "2024-12-31", None);
    // Contact 1 is before March; the undated one cannot be placed in a period with a start.
    assert_eq!((r.overall.contacts, r.outside_period), (2, 2));
    let whole = contacts(&ds, &Filter::all(), "2024-12-31", None);
    // Over the whole history every contact counts, dated or not.
    assert_eq!((whole.overall.contacts, whole.outside_period), (4, 0));
    let all = contacts(&ds, &Filter::all(), "2024-02-01", None);
    // After as_of: contacts 2 and 3 do not count yet.
    assert_eq!(all.overall.contacts, 2);
}
