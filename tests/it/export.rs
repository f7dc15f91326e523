use rapport::core::export::{csv_table, neutralise};

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
