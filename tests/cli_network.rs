//! Warm paths, warmth, snoozing, the baseline and application rhythms through the real
//! binary.

mod common;

use chrono::{Days, Local};
use common::cli::{exitplan, json, stdout};
use predicates::prelude::*;

fn days_ago(n: u64) -> String {
    Local::now()
        .date_naive()
        .checked_sub_days(Days::new(n))
        .unwrap()
        .to_string()
}

#[test]
fn warm_paths_match_a_company_under_its_spellings_best_first() {
    let db = common::temp_db();
    let e = |args: &[&str]| stdout(exitplan(&db.path).args(args)).trim().to_string();
    let priya = e(&[
        "contact",
        "add",
        "--name",
        "Priya Raman",
        "--org",
        "Brightwave Media, Inc.",
        "--cadence",
        "30",
        "--discretion",
        "knows",
    ]);
    let tom = e(&[
        "contact",
        "add",
        "--name",
        "Tom Okafor",
        "--email",
        "tom@brightwave.example",
        "--cadence",
        "30",
    ]);
    let lena = e(&[
        "contact",
        "add",
        "--name",
        "Lena Vogel",
        "--org",
        "Quarry Labs",
        "--formerly-at",
        "brightwave media",
        "--cadence",
        "30",
    ]);
    let _other = e(&[
        "contact",
        "add",
        "--name",
        "Sam Other",
        "--org",
        "Northwind",
        "--email",
        "sam@gmail.com",
    ]);
    // Priya was in touch recently (warm); Tom long ago (cold).
    e(&[
        "log",
        "--contact",
        &priya,
        "--kind",
        "coffee",
        "--mutual",
        "--summary",
        "Coffee",
        "--date",
        &days_ago(3),
    ]);
    e(&[
        "log",
        "--contact",
        &tom,
        "--kind",
        "call",
        "--received",
        "--summary",
        "Call",
        "--date",
        &days_ago(90),
    ]);

    for spelling in [
        "Brightwave",
        "brightwave media",
        "brightwave.example",
        "BRIGHTWAVE MEDIA LTD",
    ] {
        let paths = json(exitplan(&db.path).args(["paths", spelling, "--json"]));
        let ids: Vec<String> = paths
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].to_string())
            .collect();
        assert_eq!(
            ids,
            [priya.clone(), tom.clone(), lena.clone()],
            "{spelling}"
        );
    }
    let paths = json(exitplan(&db.path).args(["paths", "Brightwave", "--json"]));
    assert_eq!(paths[0]["how"], "works-there");
    assert_eq!(paths[0]["warmth"], "warm");
    assert_eq!(paths[0]["discretion"], "knows");
    assert_eq!(paths[1]["how"], "email-domain");
    assert_eq!(paths[1]["warmth"], "cold");
    assert_eq!(paths[1]["received"], 1);
    assert_eq!(paths[2]["how"], "formerly-at");
    exitplan(&db.path)
        .args(["paths", "Nowhere Inc"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Nobody in your network is at Nowhere Inc",
        ));
    // Editing "formerly at" replaces the list: Lena drops out.
    e(&["contact", "edit", &lena, "--formerly-at", "Acme"]);
    let paths = json(exitplan(&db.path).args(["paths", "Brightwave", "--json"]));
    assert_eq!(paths.as_array().unwrap().len(), 2);
}

#[test]
fn warmth_filters_and_a_snooze_hides_a_contact_without_warming_it() {
    let db = common::temp_db();
    let e = |args: &[&str]| stdout(exitplan(&db.path).args(args)).trim().to_string();
    let warm = e(&["contact", "add", "--name", "Warm One", "--cadence", "30"]);
    let cooling = e(&["contact", "add", "--name", "Cooling One", "--cadence", "30"]);
    let cold = e(&["contact", "add", "--name", "Cold One", "--cadence", "30"]);
    // Never touched: new, and not due until a cadence after it was added.
    e(&["contact", "add", "--name", "New One", "--cadence", "30"]);
    for (id, ago) in [(&warm, 5), (&cooling, 40), (&cold, 75)] {
        e(&[
            "log",
            "--contact",
            id,
            "--kind",
            "call",
            "--gave",
            "--summary",
            "x",
            "--date",
            &days_ago(ago),
        ]);
    }
    let names = |warmth: &str| -> Vec<String> {
        json(exitplan(&db.path).args(["contact", "list", "--warmth", warmth, "--json"]))
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("warm"), ["Warm One"]);
    assert_eq!(names("cooling"), ["Cooling One"]);
    assert_eq!(names("cold"), ["Cold One"]);
    assert_eq!(names("new"), ["New One"]);
    let due = |db: &common::TempDb| -> Vec<String> {
        json(exitplan(&db.path).args(["due", "--json"]))["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        due(&db),
        ["Cold One", "Cooling One"],
        "the new one is not due"
    );
    exitplan(&db.path)
        .args(["contact", "list", "--warmth", "tepid"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("warm, new, cooling, cold"));

    let until = Local::now()
        .date_naive()
        .checked_add_days(Days::new(30))
        .unwrap()
        .to_string();
    exitplan(&db.path)
        .args(["snooze", &cold, "--until", &until])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "Cold One is snoozed until {until}"
        )));
    // The snooze hides her from the due list; she is as cold as her last touch says.
    assert_eq!(due(&db), ["Cooling One"]);
    assert_eq!(names("warm"), ["Warm One"]);
    assert_eq!(names("cold"), ["Cold One"]);
    exitplan(&db.path)
        .args(["snooze", &cold, "--until", &days_ago(1)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not after today"));
    exitplan(&db.path)
        .args(["snooze", "999", "--until", &until])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("contact 999 does not exist"));
}

#[test]
fn the_current_job_is_the_baseline_for_every_application() {
    let db = common::temp_db();
    let e = |args: &[&str]| stdout(exitplan(&db.path).args(args)).trim().to_string();
    let remote = e(&["criterion", "add", "--text", "Remote days", "--must"]);
    e(&[
        "criterion",
        "add",
        "--text",
        "Learning budget",
        "--nice",
        "5",
    ]);
    let app = e(&["app", "add", "--company", "Brightwave", "--role", "Lead"]);
    e(&["app", "rate", &app, &remote, "met"]);
    exitplan(&db.path)
        .args(["baseline", "rate", "Remote days", "not"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Staying put: 0"));
    exitplan(&db.path)
        .args(["baseline", "rate", "Learning budget", "met"])
        .assert()
        .success();
    let shown = json(exitplan(&db.path).args(["baseline", "show", "--json"]));
    let baseline = shown["score"].as_u64().unwrap();
    assert!(
        baseline <= 40,
        "an unmet must-have caps the baseline: {baseline}"
    );
    let app_json = json(exitplan(&db.path).args(["app", "show", &app, "--json"]));
    let fit = app_json["fit"].as_u64().unwrap();
    assert_eq!(app_json["baseline"].as_u64(), Some(baseline));
    assert_eq!(
        app_json["versus_baseline"].as_i64(),
        Some(fit as i64 - baseline as i64)
    );
    exitplan(&db.path)
        .args(["app", "show", &app])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "staying put {baseline} · this one {fit}, {:+}",
            fit as i64 - baseline as i64
        )));
    exitplan(&db.path)
        .args(["baseline", "rate", "No such criterion", "met"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    exitplan(&db.path)
        .args(["baseline", "rate", &remote, "sort of"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("met, partly, not or unknown"));
}

#[test]
fn an_applied_application_follows_its_rhythm_in_due() {
    let db = common::temp_db();
    let e = |args: &[&str]| stdout(exitplan(&db.path).args(args)).trim().to_string();
    let priya = e(&["contact", "add", "--name", "Priya Raman"]);
    let app = e(&[
        "app",
        "add",
        "--company",
        "Brightwave",
        "--role",
        "Lead",
        "--contact",
        &format!("{priya}:referrer"),
        "--stage",
        "applied",
        "--date",
        &days_ago(8),
    ]);
    let due = json(exitplan(&db.path).args(["due", "--json"]));
    let items = due["applications"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["what"], "Follow up on the application");
    assert_eq!(items[0]["days_overdue"], 1);
    assert_eq!(
        (items[0]["step"].as_u64(), items[0]["of"].as_u64()),
        (Some(1), Some(3))
    );

    exitplan(&db.path)
        .args(["app", "followed-up", &app])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Next: Follow up on the application on",
        ));
    let due = json(exitplan(&db.path).args(["due", "--json"]));
    assert!(
        due["applications"].as_array().unwrap().is_empty(),
        "the next is a week away"
    );
    let shown = json(exitplan(&db.path).args(["contact", "show", &priya, "--json"]));
    assert_eq!(
        shown["touchpoints"], 1,
        "marking it done logged a touchpoint with Priya"
    );
    assert_eq!(shown["gave"], 1);
    // The rule is a setting.
    exitplan(&db.path)
        .args([
            "settings",
            "set",
            "rhythm.applied",
            "after 3 every 2 times 5: Nudge",
        ])
        .assert()
        .success();
    let shown = json(exitplan(&db.path).args(["app", "show", &app, "--json"]));
    assert_eq!(shown["follow_up"][1], "Nudge");
    exitplan(&db.path)
        .args(["settings", "set", "rhythm.applied", "every 2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "say when the first follow-up falls",
        ));
    exitplan(&db.path)
        .args(["settings", "set", "rhythm.applied", "none"])
        .assert()
        .success();
    exitplan(&db.path)
        .args(["app", "followed-up", &app])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no follow-up waiting"));
}

#[test]
fn desktop_install_puts_the_launcher_and_icons_under_the_prefix_and_remove_takes_them() {
    let db = common::temp_db();
    let prefix = tempfile::tempdir().unwrap();
    exitplan(&db.path)
        .args(["desktop", "install", "--prefix"])
        .arg(prefix.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("applications menu"));
    let launcher = prefix.path().join("applications/exitplan.desktop");
    let text = std::fs::read_to_string(&launcher).unwrap();
    let exe = assert_cmd::cargo::cargo_bin("exitplan");
    assert!(text.contains(&format!("Exec={}", exe.display())), "{text}");
    assert!(text.contains("Icon=exitplan"));
    for size in [16, 32, 48, 128, 256, 512] {
        let png = prefix
            .path()
            .join(format!("icons/hicolor/{size}x{size}/apps/exitplan.png"));
        assert!(
            std::fs::read(&png).unwrap().starts_with(b"\x89PNG"),
            "{}",
            png.display()
        );
    }
    assert!(
        prefix
            .path()
            .join("icons/hicolor/scalable/apps/exitplan.svg")
            .exists()
    );
    // The installed launcher is valid wherever the validator is installed (CI installs it).
    if let Ok(output) = std::process::Command::new("desktop-file-validate")
        .arg(&launcher)
        .output()
    {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    exitplan(&db.path)
        .args(["desktop", "remove", "--prefix"])
        .arg(prefix.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Removed 10 files"));
    assert!(!launcher.exists());
    exitplan(&db.path)
        .args(["desktop", "remove", "--prefix"])
        .arg(prefix.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to remove"));
}

/// The app opens no connection but the SMTP server the user configured: no HTTP client
/// is even built into it.
#[test]
fn the_dependency_tree_holds_no_http_client() {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--target",
            "all",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let crates: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        crates.contains("lettre") && crates.contains("eframe"),
        "the tree was read"
    );
    for client in [
        "reqwest",
        "hyper",
        "ureq",
        "isahc",
        "curl",
        "surf",
        "attohttpc",
        "h2",
        "minreq",
        "ehttp",
        "http-body",
        "reqwless",
        "awc",
    ] {
        assert!(
            !crates.contains(client),
            "{client} is in the dependency tree"
        );
    }
}

#[test]
fn the_window_title_may_not_name_a_contact_or_a_company() {
    let db = common::temp_db();
    let e = |args: &[&str]| stdout(exitplan(&db.path).args(args)).trim().to_string();
    e(&[
        "contact",
        "add",
        "--name",
        "Priya Raman",
        "--org",
        "Quarry Labs",
    ]);
    e(&[
        "app",
        "add",
        "--company",
        "Brightwave Media",
        "--role",
        "Lead",
    ]);
    for title in [
        "Priya Raman",
        "notes on quarry labs",
        "Brightwave Media plan",
    ] {
        exitplan(&db.path)
            .args(["settings", "set", "privacy.window_title", title])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("choose a neutral title"));
    }
    exitplan(&db.path)
        .args(["settings", "set", "privacy.window_title", "Notes"])
        .assert()
        .success();
    let shown = json(exitplan(&db.path).args(["settings", "show", "--json"]));
    assert_eq!(shown["privacy.window_title"], "Notes");
}
