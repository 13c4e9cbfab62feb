//! The window's shell: owns the workspace, the history, the UI state and the
//! caches; once a frame it draws the panels (which read and send
//! [`UiCommand`]s) and then applies the commands. Each concern has a file of
//! its own, as an `impl DiptychApp` block:
//!
//! - `jobs.rs`: loading and exporting in the background;
//! - `consent.rs`: corpora outside their project's folder, read once agreed to;
//! - `file.rs`: open, save, save as, autosave, recovery, closing;
//! - `disk.rs`: the project file as other programs change it;
//! - `agreement.rs`, `adjudicate.rs`: the Agreement window, the gold layer;
//! - `annotate.rs`: labelling, sentiment, suggestions, links, undo;
//! - `dispatch.rs`: commands, actions and key bindings;
//! - `caches.rs`: what is derived, keyed by revision (`search.rs`: the corpus's search, on a thread);
//! - `reanchor.rs`: articles that change on disk, and orphans.

mod adjudicate;
mod agreement;
mod annotate;
mod caches;
mod consent;
pub mod crash;
pub mod dialogs;
mod disk;
mod dispatch;
mod file;
pub mod identity;
mod jobs;
mod prefs;
mod reanchor;
pub mod recovery;
pub mod sample;
mod search;
pub mod signals;
mod window;

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::io::corpus::Corpus;
use crate::io::workspace::{Consistency, Workspace};
use crate::model::{Edit, History, Project};
use crate::ui::command::{AfterClose, StatusMessage, UiCommand};
use crate::ui::state::UiState;
use crate::ui::{self, ViewCtx};
use caches::Caches;
use dialogs::FileDialogs;
use jobs::Jobs;
use sample::Recent;
pub use window::{TestPanic, run};

/// Settings that tests replace: where the app keeps its files, who annotates.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// Recent projects, recovery files of unsaved projects, the unpacked sample.
    pub data_dir: PathBuf,
    /// The user's settings (`settings.ron`: the annotator's name).
    pub config_dir: PathBuf,
    /// The annotator's name given on the command line (`--annotator`,
    /// `DIPTYCH_ANNOTATOR`); `None`: the settings' name, or ask.
    pub annotator: Option<String>,
    /// The user's cache folder, where the corpus's search index lives (`diptych/search/`).
    pub cache_dir: PathBuf,
    /// The app's state folder: the log (`logs/`) and crash reports (`crashes/`).
    pub state_dir: PathBuf,
    /// A panic to cause, for the tests that a panic costs no work.
    pub test_panic: Option<TestPanic>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            data_dir: sample::data_dir(),
            config_dir: crate::io::sample::config_dir(),
            annotator: None,
            cache_dir: dirs::cache_dir().unwrap_or_else(std::env::temp_dir),
            state_dir: crash::state_dir(),
            test_panic: TestPanic::from_env(),
        }
    }
}

/// The application.
pub struct DiptychApp {
    pub ws: Workspace,
    pub history: History,
    pub ui: UiState,
    config: AppConfig,
    /// The name written on the annotations this window makes.
    annotator: String,
    dialogs: Box<dyn FileDialogs>,
    recent: Recent,
    prefs: prefs::Prefs,
    /// The corpora outside their project's folder the user agreed to read.
    consents: consent::Consents,
    saved_state: u64,
    commands: Vec<UiCommand>,
    jobs: Jobs,
    autosave: file::Autosave,
    caches: Caches,
    quit_confirmed: bool,
    /// Set when the app asked the window to close (tests read it).
    pub quit_requested: bool,
    /// Set by a termination signal (see [`signals`]): the window keeps its
    /// unsaved work in the recovery file and closes.
    pub termination: signals::Termination,
    window_title: String,
    /// The corpus folder being watched for changed articles.
    watch: Option<reanchor::Watch>,
    /// The project file as this window loaded or last saved it (a save
    /// never replaces a different version: another program's work), and
    /// the watch on it.
    disk: disk::OnDisk,
    crash: window::CrashState,
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
        let (prefs, chosen) = prefs::Prefs::load(&config.data_dir);
        let consents = consent::Consents::load(&config.data_dir);
        let known = config
            .annotator
            .clone()
            .or_else(|| identity::Settings::load(&config.config_dir).annotator);
        let annotator = known.clone().unwrap_or_else(identity::login_name);
        let mut app = Self {
            ws: empty_workspace(),
            history: History::default(),
            ui: UiState {
                prefs: chosen,
                ..UiState::default()
            },
            config,
            annotator,
            dialogs,
            recent,
            prefs,
            consents,
            saved_state: 0,
            commands: Vec::new(),
            jobs: Jobs::default(),
            autosave: file::Autosave::default(),
            caches: Caches::default(),
            quit_confirmed: false,
            quit_requested: false,
            termination: signals::Termination::default(),
            window_title: String::new(),
            watch: None,
            disk: disk::OnDisk::default(),
            crash: window::CrashState::default(),
        };
        app.install(ws, consistency, None, None);
        app.read_crash_note();
        if known.is_none() {
            let name = app.annotator.clone();
            app.ui.preferences.show(&name, true);
        }
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
        self.history.state() != self.saved_state
    }

    /// Queues a command as if a panel had sent it.
    pub fn send(&mut self, command: UiCommand) {
        self.commands.push(command);
    }

    /// Shows `message` in the status bar.
    fn say(&mut self, message: StatusMessage) {
        if matches!(message.level, crate::ui::command::Level::Error) {
            tracing::warn!("shown: {}", message.text);
        }
        self.ui.message = Some(message);
    }

    /// Applies an edit as one undo step; a refused edit becomes a message.
    fn edit(&mut self, edit: Edit) -> bool {
        if self.jobs.load_progress().is_some() {
            self.say(StatusMessage::info(jobs::WAITS_FOR_THE_PROJECT));
            return false;
        }
        match self.changing(|history, project| history.apply(project, edit)) {
            Ok(()) if self.config.test_panic == Some(TestPanic::AfterEdit) => {
                panic!("a deliberate panic after an edit (DIPTYCH_TEST_PANIC)")
            }
            Ok(()) => true,
            Err(err) => {
                self.say(StatusMessage::error(err.to_string()));
                false
            }
        }
    }

    /// Draws the whole window and applies what the user asked for. Tests call this directly.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_jobs(&ctx);
        self.watch_corpus(&ctx);
        self.watch_project_file(&ctx);
        self.refresh_settled();
        if self.termination.asked() && !self.quit_requested {
            self.end_when_asked(&ctx);
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.quit_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ui.close_prompt = Some(AfterClose::Quit);
        }
        self.read_dropped_file(&ctx);
        self.read_shortcuts(&ctx);
        let derived = self.caches.derive(&self.ws, &self.history, &self.ui);
        if let Some(after) = self.caches.search_next_frame() {
            // The next slice of the library's filters, or its answer.
            ctx.request_repaint_after(after);
        }
        let view = ViewCtx {
            project: &self.ws.project,
            corpus: &self.ws.corpus,
            history: &self.history,
            revision: derived.revision,
            listing_revision: derived.listing_revision,
            records_revision: derived.records_revision,
            project_path: self.ws.path.as_deref(),
            annotator: &self.annotator,
            annotators: derived.annotators,
            dirty: self.is_dirty(),
            autosaved_at: self.autosave.at.as_deref(),
            recent: &self.recent.paths,
            loading: self.jobs.load_progress(),
            reading: self.jobs.reading(),
            export_progress: self.jobs.export_progress(),
            compare: derived.compare,
            orphans: derived.orphans,
            active_annotations: derived.active_annotations,
            highlights: &derived.highlights,
            library_counts: derived.library_counts,
            search: derived.search,
        };
        ui::window_ui(ui, &view, &mut self.ui, &mut self.commands);
        self.apply_commands(&ctx);
        if !ctx.input(|i| i.pointer.any_down()) {
            self.prefs.save_if_changed(&self.ui.prefs);
        }
        if let Some(due) = self.autosave(ctx.input(|i| i.time)) {
            // An idle window draws no frame: one is asked for when the
            // recovery copy is due, or unsaved work would wait for a key.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due));
        }
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

    /// True when the last frame gathered part of what the library's query's
    /// filters test of each document (labels, statuses, annotators), or
    /// started to, and more remains: a slice per frame before the query is
    /// sent (the window benchmark counts those frames).
    pub fn making_search_tags(&self) -> bool {
        self.caches.making_search_tags()
    }

    /// The window title the app last set.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }
}

fn empty_workspace() -> Workspace {
    Workspace {
        path: None,
        project: Project::new("No project", "."),
        corpus: Corpus::default(),
        view: Default::default(),
    }
}
