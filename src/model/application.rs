//! Applications, and opportunities not applied to yet: where each stands in the
//! pipeline (with a dated history), who is involved, what to do next, and how it rates
//! on each dream-job criterion.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validation::{FieldErrors, trimmed_limited};
use super::{ContactId, CriterionId, Rating, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ApplicationId(pub u64);

impl std::fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    Interested,
    Applied,
    Screening,
    Interviewing,
    Offer,
    Accepted,
    Rejected,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Interested,
        Stage::Applied,
        Stage::Screening,
        Stage::Interviewing,
        Stage::Offer,
        Stage::Accepted,
        Stage::Rejected,
        Stage::Withdrawn,
    ];
    /// The stages of the pipeline, in order (rejected and withdrawn end it early).
    pub const PIPELINE: [Stage; 6] = [
        Stage::Interested,
        Stage::Applied,
        Stage::Screening,
        Stage::Interviewing,
        Stage::Offer,
        Stage::Accepted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Interested => "interested",
            Stage::Applied => "applied",
            Stage::Screening => "screening",
            Stage::Interviewing => "interviewing",
            Stage::Offer => "offer",
            Stage::Accepted => "accepted",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Interested => "Interested",
            Stage::Applied => "Applied",
            Stage::Screening => "Screening",
            Stage::Interviewing => "Interviewing",
            Stage::Offer => "Offer",
            Stage::Accepted => "Accepted",
            Stage::Rejected => "Rejected",
            Stage::Withdrawn => "Withdrawn",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase();
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the application is finished (no more next actions or follow-ups).
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Accepted | Stage::Rejected | Stage::Withdrawn)
    }

    /// The next stage along the pipeline, if any.
    pub fn next(self) -> Option<Stage> {
        let i = Self::PIPELINE.iter().position(|s| *s == self)?;
        Self::PIPELINE.get(i + 1).copied()
    }

    /// The previous stage along the pipeline, if any.
    pub fn previous(self) -> Option<Stage> {
        let i = Self::PIPELINE.iter().position(|s| *s == self)?;
        i.checked_sub(1).map(|i| Self::PIPELINE[i])
    }
}

/// The part a contact plays in an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContactRole {
    Referrer,
    Recruiter,
    HiringManager,
    Other,
}

impl ContactRole {
    pub const ALL: [ContactRole; 4] = [
        ContactRole::Referrer,
        ContactRole::Recruiter,
        ContactRole::HiringManager,
        ContactRole::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContactRole::Referrer => "referrer",
            ContactRole::Recruiter => "recruiter",
            ContactRole::HiringManager => "hiring-manager",
            ContactRole::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactRole::Referrer => "Referrer",
            ContactRole::Recruiter => "Recruiter",
            ContactRole::HiringManager => "Hiring manager",
            ContactRole::Other => "Other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace([' ', '_'], "-");
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// One move through the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: Stage,
    pub on: NaiveDate,
}

/// Something to do next, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAction {
    pub what: String,
    pub due: NaiveDate,
}

/// What the user types about an application.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApplicationFields {
    pub company: String,
    pub role: String,
    pub link: String,
    /// Where it came from: a job board, a referral, a recruiter…
    pub source: String,
    pub contacts: Vec<(ContactId, ContactRole)>,
    pub next_action: Option<NextAction>,
    /// Yearly salary range, in whatever currency the user thinks in.
    pub salary_min: Option<u32>,
    pub salary_max: Option<u32>,
    pub notes: String,
    /// When an offer must be answered (the offer stage's follow-up falls on it).
    #[serde(default)]
    pub decision_date: Option<NaiveDate>,
}

const MAX_LINE_CHARS: usize = 500;
const MAX_NOTES_BYTES: usize = 100 * 1024;

impl ApplicationFields {
    pub fn validate(&self) -> Result<ApplicationFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let company = trimmed_limited(&mut errors, "company", &self.company, MAX_LINE_CHARS);
        if company.is_empty() {
            errors.push("company", "company: required");
        }
        let role = trimmed_limited(&mut errors, "role", &self.role, MAX_LINE_CHARS);
        if role.is_empty() {
            errors.push("role", "role: required (the job title)");
        }
        let link = trimmed_limited(&mut errors, "link", &self.link, 2_000);
        if link.chars().any(char::is_whitespace) {
            errors.push("link", "link: contains a space");
        }
        let source = trimmed_limited(&mut errors, "source", &self.source, MAX_LINE_CHARS);
        let mut contacts: Vec<(ContactId, ContactRole)> = Vec::new();
        for (id, role) in &self.contacts {
            if !contacts.iter().any(|(c, _)| c == id) {
                contacts.push((*id, *role));
            }
        }
        let next_action = match &self.next_action {
            Some(action) => {
                let what =
                    trimmed_limited(&mut errors, "next_action", &action.what, MAX_LINE_CHARS);
                if what.is_empty() {
                    errors.push("next_action", "next action: say what to do");
                }
                Some(NextAction {
                    what,
                    due: action.due,
                })
            }
            None => None,
        };
        if let (Some(min), Some(max)) = (self.salary_min, self.salary_max)
            && min > max
        {
            errors.push(
                "salary",
                format!("salary: the minimum {min} is above the maximum {max}"),
            );
        }
        let notes = self.notes.trim_end().to_string();
        if notes.len() > MAX_NOTES_BYTES {
            errors.push("notes", "notes: too long (at most 100 KB)");
        }
        errors.into_result(ApplicationFields {
            company,
            role,
            link,
            source,
            contacts,
            next_action,
            salary_min: self.salary_min,
            salary_max: self.salary_max,
            notes,
            decision_date: self.decision_date,
        })
    }
}

/// A stored application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    pub fields: ApplicationFields,
    pub stage: Stage,
    /// Every stage it has been in, oldest first; the last entry is the current stage.
    pub history: Vec<StageChange>,
    pub ratings: BTreeMap<CriterionId, Rating>,
    /// Follow-ups done in the current stage's rhythm.
    #[serde(default)]
    pub rhythm: super::RhythmProgress,
    pub created: Timestamp,
    pub updated: Timestamp,
}

impl Application {
    /// The date it entered its current stage.
    pub fn stage_since(&self) -> NaiveDate {
        self.history
            .last()
            .map_or_else(|| self.created.local_date(), |c| c.on)
    }

    /// Days in the current stage on `today`.
    pub fn days_in_stage(&self, today: NaiveDate) -> i64 {
        (today - self.stage_since()).num_days().max(0)
    }

    /// Days spent in each stage it passed through, up to `today` for the current one.
    pub fn time_in_stages(&self, today: NaiveDate) -> Vec<(Stage, i64)> {
        let mut out = Vec::new();
        for (i, change) in self.history.iter().enumerate() {
            let until = self.history.get(i + 1).map_or(today, |next| next.on);
            out.push((change.stage, (until - change.on).num_days().max(0)));
        }
        out
    }

    /// Whether it ever reached `stage` (or went past it along the pipeline).
    pub fn reached(&self, stage: Stage) -> bool {
        let Some(target) = Stage::PIPELINE.iter().position(|s| *s == stage) else {
            return self.history.iter().any(|c| c.stage == stage);
        };
        self.history.iter().any(|c| {
            Stage::PIPELINE
                .iter()
                .position(|s| *s == c.stage)
                .is_some_and(|p| p >= target)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn company_and_role_are_required_and_salary_must_make_sense() {
        let fields = ApplicationFields {
            salary_min: Some(90_000),
            salary_max: Some(70_000),
            ..ApplicationFields::default()
        };
        let errors = fields.validate().unwrap_err();
        assert!(errors.for_field("company").is_some());
        assert!(errors.for_field("role").is_some());
        assert!(
            errors
                .for_field("salary")
                .unwrap()
                .contains("above the maximum")
        );
    }

    #[test]
    fn stage_history_gives_time_in_each_stage_and_the_funnel() {
        let application = Application {
            id: ApplicationId(1),
            fields: ApplicationFields::default(),
            rhythm: Default::default(),
            stage: Stage::Interviewing,
            history: vec![
                StageChange {
                    stage: Stage::Interested,
                    on: day("2026-10-01"),
                },
                StageChange {
                    stage: Stage::Applied,
                    on: day("2026-10-05"),
                },
                StageChange {
                    stage: Stage::Interviewing,
                    on: day("2026-10-20"),
                },
            ],
            ratings: BTreeMap::new(),
            created: Timestamp(0),
            updated: Timestamp(0),
        };
        let today = day("2026-11-01");
        assert_eq!(
            application.time_in_stages(today),
            vec![
                (Stage::Interested, 4),
                (Stage::Applied, 15),
                (Stage::Interviewing, 12)
            ]
        );
        assert_eq!(application.days_in_stage(today), 12);
        assert!(
            application.reached(Stage::Screening),
            "skipping a stage still passes it"
        );
        assert!(!application.reached(Stage::Offer));
        assert!(!application.reached(Stage::Rejected));
    }

    #[test]
    fn stages_step_along_the_pipeline() {
        assert_eq!(Stage::Applied.next(), Some(Stage::Screening));
        assert_eq!(Stage::Accepted.next(), None);
        assert_eq!(Stage::Interested.previous(), None);
        assert_eq!(Stage::Rejected.next(), None);
        for s in Stage::ALL {
            assert_eq!(Stage::from_key(s.key()), Some(s));
        }
    }
}
