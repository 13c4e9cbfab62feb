//! Plain data of a project: text offsets, documents, labels, annotations, edits.
//! Nothing here knows about windows or files.

pub mod annotation;
pub mod document;
pub mod edit;
pub mod history;
pub(crate) mod intern;
pub mod label;
pub mod merge;
pub mod packed;
pub mod project;
pub mod sentences;
pub mod text;
pub mod words;

pub(crate) use annotation::deserialize_annotator;
pub use annotation::{
    Annotation, AnnotationId, AnnotationStatus, Link, LinkId, LinkKind, MAX_ID, Quote, Suggestion,
    annotator_problem, score_is_valid, short_quote,
};
pub use document::{
    ContentHash, DocFields, DocRecord, DocStatus, Document, DocumentId, Sentiment, SourceFormat,
};
pub use edit::{
    Edit, EditError, LabelRemoval, accept_suggestion_edit, apply, reject_suggestion_edit,
    remove_label_edit, with_document_started,
};
pub use history::{Change, History};
pub use label::{
    Label, LabelId, LabelSchema, Rgb, escaped, is_unprintable, name_key, name_problem,
};
pub use packed::{Text, TextRef};
pub use project::{Project, Rejection};
pub use text::{
    ByteOffset, CharOffset, GraphemeOffset, OffsetIndex, OffsetUnit, Span, Utf16Offset,
};

/// The test kit: built for the crate's own tests, and with the `testing`
/// feature for integration tests, benches and examples (see Cargo.toml).
#[cfg(any(test, feature = "testing"))]
pub mod testing;
