//! Native tests of the pure layers. One test binary, one module per area
//! (matklad, "Delete cargo integration tests").

mod architecture;
mod charts;
mod chunk;
mod customer_list;
mod demo;
mod edit;
mod explain;
mod export;
mod filters;
mod format;
mod i18n;
mod import;
mod import_flow;
mod inspect;
mod lookups;
mod metrics;
mod model;
mod palette;
mod prefs;
mod sort;
mod storage;
mod team;
