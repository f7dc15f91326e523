//! Checks shared by the fuzz targets: what must hold for any dataset that the importer
//! produces or that storage accepts; and how the import targets decode their bytes.

use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GBK, IBM866, ISO_2022_JP, ISO_8859_2, ISO_8859_4, ISO_8859_5,
    ISO_8859_6, ISO_8859_7, ISO_8859_8, KOI8_U, SHIFT_JIS, WINDOWS_1250, WINDOWS_1251,
    WINDOWS_1252, WINDOWS_1253, WINDOWS_1254, WINDOWS_1255, WINDOWS_1256, WINDOWS_1257,
    WINDOWS_1258, WINDOWS_874,
};
use rapport::core::import::{decode_guessing, guess_legacy, Decoded, ImportError};
use rapport::core::model::{Dataset, Day, Symbols, Table, Timestamp};
use rapport::storage::codec;

/// The legacy encodings `chardetng` can guess.
#[rustfmt::skip]
const LEGACY: [&Encoding; 24] = [
    WINDOWS_1252, WINDOWS_1250, WINDOWS_1251, WINDOWS_1253, WINDOWS_1254, WINDOWS_1255,
    WINDOWS_1256, WINDOWS_1257, WINDOWS_1258, WINDOWS_874, ISO_8859_2, ISO_8859_4,
    ISO_8859_5, ISO_8859_6, ISO_8859_7, ISO_8859_8, KOI8_U, IBM866, SHIFT_JIS, EUC_JP,
    ISO_2022_JP, EUC_KR, BIG5, GBK,
];

/// `import::decode`, except that of the inputs whose legacy encoding would be guessed
/// (neither UTF-8 nor UTF-16, no byte-order mark) one in four is guessed by `chardetng`
/// and the others are read in one of the encodings it can guess, chosen by the middle
/// byte. The guess costs more than the rest of the import of such an input under coverage
/// instrumentation (a third-party crate's code), and random bytes mostly get
/// windows-1252 from it: chosen, every legacy decoder's text reaches the analysis.
#[allow(dead_code)] // by `import`
pub fn decode(data: &[u8]) -> Result<Decoded<'_>, ImportError> {
    decode_guessing(data, legacy)
}

/// The text of an input whose legacy encoding would be guessed, decoded as by [`decode`]
/// (or why it cannot be); `None` for the others (UTF-8, UTF-16, a byte-order mark, ...).
#[allow(dead_code)] // by `chunk`
pub fn legacy_text(data: &[u8]) -> Option<Result<String, ImportError>> {
    let mut guessed = false;
    let decoded = decode_guessing(data, |sample, whole| {
        guessed = true;
        legacy(sample, whole)
    });
    guessed.then(|| decoded.map(|d| d.text.into_owned()))
}

/// The legacy encoding of an input: guessed for one in four, else chosen (see [`decode`]).
fn legacy(sample: &[u8], whole: bool) -> &'static Encoding {
    let pick = usize::from(sample[sample.len() / 2]);
    if pick % 4 == 0 {
        guess_legacy(sample, whole)
    } else {
        LEGACY[pick / 4 % LEGACY.len()]
    }
}

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
