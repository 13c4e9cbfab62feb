//! Compare mode with more than two panes, headless (egui_kittest): the two
//! panes compared are chosen in the toolbar, their paragraphs line up, and
//! the words that differ are marked on both sides.

mod common;
mod window;

use diptych::app::DiptychApp;
use diptych::model::{ByteOffset, DocumentId};
use eframe::egui::{self, Key, Modifiers, Rect, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use window::{FIRST, SECOND, click_at, fixture, harness, open_app};

/// The same paragraph in the two versions of the article.
const LEFT: &str = "On March 17, according to media reports citing two sources";
const RIGHT: &str = "On March 17, according to media reports citing two insiders";

/// The rects of the nodes of `role` whose name contains `needle`, drawn in
/// pane `pane`'s reader.
fn in_pane(harness: &Harness<'_, DiptychApp>, pane: usize, role: Role, needle: &str) -> Vec<Rect> {
    let reader = harness.state().ui.panes[pane]
        .reader
        .view_rect()
        .expect("the pane was drawn");
    harness
        .query_all(By::new().role(role).label_contains(needle))
        .map(|node| node.rect())
        .filter(|r| reader.contains(r.center()))
        .collect()
}

/// The one paragraph containing `needle` in pane `pane`.
fn paragraph(harness: &Harness<'_, DiptychApp>, pane: usize, needle: &str) -> Rect {
    let found = in_pane(harness, pane, Role::Paragraph, needle);
    assert_eq!(found.len(), 1, "pane {pane}: {needle}");
    found[0]
}

/// Clicks the toolbar's pane toggle named `name`, opening ⋯ first when
/// the row is too narrow to show it.
fn choose(harness: &mut Harness<'_, DiptychApp>, name: &str) {
    if harness.query_by_label(name).is_none() {
        harness.get_by_label("⋯").click();
        harness.run();
    }
    harness.get_by_label(name).click();
    harness.run();
}

#[test]
fn the_chosen_two_of_three_panes_line_up_and_mark_the_words_that_differ() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run();
    // Three panes: the first article twice, then the second.
    let app = harness.state_mut();
    app.ui.set_pane_document(1, DocumentId::from(FIRST));
    app.ui.set_pane_document(2, DocumentId::from(SECOND));
    app.ui.activate_pane(0);
    harness.run();
    let docs: Vec<String> = harness
        .state()
        .ui
        .panes
        .iter()
        .map(|p| p.doc.to_string())
        .collect();
    assert_eq!(docs, [FIRST, FIRST, SECOND]);

    // Compare mode compares the first two panes: the same text, nothing marked.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert_eq!(harness.state().ui.compared_panes(), Some([0, 1]));
    assert_eq!(harness.query_all_by_label_contains("Changed: ").count(), 0);

    // Choose the third pane for the second side, in the toolbar (under ⋯
    // when the row is too narrow for it).
    choose(&mut harness, "Second compared pane: 3");
    assert_eq!(harness.state().ui.compared_panes(), Some([0, 2]));
    assert_eq!(harness.query_all_by_label("Compared").count(), 2);

    // A click on the paragraph in pane 1 brings its counterpart in pane 3
    // to the same row; pane 2, not compared, stays where it was.
    let app = harness.state_mut();
    let at = app
        .ws
        .corpus
        .get(&DocumentId::from(FIRST))
        .unwrap()
        .text()
        .find(LEFT);
    app.ui.panes[0].reader.scroll_to(ByteOffset(at.unwrap()));
    harness.run();
    let left = paragraph(&harness, 0, LEFT);
    click_at(
        &mut harness,
        egui::pos2(left.left() + 30.0, left.top() + 8.0),
    );
    harness.run();
    let app = harness.state();
    let offset = app.ui.panes[0].reader.scroll_offset();
    assert!(offset > 100.0, "{offset}");
    assert_eq!(app.ui.panes[2].reader.scroll_offset(), offset);
    assert_eq!(app.ui.panes[1].reader.scroll_offset(), 0.0);
    let (left, right) = (paragraph(&harness, 0, LEFT), paragraph(&harness, 2, RIGHT));
    assert!((left.top() - right.top()).abs() < 1.0, "{left:?} {right:?}");

    // The words that differ are marked inside the two paragraphs, each on its side.
    for (pane, word, para) in [
        (0, "Changed: via", left),
        (0, "Changed: multiple", left),
        (2, "Changed: through", right),
        (2, "Changed: several", right),
    ] {
        let marks = in_pane(&harness, pane, Role::Mark, word);
        assert_eq!(marks.len(), 1, "pane {pane}: {word}");
        assert!(
            para.contains_rect(marks[0]),
            "{word} {:?} in {para:?}",
            marks[0]
        );
    }
    assert!(in_pane(&harness, 0, Role::Mark, "Changed: through").is_empty());
    assert!(in_pane(&harness, 1, Role::Mark, "Changed: ").is_empty());

    // Compare pane 2 with pane 3 instead: pane 1 loses its marks.
    choose(&mut harness, "First compared pane: 2");
    assert_eq!(harness.state().ui.compared_panes(), Some([1, 2]));
    assert!(in_pane(&harness, 0, Role::Mark, "Changed: ").is_empty());
    assert!(!in_pane(&harness, 2, Role::Mark, "Changed: ").is_empty());
}
