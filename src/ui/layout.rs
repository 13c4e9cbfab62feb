//! The window's layout, reader first: side panels of a width the user drags
//! (within bounds) that never widen themselves, fold away to a thin strip,
//! and fold by themselves before a reader pane gets too narrow to read; the
//! reader's own text size and its measure (the longest line, in characters).
//! What the user chose is kept per user between sessions ([`WindowPrefs`]).

use std::ops::RangeInclusive;

use eframe::egui::{self, FontId, Ui};
use serde::{Deserialize, Serialize};

/// Bounds of the library's width, in points.
pub const LIBRARY_WIDTH: RangeInclusive<f32> = 180.0..=520.0;
/// Bounds of the inspector's width, in points.
pub const INSPECTOR_WIDTH: RangeInclusive<f32> = 240.0..=600.0;
/// Bounds of the reader's text size, in points.
pub const READER_TEXT_SIZE: RangeInclusive<f32> = 10.0..=32.0;
/// Bounds of the measure, in characters per line.
pub const MEASURE: RangeInclusive<usize> = 40..=200;
/// Characters per line a pane keeps before a side panel folds for it.
pub const MIN_CHARS_PER_LINE: f32 = 40.0;
/// Characters per line under which even a panel the user asked back folds:
/// the panes must stay whole and readable.
pub const FLOOR_CHARS_PER_LINE: f32 = 25.0;
/// Width of a folded side panel.
pub const STRIP_WIDTH: f32 = 22.0;
/// Room a pane takes besides its text: the reader's padding, the pane's
/// frame and the gap between tiles.
pub const PANE_CHROME: f32 = 44.0;

/// What the user chose for the window's layout; saved per user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowPrefs {
    pub library_width: f32,
    pub inspector_width: f32,
    /// Whether the user dragged the library to its width; until then it
    /// takes a share of a wide window ([`WindowPrefs::for_window`]).
    pub library_width_set: bool,
    pub inspector_width_set: bool,
    /// False when the user folded the library.
    pub library_open: bool,
    pub inspector_open: bool,
    /// The readers' text size in points (before zoom).
    pub reader_text_size: f32,
    /// The longest line of a reader, in characters; wider panes centre it.
    pub measure: usize,
}

impl Default for WindowPrefs {
    fn default() -> Self {
        Self {
            library_width: 240.0,
            inspector_width: 300.0,
            library_width_set: false,
            inspector_width_set: false,
            library_open: true,
            inspector_open: true,
            reader_text_size: 16.0,
            measure: 80,
        }
    }
}

impl WindowPrefs {
    /// The same preferences with every number inside its bounds (a
    /// hand-edited or older file cannot break the layout), and a width
    /// other than the default taken as dragged.
    pub fn clamped(mut self) -> Self {
        let clamp = |v: f32, r: &RangeInclusive<f32>, default: f32| {
            if v.is_finite() {
                v.clamp(*r.start(), *r.end())
            } else {
                default
            }
        };
        let d = Self::default();
        self.library_width = clamp(self.library_width, &LIBRARY_WIDTH, d.library_width);
        self.inspector_width = clamp(self.inspector_width, &INSPECTOR_WIDTH, d.inspector_width);
        // A file from before the flags were kept: a width other than the
        // default is one the user dragged to.
        self.library_width_set |= self.library_width != d.library_width;
        self.inspector_width_set |= self.inspector_width != d.inspector_width;
        self.reader_text_size = clamp(self.reader_text_size, &READER_TEXT_SIZE, d.reader_text_size);
        self.measure = self.measure.clamp(*MEASURE.start(), *MEASURE.end());
        self
    }

    /// The preferences for a window `available` points wide: a side panel
    /// the user never dragged takes a share of a wide window, in whole points (the library
    /// 12 %, up to 360 points; the inspector 14 %, up to 420), never less
    /// than its default, so that titles and notes show whole where there is
    /// room; one the user dragged keeps the width chosen.
    pub fn for_window(&self, available: f32) -> Self {
        let d = Self::default();
        let share =
            |part: f32, least: f32, most: f32| (available * part).round().clamp(least, most);
        Self {
            library_width: if self.library_width_set {
                self.library_width
            } else {
                share(0.12, d.library_width, 360.0)
            },
            inspector_width: if self.inspector_width_set {
                self.inspector_width
            } else {
                share(0.14, d.inspector_width, 420.0)
            },
            ..self.clone()
        }
    }

    /// Makes the measure `by` characters longer (or shorter), within bounds.
    pub fn step_measure(&mut self, by: isize) {
        self.measure = self
            .measure
            .saturating_add_signed(by)
            .clamp(*MEASURE.start(), *MEASURE.end());
    }

    /// Changes the reader text size by `by` points (0 resets it), within bounds.
    pub fn step_reader_text(&mut self, by: f32) {
        self.reader_text_size = if by == 0.0 {
            Self::default().reader_text_size
        } else {
            (self.reader_text_size + by).clamp(*READER_TEXT_SIZE.start(), *READER_TEXT_SIZE.end())
        };
    }
}

/// A flag for each side panel: which are shown this frame, or which the
/// user asked back while the window is too narrow for them (the fold plan
/// leaves those alone until the user folds them again).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    pub library: bool,
    pub inspector: bool,
}

impl Sides {
    /// The flag of `side`'s panel.
    pub fn get(self, side: Side) -> bool {
        match side {
            Side::Left => self.library,
            Side::Right => self.inspector,
        }
    }

    /// The flag of `side`'s panel, to change it.
    pub fn get_mut(&mut self, side: Side) -> &mut bool {
        match side {
            Side::Left => &mut self.library,
            Side::Right => &mut self.inspector,
        }
    }
}

/// How wide a pane must be: `want` for panels to stay open, `floor` for
/// panels the user asked back.
#[derive(Clone, Copy, Debug)]
pub struct PaneWidths {
    pub want: f32,
    pub floor: f32,
}

impl PaneWidths {
    /// The widths for text whose average character is `char_width` wide.
    pub fn for_char_width(char_width: f32) -> Self {
        Self {
            want: MIN_CHARS_PER_LINE * char_width + PANE_CHROME,
            floor: FLOOR_CHARS_PER_LINE * char_width + PANE_CHROME,
        }
    }
}

/// Which side panels to show in a window `available` points wide with
/// `columns` panes side by side: those the user left open, except that the
/// inspector folds first, then the library, while the panes would get less
/// than `widths.want` each (the inspector's room counted with the library
/// open even when the user folded it, so that folding the library widens
/// the panes); panels the user asked back (`forced`) stay
/// unless the panes would get less than `widths.floor`. It depends only on
/// the window's width and the user's choices, never on what is shown, so
/// the layout does not move while the user works.
pub fn fold_plan(
    available: f32,
    prefs: &WindowPrefs,
    forced: Sides,
    columns: usize,
    widths: PaneWidths,
) -> Sides {
    let columns = columns.max(1) as f32;
    let (need, floor) = (columns * widths.want, columns * widths.floor);
    let centre = |s: Sides| {
        available
            - if s.library {
                prefs.library_width
            } else {
                STRIP_WIDTH
            }
            - if s.inspector {
                prefs.inspector_width
            } else {
                STRIP_WIDTH
            }
    };
    let mut shown = Sides {
        library: prefs.library_open,
        inspector: prefs.inspector_open,
    };
    // The inspector's room is counted with the library open even when the
    // user folded it: folding the library gives its room to the panes and
    // does not bring out the inspector in its place (at 1024 points, Ctrl+B
    // swapped one panel for the other and left the panes narrower).
    let both = Sides {
        library: true,
        inspector: true,
    };
    if shown.inspector && !forced.inspector && centre(both) < need {
        shown.inspector = false;
    }
    if shown.library && !forced.library && centre(shown) < need {
        shown.library = false;
    }
    if shown.inspector && centre(shown) < floor {
        shown.inspector = false;
    }
    if shown.library && centre(shown) < floor {
        shown.library = false;
    }
    shown
}

/// The average width of a character of running text in `font`: the width of
/// a pangram over its length. Measures in characters per line use it.
pub fn char_width(ctx: &egui::Context, font: &FontId) -> f32 {
    const SAMPLE: &str = "The quick brown fox jumps over the lazy dog, and then some.";
    let width: f32 = ctx.fonts_mut(|f| SAMPLE.chars().map(|c| f.glyph_width(font, c)).sum());
    width / SAMPLE.chars().count() as f32
}

/// The side panels' widths to show in a window `available` points wide with
/// `columns` panes: the user's, narrowed where one would leave the panes
/// less than `widths.floor` each beside it and the other panel folded (never
/// below the panel's least width). A panel wider than that would fold and
/// could not be asked back (the library dragged wide in a wide window, then
/// the window made narrower); narrowed, it shows. The user's widths stay
/// what they chose, for a wider window.
pub fn fitted_widths(
    available: f32,
    prefs: &WindowPrefs,
    columns: usize,
    widths: PaneWidths,
) -> (f32, f32) {
    // A point to spare: `fold_plan` subtracts the width again, and a sum
    // that came out a rounding short would fold the panel made to fit (a
    // reviewer's simulation; not reproduced with this code's numbers).
    let room = available - STRIP_WIDTH - columns.max(1) as f32 * widths.floor - 1.0;
    let fit = |width: f32, bounds: &RangeInclusive<f32>| width.min(room).max(*bounds.start());
    (
        fit(prefs.library_width, &LIBRARY_WIDTH),
        fit(prefs.inspector_width, &INSPECTOR_WIDTH),
    )
}

/// Which edge of the window a side panel sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// What the user did to a side panel this frame.
#[derive(Default)]
pub struct SideResponse {
    /// The width the user dragged it to.
    pub resized: Option<f32>,
    /// The fold (or unfold) control was pressed.
    pub toggled: bool,
}

/// A side panel exactly `width` wide while `open` (its content wraps or is
/// clipped, it never widens the panel), with a handle on its inner edge to
/// drag it within `bounds` and a control to fold it; folded, a strip with a
/// control to bring it back. `title` heads it ("Library").
pub fn side_panel(
    ui: &mut Ui,
    side: Side,
    title: &str,
    width: f32,
    bounds: &RangeInclusive<f32>,
    open: bool,
    contents: impl FnOnce(&mut Ui),
) -> SideResponse {
    let mut response = SideResponse::default();
    let name = title.to_lowercase();
    let name = name.as_str();
    let panel = match side {
        Side::Left => egui::Panel::left(name),
        Side::Right => egui::Panel::right(name),
    }
    .resizable(false)
    .exact_size(if open { width } else { STRIP_WIDTH });
    let (fold, unfold) = match side {
        Side::Left => ("◀", "▶"),
        Side::Right => ("▶", "◀"),
    };
    let shown = panel.show(ui, |panel_ui| {
        // The content goes into a child the panel does not grow with: what
        // is too wide is clipped at the panel's edge, never widens it (a
        // right panel's overflow would otherwise push it under the panes).
        let rect = panel_ui.available_rect_before_wrap();
        let mut child = panel_ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect)
                .layout(egui::Layout::top_down(egui::Align::Min)),
        );
        child.shrink_clip_rect(rect);
        let ui = &mut child;
        if !open {
            let button = ui
                .add(egui::Button::new(unfold).frame(false))
                .on_hover_text(format!("Show the {name}"));
            button.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Show the {name}"))
            });
            response.toggled = button.clicked();
            return;
        }
        let fold_button = |ui: &mut Ui| {
            let button = ui
                .add(egui::Button::new(fold).frame(false).small())
                .on_hover_text(format!("Fold the {name}"));
            button.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Fold the {name}"))
            });
            button.clicked()
        };
        ui.horizontal(|ui| match side {
            Side::Left => {
                ui.heading(title);
                let right = egui::Layout::right_to_left(egui::Align::Center);
                response.toggled = ui.with_layout(right, fold_button).inner;
            }
            Side::Right => {
                response.toggled = fold_button(ui);
                ui.heading(title);
            }
        });
        contents(ui);
    });
    if open {
        response.resized = resize_handle(ui, side, name, shown.response.rect, bounds);
    }
    response
}

/// The drag handle on a panel's inner edge; the new width while dragged.
fn resize_handle(
    ui: &mut Ui,
    side: Side,
    name: &str,
    rect: egui::Rect,
    bounds: &RangeInclusive<f32>,
) -> Option<f32> {
    let x = match side {
        Side::Left => rect.right(),
        Side::Right => rect.left(),
    };
    let grab = ui.style().interaction.resize_grab_radius_side;
    let handle = egui::Rect::from_x_y_ranges(x - grab..=x + grab, rect.y_range());
    let id = egui::Id::unique((name, "resize"));
    let r = ui.interact(handle, id, egui::Sense::drag());
    if r.hovered() || r.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        let stroke = ui.visuals().widgets.active.bg_stroke;
        ui.painter().vline(x, rect.y_range(), stroke);
    }
    let pointer = r.interact_pointer_pos().filter(|_| r.dragged())?;
    let width = match side {
        Side::Left => pointer.x - rect.left(),
        Side::Right => rect.right() - pointer.x,
    };
    Some(width.clamp(*bounds.start(), *bounds.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 7.5 points a character: 344 wanted, 231.5 at the least.
    const WIDTHS: PaneWidths = PaneWidths {
        want: 40.0 * 7.5 + PANE_CHROME,
        floor: 25.0 * 7.5 + PANE_CHROME,
    };

    #[test]
    fn side_panels_stay_while_there_is_room() {
        let prefs = WindowPrefs::default();
        let shown = fold_plan(1600.0, &prefs, Sides::default(), 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (true, true));
    }

    #[test]
    fn the_inspector_folds_first_then_the_library() {
        let prefs = WindowPrefs::default();
        // 2 × 344 = 688 for the panes: 1024 − 240 − 300 = 484 is too little,
        // 1024 − 240 − 22 = 762 is enough.
        let shown = fold_plan(1024.0, &prefs, Sides::default(), 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (true, false));
        // 900 − 240 − 22 = 638 is too little for two panes; 856 is enough.
        let shown = fold_plan(900.0, &prefs, Sides::default(), 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, false));
        // Asked back by the user, the inspector stays (900 − 22 − 300 = 578
        // leaves two panes more than their floor, 463)…
        let forced = Sides {
            library: false,
            inspector: true,
        };
        let shown = fold_plan(900.0, &prefs, forced, 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, true));
        // …but not beside three panes (694 needed): the panes stay whole.
        let shown = fold_plan(900.0, &prefs, forced, 3, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, false));
        let both = Sides {
            library: true,
            inspector: true,
        };
        let shown = fold_plan(900.0, &prefs, both, 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (true, false));
        // One pane needs less: 900 − 240 − 300 = 360 is enough.
        let shown = fold_plan(900.0, &prefs, Sides::default(), 1, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (true, true));
    }

    #[test]
    fn folding_the_library_gives_its_room_to_the_panes_not_to_the_inspector() {
        let prefs = WindowPrefs {
            library_open: false,
            ..WindowPrefs::default()
        };
        // 1024 − 22 − 300 = 702 would hold two panes (688) beside the
        // inspector, but the library's fold is the user's asking for room.
        let shown = fold_plan(1024.0, &prefs, Sides::default(), 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, false));
        // Asked back, the inspector shows.
        let forced = Sides {
            library: false,
            inspector: true,
        };
        let shown = fold_plan(1024.0, &prefs, forced, 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, true));
        // Where both panels fit, the inspector is there as before.
        let shown = fold_plan(1600.0, &prefs, Sides::default(), 2, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, true));
    }

    #[test]
    fn a_panel_the_user_folded_stays_folded_however_wide_the_window() {
        let prefs = WindowPrefs {
            library_open: false,
            ..WindowPrefs::default()
        };
        let shown = fold_plan(2560.0, &prefs, Sides::default(), 1, WIDTHS);
        assert_eq!((shown.library, shown.inspector), (false, true));
    }

    #[test]
    fn a_panel_too_wide_for_the_window_narrows_to_fit_and_shows_when_asked() {
        let prefs = WindowPrefs {
            library_width: 450.0,
            ..WindowPrefs::default()
        };
        // 900 points, two panes: 450 would leave them less than their floor.
        let (library, inspector) = fitted_widths(900.0, &prefs, 2, WIDTHS);
        assert_eq!(library, 900.0 - STRIP_WIDTH - 2.0 * WIDTHS.floor - 1.0);
        assert!(library < 450.0 && library >= *LIBRARY_WIDTH.start());
        assert_eq!(inspector, 300.0, "the inspector fits as it is");
        let forced = Sides {
            library: true,
            inspector: false,
        };
        assert!(!fold_plan(900.0, &prefs, forced, 2, WIDTHS).library);
        let fitted = WindowPrefs {
            library_width: library,
            inspector_width: inspector,
            ..prefs.clone()
        };
        assert!(fold_plan(900.0, &fitted, forced, 2, WIDTHS).library);
        // Never below the panel's least width; in a wide window, as chosen.
        assert_eq!(
            fitted_widths(500.0, &prefs, 2, WIDTHS).0,
            *LIBRARY_WIDTH.start()
        );
        assert_eq!(fitted_widths(2560.0, &prefs, 2, WIDTHS), (450.0, 300.0));
    }

    #[test]
    fn side_panels_never_dragged_take_a_share_of_a_wide_window() {
        let prefs = WindowPrefs::default();
        // Up to about 2,000 points, the defaults.
        for available in [900.0, 1600.0, 1990.0] {
            let wide = prefs.for_window(available);
            assert_eq!((wide.library_width, wide.inspector_width), (240.0, 300.0));
        }
        let wide = prefs.for_window(2560.0);
        assert_eq!((wide.library_width, wide.inspector_width), (307.0, 358.0));
        let wide = prefs.for_window(5120.0);
        assert_eq!((wide.library_width, wide.inspector_width), (360.0, 420.0));
        // A width the user dragged to stays, however wide the window.
        let dragged = WindowPrefs {
            library_width: 200.0,
            library_width_set: true,
            ..WindowPrefs::default()
        };
        let wide = dragged.for_window(2560.0);
        assert_eq!((wide.library_width, wide.inspector_width), (200.0, 358.0));
    }

    #[test]
    fn a_width_from_a_file_of_before_the_flags_counts_as_dragged() {
        let old: WindowPrefs =
            ron::from_str("(library_width: 300.0, inspector_width: 300.0)").unwrap();
        let prefs = old.clamped();
        assert!(prefs.library_width_set, "300 was dragged to");
        assert!(!prefs.inspector_width_set, "300 is the inspector's default");
        let wide = prefs.for_window(2560.0);
        assert_eq!((wide.library_width, wide.inspector_width), (300.0, 358.0));
    }

    #[test]
    fn preferences_from_a_file_are_brought_within_bounds() {
        let prefs = WindowPrefs {
            library_width: 5.0,
            inspector_width: f32::NAN,
            reader_text_size: 400.0,
            measure: 3,
            ..WindowPrefs::default()
        }
        .clamped();
        assert_eq!(prefs.library_width, *LIBRARY_WIDTH.start());
        assert_eq!(prefs.inspector_width, 300.0);
        assert_eq!(prefs.reader_text_size, *READER_TEXT_SIZE.end());
        assert_eq!(prefs.measure, *MEASURE.start());
    }

    #[test]
    fn the_reader_text_size_steps_within_bounds_and_resets() {
        let mut prefs = WindowPrefs::default();
        prefs.step_reader_text(2.0);
        assert_eq!(prefs.reader_text_size, 18.0);
        for _ in 0..20 {
            prefs.step_reader_text(2.0);
        }
        assert_eq!(prefs.reader_text_size, *READER_TEXT_SIZE.end());
        prefs.step_reader_text(0.0);
        assert_eq!(prefs.reader_text_size, 16.0);
    }
}
