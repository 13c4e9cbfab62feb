//! The bundled sample project, and where the app keeps its own files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// The sample project and its articles, compiled into the binary.
const SAMPLE_FILES: [(&str, &str); 3] = [
    (
        "projects/seeds.ron",
        include_str!("../../projects/seeds.ron"),
    ),
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

/// The sample project to open: the repository's copy when there is one
/// (the current folder or the source tree this binary was built from),
/// otherwise the embedded copy unpacked into `data_dir/sample`.
pub fn sample_project(data_dir: &Path) -> anyhow::Result<PathBuf> {
    let in_repo = [
        PathBuf::from("projects/seeds.ron"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/seeds.ron"),
    ];
    if let Some(path) = in_repo
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
        crate::io::atomic::write_atomic(&path, contents.as_bytes())?;
    }
    Ok(folder.join("projects/seeds.ron"))
}

/// Recently opened projects, newest first, kept in `data_dir/recent.txt`.
pub struct Recent {
    file: PathBuf,
    pub paths: Vec<PathBuf>,
}

impl Recent {
    const MAX: usize = 10;

    /// Reads the list (an unreadable list is an empty one).
    pub fn load(data_dir: &Path) -> Self {
        let file = data_dir.join("recent.txt");
        let paths = fs::read_to_string(&file)
            .map(|text| {
                text.lines()
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from)
                    .collect()
            })
            .unwrap_or_default();
        Self { file, paths }
    }

    /// Puts `path` first and saves the list (best effort: a failure only loses the list).
    pub fn touch(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(Self::MAX);
        let text: String = self
            .paths
            .iter()
            .map(|p| format!("{}\n", p.display()))
            .collect();
        let _ = crate::io::atomic::write_settings_file(&self.file, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacked_sample_opens_and_keeps_user_changes() {
        let dir = tempfile::tempdir().unwrap();
        let project = unpack_sample(dir.path()).unwrap();
        let (ws, report) = crate::io::workspace::Workspace::open(
            &project,
            &Default::default(),
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
        assert!(report.is_clean());
        assert_eq!(ws.project.documents.len(), 2);
        fs::write(&project, "changed").unwrap();
        unpack_sample(dir.path()).unwrap();
        assert_eq!(fs::read_to_string(&project).unwrap(), "changed");
    }

    #[test]
    fn recent_list_is_newest_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut recent = Recent::load(dir.path());
        for name in ["a.ron", "b.ron", "a.ron"] {
            recent.touch(&dir.path().join(name));
        }
        let again = Recent::load(dir.path());
        let names: Vec<_> = again
            .paths
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["a.ron", "b.ron"]);
    }
}
