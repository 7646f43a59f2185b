//! The Contacts view: search as you type, a virtualised sortable table (only visible rows
//! are laid out, so 100k contacts stay smooth), and a detail pane with the edit form,
//! reciprocity, touchpoint history and archive.

use eframe::egui::{self, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use super::contact_form::{ContactForm, FormAction};
use super::detail_pane::{PaneSize, detail_pane_ui};
use super::privacy;
use super::widgets::hint;
use super::{Request, ViewCtx};
use chrono::NaiveDate;

use crate::model::{ContactId, Touchpoint, Warmth};
use crate::store::{Change, ReadModel, fold};

mod detail;
mod table;

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
        self.refresh_rows(ctx.model(), sort, show_archived, ctx.today());
        if let Some(form) = &self.form {
            let size = PaneSize {
                default: 420.0,
                min: 320.0,
                max: pane_max,
            };
            let id = form.id;
            detail_pane_ui(ui, "contact_detail", &size, id, |ui| {
                self.detail_ui(ui, ctx);
            });
        }
        super::widgets::central(ui, |ui| self.list_ui(ui, ctx));
    }

    fn list_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        // Wraps beside the detail pane instead of running under it.
        ui.horizontal_wrapped(|ui| self.toolbar_ui(ui, ctx));
        ui.horizontal(|ui| self.search_ui(ui, ctx));
        ui.separator();
        if self.rows.is_empty() {
            if ctx.model().contact_count() == 0 {
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

    /// New contact, Import, Show archived, the warmth filter.
    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
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
    }

    /// The search field (with ↓/↑/Enter to open a match) and how many it finds.
    fn search_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
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
                && let Some(id) = self.step(ctx.model(), down)
            {
                ctx.requests.push(Request::OpenContact(id));
            }
        }
        if search.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && let Some(id) = self.selected_or_first(ctx.model())
        {
            ctx.requests.push(Request::OpenContact(id));
        }
        if !self.query.is_empty() && ui.button("Clear search").clicked() {
            self.query.clear();
        }
        let total = ctx.model().contact_count();
        hint(ui, format!("{} of {}", self.rows.len(), total));
    }
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
