//! The Export… and Import… windows (File menu): the same library functions
//! as `diptych export` and `diptych import`.

use std::path::PathBuf;

use eframe::egui;

use super::ViewCtx;
use super::command::UiCommand;
use crate::io::export::{ExportOptions, Format};
use crate::io::import::{ImportAs, ImportFormat, ImportSettings, ImportUnit};
use crate::io::workspace::{file_stem, project_folder};
use crate::model::OffsetUnit;

/// State of the Export window.
pub struct ExportWindowState {
    pub open: bool,
    pub format: Format,
    /// `None`: the format's default unit.
    pub offsets: Option<OffsetUnit>,
    pub include_suggestions: bool,
    pub relations: bool,
    pub labels: String,
    /// Comma-separated annotator names; empty for everyone.
    pub annotators: String,
    pub documents: String,
    /// Where to write: `PROJECT-NAME.EXT` in the project's folder until the
    /// user types or browses to a path of their own.
    pub output: String,
    /// True once `output` is the user's own: it no longer follows the
    /// project and the format.
    pub output_chosen: bool,
}

impl Default for ExportWindowState {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            offsets: None,
            include_suggestions: false,
            relations: false,
            labels: String::new(),
            annotators: String::new(),
            documents: String::new(),
            output: String::new(),
            output_chosen: false,
        }
    }
}

impl ExportWindowState {
    /// Makes `path` the output (chosen with Browse…).
    pub fn choose_output(&mut self, path: PathBuf) {
        self.output = path.display().to_string();
        self.output_chosen = true;
    }
}

/// State of the Import window.
#[derive(Default)]
pub struct ImportWindowState {
    pub open: bool,
    pub format: Option<ImportFormat>,
    pub as_suggestions: bool,
    pub offsets: Option<ImportUnit>,
    pub file: String,
}

fn unit_name(unit: Option<OffsetUnit>, default: OffsetUnit) -> String {
    match unit {
        Some(u) => u.to_string(),
        None => format!("default ({default})"),
    }
}

/// The default output: `PROJECT-NAME.EXT` in the project's folder
/// ([`project_folder`]); for a format that writes a folder (brat),
/// `PROJECT-NAME-FORMAT` (never the corpus folder, which may share the name).
fn default_output(view: &ViewCtx<'_>, format: Format) -> String {
    let folder = project_folder(view.project_path, &view.corpus.root);
    let stem = file_stem(&view.project.name);
    let name = if format.writes_folder() {
        format!("{stem}-{}", format.name())
    } else {
        format!("{stem}.{}", format.extension())
    };
    folder.join(name).display().to_string()
}

/// Draws the Export window, with the running export's progress.
pub fn export_window_ui(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    st: &mut ExportWindowState,
    out: &mut Vec<UiCommand>,
) {
    let progress = view.export_progress;
    if !st.open {
        return;
    }
    if !st.output_chosen {
        st.output = default_output(view, st.format);
    }
    let mut open = true;
    egui::Window::new("Export")
        .open(&mut open)
        .resizable(true)
        .show(ctx, |ui| {
            egui::Grid::new("export grid")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("Format");
                    let before = st.format;
                    egui::ComboBox::from_id_salt("export format")
                        .selected_text(st.format.name())
                        .show_ui(ui, |ui| {
                            for f in Format::ALL {
                                ui.selectable_value(&mut st.format, f, f.name());
                            }
                        })
                        .response
                        .on_hover_text("Export format");
                    if st.format != before {
                        if !st.output_chosen {
                            st.output = default_output(view, st.format);
                        }
                        st.offsets = None;
                    }
                    ui.end_row();
                    ui.label("Offsets");
                    let default = st.format.default_unit();
                    egui::ComboBox::from_id_salt("export offsets")
                        .selected_text(unit_name(st.offsets, default))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut st.offsets, None, unit_name(None, default));
                            for unit in st.format.units() {
                                ui.selectable_value(&mut st.offsets, Some(*unit), unit.to_string());
                            }
                        })
                        .response
                        .on_hover_text("Offset unit");
                    ui.end_row();
                    let labels = ui.label("Labels");
                    ui.add(
                        egui::TextEdit::singleline(&mut st.labels)
                            .hint_text("all (or Claim,Disclaimer)"),
                    )
                    .labelled_by(labels.id);
                    ui.end_row();
                    let who = ui.label("Annotators");
                    ui.add(
                        egui::TextEdit::singleline(&mut st.annotators)
                            .hint_text("everyone (or gold, or alice,bob)"),
                    )
                    .labelled_by(who.id);
                    ui.end_row();
                    let docs = ui.label("Documents");
                    ui.add(
                        egui::TextEdit::singleline(&mut st.documents)
                            .hint_text("all (or ids and globs, comma-separated)"),
                    )
                    .labelled_by(docs.id);
                    ui.end_row();
                    output_row_ui(ui, st, out);
                    ui.end_row();
                });
            ui.checkbox(&mut st.include_suggestions, "Include suggestions");
            if st.format == Format::Doccano {
                ui.checkbox(&mut st.relations, "entities/relations form");
            }
            match progress {
                Some((done, total)) => {
                    let fraction = if total == 0 {
                        0.0
                    } else {
                        done as f32 / total as f32
                    };
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .text(format!("{done} of {total} documents")),
                    );
                }
                None => {
                    if ui.button("Export").clicked() && !st.output.trim().is_empty() {
                        let options = ExportOptions {
                            offsets: st.offsets,
                            labels: comma_list(&st.labels),
                            annotators: comma_list(&st.annotators),
                            include_suggestions: st.include_suggestions,
                            documents: Some(st.documents.trim().to_owned())
                                .filter(|d| !d.is_empty()),
                            relations: st.relations,
                        };
                        out.push(UiCommand::Export {
                            format: st.format,
                            options: Box::new(options),
                            output: PathBuf::from(st.output.trim()),
                        });
                    }
                }
            }
        });
    st.open = open;
}

/// The output field and its Browse… button (a native dialog, or the path field).
fn output_row_ui(ui: &mut egui::Ui, st: &mut ExportWindowState, out: &mut Vec<UiCommand>) {
    let output = ui.label("Output");
    ui.horizontal(|ui| {
        let field = ui
            .add(egui::TextEdit::singleline(&mut st.output).desired_width(340.0))
            .labelled_by(output.id);
        if field.changed() {
            st.output_chosen = !st.output.trim().is_empty();
        }
        if ui
            .button("Browse…")
            .on_hover_text("Choose where to export")
            .clicked()
        {
            out.push(UiCommand::BrowseExport {
                format: st.format,
                current: PathBuf::from(st.output.trim()),
            });
        }
    });
}

/// Draws the Import window.
pub fn import_window_ui(ctx: &egui::Context, st: &mut ImportWindowState, out: &mut Vec<UiCommand>) {
    if !st.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Import")
        .open(&mut open)
        .resizable(true)
        .show(ctx, |ui| {
            egui::Grid::new("import grid")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("Format");
                    let format = st.format.get_or_insert(ImportFormat::Jsonl);
                    egui::ComboBox::from_id_salt("import format")
                        .selected_text(format.name())
                        .show_ui(ui, |ui| {
                            for f in ImportFormat::ALL {
                                ui.selectable_value(format, f, f.name());
                            }
                        })
                        .response
                        .on_hover_text("Import format");
                    let format = *format;
                    ui.end_row();
                    ui.label("Offsets");
                    let default = format.default_unit();
                    let text = st
                        .offsets
                        .map_or(format!("from the file, else {}", default.name()), |u| {
                            u.name().to_owned()
                        });
                    egui::ComboBox::from_id_salt("import offsets")
                        .selected_text(text)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut st.offsets, None, "from the file");
                            for unit in [
                                ImportUnit::Codepoint,
                                ImportUnit::Utf16,
                                ImportUnit::Byte,
                                ImportUnit::Grapheme,
                            ] {
                                ui.selectable_value(&mut st.offsets, Some(unit), unit.name());
                            }
                        })
                        .response
                        .on_hover_text("Offset unit of the file");
                    ui.end_row();
                    let file = ui.label("File to import");
                    ui.add(
                        egui::TextEdit::singleline(&mut st.file)
                            .desired_width(420.0)
                            .hint_text("/path/to/export.jsonl"),
                    )
                    .labelled_by(file.id);
                    ui.end_row();
                });
            ui.checkbox(
                &mut st.as_suggestions,
                "Import as suggestions (to accept or reject)",
            );
            if ui.button("Import").clicked() && !st.file.trim().is_empty() {
                let settings = ImportSettings {
                    mode: if st.as_suggestions {
                        ImportAs::Suggestions
                    } else {
                        ImportAs::Annotations
                    },
                    offsets: st.offsets,
                    annotator: None,
                };
                out.push(UiCommand::Import {
                    format: st.format.unwrap_or(ImportFormat::Jsonl),
                    file: PathBuf::from(st.file.trim()),
                    settings: Box::new(settings),
                });
            }
        });
    st.open = open;
}

/// The non-empty, trimmed items of a comma-separated field.
fn comma_list(field: &str) -> Vec<String> {
    field
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
