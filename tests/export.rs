//! Every export format, on the sample project and on a fixture of hard text
//! (emoji ZWJ sequences, combining marks, CJK, curly quotes, a CRLF file):
//! golden files (insta, `tests/snapshots/`), the invariants each format
//! promises, and refusals.
//!
//! `UPDATE_FIXTURE=1 cargo test --test export fixture` rewrites the fixture
//! project from the spec below; `INSTA_UPDATE=always` (or `cargo insta
//! review`) refreshes the golden files.

mod common;

use common::repo;
use std::fs;
use std::path::{Path, PathBuf};

use diptych::io::export::{ExportError, ExportOptions, ExportReport, Format, export};
use diptych::io::project_file;
use diptych::io::target::TargetError;
use diptych::io::workspace::Workspace;
use diptych::model::{
    Annotation, AnnotationId, AnnotationStatus, DocFields, DocStatus, DocumentId, Edit, Label,
    LabelId, Link, LinkId, LinkKind, OffsetUnit, Rgb, Sentiment, Span, apply,
};
use serde_json::Value;

fn fixture_dir() -> PathBuf {
    repo().join("tests/data/export-fixture")
}

fn open(path: &Path) -> Workspace {
    let (ws, report) = Workspace::open_blocking(path).unwrap();
    assert!(report.is_clean(), "{report:?}");
    ws
}

fn seeds() -> Workspace {
    open(&repo().join("projects/seeds.ron"))
}

fn fixture() -> Workspace {
    open(&fixture_dir().join("fixture.ron"))
}

/// One span of the fixture: (document, quote, label, sentiment, target, note, annotator, suggestion).
type SpanSpec = (
    &'static str,
    &'static str,
    &'static str,
    Option<Sentiment>,
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<(&'static str, f32)>,
);

const SPANS: [SpanSpec; 14] = [
    (
        "family.txt",
        "A family 👩‍👩‍👧 moved to Cafe\u{301} Street",
        "Claim",
        Some(Sentiment::Positive),
        Some("the family"),
        "",
        "ana",
        None,
    ),
    (
        "family.txt",
        "“we’re thrilled”",
        "Claim",
        Some(Sentiment::Positive),
        Some("the mayor"),
        "Quote with curly\tquotes;\nsecond line",
        "ana",
        None,
    ),
    (
        "family.txt",
        "=SUM(A1) is not a budget",
        "Claim",
        Some(Sentiment::Negative),
        None,
        "=HYPERLINK(\"http://example.com\")",
        "+bob",
        None,
    ),
    (
        "family.txt",
        "-5% is not growth",
        "Claim",
        Some(Sentiment::Negative),
        None,
        "",
        "bob",
        None,
    ),
    (
        "family.txt",
        "Disclaimer: this article is not financial advice.",
        "Disclaimer",
        None,
        None,
        "",
        "rules",
        Some(("rule:disclaimer", 0.9)),
    ),
    (
        "family.txt",
        "the mayor said “we’re thrilled”.\nCritics disagreed",
        "Hedged claim",
        Some(Sentiment::Mixed),
        None,
        "crosses a line break",
        "ana",
        None,
    ),
    (
        "crlf.txt",
        "OpenAI signed a deal with AWS",
        "Claim",
        Some(Sentiment::Neutral),
        Some("OpenAI"),
        "",
        "ana",
        None,
    ),
    (
        "crlf.txt",
        "@analyst wrote: +1 for the Pentagon’s plan.",
        "Claim",
        Some(Sentiment::Positive),
        Some("the Pentagon"),
        "",
        "ana",
        None,
    ),
    (
        "crlf.txt",
        "“several million dollars” 📈",
        "Claim",
        Some(Sentiment::Neutral),
        None,
        "",
        "ana",
        None,
    ),
    (
        "crlf.txt",
        "wo sources said",
        "Boilerplate",
        None,
        None,
        "starts inside a word",
        "ana",
        None,
    ),
    (
        "notes/cjk.md",
        "OpenAI 表示“合作顺利”。",
        "Claim",
        Some(Sentiment::Positive),
        Some("OpenAI"),
        "",
        "li",
        None,
    ),
    (
        "notes/cjk.md",
        "市场有风险，投资需谨慎。",
        "Disclaimer",
        None,
        None,
        "",
        "li",
        None,
    ),
    (
        "notes/cjk.md",
        "本文不构成个人投资建议。",
        "Disclaimer",
        None,
        None,
        "",
        "rules",
        Some(("rule:disclaimer", 0.75)),
    ),
    (
        "notes/cjk.md",
        "市场报道",
        "Boilerplate",
        None,
        None,
        "title",
        "li",
        Some(("rule:boilerplate", 0.5)),
    ),
];

/// Links of the fixture, as 1-based indexes into `SPANS`.
const LINKS: [(u64, u64, LinkKind); 6] = [
    (1, 2, LinkKind::Supports),
    (3, 4, LinkKind::SameClaim),
    (7, 11, LinkKind::Supports),
    (8, 2, LinkKind::Contradicts),
    (12, 13, LinkKind::SameClaim),
    (5, 12, LinkKind::SameClaim),
];

/// Builds the fixture project from the spec above, over the fixture corpus.
fn build_fixture() -> Workspace {
    let mut ws = Workspace::from_folder_blocking(&fixture_dir().join("corpus")).unwrap();
    ws.project.name = "Export fixture: emoji, combining marks, CJK, curly quotes, CRLF".into();
    ws.project.corpus_root = "corpus".into();
    let when: jiff::Timestamp = "2026-11-22T08:00:00Z".parse().unwrap();
    let mut edits = vec![Edit::AddLabel {
        label: Label {
            id: LabelId::from("hedged-claim"),
            name: "Hedged claim".into(),
            color: Rgb([0x6b, 0xb3, 0x6b]),
            key: Some(4),
        },
        index: 3,
    }];
    for (i, (doc, quote, label, sentiment, target, note, annotator, suggested)) in
        SPANS.iter().enumerate()
    {
        let id = DocumentId::from(*doc);
        let text = &ws.corpus.get(&id).unwrap().text();
        let start = text
            .find(quote)
            .unwrap_or_else(|| panic!("{quote:?} in {doc}"));
        let span = Span::new(text, start, start + quote.len()).unwrap();
        let label = ws
            .project
            .labels
            .by_name(label)
            .map_or_else(|| LabelId::from("hedged-claim"), |l| l.id.clone());
        edits.push(Edit::AddAnnotation(Box::new(Annotation {
            sentiment: *sentiment,
            target: target.map(str::to_owned),
            note: (*note).to_owned(),
            status: suggested.map_or(AnnotationStatus::Accepted, |(source, score)| {
                AnnotationStatus::Suggested {
                    source: source.into(),
                    score,
                }
            }),
            ..Annotation::new(
                AnnotationId(i as u64 + 1),
                id,
                text,
                span,
                label,
                *annotator,
                when,
            )
        })));
    }
    for (i, (from, to, kind)) in LINKS.iter().enumerate() {
        edits.push(Edit::AddLink(Link {
            id: LinkId(i as u64 + 1),
            from: AnnotationId(*from),
            to: AnnotationId(*to),
            kind: *kind,
            note: if i == 0 {
                "same speaker".into()
            } else {
                String::new()
            },
        }));
    }
    edits.push(Edit::SetDocFields {
        document: DocumentId::from("family.txt"),
        fields: DocFields {
            sentiment: Some(Sentiment::Mixed),
            status: DocStatus::Done,
            note: "Emoji ZWJ family, combining acute, curly quotes, formula-like cells.".into(),
        },
    });
    edits.push(Edit::SetDocFields {
        document: DocumentId::from("crlf.txt"),
        fields: DocFields {
            sentiment: None,
            status: DocStatus::InProgress,
            note: String::new(),
        },
    });
    apply(&mut ws.project, Edit::Batch(edits)).unwrap();
    ws
}

#[test]
fn fixture_project_matches_its_spec() {
    let built = build_fixture();
    let ron = project_file::to_ron_with_view(&built.project, &built.view);
    let path = fixture_dir().join("fixture.ron");
    if std::env::var_os("UPDATE_FIXTURE").is_some() {
        fs::write(&path, &ron).unwrap();
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed, ron,
        "tests/data/export-fixture/fixture.ron is stale: rerun with UPDATE_FIXTURE=1"
    );
    // The CRLF file really has CRLF on disk (git must not normalise it).
    let raw = fs::read(fixture_dir().join("corpus/crlf.txt")).unwrap();
    assert!(raw.windows(2).any(|w| w == b"\r\n"));
}

/// Exports `ws` as `format` into a temp folder; returns the report and the folder.
fn run(
    ws: &Workspace,
    format: Format,
    options: &ExportOptions,
) -> (ExportReport, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = if format.writes_folder() {
        dir.path().join("out")
    } else {
        dir.path().join(format!("out.{}", format.extension()))
    };
    let report = export(ws, format, options, &out, &|_, _| {}).unwrap();
    (report, dir)
}

fn all_options() -> ExportOptions {
    ExportOptions {
        include_suggestions: true,
        ..ExportOptions::default()
    }
}

/// The text of every file an export wrote, named by its path in the folder
/// (Parquet files dumped row by row).
fn written(report: &ExportReport, dir: &Path) -> String {
    let mut out = String::new();
    for file in &report.files {
        let name = file
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!("===== {name}\n"));
        if name.ends_with(".parquet") {
            out.push_str(&dump_parquet(file));
        } else {
            out.push_str(&fs::read_to_string(file).unwrap());
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("===== report\n");
    let mut summary = serde_json::to_value(report).unwrap();
    summary.as_object_mut().unwrap().remove("files");
    out.push_str(&serde_json::to_string_pretty(&summary).unwrap());
    out.push('\n');
    out
}

fn dump_parquet(path: &Path) -> String {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(fs::File::open(path).unwrap()).unwrap();
    let meta = reader.metadata().file_metadata();
    let mut out = "schema:\n".to_owned();
    parquet::schema::printer::print_schema(&mut Sink(&mut out), meta.schema());
    out.push_str(&format!(
        "rows: {}\nkey-value: {:?}\n",
        meta.num_rows(),
        meta.key_value_metadata().map(|kv| kv
            .iter()
            .map(|k| (k.key.clone(), k.value.clone()))
            .collect::<Vec<_>>())
    ));
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let cells: Vec<String> = row
            .get_column_iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        out.push_str(&cells.join(", "));
        out.push('\n');
    }
    out
}

struct Sink<'a>(&'a mut String);

impl std::io::Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.push_str(&String::from_utf8_lossy(buf));
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn golden_files_of_every_format() {
    let cases = [("seeds", seeds()), ("fixture", fixture())];
    for (name, ws) in &cases {
        for format in Format::ALL {
            let (report, dir) = run(ws, format, &all_options());
            insta::assert_snapshot!(format!("{name}-{format}"), written(&report, dir.path()));
        }
        let relations = ExportOptions {
            relations: true,
            ..all_options()
        };
        let (report, dir) = run(ws, Format::Doccano, &relations);
        insta::assert_snapshot!(
            format!("{name}-doccano-relations"),
            written(&report, dir.path())
        );
    }
}

fn jsonl_lines(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `text[start:end]` with offsets in `unit`, as Python (code points),
/// JavaScript (UTF-16) or bytes would slice it.
fn slice(text: &str, start: usize, end: usize, unit: OffsetUnit) -> String {
    match unit {
        OffsetUnit::Codepoint => text.chars().skip(start).take(end - start).collect(),
        OffsetUnit::Utf16 => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&units[start..end]).unwrap()
        }
        OffsetUnit::Byte => text[start..end].to_owned(),
    }
}

#[test]
fn jsonl_span_text_is_the_slice_in_every_unit() {
    for ws in [seeds(), fixture()] {
        for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16, OffsetUnit::Byte] {
            let options = ExportOptions {
                offsets: Some(unit),
                ..all_options()
            };
            let (report, _dir) = run(&ws, Format::Jsonl, &options);
            assert_eq!(report.offset_unit, Some(unit));
            let mut spans = 0;
            for line in jsonl_lines(&report.files[0]) {
                assert_eq!(line["offset_unit"], unit.to_string());
                let text = line["text"].as_str().unwrap();
                for span in line["spans"].as_array().unwrap() {
                    let (s, e) = (
                        span["start"].as_u64().unwrap(),
                        span["end"].as_u64().unwrap(),
                    );
                    assert_eq!(
                        slice(text, s as usize, e as usize, unit),
                        span["text"].as_str().unwrap()
                    );
                    spans += 1;
                }
            }
            assert_eq!(spans, ws.project.annotations.len());
        }
    }
}

#[test]
fn crlf_source_exports_decoded_text() {
    let (report, _dir) = run(&fixture(), Format::Jsonl, &all_options());
    let lines = jsonl_lines(&report.files[0]);
    let crlf = lines.iter().find(|l| l["id"] == "crlf.txt").unwrap();
    let text = crlf["text"].as_str().unwrap();
    assert!(!text.contains('\r') && text.contains('\n'));
    assert_eq!(crlf["status"], "in-progress");
    let family = lines.iter().find(|l| l["id"] == "family.txt").unwrap();
    assert_eq!(family["sentiment"], "mixed");
    // A link is listed on the line of its `from` span's document.
    let links = family["links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .any(|l| l["kind"] == "same-claim" && l["to_document"] == "notes/cjk.md")
    );
}

#[test]
fn doccano_counts_utf16_by_default() {
    let ws = fixture();
    let (report, _dir) = run(&ws, Format::Doccano, &all_options());
    assert_eq!(report.offset_unit, Some(OffsetUnit::Utf16));
    let jsonl = run(&ws, Format::Jsonl, &all_options());
    let by_id: Vec<Value> = jsonl_lines(&jsonl.0.files[0]);
    for line in jsonl_lines(&report.files[0]) {
        assert_eq!(line["offset_unit"], "utf16");
        let text = line["text"].as_str().unwrap();
        let ours = by_id.iter().find(|l| l["id"] == line["document"]).unwrap();
        let quotes: Vec<&str> = ours["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        for item in line["label"].as_array().unwrap() {
            let (s, e) = (
                item[0].as_u64().unwrap() as usize,
                item[1].as_u64().unwrap() as usize,
            );
            assert!(quotes.contains(&slice(text, s, e, OffsetUnit::Utf16).as_str()));
        }
    }
}

#[test]
fn csv_neutralises_formulas_and_keeps_columns() {
    let (report, _dir) = run(&fixture(), Format::Csv, &all_options());
    let mut reader = csv::Reader::from_path(&report.files[0]).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
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
            "status"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), SPANS.len());
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    let texts: Vec<&str> = rows.iter().map(|r| &r[6]).collect();
    assert!(texts.contains(&"'=SUM(A1) is not a budget"));
    assert!(texts.contains(&"'-5% is not growth"));
    assert!(texts.contains(&"'@analyst wrote: +1 for the Pentagon’s plan."));
    assert!(rows.iter().any(|r| &r[10] == "'+bob"));
}

#[test]
fn label_studio_results_match_the_config() {
    for ws in [seeds(), fixture()] {
        let (report, _dir) = run(&ws, Format::LabelStudio, &all_options());
        let config = fs::read_to_string(&report.files[1]).unwrap();
        let tasks: Vec<Value> =
            serde_json::from_str(&fs::read_to_string(&report.files[0]).unwrap()).unwrap();
        assert_eq!(tasks.len(), ws.project.documents.len());
        for task in &tasks {
            let text = task["data"]["text"].as_str().unwrap();
            let groups = task["annotations"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(task["predictions"].as_array().into_iter().flatten());
            for group in groups {
                let result = group["result"].as_array().unwrap();
                let ids: Vec<&str> = result.iter().filter_map(|r| r["id"].as_str()).collect();
                for r in result {
                    if r["type"] == "relation" {
                        assert!(ids.contains(&r["from_id"].as_str().unwrap()));
                        assert!(ids.contains(&r["to_id"].as_str().unwrap()));
                        assert!(config.contains(&format!(
                            "<Relation value=\"{}\"/>",
                            r["labels"][0].as_str().unwrap()
                        )));
                        continue;
                    }
                    assert!(
                        config.contains(&format!(
                            "name=\"{}\" toName=\"{}\"",
                            r["from_name"].as_str().unwrap(),
                            r["to_name"].as_str().unwrap()
                        )),
                        "{r}"
                    );
                    let (s, e) = (
                        r["value"]["start"].as_u64().unwrap() as usize,
                        r["value"]["end"].as_u64().unwrap() as usize,
                    );
                    if r["type"] == "labels" {
                        assert_eq!(
                            slice(text, s, e, OffsetUnit::Codepoint),
                            r["value"]["text"].as_str().unwrap()
                        );
                        let label = r["value"]["labels"][0].as_str().unwrap();
                        assert!(
                            config.contains(&format!("<Label value=\"{label}\"/>")),
                            "{label}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn brat_offsets_index_the_txt() {
    let (report, dir) = run(&fixture(), Format::Brat, &all_options());
    let out = dir.path().join("out");
    assert!(out.join("annotation.conf").is_file());
    assert!(out.join("notes/cjk_md.ann").is_file(), "{:?}", report.files);
    let mut fragments = 0;
    for ann in report
        .files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "ann"))
    {
        let text = fs::read_to_string(ann.with_extension("txt")).unwrap();
        for line in fs::read_to_string(ann)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with('T'))
        {
            let parts: Vec<&str> = line.split('\t').collect();
            let (kind_offsets, quote) = (parts[1], parts[2]);
            let offsets = kind_offsets.split_once(' ').unwrap().1;
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|o| {
                    let (s, e) = o.split_once(' ').unwrap();
                    slice(
                        &text,
                        s.parse().unwrap(),
                        e.parse().unwrap(),
                        OffsetUnit::Codepoint,
                    )
                })
                .collect();
            fragments += pieces.len();
            assert_eq!(pieces.join(" "), quote, "{line}");
        }
    }
    assert_eq!(
        fragments,
        SPANS.len() + 1,
        "the span across a line break is two fragments"
    );
    assert!(
        fs::read_to_string(out.join("family.ann"))
            .unwrap()
            .contains("Hedged_claim")
    );
}

#[test]
fn w3c_selectors_agree_with_the_text() {
    let ws = fixture();
    let (report, _dir) = run(&ws, Format::W3c, &all_options());
    let doc: Value = serde_json::from_str(&fs::read_to_string(&report.files[0]).unwrap()).unwrap();
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    let items = doc["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), SPANS.len() + LINKS.len());
    for item in items.iter().filter(|i| i["motivation"] != "linking") {
        let source = item["target"]["source"].as_str().unwrap();
        let text = &ws.corpus.get(&DocumentId::from(source)).unwrap().text();
        let selectors = item["target"]["selector"].as_array().unwrap();
        let quote = &selectors[0];
        let position = &selectors[1];
        let (s, e) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact = slice(text, s, e, OffsetUnit::Codepoint);
        assert_eq!(exact, quote["exact"].as_str().unwrap());
        let before: String = text.chars().take(s).collect();
        assert!(before.ends_with(quote["prefix"].as_str().unwrap()));
    }
}

#[test]
fn conll_tags_are_bio_with_docstarts() {
    let (report, _dir) = run(&fixture(), Format::Conll, &all_options());
    let text = fs::read_to_string(&report.files[0]).unwrap();
    assert_eq!(text.matches("-DOCSTART-").count(), 3);
    let mut previous = "O".to_owned();
    for line in text.lines() {
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            previous = "O".into();
            continue;
        }
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 4, "{line}");
        let tag = cols[3];
        if let Some(label) = tag.strip_prefix("I-") {
            assert!(previous.ends_with(label), "I- after {previous}: {line}");
        }
        previous = tag.to_owned();
    }
    assert!(text.contains("👩‍👩‍👧 -X- _ I-Claim"));
    assert!(text.contains("Cafe\u{301} -X- _ I-Claim"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("overlaps"))
    );
}

#[test]
fn spacy_export_warns_about_spans_inside_words() {
    let (report, _dir) = run(&fixture(), Format::Spacy, &all_options());
    let flagged: Vec<u64> = report
        .warnings
        .iter()
        .filter_map(|w| w.annotation.map(|a| a.0))
        .collect();
    // Exactly the spans that scripts/to_docbin.py (spaCy's tokeniser) reports.
    assert_eq!(flagged, [10, 11, 12], "{:?}", report.warnings);
}

#[test]
fn filters_select_labels_documents_and_suggestions() {
    let ws = fixture();
    let options = ExportOptions {
        labels: vec!["claim".into(), "Disclaimer".into()],
        documents: Some("*.txt".into()),
        ..ExportOptions::default()
    };
    let (report, _dir) = run(&ws, Format::Jsonl, &options);
    assert_eq!(report.documents, 2);
    // Claims of family.txt and crlf.txt; the disclaimer there is a suggestion.
    assert_eq!(report.spans, 7);
    assert_eq!(report.suggestions, 0);
    let options = ExportOptions {
        documents: Some("notes/cjk.md,crlf.txt".into()),
        include_suggestions: true,
        ..ExportOptions::default()
    };
    let (report, _dir) = run(&ws, Format::Jsonl, &options);
    assert_eq!(
        (report.documents, report.spans, report.suggestions),
        (2, 8, 2)
    );
}

#[test]
fn refusals_name_the_problem_and_write_nothing() {
    let ws = fixture();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.jsonl");
    let fail = |format, options: &ExportOptions, out: &Path| {
        export(&ws, format, options, out, &|_, _| {}).unwrap_err()
    };
    let err = fail(
        Format::Jsonl,
        &ExportOptions {
            labels: vec!["Nope".into()],
            ..Default::default()
        },
        &out,
    );
    assert!(matches!(err, ExportError::UnknownLabel { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("Claim, Disclaimer, Boilerplate, Hedged claim"),
        "{err}"
    );
    let err = fail(
        Format::Jsonl,
        &ExportOptions {
            documents: Some("zzz*".into()),
            ..Default::default()
        },
        &out,
    );
    assert!(err.to_string().contains("no document matches"), "{err}");
    let err = fail(
        Format::LabelStudio,
        &ExportOptions {
            offsets: Some(OffsetUnit::Utf16),
            ..Default::default()
        },
        &out,
    );
    assert!(err.to_string().contains("code points"), "{err}");
    let err = fail(
        Format::Jsonl,
        &ExportOptions::default(),
        &fixture_dir().join("corpus/export.jsonl"),
    );
    assert!(
        matches!(err, ExportError::Target(TargetError::InCorpus { .. })),
        "{err}"
    );
    let err = fail(
        Format::Jsonl,
        &ExportOptions::default(),
        &fixture_dir().join("fixture.ron"),
    );
    assert!(
        matches!(err, ExportError::Target(TargetError::Reserved { .. })),
        "{err}"
    );
    let err = fail(Format::Jsonl, &ExportOptions::default(), dir.path());
    assert!(matches!(err, ExportError::OutputIsFolder { .. }), "{err}");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    assert!(!fixture_dir().join("corpus/export.jsonl").exists());
}

#[test]
fn progress_reaches_the_total() {
    let ws = fixture();
    let dir = tempfile::tempdir().unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    export(
        &ws,
        Format::Jsonl,
        &ExportOptions::default(),
        &dir.path().join("p.jsonl"),
        &|done, total| {
            seen.lock().unwrap().push((done, total));
        },
    )
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.last(), Some(&(3, 3)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
}

#[test]
fn exports_overwrite_atomically_without_leftovers() {
    let ws = fixture();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    fs::write(&out, "old").unwrap();
    export(
        &ws,
        Format::Csv,
        &ExportOptions::default(),
        &out,
        &|_, _| {},
    )
    .unwrap();
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["x.csv"]);
    assert!(fs::read_to_string(&out).unwrap().starts_with("id,document"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// For random texts and spans, every offset unit of every format that
    /// has offsets maps back to the same substring.
    #[test]
    fn every_unit_maps_back_to_the_span(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "a", "Z", " ", "\n", "é", "e\u{301}", "👩‍👩‍👧", "📈", "中", "文", "“", "”", "’", "=", "\t", "🇫🇷",
        ]), 1..60),
        cuts in proptest::collection::vec((0usize..60, 0usize..60), 1..6),
    ) {
        let text: String = pieces.concat();
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut ws = in_memory(&text);
        let doc = DocumentId::from("p.txt");
        let when: jiff::Timestamp = "2026-11-22T08:00:00Z".parse().unwrap();
        for (i, (a, b)) in cuts.iter().enumerate() {
            let (a, b) = (boundaries[a % boundaries.len()], boundaries[b % boundaries.len()]);
            let span = Span::new(&text, a.min(b), a.max(b)).unwrap();
            let id = AnnotationId(i as u64 + 1);
            ws.project.annotations.insert(
                id,
                Annotation::new(id, doc.clone(), &text, span, LabelId::from("claim"), "p", when),
            );
        }
        let expected: Vec<&str> = ws.project.annotations.values().map(|a| a.quote.exact()).collect();
        for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16, OffsetUnit::Byte] {
            for format in [Format::Jsonl, Format::Doccano, Format::Csv] {
                let options = ExportOptions { offsets: Some(unit), ..ExportOptions::default() };
                let (report, _dir) = run(&ws, format, &options);
                let got: Vec<String> = match format {
                    Format::Jsonl => jsonl_lines(&report.files[0]).iter().flat_map(|l| {
                        l["spans"].as_array().unwrap().iter().map(|s| slice(&text, s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize, unit)).collect::<Vec<_>>()
                    }).collect(),
                    Format::Doccano => jsonl_lines(&report.files[0]).iter().flat_map(|l| {
                        l["label"].as_array().unwrap().iter().map(|s| slice(&text, s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize, unit)).collect::<Vec<_>>()
                    }).collect(),
                    _ => csv::Reader::from_path(&report.files[0]).unwrap().records().map(|r| {
                        let r = r.unwrap();
                        slice(&text, r[2].parse().unwrap(), r[3].parse().unwrap(), unit)
                    }).collect(),
                };
                let mut got = got;
                let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
                got.sort();
                want.sort();
                proptest::prop_assert_eq!(got, want, "{} {}", format, unit);
            }
        }
        // Code-point formats: Label Studio, W3C and brat.
        let (report, _dir) = run(&ws, Format::LabelStudio, &ExportOptions::default());
        let tasks: Vec<Value> = serde_json::from_str(&fs::read_to_string(&report.files[0]).unwrap()).unwrap();
        for r in tasks[0]["annotations"][0]["result"].as_array().unwrap().iter().filter(|r| r["type"] == "labels") {
            let (s, e) = (r["value"]["start"].as_u64().unwrap() as usize, r["value"]["end"].as_u64().unwrap() as usize);
            proptest::prop_assert_eq!(slice(&text, s, e, OffsetUnit::Codepoint), r["value"]["text"].as_str().unwrap());
        }
    }
}

/// A workspace over one document held in memory.
fn in_memory(text: &str) -> Workspace {
    use diptych::io::corpus::Corpus;
    use diptych::model::{DocRecord, Document, Project, SourceFormat};
    let doc = Document::new(
        DocumentId::from("p.txt"),
        "P".into(),
        text,
        SourceFormat::Text,
        "UTF-8",
    );
    let mut project = Project::new("prop", "/nonexistent/corpus");
    project
        .documents
        .insert(doc.id.clone(), DocRecord::of(&doc));
    let mut corpus = Corpus {
        root: "/nonexistent/corpus".into(),
        ..Corpus::default()
    };
    corpus.documents.insert(doc.id.clone(), doc);
    Workspace {
        path: None,
        project,
        corpus,
        view: Default::default(),
    }
}

#[test]
fn an_accepted_suggestion_keeps_its_source_and_score_in_jsonl() {
    let mut ws = seeds();
    let a = ws.project.annotations.values_mut().next().unwrap();
    a.annotator = "alice".into();
    a.suggested_by = Some(diptych::model::Suggestion {
        source: "rule:disclaimer".into(),
        score: 0.75,
    });
    let id = a.id.0;
    let (report, _dir) = run(&ws, Format::Jsonl, &ExportOptions::default());
    let spans: Vec<Value> = jsonl_lines(&report.files[0])
        .into_iter()
        .flat_map(|line| line["spans"].as_array().unwrap().clone())
        .collect();
    let span = spans.iter().find(|s| s["id"] == id).unwrap();
    assert_eq!(
        (
            &span["status"],
            &span["annotator"],
            &span["source"],
            &span["score"]
        ),
        (
            &Value::from("accepted"),
            &Value::from("alice"),
            &Value::from("rule:disclaimer"),
            &Value::from(0.75)
        )
    );
    // Spans a person made name no source.
    let others = spans.iter().filter(|s| s["id"] != id);
    assert!(others.clone().count() > 0);
    assert!(others.into_iter().all(|s| s.get("source").is_none()));
}
