//! Pure functions over texts and projects: segmentation, alignment of two
//! versions of an article and the words that differ between them,
//! suggestions, and re-anchoring annotations in a changed text. No user
//! interface, no io: they work on model values only.

pub mod adjudicate;
pub mod agreement;
pub mod align;
pub mod reanchor;
pub mod segment;
pub mod suggest;
pub mod word_diff;
