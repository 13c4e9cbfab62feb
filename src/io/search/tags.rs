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
    Annotation, AnnotationId, DocRecord, DocStatus, DocumentId, LabelId, Project, Sentiment, Span,
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
    /// Where it is, to put a hit of a query of filters only on it.
    pub span: Span,
    pub orphaned: bool,
}

impl AnnotationTag {
    pub fn of(a: &Annotation) -> Self {
        Self {
            id: a.id,
            document: a.document.clone(),
            label: a.label.clone(),
            sentiment: a.sentiment,
            annotator: Arc::clone(&a.annotator),
            span: a.span,
            orphaned: a.orphaned,
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

/// Every document's tags, kept small: the documents in the project's
/// order, each value the annotations have numbered once, and how many
/// annotations of each document have each value (about a hundred bytes a
/// document at five annotations each, against four hundred when each
/// document held lists of its own).
#[derive(Clone, Debug, Default)]
pub struct Tags {
    /// The project's documents, their ids in order, with their records'
    /// tags (`None`: gone). The same documents until the tags are made
    /// again: a document added or removed is a step they are made anew
    /// after, so annotations of a document not listed here are not counted
    /// (no filter lets it through, as [`Query::allowed`] lists records).
    docs: Vec<(DocumentId, Option<RecordTag>)>,
    /// The values annotations have, each numbered once.
    labels: Numbers<LabelId>,
    sentiments: Numbers<Sentiment>,
    annotators: Numbers<Arc<str>>,
    /// How many annotations of a document (its place in `docs`) have a
    /// value (its number), none not kept; in [`SHARDS`] maps by the place,
    /// so that a map growing while the tags are made a slice per frame
    /// moves a few thousand entries, not every one (a single map of half a
    /// million took 12 ms in one frame).
    counts: Vec<FxHashMap<(u32, u32), u32>>,
}

/// How many maps [`Tags::counts`] is split in.
const SHARDS: usize = 64;

/// Values numbered, with the last one asked for at hand: annotations read
/// in order mostly repeat the one before (their strings shared).
#[derive(Clone, Debug)]
struct Numbers<T> {
    map: FxHashMap<T, u32>,
    last: Option<(T, u32)>,
}

impl<T> Default for Numbers<T> {
    fn default() -> Self {
        Self {
            map: FxHashMap::default(),
            last: None,
        }
    }
}

impl<T: Clone + Eq + std::hash::Hash> Numbers<T> {
    /// `value`'s number, given it (`next`, then one more) when new.
    fn number(&mut self, value: &T, next: &mut u32) -> u32 {
        if let Some((last, n)) = &self.last
            && last == value
        {
            return *n;
        }
        let n = *self.map.entry(value.clone()).or_insert_with(|| {
            *next += 1;
            *next - 1
        });
        self.last = Some((value.clone(), n));
        n
    }

    fn get(&self, value: &T) -> Option<u32> {
        self.map.get(value).copied()
    }
}

/// What a filter tests, with the values' numbers looked up once.
enum Test<'a> {
    /// A value's number (`None`: no annotation has it).
    Value(Option<u32>),
    /// The record's sentiment, or an annotation's.
    Sentiment(Sentiment, Option<u32>),
    Status(DocStatus),
    /// Any of these annotators' names.
    Annotators(Vec<u32>),
    Path(&'a str),
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
            self.count_tag(tag, *came);
        }
        for (doc, record) in change.records {
            if let Some(place) = self.place(&doc) {
                self.docs[place as usize].1 = record;
            }
        }
    }

    /// Counts `annotations` in, as [`Tags::apply`] does annotations come,
    /// without taking them.
    pub fn add(&mut self, annotations: &[AnnotationTag]) {
        for tag in annotations {
            self.count_tag(tag, true);
        }
    }

    fn count_tag(&mut self, tag: &AnnotationTag, came: bool) {
        if let Some(place) = self.place(&tag.document) {
            let values = (&tag.label, tag.sentiment, &tag.annotator);
            self.count(place, values, came);
        }
    }

    /// The documents that pass every filter, or `None` when there are none
    /// (every document passes): what [`Query::allowed`] lists of the
    /// project these are the tags of.
    pub fn allowed(&self, filters: &[Filter]) -> Option<BTreeSet<DocumentId>> {
        if filters.is_empty() {
            return None;
        }
        let tests: Vec<Test> = filters.iter().map(|f| self.test(f)).collect();
        let has = |place: u32, value: u32| {
            let counts = self.counts.get(place as usize % SHARDS);
            counts.is_some_and(|c| c.contains_key(&(place, value)))
        };
        let passes =
            |place: u32, id: &DocumentId, (status, sentiment): RecordTag, test: &Test| match test {
                Test::Value(value) => value.is_some_and(|v| has(place, v)),
                Test::Sentiment(s, value) => {
                    sentiment == Some(*s) || value.is_some_and(|v| has(place, v))
                }
                Test::Status(s) => status == *s,
                Test::Annotators(names) => names.iter().any(|&v| has(place, v)),
                Test::Path(prefix) => id.as_str().starts_with(prefix),
            };
        Some(
            (0u32..)
                .zip(&self.docs)
                .filter_map(|(place, (id, record))| Some((place, id, (*record)?)))
                .filter(|&(place, id, record)| tests.iter().all(|t| passes(place, id, record, t)))
                .map(|(_, id, _)| id.clone())
                .collect(),
        )
    }

    fn test<'a>(&self, filter: &'a Filter) -> Test<'a> {
        match filter {
            Filter::Label(label) => Test::Value(self.labels.get(label)),
            Filter::Sentiment(s) => Test::Sentiment(*s, self.sentiments.get(s)),
            Filter::Status(s) => Test::Status(*s),
            Filter::Annotator(name) => Test::Annotators(
                (self.annotators.map.iter())
                    .filter(|(a, _)| same_name(a, name))
                    .map(|(_, &v)| v)
                    .collect(),
            ),
            Filter::Path(prefix) => Test::Path(prefix),
        }
    }

    /// Where `doc` is in `docs`.
    fn place(&self, doc: &DocumentId) -> Option<u32> {
        let found = self.docs.binary_search_by(|(id, _)| id.cmp(doc));
        found.ok().map(|i| i as u32)
    }

    /// One annotation more (`came`) or fewer of the document at `place`, by
    /// its label, sentiment and annotator.
    fn count(
        &mut self,
        place: u32,
        (label, sentiment, annotator): (&LabelId, Option<Sentiment>, &Arc<str>),
        came: bool,
    ) {
        // A value is numbered when an annotation first has it; one fewer of
        // a value never counted is not counted.
        let next = &mut self.next_number();
        let (label, sentiment, annotator) = if came {
            (
                Some(self.labels.number(label, next)),
                sentiment.map(|s| self.sentiments.number(&s, next)),
                Some(self.annotators.number(annotator, next)),
            )
        } else {
            (
                self.labels.get(label),
                sentiment.and_then(|s| self.sentiments.get(&s)),
                self.annotators.get(annotator),
            )
        };
        if self.counts.is_empty() {
            self.counts.resize_with(SHARDS, FxHashMap::default);
        }
        let counts = &mut self.counts[place as usize % SHARDS];
        for value in [label, sentiment, annotator].into_iter().flatten() {
            count(counts, (place, value), came);
        }
    }

    /// The number the next value new to the tags gets.
    fn next_number(&self) -> u32 {
        (self.labels.map.len() + self.sentiments.map.len() + self.annotators.map.len()) as u32
    }
}

/// One more (`came`) or one fewer annotation under `key` in `counts` (a
/// count down to nothing is dropped; one fewer of none is not counted:
/// not this project's after all).
fn count(counts: &mut FxHashMap<(u32, u32), u32>, key: (u32, u32), came: bool) {
    use std::collections::hash_map::Entry;
    match counts.entry(key) {
        Entry::Occupied(mut e) if came => *e.get_mut() += 1,
        Entry::Occupied(mut e) => {
            *e.get_mut() -= 1;
            if *e.get() == 0 {
                e.remove();
            }
        }
        Entry::Vacant(e) if came => {
            e.insert(1);
        }
        Entry::Vacant(_) => {}
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
    /// The records up to the last of the tags' documents.
    #[default]
    Records,
    /// Every record, and the annotations up to this one (`None`: none yet).
    Annotations(Option<AnnotationId>),
    All,
}

impl Read {
    fn has_annotation(&self, id: AnnotationId) -> bool {
        match self {
            Read::Records => false,
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
        let tags = &mut self.tags;
        let mut read = 0;
        match &self.read {
            Read::Records => {
                if tags.docs.is_empty() {
                    tags.docs.reserve_exact(project.documents.len());
                }
                let last = tags.docs.last().map(|(id, _)| id.clone());
                let from = last.as_ref().map_or(Unbounded, Excluded);
                for (id, record) in project.documents.range((from, Unbounded)).take(n) {
                    tags.docs.push((id.clone(), Some(record_tag(record))));
                    read += 1;
                }
                if read < n {
                    self.read = Read::Annotations(None);
                }
            }
            Read::Annotations(from) => {
                let from = from.map_or(Unbounded, Excluded);
                // The annotations of one run of one document are counted
                // at the place looked up once.
                let mut run: Option<(&DocumentId, Option<u32>)> = None;
                let mut last = None;
                for (&id, a) in project.annotations.range((from, Unbounded)).take(n) {
                    let place = match run {
                        Some((doc, place)) if *doc == a.document => place,
                        _ => tags.place(&a.document),
                    };
                    if let Some(place) = place {
                        tags.count(place, (&a.label, a.sentiment, &a.annotator), true);
                    }
                    run = Some((&a.document, place));
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
    /// are when their turn comes; a record not read yet is not among the
    /// tags' documents, which [`Tags::apply`] passes by).
    pub fn follow(&mut self, mut change: TagChange) {
        let read = &self.read;
        (change.annotations).retain(|(tag, _)| read.has_annotation(tag.id));
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
    use crate::io::search::Query;
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

    proptest::proptest! {
        /// Over projects of many documents, with annotations of documents
        /// the project does not list, annotators' names in any case and
        /// changes applied after: the tags let through what the project's
        /// filters let through.
        #[test]
        fn tags_let_through_what_the_projects_filters_let_through(
            statuses in proptest::collection::vec((0usize..3, 0usize..5), 1..12),
            spans in proptest::collection::vec((0usize..14, 0usize..2, 0usize..5, 0usize..3), 0..50),
            gone in proptest::collection::vec(0usize..50, 0..10),
            added in proptest::collection::vec((0usize..14, 0usize..2, 0usize..5, 0usize..4), 0..8),
            set in proptest::collection::vec((0usize..12, 0usize..3, 0usize..5), 0..4),
        ) {
            use crate::model::testing::project_of;
            let names: Vec<String> = (0..statuses.len()).map(|i| format!("d{i:02}.txt")).collect();
            let docs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "Some words.")).collect();
            let mut project = project_of("Test", "corpus", &docs);
            let sentiment = |i: usize| Sentiment::ALL.get(i).copied();
            let record = |status: usize, s: usize| (DocStatus::ALL[status], sentiment(s));
            for ((status, s), record_of) in statuses.iter().zip(project.documents.values_mut()) {
                (record_of.fields.status, record_of.fields.sentiment) = record(*status, *s);
            }
            let labels: Vec<LabelId> = project.labels.labels.iter().take(2).map(|l| l.id.clone()).collect();
            let base = base_project();
            let made = |id: u64, (doc, label, s, who): (usize, usize, usize, usize)| {
                let mut a = annotation(&base, id, 0, 0, 4, &labels[label % labels.len()]);
                // Two documents past the project's list.
                a.document = DocumentId::from(format!("d{doc:02}.txt"));
                a.sentiment = sentiment(s);
                a.annotator = ["Ada", "ADA", "Bo", "Cy"][who].into();
                a
            };
            for (id, &span) in (1..).zip(&spans) {
                let a = made(id, span);
                project.annotations.insert(a.id, a);
            }
            let mut tags = Tags::of(&project);
            let mut change = TagChange::default();
            // Added after: "Cy" comes only this way.
            for (id, &span) in (100..).zip(&added) {
                let a = made(id, span);
                change.annotations.push((AnnotationTag::of(&a), true));
                project.annotations.insert(a.id, a);
            }
            for i in gone {
                let id = AnnotationId(i as u64 + 1);
                if let Some(a) = project.annotations.remove(&id) {
                    change.annotations.push((AnnotationTag::of(&a), false));
                }
            }
            for (doc, status, s) in set {
                if let Some((id, record_of)) = project.documents.iter_mut().nth(doc) {
                    (record_of.fields.status, record_of.fields.sentiment) = record(status, s);
                    change.records.push((id.clone(), Some(record_tag(record_of))));
                }
            }
            tags.apply(change);
            let label = |i: usize| format!("label:{}", project.labels.labels[i].name);
            let queries = [
                label(0),
                format!("{} annotator:ada", label(1)),
                "sentiment:negative".to_owned(),
                "sentiment:positive status:done".to_owned(),
                "status:todo path:d0".to_owned(),
                "annotator:bo".to_owned(),
                "annotator:cy sentiment:mixed".to_owned(),
                "annotator:nobody".to_owned(),
            ];
            for source in queries {
                let query = Query::parse(&source, &project).unwrap();
                proptest::prop_assert_eq!(tags.allowed(&query.filters), query.allowed(&project), "{}", source);
            }
        }
    }
}
