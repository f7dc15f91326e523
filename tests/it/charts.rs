use rapport::charts;
use rapport::core::series::Series;
use serde_json::{json, Value};

fn option(chart: &charming::Chart) -> Value {
    serde_json::from_str(&charts::to_json(chart)).unwrap()
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
