//! The effective keep-in-touch cadence of a contact, and how warm the relationship is.
//!
//! Effective cadence: the contact's own, else the shortest default of its tags, else
//! its circle's default, else the general default.
//!
//! Warmth on a given day, from the touch clock (the due date without any snooze):
//! - *new*: never touched, and its first due date — one cadence after it was added or
//!   met — has not come yet (a contact without a cadence and without a touch stays new);
//! - *warm*: touched, and not due yet (or no cadence);
//! - *cooling*: due, overdue by less than one cadence (due today counts);
//! - *cold*: overdue by a whole cadence or more.
//!
//! A snooze hides a contact from the due lists until a date; it does not change its
//! warmth (only a real touch does). The order warm < new < cooling < cold is how warm
//! paths rank people.

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
    New,
    Cooling,
    Cold,
}

impl Warmth {
    /// Along the scale, warm to cold, then the contacts not yet touched.
    pub const ALL: [Warmth; 4] = [Warmth::Warm, Warmth::Cooling, Warmth::Cold, Warmth::New];

    /// Warmth on `today` for a contact whose touch clock says it is due on `touch_due`
    /// (no snooze), with this cadence; `touched`: it has at least one touchpoint.
    pub fn of(
        touch_due: Option<NaiveDate>,
        cadence_days: Option<u32>,
        touched: bool,
        today: NaiveDate,
    ) -> Warmth {
        let calm = if touched { Warmth::Warm } else { Warmth::New };
        let (Some(due), Some(cadence)) = (touch_due, cadence_days) else {
            return calm;
        };
        let overdue = (today - due).num_days();
        if overdue < 0 {
            calm
        } else if overdue < i64::from(cadence) {
            Warmth::Cooling
        } else {
            Warmth::Cold
        }
    }

    /// Whether this is a state the user should act on (the due lists' colours).
    pub fn needs_attention(self) -> bool {
        matches!(self, Warmth::Cooling | Warmth::Cold)
    }

    pub fn code(self) -> &'static str {
        match self {
            Warmth::Warm => "warm",
            Warmth::New => "new",
            Warmth::Cooling => "cooling",
            Warmth::Cold => "cold",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Warmth::Warm => "Warm",
            Warmth::New => "New",
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
        assert_eq!(
            Warmth::of(Some(due), c, true, day("2026-10-31")),
            Warmth::Warm
        );
        assert_eq!(
            Warmth::of(Some(due), c, true, due),
            Warmth::Cooling,
            "due today is cooling"
        );
        assert_eq!(
            Warmth::of(Some(due), c, true, day("2026-11-30")),
            Warmth::Cooling,
            "29 days over"
        );
        assert_eq!(
            Warmth::of(Some(due), c, true, day("2026-12-01")),
            Warmth::Cold,
            "a whole cadence over"
        );
        assert_eq!(Warmth::of(None, c, true, due), Warmth::Warm, "never due");
        assert_eq!(
            Warmth::of(Some(due), None, true, day("2030-01-01")),
            Warmth::Warm
        );
        assert_eq!(Warmth::of(None, None, false, due), Warmth::New);
        assert_eq!(Warmth::parse(" COLD "), Some(Warmth::Cold));
        assert_eq!(Warmth::parse("new"), Some(Warmth::New));
        assert_eq!(Warmth::parse("tepid"), None);
    }

    fn shift(date: NaiveDate, days: i64) -> NaiveDate {
        if days >= 0 {
            date.checked_add_days(Days::new(days as u64)).unwrap()
        } else {
            date.checked_sub_days(Days::new(days.unsigned_abs()))
                .unwrap()
        }
    }

    proptest! {
        #[test]
        fn warmth_only_cools_as_days_pass(
            cadence in 1u32..400,
            offset in -500i64..500,
            step in 0u64..400,
            touched in any::<bool>(),
        ) {
            let due = day("2026-06-01");
            let today = shift(due, offset);
            let later = today.checked_add_days(Days::new(step)).unwrap();
            let now = Warmth::of(Some(due), Some(cadence), touched, today);
            prop_assert!(Warmth::of(Some(due), Some(cadence), touched, later) >= now);
            prop_assert_eq!(!now.needs_attention(), today < due);
            prop_assert_eq!(now == Warmth::Cold, offset >= i64::from(cadence));
            prop_assert_eq!(now == Warmth::Warm, touched && today < due, "warm needs a touch");
            prop_assert_eq!(now == Warmth::New, !touched && today < due);
        }

        /// A contact added (or met) on `added` and never touched is new, and not due,
        /// until one whole cadence has passed: it never raises the Today badge the day
        /// it is added.
        #[test]
        fn a_new_contact_is_first_due_one_cadence_after_it_was_added(
            cadence in 1u32..400,
            added_offset in -800i64..0,
            met_offset in proptest::option::of(-3000i64..0),
            days_later in 0i64..1200,
        ) {
            let today0 = day("2026-12-01");
            let added = shift(today0, added_offset);
            let start = met_offset.map_or(added, |m| shift(today0, m).max(added));
            let first_due = crate::model::next_due(Some(cadence), false, None, start, None).unwrap();
            prop_assert_eq!(first_due, shift(start, i64::from(cadence)));
            prop_assert!(first_due > added, "never due on the day it was added");
            let today = shift(added, days_later);
            let warmth = Warmth::of(Some(first_due), Some(cadence), false, today);
            prop_assert_eq!(crate::model::is_due(Some(first_due), today), warmth.needs_attention());
            prop_assert_ne!(warmth, Warmth::Warm, "never touched is never warm");
        }

        /// Snoozing moves the due date on; the warmth stays what the touches say.
        #[test]
        fn a_snooze_does_not_change_warmth(
            cadence in 1u32..400,
            last_touch_offset in -1000i64..0,
            snooze_days in 1i64..400,
        ) {
            let today = day("2026-12-01");
            let last = shift(today, last_touch_offset);
            let start = day("2020-01-01");
            let touch_due = crate::model::next_due(Some(cadence), false, Some(last), start, None);
            let snoozed_due = crate::model::next_due(Some(cadence), false, Some(last), start, Some(shift(today, snooze_days)));
            prop_assert!(!crate::model::is_due(snoozed_due, today), "a snooze hides it from the due lists");
            let warmth = Warmth::of(touch_due, Some(cadence), true, today);
            let expected = if (today - last).num_days() >= 2 * i64::from(cadence) {
                Warmth::Cold
            } else if (today - last).num_days() >= i64::from(cadence) {
                Warmth::Cooling
            } else {
                Warmth::Warm
            };
            prop_assert_eq!(warmth, expected);
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
