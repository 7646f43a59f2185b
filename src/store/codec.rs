//! The versioned record envelope: one version byte, then the record in postcard.
//!
//! A record's version changes when its Rust shape changes; `decode_*` reads every
//! version this binary has ever written and returns the current shape, so a file
//! half-way through a migration still reads.

use serde::{Deserialize, Serialize};

use crate::model::{
    Application, Contact, ContactFields, ContactId, ContactStats, Settings, SettingsV1, SettingsV2,
    Timestamp, Touchpoint,
};

/// Current envelope version of each record type.
pub const CONTACT_VERSION: u8 = 4;
/// Settings records: 2 adds circle cadences, the privacy screen and rhythms; 3 the
/// appearance.
pub const SETTINGS_VERSION: u8 = 3;
/// Applications: 2 adds the decision date and the rhythm progress.
pub const APPLICATION_VERSION: u8 = 2;
pub const TOUCHPOINT_VERSION: u8 = 1;
pub const STATS_VERSION: u8 = 1;

/// A record that could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("{record} {id}: {detail}")]
pub struct CodecError {
    pub record: &'static str,
    pub id: u64,
    pub detail: String,
}

/// The first byte of a checksummed envelope: `[CHECKED, crc32 (4 bytes, little
/// endian) of the rest, version, body…]`. Records written before checksums start with
/// their version (1 to a few), which never equals it; they are read as they are.
pub const CHECKED: u8 = 0xC5;

/// Every record written before checksums had a version below this.
const LEGACY_VERSIONS_BELOW: u8 = 0x20;

pub fn encode<T: Serialize>(version: u8, record: &T) -> Vec<u8> {
    // postcard only fails on writers that run out of room or on types it cannot express
    // (maps with non-string keys are fine); our records are plain structs.
    let body = postcard::to_stdvec(record).expect("records are plain serde structs");
    let mut bytes = Vec::with_capacity(body.len() + 6);
    bytes.push(CHECKED);
    bytes.extend_from_slice(&[0; 4]);
    bytes.push(version);
    bytes.extend_from_slice(&body);
    let crc = crc32fast::hash(&bytes[5..]);
    bytes[1..5].copy_from_slice(&crc.to_le_bytes());
    bytes
}

/// The record version an envelope holds (checksummed or not), without decoding it.
pub fn record_version(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [CHECKED, _, _, _, _, version, ..] => Some(*version),
        [version, ..] => Some(*version),
        [] => None,
    }
}

fn body<'a>(record: &'static str, id: u64, bytes: &'a [u8]) -> Result<(u8, &'a [u8]), CodecError> {
    let damaged = |why: &str| CodecError {
        record,
        id,
        detail: format!(
            "this record is damaged ({why}); nothing of it is shown rather than something altered — a daily snapshot may have it whole (exitplan snapshots list)"
        ),
    };
    match bytes {
        [CHECKED, rest @ ..] => {
            let Some((crc, checked)) = rest.split_first_chunk::<4>() else {
                return Err(damaged("it is cut short"));
            };
            if crc32fast::hash(checked) != u32::from_le_bytes(*crc) {
                return Err(damaged("its checksum does not match"));
            }
            match checked.split_first() {
                Some((version, body)) => Ok((*version, body)),
                None => Err(damaged("it is cut short")),
            }
        }
        // Written before checksums: the version comes first, and it was always small. A
        // larger first byte is a damaged mark (a flipped bit in `CHECKED`), not a
        // record from a newer exitplan, which would carry the mark.
        [version, body @ ..] if *version < LEGACY_VERSIONS_BELOW => Ok((*version, body)),
        [_, ..] => Err(damaged(
            "its first byte is neither the checksum mark nor a version",
        )),
        [] => Err(CodecError {
            record,
            id,
            detail: "empty record".into(),
        }),
    }
}

/// A decoded record must be the one its key names (a damaged key reads as another id).
fn keyed<T>(record: &'static str, key: u64, found: u64, value: T) -> Result<T, CodecError> {
    if key == found {
        Ok(value)
    } else {
        Err(CodecError {
            record,
            id: key,
            detail: format!(
                "this record is damaged (it is stored under {key} but says it is {found}); a daily snapshot may have it whole (exitplan snapshots list)"
            ),
        })
    }
}

fn parse<'a, T: Deserialize<'a>>(
    record: &'static str,
    id: u64,
    body: &'a [u8],
) -> Result<T, CodecError> {
    postcard::from_bytes(body).map_err(|e| CodecError {
        record,
        id,
        detail: format!("cannot be decoded ({e})"),
    })
}

fn unknown(record: &'static str, id: u64, version: u8) -> CodecError {
    CodecError {
        record,
        id,
        detail: format!("record version {version} is newer than this exitplan knows"),
    }
}

/// Contact as the first schema stored it: one optional email, no phones, no circle.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactV1 {
    pub id: u64,
    pub name: String,
    pub email: Option<String>,
    pub organization: String,
    pub tags: Vec<String>,
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub archived: bool,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl From<ContactV1> for Contact {
    fn from(old: ContactV1) -> Self {
        Contact {
            id: ContactId(old.id),
            fields: ContactFields {
                name: old.name,
                emails: old.email.into_iter().collect(),
                organization: old.organization,
                tags: old.tags,
                cadence_days: old.cadence_days,
                notes: old.notes,
                ..ContactFields::default()
            },
            archived: old.archived,
            snoozed_until: None,
            created: Timestamp(old.created_ms),
            updated: Timestamp(old.updated_ms),
        }
    }
}

/// Contact as schemas 2 and 3 stored it: before discretion levels and auto-send.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactV2 {
    pub id: ContactId,
    pub fields: ContactFieldsV2,
    pub archived: bool,
    pub snoozed_until: Option<chrono::NaiveDate>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactFieldsV2 {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organization: String,
    pub title: String,
    pub how_we_met: String,
    pub tags: Vec<String>,
    pub circle: crate::model::Circle,
    pub trust: Option<crate::model::Trust>,
    pub shared_note: String,
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub links: Vec<String>,
}

/// Schema 2 → 3 chains through record version 3: a contact of schemas 2 and 3 reads
/// as one of schema 4 would, then upgrades the same way.
impl From<ContactV2> for ContactV3 {
    fn from(old: ContactV2) -> Self {
        let f = old.fields;
        ContactV3 {
            id: old.id,
            fields: ContactFieldsV3 {
                name: f.name,
                emails: f.emails,
                phones: f.phones,
                organization: f.organization,
                title: f.title,
                how_we_met: f.how_we_met,
                tags: f.tags,
                circle: f.circle,
                trust: f.trust,
                shared_note: f.shared_note,
                cadence_days: f.cadence_days,
                notes: f.notes,
                links: f.links,
                // Chosen by the 3 → 4 migration (or on the next save).
                discretion: None,
                auto_send: false,
                met_on: None,
            },
            archived: old.archived,
            snoozed_until: old.snoozed_until,
            created: old.created,
            updated: old.updated,
        }
    }
}

impl From<ContactV2> for Contact {
    fn from(old: ContactV2) -> Self {
        ContactV3::from(old).into()
    }
}

/// Contact as schema 4 stored it (record version 3): before "formerly at".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactV3 {
    pub id: ContactId,
    pub fields: ContactFieldsV3,
    pub archived: bool,
    pub snoozed_until: Option<chrono::NaiveDate>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactFieldsV3 {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organization: String,
    pub title: String,
    pub how_we_met: String,
    pub tags: Vec<String>,
    pub circle: crate::model::Circle,
    pub trust: Option<crate::model::Trust>,
    pub shared_note: String,
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub links: Vec<String>,
    pub discretion: Option<crate::model::Discretion>,
    pub auto_send: bool,
    pub met_on: Option<chrono::NaiveDate>,
}

impl From<ContactV3> for Contact {
    fn from(old: ContactV3) -> Self {
        let f = old.fields;
        Contact {
            id: old.id,
            fields: ContactFields {
                name: f.name,
                emails: f.emails,
                phones: f.phones,
                organization: f.organization,
                title: f.title,
                how_we_met: f.how_we_met,
                tags: f.tags,
                circle: f.circle,
                trust: f.trust,
                shared_note: f.shared_note,
                cadence_days: f.cadence_days,
                notes: f.notes,
                links: f.links,
                discretion: f.discretion,
                auto_send: f.auto_send,
                met_on: f.met_on,
                formerly_at: Vec::new(),
            },
            archived: old.archived,
            snoozed_until: old.snoozed_until,
            created: old.created,
            updated: old.updated,
        }
    }
}

/// Application as record version 1 stored it: before the decision date and rhythms.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplicationV1 {
    pub id: crate::model::ApplicationId,
    pub fields: ApplicationFieldsV1,
    pub stage: crate::model::Stage,
    pub history: Vec<crate::model::StageChange>,
    pub ratings: std::collections::BTreeMap<crate::model::CriterionId, crate::model::Rating>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplicationFieldsV1 {
    pub company: String,
    pub role: String,
    pub link: String,
    pub source: String,
    pub contacts: Vec<(ContactId, crate::model::ContactRole)>,
    pub next_action: Option<crate::model::NextAction>,
    pub salary_min: Option<u32>,
    pub salary_max: Option<u32>,
    pub notes: String,
}

impl From<ApplicationV1> for Application {
    fn from(old: ApplicationV1) -> Self {
        let f = old.fields;
        Application {
            id: old.id,
            fields: crate::model::ApplicationFields {
                company: f.company,
                role: f.role,
                link: f.link,
                source: f.source,
                contacts: f.contacts,
                next_action: f.next_action,
                salary_min: f.salary_min,
                salary_max: f.salary_max,
                notes: f.notes,
                decision_date: None,
            },
            stage: old.stage,
            history: old.history,
            ratings: old.ratings,
            rhythm: crate::model::RhythmProgress::default(),
            created: old.created,
            updated: old.updated,
        }
    }
}

impl Versioned for Application {
    const VERSION: u8 = APPLICATION_VERSION;
    fn upgrade(
        record: &'static str,
        id: u64,
        version: u8,
        body: &[u8],
    ) -> Option<Result<Self, CodecError>> {
        (version == 1).then(|| parse::<ApplicationV1>(record, id, body).map(Application::from))
    }
}

impl Versioned for Settings {
    const VERSION: u8 = SETTINGS_VERSION;
    fn upgrade(
        record: &'static str,
        id: u64,
        version: u8,
        body: &[u8],
    ) -> Option<Result<Self, CodecError>> {
        match version {
            1 => Some(parse::<SettingsV1>(record, id, body).map(Settings::from)),
            2 => Some(parse::<SettingsV2>(record, id, body).map(Settings::from)),
            _ => None,
        }
    }
}

/// A record kept whole in one table row: its current envelope version and how to read
/// the versions before it.
pub trait Versioned: Serialize + serde::de::DeserializeOwned {
    const VERSION: u8 = 1;
    /// Reads an older version of the record, if `version` is one this binary wrote.
    fn upgrade(
        _record: &'static str,
        _id: u64,
        _version: u8,
        _body: &[u8],
    ) -> Option<Result<Self, CodecError>> {
        None
    }
}

macro_rules! first_version {
    ($($t:ty),* $(,)?) => { $(impl Versioned for $t {})* };
}

first_version!(
    crate::model::Criterion,
    crate::model::Capability,
    crate::model::Ask,
    crate::model::CheckIn,
    crate::model::EmailTemplate,
    crate::model::OutboxEntry,
    crate::model::Baseline,
    crate::model::draft::ContactMailState,
);

pub fn encode_contact(contact: &Contact) -> Vec<u8> {
    encode(CONTACT_VERSION, contact)
}

pub fn decode_contact(id: u64, bytes: &[u8]) -> Result<Contact, CodecError> {
    let contact: Contact = match body("contact", id, bytes)? {
        (1, body) => parse::<ContactV1>("contact", id, body).map(Contact::from),
        (2, body) => parse::<ContactV2>("contact", id, body).map(Contact::from),
        (3, body) => parse::<ContactV3>("contact", id, body).map(Contact::from),
        (4, body) => parse("contact", id, body),
        (version, _) => Err(unknown("contact", id, version)),
    }?;
    keyed("contact", id, contact.id.0, contact)
}

pub fn encode_touchpoint(touchpoint: &Touchpoint) -> Vec<u8> {
    encode(TOUCHPOINT_VERSION, touchpoint)
}

pub fn decode_touchpoint(id: u64, bytes: &[u8]) -> Result<Touchpoint, CodecError> {
    let touchpoint: Touchpoint = match body("touchpoint", id, bytes)? {
        (1, body) => parse("touchpoint", id, body),
        (version, _) => Err(unknown("touchpoint", id, version)),
    }?;
    keyed("touchpoint", id, touchpoint.id.0, touchpoint)
}

pub fn encode_stats(stats: &ContactStats) -> Vec<u8> {
    encode(STATS_VERSION, stats)
}

pub fn decode_stats(id: u64, bytes: &[u8]) -> Result<ContactStats, CodecError> {
    match body("contact statistics", id, bytes)? {
        (1, body) => parse("contact statistics", id, body),
        (version, _) => Err(unknown("contact statistics", id, version)),
    }
}

/// Encodes a whole-row record (the exit-plan records, settings, templates, the outbox)
/// in its current version.
pub fn encode_plan<T: Versioned>(record: &T) -> Vec<u8> {
    encode(T::VERSION, record)
}

/// Decodes a whole-row record of any version this binary wrote; `record` names it in
/// errors.
pub fn decode_plan<T: Versioned>(
    record: &'static str,
    id: u64,
    bytes: &[u8],
) -> Result<T, CodecError> {
    match body(record, id, bytes)? {
        (version, body) if version == T::VERSION => parse(record, id, body),
        (version, body) => T::upgrade(record, id, version, body)
            .unwrap_or_else(|| Err(unknown(record, id, version))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_one_contacts_read_as_current_contacts() {
        let old = ContactV1 {
            id: 7,
            name: "Ada".into(),
            email: Some("ada@example.com".into()),
            organization: "Analytical".into(),
            tags: vec!["peer".into()],
            cadence_days: Some(30),
            notes: "n".into(),
            archived: false,
            created_ms: 1_000,
            updated_ms: 2_000,
        };
        let contact = decode_contact(7, &encode(1, &old)).unwrap();
        assert_eq!(contact.fields.emails, vec!["ada@example.com"]);
        assert_eq!(contact.fields.cadence_days, Some(30));
        assert_eq!(contact.updated, Timestamp(2_000));
        let again = decode_contact(7, &encode_contact(&contact)).unwrap();
        assert_eq!(again, contact);
    }

    #[test]
    fn unknown_versions_and_garbage_are_errors_not_panics() {
        assert!(
            decode_contact(1, &[])
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(
            decode_contact(1, &[9, 1, 2])
                .unwrap_err()
                .to_string()
                .contains("newer")
        );
        assert!(
            decode_contact(1, &[2, 0xff, 0xff])
                .unwrap_err()
                .to_string()
                .contains("decoded")
        );
    }

    #[test]
    fn version_two_settings_read_with_the_default_appearance() {
        let mut current = Settings::default();
        current.set("identity.name", "Sam").unwrap();
        current.set("privacy.idle_minutes", "5").unwrap();
        let old = SettingsV2 {
            identity: current.identity.clone(),
            employer: current.employer.clone(),
            smtp: current.smtp.clone(),
            digest: current.digest.clone(),
            cadence: current.cadence.clone(),
            circle_cadence: current.circle_cadence.clone(),
            privacy: current.privacy.clone(),
            rhythms: current.rhythms.clone(),
        };
        let read: Settings = decode_plan("settings", 0, &encode(2, &old)).unwrap();
        assert_eq!(read, current);
        let mut dark = read.clone();
        dark.set("appearance.theme", "dark").unwrap();
        let again: Settings = decode_plan("settings", 0, &encode_plan(&dark)).unwrap();
        assert_eq!(again.appearance.theme, crate::model::ThemeChoice::Dark);
    }
}
