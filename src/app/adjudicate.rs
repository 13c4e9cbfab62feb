//! The Adjudication window's work: listing two annotators' disagreements,
//! keeping their settled flags current, and turning each decision into one
//! undoable edit that builds the gold layer.

use super::DiptychApp;
use super::annotate::now;
use crate::analysis::adjudicate::{
    Disagreement, DisagreementKind, disagreements, is_settled, sides,
};
use crate::model::text::snap_selection;
use crate::model::{Annotation, AnnotationStatus, Edit, Rejection};
use crate::ui::actions::Action;
use crate::ui::adjudicate::{AdjudicateCommand, Decision};
use crate::ui::command::StatusMessage;
use crate::ui::reader::Layer;

impl DiptychApp {
    /// Opens the window, choosing the first two annotators (other than the
    /// gold layer) when none are chosen yet.
    pub(super) fn open_adjudication(&mut self) {
        let st = &mut self.ui.adjudication;
        st.open = true;
        if st.gold.trim().is_empty() {
            st.gold = "gold".to_owned();
        }
        if st.a.is_empty() || st.b.is_empty() {
            let names = super::caches::annotators(&self.ws.project);
            let mut others = names.into_iter().map(|(n, _)| n).filter(|n| *n != st.gold);
            st.a = others.next().unwrap_or_default();
            st.b = others.next().unwrap_or_default();
        }
        self.adjudicate(AdjudicateCommand::Compare);
    }

    /// The window's command.
    pub(super) fn adjudicate(&mut self, command: AdjudicateCommand) {
        match command {
            AdjudicateCommand::Compare => {
                self.show_adjudicated_layers();
                let st = &mut self.ui.adjudication;
                st.list = if st.a == st.b {
                    Vec::new()
                } else {
                    disagreements(&self.ws.project, &st.a, &st.b)
                };
                st.checked_at = None;
                self.refresh_settled();
                let st = &self.ui.adjudication;
                let first = st.next_unsettled(st.list.len().saturating_sub(1));
                self.go_to_disagreement(first.unwrap_or(0));
            }
            AdjudicateCommand::Go(i) => self.go_to_disagreement(i),
            AdjudicateCommand::Decide(decision) => self.decide(decision),
        }
    }

    /// Shows only A's, B's and the gold layer in the readers.
    fn show_adjudicated_layers(&mut self) {
        let st = &self.ui.adjudication;
        let keep = [st.a.clone(), st.b.clone(), st.gold.trim().to_owned()];
        self.ui.layers.looks = [
            (keep[1].clone(), Layer::Second),
            (keep[2].clone(), Layer::Gold),
        ]
        .into_iter()
        .collect();
        let all = super::caches::annotators(&self.ws.project);
        if self.ui.adjudication.hidden_before.is_none() {
            self.ui.adjudication.hidden_before = Some(self.ui.layers.hidden.clone());
        }
        self.ui.layers.hidden = all
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| !keep.contains(name))
            .collect();
        self.ui.layers.version += 1;
    }

    /// Keys of the window (they do nothing while it is closed).
    pub(super) fn adjudication_key(&mut self, action: Action) {
        let st = &self.ui.adjudication;
        if !st.open || st.list.is_empty() {
            return;
        }
        let (i, n) = (st.current, st.list.len());
        let command = match action {
            Action::AdjudicateAcceptA => AdjudicateCommand::Decide(Decision::AcceptA),
            Action::AdjudicateAcceptB => AdjudicateCommand::Decide(Decision::AcceptB),
            Action::AdjudicateAcceptBoth => AdjudicateCommand::Decide(Decision::AcceptBoth),
            Action::AdjudicateReject => AdjudicateCommand::Decide(Decision::Reject),
            Action::AdjudicateFromSelection => AdjudicateCommand::Decide(Decision::FromSelection),
            Action::AdjudicateNext => AdjudicateCommand::Go((i + 1) % n),
            Action::AdjudicatePrevious => AdjudicateCommand::Go((i + n - 1) % n),
            _ => return,
        };
        self.adjudicate(command);
    }

    /// Recomputes which disagreements are settled, once per project
    /// revision; once the window is closed, shows the layers it hid.
    pub(super) fn refresh_settled(&mut self) {
        if !self.ui.adjudication.open
            && let Some(hidden) = self.ui.adjudication.hidden_before.take()
        {
            self.ui.layers.hidden = hidden;
            self.ui.layers.looks.clear();
            self.ui.layers.version += 1;
        }
        let revision = self.history.revision();
        let st = &mut self.ui.adjudication;
        let key = (revision, st.gold.trim().to_owned());
        if !st.open || st.checked_at.as_ref() == Some(&key) {
            return;
        }
        let gold = st.gold.trim();
        st.settled = st
            .list
            .iter()
            .map(|d| is_settled(&self.ws.project, d, gold))
            .collect();
        st.checked_at = Some(key);
    }

    /// Shows disagreement `i`, revealing A's annotation (or B's) in the reader.
    fn go_to_disagreement(&mut self, i: usize) {
        let st = &mut self.ui.adjudication;
        st.current = i.min(st.list.len().saturating_sub(1));
        let Some(d) = st.list.get(st.current) else {
            return;
        };
        if let Some(id) = d.a.or(d.b) {
            self.reveal(id, false);
        }
    }

    /// Settles the current disagreement: gold copies of the sides accepted,
    /// or rejections of both; one undoable edit. The first gold copy is
    /// selected, so that a label or sentiment key changes it.
    fn decide(&mut self, decision: Decision) {
        let st = &self.ui.adjudication;
        let Some(d) = st.list.get(st.current).cloned() else {
            return;
        };
        let gold = st.gold.trim().to_owned();
        if let Some(problem) = crate::model::annotator_problem(&gold) {
            self.say(StatusMessage::error(format!(
                "The gold layer's name: {problem}"
            )));
            return;
        }
        if gold == st.a || gold == st.b {
            self.say(StatusMessage::error(
                "The gold layer needs a name of its own, not A's or B's",
            ));
            return;
        }
        if decision == Decision::AcceptBoth && d.kind == DisagreementKind::Sentiment {
            self.say(StatusMessage::info(
                "Both are on one span: accept A's or B's sentiment (Alt+1 / Alt+2)",
            ));
            return;
        }
        if decision == Decision::FromSelection {
            return self.gold_from_selection(&d, &gold);
        }
        let project = &self.ws.project;
        let chosen: Vec<&Annotation> = match decision {
            Decision::AcceptA => {
                d.a.iter()
                    .filter_map(|id| project.annotations.get(id))
                    .collect()
            }
            Decision::AcceptB => {
                d.b.iter()
                    .filter_map(|id| project.annotations.get(id))
                    .collect()
            }
            Decision::AcceptBoth | Decision::Reject | Decision::FromSelection => sides(project, &d),
        };
        if chosen.is_empty() {
            return;
        }
        let mut next = project.next_annotation_id().0;
        let at = now();
        let edits: Vec<Edit> = chosen
            .iter()
            .map(|a| match decision {
                Decision::Reject => Edit::AddRejection(Rejection {
                    document: a.document.clone(),
                    span: a.span,
                    label: a.label.clone(),
                }),
                _ => {
                    let copy = gold_copy(a, crate::model::AnnotationId(next), &gold, at);
                    next += 1;
                    Edit::AddAnnotation(Box::new(copy))
                }
            })
            .filter(|e| !matches!(e, Edit::AddRejection(r) if project.rejected.contains(r)))
            .collect();
        // Both sides on one span and label (a sentiment disagreement) make
        // one rejection, not two of the same.
        let mut edits = edits;
        edits.dedup();
        let first_copy = edits.iter().find_map(|e| match e {
            Edit::AddAnnotation(a) => Some(a.id),
            _ => None,
        });
        if !edits.is_empty() && self.edit(Edit::Batch(edits)) {
            self.settled_now(first_copy);
        }
    }

    /// After a decision: the flags again, the gold copy shown, the progress said.
    fn settled_now(&mut self, gold: Option<crate::model::AnnotationId>) {
        self.refresh_settled();
        if let Some(id) = gold {
            self.reveal(id, false);
        }
        let st = &self.ui.adjudication;
        self.say(StatusMessage::info(format!(
            "Settled {} of {} (Alt+J: the next disagreement; Undo takes the decision back)",
            st.settled_count(),
            st.list.len()
        )));
    }

    /// A gold annotation over the active reader's selection in the
    /// disagreement's document, with A's label and sentiment (or B's).
    fn gold_from_selection(&mut self, d: &Disagreement, gold: &str) {
        let selection = self
            .ui
            .active_pane()
            .filter(|p| p.doc == d.document)
            .and_then(|p| p.reader.selection());
        let (Some((start, end)), Some(doc)) = (selection, self.ws.corpus.get(&d.document)) else {
            self.say(StatusMessage::info(
                "Select the gold span in the reader showing this document first",
            ));
            return;
        };
        let Some(span) = snap_selection(&doc.text(), start.0, end.0) else {
            self.say(StatusMessage::info("Only whitespace is selected"));
            return;
        };
        let Some(model) = sides(&self.ws.project, d).first().map(|a| (*a).clone()) else {
            return;
        };
        let id = self.ws.project.next_annotation_id();
        let mut copy = gold_copy(&model, id, gold, now());
        copy.span = span;
        copy.quote = crate::model::Quote::capture(&doc.text(), span);
        if self.edit(Edit::AddAnnotation(Box::new(copy))) {
            if let Some(pane) = self.ui.active_pane_mut() {
                pane.reader.clear_selection();
            }
            self.settled_now(Some(id));
        }
    }
}

/// `a` copied into the gold layer as `id`: accepted, by `gold`, made now.
fn gold_copy(
    a: &Annotation,
    id: crate::model::AnnotationId,
    gold: &str,
    at: jiff::Timestamp,
) -> Annotation {
    Annotation {
        id,
        annotator: gold.into(),
        status: AnnotationStatus::Accepted,
        suggested_by: None,
        conflict_with: None,
        created: at,
        modified: at,
        ..a.clone()
    }
}
