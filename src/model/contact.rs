//! The contact record: who a person is to the user, and the rules for what a valid
//! contact looks like. Derived figures (last touch, reciprocity, next due) live in
//! [`super::ContactStats`] and the store's read model, not here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validation::{FieldErrors, is_forbidden_control, trimmed_limited};
use super::{ContactId, Timestamp, validate_email};

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Largest notes text, in bytes (UTF-8).
pub const MAX_NOTES_BYTES: usize = 100 * 1024;
/// Longest one-line field (organization, title, tag, phone, link…), in characters.
const MAX_LINE_CHARS: usize = 500;
/// Longest "how we met" / "what I have shared" note, in characters.
const MAX_SHORT_NOTE_CHARS: usize = 5_000;
/// Longest keep-in-touch cadence: ten years.
const MAX_CADENCE_DAYS: u32 = 3_650;

/// Whether a contact works with the user (inside the current employer) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Circle {
    Internal,
    #[default]
    External,
}

impl Circle {
    pub fn label(self) -> &'static str {
        match self {
            Circle::Internal => "Internal",
            Circle::External => "External",
        }
    }
}

/// How far the user trusts an internal contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Trust {
    #[default]
    Guarded,
    Trusted,
    Confidant,
}

impl Trust {
    pub const ALL: [Trust; 3] = [Trust::Guarded, Trust::Trusted, Trust::Confidant];

    pub fn label(self) -> &'static str {
        match self {
            Trust::Guarded => "Guarded",
            Trust::Trusted => "Trusted",
            Trust::Confidant => "Confidant",
        }
    }
}

/// Who may hear what: which reminder emails, if any, may be drafted for a contact.
/// Ordered from most to least open; a template declares the lowest level it may go to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Discretion {
    /// Nothing is ever drafted for them.
    MustNotKnow,
    /// Sees the user's capabilities, never a word about a search (the default outside).
    #[default]
    CapabilitiesOnly,
    /// Knows the user is looking.
    KnowsLooking,
}

impl Discretion {
    pub const ALL: [Discretion; 3] = [
        Discretion::KnowsLooking,
        Discretion::CapabilitiesOnly,
        Discretion::MustNotKnow,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Discretion::KnowsLooking => "Knows I'm looking",
            Discretion::CapabilitiesOnly => "Sees my capabilities only",
            Discretion::MustNotKnow => "Must not know",
        }
    }

    /// The word used on the command line and in settings.
    pub fn code(self) -> &'static str {
        match self {
            Discretion::KnowsLooking => "knows",
            Discretion::CapabilitiesOnly => "capabilities",
            Discretion::MustNotKnow => "never",
        }
    }

    pub fn parse(text: &str) -> Option<Discretion> {
        Discretion::ALL
            .into_iter()
            .find(|d| d.code().eq_ignore_ascii_case(text.trim()))
    }

    /// The level a contact gets when the user has not chosen one: anyone inside, or
    /// anyone at the employer (by email domain or organization), must not know.
    pub fn default_for(fields: &ContactFields, employer: &super::Employer) -> Discretion {
        if fields.circle == Circle::Internal || employer.includes(fields) {
            Discretion::MustNotKnow
        } else {
            Discretion::CapabilitiesOnly
        }
    }
}

/// Everything the user types about a contact. `validate` trims and checks it; the
/// store keeps only validated fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContactFields {
    pub name: String,
    /// Email addresses; the first one is the primary address.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organization: String,
    pub title: String,
    pub how_we_met: String,
    pub tags: Vec<String>,
    pub circle: Circle,
    /// Only meaningful for internal contacts; cleared for external ones.
    pub trust: Option<Trust>,
    /// What the user has shared with this person (for internal contacts above all).
    pub shared_note: String,
    /// Keep-in-touch cadence in days; `None` means "no reminders".
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub links: Vec<String>,
    /// Which reminder emails may be drafted; `None` until chosen, when the store fills
    /// in [`Discretion::default_for`].
    pub discretion: Option<Discretion>,
    /// Approved without asking: drafts for this contact go out with `remind --send`.
    pub auto_send: bool,
    /// When the user met or connected with them (e.g. LinkedIn's "Connected On"). Not a
    /// touchpoint: it never resets the keep-in-touch clock.
    pub met_on: Option<NaiveDate>,
    /// Companies they worked at before (warm paths reach there too).
    #[serde(default)]
    pub formerly_at: Vec<String>,
}

impl ContactFields {
    /// The primary email address, if any.
    pub fn primary_email(&self) -> Option<&str> {
        self.emails.first().map(String::as_str)
    }

    /// Trims every field, checks every rule, and returns the normalised fields or every
    /// problem found (each naming its field).
    pub fn validate(&self) -> Result<ContactFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = trimmed_limited(&mut errors, "name", &self.name, MAX_NAME_CHARS);
        if name.is_empty() {
            errors.push("name", "name: required");
        }
        if name.contains(['\n', '\r']) {
            errors.push("name", "name: must be on one line");
        }
        let emails = validate_emails(&mut errors, &self.emails);
        if let Some(met) = self.met_on {
            use chrono::Datelike;
            if !super::DATE_YEARS.contains(&met.year()) {
                errors.push(
                    "met_on",
                    format!(
                        "met_on: {met} is outside the years {} to {}",
                        super::DATE_YEARS.start(),
                        super::DATE_YEARS.end()
                    ),
                );
            }
        }
        let phones = clean_list(&mut errors, "phone", &self.phones);
        for phone in &phones {
            if !phone.chars().any(|c| c.is_ascii_digit()) {
                errors.push("phone", format!("phone '{phone}': has no digits"));
            }
        }
        let organization = trimmed_limited(
            &mut errors,
            "organization",
            &self.organization,
            MAX_LINE_CHARS,
        );
        let title = trimmed_limited(&mut errors, "title", &self.title, MAX_LINE_CHARS);
        let how_we_met = trimmed_limited(
            &mut errors,
            "how_we_met",
            &self.how_we_met,
            MAX_SHORT_NOTE_CHARS,
        );
        let tags = clean_tags(&mut errors, &self.tags);
        let shared_note = trimmed_limited(
            &mut errors,
            "shared_note",
            &self.shared_note,
            MAX_SHORT_NOTE_CHARS,
        );
        if let Some(days) = self.cadence_days
            && !(1..=MAX_CADENCE_DAYS).contains(&days)
        {
            errors.push(
                "cadence",
                format!("cadence: {days} days is out of range (1 to {MAX_CADENCE_DAYS})"),
            );
        }
        let notes = self.notes.trim_end().to_string();
        if notes.len() > MAX_NOTES_BYTES {
            errors.push(
                "notes",
                format!(
                    "notes: too long ({} KB, at most {} KB)",
                    notes.len() / 1024,
                    MAX_NOTES_BYTES / 1024
                ),
            );
        }
        if notes.chars().any(is_forbidden_control) {
            errors.push("notes", "notes: contains a control character");
        }
        let links = clean_list(&mut errors, "link", &self.links);
        let formerly_at = clean_list(&mut errors, "formerly_at", &self.formerly_at);
        let trust = match self.circle {
            Circle::Internal => Some(self.trust.unwrap_or_default()),
            Circle::External => None,
        };
        errors.into_result(ContactFields {
            name,
            emails,
            phones,
            organization,
            title,
            how_we_met,
            tags,
            circle: self.circle,
            trust,
            shared_note,
            cadence_days: self.cadence_days,
            notes,
            links,
            discretion: self.discretion,
            auto_send: self.auto_send,
            met_on: self.met_on,
            formerly_at,
        })
    }
}

/// At most this many entries in one list (emails, phones, tags, links, past
/// employers): a person has a handful; a file with thousands is not a contact.
pub const MAX_LIST_ITEMS: usize = 200;

/// The first [`MAX_LIST_ITEMS`] of `items`, with an error naming the field when there
/// are more (so checking a huge list costs no more than checking a full one).
fn capped<'a>(errors: &mut FieldErrors, field: &'static str, items: &'a [String]) -> &'a [String] {
    let given = items.iter().filter(|i| !i.trim().is_empty()).count();
    if given > MAX_LIST_ITEMS {
        errors.push(
            field,
            format!("{field}: at most {MAX_LIST_ITEMS} per contact ({given} given)"),
        );
        return &items[..MAX_LIST_ITEMS.min(items.len())];
    }
    items
}

fn validate_emails(errors: &mut FieldErrors, emails: &[String]) -> Vec<String> {
    let mut valid: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for raw in capped(errors, "email", emails) {
        if raw.trim().is_empty() {
            continue;
        }
        match validate_email(raw) {
            Ok(address) => {
                if seen.insert(address.to_ascii_lowercase()) {
                    valid.push(address);
                }
            }
            Err(reason) => errors.push("email", format!("email '{}': {reason}", raw.trim())),
        }
    }
    valid
}

/// Trims the entries of a list, drops empty ones and duplicates, and checks lengths.
fn clean_list(errors: &mut FieldErrors, field: &'static str, items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for item in capped(errors, field, items) {
        let item = trimmed_limited(errors, field, item, MAX_LINE_CHARS);
        if !item.is_empty() && seen.insert(item.clone()) {
            out.push(item);
        }
    }
    out
}

/// Tags are trimmed, inner whitespace collapsed, compared without case, and kept in the
/// order first given.
fn clean_tags(errors: &mut FieldErrors, tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for tag in capped(errors, "tag", tags) {
        let tag = trimmed_limited(errors, "tag", tag, MAX_LINE_CHARS);
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        if !tag.is_empty() && seen.insert(tag.to_lowercase()) {
            out.push(tag);
        }
    }
    out
}

/// A stored contact: validated fields plus the state the user changes by acting on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub fields: ContactFields,
    pub archived: bool,
    /// Snooze: the contact is not due before this date (no touch is invented).
    pub snoozed_until: Option<NaiveDate>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

impl Contact {
    /// The local date the contact was added; a contact never touched is due from then.
    pub fn added_on(&self) -> NaiveDate {
        self.created.local_date()
    }

    /// Where the keep-in-touch clock of a contact never touched starts: the day it was
    /// added or the day the user met them, whichever is later (an import's "connected
    /// on" years ago is not a touch and does not make everyone due at once).
    pub fn clock_start(&self) -> NaiveDate {
        self.fields
            .met_on
            .map_or(self.added_on(), |met| met.max(self.added_on()))
    }

    /// Whether the contact carries `tag` (compared without case).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.fields.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_met_on_date_outside_the_typed_range_is_refused_from_any_source() {
        let mut f = fields("Ada");
        f.met_on = chrono::NaiveDate::from_ymd_opt(1850, 1, 1);
        let errors = f.validate().unwrap_err();
        assert!(
            errors
                .for_field("met_on")
                .is_some_and(|e| e.contains("1900"))
        );
        f.met_on = chrono::NaiveDate::from_ymd_opt(2026, 3, 1);
        assert!(f.validate().is_ok());
    }

    fn fields(name: &str) -> ContactFields {
        ContactFields {
            name: name.into(),
            ..ContactFields::default()
        }
    }

    #[test]
    fn name_is_required_trimmed_and_limited() {
        let errors = fields("   ").validate().unwrap_err();
        assert_eq!(errors.for_field("name"), Some("name: required"));
        assert_eq!(
            fields("  Ada Lovelace ").validate().unwrap().name,
            "Ada Lovelace"
        );
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(
            fields(&long)
                .validate()
                .unwrap_err()
                .for_field("name")
                .unwrap()
                .contains("too long")
        );
        let exact = "é".repeat(MAX_NAME_CHARS);
        assert!(
            fields(&exact).validate().is_ok(),
            "the limit counts characters, not bytes"
        );
    }

    #[test]
    fn every_bad_email_is_named() {
        let mut f = fields("Bob");
        f.emails = vec![
            "bob@".into(),
            "ok@example.com".into(),
            "nope".into(),
            " ".into(),
        ];
        let errors = f.validate().unwrap_err();
        let messages: Vec<_> = errors.0.iter().map(|e| e.message.clone()).collect();
        assert_eq!(
            messages,
            vec!["email 'bob@': missing domain", "email 'nope': missing '@'"]
        );
    }

    #[test]
    fn emails_deduplicate_and_the_first_is_primary() {
        let mut f = fields("Bob");
        f.emails = vec![
            "b@Example.com".into(),
            "B@example.COM".into(),
            "c@example.com".into(),
        ];
        let valid = f.validate().unwrap();
        assert_eq!(valid.emails, vec!["b@example.com", "c@example.com"]);
        assert_eq!(valid.primary_email(), Some("b@example.com"));
    }

    #[test]
    fn lists_are_capped_with_the_field_named() {
        let fields = ContactFields {
            name: "Ada".into(),
            tags: (0..40_000).map(|i| format!("tag {i}")).collect(),
            ..ContactFields::default()
        };
        let errors = fields.validate().unwrap_err();
        let message = errors.for_field("tag").unwrap();
        assert!(message.contains("at most 200"), "{message}");
        assert!(message.contains("40000 given"), "{message}");
    }

    #[test]
    fn tags_are_cleaned_and_deduplicated_without_case() {
        let mut f = fields("Bob");
        f.tags = vec![
            " peer  group ".into(),
            "Peer Group".into(),
            "".into(),
            "recruiter".into(),
        ];
        assert_eq!(f.validate().unwrap().tags, vec!["peer group", "recruiter"]);
    }

    #[test]
    fn trust_only_for_internal_contacts() {
        let mut f = fields("Bob");
        f.trust = Some(Trust::Confidant);
        assert_eq!(f.validate().unwrap().trust, None);
        f.circle = Circle::Internal;
        assert_eq!(f.validate().unwrap().trust, Some(Trust::Confidant));
        f.trust = None;
        assert_eq!(f.validate().unwrap().trust, Some(Trust::Guarded));
    }

    #[test]
    fn notes_are_limited_to_100_kb() {
        let mut f = fields("Bob");
        f.notes = "a".repeat(MAX_NOTES_BYTES);
        assert!(f.validate().is_ok());
        f.notes.push('b');
        assert!(f.validate().unwrap_err().for_field("notes").is_some());
    }

    #[test]
    fn cadence_must_be_in_range() {
        let mut f = fields("Bob");
        f.cadence_days = Some(0);
        assert!(f.validate().unwrap_err().for_field("cadence").is_some());
        f.cadence_days = Some(30);
        assert!(f.validate().is_ok());
    }

    #[test]
    fn control_characters_are_refused() {
        let f = fields("Bo\u{0007}b");
        assert!(f.validate().unwrap_err().for_field("name").is_some());
    }
}
