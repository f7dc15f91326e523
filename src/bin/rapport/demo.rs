//! `rapport demo --out DIR [--seed N] [--customers N] [--as-of YYYY-MM-DD] [--years N]`:
//! writes the web app's demo data as five CSV files.

use rapport::core::demo::{generate, to_csv, DemoOptions};
use rapport::core::model::{Day, Kind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "Usage: rapport demo --out DIR [--seed N] [--customers N] [--as-of YYYY-MM-DD] [--years N]

Generates the demo data of the web app (seeded and deterministic: the same options give
the same files) and writes customers.csv, orders.csv, deals.csv, tickets.csv and
campaigns.csv into DIR (created if missing). They import back with `rapport inspect`.

  --seed N         random seed (default 42)
  --customers N    number of customers (default 2000)
  --as-of DATE     the last day of the data (default 2026-06-30)
  --years N        years of history ending at --as-of (default 3)
";

/// Runs the subcommand; `args` are the arguments after `demo`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (out, options) = match parse_args(args) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("rapport demo: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let ds = generate(&options);
    let elapsed = started.elapsed();
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("rapport demo: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for kind in Kind::ALL {
        let path = out.join(format!("{}.csv", kind.as_str()));
        if let Err(e) = std::fs::write(&path, to_csv(&ds, kind)) {
            eprintln!("rapport demo: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}\t{} rows", path.display(), ds.count(kind));
    }
    eprintln!(
        "generated in {:.1} ms (seed {}, {} customers, {} to {})",
        elapsed.as_secs_f64() * 1e3,
        options.seed,
        options.customers,
        options.start().iso(),
        options.as_of.iso()
    );
    ExitCode::SUCCESS
}

fn parse_args(args: &[String]) -> Result<(PathBuf, DemoOptions), String> {
    let mut options = DemoOptions::default();
    let mut out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => options.seed = number(flag, &value()?)?,
            "--customers" => options.customers = number(flag, &value()?)?,
            "--years" => {
                options.years = number(flag, &value()?)?;
                if !(1..=50).contains(&options.years) {
                    return Err("--years must be 1–50".into());
                }
            }
            "--as-of" => {
                let v = value()?;
                options.as_of = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map(Day::from_naive)
                    .map_err(|_| format!("--as-of: {v:?} is not a YYYY-MM-DD date"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok((out, options))
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: {v:?} is not a whole number"))
}
