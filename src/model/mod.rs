//! Plain data and pure rules: contacts, touchpoints, validation, cadence and due dates,
//! reciprocity, dream-job criteria and the fit score, applications, capabilities, asks
//! and weekly check-ins, settings, email templates and the outbox's states. Nothing here does I/O or knows about egui or redb; every function takes
//! the values it needs (including "today") and is tested with plain values.

mod application;
mod ask;
mod capability;
mod checkin;
mod company;
mod contact;
mod criterion;
pub mod draft;
mod due;
mod email;
mod fit;
pub mod lint;
mod outbox;
mod revision;
mod rhythm;
mod settings;
pub mod template;
mod touchpoint;
mod validation;
mod warmth;

pub use application::{
    Application, ApplicationFields, ApplicationId, ContactRole, NextAction, Stage, StageChange,
};
pub use ask::{Ask, AskFields, AskId, AskKind, AskStatus};
pub use capability::{Capability, CapabilityFields, CapabilityId};
pub use checkin::{
    CHECK_IN_EVERY_DAYS, CheckIn, CheckInFields, CheckInId, Sign, check_in_due, trend_summary,
};
pub use criterion::{Category, Criterion, CriterionFields, CriterionId, CriterionKind};
pub use fit::{
    Baseline, Fit, MUST_HAVE_WEIGHT, Rating, UNMET_MUST_HAVE_CAP, difference_from_baseline,
    fit_score, versus_baseline,
};

pub use company::{company_keys, domain_key, normalize_company, target_keys};
pub use contact::{
    Circle, Contact, ContactFields, Discretion, MAX_NAME_CHARS, MAX_NOTES_BYTES, Trust,
};
pub use due::{
    CadenceRules, ContactStats, Reciprocity, days_overdue, is_due, next_due, overdue_words,
};
pub use email::{EmailError, validate_email};
pub use outbox::{
    MAX_SEND_ATTEMPTS, OutboxEntry, OutboxId, OutboxKind, OutboxStatus, message_id_for,
    retry_delay_ms, validate_message,
};
pub use revision::{FieldMerge, MergeReport, Revision, merge_field, merge_record};
pub use rhythm::{
    RHYTHM_MAX_DAYS, RHYTHM_MAX_TIMES, RhythmError, RhythmItem, RhythmProgress, RhythmRule,
    RhythmRules, RhythmStart, default_what, next_follow_up,
};
pub use settings::{
    CadenceDefaults, CircleCadences, DEFAULT_WINDOW_TITLE, DigestSchedule, DigestSettings,
    Employer, Identity, PrivacySettings, SETTING_KEYS, Security, SettingError, Settings,
    SettingsV1, SettingsV2, SmtpSettings, ThemeChoice, is_loopback_host,
};
pub use template::{EmailTemplate, TemplateFileError, default_templates};
pub use touchpoint::{Direction, FollowUp, Touchpoint, TouchpointFields, TouchpointKind, time_key};
pub use validation::{DATE_YEARS, DateError, FieldError, FieldErrors, typed_date};
pub use warmth::{Warmth, effective_cadence};

use serde::{Deserialize, Serialize};

/// Stable id of a contact (unique across all record types in one database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ContactId(pub u64);

/// Stable id of a touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TouchpointId(pub u64);

impl std::fmt::Display for ContactId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for TouchpointId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A moment in time, as milliseconds since the Unix epoch (UTC). Used for the
/// created/updated stamps of records; calendar rules use `chrono::NaiveDate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_datetime(at: chrono::DateTime<chrono::Utc>) -> Self {
        Self(at.timestamp_millis())
    }

    pub fn to_datetime(self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }

    /// The local calendar date of this moment.
    pub fn local_date(self) -> chrono::NaiveDate {
        self.to_datetime()
            .with_timezone(&chrono::Local)
            .date_naive()
    }
}
