//! The demo's plan as data: what the demo user wants from the next job, where they
//! applied, what they did and what they asked for.

use crate::model::{AskKind, AskStatus, Category, CriterionKind, Stage};

pub(super) const CRITERIA: &[(&str, CriterionKind, Option<Category>)] = &[
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
pub(super) type DemoApplication = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(Stage, u64)],
    Option<(&'static str, i64)>,
);

pub(super) const APPLICATIONS: &[DemoApplication] = &[
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

pub(super) const CAPABILITIES: &[(&str, &str, &str, &[&str], u64)] = &[
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
pub(super) type DemoAsk = (&'static str, AskKind, AskStatus, Option<u64>, Option<i64>);

pub(super) const ASKS: &[DemoAsk] = &[
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
