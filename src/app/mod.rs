//! The window: owns the workspace, the history and the UI state; panels read
//! them and send [`Command`]s, which are applied here once per frame.

pub mod command;
mod compare;
pub mod dialogs;
mod reanchor;
pub mod recovery;
pub mod sample;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::SystemTime;

use eframe::egui;

pub use command::{Action, CloseAnswer, Command};
use dialogs::{FileDialogs, PathPrompt, PathPurpose, Picked, PromptResult};
use sample::Recent;

use crate::io::corpus::{Corpus, ImportOptions, Progress};
use crate::io::workspace::{Consistency, Workspace};
use crate::model::{
    Annotation, AnnotationId, AnnotationStatus, DocumentId, Edit, History, LabelId, Link, LinkKind,
    Project, Quote, Sentiment, text::snap_selection,
};
use crate::ui::reader::{Highlight, ReaderState};
use crate::ui::{self, ViewCtx};

/// Most panes side by side.
pub const MAX_PANES: usize = 4;

/// Settings that tests replace: where the app keeps its files, who annotates.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Recent projects, recovery files of unsaved projects, the unpacked sample.
    pub data_dir: PathBuf,
    /// Name written on new annotations.
    pub annotator: String,
}

impl Default for AppConfig {
    fn default() -> Self {
        let annotator = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "analyst".to_owned());
        Self {
            data_dir: sample::data_dir(),
            annotator,
        }
    }
}

/// One reader pane: a document and the reader's own state (selection, scroll).
pub struct Pane {
    pub doc: DocumentId,
    pub reader: ReaderState,
}

impl Pane {
    fn new(doc: DocumentId) -> Self {
        Self {
            doc,
            reader: ReaderState::default(),
        }
    }
}

type CompareKey = (
    DocumentId,
    crate::model::ContentHash,
    DocumentId,
    crate::model::ContentHash,
);

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterClose {
    Quit,
    Open(PathBuf),
}

/// View state: everything on screen that is not the project.
#[derive(Default)]
pub struct UiState {
    pub panes: Vec<Pane>,
    pub active: usize,
    /// The selected annotation (inspector, sentiment keys, Delete, Link).
    pub selected: Option<AnnotationId>,
    /// Set while the user picks the other end of a link.
    pub linking_from: Option<AnnotationId>,
    pub library: ui::library::LibraryState,
    pub inspector: ui::inspector::InspectorState,
    pub labels_window: ui::labels::LabelsWindowState,
    pub export_window: ui::transfer::ExportWindowState,
    pub import_window: ui::transfer::ImportWindowState,
    pub skipped_window: ui::skipped::SkippedWindowState,
    pub orphans_window: ui::orphans::OrphansWindowState,
    pub show_shortcuts: bool,
    pub sync_scroll: bool,
    /// Compare mode: the first two panes lined up paragraph by paragraph.
    pub compare: bool,
    /// The last message for the status bar, and whether it is an error.
    pub message: Option<(String, bool)>,
    pub path_prompt: Option<PathPrompt>,
    /// Set while "save changes?" is asked.
    pub close_prompt: Option<AfterClose>,
    /// A newer recovery file found when the project was opened.
    pub recovery_offer: Option<PathBuf>,
}

struct ExportJob {
    progress: Arc<Mutex<(usize, usize)>>,
    done: mpsc::Receiver<Result<crate::io::export::ExportReport, String>>,
}

struct LoadJob {
    path: PathBuf,
    progress: Arc<Mutex<Progress>>,
    cancel: Arc<AtomicBool>,
    done: mpsc::Receiver<Result<(Workspace, Consistency), String>>,
}

/// The application.
pub struct DiptychApp {
    pub ws: Workspace,
    pub history: History,
    pub ui: UiState,
    config: AppConfig,
    dialogs: Box<dyn FileDialogs>,
    recent: Recent,
    saved_revision: u64,
    commands: Vec<Command>,
    loading: Option<LoadJob>,
    exporting: Option<ExportJob>,
    last_autosave: f64,
    autosaved_revision: u64,
    autosaved_at: Option<String>,
    highlights: HashMap<DocumentId, (u64, Arc<Vec<Highlight>>)>,
    /// The alignment of the first two panes' documents (by id and hash).
    compare_cache: Option<(CompareKey, Arc<ui::panes::CompareView>)>,
    quit_confirmed: bool,
    /// Set when the app asked the window to close (tests read it).
    pub quit_requested: bool,
    window_title: String,
    /// The corpus folder being watched for changed articles.
    watch: Option<reanchor::Watch>,
    /// The number of orphaned annotations, at a history revision.
    orphans: Option<(u64, usize)>,
}

impl DiptychApp {
    /// An app showing `ws`, with the given settings and dialogs.
    pub fn new(
        ws: Workspace,
        consistency: Option<Consistency>,
        config: AppConfig,
        dialogs: Box<dyn FileDialogs>,
    ) -> Self {
        let recent = Recent::load(&config.data_dir);
        let mut app = Self {
            ws: empty_workspace(),
            history: History::default(),
            ui: UiState::default(),
            config,
            dialogs,
            recent,
            saved_revision: 0,
            commands: Vec::new(),
            loading: None,
            exporting: None,
            last_autosave: 0.0,
            autosaved_revision: 0,
            autosaved_at: None,
            highlights: HashMap::new(),
            compare_cache: None,
            quit_confirmed: false,
            quit_requested: false,
            window_title: String::new(),
            watch: None,
            orphans: None,
        };
        app.install(ws, consistency);
        app
    }

    /// An app with nothing open that starts loading `path` in the background.
    pub fn loading(path: &Path, config: AppConfig, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut app = Self::new(empty_workspace(), None, config, dialogs);
        app.start_load(path.to_owned());
        app
    }

    /// True while there are changes not saved to the project file.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    /// True while a folder or project loads in the background.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Queues a command as if a panel had sent it.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Replaces what is shown with a freshly loaded workspace.
    fn install(&mut self, ws: Workspace, consistency: Option<Consistency>) {
        let mut docs: Vec<DocumentId> = ws
            .project
            .view
            .open
            .iter()
            .filter(|d| ws.project.documents.contains_key(*d))
            .cloned()
            .collect();
        if docs.is_empty() {
            docs = ws.project.documents.keys().take(2).cloned().collect();
        }
        docs.truncate(MAX_PANES);
        self.ui.panes = docs.into_iter().map(Pane::new).collect();
        self.ui.active = 0;
        self.ui.selected = None;
        self.ui.linking_from = None;
        self.ui.sync_scroll = ws.project.view.sync_scroll;
        self.history = History::default();
        self.saved_revision = self.history.revision();
        self.autosaved_revision = self.saved_revision;
        self.highlights.clear();
        self.orphans = None;
        self.ui.recovery_offer = None;
        if let Some(path) = &ws.path {
            self.recent.touch(path);
            let rec = recovery::recovery_path(Some(path), &self.config.data_dir, &ws.corpus.root);
            if recovery::has_newer_recovery(path, &rec) {
                self.ui.recovery_offer = Some(rec);
            }
        }
        let changed = consistency
            .as_ref()
            .map(|r| r.changed.clone())
            .unwrap_or_default();
        if let Some(report) = consistency {
            self.ui.message = consistency_message(&report);
        }
        self.ws = ws;
        if !changed.is_empty() {
            self.reanchor_documents(&changed);
        }
    }

    fn start_load(&mut self, path: PathBuf) {
        let progress = Arc::new(Mutex::new(Progress { done: 0, total: 0 }));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (p, c, target) = (progress.clone(), cancel.clone(), path.clone());
        std::thread::spawn(move || {
            let report = |now: Progress| {
                if let Ok(mut slot) = p.lock() {
                    *slot = now;
                }
            };
            let options = ImportOptions::default();
            let result = if target.is_dir() {
                Workspace::from_folder(&target, &options, &report, &c)
                    .map(|ws| (ws, Consistency::default()))
                    .map_err(|e| e.to_string())
            } else {
                Workspace::open(&target, &options, &report, &c).map_err(|e| e.to_string())
            };
            let _ = tx.send(result);
        });
        self.loading = Some(LoadJob {
            path,
            progress,
            cancel,
            done: rx,
        });
    }

    fn start_export(
        &mut self,
        format: crate::io::export::Format,
        options: crate::io::export::ExportOptions,
        out: PathBuf,
    ) {
        if self.exporting.is_some() {
            return;
        }
        let progress = Arc::new(Mutex::new((0, 0)));
        let (tx, rx) = mpsc::channel();
        let ws = self.ws.clone();
        let shared = progress.clone();
        std::thread::spawn(move || {
            let report = |done: usize, total: usize| {
                if let Ok(mut slot) = shared.lock() {
                    *slot = (done, total);
                }
            };
            let result = crate::io::export::export(&ws, format, &options, &out, &report)
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
        });
        self.exporting = Some(ExportJob { progress, done: rx });
    }

    fn poll_export(&mut self) {
        let Some(job) = &self.exporting else {
            return;
        };
        let result = match job.done.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                Err("the export stopped unexpectedly".to_owned())
            }
        };
        self.exporting = None;
        self.ui.message = Some(match result {
            Ok(report) => {
                let unit = report
                    .offset_unit
                    .map_or(String::new(), |u| format!(", {u} offsets"));
                let first = report
                    .files
                    .first()
                    .map_or(String::new(), |f| f.display().to_string());
                let warnings = match report.warnings.len() {
                    0 => String::new(),
                    n => format!("; {n} warning(s), first: {}", report.warnings[0]),
                };
                self.ui.export_window.open = false;
                (
                    format!(
                        "Exported {} spans of {} documents{unit} to {first}{warnings}",
                        report.spans, report.documents
                    ),
                    false,
                )
            }
            Err(err) => (format!("Export failed: {err}"), true),
        });
    }

    fn import(
        &mut self,
        format: crate::io::import::ImportFormat,
        file: &Path,
        settings: &crate::io::import::ImportSettings,
    ) {
        match crate::io::import::plan(&self.ws, format, file, settings) {
            Ok(plan) => {
                let report = plan.report;
                if self.edit(plan.edit) {
                    let mut message = format!(
                        "Imported {} annotations ({} suggestions) and {} links from {}",
                        report.annotations,
                        report.suggestions,
                        report.links,
                        file.display()
                    );
                    let left_out = report.unmatched.len() + report.skipped.len();
                    if left_out > 0 {
                        let first = report
                            .unmatched
                            .iter()
                            .chain(&report.skipped)
                            .next()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        message.push_str(&format!("; {left_out} not imported, first: {first}"));
                    }
                    self.ui.import_window.open = false;
                    self.ui.message = Some((message, left_out > 0));
                }
            }
            Err(err) => self.ui.message = Some((format!("Import failed: {err}"), true)),
        }
    }

    fn poll_load(&mut self) {
        let Some(job) = &self.loading else {
            return;
        };
        match job.done.try_recv() {
            Ok(Ok((ws, report))) => {
                self.loading = None;
                self.install(ws, Some(report));
            }
            Ok(Err(err)) => {
                let cancelled = job.cancel.load(Ordering::Relaxed);
                self.loading = None;
                self.ui.message = Some(if cancelled {
                    ("Loading cancelled".to_owned(), false)
                } else {
                    (err, true)
                });
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                self.loading = None;
                self.ui.message = Some(("Loading stopped unexpectedly".to_owned(), true));
            }
        }
    }

    /// Opens a folder or project, asking first about unsaved changes.
    fn request_open(&mut self, path: PathBuf) {
        if self.is_dirty() {
            self.ui.close_prompt = Some(AfterClose::Open(path));
        } else {
            self.start_load(path);
        }
    }

    /// Saves to the project's file, or asks where.
    fn save(&mut self) {
        match self.ws.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.save_as(),
        }
    }

    fn save_as(&mut self) {
        let suggested = format!("{}.ron", self.ws.project.name);
        match self.dialogs.save_project(&suggested) {
            Picked::Path(path) => self.save_to(&path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let start = self
                    .ws
                    .path
                    .as_ref()
                    .map_or_else(|| suggested.clone(), |p| p.display().to_string());
                self.ui.path_prompt = Some(PathPrompt::new(PathPurpose::SaveProject, start));
            }
        }
    }

    /// Saves to `path`; a failure is shown and everything stays in memory.
    pub fn save_to(&mut self, path: &Path) {
        self.ws.project.view.open = self.ui.panes.iter().map(|p| p.doc.clone()).collect();
        self.ws.project.view.sync_scroll = self.ui.sync_scroll;
        let old_recovery = self.recovery_file();
        match self.ws.save_as(path) {
            Ok(()) => {
                self.saved_revision = self.history.revision();
                self.autosaved_revision = self.saved_revision;
                recovery::remove_recovery(&old_recovery);
                recovery::remove_recovery(&self.recovery_file());
                self.recent.touch(path);
                self.ui.message = Some((format!("Saved {}", path.display()), false));
            }
            Err(err) => {
                self.ui.message = Some((
                    format!("{err}. Your work is still open; try another place."),
                    true,
                ))
            }
        }
    }

    fn recovery_file(&self) -> PathBuf {
        recovery::recovery_path(
            self.ws.path.as_deref(),
            &self.config.data_dir,
            &self.ws.corpus.root,
        )
    }

    fn autosave(&mut self, now: f64) {
        if !self.is_dirty() || self.history.revision() == self.autosaved_revision {
            self.last_autosave = now;
            return;
        }
        if now - self.last_autosave < recovery::AUTOSAVE_SECONDS {
            return;
        }
        self.autosave_now();
        self.last_autosave = now;
    }

    /// Writes the recovery file now.
    pub fn autosave_now(&mut self) {
        let path = self.recovery_file();
        match recovery::write_recovery(&path, &self.ws.project, &self.ws.corpus.root) {
            Ok(()) => {
                self.autosaved_revision = self.history.revision();
                self.autosaved_at = Some(recovery::clock_hhmm(SystemTime::now()));
            }
            Err(err) => self.ui.message = Some((format!("Autosave failed: {err}"), true)),
        }
    }

    /// Applies an edit as one undo step; a refused edit becomes a message.
    fn edit(&mut self, edit: Edit) -> bool {
        match self.history.apply(&mut self.ws.project, edit) {
            Ok(()) => true,
            Err(err) => {
                self.ui.message = Some((err.to_string(), true));
                false
            }
        }
    }

    fn active_pane(&self) -> Option<&Pane> {
        self.ui.panes.get(self.ui.active)
    }

    fn now() -> jiff::Timestamp {
        jiff::Timestamp::now()
    }

    /// Labels the active pane's selection, or relabels the selected annotation.
    fn label_selection(&mut self, label: LabelId) {
        let Some(pane) = self.active_pane() else {
            return;
        };
        let Some(doc) = self.ws.corpus.get(&pane.doc) else {
            self.ui.message = Some((
                format!("{} is missing from the corpus folder", pane.doc),
                true,
            ));
            return;
        };
        let Some((start, end)) = pane.reader.selection() else {
            if let Some(mut a) = self.selected_annotation().cloned() {
                a.label = label;
                a.modified = Self::now();
                self.edit(Edit::UpdateAnnotation(Box::new(a)));
            } else {
                self.ui.message = Some((
                    "Select some text first, then press a label key".to_owned(),
                    false,
                ));
            }
            return;
        };
        let Some(span) = snap_selection(&doc.text, start.0, end.0) else {
            self.ui.message = Some(("Only whitespace is selected".to_owned(), false));
            return;
        };
        let now = Self::now();
        let annotation = Annotation {
            id: self.ws.project.next_annotation_id(),
            document: doc.id.clone(),
            span,
            label,
            sentiment: None,
            target: None,
            note: String::new(),
            annotator: self.config.annotator.clone(),
            created: now,
            modified: now,
            status: AnnotationStatus::Accepted,
            quote: Quote::capture(&doc.text, span),
            orphaned: false,
        };
        let id = annotation.id;
        if self.edit(Edit::AddAnnotation(Box::new(annotation))) {
            self.ui.selected = Some(id);
            if let Some(pane) = self.ui.panes.get_mut(self.ui.active) {
                pane.reader.clear_selection();
            }
        }
    }

    /// The selected annotation, if it still exists.
    pub fn selected_annotation(&self) -> Option<&Annotation> {
        self.ws.project.annotations.get(&self.ui.selected?)
    }

    fn set_sentiment(&mut self, sentiment: Option<Sentiment>) {
        let Some(mut a) = self.selected_annotation().cloned() else {
            self.ui.message = Some(("Select an annotation first".to_owned(), false));
            return;
        };
        a.sentiment = if a.sentiment == sentiment {
            None
        } else {
            sentiment
        };
        a.modified = Self::now();
        self.edit(Edit::UpdateAnnotation(Box::new(a)));
    }

    /// Selects `id` and scrolls a pane showing its document to it.
    fn reveal(&mut self, id: AnnotationId, prefer_other_pane: bool) {
        let Some(a) = self.ws.project.annotations.get(&id) else {
            return;
        };
        if a.orphaned {
            self.ui.selected = Some(id);
            self.ui.orphans_window.open = true;
            return;
        }
        let (doc, span) = (a.document.clone(), a.span);
        let showing: Vec<usize> = (0..self.ui.panes.len())
            .filter(|&i| self.ui.panes[i].doc == doc)
            .collect();
        let pane = match showing
            .iter()
            .find(|&&i| !prefer_other_pane || i != self.ui.active)
        {
            Some(&i) => i,
            None if prefer_other_pane && self.ui.panes.len() < MAX_PANES => {
                self.ui.panes.push(Pane::new(doc));
                self.ui.panes.len() - 1
            }
            None if !showing.is_empty() => showing[0],
            None => {
                let target = if prefer_other_pane && self.ui.panes.len() > 1 {
                    (self.ui.active + 1) % self.ui.panes.len()
                } else {
                    self.ui.active
                };
                match self.ui.panes.get_mut(target) {
                    Some(p) => *p = Pane::new(doc),
                    None => self.ui.panes.push(Pane::new(doc)),
                }
                target.min(self.ui.panes.len() - 1)
            }
        };
        self.ui.panes[pane].reader.scroll_to(if prefer_other_pane {
            span.end
        } else {
            span.start
        });
        self.ui.selected = Some(id);
    }

    fn step_annotation(&mut self, forward: bool) {
        let Some(pane) = self.active_pane() else {
            return;
        };
        let mut list = self.ws.project.annotations_of(&pane.doc);
        list.retain(|a| !a.orphaned);
        if list.is_empty() {
            return;
        }
        let current = self
            .ui
            .selected
            .and_then(|id| list.iter().position(|a| a.id == id));
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => list.len() - 1,
            (Some(i), true) => (i + 1) % list.len(),
            (Some(i), false) => (i + list.len() - 1) % list.len(),
        };
        let id = list[next].id;
        self.reveal(id, false);
    }

    /// Computes suggestions for every document and adds them as one undoable step.
    fn suggest(&mut self) {
        let found = crate::analysis::suggest::suggest(&self.ws.project, &self.ws.corpus.documents);
        let edit = crate::analysis::suggest::suggestions_edit(
            &self.ws.project,
            &self.ws.corpus.documents,
            &found,
            "diptych",
            Self::now(),
        );
        match edit {
            Some(edit) => {
                if self.edit(edit) {
                    let message = format!(
                        "{} suggestions added (faded): A accepts, R rejects the one selected or under the caret",
                        found.len()
                    );
                    self.ui.message = Some((message, false));
                }
            }
            None => self.ui.message = Some(("No new suggestions".to_owned(), false)),
        }
    }

    /// The suggestion to accept or reject: the selected annotation if it is
    /// one, else the suggestion under the caret of the active pane.
    pub fn target_suggestion(&self) -> Option<AnnotationId> {
        if let Some(a) = self.selected_annotation()
            && a.status.is_suggested()
        {
            return Some(a.id);
        }
        let pane = self.active_pane()?;
        let caret = pane.reader.caret();
        self.ws
            .project
            .annotations_of(&pane.doc)
            .into_iter()
            .filter(|a| !a.orphaned && a.status.is_suggested())
            .filter(|a| a.span.start <= caret && caret <= a.span.end)
            .min_by_key(|a| a.span.len())
            .map(|a| a.id)
    }

    fn decide_suggestion(&mut self, accept: bool) {
        let Some(id) = self.target_suggestion() else {
            self.ui.message = Some((
                "No suggestion is selected or under the caret".to_owned(),
                false,
            ));
            return;
        };
        let edit = if accept {
            crate::model::accept_suggestion_edit(&self.ws.project, id)
        } else {
            crate::model::reject_suggestion_edit(&self.ws.project, id)
        };
        match edit {
            Ok(edit) => {
                if self.edit(edit) && !accept {
                    self.ui.selected = None;
                }
            }
            Err(err) => self.ui.message = Some((err.to_string(), true)),
        }
    }

    fn accept_all_of_label(&mut self) {
        let Some(a) = self
            .target_suggestion()
            .and_then(|id| self.ws.project.annotations.get(&id))
        else {
            self.ui.message = Some(("Select a suggestion first".to_owned(), false));
            return;
        };
        let (doc, label) = (a.document.clone(), a.label.clone());
        let edits: Vec<Edit> = self
            .ws
            .project
            .annotations_of(&doc)
            .into_iter()
            .filter(|s| s.status.is_suggested() && !s.orphaned && s.label == label)
            .filter_map(|s| crate::model::accept_suggestion_edit(&self.ws.project, s.id).ok())
            .collect();
        let n = edits.len();
        if self.edit(Edit::Batch(edits)) {
            let name = self.ws.project.labels.name_of(&label).to_owned();
            self.ui.message = Some((format!("Accepted {n} {name} suggestions"), false));
        }
    }

    fn link_to(&mut self, to: AnnotationId) {
        let Some(from) = self.ui.linking_from.take() else {
            return;
        };
        if from == to {
            self.ui.message = Some(("Pick a different annotation to link to".to_owned(), false));
            self.ui.linking_from = Some(from);
            return;
        }
        let link = Link {
            id: self.ws.project.next_link_id(),
            from,
            to,
            kind: LinkKind::SameClaim,
            note: String::new(),
        };
        if self.edit(Edit::AddLink(link)) {
            self.ui.message = Some((
                "Linked (same claim); change the kind in the inspector".to_owned(),
                false,
            ));
        }
    }

    fn undo(&mut self, redo: bool) {
        let result = if redo {
            self.history.redo(&mut self.ws.project)
        } else {
            self.history.undo(&mut self.ws.project)
        };
        match result {
            Ok(Some(name)) => {
                let verb = if redo { "Redid" } else { "Undid" };
                self.ui.message = Some((format!("{verb} {name}"), false));
            }
            Ok(None) => {}
            Err(err) => self.ui.message = Some((err.to_string(), true)),
        }
        if self.selected_annotation().is_none() {
            self.ui.selected = None;
        }
    }

    fn open_document(&mut self, doc: DocumentId, new_pane: bool) {
        if new_pane && self.ui.panes.len() < MAX_PANES {
            self.ui.panes.push(Pane::new(doc));
            self.ui.active = self.ui.panes.len() - 1;
        } else if let Some(pane) = self.ui.panes.get_mut(self.ui.active) {
            if pane.doc != doc {
                *pane = Pane::new(doc);
            }
        } else {
            self.ui.panes.push(Pane::new(doc));
            self.ui.active = 0;
        }
    }

    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewFromFolder => match self.dialogs.pick_folder() {
                Picked::Path(path) => self.request_open(path),
                Picked::Cancelled => {}
                Picked::Unavailable => {
                    self.ui.path_prompt =
                        Some(PathPrompt::new(PathPurpose::OpenFolder, String::new()))
                }
            },
            Action::OpenProject => match self.dialogs.pick_project() {
                Picked::Path(path) => self.request_open(path),
                Picked::Cancelled => {}
                Picked::Unavailable => {
                    self.ui.path_prompt =
                        Some(PathPrompt::new(PathPurpose::OpenProject, String::new()));
                }
            },
            Action::Save => self.save(),
            Action::SaveAs => self.save_as(),
            Action::Export => self.ui.export_window.open = true,
            Action::Import => self.ui.import_window.open = true,
            Action::Quit => self.quit(ctx),
            Action::Undo => self.undo(false),
            Action::Redo => self.undo(true),
            Action::DeleteAnnotation => {
                if let Some(id) = self.ui.selected.take() {
                    self.edit(Edit::RemoveAnnotation(id));
                }
            }
            Action::NextAnnotation => self.step_annotation(true),
            Action::PreviousAnnotation => self.step_annotation(false),
            Action::ClearSelection => {
                if self.ui.linking_from.take().is_some() {
                    self.ui.message = Some(("Linking cancelled".to_owned(), false));
                } else if let Some(pane) = self.ui.panes.get_mut(self.ui.active)
                    && pane.reader.selection().is_some()
                {
                    pane.reader.clear_selection();
                } else {
                    self.ui.selected = None;
                }
            }
            Action::StartLink => match self.ui.selected {
                Some(id) => {
                    self.ui.linking_from = Some(id);
                    self.ui.message = Some((
                        "Link: click the other annotation, in another pane (Esc cancels)"
                            .to_owned(),
                        false,
                    ));
                }
                None => {
                    self.ui.message =
                        Some(("Select the annotation to link first".to_owned(), false))
                }
            },
            Action::Suggest => self.suggest(),
            Action::AcceptSuggestion => self.decide_suggestion(true),
            Action::RejectSuggestion => self.decide_suggestion(false),
            Action::AcceptAllOfLabel => self.accept_all_of_label(),
            Action::SentimentPositive
            | Action::SentimentNegative
            | Action::SentimentNeutral
            | Action::SentimentMixed => {
                self.set_sentiment(action.sentiment());
            }
            Action::AddPane => {
                if self.ui.panes.len() < MAX_PANES {
                    let shown: BTreeSet<&DocumentId> =
                        self.ui.panes.iter().map(|p| &p.doc).collect();
                    let doc = self
                        .ws
                        .project
                        .documents
                        .keys()
                        .find(|d| !shown.contains(d))
                        .or_else(|| self.ws.project.documents.keys().next())
                        .cloned();
                    if let Some(doc) = doc {
                        self.ui.panes.push(Pane::new(doc));
                        self.ui.active = self.ui.panes.len() - 1;
                    }
                }
            }
            Action::ToggleSyncScroll => self.ui.sync_scroll = !self.ui.sync_scroll,
            Action::ToggleCompare => self.ui.compare = !self.ui.compare && self.ui.panes.len() >= 2,
            Action::ToggleTheme => {
                let dark = ctx.theme() == egui::Theme::Dark;
                ctx.set_theme(if dark {
                    egui::Theme::Light
                } else {
                    egui::Theme::Dark
                });
            }
            Action::ZoomIn => ctx.set_zoom_factor((ctx.zoom_factor() + 0.1).min(3.0)),
            Action::ZoomOut => ctx.set_zoom_factor((ctx.zoom_factor() - 0.1).max(0.5)),
            Action::ZoomReset => ctx.set_zoom_factor(1.0),
            Action::EditLabels => self.ui.labels_window.open = true,
            Action::FocusFilter => self.ui.library.focus_filter = true,
            Action::ShowSkipped => self.ui.skipped_window.open = !self.ui.skipped_window.open,
            Action::ShowOrphans => self.ui.orphans_window.open = !self.ui.orphans_window.open,
            Action::ShowShortcuts => self.ui.show_shortcuts = !self.ui.show_shortcuts,
        }
    }

    fn quit(&mut self, ctx: &egui::Context) {
        if self.is_dirty() && !self.quit_confirmed {
            self.ui.close_prompt = Some(AfterClose::Quit);
        } else {
            self.quit_requested = true;
            self.quit_confirmed = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn answer_close(&mut self, ctx: &egui::Context, answer: CloseAnswer) {
        let Some(after) = self.ui.close_prompt.take() else {
            return;
        };
        match answer {
            CloseAnswer::Cancel => return,
            CloseAnswer::Save => {
                self.save();
                if self.is_dirty() {
                    // Saving failed or needs a path: stay, with the message shown.
                    return;
                }
            }
            CloseAnswer::Discard => {
                recovery::remove_recovery(&self.recovery_file());
                self.saved_revision = self.history.revision();
            }
        }
        match after {
            AfterClose::Quit => {
                self.quit_confirmed = true;
                self.quit(ctx);
            }
            AfterClose::Open(path) => self.start_load(path),
        }
    }

    fn recover(&mut self, restore: bool) {
        let Some(path) = self.ui.recovery_offer.take() else {
            return;
        };
        if !restore {
            recovery::remove_recovery(&path);
            return;
        }
        match recovery::read_recovery(&path) {
            Ok(mut project) => {
                // Keep the project's own corpus path; the recovery file holds an absolute one.
                project.corpus_root = self.ws.project.corpus_root.clone();
                // The restored state is one undoable step away from the saved file.
                let edits = crate::model::edit::edits_between(&self.ws.project, &project);
                self.ws.project.view = project.view;
                if !edits.is_empty() && self.edit(Edit::Batch(edits)) {
                    self.ui.message = Some((
                        "Restored unsaved work from the recovery file".to_owned(),
                        false,
                    ));
                }
            }
            Err(err) => self.ui.message = Some((format!("Cannot restore: {err}"), true)),
        }
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // The panels were drawn before these took effect: draw again.
            ctx.request_repaint();
        }
        for command in commands {
            match command {
                Command::Action(action) => self.run_action(ctx, action),
                Command::OpenPath(path) => self.request_open(path),
                Command::SaveTo(path) => self.save_to(&path),
                Command::LabelSelection(label) => self.label_selection(label),
                Command::SetSentiment(s) => self.set_sentiment(s),
                Command::UpdateAnnotation(mut a) => {
                    a.modified = Self::now();
                    self.edit(Edit::UpdateAnnotation(a));
                }
                Command::Edit(edit) => {
                    self.edit(edit);
                }
                Command::Select(id) => {
                    self.ui.selected = id;
                    if let Some(id) = id {
                        self.reveal(id, false);
                    }
                }
                Command::LinkTo(id) => self.link_to(id),
                Command::RemoveLink(id) => {
                    self.edit(Edit::RemoveLink(id));
                }
                Command::PlaceOrphan(id) => self.place_orphan(id),
                Command::Reveal(id) => self.reveal(id, true),
                Command::SetDocFields(document, fields) => {
                    self.edit(Edit::SetDocFields { document, fields });
                }
                Command::OpenDocument { doc, new_pane } => self.open_document(doc, new_pane),
                Command::SetPaneDocument { pane, doc } => {
                    if let Some(p) = self.ui.panes.get_mut(pane) {
                        *p = Pane::new(doc);
                        self.ui.active = pane;
                    }
                }
                Command::ClosePane(i) => {
                    if i < self.ui.panes.len() && self.ui.panes.len() > 1 {
                        self.ui.panes.remove(i);
                        self.ui.active = self.ui.active.min(self.ui.panes.len() - 1);
                    }
                }
                Command::MovePane { pane, by } => {
                    let to = pane as isize + by;
                    if pane < self.ui.panes.len() && to >= 0 && (to as usize) < self.ui.panes.len()
                    {
                        self.ui.panes.swap(pane, to as usize);
                        self.ui.active = to as usize;
                    }
                }
                Command::ActivatePane(i) => {
                    self.ui.active = i.min(self.ui.panes.len().saturating_sub(1))
                }
                Command::Recover(restore) => self.recover(restore),
                Command::CloseAnswer(answer) => self.answer_close(ctx, answer),
                Command::Export {
                    format,
                    options,
                    output,
                } => self.start_export(format, *options, output),
                Command::Import {
                    format,
                    file,
                    settings,
                } => self.import(format, &file, &settings),
            }
        }
    }

    /// Reads the key bindings of every action (most specific first) and of the label keys.
    fn read_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused();
        let modal_open = self.ui.path_prompt.is_some()
            || self.ui.close_prompt.is_some()
            || self.ui.recovery_offer.is_some();
        if modal_open {
            return;
        }
        for action in Action::ALL {
            if typing && action.is_plain_key() {
                continue;
            }
            let bindings = [action.shortcut(), action.alternative()];
            for shortcut in bindings.into_iter().flatten() {
                if ctx.input_mut(|i| consume_exact(i, &shortcut)) {
                    self.commands.push(Command::Action(action));
                }
            }
        }
        if typing {
            return;
        }
        for (n, key) in command::LABEL_KEYS.iter().enumerate() {
            let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::NONE, *key);
            if ctx.input_mut(|i| consume_exact(i, &shortcut))
                && let Some(label) = self.ws.project.labels.by_key(n as u8 + 1)
            {
                self.commands
                    .push(Command::LabelSelection(label.id.clone()));
            }
        }
    }

    /// The alignment of the first two panes, computed once per pair of texts.
    fn compare_view(&mut self) -> Option<Arc<ui::panes::CompareView>> {
        if !self.ui.compare || self.ui.panes.len() < 2 {
            return None;
        }
        let a = self.ws.corpus.get(&self.ui.panes[0].doc)?;
        let b = self.ws.corpus.get(&self.ui.panes[1].doc)?;
        let key = (a.id.clone(), a.hash.clone(), b.id.clone(), b.hash.clone());
        if let Some((k, view)) = &self.compare_cache
            && *k == key
        {
            return Some(view.clone());
        }
        let view = Arc::new(compare::compare_view(&a.text, &b.text));
        self.compare_cache = Some((key, view.clone()));
        Some(view)
    }

    fn highlights_for(&mut self, doc: &DocumentId) -> Arc<Vec<Highlight>> {
        let revision = self.history.revision();
        if let Some((rev, list)) = self.highlights.get(doc)
            && *rev == revision
        {
            return list.clone();
        }
        let text = self.ws.corpus.get(doc).map_or("", |d| &d.text);
        let list = Arc::new(ui::build_highlights(&self.ws.project, doc, text));
        self.highlights
            .insert(doc.clone(), (revision, list.clone()));
        list
    }

    /// Draws the whole window and applies what the user asked for. Tests call this directly.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_load();
        self.poll_export();
        self.watch_corpus(&ctx);
        if self.loading.is_some() || self.exporting.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.quit_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ui.close_prompt = Some(AfterClose::Quit);
        }
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .find_map(|f| Some(f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()))
        });
        if let Some(path) = dropped {
            self.commands.push(Command::OpenPath(path));
        }
        self.read_shortcuts(&ctx);
        let highlights: Vec<Arc<Vec<Highlight>>> = {
            let docs: Vec<DocumentId> = self.ui.panes.iter().map(|p| p.doc.clone()).collect();
            docs.iter().map(|d| self.highlights_for(d)).collect()
        };
        let loading = self.loading.as_ref().map(|job| {
            let progress = job
                .progress
                .lock()
                .map(|p| *p)
                .unwrap_or(Progress { done: 0, total: 0 });
            (job.path.clone(), progress)
        });
        let compare = self.compare_view();
        let orphans = self.orphan_count();
        let view = ViewCtx {
            project: &self.ws.project,
            corpus: &self.ws.corpus,
            history: &self.history,
            project_path: self.ws.path.as_deref(),
            dirty: self.is_dirty(),
            autosaved_at: self.autosaved_at.as_deref(),
            recent: &self.recent.paths,
            loading,
            compare,
            orphans,
        };
        let mut cancel_load = false;
        ui::window_ui(
            ui,
            &view,
            &mut self.ui,
            &highlights,
            &mut self.commands,
            &mut cancel_load,
        );
        let export_progress = self
            .exporting
            .as_ref()
            .map(|job| job.progress.lock().map(|p| *p).unwrap_or((0, 0)));
        ui::transfer::export_window_ui(
            &ctx,
            &view,
            &mut self.ui.export_window,
            export_progress,
            &mut self.commands,
        );
        ui::transfer::import_window_ui(&ctx, &mut self.ui.import_window, &mut self.commands);
        if cancel_load && let Some(job) = &self.loading {
            job.cancel.store(true, Ordering::Relaxed);
        }
        if let Some(prompt) = &mut self.ui.path_prompt {
            match prompt.ui(&ctx) {
                PromptResult::Pending => {}
                PromptResult::Cancelled => self.ui.path_prompt = None,
                PromptResult::Accepted(path) => {
                    let purpose = prompt.purpose;
                    self.ui.path_prompt = None;
                    self.commands.push(match purpose {
                        PathPurpose::SaveProject => Command::SaveTo(path),
                        PathPurpose::OpenFolder | PathPurpose::OpenProject => {
                            Command::OpenPath(path)
                        }
                    });
                }
            }
        }
        self.apply_commands(&ctx);
        self.autosave(ctx.input(|i| i.time));
        let title = format!(
            "{}{} — Diptych",
            self.ws.project.name,
            if self.is_dirty() { " •" } else { "" }
        );
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// The window title the app last set.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }
}

/// Consumes a key press whose modifiers are exactly those of `shortcut`
/// (so that Alt+P is not P, and Ctrl+Shift+Z is not Ctrl+Z).
fn consume_exact(input: &mut egui::InputState, shortcut: &egui::KeyboardShortcut) -> bool {
    let same = |m: egui::Modifiers, p: egui::Modifiers| {
        m.alt == p.alt && m.shift == p.shift && (m.ctrl || m.command) == (p.ctrl || p.command)
    };
    let mut hit = false;
    input.events.retain(|event| {
        let is_it = matches!(event, egui::Event::Key { key, pressed: true, modifiers, .. }
            if *key == shortcut.logical_key && same(*modifiers, shortcut.modifiers));
        hit |= is_it;
        !is_it
    });
    hit
}

fn consistency_message(report: &Consistency) -> Option<(String, bool)> {
    if report.is_clean() && report.new_documents.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !report.changed.is_empty() {
        parts.push(format!("{} changed on disk", report.changed.len()));
    }
    if !report.missing.is_empty() {
        parts.push(format!("{} missing", report.missing.len()));
    }
    if !report.quote_mismatches.is_empty() {
        parts.push(format!(
            "{} annotations no longer match their text",
            report.quote_mismatches.len()
        ));
    }
    if !report.new_documents.is_empty() {
        parts.push(format!(
            "{} new documents added",
            report.new_documents.len()
        ));
    }
    Some((
        format!("Documents: {}", parts.join(", ")),
        !report.is_clean(),
    ))
}

fn empty_workspace() -> Workspace {
    Workspace {
        path: None,
        project: Project::new("No project", "."),
        corpus: Corpus::default(),
    }
}

impl eframe::App for DiptychApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        DiptychApp::ui(self, ui);
    }
}

/// Opens the window on a project file or a folder (or the sample project) and runs until it closes.
pub fn run(path: Option<&Path>) -> anyhow::Result<()> {
    let config = AppConfig::default();
    let path = match path {
        Some(path) => path.to_owned(),
        None => sample::sample_project(&config.data_dir)?,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Diptych")
            .with_app_id("diptych")
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([720.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "diptych",
        options,
        Box::new(move |cc| {
            ui::fonts::install(&cc.egui_ctx);
            cc.egui_ctx
                .options_mut(|o| o.theme_preference = egui::ThemePreference::System);
            Ok(Box::new(DiptychApp::loading(
                &path,
                config,
                Box::new(dialogs::NativeDialogs::default()),
            )))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
