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

/// The pages are `routes::Page`: the router's table in src/app.rs (leptos's `path!` takes
/// literals) has exactly its paths, in its order, and index.html and the GitHub Pages
/// fallback public/404.html find the app's root with the pattern it derives.
#[test]
fn the_route_list_is_the_same_everywhere() {
    use rapport::routes::{static_pattern, Page};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pattern = format!("var ROUTES = /^(.*?\\/)(?:{})\\/?$/;", static_pattern());
    for file in ["index.html", "public/404.html"] {
        let text = fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains(&pattern), "{file} does not hold {pattern}");
    }
    let app = fs::read_to_string(root.join("src/app.rs")).unwrap();
    let paths: Vec<&str> = app
        .match_indices("path!(\"")
        .map(|(i, m)| {
            let rest = &app[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let pages: Vec<&str> = Page::ALL.iter().map(|p| p.path()).collect();
    assert_eq!(paths, pages, "the router's table in src/app.rs");
    for page in Page::ALL {
        let example = page.path().replace(":id", "C-7");
        assert_eq!(Page::of_path(&example), Some(page), "{example}");
    }
    assert_eq!(Page::of_path("/nowhere"), None);
}

/// Only `routes` writes a path: no other file (but the router's table in src/app.rs) holds
/// a page's path as a string.
#[test]
fn only_routes_knows_paths() {
    use rapport::routes::Page;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let paths: Vec<String> = (Page::ALL.iter())
        .map(|p| p.path().split("/:").next().unwrap().to_string())
        .filter(|p| p != "/")
        .collect();
    for file in rust_files(&src) {
        let name = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if name == "routes.rs" || name == "app.rs" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for path in &paths {
            for quoted in [format!("\"{path}\""), format!("\"{path}/")] {
                assert!(
                    !text.contains(&quoted),
                    "src/{name} writes the path {quoted}"
                );
            }
        }
    }
}

/// The interface's imports point down: components know neither the shell (`app`) nor the
/// pages, and state knows no component.
#[test]
fn the_interface_imports_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules: [(&str, &[&str]); 3] = [
        ("components", &["crate::app", "crate::pages"]),
        (
            "state",
            &["crate::app", "crate::pages", "crate::components"],
        ),
        ("pages", &["crate::app"]),
    ];
    for (dir, banned) in rules {
        let files = if src.join(dir).is_dir() {
            rust_files(&src.join(dir))
        } else {
            vec![src.join(format!("{dir}.rs"))]
        };
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for b in banned {
                    assert!(
                        !code.contains(b),
                        "{}:{}: {dir} imports {b}",
                        file.display(),
                        n + 1
                    );
                }
            }
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

/// The core's functions that decode other encodings than UTF-8 (or call one that does).
const LEGACY_DECODING: [&str; 11] = [
    "decode",
    "decode_as",
    "decode_guessing",
    "guess_legacy",
    "text_of",
    "transcode",
    "read",
    "read_in_parts",
    "analyze",
    "parse",
    "cells",
];

/// The names `source` takes from `core::import` (in a `use`) or calls through its path.
fn import_names(source: &str) -> Vec<String> {
    let code: String = (source.lines())
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    for (at, _) in code.match_indices("import::") {
        let rest = &code[at + "import::".len()..];
        let list = if rest.starts_with('{') {
            &rest[1..rest.find('}').unwrap_or(rest.len())]
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
            &rest[..end.unwrap_or(rest.len())]
        };
        for name in list.split([',', ' ', '\n']) {
            let name = name.trim().rsplit("::").next().unwrap_or("");
            if !name.is_empty() {
                names.push(name.to_string());
            }
        }
    }
    names
}

#[test]
fn the_detector_finds_the_names_taken_from_import() {
    let names = import_names(
        "use crate::core::import::{\n    self, decode_utf8, Utf8,\n};\nimport::check_text(&t); // import::decode(b)\nlet p = import::parse(a, b);",
    );
    assert_eq!(
        names,
        ["self", "decode_utf8", "Utf8", "check_text", "parse"]
    );
}

/// The page's module decodes UTF-8 only, so that it holds none of the legacy encodings'
/// tables: no code compiled into it (all but the core, the terminal twin and the workers'
/// binaries) calls a function of the core that decodes other encodings. The helper worker
/// decodes them (`import::transcode`, `src/extras.rs`).
#[test]
fn the_pages_module_decodes_utf8_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let rel = file.strip_prefix(&root).unwrap();
        let worker = rel == Path::new("worker.rs") || rel == Path::new("extras.rs");
        if rel.starts_with("core") || rel.starts_with("bin") || worker {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        for name in import_names(&source) {
            if LEGACY_DECODING.contains(&name.as_str()) {
                found.push(format!("{}: import::{name}", rel.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
