//! The layering rules of docs/ARCHITECTURE.md, checked on the source:
//! dependencies point one way (`app → ui → analysis/io → model`), and no
//! source file grows past ~900 lines outside its tests.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn src(layer: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer)
}

/// True when `line` names `needle`, also inside a grouped import:
/// `crate::{app, io}` names `crate::app`.
fn names(line: &str, needle: &str) -> bool {
    if line.contains(needle) {
        return true;
    }
    let Some((root, module)) = needle.rsplit_once("::") else {
        return false;
    };
    let group = format!("{root}::{{");
    line.match_indices(&group).any(|(at, _)| {
        let inside = &line[at + group.len()..];
        let inside = inside.split('}').next().unwrap_or(inside);
        inside
            .split([',', '{', ' '])
            .any(|item| item.trim() == module || item.trim().starts_with(&format!("{module}::")))
    })
}

/// The lines of `path` that mention one of `needles`, outside comments.
fn offending_lines(path: &Path, needles: &[&str]) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| needles.iter().any(|n| names(line, n)))
        .map(|(i, line)| format!("{}:{}: {}", path.display(), i + 1, line.trim()))
        .collect()
}

fn assert_layer_avoids(layer: &str, needles: &[&str]) {
    let files = sources(&src(layer));
    assert!(!files.is_empty(), "no sources found under src/{layer}");
    let found: Vec<String> = files
        .iter()
        .flat_map(|f| offending_lines(f, needles))
        .collect();
    assert!(
        found.is_empty(),
        "src/{layer} must not use {needles:?}:\n{}",
        found.join("\n")
    );
}

#[test]
fn ui_never_imports_the_app() {
    assert_layer_avoids(
        "ui",
        &["crate::app", "diptych::app", "super::app", "crate::cli"],
    );
}

#[test]
fn io_and_analysis_are_siblings() {
    assert_layer_avoids("io", &["crate::analysis"]);
}

#[test]
fn grouped_imports_are_seen() {
    assert!(names("use crate::{app, io};", "crate::app"));
    assert!(names("use crate::{io::corpus, app::X};", "crate::app"));
    assert!(!names("use crate::{application, io};", "crate::app"));
    assert!(!names(
        "use crate::model::{Annotation, Edit};",
        "crate::app"
    ));
}

#[test]
fn model_io_and_analysis_know_nothing_of_the_window() {
    let window = ["egui", "eframe", "crate::app", "crate::ui", "crate::cli"];
    for layer in ["model", "io", "analysis"] {
        assert_layer_avoids(layer, &window);
    }
}

#[test]
fn analysis_works_on_model_values_not_on_files() {
    assert_layer_avoids("analysis", &["crate::io"]);
}

#[test]
fn the_model_stands_alone() {
    assert_layer_avoids("model", &["crate::io", "crate::analysis"]);
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    // The checks above would pass on an empty match: this one must fail.
    let found = offending_lines(&src("app").join("mod.rs"), &["crate::ui"]);
    assert!(!found.is_empty(), "app/mod.rs uses the ui layer");
    let comment = offending_lines(&src("lib.rs"), &["app::run"]);
    assert!(comment.is_empty(), "comments are not code: {comment:?}");
}

/// Lines before a file's `#[cfg(test)]` block (its code, not its tests).
fn code_lines(path: &Path) -> usize {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .count()
}

#[test]
fn no_source_file_is_over_900_lines_outside_its_tests() {
    let all = sources(&src(""));
    let big: Vec<String> = all
        .iter()
        .filter(|f| f.file_stem().is_some_and(|s| s != "tests"))
        .filter(|f| code_lines(f) > 900)
        .map(|f| format!("{} ({} lines)", f.display(), code_lines(f)))
        .collect();
    assert!(big.is_empty(), "split these files: {big:?}");
}

#[test]
fn the_app_shell_stays_thin() {
    let lines = code_lines(&src("app").join("mod.rs"));
    assert!(lines <= 300, "src/app/mod.rs has {lines} lines");
}

#[test]
fn app_code_never_uses_the_test_kit() {
    // `model::testing` exists only in tests and with the `testing` feature;
    // a release build would fail to compile code outside tests that uses it.
    let found: Vec<String> = sources(&src(""))
        .iter()
        .filter(|f| {
            f.file_stem()
                .is_some_and(|s| s != "tests" && s != "testing")
        })
        .flat_map(|f| {
            let text = fs::read_to_string(f).unwrap();
            let code: Vec<String> = text
                .lines()
                .take_while(|line| line.trim() != "#[cfg(test)]")
                .enumerate()
                .filter(|(_, line)| {
                    line.contains("testing::") && !line.trim_start().starts_with("//")
                })
                .map(|(i, line)| format!("{}:{}: {}", f.display(), i + 1, line.trim()))
                .collect();
            code
        })
        .collect();
    assert!(
        found.is_empty(),
        "the test kit used outside tests:\n{}",
        found.join("\n")
    );
}
