//! The CSV reader of the import ([`Rows`], made by [`sniff::reader`](super::sniff::reader)):
//! no header handling, rows of any width, standard quoting.
//!
//! `csv::Reader` builds its parser's tables (a transition for every state and byte, about
//! 270,000 instructions) each time one is made, and an import made seven: five to sniff,
//! one to analyse, one to parse. That was nine tenths of the time of a small import. So a
//! short text, or the first few records of one, is read by a parser kept from an earlier
//! reader of the same delimiter and reset (`csv_core::Reader::reset`), straight from the
//! slice; its fields are then copied into the record (about 75 instructions a field, where
//! `csv::Reader` writes them in place), which pays for itself below [`REUSE_BELOW`] bytes.
//! A longer text gets a `csv::Reader` of its own, as before. Both are `csv_core` on the
//! same bytes: the records, their positions and the end of the input are the same.

use csv::{ByteRecord, Position, StringRecord};
use csv_core::ReadRecordResult;
use std::cell::RefCell;
use std::io;

/// Texts shorter than this are read by a reused parser ([`Rows::new`]).
pub const REUSE_BELOW: usize = 16 * 1024;
/// Parsers kept for reuse, at most this many per thread.
const SPARE_MAX: usize = 8;
/// The largest record buffer kept with a parser.
const SPARE_BYTES: usize = 64 * 1024;

thread_local! {
    /// What readers that are done leave for the next ones.
    static SPARE: RefCell<Vec<Spare>> = const { RefCell::new(Vec::new()) };
}

/// A reused reader's parser (for its delimiter) and record buffers.
struct Spare {
    delimiter: u8,
    parser: csv_core::Reader,
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

/// A reader of the records of a text.
pub struct Rows<'a>(Source<'a>);

#[allow(clippy::large_enum_variant)] // a few readers per file
enum Source<'a> {
    Reused(Reused<'a>),
    Own(csv::Reader<&'a [u8]>),
}

impl<'a> Rows<'a> {
    /// A reader of `text`'s records split by `delimiter`: a reused parser for a short text,
    /// a `csv::Reader` of its own for a longer one.
    pub fn new(text: &'a [u8], delimiter: u8) -> Rows<'a> {
        if text.len() < REUSE_BELOW {
            Rows::few(text, delimiter)
        } else {
            Rows::own(text, delimiter)
        }
    }

    /// A reader with a `csv::Reader` of its own.
    pub fn own(text: &'a [u8], delimiter: u8) -> Rows<'a> {
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 * 1024)
            .from_reader(text);
        Rows(Source::Own(reader))
    }

    /// A reader for a few records of `text`, however long it is: a reused parser.
    pub fn few(text: &'a [u8], delimiter: u8) -> Rows<'a> {
        let spare = spare(delimiter);
        Rows(Source::Reused(Reused {
            parser: spare.parser,
            delimiter,
            text,
            position: Position::new(),
            bytes: spare.bytes,
            ends: spare.ends,
            done: false,
        }))
    }

    /// Where the next record starts (byte offset in the text, line, records read).
    #[inline]
    pub fn position(&self) -> &Position {
        match &self.0 {
            Source::Reused(r) => &r.position,
            Source::Own(r) => r.position(),
        }
    }

    /// Reads the next record into `record` (with its position); false at the end.
    #[inline]
    pub fn read_byte_record(&mut self, record: &mut ByteRecord) -> csv::Result<bool> {
        let r = match &mut self.0 {
            Source::Reused(r) => r,
            Source::Own(r) => return r.read_byte_record(record),
        };
        record.clear();
        record.set_position(Some(r.position.clone()));
        let Some(fields) = r.next() else {
            return Ok(false);
        };
        let mut from = 0;
        for &end in &r.ends[..fields] {
            record.push_field(&r.bytes[from..end]);
            from = end;
        }
        Ok(true)
    }

    /// [`Rows::read_byte_record`] as text: a record that is not UTF-8 is an error, and
    /// `record` is left empty.
    #[inline]
    pub fn read_record(&mut self, record: &mut StringRecord) -> csv::Result<bool> {
        let r = match &mut self.0 {
            Source::Reused(r) => r,
            Source::Own(r) => return r.read_record(record),
        };
        record.clear();
        record.set_position(Some(r.position.clone()));
        let Some(fields) = r.next() else {
            return Ok(false);
        };
        let ends = &r.ends[..fields];
        let bytes = &r.bytes[..ends.last().copied().unwrap_or(0)];
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(not_text());
        };
        let mut from = 0;
        for &end in ends {
            // A field is text when its record is, unless a delimiter split a character.
            let Some(field) = text.get(from..end) else {
                record.clear();
                return Err(not_text());
            };
            record.push_field(field);
            from = end;
        }
        Ok(true)
    }
}

fn not_text() -> csv::Error {
    io::Error::new(io::ErrorKind::InvalidData, "a record that is not UTF-8").into()
}

/// A parser for `delimiter` in its initial state, and buffers: a spare one reset, else a
/// new one (standard quoting with doubled quotes; CR, LF or CRLF end a record).
fn spare(delimiter: u8) -> Spare {
    let spare = SPARE.with_borrow_mut(|spare| {
        let i = spare.iter().position(|s| s.delimiter == delimiter)?;
        Some(spare.swap_remove(i))
    });
    match spare {
        Some(mut spare) => {
            spare.parser.reset();
            spare
        }
        None => Spare {
            delimiter,
            parser: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            bytes: vec![0; 1024],
            ends: vec![0; 32],
        },
    }
}

/// `csv::Reader`'s reading of records, over a slice and a reused parser.
struct Reused<'a> {
    parser: csv_core::Reader,
    delimiter: u8,
    text: &'a [u8],
    position: Position,
    /// The current record's bytes and field ends, as the parser writes them.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    done: bool,
}

impl Reused<'_> {
    /// Reads the next record into `bytes` and `ends`: the number of its fields, or `None`
    /// at the end of the text.
    fn next(&mut self) -> Option<usize> {
        if self.done {
            return None;
        }
        let (mut out, mut ends) = (0, 0);
        loop {
            let at = self.position.byte() as usize;
            let (result, read, wrote, ended) = self.parser.read_record(
                &self.text[at..],
                &mut self.bytes[out..],
                &mut self.ends[ends..],
            );
            self.position.set_byte((at + read) as u64);
            self.position.set_line(self.parser.line());
            out += wrote;
            ends += ended;
            match result {
                // An empty input next time tells the parser the text has ended.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.bytes.resize(self.bytes.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let records = self.position.record() + 1;
                    self.position.set_record(records);
                    return Some(ends);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

impl Drop for Reused<'_> {
    /// Keeps the parser and the buffers (unless a long record grew them) for the next
    /// reader.
    fn drop(&mut self) {
        if self.bytes.len() > SPARE_BYTES {
            self.bytes = vec![0; 1024];
        }
        let kept = Spare {
            delimiter: self.delimiter,
            parser: std::mem::take(&mut self.parser),
            bytes: std::mem::take(&mut self.bytes),
            ends: std::mem::take(&mut self.ends),
        };
        // While the thread exits the spares may be gone already: then it is dropped.
        let _ = SPARE.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                if spare.len() < SPARE_MAX {
                    spare.push(kept);
                }
            }
        });
    }
}
