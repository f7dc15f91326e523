//! The stored form of a [`Dataset`]: a small header, then the dataset in postcard (serde's
//! compact binary format).
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"RAPPORT\0"
//! 8       4     format version, u32 little-endian (FORMAT_VERSION)
//! 12      4     CRC-32 of the body, u32 little-endian
//! 16      8     body length in bytes, u64 little-endian
//! 24      ..    body: postcard(Dataset) of that version
//! ```
//!
//! Decoding checks everything (magic, version, length, checksum, every symbol in range) so
//! that corrupt bytes give an error, never a panic. Older versions are migrated on load; a
//! newer version is refused and must be left untouched by the caller.

use crate::core::model::Dataset;

/// Identifies Rapport's stored data.
pub const MAGIC: [u8; 8] = *b"RAPPORT\0";
/// The version this build writes.
pub const FORMAT_VERSION: u32 = 1;
const HEADER: usize = 24;

/// Why stored data could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not Rapport data at all (wrong magic or too short).
    NotRapport,
    /// Written by a newer Rapport: refused, and must not be overwritten.
    TooNew {
        /// The version found.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The bytes are damaged (length, checksum or content).
    Corrupt(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotRapport => write!(f, "this is not Rapport data"),
            DecodeError::TooNew { found, supported } => write!(
                f,
                "the stored data was written by a newer version of Rapport (format {found}; this \
                 version reads up to {supported}). Open it with the newer version; nothing was changed."
            ),
            DecodeError::Corrupt(why) => write!(f, "the stored data is damaged ({why})"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Encodes a dataset in the current format.
pub fn encode(dataset: &Dataset) -> Vec<u8> {
    let body = postcard::to_stdvec(dataset).expect("a dataset always serialises");
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// The format version of stored bytes, without decoding the body.
pub fn version_of(bytes: &[u8]) -> Result<u32, DecodeError> {
    if bytes.len() < HEADER || bytes[..8] != MAGIC {
        return Err(DecodeError::NotRapport);
    }
    Ok(u32::from_le_bytes(bytes[8..12].try_into().unwrap()))
}

/// Decodes stored bytes of any supported version into a dataset.
pub fn decode(bytes: &[u8]) -> Result<Dataset, DecodeError> {
    let mut decoder = Decoder::new(bytes)?;
    while decoder.step()? {}
    decoder.finish()
}

/// Decodes stored bytes step by step, so a caller can report progress (and let the browser
/// paint) in between: [`Decoder::new`] checks the header, each [`Decoder::step`] decodes a
/// part, [`Decoder::finish`] checks the whole and hands out the dataset.
pub struct Decoder<'a> {
    body: &'a [u8],
    done: u64,
    dataset: Option<Dataset>,
}

impl<'a> Decoder<'a> {
    /// Checks the header (magic, version, length, checksum).
    pub fn new(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let version = version_of(bytes)?;
        if version > FORMAT_VERSION {
            return Err(DecodeError::TooNew {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if version == 0 {
            return Err(DecodeError::Corrupt("format version 0".into()));
        }
        let crc = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
        let len = u64::from_le_bytes(bytes[16..24].try_into().unwrap());
        let body = &bytes[HEADER..];
        if body.len() as u64 != len {
            return Err(DecodeError::Corrupt(format!(
                "expected {len} bytes of data, found {}",
                body.len()
            )));
        }
        if crc32fast::hash(body) != crc {
            return Err(DecodeError::Corrupt("checksum mismatch".into()));
        }
        Ok(Decoder {
            body,
            done: 0,
            dataset: None,
        })
    }

    /// Bytes to decode in all.
    pub fn total(&self) -> u64 {
        self.body.len() as u64
    }

    /// Bytes decoded so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// Decodes the next part; `false` once everything is decoded.
    pub fn step(&mut self) -> Result<bool, DecodeError> {
        if self.dataset.is_some() {
            return Ok(false);
        }
        // Version 1 is the current one; older versions get a migration arm here.
        let (dataset, rest): (Dataset, _) = postcard::take_from_bytes(self.body)
            .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
        if !rest.is_empty() {
            return Err(DecodeError::Corrupt(format!(
                "{} unexpected bytes at the end",
                rest.len()
            )));
        }
        self.dataset = Some(dataset);
        self.done = self.total();
        Ok(true)
    }

    /// The decoded dataset, checked (every symbol in range, dates in the calendar).
    pub fn finish(self) -> Result<Dataset, DecodeError> {
        let dataset = self
            .dataset
            .ok_or_else(|| DecodeError::Corrupt("not decoded yet".into()))?;
        dataset.check().map_err(DecodeError::Corrupt)?;
        Ok(dataset)
    }
}
