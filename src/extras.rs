//! The page's helper Web Worker (built by Trunk as a worker: index.html's
//! `data-type="worker"` link, loaded by `rapport-extras_loader.js`): what the page's module
//! leaves out to be smaller, done when it is asked for, in a worker started for the job
//! (`crate::workers`). It decodes the files that are not UTF-8 (`core::import::transcode`:
//! the page's module holds no decoder for other encodings, `core::import::decode_utf8`) and
//! generates the demo data set (`core::demo::generate`). The import's parsing worker
//! (`src/worker.rs`) stays without them, so the parallel import starts its workers from a
//! smaller wasm.
//!
//! Messages, from the page: `["transcode", bytes, id]` (a file's bytes, transferred) or
//! `["demo", null, id]`. To the page: `"ready"` once loaded; then a file's UTF-8 text as
//! `[1, text, [encoding, bom, replaced], id]` (transferred; the encoding's name), the demo
//! data set as `[1, stored, null, id]` (`core::codec`'s stored form, transferred), or
//! `[2, why, id]` when the job is not known.

#[cfg(target_arch = "wasm32")]
mod worker_loop;

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Array, Uint8Array};
    use rapport_core::{codec, demo, import};
    use wasm_bindgen::JsValue;
    use worker_loop::{fail, serve};

    serve(|message, id, post| {
        let (data, details) = match message.get(0).as_string().as_deref() {
            Some("transcode") => {
                let bytes = Uint8Array::new(&message.get(1)).to_vec();
                let decoded = import::transcode(&bytes);
                let how = Array::of3(
                    &decoded.encoding.name().into(),
                    &decoded.encoding.bom.into(),
                    &decoded.replaced.into(),
                );
                (Uint8Array::from(decoded.text.as_bytes()), how.into())
            }
            Some("demo") => {
                let dataset = demo::generate(&demo::DemoOptions::default());
                (
                    Uint8Array::from(codec::encode(&dataset).as_slice()),
                    JsValue::NULL,
                )
            }
            other => return fail(post, &format!("no job {other:?}"), id),
        };
        let done = Array::of4(&1.into(), &data, &details, id);
        let _ = post.post_message_with_transfer(&done, &Array::of1(&data.buffer()));
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-extras is the web app's helper worker: Trunk builds it with the app.");
    std::process::exit(2);
}
