//! Re-anchoring: where an annotation's text went when its document changed.
//!
//! The project keeps no old texts, only each annotation's last span and its
//! quote (`exact`, with up to 32 chars of `prefix` and `suffix`). When a
//! document's text no longer has the stored hash, every annotation of it is
//! looked for in the new text, in this order:
//!
//! 1. **same place**: the span still covers the quote and some of its context
//!    agrees → [`Anchoring::Kept`];
//! 2. **exact quote elsewhere**: every occurrence of the quote is scored by how
//!    well the text around it agrees with the stored prefix/suffix; among the
//!    best, the one nearest the *expected* place wins (the old position
//!    shifted like the nearest landmarks: long quotes found exactly once, see
//!    [`reanchor_document`]) → [`Anchoring::Moved`] with [`Method::Exact`].
//!    Only a copy with strongly agreeing context (0.8) near the expected
//!    place is taken here; anything else goes on to step 3, which weighs it against
//!    near-matches;
//! 3. **fuzzy**: the quote is searched with a bounded edit distance in a
//!    normalised copy of the text (curly and straight quotes, dashes, runs of
//!    white space and letter case folded, so re-wrapped lines and `’ -> '`
//!    cost nothing). Candidates come from the pigeonhole principle: with at
//!    most `k` edits, one of `k + 1` pieces of the quote occurs unchanged; the
//!    windows around those occurrences are verified by a semi-global
//!    Levenshtein alignment. The search runs near the expected place first;
//!    the whole text only for long quotes. Each candidate is scored by quote
//!    similarity (0.6), context similarity (0.25) and nearness (0.15) →
//!    [`Method::Fuzzy`] (or `Exact` when the text there is the quote).
//!
//! Anything below the threshold, anything ambiguous (two candidates that are
//! equally good and equally near), a candidate whose numbers differ or where
//! a word was replaced by another (a changed claim), and a candidate away
//! from the expected place without well-agreeing context, becomes an orphan
//! ([`Anchoring::Orphaned`]): kept with its quote, never moved to a place
//! that might be wrong text. Short quotes need more context than long ones.
//!
//! The parts, one file each: this file holds the API ([`reanchor`],
//! [`reanchor_document`]) and its outcomes; `landmarks` estimates where an
//! annotation is expected now; `policy` is the [`Anchorer`] with the search
//! order, guards and orphan rules above; `normalize` folds texts for
//! comparison; `distance` holds the edit distances.
//!
//! Pure: no io, no user interface.

mod distance;
mod landmarks;
mod normalize;
mod policy;

use serde::Serialize;

use crate::model::{
    Annotation, AnnotationId, ByteOffset, ContentHash, DocumentId, Edit, Project, Quote, Span,
};

pub use policy::Anchorer;

/// How a moved annotation was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The quote occurs unchanged at the new place.
    Exact,
    /// The text at the new place differs a little from the quote (typo fixed,
    /// quotes straightened, line re-wrapped); the quote is recaptured.
    Fuzzy,
}

/// Where an annotation belongs in the new text.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Anchoring {
    /// Same span, same quote.
    Kept,
    /// A new span; `score` in 0..=1 (1 = same quote, same context, same place).
    Moved { span: Span, score: f32, how: Method },
    /// No place good enough, or two equally good: the annotation keeps its
    /// quote and last span and is flagged. `best_score` is that of the best
    /// candidate seen (0 when there was none).
    Orphaned { best_score: f32 },
}

impl Anchoring {
    /// "kept", "moved" or "orphaned".
    pub fn name(&self) -> &'static str {
        match self {
            Self::Kept => "kept",
            Self::Moved { .. } => "moved",
            Self::Orphaned { .. } => "orphaned",
        }
    }

    /// The span the annotation gets: `old` when kept, `None` when orphaned.
    pub fn span(&self, old: Span) -> Option<Span> {
        match self {
            Self::Kept => Some(old),
            Self::Moved { span, .. } => Some(*span),
            Self::Orphaned { .. } => None,
        }
    }
}

/// The outcome for one annotation of a re-anchored document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnchorReport {
    pub annotation: AnnotationId,
    /// The span before re-anchoring (byte offsets into the old text).
    pub old: Span,
    pub anchoring: Anchoring,
}

/// Re-anchors one annotation in `text_new`. See the module docs for the order.
pub fn reanchor(text_new: &str, annotation: &Annotation) -> Anchoring {
    Anchorer::new(text_new).anchor(annotation)
}

/// Re-anchors every annotation of `document` in `text_new`. Returns one report
/// per annotation (sorted by old position, then id) and the edit that stores
/// the result as one undoable step: `UpdateAnnotation` for each moved
/// annotation (new span, recaptured quote), each new orphan and each orphan
/// found again, then `SetDocHash` with the hash of `text_new`. The edit is an
/// empty batch when nothing changes.
pub fn reanchor_document(
    project: &Project,
    document: &DocumentId,
    text_new: &str,
) -> (Vec<AnchorReport>, Edit) {
    let anchorer = Anchorer::new(text_new);
    let annotations = project.annotations_of(document);
    let shifts = landmarks::landmarks(text_new, &annotations);
    let expected = |a: &Annotation| landmarks::expected_start(&shifts, a.span.start.0);
    let outcomes: Vec<Anchoring> = if annotations.len() > 64 {
        use rayon::prelude::*;
        // Build the shared indexes once, before the threads read them.
        anchorer.normalized();
        anchorer.grams();
        annotations
            .par_iter()
            .map(|a| anchorer.anchor_near(a, expected(a)))
            .collect()
    } else {
        annotations
            .iter()
            .map(|a| anchorer.anchor_near(a, expected(a)))
            .collect()
    };
    let mut edits = Vec::new();
    let mut reports = Vec::with_capacity(annotations.len());
    for (a, anchoring) in annotations.into_iter().zip(outcomes) {
        let updated = match anchoring {
            Anchoring::Kept => a.orphaned.then(|| Annotation {
                orphaned: false,
                ..a.clone()
            }),
            Anchoring::Moved { span, .. } => Some(Annotation {
                span,
                quote: Quote::capture(text_new, span),
                orphaned: false,
                ..a.clone()
            }),
            Anchoring::Orphaned { .. } => (!a.orphaned).then(|| Annotation {
                orphaned: true,
                ..a.clone()
            }),
        };
        if let Some(updated) = updated {
            edits.push(Edit::UpdateAnnotation(Box::new(updated)));
        }
        reports.push(AnchorReport {
            annotation: a.id,
            old: a.span,
            anchoring,
        });
    }
    let hash = ContentHash::of(text_new);
    if project
        .documents
        .get(document)
        .is_some_and(|r| r.hash != hash)
    {
        edits.push(Edit::SetDocHash {
            document: document.clone(),
            hash,
        });
    }
    (reports, Edit::Batch(edits))
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: ByteOffset(start),
        end: ByteOffset(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRecord, Document, LabelId, SourceFormat};
    use jiff::Timestamp;

    /// An annotation of `text` on the first occurrence of `quote` (after
    /// `from`), with its quote and context captured from `text`.
    pub(super) fn on(text: &str, quote: &str, from: usize) -> Annotation {
        let start = from + text[from..].find(quote).expect("quote in text");
        annotation(text, span(start, start + quote.len()))
    }

    /// An annotation of `text` at `span`, with its quote and context.
    fn annotation(text: &str, span: Span) -> Annotation {
        let (id, doc, label) = (AnnotationId(1), DocumentId::from("doc.txt"), "claim");
        let at = Timestamp::UNIX_EPOCH;
        Annotation::new(id, doc, text, span, LabelId::from(label), "t", at)
    }

    /// The text of `notation` and an annotation on its one `[span]`
    /// (`model::testing::marked`): `"Gamma [said yes]."`.
    pub(super) fn marked_on(notation: &str) -> (String, Annotation) {
        let (text, spans) = crate::model::testing::marked(notation);
        let [span] = spans[..] else {
            panic!("one [span] expected in {notation:?}");
        };
        let a = annotation(&text, span);
        (text, a)
    }

    pub(super) const OLD: &str = "The minister said on Monday that the budget would be balanced by 2027. \
        Critics called the plan unrealistic. Shares of the state bank fell 3% after the \
        announcement, while bond yields rose. The opposition demanded a vote in parliament.";

    #[test]
    fn document_edit_moves_orphans_sets_the_hash_and_undoes_in_one_step() {
        let mut project = Project::new("t", "c");
        let doc = Document::new(
            DocumentId::from("doc.txt"),
            "doc".to_owned(),
            OLD,
            SourceFormat::Text,
            "UTF-8",
        );
        project
            .documents
            .insert(doc.id.clone(), DocRecord::of(&doc));
        let mut kept = on(OLD, "The opposition demanded a vote", 0);
        kept.id = AnnotationId(1);
        let mut moved = on(OLD, "Shares of the state bank fell 3%", 0);
        moved.id = AnnotationId(2);
        let mut gone = on(OLD, "Critics called the plan unrealistic.", 0);
        gone.id = AnnotationId(3);
        for a in [kept, moved, gone] {
            project.annotations.insert(a.id, a);
        }
        let new = OLD
            .replace("Critics called the plan unrealistic. ", "")
            .replace("Shares of", "Notably, shares of");
        // "The opposition ..." moved too (text was deleted before it), so only
        // check the outcomes by id.
        let before = project.clone();
        let (reports, edit) = reanchor_document(&project, &DocumentId::from("doc.txt"), &new);
        let by_id = |id: u64| {
            reports
                .iter()
                .find(|r| r.annotation == AnnotationId(id))
                .unwrap()
                .anchoring
        };
        assert!(matches!(
            by_id(1),
            Anchoring::Moved {
                how: Method::Exact,
                ..
            }
        ));
        assert!(
            matches!(
                by_id(2),
                Anchoring::Moved {
                    how: Method::Fuzzy,
                    ..
                }
            ),
            "{:?}",
            by_id(2)
        );
        assert!(matches!(by_id(3), Anchoring::Orphaned { .. }));
        let inverse = crate::model::apply(&mut project, edit).unwrap();
        let moved = &project.annotations[&AnnotationId(2)];
        assert_eq!(moved.quote.exact(), "shares of the state bank fell 3%");
        let orphan = &project.annotations[&AnnotationId(3)];
        assert!(orphan.orphaned);
        assert_eq!(orphan.quote, before.annotations[&AnnotationId(3)].quote);
        assert_eq!(
            project.documents[&DocumentId::from("doc.txt")].hash,
            ContentHash::of(&new)
        );
        // Re-running on the stored result keeps everything (orphans stay orphans).
        let (again, edit) = reanchor_document(&project, &DocumentId::from("doc.txt"), &new);
        assert_eq!(edit, Edit::Batch(Vec::new()));
        assert!(again.iter().all(|r| r.anchoring.name() != "moved"));
        crate::model::apply(&mut project, inverse).unwrap();
        assert_eq!(project, before);
    }

    #[test]
    fn an_orphan_whose_text_comes_back_is_found_again() {
        let mut a = on(OLD, "Critics called the plan unrealistic.", 0);
        a.orphaned = true;
        let mut project = Project::new("t", "c");
        let doc = Document::new(
            a.document.clone(),
            "doc".into(),
            OLD,
            SourceFormat::Text,
            "UTF-8",
        );
        project
            .documents
            .insert(doc.id.clone(), DocRecord::of(&doc));
        project.annotations.insert(a.id, a.clone());
        let (reports, edit) = reanchor_document(&project, &a.document, OLD);
        assert_eq!(reports[0].anchoring, Anchoring::Kept);
        crate::model::apply(&mut project, edit).unwrap();
        assert!(!project.annotations[&a.id].orphaned);
    }

    #[test]
    fn a_megabyte_with_a_thousand_annotations_is_fast() {
        // Sentences made distinct by a counter; every 10th one edited.
        let sentence = |i: usize| {
            format!(
                "Report {i} says the agency spent {} million on item {}. ",
                i * 7 % 1000,
                i * 13
            )
        };
        let mut old = String::new();
        while old.len() < 1_000_000 {
            old.push_str(&sentence(old.len()));
        }
        let step = old.len() / 1000;
        let mut project = Project::new("t", "c");
        let doc = Document::new(
            DocumentId::from("doc.txt"),
            "doc".into(),
            old.as_str(),
            SourceFormat::Text,
            "UTF-8",
        );
        project
            .documents
            .insert(doc.id.clone(), DocRecord::of(&doc));
        for i in 0..1000u64 {
            let start = old[(i as usize * step)..].find("the agency").unwrap() + i as usize * step;
            let mut a = on(&old, &old[start..start + 40], start);
            a.id = AnnotationId(i + 1);
            project.annotations.insert(a.id, a);
        }
        let new = format!("A new first line.\n{}", old.replace("spent 7", "spnet 7"));
        let t = std::time::Instant::now();
        let (reports, _) = reanchor_document(&project, &doc.id, &new);
        let took = t.elapsed();
        let orphans = reports
            .iter()
            .filter(|r| r.anchoring.name() == "orphaned")
            .count();
        assert_eq!(orphans, 0);
        // Debug builds are slower; the bench measures release (BENCHMARKS.md).
        assert!(took.as_secs_f64() < 10.0, "{took:?}");
    }
}
