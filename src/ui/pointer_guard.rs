//! Clicks on buttons that move the layout: a click that takes a button away puts
//! another in its place (the next card, the next email), and a second click must not
//! act on what the user did not aim at.

use eframe::egui::{self, Ui};

/// A click that is not the second half of a double-click. For actions that move the
/// layout (a card changes column, Save becomes the read view with Archive where Save
/// was): the second click of a double-click must not land on whatever took its place.
pub fn single_click(response: &egui::Response) -> bool {
    response.clicked() && !response.double_clicked() && !response.triple_clicked()
}

/// Where the pointer was when a click moved the layout under it, while it stays there.
fn pointer_guard_id() -> egui::Id {
    egui::Id::unique("pointer_guard")
}

/// A click that acts, for a button whose click takes it away and puts another in its
/// place (a board card's ▶: the next card slides up; Approve: the next email is shown
/// with its own Approve). Until the pointer moves, a button that has just slid under
/// it does nothing, so a second click never acts on what the user did not aim at; a
/// double-click's second half never acts either.
pub fn guarded_click(ui: &Ui, response: &egui::Response) -> bool {
    if !single_click(response) {
        return false;
    }
    let pointer = ui.ctx().pointer_latest_pos();
    let guard: Option<egui::Pos2> = ui.data(|d| d.get_temp(pointer_guard_id()));
    if let (Some(guard), Some(pointer)) = (guard, pointer)
        && guard.distance(pointer) < 6.0
    {
        return false;
    }
    if let Some(pointer) = pointer {
        ui.data_mut(|d| d.insert_temp(pointer_guard_id(), pointer));
    }
    true
}

/// Lifts the guard of [`guarded_click`] once the pointer has moved away (each frame).
pub fn release_pointer_guard(ctx: &egui::Context) {
    let guard: Option<egui::Pos2> = ctx.data(|d| d.get_temp(pointer_guard_id()));
    if let (Some(guard), Some(pointer)) = (guard, ctx.pointer_latest_pos())
        && guard.distance(pointer) >= 6.0
    {
        ctx.data_mut(|d| d.remove::<egui::Pos2>(pointer_guard_id()));
    }
}
