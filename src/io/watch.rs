//! Watching the corpus folder while the app runs: documents changed, added
//! or removed on disk are read again in the background and handed over in
//! batches, so that their annotations can be re-anchored.
//!
//! The watcher runs one thread. Raw events are collected until the folder
//! has been quiet for [`QUIET`] (an editor's save is several events: temp
//! file, rename, attribute change), then every touched path is read with the
//! same rules as a folder import: hidden files, unsupported formats and links
//! out of the folder are ignored. Reading never happens on the UI thread.
//!
//! When the system says events were lost (Linux's inotify queue holds 16,384
//! by default: a crawler or `git checkout` rewriting thousands of articles,
//! or any program reading them, since `notify` asks for open events too),
//! the whole folder is read again and listed ([`CorpusChange::Listed`]), so
//! that no change is missed.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::corpus::{ImportOptions, read_file, relative_id, walk_files};
use crate::model::{Document, DocumentId};

/// How long the folder must be quiet before changes are read.
pub const QUIET: Duration = Duration::from_millis(250);

/// What happened to one file of the corpus.
#[derive(Clone, Debug)]
pub enum CorpusChange {
    /// A document's current text (changed or new). A `.jsonl` file gives one per record.
    Changed(Document),
    /// The file is gone (or is no longer readable as a document): the id of
    /// the file, which is also the prefix of its records' ids (`file.jsonl#3`).
    Removed(DocumentId),
    /// A file of records (`.jsonl`, `.json`, `.csv`) read again: the ids of
    /// every record it gives now, sent after their `Changed`. A record of
    /// the file not among them is gone (the file shrank).
    Records {
        file: DocumentId,
        ids: BTreeSet<DocumentId>,
    },
    /// The folder read again whole, after the system lost events: the ids of
    /// the files that gave documents. The documents of those read again
    /// came as `Changed` before this (every file the first time, then those
    /// whose stamp changed); a document whose file is not listed is gone.
    /// Not sent when part of the folder could not be walked.
    Listed(BTreeSet<String>),
}

/// How many files of a folder read again whole go in one batch.
const RESCAN_BATCH: usize = 1000;

/// Watches a corpus folder until dropped.
pub struct CorpusWatcher {
    /// Shared with the watcher's thread, which asks it to watch the folder
    /// again after lost events (folders made meanwhile had no watch); that
    /// thread holds it weakly, so dropping this ends the watch.
    _watcher: Arc<Mutex<notify::RecommendedWatcher>>,
    changes: mpsc::Receiver<Vec<CorpusChange>>,
    root: PathBuf,
}

impl CorpusWatcher {
    /// Starts watching `root` recursively. `wake` is called (from the
    /// watcher's thread) whenever a batch of changes is ready.
    pub fn start(
        root: &Path,
        options: ImportOptions,
        wake: impl Fn() + Send + 'static,
    ) -> notify::Result<Self> {
        let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(raw_tx)?;
        // FSEvents (macOS) names changed files by their real path, which a
        // root reached through a link or `..` (`projects/../seeds`) is not a
        // prefix of: the real folder is watched, and ids made from it.
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        watcher.watch(&real_root, RecursiveMode::Recursive)?;
        let (tx, changes) = mpsc::channel();
        let watcher = Arc::new(Mutex::new(watcher));
        let weak = Arc::downgrade(&watcher);
        let thread_root = real_root;
        std::thread::Builder::new()
            .name("corpus-watch".to_owned())
            .spawn(move || {
                // It reads the files that changed: not before a key.
                super::background::lower_priority();
                let rewatch = || {
                    let watcher = weak.upgrade();
                    let watcher = watcher.as_ref().and_then(|w| w.lock().ok());
                    if let Some(mut watcher) = watcher
                        && let Err(err) = watcher.watch(&thread_root, RecursiveMode::Recursive)
                    {
                        tracing::warn!(folder = %thread_root.display(), "the corpus folder could not be watched again: {err}");
                    }
                };
                debounce(&thread_root, &options, &raw_rx, &tx, &wake, &rewatch);
            })
            .map_err(notify::Error::io)?;
        Ok(Self {
            _watcher: watcher,
            changes,
            root: root.to_owned(),
        })
    }

    /// The folder watched.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every batch of changes read since the last call, in order.
    pub fn take(&self) -> Vec<CorpusChange> {
        self.changes.try_iter().flatten().collect()
    }
}

/// The watcher thread: collects paths until quiet, reads them, sends a batch.
/// Ends when the watcher (and with it the event channel) is dropped.
fn debounce(
    root: &Path,
    options: &ImportOptions,
    raw: &mpsc::Receiver<notify::Result<notify::Event>>,
    tx: &mpsc::Sender<Vec<CorpusChange>>,
    wake: &dyn Fn(),
    rewatch: &dyn Fn(),
) {
    // Each file's stamp as the last reading of the whole folder found it.
    let mut known = HashMap::new();
    // How long to wait before reading the folder again: a reading walks
    // every folder, and those opens make events too; where there are more
    // folders than the system's queue holds, each reading would lose events
    // and start the next. Doubled (1 s to a minute) after each reading that
    // found nothing, back to none after one that found a change.
    let mut pause = Duration::ZERO;
    while let Ok(first) = raw.recv() {
        let mut paths = BTreeSet::new();
        let mut lost = collect(first, &mut paths);
        loop {
            match raw.recv_timeout(QUIET) {
                Ok(event) => lost |= collect(event, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        if lost {
            tracing::warn!(
                folder = %root.display(),
                "the corpus watcher lost events (the system's queue was full): reading the folder again"
            );
            let until = std::time::Instant::now() + pause;
            while let Some(left) = until.checked_duration_since(std::time::Instant::now()) {
                match raw.recv_timeout(left) {
                    Ok(_) => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            // Folders made while events were lost have no watch yet.
            rewatch();
            match rescan(root, options, tx, wake, &mut known) {
                Rescan::Done { changed } => {
                    pause = if changed {
                        Duration::ZERO
                    } else {
                        (pause * 2).clamp(Duration::from_secs(1), Duration::from_secs(60))
                    };
                    continue;
                }
                Rescan::Closed => return,
                // The paths the system did name are read as always.
                Rescan::Failed => {}
            }
        }
        let batch: Vec<CorpusChange> = paths
            .iter()
            .flat_map(|p| read_change(root, p, options))
            .collect();
        if batch.is_empty() {
            continue;
        }
        if tx.send(batch).is_err() {
            return;
        }
        wake();
    }
}

/// Adds the paths `event` names to `paths`; whether it says events were
/// lost (then the folder must be read again whole).
fn collect(event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) -> bool {
    let Ok(event) = event else {
        return false;
    };
    if event.need_rescan() {
        return true;
    }
    if !event.kind.is_access() {
        paths.extend(event.paths);
    }
    false
}

/// How reading the whole folder again ended.
enum Rescan {
    /// `changed`: a file was read (new or changed) or one is gone.
    Done { changed: bool },
    /// The folder could not be walked: nothing was sent.
    Failed,
    /// The app no longer listens.
    Closed,
}

/// Reads the folder at `root` again, as a folder import reads it, and sends
/// its documents in batches (`wake` after each), then the list of its files
/// ([`CorpusChange::Listed`]). A file whose stamp is the one `known` holds
/// from the last time is not opened again (it gave documents then):
/// reading every file makes an open event each, and those alone can fill
/// the system's queue again; only the first time reads them all. The files
/// are read one at a time on this thread: a recovery in the background
/// that leaves the other cores to the window. When part of the folder
/// cannot be walked (a folder unreadable, or replaced while walked), no
/// list is sent, so that nothing under it is taken for gone.
fn rescan(
    root: &Path,
    options: &ImportOptions,
    tx: &mpsc::Sender<Vec<CorpusChange>>,
    wake: &dyn Fn(),
    known: &mut HashMap<String, Stamp>,
) -> Rescan {
    let (files, skipped) = match walk_files(root, options, &AtomicBool::new(false)) {
        Ok(walked) => walked,
        Err(err) => {
            tracing::warn!(folder = %root.display(), "the corpus folder could not be read again: {err}");
            return Rescan::Failed;
        }
    };
    let whole = !(skipped.iter()).any(|s| {
        matches!(
            s.reason,
            crate::io::SkipReason::Unreadable(_) | crate::io::SkipReason::SymlinkLoop
        )
    });
    let mut listed = BTreeSet::new();
    let mut now = HashMap::with_capacity(files.len());
    let mut read = 0;
    for chunk in files.chunks(RESCAN_BATCH) {
        let mut batch = Vec::new();
        for file in chunk {
            // Taken before the read: a change made while it is read is seen next time.
            let stamp = Stamp::of(&file.path);
            let gave = if stamp.is_some() && known.get(&file.id) == stamp.as_ref() {
                true
            } else {
                read += 1;
                let before = batch.len();
                batch.extend(file_changes(&file.path, &file.id, options));
                batch.len() > before
            };
            // Only files that gave documents are remembered: one that did
            // not (unreadable for a moment, emptied) is read again next time.
            if gave {
                listed.insert(file.id.clone());
                if let Some(stamp) = stamp {
                    now.insert(file.id.clone(), stamp);
                }
            }
        }
        if !batch.is_empty() {
            if tx.send(batch).is_err() {
                return Rescan::Closed;
            }
            wake();
        }
    }
    tracing::info!(
        files = files.len(),
        read,
        whole,
        "the corpus folder was read again"
    );
    let changed = read > 0 || now.len() != known.len();
    *known = now;
    if whole {
        if tx.send(vec![CorpusChange::Listed(listed)]).is_err() {
            return Rescan::Closed;
        }
        wake();
    }
    Rescan::Done { changed }
}

/// What tells that a file changed without opening it (a stat, which makes
/// no event): its size, modification time and, on Unix, its inode and
/// status-change time (which no program can set back, unlike the
/// modification time that `rsync -t` or `wget -N` copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    changed: (u64, i64, i64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let changed = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.ctime(), meta.ctime_nsec())
        };
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed,
        })
    }
}

/// What a touched path means for the corpus: nothing for folders, hidden
/// files and paths out of the folder; `Removed` for a file that is gone.
pub fn read_change(root: &Path, path: &Path, options: &ImportOptions) -> Vec<CorpusChange> {
    let Some(id) = relative_id(root, path) else {
        return Vec::new();
    };
    let hidden = id.split('/').any(|part| part.starts_with('.'));
    if id.is_empty() || hidden {
        return Vec::new();
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return vec![CorpusChange::Removed(DocumentId(id.into()))];
    };
    if meta.file_type().is_symlink() {
        // Links are read only while they stay inside the folder, as on import.
        let inside = match (path.canonicalize(), root.canonicalize()) {
            (Ok(real), Ok(real_root)) => real.starts_with(real_root),
            _ => false,
        };
        if !inside {
            return Vec::new();
        }
    }
    if !path.is_file() {
        return Vec::new();
    }
    let documents = file_changes(path, &id, options);
    if documents.is_empty() {
        // Unreadable now (emptied, truncated mid-write, binary): as if gone,
        // which keeps its annotations untouched until it reads again.
        return vec![CorpusChange::Removed(DocumentId(id.into()))];
    }
    documents
}

/// What the file `id` at `path` gives when read now: its documents, each
/// `Changed`, then for a file of records their list (`Records`); nothing
/// when it gives no document.
fn file_changes(path: &Path, id: &str, options: &ImportOptions) -> Vec<CorpusChange> {
    let documents: Vec<Document> = (read_file(path, id, options).into_iter())
        .filter_map(Result::ok)
        .collect();
    let records = (documents.iter().any(|d| d.id.as_str() != id)).then(|| CorpusChange::Records {
        file: DocumentId(id.into()),
        ids: documents.iter().map(|d| d.id.clone()).collect(),
    });
    (documents.into_iter().map(CorpusChange::Changed))
        .chain(records)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn wait_for(watcher: &CorpusWatcher, what: impl Fn(&[CorpusChange]) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            seen.extend(watcher.take());
            if what(&seen) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_changed_file_is_read_again_and_hidden_or_unsupported_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "First version.").unwrap();
        let (wake_tx, wake_rx) = mpsc::channel();
        let watcher = CorpusWatcher::start(root, ImportOptions::default(), move || {
            let _ = wake_tx.send(());
        })
        .unwrap();
        std::fs::write(root.join(".hidden.txt"), "secret").unwrap();
        std::fs::write(root.join("notes.ron"), "()").unwrap();
        std::fs::write(root.join("a.txt"), "Second version.").unwrap();
        let found = wait_for(&watcher, |seen| {
            seen.iter().any(|c| {
                matches!(c, CorpusChange::Changed(d)
                    if d.id.as_str() == "a.txt" && &*d.text() == "Second version.")
            })
        });
        assert!(found, "the new text of a.txt arrives");
        // Woken after the batch is sent: it may come a moment after it.
        assert!(
            wake_rx.recv_timeout(Duration::from_secs(5)).is_ok(),
            "the app is woken"
        );
        // Nothing else came: not the hidden file, not the .ron.
        std::thread::sleep(QUIET * 2);
        let rest = watcher.take();
        assert!(
            rest.iter().all(|c| match c {
                CorpusChange::Changed(d) => d.id.as_str() == "a.txt",
                CorpusChange::Removed(id) => id.as_str() == "a.txt",
                CorpusChange::Records { .. } | CorpusChange::Listed(_) => false,
            }),
            "{rest:?}"
        );
    }

    #[test]
    fn a_deleted_file_is_reported_removed_and_a_new_one_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/gone.md"), "# Gone\n\nText.").unwrap();
        let watcher = CorpusWatcher::start(root, ImportOptions::default(), || {}).unwrap();
        std::fs::remove_file(root.join("sub/gone.md")).unwrap();
        std::fs::write(root.join("sub/new.txt"), "Fresh article.").unwrap();
        let found = wait_for(&watcher, |seen| {
            let removed = seen
                .iter()
                .any(|c| matches!(c, CorpusChange::Removed(id) if id.as_str() == "sub/gone.md"));
            let added = seen
                .iter()
                .any(|c| matches!(c, CorpusChange::Changed(d) if d.id.as_str() == "sub/new.txt"));
            removed && added
        });
        assert!(found);
    }

    /// The events `debounce` would get from the system: a change to `a.txt`
    /// named, then word that events were lost while the folder changed
    /// further (as inotify says when its queue overflowed).
    #[test]
    fn lost_events_make_the_folder_read_again_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for (name, text) in [
            ("a.txt", "First a."),
            ("sub/b.txt", "First b."),
            ("c.txt", "Same c."),
            (
                "records.jsonl",
                "{\"text\": \"one\"}\n{\"text\": \"two\"}\n",
            ),
        ] {
            std::fs::write(root.join(name), text).unwrap();
        }
        let (raw_tx, raw_rx) = mpsc::channel();
        let (tx, rx) = mpsc::channel();
        let (wake_tx, wake_rx) = mpsc::channel();
        let thread_root = root.to_owned();
        let thread = std::thread::spawn(move || {
            let wake = move || {
                let _ = wake_tx.send(());
            };
            debounce(
                &thread_root,
                &ImportOptions::default(),
                &raw_rx,
                &tx,
                &wake,
                &|| {},
            );
        });
        // Changes of which no event arrives: b deleted, d and a hidden file added, a changed.
        std::fs::remove_file(root.join("sub/b.txt")).unwrap();
        std::fs::write(root.join("sub/d.md"), "# New d\n\nText.").unwrap();
        std::fs::write(root.join(".hidden.txt"), "secret").unwrap();
        std::fs::write(root.join("a.txt"), "Second a.").unwrap();
        let named = notify::Event::new(notify::EventKind::Any).add_path(root.join("a.txt"));
        raw_tx.send(Ok(named)).unwrap();
        let lost =
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        raw_tx.send(Ok(lost)).unwrap();
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !seen.iter().any(|c| matches!(c, CorpusChange::Listed(_))) {
            assert!(Instant::now() < deadline, "no list came: {seen:?}");
            if let Ok(batch) = rx.recv_timeout(Duration::from_millis(100)) {
                seen.extend(batch);
            }
        }
        assert!(
            wake_rx.recv_timeout(Duration::from_secs(5)).is_ok(),
            "the app is woken"
        );
        let Some(CorpusChange::Listed(files)) = seen.pop() else {
            unreachable!()
        };
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(files, ["a.txt", "c.txt", "records.jsonl", "sub/d.md"]);
        // The file of records says which records it holds, after them.
        let at = (seen.iter())
            .position(|c| matches!(c, CorpusChange::Records { .. }))
            .expect("the records' list");
        assert!(
            matches!(&seen[at - 1], CorpusChange::Changed(d) if d.id.as_str() == "records.jsonl#2")
        );
        let CorpusChange::Records { file, ids } = seen.remove(at) else {
            unreachable!()
        };
        assert_eq!(file.as_str(), "records.jsonl");
        let ids: Vec<&str> = ids.iter().map(DocumentId::as_str).collect();
        assert_eq!(ids, ["records.jsonl#1", "records.jsonl#2"]);
        let texts: Vec<(String, String)> = (seen.iter())
            .map(|c| match c {
                CorpusChange::Changed(d) => (d.id.to_string(), d.text().to_string()),
                other => panic!("only documents before the list: {other:?}"),
            })
            .collect();
        let expected = [
            ("a.txt", "Second a."),
            ("c.txt", "Same c."),
            ("records.jsonl#1", "one"),
            ("records.jsonl#2", "two"),
            ("sub/d.md", "# New d\n\nText."),
        ];
        let expected: Vec<(String, String)> = (expected.iter())
            .map(|(id, text)| (id.to_string(), text.to_string()))
            .collect();
        assert_eq!(texts, expected);

        // Lost again: only the files whose stamps changed are read this time.
        // c.txt rewritten with text of its length and its modification time
        // set back (as `rsync -t` leaves it), a.txt gone.
        let c = root.join("c.txt");
        let modified = std::fs::metadata(&c).unwrap().modified().unwrap();
        std::fs::write(&c, "Diff c.").unwrap();
        let file = std::fs::File::options().write(true).open(&c).unwrap();
        file.set_modified(modified).unwrap();
        drop(file);
        std::fs::remove_file(root.join("a.txt")).unwrap();
        let lost =
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        raw_tx.send(Ok(lost)).unwrap();
        let mut seen = Vec::new();
        while !seen.iter().any(|c| matches!(c, CorpusChange::Listed(_))) {
            assert!(Instant::now() < deadline, "no second list came: {seen:?}");
            if let Ok(batch) = rx.recv_timeout(Duration::from_millis(100)) {
                seen.extend(batch);
            }
        }
        let Some(CorpusChange::Listed(files)) = seen.pop() else {
            unreachable!()
        };
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(files, ["c.txt", "records.jsonl", "sub/d.md"]);
        let read: Vec<(String, String)> = (seen.iter())
            .map(|c| match c {
                CorpusChange::Changed(d) => (d.id.to_string(), d.text().to_string()),
                other => panic!("only documents before the list: {other:?}"),
            })
            .collect();
        assert_eq!(read, [("c.txt".to_owned(), "Diff c.".to_owned())]);
        drop(raw_tx);
        thread.join().unwrap();
    }

    /// Readings that find nothing new are spaced out: lost events that the
    /// readings' own opens cause cannot keep the watcher reading.
    #[test]
    fn lost_events_that_change_nothing_are_read_again_less_and_less_often() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Text.").unwrap();
        let (raw_tx, raw_rx) = mpsc::channel();
        let (tx, rx) = mpsc::channel();
        let root = dir.path().to_owned();
        let thread = std::thread::spawn(move || {
            debounce(
                &root,
                &ImportOptions::default(),
                &raw_rx,
                &tx,
                &|| {},
                &|| {},
            );
        });
        let lost = || {
            Ok(notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan))
        };
        let listed = |rx: &mpsc::Receiver<Vec<CorpusChange>>, wait: Duration| {
            let until = Instant::now() + wait;
            let mut n = 0;
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok(batch) => {
                        n += (batch.iter())
                            .filter(|c| matches!(c, CorpusChange::Listed(_)))
                            .count()
                    }
                    Err(_) => break,
                }
            }
            n
        };
        // The first reading finds a.txt (a change): the next comes at once.
        raw_tx.send(lost()).unwrap();
        assert_eq!(listed(&rx, Duration::from_millis(1500)), 1);
        raw_tx.send(lost()).unwrap();
        assert_eq!(listed(&rx, QUIET * 4), 1, "at once after a change");
        // That one found nothing: the next waits a second, then two.
        raw_tx.send(lost()).unwrap();
        assert_eq!(listed(&rx, QUIET * 2), 0, "not at once after nothing");
        assert_eq!(listed(&rx, Duration::from_secs(2)), 1);
        raw_tx.send(lost()).unwrap();
        assert_eq!(listed(&rx, Duration::from_millis(1500)), 0);
        assert_eq!(listed(&rx, Duration::from_secs(2)), 1);
        drop(raw_tx);
        thread.join().unwrap();
    }

    #[test]
    fn links_out_of_the_folder_and_paths_elsewhere_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "do not read").unwrap();
        let root = dir.path();
        let options = ImportOptions::default();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert!(read_change(root, &root.join("link.txt"), &options).is_empty());
        }
        assert!(read_change(root, &outside.path().join("secret.txt"), &options).is_empty());
        std::fs::write(root.join("empty.txt"), "").unwrap();
        assert!(matches!(
            &read_change(root, &root.join("empty.txt"), &options)[..],
            [CorpusChange::Removed(id)] if id.as_str() == "empty.txt"
        ));
    }
}
