//! Where `diptych export` and `diptych new` may write, from the reproductions
//! of issue 12: a FIFO, a device or a socket as the output is refused and
//! left as it is; `-o -` writes to standard output; the project's backup is
//! refused; a brat export from the corpus's parent writes nothing into the
//! corpus; `new -o` onto an article is refused.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{describe, diptych, diptych_command, sample_copy, stderr};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `diptych export PROJECT --format FORMAT -o OUT`.
fn export(project: &Path, format: &str, out: &Path) -> std::process::Output {
    diptych(&["export", s(project), "--format", format, "-o", s(out)])
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_as_the_output_is_refused_and_stays_a_fifo() {
    let (dir, project) = sample_copy();
    let fifo = dir.path().join("out.jsonl");
    mkfifo(&fifo);
    for format in ["jsonl", "csv", "parquet"] {
        let out = export(&project, format, &fifo);
        assert_eq!(out.status.code(), Some(2), "{format}: {}", describe(&out));
        assert!(
            stderr(&out).contains("is a FIFO (named pipe), not a regular file"),
            "{}",
            describe(&out)
        );
        assert!(stderr(&out).contains(s(&fifo)), "{}", describe(&out));
        let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "{format}: the FIFO was replaced");
    }
}

#[test]
fn a_device_or_a_socket_as_the_output_is_refused_and_stays() {
    let (dir, project) = sample_copy();
    let socket = dir.path().join("out.csv");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let out = export(&project, "csv", &socket);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(stderr(&out).contains("is a socket"), "{}", describe(&out));
    assert!(
        fs::symlink_metadata(&socket)
            .unwrap()
            .file_type()
            .is_socket()
    );

    // A device node needs root; the test runs as whoever owns its files.
    let root = fs::metadata(&project).unwrap().uid() == 0;
    if !root {
        eprintln!("not root: no device node made; the FIFO and socket cases stand in for it");
        return;
    }
    let device = dir.path().join("null.jsonl");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success(), "mknod as root");
    let before = fs::symlink_metadata(&device).unwrap().rdev();
    let out = export(&project, "jsonl", &device);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        stderr(&out).contains("is a character device"),
        "{}",
        describe(&out)
    );
    let after = fs::symlink_metadata(&device).unwrap();
    assert!(after.file_type().is_char_device());
    assert_eq!(after.rdev(), before);
}

#[test]
fn dash_writes_single_file_formats_to_standard_output() {
    let (dir, project) = sample_copy();
    for format in ["jsonl", "pairs", "csv", "doccano", "spacy", "conll", "w3c"] {
        let file = dir.path().join(format!("file.{format}"));
        let to_file = export(&project, format, &file);
        assert!(to_file.status.success(), "{}", describe(&to_file));
        let piped = diptych_command()
            .current_dir(dir.path())
            .args(["export", s(&project), "--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(piped.status.success(), "{}", describe(&piped));
        assert_eq!(
            piped.stdout,
            fs::read(&file).unwrap(),
            "{format}: stdout differs from the file export"
        );
        assert!(stderr(&piped).contains("exported "), "{}", describe(&piped));
        assert!(!dir.path().join("-").exists(), "{format}: wrote a file `-`");
    }
}

#[test]
fn dash_is_refused_for_formats_that_write_several_files() {
    let (dir, project) = sample_copy();
    for (format, what) in [
        ("brat", "brat writes a folder"),
        ("label-studio", "label-studio writes two files"),
        ("parquet", "parquet writes two files"),
    ] {
        // With --json too: standard output is the data's, so even the
        // failure object is not printed there.
        let out = diptych_command()
            .current_dir(dir.path())
            .args([
                "export",
                s(&project),
                "--format",
                format,
                "-o",
                "-",
                "--json",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
        assert!(out.stdout.is_empty(), "{format}: {}", describe(&out));
        assert!(stderr(&out).contains(what), "{}", describe(&out));
        assert!(
            stderr(&out).contains("standard output"),
            "{}",
            describe(&out)
        );
        assert!(!dir.path().join("-").exists());
        assert!(!dir.path().join("-.config.xml").exists());
    }
}

#[test]
fn the_projects_backup_recovery_and_lock_files_are_refused() {
    let (dir, project) = sample_copy();
    let folder = dir.path().join("projects");
    fs::write(folder.join("seeds.ron.bak"), "the backup").unwrap();
    for (name, what) in [
        ("seeds.ron", "the project file"),
        ("seeds.ron.bak", "the project's backup"),
        ("seeds.ron.recovery", "the project's recovery file"),
        ("seeds.ron.lock", "the project's lock file"),
    ] {
        let before = snapshot(&folder);
        let out = export(&project, "jsonl", &folder.join(name));
        assert_eq!(out.status.code(), Some(2), "{name}: {}", describe(&out));
        assert!(stderr(&out).contains(what), "{}", describe(&out));
        assert_eq!(snapshot(&folder), before, "{name}: something was written");
    }
    // Another spelling of the same place is the same place.
    let out = export(
        &project,
        "csv",
        &dir.path().join("seeds/../projects/seeds.ron.bak"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert_eq!(
        fs::read(folder.join("seeds.ron.bak")).unwrap(),
        b"the backup"
    );
}

/// A corpus `arts/` holding `a.txt` and `arts/a.txt`, its project beside it.
fn nested_corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("arts");
    fs::create_dir_all(arts.join("arts")).unwrap();
    fs::write(arts.join("a.txt"), "Top article.\nIts body.").unwrap();
    fs::write(arts.join("arts/a.txt"), "Nested article.\nAnother body.").unwrap();
    let project = dir.path().join("p.ron");
    let out = diptych(&["new", s(&arts), "-o", s(&project)]);
    assert!(out.status.success(), "{}", describe(&out));
    (dir, project)
}

#[test]
fn brat_from_the_corpus_parent_writes_nothing_into_the_corpus() {
    let (dir, project) = nested_corpus();
    let arts = dir.path().join("arts");
    let before = snapshot(&arts);
    let out = diptych_command()
        .current_dir(dir.path())
        .args(["export", "p.ron", "--format", "brat", "-o", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        stderr(&out).contains("inside the corpus folder"),
        "{}",
        describe(&out)
    );
    assert_eq!(snapshot(&arts), before, "the corpus changed");
    // Nothing was written beside it either: all files are checked first.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["arts", "p.ron"]);
    assert!(project.exists());
}

#[test]
fn new_onto_an_article_is_refused_even_with_force() {
    let (dir, _) = nested_corpus();
    let arts = dir.path().join("arts");
    let before = snapshot(&arts);
    for target in ["arts/a.txt", "arts/arts/a.txt", "arts/new.md"] {
        let out = diptych(&[
            "new",
            s(&arts),
            "-o",
            s(&dir.path().join(target)),
            "--force",
        ]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", describe(&out));
        assert!(stderr(&out).contains("is an article"), "{}", describe(&out));
        assert_eq!(snapshot(&arts), before, "{target}: the corpus changed");
    }
    // A project file may still live in its corpus folder.
    let inside = arts.join("project.ron");
    let out = diptych(&["new", s(&arts), "-o", s(&inside)]);
    assert!(out.status.success(), "{}", describe(&out));
    assert!(inside.exists());
}

#[test]
fn new_onto_a_fifo_is_refused() {
    let (dir, _) = nested_corpus();
    let fifo = dir.path().join("q.ron");
    mkfifo(&fifo);
    let arts = dir.path().join("arts");
    let out = diptych(&["new", s(&arts), "-o", s(&fifo), "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", describe(&out));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}
