//! The reminder-email commands: `settings`, `smtp`, `remind` and `schedule` (`outbox` is
//! in outbox.rs).
//! Each opens the store, acts through `Store::apply` or `mail::run`, and prints plain
//! lines or `--json`.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::mail::credentials::{self, PasswordSource};
use crate::mail::run;
use crate::mail::schedule;
use crate::mail::smtp::{Mailer, MailerOptions, Secret};
use crate::model::OutboxEntry;
use crate::store::{Change, Store};

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting and its value (the SMTP password is never shown or stored here)
    Show(super::JsonFlag),
    /// Change one setting, e.g. `settings set smtp.security starttls`
    Set { key: String, value: String },
}

#[derive(Debug, Subcommand)]
pub enum SmtpCommand {
    /// Store the SMTP password (read from standard input, not echoed) in the system
    /// keyring, or in a file only you can read
    Password,
    /// Connect and log in to the SMTP server; with --to, also send a short test email
    Test {
        #[arg(long, value_name = "ADDR")]
        to: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Also send approved emails (and drafts for contacts set to send without asking)
    #[arg(long)]
    pub send: bool,
    /// Also mail yourself the digest, when the digest schedule says so (at most daily)
    #[arg(long)]
    pub digest: bool,
    #[command(flatten)]
    pub output: super::JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Install a systemd user timer that runs `remind --send --digest` every hour
    /// (missed runs catch up); with --cron, print a crontab line instead
    Install {
        #[arg(long)]
        cron: bool,
        /// Write the units but do not run systemctl
        #[arg(long)]
        no_start: bool,
    },
    /// Stop and remove the systemd user timer
    Remove {
        #[arg(long)]
        no_start: bool,
    },
}

pub fn settings_command(
    command: SettingsCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        SettingsCommand::Show(super::JsonFlag { json }) => {
            let store = super::open(path)?;
            let entries = store.model().settings().entries();
            if json {
                let map: serde_json::Map<String, serde_json::Value> = entries
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &map)?;
                writeln!(out)?;
            } else {
                for (key, value) in entries {
                    writeln!(out, "{key:<20} {value}")?;
                }
            }
        }
        SettingsCommand::Set { key, value } => {
            let mut store = super::open(path)?;
            let mut settings = store.model().settings().clone();
            let base = crate::model::Revision::of(&settings);
            settings.set(&key, &value)?;
            store.apply(Change::SetSettings {
                base,
                settings: Box::new(settings),
            })?;
        }
    }
    Ok(())
}

/// The password for the configured account, if it needs one, and a line saying where
/// it came from.
fn password_for(store: &Store) -> anyhow::Result<(Option<Secret>, Option<PasswordSource>)> {
    let smtp = &store.model().settings().smtp;
    if smtp.username.is_empty() {
        return Ok((None, None));
    }
    match credentials::load(store.path(), smtp)? {
        Some((secret, source)) => Ok((Some(secret), Some(source))),
        None => Ok((None, None)),
    }
}

fn mailer(store: &Store) -> anyhow::Result<(Mailer, Option<PasswordSource>)> {
    let (password, source) = password_for(store)?;
    let settings = store.model().settings();
    let mailer = Mailer::new(settings, password.as_ref(), &MailerOptions::from_env()?)?;
    Ok((mailer, source))
}

fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("SMTP password: ").context("reading the password")?
    } else {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        text
    };
    let text = text.trim_end_matches(['\n', '\r']).to_string();
    if text.is_empty() {
        bail!("no password given (nothing was stored)");
    }
    Ok(text)
}

pub fn smtp_command(command: SmtpCommand, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        SmtpCommand::Password => {
            let store = super::open(path)?;
            let smtp = store.model().settings().smtp.clone();
            drop(store);
            let password = Secret::new(read_password()?);
            let source = credentials::save(path, &smtp, &password)?;
            writeln!(out, "SMTP password saved in {source}.")?;
        }
        SmtpCommand::Test { to } => {
            let store = super::open(path)?;
            let (mailer, source) = mailer(&store)?;
            let smtp = &store.model().settings().smtp;
            if let Some(source) = &source {
                writeln!(out, "Using the SMTP password from {source}.")?;
            }
            mailer
                .test_connection()
                .map_err(|e| anyhow!("cannot reach {}:{}: {e}", smtp.host, smtp.port()))?;
            writeln!(
                out,
                "Connected to {}:{} ({}){}.",
                smtp.host,
                smtp.port(),
                smtp.security.code(),
                if smtp.username.is_empty() {
                    String::new()
                } else {
                    format!(" and logged in as {}", smtp.username)
                }
            )?;
            if let Some(to) = to {
                let entry = test_entry(&store, &to)?;
                let message = mailer.message(&entry)?;
                mailer.send(&message)?;
                writeln!(out, "Test email sent to {to}.")?;
            }
        }
    }
    Ok(())
}

/// A short test email (never stored in the outbox).
fn test_entry(store: &Store, to: &str) -> anyhow::Result<OutboxEntry> {
    let to = crate::model::validate_email(to).map_err(|e| anyhow!("--to '{to}': {e}"))?;
    Ok(run::test_entry(
        store.model().settings(),
        &to,
        store.clock().now(),
        store.today(),
    ))
}

#[derive(Debug, Serialize)]
struct RemindReport {
    drafted: usize,
    auto_approved: usize,
    sent: usize,
    failed: usize,
    skipped: std::collections::BTreeMap<&'static str, usize>,
    digest: Option<String>,
    password_source: Option<String>,
    errors: Vec<String>,
    failures: Vec<(u64, String)>,
    /// Emails the server may have: not sent again until the user says.
    needs_review: Vec<(u64, String)>,
    /// Approved emails that no longer qualified right before sending.
    withdrawn: Vec<(u64, String)>,
}

/// How long `remind` waits for the window (or another run) to let go of the database.
fn remind_lock_wait() -> Duration {
    super::lock_wait_or(30.0)
}

pub fn remind_command(args: RemindArgs, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let mut store = Store::open_waiting(path, remind_lock_wait())?;
    let drafts = run::draft_due(&mut store)?;
    let mut report = RemindReport {
        drafted: drafts.drafted,
        auto_approved: drafts.auto_approved,
        sent: 0,
        failed: 0,
        skipped: drafts.skipped,
        digest: None,
        password_source: None,
        errors: drafts.errors,
        failures: Vec::new(),
        needs_review: Vec::new(),
        withdrawn: Vec::new(),
    };
    if args.digest {
        report.digest = Some(match run::make_digest(&mut store)? {
            Ok(id) => format!("made (outbox {id})"),
            Err(reason) => format!("not now: {reason}"),
        });
    }
    let mut setup_error = None;
    if args.send && run::anything_to_send(&store, store.clock().now()) {
        match mailer(&store) {
            Ok((mailer, source)) => {
                report.password_source = source.map(|s| s.to_string());
                // The database is closed while the server is waited on.
                let sent =
                    run::send_ready_releasing(store, remind_lock_wait(), &mailer, |_, _| {})?;
                report.sent = sent.sent;
                report.failed = sent.failed;
                report.failures = sent.failures;
                report.needs_review = sent.needs_review;
                report.withdrawn = sent.withdrawn;
            }
            Err(e) => setup_error = Some(e),
        }
    }
    if args.output.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        print_remind_report(&report, out)?;
    }
    if let Some(e) = setup_error {
        return Err(e.context("nothing was sent (drafts are kept)"));
    }
    if let Some((id, _)) = report.needs_review.first() {
        bail!(
            "{} email(s) may have been sent and are not sent again: check your Sent folder, then `exitplan outbox resolve {id} --was-sent` (or --not-sent)",
            report.needs_review.len()
        );
    }
    if report.failed > 0 {
        bail!(
            "{} email(s) failed and are kept; see `exitplan outbox list --status failed`",
            report.failed
        );
    }
    Ok(())
}

/// The run's tally on one line, then a line for each problem and each email held back.
fn print_remind_report(report: &RemindReport, out: &mut impl Write) -> anyhow::Result<()> {
    let skipped: Vec<String> = report
        .skipped
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();
    writeln!(
        out,
        "drafted {} ({} approved automatically), sent {}, failed {}, skipped {}{}",
        report.drafted,
        report.auto_approved,
        report.sent,
        report.failed,
        report.skipped.values().sum::<usize>(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join(", "))
        }
    )?;
    if let Some(source) = &report.password_source {
        writeln!(out, "SMTP password from {source}.")?;
    }
    if let Some(digest) = &report.digest {
        writeln!(out, "digest: {digest}")?;
    }
    for error in &report.errors {
        writeln!(out, "template problem: {error}")?;
    }
    for (id, why) in &report.failures {
        writeln!(out, "failed: outbox {id}: {why}")?;
    }
    for (id, why) in &report.needs_review {
        writeln!(out, "needs review: outbox {id}: {why}")?;
    }
    for (id, why) in &report.withdrawn {
        writeln!(out, "withdrawn, not sent: outbox {id}: {why}")?;
    }
    Ok(())
}

pub fn schedule_command(
    command: ScheduleCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("finding the exitplan program")?;
    let db = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match command {
        ScheduleCommand::Install { cron: true, .. } => {
            writeln!(out, "{}", schedule::cron_line(&exe, &db))?;
        }
        ScheduleCommand::Install { no_start, .. } => {
            let dir = schedule::unit_dir().ok_or_else(|| anyhow!("no home folder found"))?;
            for written in schedule::install_units(&dir, &exe, &db)? {
                writeln!(out, "wrote {}", written.display())?;
            }
            let commands = [
                vec!["--user", "daemon-reload"],
                vec!["--user", "enable", "--now", schedule::TIMER_NAME],
            ];
            systemctl(&commands, no_start, out)?;
        }
        ScheduleCommand::Remove { no_start } => {
            systemctl(
                &[vec!["--user", "disable", "--now", schedule::TIMER_NAME]],
                no_start,
                out,
            )?;
            let dir = schedule::unit_dir().ok_or_else(|| anyhow!("no home folder found"))?;
            let removed = schedule::remove_units(&dir)?;
            if removed.is_empty() {
                writeln!(out, "no exitplan timer was installed")?;
            }
            for path in removed {
                writeln!(out, "removed {}", path.display())?;
            }
        }
    }
    Ok(())
}

/// Runs systemctl, or says what to run when it cannot (no systemd user session).
fn systemctl(commands: &[Vec<&str>], skip: bool, out: &mut impl Write) -> anyhow::Result<()> {
    for args in commands {
        let shown = format!("systemctl {}", args.join(" "));
        if skip {
            writeln!(out, "to activate, run: {shown}")?;
            continue;
        }
        match std::process::Command::new("systemctl").args(args).output() {
            Ok(result) if result.status.success() => writeln!(out, "ran: {shown}")?,
            Ok(result) => writeln!(
                out,
                "could not run `{shown}` ({}); run it yourself once a systemd user session is available",
                String::from_utf8_lossy(&result.stderr).trim()
            )?,
            Err(e) => writeln!(
                out,
                "systemctl is not available ({e}); use `exitplan schedule install --cron` instead"
            )?,
        }
    }
    Ok(())
}
