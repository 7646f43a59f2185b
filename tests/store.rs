//! The store against real redb files: round trips, reopening, the aggregates and
//! indexes against a plain in-memory model, migration from schema 1, refusal of
//! files that are not ours, and the crash test.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{Days, NaiveDate};
use common::*;
use exitplan::model::{
    ContactFields, ContactId, ContactStats, Direction, FollowUp, Reciprocity, TouchpointId,
    TouchpointKind, next_due,
};
use exitplan::store::{ApplyError, Change, OpenError, SCHEMA_VERSION, Store, codec, tables};
use proptest::prelude::*;
use redb::ReadableDatabase;

#[test]
fn contacts_and_touchpoints_round_trip_and_survive_reopening() {
    let db = temp_db();
    let (ada, grace, tp);
    {
        let mut store = open(&db.path);
        let mut fields = contact("Ada Lovelace");
        fields.emails = vec!["ada@example.com".into(), "ada@work.example".into()];
        fields.tags = vec!["mentor".into()];
        fields.cadence_days = Some(30);
        fields.notes = "Zoë, Ελένη, Иван — ünïcödé notes\nsecond line".into();
        ada = store
            .apply(Change::AddContact(fields))
            .unwrap()
            .contact_id()
            .unwrap();
        grace = add(&mut store, "Grace Hopper", Some(60));
        let mut fields = touch(&[ada, grace], day("2026-11-01"), Direction::Gave);
        fields.follow_up = Some(FollowUp {
            due: day("2026-11-10"),
            what: "Send the deck".into(),
            done: false,
        });
        tp = store
            .apply(Change::LogTouchpoint(fields))
            .unwrap()
            .touchpoint_id()
            .unwrap();
    }
    let store = open(&db.path);
    let model = store.model();
    assert_eq!(model.contact_count(), 2);
    let a = model.contact(ada).unwrap();
    assert_eq!(
        a.contact.fields.emails,
        vec!["ada@example.com", "ada@work.example"]
    );
    assert!(a.contact.fields.notes.contains("Ελένη"));
    assert_eq!(a.stats.last_touch, Some(day("2026-11-01")));
    assert_eq!(a.stats.reciprocity.gave, 1);
    assert_eq!(a.next_due, Some(day("2026-12-01")));
    assert_eq!(
        model.contact(grace).unwrap().next_due,
        Some(day("2026-12-31"))
    );
    let follow_ups = model.due_follow_ups(today());
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].touchpoint, tp);
    let history = store.contact_touchpoints(grace, 10).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].fields.follow_up.as_ref().unwrap().what,
        "Send the deck"
    );
}

#[test]
fn the_database_file_is_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let db = temp_db();
    let nested = db.dir.path().join("new folder").join("plan.redb");
    drop(Store::open(&nested).unwrap());
    let mode = std::fs::metadata(&nested).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "file mode {mode:o}");
    let dir_mode = std::fs::metadata(nested.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700, "folder mode {dir_mode:o}");
}

#[test]
fn invalid_changes_write_nothing_and_name_the_field() {
    let db = temp_db();
    let mut store = open(&db.path);
    let mut fields = contact("Bob");
    fields.emails = vec!["bob@".into()];
    let err = store.apply(Change::AddContact(fields)).unwrap_err();
    assert_eq!(err.to_string(), "email 'bob@': missing domain");
    let err = store
        .apply(Change::LogTouchpoint(touch(
            &[ContactId(99)],
            today(),
            Direction::Gave,
        )))
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApplyError::NotFound {
                what: "contact",
                id: 99
            }
        ),
        "{err}"
    );
    // A batch where the second change fails keeps nothing of the first.
    let err = store
        .apply_all(|batch| {
            batch.apply(Change::AddContact(contact("Kept?")))?;
            batch.apply(Change::AddContact(contact("   ")))
        })
        .unwrap_err();
    assert!(err.to_string().contains("name: required"));
    assert!(store.model().is_empty());
    drop(store);
    assert!(open(&db.path).model().is_empty());
}

#[test]
fn a_second_open_of_the_same_file_is_refused_clearly() {
    let db = temp_db();
    let _first = open(&db.path);
    let err = Store::open(&db.path).err().expect("second open must fail");
    assert!(matches!(err, OpenError::Busy { .. }), "{err}");
    assert_eq!(err.exit_code(), 3);
    assert!(
        err.to_string().contains("in use by another exitplan"),
        "{err}"
    );
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let db = temp_db();
    for content in [
        b"name,email\nAda,ada@example.com\n".to_vec(),
        vec![0u8; 8192],
        (0..=255u8).cycle().take(100_000).collect(),
    ] {
        std::fs::write(&db.path, &content).unwrap();
        let err = Store::open(&db.path).err().expect("must refuse");
        assert!(matches!(err, OpenError::NotADatabase { .. }), "{err}");
        assert!(
            err.to_string().contains("not an exitplan database"),
            "{err}"
        );
        assert_eq!(
            file_bytes(&db.path),
            content,
            "the file must be left as it was"
        );
    }
}

#[test]
fn a_redb_file_of_another_program_is_refused_and_left_untouched() {
    let db = temp_db();
    {
        let other = redb::Database::create(&db.path).unwrap();
        let txn = other.begin_write().unwrap();
        txn.open_table(redb::TableDefinition::<&str, &str>::new("songs"))
            .unwrap()
            .insert("a", "b")
            .unwrap();
        txn.commit().unwrap();
    }
    let before = file_bytes(&db.path);
    let err = Store::open(&db.path).err().expect("must refuse");
    assert!(matches!(err, OpenError::NotADatabase { .. }), "{err}");
    assert_eq!(file_bytes(&db.path), before);
}

#[test]
fn a_newer_schema_is_refused_and_the_file_left_untouched() {
    let db = temp_db();
    {
        let mut store = open(&db.path);
        add(&mut store, "Ada", Some(30));
    }
    {
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        txn.open_table(tables::META)
            .unwrap()
            .insert(tables::KEY_SCHEMA_VERSION, SCHEMA_VERSION + 1)
            .unwrap();
        txn.commit().unwrap();
    }
    let before = file_bytes(&db.path);
    let err = Store::open(&db.path).err().expect("must refuse");
    assert!(
        matches!(err, OpenError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("newer exitplan"), "{err}");
    assert_eq!(file_bytes(&db.path), before, "not a byte may change");
}

#[test]
fn schema_one_files_are_backed_up_then_migrated() {
    let db = temp_db();
    // Hand-build a schema-1 file: version-1 contact records, touchpoints, no indexes.
    {
        let raw = redb::Database::create(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        {
            let mut meta = txn.open_table(tables::META).unwrap();
            meta.insert(tables::KEY_SCHEMA_VERSION, 1).unwrap();
            meta.insert(tables::KEY_NEXT_ID, 3).unwrap();
            let mut contacts = txn.open_table(tables::CONTACTS).unwrap();
            let old = codec::ContactV1 {
                id: 1,
                name: "Ada Lovelace".into(),
                email: Some("ada@example.com".into()),
                organization: "Analytical Engines".into(),
                tags: vec!["mentor".into()],
                cadence_days: Some(30),
                notes: "from the first version".into(),
                archived: false,
                created_ms: 1_700_000_000_000,
                updated_ms: 1_700_000_000_000,
            };
            contacts
                .insert(1, codec::encode(1, &old).as_slice())
                .unwrap();
            let mut touchpoints = txn.open_table(tables::TOUCHPOINTS).unwrap();
            let tp = exitplan::model::Touchpoint {
                id: TouchpointId(2),
                fields: touch(&[ContactId(1)], day("2026-10-01"), Direction::Received),
                created: exitplan::model::Timestamp(1_700_000_000_000),
            };
            touchpoints
                .insert(2, codec::encode_touchpoint(&tp).as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let store = open(&db.path);
    let ada = store
        .model()
        .contact(ContactId(1))
        .expect("migrated contact");
    assert_eq!(ada.contact.fields.emails, vec!["ada@example.com"]);
    assert_eq!(ada.contact.fields.notes, "from the first version");
    assert_eq!(ada.stats.last_touch, Some(day("2026-10-01")));
    assert_eq!(ada.stats.reciprocity.received, 1);
    assert_eq!(ada.next_due, Some(day("2026-10-31")));
    assert_eq!(
        store.due_from_index(today()).unwrap().len(),
        1,
        "due index was built"
    );
    assert_eq!(store.contact_touchpoints(ContactId(1), 5).unwrap().len(), 1);
    let backups: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".schema1-backup-"))
        .collect();
    assert_eq!(backups.len(), 1, "one dated backup before migrating");
    drop(store);
    // The records are now stored in the current version; the file is schema 2.
    let raw = redb::Database::open(&db.path).unwrap();
    let txn = raw.begin_read().unwrap();
    let meta = txn.open_table(tables::META).unwrap();
    assert_eq!(
        meta.get(tables::KEY_SCHEMA_VERSION)
            .unwrap()
            .unwrap()
            .value(),
        SCHEMA_VERSION
    );
    let contacts = txn.open_table(tables::CONTACTS).unwrap();
    assert_eq!(
        codec::record_version(contacts.get(1).unwrap().unwrap().value()),
        Some(codec::CONTACT_VERSION)
    );
    // New ids continue after the old ones.
    drop(txn);
    drop(raw);
    let mut store = open(&db.path);
    assert_eq!(add(&mut store, "Grace", None), ContactId(3));
}

#[test]
fn snooze_moves_the_due_date_and_a_real_touch_clears_it() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", Some(30));
    store
        .apply(Change::LogTouchpoint(touch(
            &[ada],
            day("2026-10-01"),
            Direction::Mutual,
        )))
        .unwrap();
    assert_eq!(store.model().due_contacts(today()).len(), 1);
    store
        .apply(Change::Snooze {
            id: ada,
            until: day("2026-12-01"),
        })
        .unwrap();
    assert!(store.model().due_contacts(today()).is_empty());
    let entry = store.model().contact(ada).unwrap();
    assert_eq!(entry.next_due, Some(day("2026-12-01")));
    assert_eq!(entry.stats.touchpoints, 1, "snoozing invents no touch");
    let err = store
        .apply(Change::Snooze {
            id: ada,
            until: today(),
        })
        .unwrap_err();
    assert!(err.to_string().contains("not after today"));
    store
        .apply(Change::LogTouchpoint(touch(
            &[ada],
            day("2026-11-20"),
            Direction::Gave,
        )))
        .unwrap();
    let entry = store.model().contact(ada).unwrap();
    assert_eq!(entry.contact.snoozed_until, None);
    assert_eq!(entry.next_due, Some(day("2026-12-20")));
}

#[test]
fn timeline_filters_by_kind_direction_and_contact_newest_first() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", None);
    let bob = add(&mut store, "Bob", None);
    for (i, (kind, direction)) in [
        (TouchpointKind::Call, Direction::Gave),
        (TouchpointKind::Coffee, Direction::Received),
        (TouchpointKind::Call, Direction::Mutual),
        (TouchpointKind::Email, Direction::Gave),
    ]
    .into_iter()
    .enumerate()
    {
        let mut fields = touch(
            &[if i % 2 == 0 { ada } else { bob }],
            day("2026-11-01") + Days::new(i as u64),
            direction,
        );
        fields.kind = kind;
        fields.summary = format!("touch {i}");
        store.apply(Change::LogTouchpoint(fields)).unwrap();
    }
    let summaries = |filter: exitplan::store::TimelineFilter, limit| -> Vec<String> {
        store
            .timeline(&filter, limit)
            .unwrap()
            .into_iter()
            .map(|t| t.fields.summary)
            .collect()
    };
    use exitplan::store::TimelineFilter as F;
    assert_eq!(
        summaries(F::default(), 10),
        ["touch 3", "touch 2", "touch 1", "touch 0"]
    );
    assert_eq!(summaries(F::default(), 2), ["touch 3", "touch 2"]);
    assert_eq!(
        summaries(
            F {
                kinds: vec![TouchpointKind::Call],
                ..F::default()
            },
            10
        ),
        ["touch 2", "touch 0"]
    );
    assert_eq!(
        summaries(
            F {
                directions: vec![Direction::Gave],
                ..F::default()
            },
            10
        ),
        ["touch 3", "touch 0"]
    );
    assert_eq!(
        summaries(
            F {
                contact: Some(bob),
                ..F::default()
            },
            10
        ),
        ["touch 3", "touch 1"]
    );
    assert!(
        summaries(
            F {
                kinds: vec![TouchpointKind::Intro],
                ..F::default()
            },
            10
        )
        .is_empty()
    );
    assert!(summaries(F::default(), 0).is_empty());
}

// ---- Model-based property test: aggregates and indexes equal a recomputation ----

#[derive(Debug, Clone)]
enum Op {
    Add {
        cadence: Option<u32>,
    },
    Log {
        contacts: Vec<usize>,
        days_ago: u64,
        direction: Direction,
        follow_up: Option<u64>,
    },
    Delete {
        touchpoint: usize,
    },
    Snooze {
        contact: usize,
        days: u64,
    },
    Archive {
        contact: usize,
        archived: bool,
    },
    Cadence {
        contact: usize,
        cadence: Option<u32>,
    },
    Complete {
        touchpoint: usize,
    },
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![
        Just(Direction::Gave),
        Just(Direction::Received),
        Just(Direction::Mutual)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => proptest::option::of(1u32..90).prop_map(|cadence| Op::Add { cadence }),
        6 => (proptest::collection::vec(0usize..50, 1..3), 0u64..400, direction(), proptest::option::of(0u64..30))
            .prop_map(|(contacts, days_ago, direction, follow_up)| Op::Log { contacts, days_ago, direction, follow_up }),
        1 => (0usize..80).prop_map(|touchpoint| Op::Delete { touchpoint }),
        1 => (0usize..50, 1u64..60).prop_map(|(contact, days)| Op::Snooze { contact, days }),
        1 => (0usize..50, any::<bool>()).prop_map(|(contact, archived)| Op::Archive { contact, archived }),
        1 => (0usize..50, proptest::option::of(1u32..90)).prop_map(|(contact, cadence)| Op::Cadence { contact, cadence }),
        1 => (0usize..80).prop_map(|touchpoint| Op::Complete { touchpoint }),
    ]
}

/// (contacts, date, direction, follow-up (due, done)) of one touchpoint.
type ExpectedTouchpoint = (
    Vec<ContactId>,
    NaiveDate,
    Direction,
    Option<(NaiveDate, bool)>,
);

/// The plain model the store is checked against: (id, cadence, archived, snoozed until)
/// per contact, and every live touchpoint.
#[derive(Default)]
struct Expected {
    contacts: Vec<(ContactId, Option<u32>, bool, Option<NaiveDate>)>,
    touchpoints: BTreeMap<TouchpointId, ExpectedTouchpoint>,
}

impl Expected {
    fn stats(&self, id: ContactId) -> ContactStats {
        let mut stats = ContactStats::default();
        let mut reciprocity = Reciprocity::default();
        for (contacts, date, direction, _) in self.touchpoints.values() {
            if contacts.contains(&id) {
                stats.touchpoints += 1;
                reciprocity.count(*direction);
                stats.last_touch = stats.last_touch.max(Some(*date));
            }
        }
        stats.reciprocity = reciprocity;
        stats
    }
}

fn run_ops(store: &mut Store, ops: &[Op]) -> Expected {
    let mut expected = Expected::default();
    let today = store.today();
    for op in ops {
        match op.clone() {
            Op::Add { cadence } => {
                let mut fields = ContactFields {
                    name: format!("C{}", expected.contacts.len()),
                    ..ContactFields::default()
                };
                fields.cadence_days = cadence;
                let id = store
                    .apply(Change::AddContact(fields))
                    .unwrap()
                    .contact_id()
                    .unwrap();
                expected.contacts.push((id, cadence, false, None));
            }
            Op::Log {
                contacts,
                days_ago,
                direction,
                follow_up,
            } => {
                if expected.contacts.is_empty() {
                    continue;
                }
                let ids: Vec<ContactId> = contacts
                    .iter()
                    .map(|i| expected.contacts[i % expected.contacts.len()].0)
                    .collect();
                let mut unique = ids.clone();
                unique.dedup();
                let unique: Vec<ContactId> = unique
                    .into_iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let date = today - Days::new(days_ago);
                let mut fields = touch(&ids, date, direction);
                fields.follow_up = follow_up.map(|d| FollowUp {
                    due: date + Days::new(d),
                    what: "do it".into(),
                    done: false,
                });
                let id = store
                    .apply(Change::LogTouchpoint(fields))
                    .unwrap()
                    .touchpoint_id()
                    .unwrap();
                for contact in &unique {
                    let last = expected.stats(*contact).last_touch;
                    if last.is_none_or(|l| date > l) {
                        let c = expected
                            .contacts
                            .iter_mut()
                            .find(|c| c.0 == *contact)
                            .unwrap();
                        c.3 = None;
                    }
                }
                expected.touchpoints.insert(
                    id,
                    (
                        unique,
                        date,
                        direction,
                        follow_up.map(|d| (date + Days::new(d), false)),
                    ),
                );
            }
            Op::Delete { touchpoint } => {
                let Some(id) = expected
                    .touchpoints
                    .keys()
                    .nth(touchpoint % expected.touchpoints.len().max(1))
                    .copied()
                else {
                    continue;
                };
                store.apply(Change::DeleteTouchpoint(id)).unwrap();
                expected.touchpoints.remove(&id);
            }
            Op::Snooze { contact, days } => {
                if expected.contacts.is_empty() {
                    continue;
                }
                let n = expected.contacts.len();
                let c = &mut expected.contacts[contact % n];
                let until = today + Days::new(days);
                store.apply(Change::Snooze { id: c.0, until }).unwrap();
                c.3 = Some(until);
            }
            Op::Archive { contact, archived } => {
                if expected.contacts.is_empty() {
                    continue;
                }
                let n = expected.contacts.len();
                let c = &mut expected.contacts[contact % n];
                store
                    .apply(Change::SetArchived { id: c.0, archived })
                    .unwrap();
                c.2 = archived;
            }
            Op::Cadence { contact, cadence } => {
                if expected.contacts.is_empty() {
                    continue;
                }
                let n = expected.contacts.len();
                let c = &mut expected.contacts[contact % n];
                let entry = store.model().contact(c.0).unwrap();
                let base = entry.revision();
                let mut fields = entry.contact.fields.clone();
                fields.cadence_days = cadence;
                store
                    .apply(Change::EditContact {
                        id: c.0,
                        base,
                        fields,
                    })
                    .unwrap();
                c.1 = cadence;
            }
            Op::Complete { touchpoint } => {
                let n = expected.touchpoints.len().max(1);
                let Some((id, tp)) = expected.touchpoints.iter_mut().nth(touchpoint % n) else {
                    continue;
                };
                match store.apply(Change::CompleteFollowUp(*id)) {
                    Ok(_) => {
                        let follow =
                            tp.3.as_mut()
                                .expect("completing worked, so it had a follow-up");
                        follow.1 = true;
                    }
                    Err(ApplyError::NotFound { .. }) => assert!(tp.3.is_none()),
                    Err(e) => panic!("{e}"),
                }
            }
        }
    }
    expected
}

fn check(store: &Store, expected: &Expected) -> Result<(), TestCaseError> {
    let model = store.model();
    prop_assert_eq!(model.contact_count(), expected.contacts.len());
    let mut due_index = Vec::new();
    for (id, cadence, archived, snoozed) in &expected.contacts {
        let entry = model.contact(*id).unwrap();
        let stats = expected.stats(*id);
        prop_assert_eq!(entry.stats, stats, "stats of {:?}", id);
        let due = next_due(
            *cadence,
            *archived,
            stats.last_touch,
            entry.contact.added_on(),
            *snoozed,
        );
        prop_assert_eq!(entry.next_due, due, "next due of {:?}", id);
        if let Some(due) = due {
            due_index.push((due, *id));
        }
    }
    due_index.sort();
    prop_assert_eq!(store.due_index().unwrap(), due_index, "due index on disk");
    let open: BTreeSet<(NaiveDate, TouchpointId)> = expected
        .touchpoints
        .iter()
        .filter_map(|(id, tp)| tp.3.filter(|f| !f.1).map(|f| (f.0, *id)))
        .collect();
    let in_model: BTreeSet<(NaiveDate, TouchpointId)> = model
        .open_follow_ups()
        .map(|f| (f.due, f.touchpoint))
        .collect();
    prop_assert_eq!(in_model, open);
    for (id, _, _, _) in &expected.contacts {
        let history = store.contact_touchpoints(*id, usize::MAX).unwrap();
        prop_assert_eq!(history.len() as u32, expected.stats(*id).touchpoints);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn aggregates_and_indexes_equal_a_full_recomputation(ops in proptest::collection::vec(op(), 1..40)) {
        let db = temp_db();
        let mut store = open(&db.path);
        let expected = run_ops(&mut store, &ops);
        check(&store, &expected)?;
        drop(store);
        let reopened = open(&db.path);
        check(&reopened, &expected)?;
    }
}

// ---- Crash test: kill a writer mid-loop, find every committed record on reopen ----

const CRASH_DB: &str = "EXITPLAN_CRASH_TEST_DB";

/// The child half of the crash test: writes forever, printing what it committed.
#[test]
#[ignore = "run by crash_test_kills_a_writer_and_loses_nothing_committed"]
fn crash_writer_child() {
    let Ok(path) = std::env::var(CRASH_DB) else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).expect("child opens the store");
    let mut n = 0u64;
    let start = store.model().contact_count();
    loop {
        n += 1;
        let mut fields = contact(&format!("Crash {start}-{n}"));
        fields.cadence_days = Some(30);
        fields.notes = "x".repeat((n % 7) as usize * 300);
        let id = store
            .apply(Change::AddContact(fields))
            .unwrap()
            .contact_id()
            .unwrap();
        let tp = store
            .apply(Change::LogTouchpoint(touch(
                &[id],
                store.today(),
                Direction::Gave,
            )))
            .unwrap()
            .touchpoint_id()
            .unwrap();
        println!("committed {} {}", id.0, tp.0);
    }
}

#[test]
fn crash_test_kills_a_writer_and_loses_nothing_committed() {
    let db = temp_db();
    let exe = std::env::current_exe().unwrap();
    let mut committed: Vec<(u64, u64)> = Vec::new();
    for round in 0..50u64 {
        let mut child = Command::new(&exe)
            .args([
                "crash_writer_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CRASH_DB, &db.path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| {
                    let mut parts = line.strip_prefix("committed ")?.split(' ');
                    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
                })
                .collect::<Vec<(u64, u64)>>()
        });
        std::thread::sleep(Duration::from_millis(30 + (round * 37) % 90));
        child.kill().unwrap(); // SIGKILL: no destructor, no flush
        child.wait().unwrap();
        committed.extend(reader.join().unwrap());
        let store = open(&db.path);
        for (contact, touchpoint) in &committed {
            let entry = store.model().contact(ContactId(*contact));
            assert!(
                entry.is_some(),
                "round {round}: committed contact {contact} lost"
            );
            assert_eq!(
                entry.unwrap().stats.touchpoints,
                1,
                "round {round}: aggregates of {contact}"
            );
            assert!(
                store
                    .touchpoint(TouchpointId(*touchpoint))
                    .unwrap()
                    .is_some(),
                "round {round}: touchpoint {touchpoint} lost"
            );
        }
    }
    assert!(
        committed.len() >= 50,
        "the writer committed too little to mean anything: {}",
        committed.len()
    );
}

/// A flipped byte inside a stored record (written through redb itself, as a damaged
/// disk would) is found by the record's checksum: reading it is a clear "damaged" error
/// naming the record and its id, never altered data.
#[test]
fn a_damaged_record_is_an_error_naming_it_never_altered_data() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada Commented", None);
    drop(store);
    {
        use redb::ReadableTable;
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        {
            let mut contacts = txn.open_table(tables::CONTACTS).unwrap();
            let mut bytes = contacts.get(ada.0).unwrap().unwrap().value().to_vec();
            // A letter of the name: "Commented" would read back as "Commdnted".
            let at = bytes
                .windows(9)
                .position(|w| w == b"Commented")
                .expect("the name is stored as UTF-8");
            bytes[at + 4] ^= 0x01;
            contacts.insert(ada.0, bytes.as_slice()).unwrap();
        }
        txn.commit().unwrap();
    }
    let error = match exitplan::store::Store::open(&db.path) {
        Ok(_) => panic!("a damaged contact must not load"),
        Err(e) => e.to_string(),
    };
    assert!(error.contains(&format!("contact {}", ada.0)), "{error}");
    assert!(error.contains("damaged"), "{error}");
    assert!(!error.contains("Commdnted"), "{error}");
}

/// Random single-bit flips anywhere in a real database file (300 of them, seeded): the
/// store either opens and reads back exactly what was stored, or says the file or a
/// record is damaged. It never returns altered data, never panics, and never writes to
/// a file it failed to open.
#[test]
fn random_bit_flips_never_read_back_as_altered_data() {
    let db = temp_db();
    let store = demo_store(&db);
    let original = serde_json::to_string(&store.backup().expect("backup")).unwrap();
    drop(store);
    let bytes = std::fs::read(&db.path).unwrap();
    let mut seed: u64 = 0x5eed_f11b;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut opened_same, mut refused, mut record_damaged) = (0, 0, 0);
    for trial in 0..300 {
        let at = (next() % bytes.len() as u64) as usize;
        let bit = (next() % 8) as u8;
        let mut flipped = bytes.clone();
        flipped[at] ^= 1 << bit;
        let path = db.dir.path().join(format!("flip-{trial}.redb"));
        std::fs::write(&path, &flipped).unwrap();
        let opened = std::panic::catch_unwind(|| exitplan::store::Store::open(&path))
            .unwrap_or_else(|_| panic!("trial {trial}: byte {at} bit {bit}: open panicked"));
        match opened {
            Err(e) => {
                refused += 1;
                let said = e.to_string();
                assert!(!said.is_empty(), "trial {trial}");
                assert!(
                    std::fs::read(&path).unwrap() == flipped,
                    "trial {trial}: byte {at} bit {bit}: a file that failed to open was written to ({said})"
                );
            }
            Ok(mut store) => {
                store.set_clock(fixed_clock(today()));
                let read_back = store.backup();
                match read_back {
                    Ok(read) => {
                        let read = serde_json::to_string(&read).unwrap();
                        if read != original {
                            let from = read
                                .bytes()
                                .zip(original.bytes())
                                .position(|(a, b)| a != b)
                                .unwrap_or(0);
                            let near = |s: &str| {
                                s.get(from.saturating_sub(60)..(from + 60).min(s.len()))
                                    .unwrap_or("")
                                    .to_string()
                            };
                            panic!(
                                "trial {trial}: byte {at} bit {bit}: opened and read back altered data: {} instead of {}",
                                near(&read),
                                near(&original)
                            );
                        }
                        opened_same += 1;
                    }
                    Err(e) => {
                        assert!(e.to_string().contains("damaged"), "trial {trial}: {e}");
                        record_damaged += 1;
                    }
                }
            }
        }
        let _ = std::fs::remove_file(&path);
    }
    eprintln!(
        "300 flips: {opened_same} read back unchanged, {refused} refused at open, {record_damaged} found damaged on read"
    );
    assert_eq!(opened_same + refused + record_damaged, 300);
}

/// The follow-up index naming a touchpoint that is not there (a damaged page) is said
/// to be damage when the file opens: the follow-up is not silently left out.
#[test]
fn a_follow_up_whose_touchpoint_is_missing_is_damage_not_silence() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", None);
    let mut fields = touch(&[ada], today(), Direction::Gave);
    fields.follow_up = Some(exitplan::model::FollowUp {
        due: today() + Days::new(3),
        what: "Send the deck".into(),
        done: false,
    });
    let id = store
        .apply(Change::LogTouchpoint(fields))
        .unwrap()
        .touchpoint_id()
        .unwrap();
    drop(store);
    {
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        txn.open_table(tables::TOUCHPOINTS)
            .unwrap()
            .remove(id.0)
            .unwrap();
        txn.commit().unwrap();
    }
    let error = match Store::open(&db.path) {
        Ok(_) => panic!("a follow-up without its touchpoint must not load quietly"),
        Err(e) => e.to_string(),
    };
    assert!(error.contains(&format!("touchpoint {}", id.0)), "{error}");
    assert!(error.contains("damaged"), "{error}");
}

/// A store large enough that the open decodes its contacts on two threads: a damaged
/// record in the half the second thread reads is the same clear refusal as anywhere
/// else, and the store read whole is the same as one contact at a time would give.
#[test]
fn a_large_store_opens_on_two_threads_and_a_damaged_record_there_is_refused() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ids = exitplan::demo::write_synthetic(&mut store, 5_000, 5_000, 3, 5_000).unwrap();
    let names: Vec<String> = ids
        .iter()
        .map(|id| store.model().contact(*id).unwrap().name().to_string())
        .collect();
    drop(store);
    let again = open(&db.path);
    assert_eq!(again.model().contact_count(), 5_000);
    for (id, name) in ids.iter().zip(&names) {
        assert_eq!(again.model().contact(*id).unwrap().name(), name);
    }
    // Search finds across both halves.
    let last = names.last().unwrap().to_lowercase();
    assert!(!again.model().search(&last, None).is_empty());
    drop(again);
    // A record near the end (the second thread's half) is damaged on disk.
    let victim = *ids.last().unwrap();
    {
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        {
            let mut table = txn.open_table(tables::CONTACTS).unwrap();
            table
                .insert(victim.0, &[0x02, 0xde, 0xad, 0xbe, 0xef][..])
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let before = file_bytes(&db.path);
    match Store::open(&db.path) {
        Err(OpenError::Unreadable { detail, .. }) => {
            assert!(
                detail.contains(&format!("{}", victim.0)) || detail.contains("damaged"),
                "{detail}"
            )
        }
        Err(other) => panic!("expected a clear refusal, got {other:?}"),
        Ok(_) => panic!("a damaged record was read as a contact"),
    }
    assert_eq!(
        file_bytes(&db.path),
        before,
        "nothing written to the refused file"
    );
}

/// A one-record command's store leaves the contacts and applications on disk, yet
/// answers each one as the whole read model does, and its writes are what the whole
/// one reads back.
#[test]
fn a_store_opened_for_one_record_answers_as_the_whole_one_does() {
    let db = temp_db();
    let whole = demo_store(&db);
    let contacts = whole.model().contacts().to_vec();
    let applications: Vec<_> = whole
        .model()
        .plan()
        .applications()
        .map(|a| (a.clone(), whole.model().plan().fit(a.id).cloned()))
        .collect();
    assert!(contacts.len() > 10 && applications.len() > 3);
    drop(whole);

    let mut lean = Store::open_for_records(&db.path).expect("open for one record");
    lean.set_clock(fixed_clock(today()));
    assert!(!lean.model().has_contacts());
    assert!(!lean.model().plan().has_applications());
    for entry in &contacts {
        assert_eq!(
            lean.contact_entry(entry.id()).unwrap().as_ref(),
            Some(entry)
        );
    }
    assert_eq!(lean.contact_entry(ContactId(999_999)).unwrap(), None);
    for (application, fit) in &applications {
        let read = lean.application(application.id).unwrap().expect("on disk");
        assert_eq!(&read, application);
        assert_eq!(Some(lean.model().plan().fit_of(&read)), *fit);
    }

    let ada = contacts[0].id();
    lean.apply(Change::LogTouchpoint(touch(
        &[ada],
        today(),
        Direction::Gave,
    )))
    .unwrap();
    let after = lean.contact_entry(ada).unwrap().expect("still there");
    assert_eq!(after.stats.last_touch, Some(today()));
    drop(lean);
    let whole = open(&db.path);
    assert_eq!(whole.model().contact(ada), Some(&after));
}

/// Reading the contact list from a store opened for one record would answer "nobody":
/// debug builds (every test run) stop the caller there.
#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "opened for one record")]
fn the_contact_list_of_a_store_opened_for_one_record_is_refused() {
    let db = temp_db();
    drop(demo_store(&db));
    let lean = Store::open_for_records(&db.path).expect("open for one record");
    let _ = lean.model().contacts().len();
}

/// The warm paths of a store opened for one record (`app show`) come from the company
/// index on disk: the same people, in the same order, as the read model's — after
/// edits and archiving through that store, and for a file of schema 6, which the open
/// gives the index.
#[test]
fn warm_paths_from_the_index_on_disk_match_the_read_models() {
    let db = temp_db();
    let whole = demo_store(&db);
    let mut queries: Vec<String> = vec!["nobody-works-here".into(), "ab".into()];
    for entry in whole.model().contacts() {
        let f = &entry.contact.fields;
        queries.push(f.organization.clone());
        queries.extend(f.formerly_at.iter().cloned());
        queries.extend(
            f.emails
                .iter()
                .filter_map(|e| e.split('@').nth(1))
                .map(String::from),
        );
        // Half a name, as while typing.
        queries.push(f.organization.chars().take(4).collect());
    }
    queries.sort();
    queries.dedup();
    let assert_same = |queries: &[String], path: &std::path::Path| {
        let whole = open(path);
        let expected: Vec<_> = queries
            .iter()
            .map(|query| whole.model().warm_paths(query, today()))
            .collect();
        drop(whole);
        let mut lean = Store::open_for_records(path).expect("open for one record");
        lean.set_clock(fixed_clock(today()));
        let mut found = 0;
        for (query, expected) in queries.iter().zip(expected) {
            found += expected.len();
            assert_eq!(
                lean.warm_paths(query, today()).unwrap(),
                expected,
                "{query:?}"
            );
        }
        assert!(found > queries.len(), "the queries find people: {found}");
    };
    let first = whole.model().contacts()[0].clone();
    let second = whole.model().contacts()[1].clone();
    drop(whole);
    assert_same(&queries, &db.path);

    // Changes through a store opened for one record keep the index true.
    let mut lean = Store::open_for_records(&db.path).unwrap();
    lean.set_clock(fixed_clock(today()));
    let mut fields = first.contact.fields.clone();
    fields.organization = "Brightwave Media".into();
    fields.formerly_at = vec![second.contact.fields.organization.clone()];
    lean.apply(Change::EditContact {
        id: first.id(),
        base: first.revision(),
        fields,
    })
    .unwrap();
    lean.apply(Change::SetArchived {
        id: second.id(),
        archived: true,
    })
    .unwrap();
    drop(lean);
    queries.push("Brightwave Media".into());
    assert_same(&queries, &db.path);

    // A file of schema 6 has no index: the open builds it.
    {
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        txn.delete_table(tables::CONTACTS_BY_COMPANY).unwrap();
        txn.open_table(tables::META)
            .unwrap()
            .insert(tables::KEY_SCHEMA_VERSION, 6)
            .unwrap();
        txn.commit().unwrap();
    }
    assert_same(&queries, &db.path);
}
