//! `rapport inspect FILE... [--json]`: what the importer decides for each file.

use rapport::core::import::{
    self, analyze, parse, Analysis, Issue, NoProgress, ParseOptions, Parsed, Severity,
};
use serde_json::{json, Map, Value};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "Usage: rapport inspect FILE... [--json] [--timings]

Shows what the importer decides for each CSV file: encoding, delimiter, kind, column
mapping, row counts, errors and warnings with their line numbers. With --json, prints
{\"files\":[{\"path\",\"encoding\",\"delimiter\",\"kind\",\"headers\",\"column_names\",
\"mapping\",\"rows\",\"errors\",\"warnings\",...}]} where headers are the header row's cells
and rows the cells of every data row, as written (decoded, untyped, untrimmed), and
column_names the names the importer shows (trimmed; an empty header is \"Column N\").
--timings prints the time spent analysing and parsing each file to stderr.
";

/// Runs the subcommand; `args` are the arguments after `inspect`.
pub fn run(args: &[String]) -> ExitCode {
    let json = args.iter().any(|a| a == "--json");
    let timings = args.iter().any(|a| a == "--timings");
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if let Some(flag) = args
        .iter()
        .find(|a| a.starts_with('-') && *a != "--json" && *a != "--timings")
    {
        eprintln!("rapport inspect: unknown option {flag:?}\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if paths.is_empty() {
        eprintln!("rapport inspect: no file given\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut failed = false;
    let mut files = Vec::new();
    for path in paths {
        let outcome = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let t0 = Instant::now();
                let analysis = analyze(path, &bytes, None).map_err(|e| e.to_string())?;
                let t1 = Instant::now();
                let parsed = parse(&analysis, &bytes, &ParseOptions::default(), &mut NoProgress);
                let t2 = Instant::now();
                if timings {
                    let (a, p) = ((t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64());
                    eprintln!(
                        "{path}: {} rows, {:.1} MB: analyze {:.3} s, parse {:.3} s, total {:.3} s = {:.0} rows/s",
                        parsed.rows_read,
                        bytes.len() as f64 / 1e6,
                        a,
                        p,
                        a + p,
                        parsed.rows_read as f64 / (a + p)
                    );
                }
                Ok((bytes, analysis, parsed))
            });
        match outcome {
            Ok((bytes, analysis, parsed)) => {
                if json {
                    files.push(file_json(path, &bytes, &analysis, &parsed));
                } else {
                    print_text(path, &analysis, &parsed);
                }
            }
            Err(e) => {
                failed = true;
                if json {
                    files.push(json!({ "path": path, "error": e }));
                } else {
                    println!("{path}\n  error: {e}\n");
                }
            }
        }
    }
    if json {
        println!("{}", json!({ "files": files }));
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn issue_json(issue: &Issue) -> Value {
    json!({
        "line": issue.line,
        "column": issue.column,
        "value": issue.value,
        "kind": issue.kind.as_str(),
        "reason": issue.reason,
    })
}

fn file_json(path: &str, bytes: &[u8], analysis: &Analysis, parsed: &Parsed) -> Value {
    let mut mapping = Map::new();
    for (field, column) in analysis.mapping.pairs() {
        mapping.insert(field.name().to_string(), json!(column));
    }
    let counts: Map<String, Value> = parsed
        .issue_counts
        .iter()
        .map(|((s, k), n)| (format!("{}:{}", s.as_str(), k.as_str()), json!(n)))
        .collect();
    let decisions: Vec<Value> = analysis
        .date_decisions
        .iter()
        .map(|d| {
            json!({
                "column": d.column,
                "header": d.header,
                "default": d.default.as_str(),
                "examples": d.examples,
            })
        })
        .collect();
    json!({
        "path": path,
        "encoding": analysis.encoding.label(),
        "delimiter": analysis.delimiter_label(),
        "kind": analysis.kind.as_str(),
        "header_line": analysis.header_line,
        "headers": analysis.header_cells,
        "column_names": analysis.headers,
        "mapping": mapping,
        "row_count": analysis.row_count,
        "imported": parsed.rows_imported(),
        "rejected": parsed.rows_rejected,
        "empty": parsed.rows_empty,
        "date_decisions": decisions,
        "issue_counts": counts,
        "rows": import::cells(analysis, bytes),
        "errors": parsed.issues_of(Severity::Error).map(issue_json).collect::<Vec<_>>(),
        "warnings": parsed.issues_of(Severity::Warning).map(issue_json).collect::<Vec<_>>(),
    })
}

fn print_text(path: &str, a: &Analysis, p: &Parsed) {
    println!("{path}");
    println!(
        "  encoding {}, delimiter {}, header on line {}, kind {}",
        a.encoding.label(),
        a.delimiter_label(),
        a.header_line,
        a.kind.as_str()
    );
    let scores: Vec<String> = a
        .kind_scores
        .iter()
        .map(|(k, s)| format!("{} {s}", k.as_str()))
        .collect();
    println!("  kind scores: {}", scores.join(", "));
    println!(
        "  rows: {} read, {} imported, {} rejected, {} empty{}",
        p.rows_read,
        p.rows_imported(),
        p.rows_rejected,
        p.rows_empty,
        if p.cancelled { " (cancelled)" } else { "" }
    );
    println!("  mapping:");
    for (field, column) in a.mapping.pairs() {
        let profile = &a.columns[column];
        let mut how = String::new();
        if let Some(order) = profile
            .date_order
            .filter(|_| profile.dates.day_first + profile.dates.month_first > 0)
        {
            how = format!("  [{}]", order.as_str());
        }
        println!("    {:<22} <- {:?}{how}", field.name(), a.headers[column]);
    }
    let extras: Vec<&str> = a
        .mapping
        .extra_columns()
        .into_iter()
        .map(|c| a.headers[c].as_str())
        .collect();
    if !extras.is_empty() {
        println!("  extra columns (kept as text): {}", extras.join(", "));
    }
    for d in &a.date_decisions {
        println!(
            "  decision needed: column {:?} reads as D/M/Y or M/D/Y (e.g. {}); default {}",
            d.header,
            d.examples.join(", "),
            d.default.as_str()
        );
    }
    println!(
        "  {} errors, {} warnings",
        p.count(Severity::Error),
        p.count(Severity::Warning)
    );
    for ((severity, kind), n) in &p.issue_counts {
        println!("    {} {}: {n}", severity.as_str(), kind.as_str());
    }
    const SHOWN: usize = 20;
    for issue in p.issues.iter().take(SHOWN) {
        println!("    {issue}");
    }
    if p.issues.len() > SHOWN {
        println!("    ... {} more", p.issues.len() - SHOWN);
    }
    println!();
}
