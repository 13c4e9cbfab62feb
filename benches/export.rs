//! Export benchmarks (a plain bench binary).
//!
//! `cargo bench --bench export` prints the median, min and max of several
//! runs for each workload. BENCHMARKS.md records the figures.

mod common;
use common::measure;

use std::path::Path;

use diptych::io::corpus::Corpus;
use diptych::io::export::{ExportOptions, Format, export};
use diptych::io::workspace::Workspace;
use diptych::model::{
    Annotation, AnnotationId, DocRecord, Document, DocumentId, LabelId, Link, LinkId, LinkKind,
    OffsetUnit, Project, Sentiment, SourceFormat, Span,
};

const SENTENCES: [&str; 6] = [
    "OpenAI signed a new contract with Amazon Web Services last Friday, according to two people familiar with the matter. ",
    "The company’s “strategic path” runs through government contracts — a springboard into enterprise sales. ",
    "U.S. mobile uninstalls of ChatGPT surged 295% on February 28 compared to the previous day. ",
    "Analysts said the deal was worth “several million dollars” over 15 months 📈. ",
    "市场有风险，投资需谨慎。本文不构成个人投资建议。 ",
    "Café owners in São Paulo reacted with a shrug; the naïve view is that nothing changes. ",
];

/// `docs` documents of ~3 KB and `spans` annotations spread over them, with
/// a sentiment, a target and a note on every other span, and 10,000 links.
fn workspace(docs: usize, spans: usize) -> Workspace {
    let mut project = Project::new("bench", "/nonexistent/corpus");
    let mut corpus = Corpus {
        root: "/nonexistent/corpus".into(),
        ..Corpus::default()
    };
    let mut documents = Vec::new();
    for i in 0..docs {
        let mut text = format!("Article {i}: OpenAI and AWS\n");
        let mut k = i;
        while text.len() < 3000 {
            text.push_str(SENTENCES[k % SENTENCES.len()]);
            if k % 4 == 0 {
                text.push('\n');
            }
            k += 7;
        }
        let doc = Document::new(
            DocumentId(format!("batch-{:03}/{i:05}.txt", i / 100).into()),
            format!("Article {i}"),
            text,
            SourceFormat::Text,
            "UTF-8",
        );
        project
            .documents
            .insert(doc.id.clone(), DocRecord::of(&doc));
        documents.push(doc.clone());
        corpus.documents.insert(doc.id.clone(), doc);
    }
    let when: jiff::Timestamp = "2026-11-22T08:00:00Z".parse().unwrap();
    for i in 0..spans {
        let doc = &documents[i % documents.len()];
        let text = &doc.text();
        let start = diptych::model::text::floor_char_boundary(text, (i * 37) % (text.len() - 80));
        let end = diptych::model::text::floor_char_boundary(text, start + 60);
        let span = Span::new(text, start, end).unwrap();
        let id = AnnotationId(i as u64 + 1);
        let rich = i % 2 == 0;
        project.annotations.insert(
            id,
            Annotation {
                sentiment: rich.then_some(Sentiment::ALL[i % 4]),
                target: rich.then(|| "OpenAI".to_owned()),
                note: if rich {
                    "checked against the wire text".into()
                } else {
                    String::new()
                },
                ..Annotation::new(
                    id,
                    doc.id.clone(),
                    text,
                    span,
                    LabelId::from(["claim", "disclaimer", "boilerplate"][i % 3]),
                    "bench",
                    when,
                )
            },
        );
    }
    for i in 0..spans.min(20_000) / 2 {
        let id = LinkId(i as u64 + 1);
        project.links.insert(
            id,
            Link {
                id,
                from: AnnotationId(2 * i as u64 + 1),
                to: AnnotationId(2 * i as u64 + 2),
                kind: LinkKind::SameClaim,
                note: String::new(),
            },
        );
    }
    Workspace {
        path: None,
        project,
        corpus,
        view: Default::default(),
    }
}

fn run(ws: &Workspace, format: Format, options: &ExportOptions, out: &Path) -> usize {
    let report = export(ws, format, options, out, &|_, _| {}).unwrap();
    report.spans
}

fn main() {
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let ws = workspace(10_000, 100_000);
    let dir = tempfile::tempdir().unwrap();
    let default = ExportOptions::default();
    let out = dir.path().join("bench.jsonl");
    measure(
        "export jsonl: 100,000 spans, 10,000 docs x ~3 KB",
        7,
        || {
            assert_eq!(run(&ws, Format::Jsonl, &default, &out), 100_000);
        },
    );
    println!(
        "  jsonl output: {:.1} MB",
        std::fs::metadata(&out).unwrap().len() as f64 / 1e6
    );
    let utf16 = ExportOptions {
        offsets: Some(OffsetUnit::Utf16),
        ..ExportOptions::default()
    };
    measure("export jsonl, UTF-16 offsets: 100,000 spans", 5, || {
        assert_eq!(run(&ws, Format::Jsonl, &utf16, &out), 100_000);
    });
    for (format, name) in [
        (Format::Csv, "export csv: 100,000 spans"),
        (Format::Doccano, "export doccano (UTF-16): 100,000 spans"),
        (
            Format::Parquet,
            "export parquet: 100,000 spans + 10,000 documents",
        ),
        (Format::Conll, "export conll: 10,000 docs, 100,000 spans"),
    ] {
        let out = dir.path().join(format!("bench.{}", format.extension()));
        measure(name, 3, || {
            assert_eq!(run(&ws, format, &default, &out), 100_000);
        });
    }
}
