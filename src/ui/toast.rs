//! The result of an action, where the user is looking: a small card at the bottom of
//! the view, over its content. News goes after [`SHOWN_FOR`] seconds (a little longer
//! while the pointer is on it); an error stays until it is dismissed or the next
//! action. When the action can be reverted by one change (archive, delete, a stage
//! move, discard), the card offers Undo, which applies that change through the store.

use eframe::egui::{self, RichText};

use super::Status;
use super::privacy;
use crate::store::Store;

/// How long news stays, in seconds.
pub const SHOWN_FOR: f64 = 10.0;

/// When the current message was first shown.
#[derive(Default)]
pub struct Toast {
    since: Option<(u64, f64)>,
}

impl Toast {
    /// Draws the card for `status` at the bottom of `area`; runs Undo when clicked.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        area: egui::Rect,
        store: &mut Store,
        status: &mut Status,
    ) {
        if status.text.is_empty() || !area.is_positive() {
            self.since = None;
            return;
        }
        let now = ctx.input(|i| i.time);
        let since = match self.since {
            Some((generation, at)) if generation == status.generation => at,
            _ => {
                self.since = Some((status.generation, now));
                now
            }
        };
        let mut undo = false;
        let mut dismiss = false;
        let shown = egui::Area::new(egui::Id::unique("exitplan_toast"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::CENTER_BOTTOM)
            .fixed_pos(egui::pos2(area.center().x, area.max.y - 12.0))
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(egui::Margin::symmetric(14, 8))
                    .show(ui, |ui| {
                        ui.set_max_width((area.width() - 48.0).max(200.0));
                        ui.horizontal(|ui| {
                            let text = privacy::mask(ui.ctx(), &status.text);
                            if status.is_error {
                                ui.label(
                                    RichText::new(format!("⚠ {text}"))
                                        .color(ui.visuals().error_fg_color),
                                );
                            } else {
                                ui.label(text.as_ref());
                            }
                            if status.undo.is_some()
                                && ui.button(RichText::new("Undo").strong()).clicked()
                            {
                                undo = true;
                            }
                            let close = ui.small_button("×").on_hover_text("Dismiss");
                            super::widgets::name_for_assistive_tech(&close, "Dismiss message");
                            dismiss = close.clicked();
                        });
                    });
            });
        let hovered = shown.response.contains_pointer();
        if hovered && !status.is_error {
            // Keep it while it is being read.
            self.since = Some((status.generation, now - SHOWN_FOR / 2.0));
        }
        if undo && let Some(change) = status.undo.take() {
            match store.apply(change) {
                Ok(_) => status.info("Undone."),
                Err(e) => status.error(format!("Could not undo: {e}")),
            }
            return;
        }
        let expired = !status.is_error && now - since >= SHOWN_FOR;
        if dismiss || expired {
            status.clear();
            self.since = None;
        } else if !status.is_error {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (SHOWN_FOR - (now - since)).max(0.05),
            ));
        }
    }
}
