//! Who annotates: the name written on every annotation this window makes.
//! It comes from the command line (`--annotator`, `DIPTYCH_ANNOTATOR`), else
//! from `settings.ron` in the user's config folder; on the first run there is
//! neither, and the window asks, offering the login name.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::DiptychApp;
use crate::io::atomic::{WriteError, read_settings, write_settings};
use crate::model::annotator_problem as name_problem;
use crate::ui::command::StatusMessage;

/// The user's settings file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The annotator's name, once chosen.
    #[serde(default)]
    pub annotator: Option<String>,
}

impl Settings {
    /// `settings.ron` in `config_dir`.
    pub fn path(config_dir: &Path) -> PathBuf {
        config_dir.join("settings.ron")
    }

    /// The settings in `config_dir`; a missing or unreadable file (or a name
    /// that would not do) gives none.
    pub fn load(config_dir: &Path) -> Self {
        let mut settings: Self = read_settings(&Self::path(config_dir)).unwrap_or_default();
        settings.annotator = settings.annotator.filter(|n| name_problem(n).is_none());
        settings
    }

    /// Writes the settings into `config_dir` (atomically).
    pub fn save(&self, config_dir: &Path) -> Result<(), WriteError> {
        write_settings(&Self::path(config_dir), self)
    }
}

impl DiptychApp {
    /// The name written on the annotations this window makes.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// Takes `name` as the annotator's (from Preferences or the first-run
    /// question) and keeps it in the settings; a name that will not do is
    /// said in the window, which stays open.
    pub(super) fn set_annotator(&mut self, name: String) {
        let name = name.trim().to_owned();
        if let Some(problem) = name_problem(&name) {
            self.ui.preferences.problem = Some(format!("This name cannot be used: {problem}."));
            return;
        }
        let settings = Settings {
            annotator: Some(name.clone()),
        };
        self.say(match settings.save(&self.config.config_dir) {
            Ok(()) => StatusMessage::info(format!(
                "New annotations are signed {name} (kept in {})",
                Settings::path(&self.config.config_dir).display()
            )),
            Err(err) => StatusMessage::error(format!(
                "Annotating as {name} in this session; it cannot be kept for the next: {err}"
            )),
        });
        self.annotator = name;
        self.ui.preferences.open = false;
    }
}

/// The login name, offered as the annotator's name on the first run.
pub fn login_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|n| name_problem(n).is_none())
        .unwrap_or_else(|| "analyst".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_name_survives_a_restart_and_a_bad_one_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
        let settings = Settings {
            annotator: Some("Ana Lyst".to_owned()),
        };
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), settings);
        fs::write(Settings::path(dir.path()), "(annotator: Some(\"a\\nb\"))").unwrap();
        assert_eq!(Settings::load(dir.path()).annotator, None);
        assert_eq!(name_problem(" "), Some("the name is empty"));
        assert!(name_problem("bob\u{1b}[31m").is_some());
        assert_eq!(name_problem("Zoë"), None);
    }
}
