//! First run on an empty database: explore with demo data, start fresh, import
//! contacts (the import dialog), or restore a backup (read, decrypted and parsed on a
//! worker; written in one transaction, and only into this empty database).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::widgets::{error_text, hint};
use crate::interop::backup_file::{self, BackupFileError};
use crate::store::{Backup, Change};

/// The first-run screen's state: the restore form, when opened.
#[derive(Default)]
pub struct WelcomeView {
    restore: Option<RestoreForm>,
}

#[derive(Default)]
struct RestoreForm {
    path: String,
    passphrase: String,
    needs_passphrase: bool,
    error: Option<String>,
    job: Option<Receiver<Result<Backup, BackupFileError>>>,
    chooser: super::widgets::FileChooser,
    /// The file field takes the keyboard when the form opens.
    focus: bool,
}

impl WelcomeView {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
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
            let explore = ui.add(big("Explore with demo data"));
            hint(
                ui,
                "About 40 made-up contacts and a year of touchpoints, to look around.",
            );
            ui.add_space(12.0);
            let fresh = ui.add(big("Start fresh"));
            hint(ui, "An empty database; add your first contact.");
            ui.add_space(12.0);
            if ui.add(big("Import contacts")).clicked() {
                ctx.requests.push(super::Request::ImportContacts);
            }
            hint(
                ui,
                "From LinkedIn, Google, a CSV or vCard file — or drop the file on this window.",
            );
            ui.add_space(12.0);
            if ui.add(big("Restore a backup")).clicked() && self.restore.is_none() {
                self.restore = Some(RestoreForm {
                    focus: true,
                    ..RestoreForm::default()
                });
            }
            hint(ui, "From a backup exitplan wrote (encrypted or not).");
            if let Some(form) = self.restore.as_mut() {
                ui.add_space(12.0);
                form.ui(ui, ctx);
            }
            if explore.clicked() {
                match crate::demo::write_demo(ctx.store) {
                    Ok(count) => ctx
                        .status
                        .info(format!("Demo data added: {count} contacts.")),
                    Err(e) => ctx
                        .status
                        .error(format!("Could not add the demo data: {e}")),
                }
            }
            if fresh.clicked() && ctx.apply(Change::FinishWelcome).is_ok() {
                ctx.requests.push(super::Request::NewContact);
            }
        });
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
                        self.start(ui.ctx());
                    }
                    if busy {
                        ui.add(egui::Spinner::new());
                        ui.label("Reading the backup…");
                    }
                });
            });
        });
    }

    fn start(&mut self, ctx: &egui::Context) {
        self.error = None;
        if self.path.trim().is_empty() {
            self.error = Some("Say which backup file to restore.".into());
            return;
        }
        let path = PathBuf::from(self.path.trim());
        let passphrase = (!self.passphrase.is_empty()).then(|| self.passphrase.clone());
        self.job = Some(super::widgets::on_worker(
            ctx,
            "exitplan-restore",
            move || backup_file::read(&path, passphrase.as_deref()),
            |e| {
                Err(BackupFileError::Io {
                    path: String::new(),
                    reason: format!("could not start reading: {e}"),
                })
            },
        ));
    }

    fn poll(&mut self, ctx: &mut ViewCtx<'_>) {
        if let Some(path) = self.chooser.poll() {
            self.path = path.display().to_string();
        }
        let Some(job) = &self.job else { return };
        let result = match job.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                self.job = None;
                self.error = Some("reading the backup stopped unexpectedly; try again".into());
                return;
            }
        };
        self.job = None;
        match result {
            Ok(backup) => {
                let (contacts, touchpoints) = (backup.contacts.len(), backup.touchpoints.len());
                match ctx.store.apply(Change::Restore(Box::new(backup))) {
                    Ok(_) => {
                        self.passphrase.clear();
                        ctx.status.info(format!(
                            "Restored {contacts} contacts and {touchpoints} touchpoints."
                        ));
                    }
                    Err(e) => self.error = Some(format!("Nothing was restored: {e}")),
                }
            }
            Err(BackupFileError::NeedsPassphrase { .. }) => {
                self.needs_passphrase = true;
                self.error = Some("This backup is encrypted: type its passphrase.".into());
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}
