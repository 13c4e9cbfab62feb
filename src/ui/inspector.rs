//! The inspector: the active document's fields, the selected annotation
//! (editable in place) and the list of the document's annotations.

use eframe::egui;

use super::ViewCtx;
use super::actions::Action;
use super::command::UiCommand;
use super::state::UiState;
use crate::model::merge::conflict_partner;
use crate::model::{
    Annotation, AnnotationId, AnnotationStatus, DocFields, DocStatus, DocumentId, LabelId, Link,
    LinkKind, Sentiment, short_quote,
};

/// Text being typed into the inspector; committed as one edit when the field loses focus.
#[derive(Default)]
pub struct InspectorState {
    /// The annotation (and its revision) the buffers were filled from.
    for_annotation: Option<(AnnotationId, String, Option<String>)>,
    target: String,
    note: String,
    for_document: Option<(DocumentId, String)>,
    doc_note: String,
    /// Show only annotations with this label in the list.
    pub label_filter: Option<LabelId>,
}

/// Draws the inspector panel.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    let active_doc = state.panes.get(state.active).map(|p| p.doc.clone());
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            if let Some(doc) = &active_doc {
                document_ui(ui, view, &mut state.inspector, doc, out);
                ui.separator();
            }
            if view.annotators.len() > 1 {
                // Each annotator's layer, shown or hidden (also View › Annotators).
                egui::CollapsingHeader::new("Annotators")
                    .default_open(true)
                    .show(ui, |ui| super::layers_ui(ui, view, state, out));
                ui.separator();
            }
            ui.heading("Annotation");
            match state
                .selected
                .and_then(|id| view.project.annotations.get(&id))
            {
                Some(a) => {
                    annotation_ui(ui, view, &mut state.inspector, a, state.linking_from, out)
                }
                None => {
                    ui.label(
                        egui::RichText::new(
                            "Select text and press a label key (1–9), or click a highlight.",
                        )
                        .weak(),
                    );
                }
            }
            ui.separator();
            if let Some(doc) = &active_doc {
                annotation_list_ui(ui, view, &mut state.inspector, doc, state.selected, out);
            }
        });
}

fn document_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &mut InspectorState,
    doc: &DocumentId,
    out: &mut Vec<UiCommand>,
) {
    let Some(record) = view.project.documents.get(doc) else {
        return;
    };
    ui.heading("Document");
    ui.label(egui::RichText::new(&record.title).strong());
    ui.label(egui::RichText::new(doc.as_str()).small().weak());
    if st.for_document.as_ref() != Some(&(doc.clone(), record.fields.note.clone())) {
        st.doc_note.clone_from(&record.fields.note);
        st.for_document = Some((doc.clone(), record.fields.note.clone()));
    }
    let mut fields = record.fields.clone();
    let mut changed = false;
    egui::ComboBox::from_label("Status")
        .selected_text(fields.status.name())
        .show_ui(ui, |ui| {
            for status in DocStatus::ALL {
                changed |= ui
                    .selectable_value(&mut fields.status, status, status.name())
                    .changed();
            }
        });
    egui::ComboBox::from_label("Document sentiment")
        .selected_text(fields.sentiment.map_or("none", Sentiment::name))
        .show_ui(ui, |ui| {
            changed |= ui
                .selectable_value(&mut fields.sentiment, None, "none")
                .changed();
            for s in Sentiment::ALL {
                changed |= ui
                    .selectable_value(&mut fields.sentiment, Some(s), s.name())
                    .changed();
            }
        });
    let note_label = ui.label("Document note");
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut st.doc_note)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(note_label.id);
    if response.lost_focus() && st.doc_note != fields.note {
        fields.note.clone_from(&st.doc_note);
        changed = true;
    }
    if changed {
        out.push(UiCommand::SetDocFields(doc.clone(), DocFields { ..fields }));
    }
}

/// "accepted by alice · suggested by rule:disclaimer (0.82)", for an
/// annotation accepted as a suggestion.
fn accepted_from_suggestion(a: &Annotation) -> Option<String> {
    let s = a.suggested_by.as_ref()?;
    let who = if a.annotator.is_empty() {
        "unknown"
    } else {
        &a.annotator
    };
    Some(format!(
        "accepted by {who} · suggested by {} ({:.2})",
        s.source, s.score
    ))
}

fn annotation_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &mut InspectorState,
    a: &Annotation,
    linking_from: Option<AnnotationId>,
    out: &mut Vec<UiCommand>,
) {
    let project = view.project;
    // Refill the buffers when another annotation is selected or it changed underneath (undo).
    let key = (a.id, a.note.clone(), a.target.clone());
    if st.for_annotation.as_ref() != Some(&key) {
        st.note.clone_from(&a.note);
        st.target = a.target.clone().unwrap_or_default();
        st.for_annotation = Some(key);
    }
    ui.label(format!("“{}”", short_quote(a.quote.exact(), 160)));
    let mut updated = a.clone();
    let mut changed = false;
    egui::ComboBox::from_label("Label")
        .selected_text(project.labels.name_of(&a.label))
        .show_ui(ui, |ui| {
            for label in &project.labels.labels {
                changed |= ui
                    .selectable_value(&mut updated.label, label.id.clone(), &label.name)
                    .changed();
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.label("Sentiment");
        let sentiments = Action::iter().filter_map(|a| Some((a.sentiment()?, a)));
        for (s, action) in sentiments {
            let key = super::shortcut_text(ui.ctx(), action);
            let button =
                egui::Button::selectable(a.sentiment == Some(s), s.name()).shortcut_text(key);
            if ui.add(button).clicked() {
                out.push(UiCommand::SetSentiment(Some(s)));
            }
        }
        if a.sentiment.is_some() && ui.button("Clear sentiment").clicked() {
            updated.sentiment = None;
            changed = true;
        }
    });
    let target_label = ui.label("Target");
    let response = ui
        .add(egui::TextEdit::singleline(&mut st.target).hint_text("what the sentiment is about"))
        .labelled_by(target_label.id);
    if response.lost_focus() {
        let target = Some(st.target.trim().to_owned()).filter(|t| !t.is_empty());
        if target != a.target {
            updated.target = target;
            changed = true;
        }
    }
    let note_label = ui.label("Note");
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut st.note)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(note_label.id);
    if response.lost_focus() && st.note != a.note {
        updated.note.clone_from(&st.note);
        changed = true;
    }
    if let AnnotationStatus::Suggested { source, score } = &a.status {
        ui.label(format!("Suggested by {source} (score {score:.2})"));
        // Wrapped: the inspector is as wide as the user made it.
        ui.horizontal_wrapped(|ui| {
            if ui
                .add(
                    egui::Button::new("Accept")
                        .shortcut_text(super::shortcut_text(ui.ctx(), Action::AcceptSuggestion)),
                )
                .clicked()
            {
                out.push(UiCommand::Action(Action::AcceptSuggestion));
            }
            if ui
                .add(
                    egui::Button::new("Reject")
                        .shortcut_text(super::shortcut_text(ui.ctx(), Action::RejectSuggestion)),
                )
                .clicked()
            {
                out.push(UiCommand::Action(Action::RejectSuggestion));
            }
            let all = format!("Accept all {} here", project.labels.name_of(&a.label));
            if ui
                .add(
                    egui::Button::new(all)
                        .shortcut_text(super::shortcut_text(ui.ctx(), Action::AcceptAllOfLabel)),
                )
                .clicked()
            {
                out.push(UiCommand::Action(Action::AcceptAllOfLabel));
            }
        });
    }
    if let Some(text) = accepted_from_suggestion(a) {
        ui.label(text);
    }
    ui.label(
        egui::RichText::new(format!(
            "{} · created {} · modified {}",
            if a.annotator.is_empty() {
                "unknown"
            } else {
                &a.annotator
            },
            a.created.strftime("%Y-%m-%d %H:%M"),
            a.modified.strftime("%Y-%m-%d %H:%M")
        ))
        .small()
        .weak(),
    );
    if changed {
        out.push(UiCommand::UpdateAnnotation(Box::new(updated)));
    }
    conflict_ui(ui, view, a.id, out);
    ui.horizontal_wrapped(|ui| {
        let linking = linking_from == Some(a.id);
        let text = if linking {
            "Linking… (Esc cancels)"
        } else {
            "Link…"
        };
        if ui
            .add(
                egui::Button::new(text)
                    .shortcut_text(super::shortcut_text(ui.ctx(), Action::StartLink)),
            )
            .clicked()
        {
            out.push(UiCommand::Action(if linking {
                Action::ClearSelection
            } else {
                Action::StartLink
            }));
        }
        if ui
            .add(
                egui::Button::new("Delete")
                    .shortcut_text(super::short_key_text(ui.ctx(), Action::DeleteAnnotation)),
            )
            .clicked()
        {
            out.push(UiCommand::Action(Action::DeleteAnnotation));
        }
    });
    let links = project.links_of(a.id);
    if !links.is_empty() {
        ui.label(egui::RichText::new("Links").strong());
    }
    for link in links {
        link_row_ui(ui, view, a.id, link, out);
    }
}

/// For an annotation a merge kept twice (this one and another branch's
/// version): a warning and the two ways to settle it.
fn conflict_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, id: AnnotationId, out: &mut Vec<UiCommand>) {
    let Some(other) = conflict_partner(view.project, id) else {
        return;
    };
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!("Conflicts with {other} (merged from another branch)"),
    );
    ui.horizontal_wrapped(|ui| {
        if ui.button("Keep this one").clicked() {
            out.push(UiCommand::KeepOneOf {
                keep: id,
                drop: other,
            });
        }
        if ui.button("Keep the other").clicked() {
            out.push(UiCommand::KeepOneOf {
                keep: other,
                drop: id,
            });
        }
    });
}

fn link_row_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    me: AnnotationId,
    link: &Link,
    out: &mut Vec<UiCommand>,
) {
    let other_id = if link.from == me { link.to } else { link.from };
    let Some(other) = view.project.annotations.get(&other_id) else {
        return;
    };
    let arrow = if link.from == me { "→" } else { "←" };
    ui.horizontal_wrapped(|ui| {
        let mut kind = link.kind;
        egui::ComboBox::new(("link kind", link.id), "Kind")
            .selected_text(kind.name())
            .width(100.0)
            .show_ui(ui, |ui| {
                for k in LinkKind::ALL {
                    ui.selectable_value(&mut kind, k, k.name());
                }
            });
        if kind != link.kind {
            out.push(UiCommand::Edit(crate::model::Edit::UpdateLink(Link {
                kind,
                ..link.clone()
            })));
        }
        let title = view
            .project
            .documents
            .get(&other.document)
            .map_or(other.document.as_str(), |d| d.title.as_str());
        let text = format!(
            "{arrow} “{}” ({})",
            short_quote(other.quote.exact(), 60),
            short_quote(title, 30)
        );
        if ui
            .link(text)
            .on_hover_text("Show it in another pane")
            .clicked()
        {
            out.push(UiCommand::Reveal(other_id));
        }
        if ui.small_button("Unlink").clicked() {
            out.push(UiCommand::RemoveLink(link.id));
        }
    });
}

fn annotation_list_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &mut InspectorState,
    doc: &DocumentId,
    selected: Option<AnnotationId>,
    out: &mut Vec<UiCommand>,
) {
    let project = view.project;
    // Orphans have no place in the text: they are listed in the Orphans window.
    // The list is the app's, kept per revision (not rebuilt every frame).
    let list: Vec<&Annotation> = view
        .active_annotations
        .iter()
        .filter_map(|id| project.annotations.get(id))
        .filter(|a| &a.document == doc)
        .collect();
    let suggestions = list.iter().filter(|a| a.status.is_suggested()).count();
    ui.horizontal(|ui| {
        ui.heading("Suggestions");
        if ui
            .add(
                egui::Button::new("Suggest")
                    .shortcut_text(super::shortcut_text(ui.ctx(), Action::Suggest)),
            )
            .on_hover_text(Action::Suggest.tooltip())
            .clicked()
        {
            out.push(UiCommand::Action(Action::Suggest));
        }
    });
    if suggestions == 0 {
        ui.label(egui::RichText::new("No open suggestions in this document.").weak());
    }
    for a in list.iter().filter(|a| a.status.is_suggested()) {
        // Buttons first, from the right, so they always fit; the quote takes the rest.
        let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
        let right = egui::Layout::right_to_left(egui::Align::Center);
        ui.allocate_ui_with_layout(row, right, |ui| {
            if ui
                .small_button("Reject")
                .on_hover_text("Reject this suggestion")
                .clicked()
            {
                out.push(UiCommand::Select(Some(a.id)));
                out.push(UiCommand::Action(Action::RejectSuggestion));
            }
            if ui
                .small_button("Accept")
                .on_hover_text("Accept this suggestion")
                .clicked()
            {
                out.push(UiCommand::Select(Some(a.id)));
                out.push(UiCommand::Action(Action::AcceptSuggestion));
            }
            let text = format!(
                "{}: {}",
                project.labels.name_of(&a.label),
                short_quote(a.quote.exact(), 50)
            );
            let left = egui::Layout::left_to_right(egui::Align::Center);
            ui.with_layout(left, |ui| {
                let quote = egui::Button::selectable(selected == Some(a.id), text).truncate();
                if ui.add(quote).on_hover_text(a.quote.exact()).clicked() {
                    out.push(UiCommand::Select(Some(a.id)));
                }
            });
        });
    }
    ui.separator();
    // Accepted annotations and open suggestions are counted apart.
    let accepted = list.len() - suggestions;
    ui.heading(match suggestions {
        0 => format!("Annotations ({accepted})"),
        n => format!(
            "Annotations ({accepted}) · {}",
            super::counted(n, "suggestion")
        ),
    });
    let filter_name = st
        .label_filter
        .as_ref()
        .map_or("All labels", |id| project.labels.name_of(id));
    egui::ComboBox::from_label("Show")
        .selected_text(filter_name)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut st.label_filter, None, "All labels");
            for label in &project.labels.labels {
                ui.selectable_value(&mut st.label_filter, Some(label.id.clone()), &label.name);
            }
        });
    for a in list
        .into_iter()
        .filter(|a| st.label_filter.as_ref().is_none_or(|l| l == &a.label))
    {
        let label = project.labels.get(&a.label);
        let color = label.map_or(egui::Color32::GRAY, super::label_color);
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(8.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
            let mut text = format!(
                "{}: {}",
                project.labels.name_of(&a.label),
                short_quote(a.quote.exact(), 70)
            );
            if a.status.is_suggested() {
                text.push_str(" (suggested)");
            }
            // Truncated to the panel's width (the full quote is on hover).
            let row = ui.add(egui::Button::selectable(selected == Some(a.id), text).truncate());
            if row.on_hover_text(a.quote.exact()).clicked() {
                out.push(UiCommand::Select(Some(a.id)));
            }
        });
    }
}
