//! The window opens the hostile folder (tests/hostile_folder) in the
//! background and lists every skipped file with its reason.

mod hostile_folder;

use std::time::{Duration, Instant};

use diptych::app::dialogs::NoDialogs;
use diptych::app::{AppConfig, DiptychApp};
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hostile_folder as hostile;

#[cfg(unix)]
#[test]
fn the_hostile_folder_opens_and_the_skipped_files_window_lists_each_with_its_reason() {
    let h = hostile::generate(false, "127.0.0.1:9");
    let config = AppConfig {
        data_dir: h.dir.path().join("data"),
        annotator: "tester".to_owned(),
    };
    let app = DiptychApp::loading(&h.root, config, Box::new(NoDialogs));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(diptych::ui::fonts::install)
        .with_max_steps(10_000)
        .build_ui_state(|ui, app: &mut DiptychApp| app.ui(ui), app);
    let started = Instant::now();
    while harness.state().is_loading() {
        assert!(started.elapsed() < Duration::from_secs(60), "still loading");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run();
    let expected = hostile::expected_skipped(false);
    {
        let app = harness.state();
        let ids: Vec<String> = app
            .ws
            .project
            .documents
            .keys()
            .map(|d| d.as_str().to_owned())
            .collect();
        let want: Vec<String> = hostile::expected_documents()
            .into_iter()
            .map(|d| d.0)
            .collect();
        assert_eq!(ids, want);
        assert_eq!(app.ws.corpus.skipped.len(), expected.len());
        assert!(!app.ui.skipped_window.open);
    }
    assert!(harness.query_by_label("Skipped files").is_none());

    // The status bar says how many, and opens the list.
    harness
        .get_by_label(&format!("{} files skipped", expected.len()))
        .click();
    harness.run();
    assert!(harness.state().ui.skipped_window.open);
    harness.get_by_label("Skipped files");
    for (path, reason) in &expected {
        harness.get_by_label(path);
        assert!(
            harness.query_all_by_label(reason).next().is_some(),
            "{reason} not shown"
        );
    }
    let outside = harness
        .query_all_by_label("symlink points outside the corpus folder")
        .count();
    assert_eq!(outside, 2);

    // The shortcut closes it, the View menu opens it again.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    harness.run();
    assert!(!harness.state().ui.skipped_window.open);
    assert!(harness.query_by_label("binary/elf.txt").is_none());
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Skipped files").click();
    harness.run();
    assert!(harness.state().ui.skipped_window.open);
    harness.get_by_label("binary/elf.txt");
}
