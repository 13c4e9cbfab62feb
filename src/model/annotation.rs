//! Annotations (labelled spans) and the links between them.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::document::{DocumentId, Sentiment};
use super::intern::{Recent, deserialize_shared};
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

/// The largest annotation or link id: 2^53 - 1, the largest whole number
/// every JSON reader keeps exactly. Project files and edits refuse larger
/// ids, so counting on from the largest id never overflows.
pub const MAX_ID: u64 = (1 << 53) - 1;

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
    /// Sources are few and suggestions many: shared like the ids.
    Suggested {
        #[serde(deserialize_with = "deserialize_source")]
        source: Arc<str>,
        score: f32,
    },
}

impl AnnotationStatus {
    /// True for a suggestion.
    pub fn is_suggested(&self) -> bool {
        matches!(self, Self::Suggested { .. })
    }

    /// Who proposed a suggestion, and how sure it was; `None` when accepted.
    pub fn suggestion(&self) -> Option<Suggestion> {
        match self {
            Self::Accepted => None,
            Self::Suggested { source, score } => Some(Suggestion {
                source: source.clone(),
                score: *score,
            }),
        }
    }
}

/// Where an accepted annotation came from when it was a suggestion: the
/// suggester (e.g. "rule:disclaimer") and its score in 0..=1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    #[serde(deserialize_with = "deserialize_source")]
    pub source: Arc<str>,
    pub score: f32,
}

/// The quote an annotation was made on, with context, for re-anchoring.
///
/// Its three parts are kept in one string, one after the other: a million
/// annotations held three strings each, their lengths and allocations
/// (40 bytes an annotation more than this, and two more allocations to
/// make and free). It is written and read as before, `(exact: …, prefix:
/// …, suffix: …)`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Quote {
    /// `prefix`, `exact` and `suffix`, in that order.
    parts: Box<str>,
    /// Where `exact` starts and ends in `parts`.
    exact_at: (usize, usize),
}

impl Quote {
    /// Characters of context kept on each side.
    pub const CONTEXT_CHARS: usize = 32;

    /// A quote of `exact` between `prefix` and `suffix`.
    pub fn new(prefix: &str, exact: &str, suffix: &str) -> Self {
        let parts = [prefix, exact, suffix].concat().into_boxed_str();
        Self {
            parts,
            exact_at: (prefix.len(), prefix.len() + exact.len()),
        }
    }

    /// The quoted text.
    pub fn exact(&self) -> &str {
        &self.parts[self.exact_at.0..self.exact_at.1]
    }

    /// The text just before it (up to 32 characters when captured).
    pub fn prefix(&self) -> &str {
        &self.parts[..self.exact_at.0]
    }

    /// The text just after it (up to 32 characters when captured).
    pub fn suffix(&self) -> &str {
        &self.parts[self.exact_at.1..]
    }

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
        Self::new(
            &before[prefix_start..],
            &text[start..end],
            &after[..suffix_end],
        )
    }
}

impl fmt::Debug for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Quote")
            .field("exact", &self.exact())
            .field("prefix", &self.prefix())
            .field("suffix", &self.suffix())
            .finish()
    }
}

impl Serialize for Quote {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("Quote", 3)?;
        fields.serialize_field("exact", self.exact())?;
        fields.serialize_field("prefix", self.prefix())?;
        fields.serialize_field("suffix", self.suffix())?;
        fields.end()
    }
}

/// A quote as written: its three parts, borrowed from the text read when
/// they hold no escapes.
#[derive(Deserialize)]
#[serde(rename = "Quote")]
struct QuoteFields<'a> {
    #[serde(borrow)]
    exact: Cow<'a, str>,
    #[serde(default, borrow)]
    prefix: Cow<'a, str>,
    #[serde(default, borrow)]
    suffix: Cow<'a, str>,
}

impl<'de> Deserialize<'de> for Quote {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = QuoteFields::deserialize(deserializer)?;
        Ok(Self::new(&fields.prefix, &fields.exact, &fields.suffix))
    }
}

/// Why `name` cannot be an annotator's name (empty, with control
/// characters or line breaks, or with spaces around it), if it cannot.
pub fn annotator_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("the name is empty")
    } else if name.chars().any(super::is_unprintable) {
        Some("the name holds control characters or line breaks")
    } else if name.trim() != name {
        Some("the name starts or ends with spaces")
    } else {
        None
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
    /// Shared like the document and label ids: a project has few
    /// annotators and many annotations.
    #[serde(default, deserialize_with = "deserialize_annotator")]
    pub annotator: Arc<str>,
    pub created: Timestamp,
    pub modified: Timestamp,
    #[serde(default)]
    pub status: AnnotationStatus,
    /// Set when a person accepted this annotation as a suggestion: what had
    /// suggested it. `annotator` is then the person who accepted it. Absent
    /// from files written before it existed and from annotations that were
    /// never suggestions (so their files do not change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_by: Option<Suggestion>,
    pub quote: Quote,
    /// True when re-anchoring found no place for the quote in the changed
    /// text (`analysis::reanchor`). An orphan keeps its quote and last span
    /// (which may no longer fit the text) and is never dropped; readers,
    /// exports and statistics skip or list it instead of using its span.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
    /// Set by `diptych merge` on their version of an annotation that two
    /// branches changed differently: the id of our version, which stays
    /// under its own id. Both are kept until someone keeps one
    /// ([`crate::model::merge::keep_one_edit`]). Absent from files without
    /// conflicts (so they do not change) and from older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict_with: Option<AnnotationId>,
}

thread_local! {
    static ANNOTATORS: Recent = const { Recent::new() };
    static SOURCES: Recent = const { Recent::new() };
}

/// An annotator's name as read, shared with the others of the same name.
pub(crate) fn deserialize_annotator<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Arc<str>, D::Error> {
    deserialize_shared(d, &ANNOTATORS)
}

fn deserialize_source<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    deserialize_shared(d, &SOURCES)
}

impl Annotation {
    /// A new accepted annotation of `span` in `text` (the document's decoded
    /// text), made by `annotator` at time `at`: its quote is captured from
    /// `text` ([`Quote::capture`]), it has no sentiment, target or note, is not
    /// an orphan, and `created == modified == at`.
    ///
    /// Set the fields that differ afterwards, or with struct update syntax:
    /// `Annotation { note: "…".into(), ..Annotation::new(…) }`.
    pub fn new(
        id: AnnotationId,
        document: DocumentId,
        text: &str,
        span: Span,
        label: LabelId,
        annotator: impl Into<Arc<str>>,
        at: Timestamp,
    ) -> Self {
        Self {
            id,
            document,
            span,
            label,
            sentiment: None,
            target: None,
            note: String::new(),
            annotator: annotator.into(),
            created: at,
            modified: at,
            status: AnnotationStatus::Accepted,
            suggested_by: None,
            quote: Quote::capture(text, span),
            orphaned: false,
            conflict_with: None,
        }
    }
}

impl Annotation {
    /// What suggested this annotation and its score: the source of an open
    /// suggestion, or of the suggestion it was accepted from; `None` for an
    /// annotation a person made.
    pub fn suggester(&self) -> Option<(&str, f32)> {
        match (&self.status, &self.suggested_by) {
            (AnnotationStatus::Suggested { source, score }, _) => Some((source, *score)),
            (AnnotationStatus::Accepted, Some(s)) => Some((&s.source, s.score)),
            (AnnotationStatus::Accepted, None) => None,
        }
    }

    /// A suggestion score of this annotation (open, or the one it was
    /// accepted from) that is not a finite number in 0..=1, if any.
    pub fn bad_score(&self) -> Option<f32> {
        let open = match &self.status {
            AnnotationStatus::Suggested { score, .. } => Some(*score),
            AnnotationStatus::Accepted => None,
        };
        let accepted = self.suggested_by.as_ref().map(|s| s.score);
        [open, accepted]
            .into_iter()
            .flatten()
            .find(|&score| !score_is_valid(score))
    }
}

/// True for a suggestion score Diptych keeps: a finite number in 0..=1
/// (NaN and infinities are not in that range).
pub fn score_is_valid(score: f32) -> bool {
    (0.0..=1.0).contains(&score)
}

/// Short form of a quote (or a title) for lists and menus: runs of
/// whitespace, line breaks included, become one space, and text longer than
/// `max_chars` chars (code points) is cut to `max_chars - 1` chars, trailing
/// whitespace removed, plus `…`.
///
/// ```text
/// short_quote("Critics  called\nthe plan", 12) == "Critics cal…"
/// ```
///
/// With `max_chars == 0`, any non-empty text becomes `…`.
pub fn short_quote(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
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
    fn an_annotation_stays_small() {
        // A million annotations are a million of these in the project's
        // map: 336 bytes each before the ids and sources were shared and
        // the quote made one string (BENCHMARKS.md).
        assert!(
            size_of::<Annotation>() <= 256,
            "{}",
            size_of::<Annotation>()
        );
        assert_eq!(size_of::<Quote>(), 32);
    }

    #[test]
    fn a_quote_in_one_string_is_written_and_read_as_its_three_parts() {
        let quote = Quote::new("a \"pre\"\n", "é👍", "");
        assert_eq!(
            (quote.prefix(), quote.exact(), quote.suffix()),
            ("a \"pre\"\n", "é👍", "")
        );
        let ron_text = ron::to_string(&quote).unwrap();
        assert_eq!(ron_text, r#"(exact:"é👍",prefix:"a \"pre\"\n",suffix:"")"#);
        assert_eq!(ron::from_str::<Quote>(&ron_text).unwrap(), quote);
        let json = serde_json::to_string(&quote).unwrap();
        assert_eq!(
            json,
            r#"{"exact":"é👍","prefix":"a \"pre\"\n","suffix":""}"#
        );
        assert_eq!(serde_json::from_str::<Quote>(&json).unwrap(), quote);
        // Prefix and suffix may be absent, as before; the quote may not.
        let bare: Quote = ron::from_str(r#"(exact: "x")"#).unwrap();
        assert_eq!(bare, Quote::new("", "x", ""));
        let err = ron::from_str::<Quote>(r#"(prefix: "x")"#).unwrap_err();
        assert!(err.to_string().contains("exact"), "{err}");
        // Equal parts, not equal strings, make equal quotes.
        assert_ne!(Quote::new("ab", "c", ""), Quote::new("a", "bc", ""));
        assert_eq!(
            format!("{quote:?}"),
            r#"Quote { exact: "é👍", prefix: "a \"pre\"\n", suffix: "" }"#
        );
    }

    #[test]
    fn quote_keeps_32_chars_of_context_on_char_boundaries() {
        let text = format!("{}[claim]{}", "é".repeat(40), "“".repeat(40));
        let start = text.find('[').unwrap();
        let span = Span {
            start: ByteOffset(start),
            end: ByteOffset(start + 7),
        };
        let quote = Quote::capture(&text, span);
        assert_eq!(quote.exact(), "[claim]");
        assert_eq!(quote.prefix(), "é".repeat(32));
        assert_eq!(quote.suffix(), "“".repeat(32));
    }

    #[test]
    fn new_captures_the_quote_and_stamps_both_times() {
        let text = "Critics called the plan unrealistic.";
        let span = Span::from((8, 23));
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let a = Annotation::new(
            AnnotationId(7),
            DocumentId::from("a.txt"),
            text,
            span,
            LabelId::from("claim"),
            "ana",
            at,
        );
        assert_eq!(a.quote, Quote::capture(text, span));
        assert_eq!(a.quote.exact(), "called the plan");
        assert_eq!(
            (a.id, a.document.as_str(), a.span, a.label.as_str()),
            (AnnotationId(7), "a.txt", span, "claim")
        );
        assert_eq!((a.created, a.modified), (at, at));
        assert_eq!(&*a.annotator, "ana");
        assert_eq!(
            (&a.status, &a.suggested_by),
            (&AnnotationStatus::Accepted, &None)
        );
        assert_eq!(
            (a.sentiment, a.target.as_deref(), a.note.as_str()),
            (None, None, "")
        );
        assert!(!a.orphaned);
    }

    #[test]
    fn short_quote_flattens_whitespace_and_cuts_with_an_ellipsis() {
        assert_eq!(short_quote("  a\n\tb  c ", 10), "a b c");
        assert_eq!(short_quote("Critics  called\nthe plan", 12), "Critics cal…");
        // Exactly `max_chars` fits; one more is cut to `max_chars - 1` plus `…`.
        assert_eq!(short_quote("abcde", 5), "abcde");
        assert_eq!(short_quote("abcdef", 5), "abcd…");
        // Whitespace before the cut is dropped.
        assert_eq!(short_quote("abc def", 5), "abc…");
        assert_eq!(short_quote("", 0), "");
        assert_eq!(short_quote("a", 0), "…");
    }

    #[test]
    fn short_quote_counts_chars_not_bytes() {
        assert_eq!(short_quote("中文报道。", 5), "中文报道。");
        assert_eq!(short_quote("中文报道。更多", 5), "中文报道…");
        assert_eq!(
            short_quote("“We’re thrilled,” she said", 18),
            "“We’re thrilled,”…"
        );
        // A code point, not a grapheme: an emoji ZWJ sequence (five code
        // points) can be cut inside.
        assert_eq!(short_quote("Family 👩‍👩‍👧 here", 9), "Family 👩…");
        assert_eq!(short_quote("📈📈📈", 3), "📈📈📈");
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
            (quote.prefix(), quote.exact(), quote.suffix()),
            ("a", "b", "")
        );
    }
}
