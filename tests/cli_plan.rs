//! The exit-plan commands through the real binary: criteria, applications (add, rate,
//! move, list by fit), capabilities and the brag export, asks, check-ins, and bad input.

mod common;

use common::cli::{exitplan, json, stdout};

use predicates::prelude::*;

#[test]
fn criteria_applications_and_fit_round_trip() {
    let db = common::temp_db();
    let e = |args: &[&str]| stdout(exitplan(&db.path).args(args)).trim().to_string();
    let must = e(&[
        "criterion",
        "add",
        "--text",
        "Values analytics",
        "--must",
        "--category",
        "culture",
    ]);
    let nice = e(&[
        "criterion",
        "add",
        "--text",
        "Two remote days",
        "--nice",
        "3",
        "--category",
        "location",
    ]);
    let breaker = e(&["criterion", "add", "--text", "Relocation", "--deal-breaker"]);
    let list = json(exitplan(&db.path).args(["criterion", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(list[1]["kind"], "nice-to-have");
    assert_eq!(list[1]["weight"], 3);
    assert_eq!(list[0]["category"], "culture");

    let priya = e(&["contact", "add", "--name", "Priya Raman"]);
    let app = e(&[
        "app",
        "add",
        "--company",
        "Brightwave Media",
        "--role",
        "Head of Social",
        "--stage",
        "applied",
        "--date",
        "2026-11-01",
        "--contact",
        &format!("{priya}:referrer"),
        "--salary-min",
        "60000",
        "--salary-max",
        "75000",
        "--next-action",
        "Follow up",
        "--next-action-date",
        "2026-11-20",
    ]);
    let other = e(&["app", "add", "--company", "Lumen", "--role", "Analyst"]);
    assert!(e(&["app", "rate", &app, &must, "met"]).starts_with("fit 100"));
    assert_eq!(
        e(&["app", "rate", &app, &nice, "partly"]),
        "fit 81 · 1 unknown"
    );
    assert_eq!(
        e(&["app", "rate", &other, &breaker, "met"]),
        "fit 0 · deal-breaker · 2 unknown"
    );
    exitplan(&db.path)
        .args(["app", "move", &app, "interviewing", "--date", "2026-11-15"])
        .assert()
        .success();

    let shown = json(exitplan(&db.path).args(["app", "show", &app, "--json"]));
    assert_eq!(shown["stage"], "interviewing");
    assert_eq!(shown["fit"], 81);
    assert_eq!(shown["contacts"][0][1], "referrer");
    assert_eq!(shown["history"].as_array().unwrap().len(), 2);
    assert_eq!(
        shown["history"][1],
        serde_json::json!(["interviewing", "2026-11-15"])
    );
    let apps = json(exitplan(&db.path).args(["app", "list", "--json"]));
    assert_eq!(apps[0]["company"], "Brightwave Media", "best fit first");
    let interviewing =
        json(exitplan(&db.path).args(["app", "list", "--stage", "interviewing", "--json"]));
    assert_eq!(interviewing.as_array().unwrap().len(), 1);

    exitplan(&db.path)
        .args(["criterion", "retire", &breaker])
        .assert()
        .success();
    let lumen = json(exitplan(&db.path).args(["app", "show", &other, "--json"]));
    assert!(
        lumen["fit"].is_null(),
        "the retired deal-breaker no longer counts: {lumen}"
    );
    exitplan(&db.path)
        .args(["criterion", "edit", &nice, "--nice", "5"])
        .assert()
        .success();
    let edited = json(exitplan(&db.path).args(["criterion", "list", "--all", "--json"]));
    assert_eq!(edited[1]["weight"], 5);
    assert_eq!(edited[2]["retired"], true);
}

#[test]
fn capabilities_export_as_a_brag_document() {
    let db = common::temp_db();
    for (title, tag) in [
        ("Grew reach 38%", "analytics"),
        ("Ran the launch", "leadership"),
    ] {
        exitplan(&db.path)
            .args([
                "capability",
                "add",
                "--title",
                title,
                "--tag",
                tag,
                "--numbers",
                "+38%",
                "--date",
                "2026-10-01",
                "--for-emails",
            ])
            .assert()
            .success();
    }
    let list =
        json(exitplan(&db.path).args(["capability", "list", "--tag", "analytics", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["use_in_emails"], true);
    let out = db.dir.path().join("brag.md");
    exitplan(&db.path)
        .args(["export", "brag", "--out"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Capabilities and accomplishments"));
    assert!(md.contains("## analytics") && md.contains("## leadership"));
    assert!(md.contains("### Grew reach 38% (2026-10-01)"));
    let printed = stdout(exitplan(&db.path).args(["export", "brag"]));
    assert_eq!(printed, md, "standard output gives the same document");
    exitplan(&db.path)
        .args(["export", "brag", "--out", "/nonexistent-folder/brag.md"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "could not write /nonexistent-folder/brag.md",
        ));
}

#[test]
fn asks_and_check_ins() {
    let db = common::temp_db();
    let manager =
        stdout(exitplan(&db.path).args(["contact", "add", "--name", "David Brooks", "--internal"]));
    let ask = stdout(exitplan(&db.path).args([
        "ask",
        "add",
        "--what",
        "Budget for an analytics tool",
        "--kind",
        "tools",
        "--to",
        manager.trim(),
        "--status",
        "asked",
        "--asked-on",
        "2026-11-01",
        "--revisit-on",
        "2026-11-15",
    ]));
    let asks = json(exitplan(&db.path).args(["ask", "list", "--json"]));
    assert_eq!(asks[0]["asked_to_name"], "David Brooks");
    assert_eq!(asks[0]["revisit_due"], true);
    exitplan(&db.path)
        .args(["ask", "update", ask.trim(), "--status", "granted"])
        .assert()
        .success();
    let asks = json(exitplan(&db.path).args(["ask", "list", "--json"]));
    assert_eq!(asks[0]["status"], "granted");
    assert_eq!(
        asks[0]["revisit_due"], false,
        "a granted ask needs no revisit"
    );
    assert_eq!(
        asks[0]["what"], "Budget for an analytics tool",
        "fields not given stay"
    );

    for (date, signs) in [
        ("2026-11-03", vec!["left-out"]),
        ("2026-11-10", vec!["left-out", "burnt-out"]),
        ("2026-11-17", vec![]),
    ] {
        let mut cmd = exitplan(&db.path);
        cmd.args(["checkin", "--overall", "3", "--date", date]);
        for s in signs {
            cmd.args(["--sign", s]);
        }
        cmd.assert().success();
    }
    let list = json(exitplan(&db.path).args(["checkin", "--list", "--json"]));
    assert_eq!(list["check_ins"].as_array().unwrap().len(), 3);
    assert_eq!(
        list["summary"][0],
        "2 of the last 3 weeks: left out of decisions"
    );
}

#[test]
fn bad_plan_input_names_the_field_and_writes_nothing() {
    let db = common::temp_db();
    exitplan(&db.path)
        .args(["criterion", "add", "--text", "A", "--must"])
        .assert()
        .success();
    exitplan(&db.path)
        .args(["app", "add", "--company", "X", "--role", "Y"])
        .assert()
        .success();
    let cases: &[(&[&str], &str)] = &[
        (
            &["criterion", "add", "--text", "A"],
            "kind: say --must, --nice WEIGHT or --deal-breaker",
        ),
        (
            &["criterion", "add", "--text", "A", "--nice", "9"],
            "weight: 9 is out of range (1 to 5)",
        ),
        (
            &[
                "criterion",
                "add",
                "--text",
                "A",
                "--must",
                "--category",
                "snacks",
            ],
            "category 'snacks': unknown",
        ),
        (
            &["criterion", "edit", "77", "--text", "B"],
            "criterion 77 does not exist",
        ),
        (
            &["app", "add", "--company", " ", "--role", "Y"],
            "company: required",
        ),
        (
            &[
                "app",
                "add",
                "--company",
                "X",
                "--role",
                "Y",
                "--stage",
                "dreaming",
            ],
            "stage 'dreaming': unknown",
        ),
        (
            &[
                "app",
                "add",
                "--company",
                "X",
                "--role",
                "Y",
                "--contact",
                "5:boss",
            ],
            "role 'boss' unknown",
        ),
        (
            &[
                "app",
                "add",
                "--company",
                "X",
                "--role",
                "Y",
                "--contact",
                "99",
            ],
            "contact 99 does not exist",
        ),
        (
            &[
                "app",
                "add",
                "--company",
                "X",
                "--role",
                "Y",
                "--salary-min",
                "9",
                "--salary-max",
                "1",
            ],
            "salary: the minimum 9 is above the maximum 1",
        ),
        (
            &["app", "rate", "2", "1", "maybe"],
            "rating 'maybe': unknown",
        ),
        (
            &["app", "rate", "2", "55", "met"],
            "criterion 55 does not exist",
        ),
        (
            &["app", "move", "42", "applied"],
            "application 42 does not exist",
        ),
        (&["capability", "add", "--title", " "], "title: required"),
        (
            &["ask", "add", "--what", "x", "--status", "pending"],
            "status 'pending': unknown",
        ),
        (
            &[
                "ask",
                "add",
                "--what",
                "x",
                "--asked-on",
                "2026-11-10",
                "--revisit-on",
                "2026-11-01",
            ],
            "revisit: 2026-11-01 is before it was asked",
        ),
        (&["checkin", "--overall", "0"], "overall: 0 is out of range"),
        (
            &["checkin", "--overall", "3", "--sign", "sad"],
            "sign 'sad': unknown",
        ),
    ];
    let before = stdout(exitplan(&db.path).args(["app", "list", "--json"]));
    for (args, message) in cases {
        exitplan(&db.path)
            .args(*args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(*message));
    }
    assert_eq!(
        stdout(exitplan(&db.path).args(["app", "list", "--json"])),
        before
    );
    assert_eq!(
        json(exitplan(&db.path).args(["criterion", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        json(exitplan(&db.path).args(["capability", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        json(exitplan(&db.path).args(["checkin", "--list", "--json"]))["check_ins"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
