//! The team workspace: a team's records, remembered column mappings and parameters, sealed
//! with the team's passphrase, published with the site at [`FILE`] for every member to open
//! read-only. Written by the Data page's "Publish for your team…" and by `rapport publish`.
//!
//! ```text
//! b"RAPPORT-TEAM\0\0\0\0"   16 bytes
//! u32 LE                   format version (1)
//! u32 LE                   length of the header (at most 64 KiB)
//! ..                       header: JSON {"published": "YYYY-MM-DD", "publisher": "…",
//!                          "redacted": bool, "records": {"customers": n, …, "lookups": n}}
//! u32 LE                   length of the lock record
//! ..                       the lock record (`lock::LockRecord`: PBKDF2-SHA-256 iterations,
//!                          16-byte random salt, the sealed check value)
//! ..                       the contents, sealed: 12-byte IV ‖ AES-256-GCM ciphertext and tag
//!                          of a backup file (`backup::encode`: records + preferences), with
//!                          every byte before it (magic to lock record) as additional data
//! u64 LE                   XXH3-64 of every byte before it
//! ```
//!
//! The header is in clear so the page can say who published what and when before the
//! passphrase is typed; as additional data of the seal it cannot be changed without the
//! contents refusing to open ([`WorkspaceError::Tampered`]). The checksum at the end (the
//! same in every version of the format) tells damage ([`WorkspaceError::Damaged`]) from a
//! wrong passphrase before any key is derived; it protects against accidents, the seal
//! against tampering. The key is derived as for the passphrase lock ([`LockRecord`]), so
//! the check value tells a wrong passphrase from tampered contents. The core never reads
//! the clock: the publisher's date is given.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::backup::{self, Backup};
use super::codec::{Damage, DecodeError};
use super::lock::{Cipher, LockRecord};
use super::prefs::{MAPPINGS_KEY, PARAMS_KEY};
use super::StorageError;
use crate::core::model::{Dataset, Day, Kind};
use crate::core::redact::redact;

/// Where the page looks for the team's workspace, relative to the app's root (beside
/// `index.html`).
pub const FILE: &str = "data/workspace.rapport";
const MAGIC: &[u8; 16] = b"RAPPORT-TEAM\0\0\0\0";
const VERSION: u32 = 1;
/// The longest header read.
const MAX_HEADER: usize = 64 * 1024;
/// The most PBKDF2 iterations a workspace may ask for: a damaged or crafted header must not
/// make the page derive a key for hours.
pub const MAX_ITERATIONS: u32 = 10_000_000;
const CHECKSUM: usize = 8;
/// The preferences a workspace carries: the remembered column mappings and the parameters.
pub const SHARED_PREFS: [&str; 2] = [MAPPINGS_KEY, PARAMS_KEY];

/// What the publisher decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    /// The day it is published (the caller's clock: the core reads none).
    pub published: Day,
    /// Who publishes it, as they want the team to read it.
    pub publisher: String,
    /// People replaced by pseudonyms and free text dropped (`core::redact`).
    pub redacted: bool,
}

/// What a workspace says of itself in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The day it was published.
    #[serde(with = "iso_day")]
    pub published: Day,
    /// Who published it.
    pub publisher: String,
    /// People replaced by pseudonyms and free text dropped.
    pub redacted: bool,
    /// How many records of each kind it holds.
    pub records: Counts,
}

/// Records per kind, and lookup files.
#[allow(missing_docs)] // one field per kind
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub customers: u64,
    pub orders: u64,
    pub deals: u64,
    pub tickets: u64,
    pub campaigns: u64,
    pub responses: u64,
    pub lookups: u64,
}

impl Counts {
    /// The counts of a dataset.
    pub fn of(ds: &Dataset) -> Counts {
        let n = |k| ds.count(k) as u64;
        Counts {
            customers: n(Kind::Customers),
            orders: n(Kind::Orders),
            deals: n(Kind::Deals),
            tickets: n(Kind::Tickets),
            campaigns: n(Kind::Campaigns),
            responses: n(Kind::Responses),
            lookups: ds.lookups.len() as u64,
        }
    }

    /// The records of a kind.
    pub fn get(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Customers => self.customers,
            Kind::Orders => self.orders,
            Kind::Deals => self.deals,
            Kind::Tickets => self.tickets,
            Kind::Campaigns => self.campaigns,
            Kind::Responses => self.responses,
        }
    }
}

mod iso_day {
    use crate::core::model::Day;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&day.iso())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .ok()
            .map(Day::from_naive)
            .filter(|day| (Day::MIN..=Day::MAX).contains(day))
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {text:?}")))
    }
}

/// Why a workspace does not open. Typed, so the interface words each reason in its
/// languages; `Display` says it in English, for the terminal and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkspaceError {
    /// Not a team workspace (another file at its address).
    NotWorkspace,
    /// Written by a newer Rapport.
    TooNew {
        /// The format version the file declares.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The bytes are damaged (or cut short): what is.
    Damaged(Damage),
    /// The bytes are intact and the passphrase right, but the sealed contents do not open
    /// with the header: one of them was changed after publishing.
    Tampered,
    /// The passphrase is not the team's.
    WrongPassphrase,
    /// The cipher failed (the browser's WebCrypto, the system's random numbers).
    Cipher(StorageError),
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkspaceError::NotWorkspace => write!(f, "this is not a Rapport team workspace"),
            WorkspaceError::TooNew { found, supported } => write!(
                f,
                "the workspace was written by a newer version of Rapport (format {found}; this \
                 version reads up to {supported})"
            ),
            WorkspaceError::Damaged(d) => write!(f, "the workspace is damaged ({d})"),
            WorkspaceError::Tampered => write!(
                f,
                "the workspace's contents do not match its header: it was changed after it \
                 was published"
            ),
            WorkspaceError::WrongPassphrase => {
                write!(f, "that passphrase does not open the workspace")
            }
            WorkspaceError::Cipher(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WorkspaceError {}

impl From<StorageError> for WorkspaceError {
    fn from(e: StorageError) -> Self {
        WorkspaceError::Cipher(e)
    }
}

/// The preferences a workspace carries ([`SHARED_PREFS`]) out of all of them.
pub fn shared_prefs(all: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    (all.iter())
        .filter(|(k, _)| SHARED_PREFS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The header and the contents (a backup file, in clear) of a workspace: the dataset
/// redacted when the publication says so, the shared preferences.
pub fn contents(
    publication: &Publication,
    dataset: &Dataset,
    prefs: &BTreeMap<String, String>,
) -> (Header, Vec<u8>) {
    let redacted;
    let dataset = if publication.redacted {
        redacted = redact(dataset);
        &redacted
    } else {
        dataset
    };
    let header = Header {
        published: publication.published,
        publisher: publication.publisher.trim().to_string(),
        redacted: publication.redacted,
        records: Counts::of(dataset),
    };
    (header, backup::encode(dataset, &shared_prefs(prefs)))
}

/// Writes a workspace: `header` and `plain` (from [`contents`]) sealed with `cipher`, whose
/// lock record is `record`.
pub async fn seal<C: Cipher>(
    header: &Header,
    plain: &[u8],
    cipher: &C,
    record: &LockRecord,
) -> Result<Vec<u8>, WorkspaceError> {
    let json = serde_json::to_vec(header).expect("a header serialises");
    let record = record.encode();
    let mut out = Vec::with_capacity(32 + json.len() + record.len() + plain.len() + 40);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(record.len() as u32).to_le_bytes());
    out.extend_from_slice(&record);
    let sealed = cipher.seal_with(plain, &out).await?;
    out.extend_from_slice(&sealed);
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// [`contents`] then [`seal`].
pub async fn publish<C: Cipher>(
    publication: &Publication,
    dataset: &Dataset,
    prefs: &BTreeMap<String, String>,
    cipher: &C,
    record: &LockRecord,
) -> Result<Vec<u8>, WorkspaceError> {
    let (header, plain) = contents(publication, dataset, prefs);
    seal(&header, &plain, cipher, record).await
}

/// A workspace read up to its sealed contents: what it says in clear.
#[derive(Debug, PartialEq)]
pub struct Sealed<'a> {
    /// Who published what, when.
    pub header: Header,
    /// How the key is derived from the passphrase (salt, iterations) and its check value.
    pub record: LockRecord,
    /// The bytes the seal authenticates with the contents.
    additional: &'a [u8],
    /// The sealed contents.
    body: &'a [u8],
}

/// Reads a workspace's clear part; any damage is an error, never a panic.
pub fn read(bytes: &[u8]) -> Result<Sealed<'_>, WorkspaceError> {
    let damaged = |d| WorkspaceError::Damaged(d);
    let undecodable = |what: &str| damaged(Damage::Undecodable(what.into()));
    if !bytes.starts_with(MAGIC) {
        return Err(WorkspaceError::NotWorkspace);
    }
    let Some(end) = bytes.len().checked_sub(CHECKSUM).filter(|&e| e >= 24) else {
        return Err(damaged(Damage::CutShort));
    };
    let (rest, sum) = bytes.split_at(end);
    if xxhash_rust::xxh3::xxh3_64(rest).to_le_bytes() != sum {
        return Err(damaged(Damage::Checksum));
    }
    let u32_at = |at: usize| -> Result<u32, WorkspaceError> {
        (rest.get(at..at + 4))
            .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")))
            .ok_or(damaged(Damage::CutShort))
    };
    match u32_at(16)? {
        0 => return Err(damaged(Damage::FormatVersionZero)),
        VERSION => {}
        found => {
            return Err(WorkspaceError::TooNew {
                found,
                supported: VERSION,
            })
        }
    }
    let header_len = u32_at(20)? as usize;
    if header_len > MAX_HEADER {
        return Err(undecodable("header length"));
    }
    let header_end = 24 + header_len;
    let json = rest.get(24..header_end).ok_or(damaged(Damage::CutShort))?;
    let header: Header = serde_json::from_slice(json).map_err(|_| undecodable("header"))?;
    let record_len = u32_at(header_end)? as usize;
    let record_end = (header_end + 4)
        .checked_add(record_len)
        .filter(|&e| e <= rest.len())
        .ok_or(damaged(Damage::CutShort))?;
    let record = LockRecord::decode(&rest[header_end + 4..record_end])
        .ok()
        .flatten()
        .ok_or_else(|| undecodable("lock record"))?;
    if !(1..=MAX_ITERATIONS).contains(&record.iterations) {
        return Err(undecodable("iterations"));
    }
    let (additional, body) = rest.split_at(record_end);
    if body.len() < 12 + 16 {
        return Err(damaged(Damage::CutShort));
    }
    Ok(Sealed {
        header,
        record,
        additional,
        body,
    })
}

/// Opens a workspace's contents with `cipher` (derived from the passphrase and the
/// record's salt and iterations): the records and the shared preferences.
pub async fn open<C: Cipher>(sealed: &Sealed<'_>, cipher: &C) -> Result<Backup, WorkspaceError> {
    if !sealed.record.accepts(cipher).await? {
        return Err(WorkspaceError::WrongPassphrase);
    }
    let plain = (cipher.open_with(sealed.body, sealed.additional).await?)
        .ok_or(WorkspaceError::Tampered)?;
    let mut backup = backup::decode(&plain).map_err(|e| match e {
        DecodeError::NotRapport => WorkspaceError::Damaged(Damage::Undecodable("contents".into())),
        DecodeError::TooNew { found, supported } => WorkspaceError::TooNew { found, supported },
        DecodeError::Corrupt(d) => WorkspaceError::Damaged(d),
    })?;
    // Only what a workspace carries, whatever a crafted one holds.
    backup.prefs = shared_prefs(&backup.prefs);
    if Counts::of(&backup.dataset) != sealed.header.records {
        return Err(WorkspaceError::Tampered);
    }
    Ok(backup)
}
