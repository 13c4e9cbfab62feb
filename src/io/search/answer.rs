//! Answering a query: the index's best documents (and the scan of those it
//! does not hold up to date), then each hit's offsets and snippet from the
//! document's text, which only the hits need.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::analyzer::{first_hit, scan, snippet, words};
use super::{Answer, Hit, Query, SearchIndex};
use crate::io::corpus::{Corpus, ImportOptions, read_file};
use crate::model::{ByteOffset, Document, DocumentId, Span};

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
    }
}
