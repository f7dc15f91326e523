use rapport::storage::prefs::{decode, encode, PrefError, Theme};
use serde_json::json;

fn check(stored: serde_json::Value, expected: Result<Theme, PrefError>) {
    assert_eq!(
        decode::<Theme>(1, stored.clone()),
        expected,
        "stored: {stored}"
    );
}

#[test]
fn theme_round_trips_with_its_version() {
    for theme in Theme::ALL {
        let stored = encode(1, &theme);
        assert_eq!(stored, json!({"v": 1, "value": theme.as_str()}));
        check(stored, Ok(theme));
    }
}

#[test]
fn bad_stored_values_are_refused_not_guessed() {
    check(
        json!({"v": 2, "value": "dark"}),
        Err(PrefError::UnknownVersion(2)),
    );
    check(
        json!({"value": "dark"}),
        Err(PrefError::Malformed("no version field".into())),
    );
    check(
        json!("dark"),
        Err(PrefError::Malformed("no version field".into())),
    );
    assert!(matches!(
        decode::<Theme>(1, json!({"v": 1, "value": "purple"})),
        Err(PrefError::Malformed(_))
    ));
}

#[test]
fn system_theme_follows_the_os() {
    assert!(Theme::System.is_dark(true));
    assert!(!Theme::System.is_dark(false));
    assert!(Theme::Dark.is_dark(false));
    assert!(!Theme::Light.is_dark(true));
}

#[test]
fn mapping_profiles_remember_per_header_set() {
    use rapport::core::import::{auto_mapping, Field};
    use rapport::core::model::Kind;
    use rapport::storage::prefs::MappingProfiles;

    let headers: Vec<String> = ["Ref", "Client", "Le jour", "Total"]
        .map(String::from)
        .to_vec();
    let (mut mapping, _) = auto_mapping(Kind::Orders, &headers);
    mapping.assign(Field::Date, Some(2));
    let mut profiles = MappingProfiles::default();
    assert_eq!(profiles.find(&headers), None);
    profiles.remember(&headers, mapping.clone());
    assert_eq!(profiles.find(&headers), Some(&mapping));
    let other: Vec<String> = ["Ref", "Client"].map(String::from).to_vec();
    assert_eq!(profiles.find(&other), None, "only the same header set");
    // Stored as a versioned preference and read back.
    let stored = encode(rapport::storage::prefs::MAPPINGS_VERSION, &profiles);
    assert_eq!(decode::<MappingProfiles>(1, stored), Ok(profiles.clone()));
    // Re-remembering replaces; the oldest go beyond the limit.
    profiles.remember(&headers, mapping.clone());
    assert_eq!(profiles.len(), 1);
    for i in 0..MappingProfiles::LIMIT {
        profiles.remember(&[format!("h{i}")], mapping.clone());
    }
    assert_eq!(profiles.len(), MappingProfiles::LIMIT);
    assert_eq!(
        profiles.find(&headers),
        None,
        "the least recently used was dropped"
    );
}

#[test]
fn customer_views_save_replace_and_round_trip() {
    use rapport::customer_list::{Column, ListQuery};
    use rapport::storage::prefs::{CustomerViews, CUSTOMER_VIEWS_VERSION};

    let mut views = CustomerViews::default();
    views.set_hidden(Column::City, true);
    views.set_hidden(Column::Clv, true);
    views.set_hidden(Column::City, false);
    assert_eq!(views.hidden, [Column::Clv]);

    let champions = ListQuery {
        rfm_segment: Some("Champions".into()),
        sort: Column::Orders,
        ..ListQuery::default()
    };
    assert!(
        !views.save("   ", champions.clone()),
        "a blank name saves nothing"
    );
    assert!(views.save(" Champions ", champions.clone()));
    assert!(views.save("All", ListQuery::default()));
    // Same name: replaced in place, with the columns hidden now.
    views.set_hidden(Column::Abc, true);
    assert!(views.save("Champions", champions.clone()));
    let names: Vec<&str> = views.saved.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Champions", "All"]);
    let saved = views.find("Champions").unwrap();
    assert_eq!(saved.query, champions);
    assert_eq!(saved.hidden, [Column::Clv, Column::Abc]);

    // Stored and read back exactly.
    let stored = rapport::storage::prefs::encode(CUSTOMER_VIEWS_VERSION, &views);
    let back: CustomerViews =
        rapport::storage::prefs::decode(CUSTOMER_VIEWS_VERSION, stored).unwrap();
    assert_eq!(back, views);

    views.remove("Champions");
    assert!(views.find("Champions").is_none());
    for i in 0..CustomerViews::LIMIT + 3 {
        views.save(&format!("v{i}"), ListQuery::default());
    }
    assert_eq!(views.saved.len(), CustomerViews::LIMIT);
    assert_eq!(views.saved[0].name, "v3", "the oldest views go first");
}
