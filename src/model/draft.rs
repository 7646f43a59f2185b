//! Deciding what to draft for a due contact — pure rules, no I/O: who may be written to
//! at all, which template, and which capability highlight comes next.
//!
//! Hard rules, whatever a contact's stored level says: nothing for *must not know*,
//! internal contacts, anyone whose address is in the employer's domain or whose
//! organization is the employer. Highlights rotate: the newest capability marked for
//! emails that this contact has not been sent yet; when every one has been sent, the
//! rotation starts over.

use serde::{Deserialize, Serialize};

use crate::model::{
    Capability, CapabilityId, Circle, Contact, ContactId, Discretion, EmailTemplate, OutboxEntry,
    OutboxKind, Settings,
};

/// What exitplan remembers per contact about reminder emails.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactMailState {
    /// Highlights sent in the current round of the rotation, oldest first.
    pub highlights_sent: Vec<CapabilityId>,
    /// Reminder emails sent so far (rotates the templates).
    pub reminders_sent: u32,
}

impl ContactMailState {
    /// Records a sent reminder and its highlight; a highlight sent again starts a new
    /// round.
    pub fn record_sent(&mut self, highlight: Option<CapabilityId>) {
        self.reminders_sent = self.reminders_sent.saturating_add(1);
        if let Some(id) = highlight {
            if self.highlights_sent.contains(&id) {
                self.highlights_sent.clear();
            }
            self.highlights_sent.push(id);
        }
    }
}

/// Why no draft was made for a due contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum SkipReason {
    NoEmail,
    MustNotKnow,
    Internal,
    AtEmployer,
    DraftWaiting,
    AlreadyDrafted,
    NoTemplate,
    NoHighlight,
    TemplateError,
}

impl SkipReason {
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::NoEmail => "no email address",
            SkipReason::MustNotKnow => "must not know",
            SkipReason::Internal => "internal contact",
            SkipReason::AtEmployer => "at your employer",
            SkipReason::DraftWaiting => "a draft is already waiting",
            SkipReason::AlreadyDrafted => "already drafted for this due date",
            SkipReason::NoTemplate => "no template allowed for their level",
            SkipReason::NoHighlight => "no capability marked for emails",
            SkipReason::TemplateError => "template error",
        }
    }
}

/// The level that counts for drafting, with the hard rules applied.
pub fn effective_level(contact: &Contact, settings: &Settings) -> Result<Discretion, SkipReason> {
    if contact.fields.circle == Circle::Internal {
        return Err(SkipReason::Internal);
    }
    if settings.employer.includes(&contact.fields) {
        return Err(SkipReason::AtEmployer);
    }
    match contact.fields.discretion.unwrap_or_default() {
        Discretion::MustNotKnow => Err(SkipReason::MustNotKnow),
        level => Ok(level),
    }
}

/// Why an email drafted earlier may no longer go out, checked at approval and again
/// right before the SMTP conversation: its address is now the employer's, or (for a
/// reminder) the contact was archived, no longer has that address, is now internal, at
/// the employer (by organization or any address) or *must not know*, or now hears less
/// than the template says (a template about the search for someone who now sees only
/// capabilities). `None` while it still qualifies.
pub fn withdrawal_reason(
    entry: &OutboxEntry,
    contact: Option<&Contact>,
    template: Option<&EmailTemplate>,
    settings: &Settings,
) -> Option<String> {
    if settings.employer.owns_address(&entry.to_address) {
        return Some(format!("{} is in your employer's domain", entry.to_address));
    }
    let OutboxKind::Reminder { .. } = entry.kind else {
        return None;
    };
    let Some(contact) = contact else {
        return Some("the contact is no longer in your contacts".into());
    };
    let name = &contact.fields.name;
    if contact.archived {
        return Some(format!("{name} is archived"));
    }
    if !contact
        .fields
        .emails
        .iter()
        .any(|e| e.trim().eq_ignore_ascii_case(entry.to_address.trim()))
    {
        return Some(format!(
            "{} is no longer {name}'s address",
            entry.to_address
        ));
    }
    let level = match effective_level(contact, settings) {
        Ok(level) => level,
        Err(reason) => return Some(format!("{name}: {}", reason.code())),
    };
    match template {
        Some(template) if level < template.audience => Some(format!(
            "{name} now hears only about your capabilities, and this email's template speaks of more"
        )),
        _ => None,
    }
}

/// The address a reminder goes to: the first one outside the employer's domain.
pub fn recipient<'a>(contact: &'a Contact, settings: &Settings) -> Option<&'a str> {
    contact
        .fields
        .emails
        .iter()
        .map(String::as_str)
        .find(|e| !settings.employer.owns_address(e))
}

/// Capabilities that may be highlighted, newest first.
pub fn eligible_highlights(capabilities: &[Capability]) -> Vec<&Capability> {
    let mut list: Vec<&Capability> = capabilities
        .iter()
        .filter(|c| c.fields.use_in_emails && !c.archived)
        .collect();
    list.sort_by(|a, b| b.fields.date.cmp(&a.fields.date).then(b.id.cmp(&a.id)));
    list
}

/// The next highlight for a contact: the newest not yet sent in this round, or, when
/// all have been sent, the newest (a new round).
pub fn choose_highlight<'a>(
    eligible: &[&'a Capability],
    state: &ContactMailState,
) -> Option<&'a Capability> {
    eligible
        .iter()
        .find(|c| !state.highlights_sent.contains(&c.id))
        .or_else(|| eligible.first())
        .copied()
}

/// The template for the next reminder: the allowed ones take turns for each contact,
/// and different contacts start at different ones (so a batch does not read alike).
pub fn choose_template<'a>(
    templates: &'a [EmailTemplate],
    level: Discretion,
    contact: ContactId,
    state: &ContactMailState,
) -> Option<&'a EmailTemplate> {
    let allowed: Vec<&EmailTemplate> = templates.iter().filter(|t| t.allowed_for(level)).collect();
    if allowed.is_empty() {
        return None;
    }
    let turn = u64::from(state.reminders_sent).wrapping_add(contact.0);
    let index = usize::try_from(turn % allowed.len() as u64).unwrap_or(0);
    Some(allowed[index])
}

/// A person's first name, for "Hi Ada,".
pub fn first_name(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or(name)
        .trim_end_matches(',')
        .to_string()
}

/// A story cut to about `max` characters at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CapabilityFields, ContactFields, Timestamp};
    use chrono::NaiveDate;

    fn capability(id: u64, day: u32, use_in_emails: bool) -> Capability {
        Capability {
            id: CapabilityId(id),
            fields: CapabilityFields {
                title: format!("c{id}"),
                story: String::new(),
                numbers: String::new(),
                tags: vec![],
                date: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
                use_in_emails,
            },
            archived: false,
            created: Timestamp(0),
            updated: Timestamp(0),
        }
    }

    fn contact(fields: ContactFields) -> Contact {
        Contact {
            id: ContactId(1),
            fields,
            archived: false,
            snoozed_until: None,
            created: Timestamp(0),
            updated: Timestamp(0),
        }
    }

    #[test]
    fn highlights_rotate_newest_first_and_start_over() {
        let caps = vec![
            capability(1, 1, true),
            capability(2, 3, true),
            capability(3, 2, false),
            capability(4, 2, true),
        ];
        let eligible = eligible_highlights(&caps);
        let mut state = ContactMailState::default();
        let mut sent = Vec::new();
        for _ in 0..6 {
            let pick = choose_highlight(&eligible, &state).unwrap().id;
            sent.push(pick.0);
            state.record_sent(Some(pick));
        }
        assert_eq!(sent, vec![2, 4, 1, 2, 4, 1]);
    }

    proptest::proptest! {
        /// Whatever the number of highlights and sends: no highlight repeats to the same
        /// person before every other one was sent, and each round covers them all.
        #[test]
        fn rotation_uses_every_highlight_before_repeating(count in 1usize..8, sends in 1usize..40) {
            let caps: Vec<Capability> = (0..count)
                .map(|i| capability(i as u64 + 1, (i % 28) as u32 + 1, true))
                .collect();
            let eligible = eligible_highlights(&caps);
            let mut state = ContactMailState::default();
            let mut picks = Vec::new();
            for _ in 0..sends {
                let pick = choose_highlight(&eligible, &state).unwrap().id;
                picks.push(pick);
                state.record_sent(Some(pick));
            }
            for round in picks.chunks(count) {
                let mut distinct = round.to_vec();
                distinct.sort();
                distinct.dedup();
                proptest::prop_assert_eq!(distinct.len(), round.len());
            }
        }
    }

    #[test]
    fn hard_rules_override_the_stored_level() {
        let mut settings = Settings::default();
        settings.employer.domain = "northwind.example".into();
        let mut fields = ContactFields {
            name: "Ada".into(),
            emails: vec!["ada@northwind.example".into()],
            discretion: Some(Discretion::KnowsLooking),
            ..ContactFields::default()
        };
        assert_eq!(
            effective_level(&contact(fields.clone()), &settings),
            Err(SkipReason::AtEmployer)
        );
        fields.emails = vec!["ada@home.example".into()];
        fields.circle = Circle::Internal;
        assert_eq!(
            effective_level(&contact(fields.clone()), &settings),
            Err(SkipReason::Internal)
        );
        fields.circle = Circle::External;
        assert_eq!(
            effective_level(&contact(fields.clone()), &settings),
            Ok(Discretion::KnowsLooking)
        );
        fields.discretion = Some(Discretion::MustNotKnow);
        assert_eq!(
            effective_level(&contact(fields), &settings),
            Err(SkipReason::MustNotKnow)
        );
    }

    #[test]
    fn names_and_stories_are_shortened_sensibly() {
        assert_eq!(first_name("  Ada Lovelace"), "Ada");
        assert_eq!(shorten("one two three four", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
    }
}
