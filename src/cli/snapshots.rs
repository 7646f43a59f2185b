//! `exitplan snapshots`: the daily snapshots beside the database, and getting one back
//! into a new file (or, with `--replace`, in place of the current one, which is kept
//! beside it).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::store::{Store, snapshots};

#[derive(Debug, Subcommand)]
pub enum SnapshotsCommand {
    /// The snapshots, newest first (1 is the newest)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Copy snapshot N (from `snapshots list`) to a new database file
    Restore {
        n: usize,
        /// Where the new database goes [default: beside this one, named by the day]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Put it in place of the current database instead (which is kept beside it)
        #[arg(long, conflicts_with = "out")]
        replace: bool,
    },
}

pub fn snapshots_command(
    command: SnapshotsCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let list = snapshots::list(path);
    match command {
        SnapshotsCommand::List { json } => {
            if json {
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)?;
            } else if list.is_empty() {
                writeln!(
                    out,
                    "No snapshots yet: one is taken before the first change of each day, in {}.",
                    snapshots::folder(path).display()
                )?;
            } else {
                for (i, snapshot) in list.iter().enumerate() {
                    writeln!(
                        out,
                        "{:>3}  {}  {:>8} KB  {}",
                        i + 1,
                        snapshot.day,
                        snapshot.bytes.div_ceil(1024),
                        snapshot.path.display()
                    )?;
                }
            }
            Ok(())
        }
        SnapshotsCommand::Restore {
            n,
            out: to,
            replace,
        } => {
            let Some(snapshot) = n.checked_sub(1).and_then(|i| list.get(i)) else {
                bail!(
                    "there is no snapshot {n} ({} kept; see `exitplan snapshots list`)",
                    list.len()
                );
            };
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            let stem = path
                .file_stem()
                .map_or_else(|| "exitplan".into(), |s| s.to_string_lossy().into_owned());
            let beside =
                |name: String| folder.map_or_else(|| PathBuf::from(&name), |f| f.join(&name));
            let target = match (&to, replace) {
                (Some(to), _) => to.clone(),
                (None, true) => beside(format!(".{stem}-restoring.redb")),
                (None, false) => beside(format!("{stem}-restored-{}.redb", snapshot.day)),
            };
            if replace && crate::store::SendLease::held_elsewhere(path) {
                bail!(
                    "a send run is using {} right now; wait until it has finished, then restore",
                    path.display()
                );
            }
            if target.exists() && !replace {
                bail!(
                    "{} exists already; choose another file with --out",
                    target.display()
                );
            }
            // Copied, then opened as a database, before it takes any place.
            std::fs::copy(&snapshot.path, &target)
                .with_context(|| format!("could not write {}", target.display()))?;
            // An email that could go out may have gone out after the snapshot was taken:
            // it waits under Needs review rather than going out twice.
            let restored = Store::open(&target).and_then(|mut opened| {
                opened
                    .apply(crate::store::Change::Mail(
                        crate::store::MailChange::HoldRestored {
                            copy: format!("the snapshot of {}", snapshot.day),
                        },
                    ))
                    .map_err(|e| crate::store::OpenError::Unreadable {
                        path: target.clone(),
                        detail: e.to_string(),
                    })?;
                Ok(opened)
            });
            let contacts = match restored {
                Ok(opened) => opened.model().contacts().len(),
                Err(e) => {
                    // Best-effort cleanup: nothing depends on this file being gone.
                    let _ = std::fs::remove_file(&target);
                    return Err(e)
                        .with_context(|| format!("snapshot {} cannot be opened", snapshot.day));
                }
            };
            if replace {
                // Nobody may hold the current database while it is swapped; a damaged
                // one (the reason to restore) is moved aside all the same.
                match Store::open(path) {
                    Ok(current) => drop(current),
                    Err(e) if e.is_damage() => {}
                    Err(e) => {
                        // Best-effort cleanup: nothing depends on this file being gone.
                        let _ = std::fs::remove_file(&target);
                        return Err(e.into());
                    }
                }
                let kept = beside(format!(
                    "{stem}-before-restore-{}.redb",
                    chrono::Local::now().format("%Y-%m-%d-%H%M%S")
                ));
                std::fs::rename(path, &kept)
                    .with_context(|| format!("could not move {} aside", path.display()))?;
                std::fs::rename(&target, path)?;
                writeln!(
                    out,
                    "Restored the snapshot of {} ({contacts} contacts) in place of {}; the database as it was is kept at {}.",
                    snapshot.day,
                    path.display(),
                    kept.display()
                )?;
            } else {
                writeln!(
                    out,
                    "Copied the snapshot of {} ({contacts} contacts) to {}. Open it with: exitplan --db {}",
                    snapshot.day,
                    target.display(),
                    target.display()
                )?;
            }
            Ok(())
        }
    }
}
