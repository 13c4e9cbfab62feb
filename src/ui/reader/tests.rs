//! Widget tests: the reader alone in a headless window (egui_kittest),
//! driven through its accessibility tree and raw pointer and key events.

use eframe::egui::{self, Color32, Event, Key, Modifiers, PointerButton, Pos2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::model::text::ByteOffset;
use crate::model::{AnnotationId, Document, DocumentId, SourceFormat};
use crate::ui::actions::Action;

const TEXT: &str = "“Curly” quotes open the first paragraph 👩‍👩‍👧 here.\n\
\n\
Dr. Smith met U.S. officials. They talked e\u{301}tude and 中文报道。\n\
Third paragraph is short.";

struct Fixture {
    doc: Document,
    highlights: Vec<Highlight>,
    state: ReaderState,
    clicked: Vec<AnnotationId>,
    selected: Option<AnnotationId>,
    revision: u64,
    /// Compare mode's changed words.
    changed: Vec<Span>,
}

impl Fixture {
    fn new(text: &str) -> Self {
        Self {
            doc: Document::new(
                DocumentId::from("test.txt"),
                "Test article".to_owned(),
                text,
                SourceFormat::Text,
                "UTF-8",
            ),
            highlights: Vec::new(),
            state: ReaderState::default(),
            clicked: Vec::new(),
            selected: None,
            revision: 0,
            changed: Vec::new(),
        }
    }

    fn highlight(&mut self, id: u64, needle: &str, tooltip: &str) -> Span {
        let start = self.doc.text().find(needle).unwrap();
        let span = Span::from((start, start + needle.len()));
        self.highlights.push(Highlight {
            id: AnnotationId(id),
            span,
            color: Color32::from_rgb(200, 120, 40),
            suggested: false,
            linked: id == 2,
            layer: Default::default(),
            tooltip: tooltip.to_owned(),
        });
        self.highlights.sort_by_key(|h| h.span.start);
        self.revision += 1;
        span
    }
}

fn harness(fixture: Fixture) -> Harness<'static, Fixture> {
    let mut harness = Harness::builder()
        .with_size(vec2(640.0, 420.0))
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(crate::ui::fonts::install)
        .build_ui_state(
            |ui, f: &mut Fixture| {
                let input = ReaderInput {
                    doc: &f.doc,
                    highlights: &f.highlights,
                    revision: f.revision,
                    selected: f.selected,
                    changed_words: &f.changed,
                    font_size: 15.0,
                    max_line_width: f32::INFINITY,
                    find: Default::default(),
                };
                let output = reader_ui(ui, "reader", &mut f.state, &input);
                if let Some(id) = output.clicked {
                    f.clicked.push(id);
                    f.selected = Some(id);
                }
            },
            fixture,
        );
    harness.run();
    harness
}

/// Screen rect of the paragraph whose text contains `needle`.
fn paragraph_rect(harness: &Harness<'_, Fixture>, needle: &str) -> egui::Rect {
    harness.get_by_label_contains(needle).rect()
}

fn press(harness: &Harness<'_, Fixture>, pos: Pos2, pressed: bool, modifiers: Modifiers) {
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    });
}

fn click_at(harness: &mut Harness<'_, Fixture>, pos: Pos2, modifiers: Modifiers) {
    harness.hover_at(pos);
    harness.event(Event::ModifiersChanged(modifiers));
    press(harness, pos, true, modifiers);
    press(harness, pos, false, modifiers);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

fn drag(harness: &mut Harness<'_, Fixture>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    press(harness, from, true, Modifiers::NONE);
    for k in 1..=5 {
        harness.hover_at(from + (to - from) * (k as f32 / 5.0));
    }
    press(harness, to, false, Modifiers::NONE);
    harness.run();
}

fn selected_text(harness: &Harness<'_, Fixture>) -> Option<String> {
    let f = harness.state();
    let (start, end) = f.state.selection()?;
    Some(f.doc.text()[start.0..end.0].to_owned())
}

/// The x where a line of text starts (the left edge of its paragraph).
fn start_of(rect: egui::Rect) -> Pos2 {
    pos2(rect.left() + 0.5, rect.top() + 8.0)
}

#[test]
fn reader_and_paragraphs_are_in_the_accessibility_tree() {
    let harness = harness(Fixture::new(TEXT));
    harness.get_by_label("Reader: Test article");
    for needle in ["“Curly” quotes", "Dr. Smith met", "Third paragraph"] {
        let rect = paragraph_rect(&harness, needle);
        assert!(
            rect.width() > 50.0 && rect.height() > 5.0,
            "{needle}: {rect:?}"
        );
    }
}

#[test]
fn click_then_shift_right_selects_five_graphemes() {
    let mut harness = harness(Fixture::new(TEXT));
    let rect = paragraph_rect(&harness, "Dr. Smith");
    click_at(&mut harness, start_of(rect), Modifiers::NONE);
    assert!(harness.state().state.selection().is_none());
    let start = TEXT.find("Dr.").unwrap();
    assert_eq!(harness.state().state.caret(), ByteOffset(start));
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run();
    assert_eq!(
        harness.state().state.selection(),
        Some((ByteOffset(start), ByteOffset(start + 5)))
    );
    assert_eq!(selected_text(&harness).as_deref(), Some("Dr. S"));
    // Ctrl+Shift+Right extends by a word, Shift+Left shrinks by a grapheme.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("Dr. Smit"));
}

#[test]
fn arrows_step_over_emoji_clusters_and_up_down_cross_paragraphs() {
    let mut harness = harness(Fixture::new(TEXT));
    let family = TEXT.find('👩').unwrap();
    harness
        .state_mut()
        .state
        .set_selection(ByteOffset(family), ByteOffset(family));
    harness.state_mut().state.request_focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("👩‍👩‍👧"));
    // Down from the first paragraph goes through the empty line to the second.
    harness.key_press(Key::ArrowDown);
    harness.run();
    let empty_line = TEXT.find("\n\n").unwrap() + 1;
    assert_eq!(harness.state().state.caret(), ByteOffset(empty_line));
    harness.key_press(Key::ArrowDown);
    harness.run();
    let caret = harness.state().state.caret().0;
    let second = TEXT.find("Dr.").unwrap();
    let third = TEXT.find("Third").unwrap();
    assert!((second..third).contains(&caret), "{caret}");
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::ArrowUp);
    harness.run();
    let caret = harness.state().state.caret().0;
    assert!(caret < empty_line, "{caret}");
    // Ctrl+End, then Home: the start of the last row.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(harness.state().state.caret(), ByteOffset(third));
}

#[test]
fn drag_selects_across_paragraphs() {
    let mut harness = harness(Fixture::new(TEXT));
    let first = paragraph_rect(&harness, "“Curly” quotes");
    let third = paragraph_rect(&harness, "Third paragraph");
    drag(
        &mut harness,
        start_of(first),
        pos2(third.right() - 1.0, third.center().y),
    );
    let selected = selected_text(&harness).unwrap();
    assert!(selected.starts_with("“Curly”"), "{selected}");
    assert!(selected.contains("\n\nDr. Smith"), "{selected}");
    assert!(selected.ends_with("short."), "{selected}");
    assert!(harness.state().clicked.is_empty());
}

#[test]
fn double_and_triple_click_select_word_and_paragraph() {
    let mut harness = harness(Fixture::new(TEXT));
    let rect = paragraph_rect(&harness, "Dr. Smith");
    // "Dr. S": the x of "Smith" is past "Dr. ", about 4 glyphs in.
    let pos = pos2(rect.left() + 40.0, rect.top() + 8.0);
    harness.hover_at(pos);
    for pressed in [true, false, true, false] {
        press(&harness, pos, pressed, Modifiers::NONE);
    }
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("Smith"));
    for pressed in [true, false] {
        press(&harness, pos, pressed, Modifiers::NONE);
    }
    harness.run();
    assert_eq!(
        selected_text(&harness).as_deref(),
        Some("Dr. Smith met U.S. officials. They talked e\u{301}tude and 中文报道。")
    );
}

#[test]
fn sentence_and_paragraph_keys() {
    let mut harness = harness(Fixture::new(TEXT));
    let at = TEXT.find("officials").unwrap();
    harness
        .state_mut()
        .state
        .set_selection(ByteOffset(at), ByteOffset(at));
    harness.state_mut().state.request_focus();
    harness.run();
    let keys = Action::ReaderSelectSentence.shortcut().unwrap();
    harness.key_press_modifiers(keys.modifiers, keys.logical_key);
    harness.run();
    assert_eq!(
        selected_text(&harness).as_deref(),
        Some("Dr. Smith met U.S. officials.")
    );
    let keys = Action::ReaderSelectParagraph.shortcut().unwrap();
    harness.key_press_modifiers(keys.modifiers, keys.logical_key);
    harness.run();
    assert!(selected_text(&harness).unwrap().ends_with("中文报道。"));
    harness.state_mut().state.clear_selection();
    harness.run();
    assert!(harness.state().state.selection().is_none());
}

#[test]
fn shift_click_extends_the_selection() {
    let mut harness = harness(Fixture::new(TEXT));
    let second = paragraph_rect(&harness, "Dr. Smith");
    let third = paragraph_rect(&harness, "Third paragraph");
    click_at(&mut harness, start_of(second), Modifiers::NONE);
    click_at(&mut harness, start_of(third), Modifiers::SHIFT);
    let selected = selected_text(&harness).unwrap();
    assert!(selected.starts_with("Dr. Smith"), "{selected}");
    assert!(selected.ends_with("中文报道。\n"), "{selected}");
}

#[test]
fn clicking_overlapping_highlights_picks_the_innermost_then_cycles() {
    let mut fixture = Fixture::new(TEXT);
    fixture.highlight(1, "Dr. Smith met U.S. officials.", "Claim");
    fixture.highlight(2, "Smith", "Person");
    let mut harness = harness(fixture);
    harness.get_by_label("Highlight: Claim");
    let person = harness.get_by_label("Highlight: Person").rect();
    let pos = person.center();
    click_at(&mut harness, pos, Modifiers::NONE);
    assert_eq!(harness.state().clicked, [AnnotationId(2)]);
    // Wait past the double-click time, then click the same spot again.
    harness.run_steps(30);
    click_at(&mut harness, pos, Modifiers::NONE);
    harness.run_steps(30);
    click_at(&mut harness, pos, Modifiers::NONE);
    assert_eq!(
        harness.state().clicked,
        [AnnotationId(2), AnnotationId(1), AnnotationId(2)]
    );
    // A click outside any highlight reports nothing.
    harness.run_steps(30);
    let third = paragraph_rect(&harness, "Third paragraph");
    click_at(&mut harness, third.center(), Modifiers::NONE);
    assert_eq!(harness.state().clicked.len(), 3);
}

#[test]
fn scroll_requests_move_the_view_on_a_long_text() {
    let paragraph = "Analysts said the deal was worth “several million dollars” over 15 months. ";
    let text: String = (0..400)
        .map(|i| format!("{i}: {}\n", paragraph.repeat(1 + i % 3)))
        .collect();
    let mut harness = harness(Fixture::new(&text));
    assert_eq!(harness.state().state.first_visible_byte(), ByteOffset(0));
    let target = text.find("300: ").unwrap();
    harness
        .state_mut()
        .state
        .scroll_to_top_byte(ByteOffset(target));
    harness.run();
    assert_eq!(
        harness.state().state.first_visible_byte(),
        ByteOffset(target)
    );
    harness.get_by_label_contains("300: Analysts");
    assert!(
        harness
            .query_by_label_contains(
                "0: Analysts said the deal was worth “several million dollars” over 15 months. 1:"
            )
            .is_none()
    );
    let fraction = harness.state().state.scroll_fraction();
    assert!((0.6..0.85).contains(&fraction), "{fraction}");
    // Centre a byte: it is in view afterwards.
    let target = text.find("120: ").unwrap();
    harness.state_mut().state.scroll_to(ByteOffset(target));
    harness.run();
    harness.get_by_label_contains("120: Analysts");
    // Back to the top by fraction.
    harness.state_mut().state.set_scroll_fraction(0.0);
    harness.run();
    assert_eq!(harness.state().state.first_visible_byte(), ByteOffset(0));
}

#[test]
fn a_new_document_resets_the_selection() {
    let mut harness = harness(Fixture::new(TEXT));
    harness
        .state_mut()
        .state
        .set_selection(ByteOffset(0), ByteOffset(5));
    harness.run();
    assert!(harness.state().state.selection().is_some());
    harness.state_mut().doc = Document::new(
        DocumentId::from("other.txt"),
        "Other".to_owned(),
        "Another text.",
        SourceFormat::Text,
        "UTF-8",
    );
    harness.run();
    assert!(harness.state().state.selection().is_none());
    harness.get_by_label("Reader: Other");
}

/// The quads (4 vertices each) of the meshes painted last frame, with their colour.
fn mesh_quads(harness: &Harness<'_, Fixture>) -> Vec<(egui::Rect, Color32)> {
    let mut quads = Vec::new();
    for clipped in &harness.output().shapes {
        let egui::Shape::Mesh(mesh) = &clipped.shape else {
            continue;
        };
        for quad in mesh.vertices.chunks(4) {
            let rect = egui::Rect::from_points(&quad.iter().map(|v| v.pos).collect::<Vec<_>>());
            quads.push((rect, quad[0].color));
        }
    }
    quads
}

#[test]
fn overlapping_highlights_get_one_composed_fill_and_separate_underline_lanes() {
    let mut fixture = Fixture::new(TEXT);
    fixture.highlight(1, "Dr. Smith met U.S. officials.", "Claim");
    fixture.highlight(2, "Smith", "Person");
    let mut harness = harness(fixture);
    harness.run();
    let person = harness.get_by_label("Highlight: Person").rect();
    let claim = harness.get_by_label("Highlight: Claim").rect();
    let highlight_color = Color32::from_rgb(200, 120, 40);
    let colors = crate::ui::colors::ReaderColors::new(&harness.ctx.global_style().visuals);
    let layer = crate::ui::colors::ReaderColors::layer(highlight_color, Default::default());
    let (one, two) = (colors.fill([layer]), colors.fill([layer, layer]));
    assert!(two.a() > one.a(), "{one:?} {two:?}");
    let mut fills = Vec::new();
    let mut underline_ys = Vec::new();
    for (rect, color) in mesh_quads(&harness) {
        if color == highlight_color && rect.x_range().contains(person.center().x) {
            underline_ys.push(rect.center().y);
        } else if color == two || color == one {
            fills.push((rect, color));
        }
    }
    // Before "Smith", over it (both layers in one quad), after it.
    fills.sort_by(|a, b| a.0.left().total_cmp(&b.0.left()));
    let kinds: Vec<bool> = fills.iter().map(|(_, c)| *c == two).collect();
    assert_eq!(kinds, [false, true, false], "{fills:?}");
    assert!((fills[1].0.center().x - person.center().x).abs() < 1.0);
    assert!((fills[0].0.left() - claim.left()).abs() < 1.0);
    underline_ys.sort_by(f32::total_cmp);
    underline_ys.dedup();
    assert_eq!(
        underline_ys.len(),
        2,
        "one underline lane each: {underline_ys:?}"
    );
    assert!(
        underline_ys
            .iter()
            .all(|&y| y > person.center().y && y < person.bottom() + 8.0)
    );
}

#[test]
fn changed_words_get_their_own_fill_composed_with_highlights_and_a_name() {
    let mut fixture = Fixture::new(TEXT);
    fixture.highlight(1, "Smith met", "Person");
    let start = TEXT.find("met U.S.").unwrap();
    fixture.changed = vec![Span::from((start, start + "met U.S.".len()))];
    let harness = harness(fixture);
    let changed = harness.get_by_label("Changed: met U.S.").rect();
    let person = harness.get_by_label("Highlight: Person").rect();
    let colors = crate::ui::colors::ReaderColors::new(&harness.ctx.global_style().visuals);
    let layer =
        crate::ui::colors::ReaderColors::layer(Color32::from_rgb(200, 120, 40), Default::default());
    let word = crate::ui::colors::ReaderColors::changed_layer();
    let (label, both, alone) = (
        colors.fill([layer]),
        colors.fill([layer, word]),
        colors.fill([word]),
    );
    assert!(label != both && both != alone && alone.a() > 0);
    let mut fills: Vec<(egui::Rect, Color32)> = mesh_quads(&harness)
        .into_iter()
        .filter(|(r, c)| [label, both, alone].contains(c) && r.height() > 5.0)
        .collect();
    fills.sort_by(|a, b| a.0.left().total_cmp(&b.0.left()));
    // "Smith " under the label, "met" under both, " U.S." changed only.
    let kinds: Vec<Color32> = fills.iter().map(|(_, c)| *c).collect();
    assert_eq!(kinds, [label, both, alone], "{fills:?}");
    assert!((fills[0].0.left() - person.left()).abs() < 1.0);
    assert!((fills[1].0.left() - changed.left()).abs() < 1.0);
    assert!((fills[2].0.right() - changed.right()).abs() < 1.0);
    // A line over the changed words, none over the rest of the label.
    let line = colors.changed_line();
    let lines: Vec<egui::Rect> = mesh_quads(&harness)
        .into_iter()
        .filter(|&(r, c)| c == line && r.height() < 3.0)
        .map(|(r, _)| r)
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!((lines[0].left() - changed.left()).abs() < 1.0);
    assert!((lines[0].right() - changed.right()).abs() < 1.0);
    assert!(lines[0].center().y < changed.top() + 3.0);
    // No changed words (out of Compare mode): no such fill.
    let mut harness = harness;
    harness.state_mut().changed.clear();
    harness.run();
    assert!(harness.query_by_label("Changed: met U.S.").is_none());
    assert!(!mesh_quads(&harness).iter().any(|(_, c)| *c == alone));
}

#[test]
fn suggestions_have_no_fill_but_a_dashed_box_and_a_margin_bar() {
    let mut fixture = Fixture::new(TEXT);
    fixture.highlight(1, "Smith", "Person");
    fixture.highlights[0].suggested = true;
    let harness = harness(fixture);
    let person = harness.get_by_label("Highlight: Person").rect();
    let paragraph = paragraph_rect(&harness, "Dr. Smith");
    let color = Color32::from_rgb(200, 120, 40);
    let quads = mesh_quads(&harness);
    let over_text = |r: &egui::Rect| r.intersects(person.shrink(2.0));
    assert!(
        !quads.iter().any(|(r, _)| over_text(r)),
        "nothing painted over the suggestion's text"
    );
    let dashes = quads
        .iter()
        .filter(|(r, c)| *c == color && r.width() <= 3.5 && r.left() >= person.left() - 2.0)
        .count();
    assert!(dashes >= 8, "{dashes} dashes around the suggestion");
    let bar = quads
        .iter()
        .find(|(r, c)| *c == color && r.right() < paragraph.left() + 12.0 - 4.0);
    let Some((bar, _)) = bar else {
        panic!("no margin bar among {quads:?}");
    };
    assert!(
        bar.y_range().contains(person.center().y),
        "{bar:?} {person:?}"
    );
}

#[test]
fn the_selected_annotation_is_outlined_with_a_light_fill() {
    let mut fixture = Fixture::new(TEXT);
    fixture.highlight(1, "Smith", "Person");
    fixture.selected = Some(AnnotationId(1));
    let harness = harness(fixture);
    let colors = crate::ui::colors::ReaderColors::new(&harness.ctx.global_style().visuals);
    let color = Color32::from_rgb(200, 120, 40);
    let selected = crate::ui::colors::Look {
        selected: true,
        ..Default::default()
    };
    let light = colors.fill([crate::ui::colors::ReaderColors::layer(color, selected)]);
    let normal = colors.fill([crate::ui::colors::ReaderColors::layer(
        color,
        Default::default(),
    )]);
    assert!(light.a() < normal.a());
    assert!(mesh_quads(&harness).iter().any(|(_, c)| *c == light));
    let outlined = harness.output().shapes.iter().any(|clipped| {
        matches!(&clipped.shape, egui::Shape::Rect(r) if r.stroke.color == colors.text && r.stroke.width >= 2.0)
    });
    assert!(
        outlined,
        "the selected annotation has an outline in the text colour"
    );
}

#[test]
fn hovering_a_highlight_shows_its_tooltip() {
    let mut fixture = Fixture::new(TEXT);
    fixture.highlight(2, "Smith", "Person: Dr. Smith");
    let mut harness = harness(fixture);
    let person = harness.get_by_label("Highlight: Person: Dr. Smith").rect();
    harness.hover_at(person.center());
    harness.run_steps(60);
    assert!(
        harness
            .query_all_by_label("Person: Dr. Smith")
            .next()
            .is_some()
    );
}

#[test]
fn scrolling_up_into_paragraphs_never_laid_out_does_not_move_the_text_in_view() {
    // Narrow-glyph paragraphs are much shorter than estimated from normal text.
    let text: String = (0..200)
        .map(|i| {
            if i % 2 == 0 {
                format!(
                    "{i}: {}\n",
                    "Analysts said the deal was worth millions. ".repeat(4)
                )
            } else {
                format!("{i}: {}\n", "iiiiii lll ".repeat(150))
            }
        })
        .collect();
    let mut harness = harness(Fixture::new(&text));
    let target = text.find("150: ").unwrap();
    harness
        .state_mut()
        .state
        .scroll_to_top_byte(ByteOffset(target));
    harness.run();
    assert_eq!(
        harness.state().state.first_visible_byte(),
        ByteOffset(target)
    );
    let before = paragraph_rect(&harness, "150: Analysts").top();
    // Scroll up by 40 points: paragraph 149 (never laid out) comes into view.
    harness.hover_at(pos2(300.0, 200.0));
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, 40.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    // Smooth scrolling spreads the wheel over a few frames.
    harness.run_steps(30);
    let after = paragraph_rect(&harness, "150: Analysts").top();
    assert!(
        (after - before - 40.0).abs() < 1.5,
        "paragraph 150 moved by {} instead of 40",
        after - before
    );
}
