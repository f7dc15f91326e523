//! Presentational components: props in, view out. They read no global state except the
//! theme (for charts).

mod echart;
mod empty_state;

pub use echart::EChart;
pub use empty_state::EmptyState;
