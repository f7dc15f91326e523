use rapport::charts;
use rapport::core::series::Series;
use serde_json::{json, Value};

const PARETO: [&str; 3] = ["% of customers", "% of revenue", "Cumulative"];

/// The chart's option without the bidi isolates every data label is wrapped in (checked by
/// `hostile_labels_are_isolated_bounded_and_never_formatted`).
fn option(chart: &charming::Chart) -> Value {
    fn plain(v: Value) -> Value {
        match v {
            Value::String(s) => Value::String(
                s.strip_prefix('\u{2068}')
                    .and_then(|s| s.strip_suffix('\u{2069}'))
                    .unwrap_or(&s)
                    .to_string(),
            ),
            Value::Array(a) => Value::Array(a.into_iter().map(plain).collect()),
            Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, plain(v))).collect()),
            v => v,
        }
    }
    plain(serde_json::from_str(&charts::to_json(chart)).unwrap())
}

#[test]
fn trend_plots_labels_and_values_in_order() {
    let mut s = Series::new("Revenue");
    s.push("2024-01", 10.5);
    s.push("2024-02", 0.0);
    s.push("2024-03", 7.25);
    let o = option(&charts::trend(&s, "nothing"));
    assert_eq!(o["xAxis"]["data"], json!(["2024-01", "2024-02", "2024-03"]));
    assert_eq!(o["series"][0]["type"], "line");
    assert_eq!(o["series"][0]["name"], "Revenue");
    assert_eq!(o["series"][0]["data"], json!([10.5, 0.0, 7.25]));
    assert_eq!(o["tooltip"]["trigger"], "axis");
    assert_eq!(o["backgroundColor"], "transparent");
    assert!(
        o.get("title").is_none(),
        "a chart with data has no placeholder title"
    );
}

#[test]
fn empty_trend_says_so() {
    let o = option(&charts::trend(&Series::new("Revenue"), "No revenue yet"));
    assert_eq!(o["title"][0]["text"], "No revenue yet");
    assert!(o["series"][0].get("data").is_none());
}

fn series(name: &str, points: &[(&str, f64)]) -> Series {
    let mut s = Series::new(name);
    for (l, v) in points {
        s.push(*l, *v);
    }
    s
}

#[test]
fn forecast_continues_the_history_as_a_dashed_line() {
    let history = series("Revenue", &[("2024-01", 10.0), ("2024-02", 12.0)]);
    let forecast = series("Forecast", &[("2024-03", 13.0), ("2024-04", 14.5)]);
    let o = option(&charts::revenue_forecast(&history, &forecast, "none"));
    assert_eq!(
        o["xAxis"]["data"],
        json!(["2024-01", "2024-02", "2024-03", "2024-04"])
    );
    assert_eq!(o["series"][0]["data"], json!([10.0, 12.0, null, null]));
    assert_eq!(o["series"][1]["data"], json!([null, 12.0, 13.0, 14.5]));
    assert_eq!(o["series"][1]["lineStyle"]["type"], "dashed");
    assert_eq!(o["series"][1]["name"], "Forecast");
    // No forecast: only the history line.
    let o = option(&charts::revenue_forecast(
        &history,
        &Series::new("Forecast"),
        "none",
    ));
    assert_eq!(o["series"].as_array().unwrap().len(), 1);
    // No history: the empty chart.
    let o = option(&charts::revenue_forecast(
        &Series::new("Revenue"),
        &forecast,
        "nothing yet",
    ));
    assert_eq!(o["title"][0]["text"], "nothing yet");
}

#[test]
fn bars_keep_the_given_order_and_largest_on_top_when_horizontal() {
    let s = series("Revenue", &[("Books", 30.0), ("Toys", 20.0)]);
    let o = option(&charts::bars(&s, true, "none"));
    assert_eq!(o["yAxis"]["data"], json!(["Books", "Toys"]));
    assert_eq!(o["yAxis"]["inverse"], true);
    assert_eq!(o["xAxis"]["type"], "value");
    assert_eq!(o["xAxis"]["splitNumber"], 3.0);
    assert_eq!(o["series"][0]["data"], json!([30.0, 20.0]));
    let o = option(&charts::bars(&s, false, "none"));
    assert_eq!(o["xAxis"]["data"], json!(["Books", "Toys"]));
    assert_eq!(
        option(&charts::bars(&Series::new("x"), false, "empty"))["title"][0]["text"],
        "empty"
    );
}

#[test]
fn funnel_keeps_pipeline_order() {
    let s = series(
        "Deals",
        &[("Lead", 100.0), ("Qualified", 40.0), ("Won", 25.0)],
    );
    let o = option(&charts::funnel(&s, "none"));
    assert_eq!(o["series"][0]["type"], "funnel");
    assert_eq!(o["series"][0]["sort"], "descending");
    assert_eq!(
        o["series"][0]["data"],
        json!([{"value": 100.0, "name": "Lead"}, {"value": 40.0, "name": "Qualified"}, {"value": 25.0, "name": "Won"}])
    );
}

#[test]
fn heatmap_cells_are_percent_with_gaps_for_the_future() {
    let rows = vec!["2024-01".to_string(), "2024-02".to_string()];
    let cols = vec!["0".to_string(), "1".to_string()];
    let values = vec![vec![Some(1.0), Some(0.4567)], vec![Some(1.0), None]];
    let o = option(&charts::heatmap(
        &rows,
        &cols,
        &values,
        "Months",
        "Retention %",
        "none",
    ));
    assert_eq!(o["series"][0]["type"], "heatmap");
    assert_eq!(
        o["series"][0]["data"],
        json!([[0.0, 0.0, 100.0], [1.0, 0.0, 45.7], [0.0, 1.0, 100.0]])
    );
    assert_eq!(o["yAxis"]["data"], json!(["2024-01", "2024-02"]));
    // The names come from the caller (the UI's language).
    assert_eq!(o["xAxis"]["name"], "Months");
    assert_eq!(o["series"][0]["name"], "Retention %");
}

#[test]
fn pareto_is_cumulative_share_of_sorted_revenue() {
    let o = option(&charts::pareto(&[10.0, 70.0, 0.0, 20.0], PARETO, "none"));
    // Three paying customers: 70, 20, 10.
    assert_eq!(
        o["series"][0]["data"],
        json!([[0.0, 0.0], [33.3, 70.0], [66.7, 90.0], [100.0, 100.0]])
    );
    assert_eq!(o["xAxis"]["name"], "% of customers");
    assert_eq!(o["yAxis"]["name"], "% of revenue");
    assert_eq!(o["series"][0]["name"], "Cumulative");
    assert_eq!(
        option(&charts::pareto(&[], PARETO, "empty"))["title"][0]["text"],
        "empty"
    );
}

#[test]
fn histogram_counts_every_value_once() {
    let o = option(&charts::histogram(
        &[0.0, 1.0, 4.9, 5.0, 10.0],
        2,
        "Customers",
        "none",
    ));
    assert_eq!(o["xAxis"]["data"], json!(["0–5", "5–10"]));
    assert_eq!(o["series"][0]["data"], json!([3.0, 2.0]));
}

#[test]
fn grouped_bars_share_the_labels() {
    let a = series("Before", &[("Spring", 10.0), ("Summer", 5.0)]);
    let b = series("During", &[("Spring", 15.0), ("Summer", 4.0)]);
    let o = option(&charts::grouped_bars(&[a, b], "none"));
    assert_eq!(o["xAxis"]["data"], json!(["Spring", "Summer"]));
    assert_eq!(o["series"][0]["name"], "Before");
    assert_eq!(o["series"][1]["data"], json!([15.0, 4.0]));
    assert_eq!(
        option(&charts::grouped_bars(&[], "empty"))["title"][0]["text"],
        "empty"
    );
}

#[test]
fn the_sales_chart_plots_complete_months_then_the_forecast() {
    use rapport::core::metrics::{forecast, month_index};
    use rapport::core::model::Day;
    let first = month_index(Day::from_ymd(2024, 1, 1).unwrap());
    let f = forecast(&[10.0, 12.0, 11.0, 13.0, 12.0, 14.0], first, 3, 2);
    // The period's months include a partial current month that the forecast left out.
    let by_month = series("Revenue", &[("2024-06", 14.0), ("2024-07", 1.0)]);
    let o = option(&charts::sales_forecast(
        &by_month, &f, "Revenue", "Forecast", "none",
    ));
    let labels = o["xAxis"]["data"].as_array().unwrap().clone();
    assert_eq!(labels.first().unwrap(), "2024-01");
    assert_eq!(labels.len(), 6 + 3);
    assert_eq!(o["series"][0]["name"], "Revenue");
    assert_eq!(o["series"][1]["name"], "Forecast");
    // Without a forecast history the period's months are shown.
    let empty = forecast(&[], first, 3, 2);
    let o = option(&charts::sales_forecast(
        &by_month, &empty, "Revenue", "Forecast", "none",
    ));
    assert_eq!(o["xAxis"]["data"], json!(["2024-06", "2024-07"]));
}

#[test]
fn every_chart_has_a_data_table() {
    let history = series("Revenue", &[("2024-01", 10.0), ("2024-02", 12.5)]);
    let forecast = series("Forecast", &[("2024-03", 13.0)]);
    let (h, rows) = charts::data_table(&charts::revenue_forecast(&history, &forecast, "none"));
    assert_eq!(h, ["", "Revenue", "Forecast"]);
    assert_eq!(
        rows,
        [
            vec!["2024-01", "10", ""],
            vec!["2024-02", "12.50", "12.50"],
            vec!["2024-03", "", "13"]
        ]
    );

    let (h, rows) = charts::data_table(&charts::bars(
        &series("Orders", &[("Books", 3.0)]),
        true,
        "none",
    ));
    assert_eq!(
        (h, rows),
        (
            vec!["".to_string(), "Orders".into()],
            vec![vec!["Books".to_string(), "3".into()]]
        )
    );

    let (_, rows) = charts::data_table(&charts::funnel(
        &series("Deals", &[("Lead", 9.0), ("Won", 2.0)]),
        "none",
    ));
    assert_eq!(rows, [vec!["Lead", "9"], vec!["Won", "2"]]);

    let rows_axis = vec!["2024-01".to_string()];
    let cols = vec!["0".to_string(), "1".to_string()];
    let (_, rows) = charts::data_table(&charts::heatmap(
        &rows_axis,
        &cols,
        &[vec![Some(1.0), Some(0.5)]],
        "Months",
        "Retention %",
        "none",
    ));
    assert_eq!(
        rows,
        [vec!["2024-01", "0", "100"], vec!["2024-01", "1", "50"]]
    );

    let (_, rows) = charts::data_table(&charts::pareto(&[3.0, 1.0], PARETO, "none"));
    assert_eq!(rows.last().unwrap(), &vec!["100".to_string(), "100".into()]);
    assert!(
        charts::data_table(&charts::trend(&Series::new("x"), "empty"))
            .1
            .is_empty()
    );
}

/// Every string in a chart option, with the path to it.
fn strings(v: &Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path, s.clone())),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| strings(v, format!("{path}[{i}]"), out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, v)| strings(v, format!("{path}.{k}"), out)),
        _ => {}
    }
}

#[test]
fn hostile_labels_are_isolated_bounded_and_never_formatted() {
    let long = "W".repeat(10_000);
    let hostile = [
        "<img src=x onerror=alert(1)>",
        "<script>alert(2)</script>",
        "\u{202E}gnp.exe",
        "javascript:alert(3)",
        long.as_str(),
    ];
    let s = series("<b>Revenue</b>", &hostile.map(|h| (h, 1.0)));
    let stages = series("Deals", &hostile.map(|h| (h, 2.0)));
    let rows: Vec<String> = hostile.iter().map(|h| h.to_string()).collect();
    let charts = [
        charts::trend(&s, "none"),
        charts::bars(&s, true, "none"),
        charts::bars(&s, false, "none"),
        charts::grouped_bars(&[s.clone(), s.clone()], "none"),
        charts::funnel(&stages, "none"),
        charts::revenue_forecast(&s, &s, "none"),
        charts::heatmap(
            &rows,
            &rows,
            &[vec![Some(0.5)]],
            "Months",
            "Retention %",
            "none",
        ),
    ];
    let isolated = |h: &str| format!("\u{2068}{h}\u{2069}");
    let cut = format!("\u{2068}{}…\u{2069}", "W".repeat(charts::LABEL_CHARS));
    for chart in &charts {
        let json = charts::to_json(chart);
        let raw: Value = serde_json::from_str(&json).unwrap();
        // No builder sets a formatter or a render mode: ECharts' default tooltip escapes
        // names and values (encodeHTML) and labels are canvas text.
        assert!(!json.contains("formatter"), "{json}");
        assert!(!json.contains("renderMode"), "{json}");
        let mut all = Vec::new();
        strings(&raw, String::new(), &mut all);
        for (path, text) in &all {
            // Every hostile text appears only isolated, and the long one only cut.
            for h in &hostile[..4] {
                if text.contains(h) {
                    assert_eq!(text, &isolated(h), "{path}");
                }
            }
            if text.contains('W') {
                assert_eq!(text, &cut, "{path}");
            }
        }
        assert!(all.iter().any(|(_, t)| t == &isolated(hostile[0])));
        assert!(all.iter().any(|(_, t)| t == &cut));
        // The data table (rendered as HTML text by the page) gets the text without the
        // isolates.
        let (_, table) = charts::data_table(chart);
        assert!(table.iter().flatten().any(|c| c == hostile[0]), "{table:?}");
    }
    assert_eq!(charts::label("ok"), "\u{2068}ok\u{2069}");
    assert_eq!(charts::label(""), "\u{2068}\u{2069}");
    // Cut at 40 characters, not bytes.
    let chinese = "张".repeat(41);
    assert_eq!(
        charts::label(&chinese),
        format!("\u{2068}{}…\u{2069}", "张".repeat(40))
    );
}

#[test]
fn retention_draws_the_survival_curve_in_percent() {
    use rapport::core::metrics::kaplan_meier;
    let points = kaplan_meier(&[(0, false), (1, true), (1, false), (2, true), (3, false)]);
    let r = rapport::core::metrics::Retention {
        source: rapport::core::metrics::RetentionSource::Tenure,
        customers: 5,
        churned: 2,
        left_out: 0,
        points,
        median_months: Some(2),
        explain: rapport::core::metrics::Explanation::new(
            rapport::core::metrics::Formula::RetentionTenure,
            5,
        ),
    };
    let o = option(&charts::retention(
        Some(&r),
        ["Still customers %", "Months"],
        "none",
    ));
    assert_eq!(o["xAxis"]["data"], json!(["0", "1", "2", "3"]));
    assert_eq!(o["xAxis"]["name"], "Months");
    // S = 1, 1 − 1/4, then × (1 − 1/2): percentages with two decimals.
    assert_eq!(o["series"][0]["data"], json!([100.0, 75.0, 37.5, 37.5]));
    assert_eq!(o["series"][0]["step"], "end");
    assert_eq!(
        (o["yAxis"]["min"].as_f64(), o["yAxis"]["max"].as_f64()),
        (Some(0.0), Some(100.0))
    );
    let empty = option(&charts::retention(
        None,
        ["Still customers %", "Months"],
        "No tenure",
    ));
    assert_eq!(empty["title"][0]["text"], "No tenure");
}

#[test]
fn the_backtest_chart_pairs_predicted_and_actual_by_bucket() {
    use rapport::core::demo::{generate, DemoOptions};
    use rapport::core::metrics::{holdout, CustomerIndex};
    let ds = generate(&DemoOptions {
        customers: 300,
        ..DemoOptions::default()
    });
    let idx = CustomerIndex::build(&ds);
    let h = holdout(&idx, DemoOptions::default().as_of, 6).unwrap();
    let chart = charts::holdout(Some(&h), ["Predicted", "Actual"], "none");
    let (headers, rows) = charts::data_table(&chart);
    assert_eq!(headers[1..], ["Predicted", "Actual"]);
    assert_eq!(rows.len(), h.buckets.len());
    let last = h.buckets.last().unwrap();
    let label = format!("{}{}", last.frequency, if last.or_more { "+" } else { "" });
    assert_eq!(rows.last().unwrap()[0], label);
    assert_eq!(
        rows[0][2],
        format!("{}", (h.buckets[0].actual_mean * 100.0).round() / 100.0)
    );
    // Before the backtest: the message, no bars.
    let (_, empty) = charts::data_table(&charts::holdout(None, ["P", "A"], "none"));
    assert!(empty.is_empty());
}

#[test]
fn the_deal_funnel_steps_through_the_open_stages_and_won_by_outcome() {
    use rapport::core::demo::{generate, DemoOptions};
    use rapport::core::metrics::{funnel, CustomerIndex, Filter, Params};
    use rapport::core::model::DealOutcome;
    let o = DemoOptions {
        customers: 300,
        ..DemoOptions::default()
    };
    let ds = generate(&o);
    let f = funnel(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::default(),
        o.as_of,
        &Params::default(),
    );
    let outcomes: Vec<DealOutcome> = f.stages.iter().map(|s| s.outcome).collect();
    assert_eq!(outcomes.last(), Some(&DealOutcome::Lost));
    assert_eq!(outcomes[outcomes.len() - 2], DealOutcome::Won);
    assert!(outcomes[..outcomes.len() - 2]
        .iter()
        .all(|&o| o == DealOutcome::Open));
    let (_, rows) = charts::data_table(&charts::deal_funnel(&f, false, "Deals", "none"));
    let labels: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let open_and_won: Vec<&str> = f.stages[..f.stages.len() - 1]
        .iter()
        .map(|s| s.stage.as_str())
        .collect();
    assert_eq!(labels, open_and_won);
    let (_, by_amount) = charts::data_table(&charts::deal_funnel(&f, true, "Amount", "none"));
    assert_eq!(by_amount[0][1], format!("{}", f.stages[0].reached_amount));
}

#[test]
fn the_cohort_heatmap_has_a_row_per_cohort_and_at_most_24_months() {
    use rapport::core::demo::{generate, DemoOptions};
    use rapport::core::metrics::{cohorts, CustomerIndex, Filter, Params};
    let o = DemoOptions {
        customers: 200,
        ..DemoOptions::default()
    };
    let ds = generate(&o);
    let idx = CustomerIndex::build(&ds);
    let c = cohorts(&ds, &idx, &Filter::default(), o.as_of, &Params::default());
    assert!(c.cohorts.len() > 24, "three years of monthly cohorts");
    let json = charts::to_json(&charts::cohort_heatmap(&c, ("Months", "Retention", "none")));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = v["yAxis"]["data"]
        .as_array()
        .or(v["yAxis"][0]["data"].as_array())
        .unwrap();
    let columns = v["xAxis"]["data"]
        .as_array()
        .or(v["xAxis"][0]["data"].as_array())
        .unwrap();
    assert_eq!(rows.len(), c.cohorts.len());
    let first = format!("{} ({})", c.cohorts[0].month, c.cohorts[0].customers);
    assert_eq!(rows[0], charts::label(&first));
    assert_eq!(columns.len(), 24);
    assert_eq!(columns[0], charts::label("0"));
    // A click on item k of the series names the cell item k draws.
    let data = v["series"][0]["data"]
        .as_array()
        .or(v["series"]["data"].as_array())
        .unwrap();
    assert!(data.len() > 24);
    for (k, item) in data.iter().enumerate() {
        let (month, since) = charts::cohort_cell(&c, k).unwrap();
        let row = item[1].as_f64().unwrap() as usize;
        assert_eq!(month, c.cohorts[row].month, "item {k}");
        assert_eq!(f64::from(since), item[0].as_f64().unwrap(), "item {k}");
    }
    assert_eq!(charts::cohort_cell(&c, data.len()), None);
}
