//! The window asks before it reads a corpus outside the project file's
//! folder (issue 12: a shared project with `corpus: "/etc"`): nothing of it
//! is read until the user agrees, Cancel keeps the project shown, a yes is
//! remembered, and projects over their own folder (or the sample) open at once.

mod common;
mod window;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use diptych::app::DiptychApp;
use diptych::app::dialogs::NoDialogs;
use diptych::io::project_file::to_ron;
use diptych::model::{DocumentId, Project};
use diptych::ui::command::UiCommand;
use eframe::egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{Fixture, build, builder, config, fixture, harness, open_app, wait_loaded};

const QUESTION: &str = "Read articles from outside the project's folder?";

/// `fx.dir/p/p.ron` over `corpus` (as the file names it), with one article
/// `a.txt` in `fx.dir/articles` (beside the project's folder) and in `p/inside`.
fn project(fx: &Fixture, corpus: &str) -> PathBuf {
    let root = fx.dir.path();
    for folder in [root.join("articles"), root.join("p/inside")] {
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("a.txt"), "An article.").unwrap();
    }
    let path = root.join("p/p.ron");
    fs::write(&path, to_ron(&Project::new("p", corpus))).unwrap();
    path
}

/// The window on the sample's copy, asked to open `path`; after the load job.
fn opening(fx: &Fixture, path: &Path) -> Harness<'static, DiptychApp> {
    let mut harness = harness(open_app(fx));
    harness
        .state_mut()
        .send(UiCommand::OpenPath(path.to_owned()));
    harness.run();
    wait_loaded(&mut harness, Duration::from_secs(60));
    harness
}

fn asked(harness: &Harness<'_, DiptychApp>) -> bool {
    harness.query_by_label(QUESTION).is_some()
}

/// True when the window shows `path`'s project with its article read.
fn opened(harness: &Harness<'_, DiptychApp>, path: &Path) -> bool {
    let ws = &harness.state().ws;
    ws.path.as_deref() == Some(path) && ws.corpus.get(&DocumentId::from("a.txt")).is_some()
}

#[test]
fn an_outside_corpus_is_read_only_after_the_user_agrees() {
    let fx = fixture();
    let path = project(&fx, "../articles");
    let mut harness = opening(&fx, &path);
    assert!(asked(&harness), "the question is shown");
    let corpus = fx.dir.path().join("articles").canonicalize().unwrap();
    let folder = fx.dir.path().join("p").canonicalize().unwrap();
    for named in [corpus.display().to_string(), folder.display().to_string()] {
        assert!(
            harness.query_by_label_contains(&named).is_some(),
            "the question names {named}"
        );
    }
    // Nothing of it is read meanwhile: the sample stays, no load runs.
    assert!(!harness.state().is_loading());
    assert_eq!(
        harness.state().ws.path.as_deref(),
        Some(fx.project.as_path())
    );
    assert!(
        harness
            .state()
            .ws
            .corpus
            .get(&DocumentId::from("a.txt"))
            .is_none()
    );
    harness.get_by_label("Read the articles").click();
    harness.run();
    wait_loaded(&mut harness, Duration::from_secs(60));
    assert!(!asked(&harness));
    assert!(
        opened(&harness, &path),
        "the project and its article are open"
    );
}

#[test]
fn cancel_and_esc_keep_the_project_shown_and_read_nothing() {
    let fx = fixture();
    let path = project(&fx, "../articles");
    for cancel in ["click", "Esc", "Tab Tab Enter"] {
        let mut harness = opening(&fx, &path);
        assert!(asked(&harness));
        match cancel {
            "click" => harness.get_by_label("Cancel").click(),
            "Esc" => harness.key_press(Key::Escape),
            _ => {
                // Tab reaches the buttons: "Read the articles", then "Cancel".
                for _ in 0..2 {
                    harness.key_press(Key::Tab);
                    harness.run();
                }
                assert!(harness.get_by_label("Cancel").is_focused());
                harness.key_press(Key::Enter);
            }
        }
        harness.run();
        assert!(!asked(&harness), "{cancel:?}");
        assert!(!harness.state().is_loading(), "{cancel:?}");
        let app = harness.state();
        assert_eq!(app.ws.path.as_deref(), Some(fx.project.as_path()));
        assert_eq!(app.ws.project.documents.len(), 2, "the sample's articles");
        let message = app.ui.message.clone().expect("a message").text;
        assert!(message.starts_with("Not opened: "), "{message}");
        // No yes was remembered: the next open asks again.
        assert!(!fx.dir.path().join("data/corpus_consents.ron").exists());
    }
}

#[test]
fn a_yes_is_remembered_for_that_project_even_after_a_restart() {
    let fx = fixture();
    let path = project(&fx, "../articles");
    let mut harness = opening(&fx, &path);
    harness.key_press(Key::Enter);
    harness.run();
    wait_loaded(&mut harness, Duration::from_secs(60));
    assert!(opened(&harness, &path), "Enter answers yes");
    // Opened again in this window, and in a new one: no question.
    harness.state_mut().send(UiCommand::OpenPath(path.clone()));
    harness.run();
    wait_loaded(&mut harness, Duration::from_secs(60));
    assert!(!asked(&harness) && opened(&harness, &path));
    let app = DiptychApp::loading(&path, config(fx.dir.path()), Box::new(NoDialogs));
    let mut again = build(builder(), app);
    wait_loaded(&mut again, Duration::from_secs(60));
    assert!(!asked(&again) && opened(&again, &path));
    // The same project pointed at another folder outside asks again.
    fs::write(&path, to_ron(&Project::new("p", "../p2"))).unwrap();
    fs::create_dir_all(fx.dir.path().join("p2")).unwrap();
    let app = DiptychApp::loading(&path, config(fx.dir.path()), Box::new(NoDialogs));
    let mut moved = build(builder(), app);
    wait_loaded(&mut moved, Duration::from_secs(60));
    assert!(asked(&moved));
}

#[test]
fn a_corpus_inside_the_project_folder_and_the_sample_open_without_a_question() {
    let fx = fixture();
    let path = project(&fx, "inside");
    let harness = opening(&fx, &path);
    assert!(!asked(&harness));
    assert!(opened(&harness, &path));
    let sample = common::repo().join("projects/seeds.ron");
    let app = DiptychApp::loading(&sample, config(fx.dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder(), app);
    wait_loaded(&mut harness, Duration::from_secs(60));
    assert!(!asked(&harness));
    assert_eq!(harness.state().ws.project.documents.len(), 2);
}
