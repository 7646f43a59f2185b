//! Warm paths: which contacts work, or worked, at a company — found through an index
//! of company keys (organization, "formerly at", email domain; see
//! [`crate::model::company_keys`]) kept up to date with every contact change, so a
//! lookup across 100k contacts touches only the few who match.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::model::{
    Contact, ContactId, Discretion, Reciprocity, Warmth, company_keys, domain_key, target_keys,
};

/// How a contact connects to a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathKind {
    /// Their organization is the company.
    WorksThere,
    /// Their email address is at the company's domain.
    EmailDomain,
    /// They worked there before.
    FormerlyAt,
}

impl PathKind {
    /// The kind a number stored on disk (`kind as u8`) stands for.
    fn from_code(code: u8) -> PathKind {
        match code {
            0 => PathKind::WorksThere,
            1 => PathKind::EmailDomain,
            _ => PathKind::FormerlyAt,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PathKind::WorksThere => "works there",
            PathKind::EmailDomain => "email at their domain",
            PathKind::FormerlyAt => "worked there before",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PathKind::WorksThere => "works-there",
            PathKind::EmailDomain => "email-domain",
            PathKind::FormerlyAt => "formerly-at",
        }
    }
}

/// One person who can open a door at a company.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmPath {
    pub contact: ContactId,
    pub how: PathKind,
    pub warmth: Warmth,
    pub last_touch: Option<NaiveDate>,
    pub reciprocity: Reciprocity,
    pub discretion: Discretion,
}

impl WarmPath {
    /// The path through `entry`, connected to the company by `how`, as of `today`.
    pub(crate) fn through(entry: &super::ContactEntry, how: PathKind, today: NaiveDate) -> Self {
        WarmPath {
            contact: entry.id(),
            how,
            warmth: entry.warmth(today),
            last_touch: entry.stats.last_touch,
            reciprocity: entry.stats.reciprocity,
            discretion: entry.contact.fields.discretion.unwrap_or_default(),
        }
    }
}

/// Company key → the contacts found under it, with how, sorted (so a lookup merges
/// lists instead of sorting them).
#[derive(Debug, Default, Clone)]
pub struct CompanyIndex {
    keys: HashMap<String, Vec<Entry>>,
}

/// Typed text this long is looked up as the beginning of a company's name when no
/// company has it as its whole name.
const PREFIX_AT_LEAST: usize = 3;
/// At most this many companies are gathered for a beginning.
const PREFIX_COMPANIES: usize = 12;

/// (contact, how, where the contact sits in the read model's list).
type Entry = (ContactId, PathKind, usize);

pub(crate) fn keys_of(contact: &Contact) -> Vec<(String, PathKind)> {
    let f = &contact.fields;
    let mut keys: Vec<(String, PathKind)> = Vec::new();
    let mut push = |key: String, how: PathKind| {
        if !keys.iter().any(|(k, h)| *k == key && *h == how) {
            keys.push((key, how));
        }
    };
    for key in company_keys(&f.organization) {
        push(key, PathKind::WorksThere);
    }
    for email in &f.emails {
        if let Some(key) = domain_key(email) {
            push(key, PathKind::EmailDomain);
        }
    }
    for former in &f.formerly_at {
        for key in company_keys(former) {
            push(key, PathKind::FormerlyAt);
        }
    }
    keys
}

impl CompanyIndex {
    pub(crate) fn add(&mut self, contact: &Contact, position: usize) {
        if contact.archived {
            return;
        }
        for (key, how) in keys_of(contact) {
            let list = self.keys.entry(key).or_default();
            // Contacts arrive in id order, so this is almost always a push.
            let at = list.partition_point(|(id, h, _)| (*id, *h) < (contact.id, how));
            list.insert(at, (contact.id, how, position));
        }
    }

    pub(crate) fn remove(&mut self, contact: &Contact) {
        for (key, _) in keys_of(contact) {
            if let Some(list) = self.keys.get_mut(&key) {
                list.retain(|(id, _, _)| *id != contact.id);
                if list.is_empty() {
                    self.keys.remove(&key);
                }
            }
        }
    }

    /// Every contact connected to `target` (a company name or a domain), each once with
    /// its closest connection.
    pub fn lookup(&self, target: &str) -> Vec<Entry> {
        let keys = target_keys(target);
        let mut lists: Vec<&[Entry]> = keys
            .iter()
            .filter_map(|key| self.keys.get(key))
            .map(Vec::as_slice)
            .collect();
        // Still typing ("bright" for Brightwave): the companies whose key begins with
        // what is typed, rather than a confident "nobody".
        if lists.is_empty()
            && let Some(prefix) = keys
                .first()
                .filter(|k| k.chars().count() >= PREFIX_AT_LEAST)
        {
            let mut matching: Vec<&String> = self
                .keys
                .keys()
                .filter(|key| key.starts_with(prefix.as_str()))
                .collect();
            matching.sort_unstable();
            matching.truncate(PREFIX_COMPANIES);
            lists = matching
                .into_iter()
                .filter_map(|key| self.keys.get(key))
                .map(Vec::as_slice)
                .collect();
        }
        let mut heads = vec![0usize; lists.len()];
        let mut found: Vec<Entry> =
            Vec::with_capacity(lists.iter().map(|l| l.len()).max().unwrap_or(0));
        // Merge the sorted lists; each contact once, with its closest connection (the
        // smallest entry for an id comes first).
        loop {
            let next = lists
                .iter()
                .zip(&heads)
                .enumerate()
                .filter_map(|(i, (list, &head))| list.get(head).map(|entry| (*entry, i)))
                .min();
            let Some((entry, i)) = next else { break };
            heads[i] += 1;
            if found.last().is_none_or(|(id, _, _)| *id != entry.0) {
                found.push(entry);
            }
        }
        found
    }
}

/// [`CompanyIndex::lookup`] over the index kept on disk
/// ([`super::tables::CONTACTS_BY_COMPANY`]): every contact connected to `target`, each
/// once with its closest connection, in id order.
pub(crate) fn lookup_on_disk(
    index: &impl redb::ReadableTable<(&'static str, u64, u8), ()>,
    target: &str,
) -> Result<Vec<(ContactId, PathKind)>, super::StorageFailure> {
    let keys = target_keys(target);
    let mut found: Vec<(ContactId, PathKind)> = Vec::new();
    for key in &keys {
        for row in index.range((key.as_str(), 0, 0)..=(key.as_str(), u64::MAX, u8::MAX))? {
            let (_, id, how) = row?.0.value();
            found.push((ContactId(id), PathKind::from_code(how)));
        }
    }
    // Still typing: the first companies (in key order) whose key begins with what is
    // typed.
    if found.is_empty()
        && let Some(prefix) = keys
            .first()
            .filter(|k| k.chars().count() >= PREFIX_AT_LEAST)
    {
        let mut companies = 0usize;
        let mut last = String::new();
        for row in index.range((prefix.as_str(), 0, 0)..)? {
            let row = row?;
            let (key, id, how) = row.0.value();
            if !key.starts_with(prefix.as_str()) {
                break;
            }
            if companies == 0 || key != last {
                if companies == PREFIX_COMPANIES {
                    break;
                }
                companies += 1;
                last = key.to_string();
            }
            found.push((ContactId(id), PathKind::from_code(how)));
        }
    }
    // Each contact once, with its closest connection (the smallest "how").
    found.sort_unstable();
    found.dedup_by_key(|(id, _)| *id);
    Ok(found)
}

/// The order of "best first" packed in one number (smaller is better): anyone who
/// must not know goes last; then those who work there, then by warmth, then the most
/// recently in touch.
pub fn rank(path: &WarmPath) -> u64 {
    let never = u64::from(path.discretion == Discretion::MustNotKnow);
    let how = path.how as u64;
    let warmth = path.warmth as u64;
    // Days since the common era fit in 23 bits until the year 20000; newer is smaller.
    let recency = path.last_touch.map_or(u64::from(u32::MAX), |d| {
        u64::from(u32::MAX) - u64::try_from(d.num_days_from_ce().max(0)).unwrap_or(0)
    });
    (never << 40) | (how << 37) | (warmth << 34) | (recency & ((1 << 34) - 1))
}

/// Sorts by [`rank`], then by name, then by id (a stable order for equal paths).
pub fn sort_best_first<Name: Ord>(paths: &mut [(u64, WarmPath, Name)]) {
    paths.sort_unstable_by(|(a_rank, a, a_name), (b_rank, b, b_name)| {
        a_rank
            .cmp(b_rank)
            .then_with(|| a_name.cmp(b_name))
            .then(a.contact.cmp(&b.contact))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContactFields, Timestamp};

    fn contact(id: u64, org: &str, email: &str, formerly: &[&str]) -> Contact {
        Contact {
            id: ContactId(id),
            fields: ContactFields {
                name: format!("Person {id}"),
                organization: org.into(),
                emails: (!email.is_empty())
                    .then(|| email.to_string())
                    .into_iter()
                    .collect(),
                formerly_at: formerly.iter().map(|f| f.to_string()).collect(),
                ..ContactFields::default()
            },
            archived: false,
            snoozed_until: None,
            created: Timestamp(0),
            updated: Timestamp(0),
        }
    }

    #[test]
    fn each_contact_once_with_its_closest_connection_and_changes_follow() {
        let mut index = CompanyIndex::default();
        let both = contact(
            1,
            "Brightwave Media",
            "a@brightwave.example",
            &["Brightwave"],
        );
        let former = contact(2, "Quarry", "", &["Brightwave Media, Inc."]);
        let mut archived = contact(3, "Brightwave", "", &[]);
        archived.archived = true;
        for (at, c) in [&both, &former, &archived].into_iter().enumerate() {
            index.add(c, at);
        }
        assert_eq!(
            index.lookup("brightwave media"),
            [
                (ContactId(1), PathKind::WorksThere, 0),
                (ContactId(2), PathKind::FormerlyAt, 1)
            ]
        );
        assert_eq!(index.lookup("brightwave.example").len(), 2);
        // Half typed: the beginning of the name finds them; too short a beginning does not.
        assert_eq!(index.lookup("bright").len(), 2);
        assert!(index.lookup("br").is_empty());
        assert!(index.lookup("brightwavez").is_empty());
        index.remove(&both);
        assert_eq!(
            index.lookup("Brightwave"),
            [(ContactId(2), PathKind::FormerlyAt, 1)]
        );
        index.remove(&former);
        assert!(index.lookup("Brightwave").is_empty());
        assert!(index.keys.is_empty(), "no empty lists are left behind");
    }

    proptest::proptest! {
        #[test]
        fn the_packed_rank_orders_like_the_rule(a in any_path(), b in any_path()) {
            let rule = |p: &WarmPath| {
                (
                    p.discretion == Discretion::MustNotKnow,
                    p.how,
                    p.warmth,
                    std::cmp::Reverse(p.last_touch.map(|d| (0, d))),
                )
            };
            // Never touched sorts after touched (Reverse of None is the largest here).
            let expected = rule(&a).cmp(&rule(&b));
            proptest::prop_assert_eq!(rank(&a).cmp(&rank(&b)), expected);
        }
    }

    fn any_path() -> impl proptest::strategy::Strategy<Value = WarmPath> {
        use proptest::prelude::*;
        (
            0usize..3,
            0usize..3,
            0usize..3,
            proptest::option::of(0i64..40_000),
        )
            .prop_map(|(how, warmth, discretion, days)| WarmPath {
                contact: ContactId(1),
                how: [
                    PathKind::WorksThere,
                    PathKind::EmailDomain,
                    PathKind::FormerlyAt,
                ][how],
                warmth: Warmth::ALL[warmth],
                last_touch: days.map(|d| {
                    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(d)
                }),
                reciprocity: Reciprocity::default(),
                discretion: Discretion::ALL[discretion],
            })
    }
}
