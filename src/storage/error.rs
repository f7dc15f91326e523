//! Why a storage operation failed ([`StorageError`]), and when the stored data is damaged,
//! what is ([`Damaged`]): typed, so the interface words each reason in its languages;
//! `Display` says it in English, for logs.

use super::codec::{Damage, DecodeError};

/// Why a storage operation failed. Every variant leaves what was stored before intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser gives no storage (private mode, blocked by settings, ...).
    Unavailable(String),
    /// The browser's storage quota is full.
    QuotaExceeded,
    /// Another tab saved in the meantime; nothing was written.
    Conflict,
    /// The stored data was written by a newer Rapport; it is left untouched.
    TooNew {
        /// Format version found.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// The stored data is damaged; it is left untouched.
    Corrupt(Damaged),
    /// The stored data is protected by a passphrase that has not been entered (yet).
    Locked,
    /// The passphrase entered does not open the stored data; nothing was changed.
    WrongPassphrase,
    /// The team's published data is shown, which cannot be changed; nothing was changed.
    ReadOnly,
    /// Any other failure reported by the browser.
    Failed(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(
                f,
                "This browser does not let Rapport store data ({why}). You can still import and \
                 explore files, but nothing will be kept after you close the page."
            ),
            StorageError::QuotaExceeded => write!(
                f,
                "The browser's storage is full, so this change was not saved. Your previously \
                 saved data is unchanged. Free some space (or delete old data) and try again."
            ),
            StorageError::Conflict => write!(
                f,
                "Another tab changed your data in the meantime, so this change was not saved. \
                 The other tab's data has been loaded; please redo the change."
            ),
            StorageError::TooNew { found, supported } => write!(
                f,
                "The stored data was written by a newer version of Rapport (format {found}, this \
                 version reads up to {supported}). It was left untouched; open it with the newer version."
            ),
            StorageError::Corrupt(why) => write!(
                f,
                "The stored data could not be read ({why}). It was left untouched; restore a \
                 backup or delete all data to start again."
            ),
            StorageError::Locked => write!(
                f,
                "Your stored data is protected by a passphrase. Enter it to open your data."
            ),
            StorageError::WrongPassphrase => write!(
                f,
                "That passphrase does not open the stored data. Nothing was changed; try again."
            ),
            StorageError::ReadOnly => write!(
                f,
                "The team's data is read-only, so nothing was changed. Switch to your own data \
                 (Mine) to import, edit or delete."
            ),
            StorageError::Failed(why) => write!(f, "Storage failed: {why}. Nothing was changed."),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<DecodeError> for StorageError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::TooNew { found, supported } => StorageError::TooNew { found, supported },
            DecodeError::NotRapport => StorageError::Corrupt(Damaged::NotRapport),
            DecodeError::Corrupt(damage) => StorageError::Corrupt(Damaged::Data(damage)),
        }
    }
}

/// What is damaged in the stored data (or in a backup file): the reason of
/// [`StorageError::Corrupt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damaged {
    /// The dataset's stored form, or a backup file: the codec says what.
    Data(Damage),
    /// The bytes are not Rapport's data.
    NotRapport,
    /// The lock record is damaged, or a sealed backup has none.
    LockRecord,
    /// A sealed value does not open with the key that opens the lock record.
    Unopenable,
    /// A file to open with a passphrase is not a sealed backup.
    NotSealed,
    /// The list of undo steps does not read; the JSON reader's message, for logs.
    UndoList(String),
    /// The generation counter is damaged, or stored without the records (or they without it).
    Generation,
    /// A value the store should hold is missing (its key).
    Missing(String),
    /// A value stored in parts has another number of parts than it says (its key).
    Parts(String),
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damaged::Data(damage) => write!(f, "{damage}"),
            Damaged::NotRapport => write!(f, "not Rapport data"),
            Damaged::LockRecord => write!(f, "the lock record is damaged or missing"),
            Damaged::Unopenable => write!(f, "a sealed value does not open"),
            Damaged::NotSealed => write!(f, "the backup is not sealed"),
            Damaged::UndoList(e) => write!(f, "the undo list: {e}"),
            Damaged::Generation => write!(f, "bad metadata"),
            Damaged::Missing(key) => write!(f, "{key} is not stored"),
            Damaged::Parts(key) => write!(f, "{key}: a bad number of parts"),
        }
    }
}
