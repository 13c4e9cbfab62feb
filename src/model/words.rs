//! Counting words as `unicode_segmentation`'s `unicode_words` cuts them
//! (Unicode's word boundaries, UAX #29, keeping the pieces that hold a
//! letter or digit), quickly on the mostly-ASCII text of news articles.

use unicode_segmentation::UnicodeSegmentation;

/// The number of words `text.unicode_words()` gives, computed without the
/// general segmenter for the ASCII stretches of `text`.
///
/// The text is cut after ASCII white space that an ASCII character
/// follows: UAX #29 always breaks there, and no ASCII character attaches
/// to what precedes it (as combining marks do), so words never span a
/// cut. A piece that is all ASCII is counted by [`ascii_words`], the
/// others by the segmenter.
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut start = 0;
    for i in 1..bytes.len() {
        if bytes[i - 1].is_ascii_whitespace()
            && bytes[i].is_ascii()
            && !bytes[i].is_ascii_whitespace()
        {
            count += piece_words(&text[start..i]);
            start = i;
        }
    }
    count + piece_words(&text[start..])
}

fn piece_words(piece: &str) -> usize {
    if piece.is_ascii() {
        ascii_words(piece.as_bytes())
    } else {
        piece.unicode_words().count()
    }
}

/// Word classes of UAX #29 among ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_` (ExtendNumLet): joins letters and digits, not a word by itself.
    Underscore,
    /// `:` (MidLetter): joins two letters.
    MidLetter,
    /// `,` `;` (MidNum): joins two digits.
    MidNum,
    /// `.` `'` (MidNumLet, Single_Quote): joins two letters or two digits.
    MidBoth,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Underscore,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' | b'\'' => Class::MidBoth,
        _ => Class::Other,
    }
}

/// [`word_count`] of ASCII text by rules WB5 to WB13b of UAX #29: letters,
/// digits and `_` run together (WB5, WB8-WB10, WB13a-b); one `:`, `.` or
/// `'` between two letters (WB6-7) and one `,`, `;`, `.` or `'` between
/// two digits (WB11-12) keep the run going; everything else ends it. A
/// run counts when it holds a letter or digit.
fn ascii_words(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut in_run = false;
    let mut alnum = false;
    for (i, &b) in bytes.iter().enumerate() {
        let c = class(b);
        let joins_run = match c {
            Class::Letter | Class::Digit | Class::Underscore => true,
            Class::MidLetter | Class::MidNum | Class::MidBoth => {
                let neighbour = |j: Option<usize>| j.and_then(|j| bytes.get(j)).map(|&b| class(b));
                let (before, after) = (neighbour(i.checked_sub(1)), neighbour(Some(i + 1)));
                let (before, after) = (
                    before.unwrap_or(Class::Other),
                    after.unwrap_or(Class::Other),
                );
                let letters = before == Class::Letter
                    && after == Class::Letter
                    && matches!(c, Class::MidLetter | Class::MidBoth);
                let digits = before == Class::Digit
                    && after == Class::Digit
                    && matches!(c, Class::MidNum | Class::MidBoth);
                in_run && (letters || digits)
            }
            Class::Other => false,
        };
        if joins_run && in_run {
            alnum |= matches!(c, Class::Letter | Class::Digit);
            continue;
        }
        count += usize::from(in_run && alnum);
        in_run = matches!(c, Class::Letter | Class::Digit | Class::Underscore);
        alnum = matches!(c, Class::Letter | Class::Digit);
    }
    count + usize::from(in_run && alnum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_of_a_news_sentence() {
        let text = "Don't say 3.14, 1,000 or e.g. U.S._Gov’t: a:b __ _x 📈 市场有风险 naïve\n";
        assert_eq!(word_count(text), text.unicode_words().count());
        assert_eq!(ascii_words(b"don't 3.14 1,000 a:b __ _x a..b"), 7);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The count is `unicode_words`'s, on ASCII text built from the
        /// characters the rules treat apart and on mixed text.
        #[test]
        fn counts_what_unicode_words_counts(
            ascii in "[aZ09_.,;:'\" \n\t!-]{0,40}",
            mixed in "[a0_.,:' \n’é\u{301}\u{93e}市📈\u{200d}\u{feff}\r]{0,30}",
        ) {
            prop_assert_eq!(word_count(&ascii), ascii.unicode_words().count(), "{:?}", ascii);
            prop_assert_eq!(word_count(&mixed), mixed.unicode_words().count(), "{:?}", mixed);
        }
    }
}
