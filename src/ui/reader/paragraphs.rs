//! Layout paragraphs of a text, and the one place where document byte
//! offsets and paragraph-relative char indices (what a galley's `CCursor`
//! counts) are converted.
//!
//! A paragraph is the text between two `\n` (the `\n` itself belongs to no
//! paragraph); an empty line is an (empty) paragraph too. A paragraph longer
//! than [`MAX_PARAGRAPH_BYTES`] is split, at whitespace where possible, into
//! several *layout* paragraphs so that no single galley gets huge; the reader
//! draws those pieces without a gap between them.
//!
//! ```text
//! text:  A b ␤ ␤ C d e
//! byte:  0 1 2 3 4 5 6 7
//! paragraphs: 0 = [0, 2)  1 = [3, 3)  2 = [4, 7)
//! ```
//!
//! Nothing here knows about egui.

use std::ops::Range;

use crate::model::text::{
    ByteOffset, CharOffset, OffsetIndex, floor_char_boundary, grapheme_ceil, grapheme_floor,
};

/// Layout paragraphs longer than this many bytes are split.
pub const MAX_PARAGRAPH_BYTES: usize = 4096;

/// A char (code point) index inside one layout paragraph: the unit of a
/// galley's `CCursor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParaChar(pub usize);

/// A position as the layout sees it: a layout paragraph and a char in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParaPos {
    pub para: usize,
    pub char: ParaChar,
}

/// The layout paragraphs of one text, with byte <-> char conversion.
///
/// Built once per document in O(n); lookups are O(log n).
#[derive(Clone, Debug)]
pub struct ParagraphIndex {
    /// Byte range of each layout paragraph (without its `\n`), ascending.
    ranges: Vec<Range<usize>>,
    /// Code-point offset of each paragraph's start in the whole text.
    char_starts: Vec<usize>,
    /// True when the paragraph ends a line (at `\n` or the end of the text),
    /// false when it is a piece of a split long paragraph.
    line_ends: Vec<bool>,
    offsets: OffsetIndex,
    text_len: usize,
}

impl ParagraphIndex {
    /// Indexes `text`. There is always at least one (possibly empty) paragraph.
    pub fn new(text: &str) -> Self {
        let offsets = OffsetIndex::new(text);
        let mut ranges = Vec::with_capacity(text.len() / 200 + 1);
        let mut line_ends = Vec::with_capacity(text.len() / 200 + 1);
        let mut line_start = 0;
        loop {
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            split_line(text, line_start..line_end, &mut ranges, &mut line_ends);
            if line_end == text.len() {
                break;
            }
            line_start = line_end + 1;
        }
        let char_starts = ranges
            .iter()
            .map(|r| offsets.byte_to_char(text, ByteOffset(r.start)).0)
            .collect();
        Self {
            ranges,
            char_starts,
            line_ends,
            offsets,
            text_len: text.len(),
        }
    }

    /// Number of layout paragraphs (at least 1).
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Always false: even an empty text has one empty paragraph.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Length in bytes of the text this index was built on.
    pub fn text_len(&self) -> usize {
        self.text_len
    }

    /// Byte range of paragraph `para`, without its `\n`.
    pub fn range(&self, para: usize) -> Range<usize> {
        self.ranges[para].clone()
    }

    /// Byte offset where paragraph `para` starts.
    pub fn start(&self, para: usize) -> usize {
        self.ranges[para].start
    }

    /// True when `para` ends a line of the text (rather than being a piece
    /// of a long paragraph that continues in `para + 1`).
    pub fn ends_line(&self, para: usize) -> bool {
        self.line_ends[para]
    }

    /// Number of chars in paragraph `para`.
    pub fn char_len(&self, para: usize) -> usize {
        let end = self
            .char_starts
            .get(para + 1)
            .copied()
            .unwrap_or(self.offsets.char_len());
        // Minus the `\n` that separates it from the next one, if any.
        end - self.char_starts[para] - usize::from(para + 1 < self.len() && self.line_ends[para])
    }

    /// The paragraph holding `byte`. A `\n` belongs to the paragraph it ends;
    /// the boundary between two pieces of a split paragraph to the later one.
    pub fn para_of(&self, byte: ByteOffset) -> usize {
        self.ranges
            .partition_point(|r| r.start <= byte.0)
            .saturating_sub(1)
    }

    /// Byte offset -> (paragraph, char). Offsets inside a char round down;
    /// a `\n` maps to the end of the paragraph it ends.
    pub fn to_para_pos(&self, text: &str, byte: ByteOffset) -> ParaPos {
        let para = self.para_of(byte);
        ParaPos {
            para,
            char: self.char_in(text, para, byte),
        }
    }

    /// The char of paragraph `para` at `byte`, clamped to the paragraph: a
    /// byte before it gives its start, after it its end.
    pub fn char_in(&self, text: &str, para: usize, byte: ByteOffset) -> ParaChar {
        let Some(range) = self.ranges.get(para) else {
            return ParaChar(0);
        };
        let byte = byte.0.clamp(range.start, range.end);
        ParaChar(self.offsets.byte_to_char(text, ByteOffset(byte)).0 - self.char_starts[para])
    }

    /// (paragraph, char) -> byte offset; chars past the end clamp to the end
    /// of the paragraph.
    pub fn to_byte(&self, text: &str, pos: ParaPos) -> ByteOffset {
        let Some(range) = self.ranges.get(pos.para) else {
            return ByteOffset(self.text_len);
        };
        let char = self.char_starts[pos.para] + pos.char.0.min(self.char_len(pos.para));
        let byte = self.offsets.char_to_byte(text, CharOffset(char)).0;
        ByteOffset(byte.clamp(range.start, range.end))
    }
}

/// Splits one line `[range)` into layout paragraphs of at most
/// [`MAX_PARAGRAPH_BYTES`], preferring to cut after whitespace.
fn split_line(
    text: &str,
    range: Range<usize>,
    ranges: &mut Vec<Range<usize>>,
    line_ends: &mut Vec<bool>,
) {
    let mut start = range.start;
    while range.end - start > MAX_PARAGRAPH_BYTES {
        let limit = grapheme_floor(text, start + MAX_PARAGRAPH_BYTES);
        let lo = floor_char_boundary(text, start + MAX_PARAGRAPH_BYTES / 2).max(start);
        let after_space = (limit > lo)
            .then(|| text[lo..limit].rfind(char::is_whitespace))
            .flatten()
            .map(|i| {
                let at = lo + i;
                grapheme_floor(
                    text,
                    at + text[at..].chars().next().map_or(0, char::len_utf8),
                )
            })
            .filter(|&at| at > start);
        let cut = after_space.unwrap_or(limit);
        let cut = if cut > start {
            cut
        } else {
            // A single grapheme cluster longer than the limit: keep it whole.
            grapheme_ceil(text, start + 1)
        };
        if cut >= range.end {
            break;
        }
        ranges.push(start..cut);
        line_ends.push(false);
        start = cut;
    }
    ranges.push(start..range.end);
    line_ends.push(true);
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“Hi,” she said.\n\n👩‍👩‍👧 e\u{301} 中文报道。\nlast";

    #[test]
    fn paragraphs_split_at_newlines_including_empty_lines() {
        let idx = ParagraphIndex::new(TEXT);
        assert_eq!(idx.len(), 4);
        let texts: Vec<&str> = (0..idx.len()).map(|p| &TEXT[idx.range(p)]).collect();
        assert_eq!(
            texts,
            ["“Hi,” she said.", "", "👩‍👩‍👧 e\u{301} 中文报道。", "last"]
        );
        for p in 0..idx.len() {
            assert_eq!(idx.char_len(p), TEXT[idx.range(p)].chars().count());
            assert!(idx.ends_line(p));
        }
    }

    #[test]
    fn empty_text_and_trailing_newline() {
        let idx = ParagraphIndex::new("");
        assert_eq!(idx.len(), 1);
        assert_eq!(idx.range(0), 0..0);
        let idx = ParagraphIndex::new("a\n");
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.range(1), 2..2);
        assert_eq!(idx.para_of(ByteOffset(1)), 0);
        assert_eq!(idx.para_of(ByteOffset(2)), 1);
    }

    #[test]
    fn byte_and_para_char_round_trip_on_every_char_boundary() {
        let idx = ParagraphIndex::new(TEXT);
        for (byte, c) in TEXT.char_indices().chain([(TEXT.len(), '$')]) {
            let pos = idx.to_para_pos(TEXT, ByteOffset(byte));
            let range = idx.range(pos.para);
            assert!(
                range.start <= byte && byte <= range.end,
                "{byte} in {range:?}"
            );
            assert_eq!(
                pos.char.0,
                TEXT[range.start..byte].chars().count(),
                "char of byte {byte} ({c:?})"
            );
            assert_eq!(idx.to_byte(TEXT, pos), ByteOffset(byte));
        }
    }

    #[test]
    fn newline_maps_to_end_of_its_paragraph() {
        let idx = ParagraphIndex::new(TEXT);
        let nl = TEXT.find('\n').unwrap();
        let pos = idx.to_para_pos(TEXT, ByteOffset(nl));
        assert_eq!(pos.para, 0);
        assert_eq!(pos.char, ParaChar(idx.char_len(0)));
        // Past the end of a paragraph clamps to its end.
        let past = ParaPos {
            para: 0,
            char: ParaChar(999),
        };
        assert_eq!(idx.to_byte(TEXT, past), ByteOffset(nl));
    }

    #[test]
    fn long_paragraphs_are_split_at_whitespace() {
        let sentence = "Analysts said “the deal” was worth 中文 millions. ";
        let long = sentence.repeat(400);
        let text = format!("{long}\nshort");
        let idx = ParagraphIndex::new(&text);
        assert!(idx.len() > 3);
        let mut joined = String::new();
        for p in 0..idx.len() {
            let range = idx.range(p);
            assert!(range.len() <= MAX_PARAGRAPH_BYTES);
            joined.push_str(&text[range.clone()]);
            if idx.ends_line(p) && p + 1 < idx.len() {
                joined.push('\n');
            } else if p + 1 < idx.len() {
                // Pieces are cut right after whitespace.
                assert!(text[range].ends_with(char::is_whitespace));
            }
        }
        assert_eq!(joined, text);
        // Conversions still agree across the pieces.
        for (byte, _) in text.char_indices().step_by(97) {
            let pos = idx.to_para_pos(&text, ByteOffset(byte));
            assert_eq!(idx.to_byte(&text, pos), ByteOffset(byte));
        }
    }
}
