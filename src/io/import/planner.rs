//! The planner: matches records to the project's documents, converts
//! their offsets to bytes, checks each span's text, and collects the edits
//! and the report of one import.
//!
//! This file is one concept, the planning of one import: matching
//! documents, placing spans (with unit hints and re-anchoring by quote),
//! adding labels and links. Offsets of every unit are converted by
//! [`OffsetIndex`](crate::model::OffsetIndex) in `model/text.rs`.

use std::sync::Arc;

// The planner looks up each span's key and place in these maps: a seeded
// fast hash (SipHash was a sixth of planning 50,000 spans), still not one a
// file's keys can be chosen to collide in.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::quotes::{QuoteSites, TextHashes};
use super::records::{InLink, InSpan, Record};
use super::{
    ImportAs, ImportFormat, ImportPlan, ImportReport, ImportSettings, ImportUnit, NotImported,
};
use crate::io::workspace::Workspace;
use crate::model::intern::Recent;
use crate::model::text::GraphemeOffset;
use crate::model::{
    Annotation, AnnotationId, AnnotationStatus, ByteOffset, DocFields, Document, DocumentId, Edit,
    Label, LabelId, Link, LinkId, LinkKind, OffsetUnit, Project, Span, name_problem,
    score_is_valid,
};

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

pub(super) struct Planner<'w> {
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
    /// Keys more than one span of the file has: links to them are refused.
    shared_keys: HashSet<String>,
    /// Keys of the spans looked at so far (a later span with one is refused).
    seen_keys: HashSet<String>,
    /// (from, to, kind) of the links planned so far.
    planned_links: HashSet<(AnnotationId, AnnotationId, LinkKind)>,
    /// (document, start, end, label, annotator) of existing and planned
    /// annotations: two annotators' identical spans are two annotations.
    present: HashMap<(DocumentId, usize, usize, LabelId, Arc<str>), AnnotationId>,
    by_text: HashMap<crate::model::ContentHash, &'w DocumentId>,
    /// Where each quote occurs in each document, found once per import: a
    /// file of many spans quoting the same words scans the text once.
    quote_sites: HashMap<(DocumentId, String), QuoteSites>,
    /// The rolling hashes of the texts whose quotes needed their context.
    text_hashes: HashMap<DocumentId, TextHashes>,
    /// The annotators and sources named last, each shared by the
    /// annotations that name it (an import names few, many times).
    names: Recent,
    now: jiff::Timestamp,
}

impl<'w> Planner<'w> {
    pub(super) fn new(
        workspace: &'w Workspace,
        format: ImportFormat,
        settings: &'w ImportSettings,
    ) -> Self {
        let project = &workspace.project;
        let present = (project.annotations.values())
            .map(|a| {
                let key = (
                    a.document.clone(),
                    a.span.start.0,
                    a.span.end.0,
                    a.label.clone(),
                    a.annotator.clone(),
                );
                (key, a.id)
            })
            .collect();
        let mut by_text = HashMap::with_capacity(workspace.corpus.documents.len());
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
            shared_keys: HashSet::new(),
            seen_keys: HashSet::new(),
            planned_links: HashSet::new(),
            names: Recent::new(),
            present,
            by_text,
            quote_sites: HashMap::new(),
            text_hashes: HashMap::new(),
            now: jiff::Timestamp::now(),
        }
    }

    pub(super) fn run(mut self, mut records: Vec<Record>) -> ImportPlan {
        self.report.records = records.len();
        self.shared_keys = shared_keys(&records);
        let spans = records.iter().map(|r| r.spans.len()).sum();
        self.keys.reserve(spans);
        self.seen_keys.reserve(spans);
        self.present.reserve(spans);
        // Links of unmatched records are still looked at (and reported).
        let all_links: Vec<InLink> = (records.iter_mut())
            .flat_map(|r| std::mem::take(&mut r.links))
            .collect();
        std::thread::scope(|scope| {
            // Each named document's offset index is built on another core,
            // ahead of the records planned here in order (that index is
            // most of placing a document's first span).
            let (workspace, records) = (self.workspace, &records);
            scope.spawn(move || warm_offsets(workspace, records));
            for record in records {
                let Some(doc) = self.match_document(record) else {
                    continue;
                };
                self.import_fields(doc, record);
                for span in &record.spans {
                    self.import_span(doc, record, span);
                }
            }
        });
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

    fn not_imported(
        list: &mut Vec<NotImported>,
        place: impl std::fmt::Display,
        reason: impl Into<String>,
    ) {
        list.push(NotImported {
            record: place.to_string(),
            reason: reason.into(),
        });
    }

    /// The project document this record is about.
    fn match_document(&mut self, record: &Record) -> Option<&'w Document> {
        let corpus = &self.workspace.corpus;
        let known = |id: &str| named_document(self.workspace, id);
        let named = record
            .id
            .as_deref()
            .and_then(known)
            .or_else(|| record.path.as_deref().and_then(|p| self.by_path(p)));
        let text_matches =
            |doc: &Document| record.text.as_deref().is_none_or(|t| t == &*doc.text());
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
        let place = SpanPlace(&record.place, &span.place);
        if let Some(why) = self.span_problem(span) {
            Self::not_imported(&mut self.report.skipped, place, why);
            return;
        }
        let Some(range) = self.locate(doc, span, unit, place) else {
            return;
        };
        if range.start == range.end {
            let why = format!(
                "an empty span (offsets {}..{}): a span must cover at least one character",
                span.start, span.end
            );
            Self::not_imported(&mut self.report.skipped, place, why);
            return;
        }
        let label = match self.label_for(&span.label) {
            Ok(label) => label,
            Err(why) => {
                Self::not_imported(&mut self.report.skipped, place, why);
                return;
            }
        };
        let annotator = span
            .annotator
            .clone()
            .filter(|a| !a.is_empty())
            .or_else(|| self.settings.annotator.clone())
            .unwrap_or_else(|| self.format.name().to_owned());
        let annotator = self.names.share(&annotator);
        let key = (
            doc.id.clone(),
            range.start.0,
            range.end.0,
            label.clone(),
            annotator.clone(),
        );
        if let Some(&existing) = self.present.get(&key) {
            self.report.duplicates += 1;
            self.keys.insert(span.key.clone(), existing);
            return;
        }
        let id = AnnotationId(self.next_annotation);
        self.next_annotation = self.next_annotation.saturating_add(1);
        let import_source = || format!("import:{}", self.format.name());
        let status = match (self.settings.mode, span.suggested) {
            (ImportAs::Annotations, None) => AnnotationStatus::Accepted,
            (ImportAs::Annotations, Some(score)) => AnnotationStatus::Suggested {
                source: self
                    .names
                    .share(&span.source.clone().unwrap_or_else(import_source)),
                score,
            },
            (ImportAs::Suggestions, score) => AnnotationStatus::Suggested {
                source: self.names.share(&import_source()),
                score: score.unwrap_or(1.0),
            },
        };
        if status.is_suggested() {
            self.report.suggestions += 1;
        }
        let created = span.created.unwrap_or(self.now);
        let annotation = Annotation {
            sentiment: span.sentiment,
            target: span.target.clone().filter(|t| !t.is_empty()),
            note: span.note.clone(),
            modified: span.modified.or(span.created).unwrap_or(self.now),
            status,
            ..Annotation::new(
                id,
                doc.id.clone(),
                &doc.text(),
                range,
                label,
                annotator,
                created,
            )
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
        place: SpanPlace<'_>,
    ) -> Option<Span> {
        let text = &*doc.text();
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
            && !exact.is_empty()
        {
            let sites = self
                .quote_sites
                .entry((doc.id.clone(), exact.clone()))
                .or_insert_with(|| QuoteSites::find(text, exact));
            let context = (span.prefix.as_deref(), span.suffix.as_deref());
            let hashes = sites.needs_hashes(context).then(|| {
                &*self
                    .text_hashes
                    .entry(doc.id.clone())
                    .or_insert_with(|| TextHashes::new(text))
            });
            if let Some(found) = sites.anchor(text, hashes, context) {
                return Some(found);
            }
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

    /// Why the file's span cannot be imported whatever its offsets: the
    /// reader says so, its key is one an earlier span of the file has, or
    /// its score is not a number in 0..=1.
    fn span_problem(&mut self, span: &InSpan) -> Option<String> {
        if let Some(why) = &span.invalid {
            return Some(why.clone());
        }
        if !self.seen_keys.insert(span.key.clone()) {
            return Some(format!(
                "its id ({}) is an earlier span's id too; ids must be unique in the file",
                span.key
            ));
        }
        let score = span.suggested.filter(|&s| !score_is_valid(s))?;
        Some(format!("score {score} is not a number between 0 and 1"))
    }

    /// The id of the label named `name`, adding it to the schema when new;
    /// an error for a name no label can have.
    fn label_for(&mut self, name: &str) -> Result<LabelId, String> {
        let name = name.trim();
        if let Some(label) = self
            .labels
            .by_name(name)
            .or_else(|| self.labels.labels.iter().find(|l| *l.id.0 == *name))
        {
            return Ok(label.id.clone());
        }
        if let Some(reason) = name_problem(name) {
            return Err(format!("label {name:?}: {reason}"));
        }
        let id = self.labels.fresh_id(name);
        let label = Label {
            id: id.clone(),
            name: name.to_owned(),
            color: self.labels.next_color(),
            key: self.labels.free_key(),
        };
        self.labels.labels.push(label.clone());
        self.label_edits.push(Edit::AddLabel {
            label,
            index: usize::MAX,
        });
        self.report.labels_added.push(name.to_owned());
        Ok(id)
    }

    fn import_link(&mut self, link: &InLink) {
        if let Some(why) = &link.invalid {
            Self::not_imported(&mut self.report.skipped, &link.place, why.clone());
            return;
        }
        if let Some(shared) = [&link.from, &link.to]
            .into_iter()
            .find(|k| self.shared_keys.contains(*k))
        {
            let why = format!(
                "{shared} is the id of more than one span of the file: the link's end is ambiguous"
            );
            Self::not_imported(&mut self.report.skipped, &link.place, why);
            return;
        }
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
        if exists || !self.planned_links.insert((from, to, kind)) {
            self.report.duplicates += 1;
            return;
        }
        let id = LinkId(self.next_link);
        self.next_link = self.next_link.saturating_add(1);
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

/// Where a span is in the file ("task 3, result 2"), made into text only
/// for a span not imported.
#[derive(Clone, Copy)]
struct SpanPlace<'a>(&'a str, &'a str);

impl std::fmt::Display for SpanPlace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}", self.0, self.1)
    }
}

/// Builds the offset index of each project document a record with spans
/// names by its id, in the records' order.
fn warm_offsets(workspace: &Workspace, records: &[Record]) {
    for record in records.iter().filter(|r| !r.spans.is_empty()) {
        if let Some(doc) = (record.id.as_deref()).and_then(|id| named_document(workspace, id)) {
            doc.offsets();
        }
    }
}

/// The project's document with this id, as the corpus read it.
fn named_document<'w>(workspace: &'w Workspace, id: &str) -> Option<&'w Document> {
    let id = DocumentId(id.into());
    (workspace.project.documents.contains_key(&id))
        .then(|| workspace.corpus.get(&id))
        .flatten()
}

/// The span keys that more than one span of `records` has.
fn shared_keys(records: &[Record]) -> HashSet<String> {
    let mut seen = HashSet::new();
    records
        .iter()
        .flat_map(|r| &r.spans)
        .filter(|s| !seen.insert(s.key.as_str()))
        .map(|s| s.key.clone())
        .collect()
}

/// The byte offset of `offset` counted in `unit`; `None` when it is past the
/// end or not on a boundary of that unit.
pub fn to_byte(doc: &Document, offset: usize, unit: ImportUnit) -> Option<ByteOffset> {
    let text = &*doc.text();
    match unit {
        ImportUnit::Codepoint => doc.offsets().to_byte(text, offset, OffsetUnit::Codepoint),
        ImportUnit::Utf16 => doc.offsets().to_byte(text, offset, OffsetUnit::Utf16),
        ImportUnit::Byte => doc.offsets().to_byte(text, offset, OffsetUnit::Byte),
        ImportUnit::Grapheme => doc.offsets().grapheme_to_byte(text, GraphemeOffset(offset)),
    }
}

fn unit_len(doc: &Document, unit: ImportUnit) -> usize {
    match unit {
        ImportUnit::Codepoint => doc.offsets().char_len(),
        ImportUnit::Utf16 => doc.offsets().utf16_len(),
        ImportUnit::Byte => doc.byte_len(),
        ImportUnit::Grapheme => crate::model::text::grapheme_count(&doc.text()),
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
        range.is_some_and(|(s, e)| s <= e && doc.text().get(s.0..e.0) == Some(expected))
    })
}

/// A quote shortened for messages.
fn short(text: &str) -> String {
    format!("{:?}", crate::model::short_quote(text, 41))
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
        let z = d.text().find('z').unwrap();
        assert_eq!(to_byte(&d, 8, ImportUnit::Codepoint), Some(ByteOffset(z)));
        assert_eq!(to_byte(&d, 11, ImportUnit::Utf16), Some(ByteOffset(z)));
        assert_eq!(to_byte(&d, 3, ImportUnit::Grapheme), Some(ByteOffset(z)));
        assert_eq!(
            to_byte(&d, 4, ImportUnit::Grapheme),
            Some(ByteOffset(d.byte_len()))
        );
        assert_eq!(to_byte(&d, 5, ImportUnit::Grapheme), None);
        assert_eq!(
            to_byte(&d, 2, ImportUnit::Utf16),
            None,
            "inside a surrogate pair"
        );
    }

    #[test]
    fn link_kinds_parse_loosely() {
        assert_eq!(parse_link_kind("same-claim"), Some(LinkKind::SameClaim));
        assert_eq!(parse_link_kind("SameClaim"), Some(LinkKind::SameClaim));
        assert_eq!(parse_link_kind("supports"), Some(LinkKind::Supports));
        assert_eq!(parse_link_kind("refutes"), None);
    }
}
