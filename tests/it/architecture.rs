//! Invariants of ARCHITECTURE.md, checked in code.

use std::fs;
use std::path::{Path, PathBuf};

/// The Rust files under `dir` (or `dir` itself, when it is one).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Web crates the pure layers must not name (as a path or in a `use`).
const WEB_CRATES: [&str; 6] = [
    "leptos",
    "leptos_router",
    "web_sys",
    "wasm_bindgen",
    "js_sys",
    "gloo",
];

fn web_imports(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for krate in WEB_CRATES {
            let mentions = code.match_indices(krate).any(|(i, _)| {
                let before = code[..i].chars().next_back();
                let after = &code[i + krate.len()..];
                let starts_ident = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                // `gloo` is a family of crates (`gloo_storage`, `gloo_timers`, ...).
                let path_or_crate =
                    after.starts_with("::") || (krate == "gloo" && after.starts_with('_'));
                starts_ident && path_or_crate
            });
            if mentions {
                found.push(format!("line {}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_detector_finds_web_imports() {
    assert_eq!(web_imports("use leptos::prelude::*;").len(), 1);
    assert_eq!(web_imports("let w = web_sys::window();").len(), 1);
    assert_eq!(web_imports("gloo_storage::LocalStorage::get(k)").len(), 1);
    assert!(web_imports("// leptos::prelude in a comment").is_empty());
    assert!(web_imports("let leptos_like = 1; let my_web_sys = 2;").is_empty());
}

#[test]
fn the_pure_layers_import_no_web_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for layer in ["src/core", "src/charts", "src/import_flow.rs"] {
        for file in rust_files(&root.join(layer)) {
            let source = fs::read_to_string(&file).unwrap();
            for hit in web_imports(&source) {
                offenders.push(format!(
                    "{}: {hit}",
                    file.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "pure layers import web crates:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_core_crate_depends_on_no_web_crate() {
    // `src/core` is its own crate: its manifest is where a web dependency would come in.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = fs::read_to_string(root.join("src/core/Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("a [dependencies] table");
    for line in deps.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let name = line
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .replace('-', "_");
        assert!(
            !WEB_CRATES.iter().any(|w| name.starts_with(w)),
            "src/core/Cargo.toml depends on {name}"
        );
    }
    assert!(
        manifest.contains("name = \"rapport-core\""),
        "src/core is the rapport-core crate"
    );
}

#[test]
fn core_never_reads_the_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in rust_files(&root.join("src/core")) {
        let source = fs::read_to_string(&file).unwrap();
        for needle in [
            "SystemTime::now",
            "Instant::now",
            "Local::now",
            "Utc::now",
            "Date::now",
        ] {
            assert!(
                !source.contains(needle),
                "{} reads the clock ({needle})",
                file.display()
            );
        }
    }
}

#[test]
fn trunk_uses_the_wasm_bindgen_of_cargo_lock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap();
    let locked = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("wasm-bindgen in Cargo.lock")
        .trim_matches('"');
    let trunk = fs::read_to_string(root.join("Trunk.toml")).unwrap();
    assert!(
        trunk.contains(&format!("wasm_bindgen = \"{locked}\"")),
        "Trunk.toml must pin wasm_bindgen = \"{locked}\" (the version in Cargo.lock)"
    );
}

/// The route list lives in three places: the router (src/app.rs), the script that finds the
/// app's root in index.html, and the GitHub Pages fallback public/404.html.
#[test]
fn the_route_list_is_the_same_everywhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let routes_regex = |file: &str| {
        let text = fs::read_to_string(root.join(file)).unwrap();
        let line = text
            .lines()
            .find(|l| l.contains("var ROUTES ="))
            .unwrap_or_else(|| panic!("{file}: no ROUTES"));
        line.trim().to_string()
    };
    let index = routes_regex("index.html");
    assert_eq!(
        index,
        routes_regex("public/404.html"),
        "index.html and public/404.html differ"
    );
    let app = fs::read_to_string(root.join("src/app.rs")).unwrap();
    let paths: Vec<&str> = app
        .match_indices("path!(\"")
        .map(|(i, m)| {
            let rest = &app[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(paths.len() >= 9, "routes in app.rs: {paths:?}");
    for path in paths {
        let first = path.trim_start_matches('/').split('/').next().unwrap();
        if !first.is_empty() {
            assert!(
                index.contains(first),
                "route {path} is missing from the ROUTES of index.html"
            );
        }
        if path.matches('/').count() > 1 {
            assert!(
                index.contains(&format!("{first}(?:\\/[^\\/]+)?")),
                "nested route {path} not in ROUTES"
            );
        }
    }
}

/// Data is text: nothing in the app writes markup from a string (`inner_html`,
/// `set_inner_html`, `outer_html`, `insertAdjacentHTML`, `document.write`), so a hostile
/// cell can only ever become a text node.
#[test]
fn no_code_writes_html_from_strings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sinks = [
        "inner_html",
        "outer_html",
        "insert_adjacent_html",
        "document_write",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
    ];
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let source = fs::read_to_string(&file).unwrap();
        for (n, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if sinks.iter().any(|s| code.contains(s)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
