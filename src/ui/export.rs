//! The "Export and backup" card in Settings: vCard 4.0, the ICS calendar, CSV of
//! contacts or applications, and the full JSON backup (optionally encrypted with a
//! passphrase). The small exports are made from the read model; the backup is read by
//! a worker from a consistent snapshot of the database, serialised, encrypted and
//! written there, so the window keeps drawing. Every file is written atomically and
//! readable only by the user (`interop::write_file_atomically`).

use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::jobs::Job;
use super::widgets::{card, error_text, hint};
use crate::store::BackupReader;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportKind {
    #[default]
    Vcard,
    Calendar,
    ContactsCsv,
    ApplicationsCsv,
    Backup,
}

impl ExportKind {
    const ALL: [ExportKind; 5] = [
        ExportKind::Vcard,
        ExportKind::Calendar,
        ExportKind::ContactsCsv,
        ExportKind::ApplicationsCsv,
        ExportKind::Backup,
    ];

    fn label(self) -> &'static str {
        match self {
            ExportKind::Vcard => "Contacts as vCard (phones, mail apps)",
            ExportKind::Calendar => "Follow-ups and next actions as a calendar (ICS)",
            ExportKind::ContactsCsv => "Contacts as a spreadsheet (CSV)",
            ExportKind::ApplicationsCsv => "Applications as a spreadsheet (CSV)",
            ExportKind::Backup => "Full backup of everything (JSON)",
        }
    }

    fn file_name(self, today: chrono::NaiveDate) -> String {
        match self {
            ExportKind::Vcard => format!("exitplan-contacts-{today}.vcf"),
            ExportKind::Calendar => format!("exitplan-calendar-{today}.ics"),
            ExportKind::ContactsCsv => format!("exitplan-contacts-{today}.csv"),
            ExportKind::ApplicationsCsv => format!("exitplan-applications-{today}.csv"),
            ExportKind::Backup => format!("exitplan-backup-{today}.json"),
        }
    }
}

/// The card's state.
#[derive(Default)]
pub struct ExportCard {
    kind: ExportKind,
    path: String,
    /// The path was typed or chosen (not the suggested default).
    path_chosen: bool,
    encrypt: bool,
    passphrase: String,
    repeat: String,
    /// The file exists and the user has not yet said to replace it.
    confirm_replace: bool,
    error: Option<String>,
    job: Option<Job<Result<String, String>>>,
    chooser: super::widgets::FileChooser,
    /// (revision, a 5-second tick) → the snapshot line, so the folder is not read every
    /// frame (a snapshot taken on a worker shows within seconds).
    snapshots: Option<((u64, i64), String)>,
}

/// When the last daily snapshot was taken, and where they are kept.
fn snapshot_line(store: &crate::store::Store) -> String {
    use crate::store::snapshots;
    let kept = snapshots::list(store.path());
    let problem = store
        .snapshot_error()
        .map_or(String::new(), |e| format!(" The last one failed: {e}."));
    // The folder's whole path is on hover: the line stays short.
    match kept.first() {
        Some(newest) => format!(
            "Daily snapshot: last taken {} ({} kept in the snapshots folder beside the database).{problem}",
            newest.day,
            kept.len(),
        ),
        None => format!(
            "Daily snapshot: none yet — one is taken before the first change of each day, into the snapshots folder beside the database.{problem}"
        ),
    }
}

impl ExportCard {
    pub fn ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        self.poll(view);
        let today = view.today();
        if !self.path_chosen {
            self.path = default_folder()
                .join(self.kind.file_name(today))
                .display()
                .to_string();
        }
        let key = (view.model().revision(), (ui.input(|i| i.time) / 5.0) as i64);
        if self.snapshots.as_ref().is_none_or(|(k, _)| *k != key) {
            self.snapshots = Some((key, snapshot_line(view.store())));
        }
        card(ui, "Export and backup", |ui| {
            if let Some((_, line)) = &self.snapshots {
                ui.label(line).on_hover_text(
                    crate::store::snapshots::folder(view.store().path())
                        .display()
                        .to_string(),
                );
            }
            hint(
                ui,
                "Files are written on this computer only, readable by you alone. The SMTP password is never in a backup.",
            );
            self.kind_ui(ui);
            self.path_ui(ui);
            if self.kind == ExportKind::Backup {
                self.encryption_ui(ui);
            }
            error_text(ui, self.error.as_deref());
            self.export_button_ui(ui, view);
        });
    }

    /// "What to export": the menu of kinds.
    fn kind_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("What to export");
            egui::ComboBox::from_id_salt("export_kind")
                .width(ui.available_width() - 8.0)
                .truncate()
                .selected_text(self.kind.label())
                .show_ui(ui, |ui| {
                    for kind in ExportKind::ALL {
                        if ui
                            .selectable_value(&mut self.kind, kind, kind.label())
                            .clicked()
                        {
                            self.confirm_replace = false;
                            self.error = None;
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    /// "Save as": the path, typed or chosen, and the chooser's note.
    fn path_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Save as");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .desired_width((ui.available_width() - 110.0).max(160.0)),
                )
                .labelled_by(label.id);
            if field.changed() {
                self.path_chosen = true;
                self.confirm_replace = false;
            }
            let suggested = PathBuf::from(&self.path);
            self.chooser
                .button_ui(ui, "Choose…", true, || save_dialog(&suggested));
        });
        self.chooser.note_ui(ui);
    }

    /// The backup's passphrase, asked twice, when it is to be encrypted.
    fn encryption_ui(&mut self, ui: &mut Ui) {
        ui.checkbox(&mut self.encrypt, "Encrypt the backup with a passphrase");
        if self.encrypt {
            for (name, text) in [
                ("Passphrase", &mut self.passphrase),
                ("Passphrase again", &mut self.repeat),
            ] {
                ui.horizontal(|ui| {
                    let label = ui.label(name);
                    ui.add(egui::TextEdit::singleline(text).password(true))
                        .labelled_by(label.id);
                });
            }
            hint(
                ui,
                "Without the passphrase the backup cannot be restored: keep it somewhere safe.",
            );
        }
    }

    /// Export (or "Replace the file"), and a spinner while it is written.
    fn export_button_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        let busy = self.job.is_some();
        ui.horizontal(|ui| {
            let label = if self.confirm_replace {
                "Replace the file"
            } else {
                "Export"
            };
            if ui
                .add_enabled(!busy, egui::Button::new(RichText::new(label).strong()))
                .clicked()
            {
                self.start(ui.ctx(), view);
            }
            if busy {
                ui.add(egui::Spinner::new());
                ui.label("Writing…");
            }
        });
    }

    /// Whether an export is being written.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    fn poll(&mut self, view: &mut ViewCtx<'_>) {
        if let Some(path) = self.chooser.poll() {
            self.path = path.display().to_string();
            self.path_chosen = true;
            // The system's chooser already asked about replacing.
            self.confirm_replace = path.exists();
        }
        let Some(result) = self.job.as_mut().and_then(Job::result) else {
            return;
        };
        self.job = None;
        match result {
            Ok(Ok(message)) => {
                view.status.info(message);
                self.passphrase.clear();
                self.repeat.clear();
            }
            Ok(Err(message)) => {
                self.error = Some(message.clone());
                view.status.error(message);
            }
            Err(lost) => {
                self.error = Some(format!(
                    "The export did not finish ({lost}); nothing was replaced."
                ));
            }
        }
    }

    fn start(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) {
        self.error = None;
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            self.error = Some("Say where to save the file.".into());
            return;
        }
        if path.is_dir() {
            self.error = Some(format!("{} is a folder; add a file name.", path.display()));
            return;
        }
        if path.exists() && !self.confirm_replace {
            self.confirm_replace = true;
            self.error = Some(format!(
                "{} already exists. Press “Replace the file” to overwrite it.",
                path.display()
            ));
            return;
        }
        let passphrase = if self.kind == ExportKind::Backup && self.encrypt {
            if self.passphrase.chars().count() < 8 {
                self.error = Some("Choose a passphrase of at least 8 characters.".into());
                return;
            }
            if self.passphrase != self.repeat {
                self.error = Some("The two passphrases differ; type them again.".into());
                return;
            }
            Some(self.passphrase.clone())
        } else {
            None
        };
        self.confirm_replace = false;
        let work = match self.kind {
            ExportKind::Backup => Work::Backup {
                reader: view.store().backup_reader(),
                passphrase,
            },
            kind => Work::Ready(small_export(kind, view)),
        };
        self.job = Some(run(ctx, path, work));
    }
}

/// What the worker writes.
enum Work {
    /// Bytes made from the read model, and what to say when they are written.
    Ready((Vec<u8>, String)),
    Backup {
        reader: BackupReader,
        passphrase: Option<String>,
    },
}

/// The exports made from the read model (a fraction of a second even for 100k
/// contacts); the file is written on the worker.
fn small_export(kind: ExportKind, view: &ViewCtx<'_>) -> (Vec<u8>, String) {
    let model = view.model();
    match kind {
        ExportKind::Vcard => {
            let contacts: Vec<&crate::model::ContactFields> = model
                .contacts()
                .iter()
                .filter(|e| !e.contact.archived)
                .map(|e| &e.contact.fields)
                .collect();
            let count = contacts.len();
            (
                crate::interop::vcard::write(contacts).into_bytes(),
                format!("{count} contacts"),
            )
        }
        ExportKind::Calendar => {
            let text = crate::interop::ics::calendar(model, view.store().clock().now());
            let events = text.matches("BEGIN:VEVENT").count();
            (text.into_bytes(), format!("{events} events"))
        }
        ExportKind::ContactsCsv => (
            crate::interop::table::contacts_csv(model),
            format!("{} contacts", model.contact_count()),
        ),
        // The backup is read by the worker; this arm is never asked for it.
        ExportKind::ApplicationsCsv | ExportKind::Backup => (
            crate::interop::table::applications_csv(model),
            format!("{} applications", model.plan().applications().len()),
        ),
    }
}

fn run(ctx: &egui::Context, path: PathBuf, work: Work) -> Job<Result<String, String>> {
    Job::spawn(ctx, "export", move |_| write(&path, work))
}

fn write(path: &Path, work: Work) -> Result<String, String> {
    let (bytes, what) = match work {
        Work::Ready(ready) => ready,
        Work::Backup { reader, passphrase } => {
            let backup = reader
                .backup()
                .map_err(|e| format!("The backup could not be read: {e}"))?;
            let what = format!(
                "{} contacts, {} touchpoints, {} applications{}",
                backup.contacts.len(),
                backup.touchpoints.len(),
                backup.applications.len(),
                if passphrase.is_some() {
                    ", encrypted"
                } else {
                    ""
                }
            );
            let mut bytes = serde_json::to_vec(&backup)
                .map_err(|e| format!("The backup could not be written: {e}"))?;
            if let Some(passphrase) = passphrase {
                bytes = crate::interop::encryption::encrypt(&bytes, &passphrase)
                    .map_err(|e| format!("The backup could not be encrypted: {e}"))?;
            }
            (bytes, what)
        }
    };
    crate::interop::write_file_atomically(path, &bytes).map_err(|e| {
        format!(
            "Could not write {}: {e}. Nothing was replaced; choose another place or free some space.",
            path.display()
        )
    })?;
    Ok(format!("Wrote {} ({what}).", path.display()))
}

/// Where exports go unless the user says otherwise: Documents, else home, else here.
fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(dirs.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The system's "save as" chooser, suggesting the current path.
fn save_dialog(suggested: &Path) -> rfd::FileDialog {
    let mut dialog = rfd::FileDialog::new().set_title("Export");
    if let Some(folder) = suggested.parent() {
        dialog = dialog.set_directory(folder);
    }
    if let Some(name) = suggested.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    dialog
}
