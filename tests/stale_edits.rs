//! Every edit names the revision of the record it was made from: an edit made from an
//! older revision (the record changed underneath — an import merged into it, the
//! hourly work, another save) is refused with `ApplyError::Stale` and writes nothing;
//! the same edit made from the current revision applies. One test per record kind, on
//! a real redb file holding the demo data.

mod common;

use common::*;
use exitplan::model::Revision;
use exitplan::store::{ApplyError, Change, MailChange, PlanChange, Store};

/// Applies `edit(base)` with a stale base, then with the fresh one; checks the stale
/// one wrote nothing (the read model and the file on disk are as before).
fn refused_then_applied(
    store: &mut Store,
    stale: Revision,
    fresh: Revision,
    edit: impl Fn(Revision) -> Change,
) {
    assert_ne!(stale, fresh, "the record did change underneath");
    let before = store.model().revision();
    let backup_before = store.backup().expect("backup");
    match store.apply(edit(stale)) {
        Err(ApplyError::Stale { record }) => {
            assert!(!record.is_empty());
        }
        other => panic!("a stale edit must be refused as stale, got {other:?}"),
    }
    assert_eq!(
        store.model().revision(),
        before,
        "the read model is untouched"
    );
    let backup_after = store.backup().expect("backup");
    assert_eq!(backup_before, backup_after, "nothing was written");
    store.apply(edit(fresh)).expect("a fresh edit applies");
    assert_ne!(store.model().revision(), before);
}

#[test]
fn a_stale_contact_edit_is_refused_and_a_fresh_one_applies() {
    let db = temp_db();
    let mut store = demo_store(&db);
    let entry = store.model().contacts()[0].clone();
    let id = entry.id();
    let stale = entry.revision();
    // Something else changes her (an import's merge adds a phone).
    let mut merged = entry.contact.fields.clone();
    merged.phones.push("+44 20 7946 0101".into());
    store
        .apply(Change::EditContact {
            id,
            base: stale,
            fields: merged,
        })
        .unwrap();
    let fresh = store.model().contact(id).unwrap().revision();
    let mut mine = entry.contact.fields.clone();
    mine.tags.push("mentor".into());
    refused_then_applied(&mut store, stale, fresh, |base| Change::EditContact {
        id,
        base,
        fields: mine.clone(),
    });
    // Archiving is a change too: an edit made before it is stale.
    let before_archive = store.model().contact(id).unwrap().revision();
    store
        .apply(Change::SetArchived { id, archived: true })
        .unwrap();
    assert_ne!(
        store.model().contact(id).unwrap().revision(),
        before_archive
    );
}

#[test]
fn stale_plan_edits_are_refused_and_fresh_ones_apply() {
    let db = temp_db();
    let mut store = demo_store(&db);
    let plan = store.model().plan();

    // A criterion (moving another one renumbers it: its revision moves).
    let criterion = plan.criteria()[0].clone();
    let stale = Revision::of(&criterion);
    let mut fields = criterion.fields.clone();
    fields.text = format!("{} (reworded elsewhere)", fields.text);
    store
        .apply(Change::Plan(PlanChange::EditCriterion {
            id: criterion.id,
            base: stale,
            fields,
        }))
        .unwrap();
    let fresh = Revision::of(store.model().plan().criterion(criterion.id).unwrap());
    refused_then_applied(&mut store, stale, fresh, |base| {
        Change::Plan(PlanChange::EditCriterion {
            id: criterion.id,
            base,
            fields: criterion.fields.clone(),
        })
    });

    // An application moved on underneath.
    let application = store.model().plan().applications().next().unwrap().clone();
    let stale = Revision::of(&application);
    store
        .apply(Change::Plan(PlanChange::RateApplication {
            id: application.id,
            criterion: criterion.id,
            rating: exitplan::model::Rating::Partly,
        }))
        .unwrap();
    let fresh = Revision::of(store.model().plan().application(application.id).unwrap());
    let mut fields = application.fields.clone();
    fields.notes = "Typed in the open pane".into();
    refused_then_applied(&mut store, stale, fresh, |base| {
        Change::Plan(PlanChange::EditApplication {
            id: application.id,
            base,
            fields: fields.clone(),
        })
    });

    // A capability archived underneath (a change back to exactly what it was would
    // be the same revision: nothing to merge).
    let capability = store.model().plan().capabilities(false)[0].clone();
    let stale = Revision::of(&capability);
    store
        .apply(Change::Plan(PlanChange::SetCapabilityArchived {
            id: capability.id,
            archived: true,
        }))
        .unwrap();
    let fresh = Revision::of(store.model().plan().capability(capability.id).unwrap());
    refused_then_applied(&mut store, stale, fresh, |base| {
        Change::Plan(PlanChange::EditCapability {
            id: capability.id,
            base,
            fields: capability.fields.clone(),
        })
    });

    // An ask updated from the command line while the form was open.
    let ask = store.model().plan().asks().next().unwrap().clone();
    let stale = Revision::of(&ask);
    let mut elsewhere = ask.fields.clone();
    elsewhere.notes = "They said next quarter".into();
    store
        .apply(Change::Plan(PlanChange::EditAsk {
            id: ask.id,
            base: stale,
            fields: elsewhere,
        }))
        .unwrap();
    let fresh = Revision::of(store.model().plan().ask(ask.id).unwrap());
    refused_then_applied(&mut store, stale, fresh, |base| {
        Change::Plan(PlanChange::EditAsk {
            id: ask.id,
            base,
            fields: ask.fields.clone(),
        })
    });
}

#[test]
fn stale_settings_templates_and_drafts_are_refused_and_fresh_ones_apply() {
    let db = temp_db();
    let mut store = demo_store(&db);

    // Settings changed by `exitplan settings set` while the Settings view was open.
    let stale = Revision::of(store.model().settings());
    let mut elsewhere = store.model().settings().clone();
    elsewhere.set("digest.time", "07:30").unwrap();
    store
        .apply(Change::SetSettings {
            base: stale,
            settings: Box::new(elsewhere),
        })
        .unwrap();
    let fresh = Revision::of(store.model().settings());
    let mut mine = store.model().settings().clone();
    mine.set("privacy.idle_minutes", "5").unwrap();
    refused_then_applied(&mut store, stale, fresh, |base| Change::SetSettings {
        base,
        settings: Box::new(mine.clone()),
    });
    assert_eq!(
        store.model().settings().digest.time.to_string(),
        "07:30:00",
        "the change made elsewhere survived the fresh save"
    );

    // A template.
    let template = store.model().mail().templates()[0].clone();
    let stale = Some(Revision::of(&template));
    let mut elsewhere = template.clone();
    elsewhere.name = format!("{} (renamed)", template.name);
    store
        .apply(Change::Mail(MailChange::SaveTemplate {
            base: stale,
            template: elsewhere,
        }))
        .unwrap();
    let fresh = store
        .model()
        .mail()
        .template(&template.key)
        .map(Revision::of);
    assert_ne!(stale, fresh);
    let refused = store.apply(Change::Mail(MailChange::SaveTemplate {
        base: stale,
        template: template.clone(),
    }));
    assert!(
        matches!(refused, Err(ApplyError::Stale { .. })),
        "{refused:?}"
    );
    store
        .apply(Change::Mail(MailChange::SaveTemplate {
            base: fresh,
            template: template.clone(),
        }))
        .unwrap();
    let new_key = store.apply(Change::Mail(MailChange::SaveTemplate {
        base: fresh,
        template: exitplan::model::EmailTemplate {
            key: "not-stored-yet".into(),
            ..template.clone()
        },
    }));
    assert!(
        matches!(new_key, Err(ApplyError::Stale { .. })),
        "a new template names no revision: {new_key:?}"
    );

    // A draft re-worded by the command line while the Outbox had it open.
    exitplan::mail::run::draft_due(&mut store).expect("drafting");
    let entry = store
        .model()
        .mail()
        .outbox()
        .find(|e| e.editable())
        .expect("the demo has someone due, so a draft")
        .clone();
    let stale = Revision::of(&entry);
    store
        .apply(Change::Mail(MailChange::EditDraft {
            id: entry.id,
            base: stale,
            subject: "Reworded elsewhere".into(),
            body: entry.body.clone(),
        }))
        .unwrap();
    let fresh = Revision::of(store.model().mail().entry(entry.id).unwrap());
    refused_then_applied(&mut store, stale, fresh, |base| {
        Change::Mail(MailChange::EditDraft {
            id: entry.id,
            base,
            subject: "Mine".into(),
            body: entry.body.clone(),
        })
    });
}

#[test]
fn an_import_merge_names_the_revision_it_read() {
    // The import reads the stored contact and merges into it in one go: it is never
    // refused as stale by its own read, and what was there stays.
    let db = temp_db();
    let mut store = demo_store(&db);
    let priya = store
        .model()
        .contacts()
        .iter()
        .find(|e| e.name() == "Priya Raman")
        .unwrap()
        .clone();
    let email = priya.contact.fields.emails[0].clone();
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Priya Raman\r\nEMAIL:{email}\r\nTEL:+44 20 7946 0999\r\nEND:VCARD\r\n"
    );
    let plan =
        exitplan::interop::import::plan(store.model(), exitplan::interop::vcard::parse(&card));
    exitplan::interop::import::apply(
        &mut store,
        &plan,
        exitplan::interop::import::OnDuplicate::Merge,
    )
    .expect("the merge applies");
    let after = store.model().contact(priya.id()).unwrap();
    assert!(
        after
            .contact
            .fields
            .phones
            .contains(&"+44 20 7946 0999".to_string())
    );
    assert_eq!(after.contact.fields.tags, priya.contact.fields.tags);
}

#[test]
fn undoing_a_stage_move_after_another_change_is_refused_and_a_fresh_undo_applies() {
    let db = temp_db();
    let mut store = demo_store(&db);
    let app = store.model().plan().applications().next().unwrap().clone();
    let next = app.stage.next().expect("a stage after it");
    let on = store.today();
    store
        .apply(Change::Plan(PlanChange::MoveApplication {
            id: app.id,
            stage: next,
            on,
        }))
        .unwrap();
    let moved = Revision::of(store.model().plan().application(app.id).unwrap());
    // Something else changes the application before Undo is pressed.
    let mut fields = app.fields.clone();
    fields.notes = "Called the recruiter".into();
    store
        .apply(Change::Plan(PlanChange::EditApplication {
            id: app.id,
            base: moved,
            fields,
        }))
        .unwrap();
    let fresh = Revision::of(store.model().plan().application(app.id).unwrap());
    refused_then_applied(&mut store, moved, fresh, |base| {
        Change::Plan(PlanChange::UndoMove {
            base,
            before: Box::new(app.clone()),
        })
    });
    let back = store.model().plan().application(app.id).unwrap();
    assert_eq!((back.stage, &back.history), (app.stage, &app.history));
}

#[test]
fn undoing_an_import_is_refused_whole_once_someone_it_added_has_a_touchpoint() {
    let db = temp_db();
    let mut store = open(&db.path);
    let ada = add(&mut store, "Ada", Some(30));
    let grace = add(&mut store, "Grace", Some(30));
    let revision = |s: &Store, id| s.model().contact(id).unwrap().revision();
    let undo = Change::UndoImport {
        added: vec![
            (ada, revision(&store, ada)),
            (grace, revision(&store, grace)),
        ],
        merged: Vec::new(),
    };
    store
        .apply(Change::LogTouchpoint(touch(
            &[grace],
            today(),
            exitplan::model::Direction::Mutual,
        )))
        .unwrap();
    assert!(matches!(
        store.apply(undo.clone()),
        Err(ApplyError::Stale { .. })
    ));
    assert_eq!(
        store.model().contact_count(),
        2,
        "neither went: all or nothing"
    );
    // Without the touched one, Undo takes the other away, on disk too.
    let Change::UndoImport { added, merged } = undo else {
        unreachable!()
    };
    store
        .apply(Change::UndoImport {
            added: added.into_iter().filter(|(id, _)| *id == ada).collect(),
            merged,
        })
        .unwrap();
    assert_eq!(store.model().contact_count(), 1);
    drop(store);
    let reopened = open(&db.path);
    assert!(reopened.model().contact(ada).is_none());
    assert!(reopened.model().contact(grace).is_some());
}
