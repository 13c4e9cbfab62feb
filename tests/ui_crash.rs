//! A panic never costs work (issue 16): the window driven headless, with
//! the hidden trigger of `DIPTYCH_TEST_PANIC` set in its settings. After a
//! panic in the frame, the recovery file holds the edit and a crash report
//! exists; the next start offers the work back and restores it. A panic in
//! a background job reaches the window as an error and the window stays.
//!
//! One test binary for both: the panic hook is one per process.

mod common;
mod window;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diptych::app::crash::Panicked;
use diptych::app::dialogs::{FileDialogs, Picked};
use diptych::app::{AppConfig, DiptychApp, TestPanic, crash};
use diptych::io::export::{ExportOptions, Format};
use diptych::io::project_file;
use diptych::model::{Annotation, DocumentId, Edit, LabelId, Span};
use diptych::ui::command::UiCommand;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{FIRST, build, builder, config, fixture, wait_loaded};

/// The tests one at a time: the panic hook and where it writes are one per process.
static SERIAL: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The panic a window's frame caught, as the native window would have.
static PANICKED: Mutex<Option<Panicked>> = Mutex::new(None);

/// The window whose frames run as the native window runs them: with a
/// panic caught by `DiptychApp::frame` (then kept in [`PANICKED`]).
fn window(app: DiptychApp) -> Harness<'static, DiptychApp> {
    builder().build_ui_state(
        |ui, app: &mut DiptychApp| {
            if let Err(panicked) = app.frame(ui) {
                *PANICKED.lock().unwrap() = Some(panicked);
            }
        },
        app,
    )
}

/// Dialogs that are never there, but remember the folders asked to be shown.
#[derive(Clone, Default)]
struct Recording(Arc<Mutex<Vec<PathBuf>>>);

impl FileDialogs for Recording {
    fn pick_folder(&mut self) -> Picked {
        Picked::Unavailable
    }
    fn pick_project(&mut self) -> Picked {
        Picked::Unavailable
    }
    fn save_project(&mut self, _: &Path) -> Picked {
        Picked::Unavailable
    }
    fn save_export(&mut self, _: &Path, _: Format) -> Picked {
        Picked::Unavailable
    }
    fn open_folder(&mut self, folder: &Path) -> Result<(), String> {
        self.0.lock().unwrap().push(folder.to_owned());
        Ok(())
    }
}

/// Steps the window until the project and its corpus are read, agreeing
/// to read the sample's articles (beside its folder, not in it) when asked.
fn ready(harness: &mut Harness<'_, DiptychApp>) {
    wait_loaded(harness, Duration::from_secs(30));
    if harness.state().ui.corpus_question.is_some() {
        harness.state_mut().send(UiCommand::CorpusAnswer(true));
        harness.step();
        wait_loaded(harness, Duration::from_secs(30));
    }
}

/// A claim over the first seven bytes of the first sample article.
fn claim(app: &DiptychApp) -> Annotation {
    let doc = DocumentId::from(FIRST);
    let text = &app.ws.corpus.get(&doc).expect("the sample is read").text();
    let span = Span::new(text, 0, 7).unwrap();
    let when = "2026-12-01T08:00:00Z".parse().unwrap();
    let id = app.ws.project.next_annotation_id();
    Annotation::new(id, doc, text, span, LabelId::from("claim"), "tester", when)
}

#[test]
fn a_panic_after_an_edit_keeps_the_edit_and_the_next_start_restores_it() {
    let _serial = one_at_a_time();
    let fx = fixture();
    let settings = AppConfig {
        test_panic: Some(TestPanic::AfterEdit),
        ..config(fx.dir.path())
    };
    let reports = crash::reports_dir(&settings.state_dir);
    crash::install_hook(&reports);
    let app = DiptychApp::loading(
        &fx.project,
        settings.clone(),
        Box::new(Recording::default()),
    );
    let mut harness = window(app);
    ready(&mut harness);
    let before = harness.state().ws.project.annotations.len();
    let made = claim(harness.state());
    let id = made.id;
    harness
        .state_mut()
        .send(UiCommand::Edit(Edit::AddAnnotation(Box::new(made))));

    // The frame that applies the edit panics; the harness's frame is the
    // window's, with the panic caught as the native window catches it.
    let mut frames = 0;
    let panicked = loop {
        frames += 1;
        assert!(frames < 10, "no panic");
        harness.step();
        if let Some(panicked) = PANICKED.lock().unwrap().take() {
            break panicked;
        }
    };
    // The native window ends here; the harness is left as it is.
    std::mem::forget(harness);
    assert!(
        panicked.message.contains("deliberate panic after an edit"),
        "{panicked:?}"
    );

    // The recovery file holds the edit.
    let recovery = diptych::io::target::recovery_sibling(&fx.project);
    let kept = project_file::load(&recovery).expect("the recovery file loads");
    assert_eq!(kept.annotations.len(), before + 1);
    assert_eq!(kept.annotations[&id].label, LabelId::from("claim"));
    // The crash report names the panic, the version and the work kept.
    let report = panicked.report.expect("a report was written");
    assert!(report.starts_with(&reports), "{}", report.display());
    let text = std::fs::read_to_string(&report).unwrap();
    for expected in [
        "deliberate panic after an edit",
        diptych::version::LINE,
        "backtrace:",
        std::env::consts::OS,
        &format!("unsaved work kept in: {}", recovery.display()),
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The note for the next start names them by absolute paths (it may start elsewhere).
    let note = crash::read_pending(&reports).expect("a note for the next start");
    assert_eq!(note.recovery.as_deref(), Some(recovery.as_path()));
    assert!(note.project.is_some_and(|p| p.is_absolute()));
    // The project file itself is untouched.
    let saved = project_file::load(&fx.project).unwrap();
    assert_eq!(saved.annotations.len(), before);

    // The next start (on the sample, as a bare `diptych` starts) asks.
    let dialogs = Recording::default();
    let again = AppConfig {
        test_panic: None,
        ..settings
    };
    let sample = fx.dir.path().join("projects/elsewhere.ron");
    std::fs::copy(&fx.project, &sample).unwrap();
    let app = DiptychApp::loading(&sample, again.clone(), Box::new(dialogs.clone()));
    let mut harness = build(builder(), app);
    wait_loaded(&mut harness, Duration::from_secs(30));
    harness.get_by_label("Diptych closed unexpectedly");
    harness.get_by_label_contains(&recovery.display().to_string());
    harness.get_by_label("Open report folder").click();
    harness.run();
    assert_eq!(*dialogs.0.lock().unwrap(), std::slice::from_ref(&reports));
    harness.get_by_label("Restore my work").click();
    harness.run();
    wait_loaded(&mut harness, Duration::from_secs(30));
    let app = harness.state();
    assert_eq!(app.ws.path.as_deref(), Some(fx.project.as_path()));
    assert!(
        app.ws.project.annotations.contains_key(&id),
        "the edit is back"
    );
    assert!(app.is_dirty(), "restored, not saved yet");
    assert!(app.ui.crash_offer.is_none());
    // Asked once: a third start does not ask again.
    let app = DiptychApp::loading(&sample, again, Box::new(Recording::default()));
    let mut harness = build(builder(), app);
    wait_loaded(&mut harness, Duration::from_secs(30));
    assert!(
        harness
            .query_by_label("Diptych closed unexpectedly")
            .is_none()
    );
}

#[test]
fn a_panic_in_the_export_job_reaches_the_window_as_an_error() {
    let _serial = one_at_a_time();
    let fx = fixture();
    let settings = AppConfig {
        test_panic: Some(TestPanic::InExport),
        ..config(fx.dir.path())
    };
    crash::install_hook(&crash::reports_dir(&settings.state_dir));
    let app = DiptychApp::loading(&fx.project, settings, Box::new(Recording::default()));
    let mut harness = window(app);
    ready(&mut harness);
    let out = fx.dir.path().join("out.jsonl");
    harness.state_mut().send(UiCommand::Export {
        format: Format::Jsonl,
        options: Box::new(ExportOptions::default()),
        output: out.clone(),
    });
    let started = std::time::Instant::now();
    loop {
        harness.step();
        assert!(
            PANICKED.lock().unwrap().is_none(),
            "the window's frame does not panic"
        );
        let message = harness.state().ui.message.clone();
        if let Some(message) = message.filter(|m| m.text.contains("export")) {
            assert!(
                message.text.contains("stopped by an internal error")
                    && message.text.contains("deliberate panic in the export job")
                    && message.text.contains("crash report:"),
                "{}",
                message.text
            );
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no message");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!out.exists());
    // The window goes on: a frame draws, an edit applies.
    harness.run();
    let made = claim(harness.state());
    harness
        .state_mut()
        .send(UiCommand::Edit(Edit::AddAnnotation(Box::new(made))));
    harness.run();
    assert!(harness.state().is_dirty());
}

#[test]
fn help_about_names_the_version_and_the_folders_and_opens_the_log_folder() {
    let fx = fixture();
    let dialogs = Recording::default();
    let settings = config(fx.dir.path());
    let logs = crash::logs_dir(&settings.state_dir);
    let app = DiptychApp::loading(&fx.project, settings.clone(), Box::new(dialogs.clone()));
    let mut harness = build(builder(), app);
    ready(&mut harness);
    harness.get_by_label("Help").click();
    harness.run();
    // A menu item's label is its text and its key (none here).
    harness.get_by_label("About Diptych ").click();
    harness.run();
    harness.get_by_label(&format!("Version {}", diptych::version::LINE));
    for folder in [
        &settings.config_dir,
        &settings.data_dir,
        &settings.state_dir,
        &settings.cache_dir.join("diptych"),
    ] {
        harness.get_by_label(&folder.display().to_string());
    }
    harness.get_by_label("Open log folder").click();
    harness.run();
    assert_eq!(*dialogs.0.lock().unwrap(), std::slice::from_ref(&logs));
    assert!(logs.is_dir(), "made when missing");
    // Help > Open log folder does the same from the menu.
    // Esc closes the About window.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().ui.about.is_none());
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Open log folder ").click();
    harness.run();
    assert_eq!(dialogs.0.lock().unwrap().len(), 2);
}
