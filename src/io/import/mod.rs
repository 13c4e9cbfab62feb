//! Imports: annotations from other tools' files into a project, as one edit.
//!
//! [`plan`] reads a file, matches its records to the project's documents (by
//! id or path, failing that by identical text), converts offsets to bytes
//! (through [`OffsetIndex`](crate::model::OffsetIndex); grapheme offsets
//! through `unicode-segmentation`), checks each span's text where the file
//! carries it, and returns one [`Edit::Batch`] with a report of what was
//! matched and what was not. Nothing is changed until the caller applies
//! the edit (the window pushes it on its history: one undo step), and the
//! command line then saves the project atomically.
//!
//! Every record or span that is not imported is listed in the report with
//! the reason; nothing is dropped silently.

mod doccano;
mod jsonl;
mod label_studio;
mod w3c;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::workspace::Workspace;
use crate::model::{
    Annotation, AnnotationId, AnnotationStatus, ByteOffset, DocFields, Document, DocumentId, Edit,
    Label, LabelId, Link, LinkId, LinkKind, OffsetUnit, Project, Quote, Rgb, Sentiment, Span,
};

/// The formats Diptych reads annotations from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// Diptych's own `jsonl` export.
    Jsonl,
    /// A Label Studio JSON export, or a task list in its import shape (with predictions).
    LabelStudio,
    /// doccano JSONL, `label` or `entities`/`relations` form.
    Doccano,
    /// W3C Web Annotation JSON-LD (a collection, a page, a list or one annotation).
    W3c,
}

impl ImportFormat {
    /// Every format.
    pub const ALL: [Self; 4] = [Self::Jsonl, Self::LabelStudio, Self::Doccano, Self::W3c];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::LabelStudio => "label-studio",
            Self::Doccano => "doccano",
            Self::W3c => "w3c",
        }
    }

    /// The unit a file of this format counts in when neither it nor the user says.
    pub fn default_unit(self) -> ImportUnit {
        match self {
            Self::Doccano => ImportUnit::Utf16,
            _ => ImportUnit::Codepoint,
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|f| f.name()).collect();
                format!("unknown import format {s:?} (one of: {})", names.join(", "))
            })
    }
}

/// The unit of offsets in an imported file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportUnit {
    Codepoint,
    Utf16,
    Byte,
    /// Extended grapheme clusters (doccano's grapheme mode).
    Grapheme,
}

impl ImportUnit {
    /// The name on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Codepoint => "codepoint",
            Self::Utf16 => "utf16",
            Self::Byte => "byte",
            Self::Grapheme => "grapheme",
        }
    }

    /// Parses a unit name as written by exports (`codepoint`, `utf16`, `byte`, `grapheme`).
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Codepoint, Self::Utf16, Self::Byte, Self::Grapheme]
            .into_iter()
            .find(|u| u.name() == name)
    }
}

impl From<OffsetUnit> for ImportUnit {
    fn from(unit: OffsetUnit) -> Self {
        match unit {
            OffsetUnit::Byte => Self::Byte,
            OffsetUnit::Codepoint => Self::Codepoint,
            OffsetUnit::Utf16 => Self::Utf16,
        }
    }
}

impl std::str::FromStr for ImportUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| {
            format!("unknown offset unit {s:?} (one of: codepoint, utf16, byte, grapheme)")
        })
    }
}

impl fmt::Display for ImportUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How imported spans enter the project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportAs {
    /// As the file has them: annotations stay annotations, predictions and
    /// suggestions stay suggestions.
    #[default]
    Annotations,
    /// Everything as suggestions (`Suggested { source: "import:FORMAT", score }`).
    Suggestions,
}

impl std::str::FromStr for ImportAs {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "annotations" => Ok(Self::Annotations),
            "suggestions" => Ok(Self::Suggestions),
            _ => Err(format!("expected annotations or suggestions, found {s:?}")),
        }
    }
}

/// Settings of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportSettings {
    pub mode: ImportAs,
    /// The offset unit; `None` for what the file says, else the format's default.
    pub offsets: Option<ImportUnit>,
}

/// Why a file could not be imported at all. The project is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Shape { path: PathBuf, message: String },
}

impl ImportError {
    /// The error for a serde_json error in `path`; `line_offset` is added to
    /// its line (for JSONL, the line the record is on minus one).
    pub(crate) fn json(path: &Path, err: &serde_json::Error, line_offset: usize) -> Self {
        let message = err.to_string();
        // serde_json appends " at line L column C"; the position is in front already.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_owned();
        Self::Json {
            path: path.to_owned(),
            line: err.line() + line_offset,
            column: err.column(),
            message,
        }
    }

    /// The (line, column) the error points at, if it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Json { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Something that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotImported {
    /// Where in the file: `line 3`, `task 2`, `annotation 5` …
    pub record: String,
    pub reason: String,
}

impl fmt::Display for NotImported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.record, self.reason)
    }
}

/// What an import will do (or did).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub format: Option<ImportFormat>,
    pub records: usize,
    /// Documents matched by id or path, and by identical text.
    pub matched_by_id: usize,
    pub matched_by_text: usize,
    pub annotations: usize,
    /// Of those, suggestions.
    pub suggestions: usize,
    pub links: usize,
    /// Spans already in the project (same document, span and label): not added again.
    pub duplicates: usize,
    /// Labels added to the schema, by name.
    pub labels_added: Vec<String>,
    /// Documents whose status, sentiment or note were set from the file.
    pub document_fields: usize,
    /// Records that match no document.
    pub unmatched: Vec<NotImported>,
    /// Spans and links of matched records that could not be imported.
    pub skipped: Vec<NotImported>,
}

impl ImportReport {
    /// True when everything in the file was imported (or already there).
    pub fn is_complete(&self) -> bool {
        self.unmatched.is_empty() && self.skipped.is_empty()
    }
}

/// An import ready to apply: one edit (a batch) and its report.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    pub edit: Edit,
    pub report: ImportReport,
}

/// Reads `file` as `format` and plans its import into `workspace`.
pub fn plan(
    workspace: &Workspace,
    format: ImportFormat,
    file: &Path,
    settings: &ImportSettings,
) -> Result<ImportPlan, ImportError> {
    let read_error = |source| ImportError::Read {
        path: file.to_owned(),
        source,
    };
    // Checked before reading, so a huge file is refused without filling memory.
    let size = std::fs::metadata(file).map_err(read_error)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(too_large(file, size));
    }
    let bytes = std::fs::read(file).map_err(read_error)?;
    plan_bytes(workspace, format, &bytes, file, settings)
}

/// The largest import file read: 512 MiB (parsing takes several times that in memory).
pub const MAX_IMPORT_BYTES: u64 = 512 << 20;

fn too_large(file: &Path, size: u64) -> ImportError {
    ImportError::Shape {
        path: file.to_owned(),
        message: format!(
            "the file is {size} bytes; import files over {} MiB are refused",
            MAX_IMPORT_BYTES >> 20
        ),
    }
}

/// Plans the import of `bytes`, the content of `file` (named in errors and
/// never opened): what [`plan`] does once the file is read. Pure, for tests
/// and fuzzing.
pub fn plan_bytes(
    workspace: &Workspace,
    format: ImportFormat,
    bytes: &[u8],
    file: &Path,
    settings: &ImportSettings,
) -> Result<ImportPlan, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large(file, bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|err| ImportError::Shape {
        path: file.to_owned(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            err.valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Shape {
            path: file.to_owned(),
            message: format!("the file is empty (no {format} records)"),
        });
    }
    let records = match format {
        ImportFormat::Jsonl => jsonl::read(text, file)?,
        ImportFormat::LabelStudio => label_studio::read(text, file)?,
        ImportFormat::Doccano => doccano::read(text, file)?,
        ImportFormat::W3c => w3c::read(text, file)?,
    };
    Ok(Planner::new(workspace, format, settings).run(records))
}

/// A record of an imported file: one document's spans and links.
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// Where in the file, for reports: `line 3`, `task 2`.
    pub place: String,
    /// A document id, if the file names one.
    pub id: Option<String>,
    /// A path the file gives for the document.
    pub path: Option<String>,
    /// The document text the offsets refer to, if the file carries it.
    pub text: Option<String>,
    /// The unit the file says its offsets are in.
    pub unit: Option<ImportUnit>,
    pub spans: Vec<InSpan>,
    pub links: Vec<InLink>,
    /// Document fields (jsonl).
    pub fields: Option<DocFields>,
}

/// A span as read from a file, offsets still in the file's unit.
#[derive(Debug, Default)]
pub(crate) struct InSpan {
    /// A key unique in the file, for links (`t1/a0/r3`, `12`).
    pub key: String,
    pub place: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The text the file says the span covers.
    pub text: Option<String>,
    /// Context for re-anchoring (W3C TextQuoteSelector).
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub sentiment: Option<Sentiment>,
    pub target: Option<String>,
    pub note: String,
    pub annotator: Option<String>,
    /// A suggestion in the file: its score.
    pub suggested: Option<f32>,
    /// Who made the suggestion, if the file says (kept unless `--as suggestions`).
    pub source: Option<String>,
    pub created: Option<jiff::Timestamp>,
    pub modified: Option<jiff::Timestamp>,
    /// Why the file's span cannot be imported at all (reported, then skipped).
    pub invalid: Option<String>,
}

/// A link as read from a file, its ends as span keys.
#[derive(Debug, Default)]
pub(crate) struct InLink {
    pub place: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub note: String,
}

/// Parses a link kind as exports write it (`same-claim`), or its Rust name.
pub fn parse_link_kind(name: &str) -> Option<LinkKind> {
    let squashed: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    LinkKind::ALL.into_iter().find(|k| {
        let ours: String = k.name().chars().filter(|c| c.is_alphanumeric()).collect();
        ours == squashed
    })
}

/// Colours for labels an import adds, in turn.
const PALETTE: [[u8; 3]; 6] = [
    [0x6b, 0xb3, 0x6b],
    [0xc9, 0x5b, 0x9e],
    [0x3d, 0xa5, 0xa8],
    [0xd2, 0x6a, 0x4a],
    [0x8a, 0x6d, 0xd8],
    [0xb0, 0x9a, 0x3a],
];

struct Planner<'w> {
    workspace: &'w Workspace,
    project: &'w Project,
    format: ImportFormat,
    settings: &'w ImportSettings,
    report: ImportReport,
    /// Labels as they will be after the import (new ones appended).
    labels: crate::model::LabelSchema,
    label_edits: Vec<Edit>,
    annotations: Vec<Edit>,
    links: Vec<Edit>,
    field_edits: Vec<Edit>,
    next_annotation: u64,
    next_link: u64,
    /// File span key -> the annotation it became (or already was).
    keys: HashMap<String, AnnotationId>,
    /// (document, start, end, label) of existing and planned annotations.
    present: HashMap<(DocumentId, usize, usize, LabelId), AnnotationId>,
    by_text: HashMap<crate::model::ContentHash, &'w DocumentId>,
    now: jiff::Timestamp,
}

impl<'w> Planner<'w> {
    fn new(workspace: &'w Workspace, format: ImportFormat, settings: &'w ImportSettings) -> Self {
        let project = &workspace.project;
        let present = project
            .annotations
            .values()
            .map(|a| {
                let key = (
                    a.document.clone(),
                    a.span.start.0,
                    a.span.end.0,
                    a.label.clone(),
                );
                (key, a.id)
            })
            .collect();
        let mut by_text = HashMap::new();
        for (id, doc) in &workspace.corpus.documents {
            if project.documents.contains_key(id) {
                by_text.entry(doc.hash.clone()).or_insert(id);
            }
        }
        Self {
            workspace,
            project,
            format,
            settings,
            report: ImportReport {
                format: Some(format),
                ..ImportReport::default()
            },
            labels: project.labels.clone(),
            label_edits: Vec::new(),
            annotations: Vec::new(),
            links: Vec::new(),
            field_edits: Vec::new(),
            next_annotation: project.next_annotation_id().0,
            next_link: project.next_link_id().0,
            keys: HashMap::new(),
            present,
            by_text,
            now: jiff::Timestamp::now(),
        }
    }

    fn run(mut self, records: Vec<Record>) -> ImportPlan {
        self.report.records = records.len();
        let mut all_links = Vec::new();
        for mut record in records {
            // Links of unmatched records are still looked at (and reported).
            all_links.append(&mut record.links);
            let Some(doc) = self.match_document(&record) else {
                continue;
            };
            self.import_fields(doc, &record);
            for span in &record.spans {
                self.import_span(doc, &record, span);
            }
        }
        // Links last: their ends may be in records read later.
        for link in all_links {
            self.import_link(&link);
        }
        let mut edits = self.label_edits;
        edits.extend(self.annotations);
        edits.extend(self.links);
        edits.extend(self.field_edits);
        ImportPlan {
            edit: Edit::Batch(edits),
            report: self.report,
        }
    }

    fn not_imported(list: &mut Vec<NotImported>, place: &str, reason: impl Into<String>) {
        list.push(NotImported {
            record: place.to_owned(),
            reason: reason.into(),
        });
    }

    /// The project document this record is about.
    fn match_document(&mut self, record: &Record) -> Option<&'w Document> {
        let corpus = &self.workspace.corpus;
        let known = |id: &str| {
            let id = DocumentId(id.to_owned());
            self.project
                .documents
                .contains_key(&id)
                .then(|| corpus.get(&id))
                .flatten()
        };
        let named = record
            .id
            .as_deref()
            .and_then(known)
            .or_else(|| record.path.as_deref().and_then(|p| self.by_path(p)));
        let text_matches = |doc: &Document| record.text.as_deref().is_none_or(|t| t == &*doc.text);
        if let Some(doc) = named
            && text_matches(doc)
        {
            self.report.matched_by_id += 1;
            return Some(doc);
        }
        if let Some(text) = record.text.as_deref()
            && let Some(id) = self.by_text.get(&crate::model::ContentHash::of(text))
            && let Some(doc) = corpus.get(id)
        {
            self.report.matched_by_text += 1;
            return Some(doc);
        }
        let name = record.id.as_deref().or(record.path.as_deref());
        let reason = match (named, name) {
            (Some(doc), _) => format!(
                "document {} is there, but its text differs from the record's text (and no document has that text)",
                doc.id
            ),
            (None, Some(name)) if record.text.is_some() => {
                format!("no document {name:?}, and no document has the record's text")
            }
            (None, Some(name)) => format!("no document {name:?}"),
            (None, None) if record.text.is_some() => "no document has the record's text".to_owned(),
            (None, None) => "the record names no document and carries no text".to_owned(),
        };
        let spans = record.spans.len();
        Self::not_imported(
            &mut self.report.unmatched,
            &record.place,
            format!("{reason}; its {spans} span(s) are not imported"),
        );
        None
    }

    /// A document whose id is `path`, the end of `path`, or its file path.
    fn by_path(&self, path: &str) -> Option<&'w Document> {
        let path = path.replace('\\', "/");
        let corpus = &self.workspace.corpus;
        self.project
            .documents
            .keys()
            .find(|id| {
                let id = id.as_str();
                path == id || path.ends_with(&format!("/{id}"))
            })
            .and_then(|id| corpus.get(id))
    }

    fn import_fields(&mut self, doc: &Document, record: &Record) {
        let Some(fields) = &record.fields else {
            return;
        };
        let current = &self.project.documents[&doc.id].fields;
        // Never overwrite what the analyst set in this project.
        if *fields != DocFields::default() && *current == DocFields::default() {
            self.field_edits.push(Edit::SetDocFields {
                document: doc.id.clone(),
                fields: fields.clone(),
            });
            self.report.document_fields += 1;
        }
    }

    fn unit(&self, record: &Record) -> ImportUnit {
        self.settings
            .offsets
            .or(record.unit)
            .unwrap_or(self.format.default_unit())
    }

    fn import_span(&mut self, doc: &Document, record: &Record, span: &InSpan) {
        let unit = self.unit(record);
        let place = format!("{}, {}", record.place, span.place);
        if let Some(why) = &span.invalid {
            Self::not_imported(&mut self.report.skipped, &place, why.clone());
            return;
        }
        let Some(range) = self.locate(doc, span, unit, &place) else {
            return;
        };
        let label = self.label_for(&span.label);
        let key = (doc.id.clone(), range.start.0, range.end.0, label.clone());
        if let Some(&existing) = self.present.get(&key) {
            self.report.duplicates += 1;
            self.keys.insert(span.key.clone(), existing);
            return;
        }
        let id = AnnotationId(self.next_annotation);
        self.next_annotation += 1;
        let import_source = || format!("import:{}", self.format.name());
        let status = match (self.settings.mode, span.suggested) {
            (ImportAs::Annotations, None) => AnnotationStatus::Accepted,
            (ImportAs::Annotations, Some(score)) => AnnotationStatus::Suggested {
                source: span.source.clone().unwrap_or_else(import_source),
                score: score.clamp(0.0, 1.0),
            },
            (ImportAs::Suggestions, score) => AnnotationStatus::Suggested {
                source: import_source(),
                score: score.unwrap_or(1.0).clamp(0.0, 1.0),
            },
        };
        if status.is_suggested() {
            self.report.suggestions += 1;
        }
        let annotation = Annotation {
            id,
            document: doc.id.clone(),
            span: range,
            label,
            sentiment: span.sentiment,
            target: span.target.clone().filter(|t| !t.is_empty()),
            note: span.note.clone(),
            annotator: span
                .annotator
                .clone()
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| self.format.name().to_owned()),
            created: span.created.unwrap_or(self.now),
            modified: span.modified.or(span.created).unwrap_or(self.now),
            status,
            quote: Quote::capture(&doc.text, range),
            orphaned: false,
        };
        self.present.insert(key, id);
        self.keys.insert(span.key.clone(), id);
        self.annotations
            .push(Edit::AddAnnotation(Box::new(annotation)));
        self.report.annotations += 1;
    }

    /// The byte span of `span` in `doc`, checked against the text the file
    /// gives; re-anchored by quote and context when the file has them.
    fn locate(
        &mut self,
        doc: &Document,
        span: &InSpan,
        unit: ImportUnit,
        place: &str,
    ) -> Option<Span> {
        let text = &*doc.text;
        let at = to_byte(doc, span.start, unit).zip(to_byte(doc, span.end, unit));
        let at = at
            .filter(|(s, e)| s <= e)
            .map(|(s, e)| Span { start: s, end: e });
        let fits = |span_at: &Span| match &span.text {
            Some(expected) => span_at.slice(text) == Some(expected.as_str()),
            None => true,
        };
        if let Some(found) = at.filter(fits) {
            return Some(found);
        }
        // A quote with context (W3C) finds the span when its position drifted.
        if let (Some(exact), Some(_)) = (&span.text, &span.prefix)
            && let Some(found) =
                anchor_quote(text, exact, span.prefix.as_deref(), span.suffix.as_deref())
        {
            return Some(found);
        }
        let (start, end) = (span.start, span.end);
        let reason = match (at, &span.text) {
            (None, _) => format!(
                "offsets {start}..{end} ({unit}) do not fit the text ({} {unit} long) or split a character",
                unit_len(doc, unit)
            ),
            (Some(found), Some(expected)) => {
                let has = found.slice(text).unwrap_or_default();
                let mut reason = format!(
                    "offsets {start}..{end} ({unit}) cover {} but the file says {}",
                    short(has),
                    short(expected)
                );
                if let Some(hint) = unit_hint(doc, span, unit) {
                    reason.push_str(&format!(
                        " (the offsets fit as {hint}: try --offsets {hint})"
                    ));
                }
                reason
            }
            (Some(_), None) => unreachable!("a span without text always fits"),
        };
        Self::not_imported(&mut self.report.skipped, place, reason);
        None
    }

    /// The id of the label named `name`, adding it to the schema when new.
    fn label_for(&mut self, name: &str) -> LabelId {
        let name = name.trim();
        if let Some(label) = self
            .labels
            .by_name(name)
            .or_else(|| self.labels.labels.iter().find(|l| l.id.0 == name))
        {
            return label.id.clone();
        }
        let id = self.labels.fresh_id(name);
        let label = Label {
            id: id.clone(),
            name: name.to_owned(),
            color: Rgb(PALETTE[self.report.labels_added.len() % PALETTE.len()]),
            key: self.labels.free_key(),
        };
        self.labels.labels.push(label.clone());
        self.label_edits.push(Edit::AddLabel {
            label,
            index: usize::MAX,
        });
        self.report.labels_added.push(name.to_owned());
        id
    }

    fn import_link(&mut self, link: &InLink) {
        let (Some(&from), Some(&to)) = (self.keys.get(&link.from), self.keys.get(&link.to)) else {
            Self::not_imported(
                &mut self.report.skipped,
                &link.place,
                format!(
                    "link {} -> {}: one of its spans was not imported",
                    link.from, link.to
                ),
            );
            return;
        };
        let Some(kind) = parse_link_kind(&link.kind) else {
            Self::not_imported(
                &mut self.report.skipped,
                &link.place,
                format!(
                    "unknown link kind {:?} (same-claim, supports or contradicts)",
                    link.kind
                ),
            );
            return;
        };
        if from == to {
            Self::not_imported(
                &mut self.report.skipped,
                &link.place,
                "a link from a span to itself",
            );
            return;
        }
        let exists = self
            .project
            .links
            .values()
            .any(|l| l.from == from && l.to == to && l.kind == kind);
        if exists {
            self.report.duplicates += 1;
            return;
        }
        let id = LinkId(self.next_link);
        self.next_link += 1;
        self.links.push(Edit::AddLink(Link {
            id,
            from,
            to,
            kind,
            note: link.note.clone(),
        }));
        self.report.links += 1;
    }
}

/// The byte offset of `offset` counted in `unit`; `None` when it is past the
/// end or not on a boundary of that unit.
pub fn to_byte(doc: &Document, offset: usize, unit: ImportUnit) -> Option<ByteOffset> {
    let text = &*doc.text;
    match unit {
        ImportUnit::Codepoint => doc.offsets().to_byte(text, offset, OffsetUnit::Codepoint),
        ImportUnit::Utf16 => doc.offsets().to_byte(text, offset, OffsetUnit::Utf16),
        ImportUnit::Byte => doc.offsets().to_byte(text, offset, OffsetUnit::Byte),
        ImportUnit::Grapheme => {
            use unicode_segmentation::UnicodeSegmentation;
            if offset == 0 {
                return Some(ByteOffset(0));
            }
            let mut count = 0;
            for (i, _) in text.grapheme_indices(true) {
                if count == offset {
                    return Some(ByteOffset(i));
                }
                count += 1;
            }
            (count == offset).then_some(ByteOffset(text.len()))
        }
    }
}

fn unit_len(doc: &Document, unit: ImportUnit) -> usize {
    match unit {
        ImportUnit::Codepoint => doc.offsets().char_len(),
        ImportUnit::Utf16 => doc.offsets().utf16_len(),
        ImportUnit::Byte => doc.byte_len(),
        ImportUnit::Grapheme => crate::model::text::grapheme_count(&doc.text),
    }
}

/// Another unit in which the span's offsets cover exactly its text.
fn unit_hint(doc: &Document, span: &InSpan, tried: ImportUnit) -> Option<ImportUnit> {
    let expected = span.text.as_deref()?;
    [
        ImportUnit::Codepoint,
        ImportUnit::Utf16,
        ImportUnit::Grapheme,
        ImportUnit::Byte,
    ]
    .into_iter()
    .filter(|u| *u != tried)
    .find(|&u| {
        let range = to_byte(doc, span.start, u).zip(to_byte(doc, span.end, u));
        range.is_some_and(|(s, e)| s <= e && doc.text.get(s.0..e.0) == Some(expected))
    })
}

/// Finds `exact` in `text`: where prefix and suffix match too, else the only occurrence.
fn anchor_quote(
    text: &str,
    exact: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Option<Span> {
    if exact.is_empty() {
        return None;
    }
    let hits: Vec<usize> = text.match_indices(exact).map(|(i, _)| i).collect();
    let with_context: Vec<usize> = hits
        .iter()
        .copied()
        .filter(|&i| {
            prefix.is_none_or(|p| text[..i].ends_with(p))
                && suffix.is_none_or(|s| text[i + exact.len()..].starts_with(s))
        })
        .collect();
    let pick = match (with_context.as_slice(), hits.as_slice()) {
        ([one], _) | ([], [one]) => *one,
        _ => return None,
    };
    Some(Span {
        start: ByteOffset(pick),
        end: ByteOffset(pick + exact.len()),
    })
}

/// A quote shortened for messages.
fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    format!("{s:?}")
}

/// Reads JSON Lines: each non-blank line parsed as `T`, errors naming `file:line:column`.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &Path,
) -> Result<Vec<(usize, T)>, ImportError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|err| ImportError::json(file, &err, n))?;
        out.push((n + 1, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;

    fn doc(text: &str) -> Document {
        Document::new(
            DocumentId::from("d.txt"),
            String::new(),
            text,
            SourceFormat::Text,
            "UTF-8",
        )
    }

    #[test]
    fn units_convert_to_bytes() {
        let d = doc("a👩‍👩‍👧e\u{301}z");
        let z = d.text.find('z').unwrap();
        assert_eq!(to_byte(&d, 8, ImportUnit::Codepoint), Some(ByteOffset(z)));
        assert_eq!(to_byte(&d, 11, ImportUnit::Utf16), Some(ByteOffset(z)));
        assert_eq!(to_byte(&d, 3, ImportUnit::Grapheme), Some(ByteOffset(z)));
        assert_eq!(
            to_byte(&d, 4, ImportUnit::Grapheme),
            Some(ByteOffset(d.text.len()))
        );
        assert_eq!(to_byte(&d, 5, ImportUnit::Grapheme), None);
        assert_eq!(
            to_byte(&d, 2, ImportUnit::Utf16),
            None,
            "inside a surrogate pair"
        );
    }

    #[test]
    fn quotes_anchor_by_context() {
        let text = "the deal. the deal! the deal.";
        let s = anchor_quote(text, "the deal", Some(". "), Some("!")).unwrap();
        assert_eq!(s.start.0, 10);
        assert_eq!(
            anchor_quote(text, "the deal", None, None),
            None,
            "ambiguous"
        );
        assert_eq!(
            anchor_quote(text, "deal!", None, None).map(|s| s.start.0),
            Some(14)
        );
    }

    #[test]
    fn empty_and_non_utf8_bytes_are_errors_naming_the_file() {
        let workspace = Workspace {
            path: None,
            project: Project::new("p", "/nowhere"),
            corpus: crate::io::corpus::Corpus {
                root: "/nowhere".into(),
                ..Default::default()
            },
            view: Default::default(),
        };
        let file = Path::new("in.json");
        let error = |bytes: &[u8], format| {
            plan_bytes(&workspace, format, bytes, file, &ImportSettings::default())
                .unwrap_err()
                .to_string()
        };
        for format in ImportFormat::ALL {
            assert_eq!(
                error(b"\xef\xbb\xbf \n", format),
                format!("in.json: the file is empty (no {format} records)")
            );
            assert_eq!(
                error(b"[1, \xff]", format),
                "in.json: not UTF-8 text (invalid byte at offset 4)"
            );
        }
    }

    #[test]
    fn link_kinds_parse_loosely() {
        assert_eq!(parse_link_kind("same-claim"), Some(LinkKind::SameClaim));
        assert_eq!(parse_link_kind("SameClaim"), Some(LinkKind::SameClaim));
        assert_eq!(parse_link_kind("supports"), Some(LinkKind::Supports));
        assert_eq!(parse_link_kind("refutes"), None);
    }
}
