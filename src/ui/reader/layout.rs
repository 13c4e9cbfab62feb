//! Per-paragraph layout: the galley cache and the height table.
//!
//! Only paragraphs that are drawn get laid out. Every other paragraph has an
//! estimated height (chars x average advance / wrap width), replaced by its
//! real height once it has been laid out, so that the scroll bar stays
//! stable and a jump to any offset costs one layout. Galleys are plain text
//! (highlights are painted as shapes around them), so a new annotation never
//! re-lays out text; they are cached by paragraph for one [`LayoutStyle`]
//! and evicted least-recently-used beyond a budget of chars.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui;
use eframe::egui::text::{CCursor, CharIndex, LayoutJob, TextFormat, TextWrapping};
use eframe::egui::{Color32, FontId, Galley, Rect, Vec2, vec2};

use super::paragraphs::{ParaChar, ParagraphIndex};

/// Chars of galleys kept in the cache before least-recently-used ones go.
const CACHE_BUDGET_CHARS: usize = 100_000;

/// Line height as a multiple of the font size: leaves room below the text
/// for the underline lanes of overlapping highlights.
pub const LINE_HEIGHT_FACTOR: f32 = 1.8;

/// Everything a galley depends on besides its text.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutStyle {
    pub font_id: FontId,
    pub color: Color32,
    /// Width text wraps at, in points.
    pub wrap_width: f32,
    pub pixels_per_point: f32,
}

impl LayoutStyle {
    /// Distance between the tops of two rows.
    pub fn line_height(&self) -> f32 {
        (self.font_id.size * LINE_HEIGHT_FACTOR).round()
    }

    /// Space after a paragraph that ends a line.
    pub fn paragraph_gap(&self) -> f32 {
        (self.line_height() * 0.25).round()
    }

    /// Height of an empty paragraph (an empty line).
    pub fn empty_height(&self) -> f32 {
        (self.line_height() * 0.5).round()
    }

    /// Equal within half a pixel: a resize by a fraction of a pixel does not
    /// throw the cache away.
    fn same_as(&self, other: &Self) -> bool {
        self.font_id == other.font_id
            && self.color == other.color
            && self.pixels_per_point == other.pixels_per_point
            && (self.wrap_width - other.wrap_width).abs() < 0.5
    }
}

struct CachedGalley {
    galley: Arc<Galley>,
    last_used: u64,
}

/// Galley cache and height table of one document's paragraphs.
pub struct TextLayout {
    style: Option<LayoutStyle>,
    /// Height of each paragraph, gap included.
    heights: Vec<f32>,
    /// Extra space before each paragraph (`padding[n]`: after the last one),
    /// set by Compare mode to put aligned paragraphs on the same rows.
    padding: Vec<f32>,
    /// True while any `padding` is not zero.
    padded: bool,
    /// True where `heights` is measured rather than estimated.
    measured: Vec<bool>,
    /// `tops[p]` = y of paragraph `p`; `tops[n]` = total height.
    tops: Vec<f32>,
    /// `tops[..=tops_valid]` are up to date.
    tops_valid: usize,
    galleys: HashMap<usize, CachedGalley>,
    cached_chars: usize,
    frame: u64,
    /// Measured advance (points per char per point of font size).
    advance_sum: f64,
    advance_chars: f64,
}

impl TextLayout {
    /// An empty layout for `paragraphs`; nothing is measured until a style is set.
    pub fn new(paragraphs: &ParagraphIndex) -> Self {
        let n = paragraphs.len();
        Self {
            style: None,
            heights: vec![0.0; n],
            padding: vec![0.0; n + 1],
            padded: false,
            measured: vec![false; n],
            tops: vec![0.0; n + 1],
            tops_valid: 0,
            galleys: HashMap::new(),
            cached_chars: 0,
            frame: 0,
            advance_sum: 0.0,
            advance_chars: 0.0,
        }
    }

    /// The current style (set by [`Self::set_style`]).
    pub fn style(&self) -> Option<&LayoutStyle> {
        self.style.as_ref()
    }

    /// Sets the style for this frame. A change drops every galley and
    /// re-estimates every height; returns true then.
    pub fn set_style(&mut self, style: LayoutStyle, paragraphs: &ParagraphIndex) -> bool {
        self.frame += 1;
        if self.style.as_ref().is_some_and(|s| s.same_as(&style)) {
            return false;
        }
        self.style = Some(style);
        self.galleys.clear();
        self.cached_chars = 0;
        self.measured.iter_mut().for_each(|m| *m = false);
        for p in 0..paragraphs.len() {
            self.heights[p] = self.estimate(paragraphs, p);
        }
        self.tops_valid = 0;
        true
    }

    /// Estimated height of paragraph `p` for the current style.
    fn estimate(&self, paragraphs: &ParagraphIndex, p: usize) -> f32 {
        let Some(style) = &self.style else {
            return 0.0;
        };
        let gap = if paragraphs.ends_line(p) {
            style.paragraph_gap()
        } else {
            0.0
        };
        let chars = paragraphs.char_len(p);
        if chars == 0 {
            return style.empty_height() + gap;
        }
        let advance = if self.advance_chars > 0.0 {
            (self.advance_sum / self.advance_chars) as f32
        } else {
            0.5
        } * style.font_id.size;
        // Word wrap leaves ragged row ends: a little more than the exact fill.
        let rows = (chars as f32 * advance * 1.08 / style.wrap_width.max(1.0))
            .ceil()
            .max(1.0);
        rows * style.line_height() + gap
    }

    /// Characters on each wrapped row (every row but a paragraph's last) of
    /// the paragraphs laid out so far: the measure the reader gets.
    pub fn wrapped_row_chars(&self) -> Vec<usize> {
        self.galleys
            .values()
            .flat_map(|c| {
                let rows = &c.galley.rows;
                rows[..rows.len().saturating_sub(1)]
                    .iter()
                    .map(|r| r.char_count_excluding_newline().0)
            })
            .collect()
    }

    /// The galley of paragraph `p`, laid out now if it is not cached. Laying
    /// out replaces the paragraph's estimated height with the real one.
    pub fn galley(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        paragraphs: &ParagraphIndex,
        p: usize,
    ) -> Arc<Galley> {
        if let Some(cached) = self.galleys.get_mut(&p) {
            cached.last_used = self.frame;
            return Arc::clone(&cached.galley);
        }
        let Some(style) = self.style.clone() else {
            return ctx.fonts_mut(|f| f.layout_job(LayoutJob::default()));
        };
        let range = paragraphs.range(p);
        let format = TextFormat {
            font_id: style.font_id.clone(),
            color: style.color,
            line_height: Some(style.line_height()),
            ..Default::default()
        };
        let mut job = LayoutJob::single_section(text[range].to_owned(), format);
        job.wrap = TextWrapping::wrap_at_width(style.wrap_width);
        let galley = ctx.fonts_mut(|f| f.layout_job(job));

        let chars = paragraphs.char_len(p);
        if chars > 0 {
            let width: f32 = galley.rows.iter().map(|r| r.rect().width()).sum();
            self.advance_sum += f64::from(width / style.font_id.size);
            self.advance_chars += chars as f64;
        }
        let height = if chars == 0 {
            style.empty_height()
        } else {
            galley.rect.height()
        } + if paragraphs.ends_line(p) {
            style.paragraph_gap()
        } else {
            0.0
        };
        self.set_height(p, height);
        self.measured[p] = true;
        self.cached_chars += chars.max(1);
        self.galleys.insert(
            p,
            CachedGalley {
                galley: Arc::clone(&galley),
                last_used: self.frame,
            },
        );
        galley
    }

    /// True when paragraph `p`'s height is measured, not estimated.
    pub fn is_measured(&self, p: usize) -> bool {
        self.measured.get(p).copied().unwrap_or(false)
    }

    fn set_height(&mut self, p: usize, height: f32) {
        if self.heights[p] != height {
            self.heights[p] = height;
            self.tops_valid = self.tops_valid.min(p);
        }
    }

    fn update_tops(&mut self) {
        let n = self.heights.len();
        if self.tops_valid >= n {
            return;
        }
        if self.tops_valid == 0 {
            self.tops[0] = self.padding[0];
        }
        for p in self.tops_valid..n {
            self.tops[p + 1] = self.tops[p] + self.heights[p] + self.padding[p + 1];
        }
        self.tops_valid = n;
    }

    /// Height of paragraph `p` (measured or estimated), gap included, padding not.
    pub fn height(&self, p: usize) -> f32 {
        self.heights.get(p).copied().unwrap_or(0.0)
    }

    /// The height of every paragraph (measured or estimated), padding not included.
    pub fn heights(&self) -> &[f32] {
        &self.heights
    }

    /// Sets the extra space before each paragraph (one more entry than
    /// paragraphs: the last is space after the text); missing entries are 0.
    /// Returns true when anything changed.
    pub fn set_padding(&mut self, padding: &[f32]) -> bool {
        if padding.is_empty() && !self.padded {
            return false; // Out of Compare mode, every frame: nothing to clear.
        }
        let mut changed = false;
        for (p, slot) in self.padding.iter_mut().enumerate() {
            let new = padding.get(p).copied().unwrap_or(0.0);
            if (*slot - new).abs() > 0.01 {
                *slot = new;
                self.tops_valid = self.tops_valid.min(p.saturating_sub(1));
                changed = true;
            }
        }
        if changed {
            self.padded = self.padding.iter().any(|&p| p != 0.0);
        }
        changed
    }

    /// y of the top of paragraph `p`, relative to the top of the text.
    pub fn top(&mut self, p: usize) -> f32 {
        self.update_tops();
        self.tops[p.min(self.heights.len())]
    }

    /// Height of the whole text.
    pub fn total_height(&mut self) -> f32 {
        self.update_tops();
        self.tops[self.heights.len()]
    }

    /// The paragraph at height `y` (clamped to the first and last).
    pub fn para_at_y(&mut self, y: f32) -> usize {
        self.update_tops();
        let n = self.heights.len();
        self.tops[1..=n]
            .partition_point(|&bottom| bottom <= y)
            .min(n - 1)
    }

    /// Drops least-recently-used galleys beyond the budget. Call once a frame.
    pub fn evict(&mut self) {
        if self.cached_chars <= CACHE_BUDGET_CHARS {
            return;
        }
        let mut by_age: Vec<(u64, usize)> = self
            .galleys
            .iter()
            .filter(|(_, c)| c.last_used + 1 < self.frame)
            .map(|(&p, c)| (c.last_used, p))
            .collect();
        by_age.sort_unstable();
        for (_, p) in by_age {
            if self.cached_chars <= CACHE_BUDGET_CHARS * 3 / 4 {
                break;
            }
            if let Some(cached) = self.galleys.remove(&p) {
                self.cached_chars = self
                    .cached_chars
                    .saturating_sub(cached.galley.text().chars().count().max(1));
            }
        }
    }
}

/// The padding that puts aligned paragraphs of two texts on the same rows.
///
/// `sync` lists pairs of paragraphs (one of each text, ascending on both
/// sides) whose tops must line up. Between two such pairs the shorter side
/// gets blank space at the end, just before the next pair (so text present
/// on one side only sits beside blank space, as in a diff); after the last
/// pair the shorter text gets blank space at its end, so both are equally
/// tall. Returns the padding before each paragraph of `a` and of `b` (one
/// extra entry each, for the end), as [`TextLayout::set_padding`] takes it.
pub fn row_padding(a: &[f32], b: &[f32], sync: &[(usize, usize)]) -> (Vec<f32>, Vec<f32>) {
    let mut pad_a = vec![0.0; a.len() + 1];
    let mut pad_b = vec![0.0; b.len() + 1];
    let (mut prev_a, mut prev_b) = (0, 0);
    let ends = std::iter::once((a.len(), b.len()));
    for (sa, sb) in sync.iter().copied().chain(ends) {
        if sa < prev_a || sb < prev_b || sa > a.len() || sb > b.len() {
            continue; // not ascending: ignore this pair
        }
        let height_a: f32 = a[prev_a..sa].iter().sum();
        let height_b: f32 = b[prev_b..sb].iter().sum();
        if height_a < height_b {
            pad_a[sa] += height_b - height_a;
        } else {
            pad_b[sb] += height_a - height_b;
        }
        (prev_a, prev_b) = (sa, sb);
    }
    (pad_a, pad_b)
}

// ---------------------------------------------------------------------------
// Galley geometry helpers (positions are relative to the galley's origin).

/// The char index whose glyph contains `pos` (not the nearest boundary), if
/// `pos` is on a glyph. What a hover or a click on a highlight hits.
pub fn char_under(galley: &Galley, pos: Vec2) -> Option<ParaChar> {
    let mut first = 0;
    for row in &galley.rows {
        if row.rect().y_range().contains(pos.y) {
            let x = pos.x - row.pos.x;
            return row
                .row
                .glyphs
                .iter()
                .position(|g| g.pos.x <= x && x < g.max_x())
                .map(|i| ParaChar(first + i));
        }
        first += row.char_count_including_newline().0;
    }
    None
}

/// A galley cursor at `char`.
pub fn ccursor(char: ParaChar, prefer_next_row: bool) -> CCursor {
    CCursor {
        index: CharIndex(char.0),
        prefer_next_row,
    }
}

/// Calls `f` with one rectangle per row covering chars `[start, end)` of the
/// galley (text-high), with that row's metrics. `end` past the last char
/// means the range includes the paragraph's line break, shown as
/// `newline_width` of extra width after the last char.
pub fn range_rects(
    galley: &Galley,
    start: usize,
    end: usize,
    newline_width: f32,
    mut f: impl FnMut(Rect, RowInfo),
) {
    let mut first = 0;
    let n_rows = galley.rows.len();
    for (i, row) in galley.rows.iter().enumerate() {
        let row_start = first;
        let row_end = first + row.char_count_excluding_newline().0;
        first += row.char_count_including_newline().0;
        if row_start >= end {
            break;
        }
        let runs_past = i + 1 == n_rows && end > row_end;
        let a = start.max(row_start);
        let b = end.min(row_end);
        if a > b || (a == b && !runs_past) {
            continue;
        }
        let x0 = row.pos.x + row.x_offset(CharIndex(a - row_start));
        let mut x1 = row.pos.x + row.x_offset(CharIndex(b - row_start));
        if runs_past {
            x1 += newline_width;
        }
        let info = RowInfo::of(row);
        f(
            Rect::from_x_y_ranges(x0..=x1, info.text_top..=info.text_bottom),
            info,
        );
    }
}

/// Vertical metrics of one galley row.
#[derive(Clone, Copy, Debug)]
pub struct RowInfo {
    /// Top of the glyphs' box (below the row's extra line spacing).
    pub text_top: f32,
    /// Bottom of the glyphs' box.
    pub text_bottom: f32,
    pub baseline: f32,
    /// Bottom of the row (room for underlines between here and `text_bottom`).
    pub row_bottom: f32,
}

impl RowInfo {
    fn of(row: &egui::epaint::text::PlacedRow) -> Self {
        let rect = row.rect();
        match row.row.glyphs.first() {
            Some(glyph) => {
                let baseline = row.pos.y + glyph.pos.y;
                let text_top = baseline - glyph.font_ascent;
                Self {
                    text_top,
                    text_bottom: text_top + glyph.font_height,
                    baseline,
                    row_bottom: rect.bottom(),
                }
            }
            None => {
                let pad = rect.height() * (1.0 - 1.0 / LINE_HEIGHT_FACTOR) / 2.0;
                Self {
                    text_top: rect.top() + pad,
                    text_bottom: rect.bottom() - pad,
                    baseline: rect.bottom() - pad * 1.5,
                    row_bottom: rect.bottom(),
                }
            }
        }
    }
}

/// The caret rectangle (zero width) of `cursor`, text-high.
pub fn caret_rect(galley: &Galley, cursor: CCursor) -> Rect {
    let rect = galley.pos_from_cursor(cursor);
    let layout = galley.layout_from_cursor(cursor);
    match galley.rows.get(layout.row) {
        Some(row) => {
            let info = RowInfo::of(row);
            Rect::from_x_y_ranges(rect.left()..=rect.left(), info.text_top..=info.text_bottom)
        }
        None => Rect::from_min_size(rect.min, vec2(0.0, rect.height())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(wrap_width: f32) -> LayoutStyle {
        LayoutStyle {
            font_id: FontId::proportional(15.0),
            color: Color32::BLACK,
            wrap_width,
            pixels_per_point: 1.0,
        }
    }

    /// Tops of each paragraph with `padding` before them.
    fn tops_with(heights: &[f32], padding: &[f32]) -> Vec<f32> {
        let mut y = 0.0;
        let mut tops = Vec::new();
        for (p, h) in heights.iter().enumerate() {
            y += padding[p];
            tops.push(y);
            y += h;
        }
        tops.push(y + padding[heights.len()]);
        tops
    }

    #[test]
    fn row_padding_puts_synced_paragraphs_on_the_same_row() {
        // a: [A0 60][A1 20 only-a][A2 40]; b: [B0 30][B1 30 only-b][B2 50][B3 10].
        let a = [60.0, 20.0, 40.0];
        let b = [30.0, 30.0, 50.0, 10.0];
        // A0~B0, A2~B2 (B1 one-sided, A1 one-sided, B3 one-sided tail).
        let sync = [(0, 0), (2, 2)];
        let (pad_a, pad_b) = row_padding(&a, &b, &sync);
        let (ta, tb) = (tops_with(&a, &pad_a), tops_with(&b, &pad_b));
        assert_eq!(ta[0], tb[0]);
        assert_eq!(ta[2], tb[2], "A2 and B2 start on the same row");
        assert_eq!(ta[3], tb[4], "both texts end at the same height");
        // The blank goes at the end of the shorter segment: 80 vs 60 → b pads before B2.
        assert_eq!(pad_b[2], 20.0);
        assert_eq!(pad_a[2], 0.0);
        // After the last pair: 40 vs 60 → a pads at its end.
        assert_eq!(pad_a[3], 20.0);
    }

    #[test]
    fn row_padding_handles_one_sided_starts_and_ignores_pairs_out_of_order() {
        let a = [10.0, 10.0];
        let b = [25.0, 10.0, 10.0];
        // B0 is one-sided at the very start: A needs blank before A0.
        let sync = [(0, 1), (1, 2), (0, 0), (5, 9)];
        let (pad_a, pad_b) = row_padding(&a, &b, &sync);
        let (ta, tb) = (tops_with(&a, &pad_a), tops_with(&b, &pad_b));
        assert_eq!(pad_a[0], 25.0);
        assert_eq!((ta[0], ta[1]), (tb[1], tb[2]));
        assert_eq!(ta[2], tb[3]);
    }

    #[test]
    fn padding_moves_paragraph_tops_and_total_height() {
        let text = "one\ntwo\nthree";
        let paragraphs = ParagraphIndex::new(text);
        let mut layout = TextLayout::new(&paragraphs);
        layout.set_style(style(400.0), &paragraphs);
        let plain: Vec<f32> = (0..=3).map(|p| layout.top(p)).collect();
        assert!(layout.set_padding(&[5.0, 0.0, 7.0, 11.0]));
        assert!(
            !layout.set_padding(&[5.0, 0.0, 7.0, 11.0]),
            "same padding: no change"
        );
        assert_eq!(layout.top(0), plain[0] + 5.0);
        assert_eq!(layout.top(1), plain[1] + 5.0);
        assert_eq!(layout.top(2), plain[2] + 12.0);
        assert_eq!(layout.total_height(), plain[3] + 23.0);
        let inside_two = layout.top(2) + 1.0;
        assert_eq!(layout.para_at_y(inside_two), 2);
        assert!(layout.set_padding(&[]));
        assert_eq!(layout.total_height(), plain[3]);
    }

    #[test]
    fn heights_are_estimated_then_measured_and_positions_follow() {
        let text = format!(
            "Short one.\n\n{}\nLast “paragraph”.",
            "A longer paragraph that wraps over several rows. ".repeat(12)
        );
        let paragraphs = ParagraphIndex::new(&text);
        let ctx = egui::Context::default();
        let output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let ctx = ui.ctx();
            let mut layout = TextLayout::new(&paragraphs);
            assert!(layout.set_style(style(300.0), &paragraphs));
            assert!(
                !layout.set_style(style(300.2), &paragraphs),
                "sub-pixel resize"
            );
            assert!((0..4).all(|p| !layout.is_measured(p)));
            let estimated_total = layout.total_height();
            assert!(estimated_total > 0.0);

            // The empty line is short; the long paragraph wraps to several rows.
            let galley = layout.galley(ctx, &text, &paragraphs, 2);
            assert!(layout.is_measured(2));
            assert!(galley.rows.len() > 3);
            let s = style(300.0);
            assert_eq!(layout.height(2), galley.rect.height() + s.paragraph_gap());
            layout.galley(ctx, &text, &paragraphs, 1);
            assert_eq!(layout.height(1), s.empty_height() + s.paragraph_gap());
            for p in [0, 3] {
                layout.galley(ctx, &text, &paragraphs, p);
            }
            let total: f32 = (0..4).map(|p| layout.height(p)).sum();
            assert!((layout.total_height() - total).abs() < 0.01);

            // Positions: the paragraph at each top is that paragraph.
            for p in 0..4 {
                let top = layout.top(p);
                assert_eq!(layout.para_at_y(top + 0.1), p);
            }
            assert_eq!(layout.para_at_y(-5.0), 0);
            assert_eq!(layout.para_at_y(1e9), 3);

            // A new wrap width drops the measurements.
            assert!(layout.set_style(style(200.0), &paragraphs));
            assert!(!layout.is_measured(2));
        });
        output.drop_without_applying_deltas();
    }

    #[test]
    fn range_rects_cover_wrapped_rows_and_the_line_break() {
        let ctx = egui::Context::default();
        let output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let text = "word ".repeat(40);
            let mut job = LayoutJob::single_section(
                text.clone(),
                TextFormat::simple(FontId::proportional(15.0), Color32::BLACK),
            );
            job.wrap = TextWrapping::wrap_at_width(150.0);
            let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
            let n = text.chars().count();
            let mut rects = Vec::new();
            range_rects(&galley, 0, n, 0.0, |r, _| rects.push(r));
            assert_eq!(rects.len(), galley.rows.len());
            // Past the end: the last rect grows by the newline width.
            let mut with_break = Vec::new();
            range_rects(&galley, 0, n + 1, 6.0, |r, _| with_break.push(r));
            let (a, b) = (rects.last().unwrap(), with_break.last().unwrap());
            assert!((b.width() - a.width() - 6.0).abs() < 0.01);
            // An empty range draws nothing; a range inside one row draws one rect.
            let mut none = 0;
            range_rects(&galley, 3, 3, 6.0, |_, _| none += 1);
            assert_eq!(none, 0);
            let mut one = Vec::new();
            range_rects(&galley, 0, 4, 0.0, |r, _| one.push(r));
            assert_eq!(one.len(), 1);
            // The glyph under a point is the char there; between rows nothing.
            let first = galley.rows[0].row.glyphs[1].logical_rect().center();
            assert_eq!(char_under(&galley, first.to_vec2()), Some(ParaChar(1)));
            assert_eq!(char_under(&galley, vec2(-50.0, 2.0)), None);
        });
        output.drop_without_applying_deltas();
    }
}
