//! The shared sort of short lists gives what the standard library's stable sort gives.

use proptest::prelude::*;
use rapport::core::sort::{sort_by, sort_by_key};

proptest! {
    #[test]
    fn sort_by_is_the_stable_sort(items in prop::collection::vec((0u8..6, any::<u16>()), 0..300)) {
        // Sorted by the first field only: equal keys must keep their order (the second field
        // tells them apart).
        let mut expected = items.clone();
        expected.sort_by_key(|a| a.0);
        let mut got = items.clone();
        sort_by(&mut got, |a, b| a.0.cmp(&b.0));
        prop_assert_eq!(&got, &expected);
        let mut got = items.clone();
        sort_by_key(&mut got, |a| std::cmp::Reverse(a.0));
        expected.sort_by_key(|a| std::cmp::Reverse(a.0));
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn sort_by_moves_owned_items() {
    let mut words: Vec<String> = ["pear", "fig", "apple", "kiwi", "date"]
        .map(String::from)
        .to_vec();
    sort_by_key(&mut words, |w| w.len());
    assert_eq!(words, ["fig", "pear", "kiwi", "date", "apple"]);
}
