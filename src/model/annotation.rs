//! Annotations (labelled spans) and the links between them.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::document::{DocumentId, Sentiment};
use super::label::LabelId;
use super::text::{Span, floor_char_boundary};

/// An annotation's stable id, unique within a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub u64);

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a{}", self.0)
    }
}

/// A link's stable id, unique within a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LinkId(pub u64);

impl fmt::Display for LinkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "l{}", self.0)
    }
}

/// Whether an annotation was made (or accepted) by a person, or is a suggestion.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum AnnotationStatus {
    #[default]
    Accepted,
    /// Proposed by `source` (e.g. "rule:disclaimer") with a score in 0..=1.
    Suggested { source: String, score: f32 },
}

impl AnnotationStatus {
    /// True for a suggestion.
    pub fn is_suggested(&self) -> bool {
        matches!(self, Self::Suggested { .. })
    }
}

/// The quote an annotation was made on, with context, for re-anchoring.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

impl Quote {
    /// Characters of context kept on each side.
    pub const CONTEXT_CHARS: usize = 32;

    /// The quote of `span` in `text`, with up to 32 chars of prefix and suffix.
    pub fn capture(text: &str, span: Span) -> Self {
        let start = floor_char_boundary(text, span.start.0);
        let end = floor_char_boundary(text, span.end.0.max(start));
        let before = &text[..start];
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(Self::CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after = &text[end..];
        let suffix_end = after
            .char_indices()
            .nth(Self::CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Self {
            exact: text[start..end].to_owned(),
            prefix: before[prefix_start..].to_owned(),
            suffix: after[..suffix_end].to_owned(),
        }
    }
}

/// A labelled span of one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    pub document: DocumentId,
    pub span: Span,
    pub label: LabelId,
    #[serde(default)]
    pub sentiment: Option<Sentiment>,
    /// What the sentiment is about ("OpenAI", "the Pentagon").
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub annotator: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    #[serde(default)]
    pub status: AnnotationStatus,
    pub quote: Quote,
    /// True when re-anchoring found no place for the quote in the changed
    /// text (`analysis::reanchor`). An orphan keeps its quote and last span
    /// (which may no longer fit the text) and is never dropped; readers,
    /// exports and statistics skip or list it instead of using its span.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
}

/// How two linked annotations relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    SameClaim,
    Supports,
    Contradicts,
}

impl LinkKind {
    /// All kinds, in display order.
    pub const ALL: [Self; 3] = [Self::SameClaim, Self::Supports, Self::Contradicts];

    /// Name as written in exports.
    pub fn name(self) -> &'static str {
        match self {
            Self::SameClaim => "same-claim",
            Self::Supports => "supports",
            Self::Contradicts => "contradicts",
        }
    }
}

/// A directed link between two annotations, possibly in different documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: LinkId,
    pub from: AnnotationId,
    pub to: AnnotationId,
    pub kind: LinkKind,
    #[serde(default)]
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::text::ByteOffset;

    #[test]
    fn quote_keeps_32_chars_of_context_on_char_boundaries() {
        let text = format!("{}[claim]{}", "é".repeat(40), "“".repeat(40));
        let start = text.find('[').unwrap();
        let span = Span {
            start: ByteOffset(start),
            end: ByteOffset(start + 7),
        };
        let quote = Quote::capture(&text, span);
        assert_eq!(quote.exact, "[claim]");
        assert_eq!(quote.prefix, "é".repeat(32));
        assert_eq!(quote.suffix, "“".repeat(32));
    }

    #[test]
    fn quote_near_the_edges_takes_what_there_is() {
        let quote = Quote::capture(
            "ab",
            Span {
                start: ByteOffset(1),
                end: ByteOffset(2),
            },
        );
        assert_eq!(
            (
                quote.prefix.as_str(),
                quote.exact.as_str(),
                quote.suffix.as_str()
            ),
            ("a", "b", "")
        );
    }
}
