//! Folder import: walk a corpus folder, decode every readable article.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::SkipReason;
use super::decode::{decode, normalize_newlines};
use super::html::html_to_text;
use crate::model::{Document, DocumentId, SourceFormat};

/// Settings for reading a folder.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
}

impl ImportOptions {
    /// The default size limit: 50 MB.
    pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 * 1024 * 1024;
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            max_file_size: Self::DEFAULT_MAX_FILE_SIZE,
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

    /// Forgets the document `id` and its records (`id#…`, of a JSONL or CSV
    /// file); returns how many documents went.
    pub fn remove(&mut self, id: &DocumentId) -> usize {
        let records = format!("{id}#");
        let before = self.documents.len();
        self.documents
            .retain(|k, _| k != id && !k.as_str().starts_with(&records));
        let gone = before - self.documents.len();
        if gone > 0 {
            self.revision += 1;
        }
        gone
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
    let (files, mut skipped) = walk(root, cancel)?;
    let total = files.len();
    let done = AtomicUsize::new(0);
    progress(Progress { done: 0, total });
    let results: Vec<Vec<Result<Document, Skipped>>> = files
        .par_iter()
        .map(|(path, id)| {
            if cancel.load(Ordering::Relaxed) {
                return Vec::new();
            }
            let out = read_file(path, id, options);
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
    Ok(Corpus {
        root: root.to_owned(),
        documents,
        skipped,
        revision: 0,
    })
}

/// Files found by a walk, as (path, id) in sorted order, and entries that could not be walked.
type Walked = (Vec<(PathBuf, String)>, Vec<Skipped>);

/// Lists candidate files, sorted; unreadable entries are skipped.
///
/// Symbolic links are followed only while they stay inside the corpus folder:
/// a link whose target (resolved) is outside it is listed as
/// [`SkipReason::SymlinkOutside`] and not read, so a corpus cannot make
/// Diptych read files the analyst did not put in it.
fn walk(root: &Path, cancel: &AtomicBool) -> Result<Walked, ImportError> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let real_root = root.canonicalize().map_err(|source| ImportError::Root {
        path: root.to_owned(),
        source,
    })?;
    let lossy_id = |p: &Path| {
        let id = relative_id(root, p).unwrap_or_else(|| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        });
        escape_controls(&id)
    };
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        if cancel.load(Ordering::Relaxed) {
            return Err(ImportError::Cancelled);
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                if err.depth() == 0 {
                    return Err(ImportError::Root {
                        path: root.to_owned(),
                        source: err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("cannot walk")),
                    });
                }
                let path = err.path().map_or_else(String::new, lossy_id);
                let reason = if err.loop_ancestor().is_some() {
                    SkipReason::SymlinkLoop
                } else {
                    link_error_reason(err.path(), err.io_error()).unwrap_or_else(|| {
                        SkipReason::Unreadable(
                            err.io_error()
                                .map_or_else(|| err.to_string(), ToString::to_string),
                        )
                    })
                };
                skipped.push(Skipped { path, reason });
                continue;
            }
        };
        if entry.path_is_symlink() {
            let inside =
                fs::canonicalize(entry.path()).is_ok_and(|real| real.starts_with(&real_root));
            if !inside {
                skipped.push(Skipped {
                    path: lossy_id(entry.path()),
                    reason: SkipReason::SymlinkOutside,
                });
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            // Reading a named pipe would block; a device may never end.
            skipped.push(Skipped {
                path: lossy_id(entry.path()),
                reason: SkipReason::Unreadable(
                    "not a regular file (a pipe, socket or device)".to_owned(),
                ),
            });
            continue;
        }
        let Some(id) = relative_id(root, entry.path()) else {
            skipped.push(Skipped {
                path: lossy_id(entry.path()),
                reason: SkipReason::InvalidName,
            });
            continue;
        };
        files.push((entry.into_path(), id));
    }
    Ok((files, skipped))
}

/// `text` with control characters escaped (`\n`, `\u{1b}`), so that a file
/// name cannot move the cursor or recolour a terminal when it is printed.
fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The reason for a walk error on a symbolic link: its target is missing, or
/// links lead to each other in a circle (`a -> b -> a`). `None` when `path`
/// is not a symbolic link.
fn link_error_reason(path: Option<&Path>, error: Option<&std::io::Error>) -> Option<SkipReason> {
    let path = path?;
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return None;
    }
    let error = error?;
    if error.kind() == std::io::ErrorKind::NotFound {
        return Some(SkipReason::BrokenSymlink);
    }
    // ELOOP: too many levels of symbolic links.
    let eloop = if cfg!(any(target_os = "linux", target_os = "android")) {
        40
    } else {
        62
    };
    (cfg!(unix) && error.raw_os_error() == Some(eloop)).then_some(SkipReason::SymlinkLoop)
}

/// Why a document id cannot name a file inside the corpus folder, or `None`
/// when it can. Ids are relative, `/`-separated paths made by the folder
/// walk, so an absolute path, a `..` or `.` component or an empty component
/// (`../../etc/passwd`, `/etc/passwd`, `a//b`) never comes from Diptych: a
/// project file holding one is refused before anything is read.
pub fn outside_corpus_reason(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("it is empty");
    }
    if id.contains('\0') {
        return Some("it contains a NUL character");
    }
    let path = Path::new(id);
    if id.starts_with('/') || path.is_absolute() || path.has_root() {
        return Some("it is an absolute path");
    }
    let separators: &[char] = if cfg!(windows) { &['/', '\\'] } else { &['/'] };
    for part in id.split(separators) {
        match part {
            ".." => return Some("it climbs out of the corpus folder with `..`"),
            "." | "" => return Some("it has an empty or `.` path component"),
            _ => {}
        }
    }
    if path
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Some("it is not a plain relative path");
    }
    None
}

/// `path` relative to `root`, `/`-separated; `None` if a component is not UTF-8.
pub(crate) fn relative_id(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn skip(id: &str, reason: SkipReason) -> Vec<Result<Document, Skipped>> {
    vec![Err(Skipped {
        path: id.to_owned(),
        reason,
    })]
}

/// Reads one file into its documents (several for a .jsonl file).
pub(crate) fn read_file(
    path: &Path,
    id: &str,
    options: &ImportOptions,
) -> Vec<Result<Document, Skipped>> {
    // Checked here, not in the walk, so that the watcher's reads obey it too.
    if id.chars().any(char::is_control) {
        return skip(&escape_controls(id), SkipReason::ControlCharsInName);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let Some(format) = SourceFormat::from_extension(&ext) else {
        return skip(id, SkipReason::UnsupportedFormat(ext));
    };
    let size = match fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(err) => return skip(id, SkipReason::Unreadable(err.to_string())),
    };
    if size > options.max_file_size {
        return skip(
            id,
            SkipReason::TooLarge {
                size,
                limit: options.max_file_size,
            },
        );
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return skip(id, SkipReason::Unreadable(err.to_string())),
    };
    let decoded = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(reason) => return skip(id, reason),
    };
    match format {
        SourceFormat::Text | SourceFormat::Markdown => {
            let title = title_from_text(&decoded.text, format == SourceFormat::Markdown, id);
            vec![Ok(Document::new(
                DocumentId(id.to_owned()),
                title,
                decoded.text,
                format,
                decoded.encoding,
            ))]
        }
        SourceFormat::Html => {
            let page = html_to_text(&decoded.text);
            if page.text.trim().is_empty() {
                return skip(id, SkipReason::Empty);
            }
            let title = page
                .title
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| title_from_text(&page.text, false, id));
            vec![Ok(Document::new(
                DocumentId(id.to_owned()),
                title,
                page.text,
                format,
                decoded.encoding,
            ))]
        }
        SourceFormat::Json | SourceFormat::Jsonl => {
            read_records(&decoded.text, id, format, decoded.encoding)
        }
    }
}

/// Documents from a JSON array (or JSON Lines) of `{"text": ..., "title"?: ...}` records.
fn read_records(
    text: &str,
    id: &str,
    format: SourceFormat,
    encoding: &'static str,
) -> Vec<Result<Document, Skipped>> {
    let values: Vec<(usize, Result<serde_json::Value, String>)> = if format == SourceFormat::Json {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i + 1, Ok(v)))
                .collect(),
            Ok(_) => {
                return skip(
                    id,
                    SkipReason::NotRecords("the top level is not an array".into()),
                );
            }
            Err(err) => {
                return skip(
                    id,
                    SkipReason::NotRecords(format!(
                        "invalid JSON at {}:{}: {err}",
                        err.line(),
                        err.column()
                    )),
                );
            }
        }
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| {
                let value = serde_json::from_str(line).map_err(|err| {
                    format!(
                        "invalid JSON at line {}, column {}: {err}",
                        n + 1,
                        err.column()
                    )
                });
                (n + 1, value)
            })
            .collect()
    };
    if values.is_empty() {
        return skip(id, SkipReason::Empty);
    }
    let mut out = Vec::new();
    let mut any_record = false;
    for (n, value) in values {
        let record_id = format!("{id}#{n}");
        let record = value.and_then(|v| match v.get("text") {
            Some(serde_json::Value::String(t)) => Ok((
                t.clone(),
                v.get("title").and_then(|t| t.as_str()).map(str::to_owned),
            )),
            Some(_) => Err("\"text\" is not a string".to_owned()),
            None => Err("no \"text\" field".to_owned()),
        });
        match record {
            Ok((text, title)) => {
                let text = normalize_newlines(&text).into_owned();
                if text.trim().is_empty() {
                    out.push(Err(Skipped {
                        path: record_id,
                        reason: SkipReason::Empty,
                    }));
                    continue;
                }
                any_record = true;
                let title = title
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| title_from_text(&text, false, &record_id));
                out.push(Ok(Document::new(
                    DocumentId(record_id),
                    title,
                    text,
                    format,
                    encoding,
                )));
            }
            Err(why) => out.push(Err(Skipped {
                path: record_id,
                reason: SkipReason::NotRecords(why),
            })),
        }
    }
    if !any_record
        && out.iter().all(|r| {
            matches!(
                r,
                Err(Skipped {
                    reason: SkipReason::NotRecords(_),
                    ..
                })
            )
        })
    {
        // Not a record file at all (e.g. package.json lines): one entry for the file.
        let why = match out.first() {
            Some(Err(Skipped {
                reason: SkipReason::NotRecords(why),
                ..
            })) => why.clone(),
            _ => "no records".to_owned(),
        };
        return skip(id, SkipReason::NotRecords(why));
    }
    out
}

/// A title from the first non-empty line (markdown heading marks removed),
/// at most 200 chars; the file name if there is no such line.
pub fn title_from_text(text: &str, markdown: bool, id: &str) -> String {
    const MAX: usize = 200;
    let line = text
        .lines()
        .map(str::trim)
        .map(|l| {
            if markdown {
                l.trim_start_matches('#').trim()
            } else {
                l
            }
        })
        .find(|l| {
            !l.is_empty()
                && !l
                    .chars()
                    .all(|c| c == '`' || c == '-' || c == '=' || c == '*')
        });
    match line {
        Some(line) if line.chars().count() > MAX => {
            let cut: String = line.chars().take(MAX - 1).collect();
            format!("{}…", cut.trim_end())
        }
        Some(line) => line.to_owned(),
        None => id.rsplit('/').next().unwrap_or(id).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(root: &Path) -> Corpus {
        load_folder(
            root,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap()
    }

    fn ids(corpus: &Corpus) -> Vec<&str> {
        corpus.documents.keys().map(DocumentId::as_str).collect()
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
            &*corpus.documents[&DocumentId::from("b/deeper/c.txt")].text,
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
    fn json_and_jsonl_records_become_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("list.json"),
            r#"[{"text": "First record\nbody", "title": "One"}, {"text": "Second"}]"#,
        )
        .unwrap();
        fs::write(
            root.join("lines.jsonl"),
            "{\"text\": \"L1\"}\n\n{\"nope\": 1}\n{\"text\": \"L3\"}\n",
        )
        .unwrap();
        fs::write(root.join("package.json"), r#"{"name": "x"}"#).unwrap();
        fs::write(root.join("broken.json"), "[{\"text\": ").unwrap();
        let corpus = load(root);
        assert_eq!(
            ids(&corpus),
            [
                "lines.jsonl#1",
                "lines.jsonl#4",
                "list.json#1",
                "list.json#2"
            ]
        );
        assert_eq!(
            corpus.documents[&DocumentId::from("list.json#1")].title,
            "One"
        );
        assert_eq!(
            corpus.documents[&DocumentId::from("list.json#2")].title,
            "Second"
        );
        let skipped: Vec<&str> = corpus.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(skipped, ["broken.json", "lines.jsonl#3", "package.json"]);
        assert!(
            corpus.skipped[0]
                .reason
                .to_string()
                .contains("invalid JSON at 1:"),
            "{}",
            corpus.skipped[0].reason
        );
    }

    #[test]
    fn size_limit_is_configurable() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("big.txt"), "x".repeat(2000)).unwrap();
        let options = ImportOptions {
            max_file_size: 1000,
        };
        let corpus = load_folder(dir.path(), &options, &|_| {}, &AtomicBool::new(false)).unwrap();
        assert!(corpus.documents.is_empty());
        assert_eq!(
            corpus.skipped[0].reason,
            SkipReason::TooLarge {
                size: 2000,
                limit: 1000
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_skipped_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/a.txt"), "A").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let corpus = load(root);
        assert_eq!(ids(&corpus), ["sub/a.txt"]);
        assert_eq!(
            corpus.skipped,
            [Skipped {
                path: "sub/loop".into(),
                reason: SkipReason::SymlinkLoop
            }]
        );
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

    #[test]
    fn ids_outside_the_corpus_are_named() {
        for id in [
            "a.txt",
            "dir/b.md",
            "x.jsonl#3",
            "ünï/日本.txt",
            "a..b.txt",
            "...txt",
        ] {
            assert_eq!(outside_corpus_reason(id), None, "{id}");
        }
        for (id, why) in [
            ("", "it is empty"),
            ("/etc/passwd", "it is an absolute path"),
            ("../x.txt", "it climbs out of the corpus folder with `..`"),
            (
                "a/../../x.txt",
                "it climbs out of the corpus folder with `..`",
            ),
            ("a/..", "it climbs out of the corpus folder with `..`"),
            ("./a.txt", "it has an empty or `.` path component"),
            ("a//b.txt", "it has an empty or `.` path component"),
            ("a/", "it has an empty or `.` path component"),
            ("a\0b", "it contains a NUL character"),
        ] {
            assert_eq!(outside_corpus_reason(id), Some(why), "{id}");
        }
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_from_text("```\nReal title\n", false, "x.txt"),
            "Real title"
        );
        assert_eq!(title_from_text("   \n", false, "dir/x.txt"), "x.txt");
        assert_eq!(title_from_text("## Heading", true, "x.md"), "Heading");
        assert_eq!(
            title_from_text(&"é".repeat(300), false, "x")
                .chars()
                .count(),
            200
        );
    }
}

#[cfg(test)]
mod encoding_tests {
    use super::*;

    /// Files in every encoding an analyst's folder holds, read end to end.
    #[test]
    fn a_folder_of_mixed_encodings_reads_to_the_same_text() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let text = "Café “déjà vu” — naïve 👩‍👩‍👧 e\u{301} 中文报道\nline two";
        let latin = "Café déjà vu — the naïve reader’s “view”.\nSecond paragraph, façade.";
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.replace('\n', "\r\n").as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(latin);
        fs::write(root.join("utf8.txt"), text).unwrap();
        fs::write(root.join("utf8-bom-crlf.txt"), &bom8).unwrap();
        fs::write(root.join("utf16le.txt"), &utf16le).unwrap();
        fs::write(root.join("utf16be.txt"), &utf16be).unwrap();
        fs::write(root.join("cp1252.txt"), &cp1252).unwrap();
        fs::write(root.join("page.html"), "<html><head><title>T &amp; U</title><style>p{}</style></head><body><nav>Home</nav><script>alert(1)</script><p>Caf&eacute; &#8220;quoted&#8221;</p><p>Second</p></body></html>").unwrap();
        let corpus = load_folder(
            root,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
        for id in [
            "utf8.txt",
            "utf8-bom-crlf.txt",
            "utf16le.txt",
            "utf16be.txt",
        ] {
            assert_eq!(&*corpus.documents[&DocumentId::from(id)].text, text, "{id}");
        }
        let legacy = &corpus.documents[&DocumentId::from("cp1252.txt")];
        assert_eq!(&*legacy.text, latin);
        assert_eq!(legacy.encoding, "windows-1252");
        let page = &corpus.documents[&DocumentId::from("page.html")];
        assert_eq!(page.title, "T & U");
        assert_eq!(&*page.text, "Café “quoted”\nSecond");
        assert_eq!(
            corpus.documents[&DocumentId::from("utf16be.txt")].encoding,
            "UTF-16BE"
        );
    }
}
