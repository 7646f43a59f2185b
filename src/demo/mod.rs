//! Data for exploring and measuring: the demo dataset a newcomer can open (about 40
//! contacts and 150 touchpoints over the past year, for a social media manager quietly
//! planning a move), and the synthetic generator the benchmarks and load tests share.
//! Both write through [`Store::apply_all`], like every other writer.

use chrono::{Days, NaiveDate, NaiveTime};

use crate::model::Revision;
use crate::model::{
    ApplicationFields, ApplicationId, AskFields, CapabilityFields, CheckInFields, Circle,
    ContactFields, ContactId, ContactRole, CriterionFields, CriterionId, CriterionKind, FollowUp,
    NextAction, Rating, Sign, Stage, TouchpointFields, TouchpointKind,
};
use crate::store::{ApplyError, Batch, Change, Committed, PlanChange, Store, Writer};

mod data;
mod plan;
mod synthetic;

pub use data::DEMO_EMPLOYER;
use data::*;
use plan::*;
pub use synthetic::{write_synthetic, write_synthetic_plan};

fn email_for(name: &str, organization: &str) -> String {
    let local: String = crate::store::fold(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".");
    let local: String = local
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let domain: String = crate::store::fold(organization)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{local}@{domain}.example")
}

fn fields_for(p: &DemoPerson) -> ContactFields {
    ContactFields {
        name: p.name.into(),
        emails: vec![email_for(p.name, p.organization)],
        organization: p.organization.into(),
        title: p.title.into(),
        how_we_met: p.how_we_met.into(),
        tags: p.tags.iter().map(|t| (*t).to_string()).collect(),
        cadence_days: p.cadence_days,
        ..ContactFields::default()
    }
}

/// The demo user: a personal address, the employer and its domain (so nothing is
/// drafted for colleagues), no SMTP server yet.
fn demo_settings(current: &crate::model::Settings) -> crate::model::Settings {
    let mut settings = current.clone();
    for (key, value) in [
        ("identity.name", "Sam Rivera"),
        ("identity.email", "sam.rivera@personal.example"),
        ("identity.signature", "Sam"),
        ("employer.name", DEMO_EMPLOYER),
        ("employer.domain", "northwindoutfitters.example"),
    ] {
        settings
            .set(key, value)
            .expect("the demo settings are valid");
    }
    settings
}

/// Writes the demo dataset into `store` in one transaction; returns the contact count.
/// Dates are relative to the store's today, so the demo always looks current.
pub fn write_demo(store: &mut Store) -> Result<usize, ApplyError> {
    let current = store.model().settings().clone();
    let committed = commit_demo(&store.writer(), current)?;
    store.absorb(committed)
}

/// [`write_demo`]'s commit, on any thread (the window's worker): `current` is the
/// settings now (the demo adds its identity and employer to them; a theme chosen
/// already stays).
pub fn commit_demo(
    writer: &Writer,
    current: crate::model::Settings,
) -> Result<Committed<usize>, ApplyError> {
    let today = writer.today();
    let mut rng = fastrand::Rng::with_seed(20_261_124);
    let base = Revision::of(&current);
    let settings = demo_settings(&current);
    writer.apply_all(|batch| {
        batch.apply(Change::SetSettings {
            base,
            settings: Box::new(settings),
        })?;
        let mut ids: Vec<(ContactId, Option<u32>)> = Vec::new();
        for p in EXTERNAL {
            let mut fields = fields_for(p);
            if p.tags.contains(&"recruiter") {
                fields.phones = vec![format!("+44 20 7946 0{:03}", rng.u32(100..999))];
            }
            if p.name == "Leila Haddad" {
                fields.links = vec!["https://cedar-collective.example/team".into()];
                fields.notes =
                    "Mentor since the spring. Suggested I write down every win each week — \
                                the capability log idea came from her."
                        .into();
            }
            let id = batch
                .apply(Change::AddContact(fields))?
                .contact_id()
                .expect("added");
            ids.push((id, p.cadence_days));
        }
        for (p, trust, shared) in INTERNAL {
            let mut fields = fields_for(p);
            fields.circle = Circle::Internal;
            fields.trust = Some(*trust);
            fields.shared_note = (*shared).into();
            let id = batch
                .apply(Change::AddContact(fields))?
                .contact_id()
                .expect("added");
            ids.push((id, p.cadence_days));
        }
        // 150 touchpoints over the past year. Each contact's touches are spread so that
        // some are recent (warm) and some lapsed past their cadence (due today).
        for n in 0..150usize {
            let index = (n * 7 + rng.usize(0..3)) % ids.len();
            let (contact, cadence) = ids[index];
            let (kind, direction, summary) = SUMMARIES[rng.usize(0..SUMMARIES.len())];
            let cadence_days = u64::from(cadence.unwrap_or(30));
            // About one contact in four has lapsed: every touch is older than its cadence,
            // so Today has people to get back to. The rest have a recent touch or two.
            let days_ago = if index % 4 == 3 {
                rng.u64(cadence_days + 1..cadence_days + 200)
            } else if n % 3 == 0 {
                rng.u64(0..(cadence_days / 2).max(2))
            } else {
                rng.u64(0..365)
            };
            let date = today.checked_sub_days(Days::new(days_ago)).unwrap_or(today);
            let mut contacts = vec![contact];
            if kind == TouchpointKind::Meeting || kind == TouchpointKind::Event {
                let (other, _) = ids[rng.usize(0..ids.len())];
                contacts.push(other);
            }
            let follow_up = (n % 9 == 0).then(|| {
                let due = date
                    .checked_add_days(Days::new(rng.u64(3..21)))
                    .unwrap_or(date);
                FollowUp {
                    due,
                    what: FOLLOW_UPS[n % FOLLOW_UPS.len()].into(),
                    // Older promises were kept; the last couple of weeks' are still open.
                    done: due
                        .checked_add_days(Days::new(12))
                        .is_some_and(|d| d < today),
                }
            });
            let time = (n % 3 == 0)
                .then(|| NaiveTime::from_hms_opt(rng.u32(8..18), 30, 0))
                .flatten();
            batch.apply(Change::LogTouchpoint(TouchpointFields {
                contacts,
                date,
                time,
                kind,
                direction,
                summary: summary.into(),
                follow_up,
            }))?;
        }
        write_demo_plan(batch, today, &ids, &mut rng)?;
        batch.apply(Change::FinishWelcome)?;
        Ok(ids.len())
    })
}

fn days_from(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today
            .checked_add_days(Days::new(days.unsigned_abs()))
            .unwrap_or(today)
    } else {
        today
            .checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(today)
    }
}

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

/// Criteria, a filled board, a capability log, asks and twelve weeks of check-ins.
fn write_demo_plan(
    batch: &mut Batch<'_>,
    today: NaiveDate,
    contacts: &[(ContactId, Option<u32>)],
    rng: &mut fastrand::Rng,
) -> Result<(), ApplyError> {
    let mut criteria = Vec::new();
    for (text, kind, category) in CRITERIA {
        let fields = CriterionFields {
            text: (*text).into(),
            kind: *kind,
            category: *category,
        };
        let id = batch
            .apply(Change::Plan(PlanChange::AddCriterion(fields)))?
            .new_id()
            .expect("added");
        criteria.push((CriterionId(id), *kind));
    }
    write_demo_board(batch, today, contacts, &criteria, rng)?;
    // The current job, rated on the same criteria: the baseline ("staying put").
    for (i, (criterion, kind)) in criteria.iter().enumerate() {
        let rating = match kind {
            CriterionKind::DealBreaker => Rating::NotMet,
            CriterionKind::MustHave if i % 2 == 1 => Rating::NotMet,
            CriterionKind::MustHave => Rating::Met,
            CriterionKind::NiceToHave { .. } => Rating::Partly,
        };
        batch.apply(Change::Plan(PlanChange::RateBaseline {
            criterion: *criterion,
            rating,
        }))?;
    }
    for (title, story, numbers, tags, days) in CAPABILITIES {
        let fields = CapabilityFields {
            title: (*title).into(),
            story: (*story).into(),
            numbers: (*numbers).into(),
            tags: tags.iter().map(|t| (*t).to_string()).collect(),
            date: ago(today, *days),
            use_in_emails: *days < 250,
        };
        batch.apply(Change::Plan(PlanChange::AddCapability(fields)))?;
    }
    let manager = contacts
        .iter()
        .map(|c| c.0)
        .find(|id| batch_contact_is(batch, *id, "David Brooks"));
    for (what, kind, status, asked_days_ago, revisit) in ASKS {
        let fields = AskFields {
            what: (*what).into(),
            kind: *kind,
            asked_to: manager,
            status: *status,
            asked_on: asked_days_ago.map(|d| ago(today, d)),
            revisit_on: revisit.map(|d| days_from(today, d)),
            notes: String::new(),
        };
        batch.apply(Change::Plan(PlanChange::AddAsk(fields)))?;
    }
    write_demo_check_ins(batch, today, rng)
}

/// The board: each application walks its stage path and is rated on most criteria.
fn write_demo_board(
    batch: &mut Batch<'_>,
    today: NaiveDate,
    contacts: &[(ContactId, Option<u32>)],
    criteria: &[(CriterionId, CriterionKind)],
    rng: &mut fastrand::Rng,
) -> Result<(), ApplyError> {
    for (n, (company, role, source, path, next)) in APPLICATIONS.iter().enumerate() {
        let (first_stage, first_days) = path[0];
        let fields = ApplicationFields {
            company: (*company).into(),
            role: (*role).into(),
            source: (*source).into(),
            link: format!(
                "https://{}.example/careers",
                crate::store::fold(company).replace([' ', '&'], "")
            ),
            contacts: vec![(contacts[n * 3 % contacts.len()].0, ContactRole::Referrer)],
            next_action: next.map(|(what, days)| NextAction {
                what: what.into(),
                due: days_from(today, days),
            }),
            salary_min: Some(55_000 + 2_500 * n as u32),
            salary_max: Some(68_000 + 2_500 * n as u32),
            notes: String::new(),
            // An offer has a deadline: its follow-up falls on it.
            decision_date: path
                .iter()
                .any(|(stage, _)| *stage == Stage::Offer)
                .then(|| days_from(today, 5)),
        };
        let change = PlanChange::AddApplication {
            fields,
            stage: first_stage,
            on: ago(today, first_days),
        };
        let id = ApplicationId(batch.apply(Change::Plan(change))?.new_id().expect("added"));
        for (stage, days) in &path[1..] {
            batch.apply(Change::Plan(PlanChange::MoveApplication {
                id,
                stage: *stage,
                on: ago(today, *days),
            }))?;
        }
        // Rate most criteria; leave a few unknown, as in real life.
        for (criterion, kind) in criteria {
            if rng.u8(0..10) < 2 {
                continue;
            }
            let rating = match kind {
                CriterionKind::DealBreaker => {
                    if n == 7 {
                        Rating::Met
                    } else {
                        Rating::NotMet
                    }
                }
                // The referral, the offer and the mentor's lead fit well; the rest vary.
                CriterionKind::MustHave if [0, 2, 9].contains(&n) => Rating::Met,
                _ if [0, 2, 9].contains(&n) => {
                    [Rating::Met, Rating::Met, Rating::Met, Rating::Partly][rng.usize(0..4)]
                }
                _ => [Rating::Met, Rating::Met, Rating::Partly, Rating::NotMet][rng.usize(0..4)],
            };
            batch.apply(Change::Plan(PlanChange::RateApplication {
                id,
                criterion: *criterion,
                rating,
            }))?;
        }
    }
    Ok(())
}

/// Twelve weekly check-ins, the latest eight days ago so Today asks for this week's.
fn write_demo_check_ins(
    batch: &mut Batch<'_>,
    today: NaiveDate,
    rng: &mut fastrand::Rng,
) -> Result<(), ApplyError> {
    for week in 0..12u64 {
        let date = ago(today, 8 + 7 * (11 - week));
        let mut signs = std::collections::BTreeSet::new();
        for (sign, chance) in [
            (Sign::LeftOut, 7),
            (Sign::DoingEverythingAlone, 8),
            (Sign::UnrealisticGoals, 5),
            (Sign::BurntOut, 3 + (week as u8) / 3),
            (Sign::JustPosting, 4),
            (Sign::NoTimeToLearn, 6),
            (Sign::MissingTools, 5),
        ] {
            if rng.u8(0..10) < chance {
                signs.insert(sign);
            }
        }
        let overall = (5u8.saturating_sub(signs.len() as u8 / 2)).clamp(1, 5);
        let note = match week {
            3 => "Not invited to the launch kickoff again.",
            7 => "Good feedback on the dashboard from the CFO.",
            10 => "Asked for the analytics tool; no answer yet.",
            _ => "",
        };
        let fields = CheckInFields {
            date,
            signs,
            overall,
            note: note.into(),
        };
        batch.apply(Change::Plan(PlanChange::RecordCheckIn(fields)))?;
    }
    Ok(())
}

fn batch_contact_is(batch: &Batch<'_>, id: ContactId, name: &str) -> bool {
    batch.contact_name(id).is_some_and(|n| n == name)
}
