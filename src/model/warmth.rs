//! The effective keep-in-touch cadence of a contact, and how warm the relationship is.
//!
//! Effective cadence: the contact's own, else the shortest default of its tags, else
//! its circle's default, else the general default. Warmth, on a given day: *warm* while
//! the contact is not due, *cooling* while overdue by less than one cadence, *cold*
//! when overdue by a whole cadence or more. A contact without any cadence is never due,
//! so it stays warm.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CadenceDefaults, Circle, CircleCadences, ContactFields};

/// The cadence a contact is kept in touch by.
pub fn effective_cadence(
    fields: &ContactFields,
    defaults: &CadenceDefaults,
    circles: &CircleCadences,
) -> Option<u32> {
    fields
        .cadence_days
        .or_else(|| {
            fields
                .tags
                .iter()
                .filter_map(|t| defaults.by_tag.get(&t.to_lowercase()).copied())
                .min()
        })
        .or(match fields.circle {
            Circle::Internal => circles.internal_days,
            Circle::External => circles.external_days,
        })
        .or(defaults.default_days)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Warmth {
    Warm,
    Cooling,
    Cold,
}

impl Warmth {
    pub const ALL: [Warmth; 3] = [Warmth::Warm, Warmth::Cooling, Warmth::Cold];

    /// Warmth on `today` for a contact due on `next_due` with this cadence.
    pub fn of(next_due: Option<NaiveDate>, cadence_days: Option<u32>, today: NaiveDate) -> Warmth {
        let (Some(due), Some(cadence)) = (next_due, cadence_days) else {
            return Warmth::Warm;
        };
        let overdue = (today - due).num_days();
        if overdue < 0 {
            Warmth::Warm
        } else if overdue < i64::from(cadence) {
            Warmth::Cooling
        } else {
            Warmth::Cold
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Warmth::Warm => "warm",
            Warmth::Cooling => "cooling",
            Warmth::Cold => "cold",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Warmth::Warm => "Warm",
            Warmth::Cooling => "Cooling",
            Warmth::Cold => "Cold",
        }
    }

    pub fn parse(text: &str) -> Option<Warmth> {
        let text = text.trim().to_lowercase();
        Self::ALL.into_iter().find(|w| w.code() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fields(own: Option<u32>, tags: &[&str], circle: Circle) -> ContactFields {
        ContactFields {
            name: "A".into(),
            cadence_days: own,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            circle,
            ..ContactFields::default()
        }
    }

    fn defaults() -> (CadenceDefaults, CircleCadences) {
        let mut d = CadenceDefaults {
            default_days: Some(180),
            ..CadenceDefaults::default()
        };
        d.by_tag.insert("mentor".into(), 30);
        d.by_tag.insert("peer".into(), 60);
        let c = CircleCadences {
            internal_days: Some(14),
            external_days: Some(90),
        };
        (d, c)
    }

    #[test]
    fn own_then_shortest_tag_then_circle_then_default() {
        let (d, c) = defaults();
        assert_eq!(
            effective_cadence(&fields(Some(7), &["mentor"], Circle::External), &d, &c),
            Some(7)
        );
        assert_eq!(
            effective_cadence(&fields(None, &["Peer", "mentor"], Circle::External), &d, &c),
            Some(30)
        );
        assert_eq!(
            effective_cadence(&fields(None, &["other"], Circle::Internal), &d, &c),
            Some(14)
        );
        assert_eq!(
            effective_cadence(&fields(None, &[], Circle::External), &d, &c),
            Some(90)
        );
        let no_circles = CircleCadences::default();
        assert_eq!(
            effective_cadence(&fields(None, &[], Circle::External), &d, &no_circles),
            Some(180)
        );
        assert_eq!(
            effective_cadence(
                &fields(None, &[], Circle::External),
                &CadenceDefaults::default(),
                &no_circles
            ),
            None
        );
    }

    #[test]
    fn warmth_boundaries() {
        let due = day("2026-11-01");
        let c = Some(30);
        assert_eq!(Warmth::of(Some(due), c, day("2026-10-31")), Warmth::Warm);
        assert_eq!(
            Warmth::of(Some(due), c, due),
            Warmth::Cooling,
            "due today is cooling"
        );
        assert_eq!(
            Warmth::of(Some(due), c, day("2026-11-30")),
            Warmth::Cooling,
            "29 days over"
        );
        assert_eq!(
            Warmth::of(Some(due), c, day("2026-12-01")),
            Warmth::Cold,
            "a whole cadence over"
        );
        assert_eq!(Warmth::of(None, c, due), Warmth::Warm, "never due");
        assert_eq!(Warmth::of(Some(due), None, day("2030-01-01")), Warmth::Warm);
        assert_eq!(Warmth::parse(" COLD "), Some(Warmth::Cold));
        assert_eq!(Warmth::parse("tepid"), None);
    }

    proptest! {
        #[test]
        fn warmth_only_cools_as_days_pass(cadence in 1u32..400, offset in -500i64..500, step in 0u64..400) {
            let due = day("2026-06-01");
            let today = if offset >= 0 {
                due.checked_add_days(Days::new(offset as u64)).unwrap()
            } else {
                due.checked_sub_days(Days::new(offset.unsigned_abs())).unwrap()
            };
            let later = today.checked_add_days(Days::new(step)).unwrap();
            let now = Warmth::of(Some(due), Some(cadence), today);
            prop_assert!(Warmth::of(Some(due), Some(cadence), later) >= now);
            prop_assert_eq!(now == Warmth::Warm, today < due);
            prop_assert_eq!(now == Warmth::Cold, offset >= i64::from(cadence));
        }

        #[test]
        fn the_effective_cadence_is_one_of_the_candidates(
            own in proptest::option::of(1u32..400),
            tag_days in proptest::collection::vec(1u32..400, 0..4),
            internal in any::<bool>(),
        ) {
            let (mut d, c) = defaults();
            d.by_tag.clear();
            let mut tags = Vec::new();
            for (i, days) in tag_days.iter().enumerate() {
                d.by_tag.insert(format!("t{i}"), *days);
                tags.push(format!("T{i}"));
            }
            let circle = if internal { Circle::Internal } else { Circle::External };
            let f = ContactFields { cadence_days: own, tags, circle, ..ContactFields::default() };
            let got = effective_cadence(&f, &d, &c).unwrap();
            let expected = own
                .or(tag_days.iter().copied().min())
                .unwrap_or(if internal { 14 } else { 90 });
            prop_assert_eq!(got, expected);
        }
    }
}
