//! One customer's records: what their page lists as a timeline, and how many records a
//! deletion of the customer with their records would remove.

use crate::model::{Dataset, Day, Kind, Sym};

/// One record of a customer's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// When (`None`: the record has no date; such records come last).
    pub day: Option<Day>,
    /// Which kind of record.
    pub kind: Kind,
    /// Its row in that kind's table.
    pub row: usize,
}

/// A customer's records, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// The newest `limit` records (orders, deals, tickets, campaign contacts).
    pub events: Vec<Event>,
    /// Every record of theirs (before the limit).
    pub records: usize,
    /// Their orders, deals and tickets: what deleting them with the customer removes.
    pub related: usize,
}

/// The records of customer `id`, newest first, at most `limit` of them; ties keep the order
/// orders, deals, tickets, contacts, each in data order.
pub fn customer_timeline(ds: &Dataset, id: Sym, limit: usize) -> Timeline {
    let mut events: Vec<Event> = Vec::new();
    let mut add = |kind: Kind, rows: &mut dyn Iterator<Item = (usize, Option<Day>)>| {
        events.extend(rows.map(|(row, day)| Event { day, kind, row }));
    };
    let of = |c: Sym| c == id;
    add(
        Kind::Orders,
        &mut (ds.orders.rows.iter().enumerate())
            .filter(|(_, o)| of(o.customer))
            .map(|(i, o)| (i, Some(o.date))),
    );
    add(
        Kind::Deals,
        &mut (ds.deals.rows.iter().enumerate())
            .filter(|(_, d)| of(d.customer))
            .map(|(i, d)| (i, d.closed.or(d.created))),
    );
    add(
        Kind::Tickets,
        &mut (ds.tickets.rows.iter().enumerate())
            .filter(|(_, t)| of(t.customer))
            .map(|(i, t)| (i, t.opened.map(|o| o.day()))),
    );
    add(
        Kind::Responses,
        &mut (ds.responses.rows.iter().enumerate())
            .filter(|(_, r)| of(r.customer))
            .map(|(i, r)| (i, r.date)),
    );
    let related = events.iter().filter(|e| e.kind != Kind::Responses).count();
    let records = events.len();
    crate::sort::sort_by_key(&mut events, |e| std::cmp::Reverse(e.day));
    events.truncate(limit);
    Timeline {
        events,
        records,
        related,
    }
}
