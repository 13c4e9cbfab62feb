//! Counting words as `unicode_segmentation`'s `unicode_words` cuts them
//! (Unicode's word boundaries, UAX #29, keeping the pieces that hold a
//! letter or digit), quickly on the mostly-ASCII text of news articles.

use unicode_segmentation::UnicodeSegmentation;

/// The number of words `text.unicode_words()` gives, computed without the
/// general segmenter for the ASCII stretches of `text`.
///
/// The text is cut after ASCII white space that an ASCII character
/// follows ([`is_cut`]): UAX #29 always breaks there, and no ASCII
/// character attaches to what precedes it (as combining marks do), so
/// words never span a cut. The piece between two cuts around each non-ASCII
/// character is counted by the segmenter; the ASCII text between such
/// pieces by [`ascii_words`], in one go (counts add up over cuts, as a
/// cut follows white space, which ends every word).
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // Where the text not yet counted starts: 0 or a cut.
    let mut start = 0;
    while let Some(offset) = bytes[start..].iter().position(|b| !b.is_ascii()) {
        let first = start + offset;
        let from = (start + 1..=first)
            .rev()
            .find(|&i| is_cut(bytes, i))
            .unwrap_or(start);
        let to = (first + 1..bytes.len())
            .find(|&i| is_cut(bytes, i))
            .unwrap_or(bytes.len());
        count += ascii_words(&bytes[start..from]);
        count += text[from..to].unicode_words().count();
        start = to;
    }
    count + ascii_words(&bytes[start..])
}

/// True when UAX #29 breaks words before `bytes[i]` (`i` ≥ 1) whatever
/// surrounds it: ASCII white space, then an ASCII character that is not.
fn is_cut(bytes: &[u8], i: usize) -> bool {
    bytes[i - 1].is_ascii_whitespace() && bytes[i].is_ascii() && !bytes[i].is_ascii_whitespace()
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

#[inline]
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
            long in "([a-z0-9.,:']{1,8}[ \n\t]{1,2}){0,40}([a-zé’\u{301}市📈.,:']{1,5}[ \n]){0,6}([a-z0-9.,:']{1,8}[ \n\t]{1,2}){0,40}",
        ) {
            prop_assert_eq!(word_count(&ascii), ascii.unicode_words().count(), "{:?}", ascii);
            prop_assert_eq!(word_count(&mixed), mixed.unicode_words().count(), "{:?}", mixed);
            prop_assert_eq!(word_count(&long), long.unicode_words().count(), "{:?}", long);
        }
    }
}
