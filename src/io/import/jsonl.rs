//! Reads Diptych's own `jsonl` export (see `export::jsonl`).

use std::path::Path;

use serde::Deserialize;

use super::{ImportError, ImportUnit, InLink, InSpan, Record, json_lines};
use crate::io::export::parse_status;
use crate::model::{DocFields, Sentiment};

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    sentiment: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    offset_unit: Option<String>,
    #[serde(default)]
    spans: Vec<SpanIn>,
    #[serde(default)]
    links: Vec<LinkIn>,
}

#[derive(Deserialize)]
struct SpanIn {
    id: serde_json::Value,
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    sentiment: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    score: Option<f32>,
}

#[derive(Deserialize)]
struct LinkIn {
    from: serde_json::Value,
    to: serde_json::Value,
    kind: String,
    #[serde(default)]
    note: String,
}

/// A span or link id as a key: numbers and strings alike.
fn key(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn read(text: &str, file: &Path) -> Result<Vec<Record>, ImportError> {
    let mut records = Vec::new();
    for (n, line) in json_lines::<Line>(text, file)? {
        let place = format!("line {n}");
        let unit = match line.offset_unit.as_deref() {
            None => None,
            Some(name) => Some(ImportUnit::parse(name).ok_or_else(|| ImportError::Shape {
                path: file.to_owned(),
                message: format!("{place}: unknown offset_unit {name:?}"),
            })?),
        };
        let sentiment = |s: Option<&str>, what: &str| {
            match s {
            None => Ok(None),
            Some(name) => Sentiment::parse(name).map(Some).ok_or_else(|| ImportError::Shape {
                path: file.to_owned(),
                message: format!("{place}: {what}: unknown sentiment {name:?} (positive, negative, neutral or mixed)"),
            }),
        }
        };
        let status = match line.status.as_deref() {
            None => Default::default(),
            Some(name) => parse_status(name).ok_or_else(|| ImportError::Shape {
                path: file.to_owned(),
                message: format!("{place}: unknown status {name:?} (to-do, in-progress or done)"),
            })?,
        };
        let fields = DocFields {
            sentiment: sentiment(line.sentiment.as_deref(), "document")?,
            status,
            note: line.note,
        };
        let mut spans = Vec::new();
        for s in line.spans {
            let k = key(&s.id);
            spans.push(InSpan {
                place: format!("span {k}"),
                start: s.start,
                end: s.end,
                label: s.label,
                text: s.text,
                sentiment: sentiment(s.sentiment.as_deref(), &format!("span {k}"))?,
                target: s.target,
                note: s.note,
                annotator: s.annotator,
                suggested: (s.status.as_deref() == Some("suggested"))
                    .then_some(s.score.unwrap_or(1.0)),
                source: s.source,
                key: k,
                ..InSpan::default()
            });
        }
        let links = line
            .links
            .into_iter()
            .map(|l| InLink {
                place: format!("{place}, link {} -> {}", key(&l.from), key(&l.to)),
                from: key(&l.from),
                to: key(&l.to),
                kind: l.kind,
                note: l.note,
                invalid: None,
            })
            .collect();
        records.push(Record {
            place,
            id: line.id,
            path: line.path,
            text: line.text,
            unit,
            spans,
            links,
            fields: Some(fields),
        });
    }
    Ok(records)
}
