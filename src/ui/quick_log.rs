//! The quick-log dialog (Ctrl+L): contacts, kind, direction, date, summary and an optional
//! follow-up. Closing it with typed text asks first.

use chrono::{Days, NaiveDate};
use eframe::egui::{self, RichText, Ui};

use super::widgets::{ContactPicker, date_picker, error_text, labelled_line, labelled_multiline};
use crate::model::{ContactId, Direction, FieldErrors, FollowUp, TouchpointFields, TouchpointKind};
use crate::store::ReadModel;

pub struct QuickLog {
    pub picker: ContactPicker,
    pub kind: TouchpointKind,
    pub direction: Direction,
    pub date: NaiveDate,
    pub summary: String,
    pub has_follow_up: bool,
    pub follow_up_date: NaiveDate,
    pub follow_up_what: String,
    pub errors: FieldErrors,
    /// Asking "discard what you typed?" before closing.
    pub confirm_discard: bool,
    initial_contacts: Vec<ContactId>,
    /// Put the keyboard in the first empty field when the dialog opens.
    focus_first: bool,
    /// A save was just refused: scroll the dialog to the first field with an error.
    reveal_error: bool,
}

/// What the dialog asks for this frame.
#[derive(Debug, PartialEq)]
pub enum QuickLogAction {
    None,
    Save(TouchpointFields),
    Close,
}

impl QuickLog {
    pub fn new(contact: Option<ContactId>, today: NaiveDate) -> Self {
        let contacts: Vec<ContactId> = contact.into_iter().collect();
        Self {
            picker: ContactPicker::with(contacts.clone()),
            kind: TouchpointKind::Coffee,
            direction: Direction::Mutual,
            date: today,
            summary: String::new(),
            has_follow_up: false,
            follow_up_date: today.checked_add_days(Days::new(7)).unwrap_or(today),
            follow_up_what: String::new(),
            errors: FieldErrors::default(),
            confirm_discard: false,
            initial_contacts: contacts,
            focus_first: true,
            reveal_error: false,
        }
    }

    pub fn is_dirty(&self) -> bool {
        !self.summary.trim().is_empty()
            || !self.follow_up_what.trim().is_empty()
            || self.picker.chosen != self.initial_contacts
    }

    pub fn fields(&self) -> TouchpointFields {
        TouchpointFields {
            contacts: self.picker.chosen.clone(),
            date: self.date,
            time: None,
            kind: self.kind,
            direction: self.direction,
            summary: self.summary.clone(),
            follow_up: self.has_follow_up.then(|| FollowUp {
                due: self.follow_up_date,
                what: self.follow_up_what.clone(),
                done: false,
            }),
        }
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        model: &ReadModel,
        today: NaiveDate,
    ) -> QuickLogAction {
        let mut action = QuickLogAction::None;
        // Held at the top, not the centre: a centred dialog moves every time it grows
        // (matches, a follow-up), and its fields move from under the pointer.
        let id = egui::Id::unique("quick_log");
        let area =
            egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 24.0));
        let modal = egui::Modal::new(id).area(area).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.heading("Log touchpoint");
            if self.confirm_discard {
                ui.label("Discard this touchpoint? What you typed will be lost.");
                ui.horizontal(|ui| {
                    if ui.button("Keep editing").clicked() {
                        self.confirm_discard = false;
                    }
                    if ui
                        .add(super::widgets::danger_button(ui, "Discard", false))
                        .clicked()
                    {
                        action = QuickLogAction::Close;
                    }
                });
                return;
            }
            // Taller than a small window (a long list of matches, a follow-up): the
            // form scrolls inside the dialog, so Save stays within reach.
            let room = (ctx.content_rect().height() - 130.0).max(200.0);
            action = egui::ScrollArea::vertical()
                .id_salt("quick_log_scroll")
                .max_height(room)
                .min_scrolled_height(room)
                .show(ui, |ui| self.form_ui(ui, model, today))
                .inner;
        });
        if modal.should_close() && action == QuickLogAction::None {
            action = self.request_close();
        }
        action
    }

    fn request_close(&mut self) -> QuickLogAction {
        if self.is_dirty() {
            self.confirm_discard = true;
            QuickLogAction::None
        } else {
            QuickLogAction::Close
        }
    }

    fn form_ui(&mut self, ui: &mut Ui, model: &ReadModel, today: NaiveDate) -> QuickLogAction {
        let e = &self.errors;
        // The first field (in drawing order) with an error is scrolled into view once
        // after a refused save, so the reason never sits out of sight.
        let mut reveal = std::mem::take(&mut self.reveal_error);
        let mut reveal_if = |field: &str, response: &egui::Response| {
            if reveal && e.for_field(field).is_some() {
                response.scroll_to_me(Some(egui::Align::Center));
                reveal = false;
            }
        };
        let with = self.picker.ui(ui, model, "With", false);
        error_text(ui, e.for_field("contacts"));
        reveal_if("contacts", &with);
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Kind")
                .selected_text(self.kind.label())
                .show_ui(ui, |ui| {
                    for kind in TouchpointKind::ALL {
                        ui.selectable_value(&mut self.kind, kind, kind.label());
                    }
                });
        });
        ui.horizontal(|ui| {
            for direction in Direction::ALL {
                ui.radio_value(&mut self.direction, direction, direction.label());
            }
        });
        let date =
            super::widgets::date_picker_response(ui, "Date", "quick_log_date", &mut self.date);
        error_text(ui, e.for_field("date"));
        reveal_if("date", &date);
        let summary =
            labelled_multiline(ui, "Summary", &mut self.summary, 3, e.for_field("summary"));
        reveal_if("summary", &summary);
        if self.focus_first {
            if self.picker.chosen.is_empty() {
                with.request_focus();
            } else {
                summary.request_focus();
            }
            self.focus_first = false;
        }
        ui.checkbox(&mut self.has_follow_up, "Follow-up");
        if self.has_follow_up {
            date_picker(
                ui,
                "Follow up on",
                "quick_log_follow_up",
                &mut self.follow_up_date,
            );
            let what = labelled_line(
                ui,
                "What to do",
                &mut self.follow_up_what,
                e.for_field("follow_up"),
            );
            reveal_if("follow_up", &what);
        }
        let mut action = QuickLogAction::None;
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let save = ui
                .button(RichText::new("Save touchpoint").strong())
                .on_hover_text("Ctrl+Enter");
            let shortcut =
                ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
            if save.clicked() || shortcut {
                match self.fields().validate(today) {
                    Ok(fields) => action = QuickLogAction::Save(fields),
                    Err(errors) => {
                        self.errors = errors;
                        self.reveal_error = true;
                    }
                }
            }
            if ui.button("Cancel").clicked() {
                action = self.request_close();
            }
        });
        action
    }
}
