//! The JSON backup and restore: every table round-trips (the demo data, the outbox,
//! settings and rotation state; random contacts and touchpoints by property test),
//! restore goes only into an empty database, a bad file changes nothing, and the SMTP
//! password is never in a backup.

mod common;

use common::cli::{exitplan, stdout};
use common::{open, temp_db, today};
use exitplan::model::{ContactFields, Direction, TouchpointFields, TouchpointKind};
use exitplan::store::{Backup, Change, Store};
use predicates::prelude::*;
use proptest::prelude::*;

/// A backup without the moment it was taken, for comparing two.
fn comparable(mut backup: Backup) -> Backup {
    backup.created.clear();
    backup
}

fn restored(backup: &Backup) -> (common::TempDb, Store) {
    let db = temp_db();
    let mut store = open(&db.path);
    store
        .apply(Change::Restore(Box::new(backup.clone())))
        .expect("restore");
    (db, store)
}

#[test]
fn the_demo_data_with_its_outbox_round_trips_through_a_backup() {
    let db = temp_db();
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).unwrap();
    exitplan::mail::run::draft_due(&mut store).unwrap();
    let first = store.model().mail().outbox().next().unwrap().id;
    store
        .apply(Change::Mail(exitplan::store::MailChange::Discard(first)))
        .unwrap();
    let backup = store.backup().unwrap();
    assert!(backup.contacts.len() == 38 && backup.touchpoints.len() == 150);
    assert!(!backup.outbox.is_empty() && !backup.templates.is_empty());

    let (_copy, restored) = restored(&backup);
    assert_eq!(
        comparable(restored.backup().unwrap()),
        comparable(backup.clone())
    );
    // Derived state is rebuilt the same: figures, due list, follow-ups, drafting.
    let (a, b) = (store.model(), restored.model());
    for (x, y) in a.contacts().iter().zip(b.contacts()) {
        assert_eq!(x.contact, y.contact);
        assert_eq!(x.stats, y.stats, "{}", x.name());
        assert_eq!(x.next_due, y.next_due);
    }
    assert_eq!(a.due_contacts(today()), b.due_contacts(today()));
    assert_eq!(
        a.due_follow_ups(today()).len(),
        b.due_follow_ups(today()).len()
    );
    let mut restored = restored;
    assert_eq!(
        exitplan::mail::run::draft_due(&mut restored)
            .unwrap()
            .drafted,
        0,
        "the restored outbox still knows what was drafted"
    );
}

#[test]
fn restore_goes_only_into_an_empty_database_and_bad_files_change_nothing() {
    let db = temp_db();
    {
        let mut store = open(&db.path);
        exitplan::demo::write_demo(&mut store).unwrap();
    }
    let file = db.dir.path().join("backup.json");
    let out = stdout(
        exitplan(&db.path)
            .args(["export", "json", "--out"])
            .arg(&file),
    );
    assert!(out.contains("38 contacts, 150 touchpoints"), "{out}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    exitplan(&db.path)
        .arg("restore")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty database only"));
    assert_eq!(open(&db.path).model().contact_count(), 38);

    let fresh = temp_db();
    let restored = stdout(exitplan(&fresh.path).arg("restore").arg(&file));
    assert!(
        restored.contains("Restored 38 contacts and 150 touchpoints"),
        "{restored}"
    );
    assert_eq!(
        comparable(open(&fresh.path).backup().unwrap()),
        comparable(open(&db.path).backup().unwrap())
    );

    let empty = temp_db();
    for (name, bytes) in [
        ("truncated.json", {
            let text = std::fs::read(&file).unwrap();
            text[..text.len() / 2].to_vec()
        }),
        (
            "other.json",
            br#"{"format": "something-else", "version": 1}"#.to_vec(),
        ),
        ("binary.json", vec![0xff, 0x00, 0x13, 0x37]),
    ] {
        let bad = empty.dir.path().join(name);
        std::fs::write(&bad, bytes).unwrap();
        exitplan(&empty.path)
            .arg("restore")
            .arg(&bad)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("nothing was restored")
                    .or(predicate::str::contains("not an exitplan backup")),
            );
    }
    let wrong_format = {
        let mut backup = open(&db.path).backup().unwrap();
        backup.format = "something-else".into();
        backup
    };
    let mut store = open(&empty.path);
    let refused = store
        .apply(Change::Restore(Box::new(wrong_format)))
        .unwrap_err();
    assert!(refused.to_string().contains("not an exitplan backup"));
    assert!(store.model().is_empty());
}

#[test]
fn the_smtp_password_is_never_in_a_backup() {
    let db = temp_db();
    let password = "never-in-a-backup-7f3a";
    exitplan(&db.path)
        .args(["settings", "set", "smtp.username", "sam"])
        .assert()
        .success();
    exitplan(&db.path)
        .args(["smtp", "password"])
        .write_stdin(password)
        .assert()
        .success();
    let file = db.dir.path().join("backup.json");
    stdout(
        exitplan(&db.path)
            .args(["export", "json", "--out"])
            .arg(&file),
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"username\":\"sam\""));
    assert!(!text.contains(password));
}

fn contact_strategy() -> impl Strategy<Value = ContactFields> {
    (
        "[A-Za-zÀ-ÿ一-龥 ]{1,20}",
        proptest::option::of(1u32..400),
        any::<bool>(),
        "[a-z]{0,8}",
    )
        .prop_map(|(name, cadence, internal, tag)| ContactFields {
            name: if name.trim().is_empty() {
                "X".into()
            } else {
                name
            },
            cadence_days: cadence,
            circle: if internal {
                exitplan::model::Circle::Internal
            } else {
                exitplan::model::Circle::External
            },
            tags: if tag.is_empty() { vec![] } else { vec![tag] },
            notes: "line one\nline \"two\" — ✓".into(),
            ..ContactFields::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn random_contacts_and_touchpoints_round_trip(
        contacts in prop::collection::vec(contact_strategy(), 1..12),
        touches in prop::collection::vec((0usize..12, 0u64..700, 0u8..3), 0..30),
    ) {
        let db = temp_db();
        let mut store = open(&db.path);
        let mut ids = Vec::new();
        for fields in contacts {
            ids.push(store.apply(Change::AddContact(fields)).unwrap().contact_id().unwrap());
        }
        for (who, days_ago, direction) in touches {
            let direction = [Direction::Gave, Direction::Received, Direction::Mutual][usize::from(direction)];
            store.apply(Change::LogTouchpoint(TouchpointFields {
                contacts: vec![ids[who % ids.len()]],
                date: today() - chrono::Days::new(days_ago),
                time: None,
                kind: TouchpointKind::Call,
                direction,
                summary: "Call".into(),
                follow_up: None,
            })).unwrap();
        }
        let backup = store.backup().unwrap();
        let json = serde_json::to_string(&backup).unwrap();
        let read: Backup = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&read, &backup);
        let (_copy, restored) = restored(&read);
        prop_assert_eq!(comparable(restored.backup().unwrap()), comparable(backup));
        for (x, y) in store.model().contacts().iter().zip(restored.model().contacts()) {
            prop_assert_eq!(x.stats, y.stats);
            prop_assert_eq!(x.next_due, y.next_due);
        }
    }
}

#[test]
fn an_encrypted_backup_restores_only_with_its_passphrase() {
    let db = temp_db();
    {
        let mut store = open(&db.path);
        exitplan::demo::write_demo(&mut store).unwrap();
    }
    let file = db.dir.path().join("backup.age");
    exitplan(&db.path)
        .args(["export", "json", "--encrypt", "--out"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("EXITPLAN_BACKUP_PASSPHRASE"));
    assert!(!file.exists(), "nothing written without a passphrase");
    stdout(
        exitplan(&db.path)
            .args(["export", "json", "--encrypt", "--out"])
            .arg(&file)
            .env("EXITPLAN_BACKUP_PASSPHRASE", "correct horse battery"),
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(
        !bytes.windows(11).any(|w| w == b"Priya Raman"),
        "no contact name in the clear"
    );
    let fresh = temp_db();
    exitplan(&fresh.path)
        .arg("restore")
        .arg(&file)
        .env("EXITPLAN_BACKUP_PASSPHRASE", "wrong")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("wrong passphrase"));
    assert!(open(&fresh.path).model().is_empty());
    stdout(
        exitplan(&fresh.path)
            .arg("restore")
            .arg(&file)
            .env("EXITPLAN_BACKUP_PASSPHRASE", "correct horse battery"),
    );
    assert_eq!(
        comparable(open(&fresh.path).backup().unwrap()),
        comparable(open(&db.path).backup().unwrap())
    );
}

/// Crafted backups are refused with the field named, and nothing is written: a
/// `next_id` near the end of the id space (the next contact would have wrapped onto
/// contact 1), an id used twice, a touchpoint naming a contact that is not there.
#[test]
fn a_crafted_backup_is_refused_before_anything_is_written() {
    let db = temp_db();
    let store = common::demo_store(&db);
    let good = store.backup().unwrap();
    drop(store);
    let refused = |backup: Backup, field: &str| {
        let target = temp_db();
        let mut store = open(&target.path);
        let error = store
            .apply(Change::Restore(Box::new(backup)))
            .unwrap_err()
            .to_string();
        assert!(error.contains(field), "{field}: {error}");
        assert!(store.model().is_empty(), "{field}: nothing restored");
    };
    let mut wrapping = good.clone();
    wrapping.next_id = u64::MAX - 1;
    refused(wrapping, "next_id");
    let mut twice = good.clone();
    twice.touchpoints[0].id = exitplan::model::TouchpointId(twice.contacts[0].id.0);
    refused(twice, "appears twice");
    let mut dangling = good.clone();
    dangling.touchpoints[0].fields.contacts = vec![exitplan::model::ContactId(9_999_999)];
    refused(dangling, "not in the backup");
    let mut huge = good.clone();
    huge.contacts[0].id = exitplan::model::ContactId(u64::MAX);
    refused(huge, "out of range");
    // What the window and the command line refuse, a backup cannot bring in.
    let mut bad_email = good.clone();
    bad_email.contacts[0].fields.emails = vec!["bad-email".into()];
    refused(bad_email, "bad-email");
    let mut long_name = good.clone();
    long_name.contacts[0].fields.name = "x".repeat(5_000_000);
    refused(long_name, "contact");
    let mut nul = good;
    nul.contacts[0].fields.name = "Ada\0Lovelace".into();
    refused(nul, "contact");
}

/// An email that could go out when the backup was made may have gone out since: after
/// a restore it waits under Needs review, saying why, and a send run leaves it alone.
#[test]
fn a_restored_approved_email_waits_for_review_instead_of_going_out_again() {
    let db = temp_db();
    let mut store = common::demo_store(&db);
    exitplan::mail::run::draft_due(&mut store).unwrap();
    let drafts: Vec<_> = store
        .model()
        .mail()
        .outbox()
        .filter(|e| e.status == exitplan::model::OutboxStatus::Draft)
        .map(|e| e.id)
        .collect();
    assert!(drafts.len() >= 2);
    store
        .apply(Change::Mail(exitplan::store::MailChange::Approve {
            id: drafts[0],
            override_lint: false,
        }))
        .unwrap();
    let backup = store.backup().unwrap();
    let (_copy, restored) = restored(&backup);
    let entry = restored.model().mail().entry(drafts[0]).unwrap();
    assert_eq!(entry.status, exitplan::model::OutboxStatus::NeedsReview);
    assert!(
        entry
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("restored from the backup of")),
        "{entry:?}"
    );
    assert_eq!(
        restored.model().mail().entry(drafts[1]).unwrap().status,
        exitplan::model::OutboxStatus::Draft,
        "a draft stays a draft"
    );
    assert!(
        restored
            .model()
            .mail()
            .ready_to_send(restored.clock().now())
            .is_empty()
    );
}
