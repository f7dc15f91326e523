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

use std::collections::BTreeMap;

use super::codec::{self, DecodeError};
use crate::core::model::Dataset;

const MAGIC: &[u8; 16] = b"RAPPORT-BACKUP\0\0";
const VERSION: u32 = 1;

/// A decoded backup.
#[derive(Debug, PartialEq)]
pub struct Backup {
    /// The records.
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
        return Err(DecodeError::Corrupt("backup format version 0".into()));
    }
    let len = u32::from_le_bytes(bytes[20..24].try_into().unwrap()) as usize;
    // Checked: on wasm32 `24 + len` can overflow `usize`.
    let end = 24usize
        .checked_add(len)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| DecodeError::Corrupt("the file is cut short".into()))?;
    let prefs: BTreeMap<String, String> = serde_json::from_slice(&bytes[24..end])
        .map_err(|e| DecodeError::Corrupt(format!("preferences: {e}")))?;
    let dataset = codec::decode(&bytes[end..])?;
    Ok(Backup { dataset, prefs })
}
