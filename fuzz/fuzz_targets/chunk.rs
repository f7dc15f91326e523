//! The parallel import's parts on arbitrary bytes: a file cut into parts where the fuzzer
//! says (or at the core's even shares), each part parsed on its own, the cuts inside quoted
//! cells repaired, and the parts combined (the first taken as it is, the others through
//! their transfer format, as the page takes the workers', and each part's job sent as
//! bytes, as to a worker), must be the file parsed whole:
//! records, interner, issues with their lines, counts. Likewise the one-pass `read` in parts
//! against `read`. Any panic or difference is a bug.
//!
//! The input's first byte says how to cut: bits 0–2 the number of cuts, bit 3 the core's
//! `split` (even shares) instead of the fuzzer's own offsets, bit 4 few issues kept. Then
//! two bytes a cut (a fraction of the text, little-endian over 65,536); the rest is the file.
//! A file whose legacy encoding would be guessed is decoded first, and its text is the
//! file (see `common::legacy_text`): what is cut is text, and the guess is costly.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::core::import::chunk::{
    cut_at, data_start, in_parts, parse_part, read_in_parts, split, whole, Combiner, PartHead,
    PartJob, Parts,
};
use rapport::core::import::{
    analyze, parse, read, text_of, Analysis, NoProgress, ParseOptions, Parsed, TextEncoding,
};
use std::ops::Range;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    let cuts = usize::from(how & 7);
    let Some((fractions, bytes)) = rest.split_at_checked(2 * cuts) else {
        return;
    };
    let decoded_text;
    let bytes = match common::legacy_text(bytes) {
        None => bytes,
        Some(Ok(decoded)) => {
            decoded_text = decoded;
            decoded_text.as_bytes()
        }
        // Not text: the analysis and both reads fail in decoding alike.
        Some(Err(_)) => return,
    };
    let fractions: Vec<usize> = fractions
        .chunks_exact(2)
        .map(|f| usize::from(u16::from_le_bytes([f[0], f[1]])))
        .collect();
    let options = ParseOptions {
        max_issues: if how & 16 != 0 { 2 } else { 1_000 },
        ..ParseOptions::default()
    };
    // Cut offsets in a text of `len` bytes, in order.
    let targets = |len: usize| {
        let mut t: Vec<usize> = fractions.iter().map(|&f| (f * len) >> 16).collect();
        t.sort_unstable();
        t
    };

    if let Ok(analysis) = analyze("fuzz.csv", bytes, None) {
        let whole_parse = parse(&analysis, bytes, &options, &mut NoProgress);
        let text = text_of(&analysis, bytes);
        let ranges = if !in_parts(&analysis) {
            whole(&text)
        } else if how & 8 != 0 {
            let from = data_start(&analysis, &text);
            let min_bytes = fractions.first().map_or(1, |&f| f % 512 + 1);
            split(&text, from, cuts + 1, min_bytes)
        } else {
            cut_at(&text, data_start(&analysis, &text), &targets(text.len()))
        };
        check_ranges(&text, &ranges);
        let in_parts = parse_parts(&analysis, &text, &options, ranges);
        assert!(
            in_parts == whole_parse,
            "the parts differ from the whole file"
        );
        common::check_dataset(&in_parts.data);
    }

    // The one-pass read, in parts at the same fractions of the text.
    let once = read("fuzz.csv", bytes, None, &options);
    let parts = read_in_parts("fuzz.csv", bytes, None, &options, &|_, text| {
        targets(text.len())
    });
    assert!(
        once == parts,
        "the one-pass read in parts differs from the read"
    );
});

/// The ranges cover the text in order, each part after the first starting after a line
/// break.
fn check_ranges(text: &str, ranges: &[Range<usize>]) {
    assert_eq!(
        ranges.first().map(|r| r.start),
        Some(0),
        "the first part starts the text"
    );
    assert_eq!(
        ranges.last().map(|r| r.end),
        Some(text.len()),
        "the last part ends it"
    );
    for pair in ranges.windows(2) {
        assert_eq!(
            pair[0].end, pair[1].start,
            "the parts do not follow each other"
        );
        assert!(pair[0].start < pair[0].end, "an empty part");
        assert_eq!(
            text.as_bytes()[pair[1].start - 1],
            b'\n',
            "a cut not after a line"
        );
    }
}

/// What the page and its workers do, on one thread: every part parsed from its job sent as
/// bytes, the cuts inside quotes repaired, the first part taken as it is and every other
/// one through its pieces.
fn parse_parts(
    analysis: &Analysis,
    text: &str,
    options: &ParseOptions,
    ranges: Vec<Range<usize>>,
) -> Parsed {
    let mut parts = Parts::new(ranges);
    let parse_one = |parts: &mut Parts, i: usize| {
        let range = parts.range(i);
        let job = PartJob::new(analysis, options, (&range, text.len()), None);
        let sent = PartJob::from_bytes(&job.to_bytes()).expect("a job reads back");
        // The worker gets the decoded text: the encoding is not sent.
        let mut expected = job.clone();
        expected.analysis.encoding = TextEncoding::UTF8;
        assert!(sent == expected, "a job changes when sent");
        parts.put(i, parse_part(&sent, &text[range], &mut |_, _| {}));
    };
    for i in 0..parts.len() {
        parse_one(&mut parts, i);
    }
    while let Some(i) = parts.repair() {
        parse_one(&mut parts, i);
    }
    let mut combiner = Combiner::new(analysis, options);
    for (i, (range, part)) in parts.into_parts().into_iter().enumerate() {
        if i == 0 {
            combiner
                .take(range.start, part)
                .expect("the first part is taken");
            continue;
        }
        let mut pieces = part.to_pieces().into_iter();
        let head = PartHead::from_bytes(&pieces.next().expect("a head")).expect("a head");
        combiner.begin(range.start, head).expect("a part begins");
        for piece in pieces {
            combiner.piece(&piece).expect("a piece is taken");
        }
        combiner.end().expect("a part ends with its pieces");
    }
    combiner.finish()
}
