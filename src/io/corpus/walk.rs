//! The folder walk: lists the candidate files of a corpus folder in sorted
//! order, with their ids (relative, `/`-separated paths), and lists what
//! cannot be walked. Ids that could name a file outside the folder are
//! refused here too.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{ImportError, ImportOptions, Skipped};
use crate::io::SkipReason;

/// A file found by a walk.
#[derive(Clone, Debug)]
pub(crate) struct WalkedFile {
    pub path: PathBuf,
    /// Its id: the path relative to the corpus folder.
    pub id: String,
    /// Its size in bytes and when it was last modified, as the walk saw them.
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

/// Files found by a walk, in sorted order, and entries that could not be walked.
pub(crate) type Walked = (Vec<WalkedFile>, Vec<Skipped>);

/// Lists candidate files, sorted; unreadable entries are skipped.
///
/// Symbolic links are followed only while they stay inside the corpus folder:
/// a link whose target (resolved) is outside it is listed as
/// [`SkipReason::SymlinkOutside`] and not read, so a corpus cannot make
/// Diptych read files the analyst did not put in it.
///
/// The walk stops with [`ImportError::TooLarge`] past `options.max_files`
/// files or `options.max_total_bytes` bytes (a corpus set to `/` or `/etc`
/// by mistake ends quickly, with a message, and memory stays bounded).
pub(crate) fn walk(
    root: &Path,
    options: &ImportOptions,
    cancel: &AtomicBool,
) -> Result<Walked, ImportError> {
    let mut files = Vec::new();
    let mut total_bytes: u64 = 0;
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
        crate::model::escaped(&id).into_owned()
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
        let meta = entry.metadata().ok();
        let len = meta.as_ref().map_or(0, fs::Metadata::len);
        total_bytes = total_bytes.saturating_add(len);
        let limit = if files.len() + skipped.len() >= options.max_files {
            Some((format!("{} files", options.max_files), "--max-files"))
        } else if total_bytes > options.max_total_bytes {
            Some((
                format!("{} bytes of files", options.max_total_bytes),
                "--max-total-bytes",
            ))
        } else {
            None
        };
        if let Some((limit, flag)) = limit {
            return Err(ImportError::TooLarge {
                path: root.to_owned(),
                limit,
                flag,
            });
        }
        let Some(id) = relative_id(root, entry.path()) else {
            skipped.push(Skipped {
                path: lossy_id(entry.path()),
                reason: SkipReason::InvalidName,
            });
            continue;
        };
        files.push(WalkedFile {
            path: entry.into_path(),
            id,
            len,
            modified: meta.and_then(|m| m.modified().ok()),
        });
    }
    Ok((files, skipped))
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

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    use super::super::test_util::{ids, load};
    use super::*;

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
}
