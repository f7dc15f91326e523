//! Pure chart builders: metric results in, `charming::Chart` (an ECharts option) out.
//!
//! Nothing here touches the DOM; `components::echart` is the only code that hands these
//! options to ECharts. Every builder is tested natively on the JSON it produces.
//!
//! Hostile text (names and categories come from the user's files): axis labels, titles and
//! funnel labels are drawn on a canvas, so markup in them is only text; tooltips are HTML,
//! and ECharts' default tooltip formatter (the only one used here: no builder sets a
//! `formatter`) escapes names and values with `encodeHTML`. Escaping here as well would
//! show `&lt;` on the canvas. What the builders do is [`label`]: every data-derived text is
//! cut to [`LABEL_CHARS`] characters and isolated with U+2068…U+2069, so a right-to-left
//! override inside a name cannot reorder the value shown after it.

use charming::{
    component::{Axis, Grid, Legend, Title},
    element::{AxisType, LineStyle, LineStyleType, NameLocation, Step, Tooltip, Trigger},
    series::{Bar, Funnel, Line},
    Chart,
};

use crate::core::metrics::{Cohorts, Funnel as FunnelMetrics, Holdout, Retention};
use crate::core::model::DealOutcome;
use crate::core::series::Series;

/// The longest data-derived text a chart draws, in characters; longer text ends in `…`
/// (the page's tables show it in full).
pub const LABEL_CHARS: usize = 40;

/// First strong isolate and pop directional isolate: the bidi brackets of [`label`].
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// A data-derived text as charts show it: at most [`LABEL_CHARS`] characters (then `…`),
/// wrapped in U+2068…U+2069 so its direction (or an RTL override inside it) stays inside.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * LABEL_CHARS) + 8);
    out.push(FSI);
    let mut chars = text.chars();
    out.extend(chars.by_ref().take(LABEL_CHARS));
    if chars.next().is_some() {
        out.push('…');
    }
    out.push(PDI);
    out
}

/// The labels of a series, through [`label`].
fn labels(series: &Series) -> Vec<String> {
    series.points.iter().map(|p| label(&p.label)).collect()
}

/// The plot area of a line chart over months: its axis labels always inside
/// (`containLabel`), so a value of millions is not cut.
fn line_grid() -> Grid {
    Grid::new()
        .left(16)
        .right(24)
        .top(40)
        .bottom(32)
        .contain_label(true)
}

/// A line chart of a series over time (e.g. revenue per month).
///
/// An empty series gives an empty chart whose title says so, so a page can always show
/// the chart frame without special-casing "no data".
pub fn trend(series: &Series, empty_message: &str) -> Chart {
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(line_grid())
        .x_axis(Axis::new().type_(AxisType::Category).data(labels(series)))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Line::new()
                .name(label(&series.name))
                .show_symbol(false)
                .data(series.values()),
        );
    or_message(chart, series.is_empty(), empty_message)
}

/// The Kaplan–Meier retention curve: the share of customers still with the business, in
/// percent (two decimals), by month of tenure, on a 0–100 axis. `names`: the series and the
/// x axis. No curve (`None`, or no points) gives the empty chart with `empty_message`.
pub fn retention(r: Option<&Retention>, names: [&str; 2], empty_message: &str) -> Chart {
    let points = r.map_or(&[][..], |r| &r.points[..]);
    let months: Vec<String> = points.iter().map(|p| p.month.to_string()).collect();
    let values: Vec<f64> = points
        .iter()
        .map(|p| (p.survival * 10_000.0).round() / 100.0)
        .collect();
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(56).right(24).top(40).bottom(48))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .name(names[1])
                .name_location(NameLocation::Middle)
                .name_gap(28)
                .data(months),
        )
        .y_axis(Axis::new().type_(AxisType::Value).min(0).max(100))
        .series(
            Line::new()
                .name(names[0])
                .show_symbol(false)
                .step(Step::End)
                .data(values),
        );
    or_message(chart, points.is_empty(), empty_message)
}

/// Monthly revenue with its forecast: the history as a solid line, the forecast as a dashed
/// line continuing from the last actual month.
pub fn revenue_forecast(history: &Series, forecast: &Series, empty_message: &str) -> Chart {
    if history.is_empty() {
        return trend(history, empty_message);
    }
    let labels: Vec<String> = history
        .points
        .iter()
        .chain(&forecast.points)
        .map(|p| label(&p.label))
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
        .grid(line_grid())
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Line::new()
                .name(label(&history.name))
                .show_symbol(false)
                .data(actual),
        );
    if !forecast.is_empty() {
        chart = chart.series(
            Line::new()
                .name(label(&forecast.name))
                .show_symbol(false)
                .line_style(LineStyle::new().type_(LineStyleType::Dashed))
                .data(predicted),
        );
    }
    chart
}

/// The monthly revenue chart of the dashboards: complete months (the forecast's history,
/// else the period's months) and the forecast after them. The current, partial month is left
/// out: it would look like a collapse. The series are named `revenue` and `forecast_name`.
pub fn sales_forecast(
    by_month: &Series,
    forecast: &crate::core::metrics::Forecast,
    revenue: &str,
    forecast_name: &str,
    empty_message: &str,
) -> Chart {
    let mut history = sales_history(by_month, forecast).clone();
    history.name = revenue.into();
    let mut ahead = forecast.forecast.clone();
    ahead.name = forecast_name.into();
    revenue_forecast(&history, &ahead, empty_message)
}

/// The months [`sales_forecast`] draws as revenue (series 0, item k: its k-th point): the
/// forecast's complete months, else the revenue by month.
pub fn sales_history<'a>(
    by_month: &'a Series,
    forecast: &'a crate::core::metrics::Forecast,
) -> &'a Series {
    if forecast.history.is_empty() {
        by_month
    } else {
        &forecast.history
    }
}

/// Bars of labelled values, largest first as given; horizontal bars read better for long
/// category names.
pub fn bars(series: &Series, horizontal: bool, empty_message: &str) -> Chart {
    let category = Axis::new().type_(AxisType::Category).data(labels(series));
    let value = Axis::new().type_(AxisType::Value);
    let (x, y, grid) = if horizontal {
        // Largest at the top: ECharts draws the first category at the bottom.
        let category = Axis::new()
            .type_(AxisType::Category)
            .inverse(true)
            .data(labels(series));
        // Across a half-width card, the value axis has room for about three labels of a
        // large amount (`1,000,000`): ECharts's default five overlapped.
        (
            value.split_number(3),
            category,
            Grid::new().left(140).right(44).top(16).bottom(32),
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
        .series(Bar::new().name(label(&series.name)).data(series.values()));
    or_message(chart, series.is_empty(), empty_message)
}

/// Side-by-side bars of several series over the same labels (e.g. before vs during).
pub fn grouped_bars(series: &[Series], empty_message: &str) -> Chart {
    let categories = series.first().map(labels).unwrap_or_default();
    let mut chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(Grid::new().left(64).right(24).top(40).bottom(64))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(categories.clone()),
        )
        .y_axis(Axis::new().type_(AxisType::Value));
    for s in series {
        chart = chart.series(Bar::new().name(label(&s.name)).data(s.values()));
    }
    or_message(chart, categories.is_empty(), empty_message)
}

/// The model's backtest: mean predicted against mean actual purchases per customer in the
/// held-out months, by repeat purchases before them (`names`: predicted, actual).
pub fn holdout(h: Option<&Holdout>, names: [&str; 2], empty_message: &str) -> Chart {
    let (mut predicted, mut actual) = (Series::new(names[0]), Series::new(names[1]));
    for b in h.map(|h| h.buckets.as_slice()).unwrap_or_default() {
        let x = format!("{}{}", b.frequency, if b.or_more { "+" } else { "" });
        predicted.push(x.clone(), (b.predicted_mean * 100.0).round() / 100.0);
        actual.push(x, (b.actual_mean * 100.0).round() / 100.0);
    }
    grouped_bars(&[predicted, actual], empty_message)
}

/// Retention of each monthly cohort (rows: the month and its customers; columns: months
/// since the first purchase, at most 24), as a heatmap; `labels`: the x axis, the value's
/// name and the message without cohorts.
pub fn cohort_heatmap(c: &Cohorts, (x_name, value_name, empty): (&str, &str, &str)) -> Chart {
    let width = (c.cohorts.iter())
        .map(|c| c.retention.len())
        .max()
        .unwrap_or(0)
        .min(24);
    let rows: Vec<String> = (c.cohorts.iter())
        .map(|c| format!("{} ({})", c.month, c.customers))
        .collect();
    let columns: Vec<String> = (0..width).map(|j| j.to_string()).collect();
    let values: Vec<Vec<Option<f64>>> = (c.cohorts.iter())
        .map(|c| (0..width).map(|j| c.retention.get(j).copied()).collect())
        .collect();
    heatmap(&rows, &columns, &values, x_name, value_name, empty)
}

/// The cohort cell drawn as item `index` of [`cohort_heatmap`]'s series (its cells row by
/// row, those without a value left out): the cohort's month and the months since it.
pub fn cohort_cell(c: &Cohorts, index: usize) -> Option<(String, u32)> {
    let width = (c.cohorts.iter())
        .map(|c| c.retention.len())
        .max()
        .unwrap_or(0)
        .min(24);
    (c.cohorts.iter())
        .flat_map(|c| (0..width.min(c.retention.len())).map(move |j| (c, j)))
        .nth(index)
        .map(|(c, j)| (c.month.clone(), j as u32))
}

/// The pipeline's funnel: the deals (or their amount, `by_amount`) that reached each stage
/// and won, in pipeline order; lost deals are not a step of it.
pub fn deal_funnel(f: &FunnelMetrics, by_amount: bool, name: &str, empty_message: &str) -> Chart {
    let mut s = Series::new(name);
    for st in f.stages.iter().filter(|s| s.outcome != DealOutcome::Lost) {
        let value = if by_amount {
            st.reached_amount
        } else {
            st.reached as f64
        };
        s.push(st.stage.clone(), value);
    }
    funnel(&s, empty_message)
}

/// A funnel of how many deals reached each stage, in pipeline order. "Reached" counts never
/// grow along the pipeline, so ECharts' size ordering (descending) is the pipeline order
/// (charming cannot express ECharts' `sort: 'none'`).
pub fn funnel(stages: &Series, empty_message: &str) -> Chart {
    let data: Vec<(f64, String)> = stages
        .points
        .iter()
        .map(|p| (p.value, label(&p.label)))
        .collect();
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .series(
            Funnel::new()
                .name(label(&stages.name))
                .sort(charming::element::Sort::Descending)
                .min_size("8%")
                .left("10%")
                .right("10%")
                .top(16)
                .bottom(16)
                .data(data),
        );
    or_message(chart, stages.is_empty(), empty_message)
}

/// A retention heatmap: one row per cohort (`rows`, oldest first, drawn top-down), one
/// column per month since acquisition; `values[r][c]` is a share 0–1 (`None`: not yet
/// observable). Cells are shown as percentages. `x_name` names the columns' axis,
/// `value_name` the cells.
pub fn heatmap(
    rows: &[String],
    columns: &[String],
    values: &[Vec<Option<f64>>],
    x_name: &str,
    value_name: &str,
    empty_message: &str,
) -> Chart {
    let mut data: Vec<Vec<f64>> = Vec::new();
    for (r, row) in values.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if let Some(v) = v {
                let pct = (v * 1000.0).round() / 10.0;
                data.push(vec![c as f64, r as f64, pct]);
            }
        }
    }
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(Grid::new().left(110).right(24).top(16).bottom(64))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .name(x_name)
                .name_location(charming::element::NameLocation::Middle)
                .name_gap(28)
                .data(columns.iter().map(|c| label(c)).collect::<Vec<_>>()),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(rows.iter().map(|r| label(r)).collect::<Vec<_>>()),
        )
        .visual_map(
            charming::component::VisualMap::new()
                .min(0.0)
                .max(100.0)
                .calculable(true)
                .orient(charming::element::Orient::Horizontal)
                .left("center")
                .bottom(0)
                .show(false),
        )
        .series(
            charming::series::Heatmap::new()
                .name(value_name)
                .label(charming::element::Label::new().show(true).font_size(10))
                .data(
                    data.into_iter()
                        .map(|cell| {
                            cell.into_iter()
                                .map(charming::datatype::DataPoint::from)
                                .collect()
                        })
                        .collect::<Vec<charming::datatype::DataFrame>>(),
                ),
        );
    or_message(chart, rows.is_empty(), empty_message)
}

/// A Pareto curve: share of revenue (y, 0–100 %) against share of customers ranked by
/// revenue (x, 0–100 %), from per-customer revenues in any order. `names`: the x axis, the
/// y axis and the curve.
pub fn pareto(revenues: &[f64], names: [&str; 3], empty_message: &str) -> Chart {
    let [x_name, y_name, line_name] = names;
    let mut sorted: Vec<f64> = revenues.iter().copied().filter(|v| *v > 0.0).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = sorted.iter().sum();
    let n = sorted.len();
    // At most ~200 points: the curve's shape, not every customer.
    let step = n.div_ceil(200).max(1);
    let mut points: Vec<Vec<f64>> = vec![vec![0.0, 0.0]];
    let mut acc = 0.0;
    for (i, v) in sorted.iter().enumerate() {
        acc += v;
        if (i + 1) % step == 0 || i + 1 == n {
            let x = (i + 1) as f64 / n as f64 * 100.0;
            points.push(vec![
                (x * 10.0).round() / 10.0,
                (acc / total * 1000.0).round() / 10.0,
            ]);
        }
    }
    let chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(56).right(24).top(16).bottom(48))
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(0)
                .max(100)
                .name(x_name)
                .name_location(charming::element::NameLocation::Middle)
                .name_gap(28),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(0)
                .max(100)
                .name(y_name),
        )
        .series(
            Line::new()
                .name(line_name)
                .show_symbol(false)
                .data(points_of(if total > 0.0 { points } else { Vec::new() })),
        );
    or_message(chart, total <= 0.0, empty_message)
}

/// A histogram of values in `bins` equal-width bins from 0 to the largest value.
pub fn histogram(values: &[f64], bins: usize, name: &str, empty_message: &str) -> Chart {
    let max = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let mut s = Series::new(name);
    if max > 0.0 && bins > 0 {
        let width = max / bins as f64;
        let mut counts = vec![0u64; bins];
        for v in values
            .iter()
            .copied()
            .filter(|v| v.is_finite() && *v >= 0.0)
        {
            counts[((v / width) as usize).min(bins - 1)] += 1;
        }
        for (i, c) in counts.iter().enumerate() {
            s.push(
                format!("{:.0}–{:.0}", i as f64 * width, (i + 1) as f64 * width),
                *c as f64,
            );
        }
    }
    bars(&s, false, empty_message)
}

/// Multi-dimensional data points (`[x, y, ...]`) for series that take them.
fn points_of(rows: Vec<Vec<f64>>) -> Vec<charming::datatype::DataPoint> {
    rows.into_iter()
        .map(|r| charming::datatype::CompositeValue::from(r).into())
        .collect()
}

/// Shows `message` in the middle of a chart that has nothing to plot.
fn or_message(chart: Chart, empty: bool, message: &str) -> Chart {
    if empty {
        chart.title(Title::new().text(message).left("center").top("middle"))
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

/// The data behind a chart as a table (header row, then rows), for a screen-reader and
/// copy-paste view: category charts give one row per category and one column per series;
/// funnels and pies one row per item; heatmaps one row per cell.
pub fn data_table(chart: &Chart) -> (Vec<String>, Vec<Vec<String>>) {
    let option: serde_json::Value = serde_json::from_str(&to_json(chart)).unwrap_or_default();
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        // Without the bidi isolates of `label`: the table cells isolate their text.
        serde_json::Value::String(s) => s
            .strip_prefix(FSI)
            .and_then(|s| s.strip_suffix(PDI))
            .unwrap_or(s)
            .to_string(),
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or_default();
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{x:.0}")
            } else {
                format!("{x:.2}")
            }
        }
        other => other.to_string(),
    };
    let list = |v: &serde_json::Value| v.as_array().cloned().unwrap_or_default();
    let series = list(&option["series"]);
    let first = |key: &str| {
        let axis = &option[key];
        if axis.is_array() {
            axis[0].clone()
        } else {
            axis.clone()
        }
    };
    let (x, y) = (first("xAxis"), first("yAxis"));
    let kind = series
        .first()
        .map(|s| s["type"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    match kind.as_str() {
        "funnel" | "pie" => {
            let rows = list(&series[0]["data"])
                .iter()
                .map(|d| vec![text(&d["name"]), text(&d["value"])])
                .collect();
            (vec![String::new(), text(&series[0]["name"])], rows)
        }
        "heatmap" => {
            let (cols, rows_axis) = (list(&x["data"]), list(&y["data"]));
            let rows = list(&series[0]["data"])
                .iter()
                .map(|cell| {
                    let at = |i: usize| cell[i].as_f64().unwrap_or_default() as usize;
                    vec![
                        rows_axis.get(at(1)).map(text).unwrap_or_default(),
                        cols.get(at(0)).map(text).unwrap_or_default(),
                        text(&cell[2]),
                    ]
                })
                .collect();
            (
                vec![String::new(), text(&x["name"]), text(&series[0]["name"])],
                rows,
            )
        }
        _ => {
            let categories = if x["type"] == "category" {
                list(&x["data"])
            } else {
                list(&y["data"])
            };
            let mut header = vec![String::new()];
            header.extend(series.iter().map(|s| text(&s["name"])));
            let rows = if categories.is_empty() {
                // Value axes on both sides (e.g. the Pareto curve): the points themselves.
                list(
                    &series
                        .first()
                        .map(|s| s["data"].clone())
                        .unwrap_or_default(),
                )
                .iter()
                .map(|p| vec![text(&p[0]), text(&p[1])])
                .collect()
            } else {
                categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let mut row = vec![text(c)];
                        row.extend(series.iter().map(|s| text(&s["data"][i])));
                        row
                    })
                    .collect()
            };
            (header, rows)
        }
    }
}
