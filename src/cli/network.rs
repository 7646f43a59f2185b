//! Commands about the network around the plan: warm paths to a company, snoozing a
//! contact, rating the current job (the baseline), marking an application's rhythm
//! follow-up done.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

use super::open;
use crate::model::{ApplicationId, ContactId, CriterionId, Rating, versus_baseline};
use crate::store::{Change, PlanChange, Store};

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Rate the current job on one criterion: met, partly, not or unknown
    Rate {
        /// The criterion's id or its exact text
        criterion: String,
        rating: String,
    },
    /// Show the current job's ratings and fit
    Show(super::JsonFlag),
}

#[derive(Serialize)]
struct PathJson {
    id: u64,
    name: String,
    organization: String,
    how: &'static str,
    warmth: &'static str,
    last_touch: Option<NaiveDate>,
    gave: u32,
    received: u32,
    mutual: u32,
    discretion: &'static str,
}

/// `exitplan paths COMPANY`: who the user knows there, best first.
pub fn paths_command(
    company: &str,
    json: bool,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if company.trim().is_empty() {
        bail!("name a company (or a domain like brightwave.example)");
    }
    let store = open(path)?;
    let model = store.model();
    let list: Vec<PathJson> = model
        .warm_paths(company, store.today())
        .into_iter()
        .filter_map(|p| {
            let e = model.contact(p.contact)?;
            Some(PathJson {
                id: p.contact.0,
                name: e.name().to_string(),
                organization: e.contact.fields.organization.clone(),
                how: p.how.code(),
                warmth: p.warmth.code(),
                last_touch: p.last_touch,
                gave: p.reciprocity.gave,
                received: p.reciprocity.received,
                mutual: p.reciprocity.mutual,
                discretion: p.discretion.code(),
            })
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
        return Ok(());
    }
    if list.is_empty() {
        writeln!(out, "Nobody in your network is at {} yet.", company.trim())?;
        return Ok(());
    }
    writeln!(
        out,
        "People you know at {} ({}):",
        company.trim(),
        list.len()
    )?;
    for p in &list {
        writeln!(
            out,
            "{:>6}  {}  {} ({})  {}  last touch {}  gave {} / received {} / both {}  emails: {}",
            p.id,
            p.name,
            p.how.replace('-', " "),
            p.organization,
            p.warmth,
            p.last_touch
                .map_or_else(|| "never".to_string(), |d| d.to_string()),
            p.gave,
            p.received,
            p.mutual,
            p.discretion
        )?;
    }
    Ok(())
}

/// `exitplan snooze ID --until DATE`.
pub fn snooze_command(
    id: u64,
    until: NaiveDate,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut store = super::open_for_records(path)?;
    let name = super::find(&store, id)?.name().to_string();
    store.apply(Change::Snooze {
        id: ContactId(id),
        until,
    })?;
    writeln!(out, "{name} is snoozed until {until}")?;
    Ok(())
}

fn criterion_id(store: &Store, text: &str) -> anyhow::Result<CriterionId> {
    let plan = store.model().plan();
    let found = match text.trim().parse::<u64>() {
        Ok(id) => plan.criterion(CriterionId(id)),
        Err(_) => plan
            .criteria()
            .iter()
            .find(|c| c.fields.text.eq_ignore_ascii_case(text.trim())),
    };
    found
        .map(|c| c.id)
        .ok_or_else(|| anyhow!("criterion '{text}' does not exist (see `exitplan criterion list`)"))
}

#[derive(Serialize)]
struct BaselineJson {
    score: Option<u8>,
    summary: String,
    ratings: Vec<(u64, String, &'static str)>,
}

pub fn baseline_command(
    command: BaselineCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        BaselineCommand::Rate { criterion, rating } => {
            let rating = Rating::from_key(&rating).ok_or_else(|| {
                anyhow!("rating '{rating}': unknown; use met, partly, not or unknown")
            })?;
            let mut store = open(path)?;
            let criterion = criterion_id(&store, &criterion)?;
            store.apply(Change::Plan(PlanChange::RateBaseline { criterion, rating }))?;
            let fit = store.model().plan().baseline_fit();
            writeln!(out, "Staying put: {}", fit.summary())?;
        }
        BaselineCommand::Show(super::JsonFlag { json }) => {
            let store = open(path)?;
            let plan = store.model().plan();
            let fit = plan.baseline_fit();
            let ratings: Vec<(u64, String, &'static str)> = plan
                .active_criteria()
                .map(|c| {
                    let rating = plan
                        .baseline()
                        .ratings
                        .get(&c.id)
                        .copied()
                        .unwrap_or_default();
                    (c.id.0, c.fields.text.clone(), rating.key())
                })
                .collect();
            if json {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &BaselineJson {
                        score: fit.score,
                        summary: fit.summary(),
                        ratings,
                    },
                )?;
                writeln!(out)?;
            } else {
                writeln!(out, "Staying put: {}", fit.summary())?;
                for (id, name, rating) in ratings {
                    writeln!(out, "{id:>6}  {name}  {rating}")?;
                }
            }
        }
    }
    Ok(())
}

/// `exitplan app followed-up ID`: the application's next rhythm follow-up is done.
pub fn followed_up_command(
    id: u64,
    date: Option<NaiveDate>,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut store = super::open_for_records(path)?;
    let on = date.unwrap_or_else(|| store.today());
    let id = ApplicationId(id);
    if store.application(id)?.is_none() {
        bail!("application {id} does not exist (see `exitplan app list`)");
    }
    store.apply(Change::Plan(PlanChange::CompleteRhythm { id, on }))?;
    let application = store.application(id)?.expect("just changed");
    match crate::model::next_follow_up(&application, &store.model().settings().rhythms) {
        Some(next) => writeln!(out, "Done. Next: {} on {}", next.what, next.due)?,
        None => writeln!(out, "Done. No more follow-ups in this stage.")?,
    }
    Ok(())
}

/// One application's score beside the baseline, for `app list` and `app show`.
pub fn against_baseline(store: &Store, application: &crate::model::Application) -> String {
    let plan = store.model().plan();
    versus_baseline(plan.baseline_fit().score, plan.fit_of(application).score)
}
