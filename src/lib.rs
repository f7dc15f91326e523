//! Rapport: a private CRM analytics dashboard that runs entirely in the browser.
//!
//! Layering (see `ARCHITECTURE.md`): `core` is pure Rust and knows nothing of the web;
//! `charts` turns metric results into ECharts options; `import_flow` is the Data page's
//! import as a pure state machine; `storage` is the only code that touches browser
//! storage; `state`, `components` and `pages` form the Leptos UI and are only compiled for
//! `wasm32`.
#![deny(missing_docs)]

pub mod charts;
/// The pure core (crate `rapport-core` in `src/core/`): model, import, metrics, demo data.
pub use rapport_core as core;
pub mod customer_list;
pub mod filters;
pub mod format;
pub mod i18n;
pub mod import_flow;
pub mod palette;
pub mod routes;
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod peer_bench;
#[cfg(target_arch = "wasm32")]
pub mod perf;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod tasks;
#[cfg(target_arch = "wasm32")]
pub mod workers;
