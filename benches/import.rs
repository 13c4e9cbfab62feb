//! Folder import and project file benchmarks (a plain bench binary).
//!
//! `cargo bench --bench import` prints the median, min and max of several
//! runs for each workload. BENCHMARKS.md records the figures.

mod common;
use common::measure;

use std::fs;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use diptych::io::corpus::{ImportOptions, load_folder};
use diptych::io::project_file;
use diptych::model::{Annotation, AnnotationId, DocRecord, Document, LabelId, Project, Span};

const SENTENCES: [&str; 6] = [
    "OpenAI signed a new contract with Amazon Web Services last Friday, according to two people familiar with the matter. ",
    "The company’s “strategic path” runs through government contracts — a springboard into enterprise sales. ",
    "U.S. mobile uninstalls of ChatGPT surged 295% on February 28 compared to the previous day. ",
    "Analysts said the deal was worth “several million dollars” over 15 months 📈. ",
    "市场有风险，投资需谨慎。本文不构成个人投资建议。 ",
    "Café owners in São Paulo reacted with a shrug; the naïve view is that nothing changes. ",
];

/// Writes `n` articles of about 3 KB each, in 100 sub-folders.
fn make_corpus(root: &Path, n: usize) {
    for i in 0..n {
        let dir = root.join(format!("batch-{:03}", i / 100));
        if i % 100 == 0 {
            fs::create_dir_all(&dir).unwrap();
        }
        let mut text = format!("Article {i}: OpenAI and AWS\n");
        let mut k = i;
        while text.len() < 3000 {
            text.push_str(SENTENCES[k % SENTENCES.len()]);
            if k % 4 == 0 {
                text.push('\n');
            }
            k += 7;
        }
        fs::write(dir.join(format!("{i:05}.txt")), text).unwrap();
    }
}

/// A project with `n` annotations spread over the documents of `corpus`.
fn big_project(docs: &[Document], n: usize) -> Project {
    let mut project = Project::new("bench", "corpus");
    for doc in docs {
        project.documents.insert(doc.id.clone(), DocRecord::of(doc));
    }
    let when: jiff::Timestamp = "2026-11-22T08:00:00Z".parse().unwrap();
    for i in 0..n {
        let doc = &docs[i % docs.len()];
        let start = diptych::model::text::floor_char_boundary(
            &doc.text(),
            (i * 37) % (doc.byte_len() - 80),
        );
        let end = diptych::model::text::floor_char_boundary(&doc.text(), start + 60);
        let span = Span::new(&doc.text(), start, end).unwrap();
        let id = AnnotationId(i as u64 + 1);
        project.annotations.insert(
            id,
            Annotation::new(
                id,
                doc.id.clone(),
                &doc.text(),
                span,
                LabelId::from("claim"),
                "bench",
                when,
            ),
        );
    }
    project
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    make_corpus(&root, 10_000);
    let options = ImportOptions::default();
    let cancel = AtomicBool::new(false);
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut docs = Vec::new();
    measure("load_folder: 10,000 articles x ~3 KB", 10, || {
        let corpus = load_folder(&root, &options, &|_| {}, &cancel).unwrap();
        assert_eq!(corpus.documents.len(), 10_000);
        docs = corpus.documents.into_values().collect();
    });
    let project = big_project(&docs, 100_000);
    let text = project_file::to_ron(&project);
    println!(
        "project with 100,000 annotations: {:.1} MB of RON",
        text.len() as f64 / 1e6
    );
    measure("project_file::to_ron: 100,000 annotations", 5, || {
        assert!(!project_file::to_ron(&project).is_empty());
    });
    measure("project_file::from_ron: 100,000 annotations", 5, || {
        let back = project_file::from_ron(&text, Path::new("bench.ron")).unwrap();
        assert_eq!(back.annotations.len(), 100_000);
    });
    let save_path = dir.path().join("bench.ron");
    measure("project_file::save (atomic, fsync): 100,000", 5, || {
        project_file::save(&project, &Default::default(), &save_path).unwrap();
    });
    let big: String = docs
        .iter()
        .take(350)
        .map(|d| d.text().to_string())
        .collect();
    measure("OffsetIndex::new on 1 MB", 20, || {
        std::hint::black_box(diptych::model::OffsetIndex::new(&big));
    });
    let index = diptych::model::OffsetIndex::new(&big);
    measure(
        "1,000,000 byte->codepoint conversions, 1 MB text",
        5,
        || {
            let mut sum = 0;
            for i in 0..1_000_000usize {
                let byte = diptych::model::text::floor_char_boundary(&big, (i * 7919) % big.len());
                sum += index.byte_to_char(&big, diptych::model::ByteOffset(byte)).0;
            }
            std::hint::black_box(sum);
        },
    );
}
