//! Why stored bytes do not decode: [`DecodeError`], and when they are damaged, what is
//! ([`Damage`]). Typed, so the interface words each reason in its languages; `Display` says
//! it in English with its details, for logs and the terminal.

use crate::model::{CheckError, InternerError};

/// Why stored data could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not Rapport data at all (wrong magic or too short).
    NotRapport,
    /// Written by a newer Rapport: refused, and must not be overwritten.
    TooNew {
        /// The format version the bytes declare.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The bytes are damaged.
    Corrupt(Damage),
}

/// What is damaged in stored bytes (a dataset's stored form, or a backup file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The bytes end before what their header announces (the data, its part directory, a
    /// part, a backup's preferences).
    CutShort,
    /// The header says format version 0, which no Rapport writes.
    FormatVersionZero,
    /// The data is not as long as its header says (in bytes, after the header).
    Length {
        /// The length the header gives.
        expected: u64,
        /// The length found.
        found: u64,
    },
    /// Bytes left over after the parts, or after a part's value.
    ExtraBytes(u64),
    /// A checksum does not match: the bytes changed after they were written.
    Checksum,
    /// The parts do not fit together: one is missing, repeated, out of place, of another
    /// format than the data, or at odds with the others; the text says which, for logs.
    Inconsistent(String),
    /// A part's bytes do not read as what the part holds; the reader's message, for logs.
    Undecodable(String),
    /// The stored strings do not make a table of strings.
    Strings(InternerError),
    /// The records decoded fail their check.
    Records(CheckError),
    /// A backup's preferences are not a map of texts; the JSON reader's message, for logs.
    Preferences(String),
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
            DecodeError::Corrupt(damage) => write!(f, "the stored data is damaged ({damage})"),
        }
    }
}

impl std::error::Error for DecodeError {}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::CutShort => write!(f, "the bytes are cut short"),
            Damage::FormatVersionZero => write!(f, "format version 0"),
            Damage::Length { expected, found } => {
                write!(f, "expected {expected} bytes of data, found {found}")
            }
            Damage::ExtraBytes(n) => write!(f, "{n} unexpected bytes"),
            Damage::Checksum => write!(f, "checksum mismatch"),
            Damage::Inconsistent(what) | Damage::Undecodable(what) => write!(f, "{what}"),
            Damage::Strings(e) => write!(f, "{e}"),
            Damage::Records(e) => write!(f, "{e}"),
            Damage::Preferences(e) => write!(f, "preferences: {e}"),
        }
    }
}

impl From<Damage> for DecodeError {
    fn from(damage: Damage) -> Self {
        DecodeError::Corrupt(damage)
    }
}

/// Stored strings that do not make an interner are damage.
impl From<InternerError> for DecodeError {
    fn from(e: InternerError) -> Self {
        DecodeError::Corrupt(Damage::Strings(e))
    }
}

/// A decoded dataset that fails its check is damage.
impl From<CheckError> for DecodeError {
    fn from(e: CheckError) -> Self {
        DecodeError::Corrupt(Damage::Records(e))
    }
}
