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
use crate::model::{Annotation, AnnotationId, Change, ContentHash, DocumentId, History, Project};
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
        self.get_or_update(key, |_, _| false, compute)
    }

    /// The value for `key`: the one kept when it is for `key`; else the one
    /// kept, when `update` (given the key it is for) brings it up to date
    /// and says so; else computed.
    fn get_or_update(
        &mut self,
        key: K,
        update: impl FnOnce(&K, &mut V) -> bool,
        compute: impl FnOnce(&K) -> V,
    ) -> V {
        if let Some((at, value)) = &mut self.slot
            && (*at == key || update(at, value))
        {
            *at = key;
            return value.clone();
        }
        let value = compute(&key);
        self.slot = Some((key, value.clone()));
        value
    }
}

/// The steps that took the project from `at` to `now`, when nothing else
/// moved (the workspace, the corpus, the layers) and the history still
/// lists them one annotation at a time: what a value kept at `at` can be
/// brought up to date with instead of being derived from every annotation
/// again (at a million annotations, that was half a second an edit).
fn steps<'h>(history: &'h History, at: &Revision, now: &Revision) -> Option<Vec<&'h Change>> {
    if (Revision {
        project: now.project,
        ..*at
    }) != *now
    {
        return None;
    }
    history.listed_changes_since(at.project)
}

/// Brings `value` up to date with `changes`: `f` is given every annotation
/// the steps took away (`false`: as it was) or brought (`true`: as it is),
/// step after step.
fn adjust<V: Clone>(
    changes: &[&Change],
    value: &mut Arc<V>,
    mut f: impl FnMut(&mut V, &Annotation, bool),
) {
    // Steps that moved no annotation (a document's status) leave the value
    // as it is, not copied for a reader of the old one.
    if changes
        .iter()
        .all(|c| c.before.is_empty() && c.after.is_empty())
    {
        return;
    }
    let value = Arc::make_mut(value);
    for change in changes {
        for a in &change.before {
            f(value, a, false);
        }
        for a in &change.after {
            f(value, a, true);
        }
    }
}

/// True when the steps from `at` to `now` touched no annotation (or link)
/// of `doc`.
fn untouched(
    history: &History,
    project: &Project,
    at: &Revision,
    now: &Revision,
    doc: &DocumentId,
) -> bool {
    steps(history, at, now).is_some_and(|changes| {
        changes.iter().all(|c| {
            c.documents(project)
                .is_some_and(|docs| !docs.contains(&doc))
        })
    })
}

type CompareKey = (DocumentId, ContentHash, DocumentId, ContentHash);

/// The cached values.
#[derive(Default)]
pub(super) struct Caches {
    workspace: u64,
    /// The last revision seen, and a counter that moves whenever it changes:
    /// one number for the readers' layout caches.
    last: (Revision, u64),
    /// A counter that moves when the project changes other than by edits
    /// of annotations, links and documents' records (see
    /// `ViewCtx::listing_revision`).
    listing: u64,
    /// A counter that moves with `listing` and when a document's record
    /// changes (see `ViewCtx::records_revision`).
    records: u64,
    /// What depends on the project alone: each document's annotations (for
    /// the panes without a scan of every annotation), orphans, counts,
    /// annotators.
    facts: Memo<Revision, Facts>,
    highlights: HashMap<DocumentId, Memo<Revision, Arc<Vec<Highlight>>>>,
    /// The placed annotations of the active pane's document, by position.
    active_annotations: Memo<(Revision, DocumentId), Arc<Vec<AnnotationId>>>,
    /// The alignment of the compared panes' documents (by id and hash).
    compare: Memo<CompareKey, Arc<CompareView>>,
    /// The library's search of the corpus (its index, on a thread of its own).
    pub search: super::search::Search,
}

/// What the panels read this frame.
pub(super) struct Derived {
    pub revision: u64,
    pub listing_revision: u64,
    pub records_revision: u64,
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
            let project_only = |r: Revision| Revision { layers: 0, ..r };
            let steps = steps(history, &project_only(self.last.0), &project_only(revision));
            if steps.is_none() {
                self.listing += 1;
            }
            // A document's status orders the library when it is sorted
            // by status; nothing else a record holds moves its list.
            if !steps.is_some_and(|changes| changes.iter().all(|c| c.records.is_empty())) {
                self.records += 1;
            }
            self.last = (revision, self.last.1 + 1);
        }
        // What depends on the project alone: not the corpus (the whole of
        // it arriving after the project is shown, or a file read again,
        // changes no count), not the layers shown.
        let project_only = Revision {
            corpus: 0,
            layers: 0,
            ..revision
        };
        let facts = self.facts.get_or_update(
            project_only,
            |at, facts| facts.update(steps(history, at, &project_only), &ws.project),
            |_| Facts::of(&ws.project),
        );
        let by_document = &facts.by_document;
        let highlights = ui
            .panes
            .iter()
            .map(|p| {
                let memo = self.highlights.entry(p.doc.clone()).or_default();
                memo.get_or_update(
                    revision,
                    |at, _| untouched(history, &ws.project, at, &revision, &p.doc),
                    |_| {
                        let text = ws.corpus.get(&p.doc).map(|d| d.text());
                        Arc::new(crate::ui::highlights_of(
                            &ws.project,
                            annotations_in(&ws.project, by_document, &p.doc),
                            text.as_deref().unwrap_or(""),
                            &ui.layers,
                        ))
                    },
                )
            })
            .collect();
        // Only the documents on screen keep their highlights.
        self.highlights
            .retain(|doc, _| ui.panes.iter().any(|p| &p.doc == doc));
        let active_annotations = match ui.active_pane() {
            Some(pane) => self.active_annotations.get_or_update(
                (revision, pane.doc.clone()),
                |(at, was), _| {
                    *was == pane.doc && untouched(history, &ws.project, at, &revision, was)
                },
                |(_, doc)| {
                    let list = annotations_in(&ws.project, by_document, doc);
                    Arc::new(placed_annotations(list, &ui.layers.hidden))
                },
            ),
            None => Arc::default(),
        };
        Derived {
            revision: self.last.1,
            listing_revision: self.listing,
            records_revision: self.records,
            highlights,
            orphans: Arc::clone(&facts.orphans),
            active_annotations,
            library_counts: Arc::clone(&facts.library_counts),
            annotators: Arc::clone(&facts.annotators),
            compare: self.compare(ws, ui),
            search: self.search.view(
                &ui.library,
                &ws.project,
                &|doc| annotations_in(&ws.project, by_document, doc),
                history,
            ),
        }
    }

    /// True when this frame made a slice of every document's tags for the
    /// library's query (or started them), and more remain.
    pub(super) fn making_search_tags(&self) -> bool {
        self.search.making_tags()
    }

    /// When the window should draw again for the library's search.
    pub(super) fn search_next_frame(&self) -> Option<std::time::Duration> {
        self.search.next_frame()
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

/// The values that depend on the project alone, made together and brought
/// up to date together.
#[derive(Clone)]
pub(super) struct Facts {
    pub by_document: Arc<ByDocument>,
    /// Orphaned annotations, by document and position.
    orphans: Arc<Vec<AnnotationId>>,
    library_counts: Arc<LibraryCounts>,
    /// Every annotator and their number of annotations.
    annotators: Arc<Vec<(String, usize)>>,
}

impl Facts {
    /// One pass over the annotations (at a million, each pass is mostly the
    /// walk through memory): the index, [`orphan_annotations`],
    /// [`LibraryCounts::of`] and [`annotators`], made as they make them
    /// (runs of one document, or one name, looked up once).
    pub(super) fn of(project: &Project) -> Self {
        let mut index = ByDocument::new();
        let mut counts = LibraryCounts::default();
        let mut names: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut orphans: Vec<&Annotation> = Vec::new();
        let mut doc_run: Option<(&DocumentId, Vec<AnnotationId>)> = None;
        let mut count_run: Option<(&DocumentId, bool, usize)> = None;
        let mut name_run: Option<(&str, usize)> = None;
        let mut flush_ids = |(doc, ids): (&DocumentId, Vec<AnnotationId>)| match index.get_mut(doc)
        {
            Some(all) => all.extend(ids),
            None => {
                index.insert(doc.clone(), ids);
            }
        };
        for a in project.annotations.values() {
            match &mut doc_run {
                Some((doc, ids)) if *doc == &a.document => ids.push(a.id),
                _ => {
                    if let Some(done) = doc_run.replace((&a.document, vec![a.id])) {
                        flush_ids(done);
                    }
                }
            }
            let suggested = a.status.is_suggested();
            match &mut count_run {
                Some((doc, kind, n)) if *doc == &a.document && *kind == suggested => *n += 1,
                _ => {
                    if let Some(done) = count_run.replace((&a.document, suggested, 1)) {
                        counts.add(done);
                    }
                }
            }
            match &mut name_run {
                Some((name, n)) if **name == *a.annotator => *n += 1,
                _ => {
                    if let Some((name, n)) = name_run.replace((&a.annotator, 1)) {
                        *names.entry(name).or_default() += n;
                    }
                }
            }
            if a.orphaned {
                orphans.push(a);
            }
        }
        if let Some(done) = doc_run {
            flush_ids(done);
        }
        if let Some(done) = count_run {
            counts.add(done);
        }
        if let Some((name, n)) = name_run {
            *names.entry(name).or_default() += n;
        }
        orphans.sort_by(|a, b| (&a.document, a.span.start).cmp(&(&b.document, b.span.start)));
        Self {
            by_document: Arc::new(index),
            orphans: Arc::new(orphans.iter().map(|a| a.id).collect()),
            library_counts: Arc::new(counts),
            annotators: Arc::new(names.into_iter().map(|(n, c)| (n.to_owned(), c)).collect()),
        }
    }

    /// Brings the values up to date with `changes` (of `project`, as it is
    /// now); false when there are none to go by (they are made again).
    fn update(&mut self, changes: Option<Vec<&Change>>, project: &Project) -> bool {
        let Some(changes) = changes else {
            return false;
        };
        adjust(&changes, &mut self.by_document, |index, a, came| {
            if came {
                index.entry(a.document.clone()).or_default().push(a.id);
            } else if let Some(ids) = index.get_mut(&a.document) {
                ids.retain(|id| *id != a.id);
            }
        });
        adjust(&changes, &mut self.library_counts, |counts, a, came| {
            counts.adjust(&a.document, a.status.is_suggested(), came);
        });
        adjust(&changes, &mut self.annotators, |names, a, came| {
            count_annotator(names, &a.annotator, came);
        });
        // Unchanged while no orphan came or went.
        let orphans_moved = (changes.iter())
            .flat_map(|c| c.before.iter().chain(&c.after))
            .any(|a| a.orphaned);
        if orphans_moved {
            self.orphans = Arc::new(orphan_annotations(project));
        }
        true
    }
}

/// The orphaned annotations, sorted by document and position.
fn orphan_annotations(project: &Project) -> Vec<AnnotationId> {
    let mut orphans: Vec<&Annotation> = project
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
    // Counted by runs of one name, looked up once each.
    let mut run: Option<(&str, usize)> = None;
    for a in project.annotations.values() {
        match &mut run {
            Some((name, n)) if **name == *a.annotator => *n += 1,
            _ => {
                if let Some((name, n)) = run.replace((&a.annotator, 1)) {
                    *counts.entry(name).or_default() += n;
                }
            }
        }
    }
    if let Some((name, n)) = run {
        *counts.entry(name).or_default() += n;
    }
    counts.into_iter().map(|(n, c)| (n.to_owned(), c)).collect()
}

/// One annotation more (`add`) or less by `name` in `names` (sorted by
/// name, counts above zero), as [`annotators`] would count them.
fn count_annotator(names: &mut Vec<(String, usize)>, name: &str, add: bool) {
    match names.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
        Ok(i) if add => names[i].1 += 1,
        Ok(i) => {
            names[i].1 -= 1;
            if names[i].1 == 0 {
                names.remove(i);
            }
        }
        Err(i) if add => names.insert(i, (name.to_owned(), 1)),
        // Not counted: the kept list was not of this project after all.
        Err(_) => {}
    }
}

fn placed_annotations(
    list: Vec<&Annotation>,
    hidden: &std::collections::BTreeSet<String>,
) -> Vec<AnnotationId> {
    list.into_iter()
        .filter(|a| !a.orphaned && !hidden.contains(&*a.annotator))
        .map(|a| a.id)
        .collect()
}

/// The ids of each document's annotations, in no order.
pub(super) type ByDocument = HashMap<DocumentId, Vec<AnnotationId>>;

/// The annotations of `doc` as [`Project::annotations_of`] lists them (by
/// position, then id), found through `index` instead of a scan.
pub(super) fn annotations_in<'p>(
    project: &'p Project,
    index: &ByDocument,
    doc: &DocumentId,
) -> Vec<&'p Annotation> {
    let ids = index.get(doc).map_or(&[][..], Vec::as_slice);
    let mut list: Vec<&Annotation> = ids
        .iter()
        .filter_map(|id| project.annotations.get(id))
        .collect();
    list.sort_by_key(|a| (a.span.start, a.span.end, a.id));
    list
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

    /// The test workspace shown in two panes, a fresh history and caches.
    fn setup() -> (Workspace, History, UiState, Caches) {
        let ws = workspace();
        let mut ui = UiState::default();
        ui.show_documents(ws.project.documents.keys().cloned());
        (ws, History::default(), ui, Caches::default())
    }

    #[test]
    fn values_follow_the_project_and_the_corpus_revisions() {
        let (mut ws, mut history, ui, mut caches) = setup();
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
        // What depends on the project alone is kept (at a million
        // annotations, the whole corpus arriving once froze the window).
        assert!(Arc::ptr_eq(&edited.library_counts, &reread.library_counts));
        assert!(Arc::ptr_eq(&edited.annotators, &reread.annotators));
        assert!(Arc::ptr_eq(&edited.orphans, &reread.orphans));
        // A new workspace: nothing computed before is reused.
        caches.new_workspace();
        let fresh = caches.derive(&ws, &history, &ui);
        assert!(!Arc::ptr_eq(&reread.library_counts, &fresh.library_counts));
    }

    /// What the panels read, comparable.
    fn values(d: &Derived) -> impl PartialEq + std::fmt::Debug {
        (
            d.highlights
                .iter()
                .map(|h| (**h).clone())
                .collect::<Vec<_>>(),
            (*d.orphans).clone(),
            (*d.active_annotations).clone(),
            (*d.library_counts).clone(),
            (*d.annotators).clone(),
        )
    }

    proptest::proptest! {
        /// Values brought up to date from the history's changes are the
        /// values derived from the whole project again, after any edits,
        /// undos and redos (and with the active pane moving).
        #[test]
        fn values_brought_up_to_date_are_the_values_derived_again(
            steps in proptest::collection::vec(
                (crate::model::testing::op(), 0..4u8),
                1..40,
            )
        ) {
            let mut ws = workspace();
            let mut history = History::default();
            let mut ui = UiState::default();
            ui.show_documents(ws.project.documents.keys().cloned());
            let mut caches = Caches::default();
            let _ = caches.derive(&ws, &history, &ui);
            for (i, (op, then)) in steps.iter().enumerate() {
                match then {
                    0 => {
                        let _ = history.undo(&mut ws.project);
                    }
                    1 => {
                        let _ = history.redo(&mut ws.project);
                    }
                    _ => {
                        if let Some(edit) = crate::model::testing::edit_for(&ws.project, op) {
                            let _ = history.apply(&mut ws.project, edit);
                        }
                    }
                }
                ui.active = i % 2;
                let kept = caches.derive(&ws, &history, &ui);
                let fresh = Caches::default().derive(&ws, &history, &ui);
                proptest::prop_assert_eq!(values(&kept), values(&fresh), "step {}: {:?}", i, op);
                let index = Arc::clone(&caches.facts.slot.as_ref().unwrap().1.by_document);
                for doc in ws.project.documents.keys() {
                    let found: Vec<AnnotationId> =
                        annotations_in(&ws.project, &index, doc).iter().map(|a| a.id).collect();
                    let scanned: Vec<AnnotationId> =
                        ws.project.annotations_of(doc).iter().map(|a| a.id).collect();
                    proptest::prop_assert_eq!(found, scanned);
                }
            }
        }
    }

    proptest::proptest! {
        /// The one pass makes what the four passes make.
        #[test]
        fn the_one_pass_makes_the_four_values(
            steps in proptest::collection::vec(crate::model::testing::op(), 1..40)
        ) {
            let mut project = base_project();
            for op in &steps {
                if let Some(edit) = crate::model::testing::edit_for(&project, op) {
                    let _ = crate::model::apply(&mut project, edit);
                }
                let facts = Facts::of(&project);
                let mut index = (*facts.by_document).clone();
                let mut alone = ByDocument::new();
                for a in project.annotations.values() {
                    alone.entry(a.document.clone()).or_default().push(a.id);
                }
                for ids in index.values_mut() {
                    ids.sort();
                }
                proptest::prop_assert_eq!(index, alone);
                proptest::prop_assert_eq!(&*facts.orphans, &orphan_annotations(&project));
                proptest::prop_assert_eq!(&*facts.library_counts, &LibraryCounts::of(&project));
                proptest::prop_assert_eq!(&*facts.annotators, &annotators(&project));
            }
        }
    }

    #[test]
    fn an_edit_keeps_the_highlights_of_the_other_documents() {
        let (mut ws, mut history, ui, mut caches) = setup();
        let before = caches.derive(&ws, &history, &ui);
        let claim = LabelId::from("claim");
        let a = annotation(&ws.project, 1, 0, 0, 6, &claim);
        history
            .apply(&mut ws.project, Edit::AddAnnotation(Box::new(a)))
            .unwrap();
        let after = caches.derive(&ws, &history, &ui);
        assert!(!Arc::ptr_eq(&before.highlights[0], &after.highlights[0]));
        assert!(
            Arc::ptr_eq(&before.highlights[1], &after.highlights[1]),
            "not rebuilt"
        );
        assert!(
            Arc::ptr_eq(&before.orphans, &after.orphans),
            "no orphan came"
        );
        assert_eq!(after.highlights[0].len(), 1);
        // The library's list stays; a document's fields move it when it
        // is sorted by status.
        assert_eq!(before.listing_revision, after.listing_revision);
        assert_eq!(before.records_revision, after.records_revision);
        assert_ne!(before.revision, after.revision);
        let doc = ws.project.documents.keys().next().unwrap().clone();
        let mut fields = ws.project.documents[&doc].fields.clone();
        fields.note = "read".into();
        history
            .apply(
                &mut ws.project,
                Edit::SetDocFields {
                    document: doc,
                    fields,
                },
            )
            .unwrap();
        let marked = caches.derive(&ws, &history, &ui);
        assert_ne!(marked.records_revision, after.records_revision);
        assert_eq!(marked.listing_revision, after.listing_revision);
        // What the annotations make is kept: at a million annotations,
        // making it again held the window half a second.
        assert!(Arc::ptr_eq(&after.library_counts, &marked.library_counts));
        assert!(Arc::ptr_eq(&after.annotators, &marked.annotators));
        assert!(Arc::ptr_eq(&after.highlights[0], &marked.highlights[0]));
        assert!(Arc::ptr_eq(&after.highlights[1], &marked.highlights[1]));
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
