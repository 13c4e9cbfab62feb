//! What a segment can take part in: article text pairs freely, short
//! labels only as the heading of a group, site chrome never.

/// Segments with fewer words than this and no sentence punctuation are
/// labels (menu items, headings): never paired alone, only as the first
/// part of a 2-1 or 1-2 pair (a heading over its paragraph).
const LABEL_MAX_WORDS: usize = 3;

/// What a segment can take part in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Article text: pairs freely.
    Text,
    /// A short line without sentence punctuation (menu item, heading): only
    /// as the first part of a 2-1 or 1-2 pair.
    Label,
    /// Site chrome (copyright, cookies, sharing, sign-in, bylines) or no
    /// words at all: never paired.
    Chrome,
}

impl Kind {
    /// The kind of a segment of `words` words.
    pub(super) fn of(text: &str, words: usize) -> Self {
        let lower = text.to_lowercase();
        let chrome = words == 0
            || CHROME.iter().any(|marker| lower.contains(marker))
            || (lower.starts_with("by ") && lower.contains('|'));
        if chrome {
            Self::Chrome
        } else if words <= LABEL_MAX_WORDS
            && !text.ends_with(['.', '!', '?', '。', '！', '？', '"', '”', '’'])
        {
            Self::Label
        } else {
            Self::Text
        }
    }
}

/// Lowercase markers of site chrome (see `tests/data/eval/README.md`).
const CHROME: &[&str] = &[
    "©",
    "(c) 20",
    "all rights reserved",
    "cookie",
    "share on ",
    "copy link",
    "sign in",
    "sign up",
    "log in",
    "subscribe",
    "newsletter",
    "skip to ",
    "related articles",
    "most read",
    "reporting by ",
    "editing by ",
    "our standards",
];
