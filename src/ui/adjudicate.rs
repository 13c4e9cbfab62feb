//! The Adjudication window (Annotate › Adjudicate…): two annotators'
//! disagreements, listed and stepped through one by one (Alt+J / Alt+K)
//! and settled into a gold layer — accept A (Alt+1), accept B (Alt+2), both
//! (Alt+3), reject (Alt+0), or gold from the reader's selection (Alt+4) —
//! each decision one undoable edit; progress shown. Opening it shows only
//! A's, B's and the gold layer in the readers.

use eframe::egui;

use super::ViewCtx;
use super::actions::Action;
use super::command::UiCommand;
use crate::analysis::adjudicate::{Disagreement, DisagreementKind, sides};
use crate::model::short_quote;

/// A decision about one disagreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    AcceptA,
    AcceptB,
    AcceptBoth,
    Reject,
    /// A gold annotation over the reader's selection, with A's label (or
    /// B's): the gold version with other boundaries.
    FromSelection,
}

/// What the window asks the app to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdjudicateCommand {
    /// List the disagreements of the annotators chosen.
    Compare,
    /// Show disagreement `n` (and reveal it in the reader).
    Go(usize),
    /// Settle the current disagreement.
    Decide(Decision),
}

/// The Adjudication window.
#[derive(Clone, Debug, Default)]
pub struct AdjudicationState {
    pub open: bool,
    pub a: String,
    pub b: String,
    /// The gold layer's annotator name.
    pub gold: String,
    pub list: Vec<Disagreement>,
    /// Which of `list` are settled, as of `checked_at`: the project
    /// revision and the gold layer's name they were computed for.
    pub settled: Vec<bool>,
    pub checked_at: Option<(u64, String)>,
    pub current: usize,
    /// The layers hidden before the window showed only A's, B's and the
    /// gold one; shown again when it closes.
    pub hidden_before: Option<std::collections::BTreeSet<String>>,
}

impl AdjudicationState {
    /// How many disagreements are settled.
    pub fn settled_count(&self) -> usize {
        self.settled.iter().filter(|s| **s).count()
    }

    /// The first unsettled disagreement after `from` (wrapping), if any.
    pub fn next_unsettled(&self, from: usize) -> Option<usize> {
        let n = self.list.len();
        (1..=n)
            .map(|k| (from + k) % n)
            .find(|&i| !self.settled.get(i).copied().unwrap_or(true))
    }
}

/// Draws the window while it is open.
pub fn adjudication_window_ui(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    st: &mut AdjudicationState,
    out: &mut Vec<UiCommand>,
) {
    let mut open = st.open;
    // Bottom right: the disagreement is revealed at the top of a reader.
    egui::Window::new("Adjudication")
        .open(&mut open)
        .default_width(520.0)
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .default_pos(ctx.content_rect().right_bottom() - egui::vec2(16.0, 40.0))
        .show(ctx, |ui| {
            choose_ui(ui, view, st, out);
            ui.separator();
            if st.list.is_empty() {
                let text = if st.a.is_empty() || st.b.is_empty() || st.a == st.b {
                    "Choose two annotators to compare."
                } else {
                    "They agree everywhere: nothing to settle."
                };
                ui.label(text);
                return;
            }
            let (done, n) = (st.settled_count(), st.list.len());
            ui.add(
                egui::ProgressBar::new(done as f32 / n as f32)
                    .text(format!("{done} of {n} settled")),
            );
            current_ui(ui, view, st, out);
        });
    st.open = open;
}

/// The annotators compared and the gold layer's name.
fn choose_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &mut AdjudicationState,
    out: &mut Vec<UiCommand>,
) {
    let before = (st.a.clone(), st.b.clone());
    ui.horizontal_wrapped(|ui| {
        for (name, slot) in [("A", &mut st.a), ("B", &mut st.b)] {
            let label = ui.label(name);
            egui::ComboBox::from_id_salt(("adjudicate", name))
                .selected_text(slot.as_str())
                .show_ui(ui, |ui| {
                    for (who, count) in view.annotators.iter() {
                        ui.selectable_value(slot, who.clone(), format!("{who} ({count})"));
                    }
                })
                .response
                .labelled_by(label.id);
        }
        let label = ui.label("Gold layer");
        ui.add(egui::TextEdit::singleline(&mut st.gold).desired_width(90.0))
            .labelled_by(label.id)
            .on_hover_text("The annotator name of the settled annotations");
    });
    if (st.a.clone(), st.b.clone()) != before {
        out.push(UiCommand::Adjudicate(AdjudicateCommand::Compare));
    }
}

/// The disagreement shown, its two sides, and the buttons.
fn current_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &AdjudicationState,
    out: &mut Vec<UiCommand>,
) {
    let i = st.current.min(st.list.len() - 1);
    let d = &st.list[i];
    let title = view
        .project
        .documents
        .get(&d.document)
        .map_or(d.document.as_str(), |r| r.title.as_str());
    let settled = if st.settled.get(i).copied().unwrap_or(false) {
        " · settled"
    } else {
        ""
    };
    ui.strong(format!(
        "{} of {} · {title}: {}{settled}",
        i + 1,
        st.list.len(),
        d.kind.describe()
    ));
    for (side, id, name) in [("A", d.a, &st.a), ("B", d.b, &st.b)] {
        let text = match id.and_then(|id| view.project.annotations.get(&id)) {
            Some(a) => {
                let sentiment = a
                    .sentiment
                    .map_or(String::new(), |s| format!(" · {}", s.name()));
                format!(
                    "{side} ({name}): {}{sentiment} “{}”",
                    view.project.labels.name_of(&a.label),
                    short_quote(a.quote.exact(), 80)
                )
            }
            None => format!("{side} ({name}): nothing here"),
        };
        ui.label(text);
    }
    // "Both" only where the two differ in place or label: a sentiment
    // disagreement would make two gold copies of one span.
    let both = sides(view.project, d).len() == 2 && d.kind != DisagreementKind::Sentiment;
    let mut send = |c| out.push(UiCommand::Adjudicate(c));
    ui.horizontal_wrapped(|ui| {
        let decide = [
            (Decision::AcceptA, Action::AdjudicateAcceptA, d.a.is_some()),
            (Decision::AcceptB, Action::AdjudicateAcceptB, d.b.is_some()),
            (Decision::AcceptBoth, Action::AdjudicateAcceptBoth, both),
            (Decision::Reject, Action::AdjudicateReject, true),
            (
                Decision::FromSelection,
                Action::AdjudicateFromSelection,
                true,
            ),
        ];
        for (decision, action, enabled) in decide {
            let button = egui::Button::new(action.text())
                .shortcut_text(super::shortcut_text(ui.ctx(), action));
            if ui.add_enabled(enabled, button).clicked() {
                send(AdjudicateCommand::Decide(decision));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let n = st.list.len();
        for (action, to) in [
            (Action::AdjudicatePrevious, (i + n - 1) % n),
            (Action::AdjudicateNext, (i + 1) % n),
        ] {
            let button = egui::Button::new(action.text())
                .shortcut_text(super::shortcut_text(ui.ctx(), action));
            if ui.add(button).clicked() {
                send(AdjudicateCommand::Go(to));
            }
        }
        let next = st.next_unsettled(i);
        if ui
            .add_enabled(next.is_some(), egui::Button::new("Next unsettled"))
            .clicked()
            && let Some(next) = next
        {
            send(AdjudicateCommand::Go(next));
        }
        if ui.button("Show in the reader").clicked() {
            send(AdjudicateCommand::Go(i));
        }
    });
    let hint = match d.kind {
        DisagreementKind::Boundaries | DisagreementKind::OnlyA | DisagreementKind::OnlyB => {
            "Other boundaries: select the gold span in the reader, then Gold from selection."
        }
        DisagreementKind::Label | DisagreementKind::Sentiment => {
            "An accepted copy is selected in the reader: a label or sentiment key changes it."
        }
    };
    ui.label(egui::RichText::new(hint).weak());
    list_ui(ui, view, st, out);
}

/// Every disagreement, settled ones ticked; a click shows one.
fn list_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &AdjudicationState,
    out: &mut Vec<UiCommand>,
) {
    egui::CollapsingHeader::new(format!("All {} disagreements", st.list.len()))
        .default_open(false)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for (i, d) in st.list.iter().enumerate() {
                        let settled = st.settled.get(i).copied().unwrap_or(false);
                        let done = if settled { "✔" } else { "·" };
                        let quote = sides(view.project, d)
                            .first()
                            .map(|a| short_quote(a.quote.exact(), 40))
                            .unwrap_or_default();
                        let text = format!("{done} {}. {}: “{quote}”", i + 1, d.kind.describe());
                        if ui.selectable_label(i == st.current, text).clicked() {
                            out.push(UiCommand::Adjudicate(AdjudicateCommand::Go(i)));
                        }
                    }
                });
        });
}
