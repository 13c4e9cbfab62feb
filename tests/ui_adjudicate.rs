//! Settling two annotators' disagreements into a gold layer: the window
//! lists them, keys step and decide, each decision is one undoable edit,
//! and the progress counts what is settled.

mod common;
mod window;

use diptych::analysis::adjudicate::DisagreementKind;
use diptych::app::DiptychApp;
use diptych::model::{AnnotationId, DocumentId, Edit, Span};
use diptych::ui::reader::Layer;
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{FIRST, fixture, harness, open_app};

/// Adds an annotation by `who` of bytes `start..end` of the first article
/// with label number `label`.
fn add(
    harness: &mut Harness<'_, DiptychApp>,
    who: &str,
    start: usize,
    end: usize,
    label: usize,
) -> AnnotationId {
    let app = harness.state_mut();
    let doc = DocumentId::from(FIRST);
    let text = app.ws.corpus.get(&doc).unwrap().shared_text();
    let id = app.ws.project.next_annotation_id();
    let label = app.ws.project.labels.labels[label].id.clone();
    let span = Span::new(&text, start, end).unwrap();
    let a =
        diptych::model::Annotation::new(id, doc, &text, span, label, who, jiff::Timestamp::now());
    app.history
        .apply(&mut app.ws.project, Edit::AddAnnotation(Box::new(a)))
        .unwrap();
    id
}

/// How the first article's highlights are underlined, by annotation.
fn looks(app: &DiptychApp) -> std::collections::BTreeMap<AnnotationId, Layer> {
    let doc = DocumentId::from(FIRST);
    let text = app.ws.corpus.get(&doc).unwrap().shared_text();
    diptych::ui::build_highlights(&app.ws.project, &doc, &text, &app.ui.layers)
        .into_iter()
        .map(|h| (h.id, h.layer))
        .collect()
}

fn alt(harness: &mut Harness<'_, DiptychApp>, key: Key) {
    harness.key_press_modifiers(Modifiers::ALT, key);
    harness.run();
}

fn gold(app: &DiptychApp) -> Vec<&diptych::model::Annotation> {
    app.ws
        .project
        .annotations
        .values()
        .filter(|a| &*a.annotator == "gold")
        .collect()
}

#[test]
fn disagreements_are_stepped_through_and_settled_into_gold_with_undo() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let claim_a = add(&mut harness, "alice", 0, 20, 0);
    add(&mut harness, "bob", 0, 20, 1);
    let lone_a = add(&mut harness, "alice", 30, 40, 0);
    let lone_b = add(&mut harness, "bob", 60, 70, 0);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::J);
    harness.run();
    let st = &harness.state().ui.adjudication;
    assert_eq!(
        (st.a.as_str(), st.b.as_str(), st.gold.as_str()),
        ("alice", "bob", "gold")
    );
    let kinds: Vec<_> = st.list.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DisagreementKind::Label,
            DisagreementKind::OnlyA,
            DisagreementKind::OnlyB
        ]
    );
    assert!(harness.query_by_label("0 of 3 settled").is_some());
    // While adjudicating, B's underlines are dotted, A's plain.
    let drawn = looks(harness.state());
    assert_eq!(drawn[&claim_a], Layer::Plain);
    assert_eq!(drawn[&lone_b], Layer::Second);
    // Only A's, B's and the gold layer are shown while adjudicating.
    let hidden: Vec<String> = harness.state().ui.layers.hidden.iter().cloned().collect();
    assert_eq!(hidden, ["sample"]);
    // Accept A: a gold copy of alice's span, selected, so that a label key
    // changes the copy (the "edit" of the decision).
    alt(&mut harness, Key::Num1);
    let app = harness.state();
    let copies = gold(app);
    assert_eq!(copies.len(), 1);
    let copy = copies[0].clone();
    assert_eq!(copy.span, app.ws.project.annotations[&claim_a].span);
    assert_eq!(app.ui.selected, Some(copy.id));
    assert_eq!(
        looks(app)[&copy.id],
        Layer::Gold,
        "gold is double-underlined"
    );
    assert!(harness.query_by_label("1 of 3 settled").is_some());
    harness.key_press(Key::Num2);
    harness.run();
    let relabelled = &harness.state().ws.project.annotations[&copy.id];
    assert_eq!(&*relabelled.annotator, "gold");
    assert_ne!(
        relabelled.label, copy.label,
        "the label key changed the gold copy"
    );
    // Next: only alice marked it; reject.
    alt(&mut harness, Key::J);
    assert_eq!(harness.state().ui.adjudication.current, 1);
    alt(&mut harness, Key::Num0);
    let lone = harness.state().ws.project.annotations[&lone_a].clone();
    assert!(
        harness
            .state()
            .ws
            .project
            .is_rejected(&lone.document, lone.span, &lone.label)
    );
    // Next: only bob marked it; accept B with the button.
    alt(&mut harness, Key::J);
    harness.get_by_label_contains("Accept B").click();
    harness.run();
    assert_eq!(gold(harness.state()).len(), 2);
    assert!(
        gold(harness.state())
            .iter()
            .any(|g| g.span == harness.state().ws.project.annotations[&lone_b].span)
    );
    assert!(harness.query_by_label("3 of 3 settled").is_some());
    // Undo takes the last decision back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(gold(harness.state()).len(), 1);
    assert!(harness.query_by_label("2 of 3 settled").is_some());
    // Other boundaries: the gold span selected in the reader, then Alt+4.
    harness.get_by_label("All 3 disagreements").click();
    harness.run();
    harness.get_by_label_contains("3. only B marked it").click();
    harness.run();
    assert_eq!(harness.state().ui.adjudication.current, 2);
    let app = harness.state_mut();
    let active = app.ui.active;
    assert_eq!(app.ui.panes[active].doc.as_str(), FIRST);
    app.ui.panes[active].reader.set_selection(
        diptych::model::ByteOffset(60),
        diptych::model::ByteOffset(66),
    );
    harness.run();
    alt(&mut harness, Key::Num4);
    let app = harness.state();
    let bobs = &app.ws.project.annotations[&lone_b];
    let from_selection = gold(app)
        .into_iter()
        .find(|g| g.span.start.0 == 60)
        .expect("a gold annotation over the selection");
    assert_eq!(
        (from_selection.span.end.0, &from_selection.label),
        (66, &bobs.label)
    );
    assert!(harness.query_by_label("3 of 3 settled").is_some());
    // Another gold layer's name: only the rejection still counts.
    harness.state_mut().ui.adjudication.gold = "gold 2".to_owned();
    harness.run();
    assert!(harness.query_by_label("1 of 3 settled").is_some());
    harness.state_mut().ui.adjudication.gold = "gold".to_owned();
    harness.run();
    // Without the window, the keys do nothing, and every layer shows again.
    harness.state_mut().ui.adjudication.open = false;
    alt(&mut harness, Key::Num3);
    assert!(harness.state().ui.layers.hidden.is_empty());
    assert!(looks(harness.state()).values().all(|l| *l == Layer::Plain));
    assert_eq!(gold(harness.state()).len(), 2);
}

#[test]
fn a_sentiment_disagreement_is_rejected_once_and_not_accepted_twice() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    let a = add(&mut harness, "alice", 0, 20, 0);
    let b = add(&mut harness, "bob", 0, 20, 0);
    let app = harness.state_mut();
    for (id, sentiment) in [
        (a, diptych::model::Sentiment::Positive),
        (b, diptych::model::Sentiment::Negative),
    ] {
        let mut ann = app.ws.project.annotations[&id].clone();
        ann.sentiment = Some(sentiment);
        app.history
            .apply(&mut app.ws.project, Edit::UpdateAnnotation(Box::new(ann)))
            .unwrap();
    }
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::J);
    harness.run();
    let kinds: Vec<_> = harness
        .state()
        .ui
        .adjudication
        .list
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(kinds, [DisagreementKind::Sentiment]);
    // Both would be two gold copies of one span: refused, said.
    alt(&mut harness, Key::Num3);
    assert!(gold(harness.state()).is_empty());
    // Reject: one rejection of the one span and label (two would fail).
    let before = harness.state().ws.project.rejected.len();
    alt(&mut harness, Key::Num0);
    assert_eq!(harness.state().ws.project.rejected.len(), before + 1);
    assert!(harness.query_by_label("1 of 1 settled").is_some());
    // A gold layer named as A is refused.
    harness.state_mut().ui.adjudication.gold = "alice".to_owned();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    alt(&mut harness, Key::Num1);
    let message = harness.state().ui.message.clone().unwrap();
    assert!(message.text.contains("a name of its own"), "{message:?}");
}
