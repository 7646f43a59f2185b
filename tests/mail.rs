//! Reminder emails end to end through the library: drafting rules, the discretion lint
//! on approval, and sending through a real SMTP server on 127.0.0.1 (plaintext,
//! STARTTLS with a self-signed certificate, AUTH), with failure paths.

mod common;

use chrono::Days;
use common::smtp::{Behaviour, HangUpServer, Security as ServerSecurity, TestServer, closed_port};
use common::{add, day, fixed_clock, open, temp_db, today};
use exitplan::mail::run::{draft_due, make_digest, send_ready};
use exitplan::mail::smtp::{Mailer, MailerOptions, Secret};
use exitplan::model::{
    CapabilityFields, Circle, ContactFields, ContactId, Discretion, OutboxId, OutboxStatus,
    Settings,
};
use exitplan::store::{ApplyError, Change, MailChange, PlanChange, Store};
use proptest::prelude::*;

fn settings(port: u16) -> Settings {
    let mut s = Settings::default();
    s.set("identity.name", "Sam Rivera").unwrap();
    s.set("identity.email", "sam@personal.example").unwrap();
    s.set("identity.signature", "Sam").unwrap();
    s.set("employer.name", "Northwind Outfitters").unwrap();
    s.set("employer.domain", "northwind.example").unwrap();
    s.set("smtp.host", "127.0.0.1").unwrap();
    s.set("smtp.port", &port.to_string()).unwrap();
    s.set("smtp.security", "none").unwrap();
    s.set("smtp.timeout_secs", "2").unwrap();
    s
}

fn configure(store: &mut Store, settings: Settings) {
    store
        .apply(Change::SetSettings {
            base: exitplan::model::Revision::of(store.model().settings()),
            settings: Box::new(settings),
        })
        .unwrap();
}

fn capability(store: &mut Store, title: &str, date: &str) {
    store
        .apply(Change::Plan(PlanChange::AddCapability(CapabilityFields {
            title: title.into(),
            story: "The whole story.".into(),
            numbers: "+38% reach".into(),
            tags: vec![],
            date: day(date),
            use_in_emails: true,
        })))
        .unwrap();
}

fn person(
    store: &mut Store,
    name: &str,
    email: &str,
    edit: impl FnOnce(&mut ContactFields),
) -> ContactId {
    let mut fields = ContactFields {
        name: name.into(),
        emails: vec![email.into()],
        cadence_days: Some(30),
        ..ContactFields::default()
    };
    edit(&mut fields);
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

fn entries(store: &Store) -> Vec<exitplan::model::OutboxEntry> {
    store.model().mail().outbox().cloned().collect()
}

fn approve_all(store: &mut Store) {
    let drafts: Vec<OutboxId> = entries(store)
        .iter()
        .filter(|e| e.status == OutboxStatus::Draft)
        .map(|e| e.id)
        .collect();
    for id in drafts {
        store
            .apply(Change::Mail(MailChange::Approve {
                id,
                override_lint: false,
            }))
            .unwrap();
    }
}

fn mailer(store: &Store, password: Option<&Secret>, options: &MailerOptions) -> Mailer {
    Mailer::new(store.model().settings(), password, options).unwrap()
}

#[test]
fn drafts_go_only_where_the_rules_allow_and_never_twice() {
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(25));
    capability(&mut store, "the spring launch", "2026-10-01");
    let ada = person(&mut store, "Ada Lovelace", "ada@analytical.example", |_| {});
    let grace = person(&mut store, "Grace Hopper", "grace@navy.example", |f| {
        f.discretion = Some(Discretion::KnowsLooking)
    });
    person(&mut store, "Ines Inside", "ines@home.example", |f| {
        f.circle = Circle::Internal
    });
    person(
        &mut store,
        "Dan Domain",
        "dan@mail.northwind.example",
        |_| {},
    );
    person(&mut store, "Olga Org", "olga@home.example", |f| {
        f.organization = "Northwind Outfitters".into()
    });
    person(&mut store, "Nina Never", "nina@home.example", |f| {
        f.discretion = Some(Discretion::MustNotKnow)
    });
    person(&mut store, "Noel Noemail", "x@y.example", |f| {
        f.emails.clear()
    });
    person(&mut store, "Ned Notdue", "ned@home.example", |f| {
        f.cadence_days = None
    });

    let report = draft_due(&mut store).unwrap();
    assert_eq!(report.drafted, 2, "{report:?}");
    assert_eq!(report.skipped.get("internal contact"), Some(&1));
    assert_eq!(report.skipped.get("at your employer"), Some(&2));
    assert_eq!(report.skipped.get("must not know"), Some(&1));
    assert_eq!(report.skipped.get("no email address"), Some(&1));
    let drafted: Vec<ContactId> = entries(&store).iter().filter_map(|e| e.contact()).collect();
    assert_eq!(drafted, vec![ada, grace]);
    let first = &entries(&store)[0];
    assert_eq!(first.status, OutboxStatus::Draft);
    assert_eq!(first.to_address, "ada@analytical.example");
    assert!(first.body.starts_with("Hi Ada,"), "{}", first.body);
    assert!(first.body.contains("the spring launch"), "{}", first.body);
    assert!(first.message_id.ends_with("@personal.example>"));

    // Idempotent: running again the same day adds nothing.
    let again = draft_due(&mut store).unwrap();
    assert_eq!(again.drafted, 0);
    assert_eq!(again.skipped.get("a draft is already waiting"), Some(&2));
    drop(store);
    // …and so does reopening the file.
    let mut store = open(&db.path);
    assert_eq!(draft_due(&mut store).unwrap().drafted, 0);
    assert_eq!(entries(&store).len(), 2);

    // A discarded draft is not made again for the same due period.
    let id = entries(&store)[0].id;
    store.apply(Change::Mail(MailChange::Discard(id))).unwrap();
    let mail = store.model().mail();
    assert_eq!(
        (
            mail.count(OutboxStatus::Draft),
            mail.count(OutboxStatus::Discarded)
        ),
        (1, 1),
        "the per-status counts follow every change"
    );
    let after_discard = draft_due(&mut store).unwrap();
    assert_eq!(after_discard.drafted, 0);
    assert_eq!(
        after_discard
            .skipped
            .get("already drafted for this due date"),
        Some(&1)
    );
}

#[test]
fn naming_the_employer_later_protects_the_colleagues_already_stored() {
    let db = temp_db();
    let mut store = open(&db.path);
    let dan = person(&mut store, "Dan", "dan@northwind.example", |_| {});
    let olga = person(&mut store, "Olga", "olga@home.example", |f| {
        f.organization = "Northwind Outfitters".into()
    });
    let ada = person(&mut store, "Ada", "ada@analytical.example", |_| {});
    let level = |store: &Store, id| store.model().contact(id).unwrap().contact.fields.discretion;
    assert_eq!(
        level(&store, dan),
        Some(Discretion::CapabilitiesOnly),
        "no employer known yet"
    );
    configure(&mut store, settings(25));
    assert_eq!(level(&store, dan), Some(Discretion::MustNotKnow));
    assert_eq!(level(&store, olga), Some(Discretion::MustNotKnow));
    assert_eq!(level(&store, ada), Some(Discretion::CapabilitiesOnly));
}

fn edit_contact(store: &mut Store, id: ContactId, edit: impl FnOnce(&mut ContactFields)) {
    let contact = store.model().contact(id).unwrap().contact.clone();
    let mut fields = contact.fields.clone();
    edit(&mut fields);
    store
        .apply(Change::EditContact {
            id,
            base: exitplan::model::Revision::of(&contact),
            fields,
        })
        .unwrap();
}

/// Drafted and approved while each could hear from the user; then one became *must
/// not know*, one moved to the employer (by a spelling of its name) and one became
/// internal: right before sending each is withdrawn with the reason, nothing reaches
/// the server, and a draft in the same state cannot be approved.
#[test]
fn discretion_is_checked_again_at_approval_and_right_before_sending() {
    let server = TestServer::start(ServerSecurity::Plain);
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(server.port));
    capability(&mut store, "the spring launch", "2026-10-01");
    let ada = person(&mut store, "Ada", "ada@analytical.example", |_| {});
    let olga = person(&mut store, "Olga", "olga@home.example", |_| {});
    let gus = person(&mut store, "Gus", "gus@home.example", |_| {});
    let kim = person(&mut store, "Kim", "kim@home.example", |_| {});
    draft_due(&mut store).unwrap();
    let kim_draft = entries(&store)
        .into_iter()
        .find(|e| e.contact() == Some(kim))
        .unwrap()
        .id;
    let approve = |store: &mut Store, id| {
        store.apply(Change::Mail(MailChange::Approve {
            id,
            override_lint: false,
        }))
    };
    for entry in entries(&store) {
        if entry.id != kim_draft {
            approve(&mut store, entry.id).unwrap();
        }
    }
    edit_contact(&mut store, ada, |f| {
        f.discretion = Some(Discretion::MustNotKnow)
    });
    edit_contact(&mut store, olga, |f| {
        f.organization = "NORTHWIND OUTFITTERS, Inc.".into()
    });
    edit_contact(&mut store, gus, |f| f.circle = Circle::Internal);
    edit_contact(&mut store, kim, |f| {
        f.discretion = Some(Discretion::MustNotKnow)
    });

    let refused = approve(&mut store, kim_draft).unwrap_err();
    assert!(refused.to_string().contains("must not know"), "{refused}");

    let report = send_plain(&mut store);
    assert_eq!(report.sent, 0);
    assert_eq!(report.withdrawn.len(), 3, "{report:?}");
    assert!(server.received().is_empty(), "nothing reached the server");
    for entry in entries(&store).iter().filter(|e| e.id != kim_draft) {
        assert_eq!(entry.status, OutboxStatus::Discarded, "{entry:?}");
        let reason = entry.last_error.as_deref().unwrap();
        assert!(reason.starts_with("Withdrawn before sending"), "{reason}");
    }
    let reason = |id: ContactId| {
        entries(&store)
            .into_iter()
            .find(|e| e.contact() == Some(id))
            .and_then(|e| e.last_error)
            .unwrap()
    };
    assert!(reason(ada).contains("must not know"));
    assert!(reason(olga).contains("at your employer"));
    assert!(reason(gus).contains("internal"));
}

/// The employer's domain under every spelling: a trailing dot, full-width letters, a
/// subdomain; and '@@' is refused instead of clearing it.
#[test]
fn the_employers_domain_is_recognised_in_any_spelling() {
    let mut s = settings(25);
    s.set("employer.domain", "Northwind.Example.").unwrap();
    assert_eq!(s.employer.domain, "northwind.example");
    let refused = s.set("employer.domain", "@@").unwrap_err();
    assert!(refused.to_string().contains("not a domain"), "{refused}");
    assert_eq!(s.employer.domain, "northwind.example", "kept");
    for address in [
        "boss@ｎｏｒｔｈｗｉｎｄ.example",
        "Boss@NORTHWIND.example.",
        "it@mail.northwind.example",
    ] {
        assert!(s.employer.owns_address(address), "{address}");
    }
    // A coworker by organization, spelled differently, with a personal address: no
    // draft, and the new employer makes them must-not-know.
    let db = temp_db();
    let mut store = open(&db.path);
    capability(&mut store, "the spring launch", "2026-10-01");
    let coworker = person(&mut store, "Pat", "pat@home.example", |f| {
        f.organization = "Northwind Outfitters, Inc.".into()
    });
    let boss = person(
        &mut store,
        "Boss",
        "boss@ｎｏｒｔｈｗｉｎｄ.example",
        |_| {},
    );
    configure(&mut store, s);
    let report = draft_due(&mut store).unwrap();
    assert_eq!(report.drafted, 0, "{report:?}");
    for id in [coworker, boss] {
        assert_eq!(
            store.model().contact(id).unwrap().contact.fields.discretion,
            Some(Discretion::MustNotKnow)
        );
    }
}

#[test]
fn no_capability_for_emails_means_no_draft() {
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(25));
    person(&mut store, "Ada", "ada@analytical.example", |_| {});
    let report = draft_due(&mut store).unwrap();
    assert_eq!(report.drafted, 0);
    assert_eq!(
        report.skipped.get("no capability marked for emails"),
        Some(&1)
    );
}

#[test]
fn approved_drafts_go_out_once_over_one_plaintext_connection() {
    let server = TestServer::start(ServerSecurity::Plain);
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(server.port));
    capability(&mut store, "the spring launch", "2026-10-01");
    let ada = person(&mut store, "Ada Lovelace", "ada@analytical.example", |_| {});
    person(&mut store, "Grace Hopper", "grace@navy.example", |_| {});
    person(&mut store, "Katherine Johnson", "kj@nasa.example", |_| {});
    draft_due(&mut store).unwrap();
    approve_all(&mut store);
    let stored = entries(&store);

    let mailer = mailer(&store, None, &MailerOptions::default());
    let mut seen = Vec::new();
    let report = send_ready(&mut store, &mailer, |done, total| seen.push((done, total))).unwrap();
    assert_eq!(report.sent, 3, "{report:?}");
    assert_eq!(seen, vec![(1, 3), (2, 3), (3, 3)]);
    let received = server.received();
    assert_eq!(received.len(), 3);
    assert_eq!(server.helos(), 1, "one run reuses one connection");
    for (message, entry) in received.iter().zip(&stored) {
        assert_eq!(message.from, "sam@personal.example");
        assert_eq!(message.to, vec![entry.to_address.clone()]);
        assert_eq!(
            message.header("Message-ID").as_deref(),
            Some(entry.message_id.as_str())
        );
        assert_eq!(
            message.header("Subject").as_deref(),
            Some(entry.subject.as_str())
        );
        assert!(message.header("From").unwrap().contains("Sam Rivera"));
        assert_eq!(message.body().trim_end(), entry.body, "{}", message.data);
    }
    assert!(
        entries(&store)
            .iter()
            .all(|e| e.status == OutboxStatus::Sent)
    );

    // The send became a touchpoint: the clock restarted, so Ada is no longer due.
    let entry = store.model().contact(ada).unwrap();
    assert_eq!(entry.stats.last_touch, Some(today()));
    assert_eq!(entry.stats.reciprocity.gave, 1);
    assert!(
        store
            .model()
            .due_contacts(today())
            .iter()
            .all(|d| d.id != ada)
    );

    // Nothing is sent twice.
    let again = send_ready(&mut store, &mailer, |_, _| {}).unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(server.received().len(), 3);
}

#[test]
fn starttls_with_a_self_signed_certificate_and_auth() {
    let auth = Some(("sam".to_string(), "s3cret-pa55".to_string()));
    let server = TestServer::start(ServerSecurity::StartTls { auth });
    let db = temp_db();
    let mut store = open(&db.path);
    let mut s = settings(server.port);
    s.set("smtp.host", "localhost").unwrap();
    s.set("smtp.security", "starttls").unwrap();
    s.set("smtp.username", "sam").unwrap();
    configure(&mut store, s);
    capability(&mut store, "the spring launch", "2026-10-01");
    person(&mut store, "Ada Lovelace", "ada@analytical.example", |_| {});
    draft_due(&mut store).unwrap();
    approve_all(&mut store);
    let options = MailerOptions {
        extra_root_pem: server.certificate_pem.clone().map(String::into_bytes),
    };

    // A wrong password: failed, with the server's words, kept for later.
    let wrong = mailer(&store, Some(&Secret::new("nope")), &options);
    let report = send_ready(&mut store, &wrong, |_, _| {}).unwrap();
    assert_eq!(report.failed, 1);
    assert!(
        report.failures[0].1.contains("535"),
        "{:?}",
        report.failures
    );
    assert!(server.received().is_empty());
    let failed = &entries(&store)[0];
    assert_eq!(failed.status, OutboxStatus::Failed);

    // Without trusting the certificate, TLS refuses.
    store
        .apply(Change::Mail(MailChange::Approve {
            id: failed.id,
            override_lint: false,
        }))
        .unwrap();
    let untrusting = mailer(
        &store,
        Some(&Secret::new("s3cret-pa55")),
        &MailerOptions::default(),
    );
    let report = send_ready(&mut store, &untrusting, |_, _| {}).unwrap();
    assert_eq!(report.failed, 1, "{report:?}");
    assert!(server.received().is_empty());

    store
        .apply(Change::Mail(MailChange::Approve {
            id: failed.id,
            override_lint: false,
        }))
        .unwrap();
    let right = mailer(&store, Some(&Secret::new("s3cret-pa55")), &options);
    let report = send_ready(&mut store, &right, |_, _| {}).unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, vec!["ada@analytical.example".to_string()]);
    assert_eq!(
        received[0].header("Message-ID"),
        Some(entries(&store)[0].message_id.clone())
    );
}

fn send_plain(store: &mut Store) -> exitplan::mail::run::SendReport {
    let mailer = mailer(store, None, &MailerOptions::default());
    send_ready(store, &mailer, |_, _| {}).unwrap()
}

/// A store set up to send to `port` with a 1 s timeout, and a capability to mention.
fn ready_to_draft(port: u16) -> (common::TempDb, Store) {
    let db = temp_db();
    let mut store = open(&db.path);
    let mut s = settings(port);
    s.set("smtp.timeout_secs", "1").unwrap();
    configure(&mut store, s);
    capability(&mut store, "the spring launch", "2026-10-01");
    (db, store)
}

fn one_approved(port: u16) -> (common::TempDb, Store) {
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(port));
    capability(&mut store, "the spring launch", "2026-10-01");
    person(&mut store, "Ada Lovelace", "ada@analytical.example", |_| {});
    draft_due(&mut store).unwrap();
    approve_all(&mut store);
    (db, store)
}

#[test]
fn failures_keep_the_email_with_the_servers_words() {
    // Server down: retried later.
    let (_db, mut store) = one_approved(closed_port());
    let report = send_plain(&mut store);
    assert_eq!(report.failed, 1);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::Failed);
    assert!(
        entry.last_error.as_deref().unwrap().contains("retried"),
        "{entry:?}"
    );
    assert!(entry.retry_after.is_some());
    assert_eq!(entry.attempts, 1);
    assert!(entry.body.contains("spring launch"), "the words are kept");
    // Not before the backoff has passed…
    let again = send_plain(&mut store);
    assert_eq!(again.failed + again.sent, 0);

    // 5xx: permanent, not retried on its own.
    let server = TestServer::start(ServerSecurity::Plain);
    server.set(Behaviour::RejectRecipient);
    let (_db, mut store) = one_approved(server.port);
    let report = send_plain(&mut store);
    assert_eq!(report.failed, 1);
    let entry = entries(&store).remove(0);
    assert!(
        entry
            .last_error
            .as_deref()
            .unwrap()
            .contains("No such user"),
        "{entry:?}"
    );
    assert_eq!(entry.retry_after, None);
    assert!(server.received().is_empty());

    // 4xx at the end of DATA: temporary.
    server.set(Behaviour::TemporaryFailure);
    let (_db, mut store) = one_approved(server.port);
    send_plain(&mut store);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::Failed);
    assert!(
        entry
            .last_error
            .as_deref()
            .unwrap()
            .contains("Try again later"),
        "{entry:?}"
    );
    assert!(entry.retry_after.is_some());

    // A server that never answers the final dot: the timeout (2 s here) ends the wait,
    // and as the server has the whole email it may have been sent — needs review.
    server.set(Behaviour::Stall);
    let (_db, mut store) = one_approved(server.port);
    send_plain(&mut store);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::NeedsReview, "{entry:?}");
    assert!(entry.retry_after.is_none());
    let words = entry.last_error.unwrap().to_lowercase();
    assert!(words.contains("in time"), "{words}");
    assert!(words.contains("may have been sent"), "{words}");
}

/// The server reads the whole email and then says nothing (past `smtp.timeout_secs`),
/// or hangs up: the email may have been delivered, so it waits under Needs review and
/// no later run sends it again — the server has it once.
#[test]
fn an_email_the_server_took_without_answering_is_never_sent_twice() {
    let server = TestServer::start(ServerSecurity::Plain);
    server.set(Behaviour::SilentAfterData(4));
    let (_db, mut store) = one_approved(server.port);
    let report = send_plain(&mut store);
    assert_eq!((report.sent, report.failed), (0, 0));
    assert_eq!(report.needs_review.len(), 1);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::NeedsReview, "{entry:?}");
    assert!(
        entry
            .last_error
            .as_deref()
            .unwrap()
            .contains("may have been sent"),
        "{entry:?}"
    );
    assert_eq!(server.received().len(), 1);
    server.set(Behaviour::Accept);
    for later in 1..=3 {
        store.set_clock(fixed_clock(today() + Days::new(later)));
        assert_eq!(send_plain(&mut store).sent, 0, "a later run sends nothing");
    }
    assert_eq!(server.received().len(), 1, "delivered once");

    let hang_up = HangUpServer::start();
    let (_db, mut store) = one_approved(hang_up.port);
    send_plain(&mut store);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::NeedsReview, "{entry:?}");
    assert!(
        entry
            .last_error
            .as_deref()
            .unwrap()
            .contains("connection broke"),
        "{entry:?}"
    );
    store.set_clock(fixed_clock(today() + Days::new(1)));
    send_plain(&mut store);
    assert_eq!(hang_up.received(), 1, "delivered once");
}

/// Definite replies still decide before and to DATA: a 5xx to RCPT waits for the user,
/// a 4xx to the final dot is retried later; nothing of either was delivered.
#[test]
fn a_definite_reply_decides_and_a_dead_server_is_retried() {
    let server = TestServer::start(ServerSecurity::Plain);
    server.set(Behaviour::RejectRecipient);
    let (_db, mut store) = one_approved(server.port);
    send_plain(&mut store);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::Failed);
    assert!(entry.retry_after.is_none(), "waits for the user");
    server.set(Behaviour::TemporaryFailure);
    let (_db, mut store) = one_approved(server.port);
    send_plain(&mut store);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::Failed);
    assert!(entry.retry_after.is_some(), "retried later");
    assert!(server.received().is_empty());
}

#[test]
fn approving_a_flagged_draft_needs_the_override_and_edits_are_checked() {
    let (_db, mut store) = one_approved(25);
    let id = entries(&store)[0].id;
    store
        .apply(Change::Mail(MailChange::EditDraft {
            id,
            base: exitplan::model::Revision::of(&entries(&store)[0]),
            subject: "Quick question".into(),
            body: "Hi Ada, I attached my resume — I'm open to new opportunities.".into(),
        }))
        .unwrap();
    assert_eq!(
        entries(&store)[0].status,
        OutboxStatus::Draft,
        "an edit needs a fresh look"
    );
    let refused = store
        .apply(Change::Mail(MailChange::Approve {
            id,
            override_lint: false,
        }))
        .unwrap_err();
    assert!(refused.to_string().contains("my resume"), "{refused}");
    assert_eq!(entries(&store)[0].status, OutboxStatus::Draft);
    store
        .apply(Change::Mail(MailChange::Approve {
            id,
            override_lint: true,
        }))
        .unwrap();
    assert!(entries(&store)[0].lint_override);

    // Header injection: a subject with CR/LF is refused; nothing changes.
    let before = entries(&store)[0].clone();
    let injected = store.apply(Change::Mail(MailChange::EditDraft {
        id,
        base: exitplan::model::Revision::of(&before),
        subject: "Hello\r\nBcc: everyone@northwind.example".into(),
        body: "Hi".into(),
    }));
    assert!(matches!(injected, Err(ApplyError::Invalid(_))));
    assert_eq!(entries(&store)[0], before);
}

#[test]
fn header_injection_in_names_never_reaches_the_wire() {
    let server = TestServer::start(ServerSecurity::Plain);
    let (_db, store) = one_approved(server.port);
    let mailer = mailer(&store, None, &MailerOptions::default());
    let mut entry = entries(&store).remove(0);
    entry.to_name = "Ada\r\nBcc: boss@northwind.example".into();
    let error = mailer.message(&entry).unwrap_err();
    assert_eq!(error.failure, exitplan::mail::smtp::Failure::WaitForUser);
    assert!(error.message.contains("line break"), "{error}");
    let mut entry = entries(&store).remove(0);
    entry.to_address = "boss@northwind.example".into();
    assert!(
        mailer.message(&entry).is_err(),
        "never to the employer's domain"
    );
    let mut s = settings(server.port);
    assert!(s.set("identity.name", "Sam\nBcc: x@y.example").is_err());
    s.identity.email = "sam@northwind.example".into();
    assert!(
        Mailer::new(&s, None, &MailerOptions::default()).is_err(),
        "never from it"
    );
}

#[test]
fn an_interrupted_send_needs_review_and_the_user_decides() {
    let server = TestServer::start(ServerSecurity::Plain);
    let (db, mut store) = one_approved(server.port);
    let id = entries(&store)[0].id;
    store
        .apply(Change::Mail(MailChange::BeginSending(id)))
        .unwrap();
    drop(store); // the run stops here
    let mut store = open(&db.path);
    let entry = entries(&store).remove(0);
    assert_eq!(entry.status, OutboxStatus::NeedsReview);
    assert!(entry.last_error.unwrap().contains("Sent folder"));
    // Nothing goes out on its own.
    let mailer = mailer(&store, None, &MailerOptions::default());
    assert_eq!(send_ready(&mut store, &mailer, |_, _| {}).unwrap().sent, 0);
    assert!(server.received().is_empty());
    // "It was not sent": back in the queue, sent once.
    store
        .apply(Change::Mail(MailChange::Resolve {
            id,
            was_sent: false,
        }))
        .unwrap();
    assert_eq!(send_ready(&mut store, &mailer, |_, _| {}).unwrap().sent, 1);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn the_digest_goes_to_the_user_at_most_once_a_day() {
    let server = TestServer::start(ServerSecurity::Plain);
    let db = temp_db();
    let mut store = open(&db.path);
    let mut s = settings(server.port);
    s.set("digest.schedule", "daily").unwrap();
    s.set("digest.time", "00:00").unwrap();
    configure(&mut store, s);
    let ada = add(&mut store, "Ada Lovelace", Some(30));
    store
        .apply(Change::LogTouchpoint(common::touch(
            &[ada],
            today() - Days::new(30),
            exitplan::model::Direction::Gave,
        )))
        .unwrap();
    let first = make_digest(&mut store).unwrap();
    assert!(first.is_ok(), "{first:?}");
    let second = make_digest(&mut store).unwrap();
    assert!(second.unwrap_err().to_string().contains("already went out"));
    let mailer = mailer(&store, None, &MailerOptions::default());
    assert_eq!(send_ready(&mut store, &mailer, |_, _| {}).unwrap().sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, vec!["sam@personal.example".to_string()]);
    let body = received[0].body();
    assert!(body.contains("Ada Lovelace (due today)"), "{body}");
    assert!(!body.to_lowercase().contains("exitplan"), "{body}");
    // The next day, one more.
    store.set_clock(fixed_clock(today() + Days::new(1)));
    assert!(make_digest(&mut store).unwrap().is_ok());
    assert!(make_digest(&mut store).unwrap().is_err());
}

#[test]
fn highlights_rotate_across_sends_through_the_server() {
    let server = TestServer::start(ServerSecurity::Plain);
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(server.port));
    capability(&mut store, "alpha launch", "2026-10-01");
    capability(&mut store, "beta report", "2026-09-01");
    person(&mut store, "Ada Lovelace", "ada@analytical.example", |f| {
        f.auto_send = true
    });
    let mut titles = Vec::new();
    for cycle in 0..3u64 {
        store.set_clock(fixed_clock(today() + Days::new(31 * cycle)));
        let report = draft_due(&mut store).unwrap();
        assert_eq!(report.auto_approved, 1, "auto-send approves a clean draft");
        let mailer = mailer(&store, None, &MailerOptions::default());
        assert_eq!(send_ready(&mut store, &mailer, |_, _| {}).unwrap().sent, 1);
        let body = server.received().last().unwrap().body();
        titles.push(if body.contains("alpha launch") {
            "alpha"
        } else {
            "beta"
        });
    }
    assert_eq!(titles, vec!["alpha", "beta", "alpha"]);
}

fn arbitrary_contact() -> impl Strategy<Value = (bool, u8, bool, bool)> {
    // (internal, discretion 0..3 (3 = unset), employer address, employer organization)
    (any::<bool>(), 0u8..4, any::<bool>(), any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn never_a_draft_for_must_not_know_or_the_employer(contacts in prop::collection::vec(arbitrary_contact(), 1..8)) {
        let db = temp_db();
        let mut store = open(&db.path);
        configure(&mut store, settings(25));
        capability(&mut store, "the spring launch", "2026-10-01");
        let mut forbidden = Vec::new();
        for (i, (internal, level, employer_address, employer_org)) in contacts.iter().enumerate() {
            let email = if *employer_address {
                format!("p{i}@northwind.example")
            } else {
                format!("p{i}@home.example")
            };
            let discretion = [Discretion::KnowsLooking, Discretion::CapabilitiesOnly, Discretion::MustNotKnow]
                .get(usize::from(*level))
                .copied();
            let id = person(&mut store, &format!("Person {i}"), &email, |f| {
                if *internal {
                    f.circle = Circle::Internal;
                }
                if *employer_org {
                    f.organization = "Northwind Outfitters".into();
                }
                f.discretion = discretion;
            });
            if *internal || *employer_address || *employer_org || discretion == Some(Discretion::MustNotKnow) {
                forbidden.push(id);
            }
        }
        draft_due(&mut store).unwrap();
        for entry in entries(&store) {
            prop_assert!(!forbidden.contains(&entry.contact().unwrap()));
            prop_assert!(!entry.to_address.ends_with("northwind.example"));
        }
        prop_assert_eq!(entries(&store).len(), contacts.len() - forbidden.len());
    }
}

#[test]
fn schema_three_files_gain_templates_and_discretion_levels() {
    use exitplan::store::codec::{ContactFieldsV2, ContactV2, encode};
    use exitplan::store::tables;
    let db = temp_db();
    let (inside, outside) = {
        let mut store = open(&db.path);
        let inside = person(&mut store, "Ines", "ines@home.example", |f| {
            f.circle = Circle::Internal
        });
        let outside = person(&mut store, "Ada", "ada@home.example", |_| {});
        (inside, outside)
    };
    // Make it look like the previous release wrote it: version-2 contacts, no mail tables.
    {
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        for table in [tables::SETTINGS, tables::TEMPLATES] {
            assert!(txn.delete_table(table).unwrap());
        }
        {
            let mut contacts = txn.open_table(tables::CONTACTS).unwrap();
            for (id, name, internal) in [(inside, "Ines", true), (outside, "Ada", false)] {
                let old = ContactV2 {
                    id,
                    fields: ContactFieldsV2 {
                        name: name.into(),
                        emails: vec![format!("{}@home.example", name.to_lowercase())],
                        phones: vec![],
                        organization: String::new(),
                        title: String::new(),
                        how_we_met: String::new(),
                        tags: vec![],
                        circle: if internal {
                            Circle::Internal
                        } else {
                            Circle::External
                        },
                        trust: None,
                        shared_note: String::new(),
                        cadence_days: Some(30),
                        notes: String::new(),
                        links: vec![],
                    },
                    archived: false,
                    snoozed_until: None,
                    created: exitplan::model::Timestamp(0),
                    updated: exitplan::model::Timestamp(0),
                };
                contacts.insert(id.0, encode(2, &old).as_slice()).unwrap();
            }
        }
        txn.open_table(tables::META)
            .unwrap()
            .insert(tables::KEY_SCHEMA_VERSION, 3)
            .unwrap();
        txn.commit().unwrap();
    }
    let store = open(&db.path);
    let level = |id| store.model().contact(id).unwrap().contact.fields.discretion;
    assert_eq!(level(inside), Some(Discretion::MustNotKnow));
    assert_eq!(level(outside), Some(Discretion::CapabilitiesOnly));
    assert_eq!(store.model().mail().templates().len(), 3);
    assert!(std::fs::read_dir(db.dir.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".schema3-backup-")
    }));
}

#[test]
fn a_template_that_mentions_the_search_only_reaches_those_who_know() {
    let db = temp_db();
    let mut store = open(&db.path);
    configure(&mut store, settings(25));
    capability(&mut store, "the spring launch", "2026-10-01");
    let mut open_about_it = exitplan::model::EmailTemplate::parse(
        "open-about-it",
        "name: Open about it\naudience: capabilities\nsubject: News from me\n---\nHi {{ first_name }}, I'm looking for a new role — {{ highlight }}.",
    )
    .unwrap();
    let refused = store
        .apply(Change::Mail(MailChange::SaveTemplate {
            base: store
                .model()
                .mail()
                .template(&open_about_it.key)
                .map(exitplan::model::Revision::of),
            template: open_about_it.clone(),
        }))
        .unwrap_err();
    assert!(
        refused.to_string().contains("know you are looking"),
        "{refused}"
    );
    open_about_it.audience = Discretion::KnowsLooking;
    store
        .apply(Change::Mail(MailChange::SaveTemplate {
            base: store
                .model()
                .mail()
                .template(&(open_about_it).key)
                .map(exitplan::model::Revision::of),
            template: open_about_it,
        }))
        .unwrap();
    // A broken template is refused with its line.
    let mut broken = store.model().mail().template("catch-up").unwrap().clone();
    broken.body = "Hi\n\n{{ first_name ".into();
    let refused = store
        .apply(Change::Mail(MailChange::SaveTemplate {
            base: store
                .model()
                .mail()
                .template(&(broken).key)
                .map(exitplan::model::Revision::of),
            template: broken,
        }))
        .unwrap_err();
    assert!(refused.to_string().contains("line 3"), "{refused}");

    // Retire the defaults: only the new template is left.
    for key in ["catch-up", "recent-win", "ask-about-them"] {
        let mut t = store.model().mail().template(key).unwrap().clone();
        t.retired = true;
        store
            .apply(Change::Mail(MailChange::SaveTemplate {
                base: store
                    .model()
                    .mail()
                    .template(&(t).key)
                    .map(exitplan::model::Revision::of),
                template: t,
            }))
            .unwrap();
    }
    let knows = person(&mut store, "Kim Knows", "kim@home.example", |f| {
        f.discretion = Some(Discretion::KnowsLooking)
    });
    person(&mut store, "Cap Only", "cap@home.example", |_| {});
    let report = draft_due(&mut store).unwrap();
    assert_eq!(report.drafted, 1);
    assert_eq!(
        report.skipped.get("no template allowed for their level"),
        Some(&1)
    );
    let entry = entries(&store).remove(0);
    assert_eq!(entry.contact(), Some(knows));
    assert!(entry.body.contains("looking for a new role"));
}

/// After the last automatic attempt the words stop promising a retry.
#[test]
fn after_the_last_temporary_refusal_the_email_waits_and_says_so() {
    let server = TestServer::start(ServerSecurity::Plain);
    server.set(Behaviour::TemporaryFailure);
    let (_db, mut store) = one_approved(server.port);
    for attempt in 1..=exitplan::model::MAX_SEND_ATTEMPTS {
        store.set_clock(fixed_clock(today() + Days::new(u64::from(attempt))));
        assert_eq!(send_plain(&mut store).failed, 1, "attempt {attempt}");
    }
    let entry = entries(&store).remove(0);
    let words = entry.last_error.unwrap();
    assert!(words.contains("no longer retried"), "{words}");
    assert!(!words.contains("it will be retried"), "{words}");
    store.set_clock(fixed_clock(today() + Days::new(30)));
    assert_eq!(
        send_plain(&mut store).failed,
        0,
        "not tried again on its own"
    );
}

fn server_behaviour() -> impl Strategy<Value = Behaviour> {
    prop_oneof![
        4 => Just(Behaviour::Accept),
        2 => Just(Behaviour::RejectRecipient),
        3 => Just(Behaviour::TemporaryFailure),
        // Takes the whole message, then says nothing past the 1 s timeout.
        1 => Just(Behaviour::SilentAfterData(2)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// Whatever the server answers, run after run: no Message-ID is delivered twice,
    /// and every email ends sent, failed with the server's words, waiting to be sent,
    /// or under Needs review.
    #[test]
    fn whatever_the_server_answers_nothing_is_delivered_twice(
        runs in prop::collection::vec(server_behaviour(), 1..5)
    ) {
        static SERVER: std::sync::OnceLock<TestServer> = std::sync::OnceLock::new();
        let server = SERVER.get_or_init(|| TestServer::start(ServerSecurity::Plain));
        let (_db, mut store) = ready_to_draft(server.port);
        for (name, email) in [("Ada", "ada@a.example"), ("Grace", "grace@b.example")] {
            person(&mut store, name, email, |_| {});
        }
        draft_due(&mut store).unwrap();
        approve_all(&mut store);
        let ids: Vec<String> = entries(&store).iter().map(|e| e.message_id.clone()).collect();
        let before = server.received().len();
        for (day, behaviour) in runs.into_iter().enumerate() {
            server.set(behaviour);
            store.set_clock(fixed_clock(today() + Days::new(day as u64 + 1)));
            send_plain(&mut store);
        }
        server.set(Behaviour::Accept);
        let delivered: Vec<String> = server.received()[before..]
            .iter()
            .filter_map(|r| r.header("Message-ID"))
            .filter(|m| ids.iter().any(|id| m.contains(id.trim_matches(['<', '>']))))
            .collect();
        for id in &ids {
            let copies = delivered.iter().filter(|m| m.contains(id.trim_matches(['<', '>']))).count();
            prop_assert!(copies <= 1, "{id} delivered {copies} times");
        }
        for entry in entries(&store) {
            let settled = match entry.status {
                OutboxStatus::Sent | OutboxStatus::Approved | OutboxStatus::NeedsReview => true,
                OutboxStatus::Failed => entry.last_error.is_some(),
                _ => false,
            };
            prop_assert!(settled, "{entry:?}");
        }
    }
}

/// The window's sender and the command line's run are one protocol: the same server
/// answers (and a withdrawal) leave the same outbox states and the same tally, whichever
/// sends.
#[test]
fn the_window_and_the_command_line_send_the_same_way() {
    use exitplan::ui::send_job::SendJob;
    let server = TestServer::start(ServerSecurity::Plain);
    // Three approved emails; Grace becomes "must not know" after approval.
    let prepared = || {
        let (db, mut store) = ready_to_draft(server.port);
        let mut ids = Vec::new();
        for (name, email) in [
            ("Ada Lovelace", "ada@analytical.example"),
            ("Grace Hopper", "grace@navy.example"),
            ("Katherine Johnson", "kj@langley.example"),
        ] {
            ids.push(person(&mut store, name, email, |_| {}));
        }
        draft_due(&mut store).unwrap();
        approve_all(&mut store);
        edit_contact(&mut store, ids[1], |f| {
            f.discretion = Some(Discretion::MustNotKnow)
        });
        (db, store)
    };
    let states = |store: &Store| -> Vec<(String, OutboxStatus, u32, bool)> {
        let mut states: Vec<_> = entries(store)
            .into_iter()
            .map(|e| {
                (
                    e.to_name.clone(),
                    e.status,
                    e.attempts,
                    e.last_error.is_some(),
                )
            })
            .collect();
        states.sort_by(|a, b| a.0.cmp(&b.0));
        states
    };
    for behaviour in [
        Behaviour::Accept,
        Behaviour::RejectRecipient,
        Behaviour::TemporaryFailure,
        Behaviour::SilentAfterData(2),
    ] {
        server.set(behaviour.clone());
        let (_cli_db, mut by_cli) = prepared();
        let cli_report = send_plain(&mut by_cli);

        let (_window_db, mut by_window) = prepared();
        let ready = by_window
            .model()
            .mail()
            .ready_to_send(by_window.clock().now());
        let settings = by_window.model().settings().clone();
        let mut job = SendJob::start(
            &eframe::egui::Context::default(),
            settings,
            by_window.path().to_path_buf(),
            ready,
        );
        let started = std::time::Instant::now();
        while !job.is_finished() {
            job.poll(&mut by_window);
            assert!(started.elapsed().as_secs() < 60, "the window's job ends");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(job.summary.setup_error, None);
        assert_eq!(job.summary.commit_error, None);
        assert_eq!(
            states(&by_window),
            states(&by_cli),
            "{behaviour:?}: the same outbox states"
        );
        assert_eq!(
            job.summary.report, cli_report,
            "{behaviour:?}: the same tally"
        );
        assert_eq!(
            cli_report.withdrawn.len(),
            1,
            "{behaviour:?}: Grace withdrawn"
        );
    }
    server.set(Behaviour::Accept);
}

/// The message and its final dot go to the server in one write (no wait for a delayed
/// ACK on every email), dot-stuffed: a line of the body that begins with a dot, or is
/// a lone dot, arrives as written and does not end the message early.
#[test]
fn lines_beginning_with_a_dot_arrive_as_written() {
    let server = TestServer::start(ServerSecurity::Plain);
    let (_db, mut store) = one_approved(server.port);
    let entry = entries(&store).remove(0);
    let body = "Hi Ada,\n.NET came up again today.\n.\n..and so did you.\nBest, Sam";
    store
        .apply(Change::Mail(MailChange::EditDraft {
            id: entry.id,
            base: exitplan::model::Revision::of(&entry),
            subject: entry.subject.clone(),
            body: body.into(),
        }))
        .unwrap();
    approve_all(&mut store);
    let report = send_plain(&mut store);
    assert_eq!(report.sent, 1, "{report:?}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let text = received[0].data.replace("\r\n", "\n");
    for line in [
        ".NET came up again today.",
        "\n.\n",
        "..and so did you.",
        "Best, Sam",
    ] {
        assert!(text.contains(line), "{line:?} not in {text:?}");
    }
    assert!(!text.contains("..NET"), "{text:?}");
}
