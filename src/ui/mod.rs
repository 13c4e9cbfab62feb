//! Panels and widgets. They read the project through [`ViewCtx`], keep only
//! view state of their own, and send [`Command`]s; they never edit the project.

pub mod fonts;
pub mod inspector;
pub mod labels;
pub mod library;
pub mod orphans;
pub mod panes;
pub mod reader;
pub mod skipped;
pub mod transfer;

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::app::{Action, AfterClose, CloseAnswer, Command, UiState};
use crate::io::corpus::{Corpus, Progress};
use crate::model::{AnnotationStatus, DocumentId, History, Label, Project};
use reader::Highlight;

/// Read-only view of what the panels show.
pub struct ViewCtx<'a> {
    pub project: &'a Project,
    pub corpus: &'a Corpus,
    pub history: &'a History,
    pub project_path: Option<&'a Path>,
    pub dirty: bool,
    pub autosaved_at: Option<&'a str>,
    pub recent: &'a [PathBuf],
    /// The path being loaded and how far it got.
    pub loading: Option<(PathBuf, Progress)>,
    /// Compare mode's alignment of the first two panes.
    pub compare: Option<std::sync::Arc<panes::CompareView>>,
    /// How many annotations of the project are orphaned.
    pub orphans: usize,
}

/// The colour of a label.
pub fn label_color(label: &Label) -> egui::Color32 {
    let [r, g, b] = label.color.0;
    egui::Color32::from_rgb(r, g, b)
}

/// Highlights of one document's annotations, sorted by start. Orphans, and
/// spans that do not fit `text` (a document changed on disk and not
/// re-anchored), are not drawn.
pub fn build_highlights(project: &Project, doc: &DocumentId, text: &str) -> Vec<Highlight> {
    let linked: std::collections::BTreeSet<_> = project
        .links
        .values()
        .flat_map(|l| [l.from, l.to])
        .collect();
    project
        .annotations_of(doc)
        .into_iter()
        .filter(|a| !a.orphaned && a.span.slice(text).is_some())
        .map(|a| {
            let label = project.labels.get(&a.label);
            let color = label.map_or(egui::Color32::GRAY, label_color);
            let mut tooltip = project.labels.name_of(&a.label).to_owned();
            if let Some(s) = a.sentiment {
                tooltip.push_str(&format!(" · {}", s.name()));
                if let Some(t) = &a.target {
                    tooltip.push_str(&format!(" → {t}"));
                }
            }
            if let AnnotationStatus::Suggested { source, score } = &a.status {
                tooltip.push_str(&format!("\nsuggested by {source} ({score:.2})"));
            }
            if !a.note.is_empty() {
                tooltip.push('\n');
                tooltip.push_str(&a.note);
            }
            Highlight {
                id: a.id,
                span: a.span,
                color,
                suggested: a.status.is_suggested(),
                linked: linked.contains(&a.id),
                tooltip,
            }
        })
        .collect()
}

/// Draws the whole window: menus, library, panes, inspector, status bar, windows.
pub fn window_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    highlights: &[std::sync::Arc<Vec<Highlight>>],
    out: &mut Vec<Command>,
    cancel_load: &mut bool,
) {
    egui::Panel::top("menu").show(ui, |ui| menu_bar_ui(ui, view, state, out));
    egui::Panel::bottom("status").show(ui, |ui| status_bar_ui(ui, view, state, out));
    egui::Panel::left("library")
        .resizable(true)
        .default_size(280.0)
        .show(ui, |ui| library::library_ui(ui, view, state, out));
    egui::Panel::right("inspector")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| inspector::inspector_ui(ui, view, state, out));
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some((path, progress)) = &view.loading {
            loading_ui(ui, path, *progress, cancel_load);
        } else {
            panes::panes_ui(ui, view, state, highlights, view.compare.as_deref(), out);
        }
    });
    let ctx = ui.ctx().clone();
    if state.show_shortcuts {
        shortcuts_window(&ctx, view.project, &mut state.show_shortcuts);
    }
    labels::labels_window_ui(&ctx, view, &mut state.labels_window, out);
    skipped::skipped_window_ui(&ctx, view, &mut state.skipped_window);
    orphans::orphans_window_ui(&ctx, view, state, out);
    if let Some(after) = &state.close_prompt {
        close_prompt_ui(&ctx, after, out);
    }
    if let Some(path) = &state.recovery_offer {
        recovery_prompt_ui(&ctx, path, out);
    }
}

fn menu_item(ui: &mut egui::Ui, action: Action, out: &mut Vec<Command>) {
    menu_item_text(ui, action, action.text(), true, out);
}

fn menu_item_text(
    ui: &mut egui::Ui,
    action: Action,
    text: &str,
    enabled: bool,
    out: &mut Vec<Command>,
) {
    let shortcut = action
        .shortcut()
        .map(|s| ui.ctx().format_shortcut(&s))
        .unwrap_or_default();
    let button = egui::Button::new(text).shortcut_text(shortcut);
    if ui.add_enabled(enabled, button).clicked() {
        out.push(Command::Action(action));
        ui.close();
    }
}

fn menu_bar_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, state: &UiState, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            menu_item(ui, Action::NewFromFolder, out);
            menu_item(ui, Action::OpenProject, out);
            ui.menu_button("Recent projects", |ui| {
                if view.recent.is_empty() {
                    ui.label("None yet");
                }
                for path in view.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
            ui.separator();
            menu_item(ui, Action::Save, out);
            menu_item(ui, Action::SaveAs, out);
            ui.separator();
            menu_item(ui, Action::Import, out);
            menu_item(ui, Action::Export, out);
            ui.separator();
            menu_item(ui, Action::Quit, out);
        });
        ui.menu_button("Edit", |ui| {
            let undo = view
                .history
                .undo_name()
                .map_or("Undo".to_owned(), |n| format!("Undo {n}"));
            menu_item_text(
                ui,
                Action::Undo,
                &undo,
                view.history.undo_name().is_some(),
                out,
            );
            let redo = view
                .history
                .redo_name()
                .map_or("Redo".to_owned(), |n| format!("Redo {n}"));
            menu_item_text(
                ui,
                Action::Redo,
                &redo,
                view.history.redo_name().is_some(),
                out,
            );
            ui.separator();
            menu_item_text(
                ui,
                Action::DeleteAnnotation,
                Action::DeleteAnnotation.text(),
                state.selected.is_some(),
                out,
            );
            menu_item(ui, Action::EditLabels, out);
        });
        ui.menu_button("Annotate", |ui| {
            for label in &view.project.labels.labels {
                let key = label.key.map(|k| k.to_string()).unwrap_or_default();
                if ui
                    .add(egui::Button::new(format!("Label as {}", label.name)).shortcut_text(key))
                    .clicked()
                {
                    out.push(Command::LabelSelection(label.id.clone()));
                    ui.close();
                }
            }
            ui.separator();
            for action in [
                Action::SentimentPositive,
                Action::SentimentNegative,
                Action::SentimentNeutral,
                Action::SentimentMixed,
                Action::StartLink,
                Action::AcceptSuggestion,
                Action::RejectSuggestion,
                Action::AcceptAllOfLabel,
            ] {
                menu_item_text(ui, action, action.text(), state.selected.is_some(), out);
            }
            ui.separator();
            menu_item(ui, Action::Suggest, out);
            menu_item(ui, Action::NextAnnotation, out);
            menu_item(ui, Action::PreviousAnnotation, out);
            menu_item(ui, Action::ClearSelection, out);
        });
        ui.menu_button("View", |ui| {
            menu_item(ui, Action::AddPane, out);
            let sync = if state.sync_scroll {
                "✓ Synchronised scrolling"
            } else {
                "Synchronised scrolling"
            };
            menu_item_text(ui, Action::ToggleSyncScroll, sync, true, out);
            let compare = if state.compare {
                "✓ Compare the first two panes"
            } else {
                "Compare the first two panes"
            };
            menu_item_text(
                ui,
                Action::ToggleCompare,
                compare,
                state.panes.len() >= 2,
                out,
            );
            menu_item(ui, Action::FocusFilter, out);
            menu_item(ui, Action::ShowSkipped, out);
            menu_item_text(
                ui,
                Action::ShowOrphans,
                &orphans::menu_text(view.orphans),
                true,
                out,
            );
            ui.separator();
            menu_item(ui, Action::ToggleTheme, out);
            menu_item(ui, Action::ZoomIn, out);
            menu_item(ui, Action::ZoomOut, out);
            menu_item(ui, Action::ZoomReset, out);
        });
        ui.menu_button("Help", |ui| menu_item(ui, Action::ShowShortcuts, out));
    });
}

fn status_bar_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, state: &UiState, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let save_state = match (view.dirty, view.autosaved_at, view.project_path) {
            (false, _, Some(_)) => "Saved".to_owned(),
            (false, _, None) => "Not saved yet".to_owned(),
            (true, Some(at), _) => format!("Unsaved (autosaved at {at})"),
            (true, None, _) => "Unsaved changes".to_owned(),
        };
        ui.label(save_state);
        ui.separator();
        let pane = state.panes.get(state.active);
        match pane.and_then(|p| Some((p, p.reader.selection()?, view.corpus.get(&p.doc)?))) {
            Some((_, (start, end), doc)) => {
                let offsets = doc.offsets();
                let c0 = offsets.byte_to_char(&doc.text, start).0;
                let c1 = offsets.byte_to_char(&doc.text, end).0;
                ui.label(format!(
                    "Selection {c0}–{c1} ({} chars; bytes {}–{})",
                    c1 - c0,
                    start.0,
                    end.0
                ));
            }
            None => {
                ui.label("No selection");
            }
        }
        if state.linking_from.is_some() {
            ui.separator();
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Linking: click the other annotation (Esc cancels)",
            );
        }
        if let Some(text) = orphans::status_text(view.orphans) {
            ui.separator();
            let link = ui
                .link(egui::RichText::new(text).color(ui.visuals().warn_fg_color))
                .on_hover_text("Annotations whose text was not found after their article changed");
            if link.clicked() {
                out.push(Command::Action(Action::ShowOrphans));
            }
        }
        if let Some(text) = skipped::status_text(view.corpus.skipped.len()) {
            ui.separator();
            let link = ui
                .link(text)
                .on_hover_text("List the files that were not loaded, and why");
            if link.clicked() {
                out.push(Command::Action(Action::ShowSkipped));
            }
        }
        if let Some((message, error)) = &state.message {
            ui.separator();
            if *error {
                ui.colored_label(ui.visuals().error_fg_color, message);
            } else {
                ui.label(message);
            }
        }
    });
}

fn loading_ui(ui: &mut egui::Ui, path: &Path, progress: Progress, cancel: &mut bool) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        ui.heading(format!("Loading {}", path.display()));
        let fraction = if progress.total == 0 {
            0.0
        } else {
            progress.done as f32 / progress.total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(420.0)
                .text(format!("{} of {} files", progress.done, progress.total)),
        );
        if ui.button("Cancel").clicked() {
            *cancel = true;
        }
    });
}

fn shortcuts_window(ctx: &egui::Context, project: &Project, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(true)
        .default_height(520.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| shortcuts_grid_ui(ui, ctx, project));
        });
}

fn shortcuts_grid_ui(ui: &mut egui::Ui, ctx: &egui::Context, project: &Project) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        let mut row = |keys: String, what: &str| {
            ui.monospace(keys);
            ui.label(what);
            ui.end_row();
        };
        for label in &project.labels.labels {
            if let Some(k) = label.key {
                row(
                    k.to_string(),
                    &format!("Label the selection as {}", label.name),
                );
            }
        }
        for action in Action::ALL {
            let mut keys: Vec<String> = Vec::new();
            keys.extend(action.shortcut().map(|s| ctx.format_shortcut(&s)));
            keys.extend(action.alternative().map(|s| ctx.format_shortcut(&s)));
            row(keys.join(" or "), action.text());
        }
        for (keys, what) in reader::KEY_HELP {
            row((*keys).to_owned(), what);
        }
    });
}

fn close_prompt_ui(ctx: &egui::Context, after: &AfterClose, out: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("close prompt")).show(ctx, |ui| {
        ui.heading("Save changes?");
        let what = match after {
            AfterClose::Quit => "before quitting".to_owned(),
            AfterClose::Open(path) => format!("before opening {}", path.display()),
        };
        ui.label(format!(
            "The project has unsaved changes. Save them {what}?"
        ));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                out.push(Command::CloseAnswer(CloseAnswer::Save));
            }
            if ui.button("Discard").clicked() {
                out.push(Command::CloseAnswer(CloseAnswer::Discard));
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::CloseAnswer(CloseAnswer::Cancel));
            }
        });
    });
}

fn recovery_prompt_ui(ctx: &egui::Context, path: &Path, out: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("recovery prompt")).show(ctx, |ui| {
        ui.heading("Restore unsaved work?");
        ui.label(format!(
            "A recovery file newer than the project was found:\n{}\nIt holds changes that were not saved.",
            path.display()
        ));
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                out.push(Command::Recover(true));
            }
            if ui.button("Discard recovery").clicked() {
                out.push(Command::Recover(false));
            }
        });
    });
}
