//! Atomic file replacement: a failed write never damages the file it replaces.
//!
//! The new contents go to a temporary file in the same folder
//! (`NAME.tmp-PID-N`, unique per process and write), which is flushed and
//! synced, then renamed over the target. The previous version is kept beside
//! it as `NAME.bak` (for `seeds.ron`: `seeds.ron.bak`). A writer killed
//! mid-save leaves its temporary file behind; the target and the backup are
//! untouched, and a later save removes such leftovers once their writer is
//! gone (see [`stale_leftovers`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// A failed atomic write; the target file is as it was before.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl WriteError {
    /// True when nothing was written because the file changed on disk since
    /// the writer loaded it (see [`write_atomic_unchanged`]).
    pub fn changed_on_disk(&self) -> bool {
        self.source
            .get_ref()
            .is_some_and(|inner| inner.is::<ChangedOnDisk>())
    }
}

/// The file on disk is not the version its writer loaded.
#[derive(Debug, thiserror::Error)]
#[error(
    "it changed on disk since it was loaded (another program saved it); nothing was overwritten"
)]
pub struct ChangedOnDisk;

/// The version of a file's contents: the blake3 hash of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileVersion(blake3::Hash);

impl FileVersion {
    /// The version of these contents.
    pub fn of(bytes: &[u8]) -> Self {
        Self(blake3::hash(bytes))
    }

    /// The version whose hash, of all the file's bytes, is `hash`.
    pub(crate) fn from_hash(hash: blake3::Hash) -> Self {
        Self(hash)
    }

    /// The version of the file at `path` now; `None` when there is no
    /// file. The file is hashed as it is read, never held whole in memory
    /// (a project file may be half a gigabyte).
    pub fn read(path: &Path) -> io::Result<Option<Self>> {
        let file = match fs::File::open(path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(file)?;
        Ok(Some(Self(hasher.finalize())))
    }
}

/// The backup path kept beside `path`: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, ".bak")
}

/// The file beside `path` named after it with `suffix` added (`p.ron` +
/// `.bak` is `p.ron.bak`): the project's backup, recovery and lock files.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Numbers the temporary files of one process, so two threads saving the
/// same file never write into one temporary file.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// The suffixes of in-flight files: `NAME.tmp-PID-N` (the new contents) and
/// `NAME.bak-PID-N` (the backup being staged).
const TEMP_KINDS: [&str; 2] = [".tmp-", ".bak-"];

/// A fresh sibling `NAME{kind}PID-N`, created empty and exclusively (a name
/// left by an earlier process with the same id is skipped, not reused).
fn create_unique(path: &Path, kind: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    loop {
        let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
        let candidate = sibling(path, &format!("{kind}{pid}-{n}"));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(err),
        }
    }
}

/// A unique sibling name `NAME{kind}PID-N` that does not exist yet.
fn unique_name(path: &Path, kind: &str) -> PathBuf {
    let pid = std::process::id();
    loop {
        let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
        let candidate = sibling(path, &format!("{kind}{pid}-{n}"));
        if fs::symlink_metadata(&candidate).is_err() {
            return candidate;
        }
    }
}

/// Writes `contents` to `path` atomically, keeping the old file as `NAME.bak`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, true, |w| w.write_all(contents))
}

/// [`write_atomic`], but only while the file on disk is still the version
/// `expected` (checked just before it is replaced; a file that is gone
/// counts as unchanged). Otherwise nothing is written and the error says
/// [`WriteError::changed_on_disk`]. Returns the version written.
pub fn write_atomic_unchanged(
    path: &Path,
    contents: &[u8],
    expected: FileVersion,
) -> Result<FileVersion, WriteError> {
    write_atomic_unchanged_with(path, expected, |w| w.write_all(contents))
}

/// [`write_atomic_unchanged`], with the contents written by `fill` as they
/// are made (and hashed on the way for the version returned).
pub fn write_atomic_unchanged_with(
    path: &Path,
    expected: FileVersion,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<FileVersion, WriteError> {
    let mut hasher = blake3::Hasher::new();
    write_checked(path, true, Some(expected), |to| {
        fill(&mut Hashing {
            to,
            hasher: &mut hasher,
        })
    })?;
    Ok(FileVersion(hasher.finalize()))
}

/// A writer that hashes what it passes on.
struct Hashing<'a> {
    to: &'a mut dyn Write,
    hasher: &'a mut blake3::Hasher,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.to.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.to.flush()
    }
}

/// A settings file of the app's own, as [`write_settings`] wrote it;
/// `None` when it is missing or does not parse (the caller's defaults).
pub fn read_settings<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let text = fs::read_to_string(path).ok()?;
    ron::from_str(&text).ok()
}

/// Writes `value` as a settings file (pretty RON) with [`write_settings_file`].
pub fn write_settings<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), WriteError> {
    let text =
        ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default()).map_err(|err| {
            WriteError {
                path: path.to_owned(),
                source: io::Error::other(err),
            }
        })?;
    write_settings_file(path, &text)
}

/// Writes a small file of the app's own (a list, a settings file)
/// atomically, making its folder first; no backup.
pub fn write_settings_file(path: &Path, text: &str) -> Result<(), WriteError> {
    if let Some(parent) = path.parent() {
        // A failure here shows in the write below, which names the file.
        let _ = std::fs::create_dir_all(parent);
    }
    write_atomic_with(path, false, |w| w.write_all(text.as_bytes()))
}

/// Writes to `path` atomically whatever `fill` writes. When `fill` (or any
/// step) fails, the temporary file is removed and `path` is untouched.
/// With `keep_backup`, the previous file is kept as `NAME.bak`. The new
/// file gets the permissions of the one it replaces (on Unix).
pub fn write_atomic_with(
    path: &Path,
    keep_backup: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    write_checked(path, keep_backup, None, fill)
}

/// [`write_atomic_with`], checking before the rename that the file on disk
/// is still `expected` when there is one.
fn write_checked(
    path: &Path,
    keep_backup: bool,
    expected: Option<FileVersion>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    remove_stale_leftovers(path);
    let (temp, file) = create_unique(path, ".tmp-").map_err(fail)?;
    let result = (|| {
        let mut writer = BufWriter::with_capacity(BUFFER, EarlyWriteback::new(file));
        fill(&mut writer)?;
        let file = (writer.into_inner())
            .map_err(io::IntoInnerError::into_error)?
            .file;
        // Best effort: some file systems have no permission bits. Windows
        // has only a read-only flag, which would keep a failed save from
        // removing its temporary file.
        if cfg!(unix)
            && let Ok(old) = fs::metadata(path)
        {
            let _ = file.set_permissions(old.permissions());
        }
        file.sync_all()?;
        drop(file);
        if let Some(expected) = expected
            && FileVersion::read(path)?.is_some_and(|now| now != expected)
        {
            return Err(io::Error::other(ChangedOnDisk));
        }
        if keep_backup && path.exists() {
            keep_previous(path)?;
        }
        fs::rename(&temp, path)?;
        sync_parent(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(fail)
}

/// The bytes gathered before each write to the temporary file: one system
/// call a megabyte. With std's 8 KB, an export of 10,000 articles made a
/// call for every line (10,000 calls; 5 % of its CPU time was in them).
const BUFFER: usize = 1 << 20;

/// How much is written before the disk is asked to start writing it.
const WRITEBACK_EVERY: u64 = 4 << 20;

/// Where each range the disk is asked to write ends: a multiple of this
/// (of every page size in use).
const WRITEBACK_ALIGN: u64 = 64 << 10;

/// The temporary file, whose bytes the disk starts writing every few
/// megabytes while the rest is made ([`WRITEBACK_EVERY`]; Linux's
/// `sync_file_range(2)` with `SYNC_FILE_RANGE_WRITE`, which does not wait),
/// so that the `fsync` at the end waits for the last few megabytes instead
/// of the whole file: the disk would otherwise stay idle while an export or
/// a save is made and then write all of it while the user waits. It changes
/// when bytes reach the disk, never which: the `fsync` before the rename is
/// what makes the file safe, as before. Elsewhere a plain file.
struct EarlyWriteback {
    file: File,
    /// Bytes written so far.
    written: u64,
    /// Bytes whose writing the disk was asked to start.
    started: u64,
}

impl EarlyWriteback {
    fn new(file: File) -> Self {
        Self {
            file,
            written: 0,
            started: 0,
        }
    }

    /// Asks the disk to start writing what was written since the last ask,
    /// up to the last whole 64 KiB (best effort: a file system that cannot
    /// gets its `fsync` at the end). The range ends on a page boundary: a
    /// page half written, sent to the disk, would be written again by the
    /// next write, which on file systems that keep a page unchanged while
    /// it is written (btrfs's checksums) would wait for it.
    fn start_writeback(&mut self) {
        let end = self.written & !(WRITEBACK_ALIGN - 1);
        if end <= self.started {
            return;
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(from), Ok(len)) = (
                i64::try_from(self.started),
                i64::try_from(end - self.started),
            ) else {
                return;
            };
            // SAFETY: the descriptor is this open file's; the call only
            // starts the writing of its dirty pages in the range.
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    from,
                    len,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        self.started = end;
    }
}

impl Write for EarlyWriteback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK_EVERY {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Copies the current file to `NAME.bak` (itself replaced atomically).
fn keep_previous(path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let staging = unique_name(path, ".bak-");
    // A hard link costs nothing; file systems without links get a copy.
    if fs::hard_link(path, &staging).is_err() {
        let copied = fs::copy(path, &staging).and_then(|_| File::open(&staging)?.sync_all());
        if let Err(err) = copied {
            let _ = fs::remove_file(&staging);
            return Err(err);
        }
    }
    let renamed = fs::rename(&staging, &backup);
    // When the backup already is this file (a save was killed after keeping
    // it, before the rename), POSIX rename does nothing and leaves `staging`.
    let _ = fs::remove_file(&staging);
    renamed
}

/// Syncs the folder so the rename itself survives a power cut (best effort:
/// not every platform can open a folder, and the file is already replaced,
/// so a failure here must not report the save as failed).
fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(parent) {
        let _ = dir.sync_all();
    }
}

/// How long a leftover must have been left alone before it is removed: a
/// writer on another machine (a shared folder) is not visible in `/proc`.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Temporary and backup-staging files beside `path` whose writer process
/// has gone (killed mid-save) and that were not modified for a minute,
/// sorted. Only where `/proc` lists processes (Linux); elsewhere none.
pub fn stale_leftovers(path: &Path) -> Vec<PathBuf> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return Vec::new();
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let own = std::process::id();
    let now = SystemTime::now();
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let file_name = entry.file_name();
            let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(name)) else {
                return false;
            };
            let Some(pid) = TEMP_KINDS
                .iter()
                .find_map(|kind| rest.strip_prefix(kind))
                .and_then(writer_pid)
            else {
                return false;
            };
            let idle = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= STALE_AFTER);
            pid != own && idle && !proc.join(pid.to_string()).exists()
        })
        .map(|entry| entry.path())
        .collect();
    stale.sort();
    stale
}

/// The writer's process id in `PID-N` (or `PID`, as older versions named it).
fn writer_pid(suffix: &str) -> Option<u32> {
    let pid = suffix.split_once('-').map_or(suffix, |(pid, _)| pid);
    let n = suffix.split_once('-').map_or("0", |(_, n)| n);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Removes [`stale_leftovers`] (best effort: they are never read).
fn remove_stale_leftovers(path: &Path) {
    for leftover in stale_leftovers(path) {
        let _ = fs::remove_file(leftover);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_and_keeps_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(names_in(dir.path()), ["p.ron"]);
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        write_atomic(&path, b"three").unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"two");
        assert_eq!(names_in(dir.path()), ["p.ron", "p.ron.bak"]);
    }

    #[test]
    fn a_file_changed_since_it_was_loaded_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"one").unwrap();
        let loaded = FileVersion::read(&path).unwrap().unwrap();
        write_atomic(&path, b"theirs").unwrap();
        let err = write_atomic_unchanged(&path, b"mine", loaded).unwrap_err();
        assert!(err.changed_on_disk(), "{err}");
        assert!(err.to_string().contains("p.ron"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"theirs");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        assert_eq!(names_in(dir.path()), ["p.ron", "p.ron.bak"]);
        // Against the version on disk, the write goes through.
        let now = FileVersion::read(&path).unwrap().unwrap();
        let written = write_atomic_unchanged(&path, b"mine", now).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"mine");
        assert_eq!(written, FileVersion::of(b"mine"));
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"precious").unwrap();
        let err = write_atomic_with(&path, true, |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        })
        .unwrap_err();
        assert!(err.to_string().contains("no space left"), "{err}");
        assert!(err.to_string().contains("p.ron"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"precious");
        assert_eq!(names_in(dir.path()), ["p.ron"]);
    }

    #[test]
    fn an_unwritable_folder_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        // A folder that is a file cannot hold a temp file (root ignores permission bits).
        let blocker = dir.path().join("not-a-folder");
        fs::write(&blocker, b"").unwrap();
        let err = write_atomic(&blocker.join("p.ron"), b"x").unwrap_err();
        assert!(err.to_string().starts_with("cannot save"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_reported() {
        // /dev/full fails every write with ENOSPC; writing through it stands
        // in for a full disk while the target lives on a real one.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"old").unwrap();
        let err = write_atomic_with(&path, true, |w| {
            let mut full = OpenOptions::new().write(true).open("/dev/full")?;
            full.write_all(b"data")?;
            full.flush()?;
            w.write_all(b"new")
        })
        .unwrap_err();
        assert_eq!(err.source.raw_os_error(), Some(28), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }

    #[test]
    fn the_disk_is_asked_to_write_every_few_megabytes_and_the_file_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let mut w = EarlyWriteback::new(File::create(&path).unwrap());
        let piece = vec![7u8; 1 << 20];
        let mut asked = Vec::new();
        for _ in 0..9 {
            w.write_all(&piece).unwrap();
            asked.push(w.started);
        }
        let mb = 1 << 20;
        assert_eq!(
            asked,
            [0, 0, 0, 4 * mb, 4 * mb, 4 * mb, 4 * mb, 8 * mb, 8 * mb]
        );
        assert_eq!(w.written, 9 * mb);
        // A range ends on a 64 KiB boundary; the rest waits for the next.
        w.write_all(&vec![7u8; 3 * mb as usize + 100]).unwrap();
        assert_eq!((w.written, w.started), (12 * mb + 100, 12 * mb));
        w.file.sync_all().unwrap();
        drop(w);
        assert_eq!(fs::metadata(&path).unwrap().len(), 12 * mb + 100);
        // Through the atomic write, with writes of every size.
        let lines: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("line {i} {}\n", "x".repeat((i % 97) as usize)).into_bytes())
            .collect();
        write_atomic_with(&path, false, |w| {
            for chunk in lines.chunks(4093) {
                w.write_all(chunk)?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), lines);
    }

    #[test]
    fn threads_saving_one_file_never_mix_their_contents() {
        // Each thread writes a file of one repeated byte; a reader must only
        // ever see one whole version (a shared temp name would interleave them).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        const LEN: usize = 64 * 1024;
        write_atomic(&path, &[b'0'; LEN]).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            let writers: Vec<_> = (b'a'..=b'd')
                .map(|byte| {
                    let path = &path;
                    scope.spawn(move || {
                        for _ in 0..40 {
                            write_atomic(path, &[byte; LEN]).unwrap();
                        }
                    })
                })
                .collect();
            let reader = scope.spawn(|| {
                let mut reads = 0;
                while !done.load(Ordering::Relaxed) {
                    let bytes = fs::read(&path).unwrap();
                    assert_eq!(bytes.len(), LEN, "a partial file was visible");
                    assert!(bytes.iter().all(|&b| b == bytes[0]), "two writes mixed");
                    reads += 1;
                }
                reads
            });
            for writer in writers {
                writer.join().unwrap();
            }
            done.store(true, Ordering::Relaxed);
            assert!(reader.join().unwrap() > 0);
        });
        let last = fs::read(&path).unwrap();
        assert!(last.iter().all(|&b| b == last[0]) && (b'a'..=b'd').contains(&last[0]));
        let backup = fs::read(backup_path(&path)).unwrap();
        assert!(backup.len() == LEN && backup.iter().all(|&b| b == backup[0]));
        assert_eq!(names_in(dir.path()), ["p.ron", "p.ron.bak"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_dead_writers_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"old").unwrap();
        let old = SystemTime::now() - Duration::from_secs(120);
        // Process ids stop at 2^22 on Linux: 999999999 is never running.
        let leftover = |name: &str, age: Option<SystemTime>| {
            let file = File::create(dir.path().join(name)).unwrap();
            if let Some(time) = age {
                file.set_modified(time).unwrap();
            }
        };
        leftover("p.ron.tmp-999999999-3", Some(old));
        leftover("p.ron.bak-999999999-4", Some(old));
        leftover("p.ron.tmp-999999998", Some(old));
        // Too recent (maybe a writer on another machine), ours, not ours to judge.
        leftover("p.ron.tmp-999999997-0", None);
        leftover(&format!("p.ron.tmp-{}-77", std::process::id()), Some(old));
        leftover("p.ron.tmp-notes", Some(old));
        leftover("q.ron.tmp-999999999-0", Some(old));
        assert_eq!(
            stale_leftovers(&path),
            [
                dir.path().join("p.ron.bak-999999999-4"),
                dir.path().join("p.ron.tmp-999999998"),
                dir.path().join("p.ron.tmp-999999999-3"),
            ]
        );
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"old");
        assert_eq!(
            names_in(dir.path()),
            [
                "p.ron".to_owned(),
                "p.ron.bak".to_owned(),
                format!("p.ron.tmp-{}-77", std::process::id()),
                "p.ron.tmp-999999997-0".to_owned(),
                "p.ron.tmp-notes".to_owned(),
                "q.ron.tmp-999999999-0".to_owned(),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_new_file_keeps_the_old_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"private").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"still private").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_backup_that_is_the_file_itself_leaves_no_staging_file() {
        // A save killed after keeping the backup, before its rename, leaves
        // NAME.bak as a second name of NAME; the next save must still clean up.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        fs::write(&path, b"old").unwrap();
        fs::hard_link(&path, backup_path(&path)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"old");
        assert_eq!(names_in(dir.path()), ["p.ron", "p.ron.bak"]);
    }
}
