//! The metrics engine (`core::metrics`): hand-computed fixtures per area, properties, the
//! benchmark metric set, and the customer-value models cross-checked against Python
//! `lifetimes`.

mod bench;
mod builder;
mod changes;
mod cli;
mod clv;
mod cohorts;
mod dimension;
mod drill;
mod forecast;
mod funnel;
mod holdout;
mod indices;
mod marketing;
mod pace;
mod params;
mod picks;
mod props;
mod responses;
mod rfm;
mod sales;
mod snapshot;
mod support;
mod timeline;
