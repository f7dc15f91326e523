//! Pure chart builders: metric results in, `charming::Chart` (an ECharts option) out.
//!
//! Nothing here touches the DOM; `components::echart` is the only code that hands these
//! options to ECharts. Every builder is tested natively on the JSON it produces.

use charming::{
    component::{Axis, Grid, Title},
    element::{AxisType, Tooltip, Trigger},
    series::Line,
    Chart,
};

use crate::core::series::Series;

/// A line chart of a series over time (e.g. revenue per month).
///
/// An empty series gives an empty chart whose title says so, so a page can always show
/// the chart frame without special-casing "no data".
pub fn trend(series: &Series, empty_message: &str) -> Chart {
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(56).right(24).top(40).bottom(32))
        .x_axis(Axis::new().type_(AxisType::Category).data(series.labels()))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Line::new()
                .name(series.name.as_str())
                .show_symbol(false)
                .data(series.values()),
        );
    if series.is_empty() {
        chart.title(
            Title::new()
                .text(empty_message)
                .left("center")
                .top("middle"),
        )
    } else {
        chart
    }
}

/// The common frame of every chart: a transparent background, so the page's theme shows
/// through (ECharts' dark theme would paint its own).
fn base() -> Chart {
    Chart::new().background_color("transparent")
}

/// Serialises a chart to the JSON option ECharts takes.
pub fn to_json(chart: &Chart) -> String {
    serde_json::to_string(chart).expect("a charming::Chart always serialises")
}
