//! The read model: plain in-memory structs the window and the command line query every
//! time they need an answer. Built once on open from the records, aggregates and
//! indexes (never by scanning touchpoints), then updated by `apply` after each commit.
//!
//! Search keeps every contact's folded (lower-case, accent-stripped) text in one buffer
//! and scans it for substrings (`search_index.rs`); a query that extends the previous
//! one checks only the previous hits, when they are at most half the contacts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

pub use super::search_index::fold;
use super::search_index::{search_text, search_text_into};

pub use super::entries::{ContactEntry, DueContact, FollowUpItem};
use crate::model::{ContactId, TouchpointId, days_overdue};

/// What the read model must learn once the transaction has committed.
pub(crate) enum ModelUpdate {
    Contact(Box<ContactEntry>),
    Plan(super::plan_model::PlanUpdate),
    Mail(super::mail_model::MailUpdate),
    Settings(Box<crate::model::Settings>),
    FollowUp((NaiveDate, TouchpointId), Option<FollowUpItem>),
    WelcomeDone,
    /// So much changed (a restore) that the read model is read again from disk.
    Reload,
}

/// Contacts as the open decodes them (in id order) with their search text, a part at
/// a time, so parts decoded on two threads join by appending.
#[derive(Debug, Default)]
pub(crate) struct LoadedContacts {
    entries: Vec<ContactEntry>,
    search: super::search_index::SearchIndex,
    /// The due list's keys of these contacts: sorted by [`Self::sort_due`] on the
    /// thread that decoded them, so the halves join by merging.
    due: Vec<DueKey>,
}

/// (next due, folded name, contact): the due list's order.
type DueKey = (NaiveDate, String, ContactId);

impl LoadedContacts {
    /// Room for about `contacts` contacts.
    pub(crate) fn with_capacity(contacts: usize) -> Self {
        LoadedContacts {
            entries: Vec::with_capacity(contacts),
            search: super::search_index::SearchIndex::with_capacity(contacts, contacts * 64),
            due: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, entry: ContactEntry) {
        self.search
            .push_with(|text| search_text_into(&entry.contact, text));
        if let Some(next) = entry.next_due {
            let name = folded_name_of(self.search.text(self.entries.len()));
            self.due.push((next, name.to_string(), entry.id()));
        }
        self.entries.push(entry);
    }

    /// Puts the due keys in the due list's order.
    pub(crate) fn sort_due(&mut self) {
        self.due.sort_unstable();
    }

    /// `later` goes after these (its ids are all greater); both sorted their due keys.
    pub(crate) fn append(&mut self, later: LoadedContacts) {
        self.entries.extend(later.entries);
        self.search.append(later.search);
        let mut merged = Vec::with_capacity(self.due.len() + later.due.len());
        let mut theirs = later.due.into_iter().peekable();
        for ours in std::mem::take(&mut self.due) {
            while let Some(next) = theirs.next_if(|next| *next < ours) {
                merged.push(next);
            }
            merged.push(ours);
        }
        merged.extend(theirs);
        self.due = merged;
    }
}

/// The name in a contact's search text (its first field).
fn folded_name_of(text: &str) -> &str {
    text.split(super::search_index::FIELD_SEPARATOR)
        .next()
        .unwrap_or("")
}

/// Everything the views read, kept in memory.
#[derive(Debug, Default)]
pub struct ReadModel {
    /// Contacts in id order (ids only grow, so pushing keeps the order). Shared, so a
    /// worker (an import's duplicate check) can read a snapshot while the window goes
    /// on; a change while a snapshot is out copies the list once.
    contacts: std::sync::Arc<Vec<ContactEntry>>,
    /// The folded search text of every contact, by position, in one buffer.
    folded: super::search_index::SearchIndex,
    /// (next due, folded name, contact) for every contact that has a next due date:
    /// already in the order the due list is shown (most overdue first, then by name).
    due: BTreeSet<(NaiveDate, String, ContactId)>,
    follow_ups: BTreeMap<(NaiveDate, TouchpointId), FollowUpItem>,
    /// Contacts by the companies they are at or were at (warm paths): built on the
    /// first lookup, not at open (most sessions never ask), then kept up to date.
    companies: std::sync::OnceLock<super::warm_paths::CompanyIndex>,
    /// Criteria, applications, capabilities, asks and check-ins.
    plan: super::PlanModel,
    /// Templates, the outbox and the rotation state.
    mail: super::MailModel,
    /// Identity, employer, SMTP, digest, cadences, privacy and appearance.
    settings: crate::model::Settings,
    /// Bumped on every change, so views know when to recompute what they cache.
    revision: u64,
    pub welcome_done: bool,
    /// Opened for one record ([`super::Store::open_for_records`]): the contacts and
    /// follow-ups were not read, and changes to them are not learned. The exit plan,
    /// the mail model and the settings are whole.
    records_only: bool,
}

impl ReadModel {
    pub(crate) fn from_parts(
        contacts: Vec<ContactEntry>,
        follow_ups: Vec<FollowUpItem>,
        plan: super::PlanModel,
        mail: super::MailModel,
        settings: crate::model::Settings,
        welcome_done: bool,
    ) -> Self {
        if contacts.windows(2).all(|w| w[0].id() < w[1].id()) {
            // In id order, as the table holds them: laid down in one pass.
            let mut loaded = LoadedContacts::default();
            for entry in contacts {
                loaded.push(entry);
            }
            return Self::from_loaded(loaded, follow_ups, plan, mail, settings, welcome_done);
        }
        let mut model = Self::without_contacts(plan, mail, settings, welcome_done);
        std::sync::Arc::make_mut(&mut model.contacts).reserve(contacts.len());
        for entry in contacts {
            model.upsert_contact(entry);
        }
        for item in follow_ups {
            model.follow_ups.insert((item.due, item.touchpoint), item);
        }
        model
    }

    fn without_contacts(
        plan: super::PlanModel,
        mail: super::MailModel,
        settings: crate::model::Settings,
        welcome_done: bool,
    ) -> Self {
        ReadModel {
            welcome_done,
            plan,
            mail,
            settings,
            ..ReadModel::default()
        }
    }

    /// The model of a store just opened: contacts as [`LoadedContacts`] gathered them.
    pub(crate) fn from_loaded(
        contacts: LoadedContacts,
        follow_ups: Vec<FollowUpItem>,
        plan: super::PlanModel,
        mail: super::MailModel,
        settings: crate::model::Settings,
        welcome_done: bool,
    ) -> Self {
        let LoadedContacts {
            entries,
            search,
            mut due,
        } = contacts;
        if !entries.windows(2).all(|w| w[0].id() < w[1].id()) {
            return Self::from_parts(entries, follow_ups, plan, mail, settings, welcome_done);
        }
        let mut model = Self::without_contacts(plan, mail, settings, welcome_done);
        model.folded = search;
        // Sorted already (on the threads that decoded them): this finds it so at once.
        due.sort_unstable();
        model.due = due.into_iter().collect();
        model.contacts = std::sync::Arc::new(entries);
        for item in follow_ups {
            model.follow_ups.insert((item.due, item.touchpoint), item);
        }
        model.revision += 1;
        model
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A model without the contacts and follow-ups (one-record commands).
    pub(crate) fn records_only(
        plan: super::PlanModel,
        mail: super::MailModel,
        settings: crate::model::Settings,
        welcome_done: bool,
    ) -> Self {
        ReadModel {
            records_only: true,
            ..Self::without_contacts(plan, mail, settings, welcome_done)
        }
    }

    /// Whether the contacts and follow-ups are in the model ([`Self::records_only`]
    /// leaves them out).
    pub fn has_contacts(&self) -> bool {
        !self.records_only
    }

    /// Reading contacts from a model opened for one record is a mistake of the caller:
    /// it would answer "nobody" instead of reading the store.
    fn contacts_read(&self) {
        debug_assert!(
            !self.records_only,
            "this store was opened for one record: read contacts through the store"
        );
    }

    pub(crate) fn set_revision(&mut self, revision: u64) {
        self.revision = revision;
    }

    /// The exit plan: criteria, applications and fits, capabilities, asks, check-ins.
    pub fn plan(&self) -> &super::PlanModel {
        &self.plan
    }

    /// Templates, the outbox and the reminder rotation.
    pub fn mail(&self) -> &super::MailModel {
        &self.mail
    }

    /// The user's settings.
    pub fn settings(&self) -> &crate::model::Settings {
        &self.settings
    }

    pub(crate) fn set_settings(&mut self, settings: crate::model::Settings) {
        self.revision += 1;
        self.settings = settings;
    }

    pub(crate) fn apply_mail_update(&mut self, update: super::mail_model::MailUpdate) {
        self.revision += 1;
        self.mail.apply(update);
    }

    pub(crate) fn apply_plan_update(&mut self, update: super::plan_model::PlanUpdate) {
        self.revision += 1;
        self.plan.apply(update);
    }

    pub fn contacts(&self) -> &[ContactEntry] {
        self.contacts_read();
        &self.contacts
    }

    /// Every contact as of now, for a worker thread (no copy is made).
    pub fn contacts_snapshot(&self) -> std::sync::Arc<Vec<ContactEntry>> {
        self.contacts_read();
        std::sync::Arc::clone(&self.contacts)
    }

    pub fn contact_count(&self) -> usize {
        self.contacts_read();
        self.contacts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.contacts_read();
        self.contacts.is_empty()
    }

    fn position(&self, id: ContactId) -> Option<usize> {
        self.contacts_read();
        self.contacts
            .binary_search_by_key(&id, ContactEntry::id)
            .ok()
    }

    pub fn contact(&self, id: ContactId) -> Option<&ContactEntry> {
        self.position(id).map(|i| &self.contacts[i])
    }

    /// Names of the given contacts, joined for display ("Ada, Grace").
    pub fn names(&self, ids: &[ContactId]) -> String {
        ids.iter()
            .map(|id| self.contact(*id).map_or("(unknown)", ContactEntry::name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Contacts due on `today`, most overdue first (ties by name).
    pub fn due_contacts(&self, today: NaiveDate) -> Vec<DueContact> {
        self.due_range(today)
            .map(|(date, _, id)| DueContact {
                id: *id,
                due: *date,
                days_overdue: days_overdue(*date, today),
            })
            .collect()
    }

    /// How many contacts are due on `today`.
    pub fn due_count(&self, today: NaiveDate) -> usize {
        self.due_range(today).count()
    }

    fn due_range(&self, today: NaiveDate) -> impl Iterator<Item = &(NaiveDate, String, ContactId)> {
        self.contacts_read();
        let end = today.succ_opt().unwrap_or(NaiveDate::MAX);
        self.due.range(..(end, String::new(), ContactId(0)))
    }

    /// The folded name (the first field of the search text).
    fn sort_name(&self, position: usize) -> String {
        self.folded_name(position).to_string()
    }

    /// The name of the contact at `position`, lower-cased and accent-stripped: the key
    /// lists sort by, without folding again.
    pub fn folded_name(&self, position: usize) -> &str {
        folded_name_of(self.folded.text(position))
    }

    /// Open follow-ups due on or before `today`, oldest first.
    pub fn due_follow_ups(&self, today: NaiveDate) -> Vec<&FollowUpItem> {
        self.contacts_read();
        self.follow_ups
            .range(..=(today, TouchpointId(u64::MAX)))
            .map(|(_, item)| item)
            .collect()
    }

    /// Every open follow-up, by date.
    pub fn open_follow_ups(&self) -> impl Iterator<Item = &FollowUpItem> {
        self.contacts_read();
        self.follow_ups.values()
    }

    pub(crate) fn upsert_contact(&mut self, entry: ContactEntry) {
        self.revision += 1;
        if self.records_only {
            return;
        }
        let id = entry.id();
        let folded = search_text(&entry.contact);
        let at = match self.position(id) {
            Some(i) => {
                if let Some(old) = self.contacts[i].next_due {
                    self.due.remove(&(old, self.sort_name(i), id));
                }
                let old = &self.contacts[i].contact;
                if (old.fields != entry.contact.fields || old.archived != entry.contact.archived)
                    && let Some(companies) = self.companies.get_mut()
                {
                    companies.remove(old);
                    companies.add(&entry.contact, i);
                }
                std::sync::Arc::make_mut(&mut self.contacts)[i] = entry;
                self.folded.set(i, &folded);
                i
            }
            None => {
                let at = self.contacts.partition_point(|e| e.id() < id);
                if at < self.contacts.len() {
                    // Positions after it move: the index is built afresh when next asked.
                    self.companies = std::sync::OnceLock::new();
                } else if let Some(companies) = self.companies.get_mut() {
                    companies.add(&entry.contact, at);
                }
                std::sync::Arc::make_mut(&mut self.contacts).insert(at, entry);
                self.folded.insert(at, &folded);
                at
            }
        };
        if let Some(new) = self.contacts[at].next_due {
            self.due.insert((new, self.sort_name(at), id));
        }
    }

    /// The contacts who work or worked at `company` (a name or a domain), best first.
    pub fn warm_paths(&self, company: &str, today: NaiveDate) -> Vec<super::WarmPath> {
        self.contacts_read();
        let companies = self.companies.get_or_init(|| {
            let mut index = super::warm_paths::CompanyIndex::default();
            for (position, entry) in self.contacts.iter().enumerate() {
                index.add(&entry.contact, position);
            }
            index
        });
        let mut paths: Vec<(u64, super::WarmPath, &str)> = companies
            .lookup(company)
            .into_iter()
            .filter_map(|(id, how, hint)| {
                // The index remembers where the contact sat; ids only grow, so it still
                // does (a restore rebuilds everything), but a miss falls back to a search.
                let at = match self.contacts.get(hint) {
                    Some(entry) if entry.id() == id => hint,
                    _ => self.position(id)?,
                };
                let path = super::WarmPath::through(&self.contacts[at], how, today);
                Some((super::warm_paths::rank(&path), path, self.folded_name(at)))
            })
            .collect();
        super::warm_paths::sort_best_first(&mut paths);
        paths.into_iter().map(|(_, path, _)| path).collect()
    }

    pub(crate) fn set_follow_up(
        &mut self,
        key: (NaiveDate, TouchpointId),
        item: Option<FollowUpItem>,
    ) {
        self.revision += 1;
        if self.records_only {
            return;
        }
        match item {
            Some(item) => {
                self.follow_ups.insert(key, item);
            }
            None => {
                self.follow_ups.remove(&key);
            }
        }
    }

    pub(crate) fn set_welcome_done(&mut self) {
        self.revision += 1;
        self.welcome_done = true;
    }

    /// Positions (into [`Self::contacts`]) of the contacts whose name, organization,
    /// emails or tags contain every word of `query`, ignoring case and accents.
    /// `previous` is the last query and its hits: when `query` extends it, only those
    /// hits are scanned.
    pub fn search(&self, query: &str, previous: Option<(&str, &[usize])>) -> Vec<usize> {
        self.contacts_read();
        let folded_query = fold(query);
        match previous {
            // Narrowing the previous hits when they are at most half the contacts;
            // when they are more (after a common first letter), one scan of the buffer
            // is quicker, and finds only among them anyway: what holds the longer
            // query holds the shorter.
            Some((prev_query, prev_hits))
                if !prev_query.trim().is_empty()
                    && folded_query.starts_with(fold(prev_query).trim_end())
                    && prev_hits.len() <= self.folded.len() / 2 =>
            {
                self.folded.filter(&folded_query, prev_hits)
            }
            _ => self.folded.find_all(&folded_query),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, ContactFields, ContactStats, Timestamp};

    fn entry(id: u64, name: &str, org: &str, tags: &[&str]) -> ContactEntry {
        ContactEntry::new(
            Contact {
                id: ContactId(id),
                fields: ContactFields {
                    name: name.into(),
                    organization: org.into(),
                    tags: tags.iter().map(|t| t.to_string()).collect(),
                    emails: vec![format!(
                        "{}@example.com",
                        name.to_lowercase().replace(' ', ".")
                    )],
                    ..ContactFields::default()
                },
                archived: false,
                snoozed_until: None,
                created: Timestamp(0),
                updated: Timestamp(0),
            },
            ContactStats::default(),
            None,
        )
    }

    fn model() -> ReadModel {
        ReadModel::from_parts(
            vec![
                entry(1, "Zoë Núñez", "Brightwave", &["peer group"]),
                entry(2, "Ada Lovelace", "Analytical Engines", &["mentor"]),
                entry(3, "Grace Hopper", "Navy", &["peer group", "mentor"]),
            ],
            vec![],
            crate::store::PlanModel::default(),
            crate::store::MailModel::default(),
            crate::model::Settings::default(),
            false,
        )
    }

    #[test]
    fn a_snapshot_keeps_its_moment_while_the_model_changes() {
        let mut m = model();
        let snapshot = m.contacts_snapshot();
        m.upsert_contact(entry(2, "Ada King", "Analytical Engines", &[]));
        m.upsert_contact(entry(4, "Katherine Johnson", "NASA", &[]));
        let names = |list: &[ContactEntry]| -> Vec<String> {
            list.iter().map(|e| e.contact.fields.name.clone()).collect()
        };
        assert_eq!(
            names(&snapshot),
            ["Zoë Núñez", "Ada Lovelace", "Grace Hopper"]
        );
        assert_eq!(
            names(m.contacts()),
            ["Zoë Núñez", "Ada King", "Grace Hopper", "Katherine Johnson"]
        );
        assert_eq!(
            m.contact(ContactId(4)).unwrap().contact.fields.organization,
            "NASA"
        );
    }

    #[test]
    fn fold_strips_case_and_accents() {
        assert_eq!(fold("Zoë Ñúñez"), "zoe nunez");
        assert_eq!(fold("ÅNGSTRÖM"), "angstrom");
        assert_eq!(fold("Иван"), "иван");
    }

    #[test]
    fn search_covers_name_org_email_and_tags_and_all_words() {
        let m = model();
        assert_eq!(m.search("zoe", None), vec![0]);
        assert_eq!(m.search("ENGINES", None), vec![1]);
        assert_eq!(m.search("grace.hopper@", None), vec![2]);
        assert_eq!(m.search("mentor", None), vec![1, 2]);
        assert_eq!(m.search("mentor peer", None), vec![2]);
        assert_eq!(m.search("", None), vec![0, 1, 2]);
        assert!(m.search("nobody", None).is_empty());
    }

    #[test]
    fn narrowing_from_previous_hits_gives_the_same_answer() {
        let m = model();
        let first = m.search("m", None);
        let narrowed = m.search("me", Some(("m", &first)));
        assert_eq!(narrowed, m.search("me", None));
        // A query that does not extend the previous one scans everything again.
        let other = m.search("zo", Some(("me", &narrowed)));
        assert_eq!(other, vec![0]);
    }

    #[test]
    fn matches_never_straddle_fields() {
        let m = model();
        assert!(m.search("nunezbright", None).is_empty());
    }
}
