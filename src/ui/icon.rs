//! The app's identity on the desktop: the application id (the Wayland app
//! id and X11 class, the name of the desktop entry, the AppStream id and
//! the icon's file name, see `packaging/linux/`) and the window icon.

use eframe::egui;

/// The application id, as the desktop entry and the icon are named.
pub const APP_ID: &str = "io.github.diptych.Diptych";

/// The window icon: the 256-pixel render of `assets/icon/`'s SVG.
const ICON_PNG: &[u8] =
    include_bytes!("../../assets/icon/hicolor/256x256/apps/io.github.diptych.Diptych.png");

/// The icon the window and the task bar show. (The embedded PNG is checked
/// by a test; should it ever fail to decode, the window opens without one.)
pub fn window_icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(ICON_PNG).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_icon_decodes_to_a_square_of_256_pixels() {
        let icon = window_icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        // Not blank: the tile is opaque in the middle, the corners are rounded off.
        let alpha = |x: usize, y: usize| icon.rgba[(y * 256 + x) * 4 + 3];
        assert_eq!(alpha(128, 128), 255);
        assert_eq!(alpha(0, 0), 0);
    }
}
