//! The reader panes side by side, with the annotation toolbar above them.

use eframe::egui;

use super::ViewCtx;
use super::actions::Action;
use super::command::UiCommand;
use super::compare::CompareView;
use super::reader::{self, ReaderInput};
use super::state::{MAX_PANES, UiState};
use crate::model::{ByteOffset, Span};

/// Base text size of the readers (zoom scales it with the rest of the UI).
pub const READER_FONT_SIZE: f32 = 16.0;

/// Draws the toolbar and every pane.
pub fn panes_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    let highlights = view.highlights;
    let compare = view.compare.as_deref();
    toolbar_ui(ui, view, state, out);
    ui.separator();
    if state.panes.is_empty() {
        ui.centered_and_justified(|ui| ui.label("Open a document from the library."));
        return;
    }
    let count = state.panes.len();
    let mut scrolled_by_user: Option<(usize, f32)> = None;
    // Compare mode: what each of the first two panes shows.
    let mut shown: [Vec<(Span, egui::Rect)>; 2] = [Vec::new(), Vec::new()];
    // The pane whose paragraph was clicked, or which the user scrolled.
    let mut compare_click: Option<usize> = None;
    let mut compare_scroll: Option<usize> = None;
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
                let find =
                    super::find::find_bar_ui(ui, &mut state.find, active, doc, &mut pane.reader);
                let before = pane.reader.first_visible_byte();
                let offset_before = pane.reader.scroll_offset();
                let input = ReaderInput {
                    doc,
                    highlights: highlights.get(i).map_or(&[][..], |h| h.as_slice()),
                    revision: view.revision,
                    selected: state.selected,
                    font_size: READER_FONT_SIZE,
                    find,
                };
                let output = reader::reader_ui(ui, ("reader", i), &mut pane.reader, &input);
                let after = pane.reader.first_visible_byte();
                if output.response.hovered() {
                    if after != before {
                        let fraction = after.0 as f32 / doc.text.len().max(1) as f32;
                        scrolled_by_user = Some((i, fraction));
                    }
                    if pane.reader.scroll_offset() != offset_before {
                        compare_scroll = Some(i);
                    }
                }
                if i < 2 {
                    // The paragraph under a click (on text or on a highlight).
                    let at = output
                        .response
                        .interact_pointer_pos()
                        .filter(|_| output.response.clicked());
                    if let Some(pos) = at
                        && output
                            .visible_paragraphs
                            .iter()
                            .any(|(_, r)| r.y_range().contains(pos.y))
                    {
                        compare_click = Some(i);
                    }
                    shown[i] = output.visible_paragraphs;
                }
                let touched =
                    output.has_focus || output.response.clicked() || output.selection_changed;
                if touched && state.active != i {
                    out.push(UiCommand::ActivatePane(i));
                }
                if let Some(id) = output.clicked {
                    match state.linking_from {
                        Some(from) if from != id => out.push(UiCommand::LinkTo(id)),
                        _ => out.push(UiCommand::Select(Some(id))),
                    }
                }
            });
        }
    });
    if let Some(cmp) = compare.filter(|_| count >= 2) {
        compare_overlay_ui(ui, cmp, &shown);
        if line_up_rows(cmp, state) {
            ui.ctx().request_repaint();
        }
        // Rows line up, so the other side follows at the same offset: a
        // scroll, or a click on a paragraph, shows its counterpart beside it.
        let driver = compare_click.or(compare_scroll).filter(|&side| side < 2);
        if let Some(side) = driver {
            let offset = state.panes[side].reader.scroll_offset();
            let other = &mut state.panes[1 - side].reader;
            if (other.scroll_offset() - offset).abs() >= 0.5 {
                other.set_scroll_offset(offset);
                ui.ctx().request_repaint();
            }
        }
        return;
    }
    for pane in &mut state.panes {
        pane.reader.set_row_padding(&[]);
    }
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

/// Pads the first two readers so that aligned paragraphs start on the same
/// row. Returns true when the padding changed (draw again to show it).
fn line_up_rows(cmp: &CompareView, state: &mut UiState) -> bool {
    let [left, right, ..] = &mut state.panes[..] else {
        return false;
    };
    let (a, b) = (&mut left.reader, &mut right.reader);
    let mut sync: Vec<(usize, usize)> = Vec::with_capacity(cmp.pairs.len());
    for (pa, pb, _) in &cmp.pairs {
        let (Some(&pa), Some(&pb)) = (pa.first(), pb.first()) else {
            continue;
        };
        let (Some(la), Some(lb)) = (
            a.layout_paragraph(cmp.a[pa].start),
            b.layout_paragraph(cmp.b[pb].start),
        ) else {
            return false;
        };
        if sync.last().is_none_or(|&(x, y)| la > x && lb > y) {
            sync.push((la, lb));
        }
    }
    let (pad_a, pad_b) = reader::row_padding(a.paragraph_heights(), b.paragraph_heights(), &sync);
    let changed_a = a.set_row_padding(&pad_a);
    let changed_b = b.set_row_padding(&pad_b);
    changed_a || changed_b
}

/// Shades text on one side only and draws a line between aligned paragraphs in view.
fn compare_overlay_ui(ui: &egui::Ui, cmp: &CompareView, shown: &[Vec<(Span, egui::Rect)>; 2]) {
    let painter = ui.painter();
    let rect_of = |side: usize, para: usize| {
        let span = cmp.side(side)[para];
        shown[side]
            .iter()
            .find(|(s, _)| {
                s.start <= span.start && span.start < s.end.max(ByteOffset(s.start.0 + 1))
            })
            .map(|(_, r)| *r)
    };
    let shade = ui.visuals().warn_fg_color.gamma_multiply(0.12);
    for (side, only) in [(0, &cmp.only_a), (1, &cmp.only_b)] {
        for &para in only {
            if let Some(rect) = rect_of(side, para) {
                painter.rect_filled(rect, 2.0, shade);
                painter.rect_stroke(
                    rect,
                    2.0,
                    egui::Stroke::new(1.0, ui.visuals().warn_fg_color.gamma_multiply(0.5)),
                    egui::StrokeKind::Inside,
                );
            }
        }
    }
    for (a, b, score) in &cmp.pairs {
        let (Some(ra), Some(rb)) = (rect_of(0, a[0]), rect_of(1, b[0])) else {
            continue;
        };
        let color = ui
            .visuals()
            .selection
            .stroke
            .color
            .gamma_multiply(0.3 + 0.7 * score.clamp(0.0, 1.0));
        let from = egui::pos2(ra.right(), ra.center().y);
        let to = egui::pos2(rb.left(), rb.center().y);
        painter.line_segment([from, to], egui::Stroke::new(1.5, color));
        painter.circle_filled(from, 2.5, color);
        painter.circle_filled(to, 2.5, color);
    }
}

fn pane_header_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &UiState,
    i: usize,
    count: usize,
    out: &mut Vec<UiCommand>,
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
                out.push(UiCommand::ClosePane(i));
            }
            let right = ui.add_enabled(i + 1 < count, egui::Button::new("▶").small());
            if right.on_hover_text("Move pane right").clicked() {
                out.push(UiCommand::MovePane { pane: i, by: 1 });
            }
            let left = ui.add_enabled(i > 0, egui::Button::new("◀").small());
            if left.on_hover_text("Move pane left").clicked() {
                out.push(UiCommand::MovePane { pane: i, by: -1 });
            }
            egui::ComboBox::from_id_salt(("pane document", i))
                .selected_text(crate::model::short_quote(title, 48))
                .width(ui.available_width().max(60.0))
                .truncate()
                .show_ui(ui, |ui| {
                    for record in view.project.documents.values() {
                        if ui
                            .selectable_label(&record.id == doc_id, &record.title)
                            .clicked()
                        {
                            out.push(UiCommand::SetPaneDocument {
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

fn toolbar_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
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
                out.push(UiCommand::LabelSelection(label.id.clone()));
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
                out.push(UiCommand::Action(action));
            }
        }
        ui.separator();
        if ui
            .add_enabled(
                has_selected,
                egui::Button::new("Link…")
                    .shortcut_text(super::shortcut_text(ui.ctx(), Action::StartLink)),
            )
            .clicked()
        {
            out.push(UiCommand::Action(Action::StartLink));
        }
        if ui
            .add_enabled(
                has_selected,
                egui::Button::new("Delete")
                    .shortcut_text(super::short_key_text(ui.ctx(), Action::DeleteAnnotation)),
            )
            .clicked()
        {
            out.push(UiCommand::Action(Action::DeleteAnnotation));
        }
        ui.separator();
        if ui
            .add_enabled(state.panes.len() < MAX_PANES, egui::Button::new("Add pane"))
            .clicked()
        {
            out.push(UiCommand::Action(Action::AddPane));
        }
        let mut sync = state.sync_scroll;
        if ui.checkbox(&mut sync, "Sync scroll").changed() {
            out.push(UiCommand::Action(Action::ToggleSyncScroll));
        }
        let mut compare = state.compare;
        let can_compare = state.panes.len() >= 2;
        if ui
            .add_enabled(can_compare, egui::Checkbox::new(&mut compare, "Compare"))
            .on_hover_text(format!(
                "{} ({})",
                Action::ToggleCompare.tooltip(),
                super::shortcut_text(ui.ctx(), Action::ToggleCompare)
            ))
            .changed()
        {
            out.push(UiCommand::Action(Action::ToggleCompare));
        }
    });
}
