//! The Orphans window: annotations whose text could not be found again after
//! their article changed on disk. They are kept with their quote; here the
//! analyst places each one on a new selection, or deletes it.

use eframe::egui;

use super::ViewCtx;
use super::actions::Action;
use super::command::UiCommand;
use super::state::UiState;
use crate::model::{Annotation, Edit, Project, short_quote};

/// Whether the window is open.
#[derive(Debug, Default)]
pub struct OrphansWindowState {
    pub open: bool,
}

/// The status-bar text for `count` orphans, or `None` when there are none.
pub fn status_text(count: usize) -> Option<String> {
    (count > 0).then(|| super::counted(count, "orphaned annotation"))
}

/// The orphaned annotations of the project, by document then old position.
pub fn orphans<'p>(view: &ViewCtx<'p>) -> Vec<&'p Annotation> {
    let annotations = &view.project.annotations;
    view.orphans
        .iter()
        .filter_map(|id| annotations.get(id))
        .collect()
}

/// Draws the window when open.
pub fn orphans_window_ui(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    let mut open = state.orphans_window.open;
    if !open {
        return;
    }
    let list = orphans(view);
    let active = state.panes.get(state.active);
    let selection_in = active.and_then(|p| p.reader.selection().map(|_| &p.doc));
    egui::Window::new("Orphaned annotations")
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            if list.is_empty() {
                ui.label("No orphaned annotations: every annotation sits on its text.");
                return;
            }
            ui.label(
                "Their article changed on disk and their text was not found again. \
                 Nothing was moved or dropped: open the document, select where the \
                 annotation belongs and press Place, or delete it.",
            );
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut last_doc = None;
                for a in list {
                    if last_doc != Some(&a.document) {
                        let title = view
                            .project
                            .documents
                            .get(&a.document)
                            .map_or(a.document.as_str(), |d| d.title.as_str());
                        ui.strong(title);
                        last_doc = Some(&a.document);
                    }
                    orphan_row_ui(ui, view, a, selection_in == Some(&a.document), out);
                }
            });
        });
    state.orphans_window.open = open;
}

fn orphan_row_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    a: &Annotation,
    can_place: bool,
    out: &mut Vec<UiCommand>,
) {
    let name = describe(view.project, a);
    ui.horizontal(|ui| {
        if named_button(ui, true, "Open", &format!("Open the document of {name}"))
            .on_hover_text("Open the document in the active pane")
            .clicked()
        {
            out.push(UiCommand::OpenDocument {
                doc: a.document.clone(),
                new_pane: false,
            });
        }
        let place = named_button(ui, can_place, "Place", &format!("Place {name}"))
            .on_hover_text("Put this annotation on the text selected in the active pane")
            .on_disabled_hover_text("Select its new text in a pane showing this document first");
        if place.clicked() {
            out.push(UiCommand::PlaceOrphan(a.id));
        }
        if named_button(ui, true, "Delete", &format!("Delete {name}"))
            .on_hover_text("Delete this annotation (undoable)")
            .clicked()
        {
            out.push(UiCommand::Edit(Edit::RemoveAnnotation(a.id)));
        }
        let label = view.project.labels.name_of(&a.label);
        let quote: String = a.quote.exact().chars().take(120).collect();
        let more = if a.quote.exact().chars().count() > 120 {
            "…"
        } else {
            ""
        };
        let response = ui.label(format!("{label}: “{quote}{more}”"));
        if !a.note.is_empty() {
            response.on_hover_text(&a.note);
        }
    });
}

/// A button showing `text` whose accessible name is `name` (which says
/// which annotation it acts on).
fn named_button(ui: &mut egui::Ui, enabled: bool, text: &str, name: &str) -> egui::Response {
    let response = ui.add_enabled(enabled, egui::Button::new(text));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response
}

/// How the window and the app's messages name an annotation: its label and
/// its quote, shortened (`Claim “Critics called the plan…”`), never its id.
pub fn describe(project: &Project, a: &Annotation) -> String {
    format!(
        "{} “{}”",
        project.labels.name_of(&a.label),
        short_quote(a.quote.exact(), 40)
    )
}

/// The menu item that opens the window (with the count when there are orphans).
pub fn menu_text(count: usize) -> String {
    match count {
        0 => Action::ShowOrphans.text().to_owned(),
        n => format!("{} ({n})", Action::ShowOrphans.text()),
    }
}
