//! The pieces every record's form shares: the pane on the right that holds it (the
//! privacy notice instead while the privacy screen is on), and the Add/Save + Cancel
//! row under it.

use std::hash::Hash;

use eframe::egui::{self, RichText, Ui};

/// How wide the pane may be.
pub struct PaneSize {
    pub default: f32,
    pub min: f32,
    pub max: f32,
}

/// The right-hand pane `name` with `body` in a scroll area of its own per `record`
/// (another record opens at its top); the privacy notice instead while privacy is on.
pub fn detail_pane_ui(
    ui: &mut Ui,
    name: &'static str,
    size: &PaneSize,
    record: impl Hash + std::fmt::Debug,
    body: impl FnOnce(&mut Ui),
) {
    let panel = egui::Panel::right(name)
        .resizable(true)
        .default_size(size.default)
        .min_size(size.min)
        .max_size(size.max);
    if super::privacy::is_on(ui.ctx()) {
        panel.show(ui, super::privacy::notice_ui);
        return;
    }
    panel.show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt((name, record))
            .auto_shrink(false)
            .show(ui, body);
    });
}

/// What the form's button row was asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormButtons {
    pub save: bool,
    pub cancel: bool,
}

/// "Add NOUN" for a new record, or "Save NOUN" and Cancel while one is edited.
pub fn add_or_save_ui(ui: &mut Ui, editing: bool, noun: &str) -> FormButtons {
    let mut asked = FormButtons::default();
    ui.horizontal(|ui| {
        let label = if editing {
            format!("Save {noun}")
        } else {
            format!("Add {noun}")
        };
        asked.save = ui.button(RichText::new(label).strong()).clicked();
        asked.cancel = editing && ui.button("Cancel").clicked();
    });
    asked
}
