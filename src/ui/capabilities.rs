//! The Capabilities view: the log of what the user does and achieved (title, story,
//! numbers, tags, date, "use in reminder emails"), and the brag-document export.

use std::path::PathBuf;

use chrono::NaiveDate;
use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::detail_pane::{FormButtons, add_or_save_ui};
use super::widgets::{
    card, date_picker, hint, labelled_line, labelled_multiline, name_for_assistive_tech,
};
use crate::model::{Capability, CapabilityFields, CapabilityId, FieldErrors};
use crate::store::{Change, PlanChange};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CapabilityForm {
    editing: Option<CapabilityId>,
    title: String,
    story: String,
    numbers: String,
    tags: String,
    date: NaiveDate,
    use_in_emails: bool,
}

impl CapabilityForm {
    fn new(today: NaiveDate) -> Self {
        Self {
            editing: None,
            title: String::new(),
            story: String::new(),
            numbers: String::new(),
            tags: String::new(),
            date: today,
            use_in_emails: true,
        }
    }

    fn from_capability(c: &Capability) -> Self {
        Self {
            editing: Some(c.id),
            title: c.fields.title.clone(),
            story: c.fields.story.clone(),
            numbers: c.fields.numbers.clone(),
            tags: c.fields.tags.join(", "),
            date: c.fields.date,
            use_in_emails: c.fields.use_in_emails,
        }
    }

    fn fields(&self) -> CapabilityFields {
        CapabilityFields {
            title: self.title.clone(),
            story: self.story.clone(),
            numbers: self.numbers.clone(),
            tags: self.tags.split(',').map(str::to_string).collect(),
            date: self.date,
            use_in_emails: self.use_in_emails,
        }
    }
}

/// Where the brag document goes by default: the user's documents folder.
fn default_export_path() -> String {
    let folder = directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(PathBuf::from)
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."));
    folder.join("capabilities.md").display().to_string()
}

pub struct CapabilitiesView {
    form: Option<CapabilityForm>,
    original: Option<CapabilityForm>,
    /// The revision of the entry being edited (a save names it).
    base: Option<crate::model::Revision>,
    errors: FieldErrors,
    export_path: String,
}

impl Default for CapabilitiesView {
    fn default() -> Self {
        Self {
            form: None,
            original: None,
            base: None,
            errors: FieldErrors::default(),
            export_path: default_export_path(),
        }
    }
}

impl CapabilitiesView {
    pub fn has_unsaved_changes(&self) -> bool {
        self.form != self.original
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        if self.form.is_none() {
            self.form = Some(CapabilityForm::new(today));
            self.original = self.form.clone();
        }
        ui.heading("Capabilities");
        hint(
            ui,
            "Write down everything you do and are responsible for — with evidence and numbers. It feeds your reminder emails and your brag document.",
        );
        ui.add_space(8.0);
        // Its own scroll position: another view's never carries over.
        egui::ScrollArea::vertical()
            .id_salt("capabilities_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                let editing = self.form.as_ref().is_some_and(|f| f.editing.is_some());
                card(ui, if editing { "Edit entry" } else { "New entry" }, |ui| {
                    self.form_ui(ui, ctx)
                });
                ui.add_space(12.0);
                card(ui, "Brag document", |ui| self.export_ui(ui, ctx));
                ui.add_space(12.0);
                card(ui, "Log", |ui| self.list_ui(ui, ctx));
            });
    }

    fn form_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        if let (Some(f), Some(original)) = (self.form.as_mut(), self.original.as_mut())
            && let Some(stored) = f.editing.and_then(|id| ctx.model().plan().capability(id))
            && let Some(report) = super::merge::follow(
                &mut self.base,
                original,
                f,
                crate::model::Revision::of(stored),
                || CapabilityForm::from_capability(stored),
            )
        {
            ctx.status.info(report.sentence());
        }
        let Some(f) = self.form.as_mut() else { return };
        let e = &self.errors;
        labelled_line(ui, "What you did", &mut f.title, e.for_field("title"));
        labelled_multiline(
            ui,
            "Story and evidence",
            &mut f.story,
            3,
            e.for_field("story"),
        );
        super::widgets::columns(ui, 2, |cols| {
            labelled_line(
                &mut cols[0],
                "Numbers",
                &mut f.numbers,
                e.for_field("numbers"),
            );
            labelled_line(
                &mut cols[1],
                "Tags (comma-separated)",
                &mut f.tags,
                e.for_field("tag"),
            );
        });
        ui.horizontal(|ui| {
            date_picker(ui, "Date", "capability_date", &mut f.date);
            ui.checkbox(&mut f.use_in_emails, "Use in reminder emails");
        });
        let editing = f.editing;
        let FormButtons { save, mut cancel } = add_or_save_ui(ui, editing.is_some(), "entry");
        if save {
            let fields = f.fields();
            let change = match (editing, self.base) {
                (Some(id), Some(base)) => PlanChange::EditCapability { id, base, fields },
                _ => PlanChange::AddCapability(fields),
            };
            match ctx.try_apply(Change::Plan(change)) {
                Ok(_) => {
                    ctx.status.info("Saved to the capability log.");
                    cancel = true;
                }
                Err(crate::store::ApplyError::Invalid(errors)) => self.errors = errors,
                Err(_) => {}
            }
        }
        if cancel {
            self.form = Some(CapabilityForm::new(today));
            self.original = self.form.clone();
            self.base = None;
            self.errors = FieldErrors::default();
        }
    }

    fn export_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        hint(
            ui,
            "An up-to-date job description, grouped by tag — for a promotion case or for interviews.",
        );
        labelled_line(ui, "Save as", &mut self.export_path, None);
        if ui.button("Export brag document").clicked() {
            let model = ctx.model();
            let markdown =
                crate::interop::brag::brag_markdown(&model.plan().capabilities(false), ctx.today());
            let path = PathBuf::from(self.export_path.trim());
            match crate::interop::write_file_atomically(&path, markdown.as_bytes()) {
                Ok(()) => ctx
                    .status
                    .info(format!("Brag document saved to {}.", path.display())),
                Err(e) => ctx.status.error(format!(
                    "Could not save {}: {e}. Choose another place in “Save as”.",
                    path.display()
                )),
            }
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let list: Vec<Capability> = ctx
            .model()
            .plan()
            .capabilities(false)
            .into_iter()
            .cloned()
            .collect();
        if list.is_empty() {
            hint(
                ui,
                "Nothing logged yet. What did you do this week that you are proud of?",
            );
            return;
        }
        for c in list {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(c.fields.date.to_string()).monospace());
                ui.label(RichText::new(&c.fields.title).strong());
                if !c.fields.tags.is_empty() {
                    hint(ui, c.fields.tags.join(", "));
                }
                if c.fields.use_in_emails {
                    hint(ui, "· for emails");
                }
            });
            if !c.fields.numbers.is_empty() {
                ui.label(format!("Numbers: {}", c.fields.numbers));
            }
            if !c.fields.story.is_empty() {
                ui.label(&c.fields.story);
            }
            ui.horizontal(|ui| {
                let edit = ui.add_enabled(!self.has_unsaved_changes(), egui::Button::new("Edit"));
                name_for_assistive_tech(&edit, &format!("Edit {}", c.fields.title));
                if edit.clicked() {
                    self.form = Some(CapabilityForm::from_capability(&c));
                    self.original = self.form.clone();
                    self.base = Some(crate::model::Revision::of(&c));
                }
                let archive = ui.button("Archive");
                name_for_assistive_tech(&archive, &format!("Archive {}", c.fields.title));
                if archive.clicked() {
                    ctx.apply(Change::Plan(PlanChange::SetCapabilityArchived {
                        id: c.id,
                        archived: true,
                    }));
                }
            });
            ui.separator();
        }
    }
}
