//! Background jobs: loading a folder or project, exporting, and counting the
//! Agreement window's figures (`agreement.rs`). Each runs on
//! a thread of its own, reports its progress through a shared slot and its
//! result through a channel that the app polls once a frame. A project
//! whose corpus lies outside its folder comes back parsed, its corpus not
//! read, until the user agrees (`consent.rs`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use eframe::egui;

use super::DiptychApp;
use crate::io::atomic::FileVersion;
use crate::io::corpus::{ImportOptions, Progress};
use crate::io::export::{ExportOptions, ExportReport, Format};
use crate::io::workspace::{
    Consistency, EarlyCorpus, Outside, ParsedProject, Workspace, folder_outside,
};
use crate::ui::command::StatusMessage;
use crate::ui::counted;

/// The jobs that run now (at most one of each kind).
#[derive(Default)]
pub(super) struct Jobs {
    loading: Option<LoadJob>,
    exporting: Option<ExportJob>,
    /// A project parsed whose corpus waits for the user's consent.
    pub(super) waiting: Option<ParsedProject>,
    /// The Agreement window's figures being counted.
    pub(super) agreement: Option<super::agreement::AgreementJob>,
}

struct ExportJob {
    progress: Arc<Mutex<(usize, usize)>>,
    done: mpsc::Receiver<Result<ExportReport, String>>,
}

/// A loaded workspace, what its check found, and the version of its project file.
type Loaded = (Workspace, Consistency, Option<FileVersion>);

/// What a load job ends with.
enum Step {
    Loaded(Box<Loaded>),
    /// A project file whose corpus lies outside its folder, not read yet.
    Outside(Box<ParsedProject>, Outside),
}

struct LoadJob {
    path: PathBuf,
    progress: Arc<Mutex<Progress>>,
    cancel: Arc<AtomicBool>,
    done: mpsc::Receiver<Result<Step, String>>,
}

impl Jobs {
    /// The path being loaded and how far it got.
    pub(super) fn load_progress(&self) -> Option<(PathBuf, Progress)> {
        self.loading.as_ref().map(|job| {
            let progress = job
                .progress
                .lock()
                .map(|p| *p)
                .unwrap_or(Progress { done: 0, total: 0 });
            (job.path.clone(), progress)
        })
    }

    /// The running export's (done, total).
    pub(super) fn export_progress(&self) -> Option<(usize, usize)> {
        self.exporting
            .as_ref()
            .map(|job| job.progress.lock().map(|p| *p).unwrap_or((0, 0)))
    }
}

impl DiptychApp {
    /// True while a folder or project loads in the background.
    pub fn is_loading(&self) -> bool {
        self.jobs.loading.is_some()
    }

    /// Takes the results of finished jobs; keeps frames coming while one runs.
    pub(super) fn poll_jobs(&mut self, ctx: &egui::Context) {
        self.poll_load();
        self.poll_export();
        self.poll_agreement();
        let running = [
            self.jobs.loading.is_some(),
            self.jobs.exporting.is_some(),
            self.jobs.agreement.is_some(),
        ];
        if running.contains(&true) {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    /// Starts loading a folder (a new project) or a project file.
    pub(super) fn start_load(&mut self, path: PathBuf) {
        // A project still waiting for an answer is not opened after all.
        self.jobs.waiting = None;
        self.ui.corpus_question = None;
        let target = path.clone();
        self.spawn_load(path, move |report, cancel| load(&target, report, cancel));
    }

    /// Starts reading the corpus of a project file already parsed.
    pub(super) fn start_read(&mut self, parsed: ParsedProject) {
        let path = parsed.path.clone();
        self.spawn_load(path, move |report, cancel| {
            read(parsed, None, report, cancel)
        });
    }

    /// Runs `work` (loading `path`) on a thread of its own, with a progress
    /// slot and a cancel flag.
    fn spawn_load<W>(&mut self, path: PathBuf, work: W)
    where
        W: FnOnce(&(dyn Fn(Progress) + Sync), &AtomicBool) -> Result<Step, String> + Send + 'static,
    {
        let progress = Arc::new(Mutex::new(Progress { done: 0, total: 0 }));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (p, c) = (progress.clone(), cancel.clone());
        std::thread::spawn(move || {
            let report = |now: Progress| {
                if let Ok(mut slot) = p.lock() {
                    *slot = now;
                }
            };
            let _ = tx.send(work(&report, &c));
        });
        self.jobs.loading = Some(LoadJob {
            path,
            progress,
            cancel,
            done: rx,
        });
    }

    /// Asks the running load to stop.
    pub(super) fn cancel_load(&mut self) {
        if let Some(job) = &self.jobs.loading {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    fn poll_load(&mut self) {
        let Some(job) = &self.jobs.loading else {
            return;
        };
        match job.done.try_recv() {
            Ok(Ok(Step::Loaded(loaded))) => {
                let (ws, report, version) = *loaded;
                self.jobs.loading = None;
                self.install(ws, Some(report));
                // The version read with the project, not the file as it is now.
                self.disk.set_version(version);
            }
            Ok(Ok(Step::Outside(parsed, outside))) => {
                self.jobs.loading = None;
                self.corpus_outside(*parsed, outside);
            }
            Ok(Err(err)) => {
                let cancelled = job.cancel.load(Ordering::Relaxed);
                self.jobs.loading = None;
                self.say(if cancelled {
                    StatusMessage::info("Loading cancelled")
                } else {
                    StatusMessage::error(err)
                });
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                self.jobs.loading = None;
                self.say(StatusMessage::error("Loading stopped unexpectedly"));
            }
        }
    }

    /// Starts an export of the project as it is now (one at a time).
    pub(super) fn start_export(&mut self, format: Format, options: ExportOptions, out: PathBuf) {
        if self.jobs.exporting.is_some() {
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
        self.jobs.exporting = Some(ExportJob { progress, done: rx });
    }

    fn poll_export(&mut self) {
        let Some(job) = &self.jobs.exporting else {
            return;
        };
        let result = match job.done.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                Err("the export stopped unexpectedly".to_owned())
            }
        };
        self.jobs.exporting = None;
        let message = match result {
            Ok(report) => {
                self.ui.export_window.open = false;
                StatusMessage::info(export_message(&report))
            }
            Err(err) => StatusMessage::error(format!("Export failed: {err}")),
        };
        self.say(message);
    }
}

/// Loads a folder as a new project, or a project file, on the job's thread;
/// a project file whose corpus lies outside its folder is only parsed.
fn load(
    target: &Path,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Step, String> {
    if target.is_dir() {
        return Workspace::from_folder(target, &ImportOptions::default(), report, cancel)
            .map(|ws| Step::Loaded(Box::new((ws, Consistency::default(), None))))
            .map_err(|e| e.to_string());
    }
    // The articles are read while the file is parsed, unless they lie
    // outside the project's folder: the user is asked about those first.
    let inside = |root: &Path| folder_outside(target, root).is_none();
    let options = ImportOptions::default();
    let (parsed, early) = ParsedProject::read_with_corpus(target, &options, report, cancel, inside)
        .map_err(|e| e.to_string())?;
    match parsed.corpus_outside() {
        Some(outside) => Ok(Step::Outside(Box::new(parsed), outside)),
        None => read(parsed, early, report, cancel),
    }
}

/// Reads the corpus of a parsed project file, on the job's thread.
fn read(
    parsed: ParsedProject,
    early: Option<EarlyCorpus>,
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Step, String> {
    Workspace::open_parsed(parsed, early, &ImportOptions::default(), report, cancel)
        .map(|(ws, consistency, version)| Step::Loaded(Box::new((ws, consistency, Some(version)))))
        .map_err(|e| e.to_string())
}

/// "Exported 5 spans of 2 documents, codepoint offsets to out.jsonl".
fn export_message(report: &ExportReport) -> String {
    let unit = report
        .offset_unit
        .map_or(String::new(), |u| format!(", {u} offsets"));
    let first = report
        .files
        .first()
        .map_or(String::new(), |f| f.display().to_string());
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!("; {}, first: {}", counted(n, "warning"), report.warnings[0]),
    };
    format!(
        "Exported {} spans of {} documents{unit} to {first}{warnings}",
        report.spans, report.documents
    )
}
