//! Watching the corpus folder while the app runs: documents changed, added
//! or removed on disk are read again in the background and handed over in
//! batches, so that their annotations can be re-anchored.
//!
//! The watcher runs one thread. Raw events are collected until the folder
//! has been quiet for [`QUIET`] (an editor's save is several events: temp
//! file, rename, attribute change), then every touched path is read with the
//! same rules as a folder import: hidden files, unsupported formats and links
//! out of the folder are ignored. Reading never happens on the UI thread.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::corpus::{ImportOptions, read_file, relative_id};
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
}

/// Watches a corpus folder until dropped.
pub struct CorpusWatcher {
    _watcher: notify::RecommendedWatcher,
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
        let thread_root = real_root;
        std::thread::Builder::new()
            .name("corpus-watch".to_owned())
            .spawn(move || debounce(&thread_root, &options, &raw_rx, &tx, &wake))
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
) {
    while let Ok(first) = raw.recv() {
        let mut paths = BTreeSet::new();
        collect(first, &mut paths);
        loop {
            match raw.recv_timeout(QUIET) {
                Ok(event) => collect(event, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
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

fn collect(event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else {
        return;
    };
    if event.kind.is_access() {
        return;
    }
    paths.extend(event.paths);
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
    let documents: Vec<CorpusChange> = read_file(path, &id, options)
        .into_iter()
        .filter_map(Result::ok)
        .map(CorpusChange::Changed)
        .collect();
    if documents.is_empty() {
        // Unreadable now (emptied, truncated mid-write, binary): as if gone,
        // which keeps its annotations untouched until it reads again.
        return vec![CorpusChange::Removed(DocumentId(id.into()))];
    }
    documents
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
        assert!(wake_rx.try_recv().is_ok(), "the app is woken");
        // Nothing else came: not the hidden file, not the .ron.
        std::thread::sleep(QUIET * 2);
        let rest = watcher.take();
        assert!(
            rest.iter().all(|c| match c {
                CorpusChange::Changed(d) => d.id.as_str() == "a.txt",
                CorpusChange::Removed(id) => id.as_str() == "a.txt",
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
