//! The contact edit form in the Contacts view's detail pane: the text the user types,
//! whether it differs from what is stored (so leaving asks first), inline validation
//! messages, and the change it becomes on Save.

use eframe::egui::{self, RichText, Ui};

use super::widgets::{error_text, labelled_line, labelled_multiline};
use crate::model::{
    Circle, ContactFields, ContactId, Discretion, FieldErrors, MergeReport, Revision, Trust,
};
use crate::store::ContactEntry;

/// The form's fields as the user types them (lists as lines or commas).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct FormText {
    pub name: String,
    /// One address per line; the first is primary.
    pub emails: String,
    pub phones: String,
    pub organization: String,
    pub title: String,
    pub how_we_met: String,
    /// Comma-separated.
    pub tags: String,
    pub circle: Circle,
    pub trust: Trust,
    pub shared_note: String,
    /// Days, or empty for no reminders.
    pub cadence: String,
    pub notes: String,
    /// One link per line.
    pub links: String,
    /// `None`: chosen automatically on save (internal or at the employer: must not know).
    pub discretion: Option<Discretion>,
    pub auto_send: bool,
    /// Kept as stored (set by imports; not edited in the form yet).
    pub met_on: Option<chrono::NaiveDate>,
    /// Comma-separated earlier companies.
    pub formerly_at: String,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

impl FormText {
    pub fn from_fields(f: &ContactFields) -> Self {
        Self {
            name: f.name.clone(),
            emails: f.emails.join("\n"),
            phones: f.phones.join("\n"),
            organization: f.organization.clone(),
            title: f.title.clone(),
            how_we_met: f.how_we_met.clone(),
            tags: f.tags.join(", "),
            circle: f.circle,
            trust: f.trust.unwrap_or_default(),
            shared_note: f.shared_note.clone(),
            cadence: f.cadence_days.map_or(String::new(), |d| d.to_string()),
            notes: f.notes.clone(),
            links: f.links.join("\n"),
            discretion: f.discretion,
            auto_send: f.auto_send,
            met_on: f.met_on,
            formerly_at: f.formerly_at.join(", "),
        }
    }

    /// The validated fields, or every problem (each naming its field).
    pub fn to_fields(&self) -> Result<ContactFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let cadence = self.cadence.trim();
        let cadence_days = if cadence.is_empty() {
            None
        } else {
            match cadence.parse::<u32>() {
                Ok(days) => Some(days),
                Err(_) => {
                    errors.push(
                        "cadence",
                        format!("cadence '{cadence}': not a whole number of days"),
                    );
                    None
                }
            }
        };
        let fields = ContactFields {
            name: self.name.clone(),
            emails: lines(&self.emails.replace([',', ';'], "\n")),
            phones: lines(&self.phones),
            organization: self.organization.clone(),
            title: self.title.clone(),
            how_we_met: self.how_we_met.clone(),
            tags: self.tags.split(',').map(String::from).collect(),
            circle: self.circle,
            trust: Some(self.trust),
            shared_note: self.shared_note.clone(),
            cadence_days,
            notes: self.notes.clone(),
            links: lines(&self.links),
            discretion: self.discretion,
            auto_send: self.auto_send,
            met_on: self.met_on,
            formerly_at: self.formerly_at.split(',').map(String::from).collect(),
        };
        errors.and(fields.validate())
    }
}

/// What the user asked the form to do this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    None,
    Save,
    Revert,
}

/// The edit form for one contact (or a new one).
#[derive(Debug, Clone)]
pub struct ContactForm {
    /// `None` for a contact not saved yet.
    pub id: Option<ContactId>,
    /// The revision of the stored contact `original` was filled from; a save names it.
    base: Option<Revision>,
    original: FormText,
    /// What the last merge with a change made elsewhere did (shown above the fields).
    merged: Option<MergeReport>,
    pub text: FormText,
    pub errors: FieldErrors,
    /// Validate on every change once the user has tried to save.
    tried_to_save: bool,
    /// Put the keyboard in the name field on the next frame.
    pub focus_name: bool,
    /// A save was just refused: bring the first problem into view on the next frame.
    show_refusal: bool,
}

impl ContactForm {
    pub fn new_contact() -> Self {
        Self {
            id: None,
            base: None,
            merged: None,
            original: FormText::default(),
            text: FormText::default(),
            errors: FieldErrors::default(),
            tried_to_save: false,
            focus_name: true,
            show_refusal: false,
        }
    }

    pub fn edit(entry: &ContactEntry) -> Self {
        let text = FormText::from_fields(&entry.contact.fields);
        Self {
            id: Some(entry.id()),
            base: Some(entry.revision()),
            merged: None,
            original: text.clone(),
            text,
            errors: FieldErrors::default(),
            tried_to_save: false,
            focus_name: false,
            show_refusal: false,
        }
    }

    /// Whether the user typed something not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.text != self.original
    }

    /// The revision a save of this form names.
    pub fn base(&self) -> Option<Revision> {
        self.base
    }

    /// Keeps the form in step with the stored contact: when it changed since the form
    /// was filled (an import merged into it, the hourly work, a save elsewhere), fields
    /// the user has not touched take the stored values and typed ones stay; a field
    /// both changed keeps the typed text and is pointed out.
    pub fn follow(&mut self, stored: &ContactEntry) {
        if self.id != Some(stored.id()) {
            return;
        }
        if let Some(report) = super::merge::follow(
            &mut self.base,
            &mut self.original,
            &mut self.text,
            stored.revision(),
            || FormText::from_fields(&stored.contact.fields),
        ) {
            self.merged = Some(report);
        }
    }

    /// After a successful save: what is shown is now what is stored.
    pub fn mark_saved(&mut self, stored: &ContactEntry) {
        self.id = Some(stored.id());
        self.base = Some(stored.revision());
        self.merged = None;
        self.text = FormText::from_fields(&stored.contact.fields);
        self.original = self.text.clone();
        self.errors = FieldErrors::default();
        self.tried_to_save = false;
    }

    /// Validates for saving; records the errors to show inline.
    pub fn validated(&mut self) -> Option<ContactFields> {
        self.tried_to_save = true;
        match self.text.to_fields() {
            Ok(fields) => {
                self.errors = FieldErrors::default();
                Some(fields)
            }
            Err(errors) => {
                // The name is at the top: the keyboard goes there. Anything else is
                // named beside the button, which is scrolled into view.
                self.focus_name = errors.for_field("name").is_some();
                self.show_refusal = true;
                self.errors = errors;
                None
            }
        }
    }

    /// Draws the form; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui) -> FormAction {
        let before = self.text.clone();
        if let Some(report) = &self.merged {
            ui.label(RichText::new(report.sentence()).italics());
        }
        let e = &self.errors;
        let t = &mut self.text;
        let name = labelled_line(ui, "Name", &mut t.name, e.for_field("name"));
        if self.focus_name {
            name.request_focus();
            if self.show_refusal {
                name.scroll_to_me(Some(egui::Align::Center));
                self.show_refusal = false;
            }
            self.focus_name = false;
        }
        work_fields_ui(ui, t, e);
        circle_fields_ui(ui, t, e);
        more_fields_ui(ui, t, e);
        error_text(ui, e.for_field("contacts"));
        if self.tried_to_save && self.text != before {
            self.errors = self.text.to_fields().err().unwrap_or_default();
        }
        let mut action = self.buttons_ui(ui);
        self.refusal_ui(ui);
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S)) {
            action = FormAction::Save;
        }
        action
    }

    /// Save (or Add), Revert and the "Unsaved changes" note; says which was clicked.
    fn buttons_ui(&self, ui: &mut Ui) -> FormAction {
        let mut action = FormAction::None;
        // Wraps in a narrow pane: a row wider than the pane (Save, Revert and the
        // "Unsaved changes" note) pushed the pane's edge over its own text.
        ui.horizontal_wrapped(|ui| {
            let save_label = if self.id.is_some() {
                "Save changes"
            } else {
                "Add contact"
            };
            let save = ui.add_enabled(
                self.is_dirty() || self.id.is_none(),
                egui::Button::new(RichText::new(save_label).strong()),
            );
            if save.clicked() {
                action = FormAction::Save;
            }
            if self.is_dirty() && ui.button("Revert").clicked() {
                action = FormAction::Revert;
            }
            if self.is_dirty() {
                ui.label(RichText::new("Unsaved changes").italics());
            }
        });
        action
    }

    /// Beside the button, so an error at the top of a long form is never missed.
    fn refusal_ui(&mut self, ui: &mut Ui) {
        if self.tried_to_save && !self.errors.is_empty() {
            let mut fields: Vec<&str> = Vec::new();
            for error in &self.errors.0 {
                let label = field_label(error.field);
                if !fields.contains(&label) {
                    fields.push(label);
                }
            }
            error_text(
                ui,
                Some(&format!("Not saved: check {} above.", fields.join(", "))),
            );
            if self.show_refusal {
                ui.scroll_to_cursor(Some(egui::Align::BOTTOM));
                self.show_refusal = false;
            }
        }
    }

    pub fn revert(&mut self) {
        self.merged = None;
        self.text = self.original.clone();
        self.errors = FieldErrors::default();
        self.tried_to_save = false;
    }
}

/// Email addresses, where they work and worked, tags and cadence.
fn work_fields_ui(ui: &mut Ui, t: &mut FormText, e: &FieldErrors) {
    labelled_multiline(
        ui,
        "Email addresses (one per line, first is primary)",
        &mut t.emails,
        2,
        e.for_field("email"),
    );
    super::widgets::columns(ui, 2, |cols| {
        labelled_line(
            &mut cols[0],
            "Organization",
            &mut t.organization,
            e.for_field("organization"),
        );
        labelled_line(&mut cols[1], "Title", &mut t.title, e.for_field("title"));
    });
    labelled_line(
        ui,
        "Formerly at (comma-separated)",
        &mut t.formerly_at,
        e.for_field("formerly_at"),
    );
    super::widgets::columns(ui, 2, |cols| {
        labelled_line(
            &mut cols[0],
            "Tags (comma-separated)",
            &mut t.tags,
            e.for_field("tag"),
        );
        labelled_line(
            &mut cols[1],
            "Keep in touch every (days)",
            &mut t.cadence,
            e.for_field("cadence"),
        );
    });
}

/// The circle, the reminder emails, and for someone inside the employer the trust and
/// what has been shared with them.
fn circle_fields_ui(ui: &mut Ui, t: &mut FormText, e: &FieldErrors) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Circle:");
        ui.radio_value(&mut t.circle, Circle::External, "External");
        ui.radio_value(
            &mut t.circle,
            Circle::Internal,
            "Internal (current employer)",
        );
    });
    discretion_ui(ui, t);
    if t.circle == Circle::Internal {
        ui.horizontal_wrapped(|ui| {
            ui.label("Trust:");
            for trust in Trust::ALL {
                ui.radio_value(&mut t.trust, trust, trust.label());
            }
        });
        labelled_multiline(
            ui,
            "What I have shared with them",
            &mut t.shared_note,
            2,
            e.for_field("shared_note"),
        );
    }
}

/// Phones, how you met, links and notes.
fn more_fields_ui(ui: &mut Ui, t: &mut FormText, e: &FieldErrors) {
    labelled_multiline(
        ui,
        "Phones (one per line)",
        &mut t.phones,
        1,
        e.for_field("phone"),
    );
    labelled_line(
        ui,
        "How we met",
        &mut t.how_we_met,
        e.for_field("how_we_met"),
    );
    labelled_multiline(
        ui,
        "Links (one per line)",
        &mut t.links,
        1,
        e.for_field("link"),
    );
    labelled_multiline(ui, "Notes", &mut t.notes, 4, e.for_field("notes"));
}

/// Who may hear what: the contact's discretion level and auto-send.
/// The form's name for a field an error names.
fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "Name",
        "email" => "Email addresses",
        "organization" => "Organization",
        "title" => "Title",
        "formerly_at" => "Formerly at",
        "tag" => "Tags",
        "cadence" => "Keep in touch every",
        "shared_note" => "What I have shared with them",
        "phone" => "Phones",
        "how_we_met" => "How we met",
        "link" => "Links",
        "notes" => "Notes",
        _ => "the fields marked",
    }
}

/// Its label above, as for every other field, so a narrow pane never squeezes it.
fn discretion_ui(ui: &mut Ui, t: &mut FormText) {
    ui.label("Reminder emails");
    let shown = t
        .discretion
        .map_or("Automatic (by circle and employer)", Discretion::label);
    let combo = egui::ComboBox::from_id_salt("reminder_emails")
        .selected_text(shown)
        .width(ui.available_width().min(320.0))
        .show_ui(ui, |ui| {
            for level in Discretion::ALL {
                ui.selectable_value(&mut t.discretion, Some(level), level.label());
            }
        })
        .response;
    combo.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, "Reminder emails")
    });
    let can_auto_send = t.discretion != Some(Discretion::MustNotKnow);
    ui.add_enabled(
        can_auto_send,
        egui::Checkbox::new(&mut t.auto_send, "Send without asking"),
    )
    .on_hover_text("Drafts for this contact go out on the next send run without approval, unless the discretion check flags them.");
}
