//! The parallel import's Web Worker (built by Trunk as a worker: index.html's
//! `data-type="worker"` link, loaded by `rapport-worker_loader.js`): parses one part of a
//! file after another with the same core as the page (`core::import::chunk::parse_part`).
//!
//! Messages, from the page: `[job, text, id]` (two `Uint8Array`s, their buffers transferred:
//! the `PartJob`'s bytes and the part's UTF-8 text; the job's number). To the page:
//! `"ready"` once loaded; then per job `[0, rows, bytes, id]` as it goes, and
//! `[1, pieces, [parse ms, encode ms], id]` at the end (`Part::to_pieces`, transferred), or
//! `[2, why, id]` when the job cannot be read.

#[cfg(target_arch = "wasm32")]
mod worker_loop;

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Array, Uint8Array};
    use rapport_core::import::chunk::{parse_part, PartJob};
    use worker_loop::{fail, serve};

    serve(|message, id, post| {
        let job = Uint8Array::new(&message.get(0)).to_vec();
        let text = Uint8Array::new(&message.get(1)).to_vec();
        let job = match (PartJob::from_bytes(&job), String::from_utf8(text)) {
            (Ok(job), Ok(text)) => (job, text),
            (Err(why), _) => return fail(post, &why, id),
            (_, Err(why)) => return fail(post, &why.to_string(), id),
        };
        let (job, text) = job;
        let t = js_sys::Date::now();
        let part = parse_part(&job, &text, &mut |rows, bytes| {
            let progress = Array::of4(&0.into(), &(rows as f64).into(), &(bytes as f64).into(), id);
            let _ = post.post_message(&progress);
        });
        drop(text);
        let parsed = js_sys::Date::now();
        let pieces = Array::new();
        let buffers = Array::new();
        for piece in part.to_pieces() {
            let array = Uint8Array::from(piece.as_slice());
            buffers.push(&array.buffer());
            pieces.push(&array);
        }
        let ms = Array::of2(&(parsed - t).into(), &(js_sys::Date::now() - parsed).into());
        let done = Array::of4(&1.into(), &pieces, &ms, id);
        let _ = post.post_message_with_transfer(&done, &buffers);
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rapport-worker is the web app's import worker: Trunk builds it with the app.");
    std::process::exit(2);
}
