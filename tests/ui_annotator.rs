//! Who annotates: the first run asks (offering the login name), the name is
//! kept in the config folder, written on new annotations, shown in the status
//! bar and changed in Preferences; `--annotator` / `DIPTYCH_ANNOTATOR` on the
//! command line.

mod common;
mod window;

use std::fs;

use common::{describe, diptych_command, sample_copy, stderr};
use diptych::app::dialogs::NoDialogs;
use diptych::app::{AppConfig, DiptychApp};
use diptych::io::workspace::Workspace;
use diptych::model::ByteOffset;
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{fixture, harness};

/// The app on the fixture, with no annotator given: its name comes from
/// `dir/config`, or is asked.
fn app_without_a_name(fx: &window::Fixture) -> DiptychApp {
    let (ws, report) = Workspace::open_blocking(&fx.project).unwrap();
    let config = AppConfig {
        annotator: None,
        ..window::config(fx.dir.path())
    };
    DiptychApp::new(ws, Some(report), config, Box::new(NoDialogs))
}

/// Types `text` into the "Annotator name" field, replacing what it holds.
fn type_name(harness: &mut Harness<'_, DiptychApp>, text: &str) {
    harness.get_by_label("Annotator name").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Annotator name").type_text(text);
    harness.run();
}

/// Labels the first 20 bytes of the first pane with key 1; the new annotation's annotator.
fn label_something(harness: &mut Harness<'_, DiptychApp>) -> String {
    let app = harness.state_mut();
    app.ui.active = 0;
    app.ui.panes[0]
        .reader
        .set_selection(ByteOffset(0), ByteOffset(20));
    harness.run();
    harness.key_press(Key::Num1);
    harness.run();
    let app = harness.state();
    app.ws
        .project
        .annotations
        .values()
        .max_by_key(|a| a.id)
        .unwrap()
        .annotator
        .to_string()
}

#[test]
fn the_first_run_asks_who_annotates_and_remembers_it() {
    let fx = fixture();
    let mut harness = harness(app_without_a_name(&fx));
    assert!(harness.query_by_label("Who is annotating?").is_some());
    assert!(harness.state().ui.preferences.first_run);
    // A blank name is refused, with the reason.
    type_name(&mut harness, "   ");
    harness.get_by_label("Continue").click();
    harness.run();
    assert!(
        harness
            .query_by_label("This name cannot be used: the name is empty.")
            .is_some()
    );
    type_name(&mut harness, "Alice Martin");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_label("Who is annotating?").is_none());
    assert_eq!(harness.state().annotator(), "Alice Martin");
    assert!(
        harness
            .query_by_label("Annotating as Alice Martin")
            .is_some()
    );
    let settings = fs::read_to_string(fx.dir.path().join("config/settings.ron")).unwrap();
    assert!(settings.contains("Alice Martin"), "{settings}");
    assert_eq!(label_something(&mut harness), "Alice Martin");
    // The next start does not ask again.
    let again = harness_of(app_without_a_name(&fx));
    assert!(again.query_by_label("Who is annotating?").is_none());
    assert_eq!(again.state().annotator(), "Alice Martin");
}

fn harness_of(app: DiptychApp) -> Harness<'static, DiptychApp> {
    harness(app)
}

#[test]
fn preferences_change_the_name_and_the_command_line_wins_over_the_settings() {
    let fx = fixture();
    let mut harness = harness(window::open_app(&fx));
    assert_eq!(harness.state().annotator(), "tester");
    assert!(harness.query_by_label("Who is annotating?").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    harness.run();
    assert!(harness.query_by_label("Preferences").is_some());
    type_name(&mut harness, "bob");
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(harness.state().annotator(), "bob");
    assert!(!harness.state().ui.preferences.open);
    assert_eq!(label_something(&mut harness), "bob");
    // A window started with a name on the command line uses it, not the settings'.
    let given = harness_of(window::open_app(&fx));
    assert_eq!(given.state().annotator(), "tester");
    let from_settings = harness_of(app_without_a_name(&fx));
    assert_eq!(from_settings.state().annotator(), "bob");
}

#[test]
fn the_command_line_names_the_annotator_of_imported_spans_that_do_not_say() {
    let (dir, project) = sample_copy();
    let file = dir.path().join("spans.jsonl");
    let line = serde_json::json!({"id": "000_fcbbd4f1fe241d7e.txt", "spans": [
        {"id": "1", "start": 0, "end": 20, "label": "Claim"},
        {"id": "2", "start": 30, "end": 40, "label": "Claim", "annotator": "carol"},
    ]});
    fs::write(&file, format!("{line}\n")).unwrap();
    let (p, f) = (project.to_str().unwrap(), file.to_str().unwrap());
    let out = diptych_command()
        .args(["import", p, f, "--format", "jsonl"])
        .env("DIPTYCH_ANNOTATOR", "dana")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&out));
    let saved = diptych::io::project_file::load(&project).unwrap();
    let mut who: Vec<&str> = saved
        .annotations
        .values()
        .filter(|a| &*a.annotator != "sample")
        .map(|a| &*a.annotator)
        .collect();
    who.sort();
    assert_eq!(who, ["carol", "dana"]);
    // A name that will not do is refused before anything runs.
    for (flag, env) in [(Some(" "), None), (None, Some("eve\u{1b}[31m"))] {
        let mut command = diptych_command();
        if let Some(flag) = flag {
            command.args(["--annotator", flag]);
        }
        if let Some(env) = env {
            command.env("DIPTYCH_ANNOTATOR", env);
        }
        let out = command.args(["stats", p]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
        assert!(stderr(&out).contains("the name"), "{}", describe(&out));
    }
}

#[test]
fn one_annotators_layer_is_hidden_from_the_readers_and_from_tab() {
    let fx = fixture();
    let mut harness = harness(window::open_app(&fx));
    let app = harness.state_mut();
    let doc = app.ui.panes[0].doc.clone();
    let text = app.ws.corpus.get(&doc).unwrap().shared_text();
    let mut ids = Vec::new();
    for (who, start, end) in [("alice", 0, 20), ("bob", 30, 40)] {
        let id = app.ws.project.next_annotation_id();
        let span = diptych::model::Span::new(&text, start, end).unwrap();
        let label = app.ws.project.labels.labels[0].id.clone();
        let a = diptych::model::Annotation::new(
            id,
            doc.clone(),
            &text,
            span,
            label,
            who,
            jiff::Timestamp::now(),
        );
        app.history
            .apply(
                &mut app.ws.project,
                diptych::model::Edit::AddAnnotation(Box::new(a)),
            )
            .unwrap();
        ids.push(id);
    }
    harness.run();
    // The inspector lists the layers; untick bob's.
    harness.get_by_label("bob (1)").click();
    harness.run();
    let app = harness.state();
    assert!(app.ui.layers.hidden.contains("bob"));
    let shown = diptych::ui::build_highlights(&app.ws.project, &doc, &text, &app.ui.layers);
    assert!(
        shown.iter().all(|h| h.id != ids[1]),
        "bob's highlight is hidden"
    );
    let alice = shown
        .iter()
        .find(|h| h.id == ids[0])
        .expect("alice's is shown");
    assert!(alice.tooltip.contains("by alice"), "{}", alice.tooltip);
    // Tab steps through the shown annotations only (once the ticked box
    // gives the keyboard focus back).
    let placed = app.ws.project.annotations_of(&doc).len();
    harness.ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
    harness.state_mut().ui.active = 0;
    let mut visited = std::collections::BTreeSet::new();
    for _ in 0..placed + 1 {
        harness.key_press(Key::Tab);
        harness.run();
        visited.extend(harness.state().ui.selected);
    }
    assert!(
        visited.contains(&ids[0]) && !visited.contains(&ids[1]),
        "{ids:?} {visited:?}"
    );
    // "All annotators" from the View menu shows everyone again.
    harness.get_by_label("View").click();
    harness.run();
    // The View menu's submenu (the inspector has a section of that name too).
    let menu_entry = harness
        .get_all_by_label("Annotators")
        .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap();
    menu_entry.hover();
    harness.run();
    let all = harness
        .get_all_by_label("All annotators")
        .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap();
    all.click();
    harness.run();
    assert!(harness.state().ui.layers.hidden.is_empty());
}

#[test]
fn the_agreement_window_shows_figures_sorts_and_opens_the_worst_document() {
    let fx = fixture();
    let mut harness = harness(window::open_app(&fx));
    // bob marks exactly what the sample's annotator marked in the first
    // article, and nothing in the second.
    let app = harness.state_mut();
    let first = diptych::model::DocumentId::from(window::FIRST);
    let copies: Vec<_> = app
        .ws
        .project
        .annotations_of(&first)
        .into_iter()
        .cloned()
        .collect();
    let mut next = app.ws.project.next_annotation_id().0;
    let edits = copies
        .into_iter()
        .map(|mut a| {
            a.id = diptych::model::AnnotationId(next);
            next += 1;
            a.annotator = "bob".into();
            diptych::model::Edit::AddAnnotation(Box::new(a))
        })
        .collect();
    app.history
        .apply(&mut app.ws.project, diptych::model::Edit::Batch(edits))
        .unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    harness.step();
    // The figures are counted on a thread of their own.
    let started = std::time::Instant::now();
    while harness.state().ui.agreement_window.report.is_none() {
        assert!(started.elapsed().as_secs() < 30, "no figures");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    assert!(!harness.state().ui.agreement_window.computing);
    assert!(harness.query_by_label("Agreement").is_some());
    let report = harness
        .state()
        .ui
        .agreement_window
        .report
        .clone()
        .unwrap()
        .0;
    assert_eq!(report.annotators, ["bob", "sample"]);
    let per_doc: Vec<(&str, u64)> = report
        .per_document
        .iter()
        .map(|d| (d.document.as_str(), d.disagreements))
        .collect();
    assert_eq!(per_doc[0], (window::FIRST, 0), "{per_doc:?}");
    assert!(per_doc[1].1 > 0, "{per_doc:?}");
    // The label table shows the figures.
    let claim = report.labels["Claim"].f1_exact.unwrap();
    assert!(claim > 0.0 && claim < 1.0, "{claim}");
    assert!(
        harness
            .query_all_by_label(&format!("{claim:.3}"))
            .next()
            .is_some()
    );
    // Headers sort, a second click the other way.
    harness.get_by_label("F1 exact").click();
    harness.run();
    assert_eq!(harness.state().ui.agreement_window.sort, (1, false));
    harness.get_by_label("F1 exact ▲").click();
    harness.run();
    assert_eq!(harness.state().ui.agreement_window.sort, (1, true));
    // The document with the most disagreement opens in the active pane.
    harness.state_mut().ui.active = 0;
    harness
        .get_by_label("Open the document with the most disagreement")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.ui.panes[app.ui.active].doc.as_str(), window::SECOND);
    // The per-document table lists both, each a link that opens it.
    harness.get_by_label("Per document").click();
    harness.run();
    harness.state_mut().ui.active = 0;
    let link = harness.get_by_role_and_label(egui::accesskit::Role::Link, window::FIRST);
    link.click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.ui.panes[app.ui.active].doc.as_str(), window::FIRST);
}

#[test]
fn the_name_question_waits_for_the_question_asked_while_loading() {
    // The fixture's corpus lies beside its project's folder: opening asks
    // about it first; two questions at once would leave only one usable.
    let fx = fixture();
    let config = AppConfig {
        annotator: None,
        ..window::config(fx.dir.path())
    };
    let app = DiptychApp::loading(&fx.project, config, Box::new(NoDialogs));
    let mut harness = window::build(window::builder(), app);
    window::wait_loaded(&mut harness, std::time::Duration::from_secs(30));
    assert!(harness.state().ui.corpus_question.is_some());
    assert!(
        harness.query_by_label("Continue").is_none(),
        "one question at a time"
    );
    harness.get_by_label("Read the articles").click();
    // The answer is taken, and the articles' read started, by the next frame.
    harness.step();
    window::wait_loaded(&mut harness, std::time::Duration::from_secs(30));
    harness.get_by_label("Continue").click();
    harness.run();
    assert!(
        !harness.state().ui.preferences.open,
        "the name question was answered"
    );
    assert!(harness.state().ws.project.documents.len() == 2);
}
