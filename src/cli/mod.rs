//! The command line: clap definitions, and the headless commands that read and write the
//! store. `main` only parses and dispatches; every command returns a `Result`, and
//! errors are printed once, here, to stderr, with exit code 1 (2 for usage mistakes,
//! 3 when another exitplan holds the database).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::model::{
    Circle, Contact, ContactFields, ContactId, Direction, Discretion, FollowUp, TouchpointFields,
    TouchpointKind, Warmth,
};
use crate::store::{Change, ContactEntry, OpenError, Store};

mod desktop;
mod import;
mod mail;
mod network;
mod plan;
mod snapshots;

/// exitplan — your private plan: contacts, touchpoints and who is due, on this machine only.
#[derive(Debug, Parser)]
#[command(name = "exitplan", version, about, long_about = None)]
pub struct Cli {
    /// The database file [default: the platform data folder; also EXITPLAN_DB]
    #[arg(long, global = true, env = "EXITPLAN_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, edit or archive contacts
    Contact {
        #[command(subcommand)]
        command: ContactCommand,
    },
    /// Log a touchpoint with one or more contacts
    Log(LogArgs),
    /// Due contacts and due follow-ups, most overdue first
    Due {
        #[arg(long)]
        json: bool,
    },
    /// Write a demo dataset (about 40 contacts, 150 touchpoints) into an empty database
    Demo,
    /// Dream-job criteria: add, list, edit, retire
    Criterion {
        #[command(subcommand)]
        command: plan::CriterionCommand,
    },
    /// Applications and opportunities: add, list, show, move, rate
    #[command(name = "app")]
    Application {
        #[command(subcommand)]
        command: plan::ApplicationCommand,
    },
    /// The capability log: add, list
    Capability {
        #[command(subcommand)]
        command: plan::CapabilityCommand,
    },
    /// What you need from management: add, list, update
    Ask {
        #[command(subcommand)]
        command: plan::AskCommand,
    },
    /// Record this week's check-in (or --list them with the trend)
    Checkin(plan::CheckInArgs),
    /// Export documents
    Export {
        #[command(subcommand)]
        command: plan::ExportCommand,
    },
    /// Import contacts from a file (LinkedIn's Connections.csv), with a plan first
    Import(import::ImportArgs),
    /// Restore a JSON backup into an empty database
    Restore { file: PathBuf },
    /// The daily snapshots kept beside the database, and restoring one
    Snapshots {
        #[command(subcommand)]
        command: snapshots::SnapshotsCommand,
    },
    /// Show or change settings (identity, employer, SMTP, digest, default cadences)
    Settings {
        #[command(subcommand)]
        command: mail::SettingsCommand,
    },
    /// Store the SMTP password, or test the connection
    Smtp {
        #[command(subcommand)]
        command: mail::SmtpCommand,
    },
    /// The periodic run: draft reminders for due contacts; --send sends approved
    /// emails; --digest mails you the digest
    Remind(mail::RemindArgs),
    /// Reminder emails: list, show, approve, edit, discard, resolve
    Outbox {
        #[command(subcommand)]
        command: mail::OutboxCommand,
    },
    /// Who you know at a company (a name or a domain), best first
    Paths {
        company: String,
        #[arg(long)]
        json: bool,
    },
    /// Not due before a date (a later real touch clears it)
    Snooze {
        id: u64,
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: String,
    },
    /// Rate your current job on the dream-job criteria: the baseline every
    /// opportunity is compared with
    Baseline {
        #[command(subcommand)]
        command: network::BaselineCommand,
    },
    /// Install the launcher and icon for the applications menu, or remove them
    Desktop {
        #[command(subcommand)]
        command: desktop::DesktopCommand,
    },
    /// Run `remind` every hour with a systemd user timer (or print a crontab line)
    Schedule {
        #[command(subcommand)]
        command: mail::ScheduleCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact; prints its id
    Add {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        details: ContactDetails,
    },
    /// List contacts (archived ones are left out)
    List {
        /// Only contacts with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only contacts due today
        #[arg(long)]
        due: bool,
        /// Only contacts this warm: warm, cooling or cold
        #[arg(long, value_name = "WARMTH", value_parser = parse_warmth)]
        warmth: Option<Warmth>,
        #[arg(long)]
        json: bool,
    },
    /// Show one contact with its figures and recent touchpoints
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
    },
    /// Change a contact; only the given fields change (--email and --tag replace the lists)
    Edit {
        id: u64,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        details: ContactDetails,
        /// Mark as external (outside the current employer)
        #[arg(long, conflicts_with = "internal")]
        external: bool,
        /// Remove the keep-in-touch cadence
        #[arg(long, conflicts_with = "cadence")]
        no_cadence: bool,
    },
    /// Archive a contact (kept, but out of lists and reminders)
    Archive { id: u64 },
}

#[derive(Debug, Args)]
pub struct ContactDetails {
    /// Email address (repeat for several; the first is primary)
    #[arg(long = "email", value_name = "ADDR")]
    pub emails: Vec<String>,
    #[arg(long = "org", value_name = "ORG")]
    pub organization: Option<String>,
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Tag (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Works at the current employer
    #[arg(long)]
    pub internal: bool,
    /// Keep-in-touch cadence in days
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<u32>,
    /// Who may hear what: knows (I'm looking), capabilities (only), never (must not know)
    #[arg(long, value_name = "LEVEL", value_parser = parse_discretion)]
    pub discretion: Option<Discretion>,
    /// A company they worked at before (repeat for several; on edit, replaces the list)
    #[arg(long = "formerly-at", value_name = "ORG")]
    pub formerly_at: Vec<String>,
    /// Send reminder drafts for this contact without asking (yes/no)
    #[arg(long, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub auto_send: Option<bool>,
    /// When you met (YYYY-MM-DD); a contact never touched is first due one cadence after
    /// it was added or met, whichever is later
    #[arg(long = "met-on", value_name = "DATE", value_parser = parse_met_on)]
    pub met_on: Option<NaiveDate>,
}

fn parse_met_on(text: &str) -> Result<NaiveDate, String> {
    crate::model::typed_date(text)
}

fn parse_warmth(text: &str) -> Result<Warmth, String> {
    Warmth::parse(text).ok_or_else(|| format!("'{text}' is not one of: warm, new, cooling, cold"))
}

fn parse_discretion(text: &str) -> Result<Discretion, String> {
    Discretion::parse(text)
        .ok_or_else(|| format!("'{text}' is not one of: knows, capabilities, never"))
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("direction").required(true).args(["gave", "received", "mutual"])))]
pub struct LogArgs {
    /// Contact id (repeat for several)
    #[arg(long = "contact", value_name = "ID", required = true)]
    pub contacts: Vec<u64>,
    /// email, call, coffee, meeting, event, message, social-comment, intro or other
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// You gave support
    #[arg(long)]
    pub gave: bool,
    /// You received support
    #[arg(long)]
    pub received: bool,
    /// Support went both ways
    #[arg(long)]
    pub mutual: bool,
    #[arg(long, value_name = "TEXT")]
    pub summary: String,
    /// When it happened [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Date of a follow-up to do
    #[arg(
        long = "follow-up",
        value_name = "YYYY-MM-DD",
        requires = "follow_up_note"
    )]
    pub follow_up: Option<String>,
    /// What the follow-up is
    #[arg(long = "follow-up-note", value_name = "TEXT", requires = "follow_up")]
    pub follow_up_note: Option<String>,
}

/// What the command line asked for: the database, and a command (none: the window).
pub struct Invocation {
    pub path: PathBuf,
    pub command: Option<Command>,
}

/// Parses the command line; on a parse error, help or a bad `--db`, the exit code after
/// saying so.
pub fn parse() -> Result<Invocation, ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // If even this cannot be printed, the exit code still says it.
            let _ = e.print();
            return Err(ExitCode::from(if e.use_stderr() { 2 } else { 0 }));
        }
    };
    let path = match cli.db.clone().map_or_else(default_db_path, Ok) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Err(ExitCode::from(1));
        }
    };
    // A typo in --db must not leave folders behind: only the file itself is created
    // (the default place's folders are made as needed).
    if cli.db.is_some()
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        eprintln!(
            "error: the folder {} does not exist: check the --db path (exitplan creates the database file, not folders)",
            parent.display()
        );
        return Err(ExitCode::from(1));
    }
    Ok(Invocation {
        path,
        command: cli.command,
    })
}

/// Runs one command on the database at `path`; the process's exit code.
pub fn execute(command: Command, path: &Path) -> ExitCode {
    match run(command, path) {
        Ok(()) => {
            if let Some(created) = CREATED.lock().ok().and_then(|mut c| c.take()) {
                eprintln!("created a new database at {}", created.display());
            }
            ExitCode::SUCCESS
        }
        // The reader went away (`exitplan contact list | head -1`): nothing is wrong.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if let Some(open) = e.downcast_ref::<OpenError>()
                && open.is_damage()
                && let Some(advice) = crate::store::snapshots::advice(path)
            {
                eprintln!("{advice}");
            }
            let code = e
                .downcast_ref::<OpenError>()
                .map_or(1, OpenError::exit_code);
            ExitCode::from(code)
        }
    }
}

/// Whether the error is a write to a closed pipe, anywhere in its chain.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Where the database lives when neither --db nor EXITPLAN_DB says otherwise.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "exitplan")
        .ok_or_else(|| anyhow!("no home folder found; pass --db PATH"))?;
    Ok(dirs.data_dir().join("exitplan.redb"))
}

/// How long a command waits for another exitplan to release the database:
/// `EXITPLAN_LOCK_WAIT_SECS` (0 to a day; anything else is the default).
pub(crate) fn lock_wait_or(default_secs: f64) -> Duration {
    let secs = std::env::var("EXITPLAN_LOCK_WAIT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && (0.0..=86_400.0).contains(s))
        .unwrap_or(default_secs);
    Duration::from_secs_f64(secs)
}

fn lock_wait() -> Duration {
    lock_wait_or(5.0)
}

/// A database this command created, told once the command succeeded.
static CREATED: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

pub(crate) fn open(path: &Path) -> anyhow::Result<Store> {
    // An empty file (made by `touch`, or a first run stopped before redb wrote a byte)
    // becomes a new database as well, and is told as one.
    let new = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    let store = Store::open_waiting(path, lock_wait())?;
    if new && let Ok(mut created) = CREATED.lock() {
        *created = Some(path.to_path_buf());
    }
    Ok(store)
}

fn run(command: Command, path: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Contact { command } => contact_command(command, path, &mut out),
        Command::Log(args) => {
            let fields = log_fields(&args)?;
            let mut store = open(path)?;
            let id = store.apply(Change::LogTouchpoint(fields))?;
            writeln!(
                out,
                "{}",
                id.touchpoint_id().expect("a touchpoint was logged")
            )?;
            Ok(())
        }
        Command::Criterion { command } => plan::criterion_command(command, path, &mut out),
        Command::Application { command } => plan::application_command(command, path, &mut out),
        Command::Capability { command } => plan::capability_command(command, path, &mut out),
        Command::Ask { command } => plan::ask_command(command, path, &mut out),
        Command::Checkin(args) => plan::checkin_command(args, path, &mut out),
        Command::Export { command } => plan::export_command(command, path, &mut out),
        Command::Import(args) => import::import_command(args, path, &mut out),
        Command::Restore { file } => import::restore_command(&file, path, &mut out),
        Command::Snapshots { command } => snapshots::snapshots_command(command, path, &mut out),
        Command::Settings { command } => mail::settings_command(command, path, &mut out),
        Command::Smtp { command } => mail::smtp_command(command, path, &mut out),
        Command::Remind(args) => mail::remind_command(args, path, &mut out),
        Command::Outbox { command } => mail::outbox_command(command, path, &mut out),
        Command::Schedule { command } => mail::schedule_command(command, path, &mut out),
        Command::Paths { company, json } => network::paths_command(&company, json, path, &mut out),
        Command::Snooze { id, until } => network::snooze_command(id, &until, path, &mut out),
        Command::Desktop { command } => desktop::desktop_command(command, &mut out),
        Command::Baseline { command } => network::baseline_command(command, path, &mut out),
        Command::Due { json } => {
            let store = open(path)?;
            due_command(&store, json, &mut out)
        }
        Command::Demo => {
            let mut store = open(path)?;
            if !store.model().is_empty() {
                bail!(
                    "{} already has contacts; demo data only goes into an empty database (choose a new file with --db)",
                    path.display()
                );
            }
            let contacts = crate::demo::write_demo(&mut store)?;
            writeln!(
                out,
                "Wrote {contacts} demo contacts and 150 touchpoints to {}",
                path.display()
            )?;
            Ok(())
        }
    }
}

fn contact_command(
    command: ContactCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ContactCommand::Add { name, details } => {
            let mut fields = ContactFields {
                name,
                ..ContactFields::default()
            };
            apply_details(&mut fields, details);
            let mut store = open(path)?;
            let id = store.apply(Change::AddContact(fields))?;
            writeln!(out, "{}", id.contact_id().expect("a contact was added"))?;
        }
        ContactCommand::List {
            tag,
            due,
            warmth,
            json,
        } => {
            let store = open(path)?;
            let today = store.today();
            let model = store.model();
            let entries: Vec<&ContactEntry> = if due {
                model
                    .due_contacts(today)
                    .iter()
                    .filter_map(|d| model.contact(d.id))
                    .collect()
            } else {
                model.contacts().iter().collect()
            };
            let entries: Vec<&ContactEntry> = entries
                .into_iter()
                .filter(|e| !e.contact.archived)
                .filter(|e| tag.as_deref().is_none_or(|t| e.contact.has_tag(t)))
                .filter(|e| warmth.is_none_or(|w| e.warmth(today) == w))
                .collect();
            if json {
                let list: Vec<ContactJson> = entries
                    .iter()
                    .map(|e| ContactJson::from_entry(e, today))
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)?;
            } else {
                for e in entries {
                    writeln!(out, "{}", contact_line(e, today))?;
                }
            }
        }
        ContactCommand::Show { id, json } => {
            let store = open(path)?;
            let entry = find(&store, id)?;
            if json {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &ContactJson::from_entry(entry, store.today()),
                )?;
                writeln!(out)?;
            } else {
                show_contact(&store, entry, out)?;
            }
        }
        ContactCommand::Edit {
            id,
            name,
            details,
            external,
            no_cadence,
        } => {
            let mut store = open(path)?;
            let entry = find(&store, id)?;
            let base = entry.revision();
            let mut fields = entry.contact.fields.clone();
            if let Some(name) = name {
                fields.name = name;
            }
            if !details.emails.is_empty() {
                fields.emails.clear();
            }
            if !details.tags.is_empty() {
                fields.tags.clear();
            }
            if !details.formerly_at.is_empty() {
                fields.formerly_at.clear();
            }
            let was_internal = fields.circle == Circle::Internal;
            apply_details(&mut fields, details);
            if was_internal && !external {
                fields.circle = Circle::Internal;
            }
            if external {
                fields.circle = Circle::External;
            }
            if no_cadence {
                fields.cadence_days = None;
            }
            store.apply(Change::EditContact {
                id: ContactId(id),
                base,
                fields,
            })?;
        }
        ContactCommand::Archive { id } => {
            let mut store = open(path)?;
            find(&store, id)?;
            store.apply(Change::SetArchived {
                id: ContactId(id),
                archived: true,
            })?;
        }
    }
    Ok(())
}

fn apply_details(fields: &mut ContactFields, details: ContactDetails) {
    fields.emails.extend(details.emails);
    fields.tags.extend(details.tags);
    fields.formerly_at.extend(details.formerly_at);
    if let Some(org) = details.organization {
        fields.organization = org;
    }
    if let Some(title) = details.title {
        fields.title = title;
    }
    fields.circle = if details.internal {
        Circle::Internal
    } else {
        Circle::External
    };
    if details.cadence.is_some() {
        fields.cadence_days = details.cadence;
    }
    if details.discretion.is_some() {
        fields.discretion = details.discretion;
    }
    if let Some(auto_send) = details.auto_send {
        fields.auto_send = auto_send;
    }
    if details.met_on.is_some() {
        fields.met_on = details.met_on;
    }
}

fn find(store: &Store, id: u64) -> anyhow::Result<&ContactEntry> {
    store
        .model()
        .contact(ContactId(id))
        .ok_or_else(|| anyhow!("contact {id} does not exist (see `exitplan contact list`)"))
}

pub(crate) fn parse_date(field: &str, text: &str) -> anyhow::Result<NaiveDate> {
    if NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_err() {
        bail!("{field} '{text}': not a date like 2026-11-24");
    }
    crate::model::typed_date(text).map_err(|reason| anyhow!("{field}: {reason}"))
}

fn log_fields(args: &LogArgs) -> anyhow::Result<TouchpointFields> {
    let kind = TouchpointKind::from_key(&args.kind).ok_or_else(|| {
        let known: Vec<&str> = TouchpointKind::ALL.iter().map(|k| k.key()).collect();
        anyhow!(
            "kind '{}': unknown; use one of {}",
            args.kind,
            known.join(", ")
        )
    })?;
    let direction = if args.gave {
        Direction::Gave
    } else if args.received {
        Direction::Received
    } else {
        Direction::Mutual
    };
    let date = match &args.date {
        Some(text) => parse_date("date", text)?,
        None => chrono::Local::now().date_naive(),
    };
    let follow_up = match (&args.follow_up, &args.follow_up_note) {
        (Some(due), Some(what)) => Some(FollowUp {
            due: parse_date("follow-up", due)?,
            what: what.clone(),
            done: false,
        }),
        _ => None,
    };
    Ok(TouchpointFields {
        contacts: args.contacts.iter().map(|id| ContactId(*id)).collect(),
        date,
        time: None,
        kind,
        direction,
        summary: args.summary.clone(),
        follow_up,
    })
}

/// A contact as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct ContactJson {
    pub id: u64,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organization: String,
    pub title: String,
    pub how_we_met: String,
    pub tags: Vec<String>,
    pub circle: &'static str,
    pub trust: Option<&'static str>,
    pub shared_note: String,
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub links: Vec<String>,
    /// knows, capabilities or never.
    pub discretion: &'static str,
    pub auto_send: bool,
    pub met_on: Option<NaiveDate>,
    pub formerly_at: Vec<String>,
    /// The cadence in effect (the contact's own, else its tags', else its circle's).
    pub effective_cadence_days: Option<u32>,
    /// warm, cooling or cold.
    pub warmth: &'static str,
    pub archived: bool,
    pub snoozed_until: Option<NaiveDate>,
    pub last_touch: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub touchpoints: u32,
    pub gave: u32,
    pub received: u32,
    pub mutual: u32,
    pub created: String,
    pub updated: String,
}

impl ContactJson {
    pub fn from_entry(entry: &ContactEntry, today: NaiveDate) -> Self {
        let Contact {
            id,
            fields,
            archived,
            snoozed_until,
            created,
            updated,
        } = entry.contact.clone();
        Self {
            id: id.0,
            name: fields.name,
            emails: fields.emails,
            phones: fields.phones,
            organization: fields.organization,
            title: fields.title,
            how_we_met: fields.how_we_met,
            tags: fields.tags,
            circle: fields.circle.label(),
            trust: fields.trust.map(|t| t.label()),
            shared_note: fields.shared_note,
            cadence_days: fields.cadence_days,
            notes: fields.notes,
            links: fields.links,
            discretion: fields.discretion.unwrap_or_default().code(),
            auto_send: fields.auto_send,
            met_on: fields.met_on,
            formerly_at: fields.formerly_at,
            effective_cadence_days: entry.cadence_days,
            warmth: entry.warmth(today).code(),
            archived,
            snoozed_until,
            last_touch: entry.stats.last_touch,
            next_due: entry.next_due,
            touchpoints: entry.stats.touchpoints,
            gave: entry.stats.reciprocity.gave,
            received: entry.stats.reciprocity.received,
            mutual: entry.stats.reciprocity.mutual,
            created: created.to_datetime().to_rfc3339(),
            updated: updated.to_datetime().to_rfc3339(),
        }
    }
}

fn contact_line(e: &ContactEntry, today: NaiveDate) -> String {
    let f = &e.contact.fields;
    let due = e
        .next_due
        .map_or_else(|| "-".to_string(), |d| d.to_string());
    format!(
        "{:>6}  {}  {}  {}  {}  next due {}",
        e.id(),
        f.name,
        if f.organization.is_empty() {
            "-"
        } else {
            &f.organization
        },
        f.primary_email().unwrap_or("-"),
        e.warmth(today).code(),
        due
    )
}

fn show_contact(store: &Store, e: &ContactEntry, out: &mut impl Write) -> anyhow::Result<()> {
    let f = &e.contact.fields;
    writeln!(out, "{} (#{})", f.name, e.id())?;
    let mut line = |label: &str, value: &str| -> std::io::Result<()> {
        if value.is_empty() {
            Ok(())
        } else {
            writeln!(out, "  {label:<14}{value}")
        }
    };
    line("Emails", &f.emails.join(", "))?;
    line("Phones", &f.phones.join(", "))?;
    line("Organization", &f.organization)?;
    line("Title", &f.title)?;
    line("Circle", f.circle.label())?;
    line("Reminders", f.discretion.unwrap_or_default().label())?;
    line("Trust", f.trust.map_or("", |t| t.label()))?;
    line("Shared", &f.shared_note)?;
    line("How we met", &f.how_we_met)?;
    line("Met on", &f.met_on.map_or(String::new(), |d| d.to_string()))?;
    line("Tags", &f.tags.join(", "))?;
    line("Formerly at", &f.formerly_at.join(", "))?;
    line(
        "Cadence",
        &match (f.cadence_days, e.cadence_days) {
            (Some(d), _) => format!("every {d} days"),
            (None, Some(d)) => format!("every {d} days (the default for its tags or circle)"),
            (None, None) => String::new(),
        },
    )?;
    line("Warmth", e.warmth(store.today()).label())?;
    line(
        "Snoozed until",
        &e.contact
            .snoozed_until
            .map_or(String::new(), |d| d.to_string()),
    )?;
    line(
        "Last touch",
        &e.stats.last_touch.map_or(String::new(), |d| d.to_string()),
    )?;
    line(
        "Next due",
        &e.next_due.map_or(String::new(), |d| d.to_string()),
    )?;
    line("Reciprocity", &e.stats.reciprocity.summary())?;
    line("Links", &f.links.join(", "))?;
    line("Archived", if e.contact.archived { "yes" } else { "" })?;
    if !f.notes.is_empty() {
        writeln!(out, "  Notes\n    {}", f.notes.replace('\n', "\n    "))?;
    }
    let recent = store.contact_touchpoints(e.id(), 10)?;
    if !recent.is_empty() {
        writeln!(out, "  Recent touchpoints")?;
        for t in recent {
            writeln!(
                out,
                "    {}  {:<15} {:<17} {}",
                t.fields.date,
                t.fields.kind.label(),
                t.fields.direction.label(),
                t.fields.summary
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct DueJson {
    contacts: Vec<DueContactJson>,
    follow_ups: Vec<DueFollowUpJson>,
    applications: Vec<DueApplicationJson>,
}

/// An application's rhythm follow-up that is due.
#[derive(Serialize)]
struct DueApplicationJson {
    application: u64,
    company: String,
    role: String,
    stage: &'static str,
    due: NaiveDate,
    days_overdue: i64,
    what: String,
    step: u32,
    of: u32,
}

#[derive(Serialize)]
struct DueContactJson {
    id: u64,
    name: String,
    organization: String,
    due: NaiveDate,
    days_overdue: i64,
    last_touch: Option<NaiveDate>,
}

#[derive(Serialize)]
struct DueFollowUpJson {
    touchpoint: u64,
    due: NaiveDate,
    days_overdue: i64,
    what: String,
    contacts: Vec<u64>,
    names: String,
}

fn due_command(store: &Store, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let today = store.today();
    let model = store.model();
    // The same question Today, the digest and the reminder run ask.
    let contacts: Vec<DueContactJson> = model
        .due_contacts(today)
        .into_iter()
        .filter_map(|d| {
            let e = model.contact(d.id)?;
            Some(DueContactJson {
                id: d.id.0,
                name: e.contact.fields.name.clone(),
                organization: e.contact.fields.organization.clone(),
                due: d.due,
                days_overdue: d.days_overdue,
                last_touch: e.stats.last_touch,
            })
        })
        .collect();
    let follow_ups: Vec<DueFollowUpJson> = model
        .due_follow_ups(today)
        .into_iter()
        .map(|f| DueFollowUpJson {
            touchpoint: f.touchpoint.0,
            due: f.due,
            days_overdue: (today - f.due).num_days(),
            what: f.what.clone(),
            contacts: f.contacts.iter().map(|c| c.0).collect(),
            names: model.names(&f.contacts),
        })
        .collect();
    let applications: Vec<DueApplicationJson> = model
        .plan()
        .rhythm_due(&model.settings().rhythms, today)
        .into_iter()
        .map(|(a, item)| DueApplicationJson {
            application: a.id.0,
            company: a.fields.company.clone(),
            role: a.fields.role.clone(),
            stage: a.stage.key(),
            due: item.due,
            days_overdue: (today - item.due).num_days(),
            what: item.what,
            step: item.step,
            of: item.of,
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(
            &mut *out,
            &DueJson {
                contacts,
                follow_ups,
                applications,
            },
        )?;
        writeln!(out)?;
        return Ok(());
    }
    if contacts.is_empty() && follow_ups.is_empty() && applications.is_empty() {
        writeln!(out, "Nothing is due today.")?;
        return Ok(());
    }
    // One section per kind: a heading with the count, then one line each (id, what,
    // days overdue).
    type Lines = Vec<(u64, String, i64)>;
    let sections: [(&str, Lines); 3] = [
        (
            "Due contacts",
            contacts
                .iter()
                .map(|c| (c.id, c.name.clone(), c.days_overdue))
                .collect(),
        ),
        (
            "Due follow-ups",
            follow_ups
                .iter()
                .map(|f| {
                    (
                        f.touchpoint,
                        format!("{} — {}", f.what, f.names),
                        f.days_overdue,
                    )
                })
                .collect(),
        ),
        (
            "Due application follow-ups",
            applications
                .iter()
                .map(|a| {
                    (
                        a.application,
                        format!(
                            "{} — {} at {} ({} of {})",
                            a.what, a.role, a.company, a.step, a.of
                        ),
                        a.days_overdue,
                    )
                })
                .collect(),
        ),
    ];
    for (heading, lines) in sections {
        if lines.is_empty() {
            continue;
        }
        writeln!(out, "{heading} ({}):", lines.len())?;
        for (id, text, days) in lines {
            writeln!(
                out,
                "{id:>6}  {text}  {}",
                crate::model::overdue_words(days)
            )?;
        }
    }
    Ok(())
}
