//! The reader panes side by side, with the annotation toolbar above them.

use std::sync::Arc;

use eframe::egui;

use super::ViewCtx;
use super::reader::{self, Highlight, ReaderInput};
use crate::app::{Action, Command, MAX_PANES, UiState};
use crate::model::ByteOffset;

/// Base text size of the readers (zoom scales it with the rest of the UI).
pub const READER_FONT_SIZE: f32 = 16.0;

/// Draws the toolbar and every pane.
pub fn panes_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    highlights: &[Arc<Vec<Highlight>>],
    out: &mut Vec<Command>,
) {
    toolbar_ui(ui, view, state, out);
    ui.separator();
    if state.panes.is_empty() {
        ui.centered_and_justified(|ui| ui.label("Open a document from the library."));
        return;
    }
    let count = state.panes.len();
    let mut scrolled_by_user: Option<(usize, f32)> = None;
    ui.columns(count, |columns| {
        for (i, column) in columns.iter_mut().enumerate() {
            let active = i == state.active;
            let frame = egui::Frame::group(column.style()).stroke(if active {
                egui::Stroke::new(1.5, column.visuals().selection.stroke.color)
            } else {
                column.visuals().widgets.noninteractive.bg_stroke
            });
            frame.show(column, |ui| {
                pane_header_ui(ui, view, state, i, count, out);
                let pane = &mut state.panes[i];
                let Some(doc) = view.corpus.get(&pane.doc) else {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!(
                            "{} is missing from the corpus folder; its annotations are kept.",
                            pane.doc
                        ),
                    );
                    return;
                };
                let before = pane.reader.first_visible_byte();
                let input = ReaderInput {
                    doc,
                    highlights: highlights.get(i).map_or(&[][..], |h| h.as_slice()),
                    revision: view.history.revision(),
                    selected: state.selected,
                    font_size: READER_FONT_SIZE,
                };
                let output = reader::reader_ui(ui, ("reader", i), &mut pane.reader, &input);
                let after = pane.reader.first_visible_byte();
                if after != before && output.response.hovered() {
                    let fraction = after.0 as f32 / doc.text.len().max(1) as f32;
                    scrolled_by_user = Some((i, fraction));
                }
                let touched =
                    output.has_focus || output.response.clicked() || output.selection_changed;
                if touched && state.active != i {
                    out.push(Command::ActivatePane(i));
                }
                if let Some(id) = output.clicked {
                    match state.linking_from {
                        Some(from) if from != id => out.push(Command::LinkTo(id)),
                        _ => out.push(Command::Select(Some(id))),
                    }
                }
            });
        }
    });
    if state.sync_scroll
        && let Some((from, fraction)) = scrolled_by_user
    {
        for (i, pane) in state.panes.iter_mut().enumerate() {
            if i != from
                && let Some(doc) = view.corpus.get(&pane.doc)
            {
                let byte = crate::model::text::floor_char_boundary(
                    &doc.text,
                    (fraction * doc.text.len() as f32) as usize,
                );
                pane.reader.scroll_to_top_byte(ByteOffset(byte));
            }
        }
    }
}

fn pane_header_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &UiState,
    i: usize,
    count: usize,
    out: &mut Vec<Command>,
) {
    let doc_id = &state.panes[i].doc;
    let title = view
        .project
        .documents
        .get(doc_id)
        .map_or(doc_id.as_str(), |d| d.title.as_str());
    // Buttons first, from the right, so they always fit; the picker takes the rest.
    let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            let close = ui.add_enabled(count > 1, egui::Button::new("Close").small());
            if close.on_hover_text("Close this pane").clicked() {
                out.push(Command::ClosePane(i));
            }
            let right = ui.add_enabled(i + 1 < count, egui::Button::new("▶").small());
            if right.on_hover_text("Move pane right").clicked() {
                out.push(Command::MovePane { pane: i, by: 1 });
            }
            let left = ui.add_enabled(i > 0, egui::Button::new("◀").small());
            if left.on_hover_text("Move pane left").clicked() {
                out.push(Command::MovePane { pane: i, by: -1 });
            }
            egui::ComboBox::from_id_salt(("pane document", i))
                .selected_text(super::inspector::short_quote(title, 48))
                .width(ui.available_width().max(60.0))
                .truncate()
                .show_ui(ui, |ui| {
                    for record in view.project.documents.values() {
                        if ui
                            .selectable_label(&record.id == doc_id, &record.title)
                            .clicked()
                        {
                            out.push(Command::SetPaneDocument {
                                pane: i,
                                doc: record.id.clone(),
                            });
                        }
                    }
                })
                .response
                .on_hover_text(format!("Pane {}: {title}\n{doc_id}", i + 1));
        },
    );
}

fn toolbar_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, state: &mut UiState, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        for label in &view.project.labels.labels {
            let key = label.key.map(|k| format!("{k} ")).unwrap_or_default();
            let color = super::label_color(label);
            let text = egui::RichText::new(format!("{key}{}", label.name))
                .color(color)
                .strong();
            if ui
                .button(text)
                .on_hover_text(format!("Label the selection as {}", label.name))
                .clicked()
            {
                out.push(Command::LabelSelection(label.id.clone()));
            }
        }
        ui.separator();
        let has_selected = state.selected.is_some();
        for action in [
            Action::SentimentPositive,
            Action::SentimentNegative,
            Action::SentimentNeutral,
            Action::SentimentMixed,
        ] {
            let name = action.sentiment().map_or("", |s| s.name());
            let key = action
                .shortcut()
                .map(|k| ui.ctx().format_shortcut(&k))
                .unwrap_or_default();
            if ui
                .add_enabled(has_selected, egui::Button::new(name).shortcut_text(key))
                .clicked()
            {
                out.push(Command::Action(action));
            }
        }
        ui.separator();
        if ui
            .add_enabled(has_selected, egui::Button::new("Link…").shortcut_text("L"))
            .clicked()
        {
            out.push(Command::Action(Action::StartLink));
        }
        if ui
            .add_enabled(
                has_selected,
                egui::Button::new("Delete").shortcut_text("Del"),
            )
            .clicked()
        {
            out.push(Command::Action(Action::DeleteAnnotation));
        }
        ui.separator();
        if ui
            .add_enabled(state.panes.len() < MAX_PANES, egui::Button::new("Add pane"))
            .clicked()
        {
            out.push(Command::Action(Action::AddPane));
        }
        let mut sync = state.sync_scroll;
        if ui.checkbox(&mut sync, "Sync scroll").changed() {
            out.push(Command::Action(Action::ToggleSyncScroll));
        }
    });
}
