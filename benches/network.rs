//! Warm paths and the privacy screen against the targets of their issue, on the
//! synthetic store (100k contacts, 1M touchpoints):
//! - warm paths for a company across 100k contacts ≤ 2 ms (an index, not a scan):
//!   a company with 25 people in the network (the usual case, matched by name, domain
//!   and "formerly at"), and the largest company of the synthetic store (about a tenth
//!   of all contacts, the worst case);
//! - toggling the privacy screen: no frame over 2 ms CPU (the Contacts view with 100k
//!   rows, a kittest step with the screen flipped each time).
//!
//! `cargo bench --bench network`.

mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use exitplan::model::ContactFields;
use exitplan::store::{Change, Store};

fn open(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).expect("open");
    // The daily snapshot is measured on its own, not inside other figures.
    store.set_snapshot_mode(exitplan::store::SnapshotMode::Off);
    store.set_clock(support::clock());
    store
}

fn benches(c: &mut Criterion) {
    let (_dir, path) = support::synthetic_copy("network");
    let mut store = open(&path);
    // 25 people connected to one company: by organization (spelled three ways), by
    // email domain, and by "formerly at".
    store
        .apply_all(|batch| {
            for i in 0..25 {
                let mut fields = ContactFields {
                    name: format!("Quill Person {i}"),
                    ..ContactFields::default()
                };
                match i % 4 {
                    0 => fields.organization = "Quillfeather Systems, Inc.".into(),
                    1 => fields.organization = "quillfeather systems".into(),
                    2 => fields.emails = vec![format!("p{i}@quillfeather.example")],
                    _ => fields.formerly_at = vec!["Quillfeather".into()],
                }
                batch.apply(Change::AddContact(fields))?;
            }
            Ok(())
        })
        .expect("add the company's people");
    let today = support::today();
    let model = store.model();
    assert_eq!(model.warm_paths("Quillfeather Systems", today).len(), 25);
    let largest = model.warm_paths("Brightwave Media", today).len();
    eprintln!("the largest synthetic company has {largest} people in the network");

    c.bench_function("warm paths: a company with 25 people, 100k contacts", |b| {
        b.iter(|| black_box(model.warm_paths(black_box("Quillfeather Systems"), today)))
    });
    c.bench_function(
        "warm paths: a domain (quillfeather.example), 100k contacts",
        |b| b.iter(|| black_box(model.warm_paths(black_box("quillfeather.example"), today))),
    );
    c.bench_function(
        &format!("warm paths: the largest company ({largest} people), 100k contacts"),
        |b| b.iter(|| black_box(model.warm_paths(black_box("Brightwave Media"), today))),
    );

    let mut harness = support::window_harness(store, exitplan::ui::View::Contacts);
    let mut on = false;
    c.bench_function(
        "privacy screen toggled: Contacts view frame, 100k rows (kittest step)",
        |b| {
            b.iter(|| {
                on = !on;
                exitplan::ui::privacy::set(&harness.ctx, on);
                harness.step();
            })
        },
    );
}

criterion_group! {
    name = network;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(network);
