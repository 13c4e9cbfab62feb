//! The project file: opening (and what is shown after), saving, autosave to
//! the recovery file, restoring from it, and the unsaved-changes question.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use eframe::egui;

use super::{DiptychApp, recovery};
use crate::io::atomic::FileVersion;
use crate::io::corpus::Corpus;
use crate::io::export::Format;
use crate::io::lock::ProjectLock;
use crate::io::search::Tags;
use crate::io::workspace::{Checked, Consistency, Workspace, file_stem, project_folder};
use crate::model::{DocRecord, DocumentId, Edit, History};
use crate::ui::command::{AfterClose, CloseAnswer, StatusMessage};
use crate::ui::counted;
use crate::ui::path_prompt::{PathPrompt, PathPurpose};

use super::dialogs::Picked;

/// Where autosave stands.
#[derive(Default)]
pub(super) struct Autosave {
    /// The frame time of the last autosave (or of the last clean state).
    last: f64,
    /// The history revision the recovery file holds.
    revision: u64,
    /// Wall-clock time of the last autosave, for the status bar.
    pub(super) at: Option<String>,
}

impl DiptychApp {
    /// Replaces what is shown with a freshly loaded workspace, whose
    /// project file was read at `version` (`None`: the file as it is now),
    /// with every document's tags for the search's filters when they were
    /// made as it was loaded.
    pub(super) fn install(
        &mut self,
        mut ws: Workspace,
        consistency: Option<Consistency>,
        version: Option<FileVersion>,
        tags: Option<Tags>,
    ) {
        let fallback: Vec<DocumentId> = ws.project.documents.keys().take(2).cloned().collect();
        let documents = &ws.project.documents;
        self.ui
            .restore_view(&ws.view, |d| documents.contains_key(d), fallback);
        self.history = History::default();
        self.saved_state = self.history.state();
        self.autosave.revision = self.history.revision();
        self.caches.new_workspace();
        if self.jobs.reading().is_some() {
            self.caches.search.wait_for_corpus();
        } else {
            self.caches.search.start(&ws.corpus, &self.config.cache_dir);
        }
        if let Some(tags) = tags {
            // Made of the project as loaded: before the edits below.
            (self.caches.search).hold_tags(tags, self.history.revision());
        }
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
        // Files that appeared in the folder since the project was saved are
        // listed through an edit, as the watcher lists them while it runs:
        // undoable, and the project shows unsaved changes.
        let listed: Vec<Edit> = consistency
            .iter()
            .flat_map(|r| &r.new_documents)
            .filter_map(|id| ws.project.documents.remove(id))
            .map(|record| Edit::AddDocument(Box::new(record)))
            .collect();
        if let Some(report) = consistency {
            // Said through `say`, so that an error is logged.
            self.ui.message = None;
            if let Some(message) = consistency_message(&report) {
                self.say(message);
            }
        }
        self.ws = ws;
        let version = version.or_else(|| self.ws.path.as_deref().and_then(on_disk));
        self.disk.known(version, None);
        self.take_disk_changes(listed, &changed);
        self.restore_if_asked();
        if let Some(path) = &self.ws.path {
            tracing::info!(
                project = %path.display(),
                documents = self.ws.project.documents.len(),
                annotations = self.ws.project.annotations.len(),
                links = self.ws.project.links.len(),
                "project shown"
            );
        }
    }

    /// Takes the whole corpus of the project shown (which showed only its
    /// first documents until now), and what checking it against the
    /// project as parsed found: new files are listed and changed ones
    /// re-anchored through edits, as [`DiptychApp::install`] does.
    pub(super) fn take_corpus(&mut self, mut corpus: Corpus, checked: Checked) {
        corpus.revision = self.ws.corpus.revision + 1;
        let report = checked.against(&self.ws.project, &corpus);
        let listed: Vec<Edit> = (report.new_documents.iter())
            .filter(|id| !self.ws.project.documents.contains_key(*id))
            .filter_map(|id| corpus.get(id))
            .map(|doc| Edit::AddDocument(Box::new(DocRecord::of(doc))))
            .collect();
        self.ws.corpus = corpus;
        self.caches
            .search
            .start_keeping_tags(&self.ws.corpus, &self.config.cache_dir);
        if let Some(message) = consistency_message(&report) {
            self.say(message);
        }
        self.take_disk_changes(listed, &report.changed);
    }

    /// Opens a folder or project, asking first about unsaved changes.
    pub(super) fn request_open(&mut self, path: PathBuf) {
        if self.is_dirty() {
            self.ui.close_prompt = Some(AfterClose::Open(path));
        } else {
            self.start_load(path);
        }
    }

    /// File › New project from folder: a native dialog, or the path field.
    pub(super) fn pick_folder(&mut self) {
        match self.dialogs.pick_folder() {
            Picked::Path(path) => self.request_open(path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                self.ui.path_prompt = Some(PathPrompt::new(PathPurpose::OpenFolder, String::new()))
            }
        }
    }

    /// File › Open project: a native dialog, or the path field.
    pub(super) fn pick_project(&mut self) {
        match self.dialogs.pick_project() {
            Picked::Path(path) => self.request_open(path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                self.ui.path_prompt =
                    Some(PathPrompt::new(PathPurpose::OpenProject, String::new()));
            }
        }
    }

    /// Saves to the project's file, or asks where.
    pub(super) fn save(&mut self) {
        match self.ws.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.save_as(),
        }
    }

    /// File › Save as: a native dialog, or the path field, starting at the
    /// project's file, or at `NAME.ron` in the project's folder
    /// ([`project_folder`]) when it has none yet.
    pub(super) fn save_as(&mut self) {
        let suggested = match &self.ws.path {
            Some(path) => std::path::absolute(path).unwrap_or_else(|_| path.clone()),
            None => project_folder(None, &self.ws.corpus.root)
                .join(format!("{}.ron", file_stem(&self.ws.project.name))),
        };
        match self.dialogs.save_project(&suggested) {
            Picked::Path(path) => self.save_to(&path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let start = suggested.display().to_string();
                self.ui.path_prompt = Some(PathPrompt::new(PathPurpose::SaveProject, start));
            }
        }
    }

    /// The Export window's Browse…: a native dialog, or the path field,
    /// starting at `current`; the path chosen goes into the window's field.
    pub(super) fn browse_export(&mut self, format: Format, current: PathBuf) {
        match self.dialogs.save_export(&current, format) {
            Picked::Path(path) => self.ui.export_window.choose_output(path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let start = current.display().to_string();
                self.ui.path_prompt = Some(PathPrompt::new(PathPurpose::ExportTo, start));
            }
        }
    }

    /// Saves to `path`, with the panes open now as the view saved beside the
    /// project, holding the project's lock; a failure is shown and
    /// everything stays in memory. The file this window loaded is not
    /// replaced when another program saved it since.
    pub fn save_to(&mut self, path: &Path) {
        if self.save_waits_for_answer(path) {
            return;
        }
        self.ws.view = self.ui.view_state();
        let old_recovery = self.recovery_file();
        let message = match self.write_locked(path) {
            Ok(version) => {
                self.history.mark();
                self.disk.known(version, None);
                self.ui.on_disk.settled();
                self.mark_saved();
                recovery::remove_recovery(&old_recovery);
                recovery::remove_recovery(&self.recovery_file());
                self.recent.touch(path);
                StatusMessage::info(format!("Saved {}", path.display()))
            }
            Err(SaveError::Changed) => return self.changed_before_save(path),
            Err(SaveError::Failed(err)) => StatusMessage::error(format!(
                "{err}. Your work is still open; save again later, or Save as another file."
            )),
        };
        self.say(message);
    }

    /// Writes the project to `path` while holding its lock, refusing to
    /// replace the file this window loaded if another program saved it
    /// since; returns the version written.
    fn write_locked(&mut self, path: &Path) -> Result<Option<FileVersion>, SaveError> {
        let _lock = ProjectLock::acquire(path, "diptych (window)", Duration::ZERO)
            .map_err(|err| SaveError::Failed(err.to_string()))?;
        let same = self.ws.path.as_deref().is_some_and(|p| same_file(p, path));
        if same && self.disk.version.is_none() && path.exists() {
            // The file was removed, and a file is there again: another
            // program's, not seen here.
            return Err(SaveError::Changed);
        }
        match self.disk.version.filter(|_| same) {
            Some(loaded) => self.ws.save_unchanged(path, loaded).map(Some),
            None => self.ws.save_as(path).map(|()| on_disk(path)),
        }
        .map_err(|err| match err.changed_on_disk() {
            true => SaveError::Changed,
            false => SaveError::Failed(err.to_string()),
        })
    }

    /// The project as it is now is the one in its file.
    pub(super) fn mark_saved(&mut self) {
        self.saved_state = self.history.state();
        self.autosave.revision = self.history.revision();
    }

    pub(super) fn recovery_file(&self) -> PathBuf {
        recovery::recovery_path(
            self.ws.path.as_deref(),
            &self.config.data_dir,
            &self.ws.corpus.root,
        )
    }

    /// Writes the recovery file when there are unsaved changes that it does
    /// not hold yet and [`recovery::AUTOSAVE_SECONDS`] have passed. Returns
    /// the seconds until it is due when it waits (the window asks for a
    /// frame then).
    pub(super) fn autosave(&mut self, now: f64) -> Option<f64> {
        if !self.recovery_behind() {
            self.autosave.last = now;
            return None;
        }
        let waited = now - self.autosave.last;
        if waited < recovery::AUTOSAVE_SECONDS {
            return Some(recovery::AUTOSAVE_SECONDS - waited);
        }
        self.autosave_now();
        self.autosave.last = now;
        None
    }

    /// True when there are unsaved changes the recovery file does not hold.
    fn recovery_behind(&self) -> bool {
        self.is_dirty() && self.history.revision() != self.autosave.revision
    }

    /// Writes the recovery file now.
    pub fn autosave_now(&mut self) {
        let path = self.recovery_file();
        let view = self.ui.view_state();
        match recovery::write_recovery(&path, &self.ws.project, &view, &self.ws.corpus.root) {
            Ok(()) => {
                self.autosave.revision = self.history.revision();
                self.autosave.at = Some(recovery::clock_hhmm(SystemTime::now()));
            }
            Err(err) => self.say(StatusMessage::error(format!("Autosave failed: {err}"))),
        }
    }

    /// Restores the recovery file offered at opening, as one undoable step
    /// (`restore`), or discards it.
    pub(super) fn recover(&mut self, restore: bool) {
        let Some(path) = self.ui.recovery_offer.take() else {
            return;
        };
        if !restore {
            // Kept aside, not deleted: a wrong click must not lose the work.
            match recovery::set_aside_recovery(&path) {
                Ok(aside) => self.say(StatusMessage::info(format!(
                    "The unsaved work was put aside in {} (open that file to get it back)",
                    aside.display()
                ))),
                Err(err) => self.say(StatusMessage::error(format!(
                    "Cannot put the recovery file {} aside: {err}",
                    path.display()
                ))),
            }
            return;
        }
        match recovery::read_recovery_with_view(&path) {
            Ok((mut project, view)) => {
                // Keep the project's own corpus path; the recovery file holds an absolute one.
                project.corpus_root = self.ws.project.corpus_root.clone();
                // Documents listed since (new files in the folder) stay listed.
                for (id, record) in &self.ws.project.documents {
                    project
                        .documents
                        .entry(id.clone())
                        .or_insert_with(|| record.clone());
                }
                // The restored state is one undoable step away from the saved file.
                let edits = crate::model::edit::edits_between(&self.ws.project, &project);
                let changed = !edits.is_empty();
                let restored = !changed || self.edit(Edit::Batch(edits));
                if changed && restored {
                    self.say(StatusMessage::info(
                        "Restored unsaved work from the recovery file",
                    ));
                }
                // The panes that were open, those whose articles are still
                // there (a file written before the panes were kept has none),
                // with the work they showed.
                if restored && !view.open.is_empty() {
                    let fallback: Vec<DocumentId> =
                        self.ui.panes.iter().map(|p| p.doc.clone()).collect();
                    let documents = &self.ws.project.documents;
                    self.ui
                        .restore_view(&view, |d| documents.contains_key(d), fallback);
                }
            }
            Err(err) => self.say(StatusMessage::error(format!("Cannot restore: {err}"))),
        }
    }

    /// Goes on with what waited for the unsaved-changes question.
    pub(super) fn answer_close(&mut self, ctx: &egui::Context, answer: CloseAnswer) {
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
                self.saved_state = self.history.state();
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

    /// Ends the window a signal asked to end: unsaved work not yet in the
    /// recovery file is written there (the next start offers it back), then
    /// the window closes without asking.
    pub(super) fn end_when_asked(&mut self, ctx: &egui::Context) {
        if self.recovery_behind() {
            self.autosave_now();
            tracing::info!("unsaved work written to the recovery file before the window ends");
        }
        self.quit_confirmed = true;
        self.quit(ctx);
    }

    /// Closes the window, asking first about unsaved changes.
    pub(super) fn quit(&mut self, ctx: &egui::Context) {
        if self.is_dirty() && !self.quit_confirmed {
            self.ui.close_prompt = Some(AfterClose::Quit);
        } else {
            self.quit_requested = true;
            self.quit_confirmed = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Why a save did not write.
enum SaveError {
    /// Another program saved the file since this window loaded it.
    Changed,
    /// Anything else, as a message.
    Failed(String),
}

/// The version of the file at `path` now, if it can be read.
fn on_disk(path: &Path) -> Option<FileVersion> {
    FileVersion::read(path).ok().flatten()
}

/// True when `a` and `b` name one file (as spelled, or once resolved).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// What the status bar says about a project whose corpus changed since it was saved.
fn consistency_message(report: &Consistency) -> Option<StatusMessage> {
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
        let n = report.quote_mismatches.len();
        parts.push(match n {
            1 => "1 annotation no longer matches its text".to_owned(),
            n => format!("{n} annotations no longer match their text"),
        });
    }
    if !report.new_documents.is_empty() {
        parts.push(format!(
            "{} added",
            counted(report.new_documents.len(), "new document")
        ));
    }
    let text = format!("Documents: {}", parts.join(", "));
    Some(StatusMessage::info_or_error(text, !report.is_clean()))
}
