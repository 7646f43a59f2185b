//! Touchpoints: one moment of contact with one or more people, which way support
//! flowed, and an optional follow-up.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::validation::{FieldErrors, trimmed_limited};
use super::{ContactId, Timestamp};

/// Longest summary, in characters.
const MAX_SUMMARY_CHARS: usize = 10_000;
/// Longest follow-up note, in characters.
const MAX_FOLLOW_UP_CHARS: usize = 1_000;

/// How the user and the contact were in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TouchpointKind {
    Email,
    Call,
    Coffee,
    Meeting,
    Event,
    Message,
    SocialComment,
    Intro,
    Other,
}

impl TouchpointKind {
    pub const ALL: [TouchpointKind; 9] = [
        TouchpointKind::Email,
        TouchpointKind::Call,
        TouchpointKind::Coffee,
        TouchpointKind::Meeting,
        TouchpointKind::Event,
        TouchpointKind::Message,
        TouchpointKind::SocialComment,
        TouchpointKind::Intro,
        TouchpointKind::Other,
    ];

    /// The word used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            TouchpointKind::Email => "email",
            TouchpointKind::Call => "call",
            TouchpointKind::Coffee => "coffee",
            TouchpointKind::Meeting => "meeting",
            TouchpointKind::Event => "event",
            TouchpointKind::Message => "message",
            TouchpointKind::SocialComment => "social-comment",
            TouchpointKind::Intro => "intro",
            TouchpointKind::Other => "other",
        }
    }

    /// The words shown in the window.
    pub fn label(self) -> &'static str {
        match self {
            TouchpointKind::Email => "Email",
            TouchpointKind::Call => "Call",
            TouchpointKind::Coffee => "Coffee",
            TouchpointKind::Meeting => "Meeting",
            TouchpointKind::Event => "Event / seminar",
            TouchpointKind::Message => "Message",
            TouchpointKind::SocialComment => "Social comment",
            TouchpointKind::Intro => "Intro",
            TouchpointKind::Other => "Other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace('_', "-");
        let key = match key.as_str() {
            "seminar" => "event",
            "comment" | "social" => "social-comment",
            other => other,
        }
        .to_string();
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// A small dense number for index keys.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Which way support flowed in a touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Direction {
    /// The user gave support (advice, an intro, a favour).
    Gave,
    /// The user received support.
    Received,
    /// Both ways.
    Mutual,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::Gave, Direction::Received, Direction::Mutual];

    pub fn key(self) -> &'static str {
        match self {
            Direction::Gave => "gave",
            Direction::Received => "received",
            Direction::Mutual => "mutual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::Gave => "Gave support",
            Direction::Received => "Received support",
            Direction::Mutual => "Mutual",
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Something to do after a touchpoint, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub due: NaiveDate,
    pub what: String,
    pub done: bool,
}

/// What the user enters to log a touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchpointFields {
    pub contacts: Vec<ContactId>,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub kind: TouchpointKind,
    pub direction: Direction,
    pub summary: String,
    pub follow_up: Option<FollowUp>,
}

impl TouchpointFields {
    /// Checks the fields against `today` (a touchpoint is something that happened, so it
    /// cannot be in the future) and returns them trimmed, or every problem found.
    pub fn validate(&self, today: NaiveDate) -> Result<TouchpointFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut contacts = Vec::with_capacity(self.contacts.len());
        for id in &self.contacts {
            if !contacts.contains(id) {
                contacts.push(*id);
            }
        }
        if contacts.is_empty() {
            errors.push("contacts", "contacts: choose at least one contact");
        }
        if self.date > today {
            errors.push(
                "date",
                format!(
                    "date: {} is in the future; log a touchpoint once it happened",
                    self.date
                ),
            );
        }
        let summary = trimmed_limited(&mut errors, "summary", &self.summary, MAX_SUMMARY_CHARS);
        if summary.is_empty() {
            errors.push(
                "summary",
                "summary: required (a few words on what happened)",
            );
        }
        let follow_up = self.follow_up.as_ref().map(|f| {
            let what = trimmed_limited(&mut errors, "follow_up", &f.what, MAX_FOLLOW_UP_CHARS);
            if what.is_empty() {
                errors.push("follow_up", "follow up: say what to do");
            }
            FollowUp {
                due: f.due,
                what,
                done: f.done,
            }
        });
        errors.into_result(TouchpointFields {
            contacts,
            date: self.date,
            time: self.time,
            kind: self.kind,
            direction: self.direction,
            summary,
            follow_up,
        })
    }

    /// Sort key within a day: the time if given, else the start of the day.
    pub fn time_key(&self) -> i64 {
        time_key(self.date, self.time)
    }
}

/// A key that orders touchpoints by local date and time (seconds since 0001-01-01).
pub fn time_key(date: NaiveDate, time: Option<NaiveTime>) -> i64 {
    use chrono::{Datelike, Timelike};
    let day = i64::from(date.num_days_from_ce());
    let secs = time.map_or(0, |t| i64::from(t.num_seconds_from_midnight()));
    day * 86_400 + secs
}

/// A stored touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touchpoint {
    pub id: super::TouchpointId,
    pub fields: TouchpointFields,
    pub created: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn base() -> TouchpointFields {
        TouchpointFields {
            contacts: vec![ContactId(1)],
            date: day("2026-11-20"),
            time: None,
            kind: TouchpointKind::Coffee,
            direction: Direction::Mutual,
            summary: " Coffee at the conference ".into(),
            follow_up: None,
        }
    }

    #[test]
    fn valid_touchpoint_is_trimmed() {
        let valid = base().validate(day("2026-11-24")).unwrap();
        assert_eq!(valid.summary, "Coffee at the conference");
    }

    #[test]
    fn future_dates_missing_contacts_and_empty_summaries_are_named() {
        let mut t = base();
        t.contacts.clear();
        t.date = day("2026-12-01");
        t.summary = "  ".into();
        let errors = t.validate(day("2026-11-24")).unwrap_err();
        assert!(errors.for_field("contacts").is_some());
        assert!(errors.for_field("date").unwrap().contains("in the future"));
        assert!(errors.for_field("summary").is_some());
    }

    #[test]
    fn follow_up_needs_words_and_contacts_are_deduplicated() {
        let mut t = base();
        t.contacts = vec![ContactId(1), ContactId(1), ContactId(2)];
        t.follow_up = Some(FollowUp {
            due: day("2026-12-01"),
            what: " ".into(),
            done: false,
        });
        assert!(
            t.validate(day("2026-11-24"))
                .unwrap_err()
                .for_field("follow_up")
                .is_some()
        );
        t.follow_up.as_mut().unwrap().what = "send the deck".into();
        assert_eq!(
            t.validate(day("2026-11-24")).unwrap().contacts,
            vec![ContactId(1), ContactId(2)]
        );
    }

    #[test]
    fn kinds_parse_from_their_keys_and_aliases() {
        for kind in TouchpointKind::ALL {
            assert_eq!(TouchpointKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(
            TouchpointKind::from_key("Seminar"),
            Some(TouchpointKind::Event)
        );
        assert_eq!(
            TouchpointKind::from_key("social_comment"),
            Some(TouchpointKind::SocialComment)
        );
        assert_eq!(TouchpointKind::from_key("fax"), None);
    }

    #[test]
    fn time_key_orders_by_date_then_time() {
        let morning = time_key(day("2026-01-02"), NaiveTime::from_hms_opt(9, 0, 0));
        let no_time = time_key(day("2026-01-02"), None);
        let day_before = time_key(day("2026-01-01"), NaiveTime::from_hms_opt(23, 59, 59));
        assert!(day_before < no_time && no_time < morning);
    }
}
