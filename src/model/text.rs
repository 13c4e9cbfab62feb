//! Text offsets: byte, code-point, UTF-16 and grapheme-cluster positions,
//! and half-open spans.
//!
//! Inside the program every position is a [`ByteOffset`] into a document's
//! decoded UTF-8 text, always on a char boundary. Other units exist only at
//! the edges (exports, imports, the UI's text cursor) and are converted in
//! exactly one place: [`OffsetIndex`], whose methods convert code points,
//! UTF-16 units and grapheme clusters to and from bytes.
//!
//! Spans are half-open, `[start, end)`:
//!
//! ```text
//! text:  S o m e ␣ t e x t
//! byte:  0 1 2 3 4 5 6 7 8 9
//! span (2, 7) covers "me te"
//! ```

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// A position in UTF-8 bytes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ByteOffset(pub usize);

/// A position in Unicode code points (what Python string indices count).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

/// A position in UTF-16 code units (what JavaScript string indices count).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Utf16Offset(pub usize);

/// A position in extended grapheme clusters (what a reader calls characters;
/// doccano's grapheme mode counts them). Only imports read offsets in this unit.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct GraphemeOffset(pub usize);

/// The unit an offset is counted in, as named in exports and on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-8 bytes.
    Byte,
    /// Unicode code points.
    Codepoint,
    /// UTF-16 code units.
    Utf16,
}

impl fmt::Display for OffsetUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Byte => "byte",
            Self::Codepoint => "codepoint",
            Self::Utf16 => "utf16",
        })
    }
}

/// Why a span could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    #[error("span start {start} is after its end {end}")]
    Reversed { start: usize, end: usize },
    #[error("span end {end} is past the end of the text ({len} bytes)")]
    OutOfBounds { end: usize, len: usize },
    #[error("offset {offset} is inside a character (not on a character boundary)")]
    NotCharBoundary { offset: usize },
}

/// A half-open byte range `[start, end)` into a text, on char boundaries.
/// Serialised as a pair `(start, end)`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(from = "(usize, usize)", into = "(usize, usize)")]
pub struct Span {
    pub start: ByteOffset,
    pub end: ByteOffset,
}

impl Span {
    /// Makes a span over `text`, checking order, bounds and char boundaries.
    pub fn new(text: &str, start: usize, end: usize) -> Result<Self, SpanError> {
        let span = Self {
            start: ByteOffset(start),
            end: ByteOffset(end),
        };
        span.check(text)?;
        Ok(span)
    }

    /// Checks that this span is valid for `text`.
    pub fn check(&self, text: &str) -> Result<(), SpanError> {
        let (start, end) = (self.start.0, self.end.0);
        if start > end {
            return Err(SpanError::Reversed { start, end });
        }
        if end > text.len() {
            return Err(SpanError::OutOfBounds {
                end,
                len: text.len(),
            });
        }
        for offset in [start, end] {
            if !text.is_char_boundary(offset) {
                return Err(SpanError::NotCharBoundary { offset });
            }
        }
        Ok(())
    }

    /// The byte range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start.0..self.end.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.0 - self.start.0
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` if it does not fit `text`.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.range())
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<(usize, usize)> for Span {
    fn from((start, end): (usize, usize)) -> Self {
        Self {
            start: ByteOffset(start),
            end: ByteOffset(end),
        }
    }
}

impl From<Span> for (usize, usize) {
    fn from(span: Span) -> Self {
        (span.start.0, span.end.0)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start.0, self.end.0)
    }
}

/// Converts between byte, code-point, UTF-16 and grapheme-cluster offsets of
/// one text.
///
/// Built once per text in O(n); every code-point and UTF-16 conversion is
/// then O(log n) or better. The index stores a checkpoint every
/// [`Self::STRIDE`] code points, so its memory is a small fraction of the
/// text. Grapheme clusters (only imports count in them) get a table of their
/// boundaries the first time one is converted, then O(1) or O(log n).
#[derive(Clone, Debug)]
pub struct OffsetIndex {
    /// For checkpoint `k`: (byte offset, utf16 offset) of code point `k * STRIDE`.
    checkpoints: Vec<(usize, usize)>,
    /// The byte offset of each grapheme cluster's start, then the text's
    /// length; built on first use.
    graphemes: std::sync::OnceLock<Vec<u32>>,
    byte_len: usize,
    char_len: usize,
    utf16_len: usize,
    /// True when the text is pure ASCII: all three units coincide.
    ascii: bool,
}

impl OffsetIndex {
    const STRIDE: usize = 64;

    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut char_len = 0;
        let mut utf16 = 0;
        if ascii {
            char_len = text.len();
            utf16 = text.len();
        } else {
            for (byte, c) in text.char_indices() {
                if char_len % Self::STRIDE == 0 {
                    checkpoints.push((byte, utf16));
                }
                char_len += 1;
                utf16 += c.len_utf16();
            }
        }
        Self {
            checkpoints,
            graphemes: std::sync::OnceLock::new(),
            byte_len: text.len(),
            char_len,
            utf16_len: utf16,
            ascii,
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Length of the text in UTF-16 units.
    pub fn utf16_len(&self) -> usize {
        self.utf16_len
    }

    /// Length of the text in bytes.
    pub fn byte_len(&self) -> usize {
        self.byte_len
    }

    /// Code-point offset of a byte offset. Offsets inside a char round down;
    /// offsets past the end clamp to the end.
    pub fn byte_to_char(&self, text: &str, byte: ByteOffset) -> CharOffset {
        let byte = byte.0.min(self.byte_len);
        if self.ascii {
            return CharOffset(byte);
        }
        let k = self.checkpoints.partition_point(|&(b, _)| b <= byte) - 1;
        let (base, _) = self.checkpoints[k];
        let extra = text[base..]
            .char_indices()
            .take_while(|&(i, _)| base + i < byte)
            .count();
        // A byte inside a char counts that char as started; round down instead.
        let char = k * Self::STRIDE + extra;
        let char = if text.is_char_boundary(byte) {
            char
        } else {
            char - 1
        };
        CharOffset(char)
    }

    /// Byte offset of a code-point offset; past the end clamps to the end.
    pub fn char_to_byte(&self, text: &str, char: CharOffset) -> ByteOffset {
        if char.0 >= self.char_len {
            return ByteOffset(self.byte_len);
        }
        if self.ascii {
            return ByteOffset(char.0);
        }
        let k = char.0 / Self::STRIDE;
        let (base, _) = self.checkpoints[k];
        let rest = char.0 - k * Self::STRIDE;
        let byte = text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.byte_len, |(i, _)| base + i);
        ByteOffset(byte)
    }

    /// UTF-16 offset of a byte offset (rounded down to a char boundary).
    pub fn byte_to_utf16(&self, text: &str, byte: ByteOffset) -> Utf16Offset {
        let byte = byte.0.min(self.byte_len);
        if self.ascii {
            return Utf16Offset(byte);
        }
        let k = self.checkpoints.partition_point(|&(b, _)| b <= byte) - 1;
        let (base, base16) = self.checkpoints[k];
        let units: usize = text[base..]
            .char_indices()
            .take_while(|&(i, c)| base + i + c.len_utf8() <= byte)
            .map(|(_, c)| c.len_utf16())
            .sum();
        Utf16Offset(base16 + units)
    }

    /// Byte offset of a UTF-16 offset. An offset that falls between the two
    /// halves of a surrogate pair is an error in the source: `None`.
    pub fn utf16_to_byte(&self, text: &str, unit: Utf16Offset) -> Option<ByteOffset> {
        if unit.0 > self.utf16_len {
            return None;
        }
        if self.ascii {
            return Some(ByteOffset(unit.0));
        }
        let k = self.checkpoints.partition_point(|&(_, u)| u <= unit.0) - 1;
        let (base, mut at16) = self.checkpoints[k];
        for (i, c) in text[base..].char_indices() {
            if at16 == unit.0 {
                return Some(ByteOffset(base + i));
            }
            if at16 > unit.0 {
                return None;
            }
            at16 += c.len_utf16();
        }
        (at16 == unit.0).then_some(ByteOffset(self.byte_len))
    }

    /// Converts a byte offset to `unit`.
    pub fn from_byte(&self, text: &str, byte: ByteOffset, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Byte => byte.0,
            OffsetUnit::Codepoint => self.byte_to_char(text, byte).0,
            OffsetUnit::Utf16 => self.byte_to_utf16(text, byte).0,
        }
    }

    /// Converts an offset in `unit` to a byte offset; `None` when it is past
    /// the end or not on a char boundary of the text.
    pub fn to_byte(&self, text: &str, offset: usize, unit: OffsetUnit) -> Option<ByteOffset> {
        match unit {
            OffsetUnit::Byte => (offset <= text.len() && text.is_char_boundary(offset))
                .then_some(ByteOffset(offset)),
            OffsetUnit::Codepoint => {
                (offset <= self.char_len).then(|| self.char_to_byte(text, CharOffset(offset)))
            }
            OffsetUnit::Utf16 => self.utf16_to_byte(text, Utf16Offset(offset)),
        }
    }

    /// The grapheme boundaries of `text` (the text this index was made of).
    fn grapheme_table(&self, text: &str) -> &[u32] {
        self.graphemes.get_or_init(|| {
            // Byte offsets fit in u32: files over 50 MB are not read.
            text.grapheme_indices(true)
                .map(|(i, _)| i as u32)
                .chain(std::iter::once(text.len() as u32))
                .collect()
        })
    }

    /// Byte offset of a grapheme-cluster offset; `None` when it is past the
    /// end. O(n) the first time (the boundaries are tabled), then O(1).
    ///
    /// ```text
    /// text "a👩‍👩‍👧e\u{301}z", its clusters: a, the family (one cluster of
    /// five code points), e with its accent, z
    /// grapheme:  0  1  2   3   4 (the end)
    /// byte:      0  1  19  22  23
    /// ```
    pub fn grapheme_to_byte(&self, text: &str, grapheme: GraphemeOffset) -> Option<ByteOffset> {
        if grapheme.0 == 0 {
            return Some(ByteOffset(0));
        }
        self.grapheme_table(text)
            .get(grapheme.0)
            .map(|&b| ByteOffset(b as usize))
    }

    /// Grapheme-cluster offset of a byte offset: the number of clusters that
    /// end at or before it, so an offset inside a cluster rounds down; past
    /// the end clamps to the end. O(n) the first time, then O(log n).
    pub fn byte_to_grapheme(&self, text: &str, byte: ByteOffset) -> GraphemeOffset {
        let byte = byte.0.min(text.len());
        let ends = self.grapheme_table(text).get(1..).unwrap_or_default();
        GraphemeOffset(ends.partition_point(|&end| end as usize <= byte))
    }
}

/// Moves a byte offset down to the nearest grapheme-cluster boundary.
pub fn grapheme_floor(text: &str, byte: usize) -> usize {
    let byte = floor_char_boundary(text, byte.min(text.len()));
    let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => byte,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
    }
}

/// Moves a byte offset up to the nearest grapheme-cluster boundary.
pub fn grapheme_ceil(text: &str, byte: usize) -> usize {
    let byte = floor_char_boundary(text, byte.min(text.len()));
    let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => byte,
        _ => cursor
            .next_boundary(text, 0)
            .ok()
            .flatten()
            .unwrap_or(text.len()),
    }
}

/// The largest char boundary `<= byte`.
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// Turns a raw selection (two byte offsets, in any order, possibly inside a
/// char or a grapheme cluster) into the span an annotation should get: it is
/// widened to whole grapheme clusters, then surrounding whitespace is
/// trimmed. Returns `None` when nothing but whitespace is selected.
pub fn snap_selection(text: &str, a: usize, b: usize) -> Option<Span> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let start = grapheme_floor(text, lo);
    let end = grapheme_ceil(text, hi);
    let selected = &text[start..end];
    let trimmed_start = start + (selected.len() - selected.trim_start().len());
    let trimmed_end = end - (selected.len() - selected.trim_end().len());
    if trimmed_start >= trimmed_end {
        return None;
    }
    Some(Span {
        start: ByteOffset(trimmed_start),
        end: ByteOffset(trimmed_end),
    })
}

/// Each of `bytes` (char boundaries of `text`) in `unit`, counted in one
/// pass through the text up to the last of them: for the few spans of one
/// document, cheaper than building its [`OffsetIndex`] (an export of every
/// document would build one for each, and keep it).
pub fn offsets_from_bytes(text: &str, bytes: &[ByteOffset], unit: OffsetUnit) -> Vec<usize> {
    if unit == OffsetUnit::Byte {
        return bytes.iter().map(|b| b.0).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut offsets = vec![0; bytes.len()];
    let (mut at, mut count) = (0, 0);
    for i in order {
        let piece = &text[at..bytes[i].0];
        count += piece.chars().count();
        if unit == OffsetUnit::Utf16 {
            // A character outside the BMP (four bytes in UTF-8) is two units.
            count += piece.bytes().filter(|&b| b >= 0xF0).count();
        }
        at = bytes[i].0;
        offsets[i] = count;
    }
    offsets
}

/// Number of grapheme clusters in `text` (what a reader calls characters).
pub fn grapheme_count(text: &str) -> usize {
    text.graphemes(true).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &str = "“Hi” 👩‍👩‍👧 e\u{301} 中文 ok\n$";

    #[test]
    fn conversions_on_mixed_text() {
        let idx = OffsetIndex::new(MIXED);
        let chars: Vec<(usize, char)> = MIXED.char_indices().collect();
        for (n, &(byte, _)) in chars.iter().enumerate() {
            assert_eq!(idx.byte_to_char(MIXED, ByteOffset(byte)), CharOffset(n));
            assert_eq!(idx.char_to_byte(MIXED, CharOffset(n)), ByteOffset(byte));
            let u16: usize = MIXED[..byte].encode_utf16().count();
            assert_eq!(idx.byte_to_utf16(MIXED, ByteOffset(byte)).0, u16);
            assert_eq!(
                idx.utf16_to_byte(MIXED, Utf16Offset(u16)),
                Some(ByteOffset(byte))
            );
        }
        assert_eq!(idx.char_len(), MIXED.chars().count());
        assert_eq!(idx.utf16_len(), MIXED.encode_utf16().count());
    }

    #[test]
    fn utf16_inside_surrogate_pair_is_rejected() {
        let text = "a😀b";
        let idx = OffsetIndex::new(text);
        assert_eq!(idx.utf16_to_byte(text, Utf16Offset(1)), Some(ByteOffset(1)));
        assert_eq!(idx.utf16_to_byte(text, Utf16Offset(2)), None);
        assert_eq!(idx.utf16_to_byte(text, Utf16Offset(3)), Some(ByteOffset(5)));
        assert_eq!(idx.utf16_to_byte(text, Utf16Offset(5)), None);
    }

    #[test]
    fn span_checks_boundaries() {
        let text = "é!";
        assert!(Span::new(text, 0, 2).is_ok());
        assert_eq!(
            Span::new(text, 1, 2),
            Err(SpanError::NotCharBoundary { offset: 1 })
        );
        assert_eq!(
            Span::new(text, 2, 1),
            Err(SpanError::Reversed { start: 2, end: 1 })
        );
        assert_eq!(
            Span::new(text, 0, 9),
            Err(SpanError::OutOfBounds { end: 9, len: 3 })
        );
    }

    #[test]
    fn selection_snaps_to_graphemes_and_trims() {
        // Selecting half of a ZWJ family or of "e + combining acute" takes all of it.
        let text = "  👩‍👩‍👧 and e\u{301}  ";
        let family = text.find('👩').unwrap();
        let span = snap_selection(text, family + 4, text.len() - 3).unwrap();
        assert_eq!(span.slice(text), Some("👩‍👩‍👧 and e\u{301}"));
        // Reversed selection (drag right to left) gives the same span.
        assert_eq!(snap_selection(text, text.len() - 3, family + 4), Some(span));
        // Pure whitespace selects nothing.
        assert_eq!(snap_selection(text, 0, 2), None);
    }

    #[test]
    fn selection_inside_curly_quotes_and_cjk() {
        let text = "他说“中文”。";
        let open = text.find('“').unwrap();
        // Start in the middle of the 3-byte curly quote.
        let span = snap_selection(text, open + 1, text.find('。').unwrap()).unwrap();
        assert_eq!(span.slice(text), Some("“中文”"));
    }

    #[test]
    fn grapheme_offsets_count_clusters_not_chars() {
        let text = "a👩‍👩‍👧e\u{301}z";
        let idx = OffsetIndex::new(text);
        let bytes = [0, 1, 19, 22, 23];
        for (n, &byte) in bytes.iter().enumerate() {
            assert_eq!(
                idx.grapheme_to_byte(text, GraphemeOffset(n)),
                Some(ByteOffset(byte))
            );
            assert_eq!(
                idx.byte_to_grapheme(text, ByteOffset(byte)),
                GraphemeOffset(n)
            );
        }
        assert_eq!(
            idx.grapheme_to_byte(text, GraphemeOffset(5)),
            None,
            "past the end"
        );
        // Inside the family or between e and its accent: rounded down.
        assert_eq!(idx.byte_to_grapheme(text, ByteOffset(5)), GraphemeOffset(1));
        assert_eq!(
            idx.byte_to_grapheme(text, ByteOffset(20)),
            GraphemeOffset(2)
        );
        assert_eq!(
            idx.byte_to_grapheme(text, ByteOffset(99)),
            GraphemeOffset(4)
        );
        let empty = OffsetIndex::new("");
        assert_eq!(
            empty.grapheme_to_byte("", GraphemeOffset(0)),
            Some(ByteOffset(0))
        );
        assert_eq!(empty.grapheme_to_byte("", GraphemeOffset(1)), None);
    }

    /// Text rich in multi-code-point clusters: ZWJ sequences, skin tones,
    /// flags (regional indicators), combining marks; no carriage returns.
    const CLUSTERY: &str =
        "[a-z é中 \n👩👧👦\u{200d}\u{1F3FD}\u{1F1E6}\u{1F1EB}\u{301}\u{308}\u{FE0F}]{0,60}";

    proptest::proptest! {
        #[test]
        fn graphemes_round_trip_through_bytes(text in proptest::prop_oneof!["\\PC{0,80}", CLUSTERY]) {
            let idx = OffsetIndex::new(&text);
            let bounds: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
            for (n, &byte) in bounds.iter().enumerate() {
                let there = idx.grapheme_to_byte(&text, GraphemeOffset(n));
                proptest::prop_assert_eq!(there, Some(ByteOffset(byte)));
                proptest::prop_assert_eq!(idx.byte_to_grapheme(&text, ByteOffset(byte)), GraphemeOffset(n));
            }
            proptest::prop_assert_eq!(idx.grapheme_to_byte(&text, GraphemeOffset(bounds.len())), None);
            proptest::prop_assert_eq!(bounds.len() - 1, grapheme_count(&text));
            // A byte inside a cluster goes back to the cluster's start.
            for (byte, _) in text.char_indices() {
                let n = idx.byte_to_grapheme(&text, ByteOffset(byte));
                proptest::prop_assert_eq!(idx.grapheme_to_byte(&text, n), Some(ByteOffset(grapheme_floor(&text, byte))));
            }
        }

        #[test]
        fn conversions_agree_with_char_iteration(text in "\\PC{0,300}") {
            let idx = OffsetIndex::new(&text);
            let mut utf16 = 0;
            for (n, (byte, c)) in text.char_indices().enumerate() {
                proptest::prop_assert_eq!(idx.byte_to_char(&text, ByteOffset(byte)), CharOffset(n));
                proptest::prop_assert_eq!(idx.char_to_byte(&text, CharOffset(n)), ByteOffset(byte));
                proptest::prop_assert_eq!(idx.byte_to_utf16(&text, ByteOffset(byte)), Utf16Offset(utf16));
                proptest::prop_assert_eq!(idx.utf16_to_byte(&text, Utf16Offset(utf16)), Some(ByteOffset(byte)));
                for unit in [OffsetUnit::Byte, OffsetUnit::Codepoint, OffsetUnit::Utf16] {
                    let there = idx.from_byte(&text, ByteOffset(byte), unit);
                    proptest::prop_assert_eq!(idx.to_byte(&text, there, unit), Some(ByteOffset(byte)));
                }
                utf16 += c.len_utf16();
            }
            proptest::prop_assert_eq!(idx.char_to_byte(&text, CharOffset(idx.char_len())), ByteOffset(text.len()));
            proptest::prop_assert_eq!(idx.byte_to_utf16(&text, ByteOffset(text.len())), Utf16Offset(utf16));
        }

        #[test]
        fn offsets_counted_in_one_pass_are_the_index_s(
            text in "\\PC{0,200}",
            picks in proptest::collection::vec(0usize..1000, 0..12),
        ) {
            let idx = OffsetIndex::new(&text);
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            // Unsorted, repeated, the end of the text among them.
            let bytes: Vec<ByteOffset> = picks.iter().map(|p| ByteOffset(bounds[p % bounds.len()])).collect();
            for unit in [OffsetUnit::Byte, OffsetUnit::Codepoint, OffsetUnit::Utf16] {
                let expected: Vec<usize> = bytes.iter().map(|&b| idx.from_byte(&text, b, unit)).collect();
                proptest::prop_assert_eq!(offsets_from_bytes(&text, &bytes, unit), expected);
            }
        }

        #[test]
        fn snapped_selection_is_on_graphemes_and_trimmed(text in "\\PC{0,80}", a in 0usize..400, b in 0usize..400) {
            if let Some(span) = snap_selection(&text, a.min(text.len()), b.min(text.len())) {
                let bounds: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
                proptest::prop_assert!(span.check(&text).is_ok());
                let quote = span.slice(&text).unwrap();
                proptest::prop_assert!(!quote.is_empty());
                proptest::prop_assert_eq!(quote.trim(), quote);
                // Trimming whitespace may cut inside a cluster only where the
                // cluster itself starts/ends with whitespace; otherwise both
                // ends are cluster boundaries.
                if !quote.starts_with(char::is_whitespace) {
                    let before = &text[..span.start.0];
                    proptest::prop_assert!(bounds.contains(&span.start.0) || before.ends_with(char::is_whitespace));
                }
            }
        }
    }
}
