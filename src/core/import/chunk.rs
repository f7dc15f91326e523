//! The parallel import's pure half: a file's text split into parts at row boundaries, each
//! part parsed on its own (in a Web Worker, by the same core), and the parts combined into
//! the very [`Parsed`] (and, for [`read`](super::read), the very [`Analysis`]) a parse of
//! the whole text gives.
//!
//! - [`split`] cuts the text speculatively: near each even share, after the next line break.
//!   A cut may fall inside a quoted cell (a line break within quotes); the part before it
//!   then ends inside quotes ([`Part::open_end`], found from its last record alone), and
//!   [`Parts::repair`] joins it with the next part, to be parsed again. Every other cut is
//!   a row boundary: the first part starts at the file's start, and a part that starts at a
//!   row and does not end inside quotes ends at a row.
//! - [`parse_part`] parses one part ([`PartJob`]: the analysis, the options, whether it is
//!   the first part, and for a one-pass read the profiles to observe the rows into).
//! - [`combine`] (or [`combine_paced`], offering pauses) puts the parts together in the
//!   file's order: the first part's interner is taken as it is and every later part's
//!   strings are interned after it, in their order, so each string gets the symbol a
//!   single parse gives it (its first occurrence is in the first part holding it); the
//!   records' symbols are remapped; issues keep the file's line numbers (each part counts
//!   the line breaks it holds); the whole-file notes are added once.
//!
//! Files that are not parsed in parts ([`in_parts`]): lookup files (a few rows, one lookup
//! table) and campaign contacts (a contact without a customer gets the id `file#n`, `n`
//! counted over the whole file).

use super::analyze::{Evidence, PartObserver, PROFILE_ROWS};
use super::parse::{notes, one_arm, IssueCounts, ParseOptions, Parsed, Parser};
use super::sniff::Rows;
use super::{check_size, decode, Analysis, Analyzer, ColumnProfile, ImportError, Issue};
use crate::model::{
    Campaign, Customer, Dataset, Day, Deal, DealOutcome, Interner, Kind, Lookup, Money, Order,
    OrderStatus, Response, Sym, Table, Ticket, Timestamp,
};
use std::ops::Range;

/// True when a file's rows may be parsed in parts (see the module's note).
pub fn in_parts(analysis: &Analysis) -> bool {
    analysis.lookup.is_none() && analysis.mapping.kind != Kind::Responses
}

/// The offset in `text` (the decoded file) where the data rows start: after the preamble
/// and the header row.
pub fn data_start(analysis: &Analysis, text: &str) -> usize {
    let start = analysis.start.min(text.len());
    let mut rdr = Rows::few(&text.as_bytes()[start..], analysis.delimiter);
    let mut record = csv::ByteRecord::new();
    for _ in 0..=analysis.header_record {
        if !rdr.read_byte_record(&mut record).unwrap_or(false) {
            break;
        }
    }
    start + rdr.position().byte() as usize
}

/// Cuts `text` into up to `parts` parts of at least `min_bytes` of rows each (the rows
/// start at `from`, [`data_start`]): near each even share of the rows, after the next line
/// break (see [`cut_at`]).
pub fn split(text: &str, from: usize, parts: usize, min_bytes: usize) -> Vec<Range<usize>> {
    let rows = text.len().saturating_sub(from);
    let n = parts.min(rows / min_bytes.max(1)).max(1);
    let targets: Vec<usize> = (1..n).map(|i| from + rows / n * i).collect();
    cut_at(text, from, &targets)
}

/// The parts of `text` cut after the first line break at or after each of `targets`
/// (ignoring those before `from`, the rows' start, and cuts that would leave a part
/// empty): ranges that cover the text, the first from 0. A cut is speculative: it may fall
/// inside a quoted cell (see [`Parts::repair`]). Never before a line that starts with
/// U+FEFF: a part's CSV reader would drop it as a byte order mark, where the whole file's
/// keeps it in the cell (a BOM in the middle of a file is text).
pub fn cut_at(text: &str, from: usize, targets: &[usize]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::with_capacity(targets.len() + 1);
    let mut start = 0;
    for &target in targets {
        let target = target.max(from).max(start);
        let Some(cut) = line_start_after(bytes, target) else {
            break;
        };
        if cut >= bytes.len() {
            break;
        }
        ranges.push(start..cut);
        start = cut;
    }
    ranges.push(start..bytes.len());
    ranges
}

/// The start of the first line after a line break at or after `at` that does not begin with
/// a byte order mark (U+FEFF, see [`cut_at`]).
fn line_start_after(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let nl = bytes.get(at..)?.iter().position(|&b| b == b'\n')?;
        at += nl + 1;
        if !bytes[at..].starts_with("\u{feff}".as_bytes()) {
            return Some(at);
        }
    }
}

/// What a worker needs to parse a part, besides its text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PartJob {
    /// The file's analysis (as edited on the review screen).
    pub analysis: Analysis,
    /// The user's choices.
    pub options: ParseOptions,
    /// The part starts at the file's start (its preamble and header are skipped).
    pub first: bool,
    /// Records to make room for.
    pub rows: usize,
    /// For a one-pass read ([`Reading`]): where the rows to observe start in the part's
    /// text, and the profiles of the profiled rows to observe them into.
    pub observe: Option<(usize, Vec<ColumnProfile>)>,
}

impl PartJob {
    /// The job of `range` of a file's text of `len` bytes, parsed by `analysis`: room for
    /// its share of the analysis' row count; `observe`: the text offset of the first row to
    /// observe and the profiles to observe into (a one-pass read).
    pub fn new(
        analysis: &Analysis,
        options: &ParseOptions,
        (range, len): (&Range<usize>, usize),
        observe: Option<(usize, &[ColumnProfile])>,
    ) -> PartJob {
        let share = (range.len() as u128 * u128::from(analysis.row_count)) / (len.max(1) as u128);
        PartJob {
            analysis: analysis.clone(),
            options: options.clone(),
            first: range.start == 0,
            rows: usize::try_from(share).unwrap_or(0),
            observe: observe
                .map(|(from, columns)| (from.saturating_sub(range.start), columns.to_vec())),
        }
    }

    /// The job as bytes, for a worker.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a job serialises")
    }

    /// A job from [`PartJob::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PartJob, String> {
        postcard::from_bytes(bytes).map_err(|e| e.to_string())
    }
}

/// One part of a file, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// Its staged records, in an interner of its own.
    pub data: Dataset,
    /// Its row issues kept, their lines counted from the part's start.
    issues: Vec<Issue>,
    /// Its row issues counted.
    counts: Vec<((super::Severity, super::IssueKind), u64)>,
    /// Rows read, rejected, empty.
    rows: [u64; 3],
    /// Line breaks in the part's text.
    line_breaks: u64,
    /// The part ends inside a quoted cell: its end is not a row boundary.
    pub open_end: bool,
    /// For a one-pass read: what its rows say about the whole file.
    evidence: Option<Evidence>,
}

impl Part {
    /// Rows read.
    pub fn rows_read(&self) -> u64 {
        self.rows[0]
    }

    /// Records per piece of [`Part::to_pieces`].
    pub const BLOCK: usize = 1 << 14;

    /// Strings per piece of [`Part::to_pieces`].
    pub const STRINGS: usize = 1 << 15;

    /// The part in its transfer format, as pieces that a [`Combiner`] takes in one at a
    /// time (a main thread, a piece per task): the head ([`PartHead`]: the report, the
    /// tables' sizes, postcard), then the strings in runs of [`Part::STRINGS`] (their
    /// number and end offsets as little-endian `u32`s, then their bytes), then each table's records in
    /// blocks of [`Part::BLOCK`], every field at a fixed width (little-endian; a symbol as
    /// its `u32`), then their extra values (`u32`s). No varints: a piece is read with
    /// plain loads, and each symbol is remapped as it is read.
    pub fn to_pieces(&self) -> Vec<Vec<u8>> {
        let d = &self.data;
        let (bytes, ends) = d.strings.as_parts();
        let head = PartHead {
            issues: self.issues.clone(),
            counts: self.counts.clone(),
            rows: self.rows,
            line_breaks: self.line_breaks,
            open_end: self.open_end,
            evidence: self.evidence.clone(),
            lookups: d.lookups.clone(),
            extra_columns: [
                d.customers.extra_columns.clone(),
                d.orders.extra_columns.clone(),
                d.deals.extra_columns.clone(),
                d.tickets.extra_columns.clone(),
                d.campaigns.extra_columns.clone(),
                d.responses.extra_columns.clone(),
            ],
            sizes: [
                d.customers.len(),
                d.orders.len(),
                d.deals.len(),
                d.tickets.len(),
                d.campaigns.len(),
                d.responses.len(),
            ],
            strings: (ends.len(), bytes.len()),
        };
        let mut pieces = vec![postcard::to_allocvec(&head).expect("a head serialises")];
        let mut start = 0;
        for run in ends.chunks(Part::STRINGS) {
            let end = *run.last().expect("chunks are not empty") as usize;
            let mut piece = Vec::with_capacity(4 + run.len() * 4 + end - start);
            (run.len() as u32).put(&mut piece);
            for &e in run {
                piece.extend_from_slice(&(e - start as u32).to_le_bytes());
            }
            piece.extend_from_slice(&bytes.as_bytes()[start..end]);
            pieces.push(piece);
            start = end;
        }
        blocks(&d.customers, &mut pieces);
        blocks(&d.orders, &mut pieces);
        blocks(&d.deals, &mut pieces);
        blocks(&d.tickets, &mut pieces);
        blocks(&d.campaigns, &mut pieces);
        blocks(&d.responses, &mut pieces);
        pieces
    }

    /// What [`Reading::finish`] needs of the part, which starts at `start` in the text.
    pub fn report(&self, start: usize) -> PartReport {
        PartReport {
            start,
            line_breaks: self.line_breaks,
            evidence: self.evidence.clone(),
        }
    }
}

/// The first piece of a part's transfer format ([`Part::to_pieces`]): everything but its
/// strings and records.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PartHead {
    issues: Vec<Issue>,
    counts: Vec<((super::Severity, super::IssueKind), u64)>,
    rows: [u64; 3],
    line_breaks: u64,
    open_end: bool,
    evidence: Option<Evidence>,
    lookups: Vec<Lookup>,
    extra_columns: [Vec<Sym>; 6],
    /// Records of each kind.
    sizes: [usize; 6],
    /// Strings, and their bytes in all.
    strings: (usize, usize),
}

impl PartHead {
    /// Reads the head piece.
    pub fn from_bytes(bytes: &[u8]) -> Result<PartHead, String> {
        postcard::from_bytes(bytes).map_err(|e| e.to_string())
    }

    /// The part ends inside a quoted cell (see [`Part::open_end`]).
    pub fn open_end(&self) -> bool {
        self.open_end
    }

    /// What [`Reading::finish`] needs of the part, which starts at `start` in the text.
    pub fn report(&self, start: usize) -> PartReport {
        PartReport {
            start,
            line_breaks: self.line_breaks,
            evidence: self.evidence.clone(),
        }
    }
}

/// What a part brings to the whole file's analysis of a one-pass read ([`Reading::finish`]).
#[derive(Clone, Debug)]
pub struct PartReport {
    start: usize,
    line_breaks: u64,
    evidence: Option<Evidence>,
}

fn blocks<T: Wire>(table: &Table<T>, pieces: &mut Vec<Vec<u8>>) {
    let n = table.extra_columns.len();
    for (i, rows) in table.rows.chunks(Part::BLOCK).enumerate() {
        let at = i * Part::BLOCK * n;
        let extras = &table.extra_values[at..at + rows.len() * n];
        let mut piece = Vec::with_capacity(rows.len() * T::SIZE + extras.len() * 4);
        for row in rows {
            row.put(&mut piece);
        }
        for extra in extras {
            extra.put(&mut piece);
        }
        pieces.push(piece);
    }
}

/// A value at a fixed width in the parts' transfer format (see [`Part::to_pieces`]).
trait Wire: Sized {
    /// Its width in bytes.
    const SIZE: usize;
    /// Appends it to `out`.
    fn put(&self, out: &mut Vec<u8>);
    /// Reads it back from its `SIZE` bytes, its symbols remapped by `map` (a symbol of the
    /// part to the combined file's); `None` when the bytes are not such a value.
    fn get(b: &[u8], map: &[Sym]) -> Option<Self>;
}

macro_rules! wire_le {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            #[inline]
            fn put(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            #[inline]
            fn get(b: &[u8], _: &[Sym]) -> Option<Self> {
                Some(<$t>::from_le_bytes(b.try_into().ok()?))
            }
        }
    )*};
}
wire_le!(u8, u16, u32, u64, i32, i64, f32, f64);

/// A newtype over a [`Wire`] integer.
macro_rules! wire_newtype {
    ($($t:ident($inner:ty)),*) => {$(
        impl Wire for $t {
            const SIZE: usize = <$inner as Wire>::SIZE;
            #[inline]
            fn put(&self, out: &mut Vec<u8>) {
                self.0.put(out);
            }
            #[inline]
            fn get(b: &[u8], map: &[Sym]) -> Option<Self> {
                <$inner as Wire>::get(b, map).map($t)
            }
        }
    )*};
}
wire_newtype!(Day(i32), Money(i64), Timestamp(i64));

/// An enum of unit variants as its variant's index (a byte).
macro_rules! wire_enum {
    ($($t:ident { $($v:ident),* }),*) => {$(
        impl Wire for $t {
            const SIZE: usize = 1;
            #[inline]
            fn put(&self, out: &mut Vec<u8>) {
                const ALL: &[$t] = &[$($t::$v),*];
                let i = ALL.iter().position(|v| v == self).expect("every variant is listed");
                out.push(i as u8);
            }
            #[inline]
            fn get(b: &[u8], _: &[Sym]) -> Option<Self> {
                const ALL: &[$t] = &[$($t::$v),*];
                ALL.get(usize::from(*b.first()?)).copied()
            }
        }
    )*};
}
wire_enum!(
    OrderStatus {
        Completed,
        Refunded,
        Cancelled,
        Pending
    },
    DealOutcome { Open, Won, Lost }
);

impl Wire for bool {
    const SIZE: usize = 1;
    #[inline]
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    #[inline]
    fn get(b: &[u8], _: &[Sym]) -> Option<Self> {
        match b.first()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Wire for Sym {
    const SIZE: usize = 4;
    #[inline]
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
    }
    #[inline]
    fn get(b: &[u8], map: &[Sym]) -> Option<Self> {
        map.get(u32::get(b, map)? as usize).copied()
    }
}

/// A tag byte, then the value or zeros.
impl<T: Wire> Wire for Option<T> {
    const SIZE: usize = 1 + T::SIZE;
    #[inline]
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => {
                out.push(1);
                v.put(out);
            }
            None => out.resize(out.len() + Self::SIZE, 0),
        }
    }
    #[inline]
    fn get(b: &[u8], map: &[Sym]) -> Option<Self> {
        match b.first()? {
            0 => Some(None),
            1 => T::get(b.get(1..)?, map).map(Some),
            _ => None,
        }
    }
}

/// A record as its fields one after the other. Every field is listed with its type (a
/// field left out or of another type does not compile).
macro_rules! wire_record {
    ($($t:ident { $($f:ident: $ty:ty),* $(,)? })*) => {$(
        impl Wire for $t {
            const SIZE: usize = 0 $(+ <$ty as Wire>::SIZE)*;
            #[inline]
            fn put(&self, out: &mut Vec<u8>) {
                $(<$ty as Wire>::put(&self.$f, out);)*
            }
            #[inline]
            #[allow(unused_assignments)]
            fn get(b: &[u8], map: &[Sym]) -> Option<Self> {
                let mut at = 0;
                Some($t {
                    $($f: {
                        let v = <$ty as Wire>::get(b.get(at..at + <$ty as Wire>::SIZE)?, map)?;
                        at += <$ty as Wire>::SIZE;
                        v
                    },)*
                })
            }
        }
    )*};
}
wire_record! {
    Customer {
        id: Sym, name: Sym, first_name: Sym, last_name: Sym, email: Sym, phone: Sym,
        gender: Sym, birth_date: Option<Day>, age: Option<u16>, company: Sym, city: Sym,
        region: Sym, country: Sym, segment: Sym, tags: Sym, signup: Option<Day>,
        channel: Sym, owner: Sym, status: Sym, placeholder: bool, tenure_months: Option<u32>,
        monthly_charges: Option<Money>, total_charges: Option<Money>, churn_date: Option<Day>,
    }
    Order {
        id: Sym, customer: Sym, date: Day, product: Sym, category: Sym, quantity: f64,
        unit_price: Option<Money>, amount: Money, discount: Option<Money>, channel: Sym,
        status: OrderStatus, status_text: Sym,
    }
    Deal {
        id: Sym, customer: Sym, title: Sym, owner: Sym, stage: Sym, outcome: DealOutcome,
        amount: Option<Money>, probability: Option<f32>, created: Option<Day>,
        expected_close: Option<Day>, closed: Option<Day>, lost_reason: Sym,
    }
    Ticket {
        id: Sym, customer: Sym, opened: Option<Timestamp>, first_response: Option<Timestamp>,
        resolved: Option<Timestamp>, channel: Sym, issue_type: Sym, priority: Sym,
        status: Sym, csat: Option<u8>, nps: Option<u8>,
    }
    Campaign {
        id: Sym, name: Sym, channel: Sym, start: Option<Day>, end: Option<Day>, cost: Money,
        impressions: Option<u64>, clicks: Option<u64>, leads: Option<u64>,
        conversions: Option<u64>, revenue: Option<Money>, audience: Option<u64>,
        holdout: Option<u64>, holdout_conversions: Option<u64>,
    }
    Response {
        id: Sym, customer: Sym, campaign: Sym, date: Option<Day>, channel: Sym,
        responded: Option<bool>, converted: Option<bool>, revenue: Option<Money>,
    }
}

/// A part's text being parsed, a slice of rows at a time (what [`parse_part`] does at once):
/// for a thread that must stay responsive between slices (the page's own part).
pub struct PartParser<'a> {
    parser: Parser<'a>,
    observer: Option<PartObserver<'a>>,
    text: &'a str,
}

impl<'a> PartParser<'a> {
    /// Starts parsing `text`, a part of a file, as `job` says.
    pub fn new(job: &'a PartJob, text: &'a str) -> PartParser<'a> {
        let analysis = &job.analysis;
        let parser = Parser::of_part(analysis, text, &job.options, job.first, job.rows);
        let observer = job.observe.as_ref().map(|(from, columns)| {
            PartObserver::new(analysis, text, (parser.start(), *from), columns.clone())
        });
        PartParser {
            parser,
            observer,
            text,
        }
    }

    /// Reads up to `rows` more rows; false once the part is done.
    pub fn step(&mut self, rows: u64) -> bool {
        let observer = &mut self.observer;
        let mut observe =
            |record: &csv::ByteRecord| observer.as_mut().is_none_or(|o| o.observe(record));
        self.parser.step_with(rows, &mut observe)
    }

    /// Rows read and bytes of the part's text read so far.
    pub fn progress(&self) -> (u64, u64) {
        (self.parser.rows_read(), self.parser.position().0)
    }

    /// The part, once [`PartParser::step`] said it is done.
    pub fn finish(self) -> Part {
        let open_end = self.parser.open_end(self.text);
        let (data, issues, counts, rows) = self.parser.finish_part();
        Part {
            data,
            issues,
            counts: counts.into_iter().collect(),
            rows,
            line_breaks: line_breaks(self.text.as_bytes()),
            open_end,
            evidence: self.observer.map(PartObserver::finish),
        }
    }
}

/// Parses `text`, a part of a file, as `job` says; `progress(rows, bytes)` hears about
/// every slice of rows read (a worker tells the page).
pub fn parse_part(job: &PartJob, text: &str, progress: &mut dyn FnMut(u64, u64)) -> Part {
    let mut parser = PartParser::new(job, text);
    while parser.step(8192) {
        let (rows, bytes) = parser.progress();
        progress(rows, bytes);
    }
    let part = parser.finish();
    progress(part.rows[0], text.len() as u64);
    part
}

/// Line breaks in `text` as [`LineCounter`](super::analyze::LineCounter) counts them: `\n`,
/// and `\r` not followed by `\n`.
fn line_breaks(text: &[u8]) -> u64 {
    let lf = text.iter().filter(|&&b| b == b'\n').count() as u64;
    if !text.contains(&b'\r') {
        return lf;
    }
    let cr = text
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count() as u64;
    lf + cr + u64::from(text.last() == Some(&b'\r'))
}

/// The whole text as one part.
pub fn whole(text: &str) -> Vec<Range<usize>> {
    std::iter::once(0..text.len()).collect()
}

/// The parts of a file's text as they are parsed: their ranges and, once in, their results;
/// [`Parts::repair`] joins a part that ended inside quotes with the next.
#[derive(Debug)]
pub struct Parts {
    ranges: Vec<Range<usize>>,
    parts: Vec<Option<Part>>,
}

impl Parts {
    /// The parts of `ranges` (from [`split`] or [`cut_at`]), none parsed yet.
    pub fn new(ranges: Vec<Range<usize>>) -> Parts {
        let parts = ranges.iter().map(|_| None).collect();
        Parts { ranges, parts }
    }

    /// The range of part `i` in the text.
    pub fn range(&self, i: usize) -> Range<usize> {
        self.ranges[i].clone()
    }

    /// How many parts there are.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// True when there is no part (never: a text is at least one part).
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Part `i` parsed.
    pub fn put(&mut self, i: usize, part: Part) {
        self.parts[i] = Some(part);
    }

    /// Once every part is in: the first part (but the last) that ends inside quotes is
    /// joined with the next, whose start was no row's, and the index of the joined part
    /// is returned, to be parsed again. `None` when every part ends at a row.
    pub fn repair(&mut self) -> Option<usize> {
        let last = self.parts.len().checked_sub(1)?;
        let i = (self.parts[..last].iter()).position(|p| p.as_ref().is_none_or(|p| p.open_end))?;
        let next = self.ranges.remove(i + 1);
        self.parts.remove(i + 1);
        self.ranges[i].end = next.end;
        self.parts[i] = None;
        Some(i)
    }

    /// The parts in the file's order, each with its range (every part in, repaired).
    pub fn into_parts(self) -> Vec<(Range<usize>, Part)> {
        let parts = self
            .parts
            .into_iter()
            .map(|p| p.expect("every part is parsed"));
        self.ranges.into_iter().zip(parts).collect()
    }
}

/// Parses `text` (a file's, read by `analysis`) in the parts cut at `ranges`, one after the
/// other, repairing cuts inside quotes: what the workers do, on one thread (tests, the
/// command line). The same [`Parsed`] as [`parse`](super::parse).
pub fn parse_in_parts(
    analysis: &Analysis,
    text: &str,
    options: &ParseOptions,
    ranges: Vec<Range<usize>>,
) -> Parsed {
    let parts = parse_all(analysis, text, options, ranges, None);
    combine(analysis, options, parts)
}

/// Every part parsed and repaired, in order.
fn parse_all(
    analysis: &Analysis,
    text: &str,
    options: &ParseOptions,
    ranges: Vec<Range<usize>>,
    observe: Option<(usize, &[ColumnProfile])>,
) -> Vec<(Range<usize>, Part)> {
    let mut parts = Parts::new(ranges);
    let parse = |parts: &mut Parts, i: usize| {
        let range = parts.range(i);
        let job = PartJob::new(analysis, options, (&range, text.len()), observe);
        parts.put(i, parse_part(&job, &text[range], &mut |_, _| {}));
    };
    for i in 0..parts.len() {
        parse(&mut parts, i);
    }
    while let Some(i) = parts.repair() {
        parse(&mut parts, i);
    }
    parts.into_parts()
}

/// Puts the parts of a file together, in the file's order, into the very [`Parsed`] of a
/// parse of the whole text (see the module's note), a part or a piece at a time: a part
/// parsed here ([`Combiner::take`]: the first is taken as it is, with its lookup table), or
/// a part's transfer format ([`Part::to_pieces`]: [`Combiner::begin`] with its head, then
/// [`Combiner::piece`] for each later piece, then [`Combiner::end`]), whose strings are
/// interned as they come (a vector indexed by the part's symbols gives their symbols here)
/// and whose records are read with their symbols remapped, straight into the tables.
pub struct Combiner<'a> {
    analysis: &'a Analysis,
    issues: Vec<Issue>,
    counts: IssueCounts,
    max: usize,
    rows: [u64; 3],
    lines: u64,
    data: Option<Dataset>,
    reports: Vec<PartReport>,
    incoming: Option<Incoming>,
}

/// A part coming in as pieces.
struct Incoming {
    head: PartHead,
    /// The part's symbol → the combined file's.
    map: Vec<Sym>,
    /// Records of each kind taken in so far.
    done: [usize; 6],
    /// The first part of the file: its extra columns and lookups are the file's.
    first: bool,
}

impl<'a> Combiner<'a> {
    /// A file read by `analysis` and `options` (its whole-file notes come first), no part in.
    pub fn new(analysis: &'a Analysis, options: &ParseOptions) -> Combiner<'a> {
        let (issues, counts, max) = notes(analysis, options);
        Combiner {
            analysis,
            issues,
            counts,
            max,
            rows: [0; 3],
            lines: 0,
            data: None,
            reports: Vec::new(),
            incoming: None,
        }
    }

    /// The issues, counts, rows and line breaks of the next part (starting at `start`).
    fn add_report(&mut self, start: usize, head: (&[Issue], &[IssueCount], [u64; 3], u64)) {
        let (issues, counts, rows, line_breaks) = head;
        for issue in issues {
            if self.issues.len() < self.max {
                let line = issue.line.map(|l| l + self.lines);
                self.issues.push(Issue {
                    line,
                    ..issue.clone()
                });
            }
        }
        for (key, n) in counts {
            *self.counts.entry(*key).or_default() += n;
        }
        for (all, n) in self.rows.iter_mut().zip(rows) {
            *all += n;
        }
        self.reports.push(PartReport {
            start,
            line_breaks,
            evidence: None,
        });
        self.lines += line_breaks;
    }

    /// Takes in the next part, parsed here, which starts at `start` in the text: the first
    /// as it is, a later one through its transfer format.
    pub fn take(&mut self, start: usize, part: Part) -> Result<(), String> {
        if self.data.is_some() || self.incoming.is_some() {
            let mut pieces = part.to_pieces().into_iter();
            let head = PartHead::from_bytes(&pieces.next().expect("a head"))?;
            self.begin(start, head)?;
            for piece in pieces {
                self.piece(&piece)?;
            }
            return self.end();
        }
        let counts = (
            &part.issues[..],
            &part.counts[..],
            part.rows,
            part.line_breaks,
        );
        self.add_report(start, counts);
        self.reports.last_mut().expect("just added").evidence = part.evidence;
        self.data = Some(part.data);
        Ok(())
    }

    /// Begins the next part (which starts at `start` in the text) from its transfer
    /// format's head; its other pieces follow ([`Combiner::piece`]).
    pub fn begin(&mut self, start: usize, head: PartHead) -> Result<(), String> {
        if self.incoming.is_some() {
            return Err("a part begun before the last one ended".into());
        }
        let h = &head;
        self.add_report(start, (&h.issues, &h.counts, h.rows, h.line_breaks));
        self.reports.last_mut().expect("just added").evidence = head.evidence.clone();
        let first = self.data.is_none();
        let data = self.data.get_or_insert_with(Dataset::default);
        let (strings, bytes) = head.strings;
        data.strings.reserve(strings, bytes);
        let s = head.sizes;
        reserve(&mut data.customers, s[0], &head.extra_columns[0]);
        reserve(&mut data.orders, s[1], &head.extra_columns[1]);
        reserve(&mut data.deals, s[2], &head.extra_columns[2]);
        reserve(&mut data.tickets, s[3], &head.extra_columns[3]);
        reserve(&mut data.campaigns, s[4], &head.extra_columns[4]);
        reserve(&mut data.responses, s[5], &head.extra_columns[5]);
        self.incoming = Some(Incoming {
            map: Vec::with_capacity(strings),
            head,
            done: [0; 6],
            first,
        });
        Ok(())
    }

    /// Takes in the next piece of the part begun ([`Part::to_pieces`]).
    pub fn piece(&mut self, piece: &[u8]) -> Result<(), String> {
        let incoming = self.incoming.as_mut().ok_or("a piece without a part")?;
        let data = self.data.as_mut().expect("begun");
        if incoming.map.len() < incoming.head.strings.0 {
            return intern_run(&mut data.strings, &mut incoming.map, piece);
        }
        let (h, map, done) = (&incoming.head, &incoming.map[..], &mut incoming.done);
        let s = h.sizes;
        let x = &h.extra_columns;
        if done[0] < s[0] {
            return unblock(
                &mut data.customers,
                (piece, map),
                (&mut done[0], s[0], &x[0]),
            );
        }
        if done[1] < s[1] {
            return unblock(&mut data.orders, (piece, map), (&mut done[1], s[1], &x[1]));
        }
        if done[2] < s[2] {
            return unblock(&mut data.deals, (piece, map), (&mut done[2], s[2], &x[2]));
        }
        if done[3] < s[3] {
            return unblock(&mut data.tickets, (piece, map), (&mut done[3], s[3], &x[3]));
        }
        if done[4] < s[4] {
            return unblock(
                &mut data.campaigns,
                (piece, map),
                (&mut done[4], s[4], &x[4]),
            );
        }
        if done[5] < s[5] {
            return unblock(
                &mut data.responses,
                (piece, map),
                (&mut done[5], s[5], &x[5]),
            );
        }
        Err("a piece too many".into())
    }

    /// Ends the part begun, once every piece is in.
    pub fn end(&mut self) -> Result<(), String> {
        let incoming = self.incoming.take().ok_or("no part begun")?;
        let Incoming {
            head,
            map,
            done,
            first,
        } = incoming;
        if map.len() != head.strings.0 || done != head.sizes {
            return Err("pieces missing".into());
        }
        if !first {
            return Ok(());
        }
        // The file's first part: the tables' extra columns and the lookups are its own
        // (interned first, in order, its strings kept their symbols).
        let identity = map.iter().enumerate().all(|(i, s)| s.0 as usize == i);
        let data = self.data.as_mut().expect("begun");
        if !identity {
            return Err("the first part's strings repeat".into());
        }
        let [c0, c1, c2, c3, c4, c5] = head.extra_columns;
        data.customers.extra_columns = c0;
        data.orders.extra_columns = c1;
        data.deals.extra_columns = c2;
        data.tickets.extra_columns = c3;
        data.campaigns.extra_columns = c4;
        data.responses.extra_columns = c5;
        data.lookups = head.lookups;
        Ok(())
    }

    /// What each part brings to a one-pass read's analysis ([`Reading::finish`]), in order.
    pub fn reports(&self) -> &[PartReport] {
        &self.reports
    }

    /// The file, once every part is in.
    pub fn finish(self) -> Parsed {
        let data = self.data.unwrap_or_default();
        let (mut issues, mut counts) = (self.issues, self.counts);
        if let Some(note) = one_arm(self.analysis, &data) {
            *counts.entry((note.severity, note.kind)).or_default() += 1;
            issues.push(note);
        }
        Parsed {
            file_name: self.analysis.file_name.clone(),
            kind: self.analysis.mapping.kind,
            data,
            issues,
            issue_counts: counts,
            rows_read: self.rows[0],
            rows_rejected: self.rows[1],
            rows_empty: self.rows[2],
            cancelled: false,
        }
    }
}

type IssueCount = ((super::Severity, super::IssueKind), u64);

/// Room in `table` for `rows` more records with their extra values.
fn reserve<T>(table: &mut Table<T>, rows: usize, extra_columns: &[Sym]) {
    table.rows.reserve(rows);
    table.extra_values.reserve(rows * extra_columns.len());
}

/// Interns a run of a part's strings (a piece of [`Part::to_pieces`]), their symbols here
/// pushed to `map`.
fn intern_run(strings: &mut Interner, map: &mut Vec<Sym>, piece: &[u8]) -> Result<(), String> {
    let bad = || "a bad run of strings".to_string();
    // Their number, their end offsets, then their bytes.
    let (n, rest) = piece.split_at_checked(4).ok_or_else(bad)?;
    let n = u32::get(n, &[]).ok_or_else(bad)? as usize;
    let (ends, bytes) = rest.split_at_checked(4 * n).ok_or_else(bad)?;
    let text = std::str::from_utf8(bytes).map_err(|_| bad())?;
    let mut start = 0;
    for end in ends.chunks_exact(4) {
        let end = u32::get(end, &[]).ok_or_else(bad)? as usize;
        let s = text.get(start..end).ok_or_else(bad)?;
        map.push(strings.intern(s));
        start = end;
    }
    Ok(())
}

/// Reads a block of records (a piece of [`Part::to_pieces`]) into `table`, their symbols
/// remapped by `map`; `done` of `size` records in so far, `extra` columns.
fn unblock<T: Wire>(
    table: &mut Table<T>,
    (piece, map): (&[u8], &[Sym]),
    (done, size, extra): (&mut usize, usize, &[Sym]),
) -> Result<(), String> {
    let n = (size - *done).min(Part::BLOCK);
    let (records, extras) = piece
        .split_at_checked(n * T::SIZE)
        .ok_or("a block too short")?;
    if extras.len() != n * extra.len() * 4 {
        return Err("extra values of another size".into());
    }
    let bad = || "a bad record".to_string();
    for record in records.chunks_exact(T::SIZE) {
        table.rows.push(T::get(record, map).ok_or_else(bad)?);
    }
    for value in extras.chunks_exact(4) {
        table
            .extra_values
            .push(Sym::get(value, map).ok_or_else(bad)?);
    }
    *done += n;
    Ok(())
}

/// The parts of a file (in order, repaired, with their ranges) as one [`Parsed`] (see
/// [`Combiner`]): the same as a parse of the whole text.
pub fn combine(
    analysis: &Analysis,
    options: &ParseOptions,
    parts: Vec<(Range<usize>, Part)>,
) -> Parsed {
    let mut combiner = Combiner::new(analysis, options);
    for (range, part) in parts {
        combiner
            .take(range.start, part)
            .expect("a part of this file");
    }
    combiner.finish()
}

/// [`parse_in_parts`] with every part through its transfer format, the first too (for the
/// tests).
#[doc(hidden)]
pub fn parse_in_pieces(
    analysis: &Analysis,
    text: &str,
    options: &ParseOptions,
    ranges: Vec<Range<usize>>,
) -> Parsed {
    let parts = parse_all(analysis, text, options, ranges, None);
    let mut combiner = Combiner::new(analysis, options);
    for (range, part) in parts {
        let mut pieces = part.to_pieces().into_iter();
        let head = PartHead::from_bytes(&pieces.next().expect("a head")).expect("a head");
        combiner.begin(range.start, head).expect("begins");
        for piece in pieces {
            combiner.piece(&piece).expect("a piece");
        }
        combiner.end().expect("every piece");
    }
    combiner.finish()
}

/// A one-pass read ([`read`](super::read)) in parts: the analysis of the first rows, made
/// here, decides how the parts are read, and the parts' rows bring their whole-file
/// evidence back to it ([`Reading::finish`]).
pub struct Reading<'a> {
    analyzer: Analyzer<'a>,
    /// The analysis of the profiled rows, by which the parts are parsed.
    pub provisional: Analysis,
    /// Where the rows after the profiled ones start in the text.
    from: usize,
    base: Vec<ColumnProfile>,
}

/// How a one-pass read goes on after its first rows ([`begin_read`]).
#[allow(clippy::large_enum_variant)] // made once per file
pub enum Begun<'a> {
    /// The file is no longer than the profiled rows: analysed whole, to be parsed at once.
    Whole(Analysis),
    /// The rest of the rows to be read in parts.
    Parts(Reading<'a>),
}

/// Analyses the first rows of a decoded file (as [`read`](super::read) does before reading
/// the rest).
pub fn begin_read<'a>(
    file_name: &str,
    decoded: &'a decode::Decoded<'_>,
    hint: Option<Kind>,
) -> Result<Begun<'a>, ImportError> {
    let mut analyzer = Analyzer::new(file_name, decoded, hint)?;
    if !analyzer.step(PROFILE_ROWS) {
        return analyzer.finish().map(Begun::Whole);
    }
    let mut provisional = analyzer.decide()?;
    provisional.row_count = analyzer.estimated_rows();
    let from = analyzer.next_row();
    let base = analyzer.columns().to_vec();
    Ok(Begun::Parts(Reading {
        analyzer,
        provisional,
        from,
        base,
    }))
}

impl Reading<'_> {
    /// What the parts observe: where the rows to observe start in the text, and the
    /// profiles they start from.
    pub fn observe(&self) -> (usize, &[ColumnProfile]) {
        (self.from, &self.base)
    }

    /// The whole file's analysis, from the parts' evidence (their reports, in the file's
    /// order: [`Combiner::reports`]).
    pub fn finish(mut self, parts: &[PartReport]) -> Result<Analysis, ImportError> {
        let mut lines = 0;
        for part in parts {
            let evidence = part.evidence.as_ref();
            let at = (part.start, lines);
            if evidence.is_some_and(|e| !self.analyzer.absorb(&self.base, e, at)) {
                break;
            }
            lines += part.line_breaks;
        }
        self.analyzer.finish()
    }
}

/// True when two analyses parse every row alike (see [`read`](super::read)): the parts
/// parsed by the provisional analysis stand when the final one reads as it does.
pub fn same_reading(a: &Analysis, b: &Analysis) -> bool {
    a.reading() == b.reading()
}

/// [`read`](super::read) in the parts cut at `targets` (see [`cut_at`]), one after the
/// other: what the benchmark's workers do, on one thread. The same result as `read`.
pub fn read_in_parts(
    file_name: &str,
    bytes: &[u8],
    hint: Option<Kind>,
    options: &ParseOptions,
    targets: &dyn Fn(&Analysis, &str) -> Vec<usize>,
) -> Result<(Analysis, Parsed), ImportError> {
    check_size(bytes.len() as u64)?;
    let decoded = decode::decode(bytes)?;
    let text: &str = &decoded.text;
    let reading = match begin_read(file_name, &decoded, hint)? {
        Begun::Whole(analysis) => {
            let ranges = whole(text);
            return Ok((
                analysis.clone(),
                parse_in_parts(&analysis, text, options, ranges),
            ));
        }
        Begun::Parts(reading) => reading,
    };
    let provisional = reading.provisional.clone();
    let ranges = if in_parts(&provisional) {
        cut_at(
            text,
            data_start(&provisional, text),
            &targets(&provisional, text),
        )
    } else {
        whole(text)
    };
    let observe = Some(reading.observe());
    let parts = parse_all(&provisional, text, options, ranges.clone(), observe);
    let reports: Vec<PartReport> = (parts.iter())
        .map(|(range, part)| part.report(range.start))
        .collect();
    let analysis = reading.finish(&reports)?;
    if same_reading(&analysis, &provisional) {
        return Ok((analysis, combine(&provisional, options, parts)));
    }
    drop(parts);
    Ok((
        analysis.clone(),
        parse_in_parts(&analysis, text, options, ranges),
    ))
}
