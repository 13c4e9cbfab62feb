//! The "Skipped files" window: every file of the corpus folder that was not
//! loaded, with its reason (binary, too large, a link leaving the folder ...).
//! Opened from the status bar ("N files skipped") and View > Skipped files.

use eframe::egui;

use super::ViewCtx;
use crate::io::corpus::Skipped;

/// Height of one row of the list.
const ROW_HEIGHT: f32 = 20.0;

/// Whether the window is open.
#[derive(Default)]
pub struct SkippedWindowState {
    pub open: bool,
}

/// The status bar text for `count` skipped files, `None` when there are none.
pub fn status_text(count: usize) -> Option<String> {
    (count > 0).then(|| format!("{} skipped", super::counted(count, "file")))
}

/// Draws the window while it is open.
pub fn skipped_window_ui(ctx: &egui::Context, view: &ViewCtx<'_>, state: &mut SkippedWindowState) {
    let skipped = &view.corpus.skipped;
    egui::Window::new("Skipped files")
        .open(&mut state.open)
        .resizable(true)
        .default_size([720.0, 480.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "{} of the folder {} were not loaded:",
                status_text(skipped.len()).unwrap_or_else(|| "No files".to_owned()),
                view.corpus.root.display()
            ));
            ui.separator();
            if skipped.is_empty() {
                ui.label("Every file was loaded.");
                return;
            }
            // Only the rows in view are built: a folder can skip thousands of files.
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .show_rows(ui, ROW_HEIGHT, skipped.len(), |ui, rows| {
                    egui::Grid::new("skipped files")
                        .striped(true)
                        .num_columns(2)
                        .min_row_height(ROW_HEIGHT)
                        .show(ui, |ui| {
                            for skip in &skipped[rows] {
                                row_ui(ui, skip);
                            }
                        });
                });
        });
}

fn row_ui(ui: &mut egui::Ui, skip: &Skipped) {
    ui.monospace(&skip.path);
    ui.label(skip.reason.to_string());
    ui.end_row();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_text_counts() {
        assert_eq!(status_text(0), None);
        assert_eq!(status_text(1).as_deref(), Some("1 file skipped"));
        assert_eq!(status_text(12).as_deref(), Some("12 files skipped"));
    }
}
