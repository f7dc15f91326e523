//! Long work on the main thread, done in slices: a progress bar with rows per second and a
//! Cancel button, and the loop that runs a resumable reader ([`Analyzer`], [`Parser`]) in
//! tasks of about [`SLICE_MS`], yielding to the browser between them so the page keeps
//! painting and answering clicks.
//!
//! [`Analyzer`]: crate::core::import::Analyzer
//! [`Parser`]: crate::core::import::Parser

use crate::format::count;
use crate::state::{use_locale, use_texts};
use crate::tasks::{idle_task, next_task};
use leptos::prelude::*;

/// Longest main-thread task a slice may take (well under the 50 ms the browser calls long).
pub const SLICE_MS: f64 = 30.0;
/// Rows read between two looks at the clock.
const ROWS_PER_CHECK: u64 = 1024;

/// What a running job shows.
#[derive(Clone, Debug, PartialEq)]
pub struct JobStatus {
    /// What is being done ("Reading orders.csv").
    pub label: String,
    /// Rows done.
    pub rows: u64,
    /// Bytes done and in all.
    pub done: u64,
    /// Bytes in all.
    pub total: u64,
    /// Rows per second so far.
    pub rows_per_s: f64,
}

/// A job's shared state: its status while it runs, and the user's request to stop.
#[derive(Clone, Copy)]
pub struct Job {
    /// `None` when nothing runs.
    pub status: RwSignal<Option<JobStatus>>,
    cancel: RwSignal<bool>,
}

impl Default for Job {
    fn default() -> Self {
        Self::new()
    }
}

impl Job {
    /// No job running.
    pub fn new() -> Job {
        Job {
            status: RwSignal::new(None),
            cancel: RwSignal::new(false),
        }
    }

    /// True while a job runs.
    pub fn running(&self) -> bool {
        self.status.with(Option::is_some)
    }

    /// Asks the running job to stop at the end of its current slice.
    pub fn cancel(&self) {
        self.cancel.set(true);
    }

    /// Marks the job finished (or never started).
    pub fn end(&self) {
        self.status.set(None);
        self.cancel.set(false);
    }

    /// Runs `step(task, rows)` (read up to `rows` more rows; false when done) in slices of
    /// about [`SLICE_MS`], showing `label` and `seen(task)` = (rows, (bytes done, bytes in
    /// all)) after each slice. Returns false when the user cancelled or left the page.
    pub async fn run<T>(
        &self,
        label: &str,
        task: &mut T,
        step: impl Fn(&mut T, u64) -> bool,
        seen: impl Fn(&T) -> (u64, (u64, u64)),
    ) -> bool {
        let started = now();
        self.cancel.set(false);
        loop {
            let slice_start = now();
            let mut more = true;
            while more && now() - slice_start < SLICE_MS {
                more = step(task, ROWS_PER_CHECK);
            }
            let (rows, (done, total)) = seen(task);
            let seconds = (now() - started) / 1000.0;
            self.status.set(Some(JobStatus {
                label: label.to_string(),
                rows,
                done,
                total,
                rows_per_s: if seconds > 0.0 {
                    rows as f64 / seconds
                } else {
                    0.0
                },
            }));
            if !more {
                return true;
            }
            next_task().await;
            // The page that runs the job may be gone (the user navigated away): stop too.
            if self.cancel.try_get_untracked().unwrap_or(true) {
                return false;
            }
        }
    }
}

/// Milliseconds from a monotonic clock.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Paces a long computation (`core::pace`): a pause about every [`SLICE_MS`], then it
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
            budget: SLICE_MS,
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
                    .map_or(SLICE_MS, |free| free.clamp(5.0, SLICE_MS))
            } else {
                next_task().await;
                SLICE_MS
            };
            self.since = now();
            (self.keep_going)()
        }))
    }
}

/// Longest wait for an idle period before background work takes a slice anyway (a page
/// that animates all the time is never idle).
const BACKGROUND_WAIT_MS: u32 = 1000;

/// The running job's progress bar, rows per second and Cancel button (nothing when idle).
#[component]
pub fn JobProgress(job: Job) -> impl IntoView {
    let (t, loc) = (use_texts(), use_locale());
    move || {
        job.status.get().map(|s| {
            let percent = if s.total > 0 {
                (s.done as f64 / s.total as f64 * 100.0).round()
            } else {
                0.0
            };
            view! {
                <div class="job" data-testid="job">
                    <label class="job__label" for="job-progress">{s.label.clone()}</label>
                    <progress id="job-progress" max="100" value=percent.to_string()>{format!("{percent}%")}</progress>
                    <span class="job__rate" role="status" data-testid="job-rate">
                        {(t.data.rows_rate)(&count(loc, s.rows as f64), &count(loc, s.rows_per_s))}
                    </span>
                    <button class="button" type="button" data-testid="job-cancel" on:click=move |_| job.cancel()>{t.words.cancel}</button>
                </div>
            }
        })
    }
}
