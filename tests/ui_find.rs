//! The find bar (Ctrl+F) and the command palette (Ctrl+Shift+P), driven
//! headless through the real window.

mod common;
mod window;

use diptych::app::DiptychApp;
use diptych::model::{ByteOffset, DocumentId};
use eframe::egui::accesskit::{Role, Toggled};
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use window::{FIRST, Fixture, fixture, harness, open_app};

fn first_text(app: &DiptychApp) -> String {
    app.ws
        .corpus
        .get(&DocumentId::from(FIRST))
        .unwrap()
        .text()
        .to_string()
}

/// Where `word` occurs in `text`, any case (ASCII lower-casing keeps byte
/// offsets), optionally only where no letter or digit touches it: counted
/// here without the app's search.
fn occurrences(text: &str, word: &str, whole_word: bool) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    lower
        .match_indices(&word.to_ascii_lowercase())
        .map(|(i, m)| (i, i + m.len()))
        .filter(|&(s, e)| {
            !whole_word
                || (!is_word(text[..s].chars().next_back()) && !is_word(text[e..].chars().next()))
        })
        .collect()
}

fn selection(harness: &Harness<'_, DiptychApp>) -> Option<(usize, usize)> {
    let (start, end) = harness.state().ui.panes[0].reader.selection()?;
    Some((start.0, end.0))
}

fn press(harness: &mut Harness<'_, DiptychApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// The window with the first pane's reader holding the keyboard, Ctrl+F
/// pressed and `query` typed into the find bar.
fn find(fx: &Fixture, query: &str) -> Harness<'static, DiptychApp> {
    let mut harness = harness(open_app(fx));
    harness.state_mut().ui.panes[0].reader.request_focus();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(harness.state().ui.find.open);
    harness.get_by_label("Find").type_text(query);
    harness.run();
    harness
}

#[test]
fn ctrl_f_counts_the_hits_enter_steps_and_a_label_key_labels_the_current_one() {
    let fx = fixture();
    let mut harness = find(&fx, "pentagon");
    let hits = occurrences(&first_text(harness.state()), "Pentagon", false);
    let n = hits.len();
    assert!(n >= 3, "the sample mentions the Pentagon {n} times");
    // Typing selects the first hit.
    harness.get_by_label(&format!("1 of {n}"));
    assert_eq!(selection(&harness), Some(hits[0]));
    // Enter: the second hit, which is the selection.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label(&format!("2 of {n}"));
    assert_eq!(selection(&harness), Some(hits[1]));
    // F3 and Shift+F3, Enter and Shift+Enter step on, wrapping round the ends.
    for _ in 2..n {
        press(&mut harness, Modifiers::NONE, Key::F3);
    }
    harness.get_by_label(&format!("{n} of {n}"));
    press(&mut harness, Modifiers::NONE, Key::F3);
    harness.get_by_label(&format!("1 of {n}"));
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    assert_eq!(selection(&harness), Some(hits[n - 1]));
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label(&format!("{} of {n}", n - 1));
    let current = hits[n - 2];
    assert_eq!(selection(&harness), Some(current));
    // A label key labels exactly the current hit.
    let before = harness.state().ws.project.annotations.len();
    press(&mut harness, Modifiers::NONE, Key::Num1);
    let app = harness.state();
    assert_eq!(app.ws.project.annotations.len(), before + 1);
    let added = app.ws.project.annotations.values().next_back().unwrap();
    assert_eq!((added.span.start.0, added.span.end.0), current);
    assert_eq!(added.quote.exact(), "Pentagon");
    assert_eq!(app.ws.project.labels.name_of(&added.label), "Claim");
    // Esc closes the bar (before it clears anything else).
    let selected = app.ui.selected;
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().ui.find.open);
    assert!(harness.query_by_label("Find").is_none());
    assert_eq!(harness.state().ui.selected, selected);
}

#[test]
fn whole_word_and_match_case_narrow_the_hits() {
    let fx = fixture();
    let mut harness = find(&fx, "contract");
    let text = first_text(harness.state());
    let all = occurrences(&text, "contract", false);
    let words = occurrences(&text, "contract", true);
    assert!(words.len() < all.len(), "{} vs {}", words.len(), all.len());
    harness.get_by_label(&format!("1 of {}", all.len()));
    harness.get_by_label("Whole word").click();
    harness.run();
    harness.get_by_label(&format!("1 of {}", words.len()));
    assert_eq!(selection(&harness), Some(words[0]));
    // No "CONTRACT" in capitals: match case finds nothing and leaves no selection.
    assert!(!text.contains("CONTRACT"));
    let field = harness.get_by_label("Find");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    field.type_text("CONTRACT");
    harness.run();
    harness.get_by_label(&format!("1 of {}", words.len()));
    harness.get_by_label("Match case").click();
    harness.run();
    harness.get_by_label("No matches");
    assert_eq!(selection(&harness), None);
}

#[test]
fn esc_in_the_query_field_closes_the_bar() {
    let fx = fixture();
    let mut harness = find(&fx, "pentagon");
    let field = harness.get_by_label("Find");
    field.focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().ui.find.open);
    // The hit stays selected: a label key still labels it.
    let first = occurrences(&first_text(harness.state()), "pentagon", false)[0];
    assert_eq!(selection(&harness), Some(first));
}

#[test]
fn ctrl_shift_f_focuses_the_library_filter() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert!(!harness.state().ui.find.open);
    harness.get_by_label("Filter").type_text("futures");
    harness.run();
    harness.get_by_label_contains("1 of 2 documents");
}

/// The palette entry chosen now (its label holds the text and the key):
/// the toggled button beside the query field.
fn chosen_entry(harness: &Harness<'_, DiptychApp>) -> String {
    let field = harness.get_by_label("Command");
    let palette = field.new_related(field.accesskit_node().parent().unwrap());
    let chosen =
        palette.get_by(|node| node.role() == Role::Button && node.toggled() == Some(Toggled::True));
    chosen.accesskit_node().label().unwrap_or_default()
}

#[test]
fn the_palette_finds_an_action_by_a_few_letters_and_enter_runs_it() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(harness.state().ui.palette.open);
    harness.get_by_label("Command").type_text("exp");
    harness.run();
    assert!(
        chosen_entry(&harness).starts_with("Export…"),
        "{}",
        chosen_entry(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let app = harness.state();
    assert!(app.ui.export_window.open);
    assert!(!app.ui.palette.open);
}

#[test]
fn the_palette_greys_what_cannot_run_and_esc_closes_it() {
    let fx = fixture();
    let mut harness = harness(open_app(&fx));
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    harness.get_by_label("Command").type_text("undo");
    harness.run();
    // Nothing to undo: the entry is there, greyed, and Enter does nothing.
    assert!(chosen_entry(&harness).starts_with("Undo"));
    let undo = harness.get_by(|node| {
        node.role() == Role::Button && node.label().is_some_and(|l| l.starts_with("Undo"))
    });
    assert!(undo.accesskit_node().is_disabled());
    let revision = harness.state().history.revision();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(harness.state().ui.palette.open);
    assert_eq!(harness.state().history.revision(), revision);
    // ↓ chooses the next match; Esc closes the palette and nothing else.
    let selected = (ByteOffset(4), ByteOffset(9));
    harness.state_mut().ui.panes[0]
        .reader
        .set_selection(selected.0, selected.1);
    let field = harness.get_by_label("Command");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    field.type_text("label as");
    harness.run();
    assert!(chosen_entry(&harness).starts_with("Label as "));
    let first = chosen_entry(&harness);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_ne!(chosen_entry(&harness), first);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().ui.palette.open);
    assert_eq!(
        harness.state().ui.panes[0].reader.selection(),
        Some(selected)
    );
}

/// Where the first pane's text is on screen: its reader's top edge and how
/// far it is scrolled.
fn text_place(harness: &Harness<'_, DiptychApp>) -> (f32, f32) {
    let reader = &harness.state().ui.panes[0].reader;
    (reader.view_rect().unwrap().top(), reader.scroll_offset())
}

#[test]
fn the_find_bar_opens_wraps_and_closes_without_moving_the_text() {
    let fx = fixture();
    // A window narrow enough for the bar to take two rows in a pane.
    for width in [1600.0, 900.0] {
        let builder = window::builder().with_size(egui::vec2(width, 600.0));
        let mut harness = window::build(builder, open_app(&fx));
        harness.run();
        harness.state_mut().ui.panes[0]
            .reader
            .scroll_to_top_byte(ByteOffset(900));
        harness.run();
        harness.state_mut().ui.panes[0].reader.request_focus();
        harness.run();
        let before = text_place(&harness);
        let bottom = harness.state().ui.panes[0]
            .reader
            .view_rect()
            .unwrap()
            .bottom();
        press(&mut harness, Modifiers::COMMAND, Key::F);
        assert!(harness.state().ui.find.open);
        assert_eq!(text_place(&harness), before, "at {width}: opened");
        // The reader ends above the bar instead.
        let open = harness.state().ui.panes[0].reader.view_rect().unwrap();
        assert!(open.bottom() < bottom - 20.0, "at {width}: {open:?}");
        let field = harness.get_by_label("Find").rect();
        assert!(
            field.top() >= open.bottom(),
            "at {width}: {field:?} {open:?}"
        );
        // A query with no hit moves nothing (its count is a longer label).
        harness.get_by_label("Find").type_text("zzzz");
        harness.run();
        harness.get_by_label("No matches");
        assert_eq!(text_place(&harness), before, "at {width}: counted");
        press(&mut harness, Modifiers::NONE, Key::Escape);
        assert!(!harness.state().ui.find.open);
        assert_eq!(text_place(&harness), before, "at {width}: closed");
    }
}
