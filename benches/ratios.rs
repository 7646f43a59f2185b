//! The figures of issue 18 as ratios that cannot drift silently: the window's open
//! (read model included) against a bare redb scan of the same tables in the same run,
//! and search per keystroke, with the targets beside them. Runs in CI on a smaller
//! store (`EXITPLAN_RATIOS_FULL=1` for the 100k-contact one the other benches use):
//! `cargo bench --bench ratios`.

mod support;

use std::hint::black_box;
use std::time::Instant;

use exitplan::store::Store;
use redb::{ReadableDatabase, ReadableTable};

fn median(mut millis: Vec<f64>) -> f64 {
    millis.sort_by(f64::total_cmp);
    millis[millis.len() / 2]
}

fn timed(runs: usize, mut work: impl FnMut()) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                work();
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

/// Reads every byte the open reads, decoding nothing: the floor an open can reach.
fn bare_scan(path: &std::path::Path) -> usize {
    use exitplan::store::tables::*;
    let db = redb::ReadOnlyDatabase::open(path).expect("open bare");
    let txn = db.begin_read().expect("read");
    let mut bytes = 0usize;
    for table in [
        CONTACTS,
        CONTACT_STATS,
        CRITERIA,
        APPLICATIONS,
        CAPABILITIES,
        ASKS,
        CHECK_INS,
        OUTBOX,
    ] {
        if let Ok(table) = txn.open_table(table) {
            for row in table.iter().expect("iter") {
                bytes += black_box(row.expect("row").1.value().len());
            }
        }
    }
    let touchpoints = txn.open_table(TOUCHPOINTS).expect("touchpoints");
    for row in txn
        .open_table(FOLLOW_UPS_BY_DATE)
        .expect("index")
        .iter()
        .expect("iter")
    {
        let (_, id) = row.expect("row").0.value();
        bytes += touchpoints
            .get(id)
            .expect("get")
            .map_or(0, |v| v.value().len());
    }
    bytes
}

fn main() {
    let full = std::env::var_os("EXITPLAN_RATIOS_FULL").is_some();
    let path = if full {
        support::synthetic_store_path()
    } else {
        support::small_store_path()
    };
    let open = || {
        let mut store = Store::open(&path).expect("open");
        store.set_snapshot_mode(exitplan::store::SnapshotMode::Off);
        store
    };
    drop(open()); // warm the page cache
    let scan_ms = timed(7, || {
        black_box(bare_scan(&path));
    });
    // Each store is closed after its timing stops: closing is not part of opening.
    let open_ms = median(
        (0..7)
            .map(|_| {
                let started = Instant::now();
                let store = black_box(open());
                let ms = started.elapsed().as_secs_f64() * 1e3;
                drop(store);
                ms
            })
            .collect(),
    );
    let store = open();
    let contacts = store.model().contact_count();
    let application = store.model().plan().applications().next().map(|a| a.id.0);
    eprintln!(
        "open + read model ({contacts} contacts): {open_ms:.0} ms; bare redb scan of the same tables: {scan_ms:.0} ms; ratio {:.2}× (target ≤ 2×; ≤ 150 ms at 100k)",
        open_ms / scan_ms
    );
    // Typed one key at a time, as in the window: the first key scans every contact,
    // each next one narrows the previous hits. Five rounds.
    let mut first = Vec::new();
    let mut all = Vec::new();
    let mut slowest = Vec::new();
    for _ in 0..5 {
        for query in [
            "priya",
            "okafor",
            "brightwave",
            "zoë",
            "mentor",
            "harbor health",
            "petrov 12",
        ] {
            let mut typed = String::new();
            let mut previous: Option<(String, Vec<usize>)> = None;
            for ch in query.chars() {
                typed.push(ch);
                let started = Instant::now();
                let hits = store.model().search(
                    &typed,
                    previous.as_ref().map(|(q, h)| (q.as_str(), h.as_slice())),
                );
                let ms = started.elapsed().as_secs_f64() * 1e3;
                if previous.is_none() {
                    first.push(ms);
                }
                all.push(ms);
                slowest.push((ms, typed.clone(), hits.len()));
                previous = Some((typed.clone(), black_box(hits)));
            }
        }
    }
    let (median, p99) = support::percentiles(all);
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    slowest.truncate(3);
    let slowest: Vec<String> = slowest
        .iter()
        .map(|(ms, typed, hits)| format!("'{typed}' {ms:.2} ms ({hits} found)"))
        .collect();
    let first = first.into_iter().fold(0.0, f64::max);
    eprintln!(
        "search per keystroke over {contacts} contacts: median {median:.3} ms, p99 {p99:.3} ms, slowest first keystroke {first:.3} ms (target ≤ 1 ms p99 at 100k); slowest: {}",
        slowest.join(", ")
    );
    drop(store);
    one_record_commands(&path, contacts, application);
}

/// The one-record commands as whole processes (the release binary, started afresh each
/// time) on a private copy of the store: they read what they show from the tables, not
/// the whole read model.
fn one_record_commands(path: &std::path::Path, contacts: usize, application: Option<u64>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("one-record.redb");
    std::fs::copy(path, &copy).expect("copy the store");
    let application = application.map(|id| id.to_string());
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["contact", "show", "1"],
        vec!["contact", "add", "--name", "Bench Person"],
        vec!["contact", "edit", "1", "--title", "Bench title"],
        vec![
            "log",
            "--contact",
            "1",
            "--kind",
            "call",
            "--summary",
            "Bench call",
            "--gave",
        ],
        vec!["outbox", "list"],
    ];
    if let Some(id) = &application {
        commands.push(vec!["app", "show", id]);
        commands.push(vec!["app", "move", id, "interviewing"]);
    }
    for args in commands {
        let runs: Vec<f64> = (0..9)
            .map(|_| {
                let started = Instant::now();
                let status = std::process::Command::new(env!("CARGO_BIN_EXE_exitplan"))
                    .arg("--db")
                    .arg(&copy)
                    .args(&args)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .expect("run exitplan");
                let ms = started.elapsed().as_secs_f64() * 1e3;
                assert!(status.success(), "exitplan {} failed", args.join(" "));
                ms
            })
            .collect();
        eprintln!(
            "one-record command over {contacts} contacts, as a whole process: exitplan {}: median {:.1} ms (target ≤ 30 ms at 100k)",
            args.join(" "),
            median(runs)
        );
    }
}
