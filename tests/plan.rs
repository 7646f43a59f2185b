//! The exit plan in the store: criteria order, applications with stage history and
//! ratings, fits kept current, capabilities, asks, check-ins; reopening; the schema 2 → 3
//! migration; the Markdown brag document read back by a Markdown parser.

mod common;

use common::*;
use exitplan::model::{
    ApplicationFields, ApplicationId, AskFields, AskKind, AskStatus, CapabilityFields,
    CheckInFields, CriterionFields, CriterionId, CriterionKind, NextAction, Rating, Sign, Stage,
};
use exitplan::store::{ApplyError, Change, PlanChange, SCHEMA_VERSION, Store, tables};

fn plan(store: &mut Store, change: PlanChange) -> Result<Option<u64>, ApplyError> {
    store.apply(Change::Plan(change)).map(|o| o.new_id())
}

fn criterion(store: &mut Store, text: &str, kind: CriterionKind) -> CriterionId {
    let fields = CriterionFields {
        text: text.into(),
        kind,
        category: None,
    };
    CriterionId(
        plan(store, PlanChange::AddCriterion(fields))
            .unwrap()
            .unwrap(),
    )
}

fn application(store: &mut Store, company: &str) -> ApplicationId {
    let fields = ApplicationFields {
        company: company.into(),
        role: "Head of Social".into(),
        ..Default::default()
    };
    let id = plan(
        store,
        PlanChange::AddApplication {
            fields,
            stage: Stage::Interested,
            on: day("2026-10-01"),
        },
    )
    .unwrap();
    ApplicationId(id.unwrap())
}

#[test]
fn criteria_keep_their_order_and_fits_follow_every_change() {
    let db = temp_db();
    let mut store = open(&db.path);
    let must = criterion(&mut store, "Values analytics", CriterionKind::MustHave);
    let nice = criterion(
        &mut store,
        "Remote days",
        CriterionKind::NiceToHave { weight: 3 },
    );
    let breaker = criterion(&mut store, "Relocation", CriterionKind::DealBreaker);
    let app = application(&mut store, "Brightwave");
    let rate = |store: &mut Store, c, r| {
        plan(
            store,
            PlanChange::RateApplication {
                id: app,
                criterion: c,
                rating: r,
            },
        )
        .unwrap()
    };
    assert_eq!(
        store.model().plan().fit(app).unwrap().score,
        None,
        "nothing rated yet"
    );
    rate(&mut store, must, Rating::Met);
    rate(&mut store, nice, Rating::Partly);
    assert_eq!(store.model().plan().fit(app).unwrap().score, Some(81));
    rate(&mut store, breaker, Rating::Met);
    assert_eq!(store.model().plan().fit(app).unwrap().score, Some(0));
    // Retiring the deal-breaker rescored every application.
    plan(
        &mut store,
        PlanChange::SetCriterionRetired {
            id: breaker,
            retired: true,
        },
    )
    .unwrap();
    assert_eq!(store.model().plan().fit(app).unwrap().score, Some(81));
    plan(&mut store, PlanChange::MoveCriterion { id: nice, index: 0 }).unwrap();
    let order: Vec<CriterionId> = store
        .model()
        .plan()
        .criteria()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(order, vec![nice, must, breaker]);
    drop(store);
    let store = open(&db.path);
    let order: Vec<CriterionId> = store
        .model()
        .plan()
        .criteria()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(order, vec![nice, must, breaker], "order survives reopening");
    assert_eq!(store.model().plan().fit(app).unwrap().score, Some(81));
}

#[test]
fn stage_moves_are_dated_and_kept_in_order() {
    let db = temp_db();
    let mut store = open(&db.path);
    let app = application(&mut store, "Lumen");
    for (stage, on) in [
        (Stage::Applied, "2026-10-05"),
        (Stage::Screening, "2026-10-12"),
        (Stage::Interviewing, "2026-11-02"),
    ] {
        plan(
            &mut store,
            PlanChange::MoveApplication {
                id: app,
                stage,
                on: day(on),
            },
        )
        .unwrap();
    }
    let err = plan(
        &mut store,
        PlanChange::MoveApplication {
            id: app,
            stage: Stage::Offer,
            on: day("2026-10-01"),
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("before it entered Interviewing"),
        "{err}"
    );
    let err = plan(
        &mut store,
        PlanChange::MoveApplication {
            id: app,
            stage: Stage::Offer,
            on: day("2027-01-01"),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");
    drop(store);
    let store = open(&db.path);
    let a = store.model().plan().application(app).unwrap();
    assert_eq!(a.stage, Stage::Interviewing);
    let stages: Vec<Stage> = a.history.iter().map(|h| h.stage).collect();
    assert_eq!(
        stages,
        vec![
            Stage::Interested,
            Stage::Applied,
            Stage::Screening,
            Stage::Interviewing
        ]
    );
    assert_eq!(a.days_in_stage(today()), 22);
    assert_eq!(
        store.model().plan().stale_applications(today()).len(),
        1,
        "22 days without a move is stale"
    );
}

#[test]
fn next_actions_asks_and_check_ins_surface_when_due() {
    let db = temp_db();
    let mut store = open(&db.path);
    let manager = add(&mut store, "David Brooks", None);
    let fields = ApplicationFields {
        company: "Atlas & Reed".into(),
        role: "Brand lead".into(),
        next_action: Some(NextAction {
            what: "Send portfolio".into(),
            due: day("2026-11-20"),
        }),
        ..Default::default()
    };
    plan(
        &mut store,
        PlanChange::AddApplication {
            fields,
            stage: Stage::Applied,
            on: day("2026-11-10"),
        },
    )
    .unwrap();
    let ask = AskFields {
        what: "Budget for an analytics tool".into(),
        kind: AskKind::Tools,
        asked_to: Some(manager),
        status: AskStatus::Asked,
        asked_on: Some(day("2026-11-01")),
        revisit_on: Some(day("2026-11-22")),
        notes: String::new(),
    };
    plan(&mut store, PlanChange::AddAsk(ask.clone())).unwrap();
    let mut missing = ask.clone();
    missing.asked_to = Some(exitplan::model::ContactId(999));
    assert!(matches!(
        plan(&mut store, PlanChange::AddAsk(missing)),
        Err(ApplyError::NotFound {
            what: "contact",
            ..
        })
    ));
    let p = store.model().plan();
    assert_eq!(p.next_actions_due(today()).len(), 1);
    assert_eq!(p.asks_to_revisit(today()).len(), 1);
    assert!(p.check_in_due(today()), "no check-in yet");
    let check_in = CheckInFields {
        date: day("2026-11-20"),
        signs: [Sign::LeftOut].into_iter().collect(),
        overall: 2,
        note: "Not invited to the launch meeting".into(),
    };
    plan(&mut store, PlanChange::RecordCheckIn(check_in)).unwrap();
    assert!(!store.model().plan().check_in_due(today()), "four days ago");
    assert!(store.model().plan().check_in_due(day("2026-11-27")));
    drop(store);
    let store = open(&db.path);
    assert_eq!(store.model().plan().check_ins().len(), 1);
    assert_eq!(store.model().plan().asks().count(), 1);
}

#[test]
fn bad_plan_input_is_refused_and_nothing_is_written() {
    let db = temp_db();
    let mut store = open(&db.path);
    let revision = store.model().revision();
    let bad = [
        PlanChange::AddCriterion(CriterionFields {
            text: " ".into(),
            kind: CriterionKind::MustHave,
            category: None,
        }),
        PlanChange::AddCriterion(CriterionFields {
            text: "x".into(),
            kind: CriterionKind::NiceToHave { weight: 0 },
            category: None,
        }),
        PlanChange::AddApplication {
            fields: ApplicationFields::default(),
            stage: Stage::Applied,
            on: today(),
        },
        PlanChange::AddCapability(CapabilityFields {
            title: "".into(),
            story: String::new(),
            numbers: String::new(),
            tags: vec![],
            date: today(),
            use_in_emails: false,
        }),
        PlanChange::RecordCheckIn(CheckInFields {
            date: today(),
            signs: Default::default(),
            overall: 6,
            note: String::new(),
        }),
        PlanChange::RateApplication {
            id: ApplicationId(42),
            criterion: CriterionId(1),
            rating: Rating::Met,
        },
    ];
    for change in bad {
        assert!(plan(&mut store, change).is_err());
    }
    assert_eq!(store.model().revision(), revision);
    drop(store);
    let store = open(&db.path);
    assert!(store.model().plan().criteria().is_empty());
    assert_eq!(store.model().plan().applications().len(), 0);
}

#[test]
fn schema_two_files_gain_the_exit_plan_tables() {
    let db = temp_db();
    {
        let mut store = open(&db.path);
        add(&mut store, "Ada", Some(30));
    }
    // Make it look like the previous release wrote it: no plan tables, schema 2.
    {
        let raw = redb::Database::open(&db.path).unwrap();
        let txn = raw.begin_write().unwrap();
        for table in [
            tables::CRITERIA,
            tables::APPLICATIONS,
            tables::CAPABILITIES,
            tables::ASKS,
            tables::CHECK_INS,
        ] {
            assert!(txn.delete_table(table).unwrap());
        }
        txn.open_table(tables::META)
            .unwrap()
            .insert(tables::KEY_SCHEMA_VERSION, 2)
            .unwrap();
        txn.commit().unwrap();
    }
    let mut store = open(&db.path);
    assert_eq!(store.model().contact_count(), 1);
    criterion(
        &mut store,
        "Learning time",
        CriterionKind::NiceToHave { weight: 2 },
    );
    assert!(std::fs::read_dir(db.dir.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".schema2-backup-")
    }));
    drop(store);
    let raw = redb::Database::open(&db.path).unwrap();
    let txn = redb::ReadableDatabase::begin_read(&raw).unwrap();
    let version = txn
        .open_table(tables::META)
        .unwrap()
        .get(tables::KEY_SCHEMA_VERSION)
        .unwrap()
        .unwrap()
        .value();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn the_brag_document_is_grouped_by_tag_and_survives_odd_text() {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let db = temp_db();
    let mut store = open(&db.path);
    let entries = [
        (
            "Grew organic reach 38%",
            "+38% in 6 months",
            &["analytics", "growth"][..],
            "2026-09-12",
        ),
        (
            "# Not a heading *really*",
            "",
            &["analytics"][..],
            "2026-10-01",
        ),
        (
            "Ran the crisis response",
            "2 hours to first reply",
            &[][..],
            "2026-06-01",
        ),
        (
            "Trained five colleagues",
            "",
            &["Leadership"][..],
            "2026-03-15",
        ),
    ];
    for (title, numbers, tags, date) in entries {
        let fields = CapabilityFields {
            title: title.into(),
            story: "- a line that looks like a list\n1. and a number\n\nSecond paragraph with <b>html</b>".into(),
            numbers: numbers.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            date: day(date),
            use_in_emails: true,
        };
        plan(&mut store, PlanChange::AddCapability(fields)).unwrap();
    }
    let md =
        exitplan::interop::brag::brag_markdown(&store.model().plan().capabilities(false), today());
    let mut headings: Vec<(u8, String)> = Vec::new();
    let mut current: Option<(u8, String)> = None;
    let mut lists = 0;
    let mut html = 0;
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 9,
                };
                current = Some((n, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Start(Tag::List(_)) => lists += 1,
            Event::Html(_) | Event::InlineHtml(_) => html += 1,
            _ => {}
        }
    }
    let expected: Vec<(u8, String)> = [
        (1, "Capabilities and accomplishments"),
        (2, "analytics"),
        (3, "# Not a heading *really* (2026-10-01)"),
        (3, "Grew organic reach 38% (2026-09-12)"),
        (2, "growth"),
        (3, "Grew organic reach 38% (2026-09-12)"),
        (2, "Leadership"),
        (3, "Trained five colleagues (2026-03-15)"),
        (2, "Other"),
        (3, "Ran the crisis response (2026-06-01)"),
    ]
    .into_iter()
    .map(|(l, t)| (l, t.to_string()))
    .collect();
    assert_eq!(headings, expected, "\n{md}");
    assert_eq!(lists, 0, "user text never turns into Markdown lists");
    assert_eq!(html, 0, "user text never turns into HTML");
}
