//! `exitplan checkin`: the weekly check-in, its signs and how the week felt.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::open;
use super::plan::{apply_plan, json_out, print_id};
use crate::model::{CheckInFields, Sign};
use crate::store::PlanChange;

#[derive(Debug, Args)]
pub struct CheckInArgs {
    /// A sign present this week (repeat): burnt-out, left-out, missing-tools,
    /// unrealistic-goals, alone, just-posting, no-time-to-learn
    #[arg(long = "sign", value_name = "NAME")]
    pub signs: Vec<String>,
    /// How the week was, 1 (bad) to 5 (good)
    #[arg(long, required_unless_present = "list")]
    pub overall: Option<u8>,
    #[arg(long)]
    pub note: Option<String>,
    /// The day of the check-in [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::date_flag)]
    pub date: Option<NaiveDate>,
    /// List the check-ins and the trend instead of recording one
    #[arg(long, conflicts_with_all = ["signs", "overall", "note", "date"])]
    pub list: bool,
    #[arg(long, requires = "list")]
    pub json: bool,
}

#[derive(Serialize)]
struct CheckInJson {
    date: NaiveDate,
    overall: u8,
    signs: Vec<&'static str>,
    note: String,
}

#[derive(Serialize)]
struct CheckInsJson {
    check_ins: Vec<CheckInJson>,
    summary: Vec<String>,
}

pub fn checkin_command(args: CheckInArgs, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    if args.list {
        let store = open(path)?;
        let plan = store.model().plan();
        let fields: Vec<&CheckInFields> = plan.check_ins().iter().map(|c| &c.fields).collect();
        let summary = crate::model::trend_summary(&fields, 6);
        let check_ins: Vec<CheckInJson> = fields
            .iter()
            .map(|f| CheckInJson {
                date: f.date,
                overall: f.overall,
                signs: f.signs.iter().map(|s| s.key()).collect(),
                note: f.note.clone(),
            })
            .collect();
        if args.json {
            return json_out(out, &CheckInsJson { check_ins, summary });
        }
        for c in &check_ins {
            writeln!(
                out,
                "{}  overall {}  {}",
                c.date,
                c.overall,
                c.signs.join(", ")
            )?;
        }
        for line in summary {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    let signs: BTreeSet<Sign> = args
        .signs
        .iter()
        .map(|s| {
            Sign::from_key(s).ok_or_else(|| {
                let known: Vec<&str> = Sign::ALL.iter().map(|s| s.key()).collect();
                anyhow!("sign '{s}': unknown; use one of {}", known.join(", "))
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let mut store = open(path)?;
    let fields = CheckInFields {
        date: args.date.unwrap_or_else(|| store.today()),
        signs,
        overall: args.overall.context("overall: required (1 to 5)")?,
        note: args.note.unwrap_or_default(),
    };
    print_id(
        out,
        apply_plan(&mut store, PlanChange::RecordCheckIn(fields))?,
    )
}
