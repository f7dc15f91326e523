//! The workspace backup file: everything Rapport stores (records and preferences) in one
//! download, read back exactly by "Restore backup".
//!
//! ```text
//! b"RAPPORT-BACKUP\0\0"   16 bytes
//! u32 LE                 backup format version (1)
//! u32 LE                 length of the preferences JSON
//! ..                     preferences: JSON object {localStorage key: stored text}
//! ..                     the dataset in the storage codec's format (with its own header
//!                        and checksum)
//! ```
//!
//! Made while a passphrase protects the stored data, the file is sealed with its key
//! ([`seal`]): the same scheme as the stored records (AES-256-GCM, key by PBKDF2-SHA-256
//! from the passphrase and the lock record's salt), so it opens with that passphrase on any
//! machine ([`open`]):
//!
//! ```text
//! b"RAPPORT-SEALED\0\0"   16 bytes
//! u32 LE                 sealed format version (1)
//! u32 LE                 length of the lock record
//! ..                     the lock record (iterations, salt, check value; nothing secret)
//! ..                     the backup above, sealed (iv ‖ ciphertext and tag)
//! ```

use std::collections::BTreeMap;

use super::codec::{self, Damage, DecodeError};
use super::lock::{Cipher, LockRecord};
use super::{Damaged, StorageError};
use crate::core::model::Dataset;

const MAGIC: &[u8; 16] = b"RAPPORT-BACKUP\0\0";
const VERSION: u32 = 1;
const SEALED: &[u8; 16] = b"RAPPORT-SEALED\0\0";
const SEALED_VERSION: u32 = 1;

/// A decoded backup: what a restore puts back.
#[derive(Debug, PartialEq)]
pub struct Backup {
    /// The records, decoded from the dataset's stored form ([`codec`]) inside the file.
    pub dataset: Dataset,
    /// Preferences: localStorage key → stored text.
    pub prefs: BTreeMap<String, String>,
}

/// Writes a backup file.
pub fn encode(dataset: &Dataset, prefs: &BTreeMap<String, String>) -> Vec<u8> {
    let json = serde_json::to_vec(prefs).expect("a string map serialises");
    let data = codec::encode(dataset);
    let mut out = Vec::with_capacity(24 + json.len() + data.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&data);
    out
}

/// Reads a backup file; any damage is an error, never a panic.
pub fn decode(bytes: &[u8]) -> Result<Backup, DecodeError> {
    if bytes.len() < 24 || &bytes[..16] != MAGIC {
        return Err(DecodeError::NotRapport);
    }
    let version = u32::from_le_bytes(bytes[16..20].try_into().unwrap());
    if version > VERSION {
        return Err(DecodeError::TooNew {
            found: version,
            supported: VERSION,
        });
    }
    if version == 0 {
        return Err(Damage::FormatVersionZero.into());
    }
    let len = u32::from_le_bytes(bytes[20..24].try_into().unwrap()) as usize;
    // Checked: on wasm32 `24 + len` can overflow `usize`.
    let end = 24usize
        .checked_add(len)
        .filter(|&end| end <= bytes.len())
        .ok_or(DecodeError::Corrupt(Damage::CutShort))?;
    let prefs: BTreeMap<String, String> =
        serde_json::from_slice(&bytes[24..end]).map_err(|e| Damage::Preferences(e.to_string()))?;
    let dataset = codec::decode(&bytes[end..])?;
    Ok(Backup { dataset, prefs })
}

/// Seals a backup file (from [`encode`]) with the key of a passphrase, whose lock record is
/// `record`.
pub async fn seal<C: Cipher>(
    plain: &[u8],
    cipher: &C,
    record: &LockRecord,
) -> Result<Vec<u8>, StorageError> {
    let record = record.encode();
    let sealed = cipher.seal(plain).await?;
    let mut out = Vec::with_capacity(24 + record.len() + sealed.len());
    out.extend_from_slice(SEALED);
    out.extend_from_slice(&SEALED_VERSION.to_le_bytes());
    out.extend_from_slice(&(record.len() as u32).to_le_bytes());
    out.extend_from_slice(&record);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// The lock record of a sealed backup and its sealed part; `None` for a backup in clear
/// (or any other file: [`decode`] says what it is).
pub fn sealed(bytes: &[u8]) -> Result<Option<(LockRecord, &[u8])>, StorageError> {
    if bytes.len() < 24 || &bytes[..16] != SEALED {
        return Ok(None);
    }
    let version = u32::from_le_bytes(bytes[16..20].try_into().unwrap());
    if version != SEALED_VERSION {
        return Err(StorageError::TooNew {
            found: version,
            supported: SEALED_VERSION,
        });
    }
    let len = u32::from_le_bytes(bytes[20..24].try_into().unwrap()) as usize;
    let end = 24usize
        .checked_add(len)
        .filter(|&end| end <= bytes.len())
        .ok_or(StorageError::Corrupt(Damaged::Data(Damage::CutShort)))?;
    let record =
        LockRecord::decode(&bytes[24..end])?.ok_or(StorageError::Corrupt(Damaged::LockRecord))?;
    Ok(Some((record, &bytes[end..])))
}

/// Opens a sealed backup with `cipher` (derived from the passphrase and the file's salt):
/// a key that is not the file's is [`StorageError::WrongPassphrase`].
pub async fn open<C: Cipher>(bytes: &[u8], cipher: &C) -> Result<Backup, StorageError> {
    let (record, body) = sealed(bytes)?.ok_or(StorageError::Corrupt(Damaged::NotSealed))?;
    if !record.accepts(cipher).await? {
        return Err(StorageError::WrongPassphrase);
    }
    let plain = (cipher.open(body).await?).ok_or(StorageError::Corrupt(Damaged::Unopenable))?;
    Ok(decode(&plain)?)
}
