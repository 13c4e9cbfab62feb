//! The command palette (Ctrl+Shift+P): every action the window runs, with
//! its key, and one "Label as …" per label, found by a fuzzy query
//! ([`super::fuzzy`]). ↑ ↓ choose, Enter (or a click) runs the entry by
//! sending the very command its menu item sends; Esc closes. Entries that
//! cannot run now (Undo with nothing to undo, Delete with nothing selected)
//! are greyed, as in the menus, and Enter does not run them.

use eframe::egui;

use super::actions::Action;
use super::command::UiCommand;
use super::state::UiState;
use super::{ViewCtx, fuzzy, menu_item_state, shortcut_text};

/// The palette's view state.
#[derive(Default)]
pub struct PaletteState {
    /// The palette is shown.
    pub open: bool,
    query: String,
    /// The chosen entry, by rank (0 = the best match).
    chosen: usize,
    /// Give the query field the keyboard when next drawn.
    focus_field: bool,
}

impl PaletteState {
    /// Opens the palette with an empty query.
    pub fn show(&mut self) {
        self.open = true;
        self.query.clear();
        self.chosen = 0;
        self.focus_field = true;
    }
}

/// One entry of the palette.
struct Entry {
    text: String,
    /// The key, as the platform writes it ("Ctrl+E"); may be empty.
    key: String,
    tooltip: &'static str,
    enabled: bool,
    command: UiCommand,
}

/// The labels (as the Annotate menu lists them), then every action of the
/// action table that the palette lists, in table order; texts and enabled
/// states as the menus show them now.
fn entries(ctx: &egui::Context, view: &ViewCtx<'_>, state: &UiState) -> Vec<Entry> {
    let labels = view.project.labels.labels.iter().map(|label| Entry {
        text: format!("Label as {}", label.name),
        key: label
            .key
            .and_then(Action::for_label_key)
            .map(|a| shortcut_text(ctx, a))
            .unwrap_or_default(),
        tooltip: "Label the selection (or relabel the selected annotation)",
        enabled: true,
        command: UiCommand::LabelSelection(label.id.clone()),
    });
    let actions = Action::iter().filter(|a| a.in_palette()).map(|action| {
        let (text, enabled) = menu_item_state(action, view, state);
        Entry {
            text,
            key: shortcut_text(ctx, action),
            tooltip: action.tooltip(),
            enabled,
            command: UiCommand::Action(action),
        }
    });
    labels.chain(actions).collect()
}

/// Draws the palette while it is open; the entry run becomes a command.
pub fn palette_window_ui(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    if !state.palette.open {
        return;
    }
    let entries = entries(ctx, view, state);
    let palette = &mut state.palette;
    // Read before the query field, which would take them as cursor keys.
    let (up, down, enter) = ctx.input_mut(|i| {
        let mut key = |k| i.consume_key(egui::Modifiers::NONE, k);
        (
            key(egui::Key::ArrowUp),
            key(egui::Key::ArrowDown),
            key(egui::Key::Enter),
        )
    });
    let modal = egui::Modal::new(egui::Id::unique("command palette")).show(ctx, |ui| {
        ui.set_width(480.0);
        let label = ui.label("Command");
        let field = egui::TextEdit::singleline(&mut palette.query)
            .hint_text("type a few letters of an action")
            .desired_width(f32::INFINITY);
        let response = ui.add(field).labelled_by(label.id);
        if std::mem::take(&mut palette.focus_field) {
            response.request_focus();
        }
        if response.changed() {
            palette.chosen = 0;
        }
        let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
        let ranked = fuzzy::rank(&palette.query, &texts);
        palette.chosen = moved(palette.chosen, up, down, ranked.len());
        let clicked = entry_list_ui(ui, &entries, &ranked, palette.chosen, up || down);
        clicked
            .or(enter.then_some(palette.chosen))
            .and_then(|rank| ranked.get(rank).copied())
    });
    if let Some(entry) = modal.inner.map(|i| &entries[i]).filter(|e| e.enabled) {
        out.push(entry.command.clone());
        state.palette.open = false;
    } else if modal.should_close() {
        state.palette.open = false;
    }
}

/// The ranked entries, the chosen one highlighted (and scrolled to after
/// `moved`); returns the rank of a clicked entry.
fn entry_list_ui(
    ui: &mut egui::Ui,
    entries: &[Entry],
    ranked: &[usize],
    chosen: usize,
    moved: bool,
) -> Option<usize> {
    if ranked.is_empty() {
        ui.label("No action matches");
        return None;
    }
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .show(ui, |ui| {
            for (rank, &i) in ranked.iter().enumerate() {
                let entry = &entries[i];
                let button = egui::Button::selectable(rank == chosen, entry.text.as_str())
                    .shortcut_text(entry.key.as_str());
                let response = ui
                    .add_enabled(entry.enabled, button)
                    .on_hover_text(entry.tooltip);
                if rank == chosen && moved {
                    response.scroll_to_me(None);
                }
                if response.clicked() {
                    clicked = Some(rank);
                }
            }
        });
    clicked
}

/// The chosen rank after ↑ / ↓, wrapping around, within `len` entries.
fn moved(chosen: usize, up: bool, down: bool, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let chosen = chosen.min(len - 1);
    match (up, down) {
        (true, false) => (chosen + len - 1) % len,
        (false, true) => (chosen + 1) % len,
        _ => chosen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_the_choice_round_the_list() {
        assert_eq!(moved(0, false, true, 3), 1);
        assert_eq!(moved(2, false, true, 3), 0);
        assert_eq!(moved(0, true, false, 3), 2);
        assert_eq!(moved(1, false, false, 3), 1);
        // A shorter list after typing: the choice stays inside it.
        assert_eq!(moved(7, false, false, 3), 2);
        assert_eq!(moved(4, true, false, 0), 0);
    }
}
