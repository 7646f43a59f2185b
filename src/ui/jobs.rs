//! Work the window does in the background, in one shape: a small promise polled each
//! frame (as egui's own demo app and rerun do). [`Job::spawn`] runs the work on a named
//! thread, which may send progress as it goes; the UI thread asks [`Job::poll`] each
//! frame and gets the progress since, then the result once. The worker asks for a
//! repaint whenever it has something to say, so an idle window sleeps. A worker that
//! panics ends the job with [`Lost`], never the window; dropping a job asks its worker
//! to stop ([`Reporter::cancelled`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use eframe::egui;

/// The worker stopped without a result (it panicked, or could not start).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Lost(pub String);

enum Message<T, P> {
    Progress(P),
    Done(T),
}

/// What the worker holds: a way to tell the window how far it got, and to hear that
/// the window no longer waits.
pub struct Reporter<P> {
    to_ui: Sender<Message<(), P>>,
    repaint: egui::Context,
    cancel: Arc<AtomicBool>,
}

impl<P> Reporter<P> {
    /// Tells the window; says whether it still listens.
    pub fn report(&self, progress: P) -> bool {
        let listening = self.to_ui.send(Message::Progress(progress)).is_ok();
        self.repaint.request_repaint();
        listening
    }

    /// Whether the window dropped the job (the user cancelled, or the window closed).
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The flag [`Reporter::cancelled`] reads, for work that checks one as it goes.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

/// What a poll found.
pub enum Poll<T, P> {
    /// Still working; this progress was reported since the last poll (oldest first).
    Running(Vec<P>),
    /// Done: the progress reported last, then the result.
    Done(Vec<P>, Result<T, Lost>),
}

/// A piece of background work and its result, once.
pub struct Job<T, P = ()> {
    progress: Receiver<Message<(), P>>,
    result: Receiver<Message<T, P>>,
    cancel: Arc<AtomicBool>,
    finished: bool,
    start_error: Option<String>,
}

impl<T: Send + 'static, P: Send + 'static> Job<T, P> {
    /// Runs `work` on a thread named `exitplan-NAME`.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        work: impl FnOnce(&Reporter<P>) -> T + Send + 'static,
    ) -> Job<T, P> {
        let (to_ui, progress) = channel();
        let (done, result) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let reporter = Reporter {
            to_ui,
            repaint: ctx.clone(),
            cancel: Arc::clone(&cancel),
        };
        let spawned = std::thread::Builder::new()
            .name(format!("exitplan-{name}"))
            .spawn(move || {
                let repaint = reporter.repaint.clone();
                // A panic ends the job (the window hears `Lost`), not the window.
                if let Ok(value) =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&reporter)))
                {
                    // Nobody may be waiting any more (the window dropped the job).
                    let _ = done.send(Message::Done(value));
                }
                drop(reporter);
                repaint.request_repaint();
            });
        Job {
            progress,
            result,
            cancel,
            finished: false,
            // The work went with the closure: the job ends at once, saying why.
            start_error: spawned.err().map(|e| format!("it could not start: {e}")),
        }
    }
}

impl<T, P> Job<T, P> {
    /// Whether the result has been handed out.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The progress since the last poll, and the result once the work is done.
    pub fn poll(&mut self) -> Poll<T, P> {
        let mut progress = Vec::new();
        while let Ok(Message::Progress(p)) = self.progress.try_recv() {
            progress.push(p);
        }
        if self.finished {
            return Poll::Running(progress);
        }
        match self.result.try_recv() {
            Ok(Message::Done(value)) => {
                self.finished = true;
                // Progress sent just before the end.
                while let Ok(Message::Progress(p)) = self.progress.try_recv() {
                    progress.push(p);
                }
                Poll::Done(progress, Ok(value))
            }
            Ok(Message::Progress(_)) | Err(TryRecvError::Empty) => Poll::Running(progress),
            Err(TryRecvError::Disconnected) => {
                self.finished = true;
                let why = self
                    .start_error
                    .take()
                    .unwrap_or_else(|| "it stopped unexpectedly".into());
                Poll::Done(progress, Err(Lost(why)))
            }
        }
    }

    /// The result, if the work is done (progress is dropped).
    pub fn result(&mut self) -> Option<Result<T, Lost>> {
        match self.poll() {
            Poll::Done(_, result) => Some(result),
            Poll::Running(_) => None,
        }
    }
}

impl<T, E: std::fmt::Display, P> Job<Result<T, E>, P> {
    /// The result once the work is done, its own error and a lost worker alike in words.
    pub fn outcome(&mut self) -> Option<Result<T, String>> {
        let result = self.result()?;
        Some(match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(e.to_string()),
            Err(lost) => Err(lost.to_string()),
        })
    }
}

impl<T, P> Drop for Job<T, P> {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T, P>(job: &mut Job<T, P>) -> (Vec<P>, Result<T, Lost>) {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match job.poll() {
                Poll::Running(p) => seen.extend(p),
                Poll::Done(p, result) => {
                    seen.extend(p);
                    return (seen, result);
                }
            }
            assert!(std::time::Instant::now() < deadline, "the job never ended");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_job_reports_its_progress_then_its_result_once() {
        let ctx = egui::Context::default();
        let mut job = Job::spawn(&ctx, "test", |reporter: &Reporter<u32>| {
            for n in 1..=3 {
                reporter.report(n);
            }
            "done"
        });
        let (progress, result) = wait(&mut job);
        assert_eq!(progress, vec![1, 2, 3]);
        assert_eq!(result, Ok("done"));
        assert!(job.is_finished());
        assert!(job.result().is_none(), "the result is handed out once");
    }

    #[test]
    fn a_worker_that_panics_ends_the_job_not_the_window() {
        let ctx = egui::Context::default();
        let mut job: Job<u32> = Job::spawn(&ctx, "test-panic", |_| panic!("boom"));
        let (_, result) = wait(&mut job);
        assert!(result.is_err(), "{result:?}");
    }

    #[test]
    fn dropping_a_job_tells_its_worker() {
        let ctx = egui::Context::default();
        let (seen_tx, seen_rx) = channel();
        let job: Job<()> = Job::spawn(&ctx, "test-cancel", move |reporter| {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !reporter.cancelled() && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            seen_tx.send(reporter.cancelled()).unwrap();
        });
        drop(job);
        assert_eq!(
            seen_rx.recv_timeout(std::time::Duration::from_secs(10)),
            Ok(true)
        );
    }
}
