//! File bytes to text: BOMs, UTF-16, binary detection, legacy encodings, newlines.
//!
//! The order of the checks matters and is documented on [`decode`].

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::SkipReason;

/// How many leading bytes the binary and UTF-16 checks look at.
const SAMPLE_LEN: usize = 8 * 1024;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];
const UTF32LE_BOM: &[u8] = &[0xFF, 0xFE, 0x00, 0x00];
const UTF32BE_BOM: &[u8] = &[0x00, 0x00, 0xFE, 0xFF];

/// The `encoding` of text that was mostly UTF-8, with invalid bytes replaced by U+FFFD.
pub const UTF8_LOSSY: &str = "UTF-8 (lossy)";

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, with `\n` newlines only: the bytes themselves when they were
    /// UTF-8 with nothing to change (the caller copies them once, where it
    /// keeps them).
    pub text: Cow<'a, str>,
    /// What the bytes were read as: "UTF-8", "UTF-16LE", "windows-1252", [`UTF8_LOSSY`], ...
    pub encoding: &'static str,
}

/// Decodes file bytes to UTF-8 text with `\n` newlines.
///
/// In order:
/// 1. A byte order mark decides: UTF-8 (stripped), UTF-16 LE/BE; a UTF-32 BOM is binary.
/// 2. UTF-16 without a BOM, recognised by its zero high (or low) bytes
///    ([`utf16_without_bom`]; non-Latin text by [`non_latin_utf16`]).
/// 3. Binary ([`looks_binary`]): NUL bytes or mostly control characters.
/// 4. Valid UTF-8.
/// 5. Mostly UTF-8 with a few invalid bytes: lossy UTF-8.
/// 6. Otherwise a legacy encoding guessed by `chardetng` (Firefox's detector).
///
/// Newlines are then normalised ([`normalize_newlines`]); text that is empty or only
/// whitespace is [`SkipReason::Empty`]. Never panics.
///
/// # Errors
///
/// [`SkipReason::Empty`] for no text, [`SkipReason::Binary`] for bytes that are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    // UTF-32 LE starts with the UTF-16 LE BOM, so it is checked first.
    if bytes.starts_with(UTF32LE_BOM) || bytes.starts_with(UTF32BE_BOM) {
        return Err(SkipReason::Binary);
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return finish_checked(String::from_utf8_lossy(rest), "UTF-8");
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        let (text, _had_errors) = UTF_16LE.decode_without_bom_handling(rest);
        return finish_checked(text, UTF_16LE.name());
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        let (text, _had_errors) = UTF_16BE.decode_without_bom_handling(rest);
        return finish_checked(text, UTF_16BE.name());
    }
    // UTF-16 text is full of NUL bytes, so this comes before the binary
    // check. Without a NUL byte in the sample it is not UTF-16: both tests
    // below need zero bytes there (the high bytes of Latin letters, or of
    // spaces and digits), and skipping them halves the time a plain UTF-8
    // article takes here.
    let has_nul = bytes[..bytes.len().min(SAMPLE_LEN)].contains(&0);
    if has_nul
        && let Some(encoding) = utf16_without_bom(bytes)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return finish_checked(text, encoding.name());
    }
    if has_nul && let Some((text, encoding)) = non_latin_utf16(bytes) {
        return finish_checked(Cow::Owned(text), encoding.name());
    }
    if has_nul || looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    if let Ok(text) = utf8(bytes) {
        return finish(Cow::Borrowed(text), "UTF-8");
    }
    if mostly_utf8(bytes) {
        return finish(String::from_utf8_lossy(bytes), UTF8_LOSSY);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // The bytes are not valid UTF-8, so UTF-8 is not a useful guess here.
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    finish(text, encoding.name())
}

/// `bytes` as UTF-8 text: what [`std::str::from_utf8`] gives, checked
/// with SIMD first (the error, rare, comes from the standard library,
/// which says where the text stops being UTF-8).
pub fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

/// Replaces CRLF and lone CR with LF (borrow when there is nothing to change).
///
/// `"a\r\nb\rc\n"` becomes `"a\nb\nc\n"`.
#[must_use]
pub fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('\r') {
        out.push_str(before);
        out.push('\n');
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// True when bytes look binary: a NUL byte in the first 8 KiB, or more than 10% of the
/// first 8 KiB being control characters other than tab, newline, carriage return,
/// form feed and escape.
///
/// When the sample is valid UTF-8 the share is counted in chars (C1 controls count),
/// otherwise in bytes, and bytes >= 0x80 never count: they are letters in legacy
/// encodings. UTF-16 text looks binary here; [`decode`] recognises it before asking.
#[must_use]
pub fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SAMPLE_LEN)];
    if sample.contains(&0) {
        return true;
    }
    let text = match std::str::from_utf8(sample) {
        Ok(text) => Some(text),
        // Only the sample's cut split a char: the valid part is the text.
        Err(err) if err.error_len().is_none() => {
            std::str::from_utf8(&sample[..err.valid_up_to()]).ok()
        }
        Err(_) => None,
    };
    let (controls, total) = match text {
        // Counted on bytes, in passes the compiler vectorises: in UTF-8 the
        // chars are the bytes that are not continuations (10xx_xxxx), and the C1
        // controls U+0080..=U+009F are the pairs C2 80..=C2 9F.
        Some(text) => {
            let bytes = text.as_bytes();
            let ascii = count_bytes(bytes, is_binary_control_byte);
            let c1 = count_pairs(bytes, |lead, next| lead == 0xC2 && next & 0xE0 == 0x80);
            let chars = count_bytes(bytes, |b| b & 0xC0 != 0x80);
            (ascii + c1, chars)
        }
        None => (count_bytes(sample, is_binary_control_byte), sample.len()),
    };
    controls * 10 > total
}

/// How many of `bytes` pass `test`, counted in runs of 255 into one byte
/// each: the compiler then adds 16 bytes at once, where a `usize` count per
/// byte (`filter().count()`) ran a few bytes at a time, 7 times slower (it
/// was 6% of a 10,000-article export's CPU time).
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    let runs = bytes.chunks(255);
    runs.map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(test(b)))))
        .sum()
}

/// How many of the pairs of neighbouring bytes pass `test(byte, next)`,
/// counted as [`count_bytes`] counts.
fn count_pairs(bytes: &[u8], test: impl Fn(u8, u8) -> bool) -> usize {
    let next = &bytes[1.min(bytes.len())..];
    let runs = bytes.chunks(255).zip(next.chunks(255));
    runs.map(|(run, next)| {
        let pairs = run.iter().zip(next);
        usize::from(pairs.fold(0u8, |n, (&b, &c)| n + u8::from(test(b, c))))
    })
    .sum()
}

/// A control character that text files do not contain (tab, newlines, form feed and
/// escape are allowed: escape starts ANSI colour codes in logs).
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b')
}

/// [`is_binary_control`] for one byte below 0x80, as plain comparisons (a
/// byte of 0x80 or more is never one: in UTF-8 it is part of a longer char).
fn is_binary_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f
}

/// The binary test for text decoded from UTF-16 or after a BOM, where the bytes
/// themselves could not be judged: a NUL or more than 10% control chars in the
/// first 8 KiB worth of chars.
fn text_looks_binary(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(SAMPLE_LEN) {
        if c == '\0' {
            return true;
        }
        total += 1;
        if is_binary_control(c) {
            controls += 1;
        }
    }
    controls * 10 > total
}

/// UTF-16 without a BOM: in mostly-Latin text every other byte is zero.
///
/// Little endian when at least 40% of the odd-index bytes (the high bytes) in the
/// first 8 KiB are zero and at most 2% of the even-index ones are; big endian the
/// other way round. The caller still has to decode without errors.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_LEN)];
    let pairs = sample.len() / 2;
    let mut even_zeros = 0usize;
    let mut odd_zeros = 0usize;
    for pair in sample.chunks_exact(2) {
        let [even, odd] = pair else {
            continue;
        };
        even_zeros += usize::from(*even == 0);
        odd_zeros += usize::from(*odd == 0);
    }
    let many = |zeros: usize| zeros * 10 >= pairs * 4;
    let almost_none = |zeros: usize| zeros * 50 <= pairs;
    if many(odd_zeros) && almost_none(even_zeros) {
        Some(UTF_16LE)
    } else if many(even_zeros) && almost_none(odd_zeros) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-16 without a BOM of non-Latin text (Cyrillic, Greek, Arabic ...): its
/// only zero bytes are the high bytes of spaces, digits and punctuation, so
/// they are all on one side of the pairs and absent from the other.
///
/// Binary files have runs of zeros, which land on both sides; so the rule
/// is: zeros on one side only (at least 1% of the pairs in the first 8 KiB,
/// none on the other), the whole file decodes without an error, and at least
/// 80% of its first 4096 chars are letters, digits, whitespace or
/// punctuation.
fn non_latin_utf16(bytes: &[u8]) -> Option<(String, &'static Encoding)> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_LEN)];
    let pairs = sample.len() / 2;
    let (mut even_zeros, mut odd_zeros) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_zeros += usize::from(pair[0] == 0);
        odd_zeros += usize::from(pair[1] == 0);
    }
    let encoding = match (even_zeros, odd_zeros) {
        (0, odd) if odd * 100 >= pairs => UTF_16LE,
        (even, 0) if even * 100 >= pairs => UTF_16BE,
        _ => return None,
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    let (mut plausible, mut total) = (0usize, 0usize);
    for c in text.chars().take(4096) {
        total += 1;
        plausible += usize::from(
            c.is_alphanumeric()
                || c.is_whitespace()
                || c.is_ascii_punctuation()
                || ('\u{2000}'..='\u{206F}').contains(&c)
                || ('\u{3000}'..='\u{303F}').contains(&c),
        );
    }
    (plausible * 10 >= total * 8).then(|| (text.into_owned(), encoding))
}

/// True when bytes that are not valid UTF-8 are still best read as UTF-8.
///
/// Think of an analyst's news article. A UTF-8 article cut mid-character, or with one
/// stray Latin-1 byte pasted in, still has its curly quotes, dashes and accents as
/// valid multibyte sequences; reading it as Windows-1252 would turn every one of
/// them into mojibake ("â€™"), while lossy UTF-8 costs one U+FFFD per bad spot.
/// A legacy-encoded article is the opposite: each accented letter, smart quote or
/// CJK character is mostly an invalid sequence, and valid ones happen only by
/// accident (`ß“` is DF 93 in Windows-1252). Measured on news sentences, GBK,
/// Big5, Shift_JIS, EUC-KR and Windows-874 give at most 0.4 accidental valid
/// sequences per invalid one; European single-byte encodings give almost none.
///
/// So the rule is:
/// - valid UTF-8 with non-ASCII text, cut in the middle of its last character
///   (a truncated download or export): lossy UTF-8;
/// - otherwise at least three valid multibyte characters per invalid sequence.
///
/// A share of valid bytes ("99% valid") is not used on purpose: an English article in
/// Windows-1252 is 99.9% ASCII, and lossy UTF-8 would replace all its smart quotes
/// with U+FFFD. For the same reason ASCII plus a few high bytes goes to the legacy
/// detector: those bytes are most likely smart quotes from a word processor, and if
/// one is a stray byte instead, it costs one wrong letter there.
fn mostly_utf8(bytes: &[u8]) -> bool {
    if let Err(err) = std::str::from_utf8(bytes)
        && err.error_len().is_none()
    {
        return bytes[..err.valid_up_to()].iter().any(|b| !b.is_ascii());
    }
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && invalid * 3 <= multibyte
}

/// [`finish`] for text whose bytes were not checked by [`looks_binary`].
fn finish_checked<'a>(
    text: Cow<'a, str>,
    encoding: &'static str,
) -> Result<Decoded<'a>, SkipReason> {
    if text_looks_binary(&text) {
        return Err(SkipReason::Binary);
    }
    finish(text, encoding)
}

/// Normalises newlines and rejects text that is only whitespace.
fn finish<'a>(text: Cow<'a, str>, encoding: &'static str) -> Result<Decoded<'a>, SkipReason> {
    // A second BOM (U+FEFF) is as invisible as whitespace.
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
    {
        return Err(SkipReason::Empty);
    }
    let text = match normalize_newlines(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalized) => Cow::Owned(normalized),
    };
    Ok(Decoded { text, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    /// True ISO-8859-1 (`encoding_rs` treats that label as Windows-1252).
    fn latin1(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).expect("test text is Latin-1"))
            .collect()
    }

    /// Deterministic pseudo-random bytes (xorshift).
    fn noise(len: usize) -> Vec<u8> {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[3]
            })
            .collect()
    }

    fn decoded<'a>(text: &'a str, encoding: &'static str) -> Result<Decoded<'a>, SkipReason> {
        Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding,
        })
    }

    #[test]
    fn utf8_without_bom() {
        assert_eq!(
            decode("Hello, world.\n".as_bytes()),
            decoded("Hello, world.\n", "UTF-8")
        );
    }

    #[test]
    fn utf8_with_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("Café au lait".as_bytes());
        assert_eq!(decode(&bytes), decoded("Café au lait", "UTF-8"));
    }

    #[test]
    fn utf8_with_bom_and_invalid_bytes_is_lossy() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(b"abc \xFF def");
        assert_eq!(decode(&bytes), decoded("abc \u{FFFD} def", "UTF-8"));
    }

    #[test]
    fn utf16_le_with_bom() {
        let mut bytes = UTF16LE_BOM.to_vec();
        bytes.extend(utf16le("Café — 中文报道 👩‍👩‍👧\r\nsecond line"));
        assert_eq!(
            decode(&bytes),
            decoded("Café — 中文报道 👩‍👩‍👧\nsecond line", "UTF-16LE")
        );
    }

    #[test]
    fn utf16_be_with_bom() {
        let mut bytes = UTF16BE_BOM.to_vec();
        bytes.extend(utf16be("Ünïcödé “quotes”\rline"));
        assert_eq!(
            decode(&bytes),
            decoded("Ünïcödé “quotes”\nline", "UTF-16BE")
        );
    }

    #[test]
    fn utf16_without_bom_both_orders() {
        let text = "Plain English news text, stored as UTF-16 without a byte order mark.";
        assert_eq!(decode(&utf16le(text)), decoded(text, "UTF-16LE"));
        assert_eq!(decode(&utf16be(text)), decoded(text, "UTF-16BE"));
    }

    #[test]
    fn non_latin_utf16_without_bom_both_orders() {
        for text in [
            "Москва, 12 мая. Правительство объявило о новых мерах.\nВторой абзац.",
            "Αθήνα, 3 Ιουνίου. Η κυβέρνηση ανακοίνωσε νέα μέτρα.",
            "القاهرة، 5 يونيو. أعلنت الحكومة عن إجراءات جديدة.",
            "北京 5 月 12 日电 (记者 王明) 政府今天宣布了新的措施。\n第二段。",
        ] {
            assert_eq!(decode(&utf16le(text)), decoded(text, "UTF-16LE"), "{text}");
            assert_eq!(decode(&utf16be(text)), decoded(text, "UTF-16BE"), "{text}");
        }
    }

    #[test]
    fn binary_with_zeros_on_one_side_only_is_still_binary() {
        // Zeros at odd positions only, but a control character in every pair.
        let mut bytes = Vec::new();
        for i in 0..2000u32 {
            bytes.push(u8::try_from(i % 31 + 1).unwrap());
            bytes.push(if i % 7 == 0 { 0 } else { 0x01 });
        }
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
    }

    #[test]
    fn utf32_bom_is_binary() {
        let mut bytes = UTF32LE_BOM.to_vec();
        bytes.extend_from_slice(&[b'a', 0, 0, 0, b'b', 0, 0, 0]);
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
        let mut bytes = UTF32BE_BOM.to_vec();
        bytes.extend_from_slice(&[0, 0, 0, b'a', 0, 0, 0, b'b']);
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
    }

    #[test]
    fn utf16_bom_over_binary_is_binary() {
        let mut bytes = UTF16LE_BOM.to_vec();
        bytes.extend_from_slice(&[1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]);
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
    }

    #[test]
    fn windows_1252() {
        let text = "Café déjà vu — “quoted”";
        let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!had_errors);
        let result = decode(&bytes).expect("text");
        assert_eq!(result.text, text);
        assert_eq!(result.encoding, "windows-1252");
    }

    #[test]
    fn ascii_with_smart_quotes_is_windows_1252_not_lossy() {
        let result = decode(b"He said \x93hello\x94 and left \x96 quickly.").expect("text");
        assert_eq!(result.text, "He said “hello” and left – quickly.");
        assert_eq!(result.encoding, "windows-1252");
    }

    #[test]
    fn latin1_paragraphs() {
        let french = "Le président a déclaré qu'il était prêt à négocier « sans conditions » \
                      avec les syndicats, après une journée de grève très suivie à Paris et \
                      dans les grandes villes. Les élèves, les employés et même les retraités \
                      ont défilé derrière des banderoles où l'on lisait « Ça suffit ! ».";
        let german = "Die Bundesregierung hat am Mittwoch überraschend angekündigt, die \
                      Förderung für Wärmepumpen zu kürzen. Kritiker äußerten sich empört: \
                      »Das ist ein schwerer Schlag für die Energiewende«, sagte eine Sprecherin \
                      des Verbands. Größere Städte müssen nun ihre Pläne überarbeiten.";
        for text in [french, german] {
            let bytes = latin1(text);
            let result = decode(&bytes).expect("text");
            assert_eq!(result.text, text, "read as {}", result.encoding);
        }
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(
            decode(b"one\r\ntwo\rthree\n\rfour\r\r"),
            decoded("one\ntwo\nthree\n\nfour\n\n", "UTF-8")
        );
        assert!(matches!(
            normalize_newlines("no carriage return\n"),
            Cow::Borrowed(_)
        ));
        assert_eq!(normalize_newlines("a\r\n\r\nb\r"), "a\n\nb\n");
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(decode(b"  \r\n\t \n"), Err(SkipReason::Empty));
        assert_eq!(decode(UTF8_BOM), Err(SkipReason::Empty));
        assert_eq!(decode(UTF16LE_BOM), Err(SkipReason::Empty));
        assert_eq!(
            decode("\u{FEFF}\u{FEFF} \u{A0}\n".as_bytes()),
            Err(SkipReason::Empty)
        );
        assert_eq!(decode(&utf16le(" \n  \t  ")), Err(SkipReason::Empty));
    }

    #[test]
    fn png_is_binary() {
        let mut bytes = vec![
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0, 0, 0, 13,
        ];
        bytes.extend_from_slice(b"IHDR");
        bytes.extend(noise(4000));
        assert!(looks_binary(&bytes));
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
    }

    #[test]
    fn noise_without_nul_is_binary() {
        // Random bytes are about 12% controls (0x01-0x1F, 0x7F without the allowed five).
        let bytes: Vec<u8> = noise(8000).into_iter().map(|b| b.max(1)).collect();
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
    }

    #[test]
    fn many_control_chars_are_binary() {
        let bytes: Vec<u8> = b"ab\x01\x02cd\x03\x04ef\x05\x06gh\x07\x08".repeat(50);
        assert!(looks_binary(&bytes));
        assert_eq!(decode(&bytes), Err(SkipReason::Binary));
    }

    #[test]
    fn a_few_control_chars_are_text() {
        let text = "A log line \x1b[31mred\x1b[0m, a bell \x07 and a form feed \x0c here.";
        assert!(!looks_binary(text.as_bytes()));
        assert_eq!(decode(text.as_bytes()), decoded(text, "UTF-8"));
    }

    #[test]
    fn high_bytes_are_not_controls() {
        // Windows-1251 Cyrillic: every letter is >= 0x80, none of them a control.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Правительство объявило о новых мерах поддержки.");
        assert!(!looks_binary(&bytes));
        let result = decode(&bytes).expect("text");
        assert_eq!(
            result.text,
            "Правительство объявило о новых мерах поддержки."
        );
    }

    #[test]
    fn unicode_survives_unchanged() {
        let text = "Family 👩‍👩‍👧, flag 🇫🇷, cafe\u{301}, 中文报道, עברית, नमस्ते.";
        assert_eq!(decode(text.as_bytes()), decoded(text, "UTF-8"));
    }

    #[test]
    fn invalid_byte_in_mostly_utf8_text() {
        let before = "Le ministre a déclaré « nous n’avons rien à cacher » — ".repeat(20);
        let after = " et la séance a été levée à 18 h. 中文报道.".repeat(20);
        let mut bytes = before.as_bytes().to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(after.as_bytes());
        assert_eq!(
            decode(&bytes),
            decoded(&format!("{before}\u{FFFD}{after}"), UTF8_LOSSY)
        );
    }

    #[test]
    fn short_utf8_with_a_stray_byte_is_lossy() {
        let bytes = b"\xE2\x80\x9CYes,\xE2\x80\x9D she said \xE2\x80\x94 caf\xE9 closed.";
        assert_eq!(
            decode(bytes),
            decoded("“Yes,” she said — caf\u{FFFD} closed.", UTF8_LOSSY)
        );
    }

    #[test]
    fn latin1_ending_in_an_accent_is_not_truncated_utf8() {
        let result = decode(b"Il a bu un caf\xE9").expect("text");
        assert_eq!(result.text, "Il a bu un café");
        assert_eq!(result.encoding, "windows-1252");
    }

    #[test]
    fn cjk_legacy_encodings_are_not_mistaken_for_utf8() {
        let samples = [
            (
                "中国政府今天宣布了新的经济刺激计划，以应对经济放缓。国务院总理在北京召开的新闻发布会上表示，\
                 政府将加大基础设施投资，并减轻中小企业的税收负担。",
                encoding_rs::GBK,
            ),
            (
                "日本の首相は記者会見で新しい経済対策を発表しました。政府は物価高に対応するため、\
                 電気料金やガソリン価格の補助を延長する方針です。",
                encoding_rs::SHIFT_JIS,
            ),
            (
                "정부는 오늘 새로운 경제 부양책을 발표했다. 국무총리는 서울에서 열린 기자회견에서 \
                 사회기반시설 투자를 확대하겠다고 밝혔다.",
                encoding_rs::EUC_KR,
            ),
        ];
        for (text, encoding) in samples {
            let (bytes, _, had_errors) = encoding.encode(text);
            assert!(!had_errors);
            let result = decode(&bytes).expect("text");
            assert_eq!(result.text, text);
            assert_eq!(result.encoding, encoding.name());
        }
    }

    #[test]
    fn truncated_utf8_is_lossy() {
        let text = "中文报道";
        let bytes = &text.as_bytes()[..text.len() - 1];
        assert_eq!(decode(bytes), decoded("中文报\u{FFFD}", UTF8_LOSSY));
    }

    #[test]
    fn looks_binary_ignores_a_char_cut_by_the_sample() {
        // 8 KiB of two-byte chars plus one: the sample ends in the middle of a char.
        let text = format!("a{}", "é".repeat(SAMPLE_LEN));
        assert!(!looks_binary(text.as_bytes()));
    }

    /// `looks_binary` as it was written first: chars counted one by one.
    fn looks_binary_by_chars(bytes: &[u8]) -> bool {
        let sample = &bytes[..bytes.len().min(SAMPLE_LEN)];
        if sample.contains(&0) {
            return true;
        }
        let valid = match std::str::from_utf8(sample) {
            Ok(text) => Some(text),
            Err(err) if err.error_len().is_none() => {
                std::str::from_utf8(&sample[..err.valid_up_to()]).ok()
            }
            Err(_) => None,
        };
        let (controls, total) = match valid {
            Some(text) => (
                text.chars().filter(|&c| is_binary_control(c)).count(),
                text.chars().count(),
            ),
            None => (
                sample
                    .iter()
                    .filter(|&&b| b < 0x80 && is_binary_control(char::from(b)))
                    .count(),
                sample.len(),
            ),
        };
        controls * 10 > total
    }

    proptest! {
        #[test]
        fn looks_binary_counts_bytes_as_it_counted_chars(
            text in "[\\x01-\\x{2f}\\x{7f}-\\x{a0}a-zé€😀]{0,200}",
            cut in 0usize..4,
        ) {
            let bytes = text.as_bytes();
            let bytes = &bytes[..bytes.len().saturating_sub(cut)];
            prop_assert_eq!(looks_binary(bytes), looks_binary_by_chars(bytes));
            let long = format!("{}{text}", "x".repeat(SAMPLE_LEN - 3));
            prop_assert_eq!(looks_binary(long.as_bytes()), looks_binary_by_chars(long.as_bytes()));
        }

        /// Counted in runs of 255, as `filter().count()` counts, across
        /// the runs' ends too.
        #[test]
        fn counts_in_runs_are_plain_counts(bytes in proptest::collection::vec(any::<u8>(), 0..1200)) {
            let test = |b: u8| b.is_multiple_of(3);
            prop_assert_eq!(count_bytes(&bytes, test), bytes.iter().filter(|&&b| test(b)).count());
            let pair = |b: u8, c: u8| b.is_multiple_of(2) && c.is_multiple_of(3);
            let plain = bytes.windows(2).filter(|w| pair(w[0], w[1])).count();
            prop_assert_eq!(count_pairs(&bytes, pair), plain);
            // Every byte and pair passing: full runs of 255.
            prop_assert_eq!(count_bytes(&bytes, |_| true), bytes.len());
            prop_assert_eq!(count_pairs(&bytes, |_, _| true), bytes.len().saturating_sub(1));
        }

        /// What lets `decode` skip both tests for bytes without a NUL in
        /// their sample: neither finds UTF-16 there.
        #[test]
        fn utf16_without_a_bom_is_never_found_without_a_zero_byte(
            units in proptest::collection::vec(1u16.., 2..600),
            le in any::<bool>(),
            tail in proptest::collection::vec(any::<u8>(), 0..4),
        ) {
            let mut bytes: Vec<u8> = if le {
                units.iter().flat_map(|u| u.to_le_bytes()).collect()
            } else {
                units.iter().flat_map(|u| u.to_be_bytes()).collect()
            };
            bytes.retain(|&b| b != 0);
            bytes.extend(tail.iter().map(|&b| b.max(1)));
            prop_assert!(utf16_without_bom(&bytes).is_none());
            prop_assert!(non_latin_utf16(&bytes).is_none());
        }

        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
            if let Ok(result) = decode(&bytes) {
                prop_assert!(!result.text.contains('\r'));
                prop_assert!(!result.text.trim().is_empty());
            }
        }

        #[test]
        fn utf16_like_bytes_never_panic(units in proptest::collection::vec(any::<u16>(), 0..500), le in any::<bool>()) {
            let bytes: Vec<u8> = if le {
                units.iter().flat_map(|u| u.to_le_bytes()).collect()
            } else {
                units.iter().flat_map(|u| u.to_be_bytes()).collect()
            };
            if let Ok(result) = decode(&bytes) {
                prop_assert!(!result.text.contains('\r'));
            }
        }

        #[test]
        fn text_round_trips(s in "[\\PC\r\n\t]{0,300}") {
            let result = decode(s.as_bytes());
            if s.trim().is_empty() {
                prop_assert_eq!(result, Err(SkipReason::Empty));
            } else {
                let expected = normalize_newlines(&s).into_owned();
                prop_assert_eq!(result, Ok(Decoded { text: Cow::Owned(expected), encoding: "UTF-8" }));
            }
        }
    }
}
