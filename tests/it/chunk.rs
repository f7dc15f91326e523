//! The parallel import's parts (`core::import::chunk`): a file parsed in parts cut anywhere
//! (inside quoted cells too, which are repaired) and combined is the file parsed whole, bit
//! for bit: records, interner, issues with their lines, counts. Also for the one-pass
//! `read`, whose parts bring back the whole-file evidence.

use proptest::prelude::*;
use rapport::core::import::chunk::{
    cut_at, data_start, parse_in_parts, parse_in_pieces, read_in_parts, split,
};
use rapport::core::import::{analyze, parse, read, text_of, NoProgress, ParseOptions};
use std::path::Path;

/// Cuts after every line of the text: every part one line (the cuts inside quoted cells
/// are repaired).
fn every_line(text: &str) -> Vec<usize> {
    (0..text.len())
        .filter(|&i| text.as_bytes()[i] == b'\n')
        .collect()
}

/// `parse_in_parts` at `targets` against `parse`, and `read_in_parts` against `read`.
fn check(name: &str, bytes: &[u8], targets: &[usize], options: &ParseOptions) {
    match analyze(name, bytes, None) {
        Ok(analysis) => {
            let whole = parse(&analysis, bytes, options, &mut NoProgress);
            let text = text_of(&analysis, bytes);
            let ranges = cut_at(&text, data_start(&analysis, &text), targets);
            let parts = parse_in_parts(&analysis, &text, options, ranges.clone());
            assert!(parts == whole, "{name}: the parts differ from the whole");
            // Every part through the transfer format, the first too.
            let pieces = parse_in_pieces(&analysis, &text, options, ranges);
            assert!(pieces == whole, "{name}: the parts in pieces differ");
        }
        Err(e) => assert!(read(name, bytes, None, options) == Err(e)),
    }
    let once = read(name, bytes, None, options);
    let in_parts = read_in_parts(name, bytes, None, options, &|_, _| targets.to_vec());
    assert!(once == in_parts, "{name}: read in parts differs");
}

#[test]
fn every_fixture_cut_at_every_line_is_the_whole_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(names.len() > 10);
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check(&name, &bytes, &every_line(&text), &ParseOptions::default());
        check(&name, &bytes, &[bytes.len() / 2], &ParseOptions::default());
        // Few issues kept: the parts keep the first ones of the file.
        let few = ParseOptions {
            max_issues: 2,
            ..ParseOptions::default()
        };
        check(&name, &bytes, &every_line(&text), &few);
    }
}

#[test]
fn split_cuts_after_line_breaks_and_covers_the_text() {
    let text = "id,name\n1,a\n2,\"b\nc\"\n3,d\n4,e\n";
    let from = 8;
    let ranges = split(text, from, 3, 1);
    assert_eq!(ranges.first().unwrap().start, 0);
    assert_eq!(ranges.last().unwrap().end, text.len());
    for w in ranges.windows(2) {
        assert_eq!(w[0].end, w[1].start);
        assert_eq!(&text[w[0].end - 1..w[0].end], "\n");
        assert!(w[0].end > from);
    }
    assert_eq!(split(text, from, 4, 1_000), vec![0..text.len()]);
}

#[test]
fn a_line_that_starts_with_a_byte_order_mark_is_never_a_part_s_first() {
    // Found by the chunk fuzz target: a part's CSV reader dropped U+FEFF at its start as a
    // byte order mark, where the whole file keeps it in the first cell of the line (two
    // exports glued together, each with its BOM).
    let text = "ticket_id,subject\n1,a\n\u{feff}2,b\n\u{feff}3,c\n4,d\n";
    let from = "ticket_id,subject\n".len();
    let ranges = cut_at(text, from, &every_line(text));
    for r in &ranges[1..] {
        assert!(!text[r.clone()].starts_with('\u{feff}'), "{ranges:?}");
    }
    // Each cut moves on to the next line break whose line has no mark: all at "4,d".
    let four = text.find("4,d").unwrap();
    assert_eq!(ranges, [0..four, four..text.len()]);
    check(
        "bom.csv",
        text.as_bytes(),
        &every_line(text),
        &ParseOptions::default(),
    );
    let (_, parsed) = read("bom.csv", text.as_bytes(), None, &ParseOptions::default()).unwrap();
    let ids: Vec<&str> = (parsed.data.tickets.rows.iter())
        .map(|t| parsed.data.str(t.id))
        .collect();
    assert_eq!(
        ids,
        ["1", "\u{feff}2", "\u{feff}3", "4"],
        "a BOM inside the file is text"
    );
}

/// A cell of a text column: words, spaces, quoted cells with commas, doubled quotes, line
/// breaks (LF or CRLF) and spaces after the closing quote, stray quotes inside a cell.
fn text_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{0,6}",
        1 => Just(" ".to_string()),
        1 => Just("\u{e9}t\u{e9} \u{4e2d}".to_string()),
        1 => "[a-z]{1,3}\"[a-z]{0,3}",
        3 => prop::collection::vec(
            prop_oneof![
                Just("a".to_string()),
                Just(",".to_string()),
                Just("\"\"".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("x y".to_string()),
            ],
            0..5,
        )
        .prop_flat_map(|pieces| {
            let inner = pieces.concat();
            prop_oneof![Just(format!("\"{inner}\"")), Just(format!("\"{inner}\"  "))]
        }),
    ]
}

fn date_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (2020..2025u32, 1..13u32, 1..29u32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        2 => (1..13u32, 1..13u32).prop_map(|(a, b)| format!("{a:02}/{b:02}/2024")),
        1 => (13..29u32, 1..13u32).prop_map(|(a, b)| format!("{a}/{b}/2024")),
        1 => Just(String::new()),
        1 => Just("soon".to_string()),
    ]
}

fn number_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..100_000i64).prop_map(|n| format!("{}.{:02}", n / 100, n % 100)),
        1 => Just("\"1,200.00\"".to_string()),
        1 => Just("-3".to_string()),
        1 => Just(String::new()),
        1 => Just("12.34567".to_string()),
        1 => Just("n/a".to_string()),
    ]
}

fn id_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (1..40u32).prop_map(|n| n.to_string()),
        1 => (1..9u32).prop_map(|n| format!("C{n}")),
        1 => Just(String::new()),
    ]
}

fn stage_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("won".to_string()),
        Just("Closed Lost".to_string()),
        Just("proposal".to_string()),
        Just("qualified".to_string()),
        Just(String::new()),
    ]
}

/// Files of every parsed-in-parts kind: a header and its columns' cells.
fn layout() -> impl Strategy<Value = (&'static str, Vec<BoxedStrategy<String>>)> {
    let orders = || -> Vec<BoxedStrategy<String>> {
        vec![
            id_cell().boxed(),
            id_cell().boxed(),
            date_cell().boxed(),
            number_cell().boxed(),
            text_cell().boxed(),
            text_cell().boxed(),
        ]
    };
    let deals = || -> Vec<BoxedStrategy<String>> {
        vec![
            id_cell().boxed(),
            id_cell().boxed(),
            stage_cell().boxed(),
            number_cell().boxed(),
            date_cell().boxed(),
            text_cell().boxed(),
        ]
    };
    let customers = || -> Vec<BoxedStrategy<String>> {
        vec![
            id_cell().boxed(),
            text_cell().boxed(),
            text_cell().boxed(),
            date_cell().boxed(),
            text_cell().boxed(),
            text_cell().boxed(),
        ]
    };
    prop_oneof![
        Just((
            "order_id,customer_id,order_date,amount,product,note",
            orders()
        )),
        Just(("deal_id,customer_id,stage,amount,close_date,title", deals())),
        Just((
            "customer_id,name,email,signup_date,segment,city",
            customers()
        )),
    ]
}

/// A random file: a header, rows of its columns' cells (sometimes a cell short or one too
/// many, sometimes a blank line), LF or CRLF.
fn file() -> impl Strategy<Value = (String, &'static str)> {
    (layout(), 1..40usize, any::<bool>()).prop_flat_map(|((header, cells), rows, crlf)| {
        let row = (cells, 0..12u8).prop_map(|(mut cells, shape): (Vec<String>, u8)| match shape {
            0 => {
                cells.pop();
                cells.join(",")
            }
            1 => format!("{},extra", cells.join(",")),
            2 => String::new(),
            _ => cells.join(","),
        });
        prop::collection::vec(row, rows).prop_map(move |rows| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("{header}{nl}");
            for row in rows {
                text.push_str(&row);
                text.push_str(nl);
            }
            (text, header)
        })
    })
}

/// Cut targets as fractions of the text.
fn targets(text: &str, at: &[f64]) -> Vec<usize> {
    let mut t: Vec<usize> = at
        .iter()
        .map(|f| (f * text.len() as f64) as usize)
        .collect();
    t.sort_unstable();
    t
}

/// Rows after the profiled thousand of a one-pass read: plain orders whose dates are all
/// ambiguous (`03/04/2024`), so a later day-first date changes the reading.
fn profiled_rows(nl: &str) -> String {
    let mut text = String::new();
    for i in 0..1_000 {
        let (m, d) = (i % 12 + 1, (i / 12) % 12 + 1);
        let (m, d) = if m == d { (m, d % 12 + 1) } else { (m, d) };
        text.push_str(&format!(
            "{i},{},{m:02}/{d:02}/2024,{}.50,p{},x{nl}",
            i % 37,
            i % 90,
            i % 7
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn parts_cut_anywhere_make_the_whole_file(
        (text, _) in file(),
        at in prop::collection::vec(0.0..1.0f64, 0..6),
        few in any::<bool>(),
    ) {
        let options = ParseOptions {
            max_issues: if few { 3 } else { 10_000 },
            ..ParseOptions::default()
        };
        check("random.csv", text.as_bytes(), &targets(&text, &at), &options);
    }

    #[test]
    fn a_one_pass_read_in_parts_is_the_read(
        (tail, _) in file(),
        crlf in any::<bool>(),
        day_first in any::<bool>(),
        at in prop::collection::vec(0.3..1.0f64, 0..5),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("order_id,customer_id,order_date,amount,product,note{nl}");
        text.push_str(&profiled_rows(nl));
        // The tail's own header line becomes a data row; its rows are any kind's.
        text.push_str(&tail);
        if day_first {
            text.push_str(&format!("5000,3,25/03/2024,1.00,p,y{nl}"));
        }
        check("orders.csv", text.as_bytes(), &targets(&text, &at), &ParseOptions::default());
    }
}

/// A part of every kind, with extra columns and blocks of records: through its transfer
/// format into an empty file it is the part as it is (an identity map; every field read
/// back at its width); after another part, its symbols are remapped.
#[test]
fn a_part_in_pieces_is_the_part() {
    use rapport::core::import::chunk::{combine, parse_part, Combiner, Part, PartHead, PartJob};
    let files = [
        (
            "orders.csv",
            "order_id,customer_id,order_date,amount,qty,status,note,region\n",
        ),
        (
            "deals.csv",
            "deal_id,customer_id,stage,amount,probability,close_date,title\n",
        ),
        (
            "customers.csv",
            "customer_id,name,email,signup_date,age,segment,monthly_charges,x\n",
        ),
        (
            "tickets.csv",
            "ticket_id,customer_id,created_at,resolved_at,priority,csat,nps\n",
        ),
        (
            "campaigns.csv",
            "campaign_id,name,channel,start_date,cost,impressions,clicks,revenue\n",
        ),
    ];
    for (name, header) in files {
        let mut text = String::from(header);
        let rows = if name == "orders.csv" {
            Part::BLOCK * 3 + 17
        } else {
            700
        };
        for i in 0..rows {
            let cells: Vec<String> = (0..header.split(',').count())
                // The ids and dates mostly valid (rows kept), the rest of every shape.
                .map(|c| {
                    match if c < 4 && i % 5 > 0 {
                        [0, 1, 2, 6][c]
                    } else {
                        (c + i) % 7
                    } {
                        0 => format!("{}", i * 7 + c),
                        1 => format!("{}", i % 50),
                        2 => format!("2024-0{}-{:02} 10:1{}", i % 9 + 1, i % 28 + 1, c),
                        3 => String::new(),
                        4 => {
                            ["won", "lost", "refunded", "high", "yes", "Closed Lost"][i % 6].into()
                        }
                        5 => format!("\"n {i}, \"\"{c}\"\"\""),
                        _ => format!("{}.{:02}", i % 300, c),
                    }
                })
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        let analysis = analyze(name, text.as_bytes(), None).unwrap();
        let options = ParseOptions::default();
        let job = PartJob::new(&analysis, &options, (&(0..text.len()), text.len()), None);
        let part = parse_part(&job, &text, &mut |_, _| {});
        let pieces = part.to_pieces();
        let mut combiner = Combiner::new(&analysis, &options);
        combiner
            .begin(0, PartHead::from_bytes(&pieces[0]).unwrap())
            .unwrap();
        for piece in &pieces[1..] {
            combiner.piece(piece).unwrap();
        }
        combiner.end().unwrap();
        let whole = combine(&analysis, &options, vec![(0..text.len(), part.clone())]);
        assert!(
            combiner.finish() == whole,
            "{name}: the part in pieces differs"
        );
        assert!(whole == parse(&analysis, text.as_bytes(), &options, &mut NoProgress));
        if name == "orders.csv" {
            assert!(part.data.orders.len() > Part::BLOCK * 2);
            assert!(!part.data.orders.extra_columns.is_empty());
        }
        // A piece missing, or one too many, is an error, not a panic.
        let mut combiner = Combiner::new(&analysis, &options);
        combiner
            .begin(0, PartHead::from_bytes(&pieces[0]).unwrap())
            .unwrap();
        for piece in &pieces[1..pieces.len() - 1] {
            combiner.piece(piece).unwrap();
        }
        assert!(combiner.end().is_err());
        let mut combiner = Combiner::new(&analysis, &options);
        combiner
            .begin(0, PartHead::from_bytes(&pieces[0]).unwrap())
            .unwrap();
        for piece in &pieces[1..] {
            combiner.piece(piece).unwrap();
        }
        assert!(combiner.piece(&pieces[1]).is_err());
        // A damaged block (a symbol out of range) is an error too.
        let mut bad = pieces[pieces.len() - 1].clone();
        bad[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        let mut combiner = Combiner::new(&analysis, &options);
        combiner
            .begin(0, PartHead::from_bytes(&pieces[0]).unwrap())
            .unwrap();
        for piece in &pieces[1..pieces.len() - 1] {
            combiner.piece(piece).unwrap();
        }
        assert!(combiner.piece(&bad).is_err(), "{name}");
    }
}
