//! The privacy screen through the real window: with it on, no contact's name, email or
//! organization (nor an application's company) is anywhere in the accessibility tree
//! of any view; the shortcut and the button toggle it; the window title is the
//! setting, never a name.

mod common;

use common::ui::harness;
use eframe::egui;
use egui_kittest::kittest::Queryable;
use exitplan::store::{Change, Store};
use exitplan::ui::View;

fn demo_store() -> (common::TempDb, Store) {
    let db = common::temp_db();
    let mut store = common::open(&db.path);
    exitplan::demo::write_demo(&mut store).unwrap();
    (db, store)
}

/// Every name, address and organization the demo holds (words of 4+ letters are enough
/// to find a leak without matching ordinary words).
fn secrets(store: &Store) -> Vec<String> {
    let model = store.model();
    let mut out = Vec::new();
    for entry in model.contacts() {
        let f = &entry.contact.fields;
        out.push(f.name.clone());
        out.extend(f.emails.iter().cloned());
        if !f.organization.is_empty() {
            out.push(f.organization.clone());
        }
    }
    for application in model.plan().applications() {
        out.push(application.fields.company.clone());
    }
    out.sort();
    out.dedup();
    out
}

fn all_text(harness: &egui_kittest::Harness<'_, exitplan::ui::ExitplanApp>) -> Vec<String> {
    let found = std::cell::RefCell::new(Vec::new());
    let _ = harness
        .query_all_by(|n| {
            found
                .borrow_mut()
                .extend(n.label().into_iter().chain(n.value()));
            false
        })
        .count();
    found
        .into_inner()
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn with_the_privacy_screen_on_no_view_shows_a_name_email_or_organization() {
    let (_db, store) = demo_store();
    let secrets = secrets(&store);
    assert!(
        secrets.len() > 40,
        "the demo has people and companies to hide"
    );
    let mut harness = harness(store, View::Contacts, egui::vec2(1400.0, 1000.0));
    // Open a contact too: its detail pane must hide as well.
    let visible = all_text(&harness);
    let first = secrets
        .iter()
        .find(|s| visible.iter().any(|t| t == *s))
        .expect("without the screen the names show (the check below can fail)")
        .clone();
    harness.get_by_label(first.as_str()).click();
    harness.run();
    harness
        .state_mut()
        .status
        .info(format!("Touchpoint logged with {first}."));
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::H,
    );
    harness.run();
    assert!(exitplan::ui::privacy::is_on(&harness.ctx));
    // Nor the plan itself: the navigation, the app's name and the status line go
    // neutral.
    let plan_words = [
        "Dream job",
        "Applications",
        "Application follow-ups",
        "How is the job",
        "exitplan",
        "logged with",
    ];
    for view in View::ALL {
        harness.get_by_label(view.neutral_label()).click();
        harness.run();
        let text = all_text(&harness);
        for secret in secrets.iter().map(String::as_str).chain(plan_words) {
            let leak = text.iter().find(|t| t.contains(secret));
            assert!(leak.is_none(), "{view:?} shows {secret:?} in {leak:?}");
        }
    }
    assert!(harness.query_by_label("Pipeline").is_some());
    // The button toggles it back, and the names return.
    harness.get_by_label("Show everything").click();
    harness.run();
    harness.get_by_label(View::Contacts.label()).click();
    harness.run();
    assert!(all_text(&harness).iter().any(|t| t.contains(&first)));
}

#[test]
fn the_window_title_is_the_setting_and_the_screen_can_start_on() {
    let (_db, mut store) = demo_store();
    let mut settings = store.model().settings().clone();
    settings.set("privacy.at_start", "yes").unwrap();
    store
        .apply(Change::SetSettings {
            base: exitplan::model::Revision::of(store.model().settings()),
            settings: Box::new(settings),
        })
        .unwrap();
    let names: Vec<String> = store
        .model()
        .contacts()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let state = exitplan::ui::UiState {
        view: View::Today,
        ..Default::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1200.0, 900.0))
        .build_ui_state(
            |ui, app: &mut exitplan::ui::ExitplanApp| app.ui(ui),
            exitplan::ui::ExitplanApp::new(store, state),
        );
    // A new title in Settings reaches the window on the next frame.
    let store = &mut harness.state_mut().store;
    let mut settings = store.model().settings().clone();
    settings
        .set("privacy.window_title", "Quarterly notes")
        .unwrap();
    store
        .apply(Change::SetSettings {
            base: exitplan::model::Revision::of(store.model().settings()),
            settings: Box::new(settings),
        })
        .unwrap();
    harness.step();
    let titles: Vec<String> = harness
        .output()
        .viewport_output
        .values()
        .flat_map(|v| v.commands.iter())
        .filter_map(|c| match c {
            egui::ViewportCommand::Title(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, ["Quarterly notes"]);
    for name in &names {
        assert!(!titles[0].contains(name.as_str()));
    }
    harness.run();
    assert!(
        exitplan::ui::privacy::is_on(&harness.ctx),
        "on at start, as chosen"
    );
    let text = all_text(&harness);
    for name in &names {
        assert!(
            !text.iter().any(|t| t.contains(name.as_str())),
            "{name} on Today"
        );
    }
}

#[test]
fn the_privacy_screen_comes_on_after_the_idle_minutes() {
    let (_db, mut store) = demo_store();
    let mut settings = store.model().settings().clone();
    settings.set("privacy.idle_minutes", "2").unwrap();
    store
        .apply(Change::SetSettings {
            base: exitplan::model::Revision::of(store.model().settings()),
            settings: Box::new(settings),
        })
        .unwrap();
    let state = exitplan::ui::UiState {
        view: View::Contacts,
        ..Default::default()
    };
    // Each frame is 10 seconds after the last, and nothing is touched.
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1200.0, 900.0))
        .with_step_dt(10.0)
        .with_max_steps(3)
        .build_ui_state(
            |ui, app: &mut exitplan::ui::ExitplanApp| app.ui(ui),
            exitplan::ui::ExitplanApp::new(store, state),
        );
    let frames_before = |harness: &mut egui_kittest::Harness<'_, exitplan::ui::ExitplanApp>| {
        let mut frames = 0;
        while !exitplan::ui::privacy::is_on(&harness.ctx) && frames < 100 {
            harness.step();
            frames += 1;
        }
        frames
    };
    let frames = frames_before(&mut harness);
    assert!(
        (8..=13).contains(&frames),
        "on after two idle minutes, not before ({frames} frames)"
    );
    // Off by hand; while keys are pressed it stays off; idle again, it comes back.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::H,
    );
    harness.step();
    assert!(!exitplan::ui::privacy::is_on(&harness.ctx));
    for _ in 0..20 {
        harness.key_press(egui::Key::Tab);
        harness.step();
    }
    assert!(
        !exitplan::ui::privacy::is_on(&harness.ctx),
        "kept off while in use"
    );
    let frames = frames_before(&mut harness);
    assert!((11..=13).contains(&frames), "{frames} idle frames");
}
