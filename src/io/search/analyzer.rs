//! How text is cut into searchable words, shared by the index and by the
//! scan that finds where a document matches: one analyzer, so that the
//! offsets we report are those of what the index matched.
//!
//! Words are runs of letters and digits (Unicode), lower-cased and folded to
//! ASCII where a folding exists: `Café`, `CAFE` and `café` are one word, so
//! `cafe` finds `café` and `café` finds `Cafe`. Nothing is stemmed (`claims`
//! does not find `claim`) and no word is dropped as too common; a word longer
//! than [`MAX_WORD_BYTES`] is not indexed. In the scripts written without
//! spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) each
//! character is a word: a query of such characters is a phrase of them, so
//! one character, or a word inside a run, is found.

use std::iter::Peekable;
use std::ops::Range;
use std::str::CharIndices;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

use crate::model::words::unspaced;

/// The name the analyzer is registered under in the index.
pub(super) const NAME: &str = "diptych";

/// Words longer than this many bytes are not indexed (nor found).
pub const MAX_WORD_BYTES: usize = 100;

/// The analyzer: letters-and-digits words, lower-cased, folded to ASCII.
pub(super) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Cuts text into runs of letters and digits, each character of the
/// scripts without spaces between words ([`unspaced`]) a word of its own.
#[derive(Clone, Default)]
struct WordTokenizer {
    token: Token,
}

struct WordStream<'a> {
    text: &'a str,
    chars: Peekable<CharIndices<'a>>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            chars: text.char_indices().peekable(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((from, c)) = self.chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut to = from + c.len_utf8();
            if !unspaced(c) {
                while let Some(&(at, next)) = self.chars.peek() {
                    if !next.is_alphanumeric() || unspaced(next) {
                        break;
                    }
                    to = at + next.len_utf8();
                    self.chars.next();
                }
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.text.push_str(&self.text[from..to]);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// A word of a text: its normalised form and its byte range in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Word {
    pub text: String,
    pub bytes: Range<usize>,
}

/// The words of `text`, in order.
pub(super) fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(Word {
            text: token.text.clone(),
            bytes: token.offset_from..token.offset_to,
        });
    }
    out
}

/// The normalised words of a piece of a query (`"Café's"` → `cafe`, `s`).
pub(super) fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    words(analyzer, text).into_iter().map(|w| w.text).collect()
}

/// Where a text matches every sequence of `sequences` (each a word or a
/// phrase, as normalised words): `None` when one of them does not occur;
/// otherwise the byte range of the earliest occurrence of any of them and
/// how many occurrences there are in all (the scan's score).
pub(super) fn scan(words: &[Word], sequences: &[Vec<String>]) -> Option<(Range<usize>, usize)> {
    let mut first: Option<Range<usize>> = None;
    let mut count = 0;
    for seq in sequences {
        let Some(n) = (!seq.is_empty()).then_some(seq.len()) else {
            continue;
        };
        let mut found = false;
        for (i, window) in words.windows(n).enumerate() {
            if window.iter().zip(seq).all(|(w, s)| w.text == *s) {
                count += 1;
                let range = words[i].bytes.start..words[i + n - 1].bytes.end;
                if !found && first.as_ref().is_none_or(|f| range.start < f.start) {
                    first = Some(range);
                }
                found = true;
            }
        }
        if !found {
            return None;
        }
    }
    first.map(|range| (range, count))
}

/// The byte range of the earliest occurrence in `text` of any sequence of
/// `sequences` (as [`scan`] finds it), reading the text's words only as
/// far as needed: for a document the index already matched.
pub(super) fn first_hit(
    analyzer: &mut TextAnalyzer,
    text: &str,
    sequences: &[Vec<String>],
) -> Option<Range<usize>> {
    let longest = sequences.iter().map(Vec::len).max().unwrap_or(0);
    let mut recent: Vec<Word> = Vec::new();
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut stream = analyzer.token_stream(text);
    let mut index = 0;
    while let Some(token) = stream.next() {
        if best
            .as_ref()
            .is_some_and(|(start, _)| index >= start + longest)
        {
            break;
        }
        if recent.len() == longest {
            recent.remove(0);
        }
        recent.push(Word {
            text: token.text.clone(),
            bytes: token.offset_from..token.offset_to,
        });
        for seq in sequences
            .iter()
            .filter(|s| !s.is_empty() && s.len() <= recent.len())
        {
            let tail = &recent[recent.len() - seq.len()..];
            let start = index + 1 - seq.len();
            if tail.iter().zip(seq).all(|(w, s)| w.text == *s)
                && best.as_ref().is_none_or(|(b, _)| start < *b)
            {
                best = Some((start, tail[0].bytes.start..tail[seq.len() - 1].bytes.end));
            }
        }
        index += 1;
    }
    best.map(|(_, range)| range)
}

/// Code points shown before a hit in a snippet.
const BEFORE: usize = 60;
/// Code points shown from the hit's start in a snippet.
const AFTER: usize = 120;

/// The text around the byte range `hit`: up to [`BEFORE`] code points before
/// it and [`AFTER`] from its start, on one line (line breaks and tabs become
/// spaces), with `…` where text was cut; and where the hit is in it (bytes).
pub fn snippet(text: &str, hit: Range<usize>) -> (String, Range<usize>) {
    let start = text[..hit.start]
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(i, _)| i);
    let end = text[hit.start..]
        .char_indices()
        .nth(AFTER)
        .map_or(text.len(), |(i, _)| hit.start + i)
        .max(hit.end);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let one_line = |piece: &str| -> String {
        (piece.chars())
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    // A whitespace character and a space may differ in length.
    out.push_str(&one_line(&text[start..hit.start]));
    let at = out.len();
    out.push_str(&one_line(&text[hit.start..hit.end]));
    let found = at..out.len();
    out.push_str(&one_line(&text[hit.end..end]));
    if end < text.len() {
        out.push('…');
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(text: &str) -> Vec<String> {
        terms(&mut analyzer(), text)
    }

    #[test]
    fn words_are_lower_cased_and_folded_to_ascii() {
        assert_eq!(
            normalised("Café CAFE naïve Straße, l'État 2024"),
            ["cafe", "cafe", "naive", "strasse", "l", "etat", "2024"]
        );
    }

    #[test]
    fn unspaced_scripts_are_cut_into_characters_and_found_inside_a_run() {
        assert_eq!(
            normalised("新闻报道。Tokyo東京タワーで2024年"),
            [
                "新", "闻", "报", "道", "tokyo", "東", "京", "タ", "ワ", "ー", "で", "2024", "年"
            ]
        );
        // Hangul keeps its spaced words; a Latin word beside Han is cut off it.
        assert_eq!(normalised("서울 시장abc中"), ["서울", "시장abc", "中"]);
        let text = "今天的新闻报道了市场。";
        let words = words(&mut analyzer(), text);
        for query in ["新", "报道", "新闻报道", "市场"] {
            let seq = vec![terms(&mut analyzer(), query)];
            let (range, _) = scan(&words, &seq).unwrap_or_else(|| panic!("{query}"));
            assert_eq!(&text[range], query);
        }
        assert_eq!(scan(&words, &[terms(&mut analyzer(), "道新")]), None);
        // Offsets stay on the characters' boundaries.
        let cut = words
            .iter()
            .map(|w| &text[w.bytes.clone()])
            .collect::<String>();
        assert_eq!(cut, "今天的新闻报道了市场");
    }

    #[test]
    fn scan_finds_the_earliest_hit_and_needs_every_sequence() {
        let mut a = analyzer();
        let text = "The minister said. Critics called the plan unrealistic; the plan";
        let words = words(&mut a, text);
        let seqs = |q: &[&str]| -> Vec<Vec<String>> {
            q.iter().map(|s| terms(&mut analyzer(), s)).collect()
        };
        let (range, count) = scan(&words, &seqs(&["plan", "critics"])).unwrap();
        assert_eq!(&text[range], "Critics");
        assert_eq!(count, 3);
        let (range, _) = scan(&words, &seqs(&["the plan"])).unwrap();
        assert_eq!(&text[range], "the plan");
        assert_eq!(scan(&words, &seqs(&["plan", "budget"])), None);
        assert_eq!(scan(&words, &seqs(&["plan the"])), None);
        // The early-stopping reader agrees with the scan.
        for q in [
            &["plan", "critics"][..],
            &["the plan"],
            &["unrealistic", "called the plan"],
        ] {
            let expected = scan(&words, &seqs(q)).map(|(r, _)| r);
            assert_eq!(first_hit(&mut a, text, &seqs(q)), expected, "{q:?}");
        }
    }

    #[test]
    fn a_snippet_is_one_line_cut_with_ellipses() {
        let text = format!("{}Needle\nhere{}", "a ".repeat(50), " b".repeat(100));
        let start = text.find("Needle").unwrap();
        let (s, found) = snippet(&text, start..start + 6);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("Needle here"), "{s}");
        assert_eq!(&s[found], "Needle");
        assert_eq!(s.chars().count(), BEFORE + AFTER + 2);
        assert_eq!(snippet("short text", 0..5), ("short text".to_owned(), 0..5));
        // A hit across a line break, after a wide space: found where it is.
        let text = "Le\u{3000}prix:\nhausse de 5\u{a0}%";
        let hit = text.find("hausse").unwrap()..text.len();
        let (s, found) = snippet(text, text.find("prix").unwrap()..hit.end);
        assert_eq!(s, "Le prix: hausse de 5 %");
        assert_eq!(&s[found], "prix: hausse de 5 %");
    }
}
