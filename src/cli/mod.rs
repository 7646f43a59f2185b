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

mod application;
mod ask;
mod capability;
mod checkin;
mod contact;
mod criterion;
mod desktop;
mod due;
mod export;
mod import;
mod mail;
mod network;
mod outbox;
mod plan;
mod snapshots;

use contact::find;
pub use contact::{ContactCommand, ContactDetails, LogArgs};

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
    Due(JsonFlag),
    /// Write a demo dataset (about 40 contacts, 150 touchpoints) into an empty database
    Demo,
    /// Dream-job criteria: add, list, edit, retire
    Criterion {
        #[command(subcommand)]
        command: criterion::CriterionCommand,
    },
    /// Applications and opportunities: add, list, show, move, rate
    #[command(name = "app")]
    Application {
        #[command(subcommand)]
        command: application::ApplicationCommand,
    },
    /// The capability log: add, list
    Capability {
        #[command(subcommand)]
        command: capability::CapabilityCommand,
    },
    /// What you need from management: add, list, update
    Ask {
        #[command(subcommand)]
        command: ask::AskCommand,
    },
    /// Record this week's check-in (or --list them with the trend)
    Checkin(checkin::CheckInArgs),
    /// Export documents
    Export {
        #[command(subcommand)]
        command: export::ExportCommand,
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
        command: outbox::OutboxCommand,
    },
    /// Who you know at a company (a name or a domain), best first
    Paths {
        company: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Not due before a date (a later real touch clears it)
    Snooze {
        id: u64,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_flag)]
        until: NaiveDate,
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

/// `--json`: the answer as JSON instead of lines (every list and show has it).
#[derive(Debug, Clone, Copy, Args)]
pub struct JsonFlag {
    #[arg(long)]
    pub json: bool,
}

/// `show ID [--json]`: one record by its id.
#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: u64,
    #[command(flatten)]
    pub output: JsonFlag,
}

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
            tell(format_args!("error: {e:#}"));
            return Err(ExitCode::from(1));
        }
    };
    // A typo in --db must not leave folders behind: only the file itself is created
    // (the default place's folders are made as needed).
    if cli.db.is_some()
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        tell(format_args!(
            "error: the folder {} does not exist: check the --db path (exitplan creates the database file, not folders)",
            parent.display()
        ));
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
                tell(format_args!(
                    "created a new database at {}",
                    created.display()
                ));
            }
            ExitCode::SUCCESS
        }
        // The reader went away (`exitplan contact list | head -1`): nothing is wrong.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            tell(format_args!("error: {e:#}"));
            if let Some(open) = e.downcast_ref::<OpenError>()
                && open.is_damage()
                && let Some(advice) = crate::store::snapshots::advice(path)
            {
                tell(format_args!("{advice}"));
            }
            let code = e
                .downcast_ref::<OpenError>()
                .map_or(1, OpenError::exit_code);
            ExitCode::from(code)
        }
    }
}

/// Says one line on standard error. Dropped when that fails too (`2>&1 | head -0`):
/// the exit code is all that can still tell, where `eprintln!` would panic (exit 101).
fn tell(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{line}");
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
    opened(path, Store::open_waiting)
}

/// For a command about one record: the contacts are read from the tables as needed,
/// not loaded whole ([`Store::open_for_records`]).
pub(crate) fn open_for_records(path: &Path) -> anyhow::Result<Store> {
    opened(path, Store::open_for_records_waiting)
}

fn opened(
    path: &Path,
    open: fn(&Path, std::time::Duration) -> Result<Store, OpenError>,
) -> anyhow::Result<Store> {
    // An empty file (made by `touch`, or a first run stopped before redb wrote a byte)
    // becomes a new database as well, and is told as one.
    let new = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    let store = open(path, lock_wait())?;
    if new && let Ok(mut created) = CREATED.lock() {
        *created = Some(path.to_path_buf());
    }
    Ok(store)
}

fn run(command: Command, path: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Contact { command } => contact::contact_command(command, path, &mut out),
        Command::Log(args) => {
            let fields = contact::log_fields(&args)?;
            let mut store = open_for_records(path)?;
            let id = store.apply(Change::LogTouchpoint(fields))?;
            writeln!(
                out,
                "{}",
                id.touchpoint_id().expect("a touchpoint was logged")
            )?;
            Ok(())
        }
        Command::Criterion { command } => criterion::criterion_command(command, path, &mut out),
        Command::Application { command } => {
            application::application_command(command, path, &mut out)
        }
        Command::Capability { command } => capability::capability_command(command, path, &mut out),
        Command::Ask { command } => ask::ask_command(command, path, &mut out),
        Command::Checkin(args) => checkin::checkin_command(args, path, &mut out),
        Command::Export { command } => export::export_command(command, path, &mut out),
        Command::Import(args) => import::import_command(args, path, &mut out),
        Command::Restore { file } => import::restore_command(&file, path, &mut out),
        Command::Snapshots { command } => snapshots::snapshots_command(command, path, &mut out),
        Command::Settings { command } => mail::settings_command(command, path, &mut out),
        Command::Smtp { command } => mail::smtp_command(command, path, &mut out),
        Command::Remind(args) => mail::remind_command(args, path, &mut out),
        Command::Outbox { command } => outbox::outbox_command(command, path, &mut out),
        Command::Schedule { command } => mail::schedule_command(command, path, &mut out),
        Command::Paths {
            company,
            output: JsonFlag { json },
        } => network::paths_command(&company, json, path, &mut out),
        Command::Snooze { id, until } => network::snooze_command(id, until, path, &mut out),
        Command::Desktop { command } => desktop::desktop_command(command, &mut out),
        Command::Baseline { command } => network::baseline_command(command, path, &mut out),
        Command::Due(JsonFlag { json }) => {
            let store = open(path)?;
            due::due_command(&store, json, &mut out)
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

/// Why a date flag's value was refused; clap says which flag and which value before
/// it ("invalid value '2026-13-40' for '--date <YYYY-MM-DD>': not a date like …").
#[derive(Debug, thiserror::Error)]
pub(crate) enum DateFlagError {
    #[error("not a date like 2026-11-24")]
    NotADate,
    #[error(transparent)]
    OutsideYears(crate::model::DateError),
}

/// Reads a date flag while the command line is parsed: `YYYY-MM-DD`, in the years a
/// typed date may fall in ([`crate::model::typed_date`]). A bad one is a usage
/// mistake (exit 2), refused before the database is opened.
pub(crate) fn date_flag(text: &str) -> Result<NaiveDate, DateFlagError> {
    crate::model::typed_date(text).map_err(|e| match e {
        crate::model::DateError::NotADate(_) => DateFlagError::NotADate,
        outside => DateFlagError::OutsideYears(outside),
    })
}

/// A flag's value that is not one of the words the flag takes.
#[derive(Debug, thiserror::Error)]
#[error("'{value}' is not one of: {known}")]
pub(crate) struct NotOneOf {
    value: String,
    known: String,
}

impl NotOneOf {
    fn new(value: &str, known: impl Into<String>) -> Self {
        Self {
            value: value.to_string(),
            known: known.into(),
        }
    }
}
