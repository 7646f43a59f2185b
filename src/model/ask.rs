//! Asks: what the user needs from management to do the job (tools, time, authority,
//! headcount, a rewritten job description, a title, a raise), to whom, and how it went.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validation::{FieldErrors, trimmed_limited};
use super::{ContactId, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AskId(pub u64);

impl std::fmt::Display for AskId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AskKind {
    Tools,
    Time,
    Authority,
    Headcount,
    JobDescription,
    Title,
    Raise,
    Other,
}

impl AskKind {
    pub const ALL: [AskKind; 8] = [
        AskKind::Tools,
        AskKind::Time,
        AskKind::Authority,
        AskKind::Headcount,
        AskKind::JobDescription,
        AskKind::Title,
        AskKind::Raise,
        AskKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AskKind::Tools => "tools",
            AskKind::Time => "time",
            AskKind::Authority => "authority",
            AskKind::Headcount => "headcount",
            AskKind::JobDescription => "job-description",
            AskKind::Title => "title",
            AskKind::Raise => "raise",
            AskKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AskKind::Tools => "Tools",
            AskKind::Time => "Time for research and seminars",
            AskKind::Authority => "Authority",
            AskKind::Headcount => "Headcount",
            AskKind::JobDescription => "Rewritten job description",
            AskKind::Title => "Title",
            AskKind::Raise => "Raise",
            AskKind::Other => "Other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace([' ', '_'], "-");
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AskStatus {
    Planned,
    Asked,
    Granted,
    Declined,
    Deferred,
}

impl AskStatus {
    pub const ALL: [AskStatus; 5] = [
        AskStatus::Planned,
        AskStatus::Asked,
        AskStatus::Granted,
        AskStatus::Declined,
        AskStatus::Deferred,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AskStatus::Planned => "planned",
            AskStatus::Asked => "asked",
            AskStatus::Granted => "granted",
            AskStatus::Declined => "declined",
            AskStatus::Deferred => "deferred",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AskStatus::Planned => "Planned",
            AskStatus::Asked => "Asked",
            AskStatus::Granted => "Granted",
            AskStatus::Declined => "Declined",
            AskStatus::Deferred => "Deferred",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase();
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What the user records about an ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskFields {
    pub what: String,
    pub kind: AskKind,
    /// Whom it was (or will be) asked to.
    pub asked_to: Option<ContactId>,
    pub status: AskStatus,
    pub asked_on: Option<NaiveDate>,
    /// When to bring it up again.
    pub revisit_on: Option<NaiveDate>,
    pub notes: String,
}

impl AskFields {
    pub fn validate(&self) -> Result<AskFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let what = trimmed_limited(&mut errors, "what", &self.what, 500);
        if what.is_empty() {
            errors.push("what", "what: required (what you need)");
        }
        let notes = trimmed_limited(&mut errors, "notes", &self.notes, 20_000);
        if let (Some(asked), Some(revisit)) = (self.asked_on, self.revisit_on)
            && revisit < asked
        {
            errors.push(
                "revisit",
                format!("revisit: {revisit} is before it was asked ({asked})"),
            );
        }
        errors.into_result(AskFields {
            what,
            kind: self.kind,
            asked_to: self.asked_to,
            status: self.status,
            asked_on: self.asked_on,
            revisit_on: self.revisit_on,
            notes,
        })
    }
}

/// A stored ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    pub id: AskId,
    pub fields: AskFields,
    pub created: Timestamp,
    pub updated: Timestamp,
}

impl Ask {
    /// Whether it should be brought up again on `today`: a revisit date that has come,
    /// for an ask that was not granted.
    pub fn revisit_due(&self, today: NaiveDate) -> bool {
        self.fields.status != AskStatus::Granted
            && self.fields.revisit_on.is_some_and(|d| d <= today)
    }
}
