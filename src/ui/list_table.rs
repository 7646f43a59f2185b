//! Lists in columns: rows of one height, exact or content-sized columns, long text cut
//! with an ellipsis (whole on hover), virtualised when scrolling.

use eframe::egui::{self, RichText, Ui};

use super::bidi::visual_line;

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

/// How wide `text` is in `style` on one line, for a group laid out as one piece.
pub fn text_width(ui: &Ui, text: &str, style: egui::TextStyle) -> f32 {
    let font = style.resolve(ui.style());
    ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// A one-line [`cell`] whose hover says more than the text (the whole text is part of
/// the explanation): one popup on hover, not the cut text's and the explanation's.
pub fn explained_cell(
    ui: &mut Ui,
    text: impl Into<egui::WidgetText>,
    explanation: impl Into<egui::WidgetText>,
) -> egui::Response {
    ui.add(
        egui::Label::new(text)
            .truncate()
            .show_tooltip_when_elided(false),
    )
    .on_hover_text(explanation)
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
