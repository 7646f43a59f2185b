//! The result of an action, in the status line at the bottom of the window, where it
//! covers nothing (a card over the view hid the buttons under it). News goes after
//! [`SHOWN_FOR`] seconds (a little longer while the pointer is on it); an error stays
//! until it is dismissed or the next action. When the action can be reverted by one
//! change (archive, delete, a stage move, discard), it offers Undo, which applies that
//! change through the store.

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
    /// Whether `status` is already on screen (the status line is drawn before the view,
    /// so a message a view just gave needs one more frame).
    pub fn shows(&self, status: &Status) -> bool {
        status.text.is_empty() || self.since.is_some_and(|(g, _)| g == status.generation)
    }

    /// Draws `status` in the status line `ui`; runs Undo when clicked. Returns whether
    /// there was anything to show.
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &mut Store, status: &mut Status) -> bool {
        if status.text.is_empty() {
            self.since = None;
            return false;
        }
        let now = ui.input(|i| i.time);
        let since = match self.since {
            Some((generation, at)) if generation == status.generation => at,
            _ => {
                self.since = Some((status.generation, now));
                now
            }
        };
        let mut undo = false;
        let mut dismiss = false;
        let shown = ui.horizontal_wrapped(|ui| {
            let text = privacy::mask(ui.ctx(), &status.text);
            if status.is_error {
                ui.label(RichText::new(format!("⚠ {text}")).color(ui.visuals().error_fg_color));
            } else {
                ui.label(RichText::new(text.as_ref()).strong());
            }
            if status.undo.is_some() && ui.button(RichText::new("Undo").strong()).clicked() {
                undo = true;
            }
            let close = ui.small_button("×").on_hover_text("Dismiss");
            super::widgets::name_for_assistive_tech(&close, "Dismiss message");
            dismiss = close.clicked();
        });
        let ctx = ui.ctx().clone();
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
            return true;
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
        true
    }
}
