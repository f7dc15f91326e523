//! Pacing (`core::pace`): a computation paced with a pause at every offer gives the same
//! result as without pauses, offers them where expected, and stops at a refused one.

use super::builder::{day, setup, EveryStep, B};
use rapport::core::metrics::{dashboard, dashboard_paced, AsOf, CustomerIndex};
use rapport::core::pace::Cancelled;

#[test]
fn a_paced_index_is_the_index_and_can_be_stopped() {
    // Enough orders for pauses inside the passes (one per 65,536 records of a pass).
    let mut b = B::new();
    for i in 0..150_000 {
        let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        b.order(
            &format!("O{i}"),
            &format!("C{}", i % 4_999),
            &date,
            (i % 97) as f64,
        );
    }
    let ds = b.build();
    let whole = CustomerIndex::build(&ds);
    let mut pace = EveryStep {
        pauses: 0,
        stop_after: None,
    };
    let paced =
        pollster::block_on(CustomerIndex::build_paced(&ds, &mut pace)).expect("not stopped");
    assert!(paced == whole, "pausing changes nothing");
    assert_eq!(paced.len(), 4_999);
    // Two in each of the two passes over the orders, one between them, one at the end.
    assert_eq!(pace.pauses, 6);
    let mut stop = EveryStep {
        pauses: 0,
        stop_after: Some(1),
    };
    let stopped = pollster::block_on(CustomerIndex::build_paced(&ds, &mut stop));
    assert_eq!(stopped.err(), Some(Cancelled));
    assert_eq!(stop.pauses, 2, "stops at the first refused pause");
}

#[test]
fn a_paced_dashboard_is_the_dashboard_and_can_be_stopped() {
    // More customers than the pass over the orders reads between two offers of a pause
    // (8,192), so it offers some within the pass.
    let mut b = B::new();
    for i in 0..60_000 {
        let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let customer = format!("C{}", i % 20_000);
        b.order(&format!("O{i}"), &customer, &date, (i % 97) as f64);
    }
    let ds = b.build();
    let (idx, params, filter) = setup(&ds);
    let as_of = AsOf::of(&ds, day("2025-01-01"));
    let whole = dashboard(&ds, &idx, None, &filter, &as_of, &params);
    let mut pace = EveryStep {
        pauses: 0,
        stop_after: None,
    };
    let paced = dashboard_paced((&ds, &idx, None), &filter, &as_of, &params, &mut pace);
    let paced = pollster::block_on(paced).expect("not stopped");
    assert!(paced == whole, "pausing changes nothing");
    assert_eq!(paced.customers.total.value, Some(20_000.0));
    // Two within the pass (after 8,192 and 16,384 customers), six between the parts.
    assert_eq!(pace.pauses, 8);
    let mut stop = EveryStep {
        pauses: 0,
        stop_after: Some(1),
    };
    let stopped = dashboard_paced((&ds, &idx, None), &filter, &as_of, &params, &mut stop);
    assert_eq!(pollster::block_on(stopped).err(), Some(Cancelled));
    assert_eq!(
        stop.pauses, 2,
        "stops at the first refused pause, within the pass"
    );
}
