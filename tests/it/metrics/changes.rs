//! "What changed" between two monthly exports (`record_import`): hand-checked against the
//! fixtures in `tests/fixtures/changes/`, whose January and February files differ in known
//! ways; the lines open as rows (`rows_behind`); the history survives storage and deletes.

use rapport::core::codec;
use rapport::core::edit::delete_customer;
use rapport::core::import::{merge, read, MergePolicy, ParseOptions};
use rapport::core::metrics::{
    record_import, rows_behind, AsOf, Batch, CustomerIndex, Figure, Filter, Params,
};
use rapport::core::model::{Change, Dataset, Day, Import, Kind, Measure, Timestamp};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/changes/{name}")).unwrap()
}

/// Imports `files` into `base` as the Data page does, with its history entry.
fn import(base: &Dataset, files: &[&str], policy: MergePolicy) -> Dataset {
    let parsed = (files.iter())
        .map(|f| {
            read(f, &fixture(f), None, &ParseOptions::default())
                .unwrap()
                .1
        })
        .collect();
    let (mut next, summary) = merge(base, parsed, policy, true);
    let (bi, ai) = (CustomerIndex::build(base), CustomerIndex::build(&next));
    let batch = Batch {
        files: files.iter().map(|f| f.to_string()).collect(),
        at: Some(Timestamp(1_707_000_000)),
        in_files: &summary.in_files,
    };
    let entry = record_import((base, &bi), (&next, &ai), batch, &Params::default());
    next.history.push(entry);
    next
}

fn months(jan: &[&str], feb: &[&str]) -> Dataset {
    let first = import(&Dataset::default(), jan, MergePolicy::CreateAndUpdate);
    import(&first, feb, MergePolicy::CreateAndUpdate)
}

/// The ids of a line's rows, sorted.
fn ids(ds: &Dataset, import: &Import, change: Change) -> Vec<String> {
    let line = import
        .line(change)
        .unwrap_or_else(|| panic!("no line {change:?}"));
    let mut ids: Vec<String> = (line.rows.rows())
        .map(|i| {
            let id = match change.kind() {
                Kind::Customers => ds.customers.rows[i].id,
                Kind::Orders => ds.orders.rows[i].id,
                Kind::Deals => ds.deals.rows[i].id,
                Kind::Tickets => ds.tickets.rows[i].id,
                Kind::Campaigns => ds.campaigns.rows[i].id,
                Kind::Responses => ds.responses.rows[i].id,
            };
            ds.str(id).to_string()
        })
        .collect();
    ids.sort();
    ids
}

fn last(ds: &Dataset) -> &Import {
    ds.history.last().unwrap()
}

#[test]
fn a_first_import_has_figures_and_nothing_to_compare() {
    let ds = import(
        &Dataset::default(),
        &["orders_2024-01.csv"],
        MergePolicy::CreateAndUpdate,
    );
    let first = last(&ds);
    assert!(first.first && first.lines.is_empty());
    assert_eq!(first.files, ["orders_2024-01.csv"]);
    assert_eq!(first.dated, Day::from_ymd(2024, 1, 20));
    assert_eq!(first.figure(Measure::NetRevenue), Some(1000.0));
    assert_eq!(first.figure(Measure::Orders), Some(4.0));
    // Active in the 90 days up to 20 January: A (10 Jan), B (15 Nov), D (20 Jan).
    assert_eq!(first.figure(Measure::ActiveCustomers), Some(3.0));
    assert_eq!(
        first.figure(Measure::OpenDeals),
        None,
        "no deals, no figure"
    );
}

#[test]
fn customers_of_a_snapshot_are_new_lost_or_reactivated_by_their_status() {
    let ds = months(&["customers_2024-01.csv"], &["customers_2024-02.csv"]);
    let feb = last(&ds);
    assert!(!feb.first);
    assert_eq!(ids(&ds, feb, Change::NewCustomers), ["C7"]);
    assert_eq!(ids(&ds, feb, Change::LostCustomers), ["C2"]);
    assert_eq!(ids(&ds, feb, Change::ReactivatedCustomers), ["C3"]);
    // C4 is not in February's list: the list is a full one (it repeats C1…C6), so the
    // missing customer is flagged.
    assert_eq!(ids(&ds, feb, Change::NotInExport(Kind::Customers)), ["C4"]);
    assert_eq!(
        ids(&ds, feb, Change::MissingInSpan(Kind::Customers)),
        ["C4"]
    );
    assert_eq!(ids(&ds, feb, Change::Added(Kind::Customers)), ["C7"]);
    let count = |c| feb.line(c).unwrap().rows.len();
    assert_eq!(count(Change::Previous(Kind::Customers)), 6);
    assert_eq!(count(Change::InExport(Kind::Customers)), 6);
    assert_eq!(count(Change::Matched(Kind::Customers)), 5);
    // A full list: before + added − not in the export = in the export.
    let c = Kind::Customers;
    assert_eq!(
        count(Change::Previous(c)) + count(Change::Added(c)) - count(Change::NotInExport(c)),
        count(Change::InExport(c))
    );
    assert_eq!(feb.figure(Measure::Customers), Some(7.0));
}

#[test]
fn each_deal_is_compared_with_itself_in_the_previous_export() {
    let ds = months(&["deals_2024-01.csv"], &["deals_2024-02.csv"]);
    let feb = last(&ds);
    let line = |c| ids(&ds, feb, c);
    assert_eq!(line(Change::NewDeals), ["D8"]);
    // Its account, which no record named before, is a new customer.
    assert_eq!(line(Change::NewCustomers), ["Gamma Corp"]);
    assert_eq!(
        line(Change::DealsForward),
        ["D1"],
        "Prospecting → Negotiation"
    );
    assert_eq!(line(Change::DealsBack), ["D2"], "Proposal → Qualification");
    assert_eq!(line(Change::DealsWon), ["D3"]);
    assert_eq!(line(Change::DealsLost), ["D4"]);
    assert!(line(Change::DealsReopened).is_empty());
    assert_eq!(line(Change::DealsAmount), ["D5"]);
    assert_eq!(line(Change::DealsOwner), ["D6"]);
    assert_eq!(line(Change::DealsCloseDate), ["D7"]);
    assert!(line(Change::NotInExport(Kind::Deals)).is_empty());
    // January's open deals: 7 (28,000); February's: D1, D2, D5, D6, D7, D8.
    assert_eq!(feb.figure(Measure::OpenDeals), Some(6.0));
    assert_eq!(
        feb.figure(Measure::Pipeline),
        Some(1000.0 + 2000.0 + 5500.0 + 6000.0 + 7000.0 + 8000.0)
    );
    assert_eq!(feb.figure(Measure::WonAmount), Some(3000.0));
    assert_eq!(ds.history[0].figure(Measure::OpenDeals), Some(7.0));
}

#[test]
fn tickets_opened_closed_and_reopened_since_the_previous_export() {
    let ds = months(&["tickets_2024-01.csv"], &["tickets_2024-02.csv"]);
    let feb = last(&ds);
    assert_eq!(ids(&ds, feb, Change::TicketsOpened), ["T4", "T5"]);
    // T1 was open and is resolved; T5 is new and was resolved after January's date.
    assert_eq!(ids(&ds, feb, Change::TicketsClosed), ["T1", "T5"]);
    // T6 said "solved" and now says "open".
    assert_eq!(ids(&ds, feb, Change::TicketsReopened), ["T6"]);
    // Open at 8 February: T3, T4, T6 (January's 20th: T1, T3).
    assert_eq!(feb.figure(Measure::OpenTickets), Some(3.0));
    assert_eq!(ds.history[0].figure(Measure::OpenTickets), Some(2.0));
}

#[test]
fn an_orders_export_cut_short_is_caught_by_the_reconciliation() {
    let ds = months(&["orders_2024-01.csv"], &["orders_2024-02.csv"]);
    let feb = last(&ds);
    // February's file repeats January's orders but O1, dated inside its own span.
    assert_eq!(ids(&ds, feb, Change::NotInExport(Kind::Orders)), ["O1"]);
    assert_eq!(ids(&ds, feb, Change::MissingInSpan(Kind::Orders)), ["O1"]);
    assert_eq!(
        ids(&ds, feb, Change::Added(Kind::Orders)),
        ["O5", "O6", "O7"]
    );
    assert_eq!(ids(&ds, feb, Change::Matched(Kind::Orders)).len(), 3);
    // As of 20 February, 90 days back reach 22 November: B (15 Nov) is lost; C bought on 1
    // June and again on 10 February: reactivated; E is new; A and D stay active.
    assert_eq!(ids(&ds, feb, Change::NewCustomers), ["E"]);
    assert_eq!(ids(&ds, feb, Change::LostCustomers), ["B"]);
    assert_eq!(ids(&ds, feb, Change::ReactivatedCustomers), ["C"]);
    assert_eq!(feb.dated, Day::from_ymd(2024, 2, 20));
    assert_eq!(feb.figure(Measure::NetRevenue), Some(1750.0));
}

#[test]
fn an_export_of_the_next_month_only_leaves_nothing_missing() {
    let ds = months(&["orders_2024-01.csv"], &["orders_2024-02-only.csv"]);
    let feb = last(&ds);
    assert_eq!(ids(&ds, feb, Change::NotInExport(Kind::Orders)).len(), 4);
    assert!(ids(&ds, feb, Change::MissingInSpan(Kind::Orders)).is_empty());
    assert!(feb
        .line(Change::Matched(Kind::Orders))
        .unwrap()
        .rows
        .is_empty());
    // The same customers change as with the full export.
    assert_eq!(ids(&ds, feb, Change::LostCustomers), ["B"]);
    assert_eq!(ids(&ds, feb, Change::ReactivatedCustomers), ["C"]);
}

#[test]
fn a_create_only_import_still_counts_the_rows_it_matched_as_in_the_export() {
    let first = import(
        &Dataset::default(),
        &["orders_2024-01.csv"],
        MergePolicy::CreateAndUpdate,
    );
    let ds = import(&first, &["orders_2024-02.csv"], MergePolicy::CreateOnly);
    let feb = last(&ds);
    assert_eq!(ids(&ds, feb, Change::NotInExport(Kind::Orders)), ["O1"]);
    assert_eq!(
        ids(&ds, feb, Change::Matched(Kind::Orders)),
        ["O2", "O3", "O4"]
    );
}

#[test]
fn each_line_opens_as_its_rows_whatever_the_filter() {
    let ds = months(
        &[
            "deals_2024-01.csv",
            "tickets_2024-01.csv",
            "customers_2024-01.csv",
        ],
        &[
            "deals_2024-02.csv",
            "tickets_2024-02.csv",
            "customers_2024-02.csv",
        ],
    );
    let idx = CustomerIndex::build(&ds);
    let as_of = AsOf::of(&ds, Day(0));
    let narrow = Filter {
        from: Day::from_ymd(2030, 1, 1),
        ..Filter::all()
    };
    let feb = ds.history.len() - 1;
    for line in &ds.history[feb].lines {
        let figure = Figure::Change {
            import: feb,
            change: line.change,
        };
        assert_eq!(Figure::from_query(&figure.to_query()), Some(figure.clone()));
        let set = rows_behind(
            &ds,
            &idx,
            None,
            &narrow,
            &as_of,
            &Params::default(),
            &figure,
        );
        assert_eq!(set.kind, line.change.kind());
        let mut rows: Vec<usize> = set.rows.iter().map(|&r| r as usize).collect();
        rows.sort_unstable();
        assert_eq!(
            rows,
            line.rows.rows().collect::<Vec<_>>(),
            "{:?}",
            line.change
        );
    }
    // An import the history does not have opens nothing.
    let none = Figure::Change {
        import: 9,
        change: Change::NewDeals,
    };
    let set = rows_behind(&ds, &idx, None, &narrow, &as_of, &Params::default(), &none);
    assert!(set.rows.is_empty());
}

#[test]
fn the_history_is_stored_with_the_records_and_follows_a_delete() {
    let ds = months(&["customers_2024-01.csv"], &["customers_2024-02.csv"]);
    let back = codec::decode(&codec::encode(&ds)).unwrap();
    assert_eq!(back, ds);
    // Deleting C1 (row 0) moves every later customer up one row: the lines still name
    // the same customers.
    let after = delete_customer(&ds, "C1", true).unwrap();
    let feb = last(&after);
    assert_eq!(ids(&after, feb, Change::NewCustomers), ["C7"]);
    assert_eq!(ids(&after, feb, Change::LostCustomers), ["C2"]);
    assert_eq!(
        ids(&after, feb, Change::NotInExport(Kind::Customers)),
        ["C4"]
    );
    assert_eq!(
        feb.line(Change::Previous(Kind::Customers))
            .unwrap()
            .rows
            .len(),
        5
    );
    after.check().unwrap();
}

#[test]
fn a_history_listing_a_row_that_does_not_exist_is_refused_on_load() {
    let mut ds = months(&["deals_2024-01.csv"], &["deals_2024-02.csv"]);
    ds.deals.rows.pop();
    ds.deals.extra_values.clear();
    assert!(ds.check().is_err());
    let bytes = codec::encode(&ds);
    assert!(codec::decode(&bytes).is_err());
}
