//! Reads Label Studio tasks: its JSON export, or a task list in its import
//! shape (`annotations[].result[]`, `predictions[]`).
//!
//! `labels` results become spans (one per label), per-region `choices` give
//! the sentiment, per-region `textarea`s the target (`from_name` "target")
//! and the note (any other), `relation` results links. Cancelled
//! annotations are skipped; predictions become suggestions with the
//! prediction's `model_version` as their source. Predictions listed only as
//! ids (as Label Studio's own export writes them) carry nothing to import.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::{ImportError, ImportUnit, InLink, InSpan, Record};
use crate::model::Sentiment;

#[derive(Deserialize)]
struct Task {
    #[serde(default)]
    data: BTreeMap<String, Value>,
    #[serde(default)]
    annotations: Vec<Completion>,
    #[serde(default)]
    predictions: Vec<Value>,
}

#[derive(Deserialize)]
struct Completion {
    #[serde(default)]
    result: Vec<ResultItem>,
    #[serde(default)]
    was_cancelled: bool,
    #[serde(default)]
    completed_by: Option<Value>,
}

#[derive(Deserialize)]
struct Prediction {
    #[serde(default)]
    result: Vec<ResultItem>,
    #[serde(default)]
    score: Option<f32>,
    #[serde(default)]
    model_version: Option<String>,
}

#[derive(Deserialize)]
struct ResultItem {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    from_name: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    value: Value,
    #[serde(default)]
    from_id: Option<String>,
    #[serde(default)]
    to_id: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    score: Option<f32>,
}

pub(super) fn read(text: &str, file: &Path) -> Result<Vec<Record>, ImportError> {
    let json_error = |err| ImportError::json(file, &err, 0);
    if text.trim_start().starts_with('{') {
        let task = serde_json::from_str(text).map_err(json_error)?;
        return Ok(vec![task_record(0, task, file)?]);
    }
    // A list of tasks is parsed a task per core (its texts are most of an
    // import's time); when the list does not split, or an item does not
    // parse, the whole file is parsed at once and tells what is wrong.
    if let Some(items) = super::records::array_items(text) {
        let each: Vec<Option<Result<Record, ImportError>>> = (items.par_iter().enumerate())
            .map(|(n, item)| {
                let task = serde_json::from_str(item).ok()?;
                Some(task_record(n, task, file))
            })
            .collect();
        if let Some(records) = each.into_iter().collect::<Option<Vec<_>>>() {
            return records.into_iter().collect();
        }
    }
    read_whole(text, file)
}

/// [`read`] of a list of tasks parsed in one piece.
fn read_whole(text: &str, file: &Path) -> Result<Vec<Record>, ImportError> {
    let tasks: Vec<Task> =
        serde_json::from_str(text).map_err(|err| ImportError::json(file, &err, 0))?;
    (tasks.into_iter().enumerate())
        .map(|(n, task)| task_record(n, task, file))
        .collect()
}

/// The record of the `n`th task (from 0) of `file`.
fn task_record(n: usize, task: Task, file: &Path) -> Result<Record, ImportError> {
    let place = format!("task {}", n + 1);
    let Task {
        mut data,
        annotations,
        predictions,
    } = task;
    // Taken, not copied: a task's text is most of the file.
    let mut string = |key: &str| match data.remove(key) {
        Some(Value::String(value)) => Some(value),
        _ => None,
    };
    let mut record = Record {
        place: place.clone(),
        id: string("document"),
        path: string("path"),
        text: string("text"),
        unit: string("offset_unit").as_deref().and_then(ImportUnit::parse),
        ..Record::default()
    };
    for (k, completion) in annotations.iter().enumerate() {
        if completion.was_cancelled {
            continue;
        }
        let annotator = match &completion.completed_by {
            Some(Value::Object(user)) => {
                user.get("email").and_then(Value::as_str).map(str::to_owned)
            }
            Some(Value::Number(id)) => Some(format!("label-studio:user:{id}")),
            _ => None,
        };
        let group = Group {
            prefix: format!("t{}/a{k}", n + 1),
            place: format!("annotation {}", k + 1),
            annotator,
            suggested: None,
            source: None,
        };
        group.read(&completion.result, &mut record);
    }
    for (k, prediction) in predictions.iter().enumerate() {
        if !prediction.is_object() {
            continue; // An id: Label Studio's export does not inline predictions.
        }
        let prediction: Prediction =
            serde_json::from_value(prediction.clone()).map_err(|err| ImportError::Shape {
                path: file.to_owned(),
                message: format!("{place}, prediction {}: {err}", k + 1),
            })?;
        let group = Group {
            prefix: format!("t{}/p{k}", n + 1),
            place: format!("prediction {}", k + 1),
            annotator: prediction.model_version.clone(),
            suggested: Some(prediction.score.unwrap_or(1.0)),
            source: prediction.model_version.clone(),
        };
        group.read(&prediction.result, &mut record);
    }
    Ok(record)
}

/// One annotation or prediction of a task: its results share region ids.
struct Group {
    prefix: String,
    place: String,
    annotator: Option<String>,
    suggested: Option<f32>,
    source: Option<String>,
}

impl Group {
    fn read(&self, results: &[ResultItem], record: &mut Record) {
        // Per-region controls first, keyed by region id.
        let mut sentiment = BTreeMap::new();
        let mut target = BTreeMap::new();
        let mut note: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for r in results {
            let Some(id) = r.id.as_deref() else {
                continue;
            };
            match r.kind.as_str() {
                "choices" => {
                    let chosen = r.value["choices"].as_array().and_then(|c| c.first());
                    if let Some(s) = chosen
                        .and_then(Value::as_str)
                        .and_then(|c| Sentiment::parse(&c.to_lowercase()))
                    {
                        sentiment.insert(id, s);
                    }
                }
                "textarea" => {
                    let lines: Vec<String> = match &r.value["text"] {
                        Value::Array(items) => items
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                        Value::String(s) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    if r.from_name.as_deref() == Some("target") {
                        target.insert(id, lines.join(" "));
                    } else {
                        note.entry(id).or_default().extend(lines);
                    }
                }
                _ => {}
            }
        }
        for (i, r) in results.iter().enumerate() {
            match r.kind.as_str() {
                "labels" => {
                    let id = r.id.clone().unwrap_or_else(|| format!("#{i}"));
                    let place = format!("{}, region {id}", self.place);
                    let (Some(start), Some(end)) =
                        (r.value["start"].as_u64(), r.value["end"].as_u64())
                    else {
                        record.spans.push(InSpan {
                            key: format!("{}/{id}", self.prefix),
                            place,
                            invalid: Some(
                                "a labels result without value.start/value.end".to_owned(),
                            ),
                            ..InSpan::default()
                        });
                        continue;
                    };
                    let labels: Vec<&str> = r.value["labels"]
                        .as_array()
                        .map(|l| l.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    for (j, label) in labels.iter().enumerate() {
                        let key = if j == 0 {
                            format!("{}/{id}", self.prefix)
                        } else {
                            format!("{}/{id}#{j}", self.prefix)
                        };
                        record.spans.push(InSpan {
                            key,
                            place: place.clone(),
                            start: start as usize,
                            end: end as usize,
                            label: (*label).to_owned(),
                            text: r.value["text"].as_str().map(str::to_owned),
                            sentiment: sentiment.get(id.as_str()).copied(),
                            target: target.get(id.as_str()).cloned(),
                            note: note
                                .get(id.as_str())
                                .map(|n| n.join("\n"))
                                .unwrap_or_default(),
                            annotator: self.annotator.clone(),
                            suggested: self.suggested.map(|s| r.score.unwrap_or(s)),
                            source: self.source.clone(),
                            ..InSpan::default()
                        });
                    }
                }
                "relation" => {
                    let (Some(from), Some(to)) = (&r.from_id, &r.to_id) else {
                        continue;
                    };
                    record.links.push(InLink {
                        place: format!("{}, {}, relation {from} -> {to}", record.place, self.place),
                        from: format!("{}/{from}", self.prefix),
                        to: format!("{}/{to}", self.prefix),
                        kind: r.labels.first().cloned().unwrap_or_default(),
                        note: String::new(),
                        invalid: None,
                    });
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{read, read_whole};

    const FILE: &str = "tasks.json";

    /// A list of `n` tasks, each with a text and one labelled span, but for
    /// those `other` gives in their place (by index from 0).
    fn tasks(n: usize, other: impl Fn(usize) -> Option<String>) -> String {
        let task = |i: usize| {
            other(i).unwrap_or_else(|| {
                format!(
                    r#"{{"data": {{"text": "Story {i}: \"it, [works]\" \u00e9t\u00e9", "document": "d{i}.txt"}},
  "annotations": [{{"result": [{{"id": "r{i}", "type": "labels", "from_name": "label",
    "value": {{"start": 0, "end": 5, "text": "Story", "labels": ["Claim"]}}}}]}}]}}"#
                )
            })
        };
        let items: Vec<String> = (0..n).map(task).collect();
        format!("[\n{}\n]\n", items.join(",\n"))
    }

    #[test]
    fn tasks_read_a_task_per_core_are_the_tasks_read_at_once() {
        let text = tasks(40, |_| None);
        let each = read(&text, Path::new(FILE)).unwrap();
        let whole = read_whole(&text, Path::new(FILE)).unwrap();
        assert_eq!(each.len(), 40);
        assert_eq!(format!("{each:?}"), format!("{whole:?}"));
        assert_eq!(each[7].place, "task 8");
        assert_eq!(each[7].id.as_deref(), Some("d7.txt"));
        assert_eq!(each[7].spans[0].key, "t8/a0/r7");
        assert_eq!(
            each[7].text.as_deref(),
            Some("Story 7: \"it, [works]\" été")
        );
    }

    #[test]
    fn a_broken_task_is_told_where_the_whole_file_breaks() {
        // A task of the wrong shape, and one that is not JSON.
        for broken in [r#"{"annotations": 5}"#, r#"{"data": {"text": "x"}"#] {
            let text = tasks(12, |i| (i == 9).then(|| broken.to_owned()));
            let err = read(&text, Path::new(FILE)).unwrap_err();
            let whole = read_whole(&text, Path::new(FILE)).unwrap_err();
            assert_eq!(err.to_string(), whole.to_string());
            assert!(err.position().is_some_and(|(line, _)| line > 20), "{err}");
        }
    }

    #[test]
    fn the_first_task_with_a_bad_prediction_is_the_one_named() {
        let text = tasks(30, |i| {
            [4, 20].contains(&i).then(|| {
                format!(r#"{{"data": {{"text": "t{i}"}}, "predictions": [{{"result": 3}}]}}"#)
            })
        });
        let err = read(&text, Path::new(FILE)).unwrap_err().to_string();
        assert!(err.contains("task 5, prediction 1"), "{err}");
    }
}
