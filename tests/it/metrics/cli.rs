//! `rapport metrics --pick`, run as a user runs it: the demo company written as CSV files,
//! its dashboard narrowed to a chart element, as the core computes it.

use super::picks::Case;
use rapport::core::import::{merge, read, MergePolicy, ParseOptions};
use rapport::core::metrics::{FilterText, Pick};
use rapport::core::model::{Dataset, Kind};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const KINDS: [&str; 6] = [
    "customers",
    "orders",
    "deals",
    "tickets",
    "campaigns",
    "responses",
];

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .output()
        .expect("rapport runs")
}

/// The demo company's files (600 customers) in a directory of this test's own.
fn demo_files() -> (PathBuf, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("rapport-cli-picks-{}", std::process::id()));
    let out = rapport(&["demo", "--out", dir.to_str().unwrap(), "--customers", "600"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = KINDS.map(|k| dir.join(format!("{k}.csv")).to_string_lossy().into_owned());
    (dir, files.to_vec())
}

/// The files imported as `rapport metrics` imports them.
fn import(files: &[String]) -> Dataset {
    let parsed = files.iter().map(|path| {
        let bytes = std::fs::read(path).unwrap();
        read(path, &bytes, None, &ParseOptions::default())
            .unwrap()
            .1
    });
    merge(
        &Dataset::default(),
        parsed.collect(),
        MergePolicy::CreateOnly,
        true,
    )
    .0
}

fn metrics_json(files: &[String], extra: &[&str]) -> Value {
    let mut args = vec!["metrics"];
    args.extend(files.iter().map(String::as_str));
    args.push("--json");
    args.extend(extra);
    let out = rapport(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn metrics_with_picks_are_the_dashboard_narrowed_to_them() {
    let (dir, files) = demo_files();
    let picks = [
        "--pick",
        "orders.category=Office Supplies",
        "--pick",
        "orders.category=Electronics",
        "--pick",
        "customers.rfm_segment=Champions",
    ];
    let picked = metrics_json(&files, &picks);
    let all = metrics_json(&files, &[]);
    let ds = import(&files);
    let _ = std::fs::remove_dir_all(&dir);

    // The same figures as the core's, for the same picks (one pick of two categories).
    let c = Case::new(&ds);
    let text = FilterText {
        picks: vec![
            Pick::new(Kind::Orders, "category", ["Office Supplies", "Electronics"]),
            Pick::new(Kind::Customers, "rfm_segment", ["Champions"]),
        ],
        ..FilterText::default()
    };
    let d = c.dashboard(&c.filter(&text));
    let revenue = number(&picked["sales"]["revenue"]["value"]);
    assert!((revenue - d.sales.revenue.value.unwrap()).abs() < 1e-6);
    assert!(revenue > 0.0 && revenue < number(&all["sales"]["revenue"]["value"]));
    assert_eq!(picked["rfm"]["customers"], d.rfm.customers);
    assert_eq!(picked["funnel"]["total"], d.funnel.total);
    // Only the picked categories, only Champions.
    let categories: Vec<&str> = (picked["sales"]["by_category"]["value"]["points"].as_array())
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert!(!categories.is_empty());
    assert!(categories
        .iter()
        .all(|c| ["Office Supplies", "Electronics"].contains(c)));
    for s in picked["rfm"]["segments"].as_array().unwrap() {
        let customers = number(&s["customers"]);
        assert!(s["name"] == "Champions" || customers == 0.0, "{s}");
    }
    // A customer pick narrows the deals and the tickets too.
    assert!(number(&picked["funnel"]["total"]) < number(&all["funnel"]["total"]));
    let tickets = |doc: &Value| number(&doc["support"]["tickets"]["value"]);
    assert!(tickets(&picked) < tickets(&all));
}

#[test]
fn a_pick_that_is_not_kind_column_value_is_refused() {
    for bad in ["category=Books", "things.category=Books", "orders.category"] {
        let out = rapport(&["metrics", "x.csv", "--pick", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--pick"), "{bad}: {err}");
    }
}
