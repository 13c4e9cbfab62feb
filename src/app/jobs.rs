//! Background jobs: loading a folder or project, exporting, and counting the
//! Agreement window's figures (`agreement.rs`). Each runs on
//! a thread of its own, reports its progress through a shared slot and its
//! result through a channel that the app polls once a frame. A project
//! whose corpus lies outside its folder comes back parsed, its corpus not
//! read, until the user agrees (`consent.rs`).
//!
//! A project file comes in three steps: while it is parsed, the article it
//! shows first, read-only (`io::preview`: told from the file's ends); then
//! the project with the documents it shows first (shown and editable at
//! once); then the whole corpus, read and checked against the project as
//! parsed while the user works. Until then a document not read yet is
//! "being read", never "missing", and what needs every article (exports,
//! imports, suggestions, agreement) waits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use eframe::egui;

use super::DiptychApp;
use crate::io::atomic::FileVersion;
use crate::io::corpus::{Corpus, ImportOptions, Progress, load_folder, read_documents};
use crate::io::export::{ExportOptions, ExportReport, Format};
use crate::io::preview;
use crate::io::search::Tags;
use crate::io::workspace::{
    CheckPlan, Checked, Consistency, OpenError, Outside, ParsedProject, Workspace,
};
use crate::model::Document;
use crate::ui::command::StatusMessage;
use crate::ui::{Loading, counted};

/// What the window says to a key or edit while a project file is read and
/// nothing of it is shown yet.
pub(super) const WAITS_FOR_THE_PROJECT: &str =
    "The project is still being read: editing and saving wait until it is shown";

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

/// What a load job reports: at most one `Preview` step, at most one
/// `Shown` step, then one of the others.
enum Step {
    /// The article a project file shows first, read while it is parsed.
    Preview(Box<Document>),
    /// A project with the documents it shows first, the version of its
    /// file, and every document's tags for the search's filters; its corpus
    /// is still being read.
    Shown(Box<(Workspace, FileVersion, Tags)>),
    /// The whole corpus of the project shown, and how it agrees with the
    /// project as parsed.
    Corpus(Box<(Corpus, Checked)>),
    Loaded(Box<Loaded>),
    /// A project file whose corpus lies outside its folder, not read yet.
    Outside(Box<ParsedProject>, Outside),
}

struct LoadJob {
    path: PathBuf,
    /// True once its project is shown (only its corpus is still being read).
    shown: bool,
    /// The article shown read-only until then.
    preview: Option<Document>,
    progress: Arc<Mutex<Progress>>,
    cancel: Arc<AtomicBool>,
    done: mpsc::Receiver<Result<Step, String>>,
}

impl Jobs {
    /// The path being loaded, how far it got and the article shown
    /// read-only, while its project is not shown yet.
    pub(super) fn load_progress(&self) -> Option<Loading<'_>> {
        let job = self.loading.as_ref().filter(|job| !job.shown)?;
        Some(Loading {
            path: job.path.clone(),
            progress: job.progress(),
            preview: job.preview.as_ref(),
        })
    }

    /// How far the corpus of the project shown has been read, while it is.
    pub(super) fn reading(&self) -> Option<Progress> {
        let job = self.loading.as_ref().filter(|job| job.shown)?;
        Some(job.progress())
    }

    /// The running export's (done, total).
    pub(super) fn export_progress(&self) -> Option<(usize, usize)> {
        self.exporting
            .as_ref()
            .map(|job| job.progress.lock().map(|p| *p).unwrap_or((0, 0)))
    }
}

impl LoadJob {
    fn progress(&self) -> Progress {
        (self.progress.lock())
            .map(|p| *p)
            .unwrap_or(Progress { done: 0, total: 0 })
    }
}

impl DiptychApp {
    /// True while a folder or project loads in the background (its
    /// corpus included, when the project is already shown).
    pub fn is_loading(&self) -> bool {
        self.jobs.loading.is_some()
    }

    /// True when every article of the project shown has been read; else
    /// says that `what` waits for them.
    pub(super) fn corpus_read(&mut self, what: &str) -> bool {
        let Some(progress) = self.jobs.reading() else {
            return true;
        };
        self.say(StatusMessage::info(format!(
            "{what} waits until every article is read ({} of {} files); try again then",
            progress.done, progress.total
        )));
        false
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
        self.spawn_load(path, move |early, report, cancel| {
            load(&target, early, report, cancel)
        });
    }

    /// Starts reading the corpus of a project file already parsed.
    pub(super) fn start_read(&mut self, parsed: ParsedProject) {
        let path = parsed.path.clone();
        self.spawn_load(path, move |early, report, cancel| {
            read(parsed, early, report, cancel)
        });
    }

    /// Runs `work` (loading `path`) on a thread of its own, with a progress
    /// slot and a cancel flag.
    fn spawn_load<W>(&mut self, path: PathBuf, work: W)
    where
        W: FnOnce(&dyn Fn(Step), &(dyn Fn(Progress) + Sync), &AtomicBool) -> Result<Step, String>
            + Send
            + 'static,
    {
        // A load still running (the corpus of the project shown) stops.
        self.cancel_load();
        let progress = Arc::new(Mutex::new(Progress { done: 0, total: 0 }));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (p, c) = (progress.clone(), cancel.clone());
        std::thread::spawn(move || {
            crate::io::background::lower_priority();
            let report = |now: Progress| {
                if let Ok(mut slot) = p.lock() {
                    *slot = now;
                }
            };
            let early = |step| {
                let _ = tx.send(Ok(step));
            };
            let _ = tx.send(work(&early, &report, &c));
        });
        self.jobs.loading = Some(LoadJob {
            path,
            shown: false,
            preview: None,
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
            Ok(Ok(Step::Preview(doc))) => {
                if let Some(job) = &mut self.jobs.loading {
                    job.preview = Some(*doc);
                }
                self.ui.preview_reader = Default::default();
            }
            Ok(Ok(Step::Shown(shown))) => {
                let (ws, version, tags) = *shown;
                if let Some(job) = &mut self.jobs.loading {
                    job.shown = true;
                    job.preview = None;
                }
                self.install(ws, None, Some(version), Some(tags));
            }
            Ok(Ok(Step::Corpus(read))) => {
                let (corpus, checked) = *read;
                self.jobs.loading = None;
                self.take_corpus(corpus, checked);
            }
            Ok(Ok(Step::Loaded(loaded))) => {
                let (ws, report, version) = *loaded;
                self.jobs.loading = None;
                // The version read with the project, not the file as it is now.
                self.install(ws, Some(report), version, None);
            }
            Ok(Ok(Step::Outside(parsed, outside))) => {
                self.jobs.loading = None;
                self.corpus_outside(*parsed, outside);
            }
            Ok(Err(err)) => {
                let cancelled = job.cancel.load(Ordering::Relaxed);
                self.corpus_not_read(job.shown);
                self.jobs.loading = None;
                self.say(if cancelled {
                    StatusMessage::info("Loading cancelled")
                } else {
                    StatusMessage::error(err)
                });
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                self.corpus_not_read(job.shown);
                self.jobs.loading = None;
                let stopped = super::crash::job_stopped("Loading");
                self.say(StatusMessage::error(stopped));
            }
        }
    }

    /// The load of the project shown (when `shown`) stopped before its
    /// whole corpus was read: its search, which waits for that, says so.
    fn corpus_not_read(&mut self, shown: bool) {
        if shown {
            (self.caches.search).corpus_not_read(
                "Searching needs every article read, and the corpus was not: open the project again"
                    .to_owned(),
            );
        }
    }

    /// Starts an export of the project as it is now (one at a time).
    pub(super) fn start_export(&mut self, format: Format, options: ExportOptions, out: PathBuf) {
        if self.jobs.exporting.is_some() || !self.corpus_read("Exporting") {
            return;
        }
        let progress = Arc::new(Mutex::new((0, 0)));
        let (tx, rx) = mpsc::channel();
        let ws = self.ws.clone();
        let shared = progress.clone();
        let test_panic = self.config.test_panic == Some(super::TestPanic::InExport);
        std::thread::spawn(move || {
            crate::io::background::lower_priority();
            if test_panic {
                panic!("a deliberate panic in the export job (DIPTYCH_TEST_PANIC)");
            }
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
            Err(mpsc::TryRecvError::Disconnected) => Err(super::crash::job_stopped("the export")),
        };
        self.jobs.exporting = None;
        let message = match result {
            Ok(report) => {
                tracing::info!(
                    format = report.format.name(),
                    files = report.files.len(),
                    documents = report.documents,
                    spans = report.spans,
                    suggestions = report.suggestions,
                    links = report.links,
                    warnings = report.warnings.len(),
                    "exported"
                );
                self.ui.export_window.open = false;
                StatusMessage::info(export_message(&report))
            }
            Err(err) => StatusMessage::error(format!("Export failed: {err}")),
        };
        self.say(message);
    }
}

#[cfg(feature = "testing")]
impl DiptychApp {
    /// Tests only: [`DiptychApp::loading`] whose load, once it has sent the
    /// article shown first, waits until the sender returned sends or is
    /// dropped (a test's parse is too quick to see that article otherwise).
    pub fn loading_held(
        path: &Path,
        config: super::AppConfig,
        dialogs: Box<dyn super::dialogs::FileDialogs>,
    ) -> (Self, mpsc::Sender<()>) {
        let mut app = Self::new(super::empty_workspace(), None, config, dialogs);
        let release = app.start_load_held(path);
        (app, release)
    }

    /// Tests only: starts loading `path` over what is shown, held as
    /// [`DiptychApp::loading_held`] holds it.
    pub fn start_load_held(&mut self, path: &Path) -> mpsc::Sender<()> {
        let (release, gate) = mpsc::channel();
        let target = path.to_owned();
        self.spawn_load(target.clone(), move |early, report, cancel| {
            let held = |step: Step| {
                let preview = matches!(step, Step::Preview(_));
                early(step);
                if preview {
                    let _ = gate.recv();
                }
            };
            load(&target, &held, report, cancel)
        });
        release
    }
}

/// Loads a folder as a new project, or a project file, on the job's thread;
/// a project file whose corpus lies outside its folder is only parsed.
fn load(
    target: &Path,
    early: &dyn Fn(Step),
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Step, String> {
    if target.is_dir() {
        return Workspace::from_folder(target, &ImportOptions::window(), report, cancel)
            .map(|ws| Step::Loaded(Box::new((ws, Consistency::default(), None))))
            .map_err(|e| e.to_string());
    }
    if let Some(doc) = preview::first_document(target) {
        early(Step::Preview(Box::new(doc)));
    }
    let parsed = ParsedProject::read(target).map_err(|e| e.to_string())?;
    match parsed.corpus_outside() {
        Some(outside) => Ok(Step::Outside(Box::new(parsed), outside)),
        None => read(parsed, early, report, cancel),
    }
}

/// Reads the corpus of a parsed project file, on the job's thread: first
/// the documents it shows (sent `early` with the project), then all of it.
/// A corpus folder that is not there is read in one go, for its error.
fn read(
    parsed: ParsedProject,
    early: &dyn Fn(Step),
    report: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Step, String> {
    let root = parsed.corpus_root();
    let options = ImportOptions::window();
    if !root.is_dir() {
        return Workspace::open_parsed(parsed, None, &options, report, cancel)
            .map(|(ws, found, version)| Step::Loaded(Box::new((ws, found, Some(version)))))
            .map_err(|e| e.to_string());
    }
    // The filters' tags are made beside the rest (a million annotations
    // take about a fifth of a second), not a slice per frame in the window.
    let (first, plan, tags) = std::thread::scope(|scope| {
        let tags = scope.spawn(|| Tags::of(&parsed.project));
        let first = read_documents(&root, &parsed.first_documents(), &options);
        let plan = CheckPlan::of(&parsed.project);
        let tags = tags
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, plan, tags)
    });
    let ParsedProject {
        path,
        project,
        view,
        version,
    } = parsed;
    let ws = Workspace {
        path: Some(path.clone()),
        project,
        corpus: first,
        view,
    };
    early(Step::Shown(Box::new((ws, version, tags))));
    let corpus = load_folder(&root, &options, report, cancel).map_err(|error| {
        OpenError::Corpus {
            project: path,
            error,
        }
        .to_string()
    })?;
    let checked = plan.check(&corpus);
    Ok(Step::Corpus(Box::new((corpus, checked))))
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
