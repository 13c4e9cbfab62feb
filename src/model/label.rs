//! The label schema: the names analysts give to spans.

use std::fmt;

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};

use super::intern::{Recent, deserialize_shared};

/// A label's stable id (kept when the label is renamed).
/// Shared like [`super::DocumentId`]: every annotation names one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct LabelId(pub Arc<str>);

thread_local! {
    static LABEL_IDS: Recent = const { Recent::new() };
}

impl<'de> Deserialize<'de> for LabelId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_shared(deserializer, &LABEL_IDS).map(Self)
    }
}

impl LabelId {
    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for LabelId {
    fn from(s: &str) -> Self {
        Self(s.into())
    }
}

impl From<String> for LabelId {
    fn from(s: String) -> Self {
        Self(s.into())
    }
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Parses `#rrggbb`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.strip_prefix('#')?;
        if s.len() != 6 || !s.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
        Some(Self([channel(0)?, channel(2)?, channel(4)?]))
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a colour like \"#e8a33d\", found {s:?}"))
        })
    }
}

/// The colours new labels get, in turn: the first three are those of the
/// default schema (Claim, Disclaimer, Boilerplate). Chosen for both themes:
/// each tints the dark and the light background visibly at the reader's
/// fill opacity, and no two are alike (the UI's tests check both).
pub const PALETTE: [Rgb; 12] = [
    Rgb([0xe8, 0xa3, 0x3d]),
    Rgb([0x4f, 0x8f, 0xd8]),
    Rgb([0x9a, 0x9a, 0x9a]),
    Rgb([0xd9, 0x53, 0x4f]),
    Rgb([0x5c, 0xb8, 0x5c]),
    Rgb([0x9b, 0x59, 0xb6]),
    Rgb([0x1a, 0xbc, 0x9c]),
    Rgb([0xe6, 0x7e, 0x22]),
    Rgb([0xc0, 0x39, 0x8b]),
    Rgb([0x7a, 0x6f, 0xe0]),
    Rgb([0xb8, 0xa9, 0x0f]),
    Rgb([0xa8, 0x6f, 0x45]),
];

/// One label of the schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: LabelId,
    /// Name shown to users and written in exports.
    pub name: String,
    pub color: Rgb,
    /// Shortcut key 1-9, if any.
    #[serde(default)]
    pub key: Option<u8>,
}

/// The labels of a project, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelSchema {
    pub labels: Vec<Label>,
}

impl Default for LabelSchema {
    fn default() -> Self {
        let label = |name: &str, color: [u8; 3], key: u8| Label {
            id: LabelId(name.to_lowercase().into()),
            name: name.to_owned(),
            color: Rgb(color),
            key: Some(key),
        };
        Self {
            labels: vec![
                label("Claim", [0xe8, 0xa3, 0x3d], 1),
                label("Disclaimer", [0x4f, 0x8f, 0xd8], 2),
                label("Boilerplate", [0x9a, 0x9a, 0x9a], 3),
            ],
        }
    }
}

impl LabelSchema {
    /// The label with this id.
    pub fn get(&self, id: &LabelId) -> Option<&Label> {
        self.labels.iter().find(|l| &l.id == id)
    }

    /// The label with this name (case-insensitive, surrounding blanks ignored).
    pub fn by_name(&self, name: &str) -> Option<&Label> {
        let wanted = name_key(name);
        self.labels.iter().find(|l| name_key(&l.name) == wanted)
    }

    /// The label bound to shortcut key `key` (1-9).
    pub fn by_key(&self, key: u8) -> Option<&Label> {
        self.labels.iter().find(|l| l.key == Some(key))
    }

    /// Display name of a label id; the id itself for an unknown label.
    pub fn name_of<'a>(&'a self, id: &'a LabelId) -> &'a str {
        self.get(id).map_or(&id.0, |l| &l.name)
    }

    /// An id not used yet, derived from `name`.
    pub fn fresh_id(&self, name: &str) -> LabelId {
        let base: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let base = if base.is_empty() {
            "label".to_owned()
        } else {
            base
        };
        let mut id = LabelId(base.as_str().into());
        let mut n = 2;
        while self.get(&id).is_some() {
            id = LabelId(format!("{base}-{n}").into());
            n += 1;
        }
        id
    }

    /// The colour for a label added now: the [`PALETTE`] entry at the number
    /// of labels, wrapping around after the last.
    pub fn next_color(&self) -> Rgb {
        PALETTE[self.labels.len() % PALETTE.len()]
    }

    /// The first shortcut key 1-9 not bound yet.
    pub fn free_key(&self) -> Option<u8> {
        (1..=9).find(|k| self.by_key(*k).is_none())
    }
}

/// What two label names that count as the same name have in common: the
/// name without surrounding blanks, lower-cased (`"Claim"` and `" claim"`).
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Why a label name cannot be used, if it cannot: it must hold something
/// besides blanks, and no control character (ESC, NUL …), line break or
/// bidirectional override, which would break exports line by line (brat,
/// CoNLL) and turn into escape sequences on a terminal.
pub fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a label name cannot be empty or blank".to_owned());
    }
    let bad = name.chars().find(|&c| is_unprintable(c))?;
    Some(format!(
        "a label name cannot hold control characters or line breaks (it has {})",
        bad.escape_unicode()
    ))
}

/// Control characters, line and paragraph separators, and the invisible
/// marks that reorder text (bidirectional overrides, embeddings, isolates).
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
                | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control character, line break and bidirectional mark
/// ([`is_unprintable`]) written as a Rust escape (`\u{1b}`, `\n`), for
/// terminals and lists of names; the text itself when it has none.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_has_three_keyed_labels() {
        let schema = LabelSchema::default();
        let names: Vec<_> = schema
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.key))
            .collect();
        assert_eq!(
            names,
            [
                ("Claim", Some(1)),
                ("Disclaimer", Some(2)),
                ("Boilerplate", Some(3))
            ]
        );
        assert_eq!(schema.free_key(), Some(4));
        assert_eq!(schema.by_name("claim").map(|l| l.key), Some(Some(1)));
        assert_eq!(schema.fresh_id("Claim").as_str(), "claim-2");
        assert_eq!(schema.fresh_id("Hedged claim!").as_str(), "hedged-claim-");
    }

    #[test]
    fn next_color_walks_the_palette_by_label_count_and_wraps() {
        let mut schema = LabelSchema { labels: Vec::new() };
        let mut colors = Vec::new();
        for n in 0..PALETTE.len() + 2 {
            colors.push(schema.next_color());
            schema.labels.push(Label {
                id: schema.fresh_id("L"),
                name: format!("L{n}"),
                color: schema.next_color(),
                key: None,
            });
        }
        assert_eq!(colors[..PALETTE.len()], PALETTE);
        assert_eq!(colors[PALETTE.len()..], PALETTE[..2]);
        // The default schema's three labels take the first three colours.
        let default = LabelSchema::default();
        let used: Vec<Rgb> = default.labels.iter().map(|l| l.color).collect();
        assert_eq!(used, PALETTE[..3]);
        assert_eq!(default.next_color(), Rgb([0xd9, 0x53, 0x4f]));
    }

    #[test]
    fn palette_colours_are_far_apart() {
        // Euclidean distance of the sRGB channels; the retired pair of greys
        // (#9a9a9a and #7f8c8d) was 33 apart.
        let distance = |a: Rgb, b: Rgb| {
            let d = |i: usize| (f32::from(a.0[i]) - f32::from(b.0[i])).powi(2);
            (d(0) + d(1) + d(2)).sqrt()
        };
        assert!(distance(Rgb([0x9a; 3]), Rgb([0x7f, 0x8c, 0x8d])) < 40.0);
        for (i, &a) in PALETTE.iter().enumerate() {
            for &b in &PALETTE[i + 1..] {
                assert!(distance(a, b) >= 40.0, "{} and {}", a.hex(), b.hex());
            }
        }
    }

    #[test]
    fn names_that_are_blank_or_hold_control_characters_are_refused() {
        for bad in [
            "",
            "  ",
            "a\u{1b}[31m",
            "x\ny",
            "tab\there",
            "\u{202e}mialC",
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        assert_eq!(
            name_problem("a\u{1b}[31m").unwrap(),
            "a label name cannot hold control characters or line breaks (it has \\u{1b})"
        );
        for good in ["Claim", "Hedged claim!", "主张", "Ça va"] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        let schema = LabelSchema::default();
        assert_eq!(schema.by_name(" CLAIM ").map(|l| l.key), Some(Some(1)));
        assert_eq!(name_key("Ça"), name_key("ça"));
    }

    #[test]
    fn colours_round_trip_and_reject_garbage() {
        assert_eq!(Rgb::parse("#e8a33d"), Some(Rgb([0xe8, 0xa3, 0x3d])));
        assert_eq!(Rgb([1, 2, 255]).hex(), "#0102ff");
        for bad in ["e8a33d", "#e8a33", "#zzzzzz", "#ééé"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn control_characters_and_bidi_marks_are_escaped() {
        assert_eq!(escaped("Claim"), "Claim");
        assert!(matches!(escaped("主张 é"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(escaped("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(escaped("x\ny\tz"), "x\\ny\\tz");
        assert_eq!(escaped("\u{202e}mialC"), "\\u{202e}mialC");
    }
}
