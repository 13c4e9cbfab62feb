//! The window opens the hostile folder (tests/hostile_folder) in the
//! background and lists every skipped file with its reason.

mod common;
mod hostile_folder;
mod window;

use std::time::Duration;

use diptych::app::DiptychApp;
use diptych::app::dialogs::NoDialogs;
use diptych::model::DocumentId;
use diptych::ui::command::{Level, UiCommand};
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hostile_folder as hostile;
use window::{build, builder, config, wait_loaded};

#[cfg(unix)]
#[test]
fn the_hostile_folder_opens_and_the_skipped_files_window_lists_each_with_its_reason() {
    // Every URL of the HTML page points at this listener: nothing may connect.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let h = hostile::generate(false, &listener.local_addr().unwrap().to_string());
    let app = DiptychApp::loading(&h.root, config(h.dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder().with_max_steps(10_000), app);
    wait_loaded(&mut harness, Duration::from_secs(60));
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

    // The page is shown as text; its images, frames and links are not loaded.
    harness.state_mut().send(UiCommand::OpenDocument {
        doc: DocumentId::from("page.html"),
        new_pane: false,
    });
    harness.run();
    assert_eq!(harness.state().ui.panes[0].doc.as_str(), "page.html");
    harness.get_by_label_contains("Headline & more");
    listener.set_nonblocking(true).unwrap();
    assert!(
        listener
            .accept()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
        "the window connected to the listener"
    );
}

#[test]
fn a_project_with_a_document_id_outside_the_corpus_is_refused_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Inside.").unwrap();
    let doc = diptych::model::Document::new(
        diptych::model::DocumentId::from("../../etc/passwd"),
        "passwd".to_owned(),
        "x".to_owned(),
        diptych::model::SourceFormat::Text,
        "UTF-8",
    );
    let mut project = diptych::model::Project::new("evil", "corpus");
    project
        .documents
        .insert(doc.id.clone(), diptych::model::DocRecord::of(&doc));
    let path = dir.path().join("evil.ron");
    let saved = diptych::io::project_file::to_ron(&project);
    std::fs::write(&path, &saved).unwrap();
    let app = DiptychApp::loading(&path, config(dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder().with_max_steps(10_000), app);
    wait_loaded(&mut harness, Duration::from_secs(60));
    let app = harness.state();
    assert!(app.ws.project.documents.is_empty(), "nothing was opened");
    let message = app.ui.message.clone().expect("an error message");
    let (message, error) = (message.text, message.level == Level::Error);
    assert!(error);
    assert!(
        message.contains("document id \"../../etc/passwd\" points outside the corpus folder"),
        "{message}"
    );
    assert!(message.contains("evil.ron:"), "{message}");
    harness.get_by_label_contains("points outside the corpus folder");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
}
