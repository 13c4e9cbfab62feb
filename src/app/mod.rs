//! The window. For now a read-only viewer: the library on the left and the
//! open documents side by side. The annotation workflow builds on this.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;
use eframe::egui;

use crate::io::corpus::ImportOptions;
use crate::io::workspace::Workspace;
use crate::model::DocumentId;

/// Opens the window on a project file or a folder and runs until it closes.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let workspace = open(path)?;
    let title = format!("{} — Diptych", workspace.project.name);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "diptych",
        options,
        Box::new(move |_cc| Ok(Box::new(ViewerApp { workspace }))),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}

fn open(path: &Path) -> anyhow::Result<Workspace> {
    let options = ImportOptions::default();
    let cancel = AtomicBool::new(false);
    if path.is_dir() {
        Ok(Workspace::from_folder(path, &options, &|_| {}, &cancel)?)
    } else {
        let (workspace, _) = Workspace::open(path, &options, &|_| {}, &cancel)
            .with_context(|| format!("cannot open {}", path.display()))?;
        Ok(workspace)
    }
}

struct ViewerApp {
    workspace: Workspace,
}

impl eframe::App for ViewerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let project = &self.workspace.project;
        let mut clicked: Option<DocumentId> = None;
        egui::Panel::left("library").show(ui, |ui| {
            ui.heading(&project.name);
            egui::ScrollArea::vertical().show(ui, |ui| {
                for record in project.documents.values() {
                    let count = project
                        .annotations
                        .values()
                        .filter(|a| a.document == record.id)
                        .count();
                    let text = format!(
                        "{}\n{} · {} annotations",
                        record.title,
                        record.fields.status.name(),
                        count
                    );
                    if ui
                        .selectable_label(project.view.open.contains(&record.id), text)
                        .clicked()
                    {
                        clicked = Some(record.id.clone());
                    }
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let open = &self.workspace.project.view.open;
            ui.columns(open.len().max(1), |columns| {
                for (column, id) in columns.iter_mut().zip(open) {
                    let Some(doc) = self.workspace.corpus.get(id) else {
                        column.label(format!("{id} is missing from the corpus folder"));
                        continue;
                    };
                    column.heading(&doc.title);
                    egui::ScrollArea::vertical()
                        .id_salt(id.as_str())
                        .show(column, |ui| {
                            ui.label(&*doc.text);
                        });
                }
            });
        });
        if let Some(id) = clicked {
            let open = &mut self.workspace.project.view.open;
            if open.is_empty() {
                open.push(id);
            } else {
                open[0] = id;
            }
        }
    }
}
