//! `diptych search` as a user runs it: the JSON it prints, --limit, plain
//! output, errors naming the file; the index lives under the cache folder
//! the test gives (XDG_CACHE_HOME), never the real one.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{describe, diptych_command, stderr, stdout};

/// A project over three articles, in a temp folder with its own cache folder.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("world")).unwrap();
    fs::write(
        corpus.join("world/a.txt"),
        "Minister speaks\nThe café owners said the plan was rash. The plan stays.",
    )
    .unwrap();
    fs::write(
        corpus.join("world/b.txt"),
        "Budget\nThe minister signed the deal on Friday.",
    )
    .unwrap();
    fs::write(corpus.join("c.txt"), "Weather\nRain, then sun.").unwrap();
    let project = dir.path().join("p.ron");
    let made = run(
        dir.path(),
        &[
            "new",
            corpus.to_str().unwrap(),
            "-o",
            project.to_str().unwrap(),
        ],
    );
    assert!(made.status.success(), "{}", describe(&made));
    (dir, project)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    diptych_command()
        .args(args)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap()
}

fn search(dir: &Path, project: &Path, args: &[&str]) -> Output {
    let mut all = vec!["search", project.to_str().unwrap()];
    all.extend(args);
    run(dir, &all)
}

fn json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", describe(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

#[test]
fn json_has_the_query_the_total_and_code_point_hits() {
    let (dir, project) = project();
    let out = json(&search(
        dir.path(),
        &project,
        &["\"the plan\" cafe", "--json"],
    ));
    assert_eq!(
        out,
        serde_json::json!({
            "query": "\"the plan\" cafe",
            "total": 1,
            "hits": [{
                "document": "world/a.txt",
                "start": 20,
                "end": 24,
                "snippet": "Minister speaks The café owners said the plan was rash. The plan stays."
            }]
        })
    );
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3);
    // The index was written in the cache folder given, and serves again.
    assert!(dir.path().join("cache/diptych/search").is_dir());
    let again = json(&search(dir.path(), &project, &["minister", "--json"]));
    assert_eq!(again["total"], 2);
}

#[test]
fn limit_cuts_the_hits_not_the_total_and_plain_output_is_one_line_per_hit() {
    let (dir, project) = project();
    let out = json(&search(
        dir.path(),
        &project,
        &["the", "--json", "--limit", "1"],
    ));
    assert_eq!(out["total"], 2);
    assert_eq!(out["hits"].as_array().unwrap().len(), 1);
    let plain = search(dir.path(), &project, &["path:world/"]);
    assert!(plain.status.success(), "{}", describe(&plain));
    let printed = stdout(&plain);
    let lines: Vec<&str> = printed
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(lines, ["world/a.txt", "world/b.txt"]);
    assert!(stderr(&plain).contains("2 matching"), "{}", stderr(&plain));
}

#[test]
fn a_file_changed_between_runs_is_found_by_its_new_text() {
    let (dir, project) = project();
    assert_eq!(
        json(&search(dir.path(), &project, &["zebra", "--json"]))["total"],
        0
    );
    fs::write(
        dir.path().join("corpus/c.txt"),
        "Weather\nA zebra in the rain.",
    )
    .unwrap();
    let out = json(&search(dir.path(), &project, &["zebra", "--json"]));
    assert_eq!(out["total"], 1);
    assert_eq!(out["hits"][0]["document"], "c.txt");
    assert_eq!(out["hits"][0]["start"], 10);
}

#[test]
fn errors_name_the_file_or_the_query() {
    let (dir, project) = project();
    let bad = search(dir.path(), &project, &["label:Nope"]);
    assert_eq!(bad.status.code(), Some(2), "{}", describe(&bad));
    assert!(stderr(&bad).contains("p.ron"), "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("no label \"Nope\""),
        "{}",
        stderr(&bad)
    );
    // What the search does not do is refused, with what to type instead.
    for (query, said) in [
        ("zebra OR rain", "OR is not understood"),
        ("regul*", "* is not understood"),
        ("foo:bar", "no filter foo:"),
        ("🦓", "has no word to look for"),
    ] {
        let refused = search(dir.path(), &project, &[query]);
        assert_eq!(refused.status.code(), Some(2), "{}", describe(&refused));
        assert!(
            stderr(&refused).contains(said),
            "{query}: {}",
            stderr(&refused)
        );
        assert!(refused.stdout.is_empty());
    }
    let missing = search(dir.path(), &dir.path().join("none.ron"), &["x"]);
    assert_ne!(missing.status.code(), Some(0));
    assert!(
        stderr(&missing).contains("none.ron"),
        "{}",
        stderr(&missing)
    );
    // The system's reason is told once (it was told twice, as the message's
    // end and as its cause).
    let reason = fs::read(dir.path().join("none.ron"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        stderr(&missing).matches(&reason).count(),
        1,
        "{}",
        stderr(&missing)
    );
    fs::remove_dir_all(dir.path().join("corpus")).unwrap();
    let gone = search(dir.path(), &project, &["x"]);
    assert_ne!(gone.status.code(), Some(0));
    assert!(stderr(&gone).contains("p.ron"), "{}", stderr(&gone));
    assert!(stderr(&gone).contains("corpus"), "{}", stderr(&gone));
}

#[test]
fn with_json_an_error_is_a_json_object_too() {
    let (dir, project) = project();
    let refused = search(dir.path(), &project, &["zebra OR rain", "--json"]);
    assert_eq!(refused.status.code(), Some(2), "{}", describe(&refused));
    let value: serde_json::Value = serde_json::from_str(&stdout(&refused)).unwrap();
    assert_eq!(value["ok"], false);
    let error = value["error"].as_str().unwrap();
    assert!(
        error.contains("p.ron") && error.contains("OR is not understood"),
        "{error}"
    );
    assert!(value["line"].is_null() && value["column"].is_null());
    assert!(stderr(&refused).contains("OR is not understood"));
    // A syntax error in the file: its line and column.
    fs::write(
        &project,
        "(\n  format: \"diptych-project\",\n  version: 1,\n  name: ,\n",
    )
    .unwrap();
    let broken = search(dir.path(), &project, &["label:Claim", "--json"]);
    assert_eq!(broken.status.code(), Some(2), "{}", describe(&broken));
    let value: serde_json::Value = serde_json::from_str(&stdout(&broken)).unwrap();
    assert_eq!(value["line"].as_u64(), Some(4), "{value}");
    let column = value["column"].as_u64().unwrap();
    let at = format!("p.ron:4:{column}: ");
    assert!(stderr(&broken).contains(&at), "{at} in {}", stderr(&broken));
    // And `stats --json` of a file that is not there.
    let missing = run(
        dir.path(),
        &[
            "stats",
            dir.path().join("none.ron").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(missing.status.code(), Some(2), "{}", describe(&missing));
    let value: serde_json::Value = serde_json::from_str(&stdout(&missing)).unwrap();
    assert!(
        value["error"].as_str().unwrap().contains("none.ron"),
        "{value}"
    );
}

#[test]
fn a_query_of_words_reads_only_the_corpus_folder_from_the_file() {
    let (dir, project) = project();
    // The file broken after its first lines (its documents cut off): a
    // query of words needs nothing of it but the corpus folder named there.
    let text = fs::read_to_string(&project).unwrap();
    let cut = text.find("documents:").expect("a documents list");
    fs::write(&project, format!("{}documents: [ (broken", &text[..cut])).unwrap();
    let out = json(&search(dir.path(), &project, &["minister", "--json"]));
    assert_eq!(out["total"], 2, "{out}");
    // A filter is answered from the project: the broken file is told.
    for query in ["status:todo minister", "label:Claim", "path:world/"] {
        let bad = search(dir.path(), &project, &[query]);
        assert_ne!(bad.status.code(), Some(0), "{query}: {}", describe(&bad));
        assert!(stderr(&bad).contains("p.ron"), "{query}: {}", stderr(&bad));
        assert!(stdout(&bad).is_empty(), "{query}: {}", stdout(&bad));
    }
}

#[test]
fn filters_on_annotations_answer_as_the_whole_project_does() {
    let (dir, project) = project();
    let spans = dir.path().join("spans.jsonl");
    let line = |id: &str, who: &str, start: usize, end: usize| {
        serde_json::json!({"id": id, "spans": [
            {"id": who, "start": start, "end": end, "label": "Claim", "annotator": who}
        ]})
    };
    // Alice's claim is "café" (code points 20..24), after "Minister
    // speaks\nThe ".
    fs::write(
        &spans,
        format!(
            "{}\n{}\n",
            line("world/a.txt", "alice", 20, 24),
            line("world/b.txt", "bob", 0, 8)
        ),
    )
    .unwrap();
    let imported = run(
        dir.path(),
        &[
            "import",
            project.to_str().unwrap(),
            "--format",
            "jsonl",
            spans.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{}", describe(&imported));
    type Found = Vec<(String, u64, u64)>;
    let answers = |project: &Path| -> Vec<(serde_json::Value, Found)> {
        [
            "label:Claim minister",
            "annotator:alice minister",
            "label:claim weather",
            "label:Claim",
            "annotator:alice",
        ]
        .iter()
        .map(|q| {
            let out = json(&search(dir.path(), project, &[q, "--json"]));
            let hits = out["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    let at = |key: &str| h[key].as_u64().unwrap();
                    let doc = h["document"].as_str().unwrap().to_owned();
                    (doc, at("start"), at("end"))
                })
                .collect();
            (out["total"].clone(), hits)
        })
        .collect()
    };
    let tagged = answers(&project);
    assert_eq!(tagged[0].0, 2);
    assert_eq!(
        tagged[1],
        (serde_json::json!(1), vec![("world/a.txt".to_owned(), 0, 8)]),
        "a query with words is found at its words"
    );
    assert_eq!(tagged[2].0, 0);
    // A query of filters only finds each document at the annotation it
    // was found by, not at the start of its text.
    let a = ("world/a.txt".to_owned(), 20, 24);
    let b = ("world/b.txt".to_owned(), 0, 8);
    assert_eq!(tagged[3], (serde_json::json!(2), vec![a.clone(), b]));
    assert_eq!(tagged[4], (serde_json::json!(1), vec![a]));
    let snippet = json(&search(
        dir.path(),
        &project,
        &["annotator:alice", "--json"],
    ));
    assert!(
        (snippet["hits"][0]["snippet"].as_str().unwrap()).contains("café owners"),
        "{snippet}"
    );
    // The annotations' list laid out as the fast reader does not read it:
    // the file is read whole, and answers the same.
    let text = fs::read_to_string(&project).unwrap();
    let commented = text.replacen("  annotations: [", "  annotations: [ /* c */", 1);
    assert_ne!(commented, text);
    fs::write(&project, commented).unwrap();
    assert_eq!(answers(&project), tagged);
}
