//! exitplan: a private, local tool for a professional whose job has stopped supporting
//! them — contacts and touchpoints, cadences and due dates, kept in one redb file on the
//! user's machine.
//!
//! Module map:
//! - [`model`]: plain data and pure rules (validation, due dates, reciprocity, effective
//!   cadence and warmth, company matching, follow-up rhythms, the fit and its baseline);
//!   no I/O.
//! - [`store`]: the redb file — open/create/migrate, the one write path
//!   [`store::Store::apply`], queries, and the in-memory read model the views use
//!   (with its indexes: search, due dates, companies for warm paths).
//! - [`demo`]: the demo dataset and the synthetic generator shared by tests and benches.
//! - [`interop`]: files in and out (the Markdown brag document), written atomically.
//! - [`mail`]: reminder emails — templates, the discretion lint, drafting rules, SMTP
//!   (lettre), the password's sources, the periodic run and the schedule helper.
//! - [`cli`]: the command line (clap) and the headless commands, including installing
//!   the launcher and icon (`desktop install`).
//! - [`ui`]: the eframe window: one file per view, reading the read model and sending
//!   changes through the store; the privacy screen masks what every view draws.

pub mod cli;
pub mod demo;
pub mod interop;
pub mod mail;
pub mod model;
pub mod store;
pub mod ui;
