//! `w3c`: W3C Web Annotation Data Model, JSON-LD.
//!
//! One `AnnotationCollection` whose single page holds every annotation:
//!
//! ```text
//! {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
//!  "label": "project name", "total": 2,
//!  "first": {"type": "AnnotationPage", "startIndex": 0, "items": [
//!    {"id": "urn:diptych:annotation:12", "type": "Annotation", "motivation": "classifying",
//!     "creator": {"type": "Person", "name": "sample"}, "created": "…", "modified": "…",
//!     "body": [{"type": "TextualBody", "purpose": "classifying", "value": "Claim"},
//!              {"type": "TextualBody", "purpose": "assessing", "value": "negative"},
//!              {"type": "TextualBody", "purpose": "identifying", "value": "OpenAI"},
//!              {"type": "TextualBody", "purpose": "commenting", "value": "…"}],
//!     "target": {"source": "a.txt", "selector": [
//!        {"type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…"},
//!        {"type": "TextPositionSelector", "start": 3, "end": 9}]}},
//!    {"id": "urn:diptych:link:1", "type": "Annotation", "motivation": "linking",
//!     "body": [{"type": "TextualBody", "purpose": "tagging", "value": "same-claim"},
//!              {"id": "urn:diptych:annotation:35"}],
//!     "target": "urn:diptych:annotation:12"}]}}
//! ```
//!
//! The model counts code points in `TextPositionSelector`; the quote carries
//! 32 characters of context each side (what `Quote::capture` keeps), so that
//! a reader can re-anchor it when positions drift. `source` is the document
//! id as a relative IRI (percent-encoded where needed). A suggestion adds
//! `"diptych:suggested": {"source": …, "score": …}`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{ExportError, Selection, SpanExport};
use crate::model::{AnnotationStatus, Quote};

/// The JSON-LD context of the Web Annotation vocabulary.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The IRI of an annotation.
pub fn annotation_iri(id: u64) -> String {
    format!("urn:diptych:annotation:{id}")
}

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let mut items: Vec<Value> = Vec::new();
    for doc in &sel.docs {
        for span in &doc.spans {
            items.push(annotation(doc.text, doc.doc.id.as_str(), span));
        }
    }
    for link in &sel.links {
        let mut body =
            vec![json!({"type": "TextualBody", "purpose": "tagging", "value": link.kind.name()})];
        body.push(json!({ "id": annotation_iri(link.to.0) }));
        if !link.note.is_empty() {
            body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": link.note}));
        }
        items.push(json!({
            "id": format!("urn:diptych:link:{}", link.id.0),
            "type": "Annotation",
            "motivation": "linking",
            "body": body,
            "target": annotation_iri(link.from.0),
        }));
    }
    let collection = json!({
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": sel.project.name,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let file = sel.write_file(out, |w| {
        serde_json::to_writer_pretty(&mut *w, &collection)?;
        w.write_all(b"\n")
    })?;
    sel.progress(sel.docs.len());
    Ok(vec![file])
}

fn annotation(text: &str, source: &str, span: &SpanExport<'_>) -> Value {
    let a = span.annotation;
    let quote = Quote::capture(text, a.span);
    let textual = |purpose: &str, value: &str| json!({"type": "TextualBody", "purpose": purpose, "value": value});
    let mut body = vec![textual("classifying", span.label)];
    if let Some(s) = a.sentiment {
        body.push(textual("assessing", s.name()));
    }
    if let Some(target) = a.target.as_deref().filter(|t| !t.is_empty()) {
        body.push(textual("identifying", target));
    }
    if !a.note.is_empty() {
        body.push(textual("commenting", &a.note));
    }
    let mut value = json!({
        "id": annotation_iri(a.id.0),
        "type": "Annotation",
        "motivation": "classifying",
        "created": a.created.to_string(),
        "modified": a.modified.to_string(),
        "body": body,
        "target": {
            "source": iri_path(source),
            "selector": [
                {"type": "TextQuoteSelector", "exact": quote.exact(), "prefix": quote.prefix(), "suffix": quote.suffix()},
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            ],
        },
    });
    if !a.annotator.is_empty() {
        value["creator"] = json!({"type": "Person", "name": a.annotator});
    }
    if let AnnotationStatus::Suggested { source, score } = &a.status {
        value["diptych:suggested"] =
            json!({"source": source, "score": (f64::from(*score) * 1000.0).round() / 1000.0});
    }
    value
}

/// A document id as a relative IRI: characters outside the unreserved set,
/// `/` and non-ASCII are percent-encoded (`#` in `a.jsonl#2` becomes `%23`).
pub fn iri_path(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || "-._~/".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The inverse of [`iri_path`] (any percent-escape decoded).
pub fn iri_path_decode(iri: &str) -> String {
    let bytes = iri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = iri.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_round_trip() {
        for id in ["a/b.txt", "x.jsonl#2", "dir with space/é.txt", "100%.md"] {
            let iri = iri_path(id);
            assert!(!iri.contains([' ', '#']), "{iri}");
            assert_eq!(iri_path_decode(&iri), id);
        }
    }
}
