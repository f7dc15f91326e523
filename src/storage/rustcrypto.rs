//! The terminal's cipher for [`super::lock`]: AES-256-GCM with a key derived from the
//! passphrase by PBKDF2-SHA-256, from RustCrypto's crates (`aes-gcm`, `pbkdf2`, `sha2`) and
//! the system's random numbers (`getrandom`). It seals exactly as the browser's WebCrypto
//! does (`webcrypto`): a fresh random 12-byte IV, then the ciphertext and its 16-byte tag,
//! the passphrase's UTF-8 bytes as PBKDF2's password. So a team workspace written by
//! `rapport publish` opens in the page, and one the page writes opens here. Native only:
//! the web build uses WebCrypto and compiles none of these crates.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use super::lock::Cipher;
use super::StorageError;

const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// An AES-256-GCM key.
#[derive(Clone)]
pub struct RustAesGcm {
    cipher: Aes256Gcm,
}

impl RustAesGcm {
    /// Derives the key of `passphrase` (PBKDF2-SHA-256, `iterations`, `salt`), as
    /// `webcrypto::AesGcm::derive` does.
    pub fn derive(passphrase: &str, salt: &[u8; 16], iterations: u32) -> RustAesGcm {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut key);
        let cipher = RustAesGcm::from_key(&key);
        key.fill(0);
        cipher
    }

    /// A cipher with a raw 256-bit key (known-answer tests).
    pub fn from_key(key: &[u8; 32]) -> RustAesGcm {
        RustAesGcm {
            cipher: Aes256Gcm::new(key.into()),
        }
    }
}

/// `N` random bytes from the operating system.
pub fn random<const N: usize>() -> Result<[u8; N], StorageError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| StorageError::Failed(format!("random numbers: {e}")))?;
    Ok(bytes)
}

impl Cipher for RustAesGcm {
    async fn seal_with(&self, plain: &[u8], additional: &[u8]) -> Result<Vec<u8>, StorageError> {
        let iv: [u8; IV_LEN] = random()?;
        let payload = Payload {
            msg: plain,
            aad: additional,
        };
        let sealed = (self.cipher.encrypt(Nonce::from_slice(&iv), payload))
            .map_err(|_| StorageError::Failed("encrypting".into()))?;
        let mut out = Vec::with_capacity(IV_LEN + sealed.len());
        out.extend_from_slice(&iv);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    async fn open_with(
        &self,
        sealed: &[u8],
        additional: &[u8],
    ) -> Result<Option<Vec<u8>>, StorageError> {
        if sealed.len() < IV_LEN + TAG_LEN {
            return Ok(None);
        }
        let (iv, body) = sealed.split_at(IV_LEN);
        let payload = Payload {
            msg: body,
            aad: additional,
        };
        Ok(self.cipher.decrypt(Nonce::from_slice(iv), payload).ok())
    }
}
