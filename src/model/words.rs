//! Counting and listing words as `unicode_segmentation`'s `unicode_words` cuts them
//! (Unicode's word boundaries, UAX #29, keeping the pieces that hold a
//! letter or digit), quickly on the mostly-ASCII text of news articles.

use unicode_segmentation::UnicodeSegmentation;

/// The number of words `text.unicode_words()` gives, computed without the
/// general segmenter where `text` holds only characters whose word-break
/// class is known here ([`class`]: ASCII, Latin letters, the punctuation,
/// CJK ideographs and emoji of news articles).
pub fn word_count(text: &str) -> usize {
    let mut count = Count(0);
    scan(text, &mut count);
    count.0
}

/// The words `text.unicode_words()` gives, the same slices of `text`, found
/// as [`word_count`] counts them.
pub fn words(text: &str) -> Vec<&str> {
    let mut spans = Spans {
        text,
        words: Vec::new(),
    };
    scan(text, &mut spans);
    spans.words
}

/// Whether `c` belongs to a script written without spaces between words:
/// Han (with its radicals and the iteration marks), kana, Thai, Lao,
/// Burmese, Khmer. Hangul is written with spaces and is not among them.
pub fn unspaced(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
            | 0x2E80..=0x2FDF // CJK and Kangxi radicals
            | 0x3005..=0x3007 // 々 〆 〇
            | 0x3021..=0x3029 // Hangzhou numerals
            | 0x3031..=0x3035 // kana repeat marks
            | 0x3040..=0x30FF // Hiragana, Katakana
            | 0x31F0..=0x31FF // Katakana phonetic extensions
            | 0x3400..=0x4DBF // CJK extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFF66..=0xFF9F // half-width Katakana
            | 0x20000..=0x3FFFF // CJK extensions B and on
    )
}

/// What [`scan`] tells of the words it finds.
trait Sink {
    /// `words` words ended at a step (0 to 2): the run of letters and
    /// digits `run` (byte range) when `words` is 2 or `ideograph` is
    /// `None`, and the ideograph `ideograph`.
    fn ended(&mut self, words: u8, run: (usize, usize), ideograph: Option<(usize, usize)>);
    /// How many words it holds, to go back to with [`Sink::truncate`].
    fn len(&self) -> usize;
    fn truncate(&mut self, len: usize);
}

struct Count(usize);

impl Sink for Count {
    #[inline]
    fn ended(&mut self, words: u8, _: (usize, usize), _: Option<(usize, usize)>) {
        self.0 += usize::from(words);
    }
    fn len(&self) -> usize {
        self.0
    }
    fn truncate(&mut self, len: usize) {
        self.0 = len;
    }
}

struct Spans<'t> {
    text: &'t str,
    words: Vec<&'t str>,
}

impl Sink for Spans<'_> {
    #[inline]
    fn ended(&mut self, words: u8, run: (usize, usize), ideograph: Option<(usize, usize)>) {
        if words == 2 || (words == 1 && ideograph.is_none()) {
            self.words.push(&self.text[run.0..run.1]);
        }
        if let Some((start, end)) = ideograph {
            self.words.push(&self.text[start..end]);
        }
    }
    fn len(&self) -> usize {
        self.words.len()
    }
    fn truncate(&mut self, len: usize) {
        self.words.truncate(len);
    }
}

/// The words of `text` into `sink`, in order.
///
/// The text is cut after ASCII white space that an ASCII character
/// follows ([`is_cut`]): UAX #29 always breaks there, and no ASCII
/// character attaches to what precedes it (as combining marks do), so
/// words never span a cut. The piece between two cuts around each
/// character of another class goes to the segmenter; the text between
/// such pieces to [`known_words`], in one go.
fn scan(text: &str, sink: &mut impl Sink) {
    let bytes = text.as_bytes();
    // Where the text not yet read starts: 0 or a cut.
    let mut start = 0;
    loop {
        let mark = sink.len();
        let first = match known_words(text, start, sink) {
            Ok(()) => return,
            Err(at) => at,
        };
        sink.truncate(mark);
        let from = (start + 1..=first)
            .rev()
            .find(|&i| is_cut(bytes, i))
            .unwrap_or(start);
        let to = (first + 1..bytes.len())
            .find(|&i| is_cut(bytes, i))
            .unwrap_or(bytes.len());
        // No unknown character comes before `first`.
        if known_words(&text[..from], start, sink).is_err() {
            sink.truncate(mark);
            segmenter(text, start, from, sink);
        }
        segmenter(text, from, to, sink);
        start = to;
    }
}

/// The words of `text[from..to]` as the segmenter finds them.
fn segmenter(text: &str, from: usize, to: usize, sink: &mut impl Sink) {
    for (i, word) in text[from..to].unicode_word_indices() {
        sink.ended(1, (from + i, from + i + word.len()), None);
    }
}

/// True when UAX #29 breaks words before `bytes[i]` (`i` ≥ 1) whatever
/// surrounds it: ASCII white space, then an ASCII character that is not.
fn is_cut(bytes: &[u8], i: usize) -> bool {
    bytes[i - 1].is_ascii_whitespace() && bytes[i].is_ascii() && !bytes[i].is_ascii_whitespace()
}

/// Word classes of UAX #29 among the characters known here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Class {
    /// ALetter: ASCII and Latin-1 / Latin Extended-A letters.
    Letter,
    /// Numeric: ASCII digits.
    Digit,
    /// `_` (ExtendNumLet): joins letters and digits, not a word by itself.
    Underscore,
    /// `:` `·` (MidLetter): joins two letters.
    MidLetter,
    /// `,` `;` `，` `；` (MidNum): joins two digits.
    MidNum,
    /// `.` `'` `‘` `’` (MidNumLet, Single_Quote): joins two letters or
    /// two digits.
    MidBoth,
    /// A CJK ideograph: a word by itself (class Other, but alphabetic).
    Ideograph,
    /// Anything else known: ends a word, is none (not a letter or digit).
    Other,
}

/// The classes of the ASCII characters.
const ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Underscore,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' | b'\'' => Class::MidBoth,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The class of `c`, if it is one of the characters known here; `None`
/// for the rest (other scripts, combining marks, format characters, the
/// zero-width joiner, emoji modifiers...), which go to the segmenter. The
/// test `known_characters_count_as_the_segmenter_counts` checks each of
/// them against `unicode_words`.
#[inline]
fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(ASCII[c as usize]);
    }
    Some(match c {
        '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{17f}' => Class::Letter,
        '\u{b7}' => Class::MidLetter,
        '\u{2018}' | '\u{2019}' => Class::MidBoth,
        '\u{ff0c}' | '\u{ff1b}' => Class::MidNum,
        '\u{4e00}'..='\u{9fff}' => Class::Ideograph,
        '\u{a0}'..='\u{a9}'
        | '\u{ab}'
        | '\u{ae}'..='\u{b1}'
        | '\u{b4}'
        | '\u{b6}'
        | '\u{bb}'
        | '\u{bf}'
        | '\u{d7}'
        | '\u{f7}'
        | '\u{2010}'..='\u{2017}'
        | '\u{201a}'..='\u{2023}'
        | '\u{2025}'
        | '\u{2026}'
        | '\u{2030}'..='\u{203e}'
        | '\u{20a0}'..='\u{20c0}'
        | '\u{2122}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{ff01}'
        | '\u{ff08}'
        | '\u{ff09}'
        | '\u{ff1f}'
        | '\u{1f300}'..='\u{1f3fa}'
        | '\u{1f400}'..='\u{1f64f}'
        | '\u{1f680}'..='\u{1f6ff}' => Class::Other,
        _ => return None,
    })
}

/// The words of `text[from..]` into `sink` when all its characters have a
/// [`class`] (else the byte offset of the first that has none), by
/// rules WB5 to WB13b of UAX #29: letters, digits and `_` run together
/// (WB5, WB8-WB10, WB13a-b); one MidLetter or MidNumLet between two
/// letters (WB6-7) and one MidNum or MidNumLet between two digits
/// (WB11-12) keep the run going; everything else ends it. A run is a word
/// when it holds a letter or digit; an ideograph is a word of its own.
/// One step of a table per character ([`STEP`]): no branch to mispredict
/// where words and spaces alternate (counting ignores where runs start and
/// end, and the compiler leaves that out).
#[inline]
fn known_words(text: &str, from: usize, sink: &mut impl Sink) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let mut state = 0;
    let mut i = from;
    // The run of letters, digits and `_` being read (without a Mid* after it).
    let mut run = (from, from);
    while i < bytes.len() {
        // Within a word, the rest of its ASCII letters and digits at once.
        if state == IN_LETTERS || state == IN_DIGITS {
            let n = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if n > 0 {
                i += n;
                run.1 = i;
                state = if bytes[i - 1].is_ascii_digit() {
                    IN_DIGITS
                } else {
                    IN_LETTERS
                };
                continue;
            }
        }
        let at = i;
        let b = bytes[i];
        let c = if b.is_ascii() {
            i += 1;
            ASCII[usize::from(b)]
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let Some(class) = class(c) else {
                return Err(i);
            };
            i += c.len_utf8();
            class
        };
        let (next, words, fresh) = STEP[usize::from(state)][c as usize];
        if words > 0 {
            sink.ended(words, run, (c == Class::Ideograph).then_some((at, i)));
        }
        if fresh {
            run.0 = at;
        }
        if matches!(c, Class::Letter | Class::Digit | Class::Underscore) {
            run.1 = i;
        }
        state = next;
    }
    if State::decode(state).run.is_some_and(|(alnum, _)| alnum) {
        sink.ended(1, run, None);
    }
    Ok(())
}

/// Where [`known_words`] stands after a character: in a run of letters,
/// digits and `_` (whether it holds a letter or digit, the class of its
/// last character) or not, and whether a Mid* character followed the run.
#[derive(Clone, Copy)]
struct State {
    run: Option<(bool, Class)>,
    mid: Option<Class>,
}

/// The states of a run holding a letter or digit whose last character is
/// a letter, or a digit.
const IN_LETTERS: u8 = State {
    run: Some((true, Class::Letter)),
    mid: None,
}
.encode();
const IN_DIGITS: u8 = State {
    run: Some((true, Class::Digit)),
    mid: None,
}
.encode();

/// The classes in [`STEP`]'s order.
const CLASSES: [Class; 8] = [
    Class::Letter,
    Class::Digit,
    Class::Underscore,
    Class::MidLetter,
    Class::MidNum,
    Class::MidBoth,
    Class::Ideograph,
    Class::Other,
];

/// The number of states: no run; a run (2 × 3); a run and a Mid* (× 3).
const STATES: usize = 1 + 6 + 18;

impl State {
    /// 0 for no run, then 1-6 for runs, 7-24 for runs and a Mid*.
    const fn encode(self) -> u8 {
        let Some((alnum, last)) = self.run else {
            return 0;
        };
        let run = alnum as u8 * 3 + last as u8;
        match self.mid {
            None => 1 + run,
            Some(mid) => 7 + run * 3 + (mid as u8 - Class::MidLetter as u8),
        }
    }

    const fn decode(code: u8) -> Self {
        if code == 0 {
            return Self {
                run: None,
                mid: None,
            };
        }
        let (run, mid) = if code < 7 {
            (code - 1, None)
        } else {
            (
                (code - 7) / 3,
                Some(CLASSES[(Class::MidLetter as u8 + (code - 7) % 3) as usize]),
            )
        };
        Self {
            run: Some((run / 3 == 1, CLASSES[(run % 3) as usize])),
            mid,
        }
    }

    /// The state after a character of class `c`, the words that it ended
    /// (0 to 2: a run and an ideograph), and whether it starts a new run.
    const fn step(self, c: Class) -> (Self, u8, bool) {
        let ended = match self.run {
            Some((true, _)) => 1,
            _ => 0,
        };
        let none = Self {
            run: None,
            mid: None,
        };
        match c {
            Class::Letter | Class::Digit | Class::Underscore => {
                let alnum = !matches!(c, Class::Underscore);
                let new = Self {
                    run: Some((alnum, c)),
                    mid: None,
                };
                let Some((has, last)) = self.run else {
                    return (new, 0, true);
                };
                let joined = match self.mid {
                    None => true,
                    Some(m) => {
                        (matches!(last, Class::Letter)
                            && matches!(c, Class::Letter)
                            && matches!(m, Class::MidLetter | Class::MidBoth))
                            || (matches!(last, Class::Digit)
                                && matches!(c, Class::Digit)
                                && matches!(m, Class::MidNum | Class::MidBoth))
                    }
                };
                if joined {
                    let run = Some((has || alnum, c));
                    (Self { run, mid: None }, 0, false)
                } else {
                    (new, ended, true)
                }
            }
            Class::MidLetter | Class::MidNum | Class::MidBoth => {
                let Some((_, last)) = self.run else {
                    return (none, 0, false);
                };
                let may_join = self.mid.is_none()
                    && match last {
                        Class::Letter => !matches!(c, Class::MidNum),
                        Class::Digit => !matches!(c, Class::MidLetter),
                        _ => false,
                    };
                if may_join {
                    let mid = Some(c);
                    (Self { run: self.run, mid }, 0, false)
                } else {
                    (none, ended, false)
                }
            }
            Class::Ideograph => (none, ended + 1, false),
            Class::Other => (none, ended, false),
        }
    }
}

/// [`State::step`] of every state and class: the next state's code, the
/// words ended, whether a new run starts.
const STEP: [[(u8, u8, bool); 8]; STATES] = {
    let mut table = [[(0, 0, false); 8]; STATES];
    let mut code = 0;
    while code < STATES {
        let mut c = 0;
        while c < CLASSES.len() {
            let (next, words, fresh) = State::decode(code as u8).step(CLASSES[c]);
            table[code][c] = (next.encode(), words, fresh);
            c += 1;
        }
        code += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn known_count(text: &str) -> Result<usize, usize> {
        let mut count = Count(0);
        known_words(text, 0, &mut count).map(|()| count.0)
    }

    /// [`words`] with each word's byte offset.
    fn indexed(text: &str) -> Vec<(usize, &str)> {
        let base = text.as_ptr() as usize;
        words(text)
            .into_iter()
            .map(|w| (w.as_ptr() as usize - base, w))
            .collect()
    }

    /// `unicode_word_indices`, the segmenter's words and their offsets.
    fn segmenter(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().collect()
    }

    #[test]
    fn words_of_a_news_sentence() {
        let text = "Don't say 3.14, 1,000 or e.g. U.S._Gov’t: a:b __ _x 📈 市场有风险 naïve Привет, мир: ok.\n";
        assert_eq!(word_count(text), text.unicode_words().count());
        assert_eq!(indexed(text), segmenter(text));
        assert_eq!(known_count("don't 3.14 1,000 a:b __ _x a..b"), Ok(7));
        assert_eq!(known_count("ab \u{301}"), Err(3));
        assert_eq!(
            words("don't 3.14 1,000 a:b __ _x a..b 市场 x_y.z"),
            [
                "don't", "3.14", "1,000", "a:b", "_x", "a", "b", "市", "场", "x_y.z"
            ]
        );
    }

    #[test]
    fn every_state_has_its_own_code() {
        for code in 0..STATES as u8 {
            assert_eq!(State::decode(code).encode(), code);
        }
    }

    /// Every character [`class`] knows, between letters, digits, ideographs,
    /// `_`, the known punctuation and itself, is counted as the segmenter
    /// counts it (about 22,000 characters).
    #[test]
    fn known_characters_count_as_the_segmenter_counts() {
        let mut known = 0;
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let Some(class) = class(c) else { continue };
            known += 1;
            match class {
                Class::Other => assert!(!c.is_alphanumeric(), "{c:?}"),
                Class::Letter | Class::Ideograph => assert!(c.is_alphabetic(), "{c:?}"),
                _ => {}
            }
            for around in ["a", "1", "_", "市", "é", ".", "’", ",", ":", " ", "\n", "“"] {
                for text in [
                    format!("a{c}b"),
                    format!("1{c}2"),
                    format!("{around}{c}{around}"),
                    format!("{c}{around}{c}"),
                    format!("x{around}{c}y"),
                    format!("9{c}{around}8"),
                ] {
                    assert_eq!(
                        known_count(&text),
                        Ok(text.unicode_words().count()),
                        "{text:?} ({c:?}, {:#x})",
                        u32::from(c)
                    );
                    assert_eq!(word_count(&text), text.unicode_words().count(), "{text:?}");
                    assert_eq!(indexed(&text), segmenter(&text), "{text:?}");
                }
            }
        }
        assert!(known > 21_000, "{known}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The count is `unicode_words`'s, on ASCII text built from the
        /// characters the rules treat apart and on mixed text.
        #[test]
        fn counts_what_unicode_words_counts(
            ascii in "[aZ09_.,;:'\" \n\t!-]{0,40}",
            mixed in "[a0_.,:' \n’é\u{301}\u{93e}市📈\u{200d}\u{feff}\r·，‘“—]{0,30}",
            long in "([a-z0-9.,:']{1,8}[ \n\t]{1,2}){0,40}([a-zé’\u{301}市📈.,:']{1,5}[ \n]){0,6}([a-z0-9.,:']{1,8}[ \n\t]{1,2}){0,40}",
        ) {
            prop_assert_eq!(word_count(&ascii), ascii.unicode_words().count(), "{:?}", ascii);
            prop_assert_eq!(word_count(&mixed), mixed.unicode_words().count(), "{:?}", mixed);
            prop_assert_eq!(word_count(&long), long.unicode_words().count(), "{:?}", long);
            prop_assert_eq!(indexed(&ascii), segmenter(&ascii), "{:?}", ascii);
            prop_assert_eq!(indexed(&mixed), segmenter(&mixed), "{:?}", mixed);
            prop_assert_eq!(indexed(&long), segmenter(&long), "{:?}", long);
        }
    }
}
