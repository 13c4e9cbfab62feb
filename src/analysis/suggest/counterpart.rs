//! Counterparts: the text of one version that says what a labelled span of
//! the other version says.

use unicode_segmentation::UnicodeSegmentation;

use super::units::sentences_in;
use super::versions::common_at_least;
use crate::analysis::align::Alignment;
use crate::analysis::fnv1a_lowercase;
use crate::model::Span;
use crate::model::words::words;

/// The words of a text, lower-cased, as a multiset: their 64-bit hashes
/// ([`fnv1a_lowercase`]), sorted, repeats kept. Every annotation of a
/// version pair compares its text with many spans of the other version:
/// a sorted list of integers is made and compared without the strings'
/// copies and comparisons of a map of words (two words of one comparison
/// sharing a hash: about one chance in 10^17).
type Bag = Vec<u64>;

/// The [`Bag`] of `s`.
fn bag(s: &str) -> Bag {
    let mut out: Bag = words(s).iter().map(|w| fnv1a_lowercase(w)).collect();
    out.sort_unstable();
    out
}

/// Dice similarity of two word bags (the sum over words of the smaller
/// count, twice, over both sizes), in 0..=1.
fn dice(a: &Bag, b: &Bag) -> f32 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let common = common_at_least(a, b, 0).unwrap_or(0);
    2.0 * common as f32 / total as f32
}

/// The least similarity for a counterpart to be proposed.
const MIN_SIMILARITY: f32 = 0.35;

/// The span of `b_text` that mirrors `span` of `a_text`, with its similarity,
/// found among the paragraphs of `b` aligned to the paragraphs `span` touches.
pub fn counterpart(
    a_text: &str,
    a_paragraphs: &[Span],
    b_text: &str,
    b_paragraphs: &[Span],
    alignment: &Alignment,
    span: Span,
) -> Option<(Span, f32)> {
    let touched: Vec<usize> = a_paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start < span.end && span.start < p.end)
        .map(|(i, _)| i)
        .collect();
    let mut b_indices: Vec<usize> = alignment
        .pairs
        .iter()
        .filter(|pair| pair.a.iter().any(|i| touched.contains(i)))
        .flat_map(|pair| pair.b.iter().copied())
        .filter(|i| *i < b_paragraphs.len())
        .collect();
    b_indices.sort_unstable();
    b_indices.dedup();
    let candidates: Vec<Span> = b_indices
        .iter()
        .flat_map(|i| sentences_in(b_text, b_paragraphs[*i]))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let target = bag(&a_text[span.range()]);
    let score_of = |from: usize, to: usize| {
        let s = Span::from((candidates[from].start.0, candidates[to].end.0));
        dice(&target, &bag(&b_text[s.range()]))
    };
    // The best single sentence, grown on either side while that helps.
    let (mut from, mut best) = (0..candidates.len())
        .map(|i| (i, score_of(i, i)))
        .fold((0, f32::MIN), |acc, x| if x.1 > acc.1 { x } else { acc });
    let mut to = from;
    loop {
        let left = (from > 0).then(|| score_of(from - 1, to));
        let right = (to + 1 < candidates.len()).then(|| score_of(from, to + 1));
        match (left, right) {
            (Some(l), r) if l > best && r.is_none_or(|r| l >= r) => {
                from -= 1;
                best = l;
            }
            (_, Some(r)) if r > best => {
                to += 1;
                best = r;
            }
            _ => break,
        }
    }
    if best < MIN_SIMILARITY {
        return None;
    }
    let found = Span::from((candidates[from].start.0, candidates[to].end.0));
    // Whole sentences mirror whole sentences; only a clause is narrowed down.
    let around: usize = a_paragraphs
        .iter()
        .filter(|p| p.start < span.end && span.start < p.end)
        .flat_map(|p| sentences_in(a_text, *p))
        .filter(|s| s.start < span.end && span.start < s.end)
        .map(|s| s.len())
        .sum();
    if span.len() * 10 >= around * 8 {
        return Some((found, best));
    }
    Some((
        trim_to_words_of(b_text, found, &target).unwrap_or(found),
        best,
    ))
}

/// Narrows `span` to run from the first to the last word that also occurs in
/// `target` when that keeps most of the similarity: a clause mirrors a clause,
/// not the whole sentence around it.
fn trim_to_words_of(text: &str, span: Span, target: &Bag) -> Option<Span> {
    let words: Vec<(usize, &str)> = text[span.range()].unicode_word_indices().collect();
    let first = words
        .iter()
        .position(|(_, w)| target.binary_search(&fnv1a_lowercase(w)).is_ok())?;
    let last = words
        .iter()
        .rposition(|(_, w)| target.binary_search(&fnv1a_lowercase(w)).is_ok())?;
    let start = span.start.0 + words[first].0;
    // Keep a closing punctuation mark right after the last word.
    let mut end = span.start.0 + words[last].0 + words[last].1.len();
    if let Some(c) = text[end..span.end.0].chars().next()
        && matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | ')')
    {
        end += c.len_utf8();
    }
    let narrowed = Span::from((start, end));
    let before = dice(target, &bag(&text[span.range()]));
    let after = dice(target, &bag(&text[narrowed.range()]));
    (after >= before).then_some(narrowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::align::AlignedPair;

    #[test]
    fn dice_counts_each_word_as_often_as_both_texts_have_it_in_any_case() {
        // "the" twice against once, "cat" once against twice: 2 common of 6.
        assert_eq!(
            dice(&bag("The the cat"), &bag("the cat CAT")),
            2.0 * 2.0 / 6.0
        );
        assert_eq!(dice(&bag("Été à Paris"), &bag("ÉTÉ À PARIS")), 1.0);
        assert_eq!(dice(&bag("rose"), &bag("fell")), 0.0);
        assert_eq!(dice(&bag(""), &bag("...")), 0.0);
        assert_eq!(dice(&bag("a b c d"), &bag("d c")), 2.0 * 2.0 / 6.0);
    }

    #[test]
    fn a_sentence_finds_its_reworded_twin_in_the_aligned_paragraph() {
        let a = "Intro line here.\nSales rose 5% in March, the company said. Nothing else.";
        let b = "Intro line here.\nThe weather was fine. In March sales rose 5%, the company said.";
        let ap = crate::analysis::segment::paragraphs(a);
        let bp = crate::analysis::segment::paragraphs(b);
        let alignment = Alignment {
            pairs: vec![
                AlignedPair {
                    a: vec![0],
                    b: vec![0],
                    score: 1.0,
                },
                AlignedPair {
                    a: vec![1],
                    b: vec![1],
                    score: 0.6,
                },
            ],
            only_a: vec![],
            only_b: vec![],
        };
        let start = a.find("Sales").unwrap();
        let end = a.find("said.").unwrap() + 5;
        let (span, score) =
            counterpart(a, &ap, b, &bp, &alignment, Span::from((start, end))).unwrap();
        assert_eq!(
            &b[span.range()],
            "In March sales rose 5%, the company said."
        );
        assert!(score > 0.9, "{score}");
    }
}
