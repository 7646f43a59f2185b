//! Commits that may run on a worker thread. [`Store::writer`] hands out a [`Writer`]
//! (the database handle, the clock, the commit order); [`Writer::apply_all`] validates,
//! writes and commits there, and what the read model must learn travels back as a
//! [`Committed`] for [`Store::absorb`] on the thread that owns the store. The window
//! commits an import, a restore, the demo and the hourly drafts this way, so its frame
//! only swaps in the result; [`Store::apply_all`] is the same two steps in one thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use redb::Database;

use super::read_model::ModelUpdate;
use super::{ApplyError, Batch, Clock, ReadModel, StorageFailure, Store};
use super::{failpoint_panic, load, open, quietly};

/// Commits to the store's database from any thread. Cheap to make; one per job.
pub struct Writer {
    db: Arc<Database>,
    path: PathBuf,
    clock: Clock,
    /// Numbers this process's commits in the order they were made.
    order: Arc<AtomicU64>,
    /// A commit that changes more records than this reads the whole model again on
    /// the writer's thread, so the store's thread only swaps it in.
    reload_over: Option<usize>,
    /// What a model read again holds: what the store's holds.
    reading: load::Reading,
}

/// From this many changed records a worker's commit reads the model again itself
/// ([`Store::background_writer`]): taking in 10k contacts one by one would hold the
/// window's frame for tens of milliseconds.
pub const RELOAD_OVER: usize = 1_000;

/// A commit made, waiting for the store's read model to take it ([`Store::absorb`]).
#[must_use = "the read model learns of the commit only when the store absorbs it"]
pub struct Committed<T> {
    value: T,
    learned: Learned,
    /// This commit's place in the process's commit order.
    order: u64,
}

enum Learned {
    Updates(Vec<ModelUpdate>),
    /// So much changed (a restore) that the model was read again, on the writer's
    /// thread.
    Reloaded(Box<ReadModel>),
}

impl Writer {
    /// Applies any number of changes in one transaction: all of them or none.
    pub fn apply_all<T>(
        &self,
        build: impl FnOnce(&mut Batch<'_>) -> Result<T, ApplyError>,
    ) -> Result<Committed<T>, ApplyError> {
        let (now, today) = (self.clock.now(), self.clock.today());
        // A panic inside the storage library (a damaged page) aborts the transaction as
        // it unwinds: nothing was written, and the user hears that the file is damaged.
        let committed = quietly(|| {
            failpoint_panic("storage-panic-write");
            let txn = self.db.begin_write().map_err(StorageFailure::from)?;
            let (value, updates) = {
                let mut batch = Batch::new(&txn, now, today)?;
                let value = build(&mut batch)?;
                (value, std::mem::take(&mut batch.updates))
            };
            open::count_commit(&txn)?;
            // Numbered while the transaction still holds the write lock, so the numbers
            // follow the commits' order (a failed commit leaves a harmless gap).
            let order = self.order.fetch_add(1, Ordering::SeqCst) + 1;
            txn.commit().map_err(StorageFailure::from)?;
            Ok::<_, ApplyError>((value, updates, order))
        });
        let (value, updates, order) = match committed {
            Ok(result) => result?,
            Err(_) => return Err(ApplyError::Storage(StorageFailure::Damaged)),
        };
        let large = self.reload_over.is_some_and(|over| updates.len() > over);
        let learned = if large || updates.iter().any(|u| matches!(u, ModelUpdate::Reload)) {
            Learned::Reloaded(Box::new(self.reload()?))
        } else {
            Learned::Updates(updates)
        };
        Ok(Committed {
            value,
            learned,
            order,
        })
    }

    fn reload(&self) -> Result<ReadModel, StorageFailure> {
        reload(&self.db, &self.path, self.reading)
    }

    /// Today, as the store's clock has it.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}

/// Where the send protocol and other small writers apply their changes: the store
/// itself, or the window's view of it (which keeps the store to itself).
pub trait Apply {
    fn apply_change(&mut self, change: super::Change) -> Result<super::Outcome, ApplyError>;
    fn read_model(&self) -> &ReadModel;
}

impl Apply for Store {
    fn apply_change(&mut self, change: super::Change) -> Result<super::Outcome, ApplyError> {
        self.apply(change)
    }

    fn read_model(&self) -> &ReadModel {
        self.model()
    }
}

impl Store {
    /// What this store's read model holds.
    fn reading(&self) -> load::Reading {
        if self.model.has_contacts() {
            load::Reading::Whole
        } else {
            load::Reading::RecordsOnly
        }
    }

    /// A writer for a commit on another thread. Takes today's snapshot first, as every
    /// write does.
    pub fn writer(&mut self) -> Writer {
        self.snapshot_before_first_write();
        Writer {
            db: Arc::clone(&self.db),
            path: self.path.clone(),
            clock: self.clock,
            order: Arc::clone(&self.commit_order),
            reload_over: None,
            reading: self.reading(),
        }
    }

    /// A writer for a worker whose result the window's frame takes in: a commit that
    /// changes more than [`RELOAD_OVER`] records reads the model again on the worker,
    /// and [`Store::absorb`] only swaps it in.
    pub fn background_writer(&mut self) -> Writer {
        Writer {
            reload_over: Some(RELOAD_OVER),
            ..self.writer()
        }
    }

    /// Lets the read model learn a commit a [`Writer`] made; returns what the commit's
    /// changes returned. A commit older than one the model took already (the user saved
    /// something while a job committed) is not replayed over the newer one: the model
    /// is read again instead.
    pub fn absorb<T>(&mut self, committed: Committed<T>) -> Result<T, ApplyError> {
        let revision = self.model.revision();
        if committed.order <= self.absorbed {
            self.model = reload(&self.db, &self.path, self.reading())?;
            self.model.set_revision(revision + 1);
            return Ok(committed.value);
        }
        self.absorbed = committed.order;
        match committed.learned {
            Learned::Reloaded(model) => {
                let old = std::mem::replace(&mut self.model, *model);
                self.model.set_revision(revision + 1);
                // Freeing a large model takes a while: not on the store's thread.
                let freed = std::thread::Builder::new()
                    .name("exitplan-free".into())
                    .spawn(move || drop(old));
                // No thread to spare: it is freed here, as it always was.
                drop(freed);
            }
            Learned::Updates(updates) => {
                for update in updates {
                    learn(&mut self.model, update);
                }
            }
        }
        Ok(committed.value)
    }
}

/// The whole model read again from the file; a panic inside the storage library (a
/// damaged page) is the "file may be damaged" error, on whichever thread reads it.
fn reload(
    db: &Database,
    path: &std::path::Path,
    reading: load::Reading,
) -> Result<ReadModel, StorageFailure> {
    match quietly(|| load::load_read_model(db, path, reading)) {
        Ok(loaded) => loaded.map_err(|e| StorageFailure::Reopen(Box::new(e))),
        Err(_) => Err(StorageFailure::Damaged),
    }
}

fn learn(model: &mut ReadModel, update: ModelUpdate) {
    match update {
        ModelUpdate::Contact(entry) => model.upsert_contact(*entry),
        ModelUpdate::FollowUp(key, item) => model.set_follow_up(key, item),
        ModelUpdate::WelcomeDone => model.set_welcome_done(),
        ModelUpdate::Plan(update) => model.apply_plan_update(update),
        ModelUpdate::Mail(update) => model.apply_mail_update(update),
        ModelUpdate::Settings(settings) => model.set_settings(*settings),
        // Read again on the writer's thread (see `Writer::apply_all`).
        ModelUpdate::Reload => {}
    }
}
