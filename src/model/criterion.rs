//! Dream-job criteria: what the next job must have, would be nice to have (weighted), or
//! must not have. Applications and the current job are rated against them.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::validation::{FieldErrors, trimmed_limited};

/// Longest criterion text, in characters.
const MAX_TEXT_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CriterionId(pub u64);

impl std::fmt::Display for CriterionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a criterion counts in the fit score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CriterionKind {
    /// Without it the job does not fit: not meeting it caps the score.
    MustHave,
    /// Adds to the score in proportion to its weight (1–5).
    NiceToHave { weight: u8 },
    /// A condition that rules the job out: when it applies, the score is 0.
    DealBreaker,
}

impl CriterionKind {
    pub fn label(self) -> String {
        match self {
            CriterionKind::MustHave => "Must-have".into(),
            CriterionKind::NiceToHave { weight } => format!("Nice-to-have ({weight})"),
            CriterionKind::DealBreaker => "Deal-breaker".into(),
        }
    }
}

/// What part of a job a criterion is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    Role,
    ManagementSupport,
    Pay,
    LocationAndHours,
    Growth,
    LearningTime,
    Culture,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Role,
        Category::ManagementSupport,
        Category::Pay,
        Category::LocationAndHours,
        Category::Growth,
        Category::LearningTime,
        Category::Culture,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::Role => "role",
            Category::ManagementSupport => "management",
            Category::Pay => "pay",
            Category::LocationAndHours => "location",
            Category::Growth => "growth",
            Category::LearningTime => "learning",
            Category::Culture => "culture",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Role => "Role",
            Category::ManagementSupport => "Support from management",
            Category::Pay => "Pay",
            Category::LocationAndHours => "Location and hours",
            Category::Growth => "Growth",
            Category::LearningTime => "Learning time",
            Category::Culture => "Culture",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.key() == key || c.label().to_lowercase() == key)
    }
}

/// What the user types about a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionFields {
    pub text: String,
    pub kind: CriterionKind,
    pub category: Option<Category>,
}

impl CriterionFields {
    pub fn validate(&self) -> Result<CriterionFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = trimmed_limited(&mut errors, "text", &self.text, MAX_TEXT_CHARS);
        if text.is_empty() {
            errors.push("text", "text: required (what the job must or should offer)");
        }
        if let CriterionKind::NiceToHave { weight } = self.kind
            && !(1..=5).contains(&weight)
        {
            errors.push(
                "weight",
                format!("weight: {weight} is out of range (1 to 5)"),
            );
        }
        errors.into_result(CriterionFields {
            text,
            kind: self.kind,
            category: self.category,
        })
    }
}

/// A stored criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: CriterionId,
    pub fields: CriterionFields,
    /// Order in the list (lower first).
    pub position: u32,
    /// Retired criteria no longer count; their ratings are kept.
    pub retired: bool,
    pub created: Timestamp,
    pub updated: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_required_and_weights_run_from_one_to_five() {
        let mut f = CriterionFields {
            text: "  ".into(),
            kind: CriterionKind::NiceToHave { weight: 6 },
            category: None,
        };
        let errors = f.validate().unwrap_err();
        assert!(errors.for_field("text").is_some());
        assert_eq!(
            errors.for_field("weight"),
            Some("weight: 6 is out of range (1 to 5)")
        );
        f.text = " Remote two days a week ".into();
        f.kind = CriterionKind::NiceToHave { weight: 3 };
        assert_eq!(f.validate().unwrap().text, "Remote two days a week");
    }

    #[test]
    fn categories_parse_from_keys_and_labels() {
        for c in Category::ALL {
            assert_eq!(Category::from_key(c.key()), Some(c));
            assert_eq!(Category::from_key(c.label()), Some(c));
        }
        assert_eq!(Category::from_key("snacks"), None);
    }
}
