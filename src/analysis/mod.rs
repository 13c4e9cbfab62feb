//! Pure functions over texts and projects: segmentation, alignment of two
//! versions of an article, and suggestions. No egui, no file writes.

pub mod align;
pub mod segment;
pub mod suggest;
