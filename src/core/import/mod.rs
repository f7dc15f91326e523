//! The CSV import pipeline: bytes in, records and a report out. Pure: no I/O, no clock.
//!
//! ```text
//! analyze(name, bytes, hint) ─▶ Analysis ─(user edits kind, mapping, date orders)─▶
//! parse(&Analysis, bytes, &ParseOptions, &mut dyn Progress) ─▶ Parsed (staged records + issues)
//! merge(&Dataset, Vec<Parsed>, MergePolicy, placeholders) ─▶ (new Dataset, MergeSummary)
//! ```
//!
//! Without the user in between, [`read`] does `analyze` + `parse` in one reading of the rows.
//!
//! Stages, one private module each, whose API is re-exported here: [`decode`] (encoding;
//! public, as the Data page decodes a file before analysing it), `sniff` (delimiter, header
//! row), `analyze` (the [`Analysis`] of a file: its limits, column profiles from `profile`,
//! kind and mapping), `map` (kind and column mapping), `value` (reading cells), `written`
//! (which cells keep their spaces, and the spaces after a closing quote), `parse` (rows into
//! staged records, with every problem as an [`Issue`]), `merge` (into a dataset with a
//! policy); `lookup` reads a file of attributes instead of records. Nothing touches a
//! [`Dataset`](crate::model::Dataset) until `merge`, which returns a new one: the old value
//! is the undo snapshot, so undo is exact by construction.

mod analyze;
pub mod chunk;
mod decode;
mod issue;
pub(crate) mod lookup;
mod map;
mod merge;
mod parse;
mod profile;
mod read;
mod rows;
mod sniff;
mod template;
pub(crate) mod value;
mod written;

pub use analyze::{
    analyze, cells, check_size, Analysis, Analyzer, DateDecision, MAX_COLUMNS, MAX_FILE_BYTES,
    MAX_ROW_BYTES,
};
pub use decode::{
    check_text, decode, decode_as, decode_guessing, decode_utf8, guess_legacy, transcode, Decoded,
    TextEncoding, Utf8,
};
pub use issue::{human_bytes, issues_csv, ImportError, Issue, IssueKind, Severity};
pub use lookup::{propose, propose_each, LookupTarget, Present};
pub use map::{auto_mapping, Field, Mapping, ValueType};
pub use merge::{merge, merge_paced, KindSummary, MergePolicy, MergeSummary};
pub use parse::{parse, text_of, Flow, NoProgress, ParseOptions, Parsed, Parser, Progress};
pub use profile::{ColumnProfile, DateStats};
pub use read::{read, read_decoded};
/// The CSV reader, for the tests (its two ways of reading give the same records).
#[doc(hidden)]
pub use rows::Rows;
pub use template::template_csv;
#[doc(hidden)]
pub use value::parse_number_general;
pub use value::{
    normalize_stage, order_status, parse_bool, parse_date, parse_excel_serial, parse_number,
    satisfaction_word, DateOrder, DateTime, DecimalSep, Number, NumberError,
};
