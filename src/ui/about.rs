//! Help > About (which Diptych this is, and where it keeps its files) and
//! the question after a crash (restore the work, see the report).

use std::path::PathBuf;

use eframe::egui;

use super::command::UiCommand;

/// What the About window shows: the version line and the app's folders.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct About {
    /// "0.1.0 (commit 1d98af2c3e, 2026-12-01)".
    pub version: String,
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
    pub cache_dir: PathBuf,
    /// The window's log file (`None`: it could not be opened).
    pub log_file: Option<PathBuf>,
    /// The folder the log is in, which *Open log folder* opens.
    pub log_dir: PathBuf,
}

/// What the start after a crash says (from the crashed window's note).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CrashOffer {
    /// The project file that was open (`None`: one never saved).
    pub project: Option<PathBuf>,
    /// The recovery file holding the unsaved work (`None`: nothing was unsaved).
    pub recovery: Option<PathBuf>,
    /// The recovery file holds the last autosave, not every edit.
    pub autosaved_only: bool,
    /// The crash report.
    pub report: Option<PathBuf>,
    /// The folder of crash reports, which a button opens.
    pub reports_dir: PathBuf,
}

/// The answer to the crash question.
#[derive(Clone, Debug, PartialEq)]
pub enum CrashAnswer {
    /// Open the project with the recovered work.
    Restore,
    /// Forget the question (the recovery file stays; opening the project offers it).
    Dismiss,
}

/// The About window, while `about` is `Some`.
pub fn about_window_ui(ctx: &egui::Context, about: &mut Option<About>, out: &mut Vec<UiCommand>) {
    let Some(shown) = about.as_ref() else {
        return;
    };
    let mut open = true;
    egui::Window::new("About Diptych")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading("Diptych");
            ui.label(
                "Read news articles side by side, annotate their claims, export NLP datasets.",
            );
            ui.label(format!("Version {}", shown.version));
            ui.add_space(6.0);
            egui::Grid::new("about folders")
                .num_columns(2)
                .show(ui, |ui| {
                    let log = shown
                        .log_file
                        .as_ref()
                        .map_or_else(|| "(not written)".to_owned(), |p| p.display().to_string());
                    for (name, path) in [
                        ("Settings", shown.config_dir.display().to_string()),
                        ("Data", shown.data_dir.display().to_string()),
                        (
                            "State (logs, crash reports)",
                            shown.state_dir.display().to_string(),
                        ),
                        (
                            "Cache (search indexes)",
                            shown.cache_dir.display().to_string(),
                        ),
                        ("Log file", log),
                    ] {
                        ui.label(name);
                        ui.add(
                            egui::Label::new(egui::RichText::new(path).monospace())
                                .selectable(true),
                        );
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            if ui.button("Open log folder").clicked() {
                out.push(UiCommand::OpenFolder(shown.log_dir.clone()));
            }
        });
    if !open {
        *about = None;
    }
}

/// "Diptych closed unexpectedly": restore the work, open the reports' folder, or not now.
pub fn crash_prompt_ui(ctx: &egui::Context, offer: &CrashOffer, out: &mut Vec<UiCommand>) {
    egui::Modal::new(egui::Id::unique("crash prompt")).show(ctx, |ui| {
        ui.heading("Diptych closed unexpectedly");
        ui.label("It was stopped by an internal error.");
        match (&offer.recovery, &offer.project) {
            (Some(recovery), _) => {
                ui.label(format!(
                    "Your unsaved work{} was kept in:\n{}",
                    offer
                        .project
                        .as_ref()
                        .map(|p| format!(" on {}", p.display()))
                        .unwrap_or_default(),
                    recovery.display()
                ));
                if offer.autosaved_only {
                    ui.label(
                        "(as of its last autosave: the error struck while an edit was applied)",
                    );
                }
            }
            (None, _) => {
                ui.label("Nothing unsaved was lost.");
            }
        }
        if let Some(report) = &offer.report {
            ui.label(format!(
                "A report for the developers (no article text in it) is in:\n{}",
                report.display()
            ));
        }
        ui.horizontal(|ui| {
            if offer.recovery.is_some() && ui.button("Restore my work").clicked() {
                out.push(UiCommand::CrashAnswer(CrashAnswer::Restore));
            }
            if ui.button("Open report folder").clicked() {
                out.push(UiCommand::OpenFolder(offer.reports_dir.clone()));
            }
            let dismiss = if offer.recovery.is_some() {
                "Not now"
            } else {
                "Close"
            };
            if ui.button(dismiss).clicked() {
                out.push(UiCommand::CrashAnswer(CrashAnswer::Dismiss));
            }
        });
    });
}
