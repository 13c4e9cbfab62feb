//! Full-text search of a corpus: an index on disk (tantivy) kept in the
//! user's cache folder, one per corpus folder, updated incrementally, and
//! queries of words, "phrases" and filters on the project (`query`).
//!
//! The parts, one per file:
//! - `analyzer`: how text is cut into words (case and accents ignored);
//! - `query`: the query language and the filters;
//! - `tags`: what the filters test, per document, kept up to date apart
//!   from the project (the window's search thread lists the filters'
//!   documents with it);
//! - `manifest`: what the index holds (hashes, file sizes and times);
//! - `index`: tantivy (schema, writer lock, the query);
//! - here: [`SearchIndex`], which keeps the index in step with a corpus (the
//!   window's documents in memory, or the folder on disk for the command
//!   line) and answers queries with offsets and snippets.
//!
//! The search never fails for the cache's sake: a damaged index folder is
//! built anew; when another process holds the writer lock (it is updating
//! the same index), the documents that changed since the index was written
//! are left out of the index's answer and searched by a plain scan of their
//! text instead (their hits come after the index's, by number of
//! occurrences); when the cache cannot be written at all, every document is
//! scanned so.

mod analyzer;
mod answer;
mod index;
mod manifest;
mod query;
mod tags;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

pub use analyzer::{MAX_WORD_BYTES, snippet};
pub use answer::{DiskTexts, TextSource, place_on_annotations};
pub use index::Progress;
use index::{Change, Docs, Tantivy, WriteFailure};
use manifest::{FileStamp, Manifest};
pub use query::{Filter, Query, QueryError, reads_annotations, reads_documents};
pub use tags::{AnnotationTag, TagChange, Tags, TagsBuilder, record_tag};

use crate::io::corpus::{ImportError, ImportOptions, WalkedFile, walk_files};
use crate::model::{AnnotationId, CharOffset, Document, DocumentId, Span};

/// One document found: where its first hit is and the text around it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub document: DocumentId,
    /// The first hit in the document's text, in code points (half-open);
    /// for a query of filters only, the annotation the document was found
    /// by ([`place_on_annotations`]), or `(0, 0)`.
    pub start: CharOffset,
    pub end: CharOffset,
    /// The same hit in bytes, for the reader.
    #[serde(skip)]
    pub span: Span,
    /// The text around the hit, on one line.
    pub snippet: String,
    /// Where the hit is in `snippet` (bytes), to show it.
    #[serde(skip)]
    pub in_snippet: std::ops::Range<usize>,
    /// The index's relevance score (higher is better; 0 for a scanned
    /// document or a query of filters only).
    #[serde(skip)]
    pub score: f32,
    /// The annotation the hit is on, for a query of filters only.
    #[serde(skip)]
    pub annotation: Option<AnnotationId>,
}

/// The answer to a query.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Answer {
    /// How many documents match (all of them, not only those listed).
    pub total: usize,
    /// The best, best first (a query of filters only: in id order).
    pub hits: Vec<Hit>,
}

/// Where the index of the corpus folder `corpus_root` lives: the user's cache
/// folder, `diptych/search/`, then a hash of the folder's canonical path.
/// `None` when the system has no cache folder.
pub fn cache_folder(corpus_root: &Path) -> Option<PathBuf> {
    Some(cache_folder_in(&dirs::cache_dir()?, corpus_root))
}

/// [`cache_folder`] under another cache folder (tests and benchmarks).
pub fn cache_folder_in(cache: &Path, corpus_root: &Path) -> PathBuf {
    let canonical = corpus_root
        .canonicalize()
        .unwrap_or_else(|_| corpus_root.to_owned());
    let hash = blake3::hash(canonical.as_os_str().as_encoded_bytes()).to_hex();
    cache.join("diptych").join("search").join(&hash[..16])
}

/// A corpus's search index, kept in step with the corpus by one of the
/// `sync_*`/`update` calls, then queried by [`SearchIndex::search`].
pub struct SearchIndex {
    folder: PathBuf,
    tantivy: Option<Tantivy>,
    /// What the reader of `tantivy` holds.
    manifest: Manifest,
    /// Files whose documents changed but could not be written to the index
    /// (its writer was busy or broken), by file: their documents now are
    /// scanned, their documents in the index left out.
    pending: BTreeMap<String, Change>,
    analyzer: TextAnalyzer,
    /// Why the index could not be used, if so (the search scans instead).
    problem: Option<String>,
    /// How far the write under way is (shared with the window).
    progress: std::sync::Arc<Progress>,
}

impl SearchIndex {
    /// Opens the index in `folder` (see [`cache_folder`]), building it anew
    /// when it is damaged or of another version. Never fails: without an
    /// index, searches scan the documents they are given.
    pub fn open(folder: &Path) -> Self {
        let (tantivy, problem) = match open_or_rebuild(folder) {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(format!("{}: {e}", folder.display()))),
        };
        let manifest = tantivy
            .as_ref()
            .and_then(Tantivy::manifest)
            .unwrap_or_default();
        Self {
            folder: folder.to_owned(),
            tantivy,
            manifest,
            pending: BTreeMap::new(),
            analyzer: analyzer::analyzer(),
            problem,
            progress: std::sync::Arc::default(),
        }
    }

    /// How far each write of the index is: files done of the files to
    /// index, counted on `progress` from now on.
    pub fn count_on(&mut self, progress: std::sync::Arc<Progress>) {
        self.progress = progress;
    }

    /// The index folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Why the index is not used (searches scan instead), if it is not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// How many documents the index holds.
    pub fn len(&self) -> usize {
        self.manifest.docs.len()
    }

    /// True when the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.manifest.docs.is_empty()
    }

    /// Brings the index in step with `docs`, the whole corpus (the window's,
    /// in memory) under `root`: documents whose hash changed and new ones
    /// are indexed, those gone are deleted; nothing else is touched.
    pub fn sync_documents(&mut self, root: &Path, docs: &[Document]) {
        let mut by_file: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
        for doc in docs {
            by_file.entry(doc.id.file_path()).or_default().push(doc);
        }
        self.write(|manifest| {
            let mut changes = Vec::new();
            let mut indexed: BTreeMap<&str, Vec<&DocumentId>> = BTreeMap::new();
            for id in manifest.docs.keys() {
                indexed.entry(id.file_path()).or_default().push(id);
            }
            for (file, now) in &by_file {
                let before = indexed.remove(file).unwrap_or_default();
                let same = before.len() == now.len()
                    && now
                        .iter()
                        .all(|d| manifest.docs.get(&d.id).is_some_and(|e| e.hash == d.hash));
                if !same {
                    changes.push(change_of(
                        root,
                        file,
                        now.iter().map(|d| (*d).clone()).collect(),
                    ));
                }
            }
            for file in indexed.into_keys() {
                changes.push(Change {
                    file: file.to_owned(),
                    stamp: None,
                    docs: Docs::none(),
                });
            }
            changes
        });
    }

    /// Takes what the window's corpus watcher read again: `changed`
    /// documents (new or with a new text) and the files `removed` (ids of
    /// files: their records go too). The whole files of `changed` must be
    /// given (every record of a JSON Lines file).
    pub fn update(&mut self, root: &Path, changed: &[Document], removed: &[DocumentId]) {
        let mut by_file: BTreeMap<&str, Vec<Document>> = BTreeMap::new();
        for doc in changed {
            by_file
                .entry(doc.id.file_path())
                .or_default()
                .push(doc.clone());
        }
        let mut changes: Vec<Change> = by_file
            .into_iter()
            .map(|(file, docs)| change_of(root, file, docs))
            .collect();
        changes.extend(removed.iter().map(|id| Change {
            file: id.file_path().to_owned(),
            stamp: None,
            docs: Docs::none(),
        }));
        self.write(move |_| changes.clone());
    }

    /// Brings the index in step with the corpus folder `root` on disk, for
    /// the command line: every file's size and modification time is
    /// compared with the manifest's, and only the files that differ are
    /// read (and indexed again if their text changed).
    pub fn sync_folder(&mut self, root: &Path, options: &ImportOptions) -> Result<(), ImportError> {
        let (files, _) = walk_files(root, options, &AtomicBool::new(false))?;
        self.sync_walked(&files, options);
        Ok(())
    }

    /// [`SearchIndex::open`] and [`SearchIndex::sync_folder`], the folder
    /// walked on a second thread while the index and its manifest are
    /// opened (the two take about as long on a large corpus).
    pub fn open_synced(
        folder: &Path,
        root: &Path,
        options: &ImportOptions,
    ) -> Result<Self, ImportError> {
        std::thread::scope(|scope| {
            let walking = scope.spawn(|| walk_files(root, options, &AtomicBool::new(false)));
            let mut index = Self::open(folder);
            let (files, _) = walking
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            index.sync_walked(&files, options);
            Ok(index)
        })
    }

    /// [`SearchIndex::sync_folder`] with the files its walk found.
    fn sync_walked(&mut self, files: &[WalkedFile], options: &ImportOptions) {
        let on_disk: FxHashSet<&str> = files.iter().map(|f| f.id.as_str()).collect();
        self.write(|manifest| {
            let mut changes: Vec<Change> = files
                .iter()
                .filter_map(|f| {
                    let stamp = FileStamp::new(f.len, f.modified);
                    (manifest.files.get(&f.id) != Some(&stamp)).then(|| Change {
                        file: f.id.clone(),
                        stamp: Some(stamp),
                        docs: Docs::Read(f.path.clone(), options.clone()),
                    })
                })
                .collect();
            let gone = manifest
                .files
                .keys()
                .map(String::as_str)
                .chain(manifest.docs.keys().map(DocumentId::file_path))
                .filter(|f| !on_disk.contains(f))
                .collect::<BTreeSet<_>>();
            changes.extend(gone.into_iter().map(|f| Change {
                file: f.to_owned(),
                stamp: None,
                docs: Docs::none(),
            }));
            changes
        });
    }

    /// Writes changes to the index, or keeps them to scan when it cannot.
    /// `changes` says what changed against a manifest: the one on disk
    /// under the writer lock, or the one in memory when the lock is busy.
    /// Changes kept from an earlier busy write are written with them.
    fn write(&mut self, changes: impl Fn(&Manifest) -> Vec<Change>) {
        // Nothing changed since this index was read: no lock, no commit.
        if self.pending.is_empty() && changes(&self.manifest).is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let all = |manifest: &Manifest| {
            let mut by_file = pending.clone();
            for change in changes(manifest) {
                by_file.insert(change.file.clone(), change);
            }
            by_file.into_values().collect::<Vec<_>>()
        };
        let result = match &mut self.tantivy {
            Some(tantivy) => tantivy.write(all, &self.progress),
            None => Err(WriteFailure::Busy),
        };
        match result {
            Ok(manifest) => self.manifest = manifest,
            Err(failure) => {
                if let WriteFailure::Broken(problem) = failure {
                    self.problem = Some(format!("{}: {problem}", self.folder.display()));
                }
                // Read to be scanned: every file's text is held from now on.
                self.pending = (all(&self.manifest).into_par_iter())
                    .map(|c| (c.file.clone(), c.read()))
                    .collect();
            }
        }
    }
}

/// The change of one file, stamped now (the stamp is taken after the text
/// was read: a change in between is seen by the watcher, which reads the
/// file again).
fn change_of(root: &Path, file: &str, docs: Vec<Document>) -> Change {
    let stamp = std::fs::metadata(root.join(file))
        .ok()
        .map(|m| FileStamp::of(&m));
    Change {
        file: file.to_owned(),
        stamp,
        docs: Docs::Given(docs),
    }
}

/// Opens the index in `folder`; one that cannot be opened is removed and
/// built anew.
fn open_or_rebuild(folder: &Path) -> tantivy::Result<Tantivy> {
    Tantivy::open(folder).or_else(|_| {
        let _ = std::fs::remove_dir_all(folder);
        Tantivy::open(folder)
    })
}
