//! The pure core: model, import, metrics and demo data.
//!
//! Invariants (checked by `tests/it/architecture.rs`): nothing here imports a web crate
//! (leptos, web-sys, wasm-bindgen, js-sys, gloo) and nothing reads the clock; functions that
//! need "today" take an `as_of` date as a parameter. It builds and tests natively.
//!
//! A crate of its own (`rapport-core`, re-exported by the app as `rapport::core`) so that
//! the release build can optimise it for speed while the interface is optimised for size
//! (`Cargo.toml`'s profile): at `opt-level = "z"` the import ran 2.5 times slower.
#![deny(missing_docs)]

pub mod codec;
pub mod demo;
pub mod edit;
pub mod export;
pub mod import;
pub mod metrics;
pub mod model;
pub mod pace;
pub mod redact;
pub mod series;
pub mod sort;
