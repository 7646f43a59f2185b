//! The real `exitplan` binary against temp databases: the command-line contract, JSON
//! output, exit codes, and bad input that must leave the database as it was.

mod common;

use common::cli::{exitplan, json, stdout};

use chrono::{Days, Local};
use predicates::prelude::*;

fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}

#[test]
fn add_list_show_edit_archive_round_trip() {
    let db = common::temp_db();
    let id = stdout(exitplan(&db.path).args([
        "contact",
        "add",
        "--name",
        "Priya Raman",
        "--email",
        "priya@brightwave.example",
        "--email",
        "p.raman@mail.example",
        "--org",
        "Brightwave Media",
        "--title",
        "Head of Social",
        "--tag",
        "peer group",
        "--tag",
        "speaker",
        "--cadence",
        "30",
    ]));
    assert_eq!(id.trim(), "1");
    let internal = stdout(exitplan(&db.path).args([
        "contact",
        "add",
        "--name",
        "Rachel Kim",
        "--internal",
        "--tag",
        "internal",
    ]));
    assert_eq!(internal.trim(), "2");

    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2);
    let shown = json(exitplan(&db.path).args(["contact", "show", "1", "--json"]));
    assert_eq!(shown["name"], "Priya Raman");
    assert_eq!(
        shown["emails"][0], "priya@brightwave.example",
        "first email is primary"
    );
    assert_eq!(shown["organization"], "Brightwave Media");
    assert_eq!(shown["tags"], serde_json::json!(["peer group", "speaker"]));
    assert_eq!(shown["cadence_days"], 30);
    assert_eq!(shown["circle"], "External");
    let rachel = json(exitplan(&db.path).args(["contact", "show", "2", "--json"]));
    assert_eq!(rachel["circle"], "Internal");
    assert_eq!(rachel["trust"], "Guarded");

    let tagged = json(exitplan(&db.path).args(["contact", "list", "--tag", "SPEAKER", "--json"]));
    assert_eq!(tagged.as_array().unwrap().len(), 1);
    assert_eq!(tagged[0]["id"], 1);

    exitplan(&db.path)
        .args([
            "contact",
            "edit",
            "1",
            "--title",
            "VP Social",
            "--no-cadence",
        ])
        .assert()
        .success();
    let edited = json(exitplan(&db.path).args(["contact", "show", "1", "--json"]));
    assert_eq!(edited["title"], "VP Social");
    assert_eq!(
        edited["name"], "Priya Raman",
        "fields not given stay as they were"
    );
    assert_eq!(edited["emails"].as_array().unwrap().len(), 2);
    assert!(edited["cadence_days"].is_null());
    exitplan(&db.path)
        .args(["contact", "edit", "2", "--org", "Northwind"])
        .assert()
        .success();
    assert_eq!(
        json(exitplan(&db.path).args(["contact", "show", "2", "--json"]))["circle"],
        "Internal",
        "edit keeps the circle"
    );

    let text = stdout(exitplan(&db.path).args(["contact", "show", "1"]));
    assert!(
        text.contains("Priya Raman (#1)") && text.contains("VP Social"),
        "{text}"
    );

    exitplan(&db.path)
        .args(["contact", "archive", "2"])
        .assert()
        .success();
    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "archived contacts leave the list"
    );
    assert_eq!(
        json(exitplan(&db.path).args(["contact", "show", "2", "--json"]))["archived"],
        true
    );
}

#[test]
fn log_and_due_follow_the_cadence_and_follow_ups() {
    let db = common::temp_db();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Ada", "--cadence", "30"])
        .assert()
        .success();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Bob", "--cadence", "60"])
        .assert()
        .success();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Cy"])
        .assert()
        .success();

    // Never touched: new, first due one cadence after they were added — nobody is due
    // the day they are added (Cy has no cadence at all).
    let due = json(exitplan(&db.path).args(["due", "--json"]));
    assert_eq!(due["contacts"].as_array().unwrap().len(), 0, "{due}");
    let due_ids = json(exitplan(&db.path).args(["contact", "list", "--due", "--json"]));
    assert_eq!(due_ids.as_array().unwrap().len(), 0);
    let new = json(exitplan(&db.path).args(["contact", "list", "--warmth", "new", "--json"]));
    assert_eq!(new.as_array().unwrap().len(), 3);

    let long_ago = (today() - Days::new(45)).to_string();
    let follow = (today() - Days::new(2)).to_string();
    let tp = stdout(exitplan(&db.path).args([
        "log",
        "--contact",
        "1",
        "--contact",
        "2",
        "--kind",
        "coffee",
        "--mutual",
        "--summary",
        "Coffee at the meetup",
        "--date",
        &long_ago,
        "--follow-up",
        &follow,
        "--follow-up-note",
        "Send the deck",
    ]));
    assert!(
        tp.trim().parse::<u64>().is_ok(),
        "prints the touchpoint id: {tp}"
    );

    let due = json(exitplan(&db.path).args(["due", "--json"]));
    let contacts = due["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1, "Bob's 60 days have not passed: {due}");
    assert_eq!(contacts[0]["name"], "Ada");
    assert_eq!(contacts[0]["days_overdue"], 15);
    let follow_ups = due["follow_ups"].as_array().unwrap();
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0]["what"], "Send the deck");
    assert_eq!(follow_ups[0]["days_overdue"], 2);
    assert_eq!(follow_ups[0]["names"], "Ada, Bob");

    exitplan(&db.path)
        .args([
            "log",
            "--contact",
            "1",
            "--kind",
            "call",
            "--gave",
            "--summary",
            "Quick call",
        ])
        .assert()
        .success();
    let due = json(exitplan(&db.path).args(["due", "--json"]));
    assert!(
        due["contacts"].as_array().unwrap().is_empty(),
        "logging resets the clock: {due}"
    );
    let ada = json(exitplan(&db.path).args(["contact", "show", "1", "--json"]));
    assert_eq!(
        (
            ada["gave"].as_u64(),
            ada["mutual"].as_u64(),
            ada["touchpoints"].as_u64()
        ),
        (Some(1), Some(1), Some(2))
    );
    let text = stdout(exitplan(&db.path).arg("due"));
    assert!(
        text.contains("Due follow-ups (1)") && text.contains("Send the deck"),
        "{text}"
    );
    // One line per follow-up: its id, what and with whom, and how overdue.
    let line = text.lines().find(|l| l.contains("Send the deck")).unwrap();
    assert!(
        line.trim_start().starts_with(char::is_numeric) && line.contains(" — "),
        "{line}"
    );
    assert!(
        line.ends_with("overdue") || line.ends_with("due today"),
        "{line}"
    );
}

#[test]
fn bad_input_names_the_field_exits_1_and_writes_nothing() {
    let db = common::temp_db();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Ada"])
        .assert()
        .success();
    let before = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    let cases: &[(&[&str], &str)] = &[
        (
            &["contact", "add", "--name", "Bob", "--email", "bob@"],
            "email 'bob@': missing domain",
        ),
        (&["contact", "add", "--name", "   "], "name: required"),
        (
            &["contact", "add", "--name", &"x".repeat(201)],
            "name: too long (201 characters, at most 200)",
        ),
        (
            &["contact", "add", "--name", "Bob", "--cadence", "0"],
            "cadence: 0 days is out of range",
        ),
        (&["contact", "show", "42"], "contact 42 does not exist"),
        (
            &["contact", "edit", "1", "--email", "not-an-address"],
            "email 'not-an-address': missing '@'",
        ),
        (
            &[
                "log",
                "--contact",
                "7",
                "--kind",
                "call",
                "--gave",
                "--summary",
                "x",
            ],
            "contact 7 does not exist",
        ),
        (
            &[
                "log",
                "--contact",
                "1",
                "--kind",
                "fax",
                "--gave",
                "--summary",
                "x",
            ],
            "kind 'fax': unknown",
        ),
        (
            &[
                "log",
                "--contact",
                "1",
                "--kind",
                "call",
                "--gave",
                "--summary",
                "x",
                "--date",
                "2150-01-01",
            ],
            "date: 2150-01-01 is in the future",
        ),
        (
            &[
                "log",
                "--contact",
                "1",
                "--kind",
                "call",
                "--gave",
                "--summary",
                "  ",
            ],
            "summary: required",
        ),
    ];
    for (args, message) in cases {
        exitplan(&db.path)
            .args(*args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    let after = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(
        before, after,
        "nothing was written, not even an updated stamp"
    );
    assert_eq!(after[0]["touchpoints"], 0);
}

/// A bad date is refused while the command line is read (a usage mistake: exit 2),
/// naming the flag and the value, before the database is opened: nothing is written.
#[test]
fn a_bad_date_names_the_flag_and_the_value_exits_2_and_writes_nothing() {
    let db = common::temp_db();
    stdout(exitplan(&db.path).args(["contact", "add", "--name", "Ada"]));
    let before = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    let log = ["log", "--contact", "1", "--kind", "call", "--gave"];
    let cases: &[(&[&str], &str)] = &[
        (
            &[&log[..], &["--summary", "x", "--date", "2026-13-40"]].concat(),
            "invalid value '2026-13-40' for '--date <YYYY-MM-DD>': not a date like 2026-11-24",
        ),
        (
            &[
                &log[..],
                &[
                    "--summary",
                    "x",
                    "--follow-up",
                    "soon",
                    "--follow-up-note",
                    "y",
                ],
            ]
            .concat(),
            "invalid value 'soon' for '--follow-up <YYYY-MM-DD>': not a date like 2026-11-24",
        ),
        (
            &["snooze", "1", "--until", "2026-02-30"],
            "invalid value '2026-02-30' for '--until <YYYY-MM-DD>': not a date like 2026-11-24",
        ),
        (
            &["ask", "add", "--what", "x", "--asked-on", "yesterday"],
            "invalid value 'yesterday' for '--asked-on <YYYY-MM-DD>': not a date like 2026-11-24",
        ),
    ];
    for (args, message) in cases {
        exitplan(&db.path)
            .args(*args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    let after = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(before, after, "nothing was written");
    assert_eq!(after[0]["touchpoints"], 0);
}

#[test]
fn usage_mistakes_exit_2() {
    let db = common::temp_db();
    for args in [
        vec!["contact", "add"],
        vec!["contact", "add", "--name", "A", "--cadence", "soon"],
        vec!["log", "--contact", "1", "--kind", "call", "--summary", "x"],
        vec![
            "log",
            "--contact",
            "1",
            "--kind",
            "call",
            "--gave",
            "--received",
            "--summary",
            "x",
        ],
        vec!["frobnicate"],
    ] {
        exitplan(&db.path)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::is_empty().not());
    }
    assert!(!db.path.exists(), "a usage mistake opens no database");
}

#[test]
fn a_database_held_by_another_process_exits_3_with_one_clear_line() {
    let db = common::temp_db();
    let _window = common::open(&db.path); // this test process holds the file
    let assert = exitplan(&db.path)
        .args(["contact", "list"])
        .assert()
        .code(3);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("in use by another exitplan"), "{stderr}");
}

#[test]
fn files_that_are_not_ours_exit_1_and_stay_untouched() {
    let db = common::temp_db();
    std::fs::write(&db.path, "First Name,Last Name\nAda,Lovelace\n").unwrap();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "X"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not an exitplan database"));
    assert_eq!(
        std::fs::read_to_string(&db.path).unwrap(),
        "First Name,Last Name\nAda,Lovelace\n"
    );
}

#[test]
fn the_database_can_come_from_the_environment() {
    let db = common::temp_db();
    let mut cmd = assert_cmd::Command::cargo_bin("exitplan").unwrap();
    cmd.env("EXITPLAN_DB", &db.path)
        .args(["contact", "add", "--name", "Env"])
        .assert()
        .success();
    assert!(db.path.exists());
    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(list[0]["name"], "Env");
}

#[test]
fn demo_fills_an_empty_database_and_refuses_a_full_one() {
    let db = common::temp_db();
    let out = stdout(exitplan(&db.path).arg("demo"));
    assert!(out.contains("demo contacts"), "{out}");
    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    let contacts = list.as_array().unwrap();
    assert!(
        (35..=45).contains(&contacts.len()),
        "about 40 contacts: {}",
        contacts.len()
    );
    let touchpoints: u64 = contacts
        .iter()
        .map(|c| c["touchpoints"].as_u64().unwrap())
        .sum();
    assert!(
        touchpoints >= 150,
        "150 touchpoints, some with several contacts: {touchpoints}"
    );
    let due = json(exitplan(&db.path).args(["due", "--json"]));
    assert!(
        !due["contacts"].as_array().unwrap().is_empty(),
        "the demo has someone due today"
    );
    exitplan(&db.path)
        .arg("demo")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already has contacts"));
}

#[test]
fn no_arguments_opens_the_window() {
    // Without a display the window cannot open; the binary must say so, not panic.
    let db = common::temp_db();
    exitplan(&db.path)
        .env("DISPLAY", "")
        .env("WAYLAND_DISPLAY", "")
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the window could not open"));
    assert!(
        db.path.exists(),
        "the database was opened before the window"
    );
}

/// A kill during the very first write (here: once the new database is complete under
/// its temporary name, before it takes its place) leaves nothing at the path; the
/// next run creates it and says so.
#[test]
fn a_kill_during_the_first_write_does_not_brick_the_database() {
    let db = common::temp_db();
    exitplan(&db.path)
        .env("EXITPLAN_FAILPOINT", "database-made")
        .args(["contact", "add", "--name", "Ada"])
        .assert()
        .failure();
    assert!(!db.path.exists(), "no half-made file at the path");
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Ada"])
        .assert()
        .success()
        .stderr(predicate::str::contains("created a new database at"));
    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Only the database is left in the folder (no temporary file).
    let names: Vec<String> = std::fs::read_dir(db.path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// Two processes creating the same new database at once: one makes it, the other
/// waits for it and then adds its contact too — no "File exists".
#[test]
fn two_first_runs_at_once_both_land() {
    let db = common::temp_db();
    let spawn = |name: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("exitplan"))
            .arg("--db")
            .arg(&db.path)
            .args(["contact", "add", "--name", name])
            .env("EXITPLAN_LOCK_WAIT_SECS", "20")
            .env_remove("EXITPLAN_DB")
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn("Ada"));
        let b = s.spawn(|| spawn("Grace"));
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2);
}

/// A typo in --db's folder is an error, and no folder is made.
#[test]
fn a_db_path_in_a_missing_folder_is_refused_without_making_folders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo").join("deeper").join("db.redb");
    exitplan(&path)
        .args(["contact", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    assert!(!dir.path().join("typo").exists());
}

/// A reader that stops early (`exitplan contact list | head -1`) is not an error.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let db = common::temp_db();
    let mut store = common::open(&db.path);
    for i in 0..3000 {
        common::add(
            &mut store,
            &format!("Person {i:04} with a long enough name"),
            None,
        );
    }
    drop(store);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("exitplan"))
        .arg("--db")
        .arg(&db.path)
        .args(["contact", "list", "--json"])
        .env_remove("EXITPLAN_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone now; the rest of the list cannot be written.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('['), "{first}");
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// A reader gone before the first line (`exitplan outbox show 1 | true`) is not an
/// error on any command; and with standard error gone as well, a command still exits
/// with its own code (0, or 1 for an error), never a panic's.
#[test]
fn a_reader_gone_before_anything_is_written_ends_quietly() {
    use exitplan::store::{Change, MailChange};
    let db = common::temp_db();
    let mut store = common::open(&db.path);
    common::add(&mut store, "Ada", Some(30));
    let digest = store
        .apply(Change::Mail(MailChange::CreateDigest {
            day: today(),
            to: "me@example.com".into(),
            subject: "Your digest".into(),
            body: "Nothing is due.".into(),
        }))
        .unwrap()
        .new_id()
        .unwrap()
        .to_string();
    drop(store);
    let run = |db: &std::path::Path, args: &[&str], stderr_gone: bool| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("exitplan"));
        command
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("EXITPLAN_DB")
            .env("EXITPLAN_KEYRING", "off")
            .stdin(std::process::Stdio::null());
        if stderr_gone {
            command.stderr(writer.try_clone().unwrap());
        }
        command.stdout(writer).output().unwrap()
    };
    for args in [
        &["contact", "list"][..],
        &["contact", "show", "1"],
        &["contact", "show", "1", "--json"],
        &["outbox", "show", &digest],
        &["outbox", "show", &digest, "--json"],
        &["outbox", "list"],
        &["due"],
        &["settings", "show"],
        &["--help"],
    ] {
        let out = run(&db.path, args, false);
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
    assert_eq!(
        run(&db.path, &["contact", "show", "999"], true)
            .status
            .code(),
        Some(1)
    );
    let new = db.dir.path().join("new.redb");
    assert_eq!(run(&new, &["contact", "list"], true).status.code(), Some(0));
}

/// A date the user types must fall in 1900–2200 (a typo like 0026 is refused).
#[test]
fn typed_dates_outside_the_usual_years_are_refused() {
    let db = common::temp_db();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Ada", "--met-on", "0026-03-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the years 1900 to 2200"));
    stdout(exitplan(&db.path).args(["contact", "add", "--name", "Ada"]));
    exitplan(&db.path)
        .args([
            "log",
            "--contact",
            "1",
            "--kind",
            "call",
            "--mutual",
            "--summary",
            "Hi",
            "--date",
            "2301-01-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '2301-01-01' for '--date <YYYY-MM-DD>': 2301-01-01 is outside the years 1900 to 2200",
        ));
}

/// A panic inside the storage library (injected here as a damaged page would cause it)
/// becomes a clear error, on opening and on writing, and nothing is changed.
#[test]
fn a_panic_in_the_storage_layer_is_an_error_and_changes_nothing() {
    let db = common::temp_db();
    stdout(exitplan(&db.path).args(["contact", "add", "--name", "Ada"]));
    for failpoint in ["storage-panic-write", "storage-panic-open"] {
        exitplan(&db.path)
            .env("EXITPLAN_FAILPOINT", failpoint)
            .args(["contact", "add", "--name", "Grace"])
            .env("RUST_BACKTRACE", "1")
            .assert()
            .code(1)
            .stderr(predicate::str::contains("may be damaged"))
            // The user's words only: no panic message or backtrace from inside.
            .stderr(predicate::str::contains("panicked").not())
            .stderr(predicate::str::contains("stack backtrace").not());
    }
    let list = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing was added");
}

/// `exitplan due` asks the question Today asks, the digest and the reminder run: the
/// same contacts, in the same order, on the demo data (snoozes and new contacts
/// included).
#[test]
fn the_command_line_and_the_window_agree_on_who_is_due() {
    let db = common::temp_db();
    exitplan(&db.path).arg("demo").assert().success();
    let said = json(exitplan(&db.path).args(["due", "--json"]));
    let by_cli: Vec<u64> = said["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect();
    assert!(!by_cli.is_empty(), "the demo has someone due");
    let store = exitplan::store::Store::open(&db.path).unwrap();
    let by_window: Vec<u64> = store
        .model()
        .due_contacts(store.today())
        .iter()
        .map(|d| d.id.0)
        .collect();
    assert_eq!(by_cli, by_window);
}

/// An empty file at the database's place becomes a new, private database, and is told
/// as one.
#[test]
fn an_empty_file_becomes_a_private_new_database_and_says_so() {
    let db = common::temp_db();
    std::fs::write(&db.path, b"").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    exitplan(&db.path)
        .args(["contact", "add", "--name", "Ada"])
        .assert()
        .success()
        .stderr(predicate::str::contains("created a new database"));
    let mode = std::fs::metadata(&db.path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
