//! The writers' lock of a project: one writer at a time changes a project file.
//!
//! Beside `NAME.ron` lies `NAME.ron.lock`, locked with an advisory
//! exclusive lock (`flock` on Unix, `LockFileEx` on Windows) by whoever
//! loads, changes and saves the project, and released when that is done.
//! While locked it records its holder (program, process id, host, user,
//! since when), so that a second writer can name it. On Unix the holder
//! removes the file before it lets go, and a writer that got the lock of a
//! file already removed opens the new one and tries again, so no two
//! writers ever hold two different files; elsewhere the file stays, emptied.
//! The operating system releases the lock of a process that dies, so a lock
//! file that still names a holder when it is taken was left by a writer
//! that was killed: it is taken over, and [`ProjectLock::took_over`] says
//! whose it was.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a waiting writer tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(25);
/// How long past its wait a writer gives a holder to write its record.
const NAME_GRACE: Duration = Duration::from_millis(500);

/// The lock file of the project file `path`: `NAME.lock` beside it.
pub fn lock_path(path: &Path) -> PathBuf {
    super::atomic::sibling(path, ".lock")
}

/// The marker of a window that has the project file `path` open:
/// `NAME.open` beside it, held as a [`ProjectLock`] for as long as the
/// window shows the project, so that a second window can be told.
pub fn open_marker_path(path: &Path) -> PathBuf {
    super::atomic::sibling(path, ".open")
}

/// The exclusive right to change one project file, held until dropped.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
    took_over: Option<String>,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another writer holds it (and kept it for as long as we would wait).
    #[error("{} is being changed by {holder} (lock file {}); try again when it is done", project.display(), lock.display())]
    Held {
        project: PathBuf,
        lock: PathBuf,
        /// Who holds it, as its lock file says.
        holder: String,
    },
    /// The lock file cannot be created, read or locked (so the project
    /// could not be saved either: its folder is read-only, the disk full).
    #[error("cannot save {}: cannot lock it with {}: {source}", project.display(), lock.display())]
    Io {
        project: PathBuf,
        lock: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ProjectLock {
    /// Takes the lock of the project file `project` for `program`, waiting
    /// up to `wait` while another writer holds it.
    pub fn acquire(project: &Path, program: &str, wait: Duration) -> Result<Self, LockError> {
        Self::acquire_at(lock_path(project), project, program, wait)
    }

    /// The marker of a window that shows `project` ([`open_marker_path`]),
    /// taken at once or not at all: [`LockError::Held`] names the window
    /// that has it.
    pub fn mark_open(project: &Path, program: &str) -> Result<Self, LockError> {
        Self::acquire_at(open_marker_path(project), project, program, Duration::ZERO)
    }

    /// Takes the lock file `path` that guards `project`.
    fn acquire_at(
        path: PathBuf,
        project: &Path,
        program: &str,
        wait: Duration,
    ) -> Result<Self, LockError> {
        let fail = |source| LockError::Io {
            project: project.to_owned(),
            lock: path.clone(),
            source,
        };
        let deadline = Instant::now() + wait;
        let mut file = loop {
            let file = lock_file(project, &path, deadline)?;
            if still_there(&file, &path).map_err(fail)? {
                break file;
            }
        };
        let left = read_record(&mut file).map_err(fail)?;
        let took_over = (!left.trim().is_empty()).then(|| describe(&left));
        // Best effort: on a full disk the lock holds without a name, and the
        // save that follows reports the disk.
        let _ = write_record(&mut file, &record(program));
        Ok(Self {
            file,
            path,
            took_over,
        })
    }

    /// The holder named by a lock left by a writer that is gone (killed
    /// while it held it), when this lock was taken over from one.
    pub fn took_over(&self) -> Option<&str> {
        self.took_over.as_deref()
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Best effort: a record left behind only makes the next writer say
        // that it took the lock over; the lock itself goes with the file.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        } else {
            let _ = self.file.set_len(0);
        }
        let _ = self.file.unlock();
    }
}

/// Opens (or creates) the lock file `path` of `project` and locks it,
/// trying until `deadline`.
fn lock_file(project: &Path, path: &Path, deadline: Instant) -> Result<File, LockError> {
    let fail = |source| LockError::Io {
        project: project.to_owned(),
        lock: path.to_owned(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(fail)?;
    // A holder writes its record just after it takes the lock: an empty
    // record of a held lock is a moment worth waiting out, to name the
    // holder (or get the lock).
    let named_by = deadline + NAME_GRACE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) => {
                let now = Instant::now();
                match (now >= deadline).then(|| read_record(&mut file)) {
                    Some(Ok(text)) if !text.trim().is_empty() || now >= named_by => {
                        return Err(LockError::Held {
                            project: project.to_owned(),
                            lock: path.to_owned(),
                            holder: holder_named(&text),
                        });
                    }
                    // Windows locks are mandatory: the holder's record
                    // cannot be read while it holds the lock.
                    Some(Err(err)) if is_lock_violation(&err) => {
                        return Err(LockError::Held {
                            project: project.to_owned(),
                            lock: path.to_owned(),
                            holder: holder_named(""),
                        });
                    }
                    Some(Err(err)) => return Err(fail(err)),
                    _ => std::thread::sleep(RETRY_EVERY),
                }
            }
            Err(TryLockError::Error(err)) => return Err(fail(err)),
        }
    }
}

/// True when `path` still names the locked `file` (its holder before us
/// removed it once it let go: then the lock is on a file nobody else sees).
#[cfg(unix)]
fn still_there(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let ours = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(now) => Ok(now.dev() == ours.dev() && now.ino() == ours.ino()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

/// Where the file is never removed, it is always the one locked.
#[cfg(not(unix))]
fn still_there(_file: &File, _path: &Path) -> io::Result<bool> {
    Ok(true)
}

/// True for the error of reading a file another process holds locked
/// (`ERROR_LOCK_VIOLATION` on Windows; Unix locks do not stop reads).
fn is_lock_violation(err: &io::Error) -> bool {
    cfg!(windows) && err.raw_os_error() == Some(33)
}

/// Who holds the lock, as its record says, for a message.
fn holder_named(record: &str) -> String {
    if record.trim().is_empty() {
        "another writer (it has not said who)".to_owned()
    } else {
        describe(record)
    }
}

fn read_record(file: &mut File) -> io::Result<String> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    file.take(4096).read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn write_record(file: &mut File, text: &str) -> io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// The record of this process as holder: one `key: value` per line.
fn record(program: &str) -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    format!(
        "program: {program}\npid: {}\nhost: {}\nuser: {user}\nsince: {}\n",
        std::process::id(),
        host_name(),
        jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_default(),
    )
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .or_else(|_| std::env::var("HOSTNAME"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// A lock record as one line: `diptych import (pid 42, alice@host, since …)`.
/// Control characters in the record (it is a file anyone can write) are
/// shown escaped.
fn describe(record: &str) -> String {
    let field = |key: &str| {
        record
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
            .map_or_else(|| "?".to_owned(), |v| v.escape_default().to_string())
    };
    format!(
        "{} (pid {}, {}@{}, since {})",
        field("program"),
        field("pid"),
        field("user"),
        field("host"),
        field("since")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        let first = ProjectLock::acquire(&project, "diptych import", Duration::ZERO).unwrap();
        assert_eq!(first.path(), dir.path().join("p.ron.lock"));
        assert_eq!(first.took_over(), None);
        let err = ProjectLock::acquire(&project, "diptych suggest", Duration::ZERO).unwrap_err();
        let message = err.to_string();
        let pid = format!("pid {}", std::process::id());
        assert!(matches!(err, LockError::Held { .. }), "{message}");
        assert!(
            message.contains("diptych import") && message.contains(&pid),
            "{message}"
        );
        assert!(message.contains("p.ron"), "{message}");
        drop(first);
        // Released: the next writer takes it at once and nothing was left over.
        let second = ProjectLock::acquire(&project, "diptych suggest", Duration::ZERO).unwrap();
        assert_eq!(second.took_over(), None);
    }

    #[test]
    fn a_waiting_writer_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        let first = ProjectLock::acquire(&project, "first", Duration::ZERO).unwrap();
        let released = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            drop(first);
        });
        let started = Instant::now();
        let second = ProjectLock::acquire(&project, "second", Duration::from_secs(10));
        assert!(second.is_ok(), "{second:?}");
        assert!(started.elapsed() >= Duration::from_millis(150));
        released.join().unwrap();
    }

    #[test]
    fn a_lock_left_by_a_killed_writer_is_taken_over_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        std::fs::write(
            lock_path(&project),
            "program: diptych import\npid: 999999999\nhost: h\nuser: u\nsince: 2026-01-01T00:00:00Z\n\x1b[31m",
        )
        .unwrap();
        let lock = ProjectLock::acquire(&project, "diptych suggest", Duration::ZERO).unwrap();
        assert_eq!(
            lock.took_over(),
            Some("diptych import (pid 999999999, u@h, since 2026-01-01T00:00:00Z)")
        );
        let record = std::fs::read_to_string(lock.path()).unwrap();
        assert!(record.starts_with("program: diptych suggest\n"), "{record}");
        drop(lock);
        assert!(!lock_path(&project).exists(), "the lock file is removed");
    }

    #[test]
    fn a_window_marker_is_apart_from_the_writers_lock() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        let window = ProjectLock::mark_open(&project, "diptych (window)").unwrap();
        assert_eq!(window.path(), dir.path().join("p.ron.open"));
        // Writers are not held up by an open window...
        let writer = ProjectLock::acquire(&project, "diptych import", Duration::ZERO);
        assert!(writer.is_ok(), "{writer:?}");
        // ...but a second window is told who has it.
        let second = ProjectLock::mark_open(&project, "diptych (window)").unwrap_err();
        assert!(second.to_string().contains("diptych (window)"), "{second}");
        drop(window);
        assert!(!open_marker_path(&project).exists());
        assert!(ProjectLock::mark_open(&project, "diptych (window)").is_ok());
    }
}
