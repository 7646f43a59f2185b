//! `exitplan capability …`: the capability log, what the user did and can show.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

use super::open;
use super::plan::{apply_plan, json_out, print_id};
use crate::model::CapabilityFields;
use crate::store::PlanChange;

#[derive(Debug, Subcommand)]
pub enum CapabilityCommand {
    /// Write down something you do or achieved; prints its id
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        story: Option<String>,
        #[arg(long)]
        numbers: Option<String>,
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// When [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::date_flag)]
        date: Option<NaiveDate>,
        /// May be used as a highlight in reminder emails
        #[arg(long)]
        for_emails: bool,
    },
    /// List the capability log, newest first
    List {
        #[arg(long)]
        tag: Option<String>,
        #[command(flatten)]
        output: super::JsonFlag,
    },
}

#[derive(Serialize)]
struct CapabilityJson<'a> {
    id: u64,
    title: &'a str,
    story: &'a str,
    numbers: &'a str,
    tags: &'a [String],
    date: NaiveDate,
    use_in_emails: bool,
}

pub fn capability_command(
    command: CapabilityCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        CapabilityCommand::Add {
            title,
            story,
            numbers,
            tags,
            date,
            for_emails,
        } => {
            let mut store = open(path)?;
            let fields = CapabilityFields {
                title,
                story: story.unwrap_or_default(),
                numbers: numbers.unwrap_or_default(),
                tags,
                date: date.unwrap_or_else(|| store.today()),
                use_in_emails: for_emails,
            };
            print_id(
                out,
                apply_plan(&mut store, PlanChange::AddCapability(fields))?,
            )
        }
        CapabilityCommand::List {
            tag,
            output: super::JsonFlag { json },
        } => {
            let store = open(path)?;
            let list: Vec<CapabilityJson<'_>> = store
                .model()
                .plan()
                .capabilities(false)
                .into_iter()
                .filter(|c| {
                    tag.as_deref()
                        .is_none_or(|t| c.fields.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
                })
                .map(|c| CapabilityJson {
                    id: c.id.0,
                    title: &c.fields.title,
                    story: &c.fields.story,
                    numbers: &c.fields.numbers,
                    tags: &c.fields.tags,
                    date: c.fields.date,
                    use_in_emails: c.fields.use_in_emails,
                })
                .collect();
            if json {
                return json_out(out, &list);
            }
            for c in &list {
                writeln!(
                    out,
                    "{:>6}  {}  {}  [{}]",
                    c.id,
                    c.date,
                    c.title,
                    c.tags.join(", ")
                )?;
            }
            Ok(())
        }
    }
}
