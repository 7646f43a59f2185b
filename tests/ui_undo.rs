//! Feedback where the user looks: an action's result shows as a toast over the view,
//! with Undo for archive, delete, stage moves and discard (one change reverting the
//! other); news goes by itself after a few seconds, and a message never follows the
//! user to another view.

mod common;

use common::ui::{click, type_into};
use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use exitplan::model::{OutboxStatus, Stage};
use exitplan::store::Store;
use exitplan::ui::{ExitplanApp, UiState, View};

/// Touchpoints counted over every contact.
fn touchpoints(store: &Store) -> u32 {
    store
        .model()
        .contacts()
        .iter()
        .map(|e| e.stats.touchpoints)
        .sum()
}

/// Every outbox entry's subject and body.
fn words(store: &Store) -> Vec<(String, String)> {
    store
        .model()
        .mail()
        .outbox()
        .map(|e| (e.subject.clone(), e.body.clone()))
        .collect()
}

fn harness(store: Store, view: View) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, view, egui::vec2(1280.0, 800.0))
}

#[test]
fn archiving_a_contact_can_be_undone_from_the_toast() {
    let db = temp_db();
    let store = demo_store(&db);
    let priya = contact_named(&store, "Priya Raman");
    let mut harness = harness(store, View::Contacts);
    harness.state_mut().request(
        &egui::Context::default(),
        exitplan::ui::Request::OpenContact(priya),
    );
    harness.run();
    click(&mut harness, "Archive");
    let archived = |h: &Harness<'_, ExitplanApp>| {
        h.state()
            .store
            .model()
            .contact(priya)
            .unwrap()
            .contact
            .archived
    };
    assert!(archived(&harness));
    assert!(
        harness.query_by_label_contains("Archived.").is_some(),
        "the toast says so"
    );
    click(&mut harness, "Undo");
    assert!(!archived(&harness), "Undo restored her");
    assert!(harness.query_by_label("Undone.").is_some());
    assert!(
        harness.query_by_label("Undo").is_none(),
        "nothing more to undo"
    );
}

#[test]
fn a_stage_move_is_undone_whole_history_and_rhythm_included() {
    let db = temp_db();
    let store = demo_store(&db);
    let app = store
        .model()
        .plan()
        .applications()
        .find(|a| a.fields.company == "Maison Verte")
        .unwrap()
        .clone();
    let mut harness = harness(store, View::Applications);
    click(&mut harness, "Move Maison Verte on to Screening");
    let stored = |h: &Harness<'_, ExitplanApp>| {
        h.state()
            .store
            .model()
            .plan()
            .application(app.id)
            .unwrap()
            .clone()
    };
    assert_eq!(stored(&harness).stage, Stage::Screening);
    click(&mut harness, "Undo");
    let back = stored(&harness);
    assert_eq!(back.stage, app.stage);
    assert_eq!(back.history, app.history);
    assert_eq!(back.rhythm, app.rhythm);
    assert_eq!(back.fields, app.fields);
}

#[test]
fn a_discarded_email_comes_back_as_a_draft() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut harness = harness(store, View::Outbox);
    let count =
        |h: &Harness<'_, ExitplanApp>| h.state().store.model().mail().count(OutboxStatus::Draft);
    // The window drafted the due reminders when it opened.
    let drafts = count(&harness);
    assert!(drafts > 0);
    // An edit not saved yet is kept: Undo brings the email back as the user left it.
    type_into(&mut harness, "Subject", " (edited)");
    click(&mut harness, "Discard email");
    assert_eq!(count(&harness), drafts - 1);
    click(&mut harness, "Undo");
    assert_eq!(count(&harness), drafts, "back among the drafts");
    assert!(
        harness
            .state()
            .store
            .model()
            .mail()
            .outbox()
            .any(|e| e.subject.contains("(edited)")),
        "the edited words came back with it"
    );
}

#[test]
fn a_deleted_touchpoint_is_logged_again_by_undo() {
    let db = temp_db();
    let store = demo_store(&db);
    let before = touchpoints(&store);
    let mut harness = harness(store, View::Touchpoints);
    let delete = harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .find_map(|n| {
            n.accesskit_node()
                .label()
                .filter(|l| l.starts_with("Delete touchpoint: "))
        })
        .expect("a row to delete");
    click(&mut harness, &delete);
    click(&mut harness, "Delete touchpoint");
    let total = |h: &Harness<'_, ExitplanApp>| touchpoints(&h.state().store);
    assert!(total(&harness) < before);
    click(&mut harness, "Undo");
    assert_eq!(total(&harness), before);
}

#[test]
fn news_goes_by_itself_and_never_follows_to_another_view() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(0.5)
        .with_max_steps(40)
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(
                store,
                UiState {
                    view: View::Contacts,
                    ..UiState::default()
                },
            ),
        );
    harness.run();
    harness.state_mut().status.info("Saved.");
    // An area is measured in its first frame and drawn from the second.
    harness.step();
    harness.step();
    assert!(harness.query_by_label("Saved.").is_some());
    // 10 s later (a step is half a second here) it is gone.
    for _ in 0..20 {
        harness.step();
    }
    assert!(harness.query_by_label("Saved.").is_none());
    assert!(harness.state().status.text.is_empty());
    // An error stays, but not on another view.
    harness
        .state_mut()
        .status
        .error("Not saved: the disk is full");
    for _ in 0..30 {
        harness.step();
    }
    assert!(
        harness
            .query_by_label_contains("the disk is full")
            .is_some()
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("the disk is full")
            .is_none()
    );
}

#[test]
fn an_approval_is_undone_back_to_a_draft_with_the_same_words() {
    let db = temp_db();
    let mut harness = harness(demo_store(&db), View::Outbox);
    let count = |h: &Harness<'_, ExitplanApp>, status| h.state().store.model().mail().count(status);
    let drafts = count(&harness, OutboxStatus::Draft);
    let before = words(&harness.state().store);
    click(&mut harness, "Approve");
    assert_eq!(count(&harness, OutboxStatus::Approved), 1);
    click(&mut harness, "Undo");
    assert_eq!(count(&harness, OutboxStatus::Approved), 0);
    assert_eq!(count(&harness, OutboxStatus::Draft), drafts);
    let after = words(&harness.state().store);
    assert_eq!(after, before, "the words are as they were");
}

/// A double-click on Discard discards one email, not also the next one that takes its
/// place; a discarded email can be restored from the Discarded tab.
#[test]
fn a_double_click_discards_one_email_and_discarded_ones_can_be_restored() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut harness = quick_harness(store, View::Outbox);
    let count =
        |h: &Harness<'_, ExitplanApp>| h.state().store.model().mail().count(OutboxStatus::Draft);
    let drafts = count(&harness);
    assert!(drafts > 1, "the demo drafts several reminders");
    let pos = harness.get_by_label("Discard email").rect().center();
    double_click(&mut harness, pos);
    assert_eq!(count(&harness), drafts - 1, "one discarded");
    // The next draft is shown, with its own buttons.
    harness.get_by_label("Discard email");

    harness.get_by_label_contains("Discarded (1)").click();
    harness.run();
    click(&mut harness, "Restore to drafts");
    assert_eq!(count(&harness), drafts, "back among the drafts");
    assert_eq!(
        harness
            .state()
            .store
            .model()
            .mail()
            .count(OutboxStatus::Discarded),
        0
    );
}

/// A harness whose frames are a sixtieth of a second apart, so two clicks make a
/// double-click.
fn quick_harness(store: Store, view: View) -> Harness<'static, ExitplanApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(
                store,
                UiState {
                    view,
                    ..UiState::default()
                },
            ),
        );
    harness.run();
    harness
}

/// Two quick clicks at `pos`, then frames until the window settles.
fn double_click(harness: &mut Harness<'_, ExitplanApp>, pos: egui::Pos2) {
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::default(),
            });
        }
        harness.step();
    }
    harness.run();
}

/// Every application's stage, by id.
fn stages(h: &Harness<'_, ExitplanApp>) -> Vec<(exitplan::model::ApplicationId, Stage)> {
    h.state()
        .store
        .model()
        .plan()
        .applications()
        .map(|a| (a.id, a.stage))
        .collect()
}

/// Whether a node is a card's ▶ ("Move … on to …").
fn is_move_on(n: &egui_kittest::Node<'_>) -> bool {
    n.accesskit_node()
        .label()
        .is_some_and(|l| l.starts_with("Move ") && l.contains(" on to "))
}

/// A double-click on a card's ▶ moves that card one stage, once: the second click does
/// not move the card that slid into its place.
#[test]
fn a_double_click_on_a_card_arrow_moves_one_card_once() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut harness = quick_harness(store, View::Applications);
    let before = stages(&harness);
    let arrow = harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .find(is_move_on)
        .expect("a card to move on");
    let pos = arrow.rect().center();
    double_click(&mut harness, pos);
    let after = stages(&harness);
    let moved: Vec<_> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
}

/// Two separate clicks on the same spot: the first moves the card, the second lands on
/// the arrow of the card that slid into its place and does nothing until the pointer
/// has moved away; then that card's arrow works as any other.
#[test]
fn the_card_that_slides_under_the_pointer_does_not_move_on_the_next_click() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut harness = quick_harness(store, View::Applications);
    let changed = |a: &[(exitplan::model::ApplicationId, Stage)],
                   b: &[(exitplan::model::ApplicationId, Stage)]| {
        a.iter().zip(b).filter(|(x, y)| x.1 != y.1).count()
    };
    let arrow_at = |h: &Harness<'_, ExitplanApp>, pos: egui::Pos2| {
        h.query_all_by_role(egui::accesskit::Role::Button)
            .find(|n| is_move_on(n) && n.rect().contains(pos))
            .and_then(|n| n.accesskit_node().label())
    };
    // The first arrow in a column with another card below it.
    let before = stages(&harness);
    let first = harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .filter(is_move_on)
        .map(|n| n.rect().center())
        .min_by(|a, b| a.y.total_cmp(&b.y))
        .unwrap();
    click_at(&mut harness, first);
    let once = stages(&harness);
    assert_eq!(changed(&before, &once), 1, "the first click moves one card");
    let slid = arrow_at(&harness, first).expect("another card slid into its place");
    // Past a double-click's time: a second, separate click.
    wait(&mut harness);
    click_at(&mut harness, first);
    assert_eq!(stages(&harness), once, "the slid card stays: {slid}");
    // The pointer leaves and comes back: now the click is meant.
    harness.event(egui::Event::PointerMoved(first + egui::vec2(0.0, 80.0)));
    harness.run();
    wait(&mut harness);
    click_at(&mut harness, first);
    assert_eq!(changed(&once, &stages(&harness)), 1, "{slid} moves now");
}

/// One click at `pos`, the pointer moved there first.
fn click_at(h: &mut Harness<'_, ExitplanApp>, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    h.run();
}

/// Longer than a double-click (the harness's clock moves one frame a step).
fn wait(h: &mut Harness<'_, ExitplanApp>) {
    for _ in 0..40 {
        h.step();
    }
}

/// Approve shows the next draft with its own Approve in the same place: a second
/// click there, the pointer not moved, approves nothing more; once the pointer has
/// moved away and back, it approves that one.
#[test]
fn a_second_click_on_approve_does_not_approve_the_next_email() {
    let db = temp_db();
    let store = demo_store(&db);
    let mut harness = quick_harness(store, View::Outbox);
    let approved =
        |h: &Harness<'_, ExitplanApp>| h.state().store.model().mail().count(OutboxStatus::Approved);
    assert_eq!(approved(&harness), 0);
    let pos = harness.get_by_label("Approve").rect().center();
    click_at(&mut harness, pos);
    assert_eq!(approved(&harness), 1);
    wait(&mut harness);
    click_at(&mut harness, pos);
    assert_eq!(
        approved(&harness),
        1,
        "the next email is not approved blind"
    );
    harness.event(egui::Event::PointerMoved(pos + egui::vec2(0.0, 120.0)));
    harness.run();
    wait(&mut harness);
    click_at(&mut harness, pos);
    assert_eq!(approved(&harness), 2);
}
