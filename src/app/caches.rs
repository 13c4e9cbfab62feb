//! Everything the window derives from the project and the corpus, in one
//! place, each value keyed by the revision it was computed at: highlights
//! per document, the orphan count, the library's counts and text search,
//! and Compare mode's alignment. Nothing is cleared by hand: a value is
//! recomputed when its key no longer matches, and nothing that depends only
//! on the project is recomputed per frame.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::io::workspace::Workspace;
use crate::model::{ContentHash, DocumentId, History};
use crate::ui::compare::CompareView;
use crate::ui::library::{self, LibraryCounts};
use crate::ui::reader::Highlight;
use crate::ui::state::UiState;

/// The state a cached value was computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Revision {
    /// Counts workspaces installed (a new project restarts its history).
    pub workspace: u64,
    /// The history's revision: every edit, undo and redo.
    pub project: u64,
    /// The corpus's revision: every document read again from disk.
    pub corpus: u64,
}

type CompareKey = (DocumentId, ContentHash, DocumentId, ContentHash);

/// Text search hits, keyed by the needle and the corpus they were found in.
type TextHits = ((String, Revision), Arc<BTreeSet<DocumentId>>);

/// The cached values.
#[derive(Default)]
pub(super) struct Caches {
    workspace: u64,
    /// The last revision seen, and a counter that moves whenever it changes:
    /// one number for the readers' layout caches.
    last: (Revision, u64),
    highlights: HashMap<DocumentId, (Revision, Arc<Vec<Highlight>>)>,
    orphans: Option<(Revision, usize)>,
    library_counts: Option<(Revision, Arc<LibraryCounts>)>,
    /// Documents whose text contains a needle, per (needle, corpus revision).
    text_hits: Option<TextHits>,
    /// The alignment of the first two panes' documents (by id and hash).
    compare: Option<(CompareKey, Arc<CompareView>)>,
}

/// What the panels read this frame.
pub(super) struct Derived {
    pub revision: u64,
    pub highlights: Vec<Arc<Vec<Highlight>>>,
    pub orphans: usize,
    pub library_counts: Arc<LibraryCounts>,
    pub text_hits: Option<Arc<BTreeSet<DocumentId>>>,
    pub compare: Option<Arc<CompareView>>,
}

impl Caches {
    /// A new workspace was installed: every value computed before is stale.
    pub fn new_workspace(&mut self) {
        self.workspace += 1;
    }

    fn revision(&self, ws: &Workspace, history: &History) -> Revision {
        Revision {
            workspace: self.workspace,
            project: history.revision(),
            corpus: ws.corpus.revision,
        }
    }

    /// The values the panels need now, computed only where stale.
    pub fn derive(&mut self, ws: &Workspace, history: &History, ui: &UiState) -> Derived {
        let revision = self.revision(ws, history);
        if self.last.0 != revision {
            self.last = (revision, self.last.1 + 1);
        }
        let highlights = ui
            .panes
            .iter()
            .map(|p| self.highlights(ws, revision, &p.doc))
            .collect();
        // Only the documents on screen keep their highlights.
        self.highlights
            .retain(|doc, _| ui.panes.iter().any(|p| &p.doc == doc));
        Derived {
            revision: self.last.1,
            highlights,
            orphans: self.orphans(ws, revision),
            library_counts: self.library_counts(ws, revision),
            text_hits: ui
                .library
                .text_search()
                .map(|needle| self.text_hits(ws, revision, needle)),
            compare: self.compare(ws, ui),
        }
    }

    fn highlights(
        &mut self,
        ws: &Workspace,
        revision: Revision,
        doc: &DocumentId,
    ) -> Arc<Vec<Highlight>> {
        if let Some((at, list)) = self.highlights.get(doc)
            && *at == revision
        {
            return list.clone();
        }
        let text = ws.corpus.get(doc).map_or("", |d| &d.text);
        let list = Arc::new(crate::ui::build_highlights(&ws.project, doc, text));
        self.highlights
            .insert(doc.clone(), (revision, list.clone()));
        list
    }

    /// How many annotations are orphaned; counted again only after a change.
    fn orphans(&mut self, ws: &Workspace, revision: Revision) -> usize {
        match self.orphans {
            Some((at, count)) if at == revision => count,
            _ => {
                let annotations = ws.project.annotations.values();
                let count = annotations.filter(|a| a.orphaned).count();
                self.orphans = Some((revision, count));
                count
            }
        }
    }

    fn library_counts(&mut self, ws: &Workspace, revision: Revision) -> Arc<LibraryCounts> {
        if let Some((at, counts)) = &self.library_counts
            && *at == revision
        {
            return counts.clone();
        }
        let counts = Arc::new(LibraryCounts::of(&ws.project));
        self.library_counts = Some((revision, counts.clone()));
        counts
    }

    fn text_hits(
        &mut self,
        ws: &Workspace,
        revision: Revision,
        needle: String,
    ) -> Arc<BTreeSet<DocumentId>> {
        // Text search depends on the corpus only, not on edits of the project.
        let key = (
            needle,
            Revision {
                project: 0,
                ..revision
            },
        );
        if let Some((at, hits)) = &self.text_hits
            && *at == key
        {
            return hits.clone();
        }
        let hits = Arc::new(library::text_matches(&ws.corpus, &key.0));
        self.text_hits = Some((key, hits.clone()));
        hits
    }

    /// The alignment of the first two panes in Compare mode, once per pair of texts.
    fn compare(&mut self, ws: &Workspace, ui: &UiState) -> Option<Arc<CompareView>> {
        if !ui.compare || ui.panes.len() < 2 {
            return None;
        }
        let a = ws.corpus.get(&ui.panes[0].doc)?;
        let b = ws.corpus.get(&ui.panes[1].doc)?;
        let key = (a.id.clone(), a.hash.clone(), b.id.clone(), b.hash.clone());
        if let Some((k, view)) = &self.compare
            && *k == key
        {
            return Some(view.clone());
        }
        let view = Arc::new(CompareView::of(&a.text, &b.text));
        self.compare = Some((key, view.clone()));
        Some(view)
    }
}
