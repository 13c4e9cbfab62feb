//! Annotating: labelling the selection, sentiment, stepping through and
//! revealing annotations, suggestions, links, imports, undo and redo. Each
//! gesture becomes one `Edit`, applied through [`DiptychApp::edit`].

use std::path::Path;

use super::DiptychApp;
use crate::io::import::{ImportFormat, ImportSettings};
use crate::model::ByteOffset;
use crate::model::merge::keep_one_edit;
use crate::model::{
    Annotation, AnnotationId, Edit, LabelId, Link, LinkKind, Sentiment, text::snap_selection,
};
use crate::ui::command::StatusMessage;
use crate::ui::counted;

/// The time written on new and changed annotations.
pub(super) fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

impl DiptychApp {
    /// Labels the active pane's selection, or relabels the selected annotation.
    pub(super) fn label_selection(&mut self, label: LabelId) {
        let Some(pane) = self.ui.active_pane() else {
            return;
        };
        let Some(doc) = self.ws.corpus.get(&pane.doc) else {
            let text = format!("{} is missing from the corpus folder", pane.doc);
            self.say(StatusMessage::error(text));
            return;
        };
        let Some((start, end)) = pane.reader.selection() else {
            if let Some(mut a) = self.selected_annotation().cloned() {
                a.label = label;
                a.modified = now();
                self.edit(Edit::UpdateAnnotation(Box::new(a)));
            } else {
                self.say(StatusMessage::info(
                    "Select some text first, then press a label key",
                ));
            }
            return;
        };
        let Some(span) = snap_selection(&doc.text(), start.0, end.0) else {
            self.say(StatusMessage::info("Only whitespace is selected"));
            return;
        };
        let annotation = Annotation::new(
            self.ws.project.next_annotation_id(),
            doc.id.clone(),
            &doc.text(),
            span,
            label,
            self.annotator.as_str(),
            now(),
        );
        let id = annotation.id;
        let add = Edit::AddAnnotation(Box::new(annotation));
        let edit = crate::model::with_document_started(&self.ws.project, &doc.id, add);
        if self.edit(edit) {
            self.ui.selected = Some(id);
            if let Some(pane) = self.ui.active_pane_mut() {
                pane.reader.clear_selection();
            }
        }
    }

    /// The selected annotation, if it still exists.
    pub fn selected_annotation(&self) -> Option<&Annotation> {
        self.ws.project.annotations.get(&self.ui.selected?)
    }

    /// Sets the selected annotation's sentiment; the same sentiment again clears it.
    pub(super) fn set_sentiment(&mut self, sentiment: Option<Sentiment>) {
        let Some(mut a) = self.selected_annotation().cloned() else {
            self.say(StatusMessage::info("Select an annotation first"));
            return;
        };
        a.sentiment = if a.sentiment == sentiment {
            None
        } else {
            sentiment
        };
        a.modified = now();
        self.edit(Edit::UpdateAnnotation(Box::new(a)));
    }

    /// Selects `id` and scrolls a pane showing its document to it (see
    /// [`crate::ui::state::UiState::reveal`]); an orphan opens the orphans window.
    pub(super) fn reveal(&mut self, id: AnnotationId, prefer_other_pane: bool) {
        let Some(a) = self.ws.project.annotations.get(&id) else {
            return;
        };
        if !a.orphaned {
            let (doc, span) = (a.document.clone(), a.span);
            self.ui.reveal(&doc, span, prefer_other_pane);
        } else {
            self.ui.orphans_window.open = true;
        }
        self.ui.selected = Some(id);
    }

    /// Selects the next (or previous) placed annotation of the active pane.
    pub(super) fn step_annotation(&mut self, forward: bool) {
        let Some(pane) = self.ui.active_pane() else {
            return;
        };
        let mut list = self.ws.project.annotations_of(&pane.doc);
        let hidden = &self.ui.layers.hidden;
        list.retain(|a| !a.orphaned && !hidden.contains(&*a.annotator));
        if list.is_empty() {
            return;
        }
        let current = self
            .ui
            .selected
            .and_then(|id| list.iter().position(|a| a.id == id));
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => list.len() - 1,
            (Some(i), true) => (i + 1) % list.len(),
            (Some(i), false) => (i + list.len() - 1) % list.len(),
        };
        let id = list[next].id;
        self.reveal(id, false);
        if let Some(pane) = self.ui.active_pane_mut() {
            pane.reader.request_focus();
        }
    }

    /// Computes suggestions for every document and adds them as one undoable step.
    pub(super) fn suggest(&mut self) {
        if !self.corpus_read("Suggesting") {
            return;
        }
        let documents = &self.ws.corpus.documents;
        let found = crate::analysis::suggest::suggest(&self.ws.project, documents);
        let edit = crate::analysis::suggest::suggestions_edit(
            &self.ws.project,
            documents,
            &found,
            "diptych",
            now(),
        );
        let Some(edit) = edit else {
            self.say(StatusMessage::info("No new suggestions"));
            return;
        };
        if self.edit(edit) {
            self.say(StatusMessage::info(format!(
                "{} added (dashed outline): A accepts, R rejects the one selected or under the caret",
                counted(found.len(), "suggestion")
            )));
        }
    }

    /// The suggestion to accept or reject: the selected annotation if it is
    /// one, else the suggestion under the caret of the active pane.
    pub fn target_suggestion(&self) -> Option<AnnotationId> {
        if let Some(a) = self.selected_annotation()
            && a.status.is_suggested()
        {
            return Some(a.id);
        }
        let pane = self.ui.active_pane()?;
        let caret = pane.reader.caret();
        self.ws
            .project
            .annotations_of(&pane.doc)
            .into_iter()
            .filter(|a| !a.orphaned && a.status.is_suggested())
            .filter(|a| a.span.start <= caret && caret <= a.span.end)
            .min_by_key(|a| a.span.len())
            .map(|a| a.id)
    }

    /// Accepts or rejects the target suggestion.
    pub(super) fn decide_suggestion(&mut self, accept: bool) {
        let Some(id) = self.target_suggestion() else {
            self.say(StatusMessage::info(
                "No suggestion is selected or under the caret",
            ));
            return;
        };
        let Some(target) = self.ws.project.annotations.get(&id) else {
            return;
        };
        let (document, at) = (target.document.clone(), target.span.start);
        let label = self.ws.project.labels.name_of(&target.label).to_owned();
        let edit = if accept {
            let project = &self.ws.project;
            crate::model::accept_suggestion_edit(project, id, &self.annotator, now())
                .map(|edit| crate::model::with_document_started(project, &document, edit))
        } else {
            crate::model::reject_suggestion_edit(&self.ws.project, id)
        };
        let edit = match edit {
            Ok(edit) => edit,
            Err(err) => return self.say(StatusMessage::error(err.to_string())),
        };
        if !self.edit(edit) {
            return;
        }
        // Say what happened and how many remain; go on to the next one.
        let open: Vec<(AnnotationId, ByteOffset)> = self
            .ws
            .project
            .annotations_of(&document)
            .into_iter()
            .filter(|a| a.status.is_suggested() && !a.orphaned)
            .map(|a| (a.id, a.span.start))
            .collect();
        let verb = if accept { "Accepted" } else { "Rejected" };
        let left = match open.len() {
            0 => "no suggestions left in this document".to_owned(),
            n => format!("{} left in this document", counted(n, "suggestion")),
        };
        self.say(StatusMessage::info(format!(
            "{verb} the {label} suggestion; {left}"
        )));
        let next = open.iter().find(|(_, start)| *start >= at).or(open.first());
        match next {
            Some(&(next, _)) => self.reveal(next, false),
            None if !accept => self.ui.selected = None,
            None => {}
        }
    }

    /// Accepts every suggestion of the target's label in its document, as one step.
    pub(super) fn accept_all_of_label(&mut self) {
        let Some(a) = self
            .target_suggestion()
            .and_then(|id| self.ws.project.annotations.get(&id))
        else {
            self.say(StatusMessage::info("Select a suggestion first"));
            return;
        };
        let (doc, label) = (a.document.clone(), a.label.clone());
        let (project, annotator, at) = (&self.ws.project, &self.annotator, now());
        let edits: Vec<Edit> = project
            .annotations_of(&doc)
            .into_iter()
            .filter(|s| s.status.is_suggested() && !s.orphaned && s.label == label)
            .filter_map(|s| crate::model::accept_suggestion_edit(project, s.id, annotator, at).ok())
            .collect();
        let n = edits.len();
        let mut edit = Edit::Batch(edits);
        if n > 0 {
            edit = crate::model::with_document_started(&self.ws.project, &doc, edit);
        }
        if self.edit(edit) {
            let name = self.ws.project.labels.name_of(&label).to_owned();
            let what = counted(n, &format!("{name} suggestion"));
            self.say(StatusMessage::info(format!("Accepted {what}")));
        }
    }

    /// Starts a link from the selected annotation.
    /// (The status bar shows "Linking: …" while it lasts: no message of its own.)
    pub(super) fn start_link(&mut self) {
        match self.ui.selected {
            Some(id) => {
                self.ui.linking_from = Some(id);
                self.ui.message = None;
            }
            None => self.say(StatusMessage::info("Select the annotation to link first")),
        }
    }

    /// Completes the link being made, to `to`.
    pub(super) fn link_to(&mut self, to: AnnotationId) {
        let Some(from) = self.ui.linking_from.take() else {
            return;
        };
        if from == to {
            self.say(StatusMessage::info(
                "Pick a different annotation to link to",
            ));
            self.ui.linking_from = Some(from);
            return;
        }
        let link = Link {
            id: self.ws.project.next_link_id(),
            from,
            to,
            kind: LinkKind::SameClaim,
            note: String::new(),
        };
        if self.edit(Edit::AddLink(link)) {
            // The far end is selected, in a pane showing it (the one it was
            // clicked in) made active: the inspector shows that document
            // and the new link. It was in view, so nothing scrolls.
            self.reveal(to, false);
            self.say(StatusMessage::info(
                "Linked (same claim); change the kind in the inspector",
            ));
        }
    }

    /// Settles a conflict a merge left: `drop` removed, `keep` no longer
    /// marked (one undoable edit), and `keep` selected.
    pub(super) fn keep_one_of(&mut self, keep: AnnotationId, drop: AnnotationId) {
        let edit = match keep_one_edit(&self.ws.project, keep, drop) {
            Ok(edit) => edit,
            Err(err) => return self.say(StatusMessage::error(err.to_string())),
        };
        if self.edit(edit) {
            self.ui.selected = Some(keep);
            self.say(StatusMessage::info(format!("Kept {keep}, removed {drop}")));
        }
    }

    /// The inspector shows the active pane's document: a selected annotation
    /// of another document (the user moved to another pane) is deselected.
    pub(super) fn keep_selection_in_active_document(&mut self) {
        let active_doc = self.ui.active_pane().map(|p| &p.doc);
        let elsewhere = self
            .ui
            .selected
            .and_then(|id| self.ws.project.annotations.get(&id))
            .is_some_and(|a| !a.orphaned && Some(&a.document) != active_doc);
        if elsewhere {
            self.ui.selected = None;
        }
    }

    /// Esc: closes a window, else cancels linking, else clears the text
    /// selection, else deselects.
    pub(super) fn clear_selection(&mut self) {
        if self.ui.close_a_window() {
            // Esc closes a window first (Help, Labels, Export, …).
        } else if self.ui.linking_from.take().is_some() {
            self.say(StatusMessage::info("Linking cancelled"));
        } else if let Some(pane) = self.ui.active_pane_mut()
            && pane.reader.selection().is_some()
        {
            pane.reader.clear_selection();
        } else {
            self.ui.selected = None;
        }
    }

    /// Imports annotations from `file` as one undoable step.
    pub(super) fn import(&mut self, format: ImportFormat, file: &Path, settings: &ImportSettings) {
        if !self.corpus_read("Importing") {
            return;
        }
        let plan = match crate::io::import::plan(&self.ws, format, file, settings) {
            Ok(plan) => plan,
            Err(err) => {
                self.say(StatusMessage::error(format!("Import failed: {err}")));
                return;
            }
        };
        let report = plan.report;
        if !self.edit(plan.edit) {
            return;
        }
        tracing::info!(
            format = ?format,
            annotations = report.annotations,
            suggestions = report.suggestions,
            links = report.links,
            unmatched = report.unmatched.len(),
            skipped = report.skipped.len(),
            "imported"
        );
        let mut message = format!(
            "Imported {} annotations ({} suggestions) and {} links from {}",
            report.annotations,
            report.suggestions,
            report.links,
            file.display()
        );
        let left_out = report.unmatched.len() + report.skipped.len();
        if left_out > 0 {
            let first = report
                .unmatched
                .iter()
                .chain(&report.skipped)
                .next()
                .map(ToString::to_string)
                .unwrap_or_default();
            message.push_str(&format!("; {left_out} not imported, first: {first}"));
        }
        self.ui.import_window.open = false;
        self.say(StatusMessage::info_or_error(message, left_out > 0));
    }

    /// Undoes (or redoes) one step and says which.
    pub(super) fn undo(&mut self, redo: bool) {
        let result = self.changing(|history, project| {
            if redo {
                history.redo(project)
            } else {
                history.undo(project)
            }
        });
        match result {
            Ok(Some(name)) => {
                let verb = if redo { "Redid" } else { "Undid" };
                self.say(StatusMessage::info(format!("{verb} {name}")));
            }
            Ok(None) => {}
            Err(err) => self.say(StatusMessage::error(err.to_string())),
        }
        if self.selected_annotation().is_none() {
            self.ui.selected = None;
        }
    }
}
