//! Every occurrence of a query in a text: the pure part of the find bar.
//!
//! Case-insensitive search runs over a lower-cased copy of the text, made
//! once per document version ([`Haystack`]). Most chars lower-case to one
//! char of the same length, so the copy's offsets are the text's; the few
//! that do not (a *group*: "İ" becomes "i" + U+0307, 2 bytes become 3; the
//! Kelvin sign "K", 3 bytes, becomes "k", 1 byte) are listed with the shift
//! they cause, and a hit maps back only where it starts and ends outside a
//! group:
//!
//! ```text
//! text:    [İ][x]           İ = bytes 0..2, x = 2..3
//! folded:  [i ̇][x]          the group İ = bytes 0..3, then x = 3..4 (shift -1)
//! "x"      folded 3..4  →  text 2..3
//! "i"      folded 0..1  →  ends inside the group: no hit
//! ```
//!
//! Hits are byte spans of the original text, sorted, never overlapping, on
//! grapheme-cluster boundaries (so that selecting one selects exactly it).

use memchr::memmem;
use unicode_segmentation::GraphemeCursor;

use crate::model::text::{ByteOffset, Span};

/// How to match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindOptions {
    /// Upper and lower case differ (off by default).
    pub match_case: bool,
    /// A hit must not continue a word on either side.
    pub whole_word: bool,
}

/// A char whose lower case differs in length (or in count of chars): its
/// bytes in the folded copy, and how original offsets relate to folded ones
/// after it (`original = folded + shift`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Group {
    folded_start: usize,
    folded_end: usize,
    shift: isize,
}

/// A lower-cased copy of a text that maps its offsets back to the text's.
#[derive(Clone, Debug, Default)]
pub struct Haystack {
    folded: String,
    /// Sorted by position; empty for most texts (always for ASCII).
    groups: Vec<Group>,
}

impl Haystack {
    /// The lower-cased copy of `text`, in O(n): runs of ASCII are copied
    /// and lower-cased in one go, other chars one by one.
    pub fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len() + text.len() / 16);
        let mut groups = Vec::new();
        let mut shift = 0isize;
        let mut at = 0;
        while let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
            // A run of ASCII, lower-cased in one go.
            let run = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            let start = folded.len();
            folded.push_str(&rest[..run]);
            folded[start..].make_ascii_lowercase();
            at += run;
            let Some(c) = rest[run..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next())
                && l.len_utf8() == c.len_utf8()
            {
                folded.push(l);
                continue;
            }
            let folded_start = folded.len();
            folded.extend(c.to_lowercase());
            let folded_end = folded.len();
            shift = at as isize - folded_end as isize;
            groups.push(Group {
                folded_start,
                folded_end,
                shift,
            });
        }
        debug_assert_eq!(folded.len() as isize + shift, text.len() as isize);
        Self { folded, groups }
    }

    /// The original offset of folded offset `at`, or `None` inside a group.
    fn to_original(&self, at: usize) -> Option<usize> {
        let before = self.groups.partition_point(|g| g.folded_start < at);
        let Some(group) = before.checked_sub(1).map(|i| self.groups[i]) else {
            return Some(at);
        };
        if at < group.folded_end {
            return None;
        }
        Some((at as isize + group.shift) as usize)
    }

    /// Every hit of `query` in `text` (the text this haystack was made of),
    /// upper and lower case alike.
    pub fn find(&self, text: &str, query: &str, whole_word: bool) -> Vec<Span> {
        let needle = fold(query);
        scan(self.folded.as_bytes(), needle.as_bytes(), |start, end| {
            let span = Span {
                start: ByteOffset(self.to_original(start)?),
                end: ByteOffset(self.to_original(end)?),
            };
            acceptable(text, span, whole_word).then_some(span)
        })
    }
}

/// Every hit of `query` in `text`, case as typed.
pub fn find_exact(text: &str, query: &str, whole_word: bool) -> Vec<Span> {
    scan(text.as_bytes(), query.as_bytes(), |start, end| {
        let span = Span::from((start, end));
        acceptable(text, span, whole_word).then_some(span)
    })
}

/// `text` lower-cased char by char, as [`Haystack::new`] does (unlike
/// `str::to_lowercase`, which writes a final sigma as "ς").
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The non-overlapping matches of `needle` in `hay` that `accept` turns into
/// spans. A refused match does not hide one that overlaps it.
fn scan(
    hay: &[u8],
    needle: &[u8],
    mut accept: impl FnMut(usize, usize) -> Option<Span>,
) -> Vec<Span> {
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    let finder = memmem::Finder::new(needle);
    let mut from = 0;
    while let Some(found) = hay.get(from..).and_then(|rest| finder.find(rest)) {
        let start = from + found;
        let end = start + needle.len();
        match accept(start, end) {
            Some(span) => {
                hits.push(span);
                from = end;
            }
            None => from = start + 1,
        }
    }
    hits
}

/// True when `span` of `text` starts and ends between grapheme clusters and,
/// with `whole_word`, does not continue a word on either side.
fn acceptable(text: &str, span: Span, whole_word: bool) -> bool {
    let (start, end) = (span.start.0, span.end.0);
    if !on_grapheme_boundary(text, start) || !on_grapheme_boundary(text, end) {
        return false;
    }
    !whole_word || (word_edge(&text[..start], &text[start..end]) && word_edge_after(text, span))
}

/// True when the hit `hit` may start right after `before`: one of the two
/// chars that meet there is not a word char, or one is of a script written
/// without spaces, whose every character is a word (as the corpus search
/// has it: `市场` is a whole word in `的市场变化`).
fn word_edge(before: &str, hit: &str) -> bool {
    edge(before.chars().next_back(), hit.chars().next())
}

/// [`word_edge`] at the end of the hit.
fn word_edge_after(text: &str, span: Span) -> bool {
    edge(
        text[span.range()].chars().next_back(),
        text[span.end.0..].chars().next(),
    )
}

/// Whether a word may end between `a` and `b` (`None`: the text's edge).
fn edge(a: Option<char>, b: Option<char>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if is_word_char(a) && is_word_char(b) => {
            crate::model::words::unspaced(a) || crate::model::words::unspaced(b)
        }
        _ => true,
    }
}

/// Letters, digits (any script) and `_`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True between two grapheme clusters (and at both ends). Two ASCII bytes
/// other than CR LF always have a boundary between them: the fast path for
/// the usual hit.
fn on_grapheme_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    if at == 0 || at >= bytes.len() {
        return true;
    }
    let (before, after) = (bytes[at - 1], bytes[at]);
    if before.is_ascii() && after.is_ascii() {
        return !(before == b'\r' && after == b'\n');
    }
    matches!(
        GraphemeCursor::new(at, text.len(), true).is_boundary(text, 0),
        Ok(true)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hits of `query` in `text` as the strings they cover, checked to
    /// be the same with and without the folded copy where case agrees.
    fn hits(text: &str, query: &str, options: FindOptions) -> Vec<(usize, usize)> {
        let spans = if options.match_case {
            find_exact(text, query, options.whole_word)
        } else {
            Haystack::new(text).find(text, query, options.whole_word)
        };
        spans.iter().map(|s| (s.start.0, s.end.0)).collect()
    }

    const ANY_CASE: FindOptions = FindOptions {
        match_case: false,
        whole_word: false,
    };
    const WORDS: FindOptions = FindOptions {
        match_case: false,
        whole_word: true,
    };

    #[test]
    fn case_insensitive_by_default_and_exact_with_match_case() {
        let text = "Deal, deal, DEAL";
        assert_eq!(hits(text, "deal", ANY_CASE), [(0, 4), (6, 10), (12, 16)]);
        let exact = FindOptions {
            match_case: true,
            whole_word: false,
        };
        assert_eq!(hits(text, "deal", exact), [(6, 10)]);
        assert_eq!(hits(text, "DEAL", exact), [(12, 16)]);
    }

    #[test]
    fn hits_do_not_overlap_and_an_empty_query_finds_nothing() {
        assert_eq!(hits("aaaa", "aa", ANY_CASE), [(0, 2), (2, 4)]);
        assert!(hits("abc", "", ANY_CASE).is_empty());
        assert!(hits("", "a", ANY_CASE).is_empty());
        assert!(hits("abc", "abcd", ANY_CASE).is_empty());
    }

    #[test]
    fn offsets_map_back_where_lower_case_changes_the_length() {
        // İ (2 bytes) lower-cases to i + U+0307 (3 bytes): everything after
        // it sits one byte further on in the folded copy.
        let text = "İstanbul, Istanbul";
        assert_eq!(hits(text, "istanbul", ANY_CASE), [(11, 19)]);
        assert_eq!(hits(text, "İSTANBUL", ANY_CASE), [(0, 9)]);
        assert_eq!(hits(text, "stanbul", ANY_CASE), [(2, 9), (12, 19)]);
        // "i" is only the start of İ's lower case: not a hit inside it.
        assert_eq!(hits(text, "i", ANY_CASE), [(11, 12)]);
        // The Kelvin sign (3 bytes) lower-cases to k (1 byte); ẞ (3) to ß (2).
        let text = "x\u{212A}elvin STRAẞE strasse";
        assert_eq!(hits(text, "kelvin", ANY_CASE), [(1, 9)]);
        assert_eq!(&text[10..18], "STRAẞE");
        assert_eq!(hits(text, "straße", ANY_CASE), [(10, 18)]);
        assert_eq!(&text[hits(text, "SSE", ANY_CASE)[0].0..], "sse");
    }

    #[test]
    fn non_ascii_text_of_unchanged_length_maps_one_to_one() {
        let text = "Café owners in SÃO PAULO; São Paulo.";
        let found: Vec<&str> = hits(text, "são paulo", ANY_CASE)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["SÃO PAULO", "São Paulo"]);
        assert_eq!(hits(text, "CAFÉ", ANY_CASE), [(0, 5)]);
    }

    #[test]
    fn a_hit_never_splits_a_grapheme_cluster() {
        // "e" + combining acute is one cluster: "cafe" is not a hit in it.
        let text = "cafe\u{301} and cafe";
        assert_eq!(hits(text, "cafe", ANY_CASE), [(11, 15)]);
        assert_eq!(hits(text, "cafe\u{301}", ANY_CASE), [(0, 6)]);
        // Nor between CR and LF.
        assert!(hits("a\r\nb", "\r", ANY_CASE).is_empty());
    }

    #[test]
    fn whole_word_needs_a_non_word_char_or_the_text_edge_on_both_sides() {
        let text = "art party art_x artist, ART. Ärt art";
        assert_eq!(hits(text, "art", WORDS), [(0, 3), (24, 27), (34, 37)]);
        // Letters of any script count as word chars.
        assert!(hits("Ärt", "rt", WORDS).is_empty());
        // A query that starts or ends with a non-word char needs no edge there.
        assert_eq!(hits("a, b", ", ", WORDS), [(1, 3)]);
        // A refused match does not hide an overlapping one that is a word.
        assert_eq!(hits("xa a a", "a a", WORDS), [(3, 6)]);
        // Each character of Chinese or Japanese is a word of its own, as
        // for the corpus search; a Latin word beside one ends there.
        let text = "今天的市场变化。市场abc市";
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            hits(text, "市场", WORDS),
            [
                (at("市场"), at("市场") + 6),
                (at("。市场") + 3, at("。市场") + 9)
            ]
        );
        assert_eq!(hits(text, "abc", WORDS), [(at("abc"), at("abc") + 3)]);
        assert!(hits("東京タワー", "京タ", WORDS).len() == 1);
    }

    /// The hits found the slow way: at each char boundary from the left, the
    /// text whose chars lower-case to the query's, if acceptable.
    fn naive(text: &str, query: &str, whole_word: bool) -> Vec<(usize, usize)> {
        let needle = fold(query);
        let mut hits = Vec::new();
        let mut start = 0;
        while !needle.is_empty() && start < text.len() {
            let end = (start + 1..=text.len())
                .filter(|&e| text.is_char_boundary(start) && text.is_char_boundary(e))
                .find(|&e| fold(&text[start..e]) == needle);
            let span = end.map(|e| Span::from((start, e)));
            match span.filter(|&s| acceptable(text, s, whole_word)) {
                Some(s) => {
                    hits.push((s.start.0, s.end.0));
                    start = s.end.0;
                }
                None => start += 1,
            }
        }
        hits
    }

    /// Text and queries from chars whose lower case changes length (İ, the
    /// Kelvin sign, ẞ), combining marks, and plain letters and spaces.
    const TRICKY: &str = "[aAiIkK eßẞİ\u{212A}\u{301}\u{307}_]{0,40}";

    proptest::proptest! {
        #[test]
        fn hits_are_exactly_the_places_whose_lower_case_is_the_query(
            text in TRICKY,
            query in "[aAiIkK eßẞİ\u{212A}\u{301}\u{307}]{1,3}",
            whole_word in proptest::bool::ANY,
        ) {
            let found: Vec<(usize, usize)> = Haystack::new(&text)
                .find(&text, &query, whole_word)
                .iter()
                .map(|s| (s.start.0, s.end.0))
                .collect();
            proptest::prop_assert_eq!(&found, &naive(&text, &query, whole_word));
            for (s, e) in found {
                proptest::prop_assert_eq!(fold(&text[s..e]), fold(&query));
            }
        }
    }

    #[test]
    fn the_folded_copy_of_ascii_needs_no_groups() {
        let hay = Haystack::new("Plain ASCII");
        assert!(hay.groups.is_empty());
        assert_eq!(hay.folded, "plain ascii");
        let hay = Haystack::new("İİ");
        assert_eq!(hay.groups.len(), 2);
        assert_eq!(hay.to_original(3), Some(2));
        assert_eq!(hay.to_original(6), Some(4));
        assert_eq!(hay.to_original(1), None);
    }
}
