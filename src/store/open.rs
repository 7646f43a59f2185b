//! Opening a database file safely: create it private (0600) when missing, refuse a file
//! that is not ours, one a newer exitplan wrote, or one another process holds — each
//! without writing a byte to it — and hand it to `load.rs` for the read model.

use std::fs::{self, File, OpenOptions};
use std::path::Path;

use redb::backends::FileBackend;
use redb::{Builder, Database, DatabaseError, ReadOnlyDatabase, ReadableDatabase, ReadableTable};

use super::OpenError;
use super::migrate::{self, SchemaState};
use super::read_model::ReadModel;
use super::tables::*;

/// Opens (or creates) the redb file, checks its schema, migrates an older one. An
/// existing file in the current schema is read whole through a read-only handle first,
/// so a damaged record refuses the file before anything writes to it; that read model
/// comes back with the database unless another process committed in between.
pub(crate) fn open_database(
    path: &Path,
    reading: super::load::Reading,
) -> Result<(Database, Option<ReadModel>), OpenError> {
    let existing_len = match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(OpenError::Io {
                path: path.into(),
                detail: "it is a folder, not a file".into(),
            });
        }
        Ok(meta) => Some(meta.len()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error(path, &e)),
    };
    let mut backed_up = false;
    let mut loaded = None;
    let db = match existing_len {
        None => create_new_database(path)?,
        Some(0) => {
            let file = create_private_file(path, existing_len.is_none())?;
            // Private like every database exitplan makes, whoever made the empty file.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(fs::Permissions::from_mode(0o600))
                    .map_err(|e| io_error(path, &e))?;
            }
            let backend = FileBackend::new(file).map_err(|e| map_open_error(path, e))?;
            builder()
                .create_with_backend(backend)
                .map_err(|e| map_open_error(path, e))?
        }
        Some(_) => {
            let probe = probe_existing(path, reading)?;
            backed_up = probe.backed_up;
            let db = builder().open(path).map_err(|e| map_open_error(path, e))?;
            if let Some((model, commits)) = probe.loaded {
                let now = commit_count(&db).map_err(|e| unreadable(path, e))?;
                loaded = (now == commits).then_some(model);
            }
            db
        }
    };
    match migrate::schema_state(&db).map_err(|e| unreadable(path, e))? {
        SchemaState::Current => {}
        SchemaState::Empty => migrate::initialize(&db).map_err(|e| unreadable(path, e))?,
        SchemaState::Newer(found) => {
            return Err(OpenError::NewerSchema {
                path: path.into(),
                found,
                known: migrate::SCHEMA_VERSION,
            });
        }
        SchemaState::Foreign => return Err(not_ours(path)),
        SchemaState::Older(found) => {
            // The probe copied it already, unless it could not run (a file left unclean
            // by a crash): then copy it now, before the migration writes.
            if !backed_up {
                backup_before_migration(path, found)?;
            }
            migrate::migrate(&db, found).map_err(|e| unreadable(path, e))?;
        }
    }
    Ok((db, loaded))
}

/// What looking at an existing file read-only found.
struct Probe {
    /// An older schema was copied aside before the migration writes.
    backed_up: bool,
    /// The current schema, read whole: the read model and the commit count it is of.
    loaded: Option<(ReadModel, u64)>,
}

/// How much of the file redb keeps in memory once read. The read model holds what the
/// views need, so redb's own cache (1 GiB by default) mostly kept pages read once at
/// open: with 100k contacts that was over half the window's memory.
const CACHE_BYTES: usize = 16 * 1024 * 1024;

fn builder() -> Builder {
    let mut builder = Builder::new();
    builder.set_cache_size(CACHE_BYTES);
    builder
}

/// Looks at an existing file without modifying it: is it a redb database, is it ours,
/// is its schema one we can read, does every record the read model needs read back
/// whole (for a one-record command, every record but the contacts and touchpoints)? An older schema is backed up here, before any write.
fn probe_existing(path: &Path, reading: super::load::Reading) -> Result<Probe, OpenError> {
    let probe: ReadOnlyDatabase = match builder().open_read_only(path) {
        Ok(db) => db,
        // The file was not closed cleanly: redb must repair it, which needs write access.
        // The file as it is is copied aside first, so a repair that goes wrong on a
        // damaged file loses nothing.
        Err(DatabaseError::RepairAborted) => {
            copy_before_repair(path)?;
            return Ok(Probe {
                backed_up: false,
                loaded: None,
            });
        }
        Err(e) => return Err(map_open_error(path, e)),
    };
    let state = migrate::schema_state(&probe).map_err(|e| unreadable(path, e))?;
    let loaded = match state {
        SchemaState::Current => {
            let commits = commit_count(&probe).map_err(|e| unreadable(path, e))?;
            Some((
                super::load::load_as(&probe, reading).map_err(|e| unreadable(path, e))?,
                commits,
            ))
        }
        _ => None,
    };
    drop(probe);
    match state {
        SchemaState::Newer(found) => Err(OpenError::NewerSchema {
            path: path.into(),
            found,
            known: migrate::SCHEMA_VERSION,
        }),
        SchemaState::Foreign => Err(not_ours(path)),
        SchemaState::Older(found) => backup_before_migration(path, found).map(|()| Probe {
            backed_up: true,
            loaded: None,
        }),
        SchemaState::Current | SchemaState::Empty => Ok(Probe {
            backed_up: false,
            loaded,
        }),
    }
}

/// How many changes the store has committed to this file ([`KEY_COMMITS`]).
fn commit_count(db: &impl ReadableDatabase) -> Result<u64, super::StorageFailure> {
    let txn = db.begin_read().map_err(super::StorageFailure::from_redb)?;
    let meta = txn.open_table(META)?;
    Ok(meta.get(KEY_COMMITS)?.map_or(0, |v| v.value()))
}

/// Counts one more commit, inside the change's own transaction.
pub(crate) fn count_commit(txn: &redb::WriteTransaction) -> Result<(), super::StorageFailure> {
    let mut meta = txn.open_table(META)?;
    let commits = meta.get(KEY_COMMITS)?.map_or(0, |v| v.value());
    meta.insert(KEY_COMMITS, commits.wrapping_add(1))?;
    Ok(())
}

/// The copy of a file taken before redb repairs it: `NAME.before-repair`, one at a time
/// (a later repair replaces it), removed once the repaired file has opened.
pub(crate) fn repair_copy(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".before-repair");
    path.with_file_name(name)
}

fn copy_before_repair(path: &Path) -> Result<(), OpenError> {
    let copy = repair_copy(path);
    // Dropped: there is usually none; one that cannot go makes the copy below fail,
    // and that is said.
    let _ = fs::remove_file(&copy);
    copy_private(path, &copy).map_err(|e| {
        // Dropped: the copy's own error is the one to tell; a half copy is only a file.
        let _ = fs::remove_file(&copy);
        let why = if e.raw_os_error() == Some(28) {
            "the disk is full: free some space, then try again".to_string()
        } else {
            e.to_string()
        };
        OpenError::Io {
            path: path.into(),
            detail: format!(
                "it needs a repair after an unclean stop, and a copy is taken first ({}); that copy could not be made: {why}; nothing was changed",
                copy.display()
            ),
        }
    })
}

/// Copies the file to `NAME.schemaN-backup-YYYYMMDD-HHMMSS` beside it.
fn backup_before_migration(path: &Path, found: u64) -> Result<(), OpenError> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".schema{found}-backup-{stamp}"));
    let backup = path.with_file_name(name);
    copy_private(path, &backup).map_err(|e| OpenError::Io {
        path: path.into(),
        detail: format!(
            "could not back it up to {} before upgrading it: {e}; nothing was changed",
            backup.display()
        ),
    })
}

fn copy_private(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = File::open(from)?;
    let mut target = private_options(true).open(to)?;
    std::io::copy(&mut source, &mut target)?;
    target.sync_all()
}

fn private_options(create_new: bool) -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    if create_new {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// A new database is made whole under a temporary name beside `path` — created, its
/// schema's first transaction committed — and only then linked into place, so a kill,
/// a crash or a full disk during the very first write leaves no half-made file at
/// `path` (which would be refused ever after). Of two processes creating the same file
/// at once, one links first; the other finds the file there and waits for it as for
/// any database another process holds.
fn create_new_database(path: &Path) -> Result<Database, OpenError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "exitplan.redb".into());
    let prefix = format!(".{name}.creating-");
    remove_abandoned(path, &prefix);
    let temp = path.with_file_name(format!("{prefix}{}", std::process::id()));
    let made = (|| {
        let file = create_private_file(&temp, true)?;
        let backend = FileBackend::new(file).map_err(|e| map_open_error(path, e))?;
        let db = builder()
            .create_with_backend(backend)
            .map_err(|e| map_open_error(path, e))?;
        migrate::initialize(&db).map_err(|e| unreadable(path, e))?;
        crate::store::failpoint("database-made");
        Ok(db)
    })();
    let db = match made {
        Ok(db) => db,
        Err(e) => {
            // Dropped: the creation's own error is the one to tell; a temporary left
            // behind is removed by a later open (`remove_abandoned`).
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
    };
    // A hard link never replaces a file that appeared meanwhile; where links are not
    // supported (some removable drives), a rename after a last look.
    let linked = match fs::hard_link(&temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if !path.exists() => fs::rename(&temp, path),
        Err(e) => Err(e),
    };
    // Dropped: linked or not, the temporary name has done its job; one left behind is
    // removed by a later open (`remove_abandoned`).
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(db),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists || path.exists() => {
            Err(OpenError::Busy { path: path.into() })
        }
        Err(e) => Err(io_error(path, &e)),
    }
}

/// Removes temporary files of creations whose process is gone (killed mid-creation);
/// one whose process still runs is left alone. Only where process ids can be checked.
fn remove_abandoned(path: &Path, prefix: &str) {
    let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let gone = pid == std::process::id()
            || (cfg!(target_os = "linux") && !Path::new("/proc").join(pid.to_string()).exists());
        if gone {
            // Dropped: tidying only; the next open tries again.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates the database file readable by the user alone (its folder too, if new).
fn create_private_file(path: &Path, create_new: bool) -> Result<File, OpenError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(parent).map_err(|e| io_error(path, &e))?;
    }
    private_options(create_new)
        .open(path)
        .map_err(|e| io_error(path, &e))
}

fn map_open_error(path: &Path, error: DatabaseError) -> OpenError {
    match error {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            OpenError::Busy { path: path.into() }
        }
        DatabaseError::Storage(redb::StorageError::Io(e))
            if e.kind() == std::io::ErrorKind::InvalidData =>
        {
            OpenError::NotADatabase {
                path: path.into(),
                detail: e.to_string(),
            }
        }
        DatabaseError::Storage(redb::StorageError::Io(e)) => io_error(path, &e),
        DatabaseError::UpgradeRequired(version) => OpenError::NotADatabase {
            path: path.into(),
            detail: format!("an old redb file format ({version})"),
        },
        other => OpenError::NotADatabase {
            path: path.into(),
            detail: other.to_string(),
        },
    }
}

fn io_error(path: &Path, error: &std::io::Error) -> OpenError {
    let detail = match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    };
    OpenError::Io {
        path: path.into(),
        detail,
    }
}

fn not_ours(path: &Path) -> OpenError {
    OpenError::NotADatabase {
        path: path.into(),
        detail: "a redb file without exitplan's tables".into(),
    }
}

pub(crate) fn unreadable(path: &Path, detail: impl std::fmt::Display) -> OpenError {
    OpenError::Unreadable {
        path: path.into(),
        detail: detail.to_string(),
    }
}
