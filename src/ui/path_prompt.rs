//! The in-app path field: a modal that asks for a path, with completion
//! from the file system, wherever no native file dialog is available.

use std::path::{Path, PathBuf};

use eframe::egui;

/// What the in-app path field is asking for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    OpenFolder,
    OpenProject,
    SaveProject,
    /// Where the Export window writes (the path goes back into its field).
    ExportTo,
}

impl PathPurpose {
    fn title(self) -> &'static str {
        match self {
            Self::OpenFolder => "New project from folder",
            Self::OpenProject => "Open project",
            Self::SaveProject => "Save project as",
            Self::ExportTo => "Export to",
        }
    }

    /// The field's hint.
    fn hint(self) -> &'static str {
        match self {
            Self::OpenFolder => "/path/to/folder",
            Self::OpenProject | Self::SaveProject => "/path/to/project.ron",
            Self::ExportTo => "/path/to/export file",
        }
    }

    /// The text of the button that accepts the path.
    fn ok_text(self) -> &'static str {
        match self {
            Self::OpenFolder | Self::OpenProject => "Open",
            Self::SaveProject => "Save",
            Self::ExportTo => "Choose",
        }
    }
}

/// The in-app path field, with completion from the file system.
#[derive(Clone, Debug)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
    focus_requested: bool,
}

/// What the path field decided this frame.
pub enum PromptResult {
    Pending,
    Cancelled,
    Accepted(PathBuf),
}

impl PathPrompt {
    /// A prompt starting at `start`.
    pub fn new(purpose: PathPurpose, start: String) -> Self {
        Self {
            purpose,
            text: start,
            focus_requested: false,
        }
    }

    /// Draws the prompt as a modal window.
    pub fn ui(&mut self, ctx: &egui::Context) -> PromptResult {
        let mut result = PromptResult::Pending;
        let modal = egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
            ui.heading(self.purpose.title());
            ui.label("No file dialog is available here: type a path (Tab completes).");
            // Tab completes here: it never moves the focus out of the field.
            let edit = egui::TextEdit::singleline(&mut self.text)
                .desired_width(520.0)
                .lock_focus(true)
                .hint_text(self.purpose.hint());
            let response = ui.add(edit).on_hover_text("Path");
            let response = response.labelled_by(ui.label("Path").id);
            if !self.focus_requested {
                response.request_focus();
                self.focus_requested = true;
            }
            let candidates = completions(&self.text, self.purpose);
            if response.has_focus()
                && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab))
                && let Some(common) = common_prefix(&candidates)
            {
                self.text = common;
                move_cursor_to_end(ui, response.id, &self.text);
            }
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for candidate in candidates.iter().take(50) {
                        if ui.selectable_label(false, candidate).clicked() {
                            self.text.clone_from(candidate);
                        }
                    }
                });
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button(self.purpose.ok_text()).clicked() || enter {
                    let path = expand_home(self.text.trim());
                    if !path.as_os_str().is_empty() {
                        result = PromptResult::Accepted(path);
                    }
                }
                if ui.button("Cancel").clicked() {
                    result = PromptResult::Cancelled;
                }
            });
        });
        if modal.should_close() && matches!(result, PromptResult::Pending) {
            result = PromptResult::Cancelled;
        }
        result
    }
}

fn move_cursor_to_end(ui: &egui::Ui, id: egui::Id, text: &str) {
    if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
        let end = egui::text::CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ui.ctx(), id);
    }
}

fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

/// Paths that complete `text`: entries of its folder that start with its last
/// part, folders with a trailing `/`; for projects only folders and .ron files.
pub fn completions(text: &str, purpose: PathPurpose) -> Vec<String> {
    let expanded = expand_home(text);
    let (dir, prefix) = if text.ends_with('/') || text.is_empty() {
        (
            if text.is_empty() {
                PathBuf::from(".")
            } else {
                expanded.clone()
            },
            String::new(),
        )
    } else {
        let parent = expanded
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let name = expanded
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (
            if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent
            },
            name,
        )
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let base = if text.is_empty() {
        String::new()
    } else if text.ends_with('/') {
        text.to_owned()
    } else {
        text.rsplit_once('/')
            .map_or(String::new(), |(head, _)| format!("{head}/"))
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            if !name.starts_with(&prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.path().is_dir();
            let wanted = is_dir || purpose != PathPurpose::OpenProject || name.ends_with(".ron");
            let wanted = wanted && (is_dir || purpose != PathPurpose::OpenFolder);
            wanted.then(|| format!("{base}{name}{}", if is_dir { "/" } else { "" }))
        })
        .collect();
    out.sort();
    out
}

fn common_prefix(candidates: &[String]) -> Option<String> {
    let first = candidates.first()?;
    let mut len = first.len();
    for c in &candidates[1..] {
        len = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    Some(first[..len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_lists_matching_entries_and_folders_first_class() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("articles")).unwrap();
        std::fs::write(root.join("alpha.ron"), "").unwrap();
        std::fs::write(root.join("alpha.txt"), "").unwrap();
        std::fs::write(root.join(".hidden.ron"), "").unwrap();
        let base = format!("{}/", root.display());
        let got = completions(&format!("{base}a"), PathPurpose::OpenProject);
        assert_eq!(
            got,
            [format!("{base}alpha.ron"), format!("{base}articles/")]
        );
        let got = completions(&format!("{base}a"), PathPurpose::OpenFolder);
        assert_eq!(got, [format!("{base}articles/")]);
        assert_eq!(
            common_prefix(&[format!("{base}alpha.ron"), format!("{base}articles/")]),
            Some(format!("{base}a"))
        );
        assert_eq!(
            common_prefix(&[format!("{base}alpha.ron")]),
            Some(format!("{base}alpha.ron"))
        );
    }
}
