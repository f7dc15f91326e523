//! The workers' side of their messages, a module of both workers' binaries (`src/worker.rs`,
//! `src/extras.rs`; not of the library, whose wasm-bindgen snippet a worker cannot load):
//! the page's side is `crate::workers`.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Installs the panic hook, hands every message from the page to `job` (the message, its
/// job's number — its last item —, the scope to answer on), then tells the page the worker
/// is ready.
pub fn serve(mut job: impl FnMut(&Array, &JsValue, &DedicatedWorkerGlobalScope) + 'static) {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Array::from(&event.data());
        let id = message.get(message.length().saturating_sub(1));
        job(&message, &id, &post);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// The answer that job `id` failed: `[2, why, id]`.
pub fn fail(scope: &DedicatedWorkerGlobalScope, why: &str, id: &JsValue) {
    let _ = scope.post_message(&Array::of3(&2.into(), &JsValue::from_str(why), id));
}
