//! Painting the reader: highlight fills, the selection, the text, underline
//! lanes, outlines, margin marks, link marks and the caret.
//!
//! Accepted spans are tinted and underlined; suggestions have no fill, a
//! dashed box and a bar in the left margin; the selected annotation has a
//! light fill and a solid outline in the text colour; in Compare mode,
//! words that differ from the other version are tinted in a hue of their
//! own and have a line over them. Colours come from
//! [`ReaderColors`], which keeps the text readable on every fill.

use std::sync::Arc;

use eframe::egui::{
    Color32, Galley, Mesh, Painter, Pos2, Rangef, Rect, Shape, Stroke, StrokeKind, Ui, Vec2,
    emath::GuiRounding as _, pos2,
};

use super::layout::{self, RowInfo};
use super::{
    DocCache, Frame, Highlight, Layer, ReaderInput, ReaderState, Visible, changed_in, chars_of,
    highlights,
};
use crate::ui::colors::{Look, ReaderColors};

/// Underline stroke width and distance between underline lanes.
const UNDERLINE_WIDTH: f32 = 1.3;
const LANE_STEP: f32 = 2.4;
/// Most underline lanes drawn; deeper overlaps share the last one.
const MAX_LANES: u16 = 4;
/// Dash and gap of a suggestion's outline.
const DASH: f32 = 3.0;
const DASH_GAP: f32 = 2.0;
/// Width of a suggestion's margin bar and its distance from the text.
const MARGIN_MARK_WIDTH: f32 = 3.0;
const MARGIN_MARK_GAP: f32 = 5.0;
/// Outline width of the selected annotation.
const SELECTED_WIDTH: f32 = 2.0;

/// Paints the paragraphs in view with their highlights, the selection and
/// (with focus) the caret.
///
/// Fills, the selection, underlines and suggestions' boxes are plain quads
/// snapped to pixels, batched into one mesh each: thousands of highlights
/// cost a few meshes, not thousands of anti-aliased shapes to tessellate
/// every frame.
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
    let style = Style {
        colors: ReaderColors::new(ui.visuals()),
        ppp: ui.ctx().pixels_per_point(),
        lane_count: doc.highlights.lane_count().clamp(1, MAX_LANES),
    };
    let mut batch = Batch::default();
    for v in visible {
        let origin = frame.origin(v.y).to_vec2();
        highlights_ui(&mut batch, &style, doc, v, origin, input, hovered);
        selection_ui(&mut batch, &style, state, doc, v, origin, input.font_size);
    }

    for mesh in [batch.fills, batch.selected_text] {
        if !mesh.is_empty() {
            painter.add(Shape::mesh(mesh));
        }
    }
    for v in visible {
        painter.galley(frame.origin(v.y), Arc::clone(&v.galley), style.colors.text);
    }
    if !batch.lines.is_empty() {
        painter.add(Shape::mesh(batch.lines));
    }
    painter.extend(batch.marks);
    super::find_marks::paint(ui, &painter, doc, frame, visible, input.find);

    if has_focus {
        caret_ui(ui, &painter, state, doc, frame, visible);
    }
}

/// What is the same for everything painted this frame.
struct Style {
    colors: ReaderColors,
    /// Pixels per point.
    ppp: f32,
    /// Underline lanes in use (at most [`MAX_LANES`]).
    lane_count: u16,
}

/// What a frame paints, batched: quads in meshes, the few strokes as shapes.
#[derive(Default)]
struct Batch {
    /// Highlight fills, under the text selection.
    fills: Mesh,
    /// The text selection, under the text.
    selected_text: Mesh,
    /// Underlines, suggestions' boxes and margin bars, over the text.
    lines: Mesh,
    /// The selected annotation's outline and chain marks, over the text.
    marks: Vec<Shape>,
}

/// The highlights of paragraph `v` at screen offset `origin`: their marks,
/// then one fill per piece of text with the same highlights over it (the
/// layers composed, readable by construction). Words that differ from the
/// other version (Compare mode) are one more layer, under the highlights
/// that start with them.
fn highlights_ui(
    batch: &mut Batch,
    style: &Style,
    doc: &DocCache,
    v: &Visible,
    origin: Vec2,
    input: &ReaderInput<'_>,
    hovered: Option<usize>,
) {
    // (chars, layer), sorted by start below.
    let mut pieces = Vec::new();
    for &span in changed_in(input.changed_words, doc.paragraphs.range(v.para)) {
        if let Some((c0, c1)) = chars_of(doc, v.para, span) {
            pieces.push(((c0.0, c1.0), ReaderColors::changed_layer()));
            changed_line_ui(batch, style, &v.galley, (c0.0, c1.0), origin);
        }
    }
    for &i in doc.highlights.in_paragraph(v.para) {
        let Some(h) = input.highlights.get(i as usize) else {
            continue;
        };
        let Some((c0, c1)) = chars_of(doc, v.para, h.span) else {
            continue;
        };
        let look = Look {
            suggested: h.suggested,
            hovered: hovered == Some(i as usize),
            selected: input.selected == Some(h.id),
        };
        pieces.push(((c0.0, c1.0), ReaderColors::layer(h.color, look)));
        let placed = Placed {
            galley: &v.galley,
            chars: (c0.0, c1.0),
            origin,
            lane: doc.highlights.lane(i as usize).min(style.lane_count - 1),
            ends_here: h.span.end.0 <= doc.paragraphs.range(v.para).end,
        };
        marks_ui(batch, style, h, look, &placed);
    }
    pieces.sort_by_key(|&((c0, _), _)| c0);
    let (ranges, layers): (Vec<(usize, usize)>, Vec<Color32>) = pieces.into_iter().unzip();
    highlights::for_each_piece(&ranges, |c0, c1, over| {
        let fill = style.colors.fill(over.iter().map(|&k| layers[k]));
        if fill.a() == 0 {
            return;
        }
        layout::range_rects(&v.galley, c0, c1, 0.0, |rect, _| {
            let rect = rect.translate(origin).round_to_pixels(style.ppp);
            batch.fills.add_colored_rect(rect, fill);
        });
    });
}

/// The line over a changed word (Compare mode), at the top of each row
/// piece: no label draws above its text, so this tells a changed word from
/// a highlight whatever their hues.
fn changed_line_ui(
    batch: &mut Batch,
    style: &Style,
    galley: &Galley,
    (c0, c1): (usize, usize),
    origin: Vec2,
) {
    let color = style.colors.changed_line();
    layout::range_rects(galley, c0, c1, 0.0, |rect, _| {
        let rect = rect.translate(origin);
        let y = rect.top() + pixel_line(style.ppp);
        underline(&mut batch.lines, rect.x_range(), y, color, style.ppp);
    });
}

/// Where one highlight is in one paragraph.
struct Placed<'a> {
    galley: &'a Galley,
    /// Its chars in the paragraph.
    chars: (usize, usize),
    /// Screen offset of the paragraph.
    origin: Vec2,
    lane: u16,
    /// The highlight ends in this paragraph.
    ends_here: bool,
}

/// One highlight's marks in one paragraph: an accepted span's underline, a
/// suggestion's dashed box and margin bar, the selected annotation's
/// outline, a linked span's chain mark.
fn marks_ui(batch: &mut Batch, style: &Style, h: &Highlight, look: Look, placed: &Placed<'_>) {
    let mark = style.colors.mark(h.color);
    let origin = placed.origin;
    let mut last_rect = None;
    let (c0, c1) = placed.chars;
    layout::range_rects(placed.galley, c0, c1, 0.0, |rect, info| {
        let rect = rect.translate(origin);
        if look.selected {
            let stroke = Stroke::new(SELECTED_WIDTH, style.colors.selected_outline());
            let outline = Shape::rect_stroke(rect.expand(1.0), 2.0, stroke, StrokeKind::Outside);
            batch.marks.push(outline);
        }
        if h.suggested {
            if !look.selected {
                dashed_outline(&mut batch.lines, rect.expand(1.0), mark, style.ppp);
            }
            margin_mark(&mut batch.lines, rect.y_range(), origin.x, mark, style.ppp);
        } else {
            let y = underline_y(info, origin.y, placed.lane, style.lane_count);
            layer_underline(
                &mut batch.lines,
                h.layer,
                rect.x_range(),
                y,
                mark,
                style.ppp,
            );
        }
        last_rect = Some(rect);
    });
    if h.linked
        && placed.ends_here
        && let Some(rect) = last_rect
    {
        chain_mark(&mut batch.marks, rect.right_top(), mark);
    }
}

/// The text selection in paragraph `v`: over the fills, under the text.
fn selection_ui(
    batch: &mut Batch,
    style: &Style,
    state: &ReaderState,
    doc: &DocCache,
    v: &Visible,
    origin: Vec2,
    font_size: f32,
) {
    let selection = state.selection.span();
    let range = doc.paragraphs.range(v.para);
    if selection.is_empty() || selection.start.0 > range.end || selection.end.0 < range.start {
        return;
    }
    let c0 = doc.paragraphs.char_in(&doc.text, v.para, selection.start).0;
    let mut c1 = doc.paragraphs.char_in(&doc.text, v.para, selection.end).0;
    if selection.end.0 > range.end && doc.paragraphs.ends_line(v.para) {
        c1 += 1;
    }
    let newline_width = font_size * 0.4;
    layout::range_rects(&v.galley, c0, c1, newline_width, |rect, _| {
        let rect = rect.translate(origin).round_to_pixels(style.ppp);
        batch
            .selected_text
            .add_colored_rect(rect, style.colors.selection);
    });
}

/// The caret at the selection's head, if its paragraph is in view.
fn caret_ui(
    ui: &Ui,
    painter: &Painter,
    state: &ReaderState,
    doc: &DocCache,
    frame: &Frame,
    visible: &[Visible],
) {
    let pos = doc.paragraphs.to_para_pos(&doc.text, state.selection.head);
    let Some(v) = visible.iter().find(|v| v.para == pos.para) else {
        return;
    };
    let rect = layout::caret_rect(&v.galley, layout::ccursor(pos.char, state.prefer_next_row));
    let rect = rect.translate(frame.origin(v.y).to_vec2());
    let bottom = rect
        .bottom()
        .min(frame.origin(v.y).y + doc.layout.height(v.para));
    let stroke = ui.visuals().text_cursor.stroke;
    painter.line_segment([rect.left_top(), pos2(rect.left(), bottom)], stroke);
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

/// The underline of one row piece of an accepted span at `y` (or the line
/// over a changed word), whole pixels thick.
fn underline(lines: &mut Mesh, x: Rangef, y: f32, color: Color32, ppp: f32) {
    let thickness = pixel_line(ppp);
    let top = (y - thickness / 2.0).round_to_pixels(ppp);
    lines.add_colored_rect(
        Rect::from_x_y_ranges(x, Rangef::new(top, top + thickness)),
        color,
    );
}

/// An accepted span's underline as its layer draws it: plain, dotted (B's)
/// or double (the gold layer's).
fn layer_underline(lines: &mut Mesh, layer: Layer, x: Rangef, y: f32, color: Color32, ppp: f32) {
    match layer {
        Layer::Plain => underline(lines, x, y, color, ppp),
        Layer::Second => {
            let t = pixel_line(ppp);
            let top = (y - t / 2.0).round_to_pixels(ppp);
            dashes(lines, x, Rangef::new(top, top + t), false, color);
        }
        Layer::Gold => {
            underline(lines, x, y, color, ppp);
            underline(lines, x, y - 2.0 * pixel_line(ppp), color, ppp);
        }
    }
}

/// A line width of whole pixels, about [`UNDERLINE_WIDTH`] points.
fn pixel_line(ppp: f32) -> f32 {
    (UNDERLINE_WIDTH * ppp).round().max(1.0) / ppp
}

/// Dashes along `along` (x; y when `vertical`), spanning `across`.
fn dashes(lines: &mut Mesh, along: Rangef, across: Rangef, vertical: bool, color: Color32) {
    let mut a0 = along.min;
    while a0 < along.max {
        let a1 = (a0 + DASH).min(along.max);
        let dash = Rangef::new(a0, a1);
        let rect = if vertical {
            Rect::from_x_y_ranges(across, dash)
        } else {
            Rect::from_x_y_ranges(dash, across)
        };
        lines.add_colored_rect(rect, color);
        a0 = a1 + DASH_GAP;
    }
}

/// A suggestion's dashed box around one row piece (`rect`).
fn dashed_outline(lines: &mut Mesh, rect: Rect, color: Color32, ppp: f32) {
    let rect = rect.round_to_pixels(ppp);
    let t = pixel_line(ppp);
    for y in [rect.top(), rect.bottom() - t] {
        dashes(lines, rect.x_range(), Rangef::new(y, y + t), false, color);
    }
    for x in [rect.left(), rect.right() - t] {
        dashes(lines, rect.y_range(), Rangef::new(x, x + t), true, color);
    }
}

/// A suggestion's bar in the left margin, beside the row piece spanning `y`
/// of text starting at `text_left`.
fn margin_mark(lines: &mut Mesh, y: Rangef, text_left: f32, color: Color32, ppp: f32) {
    let x = Rangef::new(
        text_left - MARGIN_MARK_GAP - MARGIN_MARK_WIDTH,
        text_left - MARGIN_MARK_GAP,
    );
    lines.add_colored_rect(Rect::from_x_y_ranges(x, y).round_to_pixels(ppp), color);
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
