//! Rebuilds `projects/seeds.ron` from the analyst's spec in `tests/data/seeds_spec.json`.
//!
//! The spec lists each annotation by its exact quote, so the offsets are
//! computed here from the decoded text and never typed by hand. Run:
//! `cargo run --example make_sample`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use diptych::io::workspace::Workspace;
use diptych::model::{
    Annotation, AnnotationId, DocFields, DocStatus, DocumentId, Edit, History, Link, LinkKind,
    Sentiment, Span,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Spec {
    documents: BTreeMap<String, DocSpec>,
    spans: Vec<SpanSpec>,
}

#[derive(Deserialize)]
struct DocSpec {
    status: String,
    sentiment: Option<String>,
    note: String,
}

#[derive(Deserialize)]
struct SpanSpec {
    doc: String,
    quote: String,
    occurrence: usize,
    label: String,
    sentiment: Option<String>,
    target: Option<String>,
    note: String,
    key: Option<String>,
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec: Spec = serde_json::from_str(&std::fs::read_to_string(
        root.join("tests/data/seeds_spec.json"),
    )?)?;
    let mut ws = Workspace::from_folder_blocking(&root.join("seeds"))?;
    ws.project.name = "Seeds: OpenAI and AWS, two versions".to_owned();
    ws.view.open = ws.corpus.documents.keys().cloned().collect();
    let when: jiff::Timestamp = "2026-11-22T08:00:00Z".parse()?;
    let mut history = History::default();
    let mut keyed: BTreeMap<String, Vec<AnnotationId>> = BTreeMap::new();
    for (doc, d) in &spec.documents {
        let status = match d.status.as_str() {
            "done" => DocStatus::Done,
            "in progress" => DocStatus::InProgress,
            _ => DocStatus::ToDo,
        };
        let fields = DocFields {
            sentiment: d.sentiment.as_deref().and_then(Sentiment::parse),
            status,
            note: d.note.clone(),
        };
        history.apply(
            &mut ws.project,
            Edit::SetDocFields {
                document: DocumentId::from(doc.as_str()),
                fields,
            },
        )?;
    }
    for s in &spec.spans {
        let id = DocumentId::from(s.doc.as_str());
        let doc = ws
            .corpus
            .get(&id)
            .with_context(|| format!("no document {}", s.doc))?;
        let Some((start, _)) = doc.text().match_indices(&s.quote).nth(s.occurrence - 1) else {
            bail!("quote not found in {}: {:?}", s.doc, s.quote);
        };
        let span = Span::new(&doc.text(), start, start + s.quote.len())?;
        let label = ws
            .project
            .labels
            .by_name(&s.label)
            .with_context(|| format!("no label {}", s.label))?
            .id
            .clone();
        let annotation = Annotation {
            sentiment: s.sentiment.as_deref().and_then(Sentiment::parse),
            target: s.target.clone(),
            note: s.note.clone(),
            ..Annotation::new(
                ws.project.next_annotation_id(),
                id,
                &doc.text(),
                span,
                label,
                "sample",
                when,
            )
        };
        if let Some(key) = &s.key {
            keyed.entry(key.clone()).or_default().push(annotation.id);
        }
        history.apply(&mut ws.project, Edit::AddAnnotation(Box::new(annotation)))?;
    }
    for (key, ids) in keyed {
        let [from, to] = ids[..] else {
            bail!("key {key} is used {} times, expected 2", ids.len());
        };
        let link = Link {
            id: ws.project.next_link_id(),
            from,
            to,
            kind: LinkKind::SameClaim,
            note: String::new(),
        };
        history.apply(&mut ws.project, Edit::AddLink(link))?;
    }
    let out = root.join("projects/seeds.ron");
    ws.save_as(&out)?;
    let _ = std::fs::remove_file(diptych::io::atomic::backup_path(&out));
    println!(
        "wrote {} ({} annotations, {} links)",
        out.display(),
        ws.project.annotations.len(),
        ws.project.links.len()
    );
    Ok(())
}
