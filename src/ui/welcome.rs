//! First run on an empty database: explore with demo data, or start fresh.

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::widgets::hint;
use crate::store::Change;

pub fn welcome_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.2);
        ui.heading(RichText::new("Welcome to exitplan").size(28.0));
        ui.add_space(8.0);
        ui.label(
            "A private place for your network and your plan. Everything stays on this computer.",
        );
        ui.add_space(24.0);
        let explore = ui.add(
            egui::Button::new(RichText::new("Explore with demo data").size(17.0))
                .min_size(egui::vec2(260.0, 36.0)),
        );
        hint(
            ui,
            "About 40 made-up contacts and a year of touchpoints, to look around.",
        );
        ui.add_space(12.0);
        let fresh = ui.add(
            egui::Button::new(RichText::new("Start fresh").size(17.0))
                .min_size(egui::vec2(260.0, 36.0)),
        );
        hint(ui, "An empty database; add your first contact.");
        if explore.clicked() {
            match crate::demo::write_demo(ctx.store) {
                Ok(count) => ctx
                    .status
                    .info(format!("Demo data added: {count} contacts.")),
                Err(e) => ctx
                    .status
                    .error(format!("Could not add the demo data: {e}")),
            }
        }
        if fresh.clicked() && ctx.apply(Change::FinishWelcome).is_ok() {
            ctx.requests.push(super::Request::NewContact);
        }
    });
}
