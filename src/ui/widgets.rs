//! Small shared pieces of the views: labelled inputs (every input carries an accessible
//! name, so screen readers and tests find it by its label), inline error text, date
//! conversions for the date picker, cards, cells and panes. The contact picker, lists
//! in columns, charts and right-to-left text have files of their own
//! (`contact_picker`, `list_table`, `charts`, `bidi`), re-exported here.

pub use super::bidi::{Piece, break_lines, paragraph, visual_line, visual_pieces};
pub use super::charts::{chart, stage_bars};
pub use super::contact_picker::ContactPicker;
pub use super::list_table::{
    Col, ListRow, cell, explained_cell, list_table, rich_cell, text_width,
};
pub use super::pointer_guard::{guarded_click, release_pointer_guard, single_click};
use chrono::{Datelike, NaiveDate};
use eframe::egui::{self, Color32, RichText, Ui};

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
            if ctx.apply(crate::store::Change::Snooze { id, until }) {
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
    // Only a form that scrolls to a refused field needs the button's response.
    let _ = date_picker_response(ui, label, id_salt, date);
}

/// [`date_picker`], answering the picker's button. Weekends are not drawn in red: a
/// coffee on a Saturday is not an error.
pub fn date_picker_response(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    date: &mut NaiveDate,
) -> egui::Response {
    ui.horizontal(|ui| {
        ui.label(label);
        let mut picked = to_jiff(*date);
        let response = ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt(id_salt)
                .highlight_weekends(false)
                .start_end_years(1900..=2200),
        );
        *date = from_jiff(picked);
        response
    })
    .inner
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
/// `current` is (column, descending); returns the new pair. The arrow says the order:
/// ⏶ low to high (A→Z), ⏷ high to low; `first_descending` for a column whose first
/// click shows the highest first (a score, an age).
pub fn sort_header<C: PartialEq + Copy>(
    ui: &mut Ui,
    title: &str,
    column: C,
    current: (C, bool),
    first_descending: bool,
) -> (C, bool) {
    // The arrow before the title: a narrow column cuts the end of the title, never
    // the arrow that says which way the list runs.
    let arrow = match (current.0 == column, current.1) {
        (true, false) => "⏶ ",
        (true, true) => "⏷ ",
        _ => "",
    };
    let button = ui
        .add(
            egui::Button::new(RichText::new(format!("{arrow}{title}")).strong())
                .frame(false)
                .truncate(),
        )
        .on_hover_text(format!("Sort by {}", title.to_lowercase()));
    name_for_assistive_tech(&button, title);
    match (button.clicked(), current.0 == column) {
        (true, true) => (column, !current.1),
        (true, false) => (column, first_descending),
        (false, _) => current,
    }
}

/// The system's file chooser (through the desktop portal, or zenity), asked on a
/// worker so the window keeps drawing while it is open.
#[derive(Default)]
pub struct FileChooser {
    pending: Option<super::jobs::Job<Option<std::path::PathBuf>>>,
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
        self.pending = Some(super::jobs::Job::spawn(ctx, "file-chooser", move |_| {
            if save {
                dialog.save_file()
            } else {
                dialog.pick_file()
            }
        }));
    }

    /// The chosen path, once it is chosen.
    pub fn poll(&mut self) -> Option<std::path::PathBuf> {
        let chosen = self.pending.as_mut()?.result()?;
        self.pending = None;
        match chosen {
            Ok(Some(path)) => Some(path),
            Ok(None) | Err(_) => {
                self.note = true;
                None
            }
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
}
