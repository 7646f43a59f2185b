//! redb table definitions: the on-disk layout of an exitplan database.
//!
//! Records are stored as versioned envelopes (see `codec`); every other table is an index
//! or an aggregate that `apply` keeps in step with the records in the same transaction.

use redb::TableDefinition;

/// Settings and bookkeeping: `schema_version`, `next_id`, `welcome_done`.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Contact id → contact envelope.
pub const CONTACTS: TableDefinition<u64, &[u8]> = TableDefinition::new("contacts");
/// Touchpoint id → touchpoint envelope.
pub const TOUCHPOINTS: TableDefinition<u64, &[u8]> = TableDefinition::new("touchpoints");
/// Contact id → aggregates envelope (last touch, reciprocity counts).
pub const CONTACT_STATS: TableDefinition<u64, &[u8]> = TableDefinition::new("contact_stats");
/// (contact id, time key, touchpoint id): a contact's touchpoints in time order.
pub const TOUCHPOINTS_BY_CONTACT: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("touchpoints_by_contact");
/// (kind code, direction code, time key, touchpoint id): the timeline, filterable by
/// kind and direction without decoding records.
pub const TOUCHPOINTS_BY_KIND: TableDefinition<(u8, u8, i64, u64), ()> =
    TableDefinition::new("touchpoints_by_kind");
/// (next due day, contact id): contacts with a cadence, by next due date.
pub const CONTACTS_BY_DUE: TableDefinition<(i32, u64), ()> =
    TableDefinition::new("contacts_by_due");
/// (follow-up day, touchpoint id): open follow-ups by date.
pub const FOLLOW_UPS_BY_DATE: TableDefinition<(i32, u64), ()> =
    TableDefinition::new("follow_ups_by_date");
/// (company key, contact id, how) for every contact not archived, the keys as
/// [`crate::model::company_keys`] and [`crate::model::domain_key`] make them; "how" is
/// the [`super::PathKind`] as a number. The warm paths of a store opened for one record
/// (`app show`) are read here instead of from every contact.
pub const CONTACTS_BY_COMPANY: TableDefinition<(&str, u64, u8), ()> =
    TableDefinition::new("contacts_by_company");

pub const KEY_SCHEMA_VERSION: &str = "schema_version";
pub const KEY_NEXT_ID: &str = "next_id";
pub const KEY_WELCOME_DONE: &str = "welcome_done";
/// How many changes the store has committed. The open reads the whole model through a
/// read-only handle first (a damaged file is refused before anything writes to it), and
/// this count tells it whether another process committed before its read-write open.
pub const KEY_COMMITS: &str = "commits";
/// The one key of the `settings` table.
pub const KEY_SETTINGS: &str = "settings";
/// In the settings table: the current job's ratings (the baseline).
pub const KEY_BASELINE: &str = "baseline";

/// Day number used in index keys (days since 0001-01-01).
pub fn day_key(date: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce()
}

/// The date back from a day number.
pub fn day_from_key(key: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_num_days_from_ce_opt(key).unwrap_or(chrono::NaiveDate::MIN)
}

/// Criterion id → criterion envelope (schema 3).
pub const CRITERIA: TableDefinition<u64, &[u8]> = TableDefinition::new("criteria");
/// Application id → application envelope, with its stage history and ratings.
pub const APPLICATIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("applications");
/// Capability id → capability envelope.
pub const CAPABILITIES: TableDefinition<u64, &[u8]> = TableDefinition::new("capabilities");
/// Ask id → ask envelope.
pub const ASKS: TableDefinition<u64, &[u8]> = TableDefinition::new("asks");
/// Check-in id → check-in envelope.
pub const CHECK_INS: TableDefinition<u64, &[u8]> = TableDefinition::new("check_ins");

/// `settings` → the settings envelope (schema 4). Never holds a password.
pub const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings");
/// Template key → email template envelope.
pub const TEMPLATES: TableDefinition<&str, &[u8]> = TableDefinition::new("templates");
/// Outbox entry id → outbox entry envelope (drafts, approved, sent, … digests too).
pub const OUTBOX: TableDefinition<u64, &[u8]> = TableDefinition::new("outbox");
/// (contact id, due day) → outbox id: at most one reminder per contact and due period.
pub const OUTBOX_BY_PERIOD: TableDefinition<(u64, i32), u64> =
    TableDefinition::new("outbox_by_period");
/// Day → outbox id of that day's digest: at most one a day.
pub const DIGESTS: TableDefinition<i32, u64> = TableDefinition::new("digests");
/// Contact id → reminder rotation state (highlights sent, reminders sent).
pub const MAIL_STATE: TableDefinition<u64, &[u8]> = TableDefinition::new("mail_state");
