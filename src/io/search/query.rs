//! A search query as typed: words, "quoted phrases" and filters on what the
//! project knows, parsed into the text to look for and a test of documents.
//!
//! ```text
//! minister "the plan" label:Claim status:done path:world/
//! └ word ┘ └ phrase ┘ └──────────── filters ──────────────┘
//! ```
//!
//! Every word, phrase and filter must hold. Filters:
//! - `label:X`: an annotation of the document has the label named X (case
//!   ignored) or of id X;
//! - `sentiment:S` (positive, negative, neutral, mixed): the document's own
//!   sentiment is S, or one of its annotations has sentiment S;
//! - `status:S` (`todo`, `in-progress`, `done`; `"to do"` and `"in progress"`
//!   too): the document's status;
//! - `annotator:NAME`: an annotation of the document was made by NAME (case
//!   ignored);
//! - `path:PREFIX`: the document's id starts with PREFIX (`path:world/`).
//!
//! A value with spaces is quoted: `annotator:"Ada L"`. Any other `key:word`
//! whose key is letters is refused as an unknown filter (quoted, it is
//! text); one with digits is text (`10:30` looks for the words 10 and 30 in
//! a row). `AND` between words is what every query does; `OR`, `NOT` and
//! `*` are refused with what to do instead, never run as words that find
//! nothing.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;

use super::AnnotationTag;
use super::analyzer::{analyzer, terms};
use crate::model::{Annotation, DocRecord, DocStatus, DocumentId, LabelId, Project, Sentiment};

/// A condition on a document that the project (not its text) answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Label(LabelId),
    Sentiment(Sentiment),
    Status(DocStatus),
    Annotator(String),
    Path(String),
}

impl Filter {
    /// True for the filters that annotations answer (`label:`,
    /// `sentiment:`, `annotator:`).
    pub fn reads_annotations(&self) -> bool {
        matches!(
            self,
            Self::Label(_) | Self::Sentiment(_) | Self::Annotator(_)
        )
    }
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// What was typed.
    pub source: String,
    /// Each word or phrase as its normalised words, in the order typed;
    /// all must occur. A word of several parts (`don't`) is a phrase.
    pub text: Vec<Vec<String>>,
    pub filters: Vec<Filter>,
}

/// A query that cannot be run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: type words, \"a phrase\" or a filter such as label:Claim")]
    Empty,
    #[error("no label {0:?} in this project (its labels: {1})")]
    NoLabel(String, String),
    #[error("unknown sentiment {0:?} (one of: positive, negative, neutral, mixed)")]
    Sentiment(String),
    #[error("unknown status {0:?} (one of: todo, in-progress, done)")]
    Status(String),
    #[error("{0}: is missing its value (for example label:Claim)")]
    NoValue(String),
    #[error("a quote is not closed: {0}")]
    OpenQuote(String),
    #[error(
        "{0:?} has no word to look for: letters and digits are searched, not emoji or punctuation"
    )]
    NoWords(String),
    #[error(
        "no filter {key}: (the filters: label, sentiment, status, annotator, path); to look for the text, put it in quotes: \"{word}\""
    )]
    UnknownFilter { key: String, word: String },
    #[error(
        "{0} is not understood: every word typed must be in the document; to find any of several words, search for each"
    )]
    Operator(String),
    #[error("{0}: * is not understood; type whole words (any case)")]
    Wildcard(String),
}

impl Query {
    /// Parses `source` against `project` (label names are looked up there).
    pub fn parse(source: &str, project: &Project) -> Result<Self, QueryError> {
        let analyzer = &mut analyzer();
        let mut query = Self {
            source: source.to_owned(),
            ..Self::default()
        };
        for piece in pieces(source)? {
            match piece {
                Piece::Phrase(text) => push_text(&mut query.text, terms(analyzer, &text)),
                Piece::Word(word) => match as_filter(&word) {
                    Some((key, lower, value)) => {
                        let value = value.trim_matches('"');
                        if value.is_empty() {
                            return Err(QueryError::NoValue(key.to_owned()));
                        }
                        query.filters.push(filter(&lower, value, project)?);
                    }
                    None => {
                        if !refused_word(&word)? {
                            push_text(&mut query.text, terms(analyzer, &word));
                        }
                    }
                },
            }
        }
        if query.text.is_empty() && query.filters.is_empty() {
            return Err(match source.trim() {
                "" | "AND" => QueryError::Empty,
                typed => QueryError::NoWords(typed.to_owned()),
            });
        }
        Ok(query)
    }

    /// The documents of `project` that pass every filter, or `None` when the
    /// query has no filter (every document passes).
    pub fn allowed(&self, project: &Project) -> Option<BTreeSet<DocumentId>> {
        if self.filters.is_empty() {
            return None;
        }
        // Borrowed ids until the end: one copy of each id that passes.
        let mut records: Vec<&DocRecord> = project.documents.values().collect();
        for filter in &self.filters {
            let annotated = annotated(filter, project);
            records.retain(|d| passes(filter, d) || annotated.contains(d.id.as_str()));
        }
        Some(records.into_iter().map(|d| d.id.clone()).collect())
    }
}

/// Whether the query `source` has a filter on what annotations hold
/// (`label:`, `sentiment:`, `annotator:`); true too when it cannot be
/// parsed (the project then says why).
pub fn reads_annotations(source: &str) -> bool {
    has_filter(source, |key| {
        matches!(key, "label" | "sentiment" | "annotator")
    })
}

/// Whether the query `source` has a filter at all (each is answered from
/// the project's documents or annotations); true too when it cannot be
/// parsed (the project then says why). A query of words and phrases only
/// needs nothing of the project but its corpus folder.
pub fn reads_documents(source: &str) -> bool {
    has_filter(source, |_| true)
}

/// Whether `source` has a filter whose lower-case key passes `key`, or
/// cannot be parsed.
fn has_filter(source: &str, key: impl Fn(&str) -> bool) -> bool {
    pieces(source).map_or(true, |pieces| {
        pieces.iter().any(|piece| {
            matches!(piece, Piece::Word(word) if as_filter(word).is_some_and(|(_, lower, _)| key(&lower)))
        })
    })
}

/// The filter keys, lower case.
const FILTERS: [&str; 5] = ["label", "sentiment", "status", "annotator", "path"];

/// A word that is a filter: its key as typed, that key lower-cased (one of
/// [`FILTERS`]) and its value; `None` for a word of text (`10:30`).
fn as_filter(word: &str) -> Option<(&str, String, &str)> {
    let (key, value) = word.split_once(':')?;
    let lower = key.to_lowercase();
    FILTERS
        .contains(&lower.as_str())
        .then_some((key, lower, value))
}

/// Refuses a word that asks for what the search does not do (an unknown
/// filter, `OR`, `NOT`, `*`); `Ok(true)` for `AND`, which asks for what
/// every query does and is left out; `Ok(false)` for a word of text.
fn refused_word(word: &str) -> Result<bool, QueryError> {
    match word {
        "AND" => return Ok(true),
        "OR" | "NOT" => return Err(QueryError::Operator(word.to_owned())),
        _ if word.contains('*') => return Err(QueryError::Wildcard(word.to_owned())),
        _ => {}
    }
    // `key:value` with a key of letters, a value, and not a link (`https://`).
    if let Some((key, value)) = word.split_once(':')
        && !key.is_empty()
        && key.chars().all(char::is_alphabetic)
        && !value.is_empty()
        && !value.starts_with('/')
    {
        return Err(QueryError::UnknownFilter {
            key: key.to_owned(),
            word: word.to_owned(),
        });
    }
    Ok(false)
}

fn push_text(text: &mut Vec<Vec<String>>, words: Vec<String>) {
    if !words.is_empty() {
        text.push(words);
    }
}

/// A piece of a query: a quoted phrase or a word (which may be a filter
/// whose value is quoted: `annotator:"Ada L"`).
enum Piece {
    Phrase(String),
    Word(String),
}

/// Cuts a query at spaces outside quotes.
fn pieces(source: &str) -> Result<Vec<Piece>, QueryError> {
    let mut out = Vec::new();
    let mut chars = source.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut piece = String::new();
        let phrase = c == '"';
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() && !quoted {
                break;
            }
            chars.next();
            if c == '"' {
                quoted = !quoted;
                if phrase && !quoted {
                    break;
                }
                if phrase || piece.ends_with(':') {
                    continue;
                }
            }
            piece.push(c);
        }
        if quoted {
            return Err(QueryError::OpenQuote(source.to_owned()));
        }
        out.push(if phrase {
            Piece::Phrase(piece)
        } else {
            Piece::Word(piece)
        });
    }
    Ok(out)
}

fn filter(key: &str, value: &str, project: &Project) -> Result<Filter, QueryError> {
    Ok(match key {
        "label" => {
            let label = project
                .labels
                .labels
                .iter()
                .find(|l| *l.id.0 == *value || l.name.to_lowercase() == value.to_lowercase())
                .ok_or_else(|| {
                    let names: Vec<&str> = project
                        .labels
                        .labels
                        .iter()
                        .map(|l| l.name.as_str())
                        .collect();
                    QueryError::NoLabel(value.to_owned(), names.join(", "))
                })?;
            Filter::Label(label.id.clone())
        }
        "sentiment" => Filter::Sentiment(
            Sentiment::parse(&value.to_lowercase())
                .ok_or_else(|| QueryError::Sentiment(value.to_owned()))?,
        ),
        "status" => {
            Filter::Status(status(value).ok_or_else(|| QueryError::Status(value.to_owned()))?)
        }
        "annotator" => Filter::Annotator(value.to_lowercase()),
        _ => Filter::Path(value.to_owned()),
    })
}

/// A status by name: `todo`, `to-do`, `to do`, `in-progress`, `in progress`, `done`.
fn status(value: &str) -> Option<DocStatus> {
    let plain: String = value
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    DocStatus::ALL
        .into_iter()
        .find(|s| s.name().replace(' ', "") == plain)
}

/// The documents an annotation of which passes `filter` (none for the
/// filters on documents only).
fn annotated<'a>(filter: &Filter, project: &'a Project) -> FxHashSet<&'a str> {
    if matches!(filter, Filter::Status(_) | Filter::Path(_)) {
        return FxHashSet::default();
    }
    project
        .annotations
        .values()
        .filter(|a| annotation_passes(filter, a))
        .map(|a| a.document.as_str())
        .collect()
}

/// Whether an annotation passes `filter` (never for the filters on
/// documents only).
fn annotation_passes(filter: &Filter, a: &Annotation) -> bool {
    passes_with(filter, &a.label, a.sentiment, &a.annotator)
}

/// [`annotation_passes`] for what the filters read of an annotation.
pub(super) fn tag_passes(filter: &Filter, tag: &AnnotationTag) -> bool {
    passes_with(filter, &tag.label, tag.sentiment, &tag.annotator)
}

fn passes_with(
    filter: &Filter,
    label: &LabelId,
    sentiment: Option<Sentiment>,
    annotator: &str,
) -> bool {
    match filter {
        Filter::Label(id) => label == id,
        Filter::Annotator(name) => same_name(annotator, name),
        Filter::Sentiment(s) => sentiment == Some(*s),
        Filter::Status(_) | Filter::Path(_) => false,
    }
}

/// Whether `annotator` is `lowered` (a name lower-cased), case ignored:
/// compared char by char, no lower-cased copy of every annotator.
pub(super) fn same_name(annotator: &str, lowered: &str) -> bool {
    annotator
        .chars()
        .flat_map(char::to_lowercase)
        .eq(lowered.chars())
}

/// Whether the document's own fields pass `filter`.
fn passes(filter: &Filter, doc: &DocRecord) -> bool {
    match filter {
        Filter::Sentiment(s) => doc.fields.sentiment == Some(*s),
        Filter::Status(s) => doc.fields.status == *s,
        Filter::Path(prefix) => doc.id.as_str().starts_with(prefix.as_str()),
        Filter::Label(_) | Filter::Annotator(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Query, QueryError> {
        Query::parse(source, &Project::new("p", "."))
    }

    #[test]
    fn a_query_reads_the_project_only_when_it_filters() {
        for (source, reads) in [
            ("minister \"the plan\"", false),
            ("status:done path:world/ minister", false),
            ("10:30 don't", false),
            ("Label:Claim", true),
            ("sentiment:negative", true),
            ("annotator:\"Ada L\" word", true),
            ("\"open quote", true),
        ] {
            assert_eq!(reads_annotations(source), reads, "{source}");
        }
        for (source, reads) in [
            ("minister \"the plan\"", false),
            ("10:30 don't labels:x", false),
            ("\"labels:x\"", false),
            ("status:done minister", true),
            ("PATH:world/", true),
            ("Label:Claim", true),
            ("\"open quote", true),
        ] {
            assert_eq!(reads_documents(source), reads, "{source}");
        }
    }

    #[test]
    fn words_phrases_and_filters_are_told_apart() {
        let q =
            parse(r#"Minister "the  Plan" label:claim status:"in progress" 10:30 don't"#).unwrap();
        assert_eq!(
            q.text,
            [
                vec!["minister"],
                vec!["the", "plan"],
                vec!["10", "30"],
                vec!["don", "t"]
            ]
        );
        assert_eq!(
            q.filters,
            [
                Filter::Label(LabelId("claim".into())),
                Filter::Status(DocStatus::InProgress)
            ]
        );
        let q = parse("annotator:\"Ada L\" sentiment:Negative path:world/").unwrap();
        assert!(q.text.is_empty());
        assert_eq!(
            q.filters,
            [
                Filter::Annotator("ada l".into()),
                Filter::Sentiment(Sentiment::Negative),
                Filter::Path("world/".into())
            ]
        );
        assert_eq!(
            parse("status:todo").unwrap().filters,
            [Filter::Status(DocStatus::ToDo)]
        );
        // What is not refused: AND (what every query does), lower-case or
        // and not (words), a quoted key:value, a link, a trailing colon, and
        // emoji beside words.
        let q =
            parse(r#"plan AND budget or not "foo:bar" https://x.org/a update: 🎉 vote"#).unwrap();
        assert_eq!(
            q.text,
            [
                vec!["plan"],
                vec!["budget"],
                vec!["or"],
                vec!["not"],
                vec!["foo", "bar"],
                vec!["https", "x", "org", "a"],
                vec!["update"],
                vec!["vote"]
            ]
        );
    }

    #[test]
    fn bad_queries_say_what_is_wrong() {
        assert_eq!(parse("  "), Err(QueryError::Empty));
        assert_eq!(parse("AND"), Err(QueryError::Empty));
        assert_eq!(parse(" — … "), Err(QueryError::NoWords("— …".into())));
        assert_eq!(parse("🎉🎉"), Err(QueryError::NoWords("🎉🎉".into())));
        assert_eq!(
            parse("minister foo:bar"),
            Err(QueryError::UnknownFilter {
                key: "foo".into(),
                word: "foo:bar".into()
            })
        );
        assert_eq!(
            parse("plan OR budget"),
            Err(QueryError::Operator("OR".into()))
        );
        assert_eq!(parse("NOT plan"), Err(QueryError::Operator("NOT".into())));
        assert_eq!(parse("regul*"), Err(QueryError::Wildcard("regul*".into())));
        // Each message says what to type instead.
        let unknown = parse("foo:bar").unwrap_err().to_string();
        assert!(
            unknown.contains("\"foo:bar\"") && unknown.contains("label"),
            "{unknown}"
        );
        assert!(
            matches!(parse("label:Nope"), Err(QueryError::NoLabel(v, names)) if v == "Nope" && names.contains("Claim"))
        );
        assert_eq!(
            parse("sentiment:angry"),
            Err(QueryError::Sentiment("angry".into()))
        );
        assert_eq!(
            parse("status:later"),
            Err(QueryError::Status("later".into()))
        );
        assert_eq!(parse("label:"), Err(QueryError::NoValue("label".into())));
        assert!(matches!(
            parse("\"open phrase"),
            Err(QueryError::OpenQuote(_))
        ));
    }
}
