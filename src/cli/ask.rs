//! `exitplan ask …`: what the user asked their employer for, and what came of it.

use std::io::Write;
use std::path::Path;

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::open;
use super::plan::{apply_plan, json_out, print_id};
use crate::model::{Ask, AskFields, AskId, AskKind, AskStatus, ContactId};
use crate::store::PlanChange;

#[derive(Debug, Subcommand)]
pub enum AskCommand {
    /// Record something you need from management; prints its id
    Add {
        #[arg(long)]
        what: String,
        #[command(flatten)]
        details: AskArgs,
    },
    /// List asks
    List(super::JsonFlag),
    /// Change an ask (status, dates…); only the given fields change
    Update {
        id: u64,
        #[arg(long)]
        what: Option<String>,
        #[command(flatten)]
        details: AskArgs,
    },
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// tools, time, authority, headcount, job-description, title, raise or other
    #[arg(long)]
    pub kind: Option<String>,
    /// The contact it is asked to
    #[arg(long = "to", value_name = "CONTACT_ID")]
    pub asked_to: Option<u64>,
    /// planned, asked, granted, declined or deferred
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::date_flag)]
    pub asked_on: Option<NaiveDate>,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::date_flag)]
    pub revisit_on: Option<NaiveDate>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Serialize)]
struct AskJson<'a> {
    id: u64,
    what: &'a str,
    kind: &'static str,
    asked_to: Option<u64>,
    asked_to_name: Option<&'a str>,
    status: &'static str,
    asked_on: Option<NaiveDate>,
    revisit_on: Option<NaiveDate>,
    revisit_due: bool,
    notes: &'a str,
}

fn ask_fields(mut fields: AskFields, args: AskArgs) -> anyhow::Result<AskFields> {
    if let Some(kind) = args.kind {
        fields.kind = AskKind::from_key(&kind).ok_or_else(|| {
            let known: Vec<&str> = AskKind::ALL.iter().map(|k| k.key()).collect();
            anyhow!("kind '{kind}': unknown; use one of {}", known.join(", "))
        })?;
    }
    if let Some(status) = args.status {
        fields.status = AskStatus::from_key(&status).ok_or_else(|| {
            anyhow!("status '{status}': unknown; use planned, asked, granted, declined or deferred")
        })?;
    }
    if let Some(id) = args.asked_to {
        fields.asked_to = Some(ContactId(id));
    }
    if args.asked_on.is_some() {
        fields.asked_on = args.asked_on;
    }
    if args.revisit_on.is_some() {
        fields.revisit_on = args.revisit_on;
    }
    if let Some(notes) = args.notes {
        fields.notes = notes;
    }
    Ok(fields)
}

pub fn ask_command(command: AskCommand, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        AskCommand::Add { what, details } => {
            let fields = AskFields {
                what,
                kind: AskKind::Other,
                asked_to: None,
                status: AskStatus::Planned,
                asked_on: None,
                revisit_on: None,
                notes: String::new(),
            };
            let fields = ask_fields(fields, details)?;
            let mut store = open(path)?;
            print_id(out, apply_plan(&mut store, PlanChange::AddAsk(fields))?)
        }
        AskCommand::List(super::JsonFlag { json }) => {
            let store = open(path)?;
            let today = store.today();
            let model = store.model();
            let list: Vec<AskJson<'_>> = model
                .plan()
                .asks()
                .map(|a: &Ask| AskJson {
                    id: a.id.0,
                    what: &a.fields.what,
                    kind: a.fields.kind.key(),
                    asked_to: a.fields.asked_to.map(|c| c.0),
                    asked_to_name: a
                        .fields
                        .asked_to
                        .and_then(|c| model.contact(c))
                        .map(|e| e.name()),
                    status: a.fields.status.key(),
                    asked_on: a.fields.asked_on,
                    revisit_on: a.fields.revisit_on,
                    revisit_due: a.revisit_due(today),
                    notes: &a.fields.notes,
                })
                .collect();
            if json {
                return json_out(out, &list);
            }
            for a in &list {
                let to = a
                    .asked_to_name
                    .map(|n| format!(" → {n}"))
                    .unwrap_or_default();
                let revisit = a
                    .revisit_on
                    .map(|d| format!("  revisit {d}"))
                    .unwrap_or_default();
                writeln!(out, "{:>6}  {:<9} {}{to}{revisit}", a.id, a.status, a.what)?;
            }
            Ok(())
        }
        AskCommand::Update { id, what, details } => {
            let mut store = open(path)?;
            let current = store
                .model()
                .plan()
                .ask(AskId(id))
                .ok_or_else(|| anyhow!("ask {id} does not exist (see `exitplan ask list`)"))?;
            let base = crate::model::Revision::of(current);
            let mut fields = ask_fields(current.fields.clone(), details)?;
            if let Some(what) = what {
                fields.what = what;
            }
            apply_plan(
                &mut store,
                PlanChange::EditAsk {
                    id: AskId(id),
                    base,
                    fields,
                },
            )?;
            Ok(())
        }
    }
}
