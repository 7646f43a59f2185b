//! Importing contacts: reading a file into candidate records (each with its line
//! number), planning what each becomes before anything is written (new, duplicate of a
//! stored contact or of an earlier row, or malformed with a reason), merging duplicates
//! without ever overwriting what the user has, and writing the plan in one transaction.
//!
//! Formats live beside this file (`linkedin`); this module owns the plan and the merge.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{ContactFields, ContactId, Revision};
use crate::store::{ApplyError, Change, Committed, ContactEntry, ReadModel, Store, Writer, fold};

/// 1-based line numbers of byte offsets, for offsets asked in increasing order.
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record that starts at `byte` (csv may point at the `\n` of
    /// the previous line's CRLF: line ends before the record are skipped).
    pub(crate) fn line_at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while byte < self.text.len() && matches!(self.text[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > self.at {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.at..byte]).count();
            self.at = byte;
        }
        self.line
    }
}

/// A row whose width differs from the header's was cut or joined by a stray quote or
/// comma: its cells cannot be trusted.
pub(crate) fn width_problem(row: usize, header: usize) -> Option<String> {
    (row != header).then(|| {
        format!(
            "the row has {row} column{}, the header {header} (a stray quote or comma?)",
            if row == 1 { "" } else { "s" }
        )
    })
}

/// One contact read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// 1-based line in the file where the record starts.
    pub line: usize,
    pub fields: ContactFields,
}

/// A record that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Malformed {
    pub line: usize,
    pub reason: String,
}

/// What a file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub candidates: Vec<Candidate>,
    pub malformed: Vec<Malformed>,
}

/// What to do with a record that matches a stored contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnDuplicate {
    /// Fill empty fields, unite lists, keep differing values as a dated note line.
    #[default]
    Merge,
    Skip,
    /// Add it as a separate contact anyway.
    New,
}

/// What one record becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    New,
    /// Same email, or same name and organization, as a stored contact (or as an
    /// earlier row of this file, which is then merged into that new contact).
    Duplicate(Target),
}

/// The contact a duplicate matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Stored(ContactId),
    /// The n-th new contact of this plan.
    Planned(usize),
}

/// One planned record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub candidate: Candidate,
    pub action: Action,
}

/// The whole plan, shown before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub items: Vec<Planned>,
    pub malformed: Vec<Malformed>,
}

/// Counts for the user (and `--json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    pub new: usize,
    pub duplicates: usize,
    pub malformed: usize,
}

impl ImportPlan {
    pub fn counts(&self) -> PlanCounts {
        let duplicates = self
            .items
            .iter()
            .filter(|p| matches!(p.action, Action::Duplicate(_)))
            .count();
        PlanCounts {
            new: self.items.len() - duplicates,
            duplicates,
            malformed: self.malformed.len(),
        }
    }
}

/// The keys a contact is recognised by: each email, and name + organization.
fn keys(fields: &ContactFields) -> Vec<String> {
    let mut keys: Vec<String> = fields
        .emails
        .iter()
        .map(|e| format!("email:{}", e.to_lowercase()))
        .collect();
    let name = fold(&fields.name);
    if !name.is_empty() {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        keys.push(format!(
            "name:{name}|{}",
            normalize_organization(&fields.organization)
        ));
    }
    keys
}

/// "Brightwave Media, Inc." and "brightwave media" are the same organization.
pub fn normalize_organization(text: &str) -> String {
    const SUFFIXES: [&str; 10] = [
        "inc", "inc.", "llc", "ltd", "ltd.", "gmbh", "corp", "corp.", "co.", "plc",
    ];
    let folded = fold(text).replace([',', '.'], " ");
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| SUFFIXES.iter().any(|s| s.trim_end_matches('.') == *w))
    {
        words.pop();
    }
    words.join(" ")
}

/// The stored contacts by the keys they are recognised by (built by the window's
/// import worker from a snapshot of the read model's contacts).
#[derive(Debug, Clone, Default)]
pub struct DedupeIndex {
    keys: HashMap<String, ContactId>,
}

impl DedupeIndex {
    pub fn new(model: &ReadModel) -> Self {
        Self::from_contacts(model.contacts())
    }

    /// From a snapshot of the stored contacts (`ReadModel::contacts_snapshot`), on
    /// any thread.
    pub fn from_contacts(contacts: &[ContactEntry]) -> Self {
        let mut keys = HashMap::with_capacity(contacts.len() * 2);
        for entry in contacts {
            for key in self::keys(&entry.contact.fields) {
                keys.entry(key).or_insert(entry.id());
            }
        }
        DedupeIndex { keys }
    }
}

/// Validates every candidate and matches it against the stored contacts and the rows
/// before it. Nothing is written.
pub fn plan(model: &ReadModel, parsed: Parsed) -> ImportPlan {
    plan_with(DedupeIndex::new(model), parsed, &|_, _| true)
}

/// [`plan`] against an index built earlier; `keep_going(done, total)` is asked every
/// thousand records and stops the planning (returning what was planned so far) when
/// it answers false — the window's cancel.
pub fn plan_with(
    index: DedupeIndex,
    parsed: Parsed,
    keep_going: &dyn Fn(usize, usize) -> bool,
) -> ImportPlan {
    let mut index: HashMap<String, Target> = index
        .keys
        .into_iter()
        .map(|(key, id)| (key, Target::Stored(id)))
        .collect();
    let total = parsed.candidates.len();
    let mut plan = ImportPlan {
        items: Vec::with_capacity(total),
        malformed: parsed.malformed,
    };
    let mut planned_new = 0;
    for (done, mut candidate) in parsed.candidates.into_iter().enumerate() {
        if done % 1000 == 0 && !keep_going(done, total) {
            break;
        }
        match candidate.fields.validate() {
            Ok(fields) => candidate.fields = fields,
            Err(errors) => {
                let reasons: Vec<String> = errors.0.iter().map(|e| e.message.clone()).collect();
                plan.malformed.push(Malformed {
                    line: candidate.line,
                    reason: reasons.join("; "),
                });
                continue;
            }
        }
        let record_keys = keys(&candidate.fields);
        let found = record_keys.iter().find_map(|k| index.get(k).copied());
        let action = match found {
            Some(target) => Action::Duplicate(target),
            None => {
                let target = Target::Planned(planned_new);
                planned_new += 1;
                for key in &record_keys {
                    index.entry(key.clone()).or_insert(target);
                }
                Action::New
            }
        };
        plan.items.push(Planned { candidate, action });
    }
    plan.malformed.sort_by_key(|m| m.line);
    plan
}

/// `incoming` merged into `existing`: empty fields filled, emails, phones, tags and
/// links united; a differing non-empty value is kept as a dated line in the notes.
pub fn merge(
    existing: &ContactFields,
    incoming: &ContactFields,
    today: NaiveDate,
) -> ContactFields {
    let mut merged = existing.clone();
    let mut kept: Vec<String> = Vec::new();
    let mut text = |label: &str, mine: &mut String, theirs: &str| {
        let theirs = theirs.trim();
        if theirs.is_empty() {
            return;
        }
        if mine.trim().is_empty() {
            *mine = theirs.to_string();
        } else if fold(mine) != fold(theirs) {
            kept.push(format!("{label}: {theirs}"));
        }
    };
    text("name", &mut merged.name, &incoming.name);
    text(
        "organization",
        &mut merged.organization,
        &incoming.organization,
    );
    text("title", &mut merged.title, &incoming.title);
    text("how we met", &mut merged.how_we_met, &incoming.how_we_met);
    // In linear time, whatever the file holds (validation caps the lists afterwards).
    let unite = |mine: &mut Vec<String>, theirs: &[String]| {
        let mut seen: std::collections::HashSet<String> =
            mine.iter().map(|m| m.to_lowercase()).collect();
        for item in theirs {
            if seen.insert(item.to_lowercase()) {
                mine.push(item.clone());
            }
        }
    };
    unite(&mut merged.emails, &incoming.emails);
    unite(&mut merged.phones, &incoming.phones);
    unite(&mut merged.tags, &incoming.tags);
    unite(&mut merged.links, &incoming.links);
    if merged.met_on.is_none() {
        merged.met_on = incoming.met_on;
    }
    if merged.cadence_days.is_none() {
        merged.cadence_days = incoming.cadence_days;
    }
    if !incoming.notes.trim().is_empty() && !merged.notes.contains(incoming.notes.trim()) {
        kept.push(format!("notes: {}", incoming.notes.trim()));
    }
    if !kept.is_empty() {
        let line = format!("{today} import also said — {}", kept.join("; "));
        merged.notes = if merged.notes.trim().is_empty() {
            line
        } else {
            format!("{}\n{line}", merged.notes.trim_end())
        };
    }
    merged
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub merged: usize,
    pub skipped: usize,
}

/// Writes the plan in one transaction: all of it or nothing. Malformed records must
/// have been dealt with by the caller (refused, or skipped with the user's say-so).
pub fn apply(
    store: &mut Store,
    plan: &ImportPlan,
    on_duplicate: OnDuplicate,
) -> Result<ImportReport, ApplyError> {
    apply_choices(store, plan, &|_| on_duplicate)
}

/// [`apply`] with a choice per duplicate: `choice(i)` says what to do with
/// `plan.items[i]` when it is a duplicate (the window lets the user choose per row).
pub fn apply_choices(
    store: &mut Store,
    plan: &ImportPlan,
    choice: &dyn Fn(usize) -> OnDuplicate,
) -> Result<ImportReport, ApplyError> {
    apply_undoable(store, plan, choice).map(|(report, _)| report)
}

/// [`apply_choices`], also returning the one change that takes the import back (the
/// window's Undo): the added contacts go, the merged ones get their fields back.
pub fn apply_undoable(
    store: &mut Store,
    plan: &ImportPlan,
    choice: &dyn Fn(usize) -> OnDuplicate,
) -> Result<(ImportReport, Change), ApplyError> {
    let prepared = prepare(store.model(), store.today(), plan, choice);
    let committed = prepared.commit(&store.writer())?;
    Ok(store.absorb(committed)?.undoable())
}

/// An import worked out against the read model, ready to commit (on any thread).
pub struct PreparedImport {
    new_contacts: Vec<ContactFields>,
    updates: Vec<(ContactId, Revision, ContactFields)>,
    /// What the merged contacts were, to put back on Undo.
    before: Vec<(ContactId, ContactFields)>,
    report: ImportReport,
}

/// An import committed: its report, and the one change that takes it back.
pub struct WrittenImport {
    report: ImportReport,
    undo: Change,
}

/// Works out what the import writes: every duplicate folded into its target first, so
/// each contact is written once. Reads only.
pub fn prepare(
    model: &ReadModel,
    today: NaiveDate,
    plan: &ImportPlan,
    choice: &dyn Fn(usize) -> OnDuplicate,
) -> PreparedImport {
    let contacts = model.contacts_snapshot();
    prepare_with(&|id| from_snapshot(&contacts, id), today, plan, choice)
}

/// Looks a contact up in a snapshot of the read model's contacts (in id order, as
/// [`ReadModel::contacts_snapshot`] gives them), for [`prepare_with`] on a worker.
pub fn from_snapshot(
    contacts: &[ContactEntry],
    id: ContactId,
) -> Option<(Revision, ContactFields)> {
    let at = contacts.binary_search_by_key(&id, ContactEntry::id).ok()?;
    let entry = &contacts[at];
    Some((entry.revision(), entry.contact.fields.clone()))
}

/// [`prepare`] with the merged contacts looked up by `stored_fields` ([`from_snapshot`]
/// on a worker).
pub fn prepare_with(
    stored_fields: &dyn Fn(ContactId) -> Option<(Revision, ContactFields)>,
    today: NaiveDate,
    plan: &ImportPlan,
    choice: &dyn Fn(usize) -> OnDuplicate,
) -> PreparedImport {
    // Fold every duplicate into its target first, so each contact is written once.
    let mut new_contacts: Vec<ContactFields> = Vec::new();
    // Where the n-th `New` record of the plan sits in `new_contacts` (duplicates added
    // as separate contacts sit between them).
    let mut planned_at: Vec<usize> = Vec::new();
    let mut updates: Vec<(ContactId, Revision, ContactFields)> = Vec::new();
    let mut update_at: HashMap<ContactId, usize> = HashMap::new();
    let mut report = ImportReport::default();
    for (i, item) in plan.items.iter().enumerate() {
        let incoming = &item.candidate.fields;
        let target = match item.action {
            Action::New => {
                planned_at.push(new_contacts.len());
                new_contacts.push(incoming.clone());
                report.added += 1;
                continue;
            }
            Action::Duplicate(target) => target,
        };
        match (choice(i), target) {
            (OnDuplicate::New, _) => {
                new_contacts.push(incoming.clone());
                report.added += 1;
            }
            (OnDuplicate::Skip, _) => report.skipped += 1,
            (OnDuplicate::Merge, Target::Planned(n)) => {
                let Some(&at) = planned_at.get(n) else {
                    continue;
                };
                new_contacts[at] = merge(&new_contacts[at], incoming, today);
                report.merged += 1;
            }
            (OnDuplicate::Merge, Target::Stored(id)) => {
                let slot = match update_at.get(&id) {
                    Some(&slot) => slot,
                    None => {
                        let Some((base, fields)) = stored_fields(id) else {
                            continue;
                        };
                        updates.push((id, base, fields));
                        update_at.insert(id, updates.len() - 1);
                        updates.len() - 1
                    }
                };
                updates[slot].2 = merge(&updates[slot].2, incoming, today);
                report.merged += 1;
            }
        }
    }
    let before = updates
        .iter()
        .filter_map(|(id, _, _)| stored_fields(*id).map(|(_, fields)| (*id, fields)))
        .collect();
    PreparedImport {
        new_contacts,
        updates,
        before,
        report,
    }
}

impl PreparedImport {
    /// Writes the import in one transaction: all of it or nothing.
    pub fn commit(self, writer: &Writer) -> Result<Committed<WrittenImport>, ApplyError> {
        let PreparedImport {
            new_contacts,
            updates,
            before,
            report,
        } = self;
        writer.apply_all(move |batch| {
            let mut added = Vec::new();
            for fields in new_contacts {
                if let Some(id) = batch.apply(Change::AddContact(fields))?.contact_id() {
                    added.push(id);
                }
            }
            for (id, base, fields) in updates {
                batch.apply(Change::EditContact { id, base, fields })?;
            }
            // The revisions the Undo names, read back here on the writer's thread.
            let revision = |id: ContactId| batch.contact_revision(id);
            let undo = Change::UndoImport {
                added: added
                    .into_iter()
                    .filter_map(|id| Some((id, revision(id)?)))
                    .collect(),
                merged: before
                    .into_iter()
                    .filter_map(|(id, fields)| Some((id, revision(id)?, fields)))
                    .collect(),
            };
            Ok(WrittenImport { report, undo })
        })
    }
}

impl WrittenImport {
    /// The report, and the one change that takes the import back.
    pub fn undoable(self) -> (ImportReport, Change) {
        (self.report, self.undo)
    }
}
