//! Answering a query: the index's best documents (and the scan of those it
//! does not hold up to date), then each hit's offsets and snippet from the
//! document's text, which only the hits need.

use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::analyzer::{first_hit, scan, snippet, words};
use super::query::tag_passes;
use super::{AnnotationTag, Answer, Filter, Hit, Query, SearchIndex};
use crate::io::corpus::{Corpus, ImportOptions, read_file};
use crate::model::{AnnotationId, ByteOffset, Document, DocumentId, Span};

/// Where the texts of the hits come from: the window's corpus in memory, or
/// the files on disk ([`DiskTexts`]) for the command line.
pub trait TextSource {
    /// The document `id` as it is now, if it exists.
    fn document(&self, id: &DocumentId) -> Option<Document>;
}

impl TextSource for Corpus {
    fn document(&self, id: &DocumentId) -> Option<Document> {
        self.get(id).cloned()
    }
}

/// The documents of a corpus folder, each read from its file when asked.
pub struct DiskTexts {
    pub root: PathBuf,
    pub options: ImportOptions,
}

impl TextSource for DiskTexts {
    fn document(&self, id: &DocumentId) -> Option<Document> {
        let file = id.file_path();
        read_file(&self.root.join(file), file, &self.options)
            .into_iter()
            .flatten()
            .find(|d| d.id == *id)
    }
}

impl SearchIndex {
    /// Answers `query`: how many documents match it, and the `limit` best
    /// with their first hit. `allowed` is what the query's filters let
    /// through (see [`Query::allowed`]); `texts` gives the hits' texts.
    pub fn search(
        &self,
        query: &Query,
        allowed: Option<&BTreeSet<DocumentId>>,
        limit: usize,
        texts: &dyn TextSource,
    ) -> Answer {
        if query.text.is_empty() {
            return filters_only(allowed, limit, texts);
        }
        let mut analyzer = self.analyzer.clone();
        let mut best: Vec<(f32, DocumentId)> = Vec::new();
        let mut total = 0;
        if let Some(tantivy) = &self.tantivy
            && let Ok(found) = tantivy.search(&query.text, self.keep(allowed), limit)
        {
            total = found.total;
            best = found.best;
        }
        let mut scanned: Vec<(usize, Document, Hit)> = Vec::new();
        for doc in self.pending.values().flat_map(|c| c.docs.given()) {
            if allowed.is_some_and(|a| !a.contains(&doc.id)) {
                continue;
            }
            let words = words(&mut analyzer, &doc.text());
            if let Some((range, count)) = scan(&words, &query.text) {
                scanned.push((count, doc.clone(), hit(doc, range, 0.0)));
            }
        }
        total += scanned.len();
        scanned.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let mut hits: Vec<Hit> = best
            .into_iter()
            .filter_map(|(score, id)| {
                let doc = texts.document(&id)?;
                let range = first_hit(&mut analyzer, &doc.text(), &query.text).unwrap_or(0..0);
                Some(hit(&doc, range, score))
            })
            .collect();
        hits.extend(scanned.into_iter().map(|(_, _, h)| h));
        hits.truncate(limit);
        Answer { total, hits }
    }

    /// The keys the index's answer may hold: those `allowed`, less those of
    /// documents pending (their index entry is out of date); `None` for all.
    fn keep(&self, allowed: Option<&BTreeSet<DocumentId>>) -> Option<Arc<Vec<bool>>> {
        if allowed.is_none() && self.pending.is_empty() {
            return None;
        }
        let size = usize::try_from(self.manifest.next_key).unwrap_or(usize::MAX);
        let mut keep = vec![allowed.is_none(); size];
        let mut set = |key: u64, value: bool| {
            if let Some(slot) = usize::try_from(key).ok().and_then(|k| keep.get_mut(k)) {
                *slot = value;
            }
        };
        if let Some(allowed) = allowed {
            // Both in id order: one walk through the two (a lookup per id
            // allowed was a quarter of a filtered search at 100,000).
            let mut docs = self.manifest.docs.iter().peekable();
            for id in allowed {
                while docs.next_if(|(doc, _)| *doc < id).is_some() {}
                if let Some((doc, entry)) = docs.peek()
                    && *doc == id
                {
                    set(entry.key, true);
                }
            }
        }
        for file in self.pending.keys() {
            let records = format!("{file}#");
            let stale = self
                .manifest
                .docs
                .range(DocumentId(file.as_str().into())..)
                .take_while(|(id, _)| id.as_str() == file || id.as_str().starts_with(&records));
            for (_, entry) in stale {
                set(entry.key, false);
            }
        }
        Some(Arc::new(keep))
    }
}

/// A query of filters only: the documents they let through, in id order,
/// each "hit" at the start of its text.
fn filters_only(
    allowed: Option<&BTreeSet<DocumentId>>,
    limit: usize,
    texts: &dyn TextSource,
) -> Answer {
    let Some(allowed) = allowed else {
        return Answer::default();
    };
    let hits = allowed
        .iter()
        .filter_map(|id| texts.document(id))
        .take(limit)
        .map(|doc| hit(&doc, 0..0, 0.0))
        .collect();
    Answer {
        total: allowed.len(),
        hits,
    }
}

/// A query of filters only finds documents, not words. When it filters on
/// annotations (`label:`, `sentiment:`, `annotator:`), each hit of `answer`
/// is put on the annotation its document was found by, so that the hit's
/// snippet shows it and opening the hit selects it: the first (by
/// position) of the document's annotations among `annotations` that pass
/// the most of those filters, orphans left out. A hit whose document has
/// none (found by its own sentiment) stays at the start of its text.
pub fn place_on_annotations<T: Borrow<AnnotationTag>>(
    answer: &mut Answer,
    query: &Query,
    annotations: impl IntoIterator<Item = T>,
    texts: &dyn TextSource,
) {
    let filters: Vec<&Filter> = (query.filters.iter())
        .filter(|f| f.reads_annotations())
        .collect();
    if !query.text.is_empty() || filters.is_empty() || answer.hits.is_empty() {
        return;
    }
    // Per hit's document: the most filters passed, then the place.
    type Best = Option<(usize, Span, AnnotationId)>;
    let mut best: FxHashMap<DocumentId, Best> = (answer.hits.iter())
        .map(|h| (h.document.clone(), None))
        .collect();
    for tag in annotations {
        let tag = tag.borrow();
        let Some(slot) = best.get_mut(&tag.document).filter(|_| !tag.orphaned) else {
            continue;
        };
        let passed = filters.iter().filter(|f| tag_passes(f, tag)).count();
        let better = |&(p, span, id): &(usize, Span, AnnotationId)| {
            passed
                .cmp(&p)
                .then((span, id).cmp(&(tag.span, tag.id)))
                .is_gt()
        };
        if passed > 0 && slot.as_ref().is_none_or(better) {
            *slot = Some((passed, tag.span, tag.id));
        }
    }
    for hit in &mut answer.hits {
        let Some(&Some((_, span, id))) = best.get(&hit.document) else {
            continue;
        };
        let Some(doc) = texts.document(&hit.document) else {
            continue;
        };
        // An annotation read from the file (the command line) was not
        // checked against the text as it is now.
        if span.check(&doc.text()).is_ok() {
            *hit = self::hit(&doc, span.start.0..span.end.0, hit.score);
            hit.annotation = Some(id);
        }
    }
}

/// The hit at byte range `range` of `doc`: the one place where its offsets
/// become code points.
fn hit(doc: &Document, range: std::ops::Range<usize>, score: f32) -> Hit {
    let offsets = doc.offsets();
    let span = Span {
        start: ByteOffset(range.start),
        end: ByteOffset(range.end),
    };
    let (snippet, in_snippet) = snippet(&doc.text(), range);
    Hit {
        document: doc.id.clone(),
        start: offsets.byte_to_char(&doc.text(), span.start),
        end: offsets.byte_to_char(&doc.text(), span.end),
        span,
        snippet,
        in_snippet,
        score,
        annotation: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::marked;
    use crate::model::{Annotation, LabelId, Project, SourceFormat};

    fn corpus(docs: &[(&str, &str)]) -> Corpus {
        let mut corpus = Corpus::default();
        for (id, text) in docs {
            let doc = Document::new(
                (*id).into(),
                (*id).to_owned(),
                *text,
                SourceFormat::Text,
                "UTF-8",
            );
            corpus.insert(doc);
        }
        corpus
    }

    #[test]
    fn a_query_of_filters_only_is_put_on_the_annotation_its_document_was_found_by() {
        let (a, spans) = marked("«[The]» owners said the [plan] was [rash], [late].");
        let (c, c_spans) = marked("Nothing but [one claim] here.");
        let texts = corpus(&[("a.txt", &a), ("b.txt", "No annotation."), ("c.txt", &c)]);
        let project = Project::new("P", "corpus");
        let claim = project.labels.labels[0].id.clone();
        let other = project.labels.labels[1].id.clone();
        let made = |id: u64, doc: &str, text: &str, span: Span, label: &LabelId, who: &str| {
            let at = jiff::Timestamp::from_second(1_700_000_000).unwrap();
            Annotation::new(
                AnnotationId(id),
                doc.into(),
                text,
                span,
                label.clone(),
                who,
                at,
            )
        };
        let mut orphan = made(5, "a.txt", &a, spans[0], &claim, "Ada");
        orphan.orphaned = true;
        let annotations = [
            // One filter each; the first by position passes the annotator's.
            made(1, "a.txt", &a, spans[1], &claim, "bob"),
            made(2, "a.txt", &a, spans[0], &other, "Ada"),
            // Both: the one found by, though later.
            made(4, "a.txt", &a, spans[3], &claim, "Ada"),
            made(3, "a.txt", &a, spans[2], &claim, "Ada"),
            // Both, but orphaned: its span no longer stands for its text.
            orphan,
            made(6, "c.txt", &c, c_spans[0], &claim, "bob"),
        ];
        let tags: Vec<AnnotationTag> = annotations.iter().map(AnnotationTag::of).collect();
        let found = |ids: &[&str]| Answer {
            total: ids.len(),
            hits: ids
                .iter()
                .map(|id| hit(&texts.documents[&DocumentId::from(*id)], 0..0, 0.0))
                .collect(),
        };
        let query = Query::parse("label:Claim annotator:ada", &project).unwrap();
        let mut answer = found(&["a.txt", "b.txt", "c.txt"]);
        place_on_annotations(&mut answer, &query, &tags, &texts);
        let [a_hit, b_hit, c_hit] = &answer.hits[..] else {
            panic!("{answer:?}")
        };
        assert_eq!(a_hit.annotation, Some(AnnotationId(3)));
        assert_eq!(a_hit.span, spans[2]);
        assert_eq!(&a_hit.snippet[a_hit.in_snippet.clone()], "rash");
        // Code points: « and » are one each, two bytes each.
        let before = a[..spans[2].start.0].chars().count();
        assert_eq!((a_hit.start.0, a_hit.end.0), (before, before + 4));
        assert_eq!((b_hit.annotation, b_hit.span), (None, Span::default()));
        assert_eq!(c_hit.annotation, Some(AnnotationId(6)));
        assert_eq!(&c_hit.snippet[c_hit.in_snippet.clone()], "one claim");
        assert_eq!(answer.total, 3);
        // A span that no longer fits the text (a file changed since the
        // project was read) leaves the hit at the start.
        let mut shifted = tags[5].clone();
        shifted.span = Span::from((c.len() - 1, c.len() + 3));
        let mut answer = found(&["c.txt"]);
        place_on_annotations(&mut answer, &query, [&shifted], &texts);
        assert_eq!(answer.hits[0].annotation, None);
        // A query with words keeps its hits on the words.
        let words = Query::parse("plan label:Claim", &project).unwrap();
        let mut answer = found(&["a.txt"]);
        place_on_annotations(&mut answer, &words, &tags, &texts);
        assert_eq!(answer, found(&["a.txt"]));
        // So does one of filters on documents only.
        let status = Query::parse("status:todo", &project).unwrap();
        place_on_annotations(&mut answer, &status, &tags, &texts);
        assert_eq!(answer, found(&["a.txt"]));
    }
}
