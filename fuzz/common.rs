//! What the fuzz targets and `tests/fuzz_regressions.rs` share: the entry
//! points under test, each run exactly as the fuzzer runs it, and the small
//! in-memory workspace that imports are planned against (no disk, no network).

use std::path::Path;

use diptych::io::corpus::Corpus;
use diptych::io::import::{ImportFormat, ImportSettings, plan_bytes};
use diptych::io::workspace::Workspace;
use diptych::model::{Document, DocumentId, SourceFormat};

/// Ok, or a clean error: its message and, where it has one, its (line, column).
pub type Outcome = Result<(), (String, Option<(usize, usize)>)>;

/// A fuzz target: its name (the folder of its corpus) and the function it runs.
pub struct Target {
    pub name: &'static str,
    /// Runs the bytes through the entry point; `Err` carries the clean error's
    /// message and, where the error has one, its (line, column).
    pub run: fn(&[u8], &Path) -> Outcome,
}

/// Every target, in the order of `fuzz/Cargo.toml`.
pub const TARGETS: [Target; 7] = [
    Target {
        name: "project_ron",
        run: project_ron,
    },
    Target {
        name: "import_jsonl",
        run: |b, p| import(ImportFormat::Jsonl, b, p),
    },
    Target {
        name: "import_label_studio",
        run: |b, p| import(ImportFormat::LabelStudio, b, p),
    },
    Target {
        name: "import_doccano",
        run: |b, p| import(ImportFormat::Doccano, b, p),
    },
    Target {
        name: "import_w3c",
        run: |b, p| import(ImportFormat::W3c, b, p),
    },
    Target {
        name: "decode",
        run: decode,
    },
    Target {
        name: "html",
        run: html,
    },
];

/// The project loader on `bytes` as [`diptych::io::project_file::load`] sees a file's content.
pub fn project_ron(bytes: &[u8], path: &Path) -> Outcome {
    let Ok(text) = std::str::from_utf8(bytes) else {
        // `load` turns this into a positioned error before `from_ron`; covered by its tests.
        return Ok(());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match diptych::io::project_file::from_ron(text, path) {
        Ok(project) => {
            // What loads must save and load back, and saving that again gives
            // the same bytes (compared as text: a NaN score is not == itself).
            let again = diptych::io::project_file::to_ron(&project);
            let back = diptych::io::project_file::from_ron(&again, path)
                .unwrap_or_else(|err| panic!("a saved project does not load: {err}\n{again}"));
            assert!(
                diptych::io::project_file::to_ron(&back) == again,
                "save, load and save again changed the file:\n{again}"
            );
            Ok(())
        }
        Err(err) => Err((err.to_string(), err.position())),
    }
}

/// An import of `bytes` as `format` into [`workspace`].
pub fn import(format: ImportFormat, bytes: &[u8], path: &Path) -> Outcome {
    static WORKSPACE: std::sync::OnceLock<Workspace> = std::sync::OnceLock::new();
    let workspace = WORKSPACE.get_or_init(workspace);
    for settings in [
        ImportSettings::default(),
        ImportSettings {
            mode: diptych::io::import::ImportAs::Suggestions,
            offsets: Some(diptych::io::import::ImportUnit::Grapheme),
            annotator: Some("fuzz".to_owned()),
        },
    ] {
        match plan_bytes(workspace, format, bytes, path, &settings) {
            Ok(plan) => {
                // The planned edit must apply to the project it was planned for.
                let mut project = workspace.project.clone();
                diptych::model::apply(&mut project, plan.edit)
                    .unwrap_or_else(|err| panic!("a planned import does not apply: {err}"));
            }
            Err(err) => return Err((err.to_string(), err.position())),
        }
    }
    Ok(())
}

/// Decoding of a file's bytes to text.
pub fn decode(bytes: &[u8], _path: &Path) -> Outcome {
    match diptych::io::decode::decode(bytes) {
        Ok(decoded) => {
            assert!(!decoded.text.contains('\r'), "a CR survived decoding");
            Ok(())
        }
        Err(reason) => Err((reason.to_string(), None)),
    }
}

/// Readable text from HTML.
pub fn html(bytes: &[u8], _path: &Path) -> Outcome {
    let text = String::from_utf8_lossy(bytes);
    let _ = diptych::io::html::html_to_text(&text);
    Ok(())
}

/// The export fixture (tests/data/export-fixture: emoji, combining marks, CJK,
/// curly quotes, CRLF) with its annotations, its three documents compiled in:
/// the corpus lives only in memory. The seed inputs are its exports, so their
/// records match these documents and fuzzing reaches the span code.
pub fn workspace() -> Workspace {
    const FIXTURE: &str = include_str!("../tests/data/export-fixture/fixture.ron");
    const TEXTS: [(&str, &[u8]); 3] = [
        (
            "crlf.txt",
            include_bytes!("../tests/data/export-fixture/corpus/crlf.txt"),
        ),
        (
            "family.txt",
            include_bytes!("../tests/data/export-fixture/corpus/family.txt"),
        ),
        (
            "notes/cjk.md",
            include_bytes!("../tests/data/export-fixture/corpus/notes/cjk.md"),
        ),
    ];
    let project = diptych::io::project_file::from_ron(FIXTURE, Path::new("fixture.ron"))
        .expect("the fixture loads");
    let mut corpus = Corpus {
        root: "/nonexistent/fuzz-corpus".into(),
        ..Corpus::default()
    };
    for (id, bytes) in TEXTS {
        let text = diptych::io::decode::decode(bytes)
            .expect("fixture text")
            .text;
        let format = if id.ends_with(".md") {
            SourceFormat::Markdown
        } else {
            SourceFormat::Text
        };
        let doc = Document::new(DocumentId::from(id), id.to_owned(), text, format, "UTF-8");
        assert!(
            project.documents.contains_key(&doc.id),
            "{id} is in the fixture"
        );
        corpus.documents.insert(doc.id.clone(), doc);
    }
    Workspace {
        path: None,
        project,
        corpus,
        view: Default::default(),
    }
}
