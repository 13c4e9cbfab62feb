//! The reader's selection model and the text boundaries it moves by:
//! grapheme clusters, words, sentences and paragraphs. Pure functions over
//! the document text and byte offsets; nothing here knows about egui.
//!
//! A selection is an anchor and a head (the caret), both byte offsets into
//! the whole document text and always on grapheme-cluster boundaries.
//! Ranges are half-open:
//!
//! ```text
//! text:     D r .  ␣ S m i t h  ␣ s a i d .
//! byte:     0 1 2  3 4 5 6 7 8  9 …
//! word_at(5)     = [4, 9)  "Smith"
//! sentence_at(5) = [0, 15) "Dr. Smith said."   ("Dr." does not end a sentence)
//! ```
//!
//! Word and sentence boundaries are looked for in a window of a few KB around
//! the offset, inside its paragraph, so that each call costs the same on a
//! 1 MB article as on a tweet.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::model::text::{ByteOffset, Span, floor_char_boundary, grapheme_ceil, grapheme_floor};

/// How far (bytes) word boundaries are looked for on each side of an offset.
const WORD_WINDOW: usize = 1024;
/// How far (bytes) sentence boundaries are looked for on each side of an offset.
const SENTENCE_WINDOW: usize = 4096;

/// Words that end with a period without ending a sentence ("Dr. Smith").
/// Initials such as "U.S.", "e.g." or "J." are recognised by their shape.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "sen", "rep", "gov", "pres",
    "lt", "col", "capt", "sgt", "rev", "hon", "inc", "ltd", "co", "corp", "dept", "univ", "vs",
    "no", "nos", "vol", "fig", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
];

/// A selection: `anchor` stays put while `head` (the caret) moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Selection {
    pub anchor: ByteOffset,
    pub head: ByteOffset,
}

impl Selection {
    /// An empty selection (a caret) at `at`.
    pub fn caret(at: ByteOffset) -> Self {
        Self {
            anchor: at,
            head: at,
        }
    }

    /// A selection of `span`, with the caret at its end.
    pub fn of_span(span: Span) -> Self {
        Self {
            anchor: span.start,
            head: span.end,
        }
    }

    /// The selected span, ordered.
    pub fn span(&self) -> Span {
        Span {
            start: self.anchor.min(self.head),
            end: self.anchor.max(self.head),
        }
    }

    /// True when nothing is selected (just a caret).
    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// The unit a pointer gesture selects by: a single click selects by
/// characters, a double click by words, a triple click by paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Granularity {
    #[default]
    Char,
    Word,
    Paragraph,
}

impl Granularity {
    /// The granularity of the `n`th click of a multi-click (1-based).
    pub fn of_click_count(n: u32) -> Self {
        match n {
            0 | 1 => Self::Char,
            2 => Self::Word,
            _ => Self::Paragraph,
        }
    }
}

/// A caret movement that needs only the text (visual moves such as Up/Down
/// need the layout and live in the widget).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// One grapheme cluster left.
    Left,
    /// One grapheme cluster right.
    Right,
    /// To the start of this or the previous word.
    WordLeft,
    /// To the end of this or the next word.
    WordRight,
    /// To the start of the text.
    TextStart,
    /// To the end of the text.
    TextEnd,
}

impl Move {
    /// Every move, for tests.
    pub const ALL: [Self; 6] = [
        Self::Left,
        Self::Right,
        Self::WordLeft,
        Self::WordRight,
        Self::TextStart,
        Self::TextEnd,
    ];
}

/// Where the caret at `at` goes with `movement`. The result is on a
/// grapheme boundary even when `at` is not.
pub fn move_caret(text: &str, at: ByteOffset, movement: Move) -> ByteOffset {
    let at = snap_to_grapheme(text, at);
    ByteOffset(match movement {
        Move::Left => prev_grapheme(text, at.0),
        Move::Right => next_grapheme(text, at.0),
        Move::WordLeft => word_left(text, at.0),
        Move::WordRight => word_right(text, at.0),
        Move::TextStart => 0,
        Move::TextEnd => text.len(),
    })
}

/// The grapheme boundary nearest to `at` (ties go left).
pub fn snap_to_grapheme(text: &str, at: ByteOffset) -> ByteOffset {
    let floor = grapheme_floor(text, at.0);
    let ceil = grapheme_ceil(text, at.0);
    ByteOffset(if at.0 - floor <= ceil.saturating_sub(at.0) {
        floor
    } else {
        ceil
    })
}

/// The grapheme boundary before `at` (0 at the start).
fn prev_grapheme(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// The grapheme boundary after `at` (the text's end at the end).
fn next_grapheme(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    cursor
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// The paragraph (line) around `at`, without its `\n`. On a `\n`, the
/// paragraph that it ends.
pub fn paragraph_at(text: &str, at: ByteOffset) -> Span {
    let at = floor_char_boundary(text, at.0);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    Span::from((start, end))
}

/// A window of about `radius` bytes on each side of `at`, inside its
/// paragraph and on grapheme boundaries. The flags tell whether each end is
/// the paragraph's real end (rather than the window's cut).
fn window(text: &str, at: usize, radius: usize) -> (usize, usize, bool, bool) {
    let lo_limit = grapheme_floor(text, at.saturating_sub(radius));
    let hi_limit = grapheme_ceil(text, at.saturating_add(radius));
    let (lo, lo_real) = match text[lo_limit..at].rfind('\n') {
        Some(i) => (lo_limit + i + 1, true),
        None => (lo_limit, lo_limit == 0),
    };
    let (hi, hi_real) = match text[at..hi_limit].find('\n') {
        Some(i) => (at + i, true),
        None => (hi_limit, hi_limit == text.len()),
    };
    (lo, hi, lo_real, hi_real)
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// The start of the word the caret is in or after; at the start of a
/// paragraph, the end of the one before.
fn word_left(text: &str, at: usize) -> usize {
    let (lo, hi, _, _) = window(text, at, WORD_WINDOW);
    let found = text[lo..hi]
        .split_word_bound_indices()
        .map(|(i, s)| (lo + i, s))
        .take_while(|&(start, _)| start < at)
        .filter(|&(_, s)| is_word(s))
        .last()
        .map(|(start, _)| start);
    match found {
        // Word boundaries can fall inside a cluster (e.g. before a Thai vowel sign).
        Some(start) => grapheme_floor(text, start),
        None if lo < at => lo,
        None => prev_grapheme(text, at),
    }
}

/// The end of the word the caret is in or before; at the end of a
/// paragraph, the start of the next.
fn word_right(text: &str, at: usize) -> usize {
    let (lo, hi, _, _) = window(text, at, WORD_WINDOW);
    let found = text[lo..hi]
        .split_word_bound_indices()
        .map(|(i, s)| (lo + i + s.len(), s))
        .find(|&(end, s)| end > at && is_word(s))
        .map(|(end, _)| end);
    match found {
        Some(end) => grapheme_ceil(text, end),
        None if at < hi => hi,
        None => next_grapheme(text, at),
    }
}

/// The word (or run of spaces or punctuation) holding the char at `at`;
/// at the end of a paragraph, the segment before it. What a double click
/// selects.
pub fn word_at(text: &str, at: ByteOffset) -> Span {
    let at = grapheme_floor(text, at.0);
    let (lo, hi, _, _) = window(text, at, WORD_WINDOW);
    let mut found = (at, at);
    for (i, segment) in text[lo..hi].split_word_bound_indices() {
        let (start, end) = (lo + i, lo + i + segment.len());
        if start <= at && at < end {
            found = (start, end);
            break;
        }
        if end == at {
            // Remembered for an offset at the very end of the paragraph.
            found = (start, end);
        }
    }
    // Word boundaries can fall inside a cluster (e.g. before a Thai vowel sign).
    Span::from((grapheme_floor(text, found.0), grapheme_ceil(text, found.1)))
}

/// The sentence holding `at`, without surrounding whitespace. Sentence
/// boundaries are Unicode's (UAX #29), except after common abbreviations
/// and initials ("Dr.", "U.S.", "e.g.").
pub fn sentence_at(text: &str, at: ByteOffset) -> Span {
    let at = grapheme_floor(text, at.0);
    let (lo, hi, _, _) = window(text, at, SENTENCE_WINDOW);
    let slice = &text[lo..hi];
    let mut start = lo;
    let mut found = Span::from((lo, hi));
    for (i, sentence) in slice.split_sentence_bound_indices() {
        let end = lo + i + sentence.len();
        if end < hi && ends_with_abbreviation(&text[start..end]) {
            // Not a real boundary: the sentence goes on.
            continue;
        }
        if at < end || end == hi {
            found = Span::from((start, end));
            break;
        }
        start = end;
    }
    trim(text, found)
}

/// True when `sentence` ends with an abbreviation or initials, so that the
/// boundary after it is not the end of a sentence.
fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(token) = sentence.split_whitespace().next_back() else {
        return false;
    };
    let token = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(word) = token.strip_suffix('.') else {
        return false;
    };
    if word.is_empty() {
        return false;
    }
    // Initials: single letters each followed by a period ("U.S.", "e.g.", "J.").
    let initials = word
        .split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    initials
        || ABBREVIATIONS
            .iter()
            .any(|abbreviation| word.eq_ignore_ascii_case(abbreviation))
}

/// `span` without leading and trailing whitespace (unchanged if all blank),
/// widened back to grapheme boundaries (a space may carry a combining mark).
fn trim(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    let start = span.start.0 + (slice.len() - slice.trim_start().len());
    let end = span.end.0 - (slice.len() - slice.trim_end().len());
    let (start, end) = if start >= end {
        (span.start.0, span.end.0)
    } else {
        (start, end)
    };
    Span::from((grapheme_floor(text, start), grapheme_ceil(text, end)))
}

/// The unit of `granularity` at `at`: a caret, a word or a paragraph.
pub fn unit_at(granularity: Granularity, text: &str, at: ByteOffset) -> Span {
    match granularity {
        Granularity::Char => {
            let at = snap_to_grapheme(text, at);
            Span { start: at, end: at }
        }
        Granularity::Word => word_at(text, at),
        Granularity::Paragraph => paragraph_at(text, at),
    }
}

/// Extends a selection that started on `anchor` (the word or paragraph
/// first clicked) to the unit at `at`: the anchor unit always stays
/// selected, whichever way the pointer goes (like a drag after a double
/// click in most editors).
pub fn extend_by_unit(
    granularity: Granularity,
    anchor: Span,
    text: &str,
    at: ByteOffset,
) -> Selection {
    let unit = unit_at(granularity, text, at);
    if at < anchor.start {
        Selection {
            anchor: anchor.end,
            head: unit.start,
        }
    } else if at >= anchor.end && !(at == anchor.end && granularity != Granularity::Char) {
        Selection {
            anchor: anchor.start,
            head: unit.end.max(anchor.end),
        }
    } else {
        Selection::of_span(anchor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte offset of the `n`th occurrence (0-based) of `needle`.
    fn at(text: &str, needle: &str) -> ByteOffset {
        ByteOffset(text.find(needle).unwrap())
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    const MIXED: &str = "“Quote,” he said. 👩‍👩‍👧 Fam e\u{301}clair.\n\n中文报道。第二句。\nDr. Smith met U.S. officials. Then left.";

    #[test]
    fn left_and_right_step_over_whole_clusters_and_newlines() {
        let text = MIXED;
        let family = at(text, "👩");
        let after_family = family.0 + "👩‍👩‍👧".len();
        assert_eq!(
            move_caret(text, family, Move::Right),
            ByteOffset(after_family)
        );
        assert_eq!(
            move_caret(text, ByteOffset(after_family), Move::Left),
            family
        );
        let e = at(text, "e\u{301}");
        assert_eq!(move_caret(text, e, Move::Right).0, e.0 + 3);
        // Inside a cluster, the caret snaps first, then moves.
        assert_eq!(
            move_caret(text, ByteOffset(family.0 + 4), Move::Right).0,
            after_family
        );
        // Right at the end of a paragraph crosses the newline.
        let nl = at(text, "\n");
        assert_eq!(move_caret(text, nl, Move::Right).0, nl.0 + 1);
        assert_eq!(move_caret(text, ByteOffset(nl.0 + 1), Move::Left), nl);
        // Curly quote is one step (3 bytes).
        assert_eq!(move_caret(text, ByteOffset(0), Move::Right).0, 3);
        assert_eq!(move_caret(text, ByteOffset(0), Move::Left).0, 0);
        assert_eq!(
            move_caret(text, ByteOffset(text.len()), Move::Right).0,
            text.len()
        );
    }

    #[test]
    fn word_moves() {
        let text = "“Quote,” he said.\nNext line";
        // From the start: over the opening quote to the end of "Quote".
        let end_quote = at(text, ",").0;
        assert_eq!(
            move_caret(text, ByteOffset(0), Move::WordRight).0,
            end_quote
        );
        let he = at(text, "he").0;
        assert_eq!(
            move_caret(text, ByteOffset(end_quote), Move::WordRight).0,
            he + 2
        );
        assert_eq!(move_caret(text, ByteOffset(he + 2), Move::WordLeft).0, he);
        assert_eq!(move_caret(text, ByteOffset(he + 1), Move::WordLeft).0, he);
        // After the last word: to the paragraph end, then across the newline.
        let nl = at(text, "\n").0;
        let said_end = at(text, "said").0 + 4;
        assert_eq!(
            move_caret(text, ByteOffset(said_end), Move::WordRight).0,
            nl
        );
        assert_eq!(move_caret(text, ByteOffset(nl), Move::WordRight).0, nl + 1);
        assert_eq!(
            move_caret(text, ByteOffset(nl + 1), Move::WordRight).0,
            nl + 5
        );
        // Word left from the start of a paragraph goes to the end of the one before.
        assert_eq!(move_caret(text, ByteOffset(nl + 1), Move::WordLeft).0, nl);
        assert_eq!(
            move_caret(text, ByteOffset(nl), Move::WordLeft).0,
            at(text, "said").0
        );
    }

    #[test]
    fn word_at_selects_words_with_marks_quotes_and_emoji() {
        let text = MIXED;
        assert_eq!(slice(text, word_at(text, at(text, "Quote"))), "Quote");
        assert_eq!(
            slice(text, word_at(text, ByteOffset(at(text, "uote").0))),
            "Quote"
        );
        // The curly quote on its own.
        assert_eq!(slice(text, word_at(text, ByteOffset(0))), "“");
        // A combining mark stays with its letter.
        assert_eq!(
            slice(text, word_at(text, at(text, "clair"))),
            "e\u{301}clair"
        );
        // The ZWJ family is one word segment.
        assert_eq!(slice(text, word_at(text, at(text, "👩"))), "👩‍👩‍👧");
        // CJK: one ideograph per word without a dictionary.
        let zh = at(text, "文");
        assert_eq!(slice(text, word_at(text, zh)), "文");
        // At the end of a paragraph: the segment before it.
        let nl = at(text, "\n");
        assert_eq!(slice(text, word_at(text, nl)), ".");
        // An offset inside a cluster selects the cluster's word.
        let inside = ByteOffset(at(text, "👩").0 + 5);
        assert_eq!(slice(text, word_at(text, inside)), "👩‍👩‍👧");
    }

    #[test]
    fn sentences_respect_abbreviations_and_cjk() {
        let text = MIXED;
        assert_eq!(
            slice(text, sentence_at(text, at(text, "Smith"))),
            "Dr. Smith met U.S. officials."
        );
        assert_eq!(
            slice(text, sentence_at(text, at(text, "Dr."))),
            "Dr. Smith met U.S. officials."
        );
        assert_eq!(
            slice(text, sentence_at(text, at(text, "left"))),
            "Then left."
        );
        assert_eq!(slice(text, sentence_at(text, at(text, "文"))), "中文报道。");
        assert_eq!(slice(text, sentence_at(text, at(text, "二"))), "第二句。");
        assert_eq!(
            slice(text, sentence_at(text, at(text, "he said"))),
            "“Quote,” he said."
        );
        // Sentences never cross a paragraph break.
        let nl = at(text, "\n");
        assert_eq!(slice(text, sentence_at(text, nl)), "👩‍👩‍👧 Fam e\u{301}clair.");
        // "U.S. President" is still one sentence.
        let text = "Officials met the U.S. President on Monday. He spoke.";
        assert_eq!(
            slice(text, sentence_at(text, at(text, "President"))),
            "Officials met the U.S. President on Monday."
        );
        assert_eq!(
            slice(text, sentence_at(text, at(text, "spoke"))),
            "He spoke."
        );
        // An empty paragraph gives an empty sentence.
        let text = "a\n\nb";
        assert_eq!(sentence_at(text, ByteOffset(2)), Span::from((2, 2)));
    }

    #[test]
    fn paragraphs() {
        let text = MIXED;
        let first = paragraph_at(text, ByteOffset(5));
        assert_eq!(
            slice(text, first),
            "“Quote,” he said. 👩‍👩‍👧 Fam e\u{301}clair."
        );
        // The newline belongs to the paragraph it ends.
        assert_eq!(paragraph_at(text, first.end), first);
        // The empty line is an empty paragraph.
        assert_eq!(
            paragraph_at(text, ByteOffset(first.end.0 + 1)),
            Span::from((first.end.0 + 1, first.end.0 + 1))
        );
        assert_eq!(
            slice(text, paragraph_at(text, ByteOffset(text.len()))),
            "Dr. Smith met U.S. officials. Then left."
        );
    }

    /// The text of `marked` and its one span, `[like this]`.
    fn one_span(notation: &str) -> (String, Span) {
        let (text, spans) = crate::model::testing::marked(notation);
        assert_eq!(spans.len(), 1, "{notation}");
        (text, spans[0])
    }

    #[test]
    fn granular_extension_keeps_the_anchor_unit() {
        let (text, anchor) = one_span("one [two] three four");
        let text = text.as_str();
        assert_eq!(word_at(text, at(text, "two")), anchor);
        let forward = extend_by_unit(Granularity::Word, anchor, text, at(text, "hree"));
        assert_eq!(forward.span(), one_span("one [two three] four").1);
        assert_eq!(forward.head, ByteOffset(at(text, "three").0 + 5));
        let backward = extend_by_unit(Granularity::Word, anchor, text, ByteOffset(1));
        assert_eq!(backward.span(), one_span("[one two] three four").1);
        assert_eq!(backward.head, ByteOffset(0));
        let inside = extend_by_unit(
            Granularity::Word,
            anchor,
            text,
            ByteOffset(anchor.start.0 + 1),
        );
        assert_eq!(inside.span(), anchor);
        // By characters: a plain drag.
        let chars = extend_by_unit(Granularity::Char, Span::from((4, 4)), text, ByteOffset(9));
        assert_eq!((chars.anchor, chars.head), (ByteOffset(4), ByteOffset(9)));
    }

    #[test]
    fn units_around_the_caret_in_span_notation() {
        // (text with the expected unit in brackets, where the caret is)
        type Unit = fn(&str, ByteOffset) -> Span;
        let cases: [(&str, &str, Unit); 5] = [
            ("“[Quote],” he said.", "uote", word_at),
            ("Fam [e\u{301}clair] now.", "clair", word_at),
            (
                "[Dr. Smith met U.S. officials.] Then left.",
                "Smith",
                sentence_at,
            ),
            (
                "Dr. Smith met U.S. officials. [Then left.]",
                "left",
                sentence_at,
            ),
            ("[中文报道。]第二句。", "文", sentence_at),
        ];
        for (notation, caret, unit) in cases {
            let (text, want) = one_span(notation);
            assert_eq!(unit(&text, at(&text, caret)), want, "{notation}");
        }
    }

    #[test]
    fn snapping_picks_the_nearest_cluster_boundary() {
        let text = "a👩‍👩‍👧b";
        let family_end = 1 + "👩‍👩‍👧".len();
        assert_eq!(snap_to_grapheme(text, ByteOffset(2)), ByteOffset(1));
        assert_eq!(
            snap_to_grapheme(text, ByteOffset(family_end - 1)),
            ByteOffset(family_end)
        );
        assert_eq!(
            snap_to_grapheme(text, ByteOffset(99)),
            ByteOffset(text.len())
        );
    }

    #[test]
    fn units_widen_to_clusters_that_word_boundaries_split() {
        // A Thai vowel sign joins the cluster before it but not the word.
        let text = "Dr. 𐿠\u{113e1}e\u{301}ำ";
        for span in [
            word_at(text, ByteOffset(4)),
            sentence_at(text, ByteOffset(4)),
        ] {
            assert_eq!(span.end.0, text.len(), "{span:?}");
        }
    }

    #[test]
    fn abbreviation_shapes() {
        for sentence in ["See Dr.", "the U.S.", "e.g.", "(e.g.", "J.", "Smith Inc."] {
            assert!(ends_with_abbreviation(sentence), "{sentence}");
        }
        for sentence in ["He left.", "Pay 5.", "“Done.”", "", "end..."] {
            assert!(!ends_with_abbreviation(sentence), "{sentence}");
        }
    }

    fn boundaries(text: &str) -> Vec<usize> {
        text.grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn caret_moves_land_on_grapheme_boundaries(
            text in "(\\PC|\n|e\u{301}|👩‍👩‍👧|“|”|中文。| ){0,60}",
            start in 0usize..400,
            moves in proptest::collection::vec(0usize..6, 1..20),
        ) {
            let bounds = boundaries(&text);
            let mut caret = ByteOffset(start.min(text.len()));
            for m in moves {
                caret = move_caret(&text, caret, Move::ALL[m]);
                proptest::prop_assert!(bounds.contains(&caret.0), "{:?} after {:?}", caret, Move::ALL[m]);
            }
        }

        #[test]
        fn units_are_on_grapheme_boundaries(
            text in "(\\PC|\n|e\u{301}|👩‍👩‍👧|Dr\\. |U\\.S\\. |中文。| ){0,60}",
            offset in 0usize..400,
        ) {
            let bounds = boundaries(&text);
            let offset = ByteOffset(offset.min(text.len()));
            for span in [word_at(&text, offset), sentence_at(&text, offset), paragraph_at(&text, offset)] {
                proptest::prop_assert!(span.check(&text).is_ok());
                proptest::prop_assert!(bounds.contains(&span.start.0) && bounds.contains(&span.end.0), "{:?}", span);
            }
        }

        #[test]
        fn left_undoes_right(text in "(\\PC|\n|e\u{301}|👩‍👩‍👧){0,40}", start in 0usize..200) {
            let bounds = boundaries(&text);
            let caret = ByteOffset(bounds[start % bounds.len()]);
            if caret.0 < text.len() {
                let right = move_caret(&text, caret, Move::Right);
                proptest::prop_assert_eq!(move_caret(&text, right, Move::Left), caret);
            }
        }
    }
}
