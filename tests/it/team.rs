//! The team workspace: redaction (`core::redact`) and the file format
//! (`storage::workspace`), sealed with the terminal's cipher (`storage::rustcrypto`).

use rapport::core::demo::{generate, DemoOptions};
use rapport::core::export::figures_document;
use rapport::core::import::{merge, parse, propose_each, read, MergePolicy, NoProgress};
use rapport::core::import::{Analysis, ParseOptions, Parsed};
use rapport::core::metrics::Params;
use rapport::core::metrics::{dashboard, holdout, AsOf, CustomerIndex, CustomerModel, Filter};
use rapport::core::model::{Dataset, Day};
use rapport::core::redact::{keeps_column, redact};
use serde_json::Value;

/// Files imported as the terminal twin and the Data page do: each read, weakly recognised
/// ones proposed as lookups, merged with placeholders.
fn import(paths: &[&str]) -> Dataset {
    let raw: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            let path = format!("{}/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR"));
            let name = p.rsplit('/').next().unwrap().to_string();
            (
                name,
                std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
            )
        })
        .collect();
    let files: Vec<(Analysis, Parsed)> = (raw.iter())
        .map(|(name, bytes)| read(name, bytes, None, &ParseOptions::default()).unwrap())
        .collect();
    let analyses: Vec<Option<&Analysis>> = files.iter().map(|(a, _)| Some(a)).collect();
    let proposals = propose_each(&analyses, &[]);
    let parsed = (files.into_iter().zip(&raw).zip(proposals))
        .map(|(((mut a, p), (_, bytes)), proposal)| match proposal {
            Some(target) => {
                a.set_lookup(Some(target));
                parse(&a, bytes, &ParseOptions::default(), &mut NoProgress)
            }
            None => p,
        })
        .collect();
    merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true).0
}

/// CRM exports with people and free text in them: contacts with phones, deals with titles
/// and owners, tickets with requesters and subjects, a deal export naming people in extra
/// columns, and lookup files (accounts, products, sales teams with managers).
const PEOPLE: [&str; 9] = [
    "import/hubspot_contacts.csv",
    "import/hubspot_deals.csv",
    "import/zendesk_tickets.csv",
    "import/pipedrive_deals.csv",
    "import/salesforce_opportunities.csv",
    "pipeline/sales_pipeline.csv",
    "pipeline/accounts.csv",
    "pipeline/sales_teams.csv",
    "pipeline/products.csv",
];

fn small_demo() -> Dataset {
    generate(&DemoOptions {
        customers: 300,
        ..DemoOptions::default()
    })
}

/// Every figure of the dataset (the CLI's `metrics --json` document, or only its
/// dashboard), under the whole history at each kind's latest date.
fn figures(ds: &Dataset, whole: bool) -> Value {
    let as_of = AsOf::of(ds, Day::default());
    let filter = Filter::all();
    let idx = CustomerIndex::build(ds);
    let params = Params::default();
    let model = CustomerModel::fit(&idx, as_of.orders, &params);
    let d = dashboard(ds, &idx, Some(&model), &filter, &as_of, &params);
    if !whole {
        return serde_json::json!(d);
    }
    let backtest = holdout(&idx, as_of.orders, 6);
    figures_document(ds, &idx, &d, &filter, backtest.as_ref())
}

/// The numbers of a document, sorted: what redaction must leave equal, whatever the names
/// (keys and texts) the figures are filed under.
fn numbers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Number(n) => out.push(n.to_string()),
            Value::Bool(b) => out.push(b.to_string()),
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            Value::Null | Value::String(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out.sort();
    out
}

/// The names, e-mail addresses and phone numbers of the data's people (customers, owners,
/// requesters, contacts), its companies, and its free texts (deal titles, ticket subjects).
fn personal_texts(ds: &Dataset) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &ds.customers.rows {
        for s in [
            c.name,
            c.email,
            c.phone,
            c.company,
            c.owner,
            c.first_name,
            c.last_name,
        ] {
            out.push(ds.str(s).to_string());
        }
    }
    for d in &ds.deals.rows {
        out.extend([ds.str(d.title), ds.str(d.owner)].map(String::from));
    }
    out.retain(|s| s.trim().len() >= 4);
    out.sort();
    out.dedup();
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn redacted_data_holds_no_name_email_phone_or_free_text() {
    for (what, ds) in [("demo", small_demo()), ("exports", import(&PEOPLE))] {
        let redacted = redact(&ds);
        let bytes = rapport::storage::codec::encode(&redacted);
        let mut texts = personal_texts(&ds);
        if what == "exports" {
            // In extra columns and lookups: requesters, contacts, managers, subjects.
            texts.extend(
                [
                    "Ana Lima",
                    "ana@acme.example",
                    "Ben Okafor",
                    "ben@globex.example",
                    "+1 (555) 010-0001",
                    "Ilse Maier",
                    "ilse@umbrella.example",
                    "Tony Stark",
                    "tony@stark.example",
                    "Cannot export",
                    "Invoice copy",
                    "Acme renewal",
                    "Edge Emergency Generator",
                    "Website redesign",
                    "Bo Chen",
                    "Ivy Lee",
                    "Max Roth",
                    "Dustin",
                ]
                .map(String::from),
            );
        }
        assert!(texts.len() > 10, "{what}: {texts:?}");
        for t in &texts {
            assert!(
                !contains(&bytes, t),
                "{what}: {t:?} is in the redacted data"
            );
            assert!(
                redacted.strings.lookup(t).is_none(),
                "{what}: {t:?} is a text of the redacted data"
            );
        }
        assert!(!contains(&bytes, "@acme"), "{what}");
        // The pseudonyms stand in their place.
        assert_eq!(
            redacted.str(redacted.customers.rows[0].name),
            "Customer 0001"
        );
        assert!(redacted.check().is_ok(), "{what}");
    }
}

#[test]
fn redaction_leaves_every_figure_that_names_no_one_equal() {
    // The demo: every figure, every breakdown (its free texts are categories).
    let ds = small_demo();
    let redacted = redact(&ds);
    assert_eq!(
        numbers(&figures(&redacted, true)),
        numbers(&figures(&ds, true))
    );
    // Exports whose free-text columns go: the dashboard's figures.
    let ds = import(&PEOPLE);
    let redacted = redact(&ds);
    assert_eq!(
        numbers(&figures(&redacted, false)),
        numbers(&figures(&ds, false))
    );
    for kind in rapport::core::model::Kind::ALL {
        assert_eq!(redacted.count(kind), ds.count(kind), "{kind:?}");
    }
    // The sales teams' lookup is still joined to the deals' (pseudonymous) owners; its
    // manager column, which names people, is gone.
    let teams = (redacted.lookups.iter())
        .find(|l| redacted.str(l.file) == "sales_teams.csv")
        .expect("the sales teams lookup");
    let attributes: Vec<&str> = (teams.table.extra_columns.iter())
        .map(|c| redacted.str(*c))
        .collect();
    assert_eq!(attributes, ["regional_office"]);
    let joined = |ds: &Dataset, keys: &[rapport::core::model::Sym]| {
        let owners: Vec<&str> = ds.deals.rows.iter().map(|d| ds.str(d.owner)).collect();
        let keys = keys.iter().filter(|k| owners.contains(&ds.str(**k)));
        keys.count()
    };
    let before = (ds.lookups.iter())
        .find(|l| ds.str(l.file) == "sales_teams.csv")
        .unwrap();
    assert_eq!(joined(&redacted, &teams.table.rows), 3);
    assert_eq!(joined(&ds, &before.table.rows), 3);
}

#[test]
fn pseudonyms_are_stable_when_data_is_appended() {
    let ds = small_demo();
    let redacted = redact(&ds);
    let mut fewer = ds.clone();
    fewer.customers.rows.truncate(200);
    let n = fewer.customers.extra_columns.len();
    fewer.customers.extra_values.truncate(200 * n);
    let redacted_fewer = redact(&fewer);
    for i in 0..200 {
        let (a, b) = (
            &redacted.customers.rows[i],
            &redacted_fewer.customers.rows[i],
        );
        assert_eq!(redacted.str(a.name), redacted_fewer.str(b.name));
        assert_eq!(redacted.str(a.id), redacted_fewer.str(b.id));
        assert_eq!(redacted.str(a.email), redacted_fewer.str(b.email));
    }
    // And the same data gives the same file contents.
    assert_eq!(redact(&ds), redacted);
    // Each customer is told apart by its own position, also where two share a name (the
    // demo has such namesakes); a reference by name reaches the first, as before.
    let names: Vec<&str> = ds.customers.rows.iter().map(|c| ds.str(c.name)).collect();
    assert!((1..names.len()).any(|i| names[..i].contains(&names[i])));
    for (i, c) in redacted.customers.rows.iter().enumerate() {
        assert_eq!(redacted.str(c.name), format!("Customer {:04}", i + 1));
    }
}

#[test]
fn which_columns_redaction_keeps() {
    let keeps = |header: &str, values: &[&str]| keeps_column(header, values.iter().copied());
    // Categories and numbers.
    assert!(keeps("plan", &["Gold", "Silver", "Gold", ""]));
    assert!(keeps("discount", &["12.5", "-3", "0", "1234567", "0,5"]));
    assert!(keeps("renewal", &["2024-01-05", "05/01/2024"]));
    assert!(keeps("lost_at_stage", &["Proposal", "Qualified"]));
    // Headers that name people or free text.
    for h in [
        "Requester",
        "Person - Name",
        "contactEmail",
        "Phone Number",
        "Notes",
        "Subject",
        "Deal Description",
        "manager",
        "联系人",
        "备注",
    ] {
        assert!(!keeps(h, &["x"]), "{h}");
    }
    // Values that are e-mail addresses, phone numbers or free text.
    assert!(!keeps("extra", &["a@b.example"]));
    assert!(!keeps("extra", &["+1 (555) 010-0001"]));
    assert!(!keeps("extra", &["0612345678"]));
    assert!(!keeps(
        "extra",
        &["The customer called twice about the invoice"]
    ));
    assert!(!keeps("extra", &["x".repeat(41).as_str()]));
    let many: Vec<String> = (0..101).map(|i| format!("v{i}")).collect();
    assert!(!keeps_column("extra", many.iter().map(String::as_str)));
    assert!(keeps_column(
        "extra",
        many[..100].iter().map(String::as_str)
    ));
    // Words inside other words do not count.
    assert!(keeps("shipping_tier", &["A", "B"]));
    assert!(keeps("hotel", &["A", "B"]));
}

mod workspace {
    use super::{contains, import, personal_texts, small_demo, PEOPLE};
    use pollster::block_on;
    use rapport::core::model::{Dataset, Day};
    use rapport::storage::codec::Damage;
    use rapport::storage::lock::{LockRecord, ITERATIONS};
    use rapport::storage::rustcrypto::RustAesGcm;
    use rapport::storage::workspace::{
        contents, open, publish, read, seal, Counts, Header, Publication, WorkspaceError,
        MAX_ITERATIONS,
    };
    use std::collections::BTreeMap;

    /// Few iterations where a test derives many keys (the format reads any count up to
    /// `MAX_ITERATIONS`); `passphrase_at_full_strength` uses the real count.
    const FAST: u32 = 1_000;
    const SALT: [u8; 16] = *b"0123456789abcdef";

    fn key(passphrase: &str) -> (RustAesGcm, LockRecord) {
        let cipher = RustAesGcm::derive(passphrase, &SALT, FAST);
        let record = block_on(LockRecord::new(&cipher, FAST, SALT)).unwrap();
        (cipher, record)
    }

    fn publication(redacted: bool) -> Publication {
        Publication {
            published: Day::from_ymd(2026, 7, 1).unwrap(),
            publisher: " Ana (sales ops) ".into(),
            redacted,
        }
    }

    fn prefs() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("rapport.params".into(), r#"{"v":1,"value":{}}"#.into()),
            (
                "rapport.mappings".into(),
                r#"{"v":1,"value":{"entries":[]}}"#.into(),
            ),
            // Not shared: the member's own choices stay theirs.
            ("rapport.theme".into(), r#"{"v":1,"value":"dark"}"#.into()),
        ])
    }

    /// A small dataset: the first customers of the exports with people in them.
    fn small() -> Dataset {
        import(&PEOPLE[..3])
    }

    fn published(ds: &Dataset, redacted: bool, passphrase: &str) -> Vec<u8> {
        let (cipher, record) = key(passphrase);
        block_on(publish(
            &publication(redacted),
            ds,
            &prefs(),
            &cipher,
            &record,
        ))
        .unwrap()
    }

    fn open_with(
        bytes: &[u8],
        passphrase: &str,
    ) -> Result<(Dataset, BTreeMap<String, String>), WorkspaceError> {
        let sealed = read(bytes)?;
        let cipher = RustAesGcm::derive(passphrase, &sealed.record.salt, sealed.record.iterations);
        let backup = block_on(open(&sealed, &cipher))?;
        Ok((backup.dataset, backup.prefs))
    }

    #[test]
    fn a_workspace_round_trips_with_its_header_in_clear() {
        let ds = small_demo();
        let bytes = published(&ds, false, "team passphrase");
        assert!(bytes.starts_with(b"RAPPORT-TEAM\0\0\0\0"));
        let sealed = read(&bytes).unwrap();
        assert_eq!(
            sealed.header,
            Header {
                published: Day::from_ymd(2026, 7, 1).unwrap(),
                publisher: "Ana (sales ops)".into(),
                redacted: false,
                records: Counts::of(&ds),
            }
        );
        assert_eq!(sealed.record.iterations, FAST);
        assert_eq!(sealed.record.salt, SALT);
        // The header reads as JSON in the file, for whoever looks.
        assert!(contains(
            &bytes,
            r#""published":"2026-07-01","publisher":"Ana (sales ops)""#
        ));
        let (back, shared) = open_with(&bytes, "team passphrase").unwrap();
        assert_eq!(back, ds);
        assert_eq!(
            shared.keys().collect::<Vec<_>>(),
            ["rapport.mappings", "rapport.params"]
        );
        // Nothing of the records is readable in the file.
        let (_, plain) = contents(&publication(false), &ds, &prefs());
        let name = ds.str(ds.customers.rows[0].name);
        assert!(contains(&plain, name) && !contains(&bytes, name));
    }

    #[test]
    fn a_wrong_passphrase_is_refused() {
        let bytes = published(&small(), false, "team passphrase");
        for wrong in ["Team passphrase", "team passphrase ", "", "密码"] {
            assert_eq!(
                open_with(&bytes, wrong),
                Err(WorkspaceError::WrongPassphrase)
            );
        }
    }

    #[test]
    fn every_damaged_byte_is_refused() {
        let ds = small();
        let bytes = published(&ds, false, "pass");
        assert!(bytes.len() < 8_000, "{}", bytes.len());
        let (cipher, _) = key("pass");
        let refused = |bad: &[u8], what: &str| {
            // Refused by its clear part, or else by the seal: never a dataset.
            if let Ok(sealed) = read(bad) {
                let opened = block_on(open(&sealed, &cipher));
                assert!(opened.is_err(), "{what}: opened");
            }
        };
        for i in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[i] ^= flip;
                refused(&bad, &format!("byte {i} ^ {flip:#x}"));
                // The checksum tells damage from a wrong passphrase, before any key.
                let expected = if i < 16 {
                    Err(WorkspaceError::NotWorkspace)
                } else {
                    Err(WorkspaceError::Damaged(Damage::Checksum))
                };
                assert_eq!(read(&bad).map(|_| ()), expected, "byte {i} ^ {flip:#x}");
            }
        }
        for len in 0..bytes.len() {
            refused(&bytes[..len], &format!("cut at {len}"));
        }
        let mut longer = bytes.clone();
        longer.push(0);
        refused(&longer, "a byte added");
        assert!(open_with(&bytes, "pass").is_ok());
    }

    /// Recomputes the checksum of a file changed on purpose.
    fn resum(bytes: &mut Vec<u8>) {
        let end = bytes.len() - 8;
        bytes.truncate(end);
        let sum = xxhash_rust::xxh3::xxh3_64(bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
    }

    #[test]
    fn a_changed_header_or_contents_do_not_open_even_with_the_checksum_redone() {
        let bytes = published(&small(), true, "pass");
        let find = |b: &[u8], t: &str| b.windows(t.len()).position(|w| w == t.as_bytes());
        for (from, to) in [
            (r#""redacted":true"#, r#""redacted":fals"#),
            (r#""publisher":"Ana"#, r#""publisher":"Bob"#),
            (r#""published":"2026-07-01""#, r#""published":"2026-07-02""#),
        ] {
            let at = find(&bytes, from).unwrap_or_else(|| panic!("{from}"));
            let mut bad = bytes.clone();
            bad[at..at + to.len()].copy_from_slice(to.as_bytes());
            resum(&mut bad);
            let expected = if from.contains("redacted") {
                // `fals` is not JSON.
                Err(WorkspaceError::Damaged(Damage::Undecodable(
                    "header".into(),
                )))
            } else {
                Err(WorkspaceError::Tampered)
            };
            assert_eq!(open_with(&bad, "pass").map(|_| ()), expected, "{to}");
        }
        // A sealed byte changed: the seal refuses it.
        let mut bad = bytes.clone();
        let at = bad.len() - 20;
        bad[at] ^= 1;
        resum(&mut bad);
        assert_eq!(
            open_with(&bad, "pass").map(|_| ()),
            Err(WorkspaceError::Tampered)
        );
    }

    #[test]
    fn foreign_newer_and_crafted_files_are_refused_with_their_reason() {
        let bytes = published(&small(), false, "pass");
        assert_eq!(
            read(b"<!doctype html><html>").map(|_| ()),
            Err(WorkspaceError::NotWorkspace)
        );
        assert_eq!(read(b"").map(|_| ()), Err(WorkspaceError::NotWorkspace));
        let backup = rapport::storage::backup::encode(&small(), &BTreeMap::new());
        assert_eq!(read(&backup).map(|_| ()), Err(WorkspaceError::NotWorkspace));
        let mut newer = bytes.clone();
        newer[16] = 2;
        resum(&mut newer);
        assert_eq!(
            read(&newer).map(|_| ()),
            Err(WorkspaceError::TooNew {
                found: 2,
                supported: 1
            })
        );
        newer[16] = 0;
        resum(&mut newer);
        assert_eq!(
            read(&newer).map(|_| ()),
            Err(WorkspaceError::Damaged(Damage::FormatVersionZero))
        );
        // A header asking for more PBKDF2 iterations than anyone uses is not derived.
        let header = read(&bytes).unwrap().header;
        let cipher = RustAesGcm::derive("pass", &SALT, FAST);
        let record = block_on(LockRecord::new(&cipher, MAX_ITERATIONS + 1, SALT)).unwrap();
        let crafted = block_on(seal(&header, b"x", &cipher, &record)).unwrap();
        assert_eq!(
            read(&crafted).map(|_| ()),
            Err(WorkspaceError::Damaged(Damage::Undecodable(
                "iterations".into()
            )))
        );
        // Sealed contents that are not a backup.
        let record = block_on(LockRecord::new(&cipher, FAST, SALT)).unwrap();
        let crafted = block_on(seal(&header, b"not a backup", &cipher, &record)).unwrap();
        assert!(matches!(
            open_with(&crafted, "pass"),
            Err(WorkspaceError::Damaged(_))
        ));
        // A header whose counts are not the contents'.
        let mut lying = header.clone();
        lying.records.orders += 1;
        let (_, plain) = contents(&publication(false), &small(), &prefs());
        let crafted = block_on(seal(&lying, &plain, &cipher, &record)).unwrap();
        assert_eq!(
            open_with(&crafted, "pass").map(|_| ()),
            Err(WorkspaceError::Tampered)
        );
    }

    #[test]
    fn a_redacted_workspace_holds_no_one_before_or_after_sealing() {
        let ds = import(&PEOPLE);
        let (header, plain) = contents(&publication(true), &ds, &prefs());
        assert!(header.redacted);
        let bytes = published(&ds, true, "pass");
        let (back, _) = open_with(&bytes, "pass").unwrap();
        let back_bytes = rapport::storage::codec::encode(&back);
        let texts = personal_texts(&ds);
        assert!(texts.iter().any(|t| t == "ana@acme.example"));
        for t in &texts {
            for (what, b) in [
                ("contents", &plain),
                ("file", &bytes),
                ("opened", &back_bytes),
            ] {
                assert!(!contains(b, t), "{t:?} is in the {what}");
            }
        }
        assert_eq!(back, rapport::core::redact::redact(&ds));
    }

    #[test]
    fn passphrase_at_full_strength() {
        // 600,000 PBKDF2-SHA-256 rounds and a random salt, as `rapport publish` and the
        // Data page seal.
        let salt = rapport::storage::rustcrypto::random::<16>().unwrap();
        assert_ne!(salt, rapport::storage::rustcrypto::random::<16>().unwrap());
        let cipher = RustAesGcm::derive("correct horse", &salt, ITERATIONS);
        let record = block_on(LockRecord::new(&cipher, ITERATIONS, salt)).unwrap();
        let bytes = block_on(publish(
            &publication(false),
            &small(),
            &prefs(),
            &cipher,
            &record,
        ))
        .unwrap();
        assert_eq!(read(&bytes).unwrap().record.iterations, 600_000);
        assert_eq!(open_with(&bytes, "correct horse").unwrap().0, small());
    }
}

/// `rapport publish`, run as a team lead runs it in CI.
mod cli {
    use super::{import, PEOPLE};
    use pollster::block_on;
    use rapport::core::model::Day;
    use rapport::storage::rustcrypto::RustAesGcm;
    use rapport::storage::workspace::{open, read};
    use std::io::Write;
    use std::process::{Command, Output, Stdio};

    fn publish(args: &[&str], passphrase: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .arg("publish")
            .args(args)
            .args(["--passphrase-file", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rapport runs");
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{passphrase}").unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    #[test]
    fn publish_writes_a_workspace_that_opens_with_the_passphrase() {
        let dir = std::env::temp_dir().join(format!("rapport-publish-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("workspace.rapport");
        let files: Vec<String> = PEOPLE
            .iter()
            .map(|p| format!("{}/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR")))
            .collect();
        let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
        let out_arg = out.to_str().unwrap();
        args.extend([
            "--out",
            out_arg,
            "--name",
            "Ana, sales ops",
            "--date",
            "2026-07-01",
            "--redact",
            "--param",
            "churn_window_days=60",
        ]);
        let run = publish(&args, "team passphrase");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            stdout.contains("published 2026-07-01 by \"Ana, sales ops\", redacted"),
            "{stdout}"
        );

        let bytes = std::fs::read(&out).unwrap();
        let sealed = read(&bytes).unwrap();
        assert_eq!(sealed.header.published, Day::from_ymd(2026, 7, 1).unwrap());
        assert_eq!(sealed.header.publisher, "Ana, sales ops");
        assert!(sealed.header.redacted);
        assert_eq!(sealed.record.iterations, 600_000);
        let cipher = RustAesGcm::derive("team passphrase", &sealed.record.salt, 600_000);
        let mut opened = block_on(open(&sealed, &cipher)).unwrap();
        // The import's entry in the history: the first, dated the day of publication.
        let history = std::mem::take(&mut opened.dataset.history);
        assert_eq!(history.len(), 1);
        assert!(history[0].first);
        assert_eq!(history[0].at.map(|t| t.day()), Day::from_ymd(2026, 7, 1));
        assert_eq!(
            opened.dataset,
            rapport::core::redact::redact(&import(&PEOPLE))
        );
        let params = &opened.prefs["rapport.params"];
        assert!(params.contains(r#""churn_window_days":60"#), "{params}");

        // A passphrase too short to be one is refused, and nothing is written.
        std::fs::remove_file(&out).unwrap();
        let run = publish(&args, "short");
        assert!(!run.status.success());
        assert!(String::from_utf8_lossy(&run.stderr).contains("at least 8 characters"));
        assert!(!out.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The monthly run: February's export published onto January's workspace.
    #[test]
    fn publish_onto_an_earlier_workspace_records_what_changed() {
        use rapport::core::model::{Change, Measure};
        let dir = std::env::temp_dir().join(format!("rapport-onto-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fixture = |m: &str| {
            format!(
                "{}/tests/fixtures/changes/deals_2024-{m}.csv",
                env!("CARGO_MANIFEST_DIR")
            )
        };
        let (jan, feb) = (dir.join("jan.rapport"), dir.join("feb.rapport"));
        let (jan_arg, feb_arg) = (jan.to_str().unwrap(), feb.to_str().unwrap());
        let run = publish(
            &[&fixture("01"), "--out", jan_arg, "--date", "2024-02-01"],
            "team passphrase",
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let onto = ["--onto", jan_arg, "--out", feb_arg, "--date", "2024-03-01"];
        let run = publish(
            &[&[fixture("02").as_str()][..], &onto].concat(),
            "team passphrase",
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let bytes = std::fs::read(&feb).unwrap();
        let sealed = read(&bytes).unwrap();
        let cipher = RustAesGcm::derive("team passphrase", &sealed.record.salt, 600_000);
        let ds = block_on(open(&sealed, &cipher)).unwrap().dataset;
        assert_eq!(ds.deals.len(), 8);
        let [first, second] = &ds.history[..] else {
            panic!("two publications: {:?}", ds.history.len());
        };
        assert!(first.first && !second.first);
        assert_eq!(second.files, ["deals_2024-02.csv"]);
        assert_eq!(first.figure(Measure::OpenDeals), Some(7.0));
        assert_eq!(second.figure(Measure::OpenDeals), Some(6.0));
        let won = second.line(Change::DealsWon).unwrap();
        let ids: Vec<&str> = won
            .rows
            .rows()
            .map(|i| ds.str(ds.deals.rows[i].id))
            .collect();
        assert_eq!(ids, ["D3"]);
        // Onto a wrong passphrase's workspace: refused, nothing written.
        let other = dir.join("other.rapport");
        let onto = ["--onto", jan_arg, "--out", other.to_str().unwrap()];
        let run = publish(
            &[&[fixture("02").as_str()][..], &onto].concat(),
            "another passphrase",
        );
        assert!(!run.status.success());
        assert!(!other.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
