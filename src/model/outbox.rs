//! The outbox: every email exitplan drafts or sends, and the rules for moving one from
//! state to state. Exactly once, from the user's point of view, rests on two facts kept
//! here: the Message-ID is fixed when the entry is made (before any SMTP conversation),
//! and an entry found in `Sending` when nothing is sending becomes `NeedsReview` — it may
//! have gone out, so only the user can say.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validation::FieldErrors;
use super::{CapabilityId, ContactId, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OutboxId(pub u64);

impl std::fmt::Display for OutboxId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where an email is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OutboxStatus {
    /// Written, waiting for the user to read and approve it.
    Draft,
    /// Approved: the next send run sends it.
    Approved,
    /// Handed to the SMTP server right now (or a run stopped in the middle).
    Sending,
    Sent,
    /// The last attempt failed; kept with the server's words, retried with backoff
    /// while attempts remain.
    Failed,
    Discarded,
    /// A send was interrupted after it began: it may have been sent.
    NeedsReview,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 7] = [
        OutboxStatus::Draft,
        OutboxStatus::Approved,
        OutboxStatus::Sending,
        OutboxStatus::Sent,
        OutboxStatus::Failed,
        OutboxStatus::Discarded,
        OutboxStatus::NeedsReview,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OutboxStatus::Draft => "draft",
            OutboxStatus::Approved => "approved",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
            OutboxStatus::Discarded => "discarded",
            OutboxStatus::NeedsReview => "needs-review",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OutboxStatus::Draft => "Draft",
            OutboxStatus::Approved => "Approved",
            OutboxStatus::Sending => "Sending",
            OutboxStatus::Sent => "Sent",
            OutboxStatus::Failed => "Failed",
            OutboxStatus::Discarded => "Discarded",
            OutboxStatus::NeedsReview => "Needs review",
        }
    }

    pub fn parse(text: &str) -> Option<OutboxStatus> {
        let text = text.trim().to_lowercase().replace('_', "-");
        OutboxStatus::ALL.into_iter().find(|s| s.code() == text)
    }

    /// Still waiting on the user or on a send: a contact with one gets no new draft.
    pub fn is_open(self) -> bool {
        !matches!(self, OutboxStatus::Sent | OutboxStatus::Discarded)
    }
}

/// What an outbox entry is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxKind {
    /// A reminder to a contact, for the due period that ends on `due`.
    Reminder {
        contact: ContactId,
        due: NaiveDate,
        template: String,
        highlight: Option<CapabilityId>,
    },
    /// The user's own digest for `day`.
    Digest { day: NaiveDate },
}

/// One email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: OutboxId,
    pub kind: OutboxKind,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// Chosen when the entry is made, stored before any SMTP conversation.
    pub message_id: String,
    pub status: OutboxStatus,
    /// The user approved it despite discretion warnings.
    pub lint_override: bool,
    /// Send attempts so far.
    pub attempts: u32,
    /// The server's (or the network's) words from the last failure.
    pub last_error: Option<String>,
    /// Not retried before this moment.
    pub retry_after: Option<Timestamp>,
    pub sent_at: Option<Timestamp>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

/// At most this many attempts before a failed email waits for the user.
pub const MAX_SEND_ATTEMPTS: u32 = 5;

/// Wait before retry number `attempts` (1-based): 5 min, 20 min, 80 min, 5 h 20 min.
pub fn retry_delay_ms(attempts: u32) -> i64 {
    let factor = 4_i64.saturating_pow(attempts.saturating_sub(1));
    factor.saturating_mul(5 * 60 * 1000)
}

impl OutboxEntry {
    pub fn contact(&self) -> Option<ContactId> {
        match self.kind {
            OutboxKind::Reminder { contact, .. } => Some(contact),
            OutboxKind::Digest { .. } => None,
        }
    }

    /// After this entry came back from an earlier copy (a snapshot or a backup made
    /// `copy`): an email a send run could pick up may have gone out after that copy was
    /// made, so it waits under Needs review instead of going out again. Returns whether
    /// it was held.
    pub fn hold_after_restore(&mut self, copy: &str) -> bool {
        let could_go_out = match self.status {
            OutboxStatus::Approved | OutboxStatus::Sending => true,
            OutboxStatus::Failed => self.attempts < MAX_SEND_ATTEMPTS && self.retry_after.is_some(),
            _ => false,
        };
        if could_go_out {
            self.status = OutboxStatus::NeedsReview;
            self.last_error = Some(format!(
                "restored from {copy}: it may have been sent after that copy was made — look in your Sent folder, then say whether it went out"
            ));
        }
        could_go_out
    }

    /// Whether a send run should pick it up at `now`.
    pub fn ready_to_send(&self, now: Timestamp) -> bool {
        match self.status {
            OutboxStatus::Approved => true,
            OutboxStatus::Failed => {
                self.attempts < MAX_SEND_ATTEMPTS && self.retry_after.is_some_and(|at| at <= now)
            }
            _ => false,
        }
    }

    /// Whether the user may still change the words.
    pub fn editable(&self) -> bool {
        matches!(
            self.status,
            OutboxStatus::Draft | OutboxStatus::Approved | OutboxStatus::Failed
        )
    }
}

/// Checks an edited subject and body: one-line subject without control characters
/// (CR/LF would inject headers), sensible sizes.
pub fn validate_message(subject: &str, body: &str) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let subject_trimmed = subject.trim();
    if subject_trimmed.is_empty() {
        errors.push("subject", "subject: required");
    }
    if subject_trimmed.chars().any(char::is_control) {
        errors.push(
            "subject",
            "subject: must be one line (line breaks or control characters could add mail headers)",
        );
    }
    if subject_trimmed.chars().count() > 300 {
        errors.push("subject", "subject: too long (at most 300 characters)");
    }
    let body_trimmed = body.trim_end();
    if body_trimmed.trim().is_empty() {
        errors.push("body", "body: required");
    }
    if body_trimmed.len() > 100 * 1024 {
        errors.push("body", "body: too long (at most 100 KB)");
    }
    if body_trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    {
        errors.push("body", "body: contains a control character");
    }
    errors.into_result((subject_trimmed.to_string(), body_trimmed.to_string()))
}

/// A Message-ID in the sender's domain. Recipients can read it, so it names nothing
/// but numbers: not the app, not the plan.
pub fn message_id_for(id: OutboxId, created: Timestamp, from_address: &str) -> String {
    let domain = from_address
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d);
    let salt = fastrand::u64(..);
    format!("<{}.{}.{salt:016x}@{domain}>", created.0, id.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_with_line_breaks_are_refused() {
        assert!(validate_message("Hello\r\nBcc: all@example.com", "Body").is_err());
        assert!(validate_message("Hello", "Body").is_ok());
        assert!(validate_message("", "Body").is_err());
        assert!(validate_message("Hi", "  ").is_err());
    }

    #[test]
    fn backoff_grows_and_stops() {
        assert_eq!(retry_delay_ms(1), 300_000);
        assert_eq!(retry_delay_ms(2), 1_200_000);
        assert!(retry_delay_ms(40) > 0);
        let mut entry = OutboxEntry {
            id: OutboxId(1),
            kind: OutboxKind::Digest {
                day: NaiveDate::MIN,
            },
            to_name: String::new(),
            to_address: "a@b.example".into(),
            subject: "s".into(),
            body: "b".into(),
            message_id: "<x@y>".into(),
            status: OutboxStatus::Failed,
            lint_override: false,
            attempts: 1,
            last_error: Some("451".into()),
            retry_after: Some(Timestamp(1_000)),
            sent_at: None,
            created: Timestamp(0),
            updated: Timestamp(0),
        };
        assert!(!entry.ready_to_send(Timestamp(999)));
        assert!(entry.ready_to_send(Timestamp(1_000)));
        entry.attempts = MAX_SEND_ATTEMPTS;
        assert!(!entry.ready_to_send(Timestamp(10_000)));
        entry.status = OutboxStatus::Sending;
        assert!(!entry.ready_to_send(Timestamp(10_000)));
    }

    #[test]
    fn message_ids_are_angle_bracketed_in_the_sender_domain() {
        let id = message_id_for(OutboxId(7), Timestamp(5), "me@personal.example");
        assert!(id.starts_with("<5.7."), "{id}");
        assert!(!id.contains("exitplan"));
        assert!(id.ends_with("@personal.example>"));
    }
}
