//! `rapport publish FILE... --out FILE --passphrase-file F [--name NAME] [--redact]`: a team
//! workspace for the site (`storage::workspace`), sealed natively (`storage::rustcrypto`).

use rapport::core::metrics::Params;
use rapport::core::model::Day;
use rapport::storage::lock::{LockRecord, ITERATIONS};
use rapport::storage::prefs::{self, PARAMS_KEY, PARAMS_VERSION};
use rapport::storage::rustcrypto::{random, RustAesGcm};
use rapport::storage::workspace::{publish, read, Publication};
use std::collections::BTreeMap;
use std::process::ExitCode;

const USAGE: &str = "Usage: rapport publish FILE... --out FILE --passphrase-file F [--name NAME]
                       [--redact] [--date YYYY-MM-DD] [--param NAME=VALUE]...

Imports the CSV files (as `rapport metrics` does) and writes a team workspace: the records
and the parameters, sealed with AES-256-GCM under a key derived from the team passphrase
(PBKDF2-SHA-256, 600,000 iterations, a random salt). Put it in the site as
data/workspace.rapport, beside index.html (in this repository: data/workspace.rapport,
which the build copies); the page asks for the passphrase and shows the data read-only.

  --out FILE            where to write the workspace
  --passphrase-file F   the team passphrase: the first line of F (`-`: standard input);
                        at least 8 characters. Tell it to the team another way.
  --name NAME           who publishes it, as the team will read it
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
    let (dataset, _, _) = crate::metrics::load(&o.files)?;
    let publication = Publication {
        published: o.date.unwrap_or_else(today),
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
