//! The Labels window: add, rename, recolour, rebind and remove labels, through edits.

use eframe::egui;

use super::ViewCtx;
use super::command::UiCommand;
use crate::model::label::PALETTE;
use crate::model::{Edit, Label, LabelId, LabelRemoval, Project, name_problem, remove_label_edit};

/// The window's own state: name buffers and the removal question.
#[derive(Default)]
pub struct LabelsWindowState {
    pub open: bool,
    new_name: String,
    /// Names being typed, per label (committed on focus loss).
    names: std::collections::BTreeMap<LabelId, String>,
    /// A label in use that the user asked to remove, and the label to reassign to.
    removing: Option<(LabelId, Option<LabelId>)>,
}

/// Draws the Labels window when it is open.
pub fn labels_window_ui(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    st: &mut LabelsWindowState,
    out: &mut Vec<UiCommand>,
) {
    if !st.open {
        return;
    }
    let mut open = true;
    let project = view.project;
    egui::Window::new("Labels")
        .open(&mut open)
        .resizable(true)
        .show(ctx, |ui| {
            egui::Grid::new("labels grid").striped(true).show(ui, |ui| {
                ui.strong("Name");
                ui.strong("Colour");
                ui.strong("Key");
                ui.strong("In use");
                ui.label("");
                ui.end_row();
                for label in &project.labels.labels {
                    let buffer = st
                        .names
                        .entry(label.id.clone())
                        .or_insert_with(|| label.name.clone());
                    let response = ui.add(
                        egui::TextEdit::singleline(buffer)
                            .desired_width(140.0)
                            .hint_text("name"),
                    );
                    let response = response.on_hover_text(format!("Name of label {}", label.id));
                    if response.lost_focus()
                        && buffer.trim() != label.name
                        && !buffer.trim().is_empty()
                    {
                        out.push(UiCommand::Edit(Edit::UpdateLabel(Label {
                            name: buffer.trim().to_owned(),
                            ..label.clone()
                        })));
                    } else if !response.has_focus() && buffer != &label.name {
                        buffer.clone_from(&label.name);
                    }
                    ui.menu_button(
                        egui::RichText::new("■■■").color(super::label_color(label)),
                        |ui| {
                            ui.horizontal_wrapped(|ui| {
                                for (n, c) in PALETTE.iter().enumerate() {
                                    let [r, g, b] = c.0;
                                    let swatch = egui::RichText::new("■■")
                                        .color(egui::Color32::from_rgb(r, g, b));
                                    if ui
                                        .button(swatch)
                                        .on_hover_text(format!("Colour {}", n + 1))
                                        .clicked()
                                    {
                                        out.push(UiCommand::Edit(Edit::UpdateLabel(Label {
                                            color: *c,
                                            ..label.clone()
                                        })));
                                        ui.close();
                                    }
                                }
                            });
                        },
                    );
                    let key_text = label.key.map_or("none".to_owned(), |k| k.to_string());
                    egui::ComboBox::from_id_salt(("label key", &label.id))
                        .selected_text(key_text)
                        .width(60.0)
                        .show_ui(ui, |ui| {
                            for key in std::iter::once(None).chain((1..=9).map(Some)) {
                                let text = key.map_or("none".to_owned(), |k: u8| k.to_string());
                                if ui.selectable_label(label.key == key, text).clicked()
                                    && label.key != key
                                {
                                    out.push(UiCommand::Edit(Edit::UpdateLabel(Label {
                                        key,
                                        ..label.clone()
                                    })));
                                }
                            }
                        })
                        .response
                        .on_hover_text(format!("Shortcut key of {}", label.name));
                    let used = project.label_use_count(&label.id);
                    ui.label(used.to_string());
                    if ui
                        .button("Remove")
                        .on_hover_text(format!("Remove {}", label.name))
                        .clicked()
                    {
                        if used == 0 {
                            out.push(UiCommand::Edit(Edit::RemoveLabel(label.id.clone())));
                        } else {
                            let other = project
                                .labels
                                .labels
                                .iter()
                                .find(|l| l.id != label.id)
                                .map(|l| l.id.clone());
                            st.removing = Some((label.id.clone(), other));
                        }
                    }
                    ui.end_row();
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                let name_label = ui.label("New label");
                ui.add(egui::TextEdit::singleline(&mut st.new_name).desired_width(160.0))
                    .labelled_by(name_label.id);
                let name = st.new_name.trim().to_owned();
                let problem = new_name_problem(project, &name);
                if ui
                    .add_enabled(problem.is_none(), egui::Button::new("Add"))
                    .clicked()
                {
                    let color = project.labels.next_color();
                    let label = Label {
                        id: project.labels.fresh_id(&name),
                        name,
                        color,
                        key: project.labels.free_key(),
                    };
                    out.push(UiCommand::Edit(Edit::AddLabel {
                        label,
                        index: usize::MAX,
                    }));
                    st.new_name.clear();
                }
                if let Some(problem) = problem.filter(|_| !st.new_name.is_empty()) {
                    ui.colored_label(ui.visuals().warn_fg_color, problem);
                }
            });
            if let Some((id, reassign)) = &mut st.removing {
                ui.separator();
                let used = project.label_use_count(id);
                ui.label(format!(
                    "{} is used by {used} annotation(s). What should happen to them?",
                    project.labels.name_of(id)
                ));
                let mut decided = None;
                ui.horizontal(|ui| {
                    let target = reassign.clone();
                    egui::ComboBox::from_id_salt("reassign to")
                        .selected_text(target.as_ref().map_or("—", |t| project.labels.name_of(t)))
                        .show_ui(ui, |ui| {
                            for l in project.labels.labels.iter().filter(|l| &l.id != id) {
                                ui.selectable_value(reassign, Some(l.id.clone()), &l.name);
                            }
                        })
                        .response
                        .on_hover_text("Reassign to this label");
                    if let Some(to) = target
                        && ui.button("Reassign and remove").clicked()
                    {
                        decided = Some(LabelRemoval::Reassign(to));
                    }
                    if ui
                        .button(format!("Delete the {used} annotation(s)"))
                        .clicked()
                    {
                        decided = Some(LabelRemoval::DeleteAnnotations);
                    }
                    if ui.button("Keep the label").clicked() {
                        decided = Some(LabelRemoval::Reassign(id.clone()));
                    }
                });
                if let Some(policy) = decided {
                    if policy != LabelRemoval::Reassign(id.clone()) {
                        out.push(UiCommand::Edit(remove_label_edit(project, id, &policy)));
                    }
                    st.removing = None;
                }
            }
        });
    st.open = open;
}

/// Why `name` cannot be a new label of `project`: the edit's own checks
/// (blank, control characters, a name in use ignoring case), said before
/// the user presses Add.
fn new_name_problem(project: &Project, name: &str) -> Option<String> {
    if let Some(problem) = name_problem(name) {
        return Some(problem);
    }
    let used = project.labels.by_name(name)?;
    Some(format!("{:?} is already a label", used.name))
}
