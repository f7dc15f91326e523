//! Lookup files: proposed from the headers and the records of the same import, read as
//! attributes (never records), stored with the dataset, and used as dimensions of the deals.
//! Expected values are hand-computed from `tests/fixtures/pipeline/`.

use rapport::core::import::{
    analyze, merge, parse, propose, Analysis, LookupTarget, MergePolicy, NoProgress, ParseOptions,
    Present,
};
use rapport::core::metrics::{deal_dimensions, deals_by, lookup_matches, Filter};
use rapport::core::metrics::{AsOf, CustomerIndex};
use rapport::core::model::{Dataset, Day, Kind};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/pipeline/{name}")).unwrap()
}

fn analysis(name: &str) -> Analysis {
    analyze(name, &fixture(name), None).unwrap()
}

const FILES: [&str; 4] = [
    "sales_pipeline.csv",
    "accounts.csv",
    "sales_teams.csv",
    "products.csv",
];

/// The four files imported as a user does who accepts the proposals.
pub fn pipeline() -> Dataset {
    let deals = Present::of_analysis(&analysis(FILES[0])).unwrap();
    let parsed = FILES.iter().map(|name| {
        let mut a = analysis(name);
        if let Some(t) = propose(&a, std::slice::from_ref(&deals)) {
            a.set_lookup(Some(t));
        }
        parse(
            &a,
            &fixture(name),
            &ParseOptions::default(),
            &mut NoProgress,
        )
    });
    merge(
        &Dataset::default(),
        parsed.collect(),
        MergePolicy::CreateOnly,
        true,
    )
    .0
}

fn as_of() -> Day {
    Day::from_ymd(2017, 12, 31).unwrap()
}

#[test]
fn weakly_recognised_files_are_proposed_as_lookups_for_the_deals() {
    let deals = Present::of_analysis(&analysis(FILES[0])).unwrap();
    assert_eq!(deals.kind, Kind::Deals);
    let target = |name| propose(&analysis(name), std::slice::from_ref(&deals));
    let lookup = |key: &str| {
        Some(LookupTarget {
            column: 0,
            kind: Kind::Deals,
            key: key.into(),
        })
    };
    assert_eq!(target("accounts.csv"), lookup("customer_name"));
    assert_eq!(target("sales_teams.csv"), lookup("owner"));
    // The deals have no product field: their extra column of that name.
    assert_eq!(target("products.csv"), lookup("product"));
    assert_eq!(
        target("sales_pipeline.csv"),
        None,
        "records, well recognised"
    );
    // Without deals in the import, nothing to attach to.
    assert_eq!(propose(&analysis("accounts.csv"), &[]), None);
}

#[test]
fn lookups_add_attributes_never_records() {
    let ds = pipeline();
    assert_eq!(ds.deals.len(), 6);
    // The deals' placeholders for their three accounts: no customer, deal or order from the
    // lookup files themselves.
    assert_eq!((ds.customers.len(), ds.orders.len()), (3, 0));
    assert_eq!(ds.lookups.len(), 3);
    let matches = lookup_matches(&ds);
    let m: Vec<_> = matches
        .iter()
        .map(|m| {
            (
                m.file.as_str(),
                m.key.as_str(),
                m.keys,
                m.records,
                m.records_unmatched,
            )
        })
        .collect();
    assert_eq!(
        m,
        [
            ("accounts.csv", "customer_name", 4, 5, 0),
            ("sales_teams.csv", "owner", 4, 6, 0),
            ("products.csv", "product", 3, 6, 1),
        ]
    );
    assert_eq!(matches[0].unmatched_keys, ["Dotcom"]);
    assert_eq!(matches[1].unmatched_keys, ["Dee"]);
    assert_eq!(matches[2].unmatched_keys, ["GTX Pro"]);
    assert_eq!(matches[2].missing_values, ["GTXPro"]);
    assert_eq!(matches[1].attributes, ["manager", "regional_office"]);
    // Stored and read back with the dataset.
    let stored = rapport::storage::codec::decode(&rapport::storage::codec::encode(&ds)).unwrap();
    assert_eq!(stored, ds);
}

#[test]
fn win_rate_and_revenue_by_a_lookup_attribute() {
    let ds = pipeline();
    for d in [
        "owner",
        "stage",
        "customer_name",
        "product",
        "sector",
        "manager",
        "series",
    ] {
        assert!(deal_dimensions(&ds).contains(&d.to_string()), "{d}");
    }
    let rows = |name: &str, filter: &Filter| {
        let by = deals_by(
            &ds,
            &CustomerIndex::build(&ds),
            filter,
            &AsOf::same(as_of()),
            name,
        )
        .unwrap();
        by.into_iter()
            .map(|g| {
                (
                    g.value,
                    g.deals,
                    g.won,
                    g.lost,
                    g.open,
                    g.win_rate,
                    g.won_revenue,
                )
            })
            .collect::<Vec<_>>()
    };
    let row = |v: &str, deals, won, lost, open, win: Option<f64>, revenue: f64| {
        (v.to_string(), deals, won, lost, open, win, revenue)
    };
    assert_eq!(
        rows("sector", &Filter::all()),
        [
            row("medical", 2, 1, 0, 1, Some(1.0), 50.0),
            row("technology", 2, 1, 1, 0, Some(0.5), 500.0),
            row("retail", 1, 1, 0, 0, Some(1.0), 4800.0),
            // The Prospecting deal has no account, and no dates: it still counts (the
            // group without a value comes last).
            row("", 1, 0, 0, 1, None, 0.0),
        ]
    );
    assert_eq!(
        rows("manager", &Filter::all()),
        [
            row("Dustin", 4, 3, 1, 0, Some(0.75), 5350.0),
            row("Melvin", 2, 0, 0, 2, None, 0.0),
        ]
    );
    // GTXPro is not in the products file: its deal has no series.
    assert_eq!(
        rows("series", &Filter::all()),
        [
            row("GTX", 3, 1, 1, 1, Some(0.5), 500.0),
            row("MG", 2, 1, 0, 1, Some(1.0), 50.0),
            row("", 1, 1, 0, 0, Some(1.0), 4800.0),
        ]
    );
    let ann = Filter {
        owners: vec![ds.strings.lookup("Ann").unwrap()],
        ..Filter::all()
    };
    assert_eq!(
        rows("sector", &ann),
        [row("technology", 2, 1, 1, 0, Some(0.5), 500.0)]
    );
    assert!(deals_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of()),
        "no such column"
    )
    .is_none());
}

#[test]
fn a_newer_lookup_file_replaces_the_one_before() {
    let ds = pipeline();
    let csv = b"sales_agent,manager,regional_office\nAnn,Zoe,East\n";
    let mut a = analyze("sales_teams.csv", csv, None).unwrap();
    a.set_lookup(propose(&a, &Present::of_dataset(&ds)));
    assert!(a.lookup.is_some());
    let p = parse(&a, csv, &ParseOptions::default(), &mut NoProgress);
    let (ds, _) = merge(&ds, vec![p], MergePolicy::CreateAndUpdate, true);
    assert_eq!(ds.lookups.len(), 3);
    let by = deals_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of()),
        "manager",
    )
    .unwrap();
    assert_eq!(
        by.iter()
            .map(|g| (g.value.as_str(), g.deals))
            .collect::<Vec<_>>(),
        [("Zoe", 2), ("", 4)]
    );
}

#[test]
fn the_weak_kind_note_goes_with_the_kind() {
    let note = |a: &Analysis| a.notes.iter().any(|n| n.reason.contains("recognised as"));
    let mut a = analysis("sales_teams.csv");
    assert!(note(&a), "one column recognised as deals");
    let deals = Present::of_analysis(&analysis(FILES[0])).unwrap();
    a.set_lookup(propose(&a, &[deals]));
    assert!(!note(&a), "a lookup file has no kind to doubt");
    a.set_kind(Kind::Deals);
    assert!(note(&a) && a.lookup.is_none());
}

#[test]
fn a_products_file_adds_its_series_to_the_orders() {
    use rapport::core::metrics::{order_dimensions, orders_by};
    let orders = b"order_id,customer_id,order_date,product,amount,status\n\
O1,C1,2024-01-05,GTX Basic,550,completed\n\
O2,C2,2024-01-06,MG Special,55,completed\n\
O3,C1,2024-01-07,GTX Pro,4821,completed\n\
O4,C3,2024-01-08,GTX Basic,-550,completed\n\
O5,C3,2024-01-09,MG Special,55,refunded\n";
    let a = analyze("orders.csv", orders, None).unwrap();
    let present = Present::of_analysis(&a).unwrap();
    let mut p = analysis("products.csv");
    let target = propose(&p, &[present]).unwrap();
    assert_eq!(
        (target.kind, target.key.as_str()),
        (Kind::Orders, "product")
    );
    p.set_lookup(Some(target));
    let parsed = vec![
        parse(&a, orders, &ParseOptions::default(), &mut NoProgress),
        parse(
            &p,
            &fixture("products.csv"),
            &ParseOptions::default(),
            &mut NoProgress,
        ),
    ];
    let (ds, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    assert!(order_dimensions(&ds).contains(&"series".to_string()));
    let by = orders_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of_2024()),
        "series",
    )
    .unwrap();
    let rows: Vec<_> = by
        .iter()
        .map(|g| (g.value.as_str(), g.lines, g.revenue, g.customers))
        .collect();
    // GTX: 550 + 4,821 − 550 (a return) from C1 and C3; MG: the refunded line is no revenue.
    assert_eq!(rows, [("GTX", 3, 4821.0, 2), ("MG", 1, 55.0, 1)]);
}

fn as_of_2024() -> Day {
    Day::from_ymd(2024, 12, 31).unwrap()
}

#[test]
fn lookup_rows_need_a_key_and_keys_are_trimmed() {
    let ds = pipeline();
    let csv =
        b"sales_agent,manager,regional_office\n Ann ,Zoe,East\n,Nobody,North\nBob,Yan,West,extra\n";
    let mut a = analyze("teams 2.csv", csv, None).unwrap();
    a.set_lookup(propose(&a, &Present::of_dataset(&ds)));
    let p = parse(&a, csv, &ParseOptions::default(), &mut NoProgress);
    let issues: Vec<_> = p
        .issues
        .iter()
        .map(|i| (i.line, i.kind.as_str(), i.column.as_str()))
        .collect();
    assert_eq!(
        issues,
        [
            (Some(3), "missing", "sales_agent"),
            (Some(4), "too_many_cells", "")
        ]
    );
    assert_eq!((p.rows_read, p.rows_rejected, p.rows_imported()), (3, 2, 1));
    // Another file keyed by the same column stays beside the first.
    let (ds, _) = merge(&ds, vec![p], MergePolicy::CreateAndUpdate, true);
    assert_eq!(ds.lookups.len(), 4);
    let l = &ds.lookups[3];
    assert_eq!(
        (ds.str(l.file), ds.str(l.table.rows[0])),
        ("teams 2.csv", "Ann")
    );
}

#[test]
fn an_accounts_file_adds_its_sector_to_a_customer_snapshot() {
    use rapport::core::metrics::{snapshot_by, snapshot_dimensions};
    let customers =
        b"customerID,company,Churn,MonthlyCharges\n1,Acme,Yes,10\n2,Acme,No,20\n3,Betasoft,No,30\n";
    let a = analyze("customers.csv", customers, None).unwrap();
    let mut accounts = analysis("accounts.csv");
    let target = propose(&accounts, &[Present::of_analysis(&a).unwrap()]).unwrap();
    assert_eq!(
        (target.kind, target.key.as_str()),
        (Kind::Customers, "company")
    );
    accounts.set_lookup(Some(target));
    let parsed = vec![
        parse(&a, customers, &ParseOptions::default(), &mut NoProgress),
        parse(
            &accounts,
            &fixture("accounts.csv"),
            &ParseOptions::default(),
            &mut NoProgress,
        ),
    ];
    let (ds, _) = merge(&Dataset::default(), parsed, MergePolicy::CreateOnly, true);
    assert!(snapshot_dimensions(&ds).contains(&"sector".to_string()));
    let by = snapshot_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of_2024()),
        "sector",
    )
    .unwrap();
    let rows: Vec<_> = by
        .iter()
        .map(|g| {
            (
                g.value.as_str(),
                g.customers,
                g.churned,
                g.churn_rate,
                g.mrr,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("technology", 2, 1, Some(0.5), Some(20.0)),
            ("medical", 1, 0, Some(0.0), Some(30.0)),
        ]
    );
}

#[test]
fn a_value_written_with_spaces_still_matches_its_lookup_key() {
    let deals = b"deal_id,sales_agent,deal_stage,close_value,engage_date\nD1, Ann ,Won,100,2024-01-02\nD2,Bob,Won,50,2024-01-03\n";
    let teams = b"sales_agent,manager\nAnn,Zoe\nBob,Yan\n";
    let a = analyze("deals.csv", deals, None).unwrap();
    let mut t = analyze("teams.csv", teams, None).unwrap();
    t.set_lookup(propose(&t, &[Present::of_analysis(&a).unwrap()]));
    let parsed = [(&a, &deals[..]), (&t, &teams[..])]
        .map(|(a, text)| parse(a, text, &ParseOptions::default(), &mut NoProgress));
    let (ds, _) = merge(
        &Dataset::default(),
        parsed.into(),
        MergePolicy::CreateAndUpdate,
        true,
    );
    // The owner is kept as written, and still reaches Zoe through the key `Ann`.
    assert_eq!(ds.str(ds.deals.rows[0].owner), " Ann ");
    let by = deals_by(
        &ds,
        &CustomerIndex::build(&ds),
        &Filter::all(),
        &AsOf::same(as_of_2024()),
        "manager",
    );
    let groups: Vec<(String, u64)> = by
        .unwrap()
        .into_iter()
        .map(|g| (g.value, g.deals))
        .collect();
    assert_eq!(groups, [("Yan".to_string(), 1), ("Zoe".to_string(), 1)]);
    assert!(lookup_matches(&ds)[0].missing_values.is_empty());
}
