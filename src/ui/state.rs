//! View state: everything on screen that is not the project. The panes and
//! their operations live here, as methods that tests call without a window
//! or an app.

use std::path::PathBuf;

use super::command::{AfterClose, StatusMessage};
use super::path_prompt::PathPrompt;
use super::reader::ReaderState;
use super::{find, inspector, labels, library, orphans, palette, skipped, transfer};
use crate::model::{AnnotationId, DocumentId, Span};

/// Most panes side by side.
pub const MAX_PANES: usize = 4;

/// One reader pane: a document and the reader's own state (selection, scroll).
pub struct Pane {
    pub doc: DocumentId,
    pub reader: ReaderState,
}

impl Pane {
    /// A pane showing `doc` from its top.
    pub fn new(doc: DocumentId) -> Self {
        Self {
            doc,
            reader: ReaderState::default(),
        }
    }
}

/// View state: everything on screen that is not the project.
#[derive(Default)]
pub struct UiState {
    pub panes: Vec<Pane>,
    pub active: usize,
    /// The selected annotation (inspector, sentiment keys, Delete, Link).
    pub selected: Option<AnnotationId>,
    /// Set while the user picks the other end of a link.
    pub linking_from: Option<AnnotationId>,
    pub library: library::LibraryState,
    pub inspector: inspector::InspectorState,
    pub labels_window: labels::LabelsWindowState,
    pub export_window: transfer::ExportWindowState,
    pub import_window: transfer::ImportWindowState,
    pub skipped_window: skipped::SkippedWindowState,
    pub orphans_window: orphans::OrphansWindowState,
    /// The find bar over the active pane.
    pub find: find::FindState,
    pub palette: palette::PaletteState,
    pub show_shortcuts: bool,
    pub sync_scroll: bool,
    /// Compare mode: the first two panes lined up paragraph by paragraph.
    pub compare: bool,
    /// The last message for the status bar.
    pub message: Option<StatusMessage>,
    pub path_prompt: Option<PathPrompt>,
    /// Set while "save changes?" is asked.
    pub close_prompt: Option<AfterClose>,
    /// A newer recovery file found when the project was opened.
    pub recovery_offer: Option<PathBuf>,
}

impl UiState {
    /// Shows `docs` (at most [`MAX_PANES`]) in fresh panes, the first one
    /// active, nothing selected.
    pub fn show_documents(&mut self, docs: impl IntoIterator<Item = DocumentId>) {
        self.panes = docs.into_iter().take(MAX_PANES).map(Pane::new).collect();
        self.active = 0;
        self.selected = None;
        self.linking_from = None;
    }

    /// The pane that has the keyboard, if any pane is open.
    pub fn active_pane(&self) -> Option<&Pane> {
        self.panes.get(self.active)
    }

    /// The active pane, to change its reader state.
    pub fn active_pane_mut(&mut self) -> Option<&mut Pane> {
        self.panes.get_mut(self.active)
    }

    /// Opens `doc` in the active pane, or in a new pane when `new_pane`
    /// (and there is room); a pane already showing `doc` keeps its place.
    pub fn open_document(&mut self, doc: DocumentId, new_pane: bool) {
        if new_pane && self.panes.len() < MAX_PANES {
            self.panes.push(Pane::new(doc));
            self.active = self.panes.len() - 1;
        } else if let Some(pane) = self.panes.get_mut(self.active) {
            if pane.doc != doc {
                *pane = Pane::new(doc);
            }
        } else {
            self.panes.push(Pane::new(doc));
            self.active = 0;
        }
    }

    /// Shows `doc` in pane `pane` (from its top) and makes that pane active.
    pub fn set_pane_document(&mut self, pane: usize, doc: DocumentId) {
        if let Some(p) = self.panes.get_mut(pane) {
            *p = Pane::new(doc);
            self.active = pane;
        }
    }

    /// Closes pane `i`; the last pane stays.
    pub fn close_pane(&mut self, i: usize) {
        if i < self.panes.len() && self.panes.len() > 1 {
            self.panes.remove(i);
            self.active = self.active.min(self.panes.len() - 1);
        }
    }

    /// Moves pane `pane` by `by` places (-1 left, +1 right); it stays active.
    pub fn move_pane(&mut self, pane: usize, by: isize) {
        let to = pane as isize + by;
        if pane < self.panes.len() && to >= 0 && (to as usize) < self.panes.len() {
            self.panes.swap(pane, to as usize);
            self.active = to as usize;
        }
    }

    /// Gives pane `i` the keyboard (the last pane when `i` is past the end).
    pub fn activate_pane(&mut self, i: usize) {
        self.active = i.min(self.panes.len().saturating_sub(1));
    }

    /// Adds a pane showing the first of `documents` not shown yet (or the
    /// first document), unless [`MAX_PANES`] are open.
    pub fn add_pane<'a>(&mut self, mut documents: impl Iterator<Item = &'a DocumentId> + Clone) {
        if self.panes.len() >= MAX_PANES {
            return;
        }
        let shown = |d: &&DocumentId| self.panes.iter().any(|p| &p.doc == *d);
        let doc = documents
            .clone()
            .find(|d| !shown(d))
            .or_else(|| documents.next())
            .cloned();
        if let Some(doc) = doc {
            self.panes.push(Pane::new(doc));
            self.active = self.panes.len() - 1;
        }
    }

    /// Closes one open window (the command palette first, then the find
    /// bar, Help, Labels, Export, Import, Skipped files, Orphans); false
    /// when none is open. Esc calls it first.
    pub fn close_a_window(&mut self) -> bool {
        let windows = [
            &mut self.palette.open,
            &mut self.find.open,
            &mut self.show_shortcuts,
            &mut self.labels_window.open,
            &mut self.export_window.open,
            &mut self.import_window.open,
            &mut self.skipped_window.open,
            &mut self.orphans_window.open,
        ];
        match windows.into_iter().find(|open| **open) {
            Some(open) => {
                *open = false;
                true
            }
            None => false,
        }
    }

    /// Opens the find bar over the active pane (or gives it the keyboard
    /// again); a new query looks from the active reader's caret.
    pub fn open_find(&mut self) {
        match self.active_pane() {
            Some(pane) => {
                let from = pane
                    .reader
                    .selection()
                    .map_or(pane.reader.caret(), |(s, _)| s);
                self.find.show(from);
            }
            None => self.message = Some(StatusMessage::info("Open a document to find text in it")),
        }
    }

    /// Selects the find bar's next (or previous) hit in the active pane.
    pub fn step_find(&mut self, forward: bool) {
        if let Some(pane) = self.panes.get_mut(self.active) {
            self.find.step(forward, &pane.doc, &mut pane.reader);
        }
    }

    /// Compare mode on or off; it needs two panes.
    pub fn toggle_compare(&mut self) {
        self.compare = !self.compare && self.panes.len() >= 2;
    }

    /// Scrolls a pane to `span` of `doc` and returns the pane. With
    /// `prefer_other_pane`, a pane other than the active one is used (one
    /// already showing `doc`, else a new one while there is room, else the
    /// next pane), so that both ends of a link can be seen side by side.
    pub fn reveal(&mut self, doc: &DocumentId, span: Span, prefer_other_pane: bool) -> usize {
        let showing: Vec<usize> = (0..self.panes.len())
            .filter(|&i| &self.panes[i].doc == doc)
            .collect();
        let pane = match showing
            .iter()
            .find(|&&i| !prefer_other_pane || i != self.active)
        {
            Some(&i) => i,
            None if prefer_other_pane && self.panes.len() < MAX_PANES => {
                self.panes.push(Pane::new(doc.clone()));
                self.panes.len() - 1
            }
            None if !showing.is_empty() => showing[0],
            None => {
                let target = if prefer_other_pane && self.panes.len() > 1 {
                    (self.active + 1) % self.panes.len()
                } else {
                    self.active
                };
                match self.panes.get_mut(target) {
                    Some(p) => *p = Pane::new(doc.clone()),
                    None => self.panes.push(Pane::new(doc.clone())),
                }
                target.min(self.panes.len() - 1)
            }
        };
        self.panes[pane].reader.scroll_to(if prefer_other_pane {
            span.end
        } else {
            span.start
        });
        pane
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ByteOffset;

    fn doc(name: &str) -> DocumentId {
        DocumentId(name.to_owned())
    }

    fn docs(state: &UiState) -> Vec<&str> {
        state.panes.iter().map(|p| p.doc.as_str()).collect()
    }

    fn span() -> Span {
        Span {
            start: ByteOffset(2),
            end: ByteOffset(7),
        }
    }

    #[test]
    fn show_documents_keeps_at_most_four_panes() {
        let mut state = UiState::default();
        state.show_documents(["a", "b", "c", "d", "e"].map(doc));
        assert_eq!(docs(&state), ["a", "b", "c", "d"]);
        assert_eq!(state.active, 0);
    }

    #[test]
    fn opening_replaces_the_active_pane_or_adds_one() {
        let mut state = UiState::default();
        state.open_document(doc("a"), false);
        assert_eq!(docs(&state), ["a"]);
        state.open_document(doc("b"), true);
        assert_eq!((docs(&state), state.active), (vec!["a", "b"], 1));
        state.open_document(doc("c"), false);
        assert_eq!(docs(&state), ["a", "c"]);
    }

    #[test]
    fn closing_keeps_the_last_pane_and_a_valid_active_index() {
        let mut state = UiState::default();
        state.show_documents(["a", "b"].map(doc));
        state.activate_pane(1);
        state.close_pane(1);
        assert_eq!((docs(&state), state.active), (vec!["a"], 0));
        state.close_pane(0);
        assert_eq!(docs(&state), ["a"]);
    }

    #[test]
    fn moving_swaps_neighbours_and_follows_the_pane() {
        let mut state = UiState::default();
        state.show_documents(["a", "b", "c"].map(doc));
        state.move_pane(0, 1);
        assert_eq!((docs(&state), state.active), (vec!["b", "a", "c"], 1));
        state.move_pane(0, -1);
        assert_eq!(docs(&state), ["b", "a", "c"]);
        state.activate_pane(9);
        assert_eq!(state.active, 2);
    }

    #[test]
    fn adding_a_pane_picks_a_document_not_shown() {
        let mut state = UiState::default();
        let all = ["a", "b", "c"].map(doc);
        state.show_documents([doc("a")]);
        state.add_pane(all.iter());
        assert_eq!(docs(&state), ["a", "b"]);
        state.add_pane(all.iter());
        state.add_pane(all.iter());
        assert_eq!(docs(&state), ["a", "b", "c", "a"]);
        state.add_pane(all.iter());
        assert_eq!(state.panes.len(), MAX_PANES);
    }

    #[test]
    fn reveal_in_another_pane_opens_one_beside_the_active() {
        let mut state = UiState::default();
        state.show_documents([doc("a")]);
        assert_eq!(state.reveal(&doc("a"), span(), false), 0);
        assert_eq!(state.reveal(&doc("a"), span(), true), 1);
        assert_eq!(docs(&state), ["a", "a"]);
        // A pane already showing the document is used again.
        assert_eq!(state.reveal(&doc("a"), span(), true), 1);
        state.show_documents(["a", "b", "c", "d"].map(doc));
        assert_eq!(state.reveal(&doc("e"), span(), true), 1);
        assert_eq!(docs(&state), ["a", "e", "c", "d"]);
    }

    #[test]
    fn esc_closes_one_window_at_a_time_palette_and_find_bar_first() {
        let mut state = UiState::default();
        assert!(!state.close_a_window());
        state.show_documents([doc("a")]);
        state.open_find();
        state.palette.show();
        state.show_shortcuts = true;
        state.orphans_window.open = true;
        assert!(state.close_a_window());
        assert!(!state.palette.open && state.find.open);
        assert!(state.close_a_window());
        assert!(!state.find.open && state.show_shortcuts);
        assert!(state.close_a_window());
        assert!(!state.show_shortcuts && state.orphans_window.open);
        assert!(state.close_a_window());
        assert!(!state.orphans_window.open);
        assert!(!state.close_a_window());
    }

    #[test]
    fn compare_needs_two_panes() {
        let mut state = UiState::default();
        state.show_documents([doc("a")]);
        state.toggle_compare();
        assert!(!state.compare);
        state.show_documents(["a", "b"].map(doc));
        state.toggle_compare();
        assert!(state.compare);
        state.toggle_compare();
        assert!(!state.compare);
    }
}
