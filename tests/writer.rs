//! Commits made on a worker thread ([`exitplan::store::Writer`]) and taken in by the read
//! model on the store's thread ([`Store::absorb`]), as the window commits an import, a
//! restore, the demo and the hourly drafts. Real redb files.

mod common;

use common::{add, contact, day, open, temp_db, touch};
use exitplan::model::{Direction, Revision};
use exitplan::store::{Change, Store};

fn name_of(store: &Store, id: exitplan::model::ContactId) -> String {
    store.model().contact(id).unwrap().name().to_string()
}

#[test]
fn a_commit_made_on_another_thread_reaches_the_read_model_when_absorbed() {
    let db = temp_db();
    let mut store = open(&db.path);
    let writer = store.writer();
    let committed = std::thread::spawn(move || {
        writer
            .apply_all(|batch| {
                let id = batch.apply(Change::AddContact(contact("Ada Lovelace")))?;
                Ok(id.contact_id().unwrap())
            })
            .unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(
        store.model().contact_count(),
        0,
        "the read model learns of the commit only when it takes it"
    );
    let id = store.absorb(committed).unwrap();
    assert_eq!(name_of(&store, id), "Ada Lovelace");
    drop(store);
    let reopened = open(&db.path);
    assert_eq!(name_of(&reopened, id), "Ada Lovelace", "and it is on disk");
}

#[test]
fn a_worker_commit_older_than_a_later_edit_does_not_undo_the_edit() {
    let db = temp_db();
    let mut store = open(&db.path);
    let id = add(&mut store, "Grace Hopper", None);
    // The worker renames her first …
    let writer = store.writer();
    let base = store.model().contact(id).unwrap().revision();
    let worker = writer
        .apply_all(|batch| {
            batch.apply(Change::EditContact {
                id,
                base,
                fields: contact("Grace B. Hopper"),
            })
        })
        .unwrap();
    // … then, before its result is taken in, the store's own thread adds a contact.
    let other = add(&mut store, "Alan Turing", None);
    store.absorb(worker).unwrap();
    assert_eq!(name_of(&store, id), "Grace B. Hopper");
    assert_eq!(name_of(&store, other), "Alan Turing");
    assert_eq!(store.model().contact_count(), 2);
}

#[test]
fn a_stale_worker_result_is_not_replayed_over_a_newer_commit() {
    let db = temp_db();
    let mut store = open(&db.path);
    let id = add(&mut store, "Grace Hopper", None);
    // The worker logs a touchpoint with her (its result carries her figures then) …
    let worker = store
        .writer()
        .apply_all(|batch| {
            batch.apply(Change::LogTouchpoint(touch(
                &[id],
                day("2026-11-20"),
                Direction::Gave,
            )))
        })
        .unwrap();
    // … and before it is taken in, the store's own thread logs another one.
    store
        .apply(Change::LogTouchpoint(touch(
            &[id],
            day("2026-11-22"),
            Direction::Received,
        )))
        .unwrap();
    // That commit read her figures from disk, where the worker's touchpoint already was.
    assert_eq!(store.model().contact(id).unwrap().stats.touchpoints, 2);
    // Taking in the older result must not put her figures back to one touchpoint.
    store.absorb(worker).unwrap();
    let stats = store.model().contact(id).unwrap().stats;
    assert_eq!(stats.touchpoints, 2);
    assert_eq!(stats.last_touch, Some(day("2026-11-22")));
    drop(store);
    let reopened = open(&db.path);
    assert_eq!(
        reopened.model().contact(id).unwrap().stats,
        stats,
        "the model holds what is on disk"
    );
}

#[test]
fn a_large_commit_on_a_worker_brings_a_whole_new_model_that_is_swapped_in() {
    let db = temp_db();
    let mut store = open(&db.path);
    let kept = add(&mut store, "Grace Hopper", None);
    let many = exitplan::store::RELOAD_OVER + 5;
    let writer = store.background_writer();
    let committed = std::thread::spawn(move || {
        writer
            .apply_all(|batch| {
                for n in 0..many {
                    batch.apply(Change::AddContact(contact(&format!("Person {n}"))))?;
                }
                Ok(())
            })
            .unwrap()
    })
    .join()
    .unwrap();
    let revision = store.model().revision();
    store.absorb(committed).unwrap();
    assert_eq!(store.model().contact_count(), many + 1);
    assert_eq!(name_of(&store, kept), "Grace Hopper");
    assert!(
        store.model().revision() > revision,
        "the views see a new model"
    );
    let found = store.model().search("person 1", None).len();
    assert!(found > 1, "{found}");
    drop(store);
    let reopened = open(&db.path);
    assert_eq!(
        reopened.model().search("person 1", None).len(),
        found,
        "the swapped-in model answers as one read from disk does"
    );
}

#[test]
fn the_demo_keeps_a_theme_chosen_before_it() {
    let db = temp_db();
    let mut store = open(&db.path);
    let mut settings = store.model().settings().clone();
    settings.set("appearance.theme", "dark").unwrap();
    let base = Revision::of(store.model().settings());
    store
        .apply(Change::SetSettings {
            base,
            settings: Box::new(settings),
        })
        .unwrap();
    exitplan::demo::write_demo(&mut store).unwrap();
    let settings = store.model().settings();
    assert_eq!(settings.appearance.theme.code(), "dark");
    assert_eq!(settings.employer.name, exitplan::demo::DEMO_EMPLOYER);
}
