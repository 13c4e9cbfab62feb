//! Where a writer may create or replace a file: the one check every export
//! (and `diptych new`) runs on each file it is about to write.
//!
//! A target must be a regular file or not exist yet (a FIFO, device, socket
//! or folder is never replaced), must not be one of the project's own files
//! (the project, its backup, its recovery file, its lock) and must not lie
//! inside the corpus folder. Paths are compared after resolving symbolic
//! links and `..` in every part that exists, so two spellings of one place
//! (`out/../p.ron`, a link to the corpus) are one place.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::atomic::{backup_path, sibling};
use crate::model::SourceFormat;

/// The recovery file kept beside a project file: `NAME.ron.recovery`.
pub fn recovery_sibling(project: &Path) -> PathBuf {
    sibling(project, ".recovery")
}

/// Where a recovery file the user discarded is kept, beside it:
/// `NAME.discarded-STAMP.ron` for `NAME.ron.recovery` (a project file by
/// its name, which the Open dialog lists).
pub fn discarded_name(recovery: &Path, stamp: &str) -> PathBuf {
    let name = recovery.file_name().unwrap_or_default().to_string_lossy();
    let name = name.strip_suffix(".recovery").unwrap_or(&name);
    let stem = name.strip_suffix(".ron").unwrap_or(name);
    recovery.with_file_name(format!("{stem}.discarded-{stamp}.ron"))
}

/// Why a file may not be written.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// One of the project's own files.
    #[error("{}: is {what}; refusing to overwrite it with an export", path.display())]
    Reserved { path: PathBuf, what: &'static str },
    /// Inside the corpus folder.
    #[error(
        "{}: the output is inside the corpus folder {}; the next load would read it as articles, choose another place",
        path.display(),
        corpus.display()
    )]
    InCorpus { path: PathBuf, corpus: PathBuf },
    /// An article of the corpus (or a name the corpus would read as one).
    #[error(
        "{}: is an article (or would be read as one) in the corpus folder {}; choose another place or a .ron name",
        path.display(),
        corpus.display()
    )]
    Article { path: PathBuf, corpus: PathBuf },
    /// Something other than a regular file is in the way.
    #[error("{}: is {kind}, not a regular file; refusing to replace it", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
}

/// How much of the corpus folder is closed to a writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CorpusRule {
    /// Nothing may be written inside it (exports).
    Closed,
    /// Only names the corpus does not read as articles (a new project file).
    NoArticles,
}

/// The places a writer must leave alone, resolved once.
#[derive(Clone, Debug)]
pub struct TargetGuard {
    /// Resolved paths of the project's own files, with what each one is.
    reserved: Vec<(PathBuf, &'static str)>,
    /// The corpus folder as given (for messages) and resolved.
    corpus: Option<(PathBuf, PathBuf)>,
    rule: CorpusRule,
}

impl TargetGuard {
    /// The guard of an export: the project's files (when it has one) and
    /// everything inside the corpus folder (when it has one) are closed.
    pub fn for_export(project: Option<&Path>, corpus_root: &Path) -> Self {
        let reserved = project.map_or_else(Vec::new, |p| {
            vec![
                (resolve(p), "the project file"),
                (resolve(&backup_path(p)), "the project's backup"),
                (resolve(&recovery_sibling(p)), "the project's recovery file"),
                (
                    resolve(&crate::io::lock::lock_path(p)),
                    "the project's lock file",
                ),
                (
                    resolve(&crate::io::lock::open_marker_path(p)),
                    "the project's open-window marker",
                ),
            ]
        });
        Self {
            reserved,
            corpus: corpus_of(corpus_root),
            rule: CorpusRule::Closed,
        }
    }

    /// The guard of `diptych new`: a project file may sit in the corpus
    /// folder, but never on (or as) an article.
    pub fn for_new_project(corpus_root: &Path) -> Self {
        Self {
            reserved: Vec::new(),
            corpus: corpus_of(corpus_root),
            rule: CorpusRule::NoArticles,
        }
    }

    /// Checks that `path` may be created or replaced by a regular file.
    pub fn check(&self, path: &Path) -> Result<(), TargetError> {
        let resolved = resolve(path);
        if let Some((_, what)) = self.reserved.iter().find(|(r, _)| *r == resolved) {
            return Err(TargetError::Reserved {
                path: path.to_owned(),
                what,
            });
        }
        if let Some((shown, root)) = &self.corpus
            && resolved.starts_with(root)
        {
            let corpus = shown.clone();
            match self.rule {
                CorpusRule::Closed => {
                    return Err(TargetError::InCorpus {
                        path: path.to_owned(),
                        corpus,
                    });
                }
                CorpusRule::NoArticles if reads_as_article(&resolved) => {
                    return Err(TargetError::Article {
                        path: path.to_owned(),
                        corpus,
                    });
                }
                CorpusRule::NoArticles => {}
            }
        }
        check_kind(path)
    }
}

fn corpus_of(root: &Path) -> Option<(PathBuf, PathBuf)> {
    (!root.as_os_str().is_empty()).then(|| (root.to_owned(), resolve(root)))
}

/// True when the corpus reads a file of this name as an article.
fn reads_as_article(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    SourceFormat::from_extension(&ext).is_some()
}

/// Refuses anything but a regular file (or nothing) at `path`, following
/// symbolic links.
fn check_kind(path: &Path) -> Result<(), TargetError> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(());
    };
    let kind = node_kind(&meta.file_type());
    match kind {
        None => Ok(()),
        Some(kind) => Err(TargetError::NotRegular {
            path: path.to_owned(),
            kind,
        }),
    }
}

/// What a node that is not a regular file is, in words; `None` for a file.
fn node_kind(file_type: &fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// `path` made absolute and resolved one component at a time: each part
/// that exists is canonicalised (symbolic links followed), `..` goes up from
/// where that leads, and parts that do not exist yet are kept as they are.
/// Two spellings of one place compare equal.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut real = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            other => {
                real.push(other);
                if let Ok(canonical) = real.canonicalize() {
                    real = canonical;
                }
            }
        }
    }
    real
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    struct Fixture {
        dir: tempfile::TempDir,
        guard: TargetGuard,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("arts/sub")).unwrap();
        fs::write(dir.path().join("arts/a.txt"), "A").unwrap();
        fs::write(dir.path().join("p.ron"), "()").unwrap();
        let guard =
            TargetGuard::for_export(Some(&dir.path().join("p.ron")), &dir.path().join("arts"));
        Fixture { dir, guard }
    }

    #[test]
    fn the_projects_own_files_are_reserved() {
        let f = fixture();
        let d = f.dir.path();
        for (name, what) in [
            ("p.ron", "the project file"),
            ("p.ron.bak", "the project's backup"),
            ("p.ron.recovery", "the project's recovery file"),
            ("p.ron.lock", "the project's lock file"),
            ("p.ron.open", "the project's open-window marker"),
        ] {
            let err = f.guard.check(&d.join("arts/../").join(name)).unwrap_err();
            assert!(
                matches!(err, TargetError::Reserved { what: w, .. } if w == what),
                "{name}: {err}"
            );
            assert!(err.to_string().contains(name), "{err}");
        }
        assert!(f.guard.check(&d.join("p.jsonl")).is_ok());
        assert!(f.guard.check(&d.join("p.ron.csv")).is_ok());
    }

    #[test]
    fn nothing_inside_the_corpus_even_through_a_link() {
        let f = fixture();
        let d = f.dir.path();
        std::os::unix::fs::symlink(d.join("arts/sub"), d.join("link")).unwrap();
        for path in [
            d.join("arts/a.txt"),
            d.join("arts/new.ann"),
            d.join("arts/sub/deep/x.txt"),
            d.join("link/x.csv"),
            d.join("out/../arts/b.jsonl"),
        ] {
            let err = f.guard.check(&path).unwrap_err();
            assert!(matches!(err, TargetError::InCorpus { .. }), "{err}");
        }
        assert!(f.guard.check(&d.join("arts-2/a.txt")).is_ok());
    }

    #[test]
    fn a_new_project_may_sit_in_the_corpus_but_not_on_an_article() {
        let f = fixture();
        let d = f.dir.path();
        let guard = TargetGuard::for_new_project(&d.join("arts"));
        for name in [
            "arts/a.txt",
            "arts/b.TXT",
            "arts/sub/c.html",
            "arts/d.jsonl",
        ] {
            let err = guard.check(&d.join(name)).unwrap_err();
            assert!(matches!(err, TargetError::Article { .. }), "{name}: {err}");
        }
        assert!(guard.check(&d.join("arts/project.ron")).is_ok());
        assert!(guard.check(&d.join("p.ron")).is_ok());
    }

    #[test]
    fn fifos_sockets_devices_and_folders_are_refused() {
        let f = fixture();
        let d = f.dir.path();
        let fifo = d.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let socket = d.join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        std::os::unix::fs::symlink(&fifo, d.join("to-fifo")).unwrap();
        for (path, kind) in [
            (fifo.clone(), "a FIFO (named pipe)"),
            (socket, "a socket"),
            (d.join("to-fifo"), "a FIFO (named pipe)"),
            (PathBuf::from("/dev/null"), "a character device"),
            (d.to_owned(), "a folder"),
        ] {
            let err = f.guard.check(&path).unwrap_err();
            assert!(
                matches!(err, TargetError::NotRegular { kind: k, .. } if k == kind),
                "{}: {err}",
                path.display()
            );
        }
        fs::write(d.join("plain.csv"), "old").unwrap();
        assert!(f.guard.check(&d.join("plain.csv")).is_ok());
    }

    #[test]
    fn resolving_follows_links_and_climbs_from_where_they_lead() {
        let f = fixture();
        let d = f.dir.path().canonicalize().unwrap();
        std::os::unix::fs::symlink(d.join("arts/sub"), d.join("link")).unwrap();
        assert_eq!(resolve(&d.join("link/new/x")), d.join("arts/sub/new/x"));
        assert_eq!(resolve(&d.join("link/../a.txt")), d.join("arts/a.txt"));
        assert_eq!(resolve(&d.join("no/such/../../p.ron")), d.join("p.ron"));
        assert_eq!(resolve(&d.join("./arts/./a.txt")), d.join("arts/a.txt"));
    }

    #[test]
    fn names_for_the_project_siblings() {
        let p = Path::new("dir/p.ron");
        assert_eq!(recovery_sibling(p), Path::new("dir/p.ron.recovery"));
        let recovery = recovery_sibling(p);
        assert_eq!(
            discarded_name(&recovery, "20261203-221500"),
            Path::new("dir/p.discarded-20261203-221500.ron")
        );
        assert_eq!(
            discarded_name(Path::new("data/recovery/untitled-ab12.ron"), "S"),
            Path::new("data/recovery/untitled-ab12.discarded-S.ron")
        );
        assert_eq!(crate::io::lock::lock_path(p), Path::new("dir/p.ron.lock"));
    }
}
