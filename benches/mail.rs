//! Benchmarks of reminder emails against the targets of their issue, on the synthetic
//! store (100k contacts, 1M touchpoints) shaped so that exactly 5,000 contacts are due
//! (the rest snoozed), with three capabilities marked for emails:
//! - drafting every due contact (render, lint, one commit of 5,000 drafts);
//! - sending 500 approved drafts to an SMTP server on 127.0.0.1 over one connection
//!   (two durable commits per email: `sending` before, `sent` + touchpoint after).
//!
//! Each measured run starts from a fresh copy of the prepared file (copying is not
//! timed). `cargo bench --bench mail`.

mod support;

#[path = "../tests/common/smtp.rs"]
#[allow(dead_code)]
mod smtp;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use exitplan::mail::run::{draft_due, plan_drafts, send_ready};
use exitplan::mail::smtp::{Mailer, MailerOptions};
use exitplan::model::{CapabilityFields, OutboxStatus, Settings};
use exitplan::store::{Change, MailChange, PlanChange, Store};

const DUE: usize = 5_000;
const SENT: usize = 500;

fn open(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open");
    // The daily snapshot is measured on its own, not inside other figures.
    store.set_snapshot_mode(exitplan::store::SnapshotMode::Off);
    store.set_clock(support::clock());
    store
}

fn settings(port: u16) -> Settings {
    let mut s = Settings::default();
    for (key, value) in [
        ("identity.name", "Sam Rivera"),
        ("identity.email", "sam@personal.example"),
        ("identity.signature", "Sam"),
        ("employer.name", "Northwind Outfitters"),
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", &port.to_string()),
        ("smtp.security", "none"),
    ] {
        s.set(key, value).expect("valid bench settings");
    }
    s
}

/// The synthetic store with 5,000 contacts due, three highlights and settings; built
/// once and cached beside the synthetic store.
fn prepared(port: u16) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = support::synthetic_copy("mail-base");
    let mut store = open(&path);
    let today = support::today();
    let due = store.model().due_contacts(today);
    assert!(
        due.len() >= DUE,
        "the synthetic store has {} due",
        due.len()
    );
    let later = today + chrono::Days::new(400);
    let base = exitplan::model::Revision::of(store.model().settings());
    store
        .apply_all(|batch| {
            batch.apply(Change::SetSettings {
                base,
                settings: Box::new(settings(port)),
            })?;
            for (i, title) in [
                "Grew organic reach 38% in six months",
                "Launched the creator programme",
                "Cut reporting time in half",
            ]
            .into_iter()
            .enumerate()
            {
                batch.apply(Change::Plan(PlanChange::AddCapability(CapabilityFields {
                    title: title.into(),
                    story: "Planned it, ran it, reported on it weekly.".into(),
                    numbers: "+38% reach".into(),
                    tags: vec![],
                    date: today - chrono::Days::new(10 * i as u64),
                    use_in_emails: true,
                })))?;
            }
            for contact in &due[DUE..] {
                batch.apply(Change::Snooze {
                    id: contact.id,
                    until: later,
                })?;
            }
            Ok(())
        })
        .expect("prepare the store");
    assert_eq!(store.model().due_contacts(today).len(), DUE);
    drop(store);
    (dir, path)
}

/// A fresh copy of `base` for one measured run.
fn copy_of(base: &Path, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(base, &path).expect("copy");
    path
}

fn benches(c: &mut Criterion) {
    let server = smtp::TestServer::start(smtp::Security::Plain);
    let (dir, base) = prepared(server.port);

    let store = open(&base);
    let mut group = c.benchmark_group("mail");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("plan 5k drafts (render + lint, no commit)", |b| {
        b.iter(|| black_box(plan_drafts(&store).expect("plan")))
    });
    drop(store);

    let mut draft_rates = Vec::new();
    group.bench_function("draft 5k due contacts (render + lint + one commit)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let path = copy_of(&base, dir.path(), "draft.redb");
                let mut store = open(&path);
                let started = Instant::now();
                let report = draft_due(&mut store).expect("draft");
                let took = started.elapsed();
                assert_eq!(report.drafted, DUE);
                draft_rates.push(DUE as f64 / took.as_secs_f64());
                total += took;
            }
            total
        })
    });

    // A base with every due contact drafted and 500 drafts approved.
    let drafted = copy_of(&base, dir.path(), "drafted.redb");
    {
        let mut store = open(&drafted);
        draft_due(&mut store).expect("draft");
        let ids: Vec<_> = store
            .model()
            .mail()
            .outbox()
            .filter(|e| e.status == OutboxStatus::Draft)
            .take(SENT)
            .map(|e| e.id)
            .collect();
        store
            .apply_all(|batch| {
                for id in ids {
                    batch.apply(Change::Mail(MailChange::Approve {
                        id,
                        override_lint: false,
                    }))?;
                }
                Ok(())
            })
            .expect("approve");
    }
    let mut send_rates = Vec::new();
    group.bench_function(
        "send 500 approved drafts to 127.0.0.1 (one connection)",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let path = copy_of(&drafted, dir.path(), "send.redb");
                    let mut store = open(&path);
                    let mailer =
                        Mailer::new(store.model().settings(), None, &MailerOptions::default())
                            .expect("mailer");
                    let started = Instant::now();
                    let report = send_ready(&mut store, &mailer, |_, _| {}).expect("send");
                    let took = started.elapsed();
                    assert_eq!(report.sent, SENT, "{report:?}");
                    send_rates.push(SENT as f64 / took.as_secs_f64());
                    total += took;
                }
                total
            })
        },
    );
    group.finish();
    if !draft_rates.is_empty() && !send_rates.is_empty() {
        let (draft_median, _) = support::percentiles(draft_rates);
        let (send_median, _) = support::percentiles(send_rates);
        eprintln!(
            "drafting: median {draft_median:.0} drafts/s; sending: median {send_median:.0} emails/s"
        );
    }
}

criterion_group!(mail, benches);
criterion_main!(mail);
