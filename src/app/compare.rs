//! Builds the Compare view from the paragraph alignment of two texts.

use crate::ui::panes::CompareView;

/// The paragraph alignment of `a` and `b`, as the panes draw it.
pub fn compare_view(a: &str, b: &str) -> CompareView {
    let (pa, pb, alignment) = crate::analysis::align::align_paragraphs(a, b);
    CompareView {
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
