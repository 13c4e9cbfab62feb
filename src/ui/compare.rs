//! Compare mode's model: the paragraph alignment of two panes' texts and
//! the words that differ inside aligned paragraphs, as the panes draw them
//! (built from `analysis::align` and `analysis::word_diff`).

use rayon::prelude::*;

use crate::analysis::word_diff::word_diff;
use crate::model::{Document, DocumentId, Span};

/// The paragraph alignment of two documents and their word differences, for Compare mode.
#[derive(Clone, Debug, Default)]
pub struct CompareView {
    /// The documents compared: side 0, then side 1.
    pub docs: [DocumentId; 2],
    /// Paragraph spans of the left and right document.
    pub a: Vec<Span>,
    pub b: Vec<Span>,
    /// Aligned groups: paragraph indices on each side (1-1, 1-2, 2-1) and the score.
    pub pairs: Vec<(Vec<usize>, Vec<usize>, f32)>,
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
    /// The words of each side that differ from its aligned counterpart:
    /// byte spans into that side's text, sorted and disjoint.
    pub changed: [Vec<Span>; 2],
}

impl CompareView {
    /// The paragraph alignment of `a` and `b`, and the words that differ in
    /// each aligned group (computed once here, never per frame).
    pub fn of(a: &Document, b: &Document) -> Self {
        let (pa, pb, alignment) = crate::analysis::align::align_paragraphs(&a.text(), &b.text());
        let pairs: Vec<(Vec<usize>, Vec<usize>, f32)> = alignment
            .pairs
            .into_iter()
            .map(|p| (p.a, p.b, p.score))
            .collect();
        let changed = changed_words(&a.text(), &pa, &b.text(), &pb, &pairs);
        Self {
            docs: [a.id.clone(), b.id.clone()],
            a: pa,
            b: pb,
            pairs,
            only_a: alignment.only_a,
            only_b: alignment.only_b,
            changed,
        }
    }

    /// The paragraph spans of side `side` (0 = left).
    pub fn side(&self, side: usize) -> &[Span] {
        if side == 0 { &self.a } else { &self.b }
    }
}

/// The words that differ in each aligned group, as spans into each side's
/// text: a group's paragraphs are diffed as one passage (from the first
/// one's start to the last one's end), so a paragraph split in two compares
/// with the whole.
fn changed_words(
    a_text: &str,
    a: &[Span],
    b_text: &str,
    b: &[Span],
    pairs: &[(Vec<usize>, Vec<usize>, f32)],
) -> [Vec<Span>; 2] {
    let passage = |spans: &[Span], group: &[usize]| {
        let first = spans[*group.first()?];
        let last = spans[*group.last()?];
        Some(Span::from((first.start.0, last.end.0)))
    };
    let per_pair: Vec<[Vec<Span>; 2]> = pairs
        .par_iter()
        .filter_map(|(ga, gb, _)| {
            let (sa, sb) = (passage(a, ga)?, passage(b, gb)?);
            let diff = word_diff(&a_text[sa.range()], &b_text[sb.range()]);
            let shift = |spans: Vec<Span>, by: Span| {
                spans
                    .into_iter()
                    .map(|s| Span::from((s.start.0 + by.start.0, s.end.0 + by.start.0)))
                    .collect::<Vec<_>>()
            };
            Some([shift(diff.a, sa), shift(diff.b, sb)])
        })
        .collect();
    let mut changed = [Vec::new(), Vec::new()];
    for [ca, cb] in per_pair {
        changed[0].extend(ca);
        changed[1].extend(cb);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;

    fn doc(id: &str, text: &str) -> Document {
        Document::new(id.into(), id.into(), text, SourceFormat::Text, "UTF-8")
    }

    /// The text of each span of `doc`.
    fn texts(doc: &Document, spans: &[Span]) -> Vec<String> {
        spans
            .iter()
            .map(|s| doc.text()[s.range()].to_owned())
            .collect()
    }

    #[test]
    fn aligned_paragraphs_mark_their_changed_words_in_document_offsets() {
        let a = doc(
            "a",
            "Ministers met in Geneva on Monday to discuss the ceasefire plan.\n\n\
             The talks lasted 72 hours before a draft was agreed by the delegations.\n\n\
             A footnote only the first version has, about something else entirely.",
        );
        let b = doc(
            "b",
            "Ministers met in Geneva on Monday to discuss the ceasefire plan.\n\n\
             The talks lasted three days before a draft was agreed by the delegations.",
        );
        let view = CompareView::of(&a, &b);
        assert_eq!(view.docs, [a.id.clone(), b.id.clone()]);
        assert_eq!(view.pairs.len(), 2, "{:?}", view.pairs);
        assert_eq!(view.only_a, [2]);
        assert_eq!(texts(&a, &view.changed[0]), ["72 hours"]);
        assert_eq!(texts(&b, &view.changed[1]), ["three days"]);
        // The one-sided paragraph is shaded, not marked word by word.
        let footnote = view.a[2];
        assert!(view.changed[0].iter().all(|s| s.end <= footnote.start));
    }

    #[test]
    fn the_same_text_on_both_sides_has_no_changed_words() {
        let a = doc("a", "One paragraph here.\n\nAnd a second one, longer.");
        let view = CompareView::of(&a, &a);
        assert_eq!(view.pairs.len(), 2);
        assert_eq!(view.changed, [vec![], vec![]]);
    }
}
