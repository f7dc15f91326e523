//! Cells as written. The `csv` crate removes a field's quotes and keeps everything else, and
//! the importer keeps a cell's text as the file holds it wherever a user reads it: names,
//! free text, categories, extra columns, the preview, `rapport inspect --json`
//! ([`Field::as_written`](super::Field::as_written)). Edge spaces are trimmed only where a
//! value is typed: numbers, dates, yes/no, ids and e-mail addresses, and the status and
//! stage words that are interpreted.
//!
//! One thing the crate reads differently: spaces after a closing quote (`"G"  ,`), which it
//! appends to the field (`G  `, as Python's `csv` and pandas do), are not part of the cell
//! here (`G`, as PapaParse reads it, and as RFC 4180-bis suggests for readers that accept
//! them). [`QuoteTails`] finds them in the raw text of the record.

use super::value::is_space;

/// Finds, in the raw text of a record, the spaces the `csv` crate kept after each field's
/// closing quote, and cuts them off the cells. The record is scanned only when a cell ends
/// with a space (rarely), and once per record.
#[derive(Debug)]
pub(crate) struct QuoteTails<'a> {
    text: &'a str,
    delimiter: u8,
    /// The record `tails` is for (its byte offset in `text`).
    at: usize,
    /// Per field of that record: bytes of spaces after its closing quote.
    tails: Vec<u32>,
}

impl<'a> QuoteTails<'a> {
    /// For the records of `text` (the decoded file) read with `delimiter`.
    pub(crate) fn new(text: &'a str, delimiter: u8) -> QuoteTails<'a> {
        QuoteTails {
            text,
            delimiter,
            at: usize::MAX,
            tails: Vec::new(),
        }
    }

    /// `cell`, field `i` of the record at byte `at` of the text (its `csv` position, which
    /// may be the line break before it), without the spaces after its closing quote.
    #[inline]
    pub(crate) fn cut<'c>(&mut self, cell: &'c str, at: usize, i: usize) -> &'c str {
        match cell.as_bytes().last() {
            Some(b) if !b.is_ascii_graphic() => self.cut_tail(cell, at, i),
            _ => cell,
        }
    }

    /// Every cell of `record` (read from the text at byte `start`) as written.
    pub(crate) fn cells(&mut self, record: &csv::StringRecord, start: usize) -> Vec<String> {
        let at = start + record.position().map_or(0, |p| p.byte() as usize);
        let cells = record.iter().enumerate();
        cells.map(|(i, c)| self.cut(c, at, i).to_string()).collect()
    }

    fn cut_tail<'c>(&mut self, cell: &'c str, at: usize, i: usize) -> &'c str {
        if self.at != at {
            self.at = at;
            let rest = self.text.get(at..).unwrap_or("");
            scan(rest, self.delimiter, &mut self.tails);
        }
        let tail = self.tails.get(i).map_or(0, |&n| n as usize);
        match cell
            .len()
            .checked_sub(tail)
            .map(|end| cell.split_at_checked(end))
        {
            Some(Some((kept, cut))) if cut.chars().all(is_space) => kept,
            _ => cell,
        }
    }
}

/// The record starting at `rest` (after any line breaks), as the `csv` crate reads it with
/// our settings ([`reader`](super::sniff::reader)): per field, the bytes after its closing
/// quote when they are all spaces (else 0, as for a field not quoted), into `out`.
fn scan(rest: &str, delimiter: u8, out: &mut Vec<u32>) {
    out.clear();
    let bytes = rest.as_bytes();
    let mut i = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    loop {
        let mut closed = None;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                i += 1;
                if bytes[i - 1] != b'"' {
                    continue;
                }
                if bytes.get(i) != Some(&b'"') {
                    closed = Some(i);
                    break;
                }
                i += 1;
            }
        }
        let end = (bytes[i..].iter())
            .position(|&b| b == delimiter || matches!(b, b'\r' | b'\n'))
            .map_or(bytes.len(), |n| i + n);
        let tail = closed.map_or("", |c| &rest[c..end]);
        let spaces = tail.chars().all(is_space);
        out.push(if spaces { tail.len() as u32 } else { 0 });
        if bytes.get(end) != Some(&delimiter) {
            return;
        }
        i = end + 1;
    }
}
