//! Pure functions over texts and projects: segmentation, alignment of two
//! versions of an article, suggestions, and re-anchoring annotations in a
//! changed text. No egui, no file writes.

pub mod align;
pub mod reanchor;
pub mod segment;
pub mod suggest;
