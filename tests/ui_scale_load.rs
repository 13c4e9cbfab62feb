//! Opening a project whose corpus takes a while to read: the project and
//! the articles it shows first come at once, the rest of the corpus while
//! the user works, and nothing is called missing meanwhile.

mod common;
mod window;

use std::fs;
use std::time::{Duration, Instant};

use diptych::app::DiptychApp;
use diptych::app::dialogs::NoDialogs;
use diptych::io::workspace::Workspace;
use diptych::model::{Annotation, AnnotationId, DocumentId, Edit, LabelId, Span};
use diptych::ui::actions::Action;
use diptych::ui::command::UiCommand;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{build, builder, config, wait_loaded};

/// Articles of the generated corpus, besides one large article.
const ARTICLES: usize = 2_000;

/// A project over `ARTICLES` small articles and one of 40 MB (slow to read
/// in a debug build), saved with its first two articles open.
fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join("a")).unwrap();
    fs::create_dir_all(corpus.join("z")).unwrap();
    for i in 0..ARTICLES {
        let text = format!("Article {i:04}\n\nThe body of article {i:04}.\n");
        fs::write(corpus.join(format!("a/{i:04}.txt")), text).unwrap();
    }
    let big = format!("Big article\n\n{}", "word ".repeat(8_000_000));
    fs::write(corpus.join("z/big.txt"), big).unwrap();
    let mut ws = Workspace::from_folder_blocking(&corpus).unwrap();
    let path = dir.join("project.ron");
    ws.save_as(&path).unwrap();
    path
}

/// True when some widget's label contains `text`.
fn shows(harness: &Harness<'_, DiptychApp>, text: &str) -> bool {
    harness.query_by_label_contains(text).is_some()
}

#[test]
fn the_first_article_is_shown_while_the_corpus_is_read_and_nothing_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let app = DiptychApp::loading(&path, config(dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder().with_max_steps(10_000), app);
    let started = Instant::now();
    while harness.state().ws.project.documents.is_empty() {
        assert!(started.elapsed() < Duration::from_secs(60), "never shown");
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    // The frame that took the project in drew it; the corpus comes at a
    // later frame at the earliest.
    assert!(harness.state().is_loading());
    assert_eq!(harness.state().ws.project.documents.len(), ARTICLES + 1);
    assert_eq!(harness.state().ws.corpus.documents.len(), 2);
    assert!(shows(&harness, "Reader: Article 0000"));
    assert!(shows(&harness, "Reader: Article 0001"));
    assert!(shows(&harness, "Reading articles"));
    assert!(shows(
        &harness,
        &format!("{} of {} documents", ARTICLES + 1, ARTICLES + 1)
    ));
    assert!(!shows(&harness, "missing"));
    // A text search waits for the whole corpus: the two articles read so
    // far are not all there is.
    let app = harness.state_mut();
    app.ui.library.full_text = true;
    app.ui.library.filter = "body".to_owned();
    harness.step();
    assert!(shows(&harness, "Indexing the corpus for search"));
    assert!(!shows(&harness, "matching document"));

    // While the rest is read: an article not read yet is being read, an
    // edit is kept, and what needs every article waits.
    let first = DocumentId::from("a/0000.txt");
    let text = harness.state().ws.corpus.get(&first).unwrap().shared_text();
    let span = Span::new(&text, 0, 7).unwrap();
    let when = "2026-11-30T08:00:00Z".parse().unwrap();
    let claim = LabelId::from("claim");
    let made = Annotation::new(AnnotationId(1), first, &text, span, claim, "tester", when);
    let app = harness.state_mut();
    app.send(UiCommand::Edit(Edit::AddAnnotation(Box::new(made))));
    app.send(UiCommand::SetPaneDocument {
        pane: 1,
        doc: DocumentId::from("z/big.txt"),
    });
    app.send(UiCommand::Action(Action::Suggest));
    harness.step();
    harness.step();
    assert!(
        harness.state().is_loading(),
        "the large article takes longer"
    );
    assert!(shows(&harness, "z/big.txt is being read"));
    assert!(shows(
        &harness,
        "Suggesting waits until every article is read"
    ));
    assert!(!shows(&harness, "missing"));

    wait_loaded(&mut harness, Duration::from_secs(120));
    let app = harness.state();
    assert_eq!(app.ws.corpus.documents.len(), ARTICLES + 1);
    assert!(app.ws.project.annotations.contains_key(&AnnotationId(1)));
    assert!(app.is_dirty(), "the edit made while reading is unsaved");
    assert!(shows(&harness, "Reader: Big article"));
    // The window holds the articles packed; what reads one gets its text.
    let big = app.ws.corpus.get(&DocumentId::from("z/big.txt")).unwrap();
    assert!(big.is_packed());
    assert_eq!(big.byte_len(), "Big article\n\n".len() + 40_000_000);
    assert!(big.text().ends_with("word word "));
    assert!(!shows(&harness, "being read"));
    assert!(!shows(&harness, "Reading articles"));
    assert!(!shows(&harness, "missing"));
}

/// A folder `corpus` in `dir` of one small article a name (`NAME.txt`,
/// titled "Article NAME"), opened as a new project.
fn small_corpus(dir: &std::path::Path, names: &[String]) -> Workspace {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    for name in names {
        let text = format!("Article {name}\n\nThe body of article {name}.\n");
        fs::write(corpus.join(format!("{name}.txt")), text).unwrap();
    }
    Workspace::from_folder_blocking(&corpus).unwrap()
}

#[test]
fn the_article_shown_first_is_read_while_the_project_file_is_parsed_and_stays_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..3).map(|i| format!("{i:04}")).collect();
    let mut ws = small_corpus(dir.path(), &names);
    // Saved with the second article in the first pane.
    ws.view.open = vec![DocumentId::from("0001.txt"), DocumentId::from("0000.txt")];
    let path = dir.path().join("project.ron");
    ws.save_as(&path).unwrap();
    let saved = fs::read(&path).unwrap();

    let (app, release) = DiptychApp::loading_held(&path, config(dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder().with_max_steps(10_000), app);
    window::wait_for_label(
        &mut harness,
        "Reader: Article 0001",
        Duration::from_secs(30),
    );
    assert!(shows(&harness, "read-only until its annotations are there"));
    assert!(harness.state().is_loading());
    assert!(
        harness.state().ws.project.documents.is_empty(),
        "not parsed yet"
    );

    // What would edit a project does nothing here: a click in the text, a
    // label key, select all and the key again, undo.
    let reader = harness.get_by_label("Reader: Article 0001").rect();
    // (The load's spinner keeps frames coming: steps, never `run`.)
    for pressed in [true, false] {
        window::pointer(&harness, reader.center(), pressed);
        harness.step();
    }
    harness.key_press(egui::Key::Num1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Num1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.step();
    let app = harness.state();
    assert!(app.ws.project.annotations.is_empty());
    assert!(!app.is_dirty());
    assert_eq!(fs::read(&path).unwrap(), saved, "the file is untouched");

    // The project comes: its panes replace the preview.
    release.send(()).unwrap();
    wait_loaded(&mut harness, Duration::from_secs(60));
    let app = harness.state();
    assert_eq!(app.ws.project.documents.len(), 3);
    assert!(app.ws.project.annotations.is_empty());
    assert!(!app.is_dirty());
    assert!(shows(&harness, "Reader: Article 0001"));
    assert!(shows(&harness, "Reader: Article 0000"));
    assert!(!shows(&harness, "read-only"));
}

#[test]
fn while_another_project_is_read_the_one_shown_before_is_neither_edited_nor_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = small_corpus(dir.path(), &["a".to_owned()]);
    let doc = DocumentId::from("a.txt");
    let text = ws.corpus.get(&doc).unwrap().shared_text();
    let when = "2026-12-01T08:00:00Z".parse().unwrap();
    let claim = |id, start, end| {
        let span = Span::new(&text, start, end).unwrap();
        let label = LabelId::from("claim");
        Annotation::new(
            AnnotationId(id),
            doc.clone(),
            &text,
            span,
            label,
            "tester",
            when,
        )
    };
    let a = claim(1, 0, 7);
    ws.project.annotations.insert(a.id, a);
    let first = dir.path().join("first.ron");
    ws.save_as(&first).unwrap();
    let second = dir.path().join("second.ron");
    ws.save_as(&second).unwrap();
    let saved = fs::read(&first).unwrap();

    let app = DiptychApp::loading(&first, config(dir.path()), Box::new(NoDialogs));
    let mut harness = build(builder().with_max_steps(10_000), app);
    wait_loaded(&mut harness, Duration::from_secs(30));
    // An unsaved edit, then the annotation selected.
    let b = claim(2, 8, 12);
    harness
        .state_mut()
        .send(UiCommand::Edit(Edit::AddAnnotation(Box::new(b))));
    harness.step();
    assert!(harness.state().is_dirty());
    harness.state_mut().ui.selected = Some(AnnotationId(1));
    let release = harness.state_mut().start_load_held(&second);
    let started = Instant::now();
    while !shows(&harness, "read-only until its annotations are there") {
        assert!(started.elapsed() < Duration::from_secs(30), "no preview");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    // A label key, Delete, undo and save: all wait for the project.
    harness.key_press(egui::Key::Num2);
    harness.key_press(egui::Key::Delete);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.step();
    let app = harness.state();
    assert!(fs::read(&first).unwrap() == saved, "not saved");
    assert!(
        app.ws.project.annotations.contains_key(&AnnotationId(2)),
        "not undone"
    );
    let kept = &app.ws.project.annotations[&AnnotationId(1)];
    assert_eq!(kept.label, LabelId::from("claim"), "not relabelled");
    assert!(app.is_dirty());
    assert!(shows(&harness, "editing and saving wait until it is shown"));
    drop(release);
    wait_loaded(&mut harness, Duration::from_secs(30));
    assert_eq!(harness.state().ws.path.as_deref(), Some(second.as_path()));
}
