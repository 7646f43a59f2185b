//! The "Import contacts" dialog: choose a file (typed, picked with the system's file
//! chooser, or dropped on the window), read and plan it on a worker thread with a
//! progress bar and a cancel that leaves the store untouched, map the columns of a
//! plain CSV, then show the plan — new, duplicate (with a choice per row) and
//! malformed with line numbers — and write it in one transaction only when the user
//! says so. It owns no data: the plan is written through `interop::import`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use eframe::egui::{self, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::widgets::{error_text, hint};
use super::{View, ViewCtx};
use crate::interop::csv_import::FIELDS;
use crate::interop::import::WrittenImport;
use crate::interop::import::{
    self, Action, DedupeIndex, ImportPlan, ImportReport, OnDuplicate, Target,
};
use crate::interop::pipeline::{self, Input, Planned};
use crate::interop::source::Format;
use crate::store::{ApplyError, Committed, ContactEntry};

mod job;
mod plan;

use super::jobs::{Job, Poll, Reporter};
use job::{FromWorker, ReadJob};
use plan::{plan_step, plan_table};

/// The field a column maps itself to by its name ("Email", "first name").
fn field_named(column: &str) -> Option<&'static str> {
    let normalized = column.trim().to_lowercase().replace([' ', '-'], "_");
    FIELDS.iter().copied().find(|f| *f == normalized)
}

/// The plan on screen, with the user's choices.
struct PlanStep {
    /// Shared with the worker that writes it.
    plan: Arc<ImportPlan>,
    /// Per plan item: what to do if it is a duplicate.
    choices: Vec<OnDuplicate>,
    /// Per plan item that is a duplicate: whom it matches, in words.
    matches: Vec<String>,
    skip_bad: bool,
    error: Option<String>,
    /// The plan being written, on a worker.
    writing: Option<WriteJob>,
}

/// Writing the plan: one transaction on a worker; the read model takes it when done.
type WriteJob = Job<Result<Committed<WrittenImport>, ApplyError>>;

enum Step {
    Choose {
        error: Option<String>,
    },
    Working(ReadJob),
    Columns {
        text: Arc<String>,
        columns: Vec<String>,
        /// Per column: the field it goes to, or None to leave it out.
        fields: Vec<Option<&'static str>>,
    },
    Plan(Box<PlanStep>),
}

/// What the dialog asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogAction {
    None,
    /// Closed without writing anything.
    Cancel,
    /// The plan was written; the status line says what happened.
    Done,
}

/// The dialog's state while it is open.
pub struct ImportDialog {
    path: String,
    format: Option<Format>,
    step: Step,
    chooser: super::widgets::FileChooser,
    /// The file field takes the keyboard when the dialog opens.
    focus_path: bool,
}

impl ImportDialog {
    pub fn new() -> Self {
        ImportDialog {
            path: String::new(),
            format: None,
            step: Step::Choose { error: None },
            chooser: super::widgets::FileChooser::default(),
            focus_path: true,
        }
    }

    /// Opens on a file dropped on the window and starts reading it at once.
    pub fn for_file(ctx: &egui::Context, model: &crate::store::ReadModel, path: PathBuf) -> Self {
        let mut dialog = ImportDialog::new();
        dialog.path = path.display().to_string();
        dialog.start(ctx, model);
        dialog
    }

    fn start(&mut self, ctx: &egui::Context, model: &crate::store::ReadModel) {
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            self.step = Step::Choose {
                error: Some("Choose a file first.".into()),
            };
            return;
        }
        let job = ReadJob::start(
            ctx,
            Input::File(path),
            self.format,
            HashMap::new(),
            model.contacts_snapshot(),
        );
        self.step = Step::Working(job);
    }

    /// Draws the dialog; writes the plan through `view.store` when the user imports.
    pub fn ui(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) -> DialogAction {
        self.poll(view.model());
        let mut action = DialogAction::None;
        let screen = ctx.content_rect();
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            action = DialogAction::Cancel;
        }
        egui::Modal::new(egui::Id::unique("import_contacts")).show(ctx, |ui| {
            ui.set_width((screen.width() - 120.0).clamp(420.0, 980.0));
            ui.heading("Import contacts");
            ui.add_space(6.0);
            let chosen = match &mut self.step {
                Step::Choose { .. } => self.choose_ui(ui, view),
                Step::Working(job) => working_ui(ui, job),
                Step::Columns { .. } => self.columns_ui(ui, view),
                Step::Plan(_) => self.plan_ui(ui, view),
            };
            if chosen != DialogAction::None {
                action = chosen;
            }
        });
        // Once the plan is being written it is written: the dialog stays until the read
        // model has taken it (a closed dialog would leave the commit untold).
        if action == DialogAction::Cancel
            && matches!(&self.step, Step::Plan(step) if step.writing.is_some())
        {
            action = DialogAction::None;
        }
        if action == DialogAction::Cancel && !matches!(self.step, Step::Choose { .. }) {
            view.status.info("Import cancelled; nothing was written.");
        }
        action
    }

    /// Whether the file is being read or the plan written.
    pub fn is_busy(&self) -> bool {
        match &self.step {
            Step::Working(_) => true,
            Step::Plan(step) => step.writing.is_some(),
            _ => false,
        }
    }

    /// Takes what the worker and the file chooser reported since the last frame.
    fn poll(&mut self, model: &crate::store::ReadModel) {
        if let Some(path) = self.chooser.poll() {
            self.path = path.display().to_string();
        }
        let Step::Working(read) = &mut self.step else {
            return;
        };
        let (progress, result) = match read.job.poll() {
            Poll::Running(progress) => (progress, None),
            Poll::Done(progress, result) => (progress, Some(result)),
        };
        if let Some(last) = progress.last() {
            read.step = last.step;
            read.fraction = last.fraction;
        }
        self.step = match result {
            None => return,
            Some(Ok(FromWorker::Columns { text, columns })) => {
                let fields = columns.iter().map(|c| field_named(c)).collect();
                Step::Columns {
                    text,
                    columns,
                    fields,
                }
            }
            Some(Ok(FromWorker::Planned(plan))) => Step::Plan(Box::new(plan_step(model, plan))),
            Some(Ok(FromWorker::Failed(message))) => Step::Choose {
                error: Some(message),
            },
            Some(Err(lost)) => Step::Choose {
                error: Some(format!("Reading the file stopped ({lost}); try again.")),
            },
        };
    }

    fn choose_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) -> DialogAction {
        ui.label("Contacts from LinkedIn (Connections.csv), Google Contacts, any CSV with a header row, or a vCard file (Apple, Outlook, Android).");
        hint(
            ui,
            "Nothing is written until you have seen the plan. You can also drop the file on the window.",
        );
        ui.add_space(6.0);
        let mut read = false;
        ui.horizontal(|ui| {
            let label = ui.label("File to import");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .hint_text("/home/you/Downloads/Connections.csv")
                        .desired_width((ui.available_width() - 130.0).max(200.0)),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_path) {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                read = true;
            }
            self.chooser.button_ui(ui, "Choose file…", false, || {
                rfd::FileDialog::new()
                    .set_title("Import contacts")
                    .add_filter("Contacts (CSV, vCard)", &["csv", "vcf", "vcard"])
                    .add_filter("All files", &["*"])
            });
        });
        self.chooser.note_ui(ui);
        ui.horizontal(|ui| {
            let label = ui.label("Format");
            let formats = [
                None,
                Some(Format::Linkedin),
                Some(Format::Google),
                Some(Format::Vcard),
                Some(Format::Csv),
            ];
            egui::ComboBox::from_id_salt("import_format")
                .selected_text(format_label(self.format))
                .show_ui(ui, |ui| {
                    for format in formats {
                        ui.selectable_value(&mut self.format, format, format_label(format));
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if let Step::Choose { error } = &self.step {
            error_text(ui, error.as_deref());
        }
        ui.add_space(8.0);
        let mut action = DialogAction::None;
        ui.horizontal(|ui| {
            if ui.button(RichText::new("Read file").strong()).clicked() {
                read = true;
            }
            if ui.button("Cancel").clicked() {
                action = DialogAction::Cancel;
            }
        });
        if read {
            self.start(ui.ctx(), view.model());
        }
        action
    }

    fn columns_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) -> DialogAction {
        let Step::Columns {
            text,
            columns,
            fields,
        } = &mut self.step
        else {
            return DialogAction::None;
        };
        ui.label("This CSV is not a LinkedIn or Google export. Say what each column holds:");
        ui.add_space(4.0);
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                egui::Grid::new("import_columns")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (i, (column, field)) in
                            columns.iter().zip(fields.iter_mut()).enumerate()
                        {
                            let label = ui.label(if column.is_empty() {
                                format!("Column {}", i + 1)
                            } else {
                                column.clone()
                            });
                            // Tall enough to show every field without scrolling.
                            egui::ComboBox::from_id_salt(("import_column", i))
                                .height(420.0)
                                .selected_text(field_label(*field))
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(field, None, field_label(None));
                                    for f in FIELDS {
                                        ui.selectable_value(field, Some(f), field_label(Some(f)));
                                    }
                                })
                                .response
                                .labelled_by(label.id);
                            ui.end_row();
                        }
                    });
            });
        let names = fields
            .iter()
            .any(|f| matches!(f, Some("name" | "first_name" | "last_name" | "email")));
        if !names {
            error_text(
                ui,
                Some("Choose at least one column with a name or an email address."),
            );
        }
        ui.add_space(8.0);
        let mut action = DialogAction::None;
        let mut go = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    names,
                    egui::Button::new(RichText::new("Read contacts").strong()),
                )
                .clicked()
            {
                go = true;
            }
            if ui.button("Cancel").clicked() {
                action = DialogAction::Cancel;
            }
        });
        if go {
            // Every column is mapped explicitly: one left out maps to nothing.
            let mapping: HashMap<String, String> = columns
                .iter()
                .zip(fields.iter())
                .map(|(c, f)| (c.clone(), f.unwrap_or("ignore").to_string()))
                .collect();
            let job = ReadJob::start(
                ui.ctx(),
                Input::Text(Arc::clone(text)),
                Some(Format::Csv),
                mapping,
                view.model().contacts_snapshot(),
            );
            self.step = Step::Working(job);
        }
        action
    }

    fn plan_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) -> DialogAction {
        let Step::Plan(step) = &mut self.step else {
            return DialogAction::None;
        };
        let counts = step.plan.counts();
        summary_ui(ui, step, &counts);
        ui.add_space(4.0);
        if !step.plan.items.is_empty() {
            plan_table(ui, step);
        }
        if counts.malformed > 0 {
            malformed_ui(ui, step, counts.malformed);
        }
        error_text(ui, step.error.as_deref());
        ui.add_space(8.0);
        let writes = step
            .plan
            .items
            .iter()
            .zip(&step.choices)
            .filter(|(item, choice)| {
                matches!(item.action, Action::New) || **choice != OnDuplicate::Skip
            })
            .count();
        let allowed =
            writes > 0 && (counts.malformed == 0 || step.skip_bad) && step.writing.is_none();
        let (import, mut action) = import_row_ui(ui, writes, allowed);
        if import && step.writing.is_none() {
            // Worked out and written on the worker, from the contacts as they are now
            // (a snapshot: no copy is made).
            let choices = step.choices.clone();
            let contacts = view.model().contacts_snapshot();
            let (plan, today, writer) = (Arc::clone(&step.plan), view.today(), view.writer());
            step.error = None;
            step.writing = Some(Job::spawn(ui.ctx(), "import-write", move |_| {
                let lookup = |id| import::from_snapshot(&contacts, id);
                import::prepare_with(&lookup, today, &plan, &|i| choices[i]).commit(&writer)
            }));
        }
        if step.writing.is_some() {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Importing…");
            });
        }
        if let Some(done) = step.writing.as_mut().and_then(Job::result) {
            step.writing = None;
            match done {
                Ok(Ok(committed)) => {
                    if let Some(written) = view.absorb(committed) {
                        let (report, undo) = written.undoable();
                        view.status
                            .undoable(report_words(&report, &self.path), undo);
                        view.state.view = View::Contacts;
                        action = DialogAction::Done;
                    }
                }
                Ok(Err(e)) => step.error = Some(format!("Nothing was imported: {e}")),
                Err(lost) => step.error = Some(format!("Nothing was imported: {lost}")),
            }
        }
        action
    }
}

/// The plan in figures, what Import will do, and the choice for every duplicate at once.
fn summary_ui(ui: &mut Ui, step: &mut PlanStep, counts: &import::PlanCounts) {
    ui.label(
        RichText::new(format!(
            "{} new · {} duplicate{} · {} malformed",
            counts.new,
            counts.duplicates,
            if counts.duplicates == 1 { "" } else { "s" },
            counts.malformed
        ))
        .strong(),
    );
    hint(
        ui,
        "Nothing is written until you press Import. Merging fills empty fields and unites emails, phones and tags; a different value never replaces yours — it is kept as a dated line in the notes.",
    );
    if counts.duplicates > 0 {
        ui.horizontal(|ui| {
            ui.label("All duplicates:");
            for (choice, label) in [
                (OnDuplicate::Merge, "Merge all duplicates"),
                (OnDuplicate::Skip, "Skip all duplicates"),
                (OnDuplicate::New, "Add all duplicates as new contacts"),
            ] {
                if ui.button(label).clicked() {
                    step.choices.fill(choice);
                }
            }
        });
    }
}

/// The records that cannot be imported, by line, and the box to leave them out.
fn malformed_ui(ui: &mut Ui, step: &mut PlanStep, malformed: usize) {
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "{} record{} cannot be imported:",
            malformed,
            if malformed == 1 { "" } else { "s" }
        ))
        .color(ui.visuals().warn_fg_color),
    );
    egui::ScrollArea::vertical()
        .id_salt("import_malformed")
        .max_height(120.0)
        .show(ui, |ui| {
            for bad in step.plan.malformed.iter().take(500) {
                ui.label(format!("Line {}: {}", bad.line, bad.reason));
            }
            if malformed > 500 {
                hint(ui, format!("and {} more", malformed - 500));
            }
        });
    ui.checkbox(
        &mut step.skip_bad,
        format!(
            "Leave out the {} malformed record{} and import the rest",
            malformed,
            if malformed == 1 { "" } else { "s" }
        ),
    );
}

/// Import and Cancel, and why Import is off; says whether Import was clicked, and
/// Cancel as the dialog's action.
fn import_row_ui(ui: &mut Ui, writes: usize, allowed: bool) -> (bool, DialogAction) {
    let mut action = DialogAction::None;
    let mut import = false;
    ui.horizontal(|ui| {
        let label = format!(
            "Import {writes} contact{}",
            if writes == 1 { "" } else { "s" }
        );
        let button = ui.add_enabled(allowed, egui::Button::new(RichText::new(label).strong()));
        if button.clicked() {
            import = true;
        }
        if ui.button("Cancel").clicked() {
            action = DialogAction::Cancel;
        }
    });
    if writes == 0 {
        hint(ui, "There is nothing to write.");
    } else if !allowed {
        hint(
            ui,
            "Fix the file and read it again, or tick the box above to leave the malformed records out.",
        );
    }
    (import, action)
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self::new()
    }
}

fn working_ui(ui: &mut Ui, job: &mut ReadJob) -> DialogAction {
    ui.label(format!("{}…", job.step));
    ui.add(
        egui::ProgressBar::new(job.fraction)
            .show_percentage()
            .desired_width(ui.available_width()),
    );
    hint(ui, "Nothing is written while the file is read.");
    ui.add_space(8.0);
    if ui.button("Cancel").on_hover_text("Esc").clicked() {
        return DialogAction::Cancel;
    }
    DialogAction::None
}

fn format_label(format: Option<Format>) -> &'static str {
    format.map_or("Recognise it from the file", Format::label)
}

fn field_label(field: Option<&str>) -> &'static str {
    match field {
        None => "Leave out",
        Some("name") => "Full name",
        Some("first_name") => "First name",
        Some("last_name") => "Last name",
        Some("email") => "Email",
        Some("phone") => "Phone",
        Some("organization") => "Organization",
        Some("title") => "Job title",
        Some("notes") => "Notes",
        Some("tags") => "Tags",
        Some("link") => "Link",
        Some("met_on") => "Met on (YYYY-MM-DD)",
        Some(_) => "Leave out",
    }
}

fn report_words(report: &ImportReport, path: &str) -> String {
    let file = std::path::Path::new(path.trim())
        .file_name()
        .map_or_else(String::new, |n| format!(" from {}", n.to_string_lossy()));
    format!(
        "Imported{file}: {} added, {} merged, {} skipped.",
        report.added, report.merged, report.skipped
    )
}
