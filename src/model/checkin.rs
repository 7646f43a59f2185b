//! The weekly check-in on the signs of an unsupportive job, and the plain-words reading
//! of how they trend.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::validation::{FieldErrors, trimmed_limited};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CheckInId(pub u64);

/// Days after which Today asks for a new check-in.
pub const CHECK_IN_EVERY_DAYS: i64 = 7;

/// One sign that the job is not supporting the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Sign {
    BurntOut,
    LeftOut,
    MissingTools,
    UnrealisticGoals,
    DoingEverythingAlone,
    JustPosting,
    NoTimeToLearn,
}

impl Sign {
    pub const ALL: [Sign; 7] = [
        Sign::BurntOut,
        Sign::LeftOut,
        Sign::MissingTools,
        Sign::UnrealisticGoals,
        Sign::DoingEverythingAlone,
        Sign::JustPosting,
        Sign::NoTimeToLearn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Sign::BurntOut => "burnt-out",
            Sign::LeftOut => "left-out",
            Sign::MissingTools => "missing-tools",
            Sign::UnrealisticGoals => "unrealistic-goals",
            Sign::DoingEverythingAlone => "alone",
            Sign::JustPosting => "just-posting",
            Sign::NoTimeToLearn => "no-time-to-learn",
        }
    }

    /// The question as the check-in asks it.
    pub fn question(self) -> &'static str {
        match self {
            Sign::BurntOut => "Burnt out",
            Sign::LeftOut => "Left out of important conversations",
            Sign::MissingTools => "Missing the tools to do the job",
            Sign::UnrealisticGoals => "Unrealistic goals",
            Sign::DoingEverythingAlone => "Doing everything alone",
            Sign::JustPosting => "Role reduced to \u{201c}just posting\u{201d}",
            Sign::NoTimeToLearn => "No time to learn",
        }
    }

    /// Short words for summaries ("left out of decisions").
    pub fn short(self) -> &'static str {
        match self {
            Sign::BurntOut => "burnt out",
            Sign::LeftOut => "left out of decisions",
            Sign::MissingTools => "missing tools",
            Sign::UnrealisticGoals => "unrealistic goals",
            Sign::DoingEverythingAlone => "doing everything alone",
            Sign::JustPosting => "reduced to just posting",
            Sign::NoTimeToLearn => "no time to learn",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace([' ', '_'], "-");
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What the user answers in a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInFields {
    pub date: NaiveDate,
    /// The signs present this week; the others were answered "no".
    pub signs: BTreeSet<Sign>,
    /// How the week was overall, 1 (bad) to 5 (good).
    pub overall: u8,
    pub note: String,
}

impl CheckInFields {
    pub fn validate(&self, today: NaiveDate) -> Result<CheckInFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !(1..=5).contains(&self.overall) {
            errors.push(
                "overall",
                format!("overall: {} is out of range (1 to 5)", self.overall),
            );
        }
        if self.date > today {
            errors.push("date", format!("date: {} is in the future", self.date));
        }
        let note = trimmed_limited(&mut errors, "note", &self.note, 10_000);
        errors.into_result(CheckInFields {
            date: self.date,
            signs: self.signs.clone(),
            overall: self.overall,
            note,
        })
    }
}

/// A stored check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub id: CheckInId,
    pub fields: CheckInFields,
    pub created: Timestamp,
}

/// Whether a new check-in is due on `today`, given the date of the latest one.
pub fn check_in_due(latest: Option<NaiveDate>, today: NaiveDate) -> bool {
    latest.is_none_or(|d| (today - d).num_days() >= CHECK_IN_EVERY_DAYS)
}

/// The plain-words reading of the last `weeks` check-ins (given oldest first): one line
/// per sign that showed up, most frequent first, e.g.
/// "4 of the last 6 weeks: left out of decisions".
pub fn trend_summary(check_ins: &[&CheckInFields], weeks: usize) -> Vec<String> {
    let recent: Vec<&&CheckInFields> = check_ins.iter().rev().take(weeks).collect();
    let n = recent.len();
    if n == 0 {
        return Vec::new();
    }
    let mut counts: Vec<(usize, Sign)> = Sign::ALL
        .iter()
        .map(|sign| {
            (
                recent.iter().filter(|c| c.signs.contains(sign)).count(),
                *sign,
            )
        })
        .filter(|(count, _)| *count > 0)
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    counts
        .into_iter()
        .map(|(count, sign)| match n {
            1 => format!("last week: {}", sign.short()),
            _ => format!("{count} of the last {n} weeks: {}", sign.short()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn check_in(signs: &[Sign]) -> CheckInFields {
        CheckInFields {
            date: day("2026-11-20"),
            signs: signs.iter().copied().collect(),
            overall: 3,
            note: String::new(),
        }
    }

    #[test]
    fn summary_counts_signs_over_the_last_weeks() {
        let weeks = [
            check_in(&[Sign::BurntOut]),
            check_in(&[Sign::LeftOut]),
            check_in(&[Sign::LeftOut, Sign::BurntOut]),
            check_in(&[]),
            check_in(&[]),
            check_in(&[Sign::LeftOut, Sign::NoTimeToLearn]),
            check_in(&[Sign::LeftOut]),
        ];
        let refs: Vec<&CheckInFields> = weeks.iter().collect();
        assert_eq!(
            trend_summary(&refs, 6),
            vec![
                "4 of the last 6 weeks: left out of decisions",
                "1 of the last 6 weeks: burnt out",
                "1 of the last 6 weeks: no time to learn",
            ]
        );
        assert!(trend_summary(&[], 6).is_empty());
    }

    #[test]
    fn a_check_in_is_due_after_seven_days() {
        assert!(check_in_due(None, day("2026-11-24")));
        assert!(!check_in_due(Some(day("2026-11-18")), day("2026-11-24")));
        assert!(check_in_due(Some(day("2026-11-17")), day("2026-11-24")));
    }

    #[test]
    fn overall_runs_from_one_to_five() {
        let mut c = check_in(&[]);
        c.overall = 0;
        assert!(
            c.validate(day("2026-11-24"))
                .unwrap_err()
                .for_field("overall")
                .is_some()
        );
        c.overall = 5;
        assert!(c.validate(day("2026-11-24")).is_ok());
        for sign in Sign::ALL {
            assert_eq!(Sign::from_key(sign.key()), Some(sign));
        }
    }
}
