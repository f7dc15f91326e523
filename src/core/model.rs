//! The in-memory data model: five record kinds in compact tables over one string interner.
//!
//! Designed for a million orders in a browser tab: records are small `Copy` structs; every
//! text value is a [`Sym`] (a `u32` into the dataset's [`Interner`], so repeated values such
//! as categories, channels, stages and customer ids are stored once); money is exact integer
//! [`Money`]; dates are day numbers. Columns a file has beyond the known fields are kept as
//! text in the table's extra columns, never dropped.

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use serde::{Deserialize, Serialize};
use std::hash::BuildHasher;
use std::sync::OnceLock;

use crate::pace::{pause, Cancelled, Pace};

/// A text value interned in a [`Dataset`]'s [`Interner`]. `Sym::EMPTY` is the empty string
/// and stands for "missing".
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Sym(pub u32);

impl Sym {
    /// The empty string (a missing value).
    pub const EMPTY: Sym = Sym(0);

    /// True for the empty string.
    pub fn is_empty(self) -> bool {
        self == Sym::EMPTY
    }
}

/// A set of the symbols of one interner, one bit each (symbols are dense: no hashing).
#[derive(Clone, Debug, Default)]
pub struct SymSet {
    words: Vec<u64>,
}

impl SymSet {
    /// An empty set for the symbols of an interner of `len` strings.
    pub fn new(len: usize) -> SymSet {
        SymSet {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// Adds `sym`; true when it was not in the set yet. `None` for a symbol beyond the
    /// interner's size.
    pub fn insert(&mut self, sym: Sym) -> Option<bool> {
        let (word, bit) = (sym.0 as usize / 64, 1u64 << (sym.0 % 64));
        let w = self.words.get_mut(word)?;
        let new = *w & bit == 0;
        *w |= bit;
        Some(new)
    }

    /// Takes `sym` out of the set.
    pub fn remove(&mut self, sym: Sym) {
        if let Some(w) = self.words.get_mut(sym.0 as usize / 64) {
            *w &= !(1u64 << (sym.0 % 64));
        }
    }
}

/// Stores each distinct string once; hands out [`Sym`]s.
#[derive(Clone)]
pub struct Interner {
    /// All bytes of all strings, back to back.
    bytes: String,
    /// `ends[i]` = end offset of string `i` in `bytes` (its start is `ends[i - 1]`, or 0).
    ends: Vec<u32>,
    /// The lookup table. An interner read back from storage ([`Interner::from_stored`])
    /// builds it on first use: a reload of a million strings shows its data without
    /// waiting for it (a few hundred milliseconds in wasm), and only an edit, an import or
    /// a lookup by text needs it.
    table: OnceLock<HashTable<Slot>>,
    hasher: hashbrown::DefaultHashBuilder,
}

/// One entry of the interner's table: the symbol plus the string's length and first bytes,
/// so a lookup compares short strings (ids, codes, categories) without reading `ends` and
/// `bytes`: with a million strings those are cache misses, and they dominated the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) sym: u32,
    pub(crate) key: SlotKey,
}

/// A string's length (capped at 255) and its first [`SlotKey::INLINE`] bytes, zero-padded,
/// as three 32-bit integers (so a [`Slot`] packs into 16 bytes: a million of them are a
/// third smaller than with a 64-bit half, and a bucket never straddles two cache lines).
/// Two strings with different keys differ; with equal keys they are equal when they are at
/// most `INLINE` bytes long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SlotKey(u32, u32, u32);

impl SlotKey {
    const INLINE: usize = 11;

    /// Built from a few overlapping loads of the string rather than through a byte buffer
    /// (a buffer written byte by byte and read back as words stalls the CPU's store
    /// forwarding: it was a sixth of the import's row loop).
    #[inline]
    pub(crate) fn of(s: &str) -> SlotKey {
        let b = s.as_bytes();
        let n = b.len().min(Self::INLINE);
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        // The first `n` bytes, little-endian, zero above them.
        let head: u128 = if n >= 8 {
            let low = u64::from(u32_at(0)) | (u64::from(u32_at(4)) << 32);
            // Bytes 8..n are the top `n - 8` of the four bytes ending at `n`.
            let high = u64::from(u32_at(n - 4)) >> (8 * (12 - n));
            u128::from(low) | (u128::from(high) << 64)
        } else if n >= 4 {
            let high = u64::from(u32_at(n - 4)) >> (8 * (8 - n));
            u128::from(u64::from(u32_at(0)) | (high << 32))
        } else if n > 0 {
            let byte = |i: usize| u128::from(b[i]) << (8 * i);
            byte(0) | byte(n / 2) | byte(n - 1)
        } else {
            0
        };
        let key = (head << 8) | b.len().min(255) as u128;
        SlotKey(key as u32, (key >> 32) as u32, (key >> 64) as u32)
    }
}

/// The three words of the interner's key for `s` (for the tests, which check them against
/// the definition: the length capped at 255, then the first 11 bytes, zero-padded).
#[doc(hidden)]
pub fn slot_key_words(s: &str) -> [u32; 3] {
    let SlotKey(a, b, c) = SlotKey::of(s);
    [a, b, c]
}

impl Default for Interner {
    fn default() -> Self {
        let mut interner = Interner {
            bytes: String::new(),
            ends: Vec::new(),
            table: OnceLock::from(HashTable::new()),
            hasher: hashbrown::DefaultHashBuilder::default(),
        };
        let empty = interner.intern("");
        debug_assert_eq!(empty, Sym::EMPTY);
        interner
    }
}

/// The stored form of an [`Interner`]: its strings back to back and their end offsets. The
/// lookup table is rebuilt on load.
#[derive(Serialize, Deserialize)]
struct StoredInterner {
    bytes: String,
    ends: Vec<u32>,
}

impl Serialize for Interner {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("StoredInterner", 2)?;
        st.serialize_field("bytes", &self.bytes)?;
        st.serialize_field("ends", &self.ends)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Interner {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredInterner::deserialize(deserializer)?;
        Interner::from_parts(stored.bytes, stored.ends).map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner")
            .field("len", &self.len())
            .finish()
    }
}

impl PartialEq for Interner {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes && self.ends == other.ends
    }
}

impl Interner {
    /// The string of a symbol. Panics on a symbol from another interner that is out of range.
    pub fn get(&self, sym: Sym) -> &str {
        str_at(&self.bytes, &self.ends, sym.0)
    }

    /// The stored parts ([`Interner::from_parts`] takes them back): every string's bytes
    /// back to back, and each string's end offset in them.
    pub fn as_parts(&self) -> (&str, &[u32]) {
        (&self.bytes, &self.ends)
    }

    /// Rebuilds an interner from its stored parts, checking them: offsets must grow, stay in
    /// range and fall on character boundaries; string 0 must be empty; no string twice.
    pub fn from_parts(bytes: String, ends: Vec<u32>) -> Result<Interner, String> {
        check_parts(&bytes, &ends)?;
        let hasher = hashbrown::DefaultHashBuilder::default();
        let (table, repeated) = build_table(&hasher, &bytes, &ends);
        if let Some(i) = repeated {
            return Err(format!("string {i} is stored twice"));
        }
        Ok(Interner {
            bytes,
            ends,
            table: OnceLock::from(table),
            hasher,
        })
    }

    /// [`Interner::from_parts`] for parts read back from storage, whose checksums passed:
    /// the offsets are checked at once, the lookup table is built on first use. A string
    /// stored twice (which only crafted data can hold) is not refused: lookups find its
    /// first symbol.
    pub fn from_stored(bytes: String, ends: Vec<u32>) -> Result<Interner, String> {
        check_parts(&bytes, &ends)?;
        Ok(Interner {
            bytes,
            ends,
            table: OnceLock::new(),
            hasher: hashbrown::DefaultHashBuilder::default(),
        })
    }

    /// The lookup table, built now if it was not yet.
    fn table(&self) -> &HashTable<Slot> {
        self.table
            .get_or_init(|| build_table(&self.hasher, &self.bytes, &self.ends).0)
    }

    /// Strings taken into the lookup table between two pauses of [`Interner::index_paced`].
    const TABLE_STEP: usize = 1 << 18;

    /// Builds the lookup table now if it is not built yet (see [`Interner::from_stored`]),
    /// offering `pace` a pause every [`Interner::TABLE_STEP`] strings: at a million strings
    /// it is some 100 ms of wasm, too long for one task of a page that stays responsive
    /// (an import into a dataset just reloaded builds it first, so).
    pub async fn index_paced(&self, pace: &mut dyn Pace) -> Result<(), Cancelled> {
        if self.table.get().is_some() {
            return Ok(());
        }
        let (n, parts) = (self.ends.len(), (self.bytes.as_str(), self.ends.as_slice()));
        let mut table = HashTable::with_capacity(n);
        for at in (0..n).step_by(Self::TABLE_STEP) {
            if at > 0 {
                pause(pace).await?;
            }
            fill_table(
                &mut table,
                &self.hasher,
                parts,
                at..(at + Self::TABLE_STEP).min(n),
            );
        }
        // (A lookup during a pause may have built it meanwhile: the same table.)
        let _ = self.table.set(table);
        Ok(())
    }

    /// Makes room for `strings` more strings of `bytes` bytes in all.
    pub fn reserve(&mut self, strings: usize, bytes: usize) {
        self.bytes.reserve(bytes);
        self.ends.reserve(strings);
        self.table();
        let (all, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        let table = self.table.get_mut().expect("built just above");
        table.reserve(strings, rehash(hasher, all, ends));
    }

    /// The symbol of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_hashed(s, self.hash(s), SlotKey::of(s))
    }

    /// The hash of `s` in the table (also for caches in front of the interner, see
    /// [`Interner::intern_hashed`]). Plain integers (`"20706"`: ids, the commonest text
    /// of a CRM export) hash so that runs of 256 consecutive numbers fall into 256 adjacent
    /// buckets: a file of increasing ids then fills the table almost sequentially instead
    /// of missing the cache on every row. The runs themselves are placed by a bijective
    /// mix, so no pattern of numbers piles up in one place.
    #[inline]
    pub(crate) fn hash(&self, s: &str) -> u64 {
        hash_with(&self.hasher, s)
    }

    /// [`Interner::intern`] with `s`'s [`Interner::hash`] and [`SlotKey`] already known.
    #[inline]
    pub(crate) fn intern_hashed(&mut self, s: &str, hash: u64, key: SlotKey) -> Sym {
        if let Some(sym) = self.find(hash, key, s) {
            return sym;
        }
        let id = self.ends.len() as u32;
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len() as u32);
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        let table = self.table.get_mut().expect("`find` built the table");
        table.insert_unique(hash, Slot { sym: id, key }, rehash(hasher, bytes, ends));
        Sym(id)
    }

    /// The symbol of `s` if it was interned.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.find(self.hash(s), SlotKey::of(s), s)
    }

    /// `s` as a key: a text kept as written with edge spaces (` Acme `) is the same key as
    /// its trimmed form when that was interned (keys and references are read trimmed).
    pub fn as_key(&self, s: Sym) -> Sym {
        let text = self.get(s);
        let trimmed = text.trim();
        if trimmed.len() == text.len() {
            return s;
        }
        self.lookup(trimmed).unwrap_or(s)
    }

    #[inline]
    fn find(&self, hash: u64, key: SlotKey, s: &str) -> Option<Sym> {
        self.table()
            .find(hash, |slot| self.holds(slot, key, s))
            .map(|slot| Sym(slot.sym))
    }

    /// True when `slot` (of this interner's table or of a cache in front of it) is the
    /// string `s` whose key is `key`: the keys decide for short strings, the bytes for long.
    #[inline]
    pub(crate) fn holds(&self, slot: &Slot, key: SlotKey, s: &str) -> bool {
        slot.key == key && (s.len() <= SlotKey::INLINE || self.get(Sym(slot.sym)) == s)
    }

    /// Number of distinct strings (including the empty one).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Always false: the empty string is always present.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Checks an interner's stored parts: string 0 is empty, the offsets grow, fall on
/// character boundaries and end with the bytes.
fn check_parts(bytes: &str, ends: &[u32]) -> Result<(), String> {
    if ends.first() != Some(&0) {
        return Err("the interner does not start with the empty string".into());
    }
    if bytes.len() > u32::MAX as usize || ends.last().copied() != Some(bytes.len() as u32) {
        return Err("the interner's offsets do not cover its bytes".into());
    }
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        let end = end as usize;
        if end < start || !bytes.is_char_boundary(end) {
            return Err(format!("string {i} has a bad offset"));
        }
        start = end;
    }
    Ok(())
}

/// The lookup table of checked parts, one probe per string, and the first string that was
/// in it already (a repeat is left out of the table: lookups find the first).
fn build_table(
    hasher: &hashbrown::DefaultHashBuilder,
    bytes: &str,
    ends: &[u32],
) -> (HashTable<Slot>, Option<usize>) {
    let mut table = HashTable::with_capacity(ends.len());
    let repeated = fill_table(&mut table, hasher, (bytes, ends), 0..ends.len());
    (table, repeated)
}

/// Takes strings `range` of checked parts into `table` (as [`build_table`]), returning the
/// first one that was in it already.
fn fill_table(
    table: &mut HashTable<Slot>,
    hasher: &hashbrown::DefaultHashBuilder,
    (bytes, ends): (&str, &[u32]),
    range: std::ops::Range<usize>,
) -> Option<usize> {
    let mut repeated = None;
    let mut start = range.start.checked_sub(1).map_or(0, |i| ends[i] as usize);
    for i in range {
        let end = ends[i] as usize;
        let s = &bytes[start..end];
        start = end;
        let (hash, key) = (hash_with(hasher, s), SlotKey::of(s));
        let same = |slot: &Slot| {
            slot.key == key && (s.len() <= SlotKey::INLINE || str_at(bytes, ends, slot.sym) == s)
        };
        match table.entry(hash, same, rehash(hasher, bytes, ends)) {
            Entry::Occupied(_) => {
                repeated = repeated.or(Some(i));
            }
            Entry::Vacant(slot) => {
                slot.insert(Slot { sym: i as u32, key });
            }
        }
    }
    repeated
}

/// See [`Interner::hash`].
#[inline]
fn hash_with(hasher: &hashbrown::DefaultHashBuilder, s: &str) -> u64 {
    match plain_integer(s) {
        // The low 7 bits also go into the top 7 (the table's tag), so neighbours in a run
        // have different tags.
        Some(n) => ((mix64(n >> 8) << 8) | (n & 255)) ^ ((n & 127) << 57),
        None => hasher.hash_one(s),
    }
}

/// The value of a decimal integer written without sign, leading zeros or other characters
/// (at most 18 digits), so that distinct strings give distinct values.
#[inline]
pub(crate) fn plain_integer(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 18 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    let mut n = 0u64;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    Some(n)
}

/// A bijective 64-bit mix (the splitmix64 finalizer).
#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The table's rehash function (hashbrown asks for one when it grows).
fn rehash<'a>(
    hasher: &'a hashbrown::DefaultHashBuilder,
    bytes: &'a str,
    ends: &'a [u32],
) -> impl Fn(&Slot) -> u64 + 'a {
    move |slot| hash_with(hasher, str_at(bytes, ends, slot.sym))
}

/// String `sym` of an interner's parts.
#[inline]
fn str_at<'a>(bytes: &'a str, ends: &[u32], sym: u32) -> &'a str {
    let i = sym as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &bytes[start..ends[i] as usize]
}

/// An exact amount of money in ten-thousandths of the currency unit (4 decimals), so sums
/// never drift and unit prices with up to 4 decimals stay exact.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// Minor units per currency unit.
    pub const SCALE: i64 = 10_000;
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// From whole currency units (for tests and demo data).
    pub fn from_units(units: i64) -> Money {
        Money(units * Self::SCALE)
    }

    /// From cents.
    pub fn from_cents(cents: i64) -> Money {
        Money(cents * (Self::SCALE / 100))
    }

    /// As a float in currency units (for display and ratios, never for sums).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }

    /// Rounded to cents (half away from zero).
    pub fn to_cents(self) -> i64 {
        let per_cent = Self::SCALE / 100;
        let q = self.0 / per_cent;
        let r = self.0 % per_cent;
        if 2 * r.abs() >= per_cent {
            q + self.0.signum()
        } else {
            q
        }
    }

    /// `self × quantity`, rounded half away from zero to the money scale.
    pub fn times(self, quantity: f64) -> Money {
        Money((self.0 as f64 * quantity).round() as i64)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

/// A calendar date as days since 1970-01-01 (negative before).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Day(pub i32);

impl Day {
    /// The earliest day a dataset holds: 0000-01-01, the first day a file's date can name.
    pub const MIN: Day = Day(-719_528);
    /// The latest day a dataset holds: 9999-12-31, the last day a file's date can name.
    /// Keeping dates within years 0–9999 leaves every date computation (shown as a calendar
    /// date, months added) far inside what the calendar functions accept.
    pub const MAX: Day = Day(2_932_896);

    /// From a calendar date; `None` when it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(Day::from_naive)
    }

    /// From a chrono date.
    pub fn from_naive(date: chrono::NaiveDate) -> Day {
        Day((date - chrono::NaiveDate::default()).num_days() as i32)
    }

    /// As a chrono date.
    pub fn to_naive(self) -> chrono::NaiveDate {
        chrono::NaiveDate::default() + chrono::TimeDelta::days(i64::from(self.0))
    }

    /// (year, month 1–12, day 1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        use chrono::Datelike;
        let d = self.to_naive();
        (d.year(), d.month(), d.day())
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `YYYY-MM`.
    pub fn month_label(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{y:04}-{m:02}")
    }
}

/// A date and time (naive, as written in the file) as seconds since 1970-01-01T00:00:00.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Seconds per day.
    pub const DAY: i64 = 86_400;

    /// True when the moment falls between [`Day::MIN`] and [`Day::MAX`].
    pub fn in_range(self) -> bool {
        (i64::from(Day::MIN.0)..=i64::from(Day::MAX.0)).contains(&self.0.div_euclid(Self::DAY))
    }

    /// The day this moment falls on.
    pub fn day(self) -> Day {
        Day(self.0.div_euclid(Self::DAY) as i32)
    }

    /// Midnight at the start of `day`.
    pub fn at_midnight(day: Day) -> Timestamp {
        Timestamp(day.0 as i64 * Self::DAY)
    }
}

/// A customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// The CRM's id (text: leading zeros kept).
    pub id: Sym,
    /// Full name (or first + last joined when only those are given).
    pub name: Sym,
    /// First name, when the file has it.
    pub first_name: Sym,
    /// Last name, when the file has it.
    pub last_name: Sym,
    /// E-mail address.
    pub email: Sym,
    /// Phone number, as written.
    pub phone: Sym,
    /// Gender, as written.
    pub gender: Sym,
    /// Birth date.
    pub birth_date: Option<Day>,
    /// Age in years, when the file gives an age instead of a birth date.
    pub age: Option<u16>,
    /// Company / account.
    pub company: Sym,
    /// City.
    pub city: Sym,
    /// Region / state / province.
    pub region: Sym,
    /// Country.
    pub country: Sym,
    /// Segment (e.g. Consumer, Enterprise).
    pub segment: Sym,
    /// Tags, as written.
    pub tags: Sym,
    /// Signup / created date.
    pub signup: Option<Day>,
    /// Acquisition channel / source.
    pub channel: Sym,
    /// Owner (account manager).
    pub owner: Sym,
    /// Status, as written (e.g. active, churned).
    pub status: Sym,
    /// True when this record was created because orders/deals/tickets name a customer that no
    /// customers file described.
    pub placeholder: bool,
    /// Whole months as a customer, as a snapshot export states it (`tenure`).
    pub tenure_months: Option<u32>,
    /// Recurring charge per month (a subscription's MRR).
    pub monthly_charges: Option<Money>,
    /// Everything charged over the customer's lifetime, as the export states it.
    pub total_charges: Option<Money>,
    /// The day the customer left (cancelled, churned).
    pub churn_date: Option<Day>,
}

/// What a customer's status says about churn (see [`crate::import::value::standing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// A current customer (active, subscribed, retained, a Churn column's "No").
    Active,
    /// A customer who left (churned, cancelled, lost, a Churn column's "Yes").
    Churned,
    /// Not a customer yet (lead, prospect, trial): neither kept nor lost.
    Prospect,
}

/// What happened to an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Completed / paid / shipped / delivered, or no status given.
    #[default]
    Completed,
    /// Refunded or returned: its amount is subtracted from net revenue.
    Refunded,
    /// Cancelled: not revenue.
    Cancelled,
    /// Pending / open / processing: not yet revenue.
    Pending,
}

/// An order (or one line of an order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Order id (text).
    pub id: Sym,
    /// The customer's id (text), matching `Customer::id`.
    pub customer: Sym,
    /// Order date.
    pub date: Day,
    /// Product name.
    pub product: Sym,
    /// Product category.
    pub category: Sym,
    /// Quantity (1 when absent).
    pub quantity: f64,
    /// Unit price, when given.
    pub unit_price: Option<Money>,
    /// Line total: given, or unit price × quantity.
    pub amount: Money,
    /// Discount, when given.
    pub discount: Option<Money>,
    /// Sales channel.
    pub channel: Sym,
    /// Normalised status.
    pub status: OrderStatus,
    /// The status as written.
    pub status_text: Sym,
}

/// Where a deal stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DealOutcome {
    /// Still in the pipeline.
    #[default]
    Open,
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
}

/// A deal / opportunity in the pipeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    /// Deal id.
    pub id: Sym,
    /// The customer's id, or the account name when the file has no id.
    pub customer: Sym,
    /// Title / opportunity name.
    pub title: Sym,
    /// Owner / sales agent.
    pub owner: Sym,
    /// Stage, normalised (e.g. "Closed Won" for closedwon).
    pub stage: Sym,
    /// Open, won or lost (from the stage or a won/lost column).
    pub outcome: DealOutcome,
    /// Amount / value.
    pub amount: Option<Money>,
    /// Stated probability in percent (0–100), when given.
    pub probability: Option<f32>,
    /// Created date.
    pub created: Option<Day>,
    /// Expected close date.
    pub expected_close: Option<Day>,
    /// Actual close date.
    pub closed: Option<Day>,
    /// Lost reason.
    pub lost_reason: Sym,
}

/// A support ticket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// Ticket id.
    pub id: Sym,
    /// The customer's id.
    pub customer: Sym,
    /// When it was opened.
    pub opened: Option<Timestamp>,
    /// First response.
    pub first_response: Option<Timestamp>,
    /// Resolution.
    pub resolved: Option<Timestamp>,
    /// Channel (email, chat, phone...).
    pub channel: Sym,
    /// Issue type.
    pub issue_type: Sym,
    /// Priority.
    pub priority: Sym,
    /// Status, as written.
    pub status: Sym,
    /// CSAT 1–5.
    pub csat: Option<u8>,
    /// NPS 0–10.
    pub nps: Option<u8>,
}

impl Ticket {
    /// The day the ticket counts on in periods: when it was opened; for files without an
    /// opening time, its first response, else its resolution.
    pub fn day(&self) -> Option<Day> {
        self.opened
            .or(self.first_response)
            .or(self.resolved)
            .map(Timestamp::day)
    }
}

/// A marketing campaign.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// Campaign id.
    pub id: Sym,
    /// Name.
    pub name: Sym,
    /// Channel.
    pub channel: Sym,
    /// First day.
    pub start: Option<Day>,
    /// Last day (inclusive).
    pub end: Option<Day>,
    /// Cost.
    pub cost: Money,
    /// Impressions.
    pub impressions: Option<u64>,
    /// Clicks.
    pub clicks: Option<u64>,
    /// Leads.
    pub leads: Option<u64>,
    /// Conversions (in the treated audience).
    pub conversions: Option<u64>,
    /// Revenue attributed by the marketing tool.
    pub revenue: Option<Money>,
    /// Size of the treated audience.
    pub audience: Option<u64>,
    /// Size of the holdout (control) group.
    pub holdout: Option<u64>,
    /// Conversions in the holdout group.
    pub holdout_conversions: Option<u64>,
}

/// One contact of a campaign and what came of it: a Salesforce CampaignMember, a row of an
/// e-mail tool's or a HubSpot list's export, one customer of a test arm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The contact's or member's own id, when the file has one.
    pub id: Sym,
    /// The customer's id (or e-mail, or name), when the file names one.
    pub customer: Sym,
    /// The campaign, or the test arm (`Womens E-Mail`, `control`).
    pub campaign: Sym,
    /// When the contact was made (sent, called).
    pub date: Option<Day>,
    /// How the contact was made (e-mail, telephone).
    pub channel: Sym,
    /// Responded: opened, clicked, visited, replied.
    pub responded: Option<bool>,
    /// Converted: bought, subscribed, signed (a `y` yes/no outcome).
    pub converted: Option<bool>,
    /// What the contact spent or brought in.
    pub revenue: Option<Money>,
}

/// A lookup file: attributes of the values of one column of a record kind (an accounts
/// file for the deals' accounts: sector, office; a products file for the products: series,
/// list price; a sales-teams file for the owners: manager, regional office). It adds
/// dimensions to those records and is never records of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lookup {
    /// The records it describes.
    pub kind: Kind,
    /// The column of theirs it is keyed by: a field's name (`customer_name`, `owner`,
    /// `product`) or an extra column's header.
    pub key: Sym,
    /// The file it came from.
    pub file: Sym,
    /// One row per key value (`rows`), the attributes as the table's extra columns.
    pub table: Table<Sym>,
}

/// Records of one kind plus the extra columns their files carried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table<T> {
    /// The records.
    pub rows: Vec<T>,
    /// Names of the extra (unmapped) columns, in first-seen order.
    pub extra_columns: Vec<Sym>,
    /// Extra values, row-major: row `i`'s value for column `j` is
    /// `extra_values[i * extra_columns.len() + j]` (`Sym::EMPTY` when absent).
    pub extra_values: Vec<Sym>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            rows: Vec::new(),
            extra_columns: Vec::new(),
            extra_values: Vec::new(),
        }
    }
}

impl<T> Table<T> {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The extra values of row `i`, paired with their column names; empty values skipped.
    pub fn extras(&self, i: usize) -> impl Iterator<Item = (Sym, Sym)> + '_ {
        let n = self.extra_columns.len();
        self.extra_columns
            .iter()
            .zip(&self.extra_values[i * n..(i + 1) * n])
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, *v))
    }
}

/// The record kinds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Customers / contacts.
    #[default]
    Customers,
    /// Orders / sales lines.
    Orders,
    /// Deals / opportunities.
    Deals,
    /// Support tickets.
    Tickets,
    /// Marketing campaigns.
    Campaigns,
    /// Campaign contacts and their outcomes.
    Responses,
}

impl Kind {
    /// All kinds, in display order.
    pub const ALL: [Kind; 6] = [
        Kind::Customers,
        Kind::Orders,
        Kind::Deals,
        Kind::Tickets,
        Kind::Campaigns,
        Kind::Responses,
    ];

    /// Stable lowercase name (`customers`, `orders`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Orders => "orders",
            Kind::Deals => "deals",
            Kind::Tickets => "tickets",
            Kind::Campaigns => "campaigns",
            Kind::Responses => "responses",
        }
    }
}

/// Everything the user has imported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Every text value of every record.
    pub strings: Interner,
    /// Customers (including placeholders for ids that only other files name).
    pub customers: Table<Customer>,
    /// Orders.
    pub orders: Table<Order>,
    /// Deals.
    pub deals: Table<Deal>,
    /// Support tickets.
    pub tickets: Table<Ticket>,
    /// Marketing campaigns.
    pub campaigns: Table<Campaign>,
    /// Campaign contacts and their outcomes.
    pub responses: Table<Response>,
    /// Lookup files: attributes of the values of a column of one kind.
    pub lookups: Vec<Lookup>,
}

impl Dataset {
    /// True when nothing has been imported yet.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
            && self.orders.is_empty()
            && self.deals.is_empty()
            && self.tickets.is_empty()
            && self.campaigns.is_empty()
            && self.responses.is_empty()
            && self.lookups.is_empty()
    }

    /// Number of records of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Customers => self.customers.len(),
            Kind::Orders => self.orders.len(),
            Kind::Deals => self.deals.len(),
            Kind::Tickets => self.tickets.len(),
            Kind::Campaigns => self.campaigns.len(),
            Kind::Responses => self.responses.len(),
        }
    }

    /// Every date a record mentions (order, deal created/closed, ticket times, campaign
    /// start, contact, customer signup/churn).
    fn days(&self) -> impl Iterator<Item = Day> + '_ {
        let orders = self.orders.rows.iter().map(|o| o.date);
        let deals = (self.deals.rows.iter())
            .flat_map(|d| [d.created, d.closed])
            .flatten();
        let tickets = (self.tickets.rows.iter())
            .flat_map(|t| [t.opened, t.first_response, t.resolved])
            .flatten()
            .map(Timestamp::day);
        let campaigns = self.campaigns.rows.iter().filter_map(|c| c.start);
        let responses = self.responses.rows.iter().filter_map(|r| r.date);
        let signups = (self.customers.rows.iter())
            .flat_map(|c| [c.signup, c.churn_date])
            .flatten();
        orders
            .chain(deals)
            .chain(tickets)
            .chain(campaigns)
            .chain(responses)
            .chain(signups)
    }

    /// The latest date any record mentions (order, deal, ticket or campaign start/end):
    /// the natural "as of" date of an export. `None` when nothing is dated.
    pub fn latest_day(&self) -> Option<Day> {
        self.days().max()
    }

    /// The earliest and the latest date any record mentions (see [`Dataset::latest_day`]),
    /// in one pass.
    pub fn date_span(&self) -> Option<(Day, Day)> {
        self.days().fold(None, |span, d| match span {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }

    /// The text of a symbol.
    pub fn str(&self, sym: Sym) -> &str {
        self.strings.get(sym)
    }
}

/// Records whose text fields are [`Sym`]s; lets a loaded dataset be checked for symbols its
/// interner does not have (corrupt or hand-edited stored data).
pub trait Symbols {
    /// Calls `f` with every symbol of the record.
    fn symbols(&self, f: &mut dyn FnMut(Sym));
    /// Replaces every symbol with `f(symbol)` (moving a record to another interner).
    fn remap_symbols(&mut self, f: &mut dyn FnMut(Sym) -> Sym);
}

macro_rules! symbols {
    ($t:ty: $($field:ident),* $(,)?) => {
        impl Symbols for $t {
            fn symbols(&self, f: &mut dyn FnMut(Sym)) {
                $(f(self.$field);)*
            }
            fn remap_symbols(&mut self, f: &mut dyn FnMut(Sym) -> Sym) {
                $(self.$field = f(self.$field);)*
            }
        }
    };
}

symbols!(Customer: id, name, first_name, last_name, email, phone, gender, company, city, region, country, segment, tags, channel, owner, status);
symbols!(Order: id, customer, product, category, channel, status_text);
symbols!(Deal: id, customer, title, owner, stage, lost_reason);
symbols!(Ticket: id, customer, channel, issue_type, priority, status);
symbols!(Campaign: id, name, channel);
symbols!(Response: id, customer, campaign, channel);

impl Symbols for Sym {
    fn symbols(&self, f: &mut dyn FnMut(Sym)) {
        f(*self);
    }
    fn remap_symbols(&mut self, f: &mut dyn FnMut(Sym) -> Sym) {
        *self = f(*self);
    }
}

impl<T: Symbols> Table<T> {
    fn check(&self, kind: Kind, strings: usize) -> Result<(), String> {
        let mut bad = None;
        let mut visit = |s: Sym| {
            if s.0 as usize >= strings {
                bad = Some(s);
            }
        };
        for row in &self.rows {
            row.symbols(&mut visit);
        }
        self.extra_columns
            .iter()
            .chain(&self.extra_values)
            .for_each(|s| visit(*s));
        if let Some(s) = bad {
            return Err(format!("{}: text #{} does not exist", kind.as_str(), s.0));
        }
        if Some(self.extra_values.len()) != self.rows.len().checked_mul(self.extra_columns.len()) {
            return Err(format!(
                "{}: extra values do not fit the table",
                kind.as_str()
            ));
        }
        Ok(())
    }
}

impl Dataset {
    /// Checks that every symbol exists, every date lies between [`Day::MIN`] and
    /// [`Day::MAX`] and every table is well-formed, so that nothing can panic later on data
    /// that came from storage.
    pub fn check(&self) -> Result<(), String> {
        let n = self.strings.len();
        self.customers.check(Kind::Customers, n)?;
        self.orders.check(Kind::Orders, n)?;
        self.deals.check(Kind::Deals, n)?;
        self.tickets.check(Kind::Tickets, n)?;
        self.campaigns.check(Kind::Campaigns, n)?;
        self.responses.check(Kind::Responses, n)?;
        for l in &self.lookups {
            l.table.check(l.kind, n)?;
            if [l.key, l.file].iter().any(|s| s.0 as usize >= n) {
                return Err(format!(
                    "{}: a lookup's name does not exist",
                    l.kind.as_str()
                ));
            }
        }
        self.check_dates()
    }

    /// Every date and time lies between [`Day::MIN`] and [`Day::MAX`].
    fn check_dates(&self) -> Result<(), String> {
        let day_ok = |d: &Day| (Day::MIN..=Day::MAX).contains(d);
        let bad = |kind: Kind| {
            Err(format!(
                "{}: a date lies outside the years 0–9999",
                kind.as_str()
            ))
        };
        let customers = self.customers.rows.iter();
        if !customers
            .flat_map(|c| [c.birth_date, c.signup, c.churn_date])
            .flatten()
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Customers);
        }
        if !self.orders.rows.iter().all(|o| day_ok(&o.date)) {
            return bad(Kind::Orders);
        }
        let deals = self.deals.rows.iter();
        if !deals
            .flat_map(|d| [d.created, d.expected_close, d.closed])
            .flatten()
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Deals);
        }
        let tickets = self.tickets.rows.iter();
        if !tickets
            .flat_map(|t| [t.opened, t.first_response, t.resolved])
            .flatten()
            .all(Timestamp::in_range)
        {
            return bad(Kind::Tickets);
        }
        let campaigns = self.campaigns.rows.iter();
        if !campaigns
            .flat_map(|c| [c.start, c.end])
            .flatten()
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Campaigns);
        }
        if !self
            .responses
            .rows
            .iter()
            .filter_map(|r| r.date)
            .all(|d| day_ok(&d))
        {
            return bad(Kind::Responses);
        }
        Ok(())
    }
}
