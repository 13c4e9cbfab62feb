//! The window's save when the command line changed the project meanwhile:
//! never a silent overwrite of the other program's work. The window
//! watches its file, takes another program's version in, or asks.

mod common;
mod window;

use std::fs;
use std::time::{Duration, Instant};

use common::{describe, diptych};
use diptych::app::DiptychApp;
use diptych::io::lock::ProjectLock;
use diptych::io::project_file;
use diptych::model::{Annotation, Edit, Project};
use diptych::ui::command::Level;
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{fixture, harness, open_app};

/// Steps the window (the watcher works on its own thread) until `done`
/// holds, for at most ten seconds.
fn wait_until(harness: &mut Harness<'_, DiptychApp>, done: impl Fn(&DiptychApp) -> bool) {
    let started = Instant::now();
    while !done(harness.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "waited in vain; status: {:?}",
            harness.state().ui.message
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
}

/// An unsaved edit of the window's own: a note on its first annotation.
fn note_first_annotation(harness: &mut Harness<'_, DiptychApp>, note: &str) -> Annotation {
    let app = harness.state_mut();
    let mut annotation = app.ws.project.annotations.values().next().unwrap().clone();
    annotation.note = note.to_owned();
    app.history
        .apply(
            &mut app.ws.project,
            Edit::UpdateAnnotation(Box::new(annotation.clone())),
        )
        .unwrap();
    assert!(app.is_dirty());
    annotation
}

/// `diptych suggest --write` on the fixture's project: another program's save.
fn suggest_from_the_command_line(fx: &window::Fixture) -> Project {
    let project = fx.project.to_string_lossy().into_owned();
    let out = diptych(&["suggest", &project, "--write"]);
    assert!(out.status.success(), "{}", describe(&out));
    project_file::load(&fx.project).unwrap()
}

fn suggestions(project: &Project) -> usize {
    project
        .annotations
        .values()
        .filter(|a| a.status.is_suggested())
        .count()
}

#[test]
fn a_window_with_nothing_unsaved_shows_what_the_command_line_saved() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = project_file::load(&fx.project).unwrap();
    let theirs = suggest_from_the_command_line(&fx);
    assert_ne!(theirs, before);
    let theirs_bytes = fs::read(&fx.project).unwrap();
    // Ctrl+S at once, with no edit of its own (the reported case): their
    // work is never overwritten, whether the watcher has seen it yet or not.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    wait_until(&mut harness, |app| {
        app.ws.project.annotations == theirs.annotations
    });
    assert!(
        fs::read(&fx.project).unwrap() == theirs_bytes,
        "their work was overwritten"
    );
    let app = harness.state();
    assert!(!app.is_dirty(), "their version is the saved one");
    let message = app.ui.message.clone().unwrap();
    assert!(
        message.level == Level::Info && message.text.contains("saved by another program"),
        "{message:?}"
    );
    // Saves from here replace their version, which this window now shows.
    note_first_annotation(&mut harness, "mine");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = project_file::load(&fx.project).unwrap();
    assert_eq!(suggestions(&saved), suggestions(&theirs));
    assert!(saved.annotations.values().any(|a| a.note == "mine"));
    // Undo takes their version out again, as one step.
    let app = harness.state_mut();
    app.history.undo(&mut app.ws.project).unwrap();
    app.history.undo(&mut app.ws.project).unwrap();
    assert_eq!(app.ws.project.annotations, before.annotations);
}

#[test]
fn unsaved_edits_are_asked_about_then_taken_onto_their_version_as_one_step() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let mine = note_first_annotation(&mut harness, "checked by me");
    let theirs = suggest_from_the_command_line(&fx);
    wait_until(&mut harness, |app| app.ui.on_disk.asking);
    // Nothing was taken in or written before the user answers.
    assert_eq!(suggestions(&harness.state().ws.project), 0);
    assert!(harness.query_by_label("Take their changes in").is_some());
    harness.get_by_label("Take their changes in").click();
    harness.run();
    let app = harness.state();
    assert!(!app.ui.on_disk.asking && app.ui.on_disk.pending.is_none());
    assert_eq!(suggestions(&app.ws.project), suggestions(&theirs));
    assert_eq!(app.ws.project.annotations[&mine.id].note, "checked by me");
    assert!(app.is_dirty(), "the window's own edit is still unsaved");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = project_file::load(&fx.project).unwrap();
    assert_eq!(suggestions(&saved), suggestions(&theirs));
    assert_eq!(saved.annotations[&mine.id].note, "checked by me");
    // Taking theirs in was one step: one undo leaves only the window's edit.
    let app = harness.state_mut();
    app.history.undo(&mut app.ws.project).unwrap();
    assert_eq!(suggestions(&app.ws.project), 0);
    assert_eq!(app.ws.project.annotations[&mine.id].note, "checked by me");
}

#[test]
fn annotations_both_added_under_one_id_are_all_kept_when_taken_in() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    // The window adds an annotation under the next id...
    let app = harness.state_mut();
    let id = app.ws.project.next_annotation_id();
    let mut mine = app.ws.project.annotations.values().next().unwrap().clone();
    mine.id = id;
    mine.note = "added here".to_owned();
    app.history
        .apply(&mut app.ws.project, Edit::AddAnnotation(Box::new(mine)))
        .unwrap();
    // ...and the command line's suggestions take that id and the next ones.
    let theirs = suggest_from_the_command_line(&fx);
    assert!(theirs.annotations.contains_key(&id), "both used {id}");
    wait_until(&mut harness, |app| app.ui.on_disk.asking);
    harness.get_by_label("Take their changes in").click();
    harness.run();
    let project = &harness.state().ws.project;
    assert_eq!(
        project.annotations[&id], theirs.annotations[&id],
        "theirs keeps its id"
    );
    let added: Vec<_> = project
        .annotations
        .values()
        .filter(|a| a.note == "added here")
        .collect();
    assert_eq!(added.len(), 1);
    assert!(added[0].id > id, "mine moved to a new id");
    assert_eq!(suggestions(project), suggestions(&theirs));
    assert_eq!(project.annotations.len(), theirs.annotations.len() + 1);
}

#[test]
fn overwriting_their_version_is_on_purpose_and_keeps_it_in_the_backup() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let mine = note_first_annotation(&mut harness, "mine wins");
    suggest_from_the_command_line(&fx);
    let theirs_bytes = fs::read(&fx.project).unwrap();
    wait_until(&mut harness, |app| app.ui.on_disk.asking);
    // "Decide later": Ctrl+S asks again instead of writing.
    harness.get_by_label("Decide later").click();
    harness.run();
    assert!(!harness.state().ui.on_disk.asking);
    assert!(
        harness
            .query_by_label("Changed by another program")
            .is_some()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(harness.state().ui.on_disk.asking);
    assert!(fs::read(&fx.project).unwrap() == theirs_bytes);
    harness.get_by_label("Overwrite theirs").click();
    harness.run();
    let saved = project_file::load(&fx.project).unwrap();
    assert_eq!(suggestions(&saved), 0);
    assert_eq!(saved.annotations[&mine.id].note, "mine wins");
    let backup = fs::read(diptych::io::atomic::backup_path(&fx.project)).unwrap();
    assert!(backup == theirs_bytes, "their version is in the backup");
    assert!(!harness.state().is_dirty());
    assert!(
        harness
            .query_by_label("Changed by another program")
            .is_none()
    );
}

/// The window's note on its first annotation, and another program's
/// different note on the same annotation, saved to the file.
fn both_change_one_annotation(
    harness: &mut Harness<'_, DiptychApp>,
    fx: &window::Fixture,
) -> (Annotation, Vec<u8>) {
    let mine = note_first_annotation(harness, "my note");
    let mut theirs = project_file::load(&fx.project).unwrap();
    theirs.annotations.get_mut(&mine.id).unwrap().note = "their note".to_owned();
    project_file::save(&theirs, &Default::default(), &fx.project).unwrap();
    let theirs_bytes = fs::read(&fx.project).unwrap();
    wait_until(harness, |app| app.ui.on_disk.asking);
    (mine, theirs_bytes)
}

#[test]
fn both_changing_one_annotation_keeps_both_versions_for_a_decision() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let (mine, _) = both_change_one_annotation(&mut harness, &fx);
    harness.get_by_label("Take their changes in").click();
    harness.run();
    let app = harness.state();
    assert!(!app.ui.on_disk.asking);
    // Mine stays under its id; theirs is kept beside it, marked as conflicting.
    assert_eq!(app.ws.project.annotations[&mine.id].note, "my note");
    let twin = app
        .ws
        .project
        .annotations
        .values()
        .find(|a| a.note == "their note")
        .expect("their version is kept");
    assert_eq!(twin.conflict_with, Some(mine.id));
    let message = app.ui.message.clone().unwrap();
    assert!(
        message.text.contains("1 conflict") && message.text.contains("Keep this one"),
        "{message:?}"
    );
    // The inspector settles it; saving writes what was decided.
    let twin = twin.id;
    harness.state_mut().ui.selected = Some(twin);
    harness.run();
    harness.get_by_label("Keep this one").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = project_file::load(&fx.project).unwrap();
    assert!(!saved.annotations.contains_key(&mine.id));
    assert_eq!(saved.annotations[&twin].note, "their note");
    assert_eq!(saved.annotations[&twin].conflict_with, None);
}

#[test]
fn mine_can_be_saved_elsewhere_and_theirs_stays() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let (mine, theirs_bytes) = both_change_one_annotation(&mut harness, &fx);
    // Save mine as: the path field (no native dialog here), then theirs stays.
    harness.get_by_label("Save mine as…").click();
    harness.run();
    let elsewhere = fx.dir.path().join("projects/mine.ron");
    harness.get_by_label("Path").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path")
        .type_text(&elsewhere.display().to_string());
    harness.key_press(Key::Enter);
    harness.run();
    assert!(fs::read(&fx.project).unwrap() == theirs_bytes);
    assert_eq!(
        project_file::load(&elsewhere).unwrap().annotations[&mine.id].note,
        "my note"
    );
    let app = harness.state();
    assert_eq!(app.ws.path.as_deref(), Some(elsewhere.as_path()));
    assert!(!app.is_dirty());
    harness.run();
    assert!(harness.state().ui.on_disk.pending.is_none());
}

#[test]
fn a_version_that_cannot_be_read_is_asked_about_and_can_be_overwritten() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let mine = note_first_annotation(&mut harness, "my note");
    // Another program leaves a broken file (a merge's conflict markers).
    let broken = "<<<<<<< HEAD\n(format: \"diptych-project\",\n=======\n>>>>>>> b\n";
    fs::write(&fx.project, broken).unwrap();
    wait_until(&mut harness, |app| app.ui.on_disk.asking);
    let conflict = harness
        .state()
        .ui
        .on_disk
        .pending
        .clone()
        .unwrap()
        .conflict
        .unwrap();
    assert!(
        conflict.starts_with("their version cannot be read"),
        "{conflict}"
    );
    // Save asks again rather than failing; Overwrite writes mine, theirs in the backup.
    harness.get_by_label("Decide later").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(harness.state().ui.on_disk.asking);
    harness.get_by_label("Overwrite theirs").click();
    harness.run();
    let saved = project_file::load(&fx.project).unwrap();
    assert_eq!(saved.annotations[&mine.id].note, "my note");
    let backup = fs::read_to_string(diptych::io::atomic::backup_path(&fx.project)).unwrap();
    assert_eq!(backup, broken);
}

#[test]
fn a_file_removed_then_made_again_is_not_overwritten_unasked() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    note_first_annotation(&mut harness, "my note");
    fs::remove_file(&fx.project).unwrap();
    wait_until(&mut harness, |app| {
        app.ui
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("was removed or renamed"))
    });
    // Another program writes a project there before this window saves.
    let theirs = project_file::load(&common::repo().join("projects/seeds.ron")).unwrap();
    project_file::save(&theirs, &Default::default(), &fx.project).unwrap();
    let theirs_bytes = fs::read(&fx.project).unwrap();
    harness.state_mut().save_to(&fx.project.clone());
    harness.run();
    assert!(
        fs::read(&fx.project).unwrap() == theirs_bytes,
        "theirs was overwritten"
    );
    assert!(
        harness.state().ui.on_disk.asking,
        "the window asks about it"
    );
}

#[test]
fn a_second_window_on_the_project_is_told_the_first_has_it_open() {
    let fx = fixture();
    let first = harness(open_app(&fx));
    assert_eq!(first.state().ui.on_disk.other_window, None);
    let second = harness(open_app(&fx));
    let holder = second.state().ui.on_disk.other_window.clone().unwrap();
    assert!(
        holder.contains("diptych (window)")
            && holder.contains(&format!("pid {}", std::process::id())),
        "{holder}"
    );
    assert!(second.query_by_label("Open in another window").is_some());
    drop(first);
    // The marker goes with the first window; a window opened now is alone.
    let third = harness(open_app(&fx));
    assert_eq!(third.state().ui.on_disk.other_window, None);
    drop(second);
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
