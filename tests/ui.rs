//! The real views through egui_kittest, found by their accessible labels, with kittest's
//! accessibility check on: adding a contact, inline validation, search, logging a
//! touchpoint from Today, the unsaved-changes guard, the first-run choice, shortcuts.

mod common;

use common::ui::{click, field, type_into};
use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use exitplan::model::ContactId;
use exitplan::store::Store;
use exitplan::ui::{ExitplanApp, View};

fn harness(store: Store) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, View::Today, egui::vec2(1280.0, 800.0))
}

#[test]
fn start_fresh_then_add_a_contact_through_the_form() {
    let db = temp_db();
    let mut harness = harness(open(&db.path));
    click(&mut harness, "Start fresh");
    type_into(&mut harness, "Name", "Ada Lovelace");
    type_into(
        &mut harness,
        "Email addresses (one per line, first is primary)",
        "ada@example.com",
    );
    type_into(&mut harness, "Organization", "Analytical Engines");
    type_into(&mut harness, "Keep in touch every (days)", "30");
    click(&mut harness, "Add contact");

    let model = harness.state().store.model();
    assert_eq!(model.contact_count(), 1);
    let entry = &model.contacts()[0];
    assert_eq!(entry.contact.fields.name, "Ada Lovelace");
    assert_eq!(entry.contact.fields.emails, vec!["ada@example.com"]);
    assert_eq!(entry.contact.fields.cadence_days, Some(30));
    // In the list, and in the file after reopening.
    let in_list = harness.query_by_role_and_label(egui::accesskit::Role::Button, "Ada Lovelace");
    assert!(in_list.is_some(), "the new contact shows in the list");
    assert!(harness.query_by_label_contains("Saved").is_some());
    let app = harness.into_state();
    drop(app);
    let reopened = open(&db.path);
    assert_eq!(
        reopened.model().contacts()[0].contact.fields.name,
        "Ada Lovelace"
    );
}

#[test]
fn a_bad_email_shows_an_inline_error_and_saves_nothing() {
    let db = temp_db();
    let mut harness = harness(open(&db.path));
    click(&mut harness, "Start fresh");
    type_into(&mut harness, "Name", "Bob");
    type_into(
        &mut harness,
        "Email addresses (one per line, first is primary)",
        "bob@",
    );
    click(&mut harness, "Add contact");
    assert!(
        harness
            .query_by_label_contains("email 'bob@': missing domain")
            .is_some(),
        "the form names the field and the problem"
    );
    assert!(harness.state().store.model().is_empty(), "nothing saved");
    // Fixing the address clears the message as you type, and saving works.
    type_into(
        &mut harness,
        "Email addresses (one per line, first is primary)",
        "example.com",
    );
    assert!(harness.query_by_label_contains("missing domain").is_none());
    click(&mut harness, "Add contact");
    assert_eq!(
        harness.state().store.model().contacts()[0]
            .contact
            .fields
            .emails,
        vec!["bob@example.com"]
    );
}

#[test]
fn search_narrows_the_contact_list() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    click(&mut harness, "Contacts");
    assert!(
        harness.query_by_label("Aiko Tanaka").is_some(),
        "near the top of the full list"
    );
    type_into(&mut harness, "Search contacts", "brightwave");
    assert!(harness.query_by_label("Priya Raman").is_some());
    assert!(harness.query_by_label("Olusegun Adeyemi").is_some());
    assert!(
        harness.query_by_label("Marcus Feld").is_none(),
        "a non-matching contact is gone"
    );
    type_into(&mut harness, "Search contacts", " priya");
    assert!(harness.query_by_label("Priya Raman").is_some());
    assert!(
        harness.query_by_label("Olusegun Adeyemi").is_none(),
        "every word must match"
    );
    assert!(harness.query_by_label("1 of 38").is_some());
}

#[test]
fn logging_a_touchpoint_removes_the_contact_from_today() {
    let db = temp_db();
    let store = demo_store(&db);
    let today = store.today();
    let first_due = store.model().due_contacts(today)[0].id;
    let name = store.model().contact(first_due).unwrap().name().to_string();
    let mut harness = harness(store);
    assert!(
        harness.query_by_label(&name).is_some(),
        "{name} is due on Today"
    );
    click(&mut harness, &format!("Log touchpoint with {name}"));
    type_into(&mut harness, "Summary", "Caught up over coffee");
    click(&mut harness, "Save touchpoint");
    assert!(harness.query_by_label(&name).is_none(), "{name} left Today");
    let store = &harness.state().store;
    assert!(
        store
            .model()
            .due_contacts(today)
            .iter()
            .all(|d| d.id != first_due)
    );
    let history = store.contact_touchpoints(first_due, 1).unwrap();
    assert_eq!(history[0].fields.summary, "Caught up over coffee");
    assert_eq!(history[0].fields.date, today);
}

#[test]
fn the_quick_log_dialog_names_missing_fields_and_keeps_what_was_typed() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    click(&mut harness, "Save touchpoint");
    assert!(
        harness
            .query_by_label_contains("Choose at least one contact")
            .is_some()
    );
    assert!(
        harness.query_by_label_contains("⚠ Required").is_some(),
        "said beside the Summary field, without its key"
    );
    type_into(&mut harness, "Summary", "Met at the seminar");
    type_into(&mut harness, "With", "marcus");
    click(&mut harness, "Marcus Feld · Lumen Analytics");
    click(&mut harness, "Cancel");
    assert!(
        harness
            .query_by_label_contains("Discard this touchpoint?")
            .is_some(),
        "asks before dropping typed text"
    );
    click(&mut harness, "Keep editing");
    click(&mut harness, "Save touchpoint");
    let store = &harness.state().store;
    let marcus = store
        .model()
        .contacts()
        .iter()
        .find(|e| e.name() == "Marcus Feld")
        .unwrap()
        .id();
    assert_eq!(
        store.contact_touchpoints(marcus, 1).unwrap()[0]
            .fields
            .summary,
        "Met at the seminar"
    );
}

#[test]
fn leaving_a_form_with_unsaved_changes_asks_first() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", Some(30));
    let mut harness = harness(store);
    harness.state_mut().request(
        &egui::Context::default(),
        exitplan::ui::Request::OpenContact(ada),
    );
    harness.run();
    click(&mut harness, "Edit");
    type_into(&mut harness, "Title", "Countess");
    click(&mut harness, "Today");
    assert!(
        harness.query_by_label("Save your changes?").is_some(),
        "asks before leaving"
    );
    click(&mut harness, "Keep editing");
    assert_eq!(harness.state().state.view, View::Contacts);
    assert_eq!(
        field(&harness, "Title").value().as_deref(),
        Some("Countess"),
        "typed text kept"
    );
    click(&mut harness, "Today");
    click(&mut harness, "Discard changes");
    assert_eq!(harness.state().state.view, View::Today);
    assert_eq!(
        harness
            .state()
            .store
            .model()
            .contact(ada)
            .unwrap()
            .contact
            .fields
            .title,
        ""
    );
    // The question can save too: the edit lands as the form's own Save would.
    click(&mut harness, "Contacts");
    click(&mut harness, "Edit");
    type_into(&mut harness, "Title", "Countess");
    click(&mut harness, "Today");
    assert!(
        harness
            .query_by_label_contains("the contact form are not saved")
            .is_some()
    );
    click(&mut harness, "Save and continue");
    assert_eq!(harness.state().state.view, View::Today);
    let title = |h: &Harness<'_, ExitplanApp>| {
        h.state()
            .store
            .model()
            .contact(ada)
            .unwrap()
            .contact
            .fields
            .title
            .clone()
    };
    assert_eq!(title(&harness), "Countess");
    // A refused save stays put and shows why: an emptied name.
    click(&mut harness, "Contacts");
    click(&mut harness, "Edit");
    field(&harness, "Name").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    click(&mut harness, "Today");
    click(&mut harness, "Save and continue");
    assert_eq!(
        harness.state().state.view,
        View::Contacts,
        "stays to show why"
    );
    assert!(harness.query_by_label_contains("Required").is_some());
    assert_eq!(title(&harness), "Countess");
}

#[test]
fn explore_with_demo_data_fills_the_views() {
    let db = temp_db();
    let mut harness = harness(open(&db.path));
    click(&mut harness, "Explore with demo data");
    assert!(harness.state().store.model().contact_count() >= 35);
    assert!(harness.query_by_label("Due to get in touch").is_some());
    click(&mut harness, "Touchpoints");
    assert!(
        !harness
            .query_all_by_label_contains("Gave support")
            .collect::<Vec<_>>()
            .is_empty()
    );
}

#[test]
fn shortcuts_focus_search_and_start_a_new_contact() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    assert_eq!(harness.state().state.view, View::Contacts);
    assert!(harness.get_by_label("Search contacts").is_focused());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    assert!(
        field(&harness, "Name").is_focused(),
        "Ctrl+N puts the cursor in Name"
    );
    assert!(harness.query_by_label("Add contact").is_some());
}

#[test]
fn snoozing_from_today_moves_the_contact_off_the_list() {
    let db = temp_db();
    let store = demo_store(&db);
    let today = store.today();
    let due: Vec<ContactId> = store
        .model()
        .due_contacts(today)
        .iter()
        .map(|d| d.id)
        .collect();
    let name = store.model().contact(due[0]).unwrap().name().to_string();
    let mut harness = harness(store);
    click(&mut harness, &format!("Snooze {name}"));
    click(&mut harness, "For a week");
    assert!(harness.query_by_label(&name).is_none());
    let entry = harness
        .state()
        .store
        .model()
        .contact(due[0])
        .unwrap()
        .clone();
    assert_eq!(
        entry.contact.snoozed_until,
        Some(today + chrono::Days::new(7))
    );
}

#[test]
fn sorting_by_next_due_puts_the_most_overdue_first() {
    let db = temp_db();
    let store = demo_store(&db);
    let today = store.today();
    let most_overdue = store.model().due_contacts(today)[0].id;
    let name = store
        .model()
        .contact(most_overdue)
        .unwrap()
        .name()
        .to_string();
    let mut harness = harness(store);
    click(&mut harness, "Contacts");
    click(&mut harness, "Next due");
    let rows: Vec<(f32, String)> = harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|n| {
            let label = n.accesskit_node().label()?;
            harness
                .state()
                .store
                .model()
                .contacts()
                .iter()
                .any(|e| e.name() == label)
                .then(|| (n.rect().top(), label))
        })
        .collect();
    let top = rows
        .iter()
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("rows are shown");
    assert_eq!(top.1, name, "the most overdue contact is the first row");
    assert_eq!(
        harness.state().state.sort.column,
        exitplan::ui::SortColumn::NextDue
    );
    // Clicking again reverses the order: the most overdue is no longer first.
    click(&mut harness, "Next due");
    assert!(harness.state().state.sort.descending);
}

#[test]
fn the_keyboard_alone_logs_a_touchpoint() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    assert!(
        field(&harness, "With").is_focused(),
        "the dialog opens in the contact field"
    );
    field(&harness, "With").type_text("grace okafor");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    type_into(&mut harness, "Summary", "Volunteer project debrief");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let store = &harness.state().store;
    let grace = store
        .model()
        .contacts()
        .iter()
        .find(|e| e.name() == "Grace Okafor")
        .unwrap()
        .id();
    let latest = &store.contact_touchpoints(grace, 1).unwrap()[0];
    assert_eq!(latest.fields.summary, "Volunteer project debrief");
    assert!(
        harness
            .query_by_label_contains("Touchpoint logged with Grace Okafor")
            .is_some()
    );
}

#[test]
fn closing_the_window_with_typed_text_asks_first() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    type_into(&mut harness, "Summary", "Half-written note");
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::CancelClose),
        "the close is held back: {commands:?}"
    );
    harness.run();
    // The Log touchpoint dialog saves from its own button only: the question offers
    // to keep or discard, and says so in its title.
    assert!(harness.query_by_label("Discard unsaved changes?").is_some());
    assert!(harness.query_by_label("Save and continue").is_none());
    click(&mut harness, "Keep editing");
    assert_eq!(
        field(&harness, "Summary").value().as_deref(),
        Some("Half-written note")
    );
}

#[test]
fn the_timeline_filters_by_kind_and_contact() {
    let db = temp_db();
    let store = demo_store(&db);
    let priya = contact_named(&store, "Priya Raman");
    let priya_count = store.model().contact(priya).unwrap().stats.touchpoints as usize;
    let mut harness = harness(store);
    click(&mut harness, "Touchpoints");
    let summaries = |harness: &Harness<'_, ExitplanApp>, needle: &str| {
        harness.query_all_by_label_contains(needle).count()
    };
    assert!(summaries(&harness, "Coffee —") > 0);
    click(&mut harness, "Intro");
    assert!(summaries(&harness, "Introduced them") > 0, "intros stay");
    assert_eq!(
        summaries(&harness, "Coffee —"),
        0,
        "coffees are filtered out"
    );
    click(&mut harness, "Clear filters");
    type_into(&mut harness, "Filter by contact", "priya");
    click(&mut harness, "Priya Raman · Brightwave Media");
    // The timeline draws the rows in sight: each names Priya.
    let rows = harness
        .query_all_by_label_contains("Delete touchpoint")
        .count();
    let named = harness.query_all_by_label_contains("Priya Raman").count();
    assert!(rows >= priya_count.min(8), "{rows} rows of {priya_count}");
    assert_eq!(
        named,
        rows + 2,
        "one row per touchpoint with Priya, plus her name on the filter and its Remove button"
    );
    // Her name on a row opens her, with the whole timeline.
    harness
        .query_all_by_label("Priya Raman")
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("a row names her")
        .click();
    harness.run();
    assert_eq!(harness.state().state.view, View::Contacts);
    assert_eq!(harness.state().contact_selected(), Some(priya));
}

#[test]
fn deleting_a_touchpoint_is_confirmed_and_recounts_the_contact() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", Some(30));
    for (date, summary) in [("2026-10-01", "Old coffee"), ("2026-11-20", "Recent call")] {
        let mut fields = touch(&[ada], day(date), exitplan::model::Direction::Gave);
        fields.summary = summary.into();
        store
            .apply(exitplan::store::Change::LogTouchpoint(fields))
            .unwrap();
    }
    store.apply(exitplan::store::Change::FinishWelcome).unwrap();
    let mut harness = harness(store);
    click(&mut harness, "Touchpoints");
    click(&mut harness, "Delete touchpoint: Recent call (2026-11-20)");
    click(&mut harness, "Keep it");
    assert_eq!(
        harness
            .state()
            .store
            .model()
            .contact(ada)
            .unwrap()
            .stats
            .touchpoints,
        2,
        "kept"
    );
    click(&mut harness, "Delete touchpoint: Recent call (2026-11-20)");
    assert!(harness.query_by_label("Delete this touchpoint?").is_some());
    click(&mut harness, "Delete touchpoint");
    let entry = harness.state().store.model().contact(ada).unwrap().clone();
    assert_eq!(entry.stats.touchpoints, 1);
    assert_eq!(
        entry.stats.last_touch,
        Some(day("2026-10-01")),
        "last touch recounted"
    );
    assert!(
        harness.query_by_label("Recent call").is_none(),
        "gone from the timeline"
    );
}

/// The top of a view's own scroll area: where a node sits relative to the window.
fn top_of(harness: &Harness<'_, ExitplanApp>, label: &str) -> f32 {
    harness.get_by_label(label).rect().min.y
}

#[test]
fn each_view_keeps_its_own_scroll_and_ctrl_digits_switch_views() {
    let db = temp_db();
    let mut harness = common::ui::harness(demo_store(&db), View::Today, egui::vec2(1024.0, 640.0));
    let due_at_first = top_of(&harness, "Due to get in touch");
    // Scroll Today down to its last card.
    harness.get_by_label("Next steps").scroll_to_me();
    harness.run();
    assert!(
        top_of(&harness, "Due to get in touch") < due_at_first - 100.0,
        "Today scrolled"
    );
    // Ctrl+9: Settings, in navigation order, opening at its top.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num9);
    harness.run();
    let name = common::ui::field(&harness, "Your name").rect().min.y;
    assert!(
        (0.0..200.0).contains(&name),
        "Settings opens at its top, not at Today's scroll: the first field is at y = {name}"
    );
    // Ctrl+6: Capabilities, also at its top; Ctrl+1 back to Today, still scrolled.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num6);
    harness.run();
    let title = common::ui::field(&harness, "What you did").rect().min.y;
    assert!((0.0..250.0).contains(&title), "at y = {title}");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    assert!(
        top_of(&harness, "Due to get in touch") < due_at_first - 100.0,
        "Today keeps its own scroll"
    );
}

#[test]
fn settings_appearance_turns_the_window_light_dark_and_back_to_the_system_theme() {
    let db = temp_db();
    let mut harness =
        common::ui::harness(demo_store(&db), View::Settings, egui::vec2(1280.0, 800.0));
    let dark = |h: &Harness<'_, ExitplanApp>| h.ctx.theme() == egui::Theme::Dark;
    // The harness starts dark; "system" at start leaves the window's own theme.
    assert!(dark(&harness));
    for (choice, expect_dark) in [("Light", false), ("Dark", true), ("System", false)] {
        // Seen at once: no Save needed.
        click(&mut harness, "Theme");
        click(&mut harness, choice);
        harness.run();
        // "system": nothing here reports a theme (no window system, no portal): light.
        assert_eq!(dark(&harness), expect_dark, "after choosing {choice}");
    }
    assert_eq!(
        harness.state().store.model().settings().appearance.theme,
        exitplan::model::ThemeChoice::System
    );
}

#[test]
fn leaving_settings_after_a_menu_pick_offers_to_save_it() {
    let db = temp_db();
    let mut harness =
        common::ui::harness(demo_store(&db), View::Settings, egui::vec2(1280.0, 800.0));
    click(&mut harness, "Digest");
    click(&mut harness, "Daily");
    assert!(harness.state().has_unsaved_changes());
    // The status line never says everything is saved while this is not.
    assert!(
        harness
            .query_by_label("Not saved yet: your changes in Settings.")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Everything is saved")
            .is_none()
    );
    // Esc is "Keep editing".
    click(&mut harness, "Contacts");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("in Settings are not saved yet")
            .is_none()
    );
    assert!(harness.state().has_unsaved_changes(), "still there to save");
    click(&mut harness, "Contacts");
    assert!(
        harness
            .query_by_label_contains("in Settings are not saved yet")
            .is_some()
    );
    click(&mut harness, "Save and continue");
    harness.run();
    assert!(!harness.state().has_unsaved_changes());
    assert_eq!(
        harness.state().store.model().settings().digest.schedule,
        exitplan::model::DigestSchedule::Daily,
        "saved"
    );
    assert!(
        harness.query_by_label("Warmth filter").is_some(),
        "and went on to Contacts"
    );
    assert!(
        harness
            .query_by_label_contains("Everything is saved")
            .is_some()
    );
}

#[test]
fn an_empty_start_says_what_to_do_next_and_sending_waits_for_settings() {
    let db = temp_db();
    let mut harness = harness(open(&db.path));
    click(&mut harness, "Start fresh");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    assert!(harness.query_by_label_contains("No contacts yet").is_some());
    assert!(harness.query_by_label_contains("heard from you").is_none());
    assert!(
        harness
            .query_by_label_contains("A week has passed")
            .is_none(),
        "no week has passed before the first check-in"
    );
    assert!(harness.query_by_label("First check-in").is_some());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num8);
    harness.run();
    assert!(
        harness
            .get_by_label("Send approved (0)")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        harness
            .query_by_label_contains("Sending is not set up yet")
            .is_some()
    );
    click(&mut harness, "Set up sending");
    assert_eq!(harness.state().state.view, View::Settings);
}

#[test]
fn ctrl_k_type_enter_opens_the_first_match_as_a_read_view_and_arrows_move_through_matches() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut matches: Vec<(String, ContactId)> = store
        .model()
        .contacts()
        .iter()
        .filter(|e| e.contact.fields.organization == "Northwind Outfitters" && !e.contact.archived)
        .map(|e| (e.name().to_string(), e.id()))
        .collect();
    matches.sort();
    assert!(
        matches.len() >= 3,
        "the demo has several people at Northwind"
    );
    let mut harness = harness(store);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness
        .get_by_label("Search contacts")
        .type_text("northwind");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().contact_selected(), Some(matches[0].1));
    // After Enter (no field in use), ↓ and ↑ go on through the matches.
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().contact_selected(), Some(matches[1].1));
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().contact_selected(), Some(matches[0].1));
    // A read view: what is known, an Edit button, the timeline; no form fields.
    assert!(harness.query_by_label("Edit").is_some());
    assert!(harness.query_by_label("Works as").is_some());
    assert!(harness.query_by_label("Timeline").is_some());
    assert!(
        harness
            .query_all_by_role(egui::accesskit::Role::TextInput)
            .all(|n| n.accesskit_node().label().as_deref() != Some("Name")),
        "no Name field until Edit"
    );
    // Back in the search, ↓ opens the next match and ↑ the one before.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().contact_selected(), Some(matches[1].1));
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().contact_selected(), Some(matches[2].1));
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().contact_selected(), Some(matches[1].1));
    assert!(
        harness
            .query_by_label_contains("hides this contact")
            .is_none()
    );
    // A search that leaves the open contact out says so in the pane.
    harness.get_by_label("Search contacts").type_text(" zzz");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("hides this contact")
            .is_some()
    );
    // Edit shows the form.
    click(&mut harness, "Edit");
    assert_eq!(
        field(&harness, "Name").value().as_deref(),
        Some(matches[1].0.as_str())
    );
}

/// Typing part of a name picks the person whose name begins with it ("pet" → Peter
/// Lang, not Elena Petrova); in the Touchpoints filter, typed text that is not chosen
/// yet does not leave the whole timeline standing as the answer.
#[test]
fn the_contact_picker_puts_names_that_begin_with_the_text_first() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    field(&harness, "With").type_text("pet");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Remove Peter Lang");
    assert!(harness.query_by_label("Remove Elena Petrova").is_none());

    let db = temp_db();
    let mut harness = common::ui::harness(
        demo_store(&db),
        View::Touchpoints,
        egui::vec2(1280.0, 800.0),
    );
    type_into(&mut harness, "Filter by contact", "zzz");
    harness.get_by_label("No contact matches.");
    harness.get_by_label("Pick one of the contacts above to see their touchpoints.");
    assert!(
        harness
            .query_all_by_label_contains("Delete touchpoint:")
            .next()
            .is_none(),
        "no unfiltered timeline under the typed text"
    );
}

/// Saving a new contact without a name says so beside the button, where the user is.
#[test]
fn a_contact_without_a_name_is_explained_beside_the_button() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    click(&mut harness, "Add contact");
    harness.get_by_label_contains("Not saved: check Name above.");
}

/// Settings says when the last daily snapshot was taken and where they are kept.
#[test]
fn settings_show_the_last_daily_snapshot() {
    let db = temp_db();
    let mut store = demo_store(&db);
    common::add(&mut store, "Ada Lovelace", None); // the day's first change: a snapshot
    let harness = common::ui::harness(store, View::Settings, egui::vec2(1280.0, 800.0));
    harness.get_by_label_contains(&format!("Daily snapshot: last taken {}", common::today()));
}

/// Esc closes an open contact, as Close does; a theme chosen in Settings is seen at
/// once, without Save.
#[test]
fn escape_closes_the_contact_and_the_theme_applies_at_once() {
    let db = temp_db();
    let store = demo_store(&db);
    let priya = common::contact_named(&store, "Priya Raman");
    let mut harness = common::ui::harness(store, View::Contacts, egui::vec2(1280.0, 800.0));
    harness.state_mut().request(
        &egui::Context::default(),
        exitplan::ui::Request::OpenContact(priya),
    );
    harness.run();
    assert!(harness.state().contact_selected().is_some());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness.state().contact_selected().is_none(),
        "Esc closed it"
    );

    click(&mut harness, "Settings");
    click(&mut harness, "Theme");
    click(&mut harness, "Dark");
    assert_eq!(
        harness.state().store.model().settings().appearance.theme,
        exitplan::model::ThemeChoice::Dark,
        "stored without Save"
    );
    assert!(!harness.state().has_unsaved_changes());
}

/// A database that is empty but has daily snapshots beside it (the file was lost or
/// replaced) offers the newest on the first-run screen, and restores it.
#[test]
fn the_first_run_screen_offers_the_newest_snapshot() {
    let db = temp_db();
    let mut store = demo_store(&db);
    let before = store.model().contacts().len();
    common::add(&mut store, "Ada Lovelace", None); // takes today's snapshot
    drop(store);
    std::fs::remove_file(&db.path).unwrap();
    let store = common::open(&db.path);
    assert!(store.model().is_empty());
    let mut harness = common::ui::harness(store, View::Today, egui::vec2(1280.0, 800.0));
    click(
        &mut harness,
        &format!("Restore the snapshot of {}", common::today()),
    );
    for _ in 0..200 {
        if !harness.state().store.model().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    assert_eq!(harness.state().store.model().contacts().len(), before);
}

/// At 1024×640 the contact pane is narrow: once something is typed, Save, Revert and
/// "Unsaved changes" wrap instead of widening the row, which pushed the pane's edge over
/// its own text (and let the list run under it).
#[test]
fn typing_in_a_narrow_contact_pane_never_pushes_its_edge_over_its_text() {
    let db = temp_db();
    let mut harness =
        common::ui::harness(demo_store(&db), View::Contacts, egui::vec2(1024.0, 640.0));
    harness.get_by_label("Aiko Tanaka").click();
    harness.run();
    click(&mut harness, "Edit");
    let before = harness.state().central_area();
    type_into(&mut harness, "Name", " Jr");
    harness.run();
    let after = harness.state().central_area();
    assert_eq!(after.right(), before.right(), "the pane kept its width");
    // Save changes stands above the fields and below them: the one above.
    let save = harness
        .query_all_by_label("Save changes")
        .next()
        .unwrap()
        .accesskit_node()
        .raw_bounds()
        .unwrap();
    assert!(
        after.right() <= save.x0 as f32,
        "the list ends before the pane's text begins: {after:?} / {save:?}"
    );
}

/// In a small window the Log touchpoint dialog scrolls; a refused save brings its first
/// reason into sight, even when the dialog was scrolled down to Save.
#[test]
fn a_refused_touchpoint_shows_its_first_reason() {
    let db = temp_db();
    let mut harness = common::ui::harness(demo_store(&db), View::Today, egui::vec2(1024.0, 400.0));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    field(&harness, "With").type_text("ma");
    harness.run();
    click(&mut harness, "Follow-up");
    // Down at Save (the picker's matches and the follow-up push it below the fold).
    harness.get_by_label("Save touchpoint").scroll_to_me();
    harness.run();
    let heading = harness
        .query_all_by_label("Log touchpoint")
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Button)
        .expect("the dialog's heading")
        .rect();
    harness.get_by_label("Save touchpoint").click();
    harness.run();
    let reason = harness
        .get_by_label_contains("hoose at least one contact")
        .rect();
    let save = harness.get_by_label("Save touchpoint").rect();
    assert!(
        reason.top() >= heading.bottom() && reason.bottom() <= 400.0,
        "the reason is in sight: {reason:?} (dialog from {heading:?}, Save at {save:?})"
    );
}

/// On a touchpoint with two people, each name opens that person.
#[test]
fn each_name_on_a_touchpoint_opens_that_contact() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", Some(30));
    let grace = add(&mut store, "Grace", Some(30));
    store
        .apply(exitplan::store::Change::LogTouchpoint(touch(
            &[ada, grace],
            common::today(),
            exitplan::model::Direction::Mutual,
        )))
        .unwrap();
    let mut harness = harness(store);
    click(&mut harness, "Touchpoints");
    let link = |h: &Harness<'_, ExitplanApp>, name: &str| {
        h.query_all_by_label(name)
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
            .expect("a link for the name")
            .rect()
            .center()
    };
    let at = link(&harness, "Grace");
    harness.event(egui::Event::PointerMoved(at));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    harness.run();
    assert_eq!(harness.state().state.view, View::Contacts);
    assert_eq!(harness.state().contact_selected(), Some(grace));
}

/// A contact opened from another view is shown in the list too: the list scrolls to
/// her row (the list draws only the rows in sight).
#[test]
fn a_contact_opened_from_elsewhere_is_scrolled_to_in_the_list() {
    let db = temp_db();
    let store = demo_store(&db);
    let last = {
        let model = store.model();
        let mut names: Vec<String> = model
            .contacts()
            .iter()
            .map(|e| e.name().to_string())
            .collect();
        names.sort();
        names.pop().unwrap()
    };
    let id = contact_named(&store, &last);
    let mut harness = common::ui::harness(store, View::Today, egui::vec2(1024.0, 640.0));
    harness.state_mut().request(
        &egui::Context::default(),
        exitplan::ui::Request::OpenContact(id),
    );
    harness.run();
    harness.run();
    let list = harness.state().central_area();
    assert!(
        harness
            .query_all_by_label(&last)
            .any(|n| list.contains(n.rect().center())),
        "{last}'s row is in sight in the list ({list:?})"
    );
}
