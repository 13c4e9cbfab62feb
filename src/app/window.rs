//! The native window around the app: logging and the panic hook set up,
//! each frame run with a panic caught (the work kept, a note for the next
//! start), and what the next start makes of that note.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use eframe::egui;

use super::crash::{self, Panicked, Pending};
use super::{AppConfig, DiptychApp, dialogs, recovery, sample};
use crate::logging::{self, Verbosity};
use crate::ui::{self, about::CrashOffer, command::StatusMessage};

/// What the app was asked to break, to test that a panic costs no work
/// (`DIPTYCH_TEST_PANIC`: `after-edit` or `in-export`; never set by users).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestPanic {
    /// The window's frame panics right after an edit is applied.
    AfterEdit,
    /// The export job's thread panics.
    InExport,
}

impl TestPanic {
    /// The trigger the environment sets, if any.
    pub fn from_env() -> Option<Self> {
        match std::env::var("DIPTYCH_TEST_PANIC").ok()?.as_str() {
            "after-edit" => Some(Self::AfterEdit),
            "in-export" => Some(Self::InExport),
            _ => None,
        }
    }
}

/// Where a crash stands in the window: whether the project is being
/// changed (an edit, an undo, a redo: then it may be half-changed, and is
/// not written out), and
/// whether the project being loaded is to get its recovered work at once.
#[derive(Default)]
pub(super) struct CrashState {
    pub(super) editing: bool,
    pub(super) restore_after_load: bool,
}

impl eframe::App for DiptychApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.frame(ui).is_err() {
            // The work and the report are written; nothing this window
            // holds can be trusted after a panic in the middle of a frame.
            std::process::exit(101);
        }
    }
}

impl DiptychApp {
    /// One frame with a panic caught: the project as it stood after the
    /// last edit applied is written to the recovery file, and a note for
    /// the next start names it and the crash report. The window must end
    /// after an `Err`.
    pub fn frame(&mut self, ui: &mut egui::Ui) -> Result<(), Panicked> {
        match catch_unwind(AssertUnwindSafe(|| self.ui(ui))) {
            Ok(()) => Ok(()),
            Err(_) => Err(self.after_panic()),
        }
    }

    fn after_panic(&mut self) -> Panicked {
        let panicked = crash::take_last().unwrap_or(Panicked {
            message: "(the panic hook was not installed)".to_owned(),
            report: None,
        });
        let recovery_path = self.recovery_file();
        let recovery = if self.crash.editing {
            // Half an edit is not work to keep: the last autosave, if any, is.
            recovery_path.exists().then_some(recovery_path)
        } else if self.is_dirty() {
            // The view as last saved: the panes' state may be what the
            // panic left half changed.
            let (project, view) = (&self.ws.project, &self.ws.view);
            match recovery::write_recovery(&recovery_path, project, view, &self.ws.corpus.root) {
                Ok(()) => Some(recovery_path),
                Err(err) => {
                    tracing::error!("after a panic, the recovery file could not be written: {err}");
                    None
                }
            }
        } else {
            None
        };
        // Absolute: the next start may run from another folder.
        let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let pending = Pending {
            project: self.ws.path.as_deref().map(absolute),
            recovery: recovery.as_deref().map(absolute),
            autosaved_only: self.crash.editing,
            report: panicked.report.clone(),
            message: panicked.message.clone(),
        };
        if let Some(report) = &panicked.report {
            let kept = match &pending.recovery {
                Some(path) => format!("unsaved work kept in: {}", path.display()),
                None => "no unsaved work".to_owned(),
            };
            crash::append_to_report(report, &kept);
        }
        let reports = crash::reports_dir(&self.config.state_dir);
        if let Err(err) = crash::write_pending(&reports, &pending) {
            tracing::error!(
                "after a panic, the note for the next start could not be written: {err}"
            );
        }
        tracing::error!(recovery = ?pending.recovery, "the window ends after a panic");
        panicked
    }

    /// The note a crashed window left, as the question this start asks.
    pub(super) fn read_crash_note(&mut self) {
        let reports = crash::reports_dir(&self.config.state_dir);
        let Some(pending) = crash::read_pending(&reports) else {
            return;
        };
        tracing::info!(recovery = ?pending.recovery, "the last window ended in a panic");
        self.ui.crash_offer = Some(CrashOffer {
            project: pending.project,
            recovery: pending.recovery.filter(|path| path.exists()),
            autosaved_only: pending.autosaved_only,
            report: pending.report,
            reports_dir: reports,
        });
    }

    /// Answers the crash question: restore (open the project, its recovered
    /// work applied as one undoable step) or not now.
    pub(super) fn answer_crash(&mut self, answer: ui::about::CrashAnswer) {
        let Some(offer) = self.ui.crash_offer.take() else {
            return;
        };
        crash::clear_pending(&crash::reports_dir(&self.config.state_dir));
        if answer == ui::about::CrashAnswer::Dismiss {
            return;
        }
        match (offer.project, offer.recovery) {
            (Some(project), Some(_)) => {
                self.crash.restore_after_load = true;
                self.start_load(project);
            }
            // A project never saved: its recovery file is the project.
            (None, Some(recovery)) => self.start_load(recovery),
            (_, None) => self.say(StatusMessage::info("There was no unsaved work to restore")),
        }
    }

    /// Changes the project through its history (apply, undo, redo), marked
    /// as under way: a panic inside leaves a project that is not written out.
    pub(super) fn changing<T>(
        &mut self,
        change: impl FnOnce(&mut crate::model::History, &mut crate::model::Project) -> T,
    ) -> T {
        self.crash.editing = true;
        let result = change(&mut self.history, &mut self.ws.project);
        self.crash.editing = false;
        result
    }

    /// Help > About: the version and the app's folders.
    pub(super) fn show_about(&mut self) {
        let log_dir = crash::logs_dir(&self.config.state_dir);
        self.ui.about = Some(ui::about::About {
            version: crate::version::LINE.to_owned(),
            config_dir: self.config.config_dir.clone(),
            data_dir: self.config.data_dir.clone(),
            state_dir: self.config.state_dir.clone(),
            cache_dir: self.config.cache_dir.join("diptych"),
            log_file: Some(log_dir.join(crate::logging::LogFile::FILE_NAME))
                .filter(|path| path.exists()),
            log_dir,
        });
    }

    /// Shows `folder` in the system's file manager (made first if missing).
    pub(super) fn open_folder(&mut self, folder: &Path) {
        let opened = std::fs::create_dir_all(folder)
            .map_err(|err| err.to_string())
            .and_then(|()| self.dialogs.open_folder(folder));
        if let Err(err) = opened {
            self.say(StatusMessage::error(format!(
                "Cannot open {}: {err}",
                folder.display()
            )));
        }
    }

    /// Called when a project is shown: the recovery the crash question
    /// asked for is applied at once.
    pub(super) fn restore_if_asked(&mut self) {
        if std::mem::take(&mut self.crash.restore_after_load) && self.ui.recovery_offer.is_some() {
            self.recover(true);
        }
    }
}

/// Opens the window on a project file or a folder (or the sample project) and runs until it closes.
pub fn run(
    path: Option<&Path>,
    annotator: Option<String>,
    verbosity: Verbosity,
) -> anyhow::Result<()> {
    let config = AppConfig {
        annotator,
        ..AppConfig::default()
    };
    let logs = crash::logs_dir(&config.state_dir);
    match logging::init_window(verbosity, &logs) {
        Ok(file) => {
            tracing::info!(log = %file.path().display(), "Diptych {} starts", crate::version::LINE)
        }
        Err(err) => eprintln!("diptych: cannot write the log in {}: {err}", logs.display()),
    }
    crash::install_hook(&crash::reports_dir(&config.state_dir));
    // Before the load job, which runs lowered, could start it.
    crate::io::background::start_rayon_at_ui_priority();
    let path = match path {
        Some(path) => path.to_owned(),
        None => sample::sample_project(&config.data_dir)?,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Diptych")
            .with_app_id(ui::icon::APP_ID)
            .with_icon(ui::icon::window_icon())
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
            let app =
                DiptychApp::loading(&path, config, Box::new(dialogs::NativeDialogs::default()));
            let ctx = cc.egui_ctx.clone();
            app.termination.listen(move || ctx.request_repaint());
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
