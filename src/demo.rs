//! Data for exploring and measuring: the demo dataset a newcomer can open (about 40
//! contacts and 150 touchpoints over the past year, for a social media manager quietly
//! planning a move), and the synthetic generator the benchmarks and load tests share.
//! Both write through [`Store::apply_all`], like every other writer.

use chrono::{Days, NaiveDate, NaiveTime};

use crate::model::{
    ApplicationFields, ApplicationId, AskFields, AskKind, AskStatus, CapabilityFields, Category,
    CheckInFields, Circle, ContactFields, ContactId, ContactRole, CriterionFields, CriterionId,
    CriterionKind, Direction, FollowUp, NextAction, Rating, Sign, Stage, TouchpointFields,
    TouchpointKind, Trust,
};
use crate::store::{ApplyError, Batch, Change, PlanChange, Store};

struct DemoPerson {
    name: &'static str,
    organization: &'static str,
    title: &'static str,
    tags: &'static [&'static str],
    cadence_days: Option<u32>,
    how_we_met: &'static str,
}

const fn person(
    name: &'static str,
    organization: &'static str,
    title: &'static str,
    tags: &'static [&'static str],
    cadence_days: Option<u32>,
    how_we_met: &'static str,
) -> DemoPerson {
    DemoPerson {
        name,
        organization,
        title,
        tags,
        cadence_days,
        how_we_met,
    }
}

/// The user's current employer in the demo.
pub const DEMO_EMPLOYER: &str = "Northwind Outfitters";

const EXTERNAL: &[DemoPerson] = &[
    person(
        "Priya Raman",
        "Brightwave Media",
        "Head of Social",
        &["peer group"],
        Some(30),
        "Social media managers' meetup",
    ),
    person(
        "Marcus Feld",
        "Lumen Analytics",
        "Content Strategist",
        &["peer group"],
        Some(30),
        "Peer group founding member",
    ),
    person(
        "Zoë Castellanos",
        "Atlas & Reed",
        "Brand Director",
        &["industry expert"],
        Some(90),
        "Spoke together at a panel",
    ),
    person(
        "Tomás Herrera",
        "Kettle Studio",
        "Creative Lead",
        &["peer group"],
        Some(30),
        "Peer group",
    ),
    person(
        "Aiko Tanaka",
        "Harbor Health",
        "Community Manager",
        &["peer group"],
        Some(45),
        "Slack community for social managers",
    ),
    person(
        "Dmitri Volkov",
        "Polar Freight",
        "Marketing Director",
        &["former colleague"],
        Some(60),
        "Worked together at Polar Freight",
    ),
    person(
        "Hannah Schultz",
        "Greenleaf Talent",
        "Senior Recruiter",
        &["recruiter"],
        Some(60),
        "Reached out on LinkedIn",
    ),
    person(
        "Olusegun Adeyemi",
        "Brightwave Media",
        "VP Marketing",
        &["industry expert"],
        Some(90),
        "Introduced by Priya",
    ),
    person(
        "Chloé Dubois",
        "Maison Verte",
        "Social Lead",
        &["peer group"],
        Some(30),
        "Conference workshop",
    ),
    person(
        "Rafael Costa",
        "Orbit Commerce",
        "Growth Manager",
        &["former colleague"],
        Some(60),
        "Previous job",
    ),
    person(
        "Sofia Lindqvist",
        "Nordlys Design",
        "Design Director",
        &["industry expert"],
        Some(90),
        "Webinar Q&A",
    ),
    person(
        "Ben Carter",
        "Crestline Partners",
        "Talent Partner",
        &["recruiter"],
        Some(60),
        "Recruiter event",
    ),
    person(
        "Leila Haddad",
        "Cedar Collective",
        "Founder",
        &["mentor"],
        Some(30),
        "Mentoring programme",
    ),
    person(
        "Jonas Becker",
        "Lumen Analytics",
        "Data Analyst",
        &["peer group"],
        Some(45),
        "Analytics meetup",
    ),
    person(
        "Mei Chen",
        "Harbor Health",
        "Head of Comms",
        &["industry expert"],
        Some(90),
        "Panel moderator",
    ),
    person(
        "Kwame Mensah",
        "Sunrise Foods",
        "Digital Manager",
        &["peer group"],
        Some(30),
        "Peer group",
    ),
    person(
        "Elena Petrova",
        "Atlas & Reed",
        "Paid Social Lead",
        &["peer group"],
        Some(45),
        "Conference dinner",
    ),
    person(
        "Gabriel Moreau",
        "Freelance",
        "Video Producer",
        &["collaborator"],
        Some(60),
        "Hired for a campaign",
    ),
    person(
        "Isabel Ortiz",
        "Greenleaf Talent",
        "Recruitment Lead",
        &["recruiter"],
        Some(60),
        "Introduced by Hannah",
    ),
    person(
        "Noah Williams",
        "Kettle Studio",
        "Account Director",
        &["former colleague"],
        Some(90),
        "First agency job",
    ),
    person(
        "Fatima Zahra",
        "Medina Digital",
        "Strategy Lead",
        &["peer group"],
        Some(30),
        "Peer group",
    ),
    person(
        "Lukas Novak",
        "Orbit Commerce",
        "CMO",
        &["industry expert"],
        Some(120),
        "Keynote follow-up",
    ),
    person(
        "Grace Okafor",
        "Bloom Nonprofit",
        "Communications Lead",
        &["peer group", "mentor"],
        Some(30),
        "Volunteer project",
    ),
    person(
        "Henrik Olsen",
        "Nordlys Design",
        "UX Writer",
        &["collaborator"],
        None,
        "Shared a stage at a meetup",
    ),
    person(
        "Valentina Rossi",
        "Maison Verte",
        "Marketing Manager",
        &["peer group"],
        Some(45),
        "Peer group",
    ),
    person(
        "Samuel Adler",
        "Crestline Partners",
        "Executive Search",
        &["recruiter"],
        Some(90),
        "Cold email",
    ),
    person(
        "Yasmin Farouk",
        "Cedar Collective",
        "Operations",
        &["peer group"],
        Some(60),
        "Leila's team",
    ),
    person(
        "Oliver Grant",
        "Polar Freight",
        "Head of Brand",
        &["former colleague"],
        Some(90),
        "Worked together at Polar Freight",
    ),
    person(
        "Amara Nwosu",
        "Sunrise Foods",
        "Influencer Manager",
        &["peer group"],
        Some(45),
        "Industry awards night",
    ),
    person(
        "Lucas Martin",
        "Brightwave Media",
        "Social Producer",
        &["peer group"],
        Some(60),
        "Priya's team",
    ),
];

const INTERNAL: &[(DemoPerson, Trust, &str)] = &[
    (
        person(
            "Rachel Kim",
            DEMO_EMPLOYER,
            "Product Marketing Manager",
            &["internal"],
            Some(14),
            "Same floor",
        ),
        Trust::Confidant,
        "Knows I feel left out of launch planning.",
    ),
    (
        person(
            "David Brooks",
            DEMO_EMPLOYER,
            "Head of Marketing",
            &["internal", "manager"],
            Some(14),
            "My manager",
        ),
        Trust::Guarded,
        "Only the asks for tools and training.",
    ),
    (
        person(
            "Ines Ferreira",
            DEMO_EMPLOYER,
            "Data Analyst",
            &["internal"],
            Some(30),
            "Dashboard project",
        ),
        Trust::Trusted,
        "Shares reach numbers with me; knows I want more analytics work.",
    ),
    (
        person(
            "Tom Walsh",
            DEMO_EMPLOYER,
            "Sales Director",
            &["internal"],
            Some(30),
            "Quarterly review",
        ),
        Trust::Guarded,
        "Nothing personal.",
    ),
    (
        person(
            "Nadia Rahman",
            DEMO_EMPLOYER,
            "HR Business Partner",
            &["internal"],
            Some(60),
            "Onboarding",
        ),
        Trust::Guarded,
        "Asked about the learning budget.",
    ),
    (
        person(
            "Peter Lang",
            DEMO_EMPLOYER,
            "Designer",
            &["internal"],
            Some(30),
            "Campaign assets",
        ),
        Trust::Trusted,
        "Knows the workload is unrealistic.",
    ),
    (
        person(
            "Aisha Bello",
            DEMO_EMPLOYER,
            "Customer Support Lead",
            &["internal"],
            Some(30),
            "Social care handover",
        ),
        Trust::Trusted,
        "Shares my frustration about silos.",
    ),
    (
        person(
            "Marco Bianchi",
            DEMO_EMPLOYER,
            "CFO",
            &["internal"],
            None,
            "All-hands",
        ),
        Trust::Guarded,
        "Nothing.",
    ),
];

const SUMMARIES: &[(TouchpointKind, Direction, &str)] = &[
    (
        TouchpointKind::Coffee,
        Direction::Mutual,
        "Coffee — swapped notes on short-form video results",
    ),
    (
        TouchpointKind::Call,
        Direction::Received,
        "Call — advice on pitching a bigger budget",
    ),
    (
        TouchpointKind::Email,
        Direction::Gave,
        "Sent the campaign retrospective template they asked for",
    ),
    (
        TouchpointKind::Event,
        Direction::Mutual,
        "Met at the social media seminar; compared tool stacks",
    ),
    (
        TouchpointKind::Message,
        Direction::Gave,
        "Shared a job post that fits their team",
    ),
    (
        TouchpointKind::SocialComment,
        Direction::Gave,
        "Commented on their post about community building",
    ),
    (
        TouchpointKind::Intro,
        Direction::Gave,
        "Introduced them to a video producer",
    ),
    (
        TouchpointKind::Meeting,
        Direction::Mutual,
        "Peer group session on measuring engagement",
    ),
    (
        TouchpointKind::Call,
        Direction::Gave,
        "Helped them prepare for a client workshop",
    ),
    (
        TouchpointKind::Message,
        Direction::Received,
        "They sent feedback on my portfolio case study",
    ),
    (
        TouchpointKind::Coffee,
        Direction::Received,
        "Coffee — they explained how their team is structured",
    ),
    (
        TouchpointKind::Email,
        Direction::Mutual,
        "Exchanged reading lists on analytics",
    ),
    (
        TouchpointKind::Other,
        Direction::Gave,
        "Reviewed their conference talk slides",
    ),
];

const FOLLOW_UPS: &[&str] = &[
    "Send the engagement report template",
    "Ask about the analytics role on their team",
    "Share the seminar recording",
    "Introduce to Gabriel for the video project",
    "Thank them for the advice",
];

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
fn demo_settings() -> crate::model::Settings {
    let mut settings = crate::model::Settings::default();
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
    let today = store.today();
    let mut rng = fastrand::Rng::with_seed(20_261_124);
    let base = crate::model::Revision::of(store.model().settings());
    store.apply_all(|batch| {
        batch.apply(Change::SetSettings {
            base,
            settings: Box::new(demo_settings()),
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

const CRITERIA: &[(&str, CriterionKind, Option<Category>)] = &[
    (
        "Leadership listens to and funds social",
        CriterionKind::MustHave,
        Some(Category::ManagementSupport),
    ),
    (
        "A seat in campaign and launch planning",
        CriterionKind::MustHave,
        Some(Category::Role),
    ),
    (
        "Analytics and tools budget",
        CriterionKind::NiceToHave { weight: 4 },
        Some(Category::Role),
    ),
    (
        "Time for research, courses and seminars",
        CriterionKind::NiceToHave { weight: 4 },
        Some(Category::LearningTime),
    ),
    (
        "At least one person on the team with me",
        CriterionKind::NiceToHave { weight: 3 },
        Some(Category::Role),
    ),
    (
        "Pay at or above 65k",
        CriterionKind::NiceToHave { weight: 3 },
        Some(Category::Pay),
    ),
    (
        "Two remote days a week",
        CriterionKind::NiceToHave { weight: 2 },
        Some(Category::LocationAndHours),
    ),
    (
        "A path to head of social",
        CriterionKind::NiceToHave { weight: 2 },
        Some(Category::Growth),
    ),
    (
        "Requires moving city",
        CriterionKind::DealBreaker,
        Some(Category::LocationAndHours),
    ),
    (
        "Always-on weekend coverage",
        CriterionKind::DealBreaker,
        Some(Category::Culture),
    ),
];

/// (company, role, source, stage path with days ago, next action (what, days from today))
type DemoApplication = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(Stage, u64)],
    Option<(&'static str, i64)>,
);

const APPLICATIONS: &[DemoApplication] = &[
    (
        "Brightwave Media",
        "Head of Social",
        "Referral from Priya",
        &[
            (Stage::Interested, 40),
            (Stage::Applied, 35),
            (Stage::Screening, 26),
            (Stage::Interviewing, 12),
        ],
        Some(("Prepare the case-study presentation", 2)),
    ),
    (
        "Lumen Analytics",
        "Social & Community Lead",
        "Job board",
        &[(Stage::Interested, 30), (Stage::Applied, 27)],
        Some(("Follow up with the recruiter", -3)),
    ),
    (
        "Atlas & Reed",
        "Senior Social Media Manager",
        "Recruiter",
        &[
            (Stage::Interested, 50),
            (Stage::Applied, 45),
            (Stage::Screening, 40),
            (Stage::Interviewing, 30),
            (Stage::Offer, 4),
        ],
        Some(("Decide on the offer", 5)),
    ),
    (
        "Harbor Health",
        "Community Manager",
        "LinkedIn",
        &[(Stage::Interested, 8)],
        Some(("Ask Aiko about the team", 0)),
    ),
    (
        "Kettle Studio",
        "Content Strategist",
        "Peer group",
        &[
            (Stage::Interested, 60),
            (Stage::Applied, 58),
            (Stage::Rejected, 30),
        ],
        None,
    ),
    (
        "Orbit Commerce",
        "Growth Marketing Manager",
        "Rafael",
        &[
            (Stage::Interested, 25),
            (Stage::Applied, 22),
            (Stage::Screening, 18),
        ],
        None,
    ),
    (
        "Nordlys Design",
        "Brand & Social Lead",
        "Company site",
        &[(Stage::Interested, 14)],
        None,
    ),
    (
        "Sunrise Foods",
        "Digital Marketing Manager",
        "Job board",
        &[
            (Stage::Interested, 70),
            (Stage::Applied, 66),
            (Stage::Withdrawn, 50),
        ],
        None,
    ),
    (
        "Maison Verte",
        "Social Lead",
        "Chloé",
        &[(Stage::Interested, 20), (Stage::Applied, 16)],
        Some(("Send the portfolio link", 1)),
    ),
    (
        "Cedar Collective",
        "Head of Communications",
        "Leila",
        &[(Stage::Interested, 5)],
        None,
    ),
];

const CAPABILITIES: &[(&str, &str, &str, &[&str], u64)] = &[
    (
        "Grew organic reach 38% in six months",
        "Rebuilt the posting calendar around what the analytics said, cut low performers, and reported weekly.",
        "+38% reach · 2.1M impressions",
        &["analytics", "strategy"],
        20,
    ),
    (
        "Ran the product-launch social campaign alone",
        "Planned, produced and ran the launch across four channels with no extra budget.",
        "14k sign-ups in two weeks",
        &["campaigns", "leadership"],
        45,
    ),
    (
        "Handled the delivery-delay crisis",
        "Wrote the holding statements, coordinated with support, answered 600 comments in 48 hours.",
        "Sentiment back to baseline in 5 days",
        &["crisis", "community"],
        90,
    ),
    (
        "Built the weekly social dashboard",
        "Connected the platforms' exports into one sheet the leadership team now reads.",
        "Saves 3 hours a week",
        &["analytics"],
        120,
    ),
    (
        "Trained the support team on social care",
        "Two workshops and a playbook for answering customers publicly.",
        "Response time from 9h to 2h",
        &["community", "leadership"],
        150,
    ),
    (
        "Grew the newsletter through social",
        "Cross-promotion series with three partner brands.",
        "+4,200 subscribers",
        &["campaigns"],
        200,
    ),
    (
        "Spoke at the regional social media meetup",
        "Talk on measuring engagement without a data team.",
        "120 attendees",
        &["speaking"],
        240,
    ),
    (
        "Launched the short-video series",
        "Scripted, filmed and edited a 12-episode series on a phone.",
        "Best-performing format of the year",
        &["content"],
        300,
    ),
];

/// (what, kind, status, asked how many days ago, revisit in how many days)
type DemoAsk = (&'static str, AskKind, AskStatus, Option<u64>, Option<i64>);

const ASKS: &[DemoAsk] = &[
    (
        "Budget for a social analytics tool",
        AskKind::Tools,
        AskStatus::Asked,
        Some(30),
        Some(-2),
    ),
    (
        "Two days a month for courses and seminars",
        AskKind::Time,
        AskStatus::Deferred,
        Some(60),
        Some(10),
    ),
    (
        "A seat in the launch planning meetings",
        AskKind::Authority,
        AskStatus::Declined,
        Some(20),
        None,
    ),
    (
        "A part-time content assistant",
        AskKind::Headcount,
        AskStatus::Planned,
        None,
        None,
    ),
    (
        "Rewrite my job description beyond \u{201c}posting\u{201d}",
        AskKind::JobDescription,
        AskStatus::Granted,
        Some(90),
        None,
    ),
];

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
        for (criterion, kind) in &criteria {
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
    // Twelve weekly check-ins, the latest eight days ago so Today asks for this week's.
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
