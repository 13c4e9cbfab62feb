//! The projects the window opened recently (and, from `io::sample`, the
//! bundled sample project and where the app keeps its own files).

use std::fs;
use std::path::{Path, PathBuf};

pub use crate::io::sample::{data_dir, sample_project};

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
