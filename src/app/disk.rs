//! The project file as other programs change it. While a project file is
//! shown, its folder is watched ([`ProjectFileWatcher`]); another program's
//! save is taken in at once when this window has nothing unsaved, and
//! otherwise the user is asked: take it in (this window's unsaved edits
//! re-applied onto it, one undoable step), save this version elsewhere, or
//! overwrite it on purpose. A marker beside the file tells a second window
//! that this one has the project open.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use eframe::egui;

use super::{DiptychApp, recovery};
use crate::io::atomic::FileVersion;
use crate::io::lock::{LockError, ProjectLock};
use crate::io::project_watch::{ProjectFileChange, ProjectFileWatcher, read_version};
use crate::model::edit::edits_between;
use crate::model::merge::{merge3, rebase};
use crate::model::{Edit, Project};
use crate::ui::command::StatusMessage;
use crate::ui::disk::{DiskAnswer, Pending};

/// How often a window whose project another window has open tries to take
/// the open-window marker again.
const MARKER_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

/// The project file as this window knows it.
#[derive(Default)]
pub(super) struct OnDisk {
    /// The version loaded, last saved or taken in: a save never replaces
    /// another version without the user's word.
    pub(super) version: Option<FileVersion>,
    /// The project as in `version`, from which this window's unsaved edits
    /// are told apart from another program's changes; `None` when it is
    /// the project at the history's mark (as loaded, saved or taken in),
    /// rebuilt from the history only when it is needed rather than kept
    /// as a second copy of a project that may hold a million annotations.
    base: Option<Project>,
    /// Another program's version, while the user decides.
    theirs: Option<(Project, FileVersion)>,
    watcher: Option<ProjectFileWatcher>,
    /// The file whose watch could not start (not tried again every frame).
    unwatched: Option<PathBuf>,
    /// Another program's version that cannot be read (a broken file): only
    /// Save as or Overwrite can go past it.
    unreadable: Option<FileVersion>,
    /// When to try the marker again, while another window holds it.
    marker_tried: Option<std::time::Instant>,
    /// This window's "open here" marker, or `None` while another window has it.
    marker: Option<(PathBuf, Option<ProjectLock>)>,
}

impl OnDisk {
    /// The file at `version` holds `base`, or, when `None`, the project at
    /// the history's mark (just loaded or saved; the caller marks it).
    pub(super) fn known(&mut self, version: Option<FileVersion>, base: Option<Project>) {
        self.version = version;
        self.base = base;
        self.theirs = None;
        self.unreadable = None;
        if let Some(watcher) = &self.watcher {
            watcher.set_known(version);
        }
    }
}

impl DiptychApp {
    /// Watches the project file shown (starting again when it is another
    /// file) and handles what the watcher read since the last frame.
    pub(super) fn watch_project_file(&mut self, ctx: &egui::Context) {
        if self.is_loading() {
            return;
        }
        let Some(path) = self.ws.path.clone() else {
            self.disk.watcher = None;
            self.disk.marker = None;
            self.ui.on_disk = Default::default();
            return;
        };
        self.mark_open(&path);
        let watching = self.disk.watcher.as_ref().map(|w| w.path().to_owned());
        let failed = self.disk.unwatched.as_deref() == Some(path.as_path());
        if watching.as_deref() != Some(path.as_path()) && !failed {
            self.disk.theirs = None;
            self.disk.unreadable = None;
            self.ui.on_disk.settled();
            let wake = ctx.clone();
            let started =
                ProjectFileWatcher::start(&path, self.disk.version, move || wake.request_repaint());
            match started {
                Ok(watcher) => {
                    self.disk.watcher = Some(watcher);
                    self.disk.unwatched = None;
                }
                Err(err) => {
                    self.disk.watcher = None;
                    self.disk.unwatched = Some(path.clone());
                    self.say(StatusMessage::error(format!(
                        "Not watching {} for saves by other programs: {err}",
                        path.display()
                    )));
                    return;
                }
            }
        }
        if let Some(change) = self.disk.watcher.as_ref().and_then(|w| w.take()) {
            tracing::info!(project = %path.display(), "the project file changed on disk");
            self.changed_on_disk(&path, change);
        }
    }

    /// Holds the marker that says this window has `path` open, or notes the
    /// window that holds it; while another window holds it, tries again
    /// every few seconds (that window may have closed).
    fn mark_open(&mut self, path: &Path) {
        let now = std::time::Instant::now();
        match &self.disk.marker {
            Some((p, Some(_))) if p == path => return,
            Some((p, None)) if p == path && self.disk.marker_tried.is_some_and(|t| now < t) => {
                return;
            }
            _ => {}
        }
        self.disk.marker_tried = Some(now + MARKER_RETRY);
        self.disk.marker = None;
        let (held, other) = match ProjectLock::mark_open(path, "diptych (window)") {
            Ok(lock) => (Some(lock), None),
            Err(LockError::Held { holder, .. }) => (None, Some(holder)),
            // A folder that cannot hold the marker (read-only): saving will say so.
            Err(LockError::Io { .. }) => (None, None),
        };
        let news = other != self.ui.on_disk.other_window;
        if let Some(holder) = other.as_ref().filter(|_| news) {
            self.say(StatusMessage::error(format!(
                "{} is open in another window too: {holder}. Edit it in one window at a time.",
                file_name(path)
            )));
        }
        self.ui.on_disk.other_window = other;
        self.disk.marker = Some((path.to_owned(), held));
    }

    /// Another program saved, broke or removed the project file.
    fn changed_on_disk(&mut self, path: &Path, change: ProjectFileChange) {
        match change {
            ProjectFileChange::Changed { version, .. } if Some(version) == self.disk.version => {}
            ProjectFileChange::Changed { version, project } => match *project {
                Ok(theirs) => self.their_version(path, theirs, version),
                Err(err) => self.unreadable_version(path, version, &err.to_string()),
            },
            ProjectFileChange::Removed => {
                self.disk.version = None;
                self.disk.theirs = None;
                self.disk.unreadable = None;
                self.ui.on_disk.settled();
                self.say(StatusMessage::error(format!(
                    "{} was removed or renamed by another program; Save writes it again",
                    path.display()
                )));
            }
        }
    }

    /// Another program saved a version that cannot be read (a broken file,
    /// conflict markers): asked about, with Save as and Overwrite open.
    fn unreadable_version(&mut self, path: &Path, version: FileVersion, why: &str) {
        self.disk.theirs = None;
        self.disk.unreadable = Some(version);
        self.ui.on_disk.ask(Pending {
            file: file_name(path),
            at: recovery::clock_hhmm(SystemTime::now()),
            conflict: Some(format!("their version cannot be read ({why})")),
        });
    }

    /// Another program's version `theirs` of the project file: taken in at
    /// once when nothing here is unsaved, otherwise asked about.
    fn their_version(&mut self, path: &Path, theirs: Project, version: FileVersion) {
        self.disk.theirs = Some((theirs, version));
        if self.is_dirty() {
            self.ui.on_disk.ask(Pending {
                file: file_name(path),
                at: recovery::clock_hhmm(SystemTime::now()),
                conflict: None,
            });
        } else {
            self.take_theirs_in();
        }
    }

    /// Applies the user's answer about another program's version.
    pub(super) fn answer_on_disk(&mut self, answer: DiskAnswer) {
        match answer {
            DiskAnswer::TakeIn => self.take_theirs_in(),
            DiskAnswer::SaveMineAs => {
                self.ui.on_disk.asking = false;
                self.save_as();
            }
            DiskAnswer::Overwrite => self.overwrite_theirs(),
            DiskAnswer::Later => self.ui.on_disk.asking = false,
            DiskAnswer::Ask => self.ui.on_disk.asking = self.ui.on_disk.pending.is_some(),
        }
    }

    /// True (and the question shown) when a save to `path` would replace
    /// another program's version the user has not decided about.
    pub(super) fn save_waits_for_answer(&mut self, path: &Path) -> bool {
        let same = self.ws.path.as_deref().is_some_and(|p| p == path);
        let waiting = self.disk.theirs.is_some() || self.disk.unreadable.is_some();
        if same && waiting && self.ui.on_disk.pending.is_some() {
            self.ui.on_disk.asking = true;
            return true;
        }
        false
    }

    /// A save found the file changed before the watcher said so: reads it
    /// now and takes it in or asks, as the watcher would have.
    pub(super) fn changed_before_save(&mut self, path: &Path) {
        match read_version(path) {
            Ok(Some((version, Ok(theirs)))) => self.their_version(path, theirs, version),
            Ok(Some((version, Err(err)))) => {
                self.unreadable_version(path, version, &err.to_string());
            }
            Ok(None) => self.cannot_read_theirs(path, "it is gone"),
            Err(err) => self.cannot_read_theirs(path, &err.to_string()),
        }
    }

    /// Says that another program changed the file and it cannot be read (`why`).
    fn cannot_read_theirs(&mut self, path: &Path, why: &str) {
        self.say(StatusMessage::error(format!(
            "{} was changed by another program and cannot be read now: {why}. \
             Your version is still open; Save as another file to keep it.",
            path.display()
        )));
    }

    /// Their version with this window's unsaved edits re-applied on top,
    /// as one undoable step. Where both changed one annotation differently,
    /// both versions are kept (theirs marked as conflicting, for a decision
    /// in the inspector); only another corpus folder is refused.
    fn take_theirs_in(&mut self) {
        let Some((theirs, version)) = self.disk.theirs.take() else {
            return;
        };
        let clean = !self.is_dirty();
        if clean && theirs.corpus_root != self.ws.project.corpus_root {
            // Another corpus folder: read it, as when the project is opened.
            if let Some(path) = self.ws.path.clone() {
                self.start_load(path);
            }
            return;
        }
        let marked;
        let base = match &self.disk.base {
            Some(base) => base,
            None => {
                marked = self.history.at_mark(&self.ws.project);
                marked.as_ref().unwrap_or(&self.ws.project)
            }
        };
        let merged;
        let (target, conflicts) = if clean {
            (&theirs, Vec::new())
        } else {
            merged = match rebase(base, &self.ws.project, &theirs) {
                Ok(target) => (target, Vec::new()),
                Err(_) => {
                    let merged = merge3(base, &self.ws.project, &theirs);
                    (merged.project, merged.conflicts)
                }
            };
            (&merged.0, merged.1)
        };
        if target.corpus_root != self.ws.project.corpus_root {
            self.refuse_take_in(
                theirs,
                version,
                "their version reads another corpus folder".to_owned(),
            );
            return;
        }
        let edits = edits_between(&self.ws.project, target);
        let edits_empty = edits.is_empty();
        if !edits_empty && !self.edit(Edit::Batch(edits)) {
            self.disk.theirs = Some((theirs, version));
            return;
        }
        if clean {
            // This window's project is now theirs.
            self.history.mark();
            self.disk.known(Some(version), None);
        } else {
            self.disk.known(Some(version), Some(theirs));
        }
        self.ui.on_disk.settled();
        if clean {
            self.mark_saved();
        }
        let file = self.ws.path.as_deref().map(file_name).unwrap_or_default();
        self.say(if edits_empty {
            StatusMessage::info(format!(
                "{file} was saved by another program with the same annotations; nothing changed here"
            ))
        } else if clean {
            StatusMessage::info(format!(
                "{file} was saved by another program; its version is shown (Undo takes it back)"
            ))
        } else if conflicts.is_empty() {
            StatusMessage::info(format!(
                "Took in the version of {file} another program saved; your unsaved changes are on top (Undo takes it back)"
            ))
        } else {
            StatusMessage::error(format!(
                "Took in the version of {file} another program saved; {} where you both changed \
                 the same thing (an annotation's two versions are both kept: select it for \
                 Keep this one / Keep the other). First: {}",
                crate::ui::counted(conflicts.len(), "conflict"),
                conflicts[0]
            ))
        });
    }

    /// Keeps their version waiting and says in the question why it cannot
    /// be taken in.
    fn refuse_take_in(&mut self, theirs: Project, version: FileVersion, conflict: String) {
        self.disk.theirs = Some((theirs, version));
        let file = self.ws.path.as_deref().map(file_name).unwrap_or_default();
        let pending = Pending {
            file,
            at: recovery::clock_hhmm(SystemTime::now()),
            conflict: Some(conflict),
        };
        self.ui.on_disk.ask(pending);
    }

    /// Saves this window's version over theirs, on purpose (theirs is kept
    /// in the backup the save makes).
    fn overwrite_theirs(&mut self) {
        let Some(path) = self.ws.path.clone() else {
            return;
        };
        if let Some((_, version)) = self.disk.theirs.take() {
            self.disk.version = Some(version);
        } else if let Some(version) = self.disk.unreadable.take() {
            self.disk.version = Some(version);
        }
        self.ui.on_disk.settled();
        self.save_to(&path);
    }
}

/// The file name of `path`, for messages.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
