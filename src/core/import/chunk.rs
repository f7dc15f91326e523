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
use super::sniff::reader;
use super::{check_size, decode, Analysis, Analyzer, ColumnProfile, ImportError, Issue};
use crate::model::{Dataset, Kind, Sym, Symbols, Table};
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};
use std::ops::Range;

/// True when a file's rows may be parsed in parts (see the module's note).
pub fn in_parts(analysis: &Analysis) -> bool {
    analysis.lookup.is_none() && analysis.mapping.kind != Kind::Responses
}

/// The offset in `text` (the decoded file) where the data rows start: after the preamble
/// and the header row.
pub fn data_start(analysis: &Analysis, text: &str) -> usize {
    let start = analysis.start.min(text.len());
    let mut rdr = reader(&text.as_bytes()[start..], analysis.delimiter);
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
/// inside a quoted cell (see [`Parts::repair`]).
pub fn cut_at(text: &str, from: usize, targets: &[usize]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::with_capacity(targets.len() + 1);
    let mut start = 0;
    for &target in targets {
        let target = target.max(from).max(start);
        let Some(nl) = bytes
            .get(target..)
            .and_then(|b| b.iter().position(|&b| b == b'\n'))
        else {
            break;
        };
        let cut = target + nl + 1;
        if cut >= bytes.len() {
            break;
        }
        ranges.push(start..cut);
        start = cut;
    }
    ranges.push(start..bytes.len());
    ranges
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
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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

    /// The part as bytes, for the main thread.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a part serialises")
    }

    /// A part from [`Part::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Part, String> {
        postcard::from_bytes(bytes).map_err(|e| e.to_string())
    }

    /// The part as pieces a main thread decodes one per task ([`PartDecoder`]): the head
    /// (the interner as its parts, which are not checked again nor indexed, the report,
    /// the tables' sizes), then each table's records in blocks of [`Part::BLOCK`] with
    /// their extra values.
    pub fn to_pieces(&self) -> Vec<Vec<u8>> {
        let mut shell = Part {
            data: Dataset::default(),
            ..self.clone_without_data()
        };
        let d = &self.data;
        shell.data.lookups = d.lookups.clone();
        let (bytes, ends) = d.strings.as_parts();
        let sizes = [
            d.customers.len(),
            d.orders.len(),
            d.deals.len(),
            d.tickets.len(),
            d.campaigns.len(),
            d.responses.len(),
        ];
        let columns = [
            d.customers.extra_columns.clone(),
            d.orders.extra_columns.clone(),
            d.deals.extra_columns.clone(),
            d.tickets.extra_columns.clone(),
            d.campaigns.extra_columns.clone(),
            d.responses.extra_columns.clone(),
        ];
        let head = (&shell, bytes, ends, sizes, columns);
        let mut pieces = vec![postcard::to_allocvec(&head).expect("a head serialises")];
        blocks(&d.customers, &mut pieces);
        blocks(&d.orders, &mut pieces);
        blocks(&d.deals, &mut pieces);
        blocks(&d.tickets, &mut pieces);
        blocks(&d.campaigns, &mut pieces);
        blocks(&d.responses, &mut pieces);
        pieces
    }

    /// Records per piece of [`Part::to_pieces`].
    pub const BLOCK: usize = 1 << 15;

    fn clone_without_data(&self) -> Part {
        Part {
            data: Dataset::default(),
            issues: self.issues.clone(),
            counts: self.counts.clone(),
            rows: self.rows,
            line_breaks: self.line_breaks,
            open_end: self.open_end,
            evidence: self.evidence.clone(),
        }
    }
}

fn blocks<T: serde::Serialize>(table: &Table<T>, pieces: &mut Vec<Vec<u8>>) {
    let n = table.extra_columns.len();
    for (i, rows) in table.rows.chunks(Part::BLOCK).enumerate() {
        let at = i * Part::BLOCK * n;
        let extras = &table.extra_values[at..at + rows.len() * n];
        pieces.push(postcard::to_allocvec(&(rows, extras)).expect("records serialise"));
    }
}

/// The head of [`Part::to_pieces`].
type Head = (Part, String, Vec<u32>, [usize; 6], [Vec<Sym>; 6]);

/// Decodes a part from its pieces ([`Part::to_pieces`]), one at a time.
pub struct PartDecoder {
    part: Part,
    sizes: [usize; 6],
}

impl PartDecoder {
    /// Starts with the head.
    pub fn new(head: &[u8]) -> Result<PartDecoder, String> {
        let (mut part, bytes, ends, sizes, columns): Head =
            postcard::from_bytes(head).map_err(|e| e.to_string())?;
        let d = &mut part.data;
        d.strings = crate::model::Interner::from_stored(bytes, ends).map_err(|e| e.to_string())?;
        let [c0, c1, c2, c3, c4, c5] = columns;
        d.customers.extra_columns = c0;
        d.orders.extra_columns = c1;
        d.deals.extra_columns = c2;
        d.tickets.extra_columns = c3;
        d.campaigns.extra_columns = c4;
        d.responses.extra_columns = c5;
        d.customers.rows.reserve(sizes[0]);
        d.orders.rows.reserve(sizes[1]);
        d.deals.rows.reserve(sizes[2]);
        d.tickets.rows.reserve(sizes[3]);
        d.campaigns.rows.reserve(sizes[4]);
        d.responses.rows.reserve(sizes[5]);
        Ok(PartDecoder { part, sizes })
    }

    /// Takes in the next piece.
    pub fn take(&mut self, piece: &[u8]) -> Result<(), String> {
        let d = &mut self.part.data;
        let s = self.sizes;
        if d.customers.len() < s[0] {
            return unblock(&mut d.customers, piece);
        }
        if d.orders.len() < s[1] {
            return unblock(&mut d.orders, piece);
        }
        if d.deals.len() < s[2] {
            return unblock(&mut d.deals, piece);
        }
        if d.tickets.len() < s[3] {
            return unblock(&mut d.tickets, piece);
        }
        if d.campaigns.len() < s[4] {
            return unblock(&mut d.campaigns, piece);
        }
        if d.responses.len() < s[5] {
            return unblock(&mut d.responses, piece);
        }
        Err("a piece too many".into())
    }

    /// The part, once every piece is in.
    pub fn finish(self) -> Result<Part, String> {
        let d = &self.part.data;
        let lens = [
            d.customers.len(),
            d.orders.len(),
            d.deals.len(),
            d.tickets.len(),
            d.campaigns.len(),
            d.responses.len(),
        ];
        if lens != self.sizes {
            return Err("pieces missing".into());
        }
        Ok(self.part)
    }
}

fn unblock<T: serde::de::DeserializeOwned>(
    table: &mut Table<T>,
    piece: &[u8],
) -> Result<(), String> {
    let (rows, extras): (Vec<T>, Vec<Sym>) =
        postcard::from_bytes(piece).map_err(|e| e.to_string())?;
    if extras.len() != rows.len() * table.extra_columns.len() {
        return Err("extra values of another size".into());
    }
    table.rows.extend(rows);
    table.extra_values.extend(extras);
    Ok(())
}

/// Parses `text`, a part of a file, as `job` says; `progress(rows, bytes)` hears about
/// every slice of rows read (a worker tells the page).
pub fn parse_part(job: &PartJob, text: &str, progress: &mut dyn FnMut(u64, u64)) -> Part {
    let analysis = &job.analysis;
    let mut parser = Parser::of_part(analysis, text, &job.options, job.first, job.rows);
    let mut observer = job.observe.as_ref().map(|(from, columns)| {
        PartObserver::new(analysis, text, (parser.start(), *from), columns.clone())
    });
    let mut observe =
        |record: &csv::ByteRecord| observer.as_mut().is_none_or(|o| o.observe(record));
    while parser.step_with(8192, &mut observe) {
        progress(parser.rows_read(), parser.position().0);
    }
    let open_end = parser.open_end(text);
    let (data, issues, counts, rows) = parser.finish_part();
    progress(rows[0], text.len() as u64);
    Part {
        data,
        issues,
        counts: counts.into_iter().collect(),
        rows,
        line_breaks: line_breaks(text.as_bytes()),
        open_end,
        evidence: observer.map(PartObserver::finish),
    }
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
    unpaced(combine_paced(analysis, options, parts, &mut NoPause)).expect("never paused")
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

/// The parts of a file (in order, repaired, with their ranges) as one [`Parsed`]: the
/// same as a parse of the whole text. Offers `pace` a pause every few tens of thousands
/// of strings or records.
pub async fn combine_paced(
    analysis: &Analysis,
    options: &ParseOptions,
    parts: Vec<(Range<usize>, Part)>,
    pace: &mut dyn Pace,
) -> Result<Parsed, Cancelled> {
    const STEP: usize = 1 << 15;
    let (mut issues, mut counts, max) = notes(analysis, options);
    let mut rows = [0u64; 3];
    let mut lines = 0u64;
    let mut data: Option<Dataset> = None;
    for (_, part) in parts {
        pause(pace).await?;
        for issue in part.issues {
            if issues.len() < max {
                let line = issue.line.map(|l| l + lines);
                issues.push(Issue { line, ..issue });
            }
        }
        add_counts(&mut counts, &part.counts);
        for (all, n) in rows.iter_mut().zip(part.rows) {
            *all += n;
        }
        lines += part.line_breaks;
        let Some(into) = &mut data else {
            // Its lookup table, built in slices (a part decoded from pieces has none yet).
            part.data.strings.index_paced(pace).await?;
            data = Some(part.data);
            continue;
        };
        let mut from = part.data;
        let mut map = Vec::with_capacity(from.strings.len());
        for i in 0..from.strings.len() {
            if i % STEP == STEP - 1 {
                pause(pace).await?;
            }
            map.push(into.strings.intern(from.strings.get(Sym(i as u32))));
        }
        let remap = &mut |s: Sym| map[s.0 as usize];
        append(&mut into.customers, &mut from.customers, remap, pace).await?;
        append(&mut into.orders, &mut from.orders, remap, pace).await?;
        append(&mut into.deals, &mut from.deals, remap, pace).await?;
        append(&mut into.tickets, &mut from.tickets, remap, pace).await?;
        append(&mut into.campaigns, &mut from.campaigns, remap, pace).await?;
        append(&mut into.responses, &mut from.responses, remap, pace).await?;
    }
    let data = data.unwrap_or_default();
    if let Some(note) = one_arm(analysis, &data) {
        *counts.entry((note.severity, note.kind)).or_default() += 1;
        issues.push(note);
    }
    Ok(Parsed {
        file_name: analysis.file_name.clone(),
        kind: analysis.mapping.kind,
        data,
        issues,
        issue_counts: counts,
        rows_read: rows[0],
        rows_rejected: rows[1],
        rows_empty: rows[2],
        cancelled: false,
    })
}

/// [`combine_paced`] at once.
pub fn combine(
    analysis: &Analysis,
    options: &ParseOptions,
    parts: Vec<(Range<usize>, Part)>,
) -> Parsed {
    unpaced(combine_paced(analysis, options, parts, &mut NoPause)).expect("never paused")
}

fn add_counts(counts: &mut IssueCounts, more: &[((super::Severity, super::IssueKind), u64)]) {
    for (key, n) in more {
        *counts.entry(*key).or_default() += n;
    }
}

/// Appends the records of `from` (and their extra values) to `into`, their symbols
/// remapped.
async fn append<T: Symbols + Copy>(
    into: &mut Table<T>,
    from: &mut Table<T>,
    remap: &mut dyn FnMut(Sym) -> Sym,
    pace: &mut dyn Pace,
) -> Result<(), Cancelled> {
    const STEP: usize = 1 << 15;
    into.rows.reserve(from.rows.len());
    for rows in from.rows.chunks_mut(STEP) {
        for row in rows.iter_mut() {
            row.remap_symbols(remap);
        }
        into.rows.extend_from_slice(rows);
        pause(pace).await?;
    }
    into.extra_values
        .extend(from.extra_values.iter().map(|&s| remap(s)));
    Ok(())
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

    /// The whole file's analysis, from the parts' evidence (in the file's order).
    pub fn finish(mut self, parts: &[(Range<usize>, Part)]) -> Result<Analysis, ImportError> {
        let mut lines = 0;
        for (range, part) in parts {
            let evidence = part.evidence.as_ref();
            let at = (range.start, lines);
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
    let analysis = reading.finish(&parts)?;
    if same_reading(&analysis, &provisional) {
        return Ok((analysis, combine(&provisional, options, parts)));
    }
    drop(parts);
    Ok((
        analysis.clone(),
        parse_in_parts(&analysis, text, options, ranges),
    ))
}
