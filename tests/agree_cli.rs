//! `diptych agree` as a user runs it: the JSON's shape, figures worked by
//! hand, the filters and the errors. (Every figure is checked against
//! scikit-learn, statsmodels and krippendorff by
//! scripts/consumers/agreement.py, in CI's consumer checks.)

mod common;

use std::fs;
use std::path::Path;

use common::{describe, diptych, sample_copy, stderr, stdout};
use serde_json::Value;

const FIRST: &str = "000_fcbbd4f1fe241d7e.txt";

/// Imports spans `(id, annotator, start, end, label)` (code points) into
/// the first sample article of the project at `project`.
fn import(project: &Path, spans: &[(&str, &str, usize, usize, &str)]) {
    let spans: Vec<Value> = spans
        .iter()
        .map(|(id, who, start, end, label)| {
            serde_json::json!({"id": id, "annotator": who, "start": start, "end": end, "label": label})
        })
        .collect();
    let file = project.with_file_name("spans.jsonl");
    fs::write(
        &file,
        format!("{}\n", serde_json::json!({"id": FIRST, "spans": spans})),
    )
    .unwrap();
    let (p, f) = (project.to_str().unwrap(), file.to_str().unwrap());
    let out = diptych(&["import", p, f, "--format", "jsonl"]);
    assert!(out.status.success(), "{}", describe(&out));
}

fn agree(args: &[&str]) -> Value {
    let out = diptych(&[&["agree"], args, &["--json"]].concat());
    assert!(out.status.success(), "{}", describe(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn the_json_has_exactly_its_keys_and_figures_worked_by_hand() {
    let (dir, project) = sample_copy();
    // alice and bob mark the same span, then each one of their own.
    import(
        &project,
        &[
            ("1", "alice", 0, 20, "Claim"),
            ("2", "bob", 0, 20, "Claim"),
            ("3", "alice", 30, 40, "Claim"),
            ("4", "bob", 60, 70, "Disclaimer"),
        ],
    );
    let p = project.to_str().unwrap();
    let report = agree(&[p, "--annotators", "alice,bob", "--documents", "000_*"]);
    // (serde_json's map sorts keys; agreement.py checks their printed order.)
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "annotators",
            "documents",
            "labels",
            "pairs",
            "per_document",
            "sentiment",
            "unit"
        ]
    );
    assert_eq!(report["unit"], "char");
    assert_eq!(report["annotators"], serde_json::json!(["alice", "bob"]));
    assert_eq!(report["documents"], 1);
    let text = fs::read_to_string(dir.path().join("seeds").join(FIRST)).unwrap();
    let units = text.chars().filter(|c| !c.is_whitespace()).count();
    let claim = &report["labels"]["Claim"];
    assert_eq!(claim["units"], units);
    let label_keys: Vec<&str> = claim
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        label_keys,
        [
            "cohen_kappa",
            "f1_exact",
            "f1_overlap",
            "fleiss_kappa",
            "krippendorff_alpha",
            "units"
        ]
    );
    // Claim: one exact match of three spans.
    assert_eq!(claim["f1_exact"], 2.0 / 3.0);
    assert_eq!(claim["f1_overlap"], 2.0 / 3.0);
    // Disclaimer: only bob marked one.
    assert_eq!(report["labels"]["Disclaimer"]["f1_exact"], 0.0);
    assert_eq!(report["labels"]["Boilerplate"]["f1_exact"], Value::Null);
    let pair = &report["pairs"][0];
    assert_eq!((&pair["a"], &pair["b"]), (&"alice".into(), &"bob".into()));
    assert!(pair["labels"]["Claim"].get("fleiss_kappa").is_none());
    assert_eq!(report["per_document"][0]["disagreements"], 2);
    // Cohen's kappa by hand: the units of the first 20 code points are marked
    // by both, those of 30..40 by alice only.
    let marked = |range: std::ops::Range<usize>| {
        text.chars()
            .skip(range.start)
            .take(range.len())
            .filter(|c| !c.is_whitespace())
            .count() as f64
    };
    let (both, alice_only, n) = (marked(0..20), marked(30..40), units as f64);
    let po = (n - alice_only) / n;
    let (a1, b1) = (both + alice_only, both);
    let pe = (a1 * b1 + (n - a1) * (n - b1)) / (n * n);
    let kappa = claim["cohen_kappa"].as_f64().unwrap();
    assert!((kappa - (po - pe) / (1.0 - pe)).abs() < 1e-12, "{kappa}");
}

#[test]
fn the_table_filters_and_errors() {
    let (_dir, project) = sample_copy();
    import(
        &project,
        &[("1", "alice", 0, 20, "Claim"), ("2", "bob", 0, 25, "Claim")],
    );
    let p = project.to_str().unwrap();
    let out = diptych(&["agree", p, "--annotators", "alice,bob", "--unit", "token"]);
    assert!(out.status.success(), "{}", describe(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with("Agreement of alice, bob over 2 documents ("),
        "{table}"
    );
    assert!(
        table.contains("word units") && table.contains("Cohen κ"),
        "{table}"
    );
    assert!(table.contains("alice – bob"), "{table}");
    // Labels by name; an unknown one names those there are.
    let report = agree(&[p, "--annotators", "alice,bob", "--labels", "Claim"]);
    assert_eq!(report["labels"].as_object().unwrap().len(), 1);
    let out = diptych(&["agree", p, "--labels", "Claims"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        stderr(&out).contains("no label Claims in the projects (there are: "),
        "{}",
        describe(&out)
    );
    let out = diptych(&["agree", p, "--annotators", "alice,zoe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no annotator zoe"),
        "{}",
        describe(&out)
    );
    // One annotator is no agreement.
    let (_dir, alone) = sample_copy();
    let out = diptych(&["agree", alone.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("agreement needs two annotators; the projects have only sample"),
        "{}",
        describe(&out)
    );
}

#[test]
fn several_project_files_are_compared_document_by_document() {
    let (_a_dir, a) = sample_copy();
    let (_b_dir, b) = sample_copy();
    import(&a, &[("1", "alice", 0, 20, "Claim")]);
    import(&b, &[("1", "bob", 0, 20, "Claim")]);
    let report = agree(&[
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--annotators",
        "alice,bob",
    ]);
    assert_eq!(report["labels"]["Claim"]["f1_exact"], 1.0);
    assert_eq!(report["labels"]["Claim"]["cohen_kappa"], 1.0);
    // Each file is one annotator's besides the sample's own: no document verdicts.
    assert_eq!(report["sentiment"]["documents"][0]["items"], 0);
    // The sample's own annotator has spans in both files: said, once.
    let out = diptych(&["agree", a.to_str().unwrap(), b.to_str().unwrap(), "--json"]);
    let warned = stderr(&out);
    assert_eq!(
        warned
            .matches("warning: annotator sample has spans in both")
            .count(),
        1,
        "{warned}"
    );
}

#[test]
fn export_of_chosen_annotators_carries_only_their_spans() {
    let (dir, project) = sample_copy();
    import(
        &project,
        &[("1", "alice", 0, 20, "Claim"), ("2", "bob", 0, 20, "Claim")],
    );
    let p = project.to_str().unwrap();
    let out_file = dir.path().join("alice.jsonl");
    let o = out_file.to_str().unwrap();
    let out = diptych(&[
        "export",
        p,
        "--format",
        "jsonl",
        "--annotators",
        "alice",
        "-o",
        o,
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    let annotators: Vec<String> = fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .flat_map(|line| {
            let value: Value = serde_json::from_str(line).unwrap();
            value["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["annotator"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        annotators,
        ["alice"],
        "only alice's span, with its annotator"
    );
    let out = diptych(&[
        "export",
        p,
        "--format",
        "jsonl",
        "--annotators",
        "zoe",
        "-o",
        o,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("no annotator \"zoe\" in the project (annotators: alice, bob, sample)"),
        "{}",
        describe(&out)
    );
}

#[test]
fn document_verdicts_are_compared_across_one_annotator_files() {
    use diptych::io::project_file;
    use diptych::model::{DocStatus, Sentiment};
    // Two files of one annotator each (the sample's spans, signed by each),
    // with their own verdicts on the two articles.
    let files: Vec<_> = [
        (
            "alice",
            [DocStatus::Done, DocStatus::Done],
            Sentiment::Mixed,
        ),
        ("bob", [DocStatus::Done, DocStatus::ToDo], Sentiment::Mixed),
    ]
    .into_iter()
    .map(|(who, status, sentiment)| {
        let (dir, path) = sample_copy();
        let mut project = project_file::load(&path).unwrap();
        for a in project.annotations.values_mut() {
            a.annotator = who.into();
        }
        for (record, status) in project.documents.values_mut().zip(status) {
            record.fields.status = status;
            record.fields.sentiment = Some(sentiment);
        }
        project_file::save(&project, &Default::default(), &path).unwrap();
        (dir, path)
    })
    .collect();
    let report = agree(&[files[0].1.to_str().unwrap(), files[1].1.to_str().unwrap()]);
    let status = &report["sentiment"]["status"][0];
    assert_eq!(status["items"], 2);
    // (done, done), (done, to do): pₒ = 1/2 = pₑ, so κ = 0.
    assert_eq!(status["cohen_kappa"], 0.0);
    // Both said "mixed" twice: no variation, no kappa.
    let sentiment = &report["sentiment"]["documents"][0];
    assert_eq!(
        (&sentiment["items"], &sentiment["cohen_kappa"]),
        (&2.into(), &Value::Null)
    );
    // The same spans signed by each: full agreement.
    assert_eq!(report["labels"]["Claim"]["f1_exact"], 1.0);
}
