//! `spacy`: the span JSONL that spaCy projects and Prodigy read.
//!
//! ```text
//! {"text":"…","spans":[{"start":3,"end":9,"label":"Claim"}],
//!  "meta":{"document":"a.txt","title":"…","offset_unit":"codepoint"}}
//! ```
//!
//! Offsets are code points, what `Doc.char_span` takes. A `.spacy` DocBin
//! comes from `python scripts/to_docbin.py export.jsonl out.spacy`, which
//! lists every span that does not align to spaCy's tokens. Here a span is
//! reported when one of its ends is not at whitespace or next to
//! punctuation ([`super::tokens::is_token_boundary`]): spaCy's tokeniser will
//! not put a token boundary there.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::tokens::is_token_boundary;
use super::{ExportError, Selection};

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let mut misaligned = Vec::new();
    let file = sel.write_file(out, |w| {
        for (i, doc) in sel.docs.iter().enumerate() {
            let text = doc.text;
            let spans: Vec<_> = doc
                .spans
                .iter()
                .map(|s| json!({"start": s.start, "end": s.end, "label": s.label}))
                .collect();
            for s in &doc.spans {
                let span = s.annotation.span;
                if !is_token_boundary(text, span.start.0) || !is_token_boundary(text, span.end.0) {
                    misaligned.push((doc.doc.id.clone(), s.annotation.id, s.text.to_owned()));
                }
            }
            let line = json!({
                "text": text,
                "spans": spans,
                "meta": {
                    "document": doc.doc.id.as_str(),
                    "title": doc.doc.title,
                    "offset_unit": "codepoint",
                },
            });
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
            sel.progress(i + 1);
        }
        Ok(())
    })?;
    for (doc, id, text) in misaligned {
        let short: String = text.chars().take(40).collect();
        selection.warn(
            Some(&doc),
            Some(id),
            format!("{short:?} does not start and end on a spaCy token boundary; doc.char_span will not align it"),
        );
    }
    selection.links_written = Some(0);
    Ok(vec![file])
}
