//! Helpers shared by the window tests: the app on a copy of the sample
//! project, driven headless through kittest. A test binary that uses this
//! declares `mod common;` too.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use diptych::app::dialogs::NoDialogs;
use diptych::app::{AppConfig, DiptychApp};
use diptych::io::corpus::ImportOptions;
use diptych::io::workspace::Workspace;
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};

/// The two sample articles, as the panes show them at opening.
pub const FIRST: &str = "000_fcbbd4f1fe241d7e.txt";
pub const SECOND: &str = "001_d855b870b5cef35b.txt";

/// A copy of the sample project in a temp folder, with a `data` folder for the app.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub project: PathBuf,
}

pub fn fixture() -> Fixture {
    let (dir, project) = crate::common::sample_copy();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    Fixture { dir, project }
}

/// The app's settings for a test: its files in `dir/data` and
/// `dir/config`, annotating as "tester".
pub fn config(dir: &Path) -> AppConfig {
    AppConfig {
        data_dir: dir.join("data"),
        config_dir: dir.join("config"),
        annotator: Some("tester".to_owned()),
        cache_dir: dir.join("cache"),
        state_dir: dir.join("state"),
        test_panic: None,
    }
}

/// The app on the fixture's project, opened as the window opens it (its
/// articles' texts held packed, as the window holds them).
pub fn open_app(fx: &Fixture) -> DiptychApp {
    let cancel = AtomicBool::new(false);
    let (ws, report) =
        Workspace::open(&fx.project, &ImportOptions::window(), &|_| {}, &cancel).unwrap();
    // (A text of a few words would not be smaller packed: it stays as it is.)
    let long = ws.corpus.documents.values().filter(|d| d.byte_len() > 1000);
    assert!(long.clone().count() >= 2 && long.into_iter().all(|d| d.is_packed()));
    DiptychApp::new(ws, Some(report), config(fx.dir.path()), Box::new(NoDialogs))
}

/// A harness builder with the window's size and fonts.
pub fn builder() -> HarnessBuilder<DiptychApp> {
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        // Compare mode settles its rows over a few frames (padding measured,
        // then the panes brought level).
        .with_max_steps(12)
        .with_context_setup(diptych::ui::fonts::install)
}

/// The harness over `app`, built by `builder`.
pub fn build(builder: HarnessBuilder<DiptychApp>, app: DiptychApp) -> Harness<'static, DiptychApp> {
    builder.build_ui_state(|ui, app: &mut DiptychApp| app.ui(ui), app)
}

/// The window showing `app`, after its first frames.
pub fn harness(app: DiptychApp) -> Harness<'static, DiptychApp> {
    let mut harness = build(builder(), app);
    harness.run();
    harness
}

/// Steps the window until its background load ends (at most `limit`), then runs it.
pub fn wait_loaded(harness: &mut Harness<'_, DiptychApp>, limit: Duration) {
    let started = Instant::now();
    while harness.state().is_loading() {
        assert!(started.elapsed() < limit, "still loading");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run();
}

/// Steps the window until a node labelled `label` shows (at most `limit`):
/// for answers that come from a thread (the library's search).
pub fn wait_for_label(harness: &mut Harness<'_, DiptychApp>, label: &str, limit: Duration) {
    let started = Instant::now();
    while harness.query_by_label(label).is_none() {
        assert!(started.elapsed() < limit, "{label:?} never showed");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Presses or releases the primary button at `pos`.
pub fn pointer(harness: &Harness<'_, DiptychApp>, pos: egui::Pos2, pressed: bool) {
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    });
}

/// A click of the primary button at `pos`, then the frames it causes.
pub fn click_at(harness: &mut Harness<'_, DiptychApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    pointer(harness, pos, true);
    pointer(harness, pos, false);
    harness.run();
}
