//! The exactly-once send protocol, written once. For each email:
//! 1. [`begin`] commits `Sending` — after checking again that the email still
//!    qualifies (the contact's discretion, circle, organization and addresses against
//!    the employer); one that no longer does is withdrawn instead. The Message-ID was
//!    stored when the entry was made.
//! 2. [`attempt`] builds the message and hands it to the SMTP server (a message that
//!    cannot be built fails without touching the network, but still counts as an
//!    attempt, as `Sending` was committed).
//! 3. [`record`] commits what the server said: `Sent` (plus the touchpoint), `Failed`
//!    (to retry later, or to wait for the user), or *needs review* when the server may
//!    have it (no answer after the message, a dropped connection, a timeout).
//! 4. [`SendReport::count`] tallies it for the user.
//!
//! A stop between 1 and 3 leaves `Sending`, which the next open turns into *needs
//! review*; nothing is ever sent again without the user saying it was not sent.
//!
//! The command line runs the steps in a loop (`run::send_ready…`); the window runs
//! `begin` and `record` on the UI thread, which owns the store, and `attempt` on its
//! worker, which owns the connection (`ui/send_job.rs`). Both tally into the same
//! [`SendReport`].

use serde::Serialize;

use super::smtp::{Failure, Mailer, SendError};
use crate::model::{OutboxEntry, OutboxId};
use crate::store::{Apply, ApplyError, Change, MailChange, Outcome, ReadModel};

/// What one send pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
    /// (outbox id, the server's words) for every failure.
    pub failures: Vec<(u64, String)>,
    /// (outbox id, what happened) for every email the server may have: they wait under
    /// Needs review.
    pub needs_review: Vec<(u64, String)>,
    /// (outbox id, why) for every approved email that no longer qualified right before
    /// sending (the contact or the employer changed): withdrawn, not sent.
    pub withdrawn: Vec<(u64, String)>,
}

impl SendReport {
    /// Tallies how one email went.
    pub fn count(&mut self, id: OutboxId, result: &Result<(), SendError>) {
        match result {
            Ok(()) => self.sent += 1,
            Err(error) if error.failure == Failure::MaybeSent => {
                self.needs_review.push((id.0, error.message.clone()));
            }
            Err(error) if error.failure == Failure::Withdrawn => {
                self.withdrawn.push((id.0, error.message.clone()));
            }
            Err(error) => {
                self.failed += 1;
                self.failures.push((id.0, error.message.clone()));
            }
        }
    }
}

/// What [`begin`] found.
#[derive(Debug)]
pub enum Begun {
    /// `Sending` is committed: send this (the entry as stored).
    Go(Box<OutboxEntry>),
    /// It no longer qualified and was withdrawn; the error says why.
    Withdrawn(SendError),
}

/// Step 1: commits `Sending` for `id`, or withdraws it when it no longer qualifies.
pub fn begin(store: &mut (impl Apply + ?Sized), id: OutboxId) -> Result<Begun, ApplyError> {
    crate::store::failpoint("before-begin");
    if store.read_model().mail().entry(id).is_none() {
        return Err(ApplyError::NotFound {
            what: "outbox entry",
            id: id.0,
        });
    }
    match store.apply_change(Change::Mail(MailChange::BeginSending(id)))? {
        Outcome::Withdrawn(_) => Ok(Begun::Withdrawn(withdrawn(store.read_model(), id))),
        _ => {
            let entry =
                store
                    .read_model()
                    .mail()
                    .entry(id)
                    .cloned()
                    .ok_or(ApplyError::NotFound {
                        what: "outbox entry",
                        id: id.0,
                    })?;
            Ok(Begun::Go(Box::new(entry)))
        }
    }
}

/// Step 2: builds the message and sends it over `mailer`'s connection. No store here.
pub fn attempt(mailer: &Mailer, entry: &OutboxEntry) -> Result<(), SendError> {
    let message = mailer.message(entry)?;
    crate::store::failpoint("before-connect");
    mailer.send(&message)?;
    // The server said 250; the `Sent` commit has not happened yet.
    crate::store::failpoint("after-250");
    Ok(())
}

/// Step 3: commits how the attempt went.
pub fn record(
    store: &mut (impl Apply + ?Sized),
    id: OutboxId,
    result: &Result<(), SendError>,
) -> Result<(), ApplyError> {
    let change = match result {
        Ok(()) => Some(MailChange::SendSucceeded(id)),
        Err(error) => failure_change(id, error),
    };
    if let Some(change) = change {
        store.apply_change(Change::Mail(change))?;
    }
    Ok(())
}

/// The error for an email `BeginSending` withdrew: the reason it stored.
pub fn withdrawn(model: &ReadModel, id: OutboxId) -> SendError {
    let reason = model
        .mail()
        .entry(id)
        .and_then(|e| e.last_error.clone())
        .unwrap_or_else(|| "Withdrawn before sending.".into());
    SendError {
        message: reason,
        failure: Failure::Withdrawn,
    }
}

/// The change that records a failed send: failed (to retry, or to wait for the user), or
/// needs review when the server may have it; none for a withdrawal, which
/// `BeginSending` stored itself.
pub fn failure_change(id: OutboxId, error: &SendError) -> Option<MailChange> {
    let message = error.message.clone();
    match error.failure {
        Failure::MaybeSent => Some(MailChange::SendUncertain { id, error: message }),
        Failure::Withdrawn => None,
        Failure::Retry | Failure::WaitForUser => Some(MailChange::SendFailed {
            id,
            error: message,
            permanent: error.failure == Failure::WaitForUser,
        }),
    }
}
