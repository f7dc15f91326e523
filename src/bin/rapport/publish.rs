//! `rapport publish FILE... --out FILE --passphrase-file F [--name NAME] [--redact]`: a team
//! workspace for the site (`storage::workspace`), sealed natively (`storage::rustcrypto`).

use rapport::core::import::{merge, MergePolicy};
use rapport::core::metrics::{record_import, Batch, CustomerIndex, Params};
use rapport::core::model::{Dataset, Day, Timestamp};
use rapport::storage::lock::{LockRecord, ITERATIONS};
use rapport::storage::prefs::{self, PARAMS_KEY, PARAMS_VERSION};
use rapport::storage::rustcrypto::{random, RustAesGcm};
use rapport::storage::workspace::{open, publish, read, Publication};
use std::collections::BTreeMap;
use std::process::ExitCode;

const USAGE: &str = "Usage: rapport publish FILE... --out FILE --passphrase-file F [--name NAME]
                       [--onto PREVIOUS] [--redact] [--date YYYY-MM-DD]
                       [--param NAME=VALUE]...

Imports the CSV files (as `rapport metrics` does) and writes a team workspace: the records
and the parameters, sealed with AES-256-GCM under a key derived from the team passphrase
(PBKDF2-SHA-256, 600,000 iterations, a random salt). Put it in the site as
data/workspace.rapport, beside index.html (in this repository: data/workspace.rapport,
which the build copies); the page asks for the passphrase and shows the data read-only.

  --out FILE            where to write the workspace
  --passphrase-file F   the team passphrase: the first line of F (`-`: standard input);
                        at least 8 characters. Tell it to the team another way.
  --name NAME           who publishes it, as the team will read it
  --onto PREVIOUS       import the files on top of an earlier workspace (not redacted,
                        same passphrase): the team then sees what changed since it,
                        and each figure at each publication
  --redact              people become pseudonyms (Customer 0042) and free text is
                        dropped: the figures without the people (README: Share with your team)
  --date YYYY-MM-DD     the published date (default: today, UTC)
  --param NAME=VALUE    a parameter of the figures (repeatable; see `rapport metrics`)
";

/// The subcommand's options.
struct Options {
    files: Vec<String>,
    out: String,
    passphrase_file: String,
    name: String,
    redact: bool,
    date: Option<Day>,
    params: Params,
    onto: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let (mut out, mut passphrase_file, mut date) = (None, None, None);
    let mut o = Options {
        files: Vec::new(),
        out: String::new(),
        passphrase_file: String::new(),
        name: String::new(),
        redact: false,
        date: None,
        params: Params::default(),
        onto: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--out" => out = Some(value()?),
            "--passphrase-file" => passphrase_file = Some(value()?),
            "--name" => o.name = value()?,
            "--redact" => o.redact = true,
            "--onto" => o.onto = Some(value()?),
            "--date" => date = Some(value()?),
            "--param" => {
                let pair = value()?;
                (o.params.set_pair(&pair)).map_err(|e| format!("--param {pair}: {e}"))?;
            }
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown option {f:?}")),
            file => o.files.push(file.to_string()),
        }
    }
    if o.files.is_empty() {
        return Err("no file given".into());
    }
    o.out = out.ok_or("--out is required")?;
    o.passphrase_file = passphrase_file.ok_or("--passphrase-file is required")?;
    if let Some(d) = date {
        o.date = Some(
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map(Day::from_naive)
                .map_err(|_| format!("--date: not a date (YYYY-MM-DD): {d:?}"))?,
        );
    }
    Ok(o)
}

/// The first line of the passphrase file, without its line end.
fn passphrase(path: &str) -> Result<String, String> {
    let text = if path == "-" {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("standard input: {e}"))?;
        line
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?
    };
    let line = text.lines().next().unwrap_or("").to_string();
    if line.chars().count() < 8 {
        return Err(format!(
            "{path}: the passphrase must have at least 8 characters"
        ));
    }
    Ok(line)
}

/// The value of a future that never waits: the native cipher's work is done when it is
/// polled (no I/O), so one poll finishes it.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::pin!(future).poll(&mut cx) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => unreachable!("the native cipher never waits"),
    }
}

/// Today in UTC, from the system clock (the terminal's caller; the core reads none).
fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = chrono::DateTime::from_timestamp(secs as i64, 0).map(|t| t.date_naive());
    date.map_or(Day::default(), Day::from_naive)
}

/// The records of an earlier workspace, opened with the team passphrase; a redacted one is
/// refused (its pseudonyms would meet the new files' real names).
fn previous(path: &str, passphrase: &str) -> Result<Dataset, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let sealed = read(&bytes).map_err(|e| format!("{path}: {e}"))?;
    if sealed.header.redacted {
        return Err(format!(
            "{path}: a redacted workspace has pseudonyms instead of people: publish onto one \
             written without --redact (keep it out of the site)"
        ));
    }
    let record = &sealed.record;
    let cipher = RustAesGcm::derive(passphrase, &record.salt, record.iterations);
    let backup = block_on(open(&sealed, &cipher)).map_err(|e| format!("{path}: {e}"))?;
    Ok(backup.dataset)
}

/// `base` with the files imported onto it (records matched by id are updated), and the
/// import's entry in its history: what changed since `base`, the figures after it.
fn imported(
    base: Dataset,
    files: &[String],
    published: Day,
    params: &Params,
) -> Result<Dataset, String> {
    let (parsed, _) = crate::metrics::parse_files(files)?;
    // Onto an earlier workspace, a newer export's values win; alone, as `rapport metrics`.
    let policy = if base.is_empty() {
        MergePolicy::CreateOnly
    } else {
        MergePolicy::CreateAndUpdate
    };
    let (mut next, summary) = merge(&base, parsed, policy, true);
    let names = files.iter().map(|f| file_name(f)).collect();
    let batch = Batch {
        files: names,
        at: Some(Timestamp::at_midnight(published)),
        in_files: &summary.in_files,
    };
    let (before, after) = (CustomerIndex::build(&base), CustomerIndex::build(&next));
    let entry = record_import((&base, &before), (&next, &after), batch, params);
    next.history.push(entry);
    Ok(next)
}

/// A path's file name, as the browser knows a picked file.
fn file_name(path: &str) -> String {
    let name = std::path::Path::new(path).file_name();
    name.map_or(path.into(), |n| n.to_string_lossy().into_owned())
}

/// Runs the subcommand; `args` are the arguments after `publish`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let o = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("rapport publish: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match write(&o) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rapport publish: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Imports, seals and writes; returns what was written.
fn write(o: &Options) -> Result<String, String> {
    let passphrase = passphrase(&o.passphrase_file)?;
    let published = o.date.unwrap_or_else(today);
    let base = match &o.onto {
        Some(path) => previous(path, &passphrase)?,
        None => Dataset::default(),
    };
    let dataset = imported(base, &o.files, published, &o.params)?;
    let publication = Publication {
        published,
        publisher: o.name.clone(),
        redacted: o.redact,
    };
    let params = prefs::encode(PARAMS_VERSION, &o.params).to_string();
    let shared = BTreeMap::from([(PARAMS_KEY.to_string(), params)]);
    let salt = random::<16>().map_err(|e| e.to_string())?;
    let cipher = RustAesGcm::derive(&passphrase, &salt, ITERATIONS);
    let bytes = block_on(async {
        let record = LockRecord::new(&cipher, ITERATIONS, salt).await?;
        publish(&publication, &dataset, &shared, &cipher, &record).await
    })
    .map_err(|e| e.to_string())?;
    std::fs::write(&o.out, &bytes).map_err(|e| format!("{}: {e}", o.out))?;
    let header = read(&bytes).map_err(|e| e.to_string())?.header;
    let r = header.records;
    Ok(format!(
        "{}: {} bytes, published {} by {:?}{}: {} customers, {} orders, {} deals, {} tickets, \
         {} campaigns, {} contacts, {} lookups",
        o.out,
        bytes.len(),
        header.published.iso(),
        header.publisher,
        if header.redacted { ", redacted" } else { "" },
        r.customers,
        r.orders,
        r.deals,
        r.tickets,
        r.campaigns,
        r.responses,
        r.lookups
    ))
}
