//! Every kept fuzz input (tests/data/fuzz/<target>/: the minimized corpus and
//! every crash reproducer) run through the same entry points as the fuzz
//! targets (fuzz/common.rs), on stable Rust. Each must give Ok or a clean
//! error, never a panic; errors of the loader and the importers name the file
//! and, where they have a position, carry it as `file:line:column`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "../fuzz/common.rs"]
#[allow(dead_code)]
mod common;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Targets whose errors come from a file reader and so must name the file.
fn names_the_file(target: &str) -> bool {
    target == "project_ron" || target.starts_with("import_")
}

fn run_target(target: &common::Target) -> (usize, usize) {
    let files = inputs(target.name);
    assert!(
        files.len() >= 5,
        "{}: only {} kept inputs",
        target.name,
        files.len()
    );
    let (mut ok, mut errors) = (0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| (target.run)(&bytes, file)));
        let elapsed = started.elapsed();
        let name = file.file_name().unwrap().to_string_lossy();
        if elapsed.as_secs_f64() > 5.0 {
            failures.push(format!("{name}: took {elapsed:?}"));
        }
        match result {
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(not a string)");
                failures.push(format!("{name}: panicked: {message}"));
            }
            Ok(Ok(())) => ok += 1,
            Ok(Err((message, position))) => {
                errors += 1;
                let shown = file.display().to_string();
                if message.trim().is_empty() {
                    failures.push(format!("{name}: empty error message"));
                } else if names_the_file(target.name) && !message.contains(&shown) {
                    failures.push(format!("{name}: error does not name the file: {message}"));
                }
                if let Some((line, column)) = position
                    && !message.starts_with(&format!("{shown}:{line}:{column}: "))
                {
                    failures.push(format!(
                        "{name}: position {line}:{column} not in front of: {message}"
                    ));
                }
            }
        }
        // Seeds are valid files written by Diptych (or the reference tools): they must load.
        if name.starts_with("seed-")
            && names_the_file(target.name)
            && !matches!(
                catch_unwind(AssertUnwindSafe(|| (target.run)(&bytes, file))),
                Ok(Ok(()))
            )
        {
            failures.push(format!("{name}: a valid seed does not load"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} of {} inputs failed:\n{}",
        target.name,
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    (ok, errors)
}

#[test]
fn every_kept_input_gives_ok_or_a_clean_error() {
    let mut summary = Vec::new();
    for target in &common::TARGETS {
        let (ok, errors) = run_target(target);
        summary.push(format!("{}: {ok} ok, {errors} errors", target.name));
    }
    eprintln!("{}", summary.join("\n"));
}

#[test]
fn errors_are_told_apart_from_successes() {
    // The entry points report a broken input as an error with its position,
    // so the checks above can fail.
    let (message, position) = common::project_ron(
        b"(format: \"diptych-project\", version: ",
        Path::new("broken.ron"),
    )
    .expect_err("a truncated project is an error");
    let (line, column) = position.expect("a position");
    assert!(
        message.starts_with(&format!("broken.ron:{line}:{column}: ")),
        "{message}"
    );
    let (message, position) = common::import(
        diptych::io::import::ImportFormat::W3c,
        b"{\"items\": [",
        Path::new("cut.json"),
    )
    .expect_err("truncated JSON is an error");
    assert!(
        position.is_some() && message.starts_with("cut.json:"),
        "{message}"
    );
}
