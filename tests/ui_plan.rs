//! The exit-plan views through egui_kittest, by accessible label, accessibility check on:
//! a criterion, an application rated (the fit changes) and moved through stages, a
//! capability and its export, an ask, and a check-in that grows the trend chart.

mod common;

use common::ui::{click, field, type_into};
use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use exitplan::model::{CriterionKind, Rating, Stage};
use exitplan::store::Store;
use exitplan::ui::{ExitplanApp, View};

fn harness(store: Store, view: View) -> Harness<'static, ExitplanApp> {
    tall_harness(store, view, 900.0)
}

fn tall_harness(store: Store, view: View, height: f32) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, view, egui::vec2(1400.0, height))
}

/// A store past the first-run screen.
fn started(db: &TempDb) -> Store {
    let mut store = open(&db.path);
    store.apply(exitplan::store::Change::FinishWelcome).unwrap();
    store
}

#[test]
fn create_a_criterion_then_an_application_rate_it_and_move_it() {
    let db = temp_db();
    let mut harness = harness(started(&db), View::DreamJob);
    type_into(&mut harness, "Criterion", "Time for courses and seminars");
    click(&mut harness, "Nice-to-have");
    click(&mut harness, "Add criterion");
    let plan = harness.state().store.model().plan();
    assert_eq!(plan.criteria().len(), 1);
    assert_eq!(
        plan.criteria()[0].fields.kind,
        CriterionKind::NiceToHave { weight: 3 }
    );
    assert!(
        harness
            .query_all_by_label("Time for courses and seminars")
            .count()
            >= 1,
        "listed"
    );

    click(&mut harness, "Applications");
    click(&mut harness, "New application");
    type_into(&mut harness, "Company", "Brightwave Media");
    type_into(&mut harness, "Role", "Head of Social");
    click(&mut harness, "Add application");
    let app = harness
        .state()
        .store
        .model()
        .plan()
        .applications()
        .next()
        .expect("added")
        .clone();
    assert_eq!(app.fields.company, "Brightwave Media");
    assert!(
        harness.query_by_label("Fit —").is_some(),
        "no score before any rating"
    );

    click(&mut harness, "Rating: Time for courses and seminars");
    click(&mut harness, "Met");
    assert!(
        harness.query_by_label("Fit 100").is_some(),
        "the fit follows the rating"
    );
    click(&mut harness, "Rating: Time for courses and seminars");
    click(&mut harness, "Partly");
    assert!(harness.query_by_label("Fit 50").is_some());
    let stored = harness
        .state()
        .store
        .model()
        .plan()
        .application(app.id)
        .unwrap()
        .clone();
    assert_eq!(
        stored.ratings.values().copied().collect::<Vec<_>>(),
        vec![Rating::Partly]
    );

    click(&mut harness, "Move Brightwave Media on to Applied");
    click(&mut harness, "Move Brightwave Media on to Screening");
    let moved = harness
        .state()
        .store
        .model()
        .plan()
        .application(app.id)
        .unwrap()
        .clone();
    assert_eq!(moved.stage, Stage::Screening);
    let stages: Vec<Stage> = moved.history.iter().map(|h| h.stage).collect();
    assert_eq!(
        stages,
        vec![Stage::Interested, Stage::Applied, Stage::Screening]
    );
    click(&mut harness, "Move Brightwave Media back to Applied");
    assert_eq!(
        harness
            .state()
            .store
            .model()
            .plan()
            .application(app.id)
            .unwrap()
            .stage,
        Stage::Applied
    );
}

#[test]
fn a_check_in_adds_a_point_to_the_trend() {
    let db = temp_db();
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).unwrap();
    let before = store.model().plan().check_ins().len();
    let mut harness = harness(store, View::Today);
    click(&mut harness, "Check in now");
    let chart = |h: &Harness<'_, ExitplanApp>| {
        h.get_by_label_contains("Check-in trend chart")
            .accesskit_node()
            .label()
            .unwrap_or_default()
    };
    assert_eq!(
        chart(&harness),
        format!("Check-in trend chart: overall rating over {before} weeks")
    );
    harness
        .get_by_label("Left out of important conversations")
        .click();
    click(&mut harness, "Doing everything alone");
    type_into(&mut harness, "Note", "Skipped from the roadmap review");
    click(&mut harness, "Record check-in");
    assert_eq!(
        chart(&harness),
        format!(
            "Check-in trend chart: overall rating over {} weeks",
            before + 1
        ),
        "one more point"
    );
    let latest = harness
        .state()
        .store
        .model()
        .plan()
        .check_ins()
        .last()
        .unwrap()
        .clone();
    assert_eq!(latest.fields.date, today());
    assert_eq!(latest.fields.signs.len(), 2);
    assert_eq!(latest.fields.note, "Skipped from the roadmap review");
    assert!(
        harness.query_by_label("Check in now").is_none(),
        "Today no longer asks"
    );
}

#[test]
fn capabilities_are_logged_and_exported() {
    let db = temp_db();
    let mut harness = harness(started(&db), View::Capabilities);
    type_into(&mut harness, "What you did", "Grew reach 38%");
    type_into(&mut harness, "Numbers", "+38% in six months");
    type_into(&mut harness, "Tags (comma-separated)", "analytics, growth");
    click(&mut harness, "Add entry");
    let list = harness
        .state()
        .store
        .model()
        .plan()
        .capabilities(false)
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].fields.tags, vec!["analytics", "growth"]);
    let out = db.dir.path().join("brag.md");
    let path_field = field(&harness, "Save as");
    path_field.click();
    harness.run();
    // Replace the default path with one in the test's folder.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    field(&harness, "Save as").type_text(&out.display().to_string());
    harness.run();
    click(&mut harness, "Export brag document");
    let md = std::fs::read_to_string(&out).expect("exported");
    assert!(
        md.contains("## analytics") && md.contains("### Grew reach 38%"),
        "{md}"
    );
    assert!(
        harness
            .query_by_label_contains("Brag document saved to")
            .is_some()
    );
}

#[test]
fn an_ask_is_recorded_with_whom_and_when() {
    let db = temp_db();
    let mut store = started(&db);
    add(&mut store, "David Brooks", None);
    // Tall enough that the asks card, below the check-in, is on screen.
    let mut harness = tall_harness(store, View::CheckIns, 1600.0);
    type_into(
        &mut harness,
        "What you need",
        "Budget for an analytics tool",
    );
    type_into(&mut harness, "Asked to", "david");
    click(&mut harness, "David Brooks");
    click(&mut harness, "Add ask");
    let asks: Vec<_> = harness
        .state()
        .store
        .model()
        .plan()
        .asks()
        .cloned()
        .collect();
    assert_eq!(asks.len(), 1);
    assert_eq!(asks[0].fields.what, "Budget for an analytics tool");
    assert!(asks[0].fields.asked_to.is_some());
    assert!(
        harness.query_by_label("to David Brooks").is_some(),
        "listed with whom"
    );
    // Opened for editing and left as it is: nothing is unsaved. A word typed is.
    click(&mut harness, "Edit ask: Budget for an analytics tool");
    assert!(!harness.state().has_unsaved_changes());
    type_into(&mut harness, "What you need", " and training");
    assert!(harness.state().has_unsaved_changes());
}

#[test]
fn the_table_sorts_by_fit_stage_age_and_next_action() {
    let db = temp_db();
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).unwrap();
    let mut harness = harness(store, View::Applications);
    click(&mut harness, "Table");
    let top_row = |h: &Harness<'_, ExitplanApp>| -> String {
        let companies: Vec<String> = h
            .state()
            .store
            .model()
            .plan()
            .applications()
            .map(|a| a.fields.company.clone())
            .collect();
        h.query_all_by_role(egui::accesskit::Role::Button)
            .filter_map(|n| {
                let label = n.accesskit_node().label()?;
                companies.contains(&label).then(|| (n.rect().top(), label))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, l)| l)
            .unwrap_or_default()
    };
    let plan = |h: &Harness<'_, ExitplanApp>| {
        let p = h.state().store.model().plan();
        let best = p
            .applications()
            .max_by_key(|a| (p.fit(a.id).and_then(|f| f.score), std::cmp::Reverse(a.id)))
            .unwrap()
            .fields
            .company
            .clone();
        let oldest = p
            .applications()
            .max_by_key(|a| (a.days_in_stage(today()), std::cmp::Reverse(a.id)))
            .unwrap()
            .fields
            .company
            .clone();
        let soonest = p
            .applications()
            .filter(|a| a.fields.next_action.is_some())
            .min_by_key(|a| (a.fields.next_action.as_ref().unwrap().due, a.id))
            .unwrap()
            .fields
            .company
            .clone();
        (best, oldest, soonest)
    };
    let (best, oldest, soonest) = plan(&harness);
    assert_eq!(
        top_row(&harness),
        best,
        "sorted by fit, best first, by default"
    );
    // A second click turns it round (⏶, low to high); the unscored stay last.
    click(&mut harness, "Fit");
    let worst = {
        let p = harness.state().store.model().plan();
        p.applications()
            .filter_map(|a| Some((p.fit(a.id)?.score?, a.id, a.fields.company.clone())))
            .min()
            .unwrap()
            .2
    };
    assert_eq!(top_row(&harness), worst, "worst fit first");
    assert!(!harness.state().state.application_sort.descending);
    click(&mut harness, "Days in stage");
    assert_eq!(top_row(&harness), oldest);
    click(&mut harness, "Next action");
    assert_eq!(top_row(&harness), soonest);
}

#[test]
fn the_funnel_and_time_in_stage_charts_count_the_pipeline() {
    let db = temp_db();
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).unwrap();
    let reached_applied = store
        .model()
        .plan()
        .applications()
        .filter(|a| a.reached(Stage::Applied))
        .count();
    let total = store.model().plan().applications().len();
    let mut harness = harness(store, View::Applications);
    click(&mut harness, "Charts");
    let funnel = harness
        .get_by_label_contains("Funnel chart")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(funnel.contains(&format!("Interested {total}")), "{funnel}");
    assert!(
        funnel.contains(&format!("Applied {reached_applied}")),
        "{funnel}"
    );
    assert!(
        harness
            .query_by_label_contains("Time in stage chart")
            .is_some()
    );
}
