//! Warm paths, the baseline, follow-up rhythms and warmth in the real window, through
//! egui_kittest by accessible label with the accessibility check on.

mod common;

use chrono::Days;
use common::ui::{click, type_into};
use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use exitplan::model::{
    ApplicationFields, ApplicationId, ContactId, ContactRole, CriterionFields, CriterionId,
    CriterionKind, Direction, Rating, Stage, Warmth,
};
use exitplan::store::{Change, PlanChange, Store};
use exitplan::ui::{ExitplanApp, View};

fn harness(store: Store, view: View) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, view, egui::vec2(1400.0, 1000.0))
}

fn started(db: &TempDb) -> Store {
    let mut store = open(&db.path);
    store.apply(Change::FinishWelcome).unwrap();
    store
}

fn add_contact(store: &mut Store, name: &str, org: &str, email: &str) -> ContactId {
    let mut fields = contact(name);
    fields.organization = org.into();
    if !email.is_empty() {
        fields.emails = vec![email.into()];
    }
    fields.cadence_days = Some(30);
    // Added long enough ago that the cadence has run out: due today.
    store.set_clock(fixed_clock(day("2026-06-01")));
    let id = store
        .apply(Change::AddContact(fields))
        .unwrap()
        .contact_id()
        .unwrap();
    store.set_clock(fixed_clock(today()));
    id
}

fn add_application(
    store: &mut Store,
    company: &str,
    contacts: Vec<(ContactId, ContactRole)>,
) -> ApplicationId {
    let fields = ApplicationFields {
        company: company.into(),
        role: "Head of Social".into(),
        contacts,
        ..ApplicationFields::default()
    };
    let outcome = store
        .apply(Change::Plan(PlanChange::AddApplication {
            fields,
            stage: Stage::Interested,
            on: today(),
        }))
        .unwrap();
    ApplicationId(outcome.new_id().unwrap())
}

#[test]
fn a_warm_path_shows_on_the_application_on_today_and_in_who_do_i_know() {
    let db = temp_db();
    let mut store = started(&db);
    let priya = add_contact(&mut store, "Priya Raman", "Brightwave Media, Inc.", "");
    add_contact(&mut store, "Tom Okafor", "", "tom@brightwave.example");
    add_contact(&mut store, "Sam Other", "Northwind", "sam@gmail.com");
    store
        .apply(Change::LogTouchpoint(touch(
            &[priya],
            day("2026-11-20"),
            Direction::Mutual,
        )))
        .unwrap();
    let app = add_application(&mut store, "brightwave media", vec![]);
    let mut harness = harness(store, View::Today);
    // Today: a new application with someone to ask.
    assert!(
        harness
            .query_by_label("Ask Priya about brightwave media")
            .is_some()
    );
    click(&mut harness, "Open the application at brightwave media");
    assert_eq!(harness.state().applications_selected(), Some(app));
    harness.get_by_label("Warm path: Priya Raman");
    harness.get_by_label("Warm path: Tom Okafor");
    assert!(harness.query_by_label("Warm path: Sam Other").is_none());
    // Priya is warm (in touch four days ago), Tom cold (never touched, due since added).
    assert!(harness.query_all_by_label("Warm").count() >= 1);
    // "Who do I know at…" with a domain.
    click(&mut harness, "Close");
    type_into(&mut harness, "Who do I know at…", "brightwave.example");
    harness.get_by_label("Warm path: Priya Raman");
    click(&mut harness, "Clear");
    type_into(&mut harness, "Who do I know at…", "Nowhere Inc");
    assert!(harness.query_by_label("Warm path: Priya Raman").is_none());
    harness.get_by_label("Nobody in your network is at Nowhere Inc yet.");
    click(&mut harness, "Clear");
    // Half a name finds them too, and says which company it found.
    type_into(&mut harness, "Who do I know at…", "bright");
    harness.get_by_label("Warm path: Priya Raman");
    harness.get_by_label("works there (Brightwave Media, Inc.)");
    click(&mut harness, "Clear");
    // Linking Priya to the application takes it off Today's "who to ask".
    let store = &mut harness.state_mut().store;
    let mut fields = store
        .model()
        .plan()
        .application(app)
        .unwrap()
        .fields
        .clone();
    fields.contacts.push((priya, ContactRole::Referrer));
    store
        .apply(Change::Plan(PlanChange::EditApplication {
            id: app,
            base: exitplan::model::Revision::of(store.model().plan().application(app).unwrap()),
            fields,
        }))
        .unwrap();
    click(&mut harness, "Today");
    assert!(
        harness
            .query_by_label("Ask Priya about brightwave media")
            .is_none()
    );
}

#[test]
fn the_baseline_line_and_each_difference_show() {
    let db = temp_db();
    let mut store = started(&db);
    let add = |store: &mut Store, text: &str, kind| {
        CriterionId(
            store
                .apply(Change::Plan(PlanChange::AddCriterion(CriterionFields {
                    text: text.into(),
                    kind,
                    category: None,
                })))
                .unwrap()
                .new_id()
                .unwrap(),
        )
    };
    let must = add(
        &mut store,
        "Leadership funds social",
        CriterionKind::MustHave,
    );
    let nice = add(
        &mut store,
        "Time for courses",
        CriterionKind::NiceToHave { weight: 5 },
    );
    let app = add_application(&mut store, "Brightwave Media", vec![]);
    for (criterion, rating) in [(must, Rating::Met), (nice, Rating::Met)] {
        store
            .apply(Change::Plan(PlanChange::RateApplication {
                id: app,
                criterion,
                rating,
            }))
            .unwrap();
    }
    let mut harness = harness(store, View::DreamJob);
    // Rate the current job in Dream job.
    click(&mut harness, "Current job: Leadership funds social");
    click(&mut harness, "Met");
    click(&mut harness, "Current job: Time for courses");
    click(&mut harness, "Not met");
    let baseline = harness
        .state()
        .store
        .model()
        .plan()
        .baseline_fit()
        .score
        .unwrap();
    assert_eq!(baseline, 50);
    harness.get_by_label("Staying put: 50");
    click(&mut harness, "Applications");
    harness.get_by_label("Staying put");
    harness.get_by_label("fit 50");
    harness.get_by_label("fit 100 (+50)");
    click(&mut harness, "Table");
    harness.get_by_label("+50");
    harness.get_by_label("your current job");
    click(&mut harness, "Board");
    click(&mut harness, "Brightwave Media");
    harness.get_by_label("staying put 50 · this one 100, +50");
}

#[test]
fn a_rhythm_follow_up_appears_after_applying_and_done_schedules_the_next() {
    let db = temp_db();
    let mut store = started(&db);
    let priya = add_contact(&mut store, "Priya Raman", "Quarry", "");
    let app = add_application(
        &mut store,
        "Brightwave Media",
        vec![(priya, ContactRole::Referrer)],
    );
    // Follow up the same day, then every 7 days, three times.
    let mut settings = store.model().settings().clone();
    settings
        .set(
            "rhythm.applied",
            "after 0 every 7 times 3: Nudge the recruiter",
        )
        .unwrap();
    store
        .apply(Change::SetSettings {
            base: exitplan::model::Revision::of(store.model().settings()),
            settings: Box::new(settings),
        })
        .unwrap();
    let mut harness = harness(store, View::Applications);
    click(&mut harness, "Move Brightwave Media on to Applied");
    click(&mut harness, "Today");
    let done = "Follow-up done: Nudge the recruiter (Brightwave Media — Head of Social)";
    harness.get_by_label(done);
    harness.get_by_label_contains("1 of 3");
    click(&mut harness, done);
    assert!(
        harness.query_by_label(done).is_none(),
        "the next one is a week away"
    );
    let model = harness.state().store.model();
    let application = model.plan().application(app).unwrap();
    let next = exitplan::model::next_follow_up(application, &model.settings().rhythms).unwrap();
    assert_eq!(next.due, today().checked_add_days(Days::new(7)).unwrap());
    assert_eq!(next.step, 2);
    let priya_entry = model.contact(priya).unwrap();
    assert_eq!(
        priya_entry.stats.touchpoints, 1,
        "done logged a touchpoint with Priya"
    );
    assert_eq!(priya_entry.stats.last_touch, Some(today()));
}

#[test]
fn warmth_shows_as_a_word_and_filters_the_contacts() {
    let db = temp_db();
    let mut store = started(&db);
    let warm = add(&mut store, "Wanda Warm", Some(30));
    let cold = add(&mut store, "Colin Cold", Some(30));
    let ago = |n| today().checked_sub_days(Days::new(n)).unwrap();
    store
        .apply(Change::LogTouchpoint(touch(
            &[warm],
            ago(3),
            Direction::Gave,
        )))
        .unwrap();
    store
        .apply(Change::LogTouchpoint(touch(
            &[cold],
            ago(70),
            Direction::Gave,
        )))
        .unwrap();
    assert_eq!(
        store.model().contact(cold).unwrap().warmth(today()),
        Warmth::Cold
    );
    let mut harness = harness(store, View::Contacts);
    harness.get_by_label("Warm");
    harness.get_by_label("Cold");
    click(&mut harness, "Warmth filter");
    harness
        .get_all_by_label("Cold")
        .find(|n| n.accesskit_node().toggled().is_some())
        .expect("the Cold option")
        .click();
    harness.run();
    assert!(harness.query_by_label("Wanda Warm").is_none());
    harness.get_by_label("Colin Cold");
    // Snooze until a date from the contact's detail: off the due list, as cold as before.
    click(&mut harness, "Colin Cold");
    click(&mut harness, "Snooze Colin Cold");
    click(&mut harness, "For a month");
    let entry = harness.state().store.model().contact(cold).unwrap();
    assert_eq!(
        entry.contact.snoozed_until,
        today().checked_add_days(Days::new(30))
    );
    assert_eq!(
        entry.warmth(today()),
        Warmth::Cold,
        "a snooze does not warm"
    );
    assert!(
        entry.next_due > Some(today()),
        "but hides her from the due list"
    );
}

#[test]
fn f1_shows_every_shortcut_and_escape_closes_it() {
    let db = temp_db();
    let mut harness = harness(started(&db), View::Today);
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    harness.key_press(egui::Key::F1);
    harness.run();
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label("Ctrl+Shift+H");
    harness.get_by_label("Privacy screen: hide every name, email and note");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    // The privacy shortcut from the keyboard alone.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::H,
    );
    harness.run();
    harness.get_by_label("Show everything");
}

#[test]
fn privacy_circle_cadences_and_rhythms_are_edited_in_settings() {
    let db = temp_db();
    let mut harness = harness(started(&db), View::Settings);
    let replace = |harness: &mut Harness<'static, ExitplanApp>, label: &str, text: &str| {
        common::ui::field(harness, label).scroll_to_me();
        harness.run();
        common::ui::field(harness, label).click();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        common::ui::field(harness, label).type_text(text);
        harness.run();
    };
    replace(
        &mut harness,
        "Window title (shown in the task bar; e.g. Notes)",
        "Notes",
    );
    replace(
        &mut harness,
        "Privacy screen after this many idle minutes (0 = never)",
        "5",
    );
    replace(
        &mut harness,
        "Default cadence inside the employer (days, or none)",
        "14",
    );
    // A rhythm is chosen, not typed as a formula: follow up when screening, 3 days in.
    click(&mut harness, "Follow up at the screening stage");
    let days = "Days before the first follow-up at the screening stage";
    harness.get_by_label(days).scroll_to_me();
    harness.run();
    harness.get_by_label(days).click();
    harness.run();
    // Clicked, it shows its number selected: typing replaces it.
    harness.get_by_label(days).type_text("3");
    harness.key_press(egui::Key::Enter);
    harness.run();
    replace(
        &mut harness,
        "What to do at the screening stage",
        "Ask how it went",
    );
    harness.get_by_label_contains("3 days later");
    harness.get_by_label("Save settings").scroll_to_me();
    harness.run();
    click(&mut harness, "Save settings");
    let settings = harness.state().store.model().settings().clone();
    assert_eq!(settings.privacy.window_title, "Notes");
    assert_eq!(settings.privacy.idle_minutes, 5);
    assert_eq!(settings.circle_cadence.internal_days, Some(14));
    let rule = settings.rhythms.for_stage(Stage::Screening).unwrap();
    assert_eq!(rule.what, "Ask how it went");
    assert_eq!(rule.start, exitplan::model::RhythmStart::AfterDays(3));
    assert_eq!((rule.every_days, rule.times), (0, 1));
    // Repeats: every 7 days (the first offered), three in all; and none at an offer.
    click(&mut harness, "Repeat follow-ups at the screening stage");
    click(&mut harness, "Follow up at the offer stage");
    harness.get_by_label("Save settings").scroll_to_me();
    harness.run();
    click(&mut harness, "Save settings");
    let rhythms = harness.state().store.model().settings().rhythms.clone();
    let screening = rhythms.for_stage(Stage::Screening).unwrap();
    assert_eq!((screening.every_days, screening.times), (7, 3));
    assert!(rhythms.for_stage(Stage::Offer).is_none());
}
