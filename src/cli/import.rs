//! `exitplan import`: read a file, print the plan (new, duplicates, malformed with line
//! numbers), and write it in one transaction unless it is a dry run or something is
//! malformed without `--skip-bad`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::Args;
use serde::Serialize;

use crate::interop::import::{self, Action, ImportReport, Malformed, OnDuplicate, PlanCounts};
use crate::interop::{pipeline, source};

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// linkedin, google, csv or vcard; sniffed from the content when not given
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Print the plan and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// What to do with a record that matches a stored contact
    #[arg(long, value_enum, default_value = "merge")]
    pub on_duplicate: DuplicateChoice,
    /// Import the good records even when some are malformed
    #[arg(long)]
    pub skip_bad: bool,
    /// For --format csv: which field a column holds, e.g. --map "Work Email=email"
    /// (name, first_name, last_name, email, phone, organization, title, notes, tags,
    /// link, met_on; columns named like a field map themselves)
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    #[command(flatten)]
    pub output: super::JsonFlag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Linkedin,
    Google,
    Csv,
    Vcard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DuplicateChoice {
    Merge,
    Skip,
    New,
}

impl From<Format> for source::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Linkedin => source::Format::Linkedin,
            Format::Google => source::Format::Google,
            Format::Csv => source::Format::Csv,
            Format::Vcard => source::Format::Vcard,
        }
    }
}

impl From<DuplicateChoice> for OnDuplicate {
    fn from(choice: DuplicateChoice) -> Self {
        match choice {
            DuplicateChoice::Merge => OnDuplicate::Merge,
            DuplicateChoice::Skip => OnDuplicate::Skip,
            DuplicateChoice::New => OnDuplicate::New,
        }
    }
}

#[derive(Debug, Serialize)]
struct PlanLine {
    line: usize,
    name: String,
    action: &'static str,
}

#[derive(Debug, Serialize)]
struct ImportJson {
    plan: PlanCounts,
    records: Vec<PlanLine>,
    malformed: Vec<Malformed>,
    written: Option<ImportReport>,
}

pub fn import_command(args: ImportArgs, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let never = std::sync::atomic::AtomicBool::new(false);
    let mapping = crate::interop::csv_import::parse_mapping(&args.map)?;
    let unrecognised = |why: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "{}: the format could not be recognised ({why}); say it with --format linkedin|google|vcard, or --format csv with --map COLUMN=FIELD",
            args.file.display()
        )
    };
    let read = pipeline::read(
        pipeline::Input::File(args.file.clone()),
        args.format.map(source::Format::from),
        &mapping,
        &never,
        &|_, _| {},
    )
    .map_err(|e| match e {
        pipeline::PipelineError::Unrecognised(why) => unrecognised(&why),
        other => anyhow::Error::from(other),
    })?;
    let parsed = match read {
        pipeline::Read::Parsed(parsed) => parsed,
        pipeline::Read::NeedsColumns { columns, .. } => {
            return Err(unrecognised(&format!(
                "a CSV with the columns {}",
                columns.join(", ")
            )));
        }
    };
    let mut store = super::open(path)?;
    let plan = pipeline::plan(
        import::DedupeIndex::new(store.model()),
        parsed,
        &never,
        &|_, _| {},
    )?;
    let counts = plan.counts();
    let records: Vec<PlanLine> = plan
        .items
        .iter()
        .map(|p| PlanLine {
            line: p.candidate.line,
            name: p.candidate.fields.name.clone(),
            action: match p.action {
                Action::New => "new",
                Action::Duplicate(_) => "duplicate",
            },
        })
        .collect();
    // A dry run only shows the plan, malformed records included.
    let refused = !plan.malformed.is_empty() && !args.skip_bad && !args.dry_run;
    let written = if args.dry_run || refused {
        None
    } else {
        Some(import::apply(&mut store, &plan, args.on_duplicate.into())?)
    };
    if args.output.json {
        let report = ImportJson {
            plan: counts,
            records,
            malformed: plan.malformed.clone(),
            written,
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} new, {} duplicate{}, {} malformed",
            counts.new,
            counts.duplicates,
            if counts.duplicates == 1 { "" } else { "s" },
            counts.malformed
        )?;
        for bad in &plan.malformed {
            writeln!(out, "line {}: {}", bad.line, bad.reason)?;
        }
        if let Some(written) = written {
            writeln!(
                out,
                "imported: {} added, {} merged, {} skipped",
                written.added, written.merged, written.skipped
            )?;
        } else if args.dry_run {
            writeln!(out, "dry run: nothing was written")?;
        }
    }
    if refused {
        bail!(
            "{} malformed record(s); nothing was imported (fix them, or import the rest with --skip-bad)",
            counts.malformed
        );
    }
    Ok(())
}

/// The backup passphrase: `EXITPLAN_BACKUP_PASSPHRASE`, else asked without echo (twice
/// when choosing one).
pub fn backup_passphrase(choosing: bool) -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if let Ok(passphrase) = std::env::var("EXITPLAN_BACKUP_PASSPHRASE")
        && !passphrase.is_empty()
    {
        return Ok(passphrase);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: set EXITPLAN_BACKUP_PASSPHRASE or run this in a terminal");
    }
    let passphrase = rpassword::prompt_password("Backup passphrase: ")?;
    if choosing && rpassword::prompt_password("Again, to be sure: ")? != passphrase {
        bail!("the two passphrases differ; nothing was written");
    }
    if passphrase.is_empty() {
        bail!("the passphrase is empty");
    }
    Ok(passphrase)
}

/// `exitplan restore FILE`: a JSON backup (plain or encrypted) into an empty database,
/// in one transaction.
pub fn restore_command(file: &Path, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    use crate::interop::backup_file::{self, BackupFileError};
    let backup = match backup_file::read(file, None) {
        Err(BackupFileError::NeedsPassphrase { .. }) => {
            backup_file::read(file, Some(&backup_passphrase(false)?))?
        }
        other => other?,
    };
    let mut store = super::open(path)?;
    let (contacts, touchpoints) = (backup.contacts.len(), backup.touchpoints.len());
    store.apply(crate::store::Change::Restore(Box::new(backup)))?;
    writeln!(
        out,
        "Restored {contacts} contacts and {touchpoints} touchpoints into {}",
        path.display()
    )?;
    Ok(())
}
