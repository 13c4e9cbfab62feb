//! The dynamic programme: the best monotonic alignment over the corridor,
//! with 1-1, 2-1, 1-2 and one-sided moves, and its backtrack.

use super::corridor::Corridor;
use super::kind::Kind;
use super::vectors::{Vectors, cosine, dot, shared};
use super::{AlignedPair, Alignment, MIN_SCORE};

/// In a 2-1 or 1-2 pair, each part must share at least this share of its
/// (squared TF-IDF) weight with the other side.
const PART_MIN_SHARED: f32 = 0.3;

/// A 2-1 or 1-2 pair gains this much on top of its score (it accounts for
/// one more segment than a 1-1 pair).
const MERGE_BONUS: f32 = 0.1;

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
pub(super) struct Table<'v> {
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

    /// Computes every cell of `corridor`.
    pub(super) fn fill(vectors: &'v Vectors, corridor: Corridor) -> Self {
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

    /// The alignment of the best path through the table.
    pub(super) fn backtrack(&self) -> Alignment {
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
