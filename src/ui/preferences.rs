//! The Preferences window (Edit › Preferences…, Ctrl+,): the annotator's
//! name. On the first run the same field is asked as a question before
//! anything else, offering the login name.

use eframe::egui;

use super::command::UiCommand;

/// The Preferences window while it is shown.
#[derive(Clone, Debug, Default)]
pub struct PreferencesState {
    pub open: bool,
    /// The first run: asked as a question that must be answered.
    pub first_run: bool,
    /// The name being edited.
    pub name: String,
    /// Why the name last given cannot be used.
    pub problem: Option<String>,
    /// Set once the name field was given the keyboard focus.
    pub focused: bool,
}

impl PreferencesState {
    /// Opens the window on the current name.
    pub fn show(&mut self, current: &str, first_run: bool) {
        *self = Self {
            open: true,
            first_run,
            name: current.to_owned(),
            problem: None,
            focused: false,
        };
    }
}

/// Draws the window (or the first-run question) while it is open.
pub fn preferences_ui(ctx: &egui::Context, state: &mut PreferencesState, out: &mut Vec<UiCommand>) {
    if !state.open {
        return;
    }
    if state.first_run {
        egui::Modal::new(egui::Id::unique("who annotates")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Who is annotating?");
            ui.label(
                "Your name is written on every annotation you make, so that a team can \
                 see who marked what and measure how far they agree. \
                 You can change it later in Edit › Preferences.",
            );
            name_field_ui(ui, state, out, "Continue");
        });
        return;
    }
    let mut open = true;
    egui::Window::new("Preferences")
        .open(&mut open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label("The name written on the annotations you make and accept:");
            name_field_ui(ui, state, out, "Save");
        });
    if !open {
        state.open = false;
    }
}

/// The name field, its problem and the button that sends it (Enter too).
fn name_field_ui(
    ui: &mut egui::Ui,
    state: &mut PreferencesState,
    out: &mut Vec<UiCommand>,
    button: &str,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Annotator name");
        let field = ui
            .add(egui::TextEdit::singleline(&mut state.name).desired_width(220.0))
            .labelled_by(label.id);
        if !state.focused {
            field.request_focus();
            state.focused = true;
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(button).clicked() || entered {
            out.push(UiCommand::SetAnnotator(state.name.clone()));
        }
    });
    if let Some(problem) = &state.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
}
