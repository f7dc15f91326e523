//! The browser's cipher for [`super::lock`]: AES-256-GCM (WebCrypto) with a key derived from
//! the passphrase by PBKDF2-SHA-256. The key is not extractable; the passphrase is dropped
//! as soon as the key is derived. Sealed values are a fresh 12-byte random IV followed by
//! the ciphertext and its 16-byte tag.

use super::lock::Cipher;
use super::StorageError;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

const IV_LEN: usize = 12;

/// An AES-GCM key in WebCrypto.
#[derive(Clone)]
pub struct AesGcm {
    key: CryptoKey,
}

fn failed(what: &str, e: JsValue) -> StorageError {
    StorageError::Failed(format!(
        "{what}: {}",
        e.as_string()
            .or_else(|| Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string()))
            .unwrap_or_else(|| "WebCrypto is unavailable".into())
    ))
}

fn crypto() -> Result<web_sys::Crypto, StorageError> {
    web_sys::window()
        .ok_or_else(|| StorageError::Unavailable("no window".into()))?
        .crypto()
        .map_err(|e| failed("WebCrypto", e))
}

fn subtle() -> Result<SubtleCrypto, StorageError> {
    Ok(crypto()?.subtle())
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// `n` random bytes from the browser's CSPRNG.
pub fn random<const N: usize>() -> Result<[u8; N], StorageError> {
    let mut bytes = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| failed("random numbers", e))?;
    Ok(bytes)
}

impl AesGcm {
    /// Derives the key of `passphrase` (PBKDF2-SHA-256, `iterations`, `salt`).
    pub async fn derive(
        passphrase: &str,
        salt: &[u8; 16],
        iterations: u32,
    ) -> Result<AesGcm, StorageError> {
        let subtle = subtle()?;
        let raw = Uint8Array::from(passphrase.as_bytes());
        let usages = Array::of1(&"deriveKey".into());
        let base = subtle
            .import_key_with_object(
                "raw",
                &raw,
                &object(&[("name", "PBKDF2".into())]),
                false,
                &usages,
            )
            .map_err(|e| failed("importing the passphrase", e))?;
        let base: CryptoKey = JsFuture::from(base)
            .await
            .map_err(|e| failed("importing the passphrase", e))?
            .unchecked_into();
        let params = object(&[
            ("name", "PBKDF2".into()),
            ("hash", "SHA-256".into()),
            ("salt", Uint8Array::from(salt.as_slice()).into()),
            ("iterations", iterations.into()),
        ]);
        let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
        let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
        let key = subtle
            .derive_key_with_object_and_object(&params, &base, &aes, false, &usages)
            .map_err(|e| failed("deriving the key", e))?;
        let key: CryptoKey = JsFuture::from(key)
            .await
            .map_err(|e| failed("deriving the key", e))?
            .unchecked_into();
        Ok(AesGcm { key })
    }
}

/// AES-GCM's parameters: the IV, and the additional data when there is any (none and empty
/// authenticate the same).
fn gcm(iv: &[u8], additional: &[u8]) -> Object {
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ]);
    if !additional.is_empty() {
        let _ = Reflect::set(
            &params,
            &"additionalData".into(),
            &Uint8Array::from(additional),
        );
    }
    params
}

impl Cipher for AesGcm {
    async fn seal_with(&self, plain: &[u8], additional: &[u8]) -> Result<Vec<u8>, StorageError> {
        let iv: [u8; IV_LEN] = random()?;
        let promise = subtle()?
            .encrypt_with_object_and_u8_array(&gcm(&iv, additional), &self.key, plain)
            .map_err(|e| failed("encrypting", e))?;
        let sealed = JsFuture::from(promise)
            .await
            .map_err(|e| failed("encrypting", e))?;
        let sealed = Uint8Array::new(&sealed);
        let mut out = Vec::with_capacity(IV_LEN + sealed.length() as usize);
        out.extend_from_slice(&iv);
        out.resize(IV_LEN + sealed.length() as usize, 0);
        sealed.copy_to(&mut out[IV_LEN..]);
        Ok(out)
    }

    async fn open_with(
        &self,
        sealed: &[u8],
        additional: &[u8],
    ) -> Result<Option<Vec<u8>>, StorageError> {
        if sealed.len() < IV_LEN + 16 {
            return Ok(None);
        }
        let (iv, body) = sealed.split_at(IV_LEN);
        let promise = subtle()?
            .decrypt_with_object_and_u8_array(&gcm(iv, additional), &self.key, body)
            .map_err(|e| failed("decrypting", e))?;
        // A value that does not authenticate rejects with an OperationError.
        match JsFuture::from(promise).await {
            Ok(plain) => Ok(Some(Uint8Array::new(&plain).to_vec())),
            Err(_) => Ok(None),
        }
    }
}
