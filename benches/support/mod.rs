//! The synthetic store every benchmark shares: 100k contacts and 1M touchpoints over
//! three years, 12 criteria, 10k applications and five years of weekly check-ins, built
//! once through the store's own write path and cached under target/bench-data (delete
//! the file to rebuild it).
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, TimeZone};
use exitplan::model::Timestamp;
use exitplan::store::{Clock, Store};

pub const CONTACTS: usize = 100_000;
pub const TOUCHPOINTS: usize = 1_000_000;
pub const CRITERIA: usize = 12;
pub const APPLICATIONS: usize = 10_000;
/// Five years of weekly check-ins.
pub const CHECK_IN_WEEKS: u64 = 5 * 52;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

pub fn clock() -> Clock {
    let noon = today().and_hms_opt(12, 0, 0).expect("valid time");
    let now = chrono::Local
        .from_local_datetime(&noon)
        .earliest()
        .expect("noon exists");
    Clock::Fixed {
        now: Timestamp::from_datetime(now.with_timezone(&chrono::Utc)),
        today: today(),
    }
}

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// Path of the synthetic store, building it on first use.
pub fn synthetic_store_path() -> PathBuf {
    store_of(CONTACTS, TOUCHPOINTS, APPLICATIONS, CHECK_IN_WEEKS)
}

/// A fifth of the synthetic store (20k contacts, 200k touchpoints), quick to build: the
/// ratios bench runs on it in CI.
pub fn small_store_path() -> PathBuf {
    store_of(
        CONTACTS / 5,
        TOUCHPOINTS / 5,
        APPLICATIONS / 5,
        CHECK_IN_WEEKS,
    )
}

fn store_of(contacts: usize, touchpoints: usize, applications: usize, weeks: u64) -> PathBuf {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let path = dir.join(format!(
        "synthetic-{contacts}-{touchpoints}-{applications}-{weeks}.redb"
    ));
    let done = path.with_extension("complete");
    if path.exists() && done.exists() {
        return path;
    }
    let _ = std::fs::remove_file(&path);
    eprintln!(
        "building the synthetic store ({contacts} contacts, {touchpoints} touchpoints) at {}",
        path.display()
    );
    let started = Instant::now();
    let mut store = Store::open(&path).expect("create synthetic store");
    // The daily snapshot is measured on its own, not inside other figures.
    store.set_snapshot_mode(exitplan::store::SnapshotMode::Off);
    store.set_clock(clock());
    exitplan::demo::write_synthetic(&mut store, contacts, touchpoints, 7, contacts / 4)
        .expect("fill synthetic store");
    exitplan::demo::write_synthetic_plan(&mut store, CRITERIA, applications, weeks, 11)
        .expect("fill synthetic plan");
    drop(store);
    std::fs::write(&done, b"").expect("mark complete");
    eprintln!("built in {:.1} s", started.elapsed().as_secs_f64());
    path
}

/// The real window on `store`, showing `view` at 1280×800, its first frames run.
pub fn window_harness(
    store: Store,
    view: exitplan::ui::View,
) -> egui_kittest::Harness<'static, exitplan::ui::ExitplanApp> {
    let state = exitplan::ui::UiState {
        view,
        ..exitplan::ui::UiState::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut exitplan::ui::ExitplanApp| app.ui(ui),
            exitplan::ui::ExitplanApp::new(store, state),
        );
    harness.run();
    harness
}

/// A private copy of the synthetic store, for benchmarks that write.
pub fn synthetic_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let source = synthetic_store_path();
    let dir = tempfile::tempdir_in(data_dir()).expect("temp dir");
    let path = dir.path().join(format!("{name}.redb"));
    std::fs::copy(&source, &path).expect("copy synthetic store");
    (dir, path)
}

/// Median and 99th percentile of a set of timings, in milliseconds.
pub fn percentiles(mut millis: Vec<f64>) -> (f64, f64) {
    millis.sort_by(f64::total_cmp);
    let at = |q: f64| millis[((millis.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}
