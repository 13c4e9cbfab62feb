//! `csv`: one row per span, RFC 4180 quoting, UTF-8 without BOM.
//!
//! ```text
//! id,document,start,end,offset_unit,label,text,sentiment,target,note,annotator,status
//! 12,a.txt,3,9,codepoint,Claim,"said “no”",negative,OpenAI,,sample,accepted
//! ```
//!
//! A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'`, so that a spreadsheet shows it as text instead
//! of running it as a formula (OWASP "CSV injection"). So does a cell where
//! one of `=+-@` or its full-width form (`＝＋－＠`) comes after leading
//! whitespace (spaces, line breaks, NBSP, U+3000 …) or invisible characters
//! (ZWSP, BOM, joiners, direction marks), which spreadsheets skip or fold.
//! Such a `text` cell is then one character longer than `end - start`;
//! nothing else in the file changes.

use std::path::{Path, PathBuf};

use super::{ExportError, Selection, sentiment_name};
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
    if starts_a_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Characters that start a formula, ASCII and full-width.
const FORMULA: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// True when a spreadsheet could read `cell` as a formula: it starts with a
/// tab or carriage return, or with a formula character once leading
/// whitespace and invisible characters are skipped.
fn starts_a_formula(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    cell.chars()
        .find(|&c| !c.is_whitespace() && !is_invisible(c))
        .is_some_and(|c| FORMULA.contains(&c))
}

/// Zero-width and formatting characters that show as nothing: ZWSP and
/// joiners, direction marks and embeddings, word joiner and invisible
/// operators, the BOM (zero-width no-break space), soft hyphen, Mongolian
/// vowel separator.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let unit = sel.unit.to_string();
    let file = sel.write_file(out, |w| {
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
        for cell in [
            "plain", "", "“=”", "'x", "a=b", " x = 1", "\u{200B}", "\nplain",
        ] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn formula_triggers_behind_whitespace_or_invisible_characters_get_a_quote() {
        let cells = [
            " =x",
            "   +1",
            "\u{A0}=HYPERLINK(\"http://x\")",
            "\u{200B}-2",
            "\u{3000}@SUM(A1)",
            "\u{FEFF}=1",
            "\n=1",
            " \u{200B}\u{A0}\u{2060}=1",
            "＝1+1",
            "＋1",
            "－1",
            "＠x",
            "\u{3000}＝x",
            "\u{200E}=x",
        ];
        for cell in cells {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }
}
