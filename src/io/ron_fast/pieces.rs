//! A long list read in pieces on all cores: where the writer starts an
//! item, the list is cut, and reading every piece proves each cut right
//! ([`items_from_str`]). A project of a million annotations reads about
//! twice as fast on two cores as in one piece.

use serde::de::DeserializeOwned;

use super::de::{Reader, Result, Unsupported, from_str, from_str_with_hole, unsupported};

/// Where the list field `field` of the struct `text` is, and its items cut
/// into pieces of about `piece_bytes` each: `None` when the fields before
/// it are not plain RON or there is no such field. The pieces are cut where
/// Diptych's writer starts an item (a line that opens an item, two spaces
/// deeper than the field, after a line ending in a comma), found by a
/// search of the text, not by reading it; a list laid out otherwise is one
/// piece. A cut is only a guess until the pieces are read: see
/// [`items_from_str`] for why reading them all proves it.
pub fn list_field_pieces(
    text: &str,
    field: &str,
    piece_bytes: usize,
    max_depth: usize,
) -> Option<ListPieces> {
    let list = find_list(text, field, max_depth)?;
    let indent = &text[list.indent.clone()];
    cut_list(
        text,
        list.start,
        list.first,
        list.depth,
        indent,
        piece_bytes,
    )
}

/// Where a list field begins: see [`find_list`].
pub(super) struct ListStart {
    /// Its `[`.
    pub start: usize,
    /// The byte after its `[`.
    pub first: usize,
    /// The nesting depth of its items.
    pub depth: usize,
    /// The spaces that indent the field's line.
    pub indent: std::ops::Range<usize>,
}

/// Where the list field `field` of the struct `text` begins, read up to
/// its `[` (what comes after is not read): `None` when the fields before it
/// are not plain RON, `text` ends first, there is no such field, or its
/// line is indented with anything but spaces.
pub(super) fn find_list(text: &str, field: &str, max_depth: usize) -> Option<ListStart> {
    let mut reader = Reader::new(text, 0, 0, max_depth);
    reader.enter(b'(').ok()?;
    loop {
        let key = reader.ident().ok()?;
        let key_at = reader.pos - key.len();
        reader.expect(b':').ok()?;
        if key == field {
            reader.skip_ws().ok()?;
            let start = reader.pos;
            reader.enter(b'[').ok()?;
            let line = text[..key_at].rfind('\n').map_or(0, |i| i + 1);
            if !text[line..key_at].bytes().all(|b| b == b' ') {
                return None;
            }
            return Some(ListStart {
                start,
                first: reader.pos,
                depth: reader.depth,
                indent: line..key_at,
            });
        }
        reader.skip_value().ok()?;
        if !reader.eat(b',').ok()? {
            return None;
        }
    }
}

/// The line that closes a list field indented by `indent`, as the writer
/// lays it out, with the line break before it.
pub fn close_line(indent: &str) -> String {
    format!("\n{indent}]")
}

/// The comma that ends an item of a list field indented by `indent`, and
/// the next item's opening line, as the writer lays them out: a piece may be
/// cut after the line break (two bytes in).
pub fn opening_line(indent: &str) -> String {
    format!(",\n{indent}  (")
}

/// [`list_field_pieces`] once the list is found: its `[` at `start`, its
/// items from `first`, the field indented by `indent`; `None` when no line
/// further on closes it as the writer does.
fn cut_list(
    text: &str,
    start: usize,
    first: usize,
    depth: usize,
    indent: &str,
    piece_bytes: usize,
) -> Option<ListPieces> {
    let close = close_line(indent);
    let end = memchr::memmem::find(&text.as_bytes()[first..], close.as_bytes())
        .map(|at| first + at + close.len())?;
    let opening = opening_line(indent);
    let finder = memchr::memmem::Finder::new(opening.as_bytes());
    let mut pieces = Vec::new();
    let mut piece = first;
    while let Some(at) = text
        .as_bytes()
        .get(piece + piece_bytes.max(1)..end)
        .and_then(|rest| finder.find(rest))
    {
        let cut = piece + piece_bytes.max(1) + at + 2;
        pieces.push(piece..cut);
        piece = cut;
    }
    pieces.push(piece..end - 1);
    Some(ListPieces {
        value: start..end,
        pieces,
        depth,
    })
}

/// A `T` read from `text` as [`from_str`] reads it, except that the list
/// field `field` of the struct is read in pieces of about `piece_bytes` on
/// all cores (while the rest is read) and handed back apart: `T` holds an
/// empty list there, and the pieces, in order, hold its items. When the
/// list is one piece or less, `T` is read whole and there are no pieces.
/// When a piece or the rest is not read so, the text is read in one (and
/// refused only if it is not read that way either).
pub fn from_str_in_pieces<T, E>(
    text: &str,
    field: &str,
    piece_bytes: usize,
    max_depth: usize,
) -> Result<(T, Option<Vec<Vec<E>>>)>
where
    T: DeserializeOwned + Send,
    E: DeserializeOwned + Send,
{
    use rayon::prelude::*;
    let list =
        list_field_pieces(text, field, piece_bytes, max_depth).filter(|list| list.pieces.len() > 1);
    let Some(list) = list else {
        return Ok((from_str(text, max_depth)?, None));
    };
    let (rest, pieces) = rayon::join(
        // The text read with an empty list in place of the long one.
        || from_str_with_hole::<T>(text, list.value.clone(), list.depth, max_depth),
        || {
            let last = list.pieces.len() - 1;
            list.pieces
                .par_iter()
                .enumerate()
                .map(|(i, piece)| {
                    items_from_str::<E>(text, piece.clone(), list.depth, max_depth, i < last)
                })
                .collect::<Result<Vec<_>>>()
        },
    );
    match (rest, pieces) {
        (Ok(rest), Ok(pieces)) => Ok((rest, Some(pieces))),
        // A cut that did not hold (a hand-written string with the writer's
        // item line in it, say): the text is read in one.
        _ => Ok((from_str(text, max_depth)?, None)),
    }
}

/// A list field found by [`list_field_pieces`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPieces {
    /// The list's bytes, `[` to `]` (a guess until its pieces are read).
    pub value: std::ops::Range<usize>,
    /// The items' bytes in pieces, in order, together covering everything
    /// between the brackets.
    pub pieces: Vec<std::ops::Range<usize>>,
    /// The nesting depth of the items (the struct's and the list's brackets).
    pub depth: usize,
}

/// The items of one piece `range` of `text` (see [`list_field_pieces`]):
/// values separated by commas, nothing else, read as the list they came
/// from reads them (nesting counted from `depth`, at most `max_depth`).
/// A piece that is not the list's last (`more` follows) must end with the
/// comma after its last item, then white space only, and must end right
/// after a line break; the last may end with or without one.
///
/// Why reading every piece this way proves the cuts right: the list read
/// in one reaches each cut in the state its piece starts in (after a
/// separating comma, at the same depth), because the piece before was read
/// from that state up to the cut, the reader never looks past a token's
/// end, and no token (a `//` comment included) runs across a line break;
/// it then reads the next piece as the piece was read. So the items are
/// the list's items, and the `]` after the last piece closes the list.
pub fn items_from_str<T: DeserializeOwned>(
    text: &str,
    range: std::ops::Range<usize>,
    depth: usize,
    max_depth: usize,
    more: bool,
) -> Result<Vec<T>> {
    let text = text
        .get(..range.end)
        .ok_or(Unsupported("a piece out of the text".into()))?;
    if more && !text.ends_with('\n') {
        return unsupported("a piece cut inside a line", range.end);
    }
    let mut reader = Reader::new(text, range.start, depth, max_depth);
    let mut items = Vec::new();
    loop {
        reader.skip_ws()?;
        if reader.pos == text.len() {
            return Ok(items);
        }
        items.push(T::deserialize(&mut reader)?);
        reader.skip_ws()?;
        if reader.pos == text.len() {
            return if more {
                unsupported("a piece without a comma after its last item", range.end)
            } else {
                Ok(items)
            };
        }
        reader.expect(b',')?;
    }
}
