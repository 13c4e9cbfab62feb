//! The window's file dialogs (Save as, the Export window's Browse…), the
//! path field, accepting suggestions and the library's rows, driven headless.

mod common;
mod window;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diptych::app::DiptychApp;
use diptych::app::dialogs::{FileDialogs, NoDialogs, Picked};
use diptych::io::export::Format;
use diptych::io::workspace::Workspace;
use diptych::model::{AnnotationStatus, Suggestion};
use diptych::ui::command::UiCommand;
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{Fixture, build, builder, config, fixture, harness, open_app};

/// What the scripted dialogs were asked: (which, the suggested path).
type Asked = Arc<Mutex<Vec<(&'static str, PathBuf)>>>;

/// Native dialogs as a script: every save dialog answers `answer`, and
/// what it was asked is written down.
struct Scripted {
    asked: Asked,
    answer: Picked,
}

impl FileDialogs for Scripted {
    fn pick_folder(&mut self) -> Picked {
        Picked::Cancelled
    }
    fn pick_project(&mut self) -> Picked {
        Picked::Cancelled
    }
    fn save_project(&mut self, suggested: &Path) -> Picked {
        self.asked
            .lock()
            .unwrap()
            .push(("project", suggested.to_owned()));
        self.answer.clone()
    }
    fn save_export(&mut self, suggested: &Path, format: Format) -> Picked {
        let which = if format == Format::Csv {
            "csv"
        } else {
            "export"
        };
        self.asked
            .lock()
            .unwrap()
            .push((which, suggested.to_owned()));
        self.answer.clone()
    }
}

/// The seeds folder of `fx` opened as a new project (not saved yet).
fn new_project(fx: &Fixture, dialogs: Box<dyn FileDialogs>) -> Harness<'static, DiptychApp> {
    let folder = fx.dir.path().join("seeds");
    let app = DiptychApp::loading(&folder, config(fx.dir.path()), dialogs);
    let mut harness = build(builder(), app);
    window::wait_loaded(&mut harness, Duration::from_secs(60));
    harness
}

fn path_field(harness: &Harness<'_, DiptychApp>) -> String {
    harness.get_by_label("Path").value().unwrap_or_default()
}

/// Types `text` into the field labelled `label`, replacing what it holds.
fn retype(harness: &mut Harness<'_, DiptychApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

#[test]
fn save_as_starts_from_the_projects_folder_with_a_full_path() {
    let fx = fixture();
    // A new project over `DIR/seeds` is saved beside its folder, as `DIR/seeds.ron`.
    let mut harness = new_project(&fx, Box::new(NoDialogs));
    assert_eq!(harness.state().ws.path, None);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    let expected = fx.dir.path().join("seeds.ron");
    assert!(expected.is_absolute());
    assert_eq!(path_field(&harness), expected.display().to_string());
    // The native dialog is given the same full path.
    let asked = Asked::default();
    let dialogs = Scripted {
        asked: asked.clone(),
        answer: Picked::Cancelled,
    };
    let mut harness = new_project(&fx, Box::new(dialogs));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert_eq!(*asked.lock().unwrap(), [("project", expected)]);
    assert!(harness.state().ui.path_prompt.is_none());
    // A saved project starts from its own file.
    let dialogs = Scripted {
        asked: asked.clone(),
        answer: Picked::Cancelled,
    };
    let (ws, report) = Workspace::open_blocking(&fx.project).unwrap();
    let app = DiptychApp::new(ws, Some(report), config(fx.dir.path()), Box::new(dialogs));
    let mut harness = window::harness(app);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert_eq!(asked.lock().unwrap()[1], ("project", fx.project.clone()));
}

#[test]
fn tab_in_the_path_field_completes_and_keeps_the_focus() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    // Nothing completes: the text stays, and so does the focus.
    let nothing = format!("{}/nothing-starts-so", fx.dir.path().display());
    retype(&mut harness, "Path", &nothing);
    assert!(harness.get_by_label("Path").is_focused());
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(path_field(&harness), nothing);
    assert!(harness.get_by_label("Path").is_focused());
    // One folder completes: it is filled in, and the focus stays for more.
    retype(
        &mut harness,
        "Path",
        &format!("{}/see", fx.dir.path().display()),
    );
    harness.key_press(Key::Tab);
    harness.run();
    let seeds = format!("{}/seeds/", fx.dir.path().display());
    assert_eq!(path_field(&harness), seeds);
    assert!(harness.get_by_label("Path").is_focused());
    // Typing goes on in the field.
    harness.get_by_label("Path").type_text("x");
    harness.run();
    assert_eq!(path_field(&harness), format!("{seeds}x"));
}

fn output_field(harness: &Harness<'_, DiptychApp>) -> String {
    harness.get_by_label("Output").value().unwrap_or_default()
}

fn pick_format(harness: &mut Harness<'_, DiptychApp>, name: &str) {
    harness.get_by_label("Export format").click();
    harness.run();
    harness.get_by_label(name).click();
    harness.run();
}

#[test]
fn export_defaults_to_the_project_name_in_its_folder_and_follows_the_format() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    let folder = fx.dir.path().join("projects");
    let stem = "Seeds_ OpenAI and AWS, two versions";
    let in_folder = |name: &str| folder.join(name).display().to_string();
    assert_eq!(output_field(&harness), in_folder(&format!("{stem}.jsonl")));
    pick_format(&mut harness, "csv");
    assert_eq!(output_field(&harness), in_folder(&format!("{stem}.csv")));
    // brat writes a folder: it is named after the format, not the corpus.
    pick_format(&mut harness, "brat");
    assert_eq!(output_field(&harness), in_folder(&format!("{stem}-brat")));
    // A name the user typed stays when the format changes.
    let own = fx.dir.path().join("mine.data").display().to_string();
    retype(&mut harness, "Output", &own);
    pick_format(&mut harness, "w3c");
    assert_eq!(output_field(&harness), own);
}

#[test]
fn browse_asks_the_native_dialog_or_the_path_field_and_fills_the_output() {
    let fx = fixture();
    let chosen = fx.dir.path().join("out/claims.csv");
    let asked = Asked::default();
    let dialogs = Scripted {
        asked: asked.clone(),
        answer: Picked::Path(chosen.clone()),
    };
    let (ws, report) = Workspace::open_blocking(&fx.project).unwrap();
    let app = DiptychApp::new(ws, Some(report), config(fx.dir.path()), Box::new(dialogs));
    let mut harness = harness(app);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    pick_format(&mut harness, "csv");
    let default = output_field(&harness);
    harness.get_by_label("Browse…").click();
    harness.run();
    assert_eq!(*asked.lock().unwrap(), [("csv", PathBuf::from(&default))]);
    assert_eq!(output_field(&harness), chosen.display().to_string());
    // The path chosen is the user's own: another format leaves it.
    pick_format(&mut harness, "jsonl");
    assert_eq!(output_field(&harness), chosen.display().to_string());

    // Without a native dialog, the path field asks, starting at the output.
    let mut harness = harness_without_dialogs(&fx);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    let default = output_field(&harness);
    harness.get_by_label("Browse…").click();
    harness.run();
    harness.get_by_label("Export to");
    assert_eq!(path_field(&harness), default);
    let typed = fx.dir.path().join("elsewhere.jsonl").display().to_string();
    retype(&mut harness, "Path", &typed);
    harness.get_by_label("Choose").click();
    harness.run();
    assert!(harness.state().ui.path_prompt.is_none());
    assert_eq!(output_field(&harness), typed);
    assert!(harness.state().ui.export_window.output_chosen);
}

fn harness_without_dialogs(fx: &Fixture) -> Harness<'static, DiptychApp> {
    harness(open_app(fx))
}

#[test]
fn accepting_a_suggestion_names_the_annotator_and_keeps_source_and_score() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    let suggestion = harness
        .state()
        .ws
        .project
        .annotations
        .values()
        .find(|a| a.status.is_suggested() && !a.orphaned)
        .expect("the sample gets suggestions")
        .clone();
    let AnnotationStatus::Suggested { source, score } = suggestion.status.clone() else {
        unreachable!("filtered on suggestions");
    };
    assert_eq!(&*suggestion.annotator, "diptych");
    let before = harness.state().ws.project.clone();
    harness
        .state_mut()
        .send(UiCommand::Select(Some(suggestion.id)));
    harness.run();
    harness.key_press(Key::A);
    harness.run();
    let accepted = harness.state().ws.project.annotations[&suggestion.id].clone();
    assert_eq!(accepted.status, AnnotationStatus::Accepted);
    assert_eq!(&*accepted.annotator, "tester", "the configured annotator");
    assert_eq!(
        accepted.suggested_by,
        Some(Suggestion {
            source: source.clone(),
            score
        })
    );
    assert_eq!(
        (accepted.created, accepted.span, &accepted.label),
        (suggestion.created, suggestion.span, &suggestion.label)
    );
    // The inspector says who accepted it and what suggested it.
    harness
        .state_mut()
        .send(UiCommand::Select(Some(suggestion.id)));
    harness.run();
    let line = format!("accepted by tester · suggested by {source} ({score:.2})");
    assert!(harness.query_by_label(&line).is_some(), "{line}");
    // Undo gives the suggestion back exactly.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().ws.project, before);
}

/// Where the text of every painted galley whose text starts with `prefix` begins.
fn text_positions(harness: &Harness<'_, DiptychApp>, prefix: &str) -> Vec<(String, f32)> {
    fn walk(shape: &egui::Shape, prefix: &str, found: &mut Vec<(String, f32)>) {
        match shape {
            egui::Shape::Text(text) if text.galley.text().starts_with(prefix) => {
                found.push((text.galley.text().to_owned(), text.pos.x));
            }
            egui::Shape::Vec(shapes) => {
                for s in shapes {
                    walk(s, prefix, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, prefix, &mut found);
    }
    found
}

#[test]
fn library_rows_start_their_titles_at_the_same_place() {
    let fx = fixture();
    let harness = harness(open_app(&fx));
    // A long title (cut to fit) and a short one ("Futures"), both done (●).
    let rows = text_positions(&harness, "● ");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().any(|(t, _)| t == "● Futures"), "{rows:?}");
    assert_eq!(rows[0].1, rows[1].1, "{rows:?}");
}

/// The window's export goes through the same target check as the command
/// line: a FIFO as the output is refused with a message and left a FIFO.
#[cfg(unix)]
#[test]
fn the_export_window_refuses_a_fifo_and_leaves_it() {
    use std::os::unix::fs::FileTypeExt;
    let fx = fixture();
    let fifo = fx.dir.path().join("out.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut harness = harness_without_dialogs(&fx);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    retype(&mut harness, "Output", &fifo.display().to_string());
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    let mut message = None;
    for _ in 0..300 {
        harness.step();
        message = harness.state().ui.message.clone();
        if message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("Export"))
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let message = message.expect("the export reports");
    assert_eq!(
        message.level,
        diptych::ui::command::Level::Error,
        "{}",
        message.text
    );
    assert!(
        message.text.starts_with("Export failed: ") && message.text.contains("is a FIFO"),
        "{}",
        message.text
    );
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
}
