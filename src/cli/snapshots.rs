//! `exitplan snapshots`: the daily snapshots beside the database, and getting one back
//! into a new file (or, with `--replace`, in place of the current one, which is kept
//! beside it).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::store::Store;
use crate::store::snapshots::{self, Snapshot};

#[derive(Debug, Subcommand)]
pub enum SnapshotsCommand {
    /// The snapshots, newest first (1 is the newest)
    List(super::JsonFlag),
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
        SnapshotsCommand::List(super::JsonFlag { json }) => list_snapshots(&list, json, path, out),
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
            restore_snapshot(snapshot, to, replace, path, out)
        }
    }
}

fn list_snapshots(
    list: &[Snapshot],
    json: bool,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
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

/// A file named `name` in the database's folder.
fn beside(path: &Path, name: &str) -> PathBuf {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => folder.join(name),
        None => PathBuf::from(name),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "exitplan".into(), |s| s.to_string_lossy().into_owned())
}

fn restore_snapshot(
    snapshot: &Snapshot,
    to: Option<PathBuf>,
    replace: bool,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let stem = stem(path);
    let target = match (to, replace) {
        (Some(to), _) => to,
        (None, true) => beside(path, &format!(".{stem}-restoring.redb")),
        (None, false) => beside(path, &format!("{stem}-restored-{}.redb", snapshot.day)),
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
    let contacts = copy_and_open(snapshot, &target)?;
    if replace {
        let kept = put_in_place(&target, path)?;
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

/// Copies the snapshot to `target` and opens it as a database, holding what could go
/// out again; the number of contacts it holds. `target` is removed if it cannot be
/// opened.
fn copy_and_open(snapshot: &Snapshot, target: &Path) -> anyhow::Result<usize> {
    // Copied, then opened as a database, before it takes any place.
    std::fs::copy(&snapshot.path, target)
        .with_context(|| format!("could not write {}", target.display()))?;
    // An email that could go out may have gone out after the snapshot was taken:
    // it waits under Needs review rather than going out twice.
    let restored = Store::open(target).and_then(|mut opened| {
        opened
            .apply(crate::store::Change::Mail(
                crate::store::MailChange::HoldRestored {
                    copy: format!("the snapshot of {}", snapshot.day),
                },
            ))
            .map_err(|e| crate::store::OpenError::Unreadable {
                path: target.to_path_buf(),
                detail: e.to_string(),
            })?;
        Ok(opened)
    });
    match restored {
        Ok(opened) => Ok(opened.model().contacts().len()),
        Err(e) => {
            // Dropped: why the snapshot cannot be opened is the error to tell; a copy
            // left behind is only a file, never taken as the database.
            let _ = std::fs::remove_file(target);
            Err(e).with_context(|| format!("snapshot {} cannot be opened", snapshot.day))
        }
    }
}

/// Moves the database at `path` aside and the restored `target` into its place; where
/// the database as it was is kept.
fn put_in_place(target: &Path, path: &Path) -> anyhow::Result<PathBuf> {
    // Nobody may hold the current database while it is swapped; a damaged
    // one (the reason to restore) is moved aside all the same.
    match Store::open(path) {
        Ok(current) => drop(current),
        Err(e) if e.is_damage() => {}
        Err(e) => {
            // Dropped: why the current database cannot be moved aside is the error to
            // tell; the restored copy left behind is only a file.
            let _ = std::fs::remove_file(target);
            return Err(e.into());
        }
    }
    let kept = beside(
        path,
        &format!(
            "{}-before-restore-{}.redb",
            stem(path),
            chrono::Local::now().format("%Y-%m-%d-%H%M%S")
        ),
    );
    std::fs::rename(path, &kept)
        .with_context(|| format!("could not move {} aside", path.display()))?;
    std::fs::rename(target, path)?;
    Ok(kept)
}
