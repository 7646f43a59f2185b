//! Sending email from the window without freezing it, through the one send protocol
//! (`mail::session`): a worker thread owns the SMTP connection and runs `attempt`; the
//! UI thread owns the store and runs `begin` and `record`. For each email the worker
//! asks first ("ready to send #7"), the UI commits `Sending` and answers with the entry
//! as stored, the worker talks to the server, and the UI commits the result — what
//! `remind --send` does in one loop, split across two threads. The job is polled every
//! frame.

use std::sync::mpsc::{Receiver, Sender, channel};

use eframe::egui;

use crate::mail::session::{self, Begun, SendReport};
use crate::mail::smtp::{Mailer, MailerOptions, SendError};
use crate::model::{OutboxEntry, OutboxId, Settings};
use crate::store::Apply;

use super::jobs::{Job, Poll, Reporter};

enum FromWorker {
    /// The worker could not connect or log in at all.
    SetupFailed(String),
    /// About to send this entry; waiting for the UI to commit `Sending`.
    Ready(OutboxId),
    Result(OutboxId, Result<(), SendError>),
}

enum FromUi {
    /// `Sending` is committed: send this.
    Go(Box<OutboxEntry>),
    /// Withdrawn: on to the next.
    Skip,
    /// A commit failed: stop, as the command line's run stops.
    Stop,
}

/// How a finished job went, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobSummary {
    /// The same tally the command line prints.
    pub report: SendReport,
    pub setup_error: Option<String>,
    /// A commit that failed (the run stopped there; an email left `Sending` waits under
    /// Needs review once the database is opened again).
    pub commit_error: Option<String>,
}

/// A send run in progress.
pub struct SendJob {
    job: Job<(), FromWorker>,
    to_worker: Sender<FromUi>,
    pub total: usize,
    pub done: usize,
    pub summary: JobSummary,
    finished: bool,
}

impl SendJob {
    /// Starts sending `ready` on a worker thread. The password is looked up there (the
    /// keyring may take a moment).
    pub fn start(
        ctx: &egui::Context,
        settings: Settings,
        db_path: std::path::PathBuf,
        ready: Vec<OutboxId>,
    ) -> SendJob {
        let (to_worker, from_ui) = channel();
        let total = ready.len();
        let job = Job::spawn(ctx, "send", move |reporter: &Reporter<FromWorker>| {
            work(&settings, &db_path, ready, reporter, &from_ui);
        });
        SendJob {
            job,
            to_worker,
            total,
            done: 0,
            summary: JobSummary::default(),
            finished: false,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Applies what the worker reported since the last frame.
    pub fn poll(&mut self, store: &mut (impl Apply + ?Sized)) {
        if self.finished {
            return;
        }
        let (reports, done) = match self.job.poll() {
            Poll::Running(reports) => (reports, None),
            Poll::Done(reports, result) => (reports, Some(result)),
        };
        for report in reports {
            match report {
                FromWorker::SetupFailed(message) => self.summary.setup_error = Some(message),
                FromWorker::Ready(id) => {
                    let answer = if self.summary.commit_error.is_some() {
                        FromUi::Stop
                    } else {
                        match session::begin(store, id) {
                            Ok(Begun::Go(entry)) => FromUi::Go(entry),
                            Ok(Begun::Withdrawn(error)) => {
                                self.done += 1;
                                self.summary.report.count(id, &Err(error));
                                FromUi::Skip
                            }
                            Err(e) => {
                                self.summary.commit_error = Some(e.to_string());
                                FromUi::Stop
                            }
                        }
                    };
                    // A worker that stopped waiting needs no answer.
                    let _ = self.to_worker.send(answer);
                }
                FromWorker::Result(id, result) => {
                    self.done += 1;
                    self.summary.report.count(id, &result);
                    if let Err(e) = session::record(store, id, &result) {
                        self.summary.commit_error = Some(e.to_string());
                    }
                }
            }
        }
        // A worker that panicked is reported by the summary's missing results: an email
        // it had begun waits under Needs review once the database is opened again.
        if done.is_some() {
            self.finished = true;
        }
    }
}

fn work(
    settings: &Settings,
    db_path: &std::path::Path,
    ready: Vec<OutboxId>,
    to_ui: &Reporter<FromWorker>,
    from_ui: &Receiver<FromUi>,
) {
    let password = if settings.smtp.username.is_empty() {
        None
    } else {
        match crate::mail::credentials::load(db_path, &settings.smtp) {
            Ok(found) => found.map(|(secret, _)| secret),
            Err(e) => {
                // The window may be gone: nothing to tell, and nothing was sent.
                to_ui.report(FromWorker::SetupFailed(e.to_string()));
                return;
            }
        }
    };
    let mailer = MailerOptions::from_env()
        .and_then(|options| Mailer::new(settings, password.as_ref(), &options));
    let mailer = match mailer {
        Ok(mailer) => mailer,
        Err(e) => {
            // The window may be gone: nothing to tell, and nothing was sent.
            to_ui.report(FromWorker::SetupFailed(e.in_window().to_string()));
            return;
        }
    };
    for id in ready {
        if !to_ui.report(FromWorker::Ready(id)) {
            return;
        }
        let entry = match from_ui.recv() {
            Ok(FromUi::Go(entry)) => entry,
            Ok(FromUi::Skip) => continue,
            Ok(FromUi::Stop) | Err(_) => return,
        };
        let result = session::attempt(&mailer, &entry);
        if !to_ui.report(FromWorker::Result(id, result)) {
            return;
        }
    }
}

/// Sends one test email to the user's own address, off the UI thread.
pub fn test_email(
    ctx: &egui::Context,
    settings: Settings,
    db_path: std::path::PathBuf,
    entry: OutboxEntry,
) -> Job<Result<String, String>> {
    Job::spawn(ctx, "test-email", move |_| {
        let found = if settings.smtp.username.is_empty() {
            None
        } else {
            crate::mail::credentials::load(&db_path, &settings.smtp).map_err(|e| e.to_string())?
        };
        let source = found.as_ref().map(|(_, s)| s.to_string());
        let options = MailerOptions::from_env().map_err(|e| e.in_window().to_string())?;
        let mailer = Mailer::new(&settings, found.as_ref().map(|(s, _)| s), &options)
            .map_err(|e| e.in_window().to_string())?;
        let message = mailer.message(&entry).map_err(|e| e.to_string())?;
        mailer.send(&message).map_err(|e| e.to_string())?;
        Ok(match source {
            Some(source) => format!(
                "Test email sent to {} (password from {source}).",
                entry.to_address
            ),
            None => format!("Test email sent to {}.", entry.to_address),
        })
    })
}
