//! Pure chart builders: metric results in, `charming::Chart` (an ECharts option) out.
//!
//! Nothing here touches the DOM; `components::echart` is the only code that hands these
//! options to ECharts. Every builder is tested natively on the JSON it produces.

use charming::{
    component::{Axis, Grid, Legend, Title},
    element::{AxisType, LineStyle, LineStyleType, Tooltip, Trigger},
    series::{Bar, Funnel, Line},
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

/// Monthly revenue with its forecast: the history as a solid line, the forecast as a dashed
/// line continuing from the last actual month.
pub fn revenue_forecast(history: &Series, forecast: &Series, empty_message: &str) -> Chart {
    if history.is_empty() {
        return trend(history, empty_message);
    }
    let labels: Vec<String> = history
        .labels()
        .into_iter()
        .chain(forecast.labels())
        .collect();
    let n = history.points.len();
    let actual: Vec<Option<f64>> = history
        .values()
        .into_iter()
        .map(Some)
        .chain(forecast.points.iter().map(|_| None))
        .collect();
    // The forecast starts at the last actual point so the two lines join.
    let predicted: Vec<Option<f64>> = (0..labels.len())
        .map(|i| match i {
            _ if i + 1 < n => None,
            _ if i + 1 == n => history.points.last().map(|p| p.value),
            _ => Some(forecast.points[i - n].value),
        })
        .collect();
    let mut chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(64).right(24).top(40).bottom(32))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Line::new()
                .name(history.name.as_str())
                .show_symbol(false)
                .data(actual),
        );
    if !forecast.is_empty() {
        chart = chart.series(
            Line::new()
                .name(forecast.name.as_str())
                .show_symbol(false)
                .line_style(LineStyle::new().type_(LineStyleType::Dashed))
                .data(predicted),
        );
    }
    chart
}

/// Bars of labelled values, largest first as given; horizontal bars read better for long
/// category names.
pub fn bars(series: &Series, horizontal: bool, empty_message: &str) -> Chart {
    let category = Axis::new().type_(AxisType::Category).data(series.labels());
    let value = Axis::new().type_(AxisType::Value);
    let (x, y, grid) = if horizontal {
        // Largest at the top: ECharts draws the first category at the bottom.
        let category = Axis::new()
            .type_(AxisType::Category)
            .inverse(true)
            .data(series.labels());
        (
            value,
            category,
            Grid::new().left(140).right(24).top(16).bottom(32),
        )
    } else {
        (
            category,
            value,
            Grid::new().left(64).right(24).top(16).bottom(48),
        )
    };
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(grid)
        .x_axis(x)
        .y_axis(y)
        .series(Bar::new().name(series.name.as_str()).data(series.values()));
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

/// A funnel of how many deals reached each stage, in pipeline order. "Reached" counts never
/// grow along the pipeline, so ECharts' size ordering (descending) is the pipeline order
/// (charming cannot express ECharts' `sort: 'none'`).
pub fn funnel(stages: &Series, empty_message: &str) -> Chart {
    let data: Vec<(f64, String)> = stages
        .points
        .iter()
        .map(|p| (p.value, p.label.clone()))
        .collect();
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .series(
            Funnel::new()
                .name(stages.name.as_str())
                .sort(charming::element::Sort::Descending)
                .min_size("8%")
                .left("10%")
                .right("10%")
                .top(16)
                .bottom(16)
                .data(data),
        );
    if stages.is_empty() {
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
