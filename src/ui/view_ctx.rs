//! What a view gets while it draws: the store to read, and the one write path. The store
//! itself stays private to this file, so no view writes around [`ViewCtx::apply`] or
//! hands the store to a worker: background work gets a [`crate::store::Writer`].

use super::{Request, Status, UiState, widgets};
use crate::store::{ApplyError, Change, Outcome, Store};

/// What a view gets to work with while drawing. The store is read through it and
/// written only through its methods: the one write path, each failure reported once.
pub struct ViewCtx<'a> {
    store: &'a mut Store,
    pub state: &'a mut UiState,
    pub status: &'a mut Status,
    pub requests: &'a mut Vec<Request>,
}

impl<'a> ViewCtx<'a> {
    pub fn new(
        store: &'a mut Store,
        state: &'a mut UiState,
        status: &'a mut Status,
        requests: &'a mut Vec<Request>,
    ) -> Self {
        ViewCtx {
            store,
            state,
            status,
            requests,
        }
    }
}

impl ViewCtx<'_> {
    /// The store, to read: the read model, today, the timeline.
    pub fn store(&self) -> &Store {
        self.store
    }

    pub fn model(&self) -> &crate::store::ReadModel {
        self.store.model()
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.store.today()
    }

    /// Applies a change whose failure needs nothing more than the status line (a row's
    /// button): says whether it was saved.
    pub fn apply(&mut self, change: Change) -> bool {
        self.try_apply(change).is_ok()
    }

    /// Applies a change for a form: a failure is reported in the status line and
    /// returned, so the form can show field errors inline (or merge a stale edit) and
    /// keep what was typed.
    pub fn try_apply(&mut self, change: Change) -> Result<Outcome, ApplyError> {
        let result = self.store.apply(change);
        if let Err(e) = &result {
            self.status.error(widgets::not_saved(e));
        }
        result
    }

    /// A writer for a commit on a worker ([`jobs::Job`]): an import, a restore, the demo,
    /// the hourly drafts. Its result comes back through [`ViewCtx::absorb`].
    pub fn writer(&mut self) -> crate::store::Writer {
        self.store.background_writer()
    }

    /// Lets the read model take a commit a worker made; a failure is reported in the
    /// status line.
    pub fn absorb<T>(&mut self, committed: crate::store::Committed<T>) -> Option<T> {
        match self.store.absorb(committed) {
            Ok(value) => Some(value),
            Err(e) => {
                self.status.error(widgets::not_saved(&e));
                None
            }
        }
    }
}

/// The send protocol's small commits (`Sending`, then how it went), made as they come:
/// its own summary says what failed, so nothing is reported here.
impl crate::store::Apply for ViewCtx<'_> {
    fn apply_change(&mut self, change: Change) -> Result<Outcome, ApplyError> {
        self.store.apply(change)
    }

    fn read_model(&self) -> &crate::store::ReadModel {
        self.store.model()
    }
}
