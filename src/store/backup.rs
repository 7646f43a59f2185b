//! The full backup: every record of every table as one versioned JSON document (the
//! SMTP password is never in it — it is never in the database), and restoring such a
//! document into an empty database in one transaction. Indexes and aggregates are not
//! in the backup; restore derives them, as a migration does.

use std::collections::BTreeMap;

use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata};
use serde::{Deserialize, Serialize};

use super::apply::{Batch, Tables, refused};
use super::codec::{
    decode_contact, decode_plan, decode_touchpoint, encode_plan, encode_touchpoint,
};
use super::read_model::ModelUpdate;
use super::tables::*;
use super::{ApplyError, Outcome, StorageFailure, Store};
use crate::model::draft::ContactMailState;
use crate::model::{
    Application, Ask, Capability, CheckIn, Contact, Criterion, EmailTemplate, OutboxEntry,
    OutboxKind, Settings, Touchpoint,
};

/// What the `format` field of every backup says.
pub const BACKUP_FORMAT: &str = "exitplan-backup";
/// The version of the backup document this binary writes (and the newest it reads).
pub const BACKUP_VERSION: u32 = 1;

/// Everything in a database, as plain records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    /// The schema of the database it was taken from.
    pub schema: u64,
    /// When it was taken (RFC 3339).
    pub created: String,
    pub next_id: u64,
    pub welcome_done: bool,
    pub contacts: Vec<Contact>,
    pub touchpoints: Vec<Touchpoint>,
    pub criteria: Vec<Criterion>,
    pub applications: Vec<Application>,
    pub capabilities: Vec<Capability>,
    pub asks: Vec<Ask>,
    pub check_ins: Vec<CheckIn>,
    pub settings: Settings,
    pub templates: Vec<EmailTemplate>,
    pub outbox: Vec<OutboxEntry>,
    /// Per-contact reminder rotation, by contact id.
    pub mail_state: BTreeMap<u64, ContactMailState>,
    /// The current job's ratings (absent from backups before schema 5).
    #[serde(default)]
    pub baseline: crate::model::Baseline,
}

fn all<T: super::codec::Versioned>(
    txn: &redb::ReadTransaction,
    table: redb::TableDefinition<u64, &[u8]>,
    what: &'static str,
) -> Result<Vec<T>, StorageFailure> {
    let mut out = Vec::new();
    for row in txn.open_table(table)?.iter()? {
        let (key, value) = row?;
        out.push(decode_plan(what, key.value(), value.value())?);
    }
    Ok(out)
}

/// Reads a backup on another thread: redb lets a read transaction run beside the
/// store's writes, and it sees one consistent moment.
#[derive(Clone)]
pub struct BackupReader {
    db: std::sync::Arc<redb::Database>,
    created: String,
}

impl Store {
    /// Reads every record in one read transaction.
    pub fn backup(&self) -> Result<Backup, StorageFailure> {
        self.backup_reader().backup()
    }

    /// A handle for reading the backup off this thread.
    pub fn backup_reader(&self) -> BackupReader {
        BackupReader {
            db: std::sync::Arc::clone(&self.db),
            created: self.clock.now().to_datetime().to_rfc3339(),
        }
    }
}

impl BackupReader {
    /// Reads every record in one read transaction.
    pub fn backup(&self) -> Result<Backup, StorageFailure> {
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let mut contacts = Vec::new();
            for row in txn.open_table(CONTACTS)?.iter()? {
                let (key, value) = row?;
                contacts.push(decode_contact(key.value(), value.value())?);
            }
            let touchpoints_table = txn.open_table(TOUCHPOINTS)?;
            let mut touchpoints =
                Vec::with_capacity(usize::try_from(touchpoints_table.len()?).unwrap_or(0));
            for row in touchpoints_table.iter()? {
                let (key, value) = row?;
                touchpoints.push(decode_touchpoint(key.value(), value.value())?);
            }
            let meta = txn.open_table(META)?;
            let next_id = meta.get(KEY_NEXT_ID)?.map_or(1, |v| v.value());
            let welcome_done = meta.get(KEY_WELCOME_DONE)?.is_some_and(|v| v.value() == 1);
            let settings = match txn.open_table(SETTINGS)?.get(KEY_SETTINGS)? {
                Some(bytes) => decode_plan("settings", 0, bytes.value())?,
                None => Settings::default(),
            };
            let mut templates = Vec::new();
            for row in txn.open_table(TEMPLATES)?.iter()? {
                templates.push(decode_plan("template", 0, row?.1.value())?);
            }
            let mut mail_state = BTreeMap::new();
            for row in txn.open_table(MAIL_STATE)?.iter()? {
                let (key, value) = row?;
                mail_state.insert(
                    key.value(),
                    decode_plan("mail state", key.value(), value.value())?,
                );
            }
            let baseline = match txn.open_table(SETTINGS)?.get(KEY_BASELINE)? {
                Some(bytes) => decode_plan("baseline", 0, bytes.value())?,
                None => crate::model::Baseline::default(),
            };
            Ok(Backup {
                baseline,
                format: BACKUP_FORMAT.into(),
                version: BACKUP_VERSION,
                schema: super::SCHEMA_VERSION,
                created: self.created.clone(),
                next_id,
                welcome_done,
                contacts,
                touchpoints,
                criteria: all(&txn, CRITERIA, "criterion")?,
                applications: all(&txn, APPLICATIONS, "application")?,
                capabilities: all(&txn, CAPABILITIES, "capability")?,
                asks: all(&txn, ASKS, "ask")?,
                check_ins: all(&txn, CHECK_INS, "check-in")?,
                settings,
                templates,
                outbox: all(&txn, OUTBOX, "outbox entry")?,
                mail_state,
            })
        })
    }
}

/// The highest id a restored backup may hold: far below where the id counter would
/// run out, and exact as a JSON number.
pub const ID_LIMIT: u64 = 1 << 53;

/// Refuses a backup whose records could not have come from exitplan, naming the field:
/// an id that is 0, repeated or beyond [`ID_LIMIT`], a `next_id` beyond it, or a
/// reference to a contact that is not in the backup. Nothing is written before this
/// passes.
fn check_backup(backup: &Backup) -> Result<(), ApplyError> {
    check_ids(backup)?;
    check_references(backup)?;
    check_fields(backup)
}

/// Every id is in range and appears once across all the records; so is `next_id`.
fn check_ids(backup: &Backup) -> Result<(), ApplyError> {
    use std::collections::HashSet;
    let mut seen: HashSet<u64> = HashSet::new();
    let mut check = |what: &'static str, id: u64| -> Result<(), ApplyError> {
        if id == 0 || id > ID_LIMIT {
            return Err(refused(
                what,
                format!(
                    "{what} id {id} is out of range (1 to {ID_LIMIT}); this backup is damaged or was not written by exitplan"
                ),
            ));
        }
        if !seen.insert(id) {
            return Err(refused(
                what,
                format!(
                    "id {id} appears twice ({what}); this backup is damaged or was not written by exitplan"
                ),
            ));
        }
        Ok(())
    };
    macro_rules! ids {
        ($($list:ident),* $(,)?) => {
            $(for record in &backup.$list {
                check(stringify!($list), record.id.0)?;
            })*
        };
    }
    ids!(
        contacts,
        touchpoints,
        criteria,
        applications,
        capabilities,
        asks,
        check_ins,
        outbox
    );
    if backup.next_id > ID_LIMIT {
        return Err(refused(
            "next_id",
            format!(
                "next_id {} is out of range (at most {ID_LIMIT}); this backup is damaged or was not written by exitplan",
                backup.next_id
            ),
        ));
    }
    Ok(())
}

/// Every contact a touchpoint, application or email names is in the backup.
fn check_references(backup: &Backup) -> Result<(), ApplyError> {
    let contacts: std::collections::HashSet<u64> = backup.contacts.iter().map(|c| c.id.0).collect();
    let missing = |what: &'static str, owner: u64, contact: u64| {
        refused(
            what,
            format!("{what} {owner} names contact {contact}, which is not in the backup"),
        )
    };
    for t in &backup.touchpoints {
        if let Some(c) = t.fields.contacts.iter().find(|c| !contacts.contains(&c.0)) {
            return Err(missing("touchpoints", t.id.0, c.0));
        }
    }
    for a in &backup.applications {
        if let Some((c, _)) = a
            .fields
            .contacts
            .iter()
            .find(|(c, _)| !contacts.contains(&c.0))
        {
            return Err(missing("applications", a.id.0, c.0));
        }
    }
    for e in &backup.outbox {
        if let Some(c) = e.contact().filter(|c| !contacts.contains(&c.0)) {
            return Err(missing("outbox", e.id.0, c.0));
        }
    }
    Ok(())
}

/// Every record passes the checks it would pass when typed or imported: a backup
/// cannot bring in what the window and the command line refuse.
fn check_fields(backup: &Backup) -> Result<(), ApplyError> {
    let invalid = |what: &'static str, id: u64, errors: crate::model::FieldErrors| {
        refused(
            what,
            format!("{what} {id} in the backup: {errors}; nothing was restored"),
        )
    };
    // Dates are checked against the end of the range, not today: a backup from a
    // machine whose clock ran ahead still restores.
    let latest = chrono::NaiveDate::from_ymd_opt(*crate::model::DATE_YEARS.end(), 12, 31)
        .unwrap_or(chrono::NaiveDate::MAX);
    macro_rules! valid {
        ($($list:ident: $what:literal $(, $at:expr)?);* $(;)?) => {
            $(for record in &backup.$list {
                record
                    .fields
                    .validate($($at)?)
                    .map_err(|e| invalid($what, record.id.0, e))?;
            })*
        };
    }
    valid!(
        contacts: "contact";
        touchpoints: "touchpoint", latest;
        applications: "application";
        criteria: "criterion";
        capabilities: "capability";
        asks: "ask";
        check_ins: "check-in", latest;
    );
    Ok(())
}

impl Batch<'_> {
    /// Whether the database holds any record the user made.
    fn holds_records(&self) -> Result<bool, StorageFailure> {
        let t = &self.tables;
        Ok(!(t.contacts.is_empty()?
            && t.touchpoints.is_empty()?
            && t.criteria.is_empty()?
            && t.applications.is_empty()?
            && t.capabilities.is_empty()?
            && t.asks.is_empty()?
            && t.check_ins.is_empty()?
            && t.outbox.is_empty()?))
    }

    /// Writes every record of `backup` into this (empty) database and derives the
    /// indexes and aggregates.
    pub(crate) fn restore(&mut self, backup: &Backup) -> Result<Outcome, ApplyError> {
        self.check_restorable(backup)?;
        check_backup(backup)?;
        let max_id = write_records(&mut self.tables, backup)?;
        write_outbox(&mut self.tables, backup)?;
        write_settings(&mut self.tables, backup)?;
        let t = &mut self.tables;
        // The contacts are written here, with their aggregates and due dates.
        super::migrate::derive_contact_indexes(t, backup.contacts.clone(), &backup.touchpoints)?;
        let next = backup.next_id.max(max_id + 1);
        t.meta
            .insert(KEY_NEXT_ID, next)
            .map_err(StorageFailure::from)?;
        if backup.welcome_done {
            t.meta
                .insert(KEY_WELCOME_DONE, 1)
                .map_err(StorageFailure::from)?;
        }
        self.updates.push(ModelUpdate::Reload);
        Ok(Outcome::Done)
    }

    /// An exitplan backup this binary can read, going into an empty database.
    fn check_restorable(&self, backup: &Backup) -> Result<(), ApplyError> {
        if backup.format != BACKUP_FORMAT {
            return Err(refused("format", "this file is not an exitplan backup"));
        }
        if backup.version > BACKUP_VERSION {
            return Err(refused(
                "version",
                format!(
                    "this backup was written by a newer exitplan (backup version {}); update exitplan to restore it",
                    backup.version
                ),
            ));
        }
        if self.holds_records()? {
            return Err(refused(
                "database",
                "restore goes into an empty database only; this one already holds records (choose a new file with --db)",
            ));
        }
        Ok(())
    }
}

/// Writes the touchpoints and plan records; the highest id among them and the
/// contacts.
fn write_records(t: &mut Tables<'_>, backup: &Backup) -> Result<u64, ApplyError> {
    // The contacts are written with their aggregates (`derive_contact_indexes`).
    let mut max_id = backup.contacts.iter().map(|c| c.id.0).max().unwrap_or(0);
    for touchpoint in &backup.touchpoints {
        max_id = max_id.max(touchpoint.id.0);
        t.touchpoints
            .insert(touchpoint.id.0, encode_touchpoint(touchpoint).as_slice())
            .map_err(StorageFailure::from)?;
    }
    macro_rules! records {
        ($table:ident, $list:expr) => {
            for record in $list {
                max_id = max_id.max(record.id.0);
                t.$table
                    .insert(record.id.0, encode_plan(record).as_slice())
                    .map_err(StorageFailure::from)?;
            }
        };
    }
    records!(criteria, &backup.criteria);
    records!(applications, &backup.applications);
    records!(capabilities, &backup.capabilities);
    records!(asks, &backup.asks);
    records!(check_ins, &backup.check_ins);
    for entry in &backup.outbox {
        max_id = max_id.max(entry.id.0);
    }
    Ok(max_id)
}

/// Writes the outbox with its indexes; what could go out again is held for review.
fn write_outbox(t: &mut Tables<'_>, backup: &Backup) -> Result<(), ApplyError> {
    // An email that could go out may have gone out after the backup was made.
    let copy = format!(
        "the backup of {}",
        backup.created.get(..10).unwrap_or("an earlier day")
    );
    for entry in &backup.outbox {
        let mut held = entry.clone();
        held.hold_after_restore(&copy);
        t.outbox
            .insert(held.id.0, encode_plan(&held).as_slice())
            .map_err(StorageFailure::from)?;
        match &entry.kind {
            OutboxKind::Reminder { contact, due, .. } => t
                .outbox_by_period
                .insert((contact.0, day_key(*due)), entry.id.0),
            OutboxKind::Digest { day } => t.digests.insert(day_key(*day), entry.id.0),
        }
        .map_err(StorageFailure::from)?;
    }
    Ok(())
}

/// Writes the settings, the baseline, the templates (in place of the defaults a new
/// database starts with) and the per-contact mail state.
fn write_settings(t: &mut Tables<'_>, backup: &Backup) -> Result<(), ApplyError> {
    t.settings
        .insert(KEY_SETTINGS, encode_plan(&backup.settings).as_slice())
        .map_err(StorageFailure::from)?;
    t.settings
        .insert(KEY_BASELINE, encode_plan(&backup.baseline).as_slice())
        .map_err(StorageFailure::from)?;
    t.templates
        .retain(|_, _| false)
        .map_err(StorageFailure::from)?;
    for template in &backup.templates {
        t.templates
            .insert(template.key.as_str(), encode_plan(template).as_slice())
            .map_err(StorageFailure::from)?;
    }
    for (contact, state) in &backup.mail_state {
        t.mail_state
            .insert(*contact, encode_plan(state).as_slice())
            .map_err(StorageFailure::from)?;
    }
    Ok(())
}
