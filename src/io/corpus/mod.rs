//! Folder import: walk a corpus folder, decode every readable article.
//!
//! The parts, one per file:
//! - `walk`: the folder walk, which lists candidate files in sorted order
//!   (hidden files skipped, symbolic links kept inside the folder) and
//!   makes their ids;
//! - `read`: the reading of one file into its documents (size limit,
//!   decoding, HTML to text, JSON records, titles), shared with the watcher;
//! - here: the [`Corpus`] itself, its settings and errors, and
//!   [`load_folder`], which walks and then reads the files in parallel.

mod read;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::SkipReason;
use crate::model::{Document, DocumentId};
pub(crate) use read::read_file;
pub use read::title_from_text;
pub use walk::outside_corpus_reason;
pub(crate) use walk::relative_id;
use walk::walk;
pub(crate) use walk::{WalkedFile, walk as walk_files};

/// Settings for reading a folder.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Reading stops with an error past this many files in the folder.
    pub max_files: usize,
    /// Reading stops with an error past this many bytes of files in the folder.
    pub max_total_bytes: u64,
    /// Hold each document's text packed ([`crate::model::packed`]): the
    /// window does; the command line reads each text once or twice.
    pub pack_texts: bool,
}

impl ImportOptions {
    /// The default size limit: 50 MB.
    pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 * 1024 * 1024;
    /// The default limit on the number of files: far above real corpora, far
    /// below a whole file system (`corpus: "/"`).
    pub const DEFAULT_MAX_FILES: usize = 1_000_000;
    /// The default limit on the files' total size: 20 GiB.
    pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 20 * 1024 * 1024 * 1024;

    /// The window's settings: the defaults, texts held packed.
    pub fn window() -> Self {
        Self {
            pack_texts: true,
            ..Self::default()
        }
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            max_file_size: Self::DEFAULT_MAX_FILE_SIZE,
            max_files: Self::DEFAULT_MAX_FILES,
            max_total_bytes: Self::DEFAULT_MAX_TOTAL_BYTES,
            pack_texts: false,
        }
    }
}

/// A file (or record) that was not loaded, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Path relative to the corpus root, `/`-separated (`#N` for a record).
    pub path: String,
    pub reason: SkipReason,
}

/// Progress of a folder load: files done out of files found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Why a folder could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read folder {}: {source}", path.display())]
    Root {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("loading was cancelled")]
    Cancelled,
    /// The folder holds more than the limits allow (see [`ImportOptions`]).
    #[error(
        "stopped reading {}: it holds more than {limit} (the limit; is this the right folder? \
         raise it with {flag})",
        path.display()
    )]
    TooLarge {
        path: PathBuf,
        /// "1000000 files" or "21474836480 bytes of files".
        limit: String,
        /// The command-line option that raises it.
        flag: &'static str,
    },
}

/// The documents of a corpus folder, keyed by id, and what was skipped.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    pub documents: BTreeMap<DocumentId, Document>,
    /// Sorted by path.
    pub skipped: Vec<Skipped>,
    /// Counts the changes made to the corpus since it was loaded (the
    /// watcher's documents read again, added or gone), for caches.
    pub revision: u64,
}

impl Corpus {
    /// The document with this id.
    pub fn get(&self, id: &DocumentId) -> Option<&Document> {
        self.documents.get(id)
    }

    /// Takes `doc` (read again from disk) in place of the stored one.
    pub fn insert(&mut self, doc: Document) {
        self.documents.insert(doc.id.clone(), doc);
        self.revision += 1;
    }

    /// Forgets the file `id`'s documents: the one of that id, or its records
    /// (`id#N`, of a JSON, JSON Lines or CSV file); returns how many went.
    pub fn remove(&mut self, id: &DocumentId) -> usize {
        let gone = (self.documents_of_file(id.as_str()))
            .map(|d| d.id.clone())
            .collect();
        self.forget(gone)
    }

    /// Forgets the records of the file `file` that are not in `ids` (the
    /// records it holds now); returns how many went.
    pub fn keep_records(&mut self, file: &DocumentId, ids: &BTreeSet<DocumentId>) -> usize {
        let gone = (self.documents_of_file(file.as_str()))
            .map(|d| d.id.clone())
            .filter(|id| !ids.contains(id))
            .collect();
        self.forget(gone)
    }

    /// Forgets the documents `gone` (a change of the corpus when there are
    /// any); returns how many.
    fn forget(&mut self, gone: Vec<DocumentId>) -> usize {
        for id in &gone {
            self.documents.remove(id);
        }
        if !gone.is_empty() {
            self.revision += 1;
        }
        gone.len()
    }

    /// The documents of the file `file`: the one of that id, or its
    /// records (`file#N`).
    pub fn documents_of_file<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Document> {
        let records = format!("{file}#");
        let whole = self.documents.get(&DocumentId::from(file));
        let range = self.documents.range(DocumentId::from(records.as_str())..);
        whole.into_iter().chain(
            range
                .map(|(_, d)| d)
                .take_while(move |d| d.id.as_str().starts_with(&records))
                .filter(move |d| d.id.file_path() == file),
        )
    }

    /// Forgets every document whose file is not in `files`; returns the ids
    /// of the files gone, each once, sorted. A document's file is its id, or
    /// for a record of a JSON, JSON Lines or CSV file (`news.jsonl#3`) the
    /// id before the record's number: a `#` elsewhere is part of a name
    /// (`Issue #12.md`, `C#/notes.txt`).
    pub fn keep_files(&mut self, files: &BTreeSet<String>) -> Vec<DocumentId> {
        let mut gone: BTreeSet<DocumentId> = BTreeSet::new();
        self.documents.retain(|id, _| {
            let file = id.file_path();
            let kept = files.contains(file);
            if !kept {
                gone.insert(DocumentId(file.into()));
            }
            kept
        });
        if !gone.is_empty() {
            self.revision += 1;
        }
        gone.into_iter().collect()
    }
}

/// Reads every supported file under `root` (recursively, in sorted order,
/// hidden files skipped, symlinks followed without loops) in parallel.
/// `progress` is called from worker threads as files finish; setting
/// `cancel` stops the load with [`ImportError::Cancelled`].
pub fn load_folder(
    root: &Path,
    options: &ImportOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Corpus, ImportError> {
    let meta = fs::metadata(root).map_err(|source| ImportError::Root {
        path: root.to_owned(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(ImportError::NotAFolder(root.to_owned()));
    }
    let started = std::time::Instant::now();
    let (files, mut skipped) = walk(root, options, cancel)?;
    let total = files.len();
    let done = AtomicUsize::new(0);
    progress(Progress { done: 0, total });
    let results: Vec<Vec<Result<Document, Skipped>>> = files
        .par_iter()
        .map(|file| {
            if cancel.load(Ordering::Relaxed) {
                return Vec::new();
            }
            let out = read_file(&file.path, &file.id, options);
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress { done, total });
            out
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    let mut documents = BTreeMap::new();
    for result in results.into_iter().flatten() {
        match result {
            Ok(doc) => {
                documents.insert(doc.id.clone(), doc);
            }
            Err(skip) => skipped.push(skip),
        }
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    tracing::info!(
        folder = %root.display(),
        documents = documents.len(),
        skipped = skipped.len(),
        ms = started.elapsed().as_millis() as u64,
        "corpus read"
    );
    Ok(Corpus {
        root: root.to_owned(),
        documents,
        skipped,
        revision: 0,
    })
}

/// Reads only the documents `ids` of the corpus folder `root` (the ones a
/// window shows first, while [`load_folder`] reads the rest): a partial
/// corpus, without its skipped files. An id that does not name a plain
/// file inside the folder as the walk would find it (hidden, or reached
/// through a link that leads out), or whose file cannot be read, is left
/// out: the whole read reports it.
pub fn read_documents(root: &Path, ids: &[DocumentId], options: &ImportOptions) -> Corpus {
    let mut documents = BTreeMap::new();
    let Ok(real_root) = root.canonicalize() else {
        return Corpus::default();
    };
    for id in ids {
        let file = id.file_path();
        let hidden = file.split('/').any(|part| part.starts_with('.'));
        if hidden || outside_corpus_reason(file).is_some() {
            continue;
        }
        let path = root.join(file);
        if !path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&real_root))
        {
            continue;
        }
        for doc in read_file(&path, file, options).into_iter().flatten() {
            if &doc.id == id {
                documents.insert(doc.id.clone(), doc);
            }
        }
    }
    Corpus {
        root: root.to_owned(),
        documents,
        skipped: Vec::new(),
        revision: 0,
    }
}

/// Loading helpers shared by the tests of this module and its parts.
#[cfg(test)]
mod test_util {
    use std::path::Path;
    use std::sync::atomic::AtomicBool;

    use super::{Corpus, ImportOptions, load_folder};
    use crate::model::DocumentId;

    pub(super) fn load(root: &Path) -> Corpus {
        load_folder(
            root,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap()
    }

    pub(super) fn ids(corpus: &Corpus) -> Vec<&str> {
        corpus.documents.keys().map(DocumentId::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::{ids, load};
    use super::*;
    use crate::model::SourceFormat;

    #[test]
    fn keeping_the_listed_files_forgets_the_others_with_their_records() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("a.txt"), "Kept.").unwrap();
        fs::write(dir.path().join("sub/b.txt"), "Gone.").unwrap();
        fs::create_dir(dir.path().join("C#")).unwrap();
        fs::write(dir.path().join("C#/notes.txt"), "Kept too.").unwrap();
        fs::write(dir.path().join("Issue #12.md"), "Kept as well.").unwrap();
        let records = "{\"text\": \"one\"}\n{\"text\": \"two\"}\n";
        fs::write(dir.path().join("r.jsonl"), records).unwrap();
        let mut corpus = load(dir.path());
        let all = [
            "C#/notes.txt",
            "Issue #12.md",
            "a.txt",
            "r.jsonl#1",
            "r.jsonl#2",
            "sub/b.txt",
        ];
        assert_eq!(ids(&corpus), all);
        let listed: BTreeSet<String> = ["a.txt", "C#/notes.txt", "Issue #12.md"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let gone = corpus.keep_files(&listed);
        let gone: Vec<&str> = gone.iter().map(DocumentId::as_str).collect();
        assert_eq!(gone, ["r.jsonl", "sub/b.txt"]);
        assert_eq!(ids(&corpus), ["C#/notes.txt", "Issue #12.md", "a.txt"]);
        assert_eq!(corpus.revision, 1);
        assert!(corpus.keep_files(&listed).is_empty());
        assert_eq!(corpus.revision, 1, "nothing gone, nothing changed");
        // A file of records that shrank keeps the records it still holds.
        let mut corpus = Corpus::default();
        for id in [
            "r.jsonl#1",
            "r.jsonl#2",
            "r.jsonl#10",
            "r.jsonl#x",
            "r.jsonl2",
            "s.txt",
        ] {
            let format = crate::model::SourceFormat::Jsonl;
            corpus.insert(Document::new(
                id.into(),
                String::new(),
                "text",
                format,
                "utf-8",
            ));
        }
        let revision = corpus.revision;
        let of_file: Vec<&str> = (corpus.documents_of_file("r.jsonl"))
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(of_file, ["r.jsonl#1", "r.jsonl#10", "r.jsonl#2"]);
        let now: BTreeSet<DocumentId> = ["r.jsonl#1"].map(DocumentId::from).into();
        assert_eq!(corpus.keep_records(&DocumentId::from("r.jsonl"), &now), 2);
        assert_eq!(
            ids(&corpus),
            ["r.jsonl#1", "r.jsonl#x", "r.jsonl2", "s.txt"]
        );
        assert_eq!(corpus.revision, revision + 1);
        assert_eq!(corpus.keep_records(&DocumentId::from("r.jsonl"), &now), 0);
        assert_eq!(corpus.revision, revision + 1);
        // A file gone takes its records, not the names that only begin
        // with its own.
        assert_eq!(corpus.remove(&DocumentId::from("r.jsonl")), 1);
        assert_eq!(ids(&corpus), ["r.jsonl#x", "r.jsonl2", "s.txt"]);
        assert_eq!(corpus.remove(&DocumentId::from("s.txt")), 1);
        assert_eq!(corpus.remove(&DocumentId::from("s.txt")), 0);
        assert_eq!(corpus.revision, revision + 3);
        let file = |id: &str| DocumentId::from(id).file_path().to_owned();
        assert_eq!(file("news.JSONL#12"), "news.JSONL");
        assert_eq!(file("notes#3"), "notes#3");
        assert_eq!(file("a.csv#"), "a.csv#");
        assert_eq!(file("C#/r.jsonl#2"), "C#/r.jsonl");
    }

    #[test]
    fn the_window_reads_each_text_packed_and_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let article = "Officials expect the first results in the spring. ".repeat(40);
        fs::write(dir.path().join("long.txt"), &article).unwrap();
        fs::write(dir.path().join("short.txt"), "A line.").unwrap();
        let plain = load(dir.path());
        let packed = load_folder(
            dir.path(),
            &ImportOptions::window(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        for (id, doc) in &plain.documents {
            let other = &packed.documents[id];
            assert!(!doc.is_packed());
            assert_eq!(&*other.text(), &*doc.text());
            assert_eq!((&other.hash, &other.title), (&doc.hash, &doc.title));
        }
        let long = &packed.documents[&DocumentId::from("long.txt")];
        assert!(long.is_packed(), "a long text is packed");
        assert_eq!(long.byte_len(), article.len());
        assert!(!packed.documents[&DocumentId::from("short.txt")].is_packed());
    }

    #[test]
    fn reading_stops_with_a_message_past_the_file_and_byte_limits() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            fs::write(dir.path().join(format!("{i}.txt")), "x".repeat(100)).unwrap();
        }
        let read = |options: ImportOptions| {
            load_folder(dir.path(), &options, &|_| {}, &AtomicBool::new(false))
        };
        let files = ImportOptions {
            max_files: 3,
            ..ImportOptions::default()
        };
        let err = read(files).unwrap_err();
        assert!(matches!(
            &err,
            ImportError::TooLarge {
                flag: "--max-files",
                ..
            }
        ));
        let message = err.to_string();
        assert!(message.contains("more than 3 files"), "{message}");
        assert!(
            message.contains(&dir.path().display().to_string()),
            "{message}"
        );
        let bytes = ImportOptions {
            max_total_bytes: 250,
            ..ImportOptions::default()
        };
        assert!(matches!(
            read(bytes),
            Err(ImportError::TooLarge {
                flag: "--max-total-bytes",
                ..
            })
        ));
        // At the limits exactly, everything is read.
        let exact = ImportOptions {
            max_files: 5,
            max_total_bytes: 500,
            ..ImportOptions::default()
        };
        assert_eq!(read(exact).unwrap().documents.len(), 5);
    }

    #[test]
    fn walks_sorted_skips_hidden_and_lists_skips() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/deeper")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join("z.txt"), "Zed\nbody").unwrap();
        fs::write(root.join("a.md"), "# Alpha title\n\ntext").unwrap();
        fs::write(root.join("b/deeper/c.txt"), "Deep\r\nline two\r\n").unwrap();
        fs::write(root.join(".hidden.txt"), "secret").unwrap();
        fs::write(root.join(".git/config"), "x").unwrap();
        fs::write(root.join("empty.txt"), "").unwrap();
        fs::write(root.join("pic.png"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
        fs::write(root.join("bin.txt"), b"abc\0def").unwrap();
        let corpus = load(root);
        assert_eq!(ids(&corpus), ["a.md", "b/deeper/c.txt", "z.txt"]);
        let a = &corpus.documents[&DocumentId::from("a.md")];
        assert_eq!(a.title, "Alpha title");
        assert_eq!(a.format, SourceFormat::Markdown);
        assert_eq!(
            &*corpus.documents[&DocumentId::from("b/deeper/c.txt")].text(),
            "Deep\nline two\n"
        );
        let skipped: Vec<(&str, String)> = corpus
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.to_string()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("bin.txt", "binary file (not text)".to_owned()),
                ("empty.txt", "empty file".to_owned()),
                ("pic.png", "unsupported format .png".to_owned()),
            ]
        );
    }

    #[test]
    fn read_documents_reads_only_those_named_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        fs::create_dir_all(root.join("a")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::write(root.join("a/one.txt"), "One").unwrap();
        fs::write(root.join("a/two.txt"), "Two").unwrap();
        fs::write(
            root.join("recs.jsonl"),
            "{\"text\": \"R1\"}\n{\"text\": \"R2\"}\n",
        )
        .unwrap();
        fs::write(root.join(".hidden/h.txt"), "Hidden").unwrap();
        fs::write(root.join("Issue #12.md"), "Twelve").unwrap();
        fs::write(dir.path().join("outside.txt"), "Outside").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("outside.txt"), root.join("link.txt")).unwrap();
        let ask = [
            "a/two.txt",
            "recs.jsonl#2",
            "gone.txt",
            ".hidden/h.txt",
            "../outside.txt",
            "link.txt",
            "Issue #12.md",
        ]
        .map(DocumentId::from);
        let corpus = read_documents(&root, &ask, &ImportOptions::default());
        assert_eq!(ids(&corpus), ["Issue #12.md", "a/two.txt", "recs.jsonl#2"]);
        assert_eq!(
            &*corpus.documents[&DocumentId::from("recs.jsonl#2")].text(),
            "R2"
        );
        assert_eq!(corpus.root, root);
    }

    #[test]
    fn progress_reaches_total_and_cancel_stops() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..20 {
            fs::write(dir.path().join(format!("{i:02}.txt")), format!("doc {i}")).unwrap();
        }
        let last = std::sync::Mutex::new(Vec::new());
        load_folder(
            dir.path(),
            &ImportOptions::default(),
            &|p| last.lock().unwrap().push(p),
            &AtomicBool::new(false),
        )
        .unwrap();
        let seen = last.into_inner().unwrap();
        assert_eq!(seen.first(), Some(&Progress { done: 0, total: 20 }));
        assert_eq!(seen.iter().map(|p| p.done).max(), Some(20));
        let cancelled = load_folder(
            dir.path(),
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(true),
        );
        assert!(matches!(cancelled, Err(ImportError::Cancelled)));
    }

    #[test]
    fn missing_root_is_an_error_naming_it() {
        let err = load_folder(
            Path::new("/no/such/folder"),
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
        assert!(err.to_string().contains("/no/such/folder"), "{err}");
    }
}
