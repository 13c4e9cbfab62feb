//! The window when articles change on disk: re-anchoring at opening and while
//! the app runs (the corpus watcher), and the Orphans window.

mod common;
mod window;

use std::fs;
use std::time::{Duration, Instant};

use diptych::app::DiptychApp;
use diptych::model::{ByteOffset, DocumentId};
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{FIRST, Fixture, fixture, open_app};

/// A claim of the first seed that the edit below deletes.
const DELETED: &str = "OpenAI is clearly aiming to emulate this model.";
const PREPENDED: &str = "UPDATE (March 20): this article was revised.\n\n";

/// Rewrites the first article: a paragraph before everything, one claim deleted.
fn edit_article(fx: &Fixture) {
    let article = fx.dir.path().join("seeds").join(FIRST);
    let text = fs::read_to_string(&article).unwrap();
    assert!(text.contains(DELETED));
    let edited = format!("{PREPENDED}{}", text.replacen(DELETED, "", 1));
    fs::write(&article, edited).unwrap();
}

/// The window on the fixture's project.
fn harness(fx: &Fixture) -> Harness<'static, DiptychApp> {
    window::harness(open_app(fx))
}

/// Checks that every annotation of the first article covers its quote, and
/// returns how many are orphans.
fn orphans_and_anchored(app: &DiptychApp) -> (Vec<String>, usize) {
    let doc = DocumentId::from(FIRST);
    let text = &app.ws.corpus.get(&doc).unwrap().text();
    let mut orphans = Vec::new();
    let mut anchored = 0;
    for a in app.ws.project.annotations_of(&doc) {
        if a.orphaned {
            orphans.push(a.quote.exact().to_owned());
        } else {
            assert_eq!(a.span.slice(text), Some(a.quote.exact()), "{}", a.id);
            anchored += 1;
        }
    }
    (orphans, anchored)
}

#[test]
fn an_article_changed_before_opening_is_re_anchored_and_its_lost_claim_placed_again() {
    let fx = fixture();
    let before = {
        let h = harness(&fx);
        h.state()
            .ws
            .project
            .annotations_of(&DocumentId::from(FIRST))
            .len()
    };
    edit_article(&fx);
    let mut harness = harness(&fx);
    let app = harness.state();
    let (orphans, anchored) = orphans_and_anchored(app);
    assert_eq!(orphans, [DELETED]);
    assert_eq!(anchored + 1, before);
    assert!(app.is_dirty(), "re-anchoring is an edit to save");
    let message = &app.ui.message.as_ref().unwrap().text;
    assert!(
        message.contains("1 orphaned") && message.contains("moved"),
        "{message}"
    );
    // The status bar links to the Orphans window, which lists the lost claim.
    harness.get_by_label("1 orphaned annotation").click();
    harness.run();
    harness.get_by_label_contains(&format!("Claim: “{DELETED}”"));

    // Select new text for it in the first pane and press Place.
    let orphan = harness
        .state()
        .ws
        .project
        .annotations
        .values()
        .find(|a| a.orphaned)
        .unwrap()
        .id;
    let target = "OpenAI is accelerating its presence";
    let app = harness.state_mut();
    let pane = app
        .ui
        .panes
        .iter()
        .position(|p| p.doc.as_str() == FIRST)
        .unwrap();
    app.ui.active = pane;
    let text = app
        .ws
        .corpus
        .get(&DocumentId::from(FIRST))
        .unwrap()
        .shared_text();
    let start = text.find(target).unwrap();
    app.ui.panes[pane]
        .reader
        .set_selection(ByteOffset(start), ByteOffset(start + target.len()));
    harness.run();
    // The window names the orphan by its label and quote, never by its id.
    let named =
        |h: &Harness<'_, DiptychApp>, text: &str| h.query_all_by_label_contains(text).count();
    assert_eq!(named(&harness, &orphan.to_string()), 0);
    assert_eq!(
        named(
            &harness,
            "Delete Claim “OpenAI is clearly aiming to emulate thi…”"
        ),
        1
    );
    harness
        .get_by_label("Place Claim “OpenAI is clearly aiming to emulate thi…”")
        .click();
    harness.run();
    let app = harness.state();
    let placed = &app.ws.project.annotations[&orphan];
    assert_eq!(
        app.ui.message.as_ref().unwrap().text,
        "Placed the Claim “OpenAI is accelerating its presence” on the selection"
    );
    assert!(!placed.orphaned);
    assert_eq!(placed.quote.exact(), target);
    assert_eq!(orphans_and_anchored(app).0.len(), 0);
    harness.get_by_label_contains("No orphaned annotations");

    // Undo: the orphan again; undo again: the annotations as they were stored.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().ws.project.annotations[&orphan].orphaned);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let stored = diptych::io::project_file::load(&fx.project).unwrap();
    let app = harness.state();
    assert_eq!(app.ws.project.annotations, stored.annotations);
    assert_eq!(app.ws.project.documents, stored.documents);
}

#[test]
fn an_article_changed_while_the_app_runs_is_re_anchored_by_the_watcher() {
    let fx = fixture();
    let mut harness = harness(&fx);
    // Read half-way down the article; let the watcher start, then change it on disk.
    let pane = harness
        .state()
        .ui
        .panes
        .iter()
        .position(|p| p.doc.as_str() == FIRST)
        .unwrap();
    harness.state_mut().ui.panes[pane]
        .reader
        .set_scroll_fraction(0.5);
    harness.run();
    let fraction = harness.state().ui.panes[pane].reader.scroll_fraction();
    assert!((fraction - 0.5).abs() < 0.01);
    std::thread::sleep(Duration::from_millis(200));
    edit_article(&fx);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        harness.run();
        let app = harness.state();
        let text = &app.ws.corpus.get(&DocumentId::from(FIRST)).unwrap().text();
        if text.starts_with(PREPENDED) && app.is_dirty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the watcher did not report the change"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let app = harness.state();
    let (orphans, anchored) = orphans_and_anchored(app);
    assert_eq!(orphans, [DELETED]);
    assert!(anchored > 10);
    // The reader stays where it was and shows the new text.
    let now = app.ui.panes[pane].reader.scroll_fraction();
    assert!((now - fraction).abs() < 0.05, "{now} after {fraction}");
    harness.state_mut().ui.panes[pane]
        .reader
        .set_scroll_fraction(0.0);
    harness.run();
    harness.get(
        egui_kittest::kittest::By::new()
            .role(egui::accesskit::Role::Paragraph)
            .label_contains("UPDATE (March 20)"),
    );
    assert!(
        harness
            .query_by_label_contains("1 orphaned annotation")
            .is_some()
    );
}

#[test]
fn an_article_added_while_the_app_runs_is_listed_as_an_undoable_edit() {
    let fx = fixture();
    let mut harness = harness(&fx);
    harness.run();
    let before = harness.state().ws.project.documents.len();
    assert!(!harness.state().is_dirty());
    std::thread::sleep(Duration::from_millis(200));
    let new = "zz_added_later.txt";
    fs::write(
        fx.dir.path().join("seeds").join(new),
        "A late article.\n\nIt says that the deal was signed.\n",
    )
    .unwrap();
    let id = DocumentId::from(new);
    let deadline = Instant::now() + Duration::from_secs(15);
    while !harness.state().ws.project.documents.contains_key(&id) {
        assert!(Instant::now() < deadline, "the watcher did not list it");
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.run();
    let app = harness.state();
    assert_eq!(app.ws.project.documents.len(), before + 1);
    assert!(app.is_dirty(), "a listed document is a change to save");
    assert_eq!(
        app.history.undo_name(),
        Some(format!("add document {new}").as_str())
    );
    assert!(app.ws.corpus.revision > 0, "the corpus revision moved");
    // The library shows it (its counts are derived by revision, not per frame).
    assert!(harness.query_by_label_contains("late article").is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let app = harness.state();
    assert!(!app.ws.project.documents.contains_key(&id));
    assert_eq!(app.ws.project.documents.len(), before);
    assert_eq!(
        app.history.redo_name(),
        Some(format!("add document {new}").as_str())
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert!(harness.state().ws.project.documents.contains_key(&id));
}

#[test]
fn an_article_added_before_opening_is_listed_as_an_undoable_edit() {
    let fx = fixture();
    let new = "zz_found_at_opening.txt";
    fs::write(
        fx.dir.path().join("seeds").join(new),
        "Found at opening.\n\nIt was not in the saved project.\n",
    )
    .unwrap();
    let mut harness = harness(&fx);
    harness.run();
    let id = DocumentId::from(new);
    let app = harness.state();
    assert!(app.ws.project.documents.contains_key(&id));
    assert!(app.is_dirty(), "the saved project does not list it yet");
    assert_eq!(
        app.history.undo_name(),
        Some(format!("add document {new}").as_str())
    );
    let message = &app.ui.message.as_ref().unwrap().text;
    assert!(message.contains("1 new document added"), "{message}");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!harness.state().ws.project.documents.contains_key(&id));
}

/// When the system lost the watcher's events, the folder is read again and
/// listed: a file that is not listed any more is gone from the corpus (its
/// record and annotations are kept, as for a file seen removed), the others
/// stay, and the window says so.
#[test]
fn a_file_missing_from_the_folder_read_again_is_gone_and_its_annotations_kept() {
    use diptych::io::watch::CorpusChange;
    use window::SECOND;
    let fx = fixture();
    let mut harness = harness(&fx);
    harness.run();
    let (first, second) = (DocumentId::from(FIRST), DocumentId::from(SECOND));
    let annotations_before = harness.state().ws.project.annotations.len();
    assert!(harness.state().ws.corpus.get(&second).is_some());
    let listed = [FIRST.to_owned()].into_iter().collect();
    let unchanged = harness.state().ws.corpus.get(&first).unwrap().clone();
    let revision = harness.state().ws.corpus.revision;
    (harness.state_mut()).apply_corpus_changes(vec![
        CorpusChange::Changed(unchanged),
        CorpusChange::Listed(listed),
    ]);
    harness.run();
    let app = harness.state();
    assert!(
        app.ws.corpus.get(&second).is_none(),
        "the second article is gone"
    );
    assert!(app.ws.corpus.get(&first).is_some(), "the first stays");
    assert!(app.ws.corpus.revision > revision);
    assert!(
        app.ws.project.documents.contains_key(&second),
        "its record is kept"
    );
    assert_eq!(app.ws.project.annotations.len(), annotations_before);
    let message = &app.ui.message.as_ref().unwrap().text;
    assert!(message.contains("1 gone"), "{message}");
}

#[test]
fn a_file_of_records_that_shrank_loses_the_records_it_no_longer_holds() {
    use diptych::io::corpus::ImportOptions;
    use diptych::io::watch::read_change;
    let fx = fixture();
    let mut harness = harness(&fx);
    harness.run();
    let root = harness.state().ws.corpus.root.clone();
    let file = root.join("wire.jsonl");
    let record = |text: &str| format!("{{\"text\": \"{text}\"}}\n");
    let three = ["One story.", "Two stories.", "Three stories."].map(record);
    fs::write(&file, three.concat()).unwrap();
    let options = ImportOptions::window();
    let changes = read_change(&root, &file, &options);
    harness.state_mut().apply_corpus_changes(changes);
    harness.run();
    let ids = |app: &DiptychApp| -> Vec<String> {
        (app.ws.corpus.documents.keys())
            .filter(|id| id.file_path() == "wire.jsonl")
            .map(DocumentId::to_string)
            .collect()
    };
    assert_eq!(
        ids(harness.state()),
        ["wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3"]
    );
    // Shrunk to its first record: the other two are gone.
    fs::write(&file, &three[0]).unwrap();
    let changes = read_change(&root, &file, &options);
    harness.state_mut().apply_corpus_changes(changes);
    harness.run();
    let app = harness.state();
    assert_eq!(ids(app), ["wire.jsonl#1"]);
    let first = app
        .ws
        .corpus
        .get(&DocumentId::from("wire.jsonl#1"))
        .unwrap();
    assert_eq!(&*first.text(), "One story.");
    for kept in ["wire.jsonl#2", "wire.jsonl#3"] {
        assert!(
            app.ws
                .project
                .documents
                .contains_key(&DocumentId::from(kept)),
            "the record of {kept} stays in the project"
        );
    }
    let message = &app.ui.message.as_ref().unwrap().text;
    assert!(message.contains("2 gone"), "{message}");
}
