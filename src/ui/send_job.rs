//! Sending email from the window without freezing it: a worker thread owns the SMTP
//! connection; the UI thread owns the store. For each email the worker asks first
//! ("ready to send #7"), the UI commits `Sending` and answers "go", the worker talks to
//! the server, and the UI commits the result — the same exactly-once path as
//! `remind --send`, split across two threads. The job is polled every frame.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use eframe::egui;

use crate::mail::smtp::{Mailer, MailerOptions, SendError};
use crate::model::{OutboxEntry, OutboxId, Settings};
use crate::store::{Change, MailChange, Outcome, Store};

enum FromWorker {
    /// The worker could not connect or log in at all.
    SetupFailed(String),
    /// About to send this entry; waiting for the UI to commit `Sending`.
    Ready(OutboxId),
    Result(OutboxId, Result<(), SendError>),
    Finished,
}

enum FromUi {
    Go,
    Skip,
}

/// How a finished job went, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobSummary {
    pub sent: usize,
    pub failed: usize,
    /// Emails the server may have (they wait under Needs review).
    pub needs_review: usize,
    /// Emails withdrawn right before sending (the contact or the employer changed).
    pub withdrawn: usize,
    pub setup_error: Option<String>,
    /// A result that could not be stored (the email then waits under Needs review).
    pub commit_error: Option<String>,
}

/// A send run in progress.
pub struct SendJob {
    from_worker: Receiver<FromWorker>,
    to_worker: Sender<FromUi>,
    pub total: usize,
    pub done: usize,
    pub summary: JobSummary,
    finished: bool,
    handle: Option<JoinHandle<()>>,
}

impl SendJob {
    /// Starts sending `entries` on a worker thread. The password is looked up there
    /// (the keyring may take a moment).
    pub fn start(
        ctx: &egui::Context,
        settings: Settings,
        db_path: std::path::PathBuf,
        entries: Vec<OutboxEntry>,
    ) -> SendJob {
        let (to_ui, from_worker) = channel();
        let (to_worker, from_ui) = channel();
        let total = entries.len();
        let repaint = ctx.clone();
        let handle = std::thread::Builder::new()
            .name("exitplan-send".into())
            .spawn(move || {
                work(&settings, &db_path, entries, &to_ui, &from_ui, &repaint);
                let _ = to_ui.send(FromWorker::Finished);
                repaint.request_repaint();
            })
            .ok();
        SendJob {
            from_worker,
            to_worker,
            total,
            done: 0,
            summary: JobSummary::default(),
            finished: handle.is_none(),
            handle,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Applies what the worker reported since the last frame.
    pub fn poll(&mut self, store: &mut Store) {
        loop {
            match self.from_worker.try_recv() {
                Ok(FromWorker::SetupFailed(message)) => self.summary.setup_error = Some(message),
                Ok(FromWorker::Ready(id)) => {
                    let begun = store.apply(Change::Mail(MailChange::BeginSending(id)));
                    let answer = match begun {
                        Ok(Outcome::Withdrawn(_)) => {
                            self.done += 1;
                            self.summary.withdrawn += 1;
                            FromUi::Skip
                        }
                        Ok(_) => FromUi::Go,
                        Err(_) => {
                            self.done += 1;
                            FromUi::Skip
                        }
                    };
                    // A worker that stopped waiting needs no answer.
                    let _ = self.to_worker.send(answer);
                }
                Ok(FromWorker::Result(id, result)) => {
                    self.done += 1;
                    let change = match result {
                        Ok(()) => {
                            self.summary.sent += 1;
                            Some(MailChange::SendSucceeded(id))
                        }
                        Err(error) => {
                            if error.failure == crate::mail::smtp::Failure::MaybeSent {
                                self.summary.needs_review += 1;
                            } else {
                                self.summary.failed += 1;
                            }
                            crate::mail::run::failure_change(id, &error)
                        }
                    };
                    // A failed commit leaves `Sending`, which becomes "needs review".
                    if let Some(change) = change
                        && let Err(e) = store.apply(Change::Mail(change))
                    {
                        self.summary.commit_error = Some(e.to_string());
                    }
                }
                Ok(FromWorker::Finished) | Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    if let Some(handle) = self.handle.take() {
                        let _ = handle.join();
                    }
                    return;
                }
                Err(TryRecvError::Empty) => return,
            }
        }
    }
}

fn work(
    settings: &Settings,
    db_path: &std::path::Path,
    entries: Vec<OutboxEntry>,
    to_ui: &Sender<FromWorker>,
    from_ui: &Receiver<FromUi>,
    repaint: &egui::Context,
) {
    let password = if settings.smtp.username.is_empty() {
        None
    } else {
        match crate::mail::credentials::load(db_path, &settings.smtp) {
            Ok(found) => found.map(|(secret, _)| secret),
            Err(e) => {
                let _ = to_ui.send(FromWorker::SetupFailed(e.to_string()));
                return;
            }
        }
    };
    let mailer = MailerOptions::from_env()
        .and_then(|options| Mailer::new(settings, password.as_ref(), &options));
    let mailer = match mailer {
        Ok(mailer) => mailer,
        Err(e) => {
            let _ = to_ui.send(FromWorker::SetupFailed(e.in_window().to_string()));
            return;
        }
    };
    for entry in entries {
        // `Sending` is committed first, as on the command line, so even a message that
        // fails to build counts as an attempt and its failure lands on a send begun.
        if to_ui.send(FromWorker::Ready(entry.id)).is_err() {
            return;
        }
        repaint.request_repaint();
        match from_ui.recv() {
            Ok(FromUi::Go) => {}
            Ok(FromUi::Skip) => continue,
            Err(_) => return,
        }
        let result = mailer
            .message(&entry)
            .and_then(|message| mailer.send(&message));
        if to_ui.send(FromWorker::Result(entry.id, result)).is_err() {
            return;
        }
        repaint.request_repaint();
    }
}

/// Sends one test email to the user's own address, off the UI thread.
pub fn test_email(
    ctx: &egui::Context,
    settings: Settings,
    db_path: std::path::PathBuf,
    entry: OutboxEntry,
) -> Receiver<Result<String, String>> {
    let (tx, rx) = channel();
    let repaint = ctx.clone();
    std::thread::spawn(move || {
        let result = (|| {
            let found = if settings.smtp.username.is_empty() {
                None
            } else {
                crate::mail::credentials::load(&db_path, &settings.smtp)
                    .map_err(|e| e.to_string())?
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
        })();
        let _ = tx.send(result);
        repaint.request_repaint();
    });
    rx
}
