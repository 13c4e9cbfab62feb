//! What an import will do (or did): its report, and the plan that carries
//! the report with its one edit.

use std::fmt;

use serde::Serialize;

use super::ImportFormat;
use crate::model::Edit;

/// Something that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotImported {
    /// Where in the file: `line 3`, `task 2`, `annotation 5` …
    pub record: String,
    pub reason: String,
}

impl fmt::Display for NotImported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.record, self.reason)
    }
}

/// What an import will do (or did).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub format: Option<ImportFormat>,
    pub records: usize,
    /// Documents matched by id or path, and by identical text.
    pub matched_by_id: usize,
    pub matched_by_text: usize,
    pub annotations: usize,
    /// Of those, suggestions.
    pub suggestions: usize,
    pub links: usize,
    /// Spans already in the project (same document, span and label): not added again.
    pub duplicates: usize,
    /// Labels added to the schema, by name.
    pub labels_added: Vec<String>,
    /// Documents whose status, sentiment or note were set from the file.
    pub document_fields: usize,
    /// Records that match no document.
    pub unmatched: Vec<NotImported>,
    /// Spans and links of matched records that could not be imported.
    pub skipped: Vec<NotImported>,
}

impl ImportReport {
    /// True when everything in the file was imported (or already there).
    pub fn is_complete(&self) -> bool {
        self.unmatched.is_empty() && self.skipped.is_empty()
    }
}

/// An import ready to apply: one edit (a batch) and its report.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    pub edit: Edit,
    pub report: ImportReport,
}
