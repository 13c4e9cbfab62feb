//! The tokeniser of the CoNLL export, and the token-boundary test of the spaCy export.
//!
//! Tokens are the Unicode word segments of UAX #29 (`unicode-segmentation`'s
//! `split_word_bound_indices`) that are not whitespace: a word with its
//! inner apostrophes and dots (`It’s`, `U.S`), a number with its separators
//! (`3.5`, `1,000`), or one punctuation mark or symbol; an emoji ZWJ sequence
//! (👩‍👩‍👧) and a letter with its combining marks (é) stay whole. Sentences
//! are the UAX #29 sentence segments, which also end at every line break.
//!
//! ```text
//! text:    It’s “20%” 👩‍👩‍👧.
//! tokens:  [It’s] [“] [20] [%] [”] [👩‍👩‍👧] [.]
//! ```

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::model::sentences::sentence_bounds;

/// Byte ranges of the tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<Range<usize>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| !w.chars().all(char::is_whitespace))
        .map(|(i, w)| i..i + w.len())
        .collect()
}

/// Byte ranges of the sentences of `text` (UAX #29; a line break ends one),
/// trimmed of surrounding whitespace, empty ones left out.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentence_bounds(text)
        .into_iter()
        .filter_map(|(i, s)| {
            let start = i + (s.len() - s.trim_start().len());
            let end = i + s.trim_end().len();
            (start < end).then_some(start..end)
        })
        .collect()
}

/// True when a spaCy-like tokeniser can have a token boundary at byte `at`:
/// the text's edges, next to whitespace, or where the whitespace-delimited
/// chunk around `at` has only punctuation (optionally after `’s`) on one
/// side, which spaCy splits off as prefixes and suffixes (`“|we’re`,
/// `20|%`, `Pentagon|’s`). A boundary inside a word (`Pent|agon`), between
/// glued words (`Disclaimer|The`), between CJK clauses without spaces
/// (`。|市场`) or before a combining mark is not one. spaCy's infix rules
/// (`a-b`, `a,b`) are not modelled, so such boundaries are reported too.
pub fn is_token_boundary(text: &str, at: usize) -> bool {
    let (before, after) = (text[..at].chars().next_back(), text[at..].chars().next());
    let (Some(b), Some(a)) = (before, after) else {
        return true;
    };
    if is_mark(a) || a == '\u{200d}' || b == '\u{200d}' {
        return false;
    }
    if b.is_whitespace() || a.is_whitespace() {
        return true;
    }
    let chunk_start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let chunk_end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    let wordy = |c: char| c.is_alphanumeric() || is_mark(c);
    let punct_only = |s: &str| !s.chars().any(wordy);
    let rest = &text[at..chunk_end];
    let rest = ["’s", "'s", "’S", "'S"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    punct_only(&text[chunk_start..at]) || punct_only(rest)
}

/// Combining marks (general category M), approximated by the blocks that hold them.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn tokens_keep_clusters_whole() {
        assert_eq!(
            words("It’s “20%” 👩‍👩‍👧. Cafe\u{301} 中文"),
            [
                "It’s",
                "“",
                "20",
                "%",
                "”",
                "👩‍👩‍👧",
                ".",
                "Cafe\u{301}",
                "中",
                "文"
            ]
        );
    }

    #[test]
    fn sentences_end_at_line_breaks() {
        let text = "One claim. Two?\nThird line\n\n  Fourth.";
        let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(s, ["One claim.", "Two?", "Third line", "Fourth."]);
    }

    #[test]
    fn boundaries() {
        let text = "the Pentagon’s “deal” e\u{301} 20% DisclaimerThe 表示。市场";
        let at = |pattern: &str, offset: usize| text.find(pattern).unwrap() + offset;
        assert!(is_token_boundary(text, 0));
        assert!(is_token_boundary(text, 4));
        assert!(!is_token_boundary(text, 6), "inside a word");
        assert!(is_token_boundary(text, at("’s", 0)), "before ’s");
        assert!(
            is_token_boundary(text, at("deal", 0)),
            "after an opening quote"
        );
        assert!(
            is_token_boundary(text, at("” ", 0)),
            "before a closing quote"
        );
        assert!(
            !is_token_boundary(text, at("e\u{301}", 1)),
            "before a combining mark"
        );
        assert!(is_token_boundary(text, at("%", 0)));
        assert!(!is_token_boundary(text, at("The", 0)), "glued words");
        assert!(
            !is_token_boundary(text, at("市", 0)),
            "CJK clauses without spaces"
        );
        assert!(is_token_boundary(text, text.len()));
    }
}
