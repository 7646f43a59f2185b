//! Reading the read model from the tables at open: the whole of it (the window, lists,
//! due, search), or everything but the contacts, follow-ups and applications (a
//! command about one record, which reads that record from its table).

use std::path::Path;

use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata};

use super::OpenError;
use super::codec::{decode_contact, decode_stats, decode_touchpoint};
use super::open::unreadable;
use super::read_model::{ContactEntry, ReadModel};
use super::tables::*;
use crate::model::ContactStats;

/// Builds the read model from the records, aggregates and the follow-up index.
pub(crate) fn load_read_model(
    db: &Database,
    path: &Path,
    reading: Reading,
) -> Result<ReadModel, OpenError> {
    load_as(db, reading).map_err(|e| unreadable(path, e))
}

fn load(db: &(impl ReadableDatabase + Sync)) -> Result<ReadModel, super::StorageFailure> {
    let txn = db.begin_read().map_err(super::StorageFailure::from_redb)?;
    let settings = load_settings(&txn)?;
    let mail = load_mail(&txn)?;
    let rules = crate::model::CadenceRules::of(&settings);
    let contacts = load_all_contacts(db, &txn, &rules)?;
    let follow_ups = load_follow_ups(&txn)?;
    let (plan, welcome_done) = load_plan(&txn, Reading::Whole)?;
    Ok(ReadModel::from_loaded(
        contacts,
        follow_ups,
        plan,
        mail,
        settings,
        welcome_done,
    ))
}

/// The model a one-record command needs: the exit plan, the mail model and the
/// settings, without reading a contact or a follow-up (the largest share by far).
fn load_records_only(db: &impl ReadableDatabase) -> Result<ReadModel, super::StorageFailure> {
    let txn = db.begin_read().map_err(super::StorageFailure::from_redb)?;
    let settings = load_settings(&txn)?;
    let mail = load_mail(&txn)?;
    let (plan, welcome_done) = load_plan(&txn, Reading::RecordsOnly)?;
    Ok(ReadModel::records_only(plan, mail, settings, welcome_done))
}

/// Which read model an open builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Everything the views read (the window, lists, due, search).
    Whole,
    /// Everything but the contacts and follow-ups (one-record commands).
    RecordsOnly,
}

pub(crate) fn load_as(
    db: &(impl ReadableDatabase + Sync),
    reading: Reading,
) -> Result<ReadModel, super::StorageFailure> {
    match reading {
        Reading::Whole => load(db),
        Reading::RecordsOnly => load_records_only(db),
    }
}

/// Every contact with its aggregate, cadence and search text.
fn load_all_contacts(
    db: &(impl ReadableDatabase + Sync),
    txn: &redb::ReadTransaction,
    rules: &crate::model::CadenceRules,
) -> Result<super::read_model::LoadedContacts, super::StorageFailure> {
    // The contacts and their aggregates are decoded (and their search text folded) in
    // two halves at once, one on a second thread: the open's largest share of work, on
    // a 2-core machine.
    let contacts_table = txn.open_table(CONTACTS)?;
    let count = usize::try_from(contacts_table.len()?).unwrap_or(0);
    // Halfway between the first id and the last (ids are handed out in order, so the
    // halves are about even), found in the index without walking the table.
    let middle = match (
        count >= PARALLEL_FROM,
        contacts_table.first()?,
        contacts_table.last()?,
    ) {
        (true, Some((first, _)), Some((last, _))) => {
            let (first, last) = (first.value(), last.value());
            Some(first + (last - first) / 2 + 1)
        }
        _ => None,
    };
    drop(contacts_table);
    let (first, second) = match middle {
        Some(middle) => std::thread::scope(|scope| {
            // A panic inside the storage library (a damaged page) on that thread is
            // handed to this one, where the open's own guard turns it into an error.
            let later = scope.spawn(|| {
                super::quietly(|| {
                    let txn = db.begin_read().map_err(super::StorageFailure::from_redb)?;
                    load_contacts(&txn, middle.., count / 2, rules)
                })
            });
            let first = load_contacts(txn, ..middle, count / 2, rules);
            let second = match later.join() {
                Ok(Ok(second)) => second,
                Ok(Err(panic)) | Err(panic) => std::panic::resume_unwind(panic),
            };
            (first, Some(second))
        }),
        None => (load_contacts(txn, .., count, rules), None),
    };
    let mut contacts = first?;
    if let Some(second) = second {
        contacts.append(second?);
    }
    Ok(contacts)
}

/// Every open follow-up, with enough of its touchpoint to show it.
fn load_follow_ups(
    txn: &redb::ReadTransaction,
) -> Result<Vec<super::read_model::FollowUpItem>, super::StorageFailure> {
    let touchpoints = txn.open_table(TOUCHPOINTS)?;
    let mut follow_ups = Vec::new();
    for row in txn.open_table(FOLLOW_UPS_BY_DATE)?.iter()? {
        let (_, id) = row?.0.value();
        // The index names only touchpoints that exist; one that is missing means the
        // file is damaged, and is said so rather than leaving a follow-up out.
        let bytes = touchpoints.get(id)?.ok_or_else(|| {
            super::StorageFailure::Inconsistent(format!(
                "the follow-up index names touchpoint {id}, which is not there: the database is damaged — a daily snapshot may have it whole (exitplan snapshots list)"
            ))
        })?;
        let touchpoint = decode_touchpoint(id, bytes.value())?;
        follow_ups.extend(super::apply::follow_up_item(&touchpoint));
    }
    Ok(follow_ups)
}

/// The exit plan (for one record, without the applications), and whether the welcome
/// screen was left.
fn load_plan(
    txn: &redb::ReadTransaction,
    reading: Reading,
) -> Result<(super::PlanModel, bool), super::StorageFailure> {
    let welcome_done = txn
        .open_table(META)?
        .get(KEY_WELCOME_DONE)?
        .is_some_and(|v| v.value() == 1);
    let plan = super::PlanModel::from_parts(
        read_all(txn, CRITERIA, "criterion")?,
        match reading {
            Reading::Whole => read_all(txn, APPLICATIONS, "application")?,
            Reading::RecordsOnly => Vec::new(),
        },
        read_all(txn, CAPABILITIES, "capability")?,
        read_all(txn, ASKS, "ask")?,
        read_all(txn, CHECK_INS, "check-in")?,
        match txn.open_table(SETTINGS)?.get(KEY_BASELINE)? {
            Some(bytes) => super::codec::decode_plan("baseline", 0, bytes.value())?,
            None => crate::model::Baseline::default(),
        },
    );
    let plan = match reading {
        Reading::Whole => plan,
        Reading::RecordsOnly => plan.without_applications(),
    };
    Ok((plan, welcome_done))
}

/// Below this many contacts the open decodes them on one thread: a second one would
/// cost more than it saves.
const PARALLEL_FROM: usize = 4_000;

/// The contacts whose ids fall in `range`, in id order, each with its aggregate (read
/// from the same range of its table, side by side) and cadence, and their search text.
fn load_contacts(
    txn: &redb::ReadTransaction,
    range: impl std::ops::RangeBounds<u64> + Clone,
    expected: usize,
    rules: &crate::model::CadenceRules,
) -> Result<super::read_model::LoadedContacts, super::StorageFailure> {
    let table = txn.open_table(CONTACTS)?;
    let stats_table = txn.open_table(CONTACT_STATS)?;
    let mut stats = stats_table.range(range.clone())?.peekable();
    let mut loaded = super::read_model::LoadedContacts::with_capacity(expected);
    for row in table.range(range)? {
        let (key, value) = row?;
        let id = key.value();
        let contact = decode_contact(id, value.value())?;
        // Aggregates of ids before this one belong to no contact: passed over.
        let mut found = ContactStats::default();
        while let Some(next) = stats.peek() {
            // A row that cannot be read is taken below, where its error is returned.
            let stats_id = next.as_ref().map_or(0, |(key, _)| key.value());
            if stats_id > id {
                break;
            }
            let (key, value) = stats.next().expect("just peeked")?;
            if key.value() == id {
                found = decode_stats(id, value.value())?;
            }
        }
        let cadence = rules.cadence_for(&contact);
        loaded.push(ContactEntry::new(contact, found, cadence));
    }
    loaded.sort_due();
    Ok(loaded)
}

/// Every record of one exit-plan table.
fn read_all<T: super::codec::Versioned>(
    txn: &redb::ReadTransaction,
    table: redb::TableDefinition<u64, &[u8]>,
    what: &'static str,
) -> Result<Vec<T>, super::StorageFailure> {
    let mut out = Vec::new();
    for row in txn.open_table(table)?.iter()? {
        let (key, value) = row?;
        out.push(super::codec::decode_plan(what, key.value(), value.value())?);
    }
    Ok(out)
}

fn load_settings(
    txn: &redb::ReadTransaction,
) -> Result<crate::model::Settings, super::StorageFailure> {
    Ok(match txn.open_table(SETTINGS)?.get(KEY_SETTINGS)? {
        Some(bytes) => super::codec::decode_plan("settings", 0, bytes.value())?,
        None => crate::model::Settings::default(),
    })
}

/// Templates, every outbox entry and the rotation state.
fn load_mail(txn: &redb::ReadTransaction) -> Result<super::MailModel, super::StorageFailure> {
    use super::codec::decode_plan;
    let mut templates = Vec::new();
    for row in txn.open_table(TEMPLATES)?.iter()? {
        let (_, value) = row?;
        templates.push(decode_plan("template", 0, value.value())?);
    }
    let entries = read_all(txn, OUTBOX, "outbox entry")?;
    let mut states = Vec::new();
    for row in txn.open_table(MAIL_STATE)?.iter()? {
        let (key, value) = row?;
        states.push((
            crate::model::ContactId(key.value()),
            decode_plan("mail state", key.value(), value.value())?,
        ));
    }
    Ok(super::MailModel::from_parts(templates, entries, states))
}
