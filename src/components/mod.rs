//! Presentational components: props in, view out. They read no global state except the
//! theme (for charts) and the filter bar, which edits the URL's filter.

mod clip;
mod customer_form;
mod download;
mod echart;
mod empty_state;
mod filter_bar;
mod job;
mod kpi;
mod palette;

pub use clip::Clip;
pub use customer_form::CustomerForm;
pub use download::{download, download_text};
pub use echart::EChart;
pub use empty_state::EmptyState;
pub use filter_bar::FilterBar;
pub use job::{next_task, Job, JobProgress};
pub use kpi::{Explain, KpiCard};
pub use palette::CommandPalette;
