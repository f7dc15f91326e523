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
