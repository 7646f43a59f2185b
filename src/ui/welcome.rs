//! First run on an empty database: explore with demo data, start fresh, import
//! contacts (the import dialog), or restore a backup (read, decrypted and parsed on a
//! worker; written in one transaction, and only into this empty database).

use std::path::PathBuf;

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::jobs::{Job, Poll};
use super::widgets::{error_text, hint};
use crate::interop::backup_file::{self, BackupFileError};
use crate::store::{ApplyError, Backup, Change, Committed, Writer};

/// A backup read and written on the worker: the commit for the read model, with what
/// it held.
struct Restored {
    committed: Committed<()>,
    contacts: usize,
    touchpoints: usize,
}

/// Why nothing was restored.
enum RestoreFailure {
    Read(BackupFileError),
    Write(ApplyError),
}

/// What the restore does once the file is read: at 1M touchpoints, seconds of work.
fn writing_words(backup: &Backup) -> String {
    format!(
        "Writing {} and {}, then reading them back…",
        counted(backup.contacts.len(), "contact", "contacts"),
        counted(backup.touchpoints.len(), "touchpoint", "touchpoints")
    )
}

/// "1 contact", "100,031 contacts".
fn counted(n: usize, one: &str, many: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} {}", if n == 1 { one } else { many })
}

/// Writes `backup` (on the worker): the whole store in one transaction.
fn restore_on(writer: &Writer, backup: Backup) -> Result<Restored, ApplyError> {
    let (contacts, touchpoints) = (backup.contacts.len(), backup.touchpoints.len());
    let committed =
        writer.apply_all(|batch| batch.apply(Change::Restore(Box::new(backup))).map(|_| ()))?;
    Ok(Restored {
        committed,
        contacts,
        touchpoints,
    })
}

/// The first-run screen's state: the restore form, when opened.
#[derive(Default)]
pub struct WelcomeView {
    restore: Option<RestoreForm>,
    /// The newest daily snapshot beside this (empty) database, looked for once.
    snapshot: Option<Option<crate::store::snapshots::Snapshot>>,
    snapshot_job: Option<Job<Result<Restored, String>>>,
    /// The demo data being written.
    demo_job: Option<Job<Result<Committed<usize>, ApplyError>>>,
    snapshot_error: Option<String>,
}

/// The records of a snapshot, read from a copy of it (the snapshot itself is never
/// opened for writing).
fn read_snapshot(snapshot: &std::path::Path) -> Result<Backup, String> {
    let copy = snapshot.with_extension("reading");
    std::fs::copy(snapshot, &copy).map_err(|e| format!("the snapshot could not be read: {e}"))?;
    let backup = crate::store::Store::open(&copy)
        .map_err(|e| e.to_string())
        .and_then(|store| store.backup().map_err(|e| e.to_string()));
    // Best-effort cleanup: nothing depends on this file being gone.
    let _ = std::fs::remove_file(&copy);
    backup
}

#[derive(Default)]
struct RestoreForm {
    path: String,
    passphrase: String,
    needs_passphrase: bool,
    error: Option<String>,
    job: Option<Job<Result<Restored, RestoreFailure>, String>>,
    /// What the restore is doing now, in words (its worker says when it moves on).
    stage: String,
    chooser: super::widgets::FileChooser,
    /// The file field takes the keyboard when the form opens.
    focus: bool,
}

impl WelcomeView {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let revision = ctx.model().revision();
        self.screen_ui(ui, ctx);
        // A job's result taken in this frame (a restore, the demo) leaves this screen:
        // the next frame draws the views, without waiting for the mouse to move.
        if ctx.model().revision() != revision {
            ui.ctx().request_repaint();
        }
    }

    fn screen_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.15);
            ui.heading(RichText::new("Welcome to exitplan").size(28.0));
            ui.add_space(8.0);
            ui.label(
                "A private place for your network and your plan. Everything stays on this computer.",
            );
            ui.add_space(24.0);
            let big = |text: &str| {
                egui::Button::new(RichText::new(text).size(17.0)).min_size(egui::vec2(260.0, 36.0))
            };
            // One thing at a time: while the demo or a restore is written, the other
            // ways in wait.
            let idle = !self.is_busy();
            let explore = ui.add_enabled(idle, big("Explore with demo data"));
            if self.demo_job.is_some() {
                ui.add(egui::Spinner::new());
                ui.label("Writing the demo data…");
            }
            hint(
                ui,
                "About 40 made-up contacts and a year of touchpoints, to look around.",
            );
            ui.add_space(12.0);
            let fresh = ui.add_enabled(idle, big("Start fresh"));
            hint(ui, "An empty database; add your first contact.");
            ui.add_space(12.0);
            if ui.add_enabled(idle, big("Import contacts")).clicked() {
                ctx.requests.push(super::Request::ImportContacts);
            }
            hint(
                ui,
                "From LinkedIn, Google, a CSV or vCard file — or drop the file on this window.",
            );
            ui.add_space(12.0);
            if ui.add_enabled(idle, big("Restore a backup")).clicked() && self.restore.is_none() {
                self.restore = Some(RestoreForm {
                    focus: true,
                    ..RestoreForm::default()
                });
            }
            hint(ui, "From a backup exitplan wrote (encrypted or not).");
            // A database that is empty but has snapshots beside it was lost or replaced:
            // offer the newest.
            let snapshot = self
                .snapshot
                .get_or_insert_with(|| {
                    crate::store::snapshots::list(ctx.store().path()).into_iter().next()
                })
                .clone();
            if let Some(snapshot) = snapshot {
                ui.add_space(12.0);
                let busy = self.snapshot_job.is_some();
                let label = format!("Restore the snapshot of {}", snapshot.day);
                if ui.add_enabled(!busy, big(&label)).clicked() {
                    let path = snapshot.path.clone();
                    let writer = ctx.writer();
                    self.snapshot_error = None;
                    self.snapshot_job = Some(Job::spawn(ui.ctx(), "snapshot-restore", move |_| {
                        restore_on(&writer, read_snapshot(&path)?).map_err(|e| e.to_string())
                    }));
                }
                hint(ui, "The newest daily snapshot kept beside this database.");
                error_text(ui, self.snapshot_error.as_deref());
            }
            self.poll_snapshot(ctx);
            if let Some(form) = self.restore.as_mut() {
                ui.add_space(12.0);
                form.ui(ui, ctx);
            }
            if explore.clicked() && self.demo_job.is_none() {
                let current = ctx.model().settings().clone();
                let writer = ctx.writer();
                self.demo_job = Some(Job::spawn(ui.ctx(), "demo", move |_| {
                    crate::demo::commit_demo(&writer, current)
                }));
            }
            self.poll_demo(ctx);
            if fresh.clicked() && ctx.apply(Change::FinishWelcome) {
                ctx.requests.push(super::Request::NewContact);
            }
        });
    }
}

impl WelcomeView {
    pub fn is_busy(&self) -> bool {
        self.snapshot_job.is_some()
            || self.demo_job.is_some()
            || self.restore.as_ref().is_some_and(|r| r.job.is_some())
    }

    fn poll_snapshot(&mut self, ctx: &mut ViewCtx<'_>) {
        let Some(outcome) = self.snapshot_job.as_mut().and_then(Job::outcome) else {
            return;
        };
        self.snapshot_job = None;
        match outcome {
            Ok(restored) => {
                if ctx.absorb(restored.committed).is_some() {
                    ctx.status.info(format!(
                        "Restored the snapshot: {} contacts.",
                        restored.contacts
                    ));
                }
            }
            Err(e) => self.snapshot_error = Some(format!("Nothing was restored: {e}")),
        }
    }

    fn poll_demo(&mut self, ctx: &mut ViewCtx<'_>) {
        let Some(outcome) = self.demo_job.as_mut().and_then(Job::outcome) else {
            return;
        };
        self.demo_job = None;
        match outcome {
            Ok(committed) => {
                if let Some(count) = ctx.absorb(committed) {
                    ctx.status
                        .info(format!("Demo data added: {count} contacts."));
                }
            }
            Err(e) => ctx
                .status
                .error(format!("Could not add the demo data: {e}")),
        }
    }
}

impl RestoreForm {
    fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        self.poll(ctx);
        let mut enter = false;
        ui.allocate_ui(egui::vec2(560.0, 0.0), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("Backup file");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.path).desired_width(330.0))
                        .labelled_by(label.id);
                    if std::mem::take(&mut self.focus) {
                        field.request_focus();
                    }
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        enter = true;
                    }
                    self.chooser.button_ui(ui, "Choose file…", false, || {
                        rfd::FileDialog::new()
                            .set_title("Restore a backup")
                            .add_filter("exitplan backup", &["json", "age"])
                            .add_filter("All files", &["*"])
                    });
                });
                self.chooser.note_ui(ui);
                if self.needs_passphrase {
                    ui.horizontal(|ui| {
                        let label = ui.label("Passphrase");
                        let field = ui
                            .add(egui::TextEdit::singleline(&mut self.passphrase).password(true))
                            .labelled_by(label.id);
                        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            enter = true;
                        }
                    });
                }
                error_text(ui, self.error.as_deref());
                ui.horizontal(|ui| {
                    let busy = self.job.is_some();
                    if ui
                        .add_enabled(!busy, egui::Button::new(RichText::new("Restore").strong()))
                        .clicked()
                        || (enter && !busy)
                    {
                        self.start(ui.ctx(), ctx);
                    }
                    if busy {
                        ui.add(egui::Spinner::new());
                        ui.label(&self.stage);
                    }
                });
            });
        });
    }

    fn start(&mut self, ui_ctx: &egui::Context, ctx: &mut ViewCtx<'_>) {
        self.error = None;
        if self.path.trim().is_empty() {
            self.error = Some("Say which backup file to restore.".into());
            return;
        }
        let path = PathBuf::from(self.path.trim());
        let passphrase = (!self.passphrase.is_empty()).then(|| self.passphrase.clone());
        let writer = ctx.writer();
        self.stage = "Reading the backup…".into();
        self.job = Some(Job::spawn(ui_ctx, "restore", move |reporter| {
            let backup =
                backup_file::read(&path, passphrase.as_deref()).map_err(RestoreFailure::Read)?;
            reporter.report(writing_words(&backup));
            restore_on(&writer, backup).map_err(RestoreFailure::Write)
        }));
    }

    fn poll(&mut self, ctx: &mut ViewCtx<'_>) {
        if let Some(path) = self.chooser.poll() {
            self.path = path.display().to_string();
        }
        let Some(job) = self.job.as_mut() else {
            return;
        };
        let result = match job.poll() {
            Poll::Running(stages) => {
                if let Some(stage) = stages.into_iter().last() {
                    self.stage = stage;
                }
                return;
            }
            Poll::Done(_, result) => result,
        };
        self.job = None;
        match result {
            Ok(Ok(restored)) => {
                if ctx.absorb(restored.committed).is_some() {
                    self.passphrase.clear();
                    ctx.status.info(format!(
                        "Restored {} and {}.",
                        counted(restored.contacts, "contact", "contacts"),
                        counted(restored.touchpoints, "touchpoint", "touchpoints")
                    ));
                }
            }
            Ok(Err(RestoreFailure::Read(BackupFileError::NeedsPassphrase { .. }))) => {
                self.needs_passphrase = true;
                self.error = Some("This backup is encrypted: type its passphrase.".into());
            }
            Ok(Err(RestoreFailure::Read(e))) => self.error = Some(e.to_string()),
            Ok(Err(RestoreFailure::Write(e))) => {
                self.error = Some(format!("Nothing was restored: {e}"));
            }
            Err(lost) => {
                self.error = Some(format!("Reading the backup stopped ({lost}); try again."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restore_says_how_much_it_writes_in_grouped_numbers() {
        assert_eq!(counted(1, "contact", "contacts"), "1 contact");
        assert_eq!(counted(0, "contact", "contacts"), "0 contacts");
        assert_eq!(counted(999, "contact", "contacts"), "999 contacts");
        assert_eq!(counted(100_031, "contact", "contacts"), "100,031 contacts");
        assert_eq!(
            counted(1_000_030, "touchpoint", "touchpoints"),
            "1,000,030 touchpoints"
        );
    }
}
