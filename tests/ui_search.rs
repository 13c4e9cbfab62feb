//! The library's "Search text" box, driven headless through the real
//! window: the corpus's index is built on a thread while the window keeps
//! drawing, the answer lists the hits with their snippets, and a click on
//! one opens its document scrolled to the hit.

mod common;
mod window;

use std::fs;
use std::time::{Duration, Instant};

use diptych::app::DiptychApp;
use diptych::app::dialogs::NoDialogs;
use diptych::io::workspace::Workspace;
use diptych::model::DocumentId;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use window::config;

/// A corpus of `n` filler articles and one long article that mentions an
/// okapi far down.
fn corpus(root: &std::path::Path, n: usize) {
    for i in 0..n {
        let folder = root.join(format!("f{}", i % 10));
        fs::create_dir_all(&folder).unwrap();
        let body = format!(
            "Filler {i}\n{}",
            "The minister said the plan was sound. ".repeat(80)
        );
        fs::write(folder.join(format!("a{i:04}.txt")), body).unwrap();
    }
    fs::create_dir_all(root.join("zoo")).unwrap();
    let long = format!(
        "Okapi report\n{}Rangers saw an okapi near the river.\n{}",
        "Nothing happened that day.\n".repeat(400),
        "More filler.\n".repeat(50)
    );
    fs::write(root.join("zoo/okapi.txt"), long).unwrap();
}

/// The window over a corpus of `n` filler articles and the okapi (in
/// `dir/corpus`), its library's search on its text.
fn searching_app(dir: &std::path::Path, n: usize) -> DiptychApp {
    let root = dir.join("corpus");
    corpus(&root, n);
    let ws = Workspace::from_folder_blocking(&root).unwrap();
    let mut app = DiptychApp::new(ws, None, config(dir), Box::new(NoDialogs));
    app.ui.library.full_text = true;
    app
}

/// The window loading a project file over a corpus of `n` filler articles
/// and the okapi (in `dir/corpus`), saved after `edit` changed it.
fn loading_project(
    dir: &std::path::Path,
    n: usize,
    edit: impl FnOnce(&mut Workspace),
) -> DiptychApp {
    let root = dir.join("corpus");
    corpus(&root, n);
    let mut ws = Workspace::from_folder_blocking(&root).unwrap();
    edit(&mut ws);
    let path = dir.join("project.ron");
    ws.save_as(&path).unwrap();
    DiptychApp::loading(&path, config(dir), Box::new(NoDialogs))
}

fn step_until(
    harness: &mut Harness<'_, DiptychApp>,
    mut done: impl FnMut(&Harness<'_, DiptychApp>) -> bool,
    mut each: impl FnMut(&Harness<'_, DiptychApp>),
) -> usize {
    let started = Instant::now();
    let mut frames = 0;
    while !done(harness) {
        assert!(started.elapsed() < Duration::from_secs(120), "no answer");
        harness.step();
        frames += 1;
        each(harness);
        std::thread::sleep(Duration::from_millis(5));
    }
    frames
}

/// Steps until the active pane is scrolled away from its start (a hit
/// opened further down).
fn wait_until_scrolled(harness: &mut Harness<'_, DiptychApp>) {
    step_until(
        harness,
        |h| {
            h.state().ui.panes[h.state().ui.active]
                .reader
                .first_visible_byte()
                .0
                > 0
        },
        |_| {},
    );
}

#[test]
fn the_window_draws_while_the_index_builds_and_a_hit_opens_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    // The box as the user left it: the search asked while the index builds.
    let mut app = searching_app(dir.path(), 3000);
    app.ui.library.filter = "\"okapi near\" river".to_owned();
    let mut harness = window::build(window::builder(), app);
    let (mut indexing_frames, mut counted_frames) = (0, 0);
    let frames = step_until(
        &mut harness,
        |h| h.query_by_label("1 matching document").is_some(),
        |h| {
            if h.query_by_label("Indexing the corpus for search…")
                .is_some()
            {
                indexing_frames += 1;
            }
            // How far it is, in files (3,000 fillers and the okapi), or,
            // every file indexed, the commit (which in a debug build may
            // take most of the time).
            if h.query_by_label_contains(" of 3001 files").is_some()
                || h.query_by_label("writing the index").is_some()
            {
                counted_frames += 1;
            }
            // No count of documents before the answer: the titles' filter
            // is not what is shown.
            assert!(h.query_by_label_contains(" of 3001 documents").is_none());
        },
    );
    // Hits are listed best first: folders and sorting wait for the box.
    assert!(
        harness
            .get_by_label("Folders")
            .accesskit_node()
            .is_disabled()
    );
    let sort = harness.get_by_label("Sort");
    assert!(sort.accesskit_node().is_disabled());
    assert_eq!(sort.accesskit_node().value().as_deref(), Some("Best first"));
    // The index of 3,001 articles was built while frames kept coming.
    assert!(
        indexing_frames >= 2,
        "{indexing_frames} frames said indexing, of {frames}"
    );
    assert!(counted_frames >= 1, "no frame said how far, of {frames}");
    assert!(dir.path().join("cache/diptych/search").is_dir());
    // The hit is listed with its snippet, which a narrow row shows from a
    // few words before the hit (the snippet has 60 code points before it).
    // Twelve code points before the hit, cut with an ellipsis.
    harness.get_by_label_contains("    …gers saw an okapi near the river.");
    harness.get_by_label("Okapi report").click();
    wait_until_scrolled(&mut harness);
    let app = harness.state();
    let pane = &app.ui.panes[app.ui.active];
    assert_eq!(pane.doc, DocumentId::from("zoo/okapi.txt"));
    let text = &app.ws.corpus.get(&pane.doc).unwrap().text();
    let hit = text.find("okapi near").unwrap();
    let first = pane.reader.first_visible_byte().0;
    assert!(
        first > 0 && first <= hit,
        "first byte in view {first}, hit at {hit}"
    );
    // The hit is selected: it shows, and a label key would mark it.
    let (start, end) = pane.reader.selection().expect("the hit is selected");
    assert_eq!(&text[start.0..end.0], "okapi near");
    // A query typed that the project cannot answer says why.
    harness.get_by_label("Filter").focus();
    harness.step();
    harness.get_by_label("Filter").type_text(" label:Nope");
    step_until(
        &mut harness,
        |h| h.query_by_label_contains("no label").is_some(),
        |_| {},
    );
    // An unknown filter is said, not run as words that find nothing.
    harness.state_mut().ui.library.filter = "river foo:bar".to_owned();
    step_until(
        &mut harness,
        |h| h.query_by_label_contains("no filter foo:").is_some(),
        |_| {},
    );
    // The titles' filter again: folders can be chosen.
    harness.get_by_label("Search text").click();
    harness.run();
    assert!(
        !harness
            .get_by_label("Folders")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn a_project_shown_before_its_corpus_is_read_is_searched_over_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let app = loading_project(dir.path(), 300, |_| {});
    let mut harness = window::build(window::builder(), app);
    // The project is shown with the articles it opens first; the search
    // is asked at once, as a user types while the rest is read.
    step_until(
        &mut harness,
        |h| !h.state().ws.project.documents.is_empty(),
        |_| {},
    );
    let app = harness.state_mut();
    app.ui.library.full_text = true;
    app.ui.library.filter = "minister".to_owned();
    // Every filler article says it, not only the two read first.
    step_until(
        &mut harness,
        |h| h.query_by_label("300 matching documents").is_some(),
        |h| assert!(h.query_by_label("2 matching documents").is_none()),
    );
    assert_eq!(harness.state().ws.corpus.documents.len(), 301);
}

#[test]
fn filters_are_answered_by_the_search_thread_and_follow_edits() {
    use diptych::model::{Annotation, DocFields, DocStatus, Edit, LabelId, Span};
    use diptych::ui::command::UiCommand;
    let dir = tempfile::tempdir().unwrap();
    let mut app = searching_app(dir.path(), 30);
    // Sent before the frames that apply them: ids of their own.
    let claim = |app: &mut DiptychApp, doc: &str, id: u64| {
        let doc = DocumentId::from(doc);
        let text = app.ws.corpus.get(&doc).unwrap().shared_text();
        let id = diptych::model::AnnotationId(id);
        let span = Span::new(&text, 0, 6).unwrap();
        let when = "2026-12-01T08:00:00Z".parse().unwrap();
        let a = Annotation::new(id, doc, &text, span, LabelId::from("claim"), "Ada", when);
        app.send(UiCommand::Edit(Edit::AddAnnotation(Box::new(a))));
    };
    claim(&mut app, "f1/a0001.txt", 1);
    claim(&mut app, "f2/a0002.txt", 2);
    app.ui.library.filter = "label:claim minister".to_owned();
    let mut harness = window::build(window::builder(), app);
    let answered =
        |text: &'static str| move |h: &Harness<'_, DiptychApp>| h.query_by_label(text).is_some();
    step_until(&mut harness, answered("2 matching documents"), |_| {});
    // An edit after the tags were sent: the thread is sent what it changed.
    // Meanwhile the answer before it stays listed (the edit is applied at
    // the end of a frame, the next sends the query, its answer is read in a
    // later one).
    claim(harness.state_mut(), "f3/a0003.txt", 3);
    harness.step();
    harness.step();
    assert!(harness.query_by_label("2 matching documents").is_some());
    assert!(harness.query_by_label("Searching…").is_none());
    step_until(&mut harness, answered("3 matching documents"), |_| {});
    // A document's status, then a query on it.
    let doc = DocumentId::from("f4/a0004.txt");
    let fields = DocFields {
        status: DocStatus::Done,
        ..harness.state().ws.project.documents[&doc].fields.clone()
    };
    harness
        .state_mut()
        .send(UiCommand::SetDocFields(doc, fields));
    harness.state_mut().ui.library.filter = "status:done minister".to_owned();
    step_until(&mut harness, answered("1 matching document"), |_| {});
    assert!(harness.query_all_by_label_contains("Filler 4").count() > 0);
    assert!(
        harness
            .query_all_by_label_contains("Filler 5")
            .next()
            .is_none()
    );
    // An annotator's name, any case (stored as "Ada").
    harness.state_mut().ui.library.filter = "annotator:ADA".to_owned();
    step_until(&mut harness, answered("3 matching documents"), |_| {});
    // Undone one step at a time: the status, then the third claim.
    let undo = UiCommand::Action(diptych::ui::actions::Action::Undo);
    harness.state_mut().send(undo.clone());
    harness.state_mut().ui.library.filter = "status:done minister".to_owned();
    step_until(&mut harness, answered("No matching document"), |_| {});
    harness.state_mut().send(undo);
    harness.state_mut().ui.library.filter = "annotator:ADA".to_owned();
    step_until(&mut harness, answered("2 matching documents"), |_| {});
}

#[test]
fn a_hit_of_filters_only_opens_at_the_annotation_it_was_found_by() {
    use diptych::model::{Annotation, AnnotationId, Edit, LabelId, Span};
    use diptych::ui::command::UiCommand;
    let dir = tempfile::tempdir().unwrap();
    let mut app = searching_app(dir.path(), 30);
    let doc = DocumentId::from("zoo/okapi.txt");
    let text = app.ws.corpus.get(&doc).unwrap().shared_text();
    let at = text.find("okapi near").unwrap();
    let span = Span::new(&text, at, at + "okapi near".len()).unwrap();
    let when = "2026-12-01T08:00:00Z".parse().unwrap();
    let id = AnnotationId(7);
    let a = Annotation::new(
        id,
        doc.clone(),
        &text,
        span,
        LabelId::from("claim"),
        "Ada",
        when,
    );
    app.send(UiCommand::Edit(Edit::AddAnnotation(Box::new(a))));
    app.ui.library.filter = "label:claim".to_owned();
    let mut harness = window::build(window::builder(), app);
    step_until(
        &mut harness,
        |h| h.query_by_label("1 matching document").is_some(),
        |_| {},
    );
    // The row shows the annotation, not the start of the article.
    step_until(
        &mut harness,
        |h| h.query_by_label_contains("okapi near the river").is_some(),
        |_| {},
    );
    assert!(
        harness
            .query_by_label_contains("Nothing happened")
            .is_none()
    );
    harness.get_by_label("Okapi report").click();
    wait_until_scrolled(&mut harness);
    let app = harness.state();
    let pane = &app.ui.panes[app.ui.active];
    assert_eq!(pane.doc, doc);
    let first = pane.reader.first_visible_byte().0;
    assert!(
        first > 0 && first <= at,
        "first byte in view {first}, annotation at {at}"
    );
    // The annotation is selected (the inspector shows it), no text is.
    assert_eq!(app.ui.selected, Some(id));
}

#[test]
fn a_large_projects_filters_are_gathered_over_frames_that_follow_edits() {
    use diptych::model::{Annotation, AnnotationId, Edit, LabelId, Span};
    use diptych::ui::command::UiCommand;
    let dir = tempfile::tempdir().unwrap();
    let mut app = searching_app(dir.path(), 30);
    // 60,000 claims by Bo on the first twenty articles: more than a frame's
    // slice of work.
    let when: jiff::Timestamp = "2026-12-01T08:00:00Z".parse().unwrap();
    let docs: Vec<DocumentId> = app.ws.corpus.documents.keys().take(20).cloned().collect();
    for i in 0..60_000u64 {
        let doc = &docs[i as usize % docs.len()];
        let text = app.ws.corpus.get(doc).unwrap().shared_text();
        let span = Span::new(&text, 0, 6).unwrap();
        let (id, label) = (AnnotationId(i + 1), LabelId::from("claim"));
        let a = Annotation::new(id, doc.clone(), &text, span, label, "Bo", when);
        app.ws.project.annotations.insert(a.id, a);
    }
    let mut harness = window::build(window::builder(), app);
    harness.state_mut().ui.library.filter = "annotator:bo".to_owned();
    // The first frame starts the tags, the second makes a slice of them.
    harness.step();
    harness.step();
    assert!(
        harness.state().making_search_tags(),
        "a frame made a slice of the tags, not all of them"
    );
    assert!(harness.query_by_label("Searching…").is_some());
    // Between two slices, a claim by Bo on an article not yet claimed, with
    // an id among those already read: only following the edit counts it.
    let doc = DocumentId::from("zoo/okapi.txt");
    let text = harness.state().ws.corpus.get(&doc).unwrap().shared_text();
    let span = Span::new(&text, 0, 5).unwrap();
    let late = Annotation::new(
        AnnotationId(0),
        doc,
        &text,
        span,
        LabelId::from("claim"),
        "Bo",
        when,
    );
    (harness.state_mut()).send(UiCommand::Edit(Edit::AddAnnotation(Box::new(late))));
    let mut frames_while_making = 1;
    step_until(
        &mut harness,
        |h| h.query_by_label("21 matching documents").is_some(),
        |h| frames_while_making += usize::from(h.state().making_search_tags()),
    );
    assert!(frames_while_making > 1, "{frames_while_making}");
    // A label's edit may change anything the filters test: the tags are
    // made again, and the answer stays listed meanwhile; the okapi's claim
    // taken away in the same frame is not counted in the new answer.
    let label = harness.state().ws.project.labels.labels[0].clone();
    (harness.state_mut()).send(UiCommand::Edit(Edit::UpdateLabel(label)));
    let okapi = Edit::RemoveAnnotation(AnnotationId(0));
    (harness.state_mut()).send(UiCommand::Edit(okapi));
    // The edit is applied at the end of the first frame; the second starts
    // the tags, the third makes a slice.
    for _ in 0..3 {
        harness.step();
    }
    assert!(harness.state().making_search_tags());
    assert!(harness.query_by_label("21 matching documents").is_some());
    assert!(harness.query_by_label("Searching…").is_none());
    step_until(&mut harness, |h| !h.state().making_search_tags(), |_| {});
    step_until(
        &mut harness,
        |h| h.query_by_label("20 matching documents").is_some(),
        |_| {},
    );
}

#[test]
fn a_project_files_filters_are_answered_without_making_its_tags_in_the_window() {
    use diptych::model::{Annotation, AnnotationId, Edit, LabelId, Span};
    use diptych::ui::command::UiCommand;
    let dir = tempfile::tempdir().unwrap();
    let when: jiff::Timestamp = "2026-12-01T08:00:00Z".parse().unwrap();
    let first_sixty = |ws: &Workspace| -> Vec<DocumentId> {
        ws.corpus.documents.keys().take(60).cloned().collect()
    };
    let claim = |ws: &Workspace, i: u64, doc: &DocumentId| {
        let text = ws.corpus.get(doc).unwrap().shared_text();
        let span = Span::new(&text, 0, 6).unwrap();
        let (id, label) = (AnnotationId(i), LabelId::from("claim"));
        Annotation::new(id, doc.clone(), &text, span, label, "Bo", when)
    };
    // 2,000 claims by Bo on forty articles, saved in the project file.
    let app = loading_project(dir.path(), 300, |ws| {
        let docs = first_sixty(ws);
        for (i, doc) in (1..).zip(docs[..40].iter().cycle().take(2_000)) {
            let a = claim(ws, i, doc);
            ws.project.annotations.insert(a.id, a);
        }
    });
    let mut harness = window::build(window::builder(), app);
    step_until(&mut harness, |h| !h.state().is_loading(), |_| {});
    assert_eq!(harness.state().ws.corpus.documents.len(), 301);
    let docs = first_sixty(&harness.state().ws);
    // More edits than the history keeps (its last 64 steps), a frame after
    // each and no search: the first article's fifty claims taken away, one
    // given to each of twenty others. The tags made as the file was loaded
    // follow them.
    let first: Vec<AnnotationId> = (harness.state().ws.project.annotations.values())
        .filter(|a| a.document == docs[0])
        .map(|a| a.id)
        .collect();
    assert_eq!(first.len(), 50);
    let removed = first.into_iter().map(Edit::RemoveAnnotation);
    let added = (10_000..)
        .zip(&docs[40..])
        .map(|(i, doc)| Edit::AddAnnotation(Box::new(claim(&harness.state().ws, i, doc))));
    let edits: Vec<Edit> = removed.chain(added).collect();
    assert_eq!(edits.len(), 70);
    for edit in edits {
        harness.state_mut().send(UiCommand::Edit(edit));
        harness.step();
    }
    let app = harness.state_mut();
    app.ui.library.full_text = true;
    app.ui.library.filter = "annotator:bo".to_owned();
    // The first frame with the query sends it: the tags are not made over
    // frames (that first frame would only start them).
    harness.step();
    assert!(!harness.state().making_search_tags());
    step_until(
        &mut harness,
        |h| h.query_by_label("59 matching documents").is_some(),
        |h| assert!(!h.state().making_search_tags()),
    );
}
