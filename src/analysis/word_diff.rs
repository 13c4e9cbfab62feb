//! The words that differ between two versions of a passage, as byte spans
//! on each side.
//!
//! Both texts are cut into words, white space and punctuation (Unicode word
//! boundaries, UAX #29) and diffed token by token (Myers, from `similar`).
//! The words one side has and the other has not become spans. Changed words
//! separated only by spaces make one span, and white space never starts,
//! ends or makes up a span (a change of spacing alone is not marked):
//!
//! ```text
//! a:  Talks lasted [72 hours] in Geneva.
//! b:  Talks lasted [three days] in Geneva.
//! ```
//!
//! Spans never join across a line break, so a passage of several
//! paragraphs gets spans within paragraphs.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::Span;

/// How long one diff may search for the fewest changes before it settles
/// for more (only pathological passages of thousands of words take that long).
pub const TIMEOUT: Duration = Duration::from_millis(50);

/// The words of each side that the other side does not have: byte spans
/// into the texts given to [`word_diff`], sorted and disjoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordDiff {
    pub a: Vec<Span>,
    pub b: Vec<Span>,
}

/// The words that differ between `a` and `b` (see the module documentation).
pub fn word_diff(a: &str, b: &str) -> WordDiff {
    let mut out = WordDiff::default();
    if a == b {
        return out;
    }
    let (a_starts, a_tokens) = tokens(a);
    let (b_starts, b_tokens) = tokens(b);
    let deadline = Instant::now().checked_add(TIMEOUT);
    let ops =
        similar::capture_diff_slices_deadline(Algorithm::Myers, &a_tokens, &b_tokens, deadline);
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            add_change(&mut out.a, a, a_starts[old.start]..a_starts[old.end]);
        }
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            add_change(&mut out.b, b, b_starts[new.start]..b_starts[new.end]);
        }
    }
    out
}

/// The words, spaces and punctuation of `text` (Unicode word boundaries),
/// with the byte offset of each and the text's length after the last.
fn tokens(text: &str) -> (Vec<usize>, Vec<&str>) {
    let (mut starts, tokens): (Vec<usize>, Vec<&str>) = text.split_word_bound_indices().unzip();
    starts.push(text.len());
    (starts, tokens)
}

/// Adds the changed bytes `range` of `text` to `spans` (which end before
/// it), without white space at either end, joined to the last span when
/// only spaces (no line break) lie between them.
fn add_change(spans: &mut Vec<Span>, text: &str, range: Range<usize>) {
    let changed = &text[range.clone()];
    let start = range.start + (changed.len() - changed.trim_start().len());
    let end = range.start + changed.trim_end().len();
    if start >= end {
        return;
    }
    if let Some(last) = spans.last_mut() {
        let gap = &text[last.end.0..start];
        if gap.chars().all(|c| c.is_whitespace() && c != '\n') {
            last.end.0 = end;
            return;
        }
    }
    spans.push(Span::from((start, end)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each span.
    fn texts<'a>(text: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn a_reworded_phrase_is_one_span_on_each_side() {
        let a = "Talks lasted 72 hours in Geneva.";
        let b = "Talks lasted three days in Geneva.";
        let diff = word_diff(a, b);
        assert_eq!(diff.a, [Span::from((13, 21))]);
        assert_eq!(diff.b, [Span::from((13, 23))]);
        assert_eq!(texts(a, &diff.a), ["72 hours"]);
        assert_eq!(texts(b, &diff.b), ["three days"]);
    }

    #[test]
    fn identical_texts_differ_nowhere() {
        let text = "On March 17, according to media reports citing two sources.";
        assert_eq!(word_diff(text, text), WordDiff::default());
        assert_eq!(word_diff("", ""), WordDiff::default());
    }

    #[test]
    fn an_added_word_is_marked_on_its_side_only() {
        let a = "signed a contract last Friday";
        let b = "signed a new contract with AWS last Friday";
        let diff = word_diff(a, b);
        assert_eq!(diff.a, []);
        assert_eq!(texts(b, &diff.b), ["new", "with AWS"]);
        // Everything on one side: one span, the other side none.
        let diff = word_diff("", "Breaking news");
        assert_eq!((diff.a, diff.b), (vec![], vec![Span::from((0, 13))]));
    }

    #[test]
    fn spans_are_bytes_on_char_boundaries_in_non_ascii_text() {
        // "café" and "Zürich" take a byte more than their letters, the dash 3.
        let a = "Un café à Zürich — 72 heures";
        let b = "Un thé à Zürich — trois jours";
        let diff = word_diff(a, b);
        assert_eq!(diff.a, [Span::from((3, 8)), Span::from((24, 33))]);
        assert_eq!(diff.b, [Span::from((3, 7)), Span::from((23, 34))]);
        assert_eq!(texts(a, &diff.a), ["café", "72 heures"]);
        assert_eq!(texts(b, &diff.b), ["thé", "trois jours"]);
        for (text, spans) in [(a, &diff.a), (b, &diff.b)] {
            for span in spans {
                assert_eq!(span.check(text), Ok(()));
            }
        }
        // Ideographs are words of their own: one changed character.
        let diff = word_diff("会谈持续了三天", "会谈持续了两天");
        assert_eq!(diff.a, [Span::from((15, 18))]);
        assert_eq!(texts("会谈持续了两天", &diff.b), ["两"]);
    }

    #[test]
    fn spacing_alone_is_no_change_and_spans_stop_at_line_breaks() {
        assert_eq!(word_diff("two  words", "two words"), WordDiff::default());
        let a = "First one.\n\nSecond one.";
        let b = "First two.\n\nSecond two.";
        let diff = word_diff(a, b);
        assert_eq!(texts(a, &diff.a), ["one", "one"]);
        assert_eq!(texts(b, &diff.b), ["two", "two"]);
        // Punctuation is a token: a changed comma is marked, alone.
        let diff = word_diff("Yes, he said", "Yes; he said");
        assert_eq!(texts("Yes, he said", &diff.a), [","]);
    }
}
