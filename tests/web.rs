//! A few tests that need a real browser (run by `make test` with wasm-bindgen-test in
//! headless Chromium). Plain native tests live in `tests/it`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rapport::storage::prefs::{self, Theme};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn theme_preference_round_trips_through_local_storage() {
    local_storage().remove_item(prefs::THEME_KEY).unwrap();
    assert_eq!(
        prefs::load::<Theme>(prefs::THEME_KEY, prefs::THEME_VERSION),
        Theme::System
    );
    prefs::save(prefs::THEME_KEY, prefs::THEME_VERSION, &Theme::Dark);
    assert_eq!(
        local_storage()
            .get_item(prefs::THEME_KEY)
            .unwrap()
            .as_deref(),
        Some(r#"{"v":1,"value":"dark"}"#)
    );
    assert_eq!(
        prefs::load::<Theme>(prefs::THEME_KEY, prefs::THEME_VERSION),
        Theme::Dark
    );
}

#[wasm_bindgen_test]
fn malformed_preference_falls_back_to_the_default() {
    for junk in [
        "{not json",
        r#"{"v":99,"value":"dark"}"#,
        r#"{"v":1,"value":"purple"}"#,
    ] {
        local_storage().set_item(prefs::THEME_KEY, junk).unwrap();
        assert_eq!(
            prefs::load::<Theme>(prefs::THEME_KEY, prefs::THEME_VERSION),
            Theme::System,
            "{junk}"
        );
    }
    local_storage().remove_item(prefs::THEME_KEY).unwrap();
}

#[wasm_bindgen_test]
fn empty_state_links_to_the_data_page() {
    use leptos_router::components::Router;
    use rapport::components::EmptyState;

    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let _mounted = leptos::mount::mount_to(host.clone(), || {
        view! { <Router><EmptyState needs="an orders CSV"/></Router> }
    });
    let text = host.text_content().unwrap();
    assert!(text.contains("No data yet"), "{text}");
    assert!(text.contains("an orders CSV"), "{text}");
    let link = host.query_selector("a").unwrap().expect("a link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/data"));
}

/// Writes `value` under one key (on the condition that the guard key is absent, as it
/// stays) and reads it back.
async fn write_and_read(value: Vec<u8>) -> Option<Vec<u8>> {
    use rapport::storage::idb;
    idb::write_if("test-guard", None, vec![("test-value".into(), value)])
        .await
        .expect("written");
    idb::read(&["test-value"]).await.expect("read").remove(0)
}

/// A value larger than one IndexedDB part is written in parts and read back whole; a later,
/// smaller value under the same key replaces it, parts included.
#[wasm_bindgen_test]
async fn a_large_value_round_trips_through_indexeddb_in_parts() {
    let large: Vec<u8> = (0..20_000_011u32).map(|i| (i % 251) as u8).collect();
    let read = write_and_read(large.clone()).await;
    assert!(
        read.as_deref() == Some(large.as_slice()),
        "the large value read back whole"
    );
    assert_eq!(write_and_read(vec![1, 2, 3]).await, Some(vec![1, 2, 3]));
    rapport::storage::idb::clear().await.expect("cleared");
}
