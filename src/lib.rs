//! Diptych: read news articles side by side, annotate their claims, export datasets.
//!
//! Layers, each depending only on those below it (see `docs/ARCHITECTURE.md`):
//!
//! ```text
//! main.rs, cli   the command line; no arguments opens the window (app::run)
//! app            the window's shell: owns workspace, history, UI state, caches;
//!                runs jobs; applies the panels' commands once a frame
//! ui             panels, readers, the action table, UiState: read the project,
//!                send commands (never imports app)
//! analysis, io   pure analysis on model values / files on disk (no egui)
//! model          plain data: text offsets, documents, labels, annotations, edits
//! ```

pub mod analysis;
pub mod app;
pub mod cli;
pub mod io;
pub mod logging;
pub mod model;
pub mod ui;
pub mod version;
