//! The exit-plan commands: `criterion`, `app`, `capability`, `ask`, `checkin` and
//! `export brag`. Same conventions as the contact commands: ids on stdout, `--json` on
//! every list, errors naming the field, nothing written when anything is wrong.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{open, parse_date};
use crate::model::{
    Application, ApplicationFields, ApplicationId, Ask, AskFields, AskId, AskKind, AskStatus,
    CapabilityFields, Category, CheckInFields, ContactId, ContactRole, CriterionFields,
    CriterionId, CriterionKind, NextAction, Rating, Sign, Stage,
};
use crate::store::{Change, PlanChange, Store};

#[derive(Debug, Subcommand)]
pub enum CriterionCommand {
    /// Add a dream-job criterion; prints its id
    Add {
        #[arg(long)]
        text: String,
        #[command(flatten)]
        kind: KindArgs,
        /// role, management, pay, location, growth, learning or culture
        #[arg(long)]
        category: Option<String>,
    },
    /// List criteria in order (retired ones with --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Change a criterion; only the given fields change
    Edit {
        id: u64,
        #[arg(long)]
        text: Option<String>,
        #[command(flatten)]
        kind: KindArgs,
        #[arg(long)]
        category: Option<String>,
    },
    /// Retire a criterion: it stops counting, its ratings are kept
    Retire { id: u64 },
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct KindArgs {
    /// The job must have it
    #[arg(long)]
    pub must: bool,
    /// Nice to have, weighing 1 to 5
    #[arg(long, value_name = "WEIGHT")]
    pub nice: Option<u8>,
    /// Rules a job out when it applies
    #[arg(long)]
    pub deal_breaker: bool,
}

impl KindArgs {
    fn kind(&self) -> Option<CriterionKind> {
        if self.must {
            Some(CriterionKind::MustHave)
        } else if let Some(weight) = self.nice {
            Some(CriterionKind::NiceToHave { weight })
        } else if self.deal_breaker {
            Some(CriterionKind::DealBreaker)
        } else {
            None
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ApplicationCommand {
    /// Add an application or opportunity; prints its id
    Add(ApplicationArgs),
    /// List applications with their fit, best first
    List {
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one application: fields, fit, ratings, stage history
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Move an application to a stage
    Move {
        id: u64,
        /// interested, applied, screening, interviewing, offer, accepted, rejected, withdrawn
        stage: String,
        /// When it happened [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// The application's next rhythm follow-up is done: logs a touchpoint with its
    /// linked contacts and schedules the next
    FollowedUp {
        id: u64,
        /// When it was done [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
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
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A linked contact, as ID or ID:ROLE (referrer, recruiter, hiring-manager, other)
    #[arg(long = "contact", value_name = "ID[:ROLE]")]
    pub contacts: Vec<String>,
    #[arg(long, value_name = "TEXT", requires = "next_action_date")]
    pub next_action: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", requires = "next_action")]
    pub next_action_date: Option<String>,
    #[arg(long)]
    pub salary_min: Option<u32>,
    #[arg(long)]
    pub salary_max: Option<u32>,
    #[arg(long)]
    pub notes: Option<String>,
}

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
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// May be used as a highlight in reminder emails
        #[arg(long)]
        for_emails: bool,
    },
    /// List the capability log, newest first
    List {
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

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
    List {
        #[arg(long)]
        json: bool,
    },
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
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub asked_on: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub revisit_on: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

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
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// List the check-ins and the trend instead of recording one
    #[arg(long, conflicts_with_all = ["signs", "overall", "note", "date"])]
    pub list: bool,
    #[arg(long, requires = "list")]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The capability log as a Markdown brag document, grouped by tag
    Brag {
        /// Write to this file [default: standard output]
        #[arg(long, value_name = "FILE.md")]
        out: Option<PathBuf>,
    },
    /// Everything, as one JSON backup (restore it with `exitplan restore FILE`)
    Json {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Encrypt with a passphrase (age; asked without echo, or EXITPLAN_BACKUP_PASSPHRASE)
        #[arg(long)]
        encrypt: bool,
    },
    /// Follow-ups, due dates and application next actions as an iCalendar file
    Ics {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Contacts as vCard 4.0 (archived ones left out)
    Vcard {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Contacts or applications as CSV (safe to open in a spreadsheet)
    Csv {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_enum, default_value = "contacts")]
        what: ExportWhat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    Contacts,
    Applications,
}

fn apply_plan(store: &mut Store, change: PlanChange) -> anyhow::Result<Option<u64>> {
    Ok(store.apply(Change::Plan(change))?.new_id())
}

fn print_id(out: &mut impl Write, id: Option<u64>) -> anyhow::Result<()> {
    writeln!(out, "{}", id.expect("an id for a new record"))?;
    Ok(())
}

fn json_out(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

fn date_or_today(field: &str, text: Option<&str>, store: &Store) -> anyhow::Result<NaiveDate> {
    text.map_or_else(|| Ok(store.today()), |t| parse_date(field, t))
}

fn optional_date(field: &str, text: Option<&str>) -> anyhow::Result<Option<NaiveDate>> {
    text.map(|t| parse_date(field, t)).transpose()
}

fn category(text: Option<&str>) -> anyhow::Result<Option<Category>> {
    text.map(|t| {
        Category::from_key(t).ok_or_else(|| {
            let known: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
            anyhow!("category '{t}': unknown; use one of {}", known.join(", "))
        })
    })
    .transpose()
}

fn stage(text: &str) -> anyhow::Result<Stage> {
    Stage::from_key(text).ok_or_else(|| {
        let known: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
        anyhow!("stage '{text}': unknown; use one of {}", known.join(", "))
    })
}

#[derive(Serialize)]
struct CriterionJson {
    id: u64,
    text: String,
    kind: &'static str,
    weight: Option<u8>,
    category: Option<&'static str>,
    position: u32,
    retired: bool,
}

pub fn criterion_command(
    command: CriterionCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        CriterionCommand::Add {
            text,
            kind,
            category: cat,
        } => {
            let kind = kind
                .kind()
                .ok_or_else(|| anyhow!("kind: say --must, --nice WEIGHT or --deal-breaker"))?;
            let fields = CriterionFields {
                text,
                kind,
                category: category(cat.as_deref())?,
            };
            let mut store = open(path)?;
            print_id(
                out,
                apply_plan(&mut store, PlanChange::AddCriterion(fields))?,
            )
        }
        CriterionCommand::List { all, json } => {
            let store = open(path)?;
            let list: Vec<CriterionJson> = store
                .model()
                .plan()
                .criteria()
                .iter()
                .filter(|c| all || !c.retired)
                .map(|c| CriterionJson {
                    id: c.id.0,
                    text: c.fields.text.clone(),
                    kind: match c.fields.kind {
                        CriterionKind::MustHave => "must-have",
                        CriterionKind::NiceToHave { .. } => "nice-to-have",
                        CriterionKind::DealBreaker => "deal-breaker",
                    },
                    weight: match c.fields.kind {
                        CriterionKind::NiceToHave { weight } => Some(weight),
                        _ => None,
                    },
                    category: c.fields.category.map(Category::key),
                    position: c.position,
                    retired: c.retired,
                })
                .collect();
            if json {
                return json_out(out, &list);
            }
            for c in &list {
                let kind = match c.weight {
                    Some(w) => format!("nice-to-have ({w})"),
                    None => c.kind.to_string(),
                };
                let retired = if c.retired { "  [retired]" } else { "" };
                writeln!(out, "{:>6}  {:<17} {}{retired}", c.id, kind, c.text)?;
            }
            Ok(())
        }
        CriterionCommand::Edit {
            id,
            text,
            kind,
            category: cat,
        } => {
            let mut store = open(path)?;
            let current = store
                .model()
                .plan()
                .criterion(CriterionId(id))
                .ok_or_else(|| {
                    anyhow!("criterion {id} does not exist (see `exitplan criterion list --all`)")
                })?;
            let base = crate::model::Revision::of(current);
            let mut fields = current.fields.clone();
            if let Some(text) = text {
                fields.text = text;
            }
            if let Some(kind) = kind.kind() {
                fields.kind = kind;
            }
            if cat.is_some() {
                fields.category = category(cat.as_deref())?;
            }
            apply_plan(
                &mut store,
                PlanChange::EditCriterion {
                    id: CriterionId(id),
                    base,
                    fields,
                },
            )?;
            Ok(())
        }
        CriterionCommand::Retire { id } => {
            let mut store = open(path)?;
            apply_plan(
                &mut store,
                PlanChange::SetCriterionRetired {
                    id: CriterionId(id),
                    retired: true,
                },
            )?;
            Ok(())
        }
    }
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
    let fit = store.model().plan().fit(a.id).cloned().unwrap_or_default();
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

fn find_application(store: &Store, id: u64) -> anyhow::Result<&Application> {
    store
        .model()
        .plan()
        .application(ApplicationId(id))
        .ok_or_else(|| anyhow!("application {id} does not exist (see `exitplan app list`)"))
}

pub fn application_command(
    command: ApplicationCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ApplicationCommand::Add(args) => {
            let contacts = linked_contacts(&args.contacts)?;
            let start = stage(args.stage.as_deref().unwrap_or("interested"))?;
            let next_action = match (&args.next_action, &args.next_action_date) {
                (Some(what), Some(due)) => Some(NextAction {
                    what: what.clone(),
                    due: parse_date("next-action-date", due)?,
                }),
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
            let mut store = open(path)?;
            let on = date_or_today("date", args.date.as_deref(), &store)?;
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
        ApplicationCommand::List { stage: only, json } => {
            let store = open(path)?;
            let only = only.as_deref().map(stage).transpose()?;
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
        ApplicationCommand::Show { id, json } => {
            let store = open(path)?;
            let application = application_json(&store, find_application(&store, id)?);
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
                super::network::against_baseline(&store, ApplicationId(id))
            )?;
            if let Some(decide) = application.decision_date {
                writeln!(out, "  Decide by     {decide}")?;
            }
            if let Some((due, what)) = &application.follow_up {
                writeln!(out, "  Follow-up     {what} on {due}")?;
            }
            let paths = store
                .model()
                .warm_paths(&application.company, store.today());
            for p in paths.iter().take(5) {
                if let Some(e) = store.model().contact(p.contact) {
                    writeln!(
                        out,
                        "  Warm path     {} — {}, {}",
                        e.name(),
                        p.how.label(),
                        p.warmth.code()
                    )?;
                }
            }
            if let (Some(what), Some(due)) =
                (&application.next_action, application.next_action_date)
            {
                writeln!(out, "  Next action   {what} by {due}")?;
            }
            let plan = store.model().plan();
            for criterion in plan.active_criteria() {
                let rating = find_application(&store, id)?
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
            for (stage, on) in &application.history {
                writeln!(out, "  {on}  {stage}")?;
            }
            Ok(())
        }
        ApplicationCommand::Move {
            id,
            stage: to,
            date,
        } => {
            let to = stage(&to)?;
            let mut store = open(path)?;
            find_application(&store, id)?;
            let on = date_or_today("date", date.as_deref(), &store)?;
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
            super::network::followed_up_command(id, date.as_deref(), path, out)
        }
        ApplicationCommand::Rate {
            id,
            criterion,
            rating,
        } => {
            let rating = Rating::from_key(&rating).ok_or_else(|| {
                anyhow!("rating '{rating}': unknown; use met, partly, not or unknown")
            })?;
            let mut store = open(path)?;
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
            let fit = store
                .model()
                .plan()
                .fit(ApplicationId(id))
                .cloned()
                .unwrap_or_default();
            writeln!(out, "fit {}", fit.summary())?;
            Ok(())
        }
    }
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
                date: date_or_today("date", date.as_deref(), &store)?,
                use_in_emails: for_emails,
            };
            print_id(
                out,
                apply_plan(&mut store, PlanChange::AddCapability(fields))?,
            )
        }
        CapabilityCommand::List { tag, json } => {
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
    if let Some(on) = optional_date("asked-on", args.asked_on.as_deref())? {
        fields.asked_on = Some(on);
    }
    if let Some(on) = optional_date("revisit-on", args.revisit_on.as_deref())? {
        fields.revisit_on = Some(on);
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
        AskCommand::List { json } => {
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
        date: date_or_today("date", args.date.as_deref(), &store)?,
        signs,
        overall: args.overall.context("overall: required (1 to 5)")?,
        note: args.note.unwrap_or_default(),
    };
    print_id(
        out,
        apply_plan(&mut store, PlanChange::RecordCheckIn(fields))?,
    )
}

pub fn export_command(
    command: ExportCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ExportCommand::Brag { out: file } => {
            let store = open(path)?;
            let markdown = crate::interop::brag::brag_markdown(
                &store.model().plan().capabilities(false),
                store.today(),
            );
            match file {
                Some(file) => {
                    crate::interop::write_file_atomically(&file, markdown.as_bytes())
                        .with_context(|| format!("could not write {}", file.display()))?;
                    writeln!(out, "Wrote {}", file.display())?;
                }
                None => out.write_all(markdown.as_bytes())?,
            }
            Ok(())
        }
        ExportCommand::Json { out: file, encrypt } => {
            let store = open(path)?;
            let backup = store.backup()?;
            let mut bytes = serde_json::to_vec(&backup)?;
            if encrypt {
                let passphrase = super::import::backup_passphrase(true)?;
                bytes = crate::interop::encryption::encrypt(&bytes, &passphrase)?;
            }
            crate::interop::write_file_atomically(&file, &bytes)
                .with_context(|| format!("could not write {}", file.display()))?;
            writeln!(
                out,
                "Wrote {} ({} contacts, {} touchpoints, {} applications; the SMTP password is never included)",
                file.display(),
                backup.contacts.len(),
                backup.touchpoints.len(),
                backup.applications.len()
            )?;
            Ok(())
        }
        ExportCommand::Ics { out: file } => {
            let store = open(path)?;
            let text = crate::interop::ics::calendar(store.model(), store.clock().now());
            crate::interop::write_file_atomically(&file, text.as_bytes())
                .with_context(|| format!("could not write {}", file.display()))?;
            writeln!(
                out,
                "Wrote {} ({} events)",
                file.display(),
                text.matches("BEGIN:VEVENT").count()
            )?;
            Ok(())
        }
        ExportCommand::Vcard { out: file } => {
            let store = open(path)?;
            let contacts: Vec<&crate::model::ContactFields> = store
                .model()
                .contacts()
                .iter()
                .filter(|e| !e.contact.archived)
                .map(|e| &e.contact.fields)
                .collect();
            let text = crate::interop::vcard::write(contacts.iter().copied());
            crate::interop::write_file_atomically(&file, text.as_bytes())
                .with_context(|| format!("could not write {}", file.display()))?;
            writeln!(
                out,
                "Wrote {} ({} contacts)",
                file.display(),
                contacts.len()
            )?;
            Ok(())
        }
        ExportCommand::Csv { out: file, what } => {
            let store = open(path)?;
            let bytes = match what {
                ExportWhat::Contacts => crate::interop::table::contacts_csv(store.model()),
                ExportWhat::Applications => crate::interop::table::applications_csv(store.model()),
            };
            crate::interop::write_file_atomically(&file, &bytes)
                .with_context(|| format!("could not write {}", file.display()))?;
            writeln!(out, "Wrote {}", file.display())?;
            Ok(())
        }
    }
}
