//! Articles that change on disk: re-anchoring their annotations (at opening
//! and while the app runs, through the corpus watcher), and placing orphans.

use std::collections::BTreeSet;
use std::path::PathBuf;

use eframe::egui;

use super::DiptychApp;
use crate::analysis::reanchor::{Anchoring, reanchor_document};
use crate::io::corpus::ImportOptions;
use crate::io::watch::{CorpusChange, CorpusWatcher};
use crate::model::{
    AnnotationId, DocRecord, Document, DocumentId, Edit, Quote, text::snap_selection,
};
use crate::ui::command::StatusMessage;
use crate::ui::counted;

/// The corpus watcher of the open project, or why there is none.
pub struct Watch {
    root: PathBuf,
    watcher: Option<CorpusWatcher>,
}

/// What re-anchoring did, for the status bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReanchorCounts {
    pub documents: usize,
    pub kept: usize,
    pub moved: usize,
    pub orphaned: usize,
}

impl ReanchorCounts {
    fn message(&self) -> String {
        let docs = match self.documents {
            1 => "1 document".to_owned(),
            n => format!("{n} documents"),
        };
        let mut text = format!(
            "{docs} changed on disk; annotations re-anchored: {} kept, {} moved, {} orphaned",
            self.kept, self.moved, self.orphaned
        );
        if self.orphaned > 0 {
            text.push_str(" (View › Orphaned annotations)");
        }
        text
    }
}

impl DiptychApp {
    /// Takes one change on disk into the project as one undoable step:
    /// `listed` (documents that appeared, as `Edit::AddDocument`) and the
    /// re-anchoring of the annotations of `docs` (whose text differs from
    /// the stored hash) in their current text. Says in the status bar what
    /// re-anchoring did.
    pub(super) fn take_disk_changes(&mut self, listed: Vec<Edit>, docs: &[DocumentId]) {
        let mut counts = ReanchorCounts::default();
        let mut edits = listed;
        for id in docs {
            let Some(doc) = self.ws.corpus.get(id) else {
                continue;
            };
            let (reports, edit) = reanchor_document(&self.ws.project, id, &doc.text());
            counts.documents += 1;
            for report in &reports {
                match report.anchoring {
                    Anchoring::Kept => counts.kept += 1,
                    Anchoring::Moved { .. } => counts.moved += 1,
                    Anchoring::Orphaned { .. } => counts.orphaned += 1,
                }
            }
            edits.push(edit);
        }
        if edits.is_empty() || !self.edit(Edit::Batch(edits)) || counts.documents == 0 {
            return;
        }
        tracing::info!(
            documents = counts.documents,
            kept = counts.kept,
            moved = counts.moved,
            orphaned = counts.orphaned,
            "annotations re-anchored in changed documents"
        );
        if self
            .ui
            .selected
            .and_then(|id| self.ws.project.annotations.get(&id))
            .is_some_and(|a| a.orphaned)
        {
            self.ui.selected = None;
        }
        self.say(StatusMessage::info_or_error(
            counts.message(),
            counts.orphaned > 0,
        ));
    }

    /// Starts watching the corpus folder of the open project (once per
    /// folder) and applies what the watcher read since the last frame.
    pub(super) fn watch_corpus(&mut self, ctx: &egui::Context) {
        let root = &self.ws.corpus.root;
        if self.is_loading() || self.ws.project.documents.is_empty() {
            return;
        }
        if self.watch.as_ref().is_none_or(|w| &w.root != root) {
            let wake = ctx.clone();
            let watcher = CorpusWatcher::start(root, ImportOptions::window(), move || {
                wake.request_repaint()
            });
            let failed = watcher.as_ref().err().map(|err| {
                format!(
                    "Not watching {} for changes: {err}; reopen the project to see them",
                    root.display()
                )
            });
            self.watch = Some(Watch {
                root: root.clone(),
                watcher: watcher.ok(),
            });
            if let Some(text) = failed {
                self.say(StatusMessage::error(text));
            }
        }
        let changes = self
            .watch
            .as_ref()
            .and_then(|w| w.watcher.as_ref())
            .map(CorpusWatcher::take)
            .unwrap_or_default();
        if !changes.is_empty() {
            self.apply_corpus_changes(changes);
        }
    }

    /// Takes documents read again from disk into the corpus (which bumps
    /// its revision). New documents are listed in the project and the
    /// annotations of changed ones re-anchored, each as an undoable edit
    /// that marks the project unsaved; a document that is gone keeps its
    /// record and its annotations.
    pub fn apply_corpus_changes(&mut self, changes: Vec<CorpusChange>) {
        let mut changed = BTreeSet::new();
        let mut new_records = Vec::new();
        let mut removed = 0;
        let mut gone = Vec::new();
        // The files whose documents changed: the search index takes each
        // whole (every record of a file of records).
        let mut reread_files: BTreeSet<String> = BTreeSet::new();
        for change in changes {
            match change {
                CorpusChange::Changed(doc) => {
                    if self
                        .ws
                        .corpus
                        .get(&doc.id)
                        .is_some_and(|d| d.hash == doc.hash)
                    {
                        continue;
                    }
                    match self.ws.project.documents.get(&doc.id) {
                        // Like a new file found at opening: listed, nothing to re-anchor.
                        None => new_records.push(Edit::AddDocument(Box::new(DocRecord::of(&doc)))),
                        Some(record) if record.hash != doc.hash => {
                            changed.insert(doc.id.clone());
                        }
                        Some(_) => {}
                    }
                    reread_files.insert(doc.id.file_path().to_owned());
                    self.ws.corpus.insert(doc);
                }
                CorpusChange::Records { file, ids } => {
                    let went = self.ws.corpus.keep_records(&file, &ids);
                    if went > 0 {
                        removed += went;
                        reread_files.insert(file.as_str().to_owned());
                    }
                }
                CorpusChange::Removed(id) => {
                    removed += self.ws.corpus.remove(&id);
                    gone.push(id);
                }
                CorpusChange::Listed(files) => {
                    let before = self.ws.corpus.documents.len();
                    gone.extend(self.ws.corpus.keep_files(&files));
                    removed += before - self.ws.corpus.documents.len();
                }
            }
        }
        let reread: Vec<Document> = (reread_files.iter())
            .flat_map(|file| self.ws.corpus.documents_of_file(file).cloned())
            .collect();
        tracing::info!(
            reread = reread.len(),
            changed = changed.len(),
            new = new_records.len(),
            gone = gone.len(),
            "the corpus watcher saw files change"
        );
        // The search index follows, on its own thread.
        self.caches.search.update(reread, gone);
        let added = new_records.len();
        let changed: Vec<DocumentId> = changed.into_iter().collect();
        self.take_disk_changes(new_records, &changed);
        if changed.is_empty() && added + removed > 0 {
            let text = format!(
                "Corpus folder changed: {} added, {removed} gone \
                 (their annotations are kept)",
                counted(added, "document")
            );
            self.say(StatusMessage::info_or_error(text, removed > 0));
        }
    }

    /// Gives orphan `id` the active pane's selection as its span.
    pub(super) fn place_orphan(&mut self, id: AnnotationId) {
        let Some(a) = self.ws.project.annotations.get(&id) else {
            return;
        };
        let pane = self.ui.active_pane();
        let selection = pane
            .filter(|p| p.doc == a.document)
            .and_then(|p| p.reader.selection());
        let (Some((start, end)), Some(doc)) = (selection, self.ws.corpus.get(&a.document)) else {
            let text = format!(
                "Select the new text of the {} in a pane showing {}, then press Place",
                crate::ui::orphans::describe(&self.ws.project, a),
                a.document
            );
            self.say(StatusMessage::info(text));
            return;
        };
        let Some(span) = snap_selection(&doc.text(), start.0, end.0) else {
            self.say(StatusMessage::info("Only whitespace is selected"));
            return;
        };
        let mut placed = a.clone();
        placed.span = span;
        placed.quote = Quote::capture(&doc.text(), span);
        placed.orphaned = false;
        placed.modified = super::annotate::now();
        let name = crate::ui::orphans::describe(&self.ws.project, &placed);
        if self.edit(Edit::UpdateAnnotation(Box::new(placed))) {
            self.ui.selected = Some(id);
            self.say(StatusMessage::info(format!(
                "Placed the {name} on the selection"
            )));
            if let Some(pane) = self.ui.active_pane_mut() {
                pane.reader.clear_selection();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_counts_and_points_to_the_orphans_window() {
        let counts = ReanchorCounts {
            documents: 1,
            kept: 3,
            moved: 2,
            orphaned: 1,
        };
        assert_eq!(
            counts.message(),
            "1 document changed on disk; annotations re-anchored: 3 kept, 2 moved, 1 orphaned \
             (View › Orphaned annotations)"
        );
        let clean = ReanchorCounts {
            orphaned: 0,
            documents: 2,
            ..counts
        };
        assert!(!clean.message().contains("View"));
    }
}
