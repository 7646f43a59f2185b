//! The synthetic generator the benchmarks and load tests share: many contacts,
//! touchpoints and a plan, deterministic for a seed.

use super::*;

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloé", "Dmitri", "Elena", "Farah", "Gabriel", "Hana", "Ivan", "Jonas", "Kofi",
    "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoë",
];
const LAST: &[&str] = &[
    "Almeida",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Umarov",
    "Varga",
    "Weber",
    "Young",
    "Zielinski",
];
const ORGS: &[&str] = &[
    "Brightwave Media",
    "Lumen Analytics",
    "Atlas & Reed",
    "Kettle Studio",
    "Harbor Health",
    "Polar Freight",
    "Greenleaf Talent",
    "Maison Verte",
    "Orbit Commerce",
    "Nordlys Design",
    "Crestline Partners",
    "Cedar Collective",
    "Sunrise Foods",
    "Bloom Nonprofit",
    "Medina Digital",
];
const TAGS: &[&str] = &[
    "peer group",
    "recruiter",
    "industry expert",
    "former colleague",
    "mentor",
];

/// Fills `store` with `contacts` synthetic contacts and `touchpoints` touchpoints spread
/// over the past three years, in transactions of `chunk` changes. Deterministic for a
/// given seed. Used by benchmarks and load tests.
pub fn write_synthetic(
    store: &mut Store,
    contacts: usize,
    touchpoints: usize,
    seed: u64,
    chunk: usize,
) -> Result<Vec<ContactId>, ApplyError> {
    let today = store.today();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut ids = Vec::with_capacity(contacts);
    let chunk = chunk.max(1);
    let mut made = 0;
    while made < contacts {
        let n = chunk.min(contacts - made);
        store.apply_all(|batch| {
            for i in made..made + n {
                let first = FIRST[rng.usize(0..FIRST.len())];
                let last = LAST[rng.usize(0..LAST.len())];
                let org = ORGS[rng.usize(0..ORGS.len())];
                let name = format!("{first} {last} {i}");
                let fields = ContactFields {
                    emails: vec![email_for(&name, org)],
                    organization: org.into(),
                    title: "Manager".into(),
                    tags: vec![TAGS[rng.usize(0..TAGS.len())].to_string()],
                    cadence_days: (i % 4 != 0).then(|| [30, 60, 90][i % 3]),
                    name,
                    ..ContactFields::default()
                };
                ids.push(
                    batch
                        .apply(Change::AddContact(fields))?
                        .contact_id()
                        .expect("added"),
                );
            }
            Ok(())
        })?;
        made += n;
    }
    let mut logged = 0;
    while logged < touchpoints && !ids.is_empty() {
        let n = chunk.min(touchpoints - logged);
        store.apply_all(|batch| {
            for _ in 0..n {
                let contact = ids[rng.usize(0..ids.len())];
                let date: NaiveDate = today
                    .checked_sub_days(Days::new(rng.u64(0..3 * 365)))
                    .unwrap_or(today);
                let (kind, direction, summary) = SUMMARIES[rng.usize(0..SUMMARIES.len())];
                batch.apply(Change::LogTouchpoint(TouchpointFields {
                    contacts: vec![contact],
                    date,
                    time: None,
                    kind,
                    direction,
                    summary: summary.into(),
                    follow_up: None,
                }))?;
            }
            Ok(())
        })?;
        logged += n;
    }
    Ok(ids)
}

/// Adds the exit-plan part of the synthetic data: `criteria` criteria, `applications`
/// applications spread over every stage and rated on most criteria, and `weeks` weekly
/// check-ins ending last week. Deterministic for a given seed.
pub fn write_synthetic_plan(
    store: &mut Store,
    criteria: usize,
    applications: usize,
    weeks: u64,
    seed: u64,
) -> Result<(), ApplyError> {
    let today = store.today();
    let mut rng = fastrand::Rng::with_seed(seed);
    store.apply_all(|batch| {
        let mut ids = Vec::new();
        for i in 0..criteria {
            let kind = match i % 6 {
                0 => CriterionKind::MustHave,
                5 => CriterionKind::DealBreaker,
                n => CriterionKind::NiceToHave {
                    weight: u8::try_from(n).unwrap_or(1),
                },
            };
            let fields = CriterionFields {
                text: format!("Criterion {i}"),
                kind,
                category: None,
            };
            let id = batch
                .apply(Change::Plan(PlanChange::AddCriterion(fields)))?
                .new_id()
                .expect("added");
            ids.push(CriterionId(id));
        }
        for i in 0..applications {
            let stage = Stage::ALL[rng.usize(0..Stage::ALL.len())];
            let fields = ApplicationFields {
                company: format!("{} {i}", ORGS[rng.usize(0..ORGS.len())]),
                role: "Social Media Manager".into(),
                next_action: (i % 3 == 0).then(|| NextAction {
                    what: "Follow up".into(),
                    due: days_from(today, rng.i64(-20..20)),
                }),
                ..ApplicationFields::default()
            };
            let on = ago(today, rng.u64(0..400));
            let id = batch
                .apply(Change::Plan(PlanChange::AddApplication {
                    fields,
                    stage,
                    on,
                }))?
                .new_id()
                .expect("added");
            for criterion in &ids {
                if rng.u8(0..10) < 8 {
                    let rating = [Rating::Met, Rating::Partly, Rating::NotMet][rng.usize(0..3)];
                    let change = PlanChange::RateApplication {
                        id: ApplicationId(id),
                        criterion: *criterion,
                        rating,
                    };
                    batch.apply(Change::Plan(change))?;
                }
            }
        }
        for week in 0..weeks {
            let signs = Sign::ALL.iter().copied().filter(|_| rng.bool()).collect();
            let fields = CheckInFields {
                date: ago(today, 7 * (weeks - week)),
                signs,
                overall: rng.u8(1..=5),
                note: String::new(),
            };
            batch.apply(Change::Plan(PlanChange::RecordCheckIn(fields)))?;
        }
        Ok(())
    })
}
