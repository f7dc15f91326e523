//! The Data page's import workflow (`rapport::import_flow`): every step of a batch from the
//! pick to the save, run on real fixtures with the real analysis and parse, the browser's
//! part (reading, slicing, saving) played by the test.

use std::sync::Arc;

use rapport::core::import::{
    analyze, decode, DateOrder, Field, ImportError, MergeSummary, Parsed, Parser,
};
use rapport::core::model::{Dataset, Kind};
use rapport::i18n::Locale::{En, Zh};
use rapport::import_flow::{FileEdit, ImportFlow, ImportFlowError, Note, PendingFile};
use rapport::storage::StorageError;

fn fixture(path: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The file at `path` (under `tests/fixtures/`) as the page reads it, keyed `key`.
fn read(key: usize, path: &str) -> PendingFile {
    let name = path.rsplit('/').next().unwrap().to_string();
    let bytes = fixture(path);
    let analysis = analyze(&name, &bytes, None).map_err(ImportFlowError::from);
    PendingFile::new(key, name, text(&bytes), analysis, None)
}

/// A file's text as the page keeps it (empty when it is refused).
fn text(bytes: &[u8]) -> Arc<String> {
    Arc::new(decode(bytes).map_or_else(|_| String::new(), |d| d.text.into_owned()))
}

/// Picks the files at `paths` and reads them all (keys from `first_key`).
fn pick_and_read(flow: ImportFlow, first_key: usize, paths: &[&str]) -> ImportFlow {
    let names = paths.iter().map(|p| p.rsplit('/').next().unwrap().into());
    let mut flow = flow.pick(names.collect());
    for (i, path) in paths.iter().enumerate() {
        flow = flow.file_read(read(first_key + i, path));
    }
    flow.read_all(&Dataset::default())
}

/// Parses the batch's importable files as the page does.
fn parse_all(flow: &ImportFlow) -> Vec<Parsed> {
    (flow.files().iter())
        .filter_map(|f| Some((f.analysis.as_ref().ok()?, f)))
        .map(|(a, f)| {
            let mut parser = Parser::new(a, &f.text, &f.options);
            while parser.step(8192) {}
            parser.finish(false)
        })
        .collect()
}

fn names(flow: &ImportFlow) -> Vec<&str> {
    flow.files().iter().map(|f| f.name.as_str()).collect()
}

const ORDERS: &str = "import/chinese_orders.csv";
const DEALS: &str = "import/hubspot_deals.csv";
const BAD_ROWS: &str = "import/bad_rows.csv";

#[test]
fn a_batch_goes_from_the_pick_to_the_save() {
    let flow = ImportFlow::Idle.pick(vec![
        "chinese_orders.csv".into(),
        "hubspot_deals.csv".into(),
    ]);
    assert!(matches!(flow, ImportFlow::Reading { picked: 2, .. }));
    assert!(flow.busy() && !flow.can_parse());
    let flow = flow.file_read(read(0, ORDERS));
    // Not all read yet: the review waits.
    let flow = flow.read_all(&Dataset::default());
    assert!(
        matches!(&flow, ImportFlow::Reading { waiting, .. } if waiting == &["hubspot_deals.csv"])
    );
    let flow = flow.file_read(read(1, DEALS)).read_all(&Dataset::default());
    assert!(matches!(flow, ImportFlow::Review { note: None, .. }));
    assert_eq!(names(&flow), ["chinese_orders.csv", "hubspot_deals.csv"]);
    assert!(flow.can_parse());

    let flow = flow.parse();
    assert!(matches!(flow, ImportFlow::Parsing { .. }) && flow.busy());
    let parsed = parse_all(&flow);
    assert!(parsed.iter().all(|p| p.rows_rejected == 0));
    let mut flow = flow.parsed(parsed);
    // Nothing refused: saved without a report.
    let ImportFlow::Saving { names: saving, .. } = &flow else {
        panic!("{flow:?}")
    };
    assert_eq!(saving, &["chinese_orders.csv", "hubspot_deals.csv"]);
    let mappings = flow.mappings();
    assert_eq!(mappings.len(), 2);
    assert_eq!(mappings[0].1.kind, Kind::Orders);
    let records = flow.take_records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].kind, Kind::Deals);
    assert!(flow.take_records().is_empty(), "taken once");

    let summary = MergeSummary::default();
    let flow = flow.saved(summary.clone());
    assert_eq!(
        flow,
        ImportFlow::Done {
            summary,
            names: vec!["chinese_orders.csv".into(), "hubspot_deals.csv".into()]
        }
    );
    assert!(flow.files().is_empty() && !flow.busy());
    // The next pick starts a new batch.
    let next = pick_and_read(flow, 2, &[DEALS]);
    assert_eq!(names(&next), ["hubspot_deals.csv"]);
}

#[test]
fn rows_refused_wait_for_the_users_go_ahead() {
    let flow = pick_and_read(ImportFlow::Idle, 0, &[ORDERS, BAD_ROWS]).parse();
    let parsed = parse_all(&flow);
    let rejected: u64 = parsed.iter().map(|p| p.rows_rejected).sum();
    assert!(rejected > 0);
    let flow = flow.parsed(parsed);
    let ImportFlow::Checked { parsed, .. } = &flow else {
        panic!("{flow:?}")
    };
    assert_eq!(parsed.len(), 2);

    // The user confirms: the report's files are saved.
    let mut confirmed = flow.clone().confirm();
    assert!(matches!(confirmed, ImportFlow::Saving { .. }));
    assert_eq!(confirmed.take_records().len(), 2);

    // An edit makes the report out of date: back to the review, the edit kept.
    let revision = flow.files()[1].revision;
    let edited = flow.clone().edit(1, FileEdit::Kind(Kind::Customers));
    assert!(matches!(edited, ImportFlow::Review { note: None, .. }));
    let file = &edited.files()[1];
    assert_eq!(file.analysis.as_ref().unwrap().kind, Kind::Customers);
    assert_eq!(file.revision, revision + 1);

    // So does an undo; Import parses again.
    assert!(matches!(flow.clone().dismiss(), ImportFlow::Review { .. }));
    assert!(matches!(flow.parse(), ImportFlow::Parsing { .. }));
}

#[test]
fn a_file_refused_does_not_lose_the_others() {
    let noise = [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(64);
    let refusal = analyze("noise.csv", &noise, None).unwrap_err();
    assert!(matches!(refusal, ImportError::Binary { .. }));
    let flow = ImportFlow::Idle
        .pick(vec![
            "noise.csv".into(),
            "chinese_orders.csv".into(),
            "huge.csv".into(),
        ])
        .file_read(PendingFile::new(
            0,
            "noise.csv".into(),
            Arc::default(),
            Err(refusal.clone().into()),
            None,
        ))
        .file_read(read(1, ORDERS))
        .file_read(PendingFile::refused(
            2,
            "huge.csv".into(),
            ImportError::TooLarge { bytes: 300_000_000 }.into(),
        ))
        .read_all(&Dataset::default());
    assert_eq!(
        names(&flow),
        ["noise.csv", "chinese_orders.csv", "huge.csv"]
    );
    assert_eq!(
        flow.files()[0].analysis,
        Err(ImportFlowError::Refused(refusal))
    );
    assert!(flow.can_parse(), "the readable file can be imported");
    // Only the importable file is parsed and remembered.
    let flow = flow.parse();
    assert_eq!(parse_all(&flow).len(), 1);
    assert_eq!(flow.mappings().len(), 1);
    // Removing the good file leaves nothing to import.
    let flow = flow.cancel().edit(1, FileEdit::Remove);
    assert_eq!(names(&flow), ["noise.csv", "huge.csv"]);
    assert!(!flow.can_parse());
    assert!(
        matches!(flow.clone().parse(), ImportFlow::Review { .. }),
        "refused"
    );
    // Removing the refused ones too empties the batch.
    let flow = flow.edit(0, FileEdit::Remove).edit(2, FileEdit::Remove);
    assert_eq!(flow, ImportFlow::Idle);
}

#[test]
fn a_failed_read_is_one_refused_file() {
    let flow = ImportFlow::Idle
        .pick(vec!["gone.csv".into(), "hubspot_deals.csv".into()])
        .file_read(PendingFile::refused(
            0,
            "gone.csv".into(),
            ImportFlowError::Unreadable("NotReadableError".into()),
        ))
        .file_read(read(1, DEALS))
        .read_all(&Dataset::default());
    let gone = &flow.files()[0];
    assert!(!gone.importable() && gone.text.is_empty());
    assert_eq!(
        En.texts()
            .import_flow_error(gone.analysis.as_ref().unwrap_err()),
        "the file could not be read (NotReadableError)"
    );
    assert!(flow.can_parse());
}

#[test]
fn cancelling_keeps_what_was_done() {
    // Reading: the files read so far stay; the note names the file that was being read.
    let flow = ImportFlow::Idle
        .pick(vec![
            "chinese_orders.csv".into(),
            "hubspot_deals.csv".into(),
            "bad_rows.csv".into(),
        ])
        .file_read(read(0, ORDERS))
        .cancel();
    let ImportFlow::Review { note, .. } = &flow else {
        panic!("{flow:?}")
    };
    assert_eq!(
        note,
        &Some(Note::ReadingCancelled("hubspot_deals.csv".into()))
    );
    assert_eq!(names(&flow), ["chinese_orders.csv"]);
    // Cancelled on the first file: nothing to review but the note.
    let none = ImportFlow::Idle.pick(vec!["a.csv".into()]).cancel();
    assert!(matches!(&none, ImportFlow::Review { note: Some(_), files } if files.is_empty()));
    assert!(!none.can_parse());

    // Parsing: nothing imported, the batch (and its edits) back for review.
    let flow = flow
        .edit(0, FileEdit::DateOrder(1, DateOrder::MonthFirst))
        .parse()
        .cancel();
    let ImportFlow::Review { files, note } = &flow else {
        panic!("{flow:?}")
    };
    assert_eq!(note, &Some(Note::ImportCancelled));
    assert_eq!(files[0].options.date_orders, [(1, DateOrder::MonthFirst)]);
    // The note stays through edits, and goes with the next step.
    let flow = flow.edit(0, FileEdit::DateOrder(1, DateOrder::DayFirst));
    assert!(matches!(
        flow,
        ImportFlow::Review {
            note: Some(Note::ImportCancelled),
            ..
        }
    ));
    assert_eq!(
        flow.files()[0].options.date_orders,
        [(1, DateOrder::DayFirst)]
    );
    assert!(matches!(flow.parse(), ImportFlow::Parsing { .. }));
}

#[test]
fn a_failed_save_keeps_the_batch_for_another_try() {
    let flow = pick_and_read(ImportFlow::Idle, 0, &[ORDERS]).parse();
    let parsed = parse_all(&flow);
    let mut flow = flow.parsed(parsed);
    flow.take_records();
    let flow = flow.failed(StorageError::QuotaExceeded);
    let ImportFlow::Failed { files, error } = &flow else {
        panic!("{flow:?}")
    };
    assert_eq!(
        error,
        &ImportFlowError::Storage(StorageError::QuotaExceeded)
    );
    assert_eq!(files.len(), 1);
    // Translated only when shown, as the storage error it is.
    assert_eq!(
        Zh.texts().import_flow_error(error),
        (Zh.texts().parts.storage_error)(&StorageError::QuotaExceeded)
    );
    // Edits keep the error shown; Import tries again.
    let flow = flow.edit(0, FileEdit::Assign(Field::Amount, None));
    assert!(matches!(flow, ImportFlow::Failed { .. }));
    assert!(matches!(flow.clone().parse(), ImportFlow::Parsing { .. }));
    // New files leave the error behind.
    let flow = pick_and_read(flow, 1, &[DEALS]);
    assert!(matches!(flow, ImportFlow::Review { note: None, .. }));
    assert_eq!(names(&flow), ["chinese_orders.csv", "hubspot_deals.csv"]);
}

#[test]
fn impossible_steps_leave_the_flow_as_it_is() {
    let idle = ImportFlow::Idle;
    let steps: [fn(ImportFlow) -> ImportFlow; 10] = [
        ImportFlow::confirm,
        ImportFlow::parse,
        ImportFlow::cancel,
        ImportFlow::dismiss,
        ImportFlow::clear,
        |f: ImportFlow| f.saved(MergeSummary::default()),
        |f: ImportFlow| f.failed(StorageError::Conflict),
        |f: ImportFlow| f.read_all(&Dataset::default()),
        |f: ImportFlow| f.file_read(read(0, ORDERS)),
        |f: ImportFlow| f.pick(Vec::new()),
    ];
    for step in steps {
        assert_eq!(step(idle.clone()), ImportFlow::Idle);
    }
    let review = pick_and_read(ImportFlow::Idle, 0, &[ORDERS]);
    let parsing = review.clone().parse();
    let saving = parsing.clone().parsed(parse_all(&parsing));
    for busy in [parsing, saving] {
        // A busy batch takes no new files, no edits, no clear, and no step of another state.
        let steps: [fn(ImportFlow) -> ImportFlow; 7] = [
            |f: ImportFlow| f.pick(vec!["x.csv".into()]),
            |f: ImportFlow| f.edit(0, FileEdit::Remove),
            ImportFlow::clear,
            ImportFlow::parse,
            ImportFlow::confirm,
            ImportFlow::dismiss,
            |f: ImportFlow| f.file_read(read(9, DEALS)),
        ];
        for step in steps {
            assert_eq!(step(busy.clone()), busy);
        }
    }
    // Reading takes no other step than its own.
    let reading = review.clone().pick(vec!["hubspot_deals.csv".into()]);
    let steps: [fn(ImportFlow) -> ImportFlow; 3] = [ImportFlow::parse, ImportFlow::clear, |f| {
        f.parsed(Vec::new())
    }];
    for step in steps {
        assert_eq!(step(reading.clone()), reading);
    }
    // A review has no report to confirm nor a save to finish.
    assert_eq!(review.clone().confirm(), review);
    assert_eq!(review.clone().saved(MergeSummary::default()), review);
    assert_eq!(review.clone().clear(), ImportFlow::Idle);
}

#[test]
fn edits_reach_their_file_only() {
    let mut flow = pick_and_read(ImportFlow::Idle, 0, &[ORDERS, DEALS]);
    let before = flow.files()[1].clone();
    let revision = flow.files()[0].revision;
    flow.advance(|f| f.edit(0, FileEdit::Kind(Kind::Tickets)));
    flow.advance(|f| f.edit(0, FileEdit::Assign(Field::Status, Some(0))));
    let file = &flow.files()[0];
    let a = file.analysis.as_ref().unwrap();
    assert_eq!(
        (a.kind, a.mapping.column_of(Field::Status)),
        (Kind::Tickets, Some(0))
    );
    assert_eq!(file.revision, revision + 2);
    assert_eq!(flow.files()[1], before);
    // Edits of a refused file count (its card renders again) but change nothing else.
    let mut flow = ImportFlow::Idle
        .pick(vec!["x.csv".into()])
        .file_read(PendingFile::refused(
            5,
            "x.csv".into(),
            ImportError::Empty.into(),
        ))
        .read_all(&Dataset::default());
    flow.advance(|f| f.edit(5, FileEdit::Kind(Kind::Orders)));
    assert_eq!(flow.files()[0].revision, 1);
    assert!(flow.files()[0].analysis.is_err());
    // Files read so far can be edited while the next one is read.
    let reading = flow.pick(vec!["y.csv".into()]).edit(5, FileEdit::Remove);
    assert!(matches!(&reading, ImportFlow::Reading { files, .. } if files.is_empty()));
}

#[test]
fn a_remembered_mapping_is_applied_and_said() {
    let fresh = read(0, ORDERS);
    let mut mapping = fresh.analysis.as_ref().unwrap().mapping.clone();
    let amount = mapping.column_of(Field::Amount);
    assert!(amount.is_some());
    mapping.assign(Field::Amount, None);
    let bytes = fixture(ORDERS);
    let analysis = analyze("chinese_orders.csv", &bytes, None).map_err(ImportFlowError::from);
    let file = PendingFile::new(
        0,
        "chinese_orders.csv".into(),
        text(&bytes),
        analysis.clone(),
        Some(&mapping),
    );
    assert!(file.remembered);
    assert_eq!(
        file.analysis
            .as_ref()
            .unwrap()
            .mapping
            .column_of(Field::Amount),
        None
    );
    // The same mapping as the importer's own is not news.
    let same = fresh.analysis.as_ref().unwrap().mapping.clone();
    let file = PendingFile::new(
        0,
        "chinese_orders.csv".into(),
        fresh.text.clone(),
        analysis,
        Some(&same),
    );
    assert!(!file.remembered);
}

#[test]
fn lookups_are_proposed_for_the_files_of_a_pick() {
    let (deals, accounts) = ("pipeline/sales_pipeline.csv", "pipeline/accounts.csv");
    // Picked together, the accounts are read as a lookup of the deals.
    let flow = pick_and_read(ImportFlow::Idle, 0, &[deals, accounts]);
    let file = &flow.files()[1];
    let offer = file.lookup_offer.clone().expect("proposed");
    assert_eq!(
        (offer.kind, offer.key.as_str()),
        (Kind::Deals, "customer_name")
    );
    assert_eq!(file.analysis.as_ref().unwrap().lookup, Some(offer));
    // Read as records, it stays so when more files come: only a pick's files are proposed.
    let flow = pick_and_read(ImportFlow::Idle, 0, &[accounts]);
    assert_eq!(flow.files()[0].lookup_offer, None);
    let flow = pick_and_read(flow, 1, &[deals]);
    assert_eq!(flow.files()[0].lookup_offer, None);
    assert_eq!(flow.files()[0].analysis.as_ref().unwrap().lookup, None);
    // The kind picker's lookup choice reads it as its offer.
    let flow = pick_and_read(ImportFlow::Idle, 0, &[deals, accounts])
        .edit(1, FileEdit::Kind(Kind::Customers))
        .edit(1, FileEdit::AsLookup);
    assert!(flow.files()[1].analysis.as_ref().unwrap().lookup.is_some());
}

#[test]
fn every_refusal_is_worded_in_both_languages() {
    let refusals = [
        ImportError::Empty,
        ImportError::NoHeader,
        ImportError::TooLarge { bytes: 300_000_000 },
        ImportError::TooManyColumns {
            columns: 10_000,
            line: 1,
        },
        ImportError::RowTooLong {
            line: 2,
            bytes: 50_000_000,
        },
        ImportError::UnclosedQuote {
            line: 3,
            column: "note".into(),
        },
        ImportError::UnclosedQuote {
            line: 3,
            column: String::new(),
        },
    ];
    // Every binary signature the decoder knows, and plain binary data.
    let signatures: [&[u8]; 7] = [
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0",
        b"%PDF",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"\x1F\x8B",
        b"\0\0\0",
    ];
    let binary = signatures.map(|s| {
        decode(&[s, &[0u8; 16][..]].concat())
            .map(|_| ())
            .unwrap_err()
    });
    for e in refusals.into_iter().chain(binary) {
        let (en, zh) = (
            (En.texts().data.import_error)(&e),
            (Zh.texts().data.import_error)(&e),
        );
        // English: the importer's own words.
        assert_eq!(en, e.to_string());
        assert!(super::i18n::has_cjk(&zh), "{zh}");
        if let ImportError::Binary { what } = &e {
            assert!(!zh.contains(what), "{what} is not translated");
        }
        for number in ["300", "250", "10000", "1000", "50", "note"] {
            assert_eq!(
                en.contains(number),
                zh.contains(number),
                "{number} in {en} / {zh}"
            );
        }
        // A file's error reads the same through the flow's error.
        assert_eq!(Zh.texts().import_flow_error(&e.clone().into()), zh);
    }
}
