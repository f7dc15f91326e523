//! `rapport metrics FILE... [--as-of DATE] [--from DATE] [--to DATE] [filters] [--json | --bench]`:
//! every dashboard metric as one JSON document, or the benchmark metric set.

use rapport::core::export::figures_document;
use rapport::core::import::{
    merge, parse, propose_each, read, Analysis, MergePolicy, NoProgress, ParseOptions, Parsed,
};
use rapport::core::metrics::{
    bench_metrics, dashboard, holdout, AsOf, CustomerIndex, CustomerModel, Filter, FilterText,
    Params, Pick,
};
use rapport::core::model::{Dataset, Day};
use serde_json::{json, Value};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "Usage: rapport metrics FILE... [--as-of DATE] [--from DATE] [--to DATE]
                       [--segment S]... [--channel C]... [--owner O]...
                       [--pick KIND.COLUMN=VALUE]...
                       [--churn-window DAYS] [--param NAME=VALUE]... [--json | --bench]

Imports the CSV files (any mix of customers, orders, deals, tickets, campaigns) and prints
every metric of the dashboard as one JSON document (keys: docs/METRICS.md). Without --json,
prints a short summary instead.

  --as-of DATE       the day the numbers are computed for, for every kind of record
                     (default: each kind's latest date)
  --from, --to DATE  the period (default: the whole history)
  --segment, --channel, --owner   keep only these (repeatable)
  --pick KIND.COLUMN=VALUE        keep the records of KIND (customers, orders, deals,
                     tickets, campaigns, responses) whose COLUMN has VALUE (a value as
                     written, a band such as 10–19, empty for none), as a click on a chart
                     element does; customers also have rfm_segment, cohort (YYYY-MM) and
                     abc. A customers pick narrows every kind to their records. Repeating
                     KIND.COLUMN keeps any of its values; different columns must all match
  --churn-window N   churn activity window in days (default 90)
  --param NAME=VALUE a parameter (repeatable): churn_window_days, prediction_days,
                     clv_months, monthly_discount_rate, min_closed_deals, forecast_months,
                     at_risk_p_alive;
                     a value out of range is refused
  --bench            print the benchmark metric set (../shared/bench/METRICS.md) wrapped as
                     {\"peer\", \"timings_ms\", \"metrics\"} for the benchmark's compare.py
";

/// Command-line options shared by `metrics` and `customers`.
pub struct Options {
    pub files: Vec<String>,
    pub as_of: Option<Day>,
    pub filter_text: FilterText,
    pub params: Params,
    pub flags: Vec<String>,
}

fn date(s: &str) -> Result<Day, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Day::from_naive)
        .map_err(|_| format!("not a date (YYYY-MM-DD): {s:?}"))
}

/// Parses the arguments; `flags` lists the value-less flags the subcommand accepts.
pub fn options(args: &[String], flags: &[&str]) -> Result<Options, String> {
    let mut o = Options {
        files: Vec::new(),
        as_of: None,
        filter_text: FilterText::default(),
        params: Params::default(),
        flags: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--as-of" => o.as_of = Some(date(&value()?)?),
            "--from" => o.filter_text.from = Some(date(&value()?)?),
            "--to" => o.filter_text.to = Some(date(&value()?)?),
            "--segment" => o.filter_text.segments.push(value()?),
            "--channel" => o.filter_text.channels.push(value()?),
            "--owner" => o.filter_text.owners.push(value()?),
            "--pick" => {
                let text = value()?;
                let pick = Pick::parse(&text).map_err(|e| format!("--pick: {e}"))?;
                let picks = &mut o.filter_text.picks;
                let same = |p: &&mut Pick| p.kind == pick.kind && p.column == pick.column;
                match picks.iter_mut().find(same) {
                    Some(p) => p.values.extend(pick.values),
                    None => picks.push(pick),
                }
            }
            "--param" => {
                let pair = value()?;
                o.params
                    .set_pair(&pair)
                    .map_err(|e| format!("--param {pair}: {e}"))?;
            }
            "--churn-window" => {
                let v = value()?;
                o.params.churn_window_days = v
                    .parse()
                    .ok()
                    .filter(|&d: &i32| d > 0)
                    .ok_or_else(|| format!("--churn-window: not a positive number: {v:?}"))?;
            }
            f if flags.contains(&f) => o.flags.push(f.to_string()),
            f if f.starts_with('-') => return Err(format!("unknown option {f:?}")),
            file => o.files.push(file.to_string()),
        }
    }
    if o.files.is_empty() {
        return Err("no file given".into());
    }
    Ok(o)
}

/// Milliseconds spent in each phase of [`load_phases`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadPhases {
    /// Reading the files' bytes from disk.
    pub read: f64,
    /// `import::read`: analysis (encoding, delimiter, header, kind, mapping, column
    /// profiles) and parsing (rows into staged records), in one reading of the rows.
    pub parse: f64,
    /// `merge` (staged records into one dataset).
    pub merge: f64,
}

impl LoadPhases {
    /// The whole import: analysis and parsing, then merge.
    pub fn import(&self) -> f64 {
        self.parse + self.merge
    }
}

/// Reads, analyses, parses and merges the files (the import pipeline, with the automatic
/// analysis); returns the dataset and the time each phase took.
pub fn load_phases(files: &[String]) -> Result<(Dataset, LoadPhases), String> {
    let (parsed, mut phases) = parse_files(files)?;
    let t = Instant::now();
    let (ds, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    phases.merge = t.elapsed().as_secs_f64() * 1e3;
    Ok((ds, phases))
}

/// Reads, analyses and parses the files (each weakly recognised one whose key column names
/// a column of the others' records as a lookup file), ready to merge; with the time it took.
pub fn parse_files(files: &[String]) -> Result<(Vec<Parsed>, LoadPhases), String> {
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let mut phases = LoadPhases::default();
    let t = Instant::now();
    let mut raw = Vec::new();
    for path in files {
        raw.push((
            path,
            std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        ));
    }
    phases.read = ms(t);
    let mut files = Vec::new();
    for (path, bytes) in &raw {
        let t = Instant::now();
        // The file's name, as the browser knows a picked file: the dataset records it.
        let name = std::path::Path::new(path.as_str()).file_name();
        let name = name.map_or(path.as_str().into(), |n| n.to_string_lossy());
        files.push(
            read(&name, bytes, None, &ParseOptions::default())
                .map_err(|e| format!("{path}: {e}"))?,
        );
        phases.parse += ms(t);
    }
    let t = Instant::now();
    let parsed = as_lookups(files, &raw);
    phases.parse += ms(t);
    Ok((parsed, phases))
}

/// The files, each weakly recognised one whose key column names a column of the others'
/// records read again as a lookup file (as the Data page proposes it).
fn as_lookups(files: Vec<(Analysis, Parsed)>, raw: &[(&String, Vec<u8>)]) -> Vec<Parsed> {
    let analyses: Vec<Option<&Analysis>> = files.iter().map(|(a, _)| Some(a)).collect();
    let proposals = propose_each(&analyses, &[]);
    let mut out = Vec::new();
    for (((mut a, p), (_, bytes)), proposal) in files.into_iter().zip(raw).zip(proposals) {
        match proposal {
            Some(target) => {
                a.set_lookup(Some(target));
                out.push(parse(&a, bytes, &ParseOptions::default(), &mut NoProgress));
            }
            None => out.push(p),
        }
    }
    out
}

/// Reads, analyses, parses and merges the files; returns the dataset and the milliseconds
/// spent reading and importing (analyze + parse + merge).
pub fn load(files: &[String]) -> Result<(Dataset, f64, f64), String> {
    let (ds, p) = load_phases(files)?;
    Ok((ds, p.read, p.import()))
}

/// The benchmark metric set (`../shared/bench/METRICS.md`) of `files`, as `bench_parse` +
/// `bench_compute` compute it in the browser, with the phases' milliseconds.
pub struct Bench {
    /// The METRICS.md JSON object.
    pub metrics: Value,
    /// Read and import times.
    pub load: LoadPhases,
    /// Computing the metrics (customer index + metric set).
    pub compute: f64,
}

impl Bench {
    /// Loads `files` and computes the metric set (`metrics --bench`, `bench-metrics`).
    pub fn run(files: &[String]) -> Result<Bench, String> {
        let (ds, load) = load_phases(files)?;
        let t = Instant::now();
        let metrics = bench_metrics(&ds);
        let compute = t.elapsed().as_secs_f64() * 1e3;
        Ok(Bench {
            metrics,
            load,
            compute,
        })
    }

    /// read + import + compute, in milliseconds.
    pub fn total(&self) -> f64 {
        self.load.read + self.load.import() + self.compute
    }
}

/// The last order date (the default `--as-of`), else the last date of any record.
pub fn default_as_of(ds: &Dataset) -> Day {
    ds.orders
        .rows
        .iter()
        .map(|o| o.date)
        .max()
        .or_else(|| {
            ds.deals
                .rows
                .iter()
                .filter_map(|d| d.closed.or(d.created))
                .max()
        })
        .or_else(|| {
            ds.tickets
                .rows
                .iter()
                .filter_map(|t| t.opened.map(|o| o.day()))
                .max()
        })
        .unwrap_or_default()
}

/// Runs the subcommand; `args` are the arguments after `metrics`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let o = match options(args, &["--json", "--bench"]) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("rapport metrics: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if o.flags.iter().any(|f| f == "--bench") {
        let b = match Bench::run(&o.files) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("rapport metrics: {e}");
                return ExitCode::FAILURE;
            }
        };
        let out = json!({
            "peer": "rapport-native",
            "timings_ms": {
                "read": b.load.read,
                "parse": b.load.import(),
                "compute": b.compute,
                "total": b.total(),
            },
            "metrics": b.metrics,
        });
        println!("{out}");
        return ExitCode::SUCCESS;
    }
    let (ds, _, _) = match load(&o.files) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("rapport metrics: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Each kind at its own latest date, unless --as-of says one date for all.
    let as_of = &o
        .as_of
        .map_or_else(|| AsOf::of(&ds, Day::default()), AsOf::same);
    let idx = CustomerIndex::build(&ds);
    // The derived customer picks (RFM segment, cohort, ABC) need the index.
    let filter = Filter::resolve(&ds, &o.filter_text).with_index(&ds, &idx, as_of, &o.params);
    let model = CustomerModel::fit(&idx, as_of.orders, &o.params);
    let d = dashboard(&ds, &idx, Some(&model), &filter, as_of, &o.params);
    // The customer model's backtest: a second BG/NBD fit, on every customer's purchases
    // (whatever the filter, as the model's).
    let months = u32::try_from(o.params.backtest_months).unwrap_or(u32::MAX);
    let backtest = holdout(&idx, as_of.orders, months);
    if o.flags.iter().any(|f| f == "--json") {
        println!(
            "{}",
            figures_document(&ds, &idx, &d, &filter, backtest.as_ref())
        );
        return ExitCode::SUCCESS;
    }
    let num = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2}"));
    println!(
        "as of {} (orders), period {} – {}",
        d.as_of.orders.iso(),
        d.period.from.iso(),
        d.period.to.iso()
    );
    println!("revenue            {}", num(d.sales.revenue.value));
    println!("orders             {}", num(d.sales.orders.value));
    println!("AOV                {}", num(d.sales.aov.value));
    println!("active customers   {}", num(d.customers.active.value));
    println!("new customers      {}", num(d.customers.new.value));
    println!("churn rate         {}", num(d.customers.churn.rate.value));
    println!("repeat rate        {}", num(d.customers.repeat_rate.value));
    println!("win rate           {}", num(d.funnel.win_rate.value));
    println!("weighted pipeline  {:.2}", d.funnel.weighted_pipeline.value);
    println!("CLV total          {}", num(d.value.clv_total));
    if let Some(h) = &backtest {
        println!(
            "holdout purchases  {:.1} predicted, {} actual ({} customers, {} – {})",
            h.predicted,
            h.actual,
            h.customers,
            h.holdout.from.iso(),
            h.holdout.to.iso()
        );
    }
    if let Some(s) = &d.snapshot {
        println!(
            "snapshot: {} customers, {} active, {} churned",
            s.customers, s.active, s.churned
        );
        println!("  churn rate       {}", num(s.churn_rate.value));
        println!("  MRR              {}", num(s.mrr.value));
        println!("  ARPU             {}", num(s.arpu.value));
        println!("  churned MRR      {}", num(s.churned_mrr.value));
        println!("  revenue churn    {}", num(s.revenue_churn.value));
        let median = s.retention.as_ref().and_then(|r| r.median_months);
        println!(
            "  median retention (months) {}",
            median.map_or("—".into(), |m| m.to_string())
        );
    }
    ExitCode::SUCCESS
}
