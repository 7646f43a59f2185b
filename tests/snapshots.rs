//! Image snapshots of the views on the demo data, rendered by wgpu (lavapipe on
//! CI). Only with `--features snapshots`; `UPDATE_SNAPSHOTS=1` rewrites the images in
//! tests/snapshots/.
#![cfg(feature = "snapshots")]

mod common;

use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use exitplan::ui::{ExitplanApp, UiState, View};

fn demo_harness(db: &TempDb, view: View) -> Harness<'static, ExitplanApp> {
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).expect("demo data");
    let state = UiState {
        view,
        ..UiState::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(store, state),
        );
    harness.run();
    harness
}

#[test]
fn today_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Today);
    harness.snapshot("today");
}

#[test]
fn contacts_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Contacts);
    harness.get_by_label("Search contacts").click();
    harness.run();
    harness.get_by_label("Search contacts").type_text("peer");
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Priya Raman")
        .click();
    harness.run();
    harness.snapshot("contacts");
}

#[test]
fn applications_board_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Applications);
    harness.snapshot("applications_board");
}

#[test]
fn check_in_trend_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::CheckIns);
    harness
        .get_by_label_contains("Check-in trend chart")
        .scroll_to_me();
    harness.run();
    harness.snapshot("check_in_trend");
}

#[test]
fn outbox_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Outbox);
    harness.snapshot("outbox");
}
