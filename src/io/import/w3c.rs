//! Reads W3C Web Annotations (JSON-LD): an `AnnotationCollection` (its
//! `first` page inline), an `AnnotationPage`, a list of annotations, or one.
//!
//! A text annotation needs a `target` with a `source` (the document id or
//! path, percent-decoded) and a `TextPositionSelector` (code points) and/or
//! a `TextQuoteSelector`. Bodies: `classifying` (else `tagging`) is the
//! label, `assessing` the sentiment, `identifying` the target, `commenting`
//! the note. When the position does not cover the quote, the quote with its
//! prefix and suffix re-anchors the span. A `linking` annotation whose
//! target is one annotation and whose body holds another (`{"id": …}`) and a
//! `tagging` kind is a link.

use std::path::Path;

use serde_json::Value;

use super::{ImportError, InLink, InSpan, Record};
use crate::io::export::w3c_iri_decode;
use crate::model::Sentiment;

pub(super) fn read(text: &str, file: &Path) -> Result<Vec<Record>, ImportError> {
    let root: Value = serde_json::from_str(text).map_err(|err| ImportError::json(file, &err, 0))?;
    let shape = |message: String| ImportError::Shape {
        path: file.to_owned(),
        message,
    };
    // A page's `items`: a list, or none at all; anything else is a broken file.
    let items_of = |map: &serde_json::Map<String, Value>, what: &str| match map.get("items") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(other) => Err(shape(format!(
            "the {what}'s \"items\" is {}, not a list of annotations",
            json_kind(other)
        ))),
    };
    let items: Vec<Value> = match &root {
        Value::Array(items) => items.clone(),
        Value::Object(map) => match map.get("type").and_then(Value::as_str) {
            Some("AnnotationCollection") => match map.get("first") {
                Some(Value::Object(page)) => items_of(page, "collection's first page")?,
                Some(Value::String(iri)) => {
                    return Err(shape(format!(
                        "the collection's first page is only referenced ({iri}); export it with its items inline"
                    )));
                }
                None | Some(Value::Null) => items_of(map, "collection")?,
                Some(other) => {
                    return Err(shape(format!(
                        "the collection's \"first\" is {}, not a page",
                        json_kind(other)
                    )));
                }
            },
            Some("AnnotationPage") => items_of(map, "page")?,
            Some("Annotation") => vec![root.clone()],
            other => {
                return Err(shape(format!(
                    "expected an AnnotationCollection, AnnotationPage or Annotation, found type {other:?}"
                )));
            }
        },
        _ => {
            return Err(shape(
                "expected a JSON object or list of annotations".to_owned(),
            ));
        }
    };
    let mut records: Vec<Record> = Vec::new();
    let mut links = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let place = format!("annotation {}", i + 1);
        let is_annotation = match &item["type"] {
            Value::String(t) => t == "Annotation",
            Value::Array(types) => types.iter().any(|t| t == "Annotation"),
            _ => false,
        };
        if !is_annotation {
            let found = serde_json::to_string(&item["type"]).unwrap_or_default();
            return Err(shape(format!(
                "{place}: expected a W3C Annotation (\"type\": \"Annotation\"), found type {found}"
            )));
        }
        let key = item["id"]
            .as_str()
            .map_or_else(|| format!("#{i}"), str::to_owned);
        let bodies: Vec<&Value> = match &item["body"] {
            Value::Array(b) => b.iter().collect(),
            Value::Null => Vec::new(),
            one => vec![one],
        };
        let textual = |purpose: &str| {
            bodies
                .iter()
                .find(|b| b["purpose"].as_str() == Some(purpose))
                .and_then(|b| b["value"].as_str())
                .map(str::to_owned)
        };
        if item["motivation"].as_str() == Some("linking") {
            let from = match &item["target"] {
                Value::String(s) => Some(s.clone()),
                t => t["id"].as_str().or(t["source"].as_str()).map(str::to_owned),
            };
            let to = bodies.iter().find_map(|b| match b {
                Value::String(s) => Some(s.clone()),
                b if b["type"].as_str() != Some("TextualBody") => {
                    b["id"].as_str().map(str::to_owned)
                }
                _ => None,
            });
            links.push(InLink {
                place: format!("{place} (link)"),
                from: from.unwrap_or_default(),
                to: to.unwrap_or_default(),
                kind: textual("tagging").unwrap_or_default(),
                note: textual("commenting").unwrap_or_default(),
                invalid: None,
            });
            continue;
        }
        let target = match &item["target"] {
            Value::Array(t) => t.first().cloned().unwrap_or(Value::Null),
            t => t.clone(),
        };
        let Some(source) = target["source"].as_str() else {
            return Err(shape(format!("{place}: its target has no source")));
        };
        let selectors: Vec<&Value> = match &target["selector"] {
            Value::Array(s) => s.iter().collect(),
            Value::Null => Vec::new(),
            one => vec![one],
        };
        let selector = |kind: &str| selectors.iter().find(|s| s["type"].as_str() == Some(kind));
        let position = selector("TextPositionSelector")
            .and_then(|s| Some((s["start"].as_u64()? as usize, s["end"].as_u64()? as usize)));
        let quote = selector("TextQuoteSelector");
        let label = textual("classifying").or_else(|| textual("tagging"));
        let suggested = &item["diptych:suggested"];
        let timestamp = |key: &str| {
            item[key]
                .as_str()
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        };
        let mut span = InSpan {
            key,
            place: place.clone(),
            start: position.map_or(usize::MAX, |p| p.0),
            end: position.map_or(usize::MAX, |p| p.1),
            label: label.clone().unwrap_or_default(),
            text: quote.and_then(|q| q["exact"].as_str()).map(str::to_owned),
            prefix: quote.map(|q| q["prefix"].as_str().unwrap_or_default().to_owned()),
            suffix: quote.map(|q| q["suffix"].as_str().unwrap_or_default().to_owned()),
            sentiment: textual("assessing").and_then(|s| Sentiment::parse(&s.to_lowercase())),
            target: textual("identifying"),
            note: textual("commenting").unwrap_or_default(),
            annotator: item["creator"]["name"]
                .as_str()
                .or(item["creator"].as_str())
                .map(str::to_owned),
            suggested: suggested
                .is_object()
                .then(|| suggested["score"].as_f64().unwrap_or(1.0) as f32),
            source: suggested["source"].as_str().map(str::to_owned),
            created: timestamp("created"),
            modified: timestamp("modified"),
            invalid: None,
        };
        if label.is_none() {
            span.invalid = Some("no classifying or tagging body: no label".to_owned());
        } else if position.is_none() && quote.is_none() {
            span.invalid =
                Some("neither a TextPositionSelector nor a TextQuoteSelector".to_owned());
        }
        let id = w3c_iri_decode(source);
        match records
            .iter_mut()
            .find(|r| r.id.as_deref() == Some(id.as_str()))
        {
            Some(record) => record.spans.push(span),
            None => records.push(Record {
                place: format!("source {id}"),
                id: Some(id.clone()),
                path: Some(id),
                spans: vec![span],
                ..Record::default()
            }),
        }
    }
    match records.first_mut() {
        Some(first) => first.links = links,
        None if !links.is_empty() => {
            return Err(shape(
                "links without any text annotation to join".to_owned(),
            ));
        }
        None => {}
    }
    Ok(records)
}

/// What kind of JSON value this is, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        match read(text, Path::new("w.json")) {
            Ok(records) => panic!("{text}: read {} record(s)", records.len()),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn wrong_typed_pages_are_errors_not_empty_imports() {
        assert_eq!(
            error(r#"{"type": "AnnotationPage", "items": 5}"#),
            "w.json: the page's \"items\" is a number, not a list of annotations"
        );
        assert_eq!(
            error(r#"{"type": "AnnotationCollection", "first": {"items": {"a": 1}}}"#),
            "w.json: the collection's first page's \"items\" is an object, not a list of annotations"
        );
        assert_eq!(
            error(r#"{"type": "AnnotationCollection", "first": [1]}"#),
            "w.json: the collection's \"first\" is a list, not a page"
        );
        // No items at all is an empty page, not an error.
        let empty = read(r#"{"type": "AnnotationPage"}"#, Path::new("w.json")).unwrap();
        assert!(empty.is_empty());
    }
}
