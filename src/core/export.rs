//! CSV export of tables the user sees (error lists, customer lists, ...).
//!
//! Every cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) is prefixed with `'` so that opening the export in Excel or
//! LibreOffice never executes anything (CSV formula injection, OWASP). Quoting follows
//! RFC 4180 through the `csv` crate.

/// Neutralises a cell that a spreadsheet would evaluate as a formula (also after leading
/// spaces, which some spreadsheets skip).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.trim_start_matches([' ', '\u{a0}']).chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes a header row and data rows as CSV (UTF-8 with a BOM, so Excel reads accents and
/// Chinese correctly; CRLF line ends).
pub fn csv_table<R, C>(headers: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    write_table(None, headers, rows)
}

/// [`csv_table`] after a first line of one cell, `note` (a `#` comment saying what the
/// table is; neutralised and quoted like any cell, so it stays one cell).
pub fn csv_table_noted<R, C>(note: &str, headers: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    write_table(Some(note), headers, rows)
}

fn write_table<R, C>(note: Option<&str>, headers: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(note.is_some())
        .from_writer(Vec::new());
    if let Some(note) = note {
        writer
            .write_record([neutralise(note).as_ref()])
            .expect("writing to memory");
    }
    writer.write_record(headers).expect("writing to memory");
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        writer.write_record(&cells).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    let mut out = String::from('\u{feff}');
    out.push_str(&String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8"));
    out
}
