//! `jsonl`, Diptych's own format: one JSON line per document.
//!
//! ```text
//! {"id":"a.txt","path":"a.txt","title":"…","text":"…","hash":"…","status":"done",
//!  "sentiment":"mixed","note":"…","offset_unit":"codepoint",
//!  "spans":[{"id":12,"start":3,"end":9,"label":"Claim","text":"…",…}],
//!  "links":[{"id":1,"from":12,"to":35,"from_document":"a.txt","to_document":"b.txt","kind":"same-claim","note":""}]}
//! ```
//!
//! A link is listed once, on the line of the document its `from` span is in.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::json_text::push_json_str;
use super::{
    DocExport, ExportError, Selection, SpanExport, made_ahead, sentiment_name, status_name,
};
use crate::model::{Link, OffsetUnit};

/// How many lines are serialised at once (about 1.5 MB of news articles),
/// while the ones before are written.
const LINES_PER_BATCH: usize = 256;

/// A line's fields before its text: serialised by serde_json, the text by
/// [`push_json_str`] (most of a line's bytes), the rest by serde_json again.
#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
}

/// A line's fields after its text.
#[derive(Serialize)]
struct Tail<'a> {
    hash: &'a str,
    status: &'static str,
    sentiment: Option<&'static str>,
    note: &'a str,
    offset_unit: OffsetUnit,
    spans: Vec<SpanOut<'a>>,
    links: Vec<LinkOut<'a>>,
}

/// A span as written by `jsonl` (and, flattened, by other formats).
#[derive(Serialize)]
pub(crate) struct SpanOut<'a> {
    pub id: u64,
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub text: &'a str,
    pub sentiment: Option<&'static str>,
    pub target: Option<&'a str>,
    pub note: &'a str,
    pub annotator: &'a str,
    /// "accepted" or "suggested".
    pub status: &'static str,
    /// What suggested the span (also kept once it was accepted), and its score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

impl<'a> SpanOut<'a> {
    pub fn of(span: &SpanExport<'a>) -> Self {
        let a = span.annotation;
        let status = if a.status.is_suggested() {
            "suggested"
        } else {
            "accepted"
        };
        // An accepted suggestion keeps its suggester's source and score.
        let (source, score) = a.suggester().unzip();
        Self {
            id: a.id.0,
            start: span.start,
            end: span.end,
            label: span.label,
            text: span.text,
            sentiment: sentiment_name(a.sentiment),
            target: a.target.as_deref(),
            note: &a.note,
            annotator: &a.annotator,
            status,
            source,
            score,
        }
    }
}

#[derive(Serialize)]
struct LinkOut<'a> {
    id: u64,
    from: u64,
    to: u64,
    from_document: &'a str,
    to_document: &'a str,
    kind: &'static str,
    note: &'a str,
}

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    // Links grouped by the document of their `from` span.
    let mut links_of: Vec<Vec<LinkOut<'_>>> = (0..sel.docs.len()).map(|_| Vec::new()).collect();
    for link in &sel.links {
        if let Some(&(d, _)) = sel.index.get(&link.from) {
            links_of[d].push(link_out(sel, link));
        }
    }
    // Serialising is most of the work: done on every core, a batch of lines
    // at a time, while the lines made before are written.
    let unit = sel.unit;
    let mut links_of = links_of.into_iter();
    let batches = (sel.docs.chunks(LINES_PER_BATCH))
        .map(move |docs| (docs, links_of.by_ref().take(docs.len()).collect::<Vec<_>>()));
    let file = sel.write_file(out, |w| {
        let mut done = 0;
        made_ahead(
            batches,
            |(docs, links): (&[DocExport<'_>], Vec<_>)| {
                Ok((docs.par_iter().zip(links))
                    .map(|(doc, links)| {
                        let mut buf = Vec::with_capacity(doc.text.len() + 1024);
                        push_line(&mut buf, unit, doc, links);
                        buf
                    })
                    .collect::<Vec<_>>())
            },
            |lines| {
                for line in &lines {
                    w.write_all(line)?;
                    done += 1;
                    sel.progress(done);
                }
                Ok(())
            },
        )
    })?;
    Ok(vec![file])
}

fn link_out<'a>(sel: &Selection<'a>, link: &'a Link) -> LinkOut<'a> {
    let doc_of = |id| sel.span(id).map_or("", |(d, _)| d.doc.id.as_str());
    LinkOut {
        id: link.id.0,
        from: link.from.0,
        to: link.to.0,
        from_document: doc_of(link.from),
        to_document: doc_of(link.to),
        kind: link.kind.name(),
        note: &link.note,
    }
}

/// Appends a document's line, as serde_json would write the whole line,
/// and a line break.
fn push_line(buf: &mut Vec<u8>, unit: OffsetUnit, doc: &DocExport<'_>, links: Vec<LinkOut<'_>>) {
    let fields = &doc.record.fields;
    let head = Head {
        id: doc.doc.id.as_str(),
        path: doc.doc.id.file_path(),
        title: &doc.doc.title,
    };
    let tail = Tail {
        hash: &doc.doc.hash.0,
        status: status_name(fields.status),
        sentiment: sentiment_name(fields.sentiment),
        note: &fields.note,
        offset_unit: unit,
        spans: doc.spans.iter().map(SpanOut::of).collect(),
        links,
    };
    serde_json::to_writer(&mut *buf, &head).expect("JSON of plain data");
    // `{"id":…,"title":…}`: the text goes before its closing brace,
    buf.pop();
    buf.extend_from_slice(b",\"text\":");
    push_json_str(buf, doc.text);
    // and the tail's opening brace becomes the comma after the text.
    let brace = buf.len();
    serde_json::to_writer(&mut *buf, &tail).expect("JSON of plain data");
    buf[brace] = b',';
    buf.push(b'\n');
}
