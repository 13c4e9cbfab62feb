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
pub fn corpus_question_ui(
    ctx: &egui::Context,
    question: &CorpusQuestion,
    out: &mut Vec<UiCommand>,
) {
    // Enter answers yes unless a button has the focus (Tab), which takes it.
    let enter = ctx.memory(|m| m.focused().is_none())
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
    let mut answer = enter.then_some(true);
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
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    if let Some(read) = answer {
        out.push(UiCommand::CorpusAnswer(read));
    }
}
