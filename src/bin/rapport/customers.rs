//! `rapport customers FILE... --csv [--as-of DATE] [--from DATE] [--to DATE] [filters]`: the
//! per-customer table.

use crate::metrics::{default_as_of, load, options};
use rapport::core::metrics::{customer_table, AsOf, CustomerIndex, CustomerModel, Filter};
use std::process::ExitCode;

const USAGE: &str =
    "Usage: rapport customers FILE... --csv [--as-of DATE] [--from DATE] [--to DATE]
                         [--segment S]... [--channel C]... [--owner O]...
                         [--pick KIND.COLUMN=VALUE]...

Prints one CSV row per customer with a purchase in the period: id, first and last purchase,
frequency, recency, T, monetary, value_v, R/F/M scores, segment, ABC class, P(alive),
expected purchases (next 90 days) and CLV (12 months, 1 %/month). Definitions:
docs/METRICS.md.
";

/// Runs the subcommand; `args` are the arguments after `customers`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let o = match options(args, &["--csv"]) {
        Ok(o) if o.flags.iter().any(|f| f == "--csv") => o,
        Ok(_) => {
            eprintln!("rapport customers: --csv is required (the only output format)\n\n{USAGE}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("rapport customers: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let ds = match load(&o.files) {
        Ok((ds, _, _)) => ds,
        Err(e) => {
            eprintln!("rapport customers: {e}");
            return ExitCode::FAILURE;
        }
    };
    let as_of = o.as_of.unwrap_or_else(|| default_as_of(&ds));
    let idx = CustomerIndex::build(&ds);
    let filter =
        Filter::resolve(&ds, &o.filter_text).with_index(&ds, &idx, &AsOf::same(as_of), &o.params);
    let model = CustomerModel::fit(&idx, as_of, &o.params);
    let rows = customer_table(&ds, &idx, Some(&model), &filter, as_of, &o.params);
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
    let header = [
        "id",
        "first_purchase",
        "last_purchase",
        "frequency",
        "recency",
        "T",
        "repeat_purchases",
        "t_x",
        "repeat_monetary",
        "monetary",
        "value_v",
        "R",
        "F",
        "M",
        "segment",
        "abc",
        "p_alive",
        "expected_purchases",
        "clv",
    ];
    let mut result = w.write_record(header);
    for r in &rows {
        if result.is_err() {
            break;
        }
        result = w.write_record([
            r.id.clone(),
            r.first_purchase.clone(),
            r.last_purchase.clone(),
            r.frequency.to_string(),
            r.recency.to_string(),
            r.t.to_string(),
            r.repeat_purchases.map_or(String::new(), |x| x.to_string()),
            r.t_x.map_or(String::new(), |t| t.to_string()),
            opt(r.repeat_monetary),
            format!("{:.2}", r.monetary),
            format!("{:.2}", r.value_v),
            r.r.to_string(),
            r.f.to_string(),
            r.m.to_string(),
            r.segment.to_string(),
            r.abc.to_string(),
            opt(r.p_alive),
            opt(r.expected_purchases),
            opt(r.clv),
        ]);
    }
    match result.and_then(|()| w.flush().map_err(csv::Error::from)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapport customers: {e}");
            ExitCode::FAILURE
        }
    }
}
