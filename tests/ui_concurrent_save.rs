//! The window's save when the command line changed the project meanwhile:
//! never a silent overwrite of the other program's work.

mod common;
mod window;

use std::fs;

use common::{describe, diptych};
use diptych::io::lock::ProjectLock;
use diptych::io::project_file;
use diptych::ui::command::Level;
use eframe::egui::{Key, Modifiers};
use window::{fixture, harness, open_app};

#[test]
fn saving_over_a_file_the_command_line_changed_is_refused_and_said() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = project_file::load(&fx.project).unwrap();
    let project = fx.project.to_string_lossy().into_owned();
    let out = diptych(&["suggest", &project, "--write"]);
    assert!(out.status.success(), "{}", describe(&out));
    let theirs = fs::read(&fx.project).unwrap();
    assert_ne!(project_file::load(&fx.project).unwrap(), before);
    // Ctrl+S with no edit of its own (the reported case).
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(
        fs::read(&fx.project).unwrap() == theirs,
        "their work was overwritten"
    );
    let message = harness.state().ui.message.clone().unwrap();
    assert!(
        message.level == Level::Error
            && message.text.contains("changed on disk since it was loaded")
            && message.text.contains("Your work is still open"),
        "{message:?}"
    );
    // Saved elsewhere, the window's version is kept whole and later saves
    // there go through.
    let elsewhere = fx.dir.path().join("projects/mine.ron");
    harness.state_mut().save_to(&elsewhere);
    assert_eq!(
        harness.state().ui.message.clone().unwrap().level,
        Level::Info
    );
    assert_eq!(
        project_file::load(&elsewhere).unwrap().annotations,
        before.annotations
    );
    harness.state_mut().save_to(&elsewhere);
    assert_eq!(
        harness.state().ui.message.clone().unwrap().level,
        Level::Info
    );
}

#[test]
fn the_window_does_not_save_while_a_writer_holds_the_lock() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = fs::read(&fx.project).unwrap();
    let lock = ProjectLock::acquire(&fx.project, "diptych import", std::time::Duration::ZERO);
    harness.state_mut().save_to(&fx.project);
    let message = harness.state().ui.message.clone().unwrap();
    assert!(
        message.level == Level::Error
            && message.text.contains("is being changed by diptych import"),
        "{message:?}"
    );
    assert!(
        fs::read(&fx.project).unwrap() == before,
        "the file was replaced"
    );
    drop(lock);
    harness.state_mut().save_to(&fx.project);
    assert_eq!(
        harness.state().ui.message.clone().unwrap().level,
        Level::Info
    );
}
