//! Presentational components: props in, view out. They read no global state except the
//! interface language (`use_texts`, English when mounted outside the app), the theme (for
//! charts), the filter bar, which edits the URL's filter, the command palette, which
//! searches the customers, and the figures' download, which reads the analytics.

mod breakdown;
mod changes;
mod clip;
mod customer_form;
mod download;
mod echart;
mod empty_state;
mod filter_bar;
mod job;
mod kpi;
mod palette;
mod retention;
mod rows;
mod rows_panel;

/// Kept here for the pages that pace work (the pacing itself is `crate::tasks`).
pub use crate::tasks::Slices;
pub use breakdown::{Bars, BreakdownCard};
pub use changes::{ImportHistory, WhatChanged};
pub use clip::Clip;
pub use customer_form::CustomerForm;
pub use download::{download, download_text, DownloadFigures, PrintButtons, PrintSummary};
pub use echart::{load_echarts_for, ChartClick, EChart};
pub use empty_state::EmptyState;
pub use filter_bar::FilterBar;
pub use job::{Job, JobProgress};
pub use kpi::{Explain, KpiCard};
pub use palette::CommandPalette;
pub use retention::RetentionCard;
pub use rows::{RowsColumn, RowsTable};
pub use rows_panel::RowsPanel;
