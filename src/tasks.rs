//! Waiting for the browser between two pieces of long work on the main thread: the next
//! task (after the frames and input due), or an idle period. Used by the UI's slices
//! (`components::Slices`, `components::Job`) and by storage (the IndexedDB write).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Resolves in an idle period of the browser (`requestIdleCallback`: after the frames and
/// the input due), or after `timeout_ms` at the latest, with the milliseconds the browser
/// says are free (`None`: it does not say, as when the wait timed out). Where there is no
/// `requestIdleCallback` (Safari), in a later task ([`next_task`]).
pub async fn idle_task(timeout_ms: u32) -> Option<f64> {
    let window = web_sys::window()?;
    let supported =
        js_sys::Reflect::has(&window, &JsValue::from_str("requestIdleCallback")).unwrap_or(false);
    if !supported {
        next_task().await;
        return None;
    }
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(timeout_ms);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if window
            .request_idle_callback_with_options(&resolve, &options)
            .is_err()
        {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let deadline = JsFuture::from(promise).await.ok()?;
    let deadline = deadline.dyn_into::<web_sys::IdleDeadline>().ok()?;
    (!deadline.did_timeout()).then(|| deadline.time_remaining())
}

/// Resolves in a later task, after the browser had the chance to paint and handle input. A
/// `MessageChannel` message rather than `setTimeout`, which background tabs throttle to
/// once a second.
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
    });
    let _ = channel.port2().post_message(&JsValue::NULL);
    let _ = JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}
