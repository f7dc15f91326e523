//! `rapport bench-metrics DIR`: the native twin of the web app's benchmark entry point
//! (`bench_parse` + `bench_compute` in `src/bench.rs`). Reads `DIR/orders.csv`,
//! `DIR/customers.csv` and `DIR/deals.csv` through the import pipeline, prints the metric set
//! of `../shared/bench/METRICS.md` as JSON on stdout and the phase timings on stderr.

use crate::metrics::Bench;
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "Usage: rapport bench-metrics DIR

Imports DIR/orders.csv, DIR/customers.csv and DIR/deals.csv (a data set of the benchmark's
generator, ../shared/bench/gen_data.py) with the app's import pipeline and prints the
benchmark metric set (../shared/bench/METRICS.md) as one JSON object. Phase timings go to
stderr.
";

/// The benchmark's three files, in the order the browser entry point takes them.
const FILES: [&str; 3] = ["orders", "customers", "deals"];

/// Runs the subcommand; `args` are the arguments after `bench-metrics`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let [dir] = args else {
        eprintln!("rapport bench-metrics: expected one directory\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let files: Vec<String> = FILES
        .iter()
        .map(|name| {
            Path::new(dir)
                .join(format!("{name}.csv"))
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let b = match Bench::run(&files) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("rapport bench-metrics: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", b.metrics);
    let l = &b.load;
    eprintln!(
        "read {:.1} ms, import {:.1} ms (analyze + parse {:.1}, merge {:.1}), \
         compute {:.1} ms, total {:.1} ms",
        l.read,
        l.import(),
        l.parse,
        l.merge,
        b.compute,
        b.total()
    );
    ExitCode::SUCCESS
}
