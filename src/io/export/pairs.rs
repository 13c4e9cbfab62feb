//! `pairs`: a claim-pair dataset, one JSON line per link across documents.
//!
//! ```text
//! {"link":1,"relation":"same-claim","text_a":"…","text_b":"…","document_a":"a.txt",
//!  "document_b":"b.txt","span_a":12,"span_b":35,"start_a":3,"end_a":9,"start_b":…,
//!  "label_a":"Claim","label_b":"Claim","sentiment_a":…,"sentiment_b":…,"target_a":…,
//!  "target_b":…,"note":"","offset_unit":"codepoint"}
//! ```
//!
//! `a` is the link's `from` end, `b` its `to` end. Links within one document
//! are left out (counted in the report's warnings).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{ExportError, Selection, SpanExport, sentiment_name};
use crate::model::OffsetUnit;

#[derive(Serialize)]
struct Pair<'a> {
    link: u64,
    relation: &'static str,
    text_a: &'a str,
    text_b: &'a str,
    document_a: &'a str,
    document_b: &'a str,
    span_a: u64,
    span_b: u64,
    start_a: usize,
    end_a: usize,
    start_b: usize,
    end_b: usize,
    label_a: &'a str,
    label_b: &'a str,
    sentiment_a: Option<&'static str>,
    sentiment_b: Option<&'static str>,
    target_a: Option<&'a str>,
    target_b: Option<&'a str>,
    note: &'a str,
    offset_unit: OffsetUnit,
}

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let mut pairs = Vec::new();
    let mut same_document = 0;
    for link in &sel.links {
        let (Some((doc_a, a)), Some((doc_b, b))) = (sel.span(link.from), sel.span(link.to)) else {
            continue;
        };
        if doc_a.doc.id == doc_b.doc.id {
            same_document += 1;
            continue;
        }
        let (da, db): (&SpanExport<'_>, &SpanExport<'_>) = (a, b);
        pairs.push(Pair {
            link: link.id.0,
            relation: link.kind.name(),
            text_a: da.text,
            text_b: db.text,
            document_a: doc_a.doc.id.as_str(),
            document_b: doc_b.doc.id.as_str(),
            span_a: link.from.0,
            span_b: link.to.0,
            start_a: da.start,
            end_a: da.end,
            start_b: db.start,
            end_b: db.end,
            label_a: da.label,
            label_b: db.label,
            sentiment_a: sentiment_name(da.annotation.sentiment),
            sentiment_b: sentiment_name(db.annotation.sentiment),
            target_a: da.annotation.target.as_deref(),
            target_b: db.annotation.target.as_deref(),
            note: &link.note,
            offset_unit: sel.unit,
        });
    }
    let file = sel.write_file(out, |w| {
        for pair in &pairs {
            serde_json::to_writer(&mut *w, pair)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })?;
    let written = pairs.len();
    drop(pairs);
    if same_document > 0 {
        selection.warn(
            None,
            None,
            format!(
                "{same_document} link(s) within one document left out (pairs are across documents)"
            ),
        );
    }
    selection.links_written = Some(written);
    selection.progress(selection.docs.len());
    Ok(vec![file])
}
