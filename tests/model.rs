//! Property tests of the pure rules: validation never panics and what it accepts obeys
//! the limits; due and snooze dates; reciprocity counts.

use chrono::{Days, NaiveDate};
use exitplan::model::{
    ContactFields, Direction, MAX_NAME_CHARS, MAX_NOTES_BYTES, Reciprocity, is_due, next_due,
    validate_email,
};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..20_000)
        .prop_map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(d))
}

proptest! {
    #[test]
    fn validation_never_panics_and_accepted_fields_obey_the_rules(
        name in "\\PC{0,260}",
        emails in proptest::collection::vec("\\PC{0,40}", 0..4),
        tags in proptest::collection::vec("\\PC{0,20}", 0..5),
        notes_len in 0usize..(MAX_NOTES_BYTES + 10),
    ) {
        let fields = ContactFields {
            name: name.clone(),
            emails: emails.clone(),
            tags,
            notes: "n".repeat(notes_len),
            ..ContactFields::default()
        };
        match fields.validate() {
            Ok(valid) => {
                prop_assert!(!valid.name.is_empty());
                prop_assert_eq!(valid.name.trim(), valid.name.as_str());
                prop_assert!(valid.name.chars().count() <= MAX_NAME_CHARS);
                prop_assert!(valid.notes.len() <= MAX_NOTES_BYTES);
                for email in &valid.emails {
                    prop_assert_eq!(validate_email(email), Ok(email.clone()), "accepted emails are stable");
                }
                let lower: Vec<String> = valid.tags.iter().map(|t| t.to_lowercase()).collect();
                let unique: std::collections::BTreeSet<_> = lower.iter().collect();
                prop_assert_eq!(unique.len(), lower.len(), "tags are unique ignoring case");
                // Validating again changes nothing.
                prop_assert_eq!(valid.validate(), Ok(valid.clone()));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors.0 {
                    prop_assert!(e.message.starts_with(&e.field.replace('_', " ")),
                        "message names its field: {} / {}", e.field, e.message);
                }
            }
        }
    }

    #[test]
    fn valid_looking_addresses_pass(local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", domain in "[a-z0-9]{1,12}", top in "[a-z]{2,6}") {
        let address = format!("{local}@{domain}.{top}");
        prop_assume!(!local.contains(".."));
        prop_assert_eq!(validate_email(&address), Ok(address.clone()));
    }

    #[test]
    fn due_is_last_touch_plus_cadence_and_snooze_only_delays(
        cadence in 1u32..400,
        last in proptest::option::of(date()),
        added in date(),
        snooze in proptest::option::of(date()),
        today in date(),
    ) {
        let base = next_due(Some(cadence), false, last, added, None).unwrap();
        match last {
            Some(last) => prop_assert_eq!(base, last + Days::new(u64::from(cadence))),
            None => prop_assert_eq!(
                base,
                added + Days::new(u64::from(cadence)),
                "never touched: first due one cadence after it was added"
            ),
        }
        let snoozed = next_due(Some(cadence), false, last, added, snooze).unwrap();
        prop_assert!(snoozed >= base, "a snooze never brings the date forward");
        if let Some(until) = snooze {
            prop_assert!(snoozed >= until || until <= base);
        }
        prop_assert_eq!(is_due(Some(snoozed), today), snoozed <= today);
        prop_assert_eq!(next_due(Some(cadence), true, last, added, snooze), None, "archived is never due");
        prop_assert_eq!(next_due(None, false, last, added, snooze), None, "no cadence is never due");
    }

    #[test]
    fn a_later_touch_never_makes_a_contact_due_sooner(cadence in 1u32..400, first in date(), gap in 0u64..500, added in date()) {
        let second = first + Days::new(gap);
        let before = next_due(Some(cadence), false, Some(first), added, None).unwrap();
        let after = next_due(Some(cadence), false, Some(second), added, None).unwrap();
        prop_assert!(after >= before);
    }

    #[test]
    fn reciprocity_counts_each_direction_and_uncount_undoes_it(directions in proptest::collection::vec(0u8..3, 0..60)) {
        let all = [Direction::Gave, Direction::Received, Direction::Mutual];
        let mut r = Reciprocity::default();
        for d in &directions {
            r.count(all[usize::from(*d)]);
        }
        prop_assert_eq!(r.total() as usize, directions.len());
        prop_assert_eq!(r.gave as usize, directions.iter().filter(|d| **d == 0).count());
        prop_assert_eq!(r.received as usize, directions.iter().filter(|d| **d == 1).count());
        for d in &directions {
            r.uncount(all[usize::from(*d)]);
        }
        prop_assert_eq!(r, Reciprocity::default());
    }
}

// ---- Fit score ----

mod fit {
    use std::collections::BTreeMap;

    use exitplan::model::{
        Criterion, CriterionFields, CriterionId, CriterionKind, Rating, Timestamp, fit_score,
    };
    use proptest::prelude::*;

    fn kind() -> impl Strategy<Value = CriterionKind> {
        prop_oneof![
            Just(CriterionKind::MustHave),
            (1u8..=5).prop_map(|weight| CriterionKind::NiceToHave { weight }),
            Just(CriterionKind::DealBreaker),
        ]
    }

    fn rating() -> impl Strategy<Value = Rating> {
        prop_oneof![
            Just(Rating::Unknown),
            Just(Rating::NotMet),
            Just(Rating::Partly),
            Just(Rating::Met)
        ]
    }

    fn setup() -> impl Strategy<Value = (Vec<Criterion>, BTreeMap<CriterionId, Rating>)> {
        proptest::collection::vec((kind(), rating(), any::<bool>()), 1..12).prop_map(|items| {
            let mut criteria = Vec::new();
            let mut ratings = BTreeMap::new();
            for (i, (kind, rating, retired)) in items.into_iter().enumerate() {
                let id = CriterionId(i as u64 + 1);
                criteria.push(Criterion {
                    id,
                    fields: CriterionFields {
                        text: format!("c{i}"),
                        kind,
                        category: None,
                    },
                    position: i as u32,
                    retired: retired && i % 3 == 0,
                    created: Timestamp(0),
                    updated: Timestamp(0),
                });
                ratings.insert(id, rating);
            }
            (criteria, ratings)
        })
    }

    fn better(r: Rating) -> Option<Rating> {
        match r {
            Rating::NotMet => Some(Rating::Partly),
            Rating::Partly => Some(Rating::Met),
            Rating::Unknown => Some(Rating::Met),
            Rating::Met => None,
        }
    }

    proptest! {
        #[test]
        fn the_score_is_between_0_and_100((criteria, ratings) in setup()) {
            let fit = fit_score(&criteria, &ratings);
            if let Some(score) = fit.score {
                prop_assert!(score <= 100);
            }
            let active = criteria.iter().filter(|c| !c.retired).count();
            let unknown = criteria.iter().filter(|c| !c.retired && ratings[&c.id] == Rating::Unknown).count();
            prop_assert_eq!(fit.unknown, unknown);
            prop_assert!(fit.unknown <= active);
        }

        #[test]
        fn more_met_never_lowers_the_score((criteria, ratings) in setup(), pick in any::<prop::sample::Index>()) {
            let candidates: Vec<&Criterion> = criteria
                .iter()
                .filter(|c| !c.retired && !matches!(c.fields.kind, CriterionKind::DealBreaker))
                .collect();
            prop_assume!(!candidates.is_empty());
            let chosen = candidates[pick.index(candidates.len())];
            let Some(raised) = better(ratings[&chosen.id]) else { return Ok(()) };
            let before = fit_score(&criteria, &ratings).score.unwrap_or(0);
            let mut improved = ratings.clone();
            improved.insert(chosen.id, raised);
            let after = fit_score(&criteria, &improved).score.unwrap_or(0);
            prop_assert!(after >= before, "{:?} -> {:?}: {} -> {}", ratings[&chosen.id], raised, before, after);
        }

        #[test]
        fn a_deal_breaker_that_applies_means_zero((criteria, ratings) in setup(), pick in any::<prop::sample::Index>()) {
            let deal_breakers: Vec<&Criterion> = criteria
                .iter()
                .filter(|c| !c.retired && matches!(c.fields.kind, CriterionKind::DealBreaker))
                .collect();
            prop_assume!(!deal_breakers.is_empty());
            let chosen = deal_breakers[pick.index(deal_breakers.len())];
            let mut applies = ratings.clone();
            applies.insert(chosen.id, Rating::Met);
            let fit = fit_score(&criteria, &applies);
            prop_assert_eq!(fit.score, Some(0));
            prop_assert!(fit.deal_breakers.contains(&chosen.id));
        }
    }
}
