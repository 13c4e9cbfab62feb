//! `diptych check --reanchor [--write]` on a project whose articles changed on disk.

mod common;

use common::{diptych, stdout};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use diptych::io::workspace::Workspace;
use diptych::model::{Annotation, AnnotationId, DocumentId, Edit, LabelId, Span, apply};
use jiff::Timestamp;
use serde_json::Value;

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}):\n{}\nstderr:\n{}",
            stdout(output),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

const ARTICLE: &str = "Markets 📈 opened higher on Monday. \
The central bank said inflation had peaked. \
Critics called the forecast “far too optimistic”. \
Shares of the state bank fell 3% after the announcement.\n";

const OTHER: &str = "An unrelated article that does not change.\n";

/// The quotes annotated in ARTICLE (ids 1..=4) and one in OTHER (id 5).
const QUOTES: [&str; 4] = [
    "Markets 📈 opened higher",
    "The central bank said inflation had peaked.",
    "Critics called the forecast “far too optimistic”.",
    "Shares of the state bank fell 3%",
];

/// A project over a folder with two articles and five annotations.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), ARTICLE).unwrap();
    fs::write(corpus.join("b.txt"), OTHER).unwrap();
    let mut ws = Workspace::from_folder_blocking(&corpus).unwrap();
    let when = Timestamp::from_second(1_700_000_000).unwrap();
    let mut edits = Vec::new();
    let all = QUOTES
        .iter()
        .map(|q| ("a.txt", *q))
        .chain([("b.txt", "unrelated article")]);
    for (i, (doc, quote)) in all.enumerate() {
        let text = &ws.corpus.get(&DocumentId::from(doc)).unwrap().text();
        let start = text.find(quote).unwrap();
        let span = Span::new(text, start, start + quote.len()).unwrap();
        edits.push(Edit::AddAnnotation(Box::new(Annotation::new(
            AnnotationId(i as u64 + 1),
            DocumentId::from(doc),
            text,
            span,
            LabelId::from("claim"),
            "test",
            when,
        ))));
    }
    apply(&mut ws.project, Edit::Batch(edits)).unwrap();
    let path = dir.path().join("project.ron");
    ws.save_as(&path).unwrap();
    (dir, path)
}

/// Rewrites article a.txt: a sentence inserted at the top (everything
/// moves), a typo fixed, curly quotes straightened, one sentence deleted.
fn change_article(project: &Path, delete: bool) -> String {
    let mut text = format!("UPDATED 09:30. {ARTICLE}")
        .replace("said inflation", "said that inflation")
        .replace("“far too optimistic”", "\"far too optimistic\"");
    if delete {
        text = text.replace(
            "Shares of the state bank fell 3% after the announcement.",
            "",
        );
    }
    fs::write(project.parent().unwrap().join("corpus/a.txt"), &text).unwrap();
    text
}

fn code_points(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[test]
fn changed_article_is_reported_and_nothing_is_written_without_write() {
    let (_dir, path) = project();
    let before = fs::read(&path).unwrap();
    let text = change_article(&path, false);
    let p = path.to_str().unwrap();
    let out = diptych(&["check", p, "--reanchor", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report = json_of(&out);
    assert_eq!(report["ok"], true);
    assert_eq!(report["written"], false);
    assert_eq!(
        (
            report["kept"].as_u64(),
            report["moved"].as_u64(),
            report["orphaned"].as_u64()
        ),
        (Some(0), Some(4), Some(0))
    );
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "only the changed document: {report}");
    assert_eq!(docs[0]["document"], "a.txt");
    let annotations = docs[0]["annotations"].as_array().unwrap();
    let expected_text = [
        QUOTES[0],
        "The central bank said that inflation had peaked.",
        "Critics called the forecast \"far too optimistic\".",
        QUOTES[3],
    ];
    for (a, want) in annotations.iter().zip(expected_text) {
        assert_eq!(a["outcome"], "moved", "{a}");
        let start = text.find(want).unwrap();
        let new = [
            code_points(&text, start),
            code_points(&text, start + want.len()),
        ];
        assert_eq!(a["new"], serde_json::json!(new), "{a}");
        let chars: Vec<char> = text.chars().collect();
        let got: String = chars[new[0]..new[1]].iter().collect();
        assert_eq!(got, want);
    }
    assert_eq!(annotations[0]["how"], "exact");
    assert_eq!(annotations[1]["how"], "fuzzy");
    assert_eq!(annotations[2]["how"], "fuzzy");
    // Readable report.
    let out = diptych(&["check", p, "--reanchor"]);
    assert_eq!(out.status.code(), Some(0));
    let human = stdout(&out);
    assert!(
        human.contains("a.txt: text changed, 4 annotation(s)"),
        "{human}"
    );
    assert!(human.contains("moved    annotation 2 bytes"), "{human}");
    assert!(
        human.contains("1 changed document(s): 0 kept, 4 moved, 0 orphaned"),
        "{human}"
    );
    assert!(
        human.contains("not saved: run again with --write"),
        "{human}"
    );
    // Nothing was written: the project file is byte-identical, no backup appeared.
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(!path.with_extension("ron.bak").exists());
    // Plain check still sees the changed document.
    let out = diptych(&["check", p]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("changed: a.txt"));
}

#[test]
fn write_stores_the_result_and_a_rerun_keeps_everything() {
    let (_dir, path) = project();
    let text = change_article(&path, false);
    let p = path.to_str().unwrap();
    let out = diptych(&["check", p, "--reanchor", "--write"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("saved"), "{}", stdout(&out));
    // The stored project has the new spans, quotes and hash: plain check is clean.
    let out = diptych(&["check", p, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let check = json_of(&out);
    assert_eq!(check["changed"], serde_json::json!([]));
    assert_eq!(check["quote_mismatches"], serde_json::json!([]));
    let project = diptych::io::project_file::load(&path).unwrap();
    let a3 = &project.annotations[&AnnotationId(3)];
    assert_eq!(
        a3.quote.exact(),
        "Critics called the forecast \"far too optimistic\"."
    );
    assert_eq!(&text[a3.span.range()], a3.quote.exact());
    // Re-running finds nothing to do and writes nothing.
    let saved = fs::read(&path).unwrap();
    let out = diptych(&["check", p, "--reanchor", "--write", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_of(&out);
    assert_eq!(report["written"], false);
    assert_eq!(report["documents"], serde_json::json!([]));
    assert_eq!(fs::read(&path).unwrap(), saved);
}

#[test]
fn deleted_text_orphans_exit_1_and_plain_check_lists_the_orphan() {
    let (_dir, path) = project();
    change_article(&path, true);
    let p = path.to_str().unwrap();
    let out = diptych(&["check", p, "--reanchor", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json_of(&out);
    assert_eq!(report["ok"], false);
    assert_eq!(report["orphaned"], 1);
    let orphan = &report["documents"][0]["annotations"][3];
    assert_eq!(orphan["annotation"], 4);
    assert_eq!(orphan["outcome"], "orphaned");
    assert_eq!(orphan["quote"], QUOTES[3]);
    let out = diptych(&["check", p, "--reanchor", "--write"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("orphaned annotation 4"),
        "{}",
        stdout(&out)
    );
    // Stored as an orphan: kept with its quote, listed by check (exit 1), not exported.
    let project = diptych::io::project_file::load(&path).unwrap();
    let a4 = &project.annotations[&AnnotationId(4)];
    assert!(a4.orphaned);
    assert_eq!(a4.quote.exact(), QUOTES[3]);
    assert_eq!(project.annotations.len(), 5);
    let out = diptych(&["check", p]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .contains("orphaned: annotation 4 in a.txt: \"Shares of the state bank fell 3%\""),
        "{}",
        stdout(&out)
    );
    let check = json_of(&diptych(&["check", p, "--json"]));
    assert_eq!(check["orphans"][0]["annotation"], 4);
    assert_eq!(check["quote_mismatches"], serde_json::json!([]));
    let stats = json_of(&diptych(&["stats", p, "--json"]));
    assert_eq!(stats["orphaned"], 1);
    let export = path.parent().unwrap().join("out.jsonl");
    let out = diptych(&[
        "export",
        p,
        "--format",
        "jsonl",
        "-o",
        export.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = json_of(&out);
    assert_eq!(exported["spans"], 4, "{exported}");
    let written = fs::read_to_string(&export).unwrap();
    assert!(!written.contains("state bank fell"), "{written}");
}

#[test]
fn write_needs_reanchor_and_a_broken_project_exits_2() {
    let (_dir, path) = project();
    let p = path.to_str().unwrap();
    let out = diptych(&["check", p, "--write"]);
    assert_eq!(out.status.code(), Some(2));
    fs::write(&path, "(broken").unwrap();
    let out = diptych(&["check", p, "--reanchor", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_of(&out)["ok"], false);
    assert_eq!(fs::read_to_string(&path).unwrap(), "(broken");
}

#[test]
fn a_project_that_cannot_be_read_is_one_json_failure() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.ron");
    for args in [
        &["check", missing.to_str().unwrap(), "--json"][..],
        &["check", missing.to_str().unwrap(), "--reanchor", "--json"],
    ] {
        let out = diptych(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        // One object (two would not parse as one JSON value).
        let failure = json_of(&out);
        assert_eq!(failure["ok"], false, "{failure}");
        assert!(failure["error"].as_str().unwrap().contains("none.ron"));
        let told = String::from_utf8_lossy(&out.stderr);
        assert_eq!(told.matches("diptych: error:").count(), 1, "{told}");
    }
}
