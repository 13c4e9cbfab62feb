//! Drives the real window headless (egui_kittest, no GPU) through real workflows.

mod common;
mod window;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use diptych::app::DiptychApp;
use diptych::app::dialogs::NoDialogs;
use diptych::io::workspace::Workspace;
use diptych::model::{AnnotationId, ByteOffset, DocumentId, LinkKind, Project, Sentiment};
use diptych::ui::command::Level;
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{
    FIRST, SECOND, build, builder, click_at, config, fixture, harness, open_app, pointer,
};

fn doc_text(app: &DiptychApp, doc: &str) -> String {
    app.ws
        .corpus
        .get(&DocumentId::from(doc))
        .unwrap()
        .text()
        .to_string()
}

/// Selects `needle` in pane `pane` through the reader's selection API.
fn select_text(harness: &mut Harness<'_, DiptychApp>, pane: usize, needle: &str) -> (usize, usize) {
    let app = harness.state_mut();
    let doc = app.ui.panes[pane].doc.clone();
    let text = doc_text(app, doc.as_str());
    let start = text.find(needle).expect("needle in text");
    app.ui.active = pane;
    app.ui.panes[pane]
        .reader
        .set_selection(ByteOffset(start), ByteOffset(start + needle.len()));
    harness.run();
    (start, start + needle.len())
}

fn newest_annotation(app: &DiptychApp) -> &diptych::model::Annotation {
    app.ws.project.annotations.values().next_back().unwrap()
}

#[test]
fn opens_the_sample_side_by_side() {
    let fx = fixture();
    let harness = harness(open_app(&fx));
    let app = harness.state();
    let docs: Vec<&str> = app.ui.panes.iter().map(|p| p.doc.as_str()).collect();
    assert_eq!(docs, [FIRST, SECOND]);
    assert!(!app.is_dirty());
    assert_eq!(
        app.window_title(),
        "Seeds: OpenAI and AWS, two versions — Diptych"
    );
    // The library lists both documents with their annotation counts.
    harness.get_by_label_contains("2 of 2 documents");
    assert!(
        !harness
            .query_all_by_label_contains("annotations")
            .collect::<Vec<_>>()
            .is_empty()
    );
}

#[test]
fn a_label_key_makes_a_claim_of_exactly_the_selection_and_undo_redo_step_through() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = harness.state().ws.project.clone();
    // Select with surrounding spaces: the span is trimmed to the words.
    let (start, end) = select_text(&mut harness, 0, " Pete Hegseth broke down. ");
    harness.key_press(Key::Num1);
    harness.run();
    let app = harness.state();
    let a = newest_annotation(app);
    assert_eq!(a.quote.exact(), "Pete Hegseth broke down.");
    assert_eq!((a.span.start.0, a.span.end.0), (start + 1, end - 1));
    assert_eq!(app.ws.project.labels.name_of(&a.label), "Claim");
    assert_eq!(&*a.annotator, "tester");
    assert_eq!(app.ui.selected, Some(a.id));
    assert!(app.is_dirty());
    assert!(app.window_title().contains('•'));
    let id = a.id;
    // Sentiment keys set (and the same key again clears).
    harness.key_press(Key::P);
    harness.run();
    assert_eq!(
        harness.state().ws.project.annotations[&id].sentiment,
        Some(Sentiment::Positive)
    );
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(
        harness.state().ws.project.annotations[&id].sentiment,
        Some(Sentiment::Negative)
    );
    // The Edit menu names the step.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo edit Claim");
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label_contains("Unsaved changes");
    // Undo each step, then redo each step.
    for expected in [Some(Sentiment::Positive), None] {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
        assert_eq!(
            harness.state().ws.project.annotations[&id].sentiment,
            expected
        );
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().ws.project, before);
    // Undone back to the project as opened: nothing is unsaved.
    assert!(!harness.state().is_dirty());
    assert!(!harness.state().window_title().contains('•'));
    harness.get_by_label("Saved");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert!(harness.state().ws.project.annotations.contains_key(&id));
    assert!(harness.state().is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(
        harness.state().ws.project.annotations[&id].sentiment,
        Some(Sentiment::Negative)
    );
}

#[test]
fn a_termination_signal_keeps_the_unsaved_work_for_the_next_start_and_closes() {
    use diptych::io::project_file;
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = project_file::load(&fx.project).unwrap().annotations.len();
    select_text(&mut harness, 0, "Pete Hegseth broke down.");
    harness.key_press(Key::Num1);
    harness.run();
    assert!(harness.state().is_dirty());
    let recovery = diptych::io::target::recovery_sibling(&fx.project);
    assert!(!recovery.exists(), "no autosave yet");
    // What the signals' thread does on SIGTERM, then the frame it wakes.
    assert!(!harness.state().termination.ask());
    harness.step();
    assert!(harness.state().quit_requested, "the window closes");
    let kept = project_file::load(&recovery).expect("the recovery file loads");
    assert_eq!(kept.annotations.len(), before + 1);
    assert_eq!(
        project_file::load(&fx.project).unwrap().annotations.len(),
        before,
        "the project file is untouched"
    );
    drop(harness);
    // The next start offers the work back.
    let again = window::harness(open_app(&fx));
    assert_eq!(again.state().ui.recovery_offer.as_deref(), Some(&*recovery));
}

#[test]
fn unsaved_work_reaches_the_recovery_file_in_a_window_left_alone() {
    use diptych::io::project_file;
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let delay = |h: &Harness<'_, DiptychApp>| {
        h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
    };
    let autosave = Duration::from_secs(30);
    assert!(
        delay(&harness) > autosave,
        "a window at rest asks for no frame"
    );
    select_text(&mut harness, 0, "Pete Hegseth broke down.");
    harness.key_press(Key::Num1);
    harness.run();
    assert!(harness.state().is_dirty());
    // Left alone (no key, no pointer): a frame is asked for when the
    // recovery copy is due.
    let due = delay(&harness);
    assert!(due <= autosave && due > Duration::ZERO, "{due:?}");
    let recovery = diptych::io::target::recovery_sibling(&fx.project);
    assert!(!recovery.exists());
    let now = harness.ctx.input(|i| i.time);
    harness.input_mut().time = Some(now + due.as_secs_f64() + 0.1);
    harness.step();
    let kept = project_file::load(&recovery).expect("the recovery copy was written");
    assert_eq!(
        kept.annotations.len(),
        harness.state().ws.project.annotations.len()
    );
    assert!(delay(&harness) > autosave, "nothing more to ask for");
}

#[test]
fn label_buttons_and_delete_work_without_the_keyboard() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    select_text(&mut harness, 1, "Risk Warning and Disclaimer");
    harness.get_by_label("2 Disclaimer").click();
    harness.run();
    let app = harness.state();
    let a = newest_annotation(app);
    assert_eq!(app.ws.project.labels.name_of(&a.label), "Disclaimer");
    assert_eq!(a.document, DocumentId::from(SECOND));
    let id = a.id;
    harness
        .get_all_by_role_and_label(egui::accesskit::Role::Button, "Delete Del")
        .next()
        .unwrap()
        .click();
    harness.run();
    assert!(!harness.state().ws.project.annotations.contains_key(&id));
}

#[test]
fn linking_from_one_pane_to_the_other() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    select_text(&mut harness, 0, "Sensor Tower data");
    harness.key_press(Key::Num1);
    harness.run();
    let from = newest_annotation(harness.state()).id;
    select_text(&mut harness, 1, "Sensor Tower data");
    harness.key_press(Key::Num1);
    harness.run();
    let to = newest_annotation(harness.state()).id;
    // Select the first, press L, then pick the second.
    harness
        .state_mut()
        .send(diptych::ui::command::UiCommand::Select(Some(from)));
    harness.run();
    harness.key_press(Key::L);
    harness.run();
    assert_eq!(harness.state().ui.linking_from, Some(from));
    harness
        .state_mut()
        .send(diptych::ui::command::UiCommand::LinkTo(to));
    harness.run();
    let app = harness.state();
    let link = app
        .ws
        .project
        .links
        .values()
        .find(|l| l.from == from)
        .expect("a link");
    assert_eq!((link.to, link.kind), (to, LinkKind::SameClaim));
    // The far end is selected and its pane active; the inspector shows the
    // link from there. Undo removes it.
    assert_eq!(harness.state().ui.selected, Some(to));
    assert_eq!(harness.state().ui.active, 1);
    harness.get_by_label_contains("← “Sensor Tower data”");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .state()
            .ws
            .project
            .links
            .values()
            .all(|l| l.from != from)
    );
}

#[test]
fn save_as_through_the_path_field_then_reload_gives_the_same_project() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    select_text(&mut harness, 0, "one-star reviews jumped 775%");
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::M);
    harness.run();
    let out = fx.dir.path().join("projects/copy.ron");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    let field = harness.get_by_label("Path");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    field.type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let app = harness.state();
    assert!(!app.is_dirty(), "{:?}", app.ui.message);
    let (reloaded, report) = Workspace::open_blocking(&out).unwrap();
    assert!(report.is_clean());
    let same = |p: &Project| {
        (
            p.annotations.clone(),
            p.links.clone(),
            p.labels.clone(),
            p.documents.clone(),
        )
    };
    assert_eq!(same(&reloaded.project), same(&app.ws.project));
    assert_eq!(
        reloaded.view.open,
        vec![DocumentId::from(FIRST), DocumentId::from(SECOND)]
    );
    assert!(
        harness
            .state()
            .window_title()
            .ends_with("two versions — Diptych")
    );
}

#[test]
fn the_library_filter_narrows_the_list() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let filter = harness.get_by_label("Filter");
    filter.focus();
    filter.type_text("futures");
    harness.run();
    harness.get_by_label_contains("1 of 2 documents");
    // Full-text search finds words of the body too (the corpus's index, on a thread).
    harness.get_by_label("Search text").click();
    harness.step();
    let filter = harness.get_by_label("Filter");
    filter.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    filter.type_text("hegseth");
    window::wait_for_label(
        &mut harness,
        "2 matching documents",
        Duration::from_secs(30),
    );
    // Enter opens the first hit, in the active pane (the first article's).
    let filter = harness.get_by_label("Filter");
    filter.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    filter.type_text("perpetual");
    let app = harness.state();
    assert_eq!(app.ui.panes[app.ui.active].doc.as_str(), window::FIRST);
    // Pressed at once, before the answer is in: the hit opens when it comes.
    harness.key_press(Key::Enter);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while harness.state().ui.panes[harness.state().ui.active]
        .doc
        .as_str()
        != window::SECOND
    {
        assert!(std::time::Instant::now() < deadline, "Enter opened nothing");
        std::thread::sleep(Duration::from_millis(20));
        // A frame at a time: the hit that opens scrolls to it, an animation
        // `run` could count as not settling.
        harness.step();
    }
    harness.run_steps(30);
    harness.get_by_label("1 matching document");
    // A word typed half-way finds nothing yet, and says why.
    let filter = harness.get_by_label("Filter");
    filter.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    filter.type_text("perpetu");
    window::wait_for_label(
        &mut harness,
        "No matching document",
        Duration::from_secs(30),
    );
    harness.get_by_label_contains("Words are found whole");
    harness.get_by_label("Search text").click();
    harness.run();
    harness.get_by_label_contains("0 of 2 documents");
    // A filter of titles and paths that finds nothing says where else to look.
    harness.get_by_label_contains("tick Search text to look in the articles");
    // Unless the search would refuse it: then it says why instead.
    let filter = harness.get_by_label("Filter");
    filter.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    filter.type_text("foo:bar");
    harness.run();
    harness.get_by_label_contains("As a search of the articles: no filter foo:");
    assert!(
        harness
            .query_by_label_contains("tick Search text")
            .is_none()
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    select_text(&mut harness, 0, "Sensor Tower");
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().quit_requested);
    assert!(harness.query_by_label("Save changes?").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(harness.state().quit_requested);
    // The project file was not touched.
    let repo = common::repo();
    assert_eq!(
        fs::read(&fx.project).unwrap(),
        fs::read(repo.join("projects/seeds.ron")).unwrap()
    );
}

/// A window on the fixture's project that made an annotation, did `then`,
/// wrote its recovery file and was dropped unsaved: the annotation made.
fn work_left_in_recovery(
    fx: &window::Fixture,
    then: impl FnOnce(&mut Harness<'_, DiptychApp>),
) -> diptych::model::Annotation {
    let mut harness = harness(open_app(fx));
    select_text(&mut harness, 0, "Sensor Tower");
    harness.key_press(Key::Num2);
    harness.run();
    let made = newest_annotation(harness.state()).clone();
    then(&mut harness);
    // Newer than the project file by its time.
    std::thread::sleep(std::time::Duration::from_millis(20));
    harness.state_mut().autosave_now();
    made
}

#[test]
fn a_newer_recovery_file_is_offered_and_restores_the_work() {
    let fx = fixture();
    // One pane closed: the project file was saved with two.
    let made = work_left_in_recovery(&fx, |harness| {
        harness
            .state_mut()
            .send(diptych::ui::command::UiCommand::ClosePane(1));
        harness.run();
    });
    let mut harness = self::harness(open_app(&fx));
    let docs = |h: &Harness<'_, DiptychApp>| -> Vec<String> {
        (h.state().ui.panes.iter())
            .map(|p| p.doc.as_str().to_owned())
            .collect()
    };
    assert_eq!(docs(&harness), [FIRST, SECOND]);
    harness.get_by_label("Restore unsaved work?");
    harness.get_by_label("Restore").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.ws.project.annotations.get(&made.id), Some(&made));
    assert!(app.is_dirty());
    // The panes open when the work was kept are open again.
    assert_eq!(docs(&harness), [FIRST]);
    // One undo step takes the restore back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        !harness
            .state()
            .ws
            .project
            .annotations
            .contains_key(&made.id)
    );
    let _ = AnnotationId(0);
}

#[test]
fn discarding_the_offered_recovery_keeps_the_work_aside() {
    let fx = fixture();
    let made = work_left_in_recovery(&fx, |_| {});
    let stem = fx
        .project
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut harness = self::harness(open_app(&fx));
    harness.get_by_label_contains(&format!(
        "Discarding keeps it aside, as {stem}.discarded-DATE-TIME.ron beside it"
    ));
    harness.get_by_label("Discard recovery").click();
    harness.run();
    assert!(
        !harness
            .state()
            .ws
            .project
            .annotations
            .contains_key(&made.id)
    );
    harness.get_by_label_contains("The unsaved work was put aside in");
    // The work is in the file set aside beside the project, which opens
    // as a project.
    let folder = fx.project.parent().unwrap();
    let aside: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{stem}.discarded-")) && name.ends_with(".ron")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let kept = diptych::app::recovery::read_recovery(&aside[0]).unwrap();
    assert_eq!(kept.annotations.get(&made.id), Some(&made));
    drop(harness);
    // It is not offered again.
    let harness = self::harness(open_app(&fx));
    assert!(harness.query_by_label("Restore unsaved work?").is_none());
}

#[test]
fn a_folder_loads_in_the_background_then_shows_its_documents() {
    let fx = fixture();
    let app = DiptychApp::loading(
        &fx.dir.path().join("seeds"),
        config(fx.dir.path()),
        Box::new(NoDialogs),
    );
    let mut harness = build(builder().with_max_steps(10_000), app);
    for _ in 0..200 {
        harness.step();
        if !harness.state().is_loading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    let app = harness.state();
    assert!(!app.is_loading());
    assert_eq!(app.ws.project.documents.len(), 2);
    assert_eq!(app.ui.panes.len(), 2);
    assert!(
        app.ws.path.is_none(),
        "a folder opens as a new, unsaved project"
    );
    assert_eq!(app.ws.project.name, "seeds");
}

#[test]
fn ctrl_click_in_the_library_opens_a_new_pane_and_panes_close_and_move() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness
        .get_by_label_contains("● OpenAI and AWS sign agreement to sell")
        .click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert_eq!(harness.state().ui.panes.len(), 3);
    assert_eq!(harness.state().ui.active, 2);
    // Move the new pane left, then close it.
    let arrows: Vec<_> = harness.get_all_by_label("◀").collect();
    assert_eq!(arrows.len(), 3);
    let rightmost = arrows
        .into_iter()
        .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap();
    rightmost.click();
    harness.run();
    assert_eq!(
        harness.state().ui.active,
        1,
        "{:?}",
        harness.state().ui.message
    );
    let docs: Vec<&str> = harness
        .state()
        .ui
        .panes
        .iter()
        .map(|p| p.doc.as_str())
        .collect();
    assert_eq!(docs, [FIRST, FIRST, SECOND]);
    harness.get_all_by_label("Close").nth(1).unwrap().click();
    harness.run();
    let docs: Vec<&str> = harness
        .state()
        .ui
        .panes
        .iter()
        .map(|p| p.doc.as_str())
        .collect();
    assert_eq!(docs, [FIRST, SECOND]);
    // A plain click opens the document in the active pane.
    harness.state_mut().ui.active = 0;
    harness.get_by_label_contains("● Futures").click();
    harness.run();
    let docs: Vec<&str> = harness
        .state()
        .ui
        .panes
        .iter()
        .map(|p| p.doc.as_str())
        .collect();
    assert_eq!(docs, [SECOND, SECOND]);
}

#[test]
fn autosave_writes_the_recovery_file_after_30_seconds_of_unsaved_work() {
    let fx = fixture();
    let app = open_app(&fx);
    let mut harness = build(builder().with_step_dt(1.0), app);
    harness.run();
    select_text(&mut harness, 0, "Sensor Tower");
    harness.key_press(Key::Num1);
    harness.run();
    let recovery = fx.dir.path().join("projects/seeds.ron.recovery");
    harness.run_steps(5);
    assert!(!recovery.exists(), "not before 30 s");
    harness.run_steps(40);
    assert!(recovery.exists(), "autosaved after 30 s");
    harness.get_by_label_contains("a recovery copy at");
    // Saving removes the recovery file.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!recovery.exists());
    harness.get_by_label("Saved");
}

#[test]
fn a_failed_save_shows_the_error_and_keeps_the_work() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    select_text(&mut harness, 0, "Sensor Tower");
    harness.key_press(Key::Num1);
    harness.run();
    let blocker = fx.dir.path().join("blocker");
    fs::write(&blocker, "a file, not a folder").unwrap();
    harness.state_mut().save_to(&blocker.join("p.ron"));
    harness.run();
    let app = harness.state();
    assert!(app.is_dirty());
    let message = app.ui.message.clone().unwrap();
    assert!(
        message.level == Level::Error && message.text.starts_with("cannot save"),
        "{message:?}"
    );
    assert_eq!(app.ws.path.as_deref(), Some(fx.project.as_path()));
    harness.get_by_label_contains("Your work is still open");
}

#[test]
fn the_labels_window_adds_renames_and_undoes() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    let field = harness.get_by_label("New label");
    field.focus();
    field.type_text("Hedge");
    harness.run();
    harness.get_by_label("Add").click();
    harness.run();
    let labels = &harness.state().ws.project.labels;
    let hedge = labels.by_name("Hedge").expect("added").clone();
    assert_eq!(hedge.key, Some(4));
    // Key 4 now labels a selection as Hedge.
    select_text(&mut harness, 0, "Sensor Tower");
    harness.key_press(Key::Num4);
    harness.run();
    assert_eq!(newest_annotation(harness.state()).label, hedge.id);
    // Removing a label in use asks what to do with its annotations.
    // Hedge is the last row of the window.
    let remove = harness
        .get_all_by_label("Remove")
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    remove.unwrap().click();
    harness.run();
    harness.get_by_label_contains("is used by 1 annotation");
    harness.get_by_label("Keep the label").click();
    harness.run();
    assert!(harness.state().ws.project.labels.by_name("Hedge").is_some());
    // Undo the annotation and the label.
    harness.key_press(Key::Escape);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().ws.project.labels.by_name("Hedge").is_none());
}

#[test]
fn the_labels_window_says_why_a_new_name_cannot_be_added() {
    use egui_kittest::kittest::NodeT;
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    let labels = harness.state().ws.project.labels.clone();
    for (typed, why) in [
        ("claim", "\"Claim\" is already a label"),
        ("  ", "a label name cannot be empty or blank"),
    ] {
        let field = harness.get_by_label("New label");
        field.focus();
        field.type_text(typed);
        harness.run();
        harness.get_by_label_contains(why);
        let add = harness.get_by_label("Add");
        assert!(add.accesskit_node().is_disabled(), "{typed:?}");
        add.click();
        harness.run();
        assert_eq!(harness.state().ws.project.labels, labels, "{typed:?}");
        harness.get_by_label("New label").focus();
        for _ in typed.chars() {
            harness.key_press(Key::Backspace);
        }
        harness.run();
    }
}

/// A file dropped on the window, as the native backend reports it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_project_file_opens_it() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    // Beside its corpus folder: one outside the project's folder would be
    // asked about first (tests/ui_corpus_bounds.rs).
    let other = fx.dir.path().join("other.ron");
    let mut project = harness.state().ws.project.clone();
    project.name = "Other project".into();
    project.corpus_root = PathBuf::from("seeds");
    diptych::io::project_file::save(&project, &Default::default(), &other).unwrap();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(other.clone())));
    for _ in 0..200 {
        harness.step();
        if harness.state().ws.project.name == "Other project" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(harness.state().ws.path.as_deref(), Some(other.as_path()));
}

#[test]
fn the_shortcuts_window_lists_every_binding() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press(Key::F1);
    harness.run();
    for text in [
        "Label the selection as Claim",
        "Undo",
        "Link…",
        "Sentiment: mixed",
        "Save as…",
    ] {
        harness.get_by_label(text);
    }
}

/// The screen rect of the visible paragraph containing `needle`, in the pane whose left edge is
/// left of (`leftmost`) or right of the other.
fn paragraph(harness: &Harness<'_, DiptychApp>, needle: &str, leftmost: bool) -> egui::Rect {
    let rects: Vec<egui::Rect> = harness
        .get_all_by_label_contains(needle)
        .map(|n| n.rect())
        .collect();
    let pick = if leftmost {
        rects.iter().min_by(|a, b| a.left().total_cmp(&b.left()))
    } else {
        rects.iter().max_by(|a, b| a.left().total_cmp(&b.left()))
    };
    *pick.expect("paragraph on screen")
}

/// The screen rect of the reader paragraph (not an inspector row) containing `needle`.
#[track_caller]
fn reader_paragraph(harness: &Harness<'_, DiptychApp>, needle: &str) -> egui::Rect {
    harness
        .get(
            egui_kittest::kittest::By::new()
                .role(egui::accesskit::Role::Paragraph)
                .label_contains(needle),
        )
        .rect()
}

#[test]
fn keyboard_selection_in_the_reader_then_1_makes_that_claim() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    // Click at the start of the "On March 17, …" paragraph of the left pane.
    let rect = paragraph(
        &harness,
        "On March 17, according to media reports citing two sources",
        true,
    );
    click_at(
        &mut harness,
        egui::pos2(rect.left() + 0.5, rect.top() + 8.0),
    );
    for _ in 0..8 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run();
    harness.get_by_label_contains("Selection");
    harness.key_press(Key::Num1);
    harness.run();
    let app = harness.state();
    let a = newest_annotation(app);
    assert_eq!(a.quote.exact(), "On March");
    assert_eq!(a.document, DocumentId::from(FIRST));
    assert_eq!(app.ws.project.labels.name_of(&a.label), "Claim");
    // Word steps: Ctrl+Shift+Right selects "OpenAI" of the next sentence start.
    let id = a.id;
    harness.key_press(Key::P);
    harness.run();
    assert_eq!(
        harness.state().ws.project.annotations[&id].sentiment,
        Some(Sentiment::Positive)
    );
}

#[test]
fn a_simulated_drag_selects_and_2_tags_it_as_disclaimer() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let rect = paragraph(&harness, "Access hundreds of perpetual contracts", false);
    let from = egui::pos2(rect.left() + 0.5, rect.top() + 8.0);
    let to = egui::pos2(rect.right() - 2.0, rect.bottom() - 6.0);
    harness.hover_at(from);
    pointer(&harness, from, true);
    for k in 1..=5 {
        harness.hover_at(from + (to - from) * (k as f32 / 5.0));
    }
    pointer(&harness, to, false);
    harness.run();
    let selected = {
        let app = harness.state();
        let (start, end) = app.ui.panes[1].reader.selection().expect("a selection");
        doc_text(app, SECOND)[start.0..end.0].to_owned()
    };
    assert!(selected.starts_with("Access hundreds"), "{selected:?}");
    harness.key_press(Key::Num2);
    harness.run();
    let app = harness.state();
    let a = newest_annotation(app);
    assert_eq!(a.quote.exact(), selected.trim());
    assert_eq!(app.ws.project.labels.name_of(&a.label), "Disclaimer");
    assert_eq!(a.document, DocumentId::from(SECOND));
}

#[test]
fn clicking_highlights_in_two_panes_links_them() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = harness.state().ws.project.links.len();
    // Click a highlight in the left pane: it is selected.
    let left = paragraph(&harness, "Highlight: Claim", true);
    click_at(&mut harness, left.center());
    let from = harness
        .state()
        .ui
        .selected
        .expect("clicking a highlight selects it");
    assert_eq!(
        harness.state().ws.project.annotations[&from].document,
        DocumentId::from(FIRST)
    );
    harness.key_press(Key::L);
    harness.run();
    // Pick one in the right pane (whatever is visible there: the menu is boilerplate).
    let pane = harness.get_by_label("Reader: Futures").rect();
    let right = harness
        .get_all_by_label_contains("Highlight: ")
        .map(|n| n.rect())
        .find(|r| pane.contains(r.center()))
        .expect("a highlight in the right pane");
    click_at(&mut harness, right.center());
    let app = harness.state();
    assert_eq!(app.ws.project.links.len(), before + 1);
    let link = app.ws.project.links.values().next_back().unwrap();
    assert_eq!(link.from, from);
    assert_eq!(
        app.ws.project.annotations[&link.to].document,
        DocumentId::from(SECOND)
    );
    assert_eq!(app.ui.linking_from, None);
    // The inspector shows one document: the far end is selected, in the
    // pane it was clicked in, which is the active one.
    assert_eq!(app.ui.selected, Some(link.to));
    assert_eq!(app.ui.panes[app.ui.active].doc, DocumentId::from(SECOND));
    // Clicking into the other pane moves the inspector there and deselects.
    let left_pane = harness.get_by_label_contains("Reader: OpenAI").rect();
    click_at(
        &mut harness,
        left_pane.center_bottom() - egui::vec2(0.0, 5.0),
    );
    let app = harness.state();
    assert_eq!(app.ui.panes[app.ui.active].doc, DocumentId::from(FIRST));
    assert!(
        app.ui
            .selected
            .is_none_or(|id| app.ws.project.annotations[&id].document == DocumentId::from(FIRST)),
        "no annotation of the other document stays selected"
    );
}

#[test]
fn export_then_import_from_the_file_menu() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let out = fx.dir.path().join("out/seeds.jsonl");
    fs::create_dir_all(out.parent().unwrap()).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    let field = harness.get_by_label("Output");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Output")
        .type_text(&out.display().to_string());
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    for _ in 0..300 {
        harness.step();
        if out.exists()
            && harness
                .state()
                .ui
                .message
                .as_ref()
                .is_some_and(|m| m.text.starts_with("Exported"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    let message = harness.state().ui.message.clone().unwrap();
    let (message, error) = (message.text, message.level == Level::Error);
    assert!(
        !error && message.starts_with("Exported 45 spans of 2 documents, codepoint offsets"),
        "{message}"
    );
    let lines = fs::read_to_string(&out).unwrap();
    assert_eq!(lines.lines().count(), 2);
    // Import it into a project without annotations, as suggestions: one undo step.
    {
        let app = harness.state_mut();
        app.ws.project.annotations.clear();
        app.ws.project.links.clear();
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    let field = harness.get_by_label("File to import");
    field.focus();
    field.type_text(&out.display().to_string());
    harness.run();
    harness
        .get_by_label("Import as suggestions (to accept or reject)")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Import")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.ws.project.annotations.len(), 45, "{:?}", app.ui.message);
    assert!(
        app.ws
            .project
            .annotations
            .values()
            .all(|a| a.status.is_suggested())
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().ws.project.annotations.is_empty());
}

#[test]
fn suggest_then_accept_and_reject_from_the_keyboard() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let before = harness.state().ws.project.annotations.len();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    let suggested: Vec<AnnotationId> = {
        let app = harness.state();
        app.ws
            .project
            .annotations
            .values()
            .filter(|a| a.status.is_suggested())
            .map(|a| a.id)
            .collect()
    };
    assert!(!suggested.is_empty(), "{:?}", harness.state().ui.message);
    assert_eq!(
        harness.state().ws.project.annotations.len(),
        before + suggested.len()
    );
    // Accept the first with A, reject the second with R.
    harness
        .state_mut()
        .send(diptych::ui::command::UiCommand::Select(Some(suggested[0])));
    harness.run();
    harness.key_press(Key::A);
    harness.run();
    assert!(
        !harness.state().ws.project.annotations[&suggested[0]]
            .status
            .is_suggested()
    );
    if let Some(&second) = suggested.get(1) {
        harness
            .state_mut()
            .send(diptych::ui::command::UiCommand::Select(Some(second)));
        harness.run();
        harness.key_press(Key::R);
        harness.run();
        let app = harness.state();
        assert!(!app.ws.project.annotations.contains_key(&second));
        assert_eq!(app.ws.project.rejected.len(), 1);
        // Suggesting again does not bring the rejected one back.
        harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
        harness.run();
        let app = harness.state();
        let rejected = app.ws.project.rejected.iter().next().unwrap().clone();
        assert!(
            !app.ws
                .project
                .annotations
                .values()
                .any(|a| a.document == rejected.document
                    && a.span == rejected.span
                    && a.label == rejected.label)
        );
    }
    // Each step undoes: back to the start.
    let start_len = before;
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    }
    harness.run();
    let app = harness.state();
    assert!(app.ws.project.annotations.len() == start_len && app.ws.project.rejected.is_empty());
}

#[test]
fn compare_mode_lines_up_the_two_versions_and_follows_clicks() {
    const LEFT: &str = "On March 17, according to media reports citing two sources";
    const RIGHT: &str = "On March 17, according to media reports citing two insiders";
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(harness.state().ui.compare);
    // Bring the left paragraph into view: once the rows settle, the right
    // pane comes level with the active (left) one.
    let app = harness.state_mut();
    let at = doc_text(app, FIRST).find(LEFT).unwrap();
    app.ui.panes[0].reader.scroll_to(ByteOffset(at));
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.ui.panes[1].reader.scroll_offset(),
        app.ui.panes[0].reader.scroll_offset()
    );
    assert!(harness.query_by_label_contains(RIGHT).is_some());
    // A click on it keeps the right pane at the same offset, where the
    // counterpart starts on the same row.
    let left = reader_paragraph(&harness, LEFT);
    click_at(
        &mut harness,
        egui::pos2(left.left() + 30.0, left.top() + 8.0),
    );
    harness.run();
    let app = harness.state();
    let offset = app.ui.panes[0].reader.scroll_offset();
    assert!(offset > 100.0);
    assert_eq!(app.ui.panes[1].reader.scroll_offset(), offset);
    let left = reader_paragraph(&harness, LEFT);
    let right = reader_paragraph(&harness, RIGHT);
    assert!(
        left.right() < right.left(),
        "left {left:?}, right {right:?}"
    );
    assert!(
        (left.top() - right.top()).abs() < 1.0,
        "left {left:?}, right {right:?}"
    );
    // Scrolling the right pane with the wheel: the left one follows, rows stay lined up.
    harness.hover_at(egui::pos2(right.center().x, right.top() + 5.0));
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -120.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(30);
    let app = harness.state();
    let scrolled = app.ui.panes[1].reader.scroll_offset();
    assert!(scrolled > offset + 100.0, "{scrolled} after {offset}");
    assert!((app.ui.panes[0].reader.scroll_offset() - scrolled).abs() < 0.5);
    let (l, r) = (
        reader_paragraph(&harness, LEFT),
        reader_paragraph(&harness, RIGHT),
    );
    assert!((l.top() - r.top()).abs() < 1.0 && l.top() < left.top() - 100.0);
    let left = l;
    // The right text starts with 30 lines of site menu: the left pane has
    // blank rows beside them. Leaving Compare mode removes the blank rows,
    // and the offset moves with them: each pane keeps the text at its top.
    let tops = |h: &Harness<'_, DiptychApp>| -> Vec<ByteOffset> {
        let app = h.state();
        app.ui
            .panes
            .iter()
            .map(|p| p.reader.first_visible_byte())
            .collect()
    };
    let before = tops(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(!harness.state().ui.compare);
    assert_eq!(tops(&harness), before);
    assert!(reader_paragraph(&harness, LEFT).top() <= left.top());
}

#[test]
fn the_first_annotation_of_a_to_do_document_starts_it_in_the_same_undo_step() {
    use diptych::model::{DocFields, DocStatus};
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let doc = DocumentId::from(FIRST);
    let fields = DocFields {
        status: DocStatus::ToDo,
        ..harness.state().ws.project.documents[&doc].fields.clone()
    };
    harness
        .state_mut()
        .send(diptych::ui::command::UiCommand::SetDocFields(
            doc.clone(),
            fields,
        ));
    harness.run();
    let status = |h: &Harness<'_, DiptychApp>| h.state().ws.project.documents[&doc].fields.status;
    assert_eq!(status(&harness), DocStatus::ToDo);
    select_text(&mut harness, 0, "one-star reviews jumped 775%");
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(status(&harness), DocStatus::InProgress);
    assert_eq!(harness.state().history.undo_name(), Some("add Claim"));
    // A second annotation leaves the status alone.
    select_text(&mut harness, 0, "Pete Hegseth broke down");
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(status(&harness), DocStatus::InProgress);
    // Undo takes back the second annotation, then the first with the status.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(status(&harness), DocStatus::InProgress);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(status(&harness), DocStatus::ToDo);
}

#[test]
fn the_library_sorted_by_status_follows_a_documents_status() {
    use diptych::model::{DocFields, DocStatus};
    use diptych::ui::command::UiCommand;
    use diptych::ui::library::SortKey;
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let set = |harness: &mut Harness<'_, DiptychApp>, id: &str, status: DocStatus| {
        let doc = DocumentId::from(id);
        let fields = DocFields {
            status,
            ..harness.state().ws.project.documents[&doc].fields.clone()
        };
        harness
            .state_mut()
            .send(UiCommand::SetDocFields(doc, fields));
        harness.run();
    };
    // The top of a document's library row, found by its status mark and title.
    let top = |harness: &Harness<'_, DiptychApp>, id: &str, mark: &str| {
        let title = &harness.state().ws.project.documents[&DocumentId::from(id)].title;
        harness
            .get_by_label(&format!("{mark} {title}"))
            .rect()
            .top()
    };
    set(&mut harness, FIRST, DocStatus::ToDo);
    set(&mut harness, SECOND, DocStatus::ToDo);
    harness.state_mut().ui.library.sort = SortKey::Status;
    harness.run();
    assert!(top(&harness, FIRST, "○") < top(&harness, SECOND, "○"));
    // Done goes after to do; the list follows the status, not only the mark.
    set(&mut harness, FIRST, DocStatus::Done);
    assert!(top(&harness, SECOND, "○") < top(&harness, FIRST, "●"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(top(&harness, FIRST, "○") < top(&harness, SECOND, "○"));
    // Sorted by path, a status changes the mark and not the order.
    harness.state_mut().ui.library.sort = SortKey::Path;
    set(&mut harness, FIRST, DocStatus::Done);
    assert!(top(&harness, FIRST, "●") < top(&harness, SECOND, "○"));
}

#[test]
fn the_library_and_the_inspector_count_suggestions_apart_from_annotations() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let accepted = |h: &Harness<'_, DiptychApp>, doc: &str| {
        let id = DocumentId::from(doc);
        let project = &h.state().ws.project;
        let annotations = project.annotations.values();
        annotations
            .filter(|a| a.document == id && !a.status.is_suggested())
            .count()
    };
    let first = accepted(&harness, FIRST);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    let project = &harness.state().ws.project;
    let open = project
        .annotations
        .values()
        .filter(|a| a.document.as_str() == FIRST && a.status.is_suggested())
        .count();
    assert!(open > 0, "the sample gets suggestions");
    // Suggesting adds no annotation: the counts say so, apart.
    assert_eq!(accepted(&harness, FIRST), first);
    let counted = diptych::ui::counted;
    let suggestions = counted(open, "suggestion");
    let row = format!("{} · {suggestions}", counted(first, "annotation"));
    // The status bar says it of the active document, the library of each row.
    assert!(harness.query_by_label(&row).is_some(), "status bar {row:?}");
    assert_eq!(
        harness.query_all_by_label_contains(&row).count(),
        2,
        "library row and status bar {row:?}"
    );
    let heading = format!("Annotations ({first}) · {suggestions}");
    assert!(
        harness.query_by_label(&heading).is_some(),
        "inspector heading {heading:?}"
    );
}

#[test]
fn accept_and_reject_say_how_many_remain_and_move_to_the_next_suggestion() {
    // The seeds as a new project: nothing annotated yet, many suggestions.
    let fx = fixture();
    let folder = fx.dir.path().join("seeds");
    let app = DiptychApp::loading(&folder, config(fx.dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder(), app);
    window::wait_loaded(&mut harness, std::time::Duration::from_secs(60));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    let open_in = |h: &Harness<'_, DiptychApp>, doc: &DocumentId| -> Vec<AnnotationId> {
        h.state()
            .ws
            .project
            .annotations_of(doc)
            .into_iter()
            .filter(|a| a.status.is_suggested() && !a.orphaned)
            .map(|a| a.id)
            .collect()
    };
    // The document with the most suggestions, and its first one.
    let docs: Vec<DocumentId> = harness
        .state()
        .ws
        .project
        .documents
        .keys()
        .cloned()
        .collect();
    let doc = docs
        .iter()
        .max_by_key(|d| open_in(&harness, d).len())
        .unwrap()
        .clone();
    let open = open_in(&harness, &doc);
    assert!(open.len() >= 2, "two suggestions to go through: {open:?}");
    harness
        .state_mut()
        .send(diptych::ui::command::UiCommand::Select(Some(open[0])));
    harness.run();
    harness.key_press(Key::A);
    harness.run();
    let app = harness.state();
    let message = &app.ui.message.as_ref().unwrap().text;
    let left = diptych::ui::counted(open.len() - 1, "suggestion");
    assert!(
        message.starts_with("Accepted the ")
            && message.ends_with(&format!("; {left} left in this document")),
        "{message}"
    );
    // The next suggestion is selected: R rejects it at once.
    assert_eq!(app.ui.selected, Some(open[1]));
    harness.key_press(Key::R);
    harness.run();
    let app = harness.state();
    assert!(!app.ws.project.annotations.contains_key(&open[1]));
    let message = &app.ui.message.as_ref().unwrap().text;
    assert!(message.starts_with("Rejected the "), "{message}");
    assert_eq!(open_in(&harness, &doc).len(), open.len() - 2);
}

#[test]
fn esc_closes_the_help_window_before_it_clears_anything() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press(Key::F1);
    harness.run();
    let help_rows = |h: &Harness<'_, DiptychApp>| {
        h.query_all_by_label("Select the sentence at the caret")
            .count()
    };
    assert!(harness.state().ui.show_shortcuts);
    assert_eq!(help_rows(&harness), 1);
    let (start, end) = select_text(&mut harness, 0, "one-star reviews jumped 775%");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().ui.show_shortcuts);
    assert_eq!(help_rows(&harness), 0);
    // The selection is still there; the next Esc clears it.
    let selection = harness.state().ui.panes[0].reader.selection();
    assert_eq!(selection, Some((ByteOffset(start), ByteOffset(end))));
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().ui.panes[0].reader.selection(), None);
}
