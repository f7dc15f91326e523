use rapport::core::export::{csv_table, export_name, neutralise};
use rapport::core::metrics::Period;
use rapport::core::model::Day;

#[test]
fn formula_cells_are_neutralised() {
    for (cell, expected) in [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1 555", "'+1 555"),
        ("-42", "'-42"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ] {
        assert_eq!(neutralise(cell), expected, "{cell:?}");
    }
}

#[test]
fn csv_table_quotes_and_marks_utf8() {
    let out = csv_table(
        &["line", "value"],
        [["3", "a,\"b\"\nc"], ["4", "=1+1"], ["5", "张伟"]],
    );
    assert_eq!(
        out,
        "\u{feff}line,value\r\n3,\"a,\"\"b\"\"\nc\"\r\n4,'=1+1\r\n5,张伟\r\n"
    );
}

#[test]
fn formulas_after_spaces_and_hostile_cells() {
    for (cell, expected) in [
        (" =1+1", "' =1+1"),
        ("\u{a0}@SUM(A1)", "'\u{a0}@SUM(A1)"),
        ("\r=cmd", "'\r=cmd"),
        // Markup, URLs, bidi and zero-width characters are data, not formulas: unchanged.
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("javascript:alert(3)", "javascript:alert(3)"),
        ("\u{202E}gnp.exe", "\u{202E}gnp.exe"),
        ("\u{200B}=1", "\u{200B}=1"),
    ] {
        assert_eq!(neutralise(cell), expected, "{cell:?}");
    }
    // A 10,000-character cell goes out whole, and a formula in any column is neutralised.
    let long = "W".repeat(10_000);
    let out = csv_table(
        &["a", "b"],
        [[long.as_str(), "=HYPERLINK(\"http://evil.example\",\"x\")"]],
    );
    assert_eq!(
        out,
        format!("\u{feff}a,b\r\n{long},\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\r\n")
    );
}

#[test]
fn error_list_export_neutralises_values() {
    use rapport::core::import::{issues_csv, Issue, IssueKind, Severity};
    let issue = Issue {
        file: "o.csv".into(),
        line: Some(2),
        column: "=col".into(),
        value: "=1+1".into(),
        severity: Severity::Error,
        kind: IssueKind::BadNumber,
        reason: "not a number".into(),
    };
    assert_eq!(
        issues_csv(&[issue]),
        "file,line,severity,kind,column,value,reason\no.csv,2,error,bad_number,'=col,'=1+1,not a number\n"
    );
}

#[test]
fn an_export_is_named_after_its_period_filters_and_sort() {
    let period = Period {
        from: Day::from_ymd(2024, 1, 1).unwrap(),
        to: Day::from_ymd(2024, 6, 30).unwrap(),
    };
    let name = export_name(
        "customers",
        &period,
        &[("channel", "web"), ("segment", "a/b: \"big\"?")],
        Some(("revenue", true)),
        "csv",
    );
    assert_eq!(
        name,
        "customers_2024-01-01_2024-06-30_channel-web_segment-a-b- -big--_revenue-desc.csv"
    );
    let long = "名".repeat(60);
    let name = export_name("x", &period, &[("owner", &long)], None, "csv");
    assert_eq!(
        name,
        format!("x_2024-01-01_2024-06-30_owner-{}.csv", "名".repeat(40))
    );
}
