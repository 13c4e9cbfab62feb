//! `csv`: one row per span, RFC 4180 quoting, UTF-8 without BOM.
//!
//! ```text
//! id,document,start,end,offset_unit,label,text,sentiment,target,note,annotator,status
//! 12,a.txt,3,9,codepoint,Claim,"said “no”",negative,OpenAI,,sample,accepted
//! ```
//!
//! A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'`, so that a spreadsheet shows it as text instead
//! of running it as a formula (OWASP "CSV injection"). Such a `text` cell is
//! then one character longer than `end - start`.

use std::path::{Path, PathBuf};

use super::{ExportError, Selection, sentiment_name, write_file};
use crate::model::AnnotationStatus;

const HEADER: [&str; 12] = [
    "id",
    "document",
    "start",
    "end",
    "offset_unit",
    "label",
    "text",
    "sentiment",
    "target",
    "note",
    "annotator",
    "status",
];

/// The cell as written: formula triggers neutralised with a leading `'`.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let unit = sel.unit.to_string();
    let file = write_file(out, |w| {
        let mut csv = ::csv::Writer::from_writer(w);
        csv.write_record(HEADER)?;
        for (i, doc) in sel.docs.iter().enumerate() {
            for span in &doc.spans {
                let a = span.annotation;
                let status = match a.status {
                    AnnotationStatus::Accepted => "accepted",
                    AnnotationStatus::Suggested { .. } => "suggested",
                };
                csv.write_record([
                    a.id.0.to_string().as_str(),
                    &neutralise(doc.doc.id.as_str()),
                    &span.start.to_string(),
                    &span.end.to_string(),
                    &unit,
                    &neutralise(span.label),
                    &neutralise(span.text),
                    sentiment_name(a.sentiment).unwrap_or(""),
                    &neutralise(a.target.as_deref().unwrap_or("")),
                    &neutralise(&a.note),
                    &neutralise(&a.annotator),
                    status,
                ])?;
            }
            sel.progress(i + 1);
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(vec![file])
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_triggers_get_a_quote() {
        for cell in ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["plain", "", "“=”", " =x", "'x"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
