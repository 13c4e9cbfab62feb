//! The project file as other programs change it: the question asked when
//! another program saved it while this window has unsaved changes, and what
//! the status bar says meanwhile (a change waiting for an answer, another
//! window that has the project open).

use eframe::egui;

use super::command::UiCommand;

/// What the window knows about other writers of its project file.
#[derive(Clone, Debug, Default)]
pub struct OnDiskState {
    /// Another program's version that waits for the user's decision.
    pub pending: Option<Pending>,
    /// True while the question is shown.
    pub asking: bool,
    /// Another window that has the project open, as its marker names it.
    pub other_window: Option<String>,
}

/// Another program's version of the project file, not taken in yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The project file's name.
    pub file: String,
    /// When the window noticed it (hh:mm).
    pub at: String,
    /// What both changed differently, once taking theirs in was tried.
    pub conflict: Option<String>,
}

/// The user's answer about another program's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskAnswer {
    /// Re-apply this window's unsaved changes onto theirs, as one undoable step.
    TakeIn,
    /// Save this window's version under another name (theirs stays).
    SaveMineAs,
    /// Save this window's version over theirs (theirs stays in the backup).
    Overwrite,
    /// Decide later: the status bar keeps the question.
    Later,
    /// Show the question again.
    Ask,
}

impl OnDiskState {
    /// Another program's version arrived: ask about it now.
    pub fn ask(&mut self, pending: Pending) {
        self.pending = Some(pending);
        self.asking = true;
    }

    /// Nothing waits any more (taken in, overwritten, or another project shown).
    pub fn settled(&mut self) {
        self.pending = None;
        self.asking = false;
    }
}

/// The question, while it is shown: a modal with the four answers; Esc or a
/// click beside it is "Decide later".
pub fn disk_prompt_ui(ctx: &egui::Context, state: &OnDiskState, out: &mut Vec<UiCommand>) {
    let Some(pending) = state.pending.as_ref().filter(|_| state.asking) else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("project changed on disk")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("The project file was changed by another program");
        ui.label(format!(
            "{} was saved by another program (noticed at {}) while this window has unsaved changes. \
             Nothing has been overwritten.",
            pending.file, pending.at
        ));
        if let Some(conflict) = &pending.conflict {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Their version cannot be taken in: {conflict}. \
                     Save yours under another name, or overwrite theirs."
                ),
            );
        }
        ui.add_space(6.0);
        let answer = ui
            .horizontal_wrapped(|ui| answers_ui(ui, pending, &pending.file))
            .inner;
        if let Some(answer) = answer {
            out.push(UiCommand::OnDisk(answer));
        }
    });
    if modal.should_close() {
        out.push(UiCommand::OnDisk(DiskAnswer::Later));
    }
}

/// The four buttons; the one clicked.
fn answers_ui(ui: &mut egui::Ui, pending: &Pending, file: &str) -> Option<DiskAnswer> {
    let mut answer = None;
    let take_in = ui
        .add_enabled(
            pending.conflict.is_none(),
            egui::Button::new("Take their changes in"),
        )
        .on_hover_text(
            "Show their version with your unsaved changes on top, as one step you can undo; \
             where you both changed an annotation, both versions are kept for you to choose",
        );
    if take_in.clicked() {
        answer = Some(DiskAnswer::TakeIn);
    }
    if ui
        .button("Save mine as…")
        .on_hover_text("Save your version under another name; theirs stays as it is")
        .clicked()
    {
        answer = Some(DiskAnswer::SaveMineAs);
    }
    if ui
        .button("Overwrite theirs")
        .on_hover_text(format!(
            "Save your version over theirs; theirs is kept in {file}.bak"
        ))
        .clicked()
    {
        answer = Some(DiskAnswer::Overwrite);
    }
    if ui.button("Decide later").clicked() {
        answer = Some(DiskAnswer::Later);
    }
    answer
}

/// The status bar's part: a change waiting for an answer (a link that asks
/// again) and another window on the project.
pub fn status_ui(ui: &mut egui::Ui, state: &OnDiskState, out: &mut Vec<UiCommand>) {
    let warn = ui.visuals().warn_fg_color;
    if let Some(pending) = &state.pending {
        ui.separator();
        let link = ui
            .link(egui::RichText::new("Changed by another program").color(warn))
            .on_hover_text(format!(
                "{} was saved by another program at {}; choose what to keep",
                pending.file, pending.at
            ));
        if link.clicked() {
            out.push(UiCommand::OnDisk(DiskAnswer::Ask));
        }
    }
    if let Some(holder) = &state.other_window {
        ui.separator();
        ui.colored_label(warn, "Open in another window")
            .on_hover_text(format!(
                "{holder} has this project open too. Each save checks that it replaces only \
             what it loaded, but edit in one window at a time."
            ));
    }
}
