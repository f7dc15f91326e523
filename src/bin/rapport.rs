//! `rapport`: the terminal twin of the web app. It runs the same core on files.

use std::process::ExitCode;

const HELP: &str = "\
rapport — private CRM analytics, from a terminal

Usage: rapport [--help | --version]

Runs the same import and metrics core as the Rapport web app on CSV files.

Options:
  -h, --help       Print this help
  -V, --version    Print the version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("rapport {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("rapport: unknown argument {other:?}\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}
