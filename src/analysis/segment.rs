//! Paragraphs and sentences with byte offsets.
//!
//! Paragraphs are the non-blank lines of a text. Sentences are found inside
//! each paragraph with the Unicode sentence boundaries of UAX #29
//! (`unicode-segmentation`), which already keep decimals together (`3.5%`),
//! end a sentence at `。`, `！` and `？`, and keep closing quotes with the
//! sentence they close (`‘said.” Next`). Two rules are added on top:
//!
//! - a break after an abbreviation is undone (`Dr. Smith`, `U.S. Senate`,
//!   `Apple Inc. said`), unless an ambiguous one (`Inc.`, `U.S.`) is
//!   followed by a word that usually starts a sentence (`The`, `He`, ...),
//!   and so is a break between a quoted question and its attribution
//!   (`“Really?” she asked.`);
//! - a heading glued to the first sentence of its paragraph with no space
//!   (`Risk Warning and DisclaimerThe market ...`) is split off.
//!
//! ```text
//! text:       Dr. Smith left.␣He said “Go.”␣Then 3.5% fell.
//! sentences: [Dr. Smith left.] [He said “Go.”] [Then 3.5% fell.]
//! ```

use crate::model::Span;

/// The paragraphs of `text`: its non-blank lines, trimmed, as byte spans.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            let s = start + lead;
            out.push(Span::from((s, s + trimmed.len())));
        }
        start += line.len() + 1;
    }
    out
}

/// The sentences of `text` (never crossing a paragraph), trimmed, as byte
/// spans in text order.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        let base = para.start.0;
        let body = &text[para.range()];
        let mut pieces = unicode_pieces(body);
        pieces = join_abbreviations(body, pieces);
        if let Some(&(start, end)) = pieces.first()
            && let Some(cut) = glued_heading(&body[start..end], GluedBody::Opener)
        {
            let rest = start + cut;
            let heading_end = start + body[start..rest].trim_end().len();
            pieces.splice(0..1, [(start, heading_end), (rest, end)]);
        }
        out.extend(
            pieces
                .into_iter()
                .map(|(s, e)| Span::from((base + s, base + e))),
        );
    }
    out
}

/// UAX #29 sentences of one paragraph, trimmed, as byte ranges into `body`.
fn unicode_pieces(body: &str) -> Vec<(usize, usize)> {
    crate::model::sentences::sentence_bounds(body)
        .into_iter()
        .filter_map(|(i, sentence)| {
            let trimmed = sentence.trim();
            if trimmed.is_empty() {
                return None;
            }
            let s = i + (sentence.len() - sentence.trim_start().len());
            Some((s, s + trimmed.len()))
        })
        .collect()
}

/// Abbreviations that are always followed by more of the same sentence
/// (titles before names, months before days, Latin short forms).
const ALWAYS_JOIN: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "rev", "hon", "pres", "mt", "ft", "vs", "cf", "e.g", "i.e", "approx", "dept", "fig", "jan",
    "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Abbreviations followed by a number when they do not end a sentence.
const JOIN_BEFORE_NUMBER: &[&str] = &["no", "nos", "vol", "p", "pp", "art", "sec", "ch"];

/// Abbreviations that may end a sentence; joined unless the next word is a
/// usual sentence start.
const MAYBE_JOIN: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "plc", "bros", "etc", "jr", "sr", "a.m", "p.m",
];

/// Words that usually start a sentence (compared lowercased).
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "its",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "or",
    "so",
    "in",
    "on",
    "at",
    "for",
    "if",
    "when",
    "while",
    "as",
    "after",
    "before",
    "his",
    "her",
    "their",
    "our",
    "there",
    "here",
    "what",
    "who",
    "however",
    "meanwhile",
    "according",
    "still",
    "yet",
    "then",
    "also",
    "some",
    "many",
    "most",
];

/// Merges UAX #29 pieces that were split after an abbreviation or a quoted
/// question.
fn join_abbreviations(body: &str, pieces: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
    for (start, end) in pieces {
        if let Some(last) = out.last_mut()
            && ends_with_abbreviation(&body[last.0..last.1], &body[start..end])
        {
            last.1 = end;
            continue;
        }
        out.push((start, end));
    }
    out
}

/// True when `prev` ends in an abbreviation that does not end the sentence
/// before `next`, or in a quoted question that `next` attributes.
fn ends_with_abbreviation(prev: &str, next: &str) -> bool {
    // A quoted question or exclamation followed by its attribution:
    // “Really?” she asked.
    let unquoted = prev.trim_end_matches(['”', '’', '"', '\'', '»', ')']);
    if unquoted.len() < prev.len()
        && unquoted.ends_with(['?', '!'])
        && next.starts_with(char::is_lowercase)
    {
        return true;
    }
    let Some(without_dot) = prev.strip_suffix('.') else {
        return false;
    };
    let word = without_dot
        .rsplit(|c: char| c.is_whitespace() || "([{“‘\"'".contains(c))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let next_word: String = next
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let starts_sentence = SENTENCE_STARTERS.contains(&next_word.to_lowercase().as_str());
    if ALWAYS_JOIN.contains(&lower.as_str()) {
        return true;
    }
    if JOIN_BEFORE_NUMBER.contains(&lower.as_str()) {
        return next.starts_with(|c: char| c.is_ascii_digit());
    }
    let mut letters = word.chars();
    let initial = matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    // Dotted acronyms: "U.S", "U.K", "E.U" (the final dot was stripped).
    let acronym = word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    (MAYBE_JOIN.contains(&lower.as_str()) || initial || acronym) && !starts_sentence
}

/// Capitalised words that start the body after a glued heading
/// ("DisclaimerThe market"). "In" and "You" are left out on purpose:
/// "LinkedIn", "YouTube".
const BODY_STARTERS: &[&str] = &[
    "The",
    "This",
    "These",
    "That",
    "Those",
    "A",
    "An",
    "It",
    "Its",
    "Our",
    "We",
    "With",
    "According",
    "From",
    "By",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "There",
    "Investors",
    "All",
    "Any",
    "Please",
    "Users",
    "Readers",
    "Your",
    "Note",
    "As",
    "For",
    "On",
    "At",
];

/// Last words of a notice heading ("Risk Warning", "Important Notice"),
/// lower-cased: no camel-case name starts with them.
const NOTICE_WORDS: &[&str] = &[
    "disclaimer",
    "disclaimers",
    "disclosure",
    "disclosures",
    "warning",
    "notice",
];

/// Which bodies [`glued_heading`] accepts after the heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GluedBody {
    /// Only a body that starts with a usual sentence opener
    /// ([`BODY_STARTERS`]), so that camel-case names ("LinkedIn",
    /// "YouTube") stay whole. What [`sentences`] splits at.
    Opener,
    /// Also a body that starts with any capitalised word when the heading
    /// ends with a notice word ([`NOTICE_WORDS`]): `Risk
    /// WarningCryptocurrency prices ...`. What the suggestion rules split
    /// disclaimer headings at.
    AnyAfterNotice,
}

/// Where the body starts when `sentence` begins with a heading glued to it
/// without a space: `Risk Warning and DisclaimerThe market ...` gives the
/// offset of `The`. The heading must start with a capital, have at most 12
/// words and no sentence punctuation; its last word must have at least four
/// letters and the body must start as `body` allows and have at least three
/// words. The one glued-heading detector: sentences and the suggestion
/// rules both use it.
pub(crate) fn glued_heading(sentence: &str, body: GluedBody) -> Option<usize> {
    if !sentence.starts_with(|c: char| c.is_uppercase() || c.is_numeric()) {
        return None;
    }
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    for k in 1..chars.len().saturating_sub(1) {
        let (at, c) = chars[k];
        if !(chars[k - 1].1.is_lowercase() && c.is_uppercase()) {
            continue;
        }
        let heading = &sentence[..at];
        if heading.contains(['.', '!', '?', ':', ';', '。', '！', '？']) {
            return None;
        }
        if heading.split_whitespace().count() > 12 {
            return None;
        }
        let left = heading.rsplit(char::is_whitespace).next().unwrap_or("");
        if left.chars().count() < 4 || !left.chars().all(char::is_alphabetic) {
            continue;
        }
        let rest = &sentence[at..];
        let right: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        let opener = BODY_STARTERS.contains(&right.as_str());
        let after_notice = body == GluedBody::AnyAfterNotice
            && NOTICE_WORDS.contains(&left.to_lowercase().as_str());
        if !(opener || after_notice) || rest.split_whitespace().count() < 3 {
            continue;
        }
        return Some(at);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn paragraphs_are_trimmed_non_blank_lines() {
        let text = "  First line.  \n\n\t\nSecond 👩‍👩‍👧 line\n";
        let paras: Vec<&str> = paragraphs(text).iter().map(|s| &text[s.range()]).collect();
        assert_eq!(paras, ["First line.", "Second 👩‍👩‍👧 line"]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentence_texts("Dr. Smith met Mr. Jones at Apple Inc. on Monday. They talked."),
            [
                "Dr. Smith met Mr. Jones at Apple Inc. on Monday.",
                "They talked."
            ]
        );
        assert_eq!(
            sentence_texts("The U.S. Senate voted. It passed."),
            ["The U.S. Senate voted.", "It passed."]
        );
        // An ambiguous abbreviation before a usual sentence start does end it.
        assert_eq!(
            sentence_texts("He works for Acme Inc. The firm is small."),
            ["He works for Acme Inc.", "The firm is small."]
        );
        assert_eq!(
            sentence_texts("She moved to the U.S. He stayed."),
            ["She moved to the U.S.", "He stayed."]
        );
        assert_eq!(
            sentence_texts("See No. 5 and J. K. Rowling. Done."),
            ["See No. 5 and J. K. Rowling.", "Done."]
        );
    }

    #[test]
    fn decimals_and_percentages_stay_whole() {
        assert_eq!(
            sentence_texts("Shares rose 3.5% to $12.75. Bonds fell 0.2 points."),
            ["Shares rose 3.5% to $12.75.", "Bonds fell 0.2 points."]
        );
    }

    #[test]
    fn quotes_end_sentences() {
        assert_eq!(
            sentence_texts("‘It is over,’ he said.” Next came silence. “Really?” she asked."),
            [
                "‘It is over,’ he said.”",
                "Next came silence.",
                "“Really?” she asked."
            ]
        );
        assert_eq!(
            sentence_texts("He said \"Go.\" Then he left."),
            ["He said \"Go.\"", "Then he left."]
        );
    }

    #[test]
    fn cjk_full_stop_ends_a_sentence() {
        assert_eq!(
            sentence_texts("市场有风险，投资需谨慎。本文不构成个人投资建议。Really? Yes!"),
            [
                "市场有风险，投资需谨慎。",
                "本文不构成个人投资建议。",
                "Really?",
                "Yes!"
            ]
        );
    }

    #[test]
    fn emoji_and_curly_quotes_keep_offsets_on_char_boundaries() {
        let text = "Analysts said “great” 📈. The family 👩‍👩‍👧 agreed! Café naïve.";
        let spans = sentences(text);
        for span in &spans {
            assert!(span.check(text).is_ok());
        }
        assert_eq!(
            sentence_texts(text),
            [
                "Analysts said “great” 📈.",
                "The family 👩‍👩‍👧 agreed!",
                "Café naïve."
            ]
        );
    }

    #[test]
    fn glued_heading_is_split_from_the_body() {
        let text = "Title\nRisk Warning and DisclaimerThe market carries risks; investment requires caution. This article is not advice.";
        assert_eq!(
            sentence_texts(text),
            [
                "Title",
                "Risk Warning and Disclaimer",
                "The market carries risks; investment requires caution.",
                "This article is not advice."
            ]
        );
    }

    #[test]
    fn a_notice_heading_may_be_glued_to_any_capitalised_word_for_the_rules() {
        let text = "Risk WarningCryptocurrency prices are highly volatile.";
        let cut = "Risk Warning".len();
        assert_eq!(glued_heading(text, GluedBody::AnyAfterNotice), Some(cut));
        // Sentences split only before a usual sentence opener.
        assert_eq!(glued_heading(text, GluedBody::Opener), None);
        assert_eq!(sentence_texts(text), [text]);
        // Other headings still need one.
        let other = "Market MovesCryptocurrency prices are highly volatile.";
        assert_eq!(glued_heading(other, GluedBody::AnyAfterNotice), None);
    }

    #[test]
    fn camel_case_names_are_not_headings() {
        for text in [
            "OpenAI signed a deal with AWS on Friday.",
            "Microsoft's LinkedIn said it would grow.",
            "Google's YouTube removed the video today.",
            "JavaScript is a language that runs everywhere.",
            "McDonald's reported higher sales this year.",
        ] {
            assert_eq!(sentence_texts(text), [text]);
        }
    }

    #[test]
    fn sentences_never_cross_paragraphs() {
        let text = "First part of a line\nwithout a full stop. Second.\n";
        assert_eq!(
            sentence_texts(text),
            ["First part of a line", "without a full stop.", "Second."]
        );
    }

    proptest::proptest! {
        #[test]
        fn sentences_are_trimmed_ordered_and_inside_paragraphs(text in "\\PC{0,200}") {
            let paras = paragraphs(&text);
            let mut last_end = 0;
            for span in sentences(&text) {
                proptest::prop_assert!(span.check(&text).is_ok());
                let quote = &text[span.range()];
                proptest::prop_assert!(!quote.is_empty());
                proptest::prop_assert_eq!(quote.trim(), quote);
                proptest::prop_assert!(span.start.0 >= last_end);
                last_end = span.end.0;
                proptest::prop_assert!(paras.iter().any(|p| p.start <= span.start && span.end <= p.end));
            }
        }
    }
}
