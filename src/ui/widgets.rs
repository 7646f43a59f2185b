//! Small shared pieces of the views: labelled inputs (every input carries an accessible
//! name, so screen readers and tests find it by its label), inline error text, date
//! conversions for the date picker, and the contact picker.

use chrono::{Datelike, NaiveDate};
use eframe::egui::{self, Color32, RichText, Ui};

use crate::model::ContactId;
use crate::store::ReadModel;

/// A one-line text field with a label above it, named by that label, and its error
/// (if any) below. Returns the field's response.
pub fn labelled_line(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    error: Option<&str>,
) -> egui::Response {
    let label = ui.label(label);
    let response = ui
        .add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    error_text(ui, error);
    response
}

/// A multi-line text field with a label above it, named by that label.
pub fn labelled_multiline(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    rows: usize,
    error: Option<&str>,
) -> egui::Response {
    let label = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::multiline(text)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    error_text(ui, error);
    response
}

/// An inline validation message, in the theme's error colour and with a warning sign,
/// so it never relies on colour alone.
pub fn error_text(ui: &mut Ui, error: Option<&str>) {
    if let Some(error) = error {
        let error = beside_its_field(error);
        ui.label(RichText::new(format!("⚠ {error}")).color(ui.visuals().error_fg_color));
    }
}

/// A refused change for the status line, in the window's words: a field error names
/// the field as a person reads it ("Not saved: Text: required", not "text: required").
pub fn not_saved(error: &crate::store::ApplyError) -> String {
    match error {
        crate::store::ApplyError::Invalid(errors) => {
            let messages: Vec<String> = errors
                .0
                .iter()
                .map(|e| match e.message.strip_prefix(e.field) {
                    Some(rest) => format!("{}{rest}", field_words(e.field)),
                    None => e.message.clone(),
                })
                .collect();
            format!("Not saved: {}", messages.join("; "))
        }
        other => format!("Not saved: {other}"),
    }
}

/// A field key as words: "follow_up" → "Follow up".
fn field_words(key: &str) -> String {
    let spaced = key.replace(['_', '.'], " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// A field error shown next to its field needs no field key in front ("name:
/// required" under Name reads "Required").
fn beside_its_field(error: &str) -> std::borrow::Cow<'_, str> {
    match error.split_once(": ") {
        Some((key, rest))
            if !rest.is_empty()
                && !key.is_empty()
                && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') =>
        {
            let mut chars = rest.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            std::borrow::Cow::Owned(format!("{}{}", first.unwrap_or_default(), chars.as_str()))
        }
        _ => std::borrow::Cow::Borrowed(error),
    }
}

/// A button for an action that removes something: its words in the error colour, so it
/// never reads as the safe choice. `filled`: the confirming button of a "Delete …?"
/// question, white on red.
pub fn danger_button(ui: &Ui, text: &str, filled: bool) -> egui::Button<'static> {
    let red = ui.visuals().error_fg_color;
    if filled {
        egui::Button::new(
            RichText::new(text.to_owned())
                .color(egui::Color32::WHITE)
                .strong(),
        )
        .fill(egui::Color32::from_rgb(0xb4, 0x23, 0x18))
    } else {
        egui::Button::new(RichText::new(text.to_owned()).color(red))
    }
}

/// A muted line of explanation.
pub fn hint(ui: &mut Ui, text: impl Into<String>) {
    ui.label(RichText::new(text.into()).color(ui.visuals().weak_text_color()));
}

/// The one colour scale for how a relationship stands: warm is green, new is blue,
/// cooling (due) is amber, cold is red — good and bad never share a colour, in either
/// theme (each passes 4.5:1 against its panel).
pub fn warmth_color(warmth: crate::model::Warmth, dark: bool) -> egui::Color32 {
    use crate::model::Warmth;
    let (r, g, b) = match (warmth, dark) {
        (Warmth::Warm, true) => (0x7c, 0xc8, 0x7c),
        (Warmth::Warm, false) => (0x1e, 0x7a, 0x36),
        (Warmth::New, true) => (0x8a, 0xb4, 0xf0),
        (Warmth::New, false) => (0x1f, 0x5a, 0xa8),
        (Warmth::Cooling, true) => (0xf0, 0xb0, 0x50),
        (Warmth::Cooling, false) => (0x9a, 0x5b, 0x00),
        (Warmth::Cold, true) => (0xf0, 0x78, 0x78),
        (Warmth::Cold, false) => (0xb0, 0x20, 0x20),
    };
    egui::Color32::from_rgb(r, g, b)
}

/// A coloured word for an amount of lateness ("12 days overdue"): the cooling colour
/// once due (the warmth word beside it says when it has gone cold).
pub fn overdue_label(ui: &mut Ui, days: i64) {
    let color = if days >= 0 {
        warmth_color(crate::model::Warmth::Cooling, ui.visuals().dark_mode)
    } else {
        ui.visuals().text_color()
    };
    ui.label(RichText::new(crate::model::overdue_words(days)).color(color));
}

/// Warmth as a word in its colour (the word carries the meaning; the colour only helps).
pub fn warmth_label(ui: &mut Ui, warmth: crate::model::Warmth) -> egui::Response {
    let color = warmth_color(warmth, ui.visuals().dark_mode);
    ui.label(RichText::new(warmth.label()).color(color).strong())
}

/// A rating chooser for one criterion (met, partly, not met, unknown in the words of
/// its kind), named `label` for assistive technology; returns the rating chosen now.
pub fn rating_combo(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: crate::model::Rating,
    criterion: &crate::model::Criterion,
    label: &str,
) -> crate::model::Rating {
    let kind = criterion.fields.kind;
    let mut chosen = current;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(current.label(kind))
        .width(130.0)
        .show_ui(ui, |ui| {
            for r in crate::model::Rating::ALL {
                ui.selectable_value(&mut chosen, r, r.label(kind));
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label));
    chosen
}

/// "Snooze" with a week, a month, or until a chosen date.
pub fn snooze_menu(
    ui: &mut Ui,
    ctx: &mut super::ViewCtx<'_>,
    id: crate::model::ContactId,
    name: &str,
    today: NaiveDate,
) {
    let snooze = ui.menu_button("Snooze", |ui| {
        let mut until = None;
        for (label, days) in [("For a week", 7u64), ("For a month", 30)] {
            if ui.button(label).clicked() {
                until = today.checked_add_days(chrono::Days::new(days));
            }
        }
        ui.separator();
        let picked_id = egui::Id::unique(("snooze_until", id.0));
        let mut date = ui
            .data(|d| d.get_temp::<NaiveDate>(picked_id))
            .unwrap_or_else(|| {
                today
                    .checked_add_days(chrono::Days::new(14))
                    .unwrap_or(today)
            });
        date_picker(ui, "Until", &format!("snooze_date_{}", id.0), &mut date);
        if ui.button("Snooze until then").clicked() {
            until = Some(date);
        }
        ui.data_mut(|d| d.insert_temp(picked_id, date));
        if let Some(until) = until {
            if ctx
                .apply(crate::store::Change::Snooze { id, until })
                .is_ok()
            {
                ctx.status.info(format!("{name} snoozed until {until}."));
            }
            ui.close();
        }
    });
    name_for_assistive_tech(&snooze.response, &format!("Snooze {name}"));
}

pub fn to_jiff(date: NaiveDate) -> jiff::civil::Date {
    let month = i8::try_from(date.month()).unwrap_or(1);
    let day = i8::try_from(date.day()).unwrap_or(1);
    let year = i16::try_from(date.year()).unwrap_or(2000);
    jiff::civil::Date::new(year, month, day).unwrap_or_default()
}

pub fn from_jiff(date: jiff::civil::Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).unwrap_or(1),
        u32::try_from(date.day()).unwrap_or(1),
    )
    .unwrap_or_default()
}

/// A labelled date picker over a `NaiveDate`.
pub fn date_picker(ui: &mut Ui, label: &str, id_salt: &str, date: &mut NaiveDate) {
    ui.horizontal(|ui| {
        ui.label(label);
        let mut picked = to_jiff(*date);
        ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt(id_salt)
                .start_end_years(1900..=2200),
        );
        *date = from_jiff(picked);
    });
}

/// Choose one or more contacts by typing part of a name, organization, email or tag.
#[derive(Debug, Default)]
pub struct ContactPicker {
    pub query: String,
    pub chosen: Vec<ContactId>,
    /// (model revision, query, hits) of the last search, so typing narrows it.
    cache: Option<(u64, String, Vec<usize>)>,
}

impl ContactPicker {
    pub fn with(chosen: Vec<ContactId>) -> Self {
        Self {
            query: String::new(),
            chosen,
            cache: None,
        }
    }

    /// Shows the chosen contacts (each with a remove button), the search field, and up
    /// to six matches to add. `label` names the search field. `single` replaces the
    /// choice instead of adding to it.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        model: &ReadModel,
        label: &str,
        single: bool,
    ) -> egui::Response {
        ui.horizontal_wrapped(|ui| {
            let mut remove = None;
            for id in &self.chosen {
                let name = model.contact(*id).map_or("(unknown)", |e| e.name());
                ui.label(RichText::new(name).strong());
                let close = ui.small_button("×").on_hover_text(format!("Remove {name}"));
                name_for_assistive_tech(&close, &format!("Remove {name}"));
                if close.clicked() {
                    remove = Some(*id);
                }
            }
            if let Some(id) = remove {
                self.chosen.retain(|c| *c != id);
            }
        });
        let response = labelled_line(ui, label, &mut self.query, None);
        if !self.query.trim().is_empty() {
            let hits = match self.cache.take() {
                Some((revision, query, hits))
                    if revision == model.revision() && query == self.query =>
                {
                    hits
                }
                Some((revision, query, hits)) if revision == model.revision() => ranked(
                    model,
                    &self.query,
                    model.search(&self.query, Some((&query, &hits))),
                ),
                _ => ranked(model, &self.query, model.search(&self.query, None)),
            };
            // Enter in the search field takes the first match, so the keyboard suffices.
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let mut shown = 0;
            for &i in &hits {
                let entry = &model.contacts()[i];
                if entry.contact.archived || self.chosen.contains(&entry.id()) {
                    continue;
                }
                let org = &entry.contact.fields.organization;
                let text = if org.is_empty() {
                    entry.name().to_string()
                } else {
                    format!("{} · {org}", entry.name())
                };
                if ui.button(text).clicked() || (enter && shown == 0) {
                    if single {
                        self.chosen.clear();
                    }
                    self.chosen.push(entry.id());
                    self.query.clear();
                }
                shown += 1;
                if shown == 6 {
                    break;
                }
            }
            if shown == 0 {
                hint(ui, "No contact matches.");
            }
            self.cache = Some((model.revision(), self.query.clone(), hits));
        }
        response
    }
}

/// Search hits in the order a person expects to pick from: names that begin with the
/// query first ("pet" → Peter before Elena Petrova), then names with a word that
/// begins with it, then the rest (a match in the organization or an address); ties by
/// name.
fn ranked(model: &ReadModel, query: &str, mut hits: Vec<usize>) -> Vec<usize> {
    let query = crate::store::fold(query);
    let query = query.trim();
    hits.sort_by_cached_key(|&i| {
        let name = model.folded_name(i);
        let rank = if name.starts_with(query) {
            0
        } else if name.split_whitespace().any(|w| w.starts_with(query)) {
            1
        } else {
            2
        };
        (rank, name.to_owned())
    });
    hits
}

/// A click that is not the second half of a double-click. For actions that move the
/// layout (a card changes column, Save becomes the read view with Archive where Save
/// was): the second click of a double-click must not land on whatever took its place.
pub fn single_click(response: &egui::Response) -> bool {
    response.clicked() && !response.double_clicked() && !response.triple_clicked()
}

/// The accent used for the current navigation entry and primary buttons.
pub const ACCENT: Color32 = Color32::from_rgb(0x3a, 0x7c, 0xa5);

/// Gives a button that repeats on every row ("Log touchpoint") an accessible name that
/// says which row it acts on ("Log touchpoint with Ada"), for screen readers and tests.
pub fn name_for_assistive_tech(response: &egui::Response, name: &str) {
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, response.enabled(), name));
}

/// A framed section with a title, the building block of the Today view.
pub fn card(ui: &mut Ui, title: &str, add_contents: impl FnOnce(&mut Ui)) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(title).size(16.0).strong());
            ui.add_space(6.0);
            add_contents(ui);
        });
}

/// A big number with a caption ("7 · to get in touch with").
pub fn stat_tile(ui: &mut Ui, value: usize, caption: &str) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(16, 10))
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_min_width(150.0);
            ui.vertical(|ui| {
                ui.label(RichText::new(value.to_string()).size(26.0).strong());
                hint(ui, caption);
            });
        });
}

/// A table column header that sorts: shows an arrow on the current sort column, and on a
/// click sorts by `column` (flipping the direction when it already is the one).
/// `current` is (column, descending); returns the new pair.
pub fn sort_header<C: PartialEq + Copy>(
    ui: &mut Ui,
    title: &str,
    column: C,
    current: (C, bool),
) -> (C, bool) {
    let arrow = match (current.0 == column, current.1) {
        (true, false) => " ⏶",
        (true, true) => " ⏷",
        _ => "",
    };
    let button = ui
        .add(egui::Button::new(RichText::new(format!("{title}{arrow}")).strong()).frame(false))
        .on_hover_text(format!("Sort by {}", title.to_lowercase()));
    name_for_assistive_tech(&button, title);
    match (button.clicked(), current.0 == column) {
        (true, true) => (column, !current.1),
        (true, false) => (column, false),
        (false, _) => current,
    }
}

/// Runs `work` on a thread of its own and hands its result back; the window is woken
/// when it is ready. If no thread can be started, `fallback(error)` is the result.
pub fn on_worker<T: Send + 'static>(
    ctx: &egui::Context,
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
    fallback: impl FnOnce(std::io::Error) -> T,
) -> std::sync::mpsc::Receiver<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    let repaint = ctx.clone();
    let sender = tx.clone();
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            // The other side may be gone (the dialog or window closed): nothing to tell.
            let _ = sender.send(work());
            repaint.request_repaint();
        });
    if let Err(e) = spawned {
        // The other side may be gone (the dialog or window closed): nothing to tell.
        let _ = tx.send(fallback(e));
    }
    rx
}

/// The system's file chooser (through the desktop portal, or zenity), asked on a
/// worker so the window keeps drawing while it is open.
#[derive(Default)]
pub struct FileChooser {
    pending: Option<std::sync::mpsc::Receiver<Option<std::path::PathBuf>>>,
    /// Said when the chooser came back empty (cancelled, or none on this system).
    note: bool,
}

impl FileChooser {
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Opens `dialog` (a "save as" one when `save`).
    pub fn open(&mut self, ctx: &egui::Context, dialog: rfd::FileDialog, save: bool) {
        self.note = false;
        self.pending = Some(on_worker(
            ctx,
            "exitplan-file-chooser",
            move || {
                if save {
                    dialog.save_file()
                } else {
                    dialog.pick_file()
                }
            },
            |_| None,
        ));
    }

    /// The chosen path, once it is chosen.
    pub fn poll(&mut self) -> Option<std::path::PathBuf> {
        use std::sync::mpsc::TryRecvError;
        let pending = self.pending.as_ref()?;
        match pending.try_recv() {
            Ok(Some(path)) => {
                self.pending = None;
                Some(path)
            }
            Ok(None) | Err(TryRecvError::Disconnected) => {
                self.pending = None;
                self.note = true;
                None
            }
            Err(TryRecvError::Empty) => None,
        }
    }

    /// "Choose file…": opens `dialog()` unless a chooser is already open.
    pub fn button_ui(
        &mut self,
        ui: &mut Ui,
        label: &str,
        save: bool,
        dialog: impl FnOnce() -> rfd::FileDialog,
    ) {
        if ui
            .add_enabled(!self.is_open(), egui::Button::new(label))
            .clicked()
        {
            self.open(ui.ctx(), dialog(), save);
        }
    }

    /// A line after an empty answer: no chooser may exist here.
    pub fn note_ui(&self, ui: &mut Ui) {
        if self.note {
            hint(
                ui,
                "No file was chosen. If no file chooser opened, type the path instead.",
            );
        }
    }
}

/// A column of a [`list_table`].
#[derive(Debug, Clone, Copy)]
pub enum Col {
    /// Exactly this wide (dates, a fixed control).
    Exact(f32),
    /// As wide as its widest cell (a row of buttons).
    Auto,
    /// Text: at least this wide, sharing the width the other columns leave.
    Text(f32),
}

/// A list of records, one row each: every row one height, text columns share the width
/// left by the fixed ones and truncate what does not fit (whole on hover; see [`cell`]),
/// so no column shrinks to a few letters. With `scroll`, the list scrolls by itself and
/// draws only the rows in sight; without, it lays out every row in the surrounding
/// scroll area. (Not egui_extras' table: its inner scroll area, even when it does not
/// scroll, keeps keyboard focus and "scroll into view" from reaching the view's own.)
pub fn list_table(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    cols: &[Col],
    rows: usize,
    row_height: f32,
    scroll: bool,
    mut row: impl FnMut(usize, &mut ListRow<'_>),
) {
    let id = ui.scope_id().with(("list_table", id_salt));
    if scroll {
        egui::ScrollArea::vertical()
            .id_salt(id)
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows, |ui, range| {
                list_rows(ui, id, cols, range, row_height, &mut row);
            });
    } else {
        list_rows(ui, id, cols, 0..rows, row_height, &mut row);
    }
}

fn list_rows(
    ui: &mut Ui,
    id: egui::Id,
    cols: &[Col],
    range: std::ops::Range<usize>,
    row_height: f32,
    row: &mut impl FnMut(usize, &mut ListRow<'_>),
) {
    let gap = ui.spacing().item_spacing.x;
    // Auto columns are as wide as their widest cell was last frame.
    let auto: Vec<f32> = ui
        .data(|d| d.get_temp(id))
        .unwrap_or_else(|| vec![0.0; cols.len()]);
    let fixed: f32 = cols
        .iter()
        .zip(&auto)
        .map(|(c, a)| match c {
            Col::Exact(w) => *w,
            Col::Auto => a.max(8.0),
            Col::Text(min) => *min,
        })
        .sum();
    let texts = cols
        .iter()
        .filter(|c| matches!(c, Col::Text(_)))
        .count()
        .max(1);
    let gaps = gap * cols.len().saturating_sub(1) as f32;
    let spare = ((ui.available_width() - fixed - gaps) / texts as f32).max(0.0);
    let widths: Vec<f32> = cols
        .iter()
        .zip(&auto)
        .map(|(c, a)| match c {
            Col::Exact(w) => *w,
            Col::Auto => a.max(8.0),
            Col::Text(min) => min + spare,
        })
        .collect();
    let total = widths.iter().sum::<f32>() + gaps;
    let mut measured = vec![0.0_f32; cols.len()];
    for index in range {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(total, row_height), egui::Sense::hover());
        if index % 2 == 1 {
            ui.painter()
                .rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
        }
        let mut list_row = ListRow {
            ui,
            rect,
            x: rect.min.x,
            gap,
            widths: &widths,
            measured: &mut measured,
            column: 0,
            index,
            id,
        };
        row(index, &mut list_row);
    }
    let grown: Vec<f32> = auto
        .iter()
        .zip(&measured)
        .zip(cols)
        .map(|((a, m), c)| {
            if matches!(c, Col::Auto) {
                m.max(*a)
            } else {
                0.0
            }
        })
        .collect();
    if grown != auto {
        ui.data_mut(|d| d.insert_temp(id, grown));
        ui.ctx().request_repaint();
    }
}

/// One row of a [`list_table`]: call [`ListRow::col`] once per column, in order.
pub struct ListRow<'a> {
    ui: &'a mut Ui,
    rect: egui::Rect,
    x: f32,
    gap: f32,
    widths: &'a [f32],
    measured: &'a mut Vec<f32>,
    column: usize,
    index: usize,
    id: egui::Id,
}

impl ListRow<'_> {
    /// Draws the next cell, clipped to its column.
    pub fn col(&mut self, add_contents: impl FnOnce(&mut Ui)) {
        let Some(&width) = self.widths.get(self.column) else {
            return;
        };
        let cell = egui::Rect::from_min_size(
            egui::pos2(self.x, self.rect.min.y),
            egui::vec2(width, self.rect.height()),
        );
        // Ids by row and column: a widget keeps its id as the list scrolls.
        let mut child = self.ui.new_child(
            egui::UiBuilder::new()
                .scope_id(self.id.with(("cell", self.index, self.column)))
                .max_rect(cell)
                .layout(egui::Layout::left_to_right(egui::Align::Center)),
        );
        child.set_clip_rect(cell.intersect(self.ui.clip_rect()));
        add_contents(&mut child);
        let used = child.min_rect().width();
        if let Some(m) = self.measured.get_mut(self.column) {
            *m = m.max(used);
        }
        self.x += width + self.gap;
        self.column += 1;
    }
}

/// One line of text in a table cell: cut with an ellipsis when it does not fit, shown
/// whole on hover.
pub fn cell(ui: &mut Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    match text.into() {
        egui::WidgetText::Text(plain) => match visual_line(&plain) {
            std::borrow::Cow::Borrowed(_) => ui.add(egui::Label::new(plain).truncate()),
            std::borrow::Cow::Owned(shown) => {
                let response = ui.add(egui::Label::new(shown).truncate());
                // Screen readers get the text in reading order.
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &plain));
                response
            }
        },
        other => ui.add(egui::Label::new(other).truncate()),
    }
}

/// [`cell`] for text with a style: the text is put in screen order first.
pub fn rich_cell(
    ui: &mut Ui,
    text: &str,
    style: impl FnOnce(RichText) -> RichText,
) -> egui::Response {
    let shown = visual_line(text);
    let changed = matches!(shown, std::borrow::Cow::Owned(_));
    let response = ui.add(egui::Label::new(style(RichText::new(shown.into_owned()))).truncate());
    if changed {
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    }
    response
}

/// One line of text with its direction runs in the order they stand on screen. egui
/// shapes each right-to-left run itself, but places the runs of a line in reading
/// order, so a right-to-left line with a Latin word in it ("مديرة المنتجات at شركة
/// النور") comes out with its halves swapped. Left-to-right lines (and lines with no
/// right-to-left letter) are returned as they are.
pub fn visual_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_rtl) || !starts_right_to_left(text) || text.contains('\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let info = unicode_bidi::BidiInfo::new(text, Some(unicode_bidi::Level::rtl()));
    let Some(paragraph) = info.paragraphs.first() else {
        return std::borrow::Cow::Borrowed(text);
    };
    let (_, runs) = info.visual_runs(paragraph, paragraph.range.clone());
    if runs.len() < 2 {
        return std::borrow::Cow::Borrowed(text);
    }
    // Each run without the spaces at its ends (egui draws them at the wrong end of a
    // right-to-left run), and one space between two runs where either had one.
    let mut line = String::with_capacity(text.len());
    let (mut space_pending, mut previous_edge) = (false, false);
    for run in runs {
        let piece = &text[run];
        let word = piece.trim();
        if word.is_empty() {
            space_pending = true;
            continue;
        }
        let edge = piece.len() != word.len();
        if !line.is_empty() && (space_pending || previous_edge || edge) {
            line.push(' ');
        }
        line.push_str(word);
        (space_pending, previous_edge) = (false, edge);
    }
    std::borrow::Cow::Owned(line)
}

/// Where [`central`] keeps the rect of the view's main area for the frame.
fn central_area_id() -> egui::Id {
    egui::Id::unique("exitplan_central_area")
}

/// The view's main area (right of the navigation, left of an open pane): a central
/// panel whose rect is kept for [`central_area`].
pub fn central<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let shown = egui::CentralPanel::default().show(ui, |ui| {
        // Nothing of the main area paints over a pane beside it, even a table that
        // asks for more width than there is for a frame.
        let area = ui.max_rect().expand(1.0);
        ui.shrink_clip_rect(area);
        ui.set_max_width(ui.available_width());
        add_contents(ui)
    });
    let rect = shown.response.rect;
    ui.data_mut(|d| d.insert_temp(central_area_id(), rect));
    shown.inner
}

/// The rect of the view's main area drawn this frame (see [`central`]).
pub fn central_area(ctx: &egui::Context) -> egui::Rect {
    ctx.data(|d| d.get_temp(central_area_id()))
        .unwrap_or(egui::Rect::NOTHING)
}

/// A pane's title row: the title (cut with an ellipsis when long, whole on hover) and a
/// Close button at the right. Returns whether Close was clicked.
pub fn pane_title_ui(ui: &mut Ui, title: &str) -> bool {
    ui.horizontal(|ui| {
        let close_width = 70.0;
        ui.scope(|ui| {
            ui.set_max_width((ui.available_width() - close_width).max(40.0));
            // The pane is about this one record: its name shows whole, on two lines if
            // it must (a list row truncates; a title does not).
            ui.add(egui::Label::new(RichText::new(title).heading()).wrap());
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.button("Close").clicked()
        })
        .inner
    })
    .inner
}

/// What an empty view says: what is missing, and the one thing to do next. Returns
/// whether its button was clicked.
pub fn empty_state(ui: &mut Ui, text: &str, button: &str) -> bool {
    ui.add_space(8.0);
    ui.label(RichText::new(text).color(ui.visuals().weak_text_color()));
    ui.add_space(4.0);
    ui.button(RichText::new(button).strong()).clicked()
}

/// A read-only chart: no zoom or drag, so it is a picture with a name, not a control.
/// The x axis names what each whole step is (`x_labels`: a stage per bar, a date per
/// week); the y axis says what it counts.
pub fn chart(
    ui: &mut Ui,
    id: &str,
    y_label: &str,
    x_labels: impl Fn(f64) -> Option<String> + 'static,
    build: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) -> egui::Response {
    read_only_plot(id)
        .height(170.0)
        // Whole steps are labelled down to 12 px apart (egui_plot hides them below 20),
        // so a 0–7 count shows every number.
        .custom_y_axes(vec![
            egui_plot::AxisHints::new_y()
                .label(y_label)
                .label_spacing(12.0..=16.0),
        ])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            // Whole numbers, each one labelled while there are at most eight of them
            // (a 1–5 rating, 0–7 signs); every second one beyond.
            let span = input.bounds.1 - input.bounds.0;
            let step = (span / 8.0).ceil().max(1.0);
            [1.0, step, step * 5.0]
        }))
        .x_axis_formatter(move |mark, _| {
            if mark.value.fract().abs() > 1e-9 {
                return String::new();
            }
            x_labels(mark.value).unwrap_or_default()
        })
        .show(ui, build)
        .response
}

/// Side-by-side columns, as `Ui::columns`, but text in them is set ragged-right:
/// egui's own columns justify wrapped text, which spreads a narrow label letter by
/// letter ("T a g s").
pub fn columns<R>(ui: &mut Ui, count: usize, add_contents: impl FnOnce(&mut [Ui]) -> R) -> R {
    let gap = ui.spacing().item_spacing.x;
    let total_gap = gap * (count as f32 - 1.0);
    let width = ((ui.available_width() - total_gap) / count as f32).max(0.0);
    let top_left = ui.cursor().min;
    let bottom = ui.max_rect().bottom();
    let mut columns: Vec<Ui> = (0..count)
        .map(|i| {
            let x = top_left.x + i as f32 * (width + gap);
            let rect =
                egui::Rect::from_min_max(egui::pos2(x, top_left.y), egui::pos2(x + width, bottom));
            let mut column = ui.new_child(
                egui::UiBuilder::new()
                    .id_salt(("column", i))
                    .max_rect(rect)
                    .layout(egui::Layout::top_down(egui::Align::Min)),
            );
            column.set_width(width);
            column
        })
        .collect();
    let result = add_contents(&mut columns);
    let height = columns
        .iter()
        .map(|c| c.min_size().y)
        .fold(0.0_f32, f32::max);
    let used = columns
        .iter()
        .map(|c| c.min_rect().width())
        .fold(width, f32::max);
    let size = egui::vec2(
        ui.available_width().max(total_gap + used * count as f32),
        height,
    );
    ui.advance_cursor_after_rect(egui::Rect::from_min_size(top_left, size));
    result
}

/// A read-only bar chart of one number per stage: the bars lie along the x axis (which
/// says what they count) and each is named on the y axis, where the names never crowd
/// each other as they would under narrow upright bars.
pub fn stage_bars(
    ui: &mut Ui,
    id: &str,
    value_label: &str,
    stages: &[(&'static str, f64)],
) -> egui::Response {
    use egui_plot::{Bar, BarChart};
    let color = if ui.visuals().dark_mode {
        Color32::from_rgb(0x6c, 0xb4, 0xe0)
    } else {
        ACCENT
    };
    let count = stages.len();
    // The first stage on top.
    let bars: Vec<Bar> = stages
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            Bar::new((count - 1 - i) as f64, *value)
                .name(*name)
                .width(0.7)
                .fill(color)
        })
        .collect();
    let names: Vec<&'static str> = stages.iter().map(|(n, _)| *n).collect();
    read_only_plot(id)
        .height(26.0 * count as f32 + 40.0)
        .show_grid([true, false])
        .x_axis_label(value_label)
        .include_x(0.0)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-9 || i < 0.0 {
                return String::new();
            }
            names
                .len()
                .checked_sub(1 + i as usize)
                .and_then(|at| names.get(at))
                .map_or_else(String::new, |n| (*n).to_string())
        })
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new(value_label, bars).horizontal().color(color));
        })
        .response
}

/// A plot that is a picture with a name, not a control: no zoom, drag or scroll, no
/// coordinates under the pointer.
fn read_only_plot(id: &str) -> egui_plot::Plot<'static> {
    egui_plot::Plot::new(id)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
}

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether the first letter that has a direction is right-to-left (the paragraph's
/// direction, as `dir="auto"` decides it).
fn starts_right_to_left(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(is_rtl)
}

/// Breaks `text` into lines no wider than `width` (as `measure` says), at spaces and in
/// reading order; a word wider than the line gets a line of its own.
pub fn break_lines(text: &str, width: f32, mut measure: impl FnMut(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if line.is_empty() {
                line.push_str(word);
                continue;
            }
            let candidate = format!("{line} {word}");
            if measure(&candidate) <= width {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        lines.push(line);
    }
    lines
}

/// One word or one space of a line, as it stands on screen.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Word(&'a str),
    Space,
}

/// `line`'s words and spaces from left to right as they stand on screen: the line is cut
/// into directional runs (Unicode's bidirectional algorithm, UAX #9) placed in visual
/// order, and the words of a right-to-left run go right to left. Each word keeps its
/// letters in reading order (the shaper draws a word in its own direction).
pub fn visual_pieces(line: &str, right_to_left: bool) -> Vec<Piece<'_>> {
    use unicode_bidi::{BidiInfo, Level};
    let level = if right_to_left {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let info = BidiInfo::new(line, Some(level));
    let Some(paragraph) = info.paragraphs.first() else {
        return Vec::new();
    };
    let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
    let mut pieces = Vec::new();
    for run in runs {
        let rtl = levels[run.start].is_rtl();
        let mut run_pieces: Vec<Piece<'_>> = line[run]
            .split_inclusive(char::is_whitespace)
            .flat_map(|token| {
                let word = token.trim_end_matches(char::is_whitespace);
                let word = (!word.is_empty()).then_some(Piece::Word(word));
                let space =
                    (word.is_none() || word != Some(Piece::Word(token))).then_some(Piece::Space);
                word.into_iter().chain(space)
            })
            .collect();
        if rtl {
            run_pieces.reverse();
        }
        pieces.extend(run_pieces);
    }
    pieces
}

/// Wrapped read-only text. Text in a right-to-left script is broken into lines here, in
/// reading order, each line is drawn in visual order ([`visual_pieces`]), and a
/// right-to-left paragraph is aligned right. egui shapes a right-to-left run as a whole
/// and then wraps it where it lies on screen, which puts the end of the sentence on the
/// first line, and it places mixed runs in reading order.
pub fn paragraph(ui: &mut Ui, text: &str) -> egui::Response {
    if !text.chars().any(is_rtl) {
        return ui.add(egui::Label::new(text).wrap());
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let width = ui.available_width().max(40.0);
    let right = starts_right_to_left(text);
    // Each line as pieces: a galley for a word, None for a space.
    let (space, lines): (f32, Vec<Vec<Option<std::sync::Arc<egui::Galley>>>>) =
        ui.fonts_mut(|fonts| {
            let mut measure = |line: &str| {
                fonts
                    .layout_no_wrap(line.to_string(), font.clone(), color)
                    .size()
                    .x
            };
            let space = measure(" ");
            let lines = break_lines(text, width, &mut measure)
                .iter()
                .map(|line| {
                    visual_pieces(line, right)
                        .into_iter()
                        .map(|piece| match piece {
                            Piece::Word(word) => {
                                Some(fonts.layout_no_wrap(word.to_string(), font.clone(), color))
                            }
                            Piece::Space => None,
                        })
                        .collect()
                })
                .collect();
            (space, lines)
        });
    let advance =
        |piece: &Option<std::sync::Arc<egui::Galley>>| piece.as_ref().map_or(space, |g| g.size().x);
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    let height = row_height * lines.len() as f32;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    for (row, pieces) in lines.into_iter().enumerate() {
        let line_width: f32 = pieces.iter().map(advance).sum();
        let mut x = if right {
            rect.right() - line_width
        } else {
            rect.left()
        };
        let y = rect.top() + row_height * row as f32;
        for piece in pieces {
            let step = advance(&piece);
            if let Some(galley) = piece {
                ui.painter().galley(egui::pos2(x, y), galley, color);
            }
            x += step;
        }
    }
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Label, ui.is_enabled(), text)
    });
    response
}

#[cfg(test)]
mod paragraph_tests {
    use super::*;

    #[test]
    fn a_refused_change_names_its_fields_in_words() {
        let mut errors = crate::model::FieldErrors::default();
        errors.push("text", "text: required");
        errors.push("follow_up", "follow_up: 1850-01-01 is before 1900");
        assert_eq!(
            not_saved(&crate::store::ApplyError::Invalid(errors)),
            "Not saved: Text: required; Follow up: 1850-01-01 is before 1900"
        );
    }

    #[test]
    fn a_field_error_beside_its_field_drops_the_key() {
        assert_eq!(beside_its_field("name: required"), "Required");
        assert_eq!(
            beside_its_field("cadence: 0 days is out of range (1 to 3650)"),
            "0 days is out of range (1 to 3650)"
        );
        assert_eq!(
            beside_its_field("email 'x@': not a valid address"),
            "email 'x@': not a valid address"
        );
    }

    /// One unit per char, so widths are easy to reason about.
    fn chars(text: &str) -> f32 {
        text.chars().count() as f32
    }

    #[test]
    fn lines_break_in_reading_order_at_spaces() {
        let text = "واحد اثنان ثلاثة أربعة";
        let lines = break_lines(text, 11.0, chars);
        assert_eq!(lines, ["واحد اثنان", "ثلاثة أربعة"]);
        assert_eq!(break_lines("one two", 100.0, chars), ["one two"]);
        // A word wider than the line stands alone; blank lines are kept.
        assert_eq!(
            break_lines("a verylongword b\n\nc", 5.0, chars),
            ["a", "verylongword", "b", "", "c"]
        );
    }

    #[test]
    fn mixed_lines_stand_in_visual_order() {
        use Piece::{Space, Word};
        // An Arabic title "at" an Arabic company, in a right-to-left paragraph: from the
        // left, the company's last word, its first, "at", the title's last word, its first.
        assert_eq!(
            visual_pieces("مديرة المنتجات at شركة النور", true),
            [
                Word("النور"),
                Space,
                Word("شركة"),
                Space,
                Word("at"),
                Space,
                Word("المنتجات"),
                Space,
                Word("مديرة"),
            ]
        );
        // English with one Arabic name stays in reading order around it.
        assert_eq!(
            visual_pieces("Coffee with فاطمة الزهراء today", false),
            [
                Word("Coffee"),
                Space,
                Word("with"),
                Space,
                Word("الزهراء"),
                Space,
                Word("فاطمة"),
                Space,
                Word("today"),
            ]
        );
    }

    #[test]
    fn the_first_letter_decides_the_direction() {
        assert!(starts_right_to_left("12 שלום world"));
        assert!(starts_right_to_left("فاطمة met Bob"));
        assert!(!starts_right_to_left("Bob met فاطمة"));
        assert!(!starts_right_to_left("2026"));
    }
}
