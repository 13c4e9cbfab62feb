//! Panels and widgets. They read the project through [`ViewCtx`], keep only
//! view state of their own ([`state::UiState`]), and send [`UiCommand`]s;
//! they never edit the project. Menus, shortcuts and Help read the one
//! action table ([`actions`]). Nothing here imports `crate::app`.

pub mod about;
pub mod actions;
pub mod adjudicate;
pub mod agreement;
pub mod colors;
pub mod command;
pub mod compare;
pub mod corpus_question;
pub mod disk;
pub mod find;
pub mod fonts;
pub mod fuzzy;
pub mod icon;
pub mod inspector;
pub mod labels;
pub mod layout;
pub mod library;
pub mod orphans;
pub mod palette;
pub mod panes;
pub mod path_prompt;
pub mod preferences;
pub mod reader;
pub mod skipped;
pub mod state;
pub mod tiles;
pub mod transfer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;

use crate::io::corpus::{Corpus, Progress};
use crate::model::{AnnotationId, AnnotationStatus, Document, DocumentId, History, Label, Project};
use actions::{Action, MenuItem};
use command::{AfterClose, CloseAnswer, Level, UiCommand};
use path_prompt::{PathPurpose, PromptResult};
use reader::Highlight;
use state::UiState;

/// Read-only view of what the panels show: the project and what the app
/// derived from it (cached by revision in the app, never per frame).
pub struct ViewCtx<'a> {
    pub project: &'a Project,
    pub corpus: &'a Corpus,
    pub history: &'a History,
    /// Changes with every edit of the project and every change of the corpus.
    pub revision: u64,
    /// Changes with every change of the project's documents (their list,
    /// titles) and of the corpus, not with an edit of annotations or of a
    /// document's fields: the library's list follows it.
    pub listing_revision: u64,
    /// Changes with `listing_revision` and with every change of a
    /// document's record (status, sentiment, note, hash): the library's
    /// list follows it too when sorted by status.
    pub records_revision: u64,
    pub project_path: Option<&'a Path>,
    pub dirty: bool,
    pub autosaved_at: Option<&'a str>,
    pub recent: &'a [PathBuf],
    /// The path being loaded, how far it got and the article shown
    /// read-only, while its project is not shown yet.
    pub loading: Option<Loading<'a>>,
    /// How far the corpus of the project shown has been read, while it is
    /// (its documents not read yet are not missing).
    pub reading: Option<Progress>,
    /// The running export's (done, total).
    pub export_progress: Option<(usize, usize)>,
    /// Compare mode's alignment of the compared panes ([`UiState::compared_panes`]).
    pub compare: Option<Arc<compare::CompareView>>,
    /// The orphaned annotations of the project, by document and position.
    pub orphans: Arc<Vec<AnnotationId>>,
    /// The placed annotations of the active pane's document, by position.
    pub active_annotations: Arc<Vec<AnnotationId>>,
    /// The highlights of each pane's document, in pane order.
    pub highlights: &'a [Arc<Vec<Highlight>>],
    /// The name written on the annotations this window makes.
    pub annotator: &'a str,
    /// Every annotator of the project and how many annotations each has.
    pub annotators: Arc<Vec<(String, usize)>>,
    /// Annotations per document, for the library.
    pub library_counts: Arc<library::LibraryCounts>,
    /// The corpus search's answer to the library's query, when "Search text" is on.
    pub search: Option<Arc<library::SearchView>>,
}

/// The colour of a label.
pub fn label_color(label: &Label) -> egui::Color32 {
    let [r, g, b] = label.color.0;
    egui::Color32::from_rgb(r, g, b)
}

/// Highlights of one document's annotations, sorted by start. Orphans, and
/// spans that do not fit `text` (a document changed on disk and not
/// re-anchored), are not drawn.
pub fn build_highlights(
    project: &Project,
    doc: &DocumentId,
    text: &str,
    layers: &state::Layers,
) -> Vec<Highlight> {
    highlights_of(project, project.annotations_of(doc), text, layers)
}

/// [`build_highlights`] of a document's annotations already listed (by
/// position, as [`Project::annotations_of`] lists them).
pub fn highlights_of(
    project: &Project,
    annotations: Vec<&crate::model::Annotation>,
    text: &str,
    layers: &state::Layers,
) -> Vec<Highlight> {
    let linked: std::collections::BTreeSet<_> = project
        .links
        .values()
        .flat_map(|l| [l.from, l.to])
        .collect();
    annotations
        .into_iter()
        .filter(|a| !a.orphaned && a.span.slice(text).is_some())
        .filter(|a| !layers.hidden.contains(&*a.annotator))
        .map(|a| {
            let label = project.labels.get(&a.label);
            let color = label.map_or(egui::Color32::GRAY, label_color);
            let mut tooltip = project.labels.name_of(&a.label).to_owned();
            if !a.annotator.is_empty() {
                tooltip.push_str(&format!(" · by {}", a.annotator));
            }
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
                layer: layers.looks.get(&*a.annotator).copied().unwrap_or_default(),
                tooltip,
            }
        })
        .collect()
}

/// Draws the whole window: menus, library, panes, inspector, status bar and
/// every window and prompt. This is the one place windows are drawn from.
pub fn window_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    egui::Panel::top("menu").show(ui, |ui| menu_bar_ui(ui, view, state, out));
    if let Some(left) = state.age_message(ui.input(|i| i.time)) {
        ui.ctx().request_repaint_after_secs(left as f32);
    }
    egui::Panel::bottom("status").show(ui, |ui| status_bar_ui(ui, view, state, out));
    side_panels_ui(ui, view, state, out);
    egui::CentralPanel::default().show(ui, |ui| {
        state.centre = Some(ui.max_rect());
        if let Some(loading) = &view.loading {
            loading_ui(ui, loading, state, out);
        } else {
            panes::panes_ui(ui, view, state, out);
        }
    });
    let ctx = ui.ctx().clone();
    if state.show_shortcuts {
        shortcuts_window(&ctx, view.project, &mut state.show_shortcuts);
    }
    labels::labels_window_ui(&ctx, view, &mut state.labels_window, out);
    skipped::skipped_window_ui(&ctx, view, &mut state.skipped_window);
    orphans::orphans_window_ui(&ctx, view, state, out);
    transfer::export_window_ui(&ctx, view, &mut state.export_window, out);
    transfer::import_window_ui(&ctx, &mut state.import_window, out);
    palette::palette_window_ui(&ctx, view, state, out);
    path_prompt_ui(&ctx, state, out);
    agreement::agreement_window_ui(&ctx, view, &mut state.agreement_window, out);
    adjudicate::adjudication_window_ui(&ctx, view, &mut state.adjudication, out);
    about::about_window_ui(&ctx, &mut state.about, out);
    questions_ui(&ctx, state, out);
}

/// The questions that wait for an answer, one at a time (only the top one
/// of two modals takes input, and the other may hide beneath it): the most
/// pressing first, the first-run name question last.
fn questions_ui(ctx: &egui::Context, state: &mut UiState, out: &mut Vec<UiCommand>) {
    if let Some(offer) = &state.crash_offer {
        about::crash_prompt_ui(ctx, offer, out);
    } else if let Some(question) = &state.corpus_question {
        corpus_question::corpus_question_ui(ctx, question, out);
    } else if let Some(after) = &state.close_prompt {
        close_prompt_ui(ctx, after, out);
    } else if let Some(path) = &state.recovery_offer {
        recovery_prompt_ui(ctx, path, out);
    } else if state.on_disk.asking {
        disk::disk_prompt_ui(ctx, &state.on_disk, out);
    } else {
        // The Preferences window, or the first-run question.
        preferences::preferences_ui(ctx, &mut state.preferences, out);
    }
}

/// The library and the inspector, folded when the panes need the room.
fn side_panels_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    use layout::{INSPECTOR_WIDTH, LIBRARY_WIDTH, Side};
    let font = egui::FontId::proportional(state.prefs.reader_text_size);
    let widths = layout::PaneWidths::for_char_width(layout::char_width(ui.ctx(), &font));
    let columns = if state.tiles.columns() > 0 {
        state.tiles.columns()
    } else {
        state.panes.len()
    };
    let prefs = state.prefs.for_window(ui.available_width());
    let (library_width, inspector_width) =
        layout::fitted_widths(ui.available_width(), &prefs, columns, widths);
    let fitted = layout::WindowPrefs {
        library_width,
        inspector_width,
        ..prefs
    };
    let shown = layout::fold_plan(
        ui.available_width(),
        &fitted,
        state.sides_forced,
        columns,
        widths,
    );
    state.sides_shown = shown;
    if !shown.library {
        // Asked for while the library cannot show: the keys stay where they are.
        state.library.focus_filter = false;
    }
    // A panel asked back that does not fit says so (once) instead of doing nothing.
    for (side, name) in [(Side::Left, "library"), (Side::Right, "inspector")] {
        let forced = state.sides_forced.get_mut(side);
        if *forced && !shown.get(side) {
            *forced = false;
            let panes = counted(columns, "pane");
            state.message = Some(command::StatusMessage::info(format!(
                "The window is too narrow to show the {name} beside {panes}"
            )));
        }
    }
    let (width, open) = (library_width, shown.library);
    let library = layout::side_panel(
        ui,
        Side::Left,
        "Library",
        width,
        &LIBRARY_WIDTH,
        open,
        |ui| {
            library::library_ui(ui, view, state, out);
        },
    );
    let (width, open) = (inspector_width, shown.inspector);
    let inspector = layout::side_panel(
        ui,
        Side::Right,
        "Inspector",
        width,
        &INSPECTOR_WIDTH,
        open,
        |ui| {
            inspector::inspector_ui(ui, view, state, out);
        },
    );
    if let Some(w) = library.resized {
        state.prefs.library_width = w;
        state.prefs.library_width_set = true;
    }
    if let Some(w) = inspector.resized {
        state.prefs.inspector_width = w;
        state.prefs.inspector_width_set = true;
    }
    if library.toggled {
        state.toggle_side_panel(Side::Left);
    }
    if inspector.toggled {
        state.toggle_side_panel(Side::Right);
    }
}

/// The in-app path field, while one is asked for; its answer becomes a command.
fn path_prompt_ui(ctx: &egui::Context, state: &mut UiState, out: &mut Vec<UiCommand>) {
    let Some(prompt) = &mut state.path_prompt else {
        return;
    };
    match prompt.ui(ctx) {
        PromptResult::Pending => {}
        PromptResult::Cancelled => state.path_prompt = None,
        PromptResult::Accepted(path) => {
            let purpose = prompt.purpose;
            state.path_prompt = None;
            out.push(match purpose {
                PathPurpose::SaveProject => UiCommand::SaveTo(path),
                PathPurpose::ExportTo => UiCommand::ChooseExportOutput(path),
                PathPurpose::OpenFolder | PathPurpose::OpenProject => UiCommand::OpenPath(path),
            });
        }
    }
}

/// `n` and the noun, plural unless `n` is 1: "1 annotation", "0 annotations".
pub fn counted(n: usize, singular: &str) -> String {
    match n {
        1 => format!("1 {singular}"),
        n => format!("{n} {singular}s"),
    }
}

/// The key of `action` as the platform writes it ("Ctrl+S"), or "";
/// punctuation keys as their sign ("Ctrl+Alt+]", not "Ctrl+Alt+CloseBracket").
pub fn shortcut_text(ctx: &egui::Context, action: Action) -> String {
    let Some(shortcut) = action.shortcut() else {
        return String::new();
    };
    let text = ctx.format_shortcut(&shortcut);
    let signs = [
        ("Equals", "="),
        ("Minus", "-"),
        ("Plus", "+"),
        ("OpenBracket", "["),
        ("CloseBracket", "]"),
    ];
    match signs
        .iter()
        .find(|(name, _)| text.ends_with(&format!("+{name}")) || text == *name)
    {
        Some((name, sign)) => format!("{}{sign}", &text[..text.len() - name.len()]),
        None => text,
    }
}

/// [`shortcut_text`] for narrow places (a toolbar): "Delete" as "Del".
pub fn short_key_text(ctx: &egui::Context, action: Action) -> String {
    match shortcut_text(ctx, action).as_str() {
        "Delete" => "Del".to_owned(),
        other => other.to_owned(),
    }
}

fn menu_item(
    ui: &mut egui::Ui,
    action: Action,
    text: &str,
    enabled: bool,
    out: &mut Vec<UiCommand>,
) {
    let button = egui::Button::new(text).shortcut_text(shortcut_text(ui.ctx(), action));
    let response = ui
        .add_enabled(enabled, button)
        .on_hover_text(action.tooltip());
    if response.clicked() {
        out.push(UiCommand::Action(action));
        ui.close();
    }
}

/// The text and enabled state of a menu item, from what is on screen now.
fn menu_item_state(action: Action, view: &ViewCtx<'_>, state: &UiState) -> (String, bool) {
    let check = |on: bool| {
        if on {
            format!("✓ {}", action.text())
        } else {
            action.text().to_owned()
        }
    };
    match action {
        Action::Undo => match view.history.undo_name() {
            Some(name) => (format!("Undo {name}"), true),
            None => ("Undo".to_owned(), false),
        },
        Action::Redo => match view.history.redo_name() {
            Some(name) => (format!("Redo {name}"), true),
            None => ("Redo".to_owned(), false),
        },
        Action::DeleteAnnotation
        | Action::SentimentPositive
        | Action::SentimentNegative
        | Action::SentimentNeutral
        | Action::SentimentMixed
        | Action::StartLink
        | Action::AcceptSuggestion
        | Action::RejectSuggestion
        | Action::AcceptAllOfLabel => (action.text().to_owned(), state.selected.is_some()),
        Action::ToggleSyncScroll => (check(state.sync_scroll), true),
        Action::ToggleCompare => (check(state.compare), state.panes.len() >= 2),
        Action::ToggleLibrary => (check(state.sides_shown.library), true),
        Action::ToggleInspector => (check(state.sides_shown.inspector), true),
        Action::FindNext | Action::FindPrevious => (action.text().to_owned(), state.find.open),
        Action::ShowOrphans => (orphans::menu_text(view.orphans.len()), true),
        _ => (action.text().to_owned(), true),
    }
}

fn menu_bar_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, state: &UiState, out: &mut Vec<UiCommand>) {
    egui::MenuBar::new().ui(ui, |ui| {
        for (title, items) in actions::MENUS {
            ui.menu_button(*title, |ui| {
                for item in *items {
                    menu_entry_ui(ui, *item, view, state, out);
                }
            });
        }
    });
}

fn menu_entry_ui(
    ui: &mut egui::Ui,
    item: MenuItem,
    view: &ViewCtx<'_>,
    state: &UiState,
    out: &mut Vec<UiCommand>,
) {
    match item {
        MenuItem::Action(action) => {
            let (text, enabled) = menu_item_state(action, view, state);
            menu_item(ui, action, &text, enabled, out);
        }
        MenuItem::Separator => {
            ui.separator();
        }
        MenuItem::RecentProjects => {
            ui.menu_button("Recent projects", |ui| {
                if view.recent.is_empty() {
                    ui.label("None yet");
                }
                for path in view.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(UiCommand::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
        }
        MenuItem::ProjectLabels => {
            for label in &view.project.labels.labels {
                let key = label
                    .key
                    .and_then(Action::for_label_key)
                    .map(|a| shortcut_text(ui.ctx(), a))
                    .unwrap_or_default();
                if ui
                    .add(egui::Button::new(format!("Label as {}", label.name)).shortcut_text(key))
                    .clicked()
                {
                    out.push(UiCommand::LabelSelection(label.id.clone()));
                    ui.close();
                }
            }
        }
        MenuItem::AnnotatorLayers => {
            ui.menu_button("Annotators", |ui| layers_ui(ui, view, state, out));
        }
    }
}

/// A tick per annotator of the project (with how many annotations each
/// has): ticked ones are shown in the readers. Sends [`UiCommand::ShowLayer`].
pub fn layers_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, state: &UiState, out: &mut Vec<UiCommand>) {
    if view.annotators.is_empty() {
        ui.label(egui::RichText::new("No annotations yet").weak());
        return;
    }
    let mut all = state.layers.hidden.is_empty();
    if ui.checkbox(&mut all, "All annotators").changed() {
        out.push(UiCommand::ShowLayer {
            annotator: None,
            shown: all,
        });
    }
    for (name, count) in view.annotators.iter() {
        let mut shown = !state.layers.hidden.contains(name);
        let text = format!(
            "{} ({count})",
            if name.is_empty() { "(unnamed)" } else { name }
        );
        if ui.checkbox(&mut shown, text).changed() {
            out.push(UiCommand::ShowLayer {
                annotator: Some(name.clone()),
                shown,
            });
        }
    }
}

fn status_bar_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, state: &UiState, out: &mut Vec<UiCommand>) {
    ui.horizontal(|ui| {
        let save_state = match (view.dirty, view.autosaved_at, view.project_path) {
            (false, _, Some(_)) => "Saved".to_owned(),
            (false, _, None) => "Not saved yet".to_owned(),
            (true, Some(at), _) => format!("Unsaved changes (a recovery copy at {at})"),
            (true, None, _) => "Unsaved changes".to_owned(),
        };
        ui.label(save_state);
        ui.separator();
        let who = ui
            .link(format!("Annotating as {}", view.annotator))
            .on_hover_text("Your name on the annotations you make (Edit › Preferences…)");
        if who.clicked() {
            out.push(UiCommand::Action(Action::Preferences));
        }
        ui.separator();
        let pane = state.panes.get(state.active);
        match pane.and_then(|p| Some((p, p.reader.selection()?, view.corpus.get(&p.doc)?))) {
            Some((_, (start, end), doc)) => {
                let offsets = doc.offsets();
                let c0 = offsets.byte_to_char(&doc.text(), start).0;
                let c1 = offsets.byte_to_char(&doc.text(), end).0;
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
        if let Some(pane) = pane {
            ui.separator();
            ui.label(view.library_counts.describe(&pane.doc));
        }
        if state.linking_from.is_some() {
            ui.separator();
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Linking: click the other annotation, in another pane (Esc cancels)",
            );
        }
        if let Some(text) = orphans::status_text(view.orphans.len()) {
            ui.separator();
            let link = ui
                .link(egui::RichText::new(text).color(ui.visuals().warn_fg_color))
                .on_hover_text("Annotations whose text was not found after their article changed");
            if link.clicked() {
                out.push(UiCommand::Action(Action::ShowOrphans));
            }
        }
        disk::status_ui(ui, &state.on_disk, out);
        zoom_status_ui(ui, out);
        if let Some(progress) = view.reading {
            ui.separator();
            ui.label(reading_text(progress));
        }
        if let Some(text) = skipped::status_text(view.corpus.skipped.len()) {
            ui.separator();
            let link = ui
                .link(text)
                .on_hover_text("List the files that were not loaded, and why");
            if link.clicked() {
                out.push(UiCommand::Action(Action::ShowSkipped));
            }
        }
        if let Some(message) = &state.message {
            ui.separator();
            // One line, cut to the window's width; the whole text on hover.
            let text = egui::RichText::new(&message.text);
            let text = match message.level {
                Level::Info => text,
                Level::Error => text.color(ui.visuals().error_fg_color),
            };
            ui.add(egui::Label::new(text).truncate())
                .on_hover_text(&message.text);
        }
    });
}

/// The zoom, while it is not 100%: a link back to the normal size.
fn zoom_status_ui(ui: &mut egui::Ui, out: &mut Vec<UiCommand>) {
    let zoom = ui.ctx().zoom_factor();
    if (zoom - 1.0).abs() < 0.005 {
        return;
    }
    ui.separator();
    let keys: Vec<String> = (Action::ZoomReset.bindings())
        .map(|s| ui.ctx().format_shortcut(&s))
        .collect();
    let link = ui
        .link(format!("Zoom {:.0}%", zoom * 100.0))
        .on_hover_text(format!("Back to 100% ({})", keys.join(", ")));
    if link.clicked() {
        out.push(UiCommand::Action(Action::ZoomReset));
    }
}

/// "Reading articles: 1,200 of 100,000 files", while the corpus of the
/// project shown is read.
pub(crate) fn reading_text(progress: Progress) -> String {
    format!(
        "Reading articles: {} of {} files",
        progress.done, progress.total
    )
}

/// A project file being loaded, as the window shows it until its project
/// is there.
pub struct Loading<'a> {
    pub path: PathBuf,
    pub progress: Progress,
    /// The article the project shows first, read while the file is parsed
    /// (`io::preview`), shown read-only.
    pub preview: Option<&'a Document>,
}

fn loading_ui(
    ui: &mut egui::Ui,
    loading: &Loading<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    let Some(doc) = loading.preview else {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            ui.heading(format!("Loading {}", loading.path.display()));
            let progress = loading.progress;
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
                out.push(UiCommand::CancelLoad);
            }
        });
        return;
    };
    ui.horizontal(|ui| {
        ui.spinner();
        if ui.button("Cancel").clicked() {
            out.push(UiCommand::CancelLoad);
        }
        // Cut to the pane's width (the whole text on hover): a long path
        // must not widen the pane the article is read in.
        ui.add(
            egui::Label::new(format!(
                "Loading {}: this article is read-only until its annotations are there",
                loading.path.display()
            ))
            .truncate(),
        );
    });
    ui.separator();
    let font = egui::FontId::proportional(state.prefs.reader_text_size);
    let input = reader::ReaderInput {
        doc,
        highlights: &[],
        revision: 0,
        selected: None,
        changed_words: &[],
        font_size: font.size,
        max_line_width: state.prefs.measure as f32 * layout::char_width(ui.ctx(), &font),
        find: Default::default(),
    };
    // Scrolling and selecting work; nothing here can change the project.
    let _ = reader::reader_ui(ui, "preview reader", &mut state.preview_reader, &input);
}

fn shortcuts_window(ctx: &egui::Context, project: &Project, open: &mut bool) {
    // As tall as the screen allows (within reason): the list is long.
    let height = (ctx.content_rect().height() * 0.8).clamp(240.0, 820.0);
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(true)
        .default_height(height)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([true, false])
                .show(ui, |ui| shortcuts_grid_ui(ui, ctx, project));
        });
}

fn shortcuts_grid_ui(ui: &mut egui::Ui, ctx: &egui::Context, project: &Project) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        let mut row = |keys: Vec<String>, what: &str, tooltip: &str| {
            ui.monospace(keys.join(" or "));
            ui.label(what).on_hover_text(tooltip);
            ui.end_row();
        };
        // The label keys first, in the order of the labels, named after them.
        for label in &project.labels.labels {
            if let Some(action) = label.key.and_then(Action::for_label_key) {
                let keys = action.bindings().map(|s| ctx.format_shortcut(&s)).collect();
                let what = format!("Label the selection as {}", label.name);
                row(keys, &what, action.tooltip());
            }
        }
        for action in Action::iter().filter(|a| a.label_key().is_none()) {
            let keys: Vec<String> = action
                .gesture()
                .map(str::to_owned)
                .into_iter()
                .chain(action.bindings().map(|s| ctx.format_shortcut(&s)))
                .collect();
            if !keys.is_empty() {
                row(keys, action.text(), action.tooltip());
            }
        }
    });
}

fn close_prompt_ui(ctx: &egui::Context, after: &AfterClose, out: &mut Vec<UiCommand>) {
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
                out.push(UiCommand::CloseAnswer(CloseAnswer::Save));
            }
            if ui.button("Discard").clicked() {
                out.push(UiCommand::CloseAnswer(CloseAnswer::Discard));
            }
            if ui.button("Cancel").clicked() {
                out.push(UiCommand::CloseAnswer(CloseAnswer::Cancel));
            }
        });
    });
}

fn recovery_prompt_ui(ctx: &egui::Context, path: &Path, out: &mut Vec<UiCommand>) {
    egui::Modal::new(egui::Id::unique("recovery prompt")).show(ctx, |ui| {
        ui.heading("Restore unsaved work?");
        ui.label(format!(
            "A recovery file newer than the project was found:\n{}\nIt holds changes that were not saved.",
            path.display()
        ));
        let aside = crate::io::target::discarded_name(path, "DATE-TIME");
        ui.label(format!(
            "Discarding keeps it aside, as {} beside it.",
            aside.file_name().unwrap_or_default().to_string_lossy()
        ));
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                out.push(UiCommand::Recover(true));
            }
            if ui.button("Discard recovery").clicked() {
                out.push(UiCommand::Recover(false));
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_nouns_are_plural_unless_one() {
        assert_eq!(counted(0, "annotation"), "0 annotations");
        assert_eq!(counted(1, "annotation"), "1 annotation");
        assert_eq!(counted(2, "suggestion"), "2 suggestions");
    }
}
