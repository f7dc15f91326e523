//! Exports: CSV of tables the user sees (error lists, customer lists, ...) and the JSON
//! document of the figures.
//!
//! Every cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) is prefixed with `'` so that opening the export in Excel or
//! LibreOffice never executes anything (CSV formula injection, OWASP). Quoting follows
//! RFC 4180 through the `csv` crate.
//!
//! Also the JSON document of every figure ([`figures_document`]).

use crate::metrics::{
    customer_dimensions, customers_by, deal_dimensions, deals_by, lookup_matches, order_dimensions,
    orders_by, response_dimensions, responses_by, snapshot_by, snapshot_dimensions,
    ticket_dimensions, tickets_by, CustomerIndex, Dashboard, Filter, Holdout, Period,
};
use crate::model::Dataset;
use serde_json::{json, Value};

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

/// The name of an exported file that says what it holds: `base`, the period, each filter
/// as `key-value` and the sort, joined by `_`, e.g.
/// `customers_2024-01-01_2024-06-30_channel-web_revenue-desc.csv`. Characters a file system
/// refuses (`/ \ : * ? " < > |` and control characters) become `-`; a value is cut at 40
/// characters.
pub fn export_name(
    base: &str,
    period: &Period,
    filters: &[(&str, &str)],
    sort: Option<(&str, bool)>,
    extension: &str,
) -> String {
    let mut parts = vec![base.to_string(), period.from.iso(), period.to.iso()];
    parts.extend(filters.iter().map(|(k, v)| format!("{k}-{}", clip(v, 40))));
    if let Some((column, descending)) = sort {
        parts.push(format!(
            "{column}-{}",
            if descending { "desc" } else { "asc" }
        ));
    }
    let safe = |c: char| match c {
        '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
        c if c.is_control() => '-',
        c => c,
    };
    format!(
        "{}.{extension}",
        parts.join("_").chars().map(safe).collect::<String>()
    )
}

/// The first `n` characters of `s`.
fn clip(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The figures of a dashboard as one JSON document (`rapport metrics --json`, and the
/// pages' "Download figures (JSON)"): the [`Dashboard`] with, added, every breakdown of
/// every column of each kind (`customers_by`, `deals_by`, `orders_by`, `support.by`,
/// `snapshot.by`, `responses.by`, each `{column: {value: figures}}`), the lookup files'
/// matches, the model's backtest (`holdout`), and the arms keyed by name. Keys:
/// docs/METRICS.md.
pub fn figures_document(
    ds: &Dataset,
    idx: &CustomerIndex,
    d: &Dashboard,
    filter: &Filter,
    backtest: Option<&Holdout>,
) -> serde_json::Value {
    let as_of = &d.as_of;
    let mut doc = json!(d);
    if let Some(snapshot) = doc.get_mut("snapshot").and_then(Value::as_object_mut) {
        let by = |c: &str| snapshot_by(ds, idx, filter, as_of, c);
        snapshot.insert("by".into(), keyed(snapshot_dimensions(ds), by));
    }
    if let Some(support) = doc.get_mut("support").and_then(Value::as_object_mut) {
        let by = |c: &str| tickets_by(ds, idx, filter, as_of, c);
        support.insert("by".into(), keyed(ticket_dimensions(ds), by));
    }
    if let Some(responses) = doc.get_mut("responses").and_then(Value::as_object_mut) {
        keyed_arms(responses);
        let by = |c: &str| responses_by(ds, idx, filter, as_of, c);
        responses.insert("by".into(), keyed(response_dimensions(ds), by));
    }
    if let Some(doc) = doc.as_object_mut() {
        let by = |c: &str| customers_by(ds, idx, filter, as_of, c);
        doc.insert("customers_by".into(), keyed(customer_dimensions(ds), by));
        let by = |c: &str| deals_by(ds, idx, filter, as_of, c);
        doc.insert("deals_by".into(), keyed(deal_dimensions(ds), by));
        let by = |c: &str| orders_by(ds, idx, filter, as_of, c);
        doc.insert("orders_by".into(), keyed(order_dimensions(ds), by));
        doc.insert("lookups".into(), json!(lookup_matches(ds)));
        doc.insert("holdout".into(), json!(backtest));
    }
    doc
}

/// The arms as an object keyed by their names (`{"Womens E-Mail": {...}}`), for a reader
/// who looks an arm up by name.
fn keyed_arms(responses: &mut serde_json::Map<String, Value>) {
    let Some(Value::Array(arms)) = responses.remove("arms") else {
        return;
    };
    let keyed = arms.into_iter().map(|arm| {
        let name = arm["name"].as_str().unwrap_or_default().to_string();
        (name, arm)
    });
    responses.insert("arms".into(), Value::Object(keyed.collect()));
}

/// `{column: {value: figures}}`: the groups `by` gives for each of `columns`, keyed by their
/// `value`.
fn keyed<G: serde::Serialize>(columns: Vec<String>, by: impl Fn(&str) -> Option<Vec<G>>) -> Value {
    let keyed = columns.into_iter().filter_map(|column| {
        let values = by(&column)?.into_iter().map(|g| {
            let g = json!(g);
            (g["value"].as_str().unwrap_or_default().to_string(), g)
        });
        Some((column, Value::Object(values.collect())))
    });
    Value::Object(keyed.collect())
}
