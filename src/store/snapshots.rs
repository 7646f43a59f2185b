//! Daily snapshots, as trusted desktop apps keep them: before the first write of each
//! day, a consistent copy of the database — the file's bytes as of its last commit,
//! copied while an open write transaction holds every other commit back, then opened
//! once so it closes clean — goes into a `snapshots` folder beside it (mode 0600),
//! named `NAME-YYYY-MM-DD.redb`. Seven daily and four weekly snapshots are kept.
//! A snapshot is an ordinary exitplan database: restoring one copies it to a new file
//! (never over the current one unless asked).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use redb::{Database, ReadableDatabase, ReadableTableMetadata};

use super::StorageFailure;
use super::tables::META;

/// Daily snapshots kept.
pub const KEEP_DAILY: usize = 7;
/// Weekly snapshots kept beyond the daily ones (the newest of each older week).
pub const KEEP_WEEKLY: usize = 4;

/// One snapshot on disk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snapshot {
    pub day: NaiveDate,
    pub path: PathBuf,
    pub bytes: u64,
}

/// The folder beside the database that holds its snapshots.
pub fn folder(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("snapshots")
}

fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map_or_else(|| "exitplan".into(), |s| s.to_string_lossy().into_owned())
}

/// The database's snapshots, newest first.
pub fn list(db_path: &Path) -> Vec<Snapshot> {
    let prefix = format!("{}-", stem(db_path));
    let Ok(entries) = fs::read_dir(folder(db_path)) else {
        return Vec::new();
    };
    let mut found: Vec<Snapshot> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let day = name.strip_prefix(&prefix)?.strip_suffix(".redb")?;
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            let bytes = entry.metadata().ok()?.len();
            Some(Snapshot {
                day,
                path: entry.path(),
                bytes,
            })
        })
        .collect();
    found.sort_by_key(|s| std::cmp::Reverse(s.day));
    found
}

/// For a database that cannot be opened: where its newest snapshot is and how to get
/// it back, or `None` when it has none.
pub fn advice(db_path: &Path) -> Option<String> {
    let newest = list(db_path).into_iter().next()?;
    Some(format!(
        "Your newest snapshot is from {} ({}). `exitplan --db {} snapshots restore 1` copies it to a new database beside this one, which you can open; this file stays as it is.",
        newest.day,
        newest.path.display(),
        db_path.display()
    ))
}

/// Whether there is a snapshot of `day` already.
pub fn has(db_path: &Path, day: NaiveDate) -> bool {
    list(db_path).iter().any(|s| s.day == day)
}

/// Copies `db` as of its last commit into a new snapshot for `day`, then drops the ones the rotation no longer keeps. The copy is made under
/// a temporary name and renamed when complete.
pub fn take(db: &Database, db_path: &Path, day: NaiveDate) -> Result<PathBuf, StorageFailure> {
    let dir = folder(db_path);
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir).map_err(failure)?;
    let name = format!("{}-{}.redb", stem(db_path), day.format("%Y-%m-%d"));
    let path = dir.join(&name);
    // Left by a run that stopped mid-copy (only the process holding the database
    // takes its snapshots, so none of these is still being written).
    let partial_prefix = format!(".{name}.partial-");
    if let Ok(entries) = fs::read_dir(&dir) {
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(&partial_prefix)
            {
                // Dropped: tidying only (the copy below has its own name); the next
                // snapshot tries again.
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    let partial = dir.join(format!("{partial_prefix}{}", std::process::id()));
    let result = super::guarded(|| copy_into(db, db_path, &partial));
    if let Err(e) = result {
        // Dropped: the copy's own error is the one to tell; a partial file is never
        // listed as a snapshot, and the next one removes it.
        let _ = fs::remove_file(&partial);
        return Err(e);
    }
    fs::rename(&partial, &path).map_err(failure)?;
    rotate(db_path);
    Ok(path)
}

fn copy_into(db: &Database, source: &Path, target: &Path) -> Result<(), StorageFailure> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut copy = options.open(target).map_err(failure)?;
    {
        // An open write transaction is the barrier: no commit lands while the bytes are
        // copied, and every commit before it was durable (fsynced), so the file holds
        // exactly the last committed state. Nothing is written through it.
        let barrier = db.begin_write().map_err(StorageFailure::from)?;
        let mut file = fs::File::open(source).map_err(failure)?;
        std::io::copy(&mut file, &mut copy).map_err(failure)?;
        barrier.abort().map_err(StorageFailure::from)?;
    }
    copy.sync_all().map_err(failure)?;
    drop(copy);
    // The copy carries the open database's "in use" mark. Opening it once here rebuilds
    // its free-page state (as after a crash, from the committed trees) and closes it
    // clean, which also proves the snapshot opens before it is kept.
    let opened = Database::open(target).map_err(StorageFailure::Copy)?;
    let read = opened.begin_read().map_err(StorageFailure::from)?;
    match read.open_table(META) {
        Ok(meta) => {
            meta.len().map_err(StorageFailure::from)?;
        }
        Err(redb::TableError::TableDoesNotExist(_)) => {}
        Err(e) => return Err(StorageFailure::from(e)),
    }
    drop(read);
    drop(opened);
    Ok(())
}

/// Which snapshots the rotation keeps: the newest [`KEEP_DAILY`], then the newest of
/// each of the next [`KEEP_WEEKLY`] ISO weeks.
pub fn kept(days: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut days = days.to_vec();
    days.sort_by_key(|d| std::cmp::Reverse(*d));
    days.dedup();
    let mut keep: Vec<NaiveDate> = days.iter().copied().take(KEEP_DAILY).collect();
    let mut weeks = Vec::new();
    for day in days.iter().skip(KEEP_DAILY) {
        let week = (day.iso_week().year(), day.iso_week().week());
        let newest_week_kept = keep
            .iter()
            .any(|k| (k.iso_week().year(), k.iso_week().week()) == week);
        if weeks.len() < KEEP_WEEKLY && !weeks.contains(&week) && !newest_week_kept {
            weeks.push(week);
            keep.push(*day);
        }
    }
    keep
}

fn rotate(db_path: &Path) {
    let snapshots = list(db_path);
    let days: Vec<NaiveDate> = snapshots.iter().map(|s| s.day).collect();
    let keep = kept(&days);
    for snapshot in snapshots {
        if !keep.contains(&snapshot.day) {
            // Dropped: a snapshot that cannot go now is one more kept; the next
            // rotation tries again.
            let _ = fs::remove_file(&snapshot.path);
        }
    }
}

fn failure(e: std::io::Error) -> StorageFailure {
    StorageFailure::File {
        doing: "the snapshot could not be written",
        error: e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_days_and_four_older_weeks_are_kept() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let days: Vec<NaiveDate> = (0..60).map(|i| start + chrono::Days::new(i)).collect();
        let keep = kept(&days);
        assert_eq!(keep.len(), KEEP_DAILY + KEEP_WEEKLY);
        // The newest seven days, all of them.
        for i in 53..60 {
            assert!(keep.contains(&(start + chrono::Days::new(i))));
        }
        // Then one per week, each in a different week, none in a kept daily's week.
        let weeks: Vec<_> = keep[KEEP_DAILY..]
            .iter()
            .map(|d| d.iso_week().week())
            .collect();
        let mut unique = weeks.clone();
        unique.dedup();
        assert_eq!(weeks, unique);
        assert!(
            keep[KEEP_DAILY..]
                .iter()
                .all(|d| *d < start + chrono::Days::new(53))
        );
    }
}
