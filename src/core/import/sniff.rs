//! Stage 2: the delimiter and the header row. The `csv` crate does the parsing (quotes,
//! doubled quotes, newlines inside quotes, CRLF / LF / lone CR); this module only chooses
//! its settings by trying each candidate delimiter on the first rows.

use super::issue::ImportError;
pub use super::rows::Rows;
use super::value::{date_shape, parse_number, DateShape, DecimalSep};

/// The delimiters tried, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// What sniffing found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sniffed {
    /// A `sep=` line's delimiter, else the one of [`DELIMITERS`] that gives the most rows of
    /// one width.
    pub delimiter: u8,
    /// Byte offset where the CSV starts (after an Excel `sep=;` line).
    pub start: usize,
    /// Index of the header record, counted from `start` (records before it are a preamble).
    pub header_record: usize,
}

/// A reader of the records of `text` with our settings: no header handling (we do it),
/// flexible row lengths (we report them), standard quoting (see [`Rows`]; `Rows::few`
/// when only the first records are read).
pub fn reader(text: &[u8], delimiter: u8) -> Rows<'_> {
    Rows::new(text, delimiter)
}

/// The first part of the text, cut at a line break, for sniffing.
fn sample(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(['\n', '\r']) {
        Some(i) if i > 0 => &text[..i],
        _ => &text[..end],
    }
}

/// Widths of the first `max` records of `text` split by `delimiter`.
fn widths(text: &str, delimiter: u8, max: usize) -> Vec<usize> {
    let mut rdr = Rows::few(text.as_bytes(), delimiter);
    let mut record = csv::ByteRecord::new();
    let mut out = Vec::new();
    while out.len() < max && rdr.read_byte_record(&mut record).unwrap_or(false) {
        out.push(record.len());
    }
    out
}

/// The most common width and how many records have it (the widest on a tie).
fn mode(widths: &[usize]) -> (usize, usize) {
    let mut best = (0, 0);
    for &w in widths {
        let n = widths.iter().filter(|&&x| x == w).count();
        if n > best.1 || (n == best.1 && w > best.0) {
            best = (w, n);
        }
    }
    best
}

/// True when a cell looks like data rather than a column name.
fn looks_like_value(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty()
        && (parse_number(c, DecimalSep::Dot).is_ok()
            || parse_number(c, DecimalSep::Comma).is_ok()
            || !matches!(date_shape(c), DateShape::Invalid)
            || (c.contains('@') && c.contains('.') && !c.contains(' ')))
}

/// Finds the delimiter and the header row.
pub fn sniff(text: &str) -> Result<Sniffed, ImportError> {
    let mut start = 0;
    let mut forced = None;
    // Excel's `sep=;` first line.
    let first_line = text.lines().next().unwrap_or("");
    if let Some(sep) = first_line.trim().strip_prefix("sep=") {
        if sep.len() == 1 {
            forced = Some(sep.as_bytes()[0]);
            start = first_line.len();
            let rest = &text[start..];
            start += rest.len() - rest.trim_start_matches(['\r', '\n']).len();
        }
    }
    let text = &text[start..];
    let sample = sample(text, 64 * 1024);
    let candidates: Vec<u8> = match forced {
        Some(d) => vec![d],
        None => DELIMITERS.to_vec(),
    };
    // Score: share of records with the modal width (in 5% steps), then the width.
    let mut best: Option<(u8, (usize, usize))> = None;
    for &d in &candidates {
        let w = widths(sample, d, 100);
        if w.is_empty() {
            continue;
        }
        let (width, count) = mode(&w);
        let consistency = count * 20 / w.len();
        let key = (consistency * usize::from(width > 1), width);
        if best.is_none_or(|(_, k)| key > k) {
            best = Some((d, key));
        }
    }
    let Some((delimiter, _)) = best else {
        return Err(ImportError::Empty);
    };
    // The header: the first record as wide as the data rows.
    let mut rdr = Rows::few(sample.as_bytes(), delimiter);
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    while records.len() < 30 && rdr.read_record(&mut record).unwrap_or(false) {
        records.push(record.clone());
    }
    let all: Vec<usize> = records.iter().map(|r| r.len()).collect();
    let (width, _) = mode(&all);
    let header_record = records
        .iter()
        .position(|r| r.len() >= width && r.iter().any(|c| !c.trim().is_empty()))
        .ok_or(ImportError::NoHeader)?;
    let header = &records[header_record];
    let filled: Vec<&str> = header.iter().filter(|c| !c.trim().is_empty()).collect();
    let values = filled.iter().filter(|c| looks_like_value(c)).count();
    let email = filled.iter().any(|c| c.contains('@') && !c.contains(' '));
    if values * 2 > filled.len() || email {
        return Err(ImportError::NoHeader);
    }
    Ok(Sniffed {
        delimiter,
        start,
        header_record,
    })
}
