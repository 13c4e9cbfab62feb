//! Suggestions: spans that rules (disclaimers, boilerplate, claim candidates)
//! or the other version of an article (counterparts) propose. They are only
//! ever added as *suggested* annotations, for the analyst to accept or reject.

mod counterpart;
mod phrases;
mod rules;
mod units;
mod versions;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::intern::Recent;

use rayon::prelude::*;

use crate::analysis::{align, segment};
use crate::model::{
    Annotation, AnnotationId, AnnotationStatus, Document, DocumentId, Edit, LabelId, Link,
    LinkKind, Project, Span, TextRef,
};

pub use rules::Kind;

/// One proposed annotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub document: DocumentId,
    pub span: Span,
    pub label: LabelId,
    /// Confidence in 0..=1.
    pub score: f32,
    /// What proposed it: "rule:disclaimer", "rule:boilerplate", "rule:claim" or "counterpart".
    pub source: String,
    /// For counterparts: the annotation this one mirrors.
    pub counterpart_of: Option<AnnotationId>,
}

/// The source of counterpart suggestions.
pub const COUNTERPART_SOURCE: &str = "counterpart";

/// Two documents whose `align::document_similarity` reaches this are versions of one article.
pub const VERSION_THRESHOLD: f32 = 0.5;

/// Every suggestion for the project's documents whose text is in
/// `documents` (a workspace's `corpus.documents`), sorted (document,
/// span.start, label); rejected and duplicate ones left out.
pub fn suggest(project: &Project, documents: &BTreeMap<DocumentId, Document>) -> Vec<Suggestion> {
    // Held unpacked while the suggestions are made (the window packs texts).
    let held: Vec<(&DocumentId, TextRef<'_>)> = project
        .documents
        .keys()
        .filter_map(|id| documents.get(id).map(|d| (id, d.text())))
        .collect();
    let texts: BTreeMap<&DocumentId, &str> = held.iter().map(|(id, t)| (*id, &**t)).collect();
    let versions = versions::version_pairs(&texts);
    let version_set: HashSet<(&DocumentId, &DocumentId)> = versions
        .iter()
        .flat_map(|(a, b)| [(a, b), (b, a)])
        .collect();
    let is_version = |a: &DocumentId, b: &DocumentId| version_set.contains(&(a, b));
    let repeated = repeated_lines(&texts, &is_version);

    let mut candidates: Vec<Suggestion> = Vec::new();
    // Counterparts first: of two equal proposals, the one with a link wins.
    let by_document = annotations_by_document(project);
    candidates.par_extend(
        versions
            .par_iter()
            .flat_map_iter(|(a, b)| counterparts(&by_document, a, texts[a], b, texts[b])),
    );
    let documents: Vec<(&&DocumentId, &&str)> = texts.iter().collect();
    candidates.par_extend(documents.par_iter().flat_map_iter(|&(id, text)| {
        let flags = repeated.get(*id);
        let is_repeated = |p: usize| flags.is_some_and(|f| f.contains(&p));
        rules::find(text, &is_repeated)
            .into_iter()
            .filter_map(|found| {
                let label = project.labels.by_name(found.kind.label_name())?;
                Some(Suggestion {
                    document: (*id).clone(),
                    span: found.span,
                    label: label.id.clone(),
                    score: found.score,
                    source: found.kind.source().to_owned(),
                    counterpart_of: None,
                })
            })
            .collect::<Vec<_>>()
    }));

    let claim = project.labels.by_name("Claim").map(|l| l.id.clone());
    let not_claims: Vec<LabelId> = ["Disclaimer", "Boilerplate"]
        .iter()
        .filter_map(|n| project.labels.by_name(n).map(|l| l.id.clone()))
        .collect();
    let mut stored = Taken::default();
    for a in project.annotations.values() {
        stored.insert(&a.document, &a.label, a.span);
    }
    let mut taken = Taken::default();
    let mut kept: Vec<Suggestion> = Vec::new();
    for s in candidates {
        // Covered: an annotation or a kept suggestion with its label overlaps
        // most of it; or it is a claim mostly inside a disclaimer or boilerplate.
        let covered = stored.covers_most(&s.document, &s.label, s.span)
            || taken.covers_most(&s.document, &s.label, s.span)
            || (claim.as_ref() == Some(&s.label)
                && not_claims
                    .iter()
                    .any(|l| stored.covers_most(&s.document, l, s.span)));
        if covered || project.is_rejected(&s.document, s.span, &s.label) {
            continue;
        }
        taken.insert(&s.document, &s.label, s.span);
        kept.push(s);
    }
    kept.sort_by(|a, b| {
        (&a.document, a.span.start, &a.label, a.span.end).cmp(&(
            &b.document,
            b.span.start,
            &b.label,
            b.span.end,
        ))
    });
    kept
}

/// Spans by document and label, to find the ones overlapping a span without
/// scanning every annotation of the project for every candidate.
#[derive(Default)]
struct Taken {
    groups: HashMap<(DocumentId, LabelId), TakenGroup>,
}

#[derive(Default)]
struct TakenGroup {
    /// (start, end) byte offsets.
    spans: BTreeSet<(usize, usize)>,
    longest: usize,
}

impl Taken {
    fn insert(&mut self, document: &DocumentId, label: &LabelId, span: Span) {
        let group = self
            .groups
            .entry((document.clone(), label.clone()))
            .or_default();
        group.spans.insert((span.start.0, span.end.0));
        group.longest = group.longest.max(span.len());
    }

    /// True when a span of `label` in `document` overlaps more than half of `span`.
    fn covers_most(&self, document: &DocumentId, label: &LabelId, span: Span) -> bool {
        let Some(group) = self.groups.get(&(document.clone(), label.clone())) else {
            return false;
        };
        // Only spans starting at most `longest` before `span` can reach it.
        let from = span.start.0.saturating_sub(group.longest);
        group
            .spans
            .range((from, 0)..(span.end.0, 0))
            .any(|&(start, end)| {
                let overlap = end.min(span.end.0).saturating_sub(start.max(span.start.0));
                overlap * 2 > span.len()
            })
    }
}

/// For each document, the paragraphs (non-blank lines, from 0) whose text
/// also appears in a document that is not a version of it.
fn repeated_lines(
    texts: &BTreeMap<&DocumentId, &str>,
    is_version: &(dyn Fn(&DocumentId, &DocumentId) -> bool + Sync),
) -> BTreeMap<DocumentId, BTreeSet<usize>> {
    let docs: Vec<(&DocumentId, &str)> = texts.iter().map(|(id, text)| (*id, *text)).collect();
    // Each paragraph's line hash (`None`: no words, never repeated).
    let keys: Vec<Vec<Option<u64>>> = docs
        .par_iter()
        .map(|(_, text)| {
            segment::paragraphs(text)
                .iter()
                .map(|p| rules::line_hash(&text[p.range()]))
                .collect()
        })
        .collect();
    // Line -> the documents it is in (indices into `docs`, each once).
    let mut where_: HashMap<u64, Vec<u32>> = HashMap::default();
    for (d, list) in keys.iter().enumerate() {
        for &k in list.iter().flatten() {
            let found_in = where_.entry(k).or_default();
            if found_in.last() != Some(&(d as u32)) {
                found_in.push(d as u32);
            }
        }
    }
    keys.par_iter()
        .enumerate()
        .filter_map(|(d, list)| {
            let id = docs[d].0;
            let flags: BTreeSet<usize> = list
                .iter()
                .enumerate()
                .filter(|(_, k)| {
                    k.and_then(|k| where_.get(&k)).is_some_and(|found_in| {
                        found_in.iter().any(|&e| {
                            let other = docs[e as usize].0;
                            e as usize != d && !is_version(id, other)
                        })
                    })
                })
                .map(|(i, _)| i)
                .collect();
            (!flags.is_empty()).then(|| (id.clone(), flags))
        })
        .collect()
}

/// Each document's annotations, sorted by position (then id), as
/// `Project::annotations_of` gives them, in one pass over the project.
fn annotations_by_document(project: &Project) -> HashMap<&DocumentId, Vec<&Annotation>> {
    let mut out: HashMap<&DocumentId, Vec<&Annotation>> = HashMap::default();
    for a in project.annotations.values() {
        out.entry(&a.document).or_default().push(a);
    }
    for list in out.values_mut() {
        list.sort_by_key(|a| (a.span.start, a.span.end, a.id));
    }
    out
}

/// Counterparts between two versions, both ways, of every accepted
/// annotation (`by_document`: [`annotations_by_document`]).
fn counterparts(
    by_document: &HashMap<&DocumentId, Vec<&Annotation>>,
    a: &DocumentId,
    a_text: &str,
    b: &DocumentId,
    b_text: &str,
) -> Vec<Suggestion> {
    let (a_paras, b_paras, alignment) = align::align_paragraphs(a_text, b_text);
    let flipped = align::Alignment {
        pairs: alignment
            .pairs
            .iter()
            .map(|p| align::AlignedPair {
                a: p.b.clone(),
                b: p.a.clone(),
                score: p.score,
            })
            .collect(),
        only_a: alignment.only_b.clone(),
        only_b: alignment.only_a.clone(),
    };
    let mut out = Vec::new();
    let sides = [
        (a, a_text, &a_paras, b, b_text, &b_paras, &alignment),
        (b, b_text, &b_paras, a, a_text, &a_paras, &flipped),
    ];
    for (from, from_text, from_paras, to, to_text, to_paras, alignment) in sides {
        let sources = by_document
            .get(from)
            .into_iter()
            .flatten()
            .filter(|x| !x.status.is_suggested());
        for source in sources {
            if source.span.check(from_text).is_err() {
                continue;
            }
            let Some((span, similarity)) = counterpart::counterpart(
                from_text,
                from_paras,
                to_text,
                to_paras,
                alignment,
                source.span,
            ) else {
                continue;
            };
            out.push(Suggestion {
                document: to.clone(),
                span,
                label: source.label.clone(),
                score: (similarity * 100.0).round() / 100.0,
                source: COUNTERPART_SOURCE.to_owned(),
                counterpart_of: Some(source.id),
            });
        }
    }
    out
}

/// The one edit that adds `suggestions` as suggested annotations (ids from
/// `project.next_annotation_id()` upward) and their counterpart links; a
/// suggestion whose document is not in `documents` or whose span does not
/// fit its text is left out. `None` when there is nothing to add.
pub fn suggestions_edit(
    project: &Project,
    documents: &BTreeMap<DocumentId, Document>,
    suggestions: &[Suggestion],
    annotator: &str,
    now: jiff::Timestamp,
) -> Option<Edit> {
    let mut next = project.next_annotation_id().0;
    let mut next_link = project.next_link_id().0;
    let mut annotations = Vec::new();
    let mut links = Vec::new();
    // The few sources, each shared by its suggestions.
    let sources = Recent::new();
    let annotator: Arc<str> = annotator.into();
    for s in suggestions {
        let Some(doc) = documents.get(&s.document) else {
            continue;
        };
        if s.span.check(&doc.text()).is_err() {
            continue;
        }
        let id = AnnotationId(next);
        next += 1;
        annotations.push(Edit::AddAnnotation(Box::new(Annotation {
            status: AnnotationStatus::Suggested {
                source: sources.share(&s.source),
                score: s.score,
            },
            ..Annotation::new(
                id,
                s.document.clone(),
                &doc.text(),
                s.span,
                s.label.clone(),
                Arc::clone(&annotator),
                now,
            )
        })));
        if let Some(from) = s
            .counterpart_of
            .filter(|a| project.annotations.contains_key(a))
        {
            links.push(Edit::AddLink(Link {
                id: crate::model::LinkId(next_link),
                from,
                to: id,
                kind: LinkKind::SameClaim,
                note: String::new(),
            }));
            next_link += 1;
        }
    }
    if annotations.is_empty() {
        return None;
    }
    annotations.extend(links);
    Some(Edit::Batch(annotations))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span::from((start, end))
    }

    #[test]
    fn a_line_is_repeated_when_an_unrelated_document_has_it_in_any_case() {
        let ids: Vec<DocumentId> = ["a.txt", "b.txt", "c.txt", "d.txt"]
            .into_iter()
            .map(DocumentId::from)
            .collect();
        let texts: BTreeMap<&DocumentId, &str> = ids
            .iter()
            .zip([
                "Council plan\n\nSign up for our newsletter!\n---\nShared with c",
                "Other story\nSIGN UP for our  newsletter\n---",
                "Council plan, revised\nShared with c",
                "Café news\nNaïve café",
            ])
            .collect();
        let (a, c) = (&ids[0], &ids[2]);
        // a and c are versions of one article: their shared line is not boilerplate.
        let is_version = |x: &DocumentId, y: &DocumentId| (x, y) == (a, c) || (x, y) == (c, a);
        let repeated = repeated_lines(&texts, &is_version);
        // Paragraphs count non-blank lines: a's newsletter line is its 2nd,
        // b's its 2nd; "---" (no words) is never a repeated line.
        assert_eq!(
            repeated,
            BTreeMap::from([
                (ids[0].clone(), BTreeSet::from([1])),
                (ids[1].clone(), BTreeSet::from([1])),
            ])
        );
        // Without the versions, the line a and c share is repeated too.
        let repeated = repeated_lines(&texts, &|_, _| false);
        assert_eq!(repeated[&ids[2]], BTreeSet::from([1]));
        assert_eq!(repeated[&ids[0]], BTreeSet::from([1, 3]));
    }

    #[test]
    fn taken_finds_a_long_span_that_started_far_before() {
        let (doc, other) = (DocumentId::from("a.txt"), DocumentId::from("b.txt"));
        let (claim, note) = (LabelId("claim".into()), LabelId("note".into()));
        let mut taken = Taken::default();
        taken.insert(&doc, &claim, span(0, 1000));
        taken.insert(&doc, &claim, span(2000, 2010));
        assert!(taken.covers_most(&doc, &claim, span(900, 950)));
        // Overlapping less than half is not covering.
        assert!(!taken.covers_most(&doc, &claim, span(990, 1030)));
        assert!(taken.covers_most(&doc, &claim, span(1995, 2008)));
        // Other label, other document, nothing near: not covered.
        assert!(!taken.covers_most(&doc, &note, span(900, 950)));
        assert!(!taken.covers_most(&other, &claim, span(900, 950)));
        assert!(!taken.covers_most(&doc, &claim, span(1200, 1300)));
    }

    #[test]
    fn the_suggestions_of_one_source_share_its_name_and_the_annotator() {
        let doc = DocumentId::from("a.txt");
        let documents = BTreeMap::from([(
            doc.clone(),
            Document::new(
                doc.clone(),
                String::new(),
                "one two three",
                Default::default(),
                "UTF-8",
            ),
        )]);
        let suggestion = |start, source: &str| Suggestion {
            document: doc.clone(),
            span: span(start, start + 3),
            label: LabelId("claim".into()),
            score: 0.5,
            source: source.to_owned(),
            counterpart_of: None,
        };
        let found = [
            suggestion(0, "rule:a"),
            suggestion(4, "rule:b"),
            suggestion(8, "rule:a"),
        ];
        let project = Project::new("p", ".");
        let edit = suggestions_edit(
            &project,
            &documents,
            &found,
            "ana",
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let Edit::Batch(edits) = edit else {
            panic!("one batch: {edit:?}")
        };
        let added: Vec<&Annotation> = (edits.iter())
            .filter_map(|e| match e {
                Edit::AddAnnotation(a) => Some(&**a),
                _ => None,
            })
            .collect();
        let source = |a: &Annotation| match &a.status {
            AnnotationStatus::Suggested { source, .. } => Arc::clone(source),
            AnnotationStatus::Accepted => panic!("a suggestion"),
        };
        assert_eq!(added.len(), 3);
        assert_eq!(&*source(added[1]), "rule:b");
        assert_eq!(&*source(added[2]), "rule:a");
        assert!(Arc::ptr_eq(&source(added[0]), &source(added[2])));
        assert!(Arc::ptr_eq(&added[0].annotator, &added[1].annotator));
        assert_eq!(&*added[0].annotator, "ana");
    }
}
