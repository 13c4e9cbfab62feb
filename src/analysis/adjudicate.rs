//! Settling disagreements between two annotators into a gold layer.
//!
//! Two annotators' accepted, placed annotations of each document are paired
//! up: identical ones (same span, label and sentiment) agree and are left
//! out; the rest are matched one to one by overlap (a maximum matching, the
//! same label preferred) and each pair or leftover is one [`Disagreement`]:
//! only A, only B, label differs, boundaries differ, or sentiment differs.
//! A disagreement is settled once the gold layer holds an annotation that
//! overlaps it, or every span of it was rejected.

use std::collections::BTreeMap;

use crate::analysis::agreement::max_matching;
use crate::model::{Annotation, AnnotationId, DocumentId, Project, Rejection};

/// How two annotators' takes on one place differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisagreementKind {
    OnlyA,
    OnlyB,
    Label,
    Boundaries,
    Sentiment,
}

impl DisagreementKind {
    /// How the window names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::OnlyA => "only A marked it",
            Self::OnlyB => "only B marked it",
            Self::Label => "the labels differ",
            Self::Boundaries => "the boundaries differ",
            Self::Sentiment => "the sentiments differ",
        }
    }
}

/// One place where A and B disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    pub document: DocumentId,
    pub kind: DisagreementKind,
    pub a: Option<AnnotationId>,
    pub b: Option<AnnotationId>,
}

/// Every disagreement between annotators `a` and `b` in the documents of
/// `project`, by document and position.
pub fn disagreements(project: &Project, a: &str, b: &str) -> Vec<Disagreement> {
    let mut by_doc: BTreeMap<&DocumentId, [Vec<&Annotation>; 2]> = BTreeMap::new();
    for ann in project.annotations.values() {
        if ann.status.is_suggested() || ann.orphaned {
            continue;
        }
        let side = match &*ann.annotator {
            x if x == a => 0,
            x if x == b => 1,
            _ => continue,
        };
        by_doc.entry(&ann.document).or_default()[side].push(ann);
    }
    let mut found = Vec::new();
    for (doc, [mut xs, mut ys]) in by_doc {
        xs.sort_by_key(|x| (x.span.start, x.span.end, x.id));
        ys.sort_by_key(|y| (y.span.start, y.span.end, y.id));
        drop_identical(&mut xs, &mut ys);
        found.extend(pair_up(doc, &xs, &ys));
    }
    found
}

/// Removes the annotations both made alike (span, label, sentiment), one for one.
fn drop_identical(xs: &mut Vec<&Annotation>, ys: &mut Vec<&Annotation>) {
    let same = |x: &Annotation, y: &Annotation| {
        x.span == y.span && x.label == y.label && x.sentiment == y.sentiment
    };
    let mut kept_y: Vec<bool> = vec![true; ys.len()];
    xs.retain(|x| {
        let twin = (0..ys.len()).find(|&j| kept_y[j] && same(x, ys[j]));
        if let Some(j) = twin {
            kept_y[j] = false;
        }
        twin.is_none()
    });
    let mut keep = kept_y.into_iter();
    ys.retain(|_| keep.next().unwrap_or(true));
}

/// Pairs what is left by overlap (the same label first) and says how each differs.
fn pair_up(doc: &DocumentId, xs: &[&Annotation], ys: &[&Annotation]) -> Vec<Disagreement> {
    let overlaps = |x: &Annotation, y: &Annotation| x.span.overlaps(&y.span);
    // Edges to the same label first, so that the matching tries them first.
    let edges: Vec<Vec<usize>> = xs
        .iter()
        .map(|x| {
            let mut js: Vec<usize> = (0..ys.len()).filter(|&j| overlaps(x, ys[j])).collect();
            js.sort_by_key(|&j| ys[j].label != x.label);
            js
        })
        .collect();
    let matched = max_matching(&edges, ys.len());
    let mut taken = vec![false; ys.len()];
    let mut found: Vec<(usize, Disagreement)> = Vec::new();
    for (i, partner) in matched.iter().enumerate() {
        let x = xs[i];
        let (kind, b) = match partner {
            Some(j) => {
                taken[*j] = true;
                let y = ys[*j];
                let kind = if x.label != y.label {
                    DisagreementKind::Label
                } else if x.span != y.span {
                    DisagreementKind::Boundaries
                } else {
                    DisagreementKind::Sentiment
                };
                (kind, Some(y.id))
            }
            None => (DisagreementKind::OnlyA, None),
        };
        let at = x.span.start.0;
        found.push((
            at,
            Disagreement {
                document: doc.clone(),
                kind,
                a: Some(x.id),
                b,
            },
        ));
    }
    for (j, y) in ys.iter().enumerate().filter(|(j, _)| !taken[*j]) {
        let d = Disagreement {
            document: doc.clone(),
            kind: DisagreementKind::OnlyB,
            a: None,
            b: Some(ys[j].id),
        };
        found.push((y.span.start.0, d));
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, d)| d).collect()
}

/// The spans a disagreement is about (A's, B's).
pub fn sides<'p>(project: &'p Project, d: &Disagreement) -> Vec<&'p Annotation> {
    [d.a, d.b]
        .into_iter()
        .flatten()
        .filter_map(|id| project.annotations.get(&id))
        .collect()
}

/// True once the gold layer `gold` has an annotation overlapping `d`, or
/// every span of `d` was rejected.
pub fn is_settled(project: &Project, d: &Disagreement, gold: &str) -> bool {
    let sides = sides(project, d);
    let in_gold = project.annotations_of(&d.document).into_iter().any(|g| {
        *g.annotator == *gold
            && !g.status.is_suggested()
            && sides.iter().any(|s| s.span.overlaps(&g.span))
    });
    in_gold
        || (!sides.is_empty()
            && sides.iter().all(|s| {
                project.rejected.contains(&Rejection {
                    document: s.document.clone(),
                    span: s.span,
                    label: s.label.clone(),
                })
            }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{annotation, base_project};

    /// An annotation by `who` of bytes `start..end` of the first test text,
    /// with label number `label` (0: Claim, 1: Disclaimer).
    fn by(p: &mut Project, who: &str, start: usize, end: usize, label: usize) -> AnnotationId {
        let id = p.next_annotation_id();
        let label = p.labels.labels[label].id.clone();
        let mut a = annotation(p, id.0, 0, start, end - start, &label);
        a.annotator = who.into();
        p.annotations.insert(id, a);
        id
    }

    #[test]
    fn every_kind_of_disagreement_and_agreements_left_out() {
        let mut p = base_project();
        let same_a = by(&mut p, "alice", 0, 5, 0);
        by(&mut p, "bob", 0, 5, 0);
        let label_a = by(&mut p, "alice", 9, 14, 0);
        let label_b = by(&mut p, "bob", 9, 14, 1);
        let bounds_a = by(&mut p, "alice", 41, 52, 0);
        let bounds_b = by(&mut p, "bob", 45, 52, 0);
        let only_a = by(&mut p, "alice", 53, 59, 0);
        let only_b = by(&mut p, "bob", 60, 64, 0);
        by(&mut p, "carol", 65, 68, 0);
        let found = disagreements(&p, "alice", "bob");
        let kinds: Vec<_> = found.iter().map(|d| (d.kind, d.a, d.b)).collect();
        assert_eq!(
            kinds,
            [
                (DisagreementKind::Label, Some(label_a), Some(label_b)),
                (DisagreementKind::Boundaries, Some(bounds_a), Some(bounds_b)),
                (DisagreementKind::OnlyA, Some(only_a), None),
                (DisagreementKind::OnlyB, None, Some(only_b)),
            ]
        );
        assert!(found.iter().all(|d| d.a != Some(same_a)));
        // Gold over A's span settles the label disagreement; rejecting B's
        // lone span settles that one.
        assert!(!is_settled(&p, &found[0], "gold"));
        let mut g = p.annotations[&label_a].clone();
        g.id = p.next_annotation_id();
        g.annotator = "gold".into();
        p.annotations.insert(g.id, g);
        assert!(is_settled(&p, &found[0], "gold"));
        let lone = p.annotations[&only_b].clone();
        p.rejected.insert(Rejection {
            document: lone.document,
            span: lone.span,
            label: lone.label,
        });
        assert!(is_settled(&p, &found[3], "gold"));
        assert!(!is_settled(&p, &found[2], "gold"));
    }
}
