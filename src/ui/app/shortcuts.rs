//! Keyboard shortcuts: the views' Ctrl+number keys, the others, and the F1 sheet.

use super::*;

impl ExitplanApp {
    /// F1: every keyboard shortcut on one sheet.
    pub(super) fn shortcut_sheet_ui(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.shortcut_sheet = !self.shortcut_sheet;
        }
        if !self.shortcut_sheet {
            return;
        }
        let modal = egui::Modal::new(egui::Id::unique("shortcut_sheet")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Keyboard shortcuts");
            ui.add_space(6.0);
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    let private = privacy::is_on(ui.ctx());
                    for (keys, what) in SHORTCUTS {
                        ui.strong(keys);
                        if private && keys.starts_with("Ctrl+1") {
                            let views: Vec<&str> =
                                View::ALL.iter().map(|v| v.neutral_label()).collect();
                            ui.label(views.join(", "));
                        } else {
                            ui.label(what);
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.button("Close").clicked()
        });
        if modal.inner || modal.should_close() {
            self.shortcut_sheet = false;
            ctx.request_repaint();
        }
    }
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        if self.quick_log.is_some() || self.pending.is_some() || self.import.is_some() {
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::K)) {
                requests.push(Request::FocusSearch);
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N)) {
                requests.push(Request::NewContact);
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::I)) {
                requests.push(Request::ImportContacts);
            }
            // Ctrl+1 … Ctrl+9: the views in navigation order.
            for (key, view) in NUMBER_KEYS.into_iter().zip(View::ALL) {
                if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)) {
                    requests.push(Request::Show(view));
                }
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::L)) {
                let contact = if self.state.view == View::Contacts {
                    self.contacts.selected
                } else {
                    None
                };
                requests.push(Request::QuickLog(contact));
            }
        });
    }
}

/// The keys of Ctrl+1 … Ctrl+9, one per view in navigation order.
pub const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// What the F1 sheet lists.
const SHORTCUTS: [(&str, &str); 13] = [
    (
        "Ctrl+1 … Ctrl+9",
        "Today, Contacts, Touchpoints, Dream job, Applications, Capabilities, Asks & check-ins, Outbox, Settings",
    ),
    ("Ctrl+K", "Search contacts"),
    ("Ctrl+N", "New contact"),
    ("Ctrl+L", "Log a touchpoint (with the open contact)"),
    ("Ctrl+I", "Import contacts from a file"),
    (
        "Ctrl+Shift+H",
        "Privacy screen: hide every name, email and note",
    ),
    ("F1", "This sheet"),
    (
        "Tab / Shift+Tab",
        "Move to the next / previous field or button",
    ),
    (
        "Space / Enter",
        "Press the focused button, tick the focused box",
    ),
    ("Arrow keys", "Move in a menu or a list of choices"),
    (
        "Ctrl+A, Ctrl+C, Ctrl+V",
        "Select all, copy, paste in a text field",
    ),
    ("Ctrl+Z", "Undo typing in a text field"),
    (
        "Esc",
        "Close a dialog or menu (asks first if text would be lost)",
    ),
];
