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

/// Names in many scripts, drawn with the bundled fonts plus the system fonts the window
/// falls back on (CI installs fonts-dejavu-core and fonts-droid-fallback): accents,
/// Greek, Cyrillic, Arabic and Hebrew right to left, Chinese and Japanese, emoji.
#[test]
fn contacts_with_names_in_many_scripts() {
    let db = temp_db();
    let mut store = open(&db.path);
    store.apply(exitplan::store::Change::FinishWelcome).unwrap();
    for (name, org) in [
        ("Zoë Núñez-Ångström", "Café Société"),
        ("Γιώργος Παπαδόπουλος", "Αθήνα Media"),
        ("Иван Петров", "Северсталь"),
        ("فاطمة الزهراء", "شركة النور"),
        ("דוד כהן", "חברת אור"),
        ("王小明", "光明科技"),
        ("佐藤 花子", "株式会社ひかり"),
        ("Ana Lima 🌱", "Verde Ltda"),
    ] {
        let mut fields = contact(name);
        fields.organization = org.into();
        store
            .apply(exitplan::store::Change::AddContact(fields))
            .unwrap();
    }
    // The first frame (Dream job: no names) is drawn before the provider can be added.
    let state = UiState {
        view: View::DreamJob,
        ..UiState::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1000.0, 560.0))
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(store, state),
        );
    // What eframe adds with its `system_fonts` feature.
    harness.ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
    harness.get_by_label("Contacts").click();
    harness.run();
    // Kittest panics on a glyph no font has; reaching here means every name found one.
    harness.get_by_label("王小明");
    harness.get_by_label("דוד כהן");
    harness.snapshot("contacts_many_scripts");
}

#[test]
fn the_privacy_screen_over_the_contacts() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Contacts);
    harness.get_by_label("Privacy screen").click();
    harness.run();
    assert!(harness.query_by_label("Priya Raman").is_none());
    harness.snapshot("privacy_screen");
}
