//! Hostile input: a folder of every kind of bad file, project files whose
//! document ids point outside the corpus, exports that try to leave the
//! output folder, and pages that try to make Diptych fetch something.

mod common;

use common::{diptych, diptych_command, repo};
mod hostile_folder;

use hostile_folder as hostile;

use std::fs;
use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use diptych::io::corpus::{Corpus, ImportOptions, load_folder};
use diptych::io::export::{ExportError, ExportOptions, Format, export};
use diptych::io::project_file::LoadError;
use diptych::io::workspace::{OpenError, Workspace};
use diptych::model::{DocRecord, Document, DocumentId, Project, SourceFormat};
use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn load(root: &Path) -> Corpus {
    load_folder(
        root,
        &ImportOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[cfg(unix)]
#[test]
fn the_library_loads_what_it_can_with_the_right_text_and_lists_the_rest() {
    let h = hostile::generate(true, "127.0.0.1:9");
    let started = Instant::now();
    let corpus = load(&h.root);
    let elapsed = started.elapsed();
    let docs: Vec<(String, String)> = corpus
        .documents
        .values()
        .map(|d| (d.id.as_str().to_owned(), d.text().to_string()))
        .collect();
    let expected = hostile::expected_documents();
    let ids: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    let expected_ids: Vec<&str> = expected.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(ids, expected_ids);
    for ((id, got), (_, want)) in docs.iter().zip(&expected) {
        assert!(got == want, "{id}: got {:?}", &got[..got.len().min(200)]);
    }
    let skipped: Vec<(String, String)> = corpus
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.to_string()))
        .collect();
    assert_eq!(skipped, hostile::expected_skipped(true));
    let doc = |id: &str| &corpus.documents[&DocumentId::from(id)];
    assert_eq!(doc("latin1.txt").encoding, "windows-1252");
    assert_eq!(doc("cp1252.txt").encoding, "windows-1252");
    assert_eq!(doc("utf16le.txt").encoding, "UTF-16LE");
    assert_eq!(doc("utf16be-bom.txt").encoding, "UTF-16BE");
    assert_eq!(doc("broken-utf8.txt").encoding, "UTF-8 (lossy)");
    assert_eq!(doc("page.html").title, "Café & Co");
    for hidden in hostile::HTML_HIDDEN {
        assert!(!doc("page.html").text().contains(hidden), "{hidden}");
    }
    assert_eq!(doc("one-line.txt").title.chars().count(), 200);
    // The link that leads outside was not followed: nothing of it was read.
    assert!(
        corpus
            .documents
            .values()
            .all(|d| !d.text().contains("SECRET")),
        "a file outside the corpus was read"
    );
    // The 60 MB file is refused by its size, before it is read.
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[cfg(unix)]
#[test]
fn the_size_limit_is_exact_and_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("at.txt"), "x".repeat(1000)).unwrap();
    fs::write(dir.path().join("over.txt"), "x".repeat(1001)).unwrap();
    let options = ImportOptions {
        max_file_size: 1000,
        ..ImportOptions::default()
    };
    let corpus = load_folder(dir.path(), &options, &|_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(
        corpus
            .documents
            .keys()
            .map(|d| d.as_str())
            .collect::<Vec<_>>(),
        ["at.txt"]
    );
    assert_eq!(
        corpus.skipped[0].reason.to_string(),
        "too large: 1001 bytes, the limit is 1000 bytes"
    );
    let out = diptych(&["stats", s(dir.path()), "--json", "--max-file-size", "1001"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"], 2);
}

fn skipped_of(json: &Value) -> Vec<(String, String)> {
    json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn stats_new_and_check_on_the_hostile_folder_succeed_and_list_every_skip() {
    let h = hostile::generate(true, "127.0.0.1:9");
    let out = diptych(&["stats", s(&h.root), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"], hostile::expected_documents().len());
    assert_eq!(skipped_of(&json), hostile::expected_skipped(true));

    let project = h.dir.path().join("hostile.ron");
    let out = diptych(&["new", s(&h.root), "-o", s(&project)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    for (path, reason) in hostile::expected_skipped(true) {
        assert!(
            stderr.contains(&format!("skipped {path}: {reason}\n")),
            "{path} not listed in:\n{stderr}"
        );
    }
    let saved = fs::read_to_string(&project).unwrap();
    for (id, _) in hostile::expected_documents() {
        assert!(saved.contains(&format!("id: \"{id}\"")), "{id}");
    }

    let out = diptych(&["check", s(&project), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["documents"], hostile::expected_documents().len());
    let reasons: Vec<&str> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"]["kind"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"symlink-outside"), "{reasons:?}");
    assert!(reasons.contains(&"too-large"), "{reasons:?}");
}

/// A project over `corpus/` (holding `a.txt`) whose second document id is `bad`.
fn project_with_id(dir: &Path, bad: &str) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), "Inside the corpus.").unwrap();
    let mut project = Project::new("outside", "corpus");
    let doc = Document::new(
        DocumentId::from("a.txt"),
        "a".to_owned(),
        "Inside the corpus.".to_owned(),
        SourceFormat::Text,
        "UTF-8",
    );
    project
        .documents
        .insert(doc.id.clone(), DocRecord::of(&doc));
    let mut evil = DocRecord::of(&doc);
    evil.id = DocumentId::from(bad);
    project.documents.insert(evil.id.clone(), evil);
    let path = dir.join("project.ron");
    fs::write(&path, diptych::io::project_file::to_ron(&project)).unwrap();
    path
}

const OUTSIDE_IDS: &[&str] = &[
    "../outside/secret.txt",
    "../../etc/passwd",
    "/etc/passwd",
    "a/../../outside/secret.txt",
    "./a.txt",
    "a//b.txt",
];

#[test]
fn document_ids_outside_the_corpus_are_refused_with_the_line_and_column() {
    for bad in OUTSIDE_IDS {
        let dir = tempfile::tempdir().unwrap();
        let path = project_with_id(dir.path(), bad);
        let before = fs::read(&path).unwrap();
        let err = Workspace::open_blocking(&path).unwrap_err();
        let OpenError::Load(load) = &err else {
            panic!("{bad}: {err}");
        };
        let (line, column) = load.position().expect("a position");
        let saved = String::from_utf8(before.clone()).unwrap();
        let at_line = saved.lines().nth(line - 1).unwrap();
        assert!(
            at_line[column - 1..].starts_with(&format!("\"{bad}\"")),
            "{bad}: {line}:{column} is {at_line:?}"
        );
        assert!(matches!(load, LoadError::Syntax { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains(s(&path)), "{message}");
        assert!(message.contains("outside the corpus folder"), "{message}");
        assert_eq!(fs::read(&path).unwrap(), before, "{bad}: file changed");
    }
}

/// Runs `diptych ARGS`, killing it after `limit` (a read of a FIFO would block forever).
#[cfg(unix)]
fn run_with_limit(args: &[&str], limit: Duration) -> Output {
    let mut child = diptych_command()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("diptych {args:?} blocked: it opened the FIFO outside the corpus");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn check_and_stats_refuse_outside_ids_before_reading_anything_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_with_id(dir.path(), "../outside/secret.txt");
    // A FIFO: opening it for reading blocks until a writer comes, so a
    // process that reads it never finishes.
    fs::create_dir_all(dir.path().join("outside")).unwrap();
    let fifo = dir.path().join("outside/secret.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let before = fs::read(&path).unwrap();
    let saved = String::from_utf8(before.clone()).unwrap();
    let line = 1 + saved
        .lines()
        .position(|l| l.contains("\"../outside/secret.txt\""))
        .unwrap();
    let column = 1 + saved.lines().nth(line - 1).unwrap().find('"').unwrap();
    let at = format!("{}:{line}:{column}: ", path.display());
    for args in [
        vec!["check", s(&path)],
        vec!["check", s(&path), "--json"],
        vec!["stats", s(&path)],
        vec!["suggest", s(&path), "--write"],
        vec!["export", s(&path), "--format", "jsonl", "-o", "/dev/null"],
    ] {
        let out = run_with_limit(&args, Duration::from_secs(30));
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let stderr = text(&out.stderr);
        assert!(stderr.contains(s(&path)), "{args:?}: {stderr}");
        assert!(
            stderr
                .contains("document id \"../outside/secret.txt\" points outside the corpus folder"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(&at), "{args:?}: {at} missing: {stderr}");
        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{args:?} changed the project"
        );
    }
    let out = run_with_limit(&["check", s(&path), "--json"], Duration::from_secs(30));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["line"], line);
    assert_eq!(json["column"], column);
}

/// A workspace (no project file) over documents with these ids, in `dir/corpus`.
fn workspace_with_ids(dir: &Path, ids: &[&str]) -> Workspace {
    let mut project = Project::new("export", dir.join("corpus"));
    let mut corpus = Corpus {
        root: dir.join("corpus"),
        ..Corpus::default()
    };
    for id in ids {
        let doc = Document::new(
            DocumentId::from(*id),
            (*id).to_owned(),
            format!("Text of {id}."),
            SourceFormat::Text,
            "UTF-8",
        );
        project
            .documents
            .insert(doc.id.clone(), DocRecord::of(&doc));
        corpus.documents.insert(doc.id.clone(), doc);
    }
    Workspace {
        path: None,
        project,
        corpus,
        view: Default::default(),
    }
}

/// Every file under `dir`, recursively, without following links.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn brat_export_writes_only_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ws = workspace_with_ids(
        dir.path(),
        &["a/b/c.txt", "ünïcødé/日本語.md", "x.jsonl#3", "top.html"],
    );
    let report = export(
        &ws,
        Format::Brat,
        &ExportOptions::default(),
        &out,
        &|_, _| {},
    )
    .unwrap();
    let real_out = out.canonicalize().unwrap();
    for file in &report.files {
        let real = file.canonicalize().unwrap();
        assert!(real.starts_with(&real_out), "{}", file.display());
    }
    let written: Vec<String> = files_under(dir.path())
        .iter()
        .map(|p| {
            p.strip_prefix(dir.path())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        written,
        [
            "out/a/b/c.ann",
            "out/a/b/c.txt",
            "out/annotation.conf",
            "out/top_html.ann",
            "out/top_html.txt",
            "out/visual.conf",
            "out/x_jsonl-3.ann",
            "out/x_jsonl-3.txt",
            "out/ünïcødé/日本語_md.ann",
            "out/ünïcødé/日本語_md.txt",
        ]
    );

    for bad in ["../../evil.txt", "/tmp/evil.txt", "a/../../evil.txt"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/out");
        let ws = workspace_with_ids(dir.path(), &["fine.txt", bad]);
        let err = export(
            &ws,
            Format::Brat,
            &ExportOptions::default(),
            &out,
            &|_, _| {},
        )
        .unwrap_err();
        assert!(
            matches!(err, ExportError::UnsafeDocumentId(_)),
            "{bad}: {err}"
        );
        let outside: Vec<PathBuf> = files_under(dir.path())
            .into_iter()
            .filter(|p| !p.starts_with(&out))
            .collect();
        assert!(outside.is_empty(), "{bad}: wrote {outside:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_the_output_folder_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("sub")).unwrap();
    let ws = workspace_with_ids(dir.path(), &["sub/deeper/x.txt"]);
    let err = export(
        &ws,
        Format::Brat,
        &ExportOptions::default(),
        &out,
        &|_, _| {},
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::LeavesOutput(_)), "{err}");
    assert!(err.to_string().contains("out/sub"), "{err}");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn nothing_is_fetched_from_the_network() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let h = hostile::generate(false, &host);
    // `suggest` takes 17 s on the 5 MB line in a debug build; it is not about the network.
    fs::remove_file(h.root.join("one-line.txt")).unwrap();
    // More pages pointing at the listener in every way HTML can.
    fs::write(
        h.root.join("more.html"),
        format!(
            "<html><head><base href=\"http://{host}/\"><link rel=preload href=\"http://{host}/p\">\
             <script src=\"//{host}/s.js\"></script></head><body>\
             <p style=\"background:url(http://{host}/bg)\">Styled text.</p>\
             <img srcset=\"http://{host}/1x 1x\" src=\"http://{host}/i.png\">\
             <iframe src=\"http://{host}/f\"></iframe><embed src=\"http://{host}/e\">\
             <audio src=\"http://{host}/a\"></audio><svg><image href=\"http://{host}/svg\"/></svg>\
             <p><a href=\"http://{host}/a\">Linked text.</a></p></body></html>"
        ),
    )
    .unwrap();
    let project = h.dir.path().join("p.ron");
    let runs: Vec<Vec<String>> = vec![
        vec!["stats".into(), s(&h.root).into(), "--json".into()],
        vec![
            "new".into(),
            s(&h.root).into(),
            "-o".into(),
            s(&project).into(),
        ],
        vec!["check".into(), s(&project).into()],
        vec!["suggest".into(), s(&project).into(), "--json".into()],
        vec![
            "export".into(),
            s(&project).into(),
            "--format".into(),
            "brat".into(),
            "-o".into(),
            s(&h.dir.path().join("brat")).into(),
        ],
        vec![
            "export".into(),
            s(&project).into(),
            "--format".into(),
            "w3c".into(),
            "-o".into(),
            s(&h.dir.path().join("w3c.jsonld")).into(),
        ],
    ];
    for args in &runs {
        let out = diptych_command().args(args).output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c == 0 || c == 1),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let corpus = load(&h.root);
    assert_eq!(
        &*corpus.documents[&DocumentId::from("more.html")].text(),
        "Styled text.\nLinked text."
    );
    listener.set_nonblocking(true).unwrap();
    match listener.accept() {
        Err(err) if err.kind() == ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("something connected to the listener from {peer}"),
        Err(err) => panic!("accept failed: {err}"),
    }
    drop(listener);
}

#[test]
fn no_http_client_is_in_the_dependency_tree() {
    let lock = fs::read_to_string(repo().join("Cargo.lock")).unwrap();
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(names.contains(&"walkdir"), "not a Cargo.lock?");
    for client in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "curl-sys",
        "isahc",
        "attohttpc",
        "surf",
        "ehttp",
        "minreq",
        "http_req",
    ] {
        assert!(!names.contains(&client), "{client} is in Cargo.lock");
    }
}

#[cfg(unix)]
#[test]
fn pathological_html_and_special_files_do_not_hang_or_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let depth = 20_000;
    let nested = format!(
        "<html><body>{}<p>Deep text.</p>{}</body></html>",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    fs::write(root.join("nested.html"), nested).unwrap();
    let unclosed = format!("<p>Unclosed {}", "<b><i><table><tr><td>".repeat(5_000));
    fs::write(root.join("unclosed.html"), unclosed).unwrap();
    fs::write(
        root.join("entities.html"),
        "<p>&#x110000; &#0; &bogus; &amp&lt</p>",
    )
    .unwrap();
    fs::write(root.join("json-deep.json"), "[".repeat(100_000)).unwrap();
    // A named pipe: reading it would block forever.
    let made = Command::new("mkfifo")
        .arg(root.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let started = Instant::now();
    let corpus = load(root);
    assert!(started.elapsed() < Duration::from_secs(30));
    let doc = |id: &str| corpus.documents[&DocumentId::from(id)].text().to_string();
    assert_eq!(doc("nested.html"), "Deep text.");
    assert!(doc("unclosed.html").starts_with("Unclosed"));
    assert_eq!(doc("entities.html"), "\u{FFFD} \u{FFFD} &bogus; &<");
    let skipped: Vec<(String, String)> = corpus
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.to_string()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(skipped[0].0, "json-deep.json");
    assert!(skipped[0].1.contains("recursion limit"), "{}", skipped[0].1);
    assert_eq!(
        skipped[1],
        (
            "pipe.txt".to_owned(),
            "cannot read: not a regular file (a pipe, socket or device)".to_owned()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_project_document_behind_a_link_out_of_the_corpus_is_missing_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_with_id(dir.path(), "out/secret.txt");
    fs::create_dir_all(dir.path().join("outside")).unwrap();
    fs::write(dir.path().join("outside/secret.txt"), "SECRET").unwrap();
    std::os::unix::fs::symlink("../outside", dir.path().join("corpus/out")).unwrap();
    let before = fs::read(&path).unwrap();
    let out = diptych(&["check", s(&path), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("SECRET"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["missing"], serde_json::json!(["out/secret.txt"]));
    assert_eq!(json["skipped"][0]["path"], "out");
    assert_eq!(json["skipped"][0]["reason"]["kind"], "symlink-outside");
    assert_eq!(fs::read(&path).unwrap(), before);
}
