//! Pure functions over texts and projects: segmentation, alignment of two
//! versions of an article and the words that differ between them,
//! suggestions, and re-anchoring annotations in a changed text. No user
//! interface, no io: they work on model values only.

pub mod adjudicate;
pub mod agreement;
pub mod align;
pub mod reanchor;
pub mod segment;
pub mod suggest;
pub mod word_diff;

/// 64-bit FNV-1a: a fast hash with no collisions to speak of for words
/// (the alignment's terms, the word sets of the search for versions).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_of(bytes.iter().copied())
}

/// `fnv1a(word.to_lowercase().as_bytes())`, without making the lower-cased
/// copy of an ASCII word.
pub(crate) fn fnv1a_lowercase(word: &str) -> u64 {
    if word.is_ascii() {
        fnv1a_of(word.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        fnv1a(word.to_lowercase().as_bytes())
    }
}

fn fnv1a_of(bytes: impl Iterator<Item = u8>) -> u64 {
    fnv1a_more(FNV1A_START, bytes)
}

/// [`fnv1a`]'s value for no bytes: where a hash made in pieces starts.
pub(crate) const FNV1A_START: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` (an [`fnv1a`] so far) continued with `bytes`: hashing a text
/// in pieces gives its `fnv1a` without the text joined.
pub(crate) fn fnv1a_more(hash: u64, bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(hash, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
