//! Carrying out [`MailChange`]s: settings, templates, and the outbox state machine
//! (draft → approved → sending → sent | failed | discarded, and needs review), with the
//! per-contact rotation state and the indexes that keep drafting idempotent (one entry
//! per contact and due period, one digest per day). The hard discretion rules are
//! checked again here, so no caller can store a draft the rules forbid.

use chrono::NaiveDate;
use redb::ReadableTable;

use super::apply::{Batch, refused};
use super::change::{MailChange, NewReminder};
use super::codec::{decode_plan, encode_plan};
use super::mail_model::MailUpdate;
use super::read_model::ModelUpdate;
use super::tables::day_key;
use super::{ApplyError, Change, Outcome, StorageFailure};
use crate::model::draft::{ContactMailState, effective_level};
use crate::model::lint::lint;
use crate::model::{
    ContactId, Direction, EmailTemplate, OutboxEntry, OutboxId, OutboxKind, OutboxStatus, Revision,
    Timestamp, TouchpointFields, TouchpointKind, message_id_for, retry_delay_ms, validate_message,
};

/// Refuses a change the entry's status does not allow: "outbox entry 3 is sent" and
/// `why` after it.
fn wrong_status(entry: &OutboxEntry, why: &str) -> ApplyError {
    refused(
        "status",
        format!("outbox entry {} is {}{why}", entry.id, entry.status.code()),
    )
}

impl Batch<'_> {
    fn entry(&self, id: OutboxId) -> Result<OutboxEntry, ApplyError> {
        let bytes = self
            .tables
            .outbox
            .get(id.0)
            .map_err(StorageFailure::from)?
            .ok_or(ApplyError::NotFound {
                what: "outbox entry",
                id: id.0,
            })?;
        Ok(decode_plan("outbox entry", id.0, bytes.value()).map_err(StorageFailure::from)?)
    }

    /// Why `entry` may no longer go out, judged on the contact, template and settings as
    /// they are now (see [`crate::model::draft::withdrawal_reason`]).
    fn withdrawal(&self, entry: &OutboxEntry) -> Result<Option<String>, ApplyError> {
        let settings = self.settings()?;
        let contact = match entry.contact() {
            Some(id) => match self.tables.contact(id) {
                Ok(contact) => Some(contact),
                Err(ApplyError::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        let template = match &entry.kind {
            OutboxKind::Reminder { template, .. } => self.template(template)?,
            OutboxKind::Digest { .. } => None,
        };
        Ok(crate::model::draft::withdrawal_reason(
            entry,
            contact.as_ref(),
            template.as_ref(),
            &settings,
        ))
    }

    fn template(&self, key: &str) -> Result<Option<EmailTemplate>, ApplyError> {
        Ok(self
            .tables
            .templates
            .get(key)
            .map_err(StorageFailure::from)?
            .map(|bytes| decode_plan::<EmailTemplate>("template", 0, bytes.value()))
            .transpose()
            .map_err(StorageFailure::from)?)
    }

    /// The entry, which must be `Sending`: a send's result only lands on a send begun.
    fn sending_entry(&self, id: OutboxId) -> Result<OutboxEntry, ApplyError> {
        let entry = self.entry(id)?;
        if entry.status != OutboxStatus::Sending {
            return Err(wrong_status(&entry, ", not sending"));
        }
        Ok(entry)
    }

    fn save_entry(&mut self, mut entry: OutboxEntry) -> Result<Outcome, ApplyError> {
        entry.updated = self.now;
        self.tables
            .outbox
            .insert(entry.id.0, encode_plan(&entry).as_slice())
            .map_err(StorageFailure::from)?;
        let id = entry.id;
        self.updates
            .push(ModelUpdate::Mail(MailUpdate::Entry(Box::new(entry))));
        Ok(Outcome::OutboxEntry(id))
    }

    fn mail_state(&self, contact: ContactId) -> Result<ContactMailState, ApplyError> {
        match self
            .tables
            .mail_state
            .get(contact.0)
            .map_err(StorageFailure::from)?
        {
            Some(bytes) => Ok(decode_plan("mail state", contact.0, bytes.value())
                .map_err(StorageFailure::from)?),
            None => Ok(ContactMailState::default()),
        }
    }

    fn new_entry(
        &mut self,
        kind: OutboxKind,
        to_name: String,
        to_address: String,
        subject: String,
        body: String,
        status: OutboxStatus,
    ) -> Result<OutboxEntry, ApplyError> {
        let (subject, body) = validate_message(&subject, &body).map_err(ApplyError::Invalid)?;
        crate::model::validate_email(&to_address).map_err(|e| refused("to", format!("to: {e}")))?;
        let id = OutboxId(self.tables.next_id()?);
        let from = self.settings()?.identity.email;
        Ok(OutboxEntry {
            id,
            kind,
            to_name,
            to_address,
            subject,
            body,
            message_id: message_id_for(id, self.now, &from),
            status,
            lint_override: false,
            attempts: 0,
            last_error: None,
            retry_after: None,
            sent_at: None,
            created: self.now,
            updated: self.now,
        })
    }

    pub(crate) fn apply_mail(&mut self, change: MailChange) -> Result<Outcome, ApplyError> {
        match change {
            MailChange::SaveTemplate { base, template } => self.save_template(base, template),
            MailChange::CreateReminder(new) => self.create_reminder(*new),
            MailChange::CreateDigest {
                day,
                to,
                subject,
                body,
            } => self.create_digest(day, to, subject, body),
            MailChange::EditDraft {
                id,
                base,
                subject,
                body,
            } => self.edit_draft(id, base, subject, body),
            MailChange::Approve { id, override_lint } => self.approve(id, override_lint),
            MailChange::Discard(id) => self.discard(id),
            MailChange::Undiscard(id) => self.undiscard(id),
            MailChange::BeginSending(id) => self.begin_sending(id),
            MailChange::SendSucceeded(id) => {
                let entry = self.sending_entry(id)?;
                self.mark_sent(entry)
            }
            MailChange::SendFailed {
                id,
                error,
                permanent,
            } => self.send_failed(id, error, permanent),
            MailChange::SendUncertain { id, error } => {
                let mut entry = self.sending_entry(id)?;
                entry.status = OutboxStatus::NeedsReview;
                entry.last_error = Some(error);
                entry.retry_after = None;
                self.save_entry(entry)
            }
            MailChange::Resolve { id, was_sent } => self.resolve(id, was_sent),
            MailChange::HoldRestored { copy } => {
                let held: Vec<OutboxEntry> = self
                    .all_entries()?
                    .into_iter()
                    .filter_map(|mut entry| entry.hold_after_restore(&copy).then_some(entry))
                    .collect();
                for entry in held {
                    self.save_entry(entry)?;
                }
                Ok(Outcome::Done)
            }
            MailChange::RecoverInterrupted => self.recover_interrupted(),
        }
    }

    /// Every outbox entry, in id order.
    fn all_entries(&self) -> Result<Vec<OutboxEntry>, ApplyError> {
        let mut entries = Vec::new();
        for row in self.tables.outbox.iter().map_err(StorageFailure::from)? {
            let (key, value) = row.map_err(StorageFailure::from)?;
            entries.push(
                decode_plan("outbox entry", key.value(), value.value())
                    .map_err(StorageFailure::from)?,
            );
        }
        Ok(entries)
    }

    fn save_template(
        &mut self,
        base: Option<Revision>,
        template: EmailTemplate,
    ) -> Result<Outcome, ApplyError> {
        let stored = self.template(&template.key)?;
        if stored.as_ref().map(Revision::of) != base {
            return Err(ApplyError::Stale {
                record: format!("template {}", template.key),
            });
        }
        let template = template.validate().map_err(ApplyError::Invalid)?;
        let (subject, body) = crate::model::template::render(
            &template,
            &crate::model::template::TemplateVars::sample(),
        )
        .map_err(|e| refused("template", format!("template {e}")))?;
        // A template that talks about the search only goes to those who know.
        let employer = self.settings()?.employer.name;
        if let Some(warning) = lint(&subject, &body, &employer).first()
            && template.audience != crate::model::Discretion::KnowsLooking
        {
            return Err(refused(
                "audience",
                format!(
                    "template {}: it mentions the search (\"{}\"), so it may only go to contacts who know you are looking",
                    template.key, warning.found
                ),
            ));
        }
        self.tables
            .templates
            .insert(template.key.as_str(), encode_plan(&template).as_slice())
            .map_err(StorageFailure::from)?;
        self.updates
            .push(ModelUpdate::Mail(MailUpdate::Template(template)));
        Ok(Outcome::Done)
    }

    fn create_digest(
        &mut self,
        day: NaiveDate,
        to: String,
        subject: String,
        body: String,
    ) -> Result<Outcome, ApplyError> {
        let key = day_key(day);
        if self
            .tables
            .digests
            .get(key)
            .map_err(StorageFailure::from)?
            .is_some()
        {
            return Err(refused("digest", format!("digest: already made for {day}")));
        }
        let entry = self.new_entry(
            OutboxKind::Digest { day },
            String::new(),
            to,
            subject,
            body,
            OutboxStatus::Approved,
        )?;
        self.tables
            .digests
            .insert(key, entry.id.0)
            .map_err(StorageFailure::from)?;
        self.save_entry(entry)
    }

    fn edit_draft(
        &mut self,
        id: OutboxId,
        base: Revision,
        subject: String,
        body: String,
    ) -> Result<Outcome, ApplyError> {
        let mut entry = self.entry(id)?;
        if Revision::of(&entry) != base {
            return Err(ApplyError::Stale {
                record: format!("outbox entry {id}"),
            });
        }
        if !entry.editable() {
            return Err(wrong_status(&entry, " and can no longer be changed"));
        }
        let (subject, body) = validate_message(&subject, &body).map_err(ApplyError::Invalid)?;
        entry.subject = subject;
        entry.body = body;
        // Changed words need a fresh look: back to draft, override cleared.
        entry.status = OutboxStatus::Draft;
        entry.lint_override = false;
        entry.attempts = 0;
        entry.retry_after = None;
        self.save_entry(entry)
    }

    fn approve(&mut self, id: OutboxId, override_lint: bool) -> Result<Outcome, ApplyError> {
        let mut entry = self.entry(id)?;
        if !matches!(entry.status, OutboxStatus::Draft | OutboxStatus::Failed) {
            return Err(wrong_status(
                &entry,
                "; only drafts and failed emails can be approved",
            ));
        }
        if let Some(reason) = self.withdrawal(&entry)? {
            return Err(refused(
                "discretion",
                format!("this email may no longer go out ({reason}); discard it"),
            ));
        }
        let employer = self.settings()?.employer.name;
        let warnings = lint(&entry.subject, &entry.body, &employer);
        if !warnings.is_empty() && !override_lint {
            return Err(refused(
                "lint",
                format!(
                    "outbox entry {id} has {} discretion warning(s) ({}); edit it, or approve with the override",
                    warnings.len(),
                    warnings
                        .iter()
                        .map(|w| format!("\"{}\"", w.found))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        entry.lint_override = !warnings.is_empty();
        entry.status = OutboxStatus::Approved;
        entry.attempts = 0;
        entry.retry_after = None;
        self.save_entry(entry)
    }

    fn discard(&mut self, id: OutboxId) -> Result<Outcome, ApplyError> {
        let mut entry = self.entry(id)?;
        if matches!(entry.status, OutboxStatus::Sending | OutboxStatus::Sent) {
            return Err(wrong_status(&entry, ""));
        }
        entry.status = OutboxStatus::Discarded;
        self.save_entry(entry)
    }

    fn undiscard(&mut self, id: OutboxId) -> Result<Outcome, ApplyError> {
        let mut entry = self.entry(id)?;
        if entry.status != OutboxStatus::Discarded {
            return Err(wrong_status(&entry, ", not discarded"));
        }
        entry.status = OutboxStatus::Draft;
        self.save_entry(entry)
    }

    fn begin_sending(&mut self, id: OutboxId) -> Result<Outcome, ApplyError> {
        let mut entry = self.entry(id)?;
        if !entry.ready_to_send(self.now) {
            return Err(wrong_status(&entry, " and not ready to send"));
        }
        // Checked again right before the SMTP conversation: what changed since
        // the approval (the contact, the employer) can withdraw it.
        if let Some(reason) = self.withdrawal(&entry)? {
            entry.status = OutboxStatus::Discarded;
            entry.last_error = Some(format!("Withdrawn before sending: {reason}."));
            entry.retry_after = None;
            self.save_entry(entry)?;
            return Ok(Outcome::Withdrawn(id));
        }
        entry.status = OutboxStatus::Sending;
        entry.attempts += 1;
        self.save_entry(entry)
    }

    fn send_failed(
        &mut self,
        id: OutboxId,
        error: String,
        permanent: bool,
    ) -> Result<Outcome, ApplyError> {
        let mut entry = self.sending_entry(id)?;
        entry.status = OutboxStatus::Failed;
        // After the last attempt nothing is retried on its own: say so.
        let error = if !permanent && entry.attempts >= crate::model::MAX_SEND_ATTEMPTS {
            format!(
                "{} — that was attempt {} of {}: it is no longer retried on its own; approve it again to try once more",
                error
                    .replace("; it will be retried", "")
                    .replace(" it will be retried", ""),
                entry.attempts,
                crate::model::MAX_SEND_ATTEMPTS
            )
        } else {
            error
        };
        entry.last_error = Some(error);
        entry.retry_after =
            (!permanent).then(|| Timestamp(self.now.0 + retry_delay_ms(entry.attempts)));
        self.save_entry(entry)
    }

    fn resolve(&mut self, id: OutboxId, was_sent: bool) -> Result<Outcome, ApplyError> {
        let mut entry = self.entry(id)?;
        if entry.status != OutboxStatus::NeedsReview {
            return Err(wrong_status(&entry, ", not needs-review"));
        }
        if was_sent {
            self.mark_sent(entry)
        } else {
            entry.status = OutboxStatus::Approved;
            entry.retry_after = None;
            self.save_entry(entry)
        }
    }

    /// Sends a crash left `Sending` may have gone out: they wait for a person's word.
    fn recover_interrupted(&mut self) -> Result<Outcome, ApplyError> {
        let stuck = self
            .all_entries()?
            .into_iter()
            .filter(|entry| entry.status == OutboxStatus::Sending);
        for mut entry in stuck {
            entry.status = OutboxStatus::NeedsReview;
            entry.last_error = Some(
                "the send was interrupted: it may have been sent — check your Sent folder".into(),
            );
            self.save_entry(entry)?;
        }
        Ok(Outcome::Done)
    }

    fn create_reminder(&mut self, new: NewReminder) -> Result<Outcome, ApplyError> {
        let contact = self.tables.contact(new.contact)?;
        let settings = self.settings()?;
        if let Err(reason) = effective_level(&contact, &settings) {
            return Err(refused(
                "contact",
                format!("contact {}: {}", new.contact, reason.code()),
            ));
        }
        if settings.employer.owns_address(&new.to_address) {
            return Err(refused(
                "to",
                format!("{} is in your employer's domain", new.to_address),
            ));
        }
        if !contact
            .fields
            .emails
            .iter()
            .any(|e| e.eq_ignore_ascii_case(&new.to_address))
        {
            return Err(refused(
                "to",
                format!(
                    "{} is not an address of contact {}",
                    new.to_address, new.contact
                ),
            ));
        }
        let period = (new.contact.0, day_key(new.due));
        if self
            .tables
            .outbox_by_period
            .get(period)
            .map_err(StorageFailure::from)?
            .is_some()
        {
            return Err(refused(
                "contact",
                format!(
                    "contact {}: already drafted for the period due {}",
                    new.contact, new.due
                ),
            ));
        }
        let status = if new.approve {
            OutboxStatus::Approved
        } else {
            OutboxStatus::Draft
        };
        let entry = self.new_entry(
            OutboxKind::Reminder {
                contact: new.contact,
                due: new.due,
                template: new.template,
                highlight: new.highlight,
            },
            new.to_name,
            new.to_address,
            new.subject,
            new.body,
            status,
        )?;
        self.tables
            .outbox_by_period
            .insert(period, entry.id.0)
            .map_err(StorageFailure::from)?;
        self.save_entry(entry)
    }

    /// Sent: the entry, the rotation state, and a touchpoint that resets the clock.
    fn mark_sent(&mut self, mut entry: OutboxEntry) -> Result<Outcome, ApplyError> {
        entry.status = OutboxStatus::Sent;
        entry.sent_at = Some(self.now);
        entry.last_error = None;
        entry.retry_after = None;
        if let OutboxKind::Reminder {
            contact, highlight, ..
        } = entry.kind
        {
            let mut state = self.mail_state(contact)?;
            state.record_sent(highlight);
            self.tables
                .mail_state
                .insert(contact.0, encode_plan(&state).as_slice())
                .map_err(StorageFailure::from)?;
            self.updates
                .push(ModelUpdate::Mail(MailUpdate::State(contact, state)));
            if self.tables.contact(contact).is_ok() {
                let summary: String = format!("Email: {}", entry.subject)
                    .chars()
                    .take(500)
                    .collect();
                self.apply(Change::LogTouchpoint(TouchpointFields {
                    contacts: vec![contact],
                    date: self.today,
                    time: None,
                    kind: TouchpointKind::Email,
                    direction: Direction::Gave,
                    summary,
                    follow_up: None,
                }))?;
            }
        }
        self.save_entry(entry)
    }
}
