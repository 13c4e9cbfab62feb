//! The user's layout choices ([`WindowPrefs`]), kept in `window.ron` in the
//! app's data folder between sessions.

use std::path::{Path, PathBuf};

use crate::io::atomic::{read_settings, write_settings};
use crate::ui::layout::WindowPrefs;

/// The preferences file and what it last held.
pub struct Prefs {
    file: PathBuf,
    saved: WindowPrefs,
}

impl Prefs {
    /// Reads the preferences; a missing or unreadable file gives the
    /// defaults, and numbers out of bounds are brought within them.
    pub fn load(data_dir: &Path) -> (Self, WindowPrefs) {
        let file = data_dir.join("window.ron");
        let prefs = read_settings::<WindowPrefs>(&file)
            .unwrap_or_default()
            .clamped();
        let saved = prefs.clone();
        (Self { file, saved }, prefs)
    }

    /// Writes `prefs` when they changed (best effort: a failure only loses
    /// the layout choices, never work).
    pub fn save_if_changed(&mut self, prefs: &WindowPrefs) {
        if *prefs == self.saved {
            return;
        }
        self.saved = prefs.clone();
        let _ = write_settings(&self.file, prefs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn layout_choices_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (mut prefs, mut chosen) = Prefs::load(dir.path());
        assert_eq!(chosen, WindowPrefs::default());
        chosen.library_width = 300.0;
        chosen.library_width_set = true;
        chosen.inspector_open = false;
        chosen.reader_text_size = 19.0;
        prefs.save_if_changed(&chosen);
        let (_, again) = Prefs::load(dir.path());
        assert_eq!(again, chosen);
    }

    #[test]
    fn a_broken_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("window.ron"), "(library_width: oops").unwrap();
        assert_eq!(Prefs::load(dir.path()).1, WindowPrefs::default());
    }
}
