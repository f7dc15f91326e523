//! The only module that touches browser storage.
//!
//! - `codec`: the versioned binary form of the dataset (`core::codec`, re-exported here).
//! - [`Records`]: loading and saving the dataset over any [`KeyValue`] backend, with a
//!   generation counter so two tabs never overwrite each other silently; tested natively
//!   against [`Memory`], used in the browser over IndexedDB (`idb`).
//! - `prefs`: small user preferences in localStorage through gloo-storage.
//! - `backup`: the one-file workspace backup (records + preferences).
//! - `workspace`: the team workspace, a sealed backup with a clear header, published with
//!   the site for a team to open read-only; `published` fetches it from the site.
//! - [`StorageError`] and [`Damaged`] (`error`): why an operation failed, typed to the
//!   reason a stored value is damaged, for the catalogue to word.
//! - `lock`: optional encryption at rest ([`lock::Locked`] seals values with a passphrase's
//!   key; `webcrypto` is the browser's cipher, `rustcrypto` the terminal's).

pub mod backup;
mod error;
/// The stored form, in the core (pure, and compiled for speed with the import: at the
/// interface's `opt-level = "z"` a reload decoded 1.75 times slower).
pub use crate::core::codec;
pub mod lock;
pub mod prefs;
pub mod workspace;

pub use error::{Damaged, StorageError};

#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod published;
#[cfg(not(target_arch = "wasm32"))]
pub mod rustcrypto;
#[cfg(target_arch = "wasm32")]
pub mod webcrypto;

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::core::model::Dataset;
use crate::core::pace::{NoPause, Pace};
use codec::{Damage, DecodeError};

/// A key-value store with all-or-nothing multi-key writes guarded by one key's value.
#[allow(async_fn_in_trait)] // single-threaded (browser) use: no Send bound wanted
pub trait KeyValue {
    /// Reads keys in one consistent view.
    async fn read(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError>;
    /// Writes `entries` atomically if `guard_key` currently holds `expected`; else
    /// [`StorageError::Conflict`] and nothing is written.
    async fn write_if(
        &self,
        guard_key: &str,
        expected: Option<Vec<u8>>,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<(), StorageError>;
    /// Deletes every key (records, generation, undo steps, lock record): the store is as new.
    async fn clear(&self) -> Result<(), StorageError>;
    /// Reads `first` and then `streamed` in one consistent view, as [`KeyValue::read`] of
    /// them all would, but hands `streamed`'s value to `pieces` in order as its pieces are
    /// read (so a large value is decoded while the rest of it is still being read): first
    /// the values of `first`, then the pieces. Returns whether `streamed` has a value. By
    /// default the value is read whole and handed over as one piece.
    async fn read_streamed(
        &self,
        first: &[&str],
        streamed: &str,
        pieces: &mut impl Pieces,
    ) -> Result<bool, StorageError> {
        read_whole(self, first, streamed, pieces).await
    }
}

/// [`KeyValue::read_streamed`] by one [`KeyValue::read`]: the value in one piece.
pub(crate) async fn read_whole<B: KeyValue + ?Sized>(
    backend: &B,
    first: &[&str],
    streamed: &str,
    pieces: &mut impl Pieces,
) -> Result<bool, StorageError> {
    let mut keys = first.to_vec();
    keys.push(streamed);
    let mut values = backend.read(&keys).await?;
    let value = values.pop().flatten();
    pieces.first(&values).await?;
    if let Some(bytes) = &value {
        pieces.piece(bytes).await?;
    }
    Ok(value.is_some())
}

/// Receives a value read in pieces ([`KeyValue::read_streamed`]).
#[allow(async_fn_in_trait)] // single-threaded (browser) use: no Send bound wanted
pub trait Pieces {
    /// The values of the keys read first, before any piece; an error stops the read.
    async fn first(&mut self, values: &[Option<Vec<u8>>]) -> Result<(), StorageError>;
    /// The next piece of the value; an error stops the read.
    async fn piece(&mut self, bytes: &[u8]) -> Result<(), StorageError>;
}

impl<T: KeyValue> KeyValue for &T {
    async fn read(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        (**self).read(keys).await
    }

    async fn write_if(
        &self,
        guard_key: &str,
        expected: Option<Vec<u8>>,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<(), StorageError> {
        (**self).write_if(guard_key, expected, entries).await
    }

    async fn clear(&self) -> Result<(), StorageError> {
        (**self).clear().await
    }

    async fn read_streamed(
        &self,
        first: &[&str],
        streamed: &str,
        pieces: &mut impl Pieces,
    ) -> Result<bool, StorageError> {
        (**self).read_streamed(first, streamed, pieces).await
    }
}

/// Hears how far a load has come. Called between decoding steps, so the browser can show it
/// (and paint) while a large dataset loads; `()` ignores it.
#[allow(async_fn_in_trait)] // single-threaded (browser) use: no Send bound wanted
pub trait LoadProgress {
    /// `done` of `total` stored bytes are decoded.
    async fn report(&mut self, done: u64, total: u64);
}

impl LoadProgress for () {
    async fn report(&mut self, _done: u64, _total: u64) {}
}

/// How many times the stored dataset has been written; each tab remembers the generation it
/// loaded and may only write on top of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Generation(pub u64);

const META: &str = "meta";
const DATASET: &str = "dataset";
/// The list of changes that can be undone ([`UndoStep`]s as JSON).
const UNDO: &str = "undo";

/// How much is kept so changes can be undone, also after a reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UndoBudget {
    /// How many changes: the last five.
    pub steps: usize,
    /// The most the earlier versions may take together (encoded, before any encryption):
    /// 256 MB. The oldest go first when a new one would not fit.
    pub bytes: u64,
}

impl Default for UndoBudget {
    fn default() -> Self {
        UndoBudget {
            steps: 5,
            bytes: 256 << 20,
        }
    }
}

/// A change that can be undone: the version of the records before it is stored beside them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UndoStep {
    /// Names the stored version (the generation it was saved at).
    pub id: u64,
    /// What the change was, as the interface named it ("Import of orders.csv").
    pub label: String,
    /// Size of the stored version.
    pub bytes: u64,
}

fn undo_key(id: u64) -> String {
    format!("undo.{id}")
}

fn steps_bytes(steps: &[UndoStep]) -> Vec<u8> {
    serde_json::to_vec(steps).expect("a list of steps serialises")
}

fn parse_steps(bytes: Option<Vec<u8>>) -> Result<Vec<UndoStep>, StorageError> {
    match bytes {
        None => Ok(Vec::new()),
        Some(b) => serde_json::from_slice(&b)
            .map_err(|e| StorageError::Corrupt(Damaged::UndoList(e.to_string()))),
    }
}

/// The writes that drop `steps`: their versions emptied.
fn forget(steps: &[UndoStep]) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
    steps.iter().map(|s| (undo_key(s.id), Vec::new()))
}

fn meta_bytes(generation: Generation) -> Vec<u8> {
    generation.0.to_le_bytes().to_vec()
}

fn parse_meta(bytes: &[u8]) -> Result<Generation, StorageError> {
    let array: [u8; 8] = bytes
        .try_into()
        .map_err(|_| StorageError::Corrupt(Damaged::Generation))?;
    Ok(Generation(u64::from_le_bytes(array)))
}

/// A load in progress: the stored bytes so far and their decoder, which decodes every
/// part whose bytes are in as soon as they are.
struct Load<'p, P> {
    progress: &'p mut P,
    meta: Option<Vec<u8>>,
    bytes: Vec<u8>,
    decoder: Option<codec::Decoder>,
    /// Every step done (the decoder said there is no more).
    decoded: bool,
}

impl<P: LoadProgress> Pieces for Load<'_, P> {
    async fn first(&mut self, values: &[Option<Vec<u8>>]) -> Result<(), StorageError> {
        self.meta = values.first().cloned().flatten();
        Ok(())
    }

    async fn piece(&mut self, piece: &[u8]) -> Result<(), StorageError> {
        self.bytes.extend_from_slice(piece);
        if self.decoder.is_none() {
            match codec::Decoder::header_len(&self.bytes) {
                Some(n) if self.bytes.len() >= n => {
                    let decoder = codec::Decoder::new(&self.bytes)?;
                    // Room for the rest at once (the header's length is only a hint here:
                    // it is checked once everything is read).
                    let rest = decoder
                        .expected_len()
                        .saturating_sub(self.bytes.len() as u64);
                    let _ = self.bytes.try_reserve(rest.min(1 << 30) as usize);
                    self.progress.report(0, decoder.total()).await;
                    self.decoder = Some(decoder);
                }
                _ => return Ok(()),
            }
        }
        let expected = self.decoder.as_ref().map_or(0, |d| d.expected_len());
        if self.bytes.len() as u64 > expected {
            // More than the header says: refused once all is read (`check_length`).
            return Ok(());
        }
        self.steps(false).await
    }
}

impl<'p, P: LoadProgress> Load<'p, P> {
    fn new(progress: &'p mut P) -> Self {
        Load {
            progress,
            meta: None,
            bytes: Vec::new(),
            decoder: None,
            decoded: false,
        }
    }

    /// Takes every decoding step the bytes so far allow, reporting progress after each;
    /// `all_in`: every byte has arrived, so every step is taken (one whose bytes are
    /// missing is an error).
    async fn steps(&mut self, all_in: bool) -> Result<(), StorageError> {
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        while !self.decoded && (all_in || decoder.ready(self.bytes.len())) {
            self.decoded = !decoder.step(&self.bytes)?;
            if !self.decoded {
                self.progress.report(decoder.done(), decoder.total()).await;
            }
        }
        Ok(())
    }
}

/// `dataset` encoded, in the slices `pace` allows.
async fn encode(dataset: &Dataset, pace: &mut dyn Pace) -> Result<Vec<u8>, StorageError> {
    codec::encode_paced(dataset, pace)
        .await
        .map_err(|_| StorageError::Failed("the save was stopped: nothing was written".into()))
}

impl UndoBudget {
    /// How many of `steps` (the newest) fit.
    fn kept(&self, steps: &[UndoStep]) -> usize {
        let mut bytes = 0;
        (steps.iter().rev().take(self.steps))
            .take_while(|s| {
                bytes += s.bytes;
                bytes <= self.bytes
            })
            .count()
    }
}

/// The dataset in a key-value backend.
pub struct Records<B> {
    backend: B,
    budget: UndoBudget,
}

impl<B: KeyValue> Records<B> {
    /// Wraps a backend.
    pub fn new(backend: B) -> Self {
        Self::with_budget(backend, UndoBudget::default())
    }

    /// Wraps a backend, keeping `budget` for undo.
    pub fn with_budget(backend: B, budget: UndoBudget) -> Self {
        Records { backend, budget }
    }

    /// The stored generation without loading the dataset (cheap: to notice other tabs).
    pub async fn generation(&self) -> Result<Generation, StorageError> {
        let meta = self.backend.read(&[META]).await?.pop().flatten();
        meta.map_or(Ok(Generation(0)), |m| parse_meta(&m))
    }

    /// Loads the dataset (empty at generation 0 when nothing is stored). Damaged or newer
    /// data is an error and stays as it is.
    pub async fn load(&self) -> Result<(Dataset, Generation), StorageError> {
        self.load_with(&mut ()).await
    }

    /// [`Self::load`], reporting progress between decoding steps. The stored bytes are
    /// decoded as they are read: each part as soon as its bytes are in.
    pub async fn load_with(
        &self,
        progress: &mut impl LoadProgress,
    ) -> Result<(Dataset, Generation), StorageError> {
        let mut load = Load::new(progress);
        let stored = self
            .backend
            .read_streamed(&[META], DATASET, &mut load)
            .await?;
        match (load.meta.take(), stored) {
            (None, false) => Ok((Dataset::default(), Generation(0))),
            (Some(meta), true) => {
                let generation = parse_meta(&meta)?;
                let Some(decoder) = &load.decoder else {
                    // Too short for a header: the decoder says why.
                    return Err(codec::Decoder::new(&load.bytes)
                        .err()
                        .unwrap_or(DecodeError::Corrupt(Damage::CutShort))
                        .into());
                };
                decoder.check_length(load.bytes.len())?;
                // What is left once every byte is in: the last parts.
                load.steps(true).await?;
                let decoder = load.decoder.take().expect("checked above");
                Ok((decoder.finish()?, generation))
            }
            _ => Err(StorageError::Corrupt(Damaged::Generation)),
        }
    }

    /// The changes that can be undone, oldest first.
    pub async fn undo_steps(&self) -> Result<Vec<UndoStep>, StorageError> {
        parse_steps(self.backend.read(&[UNDO]).await?.pop().flatten())
    }

    /// Saves `dataset` on top of generation `loaded`; returns the new generation. If another
    /// writer saved since `loaded`, nothing is written ([`StorageError::Conflict`]). The
    /// change cannot be undone: the stored undo steps are dropped.
    pub async fn save(
        &self,
        dataset: &Dataset,
        loaded: Generation,
    ) -> Result<Generation, StorageError> {
        self.save_paced(dataset, loaded, &mut NoPause).await
    }

    /// [`Records::save`], offering `pace` a pause between the parts of the encoding. A pace
    /// that stops it writes nothing ([`StorageError::Failed`]).
    pub async fn save_paced(
        &self,
        dataset: &Dataset,
        loaded: Generation,
        pace: &mut dyn Pace,
    ) -> Result<Generation, StorageError> {
        let steps = self.undo_steps().await?;
        self.save_dropping(dataset, loaded, pace, &steps).await
    }

    /// [`Records::save_paced`] that drops `steps`, read beforehand (by another key: a new
    /// passphrase cannot read what the old one sealed).
    pub async fn save_dropping(
        &self,
        dataset: &Dataset,
        loaded: Generation,
        pace: &mut dyn Pace,
        steps: &[UndoStep],
    ) -> Result<Generation, StorageError> {
        let encoded = encode(dataset, pace).await?;
        let mut entries = vec![(UNDO.to_string(), steps_bytes(&[]))];
        entries.extend(forget(steps));
        self.write(loaded, encoded, entries).await
    }

    /// Saves `dataset` on top of generation `loaded` as a change that can be undone: in
    /// the same write, `previous` (what was stored) is kept as an [`UndoStep`] named
    /// `label`. The oldest steps beyond the [`UndoBudget`] are dropped. Returns
    /// the new generation and the steps now kept.
    pub async fn save_undoable(
        &self,
        dataset: &Dataset,
        loaded: Generation,
        pace: &mut dyn Pace,
        (previous, label): (&Dataset, &str),
    ) -> Result<(Generation, Vec<UndoStep>), StorageError> {
        let mut steps = self.undo_steps().await?;
        let encoded = encode(dataset, pace).await?;
        let before = encode(previous, pace).await?;
        let id = loaded.0;
        let label = label.to_string();
        steps.push(UndoStep {
            id,
            label,
            bytes: before.len() as u64,
        });
        let keep = self.budget.kept(&steps);
        let dropped = steps.drain(..steps.len() - keep).collect::<Vec<_>>();
        let mut entries = vec![(UNDO.to_string(), steps_bytes(&steps))];
        entries.extend(forget(&dropped));
        if steps.last().is_some_and(|s| s.id == id) {
            entries.push((undo_key(id), before));
        }
        Ok((self.write(loaded, encoded, entries).await?, steps))
    }

    /// Undoes the newest step on top of generation `loaded`: the version it kept becomes the
    /// records again (written as stored, not encoded anew) and the step is dropped. Returns
    /// the records, the new generation and the steps left.
    pub async fn undo(
        &self,
        loaded: Generation,
        progress: &mut impl LoadProgress,
    ) -> Result<(Dataset, Generation, Vec<UndoStep>), StorageError> {
        let mut steps = self.undo_steps().await?;
        let step = (steps.pop()).ok_or_else(|| StorageError::Failed("nothing to undo".into()))?;
        let key = undo_key(step.id);
        let (dataset, bytes) = self.load_key(&key, progress).await?;
        let mut entries = vec![(UNDO.to_string(), steps_bytes(&steps))];
        entries.extend(forget(std::slice::from_ref(&step)));
        let generation = self.write(loaded, bytes, entries).await?;
        Ok((dataset, generation, steps))
    }

    /// Writes `encoded` as the records of the generation after `loaded`, with `more`.
    async fn write(
        &self,
        loaded: Generation,
        encoded: Vec<u8>,
        more: Vec<(String, Vec<u8>)>,
    ) -> Result<Generation, StorageError> {
        let next = Generation(loaded.0 + 1);
        let expected = (loaded.0 > 0).then(|| meta_bytes(loaded));
        let mut entries = vec![
            (META.to_string(), meta_bytes(next)),
            (DATASET.to_string(), encoded),
        ];
        entries.extend(more);
        self.backend.write_if(META, expected, entries).await?;
        Ok(next)
    }

    /// The dataset stored under `key`, and its bytes.
    async fn load_key(
        &self,
        key: &str,
        progress: &mut impl LoadProgress,
    ) -> Result<(Dataset, Vec<u8>), StorageError> {
        let mut load = Load::new(progress);
        let stored = self.backend.read_streamed(&[], key, &mut load).await?;
        let missing = || StorageError::Corrupt(Damaged::Missing(key.to_string()));
        if !stored || load.bytes.is_empty() {
            return Err(missing());
        }
        let decoder = load.decoder.as_ref().ok_or_else(missing)?;
        decoder.check_length(load.bytes.len())?;
        load.steps(true).await?;
        let decoder = load.decoder.take().expect("checked above");
        Ok((decoder.finish()?, load.bytes))
    }

    /// Deletes all stored records.
    pub async fn clear(&self) -> Result<(), StorageError> {
        self.backend.clear().await
    }

    /// The backend (for tests and diagnostics).
    pub fn backend(&self) -> &B {
        &self.backend
    }
}

/// An in-memory backend (tests, and the fallback when the browser gives no storage), with an
/// optional byte quota to exercise "storage full".
#[derive(Default)]
pub struct Memory {
    /// The stored values.
    pub map: RefCell<BTreeMap<String, Vec<u8>>>,
    /// Maximum total bytes, if any.
    pub quota: Option<usize>,
    /// [`KeyValue::read_streamed`] hands values over in pieces of this many bytes (as
    /// IndexedDB does); `None`: whole.
    pub piece_bytes: Option<usize>,
}

impl KeyValue for Memory {
    async fn read(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        let map = self.map.borrow();
        Ok(keys.iter().map(|k| map.get(*k).cloned()).collect())
    }

    async fn write_if(
        &self,
        guard_key: &str,
        expected: Option<Vec<u8>>,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<(), StorageError> {
        let mut map = self.map.borrow_mut();
        if map.get(guard_key) != expected.as_ref() {
            return Err(StorageError::Conflict);
        }
        let mut next = map.clone();
        next.extend(entries);
        if let Some(quota) = self.quota {
            if next.values().map(Vec::len).sum::<usize>() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        *map = next;
        Ok(())
    }

    async fn clear(&self) -> Result<(), StorageError> {
        self.map.borrow_mut().clear();
        Ok(())
    }

    async fn read_streamed(
        &self,
        first: &[&str],
        streamed: &str,
        pieces: &mut impl Pieces,
    ) -> Result<bool, StorageError> {
        let (values, value) = {
            let map = self.map.borrow();
            let values: Vec<_> = first.iter().map(|k| map.get(*k).cloned()).collect();
            (values, map.get(streamed).cloned())
        };
        pieces.first(&values).await?;
        if let Some(bytes) = &value {
            for piece in bytes.chunks(self.piece_bytes.unwrap_or(usize::MAX).max(1)) {
                pieces.piece(piece).await?;
            }
        }
        Ok(value.is_some())
    }
}

/// IndexedDB as a [`KeyValue`] backend.
#[cfg(target_arch = "wasm32")]
pub struct IndexedDb;

#[cfg(target_arch = "wasm32")]
impl KeyValue for IndexedDb {
    async fn read(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        idb::read(keys).await
    }

    async fn write_if(
        &self,
        guard_key: &str,
        expected: Option<Vec<u8>>,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<(), StorageError> {
        idb::write_if(guard_key, expected, entries).await
    }

    async fn clear(&self) -> Result<(), StorageError> {
        idb::clear().await
    }

    async fn read_streamed(
        &self,
        first: &[&str],
        streamed: &str,
        pieces: &mut impl Pieces,
    ) -> Result<bool, StorageError> {
        idb::read_streamed(first, streamed, pieces).await
    }
}
