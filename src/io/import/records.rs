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

/// The items of the JSON array that `text` is, each as its own text, found
/// by a scan of the strings and brackets alone (nothing is parsed, so
/// each item is still to be parsed and may be broken): `None` when `text`
/// is not one array followed by nothing but white space, as far as the
/// scan sees. A list of tasks is then parsed an item per core.
pub(crate) fn array_items(text: &str) -> Option<Vec<&str>> {
    let json_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = text.as_bytes();
    let open = bytes.iter().position(|b| !json_space(b))?;
    if bytes[open] != b'[' {
        return None;
    }
    let mut items = Vec::new();
    let mut start = open + 1;
    let mut depth = 0usize;
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                // On to the closing quote, past escaped characters.
                at += 1;
                loop {
                    let i = at + memchr::memchr2(b'"', b'\\', bytes.get(at..)?)?;
                    at = i + if bytes[i] == b'\\' { 2 } else { 1 };
                    if bytes[i] == b'"' {
                        break;
                    }
                }
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth > 0 => depth -= 1,
            b',' if depth == 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            b']' => {
                let last = &text[start..at];
                if !items.is_empty() || !last.bytes().all(|b| json_space(&b)) {
                    items.push(last);
                }
                return bytes[at + 1..].iter().all(json_space).then_some(items);
            }
            b'}' => return None,
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::array_items;

    #[test]
    fn array_items_are_the_array_s_items_as_written() {
        let text = " [ {\"a\": [1, 2], \"b\": \"x,]}\\\"\"} ,\n{\"c\": {}} , 3 ]\n";
        let items = array_items(text).unwrap();
        assert_eq!(
            items,
            [
                " {\"a\": [1, 2], \"b\": \"x,]}\\\"\"} ",
                "\n{\"c\": {}} ",
                " 3 "
            ]
        );
        // Each item parses as the whole array's item does.
        let whole: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        let each: Vec<serde_json::Value> = (items.iter())
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        assert_eq!(each, whole);
    }

    #[test]
    fn an_empty_array_has_no_items_and_a_trailing_comma_an_empty_one() {
        assert_eq!(array_items("[]"), Some(vec![]));
        assert_eq!(array_items(" [ \n ] "), Some(vec![]));
        // Left to the parser, which refuses the empty item.
        assert_eq!(array_items("[1,]"), Some(vec!["1", ""]));
    }

    #[test]
    fn what_is_not_one_array_is_not_split() {
        for text in [
            "{\"a\": 1}",
            "[1, 2",
            "[1] [2]",
            "[1] x",
            "[\"open string]",
            "[\"ends in a backslash\\",
            "[1}",
            "\u{c}[1]",
            "",
        ] {
            assert_eq!(array_items(text), None, "{text:?}");
        }
    }
}
