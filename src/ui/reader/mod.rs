//! The reader: one document's text with its highlights, selectable with the
//! mouse and the keyboard, fast on a 1 MB article with 10,000 highlights.
//!
//! * Text is laid out per paragraph, and only the paragraphs in view are laid
//!   out and drawn (`layout.rs`); galleys are plain text, cached per style, so
//!   scrolling costs almost nothing and a new annotation re-lays out nothing.
//! * Highlights are painted as shapes around the text: an alpha-blended fill
//!   per piece of text with the same highlights over it, kept readable
//!   ([`crate::ui::colors`]), plus one underline lane per overlap depth
//!   ([`highlights`]); suggestions get no fill but a dashed box and a margin
//!   bar, the selected annotation an outline, and a linked span a small
//!   chain mark at its end. In Compare mode, the words that differ from
//!   the other version get a fill of their own in the same composition and
//!   a line over them.
//!   The find bar's hits are outlined over them ([`FindMarks`]).
//! * The selection is the reader's own ([`selection`]): byte offsets into the
//!   whole document, on grapheme boundaries, across paragraphs.
//! * Byte offsets and galley char indices are converted only in
//!   [`paragraphs::ParagraphIndex`].
//!
//! Pointer: drag selects; double click selects a word, triple click a
//! paragraph (dragging after them extends by words/paragraphs); Shift+click
//! extends; a click (no drag) on a highlight reports it (the innermost one;
//! clicking the same spot again cycles outward through overlapping ones).
//!
//! Keyboard (when the reader has focus): arrows move the caret (by grapheme
//! cluster, by visual row for Up/Down), Ctrl+Left/Right (Alt on macOS) by
//! word, Home/End to the start/end of the visual row, Ctrl+Home/End to the
//! start/end of the text, PageUp/PageDown by a screen; Shift extends the
//! selection with any of these. Its other keys (select the sentence, the
//! paragraph, everything; copy) are bound in the action table
//! ([`crate::ui::actions::Action::ReaderSelectSentence`] and the other
//! `Reader…` actions), which the Help window also reads.
//! Esc is the app's: it calls [`ReaderState::clear_selection`].

mod find_marks;
pub mod highlights;
mod input;
mod layout;
mod paint;
pub mod paragraphs;
pub mod selection;

pub use find_marks::FindMarks;
pub use layout::row_padding;

use std::sync::Arc;

use eframe::egui;
use eframe::egui::{
    Color32, FontId, Galley, Id, Margin, Pos2, Rect, Role, ScrollArea, Sense, Ui, Vec2, WidgetInfo,
    pos2, vec2,
};

use crate::model::text::{ByteOffset, Span, floor_char_boundary};
use crate::model::{AnnotationId, ContentHash, Document, DocumentId};

use highlights::HighlightIndex;
use layout::{LayoutStyle, TextLayout};
use paragraphs::{ParaChar, ParaPos, ParagraphIndex};
use selection::{Granularity, Selection};

/// Space around the text inside the scroll area, in points.
const PADDING: Vec2 = vec2(12.0, 8.0);

/// One highlighted span, as the reader draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    pub id: AnnotationId,
    pub span: Span,
    /// The label's colour (opaque); the reader derives fills and underlines.
    pub color: Color32,
    /// A suggestion: no fill, a dashed box and a bar in the margin.
    pub suggested: bool,
    /// Has links: a small chain mark at the end of the span.
    pub linked: bool,
    /// Whose layer it is while two annotators are compared: the underline
    /// tells A's (plain) from B's (dotted) and the gold layer's (double).
    pub layer: Layer,
    /// Shown when hovering the highlight; also its accessible name. May be empty.
    pub tooltip: String,
}

/// How a highlight's underline tells whose layer it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layer {
    /// A plain underline (every layer, and A's while adjudicating).
    #[default]
    Plain,
    /// A dotted underline: B's while adjudicating.
    Second,
    /// A double underline: the gold layer's while adjudicating.
    Gold,
}

/// What the reader shows this frame (borrowed from the app's project).
pub struct ReaderInput<'a> {
    pub doc: &'a Document,
    /// The document's highlights, preferably sorted by `span.start`.
    pub highlights: &'a [Highlight],
    /// Changes whenever `highlights` changes (the project's annotation revision).
    pub revision: u64,
    /// The selected annotation: drawn outlined.
    pub selected: Option<AnnotationId>,
    /// Compare mode: the words that differ from the other version, sorted
    /// and disjoint; drawn with a fill of their own (composed with the
    /// highlights') and a line over them. Empty outside Compare mode.
    pub changed_words: &'a [Span],
    /// Text size in points.
    pub font_size: f32,
    /// The longest line, in points (the measure); a wider pane centres the
    /// text. `f32::INFINITY` fills the pane.
    pub max_line_width: f32,
    /// The find bar's hits, outlined (none when the bar is closed).
    pub find: FindMarks<'a>,
}

/// What happened in the reader this frame.
#[must_use]
pub struct ReaderOutput {
    /// A highlight was clicked (without dragging).
    pub clicked: Option<AnnotationId>,
    /// The highlight under the pointer.
    pub hovered: Option<AnnotationId>,
    /// The user changed the text selection (or moved the caret).
    pub selection_changed: bool,
    /// The reader has keyboard focus.
    pub has_focus: bool,
    /// The reader's main response (its visible rect, focusable, accessible).
    pub response: egui::Response,
    /// The paragraphs in view: their byte span and screen rect (clipped to the view).
    pub visible_paragraphs: Vec<(Span, Rect)>,
}

/// A pending scroll, applied at the next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ScrollRequest {
    /// Put this offset in the middle of the view.
    Center(ByteOffset),
    /// Put the row of this offset at the top of the view.
    Top(ByteOffset),
    /// Scroll as little as needed to show this offset (the caret).
    Reveal(ByteOffset),
    /// Scroll as little as needed to show this span, or not at all when it
    /// is in view; a span taller than the view shows its start.
    RevealSpan(Span),
    /// Scroll to this fraction (0 = top, 1 = bottom).
    Fraction(f32),
    /// Scroll to this content offset, in points (for Compare mode).
    Offset(f32),
}

/// A pointer gesture in progress: its unit and what its first press selected.
#[derive(Clone, Copy, Debug)]
struct Gesture {
    granularity: Granularity,
    anchor: Span,
}

/// Counts the clicks of a multi-click.
#[derive(Clone, Copy, Debug)]
struct Clicks {
    count: u32,
    time: f64,
    pos: Pos2,
}

impl Default for Clicks {
    fn default() -> Self {
        Self {
            count: 0,
            time: f64::NEG_INFINITY,
            pos: Pos2::ZERO,
        }
    }
}

/// Caches of one document: paragraphs, layout, highlight index.
struct DocCache {
    id: DocumentId,
    hash: ContentHash,
    text: Arc<str>,
    paragraphs: ParagraphIndex,
    layout: TextLayout,
    highlights: HighlightIndex,
    /// What the highlight index was built for: (revision, count, a fold of
    /// the spans), so that a different list with the same revision counts too.
    highlights_key: Option<(u64, usize, u64)>,
}

/// The reader's state: selection, scroll requests and caches. Keep one per
/// pane; it follows the document it is shown with.
#[derive(Default)]
pub struct ReaderState {
    selection: Selection,
    /// Where the caret sits at a wrapped row break: start of the next row (true)
    /// or end of this one (false).
    prefer_next_row: bool,
    /// Desired x of the caret for consecutive Up/Down.
    h_pos: Option<f32>,
    gesture: Option<Gesture>,
    clicks: Clicks,
    /// Byte of the last click on highlights, for cycling through overlaps.
    last_click: Option<ByteOffset>,
    scroll: Option<ScrollRequest>,
    /// Scroll offset change decided while drawing (autoscroll), handed to
    /// the scroll area next frame.
    offset_delta: f32,
    /// The scroll offset chosen while drawing, handed to the scroll area next frame.
    offset_target: Option<f32>,
    scroll_area_id: Option<Id>,
    first_visible: ByteOffset,
    fraction: f32,
    /// The content offset of the last frame, in points.
    offset: f32,
    focus_request: bool,
    /// Where the reader was drawn in the last frame (the visible part).
    view_rect: Option<Rect>,
    doc: Option<DocCache>,
}

impl ReaderState {
    /// The selected byte range, ordered `(start, end)`; `None` when empty.
    pub fn selection(&self) -> Option<(ByteOffset, ByteOffset)> {
        let span = self.selection.span();
        (!span.is_empty()).then_some((span.start, span.end))
    }

    /// The caret (the moving end of the selection).
    pub fn caret(&self) -> ByteOffset {
        self.selection.head
    }

    /// Selects `[start, end)` (any order), with the caret at `end`. Offsets
    /// are snapped to grapheme boundaries when next drawn.
    pub fn set_selection(&mut self, start: ByteOffset, end: ByteOffset) {
        self.selection = Selection {
            anchor: start,
            head: end,
        };
        self.gesture = None;
        self.h_pos = None;
    }

    /// Empties the selection, leaving the caret where it was.
    pub fn clear_selection(&mut self) {
        self.selection = Selection::caret(self.selection.head);
        self.gesture = None;
    }

    /// Scrolls `byte` into the middle of the view at the next frame.
    pub fn scroll_to(&mut self, byte: ByteOffset) {
        self.scroll = Some(ScrollRequest::Center(byte));
    }

    /// Characters on each wrapped row of the paragraphs laid out so far
    /// (see [`layout::TextLayout::wrapped_row_chars`]); empty before the first frame.
    pub fn wrapped_row_chars(&self) -> Vec<usize> {
        self.doc
            .as_ref()
            .map_or_else(Vec::new, |d| d.layout.wrapped_row_chars())
    }

    /// The width the text wraps at, once laid out.
    pub fn wrap_width(&self) -> Option<f32> {
        self.doc
            .as_ref()
            .and_then(|d| d.layout.style().map(|s| s.wrap_width))
    }

    /// The reader's rect on screen in the last frame.
    pub fn view_rect(&self) -> Option<Rect> {
        self.view_rect
    }

    /// Brings `span` into view at the next frame, scrolling only when it is
    /// not fully in view and then as little as needed (a line of margin).
    pub fn reveal(&mut self, span: Span) {
        self.scroll = Some(ScrollRequest::RevealSpan(span));
    }

    /// The first byte of the first row in view (as of the last frame).
    pub fn first_visible_byte(&self) -> ByteOffset {
        self.first_visible
    }

    /// Scrolls so that the row of `byte` is the first in view, at the next
    /// frame (for synchronised scrolling).
    pub fn scroll_to_top_byte(&mut self, byte: ByteOffset) {
        self.scroll = Some(ScrollRequest::Top(byte));
    }

    /// How far down the text the view is, 0..=1 (as of the last frame).
    pub fn scroll_fraction(&self) -> f32 {
        self.fraction
    }

    /// Scrolls to a fraction of the text (0 = top, 1 = bottom) at the next frame.
    pub fn set_scroll_fraction(&mut self, fraction: f32) {
        self.scroll = Some(ScrollRequest::Fraction(fraction.clamp(0.0, 1.0)));
    }

    /// The scroll offset of the last frame, in points from the top.
    pub fn scroll_offset(&self) -> f32 {
        self.offset
    }

    /// Scrolls to a content offset in points at the next frame (Compare mode
    /// keeps two readers whose rows line up at the same offset).
    pub fn set_scroll_offset(&mut self, offset: f32) {
        if (offset - self.offset).abs() >= 0.5 {
            self.scroll = Some(ScrollRequest::Offset(offset.max(0.0)));
        }
    }

    /// The height of each layout paragraph (measured or estimated, padding
    /// not included); empty before the first frame.
    pub fn paragraph_heights(&self) -> &[f32] {
        self.doc.as_ref().map_or(&[], |d| d.layout.heights())
    }

    /// The layout paragraph that contains `byte` (before the first frame: none).
    pub fn layout_paragraph(&self, byte: ByteOffset) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        Some(doc.paragraphs.to_para_pos(&doc.text, byte).para)
    }

    /// Sets blank space before each layout paragraph (see
    /// [`layout::row_padding`]); an empty slice removes it. Returns true
    /// when anything changed.
    ///
    /// The text in view stays where it is: the scroll offset moves by what
    /// the padding added or took above the first paragraph in view, so that
    /// turning Compare mode on or off never loses the reader's place.
    pub fn set_row_padding(&mut self, padding: &[f32]) -> bool {
        let Some(d) = self.doc.as_mut() else {
            return false;
        };
        let para = d.paragraphs.to_para_pos(&d.text, self.first_visible).para;
        let before = d.layout.top(para);
        let changed = d.layout.set_padding(padding);
        if changed && self.scroll.is_none() {
            // Applied while drawing, against the padded height (a change of
            // the scroll area's offset now would meet last frame's height
            // and spring back).
            let offset = self.offset + d.layout.top(para) - before;
            self.scroll = Some(ScrollRequest::Offset(offset.max(0.0)));
        }
        changed
    }

    /// Gives the reader keyboard focus at the next frame.
    pub fn request_focus(&mut self) {
        self.focus_request = true;
    }

    /// Makes sure the caches are for `doc`; a new document resets the
    /// selection and scrolls to its top.
    fn sync_doc(&mut self, doc: &Document) {
        if self
            .doc
            .as_ref()
            .is_some_and(|c| c.id == doc.id && c.hash == doc.hash)
        {
            return;
        }
        let had_doc = self.doc.is_some();
        // The same document with a new text (changed on disk): stay about where we were.
        let same_doc = self.doc.as_ref().is_some_and(|c| c.id == doc.id);
        let paragraphs = ParagraphIndex::new(&doc.text());
        self.doc = Some(DocCache {
            id: doc.id.clone(),
            hash: doc.hash.clone(),
            text: doc.shared_text(),
            layout: TextLayout::new(&paragraphs),
            paragraphs,
            highlights: HighlightIndex::default(),
            highlights_key: None,
        });
        if had_doc {
            self.selection = Selection::default();
        }
        self.gesture = None;
        self.h_pos = None;
        self.last_click = None;
        self.first_visible = ByteOffset(0);
        if self.scroll.is_none() {
            self.scroll = Some(if same_doc {
                ScrollRequest::Fraction(self.fraction)
            } else {
                ScrollRequest::Top(ByteOffset(0))
            });
        }
    }
}

impl DocCache {
    fn sync_highlights(&mut self, highlights: &[Highlight], revision: u64) {
        let fold = highlights.iter().fold(0u64, |acc, h| {
            (acc.rotate_left(5) ^ (h.span.start.0 as u64) ^ ((h.span.end.0 as u64) << 32))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        });
        let key = (revision, highlights.len(), fold);
        if self.highlights_key == Some(key) {
            return;
        }
        let spans: Vec<Span> = highlights.iter().map(|h| h.span).collect();
        self.highlights = HighlightIndex::new(&spans, &self.paragraphs);
        self.highlights_key = Some(key);
    }

    /// Clamps a selection end to the text and snaps it to a grapheme boundary.
    fn sanitize(&self, at: ByteOffset) -> ByteOffset {
        let at = ByteOffset(floor_char_boundary(&self.text, at.0));
        selection::snap_to_grapheme(&self.text, at)
    }
}

/// Where things are on screen this frame.
struct Frame {
    /// Screen y of the top of the view.
    screen_top: f32,
    /// Screen x of the left edge of the text.
    text_left: f32,
    /// Content y (text y + top padding) at the top of the view.
    offset: f32,
    view_height: f32,
    view_rect: Rect,
}

impl Frame {
    /// Screen position of the top-left of a paragraph whose text y is `y`.
    fn origin(&self, y: f32) -> Pos2 {
        pos2(
            self.text_left,
            self.screen_top + PADDING.y + y - self.offset,
        )
    }

    /// Text y of a screen y.
    fn text_y(&self, screen_y: f32) -> f32 {
        screen_y - self.screen_top + self.offset - PADDING.y
    }
}

/// A paragraph in view.
struct Visible {
    para: usize,
    /// Text y of its top.
    y: f32,
    galley: Arc<Galley>,
}

/// Shows the reader for `input.doc`. See the module documentation for the
/// pointer and keyboard bindings.
pub fn reader_ui(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    state: &mut ReaderState,
    input: &ReaderInput<'_>,
) -> ReaderOutput {
    let id = ui.make_persistent_id(id_salt);
    state.sync_doc(input.doc);

    let mut area = ScrollArea::vertical()
        .id_salt(id.with("scroll"))
        .auto_shrink(false)
        .content_margin(Margin::ZERO);
    if let Some(target) = state.offset_target.take() {
        // The offset chosen last frame, absolute: the scroll area may have
        // clamped its own since (the content got shorter).
        area = area.vertical_scroll_offset(target + state.offset_delta);
        state.offset_delta = 0.0;
    } else if state.offset_delta != 0.0 {
        let base = state
            .scroll_area_id
            .and_then(|sid| egui::scroll_area::State::load(ui.ctx(), sid))
            .map_or(0.0, |s| s.unclamped_offset().y);
        area = area.vertical_scroll_offset(base + state.offset_delta);
        state.offset_delta = 0.0;
    }
    let output = area.show_viewport(ui, |ui, viewport| {
        reader_contents_ui(ui, id, viewport, state, input)
    });
    state.scroll_area_id = Some(output.id);
    output.inner
}

fn reader_contents_ui(
    ui: &mut Ui,
    id: Id,
    viewport: Rect,
    state: &mut ReaderState,
    input: &ReaderInput<'_>,
) -> ReaderOutput {
    let ctx = ui.ctx().clone();
    let Some(mut doc) = state.doc.take() else {
        // `sync_doc` always sets it; show an empty response if not.
        let response = ui.interact(ui.max_rect(), id, Sense::hover());
        return ReaderOutput {
            clicked: None,
            hovered: None,
            selection_changed: false,
            has_focus: false,
            response,
            visible_paragraphs: Vec::new(),
        };
    };
    doc.sync_highlights(input.highlights, input.revision);
    state.selection = Selection {
        anchor: doc.sanitize(state.selection.anchor),
        head: doc.sanitize(state.selection.head),
    };

    // The layout style; a change (resize, zoom, theme) keeps the first row in view.
    let width = ui.available_width();
    let wrap_width = (width - 2.0 * PADDING.x)
        .min(input.max_line_width)
        .max(40.0);
    let style = LayoutStyle {
        font_id: FontId::proportional(input.font_size.max(4.0)),
        color: crate::ui::colors::ReaderColors::new(ui.visuals()).text,
        wrap_width,
        pixels_per_point: ctx.pixels_per_point(),
    };
    let had_style = doc.layout.style().is_some();
    if doc.layout.set_style(style, &doc.paragraphs) && had_style && state.scroll.is_none() {
        state.scroll = Some(ScrollRequest::Top(state.first_visible));
    }

    let screen_top = ui.max_rect().top() + viewport.min.y;
    let mut frame = Frame {
        screen_top,
        text_left: ui.max_rect().left() + ((width - wrap_width) / 2.0).max(PADDING.x),
        offset: viewport.min.y,
        view_height: viewport.height(),
        view_rect: Rect::from_min_size(pos2(ui.max_rect().left(), screen_top), viewport.size()),
    };
    // A jump asked for (reveal, find, Compare) is handed on as an absolute
    // offset; the small corrections below as a change of whatever the
    // scroll area has then (it may be half-way through a smooth scroll).
    let jumped = state.scroll.take().map(|request| {
        frame.offset = scroll_target(&ctx, &mut doc, request, &frame);
    });
    frame.offset = keep_first_paragraph_steady(&ctx, &mut doc, frame.offset);
    let visible = lay_out_visible(&ctx, &mut doc, &mut frame);
    let content_height = doc.layout.total_height() + 2.0 * PADDING.y;
    ui.set_min_size(vec2(width, content_height));

    // Accessibility: one node per paragraph, highlight and word change in view, before
    // the main widget so that it stays on top for the pointer.
    accessibility_nodes_ui(ui, id, &doc, &frame, &visible, input);
    changed_words_nodes_ui(ui, id, &doc, &frame, &visible, input.changed_words);

    let response = ui.interact(frame.view_rect, id, Sense::click_and_drag());
    let title = &input.doc.title;
    response.widget_info(|| WidgetInfo::labeled(Role::Document, true, format!("Reader: {title}")));
    if state.focus_request {
        state.focus_request = false;
        response.request_focus();
    }

    let before = state.selection;
    let mut clicked = None;
    let hovered = input::pointer_ui(
        ui,
        &ctx,
        state,
        &mut doc,
        &frame,
        &response,
        input,
        &mut clicked,
    );
    let has_focus = response.has_focus();
    if has_focus {
        input::keyboard(ui, &ctx, response.id, state, &mut doc, &frame);
    }
    let selection_changed = state.selection != before;

    paint::paint(ui, state, &doc, &frame, &visible, input, hovered, has_focus);

    // Remember what is in view; hand any offset we chose to the scroll area.
    state.first_visible = first_visible_byte(&doc, &frame, &visible);
    state.view_rect = Some(frame.view_rect);
    state.offset = frame.offset;
    let max_offset = (content_height - frame.view_height).max(0.0);
    state.fraction = if max_offset > 0.0 {
        (frame.offset / max_offset).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let delta = frame.offset - viewport.min.y;
    if delta.abs() >= 0.5 {
        if jumped.is_some() {
            state.offset_target = Some(frame.offset);
        } else {
            state.offset_delta += delta;
        }
    }
    if state.offset_delta != 0.0 || state.offset_target.is_some() || state.scroll.is_some() {
        ctx.request_repaint();
    }
    let visible_paragraphs = visible
        .iter()
        .map(|v| {
            let range = doc.paragraphs.range(v.para);
            let rect = v.galley.rect.translate(frame.origin(v.y).to_vec2());
            let full = Rect::from_x_y_ranges(frame.view_rect.x_range(), rect.y_range());
            (
                Span::from((range.start, range.end)),
                full.intersect(frame.view_rect),
            )
        })
        .collect();
    doc.layout.evict();
    state.doc = Some(doc);

    ReaderOutput {
        clicked,
        hovered: hovered.map(|i| input.highlights[i].id),
        selection_changed,
        has_focus,
        response,
        visible_paragraphs,
    }
}

/// The content offset a scroll request asks for.
fn scroll_target(
    ctx: &egui::Context,
    doc: &mut DocCache,
    request: ScrollRequest,
    frame: &Frame,
) -> f32 {
    let caret_y = |doc: &mut DocCache, byte: ByteOffset| {
        let pos = doc.paragraphs.to_para_pos(&doc.text, byte);
        let galley = doc.layout.galley(ctx, &doc.text, &doc.paragraphs, pos.para);
        let rect = layout::caret_rect(&galley, layout::ccursor(pos.char, true));
        let top = doc.layout.top(pos.para) + PADDING.y;
        (
            top + galley
                .pos_from_cursor(layout::ccursor(pos.char, true))
                .top(),
            top + rect.bottom(),
        )
    };
    let target = match request {
        // The first row shows the top padding too.
        ScrollRequest::Top(byte) => Some(caret_y(doc, byte).0)
            .filter(|&y| y > PADDING.y + 0.5)
            .unwrap_or(0.0),
        ScrollRequest::Center(byte) => {
            let (y0, y1) = caret_y(doc, byte);
            (y0 + y1) / 2.0 - frame.view_height / 2.0
        }
        ScrollRequest::Reveal(byte) => {
            let (y0, y1) = caret_y(doc, byte);
            let margin = doc.layout.style().map_or(20.0, LayoutStyle::line_height);
            if y0 < frame.offset + margin {
                y0 - margin
            } else if y1 > frame.offset + frame.view_height - margin {
                y1 - frame.view_height + margin
            } else {
                frame.offset
            }
        }
        ScrollRequest::RevealSpan(span) => {
            let (y0, _) = caret_y(doc, span.start);
            let (_, y1) = caret_y(doc, span.end);
            let (top, bottom) = (frame.offset, frame.offset + frame.view_height);
            let margin = doc.layout.style().map_or(20.0, LayoutStyle::line_height);
            if y0 >= top && y1 <= bottom {
                frame.offset
            } else if y1 - y0 + 2.0 * margin > frame.view_height || y0 < top {
                y0 - margin
            } else {
                y1 - frame.view_height + margin
            }
        }
        ScrollRequest::Fraction(f) => {
            f * (doc.layout.total_height() + 2.0 * PADDING.y - frame.view_height).max(0.0)
        }
        ScrollRequest::Offset(y) => y,
    };
    let max = (doc.layout.total_height() + 2.0 * PADDING.y - frame.view_height).max(0.0);
    target.clamp(0.0, max)
}

/// When the paragraph at the top of the view is laid out for the first time,
/// its real height replaces the estimate; keep its bottom (and everything
/// below, which was on screen last frame) where it was.
fn keep_first_paragraph_steady(ctx: &egui::Context, doc: &mut DocCache, offset: f32) -> f32 {
    let text_y = offset - PADDING.y;
    let first = doc.layout.para_at_y(text_y.max(0.0));
    if doc.layout.is_measured(first) {
        return offset;
    }
    let top = doc.layout.top(first);
    let old_height = doc.layout.height(first);
    doc.layout.galley(ctx, &doc.text, &doc.paragraphs, first);
    if top < text_y {
        (offset + doc.layout.height(first) - old_height).max(0.0)
    } else {
        offset
    }
}

/// Lays out the paragraphs in view (and clamps the offset to the content).
fn lay_out_visible(ctx: &egui::Context, doc: &mut DocCache, frame: &mut Frame) -> Vec<Visible> {
    let max = (doc.layout.total_height() + 2.0 * PADDING.y - frame.view_height).max(0.0);
    frame.offset = frame.offset.clamp(0.0, max);
    let text_top = frame.offset - PADDING.y;
    let text_bottom = text_top + frame.view_height;
    let mut para = doc.layout.para_at_y(text_top.max(0.0));
    let mut y = doc.layout.top(para);
    let mut visible = Vec::new();
    while para < doc.paragraphs.len() && y < text_bottom {
        let galley = doc.layout.galley(ctx, &doc.text, &doc.paragraphs, para);
        visible.push(Visible { para, y, galley });
        para += 1;
        y = doc.layout.top(para);
    }
    visible
}

fn accessibility_nodes_ui(
    ui: &Ui,
    id: Id,
    doc: &DocCache,
    frame: &Frame,
    visible: &[Visible],
    input: &ReaderInput<'_>,
) {
    for v in visible {
        let rect = v.galley.rect.translate(frame.origin(v.y).to_vec2());
        let rect = rect.intersect(frame.view_rect);
        if !rect.is_positive() {
            continue;
        }
        let response = ui.interact(rect, id.with(("paragraph", v.para)), Sense::hover());
        let range = doc.paragraphs.range(v.para);
        response
            .widget_info(|| WidgetInfo::labeled(Role::Paragraph, true, &doc.text[range.clone()]));
    }
    let mut done = std::collections::HashSet::new();
    for v in visible {
        for &i in doc.highlights.in_paragraph(v.para) {
            let Some(h) = input.highlights.get(i as usize) else {
                continue;
            };
            if done.contains(&i) {
                continue;
            }
            let Some(rect) = first_rect(doc, v, frame, h.span) else {
                continue;
            };
            done.insert(i);
            let rect = rect.intersect(frame.view_rect);
            if !rect.is_positive() {
                continue;
            }
            let response = ui.interact(rect, id.with(("highlight", h.id)), Sense::hover());
            response.widget_info(|| {
                let name = if h.tooltip.is_empty() {
                    format!("Highlight {}", h.id)
                } else {
                    format!("Highlight: {}", h.tooltip)
                };
                WidgetInfo::labeled(Role::Mark, true, name)
            });
        }
    }
}

/// One node per word change in view (Compare mode), named after its text.
fn changed_words_nodes_ui(
    ui: &Ui,
    id: Id,
    doc: &DocCache,
    frame: &Frame,
    visible: &[Visible],
    changed: &[Span],
) {
    for v in visible {
        for &span in changed_in(changed, doc.paragraphs.range(v.para)) {
            let Some(rect) = first_rect(doc, v, frame, span) else {
                continue;
            };
            let rect = rect.intersect(frame.view_rect);
            if !rect.is_positive() {
                continue;
            }
            let response = ui.interact(rect, id.with(("changed", v.para, span)), Sense::hover());
            let quote = crate::model::short_quote(&doc.text[span.range()], 60);
            response
                .widget_info(|| WidgetInfo::labeled(Role::Mark, true, format!("Changed: {quote}")));
        }
    }
}

/// The spans of `changed` (sorted, disjoint) that overlap the bytes `range`.
fn changed_in(changed: &[Span], range: std::ops::Range<usize>) -> &[Span] {
    let from = changed.partition_point(|s| s.end.0 <= range.start);
    let to = from + changed[from..].partition_point(|s| s.start.0 < range.end);
    &changed[from..to]
}

/// Screen rect of the first row piece of `span` in paragraph `v`.
fn first_rect(doc: &DocCache, v: &Visible, frame: &Frame, span: Span) -> Option<Rect> {
    let (c0, c1) = chars_of(doc, v.para, span)?;
    let mut first = None;
    layout::range_rects(&v.galley, c0.0, c1.0, 0.0, |rect, _| {
        first.get_or_insert(rect);
    });
    first.map(|r| r.translate(frame.origin(v.y).to_vec2()))
}

/// The chars of paragraph `para` that `span` covers, if any.
fn chars_of(doc: &DocCache, para: usize, span: Span) -> Option<(ParaChar, ParaChar)> {
    let range = doc.paragraphs.range(para);
    if span.end.0 <= range.start && !(span.is_empty() && span.start.0 == range.start) {
        return None;
    }
    if span.start.0 > range.end || (span.start.0 == range.end && !span.is_empty()) {
        return None;
    }
    let c0 = doc.paragraphs.char_in(&doc.text, para, span.start);
    let c1 = doc.paragraphs.char_in(&doc.text, para, span.end);
    Some((c0, c1))
}

/// The first byte of the first row in view.
fn first_visible_byte(doc: &DocCache, frame: &Frame, visible: &[Visible]) -> ByteOffset {
    let text_top = frame.offset - PADDING.y;
    for v in visible {
        let local = text_top - v.y;
        let mut char = 0;
        for row in &v.galley.rows {
            if row.rect().bottom() > local {
                let range = doc.paragraphs.range(v.para);
                if doc.paragraphs.char_len(v.para) == 0 {
                    return ByteOffset(range.start);
                }
                return doc.paragraphs.to_byte(
                    &doc.text,
                    ParaPos {
                        para: v.para,
                        char: ParaChar(char),
                    },
                );
            }
            char += row.char_count_including_newline().0;
        }
    }
    visible.first().map_or(ByteOffset(0), |v| {
        ByteOffset(doc.paragraphs.range(v.para).start)
    })
}

#[cfg(test)]
mod tests;
