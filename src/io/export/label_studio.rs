//! `label-studio`: a task list that Label Studio imports, and its labelling config.
//!
//! Writes `OUT` (the tasks, JSON) and `STEM.config.xml` beside it (paste it
//! into the project's Labeling Interface). One task per document:
//!
//! ```text
//! {"data": {"text": "…", "document": "a.txt", "title": "…", "offset_unit": "codepoint"},
//!  "annotations": [{"result": [
//!     {"id": "a12", "from_name": "label", "to_name": "text", "type": "labels",
//!      "value": {"start": 3, "end": 9, "text": "…", "labels": ["Claim"]}},
//!     {"id": "a12", "from_name": "sentiment", … "type": "choices", "value": {…, "choices": ["negative"]}},
//!     {"id": "a12", "from_name": "target", … "type": "textarea", "value": {…, "text": ["OpenAI"]}},
//!     {"id": "a12", "from_name": "note", … "type": "textarea", "value": {…, "text": ["…"]}},
//!     {"from_id": "a12", "to_id": "a14", "type": "relation", "direction": "right", "labels": ["supports"]}]}],
//!  "predictions": [{"model_version": "rule:disclaimer", "score": 0.9, "result": […]}]}
//! ```
//!
//! Label Studio counts code points (Python string indices); `value.text` is
//! always `data.text[start:end]`. A per-region control repeats its region's
//! `id`, `start` and `end`. Relations can only join regions of one task and
//! one annotation (or one prediction), so links across documents, or between
//! a span and a suggestion, are left out with a warning.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{DocExport, ExportError, Selection, SpanExport, companion, made_ahead};
use crate::model::{AnnotationStatus, LinkKind, Sentiment};

/// How many tasks are serialised together on one core, and how many are
/// serialised before they are written.
const TASKS_PER_RUN: usize = 32;
const TASKS_PER_BATCH: usize = 2048;

/// Names of the config's controls; results refer to them.
pub const LABELS: &str = "label";
pub const TEXT: &str = "text";
pub const SENTIMENT: &str = "sentiment";
pub const TARGET: &str = "target";
pub const NOTE: &str = "note";

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    // Which links can be relations: both ends in one document and one group
    // (the accepted spans, or the suggestions of one source).
    let mut relations: BTreeMap<(usize, Group<'_>), Vec<Item<'_>>> = BTreeMap::new();
    let mut left_out = 0;
    for link in &sel.links {
        let (Some(&(da, sa)), Some(&(db, sb))) =
            (sel.index.get(&link.from), sel.index.get(&link.to))
        else {
            continue;
        };
        let ga = group(&sel.docs[da].spans[sa]);
        if da != db || ga != group(&sel.docs[db].spans[sb]) {
            left_out += 1;
            continue;
        }
        relations
            .entry((da, ga))
            .or_default()
            .push(Item::Relation(Relation {
                direction: "right",
                from_id: region_id(link.from.0),
                labels: [link.kind.name()],
                to_id: region_id(link.to.0),
                kind: "relation",
            }));
    }
    let written_links = sel.links.len() - left_out;
    // Each document's relations, apart, so that its task can be made alone.
    let mut relations_of: Vec<BTreeMap<Group<'_>, Vec<Item<'_>>>> =
        sel.docs.iter().map(|_| BTreeMap::new()).collect();
    for ((d, g), items) in relations {
        relations_of[d].insert(g, items);
    }
    let tasks_file = sel.write_file(out, |w| {
        // The file is the pretty-printed list of the tasks.
        let docs = sel.docs.iter().zip(relations_of);
        write_pretty_list(
            w,
            docs,
            TASKS_PER_RUN,
            TASKS_PER_BATCH,
            |(doc, mut relations)| task(doc, &mut relations),
        )
    })?;
    sel.progress(sel.docs.len());
    let config = config_xml(&sel.label_names());
    let config_file = sel.write_file(&companion(out, "config.xml"), |w| {
        w.write_all(config.as_bytes())
    })?;
    if left_out > 0 {
        selection.warn(
            None,
            None,
            format!(
                "{left_out} link(s) across documents (or between a span and a suggestion) left out: Label Studio relations join regions of one annotation"
            ),
        );
    }
    selection.links_written = Some(written_links);
    Ok(vec![tasks_file, config_file])
}

/// Writes what `make` makes of `items` as serde_json's pretty printer
/// writes the whole list of them, then a line break. Serialising is most of
/// the work: runs of `run` items are serialised on every core, each as a
/// list of its own (whose items are indented as in the whole list), and
/// joined in order, `batch` items at a time, each batch written while the
/// next is serialised ([`made_ahead`]), so that the text is never held
/// whole.
fn write_pretty_list<I, T>(
    w: &mut dyn Write,
    mut items: I,
    run: usize,
    batch: usize,
    make: impl Fn(I::Item) -> T + Sync,
) -> std::io::Result<()>
where
    I: Iterator + Send,
    I::Item: Send,
    T: Serialize,
{
    let batches = std::iter::from_fn(move || {
        let some: Vec<I::Item> = items.by_ref().take(batch.max(1)).collect();
        (!some.is_empty()).then_some(some)
    });
    let mut first = true;
    w.write_all(b"[")?;
    made_ahead(
        batches,
        |some| {
            some.into_par_iter()
                .chunks(run.max(1))
                .map(|run| {
                    let mut buf = Vec::new();
                    let mut json = serde_json::Serializer::pretty(&mut buf);
                    let items = run.into_iter().map(&make);
                    serde::Serializer::collect_seq(&mut json, items).map(|()| buf)
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(std::io::Error::from)
        },
        |runs| {
            for run in runs {
                // `[`, then `\n  item`, `,\n  item`…, then `\n]`.
                if !std::mem::take(&mut first) {
                    w.write_all(b",")?;
                }
                w.write_all(&run[1..run.len() - 2])?;
            }
            Ok(())
        },
    )?;
    w.write_all(if first { b"]\n" } else { b"\n]\n" })
}

/// Accepted spans go to the task's annotation, suggestions to a prediction per source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group<'a> {
    Annotation,
    Prediction(&'a str),
}

fn group<'a>(span: &SpanExport<'a>) -> Group<'a> {
    match &span.annotation.status {
        AnnotationStatus::Accepted => Group::Annotation,
        AnnotationStatus::Suggested { source, .. } => Group::Prediction(source),
    }
}

fn region_id(id: u64) -> String {
    format!("a{id}")
}

// The file's objects, borrowing the project's text. Their fields are
// declared in alphabetical order: the order Label Studio's own exports and
// earlier versions of this file have.

#[derive(Serialize)]
struct Task<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<Annotation<'a>>,
    data: Data<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    predictions: Vec<Prediction<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    document: &'a str,
    offset_unit: &'static str,
    text: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Annotation<'a> {
    result: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Prediction<'a> {
    model_version: &'a str,
    result: Vec<Item<'a>>,
    score: f64,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Region(Region<'a>),
    Relation(Relation),
}

#[derive(Serialize)]
struct Region<'a> {
    from_name: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Value<'a>,
}

/// A region's value: its offsets and one of `choices`, `labels` or `text`
/// (the labels region has both `labels` and the covered `text`).
#[derive(Clone, Copy, Serialize)]
struct Value<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<[&'a str; 1]>,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<[&'a str; 1]>,
    start: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<RegionText<'a>>,
}

#[derive(Clone, Copy, Serialize)]
#[serde(untagged)]
enum RegionText<'a> {
    /// What a labels region covers.
    Covered(&'a str),
    /// A text area's answer.
    Answer([&'a str; 1]),
}

#[derive(Serialize)]
struct Relation {
    direction: &'static str,
    from_id: String,
    labels: [&'static str; 1],
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

fn task<'a>(doc: &DocExport<'a>, relations: &mut BTreeMap<Group<'a>, Vec<Item<'a>>>) -> Task<'a> {
    let mut groups: BTreeMap<Group<'a>, Vec<&SpanExport<'a>>> = BTreeMap::new();
    for span in &doc.spans {
        groups.entry(group(span)).or_default().push(span);
    }
    let mut task = Task {
        annotations: Vec::new(),
        data: Data {
            document: doc.doc.id.as_str(),
            offset_unit: "codepoint",
            text: doc.text,
            title: &doc.doc.title,
        },
        predictions: Vec::new(),
    };
    for (g, spans) in groups {
        let mut result: Vec<Item<'a>> = spans.iter().flat_map(|s| regions(s)).collect();
        result.extend(relations.remove(&g).unwrap_or_default());
        match g {
            Group::Annotation => task.annotations.push(Annotation { result }),
            Group::Prediction(source) => {
                let scores: Vec<f32> = spans
                    .iter()
                    .filter_map(|s| match s.annotation.status {
                        AnnotationStatus::Suggested { score, .. } => Some(score),
                        AnnotationStatus::Accepted => None,
                    })
                    .collect();
                let mean = scores.iter().sum::<f32>() / scores.len().max(1) as f32;
                task.predictions.push(Prediction {
                    model_version: source,
                    result,
                    score: round3(mean),
                });
            }
        }
    }
    task
}

/// Scores as written: three decimals, so that f32 noise stays out of the file.
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The results of one span: its labels region and its per-region controls.
fn regions<'a>(span: &SpanExport<'a>) -> Vec<Item<'a>> {
    let a = span.annotation;
    let score = match a.status {
        AnnotationStatus::Suggested { score, .. } => Some(round3(score)),
        AnnotationStatus::Accepted => None,
    };
    let value = Value {
        choices: None,
        end: span.end,
        labels: None,
        start: span.start,
        text: None,
    };
    let region = |from_name: &'static str, kind: &'static str, value: Value<'a>| {
        Item::Region(Region {
            from_name,
            id: region_id(a.id.0),
            score,
            to_name: TEXT,
            kind,
            value,
        })
    };
    let answer = |text: &'a str| Value {
        text: Some(RegionText::Answer([text])),
        ..value
    };
    let mut out = vec![region(
        LABELS,
        "labels",
        Value {
            labels: Some([span.label]),
            text: Some(RegionText::Covered(span.text)),
            ..value
        },
    )];
    if let Some(s) = a.sentiment {
        let choices = Value {
            choices: Some([s.name()]),
            ..value
        };
        out.push(region(SENTIMENT, "choices", choices));
    }
    if let Some(target) = a.target.as_deref().filter(|t| !t.is_empty()) {
        out.push(region(TARGET, "textarea", answer(target)));
    }
    if !a.note.is_empty() {
        out.push(region(NOTE, "textarea", answer(&a.note)));
    }
    out
}

/// The labelling config matching the results: control names, label values,
/// sentiment choices and relation labels.
pub fn config_xml(labels: &[&str]) -> String {
    let mut xml = String::from("<View>\n");
    xml.push_str(&format!("  <Labels name=\"{LABELS}\" toName=\"{TEXT}\">\n"));
    for label in labels {
        xml.push_str(&format!("    <Label value=\"{}\"/>\n", escape(label)));
    }
    xml.push_str("  </Labels>\n");
    xml.push_str(&format!(
        "  <Text name=\"{TEXT}\" value=\"${TEXT}\" granularity=\"symbol\"/>\n"
    ));
    xml.push_str("  <Relations>\n");
    for kind in LinkKind::ALL {
        xml.push_str(&format!("    <Relation value=\"{}\"/>\n", kind.name()));
    }
    xml.push_str("  </Relations>\n");
    xml.push_str(&format!(
        "  <Choices name=\"{SENTIMENT}\" toName=\"{TEXT}\" perRegion=\"true\" choice=\"single\" showInline=\"true\">\n"
    ));
    for s in Sentiment::ALL {
        xml.push_str(&format!("    <Choice value=\"{}\"/>\n", s.name()));
    }
    xml.push_str("  </Choices>\n");
    xml.push_str(&format!(
        "  <TextArea name=\"{TARGET}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\" editable=\"true\" placeholder=\"Target\"/>\n"
    ));
    xml.push_str(&format!(
        "  <TextArea name=\"{NOTE}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\" editable=\"true\" placeholder=\"Note\"/>\n"
    ));
    xml.push_str("</View>\n");
    xml
}

/// Escapes text for an XML attribute value.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Serialised in runs and batches of any size, the list is byte for
        /// byte what serde_json writes of the whole list.
        #[test]
        fn a_list_written_in_runs_is_the_whole_list(
            items in proptest::collection::vec(
                (any::<u32>(), "\\PC{0,8}", proptest::collection::vec(any::<i16>(), 0..3)),
                0..80,
            ),
            run in 1usize..10,
            batch in 1usize..30,
        ) {
            let mut ours = Vec::new();
            write_pretty_list(&mut ours, items.iter(), run, batch, |item| item).unwrap();
            let mut theirs = serde_json::to_vec_pretty(&items).unwrap();
            theirs.push(b'\n');
            prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap());
        }
    }
}
