//! Carrying out a [`Change`] inside one redb write transaction: validation, the record
//! write, and every index and aggregate that depends on it. The read-model updates are
//! collected here and applied by the store only after the commit succeeded.

use chrono::NaiveDate;
use redb::{ReadableTable, Table, WriteTransaction};

use super::codec::{
    decode_contact, decode_stats, decode_touchpoint, encode_contact, encode_stats,
    encode_touchpoint,
};
use super::read_model::{ContactEntry, FollowUpItem, ModelUpdate};
use super::tables::*;
use super::{ApplyError, Change, Outcome, StorageFailure};
use crate::model::{
    CadenceRules, Contact, ContactId, ContactStats, Discretion, FieldErrors, Revision, Timestamp,
    Touchpoint, TouchpointId, next_due,
};

/// A change refused for one field, in that field's words.
pub(crate) fn refused(field: &'static str, message: impl Into<String>) -> ApplyError {
    let mut errors = FieldErrors::default();
    errors.push(field, message);
    ApplyError::Invalid(errors)
}

/// Every table, opened once per write transaction.
pub(crate) struct Tables<'txn> {
    pub meta: Table<'txn, &'static str, u64>,
    pub contacts: Table<'txn, u64, &'static [u8]>,
    pub touchpoints: Table<'txn, u64, &'static [u8]>,
    pub stats: Table<'txn, u64, &'static [u8]>,
    pub by_contact: Table<'txn, (u64, i64, u64), ()>,
    pub by_kind: Table<'txn, (u8, u8, i64, u64), ()>,
    pub by_due: Table<'txn, (i32, u64), ()>,
    pub follow_ups: Table<'txn, (i32, u64), ()>,
    pub by_company: Table<'txn, (&'static str, u64, u8), ()>,
    pub criteria: Table<'txn, u64, &'static [u8]>,
    pub applications: Table<'txn, u64, &'static [u8]>,
    pub capabilities: Table<'txn, u64, &'static [u8]>,
    pub asks: Table<'txn, u64, &'static [u8]>,
    pub check_ins: Table<'txn, u64, &'static [u8]>,
    pub settings: Table<'txn, &'static str, &'static [u8]>,
    pub templates: Table<'txn, &'static str, &'static [u8]>,
    pub outbox: Table<'txn, u64, &'static [u8]>,
    pub outbox_by_period: Table<'txn, (u64, i32), u64>,
    pub digests: Table<'txn, i32, u64>,
    pub mail_state: Table<'txn, u64, &'static [u8]>,
    /// The cadence defaults as this transaction found them (settings can change them).
    pub cadence: CadenceRules,
}

impl<'txn> Tables<'txn> {
    pub fn open(txn: &'txn WriteTransaction) -> Result<Self, StorageFailure> {
        let settings: Table<'txn, &'static str, &'static [u8]> = txn.open_table(SETTINGS)?;
        let cadence =
            match settings.get(KEY_SETTINGS)? {
                Some(bytes) => CadenceRules::of(&super::codec::decode_plan::<
                    crate::model::Settings,
                >("settings", 0, bytes.value())?),
                None => CadenceRules::default(),
            };
        Ok(Self {
            cadence,
            meta: txn.open_table(META)?,
            contacts: txn.open_table(CONTACTS)?,
            touchpoints: txn.open_table(TOUCHPOINTS)?,
            stats: txn.open_table(CONTACT_STATS)?,
            by_contact: txn.open_table(TOUCHPOINTS_BY_CONTACT)?,
            by_kind: txn.open_table(TOUCHPOINTS_BY_KIND)?,
            by_due: txn.open_table(CONTACTS_BY_DUE)?,
            follow_ups: txn.open_table(FOLLOW_UPS_BY_DATE)?,
            by_company: txn.open_table(CONTACTS_BY_COMPANY)?,
            criteria: txn.open_table(CRITERIA)?,
            applications: txn.open_table(APPLICATIONS)?,
            capabilities: txn.open_table(CAPABILITIES)?,
            asks: txn.open_table(ASKS)?,
            check_ins: txn.open_table(CHECK_INS)?,
            settings,
            templates: txn.open_table(TEMPLATES)?,
            outbox: txn.open_table(OUTBOX)?,
            outbox_by_period: txn.open_table(OUTBOX_BY_PERIOD)?,
            digests: txn.open_table(DIGESTS)?,
            mail_state: txn.open_table(MAIL_STATE)?,
        })
    }

    /// A fresh id; refused (nothing written) rather than ever wrapping around onto an
    /// existing record.
    pub fn next_id(&mut self) -> Result<u64, ApplyError> {
        let id = self
            .meta
            .get(KEY_NEXT_ID)
            .map_err(StorageFailure::from)?
            .map_or(1, |v| v.value());
        let next = id
            .checked_add(1)
            .filter(|n| *n <= super::backup::ID_LIMIT + 1)
            .ok_or_else(|| {
                let mut errors = crate::model::FieldErrors::default();
                errors.push("id", "the database has run out of ids; it may be damaged");
                ApplyError::Invalid(errors)
            })?;
        self.meta
            .insert(KEY_NEXT_ID, next)
            .map_err(StorageFailure::from)?;
        Ok(id)
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact, ApplyError> {
        let bytes = self.contacts.get(id.0).map_err(StorageFailure::from)?;
        let bytes = bytes.ok_or(ApplyError::NotFound {
            what: "contact",
            id: id.0,
        })?;
        Ok(decode_contact(id.0, bytes.value()).map_err(StorageFailure::from)?)
    }

    pub fn stats(&self, id: ContactId) -> Result<ContactStats, StorageFailure> {
        match self.stats.get(id.0)? {
            Some(bytes) => Ok(decode_stats(id.0, bytes.value())?),
            None => Ok(ContactStats::default()),
        }
    }

    pub fn touchpoint(&self, id: TouchpointId) -> Result<Touchpoint, ApplyError> {
        let bytes = self.touchpoints.get(id.0).map_err(StorageFailure::from)?;
        let bytes = bytes.ok_or(ApplyError::NotFound {
            what: "touchpoint",
            id: id.0,
        })?;
        Ok(decode_touchpoint(id.0, bytes.value()).map_err(StorageFailure::from)?)
    }

    /// Writes what changed of a contact (its record, its aggregates, or both) and moves
    /// it in the due index; returns the entry the read model should hold.
    pub fn save_contact(
        &mut self,
        contact: Contact,
        stats: ContactStats,
        old_due: Option<NaiveDate>,
        save: Save,
    ) -> Result<ContactEntry, StorageFailure> {
        let id = contact.id.0;
        if save != Save::Stats {
            let old = self
                .contacts
                .insert(id, encode_contact(&contact).as_slice())?
                .map(|bytes| decode_contact(id, bytes.value()))
                .transpose()?;
            if let Some(old) = &old {
                self.unindex_companies(old)?;
            }
            self.index_companies(&contact)?;
        }
        if save != Save::Record {
            self.stats.insert(id, encode_stats(&stats).as_slice())?;
        }
        let cadence = self.cadence.cadence_for(&contact);
        let entry = ContactEntry::new(contact, stats, cadence);
        if old_due != entry.next_due {
            if let Some(old) = old_due {
                self.by_due.remove((day_key(old), id))?;
            }
            if let Some(new) = entry.next_due {
                self.by_due.insert((day_key(new), id), ())?;
            }
        }
        Ok(entry)
    }

    /// Puts `contact` under its company keys (none when archived).
    pub fn index_companies(&mut self, contact: &Contact) -> Result<(), StorageFailure> {
        if contact.archived {
            return Ok(());
        }
        for (key, how) in super::warm_paths::keys_of(contact) {
            self.by_company
                .insert((key.as_str(), contact.id.0, how as u8), ())?;
        }
        Ok(())
    }

    /// Takes `contact` (as stored) out from under its company keys.
    pub fn unindex_companies(&mut self, contact: &Contact) -> Result<(), StorageFailure> {
        for (key, how) in super::warm_paths::keys_of(contact) {
            self.by_company
                .remove((key.as_str(), contact.id.0, how as u8))?;
        }
        Ok(())
    }

    /// Every contact's due date again, from the records (after the cadence defaults or
    /// the due rule changed).
    pub fn rebuild_due_index(&mut self) -> Result<(), StorageFailure> {
        self.by_due.retain(|_, _| false)?;
        let mut rows = Vec::new();
        for row in self.contacts.iter()? {
            let (key, value) = row?;
            rows.push(decode_contact(key.value(), value.value())?);
        }
        for contact in rows {
            let stats = self.stats(contact.id)?;
            if let Some(due) = current_due(&self.cadence, &contact, &stats) {
                self.by_due.insert((day_key(due), contact.id.0), ())?;
            }
        }
        Ok(())
    }

    /// Date of the contact's latest touchpoint, from the (contact, time) index.
    pub fn last_touch(&self, id: ContactId) -> Result<Option<NaiveDate>, StorageFailure> {
        let mut range = self
            .by_contact
            .range((id.0, i64::MIN, 0)..=(id.0, i64::MAX, u64::MAX))?;
        match range.next_back() {
            Some(entry) => {
                let (_, time_key, _) = entry?.0.value();
                Ok(Some(date_of_time_key(time_key)))
            }
            None => Ok(None),
        }
    }
}

/// Which parts of a contact a write changed; unchanged parts are not rewritten, which
/// keeps a touchpoint's commit small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Save {
    Record,
    Stats,
    Both,
}

/// Refuses an edit made from an older revision of the record than the stored one.
pub(crate) fn ensure_fresh<T: serde::Serialize>(
    what: &str,
    id: u64,
    stored: &T,
    base: Revision,
) -> Result<(), ApplyError> {
    if Revision::of(stored) == base {
        Ok(())
    } else {
        Err(ApplyError::Stale {
            record: format!("{what} {id}"),
        })
    }
}

/// The date part of a touchpoint time key.
pub(crate) fn date_of_time_key(time_key: i64) -> NaiveDate {
    let day = time_key.div_euclid(86_400);
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

fn current_due(rules: &CadenceRules, contact: &Contact, stats: &ContactStats) -> Option<NaiveDate> {
    next_due(
        rules.cadence_for(contact),
        contact.archived,
        stats.last_touch,
        contact.clock_start(),
        contact.snoozed_until,
    )
}

pub(crate) fn follow_up_item(touchpoint: &Touchpoint) -> Option<FollowUpItem> {
    let follow_up = touchpoint.fields.follow_up.as_ref()?;
    (!follow_up.done).then(|| FollowUpItem {
        touchpoint: touchpoint.id,
        due: follow_up.due,
        what: follow_up.what.clone(),
        contacts: touchpoint.fields.contacts.clone(),
        kind: touchpoint.fields.kind,
        summary: touchpoint.fields.summary.clone(),
    })
}

/// The open part of one write transaction: apply changes to it, then let the store
/// commit it.
pub struct Batch<'txn> {
    pub(crate) tables: Tables<'txn>,
    pub(crate) now: Timestamp,
    pub(crate) today: NaiveDate,
    pub(crate) updates: Vec<ModelUpdate>,
}

impl<'txn> Batch<'txn> {
    pub(crate) fn new(
        txn: &'txn WriteTransaction,
        now: Timestamp,
        today: NaiveDate,
    ) -> Result<Self, StorageFailure> {
        Ok(Self {
            tables: Tables::open(txn)?,
            now,
            today,
            updates: Vec::new(),
        })
    }

    /// The revision of a contact as this transaction has it (what an edit of it names).
    pub fn contact_revision(&self, id: ContactId) -> Option<crate::model::Revision> {
        self.tables
            .contact(id)
            .ok()
            .map(|c| crate::model::Revision::of(&c))
    }

    /// The name of a contact written in this transaction or before it.
    pub fn contact_name(&self, id: ContactId) -> Option<String> {
        self.tables.contact(id).ok().map(|c| c.fields.name)
    }

    /// Validates and writes one change. On error nothing of this change is kept in the
    /// read model, and the store aborts the whole transaction.
    pub fn apply(&mut self, change: Change) -> Result<Outcome, ApplyError> {
        match change {
            Change::AddContact(fields) => {
                let mut fields = fields.validate().map_err(ApplyError::Invalid)?;
                let settings = self.settings()?;
                fields.discretion = Some(
                    fields
                        .discretion
                        .unwrap_or_else(|| Discretion::default_for(&fields, &settings.employer)),
                );
                let id = ContactId(self.tables.next_id()?);
                let contact = Contact {
                    id,
                    fields,
                    archived: false,
                    snoozed_until: None,
                    created: self.now,
                    updated: self.now,
                };
                let entry =
                    self.tables
                        .save_contact(contact, ContactStats::default(), None, Save::Both)?;
                self.updates.push(ModelUpdate::Contact(Box::new(entry)));
                Ok(Outcome::ContactAdded(id))
            }
            Change::EditContact { id, base, fields } => {
                ensure_fresh("contact", id.0, &self.tables.contact(id)?, base)?;
                let mut fields = fields.validate().map_err(ApplyError::Invalid)?;
                if fields.discretion.is_none() {
                    let employer = self.settings()?.employer;
                    fields.discretion = Some(Discretion::default_for(&fields, &employer));
                }
                self.update_contact(id, |contact| contact.fields = fields)
            }
            Change::SetArchived { id, archived } => {
                self.update_contact(id, |contact| contact.archived = archived)
            }
            Change::UndoImport { added, merged } => {
                for (id, base, fields) in merged {
                    self.apply(Change::EditContact { id, base, fields })?;
                }
                for (id, base) in added {
                    let contact = self.tables.contact(id)?;
                    ensure_fresh("contact", id.0, &contact, base)?;
                    let stats = self.tables.stats(id)?;
                    if stats.touchpoints > 0 {
                        return Err(ApplyError::Stale {
                            record: format!("contact {} (touchpoints were logged with them)", id.0),
                        });
                    }
                    if let Some(due) = current_due(&self.tables.cadence, &contact, &stats) {
                        self.tables
                            .by_due
                            .remove((day_key(due), id.0))
                            .map_err(StorageFailure::from)?;
                    }
                    self.tables.unindex_companies(&contact)?;
                    self.tables
                        .contacts
                        .remove(id.0)
                        .map_err(StorageFailure::from)?;
                    self.tables
                        .stats
                        .remove(id.0)
                        .map_err(StorageFailure::from)?;
                }
                // Contacts left: the read model is rebuilt from the tables.
                self.updates.push(ModelUpdate::Reload);
                Ok(Outcome::Done)
            }
            Change::Snooze { id, until } => {
                if until <= self.today {
                    let mut errors = FieldErrors::default();
                    errors.push("snooze", format!("snooze: {until} is not after today"));
                    return Err(ApplyError::Invalid(errors));
                }
                self.update_contact(id, |contact| contact.snoozed_until = Some(until))
            }
            Change::LogTouchpoint(fields) => self.log_touchpoint(fields),
            Change::DeleteTouchpoint(id) => self.delete_touchpoint(id),
            Change::CompleteFollowUp(id) => self.complete_follow_up(id),
            Change::Plan(change) => self.apply_plan(change),
            Change::Mail(change) => self.apply_mail(change),
            Change::SetSettings { base, settings } => self.set_settings(base, settings),
            Change::Restore(backup) => self.restore(&backup),
            Change::FinishWelcome => {
                self.tables
                    .meta
                    .insert(KEY_WELCOME_DONE, 1)
                    .map_err(StorageFailure::from)?;
                self.updates.push(ModelUpdate::WelcomeDone);
                Ok(Outcome::Done)
            }
        }
    }

    /// After the cadence defaults changed: every contact's due date again, from the
    /// records (the read model is then read again from disk).
    pub(crate) fn rebuild_due_index(&mut self) -> Result<(), StorageFailure> {
        self.tables.rebuild_due_index()?;
        self.updates.push(ModelUpdate::Reload);
        Ok(())
    }

    pub(crate) fn update_contact(
        &mut self,
        id: ContactId,
        edit: impl FnOnce(&mut Contact),
    ) -> Result<Outcome, ApplyError> {
        let mut contact = self.tables.contact(id)?;
        let stats = self.tables.stats(id)?;
        let old_due = current_due(&self.tables.cadence, &contact, &stats);
        edit(&mut contact);
        contact.updated = self.now;
        let entry = self
            .tables
            .save_contact(contact, stats, old_due, Save::Record)?;
        self.updates.push(ModelUpdate::Contact(Box::new(entry)));
        Ok(Outcome::Done)
    }

    fn log_touchpoint(
        &mut self,
        fields: crate::model::TouchpointFields,
    ) -> Result<Outcome, ApplyError> {
        let fields = fields.validate(self.today).map_err(ApplyError::Invalid)?;
        let mut contacts = Vec::with_capacity(fields.contacts.len());
        for id in &fields.contacts {
            contacts.push((self.tables.contact(*id)?, self.tables.stats(*id)?));
        }
        let id = TouchpointId(self.tables.next_id()?);
        let time_key = fields.time_key();
        let touchpoint = Touchpoint {
            id,
            fields,
            created: self.now,
        };
        let t = &mut self.tables;
        t.touchpoints
            .insert(id.0, encode_touchpoint(&touchpoint).as_slice())
            .map_err(StorageFailure::from)?;
        let kind = touchpoint.fields.kind.code();
        let direction = touchpoint.fields.direction.code();
        t.by_kind
            .insert((kind, direction, time_key, id.0), ())
            .map_err(StorageFailure::from)?;
        if let Some(item) = follow_up_item(&touchpoint) {
            t.follow_ups
                .insert((day_key(item.due), id.0), ())
                .map_err(StorageFailure::from)?;
            self.updates
                .push(ModelUpdate::FollowUp((item.due, id), Some(item)));
        }
        for (mut contact, mut stats) in contacts {
            let old_due = current_due(&self.tables.cadence, &contact, &stats);
            self.tables
                .by_contact
                .insert((contact.id.0, time_key, id.0), ())
                .map_err(StorageFailure::from)?;
            stats.touchpoints += 1;
            stats.reciprocity.count(touchpoint.fields.direction);
            let mut save = Save::Stats;
            if stats
                .last_touch
                .is_none_or(|last| touchpoint.fields.date > last)
            {
                stats.last_touch = Some(touchpoint.fields.date);
                // A real touch replaces any snooze: the clock restarts from it.
                if contact.snoozed_until.take().is_some() {
                    save = Save::Both;
                }
            }
            let entry = self.tables.save_contact(contact, stats, old_due, save)?;
            self.updates.push(ModelUpdate::Contact(Box::new(entry)));
        }
        Ok(Outcome::TouchpointLogged(id))
    }

    fn delete_touchpoint(&mut self, id: TouchpointId) -> Result<Outcome, ApplyError> {
        let touchpoint = self.tables.touchpoint(id)?;
        let time_key = touchpoint.fields.time_key();
        let t = &mut self.tables;
        t.touchpoints.remove(id.0).map_err(StorageFailure::from)?;
        t.by_kind
            .remove((
                touchpoint.fields.kind.code(),
                touchpoint.fields.direction.code(),
                time_key,
                id.0,
            ))
            .map_err(StorageFailure::from)?;
        if let Some(item) = follow_up_item(&touchpoint) {
            t.follow_ups
                .remove((day_key(item.due), id.0))
                .map_err(StorageFailure::from)?;
            self.updates
                .push(ModelUpdate::FollowUp((item.due, id), None));
        }
        for contact_id in &touchpoint.fields.contacts {
            let contact = self.tables.contact(*contact_id)?;
            let mut stats = self.tables.stats(*contact_id)?;
            let old_due = current_due(&self.tables.cadence, &contact, &stats);
            self.tables
                .by_contact
                .remove((contact_id.0, time_key, id.0))
                .map_err(StorageFailure::from)?;
            stats.touchpoints = stats.touchpoints.saturating_sub(1);
            stats.reciprocity.uncount(touchpoint.fields.direction);
            stats.last_touch = self.tables.last_touch(*contact_id)?;
            let entry = self
                .tables
                .save_contact(contact, stats, old_due, Save::Stats)?;
            self.updates.push(ModelUpdate::Contact(Box::new(entry)));
        }
        Ok(Outcome::Done)
    }

    fn complete_follow_up(&mut self, id: TouchpointId) -> Result<Outcome, ApplyError> {
        let mut touchpoint = self.tables.touchpoint(id)?;
        let Some(item) = follow_up_item(&touchpoint) else {
            if touchpoint.fields.follow_up.is_some() {
                return Ok(Outcome::Done); // already done: completing twice is harmless
            }
            return Err(ApplyError::NotFound {
                what: "follow-up on touchpoint",
                id: id.0,
            });
        };
        if let Some(follow_up) = touchpoint.fields.follow_up.as_mut() {
            follow_up.done = true;
        }
        let t = &mut self.tables;
        t.touchpoints
            .insert(id.0, encode_touchpoint(&touchpoint).as_slice())
            .map_err(StorageFailure::from)?;
        t.follow_ups
            .remove((day_key(item.due), id.0))
            .map_err(StorageFailure::from)?;
        self.updates
            .push(ModelUpdate::FollowUp((item.due, id), None));
        Ok(Outcome::Done)
    }
}
