//! From what the user asked to what happens: key bindings become
//! [`UiCommand::Action`]s (read from the action table), and the commands the
//! panels queued are applied here once a frame, after drawing.

use eframe::egui;

use super::DiptychApp;
use super::annotate::now;
use crate::model::Edit;
use crate::ui::actions::{Action, KeyContext, is_plain, same_modifiers};
use crate::ui::command::{StatusMessage, UiCommand};
use crate::ui::layout::Side;

impl DiptychApp {
    /// A file or folder dropped on the window is opened.
    pub(super) fn read_dropped_file(&mut self, ctx: &egui::Context) {
        let dropped: Option<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .find_map(|f| Some(f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()))
        });
        if let Some(path) = dropped {
            self.commands.push(UiCommand::OpenPath(path));
        }
    }

    /// Applies the commands queued this frame, in order.
    pub(super) fn apply_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // The panels were drawn before these took effect: draw again.
            ctx.request_repaint();
        }
        for command in commands {
            self.apply_command(ctx, command);
        }
        self.keep_selection_in_active_document();
    }

    fn apply_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::Action(action) => self.run_action(ctx, action),
            UiCommand::OpenPath(path) => self.request_open(path),
            UiCommand::SaveTo(path) => self.save_to(&path),
            UiCommand::LabelSelection(label) => self.label_selection(label),
            UiCommand::SetSentiment(s) => self.set_sentiment(s),
            UiCommand::UpdateAnnotation(mut a) => {
                a.modified = now();
                self.edit(Edit::UpdateAnnotation(a));
            }
            UiCommand::Edit(edit) => {
                self.edit(edit);
            }
            UiCommand::Select(id) => {
                self.ui.selected = id;
                if let Some(id) = id {
                    self.reveal(id, false);
                }
            }
            UiCommand::Pick(id) => self.ui.selected = Some(id),
            UiCommand::LinkTo(id) => self.link_to(id),
            UiCommand::RemoveLink(id) => {
                self.edit(Edit::RemoveLink(id));
            }
            UiCommand::KeepOneOf { keep, drop } => self.keep_one_of(keep, drop),
            UiCommand::PlaceOrphan(id) => self.place_orphan(id),
            UiCommand::Reveal(id) => self.reveal(id, true),
            UiCommand::SetDocFields(document, fields) => {
                self.edit(Edit::SetDocFields { document, fields });
            }
            UiCommand::OpenDocument { doc, new_pane } => self.ui.open_document(doc, new_pane),
            UiCommand::OpenAt {
                annotation: Some(id),
                ..
            } if self
                .ws
                .project
                .annotations
                .get(&id)
                .is_some_and(|a| !a.orphaned) =>
            {
                self.reveal(id, false);
            }
            UiCommand::OpenAt { doc, span, .. } => {
                // The hit selected, so that it shows where the reader put it
                // (and a label key marks it).
                let pane = self.ui.reveal(&doc, span, false);
                if !span.is_empty()
                    && let Some(pane) = self.ui.panes.get_mut(pane)
                {
                    pane.reader.set_selection(span.start, span.end);
                }
            }
            UiCommand::SetPaneDocument { pane, doc } => self.ui.set_pane_document(pane, doc),
            UiCommand::ClosePane(i) => self.ui.close_pane(i),
            UiCommand::MovePane { pane, by } => self.ui.move_pane(pane, by),
            UiCommand::ActivatePane(i) => self.ui.activate_pane(i),
            UiCommand::CompareWith { side, pane } => self.ui.choose_compared(side, pane),
            UiCommand::Recover(restore) => self.recover(restore),
            UiCommand::CrashAnswer(answer) => self.answer_crash(answer),
            UiCommand::OpenFolder(path) => self.open_folder(&path),
            UiCommand::OnDisk(answer) => self.answer_on_disk(answer),
            UiCommand::SetAnnotator(name) => self.set_annotator(name),
            UiCommand::ComputeAgreement(unit) => self.compute_agreement(unit),
            UiCommand::Adjudicate(command) => self.adjudicate(command),
            UiCommand::ShowLayer { annotator, shown } => {
                let all = super::caches::annotators(&self.ws.project);
                self.ui.show_layer(annotator, shown, &all);
                let hidden = |id| {
                    self.ws
                        .project
                        .annotations
                        .get(id)
                        .is_some_and(|a| self.ui.layers.hidden.contains(&*a.annotator))
                };
                if self.ui.selected.as_ref().is_some_and(hidden) {
                    self.ui.selected = None;
                }
            }
            UiCommand::CloseAnswer(answer) => self.answer_close(ctx, answer),
            UiCommand::CorpusAnswer(read) => self.answer_corpus_question(read),
            UiCommand::CancelLoad => self.cancel_load(),
            UiCommand::Export {
                format,
                options,
                output,
            } => self.start_export(format, *options, output),
            UiCommand::BrowseExport { format, current } => self.browse_export(format, current),
            UiCommand::ChooseExportOutput(path) => self.ui.export_window.choose_output(path),
            UiCommand::Import {
                format,
                file,
                settings,
            } => self.import(format, &file, &settings),
        }
    }

    /// Does what a named action stands for.
    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        // While a project file is read and nothing of it is shown (the
        // window shows its first article, read-only), what would change or
        // save the project shown before waits.
        if self.jobs.load_progress().is_some() && !action.works_while_loading() {
            self.say(StatusMessage::info(super::jobs::WAITS_FOR_THE_PROJECT));
            return;
        }
        if let Some(key) = action.label_key() {
            if let Some(label) = self.ws.project.labels.by_key(key) {
                self.label_selection(label.id.clone());
            }
            return;
        }
        match action {
            Action::NewFromFolder => self.pick_folder(),
            Action::OpenProject => self.pick_project(),
            Action::Save => self.save(),
            Action::SaveAs => self.save_as(),
            Action::Export => self.ui.export_window.open = true,
            Action::Import => self.ui.import_window.open = true,
            Action::Quit => self.quit(ctx),
            Action::Undo => self.undo(false),
            Action::Redo => self.undo(true),
            Action::DeleteAnnotation => {
                if let Some(id) = self.ui.selected.take() {
                    self.edit(Edit::RemoveAnnotation(id));
                }
            }
            Action::NextAnnotation => self.step_annotation(true),
            Action::PreviousAnnotation => self.step_annotation(false),
            Action::ClearSelection => self.clear_selection(),
            Action::StartLink => self.start_link(),
            Action::Suggest => self.suggest(),
            Action::AcceptSuggestion => self.decide_suggestion(true),
            Action::RejectSuggestion => self.decide_suggestion(false),
            Action::AcceptAllOfLabel => self.accept_all_of_label(),
            Action::SentimentPositive
            | Action::SentimentNegative
            | Action::SentimentNeutral
            | Action::SentimentMixed => self.set_sentiment(action.sentiment()),
            Action::AddPane => self.ui.add_pane(self.ws.project.documents.keys()),
            Action::ToggleSyncScroll => self.ui.sync_scroll = !self.ui.sync_scroll,
            Action::ToggleCompare => self.ui.toggle_compare(),
            Action::ToggleTheme => {
                let dark = ctx.theme() == egui::Theme::Dark;
                ctx.set_theme(if dark {
                    egui::Theme::Light
                } else {
                    egui::Theme::Dark
                });
            }
            Action::ZoomIn => ctx.set_zoom_factor((ctx.zoom_factor() + 0.1).min(3.0)),
            Action::ZoomOut => ctx.set_zoom_factor((ctx.zoom_factor() - 0.1).max(0.5)),
            Action::ZoomReset => ctx.set_zoom_factor(1.0),
            Action::ToggleLibrary => self.ui.toggle_side_panel(Side::Left),
            Action::ToggleInspector => self.ui.toggle_side_panel(Side::Right),
            Action::ReaderTextLarger => self.ui.prefs.step_reader_text(1.0),
            Action::ReaderTextSmaller => self.ui.prefs.step_reader_text(-1.0),
            Action::ReaderTextReset => self.ui.prefs.step_reader_text(0.0),
            Action::LongerLines => self.ui.prefs.step_measure(10),
            Action::ShorterLines => self.ui.prefs.step_measure(-10),
            Action::EditLabels => self.ui.labels_window.open = true,
            Action::Preferences => {
                let name = self.annotator.clone();
                self.ui.preferences.show(&name, false);
            }
            Action::FindInDocument => self.ui.open_find(),
            Action::FindNext => self.ui.step_find(true),
            Action::FindPrevious => self.ui.step_find(false),
            Action::CommandPalette => self.ui.palette.show(),
            Action::FocusFilter => {
                // A folded library is asked back first: typing goes into its
                // filter, never to the reader's keys.
                if !self.ui.sides_shown.library {
                    // Open, and asked for: shown while the panes keep their floor.
                    self.ui.prefs.library_open = true;
                    self.ui.sides_forced.library = true;
                }
                self.ui.library.focus_filter = true;
            }
            Action::ShowSkipped => self.ui.skipped_window.open = !self.ui.skipped_window.open,
            Action::ShowOrphans => self.ui.orphans_window.open = !self.ui.orphans_window.open,
            Action::Adjudicate => self.open_adjudication(),
            Action::AdjudicateAcceptA
            | Action::AdjudicateAcceptB
            | Action::AdjudicateAcceptBoth
            | Action::AdjudicateReject
            | Action::AdjudicateFromSelection
            | Action::AdjudicateNext
            | Action::AdjudicatePrevious => self.adjudication_key(action),
            Action::ShowAgreement => {
                self.ui.agreement_window.open = true;
                self.compute_agreement(self.ui.agreement_window.unit);
            }
            Action::ShowShortcuts => self.ui.show_shortcuts = !self.ui.show_shortcuts,
            Action::About => self.show_about(),
            Action::OpenLogFolder => {
                self.open_folder(&super::crash::logs_dir(&self.config.state_dir))
            }
            // Label keys are handled above; the reader reads its own keys.
            Action::Label1
            | Action::Label2
            | Action::Label3
            | Action::Label4
            | Action::Label5
            | Action::Label6
            | Action::Label7
            | Action::Label8
            | Action::Label9
            | Action::ReaderSelectDrag
            | Action::ReaderSelectWordOrParagraph
            | Action::ReaderClickHighlight
            | Action::ReaderMoveCaret
            | Action::ReaderMoveByWord
            | Action::ReaderTextStartEnd
            | Action::ReaderSelectSentence
            | Action::ReaderSelectParagraph
            | Action::ReaderSelectAll
            | Action::ReaderCopy => {}
        }
    }

    /// Reads the key bindings of the window's actions (label keys included)
    /// from the action table; single keys do not fire while typing, and
    /// the find bar's keys (Enter among them) only while it is open.
    pub(super) fn read_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused();
        let modal_open = self.ui.path_prompt.is_some()
            || self.ui.close_prompt.is_some()
            || self.ui.recovery_offer.is_some()
            || self.ui.corpus_question.is_some();
        if modal_open {
            return;
        }
        // An open menu or popup takes Esc for itself (egui closes it).
        let popup_open = egui::Popup::is_any_open(ctx);
        for action in Action::iter() {
            if action.context() != KeyContext::Window
                || (popup_open && action == Action::ClearSelection)
                || (action.needs_find_bar() && !self.ui.find.open)
            {
                continue;
            }
            for shortcut in action.bindings() {
                if typing && is_plain(shortcut) {
                    continue;
                }
                if ctx.input_mut(|i| consume_exact(i, &shortcut)) {
                    self.commands.push(UiCommand::Action(action));
                }
            }
        }
    }
}

/// Consumes a key press whose modifiers are exactly those of `shortcut`
/// (so that Alt+P is not P, and Ctrl+Shift+Z is not Ctrl+Z).
fn consume_exact(input: &mut egui::InputState, shortcut: &egui::KeyboardShortcut) -> bool {
    let mut hit = false;
    input.events.retain(|event| {
        let is_it = matches!(event, egui::Event::Key { key, pressed: true, modifiers, .. }
            if *key == shortcut.logical_key && same_modifiers(*modifiers, shortcut.modifiers));
        hit |= is_it;
        !is_it
    });
    hit
}
