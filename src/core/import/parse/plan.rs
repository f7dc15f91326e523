//! A plan per column, chosen once before the rows are read: an extra column, or a field
//! with its reader (which day/month order and decimal separator, a dictionary in front of
//! the interner). [`Plan::read`] then reads each cell of the column by it.

use super::ParseOptions;
use crate::import::issue::IssueKind;
use crate::import::map::{Field, ValueType};
use crate::import::value::{
    parse_bool, parse_date, parse_excel_serial, parse_number, satisfaction_word, trim_cell,
    DateOrder, DateTime, DecimalSep, Number,
};
use crate::import::written::QuoteTails;
use crate::import::Analysis;
use crate::model::{plain_integer, Interner, Kind, Money, Slot, SlotKey, Sym};
use hashbrown::HashTable;

/// How one column is read.
#[derive(Debug)]
pub(super) enum Plan {
    /// Kept as text in the table's extra column of this index.
    Extra(usize),
    /// Read by the [`Reader`] into a field of the record.
    Field(Field, Reader),
}

/// How a field's cells are read.
#[derive(Debug)]
pub(super) enum Reader {
    /// `written`: the field is read as written ([`Field::as_written`]), else trimmed.
    Text(TextCache, bool),
    Date(DateReader),
    Money(DecimalSep),
    /// `fraction`: the column holds fractions (0.25) of what a percent field means (25).
    Number(DecimalSep, bool),
    Integer(DecimalSep),
    Bool,
}

/// A typed cell value.
#[derive(Clone, Copy, Debug)]
pub(super) enum Val {
    Text(Sym),
    Date(DateTime),
    Num(Number),
    Int(i64),
    Bool(bool),
}

/// What a plan made of one cell.
pub(super) enum Read {
    /// The text of an extra column (its index among the extra columns).
    Extra(usize, Sym),
    /// A field's value.
    Value(Field, Val),
    /// No value: an empty cell, or a satisfaction word that gives no rating (`Offered`).
    Nothing,
    /// No value: a cell of spaces only, where a typed value is expected (a text field
    /// takes such a cell as empty without a word).
    Spaces,
    /// A value the field cannot take: the issue and its reason.
    Bad(IssueKind, String),
}

/// The plans of a file's columns, and the names of its extra columns (interned into
/// `strings`). A lookup file's columns are all extra: the key and the attributes.
pub(super) fn plans(
    analysis: &Analysis,
    options: &ParseOptions,
    strings: &mut Interner,
) -> (Vec<Plan>, Vec<Sym>) {
    let mut plans = Vec::with_capacity(analysis.headers.len());
    let mut extra_columns = Vec::new();
    for (i, field) in analysis.mapping.columns.iter().enumerate() {
        let plan = match field {
            Some(f) if analysis.lookup.is_none() => {
                Plan::Field(*f, Reader::of(*f, i, analysis, options))
            }
            _ => {
                extra_columns.push(strings.intern(&analysis.headers[i]));
                Plan::Extra(extra_columns.len() - 1)
            }
        };
        plans.push(plan);
    }
    (plans, extra_columns)
}

impl Reader {
    /// The reader of `field` from column `column`, by what the analysis learned of it.
    fn of(field: Field, column: usize, analysis: &Analysis, options: &ParseOptions) -> Reader {
        let profile = &analysis.columns[column];
        match field.value_type() {
            ValueType::Text
                if field == Field::CustomerId && analysis.mapping.kind != Kind::Customers =>
            {
                Reader::Text(TextCache::by_id(), false)
            }
            ValueType::Text => Reader::Text(TextCache::default(), field.as_written()),
            ValueType::Date | ValueType::DateTime => Reader::Date(DateReader {
                order: date_order(column, analysis, options),
                serial: profile.is_serial_dates(),
                last: Vec::new(),
                result: None,
            }),
            ValueType::Money => Reader::Money(profile.decimal),
            ValueType::Number => {
                let fractions = field == Field::Probability
                    && profile.fractions
                    && profile.max_abs <= Money::SCALE;
                Reader::Number(profile.decimal, fractions)
            }
            ValueType::Integer => Reader::Integer(profile.decimal),
            ValueType::Bool => Reader::Bool,
        }
    }
}

/// The day/month order of a date column: the user's choice, else the one its values
/// decided, else the default of its decision, else day first.
fn date_order(column: usize, analysis: &Analysis, options: &ParseOptions) -> DateOrder {
    let chosen = options.date_orders.iter().find(|(c, _)| *c == column);
    chosen
        .map(|(_, o)| *o)
        .or(analysis.columns[column].date_order)
        .or_else(|| {
            let decision = analysis.date_decisions.iter().find(|d| d.column == column);
            decision.map(|d| d.default)
        })
        .unwrap_or(DateOrder::DayFirst)
}

impl Plan {
    /// Reads cell `column` of the record at byte offset `at` (extra text and texts read as
    /// written are cut by `tails`; texts are interned into `strings`).
    #[inline]
    pub(super) fn read(
        &mut self,
        cell: &str,
        (at, column): (usize, usize),
        tails: &mut QuoteTails<'_>,
        strings: &mut Interner,
    ) -> Read {
        let (field, reader) = match self {
            Plan::Extra(j) => return Read::Extra(*j, strings.intern(tails.cut(cell, at, column))),
            Plan::Field(field, reader) => (*field, reader),
        };
        let trimmed = trim_cell(cell);
        if trimmed.is_empty() {
            let text = matches!(reader, Reader::Text(..));
            return if !cell.is_empty() && !text {
                Read::Spaces
            } else {
                Read::Nothing
            };
        }
        match reader {
            Reader::Text(cache, written) => {
                let text = if *written {
                    tails.cut(cell, at, column)
                } else {
                    trimmed
                };
                Read::Value(field, Val::Text(cache.intern(text, strings)))
            }
            Reader::Date(reader) => match reader.read(trimmed) {
                Some(d) => Read::Value(field, Val::Date(d)),
                None => Read::Bad(IssueKind::BadDate, reader.why()),
            },
            Reader::Money(dec) => read_number(field, trimmed, *dec, false),
            Reader::Number(dec, fractions) => read_number(field, trimmed, *dec, *fractions),
            Reader::Integer(dec) => read_integer(field, trimmed, *dec),
            Reader::Bool => match parse_bool(trimmed) {
                Some(b) => Read::Value(field, Val::Bool(b)),
                None => Read::Bad(IssueKind::BadBool, "not yes/no".into()),
            },
        }
    }
}

/// A money or decimal value (`to_percent`: a fraction read as the percent it means).
#[inline]
fn read_number(field: Field, text: &str, dec: DecimalSep, to_percent: bool) -> Read {
    match parse_number(text, dec) {
        Ok(n)
            if n.percent && field.value_type() == ValueType::Money && field != Field::Discount =>
        {
            let reason = "a percentage where an amount is expected".into();
            Read::Bad(IssueKind::BadNumber, reason)
        }
        Ok(n) if to_percent && !n.percent => {
            let percent = Number {
                scaled: n.scaled * 100,
                percent: true,
                rounded: n.rounded,
            };
            Read::Value(field, Val::Num(percent))
        }
        Ok(n) => Read::Value(field, Val::Num(n)),
        Err(e) => Read::Bad(IssueKind::BadNumber, e.reason().into()),
    }
}

/// A whole number; for a satisfaction field also a word (`Good`: 5, `Offered`: none).
#[inline]
fn read_integer(field: Field, text: &str, dec: DecimalSep) -> Read {
    if field == Field::Csat {
        if let Some(word) = satisfaction_word(text) {
            return word.map_or(Read::Nothing, |v| {
                Read::Value(field, Val::Int(i64::from(v)))
            });
        }
    }
    match parse_number(text, dec) {
        Ok(n) => match n.integer() {
            Some(v) if !n.percent => Read::Value(field, Val::Int(v)),
            _ => Read::Bad(IssueKind::BadNumber, "not a whole number".into()),
        },
        Err(e) => Read::Bad(IssueKind::BadNumber, e.reason().into()),
    }
}

/// A date column's reader, with a one-value cache (sorted files repeat dates).
#[derive(Clone, Debug)]
pub(super) struct DateReader {
    order: DateOrder,
    serial: bool,
    last: Vec<u8>,
    result: Option<DateTime>,
}

impl DateReader {
    #[inline]
    fn read(&mut self, text: &str) -> Option<DateTime> {
        if !self.last.is_empty() && self.last == text.as_bytes() {
            return self.result;
        }
        let result = if self.serial {
            parse_excel_serial(text)
        } else {
            parse_date(text, self.order)
        };
        self.last.clear();
        self.last.extend_from_slice(text.as_bytes());
        self.result = result;
        result
    }

    /// Why a cell is not a date of this column.
    fn why(&self) -> String {
        if self.serial {
            "not an Excel date number".into()
        } else {
            format!("not a date (read as {})", self.order.as_str())
        }
    }
}

/// A text column's own dictionary in front of the dataset's interner: a column that
/// repeats its values (customer ids in an order file, products, cities) finds them in a
/// small table that stays in the CPU caches, instead of the big one (a cache miss or
/// two per cell at a million strings). A column that hardly repeats (order ids) switches
/// its dictionary off after [`TextCache::TRIAL`] cells.
///
/// A column of customer references in an orders, deals or tickets file instead keeps the
/// symbols of its integer ids (`12345`) in an array indexed by the id: an order file refers
/// to its customers at random, too many of them for the small table, and a read of the
/// array costs less than a lookup in the big one.
#[derive(Debug, Default)]
pub(super) struct TextCache {
    table: HashTable<Slot>,
    seen: u32,
    misses: u32,
    off: bool,
    /// `by_id[n]`: the symbol of the integer id `n` (`Sym::EMPTY`: not seen yet).
    by_id: Option<Vec<Sym>>,
}

impl TextCache {
    /// Cells looked at before deciding whether the column repeats enough.
    const TRIAL: u32 = 4096;

    /// Ids below this are kept in [`TextCache::by_id`] (at most 8 MB); others are
    /// interned as any text.
    const MAX_ID: u64 = 1 << 21;

    /// The cache of a column of customer references.
    fn by_id() -> TextCache {
        TextCache {
            by_id: Some(Vec::new()),
            ..TextCache::default()
        }
    }

    #[inline]
    fn intern(&mut self, text: &str, strings: &mut Interner) -> Sym {
        if let Some(by_id) = &mut self.by_id {
            let Some(id) = plain_integer(text).filter(|&n| n < Self::MAX_ID) else {
                return strings.intern(text);
            };
            let i = id as usize;
            if i >= by_id.len() {
                by_id.resize((i + 1).next_power_of_two(), Sym::EMPTY);
            }
            if by_id[i] == Sym::EMPTY {
                by_id[i] = strings.intern(text);
            }
            return by_id[i];
        }
        if self.off {
            return strings.intern(text);
        }
        let hash = strings.hash(text);
        let key = SlotKey::of(text);
        let found = self.table.find(hash, |slot| strings.holds(slot, key, text));
        let sym = match found {
            Some(slot) => Sym(slot.sym),
            None => {
                let sym = strings.intern_hashed(text, hash, key);
                self.misses += 1;
                let hasher = |slot: &Slot| strings.hash(strings.get(Sym(slot.sym)));
                self.table
                    .insert_unique(hash, Slot { sym: sym.0, key }, hasher);
                sym
            }
        };
        // Decided once, at the end of the trial: off when most of its cells were new.
        if self.seen < Self::TRIAL {
            self.seen += 1;
            if self.seen == Self::TRIAL && self.misses * 2 > Self::TRIAL {
                *self = TextCache {
                    off: true,
                    ..TextCache::default()
                };
            }
        }
        sym
    }
}
