//! One sort for the short, cold lists (categories, stages, search candidates, demo
//! drafts): every `sort_by` with its own closure is a new copy of the sort algorithm,
//! ~10 KB of wasm each, and the app had dozens. [`sort_by`] sorts an index list through a
//! single instantiation and then moves the items into place. The hot sorts (a million
//! orders by day, customers by revenue) keep the standard library's, inlined.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare` (equal items keep their order).
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = order_by(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i as usize].take()));
}

/// Sorts `items` stably by `key`, computed at each comparison (through [`sort_by`]).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in the order `compare` gives them, ties by position.
fn order_by(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| compare(a as usize, b as usize).then(a.cmp(&b)));
    order
}
