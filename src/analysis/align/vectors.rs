//! Segments as TF-IDF vectors: words hashed as light stems, weighted by
//! term frequency and by inverse document frequency over the segments of
//! both texts, with the products the table needs.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::kind::Kind;
use crate::analysis::fnv1a;

/// Words of a segment as comparable terms, hashed: lowercased, split at a
/// glued camel-case join ("DisclaimerThe"), possessives and common English
/// endings removed, cut to six characters. Returns the number of words.
fn term_hashes(text: &str, out: &mut Vec<u64>) -> usize {
    let mut buf = String::new();
    let mut words = 0;
    for part in crate::model::words::words(text)
        .into_iter()
        .flat_map(split_camel)
    {
        stem(part, &mut buf);
        out.push(fnv1a(buf.as_bytes()));
        words += 1;
    }
    words
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
pub(super) struct Vector {
    pub(super) terms: Vec<(u32, f32)>,
    pub(super) norm2: f32,
}

pub(super) fn dot(u: &Vector, v: &Vector) -> f32 {
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

/// Cosine similarity from a dot product and the two squared norms (0 for an empty vector).
pub(super) fn cosine(dot: f32, norm2_u: f32, norm2_v: f32) -> f32 {
    if norm2_u <= 0.0 || norm2_v <= 0.0 {
        return 0.0;
    }
    (dot / (norm2_u * norm2_v).sqrt()).clamp(0.0, 1.0)
}

/// The TF-IDF vectors of both sides, plus what the table needs besides.
pub(super) struct Vectors {
    pub(super) a: Vec<Vector>,
    pub(super) b: Vec<Vector>,
    pub(super) a_kind: Vec<Kind>,
    pub(super) b_kind: Vec<Kind>,
    /// `a_next[i]` is the dot product of `a[i]` and `a[i + 1]` (for the norm of a merged pair).
    pub(super) a_next: Vec<f32>,
    pub(super) b_next: Vec<f32>,
    /// Number of distinct terms (term ids are `0..vocabulary`).
    pub(super) vocabulary: usize,
}

impl Vectors {
    /// The vectors and kinds of both sides' segments.
    pub(super) fn new(a_texts: &[&str], b_texts: &[&str]) -> Self {
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
        let mut ids: HashMap<u64, u32> = HashMap::default();
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
    pub(super) fn sim(&self, i: usize, j: usize, dot: f32) -> f32 {
        cosine(dot, self.a[i].norm2, self.b[j].norm2)
    }
}

/// The share of `u`'s squared weight on terms that `v` has too.
pub(super) fn shared(u: &Vector, v: &Vector) -> f32 {
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
