//! Paragraphs and sentences with byte offsets.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::Span;

/// The paragraphs of `text`: its non-blank lines, trimmed, as byte spans.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            let s = start + lead;
            out.push(Span::from((s, s + trimmed.len())));
        }
        start += line.len() + 1;
    }
    out
}

/// The sentences of `text` (never crossing a paragraph), trimmed, as byte spans.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        let body = &text[para.range()];
        for (i, sentence) in body.split_sentence_bound_indices() {
            let trimmed = sentence.trim();
            if trimmed.is_empty() {
                continue;
            }
            let s = para.start.0 + i + (sentence.len() - sentence.trim_start().len());
            out.push(Span::from((s, s + trimmed.len())));
        }
    }
    out
}
