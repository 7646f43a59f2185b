//! The capability log: what the user does and is responsible for, with evidence and
//! numbers. It feeds reminder emails and the brag document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::validation::{FieldErrors, trimmed_limited};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CapabilityId(pub u64);

impl std::fmt::Display for CapabilityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the user writes down about one capability or accomplishment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilityFields {
    pub title: String,
    /// The story and the evidence.
    pub story: String,
    /// Figures that show the result ("+38% reach in 6 months").
    pub numbers: String,
    pub tags: Vec<String>,
    pub date: NaiveDate,
    /// May be used as a highlight in reminder emails.
    pub use_in_emails: bool,
}

impl CapabilityFields {
    pub fn validate(&self) -> Result<CapabilityFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = trimmed_limited(&mut errors, "title", &self.title, 300);
        if title.is_empty() {
            errors.push("title", "title: required (what you did, in a few words)");
        }
        let story = trimmed_limited(&mut errors, "story", &self.story, 20_000);
        let numbers = trimmed_limited(&mut errors, "numbers", &self.numbers, 1_000);
        let mut tags: Vec<String> = Vec::new();
        for tag in &self.tags {
            let tag = trimmed_limited(&mut errors, "tag", tag, 100);
            if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                tags.push(tag);
            }
        }
        errors.into_result(CapabilityFields {
            title,
            story,
            numbers,
            tags,
            date: self.date,
            use_in_emails: self.use_in_emails,
        })
    }
}

/// A stored capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capability {
    pub id: CapabilityId,
    pub fields: CapabilityFields,
    pub archived: bool,
    pub created: Timestamp,
    pub updated: Timestamp,
}
