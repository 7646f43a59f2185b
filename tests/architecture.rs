//! The rules of the shape (docs/ARCHITECTURE.md), checked on the source: redb only in
//! the store, the command line never uses the window, the model never uses the store,
//! and no file is over 600 lines.

use std::path::{Path, PathBuf};

fn sources(under: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(under), &mut out);
    out.sort();
    out
}

/// The lines that are code, not comments.
fn code(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
}

fn offenders(under: &str, skip: &str, needle: &str) -> Vec<String> {
    sources(under)
        .into_iter()
        .filter(|(path, _)| !path.to_string_lossy().contains(skip))
        .filter(|(_, text)| code(text).any(|line| line.contains(needle)))
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn redb_is_used_only_inside_the_store() {
    let mut found = offenders("src", "/src/store/", "redb::");
    found.extend(offenders("src", "/src/store/", "use redb"));
    assert!(found.is_empty(), "redb outside src/store: {found:?}");
}

#[test]
fn the_command_line_does_not_use_the_window() {
    let found = offenders("src/cli", "\u{0}", "crate::ui");
    assert!(found.is_empty(), "src/cli uses the window: {found:?}");
}

#[test]
fn the_model_does_not_use_the_store() {
    let found = offenders("src/model", "\u{0}", "crate::store");
    assert!(found.is_empty(), "src/model uses the store: {found:?}");
}

/// Files by noun: none over 600 lines (split a file that grows past it by what it
/// holds).
#[test]
fn files_stay_under_six_hundred_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let over: Vec<String> = sources("src")
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 600)
        .map(|(path, _)| path.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert!(over.is_empty(), "over 600 lines: {over:?}");
    assert!(
        sources("src").len() > 50,
        "the sources are where this test looks"
    );
}

/// Functions stay short enough to read at once (about a hundred lines): a longer one
/// is split by what its parts do. Counted from `fn` to the brace that closes it at the
/// same indentation, as rustfmt lays them out.
#[test]
fn functions_stay_near_a_hundred_lines() {
    const MOST: usize = 105;
    let mut long = Vec::new();
    for (path, text) in sources("src") {
        let lines: Vec<&str> = text.lines().collect();
        for (start, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let signature = trimmed
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub(super) ")
                .trim_start_matches("const ")
                .trim_start_matches("async ");
            if !signature.starts_with("fn ") || trimmed.ends_with(';') || trimmed.ends_with('}') {
                continue;
            }
            let close = format!("{indent}}}");
            let Some(end) = lines[start..].iter().position(|l| *l == close) else {
                continue;
            };
            if end + 1 > MOST {
                long.push(format!(
                    "{}:{} ({} lines)",
                    path.display(),
                    start + 1,
                    end + 1
                ));
            }
        }
    }
    assert!(long.is_empty(), "functions over {MOST} lines: {long:?}");
}

/// The store's writers depend on its readers, never the reverse: the read-side files
/// declare the updates they accept and know nothing of transactions or the writers.
#[test]
fn the_read_model_does_not_depend_on_the_writers() {
    let writers = [
        "super::apply",
        "super::mail::",
        "super::plan::",
        "super::backup",
        "Batch",
        "redb::",
    ];
    for (path, text) in sources("src/store") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !["read_model.rs", "plan_model.rs", "mail_model.rs"].contains(&name.as_str()) {
            continue;
        }
        for writer in writers {
            assert!(
                !code(&text).any(|line| line.contains(writer)),
                "{name} uses {writer}"
            );
        }
    }
    assert!(
        sources("src/store")
            .iter()
            .filter(|(p, _)| p.ends_with("mail_model.rs") || p.ends_with("plan_model.rs"))
            .count()
            == 2,
        "the read-side files are where this test looks"
    );
}

#[test]
fn the_model_uses_nothing_of_the_project_but_itself() {
    for layer in ["crate::mail", "crate::ui", "crate::cli", "crate::interop"] {
        let found = offenders("src/model", "\u{0}", layer);
        assert!(found.is_empty(), "src/model uses {layer}: {found:?}");
    }
}

#[test]
fn the_store_uses_no_layer_above_it() {
    for layer in ["crate::mail", "crate::ui", "crate::cli", "crate::interop"] {
        let found = offenders("src/store", "\u{0}", layer);
        assert!(found.is_empty(), "src/store uses {layer}: {found:?}");
    }
}
