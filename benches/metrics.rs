//! Benchmark of the metrics engine on the generated 1M-order data set (not a timed test:
//! run it with `cargo bench --bench metrics`).
//!
//! Data: `python3 ../shared/bench/gen_data.py 1m` writes `$BENCH_WORK/data/1m/*.csv`
//! (default `~/.cache/rapport-bench/data/1m`); `RAPPORT_BENCH_DATA=DIR` points elsewhere.
//! Prints the median of several runs per step: the import of the three files the browser
//! benchmark times (`orders`, `customers`, `deals`: analyze, parse, merge, then the
//! METRICS.md set, as `bench_parse` + `bench_compute` do in the app's wasm), the one-off
//! steps (index, model fit) and what the dashboard recomputes after a filter change.
//! `RAPPORT_BENCH_ONLY=paced`: instead, the steps between two pauses of the computations
//! the page paces after an import (the largest of them make its longest tasks).

use rapport::core::import::{
    analyze, merge, merge_paced, parse, read, MergePolicy, NoProgress, ParseOptions,
};
use rapport::core::metrics::{
    bench_metrics, bench_metrics_with, cohorts, customer_metrics, dashboard, dashboard_paced,
    dimensions, funnel, indices, marketing, orders_by, record_import, record_import_paced, rfm,
    rows_behind, sales, support, AsOf, Batch, CustomerIndex, CustomerModel, Figure, Filter,
    FilterText, KpiId, Params, Pick,
};
use rapport::core::model::{Dataset, Day, Kind};
use rapport::core::pace::{Pace, Pause};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("RAPPORT_BENCH_DATA") {
        return d.into();
    }
    let work = std::env::var("BENCH_WORK")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            let cache = std::env::var("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|_| {
                    PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache")
                });
            cache.join("rapport-bench")
        });
    work.join("data").join("1m")
}

fn load(dir: &Path) -> Option<Dataset> {
    let mut parsed = Vec::new();
    for name in ["customers", "orders", "deals", "tickets", "campaigns"] {
        let path = dir.join(format!("{name}.csv"));
        let bytes = std::fs::read(&path).ok()?;
        let (_, file) = read(
            &path.to_string_lossy(),
            &bytes,
            None,
            &ParseOptions::default(),
        )
        .ok()?;
        parsed.push(file);
    }
    Some(merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true).0)
}

/// The import of the browser benchmark's three files, phase by phase (the same calls as
/// `bench_parse` in `src/bench.rs` and `rapport bench-metrics`).
fn bench_import(dir: &Path) {
    let mut raw = Vec::new();
    for name in ["orders", "customers", "deals"] {
        let path = dir.join(format!("{name}.csv"));
        let Ok(bytes) = std::fs::read(&path) else {
            return;
        };
        raw.push((path.to_string_lossy().into_owned(), bytes));
    }
    let mb = raw.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let analyze_all = || {
        raw.iter()
            .map(|(name, bytes)| analyze(name, bytes, None).expect("a CSV file"))
            .collect::<Vec<_>>()
    };
    let analyses = analyze_all();
    let parse_all = || {
        raw.iter()
            .zip(&analyses)
            .map(|((_, bytes), a)| parse(a, bytes, &ParseOptions::default(), &mut NoProgress))
            .collect::<Vec<_>>()
    };
    let parsed = parse_all();
    let read_all = || {
        raw.iter()
            .map(|(name, bytes)| {
                read(name, bytes, None, &ParseOptions::default())
                    .expect("CSV")
                    .1
            })
            .collect::<Vec<_>>()
    };
    let import = || {
        merge(
            &Dataset::default(),
            read_all(),
            MergePolicy::CreateOnly,
            true,
        )
        .0
    };
    println!("import of orders + customers + deals ({mb:.1} MB, the browser benchmark's files):");
    println!(
        "  analyze                                {}",
        time(3, analyze_all)
    );
    println!(
        "  parse                                  {}",
        time(3, parse_all)
    );
    println!(
        "  read (analyze + parse, one reading)    {}",
        time(3, read_all)
    );
    println!(
        "  merge                                  {}",
        time_with(
            3,
            || parsed.clone(),
            |parsed| { merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true).0 }
        )
    );
    println!(
        "  import (read + merge)                  {}",
        time(3, import)
    );
    println!(
        "  import + bench_metrics (bench_parse + bench_compute) {}",
        time(3, || bench_metrics(&import()))
    );
}

/// The parallel import's pieces on `orders.csv` (`core::import::chunk`), one thread: each
/// part's parse (what the page's thread and the workers do), the later parts' transfer
/// format (the workers encode it), and the combination (the page's thread: the first part
/// taken as it is, the later parts' strings interned and their records read, remapped).
/// The first part makes room for the whole file's records, as the page's does.
fn bench_parts(dir: &Path) {
    use rapport::core::import::chunk::{
        begin_read, data_start, parse_part, split, Begun, Combiner, PartHead, PartJob,
    };
    let Ok(bytes) = std::fs::read(dir.join("orders.csv")) else {
        return;
    };
    let decoded = rapport::core::import::decode(&bytes).expect("a CSV file");
    let text: &str = &decoded.text;
    let Ok(Begun::Parts(reading)) = begin_read("orders.csv", &decoded, None) else {
        return;
    };
    let analysis = reading.provisional.clone();
    let options = ParseOptions::default();
    for n in [1, 2, 4] {
        let ranges = split(text, data_start(&analysis, text), n, 1 << 20);
        let jobs: Vec<_> = (ranges.iter())
            .map(|r| {
                let mut job = PartJob::new(
                    &analysis,
                    &options,
                    (r, text.len()),
                    Some(reading.observe()),
                );
                if r.start == 0 {
                    job.rows = analysis.row_count as usize;
                }
                job
            })
            .collect();
        let parse_parts = || {
            (ranges.iter().zip(&jobs))
                .map(|(r, job)| parse_part(job, &text[r.clone()], &mut |_, _| {}))
                .collect::<Vec<_>>()
        };
        let parts = parse_parts();
        let encode = || parts[1..].iter().map(|p| p.to_pieces()).collect::<Vec<_>>();
        let encoded = encode();
        let mb = encoded.iter().flatten().map(Vec::len).sum::<usize>() as f64 / 1e6;
        println!("orders.csv in {n} part(s) ({mb:.1} MB of later parts to the main thread):");
        println!(
            "  parse, every part one after the other   {}",
            time(3, parse_parts)
        );
        println!(
            "  encode the later parts (workers)        {}",
            time(3, encode)
        );
        let combine = |first| {
            let mut combiner = Combiner::new(&analysis, &options);
            combiner.take(ranges[0].start, first).unwrap();
            for (r, pieces) in ranges[1..].iter().zip(&encoded) {
                let head = PartHead::from_bytes(&pieces[0]).unwrap();
                combiner.begin(r.start, head).unwrap();
                for piece in &pieces[1..] {
                    combiner.piece(piece).unwrap();
                }
                combiner.end().unwrap();
            }
            combiner.finish()
        };
        println!(
            "  combine (main thread)                   {}",
            time_with(3, || parts[0].clone(), combine)
        );
    }
}

/// This thread's CPU time in ns (Linux `/proc/thread-self/schedstat`; 0 elsewhere). On a
/// shared machine CPU time moves much less than wall time.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Median wall time and median CPU time of `runs` calls, in milliseconds.
struct Timing(f64, f64);

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:8.1} ms wall {:8.1} ms CPU", self.0, self.1)
    }
}

/// A pace that never waits but keeps the time between two offers of a pause: the steps a
/// page's task may have to run through at once.
#[derive(Default)]
struct Steps {
    last: Option<Instant>,
    ms: Vec<f64>,
}

impl Pace for Steps {
    fn pause(&mut self) -> Option<Pause<'_>> {
        let now = Instant::now();
        self.ms
            .push(now.duration_since(self.last.unwrap_or(now)).as_secs_f64() * 1e3);
        self.last = Some(now);
        None
    }
}

impl Steps {
    /// Starts the clock of the first step.
    fn start() -> Steps {
        Steps {
            last: Some(Instant::now()),
            ms: Vec::new(),
        }
    }

    /// Prints the steps' number, their sum and the largest, then starts again.
    fn report(&mut self, what: &str) {
        self.pause();
        let mut ms = std::mem::take(&mut self.ms);
        let total: f64 = ms.iter().sum();
        ms.sort_by(|a, b| b.total_cmp(a));
        let top: Vec<String> = ms.iter().take(3).map(|m| format!("{m:.1}")).collect();
        println!(
            "{what:<28} {total:7.1} ms in {:4} steps, largest {}",
            ms.len(),
            top.join(", ")
        );
        *self = Steps::start();
    }
}

/// The steps of the paced computations after a 1M import in the page, natively: the
/// merge, the index, the history entry, the dashboard and the model's fit
/// (`RAPPORT_BENCH_ONLY=paced`). The page pauses after ~20 ms (`tasks::PACED_SLICE_MS`):
/// a step of more than ~15 ms here (wasm is ~1.5–2 times slower) risks a task over 50 ms.
fn bench_paced(dir: &Path) {
    let mut parsed = Vec::new();
    for name in ["orders", "customers", "deals"] {
        let Ok(bytes) = std::fs::read(dir.join(format!("{name}.csv"))) else {
            return;
        };
        let read = read(name, &bytes, None, &ParseOptions::default());
        parsed.push(read.expect("CSV").1);
    }
    let base = Dataset::default();
    let (params, mut steps) = (Params::default(), Steps::start());
    let merged = merge_paced(&base, parsed, MergePolicy::CreateOnly, true, &mut steps);
    let (ds, summary) = pollster::block_on(merged).expect("not stopped");
    steps.report("merge_paced");
    let before = CustomerIndex::build(&base);
    let idx = pollster::block_on(CustomerIndex::build_paced(&ds, &mut steps)).expect("index");
    steps.report("CustomerIndex::build_paced");
    let batch = Batch {
        files: vec!["orders.csv".into()],
        at: None,
        in_files: &summary.in_files,
    };
    let entry = record_import_paced((&base, &before), (&ds, &idx), batch, &params, &mut steps);
    pollster::block_on(entry).expect("history");
    steps.report("record_import_paced");
    let as_of = AsOf::of(&ds, Day(0));
    let all = Filter::all();
    let d = dashboard_paced((&ds, &idx, None), &all, &as_of, &params, &mut steps);
    pollster::block_on(d).expect("dashboard");
    steps.report("dashboard_paced");
    let fit = CustomerModel::fit_paced(&idx, as_of.orders, &params, &mut steps);
    pollster::block_on(fit).expect("fit");
    steps.report("CustomerModel::fit_paced");
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Timing {
    time_with(runs, || (), |()| f())
}

/// [`time`] of `f` on a fresh `setup()` each run (the setup not timed).
fn time_with<I, T>(runs: usize, mut setup: impl FnMut() -> I, mut f: impl FnMut(I) -> T) -> Timing {
    let (mut wall, mut cpu): (Vec<f64>, Vec<f64>) = (0..runs)
        .map(|_| {
            let input = setup();
            let (t, c) = (Instant::now(), cpu_ns());
            std::hint::black_box(f(input));
            (t.elapsed().as_secs_f64() * 1e3, (cpu_ns() - c) as f64 / 1e6)
        })
        .unzip();
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    Timing(wall[runs / 2], cpu[runs / 2])
}

/// The stored form (what a reload decodes): encode, then decode step by step, the steps
/// timed by what they decode (the interner's strings, each table's chunks), then the final
/// check. One pass each (the decoder is consumed); `runs` passes, medians.
fn bench_storage(ds: &Dataset, runs: usize) {
    use rapport::storage::codec::{decode, encode, Decoder};
    let bytes = encode(ds);
    println!("storage: {:.1} MB encoded", bytes.len() as f64 / 1e6);
    println!(
        "  encode                                 {}",
        time(runs, || encode(ds))
    );
    println!(
        "  decode (all steps + check)             {}",
        time(runs, || decode(&bytes).expect("decodes"))
    );
    // Each step's time (the strings part comes first, in several rebuild steps; then one
    // step per chunk of 65,536 rows), from the run with the median total.
    let mut passes: Vec<(f64, Vec<f64>, f64)> = (0..runs)
        .map(|_| {
            let mut d = Decoder::new(&bytes).expect("header");
            let mut steps = Vec::new();
            loop {
                let t = Instant::now();
                if !d.step(&bytes).expect("step") {
                    break;
                }
                steps.push(t.elapsed().as_secs_f64() * 1e3);
            }
            let t = Instant::now();
            std::hint::black_box(d.finish().expect("check"));
            let check = t.elapsed().as_secs_f64() * 1e3;
            (steps.iter().sum::<f64>() + check, steps, check)
        })
        .collect();
    passes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (_, steps, check) = &passes[runs / 2];
    let list = steps
        .iter()
        .map(|ms| format!("{ms:.0}"))
        .collect::<Vec<_>>()
        .join(" ");
    println!("  steps (ms): {list}; check {check:.0}");
    bench_undoable_save(ds, runs);
}

/// A save that can be undone encodes and writes the version before it too: its cost over a
/// plain save, both into memory (the browser adds IndexedDB's copy of the bytes).
fn bench_undoable_save(ds: &Dataset, runs: usize) {
    use rapport::core::pace::NoPause;
    use rapport::storage::{Generation, Memory, Records};
    let save = |undoable: bool| {
        let store = Records::new(Memory::default());
        let g = pollster::block_on(store.save(ds, Generation(0))).expect("saves");
        let t = Instant::now();
        if undoable {
            let previous = (ds, "re-import");
            pollster::block_on(store.save_undoable(ds, g, &mut NoPause, previous)).expect("saves");
        } else {
            pollster::block_on(store.save(ds, g)).expect("saves");
        }
        t.elapsed().as_secs_f64() * 1e3
    };
    for (name, undoable) in [("save (plain)", false), ("save, undoable", true)] {
        let mut ms: Vec<f64> = (0..runs).map(|_| save(undoable)).collect();
        ms.sort_by(f64::total_cmp);
        println!("  {name:<38} {:.0} ms (median of {runs})", ms[runs / 2]);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass other flags: skip.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = data_dir();
    let only = std::env::var("RAPPORT_BENCH_ONLY").unwrap_or_default();
    if only == "paced" {
        bench_paced(&dir);
        return;
    }
    if only != "import" {
        bench_parts(&dir);
    }
    if only == "parts" {
        return;
    }
    bench_import(&dir);
    if only == "import" {
        return;
    }
    let t = Instant::now();
    let Some(ds) = load(&dir) else {
        eprintln!(
            "metrics bench: no data in {} (python3 ../shared/bench/gen_data.py 1m)",
            dir.display()
        );
        return;
    };
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    bench_storage(&ds, 3);
    let as_of = ds
        .orders
        .rows
        .iter()
        .map(|o| o.date)
        .max()
        .unwrap_or_default();
    let params = Params::default();
    println!(
        "data: {} orders, {} customers, {} deals, {} tickets, {} campaigns ({})",
        ds.orders.len(),
        ds.customers.len(),
        ds.deals.len(),
        ds.tickets.len(),
        ds.campaigns.len(),
        dir.display()
    );
    println!("import (analyze + parse + merge, once)    {load_ms:8.1} ms wall");
    let idx_ms = time(3, || CustomerIndex::build(&ds));
    println!("CustomerIndex::build (once per dataset)  {idx_ms}");
    let idx = CustomerIndex::build(&ds);
    let fit_ms = time(3, || CustomerModel::fit(&idx, as_of, &params));
    println!("CustomerModel::fit (once per as_of)      {fit_ms}");
    let model = CustomerModel::fit(&idx, as_of, &params);
    bench_changes(&ds, &idx, &dir);
    println!(
        "bench_metrics (METRICS.md set, +index)   {}",
        time(3, || bench_metrics_with(&ds, &CustomerIndex::build(&ds)))
    );
    println!(
        "bench_metrics (METRICS.md set)           {}",
        time(5, || bench_metrics_with(&ds, &idx))
    );

    let sym = |s: &str| ds.strings.lookup(s).into_iter().collect::<Vec<_>>();
    let filters = [
        ("no filter", Filter::all()),
        (
            "segment = Consumer",
            Filter {
                segments: sym("Consumer"),
                ..Filter::all()
            },
        ),
        (
            "channel = web",
            Filter {
                channels: sym("web"),
                ..Filter::all()
            },
        ),
        (
            "last 90 days",
            Filter {
                from: Some(Day(as_of.0 - 89)),
                to: Some(as_of),
                ..Filter::all()
            },
        ),
        (
            "2024 + Corporate + store",
            Filter {
                from: Day::from_ymd(2024, 1, 1),
                to: Day::from_ymd(2024, 12, 31),
                segments: sym("Corporate"),
                channels: sym("store"),
                ..Filter::all()
            },
        ),
    ];
    let all = Filter::all();
    let m = Some(&model);
    bench_picks(&ds, &idx, &model, as_of, &params);
    println!("parts (each with its own pass over the orders where it needs one):");
    println!(
        "  sales            {}",
        time(5, || sales(&ds, &idx, &all, as_of, &params))
    );
    println!(
        "  customers        {}",
        time(5, || customer_metrics(&ds, &idx, &all, as_of, &params))
    );
    println!(
        "  rfm + abc        {}",
        time(5, || rfm(&ds, &idx, &all, as_of, &params))
    );
    println!(
        "  cohorts          {}",
        time(5, || cohorts(&ds, &idx, &all, as_of, &params))
    );
    println!(
        "  funnel           {}",
        time(5, || funnel(&ds, &idx, &all, as_of, &params))
    );
    println!(
        "  support          {}",
        time(5, || support(&ds, &idx, &all, as_of))
    );
    println!(
        "  marketing        {}",
        time(5, || marketing(&ds, &idx, &all, as_of, &params))
    );
    println!(
        "  indices          {}",
        time(5, || indices(&ds, &idx, m, &all, as_of, &params))
    );
    for (name, f) in &filters {
        let ms = time(5, || {
            dashboard(&ds, &idx, Some(&model), f, &AsOf::same(as_of), &params)
        });
        println!("dashboard after filter change: {name:<26} {ms}");
    }
    bench_breakdowns(ds, as_of);
}

/// Picks (a chart element as a filter): resolving one, the dashboard under it, and the rows
/// behind a figure.
/// "What changed" of importing the orders file again on top of the data (every row
/// matched, so every row of the reconciliation is looked at), after its merge.
fn bench_changes(ds: &Dataset, idx: &CustomerIndex, dir: &Path) {
    let path = dir.join("orders.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let Ok((_, file)) = read("orders.csv", &bytes, None, &ParseOptions::default()) else {
        return;
    };
    let (next, summary) = merge(ds, vec![file], MergePolicy::CreateAndUpdate, true);
    let next_idx = CustomerIndex::build(&next);
    let timing = time(3, || {
        let batch = Batch {
            files: vec!["orders.csv".into()],
            at: None,
            in_files: &summary.in_files,
        };
        record_import((ds, idx), (&next, &next_idx), batch, &Params::default())
    });
    println!("record_import (orders again: what changed) {timing}");
}

fn bench_picks(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: &CustomerModel,
    day: Day,
    params: &Params,
) {
    let as_of = AsOf::same(day);
    let pick = |kind, column: &str, value: &str| FilterText {
        picks: vec![Pick::new(kind, column, [value])],
        ..FilterText::default()
    };
    let picks = [
        (
            "orders.category = Apparel",
            pick(Kind::Orders, "category", "Apparel"),
        ),
        (
            "deals.owner = Sam Lee",
            pick(Kind::Deals, "owner", "Sam Lee"),
        ),
        (
            "customers.city = New York",
            pick(Kind::Customers, "city", "New York"),
        ),
        (
            "customers.rfm_segment = Champions",
            pick(Kind::Customers, "rfm_segment", "Champions"),
        ),
        (
            "customers.cohort = 2023-01",
            pick(Kind::Customers, "cohort", "2023-01"),
        ),
    ];
    println!("picks (resolve: Filter::resolve + with_index; then the dashboard under it):");
    for (name, text) in &picks {
        let resolve = || Filter::resolve(ds, text).with_index(ds, idx, &as_of, params);
        let f = resolve();
        let ms = time(5, resolve);
        println!("  resolve {name:<36} {ms}");
        let ms = time(5, || dashboard(ds, idx, Some(model), &f, &as_of, params));
        println!("  dashboard {name:<34} {ms}");
    }
    let all = Filter::all();
    for (name, figure) in [
        ("net revenue (every line)", Figure::Kpi(KpiId::NetRevenue)),
        (
            "RFM segment Champions",
            Figure::RfmSegment("Champions".into()),
        ),
        ("deals (the funnel's)", Figure::Kpi(KpiId::Deals)),
    ] {
        let rows = rows_behind(ds, idx, Some(model), &all, &as_of, params, &figure)
            .rows
            .len();
        let ms = time(5, || {
            rows_behind(ds, idx, Some(model), &all, &as_of, params, &figure)
        });
        println!("rows_behind {name:<26} ({rows:>7} rows) {ms}");
    }
}

/// The breakdown card: the columns offered (once per dataset) and the orders by a column of
/// 1,000 values (an extra column `store`, added here: the generated data has none that
/// large), by `product` (213 values) and in bands of `amount`, after a filter change.
fn bench_breakdowns(mut ds: Dataset, as_of: Day) {
    let n = ds.orders.len();
    let stores: Vec<_> = (0..1000)
        .map(|i| ds.strings.intern(&format!("S{i:03}")))
        .collect();
    let column = ds.strings.intern("store");
    let width = ds.orders.extra_columns.len();
    let mut values = Vec::with_capacity(n * (width + 1));
    for (i, o) in ds.orders.rows.iter().enumerate() {
        values.extend_from_slice(&ds.orders.extra_values[i * width..(i + 1) * width]);
        values.push(stores[(o.customer.0 as usize * 7 + i) % 1000]);
    }
    ds.orders.extra_columns.push(column);
    ds.orders.extra_values = values;
    let idx = CustomerIndex::build(&ds);
    let as_of = AsOf::same(as_of);
    let all = Filter::all();
    println!("breakdowns (1M orders):");
    println!(
        "  dimensions(orders)                     {}",
        time(3, || dimensions(&ds, Kind::Orders))
    );
    for column in ["store", "product", "amount"] {
        let groups = orders_by(&ds, &idx, &all, &as_of, column).map_or(0, |g| g.len());
        let ms = time(5, || orders_by(&ds, &idx, &all, &as_of, column));
        println!("  orders_by {column:<8} ({groups:>4} groups)       {ms}");
    }
}
