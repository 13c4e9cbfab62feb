//! Which cells of the table are computed: all of them for small inputs;
//! for large ones a corridor around anchors (mutual best matches through
//! rare words, chained in order).

use super::vectors::{Vectors, cosine, dot};

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

/// Which cells of the table are computed: row `i` (a prefix of length `i`)
/// covers columns `lo[i]..=hi[i]`.
#[derive(Debug)]
pub(super) struct Corridor {
    pub(super) lo: Vec<usize>,
    pub(super) hi: Vec<usize>,
}

impl Corridor {
    /// Every cell of an `na` by `nb` table.
    pub(super) fn full(na: usize, nb: usize) -> Self {
        Self {
            lo: vec![0; na + 1],
            hi: vec![nb; na + 1],
        }
    }

    /// A corridor through the anchors (matched (i, j) segment pairs,
    /// increasing in both), [`CORRIDOR`] wide; gaps between anchors are
    /// covered whole when small, by a band along their diagonal otherwise.
    pub(super) fn around(anchors: &[(usize, usize)], na: usize, nb: usize) -> Self {
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
pub(super) fn anchors(vectors: &Vectors) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::align::table::Table;
    use crate::analysis::segment;

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
        let (pa, pb) = (segment::paragraphs(&a), segment::paragraphs(&b));
        let a_texts: Vec<&str> = pa.iter().map(|s| &a[s.range()]).collect();
        let b_texts: Vec<&str> = pb.iter().map(|s| &b[s.range()]).collect();
        let vectors = Vectors::new(&a_texts, &b_texts);
        let full = Table::fill(&vectors, Corridor::full(pa.len(), pb.len())).backtrack();
        let anchors = anchors(&vectors);
        assert!(anchors.len() > 500);
        let pruned = Table::fill(&vectors, Corridor::around(&anchors, pa.len(), pb.len()));
        assert_eq!(pruned.backtrack(), full);
    }
}
