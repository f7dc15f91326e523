//! Stored data and backup files on arbitrary bytes: any bytes in → an error or a dataset,
//! never a panic; whatever is accepted can be shown and stored again unchanged.
//!
//! Arbitrary bytes rarely get past the checksum, so each input is also decoded with its
//! header repaired (right magic, version, length and CRC for the bytes it carries): that
//! lets the fuzzer reach the dataset decoder and its checks.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::storage::{backup, codec};

#[path = "common.rs"]
mod common;

const BACKUP_MAGIC: &[u8; 16] = b"RAPPORT-BACKUP\0\0";
const HEADER: usize = 24;

fuzz_target!(|data: &[u8]| {
    decode_stored(data);
    decode_stored(&repair_stored(data));
    decode_backup(data);
    if let Some(repaired) = repair_backup(data) {
        decode_backup(&repaired);
    }
});

fn decode_stored(bytes: &[u8]) {
    if let Ok(ds) = codec::decode(bytes) {
        common::check_dataset(&ds);
    }
}

fn decode_backup(bytes: &[u8]) {
    if let Ok(b) = backup::decode(bytes) {
        common::check_dataset(&b.dataset);
        let again = backup::encode(&b.dataset, &b.prefs);
        match backup::decode(&again) {
            Ok(back) => {
                assert!(back.prefs == b.prefs, "preferences change in a backup");
                assert!(
                    backup::encode(&back.dataset, &back.prefs) == again,
                    "a backup changes when written and read back"
                );
            }
            Err(e) => panic!("a backup does not read back: {e}"),
        }
    }
}

/// The stored form of `bytes` with a correct format-1 header (one checksum over the whole
/// body, so any body gets past it and into the decoder): the body after an existing header,
/// or all of `bytes` as the body. Format 2's parts are reached by the unrepaired input.
fn repair_stored(bytes: &[u8]) -> Vec<u8> {
    let body = if bytes.len() >= HEADER && bytes[..8] == codec::MAGIC {
        &bytes[HEADER..]
    } else {
        bytes
    };
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(&codec::MAGIC);
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// A backup file with its inner stored data repaired, when `bytes` look like a backup.
fn repair_backup(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 24 || &bytes[..16] != BACKUP_MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(bytes[20..24].try_into().unwrap()) as usize;
    let end = 24usize.checked_add(len).filter(|&e| e <= bytes.len())?;
    let mut out = bytes[..end].to_vec();
    out.extend_from_slice(&repair_stored(&bytes[end..]));
    Some(out)
}
