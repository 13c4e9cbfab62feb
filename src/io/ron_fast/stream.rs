//! [`super::from_str_in_pieces`] on a file as it is read: the long list's
//! pieces are cut from the bytes as they come and read on all cores, so
//! that the file's text is never held whole beside what is read from it
//! (a project of a million annotations is 560 MB of text and 620 MB once
//! read; holding both made a load's peak twice the file's size).

use std::io::Read;
use std::sync::{Mutex, mpsc};

use serde::de::DeserializeOwned;

use super::de::{Unsupported, from_str_with_hole};
use super::pieces::{close_line, items_from_str, opening_line};

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
    /// How many pieces may wait for a helper to read them.
    pub in_flight: usize,
    /// How many helper threads read pieces: by default one per other core
    /// (up to seven).
    pub helpers: Option<usize>,
    /// How long the input is expected to be (room for the text before and
    /// after the list is made up front: memory not written to is not
    /// taken, and the text is not moved as it grows).
    pub expected: usize,
}

/// A `T` read from `input` as [`super::from_str`] reads its text, the list
/// field `field` read in pieces as [`super::from_str_in_pieces`] reads it,
/// while the input is read: the text before the list and after it is held,
/// and of the list only the pieces being read. `seen` is given every byte
/// read, in order, once (all of the input when the value is read). A
/// leading byte-order mark is skipped. The list must be laid out as the
/// writer lays it out (a field of the struct `T` on a line of its own,
/// indented by two spaces, its items on lines of their own, its `]` on a
/// line of its own); a list laid out otherwise is [`Streamed::Refused`], as
/// is anything [`super::from_str`] refuses; errors are the input's.
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
    // The text up to the list's `[` (the documents before it may be many
    // megabytes), then, once the list is read, the text after it.
    let mut head = Vec::with_capacity(sizes.expected);
    more(&mut head, block.max(3))?;
    if head.starts_with("\u{feff}".as_bytes()) {
        head.drain(..3);
    }
    // The list is where the writer puts it: its field's line, indented by
    // two spaces, found in the bytes as they come, so that the documents
    // before it are read once (by the read of the rest), not also searched
    // through. Only a guess until the rest is read: it must then read a
    // list there, inside the struct ([`from_str_with_hole`]).
    let indent = "  ";
    let opening_of_list = format!("\n{indent}{field}: [");
    let finder = memchr::memmem::Finder::new(opening_of_list.as_bytes());
    let mut searched: usize = 0;
    let start = loop {
        let from = searched.saturating_sub(opening_of_list.len() - 1);
        searched = head.len();
        if let Some(at) = finder.find(&head[from..]) {
            break from + at + opening_of_list.len() - 1;
        }
        if !more(&mut head, block)? {
            return Ok(Streamed::Refused);
        }
    };
    let depth = 2;
    let close = close_line(indent);
    let opening = opening_line(indent);
    let opening = memchr::memmem::Finder::new(opening.as_bytes());
    // The items from the byte after the `[`; the text before it kept.
    let mut pending = head.split_off(start + 1);
    head.truncate(start);

    let results: Mutex<Vec<Option<Piece<E>>>> = Mutex::new(Vec::new());
    // Two pieces' buffers, kept for the next pieces once read: memory freed is
    // given back to the system at once, and taken again page by page (the
    // kernel's zeroing of fresh pages was a fifth of a load).
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let read = |index: usize, piece: Vec<u8>, more: bool| {
        let items = match crate::io::decode::utf8(&piece) {
            Ok(text) => items_from_str::<E>(text, 0..text.len(), depth, max_depth, more),
            Err(_) => Err(Unsupported("a piece that is not UTF-8".into())),
        };
        let mut buffer = piece;
        buffer.clear();
        let mut spare = spare.lock().unwrap_or_else(|e| e.into_inner());
        if spare.len() < 2 {
            spare.push(buffer);
        }
        drop(spare);
        results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(items);
    };
    let piece_bytes = sizes.piece.max(1);
    // Helpers of their own, one per other core (up to seven), not a
    // thread pool's: a pool's idle threads spin looking for work, and took
    // that time from the thread the command line walks the corpus on. A
    // helper that waits for a piece sleeps.
    let helpers = sizes.helpers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .saturating_sub(1)
            .min(7)
    });
    // Without helpers (one core) nothing waits: every piece is read here.
    let waiting = if helpers == 0 { 0 } else { sizes.in_flight };
    let (to_helpers, jobs) = mpsc::sync_channel::<(usize, Vec<u8>, bool)>(waiting);
    let jobs = Mutex::new(jobs);
    let tail = std::thread::scope(|scope| -> std::io::Result<Option<Vec<u8>>> {
        for _ in 0..helpers {
            scope.spawn(|| {
                loop {
                    let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((index, piece, more)) = job else {
                        return;
                    };
                    read(index, piece, more);
                }
            });
        }
        // Hands a piece to a helper, or reads it here when they all are
        // busy and enough pieces wait for them.
        let hand = |piece: Vec<u8>, more: bool| {
            let index = {
                let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
                results.push(None);
                results.len() - 1
            };
            if let Err(
                mpsc::TrySendError::Full((index, piece, more))
                | mpsc::TrySendError::Disconnected((index, piece, more)),
            ) = to_helpers.try_send((index, piece, more))
            {
                read(index, piece, more);
            }
        };
        // Cuts the pieces as the bytes come, then reads what follows the list.
        let tail = (|| -> std::io::Result<Option<Vec<u8>>> {
            let mut close_at = None;
            let mut searched: usize = 0;
            // How much of the piece was searched for an item's line: each
            // byte is searched once, not again at each block (a list laid
            // out otherwise, CRLF line ends say, is one piece, searched in
            // linear time).
            let mut opened: usize = 0;
            loop {
                if searched == 0
                    && let Some(at) = pending
                        .iter()
                        .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
                    && pending[at] == b']'
                {
                    // An empty list, closed on its line.
                    let tail = pending.split_off(at);
                    return read_to_end(tail, &mut more, block);
                }
                if close_at.is_none() {
                    let from = searched.saturating_sub(close.len() - 1);
                    close_at = memchr::memmem::find(&pending[from..], close.as_bytes())
                        .map(|at| from + at);
                    searched = pending.len();
                }
                let limit = close_at.unwrap_or(pending.len());
                let from = opened
                    .saturating_sub(opening.needle().len() - 1)
                    .max(piece_bytes);
                opened = opened.max(limit);
                if let Some(at) = pending.get(from..limit).and_then(|rest| opening.find(rest)) {
                    // The piece ends after the line break that follows its
                    // last item's comma.
                    let cut = from + at + 2;
                    opened = 0;
                    let mut rest = spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
                    let rest =
                        rest.get_or_insert_with(|| Vec::with_capacity(piece_bytes + 2 * block));
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
        })();
        drop(to_helpers);
        tail
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
    let hole = start..start + 2;
    Ok(
        match from_str_with_hole::<T>(&rest, hole, depth, max_depth) {
            Ok(value) => Streamed::Read(value, pieces),
            Err(_) => Streamed::Refused,
        },
    )
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
