//! Alignment of two versions of an article: which paragraphs (or sentences)
//! of one correspond to which of the other.
//!
//! Segments are compared by the cosine of their TF-IDF vectors over lightly
//! stemmed words (IDF counted over the segments of both texts), which
//! survives rewording: "signed a new contract last Friday" and "signed a
//! new contract with AWS last Friday" share most of their weight. A dynamic
//! programme in the style of Gale-Church then finds the monotonic alignment
//! of highest total similarity, with these moves:
//!
//! ```text
//! 1-1   a[i]          <-> b[j]
//! 2-1   a[i] + a[i+1] <-> b[j]            (a paragraph split in two in b)
//! 1-2   a[i]          <-> b[j] + b[j+1]
//! 1-0   a[i] only     0-1   b[j] only
//! ```
//!
//! A pair needs a similarity of at least [`MIN_SCORE`], so unrelated
//! segments stay one-sided instead of being forced into pairs. Site chrome
//! (copyright lines, cookie banners, share buttons, bylines) never pairs,
//! and short lines without sentence punctuation (menu items, headings) pair
//! only as the heading of a 2-1 or 1-2 group. Each part of a 2-1 or 1-2
//! group must share a good part of its weight with the other side.
//!
//! Small inputs get the full table. Large ones (more than
//! [`FULL_TABLE_CELLS`] cells) are pruned: mutual best matches found through
//! an inverted index of rare words are chained into monotonic anchors, and
//! only a corridor around the anchors is computed.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::segment;
use crate::model::Span;

/// One aligned group: indices into the two segment lists (1-1, 1-2 or 2-1),
/// each sorted, with the cosine similarity of the two sides in `0..=1`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedPair {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub score: f32,
}

/// A monotonic alignment of two segment lists. Pairs are in text order;
/// `only_a` and `only_b` list the segments present on one side only; all
/// sorted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Alignment {
    pub pairs: Vec<AlignedPair>,
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
}

/// The least similarity of an aligned pair. Tuned on the labelled pairs in
/// `tests/data/eval` (`cargo test --test align_eval -- --nocapture`): F1
/// stays within 0.5% of its best for 0.1..=0.15 and drops above 0.2, where
/// reworded headlines are lost. Menu lines and site chrome are kept out of
/// pairs by their [`Kind`], not by this threshold.
pub const MIN_SCORE: f32 = 0.15;

/// In a 2-1 or 1-2 pair, each part must share at least this share of its
/// (squared TF-IDF) weight with the other side.
const PART_MIN_SHARED: f32 = 0.3;

/// A 2-1 or 1-2 pair gains this much on top of its score (it accounts for
/// one more segment than a 1-1 pair).
const MERGE_BONUS: f32 = 0.1;

/// Segments with fewer words than this and no sentence punctuation are
/// labels (menu items, headings): never paired alone, only as the first
/// part of a 2-1 or 1-2 pair (a heading over its paragraph).
const LABEL_MAX_WORDS: usize = 3;

/// Above this many table cells, the table is pruned to a corridor around anchors.
pub const FULL_TABLE_CELLS: usize = 4_000_000;

/// Half-width of the corridor around the anchor path, in segments.
const CORRIDOR: usize = 16;

/// Gaps between anchors of at most this many cells are computed in full.
const GAP_BOX_CELLS: usize = 1_000_000;

/// Words in more segments than this are not used to find anchors.
const ANCHOR_MAX_POSTINGS: usize = 64;

/// How many candidates of each segment get an exact similarity when finding anchors.
const ANCHOR_CANDIDATES: usize = 3;

/// The least similarity of an anchor.
const ANCHOR_MIN_SCORE: f32 = 0.5;

/// Aligns two documents' segments (paragraphs or sentences: byte spans into
/// `a_text` and `b_text`) in order.
pub fn align(a_text: &str, a_segments: &[Span], b_text: &str, b_segments: &[Span]) -> Alignment {
    let a_texts: Vec<&str> = a_segments
        .iter()
        .map(|s| s.slice(a_text).unwrap_or(""))
        .collect();
    let b_texts: Vec<&str> = b_segments
        .iter()
        .map(|s| s.slice(b_text).unwrap_or(""))
        .collect();
    let vectors = Vectors::new(&a_texts, &b_texts);
    let corridor =
        if a_texts.len().saturating_add(1) * b_texts.len().saturating_add(1) <= FULL_TABLE_CELLS {
            Corridor::full(a_texts.len(), b_texts.len())
        } else {
            Corridor::around(&anchors(&vectors), a_texts.len(), b_texts.len())
        };
    Table::fill(&vectors, corridor).backtrack()
}

/// Paragraph alignment of two texts: (a paragraphs, b paragraphs, alignment).
pub fn align_paragraphs(a: &str, b: &str) -> (Vec<Span>, Vec<Span>, Alignment) {
    let a_paragraphs = segment::paragraphs(a);
    let b_paragraphs = segment::paragraphs(b);
    let alignment = align(a, &a_paragraphs, b, &b_paragraphs);
    (a_paragraphs, b_paragraphs, alignment)
}

/// Similarity of two whole texts in 0..=1 (to find which documents are
/// versions of each other): the share of both texts' sentences (weighted by
/// length) that align, each weighted by its pair's score. Identical texts
/// give 1, unrelated ones close to 0.
pub fn document_similarity(a: &str, b: &str) -> f32 {
    let a_sentences = segment::sentences(a);
    let b_sentences = segment::sentences(b);
    let total: usize = a_sentences.iter().chain(&b_sentences).map(Span::len).sum();
    if total == 0 {
        return if a_sentences.is_empty() && b_sentences.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let alignment = align(a, &a_sentences, b, &b_sentences);
    let covered: f64 = alignment
        .pairs
        .iter()
        .map(|pair| {
            let len: usize = pair.a.iter().map(|&i| a_sentences[i].len()).sum::<usize>()
                + pair.b.iter().map(|&j| b_sentences[j].len()).sum::<usize>();
            f64::from(pair.score) * len as f64
        })
        .sum();
    ((covered / total as f64) as f32).clamp(0.0, 1.0)
}

/// Words of a segment as comparable terms, hashed: lowercased, split at a
/// glued camel-case join ("DisclaimerThe"), possessives and common English
/// endings removed, cut to six characters. Returns the number of words.
fn term_hashes(text: &str, out: &mut Vec<u64>) -> usize {
    let mut buf = String::new();
    let mut words = 0;
    for part in text.unicode_words().flat_map(split_camel) {
        stem(part, &mut buf);
        out.push(fnv1a(buf.as_bytes()));
        words += 1;
    }
    words
}

/// 64-bit FNV-1a: a fast hash with no collisions to speak of for words.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// "DisclaimerThe" -> "Disclaimer", "The"; "OpenAI" stays whole.
fn split_camel(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        if let Some(p) = prev
            && p.is_lowercase()
            && c.is_uppercase()
            && word[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            parts.push(&word[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    parts.push(&word[start..]);
    parts
}

/// Writes the stem of `word` into `out`.
fn stem(word: &str, out: &mut String) {
    out.clear();
    out.extend(word.chars().flat_map(char::to_lowercase));
    for possessive in ["'s", "’s"] {
        if let Some(stripped) = out.strip_suffix(possessive) {
            out.truncate(stripped.len());
        }
    }
    for suffix in ["ing", "ed", "es", "s", "ly"] {
        if let Some(stripped) = out.strip_suffix(suffix)
            && stripped.chars().count() >= 3
        {
            out.truncate(stripped.len());
            break;
        }
    }
    if let Some((cut, _)) = out.char_indices().nth(6) {
        out.truncate(cut);
    }
}

/// A sparse TF-IDF vector: (term id, weight) sorted by term id, and its squared norm.
#[derive(Clone, Debug, Default)]
struct Vector {
    terms: Vec<(u32, f32)>,
    norm2: f32,
}

fn dot(u: &Vector, v: &Vector) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < u.terms.len() && j < v.terms.len() {
        let (ti, wi) = u.terms[i];
        let (tj, wj) = v.terms[j];
        match ti.cmp(&tj) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += wi * wj;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

fn cosine(dot: f32, norm2_u: f32, norm2_v: f32) -> f32 {
    if norm2_u <= 0.0 || norm2_v <= 0.0 {
        return 0.0;
    }
    (dot / (norm2_u * norm2_v).sqrt()).clamp(0.0, 1.0)
}

/// What a segment can take part in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
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
    fn of(text: &str, words: usize) -> Self {
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

/// The TF-IDF vectors of both sides, plus what the table needs besides.
struct Vectors {
    a: Vec<Vector>,
    b: Vec<Vector>,
    a_kind: Vec<Kind>,
    b_kind: Vec<Kind>,
    /// `a_next[i]` is the dot product of `a[i]` and `a[i + 1]` (for the norm of a merged pair).
    a_next: Vec<f32>,
    b_next: Vec<f32>,
    /// Number of distinct terms (term ids are `0..vocabulary`).
    vocabulary: usize,
}

impl Vectors {
    fn new(a_texts: &[&str], b_texts: &[&str]) -> Self {
        // Tokenising is the costly part: done in parallel, one segment per task.
        let hashed = |texts: &[&str]| -> Vec<(Vec<u64>, Kind)> {
            texts
                .par_iter()
                .map(|text| {
                    let mut hashes = Vec::new();
                    let words = term_hashes(text, &mut hashes);
                    (hashes, Kind::of(text, words))
                })
                .collect()
        };
        let (a_hashed, b_hashed) = (hashed(a_texts), hashed(b_texts));
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut counts = |hashes: &[u64]| {
            let mut tf: Vec<u32> = hashes
                .iter()
                .map(|&h| {
                    let next = ids.len() as u32;
                    *ids.entry(h).or_insert(next)
                })
                .collect();
            tf.sort_unstable();
            let mut runs: Vec<(u32, u32)> = Vec::with_capacity(tf.len());
            for id in tf {
                match runs.last_mut() {
                    Some((last, count)) if *last == id => *count += 1,
                    _ => runs.push((id, 1)),
                }
            }
            runs
        };
        let a_kind: Vec<Kind> = a_hashed.iter().map(|(_, k)| *k).collect();
        let b_kind: Vec<Kind> = b_hashed.iter().map(|(_, k)| *k).collect();
        let a_tf: Vec<_> = a_hashed.iter().map(|(h, _)| counts(h)).collect();
        let b_tf: Vec<_> = b_hashed.iter().map(|(h, _)| counts(h)).collect();
        let mut df = vec![0u32; ids.len()];
        for tf in a_tf.iter().chain(&b_tf) {
            for &(id, _) in tf {
                df[id as usize] += 1;
            }
        }
        let n = (a_tf.len() + b_tf.len()) as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (1.0 + n / d as f32).ln()).collect();
        let weigh = |tf: Vec<(u32, u32)>| {
            let terms: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(id, count)| (id, (1.0 + (count as f32).ln()) * idf[id as usize]))
                .collect();
            let norm2 = terms.iter().map(|(_, w)| w * w).sum();
            Vector { terms, norm2 }
        };
        let a: Vec<Vector> = a_tf.into_iter().map(weigh).collect();
        let b: Vec<Vector> = b_tf.into_iter().map(weigh).collect();
        let next = |v: &[Vector]| v.windows(2).map(|w| dot(&w[0], &w[1])).collect();
        Self {
            vocabulary: idf.len(),
            a_next: next(&a),
            b_next: next(&b),
            a,
            b,
            a_kind,
            b_kind,
        }
    }

    /// Cosine of a[i] and b[j] given their dot product.
    fn sim(&self, i: usize, j: usize, dot: f32) -> f32 {
        cosine(dot, self.a[i].norm2, self.b[j].norm2)
    }
}

/// The share of `u`'s squared weight on terms that `v` has too.
fn shared(u: &Vector, v: &Vector) -> f32 {
    if u.norm2 <= 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < u.terms.len() && j < v.terms.len() {
        let (ti, wi) = u.terms[i];
        let tj = v.terms[j].0;
        match ti.cmp(&tj) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += wi * wi;
                i += 1;
                j += 1;
            }
        }
    }
    sum / u.norm2
}

/// Which cells of the table are computed: row `i` (a prefix of length `i`)
/// covers columns `lo[i]..=hi[i]`.
#[derive(Debug)]
struct Corridor {
    lo: Vec<usize>,
    hi: Vec<usize>,
}

impl Corridor {
    fn full(na: usize, nb: usize) -> Self {
        Self {
            lo: vec![0; na + 1],
            hi: vec![nb; na + 1],
        }
    }

    /// A corridor through the anchors (matched (i, j) segment pairs,
    /// increasing in both), [`CORRIDOR`] wide; gaps between anchors are
    /// covered whole when small, by a band along their diagonal otherwise.
    fn around(anchors: &[(usize, usize)], na: usize, nb: usize) -> Self {
        let mut points = vec![(0, 0)];
        for &(i, j) in anchors {
            points.push((i, j));
            points.push((i + 1, j + 1));
        }
        points.push((na, nb));
        let mut lo = vec![usize::MAX; na + 1];
        let mut hi = vec![0; na + 1];
        let mut cover = |row: usize, from: usize, to: usize| {
            lo[row] = lo[row].min(from.saturating_sub(CORRIDOR));
            hi[row] = hi[row].max((to + CORRIDOR).min(nb));
        };
        for w in points.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            let (rows, cols) = (x2 - x1 + 1, y2 - y1 + 1);
            if rows * cols <= GAP_BOX_CELLS {
                for row in x1..=x2 {
                    cover(row, y1, y2);
                }
            } else {
                // Column of the diagonal at row x1 + k, and at the next row.
                let at = |k: usize| y1 + (k * (y2 - y1)) / (x2 - x1).max(1);
                for row in x1..=x2 {
                    let k = row - x1;
                    cover(row, at(k), at((k + 1).min(x2 - x1)));
                }
            }
        }
        // Every row reaches back to the previous one, and both ends only grow.
        for row in 1..=na {
            hi[row] = hi[row].max(hi[row - 1]);
        }
        for row in (0..na).rev() {
            lo[row] = lo[row].min(lo[row + 1]);
        }
        for row in 1..=na {
            lo[row] = lo[row].min(hi[row - 1]);
        }
        lo[0] = 0;
        hi[na] = nb;
        Self { lo, hi }
    }
}

/// Mutual best matches of a and b with a similarity of at least
/// [`ANCHOR_MIN_SCORE`], found through an inverted index of b over rare
/// terms, then thinned to the longest chain increasing in both indices.
fn anchors(vectors: &Vectors) -> Vec<(usize, usize)> {
    let (na, nb) = (vectors.a.len(), vectors.b.len());
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vectors.vocabulary];
    for (j, v) in vectors.b.iter().enumerate() {
        for &(t, w) in &v.terms {
            postings[t as usize].push((j as u32, w));
        }
    }
    for list in &mut postings {
        if list.len() > ANCHOR_MAX_POSTINGS {
            *list = Vec::new();
        }
    }
    let mut best_b: Vec<Option<(usize, f32)>> = vec![None; na];
    let mut best_a: Vec<Option<(usize, f32)>> = vec![None; nb];
    let mut partial = vec![0.0f32; nb];
    let mut touched: Vec<u32> = Vec::new();
    for (i, u) in vectors.a.iter().enumerate() {
        for &(t, w) in &u.terms {
            for &(j, wb) in &postings[t as usize] {
                if partial[j as usize] == 0.0 {
                    touched.push(j);
                }
                partial[j as usize] += w * wb;
            }
        }
        // The few most promising candidates get an exact similarity.
        let mut top = [(f32::NEG_INFINITY, usize::MAX); ANCHOR_CANDIDATES];
        for &j in &touched {
            let j = j as usize;
            let key = partial[j] / vectors.b[j].norm2.sqrt();
            if key > top[ANCHOR_CANDIDATES - 1].0 {
                top[ANCHOR_CANDIDATES - 1] = (key, j);
                top.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            }
        }
        for &(_, j) in top.iter().filter(|&&(_, j)| j != usize::MAX) {
            let s = cosine(dot(u, &vectors.b[j]), u.norm2, vectors.b[j].norm2);
            if best_b[i].is_none_or(|(_, b)| s > b) {
                best_b[i] = Some((j, s));
            }
            if best_a[j].is_none_or(|(_, b)| s > b) {
                best_a[j] = Some((i, s));
            }
        }
        for j in touched.drain(..) {
            partial[j as usize] = 0.0;
        }
    }
    let mutual: Vec<(usize, usize)> = best_b
        .iter()
        .enumerate()
        .filter_map(|(i, best)| {
            let (j, s) = (*best)?;
            (s >= ANCHOR_MIN_SCORE && best_a[j].is_some_and(|(back, _)| back == i))
                .then_some((i, j))
        })
        .collect();
    longest_chain(&mutual)
}

/// The longest subsequence of `pairs` (sorted by their first index)
/// strictly increasing in the second index (patience sorting).
fn longest_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index in `pairs` of the smallest tail of a chain of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (n, &(_, j)) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < j);
        prev[n] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(n);
        } else {
            tails[k] = n;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(n) = at {
        chain.push(pairs[n]);
        at = prev[n];
    }
    chain.reverse();
    chain
}

/// How a cell was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Start,
    SkipA,
    SkipB,
    OneOne,
    TwoOne,
    OneTwo,
}

/// The dynamic-programming table over the corridor. Cell (i, j) holds the
/// best total score of aligning a[..i] with b[..j].
struct Table<'v> {
    vectors: &'v Vectors,
    corridor: Corridor,
    /// Start of each row in the cell arrays.
    offsets: Vec<usize>,
    score: Vec<f32>,
    moves: Vec<Move>,
    /// For cell (i, j) with i, j >= 1: similarity of the pair it ends with.
    pair_score: Vec<f32>,
    /// For cell (i, j) with i, j >= 1: a[i-1] · b[j-1].
    dots: Vec<f32>,
}

impl<'v> Table<'v> {
    fn cell(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (*self.corridor.lo.get(i)?, self.corridor.hi[i]);
        (lo <= j && j <= hi).then(|| self.offsets[i] + j - lo)
    }

    /// a[i] · b[j], from the table when that cell is computed.
    fn dot_ab(&self, i: usize, j: usize) -> f32 {
        match self.cell(i + 1, j + 1) {
            Some(c) if c < self.dots.len() => self.dots[c],
            _ => dot(&self.vectors.a[i], &self.vectors.b[j]),
        }
    }

    fn fill(vectors: &'v Vectors, corridor: Corridor) -> Self {
        let mut offsets = Vec::with_capacity(corridor.lo.len());
        let mut total = 0;
        for (lo, hi) in corridor.lo.iter().zip(&corridor.hi) {
            offsets.push(total);
            total += hi - lo + 1;
        }
        let mut table = Self {
            vectors,
            corridor,
            offsets,
            score: Vec::with_capacity(total),
            moves: Vec::with_capacity(total),
            pair_score: Vec::with_capacity(total),
            dots: Vec::with_capacity(total),
        };
        // a[i-1] spread over a dense array: each dot product with a b
        // segment is then a gather over b's terms, without branches.
        let mut row = vec![0.0f32; vectors.vocabulary];
        for i in 0..table.corridor.lo.len() {
            if i > 0 {
                for &(t, w) in &vectors.a[i - 1].terms {
                    row[t as usize] = w;
                }
            }
            for j in table.corridor.lo[i]..=table.corridor.hi[i] {
                let (score, mv, pair, d) = table.best_move(i, j, &row);
                table.score.push(score);
                table.moves.push(mv);
                table.pair_score.push(pair);
                table.dots.push(d);
            }
            if i > 0 {
                for &(t, _) in &vectors.a[i - 1].terms {
                    row[t as usize] = 0.0;
                }
            }
        }
        table
    }

    /// The best way into cell (i, j): (score, move, pair similarity, a[i-1]·b[j-1]).
    fn best_move(&self, i: usize, j: usize, row: &[f32]) -> (f32, Move, f32, f32) {
        let v = self.vectors;
        let at = |i: usize, j: usize| self.cell(i, j).map(|c| self.score[c]);
        if i == 0 && j == 0 {
            return (0.0, Move::Start, 0.0, 0.0);
        }
        let mut best = (f32::NEG_INFINITY, Move::Start, 0.0);
        let mut consider = |score: Option<f32>, gain: f32, mv: Move, pair: f32| {
            if let Some(score) = score
                && score + gain > best.0
            {
                best = (score + gain, mv, pair);
            }
        };
        if i > 0 {
            consider(at(i - 1, j), 0.0, Move::SkipA, 0.0);
        }
        if j > 0 {
            consider(at(i, j - 1), 0.0, Move::SkipB, 0.0);
        }
        let mut d = 0.0;
        if i > 0 && j > 0 {
            d = v.b[j - 1]
                .terms
                .iter()
                .map(|&(t, w)| w * row[t as usize])
                .sum();
            let (ka, kb) = (v.a_kind[i - 1], v.b_kind[j - 1]);
            let s = v.sim(i - 1, j - 1, d);
            if ka == Kind::Text && kb == Kind::Text && s >= MIN_SCORE {
                consider(at(i - 1, j - 1), s, Move::OneOne, s);
            }
            // a[i-2] + a[i-1] <-> b[j-1]: a paragraph split in two, or a heading over it.
            if i > 1 && ka == Kind::Text && kb == Kind::Text && v.a_kind[i - 2] != Kind::Chrome {
                let d0 = self.dot_ab(i - 2, j - 1);
                let norm2 = v.a[i - 2].norm2 + v.a[i - 1].norm2 + 2.0 * v.a_next[i - 2];
                let s = cosine(d0 + d, norm2, v.b[j - 1].norm2);
                if s >= MIN_SCORE
                    && shared(&v.a[i - 2], &v.b[j - 1]) >= PART_MIN_SHARED
                    && shared(&v.a[i - 1], &v.b[j - 1]) >= PART_MIN_SHARED
                {
                    consider(at(i - 2, j - 1), s + MERGE_BONUS, Move::TwoOne, s);
                }
            }
            // a[i-1] <-> b[j-2] + b[j-1].
            if j > 1 && ka == Kind::Text && kb == Kind::Text && v.b_kind[j - 2] != Kind::Chrome {
                let d0 = self.dot_ab(i - 1, j - 2);
                let norm2 = v.b[j - 2].norm2 + v.b[j - 1].norm2 + 2.0 * v.b_next[j - 2];
                let s = cosine(d0 + d, v.a[i - 1].norm2, norm2);
                if s >= MIN_SCORE
                    && shared(&v.b[j - 2], &v.a[i - 1]) >= PART_MIN_SHARED
                    && shared(&v.b[j - 1], &v.a[i - 1]) >= PART_MIN_SHARED
                {
                    consider(at(i - 1, j - 2), s + MERGE_BONUS, Move::OneTwo, s);
                }
            }
        }
        (best.0, best.1, best.2, d)
    }

    fn backtrack(&self) -> Alignment {
        let mut out = Alignment::default();
        let (mut i, mut j) = (self.corridor.lo.len() - 1, self.vectors.b.len());
        while let Some(c) = self.cell(i, j) {
            let s = self.pair_score[c];
            match self.moves[c] {
                Move::Start => break,
                Move::SkipA => {
                    i -= 1;
                    out.only_a.push(i);
                }
                Move::SkipB => {
                    j -= 1;
                    out.only_b.push(j);
                }
                Move::OneOne => {
                    (i, j) = (i - 1, j - 1);
                    out.pairs.push(AlignedPair {
                        a: vec![i],
                        b: vec![j],
                        score: s,
                    });
                }
                Move::TwoOne => {
                    (i, j) = (i - 2, j - 1);
                    out.pairs.push(AlignedPair {
                        a: vec![i, i + 1],
                        b: vec![j],
                        score: s,
                    });
                }
                Move::OneTwo => {
                    (i, j) = (i - 1, j - 2);
                    out.pairs.push(AlignedPair {
                        a: vec![i],
                        b: vec![j, j + 1],
                        score: s,
                    });
                }
            }
        }
        out.pairs.reverse();
        out.only_a.reverse();
        out.only_b.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Span> {
        segment::paragraphs(text)
    }

    fn pairs(alignment: &Alignment) -> Vec<(Vec<usize>, Vec<usize>)> {
        alignment
            .pairs
            .iter()
            .map(|p| (p.a.clone(), p.b.clone()))
            .collect()
    }

    #[test]
    fn identical_texts_align_one_to_one() {
        let text = "Alpha beta gamma.\nDelta epsilon zeta.\nEta theta iota.";
        let (pa, pb, al) = align_paragraphs(text, text);
        assert_eq!(pa, pb);
        assert_eq!(
            pairs(&al),
            [(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
        );
        assert!(al.pairs.iter().all(|p| p.score > 0.99));
        assert!(al.only_a.is_empty() && al.only_b.is_empty());
    }

    #[test]
    fn reworded_paragraphs_pair_and_menus_stay_one_sided() {
        let a = "OpenAI signed a new contract with Amazon Web Services last Friday.\n\
                 The deal covers classified and unclassified government work.\n\
                 Analysts expect more agreements with federal agencies soon.";
        let b = "Futures\nDemo Trading\nJoin events to earn rewards\n\
                 OpenAI signed a new contract last Friday with Amazon Web Services (AWS).\n\
                 The agreement covers both classified and unclassified government operations.\n\
                 Analysts expect further agreements with federal agencies soon.";
        let (_, _, al) = align_paragraphs(a, b);
        assert_eq!(
            pairs(&al),
            [(vec![0], vec![3]), (vec![1], vec![4]), (vec![2], vec![5])]
        );
        assert_eq!(al.only_b, [0, 1, 2]);
        assert!(al.only_a.is_empty());
    }

    #[test]
    fn split_paragraph_aligns_two_to_one() {
        let a = "Risk Warning and DisclaimerThe market carries risks; investment requires caution and this is not advice.";
        let b = "Risk Warning and Disclaimer\nThe market carries risks; investment requires caution and this is not advice.";
        let al = align(a, &lines(a), b, &lines(b));
        assert_eq!(pairs(&al), [(vec![0], vec![0, 1])]);
        let al = align(b, &lines(b), a, &lines(a));
        assert_eq!(pairs(&al), [(vec![0, 1], vec![0])]);
    }

    #[test]
    fn empty_inputs() {
        let al = align("", &[], "x", &lines("x"));
        assert!(al.pairs.is_empty());
        assert_eq!(al.only_b, [0]);
        assert_eq!(document_similarity("", ""), 1.0);
        assert_eq!(document_similarity("", "Something here."), 0.0);
    }

    #[test]
    fn document_similarity_separates_versions_from_strangers() {
        let a = "OpenAI signed a new contract with Amazon Web Services last Friday. The deal covers government work.";
        let b = "OpenAI signed a contract with Amazon Web Services on Friday. The agreement covers government work.";
        let c =
            "The football season opened with a surprise win. Fans celebrated late into the night.";
        assert!(document_similarity(a, a) > 0.99);
        assert!(document_similarity(a, b) > 0.4);
        assert!(document_similarity(a, c) < 0.1);
    }

    #[test]
    fn longest_chain_keeps_order() {
        let chain = longest_chain(&[(0, 5), (1, 1), (2, 2), (3, 0), (4, 3)]);
        assert_eq!(chain, [(1, 1), (2, 2), (4, 3)]);
    }

    #[test]
    fn pruned_table_matches_full_table_on_a_long_text() {
        // Sentences made of numbered words: every one distinct.
        let make = |n: usize, skip: usize| {
            (0..n)
                .filter(|k| k % skip != 3)
                .map(|k| format!("w{k} x{} y{} z{} shared words here", k * 7, k * 13, k % 17))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let a = make(600, 50);
        let b = make(600, 37);
        let (pa, pb) = (lines(&a), lines(&b));
        let a_texts: Vec<&str> = pa.iter().map(|s| &a[s.range()]).collect();
        let b_texts: Vec<&str> = pb.iter().map(|s| &b[s.range()]).collect();
        let vectors = Vectors::new(&a_texts, &b_texts);
        let full = Table::fill(&vectors, Corridor::full(pa.len(), pb.len())).backtrack();
        let anchors = anchors(&vectors);
        assert!(anchors.len() > 500);
        let pruned = Table::fill(&vectors, Corridor::around(&anchors, pa.len(), pb.len()));
        assert_eq!(pruned.backtrack(), full);
    }

    proptest::proptest! {
        #[test]
        fn alignment_is_a_monotonic_partition(
            a in proptest::collection::vec("[a-e ]{0,12}", 0..12),
            b in proptest::collection::vec("[a-e ]{0,12}", 0..12),
        ) {
            let (a, b) = (a.join("\n"), b.join("\n"));
            let (pa, pb, al) = align_paragraphs(&a, &b);
            let mut seen_a: Vec<usize> = al.only_a.clone();
            let mut seen_b: Vec<usize> = al.only_b.clone();
            let (mut last_a, mut last_b) = (None, None);
            for pair in &al.pairs {
                proptest::prop_assert!(matches!((pair.a.len(), pair.b.len()), (1, 1) | (1, 2) | (2, 1)));
                proptest::prop_assert!(pair.score >= MIN_SCORE && pair.score <= 1.0);
                proptest::prop_assert!(last_a < pair.a.first().copied() && last_b < pair.b.first().copied());
                last_a = pair.a.last().copied();
                last_b = pair.b.last().copied();
                seen_a.extend(&pair.a);
                seen_b.extend(&pair.b);
            }
            proptest::prop_assert!(al.only_a.is_sorted() && al.only_b.is_sorted());
            seen_a.sort_unstable();
            seen_b.sort_unstable();
            proptest::prop_assert_eq!(seen_a, (0..pa.len()).collect::<Vec<_>>());
            proptest::prop_assert_eq!(seen_b, (0..pb.len()).collect::<Vec<_>>());
        }
    }
}
