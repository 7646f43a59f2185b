//! Reminder emails: rendering templates, the discretion lint, deciding what to draft,
//! sending through SMTP with lettre, the SMTP password's sources, the periodic run
//! (`remind`), the user's digest and the schedule helper. The outbox's states and the
//! idempotency rules are stored by `store` (every write still goes through
//! `Store::apply`); nothing here touches redb, and nothing here logs a password.

pub mod credentials;
pub mod digest;
pub mod draft;
pub mod lint;
pub mod run;
pub mod schedule;
pub mod session;
pub mod smtp;
pub mod template;
