//! The open contact: their facts, Edit and Log touchpoint, and their history.

use super::*;
use crate::store::ContactEntry;

impl ContactsView {
    pub(super) fn detail_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        if let Some(stored) = form.id.and_then(|id| ctx.model().contact(id)) {
            form.follow(stored);
        }
        let title = match form.id.and_then(|id| ctx.model().contact(id)) {
            Some(entry) => entry.name().to_string(),
            None => "New contact".to_string(),
        };
        // Esc closes the pane as Close does (asking first when something was typed),
        // unless it is taken by a text field (which it leaves) or an open menu.
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape))
            && ui.memory(|m| m.focused().is_none() && m.top_modal_layer().is_none())
            && !egui::Popup::is_any_open(ui.ctx());
        if crate::ui::widgets::pane_title_ui(ui, &title) || escape {
            ctx.requests.push(Request::CloseDetail);
        }
        if let Some(id) = form.id
            && let Some(entry) = ctx.model().contact(id).cloned()
        {
            let today = ctx.today();
            facts_ui(ui, &entry, today);
            let reading = !self.editing && !form.is_dirty();
            if actions_ui(ui, ctx, id, &entry, reading, today) {
                self.editing = true;
                // Typing starts in the first field.
                form.focus_name = true;
            }
            if !self.is_listed(ctx, id) {
                hint(
                    ui,
                    "Not in the list beside: the search or a filter hides this contact.",
                );
            }
            ui.separator();
            if reading {
                read_ui(ui, &entry.contact.fields);
                ui.separator();
                self.history_ui(ui, ctx, id);
                return;
            }
        }
        self.edit_ui(ui, ctx);
    }

    /// Whether the list beside shows the contact (asked every frame, counted again only
    /// when the rows change).
    fn is_listed(&mut self, ctx: &ViewCtx<'_>, id: ContactId) -> bool {
        match self.listed {
            Some((generation, contact, listed))
                if generation == self.rows_generation && contact == id =>
            {
                listed
            }
            _ => {
                let model = ctx.model();
                let listed = self
                    .rows
                    .iter()
                    .any(|p| model.contacts().get(*p).is_some_and(|e| e.id() == id));
                self.listed = Some((self.rows_generation, id, listed));
                listed
            }
        }
    }

    /// The open form (a new contact, or a stored one being edited), and the timeline
    /// below it.
    fn edit_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        // Editing a stored contact: Save and Cancel at the top as well as below the
        // fields, so neither is a long scroll away.
        let top = if form.id.is_some() {
            top_buttons_ui(ui, form)
        } else {
            FormAction::None
        };
        let below = form.ui(ui);
        let action = if matches!(top, FormAction::None) {
            below
        } else {
            top
        };
        match action {
            FormAction::None => {}
            FormAction::Revert => {
                form.revert();
                self.editing = false;
            }
            FormAction::Save => {
                self.save_now(ctx);
            }
        }
        if let Some(id) = self.form.as_ref().and_then(|f| f.id) {
            ui.separator();
            self.history_ui(ui, ctx, id);
        }
    }

    /// Saves the open form (its Save, Ctrl+S, or "Save and continue" in the discard
    /// question); says whether nothing is left unsaved. A refusal marks the fields.
    pub fn save_now(&mut self, ctx: &mut ViewCtx<'_>) -> bool {
        let Some(form) = self.form.as_mut() else {
            return true;
        };
        let Some(fields) = form.validated() else {
            return false;
        };
        let change = match (form.id, form.base()) {
            (Some(id), Some(base)) => Change::EditContact { id, base, fields },
            _ => Change::AddContact(fields),
        };
        match ctx.try_apply(change) {
            Ok(outcome) => {
                let id = outcome.contact_id().or(form.id).expect("edit has an id");
                if let Some(stored) = ctx.model().contact(id) {
                    form.mark_saved(stored);
                }
                self.selected = Some(id);
                self.editing = false;
                ctx.status.info("Saved.");
                true
            }
            Err(crate::store::ApplyError::Invalid(errors)) => {
                form.errors = errors;
                false
            }
            // The status bar says what failed; the typed text stays.
            Err(_) => false,
        }
    }

    pub(super) fn history_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, id: ContactId) {
        let revision = ctx.model().revision();
        if !matches!(&self.history, Some((r, c, _)) if *r == revision && *c == id) {
            match ctx.store().contact_touchpoints(id, 50) {
                Ok(list) => self.history = Some((revision, id, list)),
                Err(e) => {
                    ctx.status.error(e.to_string());
                    self.history = Some((revision, id, Vec::new()));
                }
            }
        }
        let Some((_, _, history)) = &self.history else {
            return;
        };
        ui.strong("Timeline");
        if history.is_empty() {
            hint(ui, "None yet.");
        }
        for t in history {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(t.fields.date.to_string()).monospace());
                ui.label(format!(
                    "{} · {}",
                    t.fields.kind.label(),
                    t.fields.direction.label()
                ));
            });
            crate::ui::widgets::paragraph(ui, &t.fields.summary);
            if let Some(f) = &t.fields.follow_up {
                let state = if f.done { "done" } else { "open" };
                hint(ui, format!("Follow-up {} ({state}): {}", f.due, f.what));
            }
            ui.add_space(4.0);
        }
    }
}

/// The stored contact's standing: last touch, when they are due, how warm, snoozed,
/// reciprocity.
fn facts_ui(ui: &mut Ui, entry: &ContactEntry, today: NaiveDate) {
    let last = entry
        .stats
        .last_touch
        .map_or_else(|| "never".into(), |d| d.to_string());
    ui.label(format!("Last touch: {last}"));
    ui.horizontal_wrapped(|ui| {
        // Each fact moves to the next line whole ("138 days overdue" is never
        // split over two lines); those after the first carry their own " · ".
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let body = egui::TextStyle::Body.resolve(ui.style());
        let plain = ui.visuals().text_color();
        let piece = |parts: &[(&str, egui::Color32)]| {
            let mut job = egui::text::LayoutJob::default();
            for (text, color) in parts {
                job.append(text, 0.0, egui::TextFormat::simple(body.clone(), *color));
            }
            job
        };
        let overdue =
            crate::ui::widgets::warmth_color(crate::model::Warmth::Cooling, ui.visuals().dark_mode);
        let due = match entry.next_due {
            Some(due) if due <= today => piece(&[
                ("Next due: ", plain),
                (
                    &crate::model::overdue_words((today - due).num_days()),
                    overdue,
                ),
            ]),
            Some(due) => piece(&[(&format!("Next due: {due}"), plain)]),
            None if entry.contact.archived => piece(&[("Archived: never due", plain)]),
            None => piece(&[("No cadence", plain)]),
        };
        ui.label(due);
        // An archived contact is never due, which says nothing of how warm
        // things stand: no warmth for them.
        if !entry.contact.archived {
            let warmth = entry.warmth(today);
            let color = crate::ui::widgets::warmth_color(warmth, ui.visuals().dark_mode);
            ui.label(piece(&[(" · ", plain), (warmth.label(), color)]));
        }
        if let Some(until) = entry.contact.snoozed_until {
            ui.label(format!(" · snoozed until {until}"));
        }
    });
    ui.label(format!(
        "Reciprocity: {}",
        entry.stats.reciprocity.summary()
    ));
}

/// Edit, Log touchpoint, Snooze and Archive (or Restore); says whether Edit was
/// clicked.
fn actions_ui(
    ui: &mut Ui,
    ctx: &mut ViewCtx<'_>,
    id: ContactId,
    entry: &ContactEntry,
    reading: bool,
    today: NaiveDate,
) -> bool {
    let mut edit_clicked = false;
    ui.horizontal_wrapped(|ui| {
        // Stays in its place while editing (disabled), so the buttons after it
        // never slide under the pointer that just clicked it.
        let edit = ui.add_enabled(reading, egui::Button::new(RichText::new("Edit").strong()));
        if edit.clicked() {
            edit_clicked = true;
        }
        if ui
            .button("Log touchpoint")
            .on_hover_text("Ctrl+L")
            .clicked()
        {
            ctx.requests.push(Request::QuickLog(Some(id)));
        }
        crate::ui::widgets::snooze_menu(ui, ctx, id, entry.name(), today);
        let archived = entry.contact.archived;
        let label = if archived {
            "Restore from archive"
        } else {
            "Archive"
        };
        if crate::ui::widgets::single_click(&ui.button(label))
            && ctx
                .try_apply(Change::SetArchived {
                    id,
                    archived: !archived,
                })
                .is_ok()
        {
            ctx.status.undoable(
                if archived {
                    "Restored from the archive."
                } else {
                    "Archived. Find it again with “Show archived”."
                },
                Change::SetArchived { id, archived },
            );
        }
    });
    edit_clicked
}

/// Save changes and Cancel above the fields of a stored contact.
fn top_buttons_ui(ui: &mut Ui, form: &ContactForm) -> FormAction {
    let mut top = FormAction::None;
    ui.horizontal(|ui| {
        let save = ui
            .add_enabled(
                form.is_dirty(),
                egui::Button::new(RichText::new("Save changes").strong()),
            )
            .on_hover_text("Ctrl+S");
        if save.clicked() {
            top = FormAction::Save;
        }
        if ui
            .button("Cancel")
            .on_hover_text("Back to the contact, nothing saved")
            .clicked()
        {
            top = FormAction::Revert;
        }
    });
    top
}

/// The open contact's fields as text: what is filled in, in a short list.
fn read_ui(ui: &mut Ui, f: &crate::model::ContactFields) {
    let mask = |ui: &Ui, text: &str| privacy::mask(ui.ctx(), text).into_owned();
    let lines = |list: &[String]| list.join(", ");
    let work = match (f.title.trim(), f.organization.trim()) {
        ("", org) => org.to_string(),
        (title, "") => title.to_string(),
        (title, org) => format!("{title} at {org}"),
    };
    let rows: Vec<(&str, String)> = [
        ("Works as", work),
        ("Email", lines(&f.emails)),
        ("Phone", lines(&f.phones)),
        ("Tags", lines(&f.tags)),
        (
            "Keep in touch",
            f.cadence_days.map_or_else(String::new, |d| match d {
                1 => "every day".to_string(),
                d => format!("every {d} days"),
            }),
        ),
        ("How we met", f.how_we_met.clone()),
        ("Formerly at", lines(&f.formerly_at)),
        ("Circle", f.circle.label().to_string()),
        (
            "Reminder emails",
            f.discretion
                .map_or_else(String::new, |d| d.label().to_string()),
        ),
        ("Links", lines(&f.links)),
        ("Notes", f.notes.clone()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .collect();
    egui::Grid::new("contact_read")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (label, value) in rows {
                ui.label(RichText::new(label).weak());
                let value = mask(ui, &value);
                // Sentences wrap; one long word (an address, a link) is cut, whole on
                // hover, rather than broken letter by letter.
                if value.contains(char::is_whitespace) {
                    crate::ui::widgets::paragraph(ui, &value);
                } else {
                    ui.add(egui::Label::new(value.as_str()).truncate());
                }
                ui.end_row();
            }
        });
}
