//! The stored form of a [`Dataset`]: a small header, then the dataset in parts, each in
//! postcard (serde's compact binary format) with its own checksum.
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"RAPPORT\0"
//! 8       4     format version, u32 little-endian (FORMAT_VERSION = 7)
//! 12      4     checksum of the part directory, u32 LE
//! 16      8     body length in bytes (everything after the header), u64 LE
//! 24      4     part count n, u32 LE                              ┐ part directory
//! 28      8n    per part: length u32 LE, checksum u32 LE          ┘
//! ..      ..    the parts back to back: postcard(Part)
//! ```
//!
//! Format 4 writes the orders differently: a part holds postcard of its row count and
//! extra columns, then the rows in a stream of their own ([`orders`]: smaller, and encoded in
//! half the time). Format 3 wrote them as postcard rows, like the other kinds (still read).
//!
//! Format 5 is format 4 with one more part after the strings: the size of every table
//! ([`Sizes`]), so that a load reserves each table once, at its size. Without it a table
//! grew by doubling as its parts came in, each time copied into fresh wasm memory: a
//! 1M-order load took ~355 ms (now ~310) and left 224 MiB of wasm memory (now 197).
//!
//! Format 6 is format 5 with the customers' snapshot fields (tenure, monthly and total
//! charges, churn date) and a sixth kind, campaign contacts (responses): its customer parts
//! are a variant of their own (the customers of formats 1 to 5 are read through the struct
//! they were written from, [`legacy`]), and so is its sizes part, with six tables.
//!
//! Format 7 is format 6 with one more part at the end when the dataset has an import
//! history ([`crate::model::Import`]: each import's figures and what it changed).
//!
//! The checksum is the low 32 bits of XXH3-64 from format 3 on, CRC-32 in format 2 (the same
//! layout otherwise, still read). In wasm, CRC-32 (no SIMD there) ran at ~450 MB/s: a
//! reload of a million orders (52 MB) spent some 120 ms checking it; XXH3 is several
//! times faster.
//!
//! A part is the interner (every string) or up to [`CHUNK_ROWS`] rows of one record kind
//! (with that table's extra columns). Parts let a load report progress and let the browser
//! paint in between (a million orders decode in a few hundred ms in wasm: too long for a
//! frozen page); format 1 (one postcard blob of the whole dataset, one CRC) could not.
//!
//! Decoding checks everything (magic, version, lengths, checksums, every symbol in range)
//! so that corrupt bytes give an error, never a panic. Format 1 is still read (migrated on
//! load: the next save writes format 7); a newer version is refused and must be left
//! untouched by the caller.

use serde::{Deserialize, Serialize};

use crate::model::{
    Campaign, Customer, Dataset, Deal, Import, Interner, Lookup, Order, Response, Sym, Table,
    Ticket,
};
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};

mod error;
mod legacy;
mod orders;

pub use error::{Damage, DecodeError};

use legacy::CustomerV5;

/// Identifies Rapport's stored data.
pub const MAGIC: [u8; 8] = *b"RAPPORT\0";
/// The version this build writes.
pub const FORMAT_VERSION: u32 = 7;
/// Rows of one kind per part (written; any count is read). A part is encoded in one piece
/// between two pauses of a paced save: 32,768 orders take some 15–20 ms in wasm (twice that
/// made a save's slice, its 30 ms budget plus the part, come near 100 ms on a busy machine).
pub const CHUNK_ROWS: usize = 32_768;
const HEADER: usize = 24;

/// A part's (and the part directory's) checksum, by format version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sum {
    /// Formats 1 and 2.
    Crc32,
    /// Formats 3 to 5: the low 32 bits of XXH3-64.
    Xxh3,
}

impl Sum {
    fn of(self, bytes: &[u8]) -> u32 {
        match self {
            Sum::Crc32 => crc32fast::hash(bytes),
            Sum::Xxh3 => xxhash_rust::xxh3::xxh3_64(bytes) as u32,
        }
    }
}

/// Rows of one table, borrowed for writing (serialises like [`Chunk`]).
#[derive(Serialize)]
struct ChunkRef<'a, T> {
    extra_columns: &'a [Sym],
    rows: &'a [T],
    extra_values: &'a [Sym],
}

/// Customers of one table in the layout of formats 1 to 5 (serialises like [`Chunk`]).
#[derive(Serialize)]
struct CustomersV5Ref<'a> {
    extra_columns: &'a [Sym],
    rows: Vec<CustomerV5>,
    extra_values: &'a [Sym],
}

impl<'a> From<ChunkRef<'a, Customer>> for CustomersV5Ref<'a> {
    fn from(c: ChunkRef<'a, Customer>) -> Self {
        CustomersV5Ref {
            extra_columns: c.extra_columns,
            rows: c.rows.iter().map(CustomerV5::from).collect(),
            extra_values: c.extra_values,
        }
    }
}

/// Rows of one table as read back.
#[derive(Deserialize)]
struct Chunk<T> {
    extra_columns: Vec<Sym>,
    rows: Vec<T>,
    extra_values: Vec<Sym>,
}

/// How many rows and extra values a table has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct TableSize {
    rows: u64,
    extra_values: u64,
}

impl TableSize {
    fn of<T>(table: &Table<T>) -> Self {
        TableSize {
            rows: table.rows.len() as u64,
            extra_values: table.extra_values.len() as u64,
        }
    }

    /// Reserves room for this size in `table`, believed only as far as `bytes` stored bytes
    /// could hold it (a row takes at least [`MIN_ROW_BYTES`], a value a byte): crafted sizes
    /// reserve no more than real data of that length would take. A size is a hint here; a
    /// failed reservation is left to the table's own growth.
    fn reserve_in<T>(self, table: &mut Table<T>, bytes: u64) {
        let room = |n: u64, bound: u64| usize::try_from(n.min(bound)).unwrap_or(0);
        let _ = table
            .rows
            .try_reserve_exact(room(self.rows, bytes / MIN_ROW_BYTES));
        let _ = table
            .extra_values
            .try_reserve_exact(room(self.extra_values, bytes));
    }
}

/// The fewest bytes a stored row of any kind takes (a varint per field, and every kind has
/// more fields than this).
const MIN_ROW_BYTES: u64 = 8;

/// Format 5's sizes part: every table's size, written after the strings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Sizes {
    customers: TableSize,
    orders: TableSize,
    deals: TableSize,
    tickets: TableSize,
    campaigns: TableSize,
}

impl Sizes {
    fn of(ds: &Dataset) -> Self {
        Sizes {
            customers: TableSize::of(&ds.customers),
            orders: TableSize::of(&ds.orders),
            deals: TableSize::of(&ds.deals),
            tickets: TableSize::of(&ds.tickets),
            campaigns: TableSize::of(&ds.campaigns),
        }
    }
}

/// Format 6's sizes part: format 5's five tables, then the responses'.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Sizes6 {
    tables: Sizes,
    responses: TableSize,
}

impl Sizes6 {
    fn of(ds: &Dataset) -> Self {
        Sizes6 {
            tables: Sizes::of(ds),
            responses: TableSize::of(&ds.responses),
        }
    }

    /// Reserves every table's room in `ds` ([`TableSize::reserve_in`]).
    fn reserve_in(&self, ds: &mut Dataset, bytes: u64) {
        let t = &self.tables;
        t.customers.reserve_in(&mut ds.customers, bytes);
        t.orders.reserve_in(&mut ds.orders, bytes);
        t.deals.reserve_in(&mut ds.deals, bytes);
        t.tickets.reserve_in(&mut ds.tickets, bytes);
        t.campaigns.reserve_in(&mut ds.campaigns, bytes);
        self.responses.reserve_in(&mut ds.responses, bytes);
    }

    fn matches(&self, ds: &Dataset) -> bool {
        *self == Sizes6::of(ds)
    }
}

/// One part, borrowed for writing; the variants are in the same order as [`Part`]'s.
#[derive(Serialize)]
enum PartRef<'a> {
    /// Written by [`encode_strings`] in slices; here so that the variants keep their
    /// indices (postcard writes the index).
    #[allow(dead_code)]
    Strings(&'a Interner),
    /// Formats 1 to 5's customers (written only for the tests' older layouts).
    CustomersV5(CustomersV5Ref<'a>),
    Orders(ChunkRef<'a, Order>),
    Deals(ChunkRef<'a, Deal>),
    Tickets(ChunkRef<'a, Ticket>),
    Campaigns(ChunkRef<'a, Campaign>),
    /// Format 4's orders: this, then the rows ([`orders`]).
    OrderRows(OrdersHead<&'a [Sym]>),
    /// Format 5's table sizes.
    Sizes(Sizes),
    /// Format 6's customers.
    Customers(ChunkRef<'a, Customer>),
    /// Format 6's campaign contacts.
    Responses(ChunkRef<'a, Response>),
    /// Format 6's table sizes.
    Sizes6(Sizes6),
    /// Format 6's lookup files (one part, after the tables; only when there are any).
    Lookups(&'a [Lookup]),
    /// Format 7's import history (one part, last; only when there is one).
    History(&'a [Import]),
}

/// What precedes format 4's order rows in their part: how many, and their table's extra
/// columns and values (`S`: borrowed for writing, owned for reading).
#[derive(Serialize, Deserialize)]
struct OrdersHead<S> {
    rows: u64,
    extra_columns: S,
    extra_values: S,
}

#[derive(Deserialize)]
enum Part {
    /// Read by [`decode_strings`] (the part whose first byte is 0), never through serde.
    Strings(()),
    CustomersV5(Chunk<CustomerV5>),
    Orders(Chunk<Order>),
    Deals(Chunk<Deal>),
    Tickets(Chunk<Ticket>),
    Campaigns(Chunk<Campaign>),
    OrderRows(OrdersHead<Vec<Sym>>),
    Sizes(Sizes),
    Customers(Chunk<Customer>),
    Responses(Chunk<Response>),
    Sizes6(Sizes6),
    Lookups(Vec<Lookup>),
    History(Vec<Import>),
}

/// The number of parts [`chunks`] makes of `table` (one even when it is empty).
fn chunk_count<T>(table: &Table<T>, per_part: usize) -> usize {
    table.rows.len().div_ceil(per_part).max(1)
}

/// A table's rows in chunks of `per_part` (one, possibly empty, for an empty table).
fn chunks<T>(table: &Table<T>, per_part: usize) -> impl Iterator<Item = ChunkRef<'_, T>> {
    let width = table.extra_columns.len();
    let n = chunk_count(table, per_part);
    let values = &table.extra_values;
    (0..n).map(move |i| {
        let rows = i * per_part..((i + 1) * per_part).min(table.rows.len());
        // Clamped (and the last chunk takes the rest): a table whose values do not fit its
        // rows is written as it is, and refused on load, rather than a panic here.
        let start = (rows.start * width).min(values.len());
        let end = if i + 1 == n {
            values.len()
        } else {
            (rows.end * width).clamp(start, values.len())
        };
        ChunkRef {
            extra_columns: &table.extra_columns,
            rows: &table.rows[rows],
            extra_values: &values[start..end],
        }
    })
}

/// Encodes a dataset in the current format.
pub fn encode(dataset: &Dataset) -> Vec<u8> {
    unpaced(encode_paced(dataset, &mut NoPause)).expect("NoPause never cancels")
}

/// [`encode`], offering `pace` a pause after each part (strings, or [`CHUNK_ROWS`] rows)
/// and inside the strings part every [`STRINGS_SLICE`] bytes, so a browser can paint while
/// a large dataset is encoded for saving.
pub async fn encode_paced(dataset: &Dataset, pace: &mut dyn Pace) -> Result<Vec<u8>, Cancelled> {
    encode_parts(dataset, Layout::CURRENT, pace).await
}

/// How [`encode_with`] lays a dataset out: the current way, or one that earlier builds
/// wrote (for tests: the reader takes them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Rows of one kind per part (65,536 before [`CHUNK_ROWS`]; any count is read).
    pub rows_per_part: usize,
    /// The format: 3 (the orders as postcard rows, like the other kinds), 4 (the orders'
    /// own stream), 5 (format 4 and the table sizes) or 6 (format 5 and the customers'
    /// snapshot fields); any other is written as 7 (format 6 and the import history).
    pub version: u32,
}

impl Layout {
    /// What [`encode`] writes.
    pub const CURRENT: Layout = Layout {
        rows_per_part: CHUNK_ROWS,
        version: FORMAT_VERSION,
    };
}

/// [`encode`] in another [`Layout`].
pub fn encode_with(dataset: &Dataset, layout: Layout) -> Vec<u8> {
    unpaced(encode_parts(dataset, layout, &mut NoPause)).expect("NoPause never cancels")
}

async fn encode_parts(
    dataset: &Dataset,
    layout: Layout,
    pace: &mut dyn Pace,
) -> Result<Vec<u8>, Cancelled> {
    let per_part = layout.rows_per_part.max(1);
    let version = match layout.version {
        3..=6 => layout.version,
        _ => FORMAT_VERSION,
    };
    let sizes = match version {
        6.. => Some(PartRef::Sizes6(Sizes6::of(dataset))),
        5 => Some(PartRef::Sizes(Sizes::of(dataset))),
        _ => None,
    };
    // Older layouts (written only by the tests) have no place for campaign contacts.
    let responses = (version >= 6).then_some(&dataset.responses);
    let lookups = (version >= 6 && !dataset.lookups.is_empty()).then_some(&dataset.lookups[..]);
    let history = (version >= 7 && !dataset.history.is_empty()).then_some(&dataset.history[..]);
    let tables = sizes
        .into_iter()
        .chain(chunks(&dataset.customers, per_part).map(|c| match version {
            6.. => PartRef::Customers(c),
            _ => PartRef::CustomersV5(c.into()),
        }))
        .chain(chunks(&dataset.orders, per_part).map(PartRef::Orders))
        .chain(chunks(&dataset.deals, per_part).map(PartRef::Deals))
        .chain(chunks(&dataset.tickets, per_part).map(PartRef::Tickets))
        .chain(chunks(&dataset.campaigns, per_part).map(PartRef::Campaigns))
        .chain(
            responses
                .into_iter()
                .flat_map(|t| chunks(t, per_part).map(PartRef::Responses)),
        )
        .chain(lookups.map(PartRef::Lookups))
        .chain(history.map(PartRef::History));
    let n_parts = 1
        + usize::from(version >= 5)
        + chunk_count(&dataset.customers, per_part)
        + chunk_count(&dataset.orders, per_part)
        + chunk_count(&dataset.deals, per_part)
        + chunk_count(&dataset.tickets, per_part)
        + chunk_count(&dataset.campaigns, per_part)
        + responses.map_or(0, |t| chunk_count(t, per_part))
        + usize::from(lookups.is_some())
        + usize::from(history.is_some());
    // The header and directory are written last, in place: the parts go straight to their
    // place (a copy of the whole at the end was one more long task at a million orders).
    let dir_len = 4 + 8 * n_parts;
    let mut out = vec![0u8; HEADER + dir_len];
    let mut directory = Vec::with_capacity(n_parts);
    let start = out.len();
    let sum = encode_strings(&dataset.strings, &mut out, pace).await?;
    directory.push(((out.len() - start) as u32, sum));
    pause(pace).await?;
    for part in tables {
        // `to_stdvec` then a copy: postcard's `to_extend` extends byte by byte, which made
        // the save of a million orders visibly slower in the storage benchmark.
        let bytes = match part {
            PartRef::Orders(chunk) if version >= 4 => {
                let head = PartRef::OrderRows(OrdersHead {
                    rows: chunk.rows.len() as u64,
                    extra_columns: chunk.extra_columns,
                    extra_values: chunk.extra_values,
                });
                let mut bytes = postcard::to_stdvec(&head).expect("a dataset always serialises");
                orders::encode(chunk.rows, &mut bytes);
                bytes
            }
            part => postcard::to_stdvec(&part).expect("a dataset always serialises"),
        };
        directory.push(part_entry(&bytes));
        out.extend_from_slice(&bytes);
        pause(pace).await?;
    }
    let body_len = (out.len() - HEADER) as u64;
    let dir = &mut out[HEADER..HEADER + dir_len];
    dir[..4].copy_from_slice(&(n_parts as u32).to_le_bytes());
    for (entry, (len, sum)) in dir[4..].chunks_exact_mut(8).zip(&directory) {
        entry[..4].copy_from_slice(&len.to_le_bytes());
        entry[4..].copy_from_slice(&sum.to_le_bytes());
    }
    let dir_sum = Sum::Xxh3.of(&out[HEADER..HEADER + dir_len]);
    out[..8].copy_from_slice(&MAGIC);
    out[8..12].copy_from_slice(&version.to_le_bytes());
    out[12..16].copy_from_slice(&dir_sum.to_le_bytes());
    out[16..24].copy_from_slice(&body_len.to_le_bytes());
    Ok(out)
}

/// A part's directory entry: its length and checksum.
fn part_entry(bytes: &[u8]) -> (u32, u32) {
    (bytes.len() as u32, Sum::Xxh3.of(bytes))
}

/// Bytes of the strings part encoded between two offered pauses.
const STRINGS_SLICE: usize = 4 << 20;

/// Appends the strings part, `PartRef::Strings(strings)` in postcard (the same bytes as
/// `postcard::to_stdvec` gives; a test checks), to `out` in slices: at a million orders the
/// strings are some 20 MB, a task of well over 100 ms in one piece. Postcard writes the
/// variant's index, then the interner's two fields, a string and a sequence of `u32`, each
/// as its length followed by the bytes, or by the numbers, as varints. Returns the part's
/// checksum, computed slice by slice.
async fn encode_strings(
    strings: &Interner,
    out: &mut Vec<u8>,
    pace: &mut dyn Pace,
) -> Result<u32, Cancelled> {
    let (bytes, ends) = strings.as_parts();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut hashed = out.len();
    let mut hash = |out: &[u8]| {
        hasher.update(&out[hashed..]);
        hashed = out.len();
    };
    varint(out, 0); // `Strings`, PartRef's first variant
    varint(out, bytes.len() as u64);
    for (i, piece) in bytes.as_bytes().chunks(STRINGS_SLICE).enumerate() {
        if i > 0 {
            pause(pace).await?;
        }
        out.extend_from_slice(piece);
        hash(out);
    }
    varint(out, ends.len() as u64);
    for (i, piece) in ends.chunks(STRINGS_SLICE / 4).enumerate() {
        if i > 0 {
            pause(pace).await?;
        }
        for &end in piece {
            varint(out, u64::from(end));
        }
        hash(out);
    }
    hash(out);
    Ok(hasher.digest() as u32)
}

/// Postcard's varint: seven bits per byte, low first, the top bit set on all but the last.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads postcard's varints (and raw bytes) from a part, for the parts decoded without serde.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// The next varint; `None` when the bytes end inside it or it does not fit 64 bits.
    #[inline(always)]
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }

    /// The next varint as a `u32`.
    #[inline(always)]
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.varint()?).ok()
    }

    /// The next `len` bytes.
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let bytes = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(bytes)
    }

    /// Bytes not read yet.
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }
}

/// The strings part after its variant index, as [`encode_strings`] writes it (postcard's
/// `String`, then `Vec<u32>`), read without serde: through serde, postcard reads the 1.4M
/// offsets of a million orders one call at a time, and in wasm this part was the load's
/// longest task.
fn decode_strings(bytes: &[u8]) -> Result<(String, Vec<u32>), String> {
    let cut = || "the strings part is cut short".to_string();
    let mut r = Reader::new(bytes);
    let len = r.varint().ok_or_else(cut)?;
    let text = r
        .take(usize::try_from(len).map_err(|_| cut())?)
        .ok_or_else(cut)?;
    let text = std::str::from_utf8(text).map_err(|e| format!("the strings are not UTF-8 ({e})"))?;
    let count = r.varint().ok_or_else(cut)?;
    // An offset takes at least a byte: a larger count is damage, not memory to reserve.
    let count = usize::try_from(count)
        .ok()
        .filter(|&n| n <= r.left())
        .ok_or_else(cut)?;
    let mut ends = Vec::with_capacity(count);
    for _ in 0..count {
        ends.push(r.u32().ok_or("a string's offset is damaged")?);
    }
    if r.left() > 0 {
        return Err(format!("{} unexpected bytes in the strings part", r.left()));
    }
    Ok((text.to_owned(), ends))
}

/// The format version of stored bytes, without decoding the body.
pub fn version_of(bytes: &[u8]) -> Result<u32, DecodeError> {
    if bytes.len() < HEADER || bytes[..8] != MAGIC {
        return Err(DecodeError::NotRapport);
    }
    Ok(u32::from_le_bytes(bytes[8..12].try_into().unwrap()))
}

/// Decodes stored bytes of any supported version into a dataset.
pub fn decode(bytes: &[u8]) -> Result<Dataset, DecodeError> {
    let mut decoder = Decoder::new(bytes)?;
    decoder.check_length(bytes.len())?;
    while decoder.step(bytes)? {}
    decoder.finish()
}

/// Parts that do not fit together (`what`: which, for logs).
fn inconsistent(what: impl Into<String>) -> DecodeError {
    DecodeError::Corrupt(Damage::Inconsistent(what.into()))
}

/// A part whose bytes do not read (`e`: the reader's message, for logs).
fn undecodable(e: impl ToString) -> DecodeError {
    DecodeError::Corrupt(Damage::Undecodable(e.to_string()))
}

/// Decodes stored bytes step by step, so a caller can report progress (and let the browser
/// paint) in between: [`Decoder::new`] checks the header, each [`Decoder::step`] decodes a
/// part, [`Decoder::finish`] checks the whole and hands out the dataset.
///
/// The bytes may arrive while it decodes (a load reading them in pieces): `new` needs only
/// the header and the part directory ([`Decoder::header_len`]), every step is given the
/// bytes that have arrived so far, and [`Decoder::ready`] says whether they hold the next
/// step's part.
pub struct Decoder {
    /// Format 1: the whole body is one step, not taken yet.
    v1: bool,
    /// Formats 2 and 3: where the parts not decoded yet are in the bytes, with their
    /// checksums.
    parts: std::collections::VecDeque<(std::ops::Range<usize>, u32)>,
    total: u64,
    done: u64,
    dataset: Dataset,
    has_strings: bool,
    /// Formats 5 and 6: the table sizes, once their part is decoded.
    sizes: Option<Sizes6>,
    /// How the parts are checked (by the format version).
    checksum: Sum,
    /// The format version of the bytes (1 to [`FORMAT_VERSION`]).
    version: u32,
}

impl Decoder {
    /// How many bytes of the start of stored bytes [`Decoder::new`] needs (the header and
    /// the part directory), or `None` when `prefix` is too short to tell. At least what is
    /// needed for the header; a file shorter than that is refused by `new`.
    pub fn header_len(prefix: &[u8]) -> Option<usize> {
        if prefix.len() >= HEADER && !matches!(version_of(prefix), Ok(2..=FORMAT_VERSION)) {
            // Format 1, or not a Rapport file (which `new` refuses at once).
            return Some(HEADER);
        }
        let count = prefix.get(HEADER..HEADER + 4)?;
        let count = u32::from_le_bytes(count.try_into().unwrap()) as usize;
        Some(count.saturating_mul(8).saturating_add(HEADER + 4))
    }

    /// Checks the header (magic, version, formats 2 and 3's directory) in the start of stored
    /// bytes (at least [`Decoder::header_len`] of them).
    pub fn new(bytes: &[u8]) -> Result<Self, DecodeError> {
        let version = version_of(bytes)?;
        if version > FORMAT_VERSION {
            return Err(DecodeError::TooNew {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if version == 0 {
            return Err(Damage::FormatVersionZero.into());
        }
        let len = u64::from_le_bytes(bytes[16..24].try_into().unwrap());
        // No file holds that much: refused before any sum of lengths can overflow.
        if len > u64::MAX / 2 {
            let found = (bytes.len() as u64).saturating_sub(HEADER as u64);
            return Err(Damage::Length {
                expected: len,
                found,
            }
            .into());
        }
        let mut decoder = Decoder {
            v1: false,
            parts: Default::default(),
            total: len,
            done: 0,
            dataset: Dataset::default(),
            has_strings: false,
            sizes: None,
            checksum: if version >= 3 { Sum::Xxh3 } else { Sum::Crc32 },
            version,
        };
        if version == 1 {
            decoder.v1 = true;
            return Ok(decoder);
        }
        let sum = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
        let body = &bytes[HEADER..];
        let count = body
            .get(..4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize)
            .ok_or_else(|| DecodeError::from(Damage::CutShort))?;
        let dir_len = count
            .checked_mul(8)
            .and_then(|n| n.checked_add(4))
            .filter(|&n| n as u64 <= len && n <= body.len())
            .ok_or_else(|| DecodeError::from(Damage::CutShort))?;
        let dir = &body[..dir_len];
        if decoder.checksum.of(dir) != sum {
            return Err(Damage::Checksum.into());
        }
        decoder.done = dir_len as u64;
        // The parts lie back to back after the directory and fill the body exactly.
        let (mut at, end) = (HEADER as u64 + dir_len as u64, HEADER as u64 + len);
        for entry in dir[4..].chunks_exact(8) {
            let part_len = u64::from(u32::from_le_bytes(entry[..4].try_into().unwrap()));
            let sum = u32::from_le_bytes(entry[4..].try_into().unwrap());
            if part_len > end - at {
                return Err(Damage::CutShort.into());
            }
            decoder
                .parts
                .push_back((at as usize..(at + part_len) as usize, sum));
            at += part_len;
        }
        if at != end {
            return Err(Damage::ExtraBytes(end - at).into());
        }
        Ok(decoder)
    }

    /// The length the stored bytes must have, by their header.
    pub fn expected_len(&self) -> u64 {
        HEADER as u64 + self.total
    }

    /// Checks that the stored bytes, all of them arrived, have the header's length.
    pub fn check_length(&self, len: usize) -> Result<(), DecodeError> {
        if len as u64 != self.expected_len() {
            return Err(Damage::Length {
                expected: self.total,
                found: (len as u64).saturating_sub(HEADER as u64),
            }
            .into());
        }
        Ok(())
    }

    /// Bytes to decode in all.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Bytes decoded so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// Whether the first `available` bytes are enough for the next [`Decoder::step`].
    pub fn ready(&self, available: usize) -> bool {
        if self.v1 {
            return available as u64 >= self.expected_len();
        }
        self.parts
            .front()
            .is_none_or(|(range, _)| range.end <= available)
    }

    /// Decodes the next part; `false` once everything is decoded. `bytes`: the stored
    /// bytes, at least as many as [`Decoder::ready`] asks for.
    pub fn step(&mut self, bytes: &[u8]) -> Result<bool, DecodeError> {
        if !self.ready(bytes.len()) {
            return Err(Damage::CutShort.into());
        }
        if self.v1 {
            self.v1 = false;
            // Format 1: the whole dataset in one postcard value.
            let body = &bytes[HEADER..self.expected_len() as usize];
            let sum = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
            let v1: legacy::DatasetV1 = checked(body, (Sum::Crc32, sum))?;
            self.dataset = v1.into();
            self.has_strings = true;
            self.done = self.total;
            return Ok(true);
        }
        let Some((range, sum)) = self.parts.pop_front() else {
            return Ok(false);
        };
        let bytes = &bytes[range];
        verify(bytes, (self.checksum, sum))?;
        self.take_part(bytes)?;
        self.done += bytes.len() as u64;
        Ok(true)
    }

    /// Adds a part of formats 2–4, its checksum verified, to the dataset.
    fn take_part(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if let [0, strings @ ..] = bytes {
            // The strings part (variant 0; every other part starts with another byte).
            if self.has_strings {
                return Err(inconsistent("the strings are stored twice"));
            }
            let (text, ends) = decode_strings(strings).map_err(undecodable)?;
            self.dataset.strings = Interner::from_stored(text, ends)?;
            self.has_strings = true;
            return Ok(());
        }
        let (part, rest): (Part, _) = postcard::take_from_bytes(bytes).map_err(undecodable)?;
        let ds = &mut self.dataset;
        if let Part::OrderRows(head) = part {
            if self.version < 4 {
                return Err(inconsistent(format!(
                    "format 4's orders in format {} data",
                    self.version
                )));
            }
            return append_orders(&mut ds.orders, head, rest);
        }
        if !rest.is_empty() {
            return Err(Damage::ExtraBytes(rest.len() as u64).into());
        }
        match part {
            Part::Sizes(_) if self.version != 5 => Err(inconsistent(format!(
                "format 5's sizes in format {} data",
                self.version
            ))),
            Part::Sizes6(_) if self.version < 6 => Err(inconsistent(format!(
                "format 6's sizes in format {} data",
                self.version
            ))),
            Part::Sizes(_) | Part::Sizes6(_) if self.sizes.is_some() || !ds.is_empty() => {
                Err(inconsistent("the table sizes out of place"))
            }
            Part::Sizes(tables) => self.take_sizes(Sizes6 {
                tables,
                responses: TableSize::default(),
            }),
            Part::Sizes6(sizes) => self.take_sizes(sizes),
            Part::Responses(_) if self.version < 6 => Err(inconsistent(format!(
                "format 6's campaign contacts in format {} data",
                self.version
            ))),
            Part::Responses(c) => append(&mut ds.responses, c),
            Part::Lookups(l) if self.version < 6 || !ds.lookups.is_empty() || l.is_empty() => {
                Err(inconsistent("lookups out of place"))
            }
            Part::Lookups(lookups) => {
                ds.lookups = lookups;
                Ok(())
            }
            Part::History(h) if self.version < 7 || !ds.history.is_empty() || h.is_empty() => {
                Err(inconsistent("the import history out of place"))
            }
            Part::History(history) => {
                ds.history = history;
                Ok(())
            }
            Part::CustomersV5(_) if self.version >= 6 => Err(inconsistent(format!(
                "format 5's customers in format {} data",
                self.version
            ))),
            Part::Customers(_) if self.version < 6 => Err(inconsistent(format!(
                "format 6's customers in format {} data",
                self.version
            ))),
            Part::CustomersV5(c) => append(&mut ds.customers, legacy::chunk(c)),
            Part::Customers(c) => append(&mut ds.customers, c),
            Part::Orders(c) => append(&mut ds.orders, c),
            Part::Deals(c) => append(&mut ds.deals, c),
            Part::Tickets(c) => append(&mut ds.tickets, c),
            Part::Campaigns(c) => append(&mut ds.campaigns, c),
            // Taken above.
            Part::Strings(()) | Part::OrderRows(_) => Err(inconsistent("a part out of place")),
        }
    }

    fn take_sizes(&mut self, sizes: Sizes6) -> Result<(), DecodeError> {
        sizes.reserve_in(&mut self.dataset, self.total);
        self.sizes = Some(sizes);
        Ok(())
    }

    /// The decoded dataset, checked (every symbol in range, dates in the calendar).
    pub fn finish(self) -> Result<Dataset, DecodeError> {
        if self.v1 || !self.parts.is_empty() {
            return Err(inconsistent("not decoded yet"));
        }
        if !self.has_strings {
            return Err(inconsistent("the strings are missing"));
        }
        match self.sizes {
            Some(sizes) if !sizes.matches(&self.dataset) => {
                return Err(inconsistent("the tables do not have their stored sizes"))
            }
            None if self.version >= 5 => return Err(inconsistent("the table sizes are missing")),
            _ => {}
        }
        self.dataset.check()?;
        Ok(self.dataset)
    }
}

/// One postcard value that fills `bytes` exactly, whose checksum (by `kind`) is `expected`.
fn checked<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    (kind, expected): (Sum, u32),
) -> Result<T, DecodeError> {
    verify(bytes, (kind, expected))?;
    let (value, rest) = postcard::take_from_bytes(bytes).map_err(undecodable)?;
    if !rest.is_empty() {
        return Err(Damage::ExtraBytes(rest.len() as u64).into());
    }
    Ok(value)
}

/// Checks that `bytes` have the checksum `expected` (by `kind`).
fn verify(bytes: &[u8], (kind, expected): (Sum, u32)) -> Result<(), DecodeError> {
    if kind.of(bytes) != expected {
        return Err(Damage::Checksum.into());
    }
    Ok(())
}

/// [`append`] for format 4's orders: `rows` holds the part's `head.rows` orders, decoded
/// straight into the table (an error leaves it half extended: the decoding fails whole).
fn append_orders(
    table: &mut Table<Order>,
    head: OrdersHead<Vec<Sym>>,
    rows: &[u8],
) -> Result<(), DecodeError> {
    let count = usize::try_from(head.rows).map_err(|_| undecodable("too many orders in a part"))?;
    take_columns(table, head.extra_columns, head.extra_values.len(), count)?;
    orders::decode(rows, count, &mut table.rows).map_err(undecodable)?;
    table.extra_values.extend(head.extra_values);
    Ok(())
}

fn append<T>(table: &mut Table<T>, chunk: Chunk<T>) -> Result<(), DecodeError> {
    take_columns(
        table,
        chunk.extra_columns,
        chunk.extra_values.len(),
        chunk.rows.len(),
    )?;
    table.rows.extend(chunk.rows);
    table.extra_values.extend(chunk.extra_values);
    Ok(())
}

/// Checks that a part's extra columns are its table's (the first part sets them) and that
/// its `values` extra values fit its `rows` rows.
fn take_columns<T>(
    table: &mut Table<T>,
    columns: Vec<Sym>,
    values: usize,
    rows: usize,
) -> Result<(), DecodeError> {
    if table.rows.is_empty() && table.extra_values.is_empty() {
        table.extra_columns = columns;
    } else if table.extra_columns != columns {
        return Err(inconsistent("the parts of a table disagree on its columns"));
    }
    if Some(values) != rows.checked_mul(table.extra_columns.len()) {
        return Err(inconsistent("extra values do not fit their rows"));
    }
    Ok(())
}
