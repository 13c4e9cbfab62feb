//! Costs that once grew faster than the work (issue 12, point 7), as a
//! plain bench binary: loading a project of 200,000 labels and 200,000
//! annotations; importing 2,000 doccano spans counted in grapheme clusters
//! over a 2 MB article; importing 2,000 W3C quotes of the same words, told
//! apart only by their prefix. Each workload is built in memory.
//!
//! `cargo bench --bench costs` prints the median, min and max of several
//! runs for each. BENCHMARKS.md records the figures. Run without `--bench`
//! (`cargo test --benches`), it only says so.

mod common;
use common::measure;

use std::path::Path;

use diptych::io::corpus::Corpus;
use diptych::io::import::{ImportFormat, ImportSettings, plan_bytes};
use diptych::io::project_file;
use diptych::io::workspace::Workspace;
use diptych::model::{DocRecord, Document, DocumentId, Project, SourceFormat};
use serde_json::json;
use unicode_segmentation::UnicodeSegmentation;

/// The RON of a project with `n` labels and `n` annotations, each
/// annotation using another label (as `scripts/bench/big_labels.py`).
fn big_labels_ron(n: usize) -> String {
    let mut out = String::from(
        "(\n  format: \"diptych-project\",\n  version: 1,\n  name: \"Big labels\",\n  corpus: \"corpus\",\n  labels: [\n",
    );
    for i in 0..n {
        out.push_str(&format!(
            "    (id: \"l{i}\", name: \"Label {i}\", color: \"#e8a33d\", key: None),\n"
        ));
    }
    out.push_str("  ],\n  documents: [\n    (id: \"a.txt\", title: \"Title\", hash: \"\", format: Text, fields: (sentiment: None, status: ToDo, note: \"\")),\n  ],\n  annotations: [\n");
    for i in 0..n {
        out.push_str(&format!(
            "    (id: {}, document: \"a.txt\", span: (0, 5), label: \"l{}\", sentiment: None, target: None, note: \"\", annotator: \"x\", created: \"2026-11-22T08:00:00Z\", modified: \"2026-11-22T08:00:00Z\", status: Accepted, quote: (exact: \"Title\", prefix: \"\", suffix: \"\\nThe body of the article, with eno\")),\n",
            i + 1,
            n - 1 - i
        ));
    }
    out.push_str("  ],\n  links: [],\n)\n");
    out
}

/// A workspace (not saved) over one article `a.txt` holding `text`.
fn workspace_of(text: &str) -> Workspace {
    let doc = Document::new(
        DocumentId::from("a.txt"),
        "Title".to_owned(),
        text,
        SourceFormat::Text,
        "UTF-8",
    );
    let mut project = Project::new("bench", "corpus");
    project
        .documents
        .insert(doc.id.clone(), DocRecord::of(&doc));
    let mut corpus = Corpus {
        root: "corpus".into(),
        ..Default::default()
    };
    corpus.insert(doc);
    Workspace {
        path: None,
        project,
        corpus,
        view: Default::default(),
    }
}

/// A 2 MB article of accents and ZWJ emoji families, and a doccano line of
/// 2,000 spans over it counted in grapheme clusters (as
/// `scripts/bench/grapheme_import.py`).
fn grapheme_workload() -> (String, Vec<u8>) {
    let unit = "Analysts said the deal, café and naïve 👩‍👩‍👧 were fine. ";
    let text = format!("Title\n{}", unit.repeat(2_000_000 / unit.len()));
    let step = text.graphemes(true).count() / 2100;
    let labels: Vec<_> = (0..2000)
        .map(|k| json!([k * step + 10, k * step + 15, "Claim"]))
        .collect();
    let record =
        json!({"text": &text, "label": labels, "document": "a.txt", "offset_unit": "grapheme"});
    (text, format!("{record}\n").into_bytes())
}

/// A 2 MB article in which "the deal" occurs 58,824 times, and a W3C
/// collection of 2,000 annotations quoting it, told apart only by their
/// prefix, whose positions drifted (as `scripts/bench/w3c_quotes.py`).
fn w3c_workload() -> (String, Vec<u8>) {
    let mut text = String::from("Title\n");
    let mut count = 0;
    while text.len() < 2_000_000 {
        text.push_str(&format!("Item {count:07} says the deal holds. "));
        count += 1;
    }
    let items: Vec<_> = (0..2000)
        .map(|k| {
            let prefix = format!("Item {:07} says ", k * (count / 2000));
            // The text is ASCII: its code points are its bytes.
            let start = text.find(&prefix).unwrap() + prefix.len();
            json!({
                "id": format!("urn:x:{k}"), "type": "Annotation", "motivation": "classifying",
                "body": [{"type": "TextualBody", "purpose": "classifying", "value": "Claim"}],
                "target": {"source": "a.txt", "selector": [
                    {"type": "TextQuoteSelector", "exact": "the deal", "prefix": prefix, "suffix": " holds."},
                    {"type": "TextPositionSelector", "start": start + 3, "end": start + 11},
                ]},
            })
        })
        .collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
        "label": "x", "total": items.len(),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    (text, collection.to_string().into_bytes())
}

/// Plans the import of `file` into `workspace`; checks that all 2,000
/// annotations land.
fn import_all(workspace: &Workspace, format: ImportFormat, file: &[u8]) {
    let plan = plan_bytes(
        workspace,
        format,
        file,
        Path::new("bench.json"),
        &ImportSettings::default(),
    )
    .unwrap();
    assert_eq!(
        plan.report.annotations,
        2000,
        "{:?}",
        plan.report.skipped.first()
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("costs: run with `cargo bench --bench costs`");
        return;
    }
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let ron = big_labels_ron(200_000);
    println!("project: {:.1} MB of RON", ron.len() as f64 / 1e6);
    measure("load: 200,000 labels + 200,000 annotations", 5, || {
        let project = project_file::from_ron(&ron, Path::new("big.ron")).unwrap();
        assert_eq!(project.labels.labels.len(), 200_000);
        assert_eq!(project.annotations.len(), 200_000);
    });
    drop(ron);

    let (text, file) = grapheme_workload();
    // A fresh document each run: its table of cluster boundaries is built
    // on first use and kept, and building it is part of the cost.
    let mut fresh: Vec<Workspace> = (0..11).map(|_| workspace_of(&text)).collect();
    measure("import doccano: 2,000 grapheme spans over 2 MB", 10, || {
        import_all(&fresh.pop().unwrap(), ImportFormat::Doccano, &file);
    });

    let (text, file) = w3c_workload();
    let workspace = workspace_of(&text);
    measure(
        "import W3C: 2,000 quotes among 58,824 occurrences",
        10,
        || {
            import_all(&workspace, ImportFormat::W3c, &file);
        },
    );
}
