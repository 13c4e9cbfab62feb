//! `diptych merge` as git's merge driver: a real `git merge` of two
//! analysts' branches in a temporary repository holding the sample project.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{describe, diptych_command, sample_copy, stdout};
use diptych::io::project_file;
use diptych::model::{Annotation, AnnotationId, LabelId, Link, LinkKind, Project};

/// Runs git in `repo` with no system or user configuration but the
/// test's own (HOME is a folder of the test).
fn git(repo: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs")
}

/// [`git`], failing the test unless it succeeds.
fn git_ok(repo: &Path, home: &Path, args: &[&str]) -> Output {
    let out = git(repo, home, args);
    assert!(out.status.success(), "git {args:?}: {}", describe(&out));
    out
}

/// A repository of the sample project with the diptych driver set up as
/// the README says, the binary being the one under test.
fn repository(repo: &Path, home: &Path) {
    git_ok(repo, home, &["init", "-q", "-b", "main"]);
    git_ok(repo, home, &["config", "user.name", "Test"]);
    git_ok(repo, home, &["config", "user.email", "test@example.com"]);
    let driver = format!("'{}' merge %O %A %B -o %A", env!("CARGO_BIN_EXE_diptych"));
    git_ok(repo, home, &["config", "merge.diptych.driver", &driver]);
    std::fs::write(repo.join(".gitattributes"), "*.ron merge=diptych\n").unwrap();
    git_ok(repo, home, &["add", "."]);
    git_ok(repo, home, &["commit", "-q", "-m", "sample"]);
}

/// On a new branch `name` (from `from`), changes the project with
/// `change` and commits it.
fn on_branch(repo: &Path, home: &Path, name: &str, from: &str, change: impl FnOnce(&mut Project)) {
    git_ok(repo, home, &["checkout", "-q", "-b", name, from]);
    let path = repo.join("projects/seeds.ron");
    let (mut project, view) = project_file::load_with_view(&path).unwrap();
    change(&mut project);
    project_file::save(&project, &view, &path).unwrap();
    std::fs::remove_file(repo.join("projects/seeds.ron.bak")).unwrap();
    git_ok(repo, home, &["commit", "-q", "-am", name]);
}

/// Adds a copy of annotation `of` (same span, so its quote still fits)
/// with `note`, under the next id, and a link from it to `to`.
fn add_copy(project: &mut Project, of: u64, note: &str, to: u64) -> AnnotationId {
    let id = project.next_annotation_id();
    let a = Annotation {
        id,
        note: note.to_owned(),
        label: LabelId::from("disclaimer"),
        ..project.annotations[&AnnotationId(of)].clone()
    };
    project.annotations.insert(id, a);
    let link = Link {
        id: project.next_link_id(),
        from: id,
        to: AnnotationId(to),
        kind: LinkKind::Supports,
        note: note.to_owned(),
    };
    project.links.insert(link.id, link);
    id
}

fn check_json(project: &Path) -> (Output, serde_json::Value) {
    let out = diptych_command()
        .args(["check", "--json"])
        .arg(project)
        .output()
        .unwrap();
    let value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", describe(&out)));
    (out, value)
}

#[test]
fn git_merges_two_analysts_branches_through_the_driver() {
    let (dir, _) = sample_copy();
    let home = tempfile::tempdir().unwrap();
    let (repo, home) = (dir.path(), home.path());
    repository(repo, home);
    let path = repo.join("projects/seeds.ron");
    let sample = project_file::load(&path).unwrap();
    let next = sample.next_annotation_id();

    // Clean: each analyst adds an annotation (both under the next id) and a link.
    on_branch(repo, home, "ana", "main", |p| {
        assert_eq!(add_copy(p, 1, "ana", 2), next);
    });
    on_branch(repo, home, "ben", "main", |p| {
        assert_eq!(add_copy(p, 2, "ben", 1), next);
    });
    git_ok(repo, home, &["checkout", "-q", "ana"]);
    git_ok(repo, home, &["merge", "-q", "--no-edit", "ben"]);
    let merged = project_file::load(&path).unwrap();
    let added: Vec<(u64, &str)> = (merged.annotations.values())
        .filter(|a| !sample.annotations.contains_key(&a.id))
        .map(|a| (a.id.0, a.note.as_str()))
        .collect();
    assert_eq!(added, [(next.0, "ana"), (next.0 + 1, "ben")]);
    let links: Vec<(&str, u64, u64)> = (merged.links.values())
        .filter(|l| !sample.links.contains_key(&l.id))
        .map(|l| (l.note.as_str(), l.from.0, l.to.0))
        .collect();
    assert_eq!(links, [("ana", next.0, 2), ("ben", next.0 + 1, 1)]);
    let (out, report) = check_json(&path);
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(report["conflicts"], serde_json::json!([]));

    // Conflict: both change annotation 1, differently.
    let a1 = AnnotationId(1);
    on_branch(repo, home, "ana2", "ana", |p| {
        p.annotations.get_mut(&a1).unwrap().note = "ana's reading".into();
    });
    on_branch(repo, home, "ben2", "ana", |p| {
        let a = p.annotations.get_mut(&a1).unwrap();
        a.note = "ben's reading".into();
        a.label = LabelId::from("disclaimer");
    });
    git_ok(repo, home, &["checkout", "-q", "ana2"]);
    let out = git(repo, home, &["merge", "--no-edit", "ben2"]);
    assert!(!out.status.success(), "{}", describe(&out));
    assert!(
        stdout(&out).contains("CONFLICT (content): Merge conflict in projects/seeds.ron"),
        "{}",
        describe(&out)
    );
    let copy = next.0 + 2;
    let said = format!(
        "conflict: annotation a1 in {}: changed differently on both sides; theirs kept as a{copy}",
        sample.annotations[&a1].document
    );
    assert!(common::stderr(&out).contains(&said), "{}", describe(&out));
    let merged = project_file::load(&path).unwrap();
    let ours = &merged.annotations[&a1];
    assert_eq!(
        (ours.note.as_str(), ours.label.as_str(), ours.conflict_with),
        ("ana's reading", "claim", None)
    );
    let theirs = &merged.annotations[&AnnotationId(copy)];
    assert_eq!(
        (
            theirs.note.as_str(),
            theirs.label.as_str(),
            theirs.conflict_with
        ),
        ("ben's reading", "disclaimer", Some(a1))
    );
    let (out, report) = check_json(&path);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert_eq!(
        report["conflicts"],
        serde_json::json!([{"annotation": copy, "conflicts_with": 1, "document": ours.document}])
    );
    let out = diptych_command().arg("check").arg(&path).output().unwrap();
    let line = format!(
        "conflict: annotation a{copy} in {} conflicts with a1 (both kept by a merge; keep one in the window)",
        ours.document
    );
    assert!(stdout(&out).contains(&line), "{}", describe(&out));
}

#[test]
fn merge_names_an_unreadable_file_with_line_and_column_and_writes_nothing() {
    let (dir, path) = sample_copy();
    let broken = dir.path().join("broken.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &broken,
        text.replacen("annotations: [", "annotations: [[", 1),
    )
    .unwrap();
    let out_path = dir.path().join("out.ron");
    let out = diptych_command()
        .arg("merge")
        .args([&path, &broken, &path])
        .arg("-o")
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    let err = common::stderr(&out);
    let place = err.split("broken.ron:").nth(1).unwrap_or_default();
    let numbers: Vec<&str> = place.splitn(3, ':').take(2).collect();
    assert!(
        numbers.len() == 2 && numbers.iter().all(|n| n.parse::<usize>().is_ok()),
        "no line:column in {err}"
    );
    assert!(!out_path.exists());
    // Without -o the merge goes to standard output; nothing changed, exit 0.
    let out = diptych_command()
        .arg("merge")
        .args([&path, &path, &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert_eq!(stdout(&out), text);
}
