//! The redb store: opening (and creating, migrating, refusing) a database file, the one
//! write path [`Store::apply`], and the queries the views and commands use. Callers
//! never see a redb type: they get plain model values and the [`ReadModel`].

mod apply;
mod backup;
mod change;
pub mod codec;
mod error;
mod mail;
mod migrate;
mod open;
mod plan;
mod plan_model;
mod query;
mod read_model;
pub mod tables;
mod warm_paths;

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use redb::Database;

pub use apply::Batch;
pub use backup::{BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupReader};
pub use change::{ApplyError, Change, Outcome, PlanChange};
pub use error::{OpenError, StorageFailure};
pub use mail::{MailChange, MailModel, NewReminder};
pub use migrate::SCHEMA_VERSION;
pub use plan_model::{PlanModel, STALE_AFTER_DAYS};
pub use query::TimelineFilter;
pub use read_model::{ContactEntry, DueContact, FollowUpItem, ReadModel, fold};
pub use warm_paths::{PathKind, WarmPath};

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
        let db = open::open_database(path)?;
        let model = open::load_read_model(&db, path)?;
        let mut store = Store {
            db: std::sync::Arc::new(db),
            path: path.to_path_buf(),
            model,
            clock: Clock::System,
        };
        // A run that stopped mid-send left entries in `Sending`: nothing is sending now
        // (this process holds the file), so they may or may not have gone out.
        if store
            .model
            .mail()
            .count(crate::model::OutboxStatus::Sending)
            > 0
        {
            store
                .apply(Change::Mail(MailChange::RecoverInterrupted))
                .map_err(|e| OpenError::Unreadable {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                })?;
        }
        Ok(store)
    }

    /// Like [`Store::open`], but when another process holds the file, retries for up to
    /// `wait` before giving up with [`OpenError::Busy`].
    pub fn open_waiting(path: &Path, wait: std::time::Duration) -> Result<Store, OpenError> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            match Store::open(path) {
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
        let txn = self.db.begin_write().map_err(StorageFailure::from)?;
        let (result, updates) = {
            let mut batch = Batch::new(&txn, self.clock.now(), self.clock.today())?;
            let result = build(&mut batch)?;
            (result, std::mem::take(&mut batch.updates))
        };
        txn.commit().map_err(StorageFailure::from)?;
        if updates
            .iter()
            .any(|u| matches!(u, apply::ModelUpdate::Reload))
        {
            let revision = self.model.revision();
            self.model = open::load_read_model(&self.db, &self.path)
                .map_err(|e| StorageFailure(e.to_string()))?;
            self.model.set_revision(revision + 1);
            return Ok(result);
        }
        for update in updates {
            match update {
                apply::ModelUpdate::Contact(entry) => self.model.upsert_contact(*entry),
                apply::ModelUpdate::FollowUp(key, item) => self.model.set_follow_up(key, item),
                apply::ModelUpdate::WelcomeDone => self.model.set_welcome_done(),
                apply::ModelUpdate::Plan(update) => self.model.apply_plan_update(update),
                apply::ModelUpdate::Mail(update) => self.model.apply_mail_update(update),
                apply::ModelUpdate::Reload => {}
            }
        }
        Ok(result)
    }
}
