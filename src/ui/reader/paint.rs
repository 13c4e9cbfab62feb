//! Painting the reader: highlight fills, the selection, the text, underline
//! lanes, outlines, link marks and the caret.

use std::sync::Arc;

use eframe::egui::{
    Color32, Mesh, Pos2, Rangef, Rect, Shape, Stroke, StrokeKind, Ui, emath::GuiRounding as _, pos2,
};

use super::layout::{self, RowInfo};
use super::{DocCache, Frame, Highlight, ReaderInput, ReaderState, Visible, chars_of};

/// Underline stroke width and distance between underline lanes.
const UNDERLINE_WIDTH: f32 = 1.3;
const LANE_STEP: f32 = 2.4;
/// Most underline lanes drawn; deeper overlaps share the last one.
const MAX_LANES: u16 = 4;

/// Paints the paragraphs in view with their highlights, the selection and
/// (with focus) the caret.
///
/// Fills, the selection and underlines are plain quads snapped to pixels,
/// batched into one mesh each: thousands of highlights cost a few meshes,
/// not thousands of anti-aliased shapes to tessellate every frame.
#[expect(clippy::too_many_arguments)]
pub(super) fn paint(
    ui: &Ui,
    state: &ReaderState,
    doc: &DocCache,
    frame: &Frame,
    visible: &[Visible],
    input: &ReaderInput<'_>,
    hovered: Option<usize>,
    has_focus: bool,
) {
    let painter = ui
        .painter()
        .with_clip_rect(frame.view_rect.intersect(ui.clip_rect()));
    let ppp = ui.ctx().pixels_per_point();
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let selection = state.selection.span();
    let selection_fill = visuals.selection.bg_fill.gamma_multiply(0.75);
    let newline_width = input.font_size * 0.4;
    let lane_count = doc.highlights.lane_count().clamp(1, MAX_LANES);
    let mut fills = Mesh::default();
    let mut selected_text = Mesh::default();
    let mut lines = Mesh::default();
    let mut marks = Vec::new();

    for v in visible {
        let origin = frame.origin(v.y).to_vec2();
        for &i in doc.highlights.in_paragraph(v.para) {
            let Some(h) = input.highlights.get(i as usize) else {
                continue;
            };
            let Some((c0, c1)) = chars_of(doc, v.para, h.span) else {
                continue;
            };
            let selected = input.selected == Some(h.id);
            let is_hovered = hovered == Some(i as usize);
            let alpha = match (h.suggested, selected) {
                (_, true) => 0.55,
                (true, false) => 0.12,
                (false, false) => 0.28,
            } + if is_hovered { 0.12 } else { 0.0 };
            let fill = h.color.gamma_multiply(alpha);
            let lane = doc.highlights.lane(i as usize).min(lane_count - 1);
            let ends_here = h.span.end.0 <= doc.paragraphs.range(v.para).end;
            let mut last_rect = None;
            layout::range_rects(&v.galley, c0.0, c1.0, 0.0, |rect, info| {
                let rect = rect.translate(origin);
                fills.add_colored_rect(rect.round_to_pixels(ppp), fill);
                if selected {
                    let stroke = Stroke::new(1.5, if dark { Color32::WHITE } else { h.color });
                    marks.push(Shape::rect_stroke(
                        rect.expand(1.0),
                        2.0,
                        stroke,
                        StrokeKind::Outside,
                    ));
                }
                let y = underline_y(info, origin.y, lane, lane_count);
                underline(&mut lines, rect.x_range(), y, h, ppp);
                last_rect = Some(rect);
            });
            if h.linked
                && ends_here
                && let Some(rect) = last_rect
            {
                chain_mark(&mut marks, rect.right_top(), h.color);
            }
        }

        // The selection, over the fills and under the text.
        if !selection.is_empty() {
            let range = doc.paragraphs.range(v.para);
            if selection.start.0 <= range.end && selection.end.0 >= range.start {
                let c0 = doc.paragraphs.char_in(&doc.text, v.para, selection.start).0;
                let mut c1 = doc.paragraphs.char_in(&doc.text, v.para, selection.end).0;
                if selection.end.0 > range.end && doc.paragraphs.ends_line(v.para) {
                    c1 += 1;
                }
                layout::range_rects(&v.galley, c0, c1, newline_width, |rect, _| {
                    let rect = rect.translate(origin).round_to_pixels(ppp);
                    selected_text.add_colored_rect(rect, selection_fill);
                });
            }
        }
    }

    for mesh in [fills, selected_text] {
        if !mesh.is_empty() {
            painter.add(Shape::mesh(mesh));
        }
    }
    for v in visible {
        painter.galley(
            frame.origin(v.y),
            Arc::clone(&v.galley),
            visuals.text_color(),
        );
    }
    if !lines.is_empty() {
        painter.add(Shape::mesh(lines));
    }
    painter.extend(marks);
    super::find_marks::paint(ui, &painter, doc, frame, visible, input.find);

    if has_focus {
        let head = state.selection.head;
        let pos = doc.paragraphs.to_para_pos(&doc.text, head);
        if let Some(v) = visible.iter().find(|v| v.para == pos.para) {
            let rect =
                layout::caret_rect(&v.galley, layout::ccursor(pos.char, state.prefer_next_row));
            let rect = rect.translate(frame.origin(v.y).to_vec2());
            let bottom = rect
                .bottom()
                .min(frame.origin(v.y).y + doc.layout.height(v.para));
            let stroke = visuals.text_cursor.stroke;
            painter.line_segment([rect.left_top(), pos2(rect.left(), bottom)], stroke);
        }
    }
}

/// Screen y of the middle of underline lane `lane` of a row.
fn underline_y(info: RowInfo, origin_y: f32, lane: u16, lane_count: u16) -> f32 {
    let first = origin_y + info.baseline + 1.5;
    let room = (origin_y + info.row_bottom - UNDERLINE_WIDTH / 2.0 - first).max(0.0);
    let step = if lane_count > 1 {
        (room / f32::from(lane_count - 1)).min(LANE_STEP)
    } else {
        LANE_STEP
    };
    first + f32::from(lane) * step
}

/// The underline of one row piece of a highlight at `y`: solid, or dashed
/// for a suggestion; whole pixels thick.
fn underline(lines: &mut Mesh, x: Rangef, y: f32, h: &Highlight, ppp: f32) {
    let thickness = (UNDERLINE_WIDTH * ppp).round().max(1.0) / ppp;
    let top = (y - thickness / 2.0).round_to_pixels(ppp);
    let band = Rangef::new(top, top + thickness);
    if h.suggested {
        let (dash, gap) = (3.0, 2.0);
        let mut x0 = x.min;
        while x0 < x.max {
            let x1 = (x0 + dash).min(x.max);
            lines.add_colored_rect(Rect::from_x_y_ranges(x0..=x1, band), h.color);
            x0 = x1 + gap;
        }
    } else {
        lines.add_colored_rect(Rect::from_x_y_ranges(x, band), h.color);
    }
}

/// A tiny drawn chain link (two interlocked rings) at `at`: the span has links.
fn chain_mark(lines: &mut Vec<Shape>, at: Pos2, color: Color32) {
    let r = 2.2;
    let a = pos2(at.x - 0.5, at.y);
    let b = pos2(at.x + 2.5, at.y - 1.5);
    for center in [a, b] {
        lines.push(Shape::circle_stroke(center, r, Stroke::new(1.3, color)));
    }
}
