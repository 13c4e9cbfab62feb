//! The project: what an analyst made over a corpus of documents.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::annotation::{Annotation, AnnotationId, Link, LinkId};
use super::document::{DocRecord, DocumentId};
use super::label::{LabelId, LabelSchema};

/// A suggestion the analyst rejected: not proposed again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rejection {
    pub document: DocumentId,
    pub span: crate::model::Span,
    pub label: LabelId,
}

/// A project: labels, document records, annotations and links. Article text
/// is not part of it; it lives in the corpus folder (see `io::corpus`); nor
/// is view state (open panes), which the project file layer keeps beside it
/// (see `io::project_file::ViewState`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    pub name: String,
    /// The corpus folder, relative to the project file (or absolute).
    pub corpus_root: PathBuf,
    pub labels: LabelSchema,
    pub documents: BTreeMap<DocumentId, DocRecord>,
    pub annotations: BTreeMap<AnnotationId, Annotation>,
    pub links: BTreeMap<LinkId, Link>,
    /// Rejected suggestions, remembered so they are not proposed again.
    pub rejected: BTreeSet<Rejection>,
}

impl Project {
    /// An empty project with the default labels.
    pub fn new(name: impl Into<String>, corpus_root: impl Into<PathBuf>) -> Self {
        Self {
            name: name.into(),
            corpus_root: corpus_root.into(),
            ..Self::default()
        }
    }

    /// The id the next new annotation should get (one past the largest;
    /// stuck at `u64::MAX` rather than wrapping, where edits refuse it).
    pub fn next_annotation_id(&self) -> AnnotationId {
        AnnotationId(
            self.annotations
                .keys()
                .next_back()
                .map_or(1, |id| id.0.saturating_add(1)),
        )
    }

    /// The id the next new link should get (as [`Project::next_annotation_id`]).
    pub fn next_link_id(&self) -> LinkId {
        LinkId(
            self.links
                .keys()
                .next_back()
                .map_or(1, |id| id.0.saturating_add(1)),
        )
    }

    /// Annotations of one document, sorted by position (then id).
    pub fn annotations_of<'a>(&'a self, doc: &DocumentId) -> Vec<&'a Annotation> {
        let mut list: Vec<_> = self
            .annotations
            .values()
            .filter(|a| &a.document == doc)
            .collect();
        list.sort_by_key(|a| (a.span.start, a.span.end, a.id));
        list
    }

    /// Links that start or end at `id`, sorted by id.
    pub fn links_of(&self, id: AnnotationId) -> Vec<&Link> {
        self.links
            .values()
            .filter(|l| l.from == id || l.to == id)
            .collect()
    }

    /// True when a suggestion of `label` at `span` of `document` was rejected before.
    pub fn is_rejected(
        &self,
        document: &DocumentId,
        span: crate::model::Span,
        label: &LabelId,
    ) -> bool {
        self.rejected.contains(&Rejection {
            document: document.clone(),
            span,
            label: label.clone(),
        })
    }

    /// How many annotations use `label`.
    pub fn label_use_count(&self, label: &LabelId) -> usize {
        self.annotations
            .values()
            .filter(|a| &a.label == label)
            .count()
    }

    /// Accepted annotations per label name (labels with none included),
    /// sorted by name. Open suggestions are not annotations yet: see
    /// [`Project::suggestion_counts_by_label`].
    pub fn counts_by_label(&self) -> BTreeMap<String, usize> {
        self.counts_by_label_of(|a| !a.status.is_suggested())
    }

    /// Open suggestions per label name (labels with none included), sorted by name.
    pub fn suggestion_counts_by_label(&self) -> BTreeMap<String, usize> {
        self.counts_by_label_of(|a| a.status.is_suggested())
    }

    fn counts_by_label_of(&self, keep: impl Fn(&Annotation) -> bool) -> BTreeMap<String, usize> {
        let mut counts: BTreeMap<String, usize> = self
            .labels
            .labels
            .iter()
            .map(|l| (l.name.clone(), 0))
            .collect();
        for a in self.annotations.values().filter(|a| keep(a)) {
            *counts
                .entry(self.labels.name_of(&a.label).to_owned())
                .or_default() += 1;
        }
        counts
    }
}
