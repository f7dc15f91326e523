//! Optional encryption at rest: a passphrase protects the stored records.
//!
//! [`Locked`] wraps any [`KeyValue`] backend and seals every value it writes except the
//! generation (`meta`, compared byte for byte by the two-tab guard) and the lock record
//! itself; it opens every value it reads. The lock record (`lock` key, in clear: nothing in it
//! is secret) holds the key-derivation parameters and a sealed check value, so a wrong
//! passphrase is told apart from damaged data before anything is read. The passphrase and
//! the key are never stored; the key lives in memory for the session.
//!
//! The cipher is a trait: in the browser it is WebCrypto's AES-256-GCM with a key derived by
//! PBKDF2-SHA-256 (`webcrypto`); natively the same with RustCrypto's crates (`rustcrypto`,
//! for the terminal's team workspaces), and tests also use a toy cipher with the contract.
//! Sealed values are `iv ‖ ciphertext+tag`, as the cipher makes them.

use super::{read_whole, Damaged, KeyValue, Pieces, StorageError, META};

/// The key under which the lock record is stored (an empty value: not locked).
pub const LOCK: &str = "lock";
/// What the check value holds in clear.
const CHECK: &[u8] = b"Rapport passphrase check v1";
const MAGIC: &[u8; 8] = b"RAPLOCK\0";
const VERSION: u8 = 1;
/// PBKDF2-SHA-256 iterations for new passphrases (OWASP's 2023 advice for that hash).
pub const ITERATIONS: u32 = 600_000;

/// Seals and opens values with one key. A value can be bound to additional data (AES-GCM's
/// "additional authenticated data"): bytes kept in clear beside it, such as a file's header,
/// which it then opens only with.
#[allow(async_fn_in_trait)] // single-threaded (browser) use: no Send bound wanted
pub trait Cipher {
    /// Encrypts and authenticates `plain`, and authenticates `additional` with it.
    async fn seal_with(&self, plain: &[u8], additional: &[u8]) -> Result<Vec<u8>, StorageError>;
    /// Decrypts `sealed`; `None` when it does not authenticate with `additional` (wrong key,
    /// damaged, or other additional data).
    async fn open_with(
        &self,
        sealed: &[u8],
        additional: &[u8],
    ) -> Result<Option<Vec<u8>>, StorageError>;

    /// Encrypts and authenticates `plain` (no additional data).
    async fn seal(&self, plain: &[u8]) -> Result<Vec<u8>, StorageError> {
        self.seal_with(plain, &[]).await
    }

    /// Decrypts `sealed` (no additional data); `None` when it does not authenticate.
    async fn open(&self, sealed: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.open_with(sealed, &[]).await
    }
}

/// How the key is derived from the passphrase, and the sealed check value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockRecord {
    /// PBKDF2 iterations the key was derived with ([`ITERATIONS`] for a new passphrase).
    pub iterations: u32,
    /// Random salt, drawn when the passphrase is set.
    pub salt: [u8; 16],
    /// [`CHECK`] sealed with the key.
    pub check: Vec<u8>,
}

impl LockRecord {
    /// A record for a new key: seals the check value.
    pub async fn new<C: Cipher>(
        cipher: &C,
        iterations: u32,
        salt: [u8; 16],
    ) -> Result<LockRecord, StorageError> {
        Ok(LockRecord {
            iterations,
            salt,
            check: cipher.seal(CHECK).await?,
        })
    }

    /// The stored form: magic, version, iterations, salt, check.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(29 + self.check.len());
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&self.iterations.to_le_bytes());
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.check);
        out
    }

    /// Reads a stored lock record; `None` for an empty value (not locked).
    pub fn decode(bytes: &[u8]) -> Result<Option<LockRecord>, StorageError> {
        if bytes.is_empty() {
            return Ok(None);
        }
        let bad = || StorageError::Corrupt(Damaged::LockRecord);
        let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(bad)?;
        let (&version, rest) = rest.split_first().ok_or_else(bad)?;
        if version != VERSION {
            return Err(StorageError::TooNew {
                found: u32::from(version),
                supported: u32::from(VERSION),
            });
        }
        if rest.len() < 4 + 16 + 1 {
            return Err(bad());
        }
        let iterations = u32::from_le_bytes(rest[..4].try_into().map_err(|_| bad())?);
        let salt: [u8; 16] = rest[4..20].try_into().map_err(|_| bad())?;
        Ok(Some(LockRecord {
            iterations,
            salt,
            check: rest[20..].to_vec(),
        }))
    }

    /// True when `cipher` holds this record's key (the check value opens to what it should).
    pub async fn accepts<C: Cipher>(&self, cipher: &C) -> Result<bool, StorageError> {
        Ok(cipher.open(&self.check).await?.as_deref() == Some(CHECK))
    }
}

/// Reads the lock record of a backend, if any.
pub async fn lock_record<B: KeyValue>(backend: &B) -> Result<Option<LockRecord>, StorageError> {
    match backend.read(&[LOCK]).await?.pop().flatten() {
        Some(bytes) => LockRecord::decode(&bytes),
        None => Ok(None),
    }
}

/// A backend whose values are sealed with `key` (or written in clear when `key` is `None`).
pub struct Locked<B, C> {
    inner: B,
    key: Option<(C, LockRecord)>,
}

impl<B: KeyValue, C: Cipher> Locked<B, C> {
    /// Values in clear: reading locked data is [`StorageError::Locked`]; writing stores in
    /// clear and removes the lock.
    pub fn clear(inner: B) -> Self {
        Locked { inner, key: None }
    }

    /// Values sealed with `cipher`, whose lock record is `record`.
    pub fn with_key(inner: B, cipher: C, record: LockRecord) -> Self {
        Locked {
            inner,
            key: Some((cipher, record)),
        }
    }

    /// True when values are written sealed.
    pub fn is_locked(&self) -> bool {
        self.key.is_some()
    }

    fn keeps_clear(key: &str) -> bool {
        key == META || key == LOCK
    }
}

impl<B: KeyValue, C: Cipher> KeyValue for Locked<B, C> {
    async fn read(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        let mut all: Vec<&str> = keys.to_vec();
        all.push(LOCK);
        let mut values = self.inner.read(&all).await?;
        let stored = values.pop().flatten();
        let record = match stored {
            Some(bytes) => LockRecord::decode(&bytes)?,
            None => None,
        };
        let Some(record) = record else {
            return Ok(values);
        };
        let Some((cipher, mine)) = &self.key else {
            return Err(StorageError::Locked);
        };
        if record.salt != mine.salt || record.check != mine.check {
            // Locked again with another passphrase (another tab): ask for it.
            return Err(StorageError::Locked);
        }
        let mut out = Vec::with_capacity(values.len());
        for (key, value) in keys.iter().zip(values) {
            out.push(match value {
                Some(v) if !Self::keeps_clear(key) => Some(
                    cipher
                        .open(&v)
                        .await?
                        .ok_or(StorageError::Corrupt(Damaged::Unopenable))?,
                ),
                other => other,
            });
        }
        Ok(out)
    }

    async fn write_if(
        &self,
        guard_key: &str,
        expected: Option<Vec<u8>>,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<(), StorageError> {
        let mut out = Vec::with_capacity(entries.len() + 1);
        for (key, value) in entries {
            let value = match &self.key {
                Some((cipher, _)) if !Self::keeps_clear(&key) => cipher.seal(&value).await?,
                _ => value,
            };
            out.push((key, value));
        }
        let record = self.key.as_ref().map_or(Vec::new(), |(_, r)| r.encode());
        out.push((LOCK.to_string(), record));
        self.inner.write_if(guard_key, expected, out).await
    }

    async fn clear(&self) -> Result<(), StorageError> {
        self.inner.clear().await
    }

    /// In clear, streamed from the backend (the lock record read first: sealed data stops
    /// the read as [`StorageError::Locked`] before any piece); sealed values are read whole
    /// and opened.
    async fn read_streamed(
        &self,
        first: &[&str],
        streamed: &str,
        pieces: &mut impl Pieces,
    ) -> Result<bool, StorageError> {
        if self.key.is_some() {
            return read_whole(self, first, streamed, pieces).await;
        }
        let mut keys = first.to_vec();
        keys.push(LOCK);
        self.inner
            .read_streamed(&keys, streamed, &mut Unsealed(pieces))
            .await
    }
}

/// Hands on the pieces of a value read in clear once the lock record (the last of the first
/// values) says the data is not sealed.
struct Unsealed<'p, P>(&'p mut P);

impl<P: Pieces> Pieces for Unsealed<'_, P> {
    async fn first(&mut self, values: &[Option<Vec<u8>>]) -> Result<(), StorageError> {
        let (lock, values) = values.split_last().ok_or(StorageError::Locked)?;
        if let Some(bytes) = lock {
            if LockRecord::decode(bytes)?.is_some() {
                return Err(StorageError::Locked);
            }
        }
        self.0.first(values).await
    }

    async fn piece(&mut self, bytes: &[u8]) -> Result<(), StorageError> {
        self.0.piece(bytes).await
    }
}
