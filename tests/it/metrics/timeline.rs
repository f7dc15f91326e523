//! A customer's records for their page: newest first, undated last, limited; the count a
//! deletion with their records would remove.

use super::builder::{day, B};
use rapport::core::metrics::customer_timeline;
use rapport::core::model::{DealOutcome, Kind};

#[test]
fn a_customer_timeline_is_newest_first_with_undated_records_last() {
    let ds = B::new()
        .order("1", "C1", "2024-01-05", 10.0)
        .order("2", "C2", "2024-03-01", 99.0)
        .order("3", "C1", "2024-02-10", 20.0)
        .deal(
            "C1",
            "Ann",
            "Won",
            DealOutcome::Won,
            Some(5.0),
            Some("2024-01-01"),
            Some("2024-02-20"),
        )
        .deal("C1", "Ann", "Open", DealOutcome::Open, None, None, None)
        .build();
    let c1 = ds.strings.lookup("C1").unwrap();
    let t = customer_timeline(&ds, c1, 10);
    let got: Vec<(Kind, usize, Option<String>)> = (t.events.iter())
        .map(|e| (e.kind, e.row, e.day.map(|d| d.iso())))
        .collect();
    assert_eq!(
        got,
        [
            (Kind::Deals, 0, Some("2024-02-20".into())),
            (Kind::Orders, 2, Some("2024-02-10".into())),
            (Kind::Orders, 0, Some("2024-01-05".into())),
            (Kind::Deals, 1, None),
        ]
    );
    assert_eq!((t.records, t.related), (4, 4));
    // The limit keeps the newest; the counts stay whole.
    let two = customer_timeline(&ds, c1, 2);
    assert_eq!(two.events, t.events[..2]);
    assert_eq!((two.records, two.related), (4, 4));
    assert_eq!(two.events[0].day, Some(day("2024-02-20")));
}
