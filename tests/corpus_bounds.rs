//! A project whose corpus lies outside the project file's folder (issue 12:
//! a shared project with `corpus: "/"` or `corpus: "/etc"`): every command
//! that reads the corpus says so in one warning line on standard error,
//! naming the folder, and goes on; standard output keeps its form.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{describe, diptych, diptych_command, repo, stderr};
use diptych::io::project_file::to_ron;
use diptych::model::Project;

const WARNING: &str = "warning: the corpus folder ";

/// Writes `dir/p/p.ron`, a project over `corpus` (as the file says it).
fn project(dir: &Path, corpus: &str) -> PathBuf {
    let folder = dir.join("p");
    fs::create_dir_all(&folder).unwrap();
    let path = folder.join("p.ron");
    fs::write(&path, to_ron(&Project::new("p", corpus))).unwrap();
    path
}

/// The lines of standard error that warn about the corpus's place.
fn warnings(out: &Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter(|l| l.starts_with(WARNING))
        .map(str::to_owned)
        .collect()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The resolved project folder of `path`, as the warning names it.
fn folder_of(path: &Path) -> String {
    path.parent()
        .unwrap()
        .canonicalize()
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn a_corpus_at_etc_is_read_after_one_warning_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path(), "/etc");
    let expected = format!(
        "{WARNING}/etc is outside the project's folder {} (from p.ron); its files are read as articles",
        folder_of(&path)
    );
    for args in [["check", "--json"], ["stats", "--json"]] {
        let out = diptych(&[args[0], s(&path), args[1]]);
        assert_ne!(out.status.code(), Some(2), "{}", describe(&out));
        assert_eq!(warnings(&out), vec![expected.clone()], "{}", describe(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|err| panic!("{args:?}: stdout is not JSON ({err})"));
        assert!(json["documents"].as_u64().unwrap() > 0, "{json}");
        // -q: the same answer, and nothing said.
        let quiet = diptych(&[args[0], s(&path), args[1], "-q"]);
        assert_eq!(quiet.status.code(), out.status.code());
        assert_eq!(quiet.stdout, out.stdout);
        assert!(quiet.stderr.is_empty(), "{}", describe(&quiet));
    }
}

#[test]
fn a_corpus_at_the_root_warns_then_stops_at_the_file_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path(), "/");
    for command in ["check", "stats"] {
        let out = diptych(&[command, s(&path), "--max-files", "1000"]);
        assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
        let warned = warnings(&out);
        assert_eq!(warned.len(), 1, "{}", describe(&out));
        assert!(
            warned[0].starts_with(&format!("{WARNING}/ is outside")),
            "{warned:?}"
        );
        let err = stderr(&out);
        assert!(
            err.contains("stopped reading /: it holds more than 1000 files")
                && err.contains("--max-files"),
            "{err}"
        );
        assert_eq!(
            err.matches("stopped reading").count(),
            1,
            "said once: {err}"
        );
        assert!(out.stdout.is_empty(), "{}", describe(&out));
    }
}

/// `dir/p/p.ron` over `dir/articles` (beside the project's folder) with two articles.
fn beside(dir: &Path) -> PathBuf {
    let articles = dir.join("articles");
    fs::create_dir_all(&articles).unwrap();
    fs::write(articles.join("a.txt"), "One claim.\n\nAnother one.").unwrap();
    fs::write(articles.join("b.txt"), "One claim.\n\nA third one.").unwrap();
    project(dir, "../articles")
}

#[test]
fn every_command_that_reads_the_corpus_warns_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = beside(dir.path());
    let p = s(&path);
    // The export's file is what the imports read back.
    let out_file = dir.path().join("out.jsonl");
    let o = s(&out_file);
    let runs: [&[&str]; 11] = [
        &["check", p],
        &["check", p, "--reanchor"],
        &["check", p, "--reanchor", "--write"],
        &["stats", p],
        &["export", p, "--format", "jsonl", "-o", o],
        &["export", p, "--format", "jsonl", "-o", "-"],
        &["import", p, "--format", "jsonl", o, "--dry-run"],
        &["import", p, "--format", "jsonl", o],
        &["suggest", p, "--json"],
        &["suggest", p, "--write"],
        &["align", "a.txt", "b.txt", "--project", p],
    ];
    let corpus = dir.path().join("articles").canonicalize().unwrap();
    for args in runs {
        let out = diptych(args);
        assert_ne!(out.status.code(), Some(2), "{args:?}: {}", describe(&out));
        let warned = warnings(&out);
        assert_eq!(warned.len(), 1, "{args:?}: {}", describe(&out));
        assert!(
            warned[0].contains(&format!("{WARNING}{} is outside", corpus.display())),
            "{warned:?}"
        );
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(WARNING),
            "{args:?}"
        );
    }
}

#[test]
fn a_corpus_inside_the_project_folder_gives_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("p/articles");
    fs::create_dir_all(&articles).unwrap();
    fs::write(articles.join("a.txt"), "One claim.").unwrap();
    for corpus in ["articles", "."] {
        let path = project(dir.path(), corpus);
        let out = diptych(&["check", s(&path)]);
        assert!(out.status.success(), "{}", describe(&out));
        assert_eq!(warnings(&out), Vec::<String>::new(), "{corpus}");
    }
}

#[test]
fn the_sample_project_gives_no_warning_but_a_copy_elsewhere_does() {
    let sample = repo().join("projects/seeds.ron");
    let out = diptych(&["check", s(&sample)]);
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(warnings(&out), Vec::<String>::new());
    let out = diptych_command()
        .current_dir(repo())
        .args(["stats", "projects/seeds.ron"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(warnings(&out), Vec::<String>::new());
    // The copy the window unpacks into its data folder is the sample too.
    let data = tempfile::tempdir().unwrap();
    let unpacked = diptych::io::sample::unpack_sample(&data.path().join("diptych/sample")).unwrap();
    let out = diptych_command()
        .env("XDG_DATA_HOME", data.path())
        .args(["check", s(&unpacked)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(warnings(&out), Vec::<String>::new());
    // A copy anywhere else is a project like any other.
    let (_copy, project) = common::sample_copy();
    let out = diptych(&["check", s(&project)]);
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(warnings(&out).len(), 1, "{}", describe(&out));
}
