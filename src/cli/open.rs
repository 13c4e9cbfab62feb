//! Opening a project file from the command line: the one place where a
//! command reads a project's corpus, and where it says so, once, when that
//! corpus lies outside the project's folder.

use std::mem::ManuallyDrop;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::no_progress;
use super::term::shown;
use crate::io::atomic::FileVersion;
use crate::io::corpus::ImportOptions;
use crate::io::sample::{data_dir, is_sample};
use crate::io::workspace::{
    Consistency, OpenError, Outside, ParsedProject, Workspace, corpus_root, root_outside,
};

/// What a command reads until it ends (a project, its corpus), never freed:
/// the process ends right after and the system takes its memory back at
/// once, where freeing its many small allocations one by one took 40-50 ms
/// of a 10,000-article export's second (`perf`). Only for values whose drop
/// does nothing that must happen before the process ends (no lock to
/// release, no file to finish or remove, no thread to stop).
pub(super) fn kept_to_the_end<T>(value: T) -> ManuallyDrop<T> {
    ManuallyDrop::new(value)
}

/// Opens the project file at `path` and reads its corpus; when the corpus
/// lies outside the project's folder (and the project is not the bundled
/// sample), first prints one warning line on standard error.
pub fn open_project(
    path: &Path,
    options: &ImportOptions,
) -> Result<(Workspace, Consistency, FileVersion), OpenError> {
    let cancel = AtomicBool::new(false);
    // The corpus is read while the file is parsed; the warning below is
    // printed before any command acts on what was read.
    let (parsed, early) = ParsedProject::read_with_corpus(path, options, &no_progress, &cancel)?;
    warn_outside(&parsed);
    Workspace::open_parsed(parsed, early, options, &no_progress, &cancel)
}

/// Prints one warning line on standard error when the corpus of `parsed`
/// lies outside its folder (unless it is the bundled sample, or `-q` was
/// given).
pub(super) fn warn_outside(parsed: &ParsedProject) {
    warn_root_outside(&parsed.path, &corpus_root(&parsed.path, &parsed.project));
}

/// [`warn_outside`] of the project file at `path` whose corpus folder is
/// `root` (as joined to the file's folder).
pub(super) fn warn_root_outside(path: &Path, root: &Path) {
    if !crate::logging::quiet()
        && let Some(outside) = root_outside(path, root)
        && !is_sample(path, &outside.corpus, &data_dir())
    {
        eprintln!("{}", outside_warning(path, &outside));
    }
}

/// "warning: the corpus folder /etc is outside the project's folder
/// /home/u/p (from p.ron); its files are read as articles".
fn outside_warning(path: &Path, outside: &Outside) -> String {
    let name = path.file_name().unwrap_or(path.as_os_str());
    format!(
        "warning: the corpus folder {} is outside the project's folder {} (from {}); its files are read as articles",
        shown(&outside.corpus.display().to_string()),
        shown(&outside.project_folder.display().to_string()),
        shown(&name.to_string_lossy()),
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_warning_names_both_folders_and_the_file_escaped() {
        let outside = Outside {
            corpus: PathBuf::from("/etc"),
            project_folder: PathBuf::from("/home/u/p\u{1b}[31m"),
        };
        assert_eq!(
            outside_warning(Path::new("/home/u/p/p.ron"), &outside),
            "warning: the corpus folder /etc is outside the project's folder \
             /home/u/p\\u{1b}[31m (from p.ron); its files are read as articles"
        );
    }
}
