//! The fit score: how well a job matches the dream-job criteria, 0–100.
//!
//! The rules, in order:
//! 1. Only active (not retired) criteria count. Unknown ratings are never guessed: they
//!    are left out of the sum and reported as "n unknown".
//! 2. Base score = the weighted share of credit over the rated must-haves and
//!    nice-to-haves: a must-have weighs [`MUST_HAVE_WEIGHT`], a nice-to-have its own
//!    weight (1–5); met earns full credit, partly half, not met none.
//!    With nothing rated yet there is no score.
//! 3. A must-have rated "not met" caps the score at [`UNMET_MUST_HAVE_CAP`] and is flagged.
//! 4. A deal-breaker rated "met" (it applies to this job) sets the score to 0 and is
//!    flagged; one rated "partly" is flagged as "may apply" and changes nothing else.
//! 5. The result is rounded to the nearest whole number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Criterion, CriterionId, CriterionKind};

/// How much one must-have weighs in the base score: as much as the heaviest nice-to-have.
pub const MUST_HAVE_WEIGHT: u32 = 5;
/// The highest score a job can have while a must-have is not met.
pub const UNMET_MUST_HAVE_CAP: u8 = 40;

/// How a job measures up to one criterion. For a deal-breaker, "met" means the
/// deal-breaker applies to this job.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Rating {
    #[default]
    Unknown,
    NotMet,
    Partly,
    Met,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Met, Rating::Partly, Rating::NotMet, Rating::Unknown];

    pub fn key(self) -> &'static str {
        match self {
            Rating::Met => "met",
            Rating::Partly => "partly",
            Rating::NotMet => "not",
            Rating::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key.trim().to_lowercase().as_str() {
            "met" | "yes" => Some(Rating::Met),
            "partly" | "partial" => Some(Rating::Partly),
            "not" | "not-met" | "no" => Some(Rating::NotMet),
            "unknown" | "?" => Some(Rating::Unknown),
            _ => None,
        }
    }

    /// Words for this rating of a criterion of `kind` ("applies" for a deal-breaker).
    pub fn label(self, kind: CriterionKind) -> &'static str {
        match (kind, self) {
            (_, Rating::Unknown) => "Unknown",
            (CriterionKind::DealBreaker, Rating::Met) => "Applies",
            (CriterionKind::DealBreaker, Rating::Partly) => "May apply",
            (CriterionKind::DealBreaker, Rating::NotMet) => "Does not apply",
            (_, Rating::Met) => "Met",
            (_, Rating::Partly) => "Partly",
            (_, Rating::NotMet) => "Not met",
        }
    }

    /// Credit in half-points: met 2, partly 1, otherwise 0.
    fn half_credit(self) -> u32 {
        match self {
            Rating::Met => 2,
            Rating::Partly => 1,
            Rating::NotMet | Rating::Unknown => 0,
        }
    }
}

/// The outcome of scoring one job.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fit {
    /// 0–100, or `None` while no must-have or nice-to-have is rated.
    pub score: Option<u8>,
    pub unmet_must_haves: Vec<CriterionId>,
    pub deal_breakers: Vec<CriterionId>,
    pub possible_deal_breakers: Vec<CriterionId>,
    /// Active criteria not rated yet (or rated "unknown").
    pub unknown: usize,
}

impl Fit {
    /// A short reading: "74", "0 · deal-breaker", "40 · must-have not met", "— · 3 unknown".
    pub fn summary(&self) -> String {
        let mut parts = vec![
            self.score
                .map_or_else(|| "—".to_string(), |s| s.to_string()),
        ];
        if !self.deal_breakers.is_empty() {
            parts.push("deal-breaker".into());
        } else if !self.unmet_must_haves.is_empty() {
            parts.push("must-have not met".into());
        }
        if !self.possible_deal_breakers.is_empty() {
            parts.push("deal-breaker may apply".into());
        }
        if self.unknown > 0 {
            parts.push(format!("{} unknown", self.unknown));
        }
        parts.join(" · ")
    }
}

/// Scores a job's `ratings` against `criteria` (see the module documentation).
pub fn fit_score(criteria: &[Criterion], ratings: &BTreeMap<CriterionId, Rating>) -> Fit {
    let mut fit = Fit::default();
    let (mut earned, mut possible) = (0u32, 0u32);
    for criterion in criteria.iter().filter(|c| !c.retired) {
        let rating = ratings.get(&criterion.id).copied().unwrap_or_default();
        if rating == Rating::Unknown {
            fit.unknown += 1;
            continue;
        }
        let weight = match criterion.fields.kind {
            CriterionKind::DealBreaker => {
                match rating {
                    Rating::Met => fit.deal_breakers.push(criterion.id),
                    Rating::Partly => fit.possible_deal_breakers.push(criterion.id),
                    _ => {}
                }
                continue;
            }
            CriterionKind::MustHave => {
                if rating == Rating::NotMet {
                    fit.unmet_must_haves.push(criterion.id);
                }
                MUST_HAVE_WEIGHT
            }
            CriterionKind::NiceToHave { weight } => u32::from(weight.clamp(1, 5)),
        };
        earned += weight * rating.half_credit();
        possible += weight * 2;
    }
    // Rounded to nearest: (100 * earned + possible / 2) / possible, in integers; no
    // score while nothing is rated.
    if let Some(base) = (100 * earned + possible / 2).checked_div(possible) {
        let mut score = u8::try_from(base.min(100)).expect("at most 100");
        if !fit.unmet_must_haves.is_empty() {
            score = score.min(UNMET_MUST_HAVE_CAP);
        }
        fit.score = Some(score);
    }
    if !fit.deal_breakers.is_empty() {
        fit.score = Some(0);
    }
    fit
}

/// The current job, rated on the same criteria as every application: the baseline
/// each opportunity is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub ratings: BTreeMap<CriterionId, Rating>,
}

/// An opportunity's score beside staying put: "staying put 38 · this one 74, +36".
pub fn versus_baseline(baseline: Option<u8>, this: Option<u8>) -> String {
    let show = |s: Option<u8>| s.map_or_else(|| "—".to_string(), |s| s.to_string());
    let mut text = format!("staying put {} · this one {}", show(baseline), show(this));
    if let Some(difference) = difference_from_baseline(baseline, this) {
        text.push_str(&format!(", {difference:+}"));
    }
    text
}

/// This score minus the baseline's, when both are known.
pub fn difference_from_baseline(baseline: Option<u8>, this: Option<u8>) -> Option<i16> {
    Some(i16::from(this?) - i16::from(baseline?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CriterionFields, Timestamp};

    fn criterion(id: u64, kind: CriterionKind) -> Criterion {
        Criterion {
            id: CriterionId(id),
            fields: CriterionFields {
                text: format!("c{id}"),
                kind,
                category: None,
            },
            position: id as u32,
            retired: false,
            created: Timestamp(0),
            updated: Timestamp(0),
        }
    }

    fn ratings(list: &[(u64, Rating)]) -> BTreeMap<CriterionId, Rating> {
        list.iter().map(|(id, r)| (CriterionId(*id), *r)).collect()
    }

    fn nice(w: u8) -> CriterionKind {
        CriterionKind::NiceToHave { weight: w }
    }

    #[test]
    fn each_opportunity_reads_against_staying_put() {
        assert_eq!(
            versus_baseline(Some(38), Some(74)),
            "staying put 38 · this one 74, +36"
        );
        assert_eq!(
            versus_baseline(Some(60), Some(45)),
            "staying put 60 · this one 45, -15"
        );
        assert_eq!(
            versus_baseline(None, Some(45)),
            "staying put — · this one 45"
        );
        assert_eq!(difference_from_baseline(Some(50), Some(50)), Some(0));
    }

    #[test]
    fn nice_to_haves_count_by_weight_and_partly_is_half() {
        let criteria = [criterion(1, nice(3)), criterion(2, nice(1))];
        assert_eq!(
            fit_score(
                &criteria,
                &ratings(&[(1, Rating::Met), (2, Rating::NotMet)])
            )
            .score,
            Some(75)
        );
        assert_eq!(
            fit_score(
                &criteria,
                &ratings(&[(1, Rating::Partly), (2, Rating::Met)])
            )
            .score,
            Some(63)
        );
        assert_eq!(
            fit_score(&criteria, &ratings(&[(1, Rating::Met), (2, Rating::Met)])).score,
            Some(100)
        );
    }

    #[test]
    fn unknowns_are_counted_not_guessed() {
        let criteria = [
            criterion(1, nice(3)),
            criterion(2, nice(1)),
            criterion(3, CriterionKind::MustHave),
        ];
        let fit = fit_score(&criteria, &ratings(&[(1, Rating::Met)]));
        assert_eq!(fit.score, Some(100), "only the rated criterion counts");
        assert_eq!(fit.unknown, 2);
        assert_eq!(fit.summary(), "100 · 2 unknown");
        let none = fit_score(&criteria, &BTreeMap::new());
        assert_eq!(none.score, None);
        assert_eq!(none.summary(), "— · 3 unknown");
    }

    #[test]
    fn an_unmet_must_have_caps_the_score_and_is_flagged() {
        let criteria = [
            criterion(1, CriterionKind::MustHave),
            criterion(2, nice(5)),
            criterion(3, nice(5)),
            criterion(4, nice(5)),
        ];
        let r = ratings(&[
            (1, Rating::NotMet),
            (2, Rating::Met),
            (3, Rating::Met),
            (4, Rating::Met),
        ]);
        let fit = fit_score(&criteria, &r);
        assert_eq!(fit.score, Some(UNMET_MUST_HAVE_CAP));
        assert_eq!(fit.unmet_must_haves, vec![CriterionId(1)]);
        assert_eq!(fit.summary(), "40 · must-have not met");
        let met = fit_score(
            &criteria,
            &ratings(&[
                (1, Rating::Met),
                (2, Rating::Met),
                (3, Rating::Met),
                (4, Rating::Met),
            ]),
        );
        assert_eq!(met.score, Some(100));
    }

    #[test]
    fn a_deal_breaker_that_applies_sets_zero() {
        let criteria = [
            criterion(1, CriterionKind::DealBreaker),
            criterion(2, nice(5)),
        ];
        let fit = fit_score(&criteria, &ratings(&[(1, Rating::Met), (2, Rating::Met)]));
        assert_eq!(fit.score, Some(0));
        assert_eq!(fit.deal_breakers, vec![CriterionId(1)]);
        let maybe = fit_score(
            &criteria,
            &ratings(&[(1, Rating::Partly), (2, Rating::Met)]),
        );
        assert_eq!(maybe.score, Some(100));
        assert_eq!(maybe.possible_deal_breakers, vec![CriterionId(1)]);
        let clear = fit_score(
            &criteria,
            &ratings(&[(1, Rating::NotMet), (2, Rating::Met)]),
        );
        assert_eq!(clear.score, Some(100));
        assert_eq!(Rating::Met.label(CriterionKind::DealBreaker), "Applies");
    }

    #[test]
    fn retired_criteria_do_not_count() {
        let mut retired = criterion(1, CriterionKind::DealBreaker);
        retired.retired = true;
        let criteria = [retired, criterion(2, nice(2))];
        let fit = fit_score(
            &criteria,
            &ratings(&[(1, Rating::Met), (2, Rating::Partly)]),
        );
        assert_eq!(fit.score, Some(50));
        assert!(fit.deal_breakers.is_empty());
        assert_eq!(fit.unknown, 0);
    }
}
