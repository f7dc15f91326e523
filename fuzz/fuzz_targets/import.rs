//! The whole import pipeline on arbitrary bytes: analyze → parse → merge, with and without
//! a kind hint, with the date orders flipped, and the merged data stored and read back.
//! Any panic is a bug.
//!
//! The bytes are decoded once for both analyses, as the Data page does (`decode`, then an
//! `Analyzer` over the text: what `analyze` does), with the legacy encoding of most inputs
//! that need one chosen rather than guessed (see `common::decode`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::core::import::{
    cells, issues_csv, merge, parse, Analysis, Analyzer, DateOrder, Decoded, ImportError,
    MergePolicy, MergeSummary, NoProgress, ParseOptions, Parsed,
};
use rapport::core::model::{Dataset, Kind};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = common::decode(data) else {
        return;
    };
    // As the user drops it in: automatic kind, default options.
    let Ok(analysis) = analyze(&decoded, None) else {
        return;
    };
    let first = run(&analysis, data, &ParseOptions::default());
    assert_eq!(
        cells(&analysis, data).len() as u64,
        analysis.row_count,
        "`cells` and the analysis disagree on the number of rows"
    );

    // With a kind hint (varied with the input) and every date column read the other way,
    // plus a stale choice for a column that does not exist.
    let hint = Kind::ALL[data.len() % Kind::ALL.len()];
    let Ok(hinted) = analyze(&decoded, Some(hint)) else {
        panic!("analysis fails with a hint but not without");
    };
    assert_eq!(hinted.kind, hint, "the hint is not followed");
    let mut date_orders: Vec<(usize, DateOrder)> = hinted
        .columns
        .iter()
        .enumerate()
        .map(|(i, p)| (i, flip(p.date_order)))
        .collect();
    date_orders.push((hinted.headers.len() + 3, DateOrder::MonthFirst));
    let options = ParseOptions {
        date_orders,
        max_issues: 2,
    };
    let second = run(&hinted, data, &options);

    // Both files into an empty dataset, then the first again on top (updates, not creates).
    let files = [first.clone(), second];
    let (merged, summary) = merge(
        &Dataset::default(),
        files.to_vec(),
        MergePolicy::CreateAndUpdate,
        true,
    );
    check_merge(&Dataset::default(), &files, &merged, &summary);
    let policy = [
        MergePolicy::CreateOnly,
        MergePolicy::CreateAndUpdate,
        MergePolicy::UpdateOnly,
    ][data.len() % 3];
    let files = [first];
    let (again, summary) = merge(&merged, files.to_vec(), policy, false);
    check_merge(&merged, &files, &again, &summary);
});

/// `import::analyze` of the decoded bytes.
fn analyze(decoded: &Decoded<'_>, hint: Option<Kind>) -> Result<Analysis, ImportError> {
    let mut analyzer = Analyzer::new("fuzz.csv", decoded, hint)?;
    while analyzer.step(u64::MAX) {}
    analyzer.finish()
}

/// Parses one analysed file and checks what it staged.
fn run(analysis: &Analysis, data: &[u8], options: &ParseOptions) -> Parsed {
    let parsed = parse(analysis, data, options, &mut NoProgress);
    // Notes about the whole file (the analysis', and those the parse adds, such as contacts
    // all in one arm) are always kept; of the issues of rows, at most `max_issues`.
    let row_issues = parsed.issues.iter().filter(|i| i.line.is_some()).count();
    assert!(
        row_issues <= options.max_issues,
        "more row issues kept than asked for"
    );
    assert_eq!(
        parsed.rows_read, analysis.row_count,
        "rows read ≠ rows analysed"
    );
    assert_eq!(
        parsed.rows_read,
        parsed.rows_imported() as u64 + parsed.rows_rejected + parsed.rows_empty,
        "a row is not accounted for"
    );
    std::hint::black_box(issues_csv(&parsed.issues));
    common::check_dataset(&parsed.data);
    parsed
}

/// Every imported record is created, updated or skipped; records of other kinds than
/// customers (whose count also moves with placeholders) grow by exactly those created.
fn check_merge(base: &Dataset, files: &[Parsed], out: &Dataset, summary: &MergeSummary) {
    common::check_dataset(out);
    for kind in Kind::ALL {
        let imported: u64 = files
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.rows_imported() as u64)
            .sum();
        let s = summary.get(kind);
        assert_eq!(
            imported,
            s.created + s.updated + s.skipped,
            "{kind:?}: imported records not accounted for in the merge summary"
        );
        if kind != Kind::Customers {
            assert_eq!(
                out.count(kind) as u64,
                base.count(kind) as u64 + s.created,
                "{kind:?}: records created ≠ records added"
            );
        }
    }
}

fn flip(order: Option<DateOrder>) -> DateOrder {
    match order {
        Some(DateOrder::DayFirst) => DateOrder::MonthFirst,
        _ => DateOrder::DayFirst,
    }
}
