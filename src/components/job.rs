//! Long work on the main thread, done in slices: a progress bar with rows per second and a
//! Cancel button, and the loop that runs a resumable reader ([`Analyzer`], [`Parser`]) in
//! tasks of about [`SLICE_MS`], yielding to the browser between them so the page keeps
//! painting and answering clicks.
//!
//! [`Analyzer`]: crate::core::import::Analyzer
//! [`Parser`]: crate::core::import::Parser

use crate::format::count;
use crate::state::{use_locale, use_texts};
use crate::tasks::{next_task, now, SLICE_MS};
use leptos::prelude::*;

/// Rows read between two looks at the clock.
const ROWS_PER_CHECK: u64 = 1024;

/// What a running job shows.
#[derive(Clone, Debug, PartialEq)]
pub struct JobStatus {
    /// What is being done ("Reading orders.csv").
    pub label: String,
    /// Data rows done so far (the count beside the bar).
    pub rows: u64,
    /// Bytes of the text done: the bar's filled part.
    pub done: u64,
    /// Bytes of the text in all: the bar's length.
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

    /// True when the user asked to stop, or left the page.
    pub fn cancelled(&self) -> bool {
        self.cancel.try_get_untracked().unwrap_or(true)
    }

    /// Shows `label` with `rows` and `(done, total)` bytes done, at the rate since
    /// `started` ([`now`]): for work done elsewhere (the import's workers).
    pub fn show(&self, label: &str, rows: u64, (done, total): (u64, u64), started: f64) {
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
            let (rows, bytes) = seen(task);
            self.show(label, rows, bytes, started);
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
                    <label class="job__label" for="job-progress">
                        {s.label.clone()}
                    </label>
                    <progress id="job-progress" max="100" value=percent.to_string()>
                        {format!("{percent}%")}
                    </progress>
                    <span class="job__rate" role="status" data-testid="job-rate">
                        {(t.data.rows_rate)(&count(loc, s.rows as f64), &count(loc, s.rows_per_s))}
                    </span>
                    <button
                        class="button"
                        type="button"
                        data-testid="job-cancel"
                        on:click=move |_| job.cancel()
                    >
                        {t.words.cancel}
                    </button>
                </div>
            }
        })
    }
}
