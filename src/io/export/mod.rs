//! Exports: a project's annotations as datasets that NLP tools load as they are.
//!
//! [`export`] is the one entry point, shared by `diptych export` and the
//! window. It selects the documents and spans ([`ExportOptions`]), converts
//! every offset once into the unit the format counts in (through
//! [`OffsetIndex`](crate::model::OffsetIndex), the one conversion point), and
//! hands the result to one writer per format. Each file is written
//! atomically (`io::atomic`), and nothing is written outside the chosen
//! output path (or, for brat, the output folder), except the few companion
//! files a format defines right beside it (`docs/formats.md` lists them).
//! Every file goes through [`Selection::write_file`], which checks it with
//! the export's [`TargetGuard`] first: only regular files, never the
//! project's own files, never inside the corpus. [`export_to_stdout`]
//! writes a single-file format to standard output instead.
//!
//! Offsets in every format are half-open `[start, end)`:
//!
//! ```text
//! text:       “ H i ”   👩‍👩‍👧
//! codepoint:  0 1 2 3 4 5 . . . . 10
//! span (1, 3) covers "Hi" in code points; (3, 5) in UTF-8 bytes.
//! ```

mod brat;
mod conll;
mod csv;
mod doccano;
mod json_text;
mod jsonl;
mod label_studio;
mod pairs;
mod parquet;
mod spacy;
pub mod tokens;
mod w3c;

pub use w3c::iri_path_decode as w3c_iri_decode;

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

// Maps keyed by ids read from the project file: foldhash, seeded per
// process (SipHash was a tenth of an export's work on one thread).
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use serde::Serialize;

use super::atomic::{WriteError, write_atomic_with};
use super::target::{TargetError, TargetGuard};
use super::workspace::Workspace;
use crate::model::{
    Annotation, AnnotationId, AnnotationStatus, ByteOffset, DocRecord, DocStatus, Document,
    DocumentId, Link, OffsetUnit, Project, Sentiment, TextRef,
};

/// The dataset formats Diptych writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Ours: one JSON line per document with its text, spans and links.
    Jsonl,
    /// Claim pairs: one JSON line per link across documents.
    Pairs,
    /// One row per span.
    Csv,
    /// A Label Studio task list plus its labelling config.
    LabelStudio,
    /// doccano's sequence-labelling JSONL (UTF-16 offsets by default).
    Doccano,
    /// spaCy / Prodigy span JSONL.
    Spacy,
    /// brat standoff: a folder of `.txt` + `.ann` and `annotation.conf`.
    Brat,
    /// Token-level BIO tags, CoNLL-2003 columns.
    Conll,
    /// W3C Web Annotation JSON-LD.
    W3c,
    /// Apache Parquet: spans, plus a second file of documents.
    Parquet,
}

impl Format {
    /// Every format, in the order the documentation lists them.
    pub const ALL: [Self; 10] = [
        Self::Jsonl,
        Self::Pairs,
        Self::Csv,
        Self::LabelStudio,
        Self::Doccano,
        Self::Spacy,
        Self::Brat,
        Self::Conll,
        Self::W3c,
        Self::Parquet,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::Pairs => "pairs",
            Self::Csv => "csv",
            Self::LabelStudio => "label-studio",
            Self::Doccano => "doccano",
            Self::Spacy => "spacy",
            Self::Brat => "brat",
            Self::Conll => "conll",
            Self::W3c => "w3c",
            Self::Parquet => "parquet",
        }
    }

    /// The format with this name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The unit offsets are counted in unless `--offsets` says otherwise.
    pub fn default_unit(self) -> OffsetUnit {
        match self {
            Self::Doccano => OffsetUnit::Utf16,
            _ => OffsetUnit::Codepoint,
        }
    }

    /// Units the format can be written in. Label Studio, brat, W3C and spaCy
    /// define their offsets as code points, so only that unit is offered;
    /// CoNLL has no offsets at all.
    pub fn units(self) -> &'static [OffsetUnit] {
        const ALL: &[OffsetUnit] = &[OffsetUnit::Codepoint, OffsetUnit::Utf16, OffsetUnit::Byte];
        match self {
            Self::LabelStudio | Self::Brat | Self::W3c | Self::Spacy | Self::Conll => {
                &[OffsetUnit::Codepoint]
            }
            _ => ALL,
        }
    }

    /// True when the output is a folder rather than a file.
    pub fn writes_folder(self) -> bool {
        self == Self::Brat
    }

    /// True when the whole export is one file (no folder, no companion
    /// file), so that it can go to standard output.
    pub fn writes_one_file(self) -> bool {
        !matches!(self, Self::Brat | Self::LabelStudio | Self::Parquet)
    }

    /// The usual extension of the output file.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jsonl | Self::Pairs | Self::Doccano | Self::Spacy => "jsonl",
            Self::Csv => "csv",
            Self::LabelStudio => "json",
            Self::Brat => "",
            Self::Conll => "conll",
            Self::W3c => "jsonld",
            Self::Parquet => "parquet",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| {
            let names: Vec<_> = Self::ALL.iter().map(|f| f.name()).collect();
            format!("unknown format {s:?} (one of: {})", names.join(", "))
        })
    }
}

/// What to export, and how.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// The offset unit; `None` for the format's default.
    pub offsets: Option<OffsetUnit>,
    /// Only spans with these labels (names, case-insensitive, or ids); empty for all.
    pub labels: Vec<String>,
    /// Only the annotations of these annotators (names); empty for all.
    pub annotators: Vec<String>,
    /// Also export suggestions (as predictions where the format has them).
    pub include_suggestions: bool,
    /// Only these documents: a comma-separated list of ids or globs
    /// (`*` any run of characters, `?` one character); `None` for all.
    pub documents: Option<String>,
    /// doccano: write the `entities`/`relations` form instead of `label`.
    pub relations: bool,
}

/// Something the export could not carry exactly; the export still succeeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportWarning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<AnnotationId>,
    pub message: String,
}

impl fmt::Display for ExportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(doc) = &self.document {
            write!(f, "{doc}: ")?;
        }
        if let Some(a) = self.annotation {
            write!(f, "annotation {}: ", a.0)?;
        }
        f.write_str(&self.message)
    }
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportReport {
    pub format: Format,
    /// The offset unit of the written offsets (`None` for CoNLL, which has none).
    pub offset_unit: Option<OffsetUnit>,
    /// Every file written, in the order written.
    pub files: Vec<PathBuf>,
    pub documents: usize,
    /// Spans written (suggestions included).
    pub spans: usize,
    /// Of those, suggestions.
    pub suggestions: usize,
    pub links: usize,
    pub warnings: Vec<ExportWarning>,
}

/// Why an export did not happen. Nothing was written (a multi-file export
/// may have written some of its files; each one written is complete).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown label {name:?} (labels: {})", known.join(", "))]
    UnknownLabel { name: String, known: Vec<String> },
    #[error("no annotator {name:?} in the project (annotators: {known})")]
    UnknownAnnotator { name: String, known: String },
    #[error("no document matches {0:?}")]
    NoDocuments(String),
    #[error("{}", unit_refusal(*format, *unit))]
    UnitNotSupported { format: Format, unit: OffsetUnit },
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("{}", stdout_refusal(*.0))]
    StdoutNeedsOneFile(Format),
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] io::Error),
    #[error("{}: is a folder; {format} writes a file", .path.display())]
    OutputIsFolder { path: PathBuf, format: Format },
    #[error("{}: is a file; brat writes a folder", .0.display())]
    OutputIsFile(PathBuf),
    #[error("document id {0:?} cannot be used as a file name inside the output folder")]
    UnsafeDocumentId(DocumentId),
    #[error("{}: is a symbolic link or a file; refusing to write through it, outside the output folder", .0.display())]
    LeavesOutput(PathBuf),
    #[error("cannot create folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn stdout_refusal(format: Format) -> String {
    let what = if format.writes_folder() {
        "a folder"
    } else {
        "two files"
    };
    format!(
        "{format} writes {what}; -o - (standard output) takes a single-file format, give a path"
    )
}

fn unit_refusal(format: Format, unit: OffsetUnit) -> String {
    if format == Format::Conll {
        return format!(
            "conll has no offsets (tokens and tags only); --offsets {unit} does not apply"
        );
    }
    format!(
        "{format} offsets count code points by definition; --offsets {unit} is not available for it"
    )
}

/// Exports the annotations of `workspace` as `format` to `out` (a file, or a
/// folder for brat). `progress(done, total)` is called as documents are
/// written. The report lists the files written and what could not be
/// carried exactly (spans not aligned to tokens, links the format cannot
/// hold, spans whose text changed since they were made).
pub fn export(
    workspace: &Workspace,
    format: Format,
    options: &ExportOptions,
    out: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<ExportReport, ExportError> {
    let guard = TargetGuard::for_export(workspace.path.as_deref(), &workspace.corpus.root);
    check_output(&guard, format, out)?;
    run(
        workspace,
        format,
        options,
        out,
        Sink::Files(guard),
        progress,
    )
}

/// Exports like [`export`], to standard output; only formats that write
/// one file ([`Format::writes_one_file`]). The report names the file `-`.
pub fn export_to_stdout(
    workspace: &Workspace,
    format: Format,
    options: &ExportOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<ExportReport, ExportError> {
    if !format.writes_one_file() {
        return Err(ExportError::StdoutNeedsOneFile(format));
    }
    run(
        workspace,
        format,
        options,
        Path::new("-"),
        Sink::Stdout,
        progress,
    )
}

/// Where an export's bytes go.
enum Sink {
    /// Files, each one checked by the guard before it is written.
    Files(TargetGuard),
    /// Standard output (a single-file format).
    Stdout,
}

fn run(
    workspace: &Workspace,
    format: Format,
    options: &ExportOptions,
    out: &Path,
    sink: Sink,
    progress: &dyn Fn(usize, usize),
) -> Result<ExportReport, ExportError> {
    let unit = options.offsets.unwrap_or(format.default_unit());
    if !format.units().contains(&unit) {
        return Err(ExportError::UnitNotSupported { format, unit });
    }
    // Each exported document's text, unpacked when its turn comes and held
    // for the export's time (the window packs them).
    let texts: HashMap<&DocumentId, OnceLock<TextRef<'_>>> = (workspace.corpus.documents.keys())
        .map(|id| (id, OnceLock::new()))
        .collect();
    let mut selection = Selection::new(workspace, &texts, options, unit, sink, progress)?;
    let files = match format {
        Format::Jsonl => jsonl::write(&mut selection, out)?,
        Format::Pairs => pairs::write(&mut selection, out)?,
        Format::Csv => csv::write(&mut selection, out)?,
        Format::LabelStudio => label_studio::write(&mut selection, out)?,
        Format::Doccano => doccano::write(&mut selection, out, options.relations)?,
        Format::Spacy => spacy::write(&mut selection, out)?,
        Format::Brat => brat::write(&mut selection, out)?,
        Format::Conll => conll::write(&mut selection, out)?,
        Format::W3c => w3c::write(&mut selection, out)?,
        Format::Parquet => parquet::write(&mut selection, out)?,
    };
    let spans: usize = selection.docs.iter().map(|d| d.spans.len()).sum();
    let suggestions = selection
        .docs
        .iter()
        .flat_map(|d| &d.spans)
        .filter(|s| s.annotation.status.is_suggested())
        .count();
    progress(selection.docs.len(), selection.docs.len());
    Ok(ExportReport {
        format,
        offset_unit: (format != Format::Conll).then_some(unit),
        files,
        documents: selection.docs.len(),
        spans,
        suggestions,
        links: selection.links_written.unwrap_or(selection.links.len()),
        warnings: selection.warnings,
    })
}

/// Refuses an output path of the wrong kind for the format (a folder for a
/// file format, a file for brat) or one the guard closes.
fn check_output(guard: &TargetGuard, format: Format, out: &Path) -> Result<(), ExportError> {
    if format.writes_folder() {
        if out.is_file() {
            return Err(ExportError::OutputIsFile(out.to_owned()));
        }
        return match guard.check(out) {
            // An existing folder is what brat writes into; its place is checked all the same.
            Err(TargetError::NotRegular { .. }) if out.is_dir() => Ok(()),
            other => Ok(other?),
        };
    }
    if out.is_dir() {
        return Err(ExportError::OutputIsFolder {
            path: out.to_owned(),
            format,
        });
    }
    Ok(guard.check(out)?)
}

/// The spans and links chosen for an export, with offsets already converted.
pub(crate) struct Selection<'a> {
    pub project: &'a Project,
    /// Documents in id order.
    pub docs: Vec<DocExport<'a>>,
    pub unit: OffsetUnit,
    /// Links whose two ends are both exported, by id.
    pub links: Vec<&'a Link>,
    /// Where each exported annotation lives: (index into `docs`, index into its spans).
    pub index: HashMap<AnnotationId, (usize, usize)>,
    pub warnings: Vec<ExportWarning>,
    /// Set by writers that can carry only some of the links.
    pub links_written: Option<usize>,
    sink: Sink,
    progress: &'a dyn Fn(usize, usize),
}

/// One exported document.
pub(crate) struct DocExport<'a> {
    pub record: &'a DocRecord,
    pub doc: &'a Document,
    /// The document's text (unpacked, if the window held it packed).
    pub text: &'a str,
    /// Sorted by (start, end, id).
    pub spans: Vec<SpanExport<'a>>,
}

/// One exported span, its offsets in the export's unit.
pub(crate) struct SpanExport<'a> {
    pub annotation: &'a Annotation,
    pub start: usize,
    pub end: usize,
    /// The label's display name.
    pub label: &'a str,
    /// The text the span covers.
    pub text: &'a str,
}

impl<'a> Selection<'a> {
    fn new(
        workspace: &'a Workspace,
        texts: &'a HashMap<&DocumentId, OnceLock<TextRef<'a>>>,
        options: &ExportOptions,
        unit: OffsetUnit,
        sink: Sink,
        progress: &'a dyn Fn(usize, usize),
    ) -> Result<Self, ExportError> {
        let project = &workspace.project;
        let labels = label_filter(project, &options.labels)?;
        annotator_filter(project, &options.annotators)?;
        let doc_ids = document_filter(project, options.documents.as_deref())?;
        let mut warnings = Vec::new();
        let mut by_doc: HashMap<&DocumentId, Vec<&Annotation>> = HashMap::new();
        for a in project.annotations.values() {
            let wanted = match &a.status {
                AnnotationStatus::Accepted => true,
                AnnotationStatus::Suggested { .. } => options.include_suggestions,
            };
            let by_chosen = options.annotators.is_empty()
                || options.annotators.iter().any(|n| **n == *a.annotator);
            if wanted && by_chosen && labels.as_ref().is_none_or(|l| l.contains(&*a.label.0)) {
                by_doc.entry(&a.document).or_default().push(a);
            }
        }
        // Each document's spans (offsets converted, its offset index built)
        // on every core; the documents and warnings stay in id order.
        let chosen: Vec<_> = (doc_ids.into_iter())
            .map(|id| (id, by_doc.remove(id).unwrap_or_default()))
            .collect();
        let exported: Vec<_> = chosen
            .into_par_iter()
            .map(|(id, annotations)| {
                let record = &project.documents[id];
                let found = (workspace.corpus.get(id).zip(texts.get(id)))
                    .map(|(doc, text)| (doc, &**text.get_or_init(|| doc.text())));
                doc_export(project, found, unit, id, record, annotations)
            })
            .collect();
        let mut docs = Vec::with_capacity(exported.len());
        for (doc, doc_warnings) in exported {
            warnings.extend(doc_warnings);
            docs.extend(doc);
        }
        let mut index = HashMap::with_capacity(docs.iter().map(|d| d.spans.len()).sum());
        for (d, doc) in docs.iter().enumerate() {
            for (s, span) in doc.spans.iter().enumerate() {
                index.insert(span.annotation.id, (d, s));
            }
        }
        let links = project
            .links
            .values()
            .filter(|l| index.contains_key(&l.from) && index.contains_key(&l.to))
            .collect();
        Ok(Self {
            project,
            docs,
            unit,
            links,
            index,
            warnings,
            links_written: None,
            sink,
            progress,
        })
    }

    /// Checks that `path` may be written (see [`TargetGuard::check`]);
    /// for a writer that plans all its files before writing any.
    pub fn check_target(&self, path: &Path) -> Result<(), ExportError> {
        match &self.sink {
            Sink::Files(guard) => Ok(guard.check(path)?),
            // No file: `export_to_stdout` takes single-file formats only.
            Sink::Stdout => Ok(()),
        }
    }

    /// Writes one file atomically (no backup: an export is derived data),
    /// after checking it with the guard; to standard output, the bytes go
    /// there instead. Every writer writes through this, once per file.
    pub fn write_file(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<PathBuf, ExportError> {
        match &self.sink {
            Sink::Files(guard) => {
                guard.check(path)?;
                write_atomic_with(path, false, fill)?;
            }
            Sink::Stdout => {
                let mut w = io::BufWriter::new(io::stdout().lock());
                fill(&mut w)
                    .and_then(|()| w.flush())
                    .map_err(ExportError::Stdout)?;
            }
        }
        Ok(path.to_owned())
    }

    /// Reports that `done` of the documents are written.
    pub fn progress(&self, done: usize) {
        (self.progress)(done, self.docs.len());
    }

    /// The exported span with this annotation id.
    pub fn span(&self, id: AnnotationId) -> Option<(&DocExport<'a>, &SpanExport<'a>)> {
        let &(d, s) = self.index.get(&id)?;
        let doc = &self.docs[d];
        Some((doc, &doc.spans[s]))
    }

    /// Records a warning.
    pub fn warn(
        &mut self,
        document: Option<&DocumentId>,
        annotation: Option<AnnotationId>,
        message: impl Into<String>,
    ) {
        self.warnings.push(ExportWarning {
            document: document.cloned(),
            annotation,
            message: message.into(),
        });
    }

    /// Label display names in schema order.
    pub fn label_names(&self) -> Vec<&'a str> {
        self.project
            .labels
            .labels
            .iter()
            .map(|l| l.name.as_str())
            .collect()
    }
}

/// Document `id`'s export of `annotations` (its chosen ones), with the
/// warnings of what was left out; `None` when the corpus lacks it (`found`
/// is the corpus's document and its text).
fn doc_export<'a>(
    project: &'a Project,
    found: Option<(&'a Document, &'a str)>,
    unit: OffsetUnit,
    id: &DocumentId,
    record: &'a DocRecord,
    annotations: Vec<&'a Annotation>,
) -> (Option<DocExport<'a>>, Vec<ExportWarning>) {
    let mut warnings = Vec::new();
    let Some((doc, text)) = found else {
        warnings.push(ExportWarning {
            document: Some(id.clone()),
            annotation: None,
            message: format!(
                "not found in the corpus folder; left out with its {} span(s)",
                annotations.len()
            ),
        });
        return (None, warnings);
    };
    let left_out = |a: &Annotation, message: String| ExportWarning {
        document: Some(id.clone()),
        annotation: Some(a.id),
        message,
    };
    let mut spans = Vec::with_capacity(annotations.len());
    for a in annotations {
        if a.orphaned {
            // Its span may not fit the text any more; links touching it go too.
            warnings.push(left_out(a, format!(
                "orphaned (re-anchoring found no place for {:?} in the changed text); left out with its links",
                a.quote.exact()
            )));
            continue;
        }
        let fits = a.span.slice(text).filter(|s| *s == a.quote.exact());
        let Some(covered) = fits else {
            warnings.push(left_out(a, format!(
                "the text changed since this span was made (it no longer covers {:?}); left out: run `diptych check`",
                a.quote.exact()
            )));
            continue;
        };
        spans.push(SpanExport {
            annotation: a,
            start: a.span.start.0,
            end: a.span.end.0,
            label: project.labels.name_of(&a.label),
            text: covered,
        });
    }
    // The byte offsets so far; in `unit` now, counted through the text once.
    let bytes: Vec<ByteOffset> = spans
        .iter()
        .flat_map(|s| [s.annotation.span.start, s.annotation.span.end])
        .collect();
    let offsets = crate::model::text::offsets_from_bytes(text, &bytes, unit);
    for (span, pair) in spans.iter_mut().zip(offsets.chunks_exact(2)) {
        (span.start, span.end) = (pair[0], pair[1]);
    }
    spans.sort_by_key(|s| {
        (
            s.annotation.span.start,
            s.annotation.span.end,
            s.annotation.id,
        )
    });
    (
        Some(DocExport {
            record,
            doc,
            text,
            spans,
        }),
        warnings,
    )
}

/// Makes each of `batches` into what `put` writes (on every core, ahead,
/// from a thread of its own) while the batches made before are given to
/// `put` here, in order: a file is written while the rest of it is
/// serialised rather than after, and at most three batches are held at
/// once. The first error, of either, stops both; a panic in `make` is
/// raised here, after the batches before it were put.
///
/// Not for a rayon worker: it waits for the batches without helping the
/// pool that makes them (the command line's and the window's exports call
/// it from threads of their own).
pub(crate) fn made_ahead<B: Send, M: Send>(
    batches: impl Iterator<Item = B> + Send,
    make: impl Fn(B) -> io::Result<M> + Sync,
    mut put: impl FnMut(M) -> io::Result<()>,
) -> io::Result<()> {
    debug_assert!(rayon::current_thread_index().is_none(), "on a rayon worker");
    std::thread::scope(|scope| {
        let (to_put, made) = std::sync::mpsc::sync_channel(1);
        let make = &make;
        let maker = scope.spawn(move || {
            for batch in batches {
                let result = make(batch);
                let failed = result.is_err();
                // A send fails when `put` failed and the receiver is gone.
                if to_put.send(result).is_err() || failed {
                    return;
                }
            }
        });
        let put_all = made.into_iter().try_for_each(|result| put(result?));
        match maker.join() {
            Ok(()) => put_all,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// The label ids selected by `--labels`, or `None` for all.
fn label_filter(
    project: &Project,
    names: &[String],
) -> Result<Option<BTreeSet<String>>, ExportError> {
    let names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Ok(None);
    }
    let mut ids = BTreeSet::new();
    for name in names {
        let label = project
            .labels
            .by_name(name)
            .or_else(|| project.labels.labels.iter().find(|l| *l.id.0 == *name));
        let Some(label) = label else {
            return Err(ExportError::UnknownLabel {
                name: name.to_owned(),
                known: project
                    .labels
                    .labels
                    .iter()
                    .map(|l| l.name.clone())
                    .collect(),
            });
        };
        ids.insert(label.id.0.to_string());
    }
    Ok(Some(ids))
}

/// The documents selected by `--documents`, in id order.
fn document_filter<'p>(
    project: &'p Project,
    pattern: Option<&str>,
) -> Result<Vec<&'p DocumentId>, ExportError> {
    let Some(pattern) = pattern.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(project.documents.keys().collect());
    };
    // An id that itself contains a comma is matched whole first.
    let whole = DocumentId(pattern.into());
    if project.documents.contains_key(&whole) {
        return Ok(vec![
            project.documents.get_key_value(&whole).expect("present").0,
        ]);
    }
    let globs: Vec<&str> = pattern
        .split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .collect();
    let chosen: Vec<_> = project
        .documents
        .keys()
        .filter(|id| globs.iter().any(|g| glob_match(g, id.as_str())))
        .collect();
    if chosen.is_empty() {
        return Err(ExportError::NoDocuments(pattern.to_owned()));
    }
    Ok(chosen)
}

/// Checks that every annotator asked for has an annotation in `project`.
fn annotator_filter(project: &Project, wanted: &[String]) -> Result<(), ExportError> {
    let known: std::collections::BTreeSet<&str> = project
        .annotations
        .values()
        .map(|a| &*a.annotator)
        .collect();
    match wanted.iter().find(|w| !known.contains(w.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(ExportError::UnknownAnnotator {
            name: unknown.clone(),
            known: known
                .iter()
                .map(|k| crate::model::escaped(k).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Matches `text` against a glob of `*` (any run, `/` included) and `?` (one character).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A file next to `out` named `STEM.suffix` (`tasks.json` -> `tasks.config.xml`).
pub(crate) fn companion(out: &Path, suffix: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.{suffix}"))
}

/// A document id as a relative path with only normal components.
pub(crate) fn safe_relative(id: &DocumentId) -> Result<PathBuf, ExportError> {
    let path = Path::new(id.as_str());
    let ok =
        !id.as_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path.to_owned())
    } else {
        Err(ExportError::UnsafeDocumentId(id.clone()))
    }
}

/// A document's status as written in exports.
pub(crate) fn status_name(status: DocStatus) -> &'static str {
    match status {
        DocStatus::ToDo => "to-do",
        DocStatus::InProgress => "in-progress",
        DocStatus::Done => "done",
    }
}

/// The inverse of [`status_name`].
pub fn parse_status(name: &str) -> Option<DocStatus> {
    DocStatus::ALL.into_iter().find(|s| status_name(*s) == name)
}

/// A sentiment's export name.
pub(crate) fn sentiment_name(s: Option<Sentiment>) -> Option<&'static str> {
    s.map(Sentiment::name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches come out in order; the first error, of making or of
    /// putting, is returned and stops the making.
    #[test]
    fn made_ahead_puts_in_order_and_stops_at_the_first_error() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |n: usize| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if n == 7 {
                Err(io::Error::other("seven"))
            } else {
                Ok(n * 10)
            }
        };
        let mut put = Vec::new();
        made_ahead(0..5, make, |m| {
            put.push(m);
            Ok(())
        })
        .unwrap();
        assert_eq!(put, [0, 10, 20, 30, 40]);
        put.clear();
        let err = made_ahead(0..1000, make, |m| {
            put.push(m);
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "seven");
        assert_eq!(put, [0, 10, 20, 30, 40, 50, 60]);
        // Nothing is made after the failed one.
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 5 + 8);
        made.store(0, std::sync::atomic::Ordering::Relaxed);
        let err = made_ahead(0..1000, make, |m| {
            if m == 20 {
                return Err(io::Error::other("disk full"));
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        // Made: up to the failed one, one waiting in the channel, one being sent.
        let count = made.load(std::sync::atomic::Ordering::Relaxed);
        assert!((3..=5).contains(&count), "{count} made");
        // A panic in the making is raised to the caller as it was.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            made_ahead(
                0..10,
                |n| if n == 3 { panic!("made badly") } else { Ok(n) },
                |_| Ok(()),
            )
        }))
        .unwrap_err();
        assert_eq!(panicked.downcast_ref::<&str>(), Some(&"made badly"));
    }

    #[test]
    fn globs() {
        assert!(glob_match("*.txt", "a/b.txt"));
        assert!(glob_match("00?_*", "001_d855.txt"));
        assert!(!glob_match("00?_*", "0001_d855.txt"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXbYbZc"));
        assert!(!glob_match("a*b*c", "aXbYbZ"));
        assert!(glob_match("é?", "éè"));
    }

    #[test]
    fn unsafe_ids_are_refused() {
        for bad in ["../x.txt", "/etc/passwd", "a/../../b", ""] {
            assert!(safe_relative(&DocumentId::from(bad)).is_err(), "{bad}");
        }
        assert!(safe_relative(&DocumentId::from("a/b.txt")).is_ok());
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
            assert!(f.units().contains(&f.default_unit()));
        }
    }
}
