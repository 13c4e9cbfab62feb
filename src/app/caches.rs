//! Everything the window derives from the project and the corpus, in one
//! place, each value keyed by what it was computed from: highlights per
//! document, the orphans, the active document's annotation list, the
//! library's counts, and Compare mode's alignment (the library's text
//! search runs on a thread of its own: `search.rs`). Nothing
//! is cleared by hand: a value is recomputed when its key no longer
//! matches, and nothing that depends only on the project is recomputed per
//! frame.

use std::collections::HashMap;
use std::sync::Arc;

use crate::io::workspace::Workspace;
use crate::model::{Annotation, AnnotationId, ContentHash, DocumentId, History};
use crate::ui::compare::CompareView;
use crate::ui::library::LibraryCounts;
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
    /// Annotator layers shown or hidden.
    pub layers: u64,
}

/// One cached value and the key it was computed for.
struct Memo<K, V> {
    slot: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self { slot: None }
    }
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    /// The value for `key`, computed only when the key changed.
    fn get(&mut self, key: K, compute: impl FnOnce(&K) -> V) -> V {
        match &self.slot {
            Some((at, value)) if *at == key => value.clone(),
            _ => {
                let value = compute(&key);
                self.slot = Some((key, value.clone()));
                value
            }
        }
    }
}

type CompareKey = (DocumentId, ContentHash, DocumentId, ContentHash);

/// The cached values.
#[derive(Default)]
pub(super) struct Caches {
    workspace: u64,
    /// The last revision seen, and a counter that moves whenever it changes:
    /// one number for the readers' layout caches.
    last: (Revision, u64),
    highlights: HashMap<DocumentId, Memo<Revision, Arc<Vec<Highlight>>>>,
    /// Orphaned annotations, by document and position.
    orphans: Memo<Revision, Arc<Vec<AnnotationId>>>,
    /// The placed annotations of the active pane's document, by position.
    active_annotations: Memo<(Revision, DocumentId), Arc<Vec<AnnotationId>>>,
    library_counts: Memo<Revision, Arc<LibraryCounts>>,
    /// Every annotator and their number of annotations.
    annotators: Memo<Revision, Arc<Vec<(String, usize)>>>,
    /// The alignment of the compared panes' documents (by id and hash).
    compare: Memo<CompareKey, Arc<CompareView>>,
    /// The library's search of the corpus (its index, on a thread of its own).
    pub search: super::search::Search,
}

/// What the panels read this frame.
pub(super) struct Derived {
    pub revision: u64,
    pub highlights: Vec<Arc<Vec<Highlight>>>,
    pub orphans: Arc<Vec<AnnotationId>>,
    pub active_annotations: Arc<Vec<AnnotationId>>,
    pub library_counts: Arc<LibraryCounts>,
    pub annotators: Arc<Vec<(String, usize)>>,
    pub compare: Option<Arc<CompareView>>,
    /// The corpus search's answer to the library's query.
    pub search: Option<Arc<crate::ui::library::SearchView>>,
}

impl Caches {
    /// A new workspace was installed: every value computed before is stale.
    pub fn new_workspace(&mut self) {
        self.workspace += 1;
    }

    /// The values the panels need now, computed only where stale.
    pub fn derive(&mut self, ws: &Workspace, history: &History, ui: &UiState) -> Derived {
        let revision = Revision {
            workspace: self.workspace,
            project: history.revision(),
            corpus: ws.corpus.revision,
            layers: ui.layers.version,
        };
        if self.last.0 != revision {
            self.last = (revision, self.last.1 + 1);
        }
        let highlights = ui
            .panes
            .iter()
            .map(|p| {
                let memo = self.highlights.entry(p.doc.clone()).or_default();
                memo.get(revision, |_| {
                    let text = ws.corpus.get(&p.doc).map_or("", |d| &d.text);
                    Arc::new(crate::ui::build_highlights(
                        &ws.project,
                        &p.doc,
                        text,
                        &ui.layers,
                    ))
                })
            })
            .collect();
        // Only the documents on screen keep their highlights.
        self.highlights
            .retain(|doc, _| ui.panes.iter().any(|p| &p.doc == doc));
        let active_annotations = match ui.active_pane() {
            Some(pane) => self
                .active_annotations
                .get((revision, pane.doc.clone()), |(_, doc)| {
                    Arc::new(placed_annotations(ws, doc, &ui.layers.hidden))
                }),
            None => Arc::default(),
        };
        // Layers shown change no count.
        let project_only = Revision {
            layers: 0,
            ..revision
        };
        Derived {
            revision: self.last.1,
            highlights,
            orphans: self
                .orphans
                .get(project_only, |_| Arc::new(orphan_annotations(ws))),
            active_annotations,
            library_counts: self
                .library_counts
                .get(project_only, |_| Arc::new(LibraryCounts::of(&ws.project))),
            annotators: self
                .annotators
                .get(project_only, |_| Arc::new(annotators(&ws.project))),
            compare: self.compare(ws, ui),
            search: self
                .search
                .view(&ui.library, &ws.project, history.revision()),
        }
    }

    /// The alignment and word differences of the compared panes in Compare
    /// mode, once per pair of texts.
    fn compare(&mut self, ws: &Workspace, ui: &UiState) -> Option<Arc<CompareView>> {
        let [i, j] = ui.compared_panes()?;
        let a = ws.corpus.get(&ui.panes[i].doc)?;
        let b = ws.corpus.get(&ui.panes[j].doc)?;
        let key = (a.id.clone(), a.hash.clone(), b.id.clone(), b.hash.clone());
        Some(self.compare.get(key, |_| Arc::new(CompareView::of(a, b))))
    }
}

/// The orphaned annotations, sorted by document and position.
fn orphan_annotations(ws: &Workspace) -> Vec<AnnotationId> {
    let mut orphans: Vec<&Annotation> = ws
        .project
        .annotations
        .values()
        .filter(|a| a.orphaned)
        .collect();
    orphans.sort_by(|a, b| (&a.document, a.span.start).cmp(&(&b.document, b.span.start)));
    orphans.iter().map(|a| a.id).collect()
}

/// The placed (not orphaned) annotations of `doc`, by position.
/// Every annotator of `project` (by name) and their number of annotations.
pub(super) fn annotators(project: &crate::model::Project) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in project.annotations.values() {
        *counts.entry(&a.annotator).or_default() += 1;
    }
    counts.into_iter().map(|(n, c)| (n.to_owned(), c)).collect()
}

fn placed_annotations(
    ws: &Workspace,
    doc: &DocumentId,
    hidden: &std::collections::BTreeSet<String>,
) -> Vec<AnnotationId> {
    let list = ws.project.annotations_of(doc);
    list.into_iter()
        .filter(|a| !a.orphaned && !hidden.contains(&a.annotator))
        .map(|a| a.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::corpus::Corpus;
    use crate::model::testing::{TEXTS, annotation, base_project};
    use crate::model::{Document, Edit, LabelId, SourceFormat};

    fn workspace() -> Workspace {
        let mut corpus = Corpus::default();
        for (id, text) in TEXTS {
            let doc = Document::new(id.into(), id.into(), text, SourceFormat::Text, "UTF-8");
            corpus.documents.insert(doc.id.clone(), doc);
        }
        Workspace {
            path: None,
            project: base_project(),
            corpus,
            view: Default::default(),
        }
    }

    #[test]
    fn values_follow_the_project_and_the_corpus_revisions() {
        let mut ws = workspace();
        let mut history = History::default();
        let mut ui = UiState::default();
        ui.show_documents(ws.project.documents.keys().cloned());
        let mut caches = Caches::default();
        let first = caches.derive(&ws, &history, &ui);
        assert!(first.orphans.is_empty() && first.active_annotations.is_empty());
        // Nothing changed: the same values, not recomputed.
        let again = caches.derive(&ws, &history, &ui);
        assert!(Arc::ptr_eq(&first.highlights[0], &again.highlights[0]));
        assert!(Arc::ptr_eq(&first.library_counts, &again.library_counts));
        assert_eq!(first.revision, again.revision);
        // An edit: counts, lists and highlights follow.
        let claim = LabelId::from("claim");
        let mut placed = annotation(&ws.project, 1, 0, 0, 6, &claim);
        let mut orphan = annotation(&ws.project, 2, 0, 10, 6, &claim);
        orphan.orphaned = true;
        placed.note = "kept".into();
        let add = |a: Annotation| Edit::AddAnnotation(Box::new(a));
        history
            .apply(&mut ws.project, Edit::Batch(vec![add(placed), add(orphan)]))
            .unwrap();
        let edited = caches.derive(&ws, &history, &ui);
        assert_eq!(*edited.orphans, [AnnotationId(2)]);
        assert_eq!(*edited.active_annotations, [AnnotationId(1)]);
        assert_eq!(edited.highlights[0].len(), 1);
        let doc = ws.project.documents.keys().next().unwrap().clone();
        assert_eq!(edited.library_counts.of_document(&doc), 2);
        assert_ne!(edited.revision, again.revision);
        // A document read again from disk: the corpus revision moves, and
        // the highlights are rebuilt without any clearing by hand.
        let same = ws.corpus.get(&doc).unwrap().clone();
        ws.corpus.insert(same);
        let reread = caches.derive(&ws, &history, &ui);
        assert!(!Arc::ptr_eq(&edited.highlights[0], &reread.highlights[0]));
        assert_ne!(reread.revision, edited.revision);
        // A new workspace: nothing computed before is reused.
        caches.new_workspace();
        let fresh = caches.derive(&ws, &history, &ui);
        assert!(!Arc::ptr_eq(&reread.library_counts, &fresh.library_counts));
    }

    #[test]
    fn a_memo_computes_once_per_key() {
        let mut memo: Memo<u64, u64> = Memo::default();
        let calls = std::cell::Cell::new(0);
        let mut get = |key| {
            memo.get(key, |k| {
                calls.set(calls.get() + 1);
                k * 10
            })
        };
        assert_eq!(get(1), 10);
        assert_eq!(get(1), 10);
        assert_eq!(get(2), 20);
        assert_eq!(get(1), 10);
        assert_eq!(calls.get(), 3);
    }
}
