//! Helpers shared by the integration tests: real redb files in temp folders, a fixed
//! clock, and small builders for contacts and touchpoints.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone};
use exitplan::model::{
    ContactFields, ContactId, Direction, Timestamp, TouchpointFields, TouchpointKind,
};
use exitplan::store::{Change, Clock, Store};

pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// The day the tests pretend it is.
pub fn today() -> NaiveDate {
    day("2026-11-24")
}

pub fn fixed_clock(today: NaiveDate) -> Clock {
    let noon = today.and_hms_opt(12, 0, 0).expect("valid time");
    let now = chrono::Local
        .from_local_datetime(&noon)
        .earliest()
        .expect("noon exists every day")
        .with_timezone(&chrono::Utc);
    Clock::Fixed {
        now: Timestamp::from_datetime(now),
        today,
    }
}

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("exitplan.redb");
    TempDb { dir, path }
}

pub fn open(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).expect("open store");
    store.set_clock(fixed_clock(today()));
    store
}

pub fn contact(name: &str) -> ContactFields {
    ContactFields {
        name: name.into(),
        ..ContactFields::default()
    }
}

pub fn add(store: &mut Store, name: &str, cadence: Option<u32>) -> ContactId {
    let mut fields = contact(name);
    fields.cadence_days = cadence;
    store
        .apply(Change::AddContact(fields))
        .expect("add contact")
        .contact_id()
        .expect("an id")
}

pub fn touch(contacts: &[ContactId], date: NaiveDate, direction: Direction) -> TouchpointFields {
    TouchpointFields {
        contacts: contacts.to_vec(),
        date,
        time: None,
        kind: TouchpointKind::Coffee,
        direction,
        summary: "Coffee".into(),
        follow_up: None,
    }
}
