//! The changes a user (through the window, the command line or an import) can make, and
//! what applying one returns. `Store::apply` is the only place they are carried out.

use chrono::NaiveDate;

use crate::model::{
    ApplicationFields, ApplicationId, AskFields, AskId, CapabilityFields, CapabilityId,
    CheckInFields, CheckInId, ContactFields, ContactId, CriterionFields, CriterionId,
    EmailTemplate, FieldErrors, OutboxId, Rating, Revision, Settings, Stage, TouchpointFields,
    TouchpointId,
};

/// A reminder ready to be stored as a draft (rendered by `mail::run`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder {
    pub contact: ContactId,
    /// The due date of the period this reminder is for.
    pub due: NaiveDate,
    pub template: String,
    pub highlight: Option<CapabilityId>,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// The contact opted into auto-send and the draft has no lint warning.
    pub approve: bool,
}

/// Changes to settings, templates and the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailChange {
    /// `base`: the revision of the stored template edited, `None` for a new key.
    SaveTemplate {
        base: Option<Revision>,
        template: EmailTemplate,
    },
    CreateReminder(Box<NewReminder>),
    /// The user's digest for `day` (approved at once: the user asked for it).
    CreateDigest {
        day: NaiveDate,
        to: String,
        subject: String,
        body: String,
    },
    EditDraft {
        id: OutboxId,
        /// The revision of the entry the words were edited from.
        base: Revision,
        subject: String,
        body: String,
    },
    /// Approving a draft with discretion warnings needs `override_lint`.
    Approve {
        id: OutboxId,
        override_lint: bool,
    },
    Discard(OutboxId),
    /// Undoes a discard: the email is a draft again (to read and approve once more).
    Undiscard(OutboxId),
    /// Committed before the SMTP conversation begins.
    BeginSending(OutboxId),
    SendSucceeded(OutboxId),
    SendFailed {
        id: OutboxId,
        error: String,
        /// A permanent refusal (5xx) is not retried automatically.
        permanent: bool,
    },
    /// The whole message went to the server and no definite answer came back: it may
    /// have been delivered, so it waits for the user (needs review), never retried.
    SendUncertain {
        id: OutboxId,
        error: String,
    },
    /// The user's answer for an entry that needs review.
    Resolve {
        id: OutboxId,
        was_sent: bool,
    },
    /// Every entry left in `Sending` by a run that stopped becomes `NeedsReview`.
    RecoverInterrupted,
    /// This database came back from an earlier copy (`copy` says which): every email a
    /// send run could pick up waits under Needs review, as it may have gone out since.
    HoldRestored {
        copy: String,
    },
}

/// One write to the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The user's settings; `base`: the revision of the settings they were made from.
    SetSettings {
        base: Revision,
        settings: Box<Settings>,
    },
    AddContact(ContactFields),
    /// `base`: the revision of the contact the edit was made from (a stale one is
    /// refused with [`ApplyError::Stale`]).
    EditContact {
        id: ContactId,
        base: Revision,
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
    /// Undoes an import: the contacts it added go again, and the contacts it merged
    /// into get back the fields they had; refused (nothing changes) if any of them
    /// changed since, or someone it added has touchpoints now.
    UndoImport {
        added: Vec<(ContactId, Revision)>,
        merged: Vec<(ContactId, Revision, ContactFields)>,
    },
    LogTouchpoint(TouchpointFields),
    DeleteTouchpoint(TouchpointId),
    CompleteFollowUp(TouchpointId),
    /// A change to the exit plan: criteria, applications, capabilities, asks, check-ins.
    Plan(PlanChange),
    /// Settings, templates and the outbox.
    Mail(MailChange),
    /// Every record of a backup, into an empty database.
    Restore(Box<super::Backup>),
    /// The first-run choice has been made ("Explore with demo data" / "Start fresh").
    FinishWelcome,
}

/// Changes to the exit plan (the dream job, the pipeline, the capability log, asks and
/// check-ins).
#[derive(Debug, Clone, PartialEq)]
pub enum PlanChange {
    AddCriterion(CriterionFields),
    EditCriterion {
        id: CriterionId,
        base: Revision,
        fields: CriterionFields,
    },
    /// Moves a criterion to `index` in the list of all criteria (0 = first).
    MoveCriterion {
        id: CriterionId,
        index: usize,
    },
    SetCriterionRetired {
        id: CriterionId,
        retired: bool,
    },
    /// A new application (or opportunity) entering `stage` on `on`.
    AddApplication {
        fields: ApplicationFields,
        stage: Stage,
        on: NaiveDate,
    },
    EditApplication {
        id: ApplicationId,
        base: Revision,
        fields: ApplicationFields,
    },
    MoveApplication {
        id: ApplicationId,
        stage: Stage,
        on: NaiveDate,
    },
    /// Undoes a stage move: puts back the application as it was before it, if nothing
    /// changed it since (`base` is the revision the move left).
    UndoMove {
        base: Revision,
        before: Box<crate::model::Application>,
    },
    RateApplication {
        id: ApplicationId,
        criterion: CriterionId,
        rating: Rating,
    },
    AddCapability(CapabilityFields),
    EditCapability {
        id: CapabilityId,
        base: Revision,
        fields: CapabilityFields,
    },
    SetCapabilityArchived {
        id: CapabilityId,
        archived: bool,
    },
    AddAsk(AskFields),
    EditAsk {
        id: AskId,
        base: Revision,
        fields: AskFields,
    },
    RecordCheckIn(CheckInFields),
    /// Rates the current job (the baseline) on a criterion; `Unknown` clears it.
    RateBaseline {
        criterion: CriterionId,
        rating: Rating,
    },
    /// The application's next rhythm follow-up was done on `on`: logs a touchpoint
    /// with its linked contacts (a message the user gave) and schedules the next.
    CompleteRhythm {
        id: ApplicationId,
        on: NaiveDate,
    },
}

/// What a change produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    ContactAdded(ContactId),
    TouchpointLogged(TouchpointId),
    CriterionAdded(CriterionId),
    ApplicationAdded(ApplicationId),
    CapabilityAdded(CapabilityId),
    AskAdded(AskId),
    CheckInRecorded(CheckInId),
    OutboxEntry(OutboxId),
    /// `BeginSending` found the email no longer qualifies: it was withdrawn (discarded,
    /// with the reason), and must not be sent.
    Withdrawn(OutboxId),
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

    /// The id of whatever record was created, if one was.
    pub fn new_id(self) -> Option<u64> {
        match self {
            Outcome::ContactAdded(id) => Some(id.0),
            Outcome::TouchpointLogged(id) => Some(id.0),
            Outcome::CriterionAdded(id) => Some(id.0),
            Outcome::ApplicationAdded(id) => Some(id.0),
            Outcome::CapabilityAdded(id) => Some(id.0),
            Outcome::AskAdded(id) => Some(id.0),
            Outcome::CheckInRecorded(id) => Some(id.0),
            Outcome::OutboxEntry(id) => Some(id.0),
            Outcome::Withdrawn(_) | Outcome::Done => None,
        }
    }
}

/// Why a change was not applied. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0}")]
    Invalid(FieldErrors),
    /// The record changed after the edit was made from it (an import, the hourly
    /// work, another save): nothing was written; merge and try again.
    #[error(
        "{record} was changed elsewhere after you opened it; nothing was saved — look at it again and save once more"
    )]
    Stale { record: String },
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: u64 },
    /// Said once: the failure's own words (a `{0}` here and the failure as its source
    /// printed "the disk is full … : the disk is full …").
    #[error(transparent)]
    Storage(#[from] super::StorageFailure),
}
