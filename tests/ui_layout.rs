//! The window's layout at the sizes analysts use, headless (egui_kittest):
//! characters per line in the panes, no pane overlapping another or under a
//! side panel at any size or zoom, and a page that stays still.

mod common;
mod window;

use diptych::app::DiptychApp;
use eframe::egui::{self, Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{build, builder, click_at, fixture, open_app};

const SIZES: [(f32, f32); 5] = [
    (900.0, 600.0),
    (1024.0, 700.0),
    (1280.0, 720.0),
    (1600.0, 1000.0),
    (2560.0, 1440.0),
];

/// The sample project in a window of `size` at `zoom`, after its first frames.
fn window_at(size: (f32, f32), zoom: f32) -> (window::Fixture, Harness<'static, DiptychApp>) {
    let fx = fixture();
    let mut harness = build(
        builder().with_size(egui::vec2(size.0, size.1)),
        open_app(&fx),
    );
    harness.ctx.set_zoom_factor(zoom);
    harness.run();
    // The second article opens on a menu of short lines: show its body.
    harness.state_mut().ui.panes[1]
        .reader
        .set_scroll_fraction(0.5);
    // Paragraphs are measured as they come into view: a few frames settle them.
    for _ in 0..5 {
        harness.run();
    }
    (fx, harness)
}

/// The readers' rects in the last frame, in pane order.
fn reader_rects(harness: &Harness<'_, DiptychApp>) -> Vec<Rect> {
    let app = harness.state();
    app.ui
        .panes
        .iter()
        .map(|p| p.reader.view_rect().expect("the pane was drawn"))
        .collect()
}

/// The wrap width of each reader.
fn wrap_widths(harness: &Harness<'_, DiptychApp>) -> Vec<Option<f32>> {
    let app = harness.state();
    app.ui.panes.iter().map(|p| p.reader.wrap_width()).collect()
}

/// The median number of characters on a wrapped row of pane `pane`.
fn chars_per_line(harness: &Harness<'_, DiptychApp>, pane: usize) -> usize {
    let mut rows = harness.state().ui.panes[pane].reader.wrapped_row_chars();
    assert!(rows.len() >= 5, "pane {pane} has wrapped rows to measure");
    rows.sort_unstable();
    rows[rows.len() / 2]
}

/// No reader overlaps another, and each lies inside the centre (between
/// the side panels) and inside the window.
#[track_caller]
fn assert_whole(harness: &Harness<'_, DiptychApp>, what: &str) {
    let rects = reader_rects(harness);
    let centre = harness.state().ui.centre.expect("the centre was drawn");
    let screen = harness.ctx.content_rect();
    for (i, r) in rects.iter().enumerate() {
        assert!(r.width() > 50.0, "{what}: pane {i} is {r:?}");
        assert!(
            centre.expand(1.0).contains_rect(*r),
            "{what}: pane {i} {r:?} is clipped by a side panel (centre {centre:?})"
        );
        assert!(
            screen.expand(1.0).contains_rect(*r),
            "{what}: pane {i} {r:?} leaves the window {screen:?}"
        );
        for (j, other) in rects.iter().enumerate().skip(i + 1) {
            let overlap = r.intersect(*other);
            assert!(
                overlap.width() <= 1.0 || overlap.height() <= 1.0,
                "{what}: panes {i} and {j} overlap: {r:?} {other:?}"
            );
        }
    }
}

#[test]
fn two_panes_keep_a_readable_measure_at_every_size() {
    let mut tops = Vec::new();
    for size in SIZES {
        let (_fx, harness) = window_at(size, 1.0);
        let what = format!("{}×{}", size.0, size.1);
        assert_whole(&harness, &what);
        tops.push(reader_rects(&harness)[0].top());
        let chars = [chars_per_line(&harness, 0), chars_per_line(&harness, 1)];
        let least = match size.0 as u32 {
            900 => 30,
            _ => 40,
        };
        for (pane, &c) in chars.iter().enumerate() {
            assert!(
                c >= least,
                "{what}: pane {pane} holds {c} characters a line, fewer than {least}"
            );
            // The measure (80 characters by default) caps long lines.
            assert!(c <= 88, "{what}: pane {pane} runs to {c} characters a line");
        }
    }
    // The toolbar keeps one row at every width (what does not fit goes into "⋯").
    assert!(
        tops.iter().all(|t| (t - tops[0]).abs() <= 1.0),
        "the panes start at {tops:?}"
    );
}

#[test]
fn no_pane_is_clipped_or_overlapped_at_three_zoom_levels() {
    for size in SIZES {
        for zoom in [0.8, 1.25, 1.5] {
            let (_fx, harness) = window_at(size, zoom);
            assert_whole(&harness, &format!("{}×{} at zoom {zoom}", size.0, size.1));
        }
    }
}

#[test]
fn the_side_panels_fold_for_room_and_come_back_on_request() {
    let (_fx, mut harness) = window_at((1024.0, 700.0), 1.0);
    let shown = harness.state().ui.sides_shown;
    assert!(
        shown.library && !shown.inspector,
        "at 1024 px the inspector folds for two panes"
    );
    // The user asks for the inspector: it comes back, and the library folds for room.
    harness.get_by_label("Show the inspector").click();
    harness.run();
    let shown = harness.state().ui.sides_shown;
    assert!(shown.inspector && !shown.library);
    assert_whole(&harness, "inspector asked back");
    // Ctrl+B asks the library back too: both show, the panes get narrower.
    let wide = reader_rects(&harness)[0].width();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    let shown = harness.state().ui.sides_shown;
    assert!(shown.inspector && shown.library);
    assert_whole(&harness, "both side panels asked back");
    let narrow = reader_rects(&harness)[0].width();
    assert!(narrow < wide - 50.0, "{wide} → {narrow}");
    // Ctrl+B again folds the library (and remembers it); the panes get its room.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    assert!(!harness.state().ui.sides_shown.library);
    assert!(!harness.state().ui.prefs.library_open);
    assert!(reader_rects(&harness)[0].width() > narrow + 50.0);
    // Its strip brings it back.
    harness.get_by_label("Show the library").click();
    harness.run();
    assert!(harness.state().ui.prefs.library_open);
}

#[test]
fn folding_the_library_at_1024_widens_the_panes_and_leaves_the_inspector_folded() {
    let (_fx, mut harness) = window_at((1024.0, 700.0), 1.0);
    let shown = harness.state().ui.sides_shown;
    assert!(shown.library && !shown.inspector);
    let before = reader_rects(&harness)[0].width();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    let shown = harness.state().ui.sides_shown;
    assert!(
        !shown.library && !shown.inspector,
        "the inspector does not come out in the library's place"
    );
    let after = reader_rects(&harness)[0].width();
    assert!(after > before + 50.0, "{before} → {after}");
    assert_whole(&harness, "library folded at 1024");
}

#[test]
fn side_panels_widen_with_a_wide_window_until_dragged() {
    // The centre's distance from each edge: a panel's width and its margin.
    let gaps = |harness: &Harness<'_, DiptychApp>| {
        let centre = harness.state().ui.centre.expect("the centre was drawn");
        let screen = harness.ctx.content_rect();
        (
            centre.left() - screen.left(),
            screen.right() - centre.right(),
        )
    };
    let (_fx, harness) = window_at((1600.0, 1000.0), 1.0);
    let (library, inspector) = gaps(&harness);
    // The defaults, 240 and 300 points.
    assert!(
        (inspector - library - 60.0).abs() < 1.0,
        "{library} {inspector}"
    );
    let (_fx, harness) = window_at((2560.0, 1440.0), 1.0);
    let (wide_library, wide_inspector) = gaps(&harness);
    // 12 % and 14 % of the window: about 305 and 356 points.
    assert!(
        (60.0..=70.0).contains(&(wide_library - library)),
        "{library} → {wide_library}"
    );
    assert!(
        (50.0..=60.0).contains(&(wide_inspector - inspector)),
        "{inspector} → {wide_inspector}"
    );
    assert_whole(&harness, "2560 × 1440");
}

#[test]
fn the_reader_text_size_changes_only_the_readers() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    let menu_before = harness.get_by_label("File").rect();
    let chars_before = chars_per_line(&harness, 0);
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::Equals);
    }
    harness.run();
    harness.run();
    assert_eq!(harness.state().ui.prefs.reader_text_size, 19.0);
    assert_eq!(harness.ctx.zoom_factor(), 1.0, "the UI is not zoomed");
    assert_eq!(harness.get_by_label("File").rect(), menu_before);
    let chars_after = chars_per_line(&harness, 0);
    assert!(
        chars_after < chars_before,
        "larger text, fewer characters a line: {chars_before} → {chars_after}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::Num0);
    harness.run();
    assert_eq!(harness.state().ui.prefs.reader_text_size, 16.0);
}

#[test]
fn a_click_on_a_visible_highlight_leaves_the_page_still() {
    for size in [(1024.0, 700.0), (1600.0, 1000.0)] {
        let (_fx, mut harness) = window_at(size, 1.0);
        let panes_before = reader_rects(&harness);
        let wraps_before = wrap_widths(&harness);
        // A highlight fully in view in the second pane (a click also makes it active).
        let pane = panes_before[1];
        let target = harness
            .get_all_by_label_contains("Highlight: ")
            .map(|n| n.rect())
            .find(|r| pane.contains_rect(*r))
            .expect("a highlight in view in the right pane");
        click_at(&mut harness, target.center());
        harness.run();
        let app = harness.state();
        assert!(app.ui.selected.is_some(), "the click selected it");
        assert_eq!(app.ui.active, 1);
        let after = harness
            .get_all_by_label_contains("Highlight: ")
            .map(|n| n.rect())
            .find(|r| r.contains(target.center()))
            .expect("the clicked highlight is still under the pointer");
        assert!(
            (after.top() - target.top()).abs() <= 1.0
                && (after.left() - target.left()).abs() <= 1.0,
            "the highlight moved from {target:?} to {after:?}"
        );
        // Selecting and switching the active pane change no pane's size or wrapping.
        assert_eq!(reader_rects(&harness), panes_before);
        assert_eq!(wrap_widths(&harness), wraps_before, "a pane re-wrapped");
    }
}

#[test]
fn tab_in_a_reader_steps_annotations_and_keeps_the_keyboard() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    let reader = harness.get_by_label_contains("Reader: OpenAI").rect();
    click_at(&mut harness, reader.center());
    harness.key_press(Key::Tab);
    harness.run();
    let first = harness
        .state()
        .ui
        .selected
        .expect("Tab selects an annotation");
    harness.key_press(Key::Tab);
    harness.run();
    let second = harness
        .state()
        .ui
        .selected
        .expect("Tab selects the next one");
    assert_ne!(first, second);
    assert!(
        harness.get_by_label_contains("Reader: OpenAI").is_focused(),
        "Tab kept the keyboard in the reader"
    );
}

#[test]
fn esc_closes_an_open_menu_and_nothing_else() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    let id = *harness
        .state()
        .ws
        .project
        .annotations
        .keys()
        .next()
        .unwrap();
    harness.state_mut().ui.selected = Some(id);
    harness.get_by_label("File").click();
    harness.run();
    assert!(
        harness.query_by_label_contains("Save as").is_some(),
        "the menu is open"
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label_contains("Save as").is_none(),
        "Esc closed it"
    );
    assert_eq!(
        harness.state().ui.selected,
        Some(id),
        "and kept the selection"
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().ui.selected, None, "the next Esc deselects");
}

#[test]
fn zooming_in_by_keys_keeps_the_layout_whole() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    for press in 1..=3 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
        harness.run();
        harness.run();
        assert_whole(&harness, &format!("after {press} × Ctrl+="));
    }
    assert!((harness.ctx.zoom_factor() - 1.3).abs() < 0.01);
    // The status bar says so, and takes it back.
    harness.get_by_label("Zoom 130%").click();
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    assert!(harness.query_by_label_contains("Zoom 1").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    harness.get_by_label("Zoom 90%");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    assert!(harness.query_by_label_contains("Zoom 9").is_none());
}

#[test]
fn the_library_folder_view_folds_and_unfolds_a_folder() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    harness.get_by_label("Folders").click();
    harness.run();
    let rows = |h: &Harness<'_, DiptychApp>| h.query_all_by_label_contains("● ").count();
    let shown = rows(&harness);
    assert!(shown >= 2, "both documents are listed under their folder");
    harness.get_by_label_contains("(top folder) (2)").click();
    harness.run();
    assert_eq!(
        rows(&harness),
        shown - 2,
        "folding hides the folder's documents"
    );
    harness.get_by_label_contains("▶ (top folder) (2)").click();
    harness.run();
    assert_eq!(rows(&harness), shown);
}

#[test]
fn panels_asked_back_give_way_before_panes_get_unreadable() {
    let (_fx, mut harness) = window_at((900.0, 600.0), 1.0);
    // Both panels asked back in a narrow window, then a third pane.
    harness.get_by_label("Show the inspector").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run();
    harness.run();
    assert_eq!(harness.state().ui.panes.len(), 3);
    assert_whole(&harness, "three panes at 900×600 with panels asked back");
    for (i, r) in reader_rects(&harness).iter().enumerate() {
        assert!(r.width() > 150.0, "pane {i} is {r:?}");
    }
    let message = harness.state().ui.message.as_ref().map(|m| m.text.clone());
    assert!(
        message.is_some_and(|m| m.starts_with("The window is too narrow to show the")),
        "the user is told why a panel folded"
    );
}

#[test]
fn compare_mode_on_and_off_keeps_the_reader_on_its_text() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    harness.state_mut().ui.panes[0]
        .reader
        .set_scroll_fraction(0.4);
    harness.run_steps(40);
    let first = |h: &Harness<'_, DiptychApp>| -> Vec<usize> {
        h.state()
            .ui
            .panes
            .iter()
            .map(|p| p.reader.first_visible_byte().0)
            .collect()
    };
    // What each pane shows at its top: the paragraph's opening words.
    let words = |h: &Harness<'_, DiptychApp>| -> Vec<String> {
        let app = h.state();
        first(h)
            .iter()
            .zip(&app.ui.panes)
            .map(|(&byte, pane)| {
                let text = &app.ws.corpus.get(&pane.doc).unwrap().text();
                text[byte..].chars().take(30).collect()
            })
            .collect()
    };
    let before = words(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run_steps(40);
    assert!(harness.state().ui.compare);
    let after = words(&harness);
    assert_eq!(after[0], before[0], "the active pane kept its place");
    let offsets: Vec<f32> = (0..2)
        .map(|i| harness.state().ui.panes[i].reader.scroll_offset())
        .collect();
    assert!(
        (offsets[0] - offsets[1]).abs() < 1.0,
        "the other pane came level with it: {offsets:?}"
    );
    let before = after;
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run_steps(40);
    assert!(!harness.state().ui.compare);
    assert_eq!(words(&harness), before, "Compare off kept both places");
}

#[test]
fn the_library_filter_clears_with_its_button() {
    let (_fx, mut harness) = window_at((1600.0, 1000.0), 1.0);
    harness.state_mut().ui.library.filter = "futures".to_owned();
    harness.run();
    harness.get_by_label_contains("1 of 2 documents");
    harness.get_by_label("Clear the filter").click();
    harness.run();
    assert!(harness.state().ui.library.filter.is_empty());
    harness.get_by_label_contains("2 of 2 documents");
}

/// A library the user made wide in a wide window, then a narrow window: it
/// shows narrower when asked back instead of staying folded, and "Filter the
/// library" (Ctrl+Shift+F) asks it back, so what is typed next goes into its
/// filter and never to the reader's keys (where U would mark a sentiment).
#[test]
fn filtering_a_folded_library_shows_it_and_types_into_its_filter() {
    let (_fx, mut harness) = window_at((900.0, 600.0), 1.0);
    harness.state_mut().ui.prefs.library_width = 450.0;
    harness.state_mut().ui.prefs.library_width_set = true;
    harness.run();
    assert!(!harness.state().ui.sides_shown.library, "folded at 900 px");
    // Something selected in the reader, whose keys act on it.
    let highlight = harness
        .get_all_by_label_contains("Highlight: ")
        .map(|n| n.rect())
        .find(|r| reader_rects(&harness).iter().any(|p| p.contains_rect(*r)))
        .expect("a highlight in view");
    click_at(&mut harness, highlight.center());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.run();
    assert!(
        harness.state().ui.sides_shown.library,
        "the library is asked back"
    );
    assert_whole(&harness, "the library asked back at 900×600");
    let left = reader_rects(&harness)[0].left();
    assert!(
        left < 450.0,
        "the library narrowed to fit: the panes start at {left}"
    );
    type_u(&mut harness);
    let app = harness.state();
    assert_eq!(app.ui.library.filter, "u");
    assert!(!app.is_dirty(), "no key reached the reader");
    assert_eq!(app.ui.prefs.library_width, 450.0, "the user's width kept");
    // Folded by the user (Ctrl+B), then asked for by the same action.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    assert!(!harness.state().ui.prefs.library_open);
    assert!(!harness.state().ui.sides_shown.library);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.run();
    assert!(
        harness.state().ui.sides_shown.library,
        "asked back once more"
    );
    type_u(&mut harness);
    let app = harness.state();
    assert_eq!(app.ui.library.filter, "uu");
    assert!(!app.is_dirty(), "no key reached the reader");
}

/// The keystroke U as the system gives it: the key, then its text.
fn type_u(harness: &mut Harness<'_, DiptychApp>) {
    harness.key_press(Key::U);
    harness.event(egui::Event::Text("u".to_owned()));
    harness.run();
}
