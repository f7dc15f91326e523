use rapport::core::model::{
    slot_key_words, CheckError, Dataset, Day, Interner, Kind, Lookup, Money, Order, Sym, Timestamp,
};

#[test]
fn interner_stores_each_string_once() {
    let mut s = Interner::default();
    assert_eq!(s.intern(""), Sym::EMPTY);
    let a = s.intern("Electronics");
    let b = s.intern("电子产品");
    assert_ne!(a, b);
    assert_eq!(s.intern("Electronics"), a);
    assert_eq!(s.get(a), "Electronics");
    assert_eq!(s.get(b), "电子产品");
    assert_eq!(s.lookup("电子产品"), Some(b));
    assert_eq!(s.lookup("electronics"), None);
    assert_eq!(s.len(), 3);
    // Many strings: ids stay stable as the table grows.
    let ids: Vec<Sym> = (0..10_000).map(|i| s.intern(&format!("C{i:05}"))).collect();
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(s.get(*id), format!("C{i:05}"));
        assert_eq!(s.lookup(&format!("C{i:05}")), Some(*id));
    }
}

#[test]
fn interner_tells_apart_numbers_long_strings_and_look_alikes() {
    let mut s = Interner::default();
    // Plain integers take their own hash; look-alikes that are not plain integers do not.
    let words = [
        "7",
        "07",
        "007",
        "70",
        "0",
        "00",
        "+7",
        "7 ",
        "-7",
        "7.0",
        "١٢",
        "12",
        "123456789012345678",
        "1234567890123456789",
        "99999999999999999999",
    ];
    let syms: Vec<Sym> = words.iter().map(|w| s.intern(w)).collect();
    for (w, sym) in words.iter().zip(&syms) {
        assert_eq!(s.get(*sym), *w);
        assert_eq!(s.intern(w), *sym, "{w:?} interned twice");
    }
    let mut distinct = syms.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), words.len());
    // Strings longer than the table's inline head, equal in their first bytes and length.
    let long: Vec<String> = (0..200)
        .map(|i| format!("customer-{i:03}@example.com"))
        .collect();
    let syms: Vec<Sym> = long.iter().map(|w| s.intern(w)).collect();
    for (w, sym) in long.iter().zip(&syms) {
        assert_eq!(s.lookup(w), Some(*sym));
        assert_eq!(s.get(*sym), w);
    }
    assert_eq!(s.lookup("customer-000@example.con"), None);
    // Runs of consecutive ids, and ids that are multiples of large powers of two (which must
    // not pile up), stay distinct and stable as the table grows.
    let ids: Vec<String> = (1..=20_000u64)
        .map(|i| i.to_string())
        .chain((1..=2_000u64).map(|i| (i << 24).to_string()))
        .collect();
    let syms: Vec<Sym> = ids.iter().map(|w| s.intern(w)).collect();
    for (w, sym) in ids.iter().zip(&syms) {
        assert_eq!(s.lookup(w), Some(*sym));
        assert_eq!(s.get(*sym), w);
    }
    assert_eq!(s.lookup("20001"), None);
}

#[test]
fn the_interner_key_is_the_length_and_first_eleven_bytes() {
    // The table compares strings of up to 11 bytes by this key alone.
    let reference = |w: &str| {
        let mut key = [0u8; 12];
        key[0] = w.len().min(255) as u8;
        for (k, c) in key[1..].iter_mut().zip(w.bytes()) {
            *k = c;
        }
        let word = |i: usize| u32::from_le_bytes([key[i], key[i + 1], key[i + 2], key[i + 3]]);
        [word(0), word(4), word(8)]
    };
    let mut words: Vec<String> = (0..=20)
        .map(|len| (0..len).map(|i| char::from(b'a' + i as u8)).collect())
        .collect();
    words.extend(["é", "éé", "中文", "中文名称", "a\0", "\0", "\0\0"].map(String::from));
    words.push("x".repeat(300));
    for w in &words {
        assert_eq!(slot_key_words(w), reference(w), "{w:?}");
    }
}

#[test]
fn money_is_exact_and_rounds_half_away_from_zero() {
    assert_eq!(Money::from_cents(1999).to_cents(), 1999);
    assert_eq!(Money(12_345).to_cents(), 123); // 1.2345 -> 1.23
    assert_eq!(Money(12_350).to_cents(), 124); // 1.2350 -> 1.24
    assert_eq!(Money(-12_350).to_cents(), -124);
    assert_eq!(Money::from_cents(1999).times(3.0), Money::from_cents(5997));
    let tenth: Money = (0..10).map(|_| Money::from_cents(10)).sum();
    assert_eq!(
        tenth,
        Money::from_units(1),
        "ten times 0.10 is exactly 1.00"
    );
    assert_eq!(Money::from_cents(250).to_f64(), 2.5);
}

#[test]
fn days_round_trip_through_calendar_dates() {
    let d = Day::from_ymd(2024, 2, 29).unwrap();
    assert_eq!(d.iso(), "2024-02-29");
    assert_eq!(d.month_label(), "2024-02");
    assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
    assert_eq!(Day::from_ymd(1969, 12, 31), Some(Day(-1)));
    assert_eq!(Day::from_ymd(2023, 2, 29), None);
    assert_eq!(Timestamp(Timestamp::DAY * 3 + 5).day(), Day(3));
    assert_eq!(Timestamp(-1).day(), Day(-1));
}

#[test]
fn the_latest_day_looks_at_every_kind() {
    use rapport::core::metrics::AsOf;
    use rapport::core::model::*;
    // The as-of dates and the span in one pass agree with the latest day and the span
    // computed on their own.
    let check = |ds: &Dataset| {
        let (as_of, span) = AsOf::with_span(ds, Day(7));
        assert_eq!(span, ds.date_span());
        assert_eq!(as_of, AsOf::of(ds, Day(7)));
        assert_eq!(as_of.latest(), ds.latest_day().unwrap_or(Day(7)));
        ds.latest_day()
    };
    let mut ds = Dataset::default();
    assert_eq!(check(&ds), None);
    ds.orders.rows.push(Order {
        date: Day(100),
        ..Default::default()
    });
    assert_eq!(check(&ds), Some(Day(100)));
    ds.deals.rows.push(Deal {
        created: Some(Day(90)),
        closed: Some(Day(120)),
        ..Default::default()
    });
    assert_eq!(check(&ds), Some(Day(120)));
    ds.tickets.rows.push(Ticket {
        resolved: Some(Timestamp(130 * Timestamp::DAY + 5)),
        ..Default::default()
    });
    assert_eq!(check(&ds), Some(Day(130)));
    ds.customers.rows.push(Customer {
        signup: Some(Day(-3)),
        ..Default::default()
    });
    assert_eq!(check(&ds), Some(Day(130)));
    assert_eq!(ds.date_span(), Some((Day(-3), Day(130))));
    ds.campaigns.rows.push(Campaign {
        start: Some(Day(125)),
        end: Some(Day(400)),
        ..Default::default()
    });
    assert_eq!(
        check(&ds),
        Some(Day(130)),
        "a campaign's planned end is not activity"
    );
    let (as_of, _) = AsOf::with_span(&ds, Day(7));
    assert_eq!(
        (as_of.orders, as_of.deals, as_of.customers),
        (Day(100), Day(120), Day(-3))
    );
    assert_eq!(
        as_of.responses,
        Day(130),
        "a kind without dates: the latest of all"
    );
}

#[test]
fn a_sym_set_says_which_symbols_are_new() {
    use rapport::core::model::SymSet;
    let mut set = SymSet::new(130);
    assert_eq!(set.insert(Sym(0)), Some(true));
    assert_eq!(set.insert(Sym(129)), Some(true));
    assert_eq!(set.insert(Sym(129)), Some(false));
    assert_eq!(set.insert(Sym(64)), Some(true));
    assert_eq!(set.insert(Sym(192)), None, "beyond the interner");
    set.remove(Sym(129));
    assert_eq!(set.insert(Sym(129)), Some(true));
    assert_eq!(set.insert(Sym(0)), Some(false));
}

#[test]
fn a_failed_check_says_what_and_in_which_table() {
    let mut ds = Dataset::default();
    let id = ds.strings.intern("o1");
    ds.orders.rows.push(Order {
        id,
        ..Order::default()
    });
    assert_eq!(ds.check(), Ok(()));

    let mut bad = ds.clone();
    bad.orders.rows[0].product = Sym(99);
    let err = bad.check().unwrap_err();
    let kind = Kind::Orders;
    assert_eq!(err, CheckError::UnknownText { kind, sym: Sym(99) });
    assert_eq!(err.to_string(), "orders: text #99 does not exist");

    let mut bad = ds.clone();
    bad.orders.extra_columns.push(id); // one row, one extra column, no value
    assert_eq!(bad.check(), Err(CheckError::ExtraValues { kind }));

    let mut bad = ds.clone();
    bad.lookups.push(Lookup {
        kind: Kind::Deals,
        key: Sym(7),
        ..Lookup::default()
    });
    let err = bad.check().unwrap_err();
    assert_eq!(err, CheckError::LookupName { kind: Kind::Deals });
    assert_eq!(err.to_string(), "deals: a lookup's name does not exist");

    let mut bad = ds.clone();
    bad.orders.rows[0].date = Day(Day::MAX.0 + 1);
    let err = bad.check().unwrap_err();
    assert_eq!(err, CheckError::DateOutOfRange { kind });
    assert_eq!(
        err.to_string(),
        "orders: a date lies outside the years 0–9999"
    );
}
