//! How the rules read a document: as *units*, its paragraphs (non-blank
//! lines) with code fences trimmed off, a heading glued to its body
//! ("Risk Warning and DisclaimerThe market …") split into two units.

use crate::analysis::segment::{self, GluedBody};
use crate::model::Span;

/// A unit of reading: a paragraph, or one side of a glued heading.
#[derive(Clone, Debug)]
pub(super) struct Unit {
    pub(super) span: Span,
    /// Index of the paragraph (non-blank line) it comes from.
    pub(super) paragraph: usize,
    /// The heading half of a glued heading.
    pub(super) glued_heading: bool,
    /// A line of nothing but a code fence ("```").
    pub(super) fence: bool,
}

/// The units of `text`, in text order.
pub(super) fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for (paragraph, para) in segment::paragraphs(text).into_iter().enumerate() {
        let Some(span) = clean_span(text, para.start.0, para.end.0) else {
            out.push(Unit {
                span: para,
                paragraph,
                glued_heading: false,
                fence: true,
            });
            continue;
        };
        // A heading glued to its body; after a notice heading ("Risk
        // Warning") the body may start with any capitalised word.
        if let Some(cut) = segment::glued_heading(&text[span.range()], GluedBody::AnyAfterNotice)
            .map(|at| span.start.0 + at)
            && let (Some(head), Some(body)) = (
                clean_span(text, span.start.0, cut),
                clean_span(text, cut, span.end.0),
            )
        {
            out.push(Unit {
                span: head,
                paragraph,
                glued_heading: true,
                fence: false,
            });
            out.push(Unit {
                span: body,
                paragraph,
                glued_heading: false,
                fence: false,
            });
            continue;
        }
        out.push(Unit {
            span,
            paragraph,
            glued_heading: false,
            fence: false,
        });
    }
    out
}

/// The span of `text[start..end]` without surrounding whitespace and code
/// fences (runs of backticks or tildes); `None` when nothing is left.
pub fn clean_span(text: &str, start: usize, end: usize) -> Option<Span> {
    let is_edge = |c: char| c.is_whitespace() || c == '`' || c == '~';
    let slice = &text[start..end];
    let trimmed_start = slice.trim_start_matches(is_edge);
    let s = start + (slice.len() - trimmed_start.len());
    let trimmed = trimmed_start.trim_end_matches(is_edge);
    (!trimmed.is_empty()).then(|| Span::from((s, s + trimmed.len())))
}

/// Sentences of `span` (see `segment::sentences`), without code fences, as byte spans.
pub fn sentences_in(text: &str, span: Span) -> Vec<Span> {
    let base = span.start.0;
    segment::sentences(&text[span.range()])
        .into_iter()
        .filter_map(|s| clean_span(text, base + s.start.0, base + s.end.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_span_trims_fences_and_space() {
        let text = "  ```abc``` ";
        let span = clean_span(text, 0, text.len()).unwrap();
        assert_eq!(&text[span.range()], "abc");
        assert_eq!(clean_span("``` ", 0, 4), None);
    }
}
