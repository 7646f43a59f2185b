//! Benchmarks of the exit plan against the targets of its issue, on the synthetic store
//! (100k contacts, 1M touchpoints, 12 criteria, 10k applications, 260 weekly
//! check-ins), 2-core machine:
//! - Applications board frame and table frame ≤ 2 ms CPU (kittest harness step)
//! - fit scores for all 10k applications ≤ 5 ms
//!
//! `cargo bench --bench plan`.

mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use exitplan::model::fit_score;
use exitplan::store::Store;
use exitplan::ui::{ApplicationsLayout, ExitplanApp, UiState, View};

fn open_store() -> Store {
    let mut store = Store::open(&support::synthetic_store_path()).expect("open synthetic store");
    // The daily snapshot is measured on its own, not inside other figures.
    store.set_snapshot_mode(exitplan::store::SnapshotMode::Off);
    store.set_clock(support::clock());
    store
}

fn frame(c: &mut Criterion, name: &str, layout: ApplicationsLayout) {
    let state = UiState {
        view: View::Applications,
        application_layout: layout,
        ..UiState::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(open_store(), state),
        );
    harness.run();
    c.bench_function(name, |b| b.iter(|| harness.step()));
}

fn benches(c: &mut Criterion) {
    let store = open_store();
    let plan = store.model().plan();
    assert_eq!(plan.applications().len(), support::APPLICATIONS);
    c.bench_function("fit scores for all 10k applications", |b| {
        b.iter(|| {
            let criteria = plan.criteria();
            plan.applications()
                .filter_map(|a| black_box(fit_score(criteria, &a.ratings)).score)
                .map(u32::from)
                .sum::<u32>()
        })
    });
    drop(store);
    frame(
        c,
        "Applications board frame, 10k applications (kittest step)",
        ApplicationsLayout::Board,
    );
    frame(
        c,
        "Applications table frame, 10k applications (kittest step)",
        ApplicationsLayout::Table,
    );
}

criterion_group!(plan_benches, benches);
criterion_main!(plan_benches);
