//! Cadence and due dates, and the per-contact figures derived from touchpoints.
//!
//! The rule (counted from the last real touch, never from a fixed calendar):
//! a contact with a cadence is due when `last touch + cadence <= today`; a contact never
//! touched is first due one cadence after it was added (or met); a snooze moves the next due date forward
//! without inventing a touch; a contact without a cadence, or archived, is never due.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Direction;

/// How support has flowed with one contact, counted over all touchpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reciprocity {
    pub gave: u32,
    pub received: u32,
    pub mutual: u32,
}

impl Reciprocity {
    pub fn count(&mut self, direction: Direction) {
        match direction {
            Direction::Gave => self.gave += 1,
            Direction::Received => self.received += 1,
            Direction::Mutual => self.mutual += 1,
        }
    }

    pub fn uncount(&mut self, direction: Direction) {
        match direction {
            Direction::Gave => self.gave = self.gave.saturating_sub(1),
            Direction::Received => self.received = self.received.saturating_sub(1),
            Direction::Mutual => self.mutual = self.mutual.saturating_sub(1),
        }
    }

    pub fn total(&self) -> u32 {
        self.gave + self.received + self.mutual
    }

    /// A plain-words reading of the balance, e.g. "you lean on them (received 5, gave 1)".
    pub fn summary(&self) -> String {
        if self.total() == 0 {
            return "no touchpoints yet".into();
        }
        let figures = format!(
            "gave {}, received {}, mutual {}",
            self.gave, self.received, self.mutual
        );
        let balance = i64::from(self.received) - i64::from(self.gave);
        if balance >= 2 {
            format!("you lean on them — {figures}")
        } else if balance <= -2 {
            format!("they lean on you — {figures}")
        } else {
            format!("balanced — {figures}")
        }
    }
}

/// Figures derived from a contact's touchpoints, kept up to date on every write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContactStats {
    /// Date of the most recent touchpoint.
    pub last_touch: Option<NaiveDate>,
    pub touchpoints: u32,
    pub reciprocity: Reciprocity,
}

/// The next date the contact is due, or `None` when it never is (no cadence, archived):
/// one cadence after the last touch, or — never touched — one cadence after `start`
/// (the day it was added or met, whichever is later), then moved on by a snooze.
pub fn next_due(
    cadence_days: Option<u32>,
    archived: bool,
    last_touch: Option<NaiveDate>,
    start: NaiveDate,
    snoozed_until: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if archived {
        return None;
    }
    let cadence = cadence_days?;
    let base = last_touch
        .unwrap_or(start)
        .checked_add_days(Days::new(u64::from(cadence)))
        .unwrap_or(NaiveDate::MAX);
    Some(match snoozed_until {
        Some(until) if until > base => until,
        _ => base,
    })
}

/// Whether a contact with this next due date is due on `today`.
pub fn is_due(next_due: Option<NaiveDate>, today: NaiveDate) -> bool {
    next_due.is_some_and(|due| due <= today)
}

/// Days past the due date (0 on the due date itself; negative before it).
pub fn days_overdue(next_due: NaiveDate, today: NaiveDate) -> i64 {
    (today - next_due).num_days()
}

/// What decides a contact's effective cadence besides its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CadenceRules {
    pub defaults: crate::model::CadenceDefaults,
    pub circles: crate::model::CircleCadences,
}

impl CadenceRules {
    pub fn of(settings: &crate::model::Settings) -> Self {
        Self {
            defaults: settings.cadence.clone(),
            circles: settings.circle_cadence.clone(),
        }
    }

    pub fn cadence_for(&self, contact: &super::Contact) -> Option<u32> {
        crate::model::effective_cadence(&contact.fields, &self.defaults, &self.circles)
    }
}

/// "due today", "1 day overdue", "12 days overdue".
pub fn overdue_words(days: i64) -> String {
    match days {
        ..=0 => "due today".into(),
        1 => "1 day overdue".into(),
        n => format!("{n} days overdue"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_when_last_touch_plus_cadence_is_today_or_past() {
        let added = day("2026-01-01");
        let due = next_due(Some(30), false, Some(day("2026-10-01")), added, None);
        assert_eq!(due, Some(day("2026-10-31")));
        assert!(!is_due(due, day("2026-10-30")));
        assert!(is_due(due, day("2026-10-31")));
        assert!(is_due(due, day("2026-11-24")));
        assert_eq!(days_overdue(due.unwrap(), day("2026-11-24")), 24);
    }

    #[test]
    fn never_touched_is_due_one_cadence_after_it_was_added() {
        let added = day("2026-11-24");
        let due = next_due(Some(90), false, None, added, None);
        assert_eq!(due, Some(day("2027-02-22")));
        assert!(!is_due(due, added), "not due the day it was added");
        assert!(is_due(due, day("2027-02-22")));
    }

    #[test]
    fn no_cadence_or_archived_is_never_due() {
        let added = day("2020-01-01");
        assert_eq!(next_due(None, false, None, added, None), None);
        assert_eq!(next_due(Some(7), true, None, added, None), None);
    }

    #[test]
    fn snooze_moves_the_due_date_forward_only() {
        let added = day("2026-01-01");
        let last = Some(day("2026-10-01"));
        let later = next_due(Some(30), false, last, added, Some(day("2026-12-15")));
        assert_eq!(later, Some(day("2026-12-15")));
        let earlier = next_due(Some(30), false, last, added, Some(day("2026-10-05")));
        assert_eq!(
            earlier,
            Some(day("2026-10-31")),
            "a snooze never brings a date forward"
        );
    }

    #[test]
    fn reciprocity_counts_and_reads_in_plain_words() {
        let mut r = Reciprocity::default();
        assert_eq!(r.summary(), "no touchpoints yet");
        for d in [
            Direction::Received,
            Direction::Received,
            Direction::Received,
            Direction::Mutual,
        ] {
            r.count(d);
        }
        assert_eq!(r.total(), 4);
        assert!(r.summary().starts_with("you lean on them"));
        r.uncount(Direction::Received);
        r.count(Direction::Gave);
        assert!(r.summary().starts_with("balanced"));
    }
}
