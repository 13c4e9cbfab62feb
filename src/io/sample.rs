//! The sample project that ships with Diptych: where its copies are, and
//! the embedded copy unpacked into the app's data folder. The window opens
//! it when started without a path; both the window and the command line
//! know it, so that its corpus (`projects/seeds.ron` over `../seeds`,
//! outside the project's folder) is read without a warning or a question.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Where the sample project file sits below the folder that holds it and
/// its articles (`seeds/`).
const SAMPLE_PROJECT: &str = "projects/seeds.ron";

/// The sample project and its articles, compiled into the binary.
const SAMPLE_FILES: [(&str, &str); 3] = [
    (SAMPLE_PROJECT, include_str!("../../projects/seeds.ron")),
    (
        "seeds/000_fcbbd4f1fe241d7e.txt",
        include_str!("../../seeds/000_fcbbd4f1fe241d7e.txt"),
    ),
    (
        "seeds/001_d855b870b5cef35b.txt",
        include_str!("../../seeds/001_d855b870b5cef35b.txt"),
    ),
];

/// The app's data folder (`$XDG_DATA_HOME/diptych`, usually `~/.local/share/diptych`).
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("diptych")
}

/// The app's config folder (`$XDG_CONFIG_HOME/diptych`, usually
/// `~/.config/diptych`): the user's settings (who annotates).
pub fn config_dir() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("diptych")
}

/// The places of the repository's copy of the sample: the current folder,
/// and the source tree this binary was built from.
fn repository_copies() -> [PathBuf; 2] {
    [
        PathBuf::from(SAMPLE_PROJECT),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_PROJECT),
    ]
}

/// The sample project to open: the repository's copy when there is one
/// (the current folder or the source tree this binary was built from),
/// otherwise the embedded copy unpacked into `data_dir/sample`.
pub fn sample_project(data_dir: &Path) -> anyhow::Result<PathBuf> {
    if let Some(path) = repository_copies()
        .into_iter()
        .find(|p| p.is_file() && p.with_file_name("../seeds").is_dir())
    {
        return Ok(path);
    }
    unpack_sample(&data_dir.join("sample"))
}

/// Writes the embedded sample into `folder` (files already there are kept:
/// the user's work on the sample is never overwritten) and returns its project path.
pub fn unpack_sample(folder: &Path) -> anyhow::Result<PathBuf> {
    for (rel, contents) in SAMPLE_FILES {
        let path = folder.join(rel);
        if path.exists() {
            continue;
        }
        let parent = path.parent().unwrap_or(folder);
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        super::atomic::write_atomic(&path, contents.as_bytes())?;
    }
    Ok(folder.join(SAMPLE_PROJECT))
}

/// True when `project_path` is the sample project at one of its places
/// (the repository's copy, or the one unpacked into `data_dir/sample`) and
/// `corpus` is its own articles folder (`seeds/` beside `projects/`).
/// Paths are compared resolved (symbolic links followed); a copy of the
/// sample elsewhere is not the sample.
pub fn is_sample(project_path: &Path, corpus: &Path, data_dir: &Path) -> bool {
    let Ok(path) = project_path.canonicalize() else {
        return false;
    };
    let known = repository_copies()
        .into_iter()
        .chain([data_dir.join("sample").join(SAMPLE_PROJECT)])
        .filter_map(|p| p.canonicalize().ok())
        .any(|p| p == path);
    let seeds = path
        .parent()
        .and_then(Path::parent)
        .map(|root| root.join("seeds"))
        .and_then(|s| s.canonicalize().ok());
    known && corpus.canonicalize().ok() == seeds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacked_sample_opens_and_keeps_user_changes() {
        let dir = tempfile::tempdir().unwrap();
        let project = unpack_sample(dir.path()).unwrap();
        let (ws, report) = crate::io::workspace::Workspace::open_blocking(&project).unwrap();
        assert!(report.is_clean());
        assert_eq!(ws.project.documents.len(), 2);
        fs::write(&project, "changed").unwrap();
        unpack_sample(dir.path()).unwrap();
        assert_eq!(fs::read_to_string(&project).unwrap(), "changed");
    }

    #[test]
    fn the_sample_is_known_at_its_places_over_its_own_articles_only() {
        let data = tempfile::tempdir().unwrap();
        let unpacked = unpack_sample(&data.path().join("sample")).unwrap();
        let seeds = data.path().join("sample/seeds");
        assert!(is_sample(&unpacked, &seeds, data.path()));
        assert!(!is_sample(&unpacked, Path::new("/etc"), data.path()));
        // The repository's copy, whichever folder names it.
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let in_repo = repo.join("projects/../projects/seeds.ron");
        assert!(is_sample(&in_repo, &repo.join("seeds"), data.path()));
        // A copy elsewhere is not the sample.
        let other = tempfile::tempdir().unwrap();
        let copy = unpack_sample(other.path()).unwrap();
        assert!(!is_sample(&copy, &other.path().join("seeds"), data.path()));
    }
}
