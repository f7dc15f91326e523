//! Stage 4: reading one cell. Dates (many shapes, day-vs-month decided per column), exact
//! decimal numbers (currency symbols, thousands separators, decimal comma, `%`, parentheses),
//! booleans, deal stages and order statuses. Pure functions over `&str`; no allocation on the
//! common paths.

use crate::model::{DealOutcome, Money, OrderStatus, Standing};
use std::borrow::Cow;

/// Which character separates the decimals in a column.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum DecimalSep {
    /// `1,234.56`
    #[default]
    Dot,
    /// `1.234,56`
    Comma,
}

/// A number read exactly: `scaled` is the value × 10 000 (the [`Money`] scale).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// Value × 10 000, rounded half away from zero when the text had more than 4 decimals.
    pub scaled: i64,
    /// The text ended with `%`.
    pub percent: bool,
    /// True when decimals beyond the fourth were rounded away.
    pub rounded: bool,
}

impl Number {
    /// The value as [`Money`], unchanged (both are scaled by 10 000).
    pub fn money(self) -> Money {
        Money(self.scaled)
    }

    /// The whole number, when the value has no fraction.
    pub fn integer(self) -> Option<i64> {
        (self.scaled % Money::SCALE == 0 && !self.rounded).then_some(self.scaled / Money::SCALE)
    }

    /// As a float (for quantities and ratios).
    pub fn to_f64(self) -> f64 {
        self.scaled as f64 / Money::SCALE as f64
    }
}

/// Why a number could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number.
    Invalid,
    /// Thousands separators in the wrong places for the column's decimal separator.
    Grouping,
    /// Too large to keep exactly.
    TooLarge,
}

impl NumberError {
    /// The reason the report shows beside the cell (English, like every per-row reason).
    pub fn reason(self) -> &'static str {
        match self {
            NumberError::Invalid => "not a number",
            NumberError::Grouping => "thousands separators in unexpected places",
            NumberError::TooLarge => "number too large",
        }
    }
}

const CURRENCY_PREFIXES: [&str; 14] = [
    "US$", "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "CHF", "$", "€", "£", "¥", "￥", "₹",
];
const CURRENCY_SUFFIXES: [&str; 13] = [
    "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "CHF", "元", "$", "€", "£", "¥", "￥",
];

/// The cell without surrounding spaces, no-break spaces included (fast when it has none,
/// the common case).
#[inline]
pub fn trim_cell(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim_matches(is_space),
    }
}

/// [`trim_cell`] on the bytes of a cell that is UTF-8 (a field of a decoded text); `None`
/// when it is not.
pub fn trim_cell_bytes(s: &[u8]) -> Option<&[u8]> {
    match (s.first(), s.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => Some(s),
        (None, _) => Some(s),
        _ => std::str::from_utf8(s).ok().map(|s| trim_cell(s).as_bytes()),
    }
}

/// A space as [`trim_cell`] trims it: white space, no-break spaces included.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

fn strip_currency(mut s: &str) -> &str {
    // Plain numbers (the common case) start and end with a digit: no symbol to look for.
    let (first, last) = match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => return s,
    };
    if first.is_ascii_digit() && last.is_ascii_digit() {
        return s;
    }
    for p in CURRENCY_PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.trim_start_matches(is_space);
            break;
        }
    }
    for p in CURRENCY_SUFFIXES {
        if let Some(rest) = s.strip_suffix(p) {
            s = rest.trim_end_matches(is_space);
            break;
        }
    }
    s
}

fn strip_sign(s: &str) -> (bool, &str) {
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (true, rest.trim_start_matches(is_space))
    } else if let Some(rest) = s.strip_prefix('+') {
        (false, rest.trim_start_matches(is_space))
    } else if let Some(rest) = s.strip_suffix('-') {
        (true, rest.trim_end_matches(is_space))
    } else {
        (false, s)
    }
}

/// Reads a number exactly, never through `f64`: `"$1,234.50"`, `"1.234,50 €"` (with
/// [`DecimalSep::Comma`]), `"(12.00)"` = −12, `"15%"`, `" 3 "`, `"¥1,000"`.
pub fn parse_number(text: &str, dec: DecimalSep) -> Result<Number, NumberError> {
    if let Some(n) = plain_number(text.as_bytes(), dec) {
        return Ok(n);
    }
    parse_number_general(text, dec)
}

/// [`parse_number`] without its shortcut for plain numbers (for the tests, which check
/// that the two agree).
#[doc(hidden)]
pub fn parse_number_general(text: &str, dec: DecimalSep) -> Result<Number, NumberError> {
    let mut s = text.trim_matches(is_space);
    if s.bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return parse_digits(s, dec, false);
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim_matches(is_space);
    }
    let percent = s.ends_with('%');
    if percent {
        s = s[..s.len() - 1].trim_end_matches(is_space);
    }
    let (neg1, rest) = strip_sign(s);
    let rest = strip_currency(rest);
    let (neg2, rest) = strip_sign(rest);
    negative ^= neg1 ^ neg2;
    let n = parse_digits(rest, dec, negative)?;
    Ok(Number { percent, ..n })
}

/// The shape most cells of a number column have, read in one pass: 1 to 14 digits, then
/// possibly `dec`'s separator and 1 to 4 decimals (`46.44`, `20706`). `None` for anything
/// else, which the general path reads: its value would be the same.
#[inline]
fn plain_number(b: &[u8], dec: DecimalSep) -> Option<Number> {
    let dec_char = match dec {
        DecimalSep::Dot => b'.',
        DecimalSep::Comma => b',',
    };
    let (int, frac) = match b.iter().position(|c| !c.is_ascii_digit()) {
        None => (b, &b[b.len()..]),
        Some(i) if b[i] == dec_char && i + 1 < b.len() => (&b[..i], &b[i + 1..]),
        Some(_) => return None,
    };
    let digits = |d: &[u8]| d.iter().fold(0i64, |n, c| n * 10 + i64::from(c - b'0'));
    if int.is_empty() || int.len() > 14 || frac.len() > 4 || !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let scale = [10_000, 1_000, 100, 10, 1][frac.len()];
    Some(Number {
        scaled: digits(int) * Money::SCALE + digits(frac) * scale,
        percent: false,
        rounded: false,
    })
}

/// The digits, separators and decimals of a number whose signs, symbols and `%` are gone.
fn parse_digits(rest: &str, dec: DecimalSep, negative: bool) -> Result<Number, NumberError> {
    let (dec_char, group_char) = match dec {
        DecimalSep::Dot => (b'.', b','),
        DecimalSep::Comma => (b',', b'.'),
    };
    let bytes = rest.as_bytes();
    let mut n = Digits::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            n.digit(i64::from(b - b'0'))?;
            i += 1;
        } else if b == dec_char && !n.in_frac {
            n.decimal_point(i + 1 >= bytes.len())?;
            i += 1;
        } else {
            i += group_separator(&rest[i..], group_char).ok_or(NumberError::Invalid)?;
            n.group_separator()?;
        }
    }
    n.finish(negative)
}

/// The length of the group separator `text` starts with: `group_char` (the other of `,`
/// and `.`), a space, a no-break space or `'`.
#[inline]
fn group_separator(text: &str, group_char: u8) -> Option<usize> {
    let b = text.as_bytes()[0];
    if b == group_char || b == b' ' || b == b'\'' {
        Some(1)
    } else if text.starts_with('\u{a0}') {
        Some(2)
    } else if text.starts_with('\u{202f}') {
        Some(3)
    } else {
        None
    }
}

/// A number's digits as they are read: the whole part, the first four decimals (and
/// whether the fifth rounds up), and where the group separators fall.
#[derive(Default)]
struct Digits {
    int: i64,
    frac: i64,
    frac_digits: u32,
    round_up: bool,
    /// Decimals beyond the fourth were not all zero.
    rounded: bool,
    digits: usize,
    in_frac: bool,
    /// Digits since the last group separator.
    group_len: usize,
    /// A group separator was seen.
    grouped: bool,
}

impl Digits {
    #[inline]
    fn digit(&mut self, d: i64) -> Result<(), NumberError> {
        self.digits += 1;
        if self.in_frac {
            if self.frac_digits < 4 {
                self.frac = self.frac * 10 + d;
                self.frac_digits += 1;
            } else {
                if self.frac_digits == 4 {
                    self.round_up = d >= 5;
                    self.frac_digits += 1;
                }
                self.rounded |= d != 0;
            }
        } else {
            // `int * 10 + d > i64::MAX`, without the 128-bit multiplication that a checked
            // multiply is in wasm (a library call, per digit).
            let int = self.int;
            if int > i64::MAX / 10 || (int == i64::MAX / 10 && d > i64::MAX % 10) {
                return Err(NumberError::TooLarge);
            }
            self.int = int * 10 + d;
            self.group_len += 1;
        }
        Ok(())
    }

    /// The decimal separator (`last`: nothing follows it).
    #[inline]
    fn decimal_point(&mut self, last: bool) -> Result<(), NumberError> {
        if self.digits == 0 && last {
            return Err(NumberError::Invalid);
        }
        if self.grouped && self.group_len != 3 {
            return Err(NumberError::Grouping);
        }
        self.in_frac = true;
        Ok(())
    }

    /// A group separator: only between digits of the whole part, three digits apart.
    #[inline]
    fn group_separator(&mut self) -> Result<(), NumberError> {
        if self.in_frac || self.digits == 0 {
            return Err(NumberError::Invalid);
        }
        let len = self.group_len;
        if (self.grouped && len != 3) || (!self.grouped && len > 3) {
            return Err(NumberError::Grouping);
        }
        self.grouped = true;
        self.group_len = 0;
        Ok(())
    }

    /// The number: × 10 000, rounded half away from zero beyond the fourth decimal.
    fn finish(mut self, negative: bool) -> Result<Number, NumberError> {
        if self.digits == 0 {
            return Err(NumberError::Invalid);
        }
        if self.grouped && !self.in_frac && self.group_len != 3 {
            return Err(NumberError::Grouping);
        }
        while self.frac_digits < 4 {
            self.frac *= 10;
            self.frac_digits += 1;
        }
        let (int, frac) = (self.int, self.frac);
        // `frac < Money::SCALE`: below this bound (every real amount) nothing can overflow.
        let mut scaled = if int < i64::MAX / Money::SCALE {
            int * Money::SCALE + frac
        } else {
            int.checked_mul(Money::SCALE)
                .and_then(|v| v.checked_add(frac))
                .ok_or(NumberError::TooLarge)?
        };
        if self.round_up {
            scaled = scaled.checked_add(1).ok_or(NumberError::TooLarge)?;
        }
        if negative {
            scaled = -scaled;
        }
        Ok(Number {
            scaled,
            percent: false,
            rounded: self.rounded,
        })
    }
}

/// What a number's separators say about the column's decimal separator:
/// `(comma_is_decimal, dot_is_decimal)`; both false when the text does not tell
/// (`"1,234"` could be either).
#[inline]
pub fn decimal_evidence(text: &[u8]) -> (bool, bool) {
    // Most cells of a number column (ids, counts) have no separator: they tell nothing.
    if !text.iter().any(|&b| b == b',' || b == b'.') {
        return (false, false);
    }
    let (mut commas, mut dots) = (0usize, 0usize);
    let (mut last_comma, mut last_dot) = (0usize, 0usize);
    let mut digits = 0usize;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b',' => {
                commas += 1;
                last_comma = i;
            }
            b'.' => {
                dots += 1;
                last_dot = i;
            }
            b'0'..=b'9' => digits += 1,
            _ => {}
        }
    }
    if digits == 0 {
        return (false, false);
    }
    let digits_after = |pos: usize| {
        text[pos + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    match (commas, dots) {
        (0, 0) => (false, false),
        (c, d) if c > 0 && d > 0 => (last_comma > last_dot, last_dot > last_comma),
        (1, 0) => (digits_after(last_comma) != 3, false),
        (_, 0) => (false, true),
        (0, 1) => (false, digits_after(last_dot) != 3),
        _ => (true, false),
    }
}

/// Reads yes/no: `yes y true t 1 是 对` and `no n false f 0 否 错` (any case).
pub fn parse_bool(text: &str) -> Option<bool> {
    let s = text.trim();
    const YES: [&str; 9] = ["yes", "y", "true", "t", "1", "1.0", "是", "对", "真"];
    const NO: [&str; 9] = ["no", "n", "false", "f", "0", "0.0", "否", "错", "假"];
    if YES.iter().any(|y| s.eq_ignore_ascii_case(y)) {
        Some(true)
    } else if NO.iter().any(|n| s.eq_ignore_ascii_case(n)) {
        Some(false)
    } else {
        None
    }
}

/// Reads Zendesk's satisfaction ratings: `Good` is CSAT 5, `Bad` is CSAT 1 (also
/// `good_with_comment` / `bad with comment`), `Offered` (survey sent, no answer) and
/// `Unoffered` (no survey) are no rating: `Some(None)`. Anything else: `None`. So a
/// Good/Bad ticket counts as satisfied / not satisfied in the CSAT share (4–5 of 1–5).
pub fn satisfaction_word(text: &str) -> Option<Option<u8>> {
    // The letters without spaces, `_` and `-`, lower-cased, in a buffer as long as the
    // longest word: no word has a non-ASCII letter, and no non-ASCII character lower-cases
    // to one of theirs (only the Kelvin sign lower-cases to ASCII, `k`), so a cell with one
    // is no word (checked per cell of every profiled row and rating column: no allocation).
    let mut word = [0u8; 15];
    let mut len = 0;
    for b in text.trim().bytes() {
        if matches!(b, b' ' | b'_' | b'-') {
            continue;
        }
        if !b.is_ascii() || len == word.len() {
            return None;
        }
        word[len] = b.to_ascii_lowercase();
        len += 1;
    }
    match &word[..len] {
        b"good" | b"goodwithcomment" => Some(Some(5)),
        b"bad" | b"badwithcomment" => Some(Some(1)),
        b"offered" | b"unoffered" | b"notoffered" => Some(None),
        _ => None,
    }
}

/// Which of two numbers comes first in a numeric date such as `05/03/2024`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    /// Day, month, year (`05/03/2024` = 5 March).
    DayFirst,
    /// Month, day, year (`05/03/2024` = 3 May).
    MonthFirst,
}

impl DateOrder {
    /// `D/M/Y` or `M/D/Y`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "D/M/Y",
            DateOrder::MonthFirst => "M/D/Y",
        }
    }
}

/// The shape of one date value, for deciding a column's [`DateOrder`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateShape {
    /// Year first (ISO `2024-03-05`, `2024/3/5`, `2024年3月5日`, `20240305`): no choice needed.
    YearFirst,
    /// A month name (`5 Mar 2024`, `March 5, 2024`): no choice needed.
    Named,
    /// First number > 12: must be day first.
    DayFirst,
    /// Second number > 12: must be month first.
    MonthFirst,
    /// Both ≤ 12. `same` when both numbers are equal (then the order does not matter).
    Either {
        /// Day and month are the same number.
        same: bool,
    },
    /// Not a date.
    Invalid,
}

/// A date with an optional time of day, as read from a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Seconds since midnight, when the value had a time.
    pub secs: Option<u32>,
}

/// The pieces of a date before the order is known.
#[derive(Clone, Copy, Debug, Default)]
struct Raw {
    nums: [u32; 3],
    digits: [u8; 3],
    /// 1-based position of the month name among the three parts; 0 when none.
    word_at: u8,
    secs: Option<u32>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `mar`, `March`, `sept.` → 3, 3, 9.
fn month_of_word(word: &str) -> Option<u32> {
    if word.len() < 3 || !word.is_ascii() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let w = lower.trim_end_matches('.');
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w) && w.len() >= 3)
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    if word.len() < 3 || !word.is_ascii() {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    let w = lower.trim_end_matches('.');
    WEEKDAYS.iter().any(|d| d.starts_with(w))
}

fn two(b: &[u8], i: usize) -> Option<u32> {
    let (x, y) = (b[i], b[i + 1]);
    (x.is_ascii_digit() && y.is_ascii_digit())
        .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
}

/// `YYYY-MM-DD`, optionally followed by `[T ]HH:MM:SS`: the common case, read directly.
fn fast_iso(s: &str) -> Option<Raw> {
    let b = s.as_bytes();
    if !(b.len() == 10 || b.len() == 19) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = two(b, 0)? * 100 + two(b, 2)?;
    let raw = |secs| Raw {
        nums: [year, 0, 0],
        digits: [4, 2, 2],
        word_at: 0,
        secs,
    };
    let mut r = raw(None);
    r.nums[1] = two(b, 5)?;
    r.nums[2] = two(b, 8)?;
    if b.len() == 19 {
        if !(b[10] == b' ' || b[10] == b'T') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (h, m, sec) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        r.secs = Some(h * 3600 + m * 60 + sec);
    }
    Some(r)
}

/// Splits a date into three parts (numbers or a month name) and an optional time.
fn scan(text: &str) -> Option<Raw> {
    let s = text.trim();
    if let Some(r) = fast_iso(s) {
        return Some(r);
    }
    let b = s.as_bytes();
    let mut raw = Raw::default();
    let mut n = 0usize;
    let mut i = 0usize;
    while n < 3 && i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let len = i - start;
            if len == 8 && n == 0 {
                // 20240305
                let v: u32 = s[start..i].parse().ok()?;
                raw.nums = [v / 10_000, v / 100 % 100, v % 100];
                raw.digits = [4, 2, 2];
                n = 3;
                break;
            }
            if len > 4 {
                return None;
            }
            raw.nums[n] = s[start..i].parse().ok()?;
            raw.digits[n] = len as u8;
            n += 1;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'.') {
                i += 1;
            }
            let word = &s[start..i];
            if let Some(m) = month_of_word(word) {
                if raw.word_at != 0 {
                    return None;
                }
                raw.nums[n] = m;
                raw.digits[n] = 0;
                n += 1;
                raw.word_at = n as u8;
            } else if n == 0 && is_weekday(word) {
                continue;
            } else {
                return None;
            }
        } else if matches!(c, b'-' | b'/' | b'.' | b' ' | b',' | b'\t') {
            i += 1;
        } else if s[i..].starts_with('年') || s[i..].starts_with('月') {
            i += 3;
        } else {
            return None;
        }
    }
    if n < 3 {
        return None;
    }
    // What follows: nothing, or a time.
    let mut rest = &s[i..];
    for suffix in ['日', '号'] {
        rest = rest.strip_prefix(suffix).unwrap_or(rest);
    }
    let rest = rest.trim_start_matches([' ', 'T', ',', '\t']);
    if !rest.is_empty() {
        raw.secs = Some(scan_time(rest)?);
    }
    Some(raw)
}

/// `14:30`, `14:30:05`, `2:30 PM`, `14:30:05.123Z`, `14:30+01:00` → seconds since midnight
/// (as written; a zone suffix is ignored).
fn scan_time(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut parts = [0u32; 3];
    let mut n = 0;
    while n < 3 {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 2 {
            return None;
        }
        parts[n] = text[start..i].parse().ok()?;
        n += 1;
        if i < b.len() && b[i] == b':' {
            i += 1;
        } else {
            break;
        }
    }
    if n < 2 {
        return None;
    }
    // Fraction of a second.
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let rest = text[i..].trim_start();
    let (mut h, m, sec) = (parts[0], parts[1], parts[2]);
    let lower = rest.to_ascii_lowercase();
    let ampm = ["am", "a.m.", "pm", "p.m."]
        .iter()
        .find(|p| lower.starts_with(*p))
        .copied();
    let rest = match ampm {
        Some(p) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            if p.starts_with('p') && h != 12 {
                h += 12;
            } else if p.starts_with('a') && h == 12 {
                h = 0;
            }
            rest[p.len()..].trim_start()
        }
        None => rest,
    };
    let zone_ok = rest.is_empty()
        || rest == "Z"
        || rest.eq_ignore_ascii_case("utc")
        || rest.eq_ignore_ascii_case("gmt")
        || ((rest.starts_with('+') || rest.starts_with('-'))
            && rest[1..].bytes().all(|c| c.is_ascii_digit() || c == b':')
            && rest.len() <= 6);
    if !zone_ok || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(h * 3600 + m * 60 + sec.min(59))
}

/// The shape of a date value (see [`DateShape`]).
pub fn date_shape(text: &str) -> DateShape {
    let Some(raw) = scan(text) else {
        return DateShape::Invalid;
    };
    if raw.word_at != 0 {
        return if resolve(&raw, DateOrder::DayFirst).is_some() {
            DateShape::Named
        } else {
            DateShape::Invalid
        };
    }
    let [a, b, _] = raw.nums;
    if raw.digits[0] == 4 {
        return if resolve(&raw, DateOrder::DayFirst).is_some() {
            DateShape::YearFirst
        } else {
            DateShape::Invalid
        };
    }
    let day_first = resolve(&raw, DateOrder::DayFirst).is_some();
    let month_first = resolve(&raw, DateOrder::MonthFirst).is_some();
    match (day_first, month_first) {
        (true, true) => DateShape::Either { same: a == b },
        (true, false) => DateShape::DayFirst,
        (false, true) => DateShape::MonthFirst,
        (false, false) => DateShape::Invalid,
    }
}

fn full_year(y: u32, digits: u8) -> Option<i32> {
    match digits {
        4 => Some(y as i32),
        // Excel's rule: 00–29 → 2000s, 30–99 → 1900s.
        2 if y < 30 => Some(2000 + y as i32),
        2 => Some(1900 + y as i32),
        _ => None,
    }
}

/// (year, month, day) of a scanned date under `order`; `None` when it is not a real date.
fn resolve(raw: &Raw, order: DateOrder) -> Option<(i32, u32, u32)> {
    let [a, b, c] = raw.nums;
    let [da, db, dc] = raw.digits;
    let (y, m, d) = match raw.word_at {
        1 => {
            // Mar 5, 2024 (or Mar 2024 5)
            if db == 4 {
                (full_year(b, db)?, a, c)
            } else {
                (full_year(c, dc)?, a, b)
            }
        }
        2 => {
            // 5-Mar-2024 or 2024-Mar-05
            if da == 4 {
                (full_year(a, da)?, b, c)
            } else {
                (full_year(c, dc)?, b, a)
            }
        }
        3 => {
            // 2024 5 Mar or 5 2024 Mar
            if da == 4 {
                (full_year(a, da)?, c, b)
            } else {
                (full_year(b, db)?, c, a)
            }
        }
        _ if da == 4 => (full_year(a, da)?, b, c),
        _ => match order {
            DateOrder::DayFirst => (full_year(c, dc)?, b, a),
            DateOrder::MonthFirst => (full_year(c, dc)?, a, b),
        },
    };
    let digits_ok = match raw.word_at {
        0 if da == 4 => db <= 2 && dc <= 2,
        0 => da <= 2 && db <= 2,
        _ => true,
    };
    if !digits_ok || d == 0 {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some((y, m, d))
}

/// Days from 1970-01-01 to a valid (y, m, d).
fn days(y: i32, m: u32, d: u32) -> i32 {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("validated date");
    (date - chrono::NaiveDate::default()).num_days() as i32
}

/// Reads a date or date-time; `order` decides numeric dates whose year is last.
pub fn parse_date(text: &str, order: DateOrder) -> Option<DateTime> {
    let raw = scan(text)?;
    let (y, m, d) = resolve(&raw, order)?;
    Some(DateTime {
        day: days(y, m, d),
        secs: raw.secs,
    })
}

/// Reads an Excel serial date (days since 1899-12-30; a fraction is the time of day), for
/// values between 10 000 (1927) and 99 999 (2173).
pub fn parse_excel_serial(text: &str) -> Option<DateTime> {
    let n = parse_number(text, DecimalSep::Dot).ok()?;
    if n.percent || !(10_000 * Money::SCALE..100_000 * Money::SCALE).contains(&n.scaled) {
        return None;
    }
    let whole = n.scaled / Money::SCALE;
    let frac = n.scaled % Money::SCALE;
    // 1899-12-30 is day -25 569.
    let day = (whole - 25_569) as i32;
    let secs = (frac != 0).then(|| ((frac * 86_400 + Money::SCALE / 2) / Money::SCALE) as u32);
    Some(DateTime { day, secs })
}

/// True when a cell is a plain number that could be an Excel serial date.
pub fn is_excel_serial(text: &str) -> bool {
    let s = text.trim();
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && parse_excel_serial(s).is_some()
}

/// Lowercase letters and digits only: `"Closed Won"` → `"closedwon"`.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Normalises a deal stage: the canonical display name and the outcome it implies.
/// `closedwon`, `Closed Won`, `won`, `赢单` → `("Closed Won", Won)`; other stages are
/// title-cased (`"NEGOTIATION"`, `"negotiation"` → `"Negotiation"`) and open.
pub fn normalize_stage(text: &str) -> (String, DealOutcome) {
    let key = squash(text);
    const WON: [&str; 8] = [
        "closedwon",
        "won",
        "win",
        "wonclosed",
        "成交",
        "赢单",
        "已成交",
        "赢",
    ];
    const LOST: [&str; 9] = [
        "closedlost",
        "lost",
        "lose",
        "loss",
        "lostclosed",
        "输单",
        "丢单",
        "失败",
        "输",
    ];
    if WON.contains(&key.as_str()) {
        return ("Closed Won".into(), DealOutcome::Won);
    }
    if LOST.contains(&key.as_str()) {
        return ("Closed Lost".into(), DealOutcome::Lost);
    }
    // HubSpot's internal stage ids.
    const HUBSPOT: [(&str, &str); 5] = [
        ("appointmentscheduled", "Appointment Scheduled"),
        ("qualifiedtobuy", "Qualified To Buy"),
        ("presentationscheduled", "Presentation Scheduled"),
        ("decisionmakerboughtin", "Decision Maker Bought-In"),
        ("contractsent", "Contract Sent"),
    ];
    if let Some((_, name)) = HUBSPOT.iter().find(|(k, _)| *k == key) {
        return ((*name).into(), DealOutcome::Open);
    }
    (title_case(text), DealOutcome::Open)
}

/// `"  needs_ANALYSIS "` → `"Needs Analysis"`; words are split on spaces and `_`, and a
/// letter after `/` or `-` is capitalised too.
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut start = true;
        for c in word.chars() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = matches!(c, '/' | '-' | '(');
        }
    }
    out
}

/// What a customer status says about churn; `None` when the word is not known. Compared in
/// the squashed form, so `Closed - Lost` and `closed_lost` are one word.
pub fn standing(text: &str) -> Option<Standing> {
    const CHURNED: &[&str] = &[
        "churned",
        "churn",
        "lost",
        "closedlost",
        "cancelled",
        "canceled",
        "cancel",
        "inactive",
        "former",
        "formercustomer",
        "exited",
        "exit",
        "left",
        "lapsed",
        "terminated",
        "unsubscribed",
        "deactivated",
        "attrited",
        "attritedcustomer",
        "流失",
        "已流失",
        "流失客户",
        "取消",
        "已取消",
        "注销",
        "已注销",
        "停用",
        "退订",
    ];
    const ACTIVE: &[&str] = &[
        "active",
        "current",
        "customer",
        "existing",
        "existingcustomer",
        "retained",
        "subscribed",
        "renewed",
        "paying",
        "evangelist",
        "closedwon",
        "won",
        "stayed",
        "活跃",
        "正常",
        "在网",
        "有效",
        "现有客户",
        "老客户",
        "留存",
    ];
    const PROSPECT: &[&str] = &[
        "lead",
        "prospect",
        "subscriber",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "mql",
        "sql",
        "opportunity",
        "trial",
        "new",
        "open",
        "inprogress",
        "opendeal",
        "unqualified",
        "attemptedtocontact",
        "connected",
        "badtiming",
        "other",
        "潜在客户",
        "线索",
        "意向客户",
        "试用",
    ];
    let key = squash(text);
    let key = key.as_str();
    if CHURNED.contains(&key) {
        Some(Standing::Churned)
    } else if ACTIVE.contains(&key) {
        Some(Standing::Active)
    } else if PROSPECT.contains(&key) {
        Some(Standing::Prospect)
    } else {
        None
    }
}

/// Normalises an order status; `None` when unknown.
pub fn order_status(text: &str) -> Option<OrderStatus> {
    let key = squash(text);
    const COMPLETED: [&str; 21] = [
        "",
        "completed",
        "complete",
        "paid",
        "shipped",
        "delivered",
        "fulfilled",
        "closed",
        "done",
        "success",
        "successful",
        "finished",
        "invoiced",
        "ok",
        "已完成",
        "完成",
        "已付款",
        "已支付",
        "已发货",
        "已签收",
        "交易成功",
    ];
    const REFUNDED: [&str; 10] = [
        "refunded",
        "refund",
        "returned",
        "return",
        "chargeback",
        "partiallyrefunded",
        "已退款",
        "退款",
        "退货",
        "已退货",
    ];
    const CANCELLED: [&str; 11] = [
        "cancelled",
        "canceled",
        "cancel",
        "void",
        "voided",
        "failed",
        "declined",
        "已取消",
        "取消",
        "交易关闭",
        "已关闭",
    ];
    const PENDING: [&str; 12] = [
        "pending",
        "open",
        "processing",
        "onhold",
        "awaitingpayment",
        "unpaid",
        "new",
        "待付款",
        "待发货",
        "处理中",
        "未付款",
        "未支付",
    ];
    let k = key.as_str();
    if COMPLETED.contains(&k) {
        Some(OrderStatus::Completed)
    } else if REFUNDED.contains(&k) {
        Some(OrderStatus::Refunded)
    } else if CANCELLED.contains(&k) {
        Some(OrderStatus::Cancelled)
    } else if PENDING.contains(&k) {
        Some(OrderStatus::Pending)
    } else {
        None
    }
}

/// A phone number reduced to its digits, for matching (`+1 (555) 010-2000` → `15550102000`);
/// borrowed when it is digits only.
pub fn phone_key(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(char::is_ascii_digit).collect())
}

/// An e-mail address trimmed and lowercased, for matching; borrowed when it already is.
pub fn email_key(text: &str) -> Cow<'_, str> {
    let t = text.trim();
    if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(t);
    }
    Cow::Owned(t.to_lowercase())
}
