use rapport::core::model::*;
use rapport::storage::codec::{
    decode, encode, version_of, Damage, DecodeError, FORMAT_VERSION, MAGIC,
};

/// A small dataset with every kind, extra columns and non-ASCII text.
pub fn sample() -> Dataset {
    let mut ds = Dataset::default();
    let s = &mut ds.strings;
    let (c1, c2) = (s.intern("00042"), s.intern("C-7"));
    ds.customers.rows.push(Customer {
        id: c1,
        name: s.intern("张伟"),
        email: s.intern("zhang@example.com"),
        phone: s.intern("+86 010 1234"),
        signup: Day::from_ymd(2023, 1, 5),
        ..Default::default()
    });
    ds.customers.rows.push(Customer {
        id: c2,
        name: s.intern("Zoë O'Brien"),
        placeholder: true,
        ..Default::default()
    });
    ds.customers.extra_columns.push(s.intern("会员等级"));
    ds.customers.extra_values = vec![s.intern("金卡"), Sym::EMPTY];
    ds.orders.rows.push(Order {
        id: s.intern("O-1"),
        customer: c1,
        date: Day::from_ymd(2024, 3, 5).unwrap(),
        quantity: 2.0,
        unit_price: Some(Money::from_cents(1999)),
        amount: Money::from_cents(3998),
        category: s.intern("Books"),
        status: OrderStatus::Refunded,
        ..Default::default()
    });
    ds.deals.rows.push(Deal {
        id: s.intern("D-1"),
        customer: c2,
        stage: s.intern("Closed Won"),
        outcome: DealOutcome::Won,
        amount: Some(Money::from_units(1200)),
        probability: Some(100.0),
        ..Default::default()
    });
    ds.tickets.rows.push(Ticket {
        id: s.intern("T-1"),
        customer: c1,
        opened: Some(Timestamp(1_700_000_000)),
        resolved: Some(Timestamp(1_700_003_600)),
        csat: Some(5),
        nps: Some(9),
        ..Default::default()
    });
    ds.campaigns.rows.push(Campaign {
        id: s.intern("K-1"),
        name: s.intern("Spring <sale>"),
        cost: Money::from_units(500),
        start: Day::from_ymd(2024, 3, 1),
        end: Day::from_ymd(2024, 3, 31),
        holdout: Some(1000),
        ..Default::default()
    });
    ds
}

#[test]
fn a_dataset_round_trips_exactly() {
    let ds = sample();
    let bytes = encode(&ds);
    assert_eq!(&bytes[..8], &MAGIC);
    assert_eq!(version_of(&bytes), Ok(FORMAT_VERSION));
    let back = decode(&bytes).unwrap();
    assert_eq!(back, ds);
    assert_eq!(back.str(back.customers.rows[0].name), "张伟");
    assert_eq!(back.strings.lookup("金卡"), ds.strings.lookup("金卡"));
    assert_eq!(
        decode(&encode(&Dataset::default())).unwrap(),
        Dataset::default()
    );
}

#[test]
fn every_damaged_byte_is_detected() {
    let bytes = encode(&sample());
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x55;
        let result = decode(&bad);
        assert!(result.is_err(), "flipping byte {i} went unnoticed");
    }
    for cut in [0, 7, 23, 24, bytes.len() - 1] {
        assert!(decode(&bytes[..cut]).is_err(), "truncated to {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(decode(&longer), Err(DecodeError::Corrupt(_))));

    // The same through a load that decodes the bytes as they arrive, in pieces: every flipped
    // byte and every cut is an error too.
    use rapport::storage::{Memory, Records};
    let load = |value: &[u8], piece: usize| {
        let memory = Memory {
            piece_bytes: Some(piece),
            ..Default::default()
        };
        memory.map.borrow_mut().extend([
            ("meta".to_string(), 1u64.to_le_bytes().to_vec()),
            ("dataset".to_string(), value.to_vec()),
        ]);
        pollster::block_on(Records::new(memory).load())
    };
    for piece in [1, 5] {
        assert_eq!(load(&bytes, piece).map(|(ds, _)| ds), Ok(sample()));
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x55;
            assert!(
                load(&bad, piece).is_err(),
                "flipping byte {i} went unnoticed"
            );
        }
        for cut in 0..bytes.len() {
            assert!(load(&bytes[..cut], piece).is_err(), "truncated to {cut}");
        }
        assert!(load(&longer, piece).is_err());
    }
}

#[test]
fn foreign_and_newer_data_are_refused_with_a_reason() {
    assert_eq!(
        decode(b"PK\x03\x04 this is a zip file, not ours"),
        Err(DecodeError::NotRapport)
    );
    let newer = relabelled(&encode(&sample()), FORMAT_VERSION + 1);
    let err = decode(&newer).unwrap_err();
    assert_eq!(
        err,
        DecodeError::TooNew {
            found: FORMAT_VERSION + 1,
            supported: FORMAT_VERSION
        }
    );
    assert!(err.to_string().contains("newer version"), "{err}");
}

/// Found by fuzzing: a header giving a length near 2⁶⁴ overflowed the sum of the header's
/// and the data's lengths (a panic with overflow checks on). It is refused, in every format.
#[test]
fn a_length_no_file_can_have_is_refused() {
    for version in [1, FORMAT_VERSION] {
        let mut bytes = relabelled(&encode(&sample()), version);
        bytes[16..24].copy_from_slice(&(u64::MAX - 3).to_le_bytes());
        assert_corrupt(decode(&bytes), "bytes of data");
    }
}

#[test]
fn symbols_outside_the_interner_are_refused() {
    let mut ds = sample();
    ds.orders.rows[0].category = Sym(9_999);
    let err = decode(&encode(&ds)).unwrap_err();
    assert!(
        matches!(
            err,
            DecodeError::Corrupt(Damage::Records(CheckError::UnknownText {
                kind: Kind::Orders,
                ..
            }))
        ),
        "{err:?}"
    );
    let mut ds = sample();
    ds.customers.extra_values.pop();
    assert!(matches!(decode(&encode(&ds)), Err(DecodeError::Corrupt(_))));
}

#[test]
fn interner_parts_are_checked() {
    assert!(Interner::from_parts(String::new(), vec![0]).is_ok());
    assert!(Interner::from_parts("ab".into(), vec![0, 1, 2]).is_ok());
    // Each refusal says what is wrong, and with which string.
    for (bytes, ends, expected) in [
        (
            "abc",
            vec![0, 2, 1, 3],
            InternerError::BadOffset { string: 2 },
        ), // goes back
        ("ab", vec![0, 2, 1], InternerError::Uncovered), // ends early
        ("aa", vec![0, 1, 2], InternerError::Repeated { string: 2 }),
        ("é", vec![0, 1, 2], InternerError::BadOffset { string: 1 }), // inside a character
        ("ab", vec![0, 1], InternerError::Uncovered),                 // bytes left over
        ("a", vec![1], InternerError::NoEmptyString),
    ] {
        let refused = Interner::from_parts(bytes.into(), ends).unwrap_err();
        assert_eq!(refused, expected, "{bytes:?}");
    }
    assert_eq!(
        InternerError::Repeated { string: 2 }.to_string(),
        "string 2 is stored twice"
    );
}

/// Parts read back from storage (their checksums passed) have their offsets checked as
/// strictly, but their lookup table waits for its first use; a string stored twice, which
/// only crafted data holds, then keeps its first symbol.
#[test]
fn stored_interner_parts_are_checked_and_looked_up_on_first_use() {
    for (bytes, ends, why) in [
        ("ab", vec![0, 2, 1], "offsets go back"),
        ("é", vec![0, 1, 2], "inside a character"),
        ("ab", vec![0, 1], "bytes left over"),
        ("a", vec![1], "no empty string first"),
    ] {
        assert!(Interner::from_stored(bytes.into(), ends).is_err(), "{why}");
    }
    let mut s = Interner::from_stored("abcab".into(), vec![0, 1, 2, 3, 5]).unwrap();
    assert_eq!((s.len(), s.get(Sym(4))), (5, "ab"));
    assert_eq!(s.lookup("ab"), Some(Sym(4)));
    assert_eq!(s.lookup("c"), Some(Sym(3)));
    assert_eq!(s.lookup(""), Some(Sym::EMPTY));
    assert_eq!(
        (s.intern("b"), s.intern("d"), s.intern("d")),
        (Sym(2), Sym(5), Sym(5))
    );

    let mut twice = Interner::from_stored("aa".into(), vec![0, 1, 2]).unwrap();
    assert_eq!(twice.get(Sym(2)), "a");
    assert_eq!(twice.lookup("a"), Some(Sym(1)));
    assert_eq!(twice.intern("a"), Sym(1));
    assert_eq!(twice.len(), 3);
}

mod records {
    use super::{relabelled, sample};
    use pollster::block_on;
    use rapport::core::model::Dataset;
    use rapport::core::pace::NoPause;
    use rapport::storage::{codec, Generation, Memory, Records, StorageError, UndoBudget};

    #[test]
    fn nothing_stored_loads_as_empty_generation_zero() {
        let store = Records::new(Memory::default());
        assert_eq!(
            block_on(store.load()),
            Ok((Dataset::default(), Generation(0)))
        );
    }

    #[test]
    fn save_then_load_gives_the_same_dataset() {
        let store = Records::new(Memory::default());
        let g1 = block_on(store.save(&sample(), Generation(0))).unwrap();
        assert_eq!(g1, Generation(1));
        let (back, g) = block_on(store.load()).unwrap();
        assert_eq!((back, g), (sample(), g1));
        let g2 = block_on(store.save(&Dataset::default(), g1)).unwrap();
        assert_eq!(block_on(store.load()).unwrap(), (Dataset::default(), g2));
    }

    #[test]
    fn a_stale_writer_is_refused_and_changes_nothing() {
        let store = Records::new(Memory::default());
        let g1 = block_on(store.save(&sample(), Generation(0))).unwrap();
        // Tab A and tab B both loaded g1; A saves first.
        let g2 = block_on(store.save(&Dataset::default(), g1)).unwrap();
        // B's save on top of g1 must not silently overwrite A's.
        assert_eq!(
            block_on(store.save(&sample(), g1)),
            Err(StorageError::Conflict)
        );
        assert_eq!(block_on(store.load()).unwrap(), (Dataset::default(), g2));
        // A first-time writer (generation 0) cannot overwrite existing data either.
        assert_eq!(
            block_on(store.save(&sample(), Generation(0))),
            Err(StorageError::Conflict)
        );
    }

    /// `n` undoable saves on top of `sample()`, the first order's quantity 1, 2, …
    fn changes(store: &Records<&Memory>, n: usize) -> (Generation, Vec<Dataset>) {
        let mut g = block_on(store.save(&sample(), Generation(0))).unwrap();
        let mut versions = vec![sample()];
        for i in 1..=n {
            let mut next = versions[i - 1].clone();
            next.orders.rows[0].quantity = i as f64;
            let previous = &versions[i - 1];
            let label = format!("change {i}");
            g = block_on(store.save_undoable(&next, g, &mut NoPause, (previous, &label)))
                .unwrap()
                .0;
            versions.push(next);
        }
        (g, versions)
    }

    #[test]
    fn the_last_five_changes_are_undone_after_a_reload() {
        let memory = Memory::default();
        let store = Records::new(&memory);
        let (mut g, versions) = changes(&store, 7);
        let steps = block_on(store.undo_steps()).unwrap();
        let labels: Vec<&str> = steps.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels,
            ["change 3", "change 4", "change 5", "change 6", "change 7"]
        );
        // The versions of the steps dropped are emptied, not kept.
        let stored = memory.map.borrow().clone();
        let kept: Vec<&String> = stored
            .iter()
            .filter(|(k, v)| k.starts_with("undo.") && !v.is_empty())
            .map(|(k, _)| k)
            .collect();
        assert_eq!(kept.len(), 5);
        // A reload: a new Records over the same store undoes them one by one, newest first.
        let reloaded = Records::new(&memory);
        for back in (2..7).rev() {
            let (ds, next, left) = block_on(reloaded.undo(g, &mut ())).unwrap();
            assert_eq!(ds, versions[back], "undo gives back version {back}");
            assert_eq!(
                block_on(reloaded.load()).unwrap(),
                (versions[back].clone(), next)
            );
            assert_eq!(left.len(), back - 2);
            g = next;
        }
        assert!(matches!(
            block_on(reloaded.undo(g, &mut ())),
            Err(StorageError::Failed(_))
        ));
        assert!(memory
            .map
            .borrow()
            .iter()
            .all(|(k, v)| !k.starts_with("undo.") || v.is_empty()));
    }

    #[test]
    fn undo_keeps_within_its_byte_budget_and_a_plain_save_forgets() {
        let memory = Memory::default();
        let one = codec::encode(&sample()).len() as u64 + 16;
        let budget = UndoBudget {
            steps: 5,
            bytes: 2 * one,
        };
        let store = Records::with_budget(&memory, budget);
        let (g, _) = changes(&store, 4);
        assert_eq!(
            block_on(store.undo_steps()).unwrap().len(),
            2,
            "two versions fit"
        );
        // A change that cannot be undone drops the steps.
        let g = block_on(store.save(&sample(), g)).unwrap();
        assert_eq!(block_on(store.undo_steps()), Ok(vec![]));
        assert!(memory
            .map
            .borrow()
            .iter()
            .all(|(k, v)| !k.starts_with("undo.") || v.is_empty()));
        // A stale undo changes nothing.
        let (g2, _) =
            block_on(store.save_undoable(&Dataset::default(), g, &mut NoPause, (&sample(), "x")))
                .unwrap();
        assert_eq!(
            block_on(store.undo(g, &mut ())).map(|_| ()),
            Err(StorageError::Conflict)
        );
        assert_eq!(block_on(store.load()).unwrap(), (Dataset::default(), g2));
        assert_eq!(block_on(store.undo_steps()).unwrap().len(), 1);
    }

    #[test]
    fn a_full_quota_keeps_the_previous_data() {
        let small = codec::encode(&Dataset::default()).len() + 8;
        let store = Records::new(Memory {
            quota: Some(small + 64),
            ..Default::default()
        });
        let g1 = block_on(store.save(&Dataset::default(), Generation(0))).unwrap();
        assert_eq!(
            block_on(store.save(&sample(), g1)),
            Err(StorageError::QuotaExceeded)
        );
        assert_eq!(block_on(store.load()).unwrap(), (Dataset::default(), g1));
    }

    /// Data stored by format 1 loads into the same dataset; the next save writes the
    /// current format, which loads back the same.
    #[test]
    fn version_1_data_is_migrated_on_load() {
        let store = Records::new(Memory::default());
        let v1 = std::fs::read("tests/fixtures/storage/v1.bin").unwrap();
        store.backend().map.borrow_mut().extend([
            ("meta".to_string(), 7u64.to_le_bytes().to_vec()),
            ("dataset".to_string(), v1),
        ]);
        let (ds, g) = block_on(store.load()).unwrap();
        assert_eq!((&ds, g), (&sample(), Generation(7)));
        let g8 = block_on(store.save(&ds, g)).unwrap();
        let stored = store.backend().map.borrow()["dataset"].clone();
        assert_eq!(codec::version_of(&stored), Ok(codec::FORMAT_VERSION));
        assert_eq!(block_on(store.load()), Ok((sample(), g8)));
    }

    #[test]
    fn damaged_or_newer_stored_data_is_reported_and_left_alone() {
        let store = Records::new(Memory::default());
        let g1 = block_on(store.save(&sample(), Generation(0))).unwrap();
        let stored = store
            .backend()
            .map
            .borrow()
            .get("dataset")
            .cloned()
            .unwrap();

        let newer = relabelled(&stored, codec::FORMAT_VERSION + 1);
        store
            .backend()
            .map
            .borrow_mut()
            .insert("dataset".into(), newer.clone());
        let err = block_on(store.load()).unwrap_err();
        assert!(matches!(err, StorageError::TooNew { .. }), "{err:?}");
        assert!(err.to_string().contains("left untouched"));
        assert_eq!(
            store.backend().map.borrow().get("dataset"),
            Some(&newer),
            "not overwritten"
        );

        let mut damaged = stored;
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        store
            .backend()
            .map
            .borrow_mut()
            .insert("dataset".into(), damaged);
        assert!(matches!(
            block_on(store.load()),
            Err(StorageError::Corrupt(_))
        ));
        assert_eq!(block_on(store.generation()), Ok(g1));
    }
}

mod backup {
    use super::sample;
    use rapport::storage::backup::{decode, encode, Backup};
    use rapport::storage::codec::{Damage, DecodeError};
    use std::collections::BTreeMap;

    #[test]
    fn a_backup_restores_records_and_preferences_exactly() {
        let prefs = BTreeMap::from([(
            "rapport.theme".to_string(),
            r#"{"v":1,"value":"dark"}"#.to_string(),
        )]);
        let bytes = encode(&sample(), &prefs);
        assert_eq!(
            decode(&bytes),
            Ok(Backup {
                dataset: sample(),
                prefs
            })
        );
    }

    #[test]
    fn damaged_backups_are_refused() {
        let bytes = encode(&sample(), &BTreeMap::new());
        assert_eq!(decode(b"name,email\nAnn,a@x"), Err(DecodeError::NotRapport));
        for cut in [10, 24, 30, bytes.len() - 3] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut newer = bytes.clone();
        newer[16] = 9;
        assert!(matches!(
            decode(&newer),
            Err(DecodeError::TooNew { found: 9, .. })
        ));
        let mut zero = bytes.clone();
        zero[16..20].copy_from_slice(&0u32.to_le_bytes());
        assert!(
            matches!(
                decode(&zero),
                Err(DecodeError::Corrupt(Damage::FormatVersionZero))
            ),
            "version 0 does not exist"
        );
        let mut bad_json = bytes.clone();
        bad_json[24] = b'[';
        assert!(matches!(
            decode(&bad_json),
            Err(DecodeError::Corrupt(Damage::Preferences(_)))
        ));
    }
}

/// Dates outside the years 0–9999 are damage: found by fuzzing (`fuzz/`), where showing such
/// a date (`Day::iso`) panicked. The bounds themselves are kept.
#[test]
fn dates_outside_the_calendar_are_refused() {
    type Change = fn(&mut Dataset);
    let after_max = Timestamp::at_midnight(Day::MAX).0 + Timestamp::DAY;
    let refused: [(Kind, Change); 6] = [
        (Kind::Customers, |ds| {
            ds.customers.rows[0].signup = Some(Day(Day::MIN.0 - 1))
        }),
        (Kind::Orders, |ds| ds.orders.rows[0].date = Day(i32::MAX)),
        (Kind::Deals, |ds| {
            ds.deals.rows[0].closed = Some(Day(Day::MAX.0 + 1))
        }),
        (Kind::Tickets, |ds| {
            ds.tickets.rows[0].resolved = Some(Timestamp(i64::MAX))
        }),
        (Kind::Tickets, |ds| {
            ds.tickets.rows[0].opened = Some(Timestamp(
                Timestamp::at_midnight(Day::MAX).0 + Timestamp::DAY,
            ))
        }),
        (Kind::Campaigns, |ds| {
            ds.campaigns.rows[0].end = Some(Day(-1_000_000_000))
        }),
    ];
    for (i, (kind, change)) in refused.iter().enumerate() {
        let mut ds = sample();
        change(&mut ds);
        let err = decode(&encode(&ds)).unwrap_err();
        assert!(
            err == DecodeError::Corrupt(Damage::Records(CheckError::DateOutOfRange {
                kind: *kind
            })),
            "case {i}: {err:?}"
        );
    }
    assert_eq!(
        (Day::MIN.iso(), Day::MAX.iso()),
        ("0000-01-01".to_string(), "9999-12-31".to_string())
    );
    let mut ds = sample();
    ds.customers.rows[0].birth_date = Some(Day::MIN);
    ds.orders.rows[0].date = Day::MAX;
    ds.tickets.rows[0].resolved = Some(Timestamp(after_max - 1));
    assert_eq!(decode(&encode(&ds)), Ok(ds));
}

/// A backup whose preferences length is the largest a header can say (`u32::MAX`, which
/// overflowed the offset arithmetic on 32-bit targets such as wasm32) is cut short, not a
/// panic.
#[test]
fn a_backup_claiming_huge_preferences_is_cut_short() {
    use rapport::storage::backup;
    let mut bytes = backup::encode(&sample(), &Default::default());
    bytes[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        backup::decode(&bytes),
        Err(DecodeError::Corrupt(Damage::CutShort))
    );
}

mod lock {
    use super::sample;
    use pollster::block_on;
    use rapport::core::model::Dataset;
    use rapport::core::pace::NoPause;
    use rapport::storage::lock::{lock_record, Cipher, LockRecord, Locked, LOCK};
    use rapport::storage::{Generation, Memory, Records, StorageError};
    use std::cell::Cell;

    /// A toy cipher with WebCrypto's contract: a fresh "iv" per seal, authentication that
    /// fails for another key or a changed byte. Not encryption: it only tests the flow.
    struct Toy {
        key: u8,
        ivs: Cell<u8>,
    }

    fn toy(key: u8) -> Toy {
        Toy {
            key,
            ivs: Cell::new(0),
        }
    }

    fn tag(key: u8, iv: u8, body: &[u8], additional: &[u8]) -> u8 {
        (body.iter().chain(additional)).fold(key.wrapping_mul(31) ^ iv, |t, b| t.rotate_left(3) ^ b)
    }

    impl Cipher for Toy {
        async fn seal_with(
            &self,
            plain: &[u8],
            additional: &[u8],
        ) -> Result<Vec<u8>, StorageError> {
            let iv = self.ivs.get().wrapping_add(1);
            self.ivs.set(iv);
            let body: Vec<u8> = plain.iter().map(|b| b ^ self.key ^ iv).collect();
            let mut out = vec![iv];
            out.push(tag(self.key, iv, &body, additional));
            out.extend(body);
            Ok(out)
        }

        async fn open_with(
            &self,
            sealed: &[u8],
            additional: &[u8],
        ) -> Result<Option<Vec<u8>>, StorageError> {
            let [iv, t, body @ ..] = sealed else {
                return Ok(None);
            };
            if tag(self.key, *iv, body, additional) != *t {
                return Ok(None);
            }
            Ok(Some(body.iter().map(|b| b ^ self.key ^ iv).collect()))
        }
    }

    fn record(key: u8) -> LockRecord {
        block_on(LockRecord::new(&toy(key), 1000, [key; 16])).unwrap()
    }

    #[test]
    fn a_backup_made_under_a_passphrase_is_sealed_and_opens_only_with_it() {
        use rapport::storage::backup;
        let prefs = std::collections::BTreeMap::from([("rapport.theme".into(), "dark".into())]);
        let plain = backup::encode(&sample(), &prefs);
        let sealed = block_on(backup::seal(&plain, &toy(7), &record(7))).unwrap();
        // Nothing of the records is readable in the file.
        assert!(!sealed.windows(12).any(|w| plain
            .windows(12)
            .any(|p| p == w && !w.iter().all(|&b| b == 0))));
        assert!(sealed.starts_with(b"RAPPORT-SEALED"));
        // The file names its salt and iterations, so the passphrase derives the key anywhere.
        let (found, _) = backup::sealed(&sealed).unwrap().unwrap();
        assert_eq!(found, record(7));
        let back = block_on(backup::open(&sealed, &toy(7))).unwrap();
        assert_eq!((back.dataset, back.prefs), (sample(), prefs));
        assert_eq!(
            block_on(backup::open(&sealed, &toy(8))).map(|_| ()),
            Err(StorageError::WrongPassphrase)
        );
        // A backup in clear is not sealed; a damaged sealed one is refused, never misread.
        assert_eq!(backup::sealed(&plain).map(|s| s.is_none()), Ok(true));
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            block_on(backup::open(&bad, &toy(7))),
            Err(StorageError::Corrupt(_))
        ));
        assert!(matches!(
            backup::sealed(&sealed[..30]),
            Err(StorageError::Corrupt(_))
        ));
    }

    #[test]
    fn the_lock_record_round_trips_and_damage_is_refused() {
        let r = record(7);
        assert_eq!(LockRecord::decode(&r.encode()), Ok(Some(r.clone())));
        assert_eq!(LockRecord::decode(&[]), Ok(None));
        let mut bytes = r.encode();
        bytes[0] ^= 1;
        assert!(matches!(
            LockRecord::decode(&bytes),
            Err(StorageError::Corrupt(_))
        ));
        let mut newer = r.encode();
        newer[8] = 2;
        assert_eq!(
            LockRecord::decode(&newer),
            Err(StorageError::TooNew {
                found: 2,
                supported: 1
            })
        );
        assert!(matches!(
            LockRecord::decode(&r.encode()[..20]),
            Err(StorageError::Corrupt(_))
        ));
        assert_eq!(block_on(r.accepts(&toy(7))), Ok(true));
        assert_eq!(block_on(r.accepts(&toy(8))), Ok(false));
    }

    #[test]
    fn locking_sealing_unlocking_and_turning_it_off() {
        let memory = Memory::default();
        // Data saved in clear, then protected: loaded in clear, saved with the key.
        let clear = Records::new(Locked::<_, Toy>::clear(&memory));
        let g1 = block_on(clear.save(&sample(), Generation(0))).unwrap();
        let (ds, g) = block_on(clear.load()).unwrap();
        let locked = Records::new(Locked::with_key(&memory, toy(7), record(7)));
        let g2 = block_on(locked.save(&ds, g)).unwrap();
        assert_eq!(g2, Generation(g1.0 + 1));

        // At rest: only the generation and the lock record are readable.
        let stored = memory.map.borrow().clone();
        assert_eq!(LockRecord::decode(&stored[LOCK]), Ok(Some(record(7))));
        let encoded = rapport::storage::codec::encode(&sample());
        for (k, v) in &stored {
            if k != "meta" && k != LOCK {
                assert!(
                    !v.windows(16).any(|w| encoded.windows(16).any(|e| e == w)),
                    "{k} is sealed"
                );
            }
        }

        // Without the key: locked. With another key: locked too (nothing decrypted wrongly).
        assert_eq!(block_on(clear.load()), Err(StorageError::Locked));
        let wrong = Records::new(Locked::with_key(&memory, toy(8), record(8)));
        assert_eq!(block_on(wrong.load()), Err(StorageError::Locked));
        // The stored record tells a wrong key before anything is read.
        let found = block_on(lock_record(&memory)).unwrap().unwrap();
        assert_eq!(block_on(found.accepts(&toy(8))), Ok(false));
        assert_eq!(block_on(found.accepts(&toy(7))), Ok(true));
        assert_eq!(block_on(locked.load()), Ok((sample(), g2)));

        // A damaged sealed value is reported, never returned.
        let key = stored
            .keys()
            .find(|k| *k != "meta" && *k != LOCK)
            .unwrap()
            .clone();
        let mut bad = stored[&key].clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x40;
        memory.map.borrow_mut().insert(key.clone(), bad);
        assert!(matches!(
            block_on(locked.load()),
            Err(StorageError::Corrupt(_))
        ));
        let original = stored[&key].clone();
        memory.map.borrow_mut().insert(key, original);

        // Turning it off: loaded with the key, saved in clear (the undo steps, read with the
        // key, dropped); the lock record is emptied.
        let (ds, g) = block_on(locked.load()).unwrap();
        let steps = block_on(locked.undo_steps()).unwrap();
        let g3 = block_on(clear.save_dropping(&ds, g, &mut NoPause, &steps)).unwrap();
        assert_eq!(memory.map.borrow()[LOCK], Vec::<u8>::new());
        assert_eq!(block_on(clear.load()), Ok((sample(), g3)));
        assert_eq!(block_on(lock_record(&memory)), Ok(None));
        // Under a key, a change is undone after a "reload" too (a new Records, same store).
        let g4 = block_on(locked.save(&ds, g3)).unwrap();
        let g5 =
            block_on(locked.save_undoable(&Dataset::default(), g4, &mut NoPause, (&ds, "wipe")));
        let (g5, steps) = g5.unwrap();
        assert_eq!(steps.len(), 1);
        let reloaded = Records::new(Locked::with_key(&memory, toy(7), record(7)));
        let (back, g6, left) = block_on(reloaded.undo(g5, &mut ())).unwrap();
        assert_eq!((back, g6, left.len()), (sample(), Generation(g5.0 + 1), 0));
        assert_eq!(block_on(reloaded.load()), Ok((sample(), g6)));
        // Deleting everything also forgets the lock.
        block_on(clear.clear()).unwrap();
        assert_eq!(
            block_on(clear.load()),
            Ok((Dataset::default(), Generation(0)))
        );
    }
}

/// Data stored by format version 1 (`tests/fixtures/storage/v1.bin`, written by the
/// version-1 codec from `sample()`) is read by every later build into the same dataset.
#[test]
fn a_version_1_fixture_still_loads() {
    let bytes = std::fs::read("tests/fixtures/storage/v1.bin").unwrap();
    assert_eq!(version_of(&bytes), Ok(1));
    let ds = decode(&bytes).unwrap();
    // What sample() put in, checked by hand rather than only by equality.
    assert_eq!(
        (ds.customers.len(), ds.orders.len(), ds.deals.len()),
        (2, 1, 1)
    );
    assert_eq!((ds.tickets.len(), ds.campaigns.len()), (1, 1));
    let c = &ds.customers.rows[0];
    assert_eq!((ds.str(c.id), ds.str(c.name)), ("00042", "张伟"));
    assert_eq!(c.signup, Day::from_ymd(2023, 1, 5));
    assert!(ds.customers.rows[1].placeholder);
    assert_eq!(ds.str(ds.customers.rows[1].name), "Zoë O'Brien");
    let extras: Vec<_> = ds
        .customers
        .extras(0)
        .map(|(k, v)| (ds.str(k), ds.str(v)))
        .collect();
    assert_eq!(extras, [("会员等级", "金卡")]);
    let o = &ds.orders.rows[0];
    assert_eq!(
        (o.amount, o.unit_price, o.status),
        (
            Money::from_cents(3998),
            Some(Money::from_cents(1999)),
            OrderStatus::Refunded
        )
    );
    assert_eq!(o.date, Day::from_ymd(2024, 3, 5).unwrap());
    assert_eq!(ds.deals.rows[0].outcome, DealOutcome::Won);
    assert_eq!(ds.tickets.rows[0].resolved, Some(Timestamp(1_700_003_600)));
    assert_eq!(ds.campaigns.rows[0].holdout, Some(1000));
    assert_eq!(ds, sample());
}

/// A dataset bigger than one part (several chunks per table, with extra columns) round trips,
/// and a load reports its progress part by part up to the whole.
#[test]
fn a_large_dataset_is_stored_in_parts_and_loads_with_progress() {
    use pollster::block_on;
    use rapport::storage::{codec::CHUNK_ROWS, Generation, LoadProgress, Memory, Records};
    let mut ds = sample();
    let n = 2 * CHUNK_ROWS + 7;
    let extra = ds.strings.intern("lane");
    ds.orders.extra_columns.push(extra);
    for i in 0..n {
        let id = ds.strings.intern(&format!("O-{i}"));
        let lane = ds.strings.intern(if i % 2 == 0 { "A" } else { "" });
        ds.orders.rows.push(Order {
            id,
            date: Day::from_ymd(2024, 1, 1).unwrap(),
            amount: Money::from_cents(i as i64),
            ..Default::default()
        });
        ds.orders.extra_values.push(lane);
    }
    ds.orders.extra_values.insert(0, Sym::EMPTY); // the sample's order has no lane
    let bytes = encode(&ds);
    assert_eq!(decode(&bytes), Ok(ds.clone()));
    // Other layouts read the same: parts of other sizes (the builds before wrote 65,536 rows
    // per part), format 3's orders (postcard rows) and format 4 (no table sizes).
    use rapport::storage::codec::{encode_with, Layout};
    for rows_per_part in [65_536, CHUNK_ROWS, 1_000, 1] {
        for version in [3, 4, 5] {
            let layout = Layout {
                rows_per_part,
                version,
            };
            let other = encode_with(&ds, layout);
            assert_eq!(version_of(&other), Ok(version));
            assert_eq!(other == bytes, layout == Layout::CURRENT, "{layout:?}");
            let back = decode(&other).unwrap();
            assert_eq!(back, ds, "{layout:?}");
            // Format 5 reserves each table once, at its size (no table grown by doubling).
            if version == 5 {
                assert_eq!(back.orders.rows.capacity(), n + 1, "{layout:?}");
                assert_eq!(back.orders.extra_values.capacity(), n + 1, "{layout:?}");
            } else if rows_per_part < n {
                assert!(back.orders.rows.capacity() > n + 1, "{layout:?}");
            }
        }
    }

    struct Seen(Vec<(u64, u64)>);
    impl LoadProgress for Seen {
        async fn report(&mut self, done: u64, total: u64) {
            self.0.push((done, total));
        }
    }
    let store = Records::new(Memory::default());
    block_on(store.save(&ds, Generation(0))).unwrap();
    let mut seen = Seen(Vec::new());
    assert_eq!(
        block_on(store.load_with(&mut seen)),
        Ok((ds.clone(), Generation(1)))
    );
    // Strings, sizes, 3 chunks of orders and one each for the other five kinds, after a
    // first 0.
    let total = bytes.len() as u64 - 24;
    assert_eq!(seen.0.len(), 1 + 1 + 1 + 3 + 5, "{:?}", seen.0);
    assert!(seen.0.iter().all(|&(_, t)| t == total));
    assert!(seen.0.windows(2).all(|w| w[0].0 < w[1].0), "{:?}", seen.0);
    assert_eq!(seen.0.last(), Some(&(total, total)));

    // A paced save pauses after every part and writes exactly the same bytes; a pace that
    // stops it writes nothing.
    use rapport::core::pace::{Pace, Pause};
    struct Count {
        pauses: usize,
        go_on: bool,
    }
    impl Pace for Count {
        fn pause(&mut self) -> Option<Pause<'_>> {
            self.pauses += 1;
            let go_on = self.go_on;
            Some(Box::pin(async move { go_on }))
        }
    }
    let mut pace = Count {
        pauses: 0,
        go_on: true,
    };
    let paced = block_on(rapport::storage::codec::encode_paced(&ds, &mut pace)).unwrap();
    assert_eq!(paced, bytes);
    assert_eq!(pace.pauses, 1 + 1 + 3 + 5, "one pause per part");
    let stopped = Records::new(Memory::default());
    let mut stop = Count {
        pauses: 0,
        go_on: false,
    };
    assert!(block_on(stopped.save_paced(&ds, Generation(0), &mut stop)).is_err());
    assert_eq!(stop.pauses, 1);
    assert_eq!(
        block_on(stopped.load()),
        Ok((rapport::core::model::Dataset::default(), Generation(0))),
        "nothing written"
    );
}

#[test]
fn the_strings_part_is_the_interner_in_postcard_written_in_slices() {
    // Over 4 MB of strings: the part is written in two slices, with a pause between, and
    // read back in one step (the interner's lookup table is built when first used).
    let mut ds = Dataset::default();
    for i in 0..300_000u32 {
        ds.strings.intern(&format!("customer-{i:08}-é"));
    }
    let (text, _) = ds.strings.as_parts();
    assert!(
        text.len() > 4 << 20 && text.len() < 8 << 20,
        "{}",
        text.len()
    );

    use rapport::core::pace::{Pace, Pause};
    struct Count(usize);
    impl Pace for Count {
        fn pause(&mut self) -> Option<Pause<'_>> {
            self.0 += 1;
            Some(Box::pin(async { true }))
        }
    }
    let mut pace = Count(0);
    let bytes = pollster::block_on(rapport::storage::codec::encode_paced(&ds, &mut pace)).unwrap();
    assert_eq!(bytes, encode(&ds));
    // One inside the strings, one after them, one after the sizes and after each (empty)
    // table's part.
    assert_eq!(pace.0, 1 + 1 + 1 + 6);
    assert_eq!(decode(&bytes), Ok(ds.clone()));
    // Read back: the strings in one step, the sizes, then one per (empty) table, `done`
    // always moving.
    let mut decoder = rapport::storage::codec::Decoder::new(&bytes).unwrap();
    let mut done = vec![decoder.done()];
    while decoder.step(&bytes).unwrap() {
        done.push(decoder.done());
    }
    assert_eq!(done.len(), 1 + 1 + 1 + 6, "{done:?}");
    assert!(done.windows(2).all(|w| w[0] < w[1]), "{done:?}");
    assert_eq!(done.last(), Some(&decoder.total()));
    let mut back = decoder.finish().unwrap();
    assert_eq!(back, ds);
    // Its lookup table, built on first use, finds every string, and a new one is added once.
    assert_eq!(
        back.strings.lookup("customer-00123456-é"),
        Some(Sym(123_457))
    );
    assert_eq!(back.strings.lookup("customer-00300000-é"), None);
    let new = back.strings.intern("customer-00300000-é");
    assert_eq!(new, Sym(300_001));
    assert_eq!(back.strings.intern("customer-00300000-é"), new);
    assert_eq!(back.strings.intern("customer-00000000-é"), Sym(1));

    // The first part is exactly what postcard makes of the interner as the first variant.
    #[derive(serde::Serialize)]
    enum Part<'a> {
        Strings(&'a Interner),
    }
    let expected = postcard::to_stdvec(&Part::Strings(&ds.strings)).unwrap();
    let first_len = u32::from_le_bytes(bytes[28..32].try_into().unwrap()) as usize;
    let parts = 4 + 8 * u32::from_le_bytes(bytes[24..28].try_into().unwrap()) as usize;
    let first = &bytes[24 + parts..24 + parts + first_len];
    assert_eq!(first.len(), expected.len());
    assert!(first == expected.as_slice());
}

/// A load decodes the stored bytes as they arrive: in pieces of any size (as IndexedDB
/// hands over the parts of a large value), the first parts are decoded before the last
/// piece is in, the result is the dataset saved, and damaged pieces (cut short, too long,
/// a byte changed) are an error, never a panic or a wait.
#[test]
fn a_load_decodes_the_parts_while_the_rest_is_read() {
    use pollster::block_on;
    use rapport::storage::{
        codec::CHUNK_ROWS, Generation, KeyValue, LoadProgress, Memory, Pieces, Records,
        StorageError,
    };
    use std::cell::Cell;
    use std::rc::Rc;

    let mut ds = sample();
    for i in 0..CHUNK_ROWS + 5 {
        let id = ds.strings.intern(&format!("O-{i}"));
        ds.orders.rows.push(Order {
            id,
            date: Day::from_ymd(2024, 1, 1).unwrap(),
            amount: Money::from_cents(i as i64),
            ..Default::default()
        });
    }

    /// Memory, counting the pieces it has handed over.
    struct Counted(Memory, Rc<Cell<usize>>);
    struct Count<'p, P>(&'p mut P, Rc<Cell<usize>>);
    impl<P: Pieces> Pieces for Count<'_, P> {
        async fn first(&mut self, values: &[Option<Vec<u8>>]) -> Result<(), StorageError> {
            self.0.first(values).await
        }
        async fn piece(&mut self, bytes: &[u8]) -> Result<(), StorageError> {
            self.1.set(self.1.get() + 1);
            self.0.piece(bytes).await
        }
    }
    impl KeyValue for Counted {
        async fn read(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
            self.0.read(keys).await
        }
        async fn write_if(
            &self,
            guard: &str,
            expected: Option<Vec<u8>>,
            entries: Vec<(String, Vec<u8>)>,
        ) -> Result<(), StorageError> {
            self.0.write_if(guard, expected, entries).await
        }
        async fn clear(&self) -> Result<(), StorageError> {
            self.0.clear().await
        }
        async fn read_streamed(
            &self,
            first: &[&str],
            streamed: &str,
            pieces: &mut impl Pieces,
        ) -> Result<bool, StorageError> {
            let mut count = Count(pieces, self.1.clone());
            self.0.read_streamed(first, streamed, &mut count).await
        }
    }
    /// At each progress report: how much was done and how many pieces were in.
    struct Seen(Vec<(u64, usize)>, Rc<Cell<usize>>);
    impl LoadProgress for Seen {
        async fn report(&mut self, done: u64, _total: u64) {
            self.0.push((done, self.1.get()));
        }
    }

    let stored = Records::new(Memory::default());
    block_on(stored.save(&ds, Generation(0))).unwrap();
    let bytes = stored.backend().map.borrow()["dataset"].clone();
    let meta = stored.backend().map.borrow()["meta"].clone();
    let with = |value: Vec<u8>, piece: usize| {
        let pieces = Rc::new(Cell::new(0));
        let memory = Memory {
            piece_bytes: Some(piece),
            ..Default::default()
        };
        memory.map.borrow_mut().extend([
            ("meta".to_string(), meta.clone()),
            ("dataset".to_string(), value),
        ]);
        (Records::new(Counted(memory, pieces.clone())), pieces)
    };
    for piece in [1, 7, 1000, 65_536, bytes.len() - 1, bytes.len(), usize::MAX] {
        let (store, pieces) = with(bytes.clone(), piece);
        let mut seen = Seen(Vec::new(), pieces.clone());
        assert_eq!(
            block_on(store.load_with(&mut seen)),
            Ok((ds.clone(), Generation(1))),
            "pieces of {piece} bytes"
        );
        let all = pieces.get();
        assert_eq!(all, bytes.len().div_ceil(piece.min(bytes.len())));
        assert!(seen.0.windows(2).all(|w| w[0].0 < w[1].0), "{:?}", seen.0);
        if all > 2 {
            // The strings (the first part) were decoded before the last piece came in.
            assert!(
                seen.0.iter().any(|&(done, at)| done > 0 && at < all),
                "{:?}",
                seen.0
            );
        }
    }
    // Cut short anywhere, one byte too many, a byte changed: an error for every size of piece.
    let mut longer = bytes.clone();
    longer.push(0);
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x10;
    let damaged = [
        bytes[..bytes.len() - 1].to_vec(),
        bytes[..bytes.len() / 3].to_vec(),
        bytes[..30].to_vec(),
        bytes[..10].to_vec(),
        longer,
        changed,
    ];
    for value in damaged {
        for piece in [1, 1000, usize::MAX] {
            let (store, _) = with(value.clone(), piece);
            let got = block_on(store.load());
            assert!(
                matches!(got, Err(StorageError::Corrupt(_))),
                "{} bytes in pieces of {piece}: {got:?}",
                value.len()
            );
        }
    }
}

/// The lookup table of an interner read back from storage is built in slices by
/// `index_paced` (as an import into a dataset just reloaded does first), with the lookups
/// of a table built at once; an import into the reloaded dataset is the import into the
/// dataset saved.
#[test]
fn a_reloaded_interner_builds_its_table_in_slices_and_imports_alike() {
    use rapport::core::pace::{Pace, Pause};
    struct Count(usize);
    impl Pace for Count {
        fn pause(&mut self) -> Option<Pause<'_>> {
            self.0 += 1;
            Some(Box::pin(async { true }))
        }
    }
    let mut ds = Dataset::default();
    for i in 0..600_000u32 {
        ds.strings.intern(&format!("{i}"));
    }
    let back = decode(&encode(&ds)).unwrap();
    let mut pace = Count(0);
    pollster::block_on(back.strings.index_paced(&mut pace)).unwrap();
    // 600,001 strings in slices of 262,144: two pauses between three slices.
    assert_eq!(pace.0, 2);
    assert_eq!(back.strings.lookup("599999"), Some(Sym(600_000)));
    assert_eq!(back.strings.lookup("600000"), None);
    pollster::block_on(back.strings.index_paced(&mut pace)).unwrap();
    assert_eq!(pace.0, 2, "built already: no pause");

    use rapport::core::import::{merge, read, MergePolicy, ParseOptions};
    let ds = sample();
    let back = decode(&encode(&ds)).unwrap();
    let csv = "order_id,customer_id,order_date,amount\nO-1,00042,2024-03-06,12.50\nO-9,C-7,2024-04-01,3\n";
    let file = || {
        read("orders.csv", csv.as_bytes(), None, &ParseOptions::default())
            .unwrap()
            .1
    };
    let policy = MergePolicy::CreateAndUpdate;
    let (a, sa) = merge(&ds, vec![file()], policy, true);
    let (b, sb) = merge(&back, vec![file()], policy, true);
    assert_eq!((a, sa), (b, sb));
}

/// Damage anywhere after the header (one bit of any byte) is refused.
fn every_flipped_byte_is_found(stored: &[u8]) {
    for i in 24..stored.len() {
        let mut bad = stored.to_vec();
        bad[i] ^= 0x10;
        assert!(
            decode(&bad).is_err(),
            "format {:?}: byte {i} flipped",
            version_of(stored)
        );
    }
}

/// Format 2: format 3's layout with CRC-32 checksums (what the previous version wrote).
fn as_format_2(v3: &[u8]) -> Vec<u8> {
    sealed(2, &parts_of(v3))
}

/// Data saved by the previous versions (format 6, without an import history; format 5,
/// customers without the snapshot fields;
/// format 4, without the table sizes; format 3, XXH3 and the orders as postcard rows;
/// format 2, CRC-32) reads the same, and damage to it is still found; format 3's checksums
/// are not format 2's, and format 4's orders, format 5's sizes and format 6's customers are
/// refused under an older version.
#[test]
fn format_2_to_6_data_is_still_read() {
    use rapport::storage::codec::{encode_with, Layout};
    let ds = sample();
    assert!(!ds.orders.rows.is_empty());
    let older = |version| {
        encode_with(
            &ds,
            Layout {
                version,
                ..Layout::CURRENT
            },
        )
    };
    let v6 = older(6);
    assert_eq!(version_of(&v6), Ok(6));
    assert_eq!(decode(&v6), Ok(ds.clone()));
    // Without a history, format 7 is format 6 under another number.
    assert_eq!(&encode(&ds)[12..], &v6[12..]);
    assert_eq!(version_of(&encode(&ds)), Ok(7));
    let v5 = older(5);
    assert_eq!(version_of(&v5), Ok(5));
    assert_eq!(decode(&v5), Ok(ds.clone()));
    every_flipped_byte_is_found(&v5);
    assert_eq!(
        parts_of(&v5).len() + 1,
        parts_of(&v6).len(),
        "the campaign contacts' part"
    );
    // Format 6 under a format 5 header and the reverse: the sizes' form does not agree.
    assert_corrupt(decode(&relabelled(&v6, 5)), "format 6's sizes");
    assert_corrupt(decode(&relabelled(&v5, 6)), "format 5's sizes");
    let v4 = older(4);
    assert_eq!(version_of(&v4), Ok(4));
    assert_eq!(decode(&v4), Ok(ds.clone()));
    every_flipped_byte_is_found(&v4);
    assert_eq!(
        parts_of(&v4).len() + 1,
        parts_of(&v5).len(),
        "one part more"
    );
    // Format 5 under a format 4 header: the checksums agree, the sizes part does not.
    assert_corrupt(decode(&relabelled(&v5, 4)), "format 5's sizes");
    let v3 = older(3);
    assert_eq!(version_of(&v3), Ok(3));
    assert_ne!(v3, v4);
    assert_eq!(decode(&v3), Ok(ds.clone()));
    every_flipped_byte_is_found(&v3);
    // Format 4 under a format 3 header: the checksums agree, the orders' form does not.
    assert_corrupt(decode(&relabelled(&v4, 3)), "format 4's orders");
    let v2 = as_format_2(&v3);
    assert_ne!(v2[12..16], v3[12..16], "another checksum");
    assert_eq!(decode(&v2), Ok(ds.clone()));
    let mut streamed = rapport::storage::codec::Decoder::new(&v2).unwrap();
    while streamed.step(&v2).unwrap() {}
    assert_eq!(streamed.finish(), Ok(ds));
    every_flipped_byte_is_found(&v2);
    // A format 3 body under a format 2 header fails its checksums.
    assert!(matches!(
        decode(&relabelled(&v3, 2)),
        Err(DecodeError::Corrupt(_))
    ));
}

/// Format 7 stores the import history in one part more, checked like the others; under a
/// format 6 header it is refused.
#[test]
fn the_import_history_is_a_part_of_format_7() {
    use rapport::core::model::{Change, ChangeLine, Import, Measure, RowList};
    use rapport::storage::codec::{encode_with, Layout};
    let mut ds = sample();
    ds.history.push(Import {
        files: vec!["orders.csv".into()],
        counts: vec![ds.orders.rows.len() as u64],
        figures: vec![(Measure::Orders, 3.0)],
        lines: vec![ChangeLine {
            change: Change::Added(Kind::Orders),
            rows: RowList::range(0..ds.orders.rows.len()),
        }],
        ..Import::default()
    });
    let v7 = encode(&ds);
    assert_eq!(decode(&v7), Ok(ds.clone()));
    every_flipped_byte_is_found(&v7);
    let v6 = encode_with(
        &ds,
        Layout {
            version: 6,
            ..Layout::CURRENT
        },
    );
    assert_eq!(parts_of(&v6).len() + 1, parts_of(&v7).len());
    assert_corrupt(decode(&relabelled(&v7, 6)), "import history");
    // A line naming a row past the table's end is damage, not a panic later.
    ds.history[0].lines[0].rows = RowList::range(0..ds.orders.rows.len() + 1);
    assert_corrupt(decode(&encode(&ds)), "import history");
}

/// Stored bytes with another format version in their header (nothing else changed).
fn relabelled(stored: &[u8], version: u32) -> Vec<u8> {
    let mut bytes = stored.to_vec();
    bytes[8..12].copy_from_slice(&version.to_le_bytes());
    bytes
}

/// Asserts that a decoding found damage, and that its reason names `why`.
#[track_caller]
fn assert_corrupt(result: Result<Dataset, DecodeError>, why: &str) {
    assert!(
        matches!(result, Err(DecodeError::Corrupt(ref d)) if d.to_string().contains(why)),
        "{why}: {result:?}"
    );
}

/// The parts of format 2, 3 or 4 stored bytes, in order.
fn parts_of(stored: &[u8]) -> Vec<Vec<u8>> {
    let n = u32::from_le_bytes(stored[24..28].try_into().unwrap()) as usize;
    let mut at = 28 + 8 * n;
    (0..n)
        .map(|i| {
            let entry = 28 + 8 * i;
            let len = u32::from_le_bytes(stored[entry..entry + 4].try_into().unwrap()) as usize;
            at += len;
            stored[at - len..at].to_vec()
        })
        .collect()
}

/// Stored bytes of format `version` (2, 3 or 4) holding `parts`, each with its right
/// checksum (CRC-32 in format 2, XXH3 after): also what damage that a checksum cannot see
/// (crafted data) looks like.
fn sealed(version: u32, parts: &[Vec<u8>]) -> Vec<u8> {
    let sum = |b: &[u8]| {
        if version == 2 {
            crc32fast::hash(b)
        } else {
            xxhash_rust::xxh3::xxh3_64(b) as u32
        }
        .to_le_bytes()
    };
    let mut dir = (parts.len() as u32).to_le_bytes().to_vec();
    for p in parts {
        dir.extend_from_slice(&(p.len() as u32).to_le_bytes());
        dir.extend_from_slice(&sum(p));
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&sum(&dir));
    let body = dir.len() + parts.iter().map(Vec::len).sum::<usize>();
    out.extend_from_slice(&(body as u64).to_le_bytes());
    out.extend(dir);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// Format 5's (and 6's) sizes part, crafted: `[variant 7, then rows and extra values of customers,
/// orders, deals, tickets and campaigns]`, each a varint.
fn sizes_part(sizes: [u64; 12]) -> Vec<u8> {
    [vec![10], postcard::to_stdvec(&sizes).unwrap()].concat()
}

/// Format 6's table sizes are checked against the tables (crafted parts with valid
/// checksums): a size that is not the table's, sizes missing, twice or after a table, a
/// huge size (refused after the decoding, never a reservation of that size).
#[test]
fn crafted_table_sizes_are_refused() {
    let ds = sample();
    let parts = parts_of(&encode(&ds));
    let sizes = [
        ds.customers.rows.len(),
        ds.customers.extra_values.len(),
        ds.orders.rows.len(),
        ds.orders.extra_values.len(),
        ds.deals.rows.len(),
        ds.deals.extra_values.len(),
        ds.tickets.rows.len(),
        ds.tickets.extra_values.len(),
        ds.campaigns.rows.len(),
        ds.campaigns.extra_values.len(),
        ds.responses.rows.len(),
        ds.responses.extra_values.len(),
    ]
    .map(|n| n as u64);
    assert_eq!(parts[1], sizes_part(sizes), "the sizes follow the strings");
    let refused = |parts: &[Vec<u8>], why: &str| assert_corrupt(decode(&sealed(6, parts)), why);
    let with_sizes = |sizes: [u64; 12]| {
        let mut all = parts.clone();
        all[1] = sizes_part(sizes);
        all
    };
    // Format 5's sizes (five tables) under format 6.
    let mut v5_sizes = parts.clone();
    let five: [u64; 10] = sizes[..10].try_into().unwrap();
    v5_sizes[1] = [vec![7], postcard::to_stdvec(&five).unwrap()].concat();
    refused(&v5_sizes, "format 5's sizes");
    for i in 0..12 {
        let mut more = sizes;
        more[i] += 1;
        refused(&with_sizes(more), "stored sizes");
        if sizes[i] > 0 {
            let mut fewer = sizes;
            fewer[i] -= 1;
            refused(&with_sizes(fewer), "stored sizes");
        }
    }
    let mut huge = sizes;
    huge[2] = u64::MAX;
    refused(&with_sizes(huge), "stored sizes");
    let without: Vec<_> = [&parts[..1], &parts[2..]].concat();
    refused(&without, "sizes are missing");
    let twice: Vec<_> = [&parts[..2], &parts[1..]].concat();
    refused(&twice, "out of place");
    let after_a_table: Vec<_> = [&parts[..1], &parts[2..3], &parts[1..2], &parts[3..]].concat();
    refused(&after_a_table, "out of place");
    let mut trailing = parts.clone();
    trailing[1].push(0);
    refused(&trailing, "unexpected bytes");
}

/// Format 4's orders keep every value bit for bit: quantities whole, fractional, negative,
/// −0, huge, infinite and NaN; amounts and prices at the ends of their range; every status.
#[test]
fn format_4_orders_keep_edge_values() {
    let mut ds = sample();
    let quantities = [
        0.0,
        1.0,
        2.5,
        -3.0,
        -0.0,
        4_503_599_627_370_496.0,
        9.1e15,
        1e300,
        f64::INFINITY,
        f64::NAN,
    ];
    let statuses = [
        OrderStatus::Completed,
        OrderStatus::Refunded,
        OrderStatus::Cancelled,
        OrderStatus::Pending,
    ];
    let big = ds.strings.intern("O-big");
    for (i, &quantity) in quantities.iter().enumerate() {
        ds.orders.rows.push(Order {
            id: big,
            date: Day::MIN,
            quantity,
            unit_price: (i % 2 == 0).then_some(Money(i64::MIN)),
            amount: Money(if i % 2 == 0 { i64::MAX } else { -(i as i64) }),
            discount: (i % 3 == 0).then_some(Money(i64::MAX)),
            status: statuses[i % 4],
            ..Default::default()
        });
    }
    let back = decode(&encode(&ds)).unwrap();
    assert_eq!(back.orders.rows.len(), ds.orders.rows.len());
    for (a, b) in ds.orders.rows.iter().zip(&back.orders.rows) {
        assert_eq!(a.quantity.to_bits(), b.quantity.to_bits());
        assert_eq!(
            Order {
                quantity: 0.0,
                ..*a
            },
            Order {
                quantity: 0.0,
                ..*b
            }
        );
    }
}

/// Damage that passes the checksums (crafted parts, resealed) is refused, never a panic or
/// a huge reservation: in the strings part (read without serde), a cut, a byte too many,
/// text that is not UTF-8, an offset over 32 bits, a count beyond the bytes; in format 4's
/// orders, an unknown status, an id over 32 bits, a row count that is not the rows'.
#[test]
fn crafted_strings_and_orders_parts_are_refused() {
    let ds = sample();
    let parts = parts_of(&encode(&ds));
    assert_eq!(
        decode(&sealed(6, &parts)),
        Ok(ds.clone()),
        "resealed as it was"
    );
    let corrupt = |parts: &[Vec<u8>]| {
        let result = decode(&sealed(6, parts));
        assert!(matches!(result, Err(DecodeError::Corrupt(_))), "{result:?}");
    };
    let with = |i: usize, part: Vec<u8>| {
        let mut all = parts.clone();
        all[i] = part;
        all
    };
    let strings = parts[0].clone();
    assert_eq!(strings[0], 0, "the strings part comes first");
    for cut in 1..strings.len() {
        corrupt(&with(0, strings[..cut].to_vec()));
    }
    corrupt(&with(0, [strings.clone(), vec![0]].concat()));
    let text_at = 2; // variant, then the text's length (one byte here)
    assert!(strings[1] < 0x80);
    let mut not_utf8 = strings.clone();
    not_utf8[text_at] = 0xff;
    corrupt(&with(0, not_utf8));
    for tail in [
        vec![1, 0x80, 0x80, 0x80, 0x80, 0x10],
        vec![0xff, 0xff, 0xff, 0xff, 0x0f],
    ] {
        // No text; then one offset over 32 bits, or 2^32 − 1 offsets in 5 bytes.
        let mut crafted = vec![0, 0];
        crafted.extend(tail);
        corrupt(&with(0, crafted));
    }

    // The orders part: [variant 6, rows, extra columns, extra values, the rows].
    let (i, orders) = parts
        .iter()
        .enumerate()
        .find(|(_, p)| p[0] == 6)
        .expect("format 4 orders");
    let rows = ds.orders.rows.len() as u64;
    assert_eq!(u64::from(orders[1]), rows, "a one-byte row count");
    let mut more = orders.clone();
    more[1] += 1;
    corrupt(&with(i, more));
    let mut fewer = orders.clone();
    fewer[1] -= 1;
    corrupt(&with(i, fewer));
    // The last order's status is the byte before its status text (one byte: the sample's
    // statuses are among its first symbols).
    let last = orders.len() - 1;
    assert!(orders[last] < 0x80 && orders[last - 1] <= 3);
    let mut status = orders.clone();
    status[last - 1] = 4;
    corrupt(&with(i, status));
    // The first order's id (one byte here) written as a value over 32 bits; as itself, in a
    // longer varint, it still reads.
    assert_eq!(&orders[2..4], &[0, 0], "no extra columns or values");
    assert!(orders[4] < 0x80);
    let id_as = |id: &[u8]| [&orders[..4], id, &orders[5..]].concat();
    assert_eq!(
        decode(&sealed(6, &with(i, id_as(&[orders[4] | 0x80, 0])))),
        Ok(ds.clone())
    );
    // Postcard writes a u64 as the codec's varint.
    let wide = postcard::to_stdvec(&((1u64 << 32) | u64::from(orders[4]))).unwrap();
    corrupt(&with(i, id_as(&wide)));
}

/// A customer's snapshot fields and the campaign contacts (format 6) are stored and read
/// back exactly; a churn date outside the calendar is refused like any other date.
#[test]
fn snapshot_fields_are_stored() {
    let mut ds = sample();
    let c = &mut ds.customers.rows[0];
    c.tenure_months = Some(34);
    c.monthly_charges = Some(Money::from_cents(5695));
    c.total_charges = Some(Money::from_cents(188_950));
    c.churn_date = Day::from_ymd(2024, 6, 30);
    let (arm, email) = (
        ds.strings.intern("Spring (control)"),
        ds.strings.intern("email"),
    );
    ds.responses.rows.push(rapport::core::model::Response {
        customer: ds.customers.rows[0].id,
        campaign: arm,
        date: Day::from_ymd(2024, 3, 1),
        channel: email,
        responded: Some(true),
        converted: Some(false),
        revenue: Some(Money::from_cents(-1)),
        ..Default::default()
    });
    let bytes = encode(&ds);
    assert_eq!(decode(&bytes), Ok(ds.clone()));
    every_flipped_byte_is_found(&bytes);
    ds.customers.rows[1].churn_date = Some(Day(Day::MAX.0 + 1));
    assert_corrupt(decode(&encode(&ds)), "outside the years");
}

/// The terminal's cipher (`storage::rustcrypto`) against the browser's: what WebCrypto seals
/// opens natively, with the same key derivation.
mod rustcrypto {
    use pollster::block_on;
    use rapport::storage::lock::Cipher;
    use rapport::storage::rustcrypto::RustAesGcm;

    #[test]
    fn the_terminal_cipher_opens_what_webcrypto_seals() {
        // Written by Node's WebCrypto (crypto.subtle, as in the browser): PBKDF2-SHA-256 of
        // the passphrase's UTF-8, salt 00..0f, 600,000 iterations, a 256-bit AES-GCM key;
        // IV a0..ab, additional data "RAPPORT-TEAM header".
        let hex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        let salt: [u8; 16] = std::array::from_fn(|i| i as u8);
        let cipher = RustAesGcm::derive("correct horse battery staple 密码", &salt, 600_000);
        let sealed = hex(
            "a0a1a2a3a4a5a6a7a8a9aaabe79a670bbd380b880780c253409be9b50e9d3ea6922b2d2b8be4c12\
             34d5ae62168a43f4878b918de016b509c083954db409d1c06f980da025c7b",
        );
        let opened = block_on(cipher.open_with(&sealed, b"RAPPORT-TEAM header")).unwrap();
        assert_eq!(
            opened.as_deref(),
            Some(&b"Sealed by WebCrypto, opened by RustCrypto."[..])
        );
        // The key itself, as WebCrypto derived it.
        let key: [u8; 32] = hex("8c4dbf2e0ac8fce4b7c2bb077cfe9723232bd0259363e85661180f1ff1ca839d")
            .try_into()
            .unwrap();
        let raw = RustAesGcm::from_key(&key);
        assert!(block_on(raw.open_with(&sealed, b"RAPPORT-TEAM header"))
            .unwrap()
            .is_some());
        // Other additional data, or none: refused.
        assert_eq!(
            block_on(cipher.open_with(&sealed, b"RAPPORT-TEAM headeR")),
            Ok(None)
        );
        assert_eq!(block_on(cipher.open(&sealed)), Ok(None));
        // And the other way: a fresh IV per seal, opened back.
        let a = block_on(cipher.seal_with(b"x", b"h")).unwrap();
        let b = block_on(cipher.seal_with(b"x", b"h")).unwrap();
        assert_ne!(a[..12], b[..12]);
        assert_eq!(a.len(), 12 + 1 + 16);
        assert_eq!(
            block_on(cipher.open_with(&a, b"h")).unwrap().as_deref(),
            Some(&b"x"[..])
        );
    }
}
