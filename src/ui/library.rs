//! The library: every document with its status and annotation count.

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui;

use super::command::UiCommand;
use super::state::UiState;
use super::{ViewCtx, counted};
use crate::io::corpus::Corpus;
use crate::model::{DocFields, DocRecord, DocStatus, DocumentId, Project};

/// How the library is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Path,
    Title,
    Status,
    Annotations,
}

impl SortKey {
    const ALL: [Self; 4] = [Self::Path, Self::Title, Self::Status, Self::Annotations];

    fn name(self) -> &'static str {
        match self {
            Self::Path => "Path",
            Self::Title => "Title",
            Self::Status => "Status",
            Self::Annotations => "Annotations",
        }
    }
}

/// The library's own view state.
#[derive(Default)]
pub struct LibraryState {
    pub filter: String,
    /// Also search the documents' text, not only titles and paths.
    pub full_text: bool,
    pub sort: SortKey,
    pub group_by_folder: bool,
    /// Set by the "Filter the library" action: focus the filter box next frame.
    pub focus_filter: bool,
}

impl LibraryState {
    /// The filter as matched: trimmed and lower-cased.
    pub fn needle(&self) -> String {
        self.filter.trim().to_lowercase()
    }

    /// The needle to look for in the documents' text, when that search is on.
    pub fn text_search(&self) -> Option<String> {
        let needle = self.needle();
        (self.full_text && !needle.is_empty()).then_some(needle)
    }
}

/// Accepted annotations and open suggestions per document, counted apart,
/// once per revision (by the app's caches).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LibraryCounts {
    pub annotations: BTreeMap<DocumentId, usize>,
    pub suggestions: BTreeMap<DocumentId, usize>,
}

impl LibraryCounts {
    /// Counts the annotations and the suggestions of every document of `project`.
    pub fn of(project: &Project) -> Self {
        let mut counts = Self::default();
        for a in project.annotations.values() {
            let map = if a.status.is_suggested() {
                &mut counts.suggestions
            } else {
                &mut counts.annotations
            };
            *map.entry(a.document.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// The number of accepted annotations of `doc`.
    pub fn of_document(&self, doc: &DocumentId) -> usize {
        self.annotations.get(doc).copied().unwrap_or(0)
    }

    /// The number of open suggestions of `doc`.
    pub fn suggestions_of(&self, doc: &DocumentId) -> usize {
        self.suggestions.get(doc).copied().unwrap_or(0)
    }

    /// "5 annotations · 10 suggestions", "1 annotation" (no suggestions: not said).
    pub fn describe(&self, doc: &DocumentId) -> String {
        let mut text = counted(self.of_document(doc), "annotation");
        let suggestions = self.suggestions_of(doc);
        if suggestions > 0 {
            text.push_str(&format!(" · {}", counted(suggestions, "suggestion")));
        }
        text
    }
}

/// The documents whose text contains a needle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextHits {
    /// What was looked for (trimmed, lower-cased).
    pub needle: String,
    pub documents: BTreeSet<DocumentId>,
}

/// The documents whose text contains `needle` (lower-cased), searched in parallel.
pub fn text_matches(corpus: &Corpus, needle: &str) -> TextHits {
    use rayon::prelude::*;
    let documents = corpus
        .documents
        .par_iter()
        .filter(|(_, d)| d.text.to_lowercase().contains(needle))
        .map(|(id, _)| id.clone())
        .collect();
    TextHits {
        needle: needle.to_owned(),
        documents,
    }
}

/// The text-search hits for the filter as it is now, if the app has them
/// (the filter may have changed since they were computed, while drawing).
fn current_hits<'a>(view: &'a ViewCtx<'_>, state: &LibraryState) -> Option<&'a TextHits> {
    let needle = state.text_search()?;
    view.text_hits.as_deref().filter(|h| h.needle == needle)
}

/// The documents the library lists, in order: filtered and sorted.
pub fn visible_documents<'a>(view: &ViewCtx<'a>, state: &LibraryState) -> Vec<&'a DocRecord> {
    let needle = state.needle();
    let text_hits = current_hits(view, state).map(|h| &h.documents);
    let counts = &view.library_counts;
    let mut docs: Vec<&DocRecord> = view
        .project
        .documents
        .values()
        .filter(|d| {
            needle.is_empty()
                || d.title.to_lowercase().contains(&needle)
                || d.id.as_str().to_lowercase().contains(&needle)
                || text_hits.is_some_and(|m| m.contains(&d.id))
        })
        .collect();
    match state.sort {
        SortKey::Path => {}
        SortKey::Title => docs.sort_by_key(|d| d.title.to_lowercase()),
        SortKey::Status => docs.sort_by_key(|d| d.fields.status),
        SortKey::Annotations => docs.sort_by_key(|d| std::cmp::Reverse(counts.of_document(&d.id))),
    }
    docs
}

fn status_mark(status: DocStatus) -> &'static str {
    match status {
        DocStatus::ToDo => "○",
        DocStatus::InProgress => "◐",
        DocStatus::Done => "●",
    }
}

/// Draws the library panel.
pub fn library_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    let lib = &mut state.library;
    let filter_label = ui.label("Filter");
    let response = ui
        .add(egui::TextEdit::singleline(&mut lib.filter).hint_text("title, path or text"))
        .labelled_by(filter_label.id);
    if lib.focus_filter {
        response.request_focus();
        lib.focus_filter = false;
    }
    ui.horizontal(|ui| {
        ui.checkbox(&mut lib.full_text, "Search text");
        ui.checkbox(&mut lib.group_by_folder, "Folders");
    });
    egui::ComboBox::from_label("Sort")
        .selected_text(lib.sort.name())
        .show_ui(ui, |ui| {
            for key in SortKey::ALL {
                ui.selectable_value(&mut lib.sort, key, key.name());
            }
        });
    ui.separator();
    if lib.text_search().is_some() && current_hits(view, lib).is_none() {
        // The filter changed this frame: the app searches the text before the next one.
        ui.ctx().request_repaint();
    }
    let docs = visible_documents(view, lib);
    let counts = &*view.library_counts;
    let active_doc = state.panes.get(state.active).map(|p| &p.doc);
    let open: Vec<&DocumentId> = state.panes.iter().map(|p| &p.doc).collect();
    ui.label(format!(
        "{} of {} documents",
        docs.len(),
        view.project.documents.len()
    ));
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            if state.library.group_by_folder {
                let mut folders: BTreeMap<&str, Vec<&DocRecord>> = BTreeMap::new();
                for doc in &docs {
                    let folder = doc.id.file_path().rsplit_once('/').map_or("", |(f, _)| f);
                    folders.entry(folder).or_default().push(doc);
                }
                for (folder, docs) in folders {
                    let name = if folder.is_empty() {
                        "(top folder)"
                    } else {
                        folder
                    };
                    egui::CollapsingHeader::new(format!("{name} ({})", docs.len()))
                        .default_open(true)
                        .show(ui, |ui| {
                            for doc in docs {
                                document_row_ui(ui, doc, counts, active_doc, &open, out);
                            }
                        });
                }
            } else {
                // Only the rows in view are built: a library of 10,000 documents stays fast.
                let row_height = ui.spacing().interact_size.y
                    + ui.spacing().item_spacing.y
                    + ui.text_style_height(&egui::TextStyle::Small);
                let top = ui.cursor().top();
                let first = ((ui.clip_rect().top() - top)
                    / (row_height + ui.spacing().item_spacing.y))
                    .max(0.0) as usize;
                let shown = (ui.clip_rect().height() / (row_height + ui.spacing().item_spacing.y))
                    as usize
                    + 2;
                let rows = first.min(docs.len())..(first + shown).min(docs.len());
                ui.add_space(rows.start as f32 * (row_height + ui.spacing().item_spacing.y));
                for doc in &docs[rows.clone()] {
                    document_row_ui(ui, doc, counts, active_doc, &open, out);
                }
                ui.add_space(
                    (docs.len() - rows.end) as f32 * (row_height + ui.spacing().item_spacing.y),
                );
            }
        });
}

fn document_row_ui(
    ui: &mut egui::Ui,
    doc: &DocRecord,
    counts: &LibraryCounts,
    active: Option<&DocumentId>,
    open: &[&DocumentId],
    out: &mut Vec<UiCommand>,
) {
    let count = counts.describe(&doc.id);
    let text = format!("{} {}", status_mark(doc.fields.status), doc.title);
    // The whole row's width, its title left-aligned like every other row's
    // (`add_sized` would centre the short titles).
    let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let title =
        egui::Button::selectable(active == Some(&doc.id), egui::RichText::new(text).strong())
            .truncate()
            .min_size(size);
    let response = ui.add(title).on_hover_text(format!(
        "{}\n{} · {}\nClick: open here · Ctrl+click: open in a new pane",
        doc.id,
        doc.fields.status.name(),
        count
    ));
    let marker = if open.contains(&&doc.id) {
        " · open"
    } else {
        ""
    };
    ui.label(
        egui::RichText::new(format!(
            "    {} · {}{marker}",
            doc.fields.status.name(),
            count
        ))
        .small()
        .weak(),
    );
    if response.clicked() {
        let new_pane = ui.input(|i| i.modifiers.command || i.modifiers.ctrl);
        out.push(UiCommand::OpenDocument {
            doc: doc.id.clone(),
            new_pane,
        });
    }
    response.context_menu(|ui| {
        if ui.button("Open in a new pane").clicked() {
            out.push(UiCommand::OpenDocument {
                doc: doc.id.clone(),
                new_pane: true,
            });
            ui.close();
        }
        for status in DocStatus::ALL {
            if ui.button(format!("Mark {}", status.name())).clicked() {
                let fields = DocFields {
                    status,
                    ..doc.fields.clone()
                };
                out.push(UiCommand::SetDocFields(doc.id.clone(), fields));
                ui.close();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{annotation, base_project};
    use crate::model::{AnnotationStatus, LabelId};

    #[test]
    fn annotations_and_suggestions_are_counted_apart_with_plurals() {
        let mut project = base_project();
        let claim = LabelId::from("claim");
        let accepted = annotation(&project, 1, 0, 0, 5, &claim);
        let doc = accepted.document.clone();
        project.annotations.insert(accepted.id, accepted);
        for id in 2..5 {
            let mut s = annotation(&project, id, 0, 10, 5, &claim);
            s.status = AnnotationStatus::Suggested {
                source: "rule:claim".into(),
                score: 0.5,
            };
            project.annotations.insert(s.id, s);
        }
        let counts = LibraryCounts::of(&project);
        assert_eq!(counts.of_document(&doc), 1);
        assert_eq!(counts.suggestions_of(&doc), 3);
        assert_eq!(counts.describe(&doc), "1 annotation · 3 suggestions");
        let other = project.documents.keys().find(|d| **d != doc).unwrap();
        assert_eq!(counts.describe(other), "0 annotations");
    }
}
