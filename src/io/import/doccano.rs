//! Reads doccano JSONL: `{"text", "label": [[start, end, "LABEL"], …]}` or
//! `{"text", "entities": [{id, label, start_offset, end_offset}], "relations": [{id, from_id, to_id, type}]}`.
//!
//! doccano counts UTF-16 code units unless its grapheme mode is on; the unit
//! is `--offsets`, else the file's `offset_unit` key (Diptych's export writes
//! one), else UTF-16. doccano files carry no span text, so offsets cannot be
//! checked against it; they must fit the text and not split a character.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::{ImportError, ImportUnit, InLink, InSpan, Record, json_lines};

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    text: Option<String>,
    #[serde(default, alias = "labels")]
    label: Vec<Value>,
    #[serde(default)]
    entities: Vec<Entity>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    document: Option<String>,
    #[serde(default)]
    offset_unit: Option<String>,
}

#[derive(Deserialize)]
struct Entity {
    id: Value,
    label: String,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Deserialize)]
struct Relation {
    from_id: Value,
    to_id: Value,
    #[serde(rename = "type")]
    kind: String,
}

/// The key of entity `id` of line `n`: ids belong to their line, and an id
/// written as a number differs from the same digits as a string (`1`, `"1"`).
fn key(n: usize, id: &Value) -> String {
    format!("line {n}, entity {id}")
}

/// Why a relation of a line whose entity ids are `ids` cannot join `id`.
fn missing_end(ids: &[&Value], id: &Value) -> Option<String> {
    match ids.iter().filter(|&&e| e == id).count() {
        1 => None,
        0 => {
            let same_digits = |e: &&&Value| json_digits(e) == json_digits(id);
            Some(match ids.iter().find(same_digits) {
                Some(other) => format!(
                    "no entity {id} in this line (there is an entity {other}: ids {other} and {id} differ)"
                ),
                None => format!("no entity {id} in this line"),
            })
        }
        _ => Some(format!("entity id {id} is used twice in this line")),
    }
}

/// An id's text without JSON quotes: `1` for both `1` and `"1"`.
fn json_digits(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn read(text: &str, file: &Path) -> Result<Vec<Record>, ImportError> {
    let mut records = Vec::new();
    for (n, line) in json_lines::<Line>(text, file)? {
        let place = format!("line {n}");
        let mut record = Record {
            place: place.clone(),
            id: line.document,
            text: line.text,
            unit: line.offset_unit.as_deref().and_then(ImportUnit::parse),
            ..Record::default()
        };
        for (i, item) in line.label.iter().enumerate() {
            let parts = item.as_array().map(Vec::as_slice).unwrap_or_default();
            let span = match parts {
                [Value::Number(s), Value::Number(e), Value::String(label)] => {
                    match (s.as_u64(), e.as_u64()) {
                        (Some(s), Some(e)) => InSpan {
                            start: s as usize,
                            end: e as usize,
                            label: label.clone(),
                            ..InSpan::default()
                        },
                        _ => InSpan {
                            invalid: Some(format!("offsets in {item} are not whole numbers")),
                            ..InSpan::default()
                        },
                    }
                }
                _ => InSpan {
                    invalid: Some(format!("expected [start, end, \"LABEL\"], found {item}")),
                    ..InSpan::default()
                },
            };
            record.spans.push(InSpan {
                key: format!("l{n}/{i}"),
                place: format!("label {}", i + 1),
                ..span
            });
        }
        let ids: Vec<&Value> = line.entities.iter().map(|e| &e.id).collect();
        for (i, entity) in line.entities.iter().enumerate() {
            let twice = ids[..i].contains(&&entity.id);
            record.spans.push(InSpan {
                key: key(n, &entity.id),
                place: format!("entity {}", entity.id),
                start: entity.start_offset,
                end: entity.end_offset,
                label: entity.label.clone(),
                invalid: twice
                    .then(|| format!("entity id {} is used twice in this line", entity.id)),
                ..InSpan::default()
            });
        }
        for relation in line.relations {
            let (from, to) = (&relation.from_id, &relation.to_id);
            record.links.push(InLink {
                place: format!("{place}, relation {from} -> {to}"),
                from: key(n, from),
                to: key(n, to),
                kind: relation.kind,
                note: String::new(),
                invalid: missing_end(&ids, from).or_else(|| missing_end(&ids, to)),
            });
        }
        records.push(record);
    }
    Ok(records)
}
