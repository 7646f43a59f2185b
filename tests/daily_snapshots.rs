//! Daily snapshots beside the database: taken before the day's first change (0600, in
//! `snapshots/`), rotated to seven daily and four weekly, listed and restored by the
//! real binary into a new file or in place, and offered when the database is damaged.

mod common;

use chrono::Days;
use common::cli::{exitplan, json, stdout};
use common::{add, fixed_clock, open, temp_db, today};
use exitplan::store::snapshots;
use predicates::prelude::*;

#[test]
fn the_first_change_of_a_day_takes_a_private_snapshot_of_the_day_before() {
    let db = temp_db();
    let mut store = open(&db.path);
    add(&mut store, "Ada", None);
    assert!(
        snapshots::list(&db.path).is_empty(),
        "nothing to keep before the first record"
    );
    add(&mut store, "Grace", None);
    let taken = snapshots::list(&db.path);
    assert_eq!(taken.len(), 1);
    add(&mut store, "Katherine", None);
    assert_eq!(snapshots::list(&db.path).len(), 1, "one a day");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&taken[0].path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    drop(store);
    // The snapshot is the database as it was before the day's first change: Ada only.
    let copy = open(&taken[0].path);
    let names: Vec<&str> = copy.model().contacts().iter().map(|e| e.name()).collect();
    assert_eq!(names, ["Ada"]);
}

#[test]
fn a_snapshot_taken_on_a_worker_while_changes_keep_landing_is_one_consistent_state() {
    let db = temp_db();
    let mut store = open(&db.path);
    store.set_snapshot_mode(exitplan::store::SnapshotMode::Background);
    add(&mut store, "Person 0", None);
    // The first change with something to keep starts the worker; these keep landing
    // while it copies.
    for n in 1..=40 {
        add(&mut store, &format!("Person {n}"), None);
    }
    let started = std::time::Instant::now();
    let taken = loop {
        if let Some(taken) = snapshots::list(&db.path).into_iter().next() {
            break taken;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no snapshot appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(store.snapshot_error(), None);
    drop(store);
    // Closed clean: it opens read-only, which refuses a file that needs repair.
    redb::Builder::new()
        .open_read_only(&taken.path)
        .expect("the snapshot needs no repair");
    // Whatever moment it caught, it is a whole one: Person 0 up to some n, no gaps.
    let copy = open(&taken.path);
    let mut names: Vec<String> = copy
        .model()
        .contacts()
        .iter()
        .map(|e| e.name().to_owned())
        .collect();
    names.sort_by_key(|n| n[7..].parse::<u32>().unwrap());
    assert!(!names.is_empty() && names.len() <= 41, "{names:?}");
    let expected: Vec<String> = (0..names.len()).map(|n| format!("Person {n}")).collect();
    assert_eq!(names, expected);
}

#[test]
fn seven_daily_and_four_weekly_snapshots_are_kept() {
    let db = temp_db();
    let mut store = open(&db.path);
    add(&mut store, "Ada", None);
    for day in 1..=60 {
        store.set_clock(fixed_clock(today() + Days::new(day)));
        add(&mut store, &format!("Person {day}"), None);
    }
    let days: Vec<_> = snapshots::list(&db.path).iter().map(|s| s.day).collect();
    assert_eq!(
        days.len(),
        snapshots::KEEP_DAILY + snapshots::KEEP_WEEKLY,
        "{days:?}"
    );
    assert_eq!(days[0], today() + Days::new(60));
    assert_eq!(snapshots::kept(&days), days, "the rotation's own choice");
}

#[test]
fn a_snapshot_comes_back_as_a_new_file_or_in_place() {
    let db = temp_db();
    let mut store = open(&db.path);
    add(&mut store, "Ada", None);
    add(&mut store, "Grace", None); // takes today's snapshot (Ada only)
    drop(store);
    let listed = json(exitplan(&db.path).args(["snapshots", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let said = stdout(exitplan(&db.path).args(["snapshots", "restore", "1"]));
    assert!(said.contains("(1 contacts)"), "{said}");
    let restored = db
        .dir
        .path()
        .join(format!("exitplan-restored-{}.redb", today()));
    assert!(restored.exists(), "{said}");
    assert_eq!(open(&restored).model().contacts().len(), 1);
    assert_eq!(
        open(&db.path).model().contacts().len(),
        2,
        "the current one is untouched"
    );
    exitplan(&db.path)
        .args(["snapshots", "restore", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists already"));
    exitplan(&db.path)
        .args(["snapshots", "restore", "9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no snapshot 9"));

    let said = stdout(exitplan(&db.path).args(["snapshots", "restore", "1", "--replace"]));
    assert!(said.contains("kept at"), "{said}");
    assert_eq!(open(&db.path).model().contacts().len(), 1);
    let kept_aside = std::fs::read_dir(db.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .count();
    assert_eq!(kept_aside, 1);
}

/// An email that could go out when the snapshot was taken may have gone out since: the
/// restored copy holds it under Needs review. A restore in place waits while a send run
/// is using the database.
#[test]
fn a_restored_snapshot_sends_nothing_again_on_its_own() {
    let db = temp_db();
    let mut store = open(&db.path);
    add(&mut store, "Ada", None);
    store
        .apply(exitplan::store::Change::Mail(
            exitplan::store::MailChange::CreateDigest {
                day: today(),
                to: "sam@personal.example".into(),
                subject: "Your week".into(),
                body: "Two people are due.".into(),
            },
        ))
        .unwrap();
    // The next day's first change takes the snapshot, with the digest approved in it.
    store.set_clock(fixed_clock(today() + Days::new(1)));
    add(&mut store, "Grace", None);
    drop(store);
    let said = stdout(exitplan(&db.path).args([
        "snapshots",
        "restore",
        "1",
        "--out",
        db.dir.path().join("back.redb").to_str().unwrap(),
    ]));
    assert!(said.contains("(1 contacts)"), "{said}");
    let back = open(&db.dir.path().join("back.redb"));
    let digest = back.model().mail().outbox().next().unwrap().clone();
    assert_eq!(digest.status, exitplan::model::OutboxStatus::NeedsReview);
    assert!(
        digest
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("restored from the snapshot of")),
        "{digest:?}"
    );

    let lease = take_lease(&db.path);
    exitplan(&db.path)
        .args(["snapshots", "restore", "1", "--replace"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a send run is using"));
    drop(lease);
    // Through another name for the same file, the lease is the same one.
    let link = db.dir.path().join("link.redb");
    std::os::unix::fs::symlink(&db.path, &link).unwrap();
    let lease = take_lease(&link);
    assert!(exitplan::store::SendLease::held_elsewhere(&db.path));
    drop(lease);
}

/// Takes the send lease, waiting up to five seconds: a lock just released can still be
/// held for a moment by a child another test thread is starting (the child holds a copy
/// of every descriptor between its fork and its exec).
fn take_lease(path: &std::path::Path) -> exitplan::store::SendLease {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match exitplan::store::SendLease::take(path) {
            Ok(lease) => return lease,
            Err(e) if std::time::Instant::now() > deadline => panic!("{e:?}"),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

#[test]
fn a_damaged_database_points_to_its_newest_snapshot() {
    let db = temp_db();
    let mut store = open(&db.path);
    add(&mut store, "Ada", None);
    add(&mut store, "Grace", None);
    drop(store);
    std::fs::write(&db.path, vec![0x42; 8192]).unwrap();
    exitplan(&db.path)
        .args(["contact", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("snapshots restore 1"));
}
