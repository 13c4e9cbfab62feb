//! The tantivy side of the search: the schema, opening (or building anew)
//! the index folder, writing changes under the writer lock, and the query
//! itself.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByString};
use tantivy::collector::{Count, FilterCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{BooleanQuery, PhraseQuery, Query as TantivyQuery, TermQuery, TermSetQuery};
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, Term};

use super::analyzer::{self, analyzer};
use super::manifest::{DocEntry, FileStamp, Manifest};
use crate::io::corpus::{ImportOptions, read_file};
use crate::model::{Document, DocumentId};

/// The memory the writer may use while indexing: at most two threads
/// (tantivy gives each at least 15 MB). The window builds the index while
/// it loads the project: at 100,000 articles and a million annotations,
/// 100 MB here made its peak 1.42 GB, 40 MB 1.36 GB, and the build took as
/// long on the 2-core machine measured (BENCHMARKS.md). With more cores
/// 100 MB gave up to six threads: a first build there may be slower (not
/// measured).
const WRITER_MEMORY: usize = 40_000_000;

/// A file read again: its documents now (none when it is gone or skipped)
/// and its stamp (`None`: forget the file).
#[derive(Clone, Debug)]
pub(super) struct Change {
    pub file: String,
    pub stamp: Option<FileStamp>,
    pub docs: Docs,
}

/// A changed file's documents: given (the window's, in memory), or read
/// from the file when the writer comes to it, so that a first build of a
/// large folder holds a batch of files at a time rather than the corpus.
#[derive(Clone, Debug)]
pub(super) enum Docs {
    Given(Vec<Document>),
    /// The file's path on disk and how to read it.
    Read(PathBuf, ImportOptions),
}

impl Change {
    /// The change with its documents read from the file (for changes kept
    /// to scan while the index cannot take them).
    pub fn read(self) -> Self {
        let Change { file, stamp, docs } = self;
        let docs = Docs::Given(docs.documents(&file));
        Change { file, stamp, docs }
    }
}

impl Docs {
    /// None: a file gone, or one the changes only forget.
    pub fn none() -> Self {
        Docs::Given(Vec::new())
    }

    /// The documents given (none before a [`Change::read`]).
    pub fn given(&self) -> &[Document] {
        match self {
            Docs::Given(docs) => docs,
            Docs::Read(..) => &[],
        }
    }

    /// The documents of the file `id` (none when it cannot be read or is
    /// skipped).
    fn documents(self, id: &str) -> Vec<Document> {
        match self {
            Docs::Given(docs) => docs,
            Docs::Read(path, options) => read_file(&path, id, &options)
                .into_iter()
                .flatten()
                .collect(),
        }
    }
}

/// How many changed files are read (on every core) and written at a time.
const FILES_PER_BATCH: usize = 256;

/// Why the index could not take changes.
#[derive(Debug)]
pub(super) enum WriteFailure {
    /// Another process (or window) holds the writer lock.
    Busy,
    /// The index or its manifest could not be written.
    Broken(String),
}

/// The fields of the index.
#[derive(Clone, Copy)]
struct Fields {
    /// The document id, indexed whole (to delete by it) and a fast field:
    /// hits of equal score come in the order of their ids, whatever
    /// segment each went to, and the hits' ids are read from it.
    id: Field,
    /// The manifest's key of the document, a fast field (filters).
    key: Field,
    /// The text, cut by the analyzer, with positions (phrases).
    text: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | FAST);
    let key = builder.add_u64_field("key", FAST);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer::NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    (builder.build(), Fields { id, key, text })
}

/// A document waiting in the writer's queue, which holds up to 10,000 of
/// them (tantivy's pipeline): its text stays as the corpus holds it (shared,
/// packed in the window) until the writer's thread that indexes it asks for
/// it, and is not copied. Unpacked and copied when queued, the texts
/// waiting added about 7 MB to the window's peak while it built the index
/// of 10,000 articles (w10k, BENCHMARKS.md).
struct Queued {
    fields: Fields,
    key: u64,
    doc: Document,
    /// The text, unpacked by the thread that first reads the fields.
    text: OnceLock<Arc<str>>,
}

impl tantivy::Document for Queued {
    type Value<'a> = Part<'a>;
    type FieldsValuesIter<'a> = std::array::IntoIter<(Field, Part<'a>), 3>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        let text = self.text.get_or_init(|| self.doc.shared_text());
        [
            (self.fields.id, Part::Str(self.doc.id.as_str())),
            (self.fields.key, Part::U64(self.key)),
            (self.fields.text, Part::Str(text)),
        ]
        .into_iter()
    }
}

/// A field's value in a [`Queued`] document, borrowed from it.
#[derive(Clone, Copy, Debug)]
enum Part<'a> {
    Str(&'a str),
    U64(u64),
}

impl<'a> Value<'a> for Part<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            Part::Str(text) => ReferenceValueLeaf::Str(text),
            Part::U64(n) => ReferenceValueLeaf::U64(n),
        })
    }
}

/// How far a write of the index is: files done of the files it has to
/// read and index (both 0 before it knows), for the window to show.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    files: AtomicUsize,
}

impl Progress {
    /// Files done and files in all, of the write under way or the last one.
    pub fn get(&self) -> (usize, usize) {
        let files = self.files.load(Ordering::Relaxed);
        (self.done.load(Ordering::Relaxed).min(files), files)
    }

    fn start(&self, files: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.files.store(files, Ordering::Relaxed);
    }

    fn add(&self, files: usize) {
        self.done.fetch_add(files, Ordering::Relaxed);
    }
}

/// An open tantivy index and its reader.
pub(super) struct Tantivy {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    manifest_path: PathBuf,
}

/// What a query found in the index: the number of documents and the best
/// ones with their scores, best first.
pub(super) struct Found {
    pub total: usize,
    pub best: Vec<(f32, DocumentId)>,
}

impl Tantivy {
    /// Opens the index in `folder` (`index/` and `manifest.tsv`), creating
    /// it when missing; one of another schema or unreadable is an error.
    pub fn open(folder: &Path) -> tantivy::Result<Self> {
        let dir = folder.join("index");
        fs::create_dir_all(&dir)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(&dir)?;
        let mut index = Index::open_or_create(directory, schema)?;
        index.tokenizers().register(analyzer::NAME, analyzer());
        // The index's segments searched on every core: a phrase of common
        // words at 100,000 articles took 42 ms on one (its positions read
        // in every document that has all its words). Without threads (the
        // system refuses them) the search runs on the caller's thread.
        if let Ok(cores) = std::thread::available_parallelism()
            && cores.get() > 1
        {
            let _ = index.set_multithread_executor(cores.get().min(4));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            manifest_path: folder.join("manifest.tsv"),
        })
    }

    /// The manifest beside the index, as written by the last writer.
    pub fn manifest(&self) -> Option<Manifest> {
        Manifest::read(&self.manifest_path)
    }

    /// Takes the writer lock, reads the manifest as the last writer left
    /// it, lets `changes` say what changed against it, writes those changes,
    /// commits, then writes the manifest. Returns the manifest the reader
    /// now matches. A missing or damaged manifest empties the index first.
    pub fn write(
        &mut self,
        changes: impl FnOnce(&Manifest) -> Vec<Change>,
        progress: &Progress,
    ) -> Result<Manifest, WriteFailure> {
        let broken = |e: &dyn std::fmt::Display| WriteFailure::Broken(e.to_string());
        let mut writer: IndexWriter<Queued> = match self.index.writer(WRITER_MEMORY) {
            Ok(writer) => writer,
            Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _)) => {
                return Err(WriteFailure::Busy);
            }
            Err(e) => return Err(broken(&e)),
        };
        let (mut manifest, emptied) = match self.manifest() {
            Some(manifest) => (manifest, false),
            None => {
                writer.delete_all_documents().map_err(|e| broken(&e))?;
                (Manifest::default(), true)
            }
        };
        let changes = changes(&manifest);
        progress.start(changes.len());
        let mut by_file: BTreeMap<String, Vec<DocumentId>> = BTreeMap::new();
        for id in manifest.docs.keys() {
            by_file
                .entry(id.file_path().to_owned())
                .or_default()
                .push(id.clone());
        }
        let mut changes = changes.into_iter();
        loop {
            let batch: Vec<Change> = changes.by_ref().take(FILES_PER_BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let files = batch.len();
            let batch: Vec<_> = (batch.into_par_iter())
                .map(|change| {
                    let docs = change.docs.documents(&change.file);
                    (change.file, change.stamp, docs)
                })
                .collect();
            // The ids to delete (documents gone, and those indexed again),
            // then the documents to add.
            let mut deleted = Vec::new();
            let mut added = Vec::new();
            for (file, stamp, docs) in batch {
                for old in by_file.remove(&file).unwrap_or_default() {
                    if !docs.iter().any(|d| d.id == old) {
                        deleted.push(self.id_term(&old));
                        manifest.docs.remove(&old);
                    }
                }
                for doc in docs {
                    let key = match manifest.docs.get(&doc.id) {
                        Some(entry) if entry.hash == doc.hash => continue,
                        Some(entry) => entry.key,
                        None => manifest.new_key(),
                    };
                    if !emptied {
                        deleted.push(self.id_term(&doc.id));
                    }
                    manifest.docs.insert(
                        doc.id.clone(),
                        DocEntry {
                            key,
                            hash: doc.hash.clone(),
                        },
                    );
                    added.push(Queued {
                        fields: self.fields,
                        key,
                        doc,
                        text: OnceLock::new(),
                    });
                }
                match stamp {
                    Some(stamp) => manifest.files.insert(file, stamp),
                    None => manifest.files.remove(&file),
                };
            }
            // One delete for the batch, before its additions (a delete
            // applies to the documents added before it): `delete_term`
            // kept a scoring weight of about a kilobyte for each id until
            // the commit (11 MB of a first build of 10,000 articles, where
            // none is needed: the index was emptied).
            if !deleted.is_empty() {
                (writer.delete_query(Box::new(TermSetQuery::new(deleted))))
                    .map_err(|e| broken(&e))?;
            }
            for doc in added {
                writer.add_document(doc).map_err(|e| broken(&e))?;
            }
            progress.add(files);
        }
        writer.commit().map_err(|e| broken(&e))?;
        manifest
            .write(&self.manifest_path)
            .map_err(|e| broken(&e))?;
        // Segments merged now rather than dropped half-done: an index
        // updated many times stays a few segments.
        writer.wait_merging_threads().map_err(|e| broken(&e))?;
        self.reader.reload().map_err(|e| broken(&e))?;
        Ok(manifest)
    }

    fn id_term(&self, id: &DocumentId) -> Term {
        Term::from_field_text(self.fields.id, id.as_str())
    }

    /// The documents whose text holds every sequence of `text` (a word or a
    /// phrase each) and whose key `keep` accepts: how many, and the `limit`
    /// best by score.
    pub fn search(
        &self,
        text: &[Vec<String>],
        keep: Option<Arc<Vec<bool>>>,
        limit: usize,
    ) -> tantivy::Result<Found> {
        let query =
            BooleanQuery::intersection(text.iter().map(|seq| self.sequence_query(seq)).collect());
        let searcher = self.reader.searcher();
        // Best score first, then the smaller id: a fixed order for hits of
        // equal score, which tantivy otherwise gives in the order of its
        // segments, the documents reaching them in no fixed order.
        let top = TopDocs::with_limit(limit.max(1)).order_by((
            SortBySimilarityScore,
            (SortByString::for_field("id"), Order::Asc),
        ));
        let (total, best) = match keep {
            None => searcher.search(&query, &(Count, top))?,
            Some(keep) => {
                let pass = move |key: u64| {
                    usize::try_from(key)
                        .ok()
                        .and_then(|k| keep.get(k).copied())
                        .unwrap_or(false)
                };
                searcher.search(
                    &query,
                    &FilterCollector::new("key".to_owned(), pass, (Count, top)),
                )?
            }
        };
        let mut out = Vec::with_capacity(best.len().min(limit));
        for ((score, id), _) in best.into_iter().take(limit) {
            if let Some(id) = id {
                out.push((score, DocumentId::from(id.as_str())));
            }
        }
        Ok(Found { total, best: out })
    }

    fn sequence_query(&self, seq: &[String]) -> Box<dyn TantivyQuery> {
        let terms: Vec<Term> = seq
            .iter()
            .map(|w| Term::from_field_text(self.fields.text, w))
            .collect();
        match <[Term; 1]>::try_from(terms) {
            Ok([term]) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            Err(terms) => Box::new(PhraseQuery::new(terms)),
        }
    }
}
