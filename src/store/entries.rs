//! What the read model holds for one contact (the record with its derived figures), one
//! open follow-up, and one contact due on a day.

use chrono::NaiveDate;

use crate::model::{Contact, ContactId, ContactStats, TouchpointId, TouchpointKind, next_due};

/// One contact with its derived figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactEntry {
    pub contact: Contact,
    pub stats: ContactStats,
    /// The effective cadence: the contact's own, else its tags', else its circle's.
    pub cadence_days: Option<u32>,
    pub next_due: Option<NaiveDate>,
}

impl ContactEntry {
    pub fn new(contact: Contact, stats: ContactStats, cadence_days: Option<u32>) -> Self {
        let next_due = next_due(
            cadence_days,
            contact.archived,
            stats.last_touch,
            contact.clock_start(),
            contact.snoozed_until,
        );
        Self {
            contact,
            stats,
            cadence_days,
            next_due,
        }
    }

    pub fn id(&self) -> ContactId {
        self.contact.id
    }

    pub fn name(&self) -> &str {
        &self.contact.fields.name
    }

    /// The revision an edit of this contact names (see [`crate::model::Revision`]).
    pub fn revision(&self) -> crate::model::Revision {
        crate::model::Revision::of(&self.contact)
    }

    /// How warm the relationship is on `today`.
    /// (A snooze hides a contact from the due lists; it does not warm it up.)
    pub fn warmth(&self, today: NaiveDate) -> crate::model::Warmth {
        let touch_due = next_due(
            self.cadence_days,
            self.contact.archived,
            self.stats.last_touch,
            self.contact.clock_start(),
            None,
        );
        crate::model::Warmth::of(
            touch_due,
            self.cadence_days,
            self.stats.last_touch.is_some(),
            today,
        )
    }
}

/// An open follow-up, with enough of its touchpoint to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpItem {
    pub touchpoint: TouchpointId,
    pub due: NaiveDate,
    pub what: String,
    pub contacts: Vec<ContactId>,
    pub kind: TouchpointKind,
    pub summary: String,
}

/// A due contact on a given day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DueContact {
    pub id: ContactId,
    pub due: NaiveDate,
    pub days_overdue: i64,
}
