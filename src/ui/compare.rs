//! Compare mode's model: the paragraph alignment of the first two panes'
//! texts, as the panes draw it (built from `analysis::align`).

use crate::model::Span;

/// The paragraph alignment of the first two panes, for Compare mode.
#[derive(Clone, Debug, Default)]
pub struct CompareView {
    /// Paragraph spans of the left and right document.
    pub a: Vec<Span>,
    pub b: Vec<Span>,
    /// Aligned groups: paragraph indices on each side (1-1, 1-2, 2-1) and the score.
    pub pairs: Vec<(Vec<usize>, Vec<usize>, f32)>,
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
}

impl CompareView {
    /// The paragraph alignment of `a` and `b`.
    pub fn of(a: &str, b: &str) -> Self {
        let (pa, pb, alignment) = crate::analysis::align::align_paragraphs(a, b);
        Self {
            a: pa,
            b: pb,
            pairs: alignment
                .pairs
                .into_iter()
                .map(|p| (p.a, p.b, p.score))
                .collect(),
            only_a: alignment.only_a,
            only_b: alignment.only_b,
        }
    }

    /// The paragraph spans of side `side` (0 = left).
    pub fn side(&self, side: usize) -> &[Span] {
        if side == 0 { &self.a } else { &self.b }
    }
}
