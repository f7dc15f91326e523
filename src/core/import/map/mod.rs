//! Stage 3: which kind of records a file holds, and which column feeds which field.
//!
//! Headers are compared in a squashed form (lowercase letters and digits only, units in
//! parentheses dropped), so `Close Date`, `close_date` and `CloseDate` are one key. Pipedrive's
//! `Entity - Field` headers lose the entity when it is the file's own (`Deal - Title` → title
//! in a deals file) and keep it otherwise (`Organization - Name` → the deal's account).
//! Each synonym is strong (3) or weak (1); the kind whose fields the headers match best wins.
//!
//! Two files of data under this one: `field` (every [`Field`]: its name, how its cells are
//! read, the fields of each kind) and `synonyms` (the header words of each field).

mod field;
mod synonyms;

pub use field::{Field, ValueType};

use super::value::squash;
use crate::model::Kind;
use std::borrow::Cow;
use std::sync::OnceLock;
use synonyms::{own_entities, synonyms, ENTITIES};

/// Removes `(...)` and `（...）` groups: `Probability (%)` → `Probability `.
fn drop_parenthesised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A header split for matching: the squashed entity prefix (if any) and the squashed rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderKey {
    /// `deal` for `Deal - Title`; empty when the header has no entity prefix.
    pub entity: String,
    /// `title` for `Deal - Title`, `probability` for `Probability (%)`.
    pub key: String,
}

impl HeaderKey {
    /// Splits and squashes a header.
    pub fn new(header: &str) -> HeaderKey {
        let header = header.trim_start_matches('\u{feff}').trim();
        let (mut entity, mut rest) = (String::new(), header);
        if let Some((prefix, tail)) = header.split_once(" - ") {
            let e = squash(prefix);
            if ENTITIES.contains(&e.as_str()) {
                entity = e;
                rest = tail;
            }
        }
        // `Email - Work` → `Email`.
        if !entity.is_empty() {
            if let Some((head, _)) = rest.split_once(" - ") {
                rest = head;
            }
        }
        let mut key = squash(&drop_parenthesised(rest));
        if key.is_empty() {
            key = squash(rest);
        }
        HeaderKey { entity, key }
    }

    /// The keys to look up for `kind`: the bare key for the kind's own entity (or none),
    /// else the entity joined to the key (`organizationname`).
    fn lookup_key(&self, kind: Kind) -> Cow<'_, str> {
        if self.entity.is_empty() || own_entities(kind).contains(&self.entity.as_str()) {
            Cow::Borrowed(&self.key)
        } else {
            let entity = match self.entity.as_str() {
                "org" | "organisation" => "organization",
                e => e,
            };
            Cow::Owned(format!("{entity}{}", self.key))
        }
    }
}

/// The best field of `kind` for a header, with its strength (3 strong, 1 weak): of the
/// fields listing its key, the first of the strongest.
pub fn match_header(kind: Kind, header: &HeaderKey) -> Option<(Field, u32)> {
    let key = header.lookup_key(kind);
    let keys = synonym_keys(kind);
    let i = keys.binary_search_by(|(k, ..)| (*k).cmp(&*key)).ok()?;
    Some((keys[i].1, keys[i].2))
}

/// A synonym, its field and its strength.
type SynonymKey = (&'static str, Field, u32);

/// Every synonym of `kind` with its field and strength, sorted by key, each key once with
/// its best field (see [`match_header`]): made on first use, then a key is a binary search
/// (a linear scan of every synonym for every header of every kind was a fifth of a small
/// import's time).
fn synonym_keys(kind: Kind) -> &'static [SynonymKey] {
    static KEYS: OnceLock<Vec<Vec<SynonymKey>>> = OnceLock::new();
    let all = KEYS.get_or_init(|| {
        let of = |kind| {
            let mut keys = Vec::new();
            for &(field, strong, weak) in synonyms(kind) {
                keys.extend(strong.iter().map(|&s| (s, field, 3)));
                keys.extend(weak.iter().map(|&s| (s, field, 1)));
            }
            // By key, the strongest first, then in the order listed (the sort is stable);
            // the first of each key stays.
            crate::sort::sort_by(&mut keys, |a, b| a.0.cmp(b.0).then(b.2.cmp(&a.2)));
            keys.dedup_by(|later, first| later.0 == first.0);
            keys
        };
        Kind::ALL.iter().map(|&kind| of(kind)).collect()
    });
    let i = Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
    &all[i]
}

/// Which column feeds which field: `columns[i]` is the field of column `i`, `None` for an
/// extra column (kept as text). Editable: the UI shows one dropdown per field and calls
/// [`Mapping::assign`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    /// The record kind the fields belong to.
    pub kind: Kind,
    /// Field of each column (`None` = extra column).
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The column feeding `field`, if any.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == Some(field))
    }

    /// Feeds `field` from `column` (or from nothing). The column's previous field, and the
    /// field's previous column, are released. Fields of another kind and out-of-range
    /// columns are ignored.
    pub fn assign(&mut self, field: Field, column: Option<usize>) {
        if !Field::of(self.kind).contains(&field) {
            return;
        }
        for f in &mut self.columns {
            if *f == Some(field) {
                *f = None;
            }
        }
        if let Some(slot) = column.and_then(|c| self.columns.get_mut(c)) {
            *slot = Some(field);
        }
    }

    /// `(field, column)` pairs, in the kind's field order.
    pub fn pairs(&self) -> Vec<(Field, usize)> {
        Field::of(self.kind)
            .iter()
            .filter_map(|&f| self.column_of(f).map(|c| (f, c)))
            .collect()
    }

    /// Columns that feed no field (kept as extra text columns).
    pub fn extra_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].is_none())
            .collect()
    }
}

/// The automatic mapping of `headers` for `kind`, and its score (how well the headers fit).
pub fn auto_mapping(kind: Kind, headers: &[String]) -> (Mapping, u32) {
    mapping_of_keys(kind, &header_keys(headers))
}

/// Every header's [`HeaderKey`], to map the same headers for several kinds.
pub fn header_keys(headers: &[String]) -> Vec<HeaderKey> {
    headers.iter().map(|h| HeaderKey::new(h)).collect()
}

/// [`auto_mapping`] of the headers whose `keys` are given.
pub fn mapping_of_keys(kind: Kind, keys: &[HeaderKey]) -> (Mapping, u32) {
    let mut candidates: Vec<(u32, usize, Field)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| match_header(kind, k).map(|(f, s)| (s, i, f)))
        .collect();
    // Strongest first; the leftmost column wins a tie.
    crate::sort::sort_by(&mut candidates, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut mapping = Mapping {
        kind,
        columns: vec![None; keys.len()],
    };
    let mut score = 0;
    for (strength, column, field) in candidates {
        if mapping.columns[column].is_none() && mapping.column_of(field).is_none() {
            mapping.columns[column] = Some(field);
            score += strength * field.weight();
        }
    }
    (mapping, score)
}

/// A nudge from the file name (`deals.csv`, `客户.csv`): added to the kind's score.
pub fn file_name_hint(file_name: &str, kind: Kind) -> u32 {
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_lowercase();
    let words = synonyms::file_name_words(kind);
    if words.iter().any(|w| name.contains(w)) {
        2
    } else {
        0
    }
}
