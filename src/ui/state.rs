//! View state: everything on screen that is not the project. The panes and
//! their operations live here, as methods that tests call without a window
//! or an app.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use super::command::{AfterClose, StatusMessage};
use super::layout::{Side, Sides, WindowPrefs};
use super::path_prompt::PathPrompt;
use super::reader::ReaderState;
use super::tiles::{PaneKey, PaneTiles};
use super::{find, inspector, labels, library, orphans, palette, skipped, transfer};
use crate::io::project_file::ViewState;
use crate::model::{AnnotationId, DocumentId, Span};

/// Most panes side by side.
pub const MAX_PANES: usize = 4;

/// One reader pane: a document and the reader's own state (selection, scroll).
pub struct Pane {
    /// The pane's place in the tile tree; it stays when the document changes.
    pub key: PaneKey,
    pub doc: DocumentId,
    pub reader: ReaderState,
}

impl Pane {
    /// A new pane showing `doc` from its top.
    pub fn new(doc: DocumentId) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self {
            key: NEXT.fetch_add(1, Ordering::Relaxed),
            doc,
            reader: ReaderState::default(),
        }
    }

    /// Shows `doc` from its top in this pane (which keeps its place).
    pub fn show(&mut self, doc: DocumentId) {
        self.doc = doc;
        self.reader = ReaderState::default();
    }
}

/// View state: everything on screen that is not the project.
#[derive(Default)]
pub struct UiState {
    /// The reader panes in reading order (the tile tree's order).
    pub panes: Vec<Pane>,
    /// How the panes are arranged on screen.
    pub tiles: PaneTiles,
    /// The user's layout choices (side panels, reader text size, measure).
    pub prefs: WindowPrefs,
    /// Where the panes were drawn in the last frame (between the side panels).
    pub centre: Option<eframe::egui::Rect>,
    /// Compare mode's row padding changed and the panes are not level yet.
    pub compare_settling: bool,
    /// The active compared pane's offset in the last frame (it leads).
    pub compare_lead_offset: Option<f32>,
    /// The side panels shown in the last frame.
    pub sides_shown: Sides,
    /// Side panels the user asked back while the window is too narrow.
    pub sides_forced: Sides,
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
    /// The reader of the article shown read-only while a project file is
    /// parsed (`ui::Loading::preview`).
    pub preview_reader: ReaderState,
    pub palette: palette::PaletteState,
    pub show_shortcuts: bool,
    pub sync_scroll: bool,
    /// Compare mode: two panes lined up paragraph by paragraph, the words
    /// that differ marked (which two: [`UiState::compared_panes`]).
    pub compare: bool,
    /// The two panes the user chose to compare, by key, so that they stay
    /// the same panes when panes move; `None`: the first two. Set by
    /// [`UiState::choose_compared`], read through [`UiState::compared_panes`].
    pub compare_choice: Option<[PaneKey; 2]>,
    /// The last message for the status bar.
    pub message: Option<StatusMessage>,
    /// That message (its serial) and when it was first shown
    /// (`UiState::age_message`).
    pub message_shown: Option<(u64, f64)>,
    pub path_prompt: Option<PathPrompt>,
    /// Set while "save changes?" is asked.
    pub close_prompt: Option<AfterClose>,
    /// A newer recovery file found when the project was opened.
    pub recovery_offer: Option<PathBuf>,
    /// The question after the last window ended in a panic.
    pub crash_offer: Option<super::about::CrashOffer>,
    /// The About window, while open.
    pub about: Option<super::about::About>,
    /// The project file as another program saved it, while that waits for
    /// the user's decision (see [`super::disk`]).
    pub on_disk: super::disk::OnDiskState,
    /// Each annotator's layer: shown or hidden, and how it is underlined.
    pub layers: Layers,
    /// The Adjudication window.
    pub adjudication: super::adjudicate::AdjudicationState,
    /// The Agreement window.
    pub agreement_window: super::agreement::AgreementWindowState,
    /// The Preferences window (and the first-run question).
    pub preferences: super::preferences::PreferencesState,
    /// Set while the user is asked whether to read a corpus outside the
    /// project's folder.
    pub corpus_question: Option<super::corpus_question::CorpusQuestion>,
}

/// The annotators' layers in the readers.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// Annotators whose annotations the readers do not show (hidden from
    /// View › Annotators or the inspector, or while adjudicating).
    pub hidden: std::collections::BTreeSet<String>,
    /// How an annotator's underlines look (while adjudicating: A plain, B
    /// dotted, gold double); others are plain.
    pub looks: std::collections::BTreeMap<String, super::reader::Layer>,
    /// Counts changes of the above, for the caches.
    pub version: u64,
}

/// Seconds an information in the status bar stays; an error stays until
/// another message takes its place.
pub const INFO_SECONDS: f64 = 10.0;

impl UiState {
    /// Takes an information message away once it has been shown for
    /// [`INFO_SECONDS`] (at `now`, in the window's seconds), so that a
    /// hint about a moment ("too narrow to show the library") does not
    /// stay on as if still true. Returns the seconds left to the current
    /// one, for a repaint then.
    pub fn age_message(&mut self, now: f64) -> Option<f64> {
        let message = self.message.as_ref()?;
        let since = match self.message_shown {
            Some((shown, since)) if shown == message.serial() => since,
            _ => {
                self.message_shown = Some((message.serial(), now));
                now
            }
        };
        if message.level != super::command::Level::Info {
            return None;
        }
        let left = INFO_SECONDS - (now - since);
        if left <= 0.0 {
            (self.message, self.message_shown) = (None, None);
            return None;
        }
        Some(left)
    }

    /// Shows or hides `annotator`'s layer (`None`: everyone's).
    pub fn show_layer(&mut self, annotator: Option<String>, shown: bool, all: &[(String, usize)]) {
        match (annotator, shown) {
            (None, true) => self.layers.hidden.clear(),
            (None, false) => self.layers.hidden = all.iter().map(|(n, _)| n.clone()).collect(),
            (Some(name), true) => {
                self.layers.hidden.remove(&name);
            }
            (Some(name), false) => {
                self.layers.hidden.insert(name);
            }
        }
        self.layers.version += 1;
    }

    /// Shows `docs` (at most [`MAX_PANES`]) in fresh panes, the first one
    /// active, nothing selected.
    pub fn show_documents(&mut self, docs: impl IntoIterator<Item = DocumentId>) {
        self.panes = docs.into_iter().take(MAX_PANES).map(Pane::new).collect();
        self.active = 0;
        self.selected = None;
        self.linking_from = None;
    }

    /// Shows the view saved with a project: its documents that `exists`
    /// (else `fallback`), at most [`MAX_PANES`], arranged as they were saved
    /// when all of them are still there.
    pub fn restore_view(
        &mut self,
        view: &ViewState,
        exists: impl Fn(&DocumentId) -> bool,
        fallback: impl IntoIterator<Item = DocumentId>,
    ) {
        let docs: Vec<DocumentId> = view.open.iter().filter(|d| exists(d)).cloned().collect();
        let complete = docs.len() == view.open.len() && docs.len() <= MAX_PANES;
        if docs.is_empty() {
            self.show_documents(fallback);
        } else {
            self.show_documents(docs);
        }
        let layout = view.layout.as_ref().filter(|_| complete);
        self.tiles = PaneTiles::from_layout(layout, &self.pane_keys());
        self.sync_scroll = view.sync_scroll;
    }

    /// The view to save with the project: the documents shown and how the
    /// panes are arranged.
    pub fn view_state(&mut self) -> ViewState {
        let keys = self.pane_keys();
        self.tiles.sync(&keys);
        ViewState {
            open: self.panes.iter().map(|p| p.doc.clone()).collect(),
            sync_scroll: self.sync_scroll,
            layout: self.tiles.to_layout(&keys),
        }
    }

    /// Folds the side panel on `side` when it is shown, else brings it back
    /// (even when the window is too narrow for it: the user asked).
    pub fn toggle_side_panel(&mut self, side: Side) {
        let open = match side {
            Side::Left => &mut self.prefs.library_open,
            Side::Right => &mut self.prefs.inspector_open,
        };
        let forced = self.sides_forced.get_mut(side);
        if self.sides_shown.get(side) {
            *open = false;
            *forced = false;
        } else if *open {
            *forced = true;
        } else {
            *open = true;
        }
    }

    /// The panes' keys in reading order.
    pub fn pane_keys(&self) -> Vec<PaneKey> {
        self.panes.iter().map(|p| p.key).collect()
    }

    /// Puts the panes in the order the tile tree shows them after the user
    /// dragged one; the active pane stays the same pane.
    pub fn follow_tile_order(&mut self) {
        if !std::mem::take(&mut self.tiles.moved_by_user) {
            return;
        }
        let order = self.tiles.order();
        if order.len() != self.panes.len() || order == self.pane_keys() {
            return;
        }
        let active = self.active_pane().map(|p| p.key);
        self.panes
            .sort_by_key(|p| order.iter().position(|&k| k == p.key).unwrap_or(usize::MAX));
        if let Some(key) = active {
            self.active = self.panes.iter().position(|p| p.key == key).unwrap_or(0);
        }
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
                pane.show(doc);
            }
        } else {
            self.panes.push(Pane::new(doc));
            self.active = 0;
        }
    }

    /// Shows `doc` in pane `pane` (from its top) and makes that pane active.
    pub fn set_pane_document(&mut self, pane: usize, doc: DocumentId) {
        if let Some(p) = self.panes.get_mut(pane) {
            p.show(doc);
            self.active = pane;
        }
    }

    /// Closes pane `i`; the last pane stays. Compare mode ends with fewer
    /// than two panes.
    pub fn close_pane(&mut self, i: usize) {
        if i < self.panes.len() && self.panes.len() > 1 {
            self.panes.remove(i);
            self.active = self.active.min(self.panes.len() - 1);
            self.compare &= self.panes.len() >= 2;
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
            None => self.about.take().is_some(),
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

    /// The two panes Compare mode lines up (indices in `panes`, side 0
    /// first): the pair the user chose; when one of them has closed, the
    /// other with the first pane left; else the first two. `None` outside
    /// Compare mode or with fewer than two panes.
    pub fn compared_panes(&self) -> Option<[usize; 2]> {
        if !self.compare || self.panes.len() < 2 {
            return None;
        }
        let find = |key: PaneKey| self.panes.iter().position(|p| p.key == key);
        let chosen = self
            .compare_choice
            .map_or([None, None], |keys| keys.map(find));
        Some(match chosen {
            [Some(a), Some(b)] if a != b => [a, b],
            [Some(kept), _] => [kept, usize::from(kept == 0)],
            [None, Some(kept)] => [usize::from(kept == 0), kept],
            [None, None] => [0, 1],
        })
    }

    /// Compares pane `pane` on side `side` (0 or 1) of Compare mode; the
    /// pane already on the other side moves to this side's place (the
    /// sides swap). Nothing outside Compare mode.
    pub fn choose_compared(&mut self, side: usize, pane: usize) {
        let Some(mut pair) = self.compared_panes() else {
            return;
        };
        if side > 1 || pane >= self.panes.len() {
            return;
        }
        if pair[1 - side] == pane {
            pair[1 - side] = pair[side];
        }
        pair[side] = pane;
        self.compare_choice = Some(pair.map(|i| self.panes[i].key));
    }

    /// Shows `span` of `doc` in a pane, scrolling only if it is not fully in
    /// view, makes that pane active and returns it. The active pane is used
    /// when it shows `doc`; with `prefer_other_pane`, a pane other than the
    /// active one (one already showing `doc`, else a new one while there is
    /// room, else the next pane), so that both ends of a link can be seen
    /// side by side.
    pub fn reveal(&mut self, doc: &DocumentId, span: Span, prefer_other_pane: bool) -> usize {
        let showing: Vec<usize> = (0..self.panes.len())
            .filter(|&i| &self.panes[i].doc == doc)
            .collect();
        let preferred = if prefer_other_pane {
            showing.iter().find(|&&i| i != self.active)
        } else {
            showing
                .iter()
                .find(|&&i| i == self.active)
                .or(showing.first())
        };
        let pane = match preferred {
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
                    Some(p) => p.show(doc.clone()),
                    None => self.panes.push(Pane::new(doc.clone())),
                }
                target.min(self.panes.len() - 1)
            }
        };
        self.panes[pane].reader.reveal(span);
        self.active = pane;
        pane
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ByteOffset;

    fn doc(name: &str) -> DocumentId {
        DocumentId(name.into())
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
    fn an_information_leaves_the_status_bar_after_a_while_and_an_error_stays() {
        let mut state = UiState::default();
        assert_eq!(state.age_message(0.0), None);
        state.message = Some(StatusMessage::info("Saved"));
        assert_eq!(state.age_message(100.0), Some(INFO_SECONDS));
        assert_eq!(state.age_message(104.0), Some(INFO_SECONDS - 4.0));
        // Another message starts its own time.
        state.message = Some(StatusMessage::info("Exported"));
        assert_eq!(state.age_message(105.0), Some(INFO_SECONDS));
        assert!(state.age_message(114.9).is_some());
        assert_eq!(state.age_message(115.0), None);
        assert_eq!(state.message, None);
        // The same text said again later is shown again, for as long,
        // and so is the same text said again while it shows.
        state.message = Some(StatusMessage::info("Exported"));
        assert_eq!(state.age_message(200.0), Some(INFO_SECONDS));
        state.message = Some(StatusMessage::info("Exported"));
        assert_eq!(state.age_message(209.0), Some(INFO_SECONDS));
        state.message = Some(StatusMessage::error("Cannot save"));
        assert_eq!(state.age_message(300.0), None);
        assert_eq!(state.age_message(3000.0), None);
        assert_eq!(state.message, Some(StatusMessage::error("Cannot save")));
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
        assert_eq!(state.active, 1, "the revealing pane becomes active");
        // A pane already showing the document is used again: the other one.
        assert_eq!(state.reveal(&doc("a"), span(), true), 0);
        assert_eq!(docs(&state), ["a", "a"]);
        // Without a preference, the active pane when it shows the document.
        assert_eq!(state.reveal(&doc("a"), span(), false), 0);
        state.activate_pane(1);
        assert_eq!(state.reveal(&doc("a"), span(), false), 1);
        state.show_documents(["a", "b", "c", "d"].map(doc));
        assert_eq!(state.reveal(&doc("e"), span(), true), 1);
        assert_eq!(docs(&state), ["a", "e", "c", "d"]);
    }

    #[test]
    fn the_saved_view_restores_documents_and_arrangement() {
        use crate::io::project_file::PaneLayout;
        let mut state = UiState::default();
        state.show_documents(["a", "b", "c"].map(doc));
        // The user dragged pane c to the front.
        let keys = state.pane_keys();
        state.tiles.sync(&[keys[2], keys[0], keys[1]]);
        state.tiles.moved_by_user = true;
        state.follow_tile_order();
        assert_eq!(docs(&state), ["c", "a", "b"]);
        let view = state.view_state();
        assert_eq!(view.open, ["c", "a", "b"].map(doc));
        assert!(matches!(&view.layout, Some(PaneLayout::Row(parts)) if parts.len() == 3));

        let mut again = UiState::default();
        again.restore_view(&view, |_| true, []);
        assert_eq!(docs(&again), ["c", "a", "b"]);
        assert_eq!(again.view_state(), view);
        // A document gone from the corpus: the others, side by side.
        again.restore_view(&view, |d| d.as_str() != "a", []);
        assert_eq!(docs(&again), ["c", "b"]);
        // None left: the fallback.
        again.restore_view(&view, |_| false, [doc("z")]);
        assert_eq!(docs(&again), ["z"]);
    }

    #[test]
    fn a_side_panel_folds_and_comes_back_even_when_folded_for_room() {
        let mut state = UiState {
            sides_shown: Sides {
                library: true,
                inspector: false,
            },
            ..UiState::default()
        };
        state.toggle_side_panel(Side::Left);
        assert!(!state.prefs.library_open);
        // The inspector was folded for room: asking for it forces it back.
        state.toggle_side_panel(Side::Right);
        assert!(state.prefs.inspector_open && state.sides_forced.inspector);
        state.sides_shown.inspector = true;
        state.toggle_side_panel(Side::Right);
        assert!(!state.prefs.inspector_open && !state.sides_forced.inspector);
    }

    #[test]
    fn following_the_tile_order_keeps_the_active_pane() {
        let mut state = UiState::default();
        state.show_documents(["a", "b"].map(doc));
        state.activate_pane(1);
        let keys = state.pane_keys();
        state.tiles.sync(&[keys[1], keys[0]]);
        state.tiles.moved_by_user = true;
        state.follow_tile_order();
        assert_eq!(docs(&state), ["b", "a"]);
        assert_eq!(state.active, 0, "b is still the active pane");
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
    fn compare_follows_the_chosen_panes_by_key() {
        let mut state = UiState::default();
        state.show_documents(["a", "b", "c", "d"].map(doc));
        assert_eq!(state.compared_panes(), None, "not in Compare mode");
        state.choose_compared(1, 2);
        assert_eq!(state.compared_panes(), None);
        state.toggle_compare();
        assert_eq!(state.compared_panes(), Some([0, 1]), "the first two");
        state.choose_compared(1, 2);
        assert_eq!(state.compared_panes(), Some([0, 2]));
        // Choosing the other side's pane swaps the sides.
        state.choose_compared(0, 2);
        assert_eq!(state.compared_panes(), Some([2, 0]));
        state.choose_compared(0, 9);
        state.choose_compared(2, 3);
        assert_eq!(state.compared_panes(), Some([2, 0]), "out of range: kept");
        // Moving panes keeps the pair: c and a.
        state.move_pane(0, 1);
        assert_eq!(docs(&state), ["b", "a", "c", "d"]);
        assert_eq!(state.compared_panes(), Some([2, 1]));
        // Closing one of them: the other, with the first pane left.
        state.close_pane(2);
        assert_eq!(docs(&state), ["b", "a", "d"]);
        assert_eq!(state.compared_panes(), Some([0, 1]));
        state.choose_compared(0, 2);
        state.close_pane(1);
        assert_eq!(state.compared_panes(), Some([1, 0]), "d, then b");
        // One pane left: Compare mode ends.
        state.close_pane(0);
        assert!(!state.compare);
        assert_eq!(state.compared_panes(), None);
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
