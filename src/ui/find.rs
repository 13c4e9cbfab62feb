//! Find in the document: the find bar over the active pane (Ctrl+F). Every
//! hit is outlined in the reader ([`FindMarks`]); Enter / Shift+Enter (F3 /
//! Shift+F3) step through them with a count ("3 of 12"); the current hit is
//! the reader's selection, and stepping hands the keyboard to the reader,
//! so a label key labels the hit at once. Esc closes the bar.
//!
//! Hits are searched again only when the query, the options or the
//! document's text change (a keystroke); a frame only reads them. The
//! lower-cased copy of the document is made once per version of its text
//! ([`search::Haystack`]).

pub mod search;

use std::sync::Arc;

use eframe::egui;

use super::reader::{FindMarks, ReaderState};
use crate::model::text::{ByteOffset, Span};
use crate::model::{ContentHash, Document, DocumentId};
use search::{FindOptions, Haystack};

/// The find bar: query, options, hits and the current hit.
#[derive(Default)]
pub struct FindState {
    /// The bar is shown (over the active pane).
    pub open: bool,
    /// What is looked for, as typed.
    pub query: String,
    /// Match case, whole word.
    pub options: FindOptions,
    /// Give the query field the keyboard (and select its text) when next drawn.
    focus_field: bool,
    /// Sorted, never overlapping.
    hits: Vec<Span>,
    /// Index in `hits` of the current hit.
    current: Option<usize>,
    /// What `hits` were found for.
    found_for: Option<SearchKey>,
    /// The lower-cased copy of the document searched last, and its version.
    haystack: Option<(DocumentId, ContentHash, Arc<Haystack>)>,
    /// Where a changed query looks for its first hit: the current hit, else
    /// the caret when the bar was opened.
    anchor: ByteOffset,
}

/// The document version, query and options that hits were found for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SearchKey {
    doc: DocumentId,
    hash: ContentHash,
    query: String,
    options: FindOptions,
}

impl FindState {
    /// Opens the bar (or gives it the keyboard again), its query selected so
    /// that typing replaces it; a new query looks for its first hit from `from`.
    pub fn show(&mut self, from: ByteOffset) {
        self.open = true;
        self.focus_field = true;
        self.anchor = from;
        self.current = None;
    }

    /// The hits to outline in the reader of `doc`: none when the bar is
    /// closed or searched another document.
    pub fn marks(&self, doc: &DocumentId) -> FindMarks<'_> {
        match &self.found_for {
            Some(key) if self.open && &key.doc == doc => FindMarks {
                hits: &self.hits,
                current: self.current,
            },
            _ => FindMarks::default(),
        }
    }

    /// Makes the next (or previous) hit current, wrapping around, selects
    /// it in `reader` (the reader of `doc`) and gives that reader the
    /// keyboard. Steps from the current hit while it is still the
    /// selection, else from the selection or the caret.
    pub fn step(&mut self, forward: bool, doc: &DocumentId, reader: &mut ReaderState) {
        if !self.open || self.found_for.as_ref().is_none_or(|k| &k.doc != doc) {
            return;
        }
        let caret = reader.caret();
        let from = reader
            .selection()
            .map_or(Span::from((caret.0, caret.0)), |(s, e)| {
                Span::from((s.0, e.0))
            });
        self.current = step_index(&self.hits, self.current, from, forward);
        if self.current.is_some() {
            self.select_current(reader);
            reader.request_focus();
        }
    }

    /// "3 of 12", "12 matches" before the first step, "No matches", or
    /// nothing for an empty query.
    pub fn count_text(&self) -> String {
        if self.query.is_empty() {
            return String::new();
        }
        match (self.current, self.hits.len()) {
            (_, 0) => "No matches".to_owned(),
            (Some(i), n) => format!("{} of {n}", i + 1),
            (None, 1) => "1 match".to_owned(),
            (None, n) => format!("{n} matches"),
        }
    }

    /// Searches `doc` again if the query, the options or the document
    /// changed. A changed query makes its first hit from the anchor current
    /// and selects it (or clears the selection when nothing matches); a
    /// changed document (another pane became active) only counts its hits.
    fn refresh(&mut self, doc: &Document, reader: &mut ReaderState) {
        let (same_doc, same_search) = self.found_for.as_ref().map_or((false, false), |k| {
            (
                k.doc == doc.id && k.hash == doc.hash,
                k.query == self.query && k.options == self.options,
            )
        });
        if same_doc && same_search {
            return;
        }
        let first = self.found_for.is_none();
        self.found_for = Some(SearchKey {
            doc: doc.id.clone(),
            hash: doc.hash.clone(),
            query: self.query.clone(),
            options: self.options,
        });
        self.search(doc);
        if same_doc || first {
            self.start_at_anchor(reader);
        } else {
            self.current = None;
            self.anchor = reader.caret();
        }
    }

    /// Fills `hits` for the current query and options.
    fn search(&mut self, doc: &Document) {
        let whole_word = self.options.whole_word;
        self.hits = if self.options.match_case {
            search::find_exact(&doc.text(), &self.query, whole_word)
        } else {
            self.haystack(doc)
                .find(&doc.text(), &self.query, whole_word)
        };
    }

    /// The lower-cased copy of `doc`, made again only for a new version.
    fn haystack(&mut self, doc: &Document) -> Arc<Haystack> {
        match &self.haystack {
            Some((id, hash, hay)) if id == &doc.id && hash == &doc.hash => Arc::clone(hay),
            _ => {
                let hay = Arc::new(Haystack::new(&doc.text()));
                self.haystack = Some((doc.id.clone(), doc.hash.clone(), Arc::clone(&hay)));
                hay
            }
        }
    }

    /// Makes the first hit from the anchor current and selects it.
    fn start_at_anchor(&mut self, reader: &mut ReaderState) {
        self.current = first_from(&self.hits, self.anchor);
        if self.current.is_none() && !self.query.is_empty() {
            reader.clear_selection();
        }
        self.select_current(reader);
    }

    /// Selects the current hit in `reader` and scrolls it into view.
    fn select_current(&mut self, reader: &mut ReaderState) {
        let Some(hit) = self.current.and_then(|i| self.hits.get(i)) else {
            return;
        };
        reader.set_selection(hit.start, hit.end);
        reader.reveal(*hit);
        self.anchor = hit.start;
    }
}

/// The hit a new query starts at: the first that starts at or after
/// `from`, else (wrapping around) the first.
fn first_from(hits: &[Span], from: ByteOffset) -> Option<usize> {
    if hits.is_empty() {
        return None;
    }
    let i = hits.partition_point(|h| h.start < from);
    Some(if i == hits.len() { 0 } else { i })
}

/// The hit after (`forward`) or before the current one, wrapping around.
/// When `selection` is no longer the current hit (the user selected
/// elsewhere), from `selection` instead: the first hit at or after its end,
/// or the last hit before its start.
fn step_index(
    hits: &[Span],
    current: Option<usize>,
    selection: Span,
    forward: bool,
) -> Option<usize> {
    let n = hits.len();
    if n == 0 {
        return None;
    }
    if let Some(i) = current.filter(|&i| hits.get(i) == Some(&selection)) {
        return Some(if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        });
    }
    if forward {
        return first_from(hits, selection.end);
    }
    let before = hits.partition_point(|h| h.start < selection.start);
    Some(before.checked_sub(1).unwrap_or(n - 1))
}

/// Draws the find bar of the active pane's reader (`active`, and only
/// while it is open) and returns the hits for that reader to outline.
pub fn find_bar_ui<'a>(
    ui: &mut egui::Ui,
    find: &'a mut FindState,
    active: bool,
    doc: &Document,
    reader: &mut ReaderState,
) -> FindMarks<'a> {
    if !active || !find.open {
        return FindMarks::default();
    }
    // In rows chosen by the pane's width (four panes side by side are
    // narrow), never wrapped by egui: a wrapped row was drawn over the one
    // before it on the bar's first frame.
    let width = ui.available_width();
    let rows = if width >= ONE_ROW {
        1
    } else if width >= TWO_ROWS {
        2
    } else {
        3
    };
    // What the first row holds besides the label and the field.
    let beside = match rows {
        1 => 400.0,
        2 => 200.0,
        _ => 40.0,
    };
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        let field = egui::TextEdit::singleline(&mut find.query)
            .id_salt("find query")
            .hint_text("in this document")
            .desired_width((ui.available_width() - beside).clamp(80.0, 200.0));
        let response = ui.add(field).labelled_by(label.id);
        if std::mem::take(&mut find.focus_field) {
            response.request_focus();
            select_all(ui.ctx(), response.id, &find.query);
        }
        find.refresh(doc, reader);
        if response.lost_focus()
            && let Some(shift) =
                ui.input(|i| i.key_pressed(egui::Key::Enter).then_some(i.modifiers.shift))
        {
            // Nothing to step to: the field keeps the keyboard, its text selected.
            find.focus_field = find.hits.is_empty();
            find.step(!shift, &doc.id, reader);
        }
        if rows < 3 {
            count_ui(ui, find, doc, reader);
        }
        if rows == 1 {
            options_ui(ui, find);
        }
        let close = ui
            .small_button("✕")
            .on_hover_text("Close the find bar (Esc)");
        if close.clicked() {
            find.open = false;
        }
    });
    if rows == 3 {
        ui.horizontal(|ui| count_ui(ui, find, doc, reader));
    }
    if rows > 1 {
        ui.horizontal(|ui| options_ui(ui, find));
    }
    find.marks(&doc.id)
}

/// The narrowest pane whose find bar is one row, and two rows (the
/// options go to a second row, then the count too to a third).
const ONE_ROW: f32 = 640.0;
const TWO_ROWS: f32 = 300.0;

/// "3 of 12" (in red for none), then ▲ ▼.
fn count_ui(ui: &mut egui::Ui, find: &mut FindState, doc: &Document, reader: &mut ReaderState) {
    let count = find.count_text();
    if find.hits.is_empty() && !find.query.is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, count);
    } else {
        ui.label(count);
    }
    step_buttons_ui(ui, find, doc, reader);
}

/// Match case, Whole word.
fn options_ui(ui: &mut egui::Ui, find: &mut FindState) {
    let before = find.options;
    ui.checkbox(&mut find.options.match_case, "Match case");
    ui.checkbox(&mut find.options.whole_word, "Whole word");
    if find.options != before {
        ui.ctx().request_repaint();
    }
}

/// The ▲ ▼ buttons: previous and next hit.
fn step_buttons_ui(
    ui: &mut egui::Ui,
    find: &mut FindState,
    doc: &Document,
    reader: &mut ReaderState,
) {
    let any = !find.hits.is_empty();
    let previous = ui.add_enabled(any, egui::Button::new("▲").small());
    if previous
        .on_hover_text("Previous match (Shift+Enter, Shift+F3)")
        .clicked()
    {
        find.step(false, &doc.id, reader);
    }
    let next = ui.add_enabled(any, egui::Button::new("▼").small());
    if next.on_hover_text("Next match (Enter, F3)").clicked() {
        find.step(true, &doc.id, reader);
    }
}

/// Selects the whole text of the text field `id`, so that typing replaces it.
fn select_all(ctx: &egui::Context, id: egui::Id, text: &str) {
    let Some(mut state) = egui::TextEdit::load_state(ctx, id) else {
        return;
    };
    let all = egui::text::CCursorRange::two(
        egui::text::CCursor::new(0),
        egui::text::CCursor::new(text.chars().count()),
    );
    state.cursor.set_char_range(Some(all));
    state.store(ctx, id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(list: &[(usize, usize)]) -> Vec<Span> {
        list.iter().map(|&p| Span::from(p)).collect()
    }

    fn at(byte: usize) -> Span {
        Span::from((byte, byte))
    }

    #[test]
    fn a_new_query_starts_at_the_first_hit_from_the_anchor_and_wraps() {
        let hits = spans(&[(2, 4), (10, 12), (20, 22)]);
        assert_eq!(first_from(&hits, ByteOffset(0)), Some(0));
        assert_eq!(first_from(&hits, ByteOffset(10)), Some(1));
        assert_eq!(first_from(&hits, ByteOffset(11)), Some(2));
        assert_eq!(first_from(&hits, ByteOffset(21)), Some(0));
        assert_eq!(first_from(&[], ByteOffset(0)), None);
    }

    #[test]
    fn stepping_goes_round_from_the_current_hit() {
        let hits = spans(&[(2, 4), (10, 12), (20, 22)]);
        let step = |i: usize, forward| step_index(&hits, Some(i), hits[i], forward);
        assert_eq!(step(0, true), Some(1));
        assert_eq!(step(2, true), Some(0));
        assert_eq!(step(0, false), Some(2));
        assert_eq!(step(1, false), Some(0));
        assert_eq!(step_index(&[], Some(0), at(0), true), None);
    }

    #[test]
    fn stepping_after_the_user_moved_starts_from_the_selection() {
        let hits = spans(&[(2, 4), (10, 12), (20, 22)]);
        // The current hit is 0, but the caret now sits at 15.
        assert_eq!(step_index(&hits, Some(0), at(15), true), Some(2));
        assert_eq!(step_index(&hits, Some(0), at(15), false), Some(1));
        // A selection that is a hit but not the current one: step past it.
        assert_eq!(step_index(&hits, None, hits[1], true), Some(2));
        assert_eq!(step_index(&hits, None, hits[1], false), Some(0));
        // Before the first and after the last: wrap around.
        assert_eq!(step_index(&hits, None, at(0), false), Some(2));
        assert_eq!(step_index(&hits, None, at(30), true), Some(0));
    }

    #[test]
    fn the_count_says_where_we_are() {
        let mut find = FindState::default();
        assert_eq!(find.count_text(), "");
        find.query = "deal".to_owned();
        assert_eq!(find.count_text(), "No matches");
        find.hits = spans(&[(2, 4), (10, 12), (20, 22)]);
        assert_eq!(find.count_text(), "3 matches");
        find.current = Some(2);
        assert_eq!(find.count_text(), "3 of 3");
        find.hits.truncate(1);
        find.current = None;
        assert_eq!(find.count_text(), "1 match");
    }

    fn doc(text: &str) -> Document {
        Document::new(
            DocumentId::from("a.txt"),
            "A".to_owned(),
            text,
            crate::model::SourceFormat::Text,
            "UTF-8",
        )
    }

    #[test]
    fn typing_selects_the_first_hit_and_stepping_selects_the_next() {
        let doc = doc("The deal. A deal, the DEAL.");
        let mut reader = ReaderState::default();
        let mut find = FindState::default();
        find.show(ByteOffset(0));
        find.query = "deal".to_owned();
        find.refresh(&doc, &mut reader);
        assert_eq!(find.count_text(), "1 of 3");
        assert_eq!(reader.selection(), Some((ByteOffset(4), ByteOffset(8))));
        find.step(true, &doc.id, &mut reader);
        assert_eq!(find.count_text(), "2 of 3");
        assert_eq!(reader.selection(), Some((ByteOffset(12), ByteOffset(16))));
        // Match case leaves two hits; the search starts again from the current one.
        find.options.match_case = true;
        find.refresh(&doc, &mut reader);
        assert_eq!(find.count_text(), "2 of 2");
        assert_eq!(reader.selection(), Some((ByteOffset(12), ByteOffset(16))));
        // Nothing matches: no selection is left to label by mistake.
        find.query = "deals".to_owned();
        find.refresh(&doc, &mut reader);
        assert_eq!(find.count_text(), "No matches");
        assert_eq!(reader.selection(), None);
    }

    #[test]
    fn marks_are_for_the_searched_document_while_the_bar_is_open() {
        let doc = doc("a b a");
        let mut reader = ReaderState::default();
        let mut find = FindState::default();
        find.show(ByteOffset(0));
        find.query = "a".to_owned();
        find.refresh(&doc, &mut reader);
        assert_eq!(
            find.marks(&doc.id).hits,
            spans(&[(0, 1), (4, 5)]).as_slice()
        );
        assert!(find.marks(&DocumentId::from("b.txt")).hits.is_empty());
        find.open = false;
        assert!(find.marks(&doc.id).hits.is_empty());
    }
}
