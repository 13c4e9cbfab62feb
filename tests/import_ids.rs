//! Importers keep ids apart and check names and numbers: doccano ids belong
//! to their line (and `1` is not `"1"`), an id two spans share is reported
//! and never joins a link to the wrong span, empty spans, unusable label
//! names and scores outside 0..=1 are refused with a reason, and the
//! report's counts are what lands in the project.

use std::fs;
use std::path::Path;

use diptych::io::import::{ImportFormat, ImportPlan, ImportSettings, NotImported, plan_bytes};
use diptych::io::workspace::Workspace;
use diptych::model::{AnnotationId, Project, apply};

/// A project over `a.txt` and `b.txt`, with the default labels.
fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("a.txt"), "Alpha beta gamma delta.").unwrap();
    fs::write(folder.join("b.txt"), "Epsilon zeta eta theta.").unwrap();
    let ws = Workspace::from_folder_blocking(&folder).unwrap();
    (dir, ws)
}

fn plan(ws: &Workspace, format: ImportFormat, text: &str) -> ImportPlan {
    plan_bytes(
        ws,
        format,
        text.as_bytes(),
        Path::new("in.json"),
        &ImportSettings::default(),
    )
    .unwrap()
}

/// The project after the plan, checking that the report counts what landed.
fn landed(ws: &Workspace, plan: ImportPlan) -> Project {
    let mut project = ws.project.clone();
    let before = (project.annotations.len(), project.links.len());
    apply(&mut project, plan.edit).unwrap();
    let r = &plan.report;
    assert_eq!(
        (
            project.annotations.len() - before.0,
            project.links.len() - before.1
        ),
        (r.annotations, r.links),
        "the report counts what landed"
    );
    project
}

/// Each link as (from quote, to quote).
fn linked_quotes(project: &Project) -> Vec<(String, String)> {
    let quote = |id: &AnnotationId| project.annotations[id].quote.exact().to_owned();
    let mut out: Vec<_> = project
        .links
        .values()
        .map(|l| (quote(&l.from), quote(&l.to)))
        .collect();
    out.sort();
    out
}

fn reasons(skipped: &[NotImported]) -> Vec<String> {
    skipped.iter().map(ToString::to_string).collect()
}

#[test]
fn doccano_relations_join_the_entities_of_their_own_line() {
    let (_dir, ws) = workspace();
    let line = |doc: &str| {
        serde_json::json!({
            "document": doc,
            "entities": [
                {"id": 1, "label": "Claim", "start_offset": 0, "end_offset": 5},
                {"id": 2, "label": "Claim", "start_offset": 6, "end_offset": 10},
            ],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "supports"}],
        })
    };
    let text = format!("{}\n{}\n", line("a.txt"), line("b.txt"));
    let p = plan(&ws, ImportFormat::Doccano, &text);
    assert!(p.report.is_complete(), "{:?}", p.report);
    let project = landed(&ws, p);
    assert_eq!(
        linked_quotes(&project),
        [
            ("Alpha".to_owned(), "beta".to_owned()),
            ("Epsil".to_owned(), "n ze".to_owned()),
        ]
    );
}

#[test]
fn doccano_ids_1_and_string_1_are_different_entities() {
    let (_dir, ws) = workspace();
    let line = serde_json::json!({
        "document": "a.txt",
        "entities": [
            {"id": 1, "label": "Claim", "start_offset": 0, "end_offset": 5},
            {"id": "1", "label": "Claim", "start_offset": 6, "end_offset": 10},
            {"id": 2, "label": "Claim", "start_offset": 11, "end_offset": 16},
        ],
        "relations": [
            {"id": 1, "from_id": 1, "to_id": 2, "type": "supports"},
            {"id": 2, "from_id": "1", "to_id": 2, "type": "supports"},
            {"id": 3, "from_id": 1, "to_id": "2", "type": "contradicts"},
        ],
    });
    let p = plan(&ws, ImportFormat::Doccano, &format!("{line}\n"));
    assert_eq!(
        reasons(&p.report.skipped),
        [
            "line 1, relation 1 -> \"2\": no entity \"2\" in this line (there is an entity 2: ids 2 and \"2\" differ)"
        ]
    );
    let project = landed(&ws, p);
    assert_eq!(
        linked_quotes(&project),
        [
            ("Alpha".to_owned(), "gamma".to_owned()),
            ("beta".to_owned(), "gamma".to_owned()),
        ]
    );
}

#[test]
fn an_entity_id_used_twice_in_a_line_is_reported_and_links_to_it_refused() {
    let (_dir, ws) = workspace();
    let line = serde_json::json!({
        "document": "a.txt",
        "entities": [
            {"id": 1, "label": "Claim", "start_offset": 0, "end_offset": 5},
            {"id": 1, "label": "Claim", "start_offset": 6, "end_offset": 10},
            {"id": 2, "label": "Claim", "start_offset": 11, "end_offset": 16},
        ],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "supports"}],
    });
    let p = plan(&ws, ImportFormat::Doccano, &format!("{line}\n"));
    assert_eq!(
        reasons(&p.report.skipped),
        [
            "line 1, entity 1: entity id 1 is used twice in this line",
            "line 1, relation 1 -> 2: entity id 1 is used twice in this line",
        ]
    );
    let project = landed(&ws, p);
    assert_eq!(project.annotations.len(), 2);
    assert!(project.links.is_empty());
}

/// A W3C text annotation of `source` at code points `start..end`.
fn w3c_span(id: &str, source: &str, start: usize, end: usize) -> serde_json::Value {
    serde_json::json!({
        "type": "Annotation",
        "id": id,
        "body": [{"type": "TextualBody", "purpose": "classifying", "value": "Claim"}],
        "target": {
            "source": source,
            "selector": {"type": "TextPositionSelector", "start": start, "end": end},
        },
    })
}

fn w3c_link(from: &str, to: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "Annotation",
        "motivation": "linking",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "supports"}, {"id": to}],
        "target": from,
    })
}

#[test]
fn w3c_duplicate_ids_are_reported_never_rebound() {
    let (_dir, ws) = workspace();
    let page = serde_json::json!({
        "type": "AnnotationPage",
        "items": [
            w3c_span("#x", "a.txt", 0, 5),
            w3c_span("#y", "a.txt", 6, 10),
            w3c_span("#x", "b.txt", 0, 7),
            w3c_link("#x", "#y"),
        ],
    });
    let p = plan(&ws, ImportFormat::W3c, &page.to_string());
    assert_eq!(
        reasons(&p.report.skipped),
        [
            "source b.txt, annotation 3: its id (#x) is an earlier span's id too; ids must be unique in the file",
            "annotation 4 (link): #x is the id of more than one span of the file: the link's end is ambiguous",
        ]
    );
    let project = landed(&ws, p);
    assert_eq!(project.annotations.len(), 2);
    assert!(project.links.is_empty());
}

#[test]
fn empty_spans_are_refused_with_a_reason_and_not_counted() {
    let (_dir, ws) = workspace();
    let text = r#"{"document": "a.txt", "label": [[3, 3, "Claim"], [0, 5, "Claim"]]}"#;
    let p = plan(&ws, ImportFormat::Doccano, text);
    assert_eq!(
        reasons(&p.report.skipped),
        ["line 1, label 1: an empty span (offsets 3..3): a span must cover at least one character"]
    );
    assert_eq!(p.report.annotations, 1);
    let project = landed(&ws, p);
    assert!(
        project
            .annotations
            .values()
            .all(|a| a.span.start < a.span.end)
    );
}

#[test]
fn blank_and_control_character_label_names_are_refused_and_case_matches() {
    let (_dir, ws) = workspace();
    let labels = serde_json::json!([
        [0, 5, ""],
        [0, 5, "  "],
        [0, 5, "a\u{1b}[31m"],
        [0, 5, "x\ny"],
        [0, 5, "\u{202e}mialC"],
        [6, 10, "claim"],
    ]);
    let line = serde_json::json!({"document": "a.txt", "label": labels});
    let p = plan(&ws, ImportFormat::Doccano, &format!("{line}\n"));
    let why = reasons(&p.report.skipped);
    assert_eq!(why.len(), 5, "{why:?}");
    assert!(why[0].ends_with("label \"\": a label name cannot be empty or blank"));
    assert!(why[1].contains("cannot be empty or blank"));
    for (reason, c) in why[2..].iter().zip(["\\u{1b}", "\\u{a}", "\\u{202e}"]) {
        assert!(
            reason.contains(&format!(
                "cannot hold control characters or line breaks (it has {c})"
            )),
            "{reason}"
        );
    }
    assert!(p.report.labels_added.is_empty());
    let project = landed(&ws, p);
    assert_eq!(project.labels, ws.project.labels, "\"claim\" is Claim");
}

#[test]
fn scores_outside_0_to_1_are_refused() {
    let (_dir, ws) = workspace();
    let prediction = |score: &str| {
        format!(
            r#"{{"model_version": "m", "score": {score}, "result": [{{"id": "r", "type": "labels", "from_name": "label", "value": {{"start": 0, "end": 5, "labels": ["Claim"]}}}}]}}"#
        )
    };
    let tasks = format!(
        r#"[{{"data": {{"document": "a.txt"}}, "predictions": [{}, {}, {}]}}]"#,
        prediction("1e39"),
        prediction("-5"),
        prediction("0.25"),
    );
    let p = plan(&ws, ImportFormat::LabelStudio, &tasks);
    assert_eq!(
        reasons(&p.report.skipped),
        [
            "task 1, prediction 1, region r: score inf is not a number between 0 and 1",
            "task 1, prediction 2, region r: score -5 is not a number between 0 and 1",
        ]
    );
    let project = landed(&ws, p);
    let scores: Vec<f32> = project
        .annotations
        .values()
        .filter_map(|a| a.suggester().map(|(_, s)| s))
        .collect();
    assert_eq!(scores, [0.25]);
}

#[test]
fn a_project_at_the_largest_id_refuses_an_import_with_a_clear_error() {
    let (_dir, mut ws) = workspace();
    let first = plan(
        &ws,
        ImportFormat::Doccano,
        r#"{"document": "a.txt", "label": [[0, 5, "Claim"]]}"#,
    );
    apply(&mut ws.project, first.edit).unwrap();
    let mut a = ws.project.annotations.pop_first().unwrap().1;
    a.id = AnnotationId(diptych::model::MAX_ID);
    ws.project.annotations.insert(a.id, a);
    let next = plan(
        &ws,
        ImportFormat::Doccano,
        r#"{"document": "b.txt", "label": [[0, 5, "Claim"]]}"#,
    );
    let err = apply(&mut ws.project.clone(), next.edit).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "id {} is above the largest id, {}",
            diptych::model::MAX_ID + 1,
            diptych::model::MAX_ID
        )
    );
}
