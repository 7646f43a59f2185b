//! The mail part of the read model: templates, the outbox with its per-status
//! counts, and the per-contact rotation state, in memory; and the updates a committed
//! mail change hands it ([`MailUpdate`]). Nothing here writes.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::draft::ContactMailState;
use crate::model::{
    ContactId, EmailTemplate, OutboxEntry, OutboxId, OutboxKind, OutboxStatus, Timestamp,
};

/// What the read model learns from a mail change.
pub(crate) enum MailUpdate {
    Template(EmailTemplate),
    Entry(Box<OutboxEntry>),
    State(ContactId, ContactMailState),
}

/// Templates, the outbox and rotation state, in memory.
#[derive(Debug, Default, Clone)]
pub struct MailModel {
    templates: Vec<EmailTemplate>,
    outbox: BTreeMap<OutboxId, OutboxEntry>,
    /// Open entries (draft … needs review) per contact.
    open_by_contact: HashMap<ContactId, OutboxId>,
    /// (contact, due date) of every reminder ever made.
    periods: HashSet<(ContactId, NaiveDate)>,
    digest_days: HashSet<NaiveDate>,
    states: HashMap<ContactId, ContactMailState>,
    /// Entries per status, kept on every change (the navigation shows them each frame).
    counts: HashMap<OutboxStatus, usize>,
}

impl MailModel {
    pub(crate) fn from_parts(
        templates: Vec<EmailTemplate>,
        entries: Vec<OutboxEntry>,
        states: Vec<(ContactId, ContactMailState)>,
    ) -> Self {
        let mut model = MailModel {
            templates,
            states: states.into_iter().collect(),
            ..MailModel::default()
        };
        for entry in entries {
            model.upsert(entry);
        }
        model
    }

    pub(crate) fn apply(&mut self, update: MailUpdate) {
        match update {
            MailUpdate::Template(template) => {
                match self.templates.iter_mut().find(|t| t.key == template.key) {
                    Some(slot) => *slot = template,
                    None => self.templates.push(template),
                }
            }
            MailUpdate::Entry(entry) => self.upsert(*entry),
            MailUpdate::State(contact, state) => {
                self.states.insert(contact, state);
            }
        }
    }

    fn upsert(&mut self, entry: OutboxEntry) {
        match &entry.kind {
            OutboxKind::Reminder { contact, due, .. } => {
                self.periods.insert((*contact, *due));
                if entry.status.is_open() {
                    self.open_by_contact.insert(*contact, entry.id);
                } else if self.open_by_contact.get(contact) == Some(&entry.id) {
                    self.open_by_contact.remove(contact);
                }
            }
            OutboxKind::Digest { day } => {
                self.digest_days.insert(*day);
            }
        }
        *self.counts.entry(entry.status).or_default() += 1;
        if let Some(old) = self.outbox.insert(entry.id, entry)
            && let Some(count) = self.counts.get_mut(&old.status)
        {
            *count = count.saturating_sub(1);
        }
    }

    pub fn templates(&self) -> &[EmailTemplate] {
        &self.templates
    }

    pub fn template(&self, key: &str) -> Option<&EmailTemplate> {
        self.templates.iter().find(|t| t.key == key)
    }

    /// Every outbox entry, oldest first.
    pub fn outbox(&self) -> impl DoubleEndedIterator<Item = &OutboxEntry> {
        self.outbox.values()
    }

    pub fn entry(&self, id: OutboxId) -> Option<&OutboxEntry> {
        self.outbox.get(&id)
    }

    pub fn count(&self, status: OutboxStatus) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    pub fn open_entry_for(&self, contact: ContactId) -> Option<&OutboxEntry> {
        self.open_by_contact
            .get(&contact)
            .and_then(|id| self.outbox.get(id))
    }

    pub fn drafted_for_period(&self, contact: ContactId, due: NaiveDate) -> bool {
        self.periods.contains(&(contact, due))
    }

    pub fn digest_made_on(&self, day: NaiveDate) -> bool {
        self.digest_days.contains(&day)
    }

    pub fn last_digest_day(&self) -> Option<NaiveDate> {
        self.digest_days.iter().max().copied()
    }

    pub fn state(&self, contact: ContactId) -> ContactMailState {
        self.states.get(&contact).cloned().unwrap_or_default()
    }

    /// Entries a send run should pick up at `now`, oldest first.
    pub fn ready_to_send(&self, now: Timestamp) -> Vec<OutboxId> {
        self.outbox
            .values()
            .filter(|e| e.ready_to_send(now))
            .map(|e| e.id)
            .collect()
    }
}
