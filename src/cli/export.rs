//! `exitplan export …`: the brag document and the files other programs read.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use super::open;

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
                    write_export(&file, markdown.as_bytes())?;
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
            write_export(&file, &bytes)?;
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
            write_export(&file, text.as_bytes())?;
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
            write_export(&file, text.as_bytes())?;
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
            write_export(&file, &bytes)?;
            writeln!(out, "Wrote {}", file.display())?;
            Ok(())
        }
    }
}

/// Writes an export in one piece (a reader never sees half of it), naming the file
/// when it cannot.
fn write_export(file: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::interop::write_file_atomically(file, bytes)
        .with_context(|| format!("could not write {}", file.display()))
}
