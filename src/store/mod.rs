//! The redb store: opening (and creating, migrating, refusing) a database file, the one
//! write path [`Store::apply`], and the queries the views and commands use. Callers
//! never see a redb type: they get plain model values and the [`ReadModel`].

mod apply;
mod backup;
mod change;
pub mod codec;
mod entries;
mod error;
mod load;
mod mail;
mod mail_model;
mod migrate;
mod open;
mod plan;
mod plan_model;
mod query;
mod read_model;
mod search_index;
mod settings;
pub mod snapshots;
pub mod tables;
mod warm_paths;
mod writer;

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use redb::Database;

pub use apply::Batch;
pub use backup::{BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupReader};
pub use change::{ApplyError, Change, Outcome, PlanChange};
pub use change::{MailChange, NewReminder};
pub use error::{OpenError, StorageFailure};
pub use mail_model::MailModel;
pub use migrate::SCHEMA_VERSION;
pub use plan_model::{PlanModel, STALE_AFTER_DAYS};
pub use query::TimelineFilter;
pub use read_model::{ContactEntry, DueContact, FollowUpItem, ReadModel, fold};
pub use warm_paths::{PathKind, WarmPath};
pub use writer::{Apply, Committed, RELOAD_OVER, Writer};

use crate::model::Timestamp;

/// Where "now" comes from: the system clock, or a fixed moment (tests, benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed { now: Timestamp, today: NaiveDate },
}

impl Clock {
    pub fn now(self) -> Timestamp {
        match self {
            Clock::System => Timestamp::from_datetime(chrono::Utc::now()),
            Clock::Fixed { now, .. } => now,
        }
    }

    /// Today's local calendar date.
    pub fn today(self) -> NaiveDate {
        match self {
            Clock::System => Local::now().date_naive(),
            Clock::Fixed { today, .. } => today,
        }
    }
}

/// An open exitplan database and its read model.
pub struct Store {
    /// Shared so a worker can read a consistent snapshot (a backup) beside the UI's
    /// writes; only the store writes.
    db: std::sync::Arc<Database>,
    path: PathBuf,
    model: ReadModel,
    clock: Clock,
    snapshot_mode: SnapshotMode,
    /// The day a snapshot was last seen to or made, so the folder is looked at once a day.
    snapshot_day: Option<NaiveDate>,
    /// Why the last snapshot could not be taken (writes go on regardless); a worker's
    /// snapshot reports here when it ends.
    snapshot_error: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    /// Numbers this process's commits in order (shared with every [`Writer`]).
    commit_order: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The number of the latest commit the read model has taken.
    absorbed: u64,
}

/// Held by a send run for as long as it sends: an exclusive lock on `DATABASE.sending`
/// beside the database. The command line closes the database while it waits on the
/// SMTP server (so the window and other commands are not locked out); the lease tells
/// whoever opens the database meanwhile that the emails in `Sending` are being sent
/// right now, not left over from a run that stopped. A run that dies releases it.
pub struct SendLease {
    _file: std::fs::File,
}

impl SendLease {
    /// Beside the database file itself: a path through a symlink or `..` names the
    /// same lease.
    fn path(db_path: &Path) -> PathBuf {
        let db_path = std::fs::canonicalize(db_path).unwrap_or_else(|_| db_path.to_path_buf());
        let mut name = db_path.file_name().unwrap_or_default().to_os_string();
        name.push(".sending");
        db_path.with_file_name(name)
    }

    fn file(db_path: &Path) -> std::io::Result<std::fs::File> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(Self::path(db_path))
    }

    /// Takes the lease; fails when another send run holds it.
    pub fn take(db_path: &Path) -> Result<SendLease, StorageFailure> {
        let preparing = |error| StorageFailure::File {
            doing: "could not prepare the send",
            error,
        };
        let file = Self::file(db_path).map_err(preparing)?;
        match file.try_lock() {
            Ok(()) => Ok(SendLease { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StorageFailure::SendBusy),
            Err(std::fs::TryLockError::Error(e)) => Err(preparing(e)),
        }
    }

    /// Whether a send run (this process or another) holds the lease now.
    pub fn held_elsewhere(db_path: &Path) -> bool {
        match Self::file(db_path) {
            Ok(file) => matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }
}

/// How the daily snapshot is taken before the day's first write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapshotMode {
    /// In the calling thread, before the write (the command line).
    #[default]
    Now,
    /// On a worker thread, from its own read transaction (the window).
    Background,
    Off,
}

/// What the user is told when the storage library failed inside (a panic): the file
/// is damaged, nothing was changed, and where to turn.
const DAMAGED: &str = "the database could not be read or written (the file may be damaged); nothing was changed. A daily snapshot may help: exitplan snapshots list";

thread_local! {
    /// How deep this thread is inside [`quietly`].
    static QUIET_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `work` and catches a panic from inside the storage library (a damaged page),
/// without the panic's own message and backtrace on stderr: the caller says what
/// happened in the user's words instead. Panics anywhere else print as always.
pub(crate) fn quietly<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET_DEPTH.with(std::cell::Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    QUIET_DEPTH.with(|d| d.set(d.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    QUIET_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result
}

/// Runs a read through the storage library at the store's boundary: a panic inside it
/// (a damaged page) is the "the file may be damaged" error, not a crash of the window
/// or the command.
pub(crate) fn guarded<T>(
    read: impl FnOnce() -> Result<T, StorageFailure>,
) -> Result<T, StorageFailure> {
    quietly(read).unwrap_or_else(|_| Err(StorageFailure::Damaged))
}

/// Test-only: `EXITPLAN_FAILPOINT=NAME` panics here (debug builds), as the storage
/// library does on a damaged page.
fn failpoint_panic(name: &str) {
    if cfg!(debug_assertions) && std::env::var("EXITPLAN_FAILPOINT").is_ok_and(|v| v == name) {
        panic!("failpoint {name}");
    }
}

/// Test-only crash points (debug builds only): `EXITPLAN_FAILPOINT=NAME` aborts the
/// process there, as a kill would. Names: `database-made` (a new database is complete
/// under its temporary name), and in the send path `before-begin`, `before-connect`,
/// `after-250`.
pub fn failpoint(name: &str) {
    if cfg!(debug_assertions) && std::env::var("EXITPLAN_FAILPOINT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
}

impl Store {
    /// Opens the database at `path`, creating it (mode 0600) when it does not exist and
    /// migrating it when an older exitplan wrote it.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        Self::open_with(path, load::Reading::Whole)
    }

    /// Like [`Store::open`], for a command about one record (`contact show 7`, `log`,
    /// `outbox approve 3`): the contacts and follow-ups are not read into the model —
    /// at 100k contacts that is most of the open — and the store answers
    /// [`Store::contact_entry`] from its tables. Writes go through the same path.
    pub fn open_for_records(path: &Path) -> Result<Store, OpenError> {
        Self::open_with(path, load::Reading::RecordsOnly)
    }

    fn open_with(path: &Path, reading: load::Reading) -> Result<Store, OpenError> {
        // A damaged file can make the storage library panic: that is a damaged file,
        // said as such, not a crash.
        let opened = quietly(|| {
            failpoint_panic("storage-panic-open");
            let (db, loaded) = open::open_database(path, reading)?;
            let model = match loaded {
                Some(model) => model,
                None => load::load_read_model(&db, path, reading)?,
            };
            Ok((db, model))
        });
        let (db, model) = match opened {
            Ok(result) => {
                let opened = result?;
                // Repaired and read whole: the copy taken before the repair has done its
                // job. Dropped: there is usually none, and one left is only a file (the
                // next repair replaces it).
                let _ = std::fs::remove_file(open::repair_copy(path));
                opened
            }
            Err(_) => {
                return Err(OpenError::Unreadable {
                    path: path.to_path_buf(),
                    detail: DAMAGED.into(),
                });
            }
        };
        let mut store = Store {
            db: std::sync::Arc::new(db),
            path: path.to_path_buf(),
            model,
            clock: Clock::System,
            // Not while opening: the recovery below is no change of the user's.
            snapshot_mode: SnapshotMode::Off,
            snapshot_day: None,
            snapshot_error: Default::default(),
            commit_order: Default::default(),
            absorbed: 0,
        };
        // A run that stopped mid-send left entries in `Sending`: unless a send run holds
        // its lease (the command line closes the database while it waits on the
        // server), nothing is sending now, so they may or may not have gone out.
        if store
            .model
            .mail()
            .count(crate::model::OutboxStatus::Sending)
            > 0
            && !SendLease::held_elsewhere(path)
        {
            store
                .apply(Change::Mail(MailChange::RecoverInterrupted))
                .map_err(|e| OpenError::Unreadable {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                })?;
        }
        store.snapshot_mode = SnapshotMode::default();
        Ok(store)
    }

    /// Like [`Store::open`], but when another process holds the file, retries for up to
    /// `wait` before giving up with [`OpenError::Busy`].
    pub fn open_waiting(path: &Path, wait: std::time::Duration) -> Result<Store, OpenError> {
        Self::retry_busy(wait, || Store::open(path))
    }

    /// [`Store::open_for_records`], waiting like [`Store::open_waiting`].
    pub fn open_for_records_waiting(
        path: &Path,
        wait: std::time::Duration,
    ) -> Result<Store, OpenError> {
        Self::retry_busy(wait, || Store::open_for_records(path))
    }

    fn retry_busy(
        wait: std::time::Duration,
        open: impl Fn() -> Result<Store, OpenError>,
    ) -> Result<Store, OpenError> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            match open() {
                Err(OpenError::Busy { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Today's snapshot, taken now (whatever the mode), e.g. to measure it.
    pub fn take_snapshot(&self) -> Result<PathBuf, StorageFailure> {
        snapshots::take(&self.db, &self.path, self.clock.today())
    }

    /// Why the last daily snapshot failed, if it did.
    pub fn snapshot_error(&self) -> Option<String> {
        self.snapshot_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_snapshot_error(&self, error: Option<String>) {
        *self
            .snapshot_error
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = error;
    }

    pub fn set_snapshot_mode(&mut self, mode: SnapshotMode) {
        self.snapshot_mode = mode;
    }

    /// Before the first write of each day: today's snapshot, if there is none yet and
    /// the database holds anything. A snapshot that fails is reported, never in the
    /// way of the write.
    fn snapshot_before_first_write(&mut self) {
        let today = self.clock.today();
        if self.snapshot_mode == SnapshotMode::Off
            || self.snapshot_day == Some(today)
            || !self.holds_anything()
        {
            return;
        }
        self.snapshot_day = Some(today);
        if snapshots::has(&self.path, today) {
            return;
        }
        match self.snapshot_mode {
            SnapshotMode::Now => {
                let error = snapshots::take(&self.db, &self.path, today)
                    .err()
                    .map(|e| e.to_string());
                self.set_snapshot_error(error);
            }
            SnapshotMode::Background => {
                let db = std::sync::Arc::clone(&self.db);
                let path = self.path.clone();
                let report = std::sync::Arc::clone(&self.snapshot_error);
                let spawned = std::thread::Builder::new()
                    .name("exitplan-snapshot".into())
                    .spawn(move || {
                        let error = snapshots::take(&db, &path, today).err();
                        *report.lock().unwrap_or_else(|p| p.into_inner()) =
                            error.map(|e| e.to_string());
                    });
                if let Err(e) = spawned {
                    self.set_snapshot_error(Some(format!("the snapshot could not start: {e}")));
                }
            }
            SnapshotMode::Off => {}
        }
    }

    pub fn model(&self) -> &ReadModel {
        &self.model
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Applies one change in its own transaction (one small durable commit).
    pub fn apply(&mut self, change: Change) -> Result<Outcome, ApplyError> {
        self.apply_all(|batch| batch.apply(change))
    }

    /// Applies any number of changes in one transaction: all of them or none.
    pub fn apply_all<T>(
        &mut self,
        build: impl FnOnce(&mut Batch<'_>) -> Result<T, ApplyError>,
    ) -> Result<T, ApplyError> {
        let committed = self.writer().apply_all(build)?;
        self.absorb(committed)
    }
}
