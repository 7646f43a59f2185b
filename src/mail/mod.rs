//! Reminder emails: sending through SMTP with lettre (one send protocol, `session`), the
//! SMTP password's sources, the periodic run (`remind`), the user's digest and the
//! schedule helper. The pure rules — what to draft, the discretion lint, rendering
//! templates — are model rules (`model::draft`, `model::lint`, `model::template`). The outbox's states and the
//! idempotency rules are stored by `store` (every write still goes through
//! `Store::apply`); nothing here touches redb, and nothing here logs a password.

pub mod credentials;
pub mod digest;
pub mod run;
pub mod schedule;
pub mod session;
pub mod smtp;
