//! `conll`: token-level BIO tags in CoNLL-2003 columns.
//!
//! ```text
//! -DOCSTART- -X- -X- O
//!
//! OpenAI -X- _ B-Claim
//! signed -X- _ I-Claim
//! . -X- _ O
//!
//! -DOCSTART- -X- -X- O
//! ```
//!
//! Columns: token, part of speech (`-X-`, none), chunk (`_`, none), tag.
//! Tokens and sentences come from [`super::tokens`]; a blank line ends each
//! sentence, and `-DOCSTART-` starts each document. A token belongs to a span
//! when they overlap. BIO cannot nest: where spans overlap, the one that
//! starts first (the longer one on a tie) wins and the other is reported.
//! Spaces in label names become `_`.

use std::path::{Path, PathBuf};

use super::tokens::{sentences, tokens};
use super::{DocExport, ExportError, ExportWarning, Selection};

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    use rayon::prelude::*;
    let sel = &*selection;
    // Tokenising is the work: one document per core, written in order.
    let docs: Vec<(String, Vec<ExportWarning>)> = sel
        .docs
        .par_iter()
        .map(|doc| {
            let mut warnings = Vec::new();
            (document(doc, &mut warnings), warnings)
        })
        .collect();
    let file = sel.write_file(out, |w| {
        for (i, (lines, _)) in docs.iter().enumerate() {
            w.write_all(b"-DOCSTART- -X- -X- O\n\n")?;
            w.write_all(lines.as_bytes())?;
            sel.progress(i + 1);
        }
        Ok(())
    })?;
    selection
        .warnings
        .extend(docs.into_iter().flat_map(|(_, warnings)| warnings));
    selection.links_written = Some(0);
    Ok(vec![file])
}

/// The token lines of one document, a blank line after each sentence.
fn document(doc: &DocExport<'_>, warnings: &mut Vec<ExportWarning>) -> String {
    let text = doc.text;
    let warn =
        |warnings: &mut Vec<ExportWarning>, a: &crate::model::Annotation, message: String| {
            warnings.push(ExportWarning {
                document: Some(doc.doc.id.clone()),
                annotation: Some(a.id),
                message,
            });
        };
    // One layer of non-overlapping spans: earliest start, then longest.
    let mut order: Vec<_> = doc.spans.iter().collect();
    order.sort_by_key(|s| {
        (
            s.annotation.span.start,
            std::cmp::Reverse(s.annotation.span.end),
        )
    });
    let mut layer: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for span in order {
        let range = span.annotation.span.range();
        if range.is_empty() {
            continue;
        }
        if let Some((last, _)) = layer.last()
            && range.start < last.end
        {
            warn(
                warnings,
                span.annotation,
                format!(
                    "overlaps another span; BIO tags cannot nest, so this {} is not tagged",
                    span.label
                ),
            );
            continue;
        }
        layer.push((
            range,
            span.label.split_whitespace().collect::<Vec<_>>().join("_"),
        ));
    }
    let toks = tokens(text);
    // Report spans whose ends cut through a token.
    for span in &doc.spans {
        let r = span.annotation.span.range();
        let cut = toks
            .iter()
            .any(|t| (t.start < r.start && r.start < t.end) || (t.start < r.end && r.end < t.end));
        if cut {
            warn(
                warnings,
                span.annotation,
                "starts or ends inside a token; the whole token is tagged".to_owned(),
            );
        }
    }
    let mut out = String::new();
    let mut next_tok = 0;
    let mut span_at = 0;
    let mut open: Option<usize>; // Index into `layer` of the span tagged last.
    for sentence in sentences(text) {
        let mut any = false;
        // Each sentence is its own sequence: a span that goes on starts again with B-.
        open = None;
        while next_tok < toks.len() && toks[next_tok].start < sentence.end {
            let tok = toks[next_tok].clone();
            next_tok += 1;
            if tok.end <= sentence.start {
                continue;
            }
            while span_at < layer.len() && layer[span_at].0.end <= tok.start {
                span_at += 1;
            }
            let tag = match layer.get(span_at) {
                Some((r, label)) if r.start < tok.end => {
                    let first = open != Some(span_at);
                    open = Some(span_at);
                    format!("{}-{label}", if first { 'B' } else { 'I' })
                }
                _ => {
                    open = None;
                    "O".to_owned()
                }
            };
            out.push_str(&text[tok]);
            out.push_str(" -X- _ ");
            out.push_str(&tag);
            out.push('\n');
            any = true;
        }
        if any {
            out.push('\n');
        }
    }
    out
}
