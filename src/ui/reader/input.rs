//! Pointer and keyboard handling of the reader: what a press, a drag, a
//! click on a highlight or a key does to the selection.

use std::sync::Arc;

use eframe::egui;
use eframe::egui::{CursorIcon, Event, EventFilter, Id, Key, Modifiers, Pos2, Ui, vec2};

use crate::model::AnnotationId;
use crate::model::text::{ByteOffset, Span};
use crate::ui::actions::Action;

use super::paragraphs::{ParaChar, ParaPos};
use super::selection::{self, Granularity, Move, Selection};
use super::{
    DocCache, Frame, Gesture, ReaderInput, ReaderState, ScrollRequest, highlights, layout,
};

/// Pointer drag beyond the top or bottom edge scrolls this fast (points/s per point beyond).
const AUTOSCROLL_SPEED: f32 = 12.0;

/// A point of the text under a screen position.
#[derive(Clone, Copy, Debug)]
struct Hit {
    /// The caret position nearest to the point (on a grapheme boundary).
    caret: ByteOffset,
    /// The char whose glyph is under the point, if any.
    under: Option<ByteOffset>,
    prefer_next_row: bool,
}

/// Maps a screen position to the text. Above the text: its start; below: its end.
fn hit_test(ctx: &egui::Context, doc: &mut DocCache, frame: &Frame, pos: Pos2) -> Hit {
    let text_y = frame.text_y(pos.y);
    if text_y < 0.0 {
        return Hit {
            caret: ByteOffset(0),
            under: None,
            prefer_next_row: true,
        };
    }
    if text_y >= doc.layout.total_height() {
        return Hit {
            caret: ByteOffset(doc.text.len()),
            under: None,
            prefer_next_row: false,
        };
    }
    let para = doc.layout.para_at_y(text_y);
    let galley = doc.layout.galley(ctx, &doc.text, &doc.paragraphs, para);
    let top = doc.layout.top(para);
    let local = vec2(pos.x - frame.text_left, text_y - top);
    let cursor = galley.cursor_from_pos(local);
    let byte = doc.paragraphs.to_byte(
        &doc.text,
        ParaPos {
            para,
            char: ParaChar(cursor.index.0),
        },
    );
    let under = layout::char_under(&galley, local)
        .map(|char| doc.paragraphs.to_byte(&doc.text, ParaPos { para, char }));
    Hit {
        caret: selection::snap_to_grapheme(&doc.text, byte),
        under,
        prefer_next_row: cursor.prefer_next_row,
    }
}

/// Handles the pointer; returns the index of the highlight under it.
#[expect(clippy::too_many_arguments)]
pub(super) fn pointer_ui(
    ui: &Ui,
    ctx: &egui::Context,
    state: &mut ReaderState,
    doc: &mut DocCache,
    frame: &Frame,
    response: &egui::Response,
    input: &ReaderInput<'_>,
    clicked: &mut Option<AnnotationId>,
) -> Option<usize> {
    let (pressed, down, shift, time, press_pos, hover_pos) = ui.input(|i| {
        (
            i.pointer.primary_pressed(),
            i.pointer.primary_down(),
            i.modifiers.shift,
            i.time,
            i.pointer.press_origin(),
            i.pointer.hover_pos(),
        )
    });
    let options = ctx.options(|o| o.input_options);

    if pressed && response.hovered() {
        if let Some(pos) = press_pos.or(hover_pos) {
            press(state, doc, ctx, frame, pos, shift, time, &options);
            response.request_focus();
        }
    } else if let Some(gesture) = state.gesture {
        if down && response.dragged() {
            if let Some(pos) = response.interact_pointer_pos() {
                drag(state, doc, ctx, frame, gesture, pos);
            }
        } else if !down {
            state.gesture = None;
        }
    }

    // A click (no drag) on a highlight reports it.
    if response.clicked()
        && !shift
        && state.clicks.count <= 1
        && let Some(pos) = response.interact_pointer_pos()
        && let Some(under) = hit_test(ctx, doc, frame, pos).under
    {
        let hits = hits_under(doc, input, under);
        let current = input
            .selected
            .and_then(|sel| input.highlights.iter().position(|h| h.id == sel))
            .map(|i| i as u32);
        let same_spot = state.last_click == Some(under);
        if let Some(i) = highlights::pick_hit(&hits, current, same_spot) {
            *clicked = Some(input.highlights[i as usize].id);
        }
        state.last_click = Some(under);
    }

    // Hover: the innermost highlight under the pointer, with its tooltip.
    if !response.hovered() || state.gesture.is_some() && down {
        if response.hovered() {
            ctx.set_cursor_icon(CursorIcon::Text);
        }
        return None;
    }
    ctx.set_cursor_icon(CursorIcon::Text);
    let pos = hover_pos?;
    let hit = hit_test(ctx, doc, frame, pos);
    let under = hit.under?;
    let best = *hits_under(doc, input, under).first()? as usize;
    let tooltip = &input.highlights[best].tooltip;
    if !tooltip.is_empty() {
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(tooltip.as_str());
        });
    }
    Some(best)
}

/// The highlights holding the char at `under`, innermost first.
fn hits_under(doc: &DocCache, input: &ReaderInput<'_>, under: ByteOffset) -> Vec<u32> {
    let para = doc.paragraphs.para_of(under);
    let span_of = |i: u32| {
        input
            .highlights
            .get(i as usize)
            .map_or(Span::default(), |h| h.span)
    };
    highlights::hits_at(span_of, doc.highlights.in_paragraph(para), under)
}

#[expect(clippy::too_many_arguments)]
fn press(
    state: &mut ReaderState,
    doc: &mut DocCache,
    ctx: &egui::Context,
    frame: &Frame,
    pos: Pos2,
    shift: bool,
    time: f64,
    options: &egui::InputOptions,
) {
    let clicks = &mut state.clicks;
    let repeat = time - clicks.time < options.max_double_click_delay
        && clicks.pos.distance(pos) <= options.max_click_dist;
    clicks.count = if repeat && clicks.count < 3 {
        clicks.count + 1
    } else {
        1
    };
    clicks.time = time;
    clicks.pos = pos;
    let granularity = Granularity::of_click_count(clicks.count);

    let hit = hit_test(ctx, doc, frame, pos);
    state.prefer_next_row = hit.prefer_next_row;
    state.h_pos = None;
    let at = unit_point(granularity, hit);
    if shift {
        // Extend from the existing anchor, by the unit of this click.
        let anchor = state.selection.anchor;
        let anchor = Span {
            start: anchor,
            end: anchor,
        };
        state.selection = selection::extend_by_unit(granularity, anchor, &doc.text, at);
        state.gesture = Some(Gesture {
            granularity,
            anchor,
        });
    } else {
        let unit = selection::unit_at(granularity, &doc.text, at);
        state.selection = Selection::of_span(unit);
        state.gesture = Some(Gesture {
            granularity,
            anchor: unit,
        });
    }
}

/// The offset a unit is looked up at: the char under the pointer for words
/// (so that the right half of a word's last letter still picks that word).
fn unit_point(granularity: Granularity, hit: Hit) -> ByteOffset {
    match granularity {
        Granularity::Char => hit.caret,
        _ => hit.under.unwrap_or(hit.caret),
    }
}

fn drag(
    state: &mut ReaderState,
    doc: &mut DocCache,
    ctx: &egui::Context,
    frame: &Frame,
    gesture: Gesture,
    pos: Pos2,
) {
    let hit = hit_test(ctx, doc, frame, pos);
    state.prefer_next_row = hit.prefer_next_row;
    let at = unit_point(gesture.granularity, hit);
    state.selection = selection::extend_by_unit(gesture.granularity, gesture.anchor, &doc.text, at);
    // Dragging past the top or bottom edge scrolls.
    let dt = ctx.input(|i| i.stable_dt).min(0.1);
    let above = frame.view_rect.top() - pos.y;
    let below = pos.y - frame.view_rect.bottom();
    if above > 0.0 {
        state.offset_delta -= above * AUTOSCROLL_SPEED * dt;
    } else if below > 0.0 {
        state.offset_delta += below * AUTOSCROLL_SPEED * dt;
    }
}

/// Handles keys while the reader has focus.
pub(super) fn keyboard(
    ui: &Ui,
    ctx: &egui::Context,
    id: Id,
    state: &mut ReaderState,
    doc: &mut DocCache,
    frame: &Frame,
) {
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            id,
            EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                // Tab steps through annotations (an app key), never out of the reader.
                tab: true,
                // Esc is the app's (it clears the selection); the reader keeps focus.
                escape: true,
            },
        );
    });
    let events = ui.input(|i| i.events.clone());
    let mut handled = vec![false; events.len()];
    let mut moved = false;
    for (n, event) in events.iter().enumerate() {
        match event {
            Event::Copy => {
                if let Some((start, end)) = state.selection() {
                    ctx.copy_text(doc.text[start.0..end.0].to_owned());
                    handled[n] = true;
                }
            }
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } if key_pressed(ctx, state, doc, frame, *key, *modifiers) => {
                handled[n] = true;
                moved = true;
            }
            _ => {}
        }
    }
    if handled.iter().any(|&h| h) {
        let mut n = 0;
        ui.input_mut(|i| {
            i.events.retain(|_| {
                n += 1;
                !handled[n - 1]
            });
        });
    }
    if moved && state.scroll.is_none() {
        state.scroll = Some(ScrollRequest::Reveal(state.selection.head));
    }
}

/// Applies one key press; false if the reader does not use that key.
fn key_pressed(
    ctx: &egui::Context,
    state: &mut ReaderState,
    doc: &mut DocCache,
    frame: &Frame,
    key: Key,
    modifiers: Modifiers,
) -> bool {
    let head = state.selection.head;
    let text = Arc::clone(&doc.text);
    let by_word = if cfg!(target_os = "macos") {
        modifiers.alt
    } else {
        modifiers.ctrl || modifiers.command
    };
    let bound = |action: Action| {
        action
            .shortcut()
            .is_some_and(|s| s.logical_key == key && modifiers.matches_exact(s.modifiers))
    };
    if bound(Action::ReaderSelectSentence) {
        state.selection = Selection::of_span(selection::sentence_at(&text, head));
        return true;
    }
    if bound(Action::ReaderSelectParagraph) {
        state.selection = Selection::of_span(selection::paragraph_at(&text, head));
        return true;
    }
    if bound(Action::ReaderSelectAll) {
        state.selection = Selection {
            anchor: ByteOffset(0),
            head: ByteOffset(text.len()),
        };
        return true;
    }
    let (new_head, keep_h_pos) = match key {
        Key::ArrowLeft | Key::ArrowRight => {
            let left = key == Key::ArrowLeft;
            let span = state.selection.span();
            state.prefer_next_row = true;
            if !modifiers.shift && !by_word && !span.is_empty() {
                // Collapse the selection to the side of the arrow.
                (if left { span.start } else { span.end }, false)
            } else {
                let movement = match (left, by_word) {
                    (true, false) => Move::Left,
                    (false, false) => Move::Right,
                    (true, true) => Move::WordLeft,
                    (false, true) => Move::WordRight,
                };
                (selection::move_caret(&text, head, movement), false)
            }
        }
        Key::ArrowUp | Key::ArrowDown => {
            let (byte, h_pos) = vertical(ctx, state, doc, head, key == Key::ArrowDown, 1);
            state.h_pos = h_pos;
            (byte, true)
        }
        Key::PageUp | Key::PageDown => {
            let rows = doc.layout.style().map_or(10, |s| {
                ((frame.view_height / s.line_height()) as usize).max(2) - 1
            });
            let (byte, h_pos) = vertical(ctx, state, doc, head, key == Key::PageDown, rows);
            state.h_pos = h_pos;
            (byte, true)
        }
        Key::Home | Key::End if modifiers.command || modifiers.ctrl => {
            state.prefer_next_row = true;
            let movement = if key == Key::Home {
                Move::TextStart
            } else {
                Move::TextEnd
            };
            (selection::move_caret(&text, head, movement), false)
        }
        Key::Home | Key::End => {
            let pos = doc.paragraphs.to_para_pos(&text, head);
            let galley = doc.layout.galley(ctx, &text, &doc.paragraphs, pos.para);
            let cursor = layout::ccursor(pos.char, state.prefer_next_row);
            let (cursor, prefer_next_row) = if key == Key::Home {
                (galley.cursor_begin_of_row(&cursor), true)
            } else {
                (galley.cursor_end_of_row(&cursor), false)
            };
            state.prefer_next_row = prefer_next_row;
            let byte = doc.paragraphs.to_byte(
                &text,
                ParaPos {
                    para: pos.para,
                    char: ParaChar(cursor.index.0),
                },
            );
            (selection::snap_to_grapheme(&text, byte), false)
        }
        _ => return false,
    };
    if !keep_h_pos {
        state.h_pos = None;
    }
    state.selection.head = new_head;
    if !modifiers.shift {
        state.selection.anchor = new_head;
    }
    state.gesture = None;
    true
}

/// Moves the caret `rows` visual rows down (or up), across paragraphs, keeping
/// its x. Returns the new caret and the x to keep for the next vertical move.
fn vertical(
    ctx: &egui::Context,
    state: &mut ReaderState,
    doc: &mut DocCache,
    head: ByteOffset,
    down: bool,
    rows: usize,
) -> (ByteOffset, Option<f32>) {
    let text = Arc::clone(&doc.text);
    let mut pos = doc.paragraphs.to_para_pos(&text, head);
    let mut galley = doc.layout.galley(ctx, &text, &doc.paragraphs, pos.para);
    let mut cursor = layout::ccursor(pos.char, state.prefer_next_row);
    let x = state
        .h_pos
        .unwrap_or_else(|| galley.pos_from_cursor(cursor).center().x);
    for _ in 0..rows {
        let row = galley.layout_from_cursor(cursor).row;
        if down && row + 1 < galley.rows.len() {
            cursor = galley.cursor_down_one_row(&cursor, Some(x)).0;
        } else if !down && row > 0 {
            cursor = galley.cursor_up_one_row(&cursor, Some(x)).0;
        } else if down && pos.para + 1 < doc.paragraphs.len() {
            pos.para += 1;
            galley = doc.layout.galley(ctx, &text, &doc.paragraphs, pos.para);
            let y = galley.rows.first().map_or(0.0, |r| r.rect().center().y);
            cursor = galley.cursor_from_pos(vec2(x, y));
        } else if !down && pos.para > 0 {
            pos.para -= 1;
            galley = doc.layout.galley(ctx, &text, &doc.paragraphs, pos.para);
            let y = galley.rows.last().map_or(0.0, |r| r.rect().center().y);
            cursor = galley.cursor_from_pos(vec2(x, y));
        } else {
            // First or last row of the text: go to its start or end.
            let end = if down { text.len() } else { 0 };
            state.prefer_next_row = true;
            return (ByteOffset(end), None);
        }
    }
    state.prefer_next_row = cursor.prefer_next_row;
    let byte = doc.paragraphs.to_byte(
        &text,
        ParaPos {
            para: pos.para,
            char: ParaChar(cursor.index.0),
        },
    );
    (selection::snap_to_grapheme(&text, byte), Some(x))
}
