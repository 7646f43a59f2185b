//! Warm paths: which contacts work, or worked, at a company — found through an index
//! of company keys (organization, "formerly at", email domain; see
//! [`crate::model::company_keys`]) kept up to date with every contact change, so a
//! lookup across 100k contacts touches only the few who match.

use std::collections::HashMap;

use chrono::NaiveDate;

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

/// Company key → the contacts found under it, with how.
#[derive(Debug, Default, Clone)]
pub struct CompanyIndex {
    keys: HashMap<String, Vec<(ContactId, PathKind)>>,
}

fn keys_of(contact: &Contact) -> Vec<(String, PathKind)> {
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
    pub(crate) fn add(&mut self, contact: &Contact) {
        if contact.archived {
            return;
        }
        for (key, how) in keys_of(contact) {
            self.keys.entry(key).or_default().push((contact.id, how));
        }
    }

    pub(crate) fn remove(&mut self, contact: &Contact) {
        for (key, _) in keys_of(contact) {
            if let Some(list) = self.keys.get_mut(&key) {
                list.retain(|(id, _)| *id != contact.id);
                if list.is_empty() {
                    self.keys.remove(&key);
                }
            }
        }
    }

    /// Every contact connected to `target` (a company name or a domain), each once with
    /// its closest connection.
    pub fn lookup(&self, target: &str) -> Vec<(ContactId, PathKind)> {
        let mut found: Vec<(ContactId, PathKind)> = target_keys(target)
            .iter()
            .filter_map(|key| self.keys.get(key))
            .flatten()
            .copied()
            .collect();
        // Each contact once, with its closest connection.
        found.sort_unstable();
        found.dedup_by_key(|(id, _)| *id);
        found
    }
}

/// Best first: anyone who must not know goes last; then those who work there, then by
/// warmth, then the most recently in touch.
pub fn sort_best_first(paths: &mut [(WarmPath, &str)]) {
    paths.sort_unstable_by(|(a, a_name), (b, b_name)| {
        (a.discretion == Discretion::MustNotKnow)
            .cmp(&(b.discretion == Discretion::MustNotKnow))
            .then(a.how.cmp(&b.how))
            .then(a.warmth.cmp(&b.warmth))
            .then(b.last_touch.cmp(&a.last_touch))
            .then(a_name.cmp(b_name))
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
        for c in [&both, &former, &archived] {
            index.add(c);
        }
        let mut found = index.lookup("brightwave media");
        found.sort();
        assert_eq!(
            found,
            [
                (ContactId(1), PathKind::WorksThere),
                (ContactId(2), PathKind::FormerlyAt)
            ]
        );
        assert_eq!(index.lookup("brightwave.example").len(), 2);
        index.remove(&both);
        assert_eq!(
            index.lookup("Brightwave"),
            [(ContactId(2), PathKind::FormerlyAt)]
        );
        index.remove(&former);
        assert!(index.lookup("Brightwave").is_empty());
        assert!(index.keys.is_empty(), "no empty lists are left behind");
    }
}
