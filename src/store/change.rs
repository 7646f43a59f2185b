//! The changes a user (through the window, the command line or an import) can make, and
//! what applying one returns. `Store::apply` is the only place they are carried out.

use chrono::NaiveDate;

use crate::model::{ContactFields, ContactId, FieldErrors, TouchpointFields, TouchpointId};

/// One write to the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    AddContact(ContactFields),
    EditContact {
        id: ContactId,
        fields: ContactFields,
    },
    SetArchived {
        id: ContactId,
        archived: bool,
    },
    /// Not due before `until` (no touch is invented); a later real touch clears it.
    Snooze {
        id: ContactId,
        until: NaiveDate,
    },
    LogTouchpoint(TouchpointFields),
    DeleteTouchpoint(TouchpointId),
    CompleteFollowUp(TouchpointId),
    /// The first-run choice has been made ("Explore with demo data" / "Start fresh").
    FinishWelcome,
}

/// What a change produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    ContactAdded(ContactId),
    TouchpointLogged(TouchpointId),
    Done,
}

impl Outcome {
    pub fn contact_id(self) -> Option<ContactId> {
        match self {
            Outcome::ContactAdded(id) => Some(id),
            _ => None,
        }
    }

    pub fn touchpoint_id(self) -> Option<TouchpointId> {
        match self {
            Outcome::TouchpointLogged(id) => Some(id),
            _ => None,
        }
    }
}

/// Why a change was not applied. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: u64 },
    #[error("{0}")]
    Storage(#[from] super::StorageFailure),
}
