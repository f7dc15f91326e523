//! Waiting for the browser between two pieces of long work on the main thread: the next
//! task (after the frames and input due), or an idle period. Used by the UI's slices
//! ([`Slices`], `components::Job`) and by storage (the IndexedDB write).

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

/// Longest main-thread task a slice may take (well under the 50 ms the browser calls long).
pub const SLICE_MS: f64 = 30.0;

/// Longest run of steps of a paced computation ([`Slices`]) before it pauses. Shorter than
/// [`SLICE_MS`]: its steps are coarser than a slice of rows (at a million orders the
/// largest, a merge's or a dashboard's, take up to ~20 ms of wasm), and the step that
/// crosses the budget still ends its task under 50 ms.
pub const PACED_SLICE_MS: f64 = 20.0;

/// Milliseconds from a monotonic clock.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Paces a long computation (`core::pace`): a pause about every [`PACED_SLICE_MS`], then it
/// goes on while `keep_going` says so. The pause is the next browser task ([`next_task`])
/// for work the user waits for (a save), or an idle period ([`idle_task`]) for work done
/// in the background (the model fit), which then never holds up a frame or a click.
pub struct Slices<F: Fn() -> bool> {
    since: f64,
    /// Milliseconds this slice may take.
    budget: f64,
    background: bool,
    keep_going: F,
}

impl<F: Fn() -> bool> Slices<F> {
    /// Slices of work the user waits for, starting now.
    pub fn new(keep_going: F) -> Self {
        Slices {
            since: now(),
            budget: PACED_SLICE_MS,
            background: false,
            keep_going,
        }
    }

    /// Slices of background work, each in an idle period of the browser (the first one
    /// too: call [`crate::core::pace::Pace::pause`] before starting).
    pub fn background(keep_going: F) -> Self {
        Slices {
            since: f64::NEG_INFINITY,
            budget: 0.0,
            background: true,
            keep_going,
        }
    }
}

impl<F: Fn() -> bool> crate::core::pace::Pace for Slices<F> {
    fn pause(&mut self) -> Option<crate::core::pace::Pause<'_>> {
        if now() - self.since < self.budget {
            return None;
        }
        Some(Box::pin(async move {
            self.budget = if self.background {
                idle_task(BACKGROUND_WAIT_MS)
                    .await
                    .map_or(PACED_SLICE_MS, |free| free.clamp(5.0, PACED_SLICE_MS))
            } else {
                next_task().await;
                PACED_SLICE_MS
            };
            self.since = now();
            (self.keep_going)()
        }))
    }
}

/// Longest wait for an idle period before background work takes a slice anyway (a page
/// that animates all the time is never idle).
const BACKGROUND_WAIT_MS: u32 = 1000;
