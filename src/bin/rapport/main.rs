//! `rapport`: the terminal twin of the web app. It runs the same core on files.
//!
//! One subcommand per file beside this one; `main` only dispatches.

mod bench_metrics;
mod customers;
mod demo;
mod inspect;
mod metrics;
// Sealed natively (RustCrypto, not in the wasm32 build, where `cargo test --target
// wasm32-unknown-unknown` still compiles this binary).
#[cfg(not(target_arch = "wasm32"))]
mod publish;

use std::process::ExitCode;

const HELP: &str = "\
rapport — private CRM analytics, from a terminal

Usage: rapport [--help | --version]
       rapport <command> [args...]

Runs the same import and metrics core as the Rapport web app on CSV files.

Commands:
  inspect FILE... [--json]   Show what the importer decides for each file
  metrics FILE... [--json]   Every dashboard metric (--as-of, --from, --to, filters; --bench)
  customers FILE... --csv    The per-customer table (RFM, ABC, P(alive), CLV)
  demo --out DIR [--seed N]  Write the demo data as five CSV files (--customers, --as-of)
  bench-metrics DIR          The benchmark metric set of DIR/{orders,customers,deals}.csv
  publish FILE... --out F --passphrase-file P [--name N] [--redact]
                             A team workspace for the site, sealed with a passphrase

Options:
  -h, --help       Print this help
  -V, --version    Print the version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("rapport {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("inspect") => inspect::run(rest),
        Some("metrics") => metrics::run(rest),
        Some("customers") => customers::run(rest),
        Some("demo") => demo::run(rest),
        Some("bench-metrics") => bench_metrics::run(rest),
        #[cfg(not(target_arch = "wasm32"))]
        Some("publish") => publish::run(rest),
        Some(other) => {
            eprintln!("rapport: unknown argument {other:?}\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}
