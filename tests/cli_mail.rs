//! The reminder-email command line through the real binary: settings, contact
//! discretion, `remind` (idempotent drafting, sending, the digest), the outbox
//! commands, the SMTP password, crash injection on the send path, a held database,
//! and the schedule helper.

mod common;

use std::process::Stdio;

use common::cli::{exitplan, json, stdout};
use common::smtp::{Behaviour, Security, TestServer};
use common::temp_db;
use predicates::prelude::*;

fn set(db: &std::path::Path, key: &str, value: &str) {
    exitplan(db)
        .args(["settings", "set", key, value])
        .assert()
        .success();
}

/// A database with identity, employer and a plaintext loopback SMTP server, one
/// capability for emails and `people` due contacts with addresses.
fn prepared(port: u16, people: &[(&str, &str)]) -> common::TempDb {
    let db = temp_db();
    let p = &db.path;
    set(p, "identity.name", "Sam Rivera");
    set(p, "identity.email", "sam@personal.example");
    set(p, "employer.name", "Northwind Outfitters");
    set(p, "employer.domain", "northwind.example");
    set(p, "smtp.host", "127.0.0.1");
    set(p, "smtp.port", &port.to_string());
    set(p, "smtp.security", "none");
    set(p, "smtp.timeout_secs", "3");
    set(p, "digest.time", "00:00");
    exitplan(p)
        .args([
            "capability",
            "add",
            "--title",
            "the spring launch",
            "--numbers",
            "+38% reach",
            "--for-emails",
        ])
        .assert()
        .success();
    // Their last touch (something they did for the user) was 40 days ago: due now.
    let ago = (chrono::Local::now().date_naive() - chrono::Days::new(40)).to_string();
    for (name, email) in people {
        let id = stdout(exitplan(p).args([
            "contact",
            "add",
            "--name",
            name,
            "--email",
            email,
            "--cadence",
            "30",
        ]));
        exitplan(p)
            .args([
                "log",
                "--contact",
                id.trim(),
                "--kind",
                "call",
                "--received",
            ])
            .args(["--summary", "They sent a lead", "--date", &ago])
            .assert()
            .success();
    }
    db
}

fn outbox(db: &std::path::Path) -> Vec<serde_json::Value> {
    json(exitplan(db).args(["outbox", "list", "--json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn approve_all(db: &std::path::Path) {
    for entry in outbox(db) {
        if entry["status"] == "draft" {
            exitplan(db)
                .args(["outbox", "approve", &entry["id"].to_string()])
                .assert()
                .success();
        }
    }
}

#[test]
fn settings_show_and_set_name_the_choices() {
    let db = temp_db();
    set(&db.path, "smtp.security", "tls");
    set(&db.path, "cadence.tag.peer group", "30");
    let shown = json(exitplan(&db.path).args(["settings", "show", "--json"]));
    assert_eq!(shown["smtp.security"], "tls");
    assert_eq!(shown["smtp.port"], "465");
    assert_eq!(shown["cadence.tag.peer group"], "30");
    exitplan(&db.path)
        .args(["settings", "set", "smtp.security", "ssl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("starttls, tls, none"));
    exitplan(&db.path)
        .args(["settings", "set", "smtp.colour", "blue"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("identity.name")
                .and(predicate::str::contains("cadence.tag.TAG")),
        );
    set(&db.path, "employer.domain", "northwind.example");
    exitplan(&db.path)
        .args(["settings", "set", "identity.email", "sam@northwind.example"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("employer's domain"));
    // A tag cadence applies to contacts with that tag and no cadence of their own —
    // and follows the setting when it changes.
    let id =
        stdout(exitplan(&db.path).args(["contact", "add", "--name", "Pat", "--tag", "Peer Group"]));
    let contact = json(exitplan(&db.path).args(["contact", "show", id.trim(), "--json"]));
    assert_eq!(contact["cadence_days"], serde_json::Value::Null);
    assert_eq!(contact["effective_cadence_days"], 30);
    set(&db.path, "cadence.tag.peer group", "45");
    let contact = json(exitplan(&db.path).args(["contact", "show", id.trim(), "--json"]));
    assert_eq!(contact["effective_cadence_days"], 45);
    set(&db.path, "cadence.tag.peer group", "none");
    set(&db.path, "cadence.external", "120");
    let contact = json(exitplan(&db.path).args(["contact", "show", id.trim(), "--json"]));
    assert_eq!(
        contact["effective_cadence_days"], 120,
        "then the circle's default"
    );
}

#[test]
fn discretion_defaults_and_can_be_set() {
    let db = temp_db();
    set(&db.path, "employer.domain", "northwind.example");
    let add = |args: &[&str]| {
        let mut cmd = exitplan(&db.path);
        cmd.args(["contact", "add"]).args(args);
        stdout(&mut cmd).trim().to_string()
    };
    let outside = add(&["--name", "Ada", "--email", "ada@home.example"]);
    let inside = add(&["--name", "Ines", "--internal"]);
    let colleague = add(&["--name", "Dan", "--email", "dan@northwind.example"]);
    let knows = add(&["--name", "Kim", "--discretion", "knows"]);
    let level = |id: &str| {
        json(exitplan(&db.path).args(["contact", "show", id, "--json"]))["discretion"].clone()
    };
    assert_eq!(level(&outside), "capabilities");
    assert_eq!(level(&inside), "never");
    assert_eq!(level(&colleague), "never");
    assert_eq!(level(&knows), "knows");
    exitplan(&db.path)
        .args(["contact", "edit", &outside, "--discretion", "never"])
        .assert()
        .success();
    assert_eq!(level(&outside), "never");
    exitplan(&db.path)
        .args(["contact", "add", "--name", "X", "--discretion", "maybe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("knows, capabilities, never"));
}

#[test]
fn remind_drafts_once_then_sends_approved_once() {
    let server = TestServer::start(Security::Plain);
    let db = prepared(
        server.port,
        &[
            ("Ada Lovelace", "ada@analytical.example"),
            ("Dan Colleague", "dan@northwind.example"),
        ],
    );
    let first = json(exitplan(&db.path).args(["remind", "--json"]));
    assert_eq!(first["drafted"], 1, "{first}");
    assert_eq!(first["skipped"]["at your employer"], 1, "{first}");
    let second = json(exitplan(&db.path).args(["remind", "--json"]));
    assert_eq!(second["drafted"], 0, "idempotent: {second}");
    let entries = outbox(&db.path);
    assert_eq!(entries.len(), 1);
    let id = entries[0]["id"].to_string();
    let shown = stdout(exitplan(&db.path).args(["outbox", "show", &id]));
    assert!(shown.contains("Message-ID: <"), "{shown}");
    // Not approved yet: --send sends nothing.
    let nothing = json(exitplan(&db.path).args(["remind", "--send", "--json"]));
    assert_eq!(nothing["sent"], 0);
    assert!(server.received().is_empty());

    approve_all(&db.path);
    let sent = json(exitplan(&db.path).args(["remind", "--send", "--json"]));
    assert_eq!(sent["sent"], 1, "{sent}");
    let again = json(exitplan(&db.path).args(["remind", "--send", "--json"]));
    assert_eq!(again["sent"], 0);
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, vec!["ada@analytical.example".to_string()]);
    assert_eq!(
        received[0].header("Message-ID").unwrap(),
        entries[0]["message_id"]
    );
    let after = outbox(&db.path);
    assert_eq!(after[0]["status"], "sent");
    // The email is a touchpoint now.
    let contacts = json(exitplan(&db.path).args(["contact", "list", "--json"]));
    let ada = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Ada Lovelace")
        .unwrap();
    assert_eq!(ada["gave"], 1);

    // The digest: once a day.
    let digest = json(exitplan(&db.path).args(["remind", "--send", "--digest", "--json"]));
    assert!(
        digest["digest"].as_str().unwrap().starts_with("made"),
        "{digest}"
    );
    assert_eq!(digest["sent"], 1);
    let digest_again = json(exitplan(&db.path).args(["remind", "--send", "--digest", "--json"]));
    assert!(
        digest_again["digest"].as_str().unwrap().contains("already"),
        "{digest_again}"
    );
    assert_eq!(server.received().len(), 2);
    assert_eq!(
        server.received()[1].to,
        vec!["sam@personal.example".to_string()]
    );
}

#[test]
fn outbox_commands_check_their_input() {
    let db = prepared(25, &[("Ada Lovelace", "ada@analytical.example")]);
    exitplan(&db.path).arg("remind").assert().success();
    let id = outbox(&db.path)[0]["id"].to_string();
    let body = db.dir.path().join("body.txt");
    std::fs::write(&body, "Hi Ada,\n\nI am job hunting — here is my CV.\n").unwrap();
    exitplan(&db.path)
        .args(["outbox", "edit", &id, "--body-file"])
        .arg(&body)
        .assert()
        .success();
    let shown = json(exitplan(&db.path).args(["outbox", "show", &id, "--json"]));
    assert_eq!(shown["lint"].as_array().unwrap().len(), 2, "{shown}");
    exitplan(&db.path)
        .args(["outbox", "approve", &id])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("override"));
    exitplan(&db.path)
        .args(["outbox", "approve", &id, "--override-lint"])
        .assert()
        .success();
    exitplan(&db.path)
        .args([
            "outbox",
            "edit",
            &id,
            "--subject",
            "Hi\r\nBcc: boss@northwind.example",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("subject"));
    assert_eq!(
        outbox(&db.path)[0]["status"],
        "approved",
        "a refused edit changes nothing"
    );
    exitplan(&db.path)
        .args(["outbox", "resolve", &id, "--was-sent"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not needs-review"));
    exitplan(&db.path)
        .args(["outbox", "discard", &id])
        .assert()
        .success();
    assert_eq!(
        json(exitplan(&db.path).args(["outbox", "list", "--status", "discarded", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    exitplan(&db.path)
        .args(["outbox", "list", "--status", "lost"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs-review"));
}

/// Runs `remind --send` with a crash point; returns after the process died.
fn crash_run(db: &std::path::Path, failpoint: &str) {
    let status = exitplan(db)
        .args(["remind", "--send"])
        .env("EXITPLAN_FAILPOINT", failpoint)
        .assert()
        .failure();
    assert_eq!(
        status.get_output().status.code(),
        None,
        "{failpoint}: killed by a signal"
    );
}

#[test]
fn a_kill_anywhere_on_the_send_path_never_sends_twice_or_loses_the_email() {
    let server = TestServer::start(Security::Plain);
    let cases: [(&str, usize, &str); 3] = [
        // (crash point, messages the server has after the crash, status found after)
        ("before-begin", 0, "approved"),
        ("before-connect", 0, "needs-review"),
        ("after-250", 1, "needs-review"),
    ];
    for (point, delivered, status) in cases {
        let before = server.received().len();
        let db = prepared(server.port, &[("Ada Lovelace", "ada@analytical.example")]);
        exitplan(&db.path).arg("remind").assert().success();
        approve_all(&db.path);
        crash_run(&db.path, point);
        assert_eq!(server.received().len() - before, delivered, "{point}");
        let entry = outbox(&db.path).remove(0);
        assert_eq!(entry["status"], status, "{point}: {entry}");
        settle(&db.path, &entry, delivered == 1);
        exitplan(&db.path)
            .args(["remind", "--send"])
            .assert()
            .success();
        exitplan(&db.path)
            .args(["remind", "--send"])
            .assert()
            .success();
        assert_eq!(
            server.received().len() - before,
            1,
            "{point}: exactly one copy"
        );
        assert_eq!(outbox(&db.path)[0]["status"], "sent", "{point}");
    }

    // Killed by the server after DATA, before its "250".
    let before = server.received().len();
    let db = prepared(server.port, &[("Ada Lovelace", "ada@analytical.example")]);
    exitplan(&db.path).arg("remind").assert().success();
    approve_all(&db.path);
    let child = spawn_send(&db.path);
    server.set(Behaviour::KillAtDataEnd(child.id()));
    let output = child.wait_with_output().unwrap();
    server.set(Behaviour::Accept);
    assert_eq!(output.status.code(), None, "killed");
    assert_eq!(server.received().len() - before, 1);
    let entry = outbox(&db.path).remove(0);
    assert_eq!(entry["status"], "needs-review", "{entry}");
    let shown = stdout(exitplan(&db.path).args(["outbox", "show", &entry["id"].to_string()]));
    assert!(shown.contains("check your Sent folder"), "{shown}");
    settle(&db.path, &entry, true);
    exitplan(&db.path)
        .args(["remind", "--send"])
        .assert()
        .success();
    assert_eq!(server.received().len() - before, 1, "exactly one copy");
}

/// `remind --send` as a child process, for the server to kill at the end of DATA.
fn spawn_send(db: &std::path::Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("exitplan"))
        .arg("--db")
        .arg(db)
        .args(["remind", "--send"])
        .env("EXITPLAN_KEYRING", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// What the user does after a crash: says whether it was sent (as their Sent folder
/// shows).
fn settle(db: &std::path::Path, entry: &serde_json::Value, was_sent: bool) {
    if entry["status"] == "needs-review" {
        let flag = if was_sent { "--was-sent" } else { "--not-sent" };
        exitplan(db)
            .args(["outbox", "resolve", &entry["id"].to_string(), flag])
            .assert()
            .success();
    }
}

#[test]
fn the_password_comes_from_a_private_file_and_never_reaches_the_database_or_output() {
    let password = "correct-horse-battery-staple-91";
    let server = TestServer::start(Security::StartTls {
        auth: Some(("sam".into(), password.into())),
    });
    let db = prepared(server.port, &[("Ada Lovelace", "ada@analytical.example")]);
    set(&db.path, "smtp.host", "localhost");
    set(&db.path, "smtp.security", "starttls");
    set(&db.path, "smtp.username", "sam");
    let ca = server.certificate_file(db.dir.path());
    let saved = stdout(
        exitplan(&db.path)
            .args(["smtp", "password"])
            .write_stdin(format!("{password}\n")),
    );
    assert!(saved.contains("readable only by you"), "{saved}");
    let file = exitplan::mail::credentials::password_file(&db.path);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let tested = exitplan(&db.path)
        .args(["smtp", "test"])
        .env("EXITPLAN_SMTP_CA_FILE", &ca)
        .assert()
        .success();
    let tested = String::from_utf8_lossy(&tested.get_output().stdout).to_string();
    assert!(
        tested.contains("logged in as sam") && tested.contains("readable only by you"),
        "{tested}"
    );

    exitplan(&db.path).arg("remind").assert().success();
    approve_all(&db.path);
    let run = exitplan(&db.path)
        .args(["remind", "--send"])
        .env("EXITPLAN_SMTP_CA_FILE", &ca)
        .assert()
        .success();
    let output = run.get_output();
    let all_output = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        all_output.contains("SMTP password from the file"),
        "{all_output}"
    );
    assert_eq!(server.received().len(), 1);
    assert!(!all_output.contains(password));
    let bytes = std::fs::read(&db.path).unwrap();
    assert!(
        !bytes
            .windows(password.len())
            .any(|w| w == password.as_bytes()),
        "the password is not in the database file"
    );

    // A password file others can read is refused, with the fix.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    exitplan(&db.path)
        .args(["smtp", "test"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("chmod 600"));
}

#[test]
fn remind_against_a_held_database_exits_3_and_changes_nothing() {
    let db = prepared(25, &[("Ada Lovelace", "ada@analytical.example")]);
    let held = exitplan::store::Store::open(&db.path).unwrap();
    let before = std::fs::read(&db.path).unwrap();
    let failed = exitplan(&db.path)
        .args(["remind", "--send", "--digest"])
        .env("EXITPLAN_LOCK_WAIT_SECS", "0.5")
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        std::fs::read(&db.path).unwrap() == before,
        "the file is untouched"
    );
    drop(held);
    let outbox = outbox(&db.path);
    assert!(outbox.is_empty(), "nothing was drafted: {outbox:?}");
}

#[test]
fn schedule_installs_a_catch_up_timer_or_prints_a_crontab_line() {
    let db = temp_db();
    let config = db.dir.path().join("config");
    let installed = stdout(
        exitplan(&db.path)
            .args(["schedule", "install", "--no-start"])
            .env("XDG_CONFIG_HOME", &config),
    );
    let units = config.join("systemd/user");
    let service = std::fs::read_to_string(units.join("exitplan-remind.service")).unwrap();
    let timer = std::fs::read_to_string(units.join("exitplan-remind.timer")).unwrap();
    assert!(
        service.contains(&format!(
            "--db \"{}\" remind --send --digest",
            db.path.display()
        )),
        "{service}"
    );
    assert!(timer.contains("Persistent=true"));
    assert!(
        installed.contains("systemctl --user enable --now exitplan-remind.timer"),
        "{installed}"
    );
    let cron = stdout(exitplan(&db.path).args(["schedule", "install", "--cron"]));
    assert!(
        cron.starts_with("7 * * * * '") && cron.contains("remind --send --digest"),
        "{cron}"
    );
    let removed = stdout(
        exitplan(&db.path)
            .args(["schedule", "remove", "--no-start"])
            .env("XDG_CONFIG_HOME", &config),
    );
    assert!(removed.contains("removed"), "{removed}");
    assert!(!units.join("exitplan-remind.timer").exists());
}

/// While `remind --send` waits on a slow server, the database is not held: another
/// command opens it at once (and does not take the email in flight for an interrupted
/// one); the email then lands as sent, once.
#[test]
fn a_slow_server_does_not_lock_the_database_during_the_send() {
    let server = TestServer::start(Security::Plain);
    let db = prepared(server.port, &[("Ada Lovelace", "ada@analytical.example")]);
    exitplan(&db.path).arg("remind").assert().success();
    approve_all(&db.path);
    set(&db.path, "smtp.timeout_secs", "10");
    server.set(Behaviour::Delay(2_500));
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("exitplan"))
        .arg("--db")
        .arg(&db.path)
        .args(["remind", "--send"])
        .env("EXITPLAN_KEYRING", "off")
        .env_remove("EXITPLAN_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the email is in flight.
    let started = std::time::Instant::now();
    while outbox(&db.path)
        .first()
        .is_none_or(|e| e["status"] != "sending")
    {
        assert!(started.elapsed().as_secs() < 10, "the send never began");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // A command with a short lock wait gets in while the server is slow.
    exitplan(&db.path)
        .env("EXITPLAN_LOCK_WAIT_SECS", "0.5")
        .args(["contact", "list"])
        .assert()
        .success();
    assert_eq!(
        outbox(&db.path)[0]["status"],
        "sending",
        "not taken for interrupted"
    );
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(outbox(&db.path)[0]["status"], "sent");
    assert_eq!(server.received().len(), 1);
}

/// One step of the property below: what happens to one `remind --send` run.
#[derive(Debug, Clone)]
enum Step {
    /// It runs to its end against a server that answers this way.
    Send(Behaviour),
    /// It is killed (SIGKILL) at this point of the send path.
    KilledAt(&'static str),
    /// The server kills it at the end of DATA, before answering.
    KilledAtDataEnd,
    /// The user answers Needs review as their Sent folder shows.
    Settle,
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        3 => Just(Step::Send(Behaviour::Accept)),
        1 => Just(Step::Send(Behaviour::RejectRecipient)),
        2 => Just(Step::Send(Behaviour::TemporaryFailure)),
        // Takes the whole message, then says nothing past the 1 s timeout.
        1 => Just(Step::Send(Behaviour::SilentAfterData(2))),
        1 => Just(Step::KilledAt("before-begin")),
        1 => Just(Step::KilledAt("before-connect")),
        2 => Just(Step::KilledAt("after-250")),
        2 => Just(Step::KilledAtDataEnd),
        2 => Just(Step::Settle),
    ]
}

/// The Message-IDs the server has, once per delivery.
fn delivered_ids(server: &TestServer, before: usize) -> Vec<String> {
    server.received()[before..]
        .iter()
        .filter_map(|r| r.header("Message-ID"))
        .map(|m| m.trim().trim_matches(['<', '>']).to_string())
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8))]

    /// Random sequences of kills (at each point of the send path, and by the server
    /// after the message) and server answers, with the real binary: no Message-ID is
    /// delivered twice, and every email ends sent, failed with the server's words,
    /// waiting to be sent, or under Needs review.
    #[test]
    fn whatever_kills_and_answers_come_nothing_is_delivered_twice(
        steps in proptest::collection::vec(step(), 1..6)
    ) {
        static SERVER: std::sync::OnceLock<TestServer> = std::sync::OnceLock::new();
        let server = SERVER.get_or_init(|| TestServer::start(Security::Plain));
        let before = server.received().len();
        let db = prepared(
            server.port,
            &[("Ada Lovelace", "ada@analytical.example"), ("Grace Hopper", "grace@navy.example")],
        );
        set(&db.path, "smtp.timeout_secs", "1");
        exitplan(&db.path).arg("remind").assert().success();
        approve_all(&db.path);
        let ids: Vec<String> = outbox(&db.path)
            .iter()
            .map(|e| e["message_id"].as_str().unwrap().trim_matches(['<', '>']).to_string())
            .collect();
        proptest::prop_assert_eq!(ids.len(), 2);
        for step in steps {
            match step {
                Step::Send(behaviour) => {
                    server.set(behaviour);
                    exitplan(&db.path).args(["remind", "--send"]).output().unwrap();
                }
                Step::KilledAt(point) => {
                    server.set(Behaviour::Accept);
                    // Killed there, or done without passing it (nothing left to send).
                    exitplan(&db.path)
                        .args(["remind", "--send"])
                        .env("EXITPLAN_FAILPOINT", point)
                        .output()
                        .unwrap();
                }
                Step::KilledAtDataEnd => {
                    let child = spawn_send(&db.path);
                    server.set(Behaviour::KillAtDataEnd(child.id()));
                    child.wait_with_output().unwrap();
                }
                Step::Settle => {
                    let delivered = delivered_ids(server, before);
                    for entry in outbox(&db.path) {
                        let id = entry["message_id"].as_str().unwrap().trim_matches(['<', '>']);
                        settle(&db.path, &entry, delivered.iter().any(|d| d == id));
                    }
                }
            }
            server.set(Behaviour::Accept);
            let delivered = delivered_ids(server, before);
            for id in &ids {
                let copies = delivered.iter().filter(|d| *d == id).count();
                proptest::prop_assert!(copies <= 1, "{} delivered {} times", id, copies);
            }
        }
        for entry in outbox(&db.path) {
            let status = entry["status"].as_str().unwrap();
            let settled = match status {
                "sent" | "approved" | "needs-review" => true,
                "failed" => entry["last_error"].as_str().is_some_and(|e| !e.is_empty()),
                _ => false,
            };
            proptest::prop_assert!(settled, "{}", entry);
        }
    }
}
