//! Writes the storage target's seed corpus: the import fixtures merged into one dataset,
//! stored (`dataset.bin`), as a backup file (`backup.bin`), and an empty dataset.
//!
//! `cargo run --example seeds -- corpus/storage` (from `fuzz/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rapport::core::import::{analyze, merge, parse, MergePolicy, NoProgress, ParseOptions};
use rapport::core::model::Dataset;
use rapport::storage::{backup, codec};

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: seeds OUT_DIR"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut parsed = Vec::new();
    for dir in ["tests/fixtures/import", "tests/e2e/fixtures"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixture directory")
            .map(|e| e.expect("directory entry").path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("csv" | "txt")))
            .collect();
        files.sort();
        for path in files {
            let bytes = std::fs::read(&path).expect("fixture");
            let name = path.file_name().unwrap().to_string_lossy();
            if let Ok(analysis) = analyze(&name, &bytes, None) {
                parsed.push(parse(
                    &analysis,
                    &bytes,
                    &ParseOptions::default(),
                    &mut NoProgress,
                ));
            }
        }
    }
    let (dataset, _) = merge(
        &Dataset::default(),
        &parsed,
        MergePolicy::CreateAndUpdate,
        true,
    );
    let prefs = BTreeMap::from([
        ("rapport.theme".to_string(), "\"dark\"".to_string()),
        ("rapport.mappings".to_string(), "{}".to_string()),
    ]);
    std::fs::create_dir_all(&out).expect("output directory");
    let write = |name: &str, bytes: Vec<u8>| {
        println!("{name}: {} bytes", bytes.len());
        std::fs::write(out.join(name), bytes).expect("write seed");
    };
    write("dataset.bin", codec::encode(&dataset));
    write("backup.bin", backup::encode(&dataset, &prefs));
    write("empty.bin", codec::encode(&Dataset::default()));
}
