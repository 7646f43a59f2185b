//! The template editor (a tab of the Outbox view): each email template's name, the
//! lowest discretion level it may go to, subject and body, with a live preview on
//! sample values, template errors by line, and the discretion lint on the template
//! itself.

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::widgets::{error_text, hint, labelled_line, labelled_multiline};
use crate::model::lint::lint;
use crate::model::template::{TemplateVars, render};
use crate::model::{Discretion, EmailTemplate};
use crate::store::{Change, MailChange};

#[derive(Default)]
pub struct TemplatesView {
    selected: Option<String>,
    edit: Option<EmailTemplate>,
    /// The template as stored when the editor loaded it.
    stored: Option<EmailTemplate>,
}

impl TemplatesView {
    pub fn has_unsaved_changes(&self) -> bool {
        self.edit.is_some() && self.edit != self.stored
    }

    pub fn revert(&mut self) {
        self.edit = None;
    }

    fn load(&mut self, template: &EmailTemplate) {
        self.selected = Some(template.key.clone());
        self.edit = Some(template.clone());
        self.stored = Some(template.clone());
    }

    pub fn ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        let templates = view.model().mail().templates().to_vec();
        if templates.is_empty() {
            hint(ui, "No templates.");
            return;
        }
        if self.edit.is_none() {
            let key = self
                .selected
                .clone()
                .unwrap_or_else(|| templates[0].key.clone());
            let template = templates
                .iter()
                .find(|t| t.key == key)
                .unwrap_or(&templates[0]);
            self.load(template);
        }
        if let (Some(edit), Some(stored), Some(now)) = (
            self.edit.as_mut(),
            self.stored.as_mut(),
            self.selected
                .as_deref()
                .and_then(|key| templates.iter().find(|t| t.key == key)),
        ) && now != stored
        {
            // Changed elsewhere: untouched fields follow the stored template.
            let report = crate::model::merge_record(stored, edit, now);
            if !report.is_empty() {
                view.status.info(report.sentence());
            }
        }
        let dirty = self.has_unsaved_changes();
        super::widgets::columns(ui, 2, |columns| {
            // The editor is taller than a small window: it scrolls, so the fill-ins
            // and Save template stay within reach.
            let mut scroll = egui::ScrollArea::vertical()
                .id_salt("template_editor")
                .auto_shrink([false, true]);
            if let Some(key) = &self.selected {
                scroll = scroll.id_salt(("template_editor", key.clone()));
            }
            let (left, right) = columns.split_at_mut(1);
            scroll.show(&mut left[0], |ui| {
                self.choose_ui(ui, view, &templates, dirty);
                ui.add_space(6.0);
                let Some(edit) = self.edit.as_mut() else {
                    return;
                };
                fields_ui(ui, edit);
                let edited = edit.clone();
                if self.save_row_ui(ui, view, &edited, dirty) {
                    self.edit = None;
                }
                if let Some(edit) = &self.edit {
                    preview_ui(&mut right[0], edit, view);
                }
            });
        });
    }

    /// A button per template; another opens only once this one is saved or reverted.
    fn choose_ui(
        &mut self,
        ui: &mut Ui,
        view: &mut ViewCtx<'_>,
        templates: &[EmailTemplate],
        dirty: bool,
    ) {
        ui.horizontal_wrapped(|ui| {
            for template in templates {
                let chosen = self.selected.as_deref() == Some(template.key.as_str());
                if ui.selectable_label(chosen, &template.name).clicked() && !chosen {
                    if dirty {
                        view.status.error("Save or revert this template first.");
                    } else {
                        self.load(template);
                    }
                }
            }
        });
    }

    /// Save template and Revert; says whether the editor is to load the template
    /// again (saved, or reverted).
    fn save_row_ui(
        &self,
        ui: &mut Ui,
        view: &mut ViewCtx<'_>,
        edited: &EmailTemplate,
        dirty: bool,
    ) -> bool {
        let mut reload = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    dirty,
                    egui::Button::new(RichText::new("Save template").strong()),
                )
                .clicked()
            {
                let base = self.stored.as_ref().map(crate::model::Revision::of);
                let change = Change::Mail(MailChange::SaveTemplate {
                    base,
                    template: edited.clone(),
                });
                if view.try_apply(change).is_ok() {
                    view.status
                        .info(format!("Template “{}” saved.", edited.name));
                    reload = true;
                }
            }
            if dirty && ui.button("Revert").clicked() {
                reload = true;
            }
        });
        reload
    }
}

/// The template's name, audience, retired flag, subject and body (with its fill-ins).
fn fields_ui(ui: &mut Ui, edit: &mut EmailTemplate) {
    labelled_line(ui, "Template name", &mut edit.name, None);
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("May go to")
            .selected_text(audience_label(edit.audience))
            .show_ui(ui, |ui| {
                for level in [Discretion::CapabilitiesOnly, Discretion::KnowsLooking] {
                    ui.selectable_value(&mut edit.audience, level, audience_label(level));
                }
            });
    });
    ui.checkbox(&mut edit.retired, "Retired (not used for new drafts)");
    labelled_line(ui, "Subject template", &mut edit.subject, None);
    let body = labelled_multiline(ui, "Body template", &mut edit.body, 14, None);
    fill_ins_ui(ui, &body, &mut edit.body);
}

/// What a template can fill in for each person, in the user's words, and the
/// placeholder that stands for it in the text.
const FILL_INS: [(&str, &str); 9] = [
    ("First name", "first_name"),
    ("Their organization", "organization"),
    ("Your last touch", "last_touch_summary"),
    ("Its date", "last_touch_date"),
    ("A recent highlight", "highlight"),
    ("Its numbers", "highlight_numbers"),
    ("Its story", "highlight_story"),
    ("Your name", "my_name"),
    ("Your signature", "signature"),
];

/// Buttons that put a fill-in where the cursor was in the body (or at its end), so no
/// one needs to know how a placeholder is written; the preview shows the result.
fn fill_ins_ui(ui: &mut Ui, body: &egui::Response, text: &mut String) {
    hint(
        ui,
        "Words in {{ }} are filled in for each person. Add one where the cursor is:",
    );
    ui.horizontal_wrapped(|ui| {
        for (words, name) in FILL_INS {
            if ui.small_button(words).clicked() {
                let at = egui::TextEdit::load_state(ui.ctx(), body.id)
                    .and_then(|state| state.cursor.char_range())
                    .map_or(text.chars().count(), |range| range.primary.index.into());
                let byte = text
                    .char_indices()
                    .nth(at)
                    .map_or(text.len(), |(byte, _)| byte);
                text.insert_str(byte, &format!("{{{{ {name} }}}}"));
            }
        }
    });
}

fn audience_label(level: Discretion) -> &'static str {
    match level {
        Discretion::KnowsLooking => "Only those who know I'm looking",
        _ => "Everyone who sees my capabilities",
    }
}

/// The template rendered on sample values, or the error with its line.
fn preview_ui(ui: &mut Ui, template: &EmailTemplate, view: &ViewCtx<'_>) {
    ui.label(RichText::new("Preview (sample contact)").strong());
    let mut vars = TemplateVars::sample();
    let identity = &view.model().settings().identity;
    if !identity.name.is_empty() {
        vars.my_name = identity.name.clone();
        vars.signature = identity.signature.clone();
    }
    match render(template, &vars) {
        Ok((subject, body)) => {
            ui.label(format!("Subject: {subject}"));
            ui.separator();
            ui.label(&body);
            let employer = &view.model().settings().employer.name;
            let warnings = lint(&subject, &body, employer);
            if !warnings.is_empty() && template.audience != Discretion::KnowsLooking {
                error_text(
                    ui,
                    Some(&format!(
                        "This template mentions the search (“{}”): it may only go to those who know you are looking.",
                        warnings[0].found
                    )),
                );
            }
        }
        Err(e) => error_text(ui, Some(&format!("Template error — {e}"))),
    }
}
