//! The Contacts view: search as you type, a virtualised sortable table (only visible rows
//! are laid out, so 100k contacts stay smooth), and a detail pane with the edit form,
//! reciprocity, touchpoint history and archive.

use eframe::egui::{self, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use super::contact_form::{ContactForm, FormAction};
use super::privacy;
use super::widgets::hint;
use super::{Request, ViewCtx};
use chrono::NaiveDate;

use crate::model::{ContactId, Touchpoint, Warmth};
use crate::store::{Change, ReadModel, fold};

/// Column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortColumn {
    #[default]
    Name,
    Organization,
    LastTouch,
    NextDue,
}

/// Sort order, persisted with the window state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

/// State of the Contacts view.
#[derive(Default)]
pub struct ContactsView {
    pub query: String,
    /// Positions into the read model's contacts, in display order.
    rows: Vec<usize>,
    /// All positions in sort order, for the current (revision, sort).
    sorted: Vec<usize>,
    sorted_key: Option<(u64, Sort)>,
    /// Search hits for `hits_query` at `hits_revision` (unsorted).
    hits: Vec<usize>,
    hits_query: String,
    rows_key: Option<(u64, String, Sort, bool, Option<Warmth>, NaiveDate)>,
    /// Only contacts this warm (the filter above the table).
    pub warmth: Option<Warmth>,
    pub selected: Option<ContactId>,
    pub form: Option<ContactForm>,
    history: Option<(u64, ContactId, Vec<Touchpoint>)>,
    pub focus_search: bool,
    /// The open contact shows its form (Edit) instead of its read view.
    editing: bool,
    /// Counts recomputations of `rows`.
    rows_generation: u64,
    /// Whether the list shows a contact, for (rows generation, contact): the pane asks
    /// every frame, the answer changes only with the rows.
    listed: Option<(u64, ContactId, bool)>,
    /// The list's layout (compact or not) and scroll offset last frame: opening the pane
    /// switches the layout, and the list keeps its place across it.
    list_scroll: (bool, f32),
    /// A contact was just opened (from the list, the keys, or another view): the list
    /// scrolls, as little as it must, to show its row.
    reveal: bool,
}

impl ContactsView {
    /// Whether the detail form holds typed text that is not saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.form.as_ref().is_some_and(ContactForm::is_dirty)
    }

    pub fn open_contact(&mut self, model: &ReadModel, id: ContactId) {
        if let Some(entry) = model.contact(id) {
            self.selected = Some(id);
            self.form = Some(ContactForm::edit(entry));
            self.editing = false;
            self.reveal = true;
        }
    }

    pub fn new_contact(&mut self) {
        self.selected = None;
        self.form = Some(ContactForm::new_contact());
        self.editing = true;
    }

    /// The match after (or before) the selected one in the list, or the first.
    fn step(&self, model: &ReadModel, forward: bool) -> Option<ContactId> {
        let ids: Vec<ContactId> = self
            .rows
            .iter()
            .filter_map(|p| model.contacts().get(*p).map(|e| e.id()))
            .collect();
        let at = self
            .selected
            .and_then(|s| ids.iter().position(|id| *id == s));
        let next = match (at, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1).min(ids.len().saturating_sub(1)),
            (Some(i), false) => i.saturating_sub(1),
        };
        ids.get(next).copied()
    }

    /// The selected contact if the list shows it, else the first match.
    fn selected_or_first(&self, model: &ReadModel) -> Option<ContactId> {
        let shown = |id: ContactId| {
            self.rows
                .iter()
                .any(|p| model.contacts().get(*p).is_some_and(|e| e.id() == id))
        };
        self.selected.filter(|id| shown(*id)).or_else(|| {
            self.rows
                .first()
                .and_then(|p| model.contacts().get(*p))
                .map(|e| e.id())
        })
    }

    pub fn close_detail(&mut self) {
        self.selected = None;
        self.form = None;
    }

    /// Recomputes the visible rows when the data, query, sort or archive filter changed.
    /// Typing narrows from the previous hits; sorting is done once per data change.
    pub fn refresh_rows(
        &mut self,
        model: &ReadModel,
        sort: Sort,
        show_archived: bool,
        today: NaiveDate,
    ) {
        let revision = model.revision();
        if self.sorted_key != Some((revision, sort)) {
            self.sorted = sorted_positions(model, sort);
            self.sorted_key = Some((revision, sort));
        }
        let key = (
            revision,
            self.query.clone(),
            sort,
            show_archived,
            self.warmth,
            today,
        );
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        let same_data = self.rows_key.as_ref().is_some_and(|k| k.0 == revision);
        let contacts = model.contacts();
        let warmth = self.warmth;
        let visible = |i: &usize| {
            (show_archived || !contacts[*i].contact.archived)
                && warmth.is_none_or(|w| contacts[*i].warmth(today) == w)
        };
        if self.query.trim().is_empty() {
            self.rows = self.sorted.iter().copied().filter(visible).collect();
            self.hits.clear();
            self.hits_query.clear();
        } else {
            let previous = same_data.then_some((self.hits_query.as_str(), self.hits.as_slice()));
            let hits = model.search(&self.query, previous);
            let mut is_hit = vec![false; contacts.len()];
            for &i in &hits {
                is_hit[i] = true;
            }
            self.rows = self
                .sorted
                .iter()
                .copied()
                .filter(|i| is_hit[*i] && visible(i))
                .collect();
            self.hits = hits;
            self.hits_query = self.query.clone();
        }
        self.rows_key = Some(key);
        self.rows_generation += 1;
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        // The list keeps room for its five columns.
        let pane_max = (ui.available_width() - 540.0).clamp(320.0, 640.0);
        let sort = ctx.state.sort;
        let show_archived = ctx.state.show_archived;
        self.refresh_rows(ctx.store.model(), sort, show_archived, ctx.store.today());
        if self.form.is_some() && privacy::is_on(ui.ctx()) {
            egui::Panel::right("contact_detail")
                .resizable(true)
                .default_size(420.0)
                .min_size(320.0)
                .max_size(pane_max)
                .show(ui, privacy::notice_ui);
        } else if self.form.is_some() {
            egui::Panel::right("contact_detail")
                .resizable(true)
                .default_size(420.0)
                .min_size(320.0)
                .max_size(pane_max)
                .show(ui, |ui| {
                    // One scroll position per contact: another contact opens at its top.
                    let id = self.form.as_ref().and_then(|f| f.id);
                    egui::ScrollArea::vertical()
                        .id_salt(("contact_detail", id))
                        .auto_shrink(false)
                        .show(ui, |ui| self.detail_ui(ui, ctx));
                });
        }
        super::widgets::central(ui, |ui| self.list_ui(ui, ctx));
    }

    fn list_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        // Wraps beside the detail pane instead of running under it.
        ui.horizontal_wrapped(|ui| {
            ui.heading("Contacts");
            ui.add_space(12.0);
            if ui.button("New contact").on_hover_text("Ctrl+N").clicked() {
                ctx.requests.push(Request::NewContact);
            }
            if ui
                .button("Import contacts…")
                .on_hover_text("LinkedIn, Google, CSV or vCard (Ctrl+I)")
                .clicked()
            {
                ctx.requests.push(Request::ImportContacts);
            }
            ui.checkbox(&mut ctx.state.show_archived, "Show archived");
            // One item, so the toolbar never wraps between a label and its chooser.
            let shown = format!("Warmth: {}", self.warmth.map_or("any", Warmth::label));
            let combo = egui::ComboBox::from_id_salt("warmth_filter")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.warmth, None, "Any");
                    for w in Warmth::ALL {
                        ui.selectable_value(&mut self.warmth, Some(w), w.label());
                    }
                })
                .response;
            combo.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, "Warmth filter")
            });
        });
        ui.horizontal(|ui| {
            let label = ui.label("Search contacts");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        // Behind the privacy screen the typed name is dots too.
                        .password(privacy::is_on(ui.ctx()))
                        .hint_text("name, organization, email or tag   (Ctrl+K)")
                        .desired_width((ui.available_width() - 220.0).clamp(160.0, 360.0)),
                )
                .labelled_by(label.id);
            if self.focus_search {
                search.request_focus();
                self.focus_search = false;
                // What was searched before is selected, so typing replaces it.
                if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), search.id) {
                    let end = egui::text::CCursor::new(self.query.chars().count());
                    state
                        .cursor
                        .set_char_range(Some(egui::text::CCursorRange::two(
                            egui::text::CCursor::new(0),
                            end,
                        )));
                    state.store(ui.ctx(), search.id);
                }
            }
            // From the search: ↓/↑ open the next / previous match, Enter the selected
            // one (or the first). With no text field in use (after Enter, or a click on
            // a row), ↓/↑ go on moving through the list.
            let list_keys = !ui.ctx().egui_wants_keyboard_input() && self.selected.is_some();
            if search.has_focus() || list_keys {
                let (down, up) = ui.input_mut(|i| {
                    (
                        i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                        i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                    )
                });
                if (down || up)
                    && let Some(id) = self.step(ctx.store.model(), down)
                {
                    ctx.requests.push(Request::OpenContact(id));
                }
            }
            if search.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                && let Some(id) = self.selected_or_first(ctx.store.model())
            {
                ctx.requests.push(Request::OpenContact(id));
            }
            if !self.query.is_empty() && ui.button("Clear search").clicked() {
                self.query.clear();
            }
            let total = ctx.store.model().contact_count();
            hint(ui, format!("{} of {}", self.rows.len(), total));
        });
        ui.separator();
        if self.rows.is_empty() {
            if ctx.store.model().contact_count() == 0 {
                if super::widgets::empty_state(
                    ui,
                    "No contacts yet. Add the first person you want to keep in touch with.",
                    "Add a contact",
                ) {
                    ctx.requests.push(Request::NewContact);
                }
            } else {
                hint(ui, "No contact matches this search.");
            }
            return;
        }
        self.table_ui(ui, ctx);
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let model = ctx.store.model();
        let today = ctx.store.today();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let mut clicked = None;
        let mut sort = ctx.state.sort;
        // Beside the pane on a small screen the list keeps name, organization, warmth
        // and next due; the last touch is in the pane.
        let compact = ui.available_width() < 640.0;
        let mut table = TableBuilder::new(ui);
        if self.list_scroll.0 != compact {
            table = table.vertical_scroll_offset(self.list_scroll.1);
        }
        if std::mem::take(&mut self.reveal)
            && let Some(id) = self.selected
            && let Some(row) = self
                .rows
                .iter()
                .position(|p| model.contacts().get(*p).is_some_and(|e| e.id() == id))
        {
            table = table.scroll_to_row(row, None);
        }
        let scrolled = table
            .id_salt(("contacts_list", compact))
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Name and organization share what the others leave, so every column shows
            // whole ("138 days overdue"), beside the detail pane too.
            .column(Column::remainder().at_least(100.0).clip(true))
            .column(Column::remainder().at_least(70.0).clip(true))
            .columns(Column::exact(100.0), usize::from(!compact))
            .column(Column::exact(72.0))
            .column(Column::exact(140.0).clip(true))
            .header(row_height, |mut header| {
                for (column, title) in [
                    (Some(SortColumn::Name), "Name"),
                    (Some(SortColumn::Organization), "Organization"),
                    (Some(SortColumn::LastTouch), "Last touch"),
                    (None, "Warmth"),
                    (Some(SortColumn::NextDue), "Next due"),
                ] {
                    if compact && title == "Last touch" {
                        continue;
                    }
                    header.col(|ui| {
                        let Some(column) = column else {
                            ui.strong(title);
                            return;
                        };
                        let (column, descending) = super::widgets::sort_header(
                            ui,
                            title,
                            column,
                            (sort.column, sort.descending),
                            false,
                        );
                        sort = Sort { column, descending };
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.rows.len(), |mut row| {
                    let entry = &model.contacts()[self.rows[row.index()]];
                    let id = entry.id();
                    row.set_selected(self.selected == Some(id));
                    row.col(|ui| {
                        let mut name = RichText::new(privacy::mask(ui.ctx(), entry.name()));
                        if entry.contact.archived {
                            name = name.italics().weak();
                        }
                        // Long names end in an ellipsis (whole on hover).
                        if ui
                            .add(
                                egui::Button::selectable(self.selected == Some(id), name)
                                    .truncate(),
                            )
                            .clicked()
                        {
                            clicked = Some(id);
                        }
                    });
                    row.col(|ui| {
                        super::widgets::cell(
                            ui,
                            privacy::mask(ui.ctx(), &entry.contact.fields.organization),
                        );
                    });
                    if !compact {
                        row.col(|ui| {
                            ui.label(
                                entry
                                    .stats
                                    .last_touch
                                    .map_or_else(|| "never".into(), |d| d.to_string()),
                            );
                        });
                    }
                    row.col(|ui| {
                        if entry.contact.archived {
                            hint(ui, "archived");
                        } else {
                            super::widgets::warmth_label(ui, entry.warmth(today));
                        }
                    });
                    row.col(|ui| match entry.next_due {
                        Some(due) if due <= today => {
                            super::widgets::overdue_label(ui, (today - due).num_days());
                        }
                        Some(due) => {
                            ui.label(due.to_string());
                        }
                        None => {
                            ui.label("—");
                        }
                    });
                    if row.response().clicked() {
                        clicked = Some(id);
                    }
                });
            });
        self.list_scroll = (compact, scrolled.state.clamped_offset().y);
        ctx.state.sort = sort;
        if let Some(id) = clicked
            && self.selected != Some(id)
        {
            ctx.requests.push(Request::OpenContact(id));
        }
    }

    fn detail_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        if let Some(stored) = form.id.and_then(|id| ctx.store.model().contact(id)) {
            form.follow(stored);
        }
        let title = match form.id.and_then(|id| ctx.store.model().contact(id)) {
            Some(entry) => entry.name().to_string(),
            None => "New contact".to_string(),
        };
        // Esc closes the pane as Close does (asking first when something was typed),
        // unless it is taken by a text field (which it leaves) or an open menu.
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape))
            && ui.memory(|m| m.focused().is_none() && m.top_modal_layer().is_none())
            && !egui::Popup::is_any_open(ui.ctx());
        if super::widgets::pane_title_ui(ui, &title) || escape {
            ctx.requests.push(Request::CloseDetail);
        }
        if let Some(id) = form.id
            && let Some(entry) = ctx.store.model().contact(id).cloned()
        {
            let today = ctx.store.today();
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
                let overdue = super::widgets::warmth_color(
                    crate::model::Warmth::Cooling,
                    ui.visuals().dark_mode,
                );
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
                    let color = super::widgets::warmth_color(warmth, ui.visuals().dark_mode);
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
            let reading = !self.editing && !form.is_dirty();
            ui.horizontal_wrapped(|ui| {
                // Stays in its place while editing (disabled), so the buttons after it
                // never slide under the pointer that just clicked it.
                let edit =
                    ui.add_enabled(reading, egui::Button::new(RichText::new("Edit").strong()));
                if edit.clicked() {
                    self.editing = true;
                    // Typing starts in the first field.
                    form.focus_name = true;
                }
                if ui
                    .button("Log touchpoint")
                    .on_hover_text("Ctrl+L")
                    .clicked()
                {
                    ctx.requests.push(Request::QuickLog(Some(id)));
                }
                super::widgets::snooze_menu(ui, ctx, id, entry.name(), today);
                let archived = entry.contact.archived;
                let label = if archived {
                    "Restore from archive"
                } else {
                    "Archive"
                };
                if super::widgets::single_click(&ui.button(label))
                    && ctx
                        .apply(Change::SetArchived {
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
            let listed = match self.listed {
                Some((generation, contact, listed))
                    if generation == self.rows_generation && contact == id =>
                {
                    listed
                }
                _ => {
                    let model = ctx.store.model();
                    let listed = self
                        .rows
                        .iter()
                        .any(|p| model.contacts().get(*p).is_some_and(|e| e.id() == id));
                    self.listed = Some((self.rows_generation, id, listed));
                    listed
                }
            };
            if !listed {
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
        // Editing a stored contact: Save and Cancel at the top as well as below the
        // fields, so neither is a long scroll away.
        let mut top = FormAction::None;
        if form.id.is_some() {
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
        }
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
        match ctx.apply(change) {
            Ok(outcome) => {
                let id = outcome.contact_id().or(form.id).expect("edit has an id");
                if let Some(stored) = ctx.store.model().contact(id) {
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

    fn history_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, id: ContactId) {
        let revision = ctx.store.model().revision();
        if !matches!(&self.history, Some((r, c, _)) if *r == revision && *c == id) {
            match ctx.store.contact_touchpoints(id, 50) {
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
            super::widgets::paragraph(ui, &t.fields.summary);
            if let Some(f) = &t.fields.follow_up {
                let state = if f.done { "done" } else { "open" };
                hint(ui, format!("Follow-up {} ({state}): {}", f.due, f.what));
            }
            ui.add_space(4.0);
        }
    }
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
                    super::widgets::paragraph(ui, &value);
                } else {
                    ui.add(egui::Label::new(value.as_str()).truncate());
                }
                ui.end_row();
            }
        });
}

/// Every contact position, sorted by `sort`; ties by name, empty values last either way.
fn sorted_positions(model: &ReadModel, sort: Sort) -> Vec<usize> {
    use std::cmp::{Ordering, Reverse};
    fn by<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) if descending => b.cmp(&a),
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let contacts = model.contacts();
    let names: Vec<&str> = (0..contacts.len()).map(|i| model.folded_name(i)).collect();
    let mut positions: Vec<usize> = (0..contacts.len()).collect();
    let descending = sort.descending;
    match sort.column {
        SortColumn::Name => {
            positions.sort_by(|a, b| by(Some(&names[*a]), Some(&names[*b]), descending))
        }
        SortColumn::Organization => {
            let orgs: Vec<Option<String>> = contacts
                .iter()
                .map(|e| Some(fold(&e.contact.fields.organization)).filter(|o| !o.is_empty()))
                .collect();
            positions.sort_by(|a, b| {
                by(orgs[*a].as_ref(), orgs[*b].as_ref(), descending)
                    .then_with(|| names[*a].cmp(names[*b]))
            });
        }
        SortColumn::LastTouch => positions.sort_by(|a, b| {
            let key = |i: usize| contacts[i].stats.last_touch.map(Reverse);
            by(key(*a), key(*b), descending).then_with(|| names[*a].cmp(names[*b]))
        }),
        SortColumn::NextDue => positions.sort_by(|a, b| {
            by(contacts[*a].next_due, contacts[*b].next_due, descending)
                .then_with(|| names[*a].cmp(names[*b]))
        }),
    }
    positions
}
