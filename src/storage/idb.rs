//! IndexedDB through web-sys: one database, one object store, a few keys (a large value in
//! parts of 1 MB, see [`write_if`], read and decoded part by part: [`read_streamed`]).
//!
//! We use web-sys directly rather than a wrapper crate: we need four operations (open, read a
//! few keys, write a few keys in one transaction, clear), the wrappers (rexie, idb,
//! indexed_db_futures) each add their own futures layer and version churn, and the
//! transaction semantics we rely on (one readwrite transaction = all or nothing; a read and a
//! conditional write in the same transaction) are easiest to see in plain callbacks.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::{Damaged, Pieces, StorageError};
use std::cell::RefCell;
use std::rc::Rc;

const DB_NAME: &str = "rapport";
const DB_VERSION: u32 = 1;
const STORE: &str = "records";

fn js_error(e: JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string());
    let message = js_sys::Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into());
    // Shown inside a sentence of ours: "(message)." without a doubled period.
    let message = message.trim_end_matches('.').to_string();
    match name.as_deref() {
        Some("QuotaExceededError") => StorageError::QuotaExceeded,
        Some("InvalidStateError" | "SecurityError" | "UnknownError") => {
            StorageError::Unavailable(message)
        }
        _ => StorageError::Failed(message),
    }
}

/// Turns a request (or a transaction, via its events) into a future.
fn request_future(request: &IdbRequest) -> JsFuture {
    request_future_then(request, |_| Ok(()))
}

/// [`request_future`], running `then` on the result in the request's success callback
/// first (where its transaction is active, so it may make more requests); an error of
/// `then` is the future's error.
fn request_future_then(
    request: &IdbRequest,
    then: impl FnOnce(&JsValue) -> Result<(), JsValue> + 'static,
) -> JsFuture {
    let request = request.clone();
    let mut then = Some(then);
    let promise = Promise::new(&mut |resolve, reject| {
        let (req, then, fail) = (request.clone(), then.take(), reject.clone());
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let result = req.result().unwrap_or(JsValue::UNDEFINED);
            match then.map_or(Ok(()), |then| then(&result)) {
                Ok(()) => resolve.call1(&JsValue::NULL, &result),
                Err(e) => fail.call1(&JsValue::NULL, &e),
            }
            .ok();
        });
        let req = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let err = req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
}

fn transaction_future(tx: &IdbTransaction) -> JsFuture {
    let tx = tx.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t = tx.clone();
        let reject2 = reject.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let err = t.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        let t = tx.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let err = t
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("aborted"));
            let _ = reject2.call1(&JsValue::NULL, &err);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
}

async fn open() -> Result<IdbDatabase, StorageError> {
    // Any use of the database but the prefetched read drops it (see `prefetched`).
    drop(take_prefetch());
    let factory = web_sys::window()
        .ok_or_else(|| StorageError::Unavailable("no window".into()))?
        .indexed_db()
        .map_err(js_error)?
        .ok_or_else(|| {
            StorageError::Unavailable("IndexedDB is not available in this browser".into())
        })?;
    let request = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(js_error)?;
    let on_upgrade = Closure::once_into_js(move |e: web_sys::Event| {
        let request: web_sys::IdbOpenDbRequest = e.target().unwrap().unchecked_into();
        let db: IdbDatabase = request.result().unwrap().unchecked_into();
        if !db.object_store_names().contains(STORE) {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = request_future(&request).await.map_err(js_error)?;
    Ok(db.unchecked_into())
}

fn store(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), StorageError> {
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(js_error)?;
    let store = tx.object_store(STORE).map_err(js_error)?;
    Ok((tx, store))
}

/// Values longer than this are stored in parts of this size (see [`write_if`]): a load
/// decodes the parts it has while IndexedDB reads the next ones ([`read_streamed`]); in
/// Chromium the first 1 MB part of 38 MB arrives after ~6 ms, the first 8 MB one after
/// 40–90 ms, and all of them in about the same time either way.
const PART_BYTES: usize = 1 << 20;

/// Most parts a value may say it has (a damaged count asks for no more than this).
const MAX_PARTS: f64 = 65_536.0;

/// The key of part `i` of the value under `key`: zero-padded, so the parts sort in order.
fn part_key(key: &str, i: usize) -> String {
    format!("{key}#{i:06}")
}

/// The keys of every part of the value under `key`.
fn parts_range(key: &str) -> Result<web_sys::IdbKeyRange, StorageError> {
    let (lower, upper) = (format!("{key}#"), format!("{key}#\u{ffff}"));
    web_sys::IdbKeyRange::bound(&lower.into(), &upper.into()).map_err(js_error)
}

/// Reads several keys in one transaction (a consistent view). Missing keys give `None`.
pub async fn read(keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
    crate::perf::mark("rapport:idb-read-start");
    let db = open().await?;
    let (_tx, store) = store(&db, IdbTransactionMode::Readonly)?;
    // Each key with its parts, all asked for at once: nothing waits inside the transaction.
    let requests: Vec<(IdbRequest, IdbRequest)> = keys
        .iter()
        .map(|k| {
            let value = store.get(&JsValue::from_str(k)).map_err(js_error)?;
            let range: JsValue = parts_range(k)?.into();
            let parts = store.get_all_with_key(&range).map_err(js_error)?;
            Ok((value, parts))
        })
        .collect::<Result<_, StorageError>>()?;
    let mut out = Vec::with_capacity(keys.len());
    for (key, (value, parts)) in keys.iter().zip(&requests) {
        let value = request_future(value).await.map_err(js_error)?;
        let parts = request_future(parts).await.map_err(js_error)?;
        out.push(if value.is_undefined() || value.is_null() {
            None
        } else if let Some(n) = value.as_f64() {
            // Stored in parts.
            let parts: js_sys::Array = parts.unchecked_into();
            if parts.length() as f64 != n {
                return Err(StorageError::Failed(format!(
                    "{key}: {} of its {n} parts are stored",
                    parts.length()
                )));
            }
            // Each part copied once, straight into its place.
            let parts: Vec<Uint8Array> = parts.iter().map(|p| Uint8Array::new(&p)).collect();
            let len = parts.iter().map(|p| p.length() as usize).sum();
            let mut bytes = vec![0; len];
            let mut at = 0;
            for part in &parts {
                let end = at + part.length() as usize;
                part.copy_to(&mut bytes[at..end]);
                at = end;
            }
            Some(bytes)
        } else {
            Some(Uint8Array::new(&value).to_vec())
        });
    }
    db.close();
    crate::perf::measure_since("rapport:idb-read", "rapport:idb-read-start");
    Ok(out)
}

/// [`read`] of `first` and then `streamed` (one transaction), handing `streamed`'s value
/// to `pieces` part by part as IndexedDB delivers them, so that they are decoded while the
/// next ones are read. Every part is asked for at once, in the success callback of the
/// value that says how many there are (the transaction is surely active there), each with
/// its result kept until it is taken. A reload's first read is the one `prefetch.js`
/// started as the page loaded, when it read the same keys (see [`prefetched`]).
pub async fn read_streamed(
    first: &[&str],
    streamed: &str,
    pieces: &mut impl Pieces,
) -> Result<bool, StorageError> {
    crate::perf::mark("rapport:idb-read-start");
    let (reads, db) = match prefetched(first, streamed).await {
        Some(reads) => {
            crate::perf::mark("rapport:idb-prefetched");
            (reads, None)
        }
        None => {
            let db = open().await?;
            (request_streamed(&db, first, streamed)?, Some(db))
        }
    };
    let result = take_streamed(first, streamed, reads, pieces).await;
    if let Some(db) = db {
        db.close();
    }
    crate::perf::measure_since("rapport:idb-read", "rapport:idb-read-start");
    result
}

/// The requests of a streamed read, made: the values of the keys read first, the value
/// read in parts (its number of parts, or itself), and its parts, asked for once the
/// value's success callback ran (so, once `value` is ready).
struct Streamed {
    values: Vec<JsFuture>,
    value: JsFuture,
    parts: Box<dyn FnOnce() -> Vec<JsFuture>>,
}

/// [`read_streamed`]'s requests in a transaction of `db`.
fn request_streamed(
    db: &IdbDatabase,
    first: &[&str],
    streamed: &str,
) -> Result<Streamed, StorageError> {
    let (_tx, store) = store(db, IdbTransactionMode::Readonly)?;
    let values = first
        .iter()
        .map(|k| {
            let request = store.get(&JsValue::from_str(k)).map_err(js_error)?;
            Ok(request_future(&request))
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    let request = store.get(&JsValue::from_str(streamed)).map_err(js_error)?;
    let parts: Rc<RefCell<Vec<JsFuture>>> = Rc::default();
    let value = {
        let (parts, store, key) = (parts.clone(), store.clone(), streamed.to_string());
        request_future_then(&request, move |value| {
            let count = value.as_f64();
            if let Some(n) = count.filter(|n| n.fract() == 0.0 && (0.0..=MAX_PARTS).contains(n)) {
                for i in 0..n as usize {
                    let part = store.get(&JsValue::from_str(&part_key(&key, i)))?;
                    parts.borrow_mut().push(request_future(&part));
                }
            }
            Ok(())
        })
    };
    Ok(Streamed {
        values,
        value,
        parts: Box::new(move || std::mem::take(&mut *parts.borrow_mut())),
    })
}

/// The read that `prefetch.js` (inlined in index.html) started as the page loaded, when
/// it is of `first` and `streamed` and still there. It is there once: [`open`] drops it
/// too, so whatever the storage module's first use of IndexedDB is, no later read gets
/// bytes older than it.
async fn prefetched(first: &[&str], streamed: &str) -> Option<Streamed> {
    let reads = JsFuture::from(take_prefetch()?).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&reads, &name.into()).ok();
    let keys: Vec<String> = js_sys::Array::from(&field("first")?)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    if keys != first || field("streamed")?.as_string().as_deref() != Some(streamed) {
        return None;
    }
    let futures = |array: JsValue| -> Vec<JsFuture> {
        js_sys::Array::from(&array)
            .iter()
            .map(|p| JsFuture::from(Promise::from(p)))
            .collect()
    };
    let values = futures(field("values")?);
    let value = JsFuture::from(Promise::from(field("value")?));
    let parts = field("parts")?;
    Some(Streamed {
        values,
        value,
        parts: Box::new(move || futures(parts)),
    })
}

/// Takes the prefetched read (see [`prefetched`]), if any is left.
fn take_prefetch() -> Option<Promise> {
    let prefetch = js_sys::Reflect::get(&js_sys::global(), &"rapportPrefetch".into()).ok()?;
    let take = js_sys::Reflect::get(&prefetch, &"take".into()).ok()?;
    let take: &js_sys::Function = take.dyn_ref()?;
    take.call0(&prefetch).ok()?.dyn_into().ok()
}

/// Hands the results of a streamed read to `pieces`, in order.
async fn take_streamed(
    first: &[&str],
    streamed: &str,
    reads: Streamed,
    pieces: &mut impl Pieces,
) -> Result<bool, StorageError> {
    let mut values = Vec::with_capacity(first.len());
    for (key, value) in first.iter().zip(reads.values) {
        let value = value.await.map_err(js_error)?;
        values.push(if value.is_undefined() || value.is_null() {
            None
        } else if value.as_f64().is_some() {
            return Err(StorageError::Failed(format!("{key} is stored in parts")));
        } else {
            Some(Uint8Array::new(&value).to_vec())
        });
    }
    let value = reads.value.await.map_err(js_error)?;
    crate::perf::mark("rapport:idb-got");
    pieces.first(&values).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    let Some(n) = value.as_f64() else {
        pieces.piece(&Uint8Array::new(&value).to_vec()).await?;
        return Ok(true);
    };
    let parts = (reads.parts)();
    if parts.len() as f64 != n {
        return Err(StorageError::Corrupt(Damaged::Parts(streamed.to_string())));
    }
    for (i, part) in parts.into_iter().enumerate() {
        let part = part.await.map_err(js_error)?;
        if part.is_undefined() || part.is_null() {
            return Err(StorageError::Failed(format!(
                "{streamed}: part {} of its {n} parts is not stored",
                i + 1
            )));
        }
        pieces.piece(&Uint8Array::new(&part).to_vec()).await?;
    }
    Ok(true)
}

/// One put of a write: a key and its value (bytes, or the number of parts of a value
/// stored in parts).
type Put = (String, JsValue);

/// Puts `puts` one after the other, each in the success callback of the one before: a put
/// copies its value (a structured clone) in the task that makes it, so the parts of a
/// large value are copied in tasks of their own instead of in one long one.
fn put_chain(tx: IdbTransaction, mut puts: std::collections::VecDeque<Put>) {
    let Some((key, value)) = puts.pop_front() else {
        return;
    };
    let request = tx
        .object_store(STORE)
        .and_then(|store| store.put_with_key(&value, &JsValue::from_str(&key)));
    match request {
        Ok(request) => {
            let next = Closure::once_into_js(move |_: web_sys::Event| put_chain(tx, puts));
            request.set_onsuccess(Some(next.unchecked_ref()));
        }
        // Nothing of the write stays.
        Err(_) => {
            let _ = tx.abort();
        }
    }
}

/// Writes several keys in one readwrite transaction, only if the stored value under
/// `guard_key` still equals `expected` (`None`: absent); else nothing is written and the
/// result is [`StorageError::Conflict`]. Either every key is written or none is. A value
/// over [`PART_BYTES`] is stored as its number of parts, its parts under [`part_key`]s.
pub async fn write_if(
    guard_key: &str,
    expected: Option<Vec<u8>>,
    entries: Vec<(String, Vec<u8>)>,
) -> Result<(), StorageError> {
    crate::perf::mark("rapport:idb-write-start");
    // The values are copied out of wasm memory here, a part of at most PART_BYTES per task;
    // the puts, chained in the transaction, then only make their own copies, one per task
    // (tens of megabytes in all at a million orders).
    let mut puts = std::collections::VecDeque::new();
    let mut keys = Vec::new();
    for (key, bytes) in entries {
        if bytes.len() <= PART_BYTES {
            puts.push_back((
                key.clone(),
                Uint8Array::from(bytes.as_slice()).buffer().into(),
            ));
        } else {
            let chunks = bytes.chunks(PART_BYTES);
            puts.push_back((key.clone(), JsValue::from_f64(chunks.len() as f64)));
            for (i, chunk) in chunks.enumerate() {
                crate::tasks::next_task().await;
                let buffer = Uint8Array::from(chunk).buffer();
                puts.push_back((part_key(&key, i), buffer.into()));
            }
        }
        keys.push(key);
    }
    crate::tasks::next_task().await;
    let ranges = keys
        .iter()
        .map(|k| parts_range(k))
        .collect::<Result<Vec<_>, _>>()?;
    let db = open().await?;
    let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
    let done = transaction_future(&tx);
    let guard = store.get(&JsValue::from_str(guard_key)).map_err(js_error)?;
    let conflict = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = conflict.clone();
    // The check and the writes happen in the success callback, while the transaction is
    // still active: no other tab can write in between.
    let on_guard = Closure::once_into_js(move |e: web_sys::Event| {
        let request: IdbRequest = e.target().unwrap().unchecked_into();
        let value = request.result().unwrap_or(JsValue::UNDEFINED);
        let current = if value.is_undefined() || value.is_null() {
            None
        } else {
            Some(Uint8Array::new(&value).to_vec())
        };
        let tx = request.transaction().unwrap();
        if current != expected {
            flag.set(true);
            let _ = tx.abort();
            return;
        }
        let store = tx.object_store(STORE).unwrap();
        // The parts of the values written before go; the new ones follow.
        for range in &ranges {
            if store.delete(range).is_err() {
                let _ = tx.abort();
                return;
            }
        }
        put_chain(tx, puts);
    });
    guard.set_onsuccess(Some(on_guard.unchecked_ref()));
    let result = done.await;
    db.close();
    crate::perf::measure_since("rapport:idb-write", "rapport:idb-write-start");
    match result {
        Ok(_) => Ok(()),
        Err(_) if conflict.get() => Err(StorageError::Conflict),
        Err(e) => Err(js_error(e)),
    }
}

/// Deletes everything in the store.
pub async fn clear() -> Result<(), StorageError> {
    let db = open().await?;
    let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
    let done = transaction_future(&tx);
    store.clear().map_err(js_error)?;
    let result = done.await.map(|_| ()).map_err(js_error);
    db.close();
    result
}

/// Bytes used and available to this site (`navigator.storage.estimate()`), when known.
pub async fn estimate() -> Option<(f64, f64)> {
    let manager = web_sys::window()?.navigator().storage();
    let promise = manager.estimate().ok()?;
    let estimate = JsFuture::from(promise).await.ok()?;
    let get = |k: &str| {
        js_sys::Reflect::get(&estimate, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some((get("usage")?, get("quota")?))
}

/// Asks the browser to keep this site's data under storage pressure
/// (`navigator.storage.persist()`); true when granted.
pub async fn persist() -> bool {
    let Some(manager) = web_sys::window().map(|w| w.navigator().storage()) else {
        return false;
    };
    let Ok(promise) = manager.persist() else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
