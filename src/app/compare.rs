//! Builds the Compare view from the paragraph alignment of two texts.

use crate::analysis::segment::paragraphs;
use crate::ui::panes::CompareView;

/// The paragraph alignment of `a` and `b`, as the panes draw it.
pub fn compare_view(a: &str, b: &str) -> CompareView {
    // Placeholder until analysis::align lands: nothing aligned.
    let (pa, pb) = (paragraphs(a), paragraphs(b));
    CompareView {
        only_a: (0..pa.len()).collect(),
        only_b: (0..pb.len()).collect(),
        a: pa,
        b: pb,
        pairs: Vec::new(),
    }
}
