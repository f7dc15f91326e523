//! The string interner: every text value of a dataset stored once, handed out as a
//! [`Sym`]. Its lookup table is tuned for a million strings in a browser tab: each entry
//! keeps the string's length and first bytes beside its symbol ([`SlotKey`]), and plain
//! integers (ids) hash so that consecutive ones land in adjacent buckets.

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use serde::{Deserialize, Serialize};
use std::hash::BuildHasher;
use std::sync::OnceLock;

use crate::pace::{pause, Cancelled, Pace};

/// A text value interned in a [`Dataset`](super::Dataset)'s [`Interner`]. `Sym::EMPTY` is
/// the empty string and stands for "missing". Stored as its number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

impl Sym {
    /// The empty string (a missing value).
    pub const EMPTY: Sym = Sym(0);

    /// True for the empty string.
    #[inline]
    pub fn is_empty(self) -> bool {
        self == Sym::EMPTY
    }
}

// Written by hand rather than derived (`transparent`) for the `#[inline]`: the records that
// hold a dozen symbols are serialised in another module, where the derived functions were
// not inlined and a save of a million orders took 6 % more instructions.
impl Serialize for Sym {
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Sym {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Sym, D::Error> {
        u32::deserialize(deserializer).map(Sym)
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
    pub fn from_parts(bytes: String, ends: Vec<u32>) -> Result<Interner, InternerError> {
        check_parts(&bytes, &ends)?;
        let hasher = hashbrown::DefaultHashBuilder::default();
        let (table, repeated) = build_table(&hasher, &bytes, &ends);
        if let Some(i) = repeated {
            return Err(InternerError::Repeated { string: i });
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
    pub fn from_stored(bytes: String, ends: Vec<u32>) -> Result<Interner, InternerError> {
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

    /// [`Interner::intern`] with `s`'s [`Interner::hash`] and [`SlotKey`] already known:
    /// one probe of the table finds the string or the place of a new one.
    #[inline]
    pub(crate) fn intern_hashed(&mut self, s: &str, hash: u64, key: SlotKey) -> Sym {
        self.table();
        let Interner {
            bytes,
            ends,
            table,
            hasher,
        } = self;
        let table = table.get_mut().expect("built just above");
        let (all, offsets) = (bytes.as_str(), ends.as_slice());
        let holds = |slot: &Slot| holds_in((all, offsets), slot, key, s);
        let entry = table.entry(hash, holds, rehash(hasher, all, offsets));
        match entry {
            Entry::Occupied(e) => Sym(e.get().sym),
            Entry::Vacant(e) => {
                let id = ends.len() as u32;
                e.insert(Slot { sym: id, key });
                bytes.push_str(s);
                ends.push(bytes.len() as u32);
                Sym(id)
            }
        }
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
        holds_in((&self.bytes, &self.ends), slot, key, s)
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

/// Why stored parts cannot be taken back into an [`Interner`] ([`Interner::from_parts`],
/// [`Interner::from_stored`]): what is wrong, and with which string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InternerError {
    /// The first string is not the empty one.
    NoEmptyString,
    /// The last offset is not the end of the bytes.
    Uncovered,
    /// The end offset of a string goes back, or falls inside a character.
    BadOffset {
        /// The string's index (its symbol).
        string: usize,
    },
    /// A string is stored a second time.
    Repeated {
        /// The index of the second one.
        string: usize,
    },
}

impl std::fmt::Display for InternerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InternerError::NoEmptyString => {
                write!(f, "the interner does not start with the empty string")
            }
            InternerError::Uncovered => write!(f, "the interner's offsets do not cover its bytes"),
            InternerError::BadOffset { string } => write!(f, "string {string} has a bad offset"),
            InternerError::Repeated { string } => write!(f, "string {string} is stored twice"),
        }
    }
}

impl std::error::Error for InternerError {}

/// Checks an interner's stored parts: string 0 is empty, the offsets grow, fall on
/// character boundaries and end with the bytes.
fn check_parts(bytes: &str, ends: &[u32]) -> Result<(), InternerError> {
    if ends.first() != Some(&0) {
        return Err(InternerError::NoEmptyString);
    }
    if bytes.len() > u32::MAX as usize || ends.last().copied() != Some(bytes.len() as u32) {
        return Err(InternerError::Uncovered);
    }
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        let end = end as usize;
        if end < start || !bytes.is_char_boundary(end) {
            return Err(InternerError::BadOffset { string: i });
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

/// [`Interner::holds`] on an interner's parts.
#[inline]
fn holds_in((bytes, ends): (&str, &[u32]), slot: &Slot, key: SlotKey, s: &str) -> bool {
    slot.key == key && (s.len() <= SlotKey::INLINE || str_at(bytes, ends, slot.sym) == s)
}

/// String `sym` of an interner's parts.
#[inline]
fn str_at<'a>(bytes: &'a str, ends: &[u32], sym: u32) -> &'a str {
    let i = sym as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &bytes[start..ends[i] as usize]
}
