//! The library: every document with its status and annotation count.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use eframe::egui;

use super::command::UiCommand;
use super::state::UiState;
use super::{ViewCtx, counted};
use crate::io::search::{Answer, Hit, Query};
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
    /// Search the documents' text (the corpus's index: words, "phrases",
    /// filters) instead of filtering titles and paths.
    pub full_text: bool,
    pub sort: SortKey,
    pub group_by_folder: bool,
    /// Folders folded in the folder view.
    pub folded: BTreeSet<String>,
    /// Set by the "Filter the library" action: focus the filter box next frame.
    pub focus_filter: bool,
    /// Enter was pressed in the filter box: open the first row found, once
    /// the answer to the query typed is in (forgotten when it is edited).
    open_first: bool,
    /// The rows listed, built when what they depend on changes, not per frame.
    list: Option<(ListKey, Arc<Listed>)>,
}

/// One row of the library's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A folder's header in the folder view: its path, how many documents
    /// it lists, and whether it is open.
    Folder {
        path: String,
        count: usize,
        open: bool,
    },
    /// A document.
    Doc(DocumentId),
    /// The search's hit number N (in the answer's order).
    Hit(usize),
}

/// The library's list: its rows and how many documents they list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Listed {
    pub rows: Vec<Row>,
    pub documents: usize,
}

/// What the list depends on; a change rebuilds it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ListKey {
    revision: u64,
    /// The documents' records' revision, when they order the list.
    records: u64,
    needle: String,
    /// The text search's answer in use (a new search is a new answer).
    search: Option<SameAnswer>,
    sort: SortKey,
    folders: bool,
    folded: BTreeSet<String>,
}

/// A search's answer, the same only as itself: the list made of an answer
/// is not made again until another one comes. Held, not known by its
/// address alone: a freed answer's address may be the next one's, whose
/// list was then taken for the one before's (none while "Searching…").
#[derive(Clone, Debug)]
struct SameAnswer(Arc<SearchView>);

impl PartialEq for SameAnswer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SameAnswer {}

impl LibraryState {
    /// The filter as matched: trimmed and lower-cased.
    pub fn needle(&self) -> String {
        self.filter.trim().to_lowercase()
    }

    /// The rows to list, rebuilt only when the project, the filter, the
    /// text search's answer, the order or the folders change: a library of
    /// 10,000 documents is not filtered and sorted again every frame.
    pub fn listed(&mut self, view: &ViewCtx<'_>) -> Arc<Listed> {
        let key = ListKey {
            // Ordered by their counts, the list follows every edit.
            revision: if self.sort == SortKey::Annotations {
                view.revision
            } else {
                view.listing_revision
            },
            records: if self.sort == SortKey::Status {
                view.records_revision
            } else {
                0
            },
            needle: self.needle(),
            search: search_answer(view, self).map(|a| SameAnswer(Arc::clone(a))),
            sort: self.sort,
            folders: self.group_by_folder,
            folded: if self.group_by_folder {
                self.folded.clone()
            } else {
                BTreeSet::new()
            },
        };
        if let Some((cached, listed)) = &self.list
            && *cached == key
        {
            return Arc::clone(listed);
        }
        if self.search_query().is_some() {
            let rows: Vec<Row> = match current_search(view, self).map(|s| &s.outcome) {
                Some(SearchOutcome::Found(answer)) => {
                    (0..answer.hits.len()).map(Row::Hit).collect()
                }
                _ => Vec::new(),
            };
            let listed = Arc::new(Listed {
                documents: rows.len(),
                rows,
            });
            self.list = Some((key, Arc::clone(&listed)));
            return listed;
        }
        let docs = visible_documents(view, self);
        let rows = if self.group_by_folder {
            folder_rows(&docs, &self.folded)
        } else {
            docs.iter().map(|d| Row::Doc(d.id.clone())).collect()
        };
        let listed = Arc::new(Listed {
            rows,
            documents: docs.len(),
        });
        self.list = Some((key, Arc::clone(&listed)));
        listed
    }

    /// The query for the corpus's search (trimmed, case kept: `path:`
    /// prefixes are exact), when that search is on.
    pub fn search_query(&self) -> Option<&str> {
        let query = self.filter.trim();
        (self.full_text && !query.is_empty()).then_some(query)
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
        // Annotations come by id, and ids mostly run through one document
        // after another: a run of one document and kind is counted before
        // the maps are looked up, once (at a million annotations, a lookup
        // each was most of a second).
        let mut run: Option<(&DocumentId, bool, usize)> = None;
        for a in project.annotations.values() {
            let suggested = a.status.is_suggested();
            match &mut run {
                Some((doc, kind, n)) if *doc == &a.document && *kind == suggested => *n += 1,
                _ => {
                    if let Some(done) = run.replace((&a.document, suggested, 1)) {
                        counts.add(done);
                    }
                }
            }
        }
        if let Some(done) = run {
            counts.add(done);
        }
        counts
    }

    /// Adds a run of `n` annotations (suggestions when `suggested`) of `doc`.
    pub fn add(&mut self, (doc, suggested, n): (&DocumentId, bool, usize)) {
        let map = if suggested {
            &mut self.suggestions
        } else {
            &mut self.annotations
        };
        match map.get_mut(doc) {
            Some(count) => *count += n,
            None => {
                map.insert(doc.clone(), n);
            }
        }
    }

    /// One annotation (a suggestion when `suggested`) more of `doc` when
    /// `add`, else one less: the counts of the project after an edit.
    pub fn adjust(&mut self, doc: &DocumentId, suggested: bool, add: bool) {
        let map = if suggested {
            &mut self.suggestions
        } else {
            &mut self.annotations
        };
        if add {
            *map.entry(doc.clone()).or_default() += 1;
        } else if let Some(count) = map.get_mut(doc) {
            *count -= 1;
            if *count == 0 {
                map.remove(doc);
            }
        }
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

/// The corpus search's answer to the library's query, as the window has it.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchView {
    /// The query answered.
    pub text: String,
    pub outcome: SearchOutcome,
}

/// Where the corpus search stands for a query.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchOutcome {
    /// The index is being built or updated: no answer yet (none stale
    /// either). Files read and indexed of those to be (both 0 until known).
    Indexing {
        done: usize,
        files: usize,
    },
    /// The query was sent, or is about to be (what its filters test of
    /// each document is being gathered, a slice per frame); its answer has
    /// not come back yet.
    Searching,
    /// The query cannot be run (the message says why).
    Bad(String),
    Found(Answer),
}

/// The search's answer for the query as it is now, if the app has it
/// (the query may have changed since, while drawing).
fn current_search<'a>(view: &'a ViewCtx<'_>, state: &LibraryState) -> Option<&'a SearchView> {
    search_answer(view, state).map(|a| &**a)
}

/// [`current_search`], shared.
fn search_answer<'a>(view: &'a ViewCtx<'_>, state: &LibraryState) -> Option<&'a Arc<SearchView>> {
    let query = state.search_query()?;
    view.search.as_ref().filter(|s| s.text == query)
}

/// The documents the library lists, in order: filtered and sorted.
pub fn visible_documents<'a>(view: &ViewCtx<'a>, state: &LibraryState) -> Vec<&'a DocRecord> {
    let needle = state.needle();
    let counts = &view.library_counts;
    let mut docs: Vec<&DocRecord> = view
        .project
        .documents
        .values()
        .filter(|d| {
            needle.is_empty()
                || d.title.to_lowercase().contains(&needle)
                || d.id.as_str().to_lowercase().contains(&needle)
        })
        .collect();
    match state.sort {
        SortKey::Path => {}
        SortKey::Title => docs.sort_by_cached_key(|d| d.title.to_lowercase()),
        SortKey::Status => docs.sort_by_key(|d| d.fields.status),
        SortKey::Annotations => docs.sort_by_key(|d| std::cmp::Reverse(counts.of_document(&d.id))),
    }
    docs
}

/// The folder view's rows: each folder's header (in path order), then its
/// documents in the library's order unless the folder is folded.
fn folder_rows(docs: &[&DocRecord], folded: &BTreeSet<String>) -> Vec<Row> {
    let mut folders: BTreeMap<&str, Vec<&DocRecord>> = BTreeMap::new();
    for doc in docs {
        let folder = doc.id.file_path().rsplit_once('/').map_or("", |(f, _)| f);
        folders.entry(folder).or_default().push(doc);
    }
    let mut rows = Vec::with_capacity(docs.len() + folders.len());
    for (path, docs) in folders {
        let open = !folded.contains(path);
        rows.push(Row::Folder {
            path: path.to_owned(),
            count: docs.len(),
            open,
        });
        if open {
            rows.extend(docs.iter().map(|d| Row::Doc(d.id.clone())));
        }
    }
    rows
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
    let (response, cleared) = ui
        .horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut lib.filter)
                .hint_text("title, path or text")
                .desired_width(ui.available_width() - 28.0);
            let response = ui.add(edit).labelled_by(filter_label.id);
            let clear = ui
                .add_enabled(!lib.filter.is_empty(), egui::Button::new("✕").small())
                .on_hover_text("Clear the filter");
            clear.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    !lib.filter.is_empty(),
                    "Clear the filter",
                )
            });
            (response, clear.clicked())
        })
        .inner;
    if cleared {
        lib.filter.clear();
    }
    if lib.focus_filter {
        response.request_focus();
        lib.focus_filter = false;
    }
    // Enter in the box opens the first row found (when the answer is in).
    if response.changed() {
        lib.open_first = false;
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        lib.open_first = true;
    }
    // The hits of a search are listed best first, without folders.
    const BEST_FIRST: &str = "Search hits are listed best first";
    ui.horizontal(|ui| {
        ui.checkbox(&mut lib.full_text, "Search text");
        let searching = lib.search_query().is_some();
        ui.add_enabled(
            !searching,
            egui::Checkbox::new(&mut lib.group_by_folder, "Folders"),
        )
        .on_disabled_hover_text(BEST_FIRST);
    });
    let searching = lib.search_query().is_some();
    ui.add_enabled_ui(!searching, |ui| {
        egui::ComboBox::from_label("Sort")
            .selected_text(if searching {
                "Best first"
            } else {
                lib.sort.name()
            })
            .show_ui(ui, |ui| {
                for key in SortKey::ALL {
                    ui.selectable_value(&mut lib.sort, key, key.name());
                }
            })
    })
    .response
    .on_disabled_hover_text(BEST_FIRST);
    ui.separator();
    match current_search(view, lib).map(|s| &s.outcome) {
        // The query changed this frame: the app sends it before the next one.
        None if lib.search_query().is_some() => ui.ctx().request_repaint(),
        // The answer comes from the search's thread: look again soon.
        Some(SearchOutcome::Indexing { .. } | SearchOutcome::Searching) => {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
        _ => {}
    }
    let listed = lib.listed(view);
    let counts = &*view.library_counts;
    let active_doc = state.panes.get(state.active).map(|p| &p.doc);
    let open: Vec<&DocumentId> = state.panes.iter().map(|p| &p.doc).collect();
    let search = current_search(view, &state.library);
    match search.map(|s| &s.outcome) {
        // A query not sent yet: no count of the titles' filter meanwhile.
        None if state.library.search_query().is_some() => {
            search_status_ui(ui, &SearchOutcome::Searching)
        }
        None => {
            let shown = ui.label(format!(
                "{} of {} documents",
                listed.documents,
                view.project.documents.len()
            ));
            let lib = &state.library;
            if listed.documents == 0 && !lib.full_text && !lib.filter.trim().is_empty() {
                // Where else to look, unless the search would only refuse
                // the text: then why, and what to type instead.
                let hint = match Query::parse(&lib.filter, view.project) {
                    Ok(_) => "No title or path has this; tick Search text to look in the articles"
                        .to_owned(),
                    Err(err) => {
                        format!("No title or path has this. As a search of the articles: {err}")
                    }
                };
                wrapped_label(ui, egui::RichText::new(hint).small());
            }
            shown
        }
        Some(outcome) => search_status_ui(ui, outcome),
    };
    let hits: &[Hit] = match search.map(|s| &s.outcome) {
        Some(SearchOutcome::Found(answer)) => &answer.hits,
        _ => &[],
    };
    let answered = match search.map(|s| &s.outcome) {
        None => state.library.search_query().is_none(),
        Some(outcome) => !matches!(
            outcome,
            SearchOutcome::Indexing { .. } | SearchOutcome::Searching
        ),
    };
    if state.library.open_first && answered {
        state.library.open_first = false;
        let first = listed.rows.iter().find_map(|row| match row {
            Row::Doc(id) => Some(UiCommand::OpenDocument {
                doc: id.clone(),
                new_pane: false,
            }),
            Row::Hit(i) => hits.get(*i).map(open_hit),
            Row::Folder { .. } => None,
        });
        out.extend(first);
    }
    // Every row is as tall as a document's (title and details), so only the
    // rows in view are built, in the folder view too.
    let row_height = ui.spacing().interact_size.y
        + ui.spacing().item_spacing.y
        + ui.text_style_height(&egui::TextStyle::Small);
    let step = row_height + ui.spacing().item_spacing.y;
    let mut toggled = None;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            let top = ui.cursor().top();
            let first = ((ui.clip_rect().top() - top) / step).max(0.0) as usize;
            let shown = (ui.clip_rect().height() / step) as usize + 2;
            let rows = first.min(listed.rows.len())..(first + shown).min(listed.rows.len());
            ui.add_space(rows.start as f32 * step);
            for row in &listed.rows[rows.clone()] {
                match row {
                    Row::Folder { path, count, open } => {
                        if folder_row_ui(ui, path, *count, *open, row_height) {
                            toggled = Some(path.clone());
                        }
                    }
                    Row::Doc(id) => {
                        if let Some(doc) = view.project.documents.get(id) {
                            document_row_ui(ui, doc, counts, active_doc, &open, out);
                        }
                    }
                    Row::Hit(i) => {
                        if let Some(hit) = hits.get(*i) {
                            let title = view
                                .project
                                .documents
                                .get(&hit.document)
                                .map(|d| d.title.as_str());
                            hit_row_ui(ui, hit, title, active_doc, out);
                        }
                    }
                }
            }
            ui.add_space((listed.rows.len() - rows.end) as f32 * step);
        });
    if let Some(path) = toggled
        && !state.library.folded.remove(&path)
    {
        state.library.folded.insert(path);
    }
}

/// A folder's header row, `height` tall; true when clicked (fold or unfold).
fn folder_row_ui(ui: &mut egui::Ui, path: &str, count: usize, open: bool, height: f32) -> bool {
    let name = if path.is_empty() {
        "(top folder)"
    } else {
        path
    };
    let mark = if open { "▼" } else { "▶" };
    let size = egui::vec2(ui.available_width(), height);
    let header =
        egui::Button::new(egui::RichText::new(format!("{mark} {name} ({count})")).strong())
            .frame(false)
            .truncate()
            .min_size(size);
    ui.add(header)
        .on_hover_text(if open {
            "Fold this folder"
        } else {
            "Unfold this folder"
        })
        .clicked()
}

/// A label wrapped a few points short of the library's edge, which clips
/// (a message that says what to type instead, in a narrow panel).
fn wrapped_label(ui: &mut egui::Ui, text: egui::RichText) -> egui::Response {
    ui.scope(|ui| {
        ui.set_max_width(ui.available_width() - 6.0);
        ui.add(egui::Label::new(text).wrap())
    })
    .inner
}

/// The line above the search's hits: indexing, searching, the count, or
/// what is wrong with the query.
fn search_status_ui(ui: &mut egui::Ui, outcome: &SearchOutcome) -> egui::Response {
    match outcome {
        SearchOutcome::Indexing { done, files } => {
            ui.horizontal_wrapped(|ui| {
                ui.spinner();
                ui.label("Indexing the corpus for search…");
                // How far, once known: a first index of 100,000 articles
                // takes a minute.
                match (*done, *files) {
                    (_, 0) => {}
                    (done, files) if done < files => {
                        ui.label(format!("{done} of {files} files"));
                    }
                    _ => {
                        ui.label("writing the index");
                    }
                }
            })
            .response
        }
        SearchOutcome::Searching => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Searching…");
            })
            .response
        }
        // Wrapped: a message says what to type instead, and the library is narrow.
        SearchOutcome::Bad(message) => {
            let colour = ui.visuals().error_fg_color;
            wrapped_label(ui, egui::RichText::new(message).color(colour))
        }
        // Words are found whole: a word typed half-way finds nothing yet.
        SearchOutcome::Found(answer) if answer.total == 0 => {
            ui.vertical(|ui| {
                ui.label("No matching document");
                ui.add(
                    egui::Label::new(
                        egui::RichText::new("Words are found whole: plan, not pla").small(),
                    )
                    .wrap(),
                );
            })
            .response
        }
        SearchOutcome::Found(answer) if answer.hits.len() < answer.total => ui.label(format!(
            "{} documents match; the best {} are listed",
            answer.total,
            answer.hits.len()
        )),
        SearchOutcome::Found(answer) => ui.label(counted(answer.total, "matching document")),
    }
}

/// Code points of a snippet shown before its hit in a row: the row is
/// narrow, and the hit must show (the snippet has more before it, for the
/// tooltip and the command line).
const ROW_BEFORE: usize = 12;

/// A hit's snippet as its row shows it: from a few words before the hit,
/// the hit in the strong text colour on the selection's background, the
/// rest in the ordinary text colour (the weak one was too faint for text
/// that is read).
fn snippet_job(ui: &egui::Ui, hit: &Hit) -> egui::text::LayoutJob {
    let text = &hit.snippet;
    let found = hit.in_snippet.clone();
    let found = if found.end <= text.len()
        && text.is_char_boundary(found.start)
        && text.is_char_boundary(found.end)
    {
        found
    } else {
        0..0
    };
    let from = text[..found.start]
        .char_indices()
        .rev()
        .nth(ROW_BEFORE - 1)
        .map_or(0, |(i, _)| i);
    let visuals = ui.visuals();
    let font = egui::TextStyle::Small.resolve(ui.style());
    let plain = egui::TextFormat::simple(font.clone(), visuals.text_color());
    let strong = egui::TextFormat {
        color: visuals.strong_text_color(),
        background: visuals.selection.bg_fill,
        ..egui::TextFormat::simple(font, visuals.strong_text_color())
    };
    let mut job = egui::text::LayoutJob::default();
    job.append(if from > 0 { "    …" } else { "    " }, 0.0, plain.clone());
    job.append(&text[from..found.start], 0.0, plain.clone());
    job.append(&text[found.clone()], 0.0, strong);
    job.append(&text[found.end..], 0.0, plain);
    job
}

/// A search hit's row: the document's title, then the text around the
/// hit; a click opens the document at the hit.
fn hit_row_ui(
    ui: &mut egui::Ui,
    hit: &Hit,
    title: Option<&str>,
    active: Option<&DocumentId>,
    out: &mut Vec<UiCommand>,
) {
    let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let title = title.unwrap_or(hit.document.as_str());
    let button = egui::Button::selectable(
        active == Some(&hit.document),
        egui::RichText::new(title).strong(),
    )
    .truncate()
    .min_size(size);
    let response = ui.add(button).on_hover_text(format!(
        "{}\n{}\nClick: open at the hit",
        hit.document, hit.snippet
    ));
    ui.add(egui::Label::new(snippet_job(ui, hit)).truncate());
    if response.clicked() {
        out.push(open_hit(hit));
    }
}

/// Opens the document of `hit` at the hit (selecting the annotation it is
/// on, if it is on one).
fn open_hit(hit: &Hit) -> UiCommand {
    UiCommand::OpenAt {
        doc: hit.document.clone(),
        span: hit.span,
        annotation: hit.annotation,
    }
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
    fn an_answer_is_the_same_only_as_itself_and_its_address_is_not_reused() {
        let view = |outcome| SearchView {
            text: "okapi".to_owned(),
            outcome,
        };
        let searching = Arc::new(view(SearchOutcome::Searching));
        let key = SameAnswer(Arc::clone(&searching));
        assert_eq!(key, SameAnswer(Arc::clone(&searching)));
        assert_ne!(key, SameAnswer(Arc::new(view(SearchOutcome::Searching))));
        // Dropped by the window, the answer listed is still held by the
        // list's key: the next answer cannot come at its address.
        let address = Arc::as_ptr(&searching);
        drop(searching);
        let found = Arc::new(view(SearchOutcome::Found(Default::default())));
        assert_ne!(Arc::as_ptr(&found), address);
        assert_ne!(key, SameAnswer(found));
    }

    #[test]
    fn the_folder_view_lists_headers_then_documents_and_folds() {
        let project = base_project();
        let mut docs: Vec<DocRecord> = project.documents.values().cloned().collect();
        docs[0].id = DocumentId::from("b/one.txt");
        docs[1].id = DocumentId::from("a/two.txt");
        let extra = DocRecord {
            id: DocumentId::from("top.txt"),
            ..docs[0].clone()
        };
        docs.push(extra);
        let refs: Vec<&DocRecord> = docs.iter().collect();
        let folder = |path: &str, count, open| Row::Folder {
            path: path.to_owned(),
            count,
            open,
        };
        let doc = |id: &str| Row::Doc(DocumentId::from(id));
        assert_eq!(
            folder_rows(&refs, &BTreeSet::new()),
            [
                folder("", 1, true),
                doc("top.txt"),
                folder("a", 1, true),
                doc("a/two.txt"),
                folder("b", 1, true),
                doc("b/one.txt"),
            ]
        );
        let folded = BTreeSet::from(["a".to_owned()]);
        assert_eq!(
            folder_rows(&refs, &folded),
            [
                folder("", 1, true),
                doc("top.txt"),
                folder("a", 1, false),
                folder("b", 1, true),
                doc("b/one.txt"),
            ]
        );
    }

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

    #[test]
    fn counts_add_up_when_documents_and_kinds_interleave_by_id() {
        let mut project = base_project();
        let claim = LabelId::from("claim");
        // Ids 1..=9 go to documents 0, 1, 0, 1, … and every third is a suggestion.
        for id in 1..=9 {
            let mut a = annotation(&project, id, id as usize % 2, 0, 5, &claim);
            if id % 3 == 0 {
                a.status = AnnotationStatus::Suggested {
                    source: "rule:claim".into(),
                    score: 0.5,
                };
            }
            project.annotations.insert(a.id, a);
        }
        let counts = LibraryCounts::of(&project);
        let docs: Vec<&DocumentId> = project.documents.keys().collect();
        // Document 0: ids 2, 4, 6, 8 (6 suggested); document 1: 1, 3, 5, 7, 9 (3, 9).
        assert_eq!(
            (counts.of_document(docs[0]), counts.suggestions_of(docs[0])),
            (3, 1)
        );
        assert_eq!(
            (counts.of_document(docs[1]), counts.suggestions_of(docs[1])),
            (3, 2)
        );
    }
}
