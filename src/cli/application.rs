//! `exitplan app …`: applications and opportunities, moved through the stages and rated on every criterion.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::plan::{apply_plan, json_out, print_id, stage};
use super::{JsonFlag, ShowArgs, date_flag, open, open_for_records};
use crate::model::{
    Application, ApplicationFields, ApplicationId, ContactId, ContactRole, CriterionId, NextAction,
    Rating,
};
use crate::store::{PlanChange, Store};

#[derive(Debug, Subcommand)]
pub enum ApplicationCommand {
    /// Add an application or opportunity; prints its id
    Add(ApplicationArgs),
    /// List applications with their fit, best first
    List {
        #[arg(long)]
        stage: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Show one application: fields, fit, ratings, stage history
    Show(ShowArgs),
    /// Move an application to a stage
    Move {
        id: u64,
        /// interested, applied, screening, interviewing, offer, accepted, rejected, withdrawn
        stage: String,
        /// When it happened [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_flag)]
        date: Option<NaiveDate>,
    },
    /// The application's next rhythm follow-up is done: logs a touchpoint with its
    /// linked contacts and schedules the next
    FollowedUp {
        id: u64,
        /// When it was done [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_flag)]
        date: Option<NaiveDate>,
    },
    /// Rate an application on one criterion: met, partly, not or unknown
    Rate {
        id: u64,
        criterion: u64,
        rating: String,
    },
}

#[derive(Debug, Args)]
pub struct ApplicationArgs {
    #[arg(long)]
    pub company: String,
    #[arg(long)]
    pub role: String,
    #[arg(long)]
    pub link: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    /// Starting stage [default: interested]
    #[arg(long)]
    pub stage: Option<String>,
    /// When it entered that stage [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_flag)]
    pub date: Option<NaiveDate>,
    /// A linked contact, as ID or ID:ROLE (referrer, recruiter, hiring-manager, other)
    #[arg(long = "contact", value_name = "ID[:ROLE]")]
    pub contacts: Vec<String>,
    #[arg(long, value_name = "TEXT", requires = "next_action_date")]
    pub next_action: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", requires = "next_action", value_parser = date_flag)]
    pub next_action_date: Option<NaiveDate>,
    #[arg(long)]
    pub salary_min: Option<u32>,
    #[arg(long)]
    pub salary_max: Option<u32>,
    #[arg(long)]
    pub notes: Option<String>,
}

/// An application as `--json` prints it.
#[derive(Serialize)]
pub struct ApplicationJson {
    id: u64,
    company: String,
    role: String,
    link: String,
    source: String,
    stage: &'static str,
    stage_since: NaiveDate,
    days_in_stage: i64,
    fit: Option<u8>,
    fit_summary: String,
    unknown: usize,
    unmet_must_haves: Vec<u64>,
    deal_breakers: Vec<u64>,
    next_action: Option<String>,
    next_action_date: Option<NaiveDate>,
    salary_min: Option<u32>,
    salary_max: Option<u32>,
    contacts: Vec<(u64, &'static str)>,
    history: Vec<(&'static str, NaiveDate)>,
    ratings: Vec<(u64, &'static str)>,
    notes: String,
    decision_date: Option<NaiveDate>,
    /// The current job's fit, and this one's difference from it.
    baseline: Option<u8>,
    versus_baseline: Option<i16>,
    /// The next rhythm follow-up: (due, what).
    follow_up: Option<(NaiveDate, String)>,
}

fn application_json(store: &Store, a: &Application) -> ApplicationJson {
    let today = store.today();
    let fit = store.model().plan().fit_of(a);
    ApplicationJson {
        id: a.id.0,
        company: a.fields.company.clone(),
        role: a.fields.role.clone(),
        link: a.fields.link.clone(),
        source: a.fields.source.clone(),
        stage: a.stage.key(),
        stage_since: a.stage_since(),
        days_in_stage: a.days_in_stage(today),
        fit: fit.score,
        fit_summary: fit.summary(),
        unknown: fit.unknown,
        unmet_must_haves: fit.unmet_must_haves.iter().map(|c| c.0).collect(),
        deal_breakers: fit.deal_breakers.iter().map(|c| c.0).collect(),
        next_action: a.fields.next_action.as_ref().map(|n| n.what.clone()),
        next_action_date: a.fields.next_action.as_ref().map(|n| n.due),
        salary_min: a.fields.salary_min,
        salary_max: a.fields.salary_max,
        contacts: a
            .fields
            .contacts
            .iter()
            .map(|(c, r)| (c.0, r.key()))
            .collect(),
        history: a.history.iter().map(|h| (h.stage.key(), h.on)).collect(),
        ratings: a.ratings.iter().map(|(c, r)| (c.0, r.key())).collect(),
        notes: a.fields.notes.clone(),
        decision_date: a.fields.decision_date,
        baseline: store.model().plan().baseline_fit().score,
        versus_baseline: crate::model::difference_from_baseline(
            store.model().plan().baseline_fit().score,
            fit.score,
        ),
        follow_up: crate::model::next_follow_up(a, &store.model().settings().rhythms)
            .map(|item| (item.due, item.what)),
    }
}

fn linked_contacts(texts: &[String]) -> anyhow::Result<Vec<(ContactId, ContactRole)>> {
    texts
        .iter()
        .map(|text| {
            let (id, role) = match text.split_once(':') {
                Some((id, role)) => (
                    id,
                    ContactRole::from_key(role).ok_or_else(|| {
                        anyhow!("contact '{text}': role '{role}' unknown; use referrer, recruiter, hiring-manager or other")
                    })?,
                ),
                None => (text.as_str(), ContactRole::Other),
            };
            let id: u64 = id
                .trim()
                .parse()
                .map_err(|_| anyhow!("contact '{text}': not a contact id"))?;
            Ok((ContactId(id), role))
        })
        .collect()
}

/// One application, from the read model or (a store opened for one record) its table.
fn find_application(store: &Store, id: u64) -> anyhow::Result<Application> {
    store
        .application(ApplicationId(id))?
        .ok_or_else(|| anyhow!("application {id} does not exist (see `exitplan app list`)"))
}

pub fn application_command(
    command: ApplicationCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ApplicationCommand::Add(args) => add_application(args, path, out),
        ApplicationCommand::List {
            stage: only,
            output: JsonFlag { json },
        } => list_applications(only.as_deref(), json, path, out),
        ApplicationCommand::Show(ShowArgs {
            id,
            output: JsonFlag { json },
        }) => show_application(id, json, path, out),
        ApplicationCommand::Move {
            id,
            stage: to,
            date,
        } => {
            let to = stage(&to)?;
            let mut store = open_for_records(path)?;
            find_application(&store, id)?;
            let on = date.unwrap_or_else(|| store.today());
            apply_plan(
                &mut store,
                PlanChange::MoveApplication {
                    id: ApplicationId(id),
                    stage: to,
                    on,
                },
            )?;
            Ok(())
        }
        ApplicationCommand::FollowedUp { id, date } => {
            super::network::followed_up_command(id, date, path, out)
        }
        ApplicationCommand::Rate {
            id,
            criterion,
            rating,
        } => rate_application(id, criterion, &rating, path, out),
    }
}

fn add_application(args: ApplicationArgs, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let contacts = linked_contacts(&args.contacts)?;
    let start = stage(args.stage.as_deref().unwrap_or("interested"))?;
    let next_action = match (args.next_action, args.next_action_date) {
        (Some(what), Some(due)) => Some(NextAction { what, due }),
        _ => None,
    };
    let fields = ApplicationFields {
        company: args.company,
        role: args.role,
        link: args.link.unwrap_or_default(),
        source: args.source.unwrap_or_default(),
        contacts,
        next_action,
        salary_min: args.salary_min,
        salary_max: args.salary_max,
        notes: args.notes.unwrap_or_default(),
        decision_date: None,
    };
    let mut store = open_for_records(path)?;
    let on = args.date.unwrap_or_else(|| store.today());
    print_id(
        out,
        apply_plan(
            &mut store,
            PlanChange::AddApplication {
                fields,
                stage: start,
                on,
            },
        )?,
    )
}

/// The applications, best fit first, under the current job's fit when it is rated.
fn list_applications(
    only: Option<&str>,
    json: bool,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(path)?;
    let only = only.map(stage).transpose()?;
    let mut list: Vec<ApplicationJson> = store
        .model()
        .plan()
        .applications()
        .filter(|a| only.is_none_or(|s| a.stage == s))
        .map(|a| application_json(&store, a))
        .collect();
    list.sort_by(|a, b| b.fit.cmp(&a.fit).then(a.id.cmp(&b.id)));
    if json {
        return json_out(out, &list);
    }
    let baseline = store.model().plan().baseline_fit();
    if baseline.score.is_some() {
        writeln!(
            out,
            "{:>6}  {:<13} fit {:<28} (your current job)",
            "-",
            "staying put",
            baseline.summary()
        )?;
    }
    for a in &list {
        let versus = a
            .versus_baseline
            .map_or_else(String::new, |d| format!(" ({d:+} vs staying put)"));
        writeln!(
            out,
            "{:>6}  {:<13} fit {:<28} {} — {}{versus}",
            a.id, a.stage, a.fit_summary, a.company, a.role
        )?;
    }
    Ok(())
}

fn show_application(id: u64, json: bool, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let store = open_for_records(path)?;
    let record = find_application(&store, id)?;
    let application = application_json(&store, &record);
    if json {
        return json_out(out, &application);
    }
    writeln!(
        out,
        "{} — {} (#{})",
        application.company, application.role, application.id
    )?;
    writeln!(
        out,
        "  Stage         {} since {} ({} days)",
        application.stage, application.stage_since, application.days_in_stage
    )?;
    writeln!(out, "  Fit           {}", application.fit_summary)?;
    writeln!(
        out,
        "  Compared      {}",
        super::network::against_baseline(&store, &record)
    )?;
    if let Some(decide) = application.decision_date {
        writeln!(out, "  Decide by     {decide}")?;
    }
    if let Some((due, what)) = &application.follow_up {
        writeln!(out, "  Follow-up     {what} on {due}")?;
    }
    show_warm_paths(&store, &application.company, out)?;
    if let (Some(what), Some(due)) = (&application.next_action, application.next_action_date) {
        writeln!(out, "  Next action   {what} by {due}")?;
    }
    show_ratings(&store, &record, out)?;
    for (stage, on) in &application.history {
        writeln!(out, "  {on}  {stage}")?;
    }
    Ok(())
}

/// The five best warm paths into the company, one line each.
fn show_warm_paths(store: &Store, company: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let paths = store.warm_paths(company, store.today())?;
    for p in paths.iter().take(5) {
        if let Some(e) = store.contact_entry(p.contact)? {
            writeln!(
                out,
                "  Warm path     {} — {}, {}",
                e.name(),
                p.how.label(),
                p.warmth.code()
            )?;
        }
    }
    Ok(())
}

/// The application's rating on every active criterion, one line each.
fn show_ratings(
    store: &Store,
    application: &Application,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    for criterion in store.model().plan().active_criteria() {
        let rating = application
            .ratings
            .get(&criterion.id)
            .copied()
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<14}{} — {}",
            rating.label(criterion.fields.kind),
            criterion.fields.kind.label(),
            criterion.fields.text
        )?;
    }
    Ok(())
}

fn rate_application(
    id: u64,
    criterion: u64,
    rating: &str,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let rating = Rating::from_key(rating)
        .ok_or_else(|| anyhow!("rating '{rating}': unknown; use met, partly, not or unknown"))?;
    let mut store = open_for_records(path)?;
    find_application(&store, id)?;
    if store
        .model()
        .plan()
        .criterion(CriterionId(criterion))
        .is_none()
    {
        bail!("criterion {criterion} does not exist (see `exitplan criterion list`)");
    }
    apply_plan(
        &mut store,
        PlanChange::RateApplication {
            id: ApplicationId(id),
            criterion: CriterionId(criterion),
            rating,
        },
    )?;
    let rated = find_application(&store, id)?;
    let fit = store.model().plan().fit_of(&rated);
    writeln!(out, "fit {}", fit.summary())?;
    Ok(())
}
