//! What a query's filters test, per document, held apart from the project:
//! the window's search thread keeps it and brings it up to date from the
//! edits the window sends (a [`TagChange`] per batch of steps), so that the
//! documents a query's filters let through are listed there, not on the UI
//! thread. [`Tags::allowed`] lists what [`Query::allowed`] lists.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::query::{Filter, same_name};
use crate::model::{Annotation, DocRecord, DocStatus, DocumentId, LabelId, Project, Sentiment};

/// What the filters read of one annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationTag {
    pub document: DocumentId,
    pub label: LabelId,
    pub sentiment: Option<Sentiment>,
    pub annotator: Arc<str>,
}

impl AnnotationTag {
    pub fn of(a: &Annotation) -> Self {
        Self {
            document: a.document.clone(),
            label: a.label.clone(),
            sentiment: a.sentiment,
            annotator: Arc::clone(&a.annotator),
        }
    }
}

/// What the filters read of a document's record: its status and its own
/// sentiment.
pub type RecordTag = (DocStatus, Option<Sentiment>);

pub fn record_tag(record: &DocRecord) -> RecordTag {
    (record.fields.status, record.fields.sentiment)
}

/// Edits, as the filters see them: annotations gone (`false`) or come
/// (`true`), in order, then documents' records as they are now (`None`:
/// the document is gone).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagChange {
    pub annotations: Vec<(AnnotationTag, bool)>,
    pub records: Vec<(DocumentId, Option<RecordTag>)>,
}

/// One document's tags: its record's, and each value its annotations have
/// with how many have it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct DocTags {
    /// `None` for annotations of a document the project does not list
    /// (no filter lets it through, as [`Query::allowed`] lists records).
    record: Option<RecordTag>,
    labels: Vec<(LabelId, u32)>,
    sentiments: Vec<(Sentiment, u32)>,
    annotators: Vec<(Arc<str>, u32)>,
}

impl DocTags {
    fn is_empty(&self) -> bool {
        self.record.is_none() && self.labels.is_empty()
    }

    /// One annotation more (`came`) or fewer, by its label, sentiment and
    /// annotator (shared, not copied, unless new to the document).
    fn count(
        &mut self,
        (label, sentiment, annotator): (&LabelId, Option<Sentiment>, &Arc<str>),
        came: bool,
    ) {
        count(&mut self.labels, label, came);
        if let Some(s) = sentiment {
            count(&mut self.sentiments, &s, came);
        }
        count(&mut self.annotators, annotator, came);
    }

    fn passes(&self, id: &DocumentId, filter: &Filter) -> bool {
        let Some((status, sentiment)) = self.record else {
            return false;
        };
        match filter {
            Filter::Label(label) => self.labels.iter().any(|(l, _)| l == label),
            Filter::Sentiment(s) => {
                sentiment == Some(*s) || self.sentiments.iter().any(|(t, _)| t == s)
            }
            Filter::Status(s) => status == *s,
            Filter::Annotator(name) => self.annotators.iter().any(|(a, _)| same_name(a, name)),
            Filter::Path(prefix) => id.as_str().starts_with(prefix.as_str()),
        }
    }
}

/// One more (`came`) or one fewer `value` in `counts` (a value counted down
/// to nothing is dropped).
fn count<T: PartialEq + Clone>(counts: &mut Vec<(T, u32)>, value: &T, came: bool) {
    match counts.iter().position(|(v, _)| v == value) {
        Some(i) if came => counts[i].1 += 1,
        Some(i) => {
            counts[i].1 -= 1;
            if counts[i].1 == 0 {
                counts.swap_remove(i);
            }
        }
        None if came => counts.push((value.clone(), 1)),
        // Not counted: not this project's after all.
        None => {}
    }
}

/// Every document's tags.
#[derive(Clone, Debug, Default)]
pub struct Tags {
    docs: FxHashMap<DocumentId, DocTags>,
}

impl Tags {
    /// The tags of every document of `project` (one pass over the
    /// annotations; a run of one document's is looked up once).
    pub fn of(project: &Project) -> Self {
        let mut docs: FxHashMap<DocumentId, DocTags> = FxHashMap::default();
        docs.reserve(project.documents.len());
        for record in project.documents.values() {
            docs.insert(
                record.id.clone(),
                DocTags {
                    record: Some(record_tag(record)),
                    ..DocTags::default()
                },
            );
        }
        // The annotations of one run of one document, counted together.
        let mut run: Vec<&Annotation> = Vec::new();
        let mut flush = |run: &mut Vec<&Annotation>| {
            if let Some(first) = run.first() {
                let tags = docs.entry(first.document.clone()).or_default();
                for a in run.drain(..) {
                    tags.count((&a.label, a.sentiment, &a.annotator), true);
                }
            }
        };
        for a in project.annotations.values() {
            if run
                .first()
                .is_some_and(|first| first.document != a.document)
            {
                flush(&mut run);
            }
            run.push(a);
        }
        flush(&mut run);
        Self { docs }
    }

    /// Brings the tags up to date with `change`.
    pub fn apply(&mut self, change: TagChange) {
        for (tag, came) in &change.annotations {
            let tags = self.docs.entry(tag.document.clone()).or_default();
            tags.count((&tag.label, tag.sentiment, &tag.annotator), *came);
            if tags.is_empty() {
                self.docs.remove(&tag.document);
            }
        }
        for (doc, record) in change.records {
            let tags = self.docs.entry(doc.clone()).or_default();
            tags.record = record;
            if tags.is_empty() {
                self.docs.remove(&doc);
            }
        }
    }

    /// The documents that pass every filter, or `None` when there are none
    /// (every document passes): what [`Query::allowed`] lists of the
    /// project these are the tags of.
    pub fn allowed(&self, filters: &[Filter]) -> Option<BTreeSet<DocumentId>> {
        if filters.is_empty() {
            return None;
        }
        Some(
            (self.docs.iter())
                .filter(|(id, tags)| filters.iter().all(|f| tags.passes(id, f)))
                .map(|(id, _)| id.clone())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{annotation, base_project};

    #[test]
    fn a_value_counted_down_to_nothing_no_longer_passes() {
        let mut project = base_project();
        let claim = LabelId::from("claim");
        let mut one = annotation(&project, 1, 0, 0, 4, &claim);
        one.annotator = "Ada".into();
        let two = annotation(&project, 2, 0, 5, 4, &claim);
        for a in [&one, &two] {
            project.annotations.insert(a.id, a.clone());
        }
        let doc = one.document.clone();
        let mut tags = Tags::of(&project);
        let label = [Filter::Label(claim.clone())];
        let ada = [Filter::Annotator("ada".into())];
        assert_eq!(tags.allowed(&label), Some([doc.clone()].into()));
        assert_eq!(tags.allowed(&ada), Some([doc.clone()].into()));
        // One of the two claims gone: still a claim; Ada's gone: not Ada's.
        tags.apply(TagChange {
            annotations: vec![(AnnotationTag::of(&one), false)],
            records: Vec::new(),
        });
        assert_eq!(tags.allowed(&label), Some([doc.clone()].into()));
        assert_eq!(tags.allowed(&ada), Some(BTreeSet::new()));
        // A document the project no longer lists passes no filter, even
        // with annotations left.
        tags.apply(TagChange {
            annotations: Vec::new(),
            records: vec![(doc.clone(), None)],
        });
        assert_eq!(tags.allowed(&label), Some(BTreeSet::new()));
        assert_eq!(tags.allowed(&[]), None);
    }
}
