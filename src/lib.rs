//! Diptych: read news articles side by side, annotate their claims, export datasets.
//!
//! Layers, each depending only on those below it:
//! `app` (the window) -> `cli` -> `io` (files) -> `model` (plain data).

pub mod analysis;
pub mod app;
pub mod cli;
pub mod io;
pub mod model;
pub mod ui;
