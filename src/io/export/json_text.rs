//! A long text as a JSON string, byte for byte as serde_json writes it, but
//! looked through eight bytes at a time.
//!
//! serde_json looks up every byte of a string in a table to find the ones to
//! escape; an article's text is almost all plain bytes, and that loop was the
//! largest single cost of a JSONL export (8 % of its CPU at 10,000
//! articles). Here a word of eight bytes is tested at once for a quote, a
//! backslash or a control character, and only a word holding one is looked
//! at byte by byte. The escapes are serde_json's own (`\n`, `\t`, …,
//! `\u001f` in lower case; nothing above U+001F escaped), so a file's bytes
//! do not depend on which of the two wrote a string (a property test).

/// Eight copies of a byte.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

const HIGH_BITS: u64 = splat(0x80);

/// Whether any byte of `word` is below `n` (n ≤ 0x80). Exact for the word as
/// a whole (a borrow can mark a byte above a low one, never a word without
/// one).
const fn any_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(splat(n)) & !word & HIGH_BITS != 0
}

/// Whether any byte of `word` is `byte`.
const fn any_is(word: u64, byte: u8) -> bool {
    any_below(word ^ splat(byte), 1)
}

/// Whether serde_json escapes this byte.
const fn escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The index of the first byte from `from` on that is escaped.
fn next_escaped(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if any_below(word, 0x20) || any_is(word, b'"') || any_is(word, b'\\') {
            break;
        }
        from += 8;
    }
    (from..bytes.len()).find(|&i| escaped(bytes[i]))
}

/// Appends `text` as a JSON string (with its quotes) to `out`.
pub(crate) fn push_json_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    while let Some(i) = next_escaped(bytes, start) {
        out.extend_from_slice(&bytes[start..i]);
        let byte = bytes[i];
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::push_json_str;

    fn ours(text: &str) -> String {
        let mut out = Vec::new();
        push_json_str(&mut out, text);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn every_escape_is_serde_jsons() {
        let all: String = (0u8..0x80).map(char::from).collect();
        let text = format!("{all}é«»👩‍👩‍👧\u{2028}\u{7f}\"\\");
        assert_eq!(ours(&text), serde_json::to_string(&text).unwrap());
        assert_eq!(ours(""), "\"\"");
        assert_eq!(ours("a\"b"), r#""a\"b""#);
        assert_eq!(ours("line\nnext\u{1f}"), r#""line\nnext\u001f""#);
    }

    #[test]
    fn escapes_at_every_place_of_a_word_are_found() {
        // An escape at each of a word's eight places, and just after a word
        // of bytes just above and below the ones tested (0x1f/0x20, 0x21/0x23,
        // 0x5b/0x5d, and bytes of 0x80 and above, which a borrow could
        // confuse).
        for place in 0..24 {
            for escape in ["\"", "\\", "\n", "\u{1}", "\u{1f}"] {
                for fill in [" ", "!", "#", "[", "]", "\u{7f}", "é", "\u{ffff}"] {
                    let mut text = fill.repeat(place);
                    text.push_str(escape);
                    text.push_str(&fill.repeat(9));
                    assert_eq!(
                        ours(&text),
                        serde_json::to_string(&text).unwrap(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(text in any::<String>()) {
            prop_assert_eq!(ours(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn texts_of_plain_words_and_escapes_are_too(
            text in "([a-z \u{e9}\u{1f469}]{0,12}[\"\\\\\n\t\u{0}-\u{1f}]?){0,20}"
        ) {
            prop_assert_eq!(ours(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
