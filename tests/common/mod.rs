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

/// A store on `db` holding the demo data, on the tests' fixed day.
pub fn demo_store(db: &TempDb) -> Store {
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).expect("demo data");
    store
}

/// The id of the contact called `name`.
pub fn contact_named(store: &Store, name: &str) -> ContactId {
    store
        .model()
        .contacts()
        .iter()
        .find(|e| e.name() == name)
        .unwrap_or_else(|| panic!("{name} is a contact"))
        .id()
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

pub mod smtp;

/// Driving the real `exitplan` binary against a temp database.
pub mod cli {
    use assert_cmd::Command;

    /// The binary with `--db PATH`, no inherited EXITPLAN_DB, and a short lock wait.
    pub fn exitplan(db: &std::path::Path) -> Command {
        let mut cmd = Command::cargo_bin("exitplan").expect("the exitplan binary is built");
        cmd.arg("--db")
            .arg(db)
            .env_remove("EXITPLAN_DB")
            .env("EXITPLAN_LOCK_WAIT_SECS", "0.3")
            .env("EXITPLAN_KEYRING", "off")
            .env_remove("EXITPLAN_SMTP_PASSWORD")
            .env_remove("EXITPLAN_SMTP_CA_FILE")
            .env_remove("EXITPLAN_FAILPOINT")
            .env_remove("EXITPLAN_BACKUP_PASSPHRASE");
        cmd
    }

    /// Runs it, expects success, returns standard output.
    pub fn stdout(cmd: &mut Command) -> String {
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).expect("UTF-8 output")
    }

    /// Runs it, expects success and JSON on standard output.
    pub fn json(cmd: &mut Command) -> serde_json::Value {
        serde_json::from_str(&stdout(cmd)).expect("JSON output")
    }
}

/// Finding and typing into the real views' text fields in an egui_kittest harness.
pub mod ui {
    use eframe::egui;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use exitplan::ui::ExitplanApp;

    /// The text field named `label` (a table header or a label may carry the same word).
    pub fn field<'h>(
        harness: &'h Harness<'_, ExitplanApp>,
        label: &'h str,
    ) -> egui_kittest::Node<'h> {
        use egui::accesskit::Role;
        harness.get_by(move |n| {
            n.label().as_deref() == Some(label)
                && matches!(
                    n.role(),
                    Role::TextInput | Role::MultilineTextInput | Role::PasswordInput
                )
        })
    }

    /// The real window's state in a harness of `size`, opened on `view`, first frame run.
    pub fn harness(
        store: exitplan::store::Store,
        view: exitplan::ui::View,
        size: egui::Vec2,
    ) -> Harness<'static, ExitplanApp> {
        let state = exitplan::ui::UiState {
            view,
            ..Default::default()
        };
        // A popup closing while new widgets appear can take a few frames to settle.
        let mut harness = Harness::builder()
            .with_size(size)
            .with_max_steps(12)
            .build_ui_state(
                |ui, app: &mut ExitplanApp| app.ui(ui),
                ExitplanApp::new(store, state),
            );
        settle(&mut harness);
        harness
    }

    /// Runs frames until the window's background work (the hourly drafting, a commit on
    /// a worker, a send) is done, then until the frame settles.
    pub fn settle(harness: &mut Harness<'_, ExitplanApp>) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        harness.step();
        while harness.state().is_busy() {
            assert!(
                std::time::Instant::now() < deadline,
                "the window's background work did not finish"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
            harness.step();
        }
        harness.run();
    }

    /// Clicks the widget named `label` and lets the frame settle.
    pub fn click(harness: &mut Harness<'_, ExitplanApp>, label: &str) {
        // A long view (Settings) may have it below the fold.
        harness.get_by_label(label).scroll_to_me();
        harness.run();
        harness.get_by_label(label).click();
        settle(harness);
    }

    /// Clicks the field named `label` and types `text` into it.
    pub fn type_into(harness: &mut Harness<'_, ExitplanApp>, label: &str, text: &str) {
        field(harness, label).scroll_to_me();
        harness.run();
        field(harness, label).click();
        harness.run();
        field(harness, label).type_text(text);
        harness.run();
    }
}

/// Whether a test that needs a real server from Debian may run: true when every program
/// in `programs` exists. Otherwise it prints one line and the test skips — unless
/// `EXITPLAN_REQUIRE_SERVERS` is set (CI installs the packages and sets it), when the
/// missing program fails the test.
pub fn servers_present(test: &str, programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|program| !program_exists(program))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("EXITPLAN_REQUIRE_SERVERS").is_none(),
        "{test}: EXITPLAN_REQUIRE_SERVERS is set but {} is missing",
        missing.join(", ")
    );
    println!(
        "skipped {test}: needs {} (not on this machine)",
        missing.join(", ")
    );
    false
}

fn program_exists(program: &str) -> bool {
    if program.contains('/') {
        return std::path::Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
