//! The periodic run behind `exitplan remind` and the window's own timer: draft what is
//! due (idempotent — a second run the same day adds nothing), make the user's digest
//! when the schedule says so (at most one a day), and send what is approved, through
//! the one send protocol in [`super::session`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::session::{self, Begun};
pub use super::session::{SendReport, failure_change, withdrawn};
use super::smtp::{Mailer, SendError};
use crate::model::draft::{
    SkipReason, choose_highlight, choose_template, effective_level, eligible_highlights,
    first_name, recipient, shorten,
};
use crate::model::lint::lint;
use crate::model::template::{TemplateVars, render};
use crate::model::{OutboxId, Timestamp};
use crate::store::{
    ApplyError, Change, Committed, MailChange, NewReminder, SendLease, StorageFailure, Store,
    Writer,
};

/// What one drafting pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DraftReport {
    pub drafted: usize,
    /// Drafted and approved at once (contacts opted into auto-send, no lint warning).
    pub auto_approved: usize,
    /// Due contacts without a draft, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Template errors, one line per contact.
    pub errors: Vec<String>,
}

/// Drafts a reminder for every due contact the rules allow; all drafts of one pass
/// are stored in one transaction.
pub fn draft_due(store: &mut Store) -> Result<DraftReport, ApplyError> {
    let (reminders, report) = plan_drafts(store)?;
    if reminders.is_empty() {
        return Ok(report);
    }
    let committed = commit_drafts(&store.writer(), reminders, report)?;
    store.absorb(committed)
}

/// Stores a pass's drafts (from [`plan_drafts`]) in one transaction, on any thread (the
/// window's worker); the report comes back counted.
pub fn commit_drafts(
    writer: &Writer,
    reminders: Vec<NewReminder>,
    mut report: DraftReport,
) -> Result<Committed<DraftReport>, ApplyError> {
    report.auto_approved = reminders.iter().filter(|r| r.approve).count();
    report.drafted = reminders.len();
    writer.apply_all(move |batch| {
        for reminder in reminders {
            batch.apply(Change::Mail(MailChange::CreateReminder(Box::new(reminder))))?;
        }
        Ok(report)
    })
}

/// The drafts a pass would make, without storing them (reads only).
pub fn plan_drafts(store: &Store) -> Result<(Vec<NewReminder>, DraftReport), ApplyError> {
    let today = store.today();
    let model = store.model();
    let mail = model.mail();
    let settings = model.settings();
    let capabilities: Vec<_> = model
        .plan()
        .capabilities(false)
        .into_iter()
        .cloned()
        .collect();
    let eligible = eligible_highlights(&capabilities);
    let mut report = DraftReport::default();
    let mut reminders = Vec::new();
    let mut skip = |reason: SkipReason| *report.skipped.entry(reason.code()).or_default() += 1;
    for due in model.due_contacts(today) {
        let Some(entry) = model.contact(due.id) else {
            continue;
        };
        let contact = &entry.contact;
        let level = match effective_level(contact, settings) {
            Ok(level) => level,
            Err(reason) => {
                skip(reason);
                continue;
            }
        };
        let Some(address) = recipient(contact, settings) else {
            skip(SkipReason::NoEmail);
            continue;
        };
        if mail.open_entry_for(contact.id).is_some() {
            skip(SkipReason::DraftWaiting);
            continue;
        }
        if mail.drafted_for_period(contact.id, due.due) {
            skip(SkipReason::AlreadyDrafted);
            continue;
        }
        let state = mail.state(contact.id);
        let Some(template) = choose_template(mail.templates(), level, contact.id, &state) else {
            skip(SkipReason::NoTemplate);
            continue;
        };
        let Some(highlight) = choose_highlight(&eligible, &state) else {
            skip(SkipReason::NoHighlight);
            continue;
        };
        let last = store.contact_touchpoints(contact.id, 1)?;
        let vars = TemplateVars {
            first_name: first_name(&contact.fields.name),
            organization: contact.fields.organization.clone(),
            last_touch_summary: last
                .first()
                .map(|t| t.fields.summary.clone())
                .unwrap_or_default(),
            last_touch_date: last
                .first()
                .map(|t| t.fields.date.format("%-d %B %Y").to_string())
                .unwrap_or_default(),
            highlight: highlight.fields.title.clone(),
            highlight_numbers: highlight.fields.numbers.clone(),
            highlight_story: shorten(&highlight.fields.story, 300),
            my_name: settings.identity.name.clone(),
            signature: settings.identity.signature.clone(),
        };
        let (subject, body) = match render(template, &vars) {
            Ok(rendered) => rendered,
            Err(e) => {
                skip(SkipReason::TemplateError);
                report.errors.push(format!(
                    "contact {} ({}): template {}: {e}",
                    contact.id, contact.fields.name, template.key
                ));
                continue;
            }
        };
        let approve =
            contact.fields.auto_send && lint(&subject, &body, &settings.employer.name).is_empty();
        reminders.push(NewReminder {
            contact: contact.id,
            due: due.due,
            template: template.key.clone(),
            highlight: Some(highlight.id),
            to_name: contact.fields.name.clone(),
            to_address: address.to_string(),
            subject,
            body,
            approve,
        });
    }
    Ok((reminders, report))
}

/// Why the digest is not made now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestWait {
    #[error("no address for the digest: set identity.email")]
    NoAddress,
    #[error("the {schedule} digest already went out on {last}; next on {next}")]
    AlreadySent {
        schedule: &'static str,
        last: chrono::NaiveDate,
        next: chrono::NaiveDate,
    },
    #[error("not before {} today", .time.format("%H:%M"))]
    TooEarly { time: chrono::NaiveTime },
}

/// When the next digest may go out; `None` when it may go out now.
pub fn digest_wait(store: &Store) -> Option<DigestWait> {
    let mail = store.model().mail();
    let settings = store.model().settings();
    if settings.identity.email.is_empty() {
        return Some(DigestWait::NoAddress);
    }
    let today = store.today();
    if let Some(last) = mail.last_digest_day() {
        let next = last + chrono::Days::new(settings.digest.schedule.every_days().unsigned_abs());
        if today < next {
            return Some(DigestWait::AlreadySent {
                schedule: settings.digest.schedule.code(),
                last,
                next,
            });
        }
    }
    let now = store
        .clock()
        .now()
        .to_datetime()
        .with_timezone(&chrono::Local)
        .time();
    if now < settings.digest.time {
        return Some(DigestWait::TooEarly {
            time: settings.digest.time,
        });
    }
    None
}

/// Makes today's digest (approved, ready to send) when the schedule allows; returns
/// its id, or why not.
pub fn make_digest(store: &mut Store) -> Result<Result<OutboxId, DigestWait>, ApplyError> {
    let change = match plan_digest(store) {
        Ok(change) => change,
        Err(reason) => return Ok(Err(reason)),
    };
    let outcome = store.apply(change)?;
    Ok(Ok(OutboxId(
        outcome.new_id().expect("a digest entry was made"),
    )))
}

/// The change that makes today's digest, or why there is none to make now (reads
/// only; the window commits it on a worker).
pub fn plan_digest(store: &Store) -> Result<Change, DigestWait> {
    if let Some(reason) = digest_wait(store) {
        return Err(reason);
    }
    let today = store.today();
    let (subject, body) = super::digest::digest(store.model(), today);
    Ok(Change::Mail(MailChange::CreateDigest {
        day: today,
        to: store.model().settings().identity.email.clone(),
        subject,
        body,
    }))
}

/// Where a send run's store comes from: kept open throughout (the library, the
/// tests), or opened for each commit and closed while the server is waited on (the
/// command line, under a [`SendLease`]), so a slow server never locks the window or
/// another command out of the database.
pub enum Holder<'a> {
    Kept(&'a mut Store),
    Reopened {
        path: std::path::PathBuf,
        wait: std::time::Duration,
        clock: crate::store::Clock,
    },
}

impl Holder<'_> {
    fn with<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, ApplyError>,
    ) -> Result<T, ApplyError> {
        match self {
            Holder::Kept(store) => f(store),
            Holder::Reopened { path, wait, clock } => {
                // A commit of the send protocol reads only the outbox: the contacts
                // stay on disk (at 100k contacts, ~10 ms a commit instead of ~250).
                let mut store = Store::open_for_records_waiting(path, *wait)
                    .map_err(|e| ApplyError::Storage(StorageFailure::Reopen(Box::new(e))))?;
                store.set_clock(*clock);
                f(&mut store)
            }
        }
    }
}

/// Sends one ready entry through `mailer`, committing before and after.
pub fn send_one(
    store: &mut Store,
    mailer: &Mailer,
    id: OutboxId,
) -> Result<Result<(), SendError>, ApplyError> {
    send_held(&mut Holder::Kept(store), mailer, id)
}

/// The protocol's steps ([`super::session`]) with the store from `holder`.
fn send_held(
    holder: &mut Holder<'_>,
    mailer: &Mailer,
    id: OutboxId,
) -> Result<Result<(), SendError>, ApplyError> {
    let entry = match holder.with(|store| session::begin(store, id))? {
        Begun::Go(entry) => entry,
        Begun::Withdrawn(error) => return Ok(Err(error)),
    };
    let result = session::attempt(mailer, &entry);
    holder.with(|store| session::record(store, id, &result))?;
    Ok(result)
}

/// Sends every entry that is ready, over one connection; `progress(done, total)` is
/// called after each.
pub fn send_ready(
    store: &mut Store,
    mailer: &Mailer,
    progress: impl FnMut(usize, usize),
) -> Result<SendReport, ApplyError> {
    let ready = store.model().mail().ready_to_send(store.clock().now());
    send_all(&mut Holder::Kept(store), mailer, ready, progress)
}

/// Like [`send_ready`], for a store that is closed: under a [`SendLease`], the
/// database is opened for each commit and closed while the server is waited on.
pub fn send_ready_releasing(
    store: Store,
    wait: std::time::Duration,
    mailer: &Mailer,
    progress: impl FnMut(usize, usize),
) -> Result<SendReport, ApplyError> {
    let lease = SendLease::take(store.path())?;
    let ready = store.model().mail().ready_to_send(store.clock().now());
    let mut holder = Holder::Reopened {
        path: store.path().to_path_buf(),
        wait,
        clock: store.clock(),
    };
    drop(store);
    let report = send_all(&mut holder, mailer, ready, progress);
    drop(lease);
    report
}

fn send_all(
    holder: &mut Holder<'_>,
    mailer: &Mailer,
    ready: Vec<OutboxId>,
    mut progress: impl FnMut(usize, usize),
) -> Result<SendReport, ApplyError> {
    let total = ready.len();
    let mut report = SendReport::default();
    for (done, id) in ready.into_iter().enumerate() {
        let result = send_held(holder, mailer, id)?;
        report.count(id, &result);
        progress(done + 1, total);
    }
    Ok(report)
}

/// Whether anything is waiting to be sent now.
pub fn anything_to_send(store: &Store, now: Timestamp) -> bool {
    !store.model().mail().ready_to_send(now).is_empty()
}

/// The last day a digest covered, for reports.
pub fn last_digest(store: &Store) -> Option<NaiveDate> {
    store.model().mail().last_digest_day()
}

/// A short test email to `to` (never stored in the outbox).
pub fn test_entry(
    settings: &crate::model::Settings,
    to: &str,
    now: Timestamp,
    today: NaiveDate,
) -> crate::model::OutboxEntry {
    use crate::model::{OutboxEntry, OutboxKind, OutboxStatus, message_id_for};
    OutboxEntry {
        id: OutboxId(0),
        kind: OutboxKind::Digest { day: today },
        to_name: settings.identity.name.clone(),
        to_address: to.to_string(),
        subject: "Test email".into(),
        body: "This is a test: your email settings work.".into(),
        message_id: message_id_for(OutboxId(0), now, &settings.identity.email),
        status: OutboxStatus::Approved,
        lint_override: false,
        attempts: 0,
        last_error: None,
        retry_after: None,
        sent_at: None,
        created: now,
        updated: now,
    }
}
