//! Imports: round trips through every importable format, files made by the
//! real tools (tests/data/export-fixture/reference/), and bad input.

mod common;

use common::{diptych, repo};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use diptych::io::export::{ExportOptions, Format, export};
use diptych::io::import::{
    ImportAs, ImportError, ImportFormat, ImportPlan, ImportSettings, ImportUnit, plan,
};
use diptych::io::workspace::Workspace;
use diptych::model::testing::marked;
use diptych::model::{AnnotationStatus, Project, Sentiment, apply};

fn fixture_dir() -> PathBuf {
    repo().join("tests/data/export-fixture")
}

fn reference(name: &str) -> PathBuf {
    fixture_dir().join("reference").join(name)
}

fn open(path: &Path) -> Workspace {
    Workspace::open_blocking(path).unwrap().0
}

fn fresh(folder: &Path) -> Workspace {
    Workspace::from_folder_blocking(folder).unwrap()
}

/// (document, byte start, byte end, label name, sentiment, target, note, suggested).
type Key = (
    String,
    usize,
    usize,
    String,
    Option<Sentiment>,
    Option<String>,
    String,
    bool,
);

/// What a format carries of each annotation.
#[derive(Clone, Copy)]
struct Carries {
    details: bool,
    status: bool,
}

fn keys(project: &Project, carries: Carries) -> BTreeSet<Key> {
    project
        .annotations
        .values()
        .map(|a| {
            (
                a.document.0.to_string(),
                a.span.start.0,
                a.span.end.0,
                project.labels.name_of(&a.label).to_owned(),
                a.sentiment.filter(|_| carries.details),
                a.target.clone().filter(|_| carries.details),
                if carries.details {
                    a.note.clone()
                } else {
                    String::new()
                },
                carries.status && a.status.is_suggested(),
            )
        })
        .collect()
}

/// A link end: (document, byte start, byte end).
type End = (String, usize, usize);

/// Links as (from span, to span, kind).
fn links(project: &Project) -> BTreeSet<(End, End, String)> {
    let end = |id| {
        let a = &project.annotations[&id];
        (a.document.0.to_string(), a.span.start.0, a.span.end.0)
    };
    project
        .links
        .values()
        .map(|l| (end(l.from), end(l.to), l.kind.name().to_owned()))
        .collect()
}

fn apply_plan(ws: &mut Workspace, plan: ImportPlan) {
    apply(&mut ws.project, plan.edit).unwrap();
}

/// Exports `source` as `format`, imports the file into a fresh project over
/// the same folder; returns the fresh project and the import report.
fn round_trip(
    source: &Workspace,
    format: Format,
    options: &ExportOptions,
    import: ImportFormat,
) -> (Workspace, diptych::io::import::ImportReport) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("out.{}", format.extension()));
    export(source, format, options, &out, &|_, _| {}).unwrap();
    let mut target = fresh(&source.corpus.root);
    let plan = plan(&target, import, &out, &ImportSettings::default()).unwrap();
    let report = plan.report.clone();
    apply_plan(&mut target, plan);
    (target, report)
}

fn with_suggestions() -> ExportOptions {
    ExportOptions {
        include_suggestions: true,
        ..ExportOptions::default()
    }
}

fn sources() -> [Workspace; 2] {
    [
        open(&repo().join("projects/seeds.ron")),
        open(&fixture_dir().join("fixture.ron")),
    ]
}

#[test]
fn jsonl_round_trip_keeps_everything() {
    for source in sources() {
        let (target, report) = round_trip(
            &source,
            Format::Jsonl,
            &with_suggestions(),
            ImportFormat::Jsonl,
        );
        assert!(report.is_complete(), "{report:?}");
        let all = Carries {
            details: true,
            status: true,
        };
        assert_eq!(keys(&target.project, all), keys(&source.project, all));
        assert_eq!(links(&target.project), links(&source.project));
        // Annotators, suggestion sources and document fields come back too.
        let who = |p: &Project| -> BTreeSet<(String, String)> {
            p.annotations
                .values()
                .map(|a| (a.annotator.to_string(), format!("{:?}", a.status)))
                .collect()
        };
        assert_eq!(who(&target.project), who(&source.project));
        for (id, record) in &source.project.documents {
            assert_eq!(target.project.documents[id].fields, record.fields, "{id}");
        }
    }
}

#[test]
fn label_studio_round_trip_keeps_spans_details_and_relations() {
    for source in sources() {
        let (target, report) = round_trip(
            &source,
            Format::LabelStudio,
            &with_suggestions(),
            ImportFormat::LabelStudio,
        );
        assert!(report.is_complete(), "{report:?}");
        let all = Carries {
            details: true,
            status: true,
        };
        assert_eq!(keys(&target.project, all), keys(&source.project, all));
        // Relations: links within one document and one group (annotation or prediction).
        let within: BTreeSet<_> = links(&source.project)
            .into_iter()
            .filter(|(a, b, _)| a.0 == b.0)
            .filter(|(a, b, _)| {
                let status = |end: &End| {
                    source
                        .project
                        .annotations
                        .values()
                        .find(|x| {
                            x.document.as_str() == end.0
                                && x.span.start.0 == end.1
                                && x.span.end.0 == end.2
                        })
                        .unwrap()
                        .status
                        .clone()
                };
                status(a) == status(b)
            })
            .collect();
        assert_eq!(links(&target.project), within);
        // Predictions come back as suggestions of their model_version.
        let sources: BTreeSet<String> = target
            .project
            .annotations
            .values()
            .filter_map(|a| match &a.status {
                AnnotationStatus::Suggested { source, .. } => Some(source.to_string()),
                AnnotationStatus::Accepted => None,
            })
            .collect();
        let expected: BTreeSet<String> = source
            .project
            .annotations
            .values()
            .filter_map(|a| match &a.status {
                AnnotationStatus::Suggested { source, .. } => Some(source.to_string()),
                AnnotationStatus::Accepted => None,
            })
            .collect();
        assert_eq!(sources, expected);
    }
}

#[test]
fn doccano_round_trip_in_both_forms_and_every_unit() {
    let spans_only = Carries {
        details: false,
        status: false,
    };
    for source in sources() {
        let (target, report) = round_trip(
            &source,
            Format::Doccano,
            &with_suggestions(),
            ImportFormat::Doccano,
        );
        assert!(report.is_complete(), "{report:?}");
        assert_eq!(
            keys(&target.project, spans_only),
            keys(&source.project, spans_only)
        );
        assert!(target.project.links.is_empty());
        let relations = ExportOptions {
            relations: true,
            ..with_suggestions()
        };
        let (target, report) =
            round_trip(&source, Format::Doccano, &relations, ImportFormat::Doccano);
        assert!(report.is_complete(), "{report:?}");
        assert_eq!(
            keys(&target.project, spans_only),
            keys(&source.project, spans_only)
        );
        let within: BTreeSet<_> = links(&source.project)
            .into_iter()
            .filter(|(a, b, _)| a.0 == b.0)
            .collect();
        assert_eq!(links(&target.project), within);
        // The file says its unit; code points and bytes come back as well.
        for unit in [
            diptych::model::OffsetUnit::Codepoint,
            diptych::model::OffsetUnit::Byte,
        ] {
            let options = ExportOptions {
                offsets: Some(unit),
                ..with_suggestions()
            };
            let (target, _) = round_trip(&source, Format::Doccano, &options, ImportFormat::Doccano);
            assert_eq!(
                keys(&target.project, spans_only),
                keys(&source.project, spans_only)
            );
        }
    }
}

#[test]
fn w3c_round_trip_keeps_everything_it_carries() {
    for source in sources() {
        let (target, report) =
            round_trip(&source, Format::W3c, &with_suggestions(), ImportFormat::W3c);
        assert!(report.is_complete(), "{report:?}");
        let all = Carries {
            details: true,
            status: true,
        };
        assert_eq!(keys(&target.project, all), keys(&source.project, all));
        assert_eq!(links(&target.project), links(&source.project));
        let stamps = |p: &Project| -> BTreeSet<(String, String)> {
            p.annotations
                .values()
                .map(|a| (a.annotator.to_string(), a.created.to_string()))
                .collect()
        };
        assert_eq!(stamps(&target.project), stamps(&source.project));
    }
}

#[test]
fn importing_twice_adds_nothing_the_second_time() {
    let source = open(&fixture_dir().join("fixture.ron"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.jsonl");
    export(
        &source,
        Format::Jsonl,
        &with_suggestions(),
        &out,
        &|_, _| {},
    )
    .unwrap();
    let mut target = fresh(&source.corpus.root);
    let first = plan(
        &target,
        ImportFormat::Jsonl,
        &out,
        &ImportSettings::default(),
    )
    .unwrap();
    apply_plan(&mut target, first);
    let again = plan(
        &target,
        ImportFormat::Jsonl,
        &out,
        &ImportSettings::default(),
    )
    .unwrap();
    assert_eq!(again.report.annotations, 0);
    assert_eq!(again.report.links, 0);
    assert_eq!(
        again.report.duplicates,
        source.project.annotations.len() + source.project.links.len()
    );
}

#[test]
fn two_annotators_marking_the_same_span_stay_two_annotations() {
    let source = open(&fixture_dir().join("fixture.ron"));
    let mut target = fresh(&source.corpus.root);
    let doc = target.project.documents.keys().next().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.jsonl");
    let span = |id: &str, who: &str| serde_json::json!({"id": id, "start": 0, "end": 5, "label": "Claim", "annotator": who});
    let spans = [span("1", "alice"), span("2", "bob"), span("3", "alice")];
    let line = serde_json::json!({"id": doc.0, "spans": spans});
    fs::write(&file, format!("{line}\n")).unwrap();
    let planned = plan(
        &target,
        ImportFormat::Jsonl,
        &file,
        &ImportSettings::default(),
    )
    .unwrap();
    assert_eq!(planned.report.annotations, 2, "alice's and bob's are two");
    assert_eq!(
        planned.report.duplicates, 1,
        "alice's second is the same as her first"
    );
    apply_plan(&mut target, planned);
    let who: Vec<&str> = target
        .project
        .annotations
        .values()
        .map(|a| &*a.annotator)
        .collect();
    assert_eq!(who, ["alice", "bob"]);
}

#[test]
fn as_suggestions_marks_everything_with_the_import_source() {
    let source = open(&fixture_dir().join("fixture.ron"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.json");
    export(
        &source,
        Format::LabelStudio,
        &ExportOptions::default(),
        &out,
        &|_, _| {},
    )
    .unwrap();
    let target = fresh(&source.corpus.root);
    let settings = ImportSettings {
        mode: ImportAs::Suggestions,
        ..ImportSettings::default()
    };
    let mut target = target;
    let plan = plan(&target, ImportFormat::LabelStudio, &out, &settings).unwrap();
    assert_eq!(plan.report.suggestions, plan.report.annotations);
    apply_plan(&mut target, plan);
    for a in target.project.annotations.values() {
        assert_eq!(
            a.status,
            AnnotationStatus::Suggested {
                source: "import:label-studio".into(),
                score: 1.0
            }
        );
        assert_eq!(&*a.annotator, "label-studio");
    }
    // One annotator's name and one source, shared by every annotation.
    let all: Vec<_> = target.project.annotations.values().collect();
    assert!(all.len() > 1);
    let source = |a: &diptych::model::Annotation| match &a.status {
        AnnotationStatus::Suggested { source, .. } => std::sync::Arc::clone(source),
        AnnotationStatus::Accepted => unreachable!(),
    };
    for a in &all[1..] {
        assert!(std::sync::Arc::ptr_eq(&a.annotator, &all[0].annotator));
        assert!(std::sync::Arc::ptr_eq(&source(a), &source(all[0])));
    }
}

/// A project over the texts of the reference files (one .txt per distinct text).
fn reference_workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs");
    fs::create_dir_all(&folder).unwrap();
    let tasks: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(reference("label-studio/import_with_predictions.json")).unwrap(),
    )
    .unwrap();
    let mut texts: Vec<String> = Vec::new();
    for task in tasks.as_array().unwrap() {
        let text = task["data"]["text"].as_str().unwrap().to_owned();
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    for (i, text) in texts.iter().enumerate() {
        fs::write(folder.join(format!("t{i}.txt")), text).unwrap();
    }
    let ws = fresh(&folder);
    (dir, ws)
}

fn quotes(ws: &Workspace, plan: ImportPlan) -> Vec<(String, String)> {
    let mut ws = ws.clone();
    apply_plan(&mut ws, plan);
    let mut out: Vec<(String, String)> = ws
        .project
        .annotations
        .values()
        .map(|a| {
            (
                ws.project.labels.name_of(&a.label).to_owned(),
                a.quote.exact().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn label_studio_files_from_the_real_tool() {
    let (_dir, ws) = reference_workspace();
    let reference_spans: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(reference("doccano/multibyte_offsets_reference.json")).unwrap(),
    )
    .unwrap();
    let expected: BTreeSet<(String, String)> = reference_spans["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The import shape: predictions become suggestions, matched by identical text.
    let p = plan(
        &ws,
        ImportFormat::LabelStudio,
        &reference("label-studio/import_with_predictions.json"),
        &ImportSettings::default(),
    )
    .unwrap();
    assert!(p.report.is_complete(), "{:?}", p.report);
    assert_eq!(
        (
            p.report.matched_by_text,
            p.report.suggestions,
            p.report.annotations
        ),
        (3, 8, 9)
    );
    let got: BTreeSet<_> = quotes(&ws, p).into_iter().collect();
    assert!(expected.is_subset(&got), "{got:?}");
    // Its JSON export: annotations with completed_by, predictions as mere ids.
    let p = plan(
        &ws,
        ImportFormat::LabelStudio,
        &reference("label-studio/export_JSON.json"),
        &ImportSettings::default(),
    )
    .unwrap();
    assert!(p.report.is_complete(), "{:?}", p.report);
    assert_eq!((p.report.annotations, p.report.suggestions), (9, 0));
    let mut with = ws.clone();
    apply_plan(&mut with, p);
    assert!(
        with.project
            .annotations
            .values()
            .all(|a| &*a.annotator == "label-studio:user:1")
    );
    // UTF-16 offsets (a file Label Studio mis-stores) are caught by their text, with a hint.
    let p = plan(
        &ws,
        ImportFormat::LabelStudio,
        &reference("label-studio/negative-tests/bad_utf16_offsets.json"),
        &ImportSettings::default(),
    )
    .unwrap();
    assert_eq!(p.report.skipped.len(), 5, "{:?}", p.report.skipped);
    assert!(
        p.report.skipped[0].reason.contains("try --offsets utf16"),
        "{}",
        p.report.skipped[0]
    );
    assert_eq!(
        p.report.skipped[0].record,
        "task 1, prediction 1, region p2"
    );
    // Not JSON: file, line and column.
    let err = plan(
        &ws,
        ImportFormat::LabelStudio,
        &reference("label-studio/negative-tests/bad_not_json.json"),
        &ImportSettings::default(),
    )
    .unwrap_err();
    assert_eq!(err.position(), Some((1, 29)));
    assert!(
        err.to_string().contains("bad_not_json.json:1:29: "),
        "{err}"
    );
}

#[test]
fn doccano_files_from_the_real_tool_in_utf16_and_grapheme_mode() {
    let (_dir, ws) = reference_workspace();
    let utf16 = plan(
        &ws,
        ImportFormat::Doccano,
        &reference("doccano/export_JSONL_ui_annotated_utf16_default__admin.jsonl"),
        &ImportSettings::default(),
    )
    .unwrap();
    let grapheme = plan(
        &ws,
        ImportFormat::Doccano,
        &reference("doccano/export_JSONL_ui_annotated_grapheme_mode__admin.jsonl"),
        &ImportSettings {
            offsets: Some(ImportUnit::Grapheme),
            ..ImportSettings::default()
        },
    )
    .unwrap();
    assert!(utf16.report.is_complete() && grapheme.report.is_complete());
    // The same three selections made in the two modes give the same spans.
    let a = quotes(&ws, utf16);
    assert_eq!(a, quotes(&ws, grapheme));
    assert_eq!(a.len(), 3);
    assert!(
        a.contains(&("Positive".into(), "taxpayers 🎉".into())),
        "{a:?}"
    );
    // The grapheme file read as UTF-16 (the default) does not fit: reported, not guessed.
    let wrong = plan(
        &ws,
        ImportFormat::Doccano,
        &reference("doccano/export_JSONL_ui_annotated_grapheme_mode__admin.jsonl"),
        &ImportSettings::default(),
    )
    .unwrap();
    assert!(!wrong.report.skipped.is_empty());
    // doccano's own export and import sample, matched by text.
    for file in [
        "doccano/export_JSONL__admin.jsonl",
        "doccano/import_sample.jsonl",
    ] {
        let p = plan(
            &ws,
            ImportFormat::Doccano,
            &reference(file),
            &ImportSettings::default(),
        )
        .unwrap();
        assert!(p.report.is_complete(), "{file}: {:?}", p.report);
        assert_eq!(p.report.matched_by_text, 3, "{file}");
        let got: BTreeSet<_> = quotes(&ws, p).into_iter().collect();
        assert!(
            got.contains(&("Positive".into(), "a win for taxpayers 🎉".into())),
            "{file}: {got:?}"
        );
    }
}

#[test]
fn unmatched_records_are_reported_not_dropped() {
    let (dir, ws) = reference_workspace();
    let file = dir.path().join("x.jsonl");
    // The third record has a document's text: its first span fits it (ASCII,
    // so bytes are UTF-16 units), the second ends past the text, the third is no span.
    let (text, spans) = marked("Plain ASCII task. [The minister said taxes will fall next year].");
    let (start, end) = (spans[0].start.0, spans[0].end.0);
    let third = serde_json::json!({
        "text": text,
        "label": [[start, end, "Claim"], [50, 999, "Claim"], ["x"]],
    });
    fs::write(
        &file,
        format!(
            "{}\n{}\n{third}\n",
            r#"{"text":"A text no document has.","label":[[0,1,"Claim"]]}"#,
            r#"{"document":"nope.txt","text":"Also unknown.","label":[]}"#,
        ),
    )
    .unwrap();
    let p = plan(
        &ws,
        ImportFormat::Doccano,
        &file,
        &ImportSettings::default(),
    )
    .unwrap();
    let r = &p.report;
    assert_eq!((r.records, r.matched_by_text, r.annotations), (3, 1, 1));
    assert_eq!(r.unmatched.len(), 2);
    assert_eq!(r.unmatched[0].record, "line 1");
    assert!(
        r.unmatched[0]
            .reason
            .contains("no document has the record's text"),
        "{}",
        r.unmatched[0]
    );
    assert!(
        r.unmatched[1].reason.contains("no document \"nope.txt\""),
        "{}",
        r.unmatched[1]
    );
    assert_eq!(r.skipped.len(), 2, "{:?}", r.skipped);
    assert!(r.skipped[0].reason.contains("do not fit the text"));
    assert!(
        r.skipped[1]
            .reason
            .contains("expected [start, end, \"LABEL\"]")
    );
    assert_eq!(
        quotes(&ws, p),
        [(
            "Claim".to_owned(),
            "The minister said taxes will fall next year".to_owned()
        )]
    );
}

#[test]
fn bad_json_lines_name_file_line_and_column() {
    let (dir, ws) = reference_workspace();
    let file = dir.path().join("bad.jsonl");
    fs::write(
        &file,
        "{\"text\": \"ok\"}\n\n{\"text\": \"ok\", \"label\": [[0, 1, \"A\"]]\n",
    )
    .unwrap();
    let err = plan(
        &ws,
        ImportFormat::Doccano,
        &file,
        &ImportSettings::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Json { line: 3, .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:3:", file.display())),
        "{err}"
    );
    let err = plan(
        &ws,
        ImportFormat::Jsonl,
        &dir.path().join("missing.jsonl"),
        &ImportSettings::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("cannot read"), "{err}");
    let err = plan(
        &ws,
        ImportFormat::W3c,
        &reference("label-studio/import_with_predictions.json"),
        &ImportSettings::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("annotation 1: expected a W3C Annotation"),
        "{err}"
    );
}

#[test]
fn w3c_reanchors_a_drifted_position_by_its_quote() {
    let source = open(&fixture_dir().join("fixture.ron"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.jsonld");
    export(
        &source,
        Format::W3c,
        &ExportOptions::default(),
        &out,
        &|_, _| {},
    )
    .unwrap();
    // Shift every position by 3, as if the text had changed before them.
    let mut doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    for item in doc["first"]["items"].as_array_mut().unwrap() {
        if let Some(selectors) = item["target"]
            .as_object_mut()
            .and_then(|t| t.get_mut("selector"))
            .and_then(|s| s.as_array_mut())
        {
            for key in ["start", "end"] {
                let v = selectors[1][key].as_u64().unwrap();
                selectors[1][key] = (v + 3).into();
            }
        }
    }
    fs::write(&out, serde_json::to_string(&doc).unwrap()).unwrap();
    let target = fresh(&source.corpus.root);
    let p = plan(&target, ImportFormat::W3c, &out, &ImportSettings::default()).unwrap();
    assert!(p.report.is_complete(), "{:?}", p.report);
    let mut target = target;
    apply_plan(&mut target, p);
    let accepted = Carries {
        details: true,
        status: false,
    };
    let only_accepted = |p: &Project| -> BTreeSet<Key> {
        let mut p = p.clone();
        p.annotations.retain(|_, a| !a.status.is_suggested());
        keys(&p, accepted)
    };
    assert_eq!(
        only_accepted(&target.project),
        only_accepted(&source.project)
    );
}

// The command line, as a user runs it.

#[test]
fn cli_export_then_import_into_a_new_project() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let seeds = repo().join("seeds").to_string_lossy().into_owned();
    let project = repo()
        .join("projects/seeds.ron")
        .to_string_lossy()
        .into_owned();
    let out = diptych(&[
        "export",
        &project,
        "--format",
        "jsonl",
        "-o",
        &p("s.jsonl"),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["spans"], 45);
    assert_eq!(report["offset_unit"], "codepoint");
    let out = diptych(&["new", &seeds, "-o", &p("fresh.ron")]);
    assert!(out.status.success());
    let before = fs::read(p("fresh.ron")).unwrap();
    let out = diptych(&[
        "import",
        &p("fresh.ron"),
        "--format",
        "jsonl",
        &p("s.jsonl"),
        "--dry-run",
    ]);
    assert!(out.status.success());
    assert_eq!(
        fs::read(p("fresh.ron")).unwrap(),
        before,
        "a dry run changes nothing"
    );
    let out = diptych(&[
        "import",
        &p("fresh.ron"),
        "--format",
        "jsonl",
        &p("s.jsonl"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("45 annotation(s) (0 suggestion(s)) and 20 link(s) imported"),
        "{stdout}"
    );
    assert!(
        Path::new(&p("fresh.ron.bak")).exists(),
        "the previous file is kept"
    );
    let out = diptych(&["stats", &p("fresh.ron"), "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["links"], 20);
    assert_eq!(stats["annotations"]["Claim"], 40);
    // Every export format runs from the command line.
    for format in Format::ALL {
        let target = p(&format!("all-{format}"));
        let out = diptych(&[
            "export",
            &project,
            "--format",
            format.name(),
            "-o",
            &target,
            "--include-suggestions",
        ]);
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn cli_import_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let seeds = repo().join("seeds").to_string_lossy().into_owned();
    assert!(
        diptych(&["new", &seeds, "-o", &p("fresh.ron")])
            .status
            .success()
    );
    // Some records unmatched: exit 1, the rest imported and listed.
    fs::write(
        p("x.jsonl"),
        "{\"text\": \"nothing like it\", \"label\": [[0, 3, \"Claim\"]]}\n",
    )
    .unwrap();
    let out = diptych(&[
        "import",
        &p("fresh.ron"),
        "--format",
        "doccano",
        &p("x.jsonl"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("unmatched: line 1"));
    // Broken JSON: exit 2, file:line:column, the project untouched.
    let before = fs::read(p("fresh.ron")).unwrap();
    fs::write(p("bad.json"), "[{\"data\": {\"text\": \"oops\"}, ]").unwrap();
    let out = diptych(&[
        "import",
        &p("fresh.ron"),
        "--format",
        "label-studio",
        &p("bad.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.json:1:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read(p("fresh.ron")).unwrap(), before);
    // The file is parsed while the project is read: when both are wrong,
    // the project's error is the one told.
    let out = diptych(&[
        "import",
        &p("missing.ron"),
        "--format",
        "label-studio",
        &p("bad.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(
        told.contains("missing.ron") && !told.contains("bad.json"),
        "{told}"
    );
    // Unknown format and unit are refused by the parser.
    let out = diptych(&["import", &p("fresh.ron"), "--format", "xml", &p("bad.json")]);
    assert_eq!(out.status.code(), Some(2));
    let out = diptych(&[
        "export",
        &p("fresh.ron"),
        "--format",
        "w3c",
        "--offsets",
        "utf16",
        "-o",
        &p("w"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("code"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
