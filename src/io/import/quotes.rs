//! Finding a W3C quote whose position drifted: among the occurrences of its
//! `exact` text, the one its prefix and suffix pick out.
//!
//! The occurrences of one `exact` in one document are found once
//! ([`QuoteSites::find`]). Telling them apart does not compare each quote's
//! context with every occurrence: the text's rolling hash
//! ([`TextHashes`], one pass per document) gives the hash of the `n` bytes
//! before (or after) any occurrence in constant time, so the occurrences
//! are indexed once per context length by that hash, and a quote looks its
//! prefix and suffix up in the index. Only the occurrences whose hashes
//! match are compared byte by byte (stopping at the second true match),
//! so a quote costs O(context length + the occurrences that share one side
//! of its context), and the results are those of comparing every
//! occurrence.
//!
//! ```text
//! text     "the deal. the deal! the deal."
//! hits       0         10        20           ("the deal")
//! prefix ". ", suffix "!"  →  10 (the only hit with both)
//! ```

use std::collections::HashMap;

use crate::model::{ByteOffset, Span};

/// The hashes' modulus, the Mersenne prime 2^61 - 1.
const MODULUS: u64 = (1 << 61) - 1;
/// The hashes' base: any number well inside the modulus.
const BASE: u64 = 0x1f3d_5b79_a2c4_e681 % MODULUS;
/// Every how many bytes the prefix hash of the text is kept.
const STRIDE: usize = 16;

fn mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    let folded = (product as u64 & MODULUS) + (product >> 61) as u64;
    folded.checked_sub(MODULUS).unwrap_or(folded)
}

fn add(a: u64, b: u64) -> u64 {
    let sum = a + b;
    sum.checked_sub(MODULUS).unwrap_or(sum)
}

/// The hash `h` extended by `bytes`.
fn extend(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| add(mul(h, BASE), u64::from(b) + 1))
}

/// `BASE` to the power `n`.
fn power(mut n: usize) -> u64 {
    let (mut result, mut square) = (1, BASE);
    while n > 0 {
        if n & 1 == 1 {
            result = mul(result, square);
        }
        square = mul(square, square);
        n >>= 1;
    }
    result
}

/// The rolling hash of a document's text at every [`STRIDE`]-th byte, from
/// which the hash of any range is found in constant time.
pub(super) struct TextHashes {
    every_stride: Vec<u64>,
}

impl TextHashes {
    /// One pass over `text`.
    pub(super) fn new(text: &str) -> Self {
        let mut h = 0;
        let mut every_stride = vec![0];
        for chunk in text.as_bytes().chunks(STRIDE) {
            h = extend(h, chunk);
            every_stride.push(h);
        }
        Self { every_stride }
    }

    /// The hash of `text[..at]`.
    fn prefix(&self, text: &[u8], at: usize) -> u64 {
        let from = at / STRIDE * STRIDE;
        extend(self.every_stride[from / STRIDE], &text[from..at])
    }

    /// The hash of `text[start..start + len]` (equal to `extend(0, that)`),
    /// given `shift == power(len)`.
    fn range(&self, text: &[u8], start: usize, len: usize, shift: u64) -> u64 {
        let before = mul(self.prefix(text, start), shift);
        add(self.prefix(text, start + len), MODULUS - before)
    }
}

/// Which side of an occurrence a context lies on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Before,
    After,
}

/// The occurrences whose context of one length on one side has each hash.
struct ContextIndex {
    shift: u64,
    /// Indices into the occurrences, in their order.
    by_hash: HashMap<u64, Vec<usize>>,
}

/// The occurrences of one quote's `exact` text in one document, and the
/// indexes of their contexts built so far.
pub(super) struct QuoteSites {
    exact_len: usize,
    hits: Vec<usize>,
    contexts: HashMap<(Side, usize), ContextIndex>,
}

impl QuoteSites {
    /// The byte offsets where `exact` occurs in `text`, left to right,
    /// without overlaps (as `str::match_indices` finds them).
    pub(super) fn find(text: &str, exact: &str) -> Self {
        let hits = memchr::memmem::find_iter(text.as_bytes(), exact.as_bytes()).collect();
        Self {
            exact_len: exact.len(),
            hits,
            contexts: HashMap::new(),
        }
    }

    /// True when choosing among the occurrences needs the text's hashes
    /// (more than one occurrence, and some context to tell them apart).
    pub(super) fn needs_hashes(&self, (prefix, suffix): (Option<&str>, Option<&str>)) -> bool {
        self.hits.len() > 1 && [prefix, suffix].iter().flatten().any(|c| !c.is_empty())
    }

    /// The occurrence where `prefix` ends and `suffix` starts, when exactly
    /// one has both; else the only occurrence, when there is one. `hashes`
    /// are `text`'s, needed when [`QuoteSites::needs_hashes`] says so.
    pub(super) fn anchor(
        &mut self,
        text: &str,
        hashes: Option<&TextHashes>,
        (prefix, suffix): (Option<&str>, Option<&str>),
    ) -> Option<Span> {
        let bytes = text.as_bytes();
        let exact_len = self.exact_len;
        let fits = |i: usize| {
            prefix.is_none_or(|p| bytes[..i].ends_with(p.as_bytes()))
                && suffix.is_none_or(|s| bytes[i + exact_len..].starts_with(s.as_bytes()))
        };
        let pick = match (self.hits.as_slice(), hashes) {
            ([], _) => return None,
            ([one], _) => *one,
            (_, Some(hashes)) => self.with_context(bytes, hashes, prefix, suffix, fits)?,
            (hits, None) => {
                let mut with_context = hits.iter().copied().filter(|&i| fits(i));
                with_context
                    .next()
                    .filter(|_| with_context.next().is_none())?
            }
        };
        Some(Span {
            start: ByteOffset(pick),
            end: ByteOffset(pick + exact_len),
        })
    }

    /// The only occurrence that `fits`, found through the context indexes.
    fn with_context(
        &mut self,
        bytes: &[u8],
        hashes: &TextHashes,
        prefix: Option<&str>,
        suffix: Option<&str>,
        fits: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let sides = [(Side::Before, prefix), (Side::After, suffix)];
        let mut wanted: Vec<(Side, &[u8])> = sides
            .into_iter()
            .filter_map(|(side, c)| Some((side, c?.as_bytes())).filter(|(_, c)| !c.is_empty()))
            .collect();
        for &(side, context) in &wanted {
            self.index(bytes, hashes, side, context.len());
        }
        let candidates = |&(side, context): &(Side, &[u8])| {
            let index = &self.contexts[&(side, context.len())];
            index
                .by_hash
                .get(&extend(0, context))
                .map_or(&[][..], Vec::as_slice)
        };
        // Walk the side with fewer candidates; check the other by its hash.
        wanted.sort_by_key(|side| candidates(side).len());
        let (first, rest) = wanted.split_first()?;
        let mut matches = candidates(first)
            .iter()
            .filter(|&&k| {
                rest.iter().all(|&(side, context)| {
                    let index = &self.contexts[&(side, context.len())];
                    self.context_hash(bytes, hashes, side, k, context.len(), index.shift)
                        == Some(extend(0, context))
                })
            })
            .map(|&k| self.hits[k])
            .filter(|&i| fits(i));
        matches.next().filter(|_| matches.next().is_none())
    }

    /// Indexes the occurrences by the hash of their `len` bytes of context
    /// on `side`, unless that was done; occurrences with less text on that
    /// side are left out.
    fn index(&mut self, bytes: &[u8], hashes: &TextHashes, side: Side, len: usize) {
        if self.contexts.contains_key(&(side, len)) {
            return;
        }
        let shift = power(len);
        let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
        for k in 0..self.hits.len() {
            if let Some(h) = self.context_hash(bytes, hashes, side, k, len, shift) {
                by_hash.entry(h).or_default().push(k);
            }
        }
        self.contexts
            .insert((side, len), ContextIndex { shift, by_hash });
    }

    /// The hash of the `len` bytes on `side` of occurrence `k`, if the text
    /// has that many.
    fn context_hash(
        &self,
        bytes: &[u8],
        hashes: &TextHashes,
        side: Side,
        k: usize,
        len: usize,
        shift: u64,
    ) -> Option<u64> {
        let at = self.hits[k];
        let start = match side {
            Side::Before => at.checked_sub(len)?,
            Side::After => Some(at + self.exact_len).filter(|s| s + len <= bytes.len())?,
        };
        Some(hashes.range(bytes, start, len, shift))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `exact` is anchored by `context`, through the indexes and by
    /// comparing every occurrence (which must agree).
    fn anchor(text: &str, exact: &str, context: (Option<&str>, Option<&str>)) -> Option<usize> {
        let mut sites = QuoteSites::find(text, exact);
        let plain = sites.anchor(text, None, context).map(|s| s.start.0);
        let hashes = TextHashes::new(text);
        let indexed = sites.anchor(text, Some(&hashes), context);
        assert_eq!(indexed.map(|s| s.start.0), plain, "{exact:?} {context:?}");
        assert!(indexed.is_none_or(|s| s.end.0 == s.start.0 + exact.len()));
        plain
    }

    #[test]
    fn quotes_anchor_by_context() {
        let text = "the deal. the deal! the deal.";
        let s = anchor(text, "the deal", (Some(". "), Some("!")));
        assert_eq!(s, Some(10));
        assert_eq!(anchor(text, "the deal", (Some("! "), Some("."))), Some(20));
        assert_eq!(anchor(text, "the deal", (None, None)), None, "ambiguous");
        assert_eq!(anchor(text, "the deal", (Some(""), Some(""))), None);
        assert_eq!(anchor(text, "the deal", (Some("x"), None)), None);
        assert_eq!(anchor(text, "deal!", (Some("x"), None)), Some(14));
        assert_eq!(anchor(text, "nope", (Some(". "), None)), None);
        // Context longer than the text on its side rules an occurrence out.
        assert_eq!(anchor(text, "the deal", (None, Some("!"))), Some(10));
        assert_eq!(anchor(text, "the deal", (Some(""), Some(". "))), Some(0));
        assert_eq!(
            anchor(text, "the deal", (Some("the deal! "), None)),
            Some(20)
        );
        // As `match_indices`: "aa" is in "aaaa" at 0 and 2.
        assert_eq!(QuoteSites::find("aaaa", "aa").hits, [0, 2]);
        assert_eq!(QuoteSites::find("é é", "é").hits, [0, 3]);
    }

    #[test]
    fn many_occurrences_are_told_apart_as_comparing_each_would() {
        // Contexts that share long runs, straddle the hash stride, and
        // repeat, in a text with multi-byte characters.
        let mut text = String::from("ü");
        for n in 0..300 {
            text.push_str(&format!(
                "Item {:04} – says the deal holds{}. ",
                n % 120,
                n % 7
            ));
        }
        for n in [0, 1, 5, 119, 130, 299] {
            let prefix = format!("Item {:04} – says ", n % 120);
            let suffix = format!(" holds{}", n % 7);
            let found = anchor(&text, "the deal", (Some(&prefix), Some(&suffix)));
            let unique = (0..300)
                .filter(|m| m % 120 == n % 120 && m % 7 == n % 7)
                .count()
                == 1;
            assert_eq!(found.is_some(), unique, "{n}");
            for len in [1, 3, 16, 17, 40] {
                let short = &prefix[prefix.len().saturating_sub(len)..];
                if prefix.is_char_boundary(prefix.len() - short.len()) {
                    anchor(&text, "the deal", (Some(short), Some(&suffix)));
                    anchor(&text, "the deal", (Some(short), None));
                }
            }
        }
    }

    #[test]
    fn range_hashes_equal_the_hashes_of_the_bytes() {
        let text = "0123456789abcdefghijklmnopqrstuvwxyz—é".repeat(3);
        let hashes = TextHashes::new(&text);
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for len in [0, 1, 15, 16, 17, 33]
                .into_iter()
                .filter(|l| start + l <= bytes.len())
            {
                assert_eq!(
                    hashes.range(bytes, start, len, power(len)),
                    extend(0, &bytes[start..start + len]),
                    "{start}+{len}"
                );
            }
        }
    }
}
