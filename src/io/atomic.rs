//! Atomic file replacement: a failed write never damages the file it replaces.
//!
//! The new contents go to a temporary file in the same folder, which is
//! flushed and synced, then renamed over the target. The previous version is
//! kept beside it as `NAME.bak` (for `seeds.ron`: `seeds.ron.bak`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A failed atomic write; the target file is as it was before.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// The backup path kept beside `path`: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, ".bak")
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Writes `contents` to `path` atomically, keeping the old file as `NAME.bak`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, true, |w| w.write_all(contents))
}

/// Writes to `path` atomically whatever `fill` writes. When `fill` (or any
/// step) fails, the temporary file is removed and `path` is untouched.
/// With `keep_backup`, the previous file is kept as `NAME.bak`.
pub fn write_atomic_with(
    path: &Path,
    keep_backup: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    let temp = sibling(path, &format!(".tmp-{}", std::process::id()));
    let result = (|| {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        let mut writer = BufWriter::new(file);
        fill(&mut writer)?;
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
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

/// Copies the current file to `NAME.bak` (itself replaced atomically).
fn keep_previous(path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let staging = sibling(path, &format!(".bak-{}", std::process::id()));
    let _ = fs::remove_file(&staging);
    // A hard link costs nothing; file systems without links get a copy.
    if fs::hard_link(path, &staging).is_err() {
        fs::copy(path, &staging)?;
        File::open(&staging)?.sync_all()?;
    }
    fs::rename(&staging, &backup)
}

/// Syncs the folder so the rename itself survives a power cut (best effort:
/// not every platform can open a folder).
fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(parent) {
        let _ = dir.sync_all();
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
}
