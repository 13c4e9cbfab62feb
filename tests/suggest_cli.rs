//! `diptych suggest` as a user runs it, on a temp copy of the sample project.

mod common;

use common::{diptych, sample_copy};
use std::fs;
use std::path::{Path, PathBuf};

use diptych::io::workspace::Workspace;
use diptych::model::{AnnotationStatus, DocumentId, Edit, LinkKind, Rejection, Span, apply};
use serde_json::Value;

const B: &str = "001_d855b870b5cef35b.txt";

fn open(project: &Path) -> Workspace {
    Workspace::open_blocking(project).unwrap().0
}

/// The sample with every annotation of the second version removed, so that
/// the rules and the first version's annotations have something to propose.
fn half_annotated() -> (tempfile::TempDir, PathBuf) {
    let (dir, project) = sample_copy();
    let mut workspace = open(&project);
    let ids: Vec<_> = workspace
        .project
        .annotations_of(&DocumentId::from(B))
        .iter()
        .map(|a| a.id)
        .collect();
    let edit = Edit::Batch(ids.into_iter().map(Edit::RemoveAnnotation).collect());
    apply(&mut workspace.project, edit).unwrap();
    workspace.save_as(&project).unwrap();
    (dir, project)
}

fn suggestions(project: &Path) -> Vec<Value> {
    let out = diptych(&["suggest", project.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let object = value.as_object().unwrap();
    assert_eq!(object.keys().collect::<Vec<_>>(), ["suggestions"]);
    object["suggestions"].as_array().unwrap().clone()
}

#[test]
fn json_has_the_promised_shape_and_code_point_offsets() {
    let (dir, project) = half_annotated();
    let list = suggestions(&project);
    assert!(!list.is_empty());
    let mut previous = (String::new(), 0);
    for s in &list {
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            ["document", "end", "label", "score", "source", "start"]
        );
        let document = s["document"].as_str().unwrap().to_owned();
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!((document.clone(), start) >= previous, "sorted: {s}");
        previous = (document.clone(), start);
        let score = s["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        assert!(["Claim", "Disclaimer", "Boilerplate"].contains(&s["label"].as_str().unwrap()));
        // Code points index the text as Python would.
        let text = fs::read_to_string(dir.path().join("seeds").join(&document)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let quote: String = chars[start..end].iter().collect();
        assert!(!quote.is_empty() && quote.trim() == quote, "{s}: {quote:?}");
    }
    // The rules and the counterparts of the first version's annotations both speak.
    let quote_of = |s: &Value| {
        let text = fs::read_to_string(dir.path().join("seeds").join(B)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        chars[start as usize..end as usize]
            .iter()
            .collect::<String>()
    };
    let in_b: Vec<&Value> = list.iter().filter(|s| s["document"] == B).collect();
    assert!(in_b.iter().any(|s| s["source"] == "counterpart"));
    assert!(
        in_b.iter()
            .any(|s| s["label"] == "Disclaimer" && quote_of(s) == "Risk Warning and Disclaimer")
    );
    assert!(
        in_b.iter()
            .any(|s| s["label"] == "Boilerplate" && quote_of(s).starts_with("Futures\n"))
    );
}

#[test]
fn write_stores_one_edit_that_a_second_run_does_not_repeat() {
    let (_dir, project) = half_annotated();
    let first = suggestions(&project);
    let out = diptych(&["suggest", project.to_str().unwrap(), "--write"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let workspace = open(&project);
    let stored: Vec<_> = workspace
        .project
        .annotations
        .values()
        .filter(|a| a.status.is_suggested())
        .collect();
    assert_eq!(stored.len(), first.len());
    for a in &stored {
        assert_eq!(&*a.annotator, "diptych");
        let AnnotationStatus::Suggested { source, .. } = &a.status else {
            unreachable!()
        };
        if &**source == "counterpart" {
            let link = workspace.project.links_of(a.id);
            assert!(
                link.iter()
                    .any(|l| l.to == a.id && l.kind == LinkKind::SameClaim)
            );
        }
    }
    assert!(suggestions(&project).is_empty());
    let check = diptych(&["check", project.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn rejected_suggestions_are_not_proposed_again() {
    let (dir, project) = half_annotated();
    let first = suggestions(&project);
    let victim = first
        .iter()
        .find(|s| s["document"] == B && s["label"] == "Boilerplate")
        .unwrap()
        .clone();
    let mut workspace = open(&project);
    let document = DocumentId::from(B);
    let text = fs::read_to_string(dir.path().join("seeds").join(B)).unwrap();
    let byte = |chars: u64| {
        text.char_indices()
            .nth(chars as usize)
            .map_or(text.len(), |(i, _)| i)
    };
    let span = Span::from((
        byte(victim["start"].as_u64().unwrap()),
        byte(victim["end"].as_u64().unwrap()),
    ));
    let label = workspace
        .project
        .labels
        .by_name("Boilerplate")
        .unwrap()
        .id
        .clone();
    let rejection = Rejection {
        document,
        span,
        label,
    };
    apply(&mut workspace.project, Edit::AddRejection(rejection)).unwrap();
    workspace.save_as(&project).unwrap();
    let second = suggestions(&project);
    assert!(!second.contains(&victim));
    assert_eq!(second.len(), first.len() - 1);
}

#[test]
fn a_readable_list_without_json() {
    let (_dir, project) = half_annotated();
    let out = diptych(&["suggest", project.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Disclaimer"), "{text}");
    assert!(
        text.contains("suggestion(s); --write stores them"),
        "{text}"
    );
}
