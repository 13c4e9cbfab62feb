//! What a query's filters test, per document, held apart from the project:
//! the window's search thread keeps it and brings it up to date from the
//! edits the window sends (a [`TagChange`] per batch of steps), so that the
//! documents a query's filters let through are listed there, not on the UI
//! thread. [`Tags::allowed`] lists what [`Query::allowed`] lists.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Unbounded};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::query::{Filter, same_name};
use crate::model::{
    Annotation, AnnotationId, DocRecord, DocStatus, DocumentId, LabelId, Project, Sentiment,
};

/// What the filters read of one annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationTag {
    /// Which annotation: a [`TagsBuilder`] follows only those it has read.
    pub id: AnnotationId,
    pub document: DocumentId,
    pub label: LabelId,
    pub sentiment: Option<Sentiment>,
    pub annotator: Arc<str>,
}

impl AnnotationTag {
    pub fn of(a: &Annotation) -> Self {
        Self {
            id: a.id,
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
    /// The tags of every document of `project`, in one pass.
    pub fn of(project: &Project) -> Self {
        let mut builder = TagsBuilder::default();
        while !builder.step(project, usize::MAX) {}
        builder.tags
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

/// Every document's tags, made a slice at a time: the window reads a few
/// thousand records or annotations per frame (a million annotations take a
/// quarter of a second in one pass) and follows the edits made between its
/// slices ([`Self::follow`]).
#[derive(Debug, Default)]
pub struct TagsBuilder {
    tags: Tags,
    read: Read,
}

/// How far a [`TagsBuilder`] has read: the records, then the annotations,
/// each in the project's order.
#[derive(Clone, Debug, Default)]
enum Read {
    #[default]
    Nothing,
    /// The records up to this one.
    Records(DocumentId),
    /// Every record, and the annotations up to this one (`None`: none yet).
    Annotations(Option<AnnotationId>),
    All,
}

impl Read {
    fn has_record(&self, doc: &DocumentId) -> bool {
        match self {
            Read::Nothing => false,
            Read::Records(last) => doc <= last,
            Read::Annotations(_) | Read::All => true,
        }
    }

    fn has_annotation(&self, id: AnnotationId) -> bool {
        match self {
            Read::Nothing | Read::Records(_) => false,
            Read::Annotations(last) => last.is_some_and(|last| id <= last),
            Read::All => true,
        }
    }
}

impl TagsBuilder {
    /// Reads up to `n` more records or annotations of `project`; true once
    /// every one is read ([`Self::finish`] then gives the tags).
    pub fn step(&mut self, project: &Project, n: usize) -> bool {
        let mut left = n;
        while left > 0 && !matches!(self.read, Read::All) {
            left -= self.read_some(project, left);
        }
        matches!(self.read, Read::All)
    }

    /// Reads up to `n` more of the records, or else of the annotations, and
    /// says how many; fewer than `n` when their end is reached (the
    /// annotations come next, or nothing).
    fn read_some(&mut self, project: &Project, n: usize) -> usize {
        let docs = &mut self.tags.docs;
        let mut read = 0;
        match &self.read {
            Read::Nothing | Read::Records(_) => {
                let from = match &self.read {
                    Read::Records(last) => Excluded(last),
                    _ => {
                        docs.reserve(project.documents.len());
                        Unbounded
                    }
                };
                let mut last = None;
                for (id, record) in project.documents.range((from, Unbounded)).take(n) {
                    docs.entry(id.clone()).or_default().record = Some(record_tag(record));
                    last = Some(id);
                    read += 1;
                }
                if read < n {
                    self.read = Read::Annotations(None);
                } else if let Some(last) = last {
                    self.read = Read::Records(last.clone());
                }
            }
            Read::Annotations(from) => {
                let from = from.map_or(Unbounded, Excluded);
                // The annotations of one run of one document, counted
                // together: the document is looked up once.
                let mut run: Option<(&DocumentId, &mut DocTags)> = None;
                let mut last = None;
                for (&id, a) in project.annotations.range((from, Unbounded)).take(n) {
                    let tags = match run.take() {
                        Some((doc, tags)) if *doc == a.document => tags,
                        _ => docs.entry(a.document.clone()).or_default(),
                    };
                    tags.count((&a.label, a.sentiment, &a.annotator), true);
                    run = Some((&a.document, tags));
                    last = Some(id);
                    read += 1;
                }
                self.read = if read < n {
                    Read::All
                } else {
                    Read::Annotations(last)
                };
            }
            Read::All => {}
        }
        read
    }

    /// Follows edits made since the last step: what they changed of the
    /// records and annotations already read (the others are read as they
    /// are when their turn comes).
    pub fn follow(&mut self, mut change: TagChange) {
        let read = &self.read;
        (change.annotations).retain(|(tag, _)| read.has_annotation(tag.id));
        change.records.retain(|(doc, _)| read.has_record(doc));
        self.tags.apply(change);
    }

    /// The tags made, once [`Self::step`] has said every one is read.
    pub fn finish(self) -> Tags {
        debug_assert!(
            matches!(self.read, Read::All),
            "every record and annotation read"
        );
        self.tags
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
