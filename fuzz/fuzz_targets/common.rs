//! Checks shared by the fuzz targets: what must hold for any dataset that the importer
//! produces or that storage accepts.

use rapport::core::model::{Dataset, Day, Symbols, Table, Timestamp};
use rapport::storage::codec;

/// Every part of `ds` can be read and shown, and it survives storage unchanged.
pub fn check_dataset(ds: &Dataset) {
    if let Err(why) = ds.check() {
        panic!("a dataset fails its own check: {why}");
    }
    visit_table(ds, &ds.customers);
    visit_table(ds, &ds.orders);
    visit_table(ds, &ds.deals);
    visit_table(ds, &ds.tickets);
    visit_table(ds, &ds.campaigns);
    for c in &ds.customers.rows {
        show_days([c.birth_date, c.signup]);
    }
    for o in &ds.orders.rows {
        show_days([Some(o.date)]);
    }
    for d in &ds.deals.rows {
        show_days([d.created, d.expected_close, d.closed]);
    }
    for t in &ds.tickets.rows {
        show_times([t.opened, t.first_response, t.resolved]);
    }
    for c in &ds.campaigns.rows {
        show_days([c.start, c.end]);
    }
    if let Some(day) = ds.latest_day() {
        std::hint::black_box(day.iso());
    }
    round_trip(ds);
}

/// Storing a dataset and reading it back gives the same bytes when stored again (compared
/// as bytes so that a NaN quantity does not count as a difference).
pub fn round_trip(ds: &Dataset) {
    let bytes = codec::encode(ds);
    let back = match codec::decode(&bytes) {
        Ok(back) => back,
        Err(e) => panic!("a dataset does not read back after storing: {e}"),
    };
    assert!(
        codec::encode(&back) == bytes,
        "a dataset changes when stored and read back"
    );
}

fn visit_table<T: Symbols>(ds: &Dataset, table: &Table<T>) {
    let mut len = 0usize;
    for (i, row) in table.rows.iter().enumerate() {
        row.symbols(&mut |s| len += ds.str(s).len());
        for (column, value) in table.extras(i) {
            len += ds.str(column).len() + ds.str(value).len();
        }
    }
    std::hint::black_box(len);
}

fn show_days<const N: usize>(days: [Option<Day>; N]) {
    for day in days.into_iter().flatten() {
        std::hint::black_box(day.iso());
    }
}

fn show_times<const N: usize>(times: [Option<Timestamp>; N]) {
    for t in times.into_iter().flatten() {
        std::hint::black_box(t.day().iso());
    }
}
