//! Schema versions and the migration runner.
//!
//! Schema 1 stored contacts with a single optional email and kept no indexes or
//! aggregates. Schema 2 (current) stores version-2 contact records and maintains the
//! touchpoint, due and follow-up indexes and per-contact aggregates. Schema 3 adds the
//! exit plan: criteria, applications, capabilities, asks and check-ins. Schema 4 adds
//! reminder emails: settings, templates (seeded with the defaults), the outbox and the
//! rotation state, and gives every contact a discretion level (internal contacts and
//! anyone at the employer: *must not know*; everyone else: *capabilities only*). Schema 5
//! adds warm paths, rhythms and the privacy screen; schema 6 moves the first due date
//! of never-touched contacts one cadence after they were added; schema 7 keeps the
//! contacts by company key on disk (warm paths without the read model). Each step runs
//! in one write transaction; the file is copied to a dated backup before the first write.

use std::collections::BTreeMap;

use redb::{Database, ReadableDatabase, ReadableTable, TableHandle};

use super::StorageFailure;
use super::apply::{Save, Tables, follow_up_item};
use super::codec::{decode_contact, decode_touchpoint};
use super::tables::*;
use crate::model::{Contact, ContactId, ContactStats, Touchpoint};

/// The schema this binary writes.
pub const SCHEMA_VERSION: u64 = 7;

/// What a file's `meta` table says about it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SchemaState {
    /// No tables at all: a brand-new file.
    Empty,
    Current,
    Older(u64),
    Newer(u64),
    /// Tables, but not ours.
    Foreign,
}

pub(crate) fn schema_state(db: &impl ReadableDatabase) -> Result<SchemaState, StorageFailure> {
    let txn = db.begin_read().map_err(StorageFailure::from_redb)?;
    let has_meta = txn.list_tables()?.any(|t| t.name() == META.name());
    if !has_meta {
        let any_table = txn.list_tables()?.next().is_some();
        return Ok(if any_table {
            SchemaState::Foreign
        } else {
            SchemaState::Empty
        });
    }
    let meta = txn.open_table(META)?;
    let Some(version) = meta.get(KEY_SCHEMA_VERSION)?.map(|v| v.value()) else {
        return Ok(SchemaState::Foreign);
    };
    Ok(match version {
        v if v == SCHEMA_VERSION => SchemaState::Current,
        v if v < SCHEMA_VERSION => SchemaState::Older(v),
        v => SchemaState::Newer(v),
    })
}

/// Creates every table in a new file and stamps the current schema.
pub(crate) fn initialize(db: &Database) -> Result<(), StorageFailure> {
    let txn = db.begin_write()?;
    {
        let mut tables = Tables::open(&txn)?;
        tables.meta.insert(KEY_SCHEMA_VERSION, SCHEMA_VERSION)?;
        tables.meta.insert(KEY_NEXT_ID, 1)?;
        seed_templates(&mut tables)?;
    }
    txn.commit()?;
    Ok(())
}

/// Runs every step from `from` up to [`SCHEMA_VERSION`], each in one transaction.
pub(crate) fn migrate(db: &Database, from: u64) -> Result<(), StorageFailure> {
    let mut version = from;
    while version < SCHEMA_VERSION {
        let txn = db.begin_write()?;
        {
            let mut tables = Tables::open(&txn)?;
            match version {
                1 => build_contact_indexes(&mut tables)?,
                // 2 → 3 adds the exit-plan tables, which opening them creates.
                2 => {}
                3 => {
                    seed_templates(&mut tables)?;
                    set_discretion_levels(&mut tables)?;
                }
                // 4 → 5: contacts gain "formerly at", applications a decision date and
                // rhythm progress, settings the privacy screen and rhythms; every record
                // reads its older version as it is, and the current job's ratings live
                // under a new settings key.
                4 => {}
                // 5 → 6: a contact never touched is first due one cadence after it was
                // added or met (it was due the day it was added): the due index again.
                5 => tables.rebuild_due_index()?,
                6 => index_companies(&mut tables)?,
                other => {
                    return Err(StorageFailure::Inconsistent(format!(
                        "no migration from schema {other}; nothing was changed"
                    )));
                }
            }
            version += 1;
            tables.meta.insert(KEY_SCHEMA_VERSION, version)?;
        }
        txn.commit()?;
    }
    Ok(())
}

/// 1 → 2: re-encode contacts in the current record version, then derive every index
/// and aggregate from the touchpoints.
pub(crate) fn build_contact_indexes(tables: &mut Tables<'_>) -> Result<(), StorageFailure> {
    let mut contacts = Vec::new();
    for row in tables.contacts.iter()? {
        let (key, value) = row?;
        contacts.push(decode_contact(key.value(), value.value())?);
    }
    let mut touchpoints = Vec::new();
    for row in tables.touchpoints.iter()? {
        let (key, value) = row?;
        touchpoints.push(decode_touchpoint(key.value(), value.value())?);
    }
    derive_contact_indexes(tables, contacts, &touchpoints)
}

/// Writes `contacts` (in the current record version) with their aggregates, and every
/// touchpoint index, derived from `touchpoints` (already in their table). The index
/// keys are sorted before they go in, so each index is written front to back rather
/// than at a million random places (a restore of 1M touchpoints).
pub(crate) fn derive_contact_indexes(
    tables: &mut Tables<'_>,
    contacts: Vec<Contact>,
    touchpoints: &[Touchpoint],
) -> Result<(), StorageFailure> {
    let mut max_id = contacts.iter().map(|c| c.id.0).max().unwrap_or(0);
    let mut stats: BTreeMap<ContactId, ContactStats> = BTreeMap::new();
    let mut by_kind = Vec::with_capacity(touchpoints.len());
    let mut by_contact = Vec::with_capacity(touchpoints.len());
    let mut follow_ups = Vec::new();
    for touchpoint in touchpoints {
        max_id = max_id.max(touchpoint.id.0);
        let f = &touchpoint.fields;
        let time_key = f.time_key();
        by_kind.push((f.kind.code(), f.direction.code(), time_key, touchpoint.id.0));
        if let Some(item) = follow_up_item(touchpoint) {
            follow_ups.push((day_key(item.due), touchpoint.id.0));
        }
        for contact in &f.contacts {
            by_contact.push((contact.0, time_key, touchpoint.id.0));
            let s = stats.entry(*contact).or_default();
            s.touchpoints += 1;
            s.reciprocity.count(f.direction);
            s.last_touch = s.last_touch.max(Some(f.date));
        }
    }
    by_kind.sort_unstable();
    by_contact.sort_unstable();
    follow_ups.sort_unstable();
    for key in by_kind {
        tables.by_kind.insert(key, ())?;
    }
    for key in by_contact {
        tables.by_contact.insert(key, ())?;
    }
    for key in follow_ups {
        tables.follow_ups.insert(key, ())?;
    }
    for contact in contacts {
        let s = stats.get(&contact.id).copied().unwrap_or_default();
        tables.save_contact(contact, s, None, Save::Both)?;
    }
    let next = tables.meta.get(KEY_NEXT_ID)?.map_or(1, |v| v.value());
    tables.meta.insert(KEY_NEXT_ID, next.max(max_id + 1))?;
    Ok(())
}

/// 6 → 7: every contact under its company keys (warm paths without the read model).
fn index_companies(tables: &mut Tables<'_>) -> Result<(), StorageFailure> {
    let mut contacts = Vec::new();
    for row in tables.contacts.iter()? {
        let (key, value) = row?;
        contacts.push(decode_contact(key.value(), value.value())?);
    }
    for contact in &contacts {
        tables.index_companies(contact)?;
    }
    Ok(())
}

/// Writes the default templates that are not there yet.
fn seed_templates(tables: &mut Tables<'_>) -> Result<(), StorageFailure> {
    for template in crate::model::default_templates() {
        if tables.templates.get(template.key.as_str())?.is_none() {
            tables.templates.insert(
                template.key.as_str(),
                super::codec::encode_plan(&template).as_slice(),
            )?;
        }
    }
    Ok(())
}

/// 3 → 4: every contact gets the default discretion level for who they are.
fn set_discretion_levels(tables: &mut Tables<'_>) -> Result<(), StorageFailure> {
    let employer = crate::model::Employer::default();
    let mut contacts = Vec::new();
    for row in tables.contacts.iter()? {
        let (key, value) = row?;
        contacts.push(decode_contact(key.value(), value.value())?);
    }
    for mut contact in contacts {
        if contact.fields.discretion.is_none() {
            contact.fields.discretion = Some(crate::model::Discretion::default_for(
                &contact.fields,
                &employer,
            ));
        }
        tables.contacts.insert(
            contact.id.0,
            super::codec::encode_contact(&contact).as_slice(),
        )?;
    }
    Ok(())
}
