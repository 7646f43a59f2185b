//! `exitplan outbox …`: the reminder emails and digests, listed and shown with their
//! discretion warnings, and approved, edited, discarded or resolved through
//! `Store::apply`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, anyhow};
use clap::Subcommand;
use serde::Serialize;

use super::{JsonFlag, ShowArgs};
use crate::model::lint::lint;
use crate::model::{OutboxEntry, OutboxId, OutboxKind, OutboxStatus};
use crate::store::{Change, MailChange, Store};

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Drafts, approved, sent, failed… newest first
    List {
        /// draft, approved, sending, sent, failed, discarded or needs-review
        #[arg(long, value_name = "S", value_parser = parse_status)]
        status: Option<OutboxStatus>,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// One email with its discretion warnings and Message-ID
    Show(ShowArgs),
    /// Approve a draft for sending (one with discretion warnings needs --override-lint)
    Approve {
        id: u64,
        #[arg(long)]
        override_lint: bool,
    },
    /// Change a draft's subject or body (it goes back to draft for another look)
    Edit {
        id: u64,
        #[arg(long, value_name = "S")]
        subject: Option<String>,
        /// Read the body from this file ("-" for standard input)
        #[arg(long, value_name = "F")]
        body_file: Option<std::path::PathBuf>,
    },
    /// Discard a draft (it stays in the history; no new draft until the next due period)
    Discard { id: u64 },
    /// Settle an email that may have been sent: check your Sent folder, then say which
    Resolve {
        id: u64,
        #[arg(
            long,
            conflicts_with = "not_sent",
            required_unless_present = "not_sent"
        )]
        was_sent: bool,
        #[arg(long)]
        not_sent: bool,
    },
}

fn parse_status(text: &str) -> Result<OutboxStatus, super::NotOneOf> {
    OutboxStatus::parse(text).ok_or_else(|| {
        let all: Vec<&str> = OutboxStatus::ALL.iter().map(|s| s.code()).collect();
        super::NotOneOf::new(text, all.join(", "))
    })
}

#[derive(Debug, Serialize)]
struct OutboxJson<'a> {
    id: u64,
    status: &'static str,
    kind: &'static str,
    contact: Option<u64>,
    to_name: &'a str,
    to: &'a str,
    subject: &'a str,
    body: &'a str,
    message_id: &'a str,
    lint: Vec<String>,
    lint_override: bool,
    attempts: u32,
    last_error: Option<&'a str>,
    created: String,
    sent_at: Option<String>,
}

fn outbox_json<'a>(entry: &'a OutboxEntry, employer: &str) -> OutboxJson<'a> {
    OutboxJson {
        id: entry.id.0,
        status: entry.status.code(),
        kind: match entry.kind {
            OutboxKind::Reminder { .. } => "reminder",
            OutboxKind::Digest { .. } => "digest",
        },
        contact: entry.contact().map(|c| c.0),
        to_name: &entry.to_name,
        to: &entry.to_address,
        subject: &entry.subject,
        body: &entry.body,
        message_id: &entry.message_id,
        lint: lint(&entry.subject, &entry.body, employer)
            .iter()
            .map(ToString::to_string)
            .collect(),
        lint_override: entry.lint_override,
        attempts: entry.attempts,
        last_error: entry.last_error.as_deref(),
        created: entry.created.to_datetime().to_rfc3339(),
        sent_at: entry.sent_at.map(|t| t.to_datetime().to_rfc3339()),
    }
}

fn find_entry(store: &Store, id: u64) -> anyhow::Result<&OutboxEntry> {
    store
        .model()
        .mail()
        .entry(OutboxId(id))
        .ok_or_else(|| anyhow!("outbox entry {id} does not exist (see `exitplan outbox list`)"))
}

pub fn outbox_command(
    command: OutboxCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    // No outbox command reads a contact: the contacts stay on disk.
    let mut store = super::open_for_records(path)?;
    let employer = store.model().settings().employer.name.clone();
    match command {
        OutboxCommand::List {
            status,
            output: JsonFlag { json },
        } => list_entries(&store, status, json, &employer, out)?,
        OutboxCommand::Show(ShowArgs {
            id,
            output: JsonFlag { json },
        }) => show_entry(&store, id, json, &employer, out)?,
        OutboxCommand::Approve { id, override_lint } => {
            find_entry(&store, id)?;
            store.apply(Change::Mail(MailChange::Approve {
                id: OutboxId(id),
                override_lint,
            }))?;
        }
        OutboxCommand::Edit {
            id,
            subject,
            body_file,
        } => edit_entry(&mut store, id, subject, body_file.as_deref())?,
        OutboxCommand::Discard { id } => {
            find_entry(&store, id)?;
            store.apply(Change::Mail(MailChange::Discard(OutboxId(id))))?;
        }
        OutboxCommand::Resolve { id, was_sent, .. } => {
            find_entry(&store, id)?;
            store.apply(Change::Mail(MailChange::Resolve {
                id: OutboxId(id),
                was_sent,
            }))?;
        }
    }
    Ok(())
}

/// The outbox, newest first, one line each with its count of discretion warnings.
fn list_entries(
    store: &Store,
    status: Option<OutboxStatus>,
    json: bool,
    employer: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let entries: Vec<&OutboxEntry> = store
        .model()
        .mail()
        .outbox()
        .rev()
        .filter(|e| status.is_none_or(|s| e.status == s))
        .collect();
    if json {
        let list: Vec<OutboxJson> = entries.iter().map(|e| outbox_json(e, employer)).collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
        return Ok(());
    }
    for e in entries {
        let warnings = lint(&e.subject, &e.body, employer).len();
        writeln!(
            out,
            "{:>6}  {:<12}  {:<28}  {}{}",
            e.id.0,
            e.status.code(),
            e.to_address,
            e.subject,
            if warnings > 0 {
                format!("  [{warnings} discretion warning(s)]")
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}

fn show_entry(
    store: &Store,
    id: u64,
    json: bool,
    employer: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let entry = find_entry(store, id)?;
    let shown = outbox_json(entry, employer);
    if json {
        serde_json::to_writer_pretty(&mut *out, &shown)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Outbox {} — {}", shown.id, entry.status.label())?;
    writeln!(out, "To:         {} <{}>", shown.to_name, shown.to)?;
    writeln!(out, "Subject:    {}", shown.subject)?;
    writeln!(out, "Message-ID: {}", shown.message_id)?;
    if let Some(error) = shown.last_error {
        writeln!(out, "Last error: {error}")?;
    }
    for warning in &shown.lint {
        writeln!(out, "Warning:    {warning}")?;
    }
    writeln!(out, "\n{}", shown.body)?;
    Ok(())
}

/// A new subject or body (from a file, or standard input for "-"); what is not given
/// stays as it is.
fn edit_entry(
    store: &mut Store,
    id: u64,
    subject: Option<String>,
    body_file: Option<&Path>,
) -> anyhow::Result<()> {
    let entry = find_entry(store, id)?;
    let base = crate::model::Revision::of(entry);
    let subject = subject.unwrap_or_else(|| entry.subject.clone());
    let body = match body_file {
        None => entry.body.clone(),
        Some(file) if file.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            text
        }
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("--body-file {}", file.display()))?,
    };
    store.apply(Change::Mail(MailChange::EditDraft {
        id: OutboxId(id),
        base,
        subject,
        body,
    }))?;
    Ok(())
}
