//! [`super::from_str_in_pieces`] on a file as it is read: the long list's
//! pieces are cut from the bytes as they come and read on all cores, so
//! that the file's text is never held whole beside what is read from it
//! (a project of a million annotations is 560 MB of text and 620 MB once
//! read; holding both made a load's peak twice the file's size).

use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;

use super::de::{Unsupported, from_str};
use super::pieces::{close_line, find_list, items_from_str, opening_line};

/// A piece's items, or why they were not read.
type Piece<E> = Result<Vec<E>, Unsupported>;

/// How a file read by [`from_reader_in_pieces`] turned out.
pub enum Streamed<T, E> {
    /// Read: the value with an empty list in place of the long one, and the
    /// long list's items in pieces, in order.
    Read(T, Vec<Vec<E>>),
    /// Not read this way (not plain RON, not laid out as the writer lays
    /// it out, not UTF-8, not a `T`): the caller reads the file whole, which
    /// reads it or says where it is wrong.
    Refused,
}

/// The sizes [`from_reader_in_pieces`] works with.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// About how many bytes of the list make a piece.
    pub piece: usize,
    /// How many bytes one read asks for.
    pub block: usize,
    /// How many pieces may be read at once (read ahead of their reading).
    pub in_flight: usize,
}

/// A `T` read from `input` as [`super::from_str`] reads its text, the list
/// field `field` read in pieces as [`super::from_str_in_pieces`] reads it,
/// while the input is read: the text before the list and after it is held,
/// and of the list only the pieces being read. `seen` is given every byte
/// read, in order, once (all of the input when the value is read). A
/// leading byte-order mark is skipped. A list laid out otherwise than the
/// writer lays it out is [`Streamed::Refused`], as is anything
/// [`super::from_str`] refuses; errors are the input's.
pub fn from_reader_in_pieces<T, E>(
    mut input: impl Read,
    field: &str,
    sizes: Sizes,
    max_depth: usize,
    seen: &mut dyn FnMut(&[u8]),
) -> std::io::Result<Streamed<T, E>>
where
    T: DeserializeOwned,
    E: DeserializeOwned + Send,
{
    let mut more = |buf: &mut Vec<u8>, at_most: usize| -> std::io::Result<bool> {
        let before = buf.len();
        (&mut input).take(at_most as u64).read_to_end(buf)?;
        seen(&buf[before..]);
        Ok(buf.len() > before)
    };
    let block = sizes.block.max(1);
    // The text up to the list's `[`, read in larger and larger blocks until
    // it holds it (the documents before it may be many megabytes).
    let mut head = Vec::new();
    more(&mut head, block.max(3))?;
    if head.starts_with("\u{feff}".as_bytes()) {
        head.drain(..3);
    }
    // The field's name is looked for in the bytes as they come, and the
    // text read up to it only once it is there (the documents before it are
    // then read once here, not again at each block).
    let name = format!("{field}:");
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    let (mut searched, mut named): (usize, bool) = (0, false);
    let list = loop {
        let from = searched.saturating_sub(name.len() - 1);
        searched = head.len();
        named = named || finder.find(&head[from..]).is_some();
        if named && let Some(list) = find_list(utf8_prefix(&head), field, max_depth) {
            break list;
        }
        if !more(&mut head, block)? {
            return Ok(Streamed::Refused);
        }
    };
    let indent = utf8_prefix(&head)[list.indent.clone()].to_owned();
    let close = close_line(&indent);
    let opening = opening_line(&indent);
    let opening = memchr::memmem::Finder::new(opening.as_bytes());
    let mut pending = head.split_off(list.first);
    head.truncate(list.start);

    let results: Mutex<Vec<Option<Piece<E>>>> = Mutex::new(Vec::new());
    let in_flight = AtomicUsize::new(0);
    // Two pieces' buffers, kept for the next pieces once read: memory freed is
    // given back to the system at once, and taken again page by page (the
    // kernel's zeroing of fresh pages was a fifth of a load).
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let read = |index: usize, piece: Vec<u8>, more: bool| {
        let items = match String::from_utf8(piece) {
            Ok(text) => {
                let items = items_from_str::<E>(&text, 0..text.len(), list.depth, max_depth, more);
                let mut buffer = text.into_bytes();
                buffer.clear();
                let mut spare = spare.lock().unwrap_or_else(|e| e.into_inner());
                if spare.len() < 2 {
                    spare.push(buffer);
                }
                items
            }
            Err(_) => Err(Unsupported("a piece that is not UTF-8".into())),
        };
        results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(items);
    };
    let piece_bytes = sizes.piece.max(1);
    let tail = rayon::in_place_scope(|scope| -> std::io::Result<Option<Vec<u8>>> {
        // Hands a piece to the pool, or reads it here when enough are
        // waiting (this thread never waits for the pool: it may be one of
        // its threads).
        let hand = |piece: Vec<u8>, more: bool| {
            let index = {
                let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
                results.push(None);
                results.len() - 1
            };
            if in_flight.load(Ordering::Acquire) >= sizes.in_flight {
                read(index, piece, more);
            } else {
                in_flight.fetch_add(1, Ordering::AcqRel);
                let (read, in_flight) = (&read, &in_flight);
                scope.spawn(move |_| {
                    read(index, piece, more);
                    in_flight.fetch_sub(1, Ordering::AcqRel);
                });
            }
        };
        let mut close_at = None;
        let mut searched: usize = 0;
        loop {
            if searched == 0
                && let Some(at) = pending.iter().position(|b| !b.is_ascii_whitespace())
                && pending[at] == b']'
            {
                // An empty list, closed on its line.
                let tail = pending.split_off(at);
                return read_to_end(tail, &mut more, block);
            }
            if close_at.is_none() {
                let from = searched.saturating_sub(close.len() - 1);
                close_at =
                    memchr::memmem::find(&pending[from..], close.as_bytes()).map(|at| from + at);
                searched = pending.len();
            }
            let limit = close_at.unwrap_or(pending.len());
            if let Some(at) = pending
                .get(piece_bytes..limit)
                .and_then(|rest| opening.find(rest))
            {
                // The piece ends after the line break that follows its
                // last item's comma.
                let cut = piece_bytes + at + 2;
                let mut rest = spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let rest = rest.get_or_insert_with(|| Vec::with_capacity(piece_bytes + 2 * block));
                rest.extend_from_slice(&pending[cut..]);
                pending.truncate(cut);
                hand(std::mem::replace(&mut pending, std::mem::take(rest)), true);
                close_at = close_at.map(|c| c - cut);
                searched -= cut;
                continue;
            }
            if let Some(close_at) = close_at {
                let tail = pending.split_off(close_at + close.len() - 1);
                hand(pending, false);
                return read_to_end(tail, &mut more, block);
            }
            if !more(&mut pending, block)? {
                return Ok(None);
            }
        }
    })?;
    let Some(tail) = tail else {
        return Ok(Streamed::Refused);
    };
    let mut pieces = Vec::new();
    for items in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match items {
            Some(Ok(items)) => pieces.push(items),
            _ => return Ok(Streamed::Refused),
        }
    }
    // The rest: the text before the list, an empty list, the text after.
    head.extend_from_slice(b"[");
    head.extend_from_slice(&tail);
    drop(tail);
    let Ok(rest) = String::from_utf8(head) else {
        return Ok(Streamed::Refused);
    };
    Ok(match from_str::<T>(&rest, max_depth) {
        Ok(value) => Streamed::Read(value, pieces),
        Err(_) => Streamed::Refused,
    })
}

/// `tail` with the rest of the input after it.
fn read_to_end(
    mut tail: Vec<u8>,
    more: &mut impl FnMut(&mut Vec<u8>, usize) -> std::io::Result<bool>,
    block: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    while more(&mut tail, block)? {}
    Ok(Some(tail))
}

/// The longest prefix of `bytes` that is UTF-8 (a character cut by the
/// end of a block left out); empty when the bytes are not UTF-8 before it.
fn utf8_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default(),
    }
}
