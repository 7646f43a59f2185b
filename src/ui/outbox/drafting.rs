//! Drafting off the UI thread: the pass is worked out from the read model here, and its
//! one transaction commits on a worker ([`Job`]). The hourly pass then makes the digest
//! the same way and starts sending; "Draft due reminders now" says what it drafted.

use super::*;
use crate::mail::run::{self, DraftReport};
use crate::store::{ApplyError, Committed, Outcome};
use crate::ui::jobs::Job;

/// A drafting pass committing on a worker.
pub(super) struct Drafting {
    job: Job<Result<Committed<DraftReport>, ApplyError>>,
    /// The hourly pass (the digest and sending follow), or the user's "Draft now".
    hourly: bool,
}

/// The digest committing on a worker; sending starts once it is in.
pub(super) type DigestJob = Job<Result<Committed<Outcome>, ApplyError>>;

impl OutboxView {
    /// Drafts a reminder for every due contact the rules allow; the hourly pass then
    /// makes the digest and sends what is approved (when sending is set up).
    pub fn start_drafting(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>, hourly: bool) {
        if self.drafting.is_some() || self.digest.is_some() {
            return;
        }
        let (reminders, report) = match run::plan_drafts(view.store()) {
            Ok(planned) => planned,
            Err(e) => {
                view.status.error(format!("Drafting reminders failed: {e}"));
                return;
            }
        };
        if reminders.is_empty() {
            self.drafted(ctx, view, report, hourly);
            return;
        }
        let writer = view.writer();
        let job = Job::spawn(ctx, "drafting", move |_| {
            run::commit_drafts(&writer, reminders, report)
        });
        self.drafting = Some(Drafting { job, hourly });
    }

    /// Whether drafting, the digest or a send is under way.
    pub fn is_busy(&self) -> bool {
        self.is_drafting() || self.job.is_some()
    }

    /// Whether a drafting pass or the digest is being written.
    pub fn is_drafting(&self) -> bool {
        self.drafting.is_some() || self.digest.is_some()
    }

    pub(super) fn poll_drafting(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) {
        if let Some(drafting) = self.drafting.as_mut()
            && let Some(outcome) = drafting.job.outcome()
        {
            let hourly = drafting.hourly;
            self.drafting = None;
            match outcome.map(|committed| view.absorb(committed)) {
                Ok(Some(report)) => self.drafted(ctx, view, report, hourly),
                // Not taken in: `absorb` told the user.
                Ok(None) => {}
                Err(e) => view.status.error(format!("Drafting reminders failed: {e}")),
            }
        }
        if let Some(outcome) = self.digest.as_mut().and_then(Job::outcome) {
            self.digest = None;
            match outcome {
                // A failure to take it in is told by `absorb`; sending goes on.
                Ok(committed) => drop(view.absorb(committed)),
                Err(e) => view
                    .status
                    .error(format!("The digest could not be made: {e}")),
            }
            self.start_sending(ctx, view);
        }
    }

    fn drafted(
        &mut self,
        ctx: &egui::Context,
        view: &mut ViewCtx<'_>,
        report: DraftReport,
        hourly: bool,
    ) {
        if !hourly {
            view.status.info(drafted_words(&report));
            return;
        }
        if view.model().settings().smtp.host.is_empty() {
            return;
        }
        match run::plan_digest(view.store()) {
            Ok(change) => {
                let writer = view.writer();
                self.digest = Some(Job::spawn(ctx, "digest", move |_| {
                    writer.apply_all(|batch| batch.apply(change))
                }));
            }
            // Not due yet (or no address for it): on to sending.
            Err(_) => self.start_sending(ctx, view),
        }
    }
}

/// What "Draft due reminders now" did, with why the due contacts left out were left
/// out ("Drafted 2 reminders. Not drafted: 9 a draft is already waiting, 4 internal
/// contact.").
fn drafted_words(report: &DraftReport) -> String {
    let drafted = match report.drafted {
        0 => "No new reminder to draft.".to_string(),
        1 => "Drafted 1 reminder.".to_string(),
        n => format!("Drafted {n} reminders."),
    };
    if report.skipped.is_empty() {
        return drafted;
    }
    let why: Vec<String> = report
        .skipped
        .iter()
        .map(|(reason, count)| format!("{count} {reason}"))
        .collect();
    format!("{drafted} Not drafted: {}.", why.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_now_says_how_many_and_why_the_rest_were_left_out() {
        let mut report = DraftReport::default();
        assert_eq!(drafted_words(&report), "No new reminder to draft.");
        report.drafted = 1;
        report.skipped.insert("a draft is already waiting", 9);
        report.skipped.insert("internal contact", 4);
        assert_eq!(
            drafted_words(&report),
            "Drafted 1 reminder. Not drafted: 9 a draft is already waiting, 4 internal contact."
        );
        report.drafted = 3;
        report.skipped.clear();
        assert_eq!(drafted_words(&report), "Drafted 3 reminders.");
    }
}
