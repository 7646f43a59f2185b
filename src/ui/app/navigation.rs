//! The left navigation and the status line at the bottom of the window.

use super::*;

impl ExitplanApp {
    pub(super) fn navigation_ui(&mut self, ui: &mut egui::Ui, requests: &mut Vec<Request>) {
        ui.add_space(8.0);
        let title = self.store.model().settings().privacy.window_title.clone();
        ui.label(
            RichText::new(privacy::neutral_title(ui.ctx(), &title))
                .heading()
                .strong(),
        );
        ui.add_space(12.0);
        let today = self.store.today();
        let key = (self.store.model().revision(), today);
        let due = match self.nav_due {
            Some((k, count)) if k == key => count,
            _ => {
                let model = self.store.model();
                let count = model.due_count(today) + model.due_follow_ups(today).len();
                self.nav_due = Some((key, count));
                count
            }
        };
        for view in View::ALL {
            let mut button = egui::Button::selectable(
                self.state.view == view,
                RichText::new(view.label_shown(ui.ctx())).size(16.0),
            )
            .min_size(egui::vec2(ui.available_width(), 30.0));
            if view == View::Today && due > 0 {
                button = button.right_text(RichText::new(due.to_string()).strong());
            }
            if view == View::Outbox {
                let mail = self.store.model().mail();
                let waiting = mail.count(crate::model::OutboxStatus::Draft)
                    + mail.count(crate::model::OutboxStatus::NeedsReview);
                if waiting > 0 {
                    button = button.right_text(RichText::new(waiting.to_string()).strong());
                }
            }
            let response = ui.add(button);
            widgets::name_for_assistive_tech(&response, view.label_shown(ui.ctx()));
            if response.clicked() {
                requests.push(Request::Show(view));
            }
        }
        ui.add_space(16.0);
        if ui
            .button("Log touchpoint")
            .on_hover_text("Ctrl+L")
            .clicked()
        {
            requests.push(Request::QuickLog(None));
        }
        let on = privacy::is_on(ui.ctx());
        let label = if on {
            "Show everything"
        } else {
            "Privacy screen"
        };
        if ui
            .add(egui::Button::selectable(on, label))
            .on_hover_text("Ctrl+Shift+H: hide every name, email, organization and note")
            .clicked()
        {
            privacy::set(ui.ctx(), !on);
        }
        // The shortcut hints at the bottom, as many as fit below the buttons (a short
        // window keeps "F1  all shortcuts", then none) so they never overlap them.
        let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let room = ((ui.available_height() + ui.spacing().item_spacing.y - 4.0) / row)
            .floor()
            .max(0.0) as usize;
        let hints = [
            "F1  all shortcuts",
            "Ctrl+I  import contacts",
            "Ctrl+L  log touchpoint",
            "Ctrl+N  new contact",
            "Ctrl+K  search",
        ];
        let shown = if room >= hints.len() {
            hints.len()
        } else {
            room.min(1)
        };
        ui.with_layout(egui::Layout::bottom_up(egui::Align::LEFT), |ui| {
            for hint in &hints[..shown] {
                widgets::hint(ui, *hint);
            }
        });
    }

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        if self.toast.ui(ui, &mut self.store, &mut self.status) {
            return;
        }
        ui.horizontal(|ui| {
            if privacy::is_on(ui.ctx()) {
                widgets::hint(ui, "Hidden. Ctrl+Shift+H shows everything again.");
            } else if let Some(place) = self.unsaved_place() {
                // Never "everything is saved" while something typed is not.
                ui.label(
                    RichText::new(format!("Not saved yet: your changes in {place}."))
                        .color(ui.visuals().warn_fg_color),
                );
            } else {
                widgets::hint(ui, "Everything is saved on this computer only.");
            }
        });
    }
}
