//! Records: what each format's reader makes of a file, before the planner
//! matches it to the project. Offsets are still in the file's unit.

use std::path::Path;

use super::{ImportError, ImportUnit};
use crate::model::{DocFields, Sentiment};

/// A record of an imported file: one document's spans and links.
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// Where in the file, for reports: `line 3`, `task 2`.
    pub place: String,
    /// A document id, if the file names one.
    pub id: Option<String>,
    /// A path the file gives for the document.
    pub path: Option<String>,
    /// The document text the offsets refer to, if the file carries it.
    pub text: Option<String>,
    /// The unit the file says its offsets are in.
    pub unit: Option<ImportUnit>,
    pub spans: Vec<InSpan>,
    pub links: Vec<InLink>,
    /// Document fields (jsonl).
    pub fields: Option<DocFields>,
}

/// A span as read from a file, offsets still in the file's unit.
#[derive(Debug, Default)]
pub(crate) struct InSpan {
    /// The span's id in the file, made unique to the file by its reader
    /// where the format scopes ids (`t1/a0/r3`, `line 2, entity 1`); links
    /// name their ends by it. A key two spans share is reported, not used.
    pub key: String,
    pub place: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The text the file says the span covers.
    pub text: Option<String>,
    /// Context for re-anchoring (W3C TextQuoteSelector).
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub sentiment: Option<Sentiment>,
    pub target: Option<String>,
    pub note: String,
    pub annotator: Option<String>,
    /// A suggestion in the file: its score.
    pub suggested: Option<f32>,
    /// Who made the suggestion, if the file says (kept unless `--as suggestions`).
    pub source: Option<String>,
    pub created: Option<jiff::Timestamp>,
    pub modified: Option<jiff::Timestamp>,
    /// Why the file's span cannot be imported at all (reported, then skipped).
    pub invalid: Option<String>,
}

/// A link as read from a file, its ends as span keys.
#[derive(Debug, Default)]
pub(crate) struct InLink {
    pub place: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub note: String,
    /// Why the file's link cannot be imported at all (reported, then skipped).
    pub invalid: Option<String>,
}

/// Reads JSON Lines: each non-blank line parsed as `T`, errors naming `file:line:column`.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &Path,
) -> Result<Vec<(usize, T)>, ImportError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|err| ImportError::json(file, &err, n))?;
        out.push((n + 1, value));
    }
    Ok(out)
}
