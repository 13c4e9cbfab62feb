//! The question asked before the window reads a corpus that lies outside
//! its project file's folder (a shared project may name `/etc`, or `/`):
//! nothing of it is read until the user says so.

use std::path::PathBuf;

use eframe::egui;

use super::command::UiCommand;

/// A project waiting for the user's word before its corpus is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusQuestion {
    /// The project file.
    pub project: PathBuf,
    /// Its corpus folder, resolved.
    pub corpus: PathBuf,
    /// The folder that holds the project file, resolved.
    pub project_folder: PathBuf,
}

/// Draws the question as a modal window: "Read the articles" (or Enter)
/// answers yes, "Cancel" (or Esc) no, each as [`UiCommand::CorpusAnswer`].
/// A button reached with Tab takes Enter for itself.
pub fn corpus_question_ui(
    ctx: &egui::Context,
    question: &CorpusQuestion,
    out: &mut Vec<UiCommand>,
) {
    let enter = ctx.input(|i| i.key_pressed(egui::Key::Enter));
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("corpus question")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Read articles from outside the project's folder?");
        ui.label(format!(
            "The project {} reads its articles from\n{}\nwhich is outside the project's folder\n{}",
            question.project.display(),
            question.corpus.display(),
            question.project_folder.display()
        ));
        ui.label(
            "Every readable file there becomes an article: shown, searched, and \
             written into exports. Read them only if this is the folder you expect.",
        );
        ui.horizontal(|ui| {
            if ui.button("Read the articles").clicked() {
                answer = Some(true);
            }
            let cancel = ui.button("Cancel");
            if cancel.clicked() {
                answer = Some(false);
            }
            cancel.has_focus()
        })
        .inner
    });
    let cancel_focused = modal.inner;
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    if answer.is_none() && enter && !cancel_focused {
        answer = Some(true);
    }
    if let Some(read) = answer {
        out.push(UiCommand::CorpusAnswer(read));
    }
}
