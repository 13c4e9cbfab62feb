//! File dialogs behind a trait: native (rfd) in the app, scripted in tests.
//! Where no native dialog is available the app opens the in-app path field
//! ([`crate::ui::path_prompt`]) instead.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::io::export::Format;

/// What a file dialog gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No native dialog could be shown: ask in the window instead.
    Unavailable,
}

/// The dialogs the app needs.
pub trait FileDialogs {
    /// A folder of articles.
    fn pick_folder(&mut self) -> Picked;
    /// A .ron project to open.
    fn pick_project(&mut self) -> Picked;
    /// Where to save a project, starting at `suggested` (a full path).
    fn save_project(&mut self, suggested: &Path) -> Picked;
    /// Where to export as `format`, starting at `suggested` (a full path).
    fn save_export(&mut self, suggested: &Path, format: Format) -> Picked;
    /// Shows a folder in the system's file manager.
    fn open_folder(&mut self, folder: &Path) -> Result<(), String> {
        Err(format!(
            "no file manager here; the folder is {}",
            folder.display()
        ))
    }
}

/// Native dialogs through rfd (xdg desktop portal on Linux).
#[derive(Default)]
pub struct NativeDialogs {
    /// Set once rfd has answered "nothing" instantly: no portal runs here.
    unavailable: bool,
}

impl NativeDialogs {
    /// rfd returns `None` at once when no portal runs; a person takes longer.
    fn judge(&mut self, started: Instant, result: Option<PathBuf>) -> Picked {
        match result {
            Some(path) => Picked::Path(path),
            None if started.elapsed() < Duration::from_millis(300) => {
                self.unavailable = true;
                Picked::Unavailable
            }
            None => Picked::Cancelled,
        }
    }
}

impl FileDialogs for NativeDialogs {
    fn open_folder(&mut self, folder: &Path) -> Result<(), String> {
        // xdg-open (open, explorer) in a process of its own; the window does not wait.
        open::that_detached(folder).map_err(|err| err.to_string())
    }

    fn pick_folder(&mut self) -> Picked {
        if self.unavailable {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        let result = rfd::FileDialog::new()
            .set_title("New project from folder")
            .pick_folder();
        self.judge(started, result)
    }

    fn pick_project(&mut self) -> Picked {
        if self.unavailable {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        let result = rfd::FileDialog::new()
            .set_title("Open project")
            .add_filter("Diptych project", &["ron"])
            .pick_file();
        self.judge(started, result)
    }

    fn save_project(&mut self, suggested: &Path) -> Picked {
        if self.unavailable {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        let result = save_dialog("Save project as", suggested)
            .add_filter("Diptych project", &["ron"])
            .save_file();
        self.judge(started, result)
    }

    fn save_export(&mut self, suggested: &Path, format: Format) -> Picked {
        if self.unavailable {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        let mut dialog = save_dialog(&format!("Export as {format}"), suggested);
        if !format.writes_folder() {
            dialog = dialog.add_filter(format.name(), &[format.extension()]);
        }
        self.judge(started, dialog.save_file())
    }
}

/// A save dialog titled `title` that opens in `suggested`'s folder with its file name.
fn save_dialog(title: &str, suggested: &Path) -> rfd::FileDialog {
    let mut dialog = rfd::FileDialog::new().set_title(title);
    if let Some(folder) = suggested.parent().filter(|f| !f.as_os_str().is_empty()) {
        dialog = dialog.set_directory(folder);
    }
    if let Some(name) = suggested.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    dialog
}

/// Dialogs that are never available: every request falls back to the path field.
#[derive(Default)]
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick_folder(&mut self) -> Picked {
        Picked::Unavailable
    }
    fn pick_project(&mut self) -> Picked {
        Picked::Unavailable
    }
    fn save_project(&mut self, _suggested: &Path) -> Picked {
        Picked::Unavailable
    }
    fn save_export(&mut self, _suggested: &Path, _format: Format) -> Picked {
        Picked::Unavailable
    }
}
