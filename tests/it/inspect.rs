//! `rapport inspect --json`, run as a user runs it.

use rapport::core::import::{analyze, cells};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture of `tests/fixtures/import/`.
fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The JSON `rapport inspect --json` prints for a fixture.
fn inspect_json(fixture: &str) -> Value {
    let path = fixture_path(fixture);
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["inspect", "--json"])
        .arg(&path)
        .output()
        .expect("rapport runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn headers_and_rows_are_reported_as_written_beside_the_column_names() {
    let json = inspect_json("cells_as_written.csv");
    let file = &json["files"][0];
    assert_eq!(
        file["headers"],
        json!(["id", " Name ", "", "City", "email", "age", "signup", "segment", "status", "Notes"])
    );
    assert_eq!(
        file["column_names"],
        json!([
            "id", "Name", "Column 3", "City", "email", "age", "signup", "segment", "status",
            "Notes"
        ])
    );
    assert_eq!(file["mapping"]["name"], json!(1));
    // Every row, as the importer's own `cells` reads them: quotes removed, nothing trimmed.
    let bytes = std::fs::read(fixture_path("cells_as_written.csv")).unwrap();
    let a = analyze("cells_as_written.csv", &bytes, None).unwrap();
    assert_eq!(file["rows"], json!(cells(&a, &bytes)));
    assert_eq!(file["rows"][0][1], "  Anna ");
    assert_eq!(file["rows"][0][7], "Gold");
    assert_eq!(file["rows"][1][9], "ab ");
}
