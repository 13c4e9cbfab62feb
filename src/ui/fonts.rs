//! Bundled fonts: wide Unicode coverage on every machine.
//!
//! egui's default fonts (Ubuntu-Light, Hack) cover Latin, Greek and Cyrillic but
//! not CJK, most symbols or emoji, and the window is built without system-font
//! discovery, so anything else would be drawn as boxes. Three fonts are compiled
//! into the binary and appended, in this order, to the fallback chain of both the
//! proportional and the monospace family (see `assets/fonts/README.md`):
//!
//! 1. DejaVu Sans: Latin, Greek, Cyrillic extras, punctuation, arrows, maths, dingbats.
//! 2. Droid Sans Fallback: Chinese, Japanese kana and Korean Hangul.
//! 3. Symbola: monochrome emoji and other symbols (to Unicode 9).
//!
//! egui's own fonts stay first, so Latin text looks as it always did.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

/// Name of DejaVu Sans in the [`FontDefinitions`].
pub const DEJAVU_SANS: &str = "DejaVuSans";
/// Name of Droid Sans Fallback (CJK) in the [`FontDefinitions`].
pub const DROID_SANS_FALLBACK: &str = "DroidSansFallback";
/// Name of Symbola (emoji and symbols) in the [`FontDefinitions`].
pub const SYMBOLA: &str = "Symbola";

/// The bundled fallback fonts, in fallback order: name and `.ttf` bytes.
const BUNDLED: [(&str, &[u8]); 3] = [
    (
        DEJAVU_SANS,
        include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
    ),
    (
        DROID_SANS_FALLBACK,
        include_bytes!("../../assets/fonts/DroidSansFallback.ttf"),
    ),
    (
        SYMBOLA,
        include_bytes!("../../assets/fonts/Symbola_hint.ttf"),
    ),
];

/// Installs the bundled fonts as fallbacks after egui's defaults (proportional and monospace).
///
/// Takes effect at the start of the next pass, or at once if no text has been laid
/// out yet in this one.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

/// The font definitions used by `install` (for tests and benches).
///
/// egui's default fonts first, then DejaVu Sans, Droid Sans Fallback and Symbola,
/// in both [`FontFamily::Proportional`] and [`FontFamily::Monospace`].
pub fn definitions() -> FontDefinitions {
    let mut definitions = FontDefinitions::default();
    for (name, bytes) in BUNDLED {
        definitions
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            definitions
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    definitions
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::FontId;

    /// Characters a news article may well contain, which egui's defaults lack.
    const SAMPLE: &[char] = &[
        '’', '“', '—', '中', '文', '報', 'ア', '한', '€', '→', '✓', '…', '😀', '👩', '£', '¥', '™',
        '©', '•', '①',
    ];

    /// A context with the bundled fonts, after one frame.
    fn context_with_fonts() -> egui::Context {
        let ctx = egui::Context::default();
        install(&ctx);
        let output = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.label("Hello “world” — 中文 ア 한 € → ✓ … 😀");
        });
        output.drop_without_applying_deltas();
        ctx
    }

    #[test]
    fn every_sample_character_has_a_glyph_in_both_families() {
        let ctx = context_with_fonts();
        for font_id in [FontId::proportional(14.0), FontId::monospace(14.0)] {
            let missing: Vec<char> = ctx.fonts_mut(|fonts| {
                SAMPLE
                    .iter()
                    .copied()
                    .filter(|&c| !fonts.has_glyph(&font_id, c))
                    .collect()
            });
            assert!(missing.is_empty(), "{font_id:?} lacks {missing:?}");
        }
    }

    #[test]
    fn laying_out_the_sample_draws_no_tofu() {
        // The real layout path, not just the charmaps: with this policy egui panics
        // instead of drawing a box. Also covers emoji variation selectors and ZWJ sequences.
        let ctx = egui::Context::default();
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
        install(&ctx);
        let text: String = SAMPLE.iter().collect();
        let output = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.label(text.as_str());
            ui.label(egui::RichText::new(text.as_str()).monospace());
            ui.label("\u{2764}\u{FE0F} \u{1F469}\u{200D}\u{1F4BB} \u{1F44D}\u{1F3FD}");
        });
        output.drop_without_applying_deltas();
    }

    #[test]
    fn egui_defaults_come_first_then_the_bundled_fonts_in_order() {
        let definitions = definitions();
        let defaults = FontDefinitions::default();
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            let names = &definitions.families[&family];
            let default_names = &defaults.families[&family];
            assert_eq!(&names[..default_names.len()], &default_names[..]);
            assert_eq!(
                &names[default_names.len()..],
                &[DEJAVU_SANS, DROID_SANS_FALLBACK, SYMBOLA]
            );
        }
        for name in [DEJAVU_SANS, DROID_SANS_FALLBACK, SYMBOLA] {
            assert!(definitions.font_data.contains_key(name), "{name}");
        }
    }

    #[test]
    fn the_defaults_alone_lack_the_sample() {
        // Guards the test above: it must not pass merely because egui grew the glyphs.
        let ctx = egui::Context::default();
        let output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.drop_without_applying_deltas();
        let font_id = FontId::proportional(14.0);
        assert!(!ctx.fonts_mut(|fonts| fonts.has_glyph(&font_id, '中')));
    }

    #[test]
    fn latin_text_still_uses_egui_default_font() {
        let ctx = context_with_fonts();
        let characters = ctx.fonts_mut(|fonts| fonts.characters(&FontFamily::Proportional).clone());
        assert_eq!(
            characters[&'a'].first().map(String::as_str),
            Some("Ubuntu-Light")
        );
        assert_eq!(
            characters[&'中'].first().map(String::as_str),
            Some(DROID_SANS_FALLBACK)
        );
        assert_eq!(characters[&'👩'].first().map(String::as_str), Some(SYMBOLA));
    }
}
