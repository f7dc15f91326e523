//! The only module that touches browser storage.
//!
//! `prefs` holds small user preferences (theme, ...) as versioned JSON values; their pure
//! encoding is tested natively, and the gloo-storage glue is compiled for wasm32 only.

pub mod prefs;
