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

/// Lists candidate files, sorted (by path, a folder's name before its
/// contents, as a sorted walk lists them); unreadable entries are skipped.
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
    // Not sorted while walked: walkdir's sort parses both paths for each
    // comparison (8% of a 100,000-file walk); the ids are sorted at the end.
    let mut stamper = Stamper::default();
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
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
        let (len, modified) = stamper.stamp(&entry);
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
        let Some(id) = walked_id(root, entry.path()) else {
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
            modified,
        });
    }
    files.sort_unstable_by(|a, b| path_order(&a.id, &b.id));
    skipped.sort_by(|a, b| path_order(&a.path, &b.path));
    Ok((files, skipped))
}

/// Files' sizes and modification times (0 and `None` when they cannot be
/// told). On Linux a file is looked up by its name in its folder, the
/// folder opened once for all its files (statx(2) relative to it), not by
/// its whole path, which the kernel looks up folder by folder from the root
/// for every file: that was a fifth of a 100,000-file walk. Links are
/// followed, as the walk follows them.
#[derive(Default)]
struct Stamper {
    #[cfg(target_os = "linux")]
    folder: Option<(PathBuf, std::os::fd::OwnedFd)>,
}

impl Stamper {
    fn stamp(&mut self, entry: &walkdir::DirEntry) -> (u64, Option<std::time::SystemTime>) {
        #[cfg(target_os = "linux")]
        if let Some(stamp) = self.in_folder(entry.path()) {
            return stamp;
        }
        entry
            .metadata()
            .map_or((0, None), |meta| (meta.len(), meta.modified().ok()))
    }

    /// The stamp of `path` by its name in its folder; `None` when it cannot
    /// be told so (the caller asks by the whole path).
    #[cfg(target_os = "linux")]
    fn in_folder(&mut self, path: &Path) -> Option<(u64, Option<std::time::SystemTime>)> {
        use rustix::fs::{AtFlags, Mode, OFlags, StatxFlags};
        use std::time::{Duration, UNIX_EPOCH};
        let (folder, name) = (path.parent()?, path.file_name()?);
        if self.folder.as_ref().is_none_or(|(open, _)| open != folder) {
            self.folder = None;
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(folder, flags, Mode::empty()).ok()?;
            self.folder = Some((folder.to_owned(), fd));
        }
        let (_, fd) = self.folder.as_ref()?;
        let wanted = StatxFlags::SIZE | StatxFlags::MTIME;
        let stat = rustix::fs::statx(fd, name, AtFlags::empty(), wanted).ok()?;
        let got = StatxFlags::from_bits_retain(stat.stx_mask);
        if !got.contains(StatxFlags::SIZE) {
            return None;
        }
        // As std tells a modification time: seconds from 1970, then nanoseconds.
        let time = stat.stx_mtime;
        let seconds = Duration::from_secs(time.tv_sec.unsigned_abs());
        let at = got
            .contains(StatxFlags::MTIME)
            .then(|| {
                if time.tv_sec >= 0 {
                    UNIX_EPOCH.checked_add(seconds)
                } else {
                    UNIX_EPOCH.checked_sub(seconds)
                }
            })
            .flatten()
            .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(time.tv_nsec))));
        Some((stat.stx_size, at))
    }
}

/// The order of a sorted walk of two `/`-separated relative paths: by
/// their names, folder by folder (`a/z` before `a.txt`: the folder `a`
/// comes before the name `a.txt`), as if `/` came before every other
/// character.
fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some(at) => {
            let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
            rank(a[at]).cmp(&rank(b[at]))
        }
    }
}

/// [`relative_id`] of a path the walk made (`root` joined with names): the
/// text after `root`'s, without parsing the path again; `None` when it is
/// not UTF-8.
fn walked_id(root: &Path, path: &Path) -> Option<String> {
    let (root_bytes, bytes) = (
        root.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    let Some(rest) = bytes.strip_prefix(root_bytes) else {
        return relative_id(root, path);
    };
    let rest = std::str::from_utf8(rest).ok()?;
    let rest = rest.trim_start_matches(std::path::is_separator);
    Some(if std::path::MAIN_SEPARATOR == '/' {
        rest.to_owned()
    } else {
        rest.replace(std::path::is_separator, "/")
    })
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
    fn the_walk_tells_sizes_and_times_as_std_does_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("b.txt", "bee"),
            ("a/z.txt", "zed zed"),
            ("a b.txt", ""),
            ("a/c/d.md", "# d"),
        ] {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::new(86_400, 123_456_789);
        fs::File::options()
            .write(true)
            .open(root.join("b.txt"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a/z.txt"), root.join("link.txt")).unwrap();
        let (files, skipped) =
            walk(root, &ImportOptions::default(), &AtomicBool::new(false)).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        let mut expected = vec!["a/c/d.md", "a/z.txt", "a b.txt", "b.txt"];
        if cfg!(unix) {
            expected.push("link.txt");
        }
        assert_eq!(ids, expected);
        for file in &files {
            // A link is told by what it leads to.
            let meta = fs::metadata(&file.path).unwrap();
            assert_eq!(file.len, meta.len(), "{}", file.id);
            assert_eq!(file.modified, meta.modified().ok(), "{}", file.id);
        }
        assert_eq!(files[3].modified, Some(old));
        assert_eq!(files.last().unwrap().len, 7);
    }

    #[test]
    fn paths_are_ordered_folder_by_folder() {
        let mut paths = vec![
            "a.txt",
            "a/z.txt",
            "b",
            "a/b/c.txt",
            "a b.txt",
            "ab/x",
            "a/b.txt",
        ];
        paths.sort_by(|a, b| path_order(a, b));
        let mut by_names = paths.clone();
        by_names.sort_by(|a, b| a.split('/').cmp(b.split('/')));
        assert_eq!(paths, by_names);
        assert_eq!(
            paths,
            [
                "a/b/c.txt",
                "a/b.txt",
                "a/z.txt",
                "a b.txt",
                "a.txt",
                "ab/x",
                "b"
            ]
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
