//! Writers of one project at the same time, as separate processes: no
//! writer that says it saved may lose its work, every other one says why
//! and exits non-zero, and no run hangs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::time::{Duration, Instant};

use common::{describe, diptych_command, sample_copy, stderr};
use diptych::io::project_file;
use diptych::model::{AnnotationStatus, DocumentId, Project};

/// The sample article whose title the writers annotate.
const DOC: &str = "000_fcbbd4f1fe241d7e.txt";
/// The sample article that changes on disk, for `check --reanchor --write`.
const CHANGED: &str = "001_d855b870b5cef35b.txt";
/// How long one round may take before it counts as hung.
const ROUND_LIMIT: Duration = Duration::from_secs(120);

/// Writer `n`'s import file: one Claim over title characters `n..n+5`
/// (ASCII, so code points and bytes agree).
fn import_file(dir: &Path, corpus: &Path, n: usize) -> PathBuf {
    let text = fs::read_to_string(corpus.join(DOC)).unwrap();
    let (start, end) = (n, n + 5);
    let line = serde_json::json!({
        "id": DOC,
        "spans": [{"id": 1000 + n, "start": start, "end": end, "label": "Claim", "text": &text[start..end]}],
    });
    let path = dir.join(format!("w{n}.jsonl"));
    fs::write(&path, format!("{line}\n")).unwrap();
    path
}

/// True when the project holds writer `n`'s Claim.
fn has_import(project: &Project, n: usize) -> bool {
    project.annotations.values().any(|a| {
        a.document.as_str() == DOC
            && a.span.start.0 == n
            && a.span.end.0 == n + 5
            && &*a.label.0 == "claim"
    })
}

/// Waits for every child, killing them all when the round takes too long.
fn wait_all(children: Vec<Child>) -> Vec<Output> {
    let started = Instant::now();
    let mut children: Vec<Option<Child>> = children.into_iter().map(Some).collect();
    while children
        .iter_mut()
        .flatten()
        .any(|c| c.try_wait().unwrap().is_none())
    {
        if started.elapsed() > ROUND_LIMIT {
            for child in children.iter_mut().flatten() {
                let _ = child.kill();
            }
            panic!("a writer hung for more than {ROUND_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    children
        .iter_mut()
        .map(|c| c.take().unwrap().wait_with_output().unwrap())
        .collect()
}

/// One round: `writers` imports (and, with `others`, one `suggest --write`
/// and one `check --reanchor --write` of a changed article) started
/// together on a fresh copy, each with `wait` as `--wait`; checks every
/// writer's outcome against the final file. Returns how many imports were
/// refused.
fn round(writers: usize, others: bool, wait: &str) -> usize {
    let (dir, project) = sample_copy();
    let corpus = dir.path().join("seeds");
    let first = project_file::load(&project).unwrap();
    let mut changed = fs::read_to_string(corpus.join(CHANGED)).unwrap();
    changed.push_str("\nA closing line added later.\n");
    fs::write(corpus.join(CHANGED), changed).unwrap();
    let spawn = |args: Vec<String>| {
        diptych_command()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let p = project.to_string_lossy().into_owned();
    let mut children: Vec<Child> = (0..writers)
        .map(|n| {
            let file = import_file(dir.path(), &corpus, n);
            let args = ["import", &p, "--format", "jsonl", "--wait", wait];
            let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            args.push(file.to_string_lossy().into_owned());
            spawn(args)
        })
        .collect();
    if others {
        for args in [
            &["suggest", &p, "--write", "--wait", wait][..],
            &["check", &p, "--reanchor", "--write", "--wait", wait],
        ] {
            children.push(spawn(args.iter().map(|s| s.to_string()).collect()));
        }
    }
    let outputs = wait_all(children);
    let last = project_file::load(&project).unwrap();
    let mut refused = 0;
    for (n, out) in outputs.iter().enumerate() {
        let (is_suggest, is_reanchor) = (n == writers, n == writers + 1);
        match out.status.code() {
            Some(0) if is_reanchor => assert_ne!(
                last.documents[&DocumentId::from(CHANGED)].hash,
                first.documents[&DocumentId::from(CHANGED)].hash,
                "check --reanchor said it saved; its work is gone\n{}",
                describe(out)
            ),
            Some(0) if is_suggest => {
                let stored = last.annotations.values().any(|a| {
                    matches!(a.status, AnnotationStatus::Suggested { .. })
                        && &*a.annotator == "diptych"
                });
                assert!(
                    stored,
                    "suggest said it saved; its suggestions are gone\n{}",
                    describe(out)
                );
            }
            Some(0) => assert!(
                has_import(&last, n),
                "writer {n} said it saved; its work is gone\n{}",
                describe(out)
            ),
            Some(3) => {
                assert!(
                    stderr(out).contains("is being changed by diptych"),
                    "{}",
                    describe(out)
                );
                refused += usize::from(n < writers);
            }
            _ => panic!("writer {n} failed otherwise\n{}", describe(out)),
        }
    }
    refused
}

#[test]
fn two_imports_at_once_both_land_or_one_is_refused() {
    for _ in 0..5 {
        round(2, false, "0");
    }
}

#[test]
fn eight_writers_at_once_never_lose_a_saved_change() {
    for _ in 0..3 {
        round(8, true, "0");
    }
}

#[test]
fn writers_that_wait_all_land() {
    for _ in 0..3 {
        assert_eq!(round(8, true, "60"), 0);
    }
}

#[test]
fn a_lock_left_by_a_killed_writer_is_taken_over_and_said() {
    let (dir, project) = sample_copy();
    let file = import_file(dir.path(), &dir.path().join("seeds"), 0);
    // Process ids stop at 2^22 on Linux: 999999999 is never running.
    let left =
        "program: diptych import\npid: 999999999\nhost: h\nuser: u\nsince: 2026-01-01T00:00:00Z\n";
    fs::write(diptych::io::lock::lock_path(&project), left).unwrap();
    let out = diptych_command()
        .args(["import", &project.to_string_lossy(), "--format", "jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&out));
    assert!(
        stderr(&out).contains("took over the lock")
            && stderr(&out).contains("left by diptych import (pid 999999999, u@h"),
        "{}",
        describe(&out)
    );
    assert!(has_import(&project_file::load(&project).unwrap(), 0));
}

#[test]
fn a_held_lock_fails_at_once_with_exit_code_3_and_names_its_holder() {
    let (dir, project) = sample_copy();
    let file = import_file(dir.path(), &dir.path().join("seeds"), 0);
    let before = fs::read(&project).unwrap();
    let lock = diptych::io::lock::ProjectLock::acquire(&project, "a test", Duration::ZERO).unwrap();
    let started = Instant::now();
    let out = diptych_command()
        .args(["import", &project.to_string_lossy(), "--format", "jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", describe(&out));
    let message = stderr(&out);
    assert!(
        message.contains("is being changed by a test (pid "),
        "{message}"
    );
    assert!(message.contains("--wait SECONDS"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(
        fs::read(&project).unwrap() == before,
        "the project was replaced"
    );
    drop(lock);
    let out = diptych_command()
        .args(["import", &project.to_string_lossy(), "--format", "jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&out));
    assert!(has_import(&project_file::load(&project).unwrap(), 0));
}

#[test]
fn new_force_over_a_locked_project_fails_with_exit_code_3_and_leaves_it() {
    let (dir, project) = sample_copy();
    let before = fs::read(&project).unwrap();
    let lock = diptych::io::lock::ProjectLock::acquire(&project, "a test", Duration::ZERO).unwrap();
    let new = |wait: &str| {
        diptych_command()
            .args(["new", &dir.path().join("seeds").to_string_lossy(), "-o"])
            .arg(&project)
            .args(["--force", "--wait", wait])
            .output()
            .unwrap()
    };
    let started = Instant::now();
    let out = new("0.5");
    assert_eq!(out.status.code(), Some(3), "{}", describe(&out));
    let message = stderr(&out);
    assert!(
        message.contains("is being changed by a test (pid "),
        "{message}"
    );
    assert!(message.contains("waited 0.5 s"), "{message}");
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert!(
        fs::read(&project).unwrap() == before,
        "the project was replaced"
    );
    drop(lock);
    let out = new("0");
    assert!(out.status.success(), "{}", describe(&out));
    assert!(fs::read(&project).unwrap() != before);
    assert!(project_file::load(&project).unwrap().annotations.is_empty());
}
