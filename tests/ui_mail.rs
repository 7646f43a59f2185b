//! The Outbox and Settings views through egui_kittest, by accessible label, with the
//! accessibility check on: approving a flagged draft needs the per-draft override, and
//! sending runs on a worker with visible progress while frames keep coming, against a
//! real SMTP server on 127.0.0.1.

mod common;

use common::smtp::{Behaviour, Security, TestServer};
use common::ui::{click, field, type_into};
use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use exitplan::model::{CapabilityFields, ContactFields, OutboxStatus, Settings};
use exitplan::store::{Change, MailChange, PlanChange, Store};
use exitplan::ui::{ExitplanApp, View};

fn prepared(db: &TempDb, port: u16, people: usize) -> Store {
    let mut store = open(&db.path);
    store.apply(Change::FinishWelcome).unwrap();
    let mut settings = Settings::default();
    for (key, value) in [
        ("identity.name", "Sam Rivera"),
        ("identity.email", "sam@personal.example"),
        ("employer.name", "Northwind Outfitters"),
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", &port.to_string()),
        ("smtp.security", "none"),
        ("smtp.timeout_secs", "5"),
    ] {
        settings.set(key, value).unwrap();
    }
    store
        .apply(Change::SetSettings {
            base: exitplan::model::Revision::of(store.model().settings()),
            settings: Box::new(settings),
        })
        .unwrap();
    store
        .apply(Change::Plan(PlanChange::AddCapability(CapabilityFields {
            title: "the spring launch".into(),
            story: String::new(),
            numbers: "+38% reach".into(),
            tags: vec![],
            date: day("2026-10-01"),
            use_in_emails: true,
        })))
        .unwrap();
    // Added long enough ago that the cadence has run out: due today.
    store.set_clock(fixed_clock(day("2026-06-01")));
    for i in 0..people {
        store
            .apply(Change::AddContact(ContactFields {
                name: format!("Person {i}"),
                emails: vec![format!("p{i}@home.example")],
                cadence_days: Some(30),
                ..ContactFields::default()
            }))
            .unwrap();
    }
    store.set_clock(fixed_clock(today()));
    store
}

fn harness(store: Store, view: View) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, view, egui::vec2(1400.0, 900.0))
}

fn statuses(harness: &Harness<'_, ExitplanApp>) -> Vec<OutboxStatus> {
    harness
        .state()
        .store
        .model()
        .mail()
        .outbox()
        .filter(|e| e.contact().is_some())
        .map(|e| e.status)
        .collect()
}

/// Steps frames until `done` holds (the worker reports between frames).
fn run_until(
    harness: &mut Harness<'_, ExitplanApp>,
    what: &str,
    done: impl Fn(&Harness<'_, ExitplanApp>) -> bool,
) {
    for _ in 0..400 {
        if done(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
        harness.step();
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn approving_a_flagged_draft_needs_the_override() {
    let db = temp_db();
    // Port 9: nothing is sent in this test (the digest may try and fail quietly).
    let store = prepared(&db, 9, 1);
    let mut harness = harness(store, View::Outbox);
    // Opening the window drafted the due reminder.
    assert_eq!(statuses(&harness), vec![OutboxStatus::Draft]);
    field(&harness, "Body").click();
    harness.run();
    field(&harness, "Body").type_text(" PS: I attached my resume.");
    harness.run();
    harness.get_by_label_contains("1 discretion warning");
    click(&mut harness, "Approve");
    assert_eq!(
        statuses(&harness),
        vec![OutboxStatus::Draft],
        "a disabled Approve does nothing"
    );
    click(
        &mut harness,
        "I have read the warnings — approve this email anyway",
    );
    click(&mut harness, "Approve");
    assert_eq!(statuses(&harness), vec![OutboxStatus::Approved]);
    let entry = harness
        .state()
        .store
        .model()
        .mail()
        .outbox()
        .find(|e| e.contact().is_some())
        .unwrap()
        .clone();
    assert!(entry.lint_override);
    assert!(
        entry.body.contains("my resume"),
        "the edit was saved before approving"
    );
}

#[test]
fn sending_from_the_outbox_shows_progress_and_keeps_drawing() {
    let server = TestServer::start(Security::Plain);
    let db = temp_db();
    let store = prepared(&db, server.port, 3);
    let mut harness = harness(store, View::Outbox);
    // The window's own periodic run made and sent today's digest.
    run_until(&mut harness, "the digest", |_| server.received().len() == 1);
    run_until(&mut harness, "the worker to finish", |h| {
        h.state().status.text.starts_with("Sent ")
    });
    assert_eq!(
        server.received()[0].to,
        vec!["sam@personal.example".to_string()]
    );
    let drafts: Vec<_> = harness
        .state()
        .store
        .model()
        .mail()
        .outbox()
        .filter(|e| e.status == OutboxStatus::Draft)
        .map(|e| e.id)
        .collect();
    assert_eq!(drafts.len(), 3);
    for id in drafts {
        harness
            .state_mut()
            .store
            .apply(Change::Mail(MailChange::Approve {
                id,
                override_lint: false,
            }))
            .unwrap();
    }
    harness.run();
    server.set(Behaviour::Delay(300));
    harness.get_by_label("Send approved (3)").click();
    harness.step();
    harness.step();
    harness.get_by_label_contains("of 3…");
    run_until(&mut harness, "three sent emails", |h| {
        h.state().status.text == "Sent 3 email(s)."
    });
    assert_eq!(server.received().len(), 4);
    assert_eq!(statuses(&harness), vec![OutboxStatus::Sent; 3]);
    assert!(
        harness.query_by_label_contains("of 3…").is_none(),
        "the progress bar is gone"
    );
}

#[test]
fn settings_are_checked_field_by_field_and_saved() {
    let db = temp_db();
    let mut store = open(&db.path);
    store.apply(Change::FinishWelcome).unwrap();
    let mut harness = harness(store, View::Settings);
    type_into(
        &mut harness,
        "Employer's email domain (never written to or sent from)",
        "northwind.example",
    );
    type_into(
        &mut harness,
        "Your personal email address (emails are sent from it)",
        "sam@northwind.example",
    );
    click(&mut harness, "Save settings");
    harness.get_by_label_contains("employer's domain");
    assert_eq!(
        harness.state().store.model().settings(),
        &Settings::default(),
        "nothing saved"
    );
    field(
        &harness,
        "Your personal email address (emails are sent from it)",
    )
    .scroll_to_me();
    harness.run();
    field(
        &harness,
        "Your personal email address (emails are sent from it)",
    )
    .click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    field(
        &harness,
        "Your personal email address (emails are sent from it)",
    )
    .type_text("sam@personal.example");
    harness.run();
    click(&mut harness, "Save settings");
    let settings = harness.state().store.model().settings().clone();
    assert_eq!(settings.identity.email, "sam@personal.example");
    assert_eq!(settings.employer.domain, "northwind.example");

    let tags = "Cadence by tag, in days — for example: mentor=30, peer group=60";
    type_into(&mut harness, tags, "peer group=30, recruiter=often");
    click(&mut harness, "Save settings");
    harness.get_by_label_contains("'often' is not a number of days");
    assert!(
        harness
            .state()
            .store
            .model()
            .settings()
            .cadence
            .by_tag
            .is_empty()
    );
    field(&harness, tags).scroll_to_me();
    harness.run();
    field(&harness, tags).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&harness, tags).type_text("peer group=30, Recruiter=60");
    harness.run();
    click(&mut harness, "Save settings");
    let by_tag = harness
        .state()
        .store
        .model()
        .settings()
        .cadence
        .by_tag
        .clone();
    assert_eq!(by_tag.get("peer group"), Some(&30));
    assert_eq!(by_tag.get("recruiter"), Some(&60));
}

#[test]
fn the_template_editor_previews_live_and_names_the_error_line() {
    let db = temp_db();
    let store = prepared(&db, 9, 0);
    let mut harness = harness(store, View::Outbox);
    click(&mut harness, "Templates");
    harness.get_by_label_contains("Subject: ");
    field(&harness, "Body template").click();
    harness.run();
    field(&harness, "Body template").type_text("\n{{ oops");
    harness.run();
    harness.get_by_label_contains("Template error — body, line");
    assert!(
        harness.state().has_unsaved_changes(),
        "an edited template counts as unsaved"
    );
    click(&mut harness, "Save template");
    let stored = harness.state().store.model().mail().templates()[0].clone();
    assert!(
        !stored.body.contains("oops"),
        "a broken template is not saved"
    );
    click(&mut harness, "Revert");
    assert!(!harness.state().has_unsaved_changes());
    // A fill-in is added with a button, not typed in its {{ }} form.
    let before = stored.body.matches("{{ first_name }}").count();
    field(&harness, "Body template").click();
    harness.run();
    click(&mut harness, "First name");
    let body = field(&harness, "Body template").value().unwrap_or_default();
    assert_eq!(
        body.matches("{{ first_name }}").count(),
        before + 1,
        "{body}"
    );
    assert!(harness.state().has_unsaved_changes());
}

#[test]
fn today_points_to_drafts_waiting_in_the_outbox() {
    let db = temp_db();
    let store = prepared(&db, 9, 2);
    let mut harness = harness(store, View::Today);
    harness.get_by_label("2 reminder drafts to read and approve");
    click(&mut harness, "Open the Outbox");
    assert_eq!(harness.state().state.view, View::Outbox);
}

/// The window's sender meets a server that takes the whole email and hangs up: the
/// email waits under Needs review with the reason, and pressing Send again sends
/// nothing — as on the command line.
#[test]
fn an_email_the_server_may_have_is_left_for_review_by_the_window_too() {
    let server = common::smtp::HangUpServer::start();
    let db = temp_db();
    let store = prepared(&db, server.port, 1);
    let mut harness = harness(store, View::Outbox);
    // The window's periodic run makes today's digest (approved) and sends it.
    let digest = |h: &Harness<'_, ExitplanApp>| {
        h.state()
            .store
            .model()
            .mail()
            .outbox()
            .find(|e| e.contact().is_none())
            .map(|e| e.status)
    };
    run_until(&mut harness, "the digest to need review", |h| {
        digest(h) == Some(OutboxStatus::NeedsReview)
    });
    assert_eq!(server.received(), 1);
    harness.get_by_label_contains("Needs review (1)").click();
    harness.run();
    // The reason shows (in the toast and beside the email).
    assert!(
        harness
            .query_all_by_label_contains("may have been sent")
            .next()
            .is_some()
    );
    for _ in 0..20 {
        std::thread::sleep(std::time::Duration::from_millis(25));
        harness.step();
    }
    assert_eq!(server.received(), 1, "never sent again on its own");
    assert_eq!(digest(&harness), Some(OutboxStatus::NeedsReview));
}
