//! Reads that go to disk rather than the read model: one contact (for a store opened
//! for one record), a contact's touchpoint history and the filtered timeline (both
//! bounded by a limit, newest first), and due contacts read straight from the due index.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use redb::{ReadableDatabase, ReadableTable};

use super::codec::{decode_contact, decode_stats, decode_touchpoint};
use super::read_model::{ContactEntry, DueContact};
use super::tables::*;
use super::{StorageFailure, Store};
use crate::model::{
    ContactId, ContactStats, Direction, Touchpoint, TouchpointId, TouchpointKind, days_overdue,
};

/// Which touchpoints the timeline shows. Empty `kinds` / `directions` mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    pub kinds: Vec<TouchpointKind>,
    pub directions: Vec<Direction>,
    pub contact: Option<ContactId>,
}

impl TimelineFilter {
    fn admits(&self, touchpoint: &Touchpoint) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&touchpoint.fields.kind))
            && (self.directions.is_empty()
                || self.directions.contains(&touchpoint.fields.direction))
            && self
                .contact
                .is_none_or(|c| touchpoint.fields.contacts.contains(&c))
    }
}

/// One contact with its aggregate and effective cadence, read in `txn`.
fn entry_in(
    txn: &redb::ReadTransaction,
    rules: &crate::model::CadenceRules,
    id: ContactId,
) -> Result<Option<ContactEntry>, StorageFailure> {
    let Some(bytes) = txn.open_table(CONTACTS)?.get(id.0)? else {
        return Ok(None);
    };
    let contact = decode_contact(id.0, bytes.value())?;
    let stats = match txn.open_table(CONTACT_STATS)?.get(id.0)? {
        Some(bytes) => decode_stats(id.0, bytes.value())?,
        None => ContactStats::default(),
    };
    let cadence = rules.cadence_for(&contact);
    Ok(Some(ContactEntry::new(contact, stats, cadence)))
}

impl Store {
    /// One contact with its aggregate, effective cadence and next due date: from the
    /// read model when it holds the contacts, else from the tables (a store opened for
    /// one record).
    pub fn contact_entry(&self, id: ContactId) -> Result<Option<ContactEntry>, StorageFailure> {
        if self.model.has_contacts() {
            return Ok(self.model.contact(id).cloned());
        }
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let rules = crate::model::CadenceRules::of(self.model.settings());
            entry_in(&txn, &rules, id)
        })
    }

    /// One application: from the read model when it holds the applications, else
    /// from its table (a store opened for one record).
    pub fn application(
        &self,
        id: crate::model::ApplicationId,
    ) -> Result<Option<crate::model::Application>, StorageFailure> {
        let plan = self.model.plan();
        if plan.has_applications() {
            return Ok(plan.application(id).cloned());
        }
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let Some(bytes) = txn.open_table(APPLICATIONS)?.get(id.0)? else {
                return Ok(None);
            };
            Ok(Some(super::codec::decode_plan(
                "application",
                id.0,
                bytes.value(),
            )?))
        })
    }

    /// The contacts who work or worked at `company`, best first: from the read model
    /// when it holds the contacts, else from the company index on disk and each found
    /// contact's record (a store opened for one record: `app show`).
    pub fn warm_paths(
        &self,
        company: &str,
        today: NaiveDate,
    ) -> Result<Vec<super::WarmPath>, StorageFailure> {
        if self.model.has_contacts() {
            return Ok(self.model.warm_paths(company, today));
        }
        let found = super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let index = txn.open_table(CONTACTS_BY_COMPANY)?;
            let rules = crate::model::CadenceRules::of(self.model.settings());
            let mut found = Vec::new();
            for (id, how) in super::warm_paths::lookup_on_disk(&index, company)? {
                found.extend(entry_in(&txn, &rules, id)?.map(|entry| (entry, how)));
            }
            Ok(found)
        })?;
        let mut paths: Vec<(u64, super::WarmPath, String)> = found
            .into_iter()
            .map(|(entry, how)| {
                let path = super::WarmPath::through(&entry, how, today);
                (
                    super::warm_paths::rank(&path),
                    path,
                    super::fold(entry.name()),
                )
            })
            .collect();
        super::warm_paths::sort_best_first(&mut paths);
        Ok(paths.into_iter().map(|(_, path, _)| path).collect())
    }

    /// Whether the database holds any contact (the daily snapshot waits for one).
    pub(crate) fn holds_anything(&self) -> bool {
        if self.model.has_contacts() {
            return !self.model.is_empty();
        }
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            Ok(txn.open_table(CONTACTS)?.first()?.is_some())
        })
        // Unreadable: the write that follows will say so; a snapshot is still tried.
        .unwrap_or(true)
    }

    /// One touchpoint by id.
    pub fn touchpoint(&self, id: TouchpointId) -> Result<Option<Touchpoint>, StorageFailure> {
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let table = txn.open_table(TOUCHPOINTS)?;
            let bytes = table.get(id.0)?;
            Ok(match bytes {
                Some(bytes) => Some(decode_touchpoint(id.0, bytes.value())?),
                None => None,
            })
        })
    }

    /// The newest `limit` touchpoints with a contact, newest first.
    pub fn contact_touchpoints(
        &self,
        contact: ContactId,
        limit: usize,
    ) -> Result<Vec<Touchpoint>, StorageFailure> {
        self.timeline(
            &TimelineFilter {
                contact: Some(contact),
                ..TimelineFilter::default()
            },
            limit,
        )
    }

    /// The newest `limit` touchpoints that pass `filter`, newest first.
    ///
    /// With a contact, walks that contact's (contact, time) index backwards; otherwise
    /// takes the newest `limit` keys of each chosen (kind, direction) slice of the
    /// timeline index and merges them, so no record outside the answer is decoded.
    pub fn timeline(
        &self,
        filter: &TimelineFilter,
        limit: usize,
    ) -> Result<Vec<Touchpoint>, StorageFailure> {
        super::guarded(|| {
            if limit == 0 {
                return Ok(Vec::new());
            }
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let records = txn.open_table(TOUCHPOINTS)?;
            let read = |id: u64| -> Result<Option<Touchpoint>, StorageFailure> {
                Ok(match records.get(id)? {
                    Some(bytes) => Some(decode_touchpoint(id, bytes.value())?),
                    None => None,
                })
            };
            let mut out = Vec::new();
            if let Some(contact) = filter.contact {
                let index = txn.open_table(TOUCHPOINTS_BY_CONTACT)?;
                for row in index
                    .range((contact.0, i64::MIN, 0)..=(contact.0, i64::MAX, u64::MAX))?
                    .rev()
                {
                    if out.len() >= limit {
                        break;
                    }
                    let (_, _, id) = row?.0.value();
                    if let Some(touchpoint) = read(id)?
                        && filter.admits(&touchpoint)
                    {
                        out.push(touchpoint);
                    }
                }
                return Ok(out);
            }
            let index = txn.open_table(TOUCHPOINTS_BY_KIND)?;
            let kinds = if filter.kinds.is_empty() {
                TouchpointKind::ALL.to_vec()
            } else {
                filter.kinds.clone()
            };
            let directions = if filter.directions.is_empty() {
                Direction::ALL.to_vec()
            } else {
                filter.directions.clone()
            };
            // (time key, id), newest last; bounded to `limit` entries.
            let mut newest: BTreeSet<(i64, u64)> = BTreeSet::new();
            for kind in &kinds {
                for direction in &directions {
                    let (k, d) = (kind.code(), direction.code());
                    for row in index
                        .range((k, d, i64::MIN, 0)..=(k, d, i64::MAX, u64::MAX))?
                        .rev()
                    {
                        let (_, _, time_key, id) = row?.0.value();
                        if newest.len() >= limit {
                            let oldest = *newest.first().expect("limit > 0 when full");
                            if (time_key, id) <= oldest {
                                break;
                            }
                            newest.pop_first();
                        }
                        newest.insert((time_key, id));
                    }
                }
            }
            for (_, id) in newest.into_iter().rev() {
                out.extend(read(id)?);
            }
            Ok(out)
        })
    }

    /// Due contacts on `today`, read from the (next due, contact) index, most overdue
    /// first.
    pub fn due_from_index(&self, today: NaiveDate) -> Result<Vec<DueContact>, StorageFailure> {
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let index = txn.open_table(CONTACTS_BY_DUE)?;
            let mut due = Vec::new();
            for row in index.range((i32::MIN, 0)..=(day_key(today), u64::MAX))? {
                let (day, id) = row?.0.value();
                let date = day_from_key(day);
                due.push(DueContact {
                    id: ContactId(id),
                    due: date,
                    days_overdue: days_overdue(date, today),
                });
            }
            Ok(due)
        })
    }

    /// Every key of the due index, for consistency checks.
    pub fn due_index(&self) -> Result<Vec<(NaiveDate, ContactId)>, StorageFailure> {
        super::guarded(|| {
            let txn = self.db.begin_read().map_err(StorageFailure::from_redb)?;
            let index = txn.open_table(CONTACTS_BY_DUE)?;
            let mut keys = Vec::new();
            for row in index.iter()? {
                let (day, id) = row?.0.value();
                keys.push((day_from_key(day), ContactId(id)));
            }
            Ok(keys)
        })
    }
}
