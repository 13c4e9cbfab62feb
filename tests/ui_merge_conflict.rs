//! The window on a project a merge left with a conflict (two versions of
//! one annotation): the inspector's warning and its two buttons.

mod common;
mod window;

use diptych::io::project_file;
use diptych::model::{Annotation, AnnotationId, DocumentId};
use diptych::ui::command::UiCommand;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use window::{FIRST, fixture, harness, open_app};

#[test]
fn keep_the_other_settles_a_merge_conflict_in_one_undoable_step() {
    let fx = fixture();
    // A merge kept their version of the first article's first annotation
    // beside ours, marked as conflicting with it.
    let (mut project, view) = project_file::load_with_view(&fx.project).unwrap();
    let ours = project.annotations_of(&DocumentId::from(FIRST))[0].clone();
    let copy = project.next_annotation_id();
    let theirs = Annotation {
        id: copy,
        note: "their reading".to_owned(),
        conflict_with: Some(ours.id),
        ..ours.clone()
    };
    project.annotations.insert(copy, theirs.clone());
    project_file::save(&project, &view, &fx.project).unwrap();

    let mut harness = harness(open_app(&fx));
    let stored = harness.state().ws.project.clone();
    harness.state_mut().send(UiCommand::Select(Some(copy)));
    harness.run();
    harness.get_by_label(&format!(
        "Conflicts with {} (merged from another branch)",
        ours.id
    ));
    harness.get_by_label("Keep the other").click();
    harness.run();
    let app = harness.state();
    assert!(!app.ws.project.annotations.contains_key(&copy));
    assert_eq!(app.ws.project.annotations[&ours.id], ours);
    assert_eq!(app.ui.selected, Some(ours.id));
    assert!(
        harness
            .query_by_label_contains("merged from another branch")
            .is_none()
    );

    // One undo brings both back, marked as before.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().ws.project, stored);

    // Kept the other way: theirs stays, no longer marked.
    harness.state_mut().send(UiCommand::Select(Some(copy)));
    harness.run();
    harness.get_by_label("Keep this one").click();
    harness.run();
    let project = &harness.state().ws.project;
    assert!(!project.annotations.contains_key(&ours.id));
    let kept = &project.annotations[&copy];
    assert_eq!(
        (kept.note.as_str(), kept.conflict_with),
        ("their reading", None::<AnnotationId>)
    );
}
