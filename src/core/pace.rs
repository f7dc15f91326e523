//! Pacing of long computations: a computation that can take a second on a large dataset
//! (the customer model's fit) offers its caller a pause between steps, so a browser can
//! paint and handle input in between, or stop it. The core never reads the clock: the
//! caller's [`Pace`] decides when a pause is due.

use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};

/// What a pause resolves to: whether to go on.
pub type Pause<'a> = Pin<Box<dyn Future<Output = bool> + 'a>>;

/// Decides, between the steps of a long computation, whether to pause.
pub trait Pace {
    /// `None`: go on at once. `Some(pause)`: the computation awaits `pause` first, then
    /// goes on if it resolves to true, or stops ([`Cancelled`]) if false.
    fn pause(&mut self) -> Option<Pause<'_>>;
}

/// Never pauses (native code, tests).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoPause;

impl Pace for NoPause {
    fn pause(&mut self) -> Option<Pause<'_>> {
        None
    }
}

/// The caller's [`Pace`] stopped the computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Offers `pace` a pause; `Err(Cancelled)` when it says stop.
pub async fn pause(pace: &mut dyn Pace) -> Result<(), Cancelled> {
    match pace.pause() {
        None => Ok(()),
        Some(p) => {
            if p.await {
                Ok(())
            } else {
                Err(Cancelled)
            }
        }
    }
}

/// Runs a paced computation that never waits (paced by [`NoPause`]) to its end.
pub fn unpaced<T>(computation: impl Future<Output = T>) -> T {
    let mut computation = pin!(computation);
    match computation
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(v) => v,
        Poll::Pending => unreachable!("a computation paced by NoPause never waits"),
    }
}
