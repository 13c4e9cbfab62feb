//! TEMPORARY STUB written by the lead so the app compiles while the reader is
//! being built: replace this whole file with the real reader (same API).
#![allow(dead_code, unused_variables)]

use eframe::egui;

use crate::model::{AnnotationId, ByteOffset, Document, Span};

pub struct Highlight {
    pub id: AnnotationId,
    pub span: Span,
    pub color: egui::Color32,
    pub suggested: bool,
    pub linked: bool,
    pub tooltip: String,
}

pub struct ReaderInput<'a> {
    pub doc: &'a Document,
    pub highlights: &'a [Highlight],
    pub revision: u64,
    pub selected: Option<AnnotationId>,
    pub font_size: f32,
}

#[derive(Default)]
pub struct ReaderState {
    sel: Option<(ByteOffset, ByteOffset)>,
}

impl ReaderState {
    pub fn selection(&self) -> Option<(ByteOffset, ByteOffset)> {
        self.sel
    }
    pub fn set_selection(&mut self, start: ByteOffset, end: ByteOffset) {
        self.sel = Some((start, end));
    }
    pub fn clear_selection(&mut self) {
        self.sel = None;
    }
    pub fn scroll_to(&mut self, byte: ByteOffset) {}
    pub fn first_visible_byte(&self) -> ByteOffset {
        ByteOffset(0)
    }
    pub fn scroll_to_top_byte(&mut self, byte: ByteOffset) {}
}

pub struct ReaderOutput {
    pub clicked: Option<AnnotationId>,
    pub selection_changed: bool,
    pub has_focus: bool,
    pub response: egui::Response,
}

pub const KEY_HELP: &[(&str, &str)] = &[];

pub fn reader_ui(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash,
    state: &mut ReaderState,
    input: &ReaderInput<'_>,
) -> ReaderOutput {
    let response = ui.label(&*input.doc.text);
    ReaderOutput {
        clicked: None,
        selection_changed: false,
        has_focus: false,
        response,
    }
}
