//! Watching the project file while a window shows it: when another program
//! (the command line, a second window, `git pull`) saves it, its version is
//! read and parsed on the watcher's thread and handed over, so that the
//! window can take it in or ask, instead of overwriting it at the next save.
//!
//! The file's folder is watched (not the file): a save replaces the file by
//! a rename, which a watch on the file itself would not follow. Events are
//! collected until the folder has been quiet for [`super::watch::QUIET`];
//! then the file is read once. Only a version other than the one the window
//! knows ([`ProjectFileWatcher::set_known`]) is parsed and reported, once.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use notify::{RecursiveMode, Watcher};

use super::atomic::FileVersion;
use super::project_file::{self, LoadError};
use super::watch::QUIET;
use crate::model::Project;

/// What the project file holds now, when that is not the version known.
#[derive(Debug)]
pub enum ProjectFileChange {
    /// Another version of the file, parsed (or why it does not parse).
    Changed {
        version: FileVersion,
        project: Box<Result<Project, LoadError>>,
    },
    /// There is no file at the path any more (deleted, or renamed away).
    Removed,
}

/// Watches one project file until dropped.
pub struct ProjectFileWatcher {
    _watcher: notify::RecommendedWatcher,
    known: Arc<Mutex<Known>>,
    changes: mpsc::Receiver<ProjectFileChange>,
    path: PathBuf,
    /// How many times the file has been read (for tests, which wait for
    /// the first read before they save).
    reads: Arc<AtomicUsize>,
}

impl ProjectFileWatcher {
    /// Starts watching the project file `path`, whose version the caller
    /// holds is `known`. The file is read once at the start (it may have
    /// changed since the caller read it). `wake` is called (from the
    /// watcher's thread) whenever a change is ready.
    pub fn start(
        path: &Path,
        known: Option<FileVersion>,
        wake: impl Fn() + Send + 'static,
    ) -> notify::Result<Self> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(OsString::from).unwrap_or_default();
        let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(raw_tx)?;
        watcher.watch(&folder, RecursiveMode::NonRecursive)?;
        let known = Arc::new(Mutex::new(Known {
            version: known,
            reported: None,
            generation: 0,
        }));
        let (tx, changes) = mpsc::channel();
        let reads = Arc::new(AtomicUsize::new(0));
        let reader = Reader {
            path: path.to_owned(),
            known: known.clone(),
            reads: reads.clone(),
        };
        std::thread::Builder::new()
            .name("project-watch".to_owned())
            .spawn(move || {
                // It hashes the whole file after each change: not before a key.
                super::background::lower_priority();
                watch(reader, &name, &raw_rx, &tx, &wake);
            })
            .map_err(notify::Error::io)?;
        Ok(Self {
            _watcher: watcher,
            known,
            changes,
            path: path.to_owned(),
            reads,
        })
    }

    /// The file watched.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The version the window holds now (loaded, saved or taken in): the
    /// file at that version is not reported.
    pub fn set_known(&self, version: Option<FileVersion>) {
        if let Ok(mut known) = self.known.lock() {
            // What was reported before may come back (the same import run
            // again, a checkout): it is news again.
            *known = Known {
                version,
                reported: None,
                generation: known.generation.wrapping_add(1),
            };
        }
    }

    /// The latest change read since the last call, if any.
    pub fn take(&self) -> Option<ProjectFileChange> {
        self.changes.try_iter().last()
    }

    /// How many times the file has been read so far.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Acquire)
    }
}

/// The version the window holds, and what was last reported since.
struct Known {
    version: Option<FileVersion>,
    /// The state last reported (a version, or `None` for removed), so that
    /// one change is reported once however many events it makes.
    reported: Option<Option<FileVersion>>,
    /// Counts the calls of `set_known`: a version read before one is not
    /// judged against the version it made known (it may be the old one,
    /// which would then be reported as news).
    generation: u64,
}

/// Reads the watched file and decides what to report.
struct Reader {
    path: PathBuf,
    known: Arc<Mutex<Known>>,
    reads: Arc<AtomicUsize>,
}

impl Reader {
    /// What to report about the file now, if anything.
    fn read(&mut self) -> Option<ProjectFileChange> {
        // Hashed as it is read: the version the window holds (the one it
        // has just loaded, at the watch's start) is neither kept in memory
        // nor parsed a second time. An unreadable file (permissions being
        // changed) is read again at the next event. When the window makes
        // another version known meanwhile (its own save), the file is read
        // again, as that version may be what it holds now.
        loop {
            let generation = self.generation()?;
            let version = FileVersion::read(&self.path).ok()?;
            match self.news(version, generation, false)? {
                News::Stale => continue,
                News::No => return None,
                News::Yes => {}
            }
            // Read again to be parsed: the version reported is the one
            // parsed, which may have changed since it was hashed.
            let read = read_version(&self.path).ok()?;
            let version = read.as_ref().map(|(version, _)| *version);
            match self.news(version, generation, true)? {
                News::Stale => continue,
                News::No => return None,
                News::Yes => {}
            }
            return Some(match read {
                Some((version, project)) => ProjectFileChange::Changed {
                    version,
                    project: Box::new(project),
                },
                None => ProjectFileChange::Removed,
            });
        }
    }

    /// The count of `set_known` calls so far; `None` when the window's side
    /// panicked holding the lock.
    fn generation(&self) -> Option<u64> {
        self.known.lock().ok().map(|known| known.generation)
    }

    /// Whether `version`, read at `generation`, is news: neither the one
    /// the window holds nor the one last reported. News is remembered as
    /// reported when `report`.
    fn news(&self, version: Option<FileVersion>, generation: u64, report: bool) -> Option<News> {
        let mut known = self.known.lock().ok()?;
        if known.generation != generation {
            return Some(News::Stale);
        }
        if version == known.version || known.reported == Some(version) {
            return Some(News::No);
        }
        if report {
            known.reported = Some(version);
        }
        Some(News::Yes)
    }
}

/// What [`Reader::news`] found.
enum News {
    Yes,
    No,
    /// The window made a version known since the file was read.
    Stale,
}

/// The bytes of the file at `path`; `None` when there is no file.
fn read_bytes(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// The project in `bytes`, read from `path` (or why it does not parse).
fn parse(bytes: &[u8], path: &Path) -> Result<Project, LoadError> {
    project_file::from_bytes(bytes, path).map(|(project, _)| project)
}

/// The project file at `path` now: its version and what it holds (or why
/// it does not parse); `None` when there is no file.
pub fn read_version(
    path: &Path,
) -> std::io::Result<Option<(FileVersion, Result<Project, LoadError>)>> {
    Ok(read_bytes(path)?.map(|bytes| (FileVersion::of(&bytes), parse(&bytes, path))))
}

/// The watcher thread: one read at the start, then one after each quiet
/// spell that touched the file. Ends when the watcher is dropped.
fn watch(
    mut reader: Reader,
    name: &OsString,
    raw: &mpsc::Receiver<notify::Result<notify::Event>>,
    tx: &mpsc::Sender<ProjectFileChange>,
    wake: &dyn Fn(),
) {
    let mut touched = true;
    loop {
        if touched {
            let change = reader.read();
            reader.reads.fetch_add(1, Ordering::Release);
            if let Some(change) = change {
                if tx.send(change).is_err() {
                    return;
                }
                wake();
            }
            touched = false;
        }
        let Ok(first) = raw.recv() else {
            return;
        };
        touched |= touches(&first, name);
        loop {
            match raw.recv_timeout(QUIET) {
                Ok(event) => touched |= touches(&event, name),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

/// True when `event` changed (not just read) a file named `name`.
fn touches(event: &notify::Result<notify::Event>, name: &OsString) -> bool {
    event.as_ref().is_ok_and(|event| {
        !event.kind.is_access()
            && event
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn next(watcher: &ProjectFileWatcher) -> Option<ProjectFileChange> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(change) = watcher.take() {
                return Some(change);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Waits for the watcher's first read of the file (made at its start).
    fn first_read(watcher: &ProjectFileWatcher) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while watcher.reads() == 0 {
            assert!(Instant::now() < deadline, "the file was never read");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn saved(project: &Project, path: &Path) -> FileVersion {
        project_file::save(project, &Default::default(), path).unwrap();
        FileVersion::read(path).unwrap().unwrap()
    }

    #[test]
    fn another_programs_save_is_read_once_and_the_known_version_never() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let mut project = Project::new("Mine", "articles");
        let loaded = saved(&project, &path);
        let watcher = ProjectFileWatcher::start(&path, Some(loaded), || {}).unwrap();
        first_read(&watcher);
        // The window's own save (its version made known) is not reported.
        // The version is made known before the save here: made known after
        // it, as the window does, a save slower than the watcher's quiet
        // spell (a busy disk's fsync) is read first and reported, which the
        // window then drops as its own version (`app::disk`); this test is
        // about the watcher's logic, not that race.
        project.name = "Saved here".to_owned();
        let own = saved(&project, &dir.path().join("same bytes.ron"));
        watcher.set_known(Some(own));
        assert_eq!(saved(&project, &path), own);
        std::thread::sleep(QUIET * 3);
        assert!(watcher.take().is_none());
        // Another program's is, parsed.
        project.name = "Theirs".to_owned();
        let theirs = saved(&project, &path);
        match next(&watcher) {
            Some(ProjectFileChange::Changed { version, project }) => {
                assert_eq!(version, theirs);
                assert_eq!(project.unwrap().name, "Theirs");
            }
            other => panic!("{other:?}"),
        }
        // Touching the file again without changing it reports nothing more.
        std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
        std::thread::sleep(QUIET * 3);
        assert!(watcher.take().is_none());
        // Once the window knows another version (it overwrote theirs), the
        // same version of theirs coming back is news again.
        watcher.set_known(Some(own));
        std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
        assert!(matches!(
            next(&watcher),
            Some(ProjectFileChange::Changed { version, .. }) if version == theirs
        ));
        // Other files of the folder are not read.
        std::fs::write(dir.path().join("q.ron"), "junk").unwrap();
        std::thread::sleep(QUIET * 3);
        assert!(watcher.take().is_none());
    }

    #[test]
    fn a_version_read_before_the_window_made_its_own_known_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let loaded = saved(&Project::new("Mine", "articles"), &path);
        let known = Arc::new(Mutex::new(Known {
            version: Some(loaded),
            reported: None,
            generation: 0,
        }));
        let mut reader = Reader {
            path: path.clone(),
            known: known.clone(),
            reads: Arc::default(),
        };
        // The reader hashes the loaded version; the window then saves its
        // own and makes it known before the reader judges what it read.
        let generation = reader.generation().unwrap();
        let read = FileVersion::read(&path).unwrap();
        assert_eq!(read, Some(loaded));
        let own = saved(&Project::new("Saved here", "articles"), &path);
        *known.lock().unwrap() = Known {
            version: Some(own),
            reported: None,
            generation: 1,
        };
        assert!(matches!(
            reader.news(read, generation, true),
            Some(News::Stale)
        ));
        assert_eq!(known.lock().unwrap().reported, None);
        // Read again, the file is the window's own: nothing to report.
        assert!(reader.read().is_none());
    }

    #[test]
    fn a_change_before_the_watch_began_a_broken_file_and_a_removal_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let loaded = saved(&Project::new("Mine", "articles"), &path);
        saved(&Project::new("Changed meanwhile", "articles"), &path);
        let watcher = ProjectFileWatcher::start(&path, Some(loaded), || {}).unwrap();
        assert!(matches!(
            next(&watcher),
            Some(ProjectFileChange::Changed { project, .. })
                if project.as_ref().as_ref().unwrap().name == "Changed meanwhile"
        ));
        std::fs::write(&path, "(format: \"diptych-project\", ").unwrap();
        match next(&watcher) {
            Some(ProjectFileChange::Changed { project, .. }) => {
                let err = project.unwrap_err().to_string();
                assert!(err.contains("p.ron:1:"), "{err}");
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(next(&watcher), Some(ProjectFileChange::Removed)));
    }
}
