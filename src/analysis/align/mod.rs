//! Alignment of two versions of an article: which paragraphs (or sentences)
//! of one correspond to which of the other.
//!
//! Segments are compared by the cosine of their TF-IDF vectors over lightly
//! stemmed words (IDF counted over the segments of both texts), which
//! survives rewording: "signed a new contract last Friday" and "signed a
//! new contract with AWS last Friday" share most of their weight. A dynamic
//! programme in the style of Gale-Church then finds the monotonic alignment
//! of highest total similarity, with these moves:
//!
//! ```text
//! 1-1   a[i]          <-> b[j]
//! 2-1   a[i] + a[i+1] <-> b[j]            (a paragraph split in two in b)
//! 1-2   a[i]          <-> b[j] + b[j+1]
//! 1-0   a[i] only     0-1   b[j] only
//! ```
//!
//! A pair needs a similarity of at least [`MIN_SCORE`], so unrelated
//! segments stay one-sided instead of being forced into pairs. Site chrome
//! (copyright lines, cookie banners, share buttons, bylines) never pairs,
//! and short lines without sentence punctuation (menu items, headings) pair
//! only as the heading of a 2-1 or 1-2 group. Each part of a 2-1 or 1-2
//! group must share a good part of its weight with the other side.
//!
//! Small inputs get the full table. Large ones (more than
//! [`FULL_TABLE_CELLS`] cells) are pruned: mutual best matches found through
//! an inverted index of rare words are chained into monotonic anchors, and
//! only a corridor around the anchors is computed.
//!
//! The parts, one file each: this file holds the API and the alignment it
//! returns; `vectors` turns segments into TF-IDF vectors of stemmed terms;
//! `kind` tells article text from labels and site chrome; `corridor` finds
//! the anchors and the cells worth computing; `table` is the dynamic
//! programme and its backtrack.

mod corridor;
mod kind;
mod table;
mod vectors;

use serde::Serialize;

use super::segment;
use crate::model::Span;
use corridor::{Corridor, anchors};
use table::Table;
use vectors::Vectors;

/// One aligned group: indices into the two segment lists (1-1, 1-2 or 2-1),
/// each sorted, with the cosine similarity of the two sides in `0..=1`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedPair {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub score: f32,
}

/// A monotonic alignment of two segment lists. Pairs are in text order;
/// `only_a` and `only_b` list the segments present on one side only; all
/// sorted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Alignment {
    pub pairs: Vec<AlignedPair>,
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
}

/// The least similarity of an aligned pair. Tuned on the labelled pairs in
/// `tests/data/eval` (`cargo test --test align_eval -- --nocapture`): F1
/// stays within 0.5% of its best for 0.1..=0.15 and drops above 0.2, where
/// reworded headlines are lost. Menu lines and site chrome are kept out of
/// pairs by their [`Kind`](kind::Kind), not by this threshold.
pub const MIN_SCORE: f32 = 0.15;

/// Above this many table cells, the table is pruned to a corridor around anchors.
pub const FULL_TABLE_CELLS: usize = 4_000_000;

/// Aligns two documents' segments (paragraphs or sentences: byte spans into
/// `a_text` and `b_text`) in order.
pub fn align(a_text: &str, a_segments: &[Span], b_text: &str, b_segments: &[Span]) -> Alignment {
    let a_texts: Vec<&str> = a_segments
        .iter()
        .map(|s| s.slice(a_text).unwrap_or(""))
        .collect();
    let b_texts: Vec<&str> = b_segments
        .iter()
        .map(|s| s.slice(b_text).unwrap_or(""))
        .collect();
    let vectors = Vectors::new(&a_texts, &b_texts);
    let corridor =
        if a_texts.len().saturating_add(1) * b_texts.len().saturating_add(1) <= FULL_TABLE_CELLS {
            Corridor::full(a_texts.len(), b_texts.len())
        } else {
            Corridor::around(&anchors(&vectors), a_texts.len(), b_texts.len())
        };
    Table::fill(&vectors, corridor).backtrack()
}

/// Paragraph alignment of two texts: (a paragraphs, b paragraphs, alignment).
pub fn align_paragraphs(a: &str, b: &str) -> (Vec<Span>, Vec<Span>, Alignment) {
    let a_paragraphs = segment::paragraphs(a);
    let b_paragraphs = segment::paragraphs(b);
    let alignment = align(a, &a_paragraphs, b, &b_paragraphs);
    (a_paragraphs, b_paragraphs, alignment)
}

/// Similarity of two whole texts in 0..=1 (to find which documents are
/// versions of each other): the share of both texts' sentences (weighted by
/// length) that align, each weighted by its pair's score. Identical texts
/// give 1, unrelated ones close to 0.
pub fn document_similarity(a: &str, b: &str) -> f32 {
    let a_sentences = segment::sentences(a);
    let b_sentences = segment::sentences(b);
    let total: usize = a_sentences.iter().chain(&b_sentences).map(Span::len).sum();
    if total == 0 {
        return if a_sentences.is_empty() && b_sentences.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let alignment = align(a, &a_sentences, b, &b_sentences);
    let covered: f64 = alignment
        .pairs
        .iter()
        .map(|pair| {
            let len: usize = pair.a.iter().map(|&i| a_sentences[i].len()).sum::<usize>()
                + pair.b.iter().map(|&j| b_sentences[j].len()).sum::<usize>();
            f64::from(pair.score) * len as f64
        })
        .sum();
    ((covered / total as f64) as f32).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Span> {
        segment::paragraphs(text)
    }

    fn pairs(alignment: &Alignment) -> Vec<(Vec<usize>, Vec<usize>)> {
        alignment
            .pairs
            .iter()
            .map(|p| (p.a.clone(), p.b.clone()))
            .collect()
    }

    #[test]
    fn identical_texts_align_one_to_one() {
        let text = "Alpha beta gamma.\nDelta epsilon zeta.\nEta theta iota.";
        let (pa, pb, al) = align_paragraphs(text, text);
        assert_eq!(pa, pb);
        assert_eq!(
            pairs(&al),
            [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
        );
        assert!(al.pairs.iter().all(|p| p.score > 0.99));
        assert!(al.only_a.is_empty() && al.only_b.is_empty());
    }

    #[test]
    fn reworded_paragraphs_pair_and_menus_stay_one_sided() {
        let a = "OpenAI signed a new contract with Amazon Web Services last Friday.\n\
                 The deal covers classified and unclassified government work.\n\
                 Analysts expect more agreements with federal agencies soon.";
        let b = "Futures\nDemo Trading\nJoin events to earn rewards\n\
                 OpenAI signed a new contract last Friday with Amazon Web Services (AWS).\n\
                 The agreement covers both classified and unclassified government operations.\n\
                 Analysts expect further agreements with federal agencies soon.";
        let (_, _, al) = align_paragraphs(a, b);
        assert_eq!(
            pairs(&al),
            [(vec![0], vec![3]), (vec![1], vec![4]), (vec![2], vec![5])]
        );
        assert_eq!(al.only_b, [0, 1, 2]);
        assert!(al.only_a.is_empty());
    }

    #[test]
    fn split_paragraph_aligns_two_to_one() {
        let a = "Risk Warning and DisclaimerThe market carries risks; investment requires caution and this is not advice.";
        let b = "Risk Warning and Disclaimer\nThe market carries risks; investment requires caution and this is not advice.";
        let al = align(a, &lines(a), b, &lines(b));
        assert_eq!(pairs(&al), [(vec![0], vec![0, 1])]);
        let al = align(b, &lines(b), a, &lines(a));
        assert_eq!(pairs(&al), [(vec![0, 1], vec![0])]);
    }

    #[test]
    fn empty_inputs() {
        let al = align("", &[], "x", &lines("x"));
        assert!(al.pairs.is_empty());
        assert_eq!(al.only_b, [0]);
        assert_eq!(document_similarity("", ""), 1.0);
        assert_eq!(document_similarity("", "Something here."), 0.0);
    }

    #[test]
    fn document_similarity_separates_versions_from_strangers() {
        let a = "OpenAI signed a new contract with Amazon Web Services last Friday. The deal covers government work.";
        let b = "OpenAI signed a contract with Amazon Web Services on Friday. The agreement covers government work.";
        let c =
            "The football season opened with a surprise win. Fans celebrated late into the night.";
        assert!(document_similarity(a, a) > 0.99);
        assert!(document_similarity(a, b) > 0.4);
        assert!(document_similarity(a, c) < 0.1);
    }

    proptest::proptest! {
        #[test]
        fn alignment_is_a_monotonic_partition(
            a in proptest::collection::vec("[a-e ]{0,12}", 0..12),
            b in proptest::collection::vec("[a-e ]{0,12}", 0..12),
        ) {
            let (a, b) = (a.join("\n"), b.join("\n"));
            let (pa, pb, al) = align_paragraphs(&a, &b);
            let mut seen_a: Vec<usize> = al.only_a.clone();
            let mut seen_b: Vec<usize> = al.only_b.clone();
            let (mut last_a, mut last_b) = (None, None);
            for pair in &al.pairs {
                proptest::prop_assert!(matches!((pair.a.len(), pair.b.len()), (1, 1) | (1, 2) | (2, 1)));
                proptest::prop_assert!(pair.score >= MIN_SCORE && pair.score <= 1.0);
                proptest::prop_assert!(last_a < pair.a.first().copied() && last_b < pair.b.first().copied());
                last_a = pair.a.last().copied();
                last_b = pair.b.last().copied();
                seen_a.extend(&pair.a);
                seen_b.extend(&pair.b);
            }
            proptest::prop_assert!(al.only_a.is_sorted() && al.only_b.is_sorted());
            seen_a.sort_unstable();
            seen_b.sort_unstable();
            proptest::prop_assert_eq!(seen_a, (0..pa.len()).collect::<Vec<_>>());
            proptest::prop_assert_eq!(seen_b, (0..pb.len()).collect::<Vec<_>>());
        }
    }
}
