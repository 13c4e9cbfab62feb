//! Text for the terminal: names, quotes and messages from files are shown
//! with their control characters escaped, so that a label named
//! `"a\u{1b}[31m"` prints as `a\u{1b}[31m` instead of turning the terminal red.

use std::borrow::Cow;

use crate::model::is_unprintable;

/// `text` with every control character, line break and bidirectional mark
/// written as a Rust escape (`\u{1b}`, `\n`); the text itself when it has none.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_marks_are_escaped() {
        assert_eq!(shown("Claim"), "Claim");
        assert!(matches!(shown("主张 é"), Cow::Borrowed(_)));
        assert_eq!(shown("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(shown("x\ny\tz"), "x\\ny\\tz");
        assert_eq!(shown("\u{202e}mialC"), "\\u{202e}mialC");
    }
}
