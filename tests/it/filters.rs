use rapport::core::model::Day;
use rapport::filters::{parse_day, query_string, FilterQuery, Range};

fn day(s: &str) -> Day {
    parse_day(s).unwrap()
}

#[test]
fn the_query_round_trips_and_defaults_stay_out_of_the_url() {
    assert_eq!(FilterQuery::default().to_pairs(), vec![]);
    let q = FilterQuery::from_pairs([
        ("range", "custom"),
        ("from", "2024-01-01"),
        ("to", "2024-03-31"),
        ("segment", "Enterprise"),
        ("channel", "web"),
        ("owner", "张伟"),
        ("as_of", "2024-06-30"),
        ("utm", "ignored"),
        ("by.deals", "manager"),
    ]);
    assert_eq!(q.range, Range::Custom);
    let pairs = q.to_pairs();
    let back = FilterQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(back, q);
    assert_eq!(pairs[0], ("range".to_string(), "custom".to_string()));
    assert_eq!(q.by("deals"), "manager");
    assert_eq!(
        q.by("tickets"),
        "",
        "a card not in the URL shows its first column"
    );
}

#[test]
fn unreadable_values_fall_back_to_defaults() {
    let q = FilterQuery::from_pairs([
        ("range", "week"),
        ("from", "yesterday"),
        ("segment", ""),
        ("by.", "x"),
        ("by.deals", ""),
    ]);
    assert_eq!(q, FilterQuery::default());
}

#[test]
fn periods_end_at_as_of() {
    let as_of = day("2024-06-30");
    let q = |range| FilterQuery {
        range,
        ..Default::default()
    };
    assert_eq!(
        q(Range::Last30).period(as_of),
        (Some(day("2024-06-01")), Some(as_of))
    );
    assert_eq!(
        q(Range::Last90).period(as_of),
        (Some(day("2024-04-02")), Some(as_of))
    );
    assert_eq!(
        q(Range::Last365).period(as_of),
        (Some(day("2023-07-02")), Some(as_of))
    );
    assert_eq!(
        q(Range::YearToDate).period(as_of),
        (Some(day("2024-01-01")), Some(as_of))
    );
    // The whole history (the default) is open at both ends.
    assert_eq!(q(Range::All).period(as_of), (None, None));
    assert_eq!(Range::default(), Range::All);
    let custom = FilterQuery {
        range: Range::Custom,
        from: Some(day("2024-01-01")),
        to: Some(day("2025-01-01")),
        ..Default::default()
    };
    assert_eq!(
        custom.period(as_of),
        (Some(day("2024-01-01")), Some(as_of)),
        "never past as-of"
    );
}

#[test]
fn as_of_prefers_the_override_then_the_data() {
    let q = FilterQuery::default();
    assert_eq!(q.as_of(Some(Day(10)), Day(99)), Day(10));
    assert_eq!(q.as_of(None, Day(99)), Day(99));
    let q = FilterQuery {
        as_of: Some(Day(5)),
        ..Default::default()
    };
    assert_eq!(q.as_of(Some(Day(10)), Day(99)), Day(5));
}

#[test]
fn the_query_string_is_percent_encoded() {
    assert_eq!(query_string(&FilterQuery::default()), "");
    let mut q = FilterQuery {
        range: Range::Last30,
        segment: Some("Small Business & Co".into()),
        owner: Some("张".into()),
        ..Default::default()
    };
    q.set_by("deals", "sales agent");
    assert_eq!(
        query_string(&q),
        "range=30d&segment=Small%20Business%20%26%20Co&owner=%E5%BC%A0&by.deals=sales%20agent"
    );
}

#[test]
fn filter_text_resolves_against_the_data_and_an_unknown_value_matches_nothing() {
    use rapport::core::metrics::{Filter, FilterText, Recent};
    use rapport::core::model::Dataset;
    let mut ds = Dataset::default();
    let retail = ds.strings.intern("Retail");
    let text = FilterText {
        recent: Some(Recent::Days(30)),
        segments: vec!["Retail".into()],
        channels: vec!["Nowhere".into()],
        ..FilterText::default()
    };
    let f = Filter::resolve(&ds, &text);
    assert_eq!(
        (f.recent, f.segments),
        (Some(Recent::Days(30)), vec![retail])
    );
    // Not in the data: a symbol no record has, so the filter still narrows (to nothing).
    assert_eq!(f.channels.len(), 1);
    assert_ne!(f.channels[0], retail);
    assert!(ds.strings.lookup("Nowhere").is_none());
    assert!(f.owners.is_empty());
}

#[test]
fn picks_live_in_the_url_toggle_and_group_by_column() {
    let q = FilterQuery::from_pairs([
        ("pick.customers.rfm_segment", "Champions"),
        ("pick.orders.category", "Books"),
        ("pick.customers.rfm_segment", "Loyal"),
        ("pick.nokind", "x"),
        ("pick..column", "x"),
    ]);
    assert_eq!(
        q.pick_groups(),
        vec![
            (
                "customers".to_string(),
                "rfm_segment".to_string(),
                vec!["Champions".to_string(), "Loyal".to_string()]
            ),
            ("orders".into(), "category".into(), vec!["Books".into()]),
        ]
    );
    assert_eq!(
        query_string(&q),
        "pick.customers.rfm_segment=Champions&pick.orders.category=Books\
         &pick.customers.rfm_segment=Loyal"
    );
    assert_eq!(
        FilterQuery::from_pairs(q.to_pairs().iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        q
    );
    // A second click takes a value back.
    let mut q = q;
    q.toggle_pick("orders.category", "Books");
    assert_eq!(q.pick_groups().len(), 1);
    // The same value twice in a URL is one pick.
    let twice = FilterQuery::from_pairs([
        ("pick.orders.channel", "web"),
        ("pick.orders.channel", "web"),
    ]);
    assert_eq!(
        twice.picks,
        vec![("orders.channel".to_string(), "web".to_string())]
    );
}

#[test]
fn the_open_rows_live_in_the_url() {
    let q = FilterQuery::from_pairs([("channel", "web"), ("rows", "kpi.net_revenue")]);
    assert_eq!(q.rows.as_deref(), Some("kpi.net_revenue"));
    assert_eq!(query_string(&q), "channel=web&rows=kpi.net_revenue");
    assert_eq!(FilterQuery::from_pairs([("rows", "")]).rows, None);
}
