//! "How is this computed?" everywhere: every number the dashboard produces sits under an
//! explanation, and every explanation reads in every language of the interface.

use super::i18n::{both, check, has_cjk};
use rapport::core::demo::{generate, DemoOptions};
use rapport::core::metrics::{
    breakdown_explanation, customer_dimensions, customer_explanations, customers_by, dashboard,
    deal_dimensions, deals_by, AsOf, CustomerIndex, CustomerModel, Explanation, Filter, Formula,
    Params, Shown, Term,
};
use rapport::core::model::{Dataset, Day};
use rapport::i18n::Locale::{En, Zh};
use serde_json::Value;
use std::sync::OnceLock;

fn demo() -> &'static Dataset {
    static DEMO: OnceLock<Dataset> = OnceLock::new();
    DEMO.get_or_init(|| generate(&DemoOptions::default()))
}

/// The demo's dashboard over the whole history, as the CLI's JSON has it.
fn dashboard_json() -> Value {
    let ds = demo();
    let as_of = AsOf::of(ds, Day::default());
    let idx = CustomerIndex::build(ds);
    let params = Params::default();
    let model = CustomerModel::fit(&idx, as_of.orders, &params);
    let d = dashboard(ds, &idx, Some(&model), &Filter::default(), &as_of, &params);
    serde_json::to_value(&d).unwrap()
}

/// Numbers that are not figures of their own, with why.
const NOT_FIGURES: [(&str, &str); 5] = [
    (
        "records.",
        "how many records were imported (the Data page's counts)",
    ),
    (
        "params.",
        "the parameters themselves (each explanation names those it used)",
    ),
    (
        "customers.churn.",
        "N0, N1 and W of churn.rate's formula, shown with it",
    ),
    (
        "support.undated",
        "the tickets KPI's note and its left-out count",
    ),
    (
        "responses.undated",
        "the contacts' left-out count, in their explanation",
    ),
];

/// Whether the number at `path` under `parents` (each object on the way, with the key
/// taken from it) is explained: an object on the way has `explain`, or a key on the way has
/// a sibling `P_explain` where the key is `P` or `P_…` (by_explain covers by_month), or a
/// sibling figure `P` with an explanation when the key is `P_…` (csat_mean beside csat).
fn explained(parents: &[(&serde_json::Map<String, Value>, &str)]) -> bool {
    parents.iter().enumerate().any(|(depth, (obj, key))| {
        let own = depth > 0 && obj.contains_key("explain");
        let sibling = obj.keys().any(|k| {
            (k.strip_suffix("_explain"))
                .is_some_and(|p| *key == p || key.starts_with(&format!("{p}_")))
        });
        let prefix = obj
            .iter()
            .any(|(k, v)| key.starts_with(&format!("{k}_")) && v.get("explain").is_some());
        own || sibling || prefix
    })
}

/// Every number not explained, by path (array elements as `[]`).
fn unexplained<'a>(
    v: &'a Value,
    path: &mut Vec<String>,
    parents: &mut Vec<(&'a serde_json::Map<String, Value>, &'a str)>,
    out: &mut Vec<String>,
) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == "explain" || k.ends_with("_explain") {
                    continue;
                }
                path.push(k.clone());
                parents.push((o, k));
                unexplained(child, path, parents, out);
                parents.pop();
                path.pop();
            }
        }
        Value::Array(items) => {
            path.push("[]".into());
            for item in items {
                unexplained(item, path, parents, out);
            }
            path.pop();
        }
        Value::Number(_) if !explained(parents) => out.push(path.join(".")),
        _ => {}
    }
}

/// Every explanation in `v`, as JSON.
fn explanations<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == "explain" || k.ends_with("_explain") {
                    out.push(child);
                } else {
                    explanations(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| explanations(i, out)),
        _ => {}
    }
}

fn id<T: serde::Serialize>(x: T) -> String {
    serde_json::to_value(x)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_number_of_the_dashboard_sits_under_an_explanation() {
    let doc = dashboard_json();
    let mut missing = Vec::new();
    unexplained(&doc, &mut Vec::new(), &mut Vec::new(), &mut missing);
    missing.retain(|p| !NOT_FIGURES.iter().any(|(prefix, _)| p.starts_with(prefix)));
    missing.dedup();
    assert!(
        missing.is_empty(),
        "numbers without an explanation: {missing:#?}"
    );
    // The walk sees the figures it should: a KPI, a table row, a model fit.
    let mut all = Vec::new();
    explanations(&doc, &mut all);
    assert!(all.len() > 40, "only {} explanations", all.len());
}

#[test]
fn the_walk_finds_a_number_left_unexplained() {
    let doc = serde_json::json!({
        "sales": {"revenue": {"value": 1.0, "explain": {}}, "stray": 2},
        "funnel": {"stages": [{"deals": 3}], "stages_explain": {}},
        "support": {"csat": {"value": 0.5, "explain": {}}, "csat_mean": 4.1, "nps_n": 1},
    });
    let mut missing = Vec::new();
    unexplained(&doc, &mut Vec::new(), &mut Vec::new(), &mut missing);
    assert_eq!(missing, ["sales.stray", "support.nps_n"]);
}

#[test]
fn every_explanation_of_the_dashboard_names_a_known_formula_and_terms() {
    let formulas: Vec<String> = Formula::ALL.iter().map(|&f| id(f)).collect();
    let terms: Vec<String> = Term::ALL.iter().map(|&t| id(t)).collect();
    let doc = dashboard_json();
    let mut all = Vec::new();
    explanations(&doc, &mut all);
    for e in all {
        let formula = e["formula"].as_str().unwrap();
        assert!(
            formulas.iter().any(|f| f == formula),
            "unknown formula {formula}"
        );
        for p in e["params"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap();
            assert!(terms.iter().any(|t| t == name), "unknown term {name}");
        }
    }
}

#[test]
fn every_formula_and_term_reads_in_both_languages() {
    check(both(Formula::ALL.iter().copied(), |t, f| {
        (t.parts.formula)(f).to_string()
    }));
    // Names of models and plain words may read the same in Chinese; none is empty.
    for &term in Term::ALL {
        let (en, zh) = ((En.texts().parts.term)(term), (Zh.texts().parts.term)(term));
        assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{term:?}");
        let name = matches!(term, Term::BgNbd | Term::GammaGamma);
        assert!(name || has_cjk(zh), "no Chinese for {term:?}: {zh:?}");
    }
}

#[test]
fn a_parameter_reads_with_its_model_and_its_value_in_the_locale() {
    let e = Explanation::new(Formula::CustomerModel, 3)
        .param(Term::AsOf, Day::from_ymd(2024, 3, 5).unwrap())
        .param_of(Term::BgNbd, Term::Converged, true)
        .param(Term::DiscountRate, Shown::Rate(0.01))
        .param(Term::Probabilities, Term::Learned);
    let shown = |loc: rapport::i18n::Locale| -> Vec<(String, String)> {
        let parts = &loc.texts().parts;
        e.params
            .iter()
            .map(|p| parts.explain_param(loc, p))
            .collect()
    };
    let en = shown(En);
    assert_eq!(en[0], ("as of".to_string(), "Mar 5, 2024".to_string()));
    assert_eq!(en[1], ("BG/NBD · converged".to_string(), "yes".to_string()));
    assert_eq!(en[3].1, "learned");
    let zh = shown(Zh);
    assert_eq!(zh[0].1, "2024年3月5日");
    assert!(has_cjk(&zh[1].0) && has_cjk(&zh[3].1));
    assert_eq!(en[2].1, rapport::format::percent(En, 0.01));
}

#[test]
fn every_breakdown_and_customer_figure_is_explained() {
    let ds = demo();
    let as_of = AsOf::of(ds, Day::default());
    let idx = CustomerIndex::build(ds);
    let filter = Filter::default();
    for c in customer_dimensions(ds) {
        let groups = customers_by(ds, &idx, &filter, &as_of, &c).unwrap();
        let e = breakdown_explanation(&groups, &c, &filter, &as_of);
        assert_eq!(e.formula, Formula::CustomersBy);
        assert_eq!(e.value(Term::Column), Some(&Shown::Text(c.clone())));
        assert_eq!(
            e.rows as u64,
            groups.iter().map(|g| g.customers).sum::<u64>()
        );
    }
    let c = &deal_dimensions(ds)[0];
    let groups = deals_by(ds, &idx, &filter, &as_of, c).unwrap();
    let e = breakdown_explanation(&groups, c, &filter, &as_of);
    assert_eq!((e.formula, e.rows), (Formula::DealsBy, ds.deals.len()));
    assert_eq!(e.value(Term::To), Some(&Shown::Day(as_of.deals)));

    let period = rapport::core::metrics::Period {
        from: as_of.orders,
        to: as_of.orders,
    };
    let e = customer_explanations(&period, as_of.orders, &Params::default(), 4);
    let all = [
        &e.revenue,
        &e.orders,
        &e.aov,
        &e.rfm,
        &e.value_v,
        &e.p_alive,
        &e.satisfaction,
        &e.clv,
    ];
    let mut formulas: Vec<Formula> = all.iter().map(|e| e.formula).collect();
    formulas.dedup();
    assert_eq!(formulas.len(), all.len(), "each figure its own formula");
    assert!(all.iter().all(|e| e.rows == 4));
    assert_eq!(e.clv.value(Term::ClvMonths), Some(&Shown::Count(12)));
}
