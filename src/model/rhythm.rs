//! Follow-up rhythms for applications: per stage, when to follow up first, how often
//! after that and how many times ("applied → 7 days, then weekly, three times";
//! "interviewing → the next day, a thank-you"; "offer → the decision date").
//!
//! The next follow-up is counted like a contact's due date, from real events: the day
//! the application entered its stage for the first one, the day the previous one was
//! done for the rest. Moving to another stage starts that stage's rhythm afresh.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Application, Stage};

/// When a stage's first follow-up falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RhythmStart {
    /// This many days after entering the stage.
    AfterDays(u32),
    /// On the application's decision date (an offer's deadline).
    DecisionDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RhythmRule {
    pub stage: Stage,
    pub start: RhythmStart,
    /// Days between follow-ups after the first; 0 = no repeats.
    pub every_days: u32,
    /// How many follow-ups in all (at least 1).
    pub times: u32,
    /// What to do, e.g. "Send a thank-you note".
    pub what: String,
}

/// The longest wait a rhythm can name, in days.
pub const RHYTHM_MAX_DAYS: u32 = 365;
/// The most follow-ups a rhythm can ask for.
pub const RHYTHM_MAX_TIMES: u32 = 20;

/// How a rule's settings text is written, said after each mistake.
const RHYTHM_USAGE: &str =
    "write 'after DAYS [every DAYS] [times N][: what to do]', 'decision[: what to do]' or 'none'";

/// Why a rule's settings text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RhythmError {
    #[error("the text after ':' must be one line of at most 200 characters")]
    WhatNotOneLine,
    #[error("expected a number up to {max}; {}", RHYTHM_USAGE)]
    NotANumber { max: u32 },
    #[error("'every 0' repeats nothing; {}", RHYTHM_USAGE)]
    EveryZero,
    #[error("'times' must be at least 1 (or write 'none')")]
    TimesZero,
    #[error("'{0}' is not understood; {usage}", usage = RHYTHM_USAGE)]
    NotUnderstood(String),
    #[error("say when the first follow-up falls; {}", RHYTHM_USAGE)]
    NoStart,
}

impl RhythmRule {
    /// Reads a rule from its settings text: `after DAYS [every DAYS] [times N]` or
    /// `decision`, then optionally `: what to do`. `none` (or empty) gives no rule.
    pub fn parse(stage: Stage, text: &str) -> Result<Option<RhythmRule>, RhythmError> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        let (schedule, what) = match text.split_once(':') {
            Some((schedule, what)) => (schedule, what.trim()),
            None => (text, ""),
        };
        if what.chars().any(char::is_control) || what.chars().count() > 200 {
            return Err(RhythmError::WhatNotOneLine);
        }
        let words: Vec<String> = schedule.split_whitespace().map(str::to_lowercase).collect();
        let number = |word: Option<&String>, max: u32| -> Result<u32, RhythmError> {
            word.and_then(|w| w.trim_end_matches('d').parse::<u32>().ok())
                .filter(|n| *n <= max)
                .ok_or(RhythmError::NotANumber { max })
        };
        let mut start = None;
        let mut every_days = 0;
        let mut times = None;
        let mut i = 0;
        while i < words.len() {
            match words[i].as_str() {
                "after" => {
                    start = Some(RhythmStart::AfterDays(number(
                        words.get(i + 1),
                        RHYTHM_MAX_DAYS,
                    )?));
                    i += 2;
                }
                "decision" => {
                    start = Some(RhythmStart::DecisionDate);
                    i += 1;
                }
                "every" => {
                    every_days = number(words.get(i + 1), RHYTHM_MAX_DAYS)?;
                    if every_days == 0 {
                        return Err(RhythmError::EveryZero);
                    }
                    i += 2;
                }
                "times" => {
                    let n = number(words.get(i + 1), RHYTHM_MAX_TIMES)?;
                    if n == 0 {
                        return Err(RhythmError::TimesZero);
                    }
                    times = Some(n);
                    i += 2;
                }
                other => return Err(RhythmError::NotUnderstood(other.to_string())),
            }
        }
        let start = start.ok_or(RhythmError::NoStart)?;
        let times = times.unwrap_or(if every_days > 0 { 3 } else { 1 });
        let what = if what.is_empty() {
            default_what(stage).to_string()
        } else {
            what.to_string()
        };
        Ok(Some(RhythmRule {
            stage,
            start,
            every_days,
            times,
            what,
        }))
    }

    /// The rule as its settings text (what [`RhythmRule::parse`] reads back).
    pub fn describe(&self) -> String {
        let mut text = match self.start {
            RhythmStart::AfterDays(days) => format!("after {days}"),
            RhythmStart::DecisionDate => "decision".to_string(),
        };
        if self.every_days > 0 {
            text.push_str(&format!(" every {}", self.every_days));
        }
        text.push_str(&format!(" times {}: {}", self.times, self.what));
        text
    }

    /// The rule in plain words, for the Settings view.
    pub fn sentence(&self) -> String {
        let first = match self.start {
            RhythmStart::AfterDays(0) => "the same day".to_string(),
            RhythmStart::AfterDays(1) => "the next day".to_string(),
            RhythmStart::AfterDays(days) => format!("{days} days later"),
            RhythmStart::DecisionDate => "on the decision date".to_string(),
        };
        if self.every_days > 0 && self.times > 1 {
            format!(
                "{first}, then every {} days — {} times in all",
                self.every_days, self.times
            )
        } else {
            first
        }
    }
}

/// What a stage's follow-up is, unless the user says otherwise.
pub fn default_what(stage: Stage) -> &'static str {
    match stage {
        Stage::Interviewing => "Send a thank-you note",
        Stage::Offer => "Decide on the offer",
        _ => "Follow up",
    }
}

/// The rules, at most one per stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RhythmRules {
    pub rules: Vec<RhythmRule>,
}

impl Default for RhythmRules {
    fn default() -> Self {
        Self {
            rules: vec![
                RhythmRule {
                    stage: Stage::Applied,
                    start: RhythmStart::AfterDays(7),
                    every_days: 7,
                    times: 3,
                    what: "Follow up on the application".into(),
                },
                RhythmRule {
                    stage: Stage::Interviewing,
                    start: RhythmStart::AfterDays(1),
                    every_days: 0,
                    times: 1,
                    what: "Send a thank-you note".into(),
                },
                RhythmRule {
                    stage: Stage::Offer,
                    start: RhythmStart::DecisionDate,
                    every_days: 0,
                    times: 1,
                    what: "Decide on the offer".into(),
                },
            ],
        }
    }
}

impl RhythmRules {
    pub fn for_stage(&self, stage: Stage) -> Option<&RhythmRule> {
        self.rules.iter().find(|r| r.stage == stage)
    }

    /// Replaces (or, with `None`, removes) the rule of `stage`; rules stay in stage order.
    pub fn set(&mut self, stage: Stage, rule: Option<RhythmRule>) {
        self.rules.retain(|r| r.stage != stage);
        if let Some(rule) = rule {
            self.rules.push(rule);
        }
        self.rules.sort_by_key(|r| r.stage);
    }
}

/// How far an application is through its current stage's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RhythmProgress {
    /// Follow-ups done in the current stage.
    pub done: u32,
    pub last_done: Option<NaiveDate>,
}

/// The next follow-up an application's rhythm asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RhythmItem {
    pub due: NaiveDate,
    pub what: String,
    /// 1-based number of this follow-up, and how many the rule asks for.
    pub step: u32,
    pub of: u32,
}

/// The next follow-up of `application`, or `None` when its stage has no rule, the
/// rule is used up, the application is closed, or an offer has no decision date.
pub fn next_follow_up(application: &Application, rules: &RhythmRules) -> Option<RhythmItem> {
    if application.stage.is_closed() {
        return None;
    }
    let rule = rules.for_stage(application.stage)?;
    let progress = application.rhythm;
    if progress.done >= rule.times {
        return None;
    }
    let due = if progress.done == 0 {
        match rule.start {
            RhythmStart::AfterDays(days) => application
                .stage_since()
                .checked_add_days(Days::new(u64::from(days)))?,
            RhythmStart::DecisionDate => application.fields.decision_date?,
        }
    } else {
        if rule.every_days == 0 {
            return None;
        }
        progress
            .last_done
            .unwrap_or_else(|| application.stage_since())
            .checked_add_days(Days::new(u64::from(rule.every_days)))?
    };
    Some(RhythmItem {
        due,
        what: rule.what.clone(),
        step: progress.done + 1,
        of: rule.times,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ApplicationFields, ApplicationId, StageChange, Timestamp};
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn application(stage: Stage, since: &str) -> Application {
        Application {
            id: ApplicationId(1),
            fields: ApplicationFields {
                company: "Brightwave".into(),
                role: "Lead".into(),
                ..ApplicationFields::default()
            },
            stage,
            history: vec![StageChange {
                stage,
                on: day(since),
            }],
            ratings: Default::default(),
            rhythm: RhythmProgress::default(),
            created: Timestamp(0),
            updated: Timestamp(0),
        }
    }

    #[test]
    fn applied_a_week_later_then_weekly_three_times() {
        let rules = RhythmRules::default();
        let mut job = application(Stage::Applied, "2026-11-02");
        let first = next_follow_up(&job, &rules).unwrap();
        assert_eq!((first.due, first.step, first.of), (day("2026-11-09"), 1, 3));
        // Done late: the next counts from when it was done.
        job.rhythm = RhythmProgress {
            done: 1,
            last_done: Some(day("2026-11-11")),
        };
        assert_eq!(next_follow_up(&job, &rules).unwrap().due, day("2026-11-18"));
        job.rhythm.done = 3;
        assert_eq!(
            next_follow_up(&job, &rules),
            None,
            "three times, then quiet"
        );
    }

    #[test]
    fn interview_next_day_once_and_offer_on_the_decision_date() {
        let rules = RhythmRules::default();
        let mut job = application(Stage::Interviewing, "2026-11-20");
        let item = next_follow_up(&job, &rules).unwrap();
        assert_eq!(item.due, day("2026-11-21"));
        assert_eq!(item.what, "Send a thank-you note");
        job.rhythm.done = 1;
        job.rhythm.last_done = Some(day("2026-11-21"));
        assert_eq!(next_follow_up(&job, &rules), None);
        let mut offer = application(Stage::Offer, "2026-11-20");
        assert_eq!(next_follow_up(&offer, &rules), None, "no decision date yet");
        offer.fields.decision_date = Some(day("2026-12-01"));
        assert_eq!(
            next_follow_up(&offer, &rules).unwrap().due,
            day("2026-12-01")
        );
        assert_eq!(
            next_follow_up(&application(Stage::Screening, "2026-11-20"), &rules),
            None
        );
        assert_eq!(
            next_follow_up(&application(Stage::Rejected, "2026-11-20"), &rules),
            None
        );
    }

    #[test]
    fn rules_read_and_write_as_text() {
        let rule = RhythmRule::parse(Stage::Applied, "after 7 every 7 times 3: Nudge")
            .unwrap()
            .unwrap();
        assert_eq!(rule.start, RhythmStart::AfterDays(7));
        assert_eq!(
            (rule.every_days, rule.times, rule.what.as_str()),
            (7, 3, "Nudge")
        );
        assert_eq!(
            RhythmRule::parse(Stage::Applied, &rule.describe())
                .unwrap()
                .unwrap(),
            rule
        );
        assert_eq!(RhythmRule::parse(Stage::Offer, "none").unwrap(), None);
        let offer = RhythmRule::parse(Stage::Offer, "decision")
            .unwrap()
            .unwrap();
        assert_eq!(offer.what, "Decide on the offer");
        for bad in [
            "every 7",
            "after",
            "after x",
            "after 7 times 0",
            "after 7 every 0",
            "soon",
            "after 9999",
        ] {
            assert!(RhythmRule::parse(Stage::Applied, bad).is_err(), "{bad}");
        }
        assert_eq!(
            rule.sentence(),
            "7 days later, then every 7 days — 3 times in all"
        );
    }

    proptest! {
        #[test]
        fn follow_ups_never_exceed_the_count_and_never_go_back(
            first in 0u32..60, every in 1u32..60, times in 1u32..8, delays in proptest::collection::vec(0u64..20, 0..10)
        ) {
            let mut rules = RhythmRules::default();
            rules.set(Stage::Applied, Some(RhythmRule {
                stage: Stage::Applied, start: RhythmStart::AfterDays(first), every_days: every, times, what: "x".into(),
            }));
            let mut job = application(Stage::Applied, "2026-01-01");
            let mut seen = 0;
            let mut previous = day("2026-01-01");
            for delay in delays.iter().chain(std::iter::repeat_n(&0, 10)) {
                let Some(item) = next_follow_up(&job, &rules) else { break };
                prop_assert!(item.due >= previous);
                prop_assert_eq!(item.step, seen + 1);
                let done_on = item.due.checked_add_days(Days::new(*delay)).unwrap();
                job.rhythm = RhythmProgress { done: job.rhythm.done + 1, last_done: Some(done_on) };
                previous = done_on;
                seen += 1;
            }
            prop_assert_eq!(seen, times);
        }
    }
}
