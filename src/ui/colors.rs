//! The reader's colours, chosen so that its text stays readable on every
//! highlight in the dark and the light theme.
//!
//! Text needs a contrast of at least [`MIN_TEXT_CONTRAST`] (WCAG AA) against
//! what is behind it. The reader keeps it by construction: the fills over a
//! piece of text are composed into one, in paint order, and a fill that
//! would come too close to the text colour is faded toward the background
//! until it does not ([`ReaderColors::fill`]). Colours are composed in gamma
//! space with premultiplied alpha, as egui's painters blend them.
//!
//! Contrast is WCAG 2's: `(L1 + 0.05) / (L2 + 0.05)` of the relative
//! luminances of the lighter and the darker colour.

use std::sync::LazyLock;

use eframe::egui::{Color32, Visuals};

/// Least contrast of text against what is behind it (WCAG AA, body text).
pub const MIN_TEXT_CONTRAST: f32 = 4.5;

/// The contrast fills are built to: a little above [`MIN_TEXT_CONTRAST`],
/// so that rounding to 8 bits and the painter's dithering cannot undo it.
const BUILT_TEXT_CONTRAST: f32 = 4.6;

/// Least contrast of underlines, outlines and margin marks against the
/// background (WCAG 1.4.11, non-text contrast).
pub const MIN_MARK_CONTRAST: f32 = 3.0;

/// How far the reader's text goes from egui's body text colour toward its
/// strong text colour. egui's body text (grey 140 on grey 27 in the dark
/// theme, 5.1:1) is dim for long reading and leaves no room for a tinted
/// fill behind it.
const TEXT_STRENGTH: f32 = 0.65;

/// Opacity of the label colour in the fill of an accepted span.
const ALPHA_ACCEPTED: f32 = 0.30;
/// … of an accepted span under the pointer.
const ALPHA_HOVERED: f32 = 0.45;
/// … of the selected annotation (which is outlined instead).
const ALPHA_SELECTED: f32 = 0.15;
/// … of a suggestion under the pointer (a suggestion has no fill otherwise).
const ALPHA_SUGGESTION_HOVERED: f32 = 0.12;

/// Steps of the searches for the strongest readable fill and the nearest
/// visible mark: 1/4096 of the way.
const SEARCH_STEPS: u32 = 12;

/// The hue of paragraphs that only one side has in Compare mode: a cyan
/// that no label colour of [`crate::model::label::PALETTE`] comes near.
const ONE_SIDED: Color32 = Color32::from_rgb(0x2a, 0xb7, 0xd9);

/// The shade Compare mode paints over (text included) a paragraph that only
/// one side has.
pub fn one_sided_fill() -> Color32 {
    ONE_SIDED.gamma_multiply(0.12)
}

/// The edge of a paragraph that only one side has in Compare mode.
pub fn one_sided_edge() -> Color32 {
    ONE_SIDED.gamma_multiply(0.5)
}

/// Opacity of the one-sided hue behind a word that differs from the other
/// version in Compare mode: stronger than the paragraph shade, as words
/// are small, and faded like any fill where the text needs it.
const ALPHA_CHANGED: f32 = 0.35;

/// sRGB channel value to linear light, for each 8-bit value.
static LINEAR: LazyLock<[f32; 256]> = LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = i as f32 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
});

/// WCAG 2 relative luminance of `color`'s channels (0 black, 1 white); alpha
/// is ignored, so pass an opaque colour (see [`over`]).
pub fn relative_luminance(color: Color32) -> f32 {
    let lin = |c: u8| LINEAR[usize::from(c)];
    0.2126 * lin(color.r()) + 0.7152 * lin(color.g()) + 0.0722 * lin(color.b())
}

/// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21.
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `top` (premultiplied, any alpha) painted over `bottom`, as the painter
/// blends: source-over in gamma space.
pub fn over(top: Color32, bottom: Color32) -> Color32 {
    bottom.blend(top)
}

/// How a highlight is shown this frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    /// A suggestion (not accepted yet).
    pub suggested: bool,
    /// Under the pointer.
    pub hovered: bool,
    /// The selected annotation.
    pub selected: bool,
}

impl Look {
    /// Opacity of the label colour in this look's fill: accepted spans are
    /// tinted (more under the pointer); the selected annotation has a light
    /// fill and an outline; a suggestion has no fill (a faint one under the
    /// pointer) and a dashed outline.
    pub fn fill_alpha(self) -> f32 {
        match (self.selected, self.suggested, self.hovered) {
            (true, _, _) => ALPHA_SELECTED,
            (false, false, false) => ALPHA_ACCEPTED,
            (false, false, true) => ALPHA_HOVERED,
            (false, true, false) => 0.0,
            (false, true, true) => ALPHA_SUGGESTION_HOVERED,
        }
    }
}

/// The colours the reader paints with in one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReaderColors {
    /// What the reader is drawn on: the central panel's fill.
    pub background: Color32,
    /// The text (the galleys' colour).
    pub text: Color32,
    /// The text selection's fill, over the highlights and under the text.
    pub selection: Color32,
}

impl ReaderColors {
    /// The reader's colours for `visuals` (the dark or the light theme).
    pub fn new(visuals: &Visuals) -> Self {
        Self {
            background: visuals.panel_fill,
            text: visuals
                .text_color()
                .lerp_to_gamma(visuals.strong_text_color(), TEXT_STRENGTH),
            selection: visuals.selection.bg_fill.gamma_multiply(0.75),
        }
    }

    /// One highlight's layer of fill: its label colour at the look's
    /// opacity (premultiplied).
    pub fn layer(color: Color32, look: Look) -> Color32 {
        color.to_opaque().gamma_multiply(look.fill_alpha())
    }

    /// The layer of fill behind a word that differs from the other version
    /// (Compare mode): the hue of text on one side only, which no label
    /// colour comes near, composed with the highlights' layers by [`Self::fill`].
    pub fn changed_layer() -> Color32 {
        ONE_SIDED.gamma_multiply(ALPHA_CHANGED)
    }

    /// The line over a word that differs from the other version: the
    /// changed words' hue, as visible on the background as any mark.
    pub fn changed_line(&self) -> Color32 {
        self.mark(ONE_SIDED)
    }

    /// The fill behind text under `layers` (premultiplied, in paint order):
    /// the layers composed into one, faded toward the background as far as
    /// needed to keep the text at [`MIN_TEXT_CONTRAST`] or more.
    pub fn fill(&self, layers: impl IntoIterator<Item = Color32>) -> Color32 {
        let fill = layers
            .into_iter()
            .fold(Color32::TRANSPARENT, |under, layer| over(layer, under));
        if self.readable_on(fill) {
            return fill;
        }
        // The strongest fading that is readable (none is: transparent).
        let (mut lo, mut hi) = (0.0_f32, 1.0_f32);
        for _ in 0..SEARCH_STEPS {
            let mid = (lo + hi) / 2.0;
            if self.readable_on(fill.gamma_multiply(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let faded = fill.gamma_multiply(lo);
        if self.readable_on(faded) {
            faded
        } else {
            Color32::TRANSPARENT
        }
    }

    /// True if text on `fill` over the background has the contrast fills are
    /// built to.
    fn readable_on(&self, fill: Color32) -> bool {
        contrast_ratio(self.text, over(fill, self.background)) >= BUILT_TEXT_CONTRAST
    }

    /// `color` for a line or mark on the background (underline, outline,
    /// margin mark): moved toward the text colour as little as needed to
    /// stand out from the background by [`MIN_MARK_CONTRAST`].
    pub fn mark(&self, color: Color32) -> Color32 {
        let color = color.to_opaque();
        let visible = |c: Color32| contrast_ratio(c, self.background) >= MIN_MARK_CONTRAST;
        if visible(color) {
            return color;
        }
        let (mut lo, mut hi) = (0.0_f32, 1.0_f32);
        for _ in 0..SEARCH_STEPS {
            let mid = (lo + hi) / 2.0;
            if visible(color.lerp_to_gamma(self.text, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        color.lerp_to_gamma(self.text, hi)
    }

    /// The outline of the selected annotation: the text colour, which stands
    /// out from the background and from every fill.
    pub fn selected_outline(&self) -> Color32 {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::label::{LabelSchema, PALETTE, Rgb};

    fn rgb(color: Rgb) -> Color32 {
        let [r, g, b] = color.0;
        Color32::from_rgb(r, g, b)
    }

    /// Every default label colour: the palette and the default schema's labels.
    fn default_colors() -> Vec<Color32> {
        let schema = LabelSchema::default();
        let mut colors: Vec<Color32> = PALETTE
            .iter()
            .chain(schema.labels.iter().map(|l| &l.color))
            .map(|&c| rgb(c))
            .collect();
        colors.sort_by_key(|c| c.to_array());
        colors.dedup();
        colors
    }

    /// Every look: accepted or suggested, hovered or not, selected or not.
    fn all_looks() -> impl Iterator<Item = Look> {
        (0..8_u8).map(|bits| Look {
            suggested: bits & 1 != 0,
            hovered: bits & 2 != 0,
            selected: bits & 4 != 0,
        })
    }

    fn themes() -> [(&'static str, ReaderColors); 2] {
        [
            ("dark", ReaderColors::new(&Visuals::dark())),
            ("light", ReaderColors::new(&Visuals::light())),
        ]
    }

    /// Contrast of the text on the highlights `layers` (label colour and look,
    /// in paint order), with and without the text selection over them.
    fn text_contrasts(colors: &ReaderColors, layers: &[(Color32, Look)]) -> [f32; 2] {
        let layers: Vec<Color32> = layers
            .iter()
            .map(|&(c, l)| ReaderColors::layer(c, l))
            .collect();
        text_contrasts_of(colors, &layers)
    }

    #[test]
    fn contrast_matches_wcag_and_rejects_the_old_dark_highlight() {
        let (black, white) = (Color32::BLACK, Color32::WHITE);
        assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-3);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-6);
        // WCAG's own example: #777777 on white is just under 4.5:1.
        let grey = Color32::from_gray(0x77);
        assert!((contrast_ratio(grey, white) - 4.48).abs() < 0.01);
        // The figures: egui's dark body text on the Claim colour at
        // the old opacities, 0.28 (≈2.9:1) and selected and hovered 0.67 (≈1.2:1).
        let dark = Visuals::dark();
        let claim = Color32::from_rgb(0xe8, 0xa3, 0x3d);
        let old = |alpha: f32| {
            let behind = over(claim.gamma_multiply(alpha), dark.panel_fill);
            contrast_ratio(dark.text_color(), behind)
        };
        assert!((old(0.28) - 2.9).abs() < 0.05, "{}", old(0.28));
        assert!((old(0.67) - 1.2).abs() < 0.1, "{}", old(0.67));
        assert!(old(0.28) < MIN_TEXT_CONTRAST);
    }

    #[test]
    fn fills_are_faded_only_as_far_as_needed() {
        for (theme, colors) in themes() {
            // An opaque fill in the text colour would hide the text: faded.
            let fill = colors.fill([colors.text]);
            let ratio = contrast_ratio(colors.text, over(fill, colors.background));
            assert!(ratio >= BUILT_TEXT_CONTRAST, "{theme}: {ratio}");
            assert!(fill.a() > 0 && fill.a() < 255, "{theme}: {fill:?}");
            // A little more would be too much.
            let stronger = colors
                .text
                .gamma_multiply(f32::from(fill.a()) / 255.0 + 0.01);
            assert!(!colors.readable_on(stronger), "{theme}");
            // A readable fill is kept as it is.
            let light = Color32::from_rgb(0x4f, 0x8f, 0xd8).gamma_multiply(0.1);
            assert_eq!(colors.fill([light]), light, "{theme}");
            assert_eq!(colors.fill([]), Color32::TRANSPARENT, "{theme}");
        }
    }

    #[test]
    fn text_is_readable_on_every_default_colour_look_and_overlap_in_both_themes() {
        let colors_list = default_colors();
        assert_eq!(colors_list.len(), PALETTE.len());
        let mut checked = 0;
        for (theme, colors) in themes() {
            let bare = contrast_ratio(colors.text, colors.background);
            assert!(bare >= MIN_TEXT_CONTRAST, "{theme}: plain text {bare}");
            for &top in &colors_list {
                for look in all_looks() {
                    // Alone, and over one or two accepted spans of every colour.
                    let mut stacks = vec![vec![(top, look)]];
                    for &under in &colors_list {
                        stacks.push(vec![(under, Look::default()), (top, look)]);
                        for &deepest in &colors_list {
                            stacks.push(vec![
                                (deepest, Look::default()),
                                (under, Look::default()),
                                (top, look),
                            ]);
                        }
                    }
                    for stack in stacks {
                        for ratio in text_contrasts(&colors, &stack) {
                            assert!(
                                ratio >= MIN_TEXT_CONTRAST,
                                "{theme}: {ratio:.2} on {stack:?}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        // 2 themes × 12 colours × 8 looks × (1 + 12 + 144) stacks × 2 (selection).
        assert_eq!(checked, 2 * 12 * 8 * 157 * 2);
    }

    #[test]
    fn one_sided_shade_keeps_text_readable_and_differs_from_every_label() {
        for (theme, colors) in themes() {
            // Compare mode paints the shade over the text and its highlights.
            let shade = one_sided_fill();
            for &color in &default_colors() {
                for look in [
                    Look::default(),
                    Look {
                        suggested: true,
                        ..Look::default()
                    },
                ] {
                    let fill = colors.fill([ReaderColors::layer(color, look)]);
                    let behind = over(shade, over(fill, colors.background));
                    let ratio = contrast_ratio(over(shade, colors.text), behind);
                    assert!(ratio >= MIN_TEXT_CONTRAST, "{theme}: {ratio:.2} {color:?}");
                }
            }
        }
        for color in default_colors() {
            let distance = channel_distance(color, ONE_SIDED);
            assert!(
                distance >= 50.0,
                "{color:?} is {distance:.0} from the shade"
            );
        }
    }

    #[test]
    fn changed_words_tint_visibly_and_keep_text_readable_under_any_highlight() {
        let changed = ReaderColors::changed_layer();
        let mut checked = 0;
        for (theme, colors) in themes() {
            // Alone: visible, and as strong as built (not faded).
            let fill = colors.fill([changed]);
            let tint = contrast_ratio(over(fill, colors.background), colors.background);
            assert!(tint >= 1.2, "{theme}: changed words tint only {tint:.2}");
            for ratio in text_contrasts_of(&colors, &[changed]) {
                assert!(ratio >= MIN_TEXT_CONTRAST, "{theme}: {ratio:.2}");
                checked += 1;
            }
            // Under every label colour in every look, and under two labels.
            for &color in &default_colors() {
                for look in all_looks() {
                    let label = ReaderColors::layer(color, look);
                    let accepted = ReaderColors::layer(color, Look::default());
                    for stack in [vec![changed, label], vec![changed, accepted, label]] {
                        for ratio in text_contrasts_of(&colors, &stack) {
                            assert!(ratio >= MIN_TEXT_CONTRAST, "{theme}: {ratio:.2} {color:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        // 2 themes × (1 + 12 colours × 8 looks × 2 stacks) × 2 (selection).
        assert_eq!(checked, 2 * (1 + 12 * 8 * 2) * 2);
    }

    #[test]
    fn changed_words_have_a_visible_line_of_their_hue_in_both_themes() {
        for (theme, colors) in themes() {
            let line = colors.changed_line();
            let ratio = contrast_ratio(line, colors.background);
            assert!(ratio >= MIN_MARK_CONTRAST, "{theme}: {ratio:.2}");
            // Still the one-sided hue (cyan: blue and green over red), which no
            // label colour comes near.
            assert!(
                line.b() > line.r() && line.g() > line.r(),
                "{theme}: {line:?}"
            );
        }
    }

    /// Contrast of the text on the composed `layers` (premultiplied, in
    /// paint order), with and without the text selection over them.
    fn text_contrasts_of(colors: &ReaderColors, layers: &[Color32]) -> [f32; 2] {
        let behind = over(colors.fill(layers.iter().copied()), colors.background);
        [
            contrast_ratio(colors.text, behind),
            contrast_ratio(colors.text, over(colors.selection, behind)),
        ]
    }

    /// Euclidean distance of two colours' sRGB channels (0–255 each).
    fn channel_distance(a: Color32, b: Color32) -> f32 {
        let d = |x: u8, y: u8| (f32::from(x) - f32::from(y)).powi(2);
        (d(a.r(), b.r()) + d(a.g(), b.g()) + d(a.b(), b.b())).sqrt()
    }

    #[test]
    fn default_colours_tint_visibly_and_mark_visibly_in_both_themes() {
        for (theme, colors) in themes() {
            for color in default_colors() {
                let fill = colors.fill([ReaderColors::layer(color, Look::default())]);
                let tint = contrast_ratio(over(fill, colors.background), colors.background);
                assert!(tint >= 1.2, "{theme}: {color:?} tints only {tint:.2}");
                let mark = colors.mark(color);
                let ratio = contrast_ratio(mark, colors.background);
                assert!(
                    ratio >= MIN_MARK_CONTRAST,
                    "{theme}: {color:?} mark {ratio:.2}"
                );
            }
        }
        // The retired navy (#34495e) hardly tinted the dark background.
        let (_, dark) = themes()[0];
        let navy = ReaderColors::layer(Color32::from_rgb(0x34, 0x49, 0x5e), Look::default());
        let tint = contrast_ratio(over(navy, dark.background), dark.background);
        assert!(tint < 1.2, "{tint}");
    }

    #[test]
    fn marks_move_toward_the_text_only_when_too_faint() {
        let (_, light) = themes()[1];
        let blue = Color32::from_rgb(0x4f, 0x8f, 0xd8);
        assert_eq!(light.mark(blue), blue);
        // Claim's orange is 2.0:1 on the light background: darkened a little.
        let claim = Color32::from_rgb(0xe8, 0xa3, 0x3d);
        let mark = light.mark(claim);
        let ratio = contrast_ratio(mark, light.background);
        assert!((MIN_MARK_CONTRAST..3.2).contains(&ratio), "{ratio}");
        assert!(
            mark.r() > mark.g() && mark.g() > mark.b(),
            "still orange: {mark:?}"
        );
    }

    #[test]
    fn looks_tint_accepted_spans_and_outline_suggestions() {
        let alpha = |suggested, hovered, selected| {
            Look {
                suggested,
                hovered,
                selected,
            }
            .fill_alpha()
        };
        assert_eq!(alpha(true, false, false), 0.0);
        assert!(alpha(false, false, false) > alpha(true, true, false));
        assert!(alpha(false, true, false) > alpha(false, false, false));
        // Selection lightens the fill rather than saturating it.
        assert!(alpha(false, false, true) < alpha(false, false, false));
        assert_eq!(alpha(false, true, true), alpha(true, false, true));
    }
}
