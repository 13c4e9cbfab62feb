//! The find bar's hits in the reader: an outline around every hit in view
//! and a thicker one around the current hit. Outlines, not fills, so that a
//! hit never reads as a label's highlight and never hides one.

use eframe::egui::{Painter, Stroke, StrokeKind, Ui};

use super::{DocCache, Frame, Visible, chars_of, layout};
use crate::model::text::Span;

/// The find bar's hits, as the reader marks them (see `crate::ui::find`).
#[derive(Clone, Copy, Debug, Default)]
pub struct FindMarks<'a> {
    /// Sorted by start, never overlapping.
    pub hits: &'a [Span],
    /// The index in `hits` of the current hit (which is also the selection).
    pub current: Option<usize>,
}

/// Outlines the hits in the paragraphs in view. Only hits in view are
/// visited (a binary search per paragraph) and nothing is allocated, so a
/// query with 100,000 hits costs what the few on screen cost.
pub(super) fn paint(
    ui: &Ui,
    painter: &Painter,
    doc: &DocCache,
    frame: &Frame,
    visible: &[Visible],
    marks: FindMarks<'_>,
) {
    if marks.hits.is_empty() {
        return;
    }
    let color = ui.visuals().warn_fg_color;
    for v in visible {
        let range = doc.paragraphs.range(v.para);
        let origin = frame.origin(v.y).to_vec2();
        let first = marks.hits.partition_point(|h| h.end.0 <= range.start);
        for (k, hit) in marks.hits[first..].iter().enumerate() {
            if hit.start.0 > range.end {
                break;
            }
            let Some((c0, c1)) = chars_of(doc, v.para, *hit) else {
                continue;
            };
            let (width, grow) = if marks.current == Some(first + k) {
                (2.5, 2.0)
            } else {
                (1.0, 1.0)
            };
            layout::range_rects(&v.galley, c0.0, c1.0, 0.0, |rect, _| {
                let rect = rect.translate(origin).expand(grow);
                painter.rect_stroke(rect, 2.0, Stroke::new(width, color), StrokeKind::Outside);
            });
        }
    }
}
