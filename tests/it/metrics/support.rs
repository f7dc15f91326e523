//! Support tickets.

use super::builder::{close, day, setup, ts, B};
use rapport::core::metrics::{support, Shown, Term};
use rapport::core::model::{Dataset, Ticket};

fn fixture() -> Dataset {
    let mut b = B::new();
    let (billing, other, email, chat, high, open, closed) = (
        b.sym("billing"),
        b.sym("shipping"),
        b.sym("email"),
        b.sym("chat"),
        b.sym("high"),
        b.sym("open"),
        b.sym("Closed"),
    );
    b.ticket(Ticket {
        opened: Some(ts("2024-01-01 08:00")),
        first_response: Some(ts("2024-01-01 10:00")),
        resolved: Some(ts("2024-01-02 08:00")),
        issue_type: billing,
        channel: email,
        priority: high,
        csat: Some(5),
        nps: Some(10),
        ..Ticket::default()
    })
    .ticket(Ticket {
        opened: Some(ts("2024-01-05 09:00")),
        first_response: Some(ts("2024-01-05 13:00")),
        issue_type: billing,
        channel: chat,
        status: open,
        nps: Some(3),
        ..Ticket::default()
    })
    .ticket(Ticket {
        opened: Some(ts("2024-01-10 00:00")),
        first_response: Some(ts("2024-01-10 01:00")),
        resolved: Some(ts("2024-01-10 06:00")),
        issue_type: other,
        channel: email,
        csat: Some(3),
        nps: Some(8),
        ..Ticket::default()
    })
    .ticket(Ticket {
        opened: Some(ts("2024-02-20 00:00")),
        status: closed,
        issue_type: billing,
        csat: Some(4),
        ..Ticket::default()
    });
    b.build()
}

#[test]
fn volumes_times_backlog_and_scores() {
    let ds = fixture();
    let (idx, _, filter) = setup(&ds);
    let s = support(&ds, &idx, &filter, day("2024-02-29"));
    assert_eq!(s.tickets.value, Some(4.0));
    assert_eq!(s.by_month.values(), [3.0, 1.0]);
    assert_eq!(s.by_month.labels(), ["2024-01", "2024-02"]);
    assert_eq!(s.by_type.labels(), ["billing", "shipping"]);
    assert_eq!(s.by_type.values(), [3.0, 1.0]);
    assert_eq!(s.by_channel.labels(), ["email", "(none)", "chat"]);
    // First response 1, 2, 4 hours; resolution 6 and 24 hours.
    assert_eq!(s.first_response.tickets, 3);
    assert_eq!(s.first_response.median_hours, Some(2.0));
    close(s.first_response.p90_hours.unwrap(), 3.6, 1e-12);
    close(s.first_response.mean_hours.unwrap(), 7.0 / 3.0, 1e-12);
    assert_eq!(s.resolution.median_hours, Some(15.0));
    close(s.resolution.p90_hours.unwrap(), 22.2, 1e-12);
    // Open at the end: the unresolved "open" ticket; the "Closed" one without a time is not.
    assert_eq!(s.backlog.value, 1);
    // CSAT: 5, 3, 4 → two of three are 4–5, mean 4. NPS: 10, 3, 8 → 1 promoter, 1 detractor.
    close(s.csat.value.unwrap(), 2.0 / 3.0, 1e-12);
    assert_eq!((s.csat_mean, s.csat_responses), (Some(4.0), 3));
    assert_eq!((s.nps.value, s.nps_responses), (Some(0.0), 3));
}

#[test]
fn backlog_is_a_point_in_time_and_the_period_selects_tickets() {
    let ds = fixture();
    let (idx, _, mut filter) = setup(&ds);
    // On Jan 1 the first ticket is still open (resolved Jan 2); later ones not yet opened.
    assert_eq!(
        support(&ds, &idx, &filter, day("2024-01-01")).backlog.value,
        1
    );
    filter.from = Some(day("2024-02-01"));
    filter.to = Some(day("2024-02-29"));
    let s = support(&ds, &idx, &filter, day("2024-02-29"));
    // The previous 29 days (Jan 3 – Jan 31) hold the second and third tickets.
    assert_eq!(
        (s.tickets.value, s.tickets.previous),
        (Some(1.0), Some(2.0))
    );
    assert_eq!((s.csat.value, s.csat.previous), (Some(1.0), Some(0.0)));
    assert_eq!((s.nps.value, s.first_response.median_hours), (None, None));
}

#[test]
fn no_tickets() {
    let ds = Dataset::default();
    let (idx, _, filter) = setup(&ds);
    let s = support(&ds, &idx, &filter, day("2024-02-29"));
    assert_eq!((s.tickets.value, s.backlog.value), (Some(0.0), 0));
    assert_eq!((s.csat.value, s.nps.value, s.csat_mean), (None, None, None));
    assert!(s.by_month.is_empty());
}

#[test]
fn tickets_without_an_opening_time_are_dated_by_their_first_response_else_resolution() {
    let mut b = B::new();
    b.ticket(Ticket {
        first_response: Some(ts("2024-02-10 08:00")),
        resolved: Some(ts("2024-02-11 08:00")),
        csat: Some(5),
        ..Ticket::default()
    })
    .ticket(Ticket {
        resolved: Some(ts("2024-01-15 08:00")),
        csat: Some(2),
        ..Ticket::default()
    })
    .ticket(Ticket {
        // Not dated at all: only in "all time".
        csat: Some(4),
        ..Ticket::default()
    });
    let ds = b.build();
    let (idx, _, mut filter) = setup(&ds);
    filter.from = Some(day("2024-02-01"));
    filter.to = Some(day("2024-02-29"));
    let s = support(&ds, &idx, &filter, day("2024-02-29"));
    // February holds the first (first response Feb 10); the previous 29 days the second.
    assert_eq!(
        (s.tickets.value, s.tickets.previous),
        (Some(1.0), Some(1.0))
    );
    assert_eq!((s.csat.value, s.csat.previous), (Some(1.0), Some(0.0)));
    assert_eq!(s.by_month.labels(), ["2024-02"]);
    let dated = s.tickets.explain.value(Term::DatedWithoutOpening);
    assert_eq!(dated, Some(&Shown::Count(1)));
    // Without an opening time there is no response time to measure.
    assert_eq!(s.first_response.tickets, 0);
    // On Feb 10 (before its resolution) the first ticket is in the backlog; the undated one
    // (no status, no resolution) too.
    filter.from = None;
    filter.to = None;
    assert_eq!(
        support(&ds, &idx, &filter, day("2024-02-10")).backlog.value,
        2
    );
    assert_eq!(
        support(&ds, &idx, &filter, day("2024-02-29")).tickets.value,
        Some(3.0)
    );
}
