//! The window's import dialog and export card through egui_kittest, by accessible
//! label, accessibility check on: a real file read on the worker, the plan (new,
//! duplicates, malformed with line numbers), a per-row merge choice, the user's say-so
//! for malformed records, the column mapping of a plain CSV, a dropped file, and cancel
//! — before and after the plan — leaving the store untouched; exports written on the
//! worker and read back, an encrypted backup, and a file replaced only when asked.

mod common;

use std::path::{Path, PathBuf};

use common::ui::{click, type_into};
use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use exitplan::model::ContactFields;
use exitplan::store::{Change, Store};
use exitplan::ui::{ExitplanApp, View};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A store past the first-run screen, with Priya already in it (no title yet).
fn with_priya(db: &TempDb) -> Store {
    let mut store = open(&db.path);
    store.apply(Change::FinishWelcome).unwrap();
    store
        .apply(Change::AddContact(ContactFields {
            name: "Priya Raman".into(),
            emails: vec!["priya@brightwave.example".into()],
            organization: "Brightwave".into(),
            ..ContactFields::default()
        }))
        .unwrap();
    store
}

fn harness(store: Store) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, View::Contacts, egui::vec2(1400.0, 900.0))
}

/// Steps frames until `done` holds (the worker reports between frames).
fn run_until(
    harness: &mut Harness<'_, ExitplanApp>,
    what: &str,
    done: impl Fn(&Harness<'_, ExitplanApp>) -> bool,
) {
    for _ in 0..800 {
        if done(harness) {
            // Let the dialog settle to its new size before anything is clicked.
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
        harness.step();
    }
    panic!("timed out waiting for {what}");
}

fn shows(harness: &Harness<'_, ExitplanApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// LinkedIn's export shape without the CJK row: the bundled fonts have no CJK glyphs
/// yet, and the harness refuses to draw tofu.
fn linkedin_export(dir: &tempfile::TempDir) -> PathBuf {
    let text = std::fs::read_to_string(fixture("linkedin-connections.csv")).unwrap();
    let kept: String = text
        .split_inclusive('\n')
        .filter(|line| !line.contains('李'))
        .collect();
    let path = dir.path().join("Connections.csv");
    std::fs::write(&path, kept).unwrap();
    path
}

/// Opens the dialog from the Contacts view, names the file and reads it.
fn read_file(harness: &mut Harness<'_, ExitplanApp>, path: &Path) {
    click(harness, "Import contacts…");
    type_into(harness, "File to import", &path.display().to_string());
    harness.get_by_label("Read file").click();
    harness.step();
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .model()
        .contacts()
        .iter()
        .map(|e| e.contact.fields.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn the_plan_lists_new_and_duplicate_rows_and_a_chosen_merge_fills_empty_fields() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(with_priya(&db));
    read_file(&mut harness, &linkedin_export(&dir));
    run_until(&mut harness, "the plan", |h| {
        shows(h, "3 new · 2 duplicates · 0 malformed")
    });
    assert_eq!(
        harness.state().store.model().contact_count(),
        1,
        "nothing is written before Import"
    );
    // Line 5 matches the stored Priya; line 9 (Zoe Nunez) matches line 8 (Zoë Núñez).
    harness.get_by_label("Same as Priya Raman:");
    harness.get_by_label("Same as line 8 of this file:");
    click(&mut harness, "Skip all duplicates");
    assert_eq!(
        harness
            .get_by_label("Merge line 5")
            .accesskit_node()
            .toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    click(&mut harness, "Merge line 5");
    assert_eq!(
        harness
            .get_by_label("Merge line 5")
            .accesskit_node()
            .toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    click(&mut harness, "Import 4 contacts");

    let store = &harness.state().store;
    assert_eq!(
        names(store),
        ["Grace Okafor", "Priya Raman", "Tomás Herrera", "Zoë Núñez"]
    );
    let priya = store
        .model()
        .contacts()
        .iter()
        .find(|e| e.contact.fields.name == "Priya Raman")
        .unwrap();
    let fields = &priya.contact.fields;
    assert_eq!(fields.title, "VP Social", "an empty field is filled");
    assert_eq!(
        fields.organization, "Brightwave",
        "ours is never overwritten"
    );
    assert!(
        fields
            .notes
            .contains("organization: Brightwave Media, Inc."),
        "the differing value is kept as a note: {:?}",
        fields.notes
    );
    assert_eq!(fields.met_on, Some(day("2021-03-12")));
    assert!(
        harness
            .state()
            .status
            .text
            .contains("3 added, 1 merged, 1 skipped"),
        "{}",
        harness.state().status.text
    );
    assert!(
        harness.query_by_label("File to import").is_none(),
        "the dialog closed"
    );
}

#[test]
fn cancel_on_the_plan_writes_nothing() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(with_priya(&db));
    let revision = harness.state().store.model().revision();
    read_file(&mut harness, &linkedin_export(&dir));
    run_until(&mut harness, "the plan", |h| shows(h, "3 new"));
    click(&mut harness, "Cancel");
    assert!(harness.query_by_label_contains("3 new").is_none());
    let store = &harness.state().store;
    assert_eq!(names(store), ["Priya Raman"]);
    assert_eq!(store.model().revision(), revision, "the store is untouched");
    assert_eq!(
        harness.state().status.text,
        "Import cancelled; nothing was written."
    );
    drop(harness);
    // And on disk.
    assert_eq!(names(&open(&db.path)), ["Priya Raman"]);
}

#[test]
fn cancel_while_a_large_file_is_read_writes_nothing() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    let mut text = String::from(
        "Notes:\n\"Some email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..200_000 {
        text.push_str(&format!(
            "Person,Number{i},https://www.linkedin.com/in/p{i},p{i}@example.org,Company {i},Role,12 Mar 2021\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let mut harness = harness(with_priya(&db));
    let revision = harness.state().store.model().revision();
    read_file(&mut harness, &path);
    for _ in 0..3 {
        harness.step();
    }
    // The worker is reading: the progress bar and Cancel show, the window keeps drawing.
    harness.get_by_role(egui::accesskit::Role::ProgressIndicator);
    harness.get_by_label("Cancel").click();
    harness.step();
    harness.step();
    assert!(
        harness.query_by_label("Cancel").is_none(),
        "the dialog closed"
    );
    // Whatever the worker was doing, nothing reaches the store.
    std::thread::sleep(std::time::Duration::from_millis(500));
    harness.step();
    let store = &harness.state().store;
    assert_eq!(names(store), ["Priya Raman"]);
    assert_eq!(store.model().revision(), revision);
}

#[test]
fn malformed_records_are_listed_and_need_the_users_say_so() {
    let db = temp_db();
    let mut harness = harness(with_priya(&db));
    read_file(&mut harness, &fixture("linkedin-malformed.csv"));
    run_until(&mut harness, "the plan", |h| shows(h, "malformed"));
    harness.get_by_label_contains("Line 6:");
    harness.get_by_label_contains("Line 7:");
    let before = harness.state().store.model().revision();
    // A disabled Import does nothing.
    click(&mut harness, "Import 1 contact");
    assert_eq!(harness.state().store.model().revision(), before);
    click(
        &mut harness,
        "Leave out the 3 malformed records and import the rest",
    );
    click(&mut harness, "Import 1 contact");
    assert_eq!(
        names(&harness.state().store),
        ["Ada Lovelace", "Priya Raman"]
    );
}

#[test]
fn a_plain_csv_has_its_columns_mapped_first() {
    let db = temp_db();
    let mut harness = harness(with_priya(&db));
    read_file(&mut harness, &fixture("other.csv"));
    run_until(&mut harness, "the column mapping", |h| {
        shows(h, "Say what each column holds")
    });
    // No column is named like a field: nothing to read yet.
    harness.get_by_label_contains("Choose at least one column");
    for (column, field) in [
        ("Full Name", "Full name"),
        ("Work Email", "Email"),
        ("Employer", "Organization"),
    ] {
        harness.get_by_label(column).click();
        let _ = harness.run_ok(); // the list opens with an animation
        // The list's entries are selectable (the Contacts table behind has an
        // "Organization" header too, which is not).
        harness
            .get_by(|n| n.label().as_deref() == Some(field) && n.toggled().is_some())
            .click();
        let _ = harness.run_ok();
    }
    click(&mut harness, "Read contacts");
    run_until(&mut harness, "the plan", |h| shows(h, "2 new"));
    click(&mut harness, "Import 2 contacts");
    let store = &harness.state().store;
    let katherine = store
        .model()
        .contacts()
        .iter()
        .find(|e| e.contact.fields.name == "Katherine Johnson")
        .unwrap();
    assert_eq!(katherine.contact.fields.emails, ["kj@nasa.example"]);
    assert_eq!(katherine.contact.fields.organization, "NASA");
    assert_eq!(store.model().contact_count(), 3);
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_file_dropped_on_the_window_opens_its_plan() {
    let db = temp_db();
    let mut harness = harness(with_priya(&db));
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(fixture("contacts-3.0.vcf"))));
    harness.step();
    run_until(&mut harness, "the plan", |h| shows(h, " new · "));
    assert!(shows(&harness, "Import "), "the plan offers to import");
    assert_eq!(harness.state().store.model().contact_count(), 1);
}

#[test]
fn a_file_that_cannot_be_read_is_explained_in_the_dialog() {
    let db = temp_db();
    let mut harness = harness(with_priya(&db));
    read_file(&mut harness, Path::new("/nonexistent/Connections.csv"));
    run_until(&mut harness, "the error", |h| {
        shows(h, "cannot read /nonexistent/Connections.csv")
    });
    // The dialog stays open on the file field, so the user can correct the path.
    harness.get_by_label("File to import");
    assert_eq!(harness.state().store.model().contact_count(), 1);
}

/// Replaces the text of the field named `label` (select all, then type).
fn replace_text(harness: &mut Harness<'_, ExitplanApp>, label: &str, text: &str) {
    common::ui::field(harness, label).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    common::ui::field(harness, label).type_text(text);
    harness.run();
}

fn settings(store: Store) -> Harness<'static, ExitplanApp> {
    common::ui::harness(store, View::Settings, egui::vec2(1400.0, 1600.0))
}

/// Presses the button that starts a worker (its spinner keeps the frame busy).
fn press(harness: &mut Harness<'_, ExitplanApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.step();
}

fn wait_for_status(harness: &mut Harness<'_, ExitplanApp>, text: &str) {
    run_until(harness, text, |h| h.state().status.text.contains(text));
}

#[test]
fn exports_are_written_on_the_worker_and_read_back() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let mut store = with_priya(&db);
    store
        .apply(Change::AddContact(ContactFields {
            name: "Grace Okafor".into(),
            organization: "Bloom Nonprofit".into(),
            ..ContactFields::default()
        }))
        .unwrap();
    let mut harness = settings(store);

    let vcard = dir.path().join("contacts.vcf");
    replace_text(&mut harness, "Save as", &vcard.display().to_string());
    press(&mut harness, "Export");
    wait_for_status(&mut harness, "Wrote");
    let text = std::fs::read_to_string(&vcard).unwrap();
    let parsed = exitplan::interop::vcard::parse(&text);
    let mut read: Vec<String> = parsed
        .candidates
        .iter()
        .map(|c| c.fields.name.clone())
        .collect();
    read.sort();
    assert_eq!(read, ["Grace Okafor", "Priya Raman"]);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&vcard).unwrap().permissions().mode() & 0o777,
        0o600
    );

    harness.get_by_label("What to export").click();
    let _ = harness.run_ok();
    click(&mut harness, "Full backup of everything (JSON)");
    let backup = dir.path().join("backup.age");
    replace_text(&mut harness, "Save as", &backup.display().to_string());
    click(&mut harness, "Encrypt the backup with a passphrase");
    type_into(&mut harness, "Passphrase", "correct horse battery");
    type_into(&mut harness, "Passphrase again", "correct horse batery");
    click(&mut harness, "Export");
    harness.get_by_label_contains("The two passphrases differ");
    assert!(!backup.exists(), "nothing is written on a mismatch");
    replace_text(&mut harness, "Passphrase again", "correct horse battery");
    press(&mut harness, "Export");
    wait_for_status(&mut harness, "encrypted");
    let bytes = std::fs::read(&backup).unwrap();
    assert!(exitplan::interop::encryption::is_encrypted(&bytes));
    let json = exitplan::interop::encryption::decrypt(&bytes, "correct horse battery").unwrap();
    let restored: exitplan::store::Backup = serde_json::from_slice(&json).unwrap();
    assert_eq!(restored.contacts.len(), 2);
    assert!(
        exitplan::interop::encryption::decrypt(&bytes, "wrong").is_err(),
        "the passphrase is needed"
    );
}

#[test]
fn an_existing_file_is_replaced_only_when_the_user_says_so() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("contacts.csv");
    std::fs::write(&target, "keep me").unwrap();
    let mut harness = settings(with_priya(&db));
    harness.get_by_label("What to export").click();
    let _ = harness.run_ok();
    click(&mut harness, "Contacts as a spreadsheet (CSV)");
    replace_text(&mut harness, "Save as", &target.display().to_string());
    click(&mut harness, "Export");
    harness.get_by_label_contains("already exists");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    press(&mut harness, "Replace the file");
    wait_for_status(&mut harness, "Wrote");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("Priya Raman"), "{text}");
}

#[test]
fn a_backup_is_restored_from_the_first_run_screen() {
    let dir = tempfile::tempdir().unwrap();
    let source_db = temp_db();
    let mut source = with_priya(&source_db);
    source
        .apply(Change::AddContact(ContactFields {
            name: "Grace Okafor".into(),
            ..ContactFields::default()
        }))
        .unwrap();
    let json = serde_json::to_vec(&source.backup().unwrap()).unwrap();
    let file = dir.path().join("backup.age");
    std::fs::write(
        &file,
        exitplan::interop::encryption::encrypt(&json, "long enough phrase").unwrap(),
    )
    .unwrap();
    let expected = names(&source);
    drop(source);

    let db = temp_db();
    let mut harness = common::ui::harness(open(&db.path), View::Today, egui::vec2(1400.0, 900.0));
    click(&mut harness, "Restore a backup");
    type_into(&mut harness, "Backup file", &file.display().to_string());
    press(&mut harness, "Restore");
    run_until(&mut harness, "the passphrase question", |h| {
        shows(h, "type its passphrase")
    });
    type_into(&mut harness, "Passphrase", "not it");
    press(&mut harness, "Restore");
    run_until(&mut harness, "the refusal", |h| {
        shows(h, "wrong passphrase")
    });
    assert_eq!(harness.state().store.model().contact_count(), 0);
    replace_text(&mut harness, "Passphrase", "long enough phrase");
    press(&mut harness, "Restore");
    wait_for_status(&mut harness, "Restored 2 contacts");
    assert_eq!(names(&harness.state().store), expected);
    // The window moved on from the first-run screen.
    harness.get_by_label("Contacts");
}

#[test]
fn a_new_user_imports_from_the_first_run_screen() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::ui::harness(open(&db.path), View::Today, egui::vec2(1400.0, 900.0));
    click(&mut harness, "Import contacts");
    type_into(
        &mut harness,
        "File to import",
        &linkedin_export(&dir).display().to_string(),
    );
    harness.get_by_label("Read file").click();
    harness.step();
    run_until(&mut harness, "the plan", |h| {
        shows(h, "4 new · 1 duplicate · 0 malformed")
    });
    click(&mut harness, "Import 5 contacts");
    assert_eq!(harness.state().store.model().contact_count(), 4);
    // Past the first-run screen, in the Contacts view.
    assert!(harness.query_by_label("Restore a backup").is_none());
    harness.get_by_label_contains("4 of 4");
}

#[test]
fn an_empty_file_is_explained_and_nothing_is_planned() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let mut harness = harness(with_priya(&db));
    read_file(&mut harness, &empty);
    run_until(&mut harness, "the error", |h| shows(h, "no header row"));
    harness.get_by_label("File to import");
    assert_eq!(harness.state().store.model().contact_count(), 1);
}

#[test]
fn a_save_in_the_open_pane_keeps_what_an_import_merged_meanwhile() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(with_priya(&db));
    click(&mut harness, "Priya Raman");
    click(&mut harness, "Edit");
    assert!(harness.query_all_by_label("Save changes").next().is_some());
    // While her pane is open, an import merges her phone number into the record.
    let card = dir.path().join("priya.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Priya Raman\r\nEMAIL:priya@brightwave.example\r\nTEL:+44 20 7946 0958\r\nEND:VCARD\r\n",
    )
    .unwrap();
    read_file(&mut harness, &card);
    run_until(&mut harness, "the plan", |h| shows(h, "1 duplicate"));
    click(&mut harness, "Import 1 contact");
    // The pane follows the stored record: her phone shows up in the form.
    assert_eq!(
        common::ui::field(&harness, "Phones (one per line)")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("+44 20 7946 0958")
    );
    // Then the user adds a tag in the still-open pane and saves.
    type_into(&mut harness, "Tags (comma-separated)", "mentor");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let store = &harness.state().store;
    let priya = &store.model().contacts()[0].contact.fields;
    assert_eq!(priya.tags, ["mentor"], "what the user typed is saved");
    assert_eq!(
        priya.phones,
        ["+44 20 7946 0958"],
        "and what the import merged is kept"
    );
    drop(harness);
    let reopened = open(&db.path);
    assert_eq!(
        reopened.model().contacts()[0].contact.fields.phones,
        ["+44 20 7946 0958"]
    );
}

#[test]
fn undo_takes_an_import_back_whole_added_contacts_and_merged_fields() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(with_priya(&db));
    // One card merges a phone into Priya; one is someone new.
    let cards = dir.path().join("two.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Priya Raman\r\nEMAIL:priya@brightwave.example\r\nTEL:+44 20 7946 0958\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Wanjiru Kamau\r\nEMAIL:wanjiru@savanna.example\r\nEND:VCARD\r\n",
    )
    .unwrap();
    read_file(&mut harness, &cards);
    run_until(&mut harness, "the plan", |h| shows(h, "1 duplicate"));
    click(&mut harness, "Import 2 contacts");
    assert_eq!(
        names(&harness.state().store),
        ["Priya Raman", "Wanjiru Kamau"]
    );
    let priya =
        |h: &Harness<'_, ExitplanApp>| h.state().store.model().contacts()[0].contact.fields.clone();
    assert_eq!(priya(&harness).phones, ["+44 20 7946 0958"]);
    click(&mut harness, "Undo");
    assert_eq!(
        names(&harness.state().store),
        ["Priya Raman"],
        "the new contact is gone"
    );
    assert!(
        priya(&harness).phones.is_empty(),
        "her merged phone is gone"
    );
    drop(harness);
    let reopened = open(&db.path);
    assert_eq!(names(&reopened), ["Priya Raman"], "and so on disk");
    assert!(
        reopened.model().contacts()[0]
            .contact
            .fields
            .phones
            .is_empty()
    );
}
